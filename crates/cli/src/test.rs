//! `teamgate test POLICY TESTS...`: policy tests, each failure with the
//! engine's explanation, a summary line, JUnit XML with `--junit FILE`.

use std::process::ExitCode;
use teamgate::testing::{run as run_tests, PolicyTests};

pub(crate) fn run(args: &[String]) -> ExitCode {
    let mut files = Vec::new();
    let mut junit = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "--junit" {
            let Some(path) = it.next() else {
                return crate::usage();
            };
            junit = Some(path.as_str());
        } else {
            files.push(a.as_str());
        }
    }
    let Some((policy, tests)) = files.split_first().filter(|(_, t)| !t.is_empty()) else {
        return crate::usage();
    };
    let Some(gate) = crate::policy::load(policy) else {
        return ExitCode::from(2);
    };
    let (mut passed, mut failed) = (0, 0);
    let mut xml = Vec::new();
    for file in tests {
        let Some(suite) = crate::policy::read_as(file, PolicyTests::from_json) else {
            return ExitCode::from(2);
        };
        let report = run_tests(&gate, &suite);
        for r in report.results.iter().filter(|r| !r.passed) {
            println!("FAIL {file}: {}", r.name);
            println!("  {}", r.failure.as_deref().unwrap_or_default());
            if let Some(h) = &r.actual.hint {
                println!("  hint: {h}");
            }
        }
        passed += report.passed;
        failed += report.failed;
        xml.push(report.to_junit(file));
    }
    println!(
        "{} case{}: {passed} passed, {failed} failed",
        passed + failed,
        if passed + failed == 1 { "" } else { "s" }
    );
    if let Some(path) = junit {
        // One report per file; a single file's is written as it is.
        let text = if let [one] = xml.as_slice() {
            one.clone()
        } else {
            merge_junit(&xml)
        };
        if let Err(e) = std::fs::write(path, text) {
            eprintln!("error[io]: cannot write `{path}`: {e}");
            return ExitCode::from(2);
        }
    }
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// Several files' reports as one document: their `<testsuite>` elements
/// under one `<testsuites>`.
fn merge_junit(reports: &[String]) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n");
    for r in reports {
        let start = r.find("  <testsuite ").unwrap_or(0);
        let end = r.rfind("</testsuites>").unwrap_or(r.len());
        out.push_str(r.get(start..end).unwrap_or_default());
    }
    out.push_str("</testsuites>\n");
    out
}
