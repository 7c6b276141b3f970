/*
 * test_quotatab.c: quota tables: reading labels or start/end columns,
 * lookups that sum finer periods and refuse straddling ones, nested
 * periods counted once, errors with file, line and column, and the
 * checks for overlaps, gaps and parents that do not sum.
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

#include "libsales/calendar.h"
#include "libsales/cli.h"
#include "libsales/date.h"
#include "libsales/err.h"
#include "libsales/mem.h"
#include "libsales/money.h"
#include "libsales/quotatab.h"
#include "libsales/roles.h"
#include "libsales/table.h"

#define D(y, m, d)	sales_days_from_civil(y, m, d)
#define M(v)		((int64_t)(v) * 10000)

/*
 * Read text as a quota table named "q.csv" with options o (NULL:
 * defaults).  Returns what sales_quotatab_read() returns.
 */
static int
load(struct sales_quotatab **qp, const char *text,
    const struct sales_quotatab_opts *o, struct sales_err *e)
{
	struct sales_quotatab_opts	 def;
	struct sales_table_opts		 t;
	struct sales_reader		*r;
	FILE				*fp;
	int				 rv;

	if (o == NULL) {
		sales_quotatab_opts_init(&def);
		o = &def;
	}
	sales_table_opts_init(&t);
	t.format = strchr(text, '\t') != NULL ? SALES_FMT_TSV : SALES_FMT_CSV;
	fp = fmemopen((void *)text, strlen(text), "r");
	assert_non_null(fp);
	if (sales_reader_fopen(&r, fp, "q.csv", &t, e) == -1) {
		fclose(fp);
		*qp = NULL;
		return -1;
	}
	rv = sales_quotatab_read(qp, r, o, e);
	sales_reader_close(r);
	fclose(fp);
	return rv;
}

/* As load(), which must succeed. */
static struct sales_quotatab *
must_load(const char *text, const struct sales_quotatab_opts *o)
{
	struct sales_quotatab	*q;
	struct sales_err	 e;

	if (load(&q, text, o, &e) == -1)
		fail_msg("load: %s", sales_err_str(&e));
	return q;
}

/* The quota of rep over a..b; the return value of the lookup in *rv. */
static int64_t
get(const struct sales_quotatab *q, const char *rep, long a, long b,
    int *rv, struct sales_err *e)
{
	int64_t	 v = -1;

	*rv = sales_quotatab_get(q, rep, rep ? strlen(rep) : 0, a, b, &v, e);
	return v;
}

static const char monthly[] =
    "rep\tperiod\tstart\tend\tquota\n"
    "Ann\t2026-01\t2026-01-01\t2026-01-31\t100.00\n"
    "Ann\t2026-02\t2026-02-01\t2026-02-28\t200.00\n"
    "Ann\t2026-03\t2026-03-01\t2026-03-31\t300.25\n"
    "Bob\t2026-01\t2026-01-01\t2026-01-31\t10.00\n"
    "Bob\t2026-03\t2026-03-01\t2026-03-31\t30.00\n";

static void
test_quotatab_sum_months(void **state)
{
	struct sales_quotatab	*q = must_load(monthly, NULL);
	struct sales_err	 e;
	int			 rv;

	assert_int_equal(sales_quotatab_count(q), 5);
	assert_int_equal(sales_quotatab_nreps(q), 2);
	assert_string_equal(sales_quotatab_rep(q, 0).s, "Ann");
	assert_int_equal(sales_quotatab_rep(q, 1).len, 3);
	assert_string_equal(sales_quotatab_rep(q, 1).s, "Bob");
	/* Q1: 100 + 200 + 300.25 = 600.25; Bob 10 + 30. */
	assert_int_equal(get(q, "Ann", D(2026, 1, 1), D(2026, 3, 31), &rv,
	    &e), 6002500);
	assert_int_equal(rv, 1);
	assert_int_equal(get(q, "Bob", D(2026, 1, 1), D(2026, 3, 31), &rv,
	    &e), M(40));
	/* All reps: 640.25. */
	assert_int_equal(get(q, NULL, D(2026, 1, 1), D(2026, 3, 31), &rv,
	    &e), 6402500);
	/* One month is itself; Bob has no February row: 0, none. */
	assert_int_equal(get(q, "Ann", D(2026, 2, 1), D(2026, 2, 28), &rv,
	    &e), M(200));
	assert_int_equal(get(q, "Bob", D(2026, 2, 1), D(2026, 2, 28), &rv,
	    &e), 0);
	assert_int_equal(rv, 0);
	/* Unknown rep, span outside: nothing. */
	assert_int_equal(get(q, "Cy", D(2026, 1, 1), D(2026, 3, 31), &rv,
	    &e), 0);
	assert_int_equal(rv, 0);
	assert_int_equal(get(q, "Ann", D(2025, 1, 1), D(2025, 12, 31), &rv,
	    &e), 0);
	assert_int_equal(rv, 0);
	/* ISO week 2026-W05 (01-26..02-01) cuts January and February. */
	get(q, "Ann", D(2026, 1, 26), D(2026, 2, 1), &rv, &e);
	assert_int_equal(rv, -1);
	assert_int_equal(e.code, SALES_EVALUE);
	assert_string_equal(sales_err_str(&e),
	    "q.csv:2: rep 'Ann': quota period '2026-01' "
	    "(2026-01-01..2026-01-31) straddles 2026-01-26..2026-02-01");
	sales_quotatab_free(q);
}

static const char nested[] =
    "rep,period,quota\n"
    "Ann,2026,1000\n"
    "Ann,2026-Q1,250\n"
    "Ann,2026-Q2,250\n"
    "Ann,2026-Q3,250\n"
    "Ann,2026-Q4,250\n"
    "Ann,2026-01,50\n"
    "Ann,2026-02,100\n"
    "Ann,2026-03,100\n";

static void
test_quotatab_nested(void **state)
{
	struct sales_quotatab	*q = must_load(nested, NULL);
	struct sales_err	 e;
	int			 rv;

	/* The year row counts once, not with its quarters and months. */
	assert_int_equal(get(q, "Ann", D(2026, 1, 1), D(2026, 12, 31), &rv,
	    &e), M(1000));
	assert_int_equal(rv, 1);
	/* Q1 is its row, not its months; H1 is Q1 + Q2. */
	assert_int_equal(get(q, "Ann", D(2026, 1, 1), D(2026, 3, 31), &rv,
	    &e), M(250));
	assert_int_equal(get(q, "Ann", D(2026, 1, 1), D(2026, 6, 30), &rv,
	    &e), M(500));
	/* February: the year and Q1 hold it, and the month row covers it. */
	assert_int_equal(get(q, "Ann", D(2026, 2, 1), D(2026, 2, 28), &rv,
	    &e), M(100));
	/* May: Q2 has no month rows, so it straddles May. */
	get(q, "Ann", D(2026, 5, 1), D(2026, 5, 31), &rv, &e);
	assert_int_equal(rv, -1);
	assert_string_equal(sales_err_str(&e),
	    "q.csv:4: rep 'Ann': quota period '2026-Q2' "
	    "(2026-04-01..2026-06-30) straddles 2026-05-01..2026-05-31");
	sales_quotatab_free(q);
}

static void
test_quotatab_year_over_part(void **state)
{
	/* A year row with only its first quarter refined: Q2 straddles. */
	struct sales_quotatab	*q = must_load("rep,period,quota\n"
	    "Ann,2026,1000\nAnn,2026-Q1,250\n", NULL);
	struct sales_err	 e;
	int			 rv;

	assert_int_equal(get(q, "Ann", D(2026, 1, 1), D(2026, 3, 31), &rv,
	    &e), M(250));
	get(q, "Ann", D(2026, 4, 1), D(2026, 6, 30), &rv, &e);
	assert_int_equal(rv, -1);
	assert_string_equal(e.msg, "rep 'Ann': quota period '2026' "
	    "(2026-01-01..2026-12-31) straddles 2026-04-01..2026-06-30");
	assert_int_equal(e.line, 2);
	sales_quotatab_free(q);
}

static void
test_quotatab_cut_weeks(void **state)
{
	/*
	 * Weeks as sm-quota writes plan year 2021: 2020-W53 cut to
	 * 2021-01-01..01-03.  The label alone would run from 2020-12-28.
	 */
	struct sales_quotatab	*q = must_load(
	    "rep\tperiod\tstart\tend\tquota\n"
	    "Ann\t2020-W53\t2021-01-01\t2021-01-03\t1.50\n"
	    "Ann\t2021-W01\t2021-01-04\t2021-01-10\t7.00\n", NULL);
	struct sales_err	 e;
	int			 rv;

	assert_int_equal(get(q, "Ann", D(2021, 1, 1), D(2021, 1, 31), &rv,
	    &e), 85000);
	assert_int_equal(get(q, "Ann", D(2020, 12, 28), D(2021, 1, 3), &rv,
	    &e), 15000);
	assert_int_equal(rv, 1);
	sales_quotatab_free(q);
}

static void
test_quotatab_fiscal_and_map(void **state)
{
	/*
	 * Fiscal labels under fy_start 10; the rep and quota columns under
	 * other names through the roles.
	 */
	struct sales_quotatab_opts o;
	struct sales_calendar	 cal;
	struct sales_roles	 roles;
	struct sales_quotatab	*q;
	struct sales_err	 e;
	int			 rv;

	sales_calendar_init(&cal);
	cal.fy_start = 10;
	sales_roles_init(&roles);
	assert_int_equal(sales_roles_map(&roles, "rep=Agent", &e), 0);
	assert_int_equal(sales_roles_map(&roles, "quota=Target", &e), 0);
	sales_quotatab_opts_init(&o);
	o.cal = &cal;
	o.roles = &roles;
	o.money_flags = SALES_MONEY_DECIMAL_COMMA;
	q = must_load("Agent,period,Target\n"
	    "Ann,FY2016-Q1,\"1.000,50\"\n"
	    "Ann,FY2016-Q2,2000\n", &o);
	/* 2015-10-15 is in FY2016-Q1 (2015-10-01..2015-12-31). */
	assert_int_equal(get(q, "Ann", D(2015, 10, 1), D(2015, 12, 31), &rv,
	    &e), 10005000);
	assert_int_equal(get(q, "Ann", D(2015, 10, 1), D(2016, 3, 31), &rv,
	    &e), 30005000);
	get(q, "Ann", D(2015, 10, 15), D(2015, 10, 15), &rv, &e);
	assert_int_equal(rv, -1);
	sales_quotatab_free(q);
	sales_calendar_release(&cal);
}

/*
 * A quota or period that --map names is read from that column only: a
 * table without it is a usage error naming the role and the column,
 * never read through a column of the default name.  The rep, which the
 * deals name too, falls back to "rep".
 */
static void
test_quotatab_map_absent(void **state)
{
	struct sales_quotatab_opts o;
	struct sales_roles	 roles;
	struct sales_quotatab	*q;
	struct sales_err	 e;
	int			 rv;

	sales_roles_init(&roles);
	assert_int_equal(sales_roles_map(&roles, "quota=Target", &e), 0);
	sales_quotatab_opts_init(&o);
	o.roles = &roles;
	assert_int_equal(load(&q, "rep,period,quota\nAnn,2026-01,5\n", &o,
	    &e), -1);
	assert_null(q);
	assert_int_equal(e.code, SALES_EUSAGE);
	assert_string_equal(sales_err_str(&e), "no column 'Target' for role "
	    "'quota' (columns: rep, period, quota); use --map quota=COLUMN");

	sales_roles_init(&roles);
	assert_int_equal(sales_roles_map(&roles, "period=Label", &e), 0);
	assert_int_equal(load(&q, "rep,period,quota\nAnn,2026-01,5\n", &o,
	    &e), -1);
	assert_string_equal(sales_err_str(&e), "no column 'Label' for role "
	    "'period' (columns: rep, period, quota); use --map "
	    "period=COLUMN");
	/* With start and end the period is only a name, but still mapped. */
	assert_int_equal(load(&q, "rep,start,end,quota\n"
	    "Ann,2026-01-01,2026-01-31,5\n", &o, &e), -1);
	assert_string_equal(sales_err_str(&e), "no column 'Label' for role "
	    "'period' (columns: rep, start, end, quota); use --map "
	    "period=COLUMN");

	/* The rep: the mapped column, else "rep". */
	sales_roles_init(&roles);
	assert_int_equal(sales_roles_map(&roles, "rep=sales_agent", &e), 0);
	q = must_load("rep,period,quota\nAnn,2026-01,5\n", &o);
	assert_int_equal(get(q, "Ann", D(2026, 1, 1), D(2026, 1, 31), &rv,
	    &e), M(5));
	assert_int_equal(rv, 1);
	sales_quotatab_free(q);
	assert_int_equal(load(&q, "owner,period,quota\nAnn,2026-01,5\n", &o,
	    &e), -1);
	assert_string_equal(sales_err_str(&e), "no column 'sales_agent' for "
	    "role 'rep' (columns: owner, period, quota); use --map "
	    "rep=COLUMN");
}

/*
 * A quota below zero is bad data, however it is written; zero is a
 * quota of nothing and stays (a lookup finds it: 1 with 0).
 */
static void
test_quotatab_negative(void **state)
{
	struct sales_quotatab	*q;
	struct sales_err	 e;
	int			 rv;

	assert_int_equal(load(&q, "rep,period,quota\n"
	    "Ann,2026-Q1,5\nBob,2026-Q1,-100\n", NULL, &e), -1);
	assert_null(q);
	assert_int_equal(e.code, SALES_EVALUE);
	assert_int_equal(e.line, 3);
	assert_string_equal(e.column, "quota");
	assert_string_equal(sales_err_str(&e),
	    "q.csv:3: column 'quota': negative quota: '-100'");
	assert_int_equal(load(&q, "rep,period,quota\nAnn,2026-Q1,(12.00)\n",
	    NULL, &e), -1);
	assert_string_equal(sales_err_str(&e),
	    "q.csv:2: column 'quota': negative quota: '(12.00)'");
	assert_int_equal(load(&q, "rep,period,quota\nAnn,2026-Q1,-0.0001\n",
	    NULL, &e), -1);
	assert_string_equal(sales_err_str(&e),
	    "q.csv:2: column 'quota': negative quota: '-0.0001'");
	/* -0.00001 rounds to 0 (half away from zero at the 4th place). */
	q = must_load("rep,period,quota\nAnn,2026-Q1,0\nBob,2026-Q1,-0.00\n"
	    "Cy,2026-Q1,-0.00001\n", NULL);
	assert_int_equal(sales_quotatab_count(q), 3);
	assert_int_equal(get(q, "Ann", D(2026, 1, 1), D(2026, 3, 31), &rv,
	    &e), 0);
	assert_int_equal(rv, 1);
	assert_int_equal(get(q, "Bob", D(2026, 1, 1), D(2026, 3, 31), &rv,
	    &e), 0);
	assert_int_equal(rv, 1);
	assert_int_equal(get(q, "Cy", D(2026, 1, 1), D(2026, 3, 31), &rv,
	    &e), 0);
	assert_int_equal(rv, 1);
	sales_quotatab_free(q);
}

static void
test_quotatab_errors(void **state)
{
	struct sales_quotatab	*q;
	struct sales_err	 e;

	assert_int_equal(load(&q, "rep,period,quota\nAnn,2026-01,12x\n",
	    NULL, &e), -1);
	assert_null(q);
	assert_string_equal(sales_err_str(&e),
	    "q.csv:2: column 'quota': not a money amount: '12x'");
	assert_int_equal(load(&q, "rep,period,quota\nAnn,2026-13,1\n", NULL,
	    &e), -1);
	assert_string_equal(sales_err_str(&e),
	    "q.csv:2: column 'period': not a period: '2026-13'");
	assert_int_equal(load(&q, "rep,period,quota\n,2026-01,1\n", NULL,
	    &e), -1);
	assert_string_equal(sales_err_str(&e),
	    "q.csv:2: column 'rep': no rep");
	assert_int_equal(load(&q, "rep,period,quota\nAnn,,1\n", NULL, &e), -1);
	assert_string_equal(sales_err_str(&e),
	    "q.csv:2: column 'period': no period");
	assert_int_equal(load(&q, "rep,period,quota\nAnn,2026,\n", NULL, &e),
	    -1);
	assert_string_equal(sales_err_str(&e),
	    "q.csv:2: column 'quota': no quota");
	assert_int_equal(load(&q, "rep,start,end,quota\n"
	    "Ann,2026-02-01,2026-01-31,1\n", NULL, &e), -1);
	assert_string_equal(sales_err_str(&e), "q.csv:2: column 'end': "
	    "period ends before it starts: '2026-01-31'");
	assert_int_equal(load(&q, "rep,start,end,quota\n"
	    "Ann,2026-02-30,2026-03-31,1\n", NULL, &e), -1);
	assert_int_equal(e.code, SALES_EVALUE);
	assert_string_equal(e.column, "start");
	assert_int_equal(load(&q, "rep,month,quota\nAnn,2026-01,1\n", NULL,
	    &e), -1);
	assert_int_equal(e.code, SALES_EUSAGE);
	assert_non_null(strstr(e.msg, "no column 'period' for role 'period'"));
	assert_int_equal(load(&q, "rep,period,quota\nAnn,2026-01\n", NULL,
	    &e), -1);
	assert_int_equal(e.code, SALES_EROW);
	/* Overlaps without nesting, and repeats, are refused. */
	assert_int_equal(load(&q, "rep,period,quota\n"
	    "Ann,2026-02,1\nBob,2026-W05,1\nAnn,2026-W05,1\n", NULL, &e), -1);
	assert_string_equal(sales_err_str(&e), "q.csv:4: rep 'Ann': period "
	    "'2026-W05' (2026-01-26..2026-02-01) overlaps '2026-02' (line 2); "
	    "see sm-quota --check");
	assert_int_equal(load(&q, "rep,period,quota\n"
	    "Ann,2026-W05,1\nAnn,2026-02,1\n", NULL, &e), -1);
	assert_string_equal(sales_err_str(&e), "q.csv:3: rep 'Ann': period "
	    "'2026-02' (2026-02-01..2026-02-28) overlaps '2026-W05' (line 2); "
	    "see sm-quota --check");
	assert_int_equal(load(&q, "rep,period,quota\n"
	    "Ann,2026-02,1\nAnn,2026-02,1\n", NULL, &e), -1);
	assert_int_equal(e.line, 3);
}

/* Problems gathered by the check callback. */
struct seen {
	struct sales_quota_problem p[16];
	char	 period[16][24];
	char	 other[16][24];
	int	 n;
	int	 stop_at;		/* fail on this call, -1 never */
};

static int
collect(void *arg, const struct sales_quota_problem *p, struct sales_err *e)
{
	struct seen	*s = arg;

	if (s->n == s->stop_at)
		return sales_err_set(e, SALES_EIO, "stop");
	s->p[s->n] = *p;
	snprintf(s->period[s->n], 24, "%s", p->period);
	snprintf(s->other[s->n], 24, "%s", p->other);
	s->n++;
	return 0;
}

static void
test_quotatab_check(void **state)
{
	/*
	 * Line 2: the year is 1000 but Q1..Q4 sum to 250 + 250 + 250 +
	 * 200 = 950.  Line 6: Q4's months 10 and 12 sum to its 200 but
	 * leave November uncovered.  Line 9: Bob's 2026-01 overlaps his
	 * 2026-W05 (01-26..02-01) of line 8; the later row is told.
	 */
	static const char text[] =
	    "rep,period,quota\n"
	    "Ann,2026,1000\n"
	    "Ann,2026-Q1,250\n"
	    "Ann,2026-Q2,250\n"
	    "Ann,2026-Q3,250\n"
	    "Ann,2026-Q4,200\n"
	    "Ann,2026-10,50\n"
	    "Bob,2026-W05,7\n"
	    "Bob,2026-01,31\n"
	    "Ann,2026-12,150\n";
	struct sales_quotatab_opts o;
	struct sales_quotatab	*q;
	struct sales_err	 e;
	struct seen		 s;

	/* Read strictly it fails; lax it loads. */
	assert_int_equal(load(&q, text, NULL, &e), -1);
	sales_quotatab_opts_init(&o);
	o.flags = SALES_QUOTATAB_LAX;
	q = must_load(text, &o);
	memset(&s, 0, sizeof(s));
	s.stop_at = -1;
	assert_int_equal(sales_quotatab_check(q, collect, &s, &e), 3);
	assert_int_equal(s.n, 3);
	assert_int_equal(s.p[0].kind, SALES_QP_SUM);
	assert_int_equal(s.p[0].line, 2);
	assert_string_equal(s.period[0], "2026");
	assert_int_equal(s.p[0].quota, M(1000));
	assert_int_equal(s.p[0].sum, M(950));
	assert_string_equal(s.p[0].file, "q.csv");
	assert_int_equal(s.p[0].rep.len, 3);
	assert_memory_equal(s.p[0].rep.s, "Ann", 3);
	assert_int_equal(s.p[1].kind, SALES_QP_GAP);
	assert_int_equal(s.p[1].line, 6);
	assert_string_equal(s.period[1], "2026-Q4");
	assert_int_equal(s.p[1].gap_start, D(2026, 11, 1));
	assert_int_equal(s.p[1].gap_end, D(2026, 11, 30));
	assert_int_equal(s.p[2].kind, SALES_QP_OVERLAP);
	assert_int_equal(s.p[2].line, 9);
	assert_string_equal(s.period[2], "2026-01");
	assert_string_equal(s.other[2], "2026-W05");
	assert_int_equal(s.p[2].other_line, 8);
	/* A callback error stops the check. */
	memset(&s, 0, sizeof(s));
	s.stop_at = 1;
	assert_int_equal(sales_quotatab_check(q, collect, &s, &e), -1);
	assert_string_equal(e.msg, "stop");
	sales_quotatab_free(q);
	/* A clean table: nothing. */
	q = must_load(nested, NULL);
	memset(&s, 0, sizeof(s));
	s.stop_at = -1;
	assert_int_equal(sales_quotatab_check(q, collect, &s, &e), 0);
	sales_quotatab_free(q);
}

static void
test_quotatab_check_gap_between(void **state)
{
	/* Bob has January and March: February is a gap before March. */
	struct sales_quotatab_opts o;
	struct sales_quotatab	*q;
	struct sales_err	 e;
	struct seen		 s;

	sales_quotatab_opts_init(&o);
	o.flags = SALES_QUOTATAB_LAX;
	q = must_load(monthly, &o);
	memset(&s, 0, sizeof(s));
	s.stop_at = -1;
	assert_int_equal(sales_quotatab_check(q, collect, &s, &e), 1);
	assert_int_equal(s.p[0].kind, SALES_QP_GAP);
	assert_int_equal(s.p[0].line, 6);
	assert_int_equal(s.p[0].gap_start, D(2026, 2, 1));
	assert_int_equal(s.p[0].gap_end, D(2026, 2, 28));
	assert_int_equal(s.p[0].start, D(2026, 3, 1));
	sales_quotatab_free(q);
}

static void
test_quotatab_open_file(void **state)
{
	/*
	 * From a file, with the program's options: its --no-header is
	 * for the main input, not for the quota file; -m rep=sales_agent
	 * falls back to the file's "rep" column.
	 */
	static const char text[] = "rep;period;quota\nAnn;2026-Q1;10,5\n";
	struct sales_quotatab	*q;
	struct sales_cli	 c;
	struct sales_err	 e;
	char			 path[] = "/tmp/test_quotatabXXXXXX.csv";
	FILE			*fp;
	int			 fd, rv;

	fd = mkstemps(path, 4);
	assert_true(fd != -1);
	fp = fdopen(fd, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
	sales_cli_init(&c, "sm-test");
	c.topts.no_header = 1;
	c.topts.columns = "a,b,c";
	c.topts.delim = ';';
	c.money_flags = SALES_MONEY_DECIMAL_COMMA;
	assert_int_equal(sales_roles_map(&c.roles, "rep=sales_agent", &e), 0);
	rv = sales_quotatab_open(&q, path, &c, &e);
	unlink(path);
	if (rv == -1)
		fail_msg("open: %s", sales_err_str(&e));
	assert_int_equal(get(q, "Ann", D(2026, 1, 1), D(2026, 12, 31), &rv,
	    &e), 105000);
	sales_quotatab_free(q);
	assert_int_equal(sales_quotatab_open(&q, "/nonexistent/q.csv", &c,
	    &e), -1);
	assert_null(q);
	assert_int_equal(e.code, SALES_EIO);
	assert_string_equal(e.file, "/nonexistent/q.csv");
	sales_cli_release(&c);
}

static void
test_quotatab_enomem(void **state)
{
	struct sales_quotatab	*q;
	struct sales_err	 e;
	long			 fail;
	int			 rv;

	for (fail = 0;; fail++) {
		sales_mem_fail_after(fail);
		rv = load(&q, nested, NULL, &e);
		sales_mem_fail_after(-1);
		if (rv == 0)
			break;
		assert_int_equal(e.code, SALES_ENOMEM);
		assert_null(q);
	}
	assert_true(fail > 3);
	sales_quotatab_free(q);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quotatab_sum_months),
		cmocka_unit_test(test_quotatab_nested),
		cmocka_unit_test(test_quotatab_year_over_part),
		cmocka_unit_test(test_quotatab_cut_weeks),
		cmocka_unit_test(test_quotatab_fiscal_and_map),
		cmocka_unit_test(test_quotatab_map_absent),
		cmocka_unit_test(test_quotatab_negative),
		cmocka_unit_test(test_quotatab_errors),
		cmocka_unit_test(test_quotatab_check),
		cmocka_unit_test(test_quotatab_check_gap_between),
		cmocka_unit_test(test_quotatab_open_file),
		cmocka_unit_test(test_quotatab_enomem),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
