#!/bin/sh
# The guided routine on a terminal (util-linux `script`; registered only
# where it exists, tests/diary.cmake) rings the terminal bell at the end of
# every hold, for someone lying with eyes closed, and stays silent with
# --quiet. Time sped up with BEDBACK_TEST_TIME_SCALE (a test-only setting).
. "$(dirname "$0")/lib.sh" "$@"
# routine OUTFILE [OPTION]: the whole routine on a 100x40 terminal, the
# rating 3 typed at its end; every byte it wrote, raw, in OUTFILE
routine() {
  (sleep 8; printf '3\n') | script -qec "stty cols 100 rows 40; BEDBACK_TEST_TIME_SCALE=5000 \
BEDBACK_DB='$BEDBACK_DB' NO_COLOR=1 '$BB' routine ${2:-}" /dev/null >"$1" 2>&1
}
bells() { tr -cd '\007' <"$1" | wc -c | tr -d ' '; }

routine "$T/loud"
grep -q 'Logged: routine done' "$T/loud" || fail "the routine did not run to its end: $(tail -c 400 "$T/loud")"
# one bell per hold: knee-to-chest 2 sides x 3, pelvic tilts 10 at least
[ "$(bells "$T/loud")" -ge 10 ] && ok "a bell at the end of the holds ($(bells "$T/loud"))" \
  || fail "no bell at the end of a hold ($(bells "$T/loud") bells)"
rm -f "$BEDBACK_DB"
routine "$T/quiet" --quiet
grep -q 'Logged: routine done' "$T/quiet" || fail "the quiet routine did not run to its end"
[ "$(bells "$T/quiet")" = 0 ] && ok "--quiet rings no bell" || fail "--quiet rang $(bells "$T/quiet") bells"
finish
