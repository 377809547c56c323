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
