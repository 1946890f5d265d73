#!/bin/sh
# pager.sh BEDBACK EXAMPLE -- on a terminal (made by script(1)), the text
# assessment goes through $PAGER and ends with the closing block; --full
# prints it without one; piped, no pager; an emergency is never paged.
B=$1
A=$2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
NO_COLOR=1
export NO_COLOR
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
PAGER="cat > $T/paged" script -qec "$B assess --answers $A" /dev/null > "$T/tty" </dev/null
[ -s "$T/paged" ] || fail "on a terminal the text did not go through \$PAGER"
grep -q '^In short' "$T/paged" || fail "no closing block"
grep -q '^    bedback log ' "$T/paged" || fail "the closing block does not spell bedback log"
PAGER="cat > $T/full" script -qec "$B assess --full --answers $A" /dev/null > "$T/tty2" </dev/null
[ -e "$T/full" ] && fail "--full still used the pager"
grep -q 'In short' "$T/tty2" || fail "--full did not print the text"
PAGER="cat > $T/piped" "$B" assess --answers "$A" > "$T/out"
[ -e "$T/piped" ] && fail "piped output went through the pager"
echo '{"bladder_change": true}' > "$T/em.json"
PAGER="cat > $T/em" script -qec "$B assess --answers $T/em.json" /dev/null > "$T/tty3" </dev/null
[ -e "$T/em" ] && fail "an emergency went through the pager"
grep -q 'EMERGENCY' "$T/tty3" || fail "the emergency was not printed"
[ "$fails" = 0 ] && echo "all ok"
[ "$fails" = 0 ]
