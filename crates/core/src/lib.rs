//! The decision-only core of [teamgate](https://docs.rs/teamgate): a
//! [`Gate`] (a validated policy compiled to small tables) and every question
//! it answers — `can`, `explain`, members, plan limits, who may edit whom,
//! capabilities, dehydrated decisions — plus snapshots, the compact bytes a
//! gate is saved to and loaded from.
//!
//! It reads no documents and validates nothing: gates come from the
//! `teamgate` crate (which validates a document and derefs to this `Gate`)
//! or from snapshot bytes. The browser's `teamgate/lite` is this crate
//! compiled to wasm.

mod chat_filter;
mod decision;
mod dehydrate;
mod edit_checks;
mod effect;
mod explain;
mod gate;
mod ids;
mod limits;
mod manage;
mod masks;
pub mod messages;
mod screens;
mod snapshot;
mod tables;
pub mod template;

pub use chat_filter::{ChatFilter, InvalidColumn, Placeholder, SqlFilter, CHAT_SCOPES};
pub use decision::{
    ActionCapability, Capabilities, DecisionRecord, Explanation, LimitCheck, Reason, ReasonParams,
    TeamWarning,
};
pub use dehydrate::{Decisions, Row, Rows, Viewer, DECISIONS_FORMAT};
pub use edit_checks::CUSTOM_ROLES_LIMIT;
pub use effect::{AccessChange, ChangeCode, ChangeParams, Effect, Presence};
pub use gate::{ActionId, Context, Gate, Matcher, RoleId, ScopeSet};
pub use limits::PlanCheck;
pub use masks::{Holding, Masks};
pub use snapshot::SNAPSHOT_FORMAT;
/// The policy document (re-exported from `teamgate-format`).
pub use teamgate_format as format;
