/*
 * calendar.h: periods (day, ISO week, month, quarter, year), fiscal
 * years, retail 4-4-5 calendars and business days.
 *
 * Labels (SPEC 4): day "2026-11-30", week "2026-W49" (ISO 8601 week),
 * month "2026-11", quarter "2026-Q4", year "2026".  With a fiscal start
 * month other than January, quarters and years are fiscal and named by
 * the calendar year in which the fiscal year ends: fy_start 2 makes
 * 2026-02-01..2027-01-31 "FY2027" and its first quarter "FY2027-Q1".
 * Months keep their calendar label.  Labels sort in time as bytes.
 *
 * Retail calendars (4-4-5, 4-5-4, 5-4-4; as Salesforce's custom fiscal
 * years and the NRF calendar): the fiscal year starts on the Monday
 * nearest the first day of the fiscal start month and is made of whole
 * weeks; each quarter has 13 weeks split as the pattern says, and a
 * 53rd week joins the last month when the next year would otherwise
 * start more than 3 days from its start month's first day.  Retail
 * months are labelled "FY2027-M01" .. "FY2027-M12" (the fiscal year
 * label even with fy_start 1, as "FY2027"), quarters "FY2027-Q1".
 */
#ifndef SALES_CALENDAR_H
#define SALES_CALENDAR_H

#include <stddef.h>

#include "libsales/err.h"

#define SALES_LABEL_BUFSZ	24	/* any period label and a NUL */

enum sales_period {
	SALES_PERIOD_DAY = 0,
	SALES_PERIOD_WEEK,
	SALES_PERIOD_MONTH,
	SALES_PERIOD_QUARTER,
	SALES_PERIOD_YEAR
};

enum sales_retail {
	SALES_RETAIL_NONE = 0,
	SALES_RETAIL_445,
	SALES_RETAIL_454,
	SALES_RETAIL_544
};

/* A calendar; fill with sales_calendar_init(), free with _release(). */
struct sales_calendar {
	int	 fy_start;	/* first month of the fiscal year, 1-12 */
	int	 retail;	/* enum sales_retail */
	long	*holidays;	/* sorted day numbers, owned */
	size_t	 nholidays;
};

/* Fill cal with the calendar year: fy_start 1, no retail, no holidays. */
void	sales_calendar_init(struct sales_calendar *cal);

/* Free the holidays; cal can be initialised again. */
void	sales_calendar_release(struct sales_calendar *cal);

/*
 * Read holidays from path: one ISO date a line; blank lines and lines
 * starting with '#' are skipped.  Returns 0, or -1 with err set
 * (SALES_EIO, SALES_ENOMEM, SALES_EVALUE naming file and line).
 */
int	sales_calendar_holidays(struct sales_calendar *cal, const char *path,
	    struct sales_err *err);

/*
 * Parse "4-4-5", "4-5-4", "5-4-4" into *retail.  Returns 0 or -1 with
 * err set (SALES_EUSAGE).
 */
int	sales_retail_parse(const char *s, int *retail, struct sales_err *err);

/*
 * Parse a period name ("day", "week", "month", "quarter", "year") into
 * enum sales_period.  Returns the value, or -1 for an unknown name.
 */
int	sales_period_parse(const char *name);

/* The name of period p ("quarter"); a static string. */
const char *sales_period_name(int p);

/*
 * The period of kind p that holds day: its first and last day
 * (inclusive) into *start and *end (either may be NULL) and its label
 * into buf (at least SALES_LABEL_BUFSZ bytes; may be NULL).  Returns the
 * label's length.
 */
size_t	sales_period_of(const struct sales_calendar *cal, int p, long day,
	    long *start, long *end, char *buf);

/*
 * Parse a period label of any kind under cal ("2026-Q4", "FY2027-Q1",
 * "2026-W49", "2026-11", "FY2027-M01", "2026", "FY2027", "2026-11-30")
 * into its kind, first and last day.  Returns the kind (enum
 * sales_period), or -1 with err set (SALES_EVALUE, "not a period").
 */
int	sales_period_parse_label(const struct sales_calendar *cal,
	    const char *s, size_t len, long *start, long *end,
	    struct sales_err *err);

/*
 * The fiscal year that ends in calendar year fy (SPEC 4: --year 2016
 * with fy_start 10 runs 2015-10-01..2016-09-30), or the retail year of
 * that name: first and last day.
 */
void	sales_fiscal_year(const struct sales_calendar *cal, long fy,
	    long *start, long *end);

/* 1 when day is Monday to Friday and not a holiday, else 0. */
int	sales_business_day(const struct sales_calendar *cal, long day);

/* Business days from start to end, both included (0 when end < start). */
long	sales_business_days(const struct sales_calendar *cal, long start,
	    long end);

#endif
