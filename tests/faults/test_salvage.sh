# `micoach doctor --recover` on a real database with thousands of turns
# (three practised sessions, multiplied to 3,100 sessions and 9,300 turns,
# with their codes, cues, meters and scores) whose pages are damaged: the
# root page of turns, the root page of sessions, an interior page of turns,
# the header page. Every row below a damaged page comes back; the damaged
# file is never changed; doctor compares the copy with what the damaged file
# still shows, table by table, and advises putting the copy in its place
# only when it lost nothing (a damaged leaf of sessions: it says what the
# copy lacks instead, exit 65). Then: a full disk (no 0-byte file blocks the
# rerun), and doctor --recover killed with SIGKILL again and again (no
# partial copy stays behind).
. "$MICOACH_SRC/tests/faults/lib.sh"
mounts=
umount_all() { for m in $mounts; do umount "$m" 2>/dev/null; done; }
trap 'umount_all; cleanup' EXIT
m() { "$MICOACH" "$@"; }
three='You feel it is unfair to be singled out.\nDrinking helps you unwind after work.\nWhat would you like to be different?\n'

db="$T/real.db"
for seed in 1 2 3; do
	printf "$three" | m practice alcohol-gp --plain --db "$db" --seed $seed >/dev/null 2>&1 || fail "practising"
done
sql "$db" "
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3100)
INSERT INTO sessions(uid, user, scenario, coder_version, seed, mode, started, ended, outcome)
SELECT printf('%032x', i), user, scenario, coder_version, seed + i, mode, started, ended, outcome
FROM sessions, n WHERE sessions.id = 1;
INSERT INTO turns(session, idx, node, client_line, reply, primary_code, nonadherent, empathy, reflection,
	discrepancy, self_efficacy, tip, next_node, client_next, at)
SELECT s.id, t.idx, t.node, t.client_line, t.reply || ' #' || s.id, t.primary_code, t.nonadherent, t.empathy,
	t.reflection, t.discrepancy, t.self_efficacy, t.tip, t.next_node, t.client_next, t.at
FROM sessions s, turns t WHERE s.id > 3 AND t.session = 1;
INSERT INTO turn_codes SELECT t2.id, c.code FROM turns t2 JOIN turns t1 ON t1.session = 1 AND t1.idx = t2.idx
	JOIN turn_codes c ON c.turn = t1.id WHERE t2.session > 3;
INSERT INTO turn_cues SELECT t2.id, c.n, c.code, c.start, c.len FROM turns t2
	JOIN turns t1 ON t1.session = 1 AND t1.idx = t2.idx JOIN turn_cues c ON c.turn = t1.id WHERE t2.session > 3;
INSERT INTO turn_meters SELECT t2.id, c.n, c.meter, c.value FROM turns t2
	JOIN turns t1 ON t1.session = 1 AND t1.idx = t2.idx JOIN turn_meters c ON c.turn = t1.id WHERE t2.session > 3;
INSERT INTO session_scores SELECT s.id, ss.replies, ss.empathy, ss.reflection, ss.discrepancy, ss.self_efficacy,
	ss.overall, ss.rq_ratio, ss.pct_complex, ss.adherent, ss.nonadherent, ss.global_cultivating,
	ss.global_softening, ss.global_partnership, ss.global_empathy, ss.technical, ss.relational
FROM sessions s, session_scores ss WHERE s.id > 3 AND ss.session = 1;
PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null || fail "making the big database"
nturns=$(sql "$db" 'select count(*) from turns')
[ "$nturns" -ge 9000 ] || fail "only $nturns turns"
"$MICOACH" --db "$db" doctor >"$T/d" 2>&1 || { cat "$T/d"; fail "doctor on the big database"; }

# digest DB: every row of the tables that matter, as one line.
digest() {
	sql "$1" "SELECT (SELECT count(*) || ':' || total(id) FROM sessions) || ' ' ||
		(SELECT count(*) || ':' || total(session * idx) || ':' || total(length(reply)) FROM turns) || ' ' ||
		(SELECT count(*) || ':' || total(turn) FROM turn_codes) || ' ' ||
		(SELECT count(*) || ':' || total(turn * (n + 1) + start) FROM turn_cues) || ' ' ||
		(SELECT count(*) || ':' || total(turn * value) FROM turn_meters) || ' ' ||
		(SELECT count(*) || ':' || total(overall) FROM session_scores)"
}
whole=$(digest "$db")
# damage COPY PAGE BYTES: overwrite the start of a page (its header and cell pointers).
damage() {
	python3 -c 'import sys
p, page, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
with open(p, "r+b") as f:
    f.seek((page - 1) * 4096); f.write(b"\xff" * n)' "$@"
}
page() { sql "$db" "$1"; }

# salvage NAME PAGE BYTES: damage a copy, check doctor names it, recover it.
salvage() {
	cp "$db" "$T/$1.db"
	damage "$T/$1.db" "$2" "$3"
	before=$(sha256sum <"$T/$1.db")
	"$MICOACH" --db "$T/$1.db" doctor >"$T/d" 2>&1; assert_status 65 $? "doctor on $1"
	assert_contains "$T/d" "doctor --recover"
	assert_not_contains "$T/d" "mv '"
	"$MICOACH" --db "$T/$1.db" doctor --recover >"$T/$1.out" 2>&1
	rec=$?
	[ "$(sha256sum <"$T/$1.db")" = "$before" ] || fail "$1: recovery changed the damaged file"
	[ ! -e "$T/$1.db.recovered" ] || "$MICOACH" --db "$T/$1.db.recovered" doctor >"$T/d" 2>&1 ||
		{ cat "$T/d"; fail "$1: the copy fails doctor"; }
	ls "$T" | grep -q '\.partial-' && fail "$1: a partial copy was left behind"
	return $rec
}

for case in "turns-root:$(page "select rootpage from sqlite_master where name = 'turns'"):64" \
	"sessions-root:$(page "select rootpage from sqlite_master where name = 'sessions'"):64" \
	"turns-interior:$(page "select pageno from dbstat where name = 'turns' and pagetype = 'internal' and path != '/' limit 1"):64" \
	"header:1:300"; do
	name=${case%%:*} rest=${case#*:}
	salvage "$name" "${rest%%:*}" "${rest#*:}"; assert_status 0 $? "doctor --recover ($name)"
	assert_contains "$T/$name.out" "The copy holds every row the damaged file still shows."
	assert_contains "$T/$name.out" "mv '$T/$name.db' '$T/$name.db.damaged' && mv '$T/$name.db.recovered' '$T/$name.db'"
	got=$(digest "$T/$name.db.recovered")
	[ "$got" = "$whole" ] || fail "$name: the copy holds $got, the database held $whole"
	pass "damaged page ($name): every row comes back, and doctor says so"
done
grep -q '^  turns  *0\* *9[0-9][0-9][0-9] *9[0-9][0-9][0-9] *0$' "$T/turns-root.out" ||
	{ cat "$T/turns-root.out"; fail "the comparison does not show SQLite reading 0 turns and the pages all"; }

# A leaf of sessions: its sessions are gone from both readers; their turns,
# still in the file, cannot come along: say so, and never advise mv.
salvage sessions-leaf "$(page "select pageno from dbstat where name = 'sessions' and pagetype = 'leaf' limit 1 offset 5")" 64
assert_status 65 $? "doctor --recover losing the turns of lost sessions"
assert_contains "$T/sessions-leaf.out" "The copy lacks"
assert_contains "$T/sessions-leaf.out" "left out because their session was lost"
assert_contains "$T/sessions-leaf.out" "do not put the copy in its place"
assert_not_contains "$T/sessions-leaf.out" "mv '"
pass "lost parents: the copy's losses are named, no advice to replace the file"

# A full disk: the copy cannot be written; nothing is left that blocks the rerun.
mkdir -p "$T/small"
if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=2m,mode=0755 tmpfs "$T/small" 2>/dev/null; then
	mounts="$T/small"
	"$MICOACH" --db "$T/turns-root.db" doctor --recover -o "$T/small/copy.db" >"$T/o" 2>&1
	assert_status 74 $? "doctor --recover onto a full disk"
	assert_contains "$T/o" "disk is full"
	[ -z "$(ls -A "$T/small")" ] || { ls -la "$T/small"; fail "a failed recovery left files behind"; }
	umount "$T/small" && mount -t tmpfs -o size=64m,mode=0755 tmpfs "$T/small" || fail "remounting"
	"$MICOACH" --db "$T/turns-root.db" doctor --recover -o "$T/small/copy.db" >"$T/o" 2>&1 ||
		{ cat "$T/o"; fail "doctor --recover once there is room"; }
	[ "$(digest "$T/small/copy.db")" = "$whole" ] || fail "the rerun lost rows"
	pass "full disk: exit 74, nothing left behind, the rerun recovers everything"
else
	echo "skip: full disk (cannot mount a tmpfs: not root)"
fi

# Killed at random moments: never a partial copy under the real name, and the
# next run cleans up the one the killed run left and finishes.
i=0 left=0
while [ $i -lt 16 ]; do
	rm -f "$T/k.db"*
	"$MICOACH" --db "$T/turns-root.db" doctor --recover -o "$T/k.db" >/dev/null 2>&1 &
	pid=$!
	sleep "$(awk "BEGIN { printf \"%.3f\", ($i * 0.029) % 0.45 }")"
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
	ls "$T" | grep -q '^k\.db\.partial-' && left=$((left + 1))
	if [ -e "$T/k.db" ]; then
		[ "$(digest "$T/k.db")" = "$whole" ] || fail "kill $i: a partial copy under the real name"
		rm -f "$T/k.db"
	fi
	"$MICOACH" --db "$T/turns-root.db" doctor --recover -o "$T/k.db" >"$T/o" 2>&1 || { cat "$T/o"; fail "rerun $i"; }
	ls "$T" | grep -q '^k\.db\.partial-' && fail "kill $i: the partial copy stayed"
	i=$((i + 1))
done
[ $left -gt 0 ] || fail "no kill landed while the copy was being written"
pass "doctor --recover killed 16 times ($left mid-copy): no partial copy stays, the rerun finishes"
