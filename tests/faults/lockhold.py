#!/usr/bin/env python3
"""Hold a database's write lock from another process, as another program would.

usage: lockhold.py DB READY RELEASE [exclusive]
Takes the lock (BEGIN IMMEDIATE; with `exclusive`, locking_mode EXCLUSIVE so
that even readers are shut out), creates the file READY, and holds the lock
until the file RELEASE exists (at most LOCKHOLD_MAX_S seconds, 60 unless
set), then lets go without writing.
"""
import os
import sqlite3
import sys
import time

db, ready, release = sys.argv[1:4]
exclusive = len(sys.argv) > 4 and sys.argv[4] == "exclusive"
con = sqlite3.connect(db, isolation_level=None, timeout=10)
if exclusive:
    con.execute("PRAGMA locking_mode = EXCLUSIVE")
    con.execute("BEGIN EXCLUSIVE")
    con.execute("SELECT count(*) FROM sqlite_master").fetchall()
else:
    con.execute("BEGIN IMMEDIATE")
open(ready, "w").close()
deadline = time.monotonic() + float(os.environ.get("LOCKHOLD_MAX_S", "60"))
while not os.path.exists(release) and time.monotonic() < deadline:
    time.sleep(0.02)
con.execute("ROLLBACK")
con.close()
