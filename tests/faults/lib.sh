# Shared by the fault tests: the end-to-end helpers (a private HOME and
# XDG_DATA_HOME under $T, assertions, wait_until), plus a few of their own.
# $MICOACH is the optimised binary, $MICOACH_SAN the sanitizer build (may be
# empty: those rounds are then skipped).
. "$MICOACH_SRC/tests/e2e/lib.sh"
: "${MICOACH_SAN:=}"
export MICOACH_SRC
# Fault tests wait on locks: keep the busy timeout short unless told otherwise.
export MICOACH_BUSY_TIMEOUT_MS="${MICOACH_BUSY_TIMEOUT_MS:-300}"

# sanitizer_clean FILE: no AddressSanitizer, LeakSanitizer or UBSan report in FILE.
sanitizer_clean() { ! grep -qE 'AddressSanitizer|LeakSanitizer|runtime error:' "$1"; }
# no_esc FILE: the file holds no ESC (0x1b) byte and, unless C1_OK is set
# (JSON output, where U+009B is legal and only terminals in 8-bit mode act
# on it), no C1 CSI (U+009B) either.
no_esc() {
	! LC_ALL=C grep -q "$(printf '\033')" "$1" &&
		{ [ -n "${C1_OK:-}" ] || ! LC_ALL=C grep -q "$(printf '\302\233')" "$1"; }
}
