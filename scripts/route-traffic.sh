#!/bin/sh
# route-traffic.sh <service> <percent> <version>: gives the canary <percent> of traffic, installing <version> on the idle colour first
# Talks to the demo traffic switch at $DEMO_SWITCH_URL (the sandbox sets it); see demo-switch.mjs for exit codes.
exec node "$(dirname "$0")/demo-switch.mjs" route-traffic "$@"
