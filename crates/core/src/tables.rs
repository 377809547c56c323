//! The runtime tables of a gate: a validated policy as small integers. A
//! permission is a bit mask, one `u32` per (role, action): for a chat
//! (scoped) action bit *i* is scope *i*; for a console action bit 0 means
//! "held". [`Tables::derive`] builds every table from the policy and the
//! two things only validating it gives (what each role and member holds):
//! what `teamgate`'s validation hands over (`Gate::from_validated`), and
//! what a snapshot is read into.

use crate::ids::IdIndex;
use crate::masks::{all_scopes, scope_bit};
use teamgate_format::{
    plan_allows, scopes_and_all, NumberDef, Policy, ALL_SCOPES, MAX_SCOPES, MAX_TABLE_CELLS,
};

/// The mask a console (unscoped) action has when held; a chat action's mask
/// has bit *i* for its *i*-th declared scope.
pub(crate) const HELD: u32 = 1;

#[derive(Debug, Clone)]
pub(crate) struct RoleInfo {
    pub id: String,
    pub rank: u32,
    pub owner: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct ActionInfo {
    pub id: String,
    pub scoped: bool,
    /// Index into `features`.
    pub feature: Option<usize>,
    /// Whether the current plan allows it.
    pub plan_allows: bool,
}

impl ActionInfo {
    /// The mask of holding the action entirely: every scope (`full_scopes`)
    /// of a scoped action, [`HELD`] for an unscoped one.
    pub fn full(&self, full_scopes: u32) -> u32 {
        if self.scoped {
            full_scopes
        } else {
            HELD
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct MemberInfo {
    pub id: String,
    /// Per number: the role held there.
    pub roles: Vec<Option<usize>>,
    /// Per action: extra grants (plan gate applied).
    pub grants: Vec<u32>,
}

/// A validated policy as lookup tables.
#[derive(Debug, Clone)]
pub(crate) struct Tables {
    pub roles: Vec<RoleInfo>,
    pub role_index: IdIndex,
    pub actions: Vec<ActionInfo>,
    pub action_index: IdIndex,
    pub scopes: Vec<String>,
    pub features: Vec<String>,
    pub full_scopes: u32,
    /// Index into `policy.plans` of the current plan.
    pub plan: Option<usize>,
    /// roles × actions: what each role holds by its definition (no plan gate).
    pub held: Vec<u32>,
    /// (1 + numbers) × roles × actions: the decision table. Context 0 is the
    /// role defaults; context 1 + n is number n with its team permissions.
    pub decisions: Vec<u32>,
    pub numbers: Vec<String>,
    pub number_index: IdIndex,
    /// Whether the plan enforces team permissions (D3).
    pub team_enforced: bool,
    pub members: Vec<MemberInfo>,
    pub member_index: IdIndex,
    pub edit_action: Option<usize>,
    pub manage_roles_action: Option<usize>,
    pub assign_actions: Vec<usize>,
    pub keep_one_of: Vec<usize>,
}

impl Tables {
    pub fn n_actions(&self) -> usize {
        self.actions.len()
    }
    pub fn held(&self, role: usize, action: usize) -> u32 {
        self.held
            .get(role * self.n_actions() + action)
            .copied()
            .unwrap_or(0)
    }
    pub fn decided(&self, ctx: usize, role: usize, action: usize) -> u32 {
        let n = self.n_actions();
        self.decisions
            .get((ctx * self.roles.len() + role) * n + action)
            .copied()
            .unwrap_or(0)
    }
    pub fn scope_names(&self, mask: u32) -> Vec<String> {
        self.scopes
            .iter()
            .enumerate()
            .filter(|&(i, _)| mask & scope_bit(i) != 0)
            .map(|(_, s)| s.clone())
            .collect()
    }
    /// `None`: no scope; `all`: every scope; otherwise one declared scope.
    pub fn scope_mask(&self, scope: Option<&str>) -> Option<u32> {
        match scope {
            None => Some(0),
            Some(ALL_SCOPES) => Some(self.full_scopes),
            Some(s) => self.scopes.iter().position(|x| x == s).map(scope_bit),
        }
    }
    pub fn role_ids(&self) -> impl Iterator<Item = &str> {
        self.roles.iter().map(|r| r.id.as_str())
    }
    pub fn action_ids(&self) -> impl Iterator<Item = &str> {
        self.actions.iter().map(|a| a.id.as_str())
    }
    pub fn scope_ids(&self) -> impl Iterator<Item = &str> {
        scopes_and_all(&self.scopes)
    }
}

impl Tables {
    /// The tables of `policy` from the two things only validating it gives:
    /// what each role holds (`held`, roles × actions: grants, exceptions and
    /// inheritance resolved) and each member's extra grants (members ×
    /// actions). Everything else is looked up by name: the ids and their
    /// indexes, the plan gates, the management actions, and the decision
    /// table (the plan gate, then each number's team permissions). `None`
    /// when they do not fit the policy: a name it does not declare, a mask
    /// beyond an action's scopes, an owner not holding everything, a size
    /// off. What validation hands over, and what a snapshot is read into.
    /// Not inlined: see `read_policy` in snapshot.rs.
    #[inline(never)]
    pub(crate) fn derive(
        policy: &Policy,
        held: Vec<u32>,
        member_grants: Vec<Vec<u32>>,
    ) -> Option<Tables> {
        let p = policy;
        if p.scopes.len() > MAX_SCOPES {
            return None;
        }
        let full_scopes = all_scopes(p.scopes.len());
        let plan = resolve(p.plan.as_deref(), p.plans.iter().map(|x| x.id.as_str()))?;
        let mut actions = Vec::with_capacity(p.actions.len());
        for a in &p.actions {
            let feature = resolve(a.feature.as_deref(), p.features.iter().map(String::as_str))?;
            actions.push(ActionInfo {
                id: a.id.clone(),
                scoped: a.scoped,
                feature,
                plan_allows: plan_allows(p, plan, feature),
            });
        }
        let roles: Vec<RoleInfo> = p
            .roles
            .iter()
            .map(|r| RoleInfo {
                id: r.id.clone(),
                rank: r.rank,
                owner: r.owner,
            })
            .collect();
        let (n_r, n_a, n_n) = (roles.len(), actions.len(), p.numbers.len());
        let cells = (1 + n_n).checked_mul(n_r)?.checked_mul(n_a)?;
        if held.len() != n_r * n_a
            || member_grants.len() != p.members.len()
            || cells > MAX_TABLE_CELLS
        {
            return None;
        }
        let action_ids = || actions.iter().map(|a| a.id.as_str());
        let role_ids = || roles.iter().map(|r| r.id.as_str());
        let m = &p.management;
        let edit_action = resolve(m.edit_permissions.as_deref(), action_ids())?;
        let manage_roles_action = resolve(m.manage_roles.as_deref(), action_ids())?;
        let assign_actions = m
            .assign_roles
            .iter()
            .map(|id| pos(action_ids(), id))
            .collect::<Option<Vec<_>>>()?;
        let keep_one_of = m
            .keep_one_of
            .iter()
            .map(|id| pos(role_ids(), id))
            .collect::<Option<Vec<_>>>()?;
        // D3: team permissions are enforced when the plan allows editing them.
        let team_enforced = edit_action
            .and_then(|a| actions.get(a))
            .is_none_or(|a| a.plan_allows);
        // A mask fits its action: no bit beyond what holding it entirely sets.
        let fits = |mask: u32, a: &ActionInfo| mask & !a.full(full_scopes) == 0;
        let mut members = Vec::with_capacity(p.members.len());
        for (d, grants) in p.members.iter().zip(member_grants) {
            let ok = grants.len() == n_a
                && grants
                    .iter()
                    .zip(&actions)
                    .all(|(&g, a)| fits(g, a) && (a.plan_allows || g == 0))
                && d.roles.keys().all(|n| p.numbers.iter().any(|x| x.id == *n));
            if !ok {
                return None;
            }
            let roles = p
                .numbers
                .iter()
                .map(|n| resolve(d.roles.get(&n.id).map(String::as_str), role_ids()))
                .collect::<Option<Vec<_>>>()?;
            members.push(MemberInfo {
                id: d.id.clone(),
                roles,
                grants,
            });
        }
        // What each role holds fits its actions; the owner holds them all.
        let held_ok = roles.iter().zip(held.chunks(n_a.max(1))).all(|(r, row)| {
            row.iter()
                .zip(&actions)
                .all(|(&h, a)| fits(h, a) && (!r.owner || h == a.full(full_scopes)))
        });
        if !held_ok {
            return None;
        }
        let mut table = Vec::with_capacity(cells);
        for ctx in 0..=n_n {
            let number = ctx.checked_sub(1).and_then(|i| p.numbers.get(i));
            for (ri, r) in roles.iter().enumerate() {
                for (ai, a) in actions.iter().enumerate() {
                    let held = held.get(ri * n_a + ai).copied().unwrap_or(0);
                    let base = if a.plan_allows { held } else { 0 };
                    let kept = match number {
                        Some(n) if team_enforced && a.scoped => {
                            restriction(n, &r.id, &a.id, &p.scopes, full_scopes)?
                        }
                        _ => u32::MAX,
                    };
                    table.push(base & kept);
                }
            }
        }
        Some(Tables {
            role_index: index(role_ids()),
            action_index: index(action_ids()),
            number_index: index(p.numbers.iter().map(|n| n.id.as_str())),
            member_index: index(p.members.iter().map(|m| m.id.as_str())),
            roles,
            actions,
            scopes: p.scopes.clone(),
            features: p.features.clone(),
            full_scopes,
            plan,
            held,
            decisions: table,
            numbers: p.numbers.iter().map(|n| n.id.clone()).collect(),
            team_enforced,
            members,
            edit_action,
            manage_roles_action,
            assign_actions,
            keep_one_of,
        })
    }
}

/// The position of `id` among `ids`.
fn pos<'a>(mut ids: impl Iterator<Item = &'a str>, id: &str) -> Option<usize> {
    ids.position(|x| x == id)
}

/// An optional reference by id: `Some(None)` when there is none,
/// `Some(Some(position))` when `ids` has it, `None` when it names nothing.
fn resolve<'a>(id: Option<&str>, ids: impl Iterator<Item = &'a str>) -> Option<Option<usize>> {
    match id {
        None => Some(None),
        Some(id) => pos(ids, id).map(Some),
    }
}

/// Ids to their positions.
fn index<'a>(ids: impl Iterator<Item = &'a str>) -> IdIndex {
    ids.enumerate().map(|(i, id)| (id.to_owned(), i)).collect()
}

/// The scopes a number's team permissions keep of `action` for `role`:
/// every scope where it lists none (S004.3); `None` for an undeclared scope.
fn restriction(
    number: &NumberDef,
    role: &str,
    action: &str,
    scopes: &[String],
    full: u32,
) -> Option<u32> {
    match number
        .team_permissions
        .get(role)
        .and_then(|p| p.get(action))
    {
        None => Some(u32::MAX),
        Some(list) => list.iter().try_fold(0, |mask, s| {
            if s == ALL_SCOPES {
                Some(mask | full)
            } else {
                scopes
                    .iter()
                    .position(|x| x == s)
                    .map(|i| mask | scope_bit(i))
            }
        }),
    }
}
