//! The policy document of [teamgate](https://docs.rs/teamgate): the types of
//! the format (version 1), the path-aware JSON reader that is their only way
//! in (`Policy::from_json`, and serde's `Deserialize` through it), and the
//! problems a document can have, each with a code, a path and a hint.
//!
//! Most users add `teamgate`, which re-exports all of this and turns a
//! document into a gate; `teamgate-core` holds the decisions.

mod bounds;
#[cfg(not(target_arch = "wasm32"))]
mod direct;
mod error;
mod json;
mod load;
mod model;
mod read;

pub use bounds::{MAX_ACTIONS, MAX_ID_LEN, MAX_NUMBERS, MAX_ROLES, MAX_SCOPES, MAX_TABLE_CELLS};
pub use error::{
    closest, did_you_mean, did_you_mean_hint, show, ErrorCode, PolicyError, Problem, MAX_PROBLEMS,
};
pub use json::{Json, MAX_DEPTH};
pub use load::{MAX_DOCUMENT_BYTES, MAX_JSON_NODES};
pub use model::{
    is_id, plan_allows, scopes_and_all, ActionDef, Limit, Management, Map, MemberDef, NumberDef,
    PlanDef, Policy, RoleDef, Unlimited, ALL_SCOPES, FORMAT_VERSION,
};
pub use read::{Obj, Reader};

/// The JSON Schema of the policy document format, generated from the Rust types.
#[cfg(not(target_arch = "wasm32"))]
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(Policy);
    serde_json::to_string_pretty(&schema).unwrap_or_default()
}
