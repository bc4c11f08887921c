# The main screens, exactly: tests/screens.sh --check plays the tour
# (tests/screens/tour.keys) in dump mode at 100x30 and compares every
# screen, cell for cell, with tests/screens/*.txt, and docs/screens.md with
# the page made from them. When a screen changes on purpose: make screens.
. "$(dirname "$0")/lib.sh"
sh "$MICOACH_SRC/tests/screens.sh" --check "$MICOACH" >"$T/out" 2>&1 || { cat "$T/out"; fail "a screen is not as kept"; }
cat "$T/out"
pass "home, picker, practice, summary, history, replay, help and the small screen as kept"
