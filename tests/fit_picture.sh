#!/bin/sh
# fit_picture.sh XMLLINT BEDBACK -- the sleep-support picture reads at a
# glance (issue 14): each position's panel opens with a verdict band that
# says the mattress's verdict (and the pillow's, when the person gave
# theirs) in words beside a sign (tick, cross, dash), never colour alone;
# the band's words are at least 12 px and no text under 6.5 px when the
# picture is 360 px wide; no header line runs past the right edge; the
# picture is accessible (role="img", a title, a description holding the
# verdicts and numbers) and self-contained.
set -u
X=$1 B=$2
T=$(mktemp -d) || exit 2
trap 'rm -rf "$T"' EXIT
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
body="--sex male --height 178 --weight 82"
q() { "$X" --xpath "$2" "$1" 2>/dev/null; }
texts() { q "$1" "count(//*[local-name()=\"text\" and normalize-space(.)=\"$2\"])"; }

"$B" fit $body --position mixed --firmness 2 --svg "$T/soft.svg" >/dev/null || fail "fit: exit $?"
"$B" fit $body --position mixed --firmness 6 --pillow 7 --svg "$T/ok.svg" >/dev/null || fail "fit: exit $?"
"$B" fit --sex female --height 150 --weight 50 --position back --firmness 8 --pillow 15 \
  --svg "$T/high.svg" >/dev/null || fail "fit: exit $?"
for f in soft ok high; do
  "$X" --noout "$T/$f.svg" || { fail "$f: not well-formed"; continue; }
  [ "$(q "$T/$f.svg" 'string(/*/@role)')" = img ] || fail "$f: no role=img"
  [ -n "$(q "$T/$f.svg" 'string(/*/*[local-name()="title"])')" ] || fail "$f: no title"
  [ "$(q "$T/$f.svg" 'count(//@*[local-name()="href" or local-name()="src"])')" = 0 ] ||
    fail "$f: refers to something"
done

# the band: the verdict in words, one per position, beside its sign
[ "$(texts "$T/soft.svg" "Mattress too soft")" = 2 ] || fail "soft: not two bands saying 'Mattress too soft'"
[ "$(texts "$T/ok.svg" "Mattress suits you")" = 2 ] || fail "ok: not two bands saying 'Mattress suits you'"
[ "$(texts "$T/ok.svg" "Pillow too low")" = 1 ] || fail "ok: the back's band does not say 'Pillow too low'"
[ "$(texts "$T/ok.svg" "Pillow about right")" = 1 ] || fail "ok: the side's band does not say 'Pillow about right'"
[ "$(texts "$T/high.svg" "Pillow too high")" = 1 ] || fail "high: no 'Pillow too high'"
[ "$(texts "$T/soft.svg" "Pillow about right")" = 0 ] || fail "soft: a pillow verdict without a pillow given"
# the signs: a white tick or cross on a circle, one per verdict
[ "$(q "$T/ok.svg" 'count(//*[local-name()="circle"])')" = 4 ] || fail "ok: not four signs"
[ "$(q "$T/soft.svg" 'count(//*[local-name()="path" and @stroke="#fff" and contains(@d, "M") and string-length(@d) > 20])')" = 2 ] ||
  fail "soft: not two crosses"
# the words of the verdict and its reasons are the description too
q "$T/soft.svg" 'string(/*/*[local-name()="desc"])' | grep -q "firmness 2 of 10: too soft. .*the hip sinks" ||
  fail "soft: the description lacks the verdict and its reasons"

# sizes at 360 px wide: the band's words >= 12 px, every text >= 6.5 px
for f in soft ok high; do
  w=$(q "$T/$f.svg" 'string(/*/@viewBox)' | awk '{print $3}')
  band=$(q "$T/$f.svg" 'string(//*[local-name()="text" and starts-with(normalize-space(.), "Mattress")]/@font-size)')
  min=$("$X" --xpath '//*[local-name()="text"]/@font-size' "$T/$f.svg" | tr ' ' '\n' | sed -n 's/font-size="\(.*\)"/\1/p' | sort -n | head -1)
  awk -v w="$w" -v b="$band" -v m="$min" 'BEGIN { exit !(b * 360 / w >= 12 && m * 360 / w >= 6.5) }' ||
    fail "$f: at 360 px the band is $band/$w and the smallest text $min/$w of the width"
done
# no header line past the right edge (glyphs estimated at 0.55 em, 0.6 bold)
for f in soft ok high; do
  w=$(q "$T/$f.svg" 'string(/*/@viewBox)' | awk '{print $3}')
  grep -o '<text x="[0-9.]*" y="[0-9.]*" font-size="[0-9]*"[^>]*>[^<]*</text>' "$T/$f.svg" |
    grep -v 'text-anchor' | sed 's/\xe2\x80\xa2/*/g; s/\xc2\xb0/o/g' |
    sed 's/<text x="\([0-9.]*\)" y="[0-9.]*" font-size="\([0-9]*\)"\( font-weight="bold"\)\{0,1\}[^>]*>\([^<]*\)<\/text>/\1 \2 \3|\4/' |
    awk -v w="$w" '{ x = $1; s = $2; em = index($0, "font-weight") ? 0.6 : 0.55
                     t = substr($0, index($0, "|") + 1)
                     if (x + em * s * length(t) > w) { print; bad = 1 } } END { exit bad }' ||
    fail "$f: a line runs past the right edge"
done
# it renders (librsvg) at phone and desktop width
if command -v rsvg-convert >/dev/null 2>&1; then
  for wd in 360 1280; do
    rsvg-convert -w "$wd" "$T/soft.svg" -o "$T/soft-$wd.png" && [ -s "$T/soft-$wd.png" ] ||
      fail "rsvg-convert -w $wd failed"
  done
fi
[ "$fails" = 0 ] && echo "all ok"
[ "$fails" = 0 ]
