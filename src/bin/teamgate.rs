//! `teamgate`: check policy documents in CI, print the JSON Schema or a preset.

#[cfg(target_arch = "wasm32")]
fn main() {} // a command-line tool: nothing to do in wasm

#[cfg(not(target_arch = "wasm32"))]
use std::process::ExitCode;

#[cfg(not(target_arch = "wasm32"))]
const USAGE: &str = "usage:
  teamgate check FILE...     validate policy documents (exit 1 on any problem)
  teamgate schema            print the JSON Schema of the policy format
  teamgate preset [NAME]     print a preset's document (default: team-inbox), or list them";

#[cfg(not(target_arch = "wasm32"))]
fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("check") if args.len() > 1 => check(args.get(1..).unwrap_or_default()),
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

#[cfg(not(target_arch = "wasm32"))]
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
