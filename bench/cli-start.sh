#!/usr/bin/env bash
# Start-to-exit time of `etc-counter card read --json`, median of 10, with the command line run through tsx
# (development) and as compiled dist/cli (what a release runs; docs/release.md). Prints figures, asserts nothing.
# Uses vpcd: run under the lock —  flock /tmp/etc-counter-vpcd.lock bash bench/cli-start.sh
set -uo pipefail
cd "$(dirname "$0")/.."
[ -f dist/cli/index.js ] || npm run --silent build:main
READER="Virtual PCD 00 00"
# The virtual card in a process group of its own, so that everything it started goes with it.
setsid node bin/etc-counter.mjs sim card --vpcd 127.0.0.1:35963 --profile sim/fixtures/cards/normal.json \
  --keys sim/fixtures/keys.json >/tmp/etc-cli-start-card.log 2>&1 &
CARD=$!
trap 'kill -- -$CARD 2>/dev/null; wait $CARD 2>/dev/null' EXIT
sleep 3
for mode in tsx dist; do
  ETC_COUNTER_CLI=$mode node bin/etc-counter.mjs card read --reader "$READER" --json >/dev/null 2>&1 # warm the caches
  times=()
  for _ in $(seq 1 10); do
    s=$(date +%s%N)
    ETC_COUNTER_CLI=$mode node bin/etc-counter.mjs card read --reader "$READER" --json >/tmp/etc-cli-start.out 2>&1
    rc=$?
    e=$(date +%s%N)
    times+=($(( (e - s) / 1000000 )))
  done
  median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END{print (a[5]+a[6])/2}')
  echo "card read --json via $mode: median ${median} ms of 10 (${times[*]} ms), last exit $rc"
done
