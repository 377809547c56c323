//! A minimal JSON tree: what every policy document is read from and written
//! to. Text is parsed by serde_json on every target (natively and in wasm:
//! one parser, so a document reads the same everywhere, and the same as
//! serde_json reads it for a Rust server), into a tree whose objects keep
//! their keys in document order, duplicates included, so that the
//! path-aware reader can report them. Its strings borrow from the text
//! where they can (those without escapes): a tree costs no allocation per
//! string, and the reader makes the one copy the policy keeps.

use crate::{load::MAX_JSON_NODES, PolicyError};
use std::borrow::Cow;

/// Documents nested deeper than this are refused (ours need 6 levels).
pub const MAX_DEPTH: usize = 32;

/// A JSON value; its strings borrow from the text it was read from (`'a`)
/// where they can.
#[derive(Debug, Clone, PartialEq)]
pub enum Json<'a> {
    /// `null`
    Null,
    /// `true` or `false`
    Bool(bool),
    /// A number written as a whole number (`3`, `-1`).
    Number(f64),
    /// A number written with a fraction or an exponent (`1.0`, `1e2`, and
    /// `-0`): never a whole number of the document format, as for serde.
    Float(f64),
    /// A string.
    String(Cow<'a, str>),
    /// An array.
    Array(Vec<Json<'a>>),
    /// An object, keys in document order (duplicates kept).
    Object(Vec<(Cow<'a, str>, Json<'a>)>),
}

impl Json<'_> {
    /// The name of the value's JSON type, for messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Json::Null => "null",
            Json::Bool(_) => "a boolean",
            Json::Number(_) => "a number",
            Json::Float(_) => "a number written with a fraction, an exponent or as -0",
            Json::String(_) => "a string",
            Json::Array(_) => "an array",
            Json::Object(_) => "an object",
        }
    }

    /// Parses JSON text (RFC 8259) with serde_json. Numbers written as whole
    /// numbers become [`Json::Number`], others [`Json::Float`].
    ///
    /// # Errors
    /// `json_syntax` with serde_json's message, line and column, or
    /// `too_large` for more than [`MAX_JSON_NODES`] values or containers
    /// nested deeper than [`MAX_DEPTH`].
    pub fn parse(text: &str) -> Result<Json<'_>, PolicyError> {
        use serde::de::DeserializeSeed;
        let nodes = std::cell::Cell::new(0);
        let mut de = serde_json::Deserializer::from_str(text);
        let parsed = serde_impls::Limited {
            depth: 0,
            nodes: &nodes,
        }
        .deserialize(&mut de)
        .and_then(|v| de.end().map(|()| v));
        parsed.map_err(|e| {
            if nodes.get() > MAX_JSON_NODES || e.to_string().starts_with(serde_impls::TOO_DEEP) {
                PolicyError::too_large(format!(
                    "more than {MAX_JSON_NODES} values or {MAX_DEPTH} levels of nesting"
                ))
            } else if text.starts_with('\u{feff}') {
                // What an editor that saves "UTF-8 with BOM" writes first.
                PolicyError::json_syntax_bom()
            } else {
                PolicyError::json_syntax(e)
            }
        })
    }

    /// The value as pretty JSON text (two-space indent), written by serde_json.
    pub fn to_text(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// The value as compact JSON text, written by serde_json.
    pub fn to_compact_text(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// serde support, for Rust users who embed a tree in their own serde data
/// (numbers that are whole are written as integers). Reading a tree from
/// any serde format keeps the limits of [`Json::parse`].
mod serde_impls {
    use super::Json;
    use super::{MAX_DEPTH, MAX_JSON_NODES};
    use serde::de::{Deserialize, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
    use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
    use std::borrow::Cow;
    use std::fmt;

    /// The message that marks nesting beyond [`MAX_DEPTH`].
    pub(super) const TOO_DEEP: &str = "nested too deeply";

    /// Reads one value into a [`Json`], counting the values read and
    /// refusing containers nested deeper than [`MAX_DEPTH`] (the top-level
    /// value is at depth 1), before serde_json's own limit.
    #[derive(Clone, Copy)]
    pub(super) struct Limited<'a> {
        pub depth: usize,
        pub nodes: &'a std::cell::Cell<usize>,
    }

    impl<'de> DeserializeSeed<'de> for Limited<'_> {
        type Value = Json<'de>;
        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Json<'de>, D::Error> {
            self.nodes.set(self.nodes.get() + 1);
            if self.nodes.get() > MAX_JSON_NODES {
                return Err(serde::de::Error::custom("too many values"));
            }
            d.deserialize_any(self)
        }
    }

    impl Limited<'_> {
        /// The seed for the values inside a container at this depth.
        fn inner<E: serde::de::Error>(self) -> Result<Self, E> {
            if self.depth >= MAX_DEPTH {
                return Err(E::custom(TOO_DEEP));
            }
            Ok(Limited {
                depth: self.depth + 1,
                nodes: self.nodes,
            })
        }
    }

    impl<'de> Visitor<'de> for Limited<'_> {
        type Value = Json<'de>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("any JSON value")
        }
        fn visit_unit<E>(self) -> Result<Json<'de>, E> {
            Ok(Json::Null)
        }
        fn visit_bool<E>(self, v: bool) -> Result<Json<'de>, E> {
            Ok(Json::Bool(v))
        }
        fn visit_i64<E>(self, v: i64) -> Result<Json<'de>, E> {
            Ok(Json::Number(v as f64))
        }
        fn visit_u64<E>(self, v: u64) -> Result<Json<'de>, E> {
            Ok(Json::Number(v as f64))
        }
        fn visit_f64<E>(self, v: f64) -> Result<Json<'de>, E> {
            Ok(Json::Float(v))
        }
        fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Json<'de>, E> {
            Ok(Json::String(Cow::Borrowed(v)))
        }
        fn visit_str<E>(self, v: &str) -> Result<Json<'de>, E> {
            Ok(Json::String(Cow::Owned(v.to_owned())))
        }
        fn visit_string<E>(self, v: String) -> Result<Json<'de>, E> {
            Ok(Json::String(Cow::Owned(v)))
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json<'de>, A::Error> {
            let inner = self.inner::<A::Error>()?;
            let mut v = Vec::new();
            while let Some(x) = seq.next_element_seed(inner)? {
                v.push(x);
            }
            Ok(Json::Array(v))
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json<'de>, A::Error> {
            let inner = self.inner::<A::Error>()?;
            let mut v = Vec::new();
            while let Some(k) = map.next_key_seed(Key)? {
                v.push((k, map.next_value_seed(inner)?));
            }
            Ok(Json::Object(v))
        }
    }

    /// An object's key, borrowed from the text where it can be.
    struct Key;

    impl<'de> DeserializeSeed<'de> for Key {
        type Value = Cow<'de, str>;
        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Cow<'de, str>, D::Error> {
            d.deserialize_str(self)
        }
    }

    impl<'de> Visitor<'de> for Key {
        type Value = Cow<'de, str>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a key")
        }
        fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Cow<'de, str>, E> {
            Ok(Cow::Borrowed(v))
        }
        fn visit_str<E>(self, v: &str) -> Result<Cow<'de, str>, E> {
            Ok(Cow::Owned(v.to_owned()))
        }
        fn visit_string<E>(self, v: String) -> Result<Cow<'de, str>, E> {
            Ok(Cow::Owned(v))
        }
    }

    impl<'de> Deserialize<'de> for Json<'de> {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Json<'de>, D::Error> {
            let nodes = std::cell::Cell::new(0);
            Limited {
                depth: 0,
                nodes: &nodes,
            }
            .deserialize(d)
        }
    }

    impl Serialize for Json<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            match self {
                Json::Null => s.serialize_unit(),
                Json::Bool(b) => s.serialize_bool(*b),
                Json::Number(n) if n.fract() == 0.0 && n.abs() < 9e15 => s.serialize_i64(*n as i64),
                Json::Number(n) | Json::Float(n) => s.serialize_f64(*n),
                Json::String(x) => s.serialize_str(x),
                Json::Array(a) => {
                    let mut seq = s.serialize_seq(Some(a.len()))?;
                    for x in a {
                        seq.serialize_element(x)?;
                    }
                    seq.end()
                }
                Json::Object(o) => {
                    let mut map = s.serialize_map(Some(o.len()))?;
                    for (k, v) in o {
                        map.serialize_entry(k.as_ref(), v)?;
                    }
                    map.end()
                }
            }
        }
    }
}
