#!/usr/bin/env bash
# Installs what the build and the tests need, skipping what is present.
#   scripts/setup.sh demo   what the demo needs: the wasm target,
#                           wasm-bindgen-cli (the exact version of the crate),
#                           wasm-pack, and the npm packages of js/ and www/app/
#   scripts/setup.sh        all of that, and what only the tests need:
#                           rustfmt and clippy, cargo-fuzz, Debian's Chromium +
#                           ChromeDriver, Firefox + geckodriver, WebKitGTK's
#                           WebDriver + Xvfb, and PostgreSQL
#                           (the server's tests start a throwaway cluster),
#                           and the npm packages of bench/
# Everything comes from cargo, apt or npm.
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-all}

say() { printf '==> %s\n' "$*"; }
have() { command -v "$1" >/dev/null 2>&1; }
export PATH="$HOME/.cargo/bin:$PATH"

# cargo install with the crate's lock file, or, when the locked versions are
# not all on the registry, without it (and says so).
cargo_install() {
  cargo install --quiet "$@" --locked 2>/dev/null || {
    say "$1: its locked dependencies are not all on the registry; installing with the newest compatible ones"
    cargo install --quiet "$@"
  }
}

rustup target list --installed | grep -q '^wasm32-unknown-unknown$' || rustup target add wasm32-unknown-unknown

# wasm-bindgen-cli must equal the wasm-bindgen crate exactly.
want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$want" ]; then
  say "installing wasm-bindgen-cli $want (a few minutes, once)"
  cargo_install wasm-bindgen-cli --version "$want"
fi
if ! have wasm-pack; then
  say "installing wasm-pack (a few minutes, once)"
  cargo_install wasm-pack
fi

npm_dirs=(js www/app)
if [ "$what" = all ]; then
  rustup component list --installed 2>/dev/null | grep -q '^rustfmt' || rustup component add rustfmt
  rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy
  if ! have cargo-fuzz; then
    say "installing cargo-fuzz (a few minutes, once)"
    cargo_install cargo-fuzz
  fi
  apt_pkgs=()
  have chromium || apt_pkgs+=(chromium)
  have chromedriver || apt_pkgs+=(chromium-driver)
  have firefox || have firefox-esr || apt_pkgs+=(firefox-esr)
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || apt_pkgs+=(postgresql)
  # WebKit, Safari's engine: WebKitGTK's WebDriver (MiniBrowser), under Xvfb.
  have WebKitWebDriver || apt_pkgs+=(webkit2gtk-driver)
  have xvfb-run || apt_pkgs+=(xvfb)
  if [ ${#apt_pkgs[@]} -gt 0 ]; then
    say "installing ${apt_pkgs[*]} from Debian"
    if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${apt_pkgs[@]}" >/dev/null
  fi
  if ! have geckodriver; then
    say "installing geckodriver (a few minutes, once)"
    cargo_install geckodriver
  fi
  npm_dirs+=(bench)
elif [ "$what" != demo ]; then
  echo "usage: scripts/setup.sh [demo]" >&2
  exit 2
fi

for dir in "${npm_dirs[@]}"; do
  if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    say "installing npm packages of $dir/"
    # npm ci, or (when npm refuses its own lock file, as it does for rollup's
    # optional per-platform packages) a plain install that leaves the lock alone.
    (cd "$dir" && { npm ci --no-audit --no-fund --loglevel=silent ||
      npm install --no-audit --no-fund --no-package-lock --loglevel=error; })
  fi
done
