//! The test suite of the `teamgate` crate, one binary (`cargo test --test
//! suite`): natively every module below; in wasm (`wasm-pack test` in
//! headless browsers, `--test suite`) the golden vectors and error cases
//! (`web`). Tests may unwrap, index and panic: a failing test fails loudly.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

#[path = "../common/mod.rs"]
mod common;

/// The native half: every module but `web` (its files are in this folder).
#[cfg(not(target_arch = "wasm32"))]
#[path = "."]
mod native {
    mod dehydrated;
    mod differential;
    mod effect;
    mod engine_and_core;
    mod errors;
    mod hostile;
    mod invariants;
    mod json;
    mod messages;
    mod preset_tests;
    mod properties;
    mod schema;
    mod seeds;
    mod snapshots;
    mod testing;
    mod typescript;
    mod vectors;
}

/// The wasm half, in headless browsers.
#[cfg(target_arch = "wasm32")]
mod web;
