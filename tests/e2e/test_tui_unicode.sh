# Non-ASCII replies in the curses front end: accents, CJK and emoji are echoed
# in the right columns, edited by whole characters, and stored byte for byte.
. "$(dirname "$0")/lib.sh"
db="$T/t.db"
tmux_start 100 30 "MICOACH_SRC='$MICOACH_SRC' $MICOACH practice alcohol-gp --db '$db' --scenarios '$MICOACH_SRC/scenarios'"
wait_screen "Your reply"

cursor_x() { tm display -p -t "$TMUX_SESSION" '#{cursor_x}'; }
cursor_is() { [ "$(cursor_x)" = "$1" ]; }

keys -l "Café 中文 😀"
wait_screen "> Café 中文 😀"
# "> " starts at column 1; Café is 4 columns, 中文 4, the emoji 2, two spaces.
wait_until 5 cursor_is 15 || fail "cursor at column $(cursor_x), expected 15 after the text"
keys BSpace                      # the emoji goes as one character
wait_until 5 cursor_is 13 || fail "cursor at column $(cursor_x), expected 13 after Backspace"
keys Home
keys -l "«"
keys End
keys -l "…"
wait_screen "> «Café 中文 …"
keys C-w                         # the last word
keys -l "you feel torn"
wait_screen "> «Café 中文 you feel torn"
keys Enter
wait_screen "Feedback on reply 1"
screen_has "«Café 中文 you feel torn" || { screen; fail "the reply should be echoed in the conversation"; }
[ "$(sql "$db" 'select reply from turns where idx = 1')" = "«Café 中文 you feel torn" ] ||
	fail "stored reply is '$(sql "$db" 'select reply from turns where idx = 1')'"

# Up brings the reply back to edit; Down clears it again.
keys Up
wait_screen "> «Café 中文 you feel torn"
keys Down
wait_screen "Type your reply"

# A long reply wraps over several input lines and the cursor follows it.
long="It sounds like part of you is tired of being told what to do about drinking, and another part wonders what Dr Shah saw in those numbers"
keys -l "$long"
wait_screen "wonders what Dr Shah"
rows=$(screen | grep -c -e '^ > ' -e '^   ')
cy=$(tm display -p -t "$TMUX_SESSION" '#{cursor_y}')
[ "$cy" = 28 ] || { screen; fail "cursor on row $cy, expected the last input row 28"; }
screen | grep -q '^ > It sounds like' || { screen; fail "the input should start on the prompt line"; }
keys C-u
wait_screen "Type your reply"
pass "non-ASCII replies echo, edit and store correctly"
