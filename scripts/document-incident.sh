#!/bin/sh
# document-incident.sh <service> <text…>: records a note (a rollback or incident) with the demo switch
# Talks to the demo traffic switch at $DEMO_SWITCH_URL (the sandbox sets it); see demo-switch.mjs for exit codes.
exec node "$(dirname "$0")/demo-switch.mjs" document-incident "$@"
