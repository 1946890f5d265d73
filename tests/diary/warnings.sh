#!/bin/sh
# A warning sign is never behind other output (issue 8): every diary
# output opens with the warning signs on record, the log's triage is the
# assessment's block, a diary that cannot be opened does not hide the
# triage, withdrawing is deliberate, and an old answers file does not
# supersede a newer logged sign.
. "$(dirname "$0")/lib.sh" "$@"
EX=$(dirname "$0")/../../examples
# first LINE of FILE
first() { sed -n 1p "$1"; }
# the widest line of FILE, in characters (the knowledge base's one
# non-ASCII character, the em dash, counted as one)
widest() { sed 's/—/-/g' "$1" | tr -d '\r' | awk '{ if (length($0) > m) m = length($0) } END { print m + 0 }'; }

# A month of improving nights, then an emergency.
i=0
while [ $i -lt 28 ]; do
  "$BB" log --date "$(date -u -d "2026-09-01 +$i days" +%F)" --tightness $((7 - i / 5)) >/dev/null || fail "log night $i"
  i=$((i + 1))
done
expect 0 "log an emergency" -- "$BB" log --date 2026-09-28 --tightness 3 --symptom leg_numbness=both_legs

# The log's triage is the assessment's block: banner, reasons, who to see;
# off a terminal wrapped to 80 columns.
first "$T/out" | grep -q '^ EMERGENCY  Call the emergency number' || fail "log triage has no banner: $(first "$T/out")"
has "$T/out" "^Why" "log triage gives the reasons"
has "$T/out" "Tell them which of the warning signs" "log triage says what to tell the clinician"
[ "$(widest "$T/out")" -le 80 ] || fail "log triage not wrapped to 80 columns off a terminal: $(widest "$T/out")"

# trend: the sign first, in words, with its night, level and what to do;
# no "keep going".
expect 0 "trend" -- "$BB" trend
first "$T/out" | grep -q 'WARNING SIGN ON RECORD: EMERGENCY' || fail "trend does not open with the sign: $(first "$T/out")"
has "$T/out" "night of 2026-09-28, EMERGENCY: Weakness, numbness or tingling in both legs" "trend names the sign in words"
has "$T/out" "Call the emergency number" "trend says what to do"
grep -qi "keep going" "$T/out" && fail "trend says keep going while an emergency stands"
[ "$(grep -n 'WARNING SIGN' "$T/out" | cut -d: -f1)" -lt "$(grep -n 'Tightness trend' "$T/out" | cut -d: -f1)" ] \
  || fail "the sign is not before the chart"
expect 0 "trend --json" -- "$BB" trend --json
jq -e '(keys_unsorted[0] == "warning_signs")
  and .warning_signs[0].id == "bilateral_leg_symptoms" and .warning_signs[0].level == "emergency"
  and .warning_signs[0].date == "2026-09-28"
  and (.flags | map(select(.id == "bilateral_leg_symptoms" and .level == "emergency")) | length) == 1
  and (.advice | test("keep going"; "i") | not)' "$T/out" >/dev/null || fail "trend json: $(head -c 600 "$T/out")"

# export: json carries them before the trend; csv names them in words on
# the night, with nothing before the header; html opens with them.
expect 0 "export json" -- "$BB" export --format json
jq -e '(keys_unsorted | index("warning_signs")) < (keys_unsorted | index("trend"))
  and (keys_unsorted | index("warning_signs")) < (keys_unsorted | index("entries"))
  and .warning_signs[0].id == "bilateral_leg_symptoms" and .warning_signs[0].date == "2026-09-28"
  and .trend.warning_signs[0].level == "emergency"
  and (.entries[-1].warning_signs == "leg numbness: yes, in both legs")' "$T/out" >/dev/null \
  || fail "export json: $(head -c 600 "$T/out")"
expect 0 "export csv" -- "$BB" export --format csv
first "$T/out" | grep -q '^date,tightness,wake,position,routine,heat_minutes,warning_signs,triage,note,earlier_versions' \
  || fail "csv header: $(first "$T/out")"
grep -q '^2026-09-28,3,,,,,"leg numbness: yes, in both legs",emergency,' "$T/out" || fail "csv sign in words: $(tail -n1 "$T/out")"
grep -q '{' "$T/out" && fail "csv has raw JSON"
expect 0 "export html" -- "$BB" export --format html --output "$T/report.html"
h=$T/report.html
grep -q 'Warning sign on record: EMERGENCY' "$h" || fail "html has no warning box"
grep -q 'Night of 2026-09-28: <b>Weakness, numbness or tingling in both legs</b>' "$h" || fail "html sign not in words"
[ "$(grep -n 'class="signs' "$h" | cut -d: -f1)" -lt "$(grep -n 'class="summary' "$h" | cut -d: -f1)" ] \
  || fail "html: the warning box is not before the summary"
grep -q 'class="summary improving"' "$h" && fail "html: a green improving box over an emergency"
grep -q '&quot;leg_numbness&quot;' "$h" && fail "html entry table shows raw JSON"
grep -q 'leg numbness: yes, in both legs' "$h" || fail "html entry table: the sign not in words"
grep -q '<b>bilateral_leg_symptoms</b>' "$h" && fail "html: a flag under its raw id"
grep -qi 'keep going' "$h" && fail "html says keep going while an emergency stands"

# routine and heat refuse with the sign first; a log without a new sign
# opens with it too.
expect 3 "routine refuses" -- "$BB" routine
first "$T/out" | grep -q 'WARNING SIGN ON RECORD: EMERGENCY' || fail "routine refusal does not open with the sign"
has "$T/out" "Weakness, numbness or tingling in both legs" "routine refusal names the sign"
expect 3 "heat refuses" -- "$BB" heat
first "$T/out" | grep -q 'WARNING SIGN ON RECORD: EMERGENCY' || fail "heat refusal does not open with the sign"
expect 0 "log a night while a sign stands" -- "$BB" log --date 2026-09-29 --tightness 3
first "$T/out" | grep -q 'WARNING SIGN ON RECORD: EMERGENCY' || fail "log does not open with the sign: $(first "$T/out")"

# Withdrawing is its own act: --symptom X=none or X=no writes nothing and
# says how; --withdraw takes the sign back, kept in the history.
before=$(q "SELECT count(*) FROM entries_history")
expect 64 "--symptom X=none refused" -- "$BB" log --date 2026-09-28 --tightness 3 --symptom leg_numbness=none
has "$T/err" "bedback log --withdraw leg_numbness --date" "points to --withdraw"
expect 64 "--symptom X=no refused" -- "$BB" log --date 2026-09-28 --tightness 3 --symptom bladder_change=no
expect 64 "--symptom X=nope refused" -- "$BB" log --date 2026-09-28 --tightness 3 --symptom bladder_change=nope
[ "$(q "SELECT count(*) FROM entries_history")" = "$before" ] || fail "a refused --symptom wrote something"
expect 3 "still refused after X=none" -- "$BB" routine
expect 65 "withdraw what was not logged that night" -- "$BB" log --withdraw leg_numbness --date 2026-09-27
expect 65 "withdraw an unknown sign" -- "$BB" log --withdraw leg_numbess --date 2026-09-28
expect 64 "withdraw with other fields" -- "$BB" log --withdraw leg_numbness --date 2026-09-28 --tightness 2
expect 0 "withdraw" -- "$BB" log --withdraw leg_numbness --date 2026-09-28
has "$T/out" "Withdrew" "says it withdrew"
[ "$(q "SELECT reason FROM entries_history WHERE date='2026-09-28' AND reason IS NOT NULL")" = "withdrew leg_numbness" ] \
  || fail "withdrawal not in the entry's history"
q "SELECT symptoms FROM entries_history WHERE reason='withdrew leg_numbness'" | grep -q both_legs || fail "history lost the sign"
[ -z "$(q "SELECT symptoms FROM entries WHERE date='2026-09-28'")" ] || fail "entry still holds the sign"
expect 0 "routine after the withdrawal" -- "$BB" routine </dev/null
expect 0 "trend after the withdrawal" -- "$BB" trend --json
jq -e '.warning_signs == [] and .verdict == "improving"' "$T/out" >/dev/null || fail "withdrawn sign still on record"

# An answers file older than a logged sign does not supersede it (and
# saving says so); a newer answer of "no" clears it.
expect 0 "log bladder change" -- "$BB" log --date 2026-09-29 --tightness 3 --symptom bladder_change
cp "$EX/side-sleeper.json" "$T/old.json"
touch -d 2020-01-01 "$T/old.json"
expect 0 "assess --save an old answers file" -- "$BB" assess --answers "$T/old.json" --save
has "$T/err" "before these warning signs were logged" "saving says the file is older"
has "$T/err" "bladder_change" "names the sign"
expect 3 "routine still refuses" -- "$BB" routine
has "$T/out" "New trouble passing urine or controlling" "the logged sign still stands"
sleep 1
cp "$EX/side-sleeper.json" "$T/new.json"
grep -q '"bladder_change": false' "$T/new.json" || fail "example changed: bladder_change not false"
expect 0 "assess --save a new answers file" -- "$BB" assess --answers "$T/new.json" --save
expect 0 "a newer no clears it" -- "$BB" routine </dev/null

# The diary cannot be opened: the triage first, then the diary's error and
# its status.
mkdir -p "$T/folder"
echo "not a diary" >"$T/text.txt"
cp "$BEDBACK_DB" "$T/newer.db"
sqlite3 "$T/newer.db" "PRAGMA user_version=99"
for bad in folder:74 text.txt:65 newer.db:65; do
  f=${bad%%:*} st=${bad##*:}
  expect "$st" "log a sign, diary $f" -- "$BB" log --db "$T/$f" --tightness 3 --symptom bladder_change
  first "$T/out" | grep -q '^ EMERGENCY ' || fail "diary $f: no triage: $(first "$T/out")"
  has "$T/err" "$f" "diary $f: the error names it"
  expect "$st" "log a sign without tightness, diary $f" -- "$BB" log --db "$T/$f" --symptom bladder_change
  first "$T/out" | grep -q '^ EMERGENCY ' || fail "diary $f (no tightness): no triage"
done

# An emergency assessment holds only what matters for it.
jq '. + {bladder_change: true}' "$EX/side-sleeper.json" >"$T/em.json"
expect 0 "emergency assessment" -- "$BB" assess --answers "$T/em.json"
for x in "Cause scores" "Mild soreness" "sleep-setup and stretching" "What may be feeding" \
  "Your body on your mattress" "Your bedtime routine" "Your sleep setup"; do
  grep -q "$x" "$T/out" && fail "emergency text has '$x'"
done
has "$T/out" "Go to an emergency department now and tell them" "emergency text keeps what to tell them"
has "$T/out" "does not diagnose" "emergency text still says it does not diagnose"
expect 0 "emergency assessment, markdown" -- "$BB" assess --answers "$T/em.json" --format markdown
grep -q "Cause scores\|Mild soreness\|## What may be feeding" "$T/out" && fail "emergency markdown holds more than the emergency"

# A sign someone should see, not urgent (consult): routine and heat go on,
# but the triage comes first, then what they are meanwhile (a diary of
# its own: nothing on record).
printf '{"self_care_weeks": 4, "trend": "same", "bladder_change": false}\n' >"$T/consult.json"
for cmd in routine heat; do
  expect 0 "$cmd with a consult sign" -- env BEDBACK_DB="$T/consult.db" BEDBACK_TEST_TIME_SCALE=5000 \
    "$BB" $cmd --answers "$T/consult.json" </dev/null
  first "$T/out" | grep -q '^ SEE A CLINICIAN  Book an appointment' ||
    fail "$cmd does not open with the consult triage: $(first "$T/out")"
  has "$T/out" "self-care to keep going while you wait; it does not" "$cmd says what it is meanwhile"
done
expect 0 "routine with a consult sign" -- env BEDBACK_DB="$T/consult.db" \
  "$BB" routine --answers "$T/consult.json" </dev/null
[ "$(grep -n 'SEE A CLINICIAN' "$T/out" | head -n 1 | cut -d: -f1)" -lt \
  "$(grep -n 'Your bedtime routine' "$T/out" | cut -d: -f1)" ] || fail "the routine is before the triage"
printf '{"self_care_weeks": 1, "trend": "better", "bladder_change": false}\n' >"$T/calm.json"
expect 0 "routine without a sign" -- env BEDBACK_DB="$T/consult.db" "$BB" routine --answers "$T/calm.json" </dev/null
first "$T/out" | grep -q '^Your bedtime routine' || fail "no sign: the routine does not come first"
finish
