#!/bin/sh
# pages_http.sh -- the pages over HTTP without a browser: each page is
# 200 HTML with the security headers and no-store; forms without their
# CSRF field are refused; a form with a bad answer comes back 422 naming
# the field; a diary that cannot be written gives a page that says so,
# never a bare 500.
# usage: pages_http.sh BEDBACK_SERVE PORT
set -u
SERVE=$1 PORT=$2
T=$(mktemp -d)
trap 'kill "$PID" 2>/dev/null; wait "$PID" 2>/dev/null; rm -rf "$T"' EXIT
B="http://127.0.0.1:$PORT"
fails=0
ok() { echo "ok - $1"; }
fail() { echo "not ok - $1"; fails=$((fails + 1)); }
start() { # start DB
  BEDBACK_TEST_NOW="2026-12-01 08" "$SERVE" --port "$PORT" --db "$1" >"$T/log" 2>&1 &
  PID=$!
  for _ in $(seq 100); do grep -q "running at" "$T/log" && return 0; sleep 0.1; done
  cat "$T/log"; echo "not ok - the server did not start"; exit 1
}
stop() { kill "$PID"; wait "$PID" 2>/dev/null; }
# get PATH: headers in $T/h, body in $T/b, status echoed
get() { curl -s -D "$T/h" -o "$T/b" -w '%{http_code}' "$B$1"; }
# post PATH DATA: a same-origin form post
post() {
  curl -s -D "$T/h" -o "$T/b" -w '%{http_code}' -H "Origin: $B" -H 'Sec-Fetch-Site: same-origin' \
    --data "$2" "$B$1"
}
csrf() { sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$T/b" | head -n 1; }

start "$T/diary.db"
for p in / /check /fit /routine /heat /diary /diary?night=2026-11-30; do
  s=$(get "$p")
  [ "$s" = 200 ] && grep -qi '^content-type: text/html' "$T/h" || fail "$p: status $s"
  grep -qi "^content-security-policy: .*default-src 'self'" "$T/h" || fail "$p: no CSP"
  grep -qi '^cache-control: no-store' "$T/h" || fail "$p: not no-store"
  grep -q 'style=' "$T/b" && fail "$p: an inline style attribute (the CSP blocks it)"
  grep -q '<script>' "$T/b" && fail "$p: an inline script"
  ok "$p: 200, CSP, no-store, nothing inline"
done
s=$(get /assessment.css)
[ "$s" = 200 ] && grep -qi '^content-type: text/css' "$T/h" && grep -q '\.bb-a' "$T/b" &&
  ok "/assessment.css: the library's style of its fragment" || fail "/assessment.css: $s"

get /check >/dev/null
C=$(csrf)
[ -n "$C" ] && ok "the check carries a CSRF field" || fail "no CSRF field in the check"
s=$(post /check "tightness=5")
[ "$s" = 403 ] && ok "a form without its CSRF field: 403" || fail "no CSRF field: $s"
s=$(post /check "csrf=$C&tightness=99&age=40")
if [ "$s" = 422 ] && grep -q 'href="#f-tightness"' "$T/b" && grep -q 'id="f-age"[^>]*value="40"' "$T/b"; then
  ok "a bad answer: 422, the summary links to the field, the other answers kept"
else fail "a bad answer: $s"; fi
# without JavaScript, questions that come to apply follow in a second
# step: a form that showed only some gets the rest back, answers kept
s=$(post /check "csrf=$C&age=40&tightness=5&shown=age+tightness")
if [ "$s" = 200 ] && grep -q 'New question' "$T/b" && grep -q 'role="status"' "$T/b" &&
  grep -q 'id="f-age"[^>]*value="40"' "$T/b" && ! grep -q 'class="triage' "$T/b"; then
  ok "questions not shown yet come back in a second step, the answers kept"
else fail "second step: $s"; fi
s=$(post /check "csrf=$C&age=40&tightness=5")
[ "$s" = 200 ] && grep -q 'class="triage' "$T/b" && ok "a form that does not say what it showed: the result at once" ||
  fail "no second step without a list: $s"
s=$(post /check "csrf=$C&bladder_change=yes")
[ "$s" = 200 ] && grep -q 'class="triage emergency"' "$T/b" && ok "an emergency answer: the emergency result" ||
  fail "emergency on submit: $s"
s=$(post /diary/entry "csrf=$C&date=2026-11-30")
[ "$s" = 422 ] && grep -q 'href="#f-tightness"' "$T/b" && ok "a night without its tightness: 422, says so" ||
  fail "a night without tightness: $s"
s=$(post /diary/entry "csrf=$C&date=2026-11-30&tightness=4&note=ok")
[ "$s" = 303 ] && grep -qi '^location: /diary?logged=entry&night=2026-11-30' "$T/h" &&
  ok "a night: 303 to the diary" || fail "a night: $s"
for f in markdown:md html:html json:json; do
  s=$(post /result/download "csrf=$C&format=${f%%:*}&answers=%7B%22tightness%22%3A5%2C%22sleep_position%22%3A%22side%22%7D")
  [ "$s" = 200 ] && grep -qi "^content-disposition: attachment; filename=\"bedback-assessment-2026-12-01.${f#*:}\"" "$T/h" &&
    grep -q 'ight' "$T/b" && ok "the result downloads as ${f%%:*}" || fail "download ${f%%:*}: $s"
done
s=$(post /result/save "csrf=$C&answers=%7B%22tightness%22%3A%22x%22%7D")
[ "$s" = 422 ] && grep -q 'tightness' "$T/b" && ok "a result with a bad answer is not saved: 422 naming it" ||
  fail "bad saved answers: $s"
# a saved check that says to see someone (consult): the routine and the
# heat timer are not refused, but say so before anything else
for p in /routine /heat; do
  get "$p" >/dev/null
  grep -q 'See a clinician' "$T/b" && fail "$p: a clinician notice before any check says so"
done
s=$(post /result/save "csrf=$C&answers=%7B%22self_care_weeks%22%3A4%2C%22trend%22%3A%22same%22%7D")
[ "$s" = 303 ] || fail "saving a consult check: $s"
for p in /routine /heat; do
  s=$(get "$p")
  n=$(grep -n 'See a clinician\.</strong> Book an appointment' "$T/b" | head -n 1 | cut -d: -f1)
  h=$(grep -n '<h1>' "$T/b" | head -n 1 | cut -d: -f1)
  x=$(grep -n 'class="exercise"\|id="heat-start"\|<form' "$T/b" | head -n 1 | cut -d: -f1)
  if [ "$s" = 200 ] && [ -n "$n" ] && [ -n "$x" ] && [ "$h" -le "$n" ] && [ "$n" -lt "$x" ] &&
    grep -q 'does not take the place of seeing someone' "$T/b"; then
    ok "$p with a consult check: 200, the notice under the heading, before the exercises"
  else fail "$p with a consult check: $s (notice line ${n:-none}, first exercise or form ${x:-none})"; fi
done
stop

# a diary that cannot be written (its folder is a file)
: >"$T/file"
start "$T/file/diary.db"
s=$(get /diary)
[ "$s" != 500 ] && grep -q 'class="problem"' "$T/b" && ok "the diary page of a diary that cannot be read: $s, a page that says so" ||
  fail "unreadable diary page: $s"
get /check >/dev/null
C=$(csrf)
s=$(post /diary/entry "csrf=$C&date=2026-11-30&tightness=4")
if [ "$s" != 500 ] && [ "$s" -ge 400 ] && grep -q 'class="problem"' "$T/b" && grep -q 'diary.db' "$T/b"; then
  ok "a diary that cannot be written: $s, a page naming the file"
else fail "unwritable diary: $s"; sed 's/^/  | /' "$T/b" | head -40; fi
s=$(post /result/save "csrf=$C&answers=%7B%7D")
[ "$s" != 500 ] && grep -q 'class="problem"' "$T/b" && ok "saving a result there: $s, a page that says so" ||
  fail "saving to an unwritable diary: $s"
stop
[ "$fails" = 0 ]
