#!/usr/bin/env bash
# Builds the demo: pkg/ (the npm package), the app (Vite), the playground and the server.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
bash scripts/build-pkg.sh
(cd www/app && node_modules/.bin/vite build --logLevel warn)
# The playground: plain files, also served by the demo at /playground/.
node www/playground/build.mjs >/dev/null
cp -r www/playground/dist www/app/dist/playground
cargo build --quiet --profile server --locked -p teamgate-demo
