//! Editing a policy on someone's behalf: each edit checks who may make it
//! (S004.7, D3, D5, plan limits) and returns a new, valid [`Gate`].

use crate::decision::{Explanation, Reason};
use crate::error::PolicyError;
use crate::gate::{Context, Gate};
use crate::model::RoleDef;
use std::fmt;

/// The plan limit that caps custom roles (S002.4).
pub const CUSTOM_ROLES_LIMIT: &str = "custom_roles";

/// Why an edit was refused: the editor may not make it (a denial with a
/// [`Reason`]), or the result would not be a valid policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditError(Kind);

#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    Denied(Explanation),
    Invalid(PolicyError),
}

impl EditError {
    /// A stable code: a [`Reason`] code for denials, `invalid_policy` otherwise.
    pub fn code(&self) -> &'static str {
        match &self.0 {
            Kind::Denied(e) => e.code.as_str(),
            Kind::Invalid(_) => "invalid_policy",
        }
    }
    /// The denial, when the editor may not make this edit.
    pub fn denial(&self) -> Option<&Explanation> {
        match &self.0 {
            Kind::Denied(e) => Some(e),
            Kind::Invalid(_) => None,
        }
    }
    /// The problems, when the edit would produce an invalid policy.
    pub fn policy_error(&self) -> Option<&PolicyError> {
        match &self.0 {
            Kind::Denied(_) => None,
            Kind::Invalid(p) => Some(p),
        }
    }
}

impl fmt::Display for EditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Kind::Denied(e) => write!(f, "{e}"),
            Kind::Invalid(p) => write!(f, "the edit would make the policy invalid:\n{p}"),
        }
    }
}

impl std::error::Error for EditError {}

fn denied(e: Explanation) -> EditError {
    EditError(Kind::Denied(e))
}

impl Gate {
    fn rebuild(&self, policy: crate::model::Policy) -> Result<Gate, EditError> {
        let mut g = Gate::new(policy).map_err(|p| EditError(Kind::Invalid(p)))?;
        g.log = self.log.clone();
        Ok(g)
    }

    /// `editor` sets which scopes `target` keeps for a chat `action` in
    /// `number` (S004.5–S004.7). Listing every scope (or `all`) lifts the
    /// restriction. The editor must be allowed to edit `target`
    /// ([`Gate::can_edit_permissions`], which needs the plan feature: D3) and
    /// may only grant scopes it holds itself in that number (D5).
    ///
    /// # Errors
    /// An [`EditError`] saying why, with a stable code.
    ///
    /// # Example
    /// ```
    /// let gate = teamgate::Gate::preset("team-inbox")?;
    /// let gate = gate.with_team_permission("admin", "main", "agent", "chats.read", &["mine", "pending"])?;
    /// assert!(gate.can_in("main", "agent", "chats.read", Some("mine")));
    /// assert!(!gate.can_in("main", "agent", "chats.read", Some("others")));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_team_permission(
        &self,
        editor: &str,
        number: &str,
        target: &str,
        action: &str,
        scopes: &[&str],
    ) -> Result<Gate, EditError> {
        let e = self.explain_edit_permissions(editor, target);
        if !e.allowed {
            return Err(denied(e));
        }
        let ctx = self
            .context(Some(number))
            .ok_or_else(|| denied(self.explain_at(Some(number), target, action, None)))?;
        let Some(ai) = self.action_id(action) else {
            return Err(denied(self.explain_at(None, target, action, None)));
        };
        if self.is_scoped(action) != Some(true) {
            return Err(denied(
                Explanation::new(
                    Reason::NotATeamPermission,
                    format!("`{action}` is not a chat action"),
                )
                .hint(Some(
                    "team permissions cover chat actions only; console access follows the role"
                        .into(),
                )),
            ));
        }
        let mut want = 0u32;
        for s in scopes {
            match self.scope_set(Some(s)) {
                Some(m) => want |= m.bits(),
                None => return Err(denied(self.explain_at(None, target, action, Some(s)))),
            }
        }
        let ei = self
            .role_id(editor)
            .map_or(usize::MAX, |r| r.index() as usize);
        let editor_holds = self
            .tables
            .decided(ctx.index() as usize, ei, ai.index() as usize);
        let extra = want & !editor_holds;
        if extra != 0 {
            return Err(denied(
                Explanation::new(
                    Reason::Escalation,
                    format!("role `{editor}` cannot grant {} in number `{number}`: it does not hold that itself", self.describe(ai.index() as usize, extra)),
                )
                .hint(Some("grant only scopes the editor holds".into())),
            ));
        }
        let mut policy = self.policy.clone();
        let full = want == self.tables.full_scopes;
        if let Some(n) = policy.numbers.iter_mut().find(|n| n.id == number) {
            let mut perms = n.team_permissions.get(target).cloned().unwrap_or_default();
            if full {
                perms.remove(action);
            } else {
                perms.insert(action, self.tables.scope_names(want));
            }
            if perms.is_empty() {
                n.team_permissions.remove(target);
            } else {
                n.team_permissions.insert(target, perms);
            }
        }
        self.rebuild(policy)
    }

    /// `editor` creates a custom role (S002.2, S003.1). The editor must hold
    /// the policy's `manage_roles` action and outrank the new role, which may
    /// hold nothing the editor lacks (D5); the plan's `custom_roles` limit
    /// applies (S002.4). The role is stored with `builtin: false`.
    ///
    /// # Errors
    /// An [`EditError`]: a denial (`limit_reached` with `upgrade_to`, ...) or
    /// the problems of the resulting document (`invalid_policy`).
    pub fn with_custom_role(&self, editor: &str, mut role: RoleDef) -> Result<Gate, EditError> {
        let Some(manage) = self.tables.manage_roles_action else {
            return Err(denied(
                Explanation::new(
                    Reason::NotConfigured,
                    "this policy names no action that lets a role create roles",
                )
                .hint(Some("set `management.manage_roles` in the policy".into())),
            ));
        };
        let Some(ed) = self
            .role_id(editor)
            .and_then(|r| self.tables.roles.get(r.index() as usize))
        else {
            return Err(denied(self.explain_at(None, editor, "", None)));
        };
        if self.tables.decided(
            0,
            self.role_id(editor)
                .map_or(usize::MAX, |r| r.index() as usize),
            manage,
        ) == 0
        {
            let action = self
                .tables
                .actions
                .get(manage)
                .map(|a| a.id.clone())
                .unwrap_or_default();
            return Err(denied(self.explain_at(None, editor, &action, None)));
        }
        if role.owner {
            return Err(denied(Explanation::new(
                Reason::OwnerNotEditable,
                "a custom role cannot be the owner",
            )));
        }
        if role.rank >= ed.rank {
            return Err(denied(
                Explanation::new(Reason::NotSubordinate, format!("role `{editor}` (rank {}) can only create roles ranked below it, not rank {}", ed.rank, role.rank))
                    .hint(Some(format!("use a rank below {}", ed.rank))),
            ));
        }
        if self
            .policy
            .plans
            .iter()
            .any(|p| p.limits.contains_key(CUSTOM_ROLES_LIMIT))
        {
            let used = self
                .policy
                .roles
                .iter()
                .filter(|r| !r.builtin && !r.owner)
                .count() as u32;
            let l = self.check_limit(CUSTOM_ROLES_LIMIT, used);
            if !l.allowed {
                let mut e = Explanation::new(Reason::LimitReached, l.message).hint(
                    l.upgrade_to
                        .as_ref()
                        .map(|p| format!("upgrade to plan `{p}`")),
                );
                e.upgrade_to = l.upgrade_to;
                return Err(denied(e));
            }
        }
        role.builtin = false;
        let id = role.id.clone();
        let mut policy = self.policy.clone();
        policy.roles.push(role);
        let next = self.rebuild(policy)?;
        // D5 wherever the role can be held: outside any number and in every
        // number, whose team permissions may restrict the editor but not
        // (yet) the new role.
        let contexts = std::iter::once((Context::ROLE_DEFAULTS, None)).chain(
            (1..=next.tables.numbers.len() as u32)
                .map(|i| (Context(i), next.tables.numbers.get(i as usize - 1))),
        );
        for (ctx, number) in contexts {
            if let Some(what) = next.escalation(ctx, editor, &id) {
                let place = number.map_or_else(String::new, |n| format!(" in number `{n}`"));
                return Err(denied(
                    Explanation::new(
                        Reason::Escalation,
                        format!("the new role `{id}` would hold {what}{place}, which `{editor}` does not hold there"),
                    )
                    .hint(Some("nobody can hand out more than they hold".into())),
                ));
            }
        }
        Ok(next)
    }

    /// `editor` gives `member` the role `role` in `number` (S004.2). The
    /// editor must be allowed to assign `role` there ([`Gate::can_assign_role`],
    /// with the number's team permissions: D5) and must outrank the role the
    /// member holds now.
    ///
    /// # Errors
    /// An [`EditError`] saying why.
    pub fn with_member_role(
        &self,
        editor: &str,
        member: &str,
        number: &str,
        role: &str,
    ) -> Result<Gate, EditError> {
        let Some(ctx) = self.context(Some(number)) else {
            return Err(denied(self.explain_at(Some(number), role, "", None)));
        };
        let e = self.explain_assign_at(ctx, editor, role);
        if !e.allowed {
            return Err(denied(e));
        }
        let Some(m) = self.policy.members.iter().position(|m| m.id == member) else {
            return Err(denied(self.explain_member_inner(member, number, "", None)));
        };
        if let Some(current) = self.member_role(member, number) {
            let e = self.explain_manage(
                editor,
                current,
                self.tables.assign_actions.clone(),
                "reassign a member holding",
            );
            if !e.allowed {
                return Err(denied(e));
            }
        }
        let mut policy = self.policy.clone();
        if let Some(m) = policy.members.get_mut(m) {
            m.roles.insert(number.to_owned(), role.to_owned());
        }
        self.rebuild(policy)
    }

    /// The same policy on another plan (the billing system decides who may
    /// change plans: in the presets, `billing.subscription`, owner only).
    ///
    /// # Errors
    /// `invalid_policy` with `unknown_plan` for a plan that does not exist.
    pub fn with_plan(&self, plan: &str) -> Result<Gate, EditError> {
        let mut policy = self.policy.clone();
        policy.plan = Some(plan.to_owned());
        self.rebuild(policy)
    }
}
