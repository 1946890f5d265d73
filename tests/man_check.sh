#!/bin/sh
# The manual page is up to date with the program (issue 12):
#  - its SYNOPSIS is exactly what scripts/man-synopsis makes from the
#    commands' --help (run `make man` after changing a usage line);
#  - every option of every command's --help is described in its body
#    (outside the SYNOPSIS), and every command has an entry;
#  - neither it nor any --help names a source-tree path (docs/, spec/,
#    examples/) as if it were installed.
# Usage: man_check.sh BEDBACK SOURCE_DIR
set -u
BB=$1
SRC=$2
page="$SRC/man/bedback.1"
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
W=$(mktemp -d) || exit 1
trap 'rm -rf "$W"' EXIT

sh "$SRC/scripts/man-synopsis" "$BB" >"$W/want" || fail "man-synopsis failed"
awk '/^\.\\" END SYNOPSIS/ { p = 0 } p { print } /^\.\\" BEGIN SYNOPSIS/ { p = 1 }' "$page" >"$W/have"
[ -s "$W/have" ] || fail "no BEGIN/END SYNOPSIS comments in the page"
diff -u "$W/have" "$W/want" >&2 || fail "the SYNOPSIS differs from the commands' --help: run \`make man\`"

awk '/^\.\\" BEGIN SYNOPSIS/ { p = 1 } !p { print } /^\.\\" END SYNOPSIS/ { p = 0 }' "$page" |
  sed 's/\\-/-/g; s/\\f[BIRP]//g' >"$W/body"
for cmd in assess questions kb log setup trend export routine heat history delete undo fit batch fhir serve help; do
  grep -q "^\.B[IR]* \"*$cmd" "$W/body" || fail "no entry for the command $cmd"
  [ "$cmd" = help ] && continue
  "$BB" help "$cmd" | grep -o -- '--[a-z][a-z-]*' | sort -u | while read -r opt; do
    grep -Eq -- "$opt([^a-z-]|$)" "$W/body" || echo "$cmd $opt"
  done
done >"$W/missing"
[ -s "$W/missing" ] && fail "options of --help the page does not describe: $(tr '\n' ' ' <"$W/missing")"
grep -nE '(^|[ (])(docs|spec)/[a-z]' "$page" >&2 && fail "source-tree paths in the page"
# --help points to what is installed (the manual page), not the sources.
for cmd in assess questions kb log setup trend export routine heat history delete undo fit batch fhir serve; do "$BB" help "$cmd"; done >"$W/help"
"$BB" --help >>"$W/help"
grep -nE '(^|[ (`])(docs|spec|examples|man)/[a-z]' "$W/help" >&2 && fail "source-tree paths in --help"

# One table of exit statuses: the README's, the manual page's and --help's
# list the same statuses.
readme=$(sed -n '/^## Exit statuses/,/^## /p' "$SRC/README.md" | sed -n 's/^| \([0-9][0-9]*\) |.*/\1/p' | sort -n | tr '\n' ' ')
manst=$(sed -n '/^\.SH EXIT STATUS/,/^\.SH /p' "$page" | sed -n 's/^\.B \([0-9][0-9]*\)$/\1/p' | sort -n | tr '\n' ' ')
helpst=$("$BB" --help | sed -n '/^Exit status/,/^[^ E]/p' | sed -n 's/^  \([0-9][0-9]*\)  .*/\1/p' | sort -n | tr '\n' ' ')
[ -n "$readme" ] || fail "no exit-status table in the README"
[ "$readme" = "$manst" ] || fail "exit statuses: README has $readme, the manual page $manst"
[ "$readme" = "$helpst" ] || fail "exit statuses: README has $readme, --help $helpst"

[ "$fails" -eq 0 ] && { echo "all ok"; exit 0; }
echo "$fails failure(s)" >&2
exit 1
