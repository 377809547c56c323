//! Seed statements and decisions that need more than one decision: editing,
//! teams, counts, the audit hook. Each test names the statement it proves.

use crate::common;

use std::sync::{Arc, Mutex};
use teamgate::{Gate, MemberDef, RoleDef};

fn inbox() -> Gate {
    Gate::preset("team-inbox").unwrap()
}

fn member(id: &str, number: &str, role: &str) -> MemberDef {
    serde_json::from_value(serde_json::json!({ "id": id, "roles": { number: role } })).unwrap()
}

fn role(id: &str, rank: u32, grants: &[&str]) -> RoleDef {
    serde_json::from_value(serde_json::json!({ "id": id, "rank": rank, "grants": grants })).unwrap()
}

#[test]
fn s000_7_a_team_without_supervisor_or_admin_is_warned() {
    let mut p = inbox().policy().clone();
    p.members = vec![
        member("ana", "main", "agent"),
        member("ben", "main", "agent"),
    ];
    let gate = Gate::new(p.clone()).unwrap();
    let w = gate.team_warnings();
    assert_eq!(w.len(), 1);
    assert_eq!(w[0].code, "no_supervisor");
    assert_eq!(w[0].number, "main");
    assert!(w[0].message.contains("`supervisor`"), "{}", w[0].message);
    p.members.push(member("sue", "main", "supervisor"));
    assert!(Gate::new(p).unwrap().team_warnings().is_empty());
}

#[test]
fn s002_3_list_the_members_holding_a_role() {
    let mut p = inbox().policy().clone();
    p.numbers
        .push(serde_json::from_value(serde_json::json!({ "id": "sales" })).unwrap());
    p.members = vec![
        member("ana", "main", "agent"),
        member("ben", "sales", "agent"),
        member("sue", "main", "supervisor"),
    ];
    let gate = Gate::new(p).unwrap();
    assert_eq!(gate.members_with_role("agent", None), vec!["ana", "ben"]);
    assert_eq!(gate.members_with_role("agent", Some("main")), vec!["ana"]);
    assert_eq!(
        gate.members_with_role("supervisor", Some("sales")),
        Vec::<&str>::new()
    );
    assert!(gate.members_with_role("nobody", None).is_empty());
}

#[test]
fn s004_7_admin_edits_agent_team_permissions_and_supervisor_cannot_edit_admin() {
    let gate = inbox();
    let g2 = gate
        .with_team_permission("admin", "main", "agent", "chats.read", &["mine", "pending"])
        .unwrap();
    assert!(g2.can_in("main", "agent", "chats.read", Some("mine")));
    assert!(!g2.can_in("main", "agent", "chats.read", Some("others")));
    assert_eq!(
        g2.explain_in("main", "agent", "chats.read", Some("others"))
            .code
            .as_str(),
        "restricted_in_number"
    );
    // Supervisors edit agents only.
    assert!(gate
        .with_team_permission("supervisor", "main", "agent", "chats.delete", &["mine"])
        .is_ok());
    let err = gate
        .with_team_permission("supervisor", "main", "admin", "chats.delete", &["mine"])
        .unwrap_err();
    assert_eq!(err.code(), "not_subordinate");
    let err = gate
        .with_team_permission("admin", "main", "owner", "chats.delete", &[])
        .unwrap_err();
    assert_eq!(err.code(), "owner_not_editable");
    // Listing every scope lifts the restriction again.
    let g3 = g2
        .with_team_permission("admin", "main", "agent", "chats.read", &["all"])
        .unwrap();
    assert!(g3.can_in("main", "agent", "chats.read", Some("others")));
    assert!(g3.policy().numbers[0].team_permissions.is_empty());
}

#[test]
fn s004_9_team_permissions_cover_chat_actions_only() {
    let err = inbox()
        .with_team_permission("admin", "main", "agent", "files.view", &[])
        .unwrap_err();
    assert_eq!(err.code(), "not_a_team_permission");
}

#[test]
fn d3_editing_team_permissions_needs_premium() {
    let gate = inbox().with_plan("pro").unwrap();
    let err = gate
        .with_team_permission("owner", "main", "agent", "chats.read", &["mine"])
        .unwrap_err();
    assert_eq!(err.code(), "plan_lacks_feature");
    assert_eq!(err.denial().unwrap().upgrade_to.as_deref(), Some("premium"));
    assert!(!gate.team_permissions_enforced());
}

#[test]
fn d5_an_editor_cannot_grant_scopes_it_lacks() {
    let gate = inbox()
        .with_team_permission("admin", "main", "supervisor", "chats.delete", &["mine"])
        .unwrap();
    let err = gate
        .with_team_permission(
            "supervisor",
            "main",
            "agent",
            "chats.delete",
            &["mine", "others"],
        )
        .unwrap_err();
    assert_eq!(err.code(), "escalation");
    assert!(err.to_string().contains("`others`"), "{err}");
    // What it holds it may grant.
    assert!(gate
        .with_team_permission("supervisor", "main", "agent", "chats.delete", &["mine"])
        .is_ok());
}

#[test]
fn d5_a_custom_role_cannot_hold_more_than_its_creator() {
    let gate = Gate::preset("helpdesk").unwrap();
    let err = gate
        .with_custom_role("supervisor", role("cashier", 250, &["billing.cancel"]))
        .unwrap_err();
    assert_eq!(err.code(), "escalation");
    let err = gate
        .with_custom_role("supervisor", role("boss", 350, &["inbox.view"]))
        .unwrap_err();
    assert_eq!(err.code(), "not_subordinate");
    let err = gate
        .with_custom_role("agent", role("helper", 50, &["inbox.view"]))
        .unwrap_err();
    assert_eq!(err.code(), "role_lacks_action");
}

#[test]
fn s002_2_custom_role_with_granular_section_permissions() {
    let gate = Gate::preset("helpdesk").unwrap();
    let mut sales = role("sales", 150, &["inbox.*", "contacts.*"]);
    sales.except = vec!["contacts.export".into(), "contacts.delete".into()];
    let gate = gate.with_custom_role("admin", sales).unwrap();
    assert!(gate.can("sales", "contacts.view", None));
    assert!(!gate.can("sales", "contacts.export", None));
    assert!(!gate.can("sales", "contacts.delete", None));
    assert!(gate.can("sales", "inbox.delete", None));
    assert!(!gate.policy().roles.last().unwrap().builtin);
}

#[test]
fn s002_4_custom_roles_per_plan() {
    let pro = Gate::preset("helpdesk").unwrap();
    let one = pro
        .with_custom_role("admin", role("sales", 150, &["inbox.view"]))
        .unwrap();
    let err = one
        .with_custom_role("admin", role("temp", 120, &["inbox.view"]))
        .unwrap_err();
    assert_eq!(err.code(), "limit_reached");
    assert_eq!(
        err.denial().unwrap().upgrade_to.as_deref(),
        Some("unlimited")
    );
    let basic = pro.with_plan("basic").unwrap();
    let err = basic
        .with_custom_role("admin", role("sales", 150, &["inbox.view"]))
        .unwrap_err();
    assert_eq!(err.denial().unwrap().upgrade_to.as_deref(), Some("pro"));
    let mut unlimited = pro.with_plan("unlimited").unwrap();
    for i in 0..20 {
        unlimited = unlimited
            .with_custom_role("admin", role(&format!("r{i}"), 150, &["inbox.view"]))
            .unwrap();
    }
    let l = unlimited.check_limit("custom_roles", 20);
    assert!(l.allowed && l.limit.is_none() && l.remaining.is_none());
    // Every plan has all default roles.
    for plan in ["basic", "pro", "unlimited"] {
        let g = pro.with_plan(plan).unwrap();
        for r in ["admin", "supervisor", "agent", "support"] {
            assert!(g.can(r, "inbox.view", None), "{plan}/{r}");
        }
    }
}

#[test]
fn s002_4_check_limit_reports_remaining() {
    let gate = Gate::preset("custom-roles")
        .unwrap()
        .with_plan("growth")
        .unwrap();
    let l = gate.check_limit("custom_roles", 1);
    assert!(l.allowed);
    assert_eq!((l.limit, l.used, l.remaining), (Some(3), 1, Some(2)));
    let l = gate.check_limit("custom_roles", 3);
    assert!(!l.allowed);
    assert_eq!(l.upgrade_to.as_deref(), Some("enterprise"));
}

/// A plan change must fit what the account already has: each limit the
/// target plan sets binds what is in use (the rule of `check_limit`).
#[test]
fn s002_4_a_downgrade_must_fit_the_plans_limits() {
    let gate = inbox();
    let usage = [
        ("numbers", 2),
        ("seats", 5),
        ("custom_roles", 1),
        ("nonsense", 99),
    ];
    let basic = gate.check_plan("basic", &usage).unwrap();
    assert!(!basic.allowed);
    let over: Vec<(&str, u32, Option<u32>)> = basic
        .over
        .iter()
        .map(|l| (l.params.limit.as_deref().unwrap(), l.used, l.limit))
        .collect();
    assert_eq!(
        over,
        [
            ("numbers", 2, Some(1)),
            ("seats", 5, Some(3)),
            ("custom_roles", 1, Some(0))
        ],
        "each limit the plan would be over, in the order asked; unknown limits bind nothing"
    );
    assert_eq!(
        basic.over[0].message,
        "plan `basic` allows 1 `numbers`, 2 used"
    );
    assert!(basic
        .over
        .iter()
        .all(|l| l.code.as_str() == "limit_reached"));
    assert!(gate.check_plan("pro", &usage).unwrap().allowed);
    assert!(gate.check_plan("premium", &usage).unwrap().allowed);
    // Exactly at the limit fits; one more does not.
    assert!(gate.check_plan("pro", &[("seats", 10)]).unwrap().allowed);
    assert!(!gate.check_plan("pro", &[("seats", 11)]).unwrap().allowed);
    assert!(gate.check_plan("platinum", &usage).is_none());
    // No plans: every limit is unlimited, and custom roles can be made.
    let mut free = gate.policy().clone();
    free.plans.clear();
    free.plan = None;
    for a in &mut free.actions {
        a.feature = None;
    }
    free.features.clear();
    let free = Gate::new(free).unwrap();
    let l = free.check_limit("custom_roles", 1000);
    assert!(l.allowed && l.limit.is_none());
    assert!(free
        .with_custom_role("owner", role("extra", 10, &["files.view"]))
        .is_ok());
}

#[test]
fn s003_2_sales_see_leads_not_finance_and_temporary_staff_get_little() {
    let gate = Gate::preset("custom-roles").unwrap();
    let gate = gate
        .with_custom_role("admin", role("sales", 250, &["chats.*", "leads.view"]))
        .unwrap();
    let gate = gate
        .with_custom_role("admin", role("temp_staff", 50, &["chats.view"]))
        .unwrap();
    assert!(gate.can("sales", "leads.view", None));
    assert!(!gate.can("sales", "finance.view", None));
    assert!(gate.can("temp_staff", "chats.view", None));
    assert!(!gate.can("temp_staff", "chats.reply", None));
    assert!(!gate.can("temp_staff", "data.export", None));
}

#[test]
fn s003_3_every_decision_can_be_logged() {
    let seen: Arc<Mutex<Vec<String>>> = Arc::default();
    let sink = seen.clone();
    let gate = Gate::preset("custom-roles")
        .unwrap()
        .with_decision_log(move |d| {
            sink.lock()
                .unwrap()
                .push(format!("{:?} {} {}", d.role, d.action, d.allowed));
        });
    gate.can("agent", "finance.view", None);
    gate.explain("manager", "finance.view", None);
    let log = seen.lock().unwrap();
    assert_eq!(
        *log,
        vec![
            "Some(\"agent\") finance.view false",
            "Some(\"manager\") finance.view true"
        ]
    );
}

#[test]
fn s003_4_permissions_change_instantly() {
    let gate = inbox();
    assert!(gate.can_in("main", "agent", "chats.delete", Some("others")));
    let gate = gate
        .with_team_permission("admin", "main", "agent", "chats.delete", &[])
        .unwrap();
    assert!(!gate.can_in("main", "agent", "chats.delete", Some("others")));
    let mut p = gate.policy().clone();
    p.members = vec![member("ana", "main", "agent")];
    let gate = Gate::new(p).unwrap();
    let gate = gate
        .with_member_role("admin", "ana", "main", "supervisor")
        .unwrap();
    assert_eq!(gate.member_role("ana", "main"), Some("supervisor"));
    assert!(gate.can_member("ana", "main", "numbers.reboot", None));
    // A supervisor cannot demote an admin.
    let gate = gate
        .with_member_role("owner", "ana", "main", "admin")
        .unwrap();
    let err = gate
        .with_member_role("supervisor", "ana", "main", "agent")
        .unwrap_err();
    assert_eq!(err.code(), "not_subordinate");
}

#[test]
fn s004_8_counts_of_granted_sub_actions_per_role() {
    let gate = inbox()
        .with_team_permission("admin", "main", "agent", "chats.read", &["mine", "pending"])
        .unwrap();
    let caps = gate.capabilities("agent", Some("main")).unwrap();
    let read = caps
        .actions
        .iter()
        .find(|a| a.action == "chats.read")
        .unwrap();
    assert_eq!((read.granted, read.total, read.allowed), (2, 3, false));
    assert_eq!(read.scopes, vec!["pending", "mine"]);
    let reply = caps
        .actions
        .iter()
        .find(|a| a.action == "chats.reply")
        .unwrap();
    assert_eq!((reply.granted, reply.total, reply.allowed), (3, 3, true));
    let billing = caps
        .actions
        .iter()
        .find(|a| a.action == "billing.payment")
        .unwrap();
    assert_eq!((billing.granted, billing.total), (0, 1));
    assert!(gate.capabilities("nobody", None).is_none());
}

#[test]
fn capabilities_agree_with_can_for_every_pair() {
    for name in teamgate::presets::names() {
        let gate = Gate::preset(name).unwrap();
        for role in gate.roles() {
            let caps = gate.capabilities(role, Some("main")).unwrap();
            for a in &caps.actions {
                if a.scoped {
                    for s in gate.scopes() {
                        assert_eq!(
                            gate.can_in("main", role, &a.action, Some(s)),
                            a.scopes.iter().any(|x| x == s)
                        );
                    }
                    assert_eq!(gate.can_in("main", role, &a.action, Some("all")), a.allowed);
                } else {
                    assert_eq!(gate.can_in("main", role, &a.action, None), a.allowed);
                }
            }
        }
    }
}

#[test]
fn d2_all_holds_exactly_when_every_scope_holds() {
    let gate = inbox()
        .with_team_permission("admin", "main", "agent", "chats.reply", &["mine", "others"])
        .unwrap();
    for action in gate
        .actions()
        .filter(|a| a.starts_with("chats."))
        .collect::<Vec<_>>()
    {
        let each = ["pending", "mine", "others"]
            .iter()
            .all(|s| gate.can_in("main", "agent", action, Some(s)));
        assert_eq!(
            gate.can_in("main", "agent", action, Some("all")),
            each,
            "{action}"
        );
    }
}

#[test]
fn d6_the_owner_can_never_be_restricted_in_a_document() {
    let mut p = inbox().policy().clone();
    p.numbers[0].team_permissions.insert(
        "owner",
        [("chats.read".to_owned(), vec![])].into_iter().collect(),
    );
    let err = Gate::new(p).unwrap_err();
    assert!(err.has(teamgate::ErrorCode::OwnerRestricted), "{err}");
}

/// Every statement of the domain list the tests cite (`tests/DOMAIN.md`, a
/// copy of the project's domain document) is proved by a golden vector or
/// by a test above.
#[test]
fn every_domain_statement_is_covered() {
    // A statement is a list item that starts with its id: `- S004.7 ...`, `- D5 ...`.
    let statements: Vec<&str> = include_str!("../DOMAIN.md")
        .lines()
        .filter_map(|l| l.strip_prefix("- ")?.split_whitespace().next())
        .filter(|id| {
            let (head, rest) = id.split_at(1);
            (head == "S" && rest.contains('.') || head == "D")
                && rest.chars().all(|c| c.is_ascii_digit() || c == '.')
                && !rest.is_empty()
        })
        .collect();
    assert_eq!(
        statements.len(),
        34,
        "statements read from tests/DOMAIN.md: {statements:?}"
    );
    let (_, _, seeds) = common::run_all();
    // What a case may cite besides a statement: a term the vocabulary
    // defines (`limits`, for limits no seed names, such as seats).
    let terms: Vec<&str> = include_str!("../DOMAIN.md")
        .split("**")
        .skip(1)
        .step_by(2)
        .collect();
    for seed in &seeds {
        assert!(
            statements.contains(&seed.as_str()) || terms.contains(&seed.as_str()),
            "a golden case cites `{seed}`, which tests/DOMAIN.md neither states nor defines"
        );
    }
    let this_file = include_str!("seeds.rs");
    for s in statements {
        let fn_name = format!("fn {}_", s.to_lowercase().replace('.', "_"));
        assert!(
            seeds.iter().any(|x| x == s) || this_file.contains(&fn_name),
            "{s} is proved by no vector and no test"
        );
    }
}
