/*
 * test_expr.c: the rules language: lexer (tokens, strings, numbers,
 * comments), parser (precedence, rule heads, every error message with
 * its caret line, the nesting limit) and evaluator (each operator,
 * empty values, numbers, dates, text, scores, reasons, allocation
 * failures).  Expected values are worked out by hand in the comments.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "libsales/date.h"
#include "libsales/err.h"
#include "libsales/expr.h"
#include "libsales/mem.h"
#include "libsales/money.h"
#include "libsales/table.h"

#define NCOLS	7

/* The header every test binds to. */
static const char *hdr_names[NCOLS] = {
	"a", "b", "s", "d", "n", "Lead Source", "e"
};

/* 2026-02-01: 56 years of days since 1970-01-01, checked with python. */
#define ASOF	20485L

struct fixture {
	struct sales_field	 hdr[NCOLS];
	struct sales_field	 row[NCOLS];
	struct sales_rules_opts	 o;
	struct sales_datefmt	 dmy;
	struct sales_err	 e;
};

static struct fixture	 fx;

static void
set_row(const char *a, const char *b, const char *s, const char *d,
    const char *n, const char *src)
{
	const char	*v[NCOLS] = { a, b, s, d, n, src, "" };
	size_t		 i;

	for (i = 0; i < NCOLS; i++) {
		fx.row[i].s = v[i];
		fx.row[i].len = strlen(v[i]);
	}
}

static void
reset(void)
{
	size_t	 i;

	memset(&fx, 0, sizeof(fx));
	for (i = 0; i < NCOLS; i++) {
		fx.hdr[i].s = hdr_names[i];
		fx.hdr[i].len = strlen(hdr_names[i]);
	}
	sales_rules_opts_init(&fx.o);
	fx.o.as_of = ASOF;
	set_row("5", "10", "Google", "2026-01-15", "a.b", "google");
}

/* Compile text (named "rules.txt") and bind it; NULL with fx.e set. */
static struct sales_rules *
compile(const char *text)
{
	struct sales_rules	*r;

	assert_int_equal(sales_rules_new(&r, &fx.o, &fx.e), 0);
	if (sales_rules_parse(r, text, strlen(text), "rules.txt",
	    &fx.e) == -1 || sales_rules_bind(r, fx.hdr, NCOLS, &fx.e) == -1) {
		sales_rules_free(r);
		return NULL;
	}
	return r;
}

/* Does expr hold for the current row?  Fails the test on an error. */
static int
holds(const char *expr)
{
	struct sales_rules	*r;
	struct sales_verdict	 v;
	char			*text;
	size_t			 n = strlen(expr) + 4;
	int			 yes;

	assert_non_null(text = malloc(n));
	snprintf(text, n, "t: %s", expr);
	if ((r = compile(text)) == NULL)
		fail_msg("%s: %s", expr, sales_err_str(&fx.e));
	free(text);
	assert_int_equal(sales_rules_eval(r, fx.row, NCOLS, &v, &fx.e), 0);
	yes = strcmp(sales_rules_name(r, v.segment), "t") == 0;
	sales_rules_free(r);
	return yes;
}

#define YES(x)	do { if (!holds(x)) fail_msg("should hold: %s", x); } \
	    while (0)
#define NO(x)	do { if (holds(x)) fail_msg("should not hold: %s", x); } \
	    while (0)

/* The message of the error text gives (the caret lines included). */
static const char *
error_of(const char *text)
{
	struct sales_rules	*r;

	if ((r = compile(text)) != NULL) {
		sales_rules_free(r);
		fail_msg("no error for: %s", text);
	}
	return sales_err_str(&fx.e);
}

static int
setup(void **state)
{
	reset();
	return 0;
}

/* Arithmetic is exact in ten-thousandths; * / bind tighter than + -. */
static void
test_expr_arithmetic(void **state)
{
	YES("1 + 2 * 3 == 7");
	YES("(1 + 2) * 3 == 9");
	YES("7 - 2 - 1 == 4");		/* (7 - 2) - 1, not 7 - 1 */
	YES("8 / 2 / 2 == 2");		/* (8 / 2) / 2 */
	YES("10 / 4 == 2.5");
	YES("2 / 3 == 0.6667");		/* 0.66666.. rounds up */
	YES("-2 / 3 == -0.6667");	/* half away from zero */
	YES("1 / 8 == 0.125");
	YES("0.1 + 0.2 == 0.3");	/* 1000 + 2000 = 3000, exact */
	YES("a * 1.5 == 7.5");		/* a = 5 */
	YES("-a == -5");
	YES("- -a == 5");
	YES("+a == 5");
	YES("$10000 == 10000");
	YES("b - a * 2 == 0");		/* 10 - 10 */
	YES("1.00005 == 1.0001");	/* more than 4 decimals round */
	YES("empty(1 / 0)");
	YES("empty(s + 1)");		/* "Google" is not a number */
	YES("empty(900000000000000 + 900000000000000)");	/* overflow */
	YES("empty(900000000000000 * 10)");
	NO("1 / 0 == 0");
}

/*
 * Fields read as numbers as num() reads a quoted string, plain digits
 * and decimals included, and compare exactly.
 */
static void
test_expr_field_numbers(void **state)
{
	static const char *v[] = {
		"0", "7", "00012", "1234.5", "1234.5678", "0.0001",
		"12345678901234", "123456789012345", "1.23456", "12.",
		".5", "1,234.50", "-3", "$5", "1.2.3", "99999999999999.9999"
	};
	char		 expr[256];
	size_t		 i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		set_row(v[i], "", "", "", "", "");
		snprintf(expr, sizeof(expr), "num(a) == num(\"%s\") or "
		    "(empty(num(a)) and empty(num(\"%s\")))", v[i], v[i]);
		YES(expr);
	}
	set_row("1234.5678", "12345678901234", "0.0001", "", "", "");
	YES("a == 1234.5678 and b == 12345678901234 and s * 10000 == 1");
	fx.o.money_flags = SALES_MONEY_DECIMAL_COMMA;
	set_row("1234,5", "1.234", "", "", "", "");
	YES("a == 1234.5 and b == 1234");
}

/* Numbers compare numerically, text by bytes, quoted strings as text. */
static void
test_expr_compare(void **state)
{
	YES("b > a");			/* 10 > 5 numerically */
	NO("b < a");
	YES("s > b");			/* "Google" > "10": 'G' > '1' */
	YES("a == 5 and a != 6 and a <= 5 and a >= 5");
	NO("a < 5 or a > 5");
	YES("a == \"5\"");
	set_row("10.0", "$1,200.50", "abc", "", "", "");
	YES("a == 10");			/* 10.0 is the number 10 */
	NO("a == \"10\"");		/* the string "10" is text */
	YES("b == 1200.5");		/* money in a field */
	YES("b > 1200");
	YES("s < \"abd\"");
	YES("s < \"abcd\"");		/* a prefix sorts first */
	YES("a == b - 1190.5");
	YES("(a > 1) == (b > 1)");	/* booleans compare */
	YES("(a > 1) == true");
	YES("true != false");
}

/* An empty field is no value. */
static void
test_expr_empty(void **state)
{
	set_row("", "", "", "", "", "");
	NO("a >= 0");
	NO("a < 0");
	NO("a > \"\"");
	YES("not (a >= 0)");
	YES("a == \"\"");		/* both empty */
	YES("a == b");
	YES("a != 1");
	NO("a == 0");
	YES("empty(a)");
	YES("empty(a + 1)");
	YES("empty(-a)");
	YES("empty(lower(a))");
	YES("len(a) == 0");
	YES("a ~ \"^$\"");		/* matched as empty text */
	YES("a !~ \".\"");
	YES("a in (\"\", \"x\")");
	NO("a in (0, 1)");
	NO("a");			/* no value is false */
	YES("empty(e)");
	YES("empty(num(a))");
	YES("empty(days(d))");
}

/* Dates: by date when both sides are dates; arithmetic in days. */
static void
test_expr_dates(void **state)
{
	YES("d > date(\"2026-01-01\")");
	YES("d < date(\"2026-02-01\")");
	YES("d == date(\"2026-01-15\")");
	YES("d - date(\"2026-01-01\") == 14");
	YES("d + 1 == date(\"2026-01-16\")");
	YES("1 + d == date(\"2026-01-16\")");
	YES("d - 15 == date(\"2025-12-31\")");
	YES("empty(d + 0.5)");		/* only whole days */
	YES("days(d) == 17");		/* 2026-01-15 .. 2026-02-01 */
	YES("days(\"2026-01-31\") == 1");
	YES("days(date(\"2026-02-11\")) == -10");
	YES("date(d) == d");
	YES("empty(date(s))");		/* "Google" is not a date */
	YES("empty(days(a))");
	YES("d == \"2026-01-15\"");	/* bytes */
}

/* --date-format reads the fields; literals in rules stay ISO. */
static void
test_expr_date_format(void **state)
{
	struct sales_err	 e;

	assert_int_equal(sales_datefmt_init(&fx.dmy, "dmy", &e), 0);
	fx.o.datefmt = &fx.dmy;
	set_row("", "", "", "15/01/2026", "", "");
	YES("d == date(\"2026-01-15\")");
	YES("days(d) == 17");
	YES("d > date(\"2025-12-31\")");
}

/* lower, upper, len, num, regular expressions, in. */
static void
test_expr_text(void **state)
{
	YES("lower(s) == \"google\"");
	YES("upper(s) == \"GOOGLE\"");
	YES("lower(s) == lower([Lead Source])");
	NO("s == [Lead Source]");
	YES("len(s) == 6");
	YES("len(a + 0.25) == 4");	/* "5.25" */
	YES("len(date(\"2026-01-01\")) == 10");
	YES("num(a) == 5");
	YES("num(\"7\") == 7");
	YES("empty(num(s))");
	YES("s ~ \"^Goo\"");
	NO("s ~ \"^goo\"");
	YES("s ~* \"^goo\"");
	YES("s !~ \"x\"");
	NO("s !~* \"GOO\"");
	YES("s !~ \"^goo\"");
	YES("n ~ \"^a\\.b$\"");		/* \. stays in the pattern */
	YES("[Lead Source] ~ \"(Google|google)\"");
	YES("s in (\"a\", \"Google\")");
	NO("s in (\"a\", \"google\")");
	YES("s not in (\"a\", \"google\")");
	YES("b in (1, 5, 10)");
	YES("b in (1, 5, 10.00)");
	YES("s in (lower(s), upper(s), s)");
	YES("b in (\"10\")");		/* a list of strings: bytes */
	NO("b in (\"10.0\")");
	YES("b in (\"10.0\", 10)");	/* a number in the list: numeric */
	YES("(a > 1) in (\"x\", \"true\")");
	YES("date(\"2026-01-01\") in (\"2026-01-01\")");
	YES("a + 0.5 in (\"5.5\")");
	NO("e in (\"x\", \"y\")");	/* no value */
	YES("e not in (\"x\", \"y\")");
	YES("\"a\\\"b\" ~ \"\\\"\"");	/* the string a"b holds a quote */
	YES("len(\"a\\\\b\") == 3");	/* a\b */
	YES("len(\"a\\]\") == 3");		/* \] stays in a string */
	YES("len(\"\xc3\xa9t\xc3\xa9\") == 3");	/* "été": 3 characters */
}

/*
 * Patterns that are sets of strings are matched without regexec(); on
 * lower-case text "~" (that path when it applies) and "~*" (always
 * regexec) must agree.
 */
static void
test_expr_literal_patterns(void **state)
{
	static const char *pat[] = {
		"@(gmail|yahoo)\\\\.", "^(sms sent|email)$",
		"price|expensive|discount", "^abc", "abc$", "a|", "^$",
		"(a|b)(c|d)", "x\\\\.y", "a\\\\$", "\\\\(x\\\\)", "(a|)",
		"a(b|c)d|^e", "$", "^", "b", "(x|y)z$", "^a|b$|^c$",
		"a\\\\\\\\$", "(a\\\\)|b)", "x(a\\\\)b|c)", "a.c", "ab*",
		"[ab]c", "a{2}", "(ab)+", "lo", "ooo", "b(c|d)b"
	};
	static const char *subj[] = {
		"", "a", "abc", "xabc", "abcx", "bob@gmail.com",
		"bob@gmailxcom", "sms sent", "email", "emails", "ac", "bd",
		"x.y", "xzy", "a$", "(x)", "e", "ex", "xe", "yz", "zb", "c",
		"a\\", "a)b", "aac", "aa", "abab", "hello", "oooo", "bcbdb",
		"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
		"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
		"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
		"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
		"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
		"bob@gmail.com"
	};
	char		 e1[256], e2[256];
	size_t		 i, j;
	int		 y1, y2;

	for (i = 0; i < sizeof(pat) / sizeof(pat[0]); i++)
		for (j = 0; j < sizeof(subj) / sizeof(subj[0]); j++) {
			set_row("", "", subj[j], "", "", "");
			snprintf(e1, sizeof(e1), "s ~ \"%s\"", pat[i]);
			snprintf(e2, sizeof(e2), "s ~* \"%s\"", pat[i]);
			y1 = holds(e1);
			y2 = holds(e2);
			if (y1 != y2)
				fail_msg("'%s' on '%s': ~ %d, ~* %d", pat[i],
				    subj[j], y1, y2);
		}
	/* Worked by hand. */
	set_row("", "", "bob@yahoo.com", "", "", "");
	YES("s ~ \"@(gmail|yahoo)\\.\"");
	NO("s !~ \"@(gmail|yahoo)\\.\"");
	set_row("", "", "SMS Sent", "", "", "");
	YES("s ~ \"^(SMS Sent|Email Opened)$\"");
	NO("s ~ \"^(SMS|Email Opened)$\"");
}

/* Logic, precedence and truth. */
static void
test_expr_logic(void **state)
{
	YES("true or false and false");	/* and binds tighter */
	NO("(true or false) and false");
	YES("not false and true");
	YES("not true or true");	/* (not true) or true */
	NO("not a == 5");		/* not (a == 5) */
	YES("!(a == 6)");
	YES("a == 5 && b == 10");
	YES("a == 6 || b == 10");
	YES("a == 1 or a == 2 or a == 3 or a == 5");
	NO("a == 1 and a == 5");
	YES("a");			/* "5" is a true number */
	YES("s");			/* text is true */
	set_row("0", "0.00", "No", "", "", "");
	NO("a");
	NO("b");
	YES("s");
	YES("not a");
	YES("TRUE AND NOT FALSE");	/* keywords in any case */
	YES("1 + 1 == 2 and \"x\" < \"y\"");
}

/* Names: bare, bracketed, matched ignoring case and _ - and spaces. */
static void
test_expr_names(void **state)
{
	YES("[Lead Source] == \"google\"");
	YES("lead_source == \"google\"");	/* sales_header_find */
	YES("[lead-source] == \"google\"");
	YES("A == 5");
	YES("[a] == 5");
}

/* Score rules add up before the segments; first segment wins. */
static void
test_expr_rules(void **state)
{
	struct sales_rules	*r;
	struct sales_verdict	 v;

	fx.o.explain = 1;
	r = compile("# a comment\n"
	    "\n"
	    "score +20: b >= 10   # ten or more\n"
	    "score -5: s ~* \"goo\"\n"
	    "score +1: a > 100\n"
	    "hot: score >= 20\n"
	    "warm: score >= 10\n"
	    "warm: true\n");
	assert_non_null(r);
	assert_int_equal(sales_rules_nscores(r), 3);
	assert_int_equal(sales_rules_nsegments(r), 3);
	assert_int_equal(sales_rules_nnames(r), 3);
	assert_string_equal(sales_rules_name(r, 0), "hot");
	assert_string_equal(sales_rules_name(r, 1), "warm");
	assert_string_equal(sales_rules_name(r, 2), "unsegmented");
	/* a = 5, b = 10, s = Google: +20 -5 = 15, so warm. */
	assert_int_equal(sales_rules_eval(r, fx.row, NCOLS, &v, &fx.e), 0);
	assert_int_equal(v.score, 15);
	assert_string_equal(sales_rules_name(r, v.segment), "warm");
	assert_string_equal(v.reasons,
	    "+20 b >= 10; -5 s ~* \"goo\"; warm");
	assert_int_equal(v.reasonslen, strlen(v.reasons));
	/* a = 200, b = 30, s = x: +20 +1 = 21, hot. */
	set_row("200", "30", "x", "", "", "");
	assert_int_equal(sales_rules_eval(r, fx.row, NCOLS, &v, &fx.e), 0);
	assert_int_equal(v.score, 21);
	assert_string_equal(sales_rules_name(r, v.segment), "hot");
	assert_string_equal(v.reasons, "+20 b >= 10; +1 a > 100; hot");
	sales_rules_free(r);
}

/* No rule holds: the default; score in score rules is the sum so far. */
static void
test_expr_default(void **state)
{
	struct sales_rules	*r;
	struct sales_verdict	 v;
	size_t			 n;
	const size_t		*cols;

	fx.o.default_segment = "cold";
	fx.o.explain = 1;
	r = compile("score +3: true\r\n"
	    "score +4: score == 3\r\n"
	    "cold: score > 100\r\n"
	    "Hot Leads: score > 50\r\n");
	assert_non_null(r);
	assert_int_equal(sales_rules_nnames(r), 2);	/* cold is a rule */
	assert_string_equal(sales_rules_name(r, 1), "Hot Leads");
	assert_int_equal(sales_rules_eval(r, fx.row, NCOLS, &v, &fx.e), 0);
	assert_int_equal(v.score, 7);
	assert_int_equal(v.segment, 0);
	assert_string_equal(v.reasons, "+3 true; +4 score == 3");
	cols = sales_rules_columns(r, &n);
	assert_int_equal(n, 0);
	(void)cols;
	sales_rules_free(r);

	/* Without score rules a bare score is a column: here it is not. */
	fx.o.explain = 0;
	assert_string_equal(error_of("x: score > 1"),
	    "rules.txt:1:4: no column 'score' (columns: a, b, s, d, n, "
	    "Lead Source, e) and no 'score +N' rules\n"
	    "x: score > 1\n"
	    "   ^");
}

/* The columns read, ascending, each once. */
static void
test_expr_columns(void **state)
{
	struct sales_rules	*r;
	const size_t		*cols;
	size_t			 n;

	r = compile("x: n == 1 or a == 2\ny: [Lead Source] ~ \"x\" or a");
	assert_non_null(r);
	cols = sales_rules_columns(r, &n);
	assert_int_equal(n, 3);
	assert_int_equal(cols[0], 0);
	assert_int_equal(cols[1], 4);
	assert_int_equal(cols[2], 5);
	sales_rules_free(r);
}

/* Several sources, a BOM, and -e style names. */
static void
test_expr_sources(void **state)
{
	struct sales_rules	*r;
	struct sales_verdict	 v;
	const char		*t1 = "\xef\xbb\xbfscore 2: true";
	const char		*t2 = "x: score == 2";
	const char		*t3 = "y: (";

	assert_int_equal(sales_rules_new(&r, &fx.o, &fx.e), 0);
	assert_int_equal(sales_rules_parse(r, t1, strlen(t1), "-e 1", &fx.e),
	    0);
	assert_int_equal(sales_rules_parse(r, t2, strlen(t2), "-e 2", &fx.e),
	    0);
	assert_int_equal(sales_rules_parse(r, t3, strlen(t3), "-e 3", &fx.e),
	    -1);
	assert_int_equal(fx.e.code, SALES_EUSAGE);
	assert_string_equal(sales_err_str(&fx.e),
	    "-e 3:1:5: expected a value after '('\n"
	    "y: (\n"
	    "    ^");
	/* The good rules stay and work. */
	assert_int_equal(sales_rules_bind(r, fx.hdr, NCOLS, &fx.e), 0);
	assert_int_equal(sales_rules_eval(r, fx.row, NCOLS, &v, &fx.e), 0);
	assert_int_equal(v.score, 2);
	assert_string_equal(sales_rules_name(r, v.segment), "x");
	/* Too narrow a row, and an unbound set. */
	assert_int_equal(sales_rules_eval(r, fx.row, 3, &v, &fx.e), -1);
	assert_int_equal(fx.e.code, SALES_EUSAGE);
	sales_rules_free(r);
	assert_int_equal(sales_rules_new(&r, &fx.o, &fx.e), 0);
	assert_int_equal(sales_rules_eval(r, fx.row, NCOLS, &v, &fx.e), -1);
	sales_rules_free(r);
}

/* sales_rules_load() reads a file and names it in messages. */
static void
test_expr_load(void **state)
{
	struct sales_rules	*r;
	char			 path[] = "/tmp/test_expr.XXXXXX";
	const char		*text = "ok: true\n\nbad: a ==\n";
	char			 want[512];
	int			 fd;

	assert_true((fd = mkstemp(path)) != -1);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	assert_int_equal(sales_rules_new(&r, &fx.o, &fx.e), 0);
	assert_int_equal(sales_rules_load(r, path, &fx.e), -1);
	snprintf(want, sizeof(want), "%s:3:10: expected a value after '=='\n"
	    "bad: a ==\n"
	    "         ^", path);
	assert_string_equal(sales_err_str(&fx.e), want);
	sales_rules_free(r);
	unlink(path);
	assert_int_equal(sales_rules_new(&r, &fx.o, &fx.e), 0);
	assert_int_equal(sales_rules_load(r, path, &fx.e), -1);
	assert_int_equal(fx.e.code, SALES_EIO);
	snprintf(want, sizeof(want), "%s: No such file or directory", path);
	assert_string_equal(sales_err_str(&fx.e), want);
	sales_rules_free(r);
}

/* Every lexer error, with its column and caret. */
static void
test_expr_lex_errors(void **state)
{
	assert_string_equal(error_of("x: s == \"abc"),
	    "rules.txt:1:9: unterminated string\n"
	    "x: s == \"abc\n"
	    "        ^");
	assert_string_equal(error_of("x: [Lead Source == 1"),
	    "rules.txt:1:4: unterminated column name (expected ']')\n"
	    "x: [Lead Source == 1\n"
	    "   ^");
	assert_string_equal(error_of("x: [] == 1"),
	    "rules.txt:1:4: empty column name\n"
	    "x: [] == 1\n"
	    "   ^");
	assert_string_equal(error_of("x: a = 1"),
	    "rules.txt:1:6: unexpected '=' (compare with '==')\n"
	    "x: a = 1\n"
	    "     ^");
	assert_string_equal(error_of("x: a & b"),
	    "rules.txt:1:6: unexpected '&' (use '&&' or 'and')\n"
	    "x: a & b\n"
	    "     ^");
	assert_string_equal(error_of("x: a | b"),
	    "rules.txt:1:6: unexpected '|' (use '||' or 'or')\n"
	    "x: a | b\n"
	    "     ^");
	assert_string_equal(error_of("x: s == 'a'"),
	    "rules.txt:1:9: strings are written in double quotes\n"
	    "x: s == 'a'\n"
	    "        ^");
	assert_string_equal(error_of("x: a > 10k"),
	    "rules.txt:1:8: bad number '10k'\n"
	    "x: a > 10k\n"
	    "       ^");
	assert_string_equal(error_of("x: a > 1.2.3"),
	    "rules.txt:1:8: bad number '1.2.3'\n"
	    "x: a > 1.2.3\n"
	    "       ^");
	assert_string_equal(error_of("x: a > 1."),
	    "rules.txt:1:8: bad number '1.'\n"
	    "x: a > 1.\n"
	    "       ^");
	assert_string_equal(error_of("x: a > 99999999999999999"),
	    "rules.txt:1:8: bad number '99999999999999999'\n"
	    "x: a > 99999999999999999\n"
	    "       ^");
	assert_string_equal(error_of("x: a @ b"),
	    "rules.txt:1:6: unexpected character '@'\n"
	    "x: a @ b\n"
	    "     ^");
	assert_string_equal(error_of("x: a\x01"),
	    "rules.txt:1:5: unexpected byte 0x01\n"
	    "x: a?\n"
	    "    ^");
	assert_string_equal(error_of("x: s ~ \"a\001b\""),
	    "rules.txt:1:10: unexpected byte 0x01 in a string\n"
	    "x: s ~ \"a?b\"\n"
	    "         ^");
	assert_string_equal(error_of("x: [a\\\x7f] == 1"),
	    "rules.txt:1:7: unexpected byte 0x7f in a column name\n"
	    "x: [a\\?] == 1\n"
	    "      ^");
	{
		static const char nul[] = "x: s ~ \"a\0b\"";
		struct sales_rules	*r;

		assert_int_equal(sales_rules_new(&r, &fx.o, &fx.e), 0);
		assert_int_equal(sales_rules_parse(r, nul, sizeof(nul) - 1,
		    "rules.txt", &fx.e), -1);
		assert_string_equal(sales_err_str(&fx.e),
		    "rules.txt:1:10: unexpected byte 0x00 in a string\n"
		    "x: s ~ \"a?b\"\n"
		    "         ^");
		sales_rules_free(r);
	}
	/* A tab stays a tab in the caret line; UTF-8 counts once. */
	assert_string_equal(error_of("x:\t\"\xc3\xa9\" == @"),
	    "rules.txt:1:12: unexpected character '@'\n"
	    "x:\t\"\xc3\xa9\" == @\n"
	    "  \t       ^");
}

/* Every parser error. */
static void
test_expr_parse_errors(void **state)
{
	assert_string_equal(error_of("hot: x in (\"a\", \"b\""),
	    "rules.txt:1:20: expected ')' after \"a\", \"b\"\n"
	    "hot: x in (\"a\", \"b\"\n"
	    "                   ^");
	assert_string_equal(error_of("x: (a == 1 or b"),
	    "rules.txt:1:16: expected ')' after a == 1 or b\n"
	    "x: (a == 1 or b\n"
	    "               ^");
	assert_string_equal(error_of("x: lower(a, b) == 1"),
	    "rules.txt:1:4: lower() takes 1 argument, found 2\n"
	    "x: lower(a, b) == 1\n"
	    "   ^");
	assert_string_equal(error_of("x: lower() == 1"),
	    "rules.txt:1:4: lower() takes 1 argument, found 0\n"
	    "x: lower() == 1\n"
	    "   ^");
	assert_string_equal(error_of("x: lower(a b"),
	    "rules.txt:1:12: expected ')' after a\n"
	    "x: lower(a b\n"
	    "           ^");
	assert_string_equal(error_of("x: foo(a)"),
	    "rules.txt:1:4: unknown function 'foo' (functions: date, days, "
	    "empty, len, lower, num, upper)\n"
	    "x: foo(a)\n"
	    "   ^");
	assert_string_equal(error_of("x: a b"),
	    "rules.txt:1:6: unexpected 'b' after 'a'\n"
	    "x: a b\n"
	    "     ^");
	assert_string_equal(error_of("x: a == 1)"),
	    "rules.txt:1:10: unexpected ')' after '1'\n"
	    "x: a == 1)\n"
	    "         ^");
	assert_string_equal(error_of("x: a == and"),
	    "rules.txt:1:9: expected a value after '==', found 'and'\n"
	    "x: a == and\n"
	    "        ^");
	assert_string_equal(error_of("x: a or"),
	    "rules.txt:1:8: expected a value after 'or'\n"
	    "x: a or\n"
	    "       ^");
	assert_string_equal(error_of("x:"),
	    "rules.txt:1:3: expected an expression after ':'\n"
	    "x:\n"
	    "  ^");
	assert_string_equal(error_of("x:   # nothing"),
	    "rules.txt:1:6: expected an expression after ':'\n"
	    "x:   # nothing\n"
	    "     ^");
	assert_string_equal(error_of("x: 1 < a < 9"),
	    "rules.txt:1:10: unexpected '<': comparisons do not chain "
	    "(join them with 'and')\n"
	    "x: 1 < a < 9\n"
	    "         ^");
	assert_string_equal(error_of("x: s ~ a"),
	    "rules.txt:1:8: expected a string after '~' (a regular "
	    "expression)\n"
	    "x: s ~ a\n"
	    "       ^");
	assert_string_equal(error_of("x: s ~* \"(ab\""),
	    "rules.txt:1:9: bad regular expression \"(ab\": Unmatched ( or "
	    "\\(\n"
	    "x: s ~* \"(ab\"\n"
	    "        ^");
	assert_string_equal(error_of("x: s in \"a\""),
	    "rules.txt:1:9: expected '(' after 'in'\n"
	    "x: s in \"a\"\n"
	    "        ^");
	assert_string_equal(error_of("x: s in ()"),
	    "rules.txt:1:6: empty list after 'in'\n"
	    "x: s in ()\n"
	    "     ^");
	assert_string_equal(error_of("x: d > date(\"2026-02-30\")"),
	    "rules.txt:1:13: '2026-02-30': no such day (dates in rules are "
	    "written YYYY-MM-DD)\n"
	    "x: d > date(\"2026-02-30\")\n"
	    "            ^");
	assert_string_equal(error_of("x: a == ()"),
	    "rules.txt:1:10: expected a value after '(', found ')'\n"
	    "x: a == ()\n"
	    "         ^");
}

/* Errors in the head of a rule line. */
static void
test_expr_head_errors(void **state)
{
	assert_string_equal(error_of("a > 5"),
	    "rules.txt:1:1: expected ':' (rules are 'NAME: EXPR' or "
	    "'score +N: EXPR')\n"
	    "a > 5\n"
	    "^");
	assert_string_equal(error_of("  score +2x: a"),
	    "rules.txt:1:11: expected whole points after 'score' (as in "
	    "'score +10: EXPR')\n"
	    "  score +2x: a\n"
	    "          ^");
	assert_string_equal(error_of("score: a"),
	    "rules.txt:1:6: expected whole points after 'score' (as in "
	    "'score +10: EXPR')\n"
	    "score: a\n"
	    "     ^");
	assert_string_equal(error_of("score +2.5: a"),
	    "rules.txt:1:9: expected whole points after 'score' (as in "
	    "'score +10: EXPR')\n"
	    "score +2.5: a\n"
	    "        ^");
	assert_string_equal(error_of("score +1000001: a"),
	    "rules.txt:1:8: points out of range (at most 1000000)\n"
	    "score +1000001: a\n"
	    "       ^");
	assert_string_equal(error_of("lower(s) ~ \"a:b\""),
	    "rules.txt:1:6: unexpected '(' in a segment name (rules are "
	    "'NAME: EXPR' or 'score +N: EXPR')\n"
	    "lower(s) ~ \"a:b\"\n"
	    "     ^");
	assert_string_equal(error_of(": a"),
	    "rules.txt:1:1: expected a segment name before ':'\n"
	    ": a\n"
	    "^");
	assert_string_equal(error_of("ok: true\n-x: a"),
	    "rules.txt:2:1: unexpected '-' in a segment name (rules are "
	    "'NAME: EXPR' or 'score +N: EXPR')\n"
	    "-x: a\n"
	    "^");
}

/* Unknown columns name the closest header. */
static void
test_expr_bind_errors(void **state)
{
	assert_string_equal(error_of("\n\nscore +5: [Lead Sorce] == \"x\""),
	    "rules.txt:3:11: no column 'Lead Sorce' (closest: 'Lead "
	    "Source')\n"
	    "score +5: [Lead Sorce] == \"x\"\n"
	    "          ^");
	assert_string_equal(error_of("x: a == 1 or zzzzzzzz"),
	    "rules.txt:1:14: no column 'zzzzzzzz' (columns: a, b, s, d, n, "
	    "Lead Source, e)\n"
	    "x: a == 1 or zzzzzzzz\n"
	    "             ^");
}

/* A long line shows a window around the error. */
static void
test_expr_long_line(void **state)
{
	char		 text[1024], want[1024];
	const char	*msg;
	size_t		 i, n;

	n = (size_t)snprintf(text, sizeof(text), "x: a == 1");
	for (i = 0; i < 30; i++)
		n += (size_t)snprintf(text + n, sizeof(text) - n,
		    " or a == %zu", i + 10);
	snprintf(text + n, sizeof(text) - n, " or a ==");
	msg = error_of(text);
	/* The error is at the end: byte n + 9, column n + 9. */
	snprintf(want, sizeof(want), "rules.txt:1:%zu: expected a value "
	    "after '=='\n...", n + 9);
	assert_memory_equal(msg, want, strlen(want));
	/* The window is 120 bytes before, the caret under the end. */
	assert_non_null(strstr(msg, "or a ==\n   "));
	assert_int_equal(strlen(strrchr(msg, '\n') + 1), 3 + 60 + 1);
}

/*
 * Regular expressions whose repetitions multiply past 5000 parts are
 * refused before regcomp() copies them into gigabytes.
 */
static void
test_expr_regex_cost(void **state)
{
	char		 text[256];
	size_t		 i, n;

	assert_string_equal(error_of("x: s ~ \"a{1,100}{1,100}\""),
	    "rules.txt:1:8: regular expression \"a{1,100}{1,100}\" too "
	    "complex: its repetitions make more than 5000 parts\n"
	    "x: s ~ \"a{1,100}{1,100}\"\n"
	    "       ^");
	assert_int_equal(fx.e.code, SALES_ELIMIT);
	/*
	 * An atom repeated up to n times counts n + 1: (a{1,20}){1,20}
	 * is 21 x 21 = 441 parts, (a{1,100}){1,100} 101 x 101 = 10201.
	 */
	YES("s !~ \"(a{1,20}){1,20}\"");
	assert_non_null(strstr(error_of("x: s ~ \"(a{1,100}){1,100}\""),
	    "too complex: its repetitions make more than 5000 parts\n"));
	/* Repetitions of repetitions: 3 deep pass, 4 do not. */
	YES("s !~ \"^((a*)+)+$\"");
	YES("s !~ \"(([a-z]+\\.)+com)+\"");
	YES("s !~ \"((a+)+b)+\"");
	assert_string_equal(error_of("x: s ~ \"^(((a*)+)+)+\""),
	    "rules.txt:1:8: regular expression \"^(((a*)+)+)+\" too "
	    "complex: repetitions nested more than 3 deep\n"
	    "x: s ~ \"^(((a*)+)+)+\"\n"
	    "       ^");
	assert_non_null(strstr(error_of("x: s ~ \"a*+++\""),
	    "repetitions nested more than 3 deep"));
	assert_non_null(strstr(error_of("x: s ~ \"(((a+)+b)+c)+\""),
	    "repetitions nested more than 3 deep"));
	/* Groups nested deeper than 32. */
	n = (size_t)snprintf(text, sizeof(text), "x: s ~ \"");
	for (i = 0; i < 33; i++)
		text[n++] = '(';
	text[n++] = 'a';
	for (i = 0; i < 33; i++)
		text[n++] = ')';
	snprintf(text + n, sizeof(text) - n, "\"");
	assert_non_null(strstr(error_of(text),
	    "too complex: groups nested more than 32 deep"));
	/* Ordinary patterns pass. */
	set_row("", "", "10.0.0.255", "", "", "");
	YES("s ~ \"^[0-9]{1,3}(\\.[0-9]{1,3}){3}$\"");
	YES("s ~ \"^[[:digit:].]+$\"");
	YES("s ~ \"^[^]a]{0,255}$\"");
	NO("s ~ \"[]a]\"");
	YES("s !~ \"x{1,1000}\"");
	YES("s ~ \"(0|1|2|3|4|5|6|7|8|9){2}\"");
}

/*
 * "t: " then n times open, core, n times close, into buf (cap bytes).
 * Returns buf.
 */
static char *
nest(char *buf, size_t cap, const char *open, const char *core,
    const char *close, int n)
{
	size_t	 k;
	int	 i;

	k = (size_t)snprintf(buf, cap, "t: ");
	for (i = 0; i < n; i++)
		k += (size_t)snprintf(buf + k, cap - k, "%s", open);
	k += (size_t)snprintf(buf + k, cap - k, "%s", core);
	for (i = 0; i < n; i++)
		k += (size_t)snprintf(buf + k, cap - k, "%s", close);
	assert_true(k < cap);
	return buf;
}

/* Does text compile?  Frees what it made. */
static int
compiles(const char *text)
{
	struct sales_rules	*r;

	if ((r = compile(text)) == NULL)
		return 0;
	sales_rules_free(r);
	return 1;
}

/*
 * The nesting limit, SALES_EXPR_MAXDEPTH = 64 levels, for each kind of
 * nesting: 64 are accepted (and evaluated), 65 refused with the error
 * at the construct that opens level 65.  Columns: "t: " is 3 bytes,
 * so byte i (from 0) of the nested text is column 4 + i.
 */
static void
test_expr_depth(void **state)
{
	static const struct {
		const char	*open, *core, *close;
		int		 holds;	/* at 64 levels, a = 5, s = Google */
		int		 col;	/* of construct 65 */
	} kinds[] = {
		/* Parenthesis k is column 3 + k: 68. */
		{ "(", "a", ")", 1, 68 },
		/* "not " is 4 bytes: the 65th at 4 + 4 x 64 = 260. */
		{ "not ", "true", "", 1, 260 },
		{ "not ", "false", "", 0, 260 },
		/* "- " is 2 bytes: 4 + 2 x 64 = 132; -(-5) ... = 5. */
		{ "- ", "a", "", 1, 132 },
		{ "- ", "5", "", 1, 132 },
		{ "+ ", "a", "", 1, 132 },
		/*
		 * Calls: len(s) = 6, then len("6") = 1 and so on: 1, true.
		 * "len(" is 4 bytes: 260; "upper(" 6: 4 + 6 x 64 = 388.
		 */
		{ "len(", "s", ")", 1, 260 },
		{ "upper(", "s", ")", 1, 388 },
		/* empty(e) holds; a boolean is never empty: false. */
		{ "empty(", "e", ")", 0, 260 + 2 * 64 },
		/* "in" lists inside "in" lists: "a in (" is 6 bytes. */
		{ "a in (", "1", ")", -1, 4 + 6 * 64 + 5 },
		/* Mixed: not, then parentheses, then minus, then len. */
		{ "not (- len(", "s", "))", -1, 0 },
	};
	static char	 text[1200000];
	char		 want[128];
	size_t		 i, n;
	int		 levels;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		/* The mixed kind opens 4 levels a time: 16 are 64. */
		levels = kinds[i].col == 0 ? 16 : 64;
		nest(text, sizeof(text), kinds[i].open, kinds[i].core,
		    kinds[i].close, levels);
		if (!compiles(text))
			fail_msg("64 levels refused: %s: %s", text,
			    sales_err_str(&fx.e));
		if (kinds[i].holds == 1)
			YES(text + 3);
		else if (kinds[i].holds == 0)
			NO(text + 3);
		nest(text, sizeof(text), kinds[i].open, kinds[i].core,
		    kinds[i].close, levels + 1);
		if (kinds[i].col == 0) {
			/* 17 x "not (- len(" : level 65 is the 17th "not". */
			snprintf(want, sizeof(want), "rules.txt:1:%d: "
			    "expression nested too deeply (limit 64)\n",
			    4 + 11 * 16);
		} else
			snprintf(want, sizeof(want), "rules.txt:1:%d: "
			    "expression nested too deeply (limit 64)\n",
			    kinds[i].col);
		if (strstr(error_of(text), want) == NULL)
			fail_msg("65 levels of '%s': got '%s', want '%s'",
			    kinds[i].open, sales_err_str(&fx.e), want);
		assert_int_equal(fx.e.code, SALES_ELIMIT);
		/* 100000 levels fail the same way, without deep recursion. */
		nest(text, sizeof(text), kinds[i].open, kinds[i].core,
		    kinds[i].close, 100000 / (int)strlen(kinds[i].open));
		assert_non_null(strstr(error_of(text), want));
	}

	/*
	 * A chain of k additions nests k levels (((a + 1) + 1) ...): 64
	 * are allowed, 5 + 64 = 69; the 65th '+' is refused, at column 4 +
	 * 1 + 4 x 64 + 1 = 262 (" + 1" is 4 bytes, '+' its second).
	 */
	n = (size_t)snprintf(text, sizeof(text), "t: a");
	for (i = 0; i < 64; i++)
		n += (size_t)snprintf(text + n, sizeof(text) - n, " + 1");
	snprintf(text + n, sizeof(text) - n, " == 69");
	YES(text + 3);
	n = (size_t)snprintf(text, sizeof(text), "t: a");
	for (i = 0; i < 65; i++)
		n += (size_t)snprintf(text + n, sizeof(text) - n, " + 1");
	assert_non_null(strstr(error_of(text), "rules.txt:1:262: "
	    "expression nested too deeply (limit 64)\n"));
	/* 100000 additions stop there too. */
	for (; i < 100000; i++)
		n += (size_t)snprintf(text + n, sizeof(text) - n, " + 1");
	assert_non_null(strstr(error_of(text), "rules.txt:1:262: "
	    "expression nested too deeply (limit 64)\n"));
	/*
	 * Levels add up across kinds: a + 1 is one level, so 63
	 * parentheses around it make 64; 64 make 65, refused at the
	 * outermost parenthesis (column 4), found when it closes.
	 */
	YES(nest(text, sizeof(text), "(", "a + 1", ")", 63) + 3);
	assert_non_null(strstr(error_of(nest(text, sizeof(text), "(",
	    "a + 1", ")", 64)), "rules.txt:1:4: expression nested too "
	    "deeply (limit 64)\n"));
	/* A comparison and "and" add no level: 64 calls under both. */
	nest(text, sizeof(text), "len(", "s", ")", 64);
	strcat(text, " == 1 and true");
	YES(text + 3);
	/* date() folded into a date keeps its level: 63 + 1 = 64. */
	YES(nest(text, sizeof(text), "(", "days(\"2026-01-01\") > 0", ")",
	    63) + 3);
	assert_non_null(strstr(error_of(nest(text, sizeof(text), "(",
	    "date(\"2026-01-01\") < d", ")", 64)),
	    "expression nested too deeply (limit 64)\n"));
	/* "or" chains and "in" lists are flat: 5000 terms are fine. */
	n = (size_t)snprintf(text, sizeof(text), "t: a == 0");
	for (i = 1; i < 5000; i++)
		n += (size_t)snprintf(text + n, sizeof(text) - n,
		    " or a == %zu", i);
	YES(text + 3);			/* a = 5 */
	n = (size_t)snprintf(text, sizeof(text), "t: a in (0");
	for (i = 1; i < 5000; i++)
		n += (size_t)snprintf(text + n, sizeof(text) - n, ", %zu",
		    i + 5);
	snprintf(text + n, sizeof(text) - n, ")");
	NO(text + 3);			/* 0, 6, 7 ... but not 5 */
}

/* Failing allocations give SALES_ENOMEM, never a crash or a leak. */
static void
test_expr_nomem(void **state)
{
	struct sales_rules	*r;
	struct sales_verdict	 v;
	const char		*text = "score +1: lower(s) ~ \"goo\"\n"
	    "score +2: upper(n) in (\"A.B\", \"c\")\n"
	    "hot: score >= 3 and a > 1\n";
	long			 k;
	int			 ok = 0, rv;

	fx.o.explain = 1;
	for (k = 0; k < 60 && !ok; k++) {
		sales_mem_fail_after(k);
		r = NULL;
		rv = sales_rules_new(&r, &fx.o, &fx.e);
		if (rv == 0)
			rv = sales_rules_parse(r, text, strlen(text), "m",
			    &fx.e);
		if (rv == 0)
			rv = sales_rules_bind(r, fx.hdr, NCOLS, &fx.e);
		if (rv == 0)
			rv = sales_rules_eval(r, fx.row, NCOLS, &v, &fx.e);
		sales_mem_fail_after(-1);
		if (rv == 0) {
			ok = 1;
			assert_int_equal(v.score, 3);
			assert_string_equal(sales_rules_name(r, v.segment),
			    "hot");
		} else
			assert_int_equal(fx.e.code, SALES_ENOMEM);
		sales_rules_free(r);
	}
	assert_true(ok);
	assert_true(k > 5);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_expr_arithmetic, setup),
		cmocka_unit_test_setup(test_expr_field_numbers, setup),
		cmocka_unit_test_setup(test_expr_compare, setup),
		cmocka_unit_test_setup(test_expr_empty, setup),
		cmocka_unit_test_setup(test_expr_dates, setup),
		cmocka_unit_test_setup(test_expr_date_format, setup),
		cmocka_unit_test_setup(test_expr_text, setup),
		cmocka_unit_test_setup(test_expr_literal_patterns, setup),
		cmocka_unit_test_setup(test_expr_logic, setup),
		cmocka_unit_test_setup(test_expr_names, setup),
		cmocka_unit_test_setup(test_expr_rules, setup),
		cmocka_unit_test_setup(test_expr_default, setup),
		cmocka_unit_test_setup(test_expr_columns, setup),
		cmocka_unit_test_setup(test_expr_sources, setup),
		cmocka_unit_test_setup(test_expr_load, setup),
		cmocka_unit_test_setup(test_expr_lex_errors, setup),
		cmocka_unit_test_setup(test_expr_parse_errors, setup),
		cmocka_unit_test_setup(test_expr_head_errors, setup),
		cmocka_unit_test_setup(test_expr_bind_errors, setup),
		cmocka_unit_test_setup(test_expr_long_line, setup),
		cmocka_unit_test_setup(test_expr_regex_cost, setup),
		cmocka_unit_test_setup(test_expr_depth, setup),
		cmocka_unit_test_setup(test_expr_nomem, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
