#!/bin/sh
# bench/quota.sh: time sm-quota on a deterministic rep table (10,000
# reps, a tenth of them hired during the plan year and ramped) and a
# history of 1,000,000 deals of the year before: daily quotas (3.65
# million rows), monthly ones split and spread by history, bottom-up
# weekly ones, and --check over the daily table.  Prints the wall time,
# the CPU time, the peak memory (which should grow with the reps, not
# with the history) and the rows written.  REPS=N and DEALS=N change
# the sizes.
set -e
cd "$(dirname "$0")/.."
reps=${REPS:-10000}
deals=${DEALS:-1000000}
data=bench/data
r="$data/quota-reps-$reps.csv"
h="$data/quota-history-$reps-$deals.tsv"
mkdir -p "$data"
[ -x bin/sm-quota ] || { echo "bench/quota.sh: build bin/sm-quota" \
    "first (make)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "bench/quota.sh: needs /usr/bin/time" \
    "(apt-get install time)" >&2; exit 1; }

# A Park-Miller generator keeps the files the same in every awk.
if [ ! -s "$r" ]; then
	awk -v n="$reps" 'BEGIN {
		x = 20261130
		print "rep,active,weight,hire_date"
		for (i = 1; i <= n; i++) {
			hire = ""
			if (r(10) == 0)
				hire = sprintf("2026-%02d-%02d", 1 + r(12),
				    1 + r(28))
			printf "R%05d,%s,%d.%d,%s\n", i,
			    r(50) == 0 ? "no" : "yes", 1 + r(3), r(10), hire
		}
	}
	function r(m) {
		x = (x * 16807) % 2147483647
		return x % m
	}' >"$r"
fi
if [ ! -s "$h" ]; then
	awk -v n="$deals" -v reps="$reps" 'BEGIN {
		x = 4242
		print "id\trep\tstage\tamount\tclosed"
		for (i = 1; i <= n; i++)
			printf "D%d\tR%05d\t%s\t%d.%02d\t2025-%02d-%02d\n", i,
			    1 + r(reps), r(3) == 0 ? "lost" : "won",
			    100 + r(50000), r(100), 1 + r(12), 1 + r(28)
	}
	function r(m) {
		x = (x * 16807) % 2147483647
		return x % m
	}' >"$h"
fi

# run LABEL CMD...: one run; wall and CPU seconds, peak KiB, rows out.
run() {
	label=$1
	shift
	/usr/bin/time -f "%e %U %S %M" -o "$data/quota.time" \
	    "$@" >"$data/quota.out" || [ "$?" -eq 1 ]
	read -r wall user sys mem <"$data/quota.time"
	printf '%-30s %8s %8.2f %10s %10s\n' "$label" "$wall" \
	    "$(echo "$user $sys" | awk '{ print $1 + $2 }')" "$mem" \
	    "$(($(wc -l <"$data/quota.out") - 1))"
}

echo "# sm-quota: $reps reps, $deals history deals"
printf '%-30s %8s %8s %10s %10s\n' "run" "wall s" "cpu s" "peak KiB" "rows"
run "-t, by day, ramp 25,50,75" bin/sm-quota -R "$r" -y 2026 \
    -t 500000000 -s weight -r 25,50,75 -p day
cp "$data/quota.out" "$data/quota-day.csv"
run "-t -s/-S history, by month" bin/sm-quota -R "$r" -y 2026 \
    -t 500000000 -s history -S history -H "$h" -p month
run "-g 10, by week" bin/sm-quota -R "$r" -y 2026 -g 10 -H "$h" -p week
run "-c over the daily table" bin/sm-quota -c "$data/quota-day.csv"
