//! Validation: a [`Policy`] document becomes a gate of the core, collecting
//! every problem on the way. `validate` runs the stages in order, each a
//! function with its own tests: size, version, scopes, plans, actions,
//! roles, inheritance, management, team permissions, members; then hands
//! the core what only these stages find: what each role and member holds,
//! as the core's `Masks`, built through its functions (the encoding is the
//! core's alone), to `teamgate_core::Gate::from_validated`.

use std::collections::HashMap;
use teamgate_core::{Holding, Masks};
use teamgate_format::{
    did_you_mean, is_id, plan_allows, scopes_and_all, show, ErrorCode, Policy, PolicyError,
    Problem, ALL_SCOPES, FORMAT_VERSION, MAX_ACTIONS, MAX_ID_LEN, MAX_NUMBERS, MAX_ROLES,
    MAX_SCOPES, MAX_TABLE_CELLS,
};

/// An action as the stages see it: whether it takes scopes and whether the
/// current plan allows it.
#[derive(Debug, Clone)]
struct ActionInfo {
    id: String,
    scoped: bool,
    plan_allows: bool,
}

impl ActionInfo {
    /// Holding the action entirely: every one of `scopes` declared scopes
    /// of a chat action, or the console action itself.
    fn whole(&self, scopes: usize) -> Holding {
        Holding::whole(self.scoped, scopes)
    }
}

fn is_action_id(id: &str) -> bool {
    matches!(id.split_once('.'), Some((s, v)) if is_id(s) && is_id(v))
}

/// The problems found so far: every stage adds to them, none stops at the first.
#[derive(Default)]
struct Problems {
    list: Vec<Problem>,
}

impl Problems {
    fn push(&mut self, p: Problem) {
        self.list.push(p);
    }
    /// Checks ids for syntax and duplicates; returns the position of every
    /// id, invalid ones included (later stages look them up; the problems
    /// already say which are invalid).
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

/// Reads grants (`*`, `section.*`, `section.verb`, `section.verb:scope`)
/// against the action catalog and the scopes.
#[derive(Clone, Copy)]
struct GrantReader<'a> {
    actions: &'a [ActionInfo],
    action_index: &'a HashMap<String, usize>,
    scopes: &'a [String],
}

impl GrantReader<'_> {
    /// Every grant of `list` as (action, mask) pairs; a bad grant becomes a
    /// problem at `path(i)`.
    fn read_all(
        self,
        problems: &mut Problems,
        list: &[String],
        path: impl Fn(usize) -> String,
    ) -> Vec<(usize, Holding)> {
        let mut out = Vec::new();
        for (i, g) in list.iter().enumerate() {
            if let Err(p) = parse_grant(g, || path(i), self, &mut out) {
                problems.push(p);
            }
        }
        out
    }
}

/// Parses one grant (`*`, `section.*`, `section.verb`, `section.verb:scope`)
/// into (action, holding) pairs appended to `out` (no allocation of its own:
/// roles can list thousands of grants). `path` is only built for a problem.
fn parse_grant(
    grant: &str,
    path: impl Fn() -> String,
    against: GrantReader<'_>,
    out: &mut Vec<(usize, Holding)>,
) -> Result<(), Problem> {
    let GrantReader {
        actions,
        action_index,
        scopes,
    } = against;
    let full = |a: &ActionInfo| a.whole(scopes.len());
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
        let found: Vec<(usize, Holding)> = actions
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
        Some(ALL_SCOPES) => Holding::whole(true, scopes.len()),
        Some(s) => match scopes.iter().position(|x| x == s).and_then(Holding::scope) {
            Some(h) => h,
            None => {
                return Err(unknown(
                    ErrorCode::UnknownScope,
                    "scope",
                    s,
                    path(),
                    scopes_and_all(scopes).collect(),
                ))
            }
        },
    };
    out.push((ai, mask));
    Ok(())
}

/// Validates `policy` and builds its gate; every problem is collected.
pub(crate) fn validate(policy: Policy) -> Result<teamgate_core::Gate, PolicyError> {
    let masks = resolve(&policy)?;
    // Everything else follows from the policy, as a snapshot's tables do.
    teamgate_core::Gate::from_validated(policy, masks).ok_or_else(|| {
        PolicyError::one(Problem::new(
            ErrorCode::Internal,
            "$",
            "internal error: the validated policy did not compile; please report it",
        ))
    })
}

/// Runs the stages: what each role holds (roles × actions) and each
/// member's extra grants, or every problem found.
fn resolve(policy: &Policy) -> Result<Masks, PolicyError> {
    check_size(policy)?;
    let s = stages(policy);
    if !s.problems.list.is_empty() {
        return Err(PolicyError::new(s.problems.list));
    }
    Ok(s.masks)
}

/// What the stages found: the problems, and what validation hands the core.
struct Stages {
    problems: Problems,
    /// The declared scopes (for the stages' tests).
    #[cfg_attr(not(test), allow(dead_code))]
    scopes: Scopes,
    /// The actions as the stages read them (for the stages' tests).
    #[cfg_attr(not(test), allow(dead_code))]
    actions: Vec<ActionInfo>,
    /// What each role and member holds, in the core's encoding.
    masks: Masks,
}

/// Every stage after the size check, in order: the one pipeline that both
/// `validate` and the stages' tests run.
fn stages(policy: &Policy) -> Stages {
    let mut problems = Problems::default();
    check_version(&mut problems, policy);
    let scopes = scopes(&mut problems, policy);
    let plans = plans(&mut problems, policy);
    let catalog = actions(&mut problems, policy, &plans);
    let reader = GrantReader {
        actions: &catalog.actions,
        action_index: &catalog.index,
        scopes: &scopes.ids,
    };
    let mut roles = roles(&mut problems, policy, reader);
    let mut masks = inherit(
        &mut problems,
        policy,
        &mut roles,
        &catalog,
        scopes.ids.len(),
    );
    management(&mut problems, policy, &catalog, &roles);
    let numbers = team_permissions(&mut problems, policy, &catalog, &roles, &scopes);
    members(&mut problems, policy, reader, &roles, &numbers, &mut masks);
    Stages {
        problems,
        scopes,
        actions: catalog.actions,
        masks,
    }
}

/// Too many roles, actions, numbers or table cells: refused before anything else.
fn check_size(policy: &Policy) -> Result<(), PolicyError> {
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
    Ok(())
}

fn check_version(problems: &mut Problems, policy: &Policy) {
    if policy.version != FORMAT_VERSION {
        problems.push(
            Problem::new(
                ErrorCode::UnsupportedVersion,
                "$.version",
                format!("unsupported policy format version `{}`", policy.version),
            )
            .hint(format!("this teamgate reads version {FORMAT_VERSION}")),
        );
    }
}

/// The declared chat scopes (at most [`MAX_SCOPES`]).
struct Scopes {
    ids: Vec<String>,
}

fn scopes(problems: &mut Problems, policy: &Policy) -> Scopes {
    if policy.scopes.len() > MAX_SCOPES {
        problems.push(
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
    problems.index(
        "scope",
        policy.scopes.iter().map(String::as_str),
        "$.scopes",
        is_id,
        SNAKE,
    );
    for (i, s) in policy.scopes.iter().enumerate() {
        if s == ALL_SCOPES {
            problems.push(
                Problem::new(
                    ErrorCode::ReservedScope,
                    format!("$.scopes[{i}]"),
                    "scope `all` is reserved",
                )
                .hint("`all` always means every declared scope at once; remove it from `scopes`"),
            );
        }
    }
    let ids: Vec<String> = policy.scopes.iter().take(MAX_SCOPES).cloned().collect();
    Scopes { ids }
}

/// The features, and the current plan (an index into `policy.plans`).
struct Plans<'a> {
    feature_index: HashMap<String, usize>,
    feature_ids: Vec<&'a str>,
    current: Option<usize>,
}

fn plans<'a>(problems: &mut Problems, policy: &'a Policy) -> Plans<'a> {
    let feature_index = problems.index(
        "feature",
        policy.features.iter().map(String::as_str),
        "$.features",
        is_id,
        SNAKE,
    );
    let feature_ids: Vec<&str> = policy.features.iter().map(String::as_str).collect();
    let plan_index = problems.index(
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
                problems.push(unknown(
                    ErrorCode::UnknownFeature,
                    "feature",
                    f,
                    format!("$.plans[{pi}].features[{fi}]"),
                    feature_ids.clone(),
                ));
            }
        }
    }
    let current = match &policy.plan {
        Some(p) => match plan_index.get(p) {
            Some(&i) => Some(i),
            None => {
                problems.push(unknown(
                    ErrorCode::UnknownPlan,
                    "plan",
                    p,
                    "$.plan".into(),
                    plan_ids,
                ));
                None
            }
        },
        None => {
            if !policy.plans.is_empty() {
                problems.push(
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
    Plans {
        feature_index,
        feature_ids,
        current,
    }
}

/// The action catalog: each action with its feature and whether the plan allows it.
struct Catalog<'a> {
    actions: Vec<ActionInfo>,
    index: HashMap<String, usize>,
    ids: Vec<&'a str>,
}

fn actions<'a>(problems: &mut Problems, policy: &'a Policy, plans: &Plans<'_>) -> Catalog<'a> {
    let index = problems.index(
        "action",
        policy.actions.iter().map(|a| a.id.as_str()),
        "$.actions",
        is_action_id,
        "`section.verb`, both parts lowercase snake_case",
    );
    let mut actions = Vec::with_capacity(policy.actions.len());
    for (i, a) in policy.actions.iter().enumerate() {
        let feature = match &a.feature {
            Some(f) => match plans.feature_index.get(f) {
                Some(&fi) => Some(fi),
                None => {
                    problems.push(unknown(
                        ErrorCode::UnknownFeature,
                        "feature",
                        f,
                        format!("$.actions[{i}].feature"),
                        plans.feature_ids.clone(),
                    ));
                    None
                }
            },
            None => None,
        };
        actions.push(ActionInfo {
            id: a.id.clone(),
            scoped: a.scoped,
            plan_allows: plan_allows(policy, plans.current, feature),
        });
    }
    Catalog {
        actions,
        index,
        ids: policy.actions.iter().map(|a| a.id.as_str()).collect(),
    }
}

/// The roles as declared: their index, the owner, what each grants and
/// excepts (as (action, mask) pairs) and whom it inherits from.
struct Roles<'a> {
    index: HashMap<String, usize>,
    ids: Vec<&'a str>,
    owner: Option<usize>,
    grants: Vec<Vec<(usize, Holding)>>,
    excepts: Vec<Vec<(usize, Holding)>>,
    parent: Vec<Option<usize>>,
}

fn roles<'a>(problems: &mut Problems, policy: &'a Policy, reader: GrantReader<'_>) -> Roles<'a> {
    let index = problems.index(
        "role",
        policy.roles.iter().map(|r| r.id.as_str()),
        "$.roles",
        is_id,
        SNAKE,
    );
    let ids: Vec<&str> = policy.roles.iter().map(|r| r.id.as_str()).collect();
    let owners: Vec<usize> = policy
        .roles
        .iter()
        .enumerate()
        .filter(|(_, r)| r.owner)
        .map(|(i, _)| i)
        .collect();
    for &o in owners.iter().skip(1) {
        problems.push(
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
    let owner = owners.first().copied();
    let n = policy.roles.len();
    let (mut grants, mut excepts, mut parent) = (
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
    );
    for (ri, r) in policy.roles.iter().enumerate() {
        let at = format!("$.roles[{ri}]");
        if r.owner {
            if !r.grants.is_empty() || !r.except.is_empty() || r.inherits.is_some() {
                problems.push(
                    Problem::new(ErrorCode::OwnerRestricted, at.clone(), format!("owner role `{}` lists grants, exceptions or inheritance", r.id))
                        .hint("the owner holds every permission the plan allows; remove `grants`, `except` and `inherits`"),
                );
            }
        } else if let Some(o) = owner.and_then(|o| policy.roles.get(o)) {
            if r.rank >= o.rank {
                problems.push(
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
            Some(p) => match index.get(p) {
                Some(&pi) => Some(pi),
                None => {
                    problems.push(unknown(
                        ErrorCode::UnknownRole,
                        "role",
                        p,
                        format!("{at}.inherits"),
                        ids.clone(),
                    ));
                    None
                }
            },
            None => None,
        });
        grants.push(reader.read_all(problems, &r.grants, |i| format!("{at}.grants[{i}]")));
        excepts.push(reader.read_all(problems, &r.except, |i| format!("{at}.except[{i}]")));
    }
    Roles {
        index,
        ids,
        owner,
        grants,
        excepts,
        parent,
    }
}

/// Where a role stands while inheritance is resolved.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Visit {
    New,
    /// On the chain being followed: meeting it again closes a circle.
    OnChain,
    Done,
}

/// What each role holds (roles × actions): inheritance resolved in
/// dependency order, then its grants added and its exceptions removed; the
/// owner holds everything. Each circle is reported once, then broken.
fn inherit(
    problems: &mut Problems,
    policy: &Policy,
    roles: &mut Roles<'_>,
    catalog: &Catalog<'_>,
    n_scopes: usize,
) -> Masks {
    let (n_roles, n_actions) = (policy.roles.len(), catalog.actions.len());
    let mut held = Masks::new(n_roles, n_actions);
    let mut visit = vec![Visit::New; n_roles];
    for start in 0..n_roles {
        let mut chain = Vec::new();
        let mut cur = Some(start);
        while let Some(c) = cur {
            match visit.get(c).copied() {
                Some(Visit::New) => {
                    if let Some(v) = visit.get_mut(c) {
                        *v = Visit::OnChain;
                    }
                    chain.push(c);
                    cur = roles.parent.get(c).copied().flatten();
                }
                Some(Visit::OnChain) => {
                    let names: Vec<&str> = chain
                        .iter()
                        .skip_while(|&&x| x != c)
                        .filter_map(|&x| policy.roles.get(x).map(|r| r.id.as_str()))
                        .collect();
                    problems.push(
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
                    if let Some(p) = roles.parent.get_mut(c) {
                        *p = None;
                    }
                    break;
                }
                _ => break,
            }
        }
        // Resolve the chain from its root down.
        for &c in chain.iter().rev() {
            if let Some(p) = roles.parent.get(c).copied().flatten() {
                held.inherit(c, p);
            }
            if policy.roles.get(c).is_some_and(|r| r.owner) {
                for (ai, a) in catalog.actions.iter().enumerate() {
                    held.grant(c, ai, a.whole(n_scopes));
                }
            }
            for &(ai, h) in roles.grants.get(c).into_iter().flatten() {
                held.grant(c, ai, h);
            }
            for &(ai, h) in roles.excepts.get(c).into_iter().flatten() {
                held.except(c, ai, h);
            }
            if let Some(v) = visit.get_mut(c) {
                *v = Visit::Done;
            }
        }
    }
    held
}

/// The `management` section names existing console actions and roles
/// (checked here; the core looks them up again).
fn management(problems: &mut Problems, policy: &Policy, catalog: &Catalog<'_>, roles: &Roles<'_>) {
    let mgmt = &policy.management;
    let mut check = |id: &str, path: String| match catalog.index.get(id) {
        Some(&i) => {
            if catalog.actions.get(i).is_some_and(|a| a.scoped) {
                problems.push(
                    Problem::new(
                        ErrorCode::ScopedManagementAction,
                        path,
                        format!("management action `{id}` is scoped"),
                    )
                    .hint("use an unscoped (console) action"),
                );
            }
        }
        None => problems.push(unknown(
            ErrorCode::UnknownAction,
            "action",
            id,
            path,
            catalog.ids.clone(),
        )),
    };
    if let Some(a) = mgmt.edit_permissions.as_deref() {
        check(a, "$.management.edit_permissions".into());
    }
    if let Some(a) = mgmt.manage_roles.as_deref() {
        check(a, "$.management.manage_roles".into());
    }
    for (i, a) in mgmt.assign_roles.iter().enumerate() {
        check(a, format!("$.management.assign_roles[{i}]"));
    }
    for (i, r) in mgmt.keep_one_of.iter().enumerate() {
        if !roles.index.contains_key(r) {
            problems.push(unknown(
                ErrorCode::UnknownRole,
                "role",
                r,
                format!("$.management.keep_one_of[{i}]"),
                roles.ids.clone(),
            ));
        }
    }
}

/// The numbers, and their team permissions: only chat actions, never the
/// owner, declared scopes. Returns the index of the numbers.
fn team_permissions(
    problems: &mut Problems,
    policy: &Policy,
    catalog: &Catalog<'_>,
    roles: &Roles<'_>,
    scopes: &Scopes,
) -> HashMap<String, usize> {
    let number_index = problems.index(
        "number",
        policy.numbers.iter().map(|n| n.id.as_str()),
        "$.numbers",
        is_id,
        SNAKE,
    );
    for (ni, num) in policy.numbers.iter().enumerate() {
        for (role, perms) in &num.team_permissions {
            let at = format!("$.numbers[{ni}].team_permissions");
            let Some(&ri) = roles.index.get(role) else {
                problems.push(unknown(
                    ErrorCode::UnknownRole,
                    "role",
                    role,
                    format!("{at}.{}", show(role)),
                    roles.ids.clone(),
                ));
                continue;
            };
            if Some(ri) == roles.owner {
                problems.push(
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
                let Some(&ai) = catalog.index.get(action) else {
                    problems.push(unknown(
                        ErrorCode::UnknownAction,
                        "action",
                        action,
                        at,
                        catalog.ids.clone(),
                    ));
                    continue;
                };
                if catalog.actions.get(ai).is_some_and(|a| !a.scoped) {
                    problems.push(
                        Problem::new(ErrorCode::NotATeamPermission, at, format!("`{action}` is not a chat action"))
                            .hint("team permissions cover scoped chat actions only; console access follows the role"),
                    );
                    continue;
                }
                for (si, s) in scope_list.iter().enumerate() {
                    if s != ALL_SCOPES && !scopes.ids.contains(s) {
                        problems.push(unknown(
                            ErrorCode::UnknownScope,
                            "scope",
                            s,
                            format!("{at}[{si}]"),
                            scopes_and_all(&scopes.ids).collect(),
                        ));
                    }
                }
            }
        }
    }
    number_index
}

/// The members: their roles name declared numbers and roles; their extra
/// grants (members × actions), off where the plan is off.
fn members(
    problems: &mut Problems,
    policy: &Policy,
    reader: GrantReader<'_>,
    roles: &Roles<'_>,
    numbers: &HashMap<String, usize>,
    masks: &mut Masks,
) {
    problems.index(
        "member",
        policy.members.iter().map(|m| m.id.as_str()),
        "$.members",
        is_id,
        SNAKE,
    );
    let number_ids: Vec<&str> = policy.numbers.iter().map(|n| n.id.as_str()).collect();
    for (mi, m) in policy.members.iter().enumerate() {
        for (number, role) in &m.roles {
            let at = format!("$.members[{mi}].roles.{}", show(number));
            if !numbers.contains_key(number) {
                problems.push(unknown(
                    ErrorCode::UnknownNumber,
                    "number",
                    number,
                    at.clone(),
                    number_ids.clone(),
                ));
            }
            if !roles.index.contains_key(role) {
                problems.push(unknown(
                    ErrorCode::UnknownRole,
                    "role",
                    role,
                    at,
                    roles.ids.clone(),
                ));
            }
        }
        let grants = reader.read_all(problems, &m.grants, |i| {
            format!("$.members[{mi}].grants[{i}]")
        });
        // Off where the plan is off.
        masks.add_member(
            grants
                .into_iter()
                .filter(|&(ai, _)| reader.actions.get(ai).is_some_and(|a| a.plan_allows)),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    fn policy(patch: impl FnOnce(&mut Value)) -> Policy {
        let mut doc = json!({
            "version": 1, "id": "t", "scopes": ["pending", "mine", "others"],
            "features": ["team_permissions"],
            "actions": [
                { "id": "chats.read", "scoped": true },
                { "id": "files.view" },
                { "id": "team.edit_permissions", "feature": "team_permissions" }
            ],
            "roles": [
                { "id": "owner", "rank": 100, "owner": true },
                { "id": "lead", "rank": 20, "inherits": "agent", "grants": ["team.*"], "except": ["chats.read:others"] },
                { "id": "agent", "rank": 10, "grants": ["chats.read", "files.view"] }
            ],
            "plans": [{ "id": "basic" }, { "id": "premium", "features": ["team_permissions"] }],
            "plan": "basic", "numbers": [{ "id": "main" }],
            "members": [{ "id": "ana", "roles": { "main": "agent" }, "grants": ["team.edit_permissions"] }]
        });
        patch(&mut doc);
        serde_json::from_value(doc).unwrap()
    }

    fn codes(problems: &Problems) -> Vec<(ErrorCode, &str)> {
        problems.list.iter().map(|p| (p.code(), p.path())).collect()
    }

    /// Runs every stage on `p`, exactly as `validate` does.
    fn run(p: &Policy) -> Stages {
        stages(p)
    }

    #[test]
    fn check_size_refuses_before_anything_else() {
        let mut p = policy(|_| {});
        p.actions = (0..=MAX_ACTIONS)
            .map(|i| serde_json::from_value(json!({ "id": format!("a.b{i}") })).unwrap())
            .collect();
        assert_eq!(
            check_size(&p).unwrap_err().problems()[0].code(),
            ErrorCode::TooLarge
        );
        assert!(check_size(&policy(|_| {})).is_ok());
    }

    #[test]
    fn check_version_reads_only_its_own() {
        assert!(run(&policy(|_| {})).problems.list.is_empty());
        // The reader refuses another version already; a policy built in Rust can still carry one.
        let mut p = policy(|_| {});
        p.version = 2;
        assert_eq!(
            codes(&run(&p).problems),
            [(ErrorCode::UnsupportedVersion, "$.version")]
        );
    }

    #[test]
    fn roles_read_grants_and_refuse_a_second_owner_and_unknown_grants() {
        let s = run(&policy(|d| {
            d["roles"][1]["owner"] = json!(true);
            d["roles"][2]["grants"][0] = json!("chats.raed");
        }));
        let found = codes(&s.problems);
        assert!(
            found.iter().any(|(c, _)| *c == ErrorCode::MultipleOwners),
            "{found:?}"
        );
        assert!(
            found.contains(&(ErrorCode::UnknownAction, "$.roles[2].grants[0]")),
            "{found:?}"
        );
    }

    #[test]
    fn scopes_are_read_and_all_is_refused() {
        let s = run(&policy(|_| {}));
        assert_eq!(s.scopes.ids, ["pending", "mine", "others"]);
        let s = run(&policy(|d| d["scopes"][2] = json!("all")));
        assert!(codes(&s.problems).contains(&(ErrorCode::ReservedScope, "$.scopes[2]")));
    }

    #[test]
    fn plans_and_actions_gate_features_on_the_current_plan() {
        let s = run(&policy(|_| {}));
        assert!(s.problems.list.is_empty(), "{:?}", codes(&s.problems));
        let on: Vec<bool> = s.actions.iter().map(|a| a.plan_allows).collect();
        assert_eq!(on, [true, true, false], "basic lacks team_permissions");
        let s = run(&policy(|d| d["plan"] = json!("premium")));
        assert!(s.actions.iter().all(|a| a.plan_allows));
        let s = run(&policy(|d| {
            d.as_object_mut().unwrap().remove("plan");
        }));
        assert_eq!(codes(&s.problems), [(ErrorCode::MissingPlan, "$.plan")]);
    }

    #[test]
    fn inherit_adds_grants_removes_exceptions_and_gives_the_owner_everything() {
        let s = run(&policy(|_| {}));
        let row = |r: usize| (0..3).map(|a| s.masks.holds(r, a)).collect::<Vec<_>>();
        let (chats, console) = (Holding::whole(true, 3), Holding::whole(false, 3));
        let none = Holding::NONE;
        assert_eq!(
            row(0),
            [chats, console, console],
            "the owner holds everything"
        );
        assert_eq!(row(2), [chats, console, none], "agent: its grants");
        let pending_mine = Holding::scope(0).unwrap() | Holding::scope(1).unwrap();
        assert_eq!(
            row(1),
            [pending_mine, console, console],
            "lead: agent's, plus team.*, minus others"
        );
    }

    #[test]
    fn inherit_reports_each_circle_once_and_still_ends() {
        let s = run(&policy(|d| d["roles"][2]["inherits"] = json!("lead")));
        let cycles: Vec<_> = codes(&s.problems)
            .into_iter()
            .filter(|(c, _)| *c == ErrorCode::InheritanceCycle)
            .collect();
        assert_eq!(cycles.len(), 1, "{cycles:?}");
    }

    #[test]
    fn management_names_console_actions() {
        let s = run(&policy(
            |d| {
                d["management"] =
                    json!({ "edit_permissions": "chats.read", "assign_roles": ["nope.x"] })
            },
        ));
        assert_eq!(
            codes(&s.problems),
            [
                (
                    ErrorCode::ScopedManagementAction,
                    "$.management.edit_permissions"
                ),
                (ErrorCode::UnknownAction, "$.management.assign_roles[0]")
            ]
        );
    }

    #[test]
    fn team_permissions_cover_chat_actions_of_roles_other_than_the_owner() {
        let s = run(&policy(|d| {
            d["numbers"][0]["team_permissions"] = json!({
                "owner": { "chats.read": [] },
                "agent": { "files.view": [], "chats.read": ["mien"] }
            })
        }));
        let found = codes(&s.problems);
        assert!(found.contains(&(
            ErrorCode::OwnerRestricted,
            "$.numbers[0].team_permissions.owner"
        )));
        assert!(found.contains(&(
            ErrorCode::NotATeamPermission,
            "$.numbers[0].team_permissions.agent[\"files.view\"]"
        )));
        assert!(found.contains(&(
            ErrorCode::UnknownScope,
            "$.numbers[0].team_permissions.agent[\"chats.read\"][0]"
        )));
    }

    #[test]
    fn members_grants_are_off_where_the_plan_is_off() {
        let s = run(&policy(|_| {}));
        let ana = |s: &Stages| {
            (0..3)
                .map(|a| s.masks.member_holds(0, a))
                .collect::<Vec<_>>()
        };
        assert_eq!(ana(&s), [Holding::NONE; 3], "basic lacks team_permissions");
        let s = run(&policy(|d| d["plan"] = json!("premium")));
        let edit = Holding::whole(false, 3);
        assert_eq!(ana(&s), [Holding::NONE, Holding::NONE, edit]);
        let s = run(&policy(|d| {
            d["members"][0]["roles"] = json!({ "mian": "agnet" })
        }));
        assert_eq!(
            codes(&s.problems),
            [
                (ErrorCode::UnknownNumber, "$.members[0].roles.mian"),
                (ErrorCode::UnknownRole, "$.members[0].roles.mian")
            ]
        );
    }
}
