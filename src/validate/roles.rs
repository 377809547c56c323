//! The roles stages: the roles as declared (owner, grants, exceptions,
//! parents), and inheritance resolved into what each role holds.

use super::*;

/// The roles as declared: their index, the owner, what each grants and
/// excepts (as (action, mask) pairs) and whom it inherits from.
pub(super) struct Roles<'a> {
    pub(super) index: HashMap<String, usize>,
    pub(super) ids: Vec<&'a str>,
    pub(super) owner: Option<usize>,
    pub(super) grants: Vec<Vec<(usize, Holding)>>,
    pub(super) excepts: Vec<Vec<(usize, Holding)>>,
    pub(super) parent: Vec<Option<usize>>,
}

pub(super) fn roles<'a>(
    problems: &mut Problems,
    policy: &'a Policy,
    reader: GrantReader<'_>,
) -> Roles<'a> {
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
        // Written out for a problem only: a policy can have thousands of roles.
        let at = || format!("$.roles[{ri}]");
        if r.owner {
            if !r.grants.is_empty() || !r.except.is_empty() || r.inherits.is_some() {
                problems.push(
                    Problem::new(ErrorCode::OwnerRestricted, at(), format!("owner role `{}` lists grants, exceptions or inheritance", r.id))
                        .hint("the owner holds every permission the plan allows; remove `grants`, `except` and `inherits`"),
                );
            }
        } else if let Some(o) = owner.and_then(|o| policy.roles.get(o)) {
            if r.rank >= o.rank {
                problems.push(
                    Problem::new(
                        ErrorCode::OutranksOwner,
                        format!("{}.rank", at()),
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
                        format!("{}.inherits", at()),
                        ids.clone(),
                    ));
                    None
                }
            },
            None => None,
        });
        grants.push(reader.read_all(problems, &r.grants, |i| format!("{}.grants[{i}]", at())));
        excepts.push(reader.read_all(problems, &r.except, |i| format!("{}.except[{i}]", at())));
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
pub(super) enum Visit {
    New,
    /// On the chain being followed: meeting it again closes a circle.
    OnChain,
    Done,
}

/// What each role holds (roles × actions): inheritance resolved in
/// dependency order, then its grants added and its exceptions removed; the
/// owner holds everything. Each circle is reported once, then broken.
pub(super) fn inherit(
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
