#!/bin/sh
# The sm pipeline on the sample data in examples/: run by `make demo`.
# Each step prints what a sales manager would look at.
set -e
bin=${1:-bin}
ex=$(dirname "$0")

echo "== Win rates, amounts and cycle length per rep (sm-report)"
"$bin"/sm-report -g rep --sort won_amount:desc --to pretty \
    "$ex"/opportunities.csv
echo
echo "== Bookings per quarter of close (sm-report)"
"$bin"/sm-report -g closed:quarter --metrics deals,won,win_rate,won_amount \
    --to pretty "$ex"/opportunities.csv
echo
echo "== Stage conversion (sm-report --funnel)"
"$bin"/sm-report --funnel Prospecting,Qualification,Proposal,Negotiation \
    --to pretty "$ex"/opportunities.csv
