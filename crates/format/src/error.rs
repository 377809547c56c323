//! Errors for the person who wrote the policy: every problem with a stable
//! code, where it is (a JSON path), a one-line message and a hint.

use serde::Serialize;
use std::fmt;

/// Stable codes of the problems a policy document can have.
///
/// The string form ([`ErrorCode::as_str`]) is part of the public contract:
/// JS callers and CI scripts match on it. New codes may be added.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, strum::IntoStaticStr, strum::VariantArray)]
#[strum(serialize_all = "snake_case")]
#[non_exhaustive]
pub enum ErrorCode {
    /// The text is not JSON at all.
    JsonSyntax,
    /// A value has the wrong type (a string where a number belongs, ...).
    InvalidType,
    /// A key the format does not know.
    UnknownField,
    /// A required key is absent.
    MissingField,
    /// The document is larger than [`MAX_DOCUMENT_BYTES`](crate::MAX_DOCUMENT_BYTES).
    TooLarge,
    /// `version` is not one this library reads.
    UnsupportedVersion,
    /// An id is not lowercase `snake_case` (actions: `section.verb`).
    InvalidId,
    /// Two things share an id.
    DuplicateId,
    /// A reference to a role that does not exist.
    UnknownRole,
    /// A reference to an action that does not exist.
    UnknownAction,
    /// A reference to a scope that does not exist.
    UnknownScope,
    /// A reference to a plan that does not exist.
    UnknownPlan,
    /// A reference to a feature that is not declared.
    UnknownFeature,
    /// A reference to a number that does not exist.
    UnknownNumber,
    /// A `section.*` grant naming a section without actions.
    UnknownSection,
    /// `plans` is not empty but `plan` is absent.
    MissingPlan,
    /// More than one role has `owner: true`.
    MultipleOwners,
    /// A role ranks at or above the owner.
    OutranksOwner,
    /// The owner role has grants, exceptions, inheritance or team permissions.
    OwnerRestricted,
    /// Roles inherit from each other in a circle.
    InheritanceCycle,
    /// A scope was given for an action that takes none.
    ScopeOnUnscoped,
    /// Team permissions name an unscoped (console) action (S004.9).
    NotATeamPermission,
    /// `all` (or another reserved word) declared as a scope.
    ReservedScope,
    /// More scopes than the engine supports.
    TooManyScopes,
    /// A management action is scoped, but must not be.
    ScopedManagementAction,
    /// A preset name that does not exist.
    UnknownPreset,
    /// The same key twice in one object.
    DuplicateKey,
    /// Bytes that are not a snapshot of this format (`Gate::from_snapshot`).
    InvalidSnapshot,
    /// A fault of teamgate itself, never of the document: a validated policy
    /// that did not compile. Please report it.
    Internal,
}

impl ErrorCode {
    /// The stable `snake_case` code.
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// Every code, for documentation and exhaustive tests.
    pub const ALL: &'static [ErrorCode] = <ErrorCode as strum::VariantArray>::VARIANTS;
}

/// Serialises as its code, [`ErrorCode::as_str`] (one string table instead
/// of serde's per-variant code: about 1 KB less wasm).
impl Serialize for ErrorCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// The error codes as a string enum (`ErrorCode` in TypeScript).
#[cfg(not(target_arch = "wasm32"))]
impl schemars::JsonSchema for ErrorCode {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "ErrorCode".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let codes: Vec<&str> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
        schemars::json_schema!({ "type": "string", "enum": codes })
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem in a policy document. Serialises as
/// `{ code, path, message, hint }`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub struct Problem {
    code: ErrorCode,
    path: String,
    message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    hint: Option<String>,
}

impl Problem {
    /// A problem: its code, where it is (a JSON path such as
    /// `$.roles[2].inherits`) and what is wrong (one lowercase line).
    pub fn new(code: ErrorCode, path: impl Into<String>, message: impl Into<String>) -> Self {
        Problem {
            code,
            path: path.into(),
            message: message.into(),
            hint: None,
        }
    }

    /// The same problem with a hint: how to fix it.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// The same problem with a hint, when there is one.
    pub fn maybe_hint(mut self, hint: Option<String>) -> Self {
        self.hint = hint;
        self
    }

    /// The stable code.
    pub fn code(&self) -> ErrorCode {
        self.code
    }
    /// Where: a JSON path such as `$.roles[2].inherits` (`$` is the document).
    pub fn path(&self) -> &str {
        &self.path
    }
    /// What is wrong, one lowercase line.
    pub fn message(&self) -> &str {
        &self.message
    }
    /// How to fix it, e.g. "did you mean `agent`?".
    pub fn help(&self) -> Option<&str> {
        self.hint.as_deref()
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "error[{}]: {}\n  --> {}",
            self.code, self.message, self.path
        )?;
        if let Some(h) = &self.hint {
            write!(f, "\n  help: {h}")?;
        }
        Ok(())
    }
}

/// At most this many problems are reported for one document.
pub const MAX_PROBLEMS: usize = 100;

/// A policy document that cannot be used, with every problem found in it
/// (the first [`MAX_PROBLEMS`] of them).
///
/// Never empty. Displayed like a compiler's diagnostics, one problem after
/// another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyError {
    problems: Vec<Problem>,
}

impl PolicyError {
    /// The error of these problems (the first [`MAX_PROBLEMS`] of them; at
    /// least one is expected).
    pub fn new(mut problems: Vec<Problem>) -> Self {
        problems.truncate(MAX_PROBLEMS);
        PolicyError { problems }
    }
    /// The error of one problem.
    pub fn one(problem: Problem) -> Self {
        PolicyError {
            problems: vec![problem],
        }
    }
    /// Every problem, in document order.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }
    /// Whether some problem has this code.
    pub fn has(&self, code: ErrorCode) -> bool {
        self.problems.iter().any(|p| p.code == code)
    }
}

impl fmt::Display for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

impl std::error::Error for PolicyError {}

/// "did you mean `x`?" for the known id closest to `input`, if any is close.
pub fn did_you_mean<'a>(input: &str, known: impl IntoIterator<Item = &'a str>) -> Option<String> {
    closest(input, known).map(did_you_mean_hint)
}

/// The hint that names a close known id: "did you mean `x`?".
pub fn did_you_mean_hint(known: &str) -> String {
    format!("did you mean `{known}`?")
}

/// The known id closest to `input` (edit distance at most a third of its length, at least 2).
pub fn closest<'a>(input: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    // Edit distance costs time and memory in both lengths: ids are short,
    // anything longer is no typo worth a suggestion.
    if input.len() > crate::MAX_ID_LEN {
        return None;
    }
    let budget = (input.chars().count() / 3).max(2);
    known
        .into_iter()
        .map(|k| (strsim::damerau_levenshtein(input, k), k))
        .filter(|(d, _)| *d <= budget)
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// User input as a message shows it: escaped, and cut to
/// [`MAX_ID_LEN`](crate::MAX_ID_LEN) characters.
pub fn show(id: &str) -> String {
    let mut s = String::new();
    for (i, c) in id.chars().enumerate() {
        if i == crate::MAX_ID_LEN {
            s.push('…');
            break;
        }
        // As `char::escape_default` writes it, without its iterator's code
        // for the common case.
        if c == ' ' || (c.is_ascii_graphic() && !matches!(c, '\'' | '"' | '\\')) {
            s.push(c);
        } else {
            s.extend(c.escape_default());
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::show;

    #[test]
    fn show_escapes_like_escape_default_and_cuts_long_input() {
        for input in [
            "agent",
            "a b",
            "quote'\"\\",
            "tab\tnew\nline",
            "é✓\u{0}",
            "`x`",
        ] {
            let expected: String = input.chars().flat_map(char::escape_default).collect();
            assert_eq!(show(input), expected, "{input:?}");
        }
        let long = "x".repeat(crate::MAX_ID_LEN + 1);
        assert_eq!(show(&long), format!("{}…", "x".repeat(crate::MAX_ID_LEN)));
        assert_eq!(show(&long[1..]), long[1..]);
    }
}
