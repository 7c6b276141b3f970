#!/bin/sh
# Run every unit test binary ($SM_UNITS) and every command-line test
# file (tests/cli/*.bats) against the programs in $SM_BIN, count the
# results from their TAP output, and print one closing line.
top=$(cd "$(dirname "$0")/.." && pwd)
export SM_BIN SM_TOP="$top"
out=$(mktemp)
trap 'rm -f "$out"' EXIT
status=0
for t in $SM_UNITS; do
	CMOCKA_MESSAGE_OUTPUT=TAP "$top/$t" >"$out" 2>&1 || status=1
	grep -E '^not ok' "$out" | grep -v '# SKIP' | sed "s|^|$t: |"
	cat "$out" >>"$out.all"
done
if ls "$top"/tests/cli/*.bats >/dev/null 2>&1; then
	bats --tap "$top"/tests/cli/*.bats >"$out" 2>&1 || status=1
	grep -E '^not ok|^#' "$out" | grep -v '^# skip' | head -200
	cat "$out" >>"$out.all"
fi
# cmocka writes a skipped test as "not ok N # SKIP", bats as
# "ok N # skip": both are skips, neither a pass nor a failure.
pass=$(grep -E '^ok ' "$out.all" | grep -cviE '# skip')
fail=$(grep -E '^not ok ' "$out.all" | grep -cviE '# skip')
skip=$(grep -ciE '^(not )?ok .*# skip' "$out.all")
rm -f "$out.all"
if [ "$status" -ne 0 ] && [ "${fail:-0}" -eq 0 ]; then
	echo "a test program failed without a TAP result" >&2
	fail=1
fi
echo "# programs in $SM_BIN"
echo "check: ${pass:-0} passed, ${fail:-0} failed, ${skip:-0} skipped"
[ "$status" -eq 0 ] && [ "${fail:-0}" -eq 0 ]
