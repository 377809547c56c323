//! The demo's data: one account's policy (the default preset with two
//! numbers and five members) and its chats, kept in memory.

use teamgate::{Gate, MemberDef, NumberDef};

/// At most this many chats per number (`POST …/chats` answers 409 beyond).
pub const MAX_CHATS_PER_NUMBER: usize = 500;
/// At most this many messages per chat.
pub const MAX_MESSAGES_PER_CHAT: usize = 200;
/// At most this many characters per message (413 beyond).
pub const MAX_MESSAGE_CHARS: usize = 2000;
/// Who may read the activity log: the permission to change members' roles
/// (admins and the owner, S000.2).
pub const ACTIVITY_PERMISSION: &str = "team.change_roles";
/// List pages hold at most this many items (`?limit=`, 50 by default).
pub const MAX_PAGE_SIZE: usize = 100;

#[derive(Clone, Debug)]
pub struct Chat {
    pub id: u32,
    pub number: String,
    pub customer: String,
    pub assignee: Option<String>,
    pub messages: Vec<String>,
    pub resolved: bool,
    pub blocked: bool,
}

impl Chat {
    /// How the chat relates to `member`: the scope every check on it uses.
    pub fn scope_for(&self, member: &str) -> &'static str {
        match &self.assignee {
            None => "pending",
            Some(a) if a == member => "mine",
            Some(_) => "others",
        }
    }
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
pub fn seed(account: &str) -> Result<(Gate, Vec<Chat>), String> {
    let mut policy = Gate::preset("team-inbox")
        .map_err(|e| e.to_string())?
        .policy()
        .clone();
    let number = |id: &str, name: &str| NumberDef {
        id: id.into(),
        name: Some(name.into()),
        team_permissions: Default::default(),
    };
    let chat = |id, number: &str, customer: &str, assignee: Option<&str>| Chat {
        id,
        number: number.into(),
        customer: customer.into(),
        assignee: assignee.map(str::to_owned),
        messages: vec![format!("Hello, this is {customer}")],
        resolved: false,
        blocked: false,
    };
    let chats = if account == "acme" {
        policy.numbers = vec![
            number("main", "+34 600 000 001"),
            number("sales", "+34 600 000 002"),
        ];
        policy.members = vec![
            member(
                "olivia",
                "Olivia (owner)",
                &[("main", "owner"), ("sales", "owner")],
            ),
            member(
                "adam",
                "Adam (admin)",
                &[("main", "admin"), ("sales", "admin")],
            ),
            member(
                "sara",
                "Sara (supervisor)",
                &[("main", "supervisor"), ("sales", "agent")],
            ),
            member(
                "alex",
                "Alex (agent)",
                &[("main", "agent"), ("sales", "agent")],
            ),
            member("bea", "Bea (agent)", &[("main", "agent")]),
        ];
        vec![
            chat(1, "main", "Lucía", None),
            chat(2, "main", "Marco", Some("alex")),
            chat(3, "main", "Nora", Some("bea")),
            chat(4, "main", "Omar", Some("sara")),
            chat(5, "main", "Pia", None),
            chat(6, "sales", "Quinn", Some("alex")),
            chat(7, "sales", "Rosa", None),
        ]
    } else {
        policy.numbers = vec![number("main", "+44 7700 900001")];
        policy.members = vec![
            member("gina", "Gina (owner)", &[("main", "owner")]),
            member("gus", "Gus (agent)", &[("main", "agent")]),
        ];
        vec![
            chat(1, "main", "Vera", Some("gus")),
            chat(2, "main", "Walt", None),
        ]
    };
    let gate = Gate::new(policy).map_err(|e| e.to_string())?;
    Ok((gate, chats))
}
