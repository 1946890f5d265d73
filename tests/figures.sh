#!/bin/sh
# figures.sh XMLLINT FIGURE_DUMP BEDBACK SRCDIR -- every exercise of the
# built-in knowledge base has a figure (issue 14): one well-formed SVG
# document with a viewBox, role="img", a <title> naming the exercise and
# a <desc> that is its text alternative; self-contained (no reference to
# anything, no script, no style sheet, no id); halos carry bb-fig-halo.
# The assessment's HTML page and the diary's HTML report show one figure
# per exercise of the routine, and stay well-formed.
X=$1 DUMP=$2 B=$3 SRC=$4
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }

"$DUMP" "$T" || fail "figure_dump: exit $? (an exercise without a figure?)"
n=$(wc -l < "$T/ids")
[ "$n" -ge 6 ] || fail "only $n exercises"
for id in $(cat "$T/ids"); do
  f=$T/$id.svg
  [ -s "$f" ] || { fail "$id: no figure"; continue; }
  "$X" --noout "$f" || { fail "$id: not well-formed XML"; continue; }
  q() { "$X" --xpath "$1" "$f" 2>/dev/null; }
  [ "$(q 'local-name(/*)')" = svg ] || fail "$id: the root is not <svg>"
  [ "$(q 'string(/*/@role)')" = img ] || fail "$id: no role=img"
  q 'string(/*/@viewBox)' | grep -Eq '^0 0 [0-9]+ [0-9]+$' || fail "$id: no viewBox"
  [ "$(q 'local-name(/*/*[1])')" = title ] || fail "$id: <title> is not the first child"
  title=$(q 'string(/*/*[local-name()="title"])')
  [ "$title" = "$(cat "$T/$id.title"): start and end position" ] || fail "$id: <title> '$title'"
  [ -n "$title" ] || fail "$id: empty <title>"
  desc=$(q 'string(/*/*[local-name()="desc"])')
  [ "$desc" = "$(cat "$T/$id.txt")" ] || fail "$id: <desc> is not the text alternative"
  case $desc in "Start: "*" End: "*) ;; *) fail "$id: text alternative '$desc'" ;; esac
  [ "$(q 'count(//@*[local-name()="href" or local-name()="src" or local-name()="id" or local-name()="style"])')" = 0 ] ||
    fail "$id: refers to something or carries an id or a style"
  [ "$(q 'count(//*[local-name()="script" or local-name()="style" or local-name()="image" or local-name()="foreignObject"])')" = 0 ] ||
    fail "$id: script, style sheet, image or foreign object"
  grep -q 'url(' "$f" && fail "$id: url() reference"
  [ "$(q 'count(//*[@class="bb-fig-halo"])')" -gt 5 ] || fail "$id: no halos (class bb-fig-halo)"
  # the two poses, labelled; the background only when asked for
  [ "$(q 'count(//*[local-name()="text"])')" = 2 ] || fail "$id: not two labelled panels"
  [ "$(q 'count(/*/*[local-name()="rect" and @fill="#fff"])')" = 0 ] || fail "$id: a background without the flag"
  "$X" --noout "$T/$id-bg.svg" || fail "$id: with background, not well-formed"
  [ "$("$X" --xpath 'count(/*/*[local-name()="rect" and @fill="#fff"])' "$T/$id-bg.svg")" = 1 ] ||
    fail "$id: no background with BB_FIGURE_BACKGROUND"
done

# The assessment's HTML page: one figure per routine exercise.
for ex in "$SRC"/examples/*.json; do
  h=$T/$(basename "$ex" .json).html
  "$B" assess --answers "$ex" --format html > "$h" || { fail "$ex: assess exit $?"; continue; }
  "$X" --noout "$h" || fail "$ex: the page is not well-formed"
  want=$("$B" assess --answers "$ex" --json | sed -n '/"routine": \[/,/^  \]/p' | grep -c '^      "id": ')
  got=$("$X" --xpath 'count(//*[local-name()="svg" and @class="bb-fig"])' "$h")
  [ "$got" = "$want" ] || fail "$ex: $got figures for $want routine exercises"
  # each next to its exercise: the figure's title is the heading's exercise
  "$X" --xpath '//*[@class="ex"]' "$h" >/dev/null 2>&1 || [ "$want" = 0 ] || fail "$ex: no exercise blocks"
done
[ "$("$X" --xpath 'count(//*[@class="bb-fig"])' "$T/side-sleeper.html")" -ge 4 ] ||
  fail "side-sleeper: fewer than 4 figures"

# The diary's HTML report shows the saved assessment with its figures.
db=$T/diary.db
"$B" assess --answers "$SRC/examples/side-sleeper.json" --save --db "$db" > /dev/null ||
  fail "assess --save: exit $?"
"$B" export --format html --db "$db" > "$T/report.html" || fail "export: exit $?"
"$X" --noout "$T/report.html" || fail "the report is not well-formed"
got=$("$X" --xpath 'count(//*[local-name()="svg" and @class="bb-fig"])' "$T/report.html")
want=$("$X" --xpath 'count(//*[local-name()="svg" and @class="bb-fig"])' "$T/side-sleeper.html")
[ "$got" = "$want" ] || fail "the report shows $got figures, the assessment $want"

[ "$fails" = 0 ] && echo "all ok ($n figures)"
[ "$fails" = 0 ]
