#!/bin/sh
# make bench: time sm against Miller, GNU datamash, mawk and a bare
# libcsv parse on the same deterministic 2,000,000-row file, and print
# the times, their ratios and the peak memory.  Installs the other
# tools when missing (as root on Debian).  ROWS=N changes the size.
set -e
cd "$(dirname "$0")/.."
rows=${ROWS:-2000000}
data=bench/data
mkdir -p "$data"
need=""
command -v mlr >/dev/null || need="$need miller"
command -v datamash >/dev/null || need="$need datamash"
command -v mawk >/dev/null || need="$need mawk"
[ -x /usr/bin/time ] || need="$need time"
if [ -n "$need" ]; then
	if [ "$(id -u)" = 0 ]; then
		apt-get update -qq && apt-get install -y -qq $need >/dev/null
	else
		echo "bench: missing:$need (apt-get install$need)" >&2
		exit 1
	fi
fi
cc -O2 -I. -o "$data/gen" bench/gen.c build/libsales.a
cc -O2 -I. -o "$data/csvbare" bench/csvbare.c -lcsv
cc -O2 -o "$data/cputime" bench/cputime.c
csv="$data/opps-$rows.csv"
tsv="$data/opps-$rows.tsv"
[ -s "$csv" ] || "$data/gen" "$rows" csv >"$csv"
[ -s "$tsv" ] || "$data/gen" "$rows" tsv >"$tsv"

# run NAME CMD...: the best of RUNS (default 5) runs in CPU seconds
# (user + system, which a busy machine disturbs less than wall time),
# its wall time, and the peak RSS.
run() {
	name=$1
	shift
	best=""
	i=0
	while [ "$i" -lt "${RUNS:-5}" ]; do
		i=$((i + 1))
		"$data/cputime" "$@" >"$data/time"
		set -- $(cat "$data/time") "$@"
		wall=$1
		cpu=$2
		mem=$3
		shift 3
		if [ -z "$best" ] || awk -v a="$cpu" -v b="$best" \
		    'BEGIN { exit !(a < b) }'; then
			best=$cpu
			bwall=$wall
		fi
	done
	echo "$name $best $mem $bwall"
}

echo "# $rows rows; best of ${RUNS:-5} runs: CPU seconds, ratio to sm-report on CSV,"
echo "# peak RSS, wall seconds"
{
	run sm-report-csv bin/sm-report -g rep,stage "$csv"
	run sm-report-tsv bin/sm-report -g rep,stage "$tsv"
	run libcsv-bare "$data/csvbare" "$csv"
	run mlr-stats1 mlr --icsv --ocsv stats1 -a count,sum -f amount \
	    -g rep,stage "$csv"
	run datamash sh -c "datamash -t, --header-in -s -g 2,5 count 6 \
	    sum 6 <'$csv'"
	run mawk mawk -F, 'NR > 1 { n[$2 FS $5]++; s[$2 FS $5] += $6 }
	    END { for (k in n) print k, n[k], s[k] }' "$csv"
} >"$data/results"
base=$(awk '$1 == "sm-report-csv" { print $2 }' "$data/results")
awk -v base="$base" '{ printf "%-16s %8.3f s %7.2fx %9d KiB %8.2f s\n", $1,
    $2, (base > 0 ? $2 / base : 0), $3, $4 }' "$data/results"
awk '$1 == "sm-report-csv" { c = $2 } $1 == "libcsv-bare" { b = $2 }
    $1 == "sm-report-tsv" { t = $2 }
    END { if (b > 0) printf "sm-report CSV / bare libcsv: %.2fx (goal: at most 1.25x)\n", c / b
          if (t > 0) printf "sm-report CSV / TSV: %.2fx (goal: at least 3x)\n", c / t }' \
    "$data/results"
for s in bench/segment.sh bench/assign.sh bench/quota.sh bench/forecast.sh; do
	[ -f "$s" ] && sh "$s"
done
exit 0
