#!/bin/sh
# A diary row whose date is not a date (issue 10): the schema refuses one,
# an older diary's are moved aside by the upgrade, and one that is there
# anyway (a damaged file, another program) is named in a warning while the
# rest of the diary is shown (exit 0). Before, one such row made the diary
# unreadable ("out of memory") and two made export write past an array.
. "$(dirname "$0")/lib.sh" "$@"
"$BB" log --date 2026-11-01 --tightness 5 >/dev/null || fail "first log"
"$BB" log --date 2026-11-02 --tightness 4 >/dev/null || fail "second log"
"$BB" setup pillow --date 2026-11-01 >/dev/null || fail "setup"
for d in 2026-02-30 0000-00-00 9999-99-99 1899-12-31 2026-13-01; do
  if sqlite3 "$BEDBACK_DB" "INSERT INTO entries(date,tightness,updated_at) VALUES('$d',5,'x')" 2>/dev/null; then
    fail "the schema accepted the date $d"
  fi
done
ok "the schema takes real dates only"
# Bad rows got in anyway (CHECKs switched off, as another program may).
sqlite3 "$BEDBACK_DB" "PRAGMA ignore_check_constraints=1;
INSERT INTO entries(date,tightness,updated_at) VALUES('0000-00-00',5,'x'),('9999-99-99',5,'x'),('2026-02-30',7,'x');
INSERT INTO entries(date,tightness,wake,updated_at) VALUES('2026-11-03',6,42,'x');
INSERT INTO setup_events(date,kind,created_at) VALUES('2026-99-01','mattress','x');"
for f in csv json html; do
  expect 0 "export $f with bad rows" -- "$BB" export --format $f
  for d in 0000-00-00 9999-99-99 2026-02-30 2026-99-01; do
    has "$T/err" "'$d', which is not a date" "export $f names the row $d"
  done
  has "$T/err" "wake-up tightness '42' is not" "export $f names the bad field"
done
expect 0 "export csv" -- "$BB" export --format csv
has "$T/out" "2026-11-01,5" "the rest is shown"
has "$T/out" "2026-11-02,4" "the rest is shown"
has "$T/out" "2026-11-03,6,," "the entry is shown without the bad field"
expect 0 "trend with bad rows" -- "$BB" trend --json
jq -e '.entry_count == 3' "$T/out" >/dev/null || fail "trend entries: $(cat "$T/out")"
expect 0 "trend --weeks 1 with bad rows" -- "$BB" trend --weeks 1 --json
jq -e '.entry_count == 3 and .last == "2026-11-03"' "$T/out" >/dev/null || fail "window: $(cat "$T/out")"

# A schema-3 diary (the oldest read as it is) with bad dates: read as it
# is by the read commands (with the warnings), upgraded by the first write,
# which keeps the bad rows in unreadable_rows rather than losing them; a
# warning sign whose night is not a date is never dropped: it stays on
# record.
export BEDBACK_DB="$T/v3.db"
sqlite3 "$BEDBACK_DB" <<'SQL'
CREATE TABLE entries(
 date TEXT PRIMARY KEY CHECK(date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
 tightness INTEGER NOT NULL CHECK(tightness BETWEEN 0 AND 10),
 wake INTEGER CHECK(wake BETWEEN 0 AND 10),
 position TEXT CHECK(position IN ('side','back','stomach','mixed')),
 routine INTEGER CHECK(routine IN (0,1)),
 heat_minutes INTEGER CHECK(heat_minutes BETWEEN 0 AND 1440),
 note TEXT, updated_at TEXT NOT NULL, symptoms TEXT,
 assessment_id INTEGER REFERENCES assessments(id)) STRICT;
CREATE TABLE entries_history(
 id INTEGER PRIMARY KEY, date TEXT NOT NULL, tightness INTEGER NOT NULL,
 wake INTEGER, position TEXT, routine INTEGER, heat_minutes INTEGER, note TEXT,
 updated_at TEXT NOT NULL, replaced_at TEXT NOT NULL, symptoms TEXT, assessment_id INTEGER,
 reason TEXT) STRICT;
CREATE TABLE setup_events(
 id INTEGER PRIMARY KEY, date TEXT NOT NULL, kind TEXT NOT NULL, note TEXT,
 created_at TEXT NOT NULL) STRICT;
CREATE TABLE assessments(
 id INTEGER PRIMARY KEY, created_at TEXT NOT NULL,
 source TEXT NOT NULL CHECK(source IN ('assess','log')), level TEXT NOT NULL,
 kb_version TEXT NOT NULL, answers TEXT NOT NULL, assessment TEXT NOT NULL) STRICT;
CREATE TABLE sessions(
 id INTEGER PRIMARY KEY, night TEXT NOT NULL, kind TEXT NOT NULL CHECK(kind IN ('routine','heat')),
 minutes INTEGER CHECK(minutes BETWEEN 0 AND 1440),
 rating INTEGER CHECK(rating BETWEEN 0 AND 10), created_at TEXT NOT NULL) STRICT;
CREATE TABLE signs(
 id INTEGER PRIMARY KEY, night TEXT NOT NULL, sign TEXT NOT NULL, value TEXT,
 source TEXT NOT NULL CHECK(source IN ('log','assess','withdraw')),
 recorded_at TEXT NOT NULL) STRICT;
INSERT INTO entries(date,tightness,note,updated_at) VALUES('2026-10-01',6,'kept','x'),('0000-00-00',5,'odd','x'),('2026-02-31',4,NULL,'x');
INSERT INTO setup_events(date,kind,created_at) VALUES('2026-10-01','pillow','x'),('2026-00-10','topper','x');
INSERT INTO sessions(night,kind,minutes,created_at) VALUES('2026-10-01','heat',15,'x'),('9999-99-99','heat',20,'x');
INSERT INTO signs(night,sign,value,source,recorded_at) VALUES('2026-02-30','bladder_change','yes','log','2026-10-01T08:00:00Z');
PRAGMA user_version=3;
PRAGMA application_id=1650812002;
SQL
expect 0 "trend on a schema-3 diary with bad dates" -- "$BB" trend --json
has "$T/err" "'0000-00-00', which is not a date" "names the row"
has "$T/err" "bladder_change is recorded for the night '2026-02-30'" "names the sign's row"
jq -e '[.warning_signs[].id] | length >= 1' "$T/out" >/dev/null || fail "the sign with a bad night was dropped: $(head -c 300 "$T/out")"
[ "$(q 'PRAGMA user_version')" = 3 ] || fail "trend upgraded the diary"
expect 0 "log upgrades it" -- "$BB" log --date 2026-10-02 --tightness 5
[ "$(q 'PRAGMA user_version')" = 5 ] || fail "user_version $(q 'PRAGMA user_version')"
[ "$(q 'SELECT count(*) FROM unreadable_rows')" = 5 ] || fail "unreadable_rows: $(q 'SELECT * FROM unreadable_rows')"
[ "$(q "SELECT json_extract(row,'\$.note') FROM unreadable_rows WHERE json_extract(row,'\$.date')='0000-00-00'")" = odd ] \
  || fail "the moved row lost its note"
[ "$(q 'SELECT count(*) FROM entries')" = 2 ] || fail "entries after the upgrade"
[ "$(q 'SELECT count(*) FROM setup_events')" = 1 ] || fail "setup_events after the upgrade"
[ "$(q 'SELECT count(*) FROM sessions')" = 1 ] || fail "sessions after the upgrade"
[ "$(q "SELECT night FROM signs WHERE sign='bladder_change'")" = 1970-01-01 ] || fail "the sign: $(q 'SELECT * FROM signs')"
[ "$(q 'PRAGMA integrity_check')" = ok ] || fail "integrity"
[ "$(q 'PRAGMA foreign_key_check')" = "" ] || fail "foreign keys"
expect 0 "no warning once upgraded" -- "$BB" export --format csv
grep -q "warning: the" "$T/err" && fail "row warnings after the upgrade: $(cat "$T/err")"
has "$T/out" "2026-10-01,6" "kept row"
expect 0 "the sign still stands after the upgrade" -- "$BB" trend --json
jq -e '[.warning_signs[].id] | length >= 1' "$T/out" >/dev/null || fail "the sign was lost in the upgrade"
finish
