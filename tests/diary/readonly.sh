#!/bin/sh
# A read-only and an unreadable diary: exit 74 with the path and the reason,
# reading still works on a read-only one, and nothing is written.
# The diary lives in a folder of its own, $P, so that its permissions can be
# changed without touching $T (where the commands' output goes).
# File permissions do not stop root: as root the commands run without the
# capabilities that bypass them (setpriv drops CAP_DAC_OVERRIDE,
# CAP_DAC_READ_SEARCH and CAP_FOWNER from the bounding set), still as root,
# the owner of the files. Without those capabilities root cannot enter a
# folder of another user either, so the program is run from a private copy
# in a fresh mktemp -d folder: the test holds wherever the clone is. (It used
# to switch to nobody, who cannot enter a clone in root's home or in a
# mktemp -d folder: 6 x "Permission denied".) tests/diary.cmake registers
# this test only where that works: it never skips itself at run time.
. "$(dirname "$0")/lib.sh" "$@"
P=$(mktemp -d "${TMPDIR:-/tmp}/bedback-readonly.XXXXXX") || exit 1
trap 'chmod -R u+rwX "$P"; rm -rf "$P"' EXIT
cp "$BB" "$P/bedback" || exit 1
BB="$P/bedback"
mkdir "$P/d"
export BEDBACK_DB="$P/d/diary.db"
"$BB" log --date 2026-11-01 --tightness 5 >/dev/null || fail "first log"
as_user() { "$@"; }
if [ "$(id -u)" = 0 ]; then
  as_user() { setpriv --bounding-set=-dac_override,-dac_read_search,-fowner "$@"; }
  # the test must bite: without those capabilities root cannot write here
  chmod 555 "$P/d"
  as_user sh -c ": >'$P/d/probe'" 2>/dev/null && fail "setpriv left root able to write a 555 folder"
  chmod 700 "$P/d"
fi
chmod 444 "$BEDBACK_DB"
chmod 555 "$P/d"
expect 74 "read-only diary" -- as_user env BEDBACK_DB="$BEDBACK_DB" "$BB" log --date 2026-11-02 --tightness 3
has "$T/err" "$BEDBACK_DB" "names the path"
grep -Eiq "read-only|permission denied" "$T/err" || fail "no reason given: $(cat "$T/err")"
# ... but it can still be read: trend and export work.
expect 0 "read-only diary still reads" -- as_user env BEDBACK_DB="$BEDBACK_DB" "$BB" export --format csv
has "$T/out" "2026-11-01,5" "read-only export"
chmod 700 "$P/d"
chmod 000 "$BEDBACK_DB"
expect 74 "unreadable diary" -- as_user env BEDBACK_DB="$BEDBACK_DB" "$BB" trend
has "$T/err" "$BEDBACK_DB" "names the path"
has "$T/err" "Permission denied" "says why"
chmod 600 "$BEDBACK_DB"
[ "$(q 'SELECT count(*) FROM entries')" = 1 ] || fail "something was written"
[ "$(ls -A "$P/d")" = diary.db ] || fail "files left beside the diary: $(ls -A "$P/d")"
finish
