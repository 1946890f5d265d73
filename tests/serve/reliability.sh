#!/bin/sh
# Reliability (issue 14): two saves at once both land; the server killed
# with SIGKILL while saving loses nothing it reported saved (201); a
# read-only or full diary gives a clear error, never a bare 500, and the
# diary can still be read. Usage: reliability.sh BUILD_DIR SOURCE_DIR
. "$(dirname "$0")/lib.sh"
B=$1
W=$(mktemp -d "${TMPDIR:-/tmp}/bedback-rel.XXXXXX") || exit 1
chmod 755 "$W"
trap 'kill -9 "$SPID" 2>/dev/null; rm -rf "$W"' EXIT
export BEDBACK_TEST_NOW="2026-12-03 08"
J='Content-Type: application/json'
day() { date -u -d "2025-01-01 +$1 days" +%F; }
# post N DATE: one save; prints "DATE STATUS"
post() {
  c=$(curl -s -o /dev/null -w '%{http_code}' --max-time 20 -X POST -H "$J" \
    -d "{\"date\": \"$2\", \"tightness\": $(($1 % 11)), \"note\": \"ZQXJ-PRIVATE $1\"}" "$U/api/diary/entries")
  echo "$2 $c"
}
# saved_dates DB: the nights the diary holds, one per line
saved_dates() { "$B/bedback" export --format csv --db "$1" | sed -n '2,$s/^\([0-9-]*\),.*/\1/p' | sort; }

# ---- two saves at once (two tabs), twenty times ----
start_server "$W/a" "$B/bedback-serve" || { echo "FAIL: no server" >&2; exit 1; }
U=http://127.0.0.1:$PORT
: >"$W/both"
for i in $(seq 0 19); do
  post "$i" "$(day $((2 * i)))" >>"$W/both" &
  p1=$!
  post "$i" "$(day $((2 * i + 1)))" >>"$W/both" &
  wait $p1 $!
done
# and the same night from two tabs: both land (one amends the other)
post 1 "$(day 100)" >>"$W/both" &
p1=$!
post 2 "$(day 100)" >>"$W/both" &
wait $p1 $!
n201=$(grep -c ' 201$' "$W/both")
[ "$n201" = 42 ] && ok "42 concurrent saves: all 201" || fail "concurrent saves: $n201 of 42 gave 201: $(grep -v ' 201$' "$W/both" | head -3)"
saved_dates "$W/a/diary.db" >"$W/dates"
[ "$(wc -l <"$W/dates")" = 41 ] && ok "all 41 nights are in the diary" || fail "the diary has $(wc -l <"$W/dates") nights, wanted 41"
"$B/bedback" history --db "$W/a/diary.db" >"$W/hist" 2>&1
grep -q "$(day 100)" "$W/hist" && ok "the night saved twice has its earlier version" || fail "no history for the night saved twice"
[ "$(stop_server "$W/a")" = 0 ] && ok "stopped" || fail "did not stop with 0"

# ---- SIGKILL while saving: nothing reported saved is lost ----
start_server "$W/k" "$B/bedback-serve" || { echo "FAIL: no server" >&2; exit 1; }
U=http://127.0.0.1:$PORT
( for i in $(seq 0 199); do post "$i" "$(day "$i")"; done >"$W/k1" ) &
c1=$!
( for i in $(seq 200 399); do post "$i" "$(day "$i")"; done >"$W/k2" ) &
c2=$!
# kill once some saves have landed
i=0
while [ "$(cat "$W/k1" "$W/k2" 2>/dev/null | grep -c ' 201$')" -lt 20 ] && [ $i -lt 400 ]; do
  sleep 0.05; i=$((i + 1))
done
kill -9 "$SPID"
wait $c1 $c2
cat "$W/k1" "$W/k2" | sed -n 's/ 201$//p' | sort >"$W/reported"
saved_dates "$W/k/diary.db" >"$W/kept"
nrep=$(wc -l <"$W/reported")
lost=$(comm -23 "$W/reported" "$W/kept" | wc -l)
[ "$nrep" -ge 20 ] && [ "$nrep" -lt 400 ] && ok "killed while saving ($nrep saves reported before the kill)" \
  || fail "the kill did not come during the saves ($nrep reported)"
[ "$lost" = 0 ] && ok "nothing reported saved was lost" || fail "$lost saves reported as saved are missing"
"$B/bedback" export --format json --db "$W/k/diary.db" >/dev/null 2>"$W/kerr" \
  && ok "the diary reads cleanly after the kill" || fail "the diary is damaged: $(cat "$W/kerr")"

# ---- a full diary (the file-size limit: writes fail as on a full disk) ----
"$B/bedback" log --tightness 4 --date 2026-12-01 --db "$W/full.db" >/dev/null
( ulimit -f 8; start_server "$W/f" "$B/bedback-serve" --db "$W/full.db"; echo "$SPID" >"$W/fpid"; echo "$PORT" >"$W/fport" ) &
fw=$!
i=0; while [ ! -s "$W/fport" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
SPID=$(cat "$W/fpid"); U=http://127.0.0.1:$(cat "$W/fport")
big=$(head -c 900 /dev/zero | tr '\0' 'x')
for i in $(seq 1 40); do
  code=$(curl -s -o "$W/fb" -w '%{http_code}' -X POST -H "$J" -d "{\"date\": \"$(day "$i")\", \"tightness\": 3, \"note\": \"$big\"}" "$U/api/diary/entries")
  [ "$code" = 201 ] || break
done
status_is 503 "a full diary: 503, not a bare 500"
grep -q '"error": {"message": "[^"]\{20,\}' "$W/fb" && ok "with a sentence saying why: $(sed -n 's/.*"message": "\([^"]*\)".*/\1/p' "$W/fb" | head -c 160)" || fail "no clear message: $(cat "$W/fb")"
code=$(curl -s -o "$W/fb" -w '%{http_code}' "$U/api/diary/entries"); status_is 200 "a full diary still reads"
kill -TERM "$SPID"; wait $fw

# ---- a read-only diary ----
"$B/bedback" log --tightness 4 --date 2026-12-01 --db "$W/ro/ro.db" >/dev/null
chmod 400 "$W/ro/ro.db"
if [ "$(id -u)" = 0 ]; then
  # root writes whatever the mode says: the server runs as nobody
  chown -R nobody "$W/ro"; chmod 755 "$W/ro"
  run_as="setpriv --reuid=nobody --regid=nogroup --clear-groups"
  mkdir -p "$W/r"; chmod 777 "$W/r"
else
  run_as=
fi
cat >"$W/runro" <<RUN
#!/bin/sh
exec $run_as "$B/bedback-serve" "\$@"
RUN
chmod 755 "$W/runro"
start_server "$W/r" "$W/runro" --db "$W/ro/ro.db" || { echo "FAIL: no server" >&2; cat "$W/r/err" >&2; exit 1; }
U=http://127.0.0.1:$PORT
req POST "$U/api/diary/entries" -H "$J" -d '{"tightness": 2}'
status_is 503 "a read-only diary: 503"
has "$W/b" '"message": "[^"]\{20,\}' "a sentence saying why"
sed -n 's/.*"message": "\([^"]*\)".*/  (said: \1)/p' "$W/b" | head -c 200; echo
req GET "$U/api/diary/entries"; status_is 200 "a read-only diary still reads"
has "$W/b" '"date": "2026-12-01"' "its entry"
[ "$(stop_server "$W/r")" = 0 ] && ok "stopped" || fail "did not stop with 0"

# ---- slow clients do not hold the server ----
start_server "$W/sl" "$B/bedback-serve" || { echo "FAIL: no server" >&2; exit 1; }
U=http://127.0.0.1:$PORT
head -c 3000 /dev/zero | tr '\0' ' ' >"$W/pad"
slow=
for i in $(seq 1 40); do
  curl -s -o /dev/null --limit-rate 100 -X POST -H "$J" --data-binary "@$W/pad" "$U/api/assess" &
  slow="$slow $!"
done
sleep 1
t0=$(date +%s%N)
code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$U/api/questions")
t1=$(date +%s%N)
ms=$(( (t1 - t0) / 1000000 ))
[ "$code" = 200 ] && [ "$ms" -lt 3000 ] && ok "40 slow uploads under way: another request answered in $ms ms" \
  || fail "with 40 slow uploads: status $code after $ms ms"
# shellcheck disable=SC2086
kill $slow 2>/dev/null
[ "$(stop_server "$W/sl")" = 0 ] && ok "stopped with slow clients connected" || fail "did not stop with 0"

# ---- SIGTERM while a request is under way: it finishes, then exit 0 ----
start_server "$W/g" "$B/bedback-serve" || { echo "FAIL: no server" >&2; exit 1; }
U=http://127.0.0.1:$PORT
{ printf '{"age": 40,'; head -c 12000 /dev/zero | tr '\0' ' '; printf '"fever": false}'; } >"$W/slow.json"
# about 2.5 s to send at 5 kB/s
curl -s -o "$W/slow.out" -w '%{http_code}' --limit-rate 5k -X POST -H "$J" \
  --data-binary "@$W/slow.json" "$U/api/assess" >"$W/slow.code" &
cpid=$!
sleep 0.8
kill -TERM "$SPID"
wait $cpid
[ "$(cat "$W/slow.code")" = 200 ] && grep -q '"triage"' "$W/slow.out" \
  && ok "a request under way at SIGTERM is answered" || fail "the request under way got $(cat "$W/slow.code")"
i=0; while [ ! -f "$W/g/rc" ] && [ $i -lt 300 ]; do sleep 0.05; i=$((i + 1)); done
[ "$(cat "$W/g/rc" 2>/dev/null)" = 0 ] && ok "then exit 0" || fail "exit $(cat "$W/g/rc" 2>/dev/null)"
finish
