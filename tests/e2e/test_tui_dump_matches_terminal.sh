# Dump mode draws what the terminal shows: the same keys played in tmux at
# 100x30 and in dump mode (MICOACH_SCREEN_DUMP, docs/screens.md) give the
# same text, cell for cell, on the practice screen (wide characters,
# combining marks in the reply), the help overlay
# and the summary. The screens compared show no dates, which dump mode
# fixes.
. "$(dirname "$0")/lib.sh"
db="$T/t.db"
reply2="It's hard «Café» 中文 😀 to hear e$(printf '\314\201') from Dr Shah."
# STEP|ARGUMENT|TEXT THE TERMINAL SHOWS AFTERWARDS (dump steps have none)
steps() {
	cat <<STEPS
type|You're only here because Dr Shah booked it.|> You're only here
key|Enter|Feedback on reply 1
type|$reply2|to hear
key|Enter|Feedback on reply 2
type|What would 中文 you want|you want
dump|practice|
key|F1|Help: Practice
dump|help|
key|x|Your reply
key|Escape|End this session now?
key|y|MITI summary
dump|summary|
STEPS
}

# Dump mode: the steps as a key script.
mkdir -p "$T/dumps"
steps | while IFS='|' read -r what arg _; do
	echo "$what $arg"
done >"$T/script.keys"
echo "key q q" >>"$T/script.keys"
MICOACH_SCREEN_DUMP="$T/dumps" "$MICOACH" --db "$T/dump.db" --scenarios "$MICOACH_SRC/scenarios" \
	practice alcohol-gp --seed 1 <"$T/script.keys" >"$T/out" 2>&1
assert_status 0 $? "dump mode: $(cat "$T/out")"

# The terminal: the same keys, waiting for each to show.
tmux_start 100 30 "MICOACH_SRC='$MICOACH_SRC' $MICOACH --db '$db' --scenarios '$MICOACH_SRC/scenarios' practice alcohol-gp --seed 1"
wait_screen "Your reply"
trimmed() { screen | sed -e 's/[[:space:]]*$//'; }
same_as() { trimmed | cmp -s - "$1"; }
steps | while IFS='|' read -r what arg text; do
	case $what in
	type) keys -l "$arg" ;;
	key) keys "$arg" ;;
	dump)
		wait_until 10 same_as "$T/dumps/$arg.txt" ||
			{ trimmed | diff -u --label "dump mode" --label "terminal" "$T/dumps/$arg.txt" -; fail "$arg: the terminal shows something else"; }
		echo "ok: $arg as in the terminal"
		continue ;;
	esac
	wait_screen "$text"
done || exit 1
keys q q
wait_screen "EXITED 0"
pass "dump mode draws what the terminal shows"
