//! What a decision looks like from the outside: reasons with stable codes.

use serde::Serialize;
use std::fmt;

/// Why a decision came out as it did. The string form ([`Reason::as_str`])
/// is stable: UIs and servers (HTTP 403 bodies) match on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, strum::IntoStaticStr, strum::VariantArray)]
#[strum(serialize_all = "snake_case")]
#[non_exhaustive]
pub enum Reason {
    /// Allowed: the owner holds every permission the plan allows (D6).
    Owner,
    /// Allowed: the role holds it.
    GrantedByRole,
    /// Allowed: an extra grant to this member (S001.4).
    GrantedToMember,
    /// Allowed: within the plan's limit.
    WithinLimit,
    /// Denied: the role does not exist (D4).
    UnknownRole,
    /// Denied: the action does not exist (D4).
    UnknownAction,
    /// Denied: the scope does not exist (D4).
    UnknownScope,
    /// Denied: the number does not exist.
    UnknownNumber,
    /// Denied: the member does not exist.
    UnknownMember,
    /// Denied: no plan declares that limit.
    UnknownLimit,
    /// Denied: the member holds no role in that number.
    NotInNumber,
    /// Denied: a scoped (chat) action was asked without a scope.
    ScopeRequired,
    /// Denied: an unscoped (console) action was asked with a scope.
    ScopeNotApplicable,
    /// Denied: the current plan lacks the feature the action needs.
    PlanLacksFeature,
    /// Denied: the role does not hold the action at all.
    RoleLacksAction,
    /// Denied: the role holds the action, but not for this scope.
    ScopeNotGranted,
    /// Denied: the number's team permissions restrict it (S004.6).
    RestrictedInNumber,
    /// Denied: the editor does not rank above the target role (S004.7).
    NotSubordinate,
    /// Denied: the owner can never be edited, restricted or assigned (D6).
    OwnerNotEditable,
    /// Denied: team permissions cover scoped chat actions only (S004.9).
    NotATeamPermission,
    /// Denied: it would grant something the editor does not hold (D5).
    Escalation,
    /// Denied: the plan's limit is reached.
    LimitReached,
    /// Denied: the policy names no action for this kind of management.
    NotConfigured,
}

impl Reason {
    /// The stable `snake_case` code.
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// Every reason, for documentation and generated types.
    pub const ALL: &'static [Reason] = <Reason as strum::VariantArray>::VARIANTS;

    /// Whether this reason allows.
    pub fn allows(self) -> bool {
        matches!(
            self,
            Reason::Owner | Reason::GrantedByRole | Reason::GrantedToMember | Reason::WithinLimit
        )
    }
}

/// Serialises as its code, [`Reason::as_str`] (one string table instead of
/// serde's per-variant code: about 1 KB less wasm).
impl Serialize for Reason {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// The reason codes as a string enum (`ReasonCode` in TypeScript).
#[cfg(not(target_arch = "wasm32"))]
impl schemars::JsonSchema for Reason {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "ReasonCode".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let codes: Vec<&str> = Reason::ALL.iter().map(|r| r.as_str()).collect();
        schemars::json_schema!({ "type": "string", "enum": codes })
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A decision with its reason: what [`Gate::explain`](crate::Gate::explain)
/// and the other `explain_*` calls return. Serialises with camelCase keys.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Explanation {
    /// The decision.
    pub allowed: bool,
    /// The stable reason code.
    pub code: Reason,
    /// One line for a person, e.g. "role `agent` lacks `billing.payment`".
    pub message: String,
    /// What would help, e.g. "did you mean `agent`?".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// The plan feature involved, for `plan_lacks_feature`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub feature: Option<String>,
    /// The cheapest plan that would allow it, for plan denials.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub upgrade_to: Option<String>,
    /// The named values `message` was written from, so that an app can
    /// write the reason in its own words and language (a message catalog:
    /// code → template).
    pub params: Box<ReasonParams>,
}

/// The named values of an explanation or a limit check: what a message
/// template fills in. Only the values that apply are present.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
#[cfg_attr(
    not(target_arch = "wasm32"),
    derive(schemars::JsonSchema),
    schemars(rename_all = "camelCase", transform = every_param_optional)
)]
#[non_exhaustive]
pub struct ReasonParams {
    /// The role asking (for management questions: the editor's role).
    pub role: Option<String>,
    /// The action asked for.
    pub action: Option<String>,
    /// The scope asked for.
    pub scope: Option<String>,
    /// The number asked in.
    pub number: Option<String>,
    /// The member asking.
    pub member: Option<String>,
    /// For management questions: the role being edited or assigned.
    pub target: Option<String>,
    /// For management questions and edits: `edit_permissions` (a role's
    /// permissions, or a number's team permissions), `assign_role`,
    /// `reassign_member` (changing the role of a member who holds one) or
    /// `create_role` (a custom role).
    pub task: Option<String>,
    /// For `unknown_*` codes: the id that is unknown.
    pub id: Option<String>,
    /// For `unknown_*` codes: the known id closest to it, if any.
    pub suggestion: Option<String>,
    /// The plan feature involved.
    pub feature: Option<String>,
    /// The account's current plan.
    pub plan: Option<String>,
    /// The cheapest plan that would allow it.
    pub upgrade_to: Option<String>,
    /// The plan limit involved, e.g. `custom_roles`.
    pub limit: Option<String>,
    /// How many are in use (limit checks).
    pub used: Option<u32>,
    /// The plan's limit (limit checks); absent when unlimited.
    pub max: Option<u32>,
    /// Scopes the message lists: those held, kept in a number, to choose
    /// from, or given away.
    pub scopes: Option<Vec<String>>,
    /// Actions the message lists (management: any of them would do).
    pub actions: Option<Vec<String>>,
    /// Creating a custom role: the editor's rank.
    pub rank: Option<u32>,
    /// Creating a custom role: the new role's rank.
    pub target_rank: Option<u32>,
}

/// A param is absent, not `null`, where it does not apply (its schema says
/// so: no param is required).
#[cfg(not(target_arch = "wasm32"))]
fn every_param_optional(schema: &mut schemars::Schema) {
    schema.remove("required");
}

/// One param's value, as templates and serialisation see it.
pub(crate) enum Param<'a> {
    Absent,
    Text(&'a str),
    Number(u32),
    List(&'a [String]),
}

impl ReasonParams {
    /// Every param by its JSON (and JS) name, in this order: the one list
    /// the template filler and serialisation read (a table, not serde's
    /// code per field: smaller wasm).
    pub(crate) fn each(&self) -> [(&'static str, Param<'_>); 19] {
        fn t(v: &Option<String>) -> Param<'_> {
            v.as_deref().map_or(Param::Absent, Param::Text)
        }
        fn n<'a>(v: Option<u32>) -> Param<'a> {
            v.map_or(Param::Absent, Param::Number)
        }
        fn l(v: &Option<Vec<String>>) -> Param<'_> {
            v.as_deref().map_or(Param::Absent, Param::List)
        }
        [
            ("role", t(&self.role)),
            ("action", t(&self.action)),
            ("scope", t(&self.scope)),
            ("number", t(&self.number)),
            ("member", t(&self.member)),
            ("target", t(&self.target)),
            ("task", t(&self.task)),
            ("id", t(&self.id)),
            ("suggestion", t(&self.suggestion)),
            ("feature", t(&self.feature)),
            ("plan", t(&self.plan)),
            ("upgradeTo", t(&self.upgrade_to)),
            ("limit", t(&self.limit)),
            ("used", n(self.used)),
            ("max", n(self.max)),
            ("scopes", l(&self.scopes)),
            ("actions", l(&self.actions)),
            ("rank", n(self.rank)),
            ("targetRank", n(self.target_rank)),
        ]
    }
}

/// An object of the params that are present, by their camelCase names.
impl Serialize for ReasonParams {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let each = self.each();
        // The number of fields written (serde_json writes `{}` for 0 at once).
        let present = each.iter().filter(|(_, v)| !matches!(v, Param::Absent));
        let mut m = s.serialize_struct("ReasonParams", present.count())?;
        for (name, v) in each {
            match v {
                Param::Absent => m.skip_field(name)?,
                Param::Text(t) => m.serialize_field(name, t)?,
                Param::Number(n) => m.serialize_field(name, &n)?,
                Param::List(l) => m.serialize_field(name, l)?,
            }
        }
        m.end()
    }
}

impl Explanation {
    /// A reason, its message and hint still to be written by the catalog
    /// ([`Explanation::written`], once its params are in).
    pub(crate) fn of(code: Reason) -> Self {
        Explanation {
            allowed: code.allows(),
            code,
            message: String::new(),
            hint: None,
            feature: None,
            upgrade_to: None,
            params: Box::default(),
        }
    }
    /// Sets named values (see [`ReasonParams`]).
    pub(crate) fn with(mut self, f: impl FnOnce(&mut ReasonParams)) -> Self {
        f(&mut self.params);
        self
    }
}

impl fmt::Display for Explanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} [{}]: {}",
            if self.allowed { "allowed" } else { "denied" },
            self.code,
            self.message
        )?;
        if let Some(h) = &self.hint {
            write!(f, " ({h})")?;
        }
        Ok(())
    }
}

/// The answer of [`Gate::check_limit`](crate::Gate::check_limit).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct LimitCheck {
    /// Whether one more may be added while `used` are in use.
    pub allowed: bool,
    /// `within_limit`, `limit_reached` or `unknown_limit`.
    pub code: Reason,
    /// One line for a person.
    pub message: String,
    /// The current plan's limit; `None` means unlimited.
    pub limit: Option<u32>,
    /// What was passed in.
    pub used: u32,
    /// How many more may be added; `None` means unlimited.
    pub remaining: Option<u32>,
    /// The cheapest plan that would allow one more, when this one does not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub upgrade_to: Option<String>,
    /// The named values `message` was written from (see [`ReasonParams`]).
    pub params: ReasonParams,
}

/// One action in a role's [`Capabilities`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ActionCapability {
    /// The action id.
    pub action: String,
    /// Whether it is a scoped (chat) action.
    pub scoped: bool,
    /// Fully held: every scope of a scoped action, or the unscoped action.
    pub allowed: bool,
    /// The scopes held (empty for unscoped actions).
    pub scopes: Vec<String>,
    /// How many sub-actions (scopes) are held: S004.8's count.
    pub granted: u32,
    /// How many sub-actions there are (1 for an unscoped action).
    pub total: u32,
}

/// Every decision for one role at once: what a settings screen or a whole
/// inbox renders from (S004.8).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Capabilities {
    /// The role.
    pub role: String,
    /// The number the decisions are for, if any.
    pub number: Option<String>,
    /// One entry per action of the catalog, in catalog order.
    pub actions: Vec<ActionCapability>,
}

/// A warning about a team, from [`Gate::team_warnings`](crate::Gate::team_warnings).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TeamWarning {
    /// Stable code: `no_supervisor`.
    pub code: &'static str,
    /// The number concerned.
    pub number: String,
    /// One line for a person.
    pub message: String,
}

/// One decision, as handed to the audit hook of
/// [`Gate::with_decision_log`](crate::Gate::with_decision_log) (S003.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct DecisionRecord<'a> {
    /// The member asking, for member checks.
    pub member: Option<&'a str>,
    /// The role (for member checks, the member's role in the number, if any).
    pub role: Option<&'a str>,
    /// The action asked for.
    pub action: &'a str,
    /// The scope asked for.
    pub scope: Option<&'a str>,
    /// The number, if the check was made in one.
    pub number: Option<&'a str>,
    /// The decision.
    pub allowed: bool,
}
