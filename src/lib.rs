#![doc = include_str!("../docs/rust.md")]

mod edit;
mod gate;
pub mod invariants;
pub mod presets;
pub mod testing;
mod validate;

pub use edit::EditError;
pub use gate::Gate;
pub use teamgate_core::{messages, template};
pub use teamgate_core::{
    AccessChange, ActionCapability, ActionId, Capabilities, ChangeCode, ChangeParams, ChatFilter,
    Context, DecisionRecord, Decisions, Effect, Explanation, InvalidColumn, LimitCheck, Matcher,
    Placeholder, PlanCheck, Presence, Reason, ReasonParams, RoleId, Row, Rows, ScopeSet, SqlFilter,
    TeamWarning, Viewer, CHAT_SCOPES, CUSTOM_ROLES_LIMIT, DECISIONS_FORMAT, SNAPSHOT_FORMAT,
};
pub use teamgate_format::{
    ActionDef, ErrorCode, Json, Limit, Management, Map, MemberDef, NumberDef, PlanDef, Policy,
    PolicyError, Problem, RoleDef, Unlimited, ALL_SCOPES, FORMAT_VERSION, MAX_ACTIONS, MAX_DEPTH,
    MAX_DOCUMENT_BYTES, MAX_ID_LEN, MAX_JSON_NODES, MAX_NUMBERS, MAX_PROBLEMS, MAX_ROLES,
    MAX_SCOPES, MAX_TABLE_CELLS,
};

/// The JSON Schema of the policy document format, generated from the Rust types.
#[cfg(not(target_arch = "wasm32"))]
pub use teamgate_format::json_schema;

/// The README's and the docs' Rust examples, compiled and run as doctests
/// (`docs/rust.md` is the crate's front page above).
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeExamples;
