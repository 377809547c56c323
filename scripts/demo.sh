#!/usr/bin/env bash
# The main job: builds everything and starts the demo inbox on localhost with
# the default preset, printing its URL. PORT=8080 by default.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
bash scripts/setup.sh demo
bash scripts/build-demo.sh
echo "open the URL below and sign in as one of the demo members (Ctrl-C stops it)"
TEAMGATE_DEMO=1 exec target/server/teamgate-demo
