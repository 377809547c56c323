//! [`Gate`]: a validated, compiled policy that answers permission questions.

#[cfg(feature = "full")]
use crate::compile::compile;
use crate::decision::{
    ActionCapability, Capabilities, DecisionRecord, Explanation, LimitCheck, Reason, ReasonParams,
    TeamWarning,
};
#[cfg(feature = "full")]
use crate::error::PolicyError;
use crate::error::{closest, show};
use crate::model::{Limit, Policy};
use crate::tables::{Compiled, ALL_SCOPES};
use std::fmt;
use std::sync::Arc;

type DecisionLog = Arc<dyn Fn(&DecisionRecord<'_>) + Send + Sync>;

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
    pub const GIVEN: u32 = 1 << 31;
    /// The scopes (bit *i* is the *i*-th declared scope).
    pub fn bits(self) -> u32 {
        self.0 & !ScopeSet::GIVEN
    }
    /// The raw value, as [`Gate::can_indices`] takes it: [`ScopeSet::bits`],
    /// plus [`ScopeSet::GIVEN`] when a scope was given.
    pub fn raw(self) -> u32 {
        self.0
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
/// `explain*` call gives the same decision with a [`Reason`].
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
    pub(crate) c: Compiled,
    pub(crate) log: Option<DecisionLog>,
}

impl fmt::Debug for Gate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Gate")
            .field("policy", &self.policy.id)
            .field("roles", &self.c.roles.len())
            .field("actions", &self.c.actions.len())
            .field("plan", &self.plan())
            .finish()
    }
}

impl Gate {
    /// Validates and compiles a policy document.
    ///
    /// # Errors
    /// A [`PolicyError`] listing every problem found.
    #[cfg(feature = "full")]
    pub fn new(policy: Policy) -> Result<Gate, PolicyError> {
        let c = compile(&policy)?;
        Ok(Gate {
            policy,
            c,
            log: None,
        })
    }

    /// Parses, validates and compiles a JSON policy document.
    ///
    /// # Errors
    /// A [`PolicyError`]: a structural problem (bad JSON, wrong type,
    /// unknown field) or every semantic problem at once.
    #[cfg(feature = "full")]
    pub fn from_json(text: &str) -> Result<Gate, PolicyError> {
        Gate::new(Policy::from_json(text)?)
    }

    /// Loads one of the embedded presets (see [`crate::presets`]).
    ///
    /// # Errors
    /// `unknown_preset` for a name that is not a preset.
    #[cfg(feature = "full")]
    pub fn preset(name: &str) -> Result<Gate, PolicyError> {
        Gate::from_json(crate::presets::source(name)?)
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
        self.c.role_ids()
    }
    /// Action ids, in catalog order.
    pub fn actions(&self) -> impl Iterator<Item = &str> {
        self.c.action_ids()
    }
    /// Declared scope ids (without `all`).
    pub fn scopes(&self) -> impl Iterator<Item = &str> {
        self.c.scopes.iter().map(String::as_str)
    }
    /// Number ids.
    pub fn numbers(&self) -> impl Iterator<Item = &str> {
        self.c.numbers.iter().map(String::as_str)
    }
    /// Whether per-number team permissions are enforced on the current plan (D3).
    pub fn team_permissions_enforced(&self) -> bool {
        self.c.team_enforced
    }
    /// Whether an action is scoped (a chat action).
    pub fn is_scoped(&self, action: &str) -> Option<bool> {
        self.c
            .action_index
            .get(action)
            .and_then(|&i| self.c.actions.get(i))
            .map(|a| a.scoped)
    }

    // ---- ids: resolve once, check many times --------------------------------

    /// Resolves a role id.
    pub fn role_id(&self, role: &str) -> Option<RoleId> {
        self.c.role_index.get(role).map(|&i| RoleId(i as u32))
    }
    /// Resolves an action id.
    pub fn action_id(&self, action: &str) -> Option<ActionId> {
        self.c.action_index.get(action).map(|&i| ActionId(i as u32))
    }
    /// Resolves a scope: `None` is [`ScopeSet::NONE`], `all` is every scope.
    pub fn scope_set(&self, scope: Option<&str>) -> Option<ScopeSet> {
        let given = if scope.is_some() { ScopeSet::GIVEN } else { 0 };
        self.c.scope_mask(scope).map(|bits| ScopeSet(bits | given))
    }
    /// Resolves where to check: `None` for the role defaults, or a number.
    pub fn context(&self, number: Option<&str>) -> Option<Context> {
        match number {
            None => Some(Context::ROLE_DEFAULTS),
            Some(n) => self.c.number_index.get(n).map(|&i| Context(i as u32 + 1)),
        }
    }

    /// The fast path: the same decision as [`Gate::can_in`] on resolved ids.
    /// Ids from another gate give arbitrary (but memory-safe) answers.
    #[inline]
    pub fn can_ids(&self, ctx: Context, role: RoleId, action: ActionId, scope: ScopeSet) -> bool {
        let (ai, want) = (action.0 as usize, scope.bits());
        let held = self.c.decided(ctx.0 as usize, role.0 as usize, ai);
        match self.c.actions.get(ai) {
            Some(a) if a.scoped => want != 0 && held & want == want,
            Some(_) => scope.0 == 0 && held != 0,
            None => false,
        }
    }

    /// [`Gate::can_ids`] on raw indices, for bindings that keep their own
    /// id tables: `ctx` as [`Context::index`], `role` and `action` as
    /// positions in [`Gate::roles`] and [`Gate::actions`], `scope` as
    /// [`ScopeSet::raw`]. Out-of-range indices are denied.
    #[inline]
    pub fn can_indices(&self, ctx: u32, role: u32, action: u32, scope: u32) -> bool {
        if role as usize >= self.c.roles.len() || ctx as usize > self.c.numbers.len() {
            return false;
        }
        self.can_ids(
            Context(ctx),
            RoleId(role),
            ActionId(action),
            ScopeSet(scope),
        )
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
    fn record(
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

    /// [`Gate::can`] with its reason. Every deny has one.
    pub fn explain(&self, role: &str, action: &str, scope: Option<&str>) -> Explanation {
        let e = self.explain_at(None, role, action, scope);
        self.record(None, Some(role), action, scope, None, e.allowed);
        e
    }

    /// [`Gate::can_in`] with its reason.
    pub fn explain_in(
        &self,
        number: &str,
        role: &str,
        action: &str,
        scope: Option<&str>,
    ) -> Explanation {
        let e = self.explain_at(Some(number), role, action, scope);
        self.record(None, Some(role), action, scope, Some(number), e.allowed);
        e
    }

    /// [`Gate::can_member`] with its reason.
    pub fn explain_member(
        &self,
        member: &str,
        number: &str,
        action: &str,
        scope: Option<&str>,
    ) -> Explanation {
        let e = self.explain_member_inner(member, number, action, scope);
        let role = self.member_role(member, number);
        self.record(Some(member), role, action, scope, Some(number), e.allowed);
        e
    }

    /// The role a member holds in a number.
    pub fn member_role(&self, member: &str, number: &str) -> Option<&str> {
        let m = self.c.members.get(*self.c.member_index.get(member)?)?;
        let n = *self.c.number_index.get(number)?;
        let r = (*m.roles.get(n)?)?;
        self.c.roles.get(r).map(|r| r.id.as_str())
    }

    pub(crate) fn explain_member_inner(
        &self,
        member: &str,
        number: &str,
        action: &str,
        scope: Option<&str>,
    ) -> Explanation {
        let Some(m) = self
            .c
            .member_index
            .get(member)
            .and_then(|&i| self.c.members.get(i))
        else {
            return self.unknown(
                Reason::UnknownMember,
                "member",
                member,
                self.policy.members.iter().map(|m| m.id.as_str()),
            );
        };
        let Some(&ni) = self.c.number_index.get(number) else {
            return self.unknown(Reason::UnknownNumber, "number", number, self.numbers());
        };
        let Some((ri, role)) = m
            .roles
            .get(ni)
            .copied()
            .flatten()
            .and_then(|r| Some((r, self.c.roles.get(r)?)))
        else {
            return Explanation::new(
                Reason::NotInNumber,
                format!("member `{member}` holds no role in number `{number}`"),
            )
            .hint(Some("assign the member a role in this number first".into()))
            .with(|p| {
                p.member = Some(show(member));
                p.number = Some(show(number));
                p.action = Some(show(action));
                p.scope = scope.map(show);
            });
        };
        let mut e = self.explain_at(Some(number), &role.id, action, scope);
        e.params.member = Some(show(member));
        let by_member = matches!(
            e.code,
            Reason::RoleLacksAction | Reason::ScopeNotGranted | Reason::RestrictedInNumber
        );
        if by_member {
            let ai = self
                .c
                .action_index
                .get(action)
                .copied()
                .unwrap_or(usize::MAX);
            let want = self.c.scope_mask(scope).unwrap_or(0);
            // The member's grants on top of what the role keeps here: `all`
            // holds when every scope does, from either (D2).
            let extra = m.grants.get(ai).copied().unwrap_or(0) | self.c.decided(ni + 1, ri, ai);
            let scoped = self.c.actions.get(ai).is_some_and(|a| a.scoped);
            let covered = if scoped {
                want != 0 && extra & want == want
            } else {
                extra != 0
            };
            if covered {
                return Explanation {
                    params: e.params,
                    ..Explanation::new(
                        Reason::GrantedToMember,
                        format!(
                            "`{action}` is granted to member `{member}` on top of role `{}`",
                            role.id
                        ),
                    )
                };
            }
        }
        e
    }

    fn unknown<'a>(
        &self,
        code: Reason,
        what: &str,
        id: &str,
        known: impl IntoIterator<Item = &'a str>,
    ) -> Explanation {
        let suggestion = closest(id, known);
        Explanation::new(code, format!("unknown {what} `{}`", show(id)))
            .hint(suggestion.map(|s| format!("did you mean `{s}`?")))
            .with(|p| {
                p.id = Some(show(id));
                p.suggestion = suggestion.map(str::to_owned);
            })
    }

    /// The cheapest plan (first in `plans`) that has `feature`.
    fn cheapest_with(&self, feature: usize) -> Option<String> {
        let f = self.c.features.get(feature)?;
        self.policy
            .plans
            .iter()
            .find(|p| p.features.contains(f))
            .map(|p| p.id.clone())
    }

    fn plan_denial(&self, action: usize) -> Option<Explanation> {
        let a = self.c.actions.get(action)?;
        if a.on {
            return None;
        }
        let feature = a.feature.and_then(|f| self.c.features.get(f)).cloned();
        let upgrade_to = a.feature.and_then(|f| self.cheapest_with(f));
        let plan = self.plan().unwrap_or("none");
        let mut e = Explanation::new(
            Reason::PlanLacksFeature,
            format!(
                "`{}` needs the `{}` feature, which plan `{plan}` lacks",
                a.id,
                feature.as_deref().unwrap_or("?")
            ),
        )
        .hint(
            upgrade_to
                .as_ref()
                .map(|p| format!("upgrade to plan `{p}`")),
        );
        e.params.action = Some(a.id.clone());
        e.params.feature.clone_from(&feature);
        e.params.plan = Some(plan.to_owned());
        e.params.upgrade_to.clone_from(&upgrade_to);
        e.feature = feature;
        e.upgrade_to = upgrade_to;
        Some(e)
    }

    /// The explanation of a decision on strings, with the inputs among its
    /// named values.
    pub(crate) fn explain_at(
        &self,
        number: Option<&str>,
        role: &str,
        action: &str,
        scope: Option<&str>,
    ) -> Explanation {
        let mut e = self.decide_at(number, role, action, scope);
        let p = &mut e.params;
        p.role.get_or_insert_with(|| show(role));
        p.action.get_or_insert_with(|| show(action));
        if p.scope.is_none() {
            p.scope = scope.map(show);
        }
        if p.number.is_none() {
            p.number = number.map(show);
        }
        e
    }

    fn decide_at(
        &self,
        number: Option<&str>,
        role: &str,
        action: &str,
        scope: Option<&str>,
    ) -> Explanation {
        let c = &self.c;
        let Some(ctx) = self.context(number) else {
            return self.unknown(
                Reason::UnknownNumber,
                "number",
                number.unwrap_or(""),
                self.numbers(),
            );
        };
        let Some(&ri) = c.role_index.get(role) else {
            return self.unknown(Reason::UnknownRole, "role", role, self.roles());
        };
        let Some((ai, a)) = c
            .action_index
            .get(action)
            .and_then(|&i| Some((i, c.actions.get(i)?)))
        else {
            return self.unknown(Reason::UnknownAction, "action", action, self.actions());
        };
        let want = match (a.scoped, scope) {
            (true, None) => {
                return Explanation::new(
                    Reason::ScopeRequired,
                    format!("`{action}` is a chat action and needs a scope"),
                )
                .hint(Some(format!("pass one of {}", quoted(c.scope_ids(), ", "))))
                .with(|p| p.scopes = Some(c.scope_ids().map(str::to_owned).collect()))
            }
            (false, Some(s)) => {
                return Explanation::new(
                    Reason::ScopeNotApplicable,
                    format!("`{action}` takes no scope, but `{}` was given", show(s)),
                )
                .hint(Some("pass no scope for console actions".into()))
            }
            (false, None) => 0,
            (true, Some(s)) => match c.scope_mask(Some(s)) {
                Some(m) => m,
                None => return self.unknown(Reason::UnknownScope, "scope", s, c.scope_ids()),
            },
        };
        if let Some(e) = self.plan_denial(ai) {
            return e;
        }
        let rinfo = c.roles.get(ri);
        if rinfo.is_some_and(|r| r.owner) {
            return Explanation::new(
                Reason::Owner,
                format!("role `{role}` is the owner and holds every permission"),
            );
        }
        let held = c.held(ri, ai);
        if held == 0 {
            return Explanation::new(
                Reason::RoleLacksAction,
                format!("role `{role}` lacks `{action}`"),
            );
        }
        let scope_text = scope.unwrap_or("");
        if a.scoped && held & want != want {
            let names = c.scope_names(held);
            return Explanation::new(
                Reason::ScopeNotGranted,
                format!(
                    "role `{role}` holds `{action}` only for {}, not `{scope_text}`",
                    list(&names)
                ),
            )
            .with(|p| p.scopes = Some(names));
        }
        let decided = c.decided(ctx.0 as usize, ri, ai);
        let ok = if a.scoped {
            decided & want == want
        } else {
            decided != 0
        };
        if !ok {
            let number = number.unwrap_or("");
            let kept = c.scope_names(decided);
            return Explanation::new(
                Reason::RestrictedInNumber,
                format!("team permissions of number `{number}` restrict `{action}` for role `{role}` to {}", if kept.is_empty() { "no chats".to_owned() } else { list(&kept) }),
            )
            .hint(Some("a role ranked above it can change this on the number's permissions page".into()))
            .with(|p| p.scopes = Some(kept));
        }
        let how = if a.scoped && scope == Some(ALL_SCOPES) {
            " for every scope"
        } else {
            ""
        };
        Explanation::new(
            Reason::GrantedByRole,
            format!("role `{role}` holds `{action}`{how}"),
        )
    }

    // ---- plan limits --------------------------------------------------------

    /// May one more be added while `used` are in use, under the current
    /// plan's `limit` (e.g. `custom_roles`, S002.4)? A limit the current plan
    /// does not list counts as 0; a limit no plan lists is unknown (denied).
    pub fn check_limit(&self, limit: &str, used: u32) -> LimitCheck {
        let declared = self
            .policy
            .plans
            .iter()
            .any(|p| p.limits.contains_key(limit));
        let current = self.c.plan.and_then(|p| self.policy.plans.get(p));
        let (Some(plan), true) = (current, declared) else {
            let known: Vec<&str> = self
                .policy
                .plans
                .iter()
                .flat_map(|p| p.limits.keys().map(String::as_str))
                .collect();
            let suggestion = closest(limit, known);
            let hint = suggestion.map(|s| format!("did you mean `{s}`?"));
            return LimitCheck {
                allowed: false,
                code: Reason::UnknownLimit,
                message: match hint {
                    Some(h) => format!("unknown limit `{}` ({h})", show(limit)),
                    None => format!("unknown limit `{}`", show(limit)),
                },
                limit: Some(0),
                used,
                remaining: Some(0),
                upgrade_to: None,
                params: ReasonParams {
                    id: Some(show(limit)),
                    limit: Some(show(limit)),
                    suggestion: suggestion.map(str::to_owned),
                    used: Some(used),
                    ..ReasonParams::default()
                },
            };
        };
        let value = |p: &crate::model::PlanDef| match p.limits.get(limit) {
            Some(Limit::Count(n)) => Some(*n),
            Some(Limit::Unlimited(_)) => None,
            None => Some(0),
        };
        let fits = |v: Option<u32>| v.is_none_or(|n| used < n);
        let lim = value(plan);
        let allowed = fits(lim);
        let upgrade_to = if allowed {
            None
        } else {
            self.policy
                .plans
                .iter()
                .find(|p| fits(value(p)))
                .map(|p| p.id.clone())
        };
        let message = match (allowed, lim) {
            (true, None) => format!("plan `{}` has no limit on `{limit}`", plan.id),
            (true, Some(n)) => format!("{used} of {n} `{limit}` used on plan `{}`", plan.id),
            (false, n) => format!(
                "plan `{}` allows {} `{limit}`, {used} used{}",
                plan.id,
                n.unwrap_or(0),
                upgrade_to
                    .as_ref()
                    .map(|p| format!("; plan `{p}` allows more"))
                    .unwrap_or_default()
            ),
        };
        LimitCheck {
            allowed,
            code: if allowed {
                Reason::WithinLimit
            } else {
                Reason::LimitReached
            },
            message,
            limit: lim,
            used,
            remaining: lim.map(|n| n.saturating_sub(used)),
            params: ReasonParams {
                plan: Some(plan.id.clone()),
                limit: Some(limit.to_owned()),
                used: Some(used),
                max: lim,
                upgrade_to: upgrade_to.clone(),
                ..ReasonParams::default()
            },
            upgrade_to,
        }
    }

    // ---- who manages whom -----------------------------------------------------

    /// May `editor` edit the team permissions of `target` (S004.7)? It must
    /// hold the policy's `edit_permissions` action and rank above `target`;
    /// the owner is never a target.
    pub fn can_edit_permissions(&self, editor: &str, target: &str) -> bool {
        self.explain_edit_permissions(editor, target).allowed
    }

    /// [`Gate::can_edit_permissions`] with its reason.
    pub fn explain_edit_permissions(&self, editor: &str, target: &str) -> Explanation {
        self.explain_manage(
            editor,
            target,
            self.c.edit_action.into_iter().collect(),
            "edit_permissions",
        )
    }

    /// May `editor` assign `role` to a member (hold an `assign_roles` action,
    /// outrank `role`, and hold everything `role` holds: D5)?
    pub fn can_assign_role(&self, editor: &str, role: &str) -> bool {
        self.explain_assign_role(editor, role).allowed
    }

    /// [`Gate::can_assign_role`] with its reason.
    pub fn explain_assign_role(&self, editor: &str, role: &str) -> Explanation {
        self.explain_assign_at(Context::ROLE_DEFAULTS, editor, role)
    }

    pub(crate) fn explain_assign_at(&self, ctx: Context, editor: &str, role: &str) -> Explanation {
        let e = self.explain_manage(editor, role, self.c.assign_actions.clone(), "assign_role");
        if !e.allowed {
            return e;
        }
        if let Some((ai, extra)) = self.first_escalation(ctx, editor, role) {
            let what = self.describe(ai, extra);
            return Explanation {
                params: e.params,
                ..Explanation::new(
                    Reason::Escalation,
                    format!("role `{role}` holds {what}, which `{editor}` does not"),
                )
                .hint(Some("nobody can hand out more than they hold".into()))
            }
            .with(|p| {
                p.action = self.c.actions.get(ai).map(|a| a.id.clone());
                if self.c.actions.get(ai).is_some_and(|a| a.scoped) {
                    p.scopes = Some(self.c.scope_names(extra));
                }
            });
        }
        e
    }

    /// The first permission `role` holds in `ctx` that `editor` does not, described.
    #[cfg(feature = "full")]
    pub(crate) fn escalation(&self, ctx: Context, editor: &str, role: &str) -> Option<String> {
        self.first_escalation(ctx, editor, role)
            .map(|(ai, extra)| self.describe(ai, extra))
    }

    /// The first action (and its scopes) `role` holds in `ctx` that `editor` does not.
    fn first_escalation(&self, ctx: Context, editor: &str, role: &str) -> Option<(usize, u32)> {
        let (e, r) = (
            *self.c.role_index.get(editor)?,
            *self.c.role_index.get(role)?,
        );
        (0..self.c.n_actions()).find_map(|ai| {
            let extra =
                self.c.decided(ctx.0 as usize, r, ai) & !self.c.decided(ctx.0 as usize, e, ai);
            (extra != 0).then_some((ai, extra))
        })
    }

    pub(crate) fn describe(&self, action: usize, mask: u32) -> String {
        let a = self.c.actions.get(action);
        match a {
            Some(a) if a.scoped => format!("`{}` for {}", a.id, list(&self.c.scope_names(mask))),
            Some(a) => format!("`{}`", a.id),
            None => "?".into(),
        }
    }

    /// Shared by edit and assign: the editor holds one of `actions` and
    /// ranks above the target, who is not the owner.
    /// `task` is `edit_permissions` or `assign_role`; the explanation names
    /// the editor's role as `role`, the other as `target`.
    pub(crate) fn explain_manage(
        &self,
        editor: &str,
        target: &str,
        actions: Vec<usize>,
        task: &str,
    ) -> Explanation {
        let verb = if task == "assign_role" {
            "assign"
        } else {
            "edit the permissions of"
        };
        let mut e = self.decide_manage(editor, target, actions, verb);
        let p = &mut e.params;
        p.role.get_or_insert_with(|| show(editor));
        p.target = Some(show(target));
        p.task = Some(task.to_owned());
        e
    }

    fn decide_manage(
        &self,
        editor: &str,
        target: &str,
        actions: Vec<usize>,
        verb: &str,
    ) -> Explanation {
        let c = &self.c;
        let Some(e) = c.role_index.get(editor).and_then(|&i| c.roles.get(i)) else {
            return self.unknown(Reason::UnknownRole, "role", editor, self.roles());
        };
        let Some(t) = c.role_index.get(target).and_then(|&i| c.roles.get(i)) else {
            return self.unknown(Reason::UnknownRole, "role", target, self.roles());
        };
        if actions.is_empty() {
            return Explanation::new(
                Reason::NotConfigured,
                format!("this policy names no action that lets a role {verb} a role"),
            )
            .hint(Some("set it under `management` in the policy".into()));
        }
        if t.owner {
            return Explanation::new(
                Reason::OwnerNotEditable,
                format!("nobody can {verb} the owner role `{target}`"),
            )
            .hint(Some("the owner always holds every permission".into()));
        }
        let ei = c.role_index.get(editor).copied().unwrap_or(usize::MAX);
        if !actions.iter().any(|&a| c.decided(0, ei, a) != 0) {
            if let Some(d) = actions.iter().find_map(|&a| self.plan_denial(a)) {
                if actions
                    .iter()
                    .all(|&a| c.actions.get(a).is_some_and(|x| !x.on))
                {
                    return d;
                }
            }
            let names: Vec<String> = actions
                .iter()
                .filter_map(|&a| c.actions.get(a))
                .map(|a| a.id.clone())
                .collect();
            return Explanation::new(
                Reason::RoleLacksAction,
                format!(
                    "role `{editor}` lacks {} and cannot {verb} other roles",
                    list(&names)
                ),
            )
            .with(|p| p.actions = Some(names));
        }
        if e.rank <= t.rank {
            return Explanation::new(
                Reason::NotSubordinate,
                format!(
                    "role `{editor}` can only {verb} roles ranked below it, and `{target}` is not"
                ),
            )
            .hint(Some("ask someone ranked above it".into()));
        }
        let code = if e.owner {
            Reason::Owner
        } else {
            Reason::GrantedByRole
        };
        Explanation::new(code, format!("role `{editor}` may {verb} `{target}`"))
    }

    // ---- whole screens and teams ----------------------------------------------

    /// The scopes in which `role` may do the chat `action` (in `number`, or
    /// on the role defaults), in declaration order: what a server turns
    /// into the filter of a list, so that a list never shows what opening
    /// an item would refuse (`["pending", "mine"]` becomes `assignee IS NULL
    /// OR assignee = $me`), and a UI into its tabs. Exactly the scopes `s`
    /// for which [`Gate::can_in`] (or [`Gate::can`]) allows `Some(s)`;
    /// empty for a console action or an unknown id.
    ///
    /// # Example
    /// ```
    /// let gate = teamgate::Gate::preset("team-inbox")?
    ///     .with_team_permission("admin", "main", "agent", "chats.read", &["pending", "mine"])?;
    /// assert_eq!(gate.allowed_scopes("agent", "chats.read", Some("main")), ["pending", "mine"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn allowed_scopes(&self, role: &str, action: &str, number: Option<&str>) -> Vec<&str> {
        // `can_in`'s own path on resolved ids (no message built, nothing logged).
        let (Some(ctx), Some(r), Some(a)) = (
            self.context(number),
            self.role_id(role),
            self.action_id(action),
        ) else {
            return Vec::new();
        };
        self.scopes()
            .filter(|&s| {
                self.scope_set(Some(s))
                    .is_some_and(|set| self.can_ids(ctx, r, a, set))
            })
            .collect()
    }

    /// [`Gate::allowed_scopes`] for a member in a number: their role there
    /// plus their extra grants. Exactly the scopes `s` for which
    /// [`Gate::can_member`] allows `Some(s)`.
    pub fn member_allowed_scopes(&self, member: &str, number: &str, action: &str) -> Vec<&str> {
        self.scopes()
            .filter(|&s| {
                self.explain_member_inner(member, number, action, Some(s))
                    .allowed
            })
            .collect()
    }

    /// Every decision for `role` at once (in `number`, or the role defaults):
    /// what a UI renders a whole screen from, with S004.8's counts. `None`
    /// for an unknown role or number.
    pub fn capabilities(&self, role: &str, number: Option<&str>) -> Option<Capabilities> {
        let ctx = self.context(number)?;
        let ri = *self.c.role_index.get(role)?;
        let n_scopes = self.c.scopes.len() as u32;
        let actions = self
            .c
            .actions
            .iter()
            .enumerate()
            .map(|(ai, a)| {
                let mask = self.c.decided(ctx.0 as usize, ri, ai);
                let (granted, total) = if a.scoped {
                    (mask.count_ones(), n_scopes)
                } else {
                    (u32::from(mask != 0), 1)
                };
                ActionCapability {
                    action: a.id.clone(),
                    scoped: a.scoped,
                    allowed: granted == total && total > 0,
                    scopes: if a.scoped {
                        self.c.scope_names(mask)
                    } else {
                        Vec::new()
                    },
                    granted,
                    total,
                }
            })
            .collect();
        Some(Capabilities {
            role: role.to_owned(),
            number: number.map(str::to_owned),
            actions,
        })
    }

    /// Numbers whose team keeps no member holding one of the policy's
    /// `keep_one_of` roles (S000.7: always keep a supervisor or an admin).
    pub fn team_warnings(&self) -> Vec<TeamWarning> {
        if self.c.keep_one_of.is_empty() {
            return Vec::new();
        }
        let names: Vec<String> = self
            .c
            .keep_one_of
            .iter()
            .filter_map(|&r| self.c.roles.get(r))
            .map(|r| r.id.clone())
            .collect();
        self.c
            .numbers
            .iter()
            .enumerate()
            .filter(|(ni, _)| {
                !self.c.members.iter().any(|m| {
                    m.roles
                        .get(*ni)
                        .copied()
                        .flatten()
                        .is_some_and(|r| self.c.keep_one_of.contains(&r))
                })
            })
            .map(|(_, n)| TeamWarning {
                code: "no_supervisor",
                number: n.clone(),
                message: format!("number `{n}` has no member holding {}", list_or(&names)),
            })
            .collect()
    }

    /// The members holding `role` in `number`, or in any number (S002.3).
    pub fn members_with_role(&self, role: &str, number: Option<&str>) -> Vec<&str> {
        let Some(&ri) = self.c.role_index.get(role) else {
            return Vec::new();
        };
        let ni = match number {
            Some(n) => match self.c.number_index.get(n) {
                Some(&i) => Some(i),
                None => return Vec::new(),
            },
            None => None,
        };
        self.c
            .members
            .iter()
            .filter(|m| match ni {
                Some(ni) => m.roles.get(ni).copied().flatten() == Some(ri),
                None => m.roles.contains(&Some(ri)),
            })
            .map(|m| m.id.as_str())
            .collect()
    }
}

pub(crate) fn list(items: &[String]) -> String {
    quoted(items.iter().map(String::as_str), ", ")
}

fn list_or(items: &[String]) -> String {
    quoted(items.iter().map(String::as_str), " or ")
}

/// Each item in backticks, `sep` between them (pushed one by one: no
/// intermediate strings, and no `join`, which costs the browser's wasm 1 KB).
fn quoted<'a>(items: impl Iterator<Item = &'a str>, sep: &str) -> String {
    let mut out = String::new();
    for (i, item) in items.enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        out.push('`');
        out.push_str(item);
        out.push('`');
    }
    out
}
