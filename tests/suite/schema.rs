//! The published JSON Schema is generated from the Rust types and kept in sync.

use crate::common;

#[test]
fn published_schema_matches_the_rust_types() {
    let generated = teamgate::json_schema() + "\n";
    common::assert_generated("schema/policy.schema.json", generated.as_bytes(), "schema");
}

#[test]
fn every_preset_validates_against_its_own_loader_and_round_trips() {
    for name in teamgate::presets::names() {
        let gate = teamgate::Gate::preset(name).unwrap();
        let again = teamgate::Gate::from_json(&gate.policy().to_json()).unwrap();
        assert_eq!(gate.policy(), again.policy(), "{name}");
    }
}

/// The reader and serde's `Deserialize` (which goes through it) read the
/// presets alike, and what `to_json` writes reads back the same.
#[test]
fn reader_agrees_with_serde_on_the_presets() {
    use teamgate::Policy;
    for (name, src) in teamgate::presets::ALL {
        let ours = Policy::from_json(src).unwrap();
        let serde: Policy = serde_json::from_str(src).unwrap();
        assert_eq!(ours, serde, "{name}");
        assert_eq!(Policy::from_json(&ours.to_json()).unwrap(), ours, "{name}");
    }
}
