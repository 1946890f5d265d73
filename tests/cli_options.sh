#!/bin/sh
# cli_options.sh BEDBACK -- the command line parses and fails the same way
# in every command (issue 12): --opt=value; an option given twice, a missing
# or empty value: 64 in one sentence naming the option; numbers decimal
# only; --date from 2000 to today; output paths and the diary's place
# checked before any work is printed; units understood and said back, or
# refused naming the unit; every error one line "bedback: CMD: sentence"
# without trailing blanks; the documented exit statuses.
set -u
BB=$1
T=$(mktemp -d) || exit 2
trap 'chmod -R u+rwX "$T"; rm -rf "$T"' EXIT
export BEDBACK_DB="$T/diary.db" HOME="$T/home" LC_ALL=C NO_COLOR=1 BEDBACK_TEST_NOW="2026-11-20 09"
unset XDG_DATA_HOME
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
# expect STATUS CMD ARGS...: runs bedback, stdout in $T/out, stderr in $T/err.
# Whatever the status, stderr is one line per message of the one form. (The
# timeout: an option a command wrongly took could start a 20-minute timer.)
expect() {
  want=$1; shift
  timeout 60 "$BB" "$@" >"$T/out" 2>"$T/err" </dev/null
  got=$?
  if [ "$got" -ne "$want" ]; then
    fail "bedback $*: exit $got, wanted $want"; sed 's/^/  | /' "$T/err" >&2
  fi
  if [ "$want" -ne 0 ]; then
    grep -v "^bedback: $1: [^ ]" "$T/err" | grep -q . &&
      fail "bedback $*: not the form 'bedback: $1: sentence': $(cat "$T/err")"
    [ "$(wc -l <"$T/err")" -eq 1 ] || fail "bedback $*: $(wc -l <"$T/err") lines on stderr, wanted one"
  fi
  grep -q ' $' "$T/err" && fail "bedback $*: trailing blanks on stderr"
}
says() { grep -qF -- "$1" "$T/err" || fail "stderr does not say '$1': $(cat "$T/err")"; }
silent() { [ -s "$T/out" ] && fail "printed before failing: $(head -c 200 "$T/out")"; }

body="--sex female --weight 62"
printf '{"age": 40}\n' >"$T/a.json"

# --opt=value, in every command that takes values
expect 0 fit $body --height=170
expect 0 trend --weeks=4
expect 0 log --date=2026-11-01 --tightness=5
expect 0 assess --answers="$T/a.json" --format=json

# an option given twice: 64, one sentence naming it
for args in "fit $body --height 170 --height 171" "log --tightness 3 --tightness 4" \
  "trend --weeks 2 --weeks 3" "export --format csv --format json" "assess --json --json" \
  "routine --json --json" "heat --minutes 15 --minutes 16" "setup mattress --note a --note b" \
  "questions --json --json"; do
  # shellcheck disable=SC2086
  expect 64 $args
  says "was given twice"
done
expect 64 log --tightness 3 --routine --no-routine; says "not both"
# a missing or empty value
expect 64 trend --weeks; says "--weeks needs a value"
expect 64 log --tightness 3 --db ""; says "--db needs a value"
expect 64 trend --db=; says "--db needs a value"
expect 64 trend --json=yes; says "--json takes no value"

# numbers: decimal only, no blanks
expect 65 fit $body --height 0x90; says "--height"
expect 65 fit $body --height " 170"
expect 65 fit $body --height 1.7e2
expect 65 fit $body --height inf
expect 65 log --tightness 0x5
expect 65 log --tightness " 5"
expect 65 log --tightness +5
expect 65 trend --weeks 2e1

# --zones keeps its form, goes with --firmness, refuses a zone twice
expect 0 fit $body --height 170 --firmness 5 --zones shoulder=4,waist=6,hip=7
expect 65 fit $body --height 170 --zones shoulder=4,shoulder=5,waist=6,hip=7; says "shoulder twice"
expect 64 fit $body --height 170 --zones shoulder=4,waist=6,hip=7 --zones shoulder=4,waist=6,hip=7

# --date from 2000 to today, for log and setup
expect 65 log --date 1999-12-31 --tightness 3; says "before 2000"
expect 65 setup mattress --date 1999-12-31; says "before 2000"
expect 65 setup mattress --date 2026-12-01; says "future"
expect 0 setup mattress --date 2000-01-01
expect 0 setup --date 2026-11-19 pillow

# output paths and the diary's place: checked before anything is printed
expect 74 fit $body --height 170 --svg "$T/no/such/x.svg"; silent; says "$T/no"
expect 74 export --format csv --output "$T/no/such/x.csv"; silent
expect 74 assess --answers "$T/a.json" --save-answers "$T/no/such/a.json"; silent
mkdir "$T/ro"; chmod 555 "$T/ro"
# (file permissions bite only when not root)
rofolder=no
if ! (: >"$T/ro/probe") 2>/dev/null; then
  rofolder=yes
  expect 74 assess --answers "$T/a.json" --save --db "$T/ro/sub/diary.db"; silent
fi
rm -f "$T/ro/probe"

# units: understood and said back in metric, or refused naming the unit
expect 0 fit --sex female --height "5 ft 6" --weight "140 lb"
says "--height 5 ft 6 is 167.6 cm"; says "--weight 140 lb is 63.5 kg"
grep -q "168 cm, 64 kg" "$T/out" || fail "the fit did not use 167.6 cm and 63.5 kg: $(head -n 1 "$T/out")"
expect 0 fit --sex female --height "5'6\"" --weight 63
says "is 167.6 cm"
expect 0 fit --sex female --height 1.68m --weight "10 st 2"
says "is 64.4 kg"
expect 65 fit --sex female --height "66 furlongs" --weight 63; says "'furlongs' is not a unit"
expect 65 fit --sex female --height 170 --weight "63 cm"; says "'cm' is a unit of length"

# the documented exit statuses for the same kind of mistake
expect 65 trend --weeks 0
expect 65 log --tightness 11
expect 64 fit --sex female
printf '{"sleep_position": "side"}\n' >"$T/nobody.json"
expect 64 fit --answers "$T/nobody.json"
expect 66 kb check "$T/nonexistent"
expect 66 assess --answers "$T"
[ $rofolder = yes ] && expect 74 log --tightness 3 --db "$T/ro/sub/diary.db"
(unset HOME BEDBACK_DB; expect 74 log --tightness 3)

# messages: a BOM named; the values of a --symptom choice; no misleading hint
printf '\357\273\277{"age": 40}\n' >"$T/bom.json"
expect 65 assess --answers "$T/bom.json"; says "byte-order mark (BOM)"
printf '{"age": 40, "bladder_chnage": true}\n' >"$T/typo.json"
expect 65 assess --answers "$T/typo.json"; says "nothing was assessed"
expect 65 log --tightness 3 --symptom leg_numbness=left; says "none, one_leg, both_legs"
grep -q "1 = no" "$T/err" && fail "the interview's menu in an option's error"
expect 64 assess --answers "$T/a.json" extra
grep -q "did you mean" "$T/err" && fail "offered --answers although --answers was given"
expect 64 assess extra; says "did you mean --answers extra?"

[ "$fails" -eq 0 ] && { echo "all ok"; exit 0; }
echo "$fails failure(s)" >&2
exit 1
