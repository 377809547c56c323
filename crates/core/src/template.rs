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

use crate::decision::ReasonParams;
use std::fmt::Write;

/// How deep choices may nest; a deeper one is text (the fill walks the
/// template once, with recursion this deep at most).
pub const MAX_NESTING: usize = 16;

/// One param's value, as a template sees it.
enum Value<'a> {
    Absent,
    Text(&'a str),
    Number(u32),
    List(&'a [String]),
}

impl Value<'_> {
    fn present(&self) -> bool {
        match self {
            Value::Absent => false,
            Value::List(items) => !items.is_empty(),
            _ => true,
        }
    }
}

/// The param called `name` (its camelCase key, as JSON and JS name it).
fn param<'a>(p: &'a ReasonParams, name: &str) -> Value<'a> {
    let text = |v: &'a Option<String>| v.as_deref().map_or(Value::Absent, Value::Text);
    let list = |v: &'a Option<Vec<String>>| v.as_deref().map_or(Value::Absent, Value::List);
    let number = |v: Option<u32>| v.map_or(Value::Absent, Value::Number);
    match name {
        "role" => text(&p.role),
        "action" => text(&p.action),
        "scope" => text(&p.scope),
        "number" => text(&p.number),
        "member" => text(&p.member),
        "target" => text(&p.target),
        "task" => text(&p.task),
        "id" => text(&p.id),
        "suggestion" => text(&p.suggestion),
        "feature" => text(&p.feature),
        "plan" => text(&p.plan),
        "upgradeTo" => text(&p.upgrade_to),
        "limit" => text(&p.limit),
        "used" => number(p.used),
        "max" => number(p.max),
        "scopes" => list(&p.scopes),
        "actions" => list(&p.actions),
        _ => Value::Absent,
    }
}

/// `template` filled from `params`.
pub fn fill(template: &str, params: &ReasonParams) -> String {
    let mut out = String::new();
    let mut r = Filler {
        t: template,
        i: 0,
        depth: 0,
        params,
    };
    r.run(&mut out, true, false);
    out
}

struct Filler<'a> {
    t: &'a str,
    i: usize,
    depth: usize,
    params: &'a ReasonParams,
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
        let value = param(self.params, name);
        let holds = match self.peek() {
            Some(b'}') if !name.is_empty() => {
                self.i += 1;
                if emit {
                    write_value(out, &value);
                }
                return;
            }
            _ if name.is_empty() || self.depth >= MAX_NESTING => {
                return self.literal(out, emit, start)
            }
            Some(b'?') => value.present(),
            Some(b'=') => {
                let at = self.i + 1;
                let end = self.t.get(at..).and_then(|s| s.find('?')).map(|n| at + n);
                let Some(end) = end else {
                    return self.literal(out, emit, start);
                };
                self.i = end;
                matches!(value, Value::Text(v) if Some(v) == self.t.get(at..end))
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

fn write_value(out: &mut String, value: &Value<'_>) {
    match value {
        Value::Absent => {}
        Value::Text(s) => out.push_str(s),
        Value::Number(n) => {
            let _ = write!(out, "{n}");
        }
        Value::List(items) => {
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
    use super::fill;
    use crate::decision::ReasonParams;

    fn params() -> ReasonParams {
        ReasonParams {
            role: Some("agent".into()),
            plan: Some("basic".into()),
            used: Some(2),
            scopes: Some(vec!["mine".into(), "pending".into()]),
            actions: Some(vec![]),
            ..ReasonParams::default()
        }
    }

    #[test]
    fn fills_params_lists_and_numbers() {
        let p = params();
        assert_eq!(fill("role `{role}`: {scopes}, {used}", &p), "role `agent`: `mine`, `pending`, 2");
        assert_eq!(fill("[{member}]", &p), "[]");
    }

    #[test]
    fn chooses_on_presence_and_on_a_value() {
        let p = params();
        assert_eq!(fill("{plan?on `{plan}`|no plan}", &p), "on `basic`");
        assert_eq!(fill("{member?x|none}", &p), "none");
        assert_eq!(fill("{actions?some|no actions}", &p), "no actions", "an empty list is absent");
        assert_eq!(fill("a{task?b}c", &p), "ac");
        assert_eq!(fill("{role=agent?yes|no} {role=admin?yes|no}", &p), "yes no");
        assert_eq!(fill("{plan?{used?{used} on {plan}|x}|y}", &p), "2 on basic");
    }

    #[test]
    fn a_brace_that_starts_no_field_is_text() {
        let p = params();
        assert_eq!(fill("{ x } {role} | }", &p), "{ x } agent | }");
        assert_eq!(fill("{role", &p), "{role");
        assert_eq!(fill("{role=agent", &p), "{role=agent");
        assert_eq!(fill("{}", &p), "{}");
        assert_eq!(fill("é{role}ü", &p), "éagentü");
    }

    #[test]
    fn choices_nest_at_most_max_nesting_deep() {
        let p = params();
        let deep = |n: usize| format!("{}x{}", "{role?".repeat(n), "}".repeat(n));
        assert_eq!(fill(&deep(super::MAX_NESTING), &p), "x");
        // One level more: the innermost choice is text, and so is the
        // last `}` (at the top, the others closing the 16 choices).
        assert_eq!(fill(&deep(super::MAX_NESTING + 1), &p), "{role?x}");
        // A million levels: no stack overflow, one walk.
        let huge = deep(1_000_000);
        assert!(fill(&huge, &p).starts_with("{role?{role?"));
    }
}
