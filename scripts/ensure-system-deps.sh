#!/usr/bin/env bash
# Installs what the tests need from the system, each with the command that proves it is there:
# Debian's chromium (Playwright cannot download its own browser here), redis-server (a real Redis
# cluster), postgresql (the shared store), prometheus and prometheus-alertmanager (alerting), rsyslog
# and logrotate (log sources). Installs them when it can (root + apt-get); otherwise says exactly
# what to install.
set -euo pipefail
# "package:command" — a package is missing when its command is.
needed=(
  "chromium:${CHROMIUM_PATH:-/usr/bin/chromium}"
  "redis-server:redis-server"
  "redis-tools:redis-cli"
  "postgresql:/usr/lib/postgresql"
  "prometheus:prometheus"
  "prometheus-alertmanager:prometheus-alertmanager"
  "rsyslog:rsyslogd"
  "logrotate:logrotate"
)
missing=()
for entry in "${needed[@]}"; do
  package=${entry%%:*}
  probe=${entry#*:}
  if [[ $probe == /* ]]; then [ -e "$probe" ] && continue; else command -v "$probe" >/dev/null 2>&1 && continue; fi
  # Debian installs some daemons under /usr/sbin, which a non-login PATH may lack.
  [ -x "/usr/sbin/$probe" ] && continue
  missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing ${missing[*]} with apt-get…"
  apt-get update -qq
  # policy-rc.d 101: install the daemons without starting them; the tests start their own on loopback.
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  rm -f /usr/sbin/policy-rc.d
  exit 0
fi
echo "Missing: ${missing[*]}. Install them first, e.g.: sudo apt-get install -y ${missing[*]}" >&2
echo "(or point CHROMIUM_PATH at a Chromium binary)." >&2
exit 1
