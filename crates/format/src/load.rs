//! Reading policy documents from JSON text.

use crate::error::{ErrorCode, PolicyError, Problem};
use crate::{json::Json, model::Policy};

/// The largest policy document accepted: 4 MiB of JSON text (and at most
/// [`MAX_JSON_NODES`] values in it).
pub const MAX_DOCUMENT_BYTES: usize = 4 * 1024 * 1024;

/// The most values (strings, numbers, arrays, objects, ...) a document may hold.
pub const MAX_JSON_NODES: usize = 1_000_000;

impl PolicyError {
    /// A `json_syntax` error, for callers that parse JSON text themselves.
    pub fn json_syntax(message: impl std::fmt::Display) -> PolicyError {
        PolicyError::one(
            Problem::new(
                ErrorCode::JsonSyntax,
                "$",
                format!("not valid JSON: {message}"),
            )
            .hint("check for a missing comma, quote or bracket at that position"),
        )
    }

    /// `json_syntax` for a text that starts with a byte order mark, which
    /// JSON does not allow (nor does `JSON.parse`).
    pub fn json_syntax_bom() -> PolicyError {
        PolicyError::one(
            Problem::new(
                ErrorCode::JsonSyntax,
                "$",
                "not valid JSON: the text starts with a byte order mark (U+FEFF)".to_owned(),
            )
            .hint("save the file as UTF-8 without a BOM, or drop its first character"),
        )
    }

    /// `too_large` when `text` is longer than [`MAX_DOCUMENT_BYTES`] (checked before parsing).
    pub fn check_text_size(text: &str) -> Result<(), PolicyError> {
        if text.len() > MAX_DOCUMENT_BYTES {
            return Err(PolicyError::too_large(format!(
                "{} bytes, more than the {MAX_DOCUMENT_BYTES} allowed",
                text.len()
            )));
        }
        Ok(())
    }

    /// A `too_large` error: more than [`MAX_DOCUMENT_BYTES`] of text, more than
    /// [`MAX_JSON_NODES`] values, or nested deeper than [`crate::MAX_DEPTH`].
    pub fn too_large(what: impl std::fmt::Display) -> PolicyError {
        PolicyError::one(
            Problem::new(
                ErrorCode::TooLarge,
                "$",
                format!("policy document is too large: {what}"),
            )
            .hint("split very large teams across several policies"),
        )
    }
}

impl Policy {
    /// Reads a policy document from JSON text, reporting every structural
    /// problem, without the semantic checks (use
    /// `teamgate::Gate::from_json` for both at once).
    ///
    /// # Errors
    /// [`PolicyError`] with `json_syntax`, `too_large`, `unsupported_version`,
    /// `unknown_field`, `duplicate_key`, `missing_field` or `invalid_type`.
    pub fn from_json(text: &str) -> Result<Policy, PolicyError> {
        PolicyError::check_text_size(text)?;
        // Natively, a document without problems is read straight into the
        // types; any other is read again by the reader, which reports them
        // all. (Not in wasm: serde's derives cost `teamgate` 10 KB brotli
        // there for a fifth of its loading time, measured.)
        #[cfg(not(target_arch = "wasm32"))]
        if let Some(policy) = crate::direct::policy(text) {
            return Ok(policy);
        }
        Policy::from_json_value(&Json::parse(text)?)
    }

    /// The document as pretty JSON text (serde_json; what
    /// [`Policy::from_json`] reads back).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// The document as a JSON tree (what [`Policy::from_json_value`] reads back).
    pub fn to_json_value(&self) -> Json<'static> {
        use serde::Deserialize;
        serde_json::to_value(self)
            .and_then(Json::deserialize)
            .unwrap_or(Json::Null)
    }
}
