/*
 * test_money.c: unit tests for libsales/money.c.
 *
 * Expected values are worked out by hand in the comments: money is in
 * ten-thousandths (12.34 is 123400), probabilities in millionths.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <csv.h>

#include "libsales/money.h"

#define DC	SALES_MONEY_DECIMAL_COMMA

/* UTF-8 spellings used below. */
#define EURO	"\xe2\x82\xac"		/* U+20AC */
#define POUND	"\xc2\xa3"		/* U+00A3 */
#define YEN	"\xc2\xa5"		/* U+00A5 */
#define NBSP	"\xc2\xa0"		/* U+00A0 NO-BREAK SPACE */
#define NNBSP	"\xe2\x80\xaf"		/* U+202F NARROW NO-BREAK SPACE */

#define OK(s, flags, want)	parse_ok((s), (flags), (want), __LINE__)
#define BAD(s, flags, why)	parse_bad((s), (flags), (why), __LINE__)
#define FMT(v, d, want)		format_is((v), (d), (want), __LINE__)
#define FRAC(n, d, k, want)	fraction_is((n), (d), (k), (want), __LINE__)
#define PROB(s, want)		prob_ok((s), (want), __LINE__)
#define PROB_BAD(s, why)	prob_bad((s), (why), __LINE__)

static void
parse_ok(const char *s, int flags, int64_t want, int line)
{
	const char	*why = NULL;
	int64_t		 v = 12345;
	int		 rc;

	rc = sales_money_parse(s, strlen(s), flags, &v, &why);
	if (rc != 0)
		print_error("'%s': %s\n", s, why);
	_assert_int_equal(rc, 0, __FILE__, line);
	if (v != want)
		print_error("'%s': got %lld, want %lld\n", s, (long long)v,
		    (long long)want);
	_assert_true(v == want, "value", __FILE__, line);
}

static void
parse_bad(const char *s, int flags, const char *why, int line)
{
	const char	*got = NULL;
	int64_t		 v = 777;
	int		 rc;

	rc = sales_money_parse(s, strlen(s), flags, &v, &got);
	if (rc != -1)
		print_error("'%s' parsed as %lld\n", s, (long long)v);
	_assert_int_equal(rc, -1, __FILE__, line);
	_assert_true(v == 777, "output untouched", __FILE__, line);
	_assert_string_equal(got, why, __FILE__, line);
}

static void
format_is(int64_t v, int decimals, const char *want, int line)
{
	char	 buf[SALES_MONEY_BUFSZ];
	size_t	 n;

	memset(buf, 'x', sizeof(buf));
	n = sales_money_format(v, decimals, buf);
	_assert_string_equal(buf, want, __FILE__, line);
	_assert_int_equal(n, strlen(want), __FILE__, line);
}

static void
fraction_is(int64_t num, int64_t den, int decimals, const char *want,
    int line)
{
	char	 buf[SALES_MONEY_BUFSZ];
	size_t	 n;

	memset(buf, 'x', sizeof(buf));
	n = sales_fraction_format(num, den, decimals, buf);
	_assert_string_equal(buf, want, __FILE__, line);
	_assert_int_equal(n, strlen(want), __FILE__, line);
}

static void
prob_ok(const char *s, int64_t want, int line)
{
	const char	*why = NULL;
	int64_t		 v = -5;
	int		 rc;

	rc = sales_prob_parse(s, strlen(s), &v, &why);
	if (rc != 0)
		print_error("'%s': %s\n", s, why);
	_assert_int_equal(rc, 0, __FILE__, line);
	if (v != want)
		print_error("'%s': got %lld, want %lld\n", s, (long long)v,
		    (long long)want);
	_assert_true(v == want, "value", __FILE__, line);
}

static void
prob_bad(const char *s, const char *why, int line)
{
	const char	*got = NULL;
	int64_t		 v = -5;
	int		 rc;

	rc = sales_prob_parse(s, strlen(s), &v, &got);
	if (rc != -1)
		print_error("'%s' parsed as %lld\n", s, (long long)v);
	_assert_int_equal(rc, -1, __FILE__, line);
	_assert_true(v == -5, "output untouched", __FILE__, line);
	_assert_string_equal(got, why, __FILE__, line);
}

static void
test_money_parse_plain(void **state)
{
	OK("1234", 0, 12340000);
	OK("1234.5", 0, 12345000);
	OK("1234.56", 0, 12345600);
	OK("0.0001", 0, 1);
	OK("0", 0, 0);
	OK("007", 0, 70000);		/* leading zeros are fine */
	OK(".5", 0, 5000);
	OK("+5", 0, 50000);
	OK("  12.5 \t", 0, 125000);	/* surrounding blanks */
	OK(NBSP "12.5" NBSP, 0, 125000);
}

static void
test_money_parse_groups(void **state)
{
	OK("1,234.56", 0, 12345600);
	OK("1,234", 0, 12340000);
	OK("12,345,678.9", 0, 123456789000);
	OK("999,999", 0, 9999990000);
	BAD("2523,00", 0, "digit groups must be of three");
	BAD("1,23", 0, "digit groups must be of three");
	BAD("1200,40", 0, "digit groups must be of three");
	BAD("12,3456", 0, "digit groups must be of three");
	BAD("1234,567", 0, "digit groups must be of three");
	BAD("1,234,56", 0, "digit groups must be of three");
	BAD(",234", 0, "digit groups must be of three");
	BAD("1,,234", 0, "digit groups must be of three");
	/* In the default mode a blank never groups. */
	BAD("1 234", 0, "not a money amount");
}

static void
test_money_parse_currency(void **state)
{
	OK("$1,234.56", 0, 12345600);
	OK(EURO " 99", 0, 990000);
	OK(EURO "99", 0, 990000);
	OK("99" EURO, 0, 990000);
	OK("99 " EURO, 0, 990000);
	OK("99" NBSP EURO, 0, 990000);
	OK(EURO NBSP "99", 0, 990000);
	OK("99" NNBSP EURO, 0, 990000);
	OK(POUND "5.25", 0, 52500);
	OK(YEN "500", 0, 5000000);
	OK("USD 12.50", 0, 125000);
	OK("12.50 EUR", 0, 125000);
	OK("12.50EUR", 0, 125000);
	BAD("$", 0, "not a money amount");
	BAD("$$5", 0, "not a money amount");
	BAD("$5 EUR", 0, "not a money amount");	/* two signs */
	BAD("5 EURO", 0, "not a money amount");
	BAD("5 usd", 0, "not a money amount");
	BAD("5 5", 0, "not a money amount");
}

static void
test_money_parse_negative(void **state)
{
	OK("-12.00", 0, -120000);
	OK("(12.00)", 0, -120000);
	OK("( 12.00 )", 0, -120000);
	OK("-$5", 0, -50000);
	OK("$-5", 0, -50000);
	OK("($5)", 0, -50000);
	OK("$(5)", 0, -50000);
	OK("(5) EUR", 0, -50000);
	OK("- 5", 0, -50000);
	OK(EURO " -5", 0, -50000);
	OK("-0", 0, 0);
	BAD("--5", 0, "not a money amount");
	BAD("-(5)", 0, "not a money amount");
	BAD("(-5)", 0, "not a money amount");
	BAD("(12.00", 0, "not a money amount");
	BAD("12.00)", 0, "not a money amount");
	BAD("5-", 0, "not a money amount");
	BAD("(5))", 0, "not a money amount");
}

static void
test_money_parse_decimal_comma(void **state)
{
	OK("1.234,56", DC, 12345600);
	OK("1 234,56", DC, 12345600);
	OK("1" NBSP "234,56", DC, 12345600);
	OK("1" NNBSP "234" NNBSP "567,8", DC, 12345678000);
	OK("1200,40", DC, 12004000);
	OK("0,25", DC, 2500);
	OK("-9,13 " EURO, DC, -91300);
	OK("1.234,56" NBSP EURO, DC, 12345600);
	OK("1 234,56 " EURO, DC, 12345600);
	OK("1.234", DC, 12340000);	/* '.' groups here */
	OK("12", DC, 120000);
	BAD("1.5", DC, "digit groups must be of three");
	BAD("1 23,4", DC, "digit groups must be of three");
	BAD("1.234 567,8", DC, "not a money amount");	/* mixed groups */
	BAD("1,2,3", DC, "not a money amount");
}

static void
test_money_parse_both_separators(void **state)
{
	/*
	 * With both '.' and ',' the last is the point whatever the mode:
	 * "1.234,56 €" (SPEC 3) reads without the flag too.
	 */
	OK("1.234,56 " EURO, 0, 12345600);
	OK("1.234,56", 0, 12345600);
	OK("1.234.567,89", 0, 12345678900);
	OK("1,234.56", DC, 12345600);
	BAD("1.23,45", 0, "digit groups must be of three");
	BAD("1.234,56,7", 0, "not a money amount");
	BAD("1,234.5.6", 0, "not a money amount");
}

static void
test_money_parse_rounding(void **state)
{
	OK("1.00005", 0, 10001);	/* half away from zero */
	OK("1.000049999", 0, 10000);
	OK("-1.00005", 0, -10001);
	OK("(1.00005)", 0, -10001);
	OK("0.99995", 0, 10000);
	OK("1.23456", 0, 12346);
	OK("9.99999", 0, 100000);	/* the carry reaches the units */
	OK("2,00005", DC, 20001);
}

static void
test_money_parse_range(void **state)
{
	/* INT64_MAX = 9223372036854775807 = 922337203685477.5807 */
	OK("922337203685477.5807", 0, INT64_MAX);
	OK("-922337203685477.5808", 0, INT64_MIN);
	OK("(922337203685477.5808)", 0, INT64_MIN);
	OK("922,337,203,685,477.58", 0, 9223372036854775800);
	BAD("922337203685477.5808", 0, "amount out of range");
	BAD("-922337203685477.5809", 0, "amount out of range");
	BAD("922337203685477.58075", 0, "amount out of range");
	BAD("922337203685478", 0, "amount out of range");
	BAD("99999999999999999999999999", 0, "amount out of range");
}

static void
test_money_parse_errors(void **state)
{
	const char	*why = NULL;
	int64_t		 v = 9;

	BAD("", 0, "not a money amount");
	BAD("   ", 0, "not a money amount");
	BAD("abc", 0, "not a money amount");
	BAD("12abc", 0, "not a money amount");
	BAD("12.3.4", 0, "not a money amount");
	BAD("12.", 0, "not a money amount");
	BAD(".", 0, "not a money amount");
	BAD("-", 0, "not a money amount");
	BAD("()", 0, "not a money amount");
	BAD("1e3", 0, "not a money amount");
	BAD("12%", 0, "not a money amount");
	BAD("0x10", 0, "not a money amount");

	/* Only len bytes are read; why may be NULL. */
	assert_int_equal(sales_money_parse("12345", 3, 0, &v, &why), 0);
	assert_true(v == 1230000);
	assert_int_equal(sales_money_parse("1,2", 3, 0, &v, NULL), -1);
	assert_true(v == 1230000);
}

static void
test_money_format(void **state)
{
	FMT(123400, 2, "12.34");
	FMT(0, 2, "0.00");
	FMT(10050, 2, "1.01");		/* 1.005 -> 1.01 */
	FMT(-10050, 2, "-1.01");	/* -1.005 -> -1.01 */
	FMT(10049, 2, "1.00");
	FMT(-50, 2, "-0.01");		/* -0.005 -> -0.01 */
	FMT(-49, 2, "0.00");		/* rounds to zero: no sign */
	FMT(-1, 2, "0.00");
	FMT(15000, 0, "2");		/* 1.5 */
	FMT(-15000, 0, "-2");
	FMT(14999, 0, "1");
	FMT(12345, 3, "1.235");		/* 1.2345 */
	FMT(12345, 1, "1.2");
	FMT(1, 4, "0.0001");
	FMT(-1, 4, "-0.0001");
	FMT(12340000, 4, "1234.0000");
	FMT(12345678900000, 2, "1234567890.00");	/* no grouping */
	FMT(INT64_MAX, 4, "922337203685477.5807");
	FMT(INT64_MAX, 0, "922337203685478");
	FMT(INT64_MIN, 4, "-922337203685477.5808");
	FMT(INT64_MIN, 2, "-922337203685477.58");
	FMT(INT64_MIN, 3, "-922337203685477.581");
	FMT(10050, 9, "1.0050");	/* decimals clamp to 0-4 */
	FMT(10050, -1, "1");
}

static void
test_money_add(void **state)
{
	int64_t	 acc = 0;

	assert_int_equal(sales_money_add(&acc, 5), 0);
	assert_int_equal(sales_money_add(&acc, -7), 0);
	assert_true(acc == -2);
	acc = INT64_MAX;
	assert_int_equal(sales_money_add(&acc, 1), -1);
	assert_true(acc == INT64_MAX);
	acc = INT64_MIN;
	assert_int_equal(sales_money_add(&acc, -1), -1);
	assert_true(acc == INT64_MIN);
	assert_int_equal(sales_money_add(&acc, INT64_MAX), 0);
	assert_true(acc == -1);
}

/*
 * The sums of the issue, exactly: Ana -50.33 + -31.94 = -82.27, and Ben
 * 101.10 + 50.20 + 51.30 = 202.60 (in doubles the latter is
 * 202.60000000000002).
 */
static void
test_money_exact_sums(void **state)
{
	const char	*ana[] = { "-50.33", "-31.94" };
	const char	*ben[] = { "101.10", "50.20", "51.30" };
	char		 buf[SALES_MONEY_BUFSZ];
	int64_t		 acc, v;
	size_t		 i;

	acc = 0;
	for (i = 0; i < 2; i++) {
		assert_int_equal(sales_money_parse(ana[i], strlen(ana[i]), 0,
		    &v, NULL), 0);
		assert_int_equal(sales_money_add(&acc, v), 0);
	}
	assert_true(acc == -822700);
	sales_money_format(acc, 2, buf);
	assert_string_equal(buf, "-82.27");

	acc = 0;
	for (i = 0; i < 3; i++) {
		assert_int_equal(sales_money_parse(ben[i], strlen(ben[i]), 0,
		    &v, NULL), 0);
		assert_int_equal(sales_money_add(&acc, v), 0);
	}
	assert_true(acc == 2026000);
	sales_money_format(acc, 2, buf);
	assert_string_equal(buf, "202.60");

	/* "1.005" read and printed at two decimals. */
	assert_int_equal(sales_money_parse("1.005", 5, 0, &v, NULL), 0);
	sales_money_format(v, 2, buf);
	assert_string_equal(buf, "1.01");
	assert_int_equal(sales_money_parse("-1.005", 6, 0, &v, NULL), 0);
	sales_money_format(v, 2, buf);
	assert_string_equal(buf, "-1.01");
}

static void
test_money_div_round(void **state)
{
	int64_t	 q = 99;

	assert_int_equal(sales_div_round(7, 2, &q), 0);
	assert_true(q == 4);		/* 3.5 */
	assert_int_equal(sales_div_round(-7, 2, &q), 0);
	assert_true(q == -4);
	assert_int_equal(sales_div_round(7, -2, &q), 0);
	assert_true(q == -4);
	assert_int_equal(sales_div_round(-7, -2, &q), 0);
	assert_true(q == 4);
	assert_int_equal(sales_div_round(5, 3, &q), 0);
	assert_true(q == 2);		/* 1.667 */
	assert_int_equal(sales_div_round(4, 3, &q), 0);
	assert_true(q == 1);		/* 1.333 */
	assert_int_equal(sales_div_round(-4, 3, &q), 0);
	assert_true(q == -1);
	assert_int_equal(sales_div_round(0, 3, &q), 0);
	assert_true(q == 0);
	/* Average of 1000.00 over 3: 333.3333(33) */
	assert_int_equal(sales_div_round(10000000, 3, &q), 0);
	assert_true(q == 3333333);
	assert_int_equal(sales_div_round(INT64_MAX, 1, &q), 0);
	assert_true(q == INT64_MAX);
	assert_int_equal(sales_div_round(INT64_MIN, 2, &q), 0);
	assert_true(q == INT64_MIN / 2);
	/* INT64_MAX / 2 = 4611686018427387903.5 -> ...904 */
	assert_int_equal(sales_div_round(INT64_MAX, 2, &q), 0);
	assert_true(q == 4611686018427387904);
	assert_int_equal(sales_div_round(INT64_MIN, -2, &q), 0);
	assert_true(q == 4611686018427387904);
	q = 42;
	assert_int_equal(sales_div_round(INT64_MIN, -1, &q), -1);
	assert_int_equal(sales_div_round(1, 0, &q), -1);
	assert_true(q == 42);
}

/* An average is rounded once, to the decimals shown. */
static void
test_money_format_div(void **state)
{
	char	 buf[SALES_MONEY_BUFSZ];
	int	 k;

	/* 1.0049 and 1.0050: 1.00495 exactly. */
	sales_money_format_div(20099, 2, 2, buf);
	assert_string_equal(buf, "1.00");
	sales_money_format_div(20099, 2, 3, buf);
	assert_string_equal(buf, "1.005");
	sales_money_format_div(20099, 2, 4, buf);
	assert_string_equal(buf, "1.0050");
	sales_money_format_div(-20099, 2, 2, buf);
	assert_string_equal(buf, "-1.00");
	/* One 50.00 and 10,000 zeros: 0.0049995, not 0.0050 then 0.01. */
	sales_money_format_div(500000, 10001, 2, buf);
	assert_string_equal(buf, "0.00");
	sales_money_format_div(-500000, 10001, 2, buf);
	assert_string_equal(buf, "0.00");
	sales_money_format_div(500000, 10001, 4, buf);
	assert_string_equal(buf, "0.0050");
	/* Halves go away from zero; 0 decimals. */
	sales_money_format_div(50000, 2, 0, buf);
	assert_string_equal(buf, "3");
	sales_money_format_div(-50000, 2, 0, buf);
	assert_string_equal(buf, "-3");
	sales_money_format_div(10000, 3, 2, buf);
	assert_string_equal(buf, "0.33");
	sales_money_format_div(20000, 3, 2, buf);
	assert_string_equal(buf, "0.67");
	/* Nothing to divide, or out of range: empty. */
	assert_int_equal(sales_money_format_div(5, 0, 2, buf), 0);
	assert_string_equal(buf, "");
	assert_int_equal(sales_money_format_div((__int128)INT64_MAX * 4, 1,
	    2, buf), 0);
	sales_money_format_div(INT64_MAX, 1, 4, buf);
	assert_string_equal(buf, "922337203685477.5807");
	/* A divisor too large to scale: still the right sign and value. */
	sales_money_format_div((__int128)1 << 120, (__int128)1 << 120, 2, buf);
	assert_string_equal(buf, "0.00");
	/* Every x / 1 prints as sales_money_format() prints x. */
	for (k = -30000; k <= 30000; k += 7) {
		char	 want[SALES_MONEY_BUFSZ];
		int	 d;

		for (d = 0; d <= 4; d++) {
			sales_money_format(k, d, want);
			sales_money_format_div(k, 1, d, buf);
			assert_string_equal(buf, want);
		}
	}
}

static void
test_money_weight(void **state)
{
	int64_t	 w = 99;

	/* 100.00 x 0.35 = 35.00 */
	assert_int_equal(sales_money_weight(1000000, 350000, &w), 0);
	assert_true(w == 350000);
	assert_int_equal(sales_money_weight(1000000, SALES_PROB_SCALE, &w), 0);
	assert_true(w == 1000000);
	assert_int_equal(sales_money_weight(1000000, 0, &w), 0);
	assert_true(w == 0);
	/* 0.0001 x 0.5 = 0.00005 -> 0.0001, and its negative. */
	assert_int_equal(sales_money_weight(1, 500000, &w), 0);
	assert_true(w == 1);
	assert_int_equal(sales_money_weight(-1, 500000, &w), 0);
	assert_true(w == -1);
	assert_int_equal(sales_money_weight(1, 499999, &w), 0);
	assert_true(w == 0);
	/* 1.2345 x 0.333333: 12345 x 333333 = 4114995885 -> 4115 */
	assert_int_equal(sales_money_weight(12345, 333333, &w), 0);
	assert_true(w == 4115);
	/* The product needs 128 bits before the division. */
	assert_int_equal(sales_money_weight(INT64_MAX, SALES_PROB_SCALE, &w),
	    0);
	assert_true(w == INT64_MAX);
	assert_int_equal(sales_money_weight(INT64_MIN, 500000, &w), 0);
	assert_true(w == INT64_MIN / 2);
	w = 42;
	assert_int_equal(sales_money_weight(INT64_MAX, 2000000, &w), -1);
	assert_true(w == 42);
}

static void
test_money_fraction_format(void **state)
{
	FRAC(12, 19, 4, "0.6316");	/* 0.631578... */
	FRAC(1, 3, 4, "0.3333");
	FRAC(2, 3, 4, "0.6667");
	FRAC(-2, 3, 4, "-0.6667");
	FRAC(2, -3, 4, "-0.6667");
	FRAC(-2, -3, 4, "0.6667");
	FRAC(0, 5, 4, "0.0000");
	FRAC(7, 7, 4, "1.0000");
	FRAC(3, 2, 4, "1.5000");
	FRAC(1, 8, 2, "0.13");		/* 0.125 */
	FRAC(-1, 8, 2, "-0.13");
	FRAC(5, 2, 0, "3");
	FRAC(1, 7, 6, "0.142857");
	FRAC(-1, 1000000, 4, "0.0000");	/* no "-0.0000" */
	FRAC(1, 20000, 4, "0.0001");	/* 0.00005 */
	FRAC(INT64_MAX, 1, 6, "9223372036854775807.000000");
	FRAC(INT64_MIN, 1, 6, "-9223372036854775808.000000");
	FRAC(INT64_MAX, INT64_MAX, 4, "1.0000");
	FRAC(1, 0, 4, "");
	FRAC(2, 3, 9, "0.666667");	/* decimals clamp to 0-6 */
}

static void
test_money_prob_parse(void **state)
{
	PROB("0.35", 350000);
	PROB("35", 350000);
	PROB("35%", 350000);
	PROB("35 %", 350000);
	PROB("35" NBSP "%", 350000);
	PROB(" 35% ", 350000);
	PROB("1", 1000000);		/* 1 is a probability: 100% */
	PROB("1.0", 1000000);
	PROB("0.5", 500000);
	PROB(".5", 500000);
	PROB("50", 500000);
	PROB("100", 1000000);
	PROB("100%", 1000000);
	PROB("100.000", 1000000);
	PROB("0", 0);
	PROB("0%", 0);
	PROB("1%", 10000);
	PROB("1.5", 15000);		/* above 1: 1.5% */
	PROB("0,25", 250000);		/* a decimal comma */
	PROB("12,5 %", 125000);
	PROB("0.1234565", 123457);	/* rounded half away from zero */
	PROB("0.1234564", 123456);
	PROB("12.34565%", 123457);
	PROB("0.0000005", 1);
}

static void
test_money_prob_errors(void **state)
{
	PROB_BAD("101", "probability above 100%");
	PROB_BAD("100.5%", "probability above 100%");
	PROB_BAD("100.00001", "probability above 100%");
	PROB_BAD("99999999999", "probability above 100%");
	PROB_BAD("-0.1", "negative probability");
	PROB_BAD("-35%", "negative probability");
	PROB_BAD("", "not a probability");
	PROB_BAD("  ", "not a probability");
	PROB_BAD("%", "not a probability");
	PROB_BAD("35%%", "not a probability");
	PROB_BAD("abc", "not a probability");
	PROB_BAD("5.", "not a probability");
	PROB_BAD("1e-1", "not a probability");
	PROB_BAD("0.3.5", "not a probability");
	PROB_BAD("% 35", "not a probability");
}

/* Summing two money columns of a CSV file read with libcsv. */
struct colsum {
	const char	*name[2];	/* the columns summed */
	int		 col[2];	/* their positions, -1 until found */
	int		 field;		/* position in the current row */
	long		 rows;		/* data rows seen */
	long		 bad;		/* fields that did not parse */
	int64_t		 sum[2];
};

static void
colsum_field(void *s, size_t len, void *data)
{
	struct colsum	*cs = data;
	int64_t		 v;
	int		 i;

	for (i = 0; i < 2; i++) {
		if (cs->rows == 0 && len == strlen(cs->name[i]) &&
		    memcmp(s, cs->name[i], len) == 0)
			cs->col[i] = cs->field;
		if (cs->rows > 0 && cs->field == cs->col[i]) {
			if (sales_money_parse(s, len, 0, &v, NULL) == -1 ||
			    sales_money_add(&cs->sum[i], v) == -1)
				cs->bad++;
		}
	}
	cs->field++;
}

static void
colsum_row(int c, void *data)
{
	struct colsum	*cs = data;

	cs->field = 0;
	cs->rows++;
}

/*
 * Sum a file's columns; returns 0, or -1 when the file is absent (the
 * test then skips).
 */
static int
colsum_file(const char *rel, struct colsum *cs)
{
	struct csv_parser	 p;
	const char		*top;
	char			 path[1024], buf[65536];
	FILE			*fp;
	size_t			 n;

	if ((top = getenv("SM_TOP")) == NULL)
		top = ".";
	snprintf(path, sizeof(path), "%s/../shared/data/real/%s", top, rel);
	if ((fp = fopen(path, "rb")) == NULL) {
		print_message("skip: %s is absent\n", path);
		return -1;
	}
	assert_int_equal(csv_init(&p, CSV_STRICT | CSV_STRICT_FINI), 0);
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		assert_int_equal(csv_parse(&p, buf, n, colsum_field,
		    colsum_row, cs), n);
	assert_int_equal(csv_fini(&p, colsum_field, colsum_row, cs), 0);
	csv_free(&p);
	fclose(fp);
	cs->rows--;		/* the header */
	return 0;
}

/*
 * Real exports, summed exactly.  Expected totals from python3's csv
 * module with decimal.Decimal over the same files: Superstore Sales
 * 2297200.8603 and Profit 286397.0217 (up to four decimals, 1871
 * negative profits); the e-commerce order details Amount 431502.00 and
 * Profit 23955.00.
 */
static void
test_money_real_sums(void **state)
{
	struct colsum	 ss = { { "Sales", "Profit" }, { -1, -1 }, 0, 0, 0,
			    { 0, 0 } };
	struct colsum	 ec = { { "Amount", "Profit" }, { -1, -1 }, 0, 0, 0,
			    { 0, 0 } };
	char		 buf[SALES_MONEY_BUFSZ];

	if (colsum_file("superstore/Sample - Superstore.csv", &ss) == -1 ||
	    colsum_file("ecommerce-targets/Order Details.csv", &ec) == -1)
		skip();
	assert_int_equal(ss.rows, 9994);
	assert_int_equal(ss.bad, 0);
	assert_true(ss.sum[0] == 22972008603);
	assert_true(ss.sum[1] == 2863970217);
	sales_money_format(ss.sum[0], 2, buf);
	assert_string_equal(buf, "2297200.86");
	sales_money_format(ss.sum[0], 4, buf);
	assert_string_equal(buf, "2297200.8603");

	assert_int_equal(ec.rows, 1500);
	assert_int_equal(ec.bad, 0);
	assert_true(ec.sum[0] == 4315020000);
	assert_true(ec.sum[1] == 239550000);
}

/*
 * Plain numbers, the common form, against integers worked out apart
 * from the parser; with --decimal-comma a '.' groups thousands.
 */
static void
test_money_plain_random(void **state)
{
	char		 buf[64];
	const char	*why;
	int64_t		 v, whole;
	int		 i, frac, ndec;

	srand(11);
	for (i = 0; i < 100000; i++) {
		whole = ((int64_t)rand() << 16 ^ rand()) % 100000000000LL;
		ndec = rand() % 5;
		frac = ndec ? rand() % (ndec == 1 ? 10 : ndec == 2 ? 100 :
		    ndec == 3 ? 1000 : 10000) : 0;
		if (ndec)
			snprintf(buf, sizeof(buf), "%s%lld.%0*d",
			    i % 3 ? "" : "-", (long long)whole, ndec, frac);
		else
			snprintf(buf, sizeof(buf), "%s%lld", i % 3 ? "" : "-",
			    (long long)whole);
		assert_int_equal(sales_money_parse(buf, strlen(buf), 0, &v,
		    &why), 0);
		whole = whole * 10000 + frac * (ndec == 1 ? 1000 :
		    ndec == 2 ? 100 : ndec == 3 ? 10 : 1);
		assert_true(v == (i % 3 ? whole : -whole));
	}
	assert_int_equal(sales_money_parse("1.234", 5,
	    SALES_MONEY_DECIMAL_COMMA, &v, &why), 0);
	assert_true(v == 12340000);
	assert_int_equal(sales_money_parse("1.", 2, 0, &v, &why) == 0 ||
	    v != 0, 1);
	assert_int_equal(sales_money_parse("-", 1, 0, &v, &why), -1);
	/* 15 digits go to the full parser; 16 overflow. */
	assert_int_equal(sales_money_parse("123456789012345", 15, 0, &v,
	    &why), 0);
	assert_true(v == 1234567890123450000LL);
	assert_int_equal(sales_money_parse("1234567890123456", 16, 0, &v,
	    &why), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_money_plain_random),
		cmocka_unit_test(test_money_parse_plain),
		cmocka_unit_test(test_money_parse_groups),
		cmocka_unit_test(test_money_parse_currency),
		cmocka_unit_test(test_money_parse_negative),
		cmocka_unit_test(test_money_parse_decimal_comma),
		cmocka_unit_test(test_money_parse_both_separators),
		cmocka_unit_test(test_money_parse_rounding),
		cmocka_unit_test(test_money_parse_range),
		cmocka_unit_test(test_money_parse_errors),
		cmocka_unit_test(test_money_format),
		cmocka_unit_test(test_money_add),
		cmocka_unit_test(test_money_exact_sums),
		cmocka_unit_test(test_money_div_round),
		cmocka_unit_test(test_money_format_div),
		cmocka_unit_test(test_money_weight),
		cmocka_unit_test(test_money_fraction_format),
		cmocka_unit_test(test_money_prob_parse),
		cmocka_unit_test(test_money_prob_errors),
		cmocka_unit_test(test_money_real_sums),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
