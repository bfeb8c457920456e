#!/usr/bin/env bash
# Installs what the tests need from the system: Debian's chromium (Playwright cannot download its own
# browser here) and redis-server (the Redis adapter's tests run a real cluster). Installs them when it
# can (root + apt-get); otherwise says exactly what to install.
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || missing+=(chromium)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v redis-cli >/dev/null 2>&1 || missing+=(redis-tools)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing ${missing[*]} with apt-get…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium redis-server redis-tools >/dev/null
  exit 0
fi
echo "Missing: ${missing[*]}. Install them first, e.g.: sudo apt-get install -y chromium redis-server" >&2
echo "(or point CHROMIUM_PATH at a Chromium binary)." >&2
exit 1
