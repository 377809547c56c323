//! What a role or a member holds of each action, in the core's one
//! encoding, and [`Masks`]: the form in which validation (the `teamgate`
//! crate) hands a policy's roles and members over. Only the core knows the
//! encoding (a chat action: one bit per declared scope; a console action:
//! one "held" bit); validation builds masks through these functions.

use crate::tables::HELD;
use std::ops::BitOr;
use teamgate_format::MAX_SCOPES;

/// The bit of the scope at `position` among the declared scopes.
pub(crate) const fn scope_bit(position: usize) -> u32 {
    1 << position
}

/// The bits of all `n` declared scopes (at most [`MAX_SCOPES`]).
pub(crate) const fn all_scopes(n: usize) -> u32 {
    if n == 0 {
        0
    } else {
        (1u32 << n) - 1
    }
}

/// How much of one action is held: some of a chat action's scopes, or a
/// console action (whole or not at all). Built by [`Holding::whole`] and
/// [`Holding::scope`], joined with `|`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Holding(u32);

impl Holding {
    /// Nothing of the action.
    pub const NONE: Holding = Holding(0);

    /// All of an action: each of the policy's `scopes` declared scopes of a
    /// chat action (`scoped`), or the console action itself.
    pub fn whole(scoped: bool, scopes: usize) -> Holding {
        if scoped {
            Holding(all_scopes(scopes.min(MAX_SCOPES)))
        } else {
            Holding(HELD)
        }
    }

    /// The scope at `position` among the declared scopes, of a chat action;
    /// `None` past the most scopes a policy may declare.
    pub fn scope(position: usize) -> Option<Holding> {
        (position < MAX_SCOPES).then(|| Holding(scope_bit(position)))
    }

    /// Whether nothing is held.
    pub fn is_none(self) -> bool {
        self.0 == 0
    }

    /// `self` without what `other` holds.
    pub fn without(self, other: Holding) -> Holding {
        Holding(self.0 & !other.0)
    }
}

impl BitOr for Holding {
    type Output = Holding;
    fn bitor(self, other: Holding) -> Holding {
        Holding(self.0 | other.0)
    }
}

/// What each role holds of each action (roles × actions; grants,
/// exceptions and inheritance resolved) and each member's extra grants
/// (members × actions), as validation found them. Given to
/// [`Gate::from_validated`](crate::Gate::from_validated), which checks them
/// against the policy as it checks a snapshot's.
#[derive(Clone, Debug)]
pub struct Masks {
    actions: usize,
    held: Vec<u32>,
    member_grants: Vec<Vec<u32>>,
}

impl Masks {
    /// Nothing held by `roles` roles of `actions` actions, and no members.
    pub fn new(roles: usize, actions: usize) -> Masks {
        Masks {
            actions,
            held: vec![0; roles.saturating_mul(actions)],
            member_grants: Vec::new(),
        }
    }

    /// Where role `role`'s mask of `action` is in `held`, if it is there.
    fn index(&self, role: usize, action: usize) -> Option<usize> {
        if action >= self.actions {
            return None;
        }
        role.checked_mul(self.actions)?.checked_add(action)
    }

    fn cell(&mut self, role: usize, action: usize) -> Option<&mut u32> {
        let i = self.index(role, action)?;
        self.held.get_mut(i)
    }

    /// Role `role` holds `what` of `action` too.
    pub fn grant(&mut self, role: usize, action: usize, what: Holding) {
        if let Some(cell) = self.cell(role, action) {
            *cell |= what.0;
        }
    }

    /// Role `role` no longer holds `what` of `action`.
    pub fn except(&mut self, role: usize, action: usize, what: Holding) {
        if let Some(cell) = self.cell(role, action) {
            *cell &= !what.0;
        }
    }

    /// Role `role` holds what role `from` holds (its own grants come after).
    pub fn inherit(&mut self, role: usize, from: usize) {
        let n = self.actions;
        for action in 0..n {
            let inherited = self.holds(from, action);
            self.grant(role, action, inherited);
        }
    }

    /// What role `role` holds of `action`.
    pub fn holds(&self, role: usize, action: usize) -> Holding {
        self.index(role, action)
            .and_then(|i| self.held.get(i))
            .map_or(Holding::NONE, |&m| Holding(m))
    }

    /// The next member (in the policy's order) holds, beyond their role,
    /// what `grants` give: `(action, what)` pairs.
    pub fn add_member(&mut self, grants: impl IntoIterator<Item = (usize, Holding)>) {
        let mut row = vec![0u32; self.actions];
        for (action, what) in grants {
            if let Some(cell) = row.get_mut(action) {
                *cell |= what.0;
            }
        }
        self.member_grants.push(row);
    }

    /// What member `member` (in the policy's order) holds beyond their role.
    pub fn member_holds(&self, member: usize, action: usize) -> Holding {
        self.member_grants
            .get(member)
            .and_then(|row| row.get(action))
            .map_or(Holding::NONE, |&m| Holding(m))
    }

    /// The raw tables, for the core's own checks.
    pub(crate) fn into_parts(self) -> (Vec<u32>, Vec<Vec<u32>>) {
        (self.held, self.member_grants)
    }
}
