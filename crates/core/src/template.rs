//! Message templates: how a reason's `message` and `hint` are written from
//! its named params ([`ReasonParams`]). The English catalog
//! ([`crate::messages`]) is written in this language, and `teamgate/messages`
//! (JS) fills the same templates with the same rules, so the catalog exists
//! once. Hand-written: no template crate has this exact (small) grammar in
//! both Rust and JS, and a general one would cost the browser's wasm bytes.
//!
//! - `{name}`: the param; a list is written as its items in backticks,
//!   joined by ", ".
//! - `{name?then}` / `{name?then|else}`: `then` when the param is present
//!   (given, and not an empty list), else `else`.
//! - `{name=value?then|else}`: `then` when the param is the text `value`.
//!
//! `then` and `else` are templates themselves, nested at most
//! [`MAX_NESTING`] deep. A `{` that starts none of these is written as it
//! is.

use crate::decision::{Param, ReasonParams};
use std::fmt::Write;

/// How deep choices may nest; a deeper one is text (the fill walks the
/// template once, with recursion this deep at most).
pub const MAX_NESTING: usize = 16;

fn present(v: &Param<'_>) -> bool {
    match v {
        Param::Absent => false,
        Param::List(items) => !items.is_empty(),
        _ => true,
    }
}

/// `template` filled from `params`.
pub fn fill(template: &str, params: &ReasonParams) -> String {
    let mut out = String::new();
    let mut r = Filler {
        t: template,
        i: 0,
        depth: 0,
        params: params.each(),
        no_question_from: usize::MAX,
    };
    r.run(&mut out, true, false);
    out
}

struct Filler<'a> {
    t: &'a str,
    i: usize,
    depth: usize,
    /// The params by name, listed once per fill.
    params: [(&'static str, Param<'a>); 19],
    /// Where a search found no `?` to the end: a template of many `{a=` and
    /// no `?` is not searched to its end at every one of them. (A search
    /// that finds one is not repeated: the walk goes on after it.)
    no_question_from: usize,
}

impl Filler<'_> {
    fn peek(&self) -> Option<u8> {
        self.t.as_bytes().get(self.i).copied()
    }

    /// Writes (when `emit`) up to the end, or, `nested` in a choice, up to
    /// its `|` or `}` (left for the caller).
    fn run(&mut self, out: &mut String, emit: bool, nested: bool) {
        while let Some(c) = self.peek() {
            if c == b'{' {
                self.i += 1;
                self.field(out, emit);
                continue;
            }
            if nested && (c == b'|' || c == b'}') {
                return;
            }
            let start = self.i;
            while self
                .peek()
                .is_some_and(|c| c != b'{' && !(nested && (c == b'|' || c == b'}')))
            {
                self.i += 1;
            }
            // Every stop is an ASCII byte: the slice is on char boundaries.
            if emit {
                out.push_str(self.t.get(start..self.i).unwrap_or_default());
            }
        }
    }

    /// After a `{`: a param, or a choice on one.
    fn field(&mut self, out: &mut String, emit: bool) {
        let start = self.i;
        while self.peek().is_some_and(|c| c.is_ascii_alphabetic()) {
            self.i += 1;
        }
        let name = self.t.get(start..self.i).unwrap_or_default();
        // The param called `name` (its camelCase key, as JSON and JS name it).
        let absent = Param::Absent;
        let value = self
            .params
            .iter()
            .find(|(k, _)| *k == name)
            .map_or(&absent, |(_, v)| v);
        let holds = match self.peek() {
            Some(b'}') if !name.is_empty() => {
                self.i += 1;
                if emit {
                    write_value(out, value);
                }
                return;
            }
            _ if name.is_empty() || self.depth >= MAX_NESTING => {
                return self.literal(out, emit, start)
            }
            Some(b'?') => present(value),
            Some(b'=') => {
                let at = self.i + 1;
                let found = (at < self.no_question_from)
                    .then(|| self.t.get(at..).and_then(|s| s.find('?')))
                    .flatten();
                let Some(end) = found.map(|n| at + n) else {
                    self.no_question_from = self.no_question_from.min(at);
                    return self.literal(out, emit, start);
                };
                self.i = end;
                matches!(value, Param::Text(v) if Some(*v) == self.t.get(at..end))
            }
            _ => return self.literal(out, emit, start),
        };
        self.i += 1; // the `?`
        self.depth += 1;
        self.run(out, emit && holds, true);
        if self.peek() == Some(b'|') {
            self.i += 1;
            self.run(out, emit && !holds, true);
        }
        self.depth -= 1;
        if self.peek() == Some(b'}') {
            self.i += 1;
        }
    }

    /// A `{` that starts no field: written as it is, the rest read on.
    fn literal(&mut self, out: &mut String, emit: bool, start: usize) {
        if emit {
            out.push('{');
        }
        self.i = start;
    }
}

fn write_value(out: &mut String, value: &Param<'_>) {
    match value {
        Param::Absent => {}
        Param::Text(s) => out.push_str(s),
        Param::Number(n) => {
            let _ = write!(out, "{n}");
        }
        Param::List(items) => {
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push('`');
                out.push_str(item);
                out.push('`');
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{fill, MAX_NESTING};
    use crate::decision::ReasonParams;
    use serde_json::Value as J;

    /// The params of tests/fixtures/templates.json.
    fn params(v: &J) -> ReasonParams {
        let s = |k: &str| v[k].as_str().map(str::to_owned);
        let n = |k: &str| v[k].as_u64().and_then(|x| u32::try_from(x).ok());
        let l = |k: &str| {
            v[k].as_array().map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str().map(str::to_owned))
                    .collect()
            })
        };
        ReasonParams {
            role: s("role"),
            plan: s("plan"),
            task: s("task"),
            used: n("used"),
            max: n("max"),
            scopes: l("scopes"),
            actions: l("actions"),
            ..ReasonParams::default()
        }
    }

    /// The cases the JS filler runs too (js/test/messages.test.mjs).
    #[test]
    fn the_shared_cases_fill_as_expected() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/fixtures/templates.json"
        );
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let v: J = serde_json::from_str(&text).unwrap_or(J::Null);
        let p = params(&v["params"]);
        let cases = v["cases"].as_array().map(Vec::as_slice).unwrap_or_default();
        assert!(cases.len() >= 20, "{path}");
        for case in cases {
            let (t, want) = (case[0].as_str(), case[1].as_str());
            assert_eq!(
                Some(fill(t.unwrap_or_default(), &p).as_str()),
                want,
                "{t:?}"
            );
        }
    }

    #[test]
    fn a_megabyte_of_unended_value_choices_is_one_walk() {
        let p = ReasonParams {
            role: Some("agent".into()),
            ..ReasonParams::default()
        };
        // Searched to the end at each `{role=`, this took 11 s in a debug build.
        let huge = "{role=".repeat(200_000);
        let t0 = std::time::Instant::now();
        assert_eq!(fill(&huge, &p), huge);
        assert!(t0.elapsed().as_secs() < 2, "{:?}", t0.elapsed());
    }

    #[test]
    fn a_million_nested_choices_are_one_walk() {
        let p = ReasonParams {
            role: Some("agent".into()),
            ..ReasonParams::default()
        };
        let n = 1_000_000;
        let huge = format!("{}x{}", "{role?".repeat(n), "}".repeat(n));
        let out = fill(&huge, &p);
        assert!(
            out.starts_with(&"{role?".repeat(n - MAX_NESTING)),
            "{}",
            out.len()
        );
    }
}
