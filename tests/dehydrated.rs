//! Decisions dehydrated by a Rust server are the data `teamgate/lite`
//! hydrates from: the native output is committed (`tests/dehydrated/`) and
//! `js/test/hydrate.test.mjs` checks that the npm package writes the same
//! and that a lite gate reads it. `TEAMGATE_BLESS=1` rewrites the files.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use teamgate::{Gate, Viewer};

#[test]
fn native_dehydrated_decisions_are_the_committed_ones() {
    let mut doc: serde_json::Value =
        serde_json::from_str(teamgate::presets::source("team-inbox").unwrap()).unwrap();
    doc["members"] = serde_json::json!([
        { "id": "ana", "roles": { "main": "agent" }, "grants": ["team.edit_permissions"] }
    ]);
    let gate = Gate::from_json(&doc.to_string()).unwrap();
    let cases = [
        (
            "agent-main",
            Viewer::Role {
                role: "agent",
                number: Some("main"),
            },
        ),
        (
            "owner",
            Viewer::Role {
                role: "owner",
                number: None,
            },
        ),
        (
            "member-ana-main",
            Viewer::Member {
                member: "ana",
                number: "main",
            },
        ),
    ];
    for (name, viewer) in cases {
        let mut json = serde_json::to_string_pretty(&gate.dehydrate(viewer, None)).unwrap();
        json.push('\n');
        common::assert_generated(
            &format!("tests/dehydrated/{name}.json"),
            json.as_bytes(),
            "dehydrated",
        );
    }
}
