//! Bad documents: every error code, with its path and hint, and never a panic.

use serde_json::{json, Value};
use teamgate::{ErrorCode, Gate, PolicyError};

fn base() -> Value {
    serde_json::from_str(include_str!("../fixtures/small-policy.json")).unwrap()
}

fn load(doc: &Value) -> Result<Gate, PolicyError> {
    Gate::from_json(&doc.to_string())
}

/// Loads `doc`, expects exactly `code` at `path`, returns the problem's help.
fn expect(doc: Value, code: ErrorCode, path: &str) -> String {
    let err = load(&doc).expect_err("document should be rejected");
    let p = err
        .problems()
        .iter()
        .find(|p| p.code() == code)
        .unwrap_or_else(|| panic!("no {code} in:\n{err}"));
    assert_eq!(p.path(), path, "{err}");
    assert!(!p.message().is_empty());
    assert_eq!(
        p.message().lines().count(),
        1,
        "one-line message: {}",
        p.message()
    );
    p.help().unwrap_or("").to_owned()
}

/// `doc` with the value at `pointer` set (an object key is added if absent).
fn with(mut doc: Value, pointer: &str, v: Value) -> Value {
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    match doc.pointer_mut(parent).unwrap() {
        Value::Object(o) => {
            o.insert(key.to_owned(), v);
        }
        other => other[key.parse::<usize>().unwrap()] = v,
    }
    doc
}

use crate::common;

/// The error cases as data (`tests/vectors/errors.json`), which the wasm and
/// Node runners run too.
#[test]
fn golden_error_cases() {
    common::assert_error_cases_pass();
}

/// `internal`: a fault of teamgate itself (a validated policy that did not
/// compile), never of a document: no preset gives it, nor the base
/// document with any of its keys dropped (the random policies of
/// `tests/properties.rs` all compile too).
#[test]
fn internal() {
    assert_eq!(ErrorCode::Internal.as_str(), "internal");
    for name in teamgate::presets::names() {
        Gate::preset(name).unwrap();
    }
    let mut refused = 0;
    for key in base().as_object().unwrap().keys() {
        let mut doc = base();
        doc.as_object_mut().unwrap().remove(key);
        if let Err(err) = load(&doc) {
            refused += 1;
            let codes: Vec<ErrorCode> = err.problems().iter().map(|p| p.code()).collect();
            assert!(!codes.contains(&ErrorCode::Internal), "{err}");
        }
    }
    assert!(refused > 0);
}

#[test]
fn the_base_document_is_valid() {
    load(&base()).unwrap();
}

#[test]
fn json_syntax() {
    let err = Gate::from_json("{\"version\": 1,").unwrap_err();
    assert_eq!(err.problems()[0].code(), ErrorCode::JsonSyntax);
    assert!(err.problems()[0].message().contains("line 1"), "{err}");
    assert_eq!(
        Gate::from_json("").unwrap_err().problems()[0].code(),
        ErrorCode::JsonSyntax
    );
    assert_eq!(
        Gate::from_json("{} trailing").unwrap_err().problems()[0].code(),
        ErrorCode::JsonSyntax
    );
    // A valid document saved "with BOM" is refused (as `JSON.parse` does),
    // saying so, instead of pointing at a comma or a quote.
    let text = format!("\u{feff}{}", base());
    let err = Gate::from_json(&text).unwrap_err();
    let p = &err.problems()[0];
    assert_eq!(p.code(), ErrorCode::JsonSyntax);
    assert!(p.message().contains("byte order mark"), "{err}");
    assert!(
        p.help().is_some_and(|h| h.contains("without a BOM")),
        "{err}"
    );
}

#[test]
fn invalid_type() {
    let help = expect(
        with(base(), "/roles/1/rank", json!("high")),
        ErrorCode::InvalidType,
        "$.roles[1].rank",
    );
    assert!(help.contains("whole number"), "{help}");
    // Integers only, whatever JSON Schema's `integer` would pass
    // (docs/policy-format.md).
    let text = serde_json::to_string(&with(base(), "/roles/1/rank", json!(7))).unwrap();
    for written in ["7.0", "7e0", "-0"] {
        let err = Gate::from_json(&text.replacen("\"rank\":7", &format!("\"rank\":{written}"), 1))
            .unwrap_err();
        let p = &err.problems()[0];
        assert_eq!(
            (p.code(), p.path()),
            (ErrorCode::InvalidType, "$.roles[1].rank"),
            "{written}"
        );
        assert!(p.message().contains("expected a whole number"), "{err}");
    }
    let help = expect(
        with(base(), "/roles/1/grants/1", json!(7)),
        ErrorCode::InvalidType,
        "$.roles[1].grants[1]",
    );
    assert!(help.contains("a string"), "{help}");
    expect(
        with(base(), "/plans/0/limits", json!({ "seats": "lots" })),
        ErrorCode::InvalidType,
        "$.plans[0].limits.seats",
    );
    expect(
        with(base(), "/roles/1/rank", json!(-1)),
        ErrorCode::InvalidType,
        "$.roles[1].rank",
    );
    expect(
        with(base(), "/roles/1/rank", json!(1e12)),
        ErrorCode::InvalidType,
        "$.roles[1].rank",
    );
}

#[test]
fn unknown_field() {
    let mut doc = base();
    doc["roles"][1]["grnats"] = json!([]);
    let help = expect(doc, ErrorCode::UnknownField, "$.roles[1].grnats");
    assert_eq!(help, "did you mean `grants`?");
}

#[test]
fn missing_field() {
    let mut doc = base();
    doc["roles"][1].as_object_mut().unwrap().remove("rank");
    expect(doc, ErrorCode::MissingField, "$.roles[1]");
}

#[test]
fn too_large() {
    let big = format!(
        "{{\"version\":1,\"description\":\"{}\"}}",
        "x".repeat(teamgate::MAX_DOCUMENT_BYTES)
    );
    assert_eq!(
        Gate::from_json(&big).unwrap_err().problems()[0].code(),
        ErrorCode::TooLarge
    );
}

#[test]
fn unsupported_version() {
    let mut doc = base();
    doc["version"] = json!(2);
    doc["something_new"] = json!(true);
    let err = load(&doc).unwrap_err();
    assert_eq!(err.problems().len(), 1, "{err}");
    assert_eq!(err.problems()[0].code(), ErrorCode::UnsupportedVersion);
}

#[test]
fn invalid_id() {
    expect(
        with(base(), "/roles/1/id", json!("Agent Smith")),
        ErrorCode::InvalidId,
        "$.roles[1]",
    );
    expect(
        with(base(), "/actions/1/id", json!("files")),
        ErrorCode::InvalidId,
        "$.actions[1]",
    );
    expect(
        with(base(), "/roles/1/id", json!("a".repeat(100))),
        ErrorCode::InvalidId,
        "$.roles[1]",
    );
    expect(
        with(base(), "/roles/1/id", json!("agent\u{0}")),
        ErrorCode::InvalidId,
        "$.roles[1]",
    );
}

#[test]
fn duplicate_id() {
    let mut doc = base();
    doc["roles"]
        .as_array_mut()
        .unwrap()
        .push(json!({ "id": "agent", "rank": 5 }));
    expect(doc, ErrorCode::DuplicateId, "$.roles[2]");
}

#[test]
fn unknown_role() {
    let mut doc = base();
    doc["roles"]
        .as_array_mut()
        .unwrap()
        .push(json!({ "id": "trainee", "rank": 5, "inherits": "agnet" }));
    let help = expect(doc, ErrorCode::UnknownRole, "$.roles[2].inherits");
    assert_eq!(help, "did you mean `agent`?");
}

#[test]
fn unknown_action() {
    let help = expect(
        with(base(), "/roles/1/grants/1", json!("files.veiw")),
        ErrorCode::UnknownAction,
        "$.roles[1].grants[1]",
    );
    assert_eq!(help, "did you mean `files.view`?");
}

#[test]
fn unknown_scope() {
    let help = expect(
        with(base(), "/roles/1/grants/0", json!("chats.read:mien")),
        ErrorCode::UnknownScope,
        "$.roles[1].grants[0]",
    );
    assert_eq!(help, "did you mean `mine`?");
}

#[test]
fn unknown_plan() {
    let help = expect(
        with(base(), "/plan", json!("premuim")),
        ErrorCode::UnknownPlan,
        "$.plan",
    );
    assert_eq!(help, "did you mean `premium`?");
}

#[test]
fn unknown_feature() {
    expect(
        with(base(), "/actions/1/feature", json!("broadcast")),
        ErrorCode::UnknownFeature,
        "$.actions[1].feature",
    );
}

#[test]
fn unknown_number() {
    let mut doc = base();
    doc["members"] = json!([{ "id": "ana", "roles": { "mian": "agent" } }]);
    let help = expect(doc, ErrorCode::UnknownNumber, "$.members[0].roles.mian");
    assert_eq!(help, "did you mean `main`?");
}

#[test]
fn unknown_section() {
    expect(
        with(base(), "/roles/1/grants/1", json!("billing.*")),
        ErrorCode::UnknownSection,
        "$.roles[1].grants[1]",
    );
}

#[test]
fn missing_plan() {
    let mut doc = base();
    doc.as_object_mut().unwrap().remove("plan");
    expect(doc, ErrorCode::MissingPlan, "$.plan");
}

#[test]
fn multiple_owners() {
    let mut doc = base();
    doc["roles"]
        .as_array_mut()
        .unwrap()
        .push(json!({ "id": "boss", "rank": 50, "owner": true }));
    expect(doc, ErrorCode::MultipleOwners, "$.roles[2].owner");
}

#[test]
fn outranks_owner() {
    let mut doc = base();
    doc["roles"]
        .as_array_mut()
        .unwrap()
        .push(json!({ "id": "emperor", "rank": 1000 }));
    let help = expect(doc, ErrorCode::OutranksOwner, "$.roles[2].rank");
    assert!(help.contains("below 100"), "{help}");
}

#[test]
fn owner_restricted() {
    expect(
        with(base(), "/roles/0/grants", json!(["files.view"])),
        ErrorCode::OwnerRestricted,
        "$.roles[0]",
    );
    // The owner holds everything the plan allows: nothing to take away or inherit either.
    expect(
        with(base(), "/roles/0/except", json!(["files.view"])),
        ErrorCode::OwnerRestricted,
        "$.roles[0]",
    );
    expect(
        with(base(), "/roles/0/inherits", json!("agent")),
        ErrorCode::OwnerRestricted,
        "$.roles[0]",
    );
    let mut doc = base();
    doc["numbers"][0]["team_permissions"] = json!({ "owner": { "chats.read": [] } });
    expect(
        doc,
        ErrorCode::OwnerRestricted,
        "$.numbers[0].team_permissions.owner",
    );
}

#[test]
fn inheritance_cycle() {
    let mut doc = base();
    let roles = doc["roles"].as_array_mut().unwrap();
    roles.push(json!({ "id": "a", "rank": 5, "inherits": "b" }));
    roles.push(json!({ "id": "b", "rank": 5, "inherits": "c" }));
    roles.push(json!({ "id": "c", "rank": 5, "inherits": "a" }));
    let err = load(&doc).unwrap_err();
    let cycles: Vec<_> = err
        .problems()
        .iter()
        .filter(|p| p.code() == ErrorCode::InheritanceCycle)
        .collect();
    assert_eq!(cycles.len(), 1, "reported once: {err}");
    assert!(cycles[0].message().contains("a → b → c → a"), "{err}");
    // A role inheriting itself.
    let mut doc = base();
    doc["roles"][1]["inherits"] = json!("agent");
    expect(doc, ErrorCode::InheritanceCycle, "$.roles[1].inherits");
}

#[test]
fn scope_on_unscoped() {
    expect(
        with(base(), "/roles/1/grants/1", json!("files.view:mine")),
        ErrorCode::ScopeOnUnscoped,
        "$.roles[1].grants[1]",
    );
}

#[test]
fn not_a_team_permission() {
    let mut doc = base();
    doc["numbers"][0]["team_permissions"] = json!({ "agent": { "files.view": [] } });
    expect(
        doc,
        ErrorCode::NotATeamPermission,
        "$.numbers[0].team_permissions.agent[\"files.view\"]",
    );
}

#[test]
fn reserved_scope() {
    expect(
        with(base(), "/scopes/2", json!("all")),
        ErrorCode::ReservedScope,
        "$.scopes[2]",
    );
}

#[test]
fn too_many_scopes() {
    let scopes: Vec<String> = (0..17).map(|i| format!("s{i}")).collect();
    expect(
        with(base(), "/scopes", json!(scopes)),
        ErrorCode::TooManyScopes,
        "$.scopes",
    );
}

#[test]
fn scoped_management_action() {
    let mut doc = base();
    doc["management"] = json!({ "edit_permissions": "chats.read" });
    expect(
        doc,
        ErrorCode::ScopedManagementAction,
        "$.management.edit_permissions",
    );
}

#[test]
fn duplicate_key() {
    let text = base()
        .to_string()
        .replacen("\"id\":\"t\"", "\"id\":\"t\",\"id\":\"u\"", 1);
    let err = Gate::from_json(&text).unwrap_err();
    assert_eq!(err.problems()[0].code(), ErrorCode::DuplicateKey, "{err}");
    assert_eq!(err.problems()[0].path(), "$.id");
    let mut doc = base();
    doc["numbers"][0]["team_permissions"] = json!({ "agent": { "chats.read": [] } });
    let text = doc
        .to_string()
        .replace("{\"agent\":{", "{\"agent\":{\"chats.read\":[\"mine\"],");
    let err = Gate::from_json(&text).unwrap_err();
    assert_eq!(err.problems()[0].code(), ErrorCode::DuplicateKey, "{err}");
    assert_eq!(
        err.problems()[0].path(),
        "$.numbers[0].team_permissions.agent[\"chats.read\"]"
    );
}

#[test]
fn every_structural_problem_is_collected_at_once() {
    let mut doc = base();
    doc["roles"][1]["rank"] = json!("high");
    doc["roles"][1]["colour"] = json!("red");
    doc["actions"][0].as_object_mut().unwrap().remove("id");
    doc["plans"][0]["limits"] = json!({ "seats": -3 });
    let err = load(&doc).unwrap_err();
    let got = crate::common::codes_and_paths(&err);
    assert_eq!(
        got,
        vec![
            ("missing_field", "$.actions[0]"),
            ("unknown_field", "$.roles[1].colour"),
            ("invalid_type", "$.roles[1].rank"),
            ("invalid_type", "$.plans[0].limits.seats"),
        ]
    );
}

#[test]
fn unknown_preset() {
    let err = Gate::preset("team_inbox").unwrap_err();
    assert_eq!(err.problems()[0].code(), ErrorCode::UnknownPreset);
    assert_eq!(err.problems()[0].help(), Some("did you mean `team-inbox`?"));
}

#[test]
fn invalid_snapshot() {
    let good = Gate::preset("team-inbox").unwrap().snapshot();
    for (bytes, what) in [
        (b"{\"version\": 1}".to_vec(), "not a teamgate snapshot"),
        (
            [b"TGS".as_slice(), &[99]].concat(),
            "another format version",
        ),
        (good[..good.len() - 1].to_vec(), "checksum does not match"),
        ([good.as_slice(), &[0]].concat(), "checksum does not match"),
    ] {
        let err = Gate::from_snapshot(&bytes).unwrap_err();
        assert_eq!(err.problems()[0].code(), ErrorCode::InvalidSnapshot);
        assert!(err.problems()[0].message().contains(what), "{err}");
        assert!(err.problems()[0].help().unwrap().contains("snapshot()"));
    }
}

#[test]
fn every_problem_is_collected_at_once() {
    let mut doc = base();
    doc["plan"] = json!("gold");
    doc["roles"][1]["grants"] = json!(["chats.reed", "files.view:mine", "nothing.*"]);
    doc["roles"]
        .as_array_mut()
        .unwrap()
        .push(json!({ "id": "agent", "rank": 1 }));
    let err = load(&doc).unwrap_err();
    let codes: Vec<&str> = err.problems().iter().map(|p| p.code().as_str()).collect();
    for c in [
        "unknown_plan",
        "unknown_action",
        "scope_on_unscoped",
        "unknown_section",
        "duplicate_id",
    ] {
        assert!(codes.contains(&c), "{c} missing from {codes:?}");
    }
    // Displayed like a compiler: code, message, path, help.
    let text = err.to_string();
    assert!(text.contains("error[unknown_action]: unknown action `chats.reed`\n  --> $.roles[1].grants[0]\n  help: did you mean `chats.read`?"), "{text}");
}

#[test]
fn every_error_code_has_a_test_here() {
    let this_file = include_str!("errors.rs");
    for code in ErrorCode::ALL {
        let covered = this_file.contains(&format!("fn {}()", code.as_str()));
        assert!(covered, "no test named `{}`", code.as_str());
    }
}

#[test]
fn hostile_json_never_panics() {
    let deep = "[".repeat(100_000);
    for text in [
        "null",
        "[]",
        "42",
        "\"x\"",
        "{\"version\":1e400}",
        deep.as_str(),
        "{\"version\":1,\"id\":\"\u{202e}\"}",
    ] {
        assert!(Gate::from_json(text).is_err(), "{text:.20}");
    }
}

/// When several reasons apply, a denial gives the first in the order
/// docs/errors.md states: for a role, unknown number, role, action; a
/// scope where none belongs (or none where one is needed) before an
/// unknown scope; the plan before the role; the role's scopes before the
/// number's restrictions. For a member: unknown member, unknown number,
/// no role in the number, then the role's order.
#[test]
fn the_first_reason_that_applies_is_the_one_given() {
    let mut p = Gate::preset("team-inbox").unwrap().policy().clone();
    p.members = vec![teamgate::MemberDef {
        id: "ana".into(),
        name: None,
        roles: [("main".to_owned(), "agent".to_owned())]
            .into_iter()
            .collect(),
        grants: vec![],
    }];
    p.plan = Some("basic".into());
    let g = Gate::new(p).unwrap();
    let code = |e: teamgate::Explanation| e.code.as_str();
    let role = |n: Option<&str>, r, a, s| match n {
        Some(n) => code(g.explain_in(n, r, a, s)),
        None => code(g.explain(r, a, s)),
    };
    assert_eq!(
        role(Some("nowhere"), "agnet", "chats.raed", Some("x")),
        "unknown_number"
    );
    assert_eq!(role(None, "agnet", "chats.raed", Some("x")), "unknown_role");
    assert_eq!(
        role(None, "agent", "chats.raed", Some("x")),
        "unknown_action"
    );
    assert_eq!(
        role(None, "agent", "billing.payment", Some("x")),
        "scope_not_applicable"
    );
    assert_eq!(role(None, "agent", "chats.read", None), "scope_required");
    assert_eq!(
        role(None, "agent", "chats.read", Some("x")),
        "unknown_scope"
    );
    // `team.edit_permissions` needs a feature `basic` lacks: the plan, before the role.
    assert_eq!(
        role(None, "agent", "team.edit_permissions", None),
        "plan_lacks_feature"
    );
    assert_eq!(
        role(None, "owner", "team.edit_permissions", None),
        "plan_lacks_feature"
    );
    assert_eq!(
        role(None, "agent", "billing.payment", None),
        "role_lacks_action"
    );
    let member = |m, n, a, s| code(g.explain_member(m, n, a, s));
    assert_eq!(
        member("anna", "nowhere", "chats.raed", None),
        "unknown_member"
    );
    assert_eq!(
        member("ana", "nowhere", "chats.raed", None),
        "unknown_number"
    );
    let two = g.with_plan("premium").unwrap();
    let mut p = two.policy().clone();
    p.numbers.push(teamgate::NumberDef {
        id: "sales".into(),
        name: None,
        team_permissions: Default::default(),
    });
    let g = Gate::new(p).unwrap();
    assert_eq!(
        code(g.explain_member("ana", "sales", "chats.raed", None)),
        "not_in_number"
    );
    // The role's own scopes before the number's restrictions.
    let g = g
        .with_team_permission("admin", "main", "supervisor", "chats.read", &["mine"])
        .unwrap();
    assert_eq!(
        code(g.explain_in("main", "supervisor", "chats.read", Some("others"))),
        "restricted_in_number"
    );
    assert_eq!(
        code(g.explain_in("main", "agent", "developers.api_keys", None)),
        "role_lacks_action"
    );
}
