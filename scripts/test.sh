#!/usr/bin/env bash
# Runs every test of teamgate, installing what is missing first.
# This is the README's test command; .ci/run calls exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

step "toolchain"
rustup component list --installed 2>/dev/null | grep -q '^rustfmt' || rustup component add rustfmt
rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy

step "format"
cargo fmt --all -- --check

step "lint (host)"
cargo clippy --all-targets --locked -- -D warnings

step "native tests"
cargo test --locked
