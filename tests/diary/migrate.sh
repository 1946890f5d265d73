#!/bin/sh
# An old (schema 1) diary with data in it is upgraded by the commands and
# keeps every night, amended version and setup change.
. "$(dirname "$0")/lib.sh" "$@"
sqlite3 "$BEDBACK_DB" <<'SQL'
CREATE TABLE entries(
 date TEXT PRIMARY KEY CHECK(date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
 tightness INTEGER NOT NULL CHECK(tightness BETWEEN 0 AND 10),
 wake INTEGER CHECK(wake BETWEEN 0 AND 10),
 position TEXT CHECK(position IN ('side','back','stomach','mixed')),
 routine INTEGER CHECK(routine IN (0,1)),
 heat_minutes INTEGER CHECK(heat_minutes BETWEEN 0 AND 1440),
 note TEXT,
 updated_at TEXT NOT NULL) STRICT;
CREATE TABLE entries_history(
 id INTEGER PRIMARY KEY, date TEXT NOT NULL, tightness INTEGER NOT NULL,
 wake INTEGER, position TEXT, routine INTEGER, heat_minutes INTEGER, note TEXT,
 updated_at TEXT NOT NULL, replaced_at TEXT NOT NULL) STRICT;
CREATE INDEX entries_history_date ON entries_history(date);
CREATE TABLE setup_events(
 id INTEGER PRIMARY KEY, date TEXT NOT NULL, kind TEXT NOT NULL, note TEXT,
 created_at TEXT NOT NULL) STRICT;
CREATE INDEX setup_events_date ON setup_events(date);
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 29)
INSERT INTO entries SELECT date('2026-08-01', '+' || i || ' days'), 8 - i / 5, NULL, 'back', 1, 15,
  CASE WHEN i = 3 THEN 'old note' END, '2026-09-01T00:00:00Z' FROM n;
INSERT INTO entries_history VALUES(1,'2026-08-04',9,NULL,NULL,NULL,NULL,NULL,'x','y');
INSERT INTO setup_events VALUES(1,'2026-08-10','pillow','taller','z');
PRAGMA user_version=1;
PRAGMA application_id=1650812002;
SQL
expect 0 "trend reads and upgrades an old diary" -- "$BB" trend --json
jq -e '.verdict == "improving" and (.entries|length) == 30 and (.setup_changes|length) == 1' "$T/out" >/dev/null \
  || fail "old data after the upgrade: $(cat "$T/out")"
[ "$(q 'PRAGMA user_version')" = 5 ] || fail "user_version $(q 'PRAGMA user_version')"
expect 0 "log a warning sign into the upgraded diary" -- "$BB" log --date 2026-08-04 --tightness 5 --symptom fever
[ "$(q "SELECT count(*) FROM entries_history WHERE date='2026-08-04'")" = 2 ] || fail "history"
[ "$(q "SELECT note FROM entries WHERE date='2026-08-04'")" = "old note" ] || fail "old note lost"
expect 0 "export" -- "$BB" export --format json
jq -e '(.entries|length) == 30 and (.entries[3].earlier_versions == 2) and .latest_assessment.source == "log"' "$T/out" >/dev/null \
  || fail "export after upgrade"
[ "$(q 'PRAGMA integrity_check')" = ok ] || fail "integrity"

# A schema 2 diary (bedback before issue 8) with an emergency logged and an
# older saved assessment: the upgrade carries every sign over, so the
# emergency stays on record and the older answers do not clear it.
export BEDBACK_DB="$T/v2.db"
sed -n '/^CREATE TABLE entries(/,/^CREATE INDEX setup_events_date/p' "$0" | sqlite3 "$BEDBACK_DB"
sqlite3 "$BEDBACK_DB" <<'SQL'
CREATE TABLE assessments(
 id INTEGER PRIMARY KEY, created_at TEXT NOT NULL,
 source TEXT NOT NULL CHECK(source IN ('assess','log')), level TEXT NOT NULL,
 kb_version TEXT NOT NULL, answers TEXT NOT NULL, assessment TEXT NOT NULL) STRICT;
ALTER TABLE entries ADD COLUMN symptoms TEXT;
ALTER TABLE entries ADD COLUMN assessment_id INTEGER REFERENCES assessments(id);
ALTER TABLE entries_history ADD COLUMN symptoms TEXT;
ALTER TABLE entries_history ADD COLUMN assessment_id INTEGER;
CREATE TABLE sessions(
 id INTEGER PRIMARY KEY, night TEXT NOT NULL,
 kind TEXT NOT NULL CHECK(kind IN ('routine','heat')),
 minutes INTEGER CHECK(minutes BETWEEN 0 AND 1440),
 rating INTEGER CHECK(rating BETWEEN 0 AND 10), created_at TEXT NOT NULL) STRICT;
INSERT INTO assessments VALUES(1,'2026-08-01T08:00:00Z','assess','self_care','k',
 '{"tightness": 5, "bladder_change": false, "leg_numbness": "none"}','{}');
INSERT INTO assessments VALUES(2,'2026-08-05T08:00:00Z','log','emergency','k',
 '{"tightness": 5, "bladder_change": false, "leg_numbness": "both_legs"}','{}');
INSERT INTO entries VALUES('2026-08-04',5,NULL,NULL,NULL,NULL,NULL,'2026-08-05T08:00:00Z',
 '{"leg_numbness": "both_legs"}',2);
INSERT INTO entries VALUES('2026-08-05',4,NULL,NULL,NULL,NULL,NULL,'2026-08-06T08:00:00Z',NULL,NULL);
PRAGMA user_version=2;
PRAGMA application_id=1650812002;
SQL
expect 0 "trend upgrades a schema 2 diary" -- "$BB" trend --json
jq -e '.warning_signs[0].id == "bilateral_leg_symptoms" and .warning_signs[0].date == "2026-08-04"' "$T/out" >/dev/null \
  || fail "the logged emergency was lost in the upgrade: $(head -c 400 "$T/out")"
[ "$(q 'PRAGMA user_version')" = 5 ] || fail "schema 2 -> $(q 'PRAGMA user_version')"
[ "$(q "SELECT source||':'||sign||'='||value FROM signs WHERE sign='leg_numbness' ORDER BY recorded_at")" = "$(printf 'assess:leg_numbness=none\nlog:leg_numbness=both_legs')" ] \
  || fail "signs carried over: $(q 'SELECT * FROM signs')"
expect 3 "routine still refuses after the upgrade" -- "$BB" routine
[ "$(q 'PRAGMA integrity_check')" = ok ] || fail "integrity (schema 2)"
finish
