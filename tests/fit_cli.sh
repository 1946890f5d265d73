#!/bin/sh
# fit_cli.sh BEDBACK -- `bedback fit` from the outside: bad input is refused
# with the right exit status and a message naming the option or key and
# what is allowed; good input gives the same bytes every time.
set -u
bin=$1
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
n=0

fail() { echo "FAIL: $*"; echo "--- stdout:"; cat "$tmp/out"; echo "--- stderr:"; cat "$tmp/err"; exit 1; }
expect() { # expect STATUS ARGS...
  want=$1; shift
  n=$((n + 1))
  "$bin" fit "$@" >"$tmp/out" 2>"$tmp/err"; got=$?
  [ "$got" = "$want" ] || fail "bedback fit $*: exit status $got, wanted $want"
}
says() { grep -qF -- "$1" "$tmp/err" || fail "stderr does not mention '$1'"; }
prints() { grep -qF -- "$1" "$tmp/out" || fail "stdout does not contain '$1'"; }

body="--sex male --height 180 --weight 82"
bodyh="--sex male --weight 82"

# bad data: 65, the option and the allowed range named
expect 65 $bodyh --height 500;            says "--height"; says "120 to 230"
expect 65 --sex male --height 180 --weight abc; says "--weight"; says "not a number"
expect 65 $body --firmness 11;           says "--firmness"; says "1 to 10"
expect 65 $body --firmness 5.5;          says "whole number"
expect 65 --height 180 --weight 82 --sex robot;            says "--sex"; says "female, male, other"
expect 65 $body --position upside-down;  says "--position"; says "side, back, mixed, stomach"
expect 65 $body --zones shoulder=4,waist=0,hip=7; says "--zones waist"; says "1 to 10"
expect 65 $body --zones shoulder=4,hip=7; says "waist is missing"
expect 65 $body --thickness 2;           says "--thickness"; says "5 to 50"
expect 65 $body --mattress-stiffness 0;  says "--mattress-stiffness"
expect 65 $body --pillow 40;             says "--pillow"; says "0 to 30"
printf '{"sex": "male", "height_cm": 500, "weight_kg": 80}\n' > "$tmp/bad.json"
expect 65 --answers "$tmp/bad.json";      says "height_cm"
printf '{"sleep_position": "side"}\n' > "$tmp/nobody.json"
expect 64 --answers "$tmp/nobody.json";   says "sex, height and weight"

# usage: 64
expect 64 $body --bogus;                 says "unknown option"
expect 64 $bodyh --height;             says "needs a value"
expect 64;                               says "sex, height and weight"

# missing file: 66; unwritable picture: 74
expect 66 --answers "$tmp/none.json";     says "none.json"
expect 74 $body --svg "$tmp/no/such/dir/fit.svg"

# good input: text (verdict first), JSON, picture; the same bytes twice
expect 0 $body --firmness 3 --pillow 8 --position mixed
head -n 4 "$tmp/out" | grep -q "too soft\|too firm\|suits you" || fail "no verdict at the top"
prints "LYING ON YOUR SIDE"; prints "LYING ON YOUR BACK"; prints "What to change"
expect 0 $body --firmness 3 --pillow 8 --json --svg "$tmp/a.svg" --optimize-zones
cp "$tmp/out" "$tmp/a.json"
prints '"model": "beam-on-elastic-foundation/1"'; prints '"contact_force_ratio": 1.0'
prints '"zones"'
head -c 4 "$tmp/a.svg" | grep -q "<svg" || fail "the picture is not SVG"
expect 0 $body --firmness 3 --pillow 8 --json --svg "$tmp/b.svg" --optimize-zones
cmp -s "$tmp/out" "$tmp/a.json" || fail "JSON differs between two runs"
cmp -s "$tmp/a.svg" "$tmp/b.svg" || fail "SVG differs between two runs"
# the mattress is judged on the pillow the body needs on it, the person's own
# pillow or not (issue 9): the same pose either way, named, and it is said
expect 0 $body --position side --firmness 6 --json
pose=$(sed -n 's/.*"pose_cm": \([0-9.]*\).*/\1/p' "$tmp/out")
need=$(sed -n 's/.*"needed_cm": \([0-9.]*\).*/\1/p' "$tmp/out")
[ -n "$pose" ] && [ -n "$need" ] || fail "no pose_cm or needed_cm"
# the pose's pillow is the needed one to within the fixed point's 0.15 cm
awk -v p="$pose" -v n="$need" 'BEGIN { d = p - n; exit !(d <= 0.2 && d >= -0.2) }' ||
  fail "pose_cm $pose is not the needed $need"
expect 0 $body --position side --firmness 6 --pillow 3 --json
prints "\"pose_cm\": $pose"; prints '"current_cm": 3.0'; prints '"verdict": "too_low"'
expect 0 $body --position side --firmness 6
if [ "$pose" = "$need" ]; then
  prints "Numbers (on the $pose cm pillow this body needs on this mattress):"
else
  prints "Numbers (on a $pose cm pillow, close to the $need cm this body needs):"
fi
# the picture reads without a legend: verdict in words, labelled numbers
expect 0 $body --firmness 2 --pillow 8 --position mixed --svg "$tmp/c.svg"
svg() { grep -qF -- "$1" "$tmp/c.svg" || fail "the picture does not say '$1'"; }
svg "firmness 2 of 10: too soft"; svg "Lying on the back"; svg "spine"; svg "straight line"
svg "shoulder sinks "; svg "shoulder blades sink "; svg "peak "; svg " kPa"; svg "pillow"
grep -q "too_soft\|too_firm\|too_low\|too_high" "$tmp/c.svg" && fail "an id in the picture where words belong"
# units on every number: the limits too
grep -qE 'lower-back gap [0-9]+ mm \(limit [0-9]+ mm\), pelvis [0-9]+ mm (deeper|higher) than the shoulder blades \(limit [0-9]+ mm\)' "$tmp/c.svg" ||
  fail "the back-lying numbers lack a unit"
svg "mattress 20 cm thick"; svg "pillow needed "
# a human outline: a head with an ear, an arm, the feet (back); no spike at the feet
svg "<ellipse"
# every reason of the verdict, not only the first
expect 0 --sex male --height 178 --weight 130 --position side --firmness 6 --pillow 10 --svg "$tmp/r.svg"
grep '^    - ' "$tmp/out" | sed 's/^    - //' > "$tmp/reasons"
[ -s "$tmp/reasons" ] || fail "no reasons to look for"
while IFS= read -r r; do grep -qF -- "$r" "$tmp/r.svg" || fail "the picture lacks the reason '$r'"; done < "$tmp/reasons"
# a zoned mattress is drawn with its zones
expect 0 $body --position side --zones shoulder=4,waist=6,hip=7 --pillow 12 --svg "$tmp/z.svg"
for w in "shoulder zone" "waist zone" "hip zone" "firmness 4 of 10" "firmness 7 of 10"; do
  grep -qF -- "$w" "$tmp/z.svg" || fail "the zoned picture does not say '$w'"
done
printf '{"sex": "female", "height_cm": 168, "weight_kg": 64, "sleep_position": "side", "mattress_firmness": 9, "pillow_height_cm": 7, "pillow_firmness": "soft"}\n' > "$tmp/ok.json"
expect 0 --answers "$tmp/ok.json";        prints "firmness 9 of 10"; prints "pillow"
expect 0 --answers "$tmp/ok.json" --firmness 4; prints "firmness 4 of 10"
expect 0 $body --position stomach;       prints "not modelled"
# ... and shows the stomach-sleeping advice it points to (from the knowledge base)
prints "Avoiding stomach sleeping"; prints "long body pillow"; prints "Evidence:"
# one voice (issue 9): a zoning only when it improves on what the person is shown, and
# by how much; none when the mattress suits (the bundled example: 1.6 deg on firmness 9)
nozone() { grep -qi "zoned" "$tmp/out" && fail "a zoning is shown where it improves nothing"; true; }
expect 0 --answers "$tmp/ok.json" --optimize-zones; prints "suits you"; nozone
expect 0 --sex male --height 175 --weight 80 --position side --firmness 2 --pillow 12 --optimize-zones
prints "a zoned or adjustable bed (shoulder"; prints "deg straighter than"
# a wrong pillow: which to fix first, and what follows
expect 0 --answers "$tmp/ok.json";        prints "first the pillow: about"; prints "then the mattress:"
# the pillow in one voice: the advice is the needed height to the half
# centimetre (as the assessment's pillow advice), not "about 5" beside
# "pillow needed 5.5"; the person's pillow is echoed as given (6.5, not 6)
expect 0 --sex male --height 178 --weight 95 --position side --firmness 3 --pillow 9
need=$(sed -n 's/^ *pillow needed \([0-9.]*\) cm.*/\1/p' "$tmp/out")
about=$(sed -n 's/^ *first the pillow: about \([0-9.]*\) cm.*/\1/p' "$tmp/out")
[ -n "$need" ] && [ -n "$about" ] || fail "no pillow needed / pillow advice"
[ "$(awk -v n="$need" 'BEGIN { printf "%g", int(n * 2 + 0.5) / 2 }')" = "$about" ] \
  || fail "pillow advice 'about $about cm' is not 'pillow needed $need cm' to the half centimetre"
expect 0 --sex male --height 178 --weight 95 --position side --firmness 3 --pillow 6.5
prints "Your 6.5 cm pillow"
# what the person gave is echoed as given, not rounded to even
expect 0 --sex male --height 178.5 --weight 70.5 --position side --firmness 6 --thickness 22.5 \
  --svg "$tmp/given.svg"
prints "male, 178.5 cm, 70.5 kg"
# the pose's pillow (the need to within 0.15 cm) is not called the need
# when the two differ as shown: 7.4 cm posed, 7.3 cm needed
expect 0 --sex male --height 178.5 --weight 70.5 --position side --firmness 6 --pillow 6.5
pose=$(sed -n 's/^ *Numbers (on \(the\|a\) \([0-9.]*\) cm pillow.*/\2/p' "$tmp/out")
need=$(sed -n 's/^ *pillow needed \([0-9.]*\) cm.*/\1/p' "$tmp/out")
[ -n "$pose" ] && [ -n "$need" ] || fail "no pose or need in the numbers"
if [ "$pose" != "$need" ]; then
  prints "close to the $need cm this body needs"
else
  prints "on the $need cm pillow this body needs"
fi
grep -q "mattress 22.5 cm thick" "$tmp/given.svg" || fail "the picture does not say the 22.5 cm thickness"
# mixed: one answer for side and back together
expect 0 $body --firmness 6 --pillow 12 --position mixed
prints "fine both on your side and on your back"
# ...and each position's own best says it is for that position alone: a
# second bare "firmness N suits you best" (or, in the picture, two "best
# firmness for this body" with other numbers) contradicted the answer
expect 0 --sex male --height 178 --weight 95 --position mixed --firmness 3 --pillow 8 --svg "$tmp/mixed.svg"
expect 0 --sex male --height 178 --weight 95 --position mixed --firmness 3 --pillow 8
prints "Firmness 6 suits you best: 6 to 10 are fine both on your side and on your back."
prints "on your side alone, firmness 6 suits you best (6 to 10 are fine)"
prints "on your back alone, firmness 5 suits you best (3 to 10 are fine)"
grep -q "^ *firmness [0-9]* suits you best" "$tmp/out" && fail "a position's best is not said to be for it alone"
grep -q "best firmness lying on the side: 6 of 10" "$tmp/mixed.svg" &&
  grep -q "best firmness lying on the back: 5 of 10" "$tmp/mixed.svg" ||
  fail "the picture's panels do not say whose best firmness they give"
grep -q "best firmness for this body" "$tmp/mixed.svg" && fail "two panels each claim the best for this body"
# one position: its best is the body's
expect 0 --sex male --height 178 --weight 95 --position back --firmness 3 --svg "$tmp/back.svg"
grep -q "best firmness for this body: 5 of 10" "$tmp/back.svg" || fail "one panel: not the body's best"
expect 0 --sex male --height 178 --weight 95 --position back --firmness 3
grep -q "^    firmness 5 suits you best (3 to 10 are fine)" "$tmp/out" || fail "one position: not the body's best"
grep -q "alone," "$tmp/out" && fail "one position said 'alone'"
# no position given (flags or answers): side and back, and it says so
expect 0 $body --firmness 6 --pillow 12
prints "LYING ON YOUR SIDE"; prints "LYING ON YOUR BACK"; prints "sleep position was not given"
printf '{"sex": "male", "height_cm": 180, "weight_kg": 82, "mattress_firmness": 6}\n' > "$tmp/nopos.json"
expect 0 --answers "$tmp/nopos.json";     prints "LYING ON YOUR BACK"; prints "sleep position was not given"
expect 0 --answers "$tmp/nopos.json" --position side
grep -q "LYING ON YOUR BACK\|sleep position was not given" "$tmp/out" && fail "--position side still models the back"
# a warning sign in the answers comes before anything about the bed, in
# every output: the triage block first in the text, "triage" first in the
# JSON (fit.md's members after it unchanged), a notice above the picture;
# also when the fit cannot run. Answers without one: the fit alone.
printf '{"sex": "male", "height_cm": 178, "weight_kg": 80, "sleep_position": "side", "bladder_change": true}\n' >"$tmp/warn.json"
printf '{"sex": "male", "height_cm": 178, "weight_kg": 80, "sleep_position": "side", "bladder_change": false}\n' >"$tmp/calm.json"
expect 0 --answers "$tmp/warn.json" --svg "$tmp/warn.svg"
head -n 1 "$tmp/out" | grep -q "EMERGENCY" || fail "the text does not open with the warning sign"
w=$(grep -n "EMERGENCY" "$tmp/out" | head -n 1 | cut -d: -f1)
f=$(grep -n "^Sleep-support fit:" "$tmp/out" | cut -d: -f1)
[ -n "$f" ] && [ "$w" -lt "$f" ] || fail "the fit is not after the warning sign"
prints "It does not change what the warning sign above"
awk 'length > 80 { exit 1 }' "$tmp/out" || fail "a line wider than 80 columns off a terminal"
grep -q "EMERGENCY: Call the emergency number" "$tmp/warn.svg" || fail "the picture has no warning notice"
[ "$(grep -o "EMERGENCY: Call\|Lying on the side" "$tmp/warn.svg" | head -n 1)" = "EMERGENCY: Call" ] ||
  fail "the picture's notice is not above the panel"
expect 0 --answers "$tmp/warn.json" --json
[ "$(jq -r 'keys_unsorted[0]' "$tmp/out")" = triage ] || fail "the JSON does not open with the triage"
[ "$(jq -r '.triage.level' "$tmp/out")" = emergency ] || fail "the JSON's triage is not the emergency"
jq -c 'del(.triage)' "$tmp/out" >"$tmp/warn.fit"
expect 0 --answers "$tmp/calm.json" --json
jq -e 'has("triage") | not' "$tmp/out" >/dev/null || fail "a triage without a warning sign"
jq -c . "$tmp/out" | cmp -s - "$tmp/warn.fit" || fail "the fit's JSON changed beside the triage"
expect 0 --answers "$tmp/calm.json" --svg "$tmp/calm.svg"
head -n 1 "$tmp/out" | grep -q "^Sleep-support fit:" || fail "answers without a warning sign: not the fit first"
grep -q "EMERGENCY\|b3261e" "$tmp/calm.svg" && fail "a notice on the picture without a warning sign"
printf '{"sleep_position": "side", "saddle_numbness": true}\n' >"$tmp/warn-nobody.json"
expect 64 --answers "$tmp/warn-nobody.json"; says "sex, height and weight"
head -n 1 "$tmp/out" | grep -q "EMERGENCY" || fail "the fit could not run: the warning sign was not shown"
# the text keeps to 80 columns: long reasons and verdicts (these bodies
# and mattresses each gave a line of 81-160 columns) are wrapped at words
for args in "male 150 45 side 1 2" "male 150 140 side 5 2" "male 150 140 back 5 15" \
  "male 200 140 mixed 5 8" "female 150 45 mixed 10 15" "male 178 80 mixed 1 8"; do
  set -- $args
  expect 0 --sex "$1" --height "$2" --weight "$3" --position "$4" --firmness "$5" --pillow "$6" \
    --optimize-zones
  awk 'length > 80 { print; bad = 1 } END { exit bad }' "$tmp/out" >"$tmp/wide" ||
    fail "fit $args: lines wider than 80 columns: $(cat "$tmp/wide")"
done
prints "Your mattress (firmness 1 of 10) is too soft for you on your side and on your"
expect 0 --help;                          prints "usage: bedback fit"
echo "ok: $n cases"
