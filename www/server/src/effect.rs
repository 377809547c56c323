//! What an edit does (the engine's `Gate::effect_of`), as the editor may
//! read it: the preview a `?dry=1` edit answers with, the answer of a saved
//! one, and the lines its activity entry records. Other members' gains and
//! losses name them and their roles, so they are given only in the numbers
//! whose activity log the editor may read (which names them too); roles'
//! changes only in the editor's numbers (or on the role defaults). The
//! entry of an account-wide edit (a plan, a new role) is read by every
//! reader of the log, so it names no member.

use crate::activity::ACTIVITY_PERMISSION;
use crate::answers::EffectAnswer;
use crate::session::Caller;
use teamgate::{Effect, Gate};

/// The effect of going from the caller's gate to `next`, as the caller may read it.
pub fn preview(who: &Caller, next: &Gate) -> EffectAnswer {
    let usage = crate::demo::usage(next.policy());
    let mut effect: Effect = who.gate.effect_of(next, &usage);
    let mine = who.numbers();
    let in_mine = |n: &Option<String>| n.as_deref().is_none_or(|n| mine.contains(&n));
    let named = who.numbers_allowing(ACTIVITY_PERMISSION);
    effect
        .members
        .retain(|c| c.number.as_deref().is_some_and(|n| named.contains(&n)));
    effect.roles.retain(|c| in_mine(&c.number));
    EffectAnswer {
        summary: effect.summary(),
        grants_access: effect.grants_access(),
        effect,
    }
}

/// The most lines of a preview an activity entry keeps.
const LOGGED_LINES: usize = 12;

/// An activity entry's detail: what was asked, then what it did; for an
/// account-wide edit (`account_wide`), without the members' lines.
pub fn detail(asked: &str, effect: &EffectAnswer, account_wide: bool) -> String {
    let unnamed;
    let lines = if account_wide {
        let mut e = effect.effect.clone();
        e.members.clear();
        unnamed = e.summary();
        &unnamed
    } else {
        &effect.summary
    };
    if lines.is_empty() {
        return format!("{asked} (no decision changes)");
    }
    let shown: Vec<&str> = lines
        .iter()
        .take(LOGGED_LINES)
        .map(String::as_str)
        .collect();
    let more = lines.len().saturating_sub(LOGGED_LINES);
    let tail = if more > 0 {
        format!("; and {more} more")
    } else {
        String::new()
    };
    format!("{asked}: {}{tail}", shown.join("; "))
}
