//! The demo's data: two accounts on the default preset (their numbers,
//! members and first chats, seeded into the database on first start), the
//! limits on a request's size, and what the account has in use of each
//! plan limit.

use teamgate::{Gate, MemberDef, NumberDef, Policy};

/// At most this many characters per message (413 beyond).
pub const MAX_MESSAGE_CHARS: usize = 2000;
/// List pages hold at most this many items (`?limit=`, 50 by default).
pub const MAX_PAGE_SIZE: i64 = 100;
/// Pages hold this many items when `?limit=` is absent.
pub const DEFAULT_PAGE_SIZE: i64 = 50;

/// A chat as first seeded.
pub struct SeedChat {
    pub number: &'static str,
    pub customer: &'static str,
    pub assignee: Option<&'static str>,
}

/// What the account has in use of each plan limit: the policy's numbers,
/// its members (seats) and its custom roles. A plan change must leave
/// each within the new plan's limits (`Gate::check_plan`).
pub fn usage(policy: &Policy) -> [(&'static str, u32); 3] {
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    [
        ("numbers", count(policy.numbers.len())),
        ("seats", count(policy.members.len())),
        (
            teamgate::CUSTOM_ROLES_LIMIT,
            count(
                policy
                    .roles
                    .iter()
                    .filter(|r| !r.builtin && !r.owner)
                    .count(),
            ),
        ),
    ]
}

/// The demo accounts: each its own policy, members and chats.
pub const ACCOUNTS: &[&str] = &["acme", "globex"];

fn member(id: &str, name: &str, roles: &[(&str, &str)]) -> MemberDef {
    MemberDef {
        id: id.into(),
        name: Some(name.into()),
        roles: roles
            .iter()
            .map(|(n, r)| (n.to_string(), r.to_string()))
            .collect(),
        grants: vec![],
    }
}

/// An account's policy and chats as first seeded.
pub fn seed(account: &str) -> Result<(Gate, Vec<SeedChat>), String> {
    let mut policy = Gate::preset("team-inbox")
        .map_err(|e| e.to_string())?
        .policy()
        .clone();
    let number = |id: &str, name: &str| NumberDef {
        id: id.into(),
        name: Some(name.into()),
        team_permissions: Default::default(),
    };
    let chat = |number, customer, assignee| SeedChat {
        number,
        customer,
        assignee,
    };
    let chats = if account == "acme" {
        policy.numbers = vec![
            number("main", "+34 600 000 001"),
            number("sales", "+34 600 000 002"),
        ];
        policy.members = vec![
            member("olivia", "Olivia", &[("main", "owner"), ("sales", "owner")]),
            // Roles are per number (S004.2): Adam is an admin of main only.
            member(
                "adam",
                "Adam",
                &[("main", "admin"), ("sales", "supervisor")],
            ),
            member(
                "sara",
                "Sara",
                &[("main", "supervisor"), ("sales", "agent")],
            ),
            member("alex", "Alex", &[("main", "agent"), ("sales", "agent")]),
            member("bea", "Bea", &[("main", "agent")]),
            // Sam is in sales only: no reader of main's log alone is told of him.
            member("sam", "Sam", &[("sales", "agent")]),
        ];
        vec![
            chat("main", "Lucía", None),
            chat("main", "Marco", Some("alex")),
            chat("main", "Nora", Some("bea")),
            chat("main", "Omar", Some("sara")),
            chat("main", "Pia", None),
            chat("sales", "Quinn", Some("alex")),
            chat("sales", "Rosa", None),
        ]
    } else {
        policy.numbers = vec![number("main", "+44 7700 900001")];
        policy.members = vec![
            member("gina", "Gina", &[("main", "owner")]),
            member("gus", "Gus", &[("main", "agent")]),
        ];
        vec![
            chat("main", "Vera", Some("gus")),
            chat("main", "Walt", None),
        ]
    };
    let gate = Gate::new(policy).map_err(|e| e.to_string())?;
    Ok((gate, chats))
}
