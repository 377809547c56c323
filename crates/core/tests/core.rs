//! The core on its own: gates from snapshots (what `teamgate/lite` does),
//! ids by position, hints only when asked for, the tables a validated
//! policy is handed over with, and the checks behind the edits.

use teamgate_core::{Context, Gate, Holding, Masks, ScopeSet};

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
fn from_validated_refuses_masks_that_do_not_fit_the_policy() {
    let g = core_gate();
    let policy = g.policy().clone();
    let (n_r, n_a) = (g.roles().count(), g.actions().count());
    let n_s = g.scopes().count();
    let owner = g.roles().position(|r| r == "owner").unwrap();
    let whole = |action: &str| Holding::whole(g.is_scoped(action) == Some(true), n_s);
    let n_m = policy.members.len();
    let members = |mut m: Masks| {
        for _ in 0..n_m {
            m.add_member([]);
        }
        m
    };
    // Too few actions.
    assert!(Gate::from_validated(policy.clone(), members(Masks::new(n_r, n_a - 1))).is_none());
    // The owner (a role of the preset) holding nothing.
    assert!(Gate::from_validated(policy.clone(), members(Masks::new(n_r, n_a))).is_none());
    // The owner holding everything: accepted.
    let mut masks = Masks::new(n_r, n_a);
    for (ai, action) in g.actions().enumerate() {
        masks.grant(owner, ai, whole(action));
    }
    assert!(Gate::from_validated(policy.clone(), members(masks.clone())).is_some());
    // A console action held with a scope: refused.
    let console = g
        .actions()
        .position(|a| g.is_scoped(a) == Some(false))
        .unwrap();
    let agent = g.roles().position(|r| r == "agent").unwrap();
    masks.grant(agent, console, Holding::scope(1).unwrap());
    assert!(Gate::from_validated(policy, members(masks)).is_none());
}

#[test]
fn holdings_join_and_take_away() {
    let (pending, mine) = (Holding::scope(0).unwrap(), Holding::scope(1).unwrap());
    let all = Holding::whole(true, 3);
    assert_eq!((pending | mine | Holding::scope(2).unwrap()), all);
    assert_eq!(all.without(mine), pending | Holding::scope(2).unwrap());
    assert!(Holding::NONE.is_none() && !pending.is_none());
    assert_eq!(Holding::scope(16), None, "16 scopes at most");
    let mut m = Masks::new(2, 1);
    m.grant(0, 0, all);
    m.inherit(1, 0);
    m.except(1, 0, mine);
    assert_eq!(m.holds(1, 0), all.without(mine));
    assert_eq!(m.holds(2, 0), Holding::NONE, "out of range: nothing");
}

#[test]
fn context_number_follows_the_contexts_the_core_gives() {
    let g = core_gate();
    assert_eq!(g.context_number(0), None, "index 0: the role defaults");
    for n in g.numbers() {
        let ctx = g
            .context(Some(n))
            .unwrap_or_else(|| unreachable!("{n} is a number"));
        assert_eq!(g.context_number(ctx.index()), Some(n));
        assert_eq!(g.context_at(ctx.index()), Some(ctx));
    }
    let past = g.numbers().count() as u32 + 1;
    assert_eq!(
        (g.context_number(past), g.context_number(u32::MAX)),
        (None, None)
    );
}
