#!/bin/sh
# canary-stop.sh <service>: stops a canary rollout, all traffic back to the stable colour
# Talks to the demo traffic switch at $DEMO_SWITCH_URL (the sandbox sets it); see demo-switch.mjs for exit codes.
exec node "$(dirname "$0")/demo-switch.mjs" canary-stop "$@"
