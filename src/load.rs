//! Reading policy documents: from JSON text (native) or from any serde
//! deserializer (the wasm binding hands over a JS object), turning serde's
//! errors into [`Problem`]s with a JSON path.

use crate::error::{did_you_mean, ErrorCode, PolicyError, Problem};
use crate::model::{Policy, FORMAT_VERSION};
use serde::{Deserialize, Deserializer};

/// The largest policy document accepted, in bytes of JSON text (4 MiB).
pub const MAX_DOCUMENT_BYTES: usize = 4 * 1024 * 1024;

/// Just the version, read first so that a document from a future format is
/// told so, rather than drowned in "unknown field" problems.
#[derive(Deserialize)]
pub(crate) struct VersionProbe {
    #[serde(default)]
    pub(crate) version: Option<u64>,
}

pub(crate) fn check_version(probe: Option<VersionProbe>) -> Result<(), PolicyError> {
    match probe.and_then(|p| p.version) {
        Some(v) if v != u64::from(FORMAT_VERSION) => Err(PolicyError::one(
            Problem::new(
                ErrorCode::UnsupportedVersion,
                "$.version",
                format!("unsupported policy format version `{v}`"),
            )
            .hint(format!(
                "this teamgate reads version {FORMAT_VERSION}; upgrade teamgate or write the document for version {FORMAT_VERSION}"
            )),
        )),
        _ => Ok(()),
    }
}

/// Deserializes a [`Policy`], mapping the first structural error to a problem.
pub(crate) fn from_deserializer<'de, D>(d: D) -> Result<Policy, PolicyError>
where
    D: Deserializer<'de>,
    D::Error: std::fmt::Display,
{
    serde_path_to_error::deserialize(d).map_err(|e| {
        let path = json_path(&e.path().to_string());
        PolicyError::one(serde_problem(&e.inner().to_string(), path))
    })
}

fn json_path(serde_path: &str) -> String {
    if serde_path.is_empty() || serde_path == "." {
        "$".to_owned()
    } else if serde_path.starts_with('[') {
        format!("${serde_path}")
    } else {
        format!("$.{serde_path}")
    }
}

/// Classifies serde's message (the same words for every serde format).
fn serde_problem(msg: &str, path: String) -> Problem {
    // serde_json appends " at line L column C"; keep it out of the message.
    let (msg, position) = match msg.rfind(" at line ") {
        Some(i) => (msg.get(..i).unwrap_or(msg), msg.get(i + 1..)),
        None => (msg, None),
    };
    let code = if msg.starts_with("unknown field") || msg.starts_with("unknown variant") {
        ErrorCode::UnknownField
    } else if msg.starts_with("missing field") {
        ErrorCode::MissingField
    } else {
        ErrorCode::InvalidType
    };
    let (head, expected) = match msg.split_once(", expected ") {
        Some((h, e)) => (h, Some(e)),
        None => match msg.split_once(": expected ") {
            Some((h, e)) => (h, Some(e)),
            None => (msg, None),
        },
    };
    let mut message = match code {
        ErrorCode::InvalidType if msg.starts_with("data did not match any variant") => {
            "invalid limit".to_owned()
        }
        _ => head.to_owned(),
    };
    if let Some(pos) = position {
        message.push_str(&format!(" ({pos})"));
    }
    let hint = match (code, expected) {
        (ErrorCode::UnknownField, Some(e)) => {
            let unknown = backticked(head).into_iter().next().unwrap_or_default();
            let known = backticked(e);
            did_you_mean(&unknown, known.iter().map(String::as_str))
                .or_else(|| Some(format!("expected {e}")))
        }
        (ErrorCode::UnknownField, None) => Some("this object takes no fields".to_owned()),
        (_, Some(e)) => Some(format!("expected {e}")),
        (ErrorCode::InvalidType, None) if msg.starts_with("data did not match any variant") => {
            Some("a limit is a whole number or the string \"unlimited\"".to_owned())
        }
        _ => None,
    };
    Problem::new(code, path, message).maybe_hint(hint)
}

fn backticked(s: &str) -> Vec<String> {
    s.split('`').skip(1).step_by(2).map(str::to_owned).collect()
}

#[cfg(not(target_arch = "wasm32"))]
impl Policy {
    /// Reads a policy document from JSON text, without validating it
    /// (use [`Gate::from_json`](crate::Gate::from_json) for both at once).
    ///
    /// # Errors
    /// [`PolicyError`] with `json_syntax`, `too_large`, `unsupported_version`,
    /// `unknown_field`, `missing_field` or `invalid_type`.
    pub fn from_json(text: &str) -> Result<Policy, PolicyError> {
        if text.len() > MAX_DOCUMENT_BYTES {
            return Err(PolicyError::one(
                Problem::new(
                    ErrorCode::TooLarge,
                    "$",
                    format!(
                        "policy document is {} bytes, more than the {MAX_DOCUMENT_BYTES} allowed",
                        text.len()
                    ),
                )
                .hint("split very large teams across several policies"),
            ));
        }
        match serde_json::from_str::<VersionProbe>(text) {
            Ok(probe) => check_version(Some(probe))?,
            Err(e) if e.is_syntax() || e.is_eof() => {
                return Err(PolicyError::one(
                    Problem::new(ErrorCode::JsonSyntax, "$", format!("not valid JSON: {e}"))
                        .hint("check for a missing comma, quote or bracket at that position"),
                ))
            }
            Err(_) => {}
        }
        let mut de = serde_json::Deserializer::from_str(text);
        let policy = from_deserializer(&mut de)?;
        de.end().map_err(|e| {
            PolicyError::one(Problem::new(
                ErrorCode::JsonSyntax,
                "$",
                format!("not valid JSON: {e}"),
            ))
        })?;
        Ok(policy)
    }

    /// The document as pretty JSON text.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}
