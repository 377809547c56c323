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
//!     "never": { "below": "admin", "actions": ["developers.*"] } },
//!   { "name": "the owner holds what the plan has",
//!     "always": { "roles": ["owner"] }, "unless": ["plan_lacks_feature"] },
//!   { "name": "nobody may grant what they lack", "no_escalation": true }
//! ] }
//! ```

mod check;

pub use check::{verify, Counterexample, InvariantResult};

use serde::Serialize;
use teamgate_format::{ErrorCode, Json, PolicyError, Problem, Reader};

/// A file of invariants.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Selection {
    /// Roles by id.
    #[serde(default)]
    pub roles: Option<Vec<String>>,
    /// Every role ranked below this one.
    #[serde(default)]
    pub below: Option<String>,
    /// Every role ranked at least as high as this one.
    #[serde(default)]
    pub at_least: Option<String>,
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

impl Invariants {
    /// Reads a file of invariants.
    ///
    /// # Errors
    /// A [`PolicyError`] with every problem and its path
    /// (`$.invariants[2].never.roles`): `json_syntax`, `invalid_type`,
    /// `unknown_field`, `duplicate_key`, `missing_field`.
    pub fn from_json(text: &str) -> Result<Invariants, PolicyError> {
        let doc = crate::testing::parse(text)?;
        let mut r = Reader::new();
        let Some(o) = r.object(&doc, "$", &["$schema", "description", "invariants"]) else {
            return r.finish(Invariants::default());
        };
        let rules = r.required(&o, "invariants");
        let out = Invariants {
            schema: r.opt_string(&o, "$schema"),
            description: r.opt_string(&o, "description"),
            invariants: r.list(rules, "$.invariants", read_rule),
        };
        r.finish(out)
    }
}

const RULE_FIELDS: &[&str] = &[
    "name",
    "never",
    "always",
    "unless",
    "no_escalation",
    "plans",
];
const SELECTION_FIELDS: &[&str] = &[
    "roles", "below", "at_least", "members", "actions", "scopes", "numbers", "plans",
];

/// An optional list of strings (absent or `null`: `None`).
fn opt_strings(r: &mut Reader, v: Option<&Json>, path: &str) -> Option<Vec<String>> {
    match v {
        None | Some(Json::Null) => None,
        some => Some(r.strings(some, path)),
    }
}

fn read_rule(r: &mut Reader, v: &Json, path: &str) -> Option<Invariant> {
    let o = r.object(v, path, RULE_FIELDS)?;
    let selection = |r: &mut Reader, key: &str| match o.get(key) {
        None | Some(Json::Null) => None,
        Some(s) => read_selection(r, s, &o.at(key)),
    };
    let never = selection(r, "never");
    let always = selection(r, "always");
    let rule = Invariant {
        name: r.req_string(&o, "name"),
        never,
        always,
        unless: r.strings(o.get("unless"), &o.at("unless")),
        no_escalation: r.bool(o.get("no_escalation"), &o.at("no_escalation")),
        plans: opt_strings(r, o.get("plans"), &o.at("plans")),
    };
    let kinds = [
        rule.never.is_some(),
        rule.always.is_some(),
        rule.no_escalation,
    ];
    if kinds.iter().filter(|&&k| k).count() != 1 {
        r.push(
            Problem::new(
                ErrorCode::MissingField,
                path,
                format!(
                    "rule `{}` must be exactly one of `never`, `always` or `no_escalation`",
                    rule.name
                ),
            )
            .hint("`never`: nobody selected is ever allowed it; `always`: everybody selected always is"),
        );
    }
    Some(rule)
}

fn read_selection(r: &mut Reader, v: &Json, path: &str) -> Option<Selection> {
    let o = r.object(v, path, SELECTION_FIELDS)?;
    Some(Selection {
        roles: opt_strings(r, o.get("roles"), &o.at("roles")),
        below: r.opt_string(&o, "below"),
        at_least: r.opt_string(&o, "at_least"),
        members: opt_strings(r, o.get("members"), &o.at("members")),
        actions: opt_strings(r, o.get("actions"), &o.at("actions")),
        scopes: opt_strings(r, o.get("scopes"), &o.at("scopes")),
        numbers: opt_strings(r, o.get("numbers"), &o.at("numbers")),
        plans: opt_strings(r, o.get("plans"), &o.at("plans")),
    })
}

/// The JSON Schema of invariant files (`schema/invariants.schema.json`).
#[cfg(not(target_arch = "wasm32"))]
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(Invariants);
    serde_json::to_string_pretty(&schema).unwrap_or_default()
}
