#!/usr/bin/env bats
# Conservation of rows (issue 6): for every program, rows in = rows out
# + rows rejected, on random tables with random bad rows mixed in:
# 2000 seeds in all (200 with the sanitizers).  The tables, the runs and the checks are in
# tests/cli/conservation.py (see its opening comment); a failing seed
# is printed with its files kept.  SM_CONSERVATION_SEEDS=N runs N seeds
# a program instead.

bats_require_minimum_version 1.5.0

# conserve PROGRAM SEEDS: run SEEDS seeds (a tenth of them for the
# programs built with the sanitizers, whose start alone costs more
# than a whole plain run: the plain pass of make check runs them all).
conserve() {
	local n=$2
	[ -x "$SM_BIN/$1" ] || skip "$1 is not built"
	command -v python3 >/dev/null || skip "no python3"
	case $SM_BIN in
	*/build/san/bin)	n=$((n / 10)) ;;
	esac
	n=${SM_CONSERVATION_SEEDS:-$n}
	run python3 "$SM_TOP/tests/cli/conservation.py" "$1" "$n"
	echo "$output"
	[ "$status" -eq 0 ]
	[ "${lines[${#lines[@]} - 1]}" = "$1: $n seeds, 0 failed" ]
}

@test "sm-segment: every row out or rejected, fields unchanged" {
	conserve sm-segment 500
}

@test "sm-assign: every lead out or rejected, fields unchanged" {
	conserve sm-assign 400
}

@test "sm-report: the report of all rows is that of the rows kept" {
	conserve sm-report 400
}

@test "sm-forecast: the forecast of all rows is that of the rows kept" {
	conserve sm-forecast 350
}

@test "sm-quota: the quotas from all history rows are those of the rows kept" {
	conserve sm-quota 350
}
