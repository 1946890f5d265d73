#!/bin/sh
# bedback log / setup / trend / export / assess --save, end to end.
. "$(dirname "$0")/lib.sh" "$@"
EX=$(dirname "$0")/../../examples

# Last night is the night that ended this morning: yesterday's date,
# morning or evening, named by its date in the confirmation.
BEDBACK_TEST_NOW="2026-11-25 09" expect 0 "log in the morning" -- "$BB" log --tightness 5
has "$T/out" "night of 2026-11-24 (last night)" "in the morning, last night is yesterday"
BEDBACK_TEST_NOW="2026-11-25 15" expect 0 "log after noon" -- "$BB" log --tightness 4
has "$T/out" "night of 2026-11-24 (last night)" "after noon, last night is still yesterday"
[ "$(q "SELECT count(*) FROM entries WHERE date='2026-11-25'")" = 0 ] || fail "last night filed under today"
# a wake-up rating only for a night that has ended
BEDBACK_TEST_NOW="2026-11-25 21" expect 65 "wake for tonight" -- "$BB" log --date 2026-11-25 --tightness 3 --wake 2
has "$T/err" "the night of 2026-11-25 has not ended yet" "wake refusal message"
[ "$(q "SELECT count(*) FROM entries WHERE date='2026-11-25'")" = 0 ] || fail "refused wake wrote"
BEDBACK_TEST_NOW="2026-11-25 21" expect 0 "tonight without wake" -- "$BB" log --date 2026-11-25 --tightness 3
has "$T/out" "night of 2026-11-25 (tonight)" "tonight named"
[ "$(stat -c %a "$BEDBACK_DB")" = 600 ] || fail "diary is not 0600"
[ "$(q 'PRAGMA journal_mode')" = wal ] || fail "not WAL"

# Where the diary lives without --db and BEDBACK_DB.
mkdir -p "$HOME/.local/share/bedback" && chmod 755 "$HOME/.local/share/bedback"
env -u BEDBACK_DB "$BB" log --tightness 2 >/dev/null || fail "log to the default place"
[ "$(stat -c %a "$HOME/.local/share/bedback")" = 700 ] || fail "default folder not 0700"
[ "$(stat -c %a "$HOME/.local/share/bedback/diary.db")" = 600 ] || fail "default file not 0600"
env -u BEDBACK_DB XDG_DATA_HOME="$T/xdg" "$BB" log --tightness 2 >/dev/null || fail "log to XDG_DATA_HOME"
[ "$(stat -c %a "$T/xdg/bedback")" = 700 ] || fail "XDG folder not 0700"
[ -f "$T/xdg/bedback/diary.db" ] || fail "not in XDG_DATA_HOME"
expect 0 "--db wins" -- "$BB" log --db "$T/flag.db" --tightness 2
[ -f "$T/flag.db" ] || fail "--db not used"
expect 74 "no HOME, no --db" -- env -u BEDBACK_DB -u HOME -u XDG_DATA_HOME "$BB" log --tightness 2

# Bad input: exit 65, a clear message, nothing written.
before=$(q "SELECT count(*) || '/' || (SELECT count(*) FROM entries_history) FROM entries")
expect 65 "tightness 11" -- "$BB" log --date 2026-11-20 --tightness 11
has "$T/err" "from 0 to 10, not '11'" "tightness message"
expect 65 "2026-02-30" -- "$BB" log --date 2026-02-30 --tightness 3
has "$T/err" "2026-02-30 is not a real date" "date message"
expect 65 "text for a number" -- "$BB" log --date 2026-11-20 --tightness four
expect 65 "text for wake" -- "$BB" log --date 2026-11-20 --tightness 4 --wake 3.5
expect 65 "heat out of range" -- "$BB" log --date 2026-11-20 --tightness 4 --heat 500
expect 65 "bad position" -- "$BB" log --date 2026-11-20 --tightness 4 --position hammock
expect 65 "future date" -- "$BB" log --date 2999-01-01 --tightness 4
expect 65 "unknown symptom" -- "$BB" log --date 2026-11-20 --tightness 4 --symptom bladder_chnage
has "$T/err" "not a warning sign" "symptom message"
expect 65 "choice symptom without value" -- "$BB" log --date 2026-11-20 --tightness 4 --symptom leg_numbness
has "$T/err" "leg_numbness=one_leg" "choice symptom message"
expect 65 "bad symptom value" -- "$BB" log --date 2026-11-20 --tightness 4 --symptom leg_numbness=three_legs
long=$(head -c 1001 /dev/zero | tr '\0' x)
expect 65 "note too long" -- "$BB" log --date 2026-11-20 --tightness 4 --note "$long"
expect 64 "no tightness off a terminal" -- "$BB" log --date 2026-11-20 </dev/null
expect 64 "unknown option" -- "$BB" log --bogus 4
# every diary command: a refused option or a stray argument is 64, named,
# with where to get help, and nothing is written
for cmd in log setup trend export routine heat; do
  expect 64 "$cmd: unknown option" -- "$BB" $cmd --bogus
  has "$T/err" "$cmd: unknown option '--bogus'; run \`bedback help $cmd\`" "$cmd option message"
done
for cmd in trend export routine heat; do
  expect 64 "$cmd: stray argument" -- "$BB" $cmd stray
  has "$T/err" "$cmd: unexpected argument 'stray'" "$cmd argument message"
done
after=$(q "SELECT count(*) || '/' || (SELECT count(*) FROM entries_history) FROM entries")
[ "$before" = "$after" ] || fail "bad input wrote something: $before -> $after"

# Amend keeps the earlier version.
expect 0 "log" -- "$BB" log --date 2026-11-01 --tightness 6 --wake 5 --position side --note 'first, "quoted"'
expect 0 "amend" -- "$BB" log --date 2026-11-01 --tightness 3 --routine --heat 15
[ "$(q "SELECT tightness||','||wake||','||position||','||routine||','||heat_minutes FROM entries WHERE date='2026-11-01'")" = "3,5,side,1,15" ] \
  || fail "amend merged wrongly: $(q "SELECT * FROM entries WHERE date='2026-11-01'")"
[ "$(q "SELECT tightness FROM entries_history WHERE date='2026-11-01'")" = 6 ] || fail "history lost"
# the amend says what it changed
tr '\n' ' ' <"$T/out" | sed 's/  */ /g' | grep -q "Amended the night of 2026-11-01: tightness 3, was 6; routine done, was not given; heat 15 minutes, was not given" \
  || fail "amend says what changed: $(cat "$T/out")"
# history shows every version; delete asks (or needs --yes), is kept and undone
expect 0 "history" -- "$BB" history
has "$T/out" "the night of 2026-11-01" "history lists the night"
has "$T/out" "tightness 6, on waking 5, slept on the side" "history shows the earlier version"
expect 64 "delete off a terminal without --yes" -- "$BB" delete --date 2026-11-01 </dev/null
[ "$(q "SELECT count(*) FROM entries WHERE date='2026-11-01'")" = 1 ] || fail "delete without --yes deleted"
expect 0 "delete" -- "$BB" delete --date 2026-11-01 --yes
[ "$(q "SELECT count(*) FROM entries WHERE date='2026-11-01'")" = 0 ] || fail "not deleted"
expect 0 "history after delete" -- "$BB" history
has "$T/out" "2026-11-01  (deleted" "the deleted night is shown as deleted"
expect 0 "undo the delete" -- "$BB" undo --date 2026-11-01
[ "$(q "SELECT tightness||','||heat_minutes FROM entries WHERE date='2026-11-01'")" = "3,15" ] || fail "undo of the delete"
expect 0 "undo the amend" -- "$BB" undo --date 2026-11-01
[ "$(q "SELECT tightness||','||wake FROM entries WHERE date='2026-11-01'")" = "6,5" ] || fail "undo of the amend"
expect 0 "undo the undo" -- "$BB" undo --date 2026-11-01
[ "$(q "SELECT tightness FROM entries WHERE date='2026-11-01'")" = 3 ] || fail "undo of the undo"
expect 65 "delete a night with no entry" -- "$BB" delete --date 2026-10-01 --yes
expect 65 "undo with nothing to undo" -- "$BB" undo --date 2026-10-01
expect 64 "delete without --date" -- "$BB" delete --yes

# assess --save, then a warning sign: triage first, stored with the entry.
expect 0 "assess --save" -- "$BB" assess --answers "$EX/side-sleeper.json" --save
[ "$(q "SELECT count(*) FROM assessments WHERE source='assess' AND kb_version<>''")" = 1 ] || fail "assessment not saved"
expect 0 "log a warning sign" -- "$BB" log --date 2026-11-02 --tightness 4 --symptom leg_numbness=one_leg
head -n1 "$T/out" | grep -q '^ URGENT ' || fail "triage not printed first: $(head -n1 "$T/out")"
[ "$(q "SELECT a.level FROM entries e JOIN assessments a ON a.id=e.assessment_id WHERE e.date='2026-11-02'")" = urgent ] \
  || fail "triage not stored with the entry"
q "SELECT answers FROM assessments WHERE source='log'" | grep -q '"sleep_position"' || fail "not merged with the saved answers"
q "SELECT symptoms FROM entries WHERE date='2026-11-02'" | grep -q '"leg_numbness": "one_leg"' || fail "symptoms not stored: $(q "SELECT symptoms FROM entries WHERE date='2026-11-02'")"
# past assessments: listed by history, shown by assess --show N
expect 0 "history lists assessments" -- "$BB" history
has "$T/out" "  2. " "history numbers the saved assessments"
expect 0 "assess --show" -- "$BB" assess --show --full
has "$T/out" "Saved assessment 1 of 2" "assess --show: the latest"
has "$T/out" "when a warning sign was logged" "assess --show: the latest is the log's"
expect 0 "assess --show 2 --format html" -- "$BB" assess --show 2 --format html
has "$T/out" "Back tightness assessment" "assess --show 2 as HTML"
expect 0 "assess --show 1 --json" -- "$BB" assess --show 1 --json
jq -e '.triage.level == "urgent"' "$T/out" >/dev/null || fail "assess --show --json is the stored record"
expect 65 "assess --show 3" -- "$BB" assess --show 3
has "$T/err" "holds 2 saved assessments" "assess --show out of range"
expect 0 "assess --show --db" -- "$BB" assess --show --db "$BEDBACK_DB"
expect 3 "routine refuses after an urgent warning sign" -- "$BB" routine
has "$T/out" "not for now" "refusal text"
expect 3 "heat refuses too" -- "$BB" heat
# A warning sign without --tightness off a terminal: the night cannot be
# logged (64, nothing written), but the triage is still printed first.
before=$(q "SELECT count(*) FROM entries")
expect 64 "warning sign without tightness" -- "$BB" log --date 2026-11-04 --symptom bladder_change
head -n1 "$T/out" | grep -q '^ EMERGENCY ' || fail "triage not printed without tightness: $(head -n1 "$T/out")"
has "$T/err" "not logged" "says the night was not logged"
[ "$(q "SELECT count(*) FROM entries")" = "$before" ] || fail "an entry was written without tightness"
expect 64 "warning sign without tightness, no diary yet" -- "$BB" log --db "$T/none.db" --symptom bladder_change
head -n1 "$T/out" | grep -q '^ EMERGENCY ' || fail "triage not printed without a diary"
[ -e "$T/none.db" ] && fail "a diary was created for a triage only"
expect 64 "no tightness, no warning sign" -- "$BB" log --date 2026-11-04
expect 0 "bladder change: emergency, still logged" -- "$BB" log --date 2026-11-03 --tightness 4 --symptom bladder_change
head -n1 "$T/out" | grep -q '^ EMERGENCY ' || fail "emergency triage not first"

# Setup changes and the trend.
rm -f "$BEDBACK_DB"*
i=0
while [ $i -lt 28 ]; do
  d=$(date -u -d "2026-09-01 +$i days" +%F)
  "$BB" log --date "$d" --tightness $((7 - i / 5)) >/dev/null || fail "log $d"
  i=$((i + 1))
done
expect 0 "setup change" -- "$BB" setup mattress --date 2026-09-10 --note "medium-firm"
expect 65 "bad setup kind" -- "$BB" setup waterbed
expect 0 "trend" -- "$BB" trend
has "$T/out" "Verdict: improving" "trend verdict"
has "$T/out" "setup change: mattress" "setup change on the chart"
has "$T/out" "##" "ASCII chart when not a terminal"
expect 0 "trend --json" -- "$BB" trend --json
jq -e '.verdict == "improving" and .baseline != null and .current != null and .change < -2
  and .span_days == 27 and (.entries|length) == 28 and (.weekly|length) == 4 and .flags == []' "$T/out" >/dev/null \
  || fail "trend json: $(cat "$T/out")"
expect 0 "trend --weeks 1" -- "$BB" trend --json --weeks 1
jq -e '.verdict == "too_early" and (.entries|length) == 7' "$T/out" >/dev/null || fail "weeks 1"
expect 65 "trend --weeks 0" -- "$BB" trend --weeks 0
expect 0 "trend without a diary" -- "$BB" trend --db "$T/none.db" --json
jq -e '.verdict == "too_early" and .entry_count == 0' "$T/out" >/dev/null || fail "empty trend"
[ -e "$T/none.db" ] && fail "trend created a diary"

# Flat for three weeks: not improving, a consult flag.
rm -f "$BEDBACK_DB"*
for i in $(seq 0 21); do "$BB" log --date "$(date -u -d "2026-09-01 +$i days" +%F)" --tightness 5 >/dev/null; done
"$BB" trend --json | jq -e '.verdict == "not_improving" and .flags == [{"id":"no_improvement","level":"consult"}]' >/dev/null \
  || fail "not_improving"
for i in $(seq 14 21); do "$BB" log --date "$(date -u -d "2026-09-01 +$i days" +%F)" --tightness 8 >/dev/null; done
"$BB" trend --json | jq -e '.verdict == "worsening" and .flags[0].id == "worsening"' >/dev/null || fail "worsening"

# Export.
"$BB" log --date 2026-09-05 --tightness 5 --note 'a <b>note</b> & "quotes", commas' >/dev/null
"$BB" setup pillow --date 2026-09-08 >/dev/null
"$BB" assess --answers "$EX/side-sleeper.json" --save >/dev/null
expect 0 "export csv" -- "$BB" export --format csv
[ "$(wc -l <"$T/out")" -eq 23 ] || fail "csv rows: $(wc -l <"$T/out")"
head -n1 "$T/out" | grep -q '^date,tightness,wake' || fail "csv header"
grep -q '"a <b>note</b> & ""quotes"", commas"' "$T/out" || fail "csv quoting"
# the warning-signs cell is one line, in words (not the stored indented JSON)
"$BB" log --db "$T/sym.db" --date 2026-09-06 --tightness 5 --symptom leg_numbness=one_leg >/dev/null
expect 0 "export csv with symptoms" -- "$BB" export --db "$T/sym.db" --format csv
[ "$(wc -l <"$T/out")" -eq 2 ] || fail "csv symptoms cell spans lines: $(cat "$T/out")"
grep -q '^2026-09-06,5,.*,"leg numbness: yes, in one leg",' "$T/out" || fail "csv symptoms cell: $(cat "$T/out")"
expect 0 "export json" -- "$BB" export --format json
jq -e '(.entries|length) == 22 and .entries[0].date == "2026-09-01" and .entries[0].tightness == 5
  and .trend.verdict == "worsening" and (.setup_changes|length) == 1 and .latest_assessment.level != null' "$T/out" >/dev/null \
  || fail "export json"
TZ=XYZ-2 expect 0 "export html to a file" -- "$BB" export --format html --output "$T/report.html"
# times for people in local time, not the stored UTC
grep -Eq '[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z' "$T/report.html" && fail "report shows a raw UTC time"
grep -Eq 'Made on [0-9-]{10} [0-9]{2}:[0-9]{2} XYZ' "$T/report.html" || fail "report: the assessment's time not local"
[ "$(stat -c %a "$T/report.html")" = 600 ] || fail "report not 0600"
# (well-formed, one inline svg, one row per entry: diary_report_xml in
# tests/diary.cmake, registered where xmllint exists)
grep -q 'a &lt;b&gt;note&lt;/b&gt; &amp; &quot;quotes&quot;' "$T/report.html" || fail "html escaping"
grep -Eq 'src=|href="http' "$T/report.html" && fail "report is not self-contained"
# the latest assessment is the assessment's own HTML rendering: level and
# reasons in words, the answers as question and answer
grep -Eq '<p class="lvl">(Self-care|See a clinician|Urgent|Emergency)</p>' "$T/report.html" \
  || fail "triage level not in words: $(grep -o '<p class="lvl[^/]*' "$T/report.html")"
grep -q '>Your answers<' "$T/report.html" || fail "report: the assessment's answers not shown"
grep -Eq '[a-z_]+ = [a-z0-9_.]+' "$T/report.html" && fail "report: a reason as id = value"
expect 64 "export without a format" -- "$BB" export
expect 65 "export --format pdf" -- "$BB" export --format pdf
expect 74 "export to a folder that does not exist" -- "$BB" export --format csv --output "$T/no/such/dir/x.csv"
has "$T/err" "$T/no/such/dir/x.csv" "export error names the path"

# Routine off a terminal prints the routine; help for every command.
rm -f "$BEDBACK_DB"*
expect 0 "routine, not a terminal" -- "$BB" routine </dev/null
has "$T/out" "Knee-to-chest" "routine text"
has "$T/out" "general relief set" "default set when nothing was assessed"
expect 0 "routine --json" -- "$BB" routine --json
jq -e '.[0].id == "heat_before_bed" and (.[1].steps|length) > 0' "$T/out" >/dev/null || fail "routine json"
for c in log setup trend export routine heat; do
  expect 0 "help $c" -- "$BB" help $c
  has "$T/out" "usage: bedback $c" "help $c"
done
expect 65 "heat --minutes 30" -- "$BB" heat --minutes 30
has "$T/err" "at most 20 minutes, because longer heat is not safer" "heat: the reason for too long"
expect 65 "heat --minutes 3" -- "$BB" heat --minutes 3
has "$T/err" "too short to warm the muscles: at least 5 minutes" "heat: the reason for too short"
# a shorter time, as the heat advice asks of people with diabetes, is allowed
BEDBACK_TEST_TIME_SCALE=600 expect 0 "heat --minutes 10" -- "$BB" heat --minutes 10
has "$T/out" "Logged: 10 minutes of heat" "heat --minutes 10 logged"
finish
