#!/bin/sh
# The sm pipeline on the sample data in examples/: run by `make demo`.
# Each step prints what a sales manager would look at.
set -e
bin=${1:-bin}
ex=$(dirname "$0")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "== Incoming leads sorted into segments and scored (sm-segment --stats)"
"$bin"/sm-segment --as-of 2026-11-30 -r "$ex"/segment-rules.txt --stats \
    "$ex"/leads.csv 2>&1 >"$tmp"/segmented.csv
echo
echo "== Each lead to a rep who covers its territory and segment (sm-assign)"
"$bin"/sm-assign -R "$ex"/reps.csv --summary "$tmp"/summary.csv \
    "$tmp"/segmented.csv >"$tmp"/assigned.csv 2>"$tmp"/assign.err
cat "$tmp"/assign.err
"$bin"/sm-report -g rep,assign_reason --metrics deals --to pretty \
    "$tmp"/assigned.csv
echo
echo "== Quotas for 2026 per rep and month, ramped for new hires (sm-quota)"
"$bin"/sm-quota -R "$ex"/reps.csv --year 2026 --target 2400000 \
    --split weight --ramp 50,75 --period month -o "$tmp"/quotas.tsv
head -4 "$tmp"/quotas.tsv
echo "... $(($(wc -l <"$tmp"/quotas.tsv) - 1)) rows in all"
echo
echo "== Win rates, amounts and cycle length per rep (sm-report)"
"$bin"/sm-report -g rep --sort won_amount:desc --to pretty \
    "$ex"/opportunities.csv
echo
echo "== Attainment per rep in the third quarter of 2026 (sm-report -Q)"
"$bin"/sm-report -Q "$tmp"/quotas.tsv -g rep,closed:quarter \
    --metrics won,won_amount,quota,attainment --sort attainment:desc \
    --to pretty "$ex"/opportunities.csv | grep -E '^rep|^---|2026-Q3'
echo
echo "== Bookings per quarter of close (sm-report)"
"$bin"/sm-report -g closed:quarter --metrics deals,won,win_rate,won_amount \
    --to pretty "$ex"/opportunities.csv
echo
echo "== Stage conversion (sm-report --funnel)"
"$bin"/sm-report --funnel Prospecting,Qualification,Proposal,Negotiation \
    --to pretty "$ex"/opportunities.csv
echo
echo "== This quarter's forecast per rep as of 2026-11-30 (sm-forecast)"
"$bin"/sm-forecast -Q "$tmp"/quotas.tsv -g rep --as-of 2026-11-30 \
    --simulate 10000 --seed 1 --slipped "$tmp"/slipped.csv --to pretty \
    "$ex"/opportunities.csv 2>"$tmp"/forecast.err
echo
echo "== Open deals that slipped past their close date (sm-forecast --slipped)"
sed -n '1,12p' "$tmp"/slipped.csv
echo "... $(($(wc -l <"$tmp"/slipped.csv) - 2)) in all, counted in this quarter"
echo
echo "== The attainment report as a page for management (sm-report --to html)"
mkdir -p build
"$bin"/sm-report -Q "$tmp"/quotas.tsv -g rep,closed:quarter \
    --metrics won,won_amount,quota,attainment --sort attainment:desc \
    --to html -o build/attainment.html "$ex"/opportunities.csv
echo "wrote build/attainment.html ($(grep -c '<svg' build/attainment.html) charts, $(grep -c '<tr>' build/attainment.html) table rows)"
