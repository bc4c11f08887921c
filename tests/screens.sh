#!/bin/sh
# The main screens of the curses front end as exact text, and the page that
# shows them. Plays tests/screens/tour.keys in dump mode (MICOACH_SCREEN_DUMP,
# docs/screens.md) at 100x30 on a throwaway database holding one assignment,
# and tests/screens/tour-talk.keys on the worked example (format 2), then
# builds docs/screens.md from tests/screens/screens.md.in, each
# "@screen NAME" line there replaced by the dump NAME.txt.
#   sh tests/screens.sh [BINARY]          write tests/screens/*.txt and
#                                         docs/screens.md (make screens)
#   sh tests/screens.sh --check [BINARY]  compare them instead: print the
#                                         difference and exit 1 when a screen
#                                         or the page is not what is kept
# BINARY defaults to ./micoach. Touches nothing outside the tree but a
# temporary directory.
set -eu
check=0
[ "${1:-}" = --check ] && { check=1; shift; }
src=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$src/micoach}
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
[ -x "$bin" ] || { echo "screens.sh: no binary at $bin (run make first)" >&2; exit 66; }
kept=$src/tests/screens
tmp=$(mktemp -d "${TMPDIR:-/tmp}/micoach-screens.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/home" "$tmp/dumps"
run() {
	env -u NO_COLOR MICOACH_SRC="$src" XDG_DATA_HOME="$tmp/data" HOME="$tmp/home" LANG=C.UTF-8 LC_ALL=C.UTF-8 \
		"$bin" --user trainee --db "$tmp/t.db" --scenarios "$src/scenarios" "$@"
}

# A trainer's assignment, due a week after the date dump mode shows
# (2026-01-15), as a trainee would have added it.
run assign primary-care --due 2026-01-22 --mode exam --pass rq_ratio=1,no_codes=CONF \
	--id week3 --title "Week 3: drinking and smoking" -o "$tmp/week3.yaml" >"$tmp/log" 2>&1 &&
	run assignment add "$tmp/week3.yaml" >>"$tmp/log" 2>&1 ||
	{ cat "$tmp/log" >&2; echo "screens.sh: could not add the example assignment" >&2; exit 70; }

rc=0
MICOACH_SCREEN_DUMP="$tmp/dumps" run <"$kept/tour.keys" >"$tmp/log" 2>&1 || rc=$?
[ $rc = 0 ] || { cat "$tmp/log" >&2; echo "screens.sh: the tour ended with status $rc, not by quitting" >&2; exit 70; }
# The worked example's client: thoughts, change talk, the client talk summary.
mkdir -p "$tmp/packs"
cp -r "$src/tests/data/worked-example" "$tmp/packs/"
MICOACH_SCREEN_DUMP="$tmp/dumps" env -u NO_COLOR XDG_DATA_HOME="$tmp/data" HOME="$tmp/home" LANG=C.UTF-8 \
	LC_ALL=C.UTF-8 "$bin" --user trainee --db "$tmp/talk.db" --scenarios "$tmp/packs" practice knee-walking \
	<"$kept/tour-talk.keys" >"$tmp/log" 2>&1 || rc=$?
[ $rc = 0 ] || { cat "$tmp/log" >&2; echo "screens.sh: the second tour ended with status $rc, not by quitting" >&2; exit 70; }

# The page: the template with each screen spliced in.
awk -v dir="$tmp/dumps" '
/^@screen [A-Za-z0-9_-]+$/ {
	f = dir "/" $2 ".txt"
	print "```text"
	n = 0
	while ((getline line < f) > 0) { print line; n++ }
	close(f)
	if (!n) { print "screens.sh: no dump " $2 > "/dev/stderr"; exit 70 }
	print "```"
	next
}
{ print }' "$kept/screens.md.in" >"$tmp/screens.md"

if [ $check = 1 ]; then
	bad=0
	names=$( (ls "$tmp/dumps"; cd "$kept" && ls -- *.txt 2>/dev/null) | sort -u)
	for name in $names; do
		if [ ! -f "$tmp/dumps/$name" ]; then
			echo "screens.sh: tests/screens/$name is no longer dumped"; bad=1
		elif [ ! -f "$kept/$name" ]; then
			echo "screens.sh: tests/screens/$name is new"; bad=1
		elif ! cmp -s "$kept/$name" "$tmp/dumps/$name"; then
			diff -u --label "tests/screens/$name (kept)" --label "$name (now)" "$kept/$name" "$tmp/dumps/$name" || :
			bad=1
		fi
	done
	if ! cmp -s "$src/docs/screens.md" "$tmp/screens.md"; then
		diff -u --label "docs/screens.md (kept)" --label "docs/screens.md (now)" "$src/docs/screens.md" "$tmp/screens.md" | head -60 || :
		bad=1
	fi
	[ $bad = 0 ] || { echo "screens.sh: the screens changed; when that is on purpose, 'make screens' and commit"; exit 1; }
	echo "screens.sh: every screen as kept ($(echo $names | wc -w) dumps and docs/screens.md)"
	exit 0
fi
rm -f "$kept"/*.txt
cp "$tmp"/dumps/*.txt "$kept/"
cp "$tmp/screens.md" "$src/docs/screens.md"
echo "screens.sh: wrote $(ls "$tmp"/dumps | wc -l) screens to tests/screens/ and docs/screens.md;" \
	"'git diff' shows what changed"
