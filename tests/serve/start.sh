#!/bin/sh
# The fixture serve_http needs: bedback-serve on a free port with a new
# temporary diary, the clock fixed (BEDBACK_TEST_NOW). Left running for
# the tests; stop.sh stops it. Usage: start.sh BUILD_DIR STATE_DIR
. "$(dirname "$0")/lib.sh"
rm -rf "$2"; mkdir -p "$2"; chmod 700 "$2"
export BEDBACK_TEST_NOW="2026-12-03 08"
start_server "$2" "$1/bedback-serve" || { echo "FAIL: the server did not start" >&2; exit 1; }
has "$2/out" "^bedback is running at http://127.0.0.1:$PORT/\$" "the start-up line names the address"
hasnt "$2/out" "token" "no token on loopback"
finish
