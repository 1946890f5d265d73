#!/bin/sh
# make install / make uninstall with PREFIX and DESTDIR (issue 12): the
# program, the manual page, the header, the static library, its pkg-config
# file and the documentation land where they should; a small C program builds
# against the installed copy with `pkg-config --cflags --libs bedback` and
# runs; uninstall leaves no file behind. Usage: install.sh SOURCE_DIR BUILD_DIR
. "$(dirname "$0")/lib.sh"
SRC=$1
BUILD=$2
D="$W/root"
P=/opt/bb
# NOBUILD=1: what `make test` built is installed; a rebuild here would
# relink the program while other tests run it.
expect 0 "make install" -- make -C "$SRC" BUILD="$BUILD" PREFIX=$P DESTDIR="$D" NOBUILD=1 install
for f in bin/bedback share/man/man1/bedback.1 include/bedback.h lib/libbedback.a \
  lib/pkgconfig/bedback.pc share/doc/bedback/README.md share/doc/bedback/diary.md \
  share/doc/bedback/answers.md share/doc/bedback/api.md; do
  [ -f "$D$P/$f" ] || fail "not installed: $P/$f"
done
[ -x "$D$P/bin/bedback" ] || fail "the program is not executable"
expect 0 "the installed program runs" -- "$D$P/bin/bedback" --version
has "$W/out" "bedback " "its version"
# the web app's program is in libexec, and `bedback serve` finds it there
[ -x "$D$P/libexec/bedback/bedback-serve" ] || fail "not installed: $P/libexec/bedback/bedback-serve"
expect 0 "the installed bedback serve runs bedback-serve" -- "$D$P/bin/bedback" serve --help
has "$W/out" "usage: bedback serve" "its help"
has "$D$P/lib/pkgconfig/bedback.pc" "prefix=$P\$" "the pkg-config file names PREFIX, not DESTDIR"
if command -v man >/dev/null 2>&1; then
  expect 0 "man finds the page under PREFIX" -- env MANPATH="$D$P/share/man" man -w bedback
  has "$W/out" "$D$P/share/man/man1/bedback.1" "the page it finds"
fi

cat >"$W/prog.c" <<'PROG'
#include <bedback.h>
#include <stdio.h>
#include <string.h>
int main(void) {
  bb_error err;
  bb_kb *kb = bb_kb_load_builtin(&err);
  if (!kb)
    return 1;
  const char *json = "{\"age\": 40, \"bladder_change\": true}";
  bb_answers *a = bb_answers_parse(kb, json, strlen(json), "prog", &err, NULL, NULL);
  bb_assessment *as = a ? bb_assess(kb, a, &err) : NULL;
  if (!as)
    return 1;
  printf("%s %s\n", bb_version(), bb_level_name(bb_assessment_level(as)));
  bb_assessment_free(as);
  bb_answers_free(a);
  bb_kb_free(kb);
  return 0;
}
PROG
export PKG_CONFIG_PATH="$D$P/lib/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$D"
expect 0 "pkg-config knows bedback" -- pkg-config --cflags --libs bedback
flags=$(cat "$W/out")
case $flags in *"-I$D$P/include"*"-lbedback"*) ok "pkg-config flags" ;;
  *) fail "pkg-config flags: $flags" ;; esac
# shellcheck disable=SC2086
expect 0 "a C program builds against the installed library" -- \
  ${CC:-cc} -std=c17 -Wall -Werror "$W/prog.c" -o "$W/prog" $flags
expect 0 "and runs" -- "$W/prog"
has "$W/out" "^[0-9.]* emergency$" "assesses (the bladder change is an emergency)"

expect 0 "make uninstall" -- make -C "$SRC" BUILD="$BUILD" PREFIX=$P DESTDIR="$D" uninstall
left=$(find "$D" -type f)
[ -z "$left" ] || fail "uninstall left: $left"
finish
