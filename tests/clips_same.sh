#!/bin/sh
# clips_same.sh BUILD SRCDIR [SHARED_EXAMPLES] -- the CLIPS program of the
# rule-engine race gives the same level, flags and causes as bedback on
# every golden case and example that has answers, no body size (height,
# weight) and valid answers, and on 2,000 seeded random records
# (bench/clips-check does the comparing).
set -u
build=$1 src=$2 shared=${3:-}
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
: >"$tmp/cases.ndjson"
for f in "$src"/examples/*.json "$src"/tests/cases/*.json ${shared:+"$shared"/*.json}; do
  [ -f "$f" ] || continue
  if jq -e 'has("expect")' "$f" >/dev/null 2>&1; then
    jq -e '(has("args") | not) and (.answers | type == "object")' "$f" >/dev/null 2>&1 || continue
    jq -c .answers "$f" >"$tmp/a.json"
  else
    jq -c . "$f" >"$tmp/a.json" 2>/dev/null || continue
  fi
  jq -e 'has("height_cm") or has("weight_kg")' "$tmp/a.json" >/dev/null && continue
  "$build/bedback" assess --answers "$tmp/a.json" --json >/dev/null 2>&1 </dev/null || continue
  cat "$tmp/a.json" >>"$tmp/cases.ndjson"
done
n=$(wc -l <"$tmp/cases.ndjson")
[ "$n" -ge 40 ] || { echo "FAIL: only $n cases without body size"; exit 1; }
mkdir "$tmp/c1" "$tmp/c2"
CLIPS_TMP=$tmp/c1 sh "$src/bench/clips-check" "$build" "$tmp/cases.ndjson" 2>&1 || exit 1
"$build/bench/gen_records" 2000 7 >"$tmp/random.ndjson"
CLIPS_TMP=$tmp/c2 sh "$src/bench/clips-check" "$build" "$tmp/random.ndjson" 2>&1 || exit 1
