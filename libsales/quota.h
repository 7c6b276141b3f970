/*
 * quota.h: quotas per rep and period (SPEC 5, sm-quota), without I/O.
 *
 * A rep's quota for the plan year is found top-down (a target split
 * equally, by weight or by each rep's share of last year's won amount)
 * or bottom-up (last year's won amount times a growth).  It is then
 * spread over the days of the year (by business days, flat, or by last
 * year's monthly seasonality), lowered by the rep's ramp, and rounded
 * to a unit with the largest-remainder method (Hamilton's method) at
 * every level: the year is apportioned to its quarters, each quarter
 * to its months, each month to its days (in a retail calendar, each
 * month to its weeks and each week to its days).  Each level therefore
 * sums exactly to the level above, and ISO weeks of a calendar year,
 * which cut across months, are the sums of their days.
 *
 * Money is int64 ten-thousandths (money.h).  Spread weights are held as
 * exact integers (128 bits), so no share is ever approximated.
 *
 * Ties: when two items have the same remainder, the earlier one (the
 * rep that comes first in the rep table, the earlier period) gets the
 * extra unit.
 */
#ifndef SALES_QUOTA_H
#define SALES_QUOTA_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>

#include "libsales/calendar.h"
#include "libsales/err.h"

#define SALES_RAMP_FULL		10000	/* 100% in hundredths of a percent */
#define SALES_RAMP_MAX		120	/* tenure months a ramp may list */
#define SALES_NO_DATE		LONG_MIN	/* "no hire date" */

/* How a target is split among reps (--split). */
enum sales_split {
	SALES_SPLIT_EQUAL = 0,
	SALES_SPLIT_WEIGHT,
	SALES_SPLIT_HISTORY
};

/* How a rep's year is spread over its days (--spread). */
enum sales_spread {
	SALES_SPREAD_BUSINESS_DAYS = 0,
	SALES_SPREAD_FLAT,
	SALES_SPREAD_HISTORY
};

/*
 * Parse "equal", "weight", "history" into enum sales_split.  Returns
 * the value, or -1 for an unknown name.
 */
int	sales_split_parse(const char *name);

/*
 * Parse "business-days", "flat", "history" into enum sales_spread.
 * Returns the value, or -1 for an unknown name.
 */
int	sales_spread_parse(const char *name);

/*
 * Parse a ramp "25,50,75": percentages of the full quota (0-100, up
 * to two decimals, an optional '%') for tenure months 1, 2, 3...; after
 * the last one the rep is at 100%.  Writes at most max steps, in
 * hundredths of a percent (0..SALES_RAMP_FULL), into steps and their
 * count into *n.  Returns 0, or -1 with err set (SALES_EUSAGE:
 * "invalid ramp step 'x'", "ramp step above 100%", "too many ramp
 * steps").
 */
int	sales_ramp_parse(const char *s, int *steps, size_t max, size_t *n,
	    struct sales_err *err);

/*
 * Parse a growth percentage "10", "12.5", "-5" or "7%" (up to four
 * decimals, from -100 to 100000) into ten-thousandths of a percent
 * (12.5 gives 125000).  Returns 0, or -1 with err set (SALES_EUSAGE).
 */
int	sales_growth_parse(const char *s, int64_t *pct, struct sales_err *err);

/*
 * v (ten-thousandths) rounded to a multiple of unit (> 0), half away
 * from zero, returned as a count of units: 12.345 at unit 0.01 (100)
 * gives 1235.
 */
int64_t	sales_round_units(int64_t v, int64_t unit);

/*
 * Apportion total (a count of units, any sign) among n items in
 * proportion to their weights (each >= 0) with the largest-remainder
 * method: each item gets the floor of its exact share total * w / W,
 * and the units left over go one each to the items with the largest
 * remainders, ties to the lower index.  The results sum to total
 * exactly and each is its exact share rounded up or down.  A negative
 * total is apportioned as -(apportion(-total)).  out has n entries.
 * Returns 0, or -1 with err set: SALES_EVALUE for a negative weight or
 * for all weights 0 with a total other than 0 (when total is 0 every
 * item gets 0); SALES_ENOMEM.  (Hamilton's method; Balinski and Young,
 * "Fair Representation", 1982.)
 */
int	sales_apportion(int64_t total, const int64_t *w, size_t n,
	    int64_t *out, struct sales_err *err);

/*
 * Split a top-down target (ten-thousandths) among n reps: by weight
 * w[i] (each >= 0; SALES_SPLIT_WEIGHT or _HISTORY, where w holds each
 * rep's won amount), or equally when w is NULL.  The target is first
 * rounded to unit (half away from zero); the reps' quotas, multiples of
 * unit, sum to it exactly (sales_apportion(), ties to the earlier rep).
 * out has n entries.  Returns 0, or -1 with err set (as
 * sales_apportion(); SALES_EVALUE "no rep has any weight").
 */
int	sales_quota_split(int64_t target, int64_t unit, const int64_t *w,
	    size_t n, int64_t *out, struct sales_err *err);

/*
 * A bottom-up quota: won (ten-thousandths) times (1 + pct / 100), pct
 * in ten-thousandths of a percent, rounded once to unit, half away from
 * zero, into *out.  Returns 0, or -1 with err set (SALES_EVALUE
 * "amount out of range").
 */
int	sales_quota_grow(int64_t won, int64_t pct, int64_t unit, int64_t *out,
	    struct sales_err *err);

/*
 * The ramp of a rep hired on day hire (SALES_NO_DATE: none) on day day,
 * in hundredths of a percent: 0 before the hire date; steps[k-1] in
 * tenure month k, which runs from sales_add_months(hire, k-1) to the day
 * before sales_add_months(hire, k) (each step taken from the hire date
 * and clamped to month end: hired 2016-01-31, month 2 starts 2016-02-29
 * and month 3 on 2016-03-31); SALES_RAMP_FULL after the n steps or
 * without a hire date.
 */
int	sales_ramp_factor(long hire, const int *steps, size_t n, long day);

/*
 * The plan year: its days, with each day's quarter, month and week, and
 * its business days, under a calendar.  Opaque; built once and shared
 * by every rep.
 */
struct sales_quota_year;

/*
 * Build the fiscal year fy of cal (sales_fiscal_year(): the year is
 * named by the calendar year in which it ends; a retail year under a
 * retail calendar).  cal is read now and not kept.  Returns 0 with *yp
 * set (free with sales_quota_year_free()), or -1 with err set
 * (SALES_ENOMEM, SALES_EUSAGE for a year out of range).
 */
int	sales_quota_year_new(struct sales_quota_year **yp,
	    const struct sales_calendar *cal, long fy, struct sales_err *err);

/* Free y; NULL is a no-op. */
void	sales_quota_year_free(struct sales_quota_year *y);

/* The first and last day of the year (either pointer may be NULL). */
void	sales_quota_year_span(const struct sales_quota_year *y, long *start,
	    long *end);

/*
 * The number of periods of kind period (enum sales_period) in the
 * year, counting a week cut by the year's first or last day once.
 */
size_t	sales_quota_year_count(const struct sales_quota_year *y, int period);

/*
 * Period i (below sales_quota_year_count()) of kind period: its first
 * and last day inside the year (a week cut by the year's edge is cut
 * here too: 2020-W53 of plan year 2021 runs 2021-01-01..2021-01-03)
 * and its label into label (SALES_LABEL_BUFSZ bytes); any pointer may
 * be NULL.
 */
void	sales_quota_year_period(const struct sales_quota_year *y, int period,
	    size_t i, long *start, long *end, char *label);

/*
 * The index of the period of kind period that holds day, or -1 when
 * day is outside the year.  Used to bucket last year's won amounts by
 * month for seasonality.
 */
long	sales_quota_year_index(const struct sales_quota_year *y, int period,
	    long day);

/* How one rep's year is spread, rounded and ramped. */
struct sales_quota_rules {
	int		 spread;	/* enum sales_spread */
	const int64_t	*season;	/* _HISTORY: won amount (>= 0) of
					   each month of the year before,
					   sales_quota_year_count(MONTH)
					   entries */
	int64_t		 unit;		/* rounding unit, ten-thousandths */
	const int	*ramp;		/* steps, hundredths of a percent */
	size_t		 nramp;
};

/*
 * Spread a rep's full-year quota full (ten-thousandths; rounded to
 * r->unit first) over the year y by r, for a rep hired on day hire
 * (SALES_NO_DATE: none), and write the quota of every period of kind
 * period into out (sales_quota_year_count(y, period) entries, in time
 * order).
 *
 * Each day d of the year weighs s(d) x ramp(d), where s(d) is 1 for a
 * business day and 0 otherwise (_BUSINESS_DAYS), 1 for every day
 * (_FLAT), or for a business day of month m season[m] / (business days
 * of m) (_HISTORY; a month without business days spreads its share
 * over all its days), and ramp(d) is sales_ramp_factor().  The ramped
 * year is full x sum(s x ramp) / (sum(s) x 100%), the nearest multiple
 * of unit (largest remainder against the part the ramp takes away);
 * it is apportioned to the quarters, each quarter to its months, and so
 * on down to the days, each level by the days' weights.  A ramp lowers
 * the rep's own quota only.
 *
 * Returns 0, or -1 with err set: SALES_EVALUE when full is not 0 and
 * no day has any weight ("no days to spread the quota over"),
 * SALES_ELIMIT when the weights overflow 128 bits, SALES_ENOMEM.
 */
int	sales_quota_spread(const struct sales_quota_year *y,
	    const struct sales_quota_rules *r, int64_t full, long hire,
	    int period, int64_t *out, struct sales_err *err);

#endif
