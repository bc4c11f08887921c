# Shared by the end-to-end tests: a private data directory, assertions, and
# waiting for text with a deadline (never a fixed sleep).
# $MICOACH is the binary under test, $MICOACH_SRC the source tree.
set -u
: "${MICOACH:?set MICOACH to the binary under test}"
: "${MICOACH_SRC:=$(pwd)}"
T=$(mktemp -d "${TMPDIR:-/tmp}/micoach-e2e.XXXXXX")
export XDG_DATA_HOME="$T/data" HOME="$T/home" NO_COLOR=
unset NO_COLOR
mkdir -p "$HOME"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}"
TMUX_SESSION=
cleanup() {
	[ -n "$TMUX_SESSION" ] && tmux -L micoach-test kill-session -t "$TMUX_SESSION" 2>/dev/null
	tmux -L micoach-test kill-session -t "keep$$" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }
pass() { echo "ok: $*"; }

# assert_contains FILE TEXT: the file holds the text (fixed string).
assert_contains() { grep -qF -- "$2" "$1" || { echo "--- $1:"; cat "$1"; fail "expected '$2' in $1"; }; }
assert_not_contains() { ! grep -qF -- "$2" "$1" || { echo "--- $1:"; cat "$1"; fail "did not expect '$2' in $1"; }; }
# assert_status EXPECTED ACTUAL WHAT
assert_status() { [ "$1" = "$2" ] || fail "$3: exit status $2, expected $1"; }

# sql DB QUERY: one query through the sqlite3 shell.
sql() { sqlite3 -batch -noheader "$1" "$2"; }

# wait_until SECONDS COMMAND...: run the command until it succeeds or time runs out.
wait_until() {
	_deadline=$(( $(date +%s) + $1 )); shift
	while ! "$@" >/dev/null 2>&1; do
		[ "$(date +%s)" -ge "$_deadline" ] && return 1
		sleep 0.05
	done
	return 0
}

# tmux helpers: a private server socket so tests never touch the user's tmux.
tm() { tmux -L micoach-test "$@"; }
# tmux_start COLS ROWS COMMAND: start COMMAND in a fresh session.
# A second session ("keep") keeps the private tmux server up while a test
# kills its session and starts the next (a server with no session left
# exits, and a new-session racing with that exit fails).
tmux_start() {
	tm has-session -t "keep$$" 2>/dev/null || tm new-session -d -s "keep$$" "sleep 600"
	TMUX_SESSION="t$$"
	tm new-session -d -s "$TMUX_SESSION" -x "$1" -y "$2" \
		"env XDG_DATA_HOME='$XDG_DATA_HOME' HOME='$HOME' TERM=xterm-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 ASAN_OPTIONS='$ASAN_OPTIONS' $3; echo EXITED \$?; sleep 600"
}
screen() { tm capture-pane -p -t "$TMUX_SESSION"; }
screen_has() { screen | grep -qF -- "$1"; }
# wait_screen TEXT [SECONDS]: wait until the screen shows TEXT.
wait_screen() {
	wait_until "${2:-10}" screen_has "$1" || { echo "--- screen:"; screen; fail "screen never showed '$1'"; }
}
keys() { tm send-keys -t "$TMUX_SESSION" "$@"; }
