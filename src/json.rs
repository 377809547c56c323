//! A minimal JSON tree: what every policy document is read from and written
//! to, with its own small parser and writer (the same on every target, so a
//! document gets the same errors natively and in wasm, and the wasm needs no
//! JSON library). Objects keep their keys in document order, duplicates
//! included, so that validation can report them.

#[cfg(feature = "full")]
use crate::{load::MAX_JSON_NODES, PolicyError};

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

    #[cfg(feature = "full")]
    /// Parses JSON text (RFC 8259). Whole numbers up to 2^53 are exact;
    /// other numbers are read to about 15 significant digits (policy
    /// documents hold whole numbers only).
    ///
    /// # Errors
    /// `json_syntax` with the line and column, or `too_large` for more than
    /// [`MAX_JSON_NODES`] values or nesting deeper than [`MAX_DEPTH`].
    pub fn parse(text: &str) -> Result<Json, PolicyError> {
        let mut p = Parser {
            text,
            at: 0,
            nodes: 0,
        };
        let result = p.value(0).and_then(|v| {
            p.ws();
            match p.peek() {
                None => Ok(v),
                Some(_) => Err(Fail::Syntax("trailing characters")),
            }
        });
        result.map_err(|f| match f {
            Fail::Syntax(what) => {
                let before = text.get(..p.at).unwrap_or(text);
                let line = before.matches('\n').count() + 1;
                let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
                PolicyError::json_syntax(format!("{what} at line {line} column {column}"))
            }
            Fail::TooLarge => PolicyError::too_large(format!(
                "more than {MAX_JSON_NODES} values or {MAX_DEPTH} levels"
            )),
        })
    }

    /// The value as pretty JSON text (two-space indent).
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        self.write(&mut out, Some(0));
        out
    }

    /// The value as compact JSON text.
    pub fn to_compact_text(&self) -> String {
        let mut out = String::new();
        self.write(&mut out, None);
        out
    }

    fn write(&self, out: &mut String, indent: Option<usize>) {
        let newline = |out: &mut String, level: usize| {
            if indent.is_some() {
                out.push('\n');
                for _ in 0..level {
                    out.push_str("  ");
                }
            }
        };
        let inner = indent.map(|l| l + 1);
        match self {
            Json::Null => out.push_str("null"),
            Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Json::Number(n) => write_number(out, *n),
            Json::String(s) => write_string(out, s),
            Json::Array(items) if items.is_empty() => out.push_str("[]"),
            Json::Object(entries) if entries.is_empty() => out.push_str("{}"),
            Json::Array(items) => {
                out.push('[');
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    newline(out, inner.unwrap_or(0));
                    v.write(out, inner);
                }
                newline(out, indent.unwrap_or(0));
                out.push(']');
            }
            Json::Object(entries) => {
                out.push('{');
                for (i, (k, v)) in entries.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    newline(out, inner.unwrap_or(0));
                    write_string(out, k);
                    out.push(':');
                    if indent.is_some() {
                        out.push(' ');
                    }
                    v.write(out, inner);
                }
                newline(out, indent.unwrap_or(0));
                out.push('}');
            }
        }
    }
}

fn write_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => {
                out.push_str("\\u00");
                for d in [(c as u32) >> 4, (c as u32) & 15] {
                    out.push(char::from_digit(d, 16).unwrap_or('0'));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Whole numbers are written exactly; others natively with Rust's shortest
/// representation, and in wasm (where no document or answer holds one) to
/// six decimals, which keeps float formatting out of the module.
fn write_number(out: &mut String, n: f64) {
    use std::fmt::Write;
    if !n.is_finite() {
        out.push_str("null");
    } else if n.fract() == 0.0 && n.abs() < 9e15 {
        let _ = write!(out, "{}", n as i64);
    } else {
        #[cfg(not(target_arch = "wasm32"))]
        let _ = write!(out, "{n}");
        #[cfg(target_arch = "wasm32")]
        {
            let scaled = (n.abs() * 1e6).round();
            if scaled >= 9e15 {
                out.push_str("null");
                return;
            }
            let scaled = scaled as i64;
            let sign = if n < 0.0 { "-" } else { "" };
            let frac = format!("{:06}", scaled % 1_000_000);
            let _ = write!(
                out,
                "{sign}{}.{}",
                scaled / 1_000_000,
                frac.trim_end_matches('0')
            );
        }
    }
}

#[cfg(feature = "full")]
enum Fail {
    Syntax(&'static str),
    TooLarge,
}

#[cfg(feature = "full")]
struct Parser<'a> {
    text: &'a str,
    at: usize,
    nodes: usize,
}

#[cfg(feature = "full")]
impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let b = self.peek();
        if b.is_some() {
            self.at += 1;
        }
        b
    }

    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.at += 1;
        }
    }

    fn expect(&mut self, b: u8, what: &'static str) -> Result<(), Fail> {
        self.ws();
        if self.peek() == Some(b) {
            self.at += 1;
            Ok(())
        } else {
            Err(Fail::Syntax(what))
        }
    }

    fn word(&mut self, word: &str, v: Json) -> Result<Json, Fail> {
        if self
            .text
            .get(self.at..)
            .is_some_and(|rest| rest.starts_with(word))
        {
            self.at += word.len();
            Ok(v)
        } else {
            Err(Fail::Syntax("expected a value"))
        }
    }

    fn value(&mut self, depth: usize) -> Result<Json, Fail> {
        self.nodes += 1;
        if self.nodes > MAX_JSON_NODES || depth > MAX_DEPTH {
            return Err(Fail::TooLarge);
        }
        self.ws();
        match self.peek() {
            Some(b'n') => self.word("null", Json::Null),
            Some(b't') => self.word("true", Json::Bool(true)),
            Some(b'f') => self.word("false", Json::Bool(false)),
            Some(b'"') => self.string().map(Json::String),
            Some(b'-' | b'0'..=b'9') => self.number().map(Json::Number),
            Some(b'[') => {
                self.at += 1;
                let mut items = Vec::new();
                self.ws();
                if self.peek() == Some(b']') {
                    self.at += 1;
                    return Ok(Json::Array(items));
                }
                loop {
                    items.push(self.value(depth + 1)?);
                    self.ws();
                    match self.next() {
                        Some(b',') => {}
                        Some(b']') => return Ok(Json::Array(items)),
                        _ => return Err(Fail::Syntax("expected `,` or `]`")),
                    }
                }
            }
            Some(b'{') => {
                self.at += 1;
                let mut entries = Vec::new();
                self.ws();
                if self.peek() == Some(b'}') {
                    self.at += 1;
                    return Ok(Json::Object(entries));
                }
                loop {
                    self.ws();
                    if self.peek() != Some(b'"') {
                        return Err(Fail::Syntax("expected a key in double quotes"));
                    }
                    let key = self.string()?;
                    self.expect(b':', "expected `:`")?;
                    entries.push((key, self.value(depth + 1)?));
                    self.ws();
                    match self.next() {
                        Some(b',') => {}
                        Some(b'}') => return Ok(Json::Object(entries)),
                        _ => return Err(Fail::Syntax("expected `,` or `}`")),
                    }
                }
            }
            None => Err(Fail::Syntax("unexpected end of input")),
            Some(_) => Err(Fail::Syntax("expected a value")),
        }
    }

    fn hex4(&mut self) -> Result<u32, Fail> {
        let mut v = 0;
        for _ in 0..4 {
            let d = self
                .next()
                .and_then(|b| char::from(b).to_digit(16))
                .ok_or(Fail::Syntax("invalid `\\u` escape"))?;
            v = v * 16 + d;
        }
        Ok(v)
    }

    fn string(&mut self) -> Result<String, Fail> {
        self.at += 1; // the opening quote
        let mut out = String::new();
        let mut start = self.at;
        loop {
            match self.peek() {
                None => return Err(Fail::Syntax("unterminated string")),
                Some(b'"') => {
                    out.push_str(self.text.get(start..self.at).unwrap_or_default());
                    self.at += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    out.push_str(self.text.get(start..self.at).unwrap_or_default());
                    self.at += 1;
                    let c = match self.next() {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            let hi = self.hex4()?;
                            let code = if (0xD800..0xDC00).contains(&hi) {
                                if self.next() != Some(b'\\') || self.next() != Some(b'u') {
                                    return Err(Fail::Syntax("lone surrogate in `\\u` escape"));
                                }
                                let lo = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&lo) {
                                    return Err(Fail::Syntax("lone surrogate in `\\u` escape"));
                                }
                                0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                            } else {
                                hi
                            };
                            char::from_u32(code)
                                .ok_or(Fail::Syntax("lone surrogate in `\\u` escape"))?
                        }
                        _ => return Err(Fail::Syntax("invalid escape")),
                    };
                    out.push(c);
                    start = self.at;
                }
                Some(b) if b < 0x20 => return Err(Fail::Syntax("control character in string")),
                Some(_) => self.at += 1,
            }
        }
    }

    fn digits(&mut self) -> (u64, i32, usize) {
        // (the first 19 digits as an integer, how many more were dropped, count)
        let (mut v, mut dropped, mut count) = (0u64, 0i32, 0usize);
        while let Some(b @ b'0'..=b'9') = self.peek() {
            if count < 19 {
                v = v * 10 + u64::from(b - b'0');
            } else {
                dropped = dropped.saturating_add(1);
            }
            count += 1;
            self.at += 1;
        }
        (v, dropped, count)
    }

    fn number(&mut self) -> Result<f64, Fail> {
        let negative = self.peek() == Some(b'-');
        if negative {
            self.at += 1;
        }
        let leading_zero = self.peek() == Some(b'0');
        let (int, dropped, count) = self.digits();
        if count == 0 {
            return Err(Fail::Syntax("expected a digit"));
        }
        if leading_zero && count > 1 {
            return Err(Fail::Syntax("leading zero in number"));
        }
        let mut mantissa = int;
        let mut exp = dropped;
        if self.peek() == Some(b'.') {
            self.at += 1;
            let start = self.at;
            while let Some(b @ b'0'..=b'9') = self.peek() {
                if mantissa < 1_000_000_000_000_000_000 {
                    mantissa = mantissa * 10 + u64::from(b - b'0');
                    exp = exp.saturating_sub(1);
                }
                self.at += 1;
            }
            if self.at == start {
                return Err(Fail::Syntax("expected a digit after `.`"));
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.at += 1;
            let sign = match self.peek() {
                Some(b'-') => {
                    self.at += 1;
                    -1
                }
                Some(b'+') => {
                    self.at += 1;
                    1
                }
                _ => 1,
            };
            let (e, _, n) = self.digits();
            if n == 0 {
                return Err(Fail::Syntax("expected a digit in the exponent"));
            }
            let e = i32::try_from(e.min(100_000)).unwrap_or(100_000);
            exp = exp.saturating_add(sign * e);
        }
        let magnitude = if mantissa == 0 {
            0.0
        } else if exp >= 0 {
            (mantissa as f64) * 10f64.powi(exp.min(400))
        } else {
            (mantissa as f64) / 10f64.powi((-exp).min(400))
        };
        Ok(if negative { -magnitude } else { magnitude })
    }
}

/// serde support, for Rust users who embed a tree in their own serde data
/// (numbers that are whole are written as integers).
mod serde_impls {
    use super::Json;
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
}
