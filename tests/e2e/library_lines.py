#!/usr/bin/env python3
"""Check a session played on a bundled format-2 scenario for what the library
promises (tests/e2e/test_library_*.sh):

  - every client turn splits back into the scenario's own lines (a turn is its
    lines joined by one space), and no line is said twice in the session;
  - when the session reached an ending, its closing turn names no TOPIC (a
    word, matched whole, so 'Rob' is not 'robbing', in any case) that
    neither side said before it.

usage: library_lines.py SCENARIO.yaml SESSION.json [TOPIC...]
SESSION.json is `micoach show ID --json`. Exits 0 when both hold, else 1 with
a message naming the line or the topic. The scenario's lines are read as the
`text: "..."` entries of the file (the bundled packs write every line so), so
no YAML library is needed.
"""
import json
import re
import sys


def scenario_lines(path):
    texts = set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = re.match(r'^\s*(?:- )?text: "(.*)"\s*$', line)
            if m:
                texts.add(m.group(1).replace('\\"', '"').replace("\\\\", "\\"))
    return texts


def split_turn(turn, texts):
    """The scenario lines that, joined by spaces, make the turn, or None."""
    memo = {}

    def walk(i):
        if i == len(turn):
            return []
        if i in memo:
            return memo[i]
        memo[i] = None
        for t in sorted((t for t in texts if turn.startswith(t, i)), key=len, reverse=True):
            j = i + len(t)
            if j == len(turn) or turn[j] == " ":
                rest = walk(j + 1 if j < len(turn) else j)
                if rest is not None:
                    memo[i] = [t] + rest
                    break
        return memo[i]

    return walk(0)


def main():
    if len(sys.argv) < 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    texts = scenario_lines(sys.argv[1])
    with open(sys.argv[2], encoding="utf-8") as f:
        session = json.load(f)
    turns = session["turns"]
    if not turns:
        print("the session has no turns", file=sys.stderr)
        return 1
    client = [turns[0]["client"]] + [t["client_next"] for t in turns]
    said = {}
    for n, text in enumerate(client):
        lines = split_turn(text, texts)
        if lines is None:
            print(f"turn {n}: not made of the scenario's lines: {text!r}", file=sys.stderr)
            return 1
        for line in lines:
            if line in said:
                print(f"the client said a line twice (turns {said[line]} and {n}): {line!r}", file=sys.stderr)
                return 1
            said[line] = n
    if session["session"]["outcome"] not in ("success", "failure", "limit"):
        return 0
    before = " ".join(client[:-1] + [t["reply"] for t in turns])
    for topic in sys.argv[3:]:
        word = re.compile(r"\b" + re.escape(topic) + r"\b", re.IGNORECASE)
        if word.search(client[-1]) and not word.search(before):
            print(f"the close names '{topic}', which nobody raised: {client[-1]!r}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
