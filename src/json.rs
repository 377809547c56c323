//! A minimal JSON tree: what every policy document is read from and written
//! to. Natively it is parsed from text by `serde_json`; in wasm the binding
//! builds it from the object that `JSON.parse` gave JS. Objects keep their
//! keys in document order, duplicates included, so that validation can
//! report them.

/// Documents nested deeper than this are refused (ours need 6 levels).
pub const MAX_DEPTH: usize = 32;

/// A JSON value.
#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    /// `null`
    Null,
    /// `true` or `false`
    Bool(bool),
    /// A number.
    Number(f64),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Json>),
    /// An object, keys in document order (duplicates kept).
    Object(Vec<(String, Json)>),
}

impl Json {
    /// The name of the value's JSON type, for messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Json::Null => "null",
            Json::Bool(_) => "a boolean",
            Json::Number(_) => "a number",
            Json::String(_) => "a string",
            Json::Array(_) => "an array",
            Json::Object(_) => "an object",
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use super::{Json, MAX_DEPTH};
    use crate::PolicyError;
    use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
    use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
    use std::fmt;

    struct JsonVisitor;

    impl<'de> Visitor<'de> for JsonVisitor {
        type Value = Json;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("any JSON value")
        }
        fn visit_unit<E>(self) -> Result<Json, E> {
            Ok(Json::Null)
        }
        fn visit_bool<E>(self, v: bool) -> Result<Json, E> {
            Ok(Json::Bool(v))
        }
        fn visit_i64<E>(self, v: i64) -> Result<Json, E> {
            Ok(Json::Number(v as f64))
        }
        fn visit_u64<E>(self, v: u64) -> Result<Json, E> {
            Ok(Json::Number(v as f64))
        }
        fn visit_f64<E>(self, v: f64) -> Result<Json, E> {
            Ok(Json::Number(v))
        }
        fn visit_str<E>(self, v: &str) -> Result<Json, E> {
            Ok(Json::String(v.to_owned()))
        }
        fn visit_string<E>(self, v: String) -> Result<Json, E> {
            Ok(Json::String(v))
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
            let mut v = Vec::new();
            while let Some(x) = seq.next_element()? {
                v.push(x);
            }
            Ok(Json::Array(v))
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
            let mut v = Vec::new();
            while let Some((k, x)) = map.next_entry::<String, Json>()? {
                v.push((k, x));
            }
            Ok(Json::Object(v))
        }
    }

    impl<'de> Deserialize<'de> for Json {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Json, D::Error> {
            d.deserialize_any(JsonVisitor)
        }
    }

    impl Serialize for Json {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            match self {
                Json::Null => s.serialize_unit(),
                Json::Bool(b) => s.serialize_bool(*b),
                Json::Number(n) if n.fract() == 0.0 && n.abs() < 9e15 => s.serialize_i64(*n as i64),
                Json::Number(n) => s.serialize_f64(*n),
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
                        map.serialize_entry(k, v)?;
                    }
                    map.end()
                }
            }
        }
    }

    fn depth(v: &Json) -> usize {
        match v {
            Json::Array(a) => 1 + a.iter().map(depth).max().unwrap_or(0),
            Json::Object(o) => 1 + o.iter().map(|(_, v)| depth(v)).max().unwrap_or(0),
            _ => 0,
        }
    }

    impl Json {
        /// Parses JSON text.
        ///
        /// # Errors
        /// `too_large` for nesting deeper than [`MAX_DEPTH`] (serde_json
        /// itself stops at 128), `json_syntax` otherwise, with serde_json's
        /// message, line and column.
        pub fn parse(text: &str) -> Result<Json, PolicyError> {
            let v: Json = serde_json::from_str(text).map_err(|e| {
                let msg = e.to_string();
                if msg.starts_with("recursion limit") {
                    PolicyError::too_large(msg)
                } else {
                    PolicyError::json_syntax(msg)
                }
            })?;
            if depth(&v) > MAX_DEPTH {
                return Err(PolicyError::too_large(format!(
                    "nested more than {MAX_DEPTH} levels deep"
                )));
            }
            Ok(v)
        }

        /// The value as pretty JSON text.
        pub fn to_text(&self) -> String {
            serde_json::to_string_pretty(self).unwrap_or_default()
        }
    }
}
