#!/usr/bin/env bash
# Fuzzes document loading, editing and snapshot loading with cargo-fuzz (libFuzzer + ASan).
# Usage: scripts/fuzz.sh [--grow] [SECONDS per target, default 30]
#   without --grow: a smoke on a copy of the kept corpus (the tree stays as it was)
#   with --grow:    a campaign that adds what it finds to fuzz/corpus/ and then
#                   minimises it (cargo fuzz cmin): scripts/fuzz.sh --grow 900
# cargo-fuzz needs nightly features; RUSTC_BOOTSTRAP lets the stable
# toolchain (the only one on these machines) provide them.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
grow=0
if [ "${1:-}" = "--grow" ]; then grow=1; shift; fi
secs=${1:-30}
for target in load edit snapshot; do
  if [ "$grow" = 1 ]; then
    work=fuzz/corpus/$target
  else
    # Run on a copy of the kept corpus so that a smoke run leaves the tree as it was.
    work=$(mktemp -d)
    cp fuzz/corpus/"$target"/* "$work"/
  fi
  log=$(mktemp)
  status=0
  RUSTC_BOOTSTRAP=1 cargo fuzz run "$target" "$work" -- \
    -max_total_time="$secs" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 >"$log" 2>&1 || status=$?
  grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|Done|==[0-9]+==|thread|SUMMARY)' "$log" || true
  if [ "$status" -ne 0 ]; then tail -40 "$log"; fi
  rm -f "$log"
  if [ "$grow" = 0 ]; then rm -rf "$work"; fi
  if [ "$status" -ne 0 ]; then
    echo "fuzz target $target failed: see fuzz/artifacts/$target/"
    exit 1
  fi
  echo "fuzz target $target: no crash in ${secs}s"
  if [ "$grow" = 1 ]; then
    RUSTC_BOOTSTRAP=1 cargo fuzz cmin "$target" "fuzz/corpus/$target" >/dev/null 2>&1
    echo "fuzz/corpus/$target: $(ls "fuzz/corpus/$target" | wc -l) inputs after minimising"
  fi
done
