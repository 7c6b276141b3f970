/*
 * forecast.c: the period forecast, the Monte Carlo simulation of a
 * period's bookings and the time series forecasts of sm-forecast.
 * See forecast.h for the formulas and their sources.
 */
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "libsales/deal.h"
#include "libsales/forecast.h"
#include "libsales/mem.h"
#include "libsales/money.h"

#define WHY_RANGE	"sum out of range"

int
sales_fc_place(int status, int has_closed, long closed, long start,
    long end, long as_of)
{
	switch (status) {
	case SALES_WON:
		if (has_closed && closed >= start && closed <= end)
			return SALES_FC_IN;
		return SALES_FC_OUT;
	case SALES_OPEN:
		if (!has_closed)
			return SALES_FC_IN;
		if (closed < as_of)
			return SALES_FC_SLIPPED;
		if (closed <= end)
			return SALES_FC_IN;
		return SALES_FC_OUT;
	default:
		return SALES_FC_OUT;
	}
}

void
sales_fc_init(struct sales_fc *f)
{
	memset(f, 0, sizeof(*f));
}

int
sales_fc_add(struct sales_fc *f, int status, int category,
    const int64_t *amount, int64_t prob, int slipped, struct sales_err *err)
{
	struct sales_fc	 t = *f;
	int64_t		 w;

	if (category == SALES_CAT_OMITTED) {
		f->nomitted++;
		return 0;
	}
	if (status == SALES_LOST) {
		f->nlost++;
		return 0;
	}
	if (status == SALES_WON) {
		t.nwon++;
		if (amount != NULL) {
			t.vwon++;
			if (sales_money_add(&t.closed_won, *amount) == -1)
				return sales_err_set(err, SALES_EVALUE,
				    WHY_RANGE);
		}
		*f = t;
		return 0;
	}
	t.nopen++;
	if (slipped)
		t.nslipped++;
	if (category == SALES_CAT_COMMIT)
		t.ncommit++;
	else if (category == SALES_CAT_BEST_CASE)
		t.nbest++;
	if (amount != NULL) {
		t.vopen++;
		if (sales_money_add(&t.pipeline, *amount) == -1 ||
		    sales_money_weight(*amount, prob, &w) == -1 ||
		    sales_money_add(&t.weighted, w) == -1)
			return sales_err_set(err, SALES_EVALUE, WHY_RANGE);
		if (category == SALES_CAT_COMMIT) {
			t.vcommit++;
			if (sales_money_add(&t.commit, *amount) == -1)
				return sales_err_set(err, SALES_EVALUE,
				    WHY_RANGE);
		} else if (category == SALES_CAT_BEST_CASE) {
			t.vbest++;
			if (sales_money_add(&t.best_case, *amount) == -1)
				return sales_err_set(err, SALES_EVALUE,
				    WHY_RANGE);
		}
	}
	*f = t;
	return 0;
}

/* Is a sum over n deals of which v had an amount known?  (SPEC 3) */
static int
known(unsigned long n, unsigned long v)
{
	return n == 0 || v > 0;
}

static int
fit64(__int128 v, int64_t *out)
{
	if (v > INT64_MAX || v < INT64_MIN)
		return -1;
	*out = (int64_t)v;
	return 0;
}

int
sales_fc_figures(const struct sales_fc *f, const int64_t *quota,
    long elapsed, long total, int has_category,
    struct sales_fc_figures *out, struct sales_err *err)
{
	struct sales_fc_figures	 r;
	__int128		 num;

	memset(&r, 0, sizeof(r));
	if (known(f->nwon, f->vwon)) {
		r.have |= SALES_FCF_CLOSED_WON;
		r.closed_won = f->closed_won;
	}
	if (known(f->nopen, f->vopen)) {
		r.have |= SALES_FCF_PIPELINE | SALES_FCF_WEIGHTED;
		r.pipeline = f->pipeline;
		r.weighted = f->weighted;
	}
	if (has_category && known(f->ncommit, f->vcommit)) {
		r.have |= SALES_FCF_COMMIT;
		r.commit = f->commit;
	}
	if (has_category && known(f->nbest, f->vbest)) {
		r.have |= SALES_FCF_BEST_CASE;
		r.best_case = f->best_case;
	}
	if ((r.have & SALES_FCF_CLOSED_WON) && (r.have & SALES_FCF_WEIGHTED)) {
		if (fit64((__int128)r.closed_won + r.weighted,
		    &r.forecast) == -1)
			return sales_err_set(err, SALES_EVALUE, WHY_RANGE);
		r.have |= SALES_FCF_FORECAST;
	}
	if (quota != NULL) {
		r.have |= SALES_FCF_QUOTA | SALES_FCF_PACE;
		r.quota = *quota;
		if (total <= 0)
			r.pace = r.quota;
		else {
			if (elapsed < 0)
				elapsed = 0;
			if (elapsed > total)
				elapsed = total;
			num = (__int128)r.quota * elapsed;
			/* Half away from zero, as sales_div_round(). */
			if (num >= 0)
				num = (num + total / 2) / total;
			else
				num = -((-num + total / 2) / total);
			r.pace = (int64_t)num;
		}
		if (r.have & SALES_FCF_FORECAST) {
			if (fit64((__int128)r.quota - r.forecast,
			    &r.gap) == -1)
				return sales_err_set(err, SALES_EVALUE,
				    WHY_RANGE);
			r.have |= SALES_FCF_GAP;
		}
		if (r.have & SALES_FCF_CLOSED_WON) {
			r.have |= SALES_FCF_STATUS;
			r.behind = r.closed_won < r.pace;
			if ((r.have & SALES_FCF_PIPELINE) &&
			    fit64((__int128)r.quota - r.closed_won,
			    &r.cov_den) == 0 && r.cov_den > 0) {
				r.have |= SALES_FCF_COVERAGE;
				r.cov_num = r.pipeline;
			}
		}
	}
	*out = r;
	return 0;
}

/*
 * Random numbers.
 */

uint64_t
sales_splitmix64(uint64_t seed, uint64_t k)
{
	uint64_t	 z;

	z = seed + (k + 1) * UINT64_C(0x9e3779b97f4a7c15);
	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

void
sales_rng_seed(struct sales_rng *r, uint64_t seed, uint64_t stream)
{
	int	 i;

	for (i = 0; i < 4; i++)
		r->s[i] = sales_splitmix64(seed, 4 * stream + (uint64_t)i);
}

static inline uint64_t
rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static inline uint64_t
rng_next(uint64_t *s)
{
	uint64_t	 result, t;

	result = rotl(s[1] * 5, 7) * 9;
	t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

uint64_t
sales_rng_next(struct sales_rng *r)
{
	return rng_next(r->s);
}

/*
 * Monte Carlo.
 */

#define MC_CAP		65536	/* totals kept and sorted at once */
#define MC_BUCKETS	65536	/* buckets of a narrowing histogram */
#define MC_NQ		3	/* quantiles: 10, 50, 90 */
#define MC_MAXTHREADS	64

static const int mc_pct[MC_NQ] = { 10, 50, 90 };

struct sales_mc {
	int64_t		 base;		/* closed won plus sure wins */
	int64_t		 lo, hi;	/* least and most a trial can total */
	int64_t		*amount;	/* of the uncertain deals */
	uint32_t	*thr;		/* win when a 32-bit draw is below */
	size_t		 n, cap;
};

int
sales_mc_new(struct sales_mc **mp, int64_t base, struct sales_err *err)
{
	struct sales_mc	*m;

	if ((m = sales_calloc(1, sizeof(*m))) == NULL)
		return sales_err_set(err, SALES_ENOMEM, "out of memory");
	m->base = m->lo = m->hi = base;
	*mp = m;
	return 0;
}

void
sales_mc_free(struct sales_mc *m)
{
	if (m == NULL)
		return;
	sales_free(m->amount);
	sales_free(m->thr);
	sales_free(m);
}

size_t
sales_mc_count(const struct sales_mc *m)
{
	return m->n;
}

/* round(prob x 2^32 / 10^6), for 0 < prob < 10^6. */
static uint32_t
mc_threshold(int64_t prob)
{
	return (uint32_t)((((uint64_t)prob << 32) + SALES_PROB_SCALE / 2) /
	    SALES_PROB_SCALE);
}

int
sales_mc_add(struct sales_mc *m, int64_t amount, int64_t prob,
    struct sales_err *err)
{
	int64_t		 lo = m->lo, hi = m->hi, base = m->base;
	int64_t		*na;
	uint32_t	*nt;
	size_t		 ncap;

	if (prob <= 0 || amount == 0)
		return 0;
	if (prob >= SALES_PROB_SCALE) {
		if (sales_money_add(&base, amount) == -1 ||
		    sales_money_add(&lo, amount) == -1 ||
		    sales_money_add(&hi, amount) == -1)
			return sales_err_set(err, SALES_EVALUE, WHY_RANGE);
		m->base = base;
		m->lo = lo;
		m->hi = hi;
		return 0;
	}
	if (sales_money_add(amount < 0 ? &lo : &hi, amount) == -1)
		return sales_err_set(err, SALES_EVALUE, WHY_RANGE);
	if (m->n == m->cap) {
		ncap = m->cap ? m->cap * 2 : 64;
		if ((na = sales_reallocarray(m->amount, ncap,
		    sizeof(*na))) == NULL)
			return sales_err_set(err, SALES_ENOMEM,
			    "out of memory");
		m->amount = na;
		if ((nt = sales_reallocarray(m->thr, ncap,
		    sizeof(*nt))) == NULL)
			return sales_err_set(err, SALES_ENOMEM,
			    "out of memory");
		m->thr = nt;
		m->cap = ncap;
	}
	m->amount[m->n] = amount;
	m->thr[m->n] = mc_threshold(prob);
	m->n++;
	m->lo = lo;
	m->hi = hi;
	return 0;
}

void
sales_mc_exact(const struct sales_mc *m, double *mean, double *var)
{
	double	 mu = 0, v = 0, a, p;
	size_t	 i;

	for (i = 0; i < m->n; i++) {
		a = (double)m->amount[i];
		p = (double)m->thr[i] / 4294967296.0;
		mu += a * p;
		v += a * a * p * (1 - p);
	}
	*mean = (double)m->base + mu;
	*var = v;
}

/* The total of trial t. */
static int64_t
mc_trial(const struct sales_mc *m, uint64_t seed, uint64_t t)
{
	struct sales_rng	 r;
	const int64_t		*a = m->amount;
	const uint32_t		*th = m->thr;
	uint64_t		 x;
	int64_t			 s = m->base;
	size_t			 i, n = m->n;

	sales_rng_seed(&r, seed, t);
	for (i = 0; i + 1 < n; i += 2) {
		x = rng_next(r.s);
		s += a[i] & -(int64_t)((uint32_t)(x >> 32) < th[i]);
		s += a[i + 1] & -(int64_t)((uint32_t)x < th[i + 1]);
	}
	if (i < n) {
		x = rng_next(r.s);
		s += a[i] & -(int64_t)((uint32_t)(x >> 32) < th[i]);
	}
	return s;
}

/*
 * Exact sums of the deviations d = total - centre and of d^2 (d^2 is
 * below 2^128; its sum is kept in 192 bits), so that the mean and
 * variance do not depend on the order in which threads add them.
 */
struct mc_moments {
	__int128		 s1;
	unsigned __int128	 s2lo;
	uint64_t		 s2hi;
};

static void
mom_add(struct mc_moments *mo, int64_t s, int64_t centre)
{
	__int128		 d = (__int128)s - centre;
	unsigned __int128	 ad, sq;

	mo->s1 += d;
	ad = (unsigned __int128)(d < 0 ? -d : d);
	sq = ad * ad;
	mo->s2lo += sq;
	if (mo->s2lo < sq)
		mo->s2hi++;
}

static void
mom_merge(struct mc_moments *to, const struct mc_moments *from)
{
	to->s1 += from->s1;
	to->s2lo += from->s2lo;
	if (to->s2lo < from->s2lo)
		to->s2hi++;
	to->s2hi += from->s2hi;
}

/* A narrowing search for one quantile. */
struct mc_target {
	unsigned long	 rank;		/* 1-based rank among all totals */
	unsigned long	 below;		/* totals known below lo */
	unsigned long	 count;		/* totals within lo..hi */
	int64_t		 lo, hi;	/* the value lies in lo..hi */
	int		 done;
	int64_t		 value;
	int		 collect;	/* this pass: keep the totals */
	int64_t		*kept;		/* count slots */
	unsigned long	 nkept;		/* filled so far (atomic) */
};

struct mc_job {
	const struct sales_mc	*m;
	uint64_t		 seed;
	unsigned long		 t0, t1;	/* trials t0 .. t1 - 1 */
	int			 pass;		/* 0: the first pass */
	int64_t			 centre;
	struct mc_target	*tg;
	int64_t			*all;		/* first pass, few trials */
	uint32_t		*hist;		/* MC_NQ x MC_BUCKETS */
	struct mc_moments	 mom;
};

/* The bucket of v in lo..hi (MC_BUCKETS buckets). */
static size_t
mc_bucket(int64_t v, int64_t lo, int64_t hi)
{
	unsigned __int128	 w, d;

	w = (unsigned __int128)((__int128)hi - lo) + 1;
	d = (unsigned __int128)((__int128)v - lo);
	return (size_t)(d * MC_BUCKETS / w);
}

static void *
mc_work(void *arg)
{
	struct mc_job		*j = arg;
	struct mc_target	*g;
	unsigned long		 t, slot;
	int64_t			 s;
	int			 q;

	for (t = j->t0; t < j->t1; t++) {
		s = mc_trial(j->m, j->seed, t);
		if (j->pass == 0)
			mom_add(&j->mom, s, j->centre);
		if (j->all != NULL) {
			j->all[t] = s;
			continue;
		}
		for (q = 0; q < MC_NQ; q++) {
			g = &j->tg[q];
			if (g->done || s < g->lo || s > g->hi)
				continue;
			if (g->collect) {
				slot = __atomic_fetch_add(&g->nkept, 1,
				    __ATOMIC_RELAXED);
				g->kept[slot] = s;
			} else
				j->hist[(size_t)q * MC_BUCKETS +
				    mc_bucket(s, g->lo, g->hi)]++;
		}
	}
	return NULL;
}

/*
 * Run jobs[0..nj-1], the first in this thread; a job whose thread
 * would not start runs here too, so the results are the same.
 */
static void
mc_spawn(struct mc_job *jobs, int nj)
{
	pthread_t	 tid[MC_MAXTHREADS];
	int		 i, k;

	for (i = 1; i < nj; i++)
		if (pthread_create(&tid[i], NULL, mc_work, &jobs[i]) != 0)
			break;
	mc_work(&jobs[0]);
	for (k = 1; k < i; k++)
		pthread_join(tid[k], NULL);
	for (k = i; k < nj; k++)
		mc_work(&jobs[k]);
}

static int
cmp_i64(const void *a, const void *b)
{
	int64_t	 x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* u as a double: hi x 2^128 + lo. */
static long double
u192_ld(unsigned __int128 lo, uint64_t hi)
{
	return (long double)hi * 0x1p128L +
	    (long double)(uint64_t)(lo >> 64) * 0x1p64L +
	    (long double)(uint64_t)lo;
}

int
sales_mc_run(const struct sales_mc *m, unsigned long trials,
    uint64_t seed, int nthreads, struct sales_mc_result *r,
    struct sales_err *err)
{
	struct mc_job		 jobs[MC_MAXTHREADS];
	struct mc_target	 tg[MC_NQ];
	struct mc_moments	 mom;
	int64_t			*all = NULL;
	uint32_t		*hist = NULL;
	unsigned long		 cum, c, per;
	double			 emean, evar;
	long double		 n, s1, s2;
	size_t			 b, bsel;
	int64_t			 nlo, nhi;
	int			 i, q, pass, pending, rc = -1;

	if (trials == 0)
		return sales_err_set(err, SALES_EUSAGE, "no trials");
	if (nthreads < 1)
		nthreads = 1;
	if (nthreads > MC_MAXTHREADS)
		nthreads = MC_MAXTHREADS;
	if ((unsigned long)nthreads > trials)
		nthreads = (int)trials;
	sales_mc_exact(m, &emean, &evar);

	memset(tg, 0, sizeof(tg));
	for (q = 0; q < MC_NQ; q++) {
		tg[q].rank = (unsigned long)(((unsigned __int128)trials *
		    mc_pct[q] + 99) / 100);
		if (tg[q].rank < 1)
			tg[q].rank = 1;
		tg[q].lo = m->lo;
		tg[q].hi = m->hi;
		tg[q].count = trials;
	}
	if (trials <= MC_CAP) {
		if ((all = sales_reallocarray(NULL, trials,
		    sizeof(*all))) == NULL)
			goto nomem;
	} else if ((hist = sales_calloc((size_t)nthreads * MC_NQ *
	    MC_BUCKETS, sizeof(*hist))) == NULL)
		goto nomem;

	memset(&mom, 0, sizeof(mom));
	per = trials / (unsigned long)nthreads;
	for (pass = 0, pending = 1; pending; pass++) {
		for (i = 0; i < nthreads; i++) {
			memset(&jobs[i], 0, sizeof(jobs[i]));
			jobs[i].m = m;
			jobs[i].seed = seed;
			jobs[i].t0 = per * (unsigned long)i;
			jobs[i].t1 = i == nthreads - 1 ? trials :
			    per * (unsigned long)(i + 1);
			jobs[i].pass = pass;
			jobs[i].centre = (int64_t)llround(emean);
			jobs[i].tg = tg;
			jobs[i].all = all;
			if (hist != NULL) {
				jobs[i].hist = hist + (size_t)i * MC_NQ *
				    MC_BUCKETS;
				memset(jobs[i].hist, 0, MC_NQ * MC_BUCKETS *
				    sizeof(*hist));
			}
		}
		mc_spawn(jobs, nthreads);
		if (pass == 0)
			for (i = 0; i < nthreads; i++)
				mom_merge(&mom, &jobs[i].mom);
		if (all != NULL) {
			qsort(all, trials, sizeof(*all), cmp_i64);
			for (q = 0; q < MC_NQ; q++) {
				tg[q].value = all[tg[q].rank - 1];
				tg[q].done = 1;
			}
			break;
		}
		pending = 0;
		for (q = 0; q < MC_NQ; q++) {
			if (tg[q].done)
				continue;
			if (tg[q].collect) {
				qsort(tg[q].kept, tg[q].count,
				    sizeof(int64_t), cmp_i64);
				tg[q].value = tg[q].kept[tg[q].rank -
				    tg[q].below - 1];
				tg[q].done = 1;
				sales_free(tg[q].kept);
				tg[q].kept = NULL;
				continue;
			}
			/* Find the bucket that holds the rank. */
			cum = tg[q].below;
			bsel = MC_BUCKETS - 1;
			c = 0;
			for (b = 0; b < MC_BUCKETS; b++) {
				c = 0;
				for (i = 0; i < nthreads; i++)
					c += hist[(size_t)i * MC_NQ *
					    MC_BUCKETS + (size_t)q *
					    MC_BUCKETS + b];
				if (cum + c >= tg[q].rank) {
					bsel = b;
					break;
				}
				cum += c;
			}
			/* Bucket bsel holds lo + ceil(b w / B) onwards. */
			{
				unsigned __int128 w = (unsigned __int128)
				    ((__int128)tg[q].hi - tg[q].lo) + 1;

				nlo = (int64_t)((__int128)tg[q].lo +
				    (__int128)((w * bsel + MC_BUCKETS - 1) /
				    MC_BUCKETS));
				nhi = (int64_t)((__int128)tg[q].lo +
				    (__int128)((w * (bsel + 1) +
				    MC_BUCKETS - 1) / MC_BUCKETS) - 1);
			}
			tg[q].below = cum;
			tg[q].count = c;
			tg[q].lo = nlo;
			tg[q].hi = nhi;
			if (tg[q].lo == tg[q].hi) {
				tg[q].value = tg[q].lo;
				tg[q].done = 1;
				continue;
			}
			if (c <= MC_CAP) {
				tg[q].collect = 1;
				tg[q].nkept = 0;
				if ((tg[q].kept = sales_reallocarray(NULL,
				    c ? c : 1, sizeof(int64_t))) == NULL)
					goto nomem;
			}
			pending = 1;
		}
	}

	r->p10 = tg[0].value;
	r->p50 = tg[1].value;
	r->p90 = tg[2].value;
	n = (long double)trials;
	s1 = (long double)mom.s1;
	s2 = u192_ld(mom.s2lo, mom.s2hi);
	r->mean = (double)((long double)llround(emean) + s1 / n);
	r->var = trials > 1 ? (double)((s2 - s1 * s1 / n) / (n - 1)) : 0;
	rc = 0;
	goto out;
nomem:
	sales_err_set(err, SALES_ENOMEM, "out of memory");
out:
	for (q = 0; q < MC_NQ; q++)
		sales_free(tg[q].kept);
	sales_free(all);
	sales_free(hist);
	return rc;
}

/*
 * Time series.
 */

static const char *const ts_names[] = { "naive", "mean", "holt" };

int
sales_ts_method_parse(const char *name)
{
	int	 i;

	for (i = 0; i < 3; i++)
		if (strcmp(name, ts_names[i]) == 0)
			return i;
	return -1;
}

const char *
sales_ts_method_name(int m)
{
	return m >= 0 && m < 3 ? ts_names[m] : "";
}

/*
 * Holt's method over y[0..n-1] (n >= 2) with smoothing a and b (b*):
 * the sum of the squared one-step errors of t >= 2, and the final
 * level and trend.
 */
static double
holt_run(const double *y, size_t n, double a, double b, double *level,
    double *trend)
{
	double	 l = y[0], tr = y[1] - y[0], sse = 0, f, e, l2;
	size_t	 t;

	for (t = 1; t < n; t++) {
		f = l + tr;
		e = y[t] - f;
		if (t >= 2)
			sse += e * e;
		l2 = a * y[t] + (1 - a) * f;
		tr = b * (l2 - l) + (1 - b) * tr;
		l = l2;
	}
	*level = l;
	*trend = tr;
	return sse;
}

/* One round of the grid: units of 1/2000 around (ca, cb). */
static void
holt_grid(const double *y, size_t n, int ca, int cb, int reach, int step,
    int *ba, int *bb, double *bsse)
{
	double	 l, tr, sse;
	int	 ka, kb;

	for (ka = ca - reach; ka <= ca + reach; ka += step) {
		if (ka < 0 || ka > 2000)
			continue;
		for (kb = cb - reach; kb <= cb + reach; kb += step) {
			if (kb < 0 || kb > 2000)
				continue;
			sse = holt_run(y, n, ka / 2000.0, kb / 2000.0, &l,
			    &tr);
			/* Within 1e-12 of the best is a tie: keep it. */
			if (*ba < 0 || sse < *bsse - 1e-12 * *bsse) {
				*ba = ka;
				*bb = kb;
				*bsse = sse;
			}
		}
	}
}

int
sales_ts_fit(int method, const double *y, size_t n,
    struct sales_ts_model *m, struct sales_err *err)
{
	double	 sum, d, dof;
	size_t	 t;
	int	 ka = -1, kb = -1, ca, cb;

	memset(m, 0, sizeof(*m));
	m->method = method;
	m->n = n;
	if (n == 0)
		return sales_err_set(err, SALES_EVALUE, "no values");
	switch (method) {
	case SALES_TS_NAIVE:
		m->level = y[n - 1];
		for (t = 1; t < n; t++) {
			d = y[t] - y[t - 1];
			m->sse += d * d;
		}
		dof = (double)n - 1;
		break;
	case SALES_TS_MEAN:
		sum = 0;
		for (t = 0; t < n; t++)
			sum += y[t];
		m->level = sum / (double)n;
		for (t = 0; t < n; t++) {
			d = y[t] - m->level;
			m->sse += d * d;
		}
		dof = (double)n - 1;
		break;
	case SALES_TS_HOLT:
		if (n < 3)
			return sales_err_set(err, SALES_EVALUE,
			    "holt needs at least 3 periods");
		holt_grid(y, n, 1000, 1000, 1000, 100, &ka, &kb, &m->sse);
		ca = ka;
		cb = kb;
		holt_grid(y, n, ca, cb, 100, 10, &ka, &kb, &m->sse);
		ca = ka;
		cb = kb;
		holt_grid(y, n, ca, cb, 10, 1, &ka, &kb, &m->sse);
		m->alpha = ka / 2000.0;
		m->beta = kb / 2000.0;
		m->sse = holt_run(y, n, m->alpha, m->beta, &m->level,
		    &m->trend);
		dof = (double)n - 4;
		break;
	default:
		return sales_err_set(err, SALES_EVALUE, "unknown method");
	}
	if (dof >= 1) {
		m->has_sigma = 1;
		m->sigma = sqrt(m->sse / dof);
	}
	return 0;
}

void
sales_ts_forecast(const struct sales_ts_model *m, int h, double *point,
    double *lo, double *hi)
{
	double	 sh = 0, a, b, hh = h;

	switch (m->method) {
	case SALES_TS_NAIVE:
		*point = m->level;
		sh = m->sigma * sqrt(hh);
		break;
	case SALES_TS_MEAN:
		*point = m->level;
		sh = m->sigma * sqrt(1 + 1 / (double)m->n);
		break;
	default:
		*point = m->level + hh * m->trend;
		a = m->alpha;
		b = m->alpha * m->beta;
		sh = m->sigma * sqrt(1 + (hh - 1) * (a * a + a * b * hh +
		    b * b * hh * (2 * hh - 1) / 6));
		break;
	}
	if (m->has_sigma) {
		*lo = *point - SALES_TS_Z80 * sh;
		*hi = *point + SALES_TS_Z80 * sh;
	}
}

int
sales_ts_backtest(int method, const double *y, size_t n, size_t k,
    struct sales_ts_score *s, struct sales_err *err)
{
	struct sales_ts_model	 m;
	double			 f, lo, hi, e, sae = 0, sape = 0;
	size_t			 i;

	memset(s, 0, sizeof(*s));
	if (n < 2)
		return 0;
	if (k > n - 1)
		k = n - 1;
	for (i = n - k; i < n; i++) {
		if (method == SALES_TS_HOLT && i < 3)
			continue;
		if (sales_ts_fit(method, y, i, &m, err) == -1)
			return -1;
		sales_ts_forecast(&m, 1, &f, &lo, &hi);
		e = fabs(y[i] - f);
		sae += e;
		s->n++;
		if (y[i] != 0) {
			sape += e / fabs(y[i]);
			s->napes++;
		}
	}
	if (s->n > 0)
		s->mae = sae / (double)s->n;
	if (s->napes > 0)
		s->mape = sape / (double)s->napes;
	return 0;
}

int
sales_ts_money(double x, int64_t *out)
{
	double	 r;

	if (!isfinite(x))
		return -1;
	r = round(x);
	if (r >= 9223372036854775807.0 || r < -9223372036854775808.0)
		return -1;
	*out = (int64_t)r;
	return 0;
}
