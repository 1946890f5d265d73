#!/bin/sh
# Line editing in the interview and `log`'s questions (issue 12; cli/cli_line.c),
# driven in tmux, one private server (-L) per case: the arrow keys edit an
# answer, up recalls this run's earlier answers, Ctrl-D asks, Ctrl-C stops
# (130) with the terminal sane, Ctrl-Z gives the terminal back and fg redraws
# the line, an emergency answer typed with edits still stops the check; with
# libedit missing (BEDBACK_TEST_LIBEDIT=missing, a test hook) whole lines are
# read as before, and libedit is loaded only at the first question on a
# terminal (LD_DEBUG=libs), never by a command off a terminal.
# usage: line.sh BEDBACK TMPDIR [static]   ("static": BB_LIBEDIT_STATIC, no
# shared libedit to see loaded). Registered only where tmux exists.
set -u
BB=$1
T=$2
MODE=${3:-shared}
rm -rf "$T"
mkdir -p "$T"
export HOME="$T/home" BEDBACK_DB="$T/diary.db" LC_ALL=C NO_COLOR=1 PAGER=cat
unset XDG_DATA_HOME
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
ok() { echo "ok: $*"; }
SOCK="bbline$$"
USED=""
tm() { tmux -L "$SOCK-$name" "$@"; }
trap 'for n in $USED; do tmux -L "$SOCK-$n" kill-server 2>/dev/null; done' EXIT
# what the pane shows, with what scrolled off it
screen() { tm capture-pane -p -J -S -1000 -t bb; }
# waitfor PATTERN [SECONDS]: until the screen shows it (grep -E)
waitfor() {
  n=0; lim=$(( ${2:-15} * 10 ))
  while [ $n -lt $lim ]; do
    screen | grep -Eq -- "$1" && return 0
    sleep 0.1; n=$((n + 1))
  done
  fail "$name: screen never showed '$1'"; screen | sed 's/^/  | /' >&2; return 1
}
# the last line of the screen that is not empty
last() { screen | grep -v '^ *$' | tail -n 1 | sed 's/ *$//'; }
# lastis TEXT: until the last line is TEXT (a loaded machine redraws late);
# 1 after 10 s
lastis() {
  n=0
  while [ "$(last)" != "$1" ]; do
    n=$((n + 1)); [ $n -gt 100 ] && return 1; sleep 0.1
  done
}
# prompt: until the last line is the interview's bare prompt. The question
# shows before it; a key typed in between meets the terminal's own echo
# (the line then reads "o> o") because libedit is loaded and the editing
# modes set only at the first question -- slow under a sanitizer.
prompt() { lastis ">" || fail "$name: no prompt after the question: '$(last)'"; }
# run NAME [ENV=VALUE...] -- ARGS...: bedback ARGS in a fresh 100x40 pane;
# afterwards the pane shows EXIT=status and the terminal's settings.
run() {
  name=$1; shift
  envs=""
  while [ "$1" != "--" ]; do envs="$envs $1"; shift; done
  shift
  USED="$USED $name"
  cat >"$T/$name.sh" <<SH
trap : INT
echo \$\$ >"$T/$name.shpid"
env $envs "$BB" $* 2>"$T/$name.err"
echo "EXIT=\$?"
stty -a >"$T/$name.stty"
sleep 60
SH
  tm new-session -d -s bb -x 100 -y 40 "sh $T/$name.sh"
}
sane() {
  n=0; while [ ! -s "$T/$1.stty" ] && [ $n -lt 50 ]; do sleep 0.1; n=$((n + 1)); done
  grep -Eq '(^| )icanon( |;|$)' "$T/$1.stty" && grep -Eq '(^| )echo( |;|$)' "$T/$1.stty" \
    || fail "$1: terminal not sane afterwards: $(cat "$T/$1.stty")"
}
Q1='\[1/[0-9]+\] Since this back trouble started'
Q2='\[2/[0-9]+\] Have you had any new loss of control of your bowels'
Q3='\[3/[0-9]+\]'

# Left arrow and insert: "o", Left, "n" is "no"; up recalls it at the next
# question; Home (Ctrl-A) and End (Ctrl-E) move too.
run edit -- assess
waitfor "$Q1" && prompt
tm send-keys -t bb o Left n
lastis "> no" || fail "edit: the line shows '$(last)', not '> no'"
tm send-keys -t bb Enter
waitfor "$Q2" && ok "left arrow and insert: 'no' taken"
screen | grep -q "Please answer" && fail "edit: the edited answer was refused"
tm send-keys -t bb Up
lastis "> no" && ok "up recalls the earlier answer" || fail "up: the line shows '$(last)'"
tm send-keys -t bb Enter
waitfor "$Q3" && ok "the recalled answer taken"
tm send-keys -t bb "es" C-a y
lastis "> yes" || fail "Ctrl-A: the line shows '$(last)'"
tm send-keys -t bb C-a C-e BSpace
lastis "> ye" || fail "Ctrl-E: the line shows '$(last)', not '> ye'"
tm send-keys -t bb s
lastis "> yes" || fail "edit: the line shows '$(last)', not '> yes'"
# an emergency answer typed with edits still stops the check at once
tm send-keys -t bb Enter
waitfor "Stopping here: your answer is a warning sign that needs help now" \
  && ok "an edited emergency answer stops the check"
waitfor "EXIT=0"
screen | grep -q '\[4/' && fail "edit: a question was asked after the emergency answer"
sane edit

# Ctrl-Z where there is no job control (this pane's shell has none, so the
# kernel discards the stop): editing goes on.
run nojobs -- assess
waitfor "$Q1" && prompt
tm send-keys -t bb o
waitfor "^> o$"
tm send-keys -t bb C-z
sleep 0.3
tm send-keys -t bb Left n
lastis "> no" || fail "nojobs: after Ctrl-Z the line shows '$(last)', not '> no'"
tm send-keys -t bb Enter
waitfor "$Q2" && ok "Ctrl-Z without job control: editing goes on"
screen | grep -q "Please answer" && fail "nojobs: the answer after Ctrl-Z was refused"
tm send-keys -t bb C-c
waitfor "EXIT=130"
sane nojobs

# Ctrl-D asks; n goes on with the same question; Ctrl-D and y stop (0).
run ctrld -- assess
waitfor "$Q1" && prompt
tm send-keys -t bb C-d
waitfor "Stop the check\? Nothing will be saved \(y/N\)" && ok "Ctrl-D asks"
tm send-keys -t bb n Enter
waitfor "Going on\." && waitfor "^> $" && ok "n goes on"
tm send-keys -t bb C-d
waitfor "Stop the check.*\(y/N\) *$"
tm send-keys -t bb y Enter
waitfor "Stopped\. Nothing was assessed or saved\." && waitfor "EXIT=0" && ok "Ctrl-D then y stops"
sane ctrld

# Ctrl-C with an answer half typed: 130, nothing assessed, terminal sane.
run ctrlc -- assess --save-answers "$T/answers.json"
waitfor "$Q1" && prompt
tm send-keys -t bb n o Left
sleep 0.2
tm send-keys -t bb C-c
waitfor "Stopped\. Nothing was assessed or saved\." && waitfor "EXIT=130" && ok "Ctrl-C stops (130)"
[ -e "$T/answers.json" ] && fail "ctrlc: answers saved"
sane ctrlc

# SIGTERM while a line is edited: the terminal is given back, then the
# signal ends the program as it would have (143).
run term -- assess
waitfor "$Q1" && prompt
tm send-keys -t bb y
sleep 0.2
pid=$(pgrep -P "$(cat "$T/term.shpid")" | head -n 1)
[ -n "$pid" ] && kill -TERM "$pid"
waitfor "EXIT=143" && ok "SIGTERM ends it (143)"
sane term

# log's questions are edited too, and Ctrl-C there stops (130).
run log -- log --date 2026-11-10
waitfor "How tight was your back"
tm send-keys -t bb x6 Left Left DC
sleep 0.2
tm send-keys -t bb Enter
waitfor "on waking" && ok "log: an edited answer taken"
tm send-keys -t bb C-c
waitfor "Nothing was logged" && waitfor "EXIT=130" && ok "log: Ctrl-C stops (130)"
sane log

# delete's question and the routine's rating are edited too: "x", Left,
# the answer, Delete (the x) -- without editing the x would be the answer.
"$BB" log --date 2026-11-09 --tightness 4 >/dev/null || fail "log --tightness failed"
run delete -- delete --date 2026-11-09
waitfor "brings it back\. \(y/n\)"
tm send-keys -t bb x Left y DC Enter
waitfor "Deleted the night of 2026-11-09" && ok "delete: an edited answer taken"
waitfor "EXIT=0"
"$BB" assess --answers "$(dirname "$0")/../../examples/side-sleeper.json" --save >/dev/null \
  || fail "assess --save failed"
run rating BEDBACK_TEST_TIME_SCALE=5000 -- routine
waitfor "How does your back feel now" 30
tm send-keys -t bb x3 Left Left DC Enter
waitfor "Logged: routine done on the night of .* with your rating" \
  && ok "routine: an edited rating taken"
waitfor "EXIT=0"
sane rating

# Ctrl-Z under a shell with job control: the terminal is the shell's
# again while stopped, and fg redraws the line with the cursor where it was.
name=suspend
USED="$USED $name"
tm new-session -d -s bb -x 100 -y 40 "env -i PATH='$PATH' HOME='$HOME' TERM=screen LC_ALL=C NO_COLOR=1 PAGER=cat PS1='$ ' bash --norc --noprofile -i"
waitfor '^\$ *$'
tm send-keys -t bb "'$BB' assess" Enter
waitfor "$Q1" && prompt
tm send-keys -t bb o
lastis "> o" || fail "suspend: the o not shown"
tm send-keys -t bb Left
# the Left taken (the cursor on the o) before Ctrl-Z, which flushes what is unread
n=0
while [ "$(tm display -p -t bb '#{cursor_x}')" != 2 ] && [ $n -lt 100 ]; do
  sleep 0.1; n=$((n + 1))
done
tm send-keys -t bb C-z
waitfor "Stopped" && ok "Ctrl-Z stops"
tm send-keys -t bb "stty -a >'$T/suspend.stty'" Enter
sane suspend
tm send-keys -t bb fg Enter
lastis "> o" && ok "fg redraws the line" || fail "suspend: after fg the last line is '$(last)'"
tm send-keys -t bb n
lastis "> no" || fail "suspend: after fg and n the line shows '$(last)', not '> no'"
tm send-keys -t bb Enter
waitfor "$Q2" && ok "after fg the cursor is where it was ('no' taken)"
screen | grep -q "Please answer" && fail "suspend: the answer after fg was refused"
tm send-keys -t bb C-c
waitfor "Stopped\. Nothing was assessed"
tm send-keys -t bb "echo \"status=\$?\"" Enter
waitfor "status=130" && ok "Ctrl-C after a resume: 130"

# Without libedit: whole lines as the terminal gives them (an arrow key is
# typed into the answer, which is refused), Ctrl-D asks, and nothing of
# libedit is loaded.
run missing BEDBACK_TEST_LIBEDIT=missing LD_DEBUG=libs -- assess
waitfor "$Q1" && prompt
tm send-keys -t bb o Left n Enter
waitfor "Please answer" && ok "missing: the arrow is not an edit (whole lines)"
tm send-keys -t bb no Enter
waitfor "$Q2" && ok "missing: answers still taken"
tm send-keys -t bb C-d
waitfor "Stop the check\? Nothing will be saved \(y/N\)" && ok "missing: Ctrl-D asks"
tm send-keys -t bb y Enter
waitfor "EXIT=0"
sane missing
grep -q 'libedit' "$T/missing.err" && fail "missing: libedit loaded: $(grep libedit "$T/missing.err")"

# Off a terminal nothing loads libedit; on one, the first question does.
# (With libedit linked in -- a static program has no loader to ask -- there
# is nothing to load: its start-up is measured in docs/performance.md.)
if [ "$MODE" != static ]; then
  for cmd in "assess" "assess --json" "log --date 2026-11-01 --tightness 3"; do
    # shellcheck disable=SC2086
    LD_DEBUG=libs "$BB" $cmd <"$(dirname "$0")/../../examples/side-sleeper.json" >/dev/null 2>"$T/ld.err" \
      || fail "'$cmd' off a terminal failed: $(tail -n 3 "$T/ld.err")"
    grep -q 'libedit' "$T/ld.err" && fail "'$cmd' off a terminal loaded libedit"
    grep -q 'libc\.so' "$T/ld.err" || fail "LD_DEBUG=libs shows nothing: the check would see nothing"
  done
  ok "off a terminal libedit is not loaded"
  run loads LD_DEBUG=libs -- assess
  waitfor "$Q1" && prompt
  tm send-keys -t bb C-c
  waitfor "EXIT=130"
  grep -q 'calling init: .*/libedit\.so\.2' "$T/loads.err" && ok "on a terminal libedit is loaded" \
    || fail "on a terminal libedit was not loaded: $(grep -c . "$T/loads.err") lines of LD_DEBUG"
fi

[ "$fails" -eq 0 ] && { echo "all ok"; exit 0; }
echo "$fails failure(s)" >&2
exit 1
