/*
 * gen: write a deterministic opportunities table for the benchmarks.
 * usage: gen ROWS csv|tsv|leads-csv > file
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libsales/date.h"

static uint64_t	 s = 0x9e3779b97f4a7c15ULL;

/* xorshift64*: the same stream on every machine. */
static uint64_t
next(void)
{
	s ^= s >> 12;
	s ^= s << 25;
	s ^= s >> 27;
	return s * 0x2545f4914f6cdd1dULL;
}

static const char *const stages[] = {
	"Prospecting", "Qualification", "Proposal", "Negotiation",
	"Closed Won", "Closed Lost"
};
static const char *const terrs[] = { "EMEA", "APAC", "AMER", "LATAM" };
static const char *const segs[] = { "enterprise", "mid-market", "smb" };

int
main(int argc, char *argv[])
{
	long		 rows, i, created, closed;
	int		 tsv, leads;
	char		 sep, c1[SALES_DATE_BUFSZ], c2[SALES_DATE_BUFSZ];

	if (argc != 3)
		return 2;
	rows = atol(argv[1]);
	tsv = strcmp(argv[2], "tsv") == 0;
	leads = strcmp(argv[2], "leads-csv") == 0;
	sep = tsv ? '\t' : ',';
	if (leads)
		printf("id,name,email,territory,segment,source,budget,visits,"
		    "notes\n");
	else
		printf("id%crep%cterritory%csegment%cstage%camount%ccreated%c"
		    "closed\n", sep, sep, sep, sep, sep, sep, sep);
	for (i = 1; i <= rows; i++) {
		if (leads) {
			printf("L%ld,Lead %ld,lead%ld@%s,%s,%s,%s,%lu.00,%lu,%s\n",
			    i, i, i, next() % 3 ? "corp.example" : "gmail.com",
			    terrs[next() % 4], segs[next() % 3],
			    next() % 2 ? "Website" : "Referral",
			    (unsigned long)(next() % 100000),
			    (unsigned long)(next() % 40),
			    next() % 5 ? "asked for a demo" :
			    "price is too high");
			continue;
		}
		created = sales_days_from_civil(2025, 1, 1) +
		    (long)(next() % 700);
		closed = created + (long)(next() % 120);
		sales_date_format(created, c1);
		sales_date_format(closed, c2);
		printf("OPP%ld%cRep %02d%c%s%c%s%c%s%c%lu.%02lu%c%s%c%s\n",
		    i, sep, (int)(next() % 50), sep, terrs[next() % 4], sep,
		    segs[next() % 3], sep, stages[next() % 6], sep,
		    (unsigned long)(next() % 90000 + 500),
		    (unsigned long)(next() % 100), sep, c1, sep, c2);
	}
	return 0;
}
