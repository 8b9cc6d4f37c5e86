# Shared by the end-to-end scripts: source it after setting $bin and $tmp.
# expect STATUS PATTERN ARGS...: tickos ARGS exits with STATUS and, when STATUS
# is not 0, writes exactly one line to stderr matching the extended regex PATTERN.
fails=0
expect() {
    local want=$1 pattern=$2
    shift 2
    "$bin" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
    local got=$?
    local lines
    lines=$(wc -l <"$tmp/err")
    if [ "$got" != "$want" ]; then
        echo "FAIL: tickos $* -> exit $got, expected $want; stderr: $(head -c 400 "$tmp/err")"
        fails=$((fails + 1))
    elif [ "$want" != 0 ] && { [ "$lines" != 1 ] || ! grep -qE -- "$pattern" "$tmp/err"; }; then
        echo "FAIL: tickos $* -> stderr should be one line matching '$pattern', got: $(head -c 400 "$tmp/err")"
        fails=$((fails + 1))
    fi
}

# same FILE1 FILE2 WHAT: the two files are byte for byte the same.
same() {
    if ! cmp -s "$1" "$2"; then
        echo "FAIL: $3: $1 and $2 differ"
        fails=$((fails + 1))
    fi
}

# expect_fixed STATUS TEXT ARGS...: tickos ARGS exits with STATUS, writes one
# line to stderr containing TEXT (a fixed string) and nothing to stdout.
expect_fixed() {
    local want=$1 msg=$2
    shift 2
    "$bin" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
    local got=$?
    if [ "$got" != "$want" ]; then
        echo "FAIL: tickos $* exited $got, expected $want: $(head -c 400 "$tmp/err")"
        fails=$((fails + 1))
    elif ! grep -qF -- "$msg" "$tmp/err"; then
        echo "FAIL: tickos $*: message '$(head -c 400 "$tmp/err")' lacks '$msg'"
        fails=$((fails + 1))
    elif [ "$(wc -l <"$tmp/err")" != 1 ] || [ -s "$tmp/out" ]; then
        echo "FAIL: tickos $*: expected one line on stderr and nothing on stdout"
        fails=$((fails + 1))
    fi
}
