/*
 * test_calendar.c: ISO weeks, calendar and fiscal periods, retail
 * calendars, labels read back, business days and holiday files.
 *
 * Expected values are worked out by hand in the comments, and were
 * checked with python3's datetime (date.isocalendar(), isoweekday()).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "libsales/calendar.h"
#include "libsales/date.h"
#include "libsales/mem.h"

#define DAY(y, m, d)	sales_days_from_civil((y), (m), (d))

/* The period of kind p holding y-m-d has label want and span s..e. */
static void
expect_period(const struct sales_calendar *cal, int p, long day,
    const char *want, long s, long e)
{
	char	 buf[SALES_LABEL_BUFSZ];
	long	 start = -1, end = -1;
	size_t	 n;

	n = sales_period_of(cal, p, day, &start, &end, buf);
	assert_string_equal(buf, want);
	assert_int_equal(n, strlen(want));
	assert_int_equal(start, s);
	assert_int_equal(end, e);
}

/* Label s reads back as kind p with span st..en. */
static void
expect_label(const struct sales_calendar *cal, const char *s, int p,
    long st, long en)
{
	struct sales_err	 e;
	long			 start = -1, end = -1;

	if (sales_period_parse_label(cal, s, strlen(s), &start, &end, &e) !=
	    p)
		fail_msg("'%s': %s", s, sales_err_str(&e));
	assert_int_equal(start, st);
	assert_int_equal(end, en);
}

static void
expect_bad_label(const struct sales_calendar *cal, const char *s)
{
	struct sales_err	 e;
	char			 msg[128];
	long			 start, end;

	if (sales_period_parse_label(cal, s, strlen(s), &start, &end, &e) !=
	    -1)
		fail_msg("'%s' was read as a period", s);
	assert_int_equal(e.code, SALES_EVALUE);
	snprintf(msg, sizeof(msg), "not a period: '%s'", s);
	assert_string_equal(e.msg, msg);
}

/*
 * ISO 8601: week 1 is the week holding the year's first Thursday, and
 * a week belongs to the year of its Thursday.
 */
static void
test_calendar_iso_weeks(void **state)
{
	struct sales_calendar	 cal;
	long			 y;
	int			 w;

	sales_calendar_init(&cal);
	/* 2020-12-31 is a Thursday: week 53 of 2020 runs Mon 12-28 to
	 * Sun 2021-01-03, so Friday 2021-01-01 is in it too. */
	sales_iso_week(DAY(2020, 12, 31), &y, &w);
	assert_int_equal(y, 2020);
	assert_int_equal(w, 53);
	expect_period(&cal, SALES_PERIOD_WEEK, DAY(2020, 12, 31), "2020-W53",
	    DAY(2020, 12, 28), DAY(2021, 1, 3));
	expect_period(&cal, SALES_PERIOD_WEEK, DAY(2021, 1, 1), "2020-W53",
	    DAY(2020, 12, 28), DAY(2021, 1, 3));
	/* 2024-12-30 is a Monday whose Thursday is 2025-01-02. */
	expect_period(&cal, SALES_PERIOD_WEEK, DAY(2024, 12, 30), "2025-W01",
	    DAY(2024, 12, 30), DAY(2025, 1, 5));
	/* 2026-01-01 is a Thursday, so week 1 starts Mon 2025-12-29;
	 * 2026-11-30 is a Monday, 48 weeks (336 days) after it. */
	assert_int_equal(DAY(2026, 11, 30) - DAY(2025, 12, 29), 48 * 7);
	expect_period(&cal, SALES_PERIOD_WEEK, DAY(2026, 11, 30), "2026-W49",
	    DAY(2026, 11, 30), DAY(2026, 12, 6));
	/* A Sunday ends its week. */
	expect_period(&cal, SALES_PERIOD_WEEK, DAY(2026, 12, 6), "2026-W49",
	    DAY(2026, 11, 30), DAY(2026, 12, 6));
	/* Before 1970: 1969-12-31 is a Wednesday of 1970-W01 (Thursday
	 * 1970-01-01). */
	expect_period(&cal, SALES_PERIOD_WEEK, DAY(1969, 12, 31), "1970-W01",
	    DAY(1969, 12, 29), DAY(1970, 1, 4));

	expect_label(&cal, "2020-W53", SALES_PERIOD_WEEK, DAY(2020, 12, 28),
	    DAY(2021, 1, 3));
	expect_label(&cal, "2025-W01", SALES_PERIOD_WEEK, DAY(2024, 12, 30),
	    DAY(2025, 1, 5));
	expect_label(&cal, "2026-w49", SALES_PERIOD_WEEK, DAY(2026, 11, 30),
	    DAY(2026, 12, 6));
	/* 2026 has 53 weeks (it starts on a Thursday), 2025 has 52. */
	expect_label(&cal, "2026-W53", SALES_PERIOD_WEEK, DAY(2026, 12, 28),
	    DAY(2027, 1, 3));
	expect_bad_label(&cal, "2025-W53");
	expect_bad_label(&cal, "2026-W00");
	expect_bad_label(&cal, "2026-W5");
}

static void
test_calendar_gregorian_labels(void **state)
{
	struct sales_calendar	 cal;
	long			 day = DAY(2026, 11, 30);

	sales_calendar_init(&cal);
	expect_period(&cal, SALES_PERIOD_DAY, day, "2026-11-30", day, day);
	expect_period(&cal, SALES_PERIOD_MONTH, day, "2026-11",
	    DAY(2026, 11, 1), DAY(2026, 11, 30));
	expect_period(&cal, SALES_PERIOD_QUARTER, day, "2026-Q4",
	    DAY(2026, 10, 1), DAY(2026, 12, 31));
	expect_period(&cal, SALES_PERIOD_YEAR, day, "2026",
	    DAY(2026, 1, 1), DAY(2026, 12, 31));
	expect_period(&cal, SALES_PERIOD_MONTH, DAY(2024, 2, 10), "2024-02",
	    DAY(2024, 2, 1), DAY(2024, 2, 29));
	expect_period(&cal, SALES_PERIOD_QUARTER, DAY(1969, 3, 31),
	    "1969-Q1", DAY(1969, 1, 1), DAY(1969, 3, 31));

	/* Labels and buffers are optional. */
	assert_int_equal(sales_period_of(&cal, SALES_PERIOD_QUARTER, day,
	    NULL, NULL, NULL), 7);

	expect_label(&cal, "2026-11-30", SALES_PERIOD_DAY, day, day);
	expect_label(&cal, " 2026-11 ", SALES_PERIOD_MONTH, DAY(2026, 11, 1),
	    DAY(2026, 11, 30));
	expect_label(&cal, "2026-Q4", SALES_PERIOD_QUARTER, DAY(2026, 10, 1),
	    DAY(2026, 12, 31));
	expect_label(&cal, "2026-q1", SALES_PERIOD_QUARTER, DAY(2026, 1, 1),
	    DAY(2026, 3, 31));
	expect_label(&cal, "2026", SALES_PERIOD_YEAR, DAY(2026, 1, 1),
	    DAY(2026, 12, 31));
	/* With fy_start 1, FY2026 is the calendar year. */
	expect_label(&cal, "FY2026", SALES_PERIOD_YEAR, DAY(2026, 1, 1),
	    DAY(2026, 12, 31));

	expect_bad_label(&cal, "");
	expect_bad_label(&cal, "abc");
	expect_bad_label(&cal, "26");
	expect_bad_label(&cal, "2026-");
	expect_bad_label(&cal, "2026-Q5");
	expect_bad_label(&cal, "2026-Q0");
	expect_bad_label(&cal, "2026-13");
	expect_bad_label(&cal, "2026-1");
	expect_bad_label(&cal, "2026-02-30");
	expect_bad_label(&cal, "2026-11-30x");
	expect_bad_label(&cal, "2026-M01");
	expect_bad_label(&cal, "FY2026-W01");
	expect_bad_label(&cal, "FY2026-11");
	expect_bad_label(&cal, "FY27");
	expect_bad_label(&cal, "20261");
}

/*
 * SPEC 4: fiscal quarters and years are named by the calendar year in
 * which the fiscal year ends; months keep calendar labels.
 */
static void
test_calendar_fiscal_years(void **state)
{
	struct sales_calendar	 cal;
	long			 s, e;

	sales_calendar_init(&cal);
	cal.fy_start = 2;
	/* 2026-02-01..2027-01-31 is FY2027; its Q1 is Feb-Apr 2026. */
	expect_period(&cal, SALES_PERIOD_YEAR, DAY(2026, 2, 1), "FY2027",
	    DAY(2026, 2, 1), DAY(2027, 1, 31));
	expect_period(&cal, SALES_PERIOD_YEAR, DAY(2027, 1, 31), "FY2027",
	    DAY(2026, 2, 1), DAY(2027, 1, 31));
	expect_period(&cal, SALES_PERIOD_YEAR, DAY(2026, 1, 31), "FY2026",
	    DAY(2025, 2, 1), DAY(2026, 1, 31));
	expect_period(&cal, SALES_PERIOD_QUARTER, DAY(2026, 2, 1),
	    "FY2027-Q1", DAY(2026, 2, 1), DAY(2026, 4, 30));
	expect_period(&cal, SALES_PERIOD_QUARTER, DAY(2026, 11, 30),
	    "FY2027-Q4", DAY(2026, 11, 1), DAY(2027, 1, 31));
	expect_period(&cal, SALES_PERIOD_MONTH, DAY(2026, 11, 30), "2026-11",
	    DAY(2026, 11, 1), DAY(2026, 11, 30));
	expect_label(&cal, "FY2027-Q1", SALES_PERIOD_QUARTER, DAY(2026, 2, 1),
	    DAY(2026, 4, 30));
	expect_label(&cal, "fy2027", SALES_PERIOD_YEAR, DAY(2026, 2, 1),
	    DAY(2027, 1, 31));
	/* FY months without a retail calendar: the fiscal year's months. */
	expect_label(&cal, "FY2027-M01", SALES_PERIOD_MONTH, DAY(2026, 2, 1),
	    DAY(2026, 2, 28));
	expect_label(&cal, "FY2027-M12", SALES_PERIOD_MONTH, DAY(2027, 1, 1),
	    DAY(2027, 1, 31));
	expect_bad_label(&cal, "FY2027-M13");
	expect_bad_label(&cal, "FY2027-M00");
	/* A label without FY stays a calendar quarter. */
	expect_label(&cal, "2026-Q4", SALES_PERIOD_QUARTER, DAY(2026, 10, 1),
	    DAY(2026, 12, 31));

	/* SPEC 5: fy_start 10, 2015-10-15 is in FY2016-Q1 and --year 2016
	 * runs 2015-10-01..2016-09-30. */
	cal.fy_start = 10;
	expect_period(&cal, SALES_PERIOD_QUARTER, DAY(2015, 10, 15),
	    "FY2016-Q1", DAY(2015, 10, 1), DAY(2015, 12, 31));
	expect_period(&cal, SALES_PERIOD_QUARTER, DAY(2016, 9, 30),
	    "FY2016-Q4", DAY(2016, 7, 1), DAY(2016, 9, 30));
	expect_period(&cal, SALES_PERIOD_QUARTER, DAY(2016, 2, 29),
	    "FY2016-Q2", DAY(2016, 1, 1), DAY(2016, 3, 31));
	expect_period(&cal, SALES_PERIOD_YEAR, DAY(2016, 10, 1), "FY2017",
	    DAY(2016, 10, 1), DAY(2017, 9, 30));
	sales_fiscal_year(&cal, 2016, &s, &e);
	assert_int_equal(s, DAY(2015, 10, 1));
	assert_int_equal(e, DAY(2016, 9, 30));

	/* December start: FY2027 is 2026-12-01..2027-11-30. */
	cal.fy_start = 12;
	expect_period(&cal, SALES_PERIOD_QUARTER, DAY(2026, 12, 1),
	    "FY2027-Q1", DAY(2026, 12, 1), DAY(2027, 2, 28));
	sales_fiscal_year(&cal, 2027, &s, NULL);
	assert_int_equal(s, DAY(2026, 12, 1));
	sales_fiscal_year(&cal, 2027, NULL, &e);
	assert_int_equal(e, DAY(2027, 11, 30));

	cal.fy_start = 1;
	sales_fiscal_year(&cal, 2026, &s, &e);
	assert_int_equal(s, DAY(2026, 1, 1));
	assert_int_equal(e, DAY(2026, 12, 31));
}

/*
 * Retail 4-4-5 with fy_start 2.  Our rule: the year starts on the
 * Monday nearest 1 February.  2023-02-01 is a Wednesday, so FY2024
 * starts Monday 2023-01-30; 2024-02-01 is a Thursday whose nearest
 * Monday is 2024-01-29 (3 days before; the next is 4 after), so FY2024
 * ends Sunday 2024-01-28: 364 days, 52 weeks.  2025-02-01 is a
 * Saturday, nearest Monday 2025-02-03, so FY2025 runs
 * 2024-01-29..2025-02-02: 371 days, 53 weeks, the 53rd in M12.
 *
 * The NRF's fiscal 2023 (Sunday weeks, named by its start) began Sunday
 * 2023-01-29 and ran 53 weeks to 2024-02-03; our FY2024 is the same
 * season, one day later at the start, with 52 Monday weeks, and the
 * NRF's first day, Sunday 2023-01-29, is our FY2023's last.
 */
static void
test_calendar_retail_445(void **state)
{
	struct sales_calendar	 cal;
	struct sales_err	 e;
	long			 s, en;

	sales_calendar_init(&cal);
	cal.fy_start = 2;
	assert_int_equal(sales_retail_parse("4-4-5", &cal.retail, &e), 0);
	assert_int_equal(cal.retail, SALES_RETAIL_445);

	sales_fiscal_year(&cal, 2024, &s, &en);
	assert_int_equal(s, DAY(2023, 1, 30));
	assert_int_equal(en, DAY(2024, 1, 28));
	assert_int_equal(sales_weekday(s), 1);
	sales_fiscal_year(&cal, 2025, &s, &en);
	assert_int_equal(s, DAY(2024, 1, 29));
	assert_int_equal(en, DAY(2025, 2, 2));
	assert_int_equal(en - s + 1, 53 * 7);

	expect_period(&cal, SALES_PERIOD_YEAR, DAY(2023, 1, 29), "FY2023",
	    DAY(2022, 1, 31), DAY(2023, 1, 29));
	expect_period(&cal, SALES_PERIOD_YEAR, DAY(2023, 1, 30), "FY2024",
	    DAY(2023, 1, 30), DAY(2024, 1, 28));
	/* 2024-01-31 is in FY2025 although January: its year started on
	 * Monday 2024-01-29. */
	expect_period(&cal, SALES_PERIOD_YEAR, DAY(2024, 1, 31), "FY2025",
	    DAY(2024, 1, 29), DAY(2025, 2, 2));

	/* FY2024 months: 4 weeks, 4 weeks, 5 weeks. */
	expect_period(&cal, SALES_PERIOD_MONTH, DAY(2023, 1, 30),
	    "FY2024-M01", DAY(2023, 1, 30), DAY(2023, 2, 26));
	expect_period(&cal, SALES_PERIOD_MONTH, DAY(2023, 3, 1),
	    "FY2024-M02", DAY(2023, 2, 27), DAY(2023, 3, 26));
	expect_period(&cal, SALES_PERIOD_MONTH, DAY(2023, 4, 30),
	    "FY2024-M03", DAY(2023, 3, 27), DAY(2023, 4, 30));
	expect_period(&cal, SALES_PERIOD_MONTH, DAY(2023, 5, 1),
	    "FY2024-M04", DAY(2023, 5, 1), DAY(2023, 5, 28));
	expect_period(&cal, SALES_PERIOD_MONTH, DAY(2024, 1, 28),
	    "FY2024-M12", DAY(2023, 12, 25), DAY(2024, 1, 28));
	expect_period(&cal, SALES_PERIOD_QUARTER, DAY(2023, 4, 30),
	    "FY2024-Q1", DAY(2023, 1, 30), DAY(2023, 4, 30));
	/* FY2025: M12 starts 47 weeks in, 2024-12-23, and has 6 weeks;
	 * Q4 starts 39 weeks in, 2024-10-28, and has 14. */
	expect_period(&cal, SALES_PERIOD_MONTH, DAY(2025, 2, 2),
	    "FY2025-M12", DAY(2024, 12, 23), DAY(2025, 2, 2));
	expect_period(&cal, SALES_PERIOD_QUARTER, DAY(2025, 1, 1),
	    "FY2025-Q4", DAY(2024, 10, 28), DAY(2025, 2, 2));
	/* Weeks stay ISO weeks. */
	expect_period(&cal, SALES_PERIOD_WEEK, DAY(2023, 1, 30), "2023-W05",
	    DAY(2023, 1, 30), DAY(2023, 2, 5));
	expect_period(&cal, SALES_PERIOD_DAY, DAY(2023, 1, 30), "2023-01-30",
	    DAY(2023, 1, 30), DAY(2023, 1, 30));

	expect_label(&cal, "FY2024-M01", SALES_PERIOD_MONTH, DAY(2023, 1, 30),
	    DAY(2023, 2, 26));
	expect_label(&cal, "FY2025-M12", SALES_PERIOD_MONTH,
	    DAY(2024, 12, 23), DAY(2025, 2, 2));
	expect_label(&cal, "FY2025-Q4", SALES_PERIOD_QUARTER,
	    DAY(2024, 10, 28), DAY(2025, 2, 2));
	expect_label(&cal, "FY2024", SALES_PERIOD_YEAR, DAY(2023, 1, 30),
	    DAY(2024, 1, 28));
	/* Calendar labels keep their calendar meaning. */
	expect_label(&cal, "2023-02", SALES_PERIOD_MONTH, DAY(2023, 2, 1),
	    DAY(2023, 2, 28));
}

/* Second months of FY2024 and FY2025 (fy_start 2) in the other two
 * patterns, and the 53rd week of FY2025 in the last month. */
static void
test_calendar_retail_454_544(void **state)
{
	struct sales_calendar	 cal;
	struct sales_err	 e;

	sales_calendar_init(&cal);
	cal.fy_start = 2;
	assert_int_equal(sales_retail_parse("4-5-4", &cal.retail, &e), 0);
	expect_period(&cal, SALES_PERIOD_MONTH, DAY(2023, 3, 15),
	    "FY2024-M02", DAY(2023, 2, 27), DAY(2023, 4, 2));
	expect_period(&cal, SALES_PERIOD_MONTH, DAY(2023, 4, 3),
	    "FY2024-M03", DAY(2023, 4, 3), DAY(2023, 4, 30));
	expect_period(&cal, SALES_PERIOD_MONTH, DAY(2025, 1, 30),
	    "FY2025-M12", DAY(2024, 12, 30), DAY(2025, 2, 2));

	assert_int_equal(sales_retail_parse("5-4-4", &cal.retail, &e), 0);
	expect_period(&cal, SALES_PERIOD_MONTH, DAY(2023, 3, 5),
	    "FY2024-M01", DAY(2023, 1, 30), DAY(2023, 3, 5));
	expect_period(&cal, SALES_PERIOD_MONTH, DAY(2023, 5, 1),
	    "FY2024-M04", DAY(2023, 5, 1), DAY(2023, 6, 4));
	expect_period(&cal, SALES_PERIOD_MONTH, DAY(2024, 4, 28),
	    "FY2025-M03", DAY(2024, 4, 1), DAY(2024, 4, 28));

	/* fy_start 1: FY2020 is the ISO year 2020, 2019-12-30 to
	 * 2021-01-03, 53 weeks; 2021-01-01 is in its M12. */
	cal.fy_start = 1;
	cal.retail = SALES_RETAIL_445;
	expect_period(&cal, SALES_PERIOD_YEAR, DAY(2021, 1, 1), "FY2020",
	    DAY(2019, 12, 30), DAY(2021, 1, 3));
	expect_period(&cal, SALES_PERIOD_MONTH, DAY(2021, 1, 1),
	    "FY2020-M12", DAY(2020, 11, 23), DAY(2021, 1, 3));
	expect_period(&cal, SALES_PERIOD_YEAR, DAY(2019, 12, 30), "FY2020",
	    DAY(2019, 12, 30), DAY(2021, 1, 3));
	expect_period(&cal, SALES_PERIOD_QUARTER, DAY(2019, 12, 29),
	    "FY2019-Q4", DAY(2019, 9, 30), DAY(2019, 12, 29));

	assert_int_equal(sales_retail_parse("4-4-4", &cal.retail, &e), -1);
	assert_int_equal(e.code, SALES_EUSAGE);
	assert_string_equal(e.msg,
	    "invalid calendar '4-4-4' (expected 4-4-5, 4-5-4 or 5-4-4)");
	assert_int_equal(cal.retail, SALES_RETAIL_445);
}

/*
 * For many calendars and every day 2014..2031: each period holds its
 * day, its label reads back to the same span, the next period starts
 * the day after it ends, and the next label sorts after it as bytes.
 */
static void
test_calendar_labels_round_trip(void **state)
{
	static const int	 fys[] = { 1, 2, 7, 10, 12 };
	struct sales_calendar	 cal;
	struct sales_err	 e;
	char			 lab[SALES_LABEL_BUFSZ];
	char			 prev[SALES_LABEL_BUFSZ];
	long			 d, s, en, ps, pe, from, to;
	size_t			 n;
	int			 f, r, p, k;

	from = DAY(2014, 1, 1);
	to = DAY(2031, 12, 31);
	sales_calendar_init(&cal);
	for (f = 0; f < 5; f++)
	for (r = SALES_RETAIL_NONE; r <= SALES_RETAIL_544; r++)
	for (p = SALES_PERIOD_DAY; p <= SALES_PERIOD_YEAR; p++) {
		cal.fy_start = fys[f];
		cal.retail = r;
		prev[0] = '\0';
		pe = from - 1;
		for (d = from; d <= to; d = en + 1) {
			n = sales_period_of(&cal, p, d, &s, &en, lab);
			if (s > d || en < d || strcmp(prev, lab) >= 0 ||
			    (prev[0] != '\0' && s != pe + 1))
				fail_msg("fy %d retail %d %s at %ld: %s after "
				    "%s", fys[f], r, sales_period_name(p), d,
				    lab, prev);
			k = sales_period_parse_label(&cal, lab, n, &ps, &pe,
			    &e);
			if (k != p || ps != s || pe != en)
				fail_msg("'%s' read back as %d %ld..%ld",
				    lab, k, ps, pe);
			/* Every day of the period maps to it. */
			if (p != SALES_PERIOD_DAY) {
				char	 l2[SALES_LABEL_BUFSZ];

				sales_period_of(&cal, p, en, NULL, NULL, l2);
				assert_string_equal(l2, lab);
			}
			strcpy(prev, lab);
			pe = en;
		}
	}
}

/*
 * 2026-Q1 by hand: January starts on a Thursday, so Jan 1-28 (four
 * weeks) has 20 weekdays and Thu 29, Fri 30 make 22; February starts on
 * a Sunday and has 28 days, 20; March starts on a Sunday: 20 in 1-28,
 * plus Mon 30 and Tue 31, 22.  22 + 20 + 22 = 64.  Friday 2026-02-13:
 * 22 + (Feb 2-6, 9-13) 10 = 32nd business day.
 */
static void
test_calendar_business_days(void **state)
{
	struct sales_calendar	 cal;
	struct sales_err	 e;
	long			 q1s = DAY(2026, 1, 1), q1e = DAY(2026, 3, 31);

	sales_calendar_init(&cal);
	assert_int_equal(sales_business_days(&cal, q1s, DAY(2026, 1, 31)), 22);
	assert_int_equal(sales_business_days(&cal, DAY(2026, 2, 1),
	    DAY(2026, 2, 28)), 20);
	assert_int_equal(sales_business_days(&cal, DAY(2026, 3, 1), q1e), 22);
	assert_int_equal(sales_business_days(&cal, q1s, q1e), 64);
	assert_int_equal(sales_business_days(&cal, q1s, DAY(2026, 2, 13)),
	    32);
	assert_int_equal(sales_business_days(&cal, q1s, q1s), 1);
	assert_int_equal(sales_business_days(&cal, DAY(2026, 1, 3),
	    DAY(2026, 1, 4)), 0);
	assert_int_equal(sales_business_days(&cal, q1e, q1s), 0);
	/* Across 1970: Mon 1969-12-29 .. Sun 1970-01-04, five. */
	assert_int_equal(sales_business_days(&cal, DAY(1969, 12, 29),
	    DAY(1970, 1, 4)), 5);
	/* Spans of centuries in constant time; python3 counted 52440
	 * weekdays in 1900..2100 and 2608615 in 0001..9999. */
	assert_int_equal(sales_business_days(&cal, DAY(1900, 1, 1),
	    DAY(2100, 12, 31)), 52440);
	assert_int_equal(sales_business_days(&cal, DAY(1, 1, 1),
	    DAY(9999, 12, 31)), 2608615);

	assert_int_equal(sales_business_day(&cal, DAY(2026, 2, 13)), 1);
	assert_int_equal(sales_business_day(&cal, DAY(2026, 2, 14)), 0);
	assert_int_equal(sales_business_day(&cal, DAY(2026, 2, 15)), 0);

	/* New Year (Thu 2026-01-01) and a Saturday 2026-01-03: only the
	 * Thursday comes off, the Saturday was never counted. */
	assert_int_equal(sales_calendar_add_holiday(&cal, DAY(2026, 1, 1),
	    &e), 0);
	assert_int_equal(sales_calendar_add_holiday(&cal, DAY(2026, 1, 3),
	    &e), 0);
	assert_int_equal(sales_calendar_add_holiday(&cal, DAY(2026, 1, 1),
	    &e), 0);
	assert_int_equal(cal.nholidays, 1);
	assert_int_equal(sales_business_days(&cal, q1s, q1e), 63);
	assert_int_equal(sales_business_days(&cal, q1s, DAY(2026, 2, 13)),
	    31);
	assert_int_equal(sales_business_days(&cal, DAY(2026, 1, 2), q1e), 63);
	assert_int_equal(sales_business_day(&cal, q1s), 0);
	assert_int_equal(sales_business_day(&cal, DAY(2026, 1, 2)), 1);
	assert_int_equal(sales_business_day(&cal, DAY(2026, 1, 3)), 0);
	sales_calendar_release(&cal);
	assert_null(cal.holidays);
	assert_int_equal(cal.nholidays, 0);
	sales_calendar_release(NULL);
}

/*
 * With holidays scattered over 2024..2027, the O(log n) count agrees
 * with walking the span day by day for every span starting on any day
 * of December 2025 and ending on any day of 2026.
 */
static void
test_calendar_business_days_walk(void **state)
{
	struct sales_calendar	 cal;
	struct sales_err	 e;
	long			 a, b, d, n, walk;

	sales_calendar_init(&cal);
	for (d = DAY(2024, 1, 1); d <= DAY(2027, 12, 31); d += 11)
		assert_int_equal(sales_calendar_add_holiday(&cal, d, &e), 0);
	for (a = DAY(2025, 12, 1); a <= DAY(2025, 12, 31); a++) {
		walk = 0;
		for (b = a; b <= DAY(2026, 12, 31); b++) {
			walk += sales_weekday(b) <= 5 &&
			    (b - DAY(2024, 1, 1)) % 11 != 0;
			n = sales_business_days(&cal, a, b);
			if (n != walk)
				fail_msg("%ld..%ld: %ld, walked %ld", a, b, n,
				    walk);
		}
	}
	sales_calendar_release(&cal);
}

/* Write text to a new temporary file; its name goes into path. */
static void
write_file(char *path, const char *text)
{
	int	 fd;

	strcpy(path, "/tmp/test_calendar.XXXXXX");
	assert_int_not_equal(fd = mkstemp(path), -1);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
}

static void
test_calendar_holidays_file(void **state)
{
	struct sales_calendar	 cal;
	struct sales_err	 e;
	char			 path[64];

	sales_calendar_init(&cal);
	/* Sat 2026-12-26 is dropped, 2026-01-01 listed twice kept once,
	 * the order of the file does not matter. */
	write_file(path, "\xef\xbb\xbf# US holidays 2026\n"
	    "2026-12-25  # Christmas, a Friday\r\n"
	    "\n"
	    "   \t\n"
	    "2026-01-01\n"
	    "2026-12-26\n"
	    "  2026-01-19\n"
	    "2026-01-01\n");
	assert_int_equal(sales_calendar_holidays(&cal, path, &e), 0);
	unlink(path);
	assert_int_equal(cal.nholidays, 3);
	assert_int_equal(cal.holidays[0], DAY(2026, 1, 1));
	assert_int_equal(cal.holidays[1], DAY(2026, 1, 19));
	assert_int_equal(cal.holidays[2], DAY(2026, 12, 25));
	/* 2026-Q1: 64 less Thu Jan 1 and Mon Jan 19. */
	assert_int_equal(sales_business_days(&cal, DAY(2026, 1, 1),
	    DAY(2026, 3, 31)), 62);

	/* A second file merges with the first. */
	write_file(path, "2026-11-26\n2026-12-25\n");
	assert_int_equal(sales_calendar_holidays(&cal, path, &e), 0);
	unlink(path);
	assert_int_equal(cal.nholidays, 4);
	assert_int_equal(cal.holidays[2], DAY(2026, 11, 26));

	/* A bad line names file and line, and adds nothing. */
	write_file(path, "# comment\n2026-07-03\n\n07/04/2026\n");
	assert_int_equal(sales_calendar_holidays(&cal, path, &e), -1);
	assert_int_equal(e.code, SALES_EVALUE);
	assert_string_equal(e.file, path);
	assert_int_equal(e.line, 4);
	assert_string_equal(e.msg,
	    "holiday '07/04/2026': not a date (expected YYYY-MM-DD)");
	unlink(path);
	assert_int_equal(cal.nholidays, 4);

	write_file(path, "2026-07-03\n2026-02-30\n");
	assert_int_equal(sales_calendar_holidays(&cal, path, &e), -1);
	assert_int_equal(e.code, SALES_EVALUE);
	assert_int_equal(e.line, 2);
	assert_string_equal(e.msg, "holiday '2026-02-30': no such day");
	unlink(path);

	assert_int_equal(sales_calendar_holidays(&cal,
	    "/nonexistent/holidays.txt", &e), -1);
	assert_int_equal(e.code, SALES_EIO);
	assert_int_equal(e.errnum, ENOENT);
	assert_string_equal(e.file, "/nonexistent/holidays.txt");
	assert_int_equal(cal.nholidays, 4);
	sales_calendar_release(&cal);
}

static void
test_calendar_holidays_long_line(void **state)
{
	struct sales_calendar	 cal;
	struct sales_err	 e;
	char			 path[64], text[701];

	/* Line 2 is 689 spaces and a date: longer than the 254 allowed. */
	sales_calendar_init(&cal);
	memset(text, ' ', sizeof(text));
	memcpy(text, "2026-01-01\n", 11);
	memcpy(text + sizeof(text) - 12, "2026-01-02\n", 12);
	write_file(path, text);
	assert_int_equal(sales_calendar_holidays(&cal, path, &e), -1);
	unlink(path);
	assert_int_equal(e.code, SALES_EVALUE);
	assert_int_equal(e.line, 2);
	assert_int_equal(cal.nholidays, 0);
}

static void
test_calendar_out_of_memory(void **state)
{
	struct sales_calendar	 cal;
	struct sales_err	 e;
	char			 path[64];

	sales_calendar_init(&cal);
	assert_int_equal(sales_calendar_add_holiday(&cal, DAY(2026, 1, 1),
	    &e), 0);
	sales_mem_fail_after(0);
	assert_int_equal(sales_calendar_add_holiday(&cal, DAY(2026, 1, 2),
	    &e), -1);
	sales_mem_fail_after(-1);
	assert_int_equal(e.code, SALES_ENOMEM);
	assert_int_equal(cal.nholidays, 1);
	assert_int_equal(cal.holidays[0], DAY(2026, 1, 1));

	write_file(path, "2026-01-02\n");
	sales_mem_fail_after(0);
	assert_int_equal(sales_calendar_holidays(&cal, path, &e), -1);
	assert_int_equal(e.code, SALES_ENOMEM);
	sales_mem_fail_after(1);
	assert_int_equal(sales_calendar_holidays(&cal, path, &e), -1);
	assert_int_equal(e.code, SALES_ENOMEM);
	sales_mem_fail_after(-1);
	assert_int_equal(cal.nholidays, 1);
	assert_int_equal(sales_calendar_holidays(&cal, path, &e), 0);
	assert_int_equal(cal.nholidays, 2);
	unlink(path);
	sales_calendar_release(&cal);
}

static void
test_calendar_period_names(void **state)
{
	assert_int_equal(sales_period_parse("day"), SALES_PERIOD_DAY);
	assert_int_equal(sales_period_parse("week"), SALES_PERIOD_WEEK);
	assert_int_equal(sales_period_parse("Month"), SALES_PERIOD_MONTH);
	assert_int_equal(sales_period_parse("quarter"), SALES_PERIOD_QUARTER);
	assert_int_equal(sales_period_parse("YEAR"), SALES_PERIOD_YEAR);
	assert_int_equal(sales_period_parse("fortnight"), -1);
	assert_int_equal(sales_period_parse(""), -1);
	assert_string_equal(sales_period_name(SALES_PERIOD_QUARTER),
	    "quarter");
	assert_string_equal(sales_period_name(SALES_PERIOD_WEEK), "week");
	assert_null(sales_period_name(5));
	assert_null(sales_period_name(-1));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_calendar_iso_weeks),
		cmocka_unit_test(test_calendar_gregorian_labels),
		cmocka_unit_test(test_calendar_fiscal_years),
		cmocka_unit_test(test_calendar_retail_445),
		cmocka_unit_test(test_calendar_retail_454_544),
		cmocka_unit_test(test_calendar_labels_round_trip),
		cmocka_unit_test(test_calendar_business_days),
		cmocka_unit_test(test_calendar_business_days_walk),
		cmocka_unit_test(test_calendar_holidays_file),
		cmocka_unit_test(test_calendar_holidays_long_line),
		cmocka_unit_test(test_calendar_out_of_memory),
		cmocka_unit_test(test_calendar_period_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
