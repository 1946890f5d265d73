#!/bin/sh
# kb_broken.sh BEDBACK KBDIR CASE -- breaks a copy of the knowledge base in
# one known way and checks that bedback refuses it: exit 78 (66 for a
# missing folder) and the first error's location on stderr.
set -u
bin=$1 src=$2 case=$3
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
cp -r "$src" "$tmp/kb"
answers=$tmp/answers.json
printf '{"sleep_position": "side", "tightness": 4}\n' > "$answers"

fail() { echo "FAIL ($case): $*"; echo "--- stderr:"; cat "$tmp/err"; exit 1; }
expect() { # expect STATUS TEXT... : runs the command saved in $cmd
  want=$1; shift
  "$@" >"$tmp/out" 2>"$tmp/err"; got=$?
  [ "$got" = "$want" ] || fail "exit status $got, wanted $want"
}
mentions() { grep -qF -- "$1" "$tmp/err" || fail "stderr does not mention '$1'"; }

case $case in
unknown-finding)
  sed -i 's/"when": "bladder_change"/"when": "bladder_chnage"/' "$tmp/kb/flags.json"
  expect 78 "$bin" assess --kb "$tmp/kb" --answers "$answers"
  mentions "flags.json:"; mentions "bladder_chnage"; mentions "did you mean 'bladder_change'"
  ;;
syntax)
  printf '{"flags": [\n  {"id": "x",,}\n]}\n' > "$tmp/kb/flags.json"
  expect 78 "$bin" assess --kb "$tmp/kb" --answers "$answers"
  mentions "flags.json:2:"; mentions "invalid JSON"
  ;;
type-mismatch)
  sed -i 's/"when": "bladder_change"/"when": "bladder_change = 3"/' "$tmp/kb/flags.json"
  expect 78 "$bin" kb check "$tmp/kb"
  mentions "cannot compare a yes/no value with a number"
  ;;
many-errors)
  sed -i 's/"when": "bladder_change"/"when": "bladder_chnage"/' "$tmp/kb/flags.json"
  sed -i 's/"id": "hip_flexor_stretch"/"id": "hip_flexor_strech"/' "$tmp/kb/recommendations.json"
  expect 78 "$bin" kb check "$tmp/kb"
  mentions "bladder_chnage"; mentions "recommendation 'hip_flexor_stretch' of spec/assessment.md is missing"
  mentions "2 problems"
  ;;
missing-folder)
  expect 66 "$bin" assess --kb "$tmp/nope" --answers "$answers"
  mentions "knowledge-base folder not found"
  ;;
missing-file)
  rm "$tmp/kb/causes.json"
  expect 78 "$bin" questions --kb "$tmp/kb"
  mentions "has no causes.json"
  ;;
valid-copy)
  expect 0 "$bin" kb check "$tmp/kb"
  expect 0 "$bin" assess --kb "$tmp/kb" --answers "$answers" --json
  ;;
*) echo "unknown case $case"; exit 2 ;;
esac
echo "ok ($case)"
