//! Editing a policy on someone's behalf: the core decides who may make the
//! edit and what document it makes (S004.7, D3, D5, plan limits:
//! `propose_*`); here that document is validated and compiled into a new
//! [`Gate`], which keeps the decision log.

use crate::gate::Gate;
use std::fmt;
use teamgate_core::Explanation;
use teamgate_format::{Policy, PolicyError, RoleDef};

/// Why an edit was refused: the editor may not make it (a denial with a
/// [`Reason`](teamgate_core::Reason)), or the result would not be a valid policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditError(Kind);

#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    Denied(Explanation),
    Invalid(PolicyError),
}

impl EditError {
    /// A stable code: a [`Reason`](teamgate_core::Reason) code for denials, `invalid_policy` otherwise.
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
    fn rebuild(&self, policy: Policy) -> Result<Gate, EditError> {
        let next = Gate::new(policy).map_err(|p| EditError(Kind::Invalid(p)))?;
        Ok(Gate::from(next.into_core().with_settings_of(self)))
    }

    /// `editor` sets which scopes `target` keeps for a chat `action` in
    /// `number` (S004.5–S004.7). Listing every scope (or `all`) lifts the
    /// restriction. The editor must be allowed to edit `target`
    /// (`can_edit_permissions`, which needs the plan feature: D3) and may
    /// only grant scopes it holds itself in that number (D5); see
    /// [`teamgate_core::Gate::propose_team_permission`].
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
        let policy = self
            .propose_team_permission(editor, number, target, action, scopes)
            .map_err(denied)?;
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
    pub fn with_custom_role(&self, editor: &str, role: RoleDef) -> Result<Gate, EditError> {
        let id = role.id.clone();
        let policy = self.propose_custom_role(editor, role).map_err(denied)?;
        let next = self.rebuild(policy)?;
        next.check_new_role(editor, &id).map_err(denied)?;
        Ok(next)
    }

    /// `editor` gives `member` the role `role` in `number` (S004.2). The
    /// editor must be allowed to assign `role` there (`can_assign_role`,
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
        let policy = self
            .propose_member_role(editor, member, number, role)
            .map_err(denied)?;
        self.rebuild(policy)
    }

    /// The same policy on another plan (the billing system decides who may
    /// change plans: in the presets, `billing.subscription`, owner only).
    ///
    /// # Errors
    /// `invalid_policy` with `unknown_plan` for a plan that does not exist.
    pub fn with_plan(&self, plan: &str) -> Result<Gate, EditError> {
        let mut policy = self.policy().clone();
        policy.plan = Some(plan.to_owned());
        self.rebuild(policy)
    }
}
