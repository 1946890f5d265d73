#!/bin/sh
# A read-only and an unreadable diary: exit 74 with the path and the reason,
# reading still works on a read-only one, and nothing is written.
# File permissions do not stop root, so as root the commands run as nobody
# (setpriv). tests/diary.cmake registers this test only where that works:
# it never skips itself at run time.
. "$(dirname "$0")/lib.sh" "$@"
chmod 755 "$T"
"$BB" log --date 2026-11-01 --tightness 5 >/dev/null || fail "first log"
as_user() { "$@"; }
if [ "$(id -u)" = 0 ]; then
  as_user() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
fi
chmod 444 "$BEDBACK_DB"
chmod 555 "$T"
expect 74 "read-only diary" -- as_user env BEDBACK_DB="$BEDBACK_DB" "$BB" log --date 2026-11-02 --tightness 3
has "$T/err" "$BEDBACK_DB" "names the path"
grep -Eiq "read-only|permission denied" "$T/err" || fail "no reason given: $(cat "$T/err")"
# ... but it can still be read: trend and export work.
expect 0 "read-only diary still reads" -- as_user env BEDBACK_DB="$BEDBACK_DB" "$BB" export --format csv
has "$T/out" "2026-11-01,5" "read-only export"
chmod 755 "$T"
chmod 000 "$BEDBACK_DB"
expect 74 "unreadable diary" -- as_user env BEDBACK_DB="$BEDBACK_DB" "$BB" trend
has "$T/err" "$BEDBACK_DB" "names the path"
has "$T/err" "Permission denied" "says why"
chmod 600 "$BEDBACK_DB"
[ "$(q 'SELECT count(*) FROM entries')" = 1 ] || fail "something was written"
finish
