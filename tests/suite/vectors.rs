//! Runs the golden vectors of `tests/vectors/` natively.

use crate::common;

#[test]
fn golden_vectors_all_pass() {
    common::assert_all_vectors_pass();
}

#[test]
fn golden_vectors_pass_through_snapshots() {
    common::assert_all_vectors_pass_via(true);
}

#[test]
fn a_snapshot_keeps_the_whole_policy() {
    for name in teamgate::presets::names() {
        let gate = teamgate::Gate::preset(name).unwrap();
        let bytes = gate.snapshot();
        let twin = teamgate::Gate::from_snapshot(&bytes).unwrap();
        assert_eq!(twin.policy(), gate.policy(), "{name}");
        assert_eq!(twin.snapshot(), bytes, "{name}");
        // Edits work on a gate from a snapshot too.
        let edited = twin.with_plan(gate.policy().plans[0].id.as_str()).unwrap();
        assert_eq!(edited.plan(), Some(gate.policy().plans[0].id.as_str()));
    }
}

/// `presets/team-inbox.snapshot` (what `bindings/wasm-lite`, the wasm of `teamgate/lite`,
/// embeds) is the snapshot of the JSON preset.
#[test]
fn the_embedded_default_snapshot_is_current() {
    let want = teamgate::Gate::preset(teamgate::presets::DEFAULT)
        .unwrap()
        .snapshot();
    common::assert_generated("presets/team-inbox.snapshot", &want, "vectors");
}

#[test]
fn every_vector_file_is_listed() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors");
    for entry in std::fs::read_dir(dir).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        // errors.json holds bad documents, run by tests/errors.rs.
        if name.ends_with(".json") && name != "errors.json" {
            assert!(
                common::VECTOR_FILES.iter().any(|(n, _)| *n == name),
                "tests/vectors/{name} is not listed in tests/common/mod.rs"
            );
        }
    }
}
