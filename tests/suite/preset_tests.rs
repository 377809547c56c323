//! The test file each preset ships with (`presets/<name>.tests.json`, the
//! format of `teamgate::testing`): the golden vectors written for the preset
//! as shipped (on any of its plans), in that format. Generated here from
//! `tests/vectors/` (so the two never disagree) and run here through the
//! public runner, which must pass every case.

use crate::common;
use serde_json::{json, Value};
use teamgate::testing::{run, PolicyTests};
use teamgate::Gate;

/// The vector files of a preset as shipped: no patch, or only a plan (and
/// members, whose cases are left out).
fn preset_tests(preset: &str) -> Value {
    let mut cases = Vec::new();
    for (file, text) in common::VECTOR_FILES {
        let v: Value = serde_json::from_str(text).unwrap();
        if v["preset"] != preset {
            continue;
        }
        let patch = v.get("patch").and_then(Value::as_object);
        if patch.is_some_and(|p| p.keys().any(|k| k != "plan" && k != "members")) {
            continue;
        }
        let plan = patch.and_then(|p| p.get("plan")).cloned();
        for c in v["cases"].as_array().unwrap() {
            let s = |k: &str, i: usize| c[k].get(i).and_then(Value::as_str).map(str::to_owned);
            // An empty id reads as `""` in a name.
            let shown = |id: String| if id.is_empty() { "\"\"".to_owned() } else { id };
            let verb = if c["allowed"] == true {
                "may"
            } else {
                "may not"
            };
            let mut case = serde_json::Map::new();
            let name;
            if c.get("can").is_some() {
                let (role, action, scope) =
                    (s("can", 0).unwrap(), s("can", 1).unwrap(), s("can", 2));
                name = format!(
                    "{} {verb} do {}{}{}",
                    shown(role.clone()),
                    shown(action.clone()),
                    scope
                        .clone()
                        .map(|s| format!(" ({})", shown(s)))
                        .unwrap_or_default(),
                    c.get("number")
                        .and_then(Value::as_str)
                        .map(|n| format!(" in {n}"))
                        .unwrap_or_default()
                );
                case.insert("role".into(), json!(role));
                case.insert("action".into(), json!(action));
                if let Some(scope) = scope {
                    case.insert("scope".into(), json!(scope));
                }
                if let Some(n) = c.get("number") {
                    case.insert("number".into(), n.clone());
                }
            } else if c.get("edit").is_some() {
                let (editor, target) = (s("edit", 0).unwrap(), s("edit", 1).unwrap());
                name = format!("{editor} {verb} edit the team permissions of {target}");
                case.insert("editor".into(), json!(editor));
                case.insert("edits".into(), json!(target));
            } else if c.get("assign").is_some() {
                let (editor, role) = (s("assign", 0).unwrap(), s("assign", 1).unwrap());
                name = format!("{editor} {verb} assign {role}");
                case.insert("editor".into(), json!(editor));
                case.insert("assigns".into(), json!(role));
            } else if c.get("limit").is_some() {
                let (limit, used) = (s("limit", 0).unwrap(), c["limit"][1].as_u64().unwrap());
                let verb = if c["allowed"] == true {
                    "one more"
                } else {
                    "no more"
                };
                name = format!("{verb} {limit} with {used} in use");
                case.insert("limit".into(), json!(limit));
                case.insert("used".into(), json!(used));
            } else {
                continue; // members of a patch, scopes lists: the vectors' own runners
            }
            let plan = plan.as_ref().and_then(Value::as_str);
            let name = match plan {
                Some(p) => format!("{}: {name} on {p}", c["seed"].as_str().unwrap()),
                None => format!("{}: {name}", c["seed"].as_str().unwrap()),
            };
            let mut out = serde_json::Map::new();
            out.insert("name".into(), json!(name));
            out.insert("seed".into(), c["seed"].clone());
            out.extend(case);
            if let Some(p) = plan {
                out.insert("plan".into(), json!(p));
            }
            out.insert(
                "expect".into(),
                json!(if c["allowed"] == true {
                    "allow"
                } else {
                    "deny"
                }),
            );
            if let Some(code) = c.get("code") {
                out.insert("reason".into(), code.clone());
            }
            if let Some(u) = c.get("upgrade_to") {
                out.insert("upgrade_to".into(), u.clone());
            }
            let _ = file;
            cases.push(Value::Object(out));
        }
    }
    json!({
        "$schema": "../schema/policy-tests.schema.json",
        "description": format!("The seed statements the `{preset}` preset implements, as policy tests (generated from tests/vectors/: `TEAMGATE_BLESS=1 cargo test --test suite preset_tests`)."),
        "preset": preset,
        "cases": cases,
    })
}

/// One case per line: the file reads (and diffs) case by case.
fn pretty(v: &Value) -> String {
    const ORDER: [&str; 16] = [
        "name",
        "seed",
        "role",
        "member",
        "editor",
        "edits",
        "assigns",
        "action",
        "scope",
        "number",
        "limit",
        "used",
        "plan",
        "expect",
        "reason",
        "upgrade_to",
    ];
    let cases: Vec<String> = v["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            assert!(c
                .as_object()
                .unwrap()
                .keys()
                .all(|k| ORDER.contains(&k.as_str())));
            let fields: Vec<String> = ORDER
                .iter()
                .filter_map(|k| c.get(*k).map(|v| format!("\"{k}\": {v}")))
                .collect();
            format!("    {{ {} }}", fields.join(", "))
        })
        .collect();
    format!(
        "{{\n  \"$schema\": {},\n  \"description\": {},\n  \"preset\": {},\n  \"cases\": [\n{}\n  ]\n}}\n",
        v["$schema"], v["description"], v["preset"], cases.join(",\n")
    )
}

#[test]
fn every_preset_ships_its_seed_statements_as_policy_tests_and_passes_them() {
    for name in teamgate::presets::names() {
        let generated = pretty(&preset_tests(name));
        common::assert_generated(
            &format!("presets/{name}.tests.json"),
            generated.as_bytes(),
            "preset_tests",
        );
        let tests = PolicyTests::from_json(&generated).unwrap();
        assert!(
            tests.cases.len() >= 10,
            "{name}: {} cases",
            tests.cases.len()
        );
        let report = run(&Gate::preset(name).unwrap(), &tests);
        let failures: Vec<_> = report
            .results
            .iter()
            .filter_map(|r| r.failure.as_ref().map(|f| format!("{}: {f}", r.name)))
            .collect();
        assert!(report.ok(), "{name}:\n{}", failures.join("\n"));
    }
    // What the crate embeds (and `teamgate preset NAME --tests` prints) is that file.
    for name in teamgate::presets::names() {
        assert_eq!(
            teamgate::presets::tests(name).unwrap(),
            pretty(&preset_tests(name))
        );
    }
}

#[test]
fn the_test_file_schema_is_published() {
    let generated = teamgate::testing::json_schema() + "\n";
    common::assert_generated(
        "schema/policy-tests.schema.json",
        generated.as_bytes(),
        "preset_tests",
    );
}
