#!/bin/sh
# The machine's data folder of the deb (docs/release.md §6), run by the package's after-install script and
# by `npm run release:check` (the two-user run). Idempotent.
#   group etc-counter (the counter's clerk accounts are put in it by the administrator);
#   /var/lib/etc-counter         root:etc-counter 2770 — the group writes, files inherit the group;
#   /var/lib/etc-counter/policy  root:etc-counter 0750 — the machine policy, which the group only reads.
set -e
DATA="${1:-/var/lib/etc-counter}"
getent group etc-counter >/dev/null 2>&1 || groupadd --system etc-counter
install -d -o root -g etc-counter -m 2770 "$DATA"
install -d -o root -g etc-counter -m 0750 "$DATA/policy"
chown root:etc-counter "$DATA" "$DATA/policy"
chmod 2770 "$DATA"
chmod 0750 "$DATA/policy"
