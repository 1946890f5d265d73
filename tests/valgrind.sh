#!/bin/sh
# valgrind.sh BEDBACK [SRCDIR] -- runs a representative set of commands under
# valgrind (memcheck) and fails on any error it reports: invalid reads or
# writes, uninitialised values, definite leaks, bad frees. Every command's own
# exit status is checked too, so an error path counts as run only when taken.
# Run by `make valgrind` (docs/security.md).
set -u
bin=$1 src=${2:-.}
command -v valgrind >/dev/null 2>&1 || { echo "valgrind.sh: valgrind is not installed (scripts/install-deps)"; exit 2; }
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
db=$tmp/diary.db
failed=0 runs=0
# 99 marks an error valgrind found; definite leaks count as errors.
vg() { # vg WANT_STATUS ARGS... (stdin from /dev/null unless redirected by the caller)
  want=$1; shift
  runs=$((runs + 1))
  valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
    --log-file="$tmp/vg.log" "$bin" "$@" >"$tmp/out" 2>"$tmp/err"
  got=$?
  if [ -s "$tmp/vg.log" ] || [ "$got" = 99 ]; then
    echo "FAIL: valgrind found errors in: bedback $*"; cat "$tmp/vg.log"; failed=$((failed + 1))
  elif [ "$got" != "$want" ]; then
    echo "FAIL: bedback $* exited $got, wanted $want"; head -n 5 "$tmp/err"; failed=$((failed + 1))
  fi
}
ex=$src/examples
export BEDBACK_TEST_NOW="2026-03-10 08"
printf '{"age": 15, "bladder_chnage": true, "tightness": "high"}' > "$tmp/bad.json"

vg 0 assess --answers "$ex/side-sleeper.json"
vg 0 assess --answers "$ex/side-sleeper.json" --json
vg 0 assess --answers "$ex/emergency.json" --format markdown
vg 0 assess --answers "$ex/back-sleeper-not-asked.json" --json
vg 65 assess --answers "$tmp/bad.json"
vg 66 assess --answers "$tmp/missing.json"
vg 0 questions
vg 0 questions --json
vg 0 kb check
vg 0 kb check "$src/kb"
vg 0 kb show
vg 0 fit --sex female --height 165 --weight 70 --position side --firmness 5 --json
vg 0 fit --answers "$ex/side-sleeper.json" --svg "$tmp/fit.svg"
vg 0 log --db "$db" --date 2026-03-01 --tightness 6 --wake 4 --position side --note "first night"
vg 0 log --db "$db" --date 2026-03-02 --tightness 5 --routine --heat 15
vg 0 log --db "$db" --date 2026-03-03 --tightness 3 --no-routine
vg 0 setup mattress --db "$db" --date 2026-03-02 --note "firmer mattress"
vg 0 trend --db "$db"
vg 0 trend --db "$db" --json
vg 0 export --db "$db" --format csv
vg 0 export --db "$db" --format json
vg 0 export --db "$db" --format html --output "$tmp/report.html"
vg 65 log --db "$db" --date 2026-03-04 --tightness 11
vg 0 fhir questionnaire
vg 0 fhir codesystem --output "$tmp/cs.json"
vg 0 assess --answers "$ex/emergency.json" --format fhir
printf '{"resourceType": "QuestionnaireResponse", "item": [{"linkId": "section-sleep", "item": [{"linkId": "sleep_position", "answer": [{"valueCoding": {"code": "side"}}]}, {"linkId": "mattress_firmness", "answer": [{"valueInteger": 9}]}]}]}' > "$tmp/qr.json"
vg 0 assess --fhir-response "$tmp/qr.json" --json
printf '{"resourceType": "QuestionnaireResponse", "item": [{"linkId": "age", "answer": [{"valueInteger": 40}, {"valueInteger": 41}]}]}' > "$tmp/qr-bad.json"
vg 65 assess --fhir-response "$tmp/qr-bad.json"
vg 0 export --db "$db" --format fhir

# The interview on a terminal (util-linux script gives it one), with libedit
# loaded and used: an answer edited with the left arrow, Ctrl-D, then y.
# Each key waits until the screen asks for it (valgrind starts slowly).
if command -v script >/dev/null 2>&1; then
  runs=$((runs + 1))
  mkfifo "$tmp/keys"
  TERM=xterm NO_COLOR=1 script -qfec "valgrind -q --error-exitcode=99 --leak-check=full \
    --errors-for-leak-kinds=definite --log-file='$tmp/vg.log' '$bin' assess; echo status=\$?" \
    /dev/null <"$tmp/keys" >"$tmp/tty" 2>&1 &
  exec 3>"$tmp/keys"
  shows() { # shows TEXT: waits up to 120 s for it on the terminal
    n=0
    while ! grep -q -- "$1" "$tmp/tty"; do
      n=$((n + 1)); [ $n -gt 600 ] && return 1; sleep 0.2
    done
  }
  if shows '\[1/' && sleep 0.3 && printf 'o\033[Dn\r' >&3 && shows '\[2/' && sleep 0.3 &&
    printf '\004' >&3 && shows '(y/N)' && sleep 0.3 && printf 'y\r' >&3 && shows 'status='; then
    if [ -s "$tmp/vg.log" ] || ! grep -q 'status=0' "$tmp/tty"; then
      echo "FAIL: the interview on a terminal under valgrind:"; cat "$tmp/vg.log"
      grep 'status=' "$tmp/tty"; failed=$((failed + 1))
    fi
  else
    echo "FAIL: the interview on a terminal under valgrind did not go as typed:"
    tail -n 20 "$tmp/tty"; failed=$((failed + 1))
  fi
  exec 3>&-
  wait
else
  echo "valgrind.sh: script (util-linux) not found: the interview on a terminal not run"
fi

echo "valgrind: $runs commands, $failed failed"
[ "$failed" = 0 ]
