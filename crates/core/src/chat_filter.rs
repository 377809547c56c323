//! Which chats a list may show, as a filter a database runs: the relation
//! of a chat's assignee to the caller (nobody, the caller, someone else)
//! that the engine allows, derived from the same decision as `can`, and
//! rendered as a parameterised SQL `WHERE` fragment.

use crate::gate::Gate;
use serde::Serialize;
use std::fmt;

/// The scope ids that name how a chat relates to the member asking (the
/// domain's vocabulary): assigned to nobody, to the member, to someone else.
pub const CHAT_SCOPES: [&str; 3] = ["pending", "mine", "others"];

/// The chats a member may act on, by how each chat's assignee relates to
/// them: `pending` (assigned to nobody), `mine` (to the member), `others`
/// (to someone else). All three: every chat; none: no chat.
///
/// Made by [`Gate::chat_filter`] and [`Gate::member_chat_filter`] from the
/// same decision as `can`: a chat passes exactly when `can` allows the
/// action in the chat's scope. Only the scopes `pending`, `mine` and
/// `others` describe a chat row; a policy's other scope names never match
/// one (they are left out of the filter).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub struct ChatFilter {
    /// Chats assigned to nobody.
    pub pending: bool,
    /// Chats assigned to the member asking.
    pub mine: bool,
    /// Chats assigned to another member.
    pub others: bool,
}

/// A `WHERE` fragment and the values it binds, in order: what
/// [`ChatFilter::to_sql`] renders.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub struct SqlFilter {
    /// The condition, e.g. `(assignee IS NULL OR assignee = $3)`; `1 = 1`
    /// for every chat, `1 = 0` for none. Join it with `AND` as it is: it is
    /// parenthesised whenever it holds an `OR`.
    pub sql: String,
    /// The values to bind to its placeholders, in order (the member's id,
    /// or nothing).
    pub params: Vec<String>,
}

/// How placeholders are written in the SQL a [`ChatFilter`] renders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placeholder {
    /// `$n` (PostgreSQL, sqlx), numbered from the given index: the fragment
    /// joins a query that already binds `n - 1` values.
    Dollar(u32),
    /// `?` (SQLite, MySQL): bind the fragment's values where it stands.
    Question,
}

/// A column name [`ChatFilter::to_sql`] refuses: it must be a plain
/// identifier (`assignee`, `c.assignee_id`), never text from a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidColumn(pub String);

impl fmt::Display for InvalidColumn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "column name `{}` is not a plain SQL identifier (letters, digits and `_`, optionally `table.column`); pass the name of your assignee column",
            self.0.chars().take(64).collect::<String>()
        )
    }
}

impl std::error::Error for InvalidColumn {}

/// `name` or `table.name`: ASCII letters, digits and `_`, not starting
/// with a digit, at most 128 bytes (hand-written: a regex crate for one
/// check would cost more than it saves).
fn plain_identifier(column: &str) -> bool {
    let part = |p: &str| {
        let mut c = p.bytes();
        matches!(c.next(), Some(b'a'..=b'z' | b'A'..=b'Z' | b'_'))
            && c.all(|b| b.is_ascii_alphanumeric() || b == b'_')
    };
    column.len() <= 128
        && match column.split_once('.') {
            Some((t, c)) => part(t) && part(c),
            None => part(column),
        }
}

impl ChatFilter {
    /// Every chat.
    pub const ALL: ChatFilter = ChatFilter {
        pending: true,
        mine: true,
        others: true,
    };
    /// No chat.
    pub const NONE: ChatFilter = ChatFilter {
        pending: false,
        mine: false,
        others: false,
    };

    /// Whether every chat passes.
    pub fn is_all(self) -> bool {
        self == ChatFilter::ALL
    }

    /// Whether no chat passes.
    pub fn is_none(self) -> bool {
        self == ChatFilter::NONE
    }

    /// The scope of a chat assigned to `assignee` (`None`: nobody), as seen
    /// by `me`: `pending`, `mine` or `others`; what a check on the chat asks.
    pub fn scope_of(assignee: Option<&str>, me: &str) -> &'static str {
        match assignee {
            None => "pending",
            Some(a) if a == me => "mine",
            Some(_) => "others",
        }
    }

    /// Whether a chat assigned to `assignee` passes, for `me`: the filter
    /// applied in memory (the same rule [`ChatFilter::to_sql`] writes).
    pub fn allows(self, assignee: Option<&str>, me: &str) -> bool {
        match Self::scope_of(assignee, me) {
            "pending" => self.pending,
            "mine" => self.mine,
            _ => self.others,
        }
    }

    /// The filter narrowed to the chats of one scope (a tab of the inbox:
    /// `pending`, `mine` or `others`); any other name leaves no chat.
    pub fn only(self, scope: &str) -> ChatFilter {
        ChatFilter {
            pending: self.pending && scope == "pending",
            mine: self.mine && scope == "mine",
            others: self.others && scope == "others",
        }
    }

    /// The filter as a SQL condition on the assignee `column` (NULL when
    /// the chat is assigned to nobody), with `me`, the member asking, as
    /// its only possible parameter.
    ///
    /// ```
    /// use teamgate_core::{ChatFilter, Placeholder};
    /// let f = ChatFilter { pending: true, mine: true, others: false };
    /// let sql = f.to_sql("assignee", "alex", Placeholder::Dollar(3))?;
    /// assert_eq!(sql.sql, "(assignee IS NULL OR assignee = $3)");
    /// assert_eq!(sql.params, ["alex"]);
    /// # Ok::<(), teamgate_core::InvalidColumn>(())
    /// ```
    ///
    /// # Errors
    /// [`InvalidColumn`] when `column` is not a plain identifier.
    pub fn to_sql(
        self,
        column: &str,
        me: &str,
        placeholder: Placeholder,
    ) -> Result<SqlFilter, InvalidColumn> {
        if !plain_identifier(column) {
            return Err(InvalidColumn(column.to_owned()));
        }
        let p = match placeholder {
            Placeholder::Dollar(n) => format!("${n}"),
            Placeholder::Question => "?".to_owned(),
        };
        let c = column;
        let (sql, binds) = match (self.pending, self.mine, self.others) {
            (false, false, false) => ("1 = 0".to_owned(), false),
            (true, true, true) => ("1 = 1".to_owned(), false),
            (true, false, false) => (format!("{c} IS NULL"), false),
            (false, true, true) => (format!("{c} IS NOT NULL"), false),
            (false, true, false) => (format!("{c} = {p}"), true),
            // NULL <> x is not true: pending chats stay out.
            (false, false, true) => (format!("{c} <> {p}"), true),
            (true, true, false) => (format!("({c} IS NULL OR {c} = {p})"), true),
            (true, false, true) => (format!("({c} IS NULL OR {c} <> {p})"), true),
        };
        Ok(SqlFilter {
            sql,
            params: if binds { vec![me.to_owned()] } else { vec![] },
        })
    }
}

impl Gate {
    /// The chats `role` may do the chat `action` on (in `number`, or on the
    /// role defaults), as a filter a database runs: a relation passes
    /// exactly when [`Gate::can`] / [`Gate::can_in`] allows the action in
    /// that scope. An unscoped action passes every chat or none, as `can`
    /// decides it without a scope; unknown ids pass none (D4).
    ///
    /// ```
    /// let gate = teamgate::Gate::preset("team-inbox")?
    ///     .with_team_permission("admin", "main", "agent", "chats.read", &["pending", "mine"])?;
    /// let f = gate.chat_filter("agent", "chats.read", Some("main"));
    /// assert!(f.pending && f.mine && !f.others);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn chat_filter(&self, role: &str, action: &str, number: Option<&str>) -> ChatFilter {
        let can = |scope: Option<&str>| match number {
            Some(n) => self.can_in(n, role, action, scope),
            None => self.can(role, action, scope),
        };
        self.filter_from(action, can)
    }

    /// [`Gate::chat_filter`] for a member in a number: their role there
    /// plus their extra grants, exactly as [`Gate::can_member`] decides.
    /// What a server puts in the `WHERE` of a list for the signed-in member.
    pub fn member_chat_filter(&self, member: &str, number: &str, action: &str) -> ChatFilter {
        self.filter_from(action, |scope| {
            self.explain_member_inner(member, number, action, scope)
                .allowed
        })
    }

    fn filter_from(&self, action: &str, can: impl Fn(Option<&str>) -> bool) -> ChatFilter {
        match self.is_scoped(action) {
            None => ChatFilter::NONE,
            Some(false) => {
                if can(None) {
                    ChatFilter::ALL
                } else {
                    ChatFilter::NONE
                }
            }
            Some(true) => {
                let declared = |s: &str| self.scopes().any(|d| d == s);
                let [p, m, o] = CHAT_SCOPES.map(|s| declared(s) && can(Some(s)));
                ChatFilter {
                    pending: p,
                    mine: m,
                    others: o,
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_filters() -> impl Iterator<Item = ChatFilter> {
        (0..8u8).map(|b| ChatFilter {
            pending: b & 1 != 0,
            mine: b & 2 != 0,
            others: b & 4 != 0,
        })
    }

    #[test]
    fn sql_binds_the_member_at_most_once_and_only_when_it_is_used() {
        for f in all_filters() {
            let s = f.to_sql("assignee", "me", Placeholder::Question).unwrap();
            assert_eq!(s.params.len(), s.sql.matches('?').count(), "{f:?}");
            assert!(s.params.len() <= 1);
        }
    }

    #[test]
    fn only_plain_identifiers_are_columns() {
        for ok in ["assignee", "c.assignee_id", "_a1", "T.X"] {
            assert!(
                ChatFilter::ALL
                    .to_sql(ok, "m", Placeholder::Question)
                    .is_ok(),
                "{ok}"
            );
        }
        for bad in [
            "",
            "1a",
            "a b",
            "a;--",
            "a.b.c",
            "a.",
            "\"a\"",
            "a\0",
            &"a".repeat(129),
        ] {
            let e = ChatFilter::ALL
                .to_sql(bad, "m", Placeholder::Question)
                .unwrap_err();
            assert!(e.to_string().contains("plain SQL identifier"));
        }
    }

    #[test]
    fn in_memory_and_scope_of_agree() {
        for f in all_filters() {
            for (a, want) in [
                (None, f.pending),
                (Some("me"), f.mine),
                (Some("x"), f.others),
            ] {
                assert_eq!(f.allows(a, "me"), want);
                assert_eq!(f.only(ChatFilter::scope_of(a, "me")).allows(a, "me"), want);
            }
        }
    }
}
