//! Whole screens and teams: the scopes a list may show, every decision of
//! a role at once (S004.8), team warnings (S000.7) and who holds a role.

use crate::decision::{ActionCapability, Capabilities, TeamWarning};
use crate::explain::list_or;
use crate::gate::Gate;

impl Gate {
    /// The scopes in which `role` may do the chat `action` (in `number`, or
    /// on the role defaults), in declaration order: what a UI turns into
    /// its tabs. A server filters its lists with [`Gate::chat_filter`]
    /// instead, the same decision as a filter its database runs
    /// (`["pending", "mine"]` becomes `assignee IS NULL OR assignee = $1`),
    /// so that a list never shows what opening an item would refuse. Exactly the scopes `s`
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
        let ri = *self.tables.role_index.get(role)?;
        let n_scopes = self.tables.scopes.len() as u32;
        let actions = self
            .tables
            .actions
            .iter()
            .enumerate()
            .map(|(ai, a)| {
                let mask = self.tables.decided(ctx.0 as usize, ri, ai);
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
                        self.tables.scope_names(mask)
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
        if self.tables.keep_one_of.is_empty() {
            return Vec::new();
        }
        let names: Vec<String> = self
            .tables
            .keep_one_of
            .iter()
            .filter_map(|&r| self.tables.roles.get(r))
            .map(|r| r.id.clone())
            .collect();
        self.tables
            .numbers
            .iter()
            .enumerate()
            .filter(|(ni, _)| {
                !self.tables.members.iter().any(|m| {
                    m.roles
                        .get(*ni)
                        .copied()
                        .flatten()
                        .is_some_and(|r| self.tables.keep_one_of.contains(&r))
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
        let Some(&ri) = self.tables.role_index.get(role) else {
            return Vec::new();
        };
        let ni = match number {
            Some(n) => match self.tables.number_index.get(n) {
                Some(&i) => Some(i),
                None => return Vec::new(),
            },
            None => None,
        };
        self.tables
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
