# lib.sh -- shared by the diary's shell tests (sourced, not run: it has no
# test of its own, see tests/diary.cmake which only runs files named *.sh
# that are not lib.sh). Usage in a test: . "$(dirname "$0")/lib.sh" "$@"
set -u
BB=$1
T=$2
rm -rf "$T"
mkdir -p "$T"
export BEDBACK_DB="$T/diary.db"
unset XDG_DATA_HOME
export HOME="$T/home"
export LC_ALL=C
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
ok() { echo "ok: $*"; }
# expect STATUS DESCRIPTION -- COMMAND...: runs it, keeps stdout in $T/out, stderr in $T/err
expect() {
  want=$1; what=$2; shift 3
  "$@" >"$T/out" 2>"$T/err"
  got=$?
  if [ "$got" -ne "$want" ]; then
    fail "$what: exit $got, wanted $want"; sed 's/^/  | /' "$T/err" "$T/out" >&2
  else ok "$what"; fi
}
has() { grep -q -- "$2" "$1" || { fail "$3: '$2' not in $1"; sed 's/^/  | /' "$1" >&2; }; }
q() { sqlite3 "$BEDBACK_DB" "$1"; }
finish() { [ "$fails" -eq 0 ] && { echo "all ok"; exit 0; }; echo "$fails failure(s)" >&2; exit 1; }
