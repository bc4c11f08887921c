# Every place a recovery file can be written, `doctor` and `recover` look
# (issue 14, item 3). When the database refuses a session and the data
# directory cannot take its recovery file either (a full disk; here a file
# stands where the recovery directory should be), the file goes to a private
# directory of this user's in $TMPDIR; the message names it and says it is
# temporary; `doctor` lists it; `recover` with no FILE imports it.
. "$(dirname "$0")/lib.sh"
command -v python3 >/dev/null || fail "python3 is needed"
export XDG_DATA_HOME="$T/x" TMPDIR="$T/tmp"
mkdir -p "$TMPDIR" "$T/db"
db="$T/db/r.db"
practise() { printf '%s\n' "$@" | "$MICOACH" practice alcohol-gp --plain --db "$db" --seed 4; }
practise "You feel it is unfair to be singled out." >"$T/o0" 2>&1 || { cat "$T/o0"; fail "first session"; }
mkdir -p "$XDG_DATA_HOME/micoach"
rm -rf "$XDG_DATA_HOME/micoach/recovery"
echo "not a directory" >"$XDG_DATA_HOME/micoach/recovery"

python3 "$MICOACH_SRC/tests/faults/lockhold.py" "$db" "$T/ready" "$T/release" &
holder=$!
wait_until 20 test -f "$T/ready" || fail "the lock holder never took the lock"
MICOACH_BUSY_TIMEOUT_MS=100 practise "Drinking helps you unwind after work." "What would you like to be different?" \
	>"$T/o1" 2>"$T/e1"
st=$?
touch "$T/release"
wait $holder
assert_status 75 $st "practice with the database locked and the recovery directory blocked"
dir="$TMPDIR/micoach-recovery-$(id -u)"
file=$(sed -n 's/.*answered turns are saved in \(.*\.json\); add it.*/\1/p' "$T/e1")
case "$file" in "$dir/session-"*.json) ;; *) cat "$T/e1"; fail "the recovery file is not in $dir: '$file'" ;; esac
[ -f "$file" ] || fail "the named recovery file does not exist"
assert_contains "$T/e1" "it is in a temporary directory, which a reboot may empty"
[ "$(stat -c %a "$dir")" = 700 ] && [ "$(stat -c %a "$file")" = 600 ] || fail "the fallback is not private"

"$MICOACH" doctor --db "$db" >"$T/d1" 2>&1 || { cat "$T/d1"; fail "doctor"; }
assert_contains "$T/d1" "Recovery files: 1 practice session saved while the database refused it"
assert_contains "$T/d1" "$file  (a temporary directory"
"$MICOACH" recover --db "$db" >"$T/r1" 2>&1 || { cat "$T/r1"; fail "recover"; }
assert_contains "$T/r1" "2 turns added"
[ -f "$file.imported" ] || fail "the recovered file was not marked imported"
[ "$(sql "$db" 'select count(*) from turns')" = 3 ] || fail "the recovered turns are not in the database"
"$MICOACH" doctor --db "$db" >"$T/d2" 2>&1 || { cat "$T/d2"; fail "doctor after recover"; }
assert_contains "$T/d2" "Recovery files: none waiting (they would be in $XDG_DATA_HOME/micoach/recovery, $dir or"
"$MICOACH" recover --db "$db" >"$T/r2" 2>&1 || { cat "$T/r2"; fail "recover again"; }
assert_contains "$T/r2" "No recovery files waiting in $XDG_DATA_HOME/micoach/recovery, $dir or"

# A fallback directory that is not this user's own and private is not used
# or read: another user could have made it, or swapped in a link.
mv "$dir" "$T/moved"
cp "$T/moved/$(basename "$file").imported" "$T/moved/session-20260101-000000-1.json"
ln -s "$T/moved" "$dir"
"$MICOACH" doctor --db "$db" >"$T/d3" 2>&1
assert_contains "$T/d3" "Recovery files: none waiting"
pass "a recovery file in \$TMPDIR is named as temporary, listed by doctor and imported by recover"
