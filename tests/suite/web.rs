//! The golden vectors in wasm, in real headless browsers:
//! `wasm-pack test --headless --chrome --firefox -- --test suite` (this module is the wasm half of the suite).

use crate::common;

use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn golden_vectors_give_the_native_answers_in_wasm() {
    common::assert_all_vectors_pass();
}

#[wasm_bindgen_test]
fn golden_vectors_pass_through_snapshots_in_wasm() {
    common::assert_all_vectors_pass_via(true);
}

#[wasm_bindgen_test]
fn golden_error_cases_give_the_native_problems_in_wasm() {
    common::assert_error_cases_pass();
}

#[wasm_bindgen_test]
fn every_preset_loads_in_wasm() {
    for name in teamgate::presets::names() {
        let doc: serde_json::Value =
            serde_json::from_str(teamgate::presets::source(name).unwrap()).unwrap();
        let gate =
            teamgate::Gate::new(teamgate::Policy::from_json_value(&common::to_json(&doc)).unwrap())
                .unwrap();
        assert!(gate.roles().count() >= 3, "{name}");
    }
}
