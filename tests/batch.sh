#!/bin/sh
# batch.sh BEDBACK SRCDIR CASE -- `bedback batch` (issue 13), one case per
# run. Needs jq (registered only where it is installed).
set -u
bin=$1 src=$2 case=$3
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL ($case): $*"; [ -f "$tmp/err" ] && { echo "--- stderr:"; head -c 3000 "$tmp/err"; }; exit 1; }
# run STATUS ARGS...: bedback batch ARGS with stdout to $tmp/out, stderr to $tmp/err
run() {
  want=$1; shift
  "$bin" batch "$@" >"$tmp/out" 2>"$tmp/err"; got=$?
  [ "$got" = "$want" ] || fail "exit status $got, wanted $want (batch $*)"
}
line_of() { sed -n "${1}p" "$tmp/out"; }
field() { line_of "$1" | jq -c "$2"; }
expect_field() { # expect_field N JQ VALUE
  got=$(field "$1" "$2")
  [ "$got" = "$3" ] || fail "output line $1: $2 is $got, wanted $3"
}

case $case in
order)
  # 3000 records, every 7th one bad: the same bytes with 8 threads as with
  # one, each record in input order with its line and id
  awk 'BEGIN { for (i = 1; i <= 3000; i++) {
      if (i % 7 == 0) printf "{\"id\": %d, \"answers\": {\"tightness\": 99}}\n", i;
      else printf "{\"id\": %d, \"answers\": {\"sleep_position\": \"%s\", \"tightness\": %d, \"bladder_change\": %s}}\n",
        i, (i % 3 == 0 ? "back" : "side"), i % 11, (i % 13 == 0 ? "true" : "false") } }' >"$tmp/in.ndjson"
  run 65 --input "$tmp/in.ndjson" --threads 1 --summary
  mv "$tmp/out" "$tmp/one"
  run 65 --input "$tmp/in.ndjson" --threads 8 --summary
  cmp -s "$tmp/one" "$tmp/out" || fail "8 threads wrote other lines than 1"
  [ "$(wc -l <"$tmp/out")" -eq 3000 ] || fail "$(wc -l <"$tmp/out") lines, wanted 3000"
  jq -e -s '[.[] | .line] == [range(1; 3001)] and [.[] | .id] == [range(1; 3001)]' "$tmp/out" >/dev/null ||
    fail "lines or ids out of order"
  jq -e -s '[.[] | select(.error)] | length == 428' "$tmp/out" >/dev/null || fail "not 428 errors"
  # every record answers one warning question of 16: all 2572 assessed leave some unanswered
  grep -q '^bedback: batch: 3000 records: .* 428 errors; 2572 with warning-sign questions unanswered$' \
    "$tmp/err" || fail "no count line"
  ;;
errors)
  # a bad record is reported with its line, key and status, and the batch goes on
  printf '%s\n' '{"sleep_position": "side", "tightness": 4}' '' '{"sleep_position": "sdie"}' \
    'not json' '{"tightness": 4, "tightness": 5}' '{"id": "x", "answers": [1]}' \
    '{"id": "y", "answers": {"tightness": 1}, "note": "z"}' '{"id": {"a": 1}, "answers": {}}' \
    '{"saddle_numbness": true}' >"$tmp/in.ndjson"
  run 65 --input "$tmp/in.ndjson"
  [ "$(wc -l <"$tmp/out")" -eq 8 ] || fail "$(wc -l <"$tmp/out") lines, wanted 8 (the blank line gives none)"
  expect_field 1 '.line' 1
  expect_field 1 '.assessment.triage.level' '"self_care"'
  expect_field 2 '[.line, .error.key, .error.status]' '[3,"sleep_position",65]'
  line_of 2 | grep -q 'did you mean' || fail "no suggestion for sdie"
  expect_field 3 '[.line, .error.status]' '[4,65]'
  line_of 3 | grep -q 'not valid JSON' || fail "line 4: not said to be invalid JSON"
  expect_field 4 '[.line, .error.key]' '[5,"tightness"]'
  line_of 4 | grep -q 'given twice' || fail "line 5: the repeated key not named"
  expect_field 5 '[.line, .id]' '[6,"x"]'
  line_of 5 | grep -q 'must be an object' || fail "line 6: answers not an object"
  line_of 6 | grep -q 'not \\"note\\"' || fail "line 7: the extra key not named"
  line_of 7 | grep -q 'must be a string or a number' || fail "line 8: a bad id not refused"
  expect_field 8 '[.line, .assessment.triage.level]' '[9,"emergency"]'
  grep -q ': 8 records: 1 self_care, 0 consult, 0 urgent, 1 emergency, 6 errors; 2 with warning-sign questions unanswered$' "$tmp/err" ||
    fail "count line wrong"
  ;;
csv)
  # a BOM, CRLF line ends, blank lines, quoted cells holding a comma, a quote
  # and a line end; the header is line 1 and a quoted line end starts no record
  printf '\357\273\277id,sleep_position,tightness,bladder_change\r\n' >"$tmp/in.csv"
  printf '"a,b",side,4,\r\n' >>"$tmp/in.csv"
  printf '\r\n' >>"$tmp/in.csv"
  printf '"say ""hi""","back",2,false\r\n' >>"$tmp/in.csv"
  printf '"two\nlines",side,,true\n' >>"$tmp/in.csv"
  printf '\n' >>"$tmp/in.csv"
  printf 'p5,sdie,3,false\n' >>"$tmp/in.csv"
  printf 'p6,side,3\n' >>"$tmp/in.csv"
  printf 'p7,side,yes,false' >>"$tmp/in.csv"
  run 65 --input "$tmp/in.csv" --summary
  [ "$(wc -l <"$tmp/out")" -eq 6 ] || fail "$(wc -l <"$tmp/out") lines, wanted 6"
  expect_field 1 '[.line, .id, .level]' '[2,"a,b","self_care"]'
  expect_field 2 '[.line, .id, .level]' '[4,"say \"hi\"","self_care"]'
  expect_field 3 '[.line, .id, .level]' '[5,"two\nlines","emergency"]'
  expect_field 4 '[.line, .id, .error.key]' '[8,"p5","sleep_position"]'
  expect_field 5 '[.line, .id]' '[9,"p6"]'
  line_of 5 | grep -q 'the row has 3 cells; the header has 4' || fail "a short row not refused"
  expect_field 6 '[.line, .id, .error.key]' '[10,"p7","tightness"]'
  line_of 6 | grep -q '\\"yes\\" is a string' || fail "a word for a number not refused as JSON answers are"
  # the same records from NDJSON: the same summaries
  run 0 --input-format csv --input - --summary <<'X'
sleep_position,tightness
side,4
X
  expect_field 1 '[.line, .id, .level]' '[2,null,"self_care"]'
  # a header naming a column twice stops before any record
  printf 'tightness,tightness\n4,5\n' >"$tmp/dup.csv"
  run 65 --input "$tmp/dup.csv"
  [ ! -s "$tmp/out" ] || fail "records written after a bad header"
  grep -q 'names "tightness" twice' "$tmp/err" || fail "the repeated column not named"
  ;;
same-as-assess)
  # each record's assessment is assess --json's, for every example and
  # golden case with answers (the error's status and message too)
  : >"$tmp/in.ndjson"
  n=0
  for f in "$src"/examples/*.json "$src"/tests/cases/*.json; do
    if jq -e 'has("expect")' "$f" >/dev/null 2>&1; then
      jq -e 'has("args") | not' "$f" >/dev/null || continue
      jq -e 'has("answers") and (.answers | type == "object")' "$f" >/dev/null || continue
      jq -c .answers "$f" >"$tmp/a$n.json"
    else
      jq -c . "$f" >"$tmp/a$n.json" || continue
    fi
    cat "$tmp/a$n.json" >>"$tmp/in.ndjson"
    n=$((n + 1))
  done
  [ "$n" -gt 50 ] || fail "only $n answer sets found"
  "$bin" batch --input "$tmp/in.ndjson" --threads 2 >"$tmp/out" 2>"$tmp/err"
  : >"$tmp/want.all"
  : >"$tmp/want.errors"
  i=0
  while [ "$i" -lt "$n" ]; do
    l=$((i + 1))
    "$bin" assess --answers "$tmp/a$i.json" --json >"$tmp/want" 2>"$tmp/want.err.$l" </dev/null
    st=$?
    if [ "$st" = 0 ]; then cat "$tmp/want" >>"$tmp/want.all"; else echo "$l $st" >>"$tmp/want.errors"; fi
    i=$((i + 1))
  done
  jq -S -c . "$tmp/want.all" >"$tmp/want.sorted"
  jq -S -c 'select(.assessment) | .assessment' "$tmp/out" >"$tmp/got.sorted"
  cmp -s "$tmp/want.sorted" "$tmp/got.sorted" || fail "the assessments are not those of assess --json"
  jq -r 'select(.error) | "\(.line) \(.error.status)"' "$tmp/out" >"$tmp/got.errors"
  cmp -s "$tmp/want.errors" "$tmp/got.errors" || fail "the records refused or their statuses differ from assess's"
  jq -r 'select(.error) | "\(.line)\t\(.error.message)"' "$tmp/out" | while IFS='	' read -r l msg; do
    grep -qF -- "$msg" "$tmp/want.err.$l" || { echo "record $l: '$msg' is not assess's message"; exit 1; }
  done || fail "an error message differs from assess's"
  [ "$(wc -l <"$tmp/got.sorted")" -gt 40 ] || fail "too few assessments compared"
  # --summary is the same triage: level, flags, the warning questions left
  # unanswered (never dropped: a screening list would read them as "no")
  # and causes; the count line says how many records left some unanswered
  jq -c 'select(.assessment) | [.line, .assessment.triage.level, [.assessment.triage.flags[].id],
    .assessment.triage.unasked, [.assessment.causes[].id]]' "$tmp/out" >"$tmp/want.summary"
  unasked=$(jq -s '[.[] | select(.assessment.triage.unasked | length > 0)] | length' "$tmp/out")
  [ "$unasked" -gt 5 ] && [ "$unasked" -lt "$(wc -l <"$tmp/want.summary")" ] ||
    fail "the cases do not mix records with and without unanswered warning questions ($unasked)"
  "$bin" batch --input "$tmp/in.ndjson" --threads 2 --summary >"$tmp/out" 2>"$tmp/err"
  jq -c 'select(.level) | [.line, .level, .flags, .unasked, .causes]' "$tmp/out" >"$tmp/got.summary"
  cmp -s "$tmp/want.summary" "$tmp/got.summary" || fail "--summary differs from the full triage"
  grep -q "; $unasked with warning-sign questions unanswered\$" "$tmp/err" ||
    fail "the count line does not say $unasked records left warning questions unanswered: $(cat "$tmp/err")"
  echo "same-as-assess: $n records compared"
  ;;
fit)
  # the fit runs when the body's size is given, unless --no-fit
  printf '%s\n' '{"sleep_position": "side", "tightness": 4, "sex": "female", "height_cm": 165, "weight_kg": 60}' \
    >"$tmp/in.ndjson"
  run 0 --input "$tmp/in.ndjson"
  expect_field 1 '.assessment | has("fit")' true
  run 0 --input "$tmp/in.ndjson" --no-fit
  expect_field 1 '.assessment | has("fit")' false
  ;;
interrupt)
  # Ctrl-C while the input is still open: the records read so far are
  # written whole, then the count line and 130
  mkfifo "$tmp/fifo" || fail "mkfifo"
  "$bin" batch --input "$tmp/fifo" --threads 2 --summary >"$tmp/out" 2>"$tmp/err" &
  pid=$!
  exec 3>"$tmp/fifo"
  i=0
  while [ $i -lt 500 ]; do echo '{"sleep_position": "side", "tightness": 4}' >&3; i=$((i + 1)); done
  sleep 2
  kill -INT $pid
  wait $pid
  st=$?
  exec 3>&-
  [ "$st" = 130 ] || fail "exit status $st after SIGINT, wanted 130"
  [ "$(wc -l <"$tmp/out")" -eq 500 ] || fail "$(wc -l <"$tmp/out") lines, wanted the 500 read"
  [ "$(tail -c 1 "$tmp/out" | od -An -c | tr -d ' ')" = '\n' ] || fail "the output does not end with a whole line"
  grep -q '500 records.*stopped by a signal' "$tmp/err" || fail "no count line"
  ;;
usage)
  run 64 --input-format xml
  run 66 --input "$tmp/none.ndjson"
  run 65 --threads 0
  ;;
*) echo "unknown case $case"; exit 2 ;;
esac
