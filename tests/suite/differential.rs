//! The document reader (which reports every problem with its path) and the
//! crate's serde types accept exactly the same documents and read them the
//! same: a Rust server that reads a policy file with
//! `serde_json::from_str::<Policy>` and the engine never disagree on what a
//! document says. (`Policy`'s and `RoleDef`'s serde `Deserialize` go through
//! the reader, so this holds by construction; the test keeps it so, on
//! thousands of altered presets, through serde_json's own entry point.)

use serde_json::Value;
use teamgate::Policy;

/// What each reads of `text`: `Some(policy)` or `None` for refused.
fn both(text: &str) -> (Option<Policy>, Option<Policy>) {
    let ours = Policy::from_json(text).ok();
    let serde = serde_json::from_str::<Policy>(text).ok();
    (ours, serde)
}

/// Every node of `v` with a way to put something else in its place.
fn paths(v: &Value, at: Vec<String>, out: &mut Vec<Vec<String>>) {
    out.push(at.clone());
    match v {
        Value::Array(a) => {
            (0..a.len()).for_each(|i| paths(&a[i], [at.clone(), vec![i.to_string()]].concat(), out))
        }
        Value::Object(o) => o
            .iter()
            .for_each(|(k, x)| paths(x, [at.clone(), vec![k.clone()]].concat(), out)),
        _ => {}
    }
}

fn node<'a>(v: &'a mut Value, at: &[String]) -> &'a mut Value {
    at.iter().fold(v, |v, k| match v {
        Value::Array(a) => &mut a[k.parse::<usize>().unwrap()],
        Value::Object(o) => o.get_mut(k).unwrap(),
        _ => unreachable!(),
    })
}

const HOLE: &str = "\u{1}hole";

/// Raw JSON put in place of every node of every preset, one at a time:
/// whole numbers, the number forms serde refuses as integers, `null`, and
/// the other types.
const REPLACEMENTS: &[&str] = &[
    "null",
    "1",
    "0",
    "-1",
    "1.0",
    "1e2",
    "10000e-2",
    "-0",
    "1e-400",
    "4294967296",
    "\"unlimited\"",
    "\"x\"",
    "true",
    "[]",
    "{}",
];

#[test]
fn the_reader_accepts_exactly_what_serde_accepts() {
    let (mut agree, mut refused) = (0, 0);
    for (name, src) in teamgate::presets::ALL {
        let doc: Value = serde_json::from_str(src).unwrap();
        let mut all = Vec::new();
        paths(&doc, Vec::new(), &mut all);
        for at in all.iter().skip(1) {
            let mut d = doc.clone();
            *node(&mut d, at) = Value::String(HOLE.into());
            let template = serde_json::to_string(&d).unwrap();
            let hole = serde_json::to_string(HOLE).unwrap();
            for r in REPLACEMENTS {
                let text = template.replacen(&hole, r, 1);
                let (ours, serde) = both(&text);
                assert_eq!(ours, serde, "{name}: {} = {r}", at.join("."));
                if ours.is_some() {
                    agree += 1;
                } else {
                    refused += 1;
                }
            }
        }
    }
    println!("{agree} documents read alike, {refused} refused by both");
    assert!(agree > 500 && refused > 5000);
}

/// The cases a review found read differently before the reader and the
/// derive were made to agree.
#[test]
fn the_cases_of_the_review() {
    let base = teamgate::presets::source("team-inbox").unwrap();
    for (from, to) in [
        ("\"version\": 1", "\"version\": 1.0"),
        ("\"rank\": 1", "\"rank\": 1e2"),
        ("\"rank\": 1", "\"rank\": 10000e-2"),
        ("\"rank\": 1", "\"rank\": -0"),
        ("\"rank\": 1", "\"rank\": 1e-400"),
        ("\"rank\": 1", "\"rank\": 1e400"),
        ("\"owner\": true", "\"owner\": null"),
        ("\"numbers\": [", "\"numbers\": null, \"x\": ["),
        (
            "\"seats\": \"unlimited\"",
            "\"seats\": \"unlimited\", \"seats\": 1",
        ),
    ] {
        assert!(base.contains(from), "{from}");
        let text = base.replacen(from, to, 1);
        let (ours, serde) = both(&text);
        assert!(
            ours.is_none() && serde.is_none(),
            "{to}: ours {}, serde {}",
            ours.is_some(),
            serde.is_some()
        );
    }
    // `null` where the Rust type is an Option: absent, for both.
    let text = base.replacen(
        "\"description\": \"Files",
        "\"feature\": null, \"description\": \"Files",
        1,
    );
    let (ours, serde) = both(&text);
    assert!(ours.is_some() && ours == serde);
}
