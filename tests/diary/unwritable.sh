#!/bin/sh
# A diary that cannot be read or written: exit 74 with the path and the
# reason, and nothing half-written.
. "$(dirname "$0")/lib.sh" "$@"
chmod 755 "$T"
"$BB" log --date 2026-11-01 --tightness 5 >/dev/null || fail "first log"
# Permissions do not stop root: run as nobody when we are root.
as_user() { "$@"; }
perms=yes
if [ "$(id -u)" = 0 ]; then
  if command -v setpriv >/dev/null && setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null; then
    as_user() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
  else
    echo "skip: running as root without setpriv; the read-only cases cannot be tested"
    perms=no
  fi
fi
if [ $perms = yes ]; then
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

fi

expect 74 "folder cannot be created" -- "$BB" log --db /proc/self/no/diary.db --tightness 3
has "$T/err" "/proc/self/no/diary.db" "names the path"
printf 'this is not an SQLite database, only some text pretending......\n' >"$T/junk.db"
expect 74 "not a database" -- "$BB" log --db "$T/junk.db" --tightness 3
has "$T/err" "$T/junk.db" "names the path"
has "$T/err" "not a database" "says why"
expect 74 "not a database (trend)" -- "$BB" trend --db "$T/junk.db"
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
