#!/usr/bin/env python3
"""SIGKILL at random moments during scripted plain-mode practice sessions.

Each session runs `micoach practice SCENARIO --plain --db DB`, is answered
through a pipe as a person would (wait for the client, pause, type a reply,
wait for its feedback), and is killed with SIGKILL: one in eight at a random
moment of start-up, the others after k answered turns (k random) plus a random
moment, while the next reply is typed or saved. Then:

- the database passes PRAGMA integrity_check and foreign_key_check;
- it holds every turn the client saw answered: plain mode prints a turn's
  feedback ("  Coded: ...") only after the turn is committed, so the turns in
  the database are at least the "Coded:" lines captured so far (and at most one
  more: a kill between the commit and the print), and they are the replies sent,
  in order, word for word;
- the sessions practised before in the same database are untouched.

Every worker keeps one database across its sessions, as a practitioner does.
Reproducible: --seed fixes the scenarios, replies, pacing and kill moments
(the kill lands at a random point in time, so the exact interleaving still
varies with the machine's speed).
"""
import argparse
import os
import random
import sqlite3
import subprocess
import sys
import threading
import time

REPLIES = [
    "It sounds like the worry came out of nowhere for you.",
    "You feel singled out, and that doesn't seem fair.",
    "What would you like to be different a year from now?",
    "You've managed hard changes before, all on your own.",
    "Part of you enjoys it, and part of you wonders where it is heading.",
    "It's really your decision what you do with this.",
    "How would you go about it, if you decided to?",
    "You care a lot about the people who rely on you.",
    "Would it be okay if I shared what the numbers mean?",
    "You're not sure it's worth the fuss.",
    "What might a first small step look like?",
    "You need to stop, it's obviously harming you.",
    "Why don't you just cut down?",
    "Have you tried an app?",
    "Tell me more about what a normal evening looks like.",
    "So on one hand it helps you relax, on the other you're tired of the arguments.",
    "Réponse avec des accents — and a long dash, ça va?",
    "You came here today even though you didn't have to.",
]
# Lines that are not replies: they must never become turns.
NOT_REPLIES = ["", "/hint", "/help", "/nope"]


def db_state(db):
    """(integrity, fk problems, {session id: [replies in order]}, {session id: outcome})."""
    if not os.path.exists(db):
        return "ok", 0, {}, {}
    con = sqlite3.connect("file:%s?mode=ro" % db, uri=True, timeout=10)
    try:
        integ = con.execute("PRAGMA integrity_check").fetchone()[0]
        fk = len(con.execute("PRAGMA foreign_key_check").fetchall())
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        sessions, outcomes = {}, {}
        if "sessions" in tables:
            for sid, outcome in con.execute("SELECT id, outcome FROM sessions ORDER BY id"):
                sessions[sid] = []
                outcomes[sid] = outcome
            for sid, idx, reply in con.execute("SELECT session, idx, reply FROM turns ORDER BY session, idx"):
                if idx != len(sessions[sid]) + 1:
                    integ = "session %d: turn %d out of sequence" % (sid, idx)
                sessions[sid].append(reply)
        return integ, fk, sessions, outcomes
    finally:
        con.close()


def coded(path):
    with open(path, "rb") as f:
        seen = f.read()
    return (b"Type your reply" in seen), seen.count(b"\n  Coded: ")


def feed(proc, lines, delays, out_path):
    """Answer like a person: wait for the client's line, pause, type the
    reply, wait for its feedback before the next one."""
    try:
        while proc.poll() is None and not coded(out_path)[0]:
            time.sleep(0.001)
        done = 0
        for line, d in zip(lines, delays):
            time.sleep(d)
            proc.stdin.write((line + "\n").encode())
            proc.stdin.flush()
            if line in NOT_REPLIES:
                continue
            done += 1
            while proc.poll() is None and coded(out_path)[1] < done:
                time.sleep(0.001)
        time.sleep(0.002)
        proc.stdin.close()
    except (BrokenPipeError, OSError, ValueError):
        pass


def run_one(args, db, i, startup, log):
    rng = random.Random(args.seed * 1000003 + i)
    scenario = rng.choice(args.scenario)
    n = rng.randint(1, 12)
    replies = [rng.choice(REPLIES) for _ in range(n)]
    lines = []
    for r in replies:
        if rng.random() < 0.15:
            lines.append(rng.choice(NOT_REPLIES))
        lines.append(r)
    delays = [rng.uniform(0, args.pace) for _ in lines]
    # One kill in eight lands during start-up (opening or creating the
    # database); the others after k answered turns (k random, 0..n-1), at a
    # random moment while the next reply arrives and is saved. Waiting for
    # the k-th turn on screen, not for a fixed time, keeps the kills spread
    # over the whole session however busy the machine is.
    during_startup = rng.random() < 0.125
    startup_kill = rng.uniform(0, startup)
    k = rng.randint(0, n - 1)
    extra = rng.uniform(0, args.pace + 0.01)
    before_integ, _, before, _ = db_state(db)
    if before_integ != "ok":
        return "session %d: database already damaged before it started: %s" % (i, before_integ)
    out_path = os.path.join(args.dir, "out.%d" % i)
    err_path = os.path.join(args.dir, "err.%d" % i)
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        proc = subprocess.Popen([args.bin, "practice", scenario, "--plain", "--db", db,
                                 "--seed", str(rng.randint(0, 2**32 - 1))],
                                stdin=subprocess.PIPE, stdout=out, stderr=err)
        feeder = threading.Thread(target=feed, args=(proc, lines, delays, out_path))
        feeder.start()
        t0 = time.monotonic()
        if during_startup:
            time.sleep(startup_kill)
        else:
            while proc.poll() is None and time.monotonic() - t0 < 30:
                opened, answered_now = coded(out_path)
                if opened and answered_now >= k:
                    break
                time.sleep(0.001)
            time.sleep(extra)
        kill_at = time.monotonic() - t0
        killed = proc.poll() is None
        if killed:
            proc.kill()
        rc = proc.wait()
        feeder.join()
    with open(out_path, "rb") as f:
        output = f.read().decode("utf-8", "replace")
    with open(err_path, "rb") as f:
        errors = f.read().decode("utf-8", "replace")
    answered = sum(1 for l in output.split("\n") if l.startswith("  Coded: "))
    integ, fk, after, outcomes = db_state(db)
    what = "session %d (%s, %d replies, kill at %.1f ms%s)" % (
        i, scenario, n, kill_at * 1000, "" if killed else ", ended first with status %d" % rc)
    log.append((killed, answered))
    if not killed and args.verbose:
        print("ended first: %s" % [l for l in output.split("\n") if l.startswith("Session summary")])
    if integ != "ok":
        return "%s: integrity_check: %s" % (what, integ)
    if fk:
        return "%s: %d foreign key problems" % (what, fk)
    if "AddressSanitizer" in errors or "runtime error" in errors or "LeakSanitizer" in errors:
        return "%s: sanitizer report:\n%s" % (what, errors)
    if "kept and will be saved" in errors:
        return "%s: a turn was not saved at once:\n%s" % (what, errors)
    if not killed and rc != 0:
        return "%s: exit status %d:\n%s" % (what, rc, errors)
    for sid, turns in before.items():
        if after.get(sid) != turns:
            return "%s: earlier session %d changed: %r -> %r" % (what, sid, turns, after.get(sid))
    new = [sid for sid in after if sid not in before]
    if len(new) > 1:
        return "%s: %d new sessions, expected at most one" % (what, len(new))
    stored = after[new[0]] if new else []
    if len(stored) < answered:
        return "%s: the client saw %d answered turns, the database holds %d" % (what, answered, len(stored))
    if len(stored) > answered + (1 if killed else 0):
        return "%s: the database holds %d turns, the client saw only %d" % (what, len(stored), answered)
    if stored != replies[:len(stored)]:
        return "%s: stored replies differ from those sent: %r vs %r" % (what, stored, replies[:len(stored)])
    if not killed and new and outcomes[new[0]] is None:
        return "%s: the session ended but is not marked as ended" % what
    return None


def startup_time(args):
    """Median time from exec to the client's opening line on stdout."""
    times = []
    for k in range(3):
        db = os.path.join(args.dir, "startup.db")
        t0 = time.monotonic()
        p = subprocess.Popen([args.bin, "practice", args.scenario[0], "--plain", "--db", db, "--seed", "1"],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        for line in p.stdout:
            if line.startswith(b"Type your reply"):
                break
        times.append(time.monotonic() - t0)
        p.stdin.close()
        p.stdout.read()
        p.wait()
    return sorted(times)[1]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--dir", required=True)
    ap.add_argument("--sessions", type=int, default=200)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--seed", type=int, default=8)
    ap.add_argument("--pace", type=float, default=0.012, help="longest pause between replies, seconds")
    ap.add_argument("--scenario", action="append", required=True)
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()

    startup = startup_time(args)
    failures = []
    logs = [[] for _ in range(args.jobs)]

    def worker(j):
        db = os.path.join(args.dir, "w%d.db" % j)
        for i in range(j, args.sessions, args.jobs):
            f = run_one(args, db, i, startup, logs[j])
            if f:
                failures.append(f)
                return

    threads = [threading.Thread(target=worker, args=(j,)) for j in range(args.jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    log = [x for l in logs for x in l]
    killed = [a for k, a in log if k]
    print("%d sessions (start-up %.0f ms): %d killed (%d before any answered turn, %d mid-session), "
          "%d ended before the kill; %d answered turns checked" % (
              len(log), startup * 1000, len(killed), sum(1 for a in killed if a == 0),
              sum(1 for a in killed if a > 0), len(log) - len(killed), sum(a for _, a in log)))
    for f in failures:
        print("FAIL: " + f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
