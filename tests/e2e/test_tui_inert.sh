# Stored text reaches the terminal inert: a reply in the database holding
# escape sequences (clear screen, set the window title, bell) and a bidi
# override is shown as visible text in the replay, and does nothing.
. "$(dirname "$0")/lib.sh"
db="$T/t.db"
run="MICOACH_SRC='$MICOACH_SRC' $MICOACH --db '$db' --scenarios '$MICOACH_SRC/scenarios'"
printf 'You feel singled out.\n/quit\n' |
	MICOACH_SRC="$MICOACH_SRC" "$MICOACH" practice alcohol-gp --plain --db "$db" --scenarios "$MICOACH_SRC/scenarios" >"$T/out" 2>&1 ||
	{ cat "$T/out"; fail "plain practice"; }
sql "$db" "update turns set reply = 'evil' || char(27) || '[2J' || char(27) || ']2;pwned' || char(7) || ' end' || char(8238) || 'rtl' where idx = 1"

tmux_start 100 30 "$run"
wait_screen "Recent sessions"
keys h
wait_screen "sorted by newest"
keys Enter
wait_screen "Replay"
wait_screen 'evil^[[2J^[]2;pwned^G end\u202ertl'
screen_has "Recent sessions" && fail "the screen was cleared or mixed up"
title=$(tm display -p -t "$TMUX_SESSION" '#{pane_title}')
[ "$title" != pwned ] || fail "the stored text set the window title"
pass "stored text is shown inert"
