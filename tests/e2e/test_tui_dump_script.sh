# Dump mode's key script (docs/screens.md): a mistake is located and stops
# it before anything runs (65); a dump directory that is not one is 66;
# C-c is the interrupt and a script that runs out is a hangup, each saving
# the session as interrupted; keys after the front end quit are an error.
. "$(dirname "$0")/lib.sh"
db="$T/t.db"
mkdir -p "$T/d"
dump() { # DB DIR: run micoach practice in dump mode, the script on stdin
	MICOACH_SCREEN_DUMP="$2" "$MICOACH" --db "$1" --scenarios "$MICOACH_SRC/scenarios" practice alcohol-gp --seed 3 \
		>"$T/out" 2>"$T/err"
}
# refused SCRIPT STATUS MESSAGE: the script is refused with that message.
refused() {
	printf '%s\n' "$1" | dump "$T/refused.db" "$T/d"
	assert_status "$2" $? "script '$1'"
	assert_contains "$T/err" "$3"
	[ "$(sql "$T/refused.db" 'select count(*) from sessions' 2>/dev/null || echo 0)" = 0 ] ||
		fail "a refused script started a session: $1"
}
refused "key Entr" 65 "<stdin>:1:5: error: no key is named Entr"
refused "$(printf 'dump a\ntype ok\n  key Enter F13')" 65 "<stdin>:3:13: error: no key is named F13"
refused "$(printf 'type tab\there')" 65 "<stdin>:1:9: error: type takes text"
refused "press q" 65 "<stdin>:1:1: error: not a command (key, type, resize, dump): press"
refused "resize 80" 65 "<stdin>:1:8: error: resize takes COLS ROWS"
refused "resize 0 30" 65 "resize takes COLS ROWS, each from 1 to 1000"
refused "dump ../x" 65 "<stdin>:1:6: error: a dump's name has letters, digits, '-' and '_', not ."
refused "$(printf 'dump a\ndump a')" 65 "<stdin>:2:6: error: a dump of that name comes earlier: a"
refused "key" 65 "<stdin>:1:4: error: key takes one or more key names"
echo "dump a" | dump "$db" "$T/nowhere"
assert_status 66 $? "a dump directory that does not exist"
assert_contains "$T/err" "MICOACH_SCREEN_DUMP=$T/nowhere: No such file or directory"
[ ! -e "$T/nowhere" ] || fail "the missing directory was made"

# Editing keys and C-c: the interrupt saves the answered turn.
printf '%s\n' "type you feel torn" "key C-Left C-Left Home" "type I hear " "key End C-w" "type pushed" \
	"dump edited" "key Enter" "dump answered" "key C-c" | dump "$db" "$T/d"
assert_status 130 $? "C-c"
grep -q '^ > I hear you feel pushed$' "$T/d/edited.txt" || { cat "$T/d/edited.txt"; fail "the reply as edited"; }
assert_contains "$T/d/answered.txt" "Feedback on reply 1"
[ "$(sql "$db" "select outcome || ' ' || (select count(*) from turns) from sessions")" = "interrupted 1" ] ||
	fail "C-c: $(sql "$db" 'select outcome from sessions')"

# The script runs out while practising: a hangup.
printf '%s\n' "type It is your decision." "key Enter" | dump "$db" "$T/d"
assert_status 129 $? "a script that ends first"
[ "$(sql "$db" "select outcome from sessions where id = 2")" = interrupted ] || fail "the hangup's session"

# Keys after quitting.
printf '%s\n' "key Escape y q q" "key q" | dump "$db" "$T/d"
assert_status 65 $? "a key after the front end quit"
assert_contains "$T/err" "<stdin>:2: error: the front end quit before this line"

# Resizing below the minimum and back keeps the session.
printf '%s\n' "resize 79 24" "dump small" "resize 80 24" "dump fits" "key Escape y q q" | dump "$db" "$T/d"
assert_status 0 $? "resize"
assert_contains "$T/d/small.txt" "Terminal too small: 79x24"
[ "$(wc -l <"$T/d/fits.txt")" = 24 ] || fail "an 80x24 dump has 24 lines"
[ "$(LC_ALL=C.UTF-8 wc -L <"$T/d/fits.txt")" = 80 ] || fail "an 80x24 dump is 80 wide"
pass "the key script: located mistakes, interrupts, hangups, resizes"
