#!/usr/bin/env bash
# Sets up a fresh machine and starts the counter app in training mode (培训模式). Quick start command 1.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-system.sh
bash scripts/ensure-node-modules.sh
exec node bin/etc-counter.mjs start --training "$@"
