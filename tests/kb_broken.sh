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
figure-missing)
  # every exercise shows its start and end pose (issue 14)
  jq '(.exercises[] | select(.id == "pelvic_tilts")) |= del(.figure)' "$src/exercises.json" > "$tmp/kb/exercises.json"
  expect 78 "$bin" kb check "$tmp/kb"
  mentions "exercises.json:"; mentions "exercise 'pelvic_tilts' has no \"figure\""
  ;;
figure-bad-angle)
  # a fault in the end pose is reported there, not at the start pose's member
  sed -i 's/"near_leg": \[18, -28, 0\]/"near_leg": [18, "down", 0]/' "$tmp/kb/exercises.json"
  line=$(grep -n '"near_leg": \[18, "down"' "$tmp/kb/exercises.json" | cut -d: -f1)
  [ -n "$line" ] || fail "the test did not change exercises.json"
  expect 78 "$bin" kb check "$tmp/kb"
  mentions "exercises.json:$line:11: figure of 'rotational_stretch', \"end\" pose: \"near_leg\" must be [thigh, shin] or [thigh, shin, foot]"
  expect 78 "$bin" assess --kb "$tmp/kb" --answers "$answers"
  mentions "rotational_stretch"
  ;;
figure-typo)
  sed -i '0,/"trunk": 180/s//"trunc": 180/' "$tmp/kb/exercises.json"
  line=$(grep -n '"trunc": 180' "$tmp/kb/exercises.json" | cut -d: -f1)
  [ -n "$line" ] || fail "the test did not change exercises.json"
  expect 78 "$bin" kb check "$tmp/kb"
  mentions "exercises.json:$line:11: figure of 'heat_before_bed', \"start\" pose: \"trunc\" is not a member of a pose"
  mentions "\"trunk\" must be an angle"
  ;;
figure-bad-reach)
  sed -i 's/"reach": "near_knee"/"reach": "knee"/; s/"surface": "floor"/"surface": "carpet"/' "$tmp/kb/exercises.json"
  expect 78 "$bin" kb check "$tmp/kb"
  mentions "figure of 'knee_to_chest', \"end\" pose: \"reach\" must name a point the hand holds"
  mentions "figure of 'hip_flexor_stretch': \"surface\" must be \"bed\" or \"floor\""
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
ask-when-cycle)
  # a question whose ask_when reads itself is never asked: refused at its
  # place (the first side-sleeper condition is pressure_points')
  sed -i "0,/\"ask_when\": \"sleep_position in \['side', 'mixed'\] or unknown(sleep_position)\"/s//\"ask_when\": \"sleep_position in ['side', 'mixed'] or pressure_points\"/" "$tmp/kb/questions.json"
  line=$(grep -n "or pressure_points" "$tmp/kb/questions.json" | cut -d: -f1)
  [ -n "$line" ] || fail "the test did not change questions.json"
  expect 78 "$bin" kb check "$tmp/kb"
  mentions "questions.json:$line:59: \"ask_when\" of 'pressure_points' reads its own answer"
  expect 78 "$bin" assess --kb "$tmp/kb" --answers "$answers"
  mentions "reads its own answer"
  ;;
ask-when-later)
  sed -i 's/"ask_when": "leg_weakness in/"ask_when": "rest_pain or leg_weakness in/' "$tmp/kb/questions.json"
  line=$(grep -n '"ask_when": "rest_pain or' "$tmp/kb/questions.json" | cut -d: -f1)
  [ -n "$line" ] || fail "the test did not change questions.json"
  expect 78 "$bin" kb check "$tmp/kb"
  mentions "questions.json:$line:20: \"ask_when\" of 'leg_symptoms_new' reads 'rest_pain', which is asked after it"
  ;;
ask-when-undecided)
  # Not broken: a warning question whose condition cannot be decided (the
  # leg answers it reads are unanswered, and the condition has no unknown()
  # of its own) is still listed as unasked -- only a condition known to be
  # false drops it (spec/assessment.md, "unasked"; issue 12).
  sed -i "s/ or unknown(leg_weakness) or unknown(leg_numbness)\"/\"/" "$tmp/kb/questions.json"
  grep -q "unknown(leg_weakness)" "$tmp/kb/questions.json" && fail "the test did not change questions.json"
  expect 0 "$bin" assess --json --kb "$tmp/kb" --answers "$answers"
  tr -d ' \n' < "$tmp/out" | grep -q '"unasked":\[[^]]*"leg_symptoms_new","weakness_worsening"' ||
    { cp "$tmp/out" "$tmp/err"; fail "the undecided follow-ups are not listed as unasked"; }
  ;;
dev-zero)
  # would be read until memory ran out, then spin
  ln -sf /dev/zero "$tmp/kb/flags.json"
  expect 78 timeout 10 "$bin" kb check "$tmp/kb"
  mentions "flags.json: not a regular file"
  expect 78 timeout 10 "$bin" assess --kb "$tmp/kb" --answers "$answers"
  mentions "flags.json: not a regular file"
  ;;
fifo)
  # opening a FIFO would wait for a writer forever
  rm "$tmp/kb/flags.json"; mkfifo "$tmp/kb/flags.json" || exit 2
  expect 78 timeout 10 "$bin" kb check "$tmp/kb"
  mentions "flags.json: not a regular file"
  ;;
too-big)
  { printf '{"sources": [\n'; head -c 1100000 /dev/zero | tr '\0' ' '; printf ']}\n'; } > "$tmp/kb/sources.json"
  expect 78 "$bin" kb check "$tmp/kb"
  mentions "sources.json: 1100017 bytes; a knowledge-base file may hold at most 1024 KiB"
  ;;
nul-cascade)
  # one \u0000 made questions.json unparsable and gave 69 "unknown finding"
  # errors in the files referring to it, some at the wrong line
  sed -i '0,/"text": "/s//"text": "\\u0000/' "$tmp/kb/questions.json"
  expect 78 "$bin" kb check "$tmp/kb"
  mentions "questions.json:8:"; mentions "has 1 problem"
  ;;
many-choices)
  # comparing every pair of 100,003 choices took 20 s
  awk 'BEGIN { for (i = 0; i < 100000; i++) printf "\"c%d\", ", i; printf "\"c7\", " }' > "$tmp/choices"
  awk -v f="$tmp/choices" 'BEGIN { getline c < f } /"better",$/ && !done { sub(/"better",/, c "\"better\","); done = 1 } { print }' \
    "$tmp/kb/questions.json" > "$tmp/q" && mv "$tmp/q" "$tmp/kb/questions.json"
  expect 78 timeout 10 "$bin" kb check "$tmp/kb"
  mentions "lists the choice 'c7' twice"
  ;;
many-problems)
  # 20,000 sources nobody cites: 20,000 problems, each located by searching
  # the whole file from its start made this quadratic
  awk 'BEGIN { printf "{\"sources\": [\n"; for (i = 0; i < 20000; i++) printf "{\"id\": \"s%d\", \"citation\": \"c\"},\n", i }' > "$tmp/s"
  sed "1,2d" "$src/sources.json" >> "$tmp/s" && mv "$tmp/s" "$tmp/kb/sources.json"
  # 60 s: the quadratic checker needed ~2 minutes for these 20,000 (34 s for
  # 10,000); the linear one well under a second, ~11 s under ASan on a
  # machine loaded by other builds, where 10 s was too tight
  expect 78 timeout 60 "$bin" kb check "$tmp/kb"
  mentions "sources.json:20001:8: source 's19999' is never cited"; mentions "has 20000 problems"
  ;;
valid-copy)
  expect 0 "$bin" kb check "$tmp/kb"
  expect 0 "$bin" assess --kb "$tmp/kb" --answers "$answers" --json
  ;;
*) echo "unknown case $case"; exit 2 ;;
esac
echo "ok ($case)"
