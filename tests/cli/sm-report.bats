#!/usr/bin/env bats
# Command-line tests of sm-report.  Expected figures are worked out by
# hand in the comments, or by an independent python3 computation.

bats_require_minimum_version 1.5.0

setup() {
	R="$SM_BIN/sm-report"
	D="$SM_TOP/tests/data"
	REAL="$SM_TOP/../shared/data/real"
	T="$BATS_TEST_TMPDIR"
}

@test "default metrics per rep, worked by hand" {
	# Ana: D1 won 1000 (10 days), D2 lost, D3 open $2,000.00.
	# Ben: won 101.10 (20 d), 50.20 (5 d), 51.30 (30 d), D7 lost:
	#      202.60, avg 202.60/3 = 67.533 -> 67.53, median 20.
	# Cy: won without amount (10 d) and won 1000 (19 d): avg 1000.00,
	#     median (10 + 19) / 2 = 14.5.  D10 has no rep: the empty group.
	run --separate-stderr "$R" -g rep "$D/report-deals.csv"
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	[ "$output" = "rep,deals,open,won,lost,win_rate,won_amount,avg_won_amount,pipeline_amount,median_cycle_days
,1,1,0,0,,0.00,,300.00,
Ana,3,1,1,1,0.5000,1000.00,1000.00,2000.00,10
Ben,4,0,3,1,0.7500,202.60,67.53,0.00,20
Cy,2,0,2,0,1.0000,1000.00,1000.00,0.00,14.5" ]
}

@test "no groups: one row over the whole table" {
	# won 6 of 8 closed; 1000+101.10+50.20+51.30+1000 = 2202.60 over
	# 5 amounts = 440.52; open 2000 + 300; cycles 5,10,10,19,20,30.
	run "$R" "$D/report-deals.csv"
	[ "$status" -eq 0 ]
	[ "$output" = "deals,open,won,lost,win_rate,won_amount,avg_won_amount,pipeline_amount,median_cycle_days
10,2,6,2,0.7500,2202.60,440.52,2300.00,14.5" ]
}

@test "no rows: counts 0 and sums 0.00, rates empty" {
	printf 'id,rep,stage,amount\n' >"$T/empty.csv"
	run "$R" "$T/empty.csv"
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "0,0,0,0,,0.00,,0.00," ]
	run "$R" -g rep "$T/empty.csv"
	[ "$status" -eq 0 ]
	[ "$output" = "rep,deals,open,won,lost,win_rate,won_amount,avg_won_amount,pipeline_amount,median_cycle_days" ]
}

@test "--metrics chooses and orders; velocity" {
	# Ana: 1 open x 0.5 x 1000.00 / 10 days = 50.00 a day.
	run "$R" -g rep --metrics velocity,won "$D/report-deals.csv"
	[ "$status" -eq 0 ]
	[ "$output" = "rep,velocity,won
,,0
Ana,50.00,1
Ben,0.00,3
Cy,0.00,2" ]
}

@test "--metrics: unknown metric is a usage error" {
	run --separate-stderr "$R" --metrics deals,winrate "$D/report-deals.csv"
	[ "$status" -eq 2 ]
	[[ "$stderr" == "sm-report: --metrics: unknown metric 'winrate'"* ]]
}

@test "a metric asked by name without its role is a usage error" {
	printf 'id,stage\nA,won\n' >"$T/noamount.csv"
	run --separate-stderr "$R" --metrics won_amount "$T/noamount.csv"
	[ "$status" -eq 2 ]
	[[ "$stderr" == "sm-report: $T/noamount.csv: no column 'amount' for role 'amount'"* ]]
	# As a default metric it prints empty fields.
	run "$R" "$T/noamount.csv"
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "1,0,1,0,1.0000,,,," ]
}

@test "-g closed:month and closed:quarter, fiscal quarters" {
	run "$R" -g closed:month --metrics deals,won,won_amount \
	    "$D/report-deals.csv"
	[ "$status" -eq 0 ]
	[ "$output" = "closed:month,deals,won,won_amount
,1,0,0.00
2026-01,3,2,1101.10
2026-02,2,1,50.20
2026-03,2,1,51.30
2026-04,2,2,1000.00" ]
	run "$R" -g closed:quarter --metrics deals,won,won_amount \
	    "$D/report-deals.csv"
	[ "${lines[2]}" = "2026-Q1,7,4,1202.60" ]
	[ "${lines[3]}" = "2026-Q2,2,2,1000.00" ]
	# April starts FY2027; January-March 2026 is FY2026-Q4.
	run "$R" --fy-start 4 -g closed:quarter --metrics deals,won,won_amount \
	    "$D/report-deals.csv"
	[ "${lines[2]}" = "FY2026-Q4,7,4,1202.60" ]
	[ "${lines[3]}" = "FY2027-Q1,2,2,1000.00" ]
}

@test "-g with a role keeps the label as written" {
	printf 'id,sales_agent,deal_stage,close_value\n1,Kim,Won,5\n2,Kim,Lost,0\n' \
	    >"$T/mapped.csv"
	run "$R" -m rep=sales_agent -m stage=deal_stage -m amount=close_value \
	    -g rep --metrics won,lost,won_amount "$T/mapped.csv"
	[ "$status" -eq 0 ]
	[ "$output" = "rep,won,lost,won_amount
Kim,1,1,5.00" ]
}

@test "-g: unknown column is a usage error naming the closest" {
	run --separate-stderr "$R" -g repp "$D/report-deals.csv"
	[ "$status" -eq 2 ]
	[ "$stderr" = "sm-report: -g: no column 'repp' (closest: 'rep')" ]
}

@test "-g: unknown period" {
	run --separate-stderr "$R" -g closed:fortnight "$D/report-deals.csv"
	[ "$status" -eq 2 ]
	[[ "$stderr" == "sm-report: -g: unknown period 'fortnight'"* ]]
}

@test "--funnel: reached, converted, conversion and the leak" {
	# Ana reached P1 8 (all), P2 4, P3 3, won 2: 4/8, 3/4, 2/3.
	# Ben reached P1 2, P2 2, P3 1, won 1; F11 is in no listed stage.
	run --separate-stderr "$R" -g rep --funnel P1,P2,P3 "$D/report-funnel.csv"
	[ "$status" -eq 0 ]
	[ "$output" = "rep,stage,reached,converted,conversion,leak
Ana,P1,8,4,0.5000,yes
Ana,P2,4,3,0.7500,
Ana,P3,3,2,0.6667,
Ben,P1,2,2,1.0000,
Ben,P2,2,1,0.5000,yes
Ben,P3,1,1,1.0000," ]
	[ "$stderr" = "sm-report: 1 open deal in stages not in --funnel" ]
}

@test "--sort and --top" {
	run "$R" -g rep --metrics won_amount --sort won_amount:desc \
	    "$D/report-deals.csv"
	[ "$output" = "rep,won_amount
Ana,1000.00
Cy,1000.00
Ben,202.60
,0.00" ]
	run "$R" -g rep --metrics won_amount --sort won_amount --top 2 \
	    "$D/report-deals.csv"
	[ "$output" = "rep,won_amount
,0.00
Ben,202.60" ]
	run --separate-stderr "$R" --sort nope "$D/report-deals.csv"
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = "sm-report: --sort: no output column 'nope'" ]
	run --separate-stderr "$R" --top x "$D/report-deals.csv"
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = "sm-report: --top: invalid number 'x': invalid" ]
}

@test "--won and --lost replace the default stage lists" {
	printf 'stage\n1\n0\n1\nwon\n' >"$T/conv.csv"
	run "$R" --won 1 --lost 0 --metrics deals,open,won,lost,win_rate \
	    "$T/conv.csv"
	[ "$output" = "deals,open,won,lost,win_rate
4,1,2,1,0.6667" ]
}

@test "bookings: no stage column means every row is won; exact negatives" {
	printf 'rep,amount\nAna,-50.33\nAna,-31.94\nBen,101.10\nBen,50.20\nBen,51.30\n' \
	    >"$T/book.csv"
	run "$R" -g rep --metrics won,won_amount "$T/book.csv"
	[ "$output" = "rep,won,won_amount
Ana,2,-82.27
Ben,3,202.60" ]
}

@test "--to tsv, json, pretty, markdown" {
	run "$R" -g rep --metrics won,win_rate --to tsv "$D/report-deals.csv"
	[ "${lines[2]}" = "Ana	1	0.5000" ]
	"$R" -g rep --metrics won,win_rate,won_amount --to json \
	    "$D/report-deals.csv" >"$T/out.json"
	python3 - "$T/out.json" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert len(rows) == 4, rows
assert rows[1]["rep"] == "Ana" and float(rows[1]["win_rate"]) == 0.5
assert float(rows[2]["won_amount"]) == 202.6
assert rows[0]["win_rate"] in ("", None)
PY
	run "$R" -g rep --metrics won --to pretty "$D/report-deals.csv"
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" == rep*won ]]
	run "$R" -g rep --metrics won --to markdown "$D/report-deals.csv"
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" == "| rep"*"| won"*"|" ]]
	[[ "$output" == *"| Ben | "*" 3 |"* ]]
	[[ "${lines[1]}" == "| --- | "*": |" ]]
}

@test "-o writes atomically; a failed run leaves the file untouched" {
	echo old >"$T/out.csv"
	run "$R" -g rep --metrics won -o "$T/out.csv" "$D/report-deals.csv"
	[ "$status" -eq 0 ]
	[ "$output" = "" ]
	[ "$(sed -n 3p "$T/out.csv")" = "Ana,1" ]
	echo old >"$T/out.csv"
	run "$R" -g rep -o "$T/out.csv" "$T/missing.csv"
	[ "$status" -eq 1 ]
	[ "$(cat "$T/out.csv")" = "old" ]
	[ "$(ls -A "$T" | grep -c '^\.out')" -eq 0 ]
}

@test "writing to /dev/full exits 1 with a message" {
	run --separate-stderr "$R" -g rep "$D/report-deals.csv" >/dev/full
	run --separate-stderr sh -c "'$R' -g rep '$D/report-deals.csv' >/dev/full"
	[ "$status" -eq 1 ]
	[[ "$stderr" == sm-report:*"No space left on device"* ]]
}

@test "closing stdout early ends quietly with status 0" {
	for i in $(seq 1 3000); do echo "D$i,Rep$i,Won,1"; done |
	    sed '1i id,rep,stage,amount' >"$T/many.csv"
	run --separate-stderr sh -c "'$R' -g rep '$T/many.csv' | head -1; exit \${PIPESTATUS:-0}"
	[ "$stderr" = "" ]
	run bash -c "set -o pipefail; '$R' -g rep '$T/many.csv' | head -1"
	[ "$status" -eq 0 ]
	[ "$output" = "rep,deals,open,won,lost,win_rate,won_amount,avg_won_amount,pipeline_amount,median_cycle_days" ]
}

@test "a bad amount names file, line, column and value; --rejects keeps it" {
	printf 'id,rep,amount\n1,Ana,10\n2,Ana,12,5x\n3,Ben,2523,00\n' >"$T/bad.csv"
	run --separate-stderr "$R" -g rep "$T/bad.csv"
	[ "$status" -eq 1 ]
	[ "$stderr" = "sm-report: $T/bad.csv:3: expected 3 fields, found 4" ]
	printf 'id,rep,amount\n1,Ana,10\n2,Ana,12.5x\n3,Ben,"2523,00"\n4,Ben,7\n' >"$T/bad.csv"
	run --separate-stderr "$R" -g rep "$T/bad.csv"
	[ "$status" -eq 1 ]
	[[ "$stderr" == "sm-report: $T/bad.csv:3: column 'amount': "*"'12.5x'" ]]
	run --separate-stderr "$R" -g rep --metrics won,won_amount \
	    --rejects "$T/rej.csv" "$T/bad.csv"
	[ "$status" -eq 0 ]
	[ "$output" = "rep,won,won_amount
Ana,1,10.00
Ben,1,7.00" ]
	[ "$stderr" = "sm-report: 2 rows rejected" ]
	[ "$(head -1 "$T/rej.csv")" = "id,rep,amount,reason" ]
	[ "$(wc -l <"$T/rej.csv")" -eq 3 ]
	grep -q '^2,Ana,12.5x,' "$T/rej.csv"
	grep -q '^3,Ben,"2523,00",.*digit groups' "$T/rej.csv"
}

@test "ragged rows: empty extra dropped, others are errors with both counts" {
	printf 'id,rep,amount,stage\nD1,Kim Ng,1000,Won,\n' >"$T/r1.csv"
	run "$R" -g rep --metrics won,won_amount "$T/r1.csv"
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "Kim Ng,1,1000.00" ]
	printf 'id,rep,amount,stage\nD1,Kim Ng,1000,Won\nD3,Ana Li,700,Won,EXTRA\n' >"$T/r2.csv"
	run --separate-stderr "$R" -g rep "$T/r2.csv"
	[ "$status" -eq 1 ]
	[ "$stderr" = "sm-report: $T/r2.csv:3: expected 4 fields, found 5" ]
	printf 'id,rep,amount,stage\nD1,Kim Ng,1000\n' >"$T/r3.csv"
	run --separate-stderr "$R" -g rep "$T/r3.csv"
	[ "$status" -eq 1 ]
	[ "$stderr" = "sm-report: $T/r3.csv:2: expected 4 fields, found 3" ]
}

@test "a quoted line break is one field; errors name the line a record starts on" {
	printf 'id,rep,amount\n1,"Ana\n""A"" Cruz",10\n2,Ben,x\n' >"$T/q.csv"
	run --separate-stderr "$R" -g rep "$T/q.csv"
	[ "$status" -eq 1 ]
	[[ "$stderr" == "sm-report: $T/q.csv:4: column 'amount': "*"'x'" ]]
	printf 'id,rep,amount\n1,"Ana\n""A"" Cruz",10\n' >"$T/q.csv"
	run "$R" -g rep --metrics won_amount --to json "$T/q.csv"
	[ "$output" = '{"rep":"Ana\n\"A\" Cruz","won_amount":10.00}' ]
}

@test "UTF-8 BOM before a quoted header" {
	printf '\357\273\277"owner","amount"\nX,5\n' >"$T/bom.csv"
	run "$R" -m rep=owner -g rep --metrics deals,won_amount "$T/bom.csv"
	[ "$status" -eq 0 ]
	[ "$output" = "rep,deals,won_amount
X,1,5.00" ]
}

@test "CRLF and LF files group the same names; TSV sums exactly" {
	printf 'rep\tamount\r\nAna Cruz\t100.50\r\n' >"$T/a.tsv"
	printf 'rep\tamount\nAna Cruz\t100.50\n' >"$T/b.tsv"
	run "$R" -g rep --metrics deals,won_amount "$T/a.tsv" "$T/b.tsv"
	[ "$status" -eq 0 ]
	[ "$output" = "rep	deals	won_amount
Ana Cruz	2	201.00" ]
}

@test "several files with different headers are an error naming both" {
	printf 'rep,amount\nA,1\n' >"$T/h1.csv"
	printf 'rep,value\nA,1\n' >"$T/h2.csv"
	run --separate-stderr "$R" "$T/h1.csv" "$T/h2.csv"
	[ "$status" -eq 1 ]
	[[ "$stderr" == *"$T/h1.csv"* ]]
	[[ "$stderr" == *"$T/h2.csv"* ]]
}

@test "semicolons and decimal commas" {
	printf 'rep;amount;prob\nEva Roth;1200,40;0,25\n' >"$T/eu.csv"
	run "$R" -d ';' --decimal-comma -g rep --metrics won_amount "$T/eu.csv"
	[ "$status" -eq 0 ]
	[ "$output" = "rep;won_amount
Eva Roth;1200.40" ]
	run --separate-stderr "$R" -d ';' -g rep --metrics won_amount "$T/eu.csv"
	[ "$status" -eq 1 ]
	[[ "$stderr" == "sm-report: $T/eu.csv:2: column 'amount': "*"'1200,40'" ]]
	# -9.13 + 1234.56 = 1225.43, a no-break space before the euro sign.
	printf 'rep;amount\nA;-9,13 \342\202\254\nA;1.234,56\302\240\342\202\254\n' >"$T/eu2.csv"
	run "$R" -d ';' --decimal-comma -g rep --metrics won_amount "$T/eu2.csv"
	[ "$output" = "rep;won_amount
A;1225.43" ]
}

@test "duplicate column names are an error naming both positions" {
	printf 'id,rep,description,description\n1,A,x,y\n' >"$T/dup.csv"
	run --separate-stderr "$R" "$T/dup.csv"
	[ "$status" -eq 1 ]
	[[ "$stderr" == *"columns 3 and 4 are both named 'description'"* ]]
}

@test "--date-format dmy holds for the whole column" {
	printf 'rep,closed\nA,12.01.2017\nA,01.02.2017\nA,15.04.2017\n' >"$T/dmy.csv"
	run "$R" --date-format dmy -g closed:month --metrics deals "$T/dmy.csv"
	[ "$status" -eq 0 ]
	[ "$output" = "closed:month,deals
2017-01,1
2017-02,1
2017-04,1" ]
	run --separate-stderr "$R" -g closed:month "$T/dmy.csv"
	[ "$status" -eq 1 ]
	[[ "$stderr" == "sm-report: $T/dmy.csv:2: column 'closed': "*"--date-format"*"'12.01.2017'" ]]
}

@test "--null reads placeholders as empty; =\"00123\" keeps its zeros" {
	# Excel writes its text cell ="00123" quoted in CSV.
	printf 'rep,amount\nSelect,5\n"=""00123""",7\nn/a,1\n' >"$T/null.csv"
	run "$R" --null Select --null n/a -g rep --metrics won_amount \
	    "$T/null.csv"
	[ "$output" = "rep,won_amount
,6.00
00123,7.00" ]
	printf 'rep\tamount\n="00123"\t7\n' >"$T/null.tsv"
	run "$R" -g rep --metrics won_amount "$T/null.tsv"
	[ "${lines[1]}" = "00123	7.00" ]
}

@test "--no-header --columns" {
	printf 'Ana\t10\nAna\t5\n' >"$T/nh.tsv"
	run "$R" --no-header --columns rep,amount -g rep --metrics won_amount \
	    "$T/nh.tsv"
	[ "$output" = "rep	won_amount
Ana	15.00" ]
}

@test "--excel-safe defends formulas and keeps numbers" {
	printf 'rep,amount\n=HYPERLINK(1),-12.00\n' >"$T/x.csv"
	run "$R" --excel-safe -g rep --metrics won_amount "$T/x.csv"
	[ "$output" = "rep,won_amount
'=HYPERLINK(1),-12.00" ]
}

@test "stdin: TSV when the first line holds a tab, else CSV" {
	run sh -c "printf 'rep\tamount\nA\t1\n' | '$R' -g rep --metrics won"
	[ "$output" = "rep	won
A	1" ]
	run sh -c "printf 'rep,amount\nA,1\n' | '$R' -g rep --metrics won -"
	[ "$output" = "rep,won
A,1" ]
}

@test "-h, -V, a bad option, a missing file" {
	run "$R" -h
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" == "usage: sm-report"* ]]
	run "$R" -V
	[ "$status" -eq 0 ]
	[[ "$output" == "sm-report "[0-9]* ]]
	run --separate-stderr "$R" --bogus
	[ "$status" -eq 2 ]
	run --separate-stderr "$R" "$T/nope.csv"
	[ "$status" -eq 1 ]
	[ "$stderr" = "sm-report: $T/nope.csv: No such file or directory" ]
	run --separate-stderr "$R" --decimals 7 "$D/report-deals.csv"
	[ "$status" -eq 2 ]
}

@test "real export: Maven CRM per rep equals an independent computation" {
	[ -f "$REAL/maven-crm/sales_pipeline.csv" ] || skip "no ../shared"
	"$R" -m rep=sales_agent -m stage=deal_stage -m amount=close_value \
	    -m created=engage_date -m closed=close_date -g rep \
	    "$REAL/maven-crm/sales_pipeline.csv" >"$T/got.csv"
	python3 - "$REAL/maven-crm/sales_pipeline.csv" >"$T/want.csv" <<'PY'
import csv, sys, datetime
from decimal import Decimal, ROUND_HALF_UP
g = {}
for r in csv.DictReader(open(sys.argv[1], newline="")):
    s = g.setdefault(r["sales_agent"], dict(d=0, o=0, w=0, l=0, wa=Decimal(0),
        wn=0, pa=Decimal(0), pn=0, cyc=[]))
    s["d"] += 1
    st = r["deal_stage"].lower()
    v = r["close_value"]
    if st == "won":
        s["w"] += 1
        if v: s["wa"] += Decimal(v); s["wn"] += 1
        if r["engage_date"] and r["close_date"]:
            a = datetime.date.fromisoformat(r["engage_date"])
            b = datetime.date.fromisoformat(r["close_date"])
            s["cyc"].append((b - a).days)
    elif st == "lost":
        s["l"] += 1
    else:
        s["o"] += 1
        if v: s["pa"] += Decimal(v); s["pn"] += 1
def money(x): return str(x.quantize(Decimal("0.01"), ROUND_HALF_UP))
def frac(n, d): return str((Decimal(n) / Decimal(d)).quantize(Decimal("0.0001"), ROUND_HALF_UP))
def median(v):
    v = sorted(v); n = len(v)
    if n == 0: return ""
    t = v[n // 2] * 2 if n % 2 else v[n // 2 - 1] + v[n // 2]
    return str(t // 2) if t % 2 == 0 else "%d.5" % (t // 2)
print("rep,deals,open,won,lost,win_rate,won_amount,avg_won_amount,pipeline_amount,median_cycle_days")
for k in sorted(g, key=lambda x: x.encode()):
    s = g[k]
    wr = frac(s["w"], s["w"] + s["l"]) if s["w"] + s["l"] else ""
    wa = money(s["wa"]) if s["w"] == 0 or s["wn"] else ""
    av = money(s["wa"] / s["wn"]) if s["wn"] else ""
    pa = money(s["pa"]) if s["o"] == 0 or s["pn"] else ""
    print(",".join([k, str(s["d"]), str(s["o"]), str(s["w"]), str(s["l"]),
        wr, wa, av, pa, median(s["cyc"])]))
PY
	diff "$T/want.csv" "$T/got.csv"
	[ "$(wc -l <"$T/got.csv")" -eq 31 ]
}

@test "real export: Superstore with BOM, CRLF, M/D/YYYY dates and quoted names" {
	f="$REAL/superstore/Sample - Superstore.csv"
	[ -f "$f" ] || skip "no ../shared"
	"$R" -m amount=Sales -m closed="Order Date" --date-format mdy \
	    -g Region,closed:year --metrics deals,won_amount "$f" >"$T/got.csv"
	python3 - "$f" >"$T/want.csv" <<'PY'
import csv, sys
from decimal import Decimal, ROUND_HALF_UP
g = {}
for r in csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8-sig")):
    k = (r["Region"], r["Order Date"].split("/")[2])
    n, s = g.get(k, (0, Decimal(0)))
    g[k] = (n + 1, s + Decimal(r["Sales"]))
print("Region,closed:year,deals,won_amount")
for k in sorted(g):
    n, s = g[k]
    print("%s,%s,%d,%s" % (k[0], k[1], n, s.quantize(Decimal("0.01"), ROUND_HALF_UP)))
PY
	diff "$T/want.csv" "$T/got.csv"
}

@test "-Q: quota and attainment per rep and period, summed from finer periods" {
	# Ann: January 100 of quota 200 = 0.5000; February 50 of 100.
	# Bo's quarterly quota cannot be cut into months: an error.
	# Per quarter: Ann 150 of 200 + 100 = 0.5000; Bo 30 of 90 = 0.3333.
	printf 'id,rep,stage,amount,closed\n1,Ann,won,100,2026-01-10\n2,Ann,won,50,2026-02-10\n3,Bo,won,30,2026-01-02\n4,Bo,lost,10,2026-01-03\n5,Cy,won,5,2026-01-05\n' >"$T/d.csv"
	printf 'rep,period,quota\nAnn,2026-01,200\nAnn,2026-02,100\nBo,2026-Q1,90\n' >"$T/q.csv"
	run "$R" -Q "$T/q.csv" -g rep,closed:quarter --metrics won,won_amount "$T/d.csv"
	[ "$status" -eq 0 ]
	[ "$output" = "rep,closed:quarter,won,won_amount,quota,attainment
Ann,2026-Q1,2,150.00,300.00,0.5000
Bo,2026-Q1,1,30.00,90.00,0.3333
Cy,2026-Q1,1,5.00,," ]
	run --separate-stderr "$R" -Q "$T/q.csv" -g rep,closed:month "$T/d.csv"
	[ "$status" -eq 1 ]
	[ "$output" = "" ]
	[ "$stderr" = "sm-report: $T/q.csv:4: rep 'Bo': quota period '2026-Q1' (2026-01-01..2026-03-31) straddles 2026-01-01..2026-01-31" ]
	run --separate-stderr "$R" -Q "$T/q.csv" -g closed:month "$T/d.csv"
	[ "$status" -eq 2 ]
	run --separate-stderr "$R" --metrics attainment "$T/d.csv"
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = "sm-report: --metrics: quota and attainment need -Q FILE" ]
}

@test "real export: e-commerce attainment per category and month" {
	E="$REAL/ecommerce-targets"
	[ -f "$E/Sales target.csv" ] || skip "no ../shared"
	# Join orders to their dates and turn "Apr-18" targets into a quota
	# table; the expected attainment is computed here, apart from sm.
	python3 - "$E" "$T" <<'PY'
import csv, sys, datetime
from decimal import Decimal, ROUND_HALF_UP
e, t = sys.argv[1], sys.argv[2]
date = {r["Order ID"]: r["Order Date"] for r in
        csv.DictReader(open(e + "/List of Orders.csv", newline="")) if r["Order ID"]}
won = {}
with open(t + "/deals.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["category", "order_date", "amount"])
    for r in csv.DictReader(open(e + "/Order Details.csv", newline="")):
        d = date[r["Order ID"]]
        w.writerow([r["Category"], d, r["Amount"]])
        k = (r["Category"], d[6:10] + "-" + d[3:5])
        won[k] = won.get(k, Decimal(0)) + Decimal(r["Amount"])
quota = {}
with open(t + "/quota.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["rep", "period", "quota"])
    for r in csv.DictReader(open(e + "/Sales target.csv", newline="")):
        m = datetime.datetime.strptime(r["Month of Order Date"], "%b-%y")
        p = m.strftime("%Y-%m")
        w.writerow([r["Category"], p, r["Target"]])
        quota[(r["Category"], p)] = Decimal(r["Target"])
with open(t + "/want.csv", "w") as f:
    f.write("category,order_date:month,won_amount,quota,attainment\n")
    for k in sorted(won):
        q = quota.get(k)
        a = (won[k] / q).quantize(Decimal("0.0001"), ROUND_HALF_UP) if q else ""
        f.write("%s,%s,%s,%s,%s\n" % (k[0], k[1], won[k].quantize(Decimal("0.01")),
            q.quantize(Decimal("0.01")) if q is not None else "", a))
PY
	"$R" -m rep=category -m closed=order_date --date-format dmy \
	    -Q "$T/quota.csv" -g category,order_date:month \
	    --metrics won_amount,quota,attainment "$T/deals.csv" >"$T/got.csv"
	diff "$T/want.csv" "$T/got.csv"
	[ "$(wc -l <"$T/got.csv")" -eq 37 ]
}

@test "-o /dev/stdout writes in place and leaves the device link alone" {
	run bash -c "'$R' -g rep --metrics won -o /dev/stdout '$D/report-deals.csv' >'$T/o.txt'"
	[ "$status" -eq 0 ]
	[ "$(sed -n 3p "$T/o.txt")" = "Ana,1" ]
	[ -L /dev/stdout ] || [ -c /dev/stdout ]
}

@test "the rejects table reads back as a table, long and short rows included" {
	printf 'rep,stage,amount\nA,won,10,x\nB,lost\nC,won,5\n' >"$T/e.csv"
	run --separate-stderr "$R" --metrics won --rejects "$T/rj.csv" "$T/e.csv"
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "1" ]
	[ "$stderr" = "sm-report: 2 rows rejected" ]
	run --separate-stderr "$R" --metrics deals "$T/rj.csv"
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "2" ]
	grep -q "^A,won,10,.*found 4; fields beyond the header: x\"\$" "$T/rj.csv"
	grep -q '^B,lost,,' "$T/rj.csv"
}

@test "a --map column that the table lacks is a usage error, not ignored" {
	printf 'rep,stage,amount\nA,won,10\nB,lost,5\n' >"$T/m.csv"
	run --separate-stderr "$R" -m stage=stge -g rep --metrics won "$T/m.csv"
	[ "$status" -eq 2 ]
	[ "$stderr" = "sm-report: $T/m.csv: no column 'stge' for role 'stage' (columns: rep, stage, amount; closest: 'stage'); use --map stage=COLUMN" ]
	# The default column of an optional role may be absent.
	run "$R" -g rep --metrics won "$T/m.csv"
	[ "$status" -eq 0 ]
}

@test "one file as two outputs (-o and --rejects) is a usage error" {
	printf 'rep,stage,amount\nA,won,10\nB,lost\n' >"$T/b.csv"
	run --separate-stderr "$R" --rejects "$T/out.csv" -o "$T/out.csv" "$T/b.csv"
	[ "$status" -eq 2 ]
	[ "$stderr" = "sm-report: $T/out.csv: already an output of this run" ]
	[ ! -e "$T/out.csv" ]
	run --separate-stderr "$R" --rejects - "$T/b.csv"
	[ "$status" -eq 2 ]
	[ "$stderr" = "sm-report: standard output is already an output of this run" ]
}

@test "--funnel: an empty or repeated stage is a usage error" {
	run --separate-stderr "$R" --funnel P1,p1 "$D/report-funnel.csv"
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = "sm-report: --funnel: stage 'p1' given twice" ]
	run --separate-stderr "$R" --funnel P1, "$D/report-funnel.csv"
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = "sm-report: --funnel: empty stage name" ]
}
