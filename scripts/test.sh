#!/usr/bin/env bash
# `npm test`: every test — type check, lint, unit (vitest, incl. a real Redis cluster) and e2e
# (Playwright in Debian's chromium against the production build). Installs what it needs first.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-system-deps.sh
bash scripts/ensure-olric.sh
bash scripts/ensure-schemathesis.sh >/dev/null
[ -d node_modules/next ] || npm ci --no-audit --no-fund
npm run typecheck
npm run lint
npm run test:unit
npm run build
npm run test:e2e
