# SIGKILL at random moments during 200 scripted plain-mode sessions (the
# optimised build, two at a time), then 30 more with the sanitizer build: the
# database passes integrity_check and holds every turn answered before the
# kill (tests/faults/kill.py says exactly what is checked). KILL_SESSIONS and
# KILL_SEED change the run; the seed makes it reproducible.
. "$MICOACH_SRC/tests/faults/lib.sh"
scen="--scenario alcohol-gp --scenario smoking-copd --scenario court-mandated-cannabis --scenario teen-screen-time"
mkdir -p "$T/opt" "$T/san"
python3 "$MICOACH_SRC/tests/faults/kill.py" --bin "$MICOACH" --dir "$T/opt" \
	--sessions "${KILL_SESSIONS:-200}" --seed "${KILL_SEED:-8}" --jobs 2 $scen || fail "SIGKILL round (optimised build)"
pass "SIGKILL round, optimised build"
if [ -n "$MICOACH_SAN" ]; then
	ASAN_OPTIONS=detect_leaks=0 python3 "$MICOACH_SRC/tests/faults/kill.py" --bin "$MICOACH_SAN" --dir "$T/san" \
		--sessions 30 --seed "${KILL_SEED:-8}" --jobs 2 --pace 0.04 $scen || fail "SIGKILL round (sanitizer build)"
	pass "SIGKILL round, sanitizer build"
fi
# The databases left behind are healthy for micoach too: doctor passes them
# and the next session is saved as usual.
for db in "$T"/opt/w*.db; do
	"$MICOACH" doctor --db "$db" >"$T/doctor" 2>&1 || { cat "$T/doctor"; fail "doctor after the kills: $db"; }
	echo "You feel singled out." | "$MICOACH" practice alcohol-gp --plain --db "$db" >"$T/after" 2>&1 ||
		{ cat "$T/after"; fail "practice after the kills: $db"; }
	assert_contains "$T/after" "Saved as session"
done
pass "doctor and a new session on the databases after the kills"
