#!/usr/bin/env bats
# Command-line tests of sm-quota.  Expected figures are worked out by
# hand in the comments, or by an independent python3 or awk computation.

bats_require_minimum_version 1.5.0

setup() {
	Q="$SM_BIN/sm-quota"
	D="$SM_TOP/tests/data"
	REAL="$SM_TOP/../shared/data/real"
	T="$BATS_TEST_TMPDIR"
}

# Sum of column 5 per rep, in cents, as "rep cents" lines.
cents_by_rep() {
	awk -F, 'NR > 1 { split($5, p, "."); c[$1] += p[1] * 100 + p[2] }
	    END { for (r in c) print r, c[r] }' | sort
}

@test "1,000,000.00 equal among 3 reps: .34/.33/.33" {
	# 100000000 cents / 3 = 33333333 r 1: the first rep gets the cent.
	run --separate-stderr "$Q" -R "$D/quota-three.csv" -y 2026 \
	    -t 1000000 -p year
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	[ "$output" = "rep,period,start,end,quota
Ann,2026,2026-01-01,2026-12-31,333333.34
Bob,2026,2026-01-01,2026-12-31,333333.33
Cy,2026,2026-01-01,2026-12-31,333333.33" ]
}

@test "each rep's 12 months sum exactly to its year" {
	run "$Q" -R "$D/quota-three.csv" -y 2026 -t 1000000 -p month
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 37 ]
	sums=$(printf '%s\n' "$output" | cents_by_rep)
	[ "$sums" = "Ann 33333334
Bob 33333333
Cy 33333333" ]
}

@test "quarters by business days, worked by hand, ties to the earlier" {
	# Quarters of 2026 have 64 65 66 66 of its 261 business days.
	# 33333334 cents: x64/261 = 8173691 r 25, x65 = 8301405 r 5,
	# x66 = 8429118 r 246 twice: the 2 cents left go to Q3 and Q4.
	# 33333333: 8173690 r 222, 8301404 r 201, 8429118 r 180 twice;
	# 3 cents: Q1, Q2 and Q3 (the tie with Q4 goes to the earlier).
	run "$Q" -R "$D/quota-three.csv" -y 2026 -t 1000000 -p quarter
	[ "$status" -eq 0 ]
	[ "$output" = "rep,period,start,end,quota
Ann,2026-Q1,2026-01-01,2026-03-31,81736.91
Ann,2026-Q2,2026-04-01,2026-06-30,83014.05
Ann,2026-Q3,2026-07-01,2026-09-30,84291.19
Ann,2026-Q4,2026-10-01,2026-12-31,84291.19
Bob,2026-Q1,2026-01-01,2026-03-31,81736.91
Bob,2026-Q2,2026-04-01,2026-06-30,83014.05
Bob,2026-Q3,2026-07-01,2026-09-30,84291.19
Bob,2026-Q4,2026-10-01,2026-12-31,84291.18
Cy,2026-Q1,2026-01-01,2026-03-31,81736.91
Cy,2026-Q2,2026-04-01,2026-06-30,83014.05
Cy,2026-Q3,2026-07-01,2026-09-30,84291.19
Cy,2026-Q4,2026-10-01,2026-12-31,84291.18" ]
}

@test "days sum to months and ISO weeks to the year" {
	"$Q" -R "$D/quota-three.csv" -y 2026 -t 1000000 -p day >"$T/d.csv"
	"$Q" -R "$D/quota-three.csv" -y 2026 -t 1000000 -p month >"$T/m.csv"
	"$Q" -R "$D/quota-three.csv" -y 2026 -t 1000000 -p week >"$T/w.csv"
	[ "$(wc -l <"$T/d.csv")" -eq $((3 * 365 + 1)) ]
	# Days summed by rep and month equal the month rows.
	got=$(awk -F, 'NR > 1 { split($5, p, ".");
	    c[$1 "," substr($2, 1, 7)] += p[1] * 100 + p[2] }
	    END { for (k in c) print k, c[k] }' "$T/d.csv" | sort)
	want=$(awk -F, 'NR > 1 { split($5, p, ".");
	    print $1 "," $2, p[1] * 100 + p[2] }' "$T/m.csv" | sort)
	[ "$got" = "$want" ]
	# 53 pieces of ISO weeks per rep, summing to the year.
	[ "$(wc -l <"$T/w.csv")" -eq $((3 * 53 + 1)) ]
	sums=$(cents_by_rep <"$T/w.csv")
	[ "$sums" = "Ann 33333334
Bob 33333333
Cy 33333333" ]
}

@test "ramp 50,100 for a rep hired 2026-03-16, by month" {
	# 261,000.00 over 2026's 261 business days is 1,000.00 a day.
	# Month 1 of tenure: 03-16..04-15 at 50%, then 100%.  January,
	# February: 0.  March: 50% of 22,000 x 12/22 (12 business days
	# from the 16th: 16-20, 23-27, 30, 31) = 6,000.00.  April: 11
	# days to the 15th at 50% and 11 after at 100%: 16,500.00.
	# Then 1,000.00 a business day: May 21, June 22, July 23 ...
	run --separate-stderr "$Q" -R "$D/quota-ramp.csv" -y 2026 \
	    -t 261000 -r 50,100
	[ "$status" -eq 0 ]
	[ "$output" = "rep,period,start,end,quota
Newt,2026-01,2026-01-01,2026-01-31,0.00
Newt,2026-02,2026-02-01,2026-02-28,0.00
Newt,2026-03,2026-03-01,2026-03-31,6000.00
Newt,2026-04,2026-04-01,2026-04-30,16500.00
Newt,2026-05,2026-05-01,2026-05-31,21000.00
Newt,2026-06,2026-06-01,2026-06-30,22000.00
Newt,2026-07,2026-07-01,2026-07-31,23000.00
Newt,2026-08,2026-08-01,2026-08-31,21000.00
Newt,2026-09,2026-09-01,2026-09-30,22000.00
Newt,2026-10,2026-10-01,2026-10-31,22000.00
Newt,2026-11,2026-11-01,2026-11-30,21000.00
Newt,2026-12,2026-12-01,2026-12-31,23000.00" ]
}

@test "ramp by day: 500.00 to 2026-04-15, 1,000.00 from the 16th" {
	run "$Q" -R "$D/quota-ramp.csv" -y 2026 -t 261000 -r 50,100 -p day
	[ "$status" -eq 0 ]
	printf '%s\n' "$output" | grep -qx 'Newt,2026-03-13,2026-03-13,2026-03-13,0.00'
	printf '%s\n' "$output" | grep -qx 'Newt,2026-03-16,2026-03-16,2026-03-16,500.00'
	printf '%s\n' "$output" | grep -qx 'Newt,2026-04-15,2026-04-15,2026-04-15,500.00'
	printf '%s\n' "$output" | grep -qx 'Newt,2026-04-16,2026-04-16,2026-04-16,1000.00'
	printf '%s\n' "$output" | grep -qx 'Newt,2026-04-18,2026-04-18,2026-04-18,0.00'
	# The year: 261,000 less 52 business days before the hire and
	# half of 12 + 11 after it: 261000 - 52000 - 11500 = 197,500.00.
	run "$Q" -R "$D/quota-ramp.csv" -y 2026 -t 261000 -r 50,100 -p year
	[ "${lines[1]}" = "Newt,2026,2026-01-01,2026-12-31,197500.00" ]
}

@test "fiscal year from October: FY2016-Q1 holds 2015-10-15" {
	# FY2016 is 2015-10-01..2016-09-30, 366 days (2016-02-29); flat
	# 366.00 is 1.00 a day: quarters of 92, 91, 91, 92 days.
	run "$Q" -R "$D/quota-one.csv" -y 2016 --fy-start 10 -t 366 \
	    -S flat -p quarter
	[ "$status" -eq 0 ]
	[ "$output" = "rep,period,start,end,quota
Solo,FY2016-Q1,2015-10-01,2015-12-31,92.00
Solo,FY2016-Q2,2016-01-01,2016-03-31,91.00
Solo,FY2016-Q3,2016-04-01,2016-06-30,91.00
Solo,FY2016-Q4,2016-07-01,2016-09-30,92.00" ]
	run "$Q" -R "$D/quota-one.csv" -y 2016 --fy-start 10 -t 366 \
	    -S flat -p year
	[ "${lines[1]}" = "Solo,FY2016,2015-10-01,2016-09-30,366.00" ]
}

@test "ISO weeks at year ends are cut at the plan year's edges" {
	# 2021-01-01 (Friday) is in 2020-W53: plan year 2021 opens with
	# its three days; flat 365.00 is 1.00 a day.
	run "$Q" -R "$D/quota-one.csv" -y 2021 -t 365 -S flat -p week
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "Solo,2020-W53,2021-01-01,2021-01-03,3.00" ]
	[ "${lines[2]}" = "Solo,2021-W01,2021-01-04,2021-01-10,7.00" ]
	[ "${lines[53]}" = "Solo,2021-W52,2021-12-27,2021-12-31,5.00" ]
	# 2020-12-31 is in 2020-W53 too, at the other end.
	run "$Q" -R "$D/quota-one.csv" -y 2020 -t 366 -S flat -p week
	[ "${lines[53]}" = "Solo,2020-W53,2020-12-28,2020-12-31,4.00" ]
	# 2024-12-30 (Monday) is in 2025-W01.
	run "$Q" -R "$D/quota-one.csv" -y 2024 -t 366 -S flat -p week
	[ "${lines[53]}" = "Solo,2025-W01,2024-12-30,2024-12-31,2.00" ]
	[ "${#lines[@]}" -eq 54 ]
}

@test "retail 4-4-5 calendar: weeks nest in months, 53rd week in M12" {
	# FY2025 from February: 2024-01-29..2025-02-02, 53 weeks, 371
	# days; flat 371,000.00 is 1,000.00 a day.  Months of 4, 4, 5
	# weeks from 01-29; M12 has 6: 2024-12-23..2025-02-02.
	run "$Q" -R "$D/quota-one.csv" -y 2025 --fy-start 2 \
	    --calendar 4-4-5 -t 371000 -S flat
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "Solo,FY2025-M01,2024-01-29,2024-02-25,28000.00" ]
	[ "${lines[3]}" = "Solo,FY2025-M03,2024-03-25,2024-04-28,35000.00" ]
	[ "${lines[12]}" = "Solo,FY2025-M12,2024-12-23,2025-02-02,42000.00" ]
	run "$Q" -R "$D/quota-one.csv" -y 2025 --fy-start 2 \
	    --calendar 4-4-5 -t 371000 -S flat -p week
	[ "${#lines[@]}" -eq 54 ]
	[ "${lines[53]}" = "Solo,2025-W05,2025-01-27,2025-02-02,7000.00" ]
}

@test "--holidays takes days out of the business days" {
	# Without 2026-01-01 and 2026-12-25: 259 business days, 1.00 each.
	printf '2026-01-01\n# Christmas\n2026-12-25\n' >"$T/hol.txt"
	run "$Q" -R "$D/quota-one.csv" -y 2026 -t 259 --holidays "$T/hol.txt"
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "Solo,2026-01,2026-01-01,2026-01-31,21.00" ]
	[ "${lines[12]}" = "Solo,2026-12,2026-12-01,2026-12-31,22.00" ]
}

@test "weight split: inactive reps out, hire dates cut the year" {
	# Dee is inactive; weights 2:1:1 of 9,000.00: 4,500 2,250 2,250.
	# Cy is hired 2026-07-01: 132 of 261 business days remain (23 21
	# 22 22 21 23): 225000 x 132 / 261 = 113793.1 cents -> 1,137.93.
	run "$Q" -R "$D/quota-reps.csv" -y 2026 -t 9000 -s weight -p year
	[ "$status" -eq 0 ]
	[ "$output" = "rep,period,start,end,quota
Ann,2026,2026-01-01,2026-12-31,4500.00
Bob,2026,2026-01-01,2026-12-31,2250.00
Cy,2026,2026-01-01,2026-12-31,1137.93" ]
}

@test "history split: won amounts of the year before, by rep" {
	# FY2025 won: Ann 1000 + 3,000.00 = 4000 (7777 is 2024, 1500 is
	# 2026); Bob 500 (the lost 9999 and the deals without amount or
	# date do not count); Cy none (open).  9,000 x 4000/4500 = 8000.
	run --separate-stderr "$Q" -R "$D/quota-reps.csv" -y 2026 -t 9000 \
	    -s history -H "$D/quota-history.csv" -p year
	[ "$status" -eq 0 ]
	[ "$output" = "rep,period,start,end,quota
Ann,2026,2026-01-01,2026-12-31,8000.00
Bob,2026,2026-01-01,2026-12-31,1000.00
Cy,2026,2026-01-01,2026-12-31,0.00" ]
}

@test "growth: each month is last year's month grown" {
	# Ann: January 1000 and March 3000, x 1.10; Bob: February 550.
	run "$Q" -R "$D/quota-reps.csv" -y 2026 -g 10 \
	    -H "$D/quota-history.csv"
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 37 ]
	nonzero=$(printf '%s\n' "$output" | grep -v ',0\.00$')
	[ "$nonzero" = "rep,period,start,end,quota
Ann,2026-01,2026-01-01,2026-01-31,1100.00
Ann,2026-03,2026-03-01,2026-03-31,3300.00
Bob,2026-02,2026-02-01,2026-02-28,550.00" ]
	# Spread by business days instead: the same years.
	run "$Q" -R "$D/quota-reps.csv" -y 2026 -g 10% \
	    -H "$D/quota-history.csv" -S business-days -p year
	[ "$output" = "rep,period,start,end,quota
Ann,2026,2026-01-01,2026-12-31,4400.00
Bob,2026,2026-01-01,2026-12-31,550.00
Cy,2026,2026-01-01,2026-12-31,0.00" ]
}

@test "history spread: the team's months of last year" {
	# Team FY2025 won by month: Jan 1000, Feb 500, Mar 3000, Jun 2000
	# (Zed, not a rep), Sep 6500 (Dee, inactive): 13000.  Ann's 6,500
	# (2:1:1 of 13,000): Q1 4500/13000 -> 2,250, Q2 1,000, Q3 3,250.
	# Cy, hired 07-01, keeps only September's 6500/13000 of 3,250.
	run "$Q" -R "$D/quota-reps.csv" -y 2026 -t 13000 -s weight \
	    -S history -H "$D/quota-history.csv" -p quarter
	[ "$status" -eq 0 ]
	[ "$output" = "rep,period,start,end,quota
Ann,2026-Q1,2026-01-01,2026-03-31,2250.00
Ann,2026-Q2,2026-04-01,2026-06-30,1000.00
Ann,2026-Q3,2026-07-01,2026-09-30,3250.00
Ann,2026-Q4,2026-10-01,2026-12-31,0.00
Bob,2026-Q1,2026-01-01,2026-03-31,1125.00
Bob,2026-Q2,2026-04-01,2026-06-30,500.00
Bob,2026-Q3,2026-07-01,2026-09-30,1625.00
Bob,2026-Q4,2026-10-01,2026-12-31,0.00
Cy,2026-Q1,2026-01-01,2026-03-31,0.00
Cy,2026-Q2,2026-04-01,2026-06-30,0.00
Cy,2026-Q3,2026-07-01,2026-09-30,1625.00
Cy,2026-Q4,2026-10-01,2026-12-31,0.00" ]
}

@test "--round 100 and --round 0.05; --decimals 0" {
	# 1000 among 3 at 100: 10 hundreds -> 4, 3, 3.
	run "$Q" -R "$D/quota-three.csv" -y 2026 -t 1000 -u 100 -p year \
	    --decimals 0
	[ "$status" -eq 0 ]
	[ "$output" = "rep,period,start,end,quota
Ann,2026,2026-01-01,2026-12-31,400
Bob,2026,2026-01-01,2026-12-31,300
Cy,2026,2026-01-01,2026-12-31,300" ]
	# 1.00 at 0.05: 20 units -> 7, 7, 6 -> 0.35 0.35 0.30.
	run "$Q" -R "$D/quota-three.csv" -y 2026 -t 1 -u 0.05 -p year
	[ "${lines[1]}" = "Ann,2026,2026-01-01,2026-12-31,0.35" ]
	[ "${lines[3]}" = "Cy,2026,2026-01-01,2026-12-31,0.30" ]
	run --separate-stderr "$Q" -R "$D/quota-three.csv" -y 2026 -t 1 \
	    -u 0.001
	[ "$status" -eq 2 ]
	[ "$stderr" = "sm-quota: -u: unit '0.001' needs --decimals 3
Try 'sm-quota --help' for more information." ]
	run "$Q" -R "$D/quota-three.csv" -y 2026 -t 1 -u 0.001 --decimals 3 \
	    -p year
	[ "${lines[1]}" = "Ann,2026,2026-01-01,2026-12-31,0.334" ]
}

@test "--to json, -o FILE, TSV rep table, -d ;" {
	run "$Q" -R "$D/quota-three.csv" -y 2026 -t 3 -p year --to json
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = '{"rep":"Ann","period":2026,"start":"2026-01-01","end":"2026-12-31","quota":1.00}' ]
	run "$Q" -R "$D/quota-three.csv" -y 2026 -t 3 -p year -o "$T/q.csv"
	[ "$status" -eq 0 ]
	[ "$output" = "" ]
	[ "$(sed -n 2p "$T/q.csv")" = "Ann,2026,2026-01-01,2026-12-31,1.00" ]
	printf 'rep\tactive\nAnn\tyes\n' >"$T/reps.tsv"
	run "$Q" -R "$T/reps.tsv" -y 2026 -t 3 -p year
	[ "${lines[1]}" = "$(printf 'Ann\t2026\t2026-01-01\t2026-12-31\t3.00')" ]
	printf 'rep;weight\nAnn;1,5\nBob;0,5\n' >"$T/reps-eu.csv"
	run "$Q" -R "$T/reps-eu.csv" -d ';' --decimal-comma -y 2026 \
	    -t '1.000,00' -s weight -p year
	[ "$output" = "rep;period;start;end;quota
Ann;2026;2026-01-01;2026-12-31;750.00
Bob;2026;2026-01-01;2026-12-31;250.00" ]
}

@test "-m maps the history's columns; REPS keeps its own names" {
	sed 's/^id,rep,stage,amount,closed$/id,agent,deal_stage,value,close_date/' \
	    "$D/quota-history.csv" >"$T/h.csv"
	run --separate-stderr "$Q" -R "$D/quota-reps.csv" -y 2026 -t 9000 \
	    -s history -H "$T/h.csv" -m rep=agent -m stage=deal_stage \
	    -m amount=value -m closed=close_date -p year
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "Ann,2026,2026-01-01,2026-12-31,8000.00" ]
	# --won replaces the won stages: only "Closed Won" (Bob) now.
	run "$Q" -R "$D/quota-reps.csv" -y 2026 -t 9000 -s history \
	    -H "$D/quota-history.csv" --won 'closed won' -p year
	[ "${lines[2]}" = "Bob,2026,2026-01-01,2026-12-31,9000.00" ]
}

@test "history without header: --no-header --columns describe it" {
	tail -n +2 "$D/quota-history.csv" >"$T/h.csv"
	run "$Q" -R "$D/quota-reps.csv" -y 2026 -t 9000 -s history \
	    -H "$T/h.csv" --no-header --columns id,rep,stage,amount,closed \
	    -p year
	[ "$status" -eq 0 ]
	[ "${lines[2]}" = "Bob,2026,2026-01-01,2026-12-31,1000.00" ]
}

@test "bad history values: exit 1, or --rejects with a count" {
	printf 'id,rep,stage,amount,closed\nX1,Ann,won,12x,2025-01-01\nX2,Ann,won,5,2025-13-01\nX3,Bob,won,10,2025-02-02\nX4,Bob,won\n' \
	    >"$T/bad.csv"
	run --separate-stderr "$Q" -R "$D/quota-reps.csv" -y 2026 -t 10 \
	    -s history -H "$T/bad.csv" -p year
	[ "$status" -eq 1 ]
	[ "$output" = "" ]
	[ "$stderr" = "sm-quota: $T/bad.csv:2: column 'amount': not a money amount: '12x'" ]
	run --separate-stderr "$Q" -R "$D/quota-reps.csv" -y 2026 -t 10 \
	    -s history -H "$T/bad.csv" -p year --rejects "$T/rej.csv"
	[ "$status" -eq 0 ]
	[ "$stderr" = "sm-quota: 3 rows rejected" ]
	[ "${lines[2]}" = "Bob,2026,2026-01-01,2026-12-31,10.00" ]
	# Reasons name FILE:LINE as the messages, and every program, do.
	[ "$(cat "$T/rej.csv")" = "id,rep,stage,amount,closed,reason
X1,Ann,won,12x,2025-01-01,$T/bad.csv:2: column 'amount': not a money amount: '12x'
X2,Ann,won,5,2025-13-01,$T/bad.csv:3: column 'closed': no such day: '2025-13-01'
X4,Bob,won,,,\"$T/bad.csv:5: expected 5 fields, found 3\"" ]
	# One rejected row is one "row".
	head -3 "$T/bad.csv" >"$T/bad1.csv"
	printf 'X3,Bob,won,10,2025-02-02\n' >>"$T/bad1.csv"
	run --separate-stderr "$Q" -R "$D/quota-reps.csv" -y 2026 -t 10 \
	    -s history -H "$T/bad1.csv" -p year --rejects "$T/rej.csv"
	[ "$status" -eq 0 ]
	[ "$stderr" = "sm-quota: 2 rows rejected" ]
	sed -i 3d "$T/bad1.csv"
	run --separate-stderr "$Q" -R "$D/quota-reps.csv" -y 2026 -t 10 \
	    -s history -H "$T/bad1.csv" -p year --rejects "$T/rej.csv"
	[ "$status" -eq 0 ]
	[ "$stderr" = "sm-quota: 1 row rejected" ]
	[ "$(cat "$T/rej.csv")" = "id,rep,stage,amount,closed,reason
X1,Ann,won,12x,2025-01-01,$T/bad1.csv:2: column 'amount': not a money amount: '12x'" ]
}

@test "a history row whose amount overflows a sum is rejected once, counted nowhere" {
	# The largest amount is 922337203685477.5807, so 900000000000000 +
	# 22337203685477 is the largest whole sum.  Ann's X1 and X2 fill
	# both the team's January and Ann's won amount; X3 (1 more) would
	# overflow both, and is one rejected row, not two.
	printf 'id,rep,stage,amount,closed\nX1,Ann,won,900000000000000,2025-01-05\nX2,Ann,won,22337203685477,2025-01-06\nX3,Ann,won,1,2025-01-07\nX5,Bob,won,10,2025-03-01\n' \
	    >"$T/big.csv"
	run --separate-stderr "$Q" -R "$D/quota-reps.csv" -y 2026 -t 100 \
	    -s history -H "$T/big.csv" -p year --rejects "$T/rej.csv"
	[ "$status" -eq 0 ]
	[ "$stderr" = "sm-quota: 1 row rejected" ]
	[ "$(cat "$T/rej.csv")" = "id,rep,stage,amount,closed,reason
X3,Ann,won,1,2025-01-07,$T/big.csv:4: column 'amount': amount out of range: '1'" ]
	# Zed (no rep of ours) fills the team's January; Bob's X4 would
	# overflow it and is rejected, so it counts for Bob neither: -g 10
	# grows Bob's 10 (X5) to 11.00, not 1010 to 1111.00, Ann's 5 to
	# 5.50, and Cy, with no history, has 0.
	printf 'id,rep,stage,amount,closed\nX1,Zed,won,900000000000000,2025-01-05\nX2,Zed,won,22337203685477,2025-01-06\nX4,Bob,won,1000,2025-01-07\nX5,Bob,won,10,2025-03-01\nX6,Ann,won,5,2025-02-01\n' \
	    >"$T/big.csv"
	run --separate-stderr "$Q" -R "$D/quota-reps.csv" -y 2026 -g 10 \
	    -H "$T/big.csv" -p year --rejects "$T/rej.csv"
	[ "$status" -eq 0 ]
	[ "$stderr" = "sm-quota: 1 row rejected" ]
	[ "$output" = "rep,period,start,end,quota
Ann,2026,2026-01-01,2026-12-31,5.50
Bob,2026,2026-01-01,2026-12-31,11.00
Cy,2026,2026-01-01,2026-12-31,0.00" ]
}

@test "negative seasonality names the month and the sum" {
	# Ann: January 1000, March -1500.50 + 300 = -1200.50; Bob:
	# February 500.  -g spreads each rep over its own months: Ann's
	# March is negative.  -t with -S history spreads over the team's
	# months: March is -1200.50 there too.
	printf 'rep\nAnn\nBob\n' >"$T/r.csv"
	printf 'id,rep,stage,amount,closed\nX1,Ann,won,1000,2025-01-10\nX2,Ann,won,-1500.5,2025-03-05\nX3,Ann,won,300,2025-03-09\nX4,Bob,won,500,2025-02-01\n' \
	    >"$T/h.csv"
	run --separate-stderr "$Q" -R "$T/r.csv" -y 2026 -g 10 -H "$T/h.csv" \
	    -o "$T/q.csv"
	[ "$status" -eq 1 ]
	[ "$output" = "" ]
	[ "$stderr" = "sm-quota: $T/h.csv: rep 'Ann': negative seasonality in 2025-03: won amounts sum to -1200.50" ]
	[ ! -e "$T/q.csv" ]
	run --separate-stderr "$Q" -R "$T/r.csv" -y 2026 -t 1000 -S history \
	    -H "$T/h.csv"
	[ "$status" -eq 1 ]
	[ "$output" = "" ]
	[ "$stderr" = "sm-quota: $T/h.csv: negative seasonality in 2025-03: the team's won amounts sum to -1200.50" ]
	# Bob's own months are all >= 0, and Ann's March is named first.
	printf 'X5,Bob,won,-1,2025-04-01\n' >>"$T/h.csv"
	run --separate-stderr "$Q" -R "$T/r.csv" -y 2026 -g 10 -H "$T/h.csv" \
	    --decimals 4
	[ "$stderr" = "sm-quota: $T/h.csv: rep 'Ann': negative seasonality in 2025-03: won amounts sum to -1200.5000" ]
	# With March's credit note gone, Bob's April (-1) is the one.
	sed -i /X2/d "$T/h.csv"
	run --separate-stderr "$Q" -R "$T/r.csv" -y 2026 -g 10 -H "$T/h.csv"
	[ "$status" -eq 1 ]
	[ "$stderr" = "sm-quota: $T/h.csv: rep 'Bob': negative seasonality in 2025-04: won amounts sum to -1.00" ]
}

@test "bad rep tables: exit 1 naming file, line and column" {
	printf 'rep,hire_date\nAnn,2026-02-30\n' >"$T/r1.csv"
	run --separate-stderr "$Q" -R "$T/r1.csv" -y 2026 -t 1
	[ "$status" -eq 1 ]
	[ "$stderr" = "sm-quota: $T/r1.csv:2: column 'hire_date': no such day: '2026-02-30'" ]
	printf 'rep\nAnn\nBob\nAnn\n' >"$T/r2.csv"
	run --separate-stderr "$Q" -R "$T/r2.csv" -y 2026 -t 1
	[ "$status" -eq 1 ]
	[ "$stderr" = "sm-quota: $T/r2.csv:4: rep 'Ann' is listed twice: lines 2 and 4" ]
	printf 'rep,active\nAnn,maybe\n' >"$T/r3.csv"
	run --separate-stderr "$Q" -R "$T/r3.csv" -y 2026 -t 1
	[ "$stderr" = "sm-quota: $T/r3.csv:2: column 'active': not yes or no: 'maybe'" ]
	printf 'rep,active\nAnn,no\n' >"$T/r4.csv"
	run --separate-stderr "$Q" -R "$T/r4.csv" -y 2026 -t 1
	[ "$status" -eq 1 ]
	[ "$stderr" = "sm-quota: $T/r4.csv: no active rep" ]
	printf 'rep,weight\nAnn,1\nBob,\n' >"$T/r5.csv"
	run --separate-stderr "$Q" -R "$T/r5.csv" -y 2026 -t 1 -s weight
	[ "$stderr" = "sm-quota: $T/r5.csv:3: column 'weight': no weight" ]
	printf 'rep,weight\nAnn,-1\n' >"$T/r6.csv"
	run --separate-stderr "$Q" -R "$T/r6.csv" -y 2026 -t 1 -s weight
	[ "$stderr" = "sm-quota: $T/r6.csv:2: column 'weight': negative weight: '-1'" ]
	printf 'rep\n\n,\n' >"$T/r7.csv"
	run --separate-stderr "$Q" -R "$T/r7.csv" -y 2026 -t 1
	[ "$status" -eq 1 ]
	[[ "$stderr" == "sm-quota: $T/r7.csv:"*": column 'rep': no rep" ]]
	run --separate-stderr "$Q" -R "$T/none.csv" -y 2026 -t 1
	[ "$status" -eq 1 ]
	[ "$stderr" = "sm-quota: $T/none.csv: No such file or directory" ]
}

@test "missing columns are usage errors" {
	printf 'name\nAnn\n' >"$T/r.csv"
	run --separate-stderr "$Q" -R "$T/r.csv" -y 2026 -t 1
	[ "$status" -eq 2 ]
	[ "$stderr" = "sm-quota: $T/r.csv: no column 'rep' for role 'rep' (columns: name); use --map rep=COLUMN" ]
	run --separate-stderr "$Q" -R "$D/quota-three.csv" -y 2026 -t 1 \
	    -r 50
	[ "$status" -eq 2 ]
	[[ "$stderr" == "sm-quota: $D/quota-three.csv: no column 'hire_date' for role 'hire_date'"* ]]
	run --separate-stderr "$Q" -R "$D/quota-three.csv" -y 2026 -t 1 \
	    -s weight
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"no column 'weight' for role 'weight'"* ]]
	printf 'rep,when,amount\nAnn,2025-01-01,1\n' >"$T/h.csv"
	run --separate-stderr "$Q" -R "$D/quota-three.csv" -y 2026 -t 1 \
	    -s history -H "$T/h.csv"
	[ "$status" -eq 2 ]
	[[ "$stderr" == "sm-quota: $T/h.csv: no column 'closed' for role 'closed'"* ]]
}

@test "nothing to split by or spread over: exit 1" {
	printf 'id,rep,stage,amount,closed\nX,Ann,lost,5,2025-01-01\n' >"$T/h.csv"
	run --separate-stderr "$Q" -R "$D/quota-three.csv" -y 2026 -t 1 \
	    -s history -H "$T/h.csv"
	[ "$status" -eq 1 ]
	[ "$stderr" = "sm-quota: $T/h.csv: no active rep has a won amount in FY2025 to split by" ]
	run --separate-stderr "$Q" -R "$D/quota-three.csv" -y 2026 -t 1 \
	    -S history -H "$T/h.csv"
	[ "$status" -eq 1 ]
	[ "$stderr" = "sm-quota: $T/h.csv: no won amount in FY2025 to take the seasonality from" ]
	printf 'rep,weight\nAnn,0\n' >"$T/r.csv"
	run --separate-stderr "$Q" -R "$T/r.csv" -y 2026 -t 1 -s weight
	[ "$status" -eq 1 ]
	[ "$stderr" = "sm-quota: $T/r.csv: no rep has any weight" ]
}

@test "usage errors: exit 2 before reading anything" {
	u="Try 'sm-quota --help' for more information."
	run --separate-stderr "$Q" -y 2026 -t 1
	[ "$status" -eq 2 ]
	[ "$stderr" = "sm-quota: -R REPS is required
$u" ]
	run --separate-stderr "$Q" -R "$T/none.csv" -t 1
	[ "$stderr" = "sm-quota: -y YEAR is required
$u" ]
	run --separate-stderr "$Q" -R "$T/none.csv" -y 2026
	[ "$stderr" = "sm-quota: give -t AMOUNT (top-down) or -g PCT (bottom-up)
$u" ]
	run --separate-stderr "$Q" -R x -y 2026 -t 1 -g 5 -H h
	[ "$stderr" = "sm-quota: -t and -g cannot be used together
$u" ]
	run --separate-stderr "$Q" -R x -y 2026 -g 5 -s equal -H h
	[ "$stderr" = "sm-quota: -s splits a -t target; -g needs none
$u" ]
	run --separate-stderr "$Q" -R x -y 2026 -g 5
	[ "$stderr" = "sm-quota: -g needs -H FILE, last year's deals
$u" ]
	run --separate-stderr "$Q" -R x -y 2026 -t 1 -S history
	[ "$stderr" = "sm-quota: -S history needs -H FILE
$u" ]
	run --separate-stderr "$Q" -R x -y 2026 -t 1 -H h
	[ "$stderr" = "sm-quota: -H is read only by -g, -s history and -S history
$u" ]
	run --separate-stderr "$Q" -R x -y 2026 -t 1 --rejects r
	[ "$stderr" = "sm-quota: --rejects is for --history rows
$u" ]
	run --separate-stderr "$Q" -R x -y 2026 -t 1 extra
	[ "$stderr" = "sm-quota: unexpected operand 'extra' (the rep table is given with -R)
$u" ]
	run --separate-stderr "$Q" -R x -y 20x -t 1
	[ "$stderr" = "sm-quota: -y: invalid year '20x': invalid
$u" ]
	run --separate-stderr "$Q" -R x -y 99999 -t 1
	[ "$stderr" = "sm-quota: -y: invalid year '99999': too large
$u" ]
	run --separate-stderr "$Q" -R x -y 2026 -t 12x
	[ "$stderr" = "sm-quota: -t: invalid amount '12x': not a money amount
$u" ]
	run --separate-stderr "$Q" -R x -y 2026 -t -5
	[ "$stderr" = "sm-quota: -t: invalid amount '-5': negative
$u" ]
	run --separate-stderr "$Q" -R x -y 2026 -t 1 -p fortnight
	[ "$stderr" = "sm-quota: -p: unknown period 'fortnight' (periods: day, week, month, quarter, year)
$u" ]
	run --separate-stderr "$Q" -R x -y 2026 -t 1 -s fair
	[ "$stderr" = "sm-quota: -s: unknown split 'fair' (splits: equal, weight, history)
$u" ]
	run --separate-stderr "$Q" -R x -y 2026 -t 1 -S weekly
	[ "$stderr" = "sm-quota: -S: unknown spread 'weekly' (spreads: business-days, flat, history)
$u" ]
	run --separate-stderr "$Q" -R x -y 2026 -t 1 -r 50,120
	[ "$stderr" = "sm-quota: -r: ramp step above 100%: '120'
$u" ]
	run --separate-stderr "$Q" -R x -y 2026 -t 1 -r 50,x
	[ "$stderr" = "sm-quota: -r: invalid ramp step 'x'
$u" ]
	run --separate-stderr "$Q" -R x -y 2026 -g -120 -H h
	[ "$stderr" = "sm-quota: -g: invalid growth percentage '-120': below -100%
$u" ]
	run --separate-stderr "$Q" -R x -y 2026 -t 1 -u 0
	[ "$stderr" = "sm-quota: -u: invalid unit '0': not positive
$u" ]
	run --separate-stderr "$Q" -R x -y 2026 -t 1 -u abc
	[ "$stderr" = "sm-quota: -u: invalid unit 'abc': not a money amount
$u" ]
	run --separate-stderr "$Q" -R x -y 2026 -t 1 --fy-start 13
	[ "$status" -eq 2 ]
	[[ "$stderr" == "sm-quota: --fy-start:"* ]]
	run --separate-stderr "$Q" -R x -y 2026 -t 1 --calendar 4-4-4
	[ "$status" -eq 2 ]
	run --separate-stderr "$Q" --bogus
	[ "$status" -eq 2 ]
	[[ "${stderr_lines[1]}" == "usage: sm-quota [-hV] -R REPS -y YEAR"* ]]
	[ "$output" = "" ]
}

@test "-c: problems in a hand-made table, exit 1" {
	# Line 2: 2026 is 1000 but Q1..Q4 sum to 950.  Line 6: Q4's
	# months 10 and 12 leave November out.  Line 9: Bob's 2026-01
	# overlaps his 2026-W05 (2026-01-26..02-01) of line 8.
	run --separate-stderr "$Q" -c "$D/quota-table-bad.csv"
	[ "$status" -eq 1 ]
	[ "$stderr" = "sm-quota: 3 problems" ]
	[ "$output" = "line,rep,period,start,end,problem
2,Ann,2026,2026-01-01,2026-12-31,quota 1000.00 but the periods inside sum to 950.00
6,Ann,2026-Q4,2026-10-01,2026-12-31,no quota for 2026-11-01..2026-11-30
9,Bob,2026-01,2026-01-01,2026-01-31,overlaps 2026-W05 (line 8)" ]
}

@test "-c: a clean table, from stdin too; sm-quota's own output checks clean" {
	run --separate-stderr "$Q" -c "$D/quota-table-ok.csv"
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	[ "$output" = "line,rep,period,start,end,problem" ]
	run --separate-stderr "$Q" -c <"$D/quota-table-ok.csv"
	[ "$status" -eq 0 ]
	# Weeks cut at the year's ends, with start and end columns.
	"$Q" -R "$D/quota-reps.csv" -y 2021 -t 9000 -s weight -p week \
	    >"$T/w.csv"
	run "$Q" -c "$T/w.csv"
	[ "$status" -eq 0 ]
	# Two years of months, glued: still no gap or overlap.
	"$Q" -R "$D/quota-three.csv" -y 2026 -t 12 >"$T/a.csv"
	"$Q" -R "$D/quota-three.csv" -y 2027 -t 12 | tail -n +2 >>"$T/a.csv"
	run "$Q" -c "$T/a.csv"
	[ "$status" -eq 0 ]
	# A month left out is a gap: Bob's 2027 rows start on line 50
	# (13 lines a rep and year after the header), so April moves up
	# to line 52.
	grep -v '^Bob,2027-03' "$T/a.csv" >"$T/b.csv"
	run --separate-stderr "$Q" -c "$T/b.csv"
	[ "$status" -eq 1 ]
	[ "$output" = "line,rep,period,start,end,problem
52,Bob,2027-04,2027-04-01,2027-04-30,no quota for 2027-03-01..2027-03-31" ]
}

@test "-c: fiscal labels, --no-header, bad values, wrong options" {
	printf 'Ann,FY2016-Q1,5\nAnn,FY2016-Q3,5\n' >"$T/f.csv"
	run --separate-stderr "$Q" -c --fy-start 10 --no-header \
	    --columns rep,period,quota "$T/f.csv"
	[ "$status" -eq 1 ]
	[ "$output" = "line,rep,period,start,end,problem
2,Ann,FY2016-Q3,2016-04-01,2016-06-30,no quota for 2016-01-01..2016-03-31" ]
	printf 'rep,period,quota\nAnn,2026-01,x\n' >"$T/v.csv"
	run --separate-stderr "$Q" -c "$T/v.csv"
	[ "$status" -eq 1 ]
	[ "$stderr" = "sm-quota: $T/v.csv:2: column 'quota': not a money amount: 'x'" ]
	printf 'rep,month,quota\nAnn,2026-01,1\n' >"$T/m.csv"
	run --separate-stderr "$Q" -c "$T/m.csv"
	[ "$status" -eq 2 ]
	[[ "$stderr" == "sm-quota: $T/m.csv: no column 'period' for role 'period'"* ]]
	run --separate-stderr "$Q" -c -R x "$T/m.csv"
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = "sm-quota: -c checks a quota table; -R, -y, -t, -g, -H, -s, -S, -r, -u and -p are for planning" ]
	run --separate-stderr "$Q" -c a b
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = "sm-quota: -c reads one quota table" ]
}

@test "-h, -V; a write error is exit 1; a closed pipe is quiet" {
	run --separate-stderr "$Q" -h
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" == "usage: sm-quota [-hV] -R REPS -y YEAR"* ]]
	[ "$stderr" = "" ]
	run "$Q" -V
	[ "$status" -eq 0 ]
	[[ "$output" == "sm-quota "[0-9]* ]]
	run --separate-stderr "$Q" -R "$D/quota-three.csv" -y 2026 -t 1 \
	    -p day -o /dev/full
	[ "$status" -eq 1 ]
	[[ "$stderr" == "sm-quota: "*"No space left on device" ]]
	run --separate-stderr sh -c "\"$Q\" -R \"$D/quota-three.csv\" -y 2026 -t 1 -p day >/dev/full"
	[ "$status" -eq 1 ]
	[[ "$stderr" == "sm-quota: "*"No space left on device" ]]
	# 200 reps by day: 73,000 rows, more than a pipe holds.
	awk 'BEGIN { print "rep"; for (i = 1; i <= 200; i++) print "r" i }' \
	    >"$T/many.csv"
	run --separate-stderr bash -c '"$0" -R "$1" -y 2026 -t 1000 -p day |
	    head -1; exit "${PIPESTATUS[0]}"' "$Q" "$T/many.csv"
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	[ "$output" = "rep,period,start,end,quota" ]
}

@test "man page: clean under mandoc -Tlint" {
	command -v mandoc >/dev/null || skip "no mandoc"
	run mandoc -Tlint -W warning "$SM_TOP/man/sm-quota.1"
	[ "$status" -eq 0 ]
	[ "$output" = "" ]
}

@test "real data: AdventureWorks 2014 split by 2013 quota shares equals python" {
	aw="$REAL/adventureworks-quota/SalesPersonQuotaHistory.csv"
	[ -f "$aw" ] || skip "no ../shared"
	# The reps, in order of first appearance.
	awk -F'\t' 'BEGIN { print "rep" } !seen[$2]++ { print $2 }' "$aw" \
	    >"$T/reps.csv"
	run --separate-stderr "$Q" -R "$T/reps.csv" -y 2014 -t 10000000 \
	    -s history -H "$aw" --from tsv --no-header \
	    --columns id,rep,closed,amount,rowguid,modified -p year
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	got=$(printf '%s\n' "$output" | awk -F, 'NR > 1 { print $1, $5 }')
	# Independently: 2013 quotas per rep in cents, the target split
	# by largest remainders, ties to the earlier rep.
	want=$(python3 - "$aw" "$T/reps.csv" <<'EOF'
import csv, sys
from decimal import Decimal
won = {}
with open(sys.argv[1]) as f:
    for line in f.read().split('\n'):
        if not line:
            continue
        col = line.split('\t')
        if col[2].startswith('2013-'):
            won[col[1]] = won.get(col[1], 0) + int(Decimal(col[3]) * 100)
reps = [r['rep'] for r in csv.DictReader(open(sys.argv[2]))]
w = [won.get(r, 0) for r in reps]
t, W = 1000000000, sum(w)
q = [t * x // W for x in w]
rem = [t * x % W for x in w]
for i in sorted(range(len(w)), key=lambda i: (-rem[i], i))[:t - sum(q)]:
    q[i] += 1
for r, v in zip(reps, q):
    print(r, '%d.%02d' % divmod(v, 100))
EOF
)
	[ "$got" = "$want" ]
	[ "$(printf '%s\n' "$got" | wc -l)" -eq 17 ]
	# Quarterly, the same years, each the sum of its quarters.
	run "$Q" -R "$T/reps.csv" -y 2014 -t 10000000 -s history -H "$aw" \
	    --from tsv --no-header \
	    --columns id,rep,closed,amount,rowguid,modified -p quarter
	[ "$status" -eq 0 ]
	sums=$(printf '%s\n' "$output" | awk -F, 'NR > 1 { split($5, p, ".");
	    c[$1] += p[1] * 100 + p[2] } END { for (r in c)
	    printf "%s %d.%02d\n", r, c[r] / 100, c[r] % 100 }' | sort)
	[ "$sums" = "$(printf '%s\n' "$want" | sort)" ]
}

@test "-c: a negative quota is bad data (exit 1); a zero quota stays" {
	printf 'rep,period,quota\nA,2026-Q1,50\nA,2026-Q2,-100\n' >"$T/q.csv"
	# It used to pass the check with no problem (exit 0).
	run --separate-stderr "$Q" -c "$T/q.csv"
	[ "$status" -eq 1 ]
	[ "$stderr" = "sm-quota: $T/q.csv:3: column 'quota': negative quota: '-100'" ]
	[ "$output" = "" ]
	printf 'rep,period,quota\nA,2026-Q1,(1.00)\n' >"$T/q.csv"
	run --separate-stderr "$Q" -c "$T/q.csv"
	[ "$status" -eq 1 ]
	[ "$stderr" = "sm-quota: $T/q.csv:2: column 'quota': negative quota: '(1.00)'" ]
	# A year of 0 over quarters of 0: clean.
	printf 'rep,period,quota\nA,2026,0\nA,2026-Q1,0\nA,2026-Q2,0\nA,2026-Q3,0\nA,2026-Q4,0.00\n' \
	    >"$T/q.csv"
	run --separate-stderr "$Q" -c "$T/q.csv"
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	[ "$output" = "line,rep,period,start,end,problem" ]
}

@test "-m: a mapped column that no table has is a usage error" {
	printf 'rep\nA\nB\n' >"$T/reps.csv"
	printf 'sales_agent,stage,amount,closed\nA,won,100,2025-02-01\nB,won,300,2025-05-01\n' \
	    >"$T/h.csv"
	# The rep table alone: -m rep=ownr used to fall back to "rep".
	run --separate-stderr "$Q" -R "$T/reps.csv" -y 2026 -t 1000 -p year \
	    -m rep=ownr
	[ "$status" -eq 2 ]
	[ "$stderr" = "sm-quota: $T/reps.csv: no column 'ownr' for role 'rep' (columns: rep); use --map rep=COLUMN" ]
	# Neither the rep table nor the history has it.
	run --separate-stderr "$Q" -R "$T/reps.csv" -y 2026 -t 1000 -p year \
	    -m rep=ownr -s history -H "$T/h.csv"
	[ "$status" -eq 2 ]
	[ "$stderr" = "sm-quota: $T/h.csv: no column 'ownr' for role 'rep' (columns: sales_agent, stage, amount, closed); use --map rep=COLUMN" ]
	# The history has it, the rep table keeps "rep": shares 100 and
	# 300 of 400 give 250.00 and 750.00.
	run --separate-stderr "$Q" -R "$T/reps.csv" -y 2026 -t 1000 -p year \
	    -m rep=sales_agent -s history -H "$T/h.csv"
	[ "$status" -eq 0 ]
	[ "$output" = "rep,period,start,end,quota
A,2026,2026-01-01,2026-12-31,250.00
B,2026,2026-01-01,2026-12-31,750.00" ]
	# Roles of one table only: mapped, they must be there.
	run --separate-stderr "$Q" -R "$T/reps.csv" -y 2026 -t 1000 -p year \
	    -m active=on
	[ "$status" -eq 2 ]
	[ "$stderr" = "sm-quota: $T/reps.csv: no column 'on' for role 'active' (columns: rep); use --map active=COLUMN" ]
	run --separate-stderr "$Q" -R "$T/reps.csv" -y 2026 -t 1000 -p year \
	    -m rep=sales_agent -m amount=value -s history -H "$T/h.csv"
	[ "$status" -eq 2 ]
	[ "$stderr" = "sm-quota: $T/h.csv: no column 'value' for role 'amount' (columns: sales_agent, stage, amount, closed); use --map amount=COLUMN" ]
	# -c reads one table: the rep mapping must fit it.
	printf 'rep,period,quota\nA,2026-Q1,5\n' >"$T/q.csv"
	run --separate-stderr "$Q" -c -m rep=owner "$T/q.csv"
	[ "$status" -eq 2 ]
	[ "$stderr" = "sm-quota: $T/q.csv: no column 'owner' for role 'rep' (columns: rep, period, quota); use --map rep=COLUMN" ]
	run --separate-stderr "$Q" -c -m quota=target "$T/q.csv"
	[ "$status" -eq 2 ]
	[ "$stderr" = "sm-quota: $T/q.csv: no column 'target' for role 'quota' (columns: rep, period, quota); use --map quota=COLUMN" ]
}
