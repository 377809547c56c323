//! `teamgate decide POLICY`: one decision per request line on stdin.

use std::io::{BufRead, Write};
use std::process::ExitCode;

/// One decision per input line: `1 granted_by_role` or `0 role_lacks_action`.
pub(crate) fn run(args: &[String]) -> ExitCode {
    let Some(gate) = args.first().and_then(|a| crate::policy::load(a)) else {
        return ExitCode::FAILURE;
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for (i, line) in std::io::stdin().lock().lines().enumerate() {
        let Ok(line) = line else { break };
        if line.trim().is_empty() {
            continue;
        }
        let req: Result<(String, String, Option<String>, Option<String>), _> =
            serde_json::from_str(&line);
        let Ok((role, action, scope, number)) = req else {
            eprintln!(
                "line {}: expected [role, action, scope|null, number|null]",
                i + 1
            );
            return ExitCode::from(2);
        };
        let e = match &number {
            Some(n) => gate.explain_in(n, &role, &action, scope.as_deref()),
            None => gate.explain(&role, &action, scope.as_deref()),
        };
        if writeln!(out, "{} {}", u8::from(e.allowed), e.code).is_err() {
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}
