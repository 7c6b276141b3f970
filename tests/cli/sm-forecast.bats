#!/usr/bin/env bats
# Command-line tests of sm-forecast.  Expected figures are worked out by
# hand in the comments, or by tests/data/forecast-ref.py, an independent
# python3 reading of the manual's formulas over the same files.

bats_require_minimum_version 1.5.0

setup() {
	F="$SM_BIN/sm-forecast"
	D="$SM_TOP/tests/data"
	REF="$D/forecast-ref.py"
	REAL="$SM_TOP/../shared/data/real"
	T="$BATS_TEST_TMPDIR"
	DEALS="$D/forecast-deals.csv"
	QUOTAS="$D/forecast-quotas.tsv"
	SLIP1="sm-forecast: $DEALS:7: slipped: id 'B2', rep 'Bob', close date 2026-01-30, amount 5000.00"
	SLIP2="sm-forecast: $DEALS:9: slipped: id 'B4', rep 'Bob', close date 2025-12-20, amount 12000.00"
	NOAMT="sm-forecast: 1 open deal in 2026-Q1 without an amount: counted, with no value"
	HDR="quota,closed_won,pipeline,weighted,commit,best_case,forecast,pace,gap,coverage,status"
}

# dropcol FILE NAME: FILE without column NAME, through python's csv.
dropcol() {
	python3 -c '
import csv, sys
r = list(csv.reader(open(sys.argv[1], newline="")))
i = r[0].index(sys.argv[2])
w = csv.writer(sys.stdout, lineterminator="\n")
for row in r:
    w.writerow(row[:i] + row[i + 1:])' "$1" "$2"
}

# 2026-Q1 as of Friday 2026-02-13: 64 business days (January 22,
# February 20, March 22), 32 elapsed (January 22 + February 2-6, 9-13).
#
# Ann: D3 won 50000 in Q1; D1 open 10000 x 0.5 best case, D2 open 20000
#   x 0.8 commit; D4 lost.  pipeline 30000, weighted 5000 + 16000 =
#   21000, commit 20000, best case 10000, forecast 71000.  Quota
#   30000 x 3 months = 90000 (the April row is outside); pace 90000 x
#   32/64 = 45000; 50000 >= 45000 on-track; gap 90000 - 71000 = 19000;
#   coverage 30000 / (90000 - 50000) = 0.75.
# Bob: B1 won 40000; B2 open $5,000.00 x 35% slipped (2026-01-30 <
#   as-of); B4 open 12000 x 60% commit slipped from 2025-12-20; B3
#   omitted; B5 won in 2025-Q4 and B6 due in 2026-Q2 are outside.
#   pipeline 17000, weighted 1750 + 7200 = 8950, commit 12000, best
#   case 0, forecast 48950.  Quota 90000, pace 45000: 40000 < 45000
#   behind (the issue's case); gap 41050; coverage 17000 / 50000 = 0.34.
# Cy: C1 open without an amount: pipeline, weighted and forecast
#   unknown; no quota.
# Dee: a quota of 45000 and no deal: pace 22500, behind.
@test "period forecast per rep with quotas, worked by hand" {
	run --separate-stderr "$F" -a 2026-02-13 -g rep -Q "$QUOTAS" "$DEALS"
	[ "$status" -eq 0 ]
	[ "$output" = "period,rep,$HDR
2026-Q1,Ann,90000.00,50000.00,30000.00,21000.00,20000.00,10000.00,71000.00,45000.00,19000.00,0.7500,on-track
2026-Q1,Bob,90000.00,40000.00,17000.00,8950.00,12000.00,0.00,48950.00,45000.00,41050.00,0.3400,behind
2026-Q1,Cy,,0.00,,,0.00,0.00,,,,,
2026-Q1,Dee,45000.00,0.00,0.00,0.00,0.00,0.00,0.00,22500.00,45000.00,0.0000,behind" ]
	[ "$stderr" = "$SLIP1
$SLIP2
$NOAMT" ]
}

@test "--quota and --quotas (sm-report's spelling) are -Q" {
	run --separate-stderr "$F" -a 2026-02-13 -g rep -Q "$QUOTAS" "$DEALS"
	[ "$status" -eq 0 ]
	want=$output
	run --separate-stderr "$F" -a 2026-02-13 -g rep --quota "$QUOTAS" \
	    "$DEALS"
	[ "$status" -eq 0 ]
	[ "$output" = "$want" ]
	run --separate-stderr "$F" -a 2026-02-13 -g rep --quotas="$QUOTAS" \
	    "$DEALS"
	[ "$status" -eq 0 ]
	[ "$output" = "$want" ]
	[ -n "$want" ]
}

@test "no -g: every rep's quota; the sums skip what has no value" {
	# quota 90000 + 90000 + 45000 = 225000; closed_won 90000;
	# pipeline 30000 + 17000 (Cy has none) = 47000; weighted 29950;
	# commit 32000; best case 10000; forecast 119950; pace 112500;
	# gap 105050; coverage 47000 / 135000 = 0.34815 -> 0.3481.
	run --separate-stderr "$F" -a 2026-02-13 -Q "$QUOTAS" "$DEALS"
	[ "$status" -eq 0 ]
	[ "$output" = "period,$HDR
2026-Q1,225000.00,90000.00,47000.00,29950.00,32000.00,10000.00,119950.00,112500.00,105050.00,0.3481,behind" ]
}

@test "-g territory: the quota of the reps who sell there" {
	# East: Ann (90000) and Cy (none); West: Bob (90000).
	run --separate-stderr "$F" -a 2026-02-13 -g territory -Q "$QUOTAS" \
	    "$DEALS"
	[ "$status" -eq 0 ]
	[ "$output" = "period,territory,$HDR
2026-Q1,East,90000.00,50000.00,30000.00,21000.00,20000.00,10000.00,71000.00,45000.00,19000.00,0.7500,on-track
2026-Q1,West,90000.00,40000.00,17000.00,8950.00,12000.00,0.00,48950.00,45000.00,41050.00,0.3400,behind" ]
}

@test "the issue's pace: quota 90,000, won 40,000 as of 2026-02-13" {
	printf 'rep,period,quota\nX,2026-Q1,"90,000.00"\n' >"$T/q.csv"
	printf 'rep,stage,amount,closed\nX,Won,40000,2026-01-07\n' >"$T/d.csv"
	run --separate-stderr "$F" -a 2026-02-13 -g rep -Q "$T/q.csv" "$T/d.csv"
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "2026-Q1,X,90000.00,40000.00,0.00,0.00,,,40000.00,45000.00,50000.00,0.0000,behind" ]
	# The last day: pace is the whole quota.
	run --separate-stderr "$F" -a 2026-03-31 -g rep -Q "$T/q.csv" "$T/d.csv"
	[ "${lines[1]}" = "2026-Q1,X,90000.00,40000.00,0.00,0.00,,,40000.00,90000.00,50000.00,0.0000,behind" ]
}

@test "--holidays: fewer business days" {
	# 2026-01-19 off: 31 of 63 days; 90000 x 31/63 = 44285.714 ->
	# 44285.71; 45000 x 31/63 = 22142.857 -> 22142.86.
	printf '# holidays\n2026-01-19\n' >"$T/hol.txt"
	run --separate-stderr "$F" -a 2026-02-13 -g rep -Q "$QUOTAS" --holidays "$T/hol.txt" \
	    "$DEALS"
	[ "$status" -eq 0 ]
	[ "$(echo "$output" | cut -d, -f2,10,13)" = "rep,pace,status
Ann,44285.71,on-track
Bob,44285.71,behind
Cy,,
Dee,22142.86,behind" ]
}

@test "an omitted deal counts in no column" {
	grep -v '^B3,' "$DEALS" >"$T/no-b3.csv"
	run --separate-stderr "$F" -a 2026-02-13 -g rep "$DEALS"
	a=$output
	run --separate-stderr "$F" -a 2026-02-13 -g rep "$T/no-b3.csv"
	[ "$output" = "$a" ]
	# Omitted won and open deals alone: nothing anywhere.
	printf 'stage,amount,closed,forecast_category,probability\nWon,10,2026-01-05,omitted,\nOpen,20,2026-03-01,Omitted,50\n' \
	    >"$T/om.csv"
	run --separate-stderr "$F" -a 2026-02-13 "$T/om.csv"
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "2026-Q1,,0.00,0.00,0.00,0.00,0.00,0.00,,,," ]
}

@test "without a category column commit and best case are empty" {
	# B3 is then an ordinary open deal: Bob's pipeline 17000 + 8000,
	# weighted 8950 + 800.
	dropcol "$DEALS" forecast_category >"$T/nocat.csv"
	run --separate-stderr "$F" -a 2026-02-13 -g rep "$T/nocat.csv"
	[ "$status" -eq 0 ]
	[ "$output" = "period,rep,$HDR
2026-Q1,Ann,,50000.00,30000.00,21000.00,,,71000.00,,,,
2026-Q1,Bob,,40000.00,25000.00,9750.00,,,49750.00,,,,
2026-Q1,Cy,,0.00,,,,,,,,," ]
}

@test "--stage-prob, and open deals without a probability" {
	dropcol "$DEALS" probability >"$T/noprob.csv"
	run --separate-stderr "$F" -a 2026-02-13 -g rep "$T/noprob.csv"
	[ "$status" -eq 2 ]
	[ "$output" = "" ]
	[ "$stderr" = "$(echo "$SLIP1" | sed "s|$DEALS:7|$T/noprob.csv:7|")
$(echo "$SLIP2" | sed "s|$DEALS:9|$T/noprob.csv:9|")
sm-forecast: no probability for 5 open deals in stages 'Proposal', 'Negotiation', 'Prospecting'; give --stage-prob STAGE=P,... or a probability column
Try 'sm-forecast --help' for more information." ]
	# Bob: B2 Proposal 5000 x 0.5 + B4 Negotiation 12000 x 80% = 12100.
	run --separate-stderr "$F" -a 2026-02-13 -g rep --stage-prob proposal=0.5,NEGOTIATION=80% \
	    --stage-prob Prospecting=20 "$T/noprob.csv"
	[ "$status" -eq 0 ]
	[ "$(echo "$output" | cut -d, -f2,6,9)" = "rep,weighted,forecast
Ann,21000.00,71000.00
Bob,12100.00,52100.00
Cy,," ]
	# An empty probability falls back on the stage's.
	printf 'stage,amount,closed,probability\nOpen,100,2026-03-01,\nOpen,100,2026-03-02,10\n' \
	    >"$T/mixed.csv"
	run --separate-stderr "$F" -a 2026-02-13 --stage-prob open=0.5 "$T/mixed.csv"
	[ "${lines[1]}" = "2026-Q1,,0.00,200.00,60.00,,,60.00,,,," ]
}

@test "--stage-prob: bad arguments are usage errors" {
	run --separate-stderr "$F" --stage-prob Proposal "$DEALS"
	[ "$status" -eq 2 ]
	[ "$stderr" = "sm-forecast: --stage-prob: expected STAGE=P, found 'Proposal'
Try 'sm-forecast --help' for more information." ]
	run --separate-stderr "$F" --stage-prob Proposal=150% "$DEALS"
	[ "$status" -eq 2 ]
	[[ "$stderr" == "sm-forecast: --stage-prob: probability above 100%: '150%'"* ]]
}

@test "--slipped FILE: the slipped deals as a table" {
	run --separate-stderr "$F" -a 2026-02-13 -g rep --slipped "$T/slip.csv" \
	    "$DEALS"
	[ "$status" -eq 0 ]
	[ "${lines[2]}" = "2026-Q1,Bob,,40000.00,17000.00,8950.00,12000.00,0.00,48950.00,,,," ]
	[ "$stderr" = "sm-forecast: 2 slipped deals written to $T/slip.csv
$NOAMT" ]
	[ "$(cat "$T/slip.csv")" = "id,rep,closed,amount
B2,Bob,2026-01-30,5000.00
B4,Bob,2025-12-20,12000.00" ]
	run --separate-stderr "$F" -a 2026-02-13 --slipped "$T/slip.tsv" --to tsv "$DEALS"
	[ "$(sed -n 2p "$T/slip.tsv")" = "$(printf 'B2\tBob\t2026-01-30\t5000.00')" ]
}

@test "--fy-start 2: the fiscal quarter FY2027-Q1" {
	# 2026-02-01..2026-04-30: D3 (January) is out, B6 (April 2) in:
	# Bob's pipeline 5000 + 12000 + 9000 = 26000, weighted 1750 + 7200
	# + 4500 = 13450, best case 9000, forecast 53450.
	run --separate-stderr "$F" -a 2026-02-13 -g rep --fy-start 2 "$DEALS"
	[ "$status" -eq 0 ]
	[ "$output" = "period,rep,$HDR
FY2027-Q1,Ann,,0.00,30000.00,21000.00,20000.00,10000.00,21000.00,,,,
FY2027-Q1,Bob,,40000.00,26000.00,13450.00,12000.00,9000.00,53450.00,,,,
FY2027-Q1,Cy,,0.00,,,0.00,0.00,,,,," ]
}

@test "-p month: only February, slipped deals still counted" {
	run --separate-stderr "$F" -a 2026-02-13 -g rep -p month "$DEALS"
	[ "$status" -eq 0 ]
	[ "$output" = "period,rep,$HDR
2026-02,Ann,,0.00,0.00,0.00,0.00,0.00,0.00,,,,
2026-02,Bob,,40000.00,17000.00,8950.00,12000.00,0.00,48950.00,,,,
2026-02,Cy,,0.00,0.00,0.00,0.00,0.00,0.00,,,," ]
	[ "$stderr" = "$SLIP1
$SLIP2" ]
	# Bob's quota is quarterly: a month of it is not known.
	run --separate-stderr "$F" -a 2026-02-13 -g rep -p month -Q "$QUOTAS" \
	    "$DEALS"
	[ "$status" -eq 1 ]
	[ "$output" = "" ]
	[ "${stderr##*$'\n'}" = "sm-forecast: $QUOTAS:6: rep 'Bob': quota period '2026-Q1' (2026-01-01..2026-03-31) does not fit in the forecast period 2026-02 (2026-02-01..2026-02-28); quotas are added up, never split" ]
}

@test "open deals without a close date count in the period" {
	printf 'id,stage,amount,closed,probability\nA,Open,100,,50\nB,Open,,,50\n' \
	    >"$T/nodate.csv"
	run --separate-stderr "$F" -a 2026-05-05 "$T/nodate.csv"
	[ "$status" -eq 0 ]
	[ "$output" = "period,$HDR
2026-Q2,,0.00,100.00,50.00,,,50.00,,,," ]
	[ "$stderr" = "sm-forecast: 2 open deals without a close date counted in 2026-Q2
sm-forecast: 1 open deal in 2026-Q2 without an amount: counted, with no value" ]
}

@test "--simulate: the documented generator, checked in python3" {
	run --separate-stderr "$F" -a 2026-02-13 -g rep --simulate 2000 --seed 11 "$DEALS"
	[ "$status" -eq 0 ]
	[ "$(echo "$output" | head -1 | cut -d, -f14-)" = "p10,p50,p90" ]
	[ "$(echo "$output" | tail -n +2 | cut -d, -f2,14-)" = \
	    "$(python3 "$REF" mc "$DEALS" 2026-02-13 11 2000)" ]
	# 150 open deals of varied amounts and probabilities (one sure,
	# one hopeless), two reps, 700 trials.
	awk 'BEGIN {
		print "id,rep,stage,amount,probability,forecast_category,closed"
		print "W1,R1,Won,1234.56,,,2026-01-10"
		for (i = 0; i < 150; i++)
			printf "O%d,R%d,Open,%d.%02d,%d%%,,2026-03-%02d\n", i,
			    i % 2, 100 + (i * 7919) % 9000, i % 100,
			    i == 7 ? 100 : (i == 8 ? 0 : (i * 37) % 100),
			    1 + i % 28
	}' >"$T/many.csv"
	run --separate-stderr "$F" -a 2026-02-13 -g rep --simulate 700 --seed 987654321 \
	    "$T/many.csv"
	[ "$status" -eq 0 ]
	[ "$(echo "$output" | tail -n +2 | cut -d, -f2,14-)" = \
	    "$(python3 "$REF" mc "$T/many.csv" 2026-02-13 987654321 700)" ]
	# The same seed gives the same figures; p10 <= p50 <= p90.
	run --separate-stderr "$F" -a 2026-02-13 --simulate 100000 --seed 5 "$T/many.csv"
	a=$output
	run --separate-stderr "$F" -a 2026-02-13 --simulate 100000 --seed 5 "$T/many.csv"
	[ "$output" = "$a" ]
	echo "$output" | tail -1 | awk -F, '{ exit !($13 <= $14 && $14 <= $15) }'
}

@test "--simulate: bad arguments" {
	run --separate-stderr "$F" --simulate 0 "$DEALS"
	[ "$status" -eq 2 ]
	[[ "$stderr" == "sm-forecast: --simulate: invalid number '0': too small"* ]]
	run --separate-stderr "$F" --seed 3 "$DEALS"
	[ "$status" -eq 2 ]
	[[ "$stderr" == "sm-forecast: --seed needs --simulate"* ]]
	run --separate-stderr "$F" --simulate 10 --seed -1 "$DEALS"
	[ "$status" -eq 2 ]
	[[ "$stderr" == "sm-forecast: --seed: invalid number '-1': too small"* ]]
}

# forecast-series.csv, bookings per month, -g rep:
#   A: 100 120 110 150 0 130 (2026-01 .. 2026-06; May has none)
#   B:   0  50   0   0 0   0
@test "-M naive and -M mean per rep, worked by hand" {
	# naive A: 130; residuals 20 -10 40 -150 130, SSE 41500, sigma =
	#   sqrt(41500/5) = 91.1043; 1.28155 x 91.1043 = 116.7549:
	#   13.25 .. 246.75; h = 2: x sqrt(2) = 165.1164: -35.12 .. 295.12.
	# naive B: 0; residuals 50 -50 0 0 0: sigma sqrt(1000) = 31.6228;
	#   +-40.5262, h = 2: +-57.3127.
	run --separate-stderr "$F" -p month -M naive -H 2 -g rep "$D/forecast-series.csv"
	[ "$status" -eq 0 ]
	[ "$output" = "period,rep,forecast,lo80,hi80
2026-07,A,130.00,13.25,246.75
2026-08,A,130.00,-35.12,295.12
2026-07,B,0.00,-40.53,40.53
2026-08,B,0.00,-57.31,57.31" ]
	# mean A: 610/6 = 101.6667; SSE 13883.33, sigma sqrt(2776.67) =
	#   52.6941, x sqrt(7/6) = 56.9162, x 1.28155 = 72.9410:
	#   28.73 .. 174.61.  B: 8.3333, SSE 2083.33, sigma 20.4124,
	#   x 1.080123 x 1.28155 = 28.2555: -19.92 .. 36.59.
	run --separate-stderr "$F" -p month -M mean -g rep "$D/forecast-series.csv"
	[ "$status" -eq 0 ]
	[ "$output" = "period,rep,forecast,lo80,hi80
2026-07,A,101.67,28.73,174.61
2026-07,B,8.33,-19.92,36.59" ]
}

@test "--backtest per rep, worked by hand and in python3" {
	# A, the last 2 months: naive forecasts 150 for May (0: no
	# percentage) and 0 for June (130): MAE 140, MAPE 130/130 = 1.
	# mean: May from (100+120+110+150)/4 = 120, June from 480/5 = 96:
	# MAE (120 + 34)/2 = 77, MAPE 34/130 = 0.2615.
	# B: naive 0 and 0: MAE 0, no MAPE; mean 12.5 and 10: MAE 11.25.
	run --separate-stderr "$F" -p month --backtest 2 -g rep "$D/forecast-series.csv"
	[ "$status" -eq 0 ]
	[ "$(echo "$output" | grep -v holt)" = "rep,method,periods,mae,mape
A,naive,2,140.00,1.0000
A,mean,2,77.00,0.2615
B,naive,2,0.00,
B,mean,2,11.25," ]
	[ "$output" = "$(python3 "$REF" series "$D/forecast-series.csv" \
	    closed amount iso month rep - backtest 2)" ]
	run --separate-stderr "$F" -p month --backtest 2 -M mean "$D/forecast-series.csv"
	# Without groups February holds A's 120 and B's 50: 100 170 110
	# 150 0 130; mean: May from 530/4 = 132.5 (actual 0), June from
	# 530/5 = 106 (actual 130): MAE (132.5 + 24)/2 = 78.25, MAPE
	# 24/130 = 0.1846.
	[ "$output" = "method,periods,mae,mape
mean,2,78.25,0.1846" ]
}

@test "-M holt per rep, against python3" {
	run --separate-stderr "$F" -p month -M holt -H 3 -g rep "$D/forecast-series.csv"
	[ "$status" -eq 0 ]
	[ "$output" = "$(python3 "$REF" series "$D/forecast-series.csv" \
	    closed amount iso month rep - holt 3)" ]
}

@test "--as-of ends the history before its period" {
	# Up to March: A 100 120 110, naive 110, residuals 20 -10, sigma
	# sqrt(500/2) = 15.8114, +-20.2631; B 0 50 0: sigma 50, +-64.0776.
	run --separate-stderr "$F" -p month -M naive -g rep -a 2026-04-10 "$D/forecast-series.csv"
	[ "$status" -eq 0 ]
	[ "$output" = "period,rep,forecast,lo80,hi80
2026-04,A,110.00,89.74,130.26
2026-04,B,0.00,-64.08,64.08" ]
	# Up to 2026-08: June's 130, then July 0: the naive forecast is 0.
	run --separate-stderr "$F" -p month -M naive -a 2026-08-01 "$D/forecast-series.csv"
	[ "${lines[1]%%,*}" = "2026-08" ]
	[ "$(echo "${lines[1]}" | cut -d, -f2)" = "0.00" ]
}

@test "time series errors: too little history, no bookings" {
	printf 'closed,amount\n2026-01-05,10\n2026-02-05,20\n' >"$T/two.csv"
	run --separate-stderr "$F" -p month -M holt "$T/two.csv"
	[ "$status" -eq 1 ]
	[ "$stderr" = "sm-forecast: holt needs at least 3 periods of history, found 2" ]
	# Mean of one value: no bounds.
	run --separate-stderr "$F" -p month -M mean -a 2026-02-01 "$T/two.csv"
	[ "$output" = "period,forecast,lo80,hi80
2026-02,10.00,," ]
	run --separate-stderr "$F" -p month -M naive -a 2025-12-31 "$T/two.csv"
	[ "$status" -eq 1 ]
	[ "$stderr" = "sm-forecast: no bookings before 2025-12 to forecast from" ]
	printf 'closed,amount,stage\n2026-01-05,10,lost\n' >"$T/none.csv"
	run --separate-stderr "$F" -M naive "$T/none.csv"
	[ "$status" -eq 1 ]
	[ "$stderr" = "sm-forecast: no bookings to forecast from" ]
	# A won deal without an amount counts 0 and is reported.
	printf 'closed,amount\n2026-01-05,\n2026-02-05,20\n' >"$T/gap.csv"
	run --separate-stderr "$F" -p month -M mean "$T/gap.csv"
	[ "$status" -eq 0 ]
	[ "${lines[1]%%,*}" = "2026-03" ]
	[ "$(echo "${lines[1]}" | cut -d, -f2)" = "10.00" ]
	[ "$stderr" = "sm-forecast: 1 won deal without an amount: counted as 0" ]
}

@test "bad values: exit 1 naming file, line and column, or --rejects" {
	printf 'id,stage,amount,closed\nX1,won,abc,2026-01-01\nX2,won,5,2026-01-02\n' \
	    >"$T/bad.csv"
	run --separate-stderr "$F" -a 2026-02-13 "$T/bad.csv"
	[ "$status" -eq 1 ]
	[ "$output" = "" ]
	[ "$stderr" = "sm-forecast: $T/bad.csv:2: column 'amount': not a money amount: 'abc'" ]
	run --separate-stderr "$F" -a 2026-02-13 --rejects "$T/rej.csv" \
	    "$T/bad.csv"
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "2026-Q1,,5.00,0.00,0.00,,,5.00,,,," ]
	[ "$stderr" = "sm-forecast: 1 row rejected" ]
	[ "$(cat "$T/rej.csv")" = "id,stage,amount,closed,reason
X1,won,abc,2026-01-01,$T/bad.csv:2: column 'amount': not a money amount: 'abc'" ]

	printf 'stage,amount,closed\nwon,5,\n' >"$T/b.csv"
	run --separate-stderr "$F" -a 2026-02-13 "$T/b.csv"
	[ "$status" -eq 1 ]
	[ "$stderr" = "sm-forecast: $T/b.csv:2: column 'closed': won deal without a close date" ]
	printf 'stage,amount,closed\nopen,5,13/01/2026\n' >"$T/b.csv"
	run --separate-stderr "$F" -a 2026-02-13 "$T/b.csv"
	[ "$status" -eq 1 ]
	[ "$stderr" = "sm-forecast: $T/b.csv:2: column 'closed': not a date (expected YYYY-MM-DD; see --date-format): '13/01/2026'" ]
	printf 'stage,amount,closed,forecast_category\nopen,5,2026-03-01,maybe\n' \
	    >"$T/b.csv"
	run --separate-stderr "$F" -a 2026-02-13 "$T/b.csv"
	[ "$status" -eq 1 ]
	[ "$stderr" = "sm-forecast: $T/b.csv:2: column 'forecast_category': not a forecast category (pipeline, best case, commit, closed, omitted): 'maybe'" ]
	printf 'stage,amount,closed,probability\nopen,5,2026-03-01,high\n' \
	    >"$T/b.csv"
	run --separate-stderr "$F" -a 2026-02-13 "$T/b.csv"
	[ "$status" -eq 1 ]
	[ "$stderr" = "sm-forecast: $T/b.csv:2: column 'probability': not a probability: 'high'" ]
	printf 'stage,amount,closed\nopen,5,2026-03-01,x\n' >"$T/b.csv"
	run --separate-stderr "$F" -a 2026-02-13 "$T/b.csv"
	[ "$status" -eq 1 ]
	[[ "$stderr" == "sm-forecast: $T/b.csv:2: "*"expected 3 fields, found 4"* ]]
}

@test "missing roles and group columns are usage errors" {
	printf 'id,stage,closed\nX,won,2026-01-01\n' >"$T/noamt.csv"
	run --separate-stderr "$F" -a 2026-02-13 "$T/noamt.csv"
	[ "$status" -eq 2 ]
	[[ "$stderr" == "sm-forecast: $T/noamt.csv: no column 'amount' for role 'amount'"* ]]
	run --separate-stderr "$F" -a 2026-02-13 -g reps "$DEALS"
	[ "$status" -eq 2 ]
	[ "$stderr" = "sm-forecast: -g: no column 'reps' (closest: 'rep')" ]
	run --separate-stderr "$F" -a 2026-02-13 -g closed:month "$DEALS"
	[ "$status" -eq 2 ]
	[[ "$stderr" == "sm-forecast: -g: 'closed:month': groups are columns here; the period is -p"* ]]
	# -Q with groups other than reps needs the rep role.
	dropcol "$DEALS" rep >"$T/norep.csv"
	run --separate-stderr "$F" -a 2026-02-13 -g territory -Q "$QUOTAS" \
	    "$T/norep.csv"
	[ "$status" -eq 2 ]
	[[ "$stderr" == "sm-forecast: $T/norep.csv: no column 'rep' for role 'rep'"* ]]
}

@test "options: bad values and combinations are usage errors" {
	for args in "--method arima" "--period fortnight" "-a 2026-02-30" \
	    "-H 3" "-M holt -H 0" "--backtest 0" "-M holt --simulate 5" \
	    "--backtest 3 -Q $QUOTAS" "--backtest 3 --slipped x.csv" \
	    "--backtest 3 -M naive -H 2" "--to html" "--decimals 7" "-x"; do
		run --separate-stderr "$F" $args "$DEALS"
		echo "$args: $status $stderr"
		[ "$status" -eq 2 ]
		[ "$output" = "" ]
	done
	run --separate-stderr "$F" -M arima "$DEALS"
	[ "$stderr" = "sm-forecast: --method: unknown method 'arima' (methods: naive, mean, holt)
Try 'sm-forecast --help' for more information." ]
	run --separate-stderr "$F" -a 2026-02-30 "$DEALS"
	[ "$stderr" = "sm-forecast: --as-of: no such day: '2026-02-30'
Try 'sm-forecast --help' for more information." ]
	# -a is always ISO: --date-format is for the dates of the input.
	run --separate-stderr "$F" -a 11/30/2026 --date-format mdy "$DEALS"
	[ "$status" -eq 2 ]
	[ "$stderr" = "sm-forecast: --as-of: not a date (expected YYYY-MM-DD): '11/30/2026'
Try 'sm-forecast --help' for more information." ]
	# Bad arguments of the options every program takes are usage
	# errors like --method's, with the same second line.
	run --separate-stderr "$F" --decimals 7 "$DEALS"
	[ "$stderr" = "sm-forecast: --decimals: invalid number '7': too large
Try 'sm-forecast --help' for more information." ]
	run --separate-stderr "$F" --fy-start 0 "$DEALS"
	[ "$status" -eq 2 ]
	[ "${stderr##*$'\n'}" = "Try 'sm-forecast --help' for more information." ]
	# An unreadable --holidays file is an I/O failure, not a usage one.
	run --separate-stderr "$F" --holidays "$T/nosuch.txt" "$DEALS"
	[ "$status" -eq 1 ]
	[ "$output" = "" ]
	[ "$stderr" = "sm-forecast: $T/nosuch.txt: No such file or directory" ]
	run --separate-stderr "$F" -H 3 "$DEALS"
	[[ "$stderr" == "sm-forecast: --horizon needs --method"* ]]
	run --separate-stderr "$F" -M naive --simulate 9 "$DEALS"
	[[ "$stderr" == "sm-forecast: --simulate goes with the period forecast, not with --method"* ]]
}

@test "-Q: a missing or bad quota file" {
	run --separate-stderr "$F" -a 2026-02-13 -Q "$T/nosuch.tsv" "$DEALS"
	[ "$status" -eq 1 ]
	[ "$output" = "" ]
	[ "$stderr" = "sm-forecast: $T/nosuch.tsv: No such file or directory" ]
	printf 'rep,period,quota\nX,2026-Q1,lots\n' >"$T/q.csv"
	run --separate-stderr "$F" -a 2026-02-13 -Q "$T/q.csv" "$DEALS"
	[ "$status" -eq 1 ]
	[ "$stderr" = "sm-forecast: $T/q.csv:2: column 'quota': not a money amount: 'lots'" ]
}

@test "formats: json, tsv input, semicolons and decimal commas, nulls" {
	run --separate-stderr "$F" -a 2026-02-13 -g rep --to json "$DEALS"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = '{"period":"2026-Q1","rep":"Ann","quota":"","closed_won":50000.00,"pipeline":30000.00,"weighted":21000.00,"commit":20000.00,"best_case":10000.00,"forecast":71000.00,"pace":"","gap":"","coverage":"","status":""}' ]
	printf 'rep;stage;amount;closed;probability\nAnn;Won;1.234,50;15.01.2026;\nAnn;Open;2.000,00;20.03.2026;n/a\nAnn;Open;1.000,00;21.03.2026;25\n' \
	    >"$T/eu.csv"
	# n/a is empty: its stage probability (Open 0.5) counts:
	# weighted 1000 + 250 = 1250.
	run --separate-stderr "$F" -d ';' --decimal-comma --date-format dmy --null n/a \
	    --stage-prob Open=0.5 -a 2026-02-13 -g rep --decimals 0 "$T/eu.csv"
	[ "$status" -eq 0 ]
	[ "$output" = "period;rep;$(echo "$HDR" | tr , ';')
2026-Q1;Ann;;1235;3000;1250;;;2485;;;;" ]
	printf 'Ann\tWon\t10\t2026-01-02\n' >"$T/nh.tsv"
	run --separate-stderr "$F" --no-header --columns rep,stage,amount,closed -a 2026-02-13 \
	    "$T/nh.tsv"
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "$(printf '2026-Q1\t\t10.00\t0.00\t0.00\t\t\t10.00\t\t\t\t')" ]
}

@test "--won, --lost, --map, --excel-safe, --calendar, --max-field" {
	printf 'who,phase,value,due\n=HYPERLINK(1),Signed,10,2026-01-05\nAl,Dead,99,2026-01-06\n' \
	    >"$T/m.csv"
	run --separate-stderr "$F" -a 2026-02-13 -m rep=who -m stage=phase -m amount=value \
	    -m closed=due --won signed --lost dead -g rep --excel-safe "$T/m.csv"
	[ "$status" -eq 0 ]
	[ "$output" = "period,rep,$HDR
2026-Q1,'=HYPERLINK(1),,10.00,0.00,0.00,,,10.00,,,,
2026-Q1,Al,,0.00,0.00,0.00,,,0.00,,,," ]
	# 4-4-5: FY2026 starts Monday 2025-12-29; its first quarter (13
	# weeks) ends 2026-03-29, so D1 and D2 (March 20 and 27) are in.
	run --separate-stderr "$F" -a 2026-02-13 --calendar 4-4-5 -g rep "$DEALS"
	[ "$status" -eq 0 ]
	[ "$(echo "$output" | sed -n 2p | cut -d, -f1-5)" = "FY2026-Q1,Ann,,50000.00,30000.00" ]
	run --separate-stderr "$F" -a 2026-02-13 --max-field 3 "$DEALS"
	[ "$status" -eq 1 ]
}

@test "-o writes atomically; /dev/full fails; -h, -V; a closed pipe" {
	run --separate-stderr "$F" -a 2026-02-13 -o "$T/out.csv" "$DEALS"
	[ "$status" -eq 0 ]
	[ "$(sed -n 2p "$T/out.csv")" = "2026-Q1,,90000.00,47000.00,29950.00,32000.00,10000.00,119950.00,,,," ]
	printf 'stage,amount,closed\nwon,x,2026-01-01\n' >"$T/bad.csv"
	run --separate-stderr "$F" -a 2026-02-13 -o "$T/out.csv" "$T/bad.csv"
	[ "$status" -eq 1 ]
	[ "$(sed -n 2p "$T/out.csv")" = "2026-Q1,,90000.00,47000.00,29950.00,32000.00,10000.00,119950.00,,,," ]
	[ "$(ls "$T" | grep -c out)" -eq 1 ]
	run --separate-stderr sh -c "'$F' -a 2026-02-13 '$DEALS' >/dev/full"
	[ "$status" -eq 1 ]
	[[ "$stderr" == *"sm-forecast: write error: stdout: No space left on device" ]]
	run --separate-stderr "$F" -h
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" == "usage: sm-forecast [-hV] [-a DATE]"* ]]
	run --separate-stderr "$F" -V
	[ "$output" = "sm-forecast 0.1.0" ]
	awk 'BEGIN { print "rep,amount,closed"
	    for (i = 0; i < 100000; i++) print "r" i ",1,2026-01-01" }' \
	    >"$T/big.csv"
	run --separate-stderr bash -c "set -o pipefail
	    '$F' -a 2026-02-13 -g rep '$T/big.csv' | head -1"
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	[ "$output" = "period,rep,$HDR" ]
}

@test "real: Superstore monthly bookings, holt/naive/mean against python3" {
	s="$REAL/superstore/Sample - Superstore.csv"
	[ -f "$s" ] || skip "no ../shared"
	set -- --date-format mdy -m "closed=Order Date" -m amount=Sales -p month
	for m in "holt 3" "naive 2" "mean 2"; do
		run --separate-stderr "$F" "$@" -M ${m% *} -H ${m#* } "$s"
		[ "$status" -eq 0 ]
		[ "$output" = "$(python3 "$REF" series "$s" "Order Date" Sales mdy \
		    month - - $m)" ]
	done
	# 2020-01 from Holt's fit to 2016-01 .. 2019-12.
	run --separate-stderr "$F" "$@" -M holt "$s"
	[ "${lines[1]%%,*}" = "2020-01" ]
	run --separate-stderr "$F" "$@" -g Region -M holt -H 2 -a 2019-07-01 "$s"
	[ "$status" -eq 0 ]
	[ "$output" = "$(python3 "$REF" series "$s" "Order Date" Sales mdy \
	    month Region 2019-07-01 holt 2)" ]
}

@test "real: Superstore backtest of the last 12 months against python3" {
	s="$REAL/superstore/Sample - Superstore.csv"
	[ -f "$s" ] || skip "no ../shared"
	run --separate-stderr "$F" --date-format mdy -m "closed=Order Date" -m amount=Sales \
	    -p month --backtest 12 "$s"
	[ "$status" -eq 0 ]
	[ "$output" = "$(python3 "$REF" series "$s" "Order Date" Sales mdy \
	    month - - backtest 12)" ]
	[ "$(echo "$output" | cut -d, -f1,2 | tr '\n' ' ')" = "method,periods naive,12 mean,12 holt,12 " ]
	run --separate-stderr "$F" --date-format mdy -m "closed=Order Date" -m amount=Sales \
	    -p quarter -g Segment --backtest 4 "$s"
	[ "$output" = "$(python3 "$REF" series "$s" "Order Date" Sales mdy \
	    quarter Segment - backtest 4)" ]
}

@test "real: Maven CRM as of 2017-12-31, closed won per rep against python3" {
	p="$REAL/maven-crm/sales_pipeline.csv"
	[ -f "$p" ] || skip "no ../shared"
	run --separate-stderr "$F" --as-of 2017-12-31 -m rep=sales_agent \
	    -m stage=deal_stage -m amount=close_value -m closed=close_date \
	    --stage-prob Prospecting=0.1,Engaging=0.4 -g rep "$p"
	[ "$status" -eq 0 ]
	[ "$(echo "$output" | tail -n +2 | cut -d, -f2,4)" = \
	    "$(python3 "$REF" maven "$p" 2017-12-31)" ]
	# The 1589 Engaging and 500 Prospecting deals have neither a close
	# date nor an amount: counted in 2017-Q4, with no value.
	[ "$stderr" = "sm-forecast: 2089 open deals without a close date counted in 2017-Q4
sm-forecast: 2089 open deals in 2017-Q4 without an amount: counted, with no value" ]
	# A rep with open deals has an unknown pipeline and forecast; one
	# without (Donn Cantrell, whose deals are all closed) has 0.00.
	[ "$(echo "$output" | grep '^2017-Q4,Anna Snelling,' | cut -d, -f5,6,9)" = ",," ]
	[ "$(echo "$output" | grep '^2017-Q4,Donn Cantrell,' | cut -d, -f5,6)" = "0.00,0.00" ]
	# Without --stage-prob the open stages are named.
	run --separate-stderr "$F" --as-of 2017-12-31 -m rep=sales_agent \
	    -m stage=deal_stage -m amount=close_value -m closed=close_date "$p"
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"sm-forecast: no probability for 2089 open deals in stages 'Engaging', 'Prospecting'; give --stage-prob STAGE=P,... or a probability column"* ]]
}

@test "a quota period longer than -p fails before the first byte of output" {
	# The issue's case: a quarterly quota, a monthly forecast, no -g.
	printf 'rep,period,quota\nA,2026-Q4,1000\n' >"$T/q4.csv"
	printf 'id,rep,stage,amount,probability,closed\nX,A,won,300,,2026-11-05\n' \
	    >"$T/d.csv"
	run --separate-stderr "$F" -a 2026-11-30 -p month -Q "$T/q4.csv" \
	    "$T/d.csv"
	[ "$status" -eq 1 ]
	[ "$output" = "" ]
	[ "$stderr" = "sm-forecast: $T/q4.csv:2: rep 'A': quota period '2026-Q4' (2026-10-01..2026-12-31) does not fit in the forecast period 2026-11 (2026-11-01..2026-11-30); quotas are added up, never split" ]
	# -o: the file is not made.
	run "$F" -a 2026-11-30 -p month -Q "$T/q4.csv" -o "$T/out.csv" \
	    "$T/d.csv"
	[ "$status" -eq 1 ]
	[ ! -e "$T/out.csv" ]
	# Groups other than reps sum their reps' quotas: the same check.
	run --separate-stderr "$F" -a 2026-02-13 -p month -g territory \
	    -Q "$QUOTAS" "$DEALS"
	[ "$status" -eq 1 ]
	[ "$output" = "" ]
	[ "${stderr##*$'\n'}" = "sm-forecast: $QUOTAS:6: rep 'Bob': quota period '2026-Q1' (2026-01-01..2026-03-31) does not fit in the forecast period 2026-02 (2026-02-01..2026-02-28); quotas are added up, never split" ]
	# The quarter holds it.  Q4 as of Monday 2026-11-30: 43 business
	# days of 66 elapsed (October 22, November 21, December 23), pace
	# 1000 x 43 / 66 = 651.5151 -> 651.52; won 300 < pace: behind; gap
	# 1000 - 300 = 700; coverage 0 / 700.
	run --separate-stderr "$F" -a 2026-11-30 -Q "$T/q4.csv" "$T/d.csv"
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "2026-Q4,1000.00,300.00,0.00,0.00,,,300.00,651.52,700.00,0.0000,behind" ]
}

@test "a group headed as an output column, or given twice, is a usage error" {
	printf 'id,rep,status,stage,amount,probability,closed\nX,A,new,open,100,0.5,2026-11-20\nY,B,new,won,40,,2026-11-02\n' \
	    >"$T/s.csv"
	run --separate-stderr "$F" -a 2026-11-10 -g status "$T/s.csv"
	[ "$status" -eq 2 ]
	[ "$output" = "" ]
	[ "$stderr" = "sm-forecast: -g: 'status' would head two columns, the group's and the forecast's; group by 'Status' (columns match ignoring case)
Try 'sm-forecast --help' for more information." ]
	run --separate-stderr "$F" -a 2026-11-10 -g rep,rep "$T/s.csv"
	[ "$status" -eq 2 ]
	[ "$output" = "" ]
	[ "$stderr" = "sm-forecast: -g: 'rep' given twice
Try 'sm-forecast --help' for more information." ]
	# p10 is an output column only with --simulate; method only with
	# --backtest.
	printf 'id,p10,method,stage,amount,closed\nX,a,m,won,40,2026-11-02\n' \
	    >"$T/p.csv"
	run --separate-stderr "$F" -a 2026-11-10 -g p10 --simulate 10 "$T/p.csv"
	[ "$status" -eq 2 ]
	[ "${stderr%%$'\n'*}" = "sm-forecast: -g: 'p10' would head two columns, the group's and the forecast's; group by 'P10' (columns match ignoring case)" ]
	run --separate-stderr "$F" -g method --backtest 1 "$T/p.csv"
	[ "$status" -eq 2 ]
	[ "${stderr%%$'\n'*}" = "sm-forecast: -g: 'method' would head two columns, the group's and the forecast's; group by 'Method' (columns match ignoring case)" ]
	# Another case is a header of its own.  As of 2026-11-10 in Q4:
	# group new holds X open 100 x 0.5 (its close date is ahead) and Y
	# won 40: pipeline 100, weighted 50, forecast 90.
	run --separate-stderr "$F" -a 2026-11-10 -g Status "$T/s.csv"
	[ "$status" -eq 0 ]
	[ "$output" = "period,Status,quota,closed_won,pipeline,weighted,commit,best_case,forecast,pace,gap,coverage,status
2026-Q4,new,,40.00,100.00,50.00,,,90.00,,,," ]
	run "$F" -a 2026-11-10 -g p10 "$T/p.csv"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "period,p10,quota,closed_won,pipeline,weighted,commit,best_case,forecast,pace,gap,coverage,status" ]
}

@test "probabilities are read one value at a time: 1 is 100%, 1.5 is 1.5% (the manual's example)" {
	# The example of sm-forecast(1), as printed.  Amount 1000 each:
	# 40 > 1 is 40% -> 400; 1 is a fraction, 100% -> 1000; 1% -> 10;
	# 1.5 > 1 is 1.5% -> 15; 0.5 is a fraction, 50% -> 500.
	printf 'id,stage,amount,probability,closed\nA,Proposal,1000,40,2026-11-20\nB,Proposal,1000,1,2026-11-20\nC,Proposal,1000,1%%,2026-11-20\nD,Proposal,1000,1.5,2026-11-20\nE,Proposal,1000,0.5,2026-11-20\n' \
	    >"$T/p.csv"
	cd "$T"
	run --separate-stderr sh -c "'$F' -a 2026-11-10 -g probability p.csv | cut -d, -f2,5,6"
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	[ "$output" = "probability,pipeline,weighted
0.5,1000.00,500.00
1,1000.00,1000.00
1%,1000.00,10.00
1.5,1000.00,15.00
40,1000.00,400.00" ]
	# The page prints the same lines (in a literal display).
	for l in "${lines[@]}"; do
		grep -qFx -e "$l" "$SM_TOP/man/sm-forecast.1"
	done
	# Altogether 400 + 1000 + 10 + 15 + 500 = 1925 of 5000.
	run "$F" -a 2026-11-10 p.csv
	[ "${lines[1]}" = "2026-Q4,,0.00,5000.00,1925.00,,,1925.00,,,," ]
	# A decimal comma, and 100% with its sign: 250 + 1000.
	printf 'id,stage,amount,probability,closed\nA,Proposal,1000,"0,25",2026-11-20\nB,Proposal,1000,100%%,2026-11-20\n' \
	    >"$T/c.csv"
	run "$F" -a 2026-11-10 "$T/c.csv"
	[ "${lines[1]}" = "2026-Q4,,0.00,2000.00,1250.00,,,1250.00,,,," ]
	# Above 100% is bad data, with nothing written.
	printf 'id,stage,amount,probability,closed\nA,Proposal,1000,150,2026-11-20\n' \
	    >"$T/h.csv"
	run --separate-stderr "$F" -a 2026-11-10 "$T/h.csv"
	[ "$status" -eq 1 ]
	[ "$output" = "" ]
	[ "$stderr" = "sm-forecast: $T/h.csv:2: column 'probability': probability above 100%: '150'" ]
	# --stage-prob reads the same way: 1 is 100%.
	printf 'id,stage,amount,closed\nA,Proposal,1000,2026-11-20\n' >"$T/s.csv"
	run "$F" -a 2026-11-10 --stage-prob Proposal=1 "$T/s.csv"
	[ "${lines[1]}" = "2026-Q4,,0.00,1000.00,1000.00,,,1000.00,,,," ]
	run "$F" -a 2026-11-10 --stage-prob Proposal=1.5 "$T/s.csv"
	[ "${lines[1]}" = "2026-Q4,,0.00,1000.00,15.00,,,15.00,,,," ]
}

@test "--to: the formats it writes, named when it is asked for another" {
	for f in html xml; do
		run --separate-stderr "$F" -a 2026-02-13 --to $f "$DEALS"
		[ "$status" -eq 2 ]
		[ "$output" = "" ]
		[ "$stderr" = "sm-forecast: --to: sm-forecast writes csv, tsv, json, pretty or markdown, not '$f'
Try 'sm-forecast --help' for more information." ]
	done
	# markdown: Ann's row of the first test, as a pipe table whose
	# columns of numbers, headers included, are aligned to the right.
	run --separate-stderr "$F" -a 2026-02-13 -g rep -Q "$QUOTAS" \
	    --to markdown "$DEALS"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "| period  | rep |    quota | closed_won | pipeline | weighted |   commit | best_case | forecast |     pace |      gap | coverage | status   |" ]
	[ "${lines[2]}" = "| 2026-Q1 | Ann | 90000.00 |   50000.00 | 30000.00 | 21000.00 | 20000.00 |  10000.00 | 71000.00 | 45000.00 | 19000.00 |   0.7500 | on-track |" ]
}
