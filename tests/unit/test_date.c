/*
 * test_date.c: day numbers, leap years, weekdays, date parsing in every
 * format, printing and month arithmetic.
 *
 * Expected day numbers were worked out apart from the code, with
 * python3: (datetime.date(Y, M, D) - datetime.date(1970, 1, 1)).days
 * and date.isoweekday().
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "libsales/date.h"

/* Parse the C string s under the format spec; returns 0 or -1. */
static int
parse(const char *spec, const char *s, long *days, const char **why)
{
	struct sales_datefmt	 f;
	struct sales_err	 e;

	assert_int_equal(sales_datefmt_init(&f, spec, &e), 0);
	*why = NULL;
	return sales_date_parse(&f, s, strlen(s), days, why);
}

/* s parses under spec to y-m-d. */
static void
expect_date(const char *spec, const char *s, long y, int m, int d)
{
	const char	*why;
	long		 days = 123456;

	if (parse(spec, s, &days, &why) != 0)
		fail_msg("'%s' under %s: %s", s, spec ? spec : "iso", why);
	assert_int_equal(days, sales_days_from_civil(y, m, d));
}

/* s fails under spec with the reason why. */
static void
expect_error(const char *spec, const char *s, const char *reason)
{
	const char	*why;
	long		 days;

	if (parse(spec, s, &days, &why) != -1)
		fail_msg("'%s' under %s parsed", s, spec ? spec : "iso");
	assert_non_null(why);
	assert_string_equal(why, reason);
}

static const char ISO_WHY[] =
    "not a date (expected YYYY-MM-DD; see --date-format)";

static void
test_date_known_days(void **state)
{
	long	 y;
	int	 m, d;

	/* python3: (date(...) - date(1970, 1, 1)).days */
	assert_int_equal(sales_days_from_civil(1970, 1, 1), 0);
	assert_int_equal(sales_days_from_civil(1969, 12, 31), -1);
	assert_int_equal(sales_days_from_civil(1900, 1, 1), -25567);
	assert_int_equal(sales_days_from_civil(2100, 12, 31), 47846);
	assert_int_equal(sales_days_from_civil(2000, 3, 1), 11017);
	assert_int_equal(sales_days_from_civil(2026, 11, 30), 20787);
	assert_int_equal(sales_days_from_civil(2016, 2, 29), 16860);
	assert_int_equal(sales_days_from_civil(1600, 2, 29), -135081);
	assert_int_equal(sales_days_from_civil(1, 1, 1), -719162);

	sales_civil_from_days(-1, &y, &m, &d);
	assert_int_equal(y, 1969);
	assert_int_equal(m, 12);
	assert_int_equal(d, 31);
	sales_civil_from_days(-135081, &y, &m, &d);
	assert_int_equal(y, 1600);
	assert_int_equal(m, 2);
	assert_int_equal(d, 29);
	sales_civil_from_days(-719162, &y, &m, &d);
	assert_int_equal(y, 1);
	assert_int_equal(m, 1);
	assert_int_equal(d, 1);
}

/*
 * Walk every day from 1900-01-01 to 2100-12-31 by a month table of our
 * own (leap rule written out here), counting from -25567: both
 * conversions and the weekday must agree with the walk.  1900-01-01
 * was a Monday.
 */
static void
test_date_round_trip_1900_2100(void **state)
{
	static const int dim[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	long	 y, yy, n = -25567, total = 0;
	int	 m, d, mm, dd, last, wd = 1;

	for (y = 1900; y <= 2100; y++) {
		for (m = 1; m <= 12; m++) {
			last = dim[m - 1];
			if (m == 2 && ((y % 4 == 0 && y % 100 != 0) ||
			    y % 400 == 0))
				last = 29;
			assert_int_equal(sales_days_in_month(y, m), last);
			for (d = 1; d <= last; d++) {
				if (sales_days_from_civil(y, m, d) != n)
					fail_msg("%ld-%d-%d", y, m, d);
				sales_civil_from_days(n, &yy, &mm, &dd);
				if (yy != y || mm != m || dd != d)
					fail_msg("day %ld", n);
				if (sales_weekday(n) != wd)
					fail_msg("weekday of day %ld", n);
				wd = wd % 7 + 1;
				n++;
				total++;
			}
		}
	}
	/*
	 * 201 years; 1900..2100 holds 51 multiples of 4, of which 1900
	 * and 2100 are not leap: 49 leap days.
	 */
	assert_int_equal(total, 201 * 365 + 49);
	assert_int_equal(n, 47847);
}

static void
test_date_leap_years(void **state)
{
	assert_int_equal(sales_leap_year(2000), 1);
	assert_int_equal(sales_leap_year(1900), 0);
	assert_int_equal(sales_leap_year(2100), 0);
	assert_int_equal(sales_leap_year(2024), 1);
	assert_int_equal(sales_leap_year(2023), 0);
	assert_int_equal(sales_leap_year(1600), 1);
	assert_int_equal(sales_days_in_month(2000, 2), 29);
	assert_int_equal(sales_days_in_month(1900, 2), 28);
	assert_int_equal(sales_days_in_month(2100, 2), 28);
	assert_int_equal(sales_days_in_month(2026, 4), 30);
	assert_int_equal(sales_days_in_month(2026, 12), 31);
	assert_int_equal(sales_days_in_month(2026, 0), 0);
	assert_int_equal(sales_days_in_month(2026, 13), 0);
	/* 2000-02-29 exists, 1900-02-29 and 2100-02-29 do not. */
	expect_date(NULL, "2000-02-29", 2000, 2, 29);
	expect_error(NULL, "1900-02-29", "no such day");
	expect_error(NULL, "2100-02-29", "no such day");
}

static void
test_date_weekday(void **state)
{
	assert_int_equal(sales_weekday(0), 4);		/* 1970-01-01 Thu */
	assert_int_equal(sales_weekday(-1), 3);		/* 1969-12-31 Wed */
	assert_int_equal(sales_weekday(-4), 7);		/* 1969-12-28 Sun */
	assert_int_equal(sales_weekday(20787), 1);	/* 2026-11-30 Mon */
	assert_int_equal(sales_weekday(17622), 7);	/* 2018-04-01 Sun */
	assert_int_equal(sales_weekday(-719162), 1);	/* 0001-01-01 Mon */
}

static void
test_date_before_1970(void **state)
{
	char	 buf[SALES_DATE_BUFSZ];

	expect_date(NULL, "1969-12-31", 1969, 12, 31);
	expect_date(NULL, "1900-01-01", 1900, 1, 1);
	expect_date("dmy", "28.02.1961", 1961, 2, 28);
	assert_int_equal(sales_date_format(-1, buf), 10);
	assert_string_equal(buf, "1969-12-31");
	assert_int_equal(sales_date_format(-25567, buf), 10);
	assert_string_equal(buf, "1900-01-01");
	assert_int_equal(sales_date_format(-719162, buf), 10);
	assert_string_equal(buf, "0001-01-01");
}

static void
test_date_iso(void **state)
{
	const char	*why;
	long		 days;

	expect_date(NULL, "2026-11-30", 2026, 11, 30);
	expect_date("iso", "2026-11-30", 2026, 11, 30);
	expect_date(NULL, "  2026-11-30  ", 2026, 11, 30);
	expect_date(NULL, "2026-11-30T23:30:00-05:00", 2026, 11, 30);
	expect_date(NULL, "2026-11-30T23:30:00+0530", 2026, 11, 30);
	expect_date(NULL, "2026-11-30T23:30:00Z", 2026, 11, 30);
	expect_date(NULL, "2026-11-30T23:30", 2026, 11, 30);
	expect_date(NULL, "2026-11-30 23:30:00.125", 2026, 11, 30);
	expect_date(NULL, "2011-05-31 00:00:00", 2011, 5, 31);
	expect_date(NULL, "2026-12-31T24:00:00", 2026, 12, 31);

	/* The field need not end in a NUL: only len bytes count. */
	assert_int_equal(sales_date_parse(&(struct sales_datefmt){ 0 },
	    "2026-11-30XYZ", 10, &days, &why), 0);
	assert_int_equal(days, 20787);

	expect_error(NULL, "2026-02-30", "no such day");
	expect_error(NULL, "2026-13-01", "no such day");
	expect_error(NULL, "2026-00-10", "no such day");
	expect_error(NULL, "2026-04-31", "no such day");
	expect_error(NULL, "2026-11-00", "no such day");
	expect_error(NULL, "11/30/2026", ISO_WHY);
	expect_error(NULL, "30.11.2026", ISO_WHY);
	expect_error(NULL, "2026-1-5", ISO_WHY);
	expect_error(NULL, "2026/11/30", ISO_WHY);
	expect_error(NULL, "26-11-30", ISO_WHY);
	expect_error(NULL, "20261130", ISO_WHY);
	expect_error(NULL, "2026-11-30x", ISO_WHY);
	expect_error(NULL, "2026-11-300", ISO_WHY);
	expect_error(NULL, "2026-11-30T", ISO_WHY);
	expect_error(NULL, "2026-11-30T25:00", ISO_WHY);
	expect_error(NULL, "2026-11-30T23:61", ISO_WHY);
	expect_error(NULL, "2026-11-30T23:30:00+", ISO_WHY);
	expect_error(NULL, "2026-11-30 junk", ISO_WHY);
	expect_error(NULL, "", ISO_WHY);
	expect_error(NULL, "   ", ISO_WHY);
	expect_error(NULL, "Nov 30 2026", ISO_WHY);
}

/*
 * YYYY-MM-DD read a word at a time: every printed day of years 0 to
 * 9999 (a day in 3) reads back as itself, and a byte that is neither a
 * digit nor a dash, put anywhere, is refused.
 */
static void
test_date_iso_words(void **state)
{
	static const char bad[] = { '/', ':', 'x', '\0', (char)0xff, '.' };
	struct sales_datefmt	 f = { 0 };
	const char		*why;
	char			 buf[SALES_DATE_BUFSZ], t[10];
	long			 day, got, last = sales_days_from_civil(9999, 12, 31);
	size_t			 i, j;

	for (day = sales_days_from_civil(0, 1, 1); day <= last; day += 3) {
		assert_int_equal(sales_date_format(day, buf), 10);
		if (sales_date_parse(&f, buf, 10, &got, &why) != 0 ||
		    got != day)
			fail_msg("%s", buf);
	}
	for (i = 0; i < 10; i++)
		for (j = 0; j < sizeof(bad); j++) {
			memcpy(t, "2024-02-29", 10);
			t[i] = bad[j];
			assert_int_equal(sales_date_parse(&f, t, 10, &got,
			    &why), -1);
		}
	/* A digit where a dash goes, a dash where a digit goes. */
	assert_int_equal(sales_date_parse(&f, "2024502-29", 10, &got, &why),
	    -1);
	assert_int_equal(sales_date_parse(&f, "2024-0--29", 10, &got, &why),
	    -1);
	assert_int_equal(sales_date_parse(&f, "2024-02-29", 10, &got, &why),
	    0);
	assert_int_equal(got, sales_days_from_civil(2024, 2, 29));
}

/* The date must not move with TZ or with the locale. */
static void
test_date_tz_and_locale(void **state)
{
	const char	*old = getenv("TZ");
	char		*saved = old ? strdup(old) : NULL;

	setenv("TZ", "Pacific/Kiritimati", 1);
	tzset();
	expect_date(NULL, "2026-11-30T23:30:00-05:00", 2026, 11, 30);
	setenv("TZ", "America/Los_Angeles", 1);
	tzset();
	expect_date(NULL, "2026-11-30T00:30:00+14:00", 2026, 11, 30);
	expect_date("%Y-%m-%d %H:%M", "2026-11-30 23:59", 2026, 11, 30);
	/* Whatever locale is installed, %b reads English month names. */
	if (setlocale(LC_ALL, "de_DE.UTF-8") == NULL)
		setlocale(LC_ALL, "C.UTF-8");
	expect_date("%b-%y", "Apr-18", 2018, 4, 1);
	setlocale(LC_ALL, "C");
	if (saved != NULL) {
		setenv("TZ", saved, 1);
		free(saved);
	} else
		unsetenv("TZ");
	tzset();
}

static void
test_date_mdy(void **state)
{
	static const char why[] = "not a date (expected M/D/YYYY)";

	expect_date("mdy", "3/1/2017", 2017, 3, 1);
	expect_date("mdy", "10/20/2016", 2016, 10, 20);
	expect_date("MDY", "12-31-2016", 2016, 12, 31);
	expect_date("mdy", "3.1.2017", 2017, 3, 1);
	expect_date("mdy", "03/01/2017", 2017, 3, 1);
	expect_date("mdy", "2/29/2016", 2016, 2, 29);
	expect_date("mdy", "3/1/2017 10:05 PM", 2017, 3, 1);
	expect_date("mdy", "3/1/2017 10:05:59", 2017, 3, 1);
	expect_error("mdy", "2/29/2017", "no such day");
	expect_error("mdy", "13/1/2017", "no such day");
	expect_error("mdy", "3/1-2017", why);
	expect_error("mdy", "3/1/17", why);
	expect_error("mdy", "3/1/20171", why);
	expect_error("mdy", "003/1/2017", why);
	expect_error("mdy", "3 1 2017", why);
	expect_error("mdy", "3/1/2017 13:00 PM", why);
	expect_error("mdy", "2017-03-01", why);
}

static void
test_date_dmy_ymd(void **state)
{
	/* SPEC issue 2: one order for the whole column, never guessed. */
	expect_date("dmy", "12.01.2017", 2017, 1, 12);
	expect_date("dmy", "01.02.2017", 2017, 2, 1);
	expect_date("dmy", "15.04.2017", 2017, 4, 15);
	expect_date("dmy", "01-04-2018", 2018, 4, 1);
	expect_date("dmy", "1/4/2018", 2018, 4, 1);
	expect_error("dmy", "04/15/2017", "no such day");
	expect_error("dmy", "15.04.17", "not a date (expected D/M/YYYY)");

	expect_date("ymd", "2017/3/1", 2017, 3, 1);
	expect_date("ymd", "2017.03.01", 2017, 3, 1);
	expect_date("ymd", "2017-3-1", 2017, 3, 1);
	expect_error("ymd", "2017/2/29", "no such day");
	expect_error("ymd", "17/3/1", "not a date (expected YYYY/M/D)");
	expect_error("ymd", "2017/3.1", "not a date (expected YYYY/M/D)");
}

static void
test_date_strptime(void **state)
{
	static const char why[] = "not a date (does not match --date-format)";
	char	 big[400];

	expect_date("%d.%m.%Y", "12.01.2017", 2017, 1, 12);
	expect_date("%d.%m.%Y", "12.01.2017   ", 2017, 1, 12);
	expect_date("%b-%y", "Apr-18", 2018, 4, 1);
	expect_date("%Y-%m-%d %H:%M:%S", "2011-05-31 00:00:00", 2011, 5, 31);
	expect_date("%Y%m%d", "20261130", 2026, 11, 30);
	expect_error("%d.%m.%Y", "31.02.2017", "no such day");
	expect_error("%d.%m.%Y", "12.01.2017x", why);
	expect_error("%d.%m.%Y", "2017-01-12", why);
	expect_error("%d.%m.%Y", "", why);
	memset(big, '1', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	expect_error("%d.%m.%Y", big, why);
}

static void
test_date_format_init(void **state)
{
	struct sales_datefmt	 f;
	struct sales_err	 e;
	char			 longfmt[100];

	assert_int_equal(sales_datefmt_init(&f, NULL, &e), 0);
	assert_int_equal(f.kind, SALES_DATE_ISO);
	assert_int_equal(sales_datefmt_init(&f, "dmy", &e), 0);
	assert_int_equal(f.kind, SALES_DATE_DMY);
	assert_int_equal(sales_datefmt_init(&f, "Ymd", &e), 0);
	assert_int_equal(f.kind, SALES_DATE_YMD);
	assert_int_equal(sales_datefmt_init(&f, "%d.%m.%Y", &e), 0);
	assert_int_equal(f.kind, SALES_DATE_STRPTIME);
	assert_string_equal(f.fmt, "%d.%m.%Y");

	assert_int_equal(sales_datefmt_init(&f, "dd.mm.yyyy", &e), -1);
	assert_int_equal(e.code, SALES_EUSAGE);
	assert_string_equal(e.msg, "invalid date format 'dd.mm.yyyy' "
	    "(expected iso, mdy, dmy, ymd or a strptime format such as "
	    "%d.%m.%Y)");
	memset(longfmt, 'x', sizeof(longfmt) - 1);
	longfmt[0] = '%';
	longfmt[sizeof(longfmt) - 1] = '\0';
	assert_int_equal(sales_datefmt_init(&f, longfmt, &e), -1);
	assert_int_equal(e.code, SALES_EUSAGE);
}

static void
test_date_print(void **state)
{
	char	 buf[SALES_DATE_BUFSZ];

	assert_int_equal(sales_date_format(0, buf), 10);
	assert_string_equal(buf, "1970-01-01");
	assert_int_equal(sales_date_format(20787, buf), 10);
	assert_string_equal(buf, "2026-11-30");
	assert_int_equal(sales_date_format(47846, buf), 10);
	assert_string_equal(buf, "2100-12-31");
	/* 0000-03-01 is day -719468 (Hinnant's epoch shift). */
	assert_int_equal(sales_date_format(-719468, buf), 10);
	assert_string_equal(buf, "0000-03-01");
	/* -0001-12-31 is one day before 0000-01-01 (-719528). */
	assert_int_equal(sales_date_format(-719529, buf), 11);
	assert_string_equal(buf, "-0001-12-31");
}

static void
test_date_add_months(void **state)
{
	long	 jan31 = sales_days_from_civil(2016, 1, 31);
	char	 buf[SALES_DATE_BUFSZ];

	/* Clamped to the month end, each count taken from the start. */
	assert_int_equal(sales_add_months(jan31, 1),
	    sales_days_from_civil(2016, 2, 29));
	assert_int_equal(sales_add_months(jan31, 2),
	    sales_days_from_civil(2016, 3, 31));
	assert_int_equal(sales_add_months(jan31, 3),
	    sales_days_from_civil(2016, 4, 30));
	assert_int_equal(sales_add_months(jan31, 13),
	    sales_days_from_civil(2017, 2, 28));
	assert_int_equal(sales_add_months(jan31, 0), jan31);
	assert_int_equal(sales_add_months(jan31, -1),
	    sales_days_from_civil(2015, 12, 31));
	assert_int_equal(sales_add_months(sales_days_from_civil(2016, 3, 31),
	    -1), sales_days_from_civil(2016, 2, 29));
	assert_int_equal(sales_add_months(sales_days_from_civil(2016, 12, 15),
	    1), sales_days_from_civil(2017, 1, 15));
	assert_int_equal(sales_add_months(sales_days_from_civil(2016, 1, 15),
	    -25), sales_days_from_civil(2013, 12, 15));
	assert_int_equal(sales_add_months(sales_days_from_civil(1900, 3, 31),
	    -1), sales_days_from_civil(1900, 2, 28));
	/* Across year 0: 0000-01-15 less one month is -0001-12-15. */
	sales_date_format(sales_add_months(sales_days_from_civil(0, 1, 15),
	    -1), buf);
	assert_string_equal(buf, "-0001-12-15");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_date_known_days),
		cmocka_unit_test(test_date_round_trip_1900_2100),
		cmocka_unit_test(test_date_iso_words),
		cmocka_unit_test(test_date_leap_years),
		cmocka_unit_test(test_date_weekday),
		cmocka_unit_test(test_date_before_1970),
		cmocka_unit_test(test_date_iso),
		cmocka_unit_test(test_date_tz_and_locale),
		cmocka_unit_test(test_date_mdy),
		cmocka_unit_test(test_date_dmy_ymd),
		cmocka_unit_test(test_date_strptime),
		cmocka_unit_test(test_date_format_init),
		cmocka_unit_test(test_date_print),
		cmocka_unit_test(test_date_add_months),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
