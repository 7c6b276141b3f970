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

@test "--top without --sort: the first rows in key order, written as built" {
	run "$R" -g rep --metrics deals --top 2 "$D/report-deals.csv"
	[ "$status" -eq 0 ]
	[ "$output" = "rep,deals
,1
Ana,3" ]
	run "$R" -g rep --metrics deals --top 0 "$D/report-deals.csv"
	[ "$output" = "rep,deals" ]
	# --top counts rows: with --funnel, a group's stages are rows.
	run --separate-stderr "$R" -g rep --funnel Proposal,Negotiation \
	    --top 3 "$D/report-deals.csv"
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 4 ]
	[ "${lines[3]%%,*}" = "Ana" ]
}

@test "avg_won_amount is rounded once, to the decimals shown" {
	# 1.0049 and 1.0050 average 1.00495: 1.00, not 1.0050 then 1.01.
	printf 'rep,stage,amount\nr,Won,1.0049\nr,Won,1.0050\n' >"$T/a.csv"
	run "$R" -g rep --metrics avg_won_amount "$T/a.csv"
	[ "$output" = "rep,avg_won_amount
r,1.00" ]
	run "$R" -g rep --metrics avg_won_amount --decimals 3 "$T/a.csv"
	[ "${lines[1]}" = "r,1.005" ]
	# One 50.00 and 10,000 won deals of 0: 0.0049995.
	{ echo rep,stage,amount; echo r,Won,50.00
	  awk 'BEGIN { for (i = 0; i < 10000; i++) print "r,Won,0" }'; } \
	    >"$T/b.csv"
	run "$R" -g rep --metrics avg_won_amount "$T/b.csv"
	[ "${lines[1]}" = "r,0.00" ]
}

@test "--sort: numbers by exact value before text, text by bytes, NUL bytes too" {
	printf 'rep,amount\n0,1\n1,1\nNan,1\n0x20,1\n3,1\nInf,1\n-2.50,1\n10,1\n9,1\n1a,1\n,1\n' \
	    >"$T/s.csv"
	run "$R" -g rep --metrics deals --sort rep "$T/s.csv"
	[ "$(echo "$output" | cut -d, -f1 | tr '\n' ' ')" = \
	    "rep -2.50 0 1 3 9 10 0x20 1a Inf Nan  " ]
	run "$R" -g rep --metrics deals --sort rep:desc "$T/s.csv"
	[ "$(echo "$output" | cut -d, -f1 | tr '\n' ' ')" = \
	    "rep Nan Inf 1a 0x20 10 9 3 1 0 -2.50  " ]
	# Exactly, past what a double holds: ...7 < ...8.
	printf 'rep,amount\n123456789012345678.8,1\n123456789012345678.7,1\n' \
	    >"$T/e.csv"
	run "$R" -g rep --metrics deals --sort rep "$T/e.csv"
	[ "${lines[1]}" = "123456789012345678.7,1" ]
	# A label that starts with NUL is not empty; "a\0c" > "a\0b".
	printf 'rep,amount\nb,1\n\000z,2\na,3\n,4\n' >"$T/n.csv"
	"$R" -g rep --metrics deals --sort rep "$T/n.csv" | od -An -c |
	    tr -s ' \n' ' ' >"$T/n.out"
	[ "$(cat "$T/n.out")" = " r e p , d e a l s \n \0 z , 1 \n a , 1 \n b , 1 \n , 1 \n " ]
	printf 'rep,amount\na\000b,1\na\000c,2\na\000a,3\n' >"$T/m.csv"
	"$R" -g rep --metrics deals --sort rep:desc "$T/m.csv" | od -An -c |
	    tr -s ' \n' ' ' >"$T/m.out"
	[ "$(cat "$T/m.out")" = " r e p , d e a l s \n a \0 c , 1 \n a \0 b , 1 \n a \0 a , 1 \n " ]
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
	# Bad arguments of the options every program takes are usage
	# errors like --top's, with the same second line.
	run --separate-stderr "$R" --decimals 7 "$D/report-deals.csv"
	[ "$status" -eq 2 ]
	[ "$output" = "" ]
	[ "$stderr" = "sm-report: --decimals: invalid number '7': too large
Try 'sm-report --help' for more information." ]
	run --separate-stderr "$R" --top x "$D/report-deals.csv"
	[ "$stderr" = "sm-report: --top: invalid number 'x': invalid
Try 'sm-report --help' for more information." ]
	run --separate-stderr "$R" --fy-start 13 "$D/report-deals.csv"
	[ "$status" -eq 2 ]
	[ "${stderr##*$'\n'}" = "Try 'sm-report --help' for more information." ]
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
	[ "$stderr" = "sm-report: $T/q.csv:4: rep 'Bo': quota period '2026-Q1' (2026-01-01..2026-03-31) does not fit in the period 2026-01 of the report (2026-01-01..2026-01-31); quotas are added up, never split" ]
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
	[ "$stderr" = "sm-report: -o $T/out.csv and --rejects $T/out.csv name the same file" ]
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

# --to html: a checker of the page (html.parser of the standard library):
# it parses, every element closes in order, nothing is loaded from
# outside; it keeps the table's cells, the <svg> count, the <rect> and
# <polyline> elements of each chart and its texts.
html_checker() {
	cat >"$T/page.py" <<'PY'
import html.parser, sys

VOID = {"meta", "br", "hr", "img", "input", "link", "col", "area",
        "base", "embed", "source", "track", "wbr"}

class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.errors, self.tags = [], [], {}
        self.rows, self.cell, self.nsvg = [], None, 0
        self.rects, self.lines, self.texts = [], [], []
        self.title, self.charset, self.outside = None, None, []
        self.text = None

    def handle_starttag(self, tag, attrs):
        self.start(tag, dict(attrs))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.start(tag, dict(attrs))

    def start(self, tag, a):
        self.tags[tag] = self.tags.get(tag, 0) + 1
        for k in a:
            if k.startswith("on") or k in ("href", "src", "xlink:href"):
                self.outside.append((tag, k))
        if tag == "meta" and "charset" in a:
            self.charset = a["charset"]
        if tag == "svg":
            self.nsvg += 1
        if tag == "rect":
            self.rects.append((self.nsvg, a))
        if tag == "polyline":
            self.lines.append((self.nsvg, a))
        if tag == "tr":
            self.rows.append([])
        if tag in ("td", "th"):
            self.cell = [tag, a.get("class"), ""]
        if tag == "title" and "svg" not in self.stack:
            self.title = ""
        if tag == "text":
            self.text = ""

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append("</%s> in %s" % (tag, self.stack[-3:]))
        else:
            self.stack.pop()
        if tag in ("td", "th"):
            self.rows[-1].append(tuple(self.cell))
            self.cell = None
        if tag == "text":
            self.texts.append((self.nsvg, self.text))
            self.text = None

    def handle_data(self, d):
        if self.cell is not None:
            self.cell[2] += d
        if self.title is not None and "title" in self.stack and \
                "svg" not in self.stack:
            self.title += d
        if self.text is not None:
            self.text += d

def parse(path):
    raw = open(path, "rb").read()
    p = Page()
    p.feed(raw.decode("utf-8"))
    p.close()
    assert raw.startswith(b"<!DOCTYPE html>\n"), raw[:40]
    assert raw.endswith(b"</html>\n"), raw[-40:]
    assert p.errors == [] and p.stack == [], (p.errors, p.stack)
    assert p.charset == "utf-8"
    for t in ("script", "link", "img", "iframe", "object", "embed", "base"):
        assert t not in p.tags, t
    assert p.outside == [], p.outside
    assert p.tags.get("style") == 1 and p.tags.get("table") == 1
    assert p.tags.get("thead") == 1 and p.tags.get("tbody") == 1
    assert b"http" not in raw and b"url(" not in raw and b"@import" not in raw
    return p

def cells(p):
    return [[c[2] for c in r] for r in p.rows]
PY
}

@test "--to html: a page that parses and holds the table; no charts without -Q, --funnel or a period" {
	html_checker
	"$R" -g rep --to html "$D/report-deals.csv" >"$T/p.html"
	# The figures of the first test, worked by hand there.
	python3 - "$T" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
from page import parse, cells
p = parse(sys.argv[1] + "/p.html")
assert p.title == "sm-report: rep", p.title
assert p.nsvg == 0, p.nsvg
assert cells(p) == [
    ["rep", "deals", "open", "won", "lost", "win_rate", "won_amount",
     "avg_won_amount", "pipeline_amount", "median_cycle_days"],
    ["", "1", "1", "0", "0", "", "0.00", "", "300.00", ""],
    ["Ana", "3", "1", "1", "1", "0.5000", "1000.00", "1000.00", "2000.00",
     "10"],
    ["Ben", "4", "0", "3", "1", "0.7500", "202.60", "67.53", "0.00", "20"],
    ["Cy", "2", "0", "2", "0", "1.0000", "1000.00", "1000.00", "0.00",
     "14.5"]], cells(p)
# Numbers right-aligned: every metric column, not the rep column.
assert [c[1] for c in p.rows[0]] == [None] + ["n"] * 9, p.rows[0]
assert [c[1] for c in p.rows[2]] == [None] + ["n"] * 9, p.rows[2]
assert all(c[0] == "th" for c in p.rows[0])
assert all(c[0] == "td" for r in p.rows[1:] for c in r)
PY
	# Without groups: one row, the title alone.
	"$R" --metrics deals,won --to html "$D/report-deals.csv" >"$T/p.html"
	python3 - "$T" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
from page import parse, cells
p = parse(sys.argv[1] + "/p.html")
assert p.title == "sm-report" and p.nsvg == 0
assert cells(p) == [["deals", "won"], ["10", "6"]], cells(p)
PY
}

@test "--to html: cells are escaped; --excel-safe changes nothing" {
	html_checker
	printf 'rep,stage,amount\n"<script>&""'"'"'",won,10\n=1+1,won,5\nK\303\266ln,lost,1\n' \
	    >"$T/x.csv"
	"$R" -g rep --metrics won --to html "$T/x.csv" >"$T/p.html"
	grep -qF '<td>&lt;script&gt;&amp;&quot;&#39;</td>' "$T/p.html"
	[ "$(grep -c '<script' "$T/p.html")" -eq 0 ]
	"$R" -g rep --metrics won --excel-safe --to html "$T/x.csv" >"$T/q.html"
	cmp "$T/p.html" "$T/q.html"
	python3 - "$T" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
from page import parse, cells
p = parse(sys.argv[1] + "/p.html")
# Byte order of the keys: '<' (0x3c) < '=' (0x3d) < 'K'.
assert cells(p) == [["rep", "won"], ["<script>&\"'", "1"], ["=1+1", "1"],
                    ["K\u00f6ln", "0"]], cells(p)
PY
}

@test "--to html with -Q: attainment bars of the widths worked by hand, and the trend" {
	html_checker
	# As in the -Q test: Ann 150 of 300 = 0.5, Bo 30 of 90 = 1/3, Cy
	# without a quota.  Bars are 400 x attainment wide (axis 100%):
	# Ann 200, Bo 133.3 -> 133; Cy none; the 100% mark at x 560.
	# The trend has one period (2026-Q1) and three series.
	printf 'id,rep,stage,amount,closed\n1,Ann,won,100,2026-01-10\n2,Ann,won,50,2026-02-10\n3,Bo,won,30,2026-01-02\n4,Bo,lost,10,2026-01-03\n5,Cy,won,5,2026-01-05\n' >"$T/d.csv"
	printf 'rep,period,quota\nAnn,2026-01,200\nAnn,2026-02,100\nBo,2026-Q1,90\n' >"$T/q.csv"
	run "$R" -Q "$T/q.csv" -g rep,closed:quarter --metrics won_amount \
	    --to html -o "$T/p.html" "$T/d.csv"
	[ "$status" -eq 0 ]
	[ "$output" = "" ]
	python3 - "$T" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
from page import parse, cells
p = parse(sys.argv[1] + "/p.html")
assert p.title == "sm-report: rep, closed:quarter"
assert p.nsvg == 2, p.nsvg
bars = [(r["y"], r["width"]) for s, r in p.rects if s == 1]
assert bars == [("24", "200"), ("46", "133")], bars
texts = [t for s, t in p.texts if s == 1]
assert texts == ["Ann / 2026-Q1", "50.0%", "Bo / 2026-Q1", "33.3%",
                 "Cy / 2026-Q1", "100%"], texts
assert len([l for s, l in p.lines if s == 2]) == 3
assert cells(p)[1:] == [["Ann", "2026-Q1", "150.00", "300.00", "0.5000"],
                        ["Bo", "2026-Q1", "30.00", "90.00", "0.3333"],
                        ["Cy", "2026-Q1", "5.00", "", ""]], cells(p)
PY
	grep -q '<line x1="560" y1="18" x2="560"' "$T/p.html"
	# --sort and --top choose the bars too: Ann's alone.
	"$R" -Q "$T/q.csv" -g rep,closed:quarter --metrics won_amount \
	    --sort attainment:desc --top 1 --to html "$T/d.csv" >"$T/p.html"
	python3 - "$T" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
from page import parse, cells
p = parse(sys.argv[1] + "/p.html")
assert p.nsvg == 2
assert [r["width"] for s, r in p.rects if s == 1] == ["200"]
assert len([l for s, l in p.lines if s == 2]) == 1
assert len(p.rows) == 2 and p.rows[1][0][2] == "Ann"
PY
	# Without the attainment metric, the trend alone.
	"$R" -Q "$T/q.csv" -g rep,closed:quarter --metrics quota --to html \
	    "$T/d.csv" >"$T/p.html"
	[ "$(grep -c '<svg' "$T/p.html")" -eq 1 ]
}

@test "--to html --funnel: a panel per group, the leak marked, bar widths by hand" {
	html_checker
	# Ana reached P1 8, P2 4, P3 3 (leak P1); Ben 2, 2, 1 (leak P2).
	# A bar is 400 x reached / the panel's first: Ana 400, 200, 150
	# (centred: x 160, 260, 285); Ben 400, 400, 200.
	run --separate-stderr "$R" -g rep --funnel P1,P2,P3 --to html \
	    "$D/report-funnel.csv"
	[ "$status" -eq 0 ]
	[ "$stderr" = "sm-report: 1 open deal in stages not in --funnel" ]
	echo "$output" >"$T/p.html"
	python3 - "$T" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
from page import parse, cells
p = parse(sys.argv[1] + "/p.html")
assert p.nsvg == 1, p.nsvg
bars = [(r["x"], r["width"], r["fill"]) for s, r in p.rects]
assert bars == [("160", "400", "#d55e00"), ("260", "200", "#56b4e9"),
                ("285", "150", "#56b4e9"), ("160", "400", "#56b4e9"),
                ("160", "400", "#d55e00"), ("260", "200", "#56b4e9")], bars
t = [x for s, x in p.texts]
assert t == ["Ana", "P1", "8 leak", "P2", "4", "P3", "3",
             "Ben", "P1", "2", "P2", "2 leak", "P3", "1"], t
assert cells(p)[1] == ["Ana", "P1", "8", "4", "0.5000", "yes"]
PY
	# No groups: one panel, "all deals": reached 10, 6, 4; P1 leaks
	# (6/10 < 4/6 < 3/4).  Widths 400, 240, 160.
	"$R" --funnel P1,P2,P3 --to html "$D/report-funnel.csv" \
	    >"$T/p.html" 2>/dev/null
	python3 - "$T" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
from page import parse
p = parse(sys.argv[1] + "/p.html")
assert [r["width"] for s, r in p.rects] == ["400", "240", "160"]
assert [x for s, x in p.texts][:3] == ["all deals", "P1", "10 leak"]
PY
}

@test "--to html --funnel: more than 8 groups make one panel of their totals" {
	html_checker
	# Nine reps: each has one deal open in P1 and one won; rep R9 has
	# one more in P2.  Totals: P1 reached 19, P2 reached 10, won 9:
	# conversion P1 10/19, P2 9/10: P1 leaks.  Widths 400 and
	# 400 x 10 / 19 = 210.5 -> 211 (x 160 + 189 / 2 = 254).
	{
		echo 'rep,stage'
		for i in 1 2 3 4 5 6 7 8 9; do echo "R$i,P1"; echo "R$i,won"; done
		echo 'R9,P2'
	} >"$T/f.csv"
	"$R" -g rep --funnel P1,P2 --to html "$T/f.csv" >"$T/p.html"
	python3 - "$T" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
from page import parse
p = parse(sys.argv[1] + "/p.html")
assert p.nsvg == 1
assert [(r["x"], r["width"]) for s, r in p.rects] == \
    [("160", "400"), ("254", "211")], p.rects
assert [x for s, x in p.texts] == ["total of 9 groups", "P1", "19 leak",
                                   "P2", "10"], p.texts
PY
}

@test "--to html: a trend per period, gaps at 0, deals without an amount, 8 series at most" {
	html_checker
	# Won amounts per closed month of report-deals.csv: 2026-01 D1 1000
	# + D4 101.10 = 1101.10; 02 D5 50.20; 03 D6 51.30; 04 D9 1000 (D8
	# has none); D10 has no date and is left out.  Axis: a quarter of
	# 1101.10 is 275.275, step 500, 0..1500; y = 240 - 220 v / 1500:
	# 161.5 -> 79, 7.36 -> 233, 7.52 -> 232, 146.7 -> 93; x 80 +
	# 520 i / 3: 80, 253, 427, 600.
	"$R" -g closed:month --to html "$D/report-deals.csv" >"$T/p.html"
	python3 - "$T" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
from page import parse
p = parse(sys.argv[1] + "/p.html")
assert p.nsvg == 1
assert [l["points"] for s, l in p.lines] == \
    ["80,79 253,233 427,232 600,93"], p.lines
t = [x for s, x in p.texts]
assert t[:4] == ["0", "500", "1000", "1500"], t
assert t[4:] == ["2026-01", "2026-02", "2026-03", "2026-04", "total"], t
PY
	grep -q '<title>won_amount per closed:month</title>' "$T/p.html"
	# January and March only: February counts 0.  100 -> y 20, 0 ->
	# 240, 50 -> 130; x 80, 340, 600.  Without an amount column: deals,
	# 1 in January, 0, 2 in March: axis 0..2 in steps of 1.
	printf 'rep,amount,closed\nA,100,2026-01-05\nA,20,2026-03-02\nA,30,2026-03-09\n' >"$T/g.csv"
	"$R" -g closed:month --to html "$T/g.csv" >"$T/p.html"
	grep -q 'points="80,20 340,240 600,130"' "$T/p.html"
	cut -d, -f1,3 "$T/g.csv" >"$T/n.csv"
	"$R" -g closed:month --to html "$T/n.csv" >"$T/p.html"
	grep -q '<title>deals per closed:month</title>' "$T/p.html"
	grep -q 'points="80,130 340,240 600,20"' "$T/p.html"
	# Nine reps: one total line; eight: a line each.
	{
		echo 'rep,amount,closed'
		for i in 1 2 3 4 5 6 7 8 9; do echo "R$i,$i,2026-0$i-01"; done
	} >"$T/s.csv"
	"$R" -g rep,closed:month --to html "$T/s.csv" >"$T/p.html"
	[ "$(grep -c '<polyline' "$T/p.html")" -eq 1 ]
	grep -q '<text x="94" y="276">total</text>' "$T/p.html"
	"$R" -g rep,closed:month --top 8 --to html "$T/s.csv" >"$T/p.html"
	[ "$(grep -c '<polyline' "$T/p.html")" -eq 8 ]
	python3 - "$T" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
from page import parse
parse(sys.argv[1] + "/p.html")
PY
}

@test "--to html -o is atomic; /dev/full exits 1; a closed pipe is quiet" {
	echo old >"$T/p.html"
	run "$R" -g rep --to html -o "$T/p.html" "$D/report-deals.csv"
	[ "$status" -eq 0 ]
	[ "$output" = "" ]
	[ "$(head -1 "$T/p.html")" = "<!DOCTYPE html>" ]
	echo old >"$T/p.html"
	run "$R" -g rep --to html -o "$T/p.html" "$T/missing.csv"
	[ "$status" -eq 1 ]
	[ "$(cat "$T/p.html")" = "old" ]
	[ "$(ls -A "$T" | grep -c '^\.p\.html')" -eq 0 ]
	run --separate-stderr sh -c "'$R' -g rep --to html '$D/report-deals.csv' >/dev/full"
	[ "$status" -eq 1 ]
	[ "$stderr" = "sm-report: write error: stdout: No space left on device" ]
	for i in $(seq 1 3000); do echo "D$i,Rep$i,Won,1"; done |
	    sed '1i id,rep,stage,amount' >"$T/many.csv"
	run bash -c "set -o pipefail; '$R' -g rep --to html '$T/many.csv' | head -1"
	[ "$status" -eq 0 ]
	[ "$output" = "<!DOCTYPE html>" ]
}

@test "real export: Maven CRM as html holds the cells of the CSV report" {
	[ -f "$REAL/maven-crm/sales_pipeline.csv" ] || skip "no real data"
	html_checker
	M="-m rep=sales_agent -m stage=deal_stage -m amount=close_value -m created=engage_date -m closed=close_date"
	"$R" $M -g rep,closed:quarter "$REAL/maven-crm/sales_pipeline.csv" >"$T/r.csv"
	"$R" $M -g rep,closed:quarter --to html "$REAL/maven-crm/sales_pipeline.csv" >"$T/p.html"
	"$R" $M -g rep --funnel Prospecting,Engaging --to html \
	    "$REAL/maven-crm/sales_pipeline.csv" >"$T/f.html"
	python3 - "$T" "$REAL/maven-crm/sales_pipeline.csv" <<'PY'
import csv, sys
from collections import defaultdict
sys.path.insert(0, sys.argv[1])
from page import parse, cells
p = parse(sys.argv[1] + "/p.html")
assert cells(p) == list(csv.reader(open(sys.argv[1] + "/r.csv")))
# 30 reps: the trend is one line of totals per quarter, and those are
# the won close_value per quarter of closing, summed here.
won = defaultdict(int)
for r in csv.DictReader(open(sys.argv[2])):
    if r["deal_stage"] == "Won":
        y, m = r["close_date"][:4], int(r["close_date"][5:7])
        won["%s-Q%d" % (y, (m + 2) // 3)] += int(r["close_value"] or 0)
assert p.nsvg == 1 and len(p.lines) == 1
q = sorted(won)
pts = [tuple(map(int, xy.split(","))) for xy in p.lines[0][1]["points"].split()]
assert len(pts) == len(q), (pts, q)
# The highest quarter is the highest point (the least y).
assert min(pts, key=lambda xy: xy[1]) == pts[q.index(max(q, key=won.get))]
f = parse(sys.argv[1] + "/f.html")
assert f.nsvg == 1
assert [x for s, x in f.texts][0] == "total of 30 groups"
PY
}

@test "a metric given twice is a usage error, before any output" {
	run --separate-stderr "$R" --metrics won,deals,won "$D/report-deals.csv"
	[ "$status" -eq 2 ]
	[ "$output" = "" ]
	[ "$stderr" = "sm-report: --metrics: 'won' given twice
Try 'sm-report --help' for more information." ]
}

@test "a group headed as an output column is a usage error; another case is a header of its own" {
	# A table that counts something in a column named 'deals'.
	printf 'rep,deals,stage\nAna,2,won\nBen,2,lost\nCy,5,won\n' \
	    >"$T/d.csv"
	run --separate-stderr "$R" -g deals "$T/d.csv"
	[ "$status" -eq 2 ]
	[ "$output" = "" ]
	[ "$stderr" = "sm-report: -g: 'deals' would head two columns, the group's and the metric's; group by 'Deals' (columns match ignoring case) or choose --metrics without deals
Try 'sm-report --help' for more information." ]
	# Either way out gives a report that reads back: group 2 holds
	# Ana (won) and Ben (lost), group 5 Cy (won).
	run --separate-stderr "$R" -g Deals --metrics deals,won "$T/d.csv"
	[ "$status" -eq 0 ]
	[ "$output" = "Deals,deals,won
2,2,1
5,1,1" ]
	"$R" -g Deals --metrics deals,won "$T/d.csv" >"$T/back.csv"
	run "$R" -g Deals --metrics deals "$T/back.csv"
	[ "$status" -eq 0 ]
	[ "$output" = "Deals,deals
2,1
5,1" ]
	run "$R" -g deals --metrics won,lost "$T/d.csv"
	[ "$status" -eq 0 ]
	[ "$output" = "deals,won,lost
2,1,1
5,1,0" ]
	# -Q adds quota and attainment, which are output columns too.
	printf 'rep,period,quota\nAna,2026-01,10\n' >"$T/q.csv"
	printf 'rep,quota,stage,closed\nAna,x,won,2026-01-05\n' >"$T/dq.csv"
	run --separate-stderr "$R" -Q "$T/q.csv" -g rep,closed:month,quota \
	    "$T/dq.csv"
	[ "$status" -eq 2 ]
	[ "${stderr%%$'\n'*}" = "sm-report: -g: 'quota' would head two columns, the group's and the metric's; group by 'Quota' (columns match ignoring case) or choose --metrics without quota" ]
}

@test "--funnel: a group headed as a funnel column, or a group given twice, is a usage error" {
	run --separate-stderr "$R" -g stage --funnel Proposal,Negotiation \
	    "$D/report-deals.csv"
	[ "$status" -eq 2 ]
	[ "$output" = "" ]
	[ "$stderr" = "sm-report: -g: 'stage' would head two columns, the group's and --funnel's; group by 'Stage' (columns match ignoring case)
Try 'sm-report --help' for more information." ]
	run --separate-stderr "$R" -g rep,closed:month,rep "$D/report-deals.csv"
	[ "$status" -eq 2 ]
	[ "$output" = "" ]
	[ "$stderr" = "sm-report: -g: 'rep' given twice
Try 'sm-report --help' for more information." ]
	# Distinct labels of one column are distinct headers.
	run "$R" -g rep,Rep --metrics deals "$D/report-deals.csv"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "rep,Rep,deals" ]
	[ "${lines[2]}" = "Ana,Ana,3" ]
}

@test "a value is checked only where it is read: a bad close date of an open deal (the manual's case)" {
	# D1 is open with close date 'soon'; D2 won 50 in 10 days; D3
	# lost, with bad dates that nothing reads.
	printf 'id,rep,stage,amount,created,closed\nD1,Ann,Proposal,100,2026-01-02,soon\nD2,Ann,Won,50,2026-01-01,2026-01-11\nD3,Ann,Lost,20,later,never\n' \
	    >"$T/o.csv"
	# -g rep reads no close date of an open or lost deal: Ann has 3
	# deals, 1 open (100), 1 won (50, 10 days), 1 lost.
	run --separate-stderr "$R" -g rep "$T/o.csv"
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	[ "$output" = "rep,deals,open,won,lost,win_rate,won_amount,avg_won_amount,pipeline_amount,median_cycle_days
Ann,3,1,1,1,0.5000,50.00,50.00,100.00,10" ]
	# -g closed:month needs every row's close date: D1 is the first
	# that lacks one.
	run --separate-stderr "$R" -g rep,closed:month "$T/o.csv"
	[ "$status" -eq 1 ]
	[ "$output" = "" ]
	[ "$stderr" = "sm-report: $T/o.csv:2: column 'closed': not a date (expected YYYY-MM-DD; see --date-format): 'soon'" ]
	# With --rejects both D1 and D3 go there, whole; D2 alone counts.
	run --separate-stderr "$R" -g rep,closed:month --rejects "$T/rj.csv" \
	    "$T/o.csv"
	[ "$status" -eq 0 ]
	[ "$stderr" = "sm-report: 2 rows rejected" ]
	[ "$output" = "rep,closed:month,deals,open,won,lost,win_rate,won_amount,avg_won_amount,pipeline_amount,median_cycle_days
Ann,2026-01,1,0,1,0,1.0000,50.00,50.00,0.00,10" ]
	[ "$(cut -d, -f1 "$T/rj.csv")" = "id
D1
D3" ]
	# A won deal's dates are read for the cycle whatever --metrics
	# asks; the amount of every deal too.
	printf 'id,stage,amount,created,closed\nW,Won,50,2026-01-01,soon\n' \
	    >"$T/w.csv"
	run --separate-stderr "$R" --metrics deals "$T/w.csv"
	[ "$status" -eq 1 ]
	[ "$stderr" = "sm-report: $T/w.csv:2: column 'closed': not a date (expected YYYY-MM-DD; see --date-format): 'soon'" ]
	printf 'id,stage,amount\nA,Proposal,lots\n' >"$T/a.csv"
	run --separate-stderr "$R" --metrics deals "$T/a.csv"
	[ "$status" -eq 1 ]
	[ "$stderr" = "sm-report: $T/a.csv:2: column 'amount': not a money amount: 'lots'" ]
}

@test "--to: an unknown format names the formats it writes" {
	run --separate-stderr "$R" --to xml "$D/report-deals.csv"
	[ "$status" -eq 2 ]
	[ "$output" = "" ]
	[ "$stderr" = "sm-report: --to: sm-report writes csv, tsv, json, pretty, markdown or html, not 'xml'
Try 'sm-report --help' for more information." ]
}
