//! `teamgate check FILE...`: every problem of every document, like a compiler.

use crate::policy::{print_problems, read};
use std::process::ExitCode;

pub(crate) fn run(files: &[String]) -> ExitCode {
    let mut failed = 0usize;
    for file in files {
        let Some(text) = read(file) else {
            failed += 1;
            continue;
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
                print_problems(file, &err);
            }
        }
    }
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
