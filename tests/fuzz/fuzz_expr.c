/*
 * fuzz_expr.c: the rules language (expr.h): parse, bind and evaluate
 * any rules text over any rows.
 *
 * Input: two option bytes, then the rules text, a "===" line and rows,
 * one a line, their fields cut at tabs, for the columns
 * a, b, c, amount, budget, email, phone, notes, created,
 * "Name With Spaces", source.
 *	byte 0: bit 0 --explain, bit 1 --decimal-comma, bits 2-3 the
 *		date format of fields (iso, mdy, dmy, %d.%m.%Y), bit 4 the
 *		rules as a second -e source too, bit 5 fail an allocation
 *	byte 1: the allocations that succeed before one fails
 *
 * Properties: an error is a usage error, a limit or no memory (only
 * when an allocation fails), with a message; after binding, the columns
 * read are ascending, once each and in the header; the segment found
 * is one of the names; the reasons are as long as said, and empty
 * without --explain; the score is within the points of the rules.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "libsales/date.h"
#include "libsales/err.h"
#include "libsales/expr.h"
#include "libsales/mem.h"
#include "libsales/money.h"
#include "tests/fuzz/fuzz.h"

static const char *const colnames[] = {
	"a", "b", "c", "amount", "budget", "email", "phone", "notes",
	"created", "Name With Spaces", "source"
};
#define NCOLS	(sizeof(colnames) / sizeof(colnames[0]))

static const char *const datefmts[] = { "iso", "mdy", "dmy", "%d.%m.%Y" };

static void
check_err(const struct sales_err *e, int failing)
{
	fuzz_assert(e->code == SALES_EUSAGE || e->code == SALES_ELIMIT ||
	    (e->code == SALES_ENOMEM && failing));
	fuzz_assert(e->msg[0] != '\0');
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in		 in = { data, size };
	struct sales_rules_opts	 o;
	struct sales_rules	*r = NULL;
	struct sales_datefmt	 df;
	struct sales_verdict	 v;
	struct sales_err	 e;
	struct sales_field	 hdr[NCOLS], row[NCOLS];
	const uint8_t		*text, *rows;
	const size_t		*cols;
	size_t			 textlen, rowslen, ncols, i, j, k;
	char			*p, *end, *line, *nl, *rtext, *rbuf;
	unsigned		 b0, b1;
	int			 failing;

	b0 = fuzz_byte(&in);
	b1 = fuzz_byte(&in);
	failing = (b0 & 32) != 0;
	textlen = fuzz_part(&in, &text);
	rowslen = fuzz_part(&in, &rows);
	for (i = 0; i < NCOLS; i++) {
		hdr[i].s = colnames[i];
		hdr[i].len = strlen(colnames[i]);
	}
	if (sales_datefmt_init(&df, datefmts[(b0 >> 2) & 3], &e) == -1)
		abort();
	sales_rules_opts_init(&o);
	o.datefmt = &df;
	o.money_flags = (b0 & 2) ? SALES_MONEY_DECIMAL_COMMA : 0;
	o.as_of = sales_days_from_civil(2026, 11, 30);
	o.explain = b0 & 1;
	rtext = fuzz_copy(text, textlen);
	rbuf = fuzz_str(rows, rowslen);
	if (failing)
		sales_mem_fail_after(b1);
	if (sales_rules_new(&r, &o, &e) == -1) {
		check_err(&e, failing);
		goto done;
	}
	if (sales_rules_parse(r, rtext, textlen, "rules.txt", &e) == -1) {
		check_err(&e, failing);
		goto done;
	}
	if ((b0 & 16) && sales_rules_parse(r, rtext, textlen, "-e 1", &e) ==
	    -1) {
		check_err(&e, failing);
		goto done;
	}
	if (sales_rules_nscores(r) + sales_rules_nsegments(r) == 0)
		goto done;
	if (sales_rules_bind(r, hdr, NCOLS, &e) == -1) {
		check_err(&e, failing);
		goto done;
	}
	cols = sales_rules_columns(r, &ncols);
	for (i = 0; i < ncols; i++)
		fuzz_assert(cols[i] < NCOLS &&
		    (i == 0 || cols[i - 1] < cols[i]));
	fuzz_assert(sales_rules_nnames(r) >= 1);
	for (i = 0; i < sales_rules_nnames(r); i++)
		fuzz_assert(sales_rules_name(r, i) != NULL);

	/*
	 * Each line of the rows part is a row; missing fields are empty.
	 * The line ends and tabs become the NUL bytes after the fields.
	 */
	p = rbuf;
	end = rbuf + rowslen;
	do {
		line = p;
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		for (j = 0; j < NCOLS; j++) {
			row[j].s = "";
			row[j].len = 0;
		}
		for (j = 0, k = 0; line + k <= nl && j < NCOLS; k++) {
			if (line + k == nl || line[k] == '\t') {
				/* Views end in a NUL byte, as the reader's. */
				line[k] = '\0';
				row[j].s = line;
				row[j].len = k;
				j++;
				line += k + 1;
				k = (size_t)-1;
			}
		}
		if (sales_rules_eval(r, row, NCOLS, &v, &e) == -1) {
			fuzz_assert(e.code == SALES_ENOMEM && failing);
			break;
		}
		fuzz_assert(v.segment < sales_rules_nnames(r));
		fuzz_assert(v.reasons != NULL &&
		    strlen(v.reasons) == v.reasonslen);
		if (!o.explain)
			fuzz_assert(v.reasonslen == 0);
		fuzz_assert(v.score <= (long long)sales_rules_nscores(r) *
		    SALES_RULES_MAXPOINTS && v.score >=
		    -(long long)sales_rules_nscores(r) * SALES_RULES_MAXPOINTS);
		p = nl + 1;
	} while (nl < end);
done:
	sales_mem_fail_after(-1);
	sales_rules_free(r);
	free(rtext);
	free(rbuf);
	return 0;
}
