#!/bin/sh
# The routine's and the heat timer's screens on a terminal narrower than 80
# columns (issue 12): the progress bar shrinks so that no line is wider than
# the terminal (tmux's capture-pane -J joins what the terminal wrapped, so a
# line too wide shows as wider than the window). Registered only where tmux
# exists (tests/diary.cmake).
. "$(dirname "$0")/lib.sh" "$@"
SOCK="bbnarrow$$"
USED=""
tm() { tmux -L "$SOCK-$name" "$@"; }
trap 'for name in $USED; do tm kill-server 2>/dev/null; done' EXIT
# check NAME WIDTH COMMAND...: runs it in a WIDTH-column window (time sped
# up), waits for its bar, and checks the width of every line.
check() {
  name=$1; width=$2; shift 2
  USED="$USED $name"
  tm new-session -d -s bb -x "$width" -y 40 \
    "BEDBACK_TEST_TIME_SCALE=5 BEDBACK_DB='$BEDBACK_DB' LC_ALL=C NO_COLOR=1 '$BB' $*; sleep 30"
  n=0
  while [ $n -lt 100 ] && ! tm capture-pane -p -J -t bb | grep -q "left"; do
    sleep 0.1; n=$((n + 1))
  done
  tm capture-pane -p -J -t bb >"$T/$name.screen"
  grep -q "left" "$T/$name.screen" || { fail "$name: no progress bar"; sed 's/^/  | /' "$T/$name.screen" >&2; return; }
  wide=$(awk -v w="$width" 'length($0) > w { print length($0) ": " $0 }' "$T/$name.screen")
  if [ -n "$wide" ]; then fail "$name at $width columns: lines too wide:"; echo "$wide" | sed 's/^/  | /' >&2
  else ok "$name fits $width columns"; fi
  tm kill-server 2>/dev/null
}
check heat50 50 heat --minutes 15
check heat40 40 heat --minutes 15
check routine50 50 routine
check routine40 40 routine
finish
