#!/usr/bin/env bash
# Builds the olricd the real-Olric tests run into .cache/bin/olricd (skipped when it is there).
# Needs Go (1.23+) and the Go module proxy. Pinned: github.com/buraksezer/olric v0.5.7 (scripts/olricd/go.mod).
# Why not `go install github.com/olric-data/olric/cmd/olric-server@v0.6.1`: the module proxy answers
# 403 for every olric-data/olric version, and `go install …/olricd@v0.5.7` stops on the proxy's
# deprecation lookup (@v/list, also 403); building from a pinned go.mod needs neither.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=.cache/bin/olricd
[ -x "$bin" ] && exit 0
if ! command -v go >/dev/null 2>&1; then
  echo "Missing: Go. The Olric tests build olricd with it: install Go 1.23+ (https://go.dev/dl/) with access to the Go module proxy, then run scripts/ensure-olric.sh." >&2
  exit 1
fi
mkdir -p .cache/bin
echo "Building olricd v0.5.7 into $bin…"
(cd scripts/olricd && GOFLAGS=-mod=mod go build -o "../../$bin" github.com/buraksezer/olric/cmd/olricd)
