//! Hostile input: every case gives its documented structured error, quickly,
//! and never a panic.

use serde_json::json;
use std::time::{Duration, Instant};
use teamgate::{ErrorCode, Gate, PolicyError};

/// Loads `text`, expects `code` first, within `limit`.
fn refused(text: &str, code: ErrorCode, limit: Duration) -> PolicyError {
    let t = Instant::now();
    let err = Gate::from_json(text).expect_err("should be refused");
    assert!(t.elapsed() < limit, "took {:?}", t.elapsed());
    assert_eq!(err.problems()[0].code(), code, "{err}");
    assert!(err.problems().len() <= teamgate::MAX_PROBLEMS);
    for p in err.problems() {
        assert!(
            p.message().len() < 300,
            "message too long: {}",
            p.message().len()
        );
        assert!(!p.message().contains('\n'));
    }
    err
}

fn preset() -> serde_json::Value {
    serde_json::from_str(teamgate::presets::source("team-inbox").unwrap()).unwrap()
}

const FAST: Duration = Duration::from_secs(5);

#[test]
fn non_json() {
    for text in [
        "",
        "<html>",
        "{\"version\": 1,,}",
        "\u{feff}{}",
        "{'version': 1}",
        "nul",
    ] {
        refused(text, ErrorCode::JsonSyntax, FAST);
    }
    assert!(Gate::from_json("[1, 2]")
        .unwrap_err()
        .has(ErrorCode::InvalidType));
}

#[test]
fn ten_megabyte_document() {
    let text = format!(
        "{{\"version\":1,\"id\":\"{}\"}}",
        "x".repeat(10 * 1024 * 1024)
    );
    refused(&text, ErrorCode::TooLarge, FAST);
}

#[test]
fn a_hundred_thousand_roles() {
    let mut doc = preset();
    doc["roles"] = json!((0..100_000)
        .map(|i| json!({ "id": format!("r{i}"), "rank": 1 }))
        .collect::<Vec<_>>());
    let err = refused(&doc.to_string(), ErrorCode::TooLarge, FAST);
    assert!(
        err.problems()[0].message().contains("100000 roles"),
        "{err}"
    );
}

#[test]
fn ten_thousand_roles_are_fine() {
    let mut doc = preset();
    let roles = doc["roles"].as_array_mut().unwrap();
    for i in 0..(teamgate::MAX_ROLES - 4) {
        roles.push(json!({ "id": format!("r{i}"), "rank": 50, "grants": ["chats.read:mine"] }));
    }
    let t = Instant::now();
    let gate = Gate::from_json(&doc.to_string()).unwrap();
    assert!(t.elapsed() < Duration::from_secs(10), "{:?}", t.elapsed());
    assert!(gate.can("r9000", "chats.read", Some("mine")));
    assert!(!gate.can("r9000", "chats.read", Some("others")));
}

#[test]
fn deeply_nested_json() {
    refused(&"[".repeat(100_000), ErrorCode::TooLarge, FAST);
    let mut nested = json!("x");
    for _ in 0..40 {
        nested = json!([nested]);
    }
    let mut doc = preset();
    doc["description"] = nested;
    refused(&doc.to_string(), ErrorCode::TooLarge, FAST);
}

#[test]
fn very_long_ids() {
    let mut doc = preset();
    doc["roles"][3]["id"] = json!("a".repeat(1_000_000));
    refused(&doc.to_string(), ErrorCode::InvalidId, FAST);
    let mut doc = preset();
    doc["roles"][2]["inherits"] = json!("b".repeat(1_000_000));
    let err = refused(&doc.to_string(), ErrorCode::UnknownRole, FAST);
    assert!(err.problems()[0].message().ends_with("…`"), "{err}");
    // Deciding on a huge id is denied, fast.
    let gate = Gate::preset("team-inbox").unwrap();
    let t = Instant::now();
    let huge = "c".repeat(1_000_000);
    assert!(!gate.can(&huge, "chats.read", Some("mine")));
    assert_eq!(
        gate.explain("agent", &huge, None).code.as_str(),
        "unknown_action"
    );
    assert!(t.elapsed() < FAST);
}

#[test]
fn non_ascii_and_control_characters_in_ids() {
    for id in [
        "agënt",
        "ag\u{0}ent",
        "\u{202e}tnega",
        "agent\n",
        "AGENT",
        "ag ent",
        "",
        "1agent",
    ] {
        let mut doc = preset();
        doc["roles"][3]["id"] = json!(id);
        let err = refused(&doc.to_string(), ErrorCode::InvalidId, FAST);
        let msg = err.problems()[0].message();
        assert!(
            msg.chars().all(|c| !c.is_control()),
            "control character in {msg:?}"
        );
    }
}

#[test]
fn duplicate_keys() {
    let text = teamgate::presets::source("team-inbox").unwrap().replacen(
        "\"plan\": \"premium\"",
        "\"plan\": \"premium\", \"plan\": \"basic\"",
        1,
    );
    let err = refused(&text, ErrorCode::DuplicateKey, FAST);
    assert_eq!(err.problems()[0].path(), "$.plan");
}

#[test]
fn an_object_with_a_hundred_thousand_unknown_keys() {
    let keys: Vec<String> = (0..100_000).map(|i| format!("\"k{i}\": 1")).collect();
    let text = format!("{{\"version\": 1, {}}}", keys.join(", "));
    let err = refused(&text, ErrorCode::UnknownField, FAST);
    assert_eq!(err.problems().len(), teamgate::MAX_PROBLEMS);
}

#[test]
fn numbers_out_of_range() {
    for rank in [json!(-1), json!(1.5), json!(1e20), json!(4294967296u64)] {
        let mut doc = preset();
        doc["roles"][3]["rank"] = rank;
        refused(&doc.to_string(), ErrorCode::InvalidType, FAST);
    }
    let mut doc = preset();
    doc["plans"][0]["limits"]["seats"] = json!(-5);
    refused(&doc.to_string(), ErrorCode::InvalidType, FAST);
}

#[test]
fn a_version_from_the_future() {
    let mut doc = preset();
    doc["version"] = json!(2);
    doc["new_section"] = json!({});
    let err = refused(&doc.to_string(), ErrorCode::UnsupportedVersion, FAST);
    assert_eq!(err.problems().len(), 1);
    // Not a whole number: a type error, as serde's derive reads it.
    for v in ["\"1\"", "1.5", "1.0", "1e0", "null"] {
        let text = teamgate::presets::source("team-inbox").unwrap().replacen(
            "\"version\": 1",
            &format!("\"version\": {v}"),
            1,
        );
        let err = refused(&text, ErrorCode::InvalidType, FAST);
        assert_eq!(err.problems()[0].path(), "$.version", "{v}");
    }
}

#[test]
fn edits_with_hostile_arguments_are_refused_not_panicking() {
    let gate = Gate::preset("team-inbox").unwrap();
    let huge = "z".repeat(100_000);
    for (editor, number, target, action, scope) in [
        ("admin", "main", "agent", "chats.read", huge.as_str()),
        ("admin", huge.as_str(), "agent", "chats.read", "mine"),
        ("admin", "main", huge.as_str(), "chats.read", "mine"),
        (huge.as_str(), "main", "agent", "chats.read", "mine"),
        ("admin", "main", "agent", "", "mine"),
        ("admin", "main", "agent", "chats.read", "all\u{0}"),
    ] {
        let err = gate
            .with_team_permission(editor, number, target, action, &[scope])
            .unwrap_err();
        assert!(err.to_string().len() < 400, "{}", err.code());
    }
    let role: teamgate::RoleDef = serde_json::from_value(json!({ "id": huge, "rank": 1 })).unwrap();
    assert_eq!(
        gate.with_custom_role("admin", role).unwrap_err().code(),
        "invalid_policy"
    );
}
