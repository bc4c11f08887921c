# `micoach code`: the JSON contract (one object per practitioner utterance,
# nothing else on stdout, valid JSON with escaped strings), the readable table
# with the MITI summary, and exit 65 with a located message for malformed input.
. "$(dirname "$0")/lib.sh"

cat >"$T/session.txt" <<'TXT'
# a short session
C: I only drink at weekends, like everyone else.
P: What does a typical weekend look like for you?
C: A few pints on Friday, more on Saturday.
  Sunday I'm wrecked.
Therapist: It sounds like the weekends are costing you more than you'd like.

counsellor: You should cut down. You're in denial about it.
C: Nobody tells me what to do.
P: It's up to you. Would it be OK if I said "why" I asked?
TXT

"$MICOACH" code --json "$T/session.txt" >"$T/out" 2>"$T/err"; assert_status 0 $? "code --json"
[ ! -s "$T/err" ] || { cat "$T/err"; fail "code --json wrote to stderr"; }
python3 - "$T/out" <<'PY' || fail "JSON output breaks the contract"
import json, sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
assert lines[-1] == "", "output must end with a newline"
objs = [json.loads(l) for l in lines[:-1]]
assert [o["n"] for o in objs] == [3, 6, 8, 10], [o["n"] for o in objs]
codes = {"OQ","CQ","SR","CR","AF","SEEK","AUTO","GI","PERS","PWP","CONF","OTHER"}
for o in objs:
    assert set(o) == {"n","primary","codes","skills","nonadherent","cues","tip"}, o.keys()
    assert o["primary"] in codes and o["codes"][0] == o["primary"]
    assert set(o["codes"]) <= codes and len(set(o["codes"])) == len(o["codes"])
    assert set(o["skills"]) == {"empathy","reflection","discrepancy","self_efficacy"}
    assert all(0 <= v <= 4 for v in o["skills"].values())
    assert isinstance(o["nonadherent"], bool) and o["tip"]
    for c in o["cues"]:
        assert c["code"] in o["codes"] and c["text"]
assert objs[0]["primary"] == "OQ", objs[0]
assert objs[1]["primary"] in ("CR", "SR"), objs[1]
assert objs[2]["nonadherent"] is True and "PERS" in objs[2]["codes"] and "CONF" in objs[2]["codes"], objs[2]
assert any(c["text"] == "You should" for c in objs[2]["cues"]), objs[2]["cues"]
assert "AUTO" in objs[3]["codes"] and any(c["text"] == "up to you" for c in objs[3]["cues"]), objs[3]
PY
pass "code --json follows the contract"

"$MICOACH" code <"$T/session.txt" >"$T/table" 2>"$T/err"; assert_status 0 $? "code from stdin"
assert_contains "$T/table" "What does a typical weekend"
assert_contains "$T/table" "tip:"
assert_contains "$T/table" "reflection-to-question ratio"
assert_contains "$T/table" "MI-non-adherent: 2"
pass "code prints a table and the session summary"

printf 'C: only the client\nC: talking\n' >"$T/noprac.txt"
"$MICOACH" code --json "$T/noprac.txt" >"$T/out" 2>"$T/err"; assert_status 65 $? "no practitioner line"
assert_contains "$T/err" "noprac.txt: error: no practitioner line"
[ ! -s "$T/out" ] || fail "malformed input printed to stdout"

printf 'C: fine\nP: caf\351 au lait\n' >"$T/latin1.txt"
"$MICOACH" code --json "$T/latin1.txt" >"$T/out" 2>"$T/err"; assert_status 65 $? "invalid UTF-8"
assert_contains "$T/err" "latin1.txt:2:7: error: invalid UTF-8"

printf '\177ELF\002\001\000\000P: x\n' >"$T/binary"
"$MICOACH" code "$T/binary" >"$T/out" 2>"$T/err"; assert_status 65 $? "binary file"
assert_contains "$T/err" "binary"

"$MICOACH" code "$T/does-not-exist.txt" >"$T/out" 2>"$T/err"; assert_status 66 $? "missing file"
"$MICOACH" code --practice "$T/does-not-exist.txt" >"$T/out" 2>"$T/err"; assert_status 66 $? "missing file, --practice"
"$MICOACH" code --bogus >"$T/out" 2>"$T/err"; assert_status 64 $? "unknown option"
assert_contains "$T/err" "usage: micoach code"
pass "malformed transcripts exit 65 with a located message"

# Control characters in a reply reach the JSON only escaped: ESC, DEL and
# U+009B (the C1 CSI, which some terminals act on) included, never raw.
printf 'C: I drink at weekends.\nP: You\033\177\302\233 should stop.\nC: No.\nP: It is up\033\177\302\233 to you.\nC: Hm.\nP: It sounds\033\177\302\233 like a lot.\n' >"$T/ctl.txt"
"$MICOACH" code --json "$T/ctl.txt" >"$T/out" 2>"$T/err"; assert_status 0 $? "code --json with control characters"
python3 - "$T/out" <<'PY' || fail "control characters were not escaped"
import json, sys
raw = open(sys.argv[1], "rb").read()
assert b"\x1b" not in raw and b"\x7f" not in raw and b"\xc2\x9b" not in raw, raw
assert b"\\u001b" in raw and b"\\u007f" in raw and b"\\u009b" in raw, raw
cues = [c["text"] for l in raw.decode().splitlines() for c in json.loads(l)["cues"]]
assert any("\x1b\x7f\u009b" in c for c in cues), cues
PY
pass "code --json escapes ESC, DEL and C1 controls"

# --practice codes each reply as typed in practice, as a session does: a
# short typed argument is never read as a demonstration transcript's line.
cat >"$T/typed.txt" <<'TXT'
C: I'm clean. I'd know if I had something.
P: so what, lots of people have something and dont know it
C: Whatever.
P: you feel pretty sure youd notice if something was wrong
TXT
"$MICOACH" code --json --practice "$T/typed.txt" >"$T/out" 2>"$T/err"; assert_status 0 $? "code --json --practice"
[ ! -s "$T/err" ] || { cat "$T/err"; fail "code --practice wrote to stderr"; }
python3 - "$T/out" <<'PY' || fail "code --practice misread a typed reply"
import json, sys
objs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
assert [o["n"] for o in objs] == [2, 4], objs
assert objs[0]["primary"] == "CONF" and objs[0]["nonadherent"] is True, objs[0]
assert objs[1]["primary"] in ("SR", "CR") and objs[1]["nonadherent"] is False, objs[1]
PY
"$MICOACH" code --help >"$T/out" 2>&1; assert_status 0 $? "code --help"
assert_contains "$T/out" "--practice"
pass "code --practice reads replies as typed in practice"
