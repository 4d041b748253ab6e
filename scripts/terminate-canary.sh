#!/bin/sh
# terminate-canary.sh <service>: the canary colour (without traffic) runs nothing any more
# Talks to the demo traffic switch at $DEMO_SWITCH_URL (the sandbox sets it); see demo-switch.mjs for exit codes.
exec node "$(dirname "$0")/demo-switch.mjs" terminate-canary "$@"
