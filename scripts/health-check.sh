#!/bin/sh
# health-check.sh <service> [blue|green|stable|canary]: exits 0 while the colour's /healthz answers 200, 1 while it does not
# Talks to the demo traffic switch at $DEMO_SWITCH_URL (the sandbox sets it); see demo-switch.mjs for exit codes.
exec node "$(dirname "$0")/demo-switch.mjs" health-check "$@"
