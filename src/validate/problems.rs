//! The problems validation collects, and the helpers every stage uses to
//! report them: ids, unknown references with "did you mean".

use super::*;

pub(super) fn is_action_id(id: &str) -> bool {
    matches!(id.split_once('.'), Some((s, v)) if is_id(s) && is_id(v))
}

/// The problems found so far: every stage adds to them, none stops at the first.
#[derive(Default)]
pub(super) struct Problems {
    pub(super) list: Vec<Problem>,
}

impl Problems {
    pub(super) fn push(&mut self, p: Problem) {
        self.list.push(p);
    }
    /// Checks ids for syntax and duplicates; returns the position of every
    /// id, invalid ones included (later stages look them up; the problems
    /// already say which are invalid).
    pub(super) fn index<'a>(
        &mut self,
        what: &str,
        items: impl Iterator<Item = &'a str>,
        path: &str,
        valid: fn(&str) -> bool,
        shape: &str,
    ) -> HashMap<String, usize> {
        let mut index = HashMap::default();
        for (i, id) in items.enumerate() {
            // Written out for a problem only: ids can be thousands.
            let at = || format!("{path}[{i}]");
            if !valid(id) {
                self.push(
                    Problem::new(
                        ErrorCode::InvalidId,
                        at(),
                        format!("invalid {what} id `{}`", show(id)),
                    )
                    .hint(format!(
                        "{what} ids are {shape}, at most {MAX_ID_LEN} characters"
                    )),
                );
            }
            if index.insert(id.to_owned(), i).is_some() {
                self.push(
                    Problem::new(
                        ErrorCode::DuplicateId,
                        at(),
                        format!("duplicate {what} id `{}`", show(id)),
                    )
                    .hint(format!("each {what} needs its own id")),
                );
            }
        }
        index
    }
}

pub(super) const SNAKE: &str = "lowercase snake_case (`a-z`, `0-9`, `_`, starting with a letter)";

pub(super) fn unknown(
    code: ErrorCode,
    what: &str,
    id: &str,
    path: String,
    known: Vec<&str>,
) -> Problem {
    let hint = did_you_mean(id, known.iter().copied()).or_else(|| {
        if known.is_empty() {
            Some(format!("no {what} is declared"))
        } else {
            Some(format!(
                "known {what}s: {}",
                known
                    .iter()
                    .take(12)
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        }
    });
    Problem::new(code, path, format!("unknown {what} `{}`", show(id))).maybe_hint(hint)
}
