#!/bin/sh
# Output paths (issue 10): --output, --save-answers and --svg replace a
# regular file atomically, always 0600; standard output however named
# (/dev/stdout), a character device or a FIFO is written directly and stays
# what it was; a link to a file is refused, link and target untouched.
# Before, a temporary file was renamed over whatever was there: a FIFO or
# link became a regular file, and as root --output /dev/null would have
# replaced /dev/null.
. "$(dirname "$0")/lib.sh" "$@"
chmod 755 "$T"
SRC=$(cd "$(dirname "$0")/../.." && pwd)
ANS="$SRC/examples/side-sleeper.json"
mode() { stat -c %a "$1"; }
"$BB" log --date 2026-11-01 --tightness 5 >/dev/null || fail "log"

# A regular file: replaced atomically, 0600 whatever it was and the umask.
printf 'old\n' >"$T/report.csv"
chmod 644 "$T/report.csv"
expect 0 "export to a regular file" -- "$BB" export --format csv --output "$T/report.csv"
has "$T/report.csv" "2026-11-01,5" "the file was written"
[ "$(mode "$T/report.csv")" = 600 ] || fail "report mode $(mode "$T/report.csv")"
expect 0 "save answers" -- "$BB" assess --answers "$ANS" --save-answers "$T/answers.json"
[ "$(mode "$T/answers.json")" = 600 ] || fail "answers mode $(mode "$T/answers.json")"
expect 0 "fit picture" -- sh -c 'umask 022; exec "$0" fit --answers "$1" --svg "$2"' "$BB" "$ANS" "$T/fit.svg"
has "$T/fit.svg" "<svg" "the picture was written"
[ "$(mode "$T/fit.svg")" = 600 ] || fail "fit --svg mode $(mode "$T/fit.svg"), wanted 600"
ls "$T" | grep -q tmp && fail "a temporary file was left: $(ls "$T")"

# Standard output by name: to a file (the test's capture), to a pipe. As
# root /dev/fd/1 (a regression cannot create files in /proc/self/fd), as
# anyone else /dev/stdout itself (a regression cannot write in /dev).
stdout=/dev/stdout full=/dev/full
if [ "$(id -u)" = 0 ]; then
  stdout=/dev/fd/1 full="$T/full"
  mknod -m 666 "$full" c 1 7 || fail "mknod"
fi
expect 0 "export --output $stdout" -- "$BB" export --format csv --output $stdout
has "$T/out" "2026-11-01,5" "/dev/stdout"
expect 0 "export --output $stdout into a pipe" -- sh -c '"$0" export --format csv --output "$1" | cat' "$BB" $stdout
has "$T/out" "2026-11-01,5" "/dev/stdout to a pipe"
expect 0 "fit --svg $stdout" -- "$BB" fit --answers "$ANS" --svg $stdout
has "$T/out" "<svg" "the picture on standard output"

# A FIFO: written to the reader, still a FIFO.
mkfifo "$T/fifo"
timeout 20 cat "$T/fifo" >"$T/from-fifo" &
reader=$!
expect 0 "export to a FIFO" -- "$BB" export --format json --output "$T/fifo"
wait $reader
has "$T/from-fifo" '"tightness": 5' "the FIFO's reader got it"
[ -p "$T/fifo" ] || fail "the FIFO was replaced by $(ls -l "$T/fifo")"

# A character device: written, never replaced. Root uses its own node, so
# that a regression cannot replace the real /dev/null.
dev=/dev/null
if [ "$(id -u)" = 0 ]; then
  dev="$T/null"
  mknod -m 666 "$dev" c 1 3 || fail "mknod"
fi
expect 0 "export to a device" -- "$BB" export --format csv --output "$dev"
[ -c "$dev" ] && [ "$(mode "$dev")" = 666 ] || fail "$dev changed: $(ls -l "$dev")"
expect 74 "save answers to $full" -- "$BB" assess --answers "$ANS" --save-answers "$full"
has "$T/err" "$full" "names the path"
[ -c "$full" ] || fail "$full was replaced"

# A link to a file (perhaps planted): refused, both left as they were.
printf 'precious\n' >"$T/precious"
ln -s "$T/precious" "$T/link.csv"
expect 74 "export to a link" -- "$BB" export --format csv --output "$T/link.csv"
has "$T/err" "$T/link.csv" "names the link"
[ -L "$T/link.csv" ] || fail "the link was replaced"
[ "$(cat "$T/precious")" = precious ] || fail "the link's target was written"
ln -s "$T/nothing" "$T/dangling.csv"
expect 74 "export to a dangling link" -- "$BB" export --format csv --output "$T/dangling.csv"
[ ! -e "$T/nothing" ] || fail "the dangling link's target was created"
finish
