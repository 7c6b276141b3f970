#!/bin/sh
# Build the fuzz targets tests/fuzz/fuzz_*.c with clang's libFuzzer,
# AddressSanitizer and UndefinedBehaviorSanitizer into build/libfuzzer, and
# run each for FUZZ_SECONDS seconds (default 600) on a scratch copy of
# its corpus, tests/fuzz/corpus/TARGET.  A crash, a leak, a hang over
# FUZZ_TIMEOUT seconds (default 10) or a broken property leaves its
# input in build/libfuzzer/artifacts and fails the run.  Each target's
# executions go to build/libfuzzer/log/TARGET.log and into one summary line.
#
#	sh tests/fuzz/run.sh [TARGET ...]	(default: every target)
#
# FUZZ_MERGE=1 afterwards merges the inputs that found new coverage
# into tests/fuzz/corpus/TARGET (libFuzzer -merge=1).
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
CLANG=${CLANG:-clang}
SECONDS_EACH=${FUZZ_SECONDS:-600}
TIMEOUT=${FUZZ_TIMEOUT:-10}
B=build/libfuzzer
SAN="-fsanitize=address,undefined -fno-sanitize-recover=all"
CFLAGS="-std=c11 -g -O1 -fno-omit-frame-pointer -I. -D_GNU_SOURCE"

if ! command -v "$CLANG" >/dev/null 2>&1; then
	echo "fuzz: $CLANG not found (install clang)" >&2
	exit 1
fi
mkdir -p $B/libsales $B/bin $B/log $B/artifacts $B/corpus || exit 1

# libsales, instrumented for coverage but without libFuzzer's main().
objs=""
for src in libsales/*.c; do
	obj=$B/libsales/$(basename "$src" .c).o
	if [ ! -f "$obj" ] || [ "$src" -nt "$obj" ] ||
	    [ -n "$(find libsales -name '*.h' -newer "$obj")" ]; then
		$CLANG $CFLAGS $SAN -fsanitize=fuzzer-no-link -c -o "$obj" \
		    "$src" || exit 1
	fi
	objs="$objs $obj"
done

if [ $# -eq 0 ]; then
	set -- $(ls tests/fuzz/fuzz_*.c | sed 's|.*/fuzz_||; s|\.c$||')
fi
status=0
for t in "$@"; do
	$CLANG $CFLAGS $SAN -fsanitize=fuzzer -o $B/bin/fuzz_$t \
	    tests/fuzz/fuzz_$t.c $objs -lcsv -lm || exit 1
done
for t in "$@"; do
	mkdir -p $B/corpus/$t tests/fuzz/corpus/$t
	dict=""
	[ -f tests/fuzz/$t.dict ] && dict="-dict=tests/fuzz/$t.dict"
	$B/bin/fuzz_$t -max_total_time="$SECONDS_EACH" -timeout="$TIMEOUT" \
	    -print_final_stats=1 -artifact_prefix=$B/artifacts/$t- $dict \
	    $B/corpus/$t tests/fuzz/corpus/$t >$B/log/$t.log 2>&1
	rv=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' \
	    $B/log/$t.log | tail -1)
	if [ $rv -eq 0 ]; then
		echo "fuzz_$t: ${execs:-?} executions in ${SECONDS_EACH}s," \
		    "no finding"
	else
		status=1
		echo "fuzz_$t: FINDING after ${execs:-?} executions:" \
		    "$(ls -t $B/artifacts/$t-* 2>/dev/null | head -1)" \
		    "(see $B/log/$t.log)"
	fi
	if [ "${FUZZ_MERGE:-0}" = 1 ]; then
		$B/bin/fuzz_$t -merge=1 \
		    -artifact_prefix=$B/artifacts/merge-$t- \
		    tests/fuzz/corpus/$t $B/corpus/$t \
		    >>$B/log/$t.log 2>&1
	fi
done
exit $status
