//! `teamgate`: check policy documents in CI, answer requests from a
//! document, print the JSON Schema or a preset. A native tool: the
//! workspace's wasm32 checks leave this crate out.

use std::process::ExitCode;

const USAGE: &str = "usage:
  teamgate check FILE...     validate policy documents (exit 1 on any problem)
  teamgate decide FILE       answer requests read from stdin, one JSON array per line:
                             [role, action, scope|null, number|null] -> `allowed code`
  teamgate schema            print the JSON Schema of the policy format
  teamgate preset [NAME]     print a preset's document (default: team-inbox), or list them";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("check") if args.len() > 1 => check(args.get(1..).unwrap_or_default()),
        Some("decide") if args.len() == 2 => {
            decide(args.get(1).map(String::as_str).unwrap_or_default())
        }
        Some("schema") => {
            println!("{}", teamgate::json_schema());
            ExitCode::SUCCESS
        }
        Some("preset") => match args.get(1) {
            None => {
                for name in teamgate::presets::names() {
                    println!("{name}");
                }
                ExitCode::SUCCESS
            }
            Some(name) => match teamgate::presets::source(name) {
                Ok(src) => {
                    print!("{src}");
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("{e}");
                    ExitCode::from(2)
                }
            },
        },
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn check(files: &[String]) -> ExitCode {
    let mut failed = 0usize;
    for file in files {
        let text = match std::fs::read_to_string(file) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("error[io]: cannot read `{file}`: {e}");
                failed += 1;
                continue;
            }
        };
        match teamgate::Gate::from_json(&text) {
            Ok(gate) => {
                for w in gate.team_warnings() {
                    eprintln!("warning[{}]: {}\n  --> {file}", w.code, w.message);
                }
                println!("{file}: ok");
            }
            Err(err) => {
                failed += 1;
                for p in err.problems() {
                    eprintln!(
                        "error[{}]: {}\n  --> {file}: {}",
                        p.code(),
                        p.message(),
                        p.path()
                    );
                    if let Some(h) = p.help() {
                        eprintln!("  help: {h}");
                    }
                }
                eprintln!(
                    "{file}: {} problem{}",
                    err.problems().len(),
                    if err.problems().len() == 1 { "" } else { "s" }
                );
            }
        }
    }
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// One decision per input line: `1 granted_by_role` or `0 role_lacks_action`.
fn decide(file: &str) -> ExitCode {
    use std::io::{BufRead, Write};
    let gate = match std::fs::read_to_string(file)
        .map_err(|e| e.to_string())
        .and_then(|t| teamgate::Gate::from_json(&t).map_err(|e| e.to_string()))
    {
        Ok(g) => g,
        Err(e) => {
            eprintln!("{file}: {e}");
            return ExitCode::FAILURE;
        }
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
