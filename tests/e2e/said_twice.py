#!/usr/bin/env python3
"""No client line said twice in a session (tests/e2e/test_library_*.sh).

usage: said_twice.py SCENARIO.yaml LINES
LINES holds the client's turns, one a line (the client's name cut off). A
turn is the scenario's lines joined by one space: each turn is split back
into the scenario's lines (the `text: "..."` entries of the file), longest
first, and a line found in two places is named. Exits 0 when none is, else 1.
"""
import json, re, sys
texts = set()
for line in open(sys.argv[1], encoding="utf-8"):
    m = re.match(r'\s*(?:- )?text:\s*(".*")\s*$', line)
    if m:
        texts.add(json.loads(m.group(1)))
ordered = sorted(texts, key=len, reverse=True)
seen, bad = {}, []
for n, turn in enumerate(open(sys.argv[2], encoding="utf-8"), 1):
    turn, pos = turn.rstrip("\n"), 0
    while pos < len(turn):
        for t in ordered:
            if turn.startswith(t, pos):
                break
        else:
            t = turn[pos:]          # not a scenario line: keep the rest whole
        if t in seen:
            bad.append("%r (turns %d and %d)" % (t, seen[t], n))
        seen[t] = n
        pos += len(t)
        while pos < len(turn) and turn[pos] == " ":
            pos += 1
for b in bad:
    print("said twice:", b, file=sys.stderr)
sys.exit(1 if bad else 0)
