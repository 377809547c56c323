//! Invariants: rules a team wants to hold whatever anyone edits ("no agent
//! ever sees billing, on any plan, in any number"), checked exhaustively
//! by [`verify`] — every role or member, number, plan, action and scope
//! they quantify over — with the first counterexample when one fails.
//! Policies are finite, so a rule that holds is proved, not sampled.
//!
//! ```json
//! { "invariants": [
//!   { "name": "agents never see billing", "never": { "roles": ["agent"], "actions": ["billing.*"] } },
//!   { "name": "only admins and up hold developer tools",
//!     "never": { "roles": { "below": "admin" }, "actions": ["developers.*"] } },
//!   { "name": "the owner holds what the plan has",
//!     "always": { "roles": ["owner"] }, "unless": ["plan_lacks_feature"] },
//!   { "name": "nobody may grant what they lack", "no_escalation": true }
//! ] }
//! ```

mod check;

pub use check::{verify, Counterexample, InvariantResult};

use serde::Deserialize;
use teamgate_format::{ErrorCode, PolicyError, Problem};

/// A file of invariants.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Invariants {
    /// The JSON Schema the file follows (ignored here).
    #[serde(rename = "$schema", default)]
    pub schema: Option<String>,
    /// What the rules are for.
    #[serde(default)]
    pub description: Option<String>,
    /// The rules.
    pub invariants: Vec<Invariant>,
}

/// One rule: exactly one of `never`, `always` or `no_escalation`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Invariant {
    /// The rule in the team's words: shown with its result.
    pub name: String,
    /// Nobody selected is ever allowed any of it.
    #[serde(default)]
    pub never: Option<Selection>,
    /// Everybody selected is always allowed all of it (but for denials
    /// whose reason is listed in `unless`).
    #[serde(default)]
    pub always: Option<Selection>,
    /// Reason codes an `always` rule accepts as denials
    /// (`plan_lacks_feature`: "whatever the plan has").
    #[serde(default)]
    pub unless: Vec<String>,
    /// D5 as a rule: every role that may edit another's team permissions,
    /// or assign it, holds everything that role holds, in every number and
    /// on every plan selected by `plans`.
    #[serde(default)]
    pub no_escalation: bool,
    /// The plans of a `no_escalation` rule (default: every plan).
    #[serde(default)]
    pub plans: Option<Vec<String>>,
}

/// Whom and what a rule is about. Every field is optional: left out, it
/// means every one (every role, every action, every declared scope, the
/// role defaults and every number, every plan).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Selection {
    /// Roles: a list of ids, or by rank (`{ "below": "admin" }`).
    #[serde(default)]
    pub roles: Option<Roles>,
    /// Members instead of roles (their role in each number and their
    /// grants): a list of ids, or `["*"]` for every member.
    #[serde(default)]
    pub members: Option<Vec<String>>,
    /// Actions: ids or patterns (`billing.*`, `*`).
    #[serde(default)]
    pub actions: Option<Vec<String>>,
    /// Scopes of chat actions (console actions are asked without one).
    #[serde(default)]
    pub scopes: Option<Vec<String>>,
    /// Numbers (roles are also asked on their defaults when this is left out).
    #[serde(default)]
    pub numbers: Option<Vec<String>>,
    /// Plans (default: every plan of the policy).
    #[serde(default)]
    pub plans: Option<Vec<String>>,
}

/// Roles by id or by rank.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum Roles {
    /// These roles.
    Ids(Vec<String>),
    /// Every role ranked below (or at least as high as) a role.
    Rank(RankBound),
}

/// Roles ranked relative to one role.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RankBound {
    /// Every role ranked below this one.
    #[serde(default)]
    pub below: Option<String>,
    /// Every role ranked at least as high as this one.
    #[serde(default)]
    pub at_least: Option<String>,
}

impl Invariants {
    /// Reads a file of invariants.
    ///
    /// # Errors
    /// A [`PolicyError`]: `json_syntax` with the line and column, or the
    /// problem at the rule's path (`$.invariants[2]`).
    pub fn from_json(text: &str) -> Result<Invariants, PolicyError> {
        let (top, items) = crate::testing::read_list(text, "invariants", "rules")?;
        let mut out: Invariants = serde_json::from_value(top)
            .map_err(|e| PolicyError::one(crate::testing::data_problem("$", &e)))?;
        let mut problems = Vec::new();
        for (i, item) in items.into_iter().enumerate() {
            let path = format!("$.invariants[{i}]");
            match serde_json::from_value::<Invariant>(item) {
                Ok(rule) => {
                    let kinds = [
                        rule.never.is_some(),
                        rule.always.is_some(),
                        rule.no_escalation,
                    ];
                    if kinds.iter().filter(|&&k| k).count() == 1 {
                        out.invariants.push(rule);
                    } else {
                        problems.push(Problem::new(
                            ErrorCode::MissingField,
                            path,
                            format!(
                                "rule `{}` must be exactly one of `never`, `always` or `no_escalation`",
                                rule.name
                            ),
                        ));
                    }
                }
                Err(e) => problems.push(crate::testing::data_problem(&path, &e)),
            }
        }
        if problems.is_empty() {
            Ok(out)
        } else {
            Err(PolicyError::new(problems))
        }
    }
}

/// The JSON Schema of invariant files (`schema/invariants.schema.json`).
#[cfg(not(target_arch = "wasm32"))]
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(Invariants);
    serde_json::to_string_pretty(&schema).unwrap_or_default()
}
