# lib.sh -- shared by the bedback-serve tests (sourced). A server runs on a
# free port of 18000-18999 with a temporary diary; requests go through curl.
set -u
export LC_ALL=C
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
ok() { echo "ok: $*"; }
finish() { [ "$fails" -eq 0 ] && { echo "all ok"; exit 0; }; echo "$fails failure(s)" >&2; exit 1; }

# start_server STATE BIN [OPTIONS...]: starts BIN (bedback-serve) in the
# background on a free port with the diary STATE/diary.db (unless OPTIONS
# give --db); STATE/port, STATE/out, STATE/err; STATE/rc once it exits.
# Returns when it prints its address; sets PORT and SPID (its process).
start_server() {
  S=$1; BIN=$2; shift 2
  mkdir -p "$S"
  db="--db=$S/diary.db"
  for a in "$@"; do case $a in --db*) db= ;; esac; done
  for try in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
    PORT=$((18000 + $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 1000))
    rm -f "$S/rc" "$S/out" "$S/err"
    # shellcheck disable=SC2086
    ( "$BIN" --port "$PORT" $db "$@" >"$S/out" 2>"$S/err" </dev/null; echo $? >"$S/rc" ) >/dev/null 2>&1 &
    wrapper=$!
    i=0
    while [ $i -lt 200 ]; do
      grep -q "running at" "$S/out" 2>/dev/null && break
      [ -f "$S/rc" ] && break
      sleep 0.05; i=$((i + 1))
    done
    if grep -q "running at" "$S/out" 2>/dev/null; then
      SPID=$(ps -o pid= --ppid "$wrapper" | tr -d ' ' | head -n 1)
      echo "$PORT" >"$S/port"; echo "$SPID" >"$S/pid"
      return 0
    fi
    grep -q "in use" "$S/err" 2>/dev/null || { cat "$S/err" >&2; return 1; }
  done
  return 1
}

# stop_server STATE: SIGTERM, then waits for the exit status (STATE/rc).
stop_server() {
  kill -TERM "$(cat "$1/pid")" 2>/dev/null
  i=0
  while [ ! -f "$1/rc" ] && [ $i -lt 300 ]; do sleep 0.05; i=$((i + 1)); done
  cat "$1/rc" 2>/dev/null || echo none
}

# req METHOD URL [CURL ARGS...]: the status in $code, headers in $W/h, body in $W/b.
req() {
  m=$1; u=$2; shift 2
  code=$(curl -s -S -X "$m" -D "$W/h" -o "$W/b" -w '%{http_code}' --max-time 30 "$@" "$u")
}
# has FILE REGEX WHAT
has() { grep -qi -- "$2" "$1" || { fail "$3: '$2' not in $1"; head -c 600 "$1" | sed 's/^/  | /' >&2; }; }
hasnt() { ! grep -qi -- "$2" "$1" || fail "$3: '$2' is in $1"; }
status_is() { [ "$code" = "$1" ] && ok "$2" || { fail "$2: status $code, wanted $1"; head -c 400 "$W/b" | sed 's/^/  | /' >&2; }; }
