//! `teamgate`: check policy documents in CI, answer requests from a
//! document, preview a change, run policy tests, prove invariants, print
//! the JSON Schemas or a preset. A native tool: the workspace's wasm32
//! checks leave this crate out.

mod check;
mod decide;
mod diff;
mod policy;
mod test;
mod verify;

use std::process::ExitCode;

const USAGE: &str = "usage:
  teamgate check FILE...          validate policy documents (exit 1 on any problem)
  teamgate decide POLICY          answer requests read from stdin, one JSON array per line:
                                  [role, action, scope|null, number|null] -> `allowed code`
  teamgate diff OLD NEW [--json] [--usage LIMIT=N]...
                                  who gains and who loses what from OLD to NEW
                                  (exit 1 when anyone gains anything, 0 otherwise)
  teamgate test POLICY TESTS... [--junit FILE]
                                  run policy tests (exit 1 when any case fails)
  teamgate verify POLICY RULES [--json]
                                  prove invariants over every case (exit 1 when one is broken)
  teamgate schema [policy|tests|invariants]
                                  print a JSON Schema (default: the policy format)
  teamgate preset [NAME] [--tests]
                                  print a preset's document (or its policy tests), or list them

POLICY, OLD and NEW are a policy document's path or an embedded preset's name.
Exit code 2: a usage error or a file that cannot be read.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let rest = args.get(1..).unwrap_or_default();
    match args.first().map(String::as_str) {
        Some("check") if !rest.is_empty() => check::run(rest),
        Some("decide") if rest.len() == 1 => decide::run(rest),
        Some("diff") => diff::run(rest),
        Some("test") => test::run(rest),
        Some("verify") => verify::run(rest),
        Some("schema") => schema(rest.first().map(String::as_str)),
        Some("preset") => preset(rest),
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => usage(),
    }
}

/// The usage on stderr, exit code 2.
pub(crate) fn usage() -> ExitCode {
    eprintln!("{USAGE}");
    ExitCode::from(2)
}

fn schema(which: Option<&str>) -> ExitCode {
    match which {
        None | Some("policy") => println!("{}", teamgate::json_schema()),
        Some("tests") => println!("{}", teamgate::testing::json_schema()),
        Some("invariants") => println!("{}", teamgate::invariants::json_schema()),
        Some(_) => return usage(),
    }
    ExitCode::SUCCESS
}

fn preset(args: &[String]) -> ExitCode {
    let tests = args.iter().any(|a| a == "--tests");
    let names: Vec<&String> = args.iter().filter(|a| *a != "--tests").collect();
    match names.as_slice() {
        [] if !tests => {
            for name in teamgate::presets::names() {
                println!("{name}");
            }
            ExitCode::SUCCESS
        }
        [name] => {
            let text = if tests {
                teamgate::presets::tests(name)
            } else {
                teamgate::presets::source(name)
            };
            match text {
                Ok(src) => {
                    print!("{src}");
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("{e}");
                    ExitCode::from(2)
                }
            }
        }
        _ => usage(),
    }
}
