//! `Json`, the tree serde_json parses documents into, and its writer: any
//! JSON text serde_json writes parses to the same tree, our text reads back
//! the same, malformed text is refused with its line and column, and the
//! documented limits hold exactly.

use proptest::prelude::*;
use serde_json::Value;
use teamgate::{ErrorCode, Json};

fn arb_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| Value::from(n >> 11)), // exact in f64
        (-1e6f64..1e6).prop_map(|f| Value::from((f * 1000.0).round() / 1000.0)),
        any::<String>().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            prop::collection::vec((any::<String>(), inner), 0..8)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

fn same(ours: &Json, theirs: &Value) -> bool {
    match (ours, theirs) {
        (Json::Null, Value::Null) => true,
        (Json::Bool(a), Value::Bool(b)) => a == b,
        (Json::Number(a) | Json::Float(a), Value::Number(b)) => {
            let b = b.as_f64().unwrap();
            a == &b || ((a - b) / b).abs() < 1e-12
        }
        (Json::String(a), Value::String(b)) => a == b,
        (Json::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y))
        }
        (Json::Object(a), Value::Object(b)) => {
            a.len() == b.len()
                && a.iter()
                    .all(|(k, v)| b.get(k.as_ref()).is_some_and(|w| same(v, w)))
        }
        _ => false,
    }
}

proptest! {
    #[test]
    fn reads_what_serde_json_writes(v in arb_value()) {
        for text in [serde_json::to_string(&v).unwrap(), serde_json::to_string_pretty(&v).unwrap()] {
            let ours = Json::parse(&text).unwrap();
            prop_assert!(same(&ours, &v), "{text}");
            for back in [ours.to_text(), ours.to_compact_text()] {
                let theirs: Value = serde_json::from_str(&back).unwrap();
                prop_assert!(same(&ours, &theirs), "{back}");
            }
        }
    }

    #[test]
    fn refuses_what_serde_json_refuses(text in "[\\[\\]{}\",:0-9a-z\\\\. -]{0,24}") {
        let theirs = serde_json::from_str::<Value>(&text);
        let ours = Json::parse(&text);
        prop_assert_eq!(ours.is_ok(), theirs.is_ok(), "{}", text);
    }
}

#[test]
fn escapes_numbers_and_positions() {
    let j = Json::parse(
        r#"{"a\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00": [-0, 1e3, 2.5E-1, 12345678901234567890]}"#,
    )
    .unwrap();
    let Json::Object(o) = &j else { panic!() };
    assert_eq!(o[0].0, "a\"\\/\u{8}\u{c}\n\r\té😀");
    let Json::Array(n) = &o[0].1 else { panic!() };
    let n: Vec<f64> = n
        .iter()
        .map(|x| {
            if let Json::Number(f) | Json::Float(f) = x {
                *f
            } else {
                f64::NAN
            }
        })
        .collect();
    assert_eq!(&n[..3], &[0.0, 1000.0, 0.25]);
    assert!((n[3] / 1.2345678901234567e19 - 1.0).abs() < 1e-12);
    assert_eq!(
        j.to_compact_text(),
        r#"{"a\"\\/\b\f\n\r\té😀":[-0.0,1000.0,0.25,1.2345678901234567e+19]}"#
    );

    let err = Json::parse("{\n  \"a\": [1,\n  2,,]\n}").unwrap_err();
    let p = &err.problems()[0];
    assert_eq!(p.code(), ErrorCode::JsonSyntax);
    assert!(p.message().contains("line 3 column 5"), "{}", p.message());
    for bad in [
        "01",
        "1.",
        "-",
        "\"\\ud800\"",
        "\"\u{1}\"",
        "[1]x",
        "{\"a\" 1}",
        "tru",
        "nul",
    ] {
        assert_eq!(
            Json::parse(bad).unwrap_err().problems()[0].code(),
            ErrorCode::JsonSyntax,
            "{bad}"
        );
    }
    assert_eq!(
        Json::parse(&"[".repeat(40)).unwrap_err().problems()[0].code(),
        ErrorCode::TooLarge
    );
}

/// Whole numbers and the rest: what serde's derive takes as an integer is a
/// [`Json::Number`]; `-0`, fractions and exponents are [`Json::Float`].
#[test]
fn numbers_keep_how_they_were_written() {
    for (text, whole) in [
        ("0", true),
        ("-1", true),
        ("18446744073709551615", true),
        ("1.0", false),
        ("1e2", false),
        ("10000e-2", false),
        ("-0", false),
        ("1e-400", false),
    ] {
        let j = Json::parse(text).unwrap();
        assert_eq!(matches!(j, Json::Number(_)), whole, "{text}");
        assert_eq!(matches!(j, Json::Float(_)), !whole, "{text}");
    }
    // Out of f64's range: refused, as serde_json refuses it.
    assert_eq!(
        Json::parse("1e400").unwrap_err().problems()[0].code(),
        ErrorCode::JsonSyntax
    );
}

/// [`teamgate::MAX_DEPTH`] levels of nesting are read; one more is `too_large`.
#[test]
fn the_nesting_limit_is_exactly_the_documented_one() {
    let nest = |n: usize| "[".repeat(n) + &"]".repeat(n);
    assert!(Json::parse(&nest(teamgate::MAX_DEPTH)).is_ok());
    let err = Json::parse(&nest(teamgate::MAX_DEPTH + 1)).unwrap_err();
    assert_eq!(err.problems()[0].code(), ErrorCode::TooLarge);
    let objects = |n: usize| "{\"a\":".repeat(n) + "1" + &"}".repeat(n);
    assert!(Json::parse(&objects(teamgate::MAX_DEPTH)).is_ok());
    assert!(Json::parse(&objects(teamgate::MAX_DEPTH + 1)).is_err());
}
