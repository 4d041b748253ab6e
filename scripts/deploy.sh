#!/bin/sh
# deploy.sh <service> <version> [color]: installs <version> on <color> (no colour: the live colour, as rolling and recreate do)
# Talks to the demo traffic switch at $DEMO_SWITCH_URL (the sandbox sets it); see demo-switch.mjs for exit codes.
exec node "$(dirname "$0")/demo-switch.mjs" deploy "$@"
