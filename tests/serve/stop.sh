#!/bin/sh
# Stops the fixture's server with SIGTERM: it finishes, says so and exits 0;
# nothing any request carried is in what it printed (no personal data in
# logs: the tests send notes and answers with the marker ZQXJ-PRIVATE).
# Usage: stop.sh STATE_DIR
. "$(dirname "$0")/lib.sh"
S=$1
[ -f "$S/pid" ] || { echo "FAIL: no server was started" >&2; exit 1; }
rc=$(stop_server "$S")
[ "$rc" = 0 ] && ok "SIGTERM: exit 0" || fail "SIGTERM: exit $rc"
has "$S/out" "^Stopped\.\$" "it says it stopped"
for f in "$S/out" "$S/err"; do hasnt "$f" "ZQXJ-PRIVATE" "no personal data in $(basename "$f")"; done
hasnt "$S/err" "." "nothing on standard error"
rm -rf "$S"
finish
