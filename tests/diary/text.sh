#!/bin/sh
# Notes as text (issue 10): UTF-8 is validated fully when it is typed in
# (surrogates, overlong forms and code points above U+10FFFF are refused,
# nothing written); no field is ever dropped from an export, even text
# another program stored as invalid UTF-8; CSV cells that a spreadsheet
# would run as formulas are neutralised (OWASP: a leading apostrophe,
# inside double quotes).
. "$(dirname "$0")/lib.sh" "$@"
n=0
for bad in '\355\240\200' '\340\200\257' '\360\200\200\257' '\364\220\200\200' '\367\277\277\277' '\300\257'; do
  n=$((n + 1))
  note=$(printf "x${bad}y")
  expect 65 "note with bad UTF-8 #$n" -- "$BB" log --date 2026-11-01 --tightness 5 --note "$note"
  has "$T/err" "not valid UTF-8" "says why (#$n)"
  expect 65 "setup note with bad UTF-8 #$n" -- "$BB" setup pillow --date 2026-11-01 --note "$note"
done
[ ! -e "$BEDBACK_DB" ] || [ "$(q 'SELECT count(*) FROM entries') $(q 'SELECT count(*) FROM setup_events')" = "0 0" ] \
  || fail "a bad note was written"
expect 0 "valid UTF-8 up to U+10FFFF" -- "$BB" log --date 2026-11-01 --tightness 5 --note "$(printf 'caf\303\251 \364\217\277\277 \360\237\230\264')"

# Formulas, for a spreadsheet: each note below begins a cell.
d=2
for f in "=cmd|' /C calc'!A0" "+1+2" "-2+3" "@SUM(A1)" "$(printf '\tx')" "$(printf '\rx')"; do
  "$BB" log --date 2026-11-0$d --tightness 4 --note "$f" >/dev/null || fail "log formula $d"
  d=$((d + 1))
done
expect 0 "export csv" -- "$BB" export --format csv
has "$T/out" ",\"'=cmd|' /C calc'!A0\"," "= neutralised"
has "$T/out" ",\"'+1+2\"," "+ neutralised"
has "$T/out" ",\"'-2+3\"," "- neutralised"
has "$T/out" ",\"'@SUM(A1)\"," "@ neutralised"
grep -q "$(printf ',"'"'"'\tx",')" "$T/out" || fail "tab not neutralised"
grep -q "$(printf ',"'"'"'\rx",')" "$T/out" || fail "carriage return not neutralised"
grep -aq ',[=+@-]' "$T/out" && fail "a cell still begins with a formula: $(grep ',[=+@-]' "$T/out")"
expect 0 "export json" -- "$BB" export --format json
jq -e '[.entries[].note] | index("=cmd|'"'"' /C calc'"'"'!A0") != null' "$T/out" >/dev/null || fail "JSON note changed"

# Text stored by another program as invalid UTF-8, and symptoms that are
# not JSON: shown (U+FFFD for the bad bytes), with a warning; never dropped.
sqlite3 "$BEDBACK_DB" "INSERT INTO entries(date,tightness,note,symptoms,updated_at) VALUES('2026-11-20',3,CAST(X'6F6BFF20EDA080' AS TEXT),'not json','x');"
expect 0 "export json with invalid UTF-8 in the diary" -- "$BB" export --format json
has "$T/err" "the entry of 2026-11-20: its note is not valid UTF-8" "warns, naming the row"
jq -e '.entries[] | select(.date == "2026-11-20") | (.note | startswith("ok\ufffd")) and .symptoms == "not json"' \
  "$T/out" >/dev/null || fail "a field was dropped: $(jq -c '.entries[] | select(.date == "2026-11-20")' "$T/out")"
expect 0 "export html" -- "$BB" export --format html
if command -v xmllint >/dev/null; then
  xmllint --noout "$T/out" || fail "the HTML report is not well-formed"
fi
finish
