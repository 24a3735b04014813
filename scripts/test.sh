#!/usr/bin/env bash
# Sets up a fresh machine (system packages, node_modules) and runs every test. Quick start command 2.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-system.sh
bash scripts/ensure-node-modules.sh
exec node scripts/run-tests.mjs "$@"
