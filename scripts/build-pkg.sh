#!/usr/bin/env bash
# Builds pkg/, the npm package: the core compiled to wasm (wasm-pack, then
# wasm-opt -Oz), the wasm-bindgen glue, and the hand-written wrapper and
# adapters of js/src. Needs scripts/setup.sh first.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

# Two builds of the same crate: the whole engine (teamgate) and the
# decision-only one (teamgate/lite: `--no-default-features`).
out=target/wasm-pack
rm -rf "$out"
build() { # name, cargo args...
  local name=$1
  shift
  wasm-pack build --quiet --release --target web --weak-refs --no-pack --out-dir "$out" --out-name "$name" "$@" >/dev/null
  # wasm-pack's own wasm-opt download is off (Cargo.toml); binaryen comes from npm.
  # --strip-*: custom sections only tools read (a few hundred bytes).
  js/node_modules/.bin/wasm-opt -Oz --converge --strip-producers --strip-target-features --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
    "$out/${name}_bg.wasm" -o "$out/${name}_bg.wasm"
}
build teamgate_wasm
build teamgate_lite -- --no-default-features

rm -rf pkg && mkdir -p pkg
for name in teamgate_wasm teamgate_lite; do
  cp "$out/$name.js" "$out/${name}_bg.wasm" "$out/$name.d.ts" pkg/
done
cp js/src/*.js js/src/*.d.ts pkg/
cp js/package.pkg.json pkg/package.json
cp js/PACKAGE.md pkg/README.md
version=$(awk -F'"' '/^version = / { print $2; exit }' Cargo.toml)
sed -i "s/\"version\": \"0.0.0\"/\"version\": \"$version\"/" pkg/package.json
echo "built pkg/ ($(wc -c < pkg/teamgate_wasm_bg.wasm) bytes of wasm, $(wc -c < pkg/teamgate_lite_bg.wasm) for teamgate/lite)"
