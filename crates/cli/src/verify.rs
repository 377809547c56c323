//! `teamgate verify POLICY RULES`: each invariant proved over every case,
//! or its first counterexample.

use std::process::ExitCode;
use teamgate::invariants::{verify, Invariants};

pub(crate) fn run(args: &[String]) -> ExitCode {
    let json = args.iter().any(|a| a == "--json");
    let files: Vec<&String> = args.iter().filter(|a| *a != "--json").collect();
    let [policy, rules] = files.as_slice() else {
        return crate::usage();
    };
    let Some(gate) = crate::policy::load(policy) else {
        return ExitCode::from(2);
    };
    let Some(rules) = crate::policy::read_as(rules, Invariants::from_json) else {
        return ExitCode::from(2);
    };
    let results = verify(&gate, &rules);
    if json {
        if !crate::policy::print_json(&results) {
            return ExitCode::from(2);
        }
    } else {
        for r in &results {
            println!(
                "{} {}: {}",
                if r.holds { "ok  " } else { "FAIL" },
                r.name,
                r.message
            );
            if let Some(c) = &r.counterexample {
                println!("     the engine: {} ({})", c.explanation, c.code);
            }
        }
        let broken = results.iter().filter(|r| !r.holds).count();
        println!(
            "{} rules: {} hold, {broken} broken",
            results.len(),
            results.len() - broken
        );
    }
    if results.iter().all(|r| r.holds) {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
