#!/bin/sh
# A diary that cannot be written: exit 74 with the path and the reason, and
# nothing half-written. (Read-only and unreadable files: readonly.sh.)
. "$(dirname "$0")/lib.sh" "$@"
chmod 755 "$T"
"$BB" log --date 2026-11-01 --tightness 5 >/dev/null || fail "first log"
expect 74 "folder cannot be created" -- "$BB" log --db /proc/self/no/diary.db --tightness 3
has "$T/err" "/proc/self/no/diary.db" "names the path"
printf 'this is not an SQLite database, only some text pretending......\n' >"$T/junk.db"
expect 65 "not a database" -- "$BB" log --db "$T/junk.db" --tightness 3
has "$T/err" "$T/junk.db" "names the path"
has "$T/err" "not a bedback diary (not an SQLite database)" "says why"
expect 65 "not a database (trend)" -- "$BB" trend --db "$T/junk.db"
expect 74 "a folder for a diary" -- "$BB" log --db "$T" --tightness 3

# A full disk: a file-size limit makes every write past it fail (EFBIG).
"$BB" log --date 2026-11-03 --tightness 4 --note "$(head -c 900 /dev/zero | tr '\0' n)" >/dev/null
expect 74 "full disk" -- sh -c 'trap "" XFSZ; ulimit -f 4; exec "$0" log --date 2026-11-04 --tightness 2 --note "$1"' \
  "$BB" "$(head -c 900 /dev/zero | tr '\0' m)"
has "$T/err" "$BEDBACK_DB" "names the path"
[ "$(q "SELECT count(*) FROM entries WHERE date='2026-11-04'")" = 0 ] || fail "half-written entry"
[ "$(q 'PRAGMA integrity_check')" = ok ] || fail "integrity after a full disk"
[ "$(q 'SELECT count(*) FROM entries')" = 2 ] || fail "entries lost"
finish
