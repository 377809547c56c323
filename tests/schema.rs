//! The published JSON Schema is generated from the Rust types and kept in sync.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

#[test]
fn published_schema_matches_the_rust_types() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/policy.schema.json");
    let generated = teamgate::json_schema() + "\n";
    if std::env::var_os("TEAMGATE_BLESS").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let published = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        published == generated,
        "schema/policy.schema.json is out of date: run `TEAMGATE_BLESS=1 cargo test --test schema`"
    );
}

#[test]
fn every_preset_validates_against_its_own_loader_and_round_trips() {
    for name in teamgate::presets::names() {
        let gate = teamgate::Gate::preset(name).unwrap();
        let again = teamgate::Gate::from_json(&gate.policy().to_json()).unwrap();
        assert_eq!(gate.policy(), again.policy(), "{name}");
    }
}
