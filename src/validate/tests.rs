//! The stages' tests: each stage, through the pipeline `validate` runs.

use super::*;
use serde_json::{json, Value};

/// The small policy the suite's error tests use too (`tests/fixtures/`),
/// with a `lead` role between the owner and the agent (it inherits, grants
/// a section, excepts a scope) and a member with an extra grant.
fn policy(patch: impl FnOnce(&mut Value)) -> Policy {
    let mut doc: Value =
        serde_json::from_str(include_str!("../../tests/fixtures/small-policy.json")).unwrap();
    let lead = json!({ "id": "lead", "rank": 20, "inherits": "agent", "grants": ["team.*"], "except": ["chats.read:others"] });
    doc["roles"].as_array_mut().unwrap().insert(1, lead);
    doc["members"] =
        json!([{ "id": "ana", "roles": { "main": "agent" }, "grants": ["team.edit_permissions"] }]);
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
