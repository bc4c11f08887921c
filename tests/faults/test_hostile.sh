# Hostile input: every broken or malicious scenario file and transcript under
# tests/hostile/, and more made here (a 100 MB file, binary data, deep
# nesting, a directory, a FIFO, /dev/zero and symlink loops in place of
# files). `micoach validate`, `micoach code` and `micoach practice
# --scenarios DIR` each get a located error (the message names the file) or
# render the input inert (no ESC byte reaches standard output); none crashes
# (exit >= 128 or a sanitizer report), hangs (10 s timeout), or writes
# anything outside micoach's own data directory.
# Runs the sanitizer build when there is one.
. "$MICOACH_SRC/tests/faults/lib.sh"
BIN=${MICOACH_SAN:-$MICOACH}
H="$MICOACH_SRC/tests/hostile"
G="$T/gen"        # inputs made at test time
O="$T/out"        # what the runs printed
W="$T/cwd"        # the runs' working directory: must stay empty
export TMPDIR="$T/tmp"
mkdir -p "$G" "$O" "$W" "$TMPDIR" "$T/db"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0"
n=0

# run EXPECTED NAME ARGS...: run micoach (10 s at most) in $W with stdin from
# /dev/null; its exit status must be one of EXPECTED (comma-separated, or
# "any" for any status below 128), with no sanitizer report.
run() {
	exp=$1 name=$2
	shift 2
	n=$((n + 1))
	(cd "$W" && timeout 10 "$BIN" "$@" </dev/null >"$O/$n.out" 2>"$O/$n.err")
	st=$?
	[ $st = 124 ] && fail "$name: hung (killed after 10 s): micoach $*"
	[ $st -ge 128 ] && { cat "$O/$n.err"; fail "$name: crashed with status $st: micoach $*"; }
	sanitizer_clean "$O/$n.err" || { cat "$O/$n.err"; fail "$name: sanitizer report: micoach $*"; }
	case ",$exp," in *",$st,"*|",any,") ;; *) cat "$O/$n.err"; fail "$name: exit status $st, expected $exp: micoach $*" ;; esac
	no_esc "$O/$n.out" || fail "$name: an ESC byte reached standard output: micoach $*"
	no_esc "$O/$n.err" || fail "$name: an ESC byte reached standard error: micoach $*"
}
# located FILE: the last run's message (validate prints its report on
# standard output, the others on standard error) names FILE.
located() { cat "$O/$n.out" "$O/$n.err" | grep -qF -- "$1" || { cat "$O/$n.out" "$O/$n.err"; fail "no message naming $1"; }; }
# located_at FILE: ... names FILE with a line and a column: "FILE:12:5: error:".
located_at() {
	cat "$O/$n.out" "$O/$n.err" | grep -F -- "$1:" | grep -qE ':[0-9]+:[0-9]+: error: ' ||
		{ cat "$O/$n.out" "$O/$n.err"; fail "no file:line:col error for $1"; }
}

snapshot() { (cd "$T" && find . -path ./out -prune -o -path ./data/micoach -prune -o -path ./db -prune -o -print | sort); }

# --- Inputs made here: too big to commit, or not files at all.
python3 - "$G" <<'EOF'
import os, random, sys
g = sys.argv[1]
r = random.Random(8)
open(os.path.join(g, "binary.yaml"), "wb").write(bytes(r.randrange(256) for _ in range(65536)))
open(os.path.join(g, "deep-flow.yaml"), "w").write("id: deep\ntitle: " + "[" * 100000 + "]" * 100000 + "\n")
open(os.path.join(g, "deep-block.yaml"), "w").write(
    "id: deep-block\ntitle: x\nnodes:\n" + "".join(" " * (2 * i) + "k%d:\n" % i for i in range(1, 3000)))
open(os.path.join(g, "long-line.yaml"), "w").write("id: long\ntitle: \"" + "x" * 3000000 + "\"\n")
open(os.path.join(g, "many-keys.yaml"), "w").write("id: keys\n" + "".join("k%d: v\n" % i for i in range(200000)))
open(os.path.join(g, "long-line.txt"), "w").write("C: hi\nP: " + "You feel stuck. " * 200000 + "\n")
open(os.path.join(g, "many-lines.txt"), "w").write("".join("C: I am fine.\nP: You feel fine.\n" for _ in range(5000)))
EOF
head -c 104857600 /dev/zero | tr '\0' 'a' >"$G/100mb.yaml"
cp "$G/100mb.yaml" "$G/100mb.txt"
mkdir "$G/a-directory.yaml"
mkfifo "$G/fifo.yaml"
ln -s /dev/zero "$G/dev-zero.yaml"
ln -s /dev/zero "$G/dev-zero.txt"
ln -s loop-self.yaml "$G/loop-self.yaml"
ln -s loop-b.yaml "$G/loop-a.yaml"
ln -s loop-a.yaml "$G/loop-b.yaml"
ln -s "$G/nowhere.yaml" "$G/dangling.yaml"
# Packs whose files are not files: a directory, a FIFO, loops, /dev/zero,
# and a directory symlink back to its parent (a walk that follows it never ends).
for p in dirpack fifopack looppack zeropack cyclepack; do
	mkdir -p "$G/packs/$p"
	cp "$MICOACH_SRC/tests/data/worked-example/pack.yaml" "$G/packs/$p/pack.yaml"
	sed -i "s/id: worked-example/id: $p/" "$G/packs/$p/pack.yaml"
done
mkdir "$G/packs/dirpack/scenario.yaml"
mkfifo "$G/packs/fifopack/scenario.yaml"
ln -s b.yaml "$G/packs/looppack/a.yaml"
ln -s a.yaml "$G/packs/looppack/b.yaml"
ln -s /dev/zero "$G/packs/zeropack/scenario.yaml"
cp "$MICOACH_SRC/tests/data/worked-example/knee-walking.yaml" "$G/packs/cyclepack/"
ln -s .. "$G/packs/cyclepack/up"
ln -s . "$G/packs/cyclepack/here"

printf 'It sounds like you are fed up.\n\033[2J\033]0;pwned\007You feel \302\233 \033]8;;http://x/\033\\that\033]8;;\033\\.\n/hint\n' >"$G/replies"
# Replies that are not text, or far too long: refused with a word, not saved.
printf 'You feel \377\376 torn.\n/\033[2J\n' >>"$G/replies"
python3 -c "print('You feel ' + 'very ' * 200000 + 'tired.')" >>"$G/replies"

before=$(snapshot)

# --- Scenario files: each one refused with a located error, exit 65 (66 when
# the path names nothing readable as a scenario file at all).
for f in "$H"/scenarios/*.yaml "$G"/*.yaml; do
	case "$f" in
	*/a-directory.yaml|*/fifo.yaml|*/dev-zero.yaml|*/loop-*.yaml|*/dangling.yaml) exp=65,66,74 ;;
	*) exp=65 ;;
	esac
	run $exp "validate $(basename "$f")" validate "$f"
	located "$f"
	case "$f" in "$H"/*) located_at "$f" ;; esac
	run $exp "validate --strict $(basename "$f")" validate --strict "$f"
done
pass "validate refuses every hostile scenario file with a located error"

# --- Pack directories: the catalog skips what is broken (and says where),
# keeps the rest, and never follows a loop.
for d in "$H/scenarios" "$G" "$G/packs" "$G/packs/"*; do
	run 0,65,66,74 "validate $(basename "$d")/" validate "$d"
	run any "list --scenarios $(basename "$d")/" --scenarios "$d" list
	run 0,66 "practice --scenarios $(basename "$d")/" --scenarios "$d" practice knee-walking --plain --db "$T/db/h.db"
done
run 0 "cyclepack still lists its scenario" --scenarios "$G/packs/cyclepack" list
grep -q knee-walking "$O/$n.out" || fail "a pack with a directory loop lost its good scenario"
pass "pack directories with directories, FIFOs, /dev/zero and loops in them"

# --- Terminal escape sequences in scenario text: loaded, but inert in plain
# mode (run() checks that no ESC byte is printed), in the list, the graph and
# the validator's output; and in replies, stored and shown again.
run 0 "validate escapes pack" validate --strict "$H/packs/escapes"
run 0 "list escapes pack" --scenarios "$H/packs" list
grep -q '\^\[\[2J' "$O/$n.out" || fail "the escape in the title is not shown as ^["
run 0 "graph escapes pack" --scenarios "$H/packs" graph escape-knee
(cd "$W" && timeout 10 "$BIN" --scenarios "$H/packs" practice escape-knee --plain --seed 1 --db "$T/db/esc.db" \
	<"$G/replies" >"$O/practice.out" 2>"$O/practice.err")
st=$?
[ $st = 0 ] || { cat "$O/practice.err"; fail "practice with escapes: exit $st"; }
sanitizer_clean "$O/practice.err" || { cat "$O/practice.err"; fail "practice with escapes: sanitizer report"; }
no_esc "$O/practice.out" || fail "practice: an ESC byte from the scenario or a reply reached the terminal"
grep -q '^  Coded:' "$O/practice.out" || fail "practice with escapes did not answer"
assert_contains "$O/practice.out" "not valid UTF-8"
assert_contains "$O/practice.out" "longer than"
[ "$(sql "$T/db/esc.db" 'select count(*) from turns')" = 2 ] || fail "a refused reply was saved as a turn"
run 0 "history with escaped replies" history --db "$T/db/esc.db"
run 0 "show with escaped replies" show 1 --db "$T/db/esc.db"
grep -qF 'pwned' "$O/$n.out" || fail "show does not print the stored reply"
C1_OK=1
run 0 "show --json with escaped replies" show 1 --json --db "$T/db/esc.db"
C1_OK=
python3 -c "import json, sys; json.load(open(sys.argv[1]))" "$O/$n.out" || fail "show --json is not JSON"
pass "escape sequences in scenario text and replies are printed inert"

# --- Transcripts: a located error (exit 65) or an inert table.
for f in "$H"/transcripts/* "$G"/*.txt; do
	case "$f" in
	*/escapes.txt|*/crlf.txt|*/empty-utterances.txt|*/long-line.txt|*/many-lines.txt) exp=0,65 ;;
	*/dev-zero.txt|*/100mb.txt) exp=65,66,74 ;;
	*) exp=65 ;;
	esac
	run $exp "code $(basename "$f")" code "$f"
	[ $st = 0 ] || located "$f"
	case "$f" in */invalid-utf8.txt|*/nul-byte.txt|*/binary.txt) located_at "$f" ;; esac
	C1_OK=1
	run $exp "code --json $(basename "$f")" code --json "$f"
	C1_OK=
	if [ $st = 0 ]; then
		python3 -c "
import json, sys
for line in open(sys.argv[1]):
    json.loads(line)" "$O/$n.out" || fail "code --json $(basename "$f"): not one JSON object a line"
	fi
done
run 0 "code escapes.txt shows the reply" code "$H/transcripts/escapes.txt"
grep -qF '^[[31mdrinking' "$O/$n.out" || fail "the escape in a transcript reply is not shown as ^["
(cd "$W" && timeout 10 "$BIN" code <"$H/transcripts/binary.txt" >"$O/stdin.out" 2>"$O/stdin.err")
st=$?
[ $st = 65 ] || fail "code on binary standard input: exit $st, expected 65"
# A named pipe is a fine FILE for `code` (micoach code <(...)); one that
# streams binary data is refused like a file, not read for ever.
mkfifo "$T/pipe.txt"
head -c 1000000 /dev/urandom >"$T/pipe.txt" &
(cd "$W" && timeout 10 "$BIN" code "$T/pipe.txt" >"$O/pipe.out" 2>"$O/pipe.err")
st=$?
wait
rm -f "$T/pipe.txt"
[ $st = 65 ] || fail "code on a pipe of binary data: exit $st, expected 65"
pass "code refuses or renders inert every hostile transcript"

# --- Nothing was written outside micoach's own data directory.
after=$(snapshot)
[ "$before" = "$after" ] || {
	echo "$before" >"$O/before"; echo "$after" >"$O/after"; diff "$O/before" "$O/after"
	fail "files appeared or vanished outside micoach's data directory"
}
[ -z "$(ls -A "$W")" ] || fail "files written in the working directory: $(ls -A "$W")"
[ -z "$(ls -A "$TMPDIR")" ] || fail "files left in TMPDIR: $(ls -A "$TMPDIR")"
[ ! -e "$HOME/.local" ] || fail "something was written under HOME/.local although XDG_DATA_HOME is set"
pass "$n runs; nothing written outside micoach's own files"
