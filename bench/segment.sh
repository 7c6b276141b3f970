#!/bin/sh
# bench/segment.sh: time sm-segment with a 10-rule file over a
# deterministic file of 2,000,000 generated leads, against sm-report over
# the same file, mawk running the same rules, and a bare cat; check that
# sm-segment and mawk write the same bytes; and show the peak memory at
# a tenth of the rows, which should be the same.  ROWS=N changes the
# size.  The generated file has no quoted fields, so that mawk can split
# it on commas.
set -e
cd "$(dirname "$0")/.."
rows=${ROWS:-2000000}
small=$((rows / 10))
data=bench/data
mkdir -p "$data"
for p in bin/sm-segment bin/sm-report; do
	[ -x "$p" ] || { echo "bench/segment.sh: build $p first (make)" >&2;
	    exit 1; }
done
command -v mawk >/dev/null || { echo "bench/segment.sh: needs mawk" >&2;
    exit 1; }

# gen N: N leads; a Park-Miller generator keeps the numbers the same in
# every awk.
gen() {
	mawk -v n="$1" 'BEGIN {
		x = 20261130
		split("acme.example,gmail.com,yahoo.com,corp.example," \
		    "mail.example", dom, ",")
		split("Google,google,Referral,Partner,Trade show,Webinar," \
		    "Cold call,", src, ",")
		split("AMER,EMEA,APAC,", ter, ",")
		split("Email Opened,SMS Sent,Page Visited,Form Submitted," \
		    "Chat Conversation,Email Bounced", act, ",")
		split(",too expensive,asked for a demo,wants a discount," \
		    "call back next week,price is an issue,,", note, ",")
		split("Won,Lost,Open,Open", stage, ",")
		print "id,email,source,territory,budget,visits," \
		    "time_on_site,last_activity,notes,created,stage"
		for (i = 1; i <= n; i++) {
			budget = r(5) == 0 ? "" : sprintf("%d.%02d", \
			    100 + r(50000), r(100))
			visits = r(20) == 0 ? "" : r(31)
			printf "L%07d,lead%d@%s,%s,%s,%s,%s,%d,%s,%s," \
			    "2026-%02d-%02d,%s\n", i, i, dom[1 + r(5)],
			    src[1 + r(8)], ter[1 + r(4)], budget, visits,
			    r(2000), act[1 + r(6)], note[1 + r(8)],
			    1 + r(11), 1 + r(28), stage[1 + r(4)]
		}
	}
	function r(m) {
		x = (x * 16807) % 2147483647
		return int(x / 2147483647 * m)
	}'
}

cat >"$data/segment-rules.txt" <<'EOF'
score +20: budget >= 10000
score -10: email ~ "@(gmail|yahoo)\."
score +10: visits > 5
score +15: time_on_site >= 600
score +5: lower(source) in ("referral", "partner")
score -5: empty(territory)
hot: score >= 30 and days(created) <= 60
qualified: score >= 20
price_objection: lower(notes) ~ "price|expensive|discount"
cold: true
EOF

# The same rules in awk, for the same output bytes.
cat >"$data/segment-rules.awk" <<'EOF'
function civil(y, m, d,    era, yoe, doy) {
	y -= m <= 2
	era = int((y >= 0 ? y : y - 399) / 400)
	yoe = y - era * 400
	doy = int((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1
	return era * 146097 + yoe * 365 + int(yoe / 4) - int(yoe / 100) + \
	    doy - 719468
}
BEGIN { FS = OFS = ","; asof = civil(2026, 11, 30) }
NR == 1 { print $0, "segment", "score"; next }
{
	s = 0
	if ($5 != "" && $5 + 0 >= 10000) s += 20
	if ($2 ~ /@(gmail|yahoo)\./) s -= 10
	if ($6 != "" && $6 + 0 > 5) s += 10
	if ($7 != "" && $7 + 0 >= 600) s += 15
	src = tolower($3)
	if (src == "referral" || src == "partner") s += 5
	if ($4 == "") s -= 5
	if (s >= 30 && $10 != "" && asof - civil(substr($10, 1, 4) + 0,
	    substr($10, 6, 2) + 0, substr($10, 9, 2) + 0) <= 60)
		seg = "hot"
	else if (s >= 20)
		seg = "qualified"
	else if (tolower($9) ~ /price|expensive|discount/)
		seg = "price_objection"
	else
		seg = "cold"
	print $0, seg, s
}
EOF

for n in "$rows" "$small"; do
	[ -s "$data/leads-$n.csv" ] || gen "$n" >"$data/leads-$n.csv"
done
csv="$data/leads-$rows.csv"

# run NAME CMD...: of 3 runs, the best wall time, the best CPU time
# (user + system, steadier on a busy machine), and the peak RSS.
run() {
	name=$1
	shift
	: >"$data/times"
	for i in 1 2 3; do
		/usr/bin/time -f "%e %U %S %M" -o "$data/time" "$@" >/dev/null
		cat "$data/time" >>"$data/times"
	done
	awk -v name="$name" '{ cpu = $2 + $3
	    if (NR == 1 || $1 < w) w = $1
	    if (NR == 1 || cpu < c) c = cpu
	    if ($4 > m) m = $4 }
	    END { print name, w, c, m }' "$data/times"
}

seg="bin/sm-segment -a 2026-11-30 -r $data/segment-rules.txt"
$seg "$csv" >"$data/segment-sm.out"
mawk -f "$data/segment-rules.awk" "$csv" >"$data/segment-awk.out"
if cmp -s "$data/segment-sm.out" "$data/segment-awk.out"; then
	same="same output"
else
	same="OUTPUTS DIFFER"
fi
rm -f "$data/segment-sm.out" "$data/segment-awk.out"

echo "# sm-segment: 10 rules over $rows leads; best of 3 runs: wall" \
    "seconds, CPU seconds, CPU ratio to sm-report, peak KiB"
{
	run sm-segment $seg "$csv"
	run sm-segment-tsv-out $seg --to tsv "$csv"
	run sm-report bin/sm-report -m amount=budget -g territory,stage "$csv"
	run mawk-rules mawk -f "$data/segment-rules.awk" "$csv"
	run cat cat "$csv"
	run sm-segment-$small $seg "$data/leads-$small.csv"
} >"$data/segment-results"
base=$(awk '$1 == "sm-report" { print $3 }' "$data/segment-results")
awk -v base="$base" '{ printf "%-22s %7.2f s %7.2f s %6.2fx %8d KiB\n",
    $1, $2, $3, (base > 0 ? $3 / base : 0), $4 }' "$data/segment-results"
awk -v same="$same" -v rows="$rows" '
    $1 == "sm-segment" { sw = $2; s = $3; m = $4 }
    $1 == "sm-report" { rw = $2; r = $3 } $1 == "mawk-rules" { a = $3 }
    $1 ~ /^sm-segment-[0-9]/ { m2 = $4 }
    END { printf "sm-segment / sm-report: %.2fx CPU, %.2fx wall (at most " \
	    "2x asked); / mawk: %.2fx CPU; %s as mawk\n", s / r, sw / rw,
	    s / a, same
	  printf "peak memory at %d and %d rows: %d and %d KiB\n",
	    rows / 10, rows, m2, m }' "$data/segment-results"
