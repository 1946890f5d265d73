#!/bin/sh
# Every endpoint of bedback-serve's JSON API and every error (issue 14),
# against the fixture's server (start.sh): the same bytes as the command
# line's contracts; 400 with the position, 413, 415, 421, 403, 404, 405,
# 422 naming the key; the security headers on every response.
# Usage: http.sh BUILD_DIR STATE_DIR SOURCE_DIR
. "$(dirname "$0")/lib.sh"
B=$1; S=$2; SRC=$3
W=$(mktemp -d "${TMPDIR:-/tmp}/bedback-http.XXXXXX") || exit 1
trap 'rm -rf "$W"' EXIT
PORT=$(cat "$S/port")
U=http://127.0.0.1:$PORT
J='Content-Type: application/json'
export BEDBACK_TEST_NOW="2026-12-03 08"

headers_ok() { # the headers every response carries ($1: what)
  has "$W/h" "^Content-Security-Policy: default-src 'self';.*script-src 'self'.*style-src 'self'.*frame-ancestors 'none'.*form-action 'self'" "$1: CSP"
  hasnt "$W/h" "^Content-Security-Policy:.*unsafe-inline" "$1: no inline script or style"
  has "$W/h" "^X-Content-Type-Options: nosniff" "$1: nosniff"
  has "$W/h" "^Referrer-Policy: no-referrer" "$1: Referrer-Policy"
}

# ---- the contracts: the same bytes as the command line ----
req GET "$U/api/questions"; status_is 200 "GET /api/questions"
"$B/bedback" questions --json >"$W/cli"
cmp -s "$W/b" "$W/cli" && ok "questions: the bytes of bedback questions --json" || fail "questions differ"
has "$W/h" "^Content-Type: application/json" "questions: JSON"
has "$W/h" "^Cache-Control: no-store" "questions: no-store"
headers_ok "questions"

for f in "$SRC"/examples/*.json; do
  req POST "$U/api/assess" -H "$J" --data-binary "@$f"; status_is 200 "POST /api/assess $(basename "$f")"
  "$B/bedback" assess --json --answers "$f" >"$W/cli"
  cmp -s "$W/b" "$W/cli" && ok "assess $(basename "$f"): the bytes of assess --json" \
    || fail "assess $(basename "$f") differs from assess --json"
done
has "$W/h" "^Cache-Control: no-store" "an assessment is never stored by the browser"
headers_ok "assess"
# charset parameter and letter case of the media type do not matter
req POST "$U/api/assess" -H 'Content-Type: Application/JSON; charset=utf-8' -d '{"age": 40}'
status_is 200 "application/json with a charset"

req POST "$U/api/fit" -H "$J" --data-binary "@$SRC/examples/side-sleeper.json"; status_is 200 "POST /api/fit"
"$B/bedback" fit --json --answers "$SRC/examples/side-sleeper.json" >"$W/cli"
cmp -s "$W/b" "$W/cli" && ok "fit: the bytes of fit --json --answers" || fail "fit differs"
req POST "$U/api/fit" -H "$J" -d '{"sex": "male", "height_cm": 181, "weight_kg": 84, "options": {"position": "back", "firmness": 3, "pillow_cm": 8, "thickness_cm": 25}}'
status_is 200 "POST /api/fit with options"
"$B/bedback" fit --json --sex male --height 181 --weight 84 --position back --firmness 3 --pillow 8 --thickness 25 >"$W/cli"
cmp -s "$W/b" "$W/cli" && ok "fit options: the bytes of the fit flags" || fail "fit with options differs"
req POST "$U/api/fit" -H "$J" -d '{"sex": "male", "height_cm": 181, "weight_kg": 84, "options": {"firmnes": 3}}'
status_is 422 "fit: an unknown option"
has "$W/b" '"key": "firmnes"' "fit: the option named"

# FHIR: a QuestionnaireResponse in, the Bundle of assess --fhir-response --format fhir out
cat >"$W/qr.json" <<'QR'
{"resourceType": "QuestionnaireResponse", "status": "completed",
 "item": [{"linkId": "leg_weakness", "answer": [{"valueCoding": {"system": "https://bedback.invalid/fhir/CodeSystem/bedback", "code": "one_leg"}}]},
          {"linkId": "age", "answer": [{"valueInteger": 52}]}]}
QR
req POST "$U/api/fhir/assess" -H 'Content-Type: application/fhir+json' --data-binary "@$W/qr.json"
status_is 200 "POST /api/fhir/assess"
"$B/bedback" assess --fhir-response "$W/qr.json" --format fhir >"$W/cli" 2>"$W/clierr"
cmp -s "$W/b" "$W/cli" && ok "fhir: the bytes of assess --fhir-response --format fhir" || fail "fhir differs: $(head -c 300 "$W/clierr")"
has "$W/h" "^Content-Type: application/fhir+json" "fhir: its media type"
req POST "$U/api/fhir/assess" -H "$J" -d '{"resourceType": "QuestionnaireResponse", "status": "completed", "item": [{"linkId": "bladder_chnage", "answer": [{"valueBoolean": true}]}]}'
status_is 422 "fhir: an unknown linkId: 422"; has "$W/b" '"key": "bladder_chnage"' "names the linkId"
req POST "$U/api/fhir/assess" -H "$J" -d '{"resourceType": '; status_is 400 "fhir: not JSON: 400"
req POST "$U/api/fhir/assess" -H "$J" -d '{"resourceType": "Patient"}'; status_is 422 "fhir: another resource: 422"

# ---- errors ----
req POST "$U/api/assess" -H "$J" -d '{"age": 40, "bladder_chnage": true}'
status_is 422 "valid JSON, an unknown answer: 422"
has "$W/b" '"key": "bladder_chnage"' "422 names the key"
has "$W/b" 'did you mean \\"bladder_change\\"' "422 says what was meant (the CLI's message)"
has "$W/b" '"status": 422' "the status in the body"
req POST "$U/api/assess" -H "$J" -d '{"age": 200}'
status_is 422 "an answer out of range: 422"; has "$W/b" '"key": "age"' "422 names age"
printf '{\n  "age": 40,\n  "fever": tru\n}' >"$W/bad.json"
req POST "$U/api/assess" -H "$J" --data-binary "@$W/bad.json"
status_is 400 "malformed JSON: 400"
has "$W/b" '"line": 3, "column": [0-9]' "400 gives the position (line 3)"
has "$W/b" '"message": "line 3, column' "the message starts with the position"
has "$W/b" '"key": null' "400 names no key"
headers_ok "400"
req POST "$U/api/assess" -H "$J" -d '[1, 2]'; status_is 400 "not an object: 400"
req POST "$U/api/assess" -H 'Content-Type: text/plain' -d '{"age": 40}'
status_is 415 "text/plain: 415"
req POST "$U/api/assess" -d '{"age": 40}'; status_is 415 "a form's type: 415"
req POST "$U/api/assess" -H 'Content-Type: application/jsonx' -d '{}'; status_is 415 "application/jsonx: 415"
head -c 70000 /dev/zero | tr '\0' ' ' >"$W/big"
req POST "$U/api/assess" -H "$J" --data-binary "@$W/big"; status_is 413 "a 70 KB body: 413"
has "$W/b" '"status": 413' "413 as JSON"
headers_ok "413"
req POST "$U/api/assess" -H "$J" -H 'Transfer-Encoding: chunked' --data-binary "@$W/big"
status_is 413 "a 70 KB chunked body (no length given): 413"
head -c 65000 /dev/zero | tr '\0' ' ' >"$W/edge"; printf '{}' >>"$W/edge"
req POST "$U/api/assess" -H "$J" --data-binary "@$W/edge"; status_is 200 "a body just under 64 KiB is read"

big=$(head -c 20000 /dev/zero | tr '\0' a)
req GET "$U/api/questions" -H "X-Big: $big"; status_is 431 "20 KB of headers: 431"
headers_ok "431"
req GET "$U/api/questions?x=$(head -c 9000 /dev/zero | tr '\0' a)"; status_is 414 "a 9 KB address: 414"
headers_ok "414"
req GET "$U/api/questions" -H "Host: evil.example:$PORT"; status_is 421 "Host of another name: 421"
headers_ok "421"
req GET "$U/api/questions" -H "Host: 127.0.0.1:1"; status_is 421 "Host with another port: 421"
req GET "$U/api/questions" -H "Host: 127.0.0.1"; status_is 421 "Host without the port: 421"
req GET "$U/api/questions" -H "Host: localhost:$PORT"; status_is 200 "Host localhost:PORT"
req GET "$U/api/questions" -H "Host: [::1]:$PORT"; status_is 200 "Host [::1]:PORT"
req GET "$U/" -H "Host: attacker.example"; status_is 421 "a page: 421 too"
has "$W/h" "^Content-Type: text/html" "a page's error is a page"

req POST "$U/api/assess" -H "$J" -H 'Origin: http://evil.example' -d '{}'
status_is 403 "cross-origin POST (Origin): 403"
req POST "$U/api/assess" -H "$J" -H 'Sec-Fetch-Site: cross-site' -d '{}'
status_is 403 "cross-site POST (Sec-Fetch-Site): 403"
req POST "$U/api/assess" -H "$J" -H 'Origin: null' -d '{}'; status_is 403 "Origin null: 403"
req POST "$U/api/assess" -H "$J" -H "Origin: http://localhost:$PORT" -d '{}'
status_is 403 "Origin of another name of this machine: 403"
req POST "$U/api/assess" -H "$J" -H "Origin: http://127.0.0.1:$PORT" -H 'Sec-Fetch-Site: same-origin' -d '{}'
status_is 200 "same-origin POST"
req POST "$U/api/assess" -H "$J" -d '{}'; status_is 200 "no Origin, no Sec-Fetch-Site (curl): accepted on loopback"
req GET "$U/api/questions" -H 'Sec-Fetch-Site: cross-site'; status_is 200 "a cross-site GET changes nothing: served"

req GET "$U/api/nothing"; status_is 404 "404"
has "$W/b" '"status": 404' "404 as JSON under /api/"
headers_ok "404"
req GET "$U/no/such/page"; status_is 404 "a page that is not there: 404"
has "$W/h" "^Content-Type: text/html" "as a page"
req GET "$U/static/nothing.css"; status_is 404 "an asset that is not there: 404"
req GET "$U/static/../../../etc/passwd" --path-as-is; status_is 404 "no way out of the built-in files"
req DELETE "$U/api/assess"; status_is 405 "DELETE /api/assess: 405"
has "$W/h" "^Allow: POST" "405 says what is allowed"
req GET "$U/api/assess"; status_is 405 "GET /api/assess: 405"
req PUT "$U/api/diary/entries" -H "$J" -d '{}'; status_is 405 "PUT /api/diary/entries: 405"
has "$W/h" "^Allow: GET, HEAD, POST" "Allow lists both"
req OPTIONS "$U/api/assess"; status_is 405 "OPTIONS (no CORS preflight is ever granted): 405"
hasnt "$W/h" "^Access-Control-Allow" "no CORS headers"

# ---- built-in files ----
req GET "$U/static/example-assessment.json"; status_is 200 "a built-in file"
cmp -s "$W/b" "$B/web-gen/example-assessment.json" && ok "its bytes" || fail "the built-in file differs"
has "$W/h" "^Content-Type: application/json" "its type"
headers_ok "static"
req GET "$U/static/style.css"; status_is 200 "the stylesheet"; has "$W/h" "^Content-Type: text/css" "CSS type"
code=$(curl -s -o /dev/null -w '%{http_code}' -I "$U/static/style.css"); status_is 200 "HEAD"
req GET "$U/"; status_is 200 "the start page"; has "$W/h" "^Content-Type: text/html; charset=utf-8" "HTML"
headers_ok "a page"; has "$W/h" "^Cache-Control: no-store" "pages: no-store"
# nothing from another host: every src/href of the page is this server's
grep -o -E '(src|href|action)="[^"]*"' "$W/b" | grep -v -E '="(/|#)' >"$W/ext" || true
[ -s "$W/ext" ] && fail "the page refers to another host: $(cat "$W/ext")" || ok "the page refers only to this server"

# ---- the diary ----
req GET "$U/api/diary/entries"; status_is 200 "GET entries of a new diary"
has "$W/b" '"entries": \[\]' "no entries yet"
[ -e "$S/diary.db" ] && fail "reading created the diary" || ok "reading creates no diary"
req POST "$U/api/diary/entries" -H "$J" -d '{"tightness": 5, "note": "ZQXJ-PRIVATE pillow", "position": "side"}'
status_is 201 "POST an entry: 201"
has "$W/b" '"date": "2026-12-02"' "the date defaults to last night"
has "$W/b" '"note": "ZQXJ-PRIVATE pillow"' "the stored entry comes back"
has "$W/h" "^Cache-Control: no-store" "an entry is never stored by the browser"
[ "$(stat -c %a "$S/diary.db")" = 600 ] && ok "the diary is 0600" || fail "the diary is $(stat -c %a "$S/diary.db")"
req POST "$U/api/diary/entries" -H "$J" -d '{"date": "2026-12-02", "tightness": 3}'
status_is 201 "amend the night"
has "$W/b" '"tightness": 3' "amended"; has "$W/b" '"position": "side"' "what was not given is kept"
has "$W/b" '"earlier_versions": 1' "the earlier version is kept"
req POST "$U/api/diary/entries" -H "$J" -d '{"date": "2026-11-20", "tightness": 7, "symptoms": {"leg_weakness": "one_leg"}}'
status_is 201 "an entry with a new warning sign"
has "$W/b" '"triage": "urgent"' "its triage comes with it"
req POST "$U/api/diary/entries" -H "$J" -d '{"wake": 3}'; status_is 422 "no tightness: 422"
has "$W/b" '"key": "tightness"' "names tightness"
req POST "$U/api/diary/entries" -H "$J" -d '{"tightness": 4, "symptoms": {"age": 40}}'
status_is 422 "a symptom that is not a warning sign: 422"; has "$W/b" '"key": "age"' "names it"
req POST "$U/api/diary/entries" -H "$J" -d '{"tightness": 4,'; status_is 400 "a malformed entry: 400"
req GET "$U/api/diary/entries"; status_is 200 "GET entries"
"$B/bedback" export --format json --db "$S/diary.db" >"$W/cli"
grep -c '"tightness":' "$W/b" | grep -q '^2$' && ok "two nights listed" || fail "GET entries: $(cat "$W/b")"
sed -n '/"warning_signs": \[/,/^  \]/p' "$W/b" | grep -q '"level": "urgent"' && ok "the warning sign on record opens the list" || fail "no warning sign first"
req GET "$U/api/trend"; status_is 200 "GET /api/trend"
"$B/bedback" trend --json --db "$S/diary.db" >"$W/cli"
cmp -s "$W/b" "$W/cli" && ok "trend: the bytes of trend --json" || fail "trend differs from trend --json"
req GET "$U/api/trend?weeks=0"; status_is 400 "weeks=0: 400"
for f in csv json html; do
  req GET "$U/api/export?format=$f"; status_is 200 "export $f"
  has "$W/h" "^Content-Disposition: attachment; filename=\"bedback-diary-2026-12-03.$f\"" "export $f: a download"
  has "$W/h" "^Cache-Control: no-store" "export $f: no-store"
done
req GET "$U/api/export?format=html"; "$B/bedback" export --format html --db "$S/diary.db" >"$W/cli"
grep -q '<style' "$W/b" && ok "the HTML report keeps its own style" || fail "the HTML report has no style"
cmp -s "$W/b" "$W/cli" && ok "export html: the bytes of export --format html" || fail "export html differs"
req GET "$U/api/export?format=json"; "$B/bedback" export --format json --db "$S/diary.db" >"$W/cli"
cmp -s "$W/b" "$W/cli" && ok "export json: the bytes of export --format json" || fail "export json differs"
req GET "$U/api/export?format=csv"; "$B/bedback" export --format csv --db "$S/diary.db" >"$W/cli"
cmp -s "$W/b" "$W/cli" && ok "export csv: the bytes of export --format csv" || fail "export csv differs"
has "$W/h" "^Content-Type: text/csv" "CSV type"
req GET "$U/api/export?format=pdf"; status_is 400 "export pdf: 400"; has "$W/b" '"key": "format"' "names format"
finish
