#!/bin/sh
# make install (into DESTDIR, a temporary directory) installs the binary,
# the man page, the coder's model, the bundled packs and, for authors
# (issue 17), the worked example of docs/scenario-format.md, the JSON
# Schemas its modelines name, and the docs, all under $(PREFIX)/share/micoach;
# make uninstall removes them.
. "$(dirname "$0")/lib.sh"
cd "$MICOACH_SRC" || fail "no source tree"
: "${MICOACH_BUILD:=$MICOACH_SRC/build}"
R="$T/root"
make -s install DESTDIR="$R" B="$MICOACH_BUILD" >"$T/out" 2>&1 || { cat "$T/out"; fail "make install"; }
S="$R/usr/local/share/micoach"
for f in "$R/usr/local/bin/micoach" "$R/usr/local/share/man/man1/micoach.1" "$S/data/coder.model" \
	"$S/scenarios/primary-care/pack.yaml" "$S/scenario.schema.json" "$S/pack.schema.json" \
	"$S/worked-example/pack.yaml" "$S/worked-example/knee-walking.yaml" \
	"$S/doc/scenario-format.md" "$S/doc/trainer-guide.md" "$S/doc/README.md"; do
	[ -s "$f" ] || fail "make install did not install $f"
done
# The installed example is the guide's, and its modelines name the
# installed schemas.
for f in pack knee-walking; do
	sed '/^# yaml-language-server/d' "$S/worked-example/$f.yaml" >"$T/a"
	sed '/^# yaml-language-server/d' "tests/data/worked-example/$f.yaml" >"$T/b"
	cmp -s "$T/a" "$T/b" || fail "the installed $f.yaml differs from the worked example"
	schema=$(sed -n '1s/^# yaml-language-server: \$schema=//p' "$S/worked-example/$f.yaml")
	[ -s "$S/worked-example/$schema" ] || fail "$f.yaml's modeline names '$schema', not an installed file"
done
cmp -s "$S/scenario.schema.json" docs/scenario.schema.json || fail "the installed schema differs"
"$MICOACH" validate --strict "$S/worked-example" >"$T/out" 2>&1 || { cat "$T/out"; fail "the installed worked example does not validate"; }
assert_contains "$T/out" "0 errors, 0 warnings"
pass "make install installs the worked example, the schemas and the docs under share/micoach"
make -s uninstall DESTDIR="$R" B="$MICOACH_BUILD" >"$T/out" 2>&1 || { cat "$T/out"; fail "make uninstall"; }
[ ! -e "$S" ] && [ ! -e "$R/usr/local/bin/micoach" ] || fail "make uninstall left files"
pass "make uninstall removes them"
