#!/bin/sh
# Check that the Debian packages named on the command line are installed.
# As root, install the missing ones with apt-get (after apt-get update, since a
# fresh machine may have empty package lists); otherwise name the command.
missing=
for p in "$@"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "micoach: installing missing packages:$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >/dev/null && apt-get install -y -qq $missing >/dev/null && exit 0
	echo "micoach: apt-get could not install:$missing" >&2
	exit 1
fi
echo "micoach: missing Debian packages:$missing" >&2
echo "Install them with: sudo apt-get update && sudo apt-get install$missing" >&2
exit 1
