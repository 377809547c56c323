#!/usr/bin/env bash
# The flags the package's wasm is built with, in one place for the two
# scripts that build it (scripts/build-pkg.sh, bench/bytes.mjs):
#   wasm-flags.sh rustflags ROOT   rustc's: panic locations name source files
#                                  without the build machine's paths (its
#                                  registry folders, the checkout at ROOT)
#   wasm-flags.sh wasm-opt         wasm-opt's (wasm-pack's own download is off)
set -euo pipefail
case "${1:-}" in
  rustflags)
    # Of several matching prefixes rustc takes the last one given: each
    # registry folder, else the folder that holds them.
    registry="${CARGO_HOME:-$HOME/.cargo}/registry/src"
    flags="--remap-path-prefix=${2:?the checkout}=. --remap-path-prefix=$registry=deps"
    for dir in "$registry"/*/; do
      [ -d "$dir" ] && flags="$flags --remap-path-prefix=${dir%/}=deps"
    done
    echo "$flags"
    ;;
  wasm-opt)
    # --strip-*: custom sections only tools read (a few hundred bytes).
    # -ocimfs 500: a function with one caller is inlined only up to 500
    # bytes. Inlining every one made loading a snapshot one 10 KB function,
    # which V8 compiles whole with its optimising tier as soon as it runs
    # (20 ms and 5.7 MB of compile memory: most of the RSS teamgate/lite
    # added beyond the compiled module, for a function that runs once);
    # lite's bytes are the same within 20 bytes brotli.
    echo "-Oz -ocimfs 500 --converge --strip-producers --strip-target-features --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals"
    ;;
  *)
    echo "usage: scripts/wasm-flags.sh rustflags ROOT | wasm-opt" >&2
    exit 2
    ;;
esac
