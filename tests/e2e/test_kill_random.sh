# SIGKILL at random moments during 200 scripted plain-mode sessions on one
# database: after every kill the database passes PRAGMA integrity_check and
# holds every turn whose feedback had been printed (plain mode saves a turn
# before it prints its feedback). KILL_SESSIONS=N runs fewer; KILL_SEED=N
# replays a run (the seed is printed).
. "$(dirname "$0")/lib.sh"
db="$T/kill.db"
n=${KILL_SESSIONS:-200}
seed=${KILL_SEED:-$(date +%s)}
echo "kill schedule seed: $seed"
S="--scenarios $MICOACH_SRC/scenarios"

# One line per session: k replies; the kill comes once j turns have been
# answered and reply j + 1 is on its way (j = -1: all k sent, any time during
# start-up), after a random delay of up to 30 ms, so kills land before,
# inside and between turns.
python3 -c '
import random, sys
r = random.Random(int(sys.argv[1]))
for i in range(int(sys.argv[2])):
    k = r.randint(1, 5)
    j = r.randint(-1, k - 1)
    delay = r.uniform(0, 0.3) if j < 0 else r.uniform(0, 0.03)
    print(k, j, "%.3f" % delay)
' "$seed" "$n" >"$T/schedule"
answered_at_least() { [ "$(grep -c '^  Coded:' "$1")" -ge "$2" ]; }

replies="You feel it's unfair to be singled out.
Part of you wants a quiet life, and part of you wonders about the blood test.
What would you like to happen with your health?
It's really up to you what you do.
You've kept every job going for forty years; that takes real grit."

i=0
killed_mid=0 saved_unshown=0
while read -r k j delay; do
	i=$((i + 1))
	fifo="$T/in.$i"
	mkfifo "$fifo"
	"$MICOACH" $S --db "$db" practice alcohol-gp --seed "$i" <"$fifo" >"$T/out.$i" 2>&1 &
	pid=$!
	exec 3>"$fifo"
	# With j set, only j + 1 replies: the kill lands while the last is handled.
	[ "$j" -lt 0 ] && m=$k || m=$((j + 1))
	printf '%s\n' "$replies" | head -n "$m" >&3
	[ "$j" -lt 0 ] || wait_until 20 answered_at_least "$T/out.$i" "$j" || fail "session $i never answered $j turns"
	sleep "$delay"
	kill -KILL $pid 2>/dev/null
	wait $pid 2>/dev/null
	exec 3>&-
	rm -f "$fifo"
	[ "$(sql "$db" 'pragma integrity_check' 2>&1)" = ok ] || fail "session $i: integrity_check failed after SIGKILL"
	answered=$(grep -c '^  Coded:' "$T/out.$i")
	# Killed before the schema was made: no table yet, nothing answered.
	stored=$(sql "$db" "select count(*) from turns t join sessions s on s.id = t.session where s.seed = $i" 2>/dev/null)
	[ -n "$stored" ] || stored=0
	[ "$stored" -ge "$answered" ] ||
		fail "session $i: $answered turns answered before the kill, $stored in the database (seed $seed)"
	[ "$answered" -gt 0 ] && killed_mid=$((killed_mid + 1))
	[ "$stored" -gt "$answered" ] && saved_unshown=$((saved_unshown + 1))
	rm -f "$T/out.$i"
done <"$T/schedule"
[ "$(sql "$db" 'pragma foreign_key_check' | wc -l)" = 0 ] || fail "foreign keys broken"
"$MICOACH" --db "$db" doctor >"$T/doc" 2>&1; assert_status 0 $? "doctor after $n kills"
echo "$killed_mid of $n sessions were killed after answering turns;" \
	"$saved_unshown between saving a turn and showing its feedback"
pass "SIGKILL at random moments loses no answered turn"
