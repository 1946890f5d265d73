# lib.sh -- shared by the setup tests (sourced, not run; tests/setup.cmake
# registers every other tests/setup/*.sh). Each test works in its own private
# folder (mktemp -d, mode 0700, like a clone in a private place) and removes it.
set -u
W=$(mktemp -d "${TMPDIR:-/tmp}/bedback-setup.XXXXXX") || exit 1
trap 'chmod -R u+rwX "$W" 2>/dev/null; rm -rf "$W"' EXIT
# ctest may run under make: the inner makes must not inherit its job server.
unset MAKEFLAGS MFLAGS MAKELEVEL
export LC_ALL=C
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
ok() { echo "ok: $*"; }
# expect STATUS DESCRIPTION -- COMMAND...: runs it, keeps stdout in $W/out, stderr in $W/err
expect() {
  want=$1; what=$2; shift 3
  "$@" >"$W/out" 2>"$W/err"
  got=$?
  if { [ "$want" = nonzero ] && [ "$got" -eq 0 ]; } || { [ "$want" != nonzero ] && [ "$got" -ne "$want" ]; }; then
    fail "$what: exit $got, wanted $want"; tail -n 30 "$W/err" "$W/out" | sed 's/^/  | /' >&2
  else ok "$what"; fi
}
has() { grep -q -- "$2" "$1" || { fail "$3: '$2' not in $1"; tail -n 30 "$1" | sed 's/^/  | /' >&2; }; }
finish() { [ "$fails" -eq 0 ] && { echo "all ok"; exit 0; }; echo "$fails failure(s)" >&2; exit 1; }
# copy_clone SRC DEST: the source tree as a fresh clone of it would have it
# (tracked and new files, not what .gitignore leaves out: no build folders),
# including changes not yet committed.
copy_clone() {
  mkdir -p "$2"
  if git -C "$1" rev-parse --git-dir >/dev/null 2>&1; then
    (cd "$1" && git ls-files -co --exclude-standard | while IFS= read -r f; do
      [ -e "$f" ] && printf '%s\n' "$f"; done | tar -cf - -T -) | tar -xf - -C "$2"
  else
    (cd "$1" && tar -cf - --exclude='./build' --exclude='./build-*' .) | tar -xf - -C "$2"
  fi
}
