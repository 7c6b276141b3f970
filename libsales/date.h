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
	char	 fmt[64];	/* strptime format (SALES_DATE_STRPTIME) */
};

/*
 * Set f from an option argument: NULL or "iso" is ISO 8601; "mdy",
 * "dmy", "ymd" (any case); anything holding '%' is a strptime(3) format
 * of at most 63 bytes.  Returns 0, or -1 with err set (SALES_EUSAGE:
 * "invalid date format 'x' (...)" or "date format too long").
 */
int	sales_datefmt_init(struct sales_datefmt *f, const char *spec,
	    struct sales_err *err);

/*
 * Days since 1970-01-01 of the civil date y-m-d (m 1-12, d 1-31; not
 * checked).  Negative before 1970.
 */
long	sales_days_from_civil(long y, int m, int d);

/* The civil date of day number days: year, month 1-12, day 1-31. */
void	sales_civil_from_days(long days, long *y, int *m, int *d);

/*
 * 1 when y is a Gregorian leap year (divisible by 4, except centuries
 * not divisible by 400: 2000 is, 1900 and 2100 are not), else 0.
 */
int	sales_leap_year(long y);

/* Days in month m (1-12) of year y: 28-31; 0 when m is out of range. */
int	sales_days_in_month(long y, int m);

/* ISO weekday of a day number: 1 = Monday .. 7 = Sunday. */
int	sales_weekday(long days);

/*
 * Parse len bytes at s (need not be NUL-terminated) as a date in format
 * f into *days.  Spaces and tabs around the date are ignored.
 *
 * ISO: YYYY-MM-DD (4-digit year, 2-digit month and day).  MDY, DMY,
 * YMD: three fields separated twice by the same one of '/', '-', '.';
 * the year has 4 digits, month and day 1 or 2 ("3/1/2017" mdy is 1
 * March, "12.01.2017" dmy is 12 January).  These four may be followed
 * by 'T' or spaces and a time HH:MM[:SS[.fff]] with an optional AM/PM
 * or UTC offset (Z, +HH, +HHMM, +HH:MM); the time is checked and
 * dropped, the date is taken as written (2026-11-30T23:30:00-05:00 is
 * 2026-11-30).  STRPTIME: strptime(3) in the "C" locale on a copy of
 * the field (at most 255 bytes); the whole field must be consumed but
 * for trailing spaces; a format without a day gives the first of the
 * month ("%b-%y": "Apr-18" is 2018-04-01).
 *
 * Every format checks the day exists (2026-02-30 is an error).  Never
 * depends on TZ or the locale.  Returns 0, or -1 with *why set to a
 * static reason: "no such day", or for a field of the wrong shape "not
 * a date (expected YYYY-MM-DD; see --date-format)" (ISO), "not a date
 * (expected M/D/YYYY)" (MDY; D/M/YYYY, YYYY/M/D likewise) or "not a
 * date (does not match --date-format)" (STRPTIME).
 */
int	sales_date_parse(const struct sales_datefmt *f, const char *s,
	    size_t len, long *days, const char **why);

/*
 * Write day number days as YYYY-MM-DD into buf (at least
 * SALES_DATE_BUFSZ bytes; years before 0 get a leading '-').  Returns
 * the length, not counting the NUL.
 */
size_t	sales_date_format(long days, char *buf);

/*
 * The day n months after (n < 0: before) day days, clamped to the end
 * of the target month: 2016-01-31 + 1 month = 2016-02-29, + 2 months =
 * 2016-03-31 (each call counts from the date given, so steps taken from
 * a hire date never drift to the 29th).  Day numbers in, day number out.
 */
long	sales_add_months(long days, int n);

#endif
