#!/bin/sh
# bedback log on a terminal 100 columns wide (util-linux `script` gives it
# one; registered only where `script` exists, tests/diary.cmake): the
# triage and the warning-sign checklist are wrapped at word boundaries to
# the terminal, the checklist asks only about signs that can be new, and
# --withdraw asks before it takes a sign back.
. "$(dirname "$0")/lib.sh" "$@"
# on_tty INPUT COMMAND: runs COMMAND on a 100x40 terminal typing INPUT,
# its output (terminal echo included) in $T/tty
on_tty() {
  printf "$1" | script -qec "stty cols 100 rows 40; NO_COLOR=1 BEDBACK_DB='$BEDBACK_DB' $2" /dev/null >"$T/tty"
}
# the widest line of a file, in characters (the em dash counted as one)
widest() { sed 's/—/-/g' "$1" | tr -d '\r' | awk '{ if (length($0) > m) m = length($0) } END { print m + 0 }'; }

on_tty '' "'$BB' log --date 2026-09-28 --tightness 3 --symptom leg_numbness=both_legs"
grep -q 'Logged the night of 2026-09-28' "$T/tty" || fail "log on a terminal did not log: $(cat "$T/tty")"
grep -q '^ EMERGENCY ' "$T/tty" || fail "no banner on the terminal"
[ "$(widest "$T/tty")" -le 100 ] || fail "triage wider than the 100-column terminal: $(widest "$T/tty")"
[ "$(widest "$T/tty")" -gt 80 ] || fail "triage not wrapped to the terminal's width but to $(widest "$T/tty")"

# The nightly questions: tightness 5, Enter for the rest, the checklist.
on_tty '5\n\n\n\n\n\n\n' "'$BB' log --date 2026-09-27"
sed -n '/Any of these NEW/,/^> /p' "$T/tty" >"$T/checklist"
[ -s "$T/checklist" ] || fail "no checklist: $(cat "$T/tty")"
[ "$(widest "$T/checklist")" -le 80 ] || fail "checklist not wrapped: $(widest "$T/checklist") columns"
grep -q 'new difficulty passing' "$T/checklist" || fail "checklist lacks a sign that can be new"
grep -qi 'ever had cancer\|steroid tablets\|told you have osteoporosis' "$T/checklist" \
  && fail "checklist asks whether a past fact is NEW"
grep -q 'Logged the night of 2026-09-27: tightness 5' "$T/tty" || fail "night not logged"

# --withdraw on a terminal asks first: anything but yes changes nothing.
on_tty 'no\n' "'$BB' log --withdraw leg_numbness --date 2026-09-28"
grep -q 'Type yes to withdraw' "$T/tty" || fail "no confirmation asked"
grep -q 'Nothing was changed' "$T/tty" || fail "a no still withdrew"
[ -n "$(q "SELECT symptoms FROM entries WHERE date='2026-09-28'")" ] || fail "withdrawn without a yes"
on_tty 'yes\n' "'$BB' log --withdraw leg_numbness --date 2026-09-28"
grep -q 'Withdrew' "$T/tty" || fail "yes did not withdraw: $(cat "$T/tty")"
[ -z "$(q "SELECT symptoms FROM entries WHERE date='2026-09-28'")" ] || fail "sign still in the entry"
finish
