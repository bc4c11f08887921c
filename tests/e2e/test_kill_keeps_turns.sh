# A session killed with SIGKILL after three replies has those three turns in
# the database, and the database passes PRAGMA integrity_check.
. "$(dirname "$0")/lib.sh"
db="$T/k.db"
fifo="$T/in"
mkfifo "$fifo"
"$MICOACH" practice alcohol-gp --db "$db" --seed 3 <"$fifo" >"$T/out" 2>&1 &
pid=$!
exec 3>"$fifo"
turns() { [ -f "$db" ] && [ "$(sql "$db" 'select count(*) from turns' 2>/dev/null)" = "$1" ]; }
for r in "You feel it's unfair to be singled out." "Drinking helps you unwind after work." "It's really up to you what you do."; do
	echo "$r" >&3
done
wait_until 20 turns 3 || fail "three turns never reached the database"
kill -KILL $pid
wait $pid 2>/dev/null
exec 3>&-
[ "$(sql "$db" 'select count(*) from turns')" = 3 ] || fail "after SIGKILL the database does not hold 3 turns"
[ "$(sql "$db" 'pragma integrity_check')" = ok ] || fail "integrity_check failed after SIGKILL"
pass "SIGKILL keeps answered turns"
