#!/bin/sh
# Write errors on standard output (issue 10): every command that printed
# into a full disk says so and exits 74 -- routine, heat and kb check used
# to exit 0, and heat ran its timer without the safety reminders having
# been shown. tests/diary.cmake registers it where /dev/full exists.
. "$(dirname "$0")/lib.sh" "$@"
SRC=$(cd "$(dirname "$0")/../.." && pwd)
export BEDBACK_TEST_TIME_SCALE=600
"$BB" log --date 2026-11-01 --tightness 5 >/dev/null || fail "log"
full() { # full DESCRIPTION -- COMMAND...: exit 74 naming standard output
  what=$1
  shift 2
  "$@" >/dev/full 2>"$T/err"
  got=$?
  if [ "$got" -ne 74 ]; then fail "$what > /dev/full: exit $got, wanted 74"; sed 's/^/  | /' "$T/err" >&2
  else ok "$what > /dev/full"; fi
  has "$T/err" "standard output" "$what says where"
}
full "routine" -- "$BB" routine
full "kb check" -- "$BB" kb check
full "questions" -- "$BB" questions
full "trend" -- "$BB" trend
full "export" -- "$BB" export --format csv
full "assess" -- "$BB" assess --answers "$SRC/examples/side-sleeper.json"
full "help" -- "$BB" --help
full "heat" -- "$BB" heat --minutes 15
has "$T/err" "no timer started" "heat does not run without its reminders"
[ "$(q "SELECT count(*) FROM sessions")" = 0 ] || fail "heat logged a session it did not run"
finish
