//! `teamgate::invariants`: rules proved over every case, or broken with
//! the first counterexample.

use teamgate::invariants::{verify, InvariantResult, Invariants};
use teamgate::Gate;

fn check(gate: &Gate, rules: &str) -> Vec<InvariantResult> {
    verify(
        gate,
        &Invariants::from_json(&format!(r#"{{ "invariants": [{rules}] }}"#)).unwrap(),
    )
}

fn inbox() -> Gate {
    Gate::preset("team-inbox").unwrap()
}

#[test]
fn the_default_preset_proves_its_rules_over_every_case() {
    let results = check(
        &inbox(),
        r#"{ "name": "agents never see billing", "never": { "roles": ["agent"], "actions": ["billing.*"] } },
           { "name": "below admin, no developer tools", "never": { "below": "admin", "actions": ["developers.*"] } },
           { "name": "the owner holds what the plan has", "always": { "roles": ["owner"] }, "unless": ["plan_lacks_feature"] },
           { "name": "nobody may grant what they lack", "no_escalation": true }"#,
    );
    let got: Vec<(bool, &str)> = results
        .iter()
        .map(|r| (r.holds, r.message.as_str()))
        .collect();
    // 2 billing actions × (defaults + main) × 3 plans; 2 roles × 4 actions × 2 × 3;
    // 30 actions' cases × 2 × 3 (chat actions in 3 scopes); every editor pair.
    assert_eq!(
        got,
        [
            (true, "holds in all 12 cases"),
            (true, "holds in all 48 cases"),
            (true, "holds in all 252 cases"),
            (true, "holds in all 1,512 cases"),
        ]
    );
}

#[test]
fn d3_a_restriction_holds_only_where_the_plan_enforces_it() {
    let gate = inbox()
        .with_team_permission("admin", "main", "agent", "chats.read", &["pending", "mine"])
        .unwrap();
    let rule = r#"{ "name": "agents never read others' chats on main", "never": { "roles": ["agent"], "actions": ["chats.read"], "scopes": ["others"], "numbers": ["main"] } }"#;
    let r = &check(&gate, rule)[0];
    assert!(!r.holds);
    assert_eq!((r.cases, r.violations), (3, 2));
    let c = r.counterexample.as_ref().unwrap();
    assert_eq!(
        (
            c.plan.as_deref(),
            c.number.as_deref(),
            c.role.as_deref(),
            c.action.as_str(),
            c.scope.as_deref(),
            c.code.as_str()
        ),
        (
            Some("basic"),
            Some("main"),
            Some("agent"),
            "chats.read",
            Some("others"),
            "granted_by_role"
        )
    );
    assert_eq!(r.message, "broken in 2 of 3 cases, first: role `agent` in number `main` on plan `basic`: allowed `chats.read` (others) (granted_by_role)");
    let on_premium = rule.replace(
        r#""numbers": ["main"]"#,
        r#""numbers": ["main"], "plans": ["premium"]"#,
    );
    assert!(check(&gate, &on_premium)[0].holds);
}

#[test]
fn d5_a_role_that_may_assign_one_holding_more_breaks_no_escalation() {
    let mut doc: serde_json::Value =
        serde_json::from_str(teamgate::presets::source("team-inbox").unwrap()).unwrap();
    let roles = doc["roles"].as_array_mut().unwrap();
    roles[2] = serde_json::json!({ "id": "supervisor", "rank": 200, "grants": ["chats.*", "files.view", "team.add_members"] });
    roles[3]["grants"]
        .as_array_mut()
        .unwrap()
        .push("billing.payment".into());
    let gate = Gate::from_json(&doc.to_string()).unwrap();
    let r = &check(
        &gate,
        r#"{ "name": "nobody may grant what they lack", "no_escalation": true }"#,
    )[0];
    assert!(!r.holds);
    let c = r.counterexample.as_ref().unwrap();
    assert_eq!(
        (c.editor.as_deref(), c.role.as_deref(), c.action.as_str()),
        (Some("admin"), Some("agent"), "billing.payment")
    );
    // admin excepts billing.payment and may edit agents' team permissions on
    // Premium (assigning is refused by the engine itself: D5), on the role
    // defaults and in `main`.
    assert_eq!(r.violations, 2);
    assert!(r.message.contains("role `admin` may edit or assign role `agent`, which on plan `premium` holds `billing.payment`, which the editor lacks"), "{}", r.message);
}

#[test]
fn rules_about_members_count_their_grants() {
    let mut p = inbox().policy().clone();
    p.members.push(serde_json::from_value(serde_json::json!({ "id": "bea", "roles": { "main": "agent" }, "grants": ["billing.payment"] })).unwrap());
    let gate = Gate::new(p).unwrap();
    let r = &check(
        &gate,
        r#"{ "name": "no member pays", "never": { "members": ["*"], "actions": ["billing.*"] } }"#,
    )[0];
    assert_eq!((r.holds, r.cases, r.violations), (false, 6, 3));
    let c = r.counterexample.as_ref().unwrap();
    assert_eq!(
        (c.member.as_deref(), c.role.as_deref(), c.code.as_str()),
        (Some("bea"), Some("agent"), "granted_to_member")
    );
}

#[test]
fn a_rule_naming_what_the_policy_lacks_is_not_proved() {
    let results = check(
        &inbox(),
        r#"{ "name": "a", "never": { "roles": ["agnet"], "actions": ["billing.*"] } },
           { "name": "b", "never": { "roles": ["agent"], "actions": ["biling.*"] } },
           { "name": "c", "never": { "roles": ["agent"], "plans": ["gold"] } },
           { "name": "d", "never": { "below": "boss" } }"#,
    );
    let got: Vec<(bool, &str)> = results
        .iter()
        .map(|r| (r.holds, r.message.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (
                false,
                "cannot be checked: unknown role `agnet` (did you mean `agent`?)"
            ),
            (false, "cannot be checked: unknown action `biling.*`"),
            (false, "cannot be checked: unknown plan `gold`"),
            (false, "cannot be checked: unknown role `boss`"),
        ]
    );
}

#[test]
fn a_bad_rule_file_is_refused_with_each_rules_path() {
    let err = Invariants::from_json(
        r#"{ "invariants": [
            { "name": "both", "never": {}, "always": {} },
            { "name": "typo", "nevr": {} },
            { "name": "roles", "never": { "roles": "agent" } }
        ] }"#,
    )
    .unwrap_err();
    let got = crate::common::codes_and_paths(&err);
    assert_eq!(
        got,
        [
            ("missing_field", "$.invariants[0]"),
            ("unknown_field", "$.invariants[1].nevr"),
            ("missing_field", "$.invariants[1]"),
            ("invalid_type", "$.invariants[2].never.roles"),
        ]
    );
}

#[test]
fn the_invariants_schema_is_published() {
    let generated = teamgate::invariants::json_schema() + "\n";
    crate::common::assert_generated(
        "schema/invariants.schema.json",
        generated.as_bytes(),
        "invariants",
    );
}

#[test]
fn roles_by_rank_and_every_unknown_id_kind() {
    let results = check(
        &inbox(),
        r#"{ "name": "supervisors and up see the device articles", "always": { "at_least": "supervisor", "actions": ["help.device_articles"] } },
           { "name": "below supervisor, none", "never": { "below": "supervisor", "actions": ["help.device_articles"] } },
           { "name": "m", "never": { "members": ["bob"] } },
           { "name": "s", "never": { "roles": ["agent"], "scopes": ["mien"] } },
           { "name": "n", "never": { "roles": ["agent"], "numbers": ["sales"] } }"#,
    );
    let got: Vec<(bool, &str)> = results
        .iter()
        .map(|r| (r.holds, r.message.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            // owner, admin, supervisor × (defaults + main) × 3 plans; agent × 2 × 3.
            (true, "holds in all 18 cases"),
            (true, "holds in all 6 cases"),
            (false, "cannot be checked: unknown member `bob`"),
            (
                false,
                "cannot be checked: unknown scope `mien` (did you mean `mine`?)"
            ),
            (false, "cannot be checked: unknown number `sales`"),
        ]
    );
}
