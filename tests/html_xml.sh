#!/bin/sh
# html_xml.sh XMLLINT BEDBACK DIR -- `bedback assess --format html` is one
# well-formed (XHTML-syntax) page for every answers file in DIR (examples/):
# one <section> holding the assessment, the triage before the answers
# table, every warning-sign question not asked listed, nothing fetched
# from elsewhere.
X=$1
B=$2
D=$3
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
n=0
for f in "$D"/*.json; do
  n=$((n + 1))
  out=$T/$(basename "$f" .json).html
  BEDBACK_TEST_NOW="2026-12-02 21" "$B" assess --answers "$f" --format html > "$out" \
    || { fail "$f: exit $?"; continue; }
  "$X" --noout "$out" || { fail "$f: not well-formed"; continue; }
  [ "$("$X" --xpath 'count(//*[local-name()="section"])' "$out")" = 1 ] || fail "$f: sections"
  grep -q 'Made on 2026-12-02' "$out" || fail "$f: not dated"
  grep -Eq 'src=|href=' "$out" && fail "$f: not self-contained"
  # the triage comes first, before the answers
  t=$(grep -n 'class="triage' "$out" | head -1 | cut -d: -f1)
  a=$(grep -n '>Your answers<' "$out" | head -1 | cut -d: -f1)
  [ -n "$t" ] && [ -n "$a" ] && [ "$t" -lt "$a" ] || fail "$f: triage not before the answers"
  # every unasked warning-sign question is listed, by its words (at an
  # emergency by a short label: checked in unit_render)
  "$B" assess --answers "$f" --json | grep -q '"level": "emergency"' && continue
  for id in $("$B" assess --answers "$f" --json | sed -n '/"unasked": \[/,/\]/p' | grep -o '"[a-z_]*"' | tr -d '"' | grep -v unasked); do
    q=$("$B" questions --json | sed -n "/\"id\": \"$id\"/,/\"text\"/p" | grep '"text"' | sed 's/.*"text": "//; s/",\{0,1\}$//' | cut -c1-40)
    grep -qF "$q" "$out" || fail "$f: unasked $id not listed in words"
  done
done
[ "$n" -gt 0 ] || fail "no answers files in $D"
[ "$fails" = 0 ] && echo "all ok ($n pages)"
[ "$fails" = 0 ]
