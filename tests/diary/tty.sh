#!/bin/sh
# The guided routine and the heat timer, driven in tmux with time sped up
# (BEDBACK_TEST_TIME_SCALE, a test-only setting): keys, pause, quit,
# Ctrl-C and SIGTERM restore the terminal, and logging at the end.
# Registered only where tmux exists (tests/diary.cmake).
. "$(dirname "$0")/lib.sh" "$@"
SOCK="bbtest$$"
CUR=$SOCK
USED=""
tm() { tmux -L "$CUR" "$@"; }
cleanup() { for s in $USED; do tmux -L "$s" kill-server 2>/dev/null; done; }
trap cleanup EXIT
screen() { tm capture-pane -p -t bb; }
# waitfor PATTERN [SECONDS]: until the screen shows it
waitfor() {
  n=0; lim=$(( ${2:-10} * 10 ))
  while [ $n -lt $lim ]; do
    screen | grep -q -- "$1" && return 0
    sleep 0.1; n=$((n + 1))
  done
  fail "screen never showed '$1'"; screen | sed 's/^/  | /' >&2; return 1
}
# run NAME SCALE COMMAND...: starts COMMAND in a fresh pane, recording the
# terminal settings before and after and the exit status.
run() {
  name=$1; scale=$2; shift 2
  cat >"$T/$name.sh" <<SH
trap : INT
stty -g >"$T/$name.before"
echo \$\$ >"$T/$name.shpid"
BEDBACK_TEST_TIME_SCALE=$scale BEDBACK_DB="$BEDBACK_DB" LC_ALL=C NO_COLOR=1 "$BB" $*
echo "EXIT=\$?"
stty -g >"$T/$name.after"
stty -a >"$T/$name.stty"
sleep 60
SH
  [ -n "$USED" ] && tm kill-server 2>/dev/null
  CUR="$SOCK-$name"
  USED="$USED $CUR"
  tm new-session -d -s bb -x 110 -y 45 "sh $T/$name.sh"
}
# the terminal is as it was, and sane
restored() {
  n=0; while [ ! -s "$T/$1.stty" ] && [ $n -lt 50 ]; do sleep 0.1; n=$((n + 1)); done
  cmp -s "$T/$1.before" "$T/$1.after" || fail "$1: terminal settings not restored"
  grep -Eq '(^| )icanon( |$)' "$T/$1.stty" && grep -Eq '(^| )echo( |$)' "$T/$1.stty" \
    || fail "$1: stty -a not sane: $(cat "$T/$1.stty")"
}
bbpid() { pgrep -P "$(cat "$T/$1.shpid")" | head -n1; }

# Keys: n next, b back, space pause, q quit (nothing logged). The heat pad
# comes first and is not counted as an exercise ("exercise 1 of 3").
run keys 20 routine
waitfor "before the exercises" && ok "routine starts with the heat pad, not 'exercise 1'"
# every caution on the guided screen, the heat's safety ones included
waitfor "Never fall asleep on a heating pad" && waitfor "numb, broken" && ok "heat cautions shown"
tm send-keys -t bb n; waitfor "exercise 1 of 3" && ok "n: next"
tm send-keys -t bb n; waitfor "exercise 2 of 3" && ok "n: next again"
tm send-keys -t bb b; waitfor "exercise 1 of 3" && ok "b: back"
tm send-keys -t bb Space; waitfor "PAUSED" && ok "space: pause"
s1=$(screen | grep -E "(HOLD|REST|READY) ")
sleep 0.6
s2=$(screen | grep -E "(HOLD|REST|READY) ")
[ "$s1" = "$s2" ] || fail "the timer ran while paused: '$s1' then '$s2'"
tm send-keys -t bb Space; sleep 0.3
screen | grep -q PAUSED && fail "space did not resume"
screen | grep -q "Repetition" || fail "no repetition counter"
tm send-keys -t bb q; waitfor "Nothing was logged" && ok "q: quit"
waitfor "EXIT=0"
restored keys
[ ! -e "$BEDBACK_DB" ] || [ "$(q 'SELECT count(*) FROM sessions')" = 0 ] || fail "quitting logged something"

# A hold starts once the person is in position: a short wait, or a key.
run ready 1 routine
waitfor "before the exercises"
tm send-keys -t bb n; waitfor "READY " && ok "get into position before the hold"
screen | grep -q "HOLD " && fail "the hold ran before the person was in position"
tm send-keys -t bb Enter; waitfor "HOLD " 3 && ok "a key starts the hold"
tm send-keys -t bb q; waitfor "EXIT=0"
restored ready

# Every step skipped: not logged as done.
run skipall 20 routine
waitfor "before the exercises"
tm send-keys -t bb n; waitfor "exercise 1 of 3"
tm send-keys -t bb n; waitfor "exercise 2 of 3"
tm send-keys -t bb n; waitfor "exercise 3 of 3"
tm send-keys -t bb n; waitfor "Every step was skipped" && ok "all skipped: not logged as done"
waitfor "EXIT=0"
restored skipall
[ ! -e "$BEDBACK_DB" ] || [ "$(q 'SELECT count(*) FROM sessions')" = 0 ] || fail "an all-skipped routine was logged"

# The whole routine, fast: the rating is asked and the routine logged.
run full 5000 routine
waitfor "How does your back feel now" 20 && ok "routine runs to the end"
tm send-keys -t bb 12 Enter; waitfor "from 0 to 10" && ok "bad rating asked again"
tm send-keys -t bb 3 Enter; waitfor "Logged: routine done" && ok "routine logged"
waitfor "EXIT=0"
restored full
[ "$(q "SELECT kind||':'||rating FROM sessions")" = "routine:3" ] || fail "session: $(q 'SELECT * FROM sessions')"
# the routine's night, logged (the next morning it is "last night")
"$BB" log --date "$(q 'SELECT night FROM sessions LIMIT 1')" --tightness 4 >/dev/null
[ "$(q 'SELECT routine FROM entries')" = 1 ] || fail "tonight's entry did not take the routine over"
# the rating given after the routine is shown in the trend and the exports
"$BB" trend | grep -q "after the routine  *3.0 on average (1 rated)" || fail "rating not in the trend: $("$BB" trend)"
"$BB" export --format csv | tail -n1 | grep -q ',3.$' || fail "rating not in the CSV: $("$BB" export --format csv)"
"$BB" export --format json | jq -e '.entries[0].routine_rating == 3' >/dev/null || fail "rating not in the JSON export"

# Ctrl-C and SIGTERM restore the terminal.
run ctrlc 1 routine
waitfor "before the exercises"
tm send-keys -t bb C-c; waitfor "EXIT=130" && ok "Ctrl-C stops"
screen | grep -q "Routine stopped. Nothing was logged" || fail "Ctrl-C said nothing about what was logged"
restored ctrlc
run term 1 routine
waitfor "before the exercises"
kill -TERM "$(bbpid term)"; waitfor "EXIT=143" && ok "SIGTERM stops"
restored term

# Heat: reminders, progress bar, pause, logging the minutes.
run heat 600 heat --minutes 15
waitfor "Never fall asleep" && ok "heat reminders"
screen | grep -q "not.*numb\|numb, broken" || fail "numb-skin reminder missing"
waitfor "HEAT " && ok "heat progress bar"
waitfor "Logged: 15 minutes" 20 && ok "heat logged"
waitfor "EXIT=0"
restored heat
run heatq 60 heat --minutes 15
waitfor "HEAT "
tm send-keys -t bb Space; waitfor "PAUSED" && ok "heat pause"
tm send-keys -t bb q; waitfor "EXIT=0" && ok "heat q"
restored heatq
[ "$(q "SELECT sum(minutes) FROM sessions WHERE kind='heat'")" -ge 15 ] || fail "heat minutes"
[ "$(q 'SELECT heat_minutes FROM entries')" -ge 15 ] || fail "heat minutes not on tonight's entry"

# bedback log on a terminal asks the nightly questions, then the checklist.
rm -f "$BEDBACK_DB"*
"$BB" assess --answers "$(dirname "$0")/../../examples/side-sleeper.json" --save >/dev/null
run ask 1 log --date 2026-11-10
waitfor "How tight was your back" && ok "log asks the tightness"
screen | grep -q "the night of 2026-11-10)" || fail "the prompt does not name the night by its date"
tm send-keys -t bb 11 Enter; waitfor "from 0 to 10" && ok "out of range asked again"
tm send-keys -t bb 6 Enter; waitfor "on waking" && tm send-keys -t bb 5 Enter
waitfor "How did you sleep" && tm send-keys -t bb 1 Enter
waitfor "bedtime routine" && tm send-keys -t bb y Enter
waitfor "Minutes of heat" && tm send-keys -t bb Enter
waitfor "A note" && tm send-keys -t bb "woke at 4" Enter
waitfor "Any of these NEW" && ok "warning-sign checklist"
n=$(screen | grep -E '^ +[0-9]+\) .*high temperature' | sed -E 's/^ +([0-9]+)\).*/\1/')
[ -n "$n" ] || fail "no fever item in the checklist"
tm send-keys -t bb "$n" Enter
waitfor " URGENT " && ok "triage printed"
waitfor "Logged the night of 2026-11-10" && ok "interactive log written"
waitfor "EXIT=0"
restored ask
[ "$(q "SELECT tightness||','||wake||','||position||','||routine||','||note FROM entries WHERE date='2026-11-10'")" = "6,5,side,1,woke at 4" ] \
  || fail "interactive entry: $(q 'SELECT * FROM entries')"
[ "$(q "SELECT count(*) FROM entries WHERE date='2026-11-10' AND symptoms LIKE '%fever%' AND assessment_id IS NOT NULL")" = 1 ] \
  || fail "checklist answer not stored with its assessment"
run askstop 1 log
waitfor "How tight was your back"
tm send-keys -t bb C-d; waitfor "Nothing was logged" && ok "Ctrl-D stops, nothing logged"
waitfor "EXIT=0"

# delete asks on a terminal: no keeps the night, yes deletes it
run delno 1 delete --date 2026-11-10
waitfor "Delete the entry of the night of 2026-11-10?" && ok "delete asks first"
tm send-keys -t bb n Enter; waitfor "Not deleted" && waitfor "EXIT=0"
[ "$(q "SELECT count(*) FROM entries WHERE date='2026-11-10'")" = 1 ] || fail "delete answered no deleted"
run delyes 1 delete --date 2026-11-10
waitfor "Delete the entry" && tm send-keys -t bb y Enter
waitfor "Deleted the night of 2026-11-10" && ok "delete after yes" && waitfor "EXIT=0"
[ "$(q "SELECT count(*) FROM entries WHERE date='2026-11-10'")" = 0 ] || fail "delete answered yes kept the night"
# A pasted 1,500-character note (issue 10): its length is checked at the
# prompt and asked again; the rest of the line never spills into the next
# question, and the night is logged.
run longnote 1 log --date 2026-11-11
waitfor "How tight was your back" && tm send-keys -t bb 4 Enter
waitfor "on waking" && tm send-keys -t bb Enter
waitfor "How did you sleep" && tm send-keys -t bb Enter
waitfor "bedtime routine" && tm send-keys -t bb Enter
waitfor "Minutes of heat" && tm send-keys -t bb Enter
waitfor "A note" && tm send-keys -t bb -l "$(head -c 1500 /dev/zero | tr '\0' a)" && tm send-keys -t bb Enter
waitfor "the note has 1500 characters; at most 1000 fit" && ok "a long note is refused at the prompt"
tm send-keys -t bb "shorter" Enter
waitfor "Any of these NEW" && tm send-keys -t bb Enter
waitfor "Logged the night of 2026-11-11" && ok "the night is logged after a long note"
waitfor "EXIT=0"
[ "$(q "SELECT tightness||','||note FROM entries WHERE date='2026-11-11'")" = "4,shorter" ] \
  || fail "long-note entry: $(q "SELECT * FROM entries WHERE date='2026-11-11'")"

# Ctrl-C at the rating prompt (issue 10): the routine was done, so it is
# logged, and the process still ends by Ctrl-C (130).
rm -f "$BEDBACK_DB"*
run ratingc 5000 routine
waitfor "How does your back feel now" 20
tm send-keys -t bb C-c; waitfor "Logged: routine done" && ok "Ctrl-C at the rating logs the routine"
waitfor "EXIT=130"
restored ratingc
[ "$(q "SELECT kind FROM sessions")" = routine ] || fail "routine not logged: $(q 'SELECT * FROM sessions')"

# A sign someone should see (consult): the triage first, and on a terminal
# Enter starts -- the timers' screen would cover the triage at once;
# Ctrl-D does not start (nothing logged).
rm -f "$BEDBACK_DB"*
printf '{"self_care_weeks": 4, "trend": "same", "bladder_change": false}\n' >"$T/consult.json"
run consult 20 routine --answers "$T/consult.json"
waitfor "Press Enter to start" && tm capture-pane -p -S -1000 -t bb | grep -q "^ *SEE A CLINICIAN" &&
  ok "consult: the triage waits for Enter"
tm send-keys -t bb Enter; waitfor "before the exercises" && ok "consult: Enter starts the routine"
tm send-keys -t bb q; waitfor "EXIT=0"
restored consult
run consultd 60 heat --answers "$T/consult.json"
waitfor "Press Enter to start"
tm send-keys -t bb C-d; waitfor "Not started" && waitfor "EXIT=0" && ok "consult: Ctrl-D does not start the heat timer"
restored consultd
# (no diary at all, or one without a session)
[ "$(q "SELECT count(*) FROM sessions" 2>/dev/null || echo 0)" = 0 ] ||
  fail "consult: a session was logged without starting"

# Heat on a terminal: Ctrl-C logs the minutes done (130); the time it was
# stopped is not heat. At scale 60 a minute is a second. (The pane's
# process group is orphaned -- its shell has no job control -- so the
# kernel ignores Ctrl-Z there; SIGSTOP stops it as Ctrl-Z does under a
# shell, and SIGCONT resumes it as fg does.)
rm -f "$BEDBACK_DB"*
run heatc 60 heat --minutes 15
waitfor "HEAT "
sleep 3
tm send-keys -t bb C-c; waitfor "Logged: [0-9]* minutes" && ok "Ctrl-C in the heat timer logs the minutes"
waitfor "EXIT=130"
restored heatc
m=$(q "SELECT sum(minutes) FROM sessions WHERE kind='heat'")
[ "${m:-0}" -ge 2 ] && [ "${m:-0}" -le 5 ] || fail "heat Ctrl-C logged '$m' minutes after about 3"
rm -f "$BEDBACK_DB"*
run heatz 60 heat --minutes 15
waitfor "HEAT "
sleep 2
kill -STOP "$(bbpid heatz)"; sleep 6
kill -CONT "$(bbpid heatz)"
waitfor "HEAT "
sleep 1
tm send-keys -t bb q; waitfor "EXIT=0"
restored heatz
m=$(q "SELECT sum(minutes) FROM sessions WHERE kind='heat'")
[ "${m:-0}" -ge 1 ] && [ "${m:-0}" -le 5 ] && ok "stopped time not counted ($m minutes)" \
  || fail "heat logged '$m' minutes for about 3 running and 6 stopped"
finish
