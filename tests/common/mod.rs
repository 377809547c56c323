//! The golden-vector runner shared by the native and the wasm runs of the
//! suite (the wasm run uses part of it).
#![allow(dead_code)]

use serde_json::Value;
use teamgate::{Gate, Json, Policy};

/// A committed file generated from the Rust types or presets: it must equal
/// `generated`; with `TEAMGATE_BLESS=1` the test rewrites it first.
#[cfg(not(target_arch = "wasm32"))]
pub fn assert_generated(relative: &str, generated: &[u8], test: &str) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    if std::env::var_os("TEAMGATE_BLESS").is_some() {
        std::fs::write(&path, generated).unwrap();
    }
    let published = std::fs::read(&path).unwrap_or_default();
    assert!(
        published == generated,
        "{relative} is out of date: run `TEAMGATE_BLESS=1 cargo test --test suite {test}`"
    );
}

/// Each problem of an error as (code, path), in order.
pub fn codes_and_paths(err: &teamgate::PolicyError) -> Vec<(&'static str, &str)> {
    err.problems()
        .iter()
        .map(|p| (p.code().as_str(), p.path()))
        .collect()
}

/// serde_json's tree as the engine's (the path every document takes).
pub fn to_json(v: &Value) -> Json<'_> {
    match v {
        Value::Null => Json::Null,
        Value::Bool(b) => Json::Bool(*b),
        Value::Number(n) => Json::Number(n.as_f64().unwrap()),
        Value::String(s) => Json::String(s.as_str().into()),
        Value::Array(a) => Json::Array(a.iter().map(to_json).collect()),
        Value::Object(o) => Json::Object(
            o.iter()
                .map(|(k, v)| (k.as_str().into(), to_json(v)))
                .collect(),
        ),
    }
}

/// Every vector file, embedded so that the wasm runner needs no file system.
pub const VECTOR_FILES: &[(&str, &str)] = &[
    (
        "team-inbox.json",
        include_str!("../vectors/team-inbox.json"),
    ),
    (
        "team-inbox-restricted.json",
        include_str!("../vectors/team-inbox-restricted.json"),
    ),
    (
        "chat-filters.json",
        include_str!("../vectors/chat-filters.json"),
    ),
    (
        "team-inbox-basic.json",
        include_str!("../vectors/team-inbox-basic.json"),
    ),
    (
        "owner-admin-agent.json",
        include_str!("../vectors/owner-admin-agent.json"),
    ),
    (
        "owner-admin-agent-starter.json",
        include_str!("../vectors/owner-admin-agent-starter.json"),
    ),
    ("helpdesk.json", include_str!("../vectors/helpdesk.json")),
    (
        "helpdesk-plans.json",
        include_str!("../vectors/helpdesk-plans.json"),
    ),
    (
        "custom-roles.json",
        include_str!("../vectors/custom-roles.json"),
    ),
];

/// A preset's document with `patch`'s top-level keys replacing its own.
pub fn patched(preset: &str, patch: Option<&Value>) -> Policy {
    let mut doc: Value = serde_json::from_str(teamgate::presets::source(preset).unwrap()).unwrap();
    if let (Some(Value::Object(p)), Value::Object(d)) = (patch, &mut doc) {
        for (k, v) in p {
            d.insert(k.clone(), v.clone());
        }
    }
    Policy::from_json_value(&to_json(&doc)).unwrap()
}

fn s(v: &Value, i: usize) -> Option<&str> {
    v.get(i).and_then(Value::as_str)
}

/// Runs one vector file; returns (cases run, failures) and the seed ids seen.
pub fn run_file(name: &str, text: &str) -> (usize, Vec<String>, Vec<String>) {
    run_file_via(name, text, false)
}

/// [`run_file`], optionally on the gate rebuilt from its snapshot
/// (`Gate::from_snapshot(&gate.snapshot())`, what `teamgate/lite` loads).
pub fn run_file_via(name: &str, text: &str, snapshot: bool) -> (usize, Vec<String>, Vec<String>) {
    let file: Value = serde_json::from_str(text).unwrap_or_else(|e| panic!("{name}: {e}"));
    let preset = file["preset"].as_str().unwrap();
    let gate =
        Gate::new(patched(preset, file.get("patch"))).unwrap_or_else(|e| panic!("{name}: {e}"));
    let gate = if snapshot {
        Gate::from_snapshot(&gate.snapshot()).unwrap_or_else(|e| panic!("{name}: {e}"))
    } else {
        gate
    };
    let mut failures = Vec::new();
    let mut seeds = Vec::new();
    let cases = file["cases"].as_array().unwrap();
    for (i, case) in cases.iter().enumerate() {
        match case.get("seed").and_then(Value::as_str) {
            Some(seed) => seeds.push(seed.to_owned()),
            None => failures.push(format!("{name} case {i}: cites no statement (`seed`)")),
        }
        if let Some(r) = case.get("scopes") {
            let number = case.get("number").and_then(Value::as_str);
            let (role, action) = (s(r, 0).unwrap(), s(r, 1).unwrap());
            let got = gate.allowed_scopes(role, action, number);
            let one_by_one: Vec<&str> = gate
                .scopes()
                .filter(|&sc| match number {
                    Some(n) => gate.can_in(n, role, action, Some(sc)),
                    None => gate.can(role, action, Some(sc)),
                })
                .collect();
            let want: Vec<&str> = case["want"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(Value::as_str)
                .collect();
            if got != want || one_by_one != want {
                failures.push(format!(
                    "{name} case {i} {case}: allowed_scopes = {got:?}, can one by one = {one_by_one:?}"
                ));
            }
            continue;
        }
        if let Some((filter, me)) = chat_filter_case(&gate, case) {
            let want = &case["want"];
            let got = serde_json::json!({ "pending": filter.pending, "mine": filter.mine, "others": filter.others });
            let sql = filter
                .to_sql("assignee", me, teamgate::Placeholder::Dollar(1))
                .unwrap();
            let want_sql = &case["sql"];
            if &got != want
                || want_sql["sql"] != sql.sql
                || want_sql["params"] != serde_json::json!(sql.params)
            {
                failures.push(format!(
                    "{name} case {i} {case}: chat filter = {got}, sql = {sql:?}"
                ));
            }
            continue;
        }
        let (allowed, code, upgrade_to) = if let Some(r) = case.get("can") {
            let number = case.get("number").and_then(Value::as_str);
            let (role, action, scope) = (s(r, 0).unwrap(), s(r, 1).unwrap(), s(r, 2));
            let e = match number {
                Some(n) => gate.explain_in(n, role, action, scope),
                None => gate.explain(role, action, scope),
            };
            let fast = match number {
                Some(n) => gate.can_in(n, role, action, scope),
                None => gate.can(role, action, scope),
            };
            if fast != e.allowed {
                failures.push(format!(
                    "{name} case {i}: can() = {fast} but explain() = {}",
                    e.allowed
                ));
            }
            (e.allowed, e.code.as_str().to_owned(), e.upgrade_to)
        } else if let Some(r) = case.get("member") {
            let e = gate.explain_member(
                s(r, 0).unwrap(),
                s(r, 1).unwrap(),
                s(r, 2).unwrap(),
                s(r, 3),
            );
            let fast = gate.can_member(
                s(r, 0).unwrap(),
                s(r, 1).unwrap(),
                s(r, 2).unwrap(),
                s(r, 3),
            );
            if fast != e.allowed {
                failures.push(format!(
                    "{name} case {i}: can_member() disagrees with explain_member()"
                ));
            }
            (e.allowed, e.code.as_str().to_owned(), e.upgrade_to)
        } else if let Some(r) = case.get("edit") {
            let e = gate.explain_edit_permissions(s(r, 0).unwrap(), s(r, 1).unwrap());
            assert_eq!(
                gate.can_edit_permissions(s(r, 0).unwrap(), s(r, 1).unwrap()),
                e.allowed
            );
            (e.allowed, e.code.as_str().to_owned(), e.upgrade_to)
        } else if let Some(r) = case.get("assign") {
            let e = gate.explain_assign_role(s(r, 0).unwrap(), s(r, 1).unwrap());
            assert_eq!(
                gate.can_assign_role(s(r, 0).unwrap(), s(r, 1).unwrap()),
                e.allowed
            );
            (e.allowed, e.code.as_str().to_owned(), e.upgrade_to)
        } else if let Some(r) = case.get("limit") {
            let l = gate.check_limit(s(r, 0).unwrap(), r[1].as_u64().unwrap() as u32);
            (l.allowed, l.code.as_str().to_owned(), l.upgrade_to)
        } else {
            panic!("{name} case {i}: no request");
        };
        let want_allowed = case["allowed"].as_bool().unwrap();
        let want_code = case.get("code").and_then(Value::as_str);
        let want_upgrade = case.get("upgrade_to").and_then(Value::as_str);
        if allowed != want_allowed
            || want_code.is_some_and(|c| c != code)
            || (want_upgrade.is_some() && want_upgrade != upgrade_to.as_deref())
        {
            failures.push(format!(
                "{name} case {i} {case}: got allowed={allowed} code={code} upgrade_to={upgrade_to:?}"
            ));
        }
    }
    (cases.len(), failures, seeds)
}

/// A `filter` (`[member, number, action]`) or `role_filter` (`[role,
/// action]`, with `number`) case: the engine's chat filter, checked against
/// `can` scope by scope, and the id its SQL binds.
fn chat_filter_case<'a>(gate: &Gate, case: &'a Value) -> Option<(teamgate::ChatFilter, &'a str)> {
    let number = case.get("number").and_then(Value::as_str);
    type Can<'g> = Box<dyn Fn(&str) -> bool + 'g>;
    let (filter, me, action, can): (_, &str, &str, Can<'_>) = if let Some(r) = case.get("filter") {
        let (m, n, a) = (s(r, 0)?, s(r, 1)?, s(r, 2)?);
        let can = move |sc: &str| gate.can_member(m, n, a, Some(sc));
        (gate.member_chat_filter(m, n, a), m, a, Box::new(can))
    } else if let Some(r) = case.get("role_filter") {
        let (role, a) = (s(r, 0)?, s(r, 1)?);
        let can = move |sc: &str| match number {
            Some(n) => gate.can_in(n, role, a, Some(sc)),
            None => gate.can(role, a, Some(sc)),
        };
        (gate.chat_filter(role, a, number), "me", a, Box::new(can))
    } else {
        return None;
    };
    if gate.is_scoped(action) == Some(true) {
        let each: Vec<bool> = teamgate::CHAT_SCOPES.iter().map(|sc| can(sc)).collect();
        assert_eq!(
            each,
            [filter.pending, filter.mine, filter.others],
            "{case}: the filter is `can` scope by scope"
        );
    }
    Some((filter, me))
}

/// Runs every vector file; returns the number of cases and every failure.
pub fn run_all() -> (usize, Vec<String>, Vec<String>) {
    run_all_via(false)
}

/// [`run_all`], optionally through snapshots (see [`run_file_via`]).
pub fn run_all_via(snapshot: bool) -> (usize, Vec<String>, Vec<String>) {
    let (mut n, mut failures, mut seeds) = (0, Vec::new(), Vec::new());
    for (name, text) in VECTOR_FILES {
        let (k, f, s) = run_file_via(name, text, snapshot);
        n += k;
        failures.extend(f);
        seeds.extend(s);
    }
    (n, failures, seeds)
}

/// Runs every vector file and fails with every wrong case listed.
pub fn assert_all_vectors_pass() {
    assert_all_vectors_pass_via(false);
}

/// [`assert_all_vectors_pass`], optionally through snapshots.
pub fn assert_all_vectors_pass_via(snapshot: bool) {
    let (n, failures, _) = run_all_via(snapshot);
    assert!(n > 200, "only {n} cases ran");
    assert!(
        failures.is_empty(),
        "{} of {n} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The bad documents of `tests/vectors/errors.json` (format in its
/// `description`), shared with the Node runner.
pub const ERROR_CASES: &str = include_str!("../vectors/errors.json");

/// The document of one error case: `base` changed as the case says, as text.
pub fn error_case_text(base: &Value, case: &Value) -> String {
    if let Some(text) = case["text"].as_str() {
        return text.to_owned();
    }
    let mut doc = base.clone();
    for (pointer, v) in case["set"].as_object().into_iter().flatten() {
        let (parent, key) = pointer.rsplit_once('/').unwrap();
        match doc.pointer_mut(parent).unwrap() {
            Value::Object(o) => {
                o.insert(key.to_owned(), v.clone());
            }
            other => other[key.parse::<usize>().unwrap()] = v.clone(),
        }
    }
    for (pointer, v) in case["push"].as_object().into_iter().flatten() {
        doc.pointer_mut(pointer)
            .unwrap()
            .as_array_mut()
            .unwrap()
            .push(v.clone());
    }
    for pointer in case["remove"].as_array().into_iter().flatten() {
        let (parent, key) = pointer.as_str().unwrap().rsplit_once('/').unwrap();
        doc.pointer_mut(parent)
            .unwrap()
            .as_object_mut()
            .unwrap()
            .remove(key);
    }
    let text = doc.to_string();
    match case["replace"].as_array() {
        Some(r) => text.replacen(r[0].as_str().unwrap(), r[1].as_str().unwrap(), 1),
        None => text,
    }
}

/// Runs every error case; returns the number of cases and every failure.
pub fn run_error_cases() -> (usize, Vec<String>) {
    let file: Value = serde_json::from_str(ERROR_CASES).unwrap();
    let cases = file["cases"].as_array().unwrap();
    let mut failures = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        let (code, path) = (
            case["code"].as_str().unwrap(),
            case["path"].as_str().unwrap(),
        );
        let Err(err) = Gate::from_json(&error_case_text(&file["base"], case)) else {
            failures.push(format!(
                "case {i} ({code} at {path}): the document was accepted"
            ));
            continue;
        };
        let found = err
            .problems()
            .iter()
            .find(|p| p.code().as_str() == code && p.path() == path);
        let Some(p) = found else {
            failures.push(format!("case {i}: no {code} at {path} in:\n{err}"));
            continue;
        };
        let help = p.help().unwrap_or("");
        let bad = p.message().is_empty()
            || p.message().lines().count() != 1
            || case["hint"].as_str().is_some_and(|h| h != help)
            || case["hint_contains"]
                .as_str()
                .is_some_and(|h| !help.contains(h))
            || (case["only"] == Value::Bool(true) && err.problems().len() != 1);
        if bad {
            failures.push(format!("case {i} ({code} at {path}): {err}"));
        }
    }
    (cases.len(), failures)
}

/// Runs every error case and fails with every wrong one listed.
pub fn assert_error_cases_pass() {
    let (n, failures) = run_error_cases();
    assert!(n >= 30, "only {n} error cases ran");
    assert!(
        failures.is_empty(),
        "{} of {n} error cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
