# Shared by the tests/e2e/tui_*.sh scripts (sourced; not a test itself).
# Each script runs tickos in a private tmux server, in a detached session of
# a fixed size, sends keys, and polls capture-pane for what must appear (never
# a long blind sleep). On a failure it prints what was expected and the
# captured screen, and exits 1.
#   NAME=tui_x; source tui_lib.bash "$@"   (the binary is $1)
set -u

BIN=${1:?usage: $NAME.sh PATH/TO/tickos}
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
[ -x "$BIN" ] || { echo "$NAME: $BIN is not executable" >&2; exit 1; }
command -v tmux >/dev/null || { echo "$NAME: tmux not found" >&2; exit 1; }
SAVES="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../saves" && pwd)"

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

# wait_for REGEX [what]: polls the screen for up to 5 s, then lets it settle
# (a frame may reach tmux in pieces), so the checks that follow see all of it.
wait_for() {
    local i
    for ((i = 0; i < 100; i++)); do
        capture
        if grep -Eq -- "$1" "$TMP/screen"; then
            settle
            grep -Eq -- "$1" "$TMP/screen" && return 0
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

# has REGEX what / lacks REGEX what: on the last capture.
has() {
    grep -Eq -- "$1" "$TMP/screen" || fail "${2:-no /$1/ on the screen}"
}
lacks() {
    grep -Eq -- "$1" "$TMP/screen" && fail "${2:-/$1/ should not be on the screen}"
    return 0
}

# settle: waits until two captures 0.1 s apart agree (the screen is drawn).
settle() {
    local i prev
    capture
    for ((i = 0; i < 50; i++)); do
        prev=$(cat "$TMP/screen")
        sleep 0.1
        capture
        [ "$prev" = "$(cat "$TMP/screen")" ] && return 0
    done
    fail "the screen does not settle"
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
    cmd="ulimit -c 0; $(printf '%q ' env "${envs[@]}" "$BIN" "$@")"
    # Afterwards the pane stays, showing the terminal modes: a restored terminal
    # is back in canonical mode with echo, out of the alternate screen.
    cmd="$cmd; echo \$? > $(printf '%q' "$TMP/exit.tmp")"
    cmd="$cmd; echo \"after exit: \$(stty -a | tr ' ;' '\\n\\n' | grep -Ex -- '-?(icanon|echo)' | tr '\\n' ' ')\""
    cmd="$cmd; mv $(printf '%q' "$TMP/exit.tmp") $(printf '%q' "$TMP/exit"); exec sleep 100000"
    T kill-session -t e2e >/dev/null 2>&1
    T new-session -d -s e2e -x "$w" -y "$h" "$cmd" || fail "tmux new-session failed"
}

# wait_exit STATUS: waits up to 5 s for tickos to end and checks its status
# and that the terminal was restored.
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
            grep -Eq 'Ready queues|q quit|\[Events\]' "$TMP/screen" &&
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

# tickos_pid: the process in the session (a child of its shell).
tickos_pid() {
    local shell_pid
    shell_pid=$(T display-message -p -t e2e '#{pane_pid}')
    pgrep -P "$shell_pid" | head -n 1
}

# mouse BUTTON X Y: an X10 mouse report (what the terminal sends), 1-based
# cell; BUTTON 0 = left press, 3 = release, 64/65 = wheel up/down.
mouse() {
    local b=$1 x=$2 y=$3 seq
    printf -v seq '\e[M%b%b%b' "\\$(printf %o $((32 + b)))" "\\$(printf %o $((32 + x)))" \
        "\\$(printf %o $((32 + y)))"
    T send-keys -t e2e -l "$seq" || fail "send-keys mouse"
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
    [ -n "$started" ] || { echo "$NAME: cannot start a tmux server" >&2; exit 1; }
fi
