//! Decisions for a browser's first paint: the explanations a page asks for,
//! for one role or one signed-in member, as plain data (JSON). A server
//! renders with the engine and sends them with the page; the browser's gate
//! answers from them until its wasm has loaded (`new Gate(snapshot, {
//! decisions })` in `teamgate/lite`), then the engine answers, the same.

use crate::decision::Explanation;
use crate::gate::Gate;
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use std::collections::HashMap;

/// The format tag of [`Decisions`]: `teamgate.decisions/1`.
pub const DECISIONS_FORMAT: &str = "teamgate.decisions/1";

/// Who a page is rendered for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Viewer<'a> {
    /// A role, in a number (with its team permissions) or on the role defaults.
    Role {
        /// The role.
        role: &'a str,
        /// The number, or `None` for the role defaults.
        number: Option<&'a str>,
    },
    /// A signed-in member in a number: their role there plus their grants.
    Member {
        /// The member.
        member: &'a str,
        /// The number they work in.
        number: &'a str,
    },
}

/// What [`Gate::dehydrate`] returns; serialises as the JSON `teamgate/lite`
/// hydrates from (`{ format, role, number, member, scopes, explanations,
/// decisions }`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(
    not(target_arch = "wasm32"),
    derive(schemars::JsonSchema),
    schemars(rename = "DehydratedDecisions")
)]
#[non_exhaustive]
pub struct Decisions {
    /// [`DECISIONS_FORMAT`].
    #[cfg_attr(not(target_arch = "wasm32"), schemars(schema_with = "format_schema"))]
    pub format: &'static str,
    /// The role asked for (a member's role in the number), if any.
    pub role: Option<String>,
    /// The number, if any.
    pub number: Option<String>,
    /// The member, if the decisions are a member's.
    pub member: Option<String>,
    /// The declared scopes, in order.
    pub scopes: Vec<String>,
    /// The distinct explanations.
    pub explanations: Vec<Explanation>,
    /// Per action, in catalog order: its explanation's index (a console
    /// action, asked without a scope), or one per scope and then `all` (a
    /// chat action).
    pub decisions: Rows,
}

/// The format tag as a constant of the schema (a literal type in TypeScript).
#[cfg(not(target_arch = "wasm32"))]
fn format_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({ "type": "string", "const": DECISIONS_FORMAT })
}

/// Action → explanation indices, in catalog order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Rows(pub Vec<(String, Row)>);

/// An object: action → its [`Row`].
#[cfg(not(target_arch = "wasm32"))]
impl schemars::JsonSchema for Rows {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "DecisionRows".into()
    }
    fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let row = g.subschema_for::<Row>();
        schemars::json_schema!({ "type": "object", "additionalProperties": row })
    }
}

/// The explanation indices of one action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(
    not(target_arch = "wasm32"),
    derive(schemars::JsonSchema),
    schemars(rename = "DecisionRow")
)]
#[serde(untagged)]
pub enum Row {
    /// A console action: asked without a scope.
    Console(usize),
    /// A chat action: one per declared scope, then `all`.
    Chat(Vec<usize>),
}

/// An object in catalog order (serde's maps would sort or need a crate feature).
impl Serialize for Rows {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (action, row) in &self.0 {
            m.serialize_entry(action, row)?;
        }
        m.end()
    }
}

impl Gate {
    /// The decisions a page needs for `viewer`: the explanation of every
    /// action in `actions` (default: every action of the catalog) as a page
    /// asks it, a console action without a scope and a chat action in each
    /// scope and `all`. Unknown actions are left out. Nothing is logged
    /// (the decision log records questions, not this render).
    ///
    /// # Example
    /// ```
    /// use teamgate::{Gate, Viewer};
    /// let gate = Gate::preset("team-inbox")?;
    /// let page = gate.dehydrate(Viewer::Role { role: "agent", number: Some("main") }, None);
    /// let json = serde_json::to_string(&page)?;
    /// assert!(json.starts_with(r#"{"format":"teamgate.decisions/1","role":"agent""#));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn dehydrate(&self, viewer: Viewer<'_>, actions: Option<&[&str]>) -> Decisions {
        let scopes: Vec<String> = self.scopes().map(str::to_owned).collect();
        let mut explanations: Vec<Explanation> = Vec::new();
        let mut seen: HashMap<Explanation, usize> = HashMap::new();
        let mut index = |action: &str, scope: Option<&str>| {
            let e = match viewer {
                Viewer::Role { role, number } => self.explain_at(number, role, action, scope),
                Viewer::Member { member, number } => {
                    self.explain_member_inner(member, number, action, scope)
                }
            };
            *seen.entry(e).or_insert_with_key(|e| {
                explanations.push(e.clone());
                explanations.len() - 1
            })
        };
        let all: Vec<&str> = self.actions().collect();
        let mut rows = Vec::new();
        for &action in actions.unwrap_or(&all) {
            let row = match self.is_scoped(action) {
                Some(true) => Row::Chat(
                    self.tables
                        .scope_ids()
                        .map(|s| index(action, Some(s)))
                        .collect(),
                ),
                Some(false) => Row::Console(index(action, None)),
                None => continue,
            };
            rows.push((action.to_owned(), row));
        }
        let (role, number, member) = match viewer {
            Viewer::Role { role, number } => {
                (Some(role.to_owned()), number.map(str::to_owned), None)
            }
            Viewer::Member { member, number } => (
                self.member_role(member, number).map(str::to_owned),
                Some(number.to_owned()),
                Some(member.to_owned()),
            ),
        };
        Decisions {
            format: DECISIONS_FORMAT,
            role,
            number,
            member,
            scopes,
            explanations,
            decisions: Rows(rows),
        }
    }
}
