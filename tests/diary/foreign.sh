#!/bin/sh
# Files bedback does not own (issue 10): --db that is not a bedback diary is
# refused with one sentence naming it (exit 65) and not a byte, mode or
# companion file changes; read commands create nothing; a read-only diary
# leaves no -wal/-shm; reading works when no file can grow (a full disk); a
# folder others can write is warned about.
. "$(dirname "$0")/lib.sh" "$@"
chmod 755 "$T"
sum() { cksum <"$1"; }
mode() { stat -c %a "$1"; }
# no_trace FILE: nothing was created beside it
no_trace() {
  for s in -wal -shm -journal; do
    [ ! -e "$1$s" ] || fail "$1$s was created"
  done
}
refused() { # refused WHAT FILE -- COMMAND...
  what=$1 file=$2
  shift 2
  expect 65 "$what" "$@"
  [ "$(wc -l <"$T/err")" -eq 1 ] || fail "$what: not one sentence: $(cat "$T/err")"
  has "$T/err" "$file" "$what names the file"
  has "$T/err" "not a bedback diary" "$what says why"
}

# A text file and another program's SQLite database, for every command.
printf 'my notes\n' >"$T/notes.txt"
chmod 644 "$T/notes.txt"
sqlite3 "$T/other.db" "CREATE TABLE photos(x); INSERT INTO photos VALUES(1)"
chmod 644 "$T/other.db"
for f in notes.txt other.db; do
  before=$(sum "$T/$f")
  refused "trend on $f" "$f" -- "$BB" trend --db "$T/$f"
  refused "export on $f" "$f" -- "$BB" export --format csv --db "$T/$f"
  refused "log on $f" "$f" -- "$BB" log --db "$T/$f" --date 2026-11-01 --tightness 3
  refused "setup on $f" "$f" -- "$BB" setup pillow --db "$T/$f"
  refused "routine on $f" "$f" -- "$BB" routine --db "$T/$f"
  refused "heat on $f" "$f" -- "$BB" heat --db "$T/$f"
  [ "$(sum "$T/$f")" = "$before" ] || fail "$f changed"
  [ "$(mode "$T/$f")" = 644 ] || fail "$f mode changed to $(mode "$T/$f")"
  no_trace "$T/$f"
done
# An SQLite database that says it is another program's (application_id),
# whatever its user_version.
sqlite3 "$T/app.db" "PRAGMA application_id=42; PRAGMA user_version=2; CREATE TABLE entries(x)"
before=$(sum "$T/app.db")
refused "another application's database" app.db -- "$BB" log --db "$T/app.db" --tightness 3
[ "$(sum "$T/app.db")" = "$before" ] || fail "app.db changed"
no_trace "$T/app.db"

# Not regular files: a FIFO (no hang), a device, links (dangling or not).
mkfifo "$T/fifo"
refused "a FIFO" fifo -- "$BB" trend --db "$T/fifo"
refused "a FIFO (log)" fifo -- "$BB" log --db "$T/fifo" --tightness 3
[ -p "$T/fifo" ] || fail "the FIFO was replaced"
# As root a bedback that opened devices would change the real /dev/null (it
# once made it 0600 and left /dev/null-journal): root tests a node of its
# own, anyone else /dev/null itself.
dev=/dev/null
if [ "$(id -u)" = 0 ]; then
  dev="$T/null"
  mknod -m 666 "$dev" c 1 3 || fail "mknod"
fi
refused "a device" "$dev" -- "$BB" trend --db "$dev"
refused "a device (log)" "$dev" -- "$BB" log --db "$dev" --tightness 3
[ -c "$dev" ] && [ "$(mode "$dev")" = 666 ] || fail "$dev changed: $(ls -l "$dev")"
no_trace "$dev"
ln -s "$T/planted.db" "$T/dangling"
refused "a dangling link" dangling -- "$BB" log --db "$T/dangling" --tightness 3
[ ! -e "$T/planted.db" ] || fail "the link's target was created"
"$BB" log --date 2026-11-01 --tightness 5 >/dev/null || fail "first log"
ln -s "$BEDBACK_DB" "$T/link.db"
refused "a link to a diary" link.db -- "$BB" trend --db "$T/link.db"

# The diary says it is one.
[ "$(q 'PRAGMA application_id')" = 1650812002 ] || fail "application_id $(q 'PRAGMA application_id')"

# An empty file is no diary for the read commands: shown empty, left empty.
: >"$T/empty.db"
expect 0 "trend on an empty file" -- "$BB" trend --db "$T/empty.db"
has "$T/out" "no entries yet" "empty file reads as no diary"
expect 0 "export on an empty file" -- "$BB" export --format csv --db "$T/empty.db"
[ ! -s "$T/empty.db" ] || fail "the empty file was written"
no_trace "$T/empty.db"

# The read commands create nothing: no -wal, no -shm, no diary.
expect 0 "trend on a missing diary" -- "$BB" trend --db "$T/none.db"
[ ! -e "$T/none.db" ] || fail "trend created a diary"
expect 0 "export" -- "$BB" export --format csv
has "$T/out" "2026-11-01,5" "export reads"
no_trace "$BEDBACK_DB"

# A read-only diary: reading leaves no -wal/-shm behind (they would be
# read-only too, and block writing once the diary is writable again).
chmod 400 "$BEDBACK_DB"
expect 0 "trend on a read-only diary" -- "$BB" trend
no_trace "$BEDBACK_DB"
chmod 600 "$BEDBACK_DB"
expect 0 "writable again: log" -- "$BB" log --date 2026-11-02 --tightness 4

# A full disk (no file may grow: RLIMIT_FSIZE of one block): the diary can
# still be seen and exported; output goes through a pipe, which the limit
# does not touch.
expect 0 "export on a full disk" -- sh -c '(trap "" XFSZ; ulimit -f 1; exec "$0" export --format csv --db "$1") | cat' "$BB" "$BEDBACK_DB"
has "$T/out" "2026-11-02,4" "full-disk export has the entries"
expect 0 "trend on a full disk" -- sh -c '(trap "" XFSZ; ulimit -f 1; exec "$0" trend --db "$1") | cat' "$BB" "$BEDBACK_DB"

# A night in the WAL, not yet in the file (another bedback has the diary
# open): the read commands see it.
{ echo "PRAGMA wal_autocheckpoint=0; INSERT INTO entries(date,tightness,updated_at) VALUES('2026-11-03',9,'x');"; sleep 3; } | sqlite3 "$BEDBACK_DB" >/dev/null &
holder=$!
sleep 1
[ -s "$BEDBACK_DB-wal" ] || fail "the test's WAL is empty"
expect 0 "export while another has it open" -- "$BB" export --format csv
has "$T/out" "2026-11-03,9" "the night in the WAL is exported"
wait $holder

# Planted companions: a -wal that is a link is refused, not followed.
ln -s "$T/victim" "$BEDBACK_DB-wal"
expect 65 "a planted -wal link" -- "$BB" log --date 2026-11-04 --tightness 2
has "$T/err" "$BEDBACK_DB-wal" "names the planted file"
[ ! -e "$T/victim" ] || fail "the planted link was followed"
rm -f "$BEDBACK_DB-wal"

# A folder others can write: a warning naming it, and the diary still used.
mkdir "$T/shared"
chmod 777 "$T/shared"
expect 0 "diary in a shared folder" -- "$BB" log --db "$T/shared/d.db" --date 2026-11-01 --tightness 3
has "$T/err" "warning: the folder $T/shared" "warns about the folder"
# The default place, in a folder of ours others could write: made private.
mkdir -p "$HOME/.local/share/bedback"
chmod 777 "$HOME/.local/share/bedback"
expect 0 "default place in a folder others could write" -- env -u BEDBACK_DB "$BB" log --date 2026-11-01 --tightness 3
[ "$(stat -c %a "$HOME/.local/share/bedback")" = 700 ] || fail "the default folder was left $(stat -c %a "$HOME/.local/share/bedback")"
finish
