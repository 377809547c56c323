//! The wasm of the npm entry `teamgate/review`: what a change does
//! (`Gate::effect_of`), policy tests (`teamgate::testing`) and invariants
//! (`teamgate::invariants`). Its own module, so that the pages and
//! functions that never review a change do not download it: gates cross
//! over as snapshot bytes (`gate.snapshot()`). `js/src/review.js` wraps it.
//!
//! (It does not link `teamgate-wasm-gate`, whose exports would come with it;
//! its two helpers below are that crate's `js` and `thrown`.)

use serde::Serialize;
use teamgate::{Effect, Gate, PolicyError, Problem};
use wasm_bindgen::prelude::*;

/// A value as JS data (objects, not Maps).
fn js<T: Serialize + ?Sized>(value: &T) -> JsValue {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap_or(JsValue::NULL)
}

/// A [`PolicyError`] as JS catches it (the wrapper makes it a `PolicyError`).
fn thrown(e: &PolicyError) -> JsValue {
    #[derive(Serialize)]
    struct Wire<'a> {
        kind: &'static str,
        problems: &'a [Problem],
    }
    js(&Wire {
        kind: "PolicyError",
        problems: e.problems(),
    })
}

fn gate(snapshot: &[u8]) -> Result<Gate, JsValue> {
    Gate::from_snapshot(snapshot).map_err(|e| thrown(&e))
}

/// An [`Effect`] as JS sees it: the data, its English summary, and
/// whether anyone gains.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct EffectWire<'a> {
    #[serde(flatten)]
    effect: &'a Effect,
    summary: Vec<String>,
    grants_access: bool,
}

/// See `Gate::effect_of`; `usage` as two lists (limit ids, counts), which
/// the wrapper makes from an object and checks.
#[wasm_bindgen(js_name = effectOf)]
pub fn effect_of(
    before: &[u8],
    after: &[u8],
    limits: Vec<String>,
    counts: Vec<u32>,
) -> Result<JsValue, JsValue> {
    let usage: Vec<(&str, u32)> = limits.iter().map(String::as_str).zip(counts).collect();
    let effect = gate(before)?.effect_of(&*gate(after)?, &usage);
    Ok(js(&EffectWire {
        summary: effect.summary(),
        grants_access: effect.grants_access(),
        effect: &effect,
    }))
}

/// See `teamgate::testing::run`; `tests` is a test file's JSON text.
#[wasm_bindgen(js_name = runTests)]
pub fn run_tests(snapshot: &[u8], tests: &str) -> Result<JsValue, JsValue> {
    let tests = teamgate::testing::PolicyTests::from_json(tests).map_err(|e| thrown(&e))?;
    Ok(js(&teamgate::testing::run(&gate(snapshot)?, &tests)))
}

/// See `teamgate::invariants::verify`; `rules` is an invariants file's JSON text.
#[wasm_bindgen(js_name = verifyInvariants)]
pub fn verify_invariants(snapshot: &[u8], rules: &str) -> Result<JsValue, JsValue> {
    let rules = teamgate::invariants::Invariants::from_json(rules).map_err(|e| thrown(&e))?;
    Ok(js(&teamgate::invariants::verify(&gate(snapshot)?, &rules)))
}
