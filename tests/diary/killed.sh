#!/bin/sh
# `bedback log` killed at any moment (kill -9, in a loop) loses no entry
# that was reported written, and the database stays intact.
. "$(dirname "$0")/lib.sh" "$@"
: >"$T/reported"
writer() {
  i=$(($1 * 1000))
  while :; do
    d=$(date -u -d "2000-01-01 +$i days" +%F)
    # The entry counts as written once bedback said so (exit 0).
    "$BB" log --date "$d" --tightness $((i % 11)) --note "night $i" >/dev/null 2>&1 && echo "$d" >>"$T/reported"
    i=$((i + 1))
  done
}
# How long one log takes here (sanitizer builds are slower): the writer is
# killed after 2-5 of those, at a different moment each round.
t0=$(date +%s%N)
# (2002-09-26: day 999, which no writer reaches; dates before 2000 are refused)
"$BB" log --date 2002-09-26 --tightness 1 >/dev/null || fail "a first log"
one=$(( ($(date +%s%N) - t0) / 1000000 ))
[ "$one" -ge 5 ] || one=5
rounds=0
# At least 20 kills, and on until 20 entries were reported (slow builds,
# such as the sanitizer one, log fewer per round).
while [ $rounds -lt 20 ] || { [ "$(wc -l <"$T/reported")" -lt 20 ] && [ $rounds -lt 150 ]; }; do
  writer $rounds &
  wpid=$!
  ms=$(( one * (2 + rounds % 4) + (rounds * 37) % one ))
  sleep "$(printf '%d.%03d' $((ms / 1000)) $((ms % 1000)))"
  # Kill the bedback being run right now, then the loop.
  pkill -9 -P $wpid 2>/dev/null
  kill -9 $wpid 2>/dev/null
  wait $wpid 2>/dev/null
  rounds=$((rounds + 1))
  # A round that got nothing reported: logging is slower now than when it
  # was timed (ctest runs other tests beside this one), so wait longer.
  now=$(wc -l <"$T/reported")
  if [ "$now" -eq "${before:-0}" ] && [ "$one" -lt 4000 ]; then one=$((one * 3 / 2)); fi
  before=$now
done
n=$(wc -l <"$T/reported")
[ "$n" -ge 20 ] || fail "too few entries logged to mean anything: $n"
[ "$(q 'PRAGMA integrity_check')" = ok ] || fail "integrity_check: $(q 'PRAGMA integrity_check')"
missing=0
while read -r d; do
  [ "$(q "SELECT count(*) FROM entries WHERE date='$d'")" = 1 ] || { missing=$((missing + 1)); echo "lost: $d" >&2; }
done <"$T/reported"
[ $missing -eq 0 ] || fail "$missing reported entries lost"
echo "reported $n, in the diary $(q 'SELECT count(*) FROM entries')"
"$BB" trend >/dev/null || fail "the diary does not read after the kills"
finish
