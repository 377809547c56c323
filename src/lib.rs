#![doc = include_str!("../README.md")]
#![cfg_attr(
    test,
    allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)
)]

#[cfg(feature = "full")]
mod compile;
mod decision;
#[cfg(feature = "full")]
mod dehydrate;
#[cfg(feature = "full")]
mod edit;
mod error;
mod explain;
mod gate;
mod ids;
#[cfg(feature = "full")]
mod json;
mod limits;
#[cfg(feature = "full")]
mod load;
mod manage;
mod model;
#[cfg(feature = "full")]
pub mod presets;
#[cfg(feature = "full")]
mod read;
mod screens;
mod snapshot;
mod tables;

#[cfg(target_arch = "wasm32")]
mod wasm;

pub use decision::{
    ActionCapability, Capabilities, DecisionRecord, Explanation, LimitCheck, Reason, ReasonParams,
    TeamWarning,
};
#[cfg(feature = "full")]
pub use dehydrate::{Decisions, Row, Rows, Viewer, DECISIONS_FORMAT};
#[cfg(feature = "full")]
pub use edit::{EditError, CUSTOM_ROLES_LIMIT};
pub use error::{ErrorCode, PolicyError, Problem, MAX_PROBLEMS};
pub use gate::{ActionId, Context, Gate, RoleId, ScopeSet};
#[cfg(feature = "full")]
pub use json::{Json, MAX_DEPTH};
#[cfg(feature = "full")]
pub use load::{MAX_DOCUMENT_BYTES, MAX_JSON_NODES};
pub use model::{
    ActionDef, Limit, Management, Map, MemberDef, NumberDef, PlanDef, Policy, RoleDef, Unlimited,
    FORMAT_VERSION,
};
pub use snapshot::SNAPSHOT_FORMAT;
pub use tables::{
    ALL_SCOPES, MAX_ACTIONS, MAX_ID_LEN, MAX_NUMBERS, MAX_ROLES, MAX_SCOPES, MAX_TABLE_CELLS,
};

/// The JSON Schema of the policy document format, generated from the Rust types.
#[cfg(all(feature = "full", not(target_arch = "wasm32")))]
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(Policy);
    serde_json::to_string_pretty(&schema).unwrap_or_default()
}
