#!/bin/sh
# switch-traffic.sh <service> <blue|green>: sends all of <service>'s traffic to that colour
# Talks to the demo traffic switch at $DEMO_SWITCH_URL (the sandbox sets it); see demo-switch.mjs for exit codes.
exec node "$(dirname "$0")/demo-switch.mjs" switch-traffic "$@"
