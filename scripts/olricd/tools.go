//go:build tools

// Pins the olricd the real-Olric tests run (built by scripts/ensure-olric.sh).
package tools

import _ "github.com/buraksezer/olric/cmd/olricd"
