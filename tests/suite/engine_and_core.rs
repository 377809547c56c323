//! The engine and its core agree: a core gate from the engine's snapshot
//! decides as the engine, the engine's gates give "did you mean" hints
//! (the core's only when handed a matcher), and the core's proposals are
//! exactly the documents and denials of the engine's edits.

use teamgate_core::Gate;

/// The default preset as the core sees it: from the snapshot the engine made.
fn core_gate() -> Gate {
    Gate::from_snapshot(&teamgate::Gate::preset("team-inbox").unwrap().snapshot()).unwrap()
}

#[test]
fn the_engines_gates_have_hints_on_from_snapshots_too() {
    let full = teamgate::Gate::from_snapshot(&core_gate().snapshot()).unwrap();
    assert_eq!(
        full.check_limit("seets", 1).params.suggestion.as_deref(),
        Some("seats")
    );
    assert_eq!(core_gate().check_limit("seets", 1).params.suggestion, None);
}

#[test]
fn a_snapshot_gate_decides_as_the_engine_that_made_it() {
    let full = teamgate::Gate::preset("team-inbox").unwrap();
    let core = core_gate();
    for number in [None, Some("main")] {
        for role in full.roles() {
            for action in full.actions() {
                for scope in [None, Some("mine"), Some("others"), Some("all")] {
                    let ask = |g: &Gate| match number {
                        Some(n) => g.explain_in(n, role, action, scope),
                        None => g.explain(role, action, scope),
                    };
                    assert_eq!(
                        ask(&core),
                        ask(&full),
                        "{number:?} {role} {action} {scope:?}"
                    );
                }
            }
        }
    }
}

#[test]
fn proposals_are_the_documents_and_denials_of_the_edits() {
    let full = teamgate::Gate::preset("team-inbox").unwrap();
    // Allowed: the document the edit compiles.
    let policy = full
        .propose_team_permission("admin", "main", "agent", "chats.read", &["mine"])
        .unwrap();
    let edited = full
        .with_team_permission("admin", "main", "agent", "chats.read", &["mine"])
        .unwrap();
    assert_eq!(&policy, edited.policy());
    // Denied: the edit's denial.
    let denial = full
        .propose_team_permission("supervisor", "main", "admin", "chats.read", &["mine"])
        .unwrap_err();
    let err = full
        .with_team_permission("supervisor", "main", "admin", "chats.read", &["mine"])
        .unwrap_err();
    assert_eq!(err.denial(), Some(&denial));
    assert_eq!(denial.code.as_str(), "not_subordinate");
    // A member who does not exist: the denial names them.
    let denial = full
        .propose_member_role("admin", "nobody", "main", "agent")
        .unwrap_err();
    assert_eq!(denial.code.as_str(), "unknown_member");
}
