# A plain-mode practice session through pipes: the client's opening, the coded
# feedback, the summary, the turn in the database, and `history` listing it.
. "$(dirname "$0")/lib.sh"
db="$T/t.db"
out="$T/out"
id=alcohol-gp

printf 'It sounds like your doctor worries more than you do.\n/quit\n' |
	"$MICOACH" practice "$id" --db "$db" --seed 1 >"$out" 2>"$T/err"
assert_status 0 $? "practice"
assert_contains "$out" "Scenario: "
assert_contains "$out" "Coded: "
assert_contains "$out" "Tip: "
assert_contains "$out" "Session summary: quit after 1 reply."
assert_contains "$out" "Reflection-to-question ratio"
assert_contains "$out" "Saved as session 1."
[ "$(sql "$db" 'select count(*) from turns')" = 1 ] || fail "expected one turn in the database"
[ "$(sql "$db" 'select reply from turns')" = "It sounds like your doctor worries more than you do." ] ||
	fail "the stored reply differs"
[ "$(sql "$db" 'pragma integrity_check')" = ok ] || fail "integrity_check"
perm=$(stat -c %a "$db")
[ "$perm" = 600 ] || fail "database mode is $perm, expected 600"

"$MICOACH" history --db "$db" >"$T/hist" 2>"$T/err"
assert_status 0 $? "history"
assert_contains "$T/hist" "$id"
assert_contains "$T/hist" "quit"

# The same seed and replies give the same client lines.
printf 'You feel singled out.\nYou should cut down.\n' | "$MICOACH" practice "$id" --db "$T/a.db" --seed 7 --no-feedback >"$T/a" 2>&1
printf 'You feel singled out.\nYou should cut down.\n' | "$MICOACH" practice "$id" --db "$T/b.db" --seed 7 --no-feedback >"$T/b" 2>&1
grep -v 'Saved as' "$T/a" >"$T/a2"; grep -v 'Saved as' "$T/b" >"$T/b2"
cmp -s "$T/a2" "$T/b2" || { diff "$T/a2" "$T/b2"; fail "--seed 7 twice gave different sessions"; }
assert_contains "$T/a" "Feedback, turn by turn:"

# End of input ends the session cleanly and the default database lives under XDG_DATA_HOME.
printf 'What brings you here today?\n' | "$MICOACH" practice "$id" >"$out" 2>&1
assert_status 0 $? "practice with the default database"
[ -f "$XDG_DATA_HOME/micoach/micoach.db" ] || fail "no database in the XDG data directory"
[ "$(stat -c %a "$XDG_DATA_HOME/micoach")" = 700 ] || fail "data directory is not 0700"
pass "plain practice"
