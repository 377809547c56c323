#!/usr/bin/env bash
# Builds the demo: pkg/ (the npm package), the app (Vite) and the server.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
bash scripts/build-pkg.sh
(cd www/app && node_modules/.bin/vite build --logLevel warn)
cargo build --quiet --profile server --locked -p teamgate-demo
