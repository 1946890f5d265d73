#!/bin/sh
# A newcomer's first `make` before the dependencies are there must not leave a
# build folder that nothing recovers (issue 12). In a fresh copy of the tree:
# a `make` that cannot find the libraries (an empty PKG_CONFIG_LIBDIR) fails
# saying what to do and keeps no cache; a build folder left by such a failure
# by an older Makefile (a cache, no build files) is configured again by
# `make run`; a missing package is named with the command to install it.
# The copy sits in a private mktemp -d folder, where the read-only diary
# test must hold too.
. "$(dirname "$0")/lib.sh"
copy_clone "$1" "$W/bedback"
cd "$W/bedback" || exit 1
mkdir "$W/empty"

expect nonzero "make without the libraries fails" -- env PKG_CONFIG_LIBDIR="$W/empty" make
has "$W/err" "jansson" "names the missing library"
has "$W/err" "install-deps:" "says what to check or run"
[ -f build/CMakeCache.txt ] && fail "the failed configure kept build/CMakeCache.txt"

# What the old Makefile left behind: a cache from a failed configure, no Makefile.
PKG_CONFIG_LIBDIR="$W/empty" cmake -S . -B build >/dev/null 2>&1
[ -f build/CMakeCache.txt ] && [ ! -f build/Makefile ] || fail "could not make the broken state"
expect 0 "make run recovers from a failed configure" -- make run </dev/null
has "$W/out" "not a diagnosis" "the assessment"
has "$W/err" "bundled example" "make run off a terminal says it shows the example"
has "$W/err" "not yours" "... and that it is not the person's answers"
[ -x build/bedback ] || fail "no build/bedback"
[ -e build/tests/run_case ] && fail "make run built the tests"

# `make check` in a private folder: the one test that changes users or
# permissions (the read-only diary) must hold in a clone nobody else can enter.
if [ "$(id -u)" != 0 ] || setpriv --bounding-set=-dac_override true 2>/dev/null; then
  expect 0 "the read-only diary test in a private clone" -- \
    sh tests/diary/readonly.sh "$W/bedback/build/bedback" "$W/bedback/build/ro"
fi

# A missing package: plain `make` names it and the exact command, before cmake runs.
rm -rf build
mkdir "$W/bin"
cat >"$W/bin/dpkg-query" <<'FAKE'
#!/bin/sh
for a in "$@"; do last=$a; done
[ "$last" = libjansson-dev ] && exit 1
echo "install ok installed"
FAKE
chmod +x "$W/bin/dpkg-query"
expect nonzero "make with a package missing fails" -- env PATH="$W/bin:$PATH" make
has "$W/err" "missing: libjansson-dev" "names the package"
has "$W/err" "make deps" "says what to run"
has "$W/err" "apt-get install -y --no-install-recommends libjansson-dev" "the exact apt-get command"
[ -e build/CMakeCache.txt ] && fail "configured anyway"

# And `make` then builds the program only.
expect 0 "make builds" -- make
[ -x build/bedback ] || fail "no build/bedback after make"
[ -e build/tests/run_case ] && fail "plain make built the tests"
[ -e build/bench/bench_assess ] && fail "plain make built the benchmarks"
finish
