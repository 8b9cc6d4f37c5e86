#!/usr/bin/env bash
# End-to-end tests of the TUI in a private tmux server.
#   bash tests/e2e/tui_basic.sh BUILD/tickos
# Each case starts tickos in a detached session of a fixed size, sends keys,
# and polls capture-pane for what must appear (never a long blind sleep). On a
# failure it prints what was expected and the captured screen, and exits 1.
set -u

BIN=${1:?usage: tui_basic.sh PATH/TO/tickos}
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
[ -x "$BIN" ] || { echo "tui_basic: $BIN is not executable" >&2; exit 1; }
command -v tmux >/dev/null || { echo "tui_basic: tmux not found" >&2; exit 1; }

SOCK=tickos-e2e-$$
TMP=$(mktemp -d "${TMPDIR:-/tmp}/tickos-e2e.XXXXXX")
SERVER_PID=
T() { tmux -L "$SOCK" -f /dev/null "$@"; }
cleanup() {
    T kill-server >/dev/null 2>&1
    if [ -n "$SERVER_PID" ]; then
        wait "$SERVER_PID" 2>/dev/null
    fi
    rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

CASE=
fail() {
    echo "FAIL [$CASE]: $*" >&2
    if [ -f "$TMP/screen" ]; then
        echo "---- screen ----" >&2
        cat "$TMP/screen" >&2
        echo "----------------" >&2
    fi
    exit 1
}

capture() {
    T capture-pane -p -t e2e >"$TMP/screen" 2>/dev/null
}

# wait_for REGEX [what]: polls the screen for up to 5 s.
wait_for() {
    local i
    for ((i = 0; i < 100; i++)); do
        capture
        if grep -Eq -- "$1" "$TMP/screen"; then
            return 0
        fi
        sleep 0.05
    done
    fail "timed out waiting for /$1/${2:+ ($2)}"
}

# wait_gone REGEX: polls until the screen no longer shows it.
wait_gone() {
    local i
    for ((i = 0; i < 100; i++)); do
        capture
        if ! grep -Eq -- "$1" "$TMP/screen"; then
            return 0
        fi
        sleep 0.05
    done
    fail "timed out waiting for /$1/ to go away"
}

# start W H [ENV=VALUE...] -- ARGS...: runs tickos in session e2e; its exit
# status lands in $TMP/exit.
start() {
    local w=$1 h=$2 cmd envs=()
    shift 2
    while [ "$1" != "--" ]; do
        envs+=("$1")
        shift
    done
    shift
    rm -f "$TMP/exit" "$TMP/screen"
    cmd=$(printf '%q ' env "${envs[@]}" "$BIN" "$@")
    # Afterwards the pane stays, showing the terminal modes: a restored terminal
    # is back in canonical mode with echo, out of the alternate screen.
    cmd="$cmd; echo \$? > $(printf '%q' "$TMP/exit.tmp")"
    cmd="$cmd; echo \"after exit: \$(stty -a | tr ' ;' '\\n\\n' | grep -Ex -- '-?(icanon|echo)' | tr '\\n' ' ')\""
    cmd="$cmd; mv $(printf '%q' "$TMP/exit.tmp") $(printf '%q' "$TMP/exit"); exec sleep 100000"
    T kill-session -t e2e >/dev/null 2>&1
    T new-session -d -s e2e -x "$w" -y "$h" "$cmd" || fail "tmux new-session failed"
}

# wait_exit STATUS: waits up to 5 s for tickos to end and checks its status.
wait_exit() {
    local i
    for ((i = 0; i < 100; i++)); do
        if [ -f "$TMP/exit" ]; then
            local got
            got=$(cat "$TMP/exit")
            [ "$got" = "$1" ] || fail "exit status $got, expected $1"
            wait_for '^after exit:' "the shell after tickos"
            grep -Eq '^after exit: icanon echo ?$' "$TMP/screen" ||
                fail "terminal modes not restored (want icanon echo)"
            grep -Eq 'Ready queues|q quit' "$TMP/screen" &&
                fail "the TUI screen was left behind"
            return 0
        fi
        sleep 0.05
    done
    capture
    fail "tickos did not exit"
}

keys() {
    T send-keys -t e2e "$@" || fail "send-keys $*"
}

# The server, kept alive by a session of its own across the cases: started in
# the usual way, or else in the foreground (-D, backgrounded here) for where
# tmux cannot daemonise (e.g. a sandbox whose /dev/null is not a device).
if ! T new-session -d -s keep -x 20 -y 5 "sleep 100000" 2>/dev/null; then
    T kill-server >/dev/null 2>&1
    tmux -L "$SOCK" -D -f /dev/null </dev/null >/dev/null 2>&1 &
    SERVER_PID=$!
    started=
    for ((i = 0; i < 100; i++)); do
        if T new-session -d -s keep -x 20 -y 5 "sleep 100000" 2>/dev/null; then
            started=1
            break
        fi
        sleep 0.05
    done
    [ -n "$started" ] || { echo "tui_basic: cannot start a tmux server" >&2; exit 1; }
fi

# ---------------------------------------------------------------------------
CASE="demo: start, step, help, resize, quit"
start 100 30 -- 
wait_for '\btick 0\b' "starts paused at tick 0"
grep -q 'paused' "$TMP/screen" || fail "header does not say paused"
grep -q 'mlfq' "$TMP/screen" || fail "header does not name the policy"
grep -Eq '\bQ2 ' "$TMP/screen" || fail "no Q2 row in the ready queues"
grep -q 'q quit' "$TMP/screen" || fail "no key bar"
keys n
wait_for '\btick 1\b' "n steps one tick"
keys '?'
wait_for 'tickos keys' "help overlay"
grep -q 'advance one tick' "$TMP/screen" || fail "help does not list the step key"
grep -q 'any other key closes' "$TMP/screen" || fail "help has no footer"
keys x
wait_gone 'tickos keys'
grep -Eq '\btick 1\b' "$TMP/screen" || fail "closing help changed the tick"
T resize-window -t e2e -x 40 -y 10 || fail "resize-window"
wait_for 'terminal too small \(40x10\)' "too-small message at 40x10"
grep -q 'need at least 60x16' "$TMP/screen" || fail "too-small message does not give the minimum"
T resize-window -t e2e -x 100 -y 30 || fail "resize-window"
wait_for '\btick 1\b' "redrawn at 100x30"
grep -q 'too small' "$TMP/screen" && fail "too-small message left on screen"
grep -q 'Gantt' "$TMP/screen" || fail "no Gantt pane after resize"
keys q
wait_exit 0

# ---------------------------------------------------------------------------
CASE="sched rr 3,2: five steps to the end"
start 100 30 -- sched --policy rr --lengths 3,2
wait_for '\btick 0\b'
for k in 1 2 3 4 5; do
    keys n
    wait_for "\\btick $k\\b" "step $k"
done
wait_for '\bdone\b' "header says done"
# rr, quantum 1: 0 1 0 1 0. Job 0: response 0, turnaround 5, wait 2; job 1: 1, 4, 2.
grep -Eq '^[ >] +0 +[^ ]+ +END +0 +0 +0 +5 +2\b' "$TMP/screen" || fail "job 0 row is not END 0 0 0 5 2"
grep -Eq '^ +1 +[^ ]+ +END +0 +0 +1 +4 +2\b' "$TMP/screen" || fail "job 1 row is not END 0 0 1 4 2"
grep -Eq '^CPU0 +01010 *$' "$TMP/screen" || fail "Gantt row is not 01010"
keys n
sleep 0.2
capture
grep -Eq '\btick 5\b' "$TMP/screen" || fail "stepping a finished machine changed the tick"
keys q
wait_exit 0

# ---------------------------------------------------------------------------
CASE="NO_COLOR: state letters without colour"
start 80 24 NO_COLOR=1 -- sched --policy rr --lengths 3,2
wait_for '\btick 0\b'
keys n
wait_for '\btick 1\b'
grep -Eq '^[ >] +0 +[^ ]+ +RUN\b' "$TMP/screen" || fail "job 0 not shown as RUN"
grep -Eq '^ +1 +[^ ]+ +RDY\b' "$TMP/screen" || fail "job 1 not shown as RDY"
T capture-pane -e -p -t e2e >"$TMP/screen.esc"
if grep -Eq $'\e\\[([0-9;]*;)?(3[0-8]|4[0-8]|9[0-7]|10[0-7])(;[0-9;]*)?m' "$TMP/screen.esc"; then
    fail "NO_COLOR run still uses colours"
fi
keys q
wait_exit 0

# ---------------------------------------------------------------------------
CASE="default theme uses colour; SIGTERM restores the terminal"
start 80 24 -- sched --policy rr --lengths 3,2
wait_for '\btick 0\b'
T capture-pane -e -p -t e2e >"$TMP/screen.esc"
grep -Eq $'\e\\[([0-9;]*;)?(3[0-7]|4[0-7])(;[0-9;]*)?m' "$TMP/screen.esc" ||
    fail "default theme shows no colour"
shell_pid=$(T display-message -p -t e2e '#{pane_pid}')
tickos_pid=$(pgrep -P "$shell_pid" | head -n 1)
[ -n "$tickos_pid" ] || fail "cannot find the tickos process"
kill -TERM "$tickos_pid"
wait_exit 143

# ---------------------------------------------------------------------------
CASE="--theme beats NO_COLOR; Ctrl-C restores the terminal"
start 80 24 NO_COLOR=1 -- sched --policy rr --lengths 3,2 --theme high-contrast
wait_for '\btick 0\b'
T capture-pane -e -p -t e2e >"$TMP/screen.esc"
grep -Eq $'\e\\[([0-9;]*;)?(3[0-7]|4[0-7])(;[0-9;]*)?m' "$TMP/screen.esc" ||
    fail "an explicit --theme high-contrast shows no colour under NO_COLOR"
keys C-c
wait_exit 130

echo "tui_basic: all cases passed"
