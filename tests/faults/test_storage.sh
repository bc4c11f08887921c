# A read-only file system, a full disk, a damaged or truncated database and a
# database from a newer micoach: each gets a clear message and its exit status
# (docs/reliability.md), nothing answered is lost (turns the database cannot
# take go to a recovery file that `micoach recover` imports), and
# `micoach doctor` says what is wrong and how to recover.
# The read-only and full-disk cases need a small tmpfs (root); without one
# they are skipped, and say so.
. "$MICOACH_SRC/tests/faults/lib.sh"
mounts=
umount_all() { for m in $mounts; do umount "$m" 2>/dev/null; done; }
trap 'umount_all; cleanup' EXIT
# small_fs DIR SIZE: a tmpfs of SIZE at DIR; fails when it cannot be mounted.
small_fs() {
	mkdir -p "$1"
	[ "$(id -u)" = 0 ] && mount -t tmpfs -o "size=$2,mode=0755" tmpfs "$1" 2>/dev/null || return 1
	mounts="$1 $mounts"
}
practise() { db=$1; shift; "$MICOACH" practice alcohol-gp --plain --db "$db" --seed 5 "$@"; }
three='You feel it is unfair to be singled out.\nDrinking helps you unwind after work.\nWhat would you like to be different?\n'
turns() { sql "$1" 'select count(*) from turns'; }
recovery_file() { sed -n 's/.* saved in \(.*\.json\); add it.*/\1/p' "$1"; }

# --- A database from a newer micoach: refused before the session, untouched.
db="$T/newer.db"
printf "$three" | practise "$db" >/dev/null 2>&1 || fail "making a database"
sqlite3 "$db" 'PRAGMA user_version = 99'
printf "$three" | practise "$db" >"$T/o" 2>"$T/e"
assert_status 65 $? "practice on a newer database"
assert_contains "$T/e" "written by a newer micoach (schema version 99"
assert_not_contains "$T/o" "Coded:"
[ "$(sql "$db" 'pragma user_version')" = 99 ] || fail "the newer database was changed"
[ "$(turns "$db")" = 3 ] || fail "the newer database lost or gained turns"
"$MICOACH" doctor --db "$db" >"$T/d" 2>&1
assert_status 65 $? "doctor on a newer database"
assert_contains "$T/d" "newer micoach"
pass "newer database: exit 65, untouched, doctor explains"

# --- A damaged database: page headers overwritten.
db="$T/damaged.db"
printf "$three" | practise "$db" >/dev/null 2>&1 || fail "making a database"
python3 -c "
import sys
f = open(sys.argv[1], 'r+b'); n = f.seek(0, 2) // 4096
for p in range(1, n):
    f.seek(4096 * p); f.write(b'\xde\xad\xbe\xef' * 4)
" "$db"
printf "$three" | practise "$db" >"$T/o" 2>"$T/e"
st=$?
assert_status 65 $st "practice on a damaged database"
assert_contains "$T/e" "damaged"
assert_not_contains "$T/o" "Coded:"
"$MICOACH" history --db "$db" >"$T/o" 2>"$T/e"
assert_status 65 $? "history on a damaged database"
"$MICOACH" doctor --db "$db" >"$T/d" 2>&1
assert_status 65 $? "doctor on a damaged database"
assert_contains "$T/d" "How to recover"
"$MICOACH" doctor --db "$db" --recover >"$T/d" 2>&1 || { cat "$T/d"; fail "doctor --recover"; }
[ "$(sql "$db.recovered" 'pragma integrity_check')" = ok ] || fail "the salvaged copy fails integrity_check"
"$MICOACH" doctor --db "$db.recovered" >"$T/d" 2>&1 || { cat "$T/d"; fail "doctor on the salvaged copy"; }
pass "damaged database: exit 65 before the session, doctor explains, --recover salvages"

# --- A truncated database.
db="$T/truncated.db"
printf "$three" | practise "$db" >/dev/null 2>&1 || fail "making a database"
truncate -s 40000 "$db"
printf "$three" | practise "$db" >"$T/o" 2>"$T/e"
assert_status 65 $? "practice on a truncated database"
assert_contains "$T/e" "damaged"
"$MICOACH" doctor --db "$db" >"$T/d" 2>&1
assert_status 65 $? "doctor on a truncated database"
pass "truncated database: exit 65, doctor explains"

# --- Not a database at all, and a directory in its place.
db="$T/text.db"
echo "just some notes" >"$db"
printf "$three" | practise "$db" >"$T/o" 2>"$T/e"
assert_status 65 $? "practice on a text file"
mkdir "$T/dir.db"
printf "$three" | practise "$T/dir.db" >"$T/o" 2>"$T/e"
assert_status 74 $? "practice on a directory"
assert_contains "$T/e" "is a directory"
pass "not a database / a directory: exit 65 / 74 with a message"

# --- A read-only database file, and a read-only directory (SQLite cannot
# make its -wal and -shm files there): refused before the first reply, 74.
# Permissions do not bind root, so as root this runs as nobody.
as_user() { "$@"; }
if [ "$(id -u)" = 0 ]; then
	if command -v setpriv >/dev/null 2>&1; then
		as_user() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
		# nobody must be able to run the binary and read the scenarios.
		as_user "$MICOACH" list >/dev/null 2>&1 || as_user=
	else
		as_user=
	fi
fi
if [ "${as_user-x}" = x ]; then
	chmod 711 "$T"
	mkdir -p "$T/rod/d" "$T/rof"
	for d in rod/d rof; do
		printf "$three" | practise "$T/$d/r.db" >/dev/null 2>&1 || fail "making a database"
	done
	[ "$(id -u)" = 0 ] && chown -R 65534 "$T/rod" "$T/rof"
	chmod 555 "$T/rod/d"
	chmod 400 "$T/rof/r.db"
	for d in rod/d rof; do
		printf "$three" | as_user env HOME="$T/rod" XDG_DATA_HOME="$T/rod/x" \
			"$MICOACH" practice alcohol-gp --plain --db "$T/$d/r.db" --seed 5 >"$T/o" 2>"$T/e"
		assert_status 74 $? "practice with a read-only ${d%/d}"
		assert_contains "$T/e" "read-only"
		assert_not_contains "$T/o" "Coded:"
		[ "$(turns "$T/$d/r.db")" = 3 ] || fail "read-only database changed"
	done
	chmod 755 "$T/rod/d"
	pass "read-only database file and directory: exit 74 before the session"
else
	echo "skip: read-only file and directory (root, and nobody cannot run $MICOACH or setpriv is missing)"
fi

# --- A read-only file system: refused before the first reply (exit 74).
if small_fs "$T/ro" 1m; then
	db="$T/ro/r.db"
	printf "$three" | practise "$db" >/dev/null 2>&1 || fail "making a database on the tmpfs"
	mount -o remount,ro "$T/ro" || fail "cannot remount read-only"
	printf "$three" | practise "$db" >"$T/o" 2>"$T/e"
	assert_status 74 $? "practice on a read-only file system"
	assert_contains "$T/e" "read-only"
	assert_not_contains "$T/o" "Coded:"
	"$MICOACH" doctor --db "$db" >"$T/d" 2>&1
	assert_status 74 $? "doctor on a read-only file system"
	assert_contains "$T/d" "How to recover"
	mount -o remount,rw "$T/ro"
	[ "$(turns "$db")" = 3 ] || fail "read-only database changed"
	pass "read-only file system: exit 74 before the session"
else
	echo "skip: read-only file system (cannot mount a tmpfs: not root)"
fi

# --- A full disk: in the middle of a session, and from the start.
if small_fs "$T/full" 512k; then
	db="$T/full/f.db"
	printf 'You feel singled out.\n' | practise "$db" >/dev/null 2>&1 || fail "making a database on the tmpfs"
	mkfifo "$T/in"
	practise "$db" <"$T/in" >"$T/o" 2>"$T/e" &
	pid=$!
	exec 3>"$T/in"
	echo "It sounds like the worry came out of nowhere." >&3
	wait_until 20 grep -q '^  Coded:' "$T/o" || fail "first reply never answered"
	dd if=/dev/zero of="$T/full/filler" bs=4096 2>/dev/null
	echo "You care about being there for Alfie." >&3
	echo "What might a first step look like?" >&3
	exec 3>&-
	wait $pid
	assert_status 74 $? "practice when the disk fills up"
	assert_contains "$T/e" "the disk is full"
	[ "$(grep -c '^  Coded:' "$T/o")" = 3 ] || fail "the session did not go on when the disk filled"
	file=$(recovery_file "$T/e")
	[ -n "$file" ] && [ -f "$file" ] || { cat "$T/e"; fail "no recovery file named"; }
	rm -f "$T/full/filler"
	"$MICOACH" recover --db "$db" "$file" >"$T/r" 2>&1 || { cat "$T/r"; fail "recover after the disk was freed"; }
	[ "$(sql "$db" 'select count(*) from turns where session = 2')" = 3 ] || fail "recovered session lacks turns"
	[ "$(sql "$db" 'select outcome from sessions where id = 2')" = quit ] || fail "recovered session not ended"
	[ "$(sql "$db" 'pragma integrity_check')" = ok ] || fail "integrity_check after the disk was full"
	pass "disk full mid-session: exit 74, recovery file, recover completes the session"

	# Full from the start: SQLite may not even open the database (it cannot
	# make its shared-memory file), then it stops before the first reply;
	# if it opens, the session runs and goes to a recovery file.
	dd if=/dev/zero of="$T/full/filler" bs=4096 2>/dev/null
	printf "$three" | practise "$db" >"$T/o" 2>"$T/e"
	assert_status 74 $? "practice on a full disk"
	if grep -q "practising anyway" "$T/e"; then
		file=$(recovery_file "$T/e")
		[ -n "$file" ] && [ -f "$file" ] || { cat "$T/e"; fail "no recovery file named"; }
		rm -f "$T/full/filler"
		"$MICOACH" recover --db "$db" "$file" >"$T/r" 2>&1 || { cat "$T/r"; fail "recover"; }
		[ "$(sql "$db" 'select count(*) from turns where session = 3')" = 3 ] || fail "session practised on a full disk lost turns"
	else
		assert_not_contains "$T/o" "Coded:"
		assert_contains "$T/e" "cannot use the database"
		rm -f "$T/full/filler"
	fi
	"$MICOACH" doctor --db "$db" >"$T/d" 2>&1 || { cat "$T/d"; fail "doctor once the disk is free"; }
	[ "$(turns "$db")" -ge 4 ] || fail "turns lost on the full disk"
	pass "disk full from the start: exit 74, nothing answered lost"
else
	echo "skip: full disk (cannot mount a tmpfs: not root)"
fi
