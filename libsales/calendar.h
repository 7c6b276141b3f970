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
 *
 * A retail year is named as the Gregorian fiscal year it stands for:
 * by the calendar year in which that fiscal year ends.  With fy_start
 * M of 2-12, FY N starts on the Monday nearest N-1-M-01 and ends on the
 * Sunday before the Monday nearest N-M-01, always within calendar year
 * N.  With fy_start 1, FY N starts on the Monday nearest N-01-01 (which
 * may be 29-31 December of N-1) and ends on the Sunday before the
 * Monday nearest N+1-01-01 (which may be 1-3 January of N+1): the ISO
 * 8601 week-numbering year N, 2020-W01..2020-W53 for FY2020.  Example,
 * 4-4-5 with fy_start 2: FY2024 runs 2023-01-30..2024-01-28 (52 weeks),
 * FY2025 2024-01-29..2025-02-02 (53 weeks: M12 has 6).  The NRF calls
 * the year from Sunday 2023-01-29 "fiscal 2023", by its start and with
 * Sunday weeks; here the same year is FY2024 and starts on Monday.
 *
 * Weeks are ISO weeks whatever the calendar: they begin on Monday, so
 * they nest in retail months and quarters.
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

/*
 * A calendar; fill with sales_calendar_init(), free with _release().
 * holidays holds only weekdays (Monday-Friday), sorted, each once: add
 * them with sales_calendar_holidays() or sales_calendar_add_holiday(),
 * which keep that order (sales_business_days() counts on it).
 */
struct sales_calendar {
	int	 fy_start;	/* first month of the fiscal year, 1-12 */
	int	 retail;	/* enum sales_retail */
	long	*holidays;	/* day numbers, owned; see above */
	size_t	 nholidays;
};

/* Fill cal with the calendar year: fy_start 1, no retail, no holidays. */
void	sales_calendar_init(struct sales_calendar *cal);

/* Free the holidays; cal can be initialised again. */
void	sales_calendar_release(struct sales_calendar *cal);

/*
 * Add the holidays listed in path to cal: one ISO date (YYYY-MM-DD) a
 * line; '#' starts a comment that runs to the end of the line; blank
 * lines are skipped; a UTF-8 byte-order mark and CR line ends are
 * accepted.  Holidays on a Saturday or Sunday are dropped (they are no
 * business day anyway) and repeats kept once.  A file is taken whole
 * or not at all.  Returns 0, or -1 with err set: SALES_EIO (errno, path),
 * SALES_ENOMEM, or SALES_EVALUE with path and line ("holiday 'x': not a
 * date (expected YYYY-MM-DD)", "holiday '2026-02-30': no such day",
 * "line too long").
 */
int	sales_calendar_holidays(struct sales_calendar *cal, const char *path,
	    struct sales_err *err);

/*
 * Add one holiday, day number day, to cal (ignored when it falls on a
 * weekend or is already there).  Returns 0, or -1 with err set
 * (SALES_ENOMEM; cal unchanged).
 */
int	sales_calendar_add_holiday(struct sales_calendar *cal, long day,
	    struct sales_err *err);

/*
 * Parse "4-4-5", "4-5-4", "5-4-4" into *retail.  Returns 0 or -1 with
 * err set (SALES_EUSAGE).
 */
int	sales_retail_parse(const char *s, int *retail, struct sales_err *err);

/*
 * Parse a period name ("day", "week", "month", "quarter", "year", any
 * case) into enum sales_period.  Returns the value, or -1 for an
 * unknown name.
 */
int	sales_period_parse(const char *name);

/* The name of period p ("quarter"); a static string, NULL if unknown. */
const char *sales_period_name(int p);

/*
 * The ISO 8601 week of day number day: *year is the ISO year (that of
 * the week's Thursday) and *week 1-53.  2021-01-01 is 2020 week 53;
 * 2024-12-30 is 2025 week 1.
 */
void	sales_iso_week(long day, long *year, int *week);

/*
 * The period of kind p (enum sales_period; anything else is taken as a
 * day) under cal that holds day number day: its first and last day
 * numbers (inclusive) into *start and *end (either may be NULL) and its
 * label, as the header comment above says, NUL-terminated into buf (at
 * least SALES_LABEL_BUFSZ bytes; may be NULL).  Returns the label's
 * length.  Costs a few divisions: fit to call per row.
 */
size_t	sales_period_of(const struct sales_calendar *cal, int p, long day,
	    long *start, long *end, char *buf);

/*
 * Parse a period label of any kind under cal ("2026-Q4", "FY2027-Q1",
 * "2026-W49", "2026-11", "FY2027-M01", "2026", "FY2027", "2026-11-30")
 * from len bytes at s (spaces around it ignored; "FY", "W", "Q", "M" in
 * any case) into its kind and its first and last day numbers (either
 * pointer may be NULL).  Labels without "FY" are calendar periods
 * whatever cal says ("2026-Q4" is October to December); labels with
 * "FY" are fiscal under cal: FY years and quarters by fy_start and the
 * retail pattern, "FY2027-M01" the first retail month, or without a
 * retail calendar the first calendar month of the fiscal year.  Every
 * label sales_period_of() writes under cal reads back to its span.
 * Returns the kind (enum sales_period), or -1 with err set
 * (SALES_EVALUE, "not a period: 'x'"; also for a week or day that does
 * not exist, such as "2025-W53" or "2026-02-30").
 */
int	sales_period_parse_label(const struct sales_calendar *cal,
	    const char *s, size_t len, long *start, long *end,
	    struct sales_err *err);

/*
 * The fiscal year that ends in calendar year fy (SPEC 4: --year 2016
 * with fy_start 10 runs 2015-10-01..2016-09-30), or the retail year of
 * that name: first and last day numbers (either pointer may be NULL).
 */
void	sales_fiscal_year(const struct sales_calendar *cal, long fy,
	    long *start, long *end);

/*
 * 1 when day number day is Monday to Friday and not a holiday of cal,
 * else 0.  O(log holidays).
 */
int	sales_business_day(const struct sales_calendar *cal, long day);

/*
 * Business days (Monday to Friday, less cal's holidays) from day number
 * start to end, both included; 0 when end < start.  Whole weeks are
 * counted by arithmetic and holidays by binary search, so the cost is
 * O(log holidays) whatever the span: fit to call per row.
 */
long	sales_business_days(const struct sales_calendar *cal, long start,
	    long end);

#endif
