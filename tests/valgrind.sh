#!/bin/sh
# Run the command-line suite with every program under valgrind's
# memcheck (make valgrind; too slow for make check): each sm-* in
# $SM_BIN (default bin/) is replaced by a wrapper that runs it under
# valgrind with its report in a log file, so that the tests see the
# same stdout, stderr and exit status.  A run passes when its log shows
# no memory error and, when it exits 0, no leak (definitely or
# indirectly lost); a run that exits on an error may leave blocks
# behind, as STYLE.md lets such paths skip their frees.
#
#	sh tests/valgrind.sh [BATS_FILE ...]
#
# Default files: the programs' suites tests/cli/sm-*.bats, the
# bad-input suite and the conservation suite at 10 seeds a program
# (the safety suite times kills and is left out).
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
bin=$(cd "${SM_BIN:-bin}" && pwd) || exit 1
if ! command -v valgrind >/dev/null 2>&1; then
	echo "valgrind: not installed (apt-get install valgrind)" >&2
	exit 1
fi
if ! command -v bats >/dev/null 2>&1; then
	echo "valgrind: bats not installed" >&2
	exit 1
fi
w=$top/build/valgrind
rm -rf "$w"
mkdir -p "$w/bin" "$w/log" || exit 1
# The wrapper keeps the program's exit status (no --error-exitcode, so
# that the tests see what they expect) and writes it beside the log.
for p in "$bin"/sm-*; do
	n=$(basename "$p")
	cat >"$w/bin/$n" <<EOF
#!/bin/sh
valgrind --quiet --tool=memcheck --leak-check=full \\
    --show-leak-kinds=definite,indirect \\
    --errors-for-leak-kinds=definite,indirect \\
    --track-origins=yes --num-callers=30 \\
    --log-file="$w/log/$n.\$\$.log" "$p" "\$@"
rc=\$?
echo \$rc >"$w/log/$n.\$\$.status"
exit \$rc
EOF
	chmod +x "$w/bin/$n"
done

if [ $# -eq 0 ]; then
	set -- tests/cli/sm-*.bats tests/cli/bad-input.bats \
	    tests/cli/conservation.bats
fi
SM_BIN=$w/bin SM_TOP=$top SM_CONSERVATION_SEEDS=${SM_CONSERVATION_SEEDS:-10} \
    bats --tap "$@" >"$w/bats.tap" 2>&1
bats_status=$?

# A memory error fails a run whatever its status; a lost block only a
# run that succeeded (paths that exit on an error skip their frees).
memerr='Invalid (read|write|free)|uninitialised|Mismatched|overlap'
memerr="$memerr|Syscall param"
runs=$(ls "$w/log" | grep -c '\.log$')
bad=0
for f in "$w"/log/*.log; do
	[ -s "$f" ] || continue
	st=$(cat "${f%.log}.status" 2>/dev/null)
	if grep -qE "$memerr" "$f" ||
	    { [ "$st" = 0 ] && grep -qE '(definitely|indirectly) lost' "$f"; }
	then
		bad=$((bad + 1))
		echo "== exit ${st:-?}:" \
		    "$(sed -n 's/^==[0-9]*== Command: //p' "$f" | head -1)"
		grep -E 'Invalid|uninitialised|lost|ERROR SUMMARY|at 0x|by 0x' \
		    "$f" | head -20
	fi
done
grep -E '^not ok' "$w/bats.tap"
echo "valgrind: $runs runs, $bad with errors or leaks" \
    "(logs in build/valgrind/log, TAP in build/valgrind/bats.tap)"
[ "$bad" -eq 0 ]
