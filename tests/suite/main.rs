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

#[cfg(not(target_arch = "wasm32"))]
mod dehydrated;
#[cfg(not(target_arch = "wasm32"))]
mod differential;
#[cfg(not(target_arch = "wasm32"))]
mod engine_and_core;
#[cfg(not(target_arch = "wasm32"))]
mod errors;
#[cfg(not(target_arch = "wasm32"))]
mod hostile;
#[cfg(not(target_arch = "wasm32"))]
mod json;
#[cfg(not(target_arch = "wasm32"))]
mod messages;
#[cfg(not(target_arch = "wasm32"))]
mod properties;
#[cfg(not(target_arch = "wasm32"))]
mod schema;
#[cfg(not(target_arch = "wasm32"))]
mod seeds;
#[cfg(not(target_arch = "wasm32"))]
mod snapshots;
#[cfg(not(target_arch = "wasm32"))]
mod typescript;
#[cfg(not(target_arch = "wasm32"))]
mod vectors;
#[cfg(target_arch = "wasm32")]
mod web;
