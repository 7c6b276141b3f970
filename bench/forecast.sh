#!/bin/sh
# bench/forecast.sh: time sm-forecast --simulate over a deterministic
# file of 100,000 open deals (no -g: one group; due in the quarter of
# the forecast), at 1,000 to 100,000 trials (beyond 65,536 the quantiles
# take further passes), and the period forecast alone;
# print the wall time, the CPU time and the peak memory of each run,
# which should not grow with the trials.  The goal: 10,000 trials in
# under 2 s.  DEALS=N changes the number of deals.
set -e
cd "$(dirname "$0")/.."
deals=${DEALS:-100000}
data=bench/data
f="$data/forecast-$deals.csv"
mkdir -p "$data"
[ -x bin/sm-forecast ] || { echo "bench/forecast.sh: build" \
    "bin/sm-forecast first (make)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "bench/forecast.sh: needs /usr/bin/time" \
    "(apt-get install time)" >&2; exit 1; }

# N open deals and N/10 won ones; a Park-Miller generator keeps the file
# the same in every awk.
if [ ! -s "$f" ]; then
	awk -v n="$deals" 'BEGIN {
		x = 20261130
		print "id,rep,stage,amount,probability,closed"
		for (i = 1; i <= n; i++)
			printf "O%d,R%d,Proposal,%d.%02d,%d%%,2026-03-%02d\n",
			    i, r(40), 500 + r(99500), r(100), 1 + r(99),
			    1 + r(31)
		for (i = 1; i <= n / 10; i++)
			printf "W%d,R%d,Won,%d.00,,2026-01-%02d\n", i, r(40),
			    100 + r(20000), 1 + r(31)
	}
	function r(m) {
		x = (x * 16807) % 2147483647
		return x % m
	}' >"$f"
fi

# run LABEL ARGS...: one run; wall and CPU seconds, peak KiB.
run() {
	label=$1
	shift
	/usr/bin/time -f "%e %U %S %M" -o "$data/forecast.time" \
	    bin/sm-forecast -a 2026-02-13 "$@" "$f" >"$data/forecast.out" \
	    2>"$data/forecast.err"
	read -r wall user sys mem <"$data/forecast.time"
	printf '%-24s %8s %8.2f %10s   %s\n' "$label" "$wall" \
	    "$(echo "$user $sys" | awk '{ print $1 + $2 }')" "$mem" \
	    "$(tail -1 "$data/forecast.out" | cut -d, -f13-)"
}

echo "# $deals open deals, $((deals / 10)) won; $(nproc) processors"
printf '%-24s %8s %8s %10s   %s\n' "run" "wall s" "cpu s" "peak KiB" \
    "p10,p50,p90"
run "no simulation"
for n in 1000 10000 100000; do
	run "--simulate $n" --simulate "$n" --seed 1
done
