#!/bin/sh
# Anything micoach writes it can read back (issue 14, item 1): a session at
# every extreme of include/core/limits.h - meters at +-1,000,000, eight of
# them, a 400-byte title, 2000-byte client lines and thoughts full of
# control characters (six bytes each in JSON), 8192-byte replies, a
# scenario with no turn limit played to micoach's 1000 turns, and one that
# reaches the 4 MiB of text a session may hold - is practised with the
# database locked throughout, so it goes to a recovery file; `recover` takes
# it whole, `export --assignment` writes a result file and the trainer's
# `import` takes that whole too. And the loader refuses one byte more.
. "$MICOACH_SRC/tests/faults/lib.sh"
command -v python3 >/dev/null || fail "python3 is needed"
pack="$T/packs/edge"
mkdir -p "$pack"
# gen.py DIR LINE_BYTES [THOUGHT_BYTES]: the pack, its client's line and
# thought that long (a thought: 2000 bytes unless told).
cat >"$T/gen.py" <<'PY'
import sys
out, line_bytes = sys.argv[1], int(sys.argv[2])
thought_bytes = int(sys.argv[3]) if len(sys.argv) > 3 else 2000
def text(n, fill):  # n bytes: ESC and words, as YAML double-quoted text
    body, size = "", 0
    while size < n:
        piece = "\\e" if size % 2 == 0 else fill[size % len(fill)]
        body += piece
        size += 1
    return '"' + body + '"'
meters = "\n".join(
    f"  m{i}: {{min: -1000000, max: 1000000, start: {1000000 if i % 2 else -1000000}, good: high}}"
    for i in range(8))
effects = ", ".join(f"m{i}: {'+1000' if i % 2 else '-1000'}" for i in range(8))
open(f"{out}/pack.yaml", "w").write(
    'pack:\n  id: edge\n  title: %s\n  version: "1.0.0-%s"\n' % (text(400, "Pack title "), "x" * 58))
open(f"{out}/edge.yaml", "w").write(f"""id: edge
format: 2
title: {text(400, "Scenario title ")}
summary: "At the limits."
difficulty: 1
stage: contemplation
persona:
  name: "Edge"
meters:
{meters}
start: loop
turn_limit: 0
nodes:
  loop:
    about: "Going round"
    say:
      - text: {text(line_bytes, "Client line ")}
        talk: neutral
        thought: {text(thought_bytes, "A thought ")}
    responses:
      - fallback: true
        effects: {{{effects}}}
        goto: loop
endings:
  never:
    kind: success
    say: {text(2000, "Never said ")}
    when: "m0 > 999999"
  gone:
    kind: failure
    say: "Gone."
    when: "m1 < -999999"
""")
PY
python3 "$T/gen.py" "$pack" 2000 || fail "the pack was not written"
tr=trainer-edge
trainer() { XDG_DATA_HOME="$T/x-trainer" "$MICOACH" --user "$tr" --db "$T/trainer.db" --scenarios "$T/packs" "$@"; }
name=$(python3 -c 'print("n" * 200)')
trainee() { XDG_DATA_HOME="$T/x-trainee" "$MICOACH" --user "$name" --db "$T/trainee.db" --scenarios "$T/packs" "$@"; }
"$MICOACH" validate "$pack" >"$T/v" 2>&1 || { cat "$T/v"; fail "the pack at the limits does not validate"; }
trainer assign edge --id limits --title "At the limits" -o "$T/limits.yaml" >"$T/a" 2>&1 || { cat "$T/a"; fail "assign"; }
trainee assignment add "$T/limits.yaml" >"$T/aa" 2>&1 || { cat "$T/aa"; fail "assignment add"; }
trainee history >/dev/null 2>&1 || fail "the trainee's database was not made"

# practise LABEL REPLIES: a session with the database locked throughout;
# its recovery file goes to $T/LABEL.json.
practise() {
	# a 1000-turn session rewrites its growing recovery file every turn: on a
	# loaded machine that can pass lockhold's default 60 s, so hold it longer
	LOCKHOLD_MAX_S=900 python3 "$MICOACH_SRC/tests/faults/lockhold.py" "$T/trainee.db" "$T/$1.ready" "$T/$1.release" &
	holder=$!
	wait_until 20 test -f "$T/$1.ready" || fail "the lock holder never took the lock"
	MICOACH_BUSY_TIMEOUT_MS=1 trainee practice edge --plain --seed 1 --assignment limits <"$2" >"$T/$1.out" 2>"$T/$1.err"
	st=$?
	touch "$T/$1.release"
	wait $holder
	assert_status 75 $st "$1: practice with the database locked"
	assert_contains "$T/$1.out" "The session ends here: it has reached micoach's limit"
	f=$(sed -n 's/.*answered turns are saved in \(.*\.json\); add it.*/\1/p' "$T/$1.err")
	[ -n "$f" ] && [ -f "$f" ] || { tail -c 2000 "$T/$1.err"; fail "$1: no recovery file"; }
	mv "$f" "$T/$1.json"
}
# 1. 1000 turns (short replies, 300-byte lines and thoughts): the session stops at 1000.
python3 "$T/gen.py" "$pack" 300 300
python3 -c 'import sys
for i in range(1010): print("Mm, you are going round in circles %d." % i)' >"$T/r1"
practise turns "$T/r1"
# 2. 8192-byte replies and 2000-byte lines: the session stops at 4 MiB of text.
python3 "$T/gen.py" "$pack" 2000
python3 -c 'import sys
for i in range(1010): print(("You say %d " % i + "so\033much,\033" * 1000)[:8192])' >"$T/r2"
practise text "$T/r2"
size=$(wc -c <"$T/text.json")
[ "$size" -gt 4000000 ] || fail "the recovery file of the text session is only $size bytes"

for f in turns text; do
	trainee recover "$T/$f.json" >"$T/$f.rec" 2>&1 || { cat "$T/$f.rec"; fail "$f: recover refused the file practice wrote"; }
done
sessions() { sql "$1" "select group_concat(n, ' ') from (select count(t.id) n from sessions s join turns t on t.session = s.id group by s.id order by s.id)"; }
[ "$(sql "$T/trainee.db" "select count(*) from sessions where outcome = 'limit'")" = 2 ] ||
	fail "the sessions did not end with the outcome 'limit'"
turns=$(sessions "$T/trainee.db")
case "$turns" in "1000 "*) ;; *) fail "turns per session: $turns (the first should hold 1000)" ;; esac
[ "$(sql "$T/trainee.db" "select min(value) || ' ' || max(value) from turn_meters")" = "-1000000 1000000" ] ||
	fail "meters did not reach +-1,000,000"
[ "$(sql "$T/trainee.db" "select max(length(cast(reply as blob))) from turns")" = 8192 ] || fail "the 8192-byte replies were not kept"

trainee export --assignment limits -o "$T/results.json" >"$T/ex" 2>&1 || { cat "$T/ex"; fail "export --assignment"; }
trainer import "$T/results.json" >"$T/im" 2>&1 || { cat "$T/im"; fail "import refused the result file export wrote"; }
assert_contains "$T/im" "imported 2 sessions"
[ "$(sessions "$T/trainer.db")" = "$turns" ] || fail "the trainer's copy has turns $(sessions "$T/trainer.db"), not $turns"
[ "$(sql "$T/trainer.db" "select min(value) || ' ' || max(value) from turn_meters")" = "-1000000 1000000" ] ||
	fail "the trainer's copy lost the meters"
echo "    turns per session: $turns; the 4 MiB session's recovery file: $size bytes, the result file: $(wc -c <"$T/results.json") bytes"
pass "sessions at 1000 turns and 4 MiB of text, meters at +-1,000,000: recovery file and result file read back"

# A result file import could not read is not written: with five more
# sessions of 4 MiB of text, the file would pass RESULTS_FILE_MAX (64 MiB).
for i in 1 2 3 4 5; do
	trainee practice edge --plain --seed 1 --assignment limits <"$T/r2" >/dev/null 2>"$T/more.err" ||
		{ cat "$T/more.err"; fail "another session at 4 MiB of text"; }
done
trainee export --assignment limits -o "$T/big.json" >"$T/big" 2>&1
assert_status 65 $? "export --assignment past the size import reads"
assert_contains "$T/big" "over the 64 MiB that 'micoach import' reads; nothing written"
[ ! -e "$T/big.json" ] || fail "a result file import cannot read was written"
pass "a result file past 64 MiB is refused (65), nothing written"

# One byte more: the loader refuses it, naming the limit.
python3 "$T/gen.py" "$pack" 2001
"$MICOACH" validate "$pack" >"$T/v2" 2>&1
assert_status 65 $? "validate a client line of 2001 bytes"
assert_contains "$T/v2" "over micoach's limit of 2000"
sed -i 's/^  title: .*/  title: "'"$(python3 -c 'print("t" * 401)')"'"/' "$pack/pack.yaml"
python3 "$T/gen.py" "$pack" 300
sed -i 's/^title: .*/title: "'"$(python3 -c 'print("t" * 401)')"'"/' "$pack/edge.yaml"
"$MICOACH" validate "$pack" >"$T/v3" 2>&1
assert_status 65 $? "validate a title of 401 bytes"
assert_contains "$T/v3" "over micoach's limit of 400"
"$MICOACH" --user "$(python3 -c 'print("n" * 201)')" history >"$T/u" 2>&1
assert_status 64 $? "a user name of 201 bytes"
pass "past the limits: a client line, a title, a user name refused with the limit named"
