# The data directory ($XDG_DATA_HOME/micoach) is made 0700 whichever
# command makes it first: pack install, practice (the default database),
# assignment add, report.
. "$(dirname "$0")/lib.sh"

fresh() { # NAME: a new, empty XDG_DATA_HOME
	XDG_DATA_HOME="$T/$1"
	export XDG_DATA_HOME
	mkdir -p "$XDG_DATA_HOME"
}
private() { # WHAT
	[ -d "$XDG_DATA_HOME/micoach" ] || fail "$1: no data directory made"
	mode=$(stat -c %a "$XDG_DATA_HOME/micoach")
	[ "$mode" = 700 ] || fail "$1 made the data directory $mode, not 700"
}

umask 022
fresh pack
"$MICOACH" pack install "$MICOACH_SRC/scenarios/primary-care" >"$T/out" 2>&1 ||
	{ cat "$T/out"; fail "pack install"; }
private "pack install"
[ "$(stat -c %a "$XDG_DATA_HOME/micoach/scenarios")" = 755 ] || fail "the packs' directory inside is not 755"

fresh practice
printf 'You feel the doctor is on your back.\n' | "$MICOACH" practice alcohol-gp --plain --seed 1 >"$T/out" 2>&1 ||
	{ cat "$T/out"; fail "practice"; }
private "practice"
[ "$(stat -c %a "$XDG_DATA_HOME/micoach/micoach.db")" = 600 ] || fail "the database is not 600"

fresh assign
"$MICOACH" assign primary-care --id wk1 -o "$T/wk1.yaml" >"$T/out" 2>&1 || { cat "$T/out"; fail "assign"; }
private "assign"

fresh add
"$MICOACH" assignment add "$T/wk1.yaml" >"$T/out" 2>&1 || { cat "$T/out"; fail "assignment add"; }
private "assignment add"
pass "the data directory is private whichever command makes it"
