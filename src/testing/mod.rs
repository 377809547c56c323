//! Policy tests: named cases a team pins its decisions down with ("agents
//! never delete others' chats on Basic"), in a JSON file of their own
//! (`schema/policy-tests.schema.json`), run by [`run`] here, by `teamgate
//! test` and by `teamgate/testing` in JS: one implementation, the engine's.
//!
//! ```json
//! { "cases": [
//!   { "name": "agents reply to their own chats", "role": "agent",
//!     "action": "chats.reply", "scope": "mine", "number": "main", "expect": "allow" },
//!   { "name": "no custom roles on Basic", "plan": "basic",
//!     "limit": "custom_roles", "used": 0, "expect": "deny", "reason": "limit_reached" }
//! ] }
//! ```

mod junit;
mod run;

pub use run::{run, CaseResult, Outcome, TestReport};

use serde::Serialize;
use teamgate_format::{ErrorCode, Json, PolicyError, Problem, Reader};

/// A file of policy tests.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PolicyTests {
    /// The JSON Schema the file follows (editors read it; ignored here).
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// What the file covers.
    #[serde(default)]
    pub description: Option<String>,
    /// The embedded preset the cases are written for, when they are (a
    /// note for readers: the policy is what the runner is given).
    #[serde(default)]
    pub preset: Option<String>,
    /// The plan every case is decided on, unless it names its own
    /// (default: the policy's current plan).
    #[serde(default)]
    pub plan: Option<String>,
    /// The cases, run in order.
    pub cases: Vec<TestCase>,
}

/// One case: a question and the answer expected. The question is one of:
/// `role` + `action` (+ `scope`, `number`); `member` + `number` + `action`
/// (+ `scope`); `limit` + `used` (may one more be added?); `editor` +
/// `edits` (may the editor edit that role's team permissions?); `editor` +
/// `assigns` (may the editor assign that role?).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct TestCase {
    /// What the case proves, in the team's words: shown when it fails.
    pub name: String,
    /// The statement of a specification the case proves (the presets' test
    /// files cite DOMAIN.md's, e.g. `S004.7`).
    #[serde(default)]
    pub seed: Option<String>,
    /// The role asking.
    #[serde(default)]
    pub role: Option<String>,
    /// The member asking (with `number`: their role there and their grants).
    #[serde(default)]
    pub member: Option<String>,
    /// The action asked for.
    #[serde(default)]
    pub action: Option<String>,
    /// The scope of a chat action (`pending`, `mine`, `others`, `all`).
    #[serde(default)]
    pub scope: Option<String>,
    /// The number asked in (its team permissions apply); without it, a
    /// role is asked on its defaults.
    #[serde(default)]
    pub number: Option<String>,
    /// The plan limit asked about (`custom_roles`, `seats`, ...).
    #[serde(default)]
    pub limit: Option<String>,
    /// How many of `limit` are in use.
    #[serde(default)]
    pub used: Option<u32>,
    /// The role making a management change.
    #[serde(default)]
    pub editor: Option<String>,
    /// The role whose team permissions `editor` would edit.
    #[serde(default)]
    pub edits: Option<String>,
    /// The role `editor` would assign to a member.
    #[serde(default)]
    pub assigns: Option<String>,
    /// The plan to decide on (default: the file's, then the policy's).
    #[serde(default)]
    pub plan: Option<String>,
    /// The answer expected.
    pub expect: Expect,
    /// The reason code expected (`role_lacks_action`, `plan_lacks_feature`,
    /// ...). A case whose answer names an unknown id (`unknown_role`, ...)
    /// fails unless it expects that reason: a misspelt test never passes.
    #[serde(default)]
    pub reason: Option<String>,
    /// The cheapest plan expected to allow it (plan denials).
    #[serde(default)]
    pub upgrade_to: Option<String>,
}

/// The answer a case expects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Expect {
    /// Allowed.
    Allow,
    /// Denied.
    Deny,
}

impl PolicyTests {
    /// Reads a test file.
    ///
    /// # Errors
    /// A [`PolicyError`]: `json_syntax` with the line and column, or
    /// `invalid_type` / `unknown_field` / `missing_field` at the case's path
    /// (`$.cases[3]`) with what is wrong there.
    pub fn from_json(text: &str) -> Result<PolicyTests, PolicyError> {
        let doc = parse(text)?;
        let mut r = Reader::new();
        let Some(o) = r.object(&doc, "$", FILE_FIELDS) else {
            return r.finish(PolicyTests::default());
        };
        let cases = r.required(&o, "cases");
        let tests = PolicyTests {
            schema: r.opt_string(&o, "$schema"),
            description: r.opt_string(&o, "description"),
            preset: r.opt_string(&o, "preset"),
            plan: r.opt_string(&o, "plan"),
            cases: r.list(cases, "$.cases", read_case),
        };
        r.finish(tests)
    }
}

const FILE_FIELDS: &[&str] = &["$schema", "description", "preset", "plan", "cases"];
const CASE_FIELDS: &[&str] = &[
    "name",
    "seed",
    "role",
    "member",
    "action",
    "scope",
    "number",
    "limit",
    "used",
    "editor",
    "edits",
    "assigns",
    "plan",
    "expect",
    "reason",
    "upgrade_to",
];

/// Parses a file's JSON text (the engine's parser and limits).
pub(crate) fn parse(text: &str) -> Result<Json<'_>, PolicyError> {
    PolicyError::check_text_size(text)?;
    Json::parse(text)
}

fn read_case(r: &mut Reader, v: &Json, path: &str) -> Option<TestCase> {
    let o = r.object(v, path, CASE_FIELDS)?;
    let expect = match r.required(&o, "expect") {
        Some(Json::String(s)) if s == "allow" => Expect::Allow,
        Some(Json::String(s)) if s == "deny" => Expect::Deny,
        Some(other) => {
            r.wrong(other, &o.at("expect"), "\"allow\" or \"deny\"");
            Expect::Deny
        }
        None => Expect::Deny,
    };
    let used = match o.get("used") {
        None | Some(Json::Null) => None,
        Some(u) => r.count(u, &o.at("used")),
    };
    let case = TestCase {
        name: r.req_string(&o, "name"),
        seed: r.opt_string(&o, "seed"),
        role: r.opt_string(&o, "role"),
        member: r.opt_string(&o, "member"),
        action: r.opt_string(&o, "action"),
        scope: r.opt_string(&o, "scope"),
        number: r.opt_string(&o, "number"),
        limit: r.opt_string(&o, "limit"),
        used,
        editor: r.opt_string(&o, "editor"),
        edits: r.opt_string(&o, "edits"),
        assigns: r.opt_string(&o, "assigns"),
        plan: r.opt_string(&o, "plan"),
        expect,
        reason: r.opt_string(&o, "reason"),
        upgrade_to: r.opt_string(&o, "upgrade_to"),
    };
    if let Err(msg) = case.question() {
        r.push(Problem::new(ErrorCode::MissingField, path, msg));
    }
    Some(case)
}

/// The question a case asks.
pub(crate) enum Question<'a> {
    Role {
        role: &'a str,
        action: &'a str,
    },
    Member {
        member: &'a str,
        number: &'a str,
        action: &'a str,
    },
    Limit {
        limit: &'a str,
        used: u32,
    },
    Edits {
        editor: &'a str,
        target: &'a str,
    },
    Assigns {
        editor: &'a str,
        role: &'a str,
    },
}

impl TestCase {
    /// The one question the case asks, or what is missing.
    pub(crate) fn question<'c>(&'c self) -> Result<Question<'c>, String> {
        let given = [
            self.role.is_some(),
            self.member.is_some(),
            self.limit.is_some(),
            self.editor.is_some(),
        ];
        if given.iter().filter(|&&g| g).count() != 1 {
            return Err(format!(
                "case `{}` must ask exactly one question: `role` + `action`, `member` + `number` + `action`, `limit` + `used`, or `editor` + `edits`/`assigns`",
                self.name
            ));
        }
        let need = |v: Option<&'c str>, what: &str| -> Result<&'c str, String> {
            v.ok_or_else(|| format!("case `{}` needs `{what}`", self.name))
        };
        match (&self.role, &self.member, &self.limit, &self.editor) {
            (Some(role), ..) => Ok(Question::Role {
                role,
                action: need(self.action.as_deref(), "action")?,
            }),
            (_, Some(member), ..) => Ok(Question::Member {
                member,
                number: need(self.number.as_deref(), "number")?,
                action: need(self.action.as_deref(), "action")?,
            }),
            (_, _, Some(limit), _) => Ok(Question::Limit {
                limit,
                used: self
                    .used
                    .ok_or_else(|| format!("case `{}` needs `used`", self.name))?,
            }),
            (_, _, _, Some(editor)) => match (&self.edits, &self.assigns) {
                (Some(target), None) => Ok(Question::Edits { editor, target }),
                (None, Some(role)) => Ok(Question::Assigns { editor, role }),
                _ => Err(format!(
                    "case `{}` needs one of `edits` (a role) or `assigns` (a role)",
                    self.name
                )),
            },
            _ => Err(format!("case `{}` asks no question", self.name)),
        }
    }
}

/// The JSON Schema of test files (`schema/policy-tests.schema.json`).
#[cfg(not(target_arch = "wasm32"))]
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(PolicyTests);
    serde_json::to_string_pretty(&schema).unwrap_or_default()
}
