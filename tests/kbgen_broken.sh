#!/bin/sh
# kbgen_broken.sh KBGEN KBDIR -- the build step that compiles the knowledge
# base (tools/kbgen) refuses a broken copy of it the way `kb check` does:
# exit 78, every problem as file:line:col on stderr, nothing written; and
# compiles the unbroken copy.
set -u
gen=$1 src=$2
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
cp -r "$src" "$tmp/kb"
fail() { echo "FAIL: $*"; echo "--- stderr:"; cat "$tmp/err"; exit 1; }

"$gen" "$tmp/ok.c" "$tmp/kb" 2>"$tmp/err" || fail "the unbroken copy was refused"
grep -q '^bb_kb bb_compiled_kb = {' "$tmp/ok.c" || fail "no bb_compiled_kb in the output"

sed -i 's/"when": "bladder_change"/"when": "bladder_chnage"/' "$tmp/kb/flags.json"
line=$(grep -n '"when": "bladder_chnage"' "$tmp/kb/flags.json" | head -n 1 | cut -d: -f1)
"$gen" "$tmp/out.c" "$tmp/kb" >/dev/null 2>"$tmp/err"
got=$?
[ "$got" = 78 ] || fail "exit status $got, wanted 78"
grep -Eq "flags\.json:$line:[0-9]+: .*bladder_chnage" "$tmp/err" || fail "no flags.json:$line:COL naming bladder_chnage"
[ ! -e "$tmp/out.c" ] && [ ! -e "$tmp/out.c.tmp" ] || fail "a file was written"
echo "kbgen_broken: refused with flags.json:$line and wrote nothing"
