//! The change preview (`Gate::effect_of`) on the default preset, in the
//! words a confirmation dialog shows. The property that it is exactly the
//! difference of every decision is in `properties.rs`.

use teamgate::{ChangeCode, Gate, MemberDef};

fn team() -> Gate {
    let mut p = Gate::preset("team-inbox").unwrap().policy().clone();
    let bea: MemberDef = serde_json::from_value(serde_json::json!({
        "id": "bea", "name": "Bea", "roles": { "main": "agent" }
    }))
    .unwrap();
    p.members.push(bea);
    Gate::new(p).unwrap()
}

#[test]
fn s004_6_restricting_a_role_shows_each_member_what_they_lose() {
    let before = team();
    let after = before
        .with_team_permission("admin", "main", "agent", "chats.delete", &["mine"])
        .unwrap();
    let effect = before.effect_of(&after, &[]);
    let lines = effect.summary();
    assert_eq!(
        lines,
        [
            "Bea (Agent) on Main number loses “Delete chats” for unassigned chats and others' chats",
            "Agent on Main number loses “Delete chats” for unassigned chats and others' chats",
        ]
    );
    let bea = &effect.members[0];
    assert_eq!(bea.code, ChangeCode::Loses);
    assert_eq!(bea.member.as_deref(), Some("bea"));
    assert_eq!(bea.scopes, ["pending", "others"]);
    assert_eq!(bea.params.action, "chats.delete");
    assert_eq!(bea.params.member_name.as_deref(), Some("Bea"));
    assert_eq!(bea.params.action_name.as_deref(), Some("Delete chats"));
    assert!(!bea.params.every_scope);
    assert!(!effect.grants_access());
    // Undoing it is the mirror image.
    let back = after.effect_of(&before, &[]);
    assert!(back.grants_access());
    assert_eq!(back.members[0].code, ChangeCode::Gains);
}

#[test]
fn d3_a_downgrade_switches_features_off_and_is_over_its_limits() {
    let before = team()
        .with_team_permission("admin", "main", "agent", "chats.read", &["mine"])
        .unwrap();
    let after = before.with_plan("basic").unwrap();
    let effect = before.effect_of(&after, &[("numbers", 2), ("seats", 5)]);
    assert_eq!(effect.features_off, ["team_permissions"]);
    assert!(effect.features_on.is_empty());
    // D3: without the feature the restriction is not enforced: Bea gains
    // back the chats she could not read, and nobody opens the page any more.
    let summary = effect.summary();
    assert!(
        summary.contains(
            &"Bea (Agent) on Main number gains “Read chats” for unassigned chats and others' chats"
                .to_owned()
        ),
        "{summary:#?}"
    );
    assert!(
        summary.contains(
            &"Supervisor on Main number loses “Open the team-permissions page”".to_owned()
        ),
        "{summary:#?}"
    );
    assert!(summary.contains(&"plan feature `team_permissions` switches off".to_owned()));
    let over: Vec<(&str, u32, Option<u32>)> = effect
        .over_limits
        .iter()
        .map(|l| (l.params.limit.as_deref().unwrap(), l.used, l.limit))
        .collect();
    assert_eq!(over, [("numbers", 2, Some(1)), ("seats", 5, Some(3))]);
    assert!(
        summary.contains(&"plan `basic` allows 1 `numbers`, 2 used".to_owned()),
        "{summary:#?}"
    );
}

#[test]
fn s004_2_a_new_role_in_a_number_shows_old_and_new_role() {
    let before = team();
    let after = before
        .with_member_role("admin", "bea", "main", "supervisor")
        .unwrap();
    let effect = before.effect_of(&after, &[]);
    assert!(
        effect.roles.is_empty(),
        "no role changed: {:?}",
        effect.roles
    );
    assert!(effect.members.iter().all(|c| c.code == ChangeCode::Gains));
    assert!(effect
        .members
        .iter()
        .all(|c| c.role == "supervisor" && c.role_before.as_deref() == Some("agent")));
    assert!(effect
        .summary()
        .contains(&"Bea (Agent → Supervisor) on Main number gains “Sync a number”".to_owned()));
}

#[test]
fn s002_4_a_new_custom_role_is_all_gains_and_counts_against_the_plan() {
    let before = Gate::preset("helpdesk").unwrap();
    let role: teamgate::RoleDef = serde_json::from_value(serde_json::json!({
        "id": "sales", "name": "Sales", "rank": 150, "grants": ["contacts.view"]
    }))
    .unwrap();
    let after = before.with_custom_role("admin", role).unwrap();
    let effect = before.effect_of(&after, &[]);
    assert!(effect.grants_access());
    assert!(effect
        .roles
        .iter()
        .all(|c| c.role == "sales" && c.code == ChangeCode::Gains));
    // The same policy put on a plan without custom roles is over that limit.
    let basic = after
        .policy()
        .plans
        .iter()
        .find(|p| p.id == "basic")
        .map(|p| p.id.clone())
        .unwrap();
    let mut p = after.policy().clone();
    p.plan = Some(basic);
    let over = after.effect_of(&Gate::new(p).unwrap(), &[]).over_limits;
    assert_eq!(over.len(), 1);
    assert_eq!(over[0].params.limit.as_deref(), Some("custom_roles"));
}
