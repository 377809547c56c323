//! Who manages whom: editing a role's team permissions (S004.7) and
//! assigning roles (rank, and no escalation: D5).

use crate::decision::{Explanation, Reason, ReasonParams};
use crate::gate::{Context, Gate};
use teamgate_format::show;

/// The `task` param of management questions and edits (the catalog's
/// templates choose their words by it): editing a role's permissions
/// (also a number's team permissions), assigning a role, reassigning a
/// member who holds a role, creating a custom role.
pub(crate) const TASK_EDIT: &str = "edit_permissions";
/// See [`TASK_EDIT`].
pub(crate) const TASK_ASSIGN: &str = "assign_role";
/// See [`TASK_EDIT`].
pub(crate) const TASK_REASSIGN: &str = "reassign_member";
/// See [`TASK_EDIT`].
pub(crate) const TASK_CREATE: &str = "create_role";

impl Gate {
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
            self.tables.edit_action.into_iter().collect(),
            TASK_EDIT,
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
        let e = self.explain_manage(
            editor,
            role,
            self.tables.assign_actions.clone(),
            TASK_ASSIGN,
        );
        if !e.allowed {
            return e;
        }
        if let Some((ai, extra)) = self.first_escalation(ctx, editor, role) {
            return Explanation {
                params: e.params,
                ..Explanation::of(Reason::Escalation)
            }
            .with(|p| self.name_escalation(p, ai, extra))
            .written();
        }
        e
    }

    /// The first action (and its scopes) `role` holds in `ctx` that `editor` does not.
    pub(crate) fn first_escalation(
        &self,
        ctx: Context,
        editor: &str,
        role: &str,
    ) -> Option<(usize, u32)> {
        let (e, r) = (
            *self.tables.role_index.get(editor)?,
            *self.tables.role_index.get(role)?,
        );
        (0..self.tables.n_actions()).find_map(|ai| {
            let extra = self.tables.decided(ctx.0 as usize, r, ai)
                & !self.tables.decided(ctx.0 as usize, e, ai);
            (extra != 0).then_some((ai, extra))
        })
    }

    /// An escalation's params: the action, and for a chat action its scopes.
    pub(crate) fn name_escalation(&self, p: &mut ReasonParams, action: usize, extra: u32) {
        let a = self.tables.actions.get(action);
        p.action = a.map(|a| a.id.clone());
        if a.is_some_and(|a| a.scoped) {
            p.scopes = Some(self.tables.scope_names(extra));
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
        let mut e = self.decide_manage(editor, target, actions);
        let p = &mut e.params;
        p.role.get_or_insert_with(|| show(editor));
        p.target = Some(show(target));
        p.task = Some(task.to_owned());
        e.written()
    }

    fn decide_manage(&self, editor: &str, target: &str, actions: Vec<usize>) -> Explanation {
        let c = &self.tables;
        let Some(e) = c.role_index.get(editor).and_then(|&i| c.roles.get(i)) else {
            return self.unknown(Reason::UnknownRole, editor, self.roles());
        };
        let Some(t) = c.role_index.get(target).and_then(|&i| c.roles.get(i)) else {
            return self.unknown(Reason::UnknownRole, target, self.roles());
        };
        if actions.is_empty() {
            return Explanation::of(Reason::NotConfigured);
        }
        if t.owner {
            return Explanation::of(Reason::OwnerNotEditable);
        }
        let ei = c.role_index.get(editor).copied().unwrap_or(usize::MAX);
        if !actions.iter().any(|&a| c.decided(0, ei, a) != 0) {
            if let Some(d) = actions.iter().find_map(|&a| self.plan_denial(a)) {
                if actions
                    .iter()
                    .all(|&a| c.actions.get(a).is_some_and(|x| !x.plan_allows))
                {
                    return d;
                }
            }
            let names: Vec<String> = actions
                .iter()
                .filter_map(|&a| c.actions.get(a))
                .map(|a| a.id.clone())
                .collect();
            return Explanation::of(Reason::RoleLacksAction).with(|p| p.actions = Some(names));
        }
        if e.rank <= t.rank {
            return Explanation::of(Reason::NotSubordinate);
        }
        let code = if e.owner {
            Reason::Owner
        } else {
            Reason::GrantedByRole
        };
        Explanation::of(code)
    }
}
