# Headless Chromium for the end-to-end tests that load the HTML report;
# sourced after lib.sh. `make test` installs Debian's chromium (the
# Makefile's BROWSER_DEBS); a test run without it installs it as root, or
# fails naming the package.
#   browser ERRFILE ARGS...   chromium headless, a fresh profile, its log in ERRFILE
#   console_messages ERRFILE  the page's console lines (errors, CSP refusals) in that log
#   BUILD_DIR                 where screenshots and PDFs go
find_chromium() { command -v chromium || command -v chromium-browser; }
CHROMIUM=$(find_chromium) ||
	{ sh "$MICOACH_SRC/src/tools/deps.sh" chromium fonts-dejavu-core >&2 && CHROMIUM=$(find_chromium); } ||
	fail "headless Chromium is needed: apt-get install chromium (make test installs it)"
BUILD_DIR=${MICOACH_BUILD:-$(cd "$(dirname "$MICOACH")/.." && pwd)}

browser() {
	_err=$1; shift
	_profile=$(mktemp -d "$T/chromium.XXXXXX")
	timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--disable-default-apps --disable-extensions --mute-audio --hide-scrollbars \
		--user-data-dir="$_profile" --enable-logging=stderr --v=0 "$@" 2>"$_err"
}
console_messages() { grep -F ':CONSOLE' "$1"; }
