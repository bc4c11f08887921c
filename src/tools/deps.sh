#!/bin/sh
# Check that the Debian packages named on the command line are installed.
# As root, install the missing ones with apt-get (after apt-get update, since a
# fresh machine may have empty package lists); otherwise name the command.
# "clang-rt" stands for the compiler runtime (libFuzzer, sanitizers) of the
# clang Debian ships: libclang-rt-14-dev on Debian 12, libclang-rt-19-dev on
# Debian 13; it is resolved after clang itself is in place.
installed() {
	dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}
as_root() { [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; }
updated=
install() {
	echo "micoach: installing missing packages:$*"
	export DEBIAN_FRONTEND=noninteractive
	if [ -z "$updated" ]; then
		apt-get update -qq >/dev/null || { echo "micoach: apt-get update failed" >&2; return 1; }
		updated=1
	fi
	apt-get install -y -qq "$@" >/dev/null && return 0
	echo "micoach: apt-get could not install:$*" >&2
	return 1
}
# The clang major version: from the installed compiler, else from what the
# clang package depends on (clang-14, clang-19...).
clang_major() {
	v=$(clang --version 2>/dev/null | sed -n 's/.*clang version \([0-9][0-9]*\).*/\1/p' | head -1)
	[ -n "$v" ] || v=$(apt-cache depends clang 2>/dev/null | sed -n 's/.*Depends: clang-\([0-9][0-9]*\).*/\1/p' | head -1)
	echo "$v"
}

missing= want_rt=
for p in "$@"; do
	if [ "$p" = clang-rt ]; then
		want_rt=1
		continue
	fi
	# nodejs from elsewhere (NodeSource) bundles npm: the command is enough.
	[ "$p" = npm ] && command -v npm >/dev/null 2>&1 && continue
	installed "$p" || missing="$missing $p"
done
if [ -n "$missing" ]; then
	if as_root; then
		install $missing || exit 1
	else
		echo "micoach: missing Debian packages:$missing" >&2
		echo "Install them with: sudo apt-get update && sudo apt-get install$missing" >&2
		exit 1
	fi
fi
[ -n "$want_rt" ] || exit 0
major=$(clang_major)
if [ -z "$major" ]; then
	echo "micoach: cannot tell which clang Debian ships; install clang and its libclang-rt-N-dev" >&2
	exit 1
fi
rt=libclang-rt-$major-dev
installed "$rt" && exit 0
if as_root; then
	install "$rt" || exit 1
	exit 0
fi
echo "micoach: missing Debian package: $rt (the clang $major runtime, for libFuzzer)" >&2
echo "Install it with: sudo apt-get update && sudo apt-get install $rt" >&2
exit 1
