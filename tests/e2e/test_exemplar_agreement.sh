# Every scenario exemplar whose `why:` names a code is coded by `micoach code
# --json` with the node's first client line as context; the coder must agree
# with the scenario's author on MI-adherent vs MI-non-adherent (the `why:`
# names PERS or CONF, a warning, advice carried by a question, or the righting
# reflex) for at least FLOOR of them. The YAML files are read with a careful
# line reader (python3 has no yaml module here): `say:` lists, then
# `- reply: "..."` followed by `why: "..."`, all double-quoted strings.
. "$(dirname "$0")/lib.sh"

FLOOR=0.85

python3 - "$MICOACH_SRC/scenarios" "$T/ex.txt" "$T/ex.meta" <<'PY' || fail "could not read the exemplars"
import json, os, re, sys

def unquote(s):
    s = s.strip()
    if s.startswith('"'):
        return json.loads(s)
    if s.startswith("'"):
        return s[1:-1].replace("''", "'")
    return s

def exemplars(path):
    """(client line, reply, why) for each exemplar; the client line is the
    first line the exemplar's node says."""
    out, client, reply, say_indent = [], "", None, None
    for line in open(path, encoding="utf-8"):
        s = line.rstrip("\n")
        body = s.lstrip()
        indent = len(s) - len(body)
        m = re.match(r"\s*say:\s*(.*)$", s)
        if m:
            if m.group(1):
                client, say_indent = unquote(m.group(1)), None
            else:
                say_indent = indent
            continue
        if say_indent is not None:
            if body.startswith("- ") and indent >= say_indent:
                v = body[2:]
                if v.startswith("text:"):
                    v = v[5:].strip()
                if v[:1] in "\"'":
                    client = unquote(v)
                say_indent = None
                continue
            if body and indent <= say_indent:
                say_indent = None
        m = re.match(r"\s*- reply:\s*(.*)$", s)
        if m:
            reply = unquote(m.group(1))
            continue
        m = re.match(r"\s*why:\s*(.*)$", s)
        if m and reply is not None:
            out.append((client, reply, unquote(m.group(1))))
            reply = None
    return out

# The codes a `why:` can name, by code or by name; the first one named is the
# exemplar's claim ("close to CONF" names none).
NAMES = [
    (r"\bPWP\b|persuad\w* with permission", "PWP"),
    (r"\bCONF\b|\bconfront\w*", "CONF"),
    (r"\bPERS\b|\bpersua\w*|\bwarning\b", "PERS"),
    (r"\bGI\b|giving information", "GI"),
    (r"\bCR\b|complex reflection|double-sided reflection", "CR"),
    (r"\bSR\b|simple reflection", "SR"),
    (r"\bAF\b|\baffirm\w*", "AF"),
    (r"\bSEEK\b|seeking collaboration", "SEEK"),
    (r"\bAUTO\b|emphasi[sz]ing autonomy", "AUTO"),
    (r"\bOQ\b|open question", "OQ"),
    (r"\bCQ\b|closed question", "CQ"),
]

def claim(why):
    why = re.sub(r"close to \w+", "", why)
    first = None
    for pat, code in NAMES:
        m = re.search(pat, why, re.I)
        if m and (first is None or m.start() < first[0]):
            first = (m.start(), code)
    if first is None:
        return None, None
    nonadherent = (first[1] in ("PERS", "CONF") or re.search(r"\bPERS\b|\bCONF\b", why) is not None or
                   re.search(r"carrying advice|(?<!without )\bpushing\b|righting reflex|confront outranks", why, re.I) is not None)
    return first[1], nonadherent

with open(sys.argv[2], "w", encoding="utf-8") as tx, open(sys.argv[3], "w", encoding="utf-8") as meta:
    n = 0
    for root, _, files in sorted(os.walk(sys.argv[1])):
        for f in sorted(files):
            if not f.endswith(".yaml"):
                continue
            for client, reply, why in exemplars(os.path.join(root, f)):
                code, nonadherent = claim(why)
                if code is None:
                    continue
                line = " ".join(reply.split())
                tx.write("C: %s\n" % " ".join(client.split()))
                n += 2
                tx.write("P: %s\n" % line)
                meta.write(json.dumps({"n": n, "file": f, "reply": line, "code": code,
                                       "nonadherent": nonadherent}) + "\n")
PY
[ "$(wc -l <"$T/ex.meta")" -ge 300 ] || fail "fewer than 300 exemplars name a code: the reader lost some"

"$MICOACH" code --json "$T/ex.txt" >"$T/ex.json" 2>"$T/err"; assert_status 0 $? "code --json on the exemplars"

python3 - "$T/ex.meta" "$T/ex.json" "$FLOOR" <<'PY' || fail "agreement with the scenario authors fell below its floor"
import json, sys
meta = {m["n"]: m for m in map(json.loads, open(sys.argv[1], encoding="utf-8"))}
coded = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8")]
assert len(coded) == len(meta), (len(coded), len(meta))
floor = float(sys.argv[3])
agree = primary = na = na_hit = 0
for d in coded:
    m = meta[d["n"]]
    agree += d["nonadherent"] == m["nonadherent"]
    primary += d["primary"] == m["code"]
    if m["nonadherent"]:
        na += 1
        na_hit += d["nonadherent"]
    if d["nonadherent"] != m["nonadherent"]:
        print("disagree: %s wants %s, coder %s %s: %s" % (m["file"], "non-adherent" if m["nonadherent"] else "adherent",
              "+".join(d["codes"]), "non-adherent" if d["nonadherent"] else "adherent", m["reply"]))
n = len(coded)
print("exemplars: %d; adherence agreement %.3f (floor %.2f); non-adherent found %d of %d; primary as named %.3f"
      % (n, agree / n, floor, na_hit, na, primary / n))
sys.exit(0 if agree / n >= floor else 1)
PY
pass "exemplar agreement"
