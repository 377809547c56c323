//! `teamgate::testing`: a policy test fails when the engine answers
//! otherwise, when it names something the policy lacks (a typo never
//! passes), and a bad test file is refused with the case's path.

use teamgate::testing::{run, PolicyTests};
use teamgate::Gate;

fn report(cases: &str) -> teamgate::testing::TestReport {
    let tests = PolicyTests::from_json(&format!(r#"{{ "cases": [{cases}] }}"#)).unwrap();
    run(&Gate::preset("team-inbox").unwrap(), &tests)
}

#[test]
fn a_wrong_expectation_fails_with_the_engines_explanation() {
    let r = report(
        r#"{ "name": "agents may pay", "role": "agent", "action": "billing.payment", "expect": "allow" }"#,
    );
    assert_eq!((r.passed, r.failed), (0, 1));
    let why = r.results[0].failure.as_deref().unwrap();
    assert_eq!(
        why,
        "expected allow, got deny (role_lacks_action): role `agent` lacks `billing.payment`"
    );
    // A wrong reason fails too, with what the engine said.
    let r = report(
        r#"{ "name": "x", "role": "agent", "action": "billing.payment", "expect": "deny", "reason": "plan_lacks_feature" }"#,
    );
    assert!(r.results[0]
        .failure
        .as_deref()
        .unwrap()
        .starts_with("expected deny (plan_lacks_feature), got deny (role_lacks_action)"));
}

#[test]
fn d4_a_misspelt_case_never_passes() {
    let r = report(
        r#"{ "name": "agents never pay", "role": "agnet", "action": "billing.payment", "expect": "deny" }"#,
    );
    assert!(!r.ok());
    let why = r.results[0].failure.as_deref().unwrap();
    assert!(
        why.contains("unknown role `agnet`") && why.contains("did you mean `agent`?"),
        "{why}"
    );
    // ...unless the unknown id is what the case is about.
    let r = report(
        r#"{ "name": "unknown roles are denied", "role": "agnet", "action": "billing.payment", "expect": "deny", "reason": "unknown_role" }"#,
    );
    assert!(r.ok());
}

#[test]
fn cases_run_on_their_plan_and_check_limits_and_upgrades() {
    let r = report(
        r#"{ "name": "team permissions need Premium", "plan": "basic", "role": "admin", "action": "team.edit_permissions", "expect": "deny", "reason": "plan_lacks_feature", "upgrade_to": "premium" },
           { "name": "one custom role on Pro", "plan": "pro", "limit": "custom_roles", "used": 0, "expect": "allow" },
           { "name": "no second one", "plan": "pro", "limit": "custom_roles", "used": 1, "expect": "deny", "reason": "limit_reached", "upgrade_to": "premium" },
           { "name": "members need a role in the number", "member": "nobody", "number": "main", "action": "chats.read", "scope": "mine", "expect": "deny", "reason": "unknown_member" },
           { "name": "supervisors edit agents", "editor": "supervisor", "edits": "agent", "expect": "allow" },
           { "name": "supervisors do not assign admins", "editor": "supervisor", "assigns": "admin", "expect": "deny", "reason": "not_subordinate" }"#,
    );
    let failures: Vec<_> = r.results.iter().filter_map(|c| c.failure.clone()).collect();
    assert!(r.ok(), "{failures:?}");
    assert_eq!(r.passed, 6);
    let r = report(
        r#"{ "name": "x", "plan": "gold", "role": "admin", "action": "files.view", "expect": "allow" }"#,
    );
    assert!(
        r.results[0]
            .failure
            .as_deref()
            .unwrap()
            .contains("unknown plan `gold`"),
        "{:?}",
        r.results[0]
    );
}

#[test]
fn bad_test_files_are_refused_with_the_path_of_each_bad_case() {
    let err = PolicyTests::from_json(
        r#"{ "cases": [
            { "name": "ok", "role": "agent", "action": "files.view", "expect": "allow" },
            { "name": "typo", "role": "agent", "action": "files.view", "expct": "allow" },
            { "name": "two questions", "role": "agent", "limit": "seats", "used": 1, "expect": "deny" },
            { "name": "no answer", "role": "agent", "action": "files.view", "expect": "maybe" }
        ] }"#,
    )
    .unwrap_err();
    let got = crate::common::codes_and_paths(&err);
    assert_eq!(
        got,
        [
            ("unknown_field", "$.cases[1].expct"),
            ("missing_field", "$.cases[1]"),
            ("missing_field", "$.cases[2]"),
            ("invalid_type", "$.cases[3].expect"),
        ]
    );
    assert_eq!(err.problems()[0].message(), "unknown field `expct`");
    assert_eq!(err.problems()[0].help(), Some("did you mean `expect`?"));
    assert_eq!(
        err.problems()[3].message(),
        "expected \"allow\" or \"deny\", found a string"
    );
    let err = PolicyTests::from_json("{ \"cases\": [ }").unwrap_err();
    assert_eq!(err.problems()[0].code().as_str(), "json_syntax");
    // As for policy documents: at `$`, serde_json's words with the line and column.
    assert_eq!(err.problems()[0].path(), "$");
    assert!(
        err.problems()[0].message().contains("line 1 column 14"),
        "{}",
        err.problems()[0].message()
    );
    assert_eq!(
        PolicyTests::from_json("[]").unwrap_err().problems()[0]
            .code()
            .as_str(),
        "invalid_type"
    );
}

#[test]
fn reports_as_junit_xml_escape_what_they_quote() {
    let r = report(
        r#"{ "name": "a <b> & \"c\"", "role": "agent", "action": "billing.payment", "expect": "allow" }, { "name": "fine", "role": "agent", "action": "files.view", "expect": "allow" }"#,
    );
    let xml = r.to_junit("team-inbox");
    assert!(
        xml.contains(r#"<testsuite name="team-inbox" tests="2" failures="1">"#),
        "{xml}"
    );
    assert!(
        xml.contains(r#"<testcase name="a &lt;b&gt; &amp; &quot;c&quot;" classname="team-inbox">"#),
        "{xml}"
    );
    assert!(xml.contains(r#"<failure message="expected allow, got deny (role_lacks_action): role `agent` lacks `billing.payment`">"#), "{xml}");
    assert!(xml.contains(r#"<testcase name="fine" classname="team-inbox"/>"#));
}
