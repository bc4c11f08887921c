# The review commands on a real database made by real plain-mode practice
# sessions: history, show, progress, export, retry + compare, rescore. JSON
# and CSV are parsed back with python3's json and csv modules.
. "$(dirname "$0")/lib.sh"
db="$T/review.db"
S="--scenarios $MICOACH_SRC/scenarios"
export USER=ana
m() { "$MICOACH" $S --db "$db" "$@"; }
py() { python3 -c "$1" "$T"; }

# Three sessions: two of alcohol-gp (3 replies, then 2 replies) and one by
# another user. One reply carries a terminal escape sequence, one a comma and
# quotes (CSV quoting).
esc=$(printf 'You feel \033[31mjudged\033[0m by the test.')
printf '%s\n' "You feel it's unfair to be singled out." "$esc" 'He said "no, not again", and left.' /quit |
	m practice alcohol-gp --seed 1 >"$T/p1" 2>&1; assert_status 0 $? "practice 1"
printf '%s\n' "What brings you here today?" "It's really up to you what you do." /quit |
	m practice alcohol-gp --seed 2 >"$T/p2" 2>&1; assert_status 0 $? "practice 2"
printf '%s\n' "You should just stop drinking." /quit |
	m --user ben practice alcohol-gp --seed 3 >"$T/p3" 2>&1; assert_status 0 $? "practice 3 (ben)"

# history: newest first, only ana's sessions unless --all-users.
m history >"$T/h" 2>"$T/err"; assert_status 0 $? "history"
assert_contains "$T/h" "alcohol-gp"
assert_not_contains "$T/h" "ben"
m history --json >"$T/h.json"; assert_status 0 $? "history --json"
py 'import json,sys
h = json.load(open(sys.argv[1] + "/h.json"))
assert [s["id"] for s in h] == [2, 1], h
assert [s["turns"] for s in h] == [2, 3], [s["turns"] for s in h]
for s in h:
    assert s["user"] == "ana" and s["scenario"] == "alcohol-gp" and s["outcome"] == "quit", s
    assert s["pack"] == "primary-care" and s["pack_version"] and s["coder_version"], s
    sk = s["scores"]["skills"]
    assert set(sk) == {"empathy", "reflection", "discrepancy", "self_efficacy"}, sk
    assert all(0 <= v <= 100 for v in sk.values()), sk
    assert s["retry_of"] is None
' || fail "history --json"
m history --all-users --csv >"$T/h.csv"; assert_status 0 $? "history --csv"
py 'import csv,sys
rows = list(csv.DictReader(open(sys.argv[1] + "/h.csv", newline="")))
assert [r["id"] for r in rows] == ["3", "2", "1"], rows
assert rows[0]["user"] == "ben" and rows[0]["turns"] == "1", rows[0]
assert rows[2]["turns"] == "3" and rows[2]["outcome"] == "quit"
assert all(r["overall"].isdigit() for r in rows)
' || fail "history --csv"
m history --scenario no-such --json >"$T/h0.json"; assert_status 0 $? "history filtered to nothing"
py 'import json,sys; assert json.load(open(sys.argv[1] + "/h0.json")) == []' || fail "filter"
m history --since 2999-01-01 --json --all-users >"$T/h0.json"
py 'import json,sys; assert json.load(open(sys.argv[1] + "/h0.json")) == []' || fail "--since"
m history --since 2000-01-01 --limit 1 --json >"$T/h1.json"
py 'import json,sys; h = json.load(open(sys.argv[1] + "/h1.json")); assert [s["id"] for s in h] == [2], h' || fail "--limit"
m history --pack primary-care --offset 1 --json >"$T/h1.json"
py 'import json,sys; h = json.load(open(sys.argv[1] + "/h1.json")); assert [s["id"] for s in h] == [1], h' || fail "--offset"
m history --since yesterday >"$T/out" 2>"$T/err"; assert_status 64 $? "bad --since"
assert_contains "$T/err" "not a date"
m history --bogus >"$T/out" 2>"$T/err"; assert_status 64 $? "unknown history option"

# show: the whole session, stored text inert.
m show 1 >"$T/s1"; assert_status 0 $? "show"
assert_contains "$T/s1" "You feel it's unfair to be singled out."
assert_contains "$T/s1" "Tip:"
assert_contains "$T/s1" "Meters:"
assert_contains "$T/s1" "Summary"
py 'import sys
out = open(sys.argv[1] + "/s1", "rb").read()
assert b"\x1b" not in out, "raw escape reached the terminal"
assert b"^[[31mjudged" in out, "escape not shown inert"
' || fail "show prints stored text inert"
m show 1 --json >"$T/s1.json"; assert_status 0 $? "show --json"
py 'import json,sys
d = json.load(open(sys.argv[1] + "/s1.json"))
t = d["turns"]
assert [x["turn"] for x in t] == [1, 2, 3], t
assert t[1]["reply"] == "You feel \x1b[31mjudged\x1b[0m by the test.", t[1]["reply"]
assert t[2]["reply"] == "He said \"no, not again\", and left."
for x in t:
    assert x["primary"] == x["codes"][0] and x["tip"] and x["client"], x
    assert set(x["meters"]) >= {"resistance"}, x["meters"]
    for c in x["cues"]:
        assert c["text"] and c["text"] in x["reply"], c
assert d["summary"]["replies"] == 3
assert d["session"]["id"] == 1 and d["session"]["turns"] == 3
' || fail "show --json"
m show 99 >"$T/out" 2>"$T/err"; assert_status 66 $? "show of a missing session"
assert_contains "$T/err" "no session 99"
m show one >"$T/out" 2>"$T/err"; assert_status 64 $? "show of a bad id"

# export: JSON sessions with turns, CSV one row a turn with exact text.
m export >"$T/e.json"; assert_status 0 $? "export"
py 'import json,sys
d = json.load(open(sys.argv[1] + "/e.json"))
assert d["format"] == "micoach-export" and d["version"] == 1 and d["user"] == "ana"
assert [s["id"] for s in d["sessions"]] == [1, 2]
assert [len(s["turns"]) for s in d["sessions"]] == [3, 2]
' || fail "export json"
m export --format csv --all-users -o "$T/e.csv"; assert_status 0 $? "export csv"
[ "$(stat -c %a "$T/e.csv")" = 600 ] || fail "export file is not private"
py 'import csv,sys
rows = list(csv.DictReader(open(sys.argv[1] + "/e.csv", newline="", encoding="utf-8")))
assert len(rows) == 6, len(rows)
assert [(r["session"], r["turn"]) for r in rows][:3] == [("1", "1"), ("1", "2"), ("1", "3")]
assert rows[2]["reply"] == "He said \"no, not again\", and left.", rows[2]["reply"]
assert rows[1]["reply"] == "You feel ^[[31mjudged^[[0m by the test.", rows[1]["reply"]  # inert in CSV
assert "\x1b" not in open(sys.argv[1] + "/e.csv", encoding="utf-8").read()
assert rows[5]["user"] == "ben" and rows[5]["primary"]
' || fail "export csv"
m export --format csv --table sessions >"$T/es.csv"
py 'import csv,sys; rows = list(csv.DictReader(open(sys.argv[1] + "/es.csv", newline=""))); assert [r["id"] for r in rows] == ["1", "2"], rows' || fail "export sessions table"
m export --format xml >"$T/out" 2>"$T/err"; assert_status 64 $? "bad export format"

# retry from turn 2 of session 1, then compare.
printf '%s\n' "It sounds like you're tired of being told what to do." /quit |
	m practice --retry 1:2 >"$T/p4" 2>&1; assert_status 0 $? "practice --retry"
m show 4 >"$T/s4"; assert_status 0 $? "show the retry"
assert_contains "$T/s4" "retry of session 1 from turn 2"
m show 4 --json >"$T/s4.json"
m show 1 --json >"$T/s1b.json"
py 'import json,sys
d = json.load(open(sys.argv[1] + "/s4.json"))
assert d["session"]["retry_of"] == 1 and d["session"]["retry_turn"] == 2, d["session"]
o = json.load(open(sys.argv[1] + "/s1b.json"))
assert o["retried_in"] == [4], o["retried_in"]
' || fail "retry link"
COLUMNS=100 m show 4 --compare 1 >"$T/cmp"; assert_status 0 $? "compare"
assert_contains "$T/cmp" "Session 4: alcohol-gp"
assert_contains "$T/cmp" "Session 1: alcohol-gp"
assert_contains "$T/cmp" " | "
py 'import sys; assert b"\x1b" not in open(sys.argv[1] + "/cmp", "rb").read()' || fail "compare not inert"

# progress: trend, best per scenario, a next scenario that exists.
m progress >"$T/pr"; assert_status 0 $? "progress"
assert_contains "$T/pr" "Next:"
py 'import sys; t = open(sys.argv[1] + "/pr", encoding="utf-8").read(); assert any(c in t for c in "▁▂▃▄▅▆▇█"), t' || fail "no sparkline"
m progress --json >"$T/pr.json"; assert_status 0 $? "progress --json"
m list >"$T/list"
py 'import json,sys
d = json.load(open(sys.argv[1] + "/pr.json"))
ids = [l.split("\t")[0] for l in open(sys.argv[1] + "/list")]
assert d["user"] == "ana"
assert [p["session"] for p in d["trend"]] == [1, 2, 4], d["trend"]
assert d["best"][0]["scenario"] == "alcohol-gp" and d["best"][0]["attempts"] == 3, d["best"]
assert d["best"][0]["best"] == max(p["overall"] for p in d["trend"])
w = d["weakest_skill"]
assert w in d["skills"], w
assert d["next"]["scenario"] in ids, d["next"]
' || fail "progress --json"

# rescore: the current coder again; says what changed, records the version.
m rescore 1 >"$T/r"; assert_status 0 $? "rescore"
assert_contains "$T/r" "session 1:"
m rescore --dry-run >"$T/r"; assert_status 0 $? "rescore all (dry run)"
assert_contains "$T/r" "sessions changed"
m rescore 77 >"$T/out" 2>"$T/err"; assert_status 66 $? "rescore of a missing session"

# A session killed mid-way shows as unfinished with its answered turns.
fifo="$T/in"
mkfifo "$fifo"
"$MICOACH" $S --db "$db" practice alcohol-gp --seed 5 <"$fifo" >"$T/pk" 2>&1 &
pid=$!
exec 3>"$fifo"
echo "You feel it's unfair to be singled out." >&3
echo "Part of you wants a quiet life, and part of you wonders." >&3
turns() { [ "$(sql "$db" 'select count(*) from turns where session = 5' 2>/dev/null)" = 2 ]; }
wait_until 20 turns || fail "the killed session's turns never reached the database"
kill -KILL $pid
wait $pid 2>/dev/null
exec 3>&-
m history --json >"$T/hk.json"
py 'import json,sys
h = json.load(open(sys.argv[1] + "/hk.json"))
s = [x for x in h if x["id"] == 5][0]
assert s["outcome"] is None and s["ended"] is None and s["turns"] == 2 and s["scores"] is None, s
' || fail "killed session in history"
m show 5 >"$T/s5"; assert_status 0 $? "show a killed session"
assert_contains "$T/s5" "unfinished"
[ "$(sql "$db" 'pragma integrity_check')" = ok ] || fail "integrity_check"
pass "review commands"
