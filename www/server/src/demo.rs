//! The demo's data: one account's policy (the default preset with two
//! numbers and five members) and its chats, kept in memory.

use teamgate::{Gate, MemberDef, NumberDef};

/// At most this many chats per number (`POST …/chats` answers 409 beyond).
pub const MAX_CHATS_PER_NUMBER: usize = 500;
/// At most this many messages per chat.
pub const MAX_MESSAGES_PER_CHAT: usize = 200;
/// At most this many characters per message (413 beyond).
pub const MAX_MESSAGE_CHARS: usize = 2000;
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

pub struct Demo {
    pub gate: Gate,
    /// Grows with every change of the policy, never goes back.
    pub version: u64,
    pub chats: Vec<Chat>,
    pub next_id: u32,
}

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

pub fn seed() -> Result<Demo, String> {
    let mut policy = Gate::preset("team-inbox")
        .map_err(|e| e.to_string())?
        .policy()
        .clone();
    policy.numbers = vec![
        NumberDef {
            id: "main".into(),
            name: Some("+34 600 000 001".into()),
            team_permissions: Default::default(),
        },
        NumberDef {
            id: "sales".into(),
            name: Some("+34 600 000 002".into()),
            team_permissions: Default::default(),
        },
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
    let gate = Gate::new(policy).map_err(|e| e.to_string())?;
    let chat = |id, number: &str, customer: &str, assignee: Option<&str>| Chat {
        id,
        number: number.into(),
        customer: customer.into(),
        assignee: assignee.map(str::to_owned),
        messages: vec![format!("Hello, this is {customer}")],
        resolved: false,
        blocked: false,
    };
    let chats = vec![
        chat(1, "main", "Lucía", None),
        chat(2, "main", "Marco", Some("alex")),
        chat(3, "main", "Nora", Some("bea")),
        chat(4, "main", "Omar", Some("sara")),
        chat(5, "main", "Pia", None),
        chat(6, "sales", "Quinn", Some("alex")),
        chat(7, "sales", "Rosa", None),
    ];
    Ok(Demo {
        gate,
        version: 1,
        chats,
        next_id: 8,
    })
}
