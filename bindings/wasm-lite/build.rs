//! Links the browser's decision-only wasm with a 64 KB stack instead of
//! Rust's default 1 MB: its memory starts at a fraction of the size (every
//! page that imports `teamgate/lite` holds it). Nothing in it recurses:
//! snapshots are read by loops, and decisions are table lookups.
fn main() {
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        println!("cargo:rustc-link-arg-cdylib=-zstack-size=65536");
    }
}
