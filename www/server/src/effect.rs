//! What an edit does (the engine's `Gate::effect_of`), as the editor may
//! read it: the preview a `?dry=1` edit answers with, the answer of a saved
//! one, and the lines its activity entry records. Other members' gains and
//! losses name them and their roles, so they are given only to those who
//! may read the activity log (which names them too), and only in the
//! editor's own numbers; roles' changes only in the editor's numbers (or on
//! the role defaults).

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
    let (_, may_read_members) = who.account_wide(ACTIVITY_PERMISSION);
    if may_read_members.allowed {
        effect.members.retain(|c| in_mine(&c.number));
    } else {
        effect.members.clear();
    }
    effect.roles.retain(|c| in_mine(&c.number));
    EffectAnswer {
        summary: effect.summary(),
        grants_access: effect.grants_access(),
        effect,
    }
}

/// The most lines of a preview an activity entry keeps.
const LOGGED_LINES: usize = 12;

/// An activity entry's detail: what was asked, then what it did.
pub fn detail(asked: &str, effect: &EffectAnswer) -> String {
    let lines = &effect.summary;
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
