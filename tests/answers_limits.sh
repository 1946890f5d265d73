#!/bin/sh
# answers_limits.sh BEDBACK CASE -- answers that are large or broken in bulk
# are refused quickly, with at most 20 problems listed (issue 10: 16,000
# unknown keys took seconds, a million would have taken hours and printed a
# million lines) and the size limit the documentation gives.
set -u
bin=$1 case=$2
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL ($case): $*"; echo "--- stderr (head):"; head -n 30 "$tmp/err"; exit 1; }
expect() { # expect STATUS COMMAND...
  want=$1; shift
  "$@" >"$tmp/out" 2>"$tmp/err"; got=$?
  [ "$got" = "$want" ] || fail "exit status $got, wanted $want"
}
mentions() { grep -qF -- "$1" "$tmp/err" || fail "stderr does not mention '$1'"; }
limit=67108864 # 64 MiB: BB_ANSWERS_MAX_BYTES, README, man page

case $case in
many-keys)
  awk 'BEGIN { printf "{"; for (i = 0; i < 50000; i++) printf "%s\"k%d\": 1", i ? ",\n" : "", i; print "}" }' > "$tmp/a.json"
  expect 65 timeout 20 "$bin" assess --answers "$tmp/a.json" --json
  [ "$(grep -c 'is not a known question' "$tmp/err")" = 20 ] || fail "not 20 problems listed"
  mentions "a.json:20:1: \"k19\" is not a known question"
  mentions "a.json: … and 49980 more problems"
  [ "$(wc -l < "$tmp/err")" = 21 ] || fail "more than 20 problems and the count (each line says nothing was assessed)"
  [ -s "$tmp/out" ] && fail "something was written to standard output"
  ;;
nested-key)
  # a key is placed where it is a key of the answers, not where the same
  # text first appears inside a value
  printf '{"fever": {"fevr": 1},\n "fevr": true}\n' > "$tmp/a.json"
  expect 65 "$bin" assess --answers "$tmp/a.json"
  mentions "a.json:2:2: \"fevr\" is not a known question"
  mentions "a.json:1:2: fever:"
  ;;
at-limit)
  { printf '{'; head -c $((limit - 3)) /dev/zero | tr '\0' ' '; printf '}\n'; } > "$tmp/a.json"
  [ "$(wc -c < "$tmp/a.json")" = $limit ] || exit 2
  expect 0 "$bin" assess --answers "$tmp/a.json" --json
  ;;
over-limit)
  { printf '{'; head -c $((limit - 2)) /dev/zero | tr '\0' ' '; printf '}\n'; } > "$tmp/a.json"
  expect 65 "$bin" assess --answers "$tmp/a.json" --json
  mentions "a.json is larger than 64 MiB"
  expect 65 sh -c '"$1" assess --json < "$2"' sh "$bin" "$tmp/a.json"
  mentions "standard input is larger than 64 MiB"
  ;;
*) echo "unknown case $case"; exit 2 ;;
esac
echo "ok ($case)"
