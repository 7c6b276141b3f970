/*
 * quotatab.h: quota tables in memory, for sm-report -Q and sm-forecast
 * -Q (the quota of a rep over a span of days) and for sm-quota --check
 * (periods that overlap, leave gaps or do not sum to their parents).
 *
 * A quota table has one row per rep and period: columns of the roles
 * rep, period and quota (SPEC 2; --map renames them), as sm-quota
 * writes it ("rep, period, start, end, quota") or as a manager types
 * it.  When the table has columns named "start" and "end", they give
 * each period's first and last day (ISO dates, or the --date-format),
 * and the period column is only a name; otherwise the period column is
 * a label read by sales_period_parse_label() under the calendar
 * ("2026-Q1", "FY2027-M01", "2026-W05", "2026").  The start and end
 * columns are how sm-quota writes a week cut by the year's edge.
 *
 * Periods of one rep may nest (a year row and its quarter rows): a
 * lookup over a span adds up the largest periods inside the span and
 * never counts a period twice.  Periods that overlap without nesting,
 * or that repeat, make the table unusable for lookups (they are
 * rejected when it is read, except for checking).
 *
 * How a program uses it (sm-report -Q FILE):
 *
 *	struct sales_quotatab	*qt;
 *	int64_t			 quota;
 *
 *	if (sales_quotatab_open(&qt, "quotas.tsv", &cli, &e) == -1)
 *		sales_cli_die(&cli, &e, SALES_EXIT_FAIL);
 *	... for each output group, with its rep and its period's first
 *	and last day (sales_period_of()):
 *	switch (sales_quotatab_get(qt, rep, replen, start, end, &quota,
 *	    &e)) {
 *	case 1:		quota holds the sum: print it, and attainment
 *	case 0:		no quota for this rep and span: print empty fields
 *	case -1:	a quota period straddles the span: exit 1 with e
 *	}
 *	sales_quotatab_free(qt);
 */
#ifndef SALES_QUOTATAB_H
#define SALES_QUOTATAB_H

#include <stddef.h>
#include <stdint.h>

#include "libsales/calendar.h"
#include "libsales/cli.h"
#include "libsales/date.h"
#include "libsales/err.h"
#include "libsales/roles.h"
#include "libsales/table.h"

enum {
	SALES_QUOTATAB_LAX = 1	/* keep overlapping periods (for checks) */
};

/* How to read a quota table; sales_quotatab_opts_init() sets defaults. */
struct sales_quotatab_opts {
	const struct sales_roles	*roles;	/* NULL: default columns */
	const struct sales_calendar	*cal;	/* NULL: calendar year */
	const struct sales_datefmt	*datefmt; /* start, end; NULL: ISO */
	int				 money_flags; /* money.h */
	int				 flags;	/* SALES_QUOTATAB_LAX */
};

struct sales_quotatab;

/* Fill o with the defaults: every pointer NULL, no flags. */
void	sales_quotatab_opts_init(struct sales_quotatab_opts *o);

/*
 * Read every record of r (opened by the caller, who closes it) into a
 * new quota table.  Columns: the role rep (when the column --map names
 * is absent, the role's default column "rep" is used: the quota table
 * need not be named like the deals), quota, and either "start" and
 * "end" or the role period (quota and period as --map names them: a
 * mapped one that is absent is an error, not read from the default
 * column).  Every row needs a rep, a period and a quota of zero or
 * more: an empty one is an error, as is a bad value or a negative
 * quota (a zero quota is kept; attainment over it has no value).
 * Without SALES_QUOTATAB_LAX, two periods of one rep that overlap
 * without one holding the other, or that are the same days twice, are
 * an error.
 *
 * Returns 0 with *qp set (free with sales_quotatab_free()), or -1 with
 * *qp NULL and err set: SALES_EUSAGE for a missing column (naming the
 * columns found); SALES_EVALUE with file, line and column for a bad or
 * empty value ("FILE:LINE: column 'quota': not a money amount: 'x'",
 * "FILE:LINE: column 'quota': negative quota: '-100'", "FILE:LINE:
 * column 'period': not a period: '2026-13'") or an overlap
 * ("FILE:LINE: rep 'Ann': period '2026-02' (2026-02-01..2026-02-28)
 * overlaps '2026-W05' (line 7); see sm-quota --check"); SALES_ENOMEM;
 * or the reader's errors (SALES_EROW, SALES_EIO, SALES_EPARSE).
 */
int	sales_quotatab_read(struct sales_quotatab **qp, struct sales_reader *r,
	    const struct sales_quotatab_opts *o, struct sales_err *err);

/*
 * Open path and read it with sales_quotatab_read(), taking from c the
 * roles (-m), the calendar (--fy-start, --calendar), --date-format,
 * --decimal-comma, -d and --null.  The file is read with its header row
 * and its format told by its name or content, whatever --no-header,
 * --columns and --from say about the program's main input.  Returns as
 * sales_quotatab_read(), plus SALES_EIO naming path, SALES_EHEADER.
 */
int	sales_quotatab_open(struct sales_quotatab **qp, const char *path,
	    const struct sales_cli *c, struct sales_err *err);

/* Free q; NULL is a no-op. */
void	sales_quotatab_free(struct sales_quotatab *q);

/* The number of rows read. */
size_t	sales_quotatab_count(const struct sales_quotatab *q);

/* The number of distinct reps in the table. */
size_t	sales_quotatab_nreps(const struct sales_quotatab *q);

/*
 * Rep i (below sales_quotatab_nreps()), in the order of first
 * appearance in the table: its name, NUL-terminated, owned by q and
 * valid until sales_quotatab_free().  Lets a program list the reps that
 * have a quota but no deal.
 */
struct sales_field sales_quotatab_rep(const struct sales_quotatab *q,
	    size_t i);

/*
 * The quota of rep (len bytes; NULL: all reps together) over the days
 * start..end (inclusive): the sum of the largest quota periods of the
 * rep that lie inside start..end (a year row inside the span counts,
 * the quarter rows inside it do not).  A quota period that is partly
 * inside the span is passed over when finer periods of the rep inside
 * it cover its days in the span (a year row, asked for a month of its
 * month rows); otherwise it is an error: the table is too coarse or cut
 * differently (months asked of a quarterly table; ISO weeks asked of a
 * monthly one).
 *
 * Returns 1 with *quota set (ten-thousandths) when at least one period
 * lies inside the span; 0 with *quota 0 when none does (an unknown rep,
 * a span before the rep's hire); -1 with err set: SALES_EVALUE, with the
 * quota file and line ("quotas.tsv:4: rep 'Ann': quota period '2026-Q1'
 * (2026-01-01..2026-03-31) straddles 2026-02-01..2026-02-28"), or
 * "amount out of range" when the sum overflows.  Lookups on a table
 * read with SALES_QUOTATAB_LAX that holds overlaps count them twice.
 */
int	sales_quotatab_get(const struct sales_quotatab *q, const char *rep,
	    size_t len, long start, long end, int64_t *quota,
	    struct sales_err *err);

/* Kinds of problems sales_quotatab_check() finds. */
enum sales_quota_problem_kind {
	SALES_QP_OVERLAP = 0,	/* overlaps another period without nesting */
	SALES_QP_GAP,		/* days before it that no period covers */
	SALES_QP_SUM		/* its quota is not the sum of those inside */
};

/* One problem, lent to the callback for the time of the call. */
struct sales_quota_problem {
	int			 kind;	/* enum sales_quota_problem_kind */
	const char		*file;	/* where the period's row is */
	unsigned long		 line;
	struct sales_field	 rep;
	const char		*period; /* as written; "" without a column */
	long			 start;	/* the period's days */
	long			 end;
	const char		*other;	/* OVERLAP: the other period */
	unsigned long		 other_line;
	long			 gap_start; /* GAP: the days not covered */
	long			 gap_end;
	int64_t			 quota;	/* SUM: the period's quota */
	int64_t			 sum;	/* SUM: the sum of those inside */
};

/*
 * Check q and call fn(arg, problem, err) for each problem, in the order
 * of the rows' lines (then overlap, gap, sum): for every rep, each
 * period that overlaps an earlier one without either holding the other
 * (or repeats its days), each period preceded by days that none of the
 * rep's periods covers (between its first and last period), and each
 * period that holds others and whose quota differs from the sum of the
 * largest periods inside it (Zoho's "target mismatch").  fn returns 0,
 * or -1 with err set to stop.  Returns the number of problems, or -1
 * with err set (SALES_ENOMEM, or fn's error).
 */
long	sales_quotatab_check(const struct sales_quotatab *q,
	    int (*fn)(void *, const struct sales_quota_problem *,
	    struct sales_err *), void *arg, struct sales_err *err);

#endif
