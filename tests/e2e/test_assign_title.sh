#!/bin/sh
# micoach assign with titles and names that YAML cannot hold raw, or that
# are no plain text: a C1 control, U+FFFE, ESC, bad UTF-8 are bad input
# (exit 64, with a message saying what and where), never an internal error;
# text YAML must escape (a right-to-left mark, an emoji) is written and reads
# back.
. "$(dirname "$0")/lib.sh"
S="--scenarios $MICOACH_SRC/tests/data"
# refused TITLE WHAT: assign exits 64 and says WHAT.
refused() {
	"$MICOACH" $S --db "$T/t.db" assign worked-example --id wk --title "$1" -o "$T/a.yaml" >"$T/out" 2>"$T/err"
	assert_status 64 $? "assign --title with $2"
	assert_contains "$T/err" "--title has $2"
	[ ! -e "$T/a.yaml" ] || fail "a file was written for a title with $2"
}
refused "$(printf 'Week \302\233 one')" "a control character (U+009B) at character 6"
refused "$(printf 'Week \357\277\276 one')" "a non-character (U+FFFE) at character 6"
refused "$(printf 'Week \033[31m one')" "a control character (U+001B) at character 6"
"$MICOACH" $S --db "$T/t.db" assign worked-example --id wk --title "$(printf 'Week \355\240\200')" >"$T/out" 2>"$T/err"
assert_status 64 $? "assign --title with bad UTF-8"
assert_contains "$T/err" "--title is not UTF-8 text (a bad byte at byte 6)"
pass "assign: control characters, non-characters and bad UTF-8 in --title are refused with 64"

"$MICOACH" $S --db "$T/t.db" --user "$(printf 'lee\302\205')" assign worked-example --id wk -o "$T/a.yaml" >"$T/out" 2>"$T/err"
assert_status 64 $? "assign with a C1 control in the trainer's name"
assert_contains "$T/err" "the trainer's name (--user, or \$USER) has a control character (U+0085)"
pass "assign: a trainer's name with a C1 control is refused with 64"

title=$(printf 'Semana \342\200\217una\342\200\217 \360\237\230\200')
"$MICOACH" $S --db "$T/t.db" assign worked-example --id wk --title "$title" -o "$T/a.yaml" >"$T/out" 2>"$T/err" ||
	{ cat "$T/err"; fail "assign with a right-to-left mark and an emoji"; }
"$MICOACH" $S --db "$T/trainee.db" assignment add "$T/a.yaml" >"$T/out" 2>&1 || { cat "$T/out"; fail "assignment add"; }
[ "$(sql "$T/trainee.db" 'select title from assignments')" = "$title" ] || fail "the title did not read back"
pass "assign: a title with bidi marks and an emoji is written and reads back the same"
