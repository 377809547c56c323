//! Validation and compilation: a [`Policy`] document becomes a [`Compiled`]
//! table of small integers, collecting every problem on the way.
//!
//! Permissions are bit masks, one `u32` per (role, action): for a scoped
//! action bit *i* is scope *i*; for an unscoped action bit 0 means "held".

// Without `full` only the table types are used (gates come from snapshots).
#![cfg_attr(not(feature = "full"), allow(dead_code, unused_imports))]

use crate::error::{did_you_mean, show, ErrorCode, PolicyError, Problem};
use crate::model::{NumberDef, Policy, FORMAT_VERSION};
use std::collections::HashMap;

/// The word that means "every scope" (D2).
pub const ALL_SCOPES: &str = "all";
/// At most this many scopes per policy.
pub const MAX_SCOPES: usize = 16;
/// At most this many characters per id.
pub const MAX_ID_LEN: usize = 64;
/// At most this many roles per policy.
pub const MAX_ROLES: usize = 10_000;
/// At most this many actions per policy.
pub const MAX_ACTIONS: usize = 1_000;
/// At most this many numbers per policy.
pub const MAX_NUMBERS: usize = 1_000;
/// At most this many decision cells: (1 + numbers) × roles × actions.
pub const MAX_TABLE_CELLS: usize = 16 * 1024 * 1024;
/// The mask an unscoped action holds when granted.
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
    pub on: bool,
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

/// Ids to their positions. The whole engine hashes them; the decision-only
/// build (the browser's wasm) searches sorted ids by halves instead, which
/// needs no hashing code (about 4 KB of wasm) for the few ids of a policy.
#[cfg(feature = "full")]
pub(crate) type IdIndex = HashMap<String, usize>;
#[cfg(not(feature = "full"))]
pub(crate) type IdIndex = SortedIds;

/// (id, position) pairs sorted by id: [`IdIndex`] of the decision-only build.
#[cfg(not(feature = "full"))]
#[derive(Debug, Clone, Default)]
pub(crate) struct SortedIds(Vec<(String, usize)>);

#[cfg(not(feature = "full"))]
impl SortedIds {
    /// The position of `id`, as `HashMap::get` gives it.
    pub fn get(&self, id: &str) -> Option<&usize> {
        let i = self.0.binary_search_by(|(k, _)| k.as_str().cmp(id)).ok()?;
        self.0.get(i).map(|(_, p)| p)
    }
}

#[cfg(not(feature = "full"))]
impl FromIterator<(String, usize)> for SortedIds {
    /// Sorts by id with a heap sort: a few hundred bytes of wasm where the
    /// standard library's sorts take kilobytes, and O(n log n) for the
    /// thousands of members a snapshot may hold.
    fn from_iter<I: IntoIterator<Item = (String, usize)>>(pairs: I) -> SortedIds {
        fn sift_down(v: &mut [(String, usize)], mut root: usize, end: usize) {
            loop {
                let mut child = 2 * root + 1;
                if child + 1 < end && v.get(child).map(|x| &x.0) < v.get(child + 1).map(|x| &x.0) {
                    child += 1;
                }
                if child >= end || v.get(root).map(|x| &x.0) >= v.get(child).map(|x| &x.0) {
                    return;
                }
                v.swap(root, child);
                root = child;
            }
        }
        let mut v: Vec<(String, usize)> = pairs.into_iter().collect();
        let n = v.len();
        for root in (0..n / 2).rev() {
            sift_down(&mut v, root, n);
        }
        for end in (1..n).rev() {
            v.swap(0, end);
            sift_down(&mut v, 0, end);
        }
        SortedIds(v)
    }
}

/// A validated policy as lookup tables.
#[derive(Debug, Clone)]
pub(crate) struct Compiled {
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
    pub table: Vec<u32>,
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

impl Compiled {
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
        self.table
            .get((ctx * self.roles.len() + role) * n + action)
            .copied()
            .unwrap_or(0)
    }
    pub fn scope_names(&self, mask: u32) -> Vec<String> {
        self.scopes
            .iter()
            .enumerate()
            .filter(|(i, _)| mask & (1 << i) != 0)
            .map(|(_, s)| s.clone())
            .collect()
    }
    /// `None`: no scope; `all`: every scope; otherwise one declared scope.
    pub fn scope_mask(&self, scope: Option<&str>) -> Option<u32> {
        match scope {
            None => Some(0),
            Some(ALL_SCOPES) => Some(self.full_scopes),
            Some(s) => self.scopes.iter().position(|x| x == s).map(|i| 1u32 << i),
        }
    }
    pub fn role_ids(&self) -> impl Iterator<Item = &str> {
        self.roles.iter().map(|r| r.id.as_str())
    }
    pub fn action_ids(&self) -> impl Iterator<Item = &str> {
        self.actions.iter().map(|a| a.id.as_str())
    }
    pub fn scope_ids(&self) -> impl Iterator<Item = &str> {
        self.scopes
            .iter()
            .map(String::as_str)
            .chain(std::iter::once(ALL_SCOPES))
    }
}

impl Compiled {
    /// The tables of `policy` from the two things only compiling it gives:
    /// what each role holds (`held`, roles × actions: grants, exceptions and
    /// inheritance resolved) and each member's extra grants (members ×
    /// actions). Everything else is looked up by name: the ids and their
    /// indexes, the plan gates, the management actions, and the decision
    /// table (the plan gate, then each number's team permissions). `None`
    /// when they do not fit the policy: a name it does not declare, a mask
    /// beyond an action's scopes, an owner not holding everything, a size
    /// off. What [`compile`] ends with, and what a snapshot is read into.
    pub(crate) fn derive(
        policy: &Policy,
        held: Vec<u32>,
        member_grants: Vec<Vec<u32>>,
    ) -> Option<Compiled> {
        let p = policy;
        if p.scopes.len() > MAX_SCOPES {
            return None;
        }
        let full_scopes = (1u32 << p.scopes.len()) - 1;
        let plan = resolve(p.plan.as_deref(), p.plans.iter().map(|x| x.id.as_str()))?;
        let mut actions = Vec::with_capacity(p.actions.len());
        for a in &p.actions {
            let feature = resolve(a.feature.as_deref(), p.features.iter().map(String::as_str))?;
            actions.push(ActionInfo {
                id: a.id.clone(),
                scoped: a.scoped,
                feature,
                on: action_on(p, plan, feature),
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
            .is_none_or(|a| a.on);
        // A mask fits its action: no bit beyond what holding it entirely sets.
        let fits = |mask: u32, a: &ActionInfo| mask & !a.full(full_scopes) == 0;
        let mut members = Vec::with_capacity(p.members.len());
        for (d, grants) in p.members.iter().zip(member_grants) {
            let ok = grants.len() == n_a
                && grants
                    .iter()
                    .zip(&actions)
                    .all(|(&g, a)| fits(g, a) && (a.on || g == 0))
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
                    let base = if a.on { held } else { 0 };
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
        Some(Compiled {
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
            table,
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
                scopes.iter().position(|x| x == s).map(|i| mask | 1 << i)
            }
        }),
    }
}

/// Whether the current plan (`plan`, an index into `policy.plans`) lets an
/// action needing `feature` (an index into `policy.features`) be used.
pub(crate) fn action_on(policy: &Policy, plan: Option<usize>, feature: Option<usize>) -> bool {
    let Some(feature) = feature else {
        return true;
    };
    match plan.and_then(|p| policy.plans.get(p)) {
        Some(p) => policy
            .features
            .get(feature)
            .is_some_and(|f| p.features.iter().any(|x| x == f)),
        // No plans at all: nothing is gated.
        None => policy.plans.is_empty(),
    }
}

/// Whether `id` is a lowercase `snake_case` id.
pub(crate) fn is_id(id: &str) -> bool {
    let mut chars = id.chars();
    matches!(chars.next(), Some('a'..='z'))
        && chars.all(|c| matches!(c, 'a'..='z' | '0'..='9' | '_'))
        && id.len() <= MAX_ID_LEN
}

fn is_action_id(id: &str) -> bool {
    matches!(id.split_once('.'), Some((s, v)) if is_id(s) && is_id(v))
}

struct Ctx {
    problems: Vec<Problem>,
}

impl Ctx {
    fn push(&mut self, p: Problem) {
        self.problems.push(p);
    }
    /// Checks ids for syntax and duplicates; returns the index of the valid ones.
    fn index<'a>(
        &mut self,
        what: &str,
        items: impl Iterator<Item = &'a str>,
        path: &str,
        valid: fn(&str) -> bool,
        shape: &str,
    ) -> HashMap<String, usize> {
        let mut index = HashMap::new();
        for (i, id) in items.enumerate() {
            let at = format!("{path}[{i}]");
            if !valid(id) {
                self.push(
                    Problem::new(
                        ErrorCode::InvalidId,
                        at.clone(),
                        format!("invalid {what} id `{}`", show(id)),
                    )
                    .hint(format!(
                        "{what} ids are {shape}, at most {MAX_ID_LEN} characters"
                    )),
                );
            }
            if index.insert(id.to_owned(), i).is_some() {
                self.push(
                    Problem::new(
                        ErrorCode::DuplicateId,
                        at,
                        format!("duplicate {what} id `{}`", show(id)),
                    )
                    .hint(format!("each {what} needs its own id")),
                );
            }
        }
        index
    }
}

const SNAKE: &str = "lowercase snake_case (`a-z`, `0-9`, `_`, starting with a letter)";

fn unknown(code: ErrorCode, what: &str, id: &str, path: String, known: Vec<&str>) -> Problem {
    let hint = did_you_mean(id, known.iter().copied()).or_else(|| {
        if known.is_empty() {
            Some(format!("no {what} is declared"))
        } else {
            Some(format!(
                "known {what}s: {}",
                known
                    .iter()
                    .take(12)
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        }
    });
    Problem::new(code, path, format!("unknown {what} `{}`", show(id))).maybe_hint(hint)
}

/// What grants are read against: the action catalog and the scopes.
#[derive(Clone, Copy)]
struct Grants<'a> {
    actions: &'a [ActionInfo],
    action_index: &'a HashMap<String, usize>,
    scopes: &'a [String],
    full_scopes: u32,
}

impl Grants<'_> {
    /// Every grant of `list` as (action, mask) pairs; a bad grant becomes a
    /// problem at `path(i)`.
    fn parse_all(
        self,
        cx: &mut Ctx,
        list: &[String],
        path: impl Fn(usize) -> String,
    ) -> Vec<(usize, u32)> {
        let mut out = Vec::new();
        for (i, g) in list.iter().enumerate() {
            if let Err(p) = parse_grant(g, || path(i), self, &mut out) {
                cx.push(p);
            }
        }
        out
    }
}

/// Parses one grant (`*`, `section.*`, `section.verb`, `section.verb:scope`)
/// into (action, mask) pairs appended to `out` (no allocation of its own:
/// roles can list thousands of grants). `path` is only built for a problem.
fn parse_grant(
    grant: &str,
    path: impl Fn() -> String,
    against: Grants<'_>,
    out: &mut Vec<(usize, u32)>,
) -> Result<(), Problem> {
    let Grants {
        actions,
        action_index,
        scopes,
        full_scopes,
    } = against;
    let full = |a: &ActionInfo| a.full(full_scopes);
    if grant == "*" {
        out.extend(actions.iter().enumerate().map(|(i, a)| (i, full(a))));
        return Ok(());
    }
    // Most grants name one action: one hash lookup, before any splitting.
    if let Some((ai, a)) = action_index
        .get(grant)
        .and_then(|&ai| actions.get(ai).map(|a| (ai, a)))
    {
        out.push((ai, full(a)));
        return Ok(());
    }
    let (action, scope) = match grant.split_once(':') {
        Some((a, s)) => (a, Some(s)),
        None => (grant, None),
    };
    if let Some(section) = action.strip_suffix(".*") {
        let prefix = format!("{section}.");
        let found: Vec<(usize, u32)> = actions
            .iter()
            .enumerate()
            .filter(|(_, a)| a.id.starts_with(&prefix))
            .map(|(i, a)| (i, full(a)))
            .collect();
        if found.is_empty() {
            let mut sections: Vec<&str> = actions
                .iter()
                .filter_map(|a| a.id.split_once('.').map(|(s, _)| s))
                .collect();
            sections.dedup();
            return Err(unknown(
                ErrorCode::UnknownSection,
                "section",
                section,
                path(),
                sections,
            ));
        }
        if scope.is_some() {
            return Err(Problem::new(
                ErrorCode::UnknownAction,
                path(),
                format!("grant `{}` names a section and a scope", show(grant)),
            )
            .hint("scopes go on single actions, e.g. `chats.read:mine`"));
        }
        out.extend(found);
        return Ok(());
    }
    let Some(&ai) = action_index.get(action) else {
        return Err(unknown(
            ErrorCode::UnknownAction,
            "action",
            action,
            path(),
            actions.iter().map(|a| a.id.as_str()).collect(),
        ));
    };
    let Some(a) = actions.get(ai) else {
        return Err(Problem::new(
            ErrorCode::UnknownAction,
            path(),
            "unknown action",
        ));
    };
    let mask = match scope {
        None => full(a),
        Some(_) if !a.scoped => {
            return Err(Problem::new(
                ErrorCode::ScopeOnUnscoped,
                path(),
                format!("action `{}` takes no scope", a.id),
            )
            .hint(format!("write `{}` alone", a.id)))
        }
        Some(ALL_SCOPES) => full_scopes,
        Some(s) => match scopes.iter().position(|x| x == s) {
            Some(i) => 1 << i,
            None => {
                return Err(unknown(
                    ErrorCode::UnknownScope,
                    "scope",
                    s,
                    path(),
                    scopes
                        .iter()
                        .map(String::as_str)
                        .chain([ALL_SCOPES])
                        .collect(),
                ))
            }
        },
    };
    out.push((ai, mask));
    Ok(())
}

#[cfg(feature = "full")]
/// Validates `policy` and builds its tables; every problem is collected.
pub(crate) fn compile(policy: &Policy) -> Result<Compiled, PolicyError> {
    let mut cx = Ctx {
        problems: Vec::new(),
    };
    let (n_r, n_a, n_n) = (
        policy.roles.len(),
        policy.actions.len(),
        policy.numbers.len(),
    );
    let cells = (1 + n_n).saturating_mul(n_r).saturating_mul(n_a);
    if n_r > MAX_ROLES || n_a > MAX_ACTIONS || n_n > MAX_NUMBERS || cells > MAX_TABLE_CELLS {
        return Err(PolicyError::too_large(format!(
            "{n_r} roles, {n_a} actions and {n_n} numbers (at most {MAX_ROLES} roles, {MAX_ACTIONS} actions, {MAX_NUMBERS} numbers and {MAX_TABLE_CELLS} decisions in all)"
        )));
    }
    if policy.version != FORMAT_VERSION {
        cx.push(
            Problem::new(
                ErrorCode::UnsupportedVersion,
                "$.version",
                format!("unsupported policy format version `{}`", policy.version),
            )
            .hint(format!("this teamgate reads version {FORMAT_VERSION}")),
        );
    }

    // Scopes.
    if policy.scopes.len() > MAX_SCOPES {
        cx.push(
            Problem::new(
                ErrorCode::TooManyScopes,
                "$.scopes",
                format!(
                    "{} scopes declared, at most {MAX_SCOPES} are supported",
                    policy.scopes.len()
                ),
            )
            .hint("chat scopes are few (pending, mine, others); use actions for the rest"),
        );
    }
    cx.index(
        "scope",
        policy.scopes.iter().map(String::as_str),
        "$.scopes",
        is_id,
        SNAKE,
    );
    for (i, s) in policy.scopes.iter().enumerate() {
        if s == ALL_SCOPES {
            cx.push(
                Problem::new(
                    ErrorCode::ReservedScope,
                    format!("$.scopes[{i}]"),
                    "scope `all` is reserved",
                )
                .hint("`all` always means every declared scope at once; remove it from `scopes`"),
            );
        }
    }
    let scopes: Vec<String> = policy.scopes.iter().take(MAX_SCOPES).cloned().collect();
    let full_scopes: u32 = if scopes.len() >= 32 {
        u32::MAX
    } else {
        (1u32 << scopes.len()) - 1
    };

    // Features and plans.
    let feature_index = cx.index(
        "feature",
        policy.features.iter().map(String::as_str),
        "$.features",
        is_id,
        SNAKE,
    );
    let feature_ids: Vec<&str> = policy.features.iter().map(String::as_str).collect();
    let plan_index = cx.index(
        "plan",
        policy.plans.iter().map(|p| p.id.as_str()),
        "$.plans",
        is_id,
        SNAKE,
    );
    let plan_ids: Vec<&str> = policy.plans.iter().map(|p| p.id.as_str()).collect();
    for (pi, plan) in policy.plans.iter().enumerate() {
        for (fi, f) in plan.features.iter().enumerate() {
            if !feature_index.contains_key(f) {
                cx.push(unknown(
                    ErrorCode::UnknownFeature,
                    "feature",
                    f,
                    format!("$.plans[{pi}].features[{fi}]"),
                    feature_ids.clone(),
                ));
            }
        }
    }
    let plan = match &policy.plan {
        Some(p) => match plan_index.get(p) {
            Some(&i) => Some(i),
            None => {
                cx.push(unknown(
                    ErrorCode::UnknownPlan,
                    "plan",
                    p,
                    "$.plan".into(),
                    plan_ids.clone(),
                ));
                None
            }
        },
        None => {
            if !policy.plans.is_empty() {
                cx.push(
                    Problem::new(
                        ErrorCode::MissingPlan,
                        "$.plan",
                        "the account's current `plan` is missing",
                    )
                    .maybe_hint(plan_ids.first().map(|p| format!("add `\"plan\": \"{p}\"`"))),
                );
            }
            None
        }
    };

    // Actions.
    let action_index = cx.index(
        "action",
        policy.actions.iter().map(|a| a.id.as_str()),
        "$.actions",
        is_action_id,
        "`section.verb`, both parts lowercase snake_case",
    );
    let mut actions = Vec::with_capacity(policy.actions.len());
    for (i, a) in policy.actions.iter().enumerate() {
        let feature = match &a.feature {
            Some(f) => match feature_index.get(f) {
                Some(&fi) => Some(fi),
                None => {
                    cx.push(unknown(
                        ErrorCode::UnknownFeature,
                        "feature",
                        f,
                        format!("$.actions[{i}].feature"),
                        feature_ids.clone(),
                    ));
                    None
                }
            },
            None => None,
        };
        actions.push(ActionInfo {
            id: a.id.clone(),
            scoped: a.scoped,
            feature,
            on: action_on(policy, plan, feature),
        });
    }
    let action_ids: Vec<&str> = policy.actions.iter().map(|a| a.id.as_str()).collect();
    let n_actions = actions.len();

    // Roles.
    let role_index = cx.index(
        "role",
        policy.roles.iter().map(|r| r.id.as_str()),
        "$.roles",
        is_id,
        SNAKE,
    );
    let role_ids: Vec<&str> = policy.roles.iter().map(|r| r.id.as_str()).collect();
    let owners: Vec<usize> = policy
        .roles
        .iter()
        .enumerate()
        .filter(|(_, r)| r.owner)
        .map(|(i, _)| i)
        .collect();
    if owners.len() > 1 {
        for &o in owners.iter().skip(1) {
            cx.push(
                Problem::new(
                    ErrorCode::MultipleOwners,
                    format!("$.roles[{o}].owner"),
                    "an account has exactly one owner",
                )
                .maybe_hint(
                    owners
                        .first()
                        .and_then(|&f| policy.roles.get(f))
                        .map(|r| format!("role `{}` is already the owner", r.id)),
                ),
            );
        }
    }
    let owner = owners.first().copied();
    let against = Grants {
        actions: &actions,
        action_index: &action_index,
        scopes: &scopes,
        full_scopes,
    };
    let mut grants: Vec<Vec<(usize, u32)>> = Vec::with_capacity(policy.roles.len());
    let mut excepts: Vec<Vec<(usize, u32)>> = Vec::with_capacity(policy.roles.len());
    let mut parent: Vec<Option<usize>> = Vec::with_capacity(policy.roles.len());
    for (ri, r) in policy.roles.iter().enumerate() {
        let at = format!("$.roles[{ri}]");
        if r.owner {
            if !r.grants.is_empty() || !r.except.is_empty() || r.inherits.is_some() {
                cx.push(
                    Problem::new(ErrorCode::OwnerRestricted, at.clone(), format!("owner role `{}` lists grants, exceptions or inheritance", r.id))
                        .hint("the owner holds every permission the plan allows; remove `grants`, `except` and `inherits`"),
                );
            }
        } else if let Some(o) = owner.and_then(|o| policy.roles.get(o)) {
            if r.rank >= o.rank {
                cx.push(
                    Problem::new(
                        ErrorCode::OutranksOwner,
                        format!("{at}.rank"),
                        format!(
                            "role `{}` has rank {}, not below the owner's {}",
                            r.id, r.rank, o.rank
                        ),
                    )
                    .hint(format!("give `{}` a rank below {}", r.id, o.rank)),
                );
            }
        }
        parent.push(match &r.inherits {
            Some(p) => match role_index.get(p) {
                Some(&pi) => Some(pi),
                None => {
                    cx.push(unknown(
                        ErrorCode::UnknownRole,
                        "role",
                        p,
                        format!("{at}.inherits"),
                        role_ids.clone(),
                    ));
                    None
                }
            },
            None => None,
        });
        for (list, out, key) in [
            (&r.grants, &mut grants, "grants"),
            (&r.except, &mut excepts, "except"),
        ] {
            out.push(against.parse_all(&mut cx, list, |i| format!("{at}.{key}[{i}]")));
        }
    }
    // Inheritance: resolve in dependency order, reporting cycles once each.
    let n_roles = policy.roles.len();
    let mut held = vec![0u32; n_roles * n_actions];
    let mut state = vec![0u8; n_roles]; // 0 new, 1 visiting, 2 done
    for start in 0..n_roles {
        let mut chain = Vec::new();
        let mut cur = Some(start);
        while let Some(c) = cur {
            match state.get(c).copied() {
                Some(0) => {
                    if let Some(s) = state.get_mut(c) {
                        *s = 1;
                    }
                    chain.push(c);
                    cur = parent.get(c).copied().flatten();
                }
                Some(1) => {
                    let names: Vec<&str> = chain
                        .iter()
                        .skip_while(|&&x| x != c)
                        .filter_map(|&x| policy.roles.get(x).map(|r| r.id.as_str()))
                        .collect();
                    cx.push(
                        Problem::new(
                            ErrorCode::InheritanceCycle,
                            format!("$.roles[{c}].inherits"),
                            format!(
                                "roles inherit in a circle: {} → {}",
                                names.join(" → "),
                                names.first().unwrap_or(&"")
                            ),
                        )
                        .hint("remove one `inherits` so the chain ends"),
                    );
                    // Break the circle so that resolution below terminates.
                    if let Some(p) = parent.get_mut(c) {
                        *p = None;
                    }
                    break;
                }
                _ => break,
            }
        }
        // Resolve the chain from its root down.
        for &c in chain.iter().rev() {
            let base: Vec<u32> = match parent.get(c).copied().flatten() {
                Some(p) => held
                    .get(p * n_actions..(p + 1) * n_actions)
                    .map(<[u32]>::to_vec)
                    .unwrap_or_default(),
                None => vec![0; n_actions],
            };
            let is_owner = policy.roles.get(c).is_some_and(|r| r.owner);
            if let Some(row) = held.get_mut(c * n_actions..(c + 1) * n_actions) {
                for (ai, cell) in row.iter_mut().enumerate() {
                    *cell = base.get(ai).copied().unwrap_or(0);
                    if is_owner {
                        *cell = actions.get(ai).map_or(0, |a| a.full(full_scopes));
                    }
                }
                for &(ai, m) in grants.get(c).into_iter().flatten() {
                    if let Some(cell) = row.get_mut(ai) {
                        *cell |= m;
                    }
                }
                for &(ai, m) in excepts.get(c).into_iter().flatten() {
                    if let Some(cell) = row.get_mut(ai) {
                        *cell &= !m;
                    }
                }
            }
            if let Some(s) = state.get_mut(c) {
                *s = 2;
            }
        }
    }

    // Management.
    let mgmt = &policy.management;
    let mgmt_action = |cx: &mut Ctx, id: &str, path: String| -> Option<usize> {
        match action_index.get(id) {
            Some(&i) => {
                if actions.get(i).is_some_and(|a| a.scoped) {
                    cx.push(
                        Problem::new(
                            ErrorCode::ScopedManagementAction,
                            path,
                            format!("management action `{id}` is scoped"),
                        )
                        .hint("use an unscoped (console) action"),
                    );
                }
                Some(i)
            }
            None => {
                cx.push(unknown(
                    ErrorCode::UnknownAction,
                    "action",
                    id,
                    path,
                    action_ids.clone(),
                ));
                None
            }
        }
    };
    // Checked here; looked up again by `Compiled::derive`.
    if let Some(a) = mgmt.edit_permissions.as_deref() {
        mgmt_action(&mut cx, a, "$.management.edit_permissions".into());
    }
    if let Some(a) = mgmt.manage_roles.as_deref() {
        mgmt_action(&mut cx, a, "$.management.manage_roles".into());
    }
    for (i, a) in mgmt.assign_roles.iter().enumerate() {
        mgmt_action(&mut cx, a, format!("$.management.assign_roles[{i}]"));
    }
    for (i, r) in mgmt.keep_one_of.iter().enumerate() {
        if !role_index.contains_key(r) {
            cx.push(unknown(
                ErrorCode::UnknownRole,
                "role",
                r,
                format!("$.management.keep_one_of[{i}]"),
                role_ids.clone(),
            ));
        }
    }

    // Numbers and their team permissions.
    let number_index = cx.index(
        "number",
        policy.numbers.iter().map(|n| n.id.as_str()),
        "$.numbers",
        is_id,
        SNAKE,
    );
    for (ni, num) in policy.numbers.iter().enumerate() {
        for (role, perms) in &num.team_permissions {
            let at = format!("$.numbers[{ni}].team_permissions");
            let Some(&ri) = role_index.get(role) else {
                cx.push(unknown(
                    ErrorCode::UnknownRole,
                    "role",
                    role,
                    format!("{at}.{}", show(role)),
                    role_ids.clone(),
                ));
                continue;
            };
            if Some(ri) == owner {
                cx.push(
                    Problem::new(
                        ErrorCode::OwnerRestricted,
                        format!("{at}.{role}"),
                        format!("team permissions restrict the owner role `{role}`"),
                    )
                    .hint("the owner's access can never be edited; remove this entry"),
                );
                continue;
            }
            for (action, scope_list) in perms {
                let at = format!("{at}.{role}[\"{}\"]", show(action));
                let Some(&ai) = action_index.get(action) else {
                    cx.push(unknown(
                        ErrorCode::UnknownAction,
                        "action",
                        action,
                        at,
                        action_ids.clone(),
                    ));
                    continue;
                };
                if actions.get(ai).is_some_and(|a| !a.scoped) {
                    cx.push(
                        Problem::new(ErrorCode::NotATeamPermission, at, format!("`{action}` is not a chat action"))
                            .hint("team permissions cover scoped chat actions only; console access follows the role"),
                    );
                    continue;
                }
                for (si, s) in scope_list.iter().enumerate() {
                    if s != ALL_SCOPES && !scopes.contains(s) {
                        cx.push(unknown(
                            ErrorCode::UnknownScope,
                            "scope",
                            s,
                            format!("{at}[{si}]"),
                            scopes
                                .iter()
                                .map(String::as_str)
                                .chain([ALL_SCOPES])
                                .collect(),
                        ));
                    }
                }
            }
        }
    }

    // Members.
    cx.index(
        "member",
        policy.members.iter().map(|m| m.id.as_str()),
        "$.members",
        is_id,
        SNAKE,
    );
    let number_ids: Vec<&str> = policy.numbers.iter().map(|n| n.id.as_str()).collect();
    let mut member_grants = Vec::with_capacity(policy.members.len());
    for (mi, m) in policy.members.iter().enumerate() {
        for (number, role) in &m.roles {
            let at = format!("$.members[{mi}].roles.{}", show(number));
            let ni = number_index.get(number).copied();
            let ri = role_index.get(role).copied();
            if ni.is_none() {
                cx.push(unknown(
                    ErrorCode::UnknownNumber,
                    "number",
                    number,
                    at.clone(),
                    number_ids.clone(),
                ));
            }
            if ri.is_none() {
                cx.push(unknown(
                    ErrorCode::UnknownRole,
                    "role",
                    role,
                    at,
                    role_ids.clone(),
                ));
            }
        }
        let mut grants = vec![0u32; n_actions];
        let parsed = against.parse_all(&mut cx, &m.grants, |i| {
            format!("$.members[{mi}].grants[{i}]")
        });
        for (ai, mask) in parsed {
            if let Some(cell) = grants.get_mut(ai) {
                *cell |= mask;
            }
        }
        for (ai, cell) in grants.iter_mut().enumerate() {
            if !actions.get(ai).is_some_and(|a| a.on) {
                *cell = 0;
            }
        }
        member_grants.push(grants);
    }

    if !cx.problems.is_empty() {
        return Err(PolicyError::new(cx.problems));
    }

    // Everything else follows from the policy, as a snapshot's tables do.
    Compiled::derive(policy, held, member_grants).ok_or_else(|| {
        PolicyError::one(Problem::new(
            ErrorCode::InvalidType,
            "$",
            "internal error: the validated policy did not compile; please report it",
        ))
    })
}

#[cfg(all(test, not(feature = "full")))]
mod tests {
    use super::SortedIds;
    use proptest::prelude::*;

    proptest! {
        /// The decision-only index finds every id (at one of its positions,
        /// when ids repeat) and nothing else, as the full build's hash map.
        #[test]
        fn sorted_ids_find_what_a_hash_map_finds(ids in prop::collection::vec("[a-d]{0,3}", 0..60), probe in "[a-e]{0,3}") {
            let index: SortedIds = ids.iter().cloned().enumerate().map(|(i, id)| (id, i)).collect();
            for id in ids.iter().chain([&probe]) {
                let found = index.get(id).copied();
                prop_assert_eq!(found.is_some(), ids.contains(id));
                if let Some(p) = found {
                    prop_assert_eq!(ids.get(p), Some(id));
                }
            }
        }
    }
}
