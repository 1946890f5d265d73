#!/bin/sh
# Off loopback (--listen 127.0.0.2, "another address" for the test): every
# request carries the token the start-up line prints -- in the query (the
# reply sets its cookie), the cookie, or Authorization: Bearer; without
# it, 403; the Host must be that address (421). Usage: token.sh BUILD_DIR SOURCE_DIR
. "$(dirname "$0")/lib.sh"
B=$1
W=$(mktemp -d "${TMPDIR:-/tmp}/bedback-token.XXXXXX") || exit 1
trap 'kill -TERM "$SPID" 2>/dev/null; rm -rf "$W"' EXIT
start_server "$W/s" "$B/bedback-serve" --listen 127.0.0.2 || { echo "FAIL: no server" >&2; exit 1; }
has "$W/s/out" "^bedback is running at http://127.0.0.2:$PORT/?token=[0-9a-f]\{32\}\$" "the address carries the token"
has "$W/s/out" "token" "the start-up line says a token is needed"
TOKEN=$(sed -n 's/.*token=\([0-9a-f]*\).*/\1/p' "$W/s/out" | head -n 1)
U=http://127.0.0.2:$PORT
req GET "$U/api/questions"; status_is 403 "no token: 403"
has "$W/b" "token" "403 says why"
req GET "$U/api/questions?token=0123456789abcdef0123456789abcdef"; status_is 403 "a wrong token: 403"
req GET "$U/api/questions" -H "Cookie: bb_token=${TOKEN}x"; status_is 403 "a longer token: 403"
req GET "$U/?token=$TOKEN"; status_is 303 "a page with the token in the query: to the address without it"
has "$W/h" "^Set-Cookie: bb_token=$TOKEN; Path=/; HttpOnly; SameSite=Strict" "kept in a cookie"
has "$W/h" "^Location: /[[:cntrl:]]*$" "the token leaves the address bar"
req GET "$U/fit?a=1&token=$TOKEN&b=2"; status_is 303 "another page: the same"
has "$W/h" "^Location: /fit?a=1&b=2[[:cntrl:]]*$" "the rest of the query kept"
req GET "$U/" -H "Cookie: bb_token=$TOKEN"; status_is 200 "the page, with the cookie"
req GET "$U/api/questions?token=$TOKEN"; status_is 200 "the API: the token in the query, no redirect"
has "$W/h" "^Set-Cookie: bb_token=$TOKEN" "the API's reply sets the cookie too"
req GET "$U/api/questions" -H "Cookie: other=1; bb_token=$TOKEN"; status_is 200 "the token in the cookie"
hasnt "$W/h" "^Set-Cookie" "no cookie set again"
req GET "$U/api/questions" -H "Authorization: Bearer $TOKEN"; status_is 200 "Authorization: Bearer"
req POST "$U/api/assess" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '{"age": 40}'
status_is 200 "a script's POST with the token"
req GET "$U/api/questions?token=$TOKEN" -H "Host: 127.0.0.1:$PORT"; status_is 421 "Host 127.0.0.1 when serving 127.0.0.2: 421"
req GET "$U/api/questions?token=$TOKEN" -H "Host: localhost:$PORT"; status_is 421 "Host localhost off loopback: 421"
req POST "$U/api/assess?token=$TOKEN" -H 'Content-Type: application/json' -H 'Origin: http://evil.example' -d '{}'
status_is 403 "cross-origin with the token: still 403"
# the loopback address is not served
code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:$PORT/api/questions")
[ "$code" = 000 ] && ok "nothing listens on 127.0.0.1" || fail "127.0.0.1 answered $code"
kill -TERM "$SPID"; i=0; while [ ! -f "$W/s/rc" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i+1)); done
[ "$(cat "$W/s/rc" 2>/dev/null)" = 0 ] && ok "stops with exit 0" || fail "exit $(cat "$W/s/rc" 2>/dev/null)"
hasnt "$W/s/err" "$TOKEN" "the token is not logged"

# --open starts the browser (xdg-open) with the address; a port in use and a
# bad address are refused with one sentence and their exit status
mkdir -p "$W/bin"
printf '#!/bin/sh\necho "$1" >"%s/opened"\n' "$W" >"$W/bin/xdg-open"
chmod 755 "$W/bin/xdg-open"
PATH="$W/bin:$PATH" start_server "$W/o" "$B/bedback-serve" --open || { echo "FAIL: no server" >&2; exit 1; }
i=0; while [ ! -s "$W/opened" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
[ "$(cat "$W/opened" 2>/dev/null)" = "http://127.0.0.1:$PORT/" ] && ok "--open opens the address" \
  || fail "--open opened '$(cat "$W/opened" 2>/dev/null)'"
"$B/bedback-serve" --port "$PORT" --db "$W/x.db" >"$W/out2" 2>"$W/err2"; rc=$?
[ $rc = 74 ] && ok "a port in use: 74" || fail "a port in use: exit $rc"
has "$W/err2" "^bedback: serve: port $PORT is in use" "and says so"
"$B/bedback-serve" --listen 300.1.2.3 >"$W/out2" 2>"$W/err2"; rc=$?
[ $rc = 64 ] && ok "a bad --listen: 64" || fail "a bad --listen: exit $rc"
has "$W/err2" "^bedback: serve: --listen takes an IP address" "and says so"
"$B/bedback-serve" --port 70000 >"$W/out2" 2>"$W/err2"; rc=$?
[ $rc = 64 ] && ok "a bad --port: 64" || fail "a bad --port: exit $rc"
"$B/bedback" serve --help >"$W/out2" 2>&1 && grep -q "^usage: bedback serve" "$W/out2" \
  && ok "bedback serve runs bedback-serve" || fail "bedback serve --help: $(head -3 "$W/out2")"
[ "$(stop_server "$W/o")" = 0 ] && ok "stopped" || fail "did not stop with 0"
finish
