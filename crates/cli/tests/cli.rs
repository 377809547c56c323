//! `teamgate check` prints problems like a compiler and exits non-zero.

use std::process::Command;

/// Runs the command: its exit code, stdout and stderr (a code of -1: no
/// exit code, or the command did not start, its error in stderr).
fn teamgate(args: &[&str]) -> (i32, String, String) {
    match Command::new(env!("CARGO_BIN_EXE_teamgate"))
        .args(args)
        .output()
    {
        Ok(out) => (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        ),
        Err(e) => (-1, String::new(), e.to_string()),
    }
}

#[test]
fn check_accepts_the_presets() {
    let dir = env!("CARGO_MANIFEST_DIR");
    let files: Vec<String> = ["team-inbox", "helpdesk"]
        .iter()
        .map(|p| format!("{dir}/../../presets/{p}.json"))
        .collect();
    let (code, out, _) = teamgate(&["check", &files[0], &files[1]]);
    assert_eq!(code, 0);
    assert!(out.contains("team-inbox.json: ok"), "{out}");
}

#[test]
fn check_reports_every_problem_and_fails() {
    let path = std::env::temp_dir().join(format!("teamgate-cli-{}.json", std::process::id()));
    let doc = teamgate::presets::source("team-inbox")
        .unwrap()
        .replace("\"inherits\": \"agent\"", "\"inherits\": \"agnet\"")
        .replace("\"plan\": \"premium\"", "\"plan\": \"gold\"");
    std::fs::write(&path, doc).unwrap();
    let (code, _, err) = teamgate(&["check", path.to_str().unwrap()]);
    std::fs::remove_file(&path).ok();
    assert_eq!(code, 1);
    assert!(
        err.contains("error[unknown_role]: unknown role `agnet`"),
        "{err}"
    );
    assert!(err.contains("$.roles[2].inherits"), "{err}");
    assert!(err.contains("help: did you mean `agent`?"), "{err}");
    assert!(err.contains("error[unknown_plan]"), "{err}");
    assert!(err.contains("2 problems"), "{err}");
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(teamgate(&[]).0, 2);
    assert_eq!(teamgate(&["preset", "nope"]).0, 2);
    let (code, out, _) = teamgate(&["preset"]);
    assert_eq!(code, 0);
    assert!(out.contains("owner-admin-agent"));
}

/// A path in the repository.
fn repo(path: &str) -> String {
    format!("{}/../../{path}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn diff_says_who_gains_and_loses_and_exits_1_when_anyone_gains() {
    let restricted = repo("examples/policy-review/restricted.json");
    let (code, out, err) = teamgate(&["diff", "team-inbox", &restricted]);
    assert_eq!(code, 1, "{err}");
    assert!(
        out.contains("Bea (Agent) on Main number joins with 10 actions"),
        "{out}"
    );
    assert!(
        out.contains(
            "Agent on Main number loses “Delete chats” for unassigned chats and others' chats"
        ),
        "{out}"
    );
    // Back again: members leave and agents gain, so still exit 1; no change: exit 0.
    let (code, out, _) = teamgate(&["diff", &restricted, "team-inbox"]);
    assert_eq!(code, 1);
    assert!(
        out.contains("Bea (Agent) on Main number leaves losing 10 actions"),
        "{out}"
    );
    let (code, out, _) = teamgate(&["diff", &restricted, &restricted]);
    assert_eq!(
        (code, out.trim()),
        (0, "no change: every decision is the same")
    );
    // A restriction alone grants nothing: exit 0, and JSON for machines.
    let path = std::env::temp_dir().join(format!("teamgate-cli-diff-{}.json", std::process::id()));
    let tighter = std::fs::read_to_string(&restricted).unwrap().replace(
        "\"chats.delete\": [\n            \"mine\"\n          ]",
        "\"chats.delete\": []",
    );
    assert_ne!(tighter, std::fs::read_to_string(&restricted).unwrap());
    std::fs::write(&path, tighter).unwrap();
    let (code, out, err) = teamgate(&["diff", &restricted, path.to_str().unwrap(), "--json"]);
    std::fs::remove_file(&path).ok();
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["members"][0]["member"], "bea");
    assert_eq!(v["members"][0]["code"], "loses");
    assert_eq!(v["members"][0]["scopes"], serde_json::json!(["mine"]));
    // A downgrade with usage: features off, limits over.
    let basic =
        std::env::temp_dir().join(format!("teamgate-cli-basic-{}.json", std::process::id()));
    std::fs::write(
        &basic,
        std::fs::read_to_string(&restricted)
            .unwrap()
            .replace("\"plan\": \"premium\"", "\"plan\": \"basic\""),
    )
    .unwrap();
    let (_, out, _) = teamgate(&[
        "diff",
        &restricted,
        basic.to_str().unwrap(),
        "--usage",
        "seats=5",
    ]);
    std::fs::remove_file(&basic).ok();
    assert!(
        out.contains("plan feature `team_permissions` switches off"),
        "{out}"
    );
    assert!(
        out.contains("plan `basic` allows 3 `seats`, 5 used"),
        "{out}"
    );
    assert_eq!(teamgate(&["diff", "team-inbox"]).0, 2);
    assert_eq!(
        teamgate(&["diff", "team-inbox", "helpdesk", "--usage", "seats"]).0,
        2
    );
}

#[test]
fn test_runs_policy_tests_prints_failures_and_writes_junit() {
    let restricted = repo("examples/policy-review/restricted.json");
    let tests = repo("examples/policy-review/inbox.tests.json");
    let (code, out, err) = teamgate(&["test", &restricted, &tests]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(out.trim(), "6 cases: 6 passed, 0 failed");
    // The same cases against the unrestricted preset: Bea is unknown there,
    // agents read others' chats. Each failure with the engine's words.
    let junit = std::env::temp_dir().join(format!("teamgate-cli-{}.xml", std::process::id()));
    let (code, out, _) = teamgate(&[
        "test",
        "team-inbox",
        &tests,
        "--junit",
        junit.to_str().unwrap(),
    ]);
    let xml = std::fs::read_to_string(&junit).unwrap();
    std::fs::remove_file(&junit).ok();
    assert_eq!(code, 1);
    assert!(out.contains("FAIL"), "{out}");
    assert!(
        out.contains("the case names something the policy does not have: unknown member `bea`"),
        "{out}"
    );
    assert!(out.contains("6 cases: 4 passed, 2 failed"), "{out}");
    assert!(xml.contains("tests=\"6\" failures=\"2\""), "{xml}");
    // Every preset passes the tests it ships with.
    for preset in [
        "team-inbox",
        "owner-admin-agent",
        "helpdesk",
        "custom-roles",
    ] {
        let (code, out, _) = teamgate(&[
            "test",
            preset,
            &repo(&format!("presets/{preset}.tests.json")),
        ]);
        assert_eq!(code, 0, "{preset}: {out}");
    }
    let (code, out, _) = teamgate(&["preset", "helpdesk", "--tests"]);
    assert_eq!(code, 0);
    assert!(out.contains("\"preset\": \"helpdesk\""));
    // A broken test file: its problems, exit 2.
    let bad = std::env::temp_dir().join(format!("teamgate-cli-bad-{}.json", std::process::id()));
    std::fs::write(&bad, r#"{ "cases": [ { "name": "x", "role": "agent", "action": "files.view", "expct": "allow" } ] }"#).unwrap();
    let (code, _, err) = teamgate(&["test", "team-inbox", bad.to_str().unwrap()]);
    std::fs::remove_file(&bad).ok();
    assert_eq!(code, 2);
    assert!(
        err.contains("error[unknown_field]") && err.contains("$.cases[0]"),
        "{err}"
    );
}

#[test]
fn verify_proves_rules_or_prints_the_counterexample() {
    let restricted = repo("examples/policy-review/restricted.json");
    let rules = repo("examples/policy-review/rules.json");
    let (code, out, _) = teamgate(&["verify", &restricted, &rules]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("ok   nobody may grant what they lack: holds in all 1,512 cases"),
        "{out}"
    );
    assert!(out.contains("5 rules: 5 hold, 0 broken"), "{out}");
    // The preset does not restrict agents: that rule is broken, with the case.
    let (code, out, _) = teamgate(&["verify", "team-inbox", &rules]);
    assert_eq!(code, 1);
    assert!(out.contains("FAIL agents never read others' chats on main: broken in 1 of 1 cases, first: role `agent` in number `main` on plan `premium`: allowed `chats.read` (others) (granted_by_role)"), "{out}");
    let (_, out, _) = teamgate(&["verify", "team-inbox", &rules, "--json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v[3]["counterexample"]["scope"], "others");
    assert_eq!(teamgate(&["schema", "invariants"]).0, 0);
    assert_eq!(teamgate(&["schema", "nope"]).0, 2);
}

/// The ```console blocks of a markdown file: each `$ ` command with the
/// lines it prints.
fn console_examples(markdown: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = markdown;
    while let Some(start) = rest.find("```console\n") {
        let body = rest.get(start + 11..).unwrap_or_default();
        let Some(end) = body.find("```") else { break };
        let mut current: Option<(String, Vec<&str>)> = None;
        for line in body.get(..end).unwrap_or_default().lines() {
            if let Some(cmd) = line.strip_prefix("$ ") {
                out.extend(current.take().map(|(c, l)| (c, l.join("\n"))));
                current = Some((cmd.to_owned(), Vec::new()));
            } else if let Some((_, lines)) = current.as_mut() {
                lines.push(line);
            }
        }
        out.extend(current.take().map(|(c, l)| (c, l.join("\n"))));
        rest = body.get(end + 3..).unwrap_or_default();
    }
    out
}

#[test]
fn the_command_examples_of_the_readme_and_docs_print_what_they_show() {
    let root = repo("");
    let mut ran = 0;
    for file in ["README.md", "docs/review.md"] {
        let text = std::fs::read_to_string(repo(file)).unwrap();
        for (cmd, want) in console_examples(&text) {
            let args = cmd
                .strip_prefix("cargo run -q -p teamgate-cli -- ")
                .or_else(|| cmd.strip_prefix("teamgate "))
                .unwrap_or_else(|| panic!("{file}: not a teamgate command: {cmd}"));
            let (args, grep) = match args.split_once(" | grep ") {
                Some((a, g)) => (a, Some(g)),
                None => (args, None),
            };
            let out = Command::new(env!("CARGO_BIN_EXE_teamgate"))
                .args(args.split_whitespace())
                .current_dir(&root)
                .output()
                .unwrap();
            let stdout = String::from_utf8(out.stdout).unwrap();
            let got: Vec<&str> = stdout
                .lines()
                .filter(|l| grep.is_none_or(|g| l.contains(g)))
                .collect();
            assert_eq!(
                got.join("\n").trim_end(),
                want.trim_end(),
                "{file}: $ {cmd}"
            );
            ran += 1;
        }
    }
    assert!(ran >= 8, "{ran} examples");
}
