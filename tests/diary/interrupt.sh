#!/bin/sh
# The heat timer stopped by a signal (issue 10): Ctrl-C, SIGTERM and SIGHUP
# log the minutes done, as q does, then end the process by that signal
# (130, 143, 129); the time it was stopped (Ctrl-Z, SIGSTOP/SIGCONT) is not
# counted as heat. Off a terminal here (the terminal cases are in tty.sh);
# BEDBACK_TEST_TIME_SCALE=30 makes a minute two seconds.
. "$(dirname "$0")/lib.sh" "$@"
export BEDBACK_TEST_TIME_SCALE=30 BEDBACK_TEST_NOW="2026-11-02 21"
minutes() { q "SELECT coalesce(sum(minutes),0) FROM sessions WHERE kind='heat'"; }
for s in INT:130 TERM:143 HUP:129; do
  sig=${s%:*} want=${s#*:}
  rm -f "$BEDBACK_DB"*
  # a background job starts with SIGINT ignored (and bedback leaves an
  # ignored signal ignored, as nohup wants): here it starts at the default
  env --default-signal=INT "$BB" heat --minutes 15 >"$T/out" 2>"$T/err" &
  pid=$!
  sleep 5
  kill -$sig $pid
  wait $pid
  got=$?
  [ "$got" = "$want" ] || fail "SIG$sig: exit $got, wanted $want"
  m=$(minutes)
  [ "$m" -ge 1 ] && [ "$m" -le 3 ] && ok "SIG$sig logged $m minutes" || fail "SIG$sig logged '$m' minutes, wanted about 2"
  has "$T/out" "Logged: $m minutes" "SIG$sig says what it logged"
done
# Stopped for 6 s (3 minutes at this scale) in the middle: not counted.
rm -f "$BEDBACK_DB"*
"$BB" heat --minutes 15 >"$T/out" 2>"$T/err" &
pid=$!
sleep 3
kill -STOP $pid
sleep 6
kill -CONT $pid
sleep 2
kill -TERM $pid
wait $pid
m=$(minutes)
[ "$m" -ge 1 ] && [ "$m" -le 3 ] && ok "stopped time not counted ($m minutes)" || fail "logged '$m' minutes after 5 s running and 6 s stopped, wanted about 2"
finish
