# import refuses what micoach could not have written (issue 14, item 15):
# a result file that names the trainer as the trainee (its sessions would
# join the trainer's own history), and sessions that do not add up (the
# unit tests in test_results.c: scores, times, scenarios outside the
# assignment). Nothing is imported from a refused file.
. "$(dirname "$0")/lib.sh"
mc() { _who=$1; shift; XDG_DATA_HOME="$T/x-$_who" "$MICOACH" --user lee --db "$T/$_who.db" "$@"; }
mc trainer assign primary-care --id week1 --scenarios alcohol-gp -o "$T/week1.yaml" >"$T/a" 2>&1 || { cat "$T/a"; fail "assign"; }
mc trainee assignment add "$T/week1.yaml" >"$T/aa" 2>&1 || { cat "$T/aa"; fail "assignment add"; }
printf 'You feel it is unfair to be singled out.\n' |
	mc trainee practice alcohol-gp --plain --seed 2 --assignment week1 >"$T/p" 2>&1 || { cat "$T/p"; fail "practice"; }
mc trainee export --assignment week1 -o "$T/lee.json" >"$T/e" 2>&1 || { cat "$T/e"; fail "export"; }
mc trainer history >/dev/null 2>&1
before=$(sql "$T/trainer.db" 'select count(*) from sessions')
mc trainer import "$T/lee.json" >"$T/i" 2>&1
assert_status 65 $? "import of a file that names the trainer as the trainee"
assert_contains "$T/i" "holds results of 'lee', your own name"
[ "$(sql "$T/trainer.db" 'select count(*) from sessions')" = "$before" ] || fail "the refused file's sessions were imported"
[ "$(sql "$T/trainer.db" 'select count(*) from imports')" = 0 ] || fail "the refused file was recorded as imported"
pass "a result file naming the trainer as the trainee is refused, nothing imported"
