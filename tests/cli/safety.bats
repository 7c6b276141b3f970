#!/usr/bin/env bats
# Output safety (issue 6, SPEC 6) for every program:
# - -o FILE (and --state, --rejects) survive kill -9 at any moment: the
#   target is the old file, intact, or the new one, complete;
# - two sm-assign --state runs started together hand out every turn once;
# - a write to /dev/full exits 1 with a message;
# - "| head -1" ends the program quietly with status 0;
# - --excel-safe writes cells that begin with = + - @, tab or CR with a
#   leading ' (OWASP, "CSV Injection"), and leaves numbers alone.

bats_require_minimum_version 1.5.0

setup_file() {
	D="$BATS_FILE_TMPDIR"
	export D
	# 20000 deals, about 1.1 MB: each program runs long enough to be
	# killed in the middle of its output.
	awk 'BEGIN { print "id,rep,territory,segment,stage,amount,probability,created,closed";
	    split("Ana Ben Cy Dee Eve", R, " "); split("EMEA APAC AMER", T, " ");
	    split("won lost open Proposal", S, " ");
	    for (i = 1; i <= 20000; i++) {
		m = 1 + i % 12; d = 1 + i % 28;
		printf "D%d,%s,%s,hot,%s,%d.%02d,0.%d,2026-%02d-%02d,2026-%02d-%02d\n",
		    i, R[1 + i % 5], T[1 + i % 3], S[1 + i % 4], i % 5000,
		    i % 100, i % 10, m, d, m, d } }' >"$D/deals.csv"
	printf 'rep,territories\nAna,*\nBen,EMEA\nCy,*\n' >"$D/reps.csv"
	{ echo rep; for i in $(seq 100); do echo "R$i"; done; } >"$D/reps100.csv"
}

setup() {
	T="$BATS_TEST_TMPDIR"
}

need() {
	local p
	for p in "$@"; do
		[ -x "$SM_BIN/$p" ] || skip "$p is not built"
	done
}

# The command line of each program over the big table, writing much.
args_of() {
	case $1 in
	sm-segment)	echo "-e x:amount>100 $D/deals.csv" ;;
	sm-assign)	echo "-R $D/reps.csv -M round-robin $D/deals.csv" ;;
	sm-report)	echo "-g id $D/deals.csv" ;;
	sm-forecast)	echo "--as-of 2026-01-01 -g id --stage-prob Proposal=0.5,open=0.2 $D/deals.csv" ;;
	sm-quota)	echo "-R $D/reps100.csv -y 2026 -t 1000000 -p day" ;;
	esac
}

# Milliseconds since the epoch.
now_ms() {
	echo $(($(date +%s%N) / 1000000))
}

# killloop FILE N PROG ARG...: FILE starts as $T/old (made when
# missing); a reference run writes FILE's new contents; then runs
# killed with SIGKILL at k/N of the reference's time (k = 0..N) must
# leave FILE holding the old contents or the new, never anything
# else.  Prints "OLD NEW", the counts of each.
killloop() {
	local file=$1 n=$2 t0 ms k old=0 new=0 pid delay
	shift 2
	[ -f "$T/old" ] || printf 'old contents\n' >"$T/old"
	cp "$T/old" "$file"
	t0=$(now_ms)
	"$@" 2>/dev/null || return 1
	ms=$(($(now_ms) - t0))
	cp "$file" "$T/new"
	cmp -s "$T/new" "$T/old" && return 1
	for k in $(seq 0 "$n"); do
		cp "$T/old" "$file"
		delay=$(awk -v ms="$ms" -v k="$k" -v n="$n" \
		    'BEGIN { printf "%.3f", ms * k / n / 1000 }')
		"$@" 2>/dev/null &
		pid=$!
		sleep "$delay"
		kill -9 "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
		if cmp -s "$file" "$T/old"; then
			old=$((old + 1))
		elif cmp -s "$file" "$T/new"; then
			new=$((new + 1))
		else
			echo "run $k (killed after ${delay}s of ${ms}ms):" \
			    "$file is neither old nor new" >&2
			return 1
		fi
	done
	echo "$old $new"
}

@test "kill -9 during -o: the old file intact or the new one complete" {
	for p in sm-segment sm-assign sm-report sm-forecast sm-quota; do
		need "$p"
		run killloop "$T/out.csv" 5 "$SM_BIN/$p" -o "$T/out.csv" \
		    $(args_of "$p")
		echo "$p: $output"
		[ "$status" -eq 0 ]
		# The first run is killed at once: the old file stays.
		[ "${output%% *}" -ge 1 ]
	done
}

@test "kill -9 during --rejects: old or complete" {
	need sm-segment
	# Every fifth row short by one field: rejected.
	awk -F, 'NR > 1 && NR % 5 == 0 { NF = NF - 1 } 1' OFS=, \
	    "$D/deals.csv" >"$T/ragged.csv"
	run killloop "$T/rej.csv" 5 "$SM_BIN/sm-segment" -o "$T/out.csv" \
	    --rejects "$T/rej.csv" -e 'x: true' "$T/ragged.csv"
	echo "$output"
	[ "$status" -eq 0 ]
}

@test "kill -9 during sm-assign --state: the old state or the new one" {
	need sm-assign
	# The old state: a turn of a rep of another table.
	printf 'round-robin\tZed\t5\n' >"$T/old"
	run killloop "$T/rr.state" 5 "$SM_BIN/sm-assign" -o /dev/null \
	    -R "$D/reps.csv" -M round-robin --state "$T/rr.state" \
	    "$D/deals.csv"
	echo "$output"
	[ "$status" -eq 0 ]
}

@test "an output under /dev/shm is replaced atomically too" {
	need sm-segment
	[ -d /dev/shm ] && [ -w /dev/shm ] || skip "no /dev/shm"
	f=$(mktemp /dev/shm/sm-safety.XXXXXX)
	run killloop "$f" 4 "$SM_BIN/sm-segment" -o "$f" -e 'x: true' \
	    "$D/deals.csv"
	rm -f "$f" /dev/shm/.sm-safety.*
	echo "$output"
	[ "$status" -eq 0 ]
}

@test "two sm-assign --state runs started together hand out every turn once" {
	need sm-assign
	# Round robin over Ana, Cy (both cover every territory; the
	# leads are in APAC, which Ben does not cover): 2 x 7 leads are
	# one rotation of 14 turns, A C A C ..., whichever run goes first.
	printf 'id,territory\n' >"$T/leads.csv"
	for i in 1 2 3 4 5 6 7; do echo "L$i,APAC"; done >>"$T/leads.csv"
	for round in 1 2 3; do
		rm -f "$T/rr.state"
		"$SM_BIN/sm-assign" -R "$D/reps.csv" -M round-robin \
		    --state "$T/rr.state" -o "$T/a.csv" "$T/leads.csv" &
		"$SM_BIN/sm-assign" -R "$D/reps.csv" -M round-robin \
		    --state "$T/rr.state" -o "$T/b.csv" "$T/leads.csv" &
		wait
		a=$(cut -d, -f3 "$T/a.csv" | tail -n +2 | tr '\n' ' ')
		b=$(cut -d, -f3 "$T/b.csv" | tail -n +2 | tr '\n' ' ')
		echo "round $round: a = $a, b = $b"
		# Each run is 7 turns of the rotation: one starts with Ana,
		# the other, taking over, with Cy.
		[ "$a$b" = "Ana Cy Ana Cy Ana Cy Ana Cy Ana Cy Ana Cy Ana Cy " ] ||
		    [ "$b$a" = "Ana Cy Ana Cy Ana Cy Ana Cy Ana Cy Ana Cy Ana Cy " ]
		# A third run goes on where the two left off: Ana again.
		"$SM_BIN/sm-assign" -R "$D/reps.csv" -M round-robin \
		    --state "$T/rr.state" -o "$T/c.csv" "$T/leads.csv"
		[ "$(sed -n 2p "$T/c.csv")" = "L1,APAC,Ana," ]
	done
}

@test "writing to /dev/full: exit 1 with a message, every program" {
	for p in sm-segment sm-assign sm-report sm-forecast sm-quota; do
		need "$p"
		run --separate-stderr sh -c '"$@" >/dev/full' sh \
		    "$SM_BIN/$p" $(args_of "$p")
		echo "$p: $status: $stderr"
		[ "$status" -eq 1 ]
		[ "$stderr" = "$p: write error: stdout: No space left on device" ]
	done
}

@test "-o /dev/full and --rejects /dev/full: exit 1 naming the file" {
	need sm-report sm-segment
	run --separate-stderr "$SM_BIN/sm-report" -o /dev/full -g rep \
	    "$D/deals.csv"
	[ "$status" -eq 1 ]
	[ "$stderr" = "sm-report: write error: /dev/full: No space left on device" ]
	printf 'a,b\n1\n2,3\n' >"$T/short.csv"
	run --separate-stderr "$SM_BIN/sm-segment" -o "$T/out.csv" \
	    --rejects /dev/full -e 'x: true' "$T/short.csv"
	[ "$status" -eq 1 ]
	[ "$stderr" = "sm-segment: 1 row rejected
sm-segment: write error: /dev/full: No space left on device" ] ||
	    [ "$stderr" = "sm-segment: write error: /dev/full: No space left on device" ]
	# The output is not committed when the rejects cannot be.
	[ ! -e "$T/out.csv" ]
}

@test "| head -1 ends every program quietly with status 0" {
	for p in sm-segment sm-assign sm-report sm-forecast sm-quota; do
		need "$p"
		run --separate-stderr bash -c \
		    '"$@" | head -1; echo "status ${PIPESTATUS[0]}"' bash \
		    "$SM_BIN/$p" $(args_of "$p")
		echo "$p: $output / $stderr"
		[ "$stderr" = "" ]
		[ "${lines[1]}" = "status 0" ]
	done
	# The first line is the header.
	run bash -c '"$@" | head -1' bash "$SM_BIN/sm-segment" \
	    $(args_of sm-segment)
	[ "$output" = "id,rep,territory,segment,stage,amount,probability,created,closed,segment" ] ||
	    [ "$output" = "id,rep,territory,segment,stage,amount,probability,created,closed" ]
}

# --- --excel-safe ---

@test "--excel-safe: sm-segment, every kind of cell" {
	need sm-segment
	# = + - @ tab CR lead to a quote; -12.00, +3 and 1e5 are numbers.
	printf 'id,=h,amount\n1,=1+1,-12.00\n2,@SUM(A1),+3\n3,-cmd,1e5\n4,\tx,-\n5,"\rx",+\n6,plain,=\n' \
	    >"$T/in.csv"
	run --separate-stderr "$SM_BIN/sm-segment" --excel-safe -e 'x: true' \
	    "$T/in.csv"
	[ "$status" -eq 0 ]
	printf "id,'=h,amount,segment\n1,'=1+1,-12.00,x\n2,'@SUM(A1),+3,x\n3,'-cmd,1e5,x\n4,'\tx,'-,x\n5,\"'\rx\",'+,x\n6,plain,'=,x\n" \
	    >"$T/want"
	printf '%s\n' "$output" | cmp - "$T/want"
}

@test "--excel-safe with ' as the delimiter: the prefixed cell is quoted" {
	need sm-segment
	# The prefix ' is a delimiter here: unquoted, the row would split.
	printf "a'b\n=x'2\n" >"$T/in.csv"
	run --separate-stderr "$SM_BIN/sm-segment" -d "'" --excel-safe \
	    -e 'u: true' --from csv "$T/in.csv"
	[ "$status" -eq 0 ]
	[ "$output" = "a'b'segment
\"'=x\"'2'u" ]
	# and it reads back as three fields: '=x, 2 and u.
	printf '%s\n' "$output" >"$T/out.csv"
	run --separate-stderr "$SM_BIN/sm-segment" -d "'" -e 'v: true' \
	    --from csv "$T/out.csv"
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "\"'=x\"'2'v" ]
}

@test "--rejects is written with the input's delimiter" {
	need sm-report
	printf 'rep;amount\nA;1,0x\nB;2\n' >"$T/in.csv"
	run --separate-stderr "$SM_BIN/sm-report" -d ';' -g rep --metrics deals \
	    --rejects "$T/rej.csv" "$T/in.csv"
	[ "$status" -eq 0 ]
	[ "$(head -1 "$T/rej.csv")" = "rep;amount;reason" ]
	[ "$(sed -n 2p "$T/rej.csv" | cut -d';' -f1,2)" = "A;1,0x" ]
	# and reads back with the same -d: three fields.
	run --separate-stderr "$SM_BIN/sm-segment" -d ';' -e 'x: true' \
	    "$T/rej.csv"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "rep;amount;reason;segment" ]
	[ "${lines[1]%;x}" = "$(sed -n 2p "$T/rej.csv")" ]
}

@test "--excel-safe: the same cells in TSV, pretty and markdown" {
	need sm-segment
	printf 'id\tname\n1\t=1+1\n2\t-12.00\n' >"$T/in.tsv"
	run "$SM_BIN/sm-segment" --excel-safe -e 'x: true' "$T/in.tsv"
	[ "$output" = "id	name	segment
1	'=1+1	x
2	-12.00	x" ]
	run "$SM_BIN/sm-segment" --excel-safe --to json -e 'x: true' \
	    "$T/in.tsv"
	# JSON is not for spreadsheets: written as it is.
	[ "${lines[0]}" = '{"id":1,"name":"=1+1","segment":"x"}' ]
}

@test "--excel-safe: sm-assign, the lead's cells and the rep it adds" {
	need sm-assign
	printf 'rep,territories\n+Ann,*\n' >"$T/reps.csv"
	printf 'id,x\n=1,-12.00\n@2,+5\n' >"$T/leads.csv"
	run --separate-stderr "$SM_BIN/sm-assign" --excel-safe \
	    -R "$T/reps.csv" "$T/leads.csv"
	[ "$status" -eq 0 ]
	[ "$output" = "id,x,rep,assign_reason
'=1,-12.00,'+Ann,
'@2,+5,'+Ann," ]
}

@test "--excel-safe: sm-report group keys, numbers untouched" {
	need sm-report
	printf 'id,rep,stage,amount\n1,-Bob,won,100\n2,=Ann,open,50\n3,=Ann,lost,-20\n' \
	    >"$T/d.csv"
	run --separate-stderr "$SM_BIN/sm-report" --excel-safe -g rep \
	    --metrics deals,won_amount,pipeline_amount "$T/d.csv"
	[ "$status" -eq 0 ]
	# "'-Bob" < "'=Ann": groups sort by their bytes, '-' before '='.
	[ "$output" = "rep,deals,won_amount,pipeline_amount
'-Bob,1,100.00,0.00
'=Ann,2,0.00,50.00" ]
	run "$SM_BIN/sm-report" --excel-safe --to pretty -g rep \
	    --metrics deals "$T/d.csv"
	[ "$output" = "rep    deals
-----  -----
'-Bob      1
'=Ann      2" ]
	run "$SM_BIN/sm-report" --excel-safe --to markdown -g rep \
	    --metrics deals "$T/d.csv"
	[ "$output" = "| rep   | deals |
| ---   | --: |
| '-Bob |     1 |
| '=Ann |     2 |" ] || [ "${lines[2]}" = "| '-Bob |     1 |" ]
}

@test "--excel-safe: sm-forecast group keys, a negative gap stays a number" {
	need sm-forecast
	# Quota 200 for -Bob in 2026-Q4: won 100 in the quarter, so the
	# gap is 200 - 100 = 100.00; =Ann has quota 10 and a forecast of
	# 25 (50 x 0.5): gap 10 - 25 = -15.00, a number.
	printf 'id,rep,stage,amount,probability,closed\n1,-Bob,won,100,,2026-11-02\n2,=Ann,open,50,0.5,2026-12-01\n' \
	    >"$T/d.csv"
	printf 'rep,period,quota\n-Bob,2026-Q4,200\n=Ann,2026-Q4,10\n' \
	    >"$T/q.csv"
	run --separate-stderr "$SM_BIN/sm-forecast" --excel-safe \
	    --as-of 2026-11-30 -g rep -Q "$T/q.csv" "$T/d.csv"
	[ "$status" -eq 0 ]
	[ "$(printf '%s\n' "$output" | cut -d, -f2,11)" = "rep,gap
'-Bob,100.00
'=Ann,-15.00" ]
}

@test "--excel-safe: sm-quota rep names" {
	need sm-quota
	printf 'rep\n@Cy\n+Dee\n\tEve\n' >"$T/reps.csv"
	run --separate-stderr "$SM_BIN/sm-quota" --excel-safe \
	    -R "$T/reps.csv" -y 2026 -t 300 -p year
	[ "$status" -eq 0 ]
	printf "rep,period,start,end,quota\n'@Cy,2026,2026-01-01,2026-12-31,100.00\n'+Dee,2026,2026-01-01,2026-12-31,100.00\n'\tEve,2026,2026-01-01,2026-12-31,100.00\n" \
	    >"$T/want"
	printf '%s\n' "$output" | cmp - "$T/want"
}

# --- one file as two outputs, or as an output and an input ---
# Two names are one file when they reach the same inode, or, for a file
# not made yet, the same folder and last component: "o.csv", "./o.csv",
# "../DIR/o.csv", "$T//o.csv", a symbolic or a hard link.  Either is a
# usage error (exit 2) before anything is written: no output file, no
# temporary file, the inputs as they were.  Standard input ("-") and
# names under /dev are no files here.

# same_setup: a folder $T/w, made current, with a deal table r.csv
# whose row 3 is bad (for --rejects), and its checksum in $T/sum.
same_setup() {
	mkdir -p "$T/w"
	cd "$T/w" || return 1
	printf 'id,rep,stage,amount,closed,probability\n1,A,Won,1,2026-01-10,\n2,B,Won,x,2026-01-11,\n3,B,open,5,2026-01-05,0.5\n' \
	    >r.csv
	cksum r.csv >"$T/sum"
}

# same_check: nothing was written in $T/w but r.csv (unchanged) and the
# files named as arguments.
same_check() {
	cksum r.csv | cmp - "$T/sum"
	[ "$(ls -A "$T/w" | sort | tr '\n' ' ')" = "$(printf '%s\n' r.csv "$@" | sort | tr '\n' ' ')" ]
}

@test "sm-report: -o and --rejects into one file in two spellings, or into the input" {
	need sm-report
	same_setup
	# It used to exit 0 with the report in o.csv and the rejected row
	# gone.
	run --separate-stderr "$SM_BIN/sm-report" -g rep -o ./o.csv \
	    --rejects o.csv r.csv
	[ "$status" -eq 2 ]
	[ "$stderr" = "sm-report: -o ./o.csv and --rejects o.csv name the same file" ]
	[ "$output" = "" ]
	same_check
	run --separate-stderr "$SM_BIN/sm-report" -g rep --rejects "$T//w/o.csv" \
	    -o "../w/o.csv" r.csv
	[ "$status" -eq 2 ]
	[ "$stderr" = "sm-report: -o ../w/o.csv and --rejects $T//w/o.csv name the same file" ]
	same_check
	run --separate-stderr "$SM_BIN/sm-report" -g rep --rejects ./r.csv r.csv
	[ "$status" -eq 2 ]
	[ "$stderr" = "sm-report: --rejects ./r.csv is the input r.csv" ]
	same_check
	run --separate-stderr "$SM_BIN/sm-report" -g rep -o "$T//w/r.csv" r.csv
	[ "$status" -eq 2 ]
	[ "$stderr" = "sm-report: -o $T//w/r.csv is the input r.csv" ]
	same_check
	ln -s r.csv link.csv
	ln r.csv hard.csv
	run --separate-stderr "$SM_BIN/sm-report" -g rep -o link.csv r.csv
	[ "$status" -eq 2 ]
	[ "$stderr" = "sm-report: -o link.csv is the input r.csv" ]
	run --separate-stderr "$SM_BIN/sm-report" -g rep --rejects hard.csv \
	    link.csv
	[ "$status" -eq 2 ]
	[ "$stderr" = "sm-report: --rejects hard.csv is the input link.csv" ]
	same_check link.csv hard.csv
	printf '2026-01-01\n' >h.txt
	run --separate-stderr "$SM_BIN/sm-report" -g rep --holidays h.txt \
	    -o ./h.txt r.csv
	[ "$status" -eq 2 ]
	[ "$stderr" = "sm-report: -o ./h.txt is the --holidays file h.txt" ]
	[ "$(cat h.txt)" = "2026-01-01" ]
}

@test "sm-segment: --rejects or -o onto the input, -o and --rejects in one file" {
	need sm-segment
	same_setup
	# It used to exit 0 and leave r.csv holding the rejects table.
	run --separate-stderr "$SM_BIN/sm-segment" -e 'a: true' --rejects r.csv \
	    r.csv
	[ "$status" -eq 2 ]
	[ "$stderr" = "sm-segment: --rejects r.csv is the input r.csv" ]
	[ "$output" = "" ]
	same_check
	run --separate-stderr "$SM_BIN/sm-segment" -e 'a: true' -o ./r.csv r.csv
	[ "$status" -eq 2 ]
	[ "$stderr" = "sm-segment: -o ./r.csv is the input r.csv" ]
	same_check
	run --separate-stderr "$SM_BIN/sm-segment" -e 'a: true' -o s.csv \
	    --rejects "$T/w/../w/s.csv" r.csv
	[ "$status" -eq 2 ]
	[ "$stderr" = "sm-segment: -o s.csv and --rejects $T/w/../w/s.csv name the same file" ]
	same_check
}

@test "sm-forecast: --slipped, --rejects and -o onto the input or one another" {
	need sm-forecast
	same_setup
	set -- --as-of 2026-01-31 --period month
	run --separate-stderr "$SM_BIN/sm-forecast" "$@" --slipped r.csv r.csv
	[ "$status" -eq 2 ]
	[ "$stderr" = "sm-forecast: --slipped r.csv is the input r.csv" ]
	same_check
	run --separate-stderr "$SM_BIN/sm-forecast" "$@" --rejects ./r.csv r.csv
	[ "$status" -eq 2 ]
	[ "$stderr" = "sm-forecast: --rejects ./r.csv is the input r.csv" ]
	same_check
	run --separate-stderr "$SM_BIN/sm-forecast" "$@" --slipped s.csv \
	    -o ./s.csv r.csv
	[ "$status" -eq 2 ]
	[ "$stderr" = "sm-forecast: --slipped s.csv and -o ./s.csv name the same file" ]
	same_check
	# Apart, the three files are written: the slipped deal 3 (due
	# 2026-01-05, before --as-of, still open) and the rejected row 2.
	run --separate-stderr "$SM_BIN/sm-forecast" "$@" --slipped s.csv \
	    --rejects j.csv -o o.csv r.csv
	[ "$status" -eq 0 ]
	[ "$(cat s.csv)" = "id,rep,closed,amount
3,B,2026-01-05,5.00" ]
	[ "$(cut -d, -f1 j.csv | tr '\n' ' ')" = "id 2 " ]
	[ -s o.csv ]
}

@test "sm-assign: -o, --rejects and --summary against the leads, -R, --state and one another" {
	need sm-assign
	same_setup
	printf 'rep\nA\nB\n' >reps.csv
	printf 'round-robin\tA\t1\n' >st
	cksum reps.csv st >"$T/sum2"
	# It used to write the rows to s.csv and then the summary over them.
	run --separate-stderr "$SM_BIN/sm-assign" -R reps.csv -s ./s.csv \
	    -o s.csv r.csv
	[ "$status" -eq 2 ]
	[ "$stderr" = "sm-assign: --summary ./s.csv and -o s.csv name the same file" ]
	[ "$output" = "" ]
	run --separate-stderr "$SM_BIN/sm-assign" -R reps.csv -o ../w/r.csv \
	    r.csv
	[ "$status" -eq 2 ]
	[ "$stderr" = "sm-assign: -o ../w/r.csv is the input r.csv" ]
	run --separate-stderr "$SM_BIN/sm-assign" -R reps.csv --rejects \
	    "$T//w/reps.csv" r.csv
	[ "$status" -eq 2 ]
	[ "$stderr" = "sm-assign: --rejects $T//w/reps.csv is the -R file reps.csv" ]
	run --separate-stderr "$SM_BIN/sm-assign" -R reps.csv -M round-robin \
	    -S st --summary ./st r.csv
	[ "$status" -eq 2 ]
	[ "$stderr" = "sm-assign: --summary ./st is the --state file st" ]
	ln -s r.csv link.csv
	run --separate-stderr "$SM_BIN/sm-assign" -R reps.csv -o link.csv \
	    r.csv
	[ "$status" -eq 2 ]
	[ "$stderr" = "sm-assign: -o link.csv is the input r.csv" ]
	cksum reps.csv st | cmp - "$T/sum2"
	same_check reps.csv st link.csv
}

@test "sm-quota: -o and --rejects against -R, -H, --holidays and the table of -c" {
	need sm-quota
	same_setup
	printf 'rep\nA\nB\n' >reps.csv
	printf 'rep,period,quota\nA,2026-Q1,5\n' >q.csv
	printf '2026-01-01\n' >h.txt
	run --separate-stderr "$SM_BIN/sm-quota" -R reps.csv -y 2026 -t 10 \
	    -o ./reps.csv
	[ "$status" -eq 2 ]
	[ "$stderr" = "sm-quota: -o ./reps.csv is the -R file reps.csv" ]
	run --separate-stderr "$SM_BIN/sm-quota" -R reps.csv -y 2026 -g 5 \
	    -H r.csv --rejects "$T/w/./r.csv"
	[ "$status" -eq 2 ]
	[ "$stderr" = "sm-quota: --rejects $T/w/./r.csv is the -H file r.csv" ]
	run --separate-stderr "$SM_BIN/sm-quota" -R reps.csv -y 2026 -t 10 \
	    --holidays h.txt -o h.txt
	[ "$status" -eq 2 ]
	[ "$stderr" = "sm-quota: -o h.txt is the --holidays file h.txt" ]
	run --separate-stderr "$SM_BIN/sm-quota" -c -o ../w/q.csv q.csv
	[ "$status" -eq 2 ]
	[ "$stderr" = "sm-quota: -o ../w/q.csv is the input q.csv" ]
	[ "$(cat reps.csv q.csv h.txt)" = "rep
A
B
rep,period,quota
A,2026-Q1,5
2026-01-01" ]
	same_check reps.csv q.csv h.txt
}

@test "standard input and /dev names are no files: -o /dev/stdout reads /dev/stdin" {
	need sm-report
	same_setup
	printf 'rep\nA\nB\nB\n' >c.csv
	run bash -c "'$SM_BIN/sm-report' -g rep --metrics deals -o /dev/stdout /dev/stdin <c.csv"
	[ "$status" -eq 0 ]
	[ "$output" = "rep,deals
A,1
B,2" ]
	# Two outputs into one device still clash, as before.
	run --separate-stderr "$SM_BIN/sm-report" -g rep --metrics deals \
	    -o /dev/null --rejects /dev/null c.csv
	[ "$status" -eq 2 ]
	[ "$stderr" = "sm-report: /dev/null: already an output of this run" ]
	same_check c.csv
}

@test "side inputs of sm-report (-Q), sm-segment (-r) and sm-forecast (-Q, --slipped) are never outputs" {
	same_setup
	printf 'rep,period,quota\nA,2026-Q1,5\n' >q.csv
	printf 'seg: true\n' >rules.txt
	need sm-report
	run --separate-stderr "$SM_BIN/sm-report" -g rep,closed:quarter \
	    -Q q.csv --rejects ./q.csv r.csv
	[ "$status" -eq 2 ]
	[ "$stderr" = "sm-report: --rejects ./q.csv is the -Q file q.csv" ]
	need sm-segment
	run --separate-stderr "$SM_BIN/sm-segment" -r rules.txt \
	    -o ../w/rules.txt r.csv
	[ "$status" -eq 2 ]
	[ "$stderr" = "sm-segment: -o ../w/rules.txt is the -r file rules.txt" ]
	need sm-forecast
	run --separate-stderr "$SM_BIN/sm-forecast" -a 2026-01-31 \
	    -Q q.csv -o "$T//w/q.csv" r.csv
	[ "$status" -eq 2 ]
	[ "$stderr" = "sm-forecast: -o $T//w/q.csv is the -Q file q.csv" ]
	run --separate-stderr "$SM_BIN/sm-forecast" -a 2026-01-31 \
	    --slipped ./r.csv r.csv
	[ "$status" -eq 2 ]
	[ "$stderr" = "sm-forecast: --slipped ./r.csv is the input r.csv" ]
	run --separate-stderr "$SM_BIN/sm-forecast" -a 2026-01-31 \
	    --slipped s.csv -o ./s.csv r.csv
	[ "$status" -eq 2 ]
	[ "$stderr" = "sm-forecast: --slipped s.csv and -o ./s.csv name the same file" ]
	[ "$(cat q.csv rules.txt)" = "rep,period,quota
A,2026-Q1,5
seg: true" ]
	same_check q.csv rules.txt
}
