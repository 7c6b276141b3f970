/*
 * date.h: dates as days since 1970-01-01 (proleptic Gregorian, no time
 * zone), parsing and printing.
 *
 * The civil-from-days and days-from-civil conversions are Howard
 * Hinnant's algorithms ("chrono-Compatible Low-Level Date Algorithms").
 */
#ifndef SALES_DATE_H
#define SALES_DATE_H

#include <stddef.h>

#include "libsales/err.h"

#define SALES_DATE_BUFSZ	16	/* "-12345-01-01" and a NUL fit */

enum sales_datefmt_kind {
	SALES_DATE_ISO = 0,	/* 2026-11-30, with an optional time part */
	SALES_DATE_MDY,		/* 11/30/2026, 1-2 digit fields, / - or . */
	SALES_DATE_DMY,
	SALES_DATE_YMD,
	SALES_DATE_STRPTIME	/* any strptime(3) format, e.g. %d.%m.%Y */
};

/* A date format, chosen once for a whole column (--date-format). */
struct sales_datefmt {
	int	 kind;		/* enum sales_datefmt_kind */
	char	 fmt[64];	/* the strptime format for SALES_DATE_STRPTIME */
};

/*
 * Set f from an option argument: NULL or "iso" is ISO 8601; "mdy",
 * "dmy", "ymd"; anything holding '%' is a strptime(3) format.
 * Returns 0, or -1 with err set (SALES_EUSAGE: unknown format).
 */
int	sales_datefmt_init(struct sales_datefmt *f, const char *spec,
	    struct sales_err *err);

/*
 * Days since 1970-01-01 of the civil date y-m-d (m 1-12, d 1-31; not
 * checked).  Negative before 1970.
 */
long	sales_days_from_civil(long y, int m, int d);

/* The civil date of day number days. */
void	sales_civil_from_days(long days, long *y, int *m, int *d);

/* Days in month m (1-12) of year y: 28-31. */
int	sales_days_in_month(long y, int m);

/* ISO weekday of a day number: 1 = Monday .. 7 = Sunday. */
int	sales_weekday(long days);

/*
 * Parse len bytes at s as a date in format f into *days.  ISO accepts
 * YYYY-MM-DD, optionally followed by 'T' or ' ' and a time with any
 * offset (ignored: the date is taken as written).  Every format checks
 * the day exists (2026-02-30 is an error) and that nothing but spaces
 * follows.  Never depends on TZ or the locale.  Returns 0, or -1 with
 * *why set to a static reason ("not a date (expected YYYY-MM-DD; see
 * --date-format)", "no such day").
 */
int	sales_date_parse(const struct sales_datefmt *f, const char *s,
	    size_t len, long *days, const char **why);

/*
 * Write day number days as YYYY-MM-DD into buf (at least
 * SALES_DATE_BUFSZ bytes).  Returns the length.
 */
size_t	sales_date_format(long days, char *buf);

/*
 * The day n months after (n < 0: before) day days, clamped to the end
 * of the target month: 2016-01-31 + 1 month = 2016-02-29.
 */
long	sales_add_months(long days, int n);

#endif
