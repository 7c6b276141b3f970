/*
 * test_quota.c: quota algorithms: largest-remainder apportionment and
 * its ties, target splits, growth, ramps from a hire date, the plan
 * year's periods at year ends and in fiscal and retail calendars, and
 * spreads that sum exactly at every level.  Expected figures are worked
 * out by hand in the comments, or with exact fractions where they say
 * so.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "libsales/calendar.h"
#include "libsales/date.h"
#include "libsales/err.h"
#include "libsales/mem.h"
#include "libsales/quota.h"

#define D(y, m, d)	sales_days_from_civil(y, m, d)
#define CENT		100		/* 0.01 in ten-thousandths */
#define UNIT		10000		/* 1.00 */

static void
test_quota_apportion_classic(void **state)
{
	/*
	 * 7 among 10, 20, 30, 40: exact shares 0.7 1.4 2.1 2.8, floors
	 * 0 1 2 2 (5), two left for the largest remainders .8 and .7.
	 */
	const int64_t	 w[] = { 10, 20, 30, 40 };
	int64_t		 out[4];
	struct sales_err e;

	assert_int_equal(sales_apportion(7, w, 4, out, &e), 0);
	assert_int_equal(out[0], 1);
	assert_int_equal(out[1], 1);
	assert_int_equal(out[2], 2);
	assert_int_equal(out[3], 3);
	/* Negative totals mirror: -7 gives -1 -1 -2 -3. */
	assert_int_equal(sales_apportion(-7, w, 4, out, &e), 0);
	assert_int_equal(out[0], -1);
	assert_int_equal(out[3], -3);
}

static void
test_quota_apportion_ties(void **state)
{
	/*
	 * 5 among 1, 2, 3, 4 (W 10): exact 0.5 1 1.5 2, floors 0 1 1 2;
	 * remainders 5 0 5 0 tie: the earlier item gets the unit.
	 */
	const int64_t	 w[] = { 1, 2, 3, 4 }, one[] = { 1, 1, 1 };
	int64_t		 out[4];
	struct sales_err e;

	assert_int_equal(sales_apportion(5, w, 4, out, &e), 0);
	assert_int_equal(out[0], 1);
	assert_int_equal(out[1], 1);
	assert_int_equal(out[2], 1);
	assert_int_equal(out[3], 2);
	/* 2 among three equals: the first two. */
	assert_int_equal(sales_apportion(2, one, 3, out, &e), 0);
	assert_int_equal(out[0], 1);
	assert_int_equal(out[1], 1);
	assert_int_equal(out[2], 0);
}

static void
test_quota_apportion_errors(void **state)
{
	const int64_t	 neg[] = { 1, -1 }, zero[] = { 0, 0 };
	int64_t		 out[2] = { 9, 9 };
	struct sales_err e;

	assert_int_equal(sales_apportion(3, neg, 2, out, &e), -1);
	assert_int_equal(e.code, SALES_EVALUE);
	assert_string_equal(e.msg, "negative weight");
	assert_int_equal(sales_apportion(3, zero, 2, out, &e), -1);
	assert_int_equal(e.code, SALES_EVALUE);
	assert_string_equal(e.msg, "all weights are 0");
	/* Nothing to give: every item gets 0. */
	assert_int_equal(sales_apportion(0, zero, 2, out, &e), 0);
	assert_int_equal(out[0], 0);
	assert_int_equal(out[1], 0);
	assert_int_equal(sales_apportion(1, zero, 0, out, &e), -1);
	assert_int_equal(sales_apportion(0, zero, 0, out, &e), 0);
	sales_mem_fail_after(0);
	assert_int_equal(sales_apportion(3, zero, 2, out, &e), -1);
	sales_mem_fail_after(-1);
	assert_int_equal(e.code, SALES_ENOMEM);
}

static void
test_quota_apportion_extremes(void **state)
{
	/*
	 * INT64_MAX units between weights INT64_MAX and 1: the exact
	 * shares are (2^63-1)^2 / 2^63 = 2^63 - 2 + 1/2^63 and
	 * (2^63-1) / 2^63; floors 2^63-2 and 0, the one unit left goes to
	 * the second (remainder 2^63-1 against 1).
	 */
	const int64_t	 w[] = { INT64_MAX, 1 };
	int64_t		 out[2];
	struct sales_err e;

	assert_int_equal(sales_apportion(INT64_MAX, w, 2, out, &e), 0);
	assert_int_equal(out[0], INT64_MAX - 1);
	assert_int_equal(out[1], 1);
}

static void
test_quota_split_equal(void **state)
{
	/*
	 * 1,000,000.00 among 3 at 0.01: 100000000 cents / 3 = 33333333
	 * and one cent left, to the first rep (all remainders tie).
	 */
	int64_t		 out[3], sum;
	struct sales_err e;

	assert_int_equal(sales_quota_split(1000000 * 10000LL, CENT, NULL, 3,
	    out, &e), 0);
	assert_int_equal(out[0], 3333333400LL);
	assert_int_equal(out[1], 3333333300LL);
	assert_int_equal(out[2], 3333333300LL);
	sum = out[0] + out[1] + out[2];
	assert_int_equal(sum, 10000000000LL);
}

static void
test_quota_split_weight(void **state)
{
	/*
	 * 1000.005 rounds to 1000.01 first (half away from zero); split
	 * 1:3 at 0.01: 100001 cents x 1/4 = 25000.25, x 3/4 = 75000.75;
	 * floors 25000 and 75000, the cent left to the .75.
	 */
	const int64_t	 w[] = { 10000, 30000 }, zero[] = { 0, 0 };
	int64_t		 out[2];
	struct sales_err e;

	assert_int_equal(sales_quota_split(10000050, CENT, w, 2, out, &e), 0);
	assert_int_equal(out[0], 2500000);
	assert_int_equal(out[1], 7500100);
	/* At 100.00: 1000.01 is 10 hundreds, 2.5 and 7.5: the tie to 1st. */
	assert_int_equal(sales_quota_split(10000100, 1000000, w, 2, out, &e),
	    0);
	assert_int_equal(out[0], 3000000);
	assert_int_equal(out[1], 7000000);
	assert_int_equal(sales_quota_split(10000, CENT, zero, 2, out, &e), -1);
	assert_string_equal(e.msg, "no rep has any weight");
	assert_int_equal(sales_quota_split(10000, CENT, NULL, 0, out, &e), -1);
	assert_string_equal(e.msg, "no reps to split among");
}

static void
test_quota_grow(void **state)
{
	int64_t		 v;
	struct sales_err e;

	/* 1000.00 x 1.10 = 1100.00. */
	assert_int_equal(sales_quota_grow(10000000, 100000, CENT, &v, &e), 0);
	assert_int_equal(v, 11000000);
	/* 333.33 x 1.125 = 374.99625 -> 375.00. */
	assert_int_equal(sales_quota_grow(3333300, 125000, CENT, &v, &e), 0);
	assert_int_equal(v, 3750000);
	/* 0.05 x 1.5 = 0.075 -> 0.08; -0.05 -> -0.08 (away from zero). */
	assert_int_equal(sales_quota_grow(500, 500000, CENT, &v, &e), 0);
	assert_int_equal(v, 800);
	assert_int_equal(sales_quota_grow(-500, 500000, CENT, &v, &e), 0);
	assert_int_equal(v, -800);
	/* -100%: nothing. */
	assert_int_equal(sales_quota_grow(123456, -1000000, CENT, &v, &e), 0);
	assert_int_equal(v, 0);
	/* No history, no quota. */
	assert_int_equal(sales_quota_grow(0, 100000, CENT, &v, &e), 0);
	assert_int_equal(v, 0);
	assert_int_equal(sales_quota_grow(INT64_MAX, 10000000, CENT, &v, &e),
	    -1);
	assert_string_equal(e.msg, "amount out of range");
}

static void
test_quota_round_units(void **state)
{
	assert_int_equal(sales_round_units(123450, CENT), 1235);
	assert_int_equal(sales_round_units(123449, CENT), 1234);
	assert_int_equal(sales_round_units(-123450, CENT), -1235);
	assert_int_equal(sales_round_units(7, 1), 7);
}

static void
test_quota_parse(void **state)
{
	int		 steps[4];
	size_t		 n;
	int64_t		 g;
	struct sales_err e;

	assert_int_equal(sales_ramp_parse("25,50,75", steps, 4, &n, &e), 0);
	assert_int_equal(n, 3);
	assert_int_equal(steps[0], 2500);
	assert_int_equal(steps[2], 7500);
	assert_int_equal(sales_ramp_parse("33.33, 66.7%", steps, 4, &n, &e),
	    0);
	assert_int_equal(n, 2);
	assert_int_equal(steps[0], 3333);
	assert_int_equal(steps[1], 6670);
	assert_int_equal(sales_ramp_parse("0,100", steps, 4, &n, &e), 0);
	assert_int_equal(steps[1], SALES_RAMP_FULL);
	assert_int_equal(sales_ramp_parse("50,,60", steps, 4, &n, &e), -1);
	assert_int_equal(e.code, SALES_EUSAGE);
	assert_string_equal(e.msg, "invalid ramp step ''");
	assert_int_equal(sales_ramp_parse("1.234", steps, 4, &n, &e), -1);
	assert_string_equal(e.msg, "invalid ramp step '1.234'");
	assert_int_equal(sales_ramp_parse("-5", steps, 4, &n, &e), -1);
	assert_int_equal(sales_ramp_parse("101", steps, 4, &n, &e), -1);
	assert_string_equal(e.msg, "ramp step above 100%: '101'");
	assert_int_equal(sales_ramp_parse("1,2,3,4,5", steps, 4, &n, &e), -1);
	assert_string_equal(e.msg, "too many ramp steps (at most 4)");
	assert_int_equal(sales_ramp_parse("", steps, 4, &n, &e), -1);

	assert_int_equal(sales_growth_parse("12.5", &g, &e), 0);
	assert_int_equal(g, 125000);
	assert_int_equal(sales_growth_parse("-5", &g, &e), 0);
	assert_int_equal(g, -50000);
	assert_int_equal(sales_growth_parse("7%", &g, &e), 0);
	assert_int_equal(g, 70000);
	assert_int_equal(sales_growth_parse("-101", &g, &e), -1);
	assert_string_equal(e.msg,
	    "invalid growth percentage '-101': below -100%");
	assert_int_equal(sales_growth_parse("ten", &g, &e), -1);
	assert_string_equal(e.msg, "invalid growth percentage 'ten'");
	assert_int_equal(sales_growth_parse("1.00001", &g, &e), -1);
	assert_int_equal(sales_growth_parse("5%%", &g, &e), -1);

	assert_int_equal(sales_split_parse("weight"), SALES_SPLIT_WEIGHT);
	assert_int_equal(sales_split_parse("Equal"), -1);
	assert_int_equal(sales_spread_parse("business-days"),
	    SALES_SPREAD_BUSINESS_DAYS);
	assert_int_equal(sales_spread_parse("history"), SALES_SPREAD_HISTORY);
	assert_int_equal(sales_spread_parse("weekly"), -1);
}

static void
test_quota_ramp_clamped(void **state)
{
	/*
	 * Hired 2016-01-31 with 25,50,75: month 1 from 01-31, month 2 from
	 * 02-29 (clamped, leap year), month 3 from 03-31, full from 04-30.
	 */
	const int	 r[] = { 2500, 5000, 7500 };
	long		 h = D(2016, 1, 31);

	assert_int_equal(sales_ramp_factor(h, r, 3, D(2016, 1, 30)), 0);
	assert_int_equal(sales_ramp_factor(h, r, 3, D(2016, 1, 31)), 2500);
	assert_int_equal(sales_ramp_factor(h, r, 3, D(2016, 2, 28)), 2500);
	assert_int_equal(sales_ramp_factor(h, r, 3, D(2016, 2, 29)), 5000);
	assert_int_equal(sales_ramp_factor(h, r, 3, D(2016, 3, 30)), 5000);
	assert_int_equal(sales_ramp_factor(h, r, 3, D(2016, 3, 31)), 7500);
	assert_int_equal(sales_ramp_factor(h, r, 3, D(2016, 4, 29)), 7500);
	assert_int_equal(sales_ramp_factor(h, r, 3, D(2016, 4, 30)), 10000);
	/* No ramp: only the days before the hire date are 0. */
	assert_int_equal(sales_ramp_factor(h, r, 0, D(2016, 1, 30)), 0);
	assert_int_equal(sales_ramp_factor(h, r, 0, D(2016, 1, 31)), 10000);
	assert_int_equal(sales_ramp_factor(SALES_NO_DATE, r, 3, 0), 10000);
}

/* Check the span and label of period i of kind p. */
static void
check_period(const struct sales_quota_year *y, int p, size_t i, long s,
    long e, const char *label)
{
	long	 ps, pe;
	char	 buf[SALES_LABEL_BUFSZ];

	sales_quota_year_period(y, p, i, &ps, &pe, buf);
	assert_int_equal(ps, s);
	assert_int_equal(pe, e);
	assert_string_equal(buf, label);
}

static void
test_quota_year_iso_weeks(void **state)
{
	struct sales_calendar	 cal;
	struct sales_quota_year	*y;
	struct sales_err	 e;

	sales_calendar_init(&cal);
	/* 2020-12-31 (Thursday) is in 2020-W53, cut at the year's end. */
	assert_int_equal(sales_quota_year_new(&y, &cal, 2020, &e), 0);
	assert_int_equal(sales_quota_year_count(y, SALES_PERIOD_WEEK), 53);
	check_period(y, SALES_PERIOD_WEEK, 52, D(2020, 12, 28), D(2020, 12, 31),
	    "2020-W53");
	assert_int_equal(sales_quota_year_count(y, SALES_PERIOD_DAY), 366);
	sales_quota_year_free(y);
	/* 2021-01-01 (Friday) is in 2020-W53 too: the year opens with it. */
	assert_int_equal(sales_quota_year_new(&y, &cal, 2021, &e), 0);
	check_period(y, SALES_PERIOD_WEEK, 0, D(2021, 1, 1), D(2021, 1, 3),
	    "2020-W53");
	check_period(y, SALES_PERIOD_WEEK, 1, D(2021, 1, 4), D(2021, 1, 10),
	    "2021-W01");
	/* 2021-12-31 is a Friday of 2021-W52: 53 pieces of weeks. */
	assert_int_equal(sales_quota_year_count(y, SALES_PERIOD_WEEK), 53);
	sales_quota_year_free(y);
	/* 2024-12-30 (Monday) is in 2025-W01. */
	assert_int_equal(sales_quota_year_new(&y, &cal, 2024, &e), 0);
	assert_int_equal(sales_quota_year_count(y, SALES_PERIOD_WEEK), 53);
	check_period(y, SALES_PERIOD_WEEK, 52, D(2024, 12, 30), D(2024, 12, 31),
	    "2025-W01");
	check_period(y, SALES_PERIOD_YEAR, 0, D(2024, 1, 1), D(2024, 12, 31),
	    "2024");
	check_period(y, SALES_PERIOD_QUARTER, 3, D(2024, 10, 1),
	    D(2024, 12, 31), "2024-Q4");
	assert_int_equal(sales_quota_year_index(y, SALES_PERIOD_MONTH,
	    D(2024, 2, 29)), 1);
	assert_int_equal(sales_quota_year_index(y, SALES_PERIOD_MONTH,
	    D(2025, 1, 1)), -1);
	sales_quota_year_free(y);
	assert_int_equal(sales_quota_year_new(&y, &cal, 99999, &e), -1);
	assert_int_equal(e.code, SALES_EUSAGE);
	assert_null(y);
	sales_calendar_release(&cal);
}

static void
test_quota_year_fiscal_october(void **state)
{
	struct sales_calendar	 cal;
	struct sales_quota_year	*y;
	struct sales_err	 e;
	long			 q, s, t;

	sales_calendar_init(&cal);
	cal.fy_start = 10;
	/* FY2016 runs 2015-10-01..2016-09-30; 2015-10-15 is in FY2016-Q1. */
	assert_int_equal(sales_quota_year_new(&y, &cal, 2016, &e), 0);
	sales_quota_year_span(y, &s, &t);
	assert_int_equal(s, D(2015, 10, 1));
	assert_int_equal(t, D(2016, 9, 30));
	q = sales_quota_year_index(y, SALES_PERIOD_QUARTER, D(2015, 10, 15));
	assert_int_equal(q, 0);
	check_period(y, SALES_PERIOD_QUARTER, 0, D(2015, 10, 1),
	    D(2015, 12, 31), "FY2016-Q1");
	check_period(y, SALES_PERIOD_YEAR, 0, D(2015, 10, 1), D(2016, 9, 30),
	    "FY2016");
	check_period(y, SALES_PERIOD_MONTH, 0, D(2015, 10, 1), D(2015, 10, 31),
	    "2015-10");
	check_period(y, SALES_PERIOD_MONTH, 11, D(2016, 9, 1), D(2016, 9, 30),
	    "2016-09");
	sales_quota_year_free(y);
	sales_calendar_release(&cal);
}

/* Spread full over y by rules r at kind p into out; must succeed. */
static void
spread(const struct sales_quota_year *y, const struct sales_quota_rules *r,
    int64_t full, long hire, int p, int64_t *out)
{
	struct sales_err e;

	if (sales_quota_spread(y, r, full, hire, p, out, &e) == -1)
		fail_msg("spread: %s", sales_err_str(&e));
}

static int64_t
sum(const int64_t *v, size_t n)
{
	int64_t	 s = 0;
	size_t	 i;

	for (i = 0; i < n; i++)
		s += v[i];
	return s;
}

static void
test_quota_spread_ramp_2026(void **state)
{
	/*
	 * 2026 has 261 business days (365 days from a Thursday: 52 weeks
	 * and one Thursday); a full quota of 261,000.00 is 1,000.00 a
	 * business day.  Hired 2026-03-16 (a Monday) with 50,100: month 1
	 * runs 03-16..04-15 at 50%, then 100%.  January, February: 0.
	 * March has 22 business days, 12 of them from the 16th (16-20,
	 * 23-27, 30, 31): 50% x 22,000 x 12/22 = 6,000.00.  April: 11
	 * business days to the 15th (1-3, 6-10, 13-15) at 50% and 11
	 * after (16, 17, 20-24, 27-30) at 100%: 5,500 + 11,000 =
	 * 16,500.00.  May to December at 1,000.00 a business day: 21 22
	 * 23 21 22 22 21 23.  The year: 197,500.00.
	 */
	static const int64_t months[12] = {
		0, 0, 6000, 16500, 21000, 22000, 23000, 21000, 22000, 22000,
		21000, 23000
	};
	const int		 ramp[] = { 5000, 10000 };
	struct sales_calendar	 cal;
	struct sales_quota_year	*y;
	struct sales_quota_rules r = {
		SALES_SPREAD_BUSINESS_DAYS, NULL, CENT, ramp, 2
	};
	struct sales_err	 e;
	int64_t			 out[366];
	long			 hire = D(2026, 3, 16), start;
	int			 m;

	sales_calendar_init(&cal);
	assert_int_equal(sales_quota_year_new(&y, &cal, 2026, &e), 0);
	sales_quota_year_span(y, &start, NULL);
	spread(y, &r, 261000 * 10000LL, hire, SALES_PERIOD_MONTH, out);
	for (m = 0; m < 12; m++)
		assert_int_equal(out[m], months[m] * 10000);
	spread(y, &r, 261000 * 10000LL, hire, SALES_PERIOD_QUARTER, out);
	assert_int_equal(out[0], 6000 * 10000LL);
	assert_int_equal(out[1], 59500 * 10000LL);
	assert_int_equal(out[2], 66000 * 10000LL);
	assert_int_equal(out[3], 66000 * 10000LL);
	spread(y, &r, 261000 * 10000LL, hire, SALES_PERIOD_YEAR, out);
	assert_int_equal(out[0], 197500 * 10000LL);
	spread(y, &r, 261000 * 10000LL, hire, SALES_PERIOD_DAY, out);
	assert_int_equal(out[D(2026, 3, 13) - start], 0);	/* Friday */
	assert_int_equal(out[D(2026, 3, 16) - start], 500 * 10000);
	assert_int_equal(out[D(2026, 3, 21) - start], 0);	/* Saturday */
	assert_int_equal(out[D(2026, 4, 15) - start], 500 * 10000);
	assert_int_equal(out[D(2026, 4, 16) - start], 1000 * 10000);
	assert_int_equal(sum(out, 365), 197500 * 10000LL);
	/* Without the ramp, only the days before the hire are lost. */
	r.nramp = 0;
	spread(y, &r, 261000 * 10000LL, hire, SALES_PERIOD_MONTH, out);
	assert_int_equal(out[2], 12000 * 10000LL);
	assert_int_equal(out[3], 22000 * 10000LL);
	sales_quota_year_free(y);
	sales_calendar_release(&cal);
}

static void
test_quota_spread_thirds(void **state)
{
	/*
	 * 333,333.34 and 333,333.33 (cents 33333334, 33333333) over the
	 * 261 business days of 2026.  Quarters weigh 64 65 66 66.
	 * 33333334: x64/261 = 8173691 r 25, x65 = 8301405 r 5, x66 =
	 * 8429118 r 246 (twice); floors sum to 33333332, the two cents go
	 * to Q3 and Q4.  33333333: floors 8173690 r 222, 8301404 r 201,
	 * 8429118 r 180, 8429118 r 180; three cents left: Q1, Q2 and Q3,
	 * which wins the tie with Q4 by coming first.
	 */
	struct sales_calendar	 cal;
	struct sales_quota_year	*y;
	struct sales_quota_rules r = {
		SALES_SPREAD_BUSINESS_DAYS, NULL, CENT, NULL, 0
	};
	struct sales_err	 e;
	int64_t			 q[4], m[12], d[365], w[53];
	long			 start, s, t;
	size_t			 i, j;

	sales_calendar_init(&cal);
	assert_int_equal(sales_quota_year_new(&y, &cal, 2026, &e), 0);
	sales_quota_year_span(y, &start, NULL);
	spread(y, &r, 3333333400LL, SALES_NO_DATE, SALES_PERIOD_QUARTER, q);
	assert_int_equal(q[0], 817369100LL);
	assert_int_equal(q[1], 830140500LL);
	assert_int_equal(q[2], 842911900LL);
	assert_int_equal(q[3], 842911900LL);
	spread(y, &r, 3333333300LL, SALES_NO_DATE, SALES_PERIOD_QUARTER, q);
	assert_int_equal(q[0], 817369100LL);
	assert_int_equal(q[1], 830140500LL);
	assert_int_equal(q[2], 842911900LL);
	assert_int_equal(q[3], 842911800LL);
	/* The months of each quarter sum to it; the 12 to the year. */
	spread(y, &r, 3333333300LL, SALES_NO_DATE, SALES_PERIOD_MONTH, m);
	for (i = 0; i < 4; i++)
		assert_int_equal(m[3 * i] + m[3 * i + 1] + m[3 * i + 2], q[i]);
	assert_int_equal(sum(m, 12), 3333333300LL);
	/* Days to months, and ISO weeks are sums of their days. */
	spread(y, &r, 3333333300LL, SALES_NO_DATE, SALES_PERIOD_DAY, d);
	spread(y, &r, 3333333300LL, SALES_NO_DATE, SALES_PERIOD_WEEK, w);
	for (i = 0; i < 12; i++) {
		sales_quota_year_period(y, SALES_PERIOD_MONTH, i, &s, &t, NULL);
		assert_int_equal(sum(d + (s - start), (size_t)(t - s + 1)),
		    m[i]);
	}
	for (i = 0; i < 53; i++) {
		sales_quota_year_period(y, SALES_PERIOD_WEEK, i, &s, &t, NULL);
		assert_int_equal(sum(d + (s - start), (size_t)(t - s + 1)),
		    w[i]);
	}
	/* A business day is 33333333 / 261 = 127713.9 cents: 1277.13/14. */
	for (i = 0; i < 365; i++) {
		j = (size_t)d[i];
		assert_true(j == 0 || j == 12771300 || j == 12771400);
	}
	sales_quota_year_free(y);
	sales_calendar_release(&cal);
}

static void
test_quota_spread_history_days(void **state)
{
	/*
	 * Seasonality 1:1 in January and February only, 100.00 at 0.01:
	 * 50.00 each.  January 2026's 22 business days: 5000 cents / 22 =
	 * 227 r 6: the first six business days (1, 2, 5, 6, 7, 8) get
	 * 2.28, the others 2.27.
	 */
	int64_t			 season[12] = { 7, 7 };
	struct sales_calendar	 cal;
	struct sales_quota_year	*y;
	struct sales_quota_rules r = {
		SALES_SPREAD_HISTORY, season, CENT, NULL, 0
	};
	struct sales_err	 e;
	int64_t			 m[12], d[365];
	long			 start;

	sales_calendar_init(&cal);
	assert_int_equal(sales_quota_year_new(&y, &cal, 2026, &e), 0);
	sales_quota_year_span(y, &start, NULL);
	spread(y, &r, 1000000, SALES_NO_DATE, SALES_PERIOD_MONTH, m);
	assert_int_equal(m[0], 500000);
	assert_int_equal(m[1], 500000);
	assert_int_equal(sum(m, 12), 1000000);
	spread(y, &r, 1000000, SALES_NO_DATE, SALES_PERIOD_DAY, d);
	assert_int_equal(d[D(2026, 1, 1) - start], 22800);
	assert_int_equal(d[D(2026, 1, 8) - start], 22800);
	assert_int_equal(d[D(2026, 1, 9) - start], 22700);
	assert_int_equal(d[D(2026, 1, 10) - start], 0);
	assert_int_equal(d[D(2026, 1, 30) - start], 22700);
	assert_int_equal(d[D(2026, 3, 2) - start], 0);
	/* No seasonality at all: nothing to spread a quota over. */
	memset(season, 0, sizeof(season));
	assert_int_equal(sales_quota_spread(y, &r, 1000000, SALES_NO_DATE,
	    SALES_PERIOD_MONTH, m, &e), -1);
	assert_int_equal(e.code, SALES_EVALUE);
	assert_string_equal(e.msg, "no days to spread the quota over");
	/* ... which is fine for a quota of 0. */
	spread(y, &r, 0, SALES_NO_DATE, SALES_PERIOD_MONTH, m);
	assert_int_equal(sum(m, 12), 0);
	sales_quota_year_free(y);
	sales_calendar_release(&cal);
}

static void
test_quota_spread_history_exact(void **state)
{
	/*
	 * Weights past 64 bits: seasonality near 9e18 per month (June 0)
	 * and 900000000000000007 units of 0.0001.  With no ramp each
	 * month weighs its seasonality exactly, so months are the
	 * largest-remainder split of the quarters, themselves of the year.
	 * Figures worked out with Python's exact integers.
	 */
	static const int64_t want[12] = {
		81824406146315007LL, 81823283726487711LL, 81822161306660414LL,
		81821038886833119LL, 81819916467005822LL, 0,
		81817671627351230LL, 81816549207523933LL, 81815426787696637LL,
		81814304367869341LL, 81813181948042045LL, 81812059528214748LL
	};
	int64_t			 season[12], m[12];
	struct sales_calendar	 cal;
	struct sales_quota_year	*y;
	struct sales_quota_rules r = {
		SALES_SPREAD_HISTORY, season, 1, NULL, 0
	};
	struct sales_err	 e;
	int			 i;

	for (i = 0; i < 12; i++)
		season[i] = 9000000000000000000LL - i * 123456789012345LL;
	season[5] = 0;
	sales_calendar_init(&cal);
	assert_int_equal(sales_quota_year_new(&y, &cal, 2026, &e), 0);
	spread(y, &r, 900000000000000007LL, SALES_NO_DATE, SALES_PERIOD_MONTH,
	    m);
	for (i = 0; i < 12; i++)
		assert_int_equal(m[i], want[i]);
	sales_quota_year_free(y);
	sales_calendar_release(&cal);
}

static void
test_quota_spread_retail(void **state)
{
	/*
	 * 4-4-5 from February, FY2025: 2024-01-29..2025-02-02, 53 weeks;
	 * the 53rd joins M12, which has 6.  Flat 371,000.00 is 1,000.00 a
	 * day: 7,000.00 a week, M01 28,000.00, M03 35,000.00, M12
	 * 42,000.00.  Weeks nest in the months and sum to them.
	 */
	struct sales_calendar	 cal;
	struct sales_quota_year	*y;
	struct sales_quota_rules r = { SALES_SPREAD_FLAT, NULL, CENT, NULL, 0 };
	struct sales_err	 e;
	int64_t			 m[12], w[53];
	long			 s, t;
	size_t			 i;

	sales_calendar_init(&cal);
	cal.fy_start = 2;
	cal.retail = SALES_RETAIL_445;
	assert_int_equal(sales_quota_year_new(&y, &cal, 2025, &e), 0);
	sales_quota_year_span(y, &s, &t);
	assert_int_equal(s, D(2024, 1, 29));
	assert_int_equal(t, D(2025, 2, 2));
	assert_int_equal(sales_quota_year_count(y, SALES_PERIOD_WEEK), 53);
	assert_int_equal(sales_quota_year_count(y, SALES_PERIOD_MONTH), 12);
	check_period(y, SALES_PERIOD_MONTH, 0, D(2024, 1, 29), D(2024, 2, 25),
	    "FY2025-M01");
	spread(y, &r, 371000 * 10000LL, SALES_NO_DATE, SALES_PERIOD_MONTH, m);
	assert_int_equal(m[0], 28000 * 10000LL);
	assert_int_equal(m[2], 35000 * 10000LL);
	assert_int_equal(m[11], 42000 * 10000LL);
	spread(y, &r, 371000 * 10000LL, SALES_NO_DATE, SALES_PERIOD_WEEK, w);
	for (i = 0; i < 53; i++)
		assert_int_equal(w[i], 7000 * 10000LL);
	sales_quota_year_free(y);
	sales_calendar_release(&cal);
}

static void
test_quota_spread_holidays(void **state)
{
	/*
	 * With 2026-01-01 and 2026-12-25 off, 2026 has 259 business days;
	 * 259.00 is 1.00 a day and January (21 days left) 21.00.
	 */
	struct sales_calendar	 cal;
	struct sales_quota_year	*y;
	struct sales_quota_rules r = {
		SALES_SPREAD_BUSINESS_DAYS, NULL, CENT, NULL, 0
	};
	struct sales_err	 e;
	int64_t			 m[12], d[365];

	sales_calendar_init(&cal);
	assert_int_equal(sales_calendar_add_holiday(&cal, D(2026, 1, 1), &e),
	    0);
	assert_int_equal(sales_calendar_add_holiday(&cal, D(2026, 12, 25), &e),
	    0);
	assert_int_equal(sales_quota_year_new(&y, &cal, 2026, &e), 0);
	spread(y, &r, 259 * 10000LL, SALES_NO_DATE, SALES_PERIOD_MONTH, m);
	assert_int_equal(m[0], 21 * 10000LL);
	assert_int_equal(m[11], 22 * 10000LL);
	spread(y, &r, 259 * 10000LL, SALES_NO_DATE, SALES_PERIOD_DAY, d);
	assert_int_equal(d[0], 0);
	assert_int_equal(d[1], 10000);
	sales_quota_year_free(y);
	sales_calendar_release(&cal);
}

static void
test_quota_spread_hired_late(void **state)
{
	/*
	 * A rep hired after the year: everything is ramped away, and a
	 * negative quota (a shrinking bottom-up plan) spreads as the
	 * mirror of the positive one.
	 */
	struct sales_calendar	 cal;
	struct sales_quota_year	*y;
	struct sales_quota_rules r = {
		SALES_SPREAD_BUSINESS_DAYS, NULL, CENT, NULL, 0
	};
	struct sales_err	 e;
	int64_t			 m[12], q[4];

	sales_calendar_init(&cal);
	assert_int_equal(sales_quota_year_new(&y, &cal, 2026, &e), 0);
	spread(y, &r, 5000000, D(2027, 1, 4), SALES_PERIOD_MONTH, m);
	assert_int_equal(sum(m, 12), 0);
	spread(y, &r, -3333333300LL, SALES_NO_DATE, SALES_PERIOD_QUARTER, q);
	assert_int_equal(q[0], -817369100LL);
	assert_int_equal(q[3], -842911800LL);
	r.unit = 0;
	assert_int_equal(sales_quota_spread(y, &r, 1, SALES_NO_DATE,
	    SALES_PERIOD_MONTH, m, &e), -1);
	assert_int_equal(e.code, SALES_EUSAGE);
	sales_quota_year_free(y);
	sales_calendar_release(&cal);
}

static void
test_quota_enomem(void **state)
{
	const int		 ramp[] = { 5000 };
	struct sales_calendar	 cal;
	struct sales_quota_year	*y;
	struct sales_quota_rules r = {
		SALES_SPREAD_BUSINESS_DAYS, NULL, CENT, ramp, 1
	};
	struct sales_err	 e;
	int64_t			 d[365];
	long			 fail;
	int			 rv;

	sales_calendar_init(&cal);
	for (fail = 0;; fail++) {
		sales_mem_fail_after(fail);
		rv = sales_quota_year_new(&y, &cal, 2026, &e);
		if (rv == 0)
			rv = sales_quota_spread(y, &r, 1000000, D(2026, 5, 1),
			    SALES_PERIOD_WEEK, d, &e);
		sales_mem_fail_after(-1);
		sales_quota_year_free(y);
		if (rv == 0)
			break;
		assert_int_equal(e.code, SALES_ENOMEM);
	}
	assert_true(fail > 5);
	sales_calendar_release(&cal);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quota_apportion_classic),
		cmocka_unit_test(test_quota_apportion_ties),
		cmocka_unit_test(test_quota_apportion_errors),
		cmocka_unit_test(test_quota_apportion_extremes),
		cmocka_unit_test(test_quota_split_equal),
		cmocka_unit_test(test_quota_split_weight),
		cmocka_unit_test(test_quota_grow),
		cmocka_unit_test(test_quota_round_units),
		cmocka_unit_test(test_quota_parse),
		cmocka_unit_test(test_quota_ramp_clamped),
		cmocka_unit_test(test_quota_year_iso_weeks),
		cmocka_unit_test(test_quota_year_fiscal_october),
		cmocka_unit_test(test_quota_spread_ramp_2026),
		cmocka_unit_test(test_quota_spread_thirds),
		cmocka_unit_test(test_quota_spread_history_days),
		cmocka_unit_test(test_quota_spread_history_exact),
		cmocka_unit_test(test_quota_spread_retail),
		cmocka_unit_test(test_quota_spread_holidays),
		cmocka_unit_test(test_quota_spread_hired_late),
		cmocka_unit_test(test_quota_enomem),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
