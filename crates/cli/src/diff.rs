//! `teamgate diff OLD NEW`: the change preview of going from one policy to
//! another, for a reviewer (text) or CI (`--json`; exit 1 when anyone gains).

use std::process::ExitCode;

pub(crate) fn run(args: &[String]) -> ExitCode {
    let mut files = Vec::new();
    let mut usage: Vec<(String, u32)> = Vec::new();
    let mut json = false;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--json" => json = true,
            "--usage" => {
                let parsed = it.next().and_then(|u| {
                    let (limit, n) = u.split_once('=')?;
                    Some((limit.to_owned(), n.parse().ok()?))
                });
                match parsed {
                    Some(u) => usage.push(u),
                    None => {
                        eprintln!("--usage takes LIMIT=N, e.g. --usage seats=5");
                        return ExitCode::from(2);
                    }
                }
            }
            _ => files.push(a.as_str()),
        }
    }
    let [old, new] = files.as_slice() else {
        return crate::usage();
    };
    let (Some(before), Some(after)) = (crate::policy::load(old), crate::policy::load(new)) else {
        return ExitCode::from(2);
    };
    let usage: Vec<(&str, u32)> = usage.iter().map(|(l, n)| (l.as_str(), *n)).collect();
    let effect = before.effect_of(&after, &usage);
    if json {
        if !crate::policy::print_json(&effect) {
            return ExitCode::from(2);
        }
    } else if effect.is_empty() {
        println!("no change: every decision is the same");
    } else {
        for line in effect.summary() {
            println!("{line}");
        }
        let count = |code| {
            effect
                .members
                .iter()
                .chain(&effect.roles)
                .filter(|c| c.code == code)
                .count()
        };
        println!(
            "\n{} gained, {} lost",
            count(teamgate::ChangeCode::Gains),
            count(teamgate::ChangeCode::Loses)
        );
    }
    if effect.grants_access() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
