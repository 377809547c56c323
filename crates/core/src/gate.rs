//! [`Gate`]: a validated, compiled policy that answers permission questions.

use crate::decision::DecisionRecord;
use crate::tables::Tables;
use std::fmt;
use std::sync::Arc;
use teamgate_format::Policy;

type DecisionLog = Arc<dyn Fn(&DecisionRecord<'_>) + Send + Sync>;

/// Finds the "did you mean" of an unknown id: the known id closest to the
/// input, if any is close (see [`Gate::with_suggestions`]).
pub type Matcher = for<'a> fn(input: &str, known: &[&'a str]) -> Option<&'a str>;

/// A role resolved to its index, for the id-based fast path ([`Gate::can_ids`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RoleId(pub(crate) u32);
/// An action resolved to its index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ActionId(pub(crate) u32);
/// A set of scopes (`all` is every scope; [`ScopeSet::NONE`] for unscoped actions).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ScopeSet(pub(crate) u32);
/// Where a check is made: [`Context::ROLE_DEFAULTS`] or a number's team permissions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Context(pub(crate) u32);

impl ScopeSet {
    /// No scope: what unscoped (console) actions take.
    pub const NONE: ScopeSet = ScopeSet(0);
    /// Set in every scope set made from a scope, so that "every scope" of a
    /// policy without scopes still differs from "no scope".
    pub(crate) const GIVEN: u32 = 1 << 31;
    /// The scopes (bit *i* is the *i*-th declared scope).
    pub fn bits(self) -> u32 {
        self.0 & !ScopeSet::GIVEN
    }
}
impl RoleId {
    /// The role's position in the policy's `roles`.
    pub fn index(self) -> u32 {
        self.0
    }
}
impl ActionId {
    /// The action's position in the policy's `actions`.
    pub fn index(self) -> u32 {
        self.0
    }
}
impl Context {
    /// The roles' own permissions, outside any number.
    pub const ROLE_DEFAULTS: Context = Context(0);
    /// 0 for the role defaults, 1 + the number's position otherwise.
    pub fn index(self) -> u32 {
        self.0
    }
}

/// A validated, compiled policy: load once, ask many times.
///
/// Every `can*` call is total: unknown ids, missing scopes and anything not
/// granted are denied (D4), never an error or a panic. The matching
/// `explain*` call gives the same decision with a [`Reason`](crate::Reason).
///
/// Gates are built by the `teamgate` crate (`Gate::new`, `Gate::from_json`,
/// `Gate::preset`: documents are validated there) or from snapshot bytes
/// ([`Gate::from_snapshot`], what `teamgate/lite` does); its `Gate` derefs to
/// this one.
///
/// # Example
/// ```
/// use teamgate::Gate;
/// let gate = Gate::preset("team-inbox")?;
/// assert!(gate.can("agent", "chats.reply", Some("mine")));
/// assert!(!gate.can("agent", "billing.payment", None));
/// assert!(!gate.can("agnet", "chats.reply", Some("mine"))); // unknown: denied
/// # Ok::<(), teamgate::PolicyError>(())
/// ```
#[derive(Clone)]
pub struct Gate {
    pub(crate) policy: Policy,
    pub(crate) tables: Tables,
    pub(crate) log: Option<DecisionLog>,
    pub(crate) matcher: Option<Matcher>,
}

impl fmt::Debug for Gate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Gate")
            .field("policy", &self.policy.id)
            .field("roles", &self.tables.roles.len())
            .field("actions", &self.tables.actions.len())
            .field("plan", &self.plan())
            .finish()
    }
}

impl Gate {
    /// A gate of a policy that has been validated, from what validating it
    /// found: what each role and member holds ([`Masks`](crate::Masks)).
    /// Checked as a snapshot's tables are: `None` when they do not fit the
    /// policy. This is how the `teamgate` crate's validation hands a policy
    /// over; build gates with `teamgate::Gate::new` or
    /// [`Gate::from_snapshot`].
    pub fn from_validated(policy: Policy, masks: crate::Masks) -> Option<Gate> {
        let (held, member_grants) = masks.into_parts();
        Gate::from_tables(policy, held, member_grants)
    }

    /// A gate from the policy and the raw masks (validation's, or a snapshot's).
    pub(crate) fn from_tables(
        policy: Policy,
        held: Vec<u32>,
        member_grants: Vec<Vec<u32>>,
    ) -> Option<Gate> {
        let tables = Tables::derive(&policy, held, member_grants)?;
        Some(Gate {
            policy,
            tables,
            log: None,
            matcher: None,
        })
    }

    /// Answers about unknown ids suggest the closest known one ("did you
    /// mean `agent`?", `params.suggestion`) with `matcher`. Off by default
    /// here (the browser's decision-only wasm carries no edit distance);
    /// gates of the `teamgate` crate have it on.
    pub fn with_suggestions(mut self, matcher: Matcher) -> Self {
        self.matcher = Some(matcher);
        self
    }

    /// The decision log and suggestions of `other`: what a gate made from
    /// another (an edit) keeps.
    pub fn with_settings_of(mut self, other: &Gate) -> Self {
        self.log.clone_from(&other.log);
        self.matcher = other.matcher;
        self
    }

    /// The known id closest to `input`, when suggestions are on.
    pub(crate) fn suggestion_for<'a>(
        &self,
        input: &str,
        known: impl IntoIterator<Item = &'a str>,
    ) -> Option<&'a str> {
        let matcher = self.matcher?;
        let known: Vec<&'a str> = known.into_iter().collect();
        matcher(input, &known)
    }

    /// Calls `log` with every decision made through the string API
    /// (`can*`, `explain*`), for an audit trail (S003.3). Off by default; when
    /// off it costs one branch. The id-based [`Gate::can_ids`] is not logged.
    pub fn with_decision_log(
        mut self,
        log: impl Fn(&DecisionRecord<'_>) + Send + Sync + 'static,
    ) -> Self {
        self.log = Some(Arc::new(log));
        self
    }

    /// The document this gate was built from.
    pub fn policy(&self) -> &Policy {
        &self.policy
    }
    /// The account's current plan, if the policy has plans.
    pub fn plan(&self) -> Option<&str> {
        self.policy.plan.as_deref()
    }
    /// Role ids, in document order.
    pub fn roles(&self) -> impl Iterator<Item = &str> {
        self.tables.role_ids()
    }
    /// Action ids, in catalog order.
    pub fn actions(&self) -> impl Iterator<Item = &str> {
        self.tables.action_ids()
    }
    /// Declared scope ids (without `all`).
    pub fn scopes(&self) -> impl Iterator<Item = &str> {
        self.tables.scopes.iter().map(String::as_str)
    }
    /// Number ids.
    pub fn numbers(&self) -> impl Iterator<Item = &str> {
        self.tables.numbers.iter().map(String::as_str)
    }
    /// Whether per-number team permissions are enforced on the current plan (D3).
    pub fn team_permissions_enforced(&self) -> bool {
        self.tables.team_enforced
    }
    /// Whether an action is scoped (a chat action).
    pub fn is_scoped(&self, action: &str) -> Option<bool> {
        self.tables
            .action_index
            .get(action)
            .and_then(|&i| self.tables.actions.get(i))
            .map(|a| a.scoped)
    }

    // ---- ids: resolve once, check many times --------------------------------

    /// Resolves a role id.
    pub fn role_id(&self, role: &str) -> Option<RoleId> {
        self.tables.role_index.get(role).map(|&i| RoleId(i as u32))
    }
    /// Resolves an action id.
    pub fn action_id(&self, action: &str) -> Option<ActionId> {
        self.tables
            .action_index
            .get(action)
            .map(|&i| ActionId(i as u32))
    }
    /// Resolves a scope: `None` is [`ScopeSet::NONE`], `all` is every scope.
    pub fn scope_set(&self, scope: Option<&str>) -> Option<ScopeSet> {
        let given = if scope.is_some() { ScopeSet::GIVEN } else { 0 };
        self.tables
            .scope_mask(scope)
            .map(|bits| ScopeSet(bits | given))
    }
    /// Resolves where to check: `None` for the role defaults, or a number.
    pub fn context(&self, number: Option<&str>) -> Option<Context> {
        match number {
            None => Some(Context::ROLE_DEFAULTS),
            Some(n) => self
                .tables
                .number_index
                .get(n)
                .map(|&i| Context(i as u32 + 1)),
        }
    }

    /// The number of the context of [`Context::index`] `index` (`None`: the
    /// role defaults, or no such context): how [`Gate::context`] places
    /// them, for callers that keep contexts by index (the JS binding).
    pub fn context_number(&self, index: u32) -> Option<&str> {
        let n = index.checked_sub(1)?;
        self.tables.numbers.get(n as usize).map(String::as_str)
    }

    /// The role at `index` in [`Gate::roles`] (for callers that keep ids
    /// by position, such as the JS binding).
    pub fn role_at(&self, index: u32) -> Option<RoleId> {
        ((index as usize) < self.tables.roles.len()).then_some(RoleId(index))
    }
    /// The action at `index` in [`Gate::actions`].
    pub fn action_at(&self, index: u32) -> Option<ActionId> {
        ((index as usize) < self.tables.actions.len()).then_some(ActionId(index))
    }
    /// The context of [`Context::index`] `index`: 0 the role defaults,
    /// 1 + n the n-th of [`Gate::numbers`].
    pub fn context_at(&self, index: u32) -> Option<Context> {
        ((index as usize) <= self.tables.numbers.len()).then_some(Context(index))
    }

    /// The fast path: the same decision as [`Gate::can_in`] on resolved ids.
    /// Ids from another gate give arbitrary (but memory-safe) answers.
    #[inline]
    pub fn can_ids(&self, ctx: Context, role: RoleId, action: ActionId, scope: ScopeSet) -> bool {
        let (ai, want) = (action.0 as usize, scope.bits());
        let held = self.tables.decided(ctx.0 as usize, role.0 as usize, ai);
        match self.tables.actions.get(ai) {
            Some(a) if a.scoped => want != 0 && held & want == want,
            Some(_) => scope.0 == 0 && held != 0,
            None => false,
        }
    }

    // ---- decisions on strings ---------------------------------------------

    /// May `role` do `action` (in `scope`, for chat actions)? Role defaults,
    /// outside any number. Total: unknown ids are denied.
    pub fn can(&self, role: &str, action: &str, scope: Option<&str>) -> bool {
        self.can_at(None, role, action, scope)
    }

    /// [`Gate::can`] in one number, with its team permissions (S004.2).
    pub fn can_in(&self, number: &str, role: &str, action: &str, scope: Option<&str>) -> bool {
        self.can_at(Some(number), role, action, scope)
    }

    fn can_at(&self, number: Option<&str>, role: &str, action: &str, scope: Option<&str>) -> bool {
        let allowed = match (
            self.context(number),
            self.role_id(role),
            self.action_id(action),
            self.scope_set(scope),
        ) {
            (Some(x), Some(r), Some(a), Some(s)) => self.can_ids(x, r, a, s),
            _ => false,
        };
        self.record(None, Some(role), action, scope, number, allowed);
        allowed
    }

    #[inline]
    pub(crate) fn record(
        &self,
        member: Option<&str>,
        role: Option<&str>,
        action: &str,
        scope: Option<&str>,
        number: Option<&str>,
        allowed: bool,
    ) {
        if let Some(log) = &self.log {
            log(&DecisionRecord {
                member,
                role,
                action,
                scope,
                number,
                allowed,
            });
        }
    }

    /// May this member do `action` in `number`? Their role there, plus their
    /// extra grants (S001.4).
    pub fn can_member(
        &self,
        member: &str,
        number: &str,
        action: &str,
        scope: Option<&str>,
    ) -> bool {
        self.explain_member(member, number, action, scope).allowed
    }
}
