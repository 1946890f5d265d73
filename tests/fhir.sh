#!/bin/sh
# fhir.sh BEDBACK FHIR_QR SRCDIR CASE [EXAMPLES] -- the FHIR commands
# (issue 15, docs/fhir.md), one case per run. Needs jq (registered only
# where it is installed). FHIR_QR is tests/fhir_qr.c, a response writer of
# its own; EXAMPLES is ../shared/examples when it exists.
set -u
bin=$1 qr=$2 src=$3 case=$4 examples=${5:-}
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL ($case): $*"; [ -f "$tmp/err" ] && { echo "--- stderr:"; head -c 3000 "$tmp/err"; }; exit 1; }
# run STATUS ARGS...: bedback ARGS with stdout to $tmp/out, stderr to $tmp/err
run() {
  want=$1; shift
  "$bin" "$@" </dev/null >"$tmp/out" 2>"$tmp/err"; got=$?
  [ "$got" = "$want" ] || fail "exit status $got, wanted $want ($*)"
}
jqe() { # jqe FILE FILTER: the filter must be true
  jq -e "$2" "$1" >/dev/null || fail "$1: not true: $2"
}

# roundtrip NAME ANSWERS: assess --json of the answers, and of the responses
# to them, give the same bytes: fhir_qr's, in one of its layouts in turn
# (grouped, flat, nested under answers), and every third time the one
# `assess --format fhir` carries (each process costs under ASan)
roundtrip() {
  name=$1 answers=$2
  "$bin" assess --answers "$answers" --json </dev/null >"$tmp/want.json" 2>"$tmp/err" ||
    fail "$name: assess --answers failed"
  set -- groups flat nested
  shift $((rounds % 3))
  for layout in $1; do
    "$qr" "$layout" "$answers" >"$tmp/qr.json" || fail "$name: fhir_qr $layout failed"
    "$bin" assess --fhir-response "$tmp/qr.json" --json </dev/null >"$tmp/got.json" 2>"$tmp/err" ||
      fail "$name: assess --fhir-response ($layout) failed"
    cmp -s "$tmp/want.json" "$tmp/got.json" ||
      fail "$name: the assessment of the response ($layout) differs from that of the answers"
  done
  rounds=$((rounds + 1))
  [ $((rounds % 3)) = 1 ] || return 0
  "$bin" assess --answers "$answers" --format fhir </dev/null >"$tmp/bundle.json" 2>"$tmp/err" ||
    fail "$name: assess --format fhir failed"
  jq '.entry[0].resource' "$tmp/bundle.json" >"$tmp/own.json"
  "$bin" assess --fhir-response "$tmp/own.json" --json </dev/null >"$tmp/got.json" 2>"$tmp/err" ||
    fail "$name: the Bundle's own QuestionnaireResponse is refused"
  cmp -s "$tmp/want.json" "$tmp/got.json" ||
    fail "$name: the Bundle's own QuestionnaireResponse assesses differently"
}

# error JSON STATUS TEXT...: the response JSON is refused with STATUS, one
# line on stderr holding each TEXT, nothing on stdout
error() {
  printf '%s\n' "$1" >"$tmp/e.json"
  want=$2; shift 2
  run "$want" assess --fhir-response "$tmp/e.json" --json
  [ -s "$tmp/out" ] && fail "stdout not empty for $(cat "$tmp/e.json")"
  [ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "not one line on stderr for $(cat "$tmp/e.json")"
  for t in "$@"; do
    grep -qF -- "$t" "$tmp/err" || fail "stderr lacks '$t' for $(cat "$tmp/e.json")"
  done
  grep -q '^bedback: assess: ' "$tmp/err" || fail "stderr is not 'bedback: assess: ...'"
}
QR='"resourceType": "QuestionnaireResponse", "status": "completed"'
CANON=https://bedback.invalid/fhir/Questionnaire/bedback
KBV=$("$bin" questions --json | jq -r .knowledge_base) # the built-in kb's version
CS=https://bedback.invalid/fhir/CodeSystem/bedback

case $case in
cli)
  # the Questionnaire: the kb's version, every question once, the warning
  # signs first; --output writes the same bytes, readable by the owner only
  run 0 fhir questionnaire
  cp "$tmp/out" "$tmp/q.json"
  [ -s "$tmp/err" ] && fail "the built-in kb's conditions need no enableWhenExpression"
  v=$("$bin" --version | sed 's/.*knowledge base \(.*\))/\1/')
  jqe "$tmp/q.json" ".resourceType == \"Questionnaire\" and .url == \"$CANON\" and .version == \"$v\""
  run 0 questions --json
  jq -c '[.[] | .id]' "$tmp/out" >"$tmp/ids" 2>/dev/null ||
    jq -c '[.questions[] | .id]' "$tmp/out" >"$tmp/ids"
  jq -c '[.item[].item[].linkId]' "$tmp/q.json" >"$tmp/links"
  cmp -s "$tmp/ids" "$tmp/links" || fail "linkIds $(cat "$tmp/links") are not the questions $(cat "$tmp/ids")"
  jqe "$tmp/q.json" '.item[0].linkId == "section-warning" and ([.item[0].item[].linkId] | length) == 16'
  run 0 fhir questionnaire --output "$tmp/q2.json"
  cmp -s "$tmp/q.json" "$tmp/q2.json" || fail "--output wrote other bytes"
  [ "$(stat -c %a "$tmp/q2.json")" = 600 ] || fail "--output file mode $(stat -c %a "$tmp/q2.json")"
  run 0 fhir codesystem
  jqe "$tmp/out" ".resourceType == \"CodeSystem\" and .url == \"$CS\" and .count == (.concept | length)"
  # every answerOption code is a concept of the CodeSystem
  jq -r '[.. | .answerOption? | select(.) | .[].valueCoding.code] | unique | .[]' "$tmp/q.json" >"$tmp/codes"
  for c in $(cat "$tmp/codes"); do
    jq -e --arg c "$c" 'any(.concept[]; .code == $c)' "$tmp/out" >/dev/null || fail "code $c not in the CodeSystem"
  done
  # a condition enableWhen cannot say: written as FHIRPath and named on stderr
  cp -r "$src/kb" "$tmp/kb"
  sed -i "s/\"sleep_position in \['back', 'mixed'\] or unknown(sleep_position)\"/\"sleep_position != 'stomach' and (age > 30 or unknown(age))\"/" "$tmp/kb/questions.json"
  run 0 fhir questionnaire --kb "$tmp/kb"
  grep -q "^bedback: fhir: question 'pillow_under_knees': enableWhen cannot express its condition \"sleep_position != 'stomach' and (age > 30 or unknown(age))\"" "$tmp/err" ||
    fail "the FHIRPath fallback is not named on stderr"
  [ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "more than the one question named"
  jqe "$tmp/out" '[.. | objects | select(.linkId? == "pillow_under_knees")][0] | (.enableWhen == null) and (.extension[0].url | endswith("sdc-questionnaire-enableWhenExpression")) and (.extension[0].valueExpression.language == "text/fhirpath")'
  # usage
  run 64 fhir
  run 64 fhir nothing
  grep -q "unknown subcommand 'nothing'" "$tmp/err" || fail "unknown subcommand not named"
  run 64 fhir questionnaire --bogus
  run 74 fhir questionnaire --output "$tmp/no/such/dir/q.json"
  run 0 help fhir
  grep -q "bedback fhir questionnaire" "$tmp/out" || fail "no help"
  ;;
errors)
  # every refusal: exit 65, one sentence naming the linkId
  error '{"resourceType": "Patient"}' 65 "not a QuestionnaireResponse: its resourceType is 'Patient'"
  error '[1, 2]' 65 "not a QuestionnaireResponse: the file holds a list"
  error '{"age": 40}' 65 "not a QuestionnaireResponse: it has no resourceType"
  error '{"resourceType": "QuestionnaireResponse",' 65 "not a QuestionnaireResponse: the JSON is invalid"
  error "{$QR, \"questionnaire\": \"http://example.org/Questionnaire/phq9\"}" 65 \
    "answers another questionnaire ('http://example.org/Questionnaire/phq9')"
  error "{$QR, \"questionnaire\": \"$CANON-v2|1\"}" 65 "answers another questionnaire"
  error "{$QR, \"questionnaire\": \"$CANON|\"}" 65 "answers another questionnaire"
  error "{$QR, \"item\": [{\"linkId\": \"bladder_chnage\", \"answer\": [{\"valueBoolean\": true}]}]}" 65 \
    "unknown linkId 'bladder_chnage'" "did you mean 'bladder_change'?"
  error "{$QR, \"item\": [{\"linkId\": \"section-sleep\", \"item\": [{\"linkId\": \"matress_firmness\", \"answer\": [{\"valueInteger\": 5}]}]}]}" 65 \
    "unknown linkId 'matress_firmness'"
  error "{$QR, \"item\": [{\"linkId\": \"age\", \"answer\": [{\"valueDecimal\": 40}]}]}" 65 \
    "linkId 'age': the answer is a valueDecimal, but the question takes a valueInteger"
  error "{$QR, \"item\": [{\"linkId\": \"bladder_change\", \"answer\": [{\"valueString\": \"yes\"}]}]}" 65 \
    "linkId 'bladder_change': the answer is a valueString, but the question takes a valueBoolean"
  error "{$QR, \"item\": [{\"linkId\": \"leg_weakness\", \"answer\": [{\"valueString\": \"one_leg\"}]}]}" 65 \
    "linkId 'leg_weakness': the answer is a valueString, but the question takes a valueCoding"
  error "{$QR, \"item\": [{\"linkId\": \"age\", \"answer\": [{\"valueInteger\": 111}]}]}" 65 \
    "linkId 'age': 111 is out of range; allowed: a whole number from 16 to 110 years"
  error "{$QR, \"item\": [{\"linkId\": \"weight_kg\", \"answer\": [{\"valueDecimal\": 29.5}]}]}" 65 \
    "linkId 'weight_kg': 29.5 is out of range; allowed: a number from 30 to 300 kg"
  error "{$QR, \"item\": [{\"linkId\": \"age\", \"answer\": [{\"valueInteger\": 40.5}]}]}" 65 \
    "linkId 'age': 40.5 is not a whole number"
  error "{$QR, \"item\": [{\"linkId\": \"leg_weakness\", \"answer\": [{\"valueCoding\": {\"system\": \"$CS\", \"code\": \"one-leg\"}}]}]}" 65 \
    "linkId 'leg_weakness': \"one-leg\" is not a choice" 'did you mean "one_leg"?'
  error "{$QR, \"item\": [{\"linkId\": \"leg_weakness\", \"answer\": [{\"valueCoding\": {\"system\": \"http://snomed.info/sct\", \"code\": \"one_leg\"}}]}]}" 65 \
    "linkId 'leg_weakness': the code 'one_leg' is from the system 'http://snomed.info/sct', not bedback's"
  error "{$QR, \"item\": [{\"linkId\": \"leg_weakness\", \"answer\": [{\"valueCoding\": {\"display\": \"one leg\"}}]}]}" 65 \
    "linkId 'leg_weakness': the valueCoding has no code"
  error "{$QR, \"item\": [{\"linkId\": \"tightness\", \"answer\": [{\"valueInteger\": 4}, {\"valueInteger\": 5}]}]}" 65 \
    "linkId 'tightness' has 2 answers; the question takes one"
  error "{$QR, \"item\": [{\"linkId\": \"bladder_change\", \"answer\": [{\"valueBoolean\": true}]}, {\"linkId\": \"section-warning\", \"item\": [{\"linkId\": \"bladder_change\", \"answer\": [{\"valueBoolean\": false}]}]}]}" 65 \
    "linkId 'bladder_change' is answered in two items"
  error "{$QR, \"item\": [{\"linkId\": \"fever\", \"answer\": [{}]}]}" 65 "linkId 'fever': the answer has no value"
  error "{$QR, \"item\": [{\"linkId\": \"fever\", \"answer\": [{\"valueBoolean\": true, \"valueString\": \"x\"}]}]}" 65 \
    "linkId 'fever': one answer holds 2 values"
  error "{$QR, \"item\": [{\"linkId\": \"bmi\", \"answer\": [{\"valueDecimal\": 22}]}]}" 65 \
    "linkId 'bmi' is worked out by bedback and cannot be answered"
  error "{$QR, \"item\": [{\"linkId\": \"section-body\", \"answer\": [{\"valueInteger\": 1}]}]}" 65 \
    "linkId 'section-body' is a group and takes no answer"
  error "{$QR, \"item\": [{\"linkId\": \"age.help\", \"answer\": [{\"valueInteger\": 1}]}]}" 65 \
    "linkId 'age.help' is a help text and takes no answer"
  error "{$QR, \"item\": [{\"text\": \"no id\"}]}" 65 "an item without a linkId"
  error "{$QR, \"item\": {\"linkId\": \"age\"}}" 65 "item must be a list"
  error "{\"resourceType\": \"QuestionnaireResponse\", \"status\": \"entered-in-error\"}" 65 "entered-in-error"
  error "{$QR, \"item\": [{\"linkId\": \"age\", \"answer\": [{\"valueInteger\": 40}]}], \"item\": []}" 65 "not a QuestionnaireResponse: the JSON is invalid"
  # what is accepted: a canonical with or without a version, no canonical,
  # groups and help items without answers, an answer to a disabled item
  for canon in "\"questionnaire\": \"$CANON\"," "\"questionnaire\": \"$CANON|$KBV\"," \
    "\"questionnaire\": \"$CANON|0.9\"," ""; do
    printf '{%s %s, "item": [{"linkId": "section-sleep", "item": [{"linkId": "sleep_position", "answer": [{"valueCoding": {"code": "stomach"}}]}, {"linkId": "pillow_between_knees", "answer": [{"valueBoolean": true}]}, {"linkId": "age.help"}]}]}\n' "$canon" "$QR" >"$tmp/ok.json"
    run 0 assess --fhir-response "$tmp/ok.json" --json
    jqe "$tmp/out" '.triage.level != null'
  done
  printf '{"sleep_position": "stomach", "pillow_between_knees": true}\n' >"$tmp/ok-answers.json"
  run 0 assess --answers "$tmp/ok-answers.json" --json
  mv "$tmp/out" "$tmp/want"
  run 0 assess --fhir-response "$tmp/ok.json" --json
  cmp -s "$tmp/want" "$tmp/out" || fail "an answer to a disabled item is not used as the answers file uses it"
  # a missing file is 66; --answers with --fhir-response is a usage error
  run 66 assess --fhir-response "$tmp/none.json"
  run 64 assess --fhir-response "$tmp/ok.json" --answers "$tmp/ok-answers.json"
  run 65 assess --fhir-response "$tmp/ok.json" --format fhr
  ;;
roundtrip)
  # every golden case and shared example whose answers assess (exit 0)
  rounds=0
  for f in "$src"/tests/cases/*.json ${examples:+"$examples"/*.json}; do
    jq -e 'has("answers") and ((.expect.exit // 0) == 0) and (has("args") | not)' "$f" >/dev/null 2>&1 || continue
    jq '.answers' "$f" >"$tmp/answers.json"
    roundtrip "$(basename "$f")" "$tmp/answers.json"
  done
  [ "$rounds" -ge 100 ] || fail "only $rounds cases made the round trip"
  echo "round trip: $rounds cases"
  ;;
random)
  # property: 200 random answer sets (every type, its ends, "unknown"
  # choices, any subset unanswered) make the same round trip (unit_fhir
  # makes 2,000 more inside the library)
  rounds=0
  i=1
  while [ $i -le 200 ]; do
    "$qr" --random $i >"$tmp/answers.json" || fail "fhir_qr --random $i failed"
    roundtrip "random $i" "$tmp/answers.json"
    i=$((i + 1))
  done
  echo "round trip: $rounds random answer sets"
  ;;
bundle)
  # assess --format fhir: a collection Bundle of QuestionnaireResponse,
  # RiskAssessment (level, reasons, basis) and CarePlan (every
  # recommendation and routine step as an activity); the notes with the
  # disclaimer in both
  for f in "$src"/examples/*.json; do
    run 0 assess --answers "$f" --format fhir
    cp "$tmp/out" "$tmp/b.json"
    run 0 assess --answers "$f" --json
    cp "$tmp/out" "$tmp/a.json"
    jqe "$tmp/b.json" '.resourceType == "Bundle" and .type == "collection" and ([.entry[].resource.resourceType] == ["QuestionnaireResponse", "RiskAssessment", "CarePlan"]) and ([.entry[].fullUrl | test("^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")] | all) and ([.entry[].fullUrl] | unique | length == 3)'
    jqe "$tmp/b.json" '.entry[1].resource.basis[0].reference == .entry[0].fullUrl and (.entry[2].resource.supportingInfo | map(.reference)) == [.entry[0].fullUrl, .entry[1].fullUrl]'
    level=$(jq -r .triage.level "$tmp/a.json")
    jqe "$tmp/b.json" ".entry[1].resource.prediction[0].qualitativeRisk.coding[0] | .system == \"$CS\" and .code == \"triage-$level\""
    n=$(jq '(.recommendations | length) + (.routine | length)' "$tmp/a.json")
    jqe "$tmp/b.json" ".entry[2].resource.activity | length == $n"
    jq -c '[.recommendations[].text]' "$tmp/a.json" >"$tmp/want"
    jq -c "[.entry[2].resource.activity[0:$(jq '.recommendations | length' "$tmp/a.json")][].detail.description | sub(\" Why: .*\$\"; \"\")]" "$tmp/b.json" >"$tmp/got"
    cmp -s "$tmp/want" "$tmp/got" || fail "$f: the CarePlan's activities are not the recommendations' texts"
    jq -c '.notes' "$tmp/a.json" >"$tmp/want"
    jq -c '[.entry[1].resource.note[].text]' "$tmp/b.json" >"$tmp/got"
    cmp -s "$tmp/want" "$tmp/got" || fail "$f: the RiskAssessment does not carry the notes"
    jq -c '[.entry[2].resource.note[].text]' "$tmp/b.json" >"$tmp/got"
    cmp -s "$tmp/want" "$tmp/got" || fail "$f: the CarePlan does not carry the notes"
    jq -e '.notes | any(test("not a diagnosis|does not diagnose"))' "$tmp/a.json" >/dev/null ||
      fail "$f: no disclaimer among the notes"
    # each reason is named in the rationale, and each unasked warning sign
    for id in $(jq -r '.triage.unasked[]' "$tmp/a.json"); do
      label=$(jq -r --arg id "$id" '.questions[] | select(.id == $id) | .label' "$src/kb/questions.json")
      jq -e --arg l "$label" '.entry[1].resource.prediction[0].rationale | contains($l)' "$tmp/b.json" >/dev/null ||
        fail "$f: unasked '$label' not in the rationale"
    done
  done
  # the emergency example names its flag's title in the rationale
  run 0 assess --answers "$src/examples/emergency.json" --format fhir
  jqe "$tmp/out" '.entry[1].resource.prediction[0].qualitativeRisk.coding[0].code == "triage-emergency" and (.entry[1].resource.prediction[0].rationale | length > 20)'
  ;;
diary)
  # export --format fhir: the warning signs on record first, then each
  # night's tightness (LOINC 72514-3, bedback's question, a note that
  # tightness was rated, the night's date), the wake-up rating the next
  # morning, components, an amended night as its current version
  export BEDBACK_DB="$tmp/d.db" BEDBACK_TEST_NOW="2026-12-03 09"
  run 0 log --date 2026-11-29 --tightness 5 --wake 3 --position side --routine --heat 15 --note "slept badly"
  run 0 log --date 2026-11-30 --tightness 4
  run 0 log --date 2026-11-30 --tightness 6
  run 0 export --format fhir
  cp "$tmp/out" "$tmp/x.json"
  jqe "$tmp/x.json" '.resourceType == "Bundle" and .type == "collection" and (.entry | length == 3) and ([.entry[].resource.resourceType] | all(. == "Observation"))'
  jqe "$tmp/x.json" '[.entry[].resource | select(.code.coding[0].code == "72514-3" and .code.coding[0].system == "http://loinc.org")] | length == 3'
  jqe "$tmp/x.json" '.entry[0].resource | .effectiveDateTime == "2026-11-29" and .valueInteger == 5 and .status == "final" and (.code.text | test("how tight or sore"; "i")) and (.note[0].text | test("tightness was rated")) and (.note[1].text == "slept badly")'
  jqe "$tmp/x.json" '.entry[0].resource.component | map({(.code.coding[0].code): (.valueBoolean // .valueQuantity.value // .valueCodeableConcept.coding[0].code)}) | add == {"sleep-position": "side", "bedtime-routine": true, "heat-minutes": 15}'
  jqe "$tmp/x.json" '.entry[1].resource | .effectiveDateTime == "2026-11-30" and .valueInteger == 3 and (.code.text | startswith("On waking after the night of 2026-11-29"))'
  jqe "$tmp/x.json" '.entry[2].resource | .effectiveDateTime == "2026-11-30" and .valueInteger == 6 and .status == "amended"'
  # a warning sign logged: it opens the Bundle, before any night
  run 0 log --date 2026-12-02 --tightness 7 --symptom fever --symptom leg_numbness=one_leg
  run 0 export --format fhir
  cp "$tmp/out" "$tmp/x.json"
  run 0 export --format json
  n=$(jq '.warning_signs | length' "$tmp/out")
  [ "$n" -ge 1 ] || fail "the diary shows no warning sign on record"
  jq -c '[.warning_signs[].title]' "$tmp/out" >"$tmp/want"
  jq -c "[.entry[0:$n][].resource | select(.code.coding[0].code == \"warning-sign\") | .code.text]" "$tmp/x.json" >"$tmp/got"
  cmp -s "$tmp/want" "$tmp/got" || fail "the Bundle does not open with the warning signs on record: $(cat "$tmp/got") vs $(cat "$tmp/want")"
  jqe "$tmp/x.json" ".entry[$n].resource.code.coding[0].code == \"72514-3\""
  jqe "$tmp/x.json" '[.entry[].resource | select(.effectiveDateTime == "2026-12-02" and .code.coding[0].code == "72514-3")][0].note | any(.text | test("Warning-sign answers logged this night"))'
  # withdrawn: the sign no longer opens it
  run 0 log --withdraw fever --date 2026-12-02
  run 0 log --withdraw leg_numbness --date 2026-12-02
  run 0 export --format fhir
  jqe "$tmp/out" '.entry[0].resource.code.coding[0].code == "72514-3"'
  # an empty diary: an empty Bundle
  export BEDBACK_DB="$tmp/empty.db"
  run 0 export --format fhir
  jqe "$tmp/out" '.resourceType == "Bundle" and (.entry == null)'
  run 65 export --format fihr
  ;;
*) echo "fhir.sh: unknown case $case"; exit 2 ;;
esac
exit 0
