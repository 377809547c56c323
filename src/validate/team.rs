//! The team stages: the `management` section, the numbers' team
//! permissions, and the members with their extra grants.

use super::*;

/// The `management` section names existing console actions and roles
/// (checked here; the core looks them up again).
pub(super) fn management(
    problems: &mut Problems,
    policy: &Policy,
    catalog: &Catalog<'_>,
    roles: &Roles<'_>,
) {
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
pub(super) fn team_permissions(
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
pub(super) fn members(
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
