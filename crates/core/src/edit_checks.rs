//! May this edit be made? The decisions behind the `teamgate` crate's edits
//! (`Gate::with_team_permission` and its kin): each says who may make the
//! edit (S004.7, D3, D5, plan limits) and gives the edited document, which
//! that crate validates and compiles into a new gate.

use crate::decision::{Explanation, Reason};
use crate::gate::{Context, Gate};
use crate::manage::{TASK_CREATE, TASK_EDIT, TASK_REASSIGN};
use teamgate_format::{show, Policy, RoleDef};

/// The plan limit that caps custom roles (S002.4).
pub const CUSTOM_ROLES_LIMIT: &str = "custom_roles";

impl Gate {
    /// The document after `editor` sets which scopes `target` keeps for a
    /// chat `action` in `number` (S004.5–S004.7), or why `editor` may not.
    /// Listing every scope (or `all`) lifts the restriction. The editor must
    /// be allowed to edit `target` ([`Gate::can_edit_permissions`], which
    /// needs the plan feature: D3) and may only grant scopes it holds itself
    /// in that number (D5). `teamgate::Gate::with_team_permission` validates
    /// and compiles the document.
    ///
    /// # Errors
    /// The denial, with a stable code.
    ///
    /// # Example
    /// ```
    /// let gate = teamgate::Gate::preset("team-inbox")?;
    /// let policy = gate.propose_team_permission("admin", "main", "agent", "chats.read", &["mine"]).unwrap();
    /// assert_eq!(policy.numbers[0].team_permissions.get("agent").unwrap().get("chats.read").unwrap(), &["mine"]);
    /// let denial = gate.propose_team_permission("agent", "main", "agent", "chats.read", &["mine"]).unwrap_err();
    /// assert_eq!(denial.code.as_str(), "role_lacks_action");
    /// # Ok::<(), teamgate::PolicyError>(())
    /// ```
    pub fn propose_team_permission(
        &self,
        editor: &str,
        number: &str,
        target: &str,
        action: &str,
        scopes: &[&str],
    ) -> Result<Policy, Explanation> {
        let e = self.explain_edit_permissions(editor, target);
        if !e.allowed {
            return Err(e);
        }
        let ctx = self
            .context(Some(number))
            .ok_or_else(|| self.explain_at(Some(number), target, action, None))?;
        let Some(ai) = self.action_id(action) else {
            return Err(self.explain_at(None, target, action, None));
        };
        // The params of this edit's own denials: who edits whom, where.
        let editing = |code: Reason| {
            Explanation::of(code).with(|p| {
                p.role = Some(show(editor));
                p.target = Some(show(target));
                p.action = Some(show(action));
                p.number = Some(show(number));
                p.task = Some(TASK_EDIT.to_owned());
            })
        };
        if self.is_scoped(action) != Some(true) {
            return Err(editing(Reason::NotATeamPermission).edit_written());
        }
        let mut want = 0u32;
        for s in scopes {
            match self.scope_set(Some(s)) {
                Some(m) => want |= m.bits(),
                None => return Err(self.explain_at(None, target, action, Some(s))),
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
            let scopes = self.tables.scope_names(extra);
            return Err(editing(Reason::Escalation)
                .with(|p| p.scopes = Some(scopes))
                .edit_written());
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
        Ok(policy)
    }

    /// The document with a custom role that `editor` creates (S002.2,
    /// S003.1), or why `editor` may not. The editor must hold the policy's
    /// `manage_roles` action and outrank the new role; the plan's
    /// `custom_roles` limit applies (S002.4). The role is stored with
    /// `builtin: false`. `teamgate::Gate::with_custom_role` validates and
    /// compiles the document, then checks that the role holds nothing the
    /// editor lacks (D5: [`Gate::check_new_role`], on the new gate).
    ///
    /// # Errors
    /// The denial (`limit_reached` with `upgrade_to`, `not_subordinate`, ...).
    pub fn propose_custom_role(
        &self,
        editor: &str,
        mut role: RoleDef,
    ) -> Result<Policy, Explanation> {
        // The params of this edit's own denials: who creates which role.
        let creating = |code: Reason| {
            Explanation::of(code).with(|p| {
                p.role = Some(show(editor));
                p.target = Some(show(&role.id));
                p.task = Some(TASK_CREATE.to_owned());
            })
        };
        let Some(manage) = self.tables.manage_roles_action else {
            return Err(creating(Reason::NotConfigured).edit_written());
        };
        let Some(ed) = self
            .role_id(editor)
            .and_then(|r| self.tables.roles.get(r.index() as usize))
        else {
            return Err(self.explain_at(None, editor, "", None));
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
            return Err(self.explain_at(None, editor, &action, None));
        }
        if role.owner {
            return Err(creating(Reason::OwnerNotEditable).edit_written());
        }
        if role.rank >= ed.rank {
            return Err(creating(Reason::NotSubordinate)
                .with(|p| {
                    p.rank = Some(ed.rank);
                    p.target_rank = Some(role.rank);
                })
                .edit_written());
        }
        // The limit check a UI asks (`check_limit`), exactly: one rule.
        let used = self
            .policy
            .roles
            .iter()
            .filter(|r| !r.builtin && !r.owner)
            .count() as u32;
        let l = self.check_limit(CUSTOM_ROLES_LIMIT, used);
        if !l.allowed {
            let mut e = creating(l.code);
            let p = &mut *e.params;
            p.plan = l.params.plan;
            p.limit = l.params.limit;
            p.used = l.params.used;
            p.max = l.params.max;
            p.upgrade_to.clone_from(&l.upgrade_to);
            e.upgrade_to = l.upgrade_to;
            return Err(e.edit_written());
        }
        role.builtin = false;
        let mut policy = self.policy.clone();
        policy.roles.push(role);
        Ok(policy)
    }

    /// D5 for the role `role` that `editor` has just added (a gate of the
    /// document [`Gate::propose_custom_role`] made): the role holds nothing
    /// `editor` lacks, outside any number and in every number, whose team
    /// permissions may restrict the editor but not (yet) the new role.
    ///
    /// # Errors
    /// An `escalation` denial naming what the role would hold.
    pub fn check_new_role(&self, editor: &str, role: &str) -> Result<(), Explanation> {
        let id = role;
        let contexts = std::iter::once((Context::ROLE_DEFAULTS, None)).chain(
            (1..=self.tables.numbers.len() as u32)
                .map(|i| (Context(i), self.tables.numbers.get(i as usize - 1))),
        );
        for (ctx, number) in contexts {
            if let Some((ai, extra)) = self.first_escalation(ctx, editor, id) {
                return Err(Explanation::of(Reason::Escalation)
                    .with(|p| {
                        p.role = Some(show(editor));
                        p.target = Some(show(id));
                        p.number = number.cloned();
                        p.task = Some(TASK_CREATE.to_owned());
                        self.name_escalation(p, ai, extra);
                    })
                    .edit_written());
            }
        }
        Ok(())
    }

    /// The document after `editor` gives `member` the role `role` in
    /// `number` (S004.2), or why `editor` may not. The editor must be allowed
    /// to assign `role` there ([`Gate::can_assign_role`], with the number's
    /// team permissions: D5) and must outrank the role the member holds now.
    ///
    /// # Errors
    /// The denial, with a stable code.
    pub fn propose_member_role(
        &self,
        editor: &str,
        member: &str,
        number: &str,
        role: &str,
    ) -> Result<Policy, Explanation> {
        let Some(ctx) = self.context(Some(number)) else {
            return Err(self.explain_at(Some(number), role, "", None));
        };
        let e = self.explain_assign_at(ctx, editor, role);
        if !e.allowed {
            return Err(e);
        }
        let Some(m) = self.policy.members.iter().position(|m| m.id == member) else {
            return Err(self.explain_member_inner(member, number, "", None));
        };
        if let Some(current) = self.member_role(member, number) {
            let e = self.explain_manage(
                editor,
                current,
                self.tables.assign_actions.clone(),
                TASK_REASSIGN,
            );
            if !e.allowed {
                return Err(e.edit_written());
            }
        }
        let mut policy = self.policy.clone();
        if let Some(m) = policy.members.get_mut(m) {
            m.roles.insert(number.to_owned(), role.to_owned());
        }
        Ok(policy)
    }
}
