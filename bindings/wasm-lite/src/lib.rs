//! The wasm of the npm entry `teamgate/lite`: [`WasmGate`]'s decisions (from
//! `bindings/wasm-gate`) on gates from snapshots, with the default preset
//! embedded as one. No document reader, validation or edits are linked:
//! `js/src/lite.js` wraps these functions.

use teamgate_core::Gate;
use teamgate_wasm_gate::{thrown, WasmGate};
use wasm_bindgen::prelude::*;

/// The browser's decision-only wasm allocates little (a gate, its answers)
/// and every byte counts: a free-list allocator of about 1 KB instead of
/// the standard library's dlmalloc (7 KB).
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: lol_alloc::LockedAllocator<lol_alloc::FreeListAllocator> =
    lol_alloc::LockedAllocator::new(lol_alloc::FreeListAllocator::new());

/// `presets/team-inbox.snapshot`, written from the JSON preset by
/// `TEAMGATE_BLESS=1 cargo test` and checked by `tests/suite/vectors.rs`.
const DEFAULT_SNAPSHOT: &[u8] = include_bytes!("../../../presets/team-inbox.snapshot");

/// A gate from snapshot bytes (see `Gate::from_snapshot`).
#[wasm_bindgen(js_name = fromSnapshot)]
pub fn from_snapshot(bytes: &[u8]) -> Result<WasmGate, JsValue> {
    Gate::from_snapshot(bytes)
        .map(WasmGate::from)
        .map_err(|e| thrown(&e))
}

/// A gate of the default preset (`team-inbox`).
#[wasm_bindgen(js_name = defaultPreset)]
pub fn default_preset() -> Result<WasmGate, JsValue> {
    from_snapshot(DEFAULT_SNAPSHOT)
}
