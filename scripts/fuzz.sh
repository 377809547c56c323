#!/usr/bin/env bash
# Fuzzes document loading, editing and snapshot loading with cargo-fuzz (libFuzzer + ASan).
# Usage: scripts/fuzz.sh [SECONDS per target, default 30]
# The campaign that grew the corpus: scripts/fuzz.sh 900 (see README).
# cargo-fuzz needs nightly features; RUSTC_BOOTSTRAP lets the stable
# toolchain (the only one on these machines) provide them.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
secs=${1:-30}
for target in load edit snapshot; do
  # Run on a copy of the kept corpus so that a smoke run leaves the tree as it was.
  work=$(mktemp -d)
  cp fuzz/corpus/"$target"/* "$work"/
  log="$work.log"
  status=0
  RUSTC_BOOTSTRAP=1 cargo fuzz run "$target" "$work" -- \
    -max_total_time="$secs" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 >"$log" 2>&1 || status=$?
  grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|Done|==[0-9]+==|thread|SUMMARY)' "$log" || true
  if [ "$status" -ne 0 ]; then tail -40 "$log"; fi
  rm -f "$log"
  rm -rf "$work"
  if [ "$status" -ne 0 ]; then
    echo "fuzz target $target failed: see fuzz/artifacts/$target/"
    exit 1
  fi
  echo "fuzz target $target: no crash in ${secs}s"
done
