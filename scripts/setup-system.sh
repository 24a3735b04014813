#!/usr/bin/env bash
# Installs the Debian packages etc-counter needs, once. Idempotent: does nothing when all are present.
# As root it runs apt-get; otherwise it prints the exact command and stops.
set -euo pipefail
PKGS=(pcscd vsmartcard-vpcd libpcsclite-dev chromium fonts-noto-cjk poppler-utils openssl sqlite3 nsis)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "setup-system: installing ${missing[*]}" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
  else
    echo "setup-system: missing system packages. Run as root:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi
# pcscd: the smart-card daemon; in containers nothing socket-activates it, so start it if we can.
if ! pgrep -x pcscd >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ]; then
    pcscd && sleep 0.5
  else
    echo "setup-system: pcscd is not running; start it with: sudo pcscd" >&2
  fi
fi
