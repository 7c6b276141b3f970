#!/bin/sh
# Check the build dependencies; install the missing Debian packages when
# running as root with apt-get, else name them in one line and fail.
missing=""
[ -f /usr/include/csv.h ] || missing="$missing libcsv-dev"
[ -f /usr/include/cmocka.h ] || missing="$missing libcmocka-dev"
command -v bats >/dev/null 2>&1 || missing="$missing bats"
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "deps: installing$missing"
	{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	    apt-get install -y -qq $missing; } >/dev/null 2>&1 && exit 0
fi
echo "deps: missing packages:$missing (run: sudo apt-get install$missing)" >&2
exit 1
