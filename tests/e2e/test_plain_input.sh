# Plain mode reads what is typed with bounds (issue 14, item 18): a reply
# holding a NUL byte is refused as a whole, not cut short at the NUL; a line
# longer than a reply may be (8192 bytes), even hundreds of megabytes with
# no newline, is refused without being held in memory; `import -` reads a
# result file from standard input.
. "$(dirname "$0")/lib.sh"
command -v python3 >/dev/null || fail "python3 is needed"
db="$T/p.db"
printf 'You feel\000 sent here.\nYou feel it is unfair to be singled out.\n' |
	"$MICOACH" practice alcohol-gp --plain --db "$db" --seed 2 >"$T/o1" 2>&1 || { cat "$T/o1"; fail "practice"; }
assert_contains "$T/o1" "That reply holds a NUL byte"
[ "$(sql "$db" 'select group_concat(reply, "|") from turns')" = "You feel it is unfair to be singled out." ] ||
	fail "the turns hold '$(sql "$db" 'select group_concat(reply, "|") from turns')'"

# peak KIB INPUT_COMMAND: the peak resident size of micoach practising on
# that input, in KiB (wait4's ru_maxrss).
peak() {
	python3 - "$MICOACH" "$db" "$1" <<'PY'
import os, subprocess, sys
mc, db, size = sys.argv[1], sys.argv[2], int(sys.argv[3])
p = subprocess.Popen([mc, "practice", "alcohol-gp", "--plain", "--db", db, "--seed", "2"],
                     stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
chunk = b"a" * (1 << 20)
for _ in range(size >> 20):
    p.stdin.write(chunk)
p.stdin.close()
_, status, ru = os.wait4(p.pid, 0)
print(ru.ru_maxrss, os.waitstatus_to_exitcode(status))
PY
}
set -- $(peak 1048576)
small=$1
set -- $(peak 209715200)
big=$1 st=$2
[ "$st" = 0 ] || fail "200 MB with no newline: exit status $st"
[ $((big - small)) -lt 32768 ] || fail "200 MB with no newline grew micoach by $(((big - small) / 1024)) MiB (1 MiB: $small KiB, 200 MiB: $big KiB)"
echo "    peak resident size: $small KiB on 1 MiB of input, $big KiB on 200 MiB"
pass "a NUL byte refuses the reply; an endless line is not held in memory"

XDG_DATA_HOME="$T/x-t" "$MICOACH" --user lee --db "$T/t.db" assign primary-care --id week1 --scenarios alcohol-gp \
	-o "$T/week1.yaml" >"$T/a" 2>&1 || { cat "$T/a"; fail "assign"; }
XDG_DATA_HOME="$T/x-s" "$MICOACH" --user ana --db "$T/s.db" assignment add "$T/week1.yaml" >/dev/null 2>&1 || fail "add"
printf 'You feel it is unfair to be singled out.\n' | XDG_DATA_HOME="$T/x-s" "$MICOACH" --user ana --db "$T/s.db" \
	practice alcohol-gp --plain --seed 2 --assignment week1 >/dev/null 2>&1 || fail "practice for the assignment"
XDG_DATA_HOME="$T/x-s" "$MICOACH" --user ana --db "$T/s.db" export --assignment week1 >"$T/r.json" 2>/dev/null ||
	fail "export to standard output"
XDG_DATA_HOME="$T/x-t" "$MICOACH" --user lee --db "$T/t.db" import - <"$T/r.json" >"$T/i" 2>&1 || { cat "$T/i"; fail "import -"; }
assert_contains "$T/i" "<stdin>: imported 1 session of ana for assignment week1"
pass "import - reads standard input"
