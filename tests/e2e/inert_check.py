#!/usr/bin/env python3
"""inert_check.py LABEL FILE...: exit 1 (and say where) when a file holds a
character a terminal acts on: a C0 control but newline and tab (a carriage
return only before a newline, as CSV ends its lines), DEL, a C1 control
(U+0080 to U+009F, or the raw byte 0x80 to 0x9F outside UTF-8), a bidi
embedding, override or isolate (U+202A to U+202E, U+2066 to U+2069), or a
line or paragraph separator (U+2028, U+2029). Used by test_inert_output.sh."""
import sys


def bad(ch, nxt):
    o = ord(ch)
    if 0xDC80 <= o <= 0xDC9F:  # a lone byte 0x80..0x9f (surrogateescape)
        return True
    if o < 0x20:
        return not (ch in "\n\t" or (ch == "\r" and nxt == "\n"))
    return o == 0x7F or 0x80 <= o <= 0x9F or 0x202A <= o <= 0x202E or 0x2066 <= o <= 0x2069 or o in (0x2028, 0x2029)


def main():
    label, found = sys.argv[1], 0
    for path in sys.argv[2:]:
        text = open(path, "rb").read().decode("utf-8", "surrogateescape")
        for i, ch in enumerate(text):
            if bad(ch, text[i + 1] if i + 1 < len(text) else ""):
                found += 1
                if found <= 5:
                    line = text.count("\n", 0, i) + 1
                    ctx = text[max(0, i - 30):i + 10].encode("unicode_escape", "backslashreplace").decode()
                    print(f"{label}: {path}:{line}: U+{ord(ch) if ord(ch) < 0xDC00 else ord(ch) - 0xDC00:04X} raw in: {ctx}")
    if found > 5:
        print(f"{label}: ... {found} in all")
    return 1 if found else 0


sys.exit(main())
