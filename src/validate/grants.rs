//! The grant grammar: `*`, `section.*`, `section.verb` and
//! `section.verb:scope`, read against the catalog into what they hold.

use super::*;

/// Reads grants (`*`, `section.*`, `section.verb`, `section.verb:scope`)
/// against the action catalog and the scopes.
#[derive(Clone, Copy)]
pub(super) struct GrantReader<'a> {
    pub(super) actions: &'a [ActionInfo],
    pub(super) action_index: &'a HashMap<String, usize>,
    pub(super) scopes: &'a [String],
}

impl GrantReader<'_> {
    /// Every grant of `list` as (action, mask) pairs; a bad grant becomes a
    /// problem at `path(i)`.
    pub(super) fn read_all(
        self,
        problems: &mut Problems,
        list: &[String],
        path: impl Fn(usize) -> String,
    ) -> Vec<(usize, Holding)> {
        let mut out = Vec::with_capacity(list.len());
        for (i, g) in list.iter().enumerate() {
            if let Err(p) = parse_grant(g, || path(i), self, &mut out) {
                problems.push(p);
            }
        }
        out
    }
}

/// Parses one grant (`*`, `section.*`, `section.verb`, `section.verb:scope`)
/// into (action, holding) pairs appended to `out` (no allocation of its own:
/// roles can list thousands of grants). `path` is only built for a problem.
pub(super) fn parse_grant(
    grant: &str,
    path: impl Fn() -> String,
    against: GrantReader<'_>,
    out: &mut Vec<(usize, Holding)>,
) -> Result<(), Problem> {
    let GrantReader {
        actions,
        action_index,
        scopes,
    } = against;
    let full = |a: &ActionInfo| a.whole(scopes.len());
    if grant == "*" {
        out.extend(actions.iter().enumerate().map(|(i, a)| (i, full(a))));
        return Ok(());
    }
    // Most grants name one action: one hash lookup, before any splitting.
    if let Some((ai, a)) = action_index
        .get(grant)
        .and_then(|&ai| actions.get(ai).map(|a| (ai, a)))
    {
        out.push((ai, full(a)));
        return Ok(());
    }
    let (action, scope) = match grant.split_once(':') {
        Some((a, s)) => (a, Some(s)),
        None => (grant, None),
    };
    if let Some(section) = action.strip_suffix(".*") {
        let prefix = format!("{section}.");
        let found: Vec<(usize, Holding)> = actions
            .iter()
            .enumerate()
            .filter(|(_, a)| a.id.starts_with(&prefix))
            .map(|(i, a)| (i, full(a)))
            .collect();
        if found.is_empty() {
            let mut sections: Vec<&str> = actions
                .iter()
                .filter_map(|a| a.id.split_once('.').map(|(s, _)| s))
                .collect();
            sections.dedup();
            return Err(unknown(
                ErrorCode::UnknownSection,
                "section",
                section,
                path(),
                sections,
            ));
        }
        if scope.is_some() {
            return Err(Problem::new(
                ErrorCode::UnknownAction,
                path(),
                format!("grant `{}` names a section and a scope", show(grant)),
            )
            .hint("scopes go on single actions, e.g. `chats.read:mine`"));
        }
        out.extend(found);
        return Ok(());
    }
    let Some(&ai) = action_index.get(action) else {
        return Err(unknown(
            ErrorCode::UnknownAction,
            "action",
            action,
            path(),
            actions.iter().map(|a| a.id.as_str()).collect(),
        ));
    };
    let Some(a) = actions.get(ai) else {
        return Err(Problem::new(
            ErrorCode::UnknownAction,
            path(),
            "unknown action",
        ));
    };
    let mask = match scope {
        None => full(a),
        Some(_) if !a.scoped => {
            return Err(Problem::new(
                ErrorCode::ScopeOnUnscoped,
                path(),
                format!("action `{}` takes no scope", a.id),
            )
            .hint(format!("write `{}` alone", a.id)))
        }
        Some(ALL_SCOPES) => Holding::whole(true, scopes.len()),
        Some(s) => match scopes.iter().position(|x| x == s).and_then(Holding::scope) {
            Some(h) => h,
            None => {
                return Err(unknown(
                    ErrorCode::UnknownScope,
                    "scope",
                    s,
                    path(),
                    scopes_and_all(scopes).collect(),
                ))
            }
        },
    };
    out.push((ai, mask));
    Ok(())
}
