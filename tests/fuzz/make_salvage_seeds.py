#!/usr/bin/env python3
"""Seeds for tests/fuzz/fuzz_salvage.c: small SQLite files (512-byte pages)
with the target's tables, written to tests/fuzz/corpus/fuzz_salvage/:
whole; with the root page of turns damaged; with the header page damaged;
and in WAL mode with every row still in the -wal file. Each seed is a
4-byte little-endian length of the database file, the file, then its log.
Run: python3 tests/fuzz/make_salvage_seeds.py"""
import os
import shutil
import sqlite3
import struct
import tempfile

OUT = os.path.join(os.path.dirname(__file__), "corpus", "fuzz_salvage")
SCHEMA = """
CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL, created TEXT NOT NULL);
CREATE INDEX users_by_name ON users(name);
CREATE TABLE turns (id INTEGER PRIMARY KEY, session INTEGER NOT NULL, reply TEXT NOT NULL,
                    score REAL, extra);
CREATE TABLE turn_codes (turn INTEGER NOT NULL, code TEXT NOT NULL,
                         PRIMARY KEY (turn, code)) WITHOUT ROWID;
"""


def fill(db):
    for statement in SCHEMA.split(";"):
        if statement.strip():
            db.execute(statement)
    for i in range(1, 31):
        db.execute("INSERT INTO users(name, created) VALUES (?, ?)", (f"user {i}", "2026-01-01T00:00:00Z"))
    for i in range(1, 61):
        reply = ("a long reply " * 250) if i in (7, 40) else f"reply {i}: it sounds like you want a change"
        db.execute("INSERT INTO turns(session, reply, score, extra) VALUES (?, ?, ?, ?)",
                   (i % 9, reply, i / 4, b"\x00\x01" if i % 5 == 0 else None))
        for code in ("CR", "OQ"):
            db.execute("INSERT INTO turn_codes VALUES (?, ?)", (i, code))


def seed(name, dbfile, walfile=None):
    data = open(dbfile, "rb").read()
    wal = open(walfile, "rb").read() if walfile and os.path.exists(walfile) else b""
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(struct.pack("<I", len(data)) + data + wal)


def damage(src, dst, page, n):
    shutil.copy(src, dst)
    with open(dst, "r+b") as f:
        f.seek((page - 1) * 512)
        f.write(b"\xff" * n)


def main():
    os.makedirs(OUT, exist_ok=True)
    tmp = tempfile.mkdtemp()
    path = os.path.join(tmp, "s.db")
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA page_size = 512")
    db.execute("PRAGMA journal_mode = DELETE")
    fill(db)
    root = db.execute("SELECT rootpage FROM sqlite_master WHERE name = 'turns'").fetchone()[0]
    db.close()
    seed("whole", path)
    damage(path, path + ".root", root, 40)
    seed("turns-root-damaged", path + ".root")
    damage(path, path + ".hdr", 1, 120)
    seed("header-damaged", path + ".hdr")

    wpath = os.path.join(tmp, "w.db")
    db = sqlite3.connect(wpath, isolation_level=None)
    db.execute("PRAGMA page_size = 512")
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA wal_autocheckpoint = 0")
    db.execute("BEGIN")
    fill(db)
    db.execute("COMMIT")
    shutil.copy(wpath, wpath + ".copy")
    shutil.copy(wpath + "-wal", wpath + ".copy-wal")
    db.close()
    seed("rows-in-wal", wpath + ".copy", wpath + ".copy-wal")
    shutil.rmtree(tmp)


main()
