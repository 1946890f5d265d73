#!/bin/sh
# Two (and more) processes logging at once all succeed.
. "$(dirname "$0")/lib.sh" "$@"
round=0
while [ $round -lt 10 ]; do
  pids=""
  for w in 1 2 3 4; do
    d=$(date -u -d "2010-01-01 +$((round * 4 + w)) days" +%F)
    ( "$BB" log --date "$d" --tightness $w >/dev/null 2>"$T/err.$round.$w" || echo "$d" >>"$T/failed" ) &
    pids="$pids $!"
  done
  # and two writers on the same night (one amends the other)
  ( "$BB" log --date 2010-06-01 --tightness 3 >/dev/null 2>>"$T/err.same" || echo same >>"$T/failed" ) &
  ( "$BB" log --date 2010-06-01 --tightness 4 >/dev/null 2>>"$T/err.same" || echo same >>"$T/failed" ) &
  wait
  round=$((round + 1))
done
if [ -s "$T/failed" ]; then fail "writers failed: $(cat "$T/failed" | tr '\n' ' ') $(cat "$T"/err.* | head -3)"; fi
[ "$(q 'SELECT count(*) FROM entries')" = 41 ] || fail "entries: $(q 'SELECT count(*) FROM entries')"
[ "$(q "SELECT count(*) FROM entries_history WHERE date='2010-06-01'")" = 19 ] || fail "amends of the same night"
[ "$(q 'PRAGMA integrity_check')" = ok ] || fail "integrity"
# A brand-new diary created by three processes at once, 25 times (switching
# a new file to WAL used to fail at once for about half of such races).
i=0
while [ $i -lt 25 ]; do
  rm -f "$T"/new.db*
  "$BB" log --db "$T/new.db" --date 2010-01-01 --tightness 1 >/dev/null 2>"$T/e1" &
  "$BB" log --db "$T/new.db" --date 2010-01-02 --tightness 2 >/dev/null 2>"$T/e2" &
  "$BB" log --db "$T/new.db" --date 2010-01-03 --tightness 3 >/dev/null 2>"$T/e3" &
  wait
  n=$(sqlite3 "$T/new.db" 'SELECT count(*) FROM entries')
  [ "$n" = 3 ] || { fail "creating together (round $i): $n entries; $(cat "$T/e1" "$T/e2" "$T/e3")"; break; }
  i=$((i + 1))
done
finish
