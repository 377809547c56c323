//! The core on its own: gates from snapshots (what `teamgate/lite` does),
//! ids by position, hints only when asked for, the tables a validated
//! policy is handed over with, and the checks behind the edits.

use teamgate_core::{Context, Gate, ScopeSet};

/// The default preset as the core sees it: from the snapshot a server made
/// (`presets/team-inbox.snapshot`, kept equal to the engine's by the
/// `teamgate` crate's suite). These tests need nothing of the crates above.
fn core_gate() -> Gate {
    Gate::from_snapshot(include_bytes!("../../../presets/team-inbox.snapshot"))
        .unwrap_or_else(|e| unreachable!("the committed snapshot loads: {e}"))
}

fn closest<'a>(input: &str, known: &[&'a str]) -> Option<&'a str> {
    teamgate_core::format::closest(input, known.iter().copied())
}

#[test]
fn hints_only_with_suggestions() {
    let core = core_gate();
    let typo = core.explain("agnet", "chats.read", Some("mine"));
    assert_eq!(typo.code.as_str(), "unknown_role");
    assert_eq!(typo.hint, None);
    let hinted = core.with_suggestions(closest);
    let typo = hinted.explain("agnet", "chats.read", Some("mine"));
    assert_eq!(typo.hint.as_deref(), Some("did you mean `agent`?"));
    assert_eq!(typo.params.suggestion.as_deref(), Some("agent"));
}

#[test]
fn ids_by_position_are_the_ids_by_name_and_nothing_beyond() {
    let g = core_gate();
    for (i, role) in g.roles().enumerate() {
        assert_eq!(g.role_at(i as u32), g.role_id(role));
    }
    for (i, action) in g.actions().enumerate() {
        assert_eq!(g.action_at(i as u32), g.action_id(action));
    }
    assert_eq!(g.context_at(0), Some(Context::ROLE_DEFAULTS));
    for (i, number) in g.numbers().enumerate() {
        assert_eq!(g.context_at(i as u32 + 1), g.context(Some(number)));
    }
    assert_eq!(g.role_at(g.roles().count() as u32), None);
    assert_eq!(g.action_at(g.actions().count() as u32), None);
    assert_eq!(g.context_at(g.numbers().count() as u32 + 1), None);
    let (r, a) = (g.role_at(0).unwrap(), g.action_id("chats.read").unwrap());
    let mine = g.scope_set(Some("mine")).unwrap();
    assert_eq!(
        g.can_ids(Context::ROLE_DEFAULTS, r, a, mine),
        g.can(g.roles().next().unwrap(), "chats.read", Some("mine"))
    );
    assert!(!g.can_ids(Context::ROLE_DEFAULTS, r, a, ScopeSet::NONE));
}

#[test]
fn from_validated_refuses_tables_that_do_not_fit_the_policy() {
    let g = core_gate();
    let policy = g.policy().clone();
    let (n_r, n_a) = (g.roles().count(), g.actions().count());
    let members = vec![Vec::new(); policy.members.len()];
    // Too few masks.
    assert!(
        Gate::from_validated(policy.clone(), vec![0; n_r * n_a - 1], members.clone()).is_none()
    );
    // The owner (a role of the preset) holding nothing.
    assert!(Gate::from_validated(policy.clone(), vec![0; n_r * n_a], members.clone()).is_none());
    // A console action held with a scope bit.
    let mut held = vec![0u32; n_r * n_a];
    let owner = g.roles().position(|r| r == "owner").unwrap();
    for (ai, action) in g.actions().enumerate() {
        held[owner * n_a + ai] = if g.is_scoped(action) == Some(true) {
            0b111
        } else {
            1
        };
    }
    assert!(Gate::from_validated(policy.clone(), held.clone(), members.clone()).is_some());
    let console = g
        .actions()
        .position(|a| g.is_scoped(a) == Some(false))
        .unwrap();
    let agent = g.roles().position(|r| r == "agent").unwrap();
    held[agent * n_a + console] = 0b10;
    assert!(Gate::from_validated(policy, held, members).is_none());
}
