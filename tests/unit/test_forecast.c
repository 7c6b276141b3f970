/*
 * test_forecast.c: the period forecast, the Monte Carlo and the time
 * series methods of libsales/forecast.c, on figures worked by hand.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "libsales/calendar.h"
#include "libsales/date.h"
#include "libsales/deal.h"
#include "libsales/forecast.h"
#include "libsales/mem.h"
#include "libsales/money.h"

#define U	10000		/* ten-thousandths in one unit */
#define P	10000		/* millionths in one percent */

static void
add(struct sales_fc *f, int status, int cat, int64_t amount, int64_t prob)
{
	struct sales_err	 e;

	assert_int_equal(sales_fc_add(f, status, cat, &amount, prob, 0, &e),
	    0);
}

static void
test_place(void **state)
{
	long	 s = sales_days_from_civil(2026, 1, 1);
	long	 end = sales_days_from_civil(2026, 3, 31);
	long	 asof = sales_days_from_civil(2026, 2, 13);

	(void)state;
	/* Won: in the period or not, whatever as_of says. */
	assert_int_equal(sales_fc_place(SALES_WON, 1, s, s, end, asof),
	    SALES_FC_IN);
	assert_int_equal(sales_fc_place(SALES_WON, 1, end, s, end, asof),
	    SALES_FC_IN);
	assert_int_equal(sales_fc_place(SALES_WON, 1, s - 1, s, end, asof),
	    SALES_FC_OUT);
	assert_int_equal(sales_fc_place(SALES_WON, 1, end + 1, s, end, asof),
	    SALES_FC_OUT);
	assert_int_equal(sales_fc_place(SALES_WON, 0, 0, s, end, asof),
	    SALES_FC_OUT);
	/* Lost: nowhere. */
	assert_int_equal(sales_fc_place(SALES_LOST, 1, asof, s, end, asof),
	    SALES_FC_OUT);
	/* Open: slipped before as_of, even from an earlier period. */
	assert_int_equal(sales_fc_place(SALES_OPEN, 1, s - 40, s, end, asof),
	    SALES_FC_SLIPPED);
	assert_int_equal(sales_fc_place(SALES_OPEN, 1, asof - 1, s, end, asof),
	    SALES_FC_SLIPPED);
	assert_int_equal(sales_fc_place(SALES_OPEN, 1, asof, s, end, asof),
	    SALES_FC_IN);
	assert_int_equal(sales_fc_place(SALES_OPEN, 1, end, s, end, asof),
	    SALES_FC_IN);
	assert_int_equal(sales_fc_place(SALES_OPEN, 1, end + 1, s, end, asof),
	    SALES_FC_OUT);
	assert_int_equal(sales_fc_place(SALES_OPEN, 0, 0, s, end, asof),
	    SALES_FC_IN);
}

/*
 * The issue's deals: D1 Proposal open 10000 p 0.5, D2 Negotiation open
 * 20000 p 0.8, D3 won 50000, D4 lost 40000.
 * pipeline = 10000 + 20000 = 30000
 * weighted = 10000 x 0.5 + 20000 x 0.8 = 5000 + 16000 = 21000
 * closed_won = 50000; win rate = 1 won / (1 won + 1 lost) = 50%
 * forecast = 50000 + 21000 = 71000.
 */
static void
test_issue_deals(void **state)
{
	struct sales_fc		 f;
	struct sales_fc_figures	 r;
	struct sales_err	 e;

	(void)state;
	sales_fc_init(&f);
	add(&f, SALES_OPEN, SALES_CAT_NONE, 10000 * U, 50 * P);
	add(&f, SALES_OPEN, SALES_CAT_NONE, 20000 * U, 80 * P);
	add(&f, SALES_WON, SALES_CAT_NONE, 50000 * U, 0);
	add(&f, SALES_LOST, SALES_CAT_NONE, 40000 * U, 0);
	assert_int_equal(f.pipeline, 30000 * U);
	assert_int_equal(f.weighted, 21000 * U);
	assert_int_equal(f.closed_won, 50000 * U);
	assert_int_equal(f.nwon, 1);
	assert_int_equal(f.nlost, 1);
	assert_int_equal(f.nopen, 2);
	assert_int_equal(sales_fc_figures(&f, NULL, 0, 0, 0, &r, &e), 0);
	assert_int_equal(r.have, SALES_FCF_CLOSED_WON | SALES_FCF_PIPELINE |
	    SALES_FCF_WEIGHTED | SALES_FCF_FORECAST);
	assert_int_equal(r.forecast, 71000 * U);
}

/*
 * Quota 90,000 for 2026-Q1, as of 2026-02-13.  Business days of 2026-Q1:
 * January 22 (Thu 1st .. Fri 30th: 1-2, 5-9, 12-16, 19-23, 26-30),
 * February 20, March 22 (2-6, 9-13, 16-20, 23-27, 30-31): 64.  Through
 * Friday 2026-02-13: January 22 + February 2-6 and 9-13 = 32.
 * pace = 90000 x 32 / 64 = 45000.00; closed_won 40000 < 45000: behind.
 * gap = 90000 - (40000 + 0) = 50000; coverage = pipeline 0 / 50000 = 0.
 */
static void
test_pace(void **state)
{
	struct sales_calendar	 cal;
	struct sales_fc		 f;
	struct sales_fc_figures	 r;
	struct sales_err	 e;
	int64_t			 quota = 90000 * U;
	long			 s, end, asof, elapsed, total;

	(void)state;
	sales_calendar_init(&cal);
	s = sales_days_from_civil(2026, 1, 1);
	end = sales_days_from_civil(2026, 3, 31);
	asof = sales_days_from_civil(2026, 2, 13);
	total = sales_business_days(&cal, s, end);
	elapsed = sales_business_days(&cal, s, asof);
	assert_int_equal(total, 64);
	assert_int_equal(elapsed, 32);
	sales_calendar_release(&cal);

	sales_fc_init(&f);
	add(&f, SALES_WON, SALES_CAT_NONE, 40000 * U, 0);
	assert_int_equal(sales_fc_figures(&f, &quota, 32, 64, 0, &r, &e), 0);
	assert_int_equal(r.pace, 45000 * U);
	assert_true(r.have & SALES_FCF_STATUS);
	assert_int_equal(r.behind, 1);
	assert_int_equal(r.gap, 50000 * U);
	assert_true(r.have & SALES_FCF_COVERAGE);
	assert_int_equal(r.cov_num, 0);
	assert_int_equal(r.cov_den, 50000 * U);

	/* 45,000 won is on pace exactly: on-track. */
	add(&f, SALES_WON, SALES_CAT_NONE, 5000 * U, 0);
	assert_int_equal(sales_fc_figures(&f, &quota, 32, 64, 0, &r, &e), 0);
	assert_int_equal(r.behind, 0);

	/* Half away from zero: 1.0001 x 1 / 2 = 0.50005 -> 0.5001. */
	quota = 10001;
	assert_int_equal(sales_fc_figures(&f, &quota, 1, 2, 0, &r, &e), 0);
	assert_int_equal(r.pace, 5001);
	/* No business day in the period: the whole quota is due. */
	assert_int_equal(sales_fc_figures(&f, &quota, 0, 0, 0, &r, &e), 0);
	assert_int_equal(r.pace, 10001);
}

/* An omitted deal counts in no column, won or open. */
static void
test_omitted(void **state)
{
	struct sales_fc		 f, g;

	(void)state;
	sales_fc_init(&f);
	add(&f, SALES_OPEN, SALES_CAT_COMMIT, 500 * U, 90 * P);
	g = f;
	add(&f, SALES_OPEN, SALES_CAT_OMITTED, 7000 * U, 90 * P);
	add(&f, SALES_WON, SALES_CAT_OMITTED, 3000 * U, 0);
	assert_int_equal(f.nomitted, 2);
	f.nomitted = 0;
	assert_memory_equal(&f, &g, sizeof(f));
}

/*
 * Categories: commit and best case hold the open amount in exactly that
 * category; pipeline and closed categories count in neither.
 * commit = 100 + 300 = 400; best_case = 50; pipeline = 100 + 300 + 50 +
 * 25 + 10 = 485; weighted = 100 x .9 + 300 x .9 + 50 x .5 + 25 x .1 +
 * 10 x .2 = 90 + 270 + 25 + 2.5 + 2 = 389.5.
 */
static void
test_categories(void **state)
{
	struct sales_fc		 f;
	struct sales_fc_figures	 r;
	struct sales_err	 e;

	(void)state;
	sales_fc_init(&f);
	add(&f, SALES_OPEN, SALES_CAT_COMMIT, 100 * U, 90 * P);
	add(&f, SALES_OPEN, SALES_CAT_COMMIT, 300 * U, 90 * P);
	add(&f, SALES_OPEN, SALES_CAT_BEST_CASE, 50 * U, 50 * P);
	add(&f, SALES_OPEN, SALES_CAT_PIPELINE, 25 * U, 10 * P);
	add(&f, SALES_OPEN, SALES_CAT_CLOSED, 10 * U, 20 * P);
	assert_int_equal(sales_fc_figures(&f, NULL, 0, 0, 1, &r, &e), 0);
	assert_int_equal(r.commit, 400 * U);
	assert_int_equal(r.best_case, 50 * U);
	assert_int_equal(r.pipeline, 485 * U);
	assert_int_equal(r.weighted, 3895 * U / 10);
	assert_true(r.have & SALES_FCF_COMMIT);
	assert_true(r.have & SALES_FCF_BEST_CASE);
	/* Without a category column they are unknown. */
	assert_int_equal(sales_fc_figures(&f, NULL, 0, 0, 0, &r, &e), 0);
	assert_false(r.have & (SALES_FCF_COMMIT | SALES_FCF_BEST_CASE));
	/* Weighting rounds half away from zero: 0.0001 x 0.5 -> 0.0001. */
	sales_fc_init(&f);
	add(&f, SALES_OPEN, SALES_CAT_NONE, 1, 50 * P);
	assert_int_equal(f.weighted, 1);
}

/*
 * SPEC 3: a sum over no deals is 0, a sum whose deals all lack an
 * amount is unknown, and forecast, gap and coverage follow.
 */
static void
test_unknown(void **state)
{
	struct sales_fc		 f;
	struct sales_fc_figures	 r;
	struct sales_err	 e;
	int64_t			 quota = 1000 * U, a = 200 * U;

	(void)state;
	sales_fc_init(&f);
	assert_int_equal(sales_fc_figures(&f, &quota, 5, 10, 1, &r, &e), 0);
	assert_int_equal(r.have, SALES_FCF_QUOTA | SALES_FCF_CLOSED_WON |
	    SALES_FCF_PIPELINE | SALES_FCF_WEIGHTED | SALES_FCF_COMMIT |
	    SALES_FCF_BEST_CASE | SALES_FCF_FORECAST | SALES_FCF_PACE |
	    SALES_FCF_GAP | SALES_FCF_COVERAGE | SALES_FCF_STATUS);
	assert_int_equal(r.closed_won, 0);
	assert_int_equal(r.pace, 500 * U);
	assert_int_equal(r.behind, 1);

	/* Open deals without an amount: counted, no value. */
	assert_int_equal(sales_fc_add(&f, SALES_OPEN, SALES_CAT_COMMIT, NULL,
	    40 * P, 1, &e), 0);
	assert_int_equal(sales_fc_add(&f, SALES_OPEN, SALES_CAT_NONE, NULL,
	    40 * P, 0, &e), 0);
	assert_int_equal(f.nopen, 2);
	assert_int_equal(f.vopen, 0);
	assert_int_equal(f.nslipped, 1);
	assert_int_equal(sales_fc_figures(&f, &quota, 5, 10, 1, &r, &e), 0);
	assert_false(r.have & (SALES_FCF_PIPELINE | SALES_FCF_WEIGHTED |
	    SALES_FCF_FORECAST | SALES_FCF_GAP | SALES_FCF_COVERAGE |
	    SALES_FCF_COMMIT));
	assert_true(r.have & SALES_FCF_BEST_CASE);	/* no best case deal */
	assert_true(r.have & SALES_FCF_STATUS);

	/* One open deal with an amount makes the sums known again. */
	assert_int_equal(sales_fc_add(&f, SALES_OPEN, SALES_CAT_NONE, &a,
	    50 * P, 0, &e), 0);
	assert_int_equal(sales_fc_figures(&f, &quota, 5, 10, 1, &r, &e), 0);
	assert_true(r.have & SALES_FCF_FORECAST);
	assert_int_equal(r.forecast, 100 * U);
	assert_int_equal(r.gap, 900 * U);
	assert_int_equal(r.cov_num, 200 * U);
	assert_int_equal(r.cov_den, 1000 * U);

	/* Won deals all without an amount: closed_won and status unknown. */
	sales_fc_init(&f);
	assert_int_equal(sales_fc_add(&f, SALES_WON, SALES_CAT_NONE, NULL, 0,
	    0, &e), 0);
	assert_int_equal(sales_fc_figures(&f, &quota, 5, 10, 1, &r, &e), 0);
	assert_false(r.have & (SALES_FCF_CLOSED_WON | SALES_FCF_FORECAST |
	    SALES_FCF_STATUS | SALES_FCF_COVERAGE));
	assert_true(r.have & SALES_FCF_PACE);

	/* Quota met: nothing left to cover, coverage unknown. */
	sales_fc_init(&f);
	add(&f, SALES_WON, SALES_CAT_NONE, 1000 * U, 0);
	add(&f, SALES_OPEN, SALES_CAT_NONE, 10 * U, 50 * P);
	assert_int_equal(sales_fc_figures(&f, &quota, 5, 10, 1, &r, &e), 0);
	assert_false(r.have & SALES_FCF_COVERAGE);
	assert_int_equal(r.behind, 0);
	assert_int_equal(r.gap, -5 * U);
}

static void
test_overflow(void **state)
{
	struct sales_fc		 f, g;
	struct sales_err	 e;
	int64_t			 big = INT64_MAX - 5;

	(void)state;
	sales_fc_init(&f);
	add(&f, SALES_WON, SALES_CAT_NONE, big, 0);
	g = f;
	assert_int_equal(sales_fc_add(&f, SALES_WON, SALES_CAT_NONE, &big, 0,
	    0, &e), -1);
	assert_int_equal(e.code, SALES_EVALUE);
	assert_string_equal(e.msg, "sum out of range");
	assert_memory_equal(&f, &g, sizeof(f));
}

/*
 * Published test vectors: splitmix64 from seed 0 (Vigna's
 * splitmix64.c) and xoshiro256** from the state 1, 2, 3, 4 (the
 * rand_xoshiro crate's tests).
 */
static void
test_rng(void **state)
{
	static const uint64_t sm[] = {
		UINT64_C(0xe220a8397b1dcdaf), UINT64_C(0x6e789e6aa1b965f4),
		UINT64_C(0x06c45d188009454f)
	};
	static const uint64_t xo[] = {
		UINT64_C(11520), UINT64_C(0), UINT64_C(1509978240),
		UINT64_C(1215971899390074240), UINT64_C(1216172134540287360),
		UINT64_C(607988272756665600), UINT64_C(16172922978634559625),
		UINT64_C(8476171486693032832), UINT64_C(10595114339597558777),
		UINT64_C(2904607092377533576)
	};
	struct sales_rng	 r = { { 1, 2, 3, 4 } };
	int			 i;

	(void)state;
	for (i = 0; i < 3; i++)
		assert_true(sales_splitmix64(0, (uint64_t)i) == sm[i]);
	for (i = 0; i < 10; i++)
		assert_true(sales_rng_next(&r) == xo[i]);
	/* Stream 1 of seed 0 starts at splitmix64 output 4. */
	sales_rng_seed(&r, 0, 1);
	assert_true(r.s[0] == sales_splitmix64(0, 4));
	assert_true(r.s[3] == sales_splitmix64(0, 7));
}

/*
 * The trial totals as forecast.h documents them, computed here without
 * the library's simulation: stream t, 32-bit halves high first, win
 * when the half is below round(p x 2^32 / 10^6).
 */
static int64_t
trial_ref(const int64_t *a, const int64_t *p, size_t n, int64_t base,
    uint64_t seed, uint64_t t)
{
	struct sales_rng	 r;
	uint64_t		 x = 0, thr;
	uint32_t		 u;
	int64_t			 s = base;
	size_t			 i, k = 0;

	sales_rng_seed(&r, seed, t);
	for (i = 0; i < n; i++) {
		if (p[i] <= 0 || a[i] == 0)
			continue;
		if (p[i] >= SALES_PROB_SCALE) {
			s += a[i];
			continue;
		}
		if (k % 2 == 0) {
			x = sales_rng_next(&r);
			u = (uint32_t)(x >> 32);
		} else
			u = (uint32_t)x;
		k++;
		thr = (((uint64_t)p[i] << 32) + 500000) / 1000000;
		if (u < thr)
			s += a[i];
	}
	return s;
}

static int
cmp64(const void *x, const void *y)
{
	int64_t	 a = *(const int64_t *)x, b = *(const int64_t *)y;

	return (a > b) - (a < b);
}

/* Build a simulation over deals a[], p[] with base. */
static struct sales_mc *
mc_make(const int64_t *a, const int64_t *p, size_t n, int64_t base)
{
	struct sales_mc		*m;
	struct sales_err	 e;
	size_t			 i;

	assert_int_equal(sales_mc_new(&m, base, &e), 0);
	for (i = 0; i < n; i++)
		assert_int_equal(sales_mc_add(m, a[i], p[i], &e), 0);
	return m;
}

/*
 * The simulated totals against the exact mean and variance.  Twenty
 * deals; exact mean = base + sum a p = closed_won + weighted, variance
 * sigma^2 = sum a^2 p (1 - p).  Over N trials the sample mean has
 * standard error sigma / sqrt(N) and the sample variance (for large N)
 * sqrt((mu4 - sigma^4) / N), with the fourth central moment of a sum of
 * independent terms mu4 = sum m4_i + 3 ((sum v_i)^2 - sum v_i^2), where
 * for a x Bernoulli(p) v = a^2 p q and m4 = a^4 p q (1 - 3 p q).  Both
 * must fall within 4 standard errors: a correct simulation misses by
 * that much with probability about 6e-5, a wrong probability rule (say
 * p read as a percent, or one deal left out) misses by far more.
 */
static void
test_mc_moments(void **state)
{
	int64_t			 a[20], p[20];
	struct sales_mc		*m;
	struct sales_mc_result	 r;
	struct sales_err	 e;
	double			 mean = 0, var = 0, m4 = 0, v2 = 0, q, v;
	double			 emean, evar, ntr = 20000;
	int64_t			 base = 50000 * U;
	int			 i;

	(void)state;
	for (i = 0; i < 20; i++) {
		a[i] = (int64_t)(1000 + 937 * i) * U;
		p[i] = (int64_t)(5 + 4 * i) * P;	/* 5% .. 81% */
	}
	m = mc_make(a, p, 20, base);
	assert_int_equal(sales_mc_count(m), 20);
	for (i = 0; i < 20; i++) {
		q = (double)p[i] / 1e6;
		mean += (double)a[i] * q;
		v = (double)a[i] * (double)a[i] * q * (1 - q);
		var += v;
		v2 += v * v;
		m4 += v * (double)a[i] * (double)a[i] * (1 - 3 * q * (1 - q));
	}
	mean += (double)base;
	m4 += 3 * (var * var - v2);
	sales_mc_exact(m, &emean, &evar);
	assert_true(fabs(emean - mean) < 1e-6 * mean);
	assert_true(fabs(evar - var) < 1e-6 * var);

	assert_int_equal(sales_mc_run(m, (unsigned long)ntr, 42, 2, &r, &e),
	    0);
	assert_true(fabs(r.mean - mean) < 4 * sqrt(var / ntr));
	assert_true(fabs(r.var - var) < 4 * sqrt((m4 - var * var) / ntr));
	assert_true(r.p10 <= r.p50 && r.p50 <= r.p90);
	assert_true(r.p10 >= base);
	sales_mc_free(m);
}

/*
 * The quantiles against the documented rule, worked without the
 * library's simulation; the same for 1, 2 and 3 threads; and through
 * the narrowing passes (more trials than are kept at once).
 */
static void
test_mc_rule(void **state)
{
	int64_t			 a[7] = { 120 * U, 75 * U, 3000 * U, 40 * U,
				    990 * U, 5 * U, 610 * U };
	int64_t			 p[7] = { 10 * P, 50 * P, 100 * P, 0,
				    33 * P, 99 * P, 72 * P };
	unsigned long		 ntr[3] = { 1, 1000, 200001 };
	int			 pct[3] = { 10, 50, 90 };
	int64_t			*tot, want[3];
	struct sales_mc		*m;
	struct sales_mc_result	 r, r2;
	struct sales_err	 e;
	unsigned long		 t, k;
	int			 i, j, th;

	(void)state;
	m = mc_make(a, p, 7, 7 * U);
	/* 3000 wins for sure, 40 never: 5 uncertain deals. */
	assert_int_equal(sales_mc_count(m), 5);
	for (i = 0; i < 3; i++) {
		tot = malloc(ntr[i] * sizeof(*tot));
		assert_non_null(tot);
		for (t = 0; t < ntr[i]; t++)
			tot[t] = trial_ref(a, p, 7, 7 * U, 12345, t);
		qsort(tot, ntr[i], sizeof(*tot), cmp64);
		for (j = 0; j < 3; j++) {
			k = (ntr[i] * (unsigned long)pct[j] + 99) / 100;
			want[j] = tot[(k ? k : 1) - 1];
		}
		for (th = 1; th <= 3; th++) {
			assert_int_equal(sales_mc_run(m, ntr[i], 12345, th,
			    &r, &e), 0);
			assert_int_equal(r.p10, want[0]);
			assert_int_equal(r.p50, want[1]);
			assert_int_equal(r.p90, want[2]);
			if (th == 1)
				r2 = r;
			assert_true(r.mean == r2.mean && r.var == r2.var);
		}
		free(tot);
	}
	/* Another seed gives other totals. */
	assert_int_equal(sales_mc_run(m, 1000, 12346, 1, &r2, &e), 0);
	assert_int_equal(sales_mc_run(m, 1000, 12345, 1, &r, &e), 0);
	assert_true(r.mean != r2.mean);
	assert_int_equal(sales_mc_run(m, 0, 1, 1, &r, &e), -1);
	assert_int_equal(e.code, SALES_EUSAGE);
	sales_mc_free(m);
}

/*
 * By hand: one deal of 100 at 30% over 1000 trials: about 700 totals
 * of 0 (binomial, sd 14.5), the rest 100.  Ranks 100 and 500 fall in
 * the zeros, rank 900 in the hundreds.  All sure: every quantile is
 * the total.
 */
static void
test_mc_hand(void **state)
{
	int64_t			 a[2] = { 100 * U, 250 * U };
	int64_t			 p[2] = { 30 * P, 100 * P };
	struct sales_mc		*m;
	struct sales_mc_result	 r;
	struct sales_err	 e;

	(void)state;
	m = mc_make(a, p, 1, 0);
	assert_int_equal(sales_mc_run(m, 1000, 7, 2, &r, &e), 0);
	assert_int_equal(r.p10, 0);
	assert_int_equal(r.p50, 0);
	assert_int_equal(r.p90, 100 * U);
	sales_mc_free(m);

	m = mc_make(a + 1, p + 1, 1, 10 * U);
	assert_int_equal(sales_mc_run(m, 70000, 7, 2, &r, &e), 0);
	assert_int_equal(r.p10, 260 * U);
	assert_int_equal(r.p90, 260 * U);
	assert_true(r.var == 0 && r.mean == 260.0 * U);
	sales_mc_free(m);

	/* Overflow of the largest total is refused. */
	assert_int_equal(sales_mc_new(&m, INT64_MAX - 10, &e), 0);
	assert_int_equal(sales_mc_add(m, 20, 50 * P, &e), -1);
	assert_int_equal(e.code, SALES_EVALUE);
	sales_mc_free(m);
	sales_mc_free(NULL);
}

static void
test_mc_nomem(void **state)
{
	int64_t			 a[3] = { 1, 2, 3 }, p[3] = { P, P, P };
	struct sales_mc		*m;
	struct sales_mc_result	 r;
	struct sales_err	 e;

	(void)state;
	sales_mem_fail_after(0);
	assert_int_equal(sales_mc_new(&m, 0, &e), -1);
	assert_int_equal(e.code, SALES_ENOMEM);
	sales_mem_fail_after(-1);
	m = mc_make(a, p, 3, 0);
	sales_mem_fail_after(0);
	assert_int_equal(sales_mc_run(m, 10, 1, 1, &r, &e), -1);
	assert_int_equal(e.code, SALES_ENOMEM);
	assert_int_equal(sales_mc_run(m, 100000, 1, 1, &r, &e), -1);
	sales_mem_fail_after(-1);
	sales_mc_free(m);
}

#define NEAR(x, y)	assert_true(fabs((x) - (y)) < 1e-4)

/*
 * y = 10 12 11 15.
 * naive: forecast 15; residuals 2 -1 4, SSE 21, sigma = sqrt(21 / 3) =
 * 2.645751; h = 1: 15 -/+ 1.281552 x 2.645751 = 15 -/+ 3.390674; h = 4:
 * sigma_h = 2 sigma, 15 -/+ 6.781348.
 * mean: 12; SSE 4 + 0 + 1 + 9 = 14, sigma = sqrt(14 / 3) = 2.160247,
 * sigma_h = sigma sqrt(1 + 1/4) = 2.415229; 12 -/+ 3.095242.
 */
static void
test_ts_naive_mean(void **state)
{
	double			 y[4] = { 10, 12, 11, 15 }, f, lo, hi;
	struct sales_ts_model	 m;
	struct sales_err	 e;

	(void)state;
	assert_int_equal(sales_ts_fit(SALES_TS_NAIVE, y, 4, &m, &e), 0);
	assert_true(m.has_sigma);
	NEAR(m.sigma, 2.645751);
	sales_ts_forecast(&m, 1, &f, &lo, &hi);
	NEAR(f, 15);
	NEAR(lo, 15 - 3.390674);
	NEAR(hi, 15 + 3.390674);
	sales_ts_forecast(&m, 4, &f, &lo, &hi);
	NEAR(lo, 15 - 6.781348);

	assert_int_equal(sales_ts_fit(SALES_TS_MEAN, y, 4, &m, &e), 0);
	sales_ts_forecast(&m, 3, &f, &lo, &hi);
	NEAR(f, 12);
	NEAR(hi, 12 + 3.095242);

	/* One value: a forecast, no bounds. */
	assert_int_equal(sales_ts_fit(SALES_TS_MEAN, y, 1, &m, &e), 0);
	assert_false(m.has_sigma);
	lo = hi = -1;
	sales_ts_forecast(&m, 1, &f, &lo, &hi);
	NEAR(f, 10);
	assert_true(lo == -1 && hi == -1);
	assert_int_equal(sales_ts_fit(SALES_TS_NAIVE, y, 0, &m, &e), -1);
	assert_string_equal(e.msg, "no values");
}

/* Holt's SSE over the errors of t >= 2, written out again. */
static double
holt_sse_ref(const double *y, size_t n, double a, double b, double *l,
    double *tr)
{
	double	 lv = y[0], bt = y[1] - y[0], sse = 0, f, nl;
	size_t	 t;

	for (t = 1; t < n; t++) {
		f = lv + bt;
		if (t > 1)
			sse += (y[t] - f) * (y[t] - f);
		nl = a * y[t] + (1 - a) * f;
		bt = b * (nl - lv) + (1 - b) * bt;
		lv = nl;
	}
	*l = lv;
	*tr = bt;
	return sse;
}

static void
test_ts_holt(void **state)
{
	double	 line[6] = { 1, 2, 3, 4, 5, 6 };
	double	 y[12] = { 30, 34, 33, 40, 41, 47, 45, 52, 55, 54, 61, 63 };
	double	 f, lo, hi, l, tr, sse;
	struct sales_ts_model	 m;
	struct sales_err	 e;
	int	 ka, kb;

	(void)state;
	/* A straight line: every (a, b*) fits it; the first is (0, 0). */
	assert_int_equal(sales_ts_fit(SALES_TS_HOLT, line, 6, &m, &e), 0);
	assert_true(m.alpha == 0 && m.beta == 0 && m.sse == 0);
	sales_ts_forecast(&m, 3, &f, &lo, &hi);
	NEAR(f, 9);
	NEAR(lo, 9);

	/* The fit is no worse than any point of the coarse grid. */
	assert_int_equal(sales_ts_fit(SALES_TS_HOLT, y, 12, &m, &e), 0);
	sse = holt_sse_ref(y, 12, m.alpha, m.beta, &l, &tr);
	assert_true(sse == m.sse);
	assert_true(l == m.level && tr == m.trend);
	for (ka = 0; ka <= 20; ka++)
		for (kb = 0; kb <= 20; kb++)
			assert_true(m.sse <= holt_sse_ref(y, 12, ka / 20.0,
			    kb / 20.0, &l, &tr));
	assert_true(m.has_sigma);
	NEAR(m.sigma, sqrt(m.sse / 8));
	sales_ts_forecast(&m, 2, &f, &lo, &hi);
	NEAR(f, m.level + 2 * m.trend);

	/*
	 * The bounds by hand: a = 0.5, b* = 0.2, B = 0.1, sigma 10, h = 2:
	 * 1 + 1 x (0.25 + 0.5 x 0.1 x 2 + 0.01 x 2 x 3 / 6) = 1.36;
	 * sigma_h = 10 sqrt(1.36) = 11.661904; 110 -/+ 14.945331.
	 */
	memset(&m, 0, sizeof(m));
	m.method = SALES_TS_HOLT;
	m.n = 10;
	m.level = 100;
	m.trend = 5;
	m.alpha = 0.5;
	m.beta = 0.2;
	m.sigma = 10;
	m.has_sigma = 1;
	sales_ts_forecast(&m, 2, &f, &lo, &hi);
	NEAR(f, 110);
	NEAR(lo, 110 - 14.945331);
	NEAR(hi, 110 + 14.945331);

	/* Too short. */
	assert_int_equal(sales_ts_fit(SALES_TS_HOLT, y, 2, &m, &e), -1);
	assert_string_equal(e.msg, "holt needs at least 3 periods");
	/* Four values: a fit, but n - 4 = 0 leaves no bounds. */
	assert_int_equal(sales_ts_fit(SALES_TS_HOLT, y, 4, &m, &e), 0);
	assert_false(m.has_sigma);
}

/*
 * Backtest on y = 10 12 11 15 (k = 2, and 3 for holt):
 * naive: y2 from 12: |11 - 12| = 1; y3 from 11: 4.  MAE 2.5, MAPE
 *   (1/11 + 4/15) / 2 = 0.178788.
 * mean: y2 from 11: 0; y3 from 11: 4.  MAE 2, MAPE (0 + 4/15) / 2 =
 *   0.133333.
 * holt: only y3 has 3 values before it.  Fit 10 12 11: l = 10, b = 2;
 *   t = 1: forecast 12, e = 0, l = 12, b = 2 whatever a, b*; t = 2:
 *   forecast 14, e = -3 whatever a, b*: SSE 9 everywhere, so (0, 0):
 *   l = 14, b = 2, forecast 16, |15 - 16| = 1: MAE 1, MAPE 1/15.
 */
static void
test_ts_backtest(void **state)
{
	double			 y[4] = { 10, 12, 11, 15 };
	double			 z[4] = { 5, 0, 5, 10 };
	struct sales_ts_score	 s;
	struct sales_err	 e;

	(void)state;
	assert_int_equal(sales_ts_backtest(SALES_TS_NAIVE, y, 4, 2, &s, &e), 0);
	assert_int_equal(s.n, 2);
	NEAR(s.mae, 2.5);
	NEAR(s.mape, 0.178788);
	assert_int_equal(sales_ts_backtest(SALES_TS_MEAN, y, 4, 2, &s, &e), 0);
	NEAR(s.mae, 2);
	NEAR(s.mape, 0.133333);
	assert_int_equal(sales_ts_backtest(SALES_TS_HOLT, y, 4, 3, &s, &e), 0);
	assert_int_equal(s.n, 1);
	NEAR(s.mae, 1);
	NEAR(s.mape, 1.0 / 15);
	/*
	 * Zero actuals have no percentage error: naive over 5 0 5 10,
	 * k = 9 capped at 3: errors 5, 5, 5; MAPE over 5/5 and 5/10.
	 */
	assert_int_equal(sales_ts_backtest(SALES_TS_NAIVE, z, 4, 9, &s, &e), 0);
	assert_int_equal(s.n, 3);
	assert_int_equal(s.napes, 2);
	NEAR(s.mae, 5);
	NEAR(s.mape, 0.75);
	/* Nothing to score. */
	assert_int_equal(sales_ts_backtest(SALES_TS_HOLT, y, 3, 1, &s, &e), 0);
	assert_int_equal(s.n, 0);
}

static void
test_ts_names(void **state)
{
	int64_t	 v;

	(void)state;
	assert_int_equal(sales_ts_method_parse("holt"), SALES_TS_HOLT);
	assert_int_equal(sales_ts_method_parse("naive"), SALES_TS_NAIVE);
	assert_int_equal(sales_ts_method_parse("mean"), SALES_TS_MEAN);
	assert_int_equal(sales_ts_method_parse("Holt"), -1);
	assert_string_equal(sales_ts_method_name(SALES_TS_MEAN), "mean");
	assert_int_equal(sales_ts_money(2.5, &v), 0);
	assert_int_equal(v, 3);
	assert_int_equal(sales_ts_money(-2.5, &v), 0);
	assert_int_equal(v, -3);
	assert_int_equal(sales_ts_money(1e30, &v), -1);
	assert_int_equal(sales_ts_money(NAN, &v), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_place),
		cmocka_unit_test(test_issue_deals),
		cmocka_unit_test(test_pace),
		cmocka_unit_test(test_omitted),
		cmocka_unit_test(test_categories),
		cmocka_unit_test(test_unknown),
		cmocka_unit_test(test_overflow),
		cmocka_unit_test(test_rng),
		cmocka_unit_test(test_mc_moments),
		cmocka_unit_test(test_mc_rule),
		cmocka_unit_test(test_mc_hand),
		cmocka_unit_test(test_mc_nomem),
		cmocka_unit_test(test_ts_naive_mean),
		cmocka_unit_test(test_ts_holt),
		cmocka_unit_test(test_ts_backtest),
		cmocka_unit_test(test_ts_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
