#!/bin/sh
# The default place for the diary in a folder other users can write and
# that is not ours (so bedback cannot make it private): refused, exit 74,
# nothing created (issue 10). A folder of another user needs root to make:
# tests/diary.cmake registers this test only when the tests run as root
# (foreign.sh covers the folder that is ours, and --db in a shared one).
. "$(dirname "$0")/lib.sh" "$@"
unset BEDBACK_DB
dir="$HOME/.local/share/bedback"
mkdir -p "$dir"
chown 65534:65534 "$dir"
chmod 777 "$dir"
expect 74 "default place in another user's shared folder" -- "$BB" log --date 2026-11-01 --tightness 3
has "$T/err" "$dir can be written by other users" "names the folder"
[ ! -e "$dir/diary.db" ] || fail "a diary was created there"
[ "$(stat -c %a "$dir")" = 777 ] || fail "the folder was changed"
expect 74 "trend too" -- "$BB" trend
finish
