/*
 * quota.c: quotas per rep and period: splitting a target, growing last
 * year's results, spreading a year over its days with ramps, and exact
 * rounding by the largest-remainder method at every level (quota.h).
 *
 * Shares are exact.  A day's weight is an unsigned 128-bit integer; an
 * item's share of a total t is t x w / W, worked out with a 192-bit
 * product when t x w does not fit 128 bits, so that the floors and the
 * remainders that the largest-remainder method compares are exact.
 */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "libsales/calendar.h"
#include "libsales/date.h"
#include "libsales/err.h"
#include "libsales/mem.h"
#include "libsales/quota.h"

typedef unsigned __int128 u128;

#define NLEVELS		5		/* day, week, month, quarter, year */
#define MAXMONTHS	32		/* months a year may have */
#define LCM_LIMIT	((uint64_t)1 << 41)	/* keeps sums below 2^127 */

struct level {
	size_t		  n;		/* periods in the year */
	long		 *start;	/* first day, cut to the year */
	long		 *end;		/* last day, cut to the year */
	char		(*label)[SALES_LABEL_BUFSZ];
	size_t		 *of;		/* period of each day of the year */
};

struct sales_quota_year {
	long		 start;		/* first day of the year */
	long		 end;		/* last day of the year */
	size_t		 ndays;
	unsigned char	*bday;		/* 1 for a business day */
	struct level	 lv[NLEVELS];	/* indexed by enum sales_period */
	int		 chain[NLEVELS];	/* nested levels, year first */
	int		 nchain;
};

/* A remainder and the index of its item, for the largest-remainder sort. */
struct rem {
	u128		 r;
	size_t		 i;
};

int
sales_split_parse(const char *name)
{
	if (strcmp(name, "equal") == 0)
		return SALES_SPLIT_EQUAL;
	if (strcmp(name, "weight") == 0)
		return SALES_SPLIT_WEIGHT;
	if (strcmp(name, "history") == 0)
		return SALES_SPLIT_HISTORY;
	return -1;
}

int
sales_spread_parse(const char *name)
{
	if (strcmp(name, "business-days") == 0)
		return SALES_SPREAD_BUSINESS_DAYS;
	if (strcmp(name, "flat") == 0)
		return SALES_SPREAD_FLAT;
	if (strcmp(name, "history") == 0)
		return SALES_SPREAD_HISTORY;
	return -1;
}

/*
 * Parse len bytes at s as a decimal with at most decimals decimals and
 * an optional trailing '%' into *out, scaled by 10^decimals.  Values are
 * limited to 10^15 in magnitude.  Returns 0 or -1.
 */
static int
parse_fixed(const char *s, size_t len, int decimals, int64_t *out)
{
	const char	*p = s, *end = s + len;
	int64_t		 v = 0;
	int		 neg = 0, digits = 0, frac = -1;

	if (p < end && (*p == '-' || *p == '+'))
		neg = *p++ == '-';
	for (; p < end && *p != '%'; p++) {
		if (*p == '.' && frac < 0) {
			frac = 0;
			continue;
		}
		if (*p < '0' || *p > '9')
			return -1;
		if (frac >= 0 && ++frac > decimals)
			return -1;
		if (v > 100000000000000LL)
			return -1;
		v = v * 10 + (*p - '0');
		digits++;
	}
	if (digits == 0)
		return -1;
	if (p < end && (*p != '%' || p + 1 != end))
		return -1;
	for (frac = frac < 0 ? 0 : frac; frac < decimals; frac++)
		v *= 10;
	*out = neg ? -v : v;
	return 0;
}

int
sales_ramp_parse(const char *s, int *steps, size_t max, size_t *n,
    struct sales_err *err)
{
	const char	*p = s, *comma;
	size_t		 len, k = 0;
	int64_t		 v;

	for (;;) {
		comma = strchr(p, ',');
		len = comma != NULL ? (size_t)(comma - p) : strlen(p);
		while (len > 0 && *p == ' ')
			p++, len--;
		while (len > 0 && p[len - 1] == ' ')
			len--;
		if (parse_fixed(p, len, 2, &v) == -1 || v < 0)
			return sales_err_set(err, SALES_EUSAGE,
			    "invalid ramp step '%.*s'", (int)len, p);
		if (v > SALES_RAMP_FULL)
			return sales_err_set(err, SALES_EUSAGE,
			    "ramp step above 100%%: '%.*s'", (int)len, p);
		if (k == max)
			return sales_err_set(err, SALES_EUSAGE,
			    "too many ramp steps (at most %zu)", max);
		steps[k++] = (int)v;
		if (comma == NULL)
			break;
		p = comma + 1;
	}
	*n = k;
	return 0;
}

int
sales_growth_parse(const char *s, int64_t *pct, struct sales_err *err)
{
	int64_t	 v;

	if (parse_fixed(s, strlen(s), 4, &v) == -1)
		return sales_err_set(err, SALES_EUSAGE,
		    "invalid growth percentage '%s'", s);
	if (v < -100 * 10000LL)
		return sales_err_set(err, SALES_EUSAGE,
		    "invalid growth percentage '%s': below -100%%", s);
	if (v > 100000 * 10000LL)
		return sales_err_set(err, SALES_EUSAGE,
		    "invalid growth percentage '%s': too large", s);
	*pct = v;
	return 0;
}

/* |num| / den rounded half away from zero, sign put back; den > 0. */
static __int128
div_round(__int128 num, __int128 den)
{
	u128	 a, q, r;

	a = num < 0 ? -(u128)num : (u128)num;
	q = a / (u128)den;
	r = a % (u128)den;
	if (r >= (u128)den - r)
		q++;
	return num < 0 ? -(__int128)q : (__int128)q;
}

int64_t
sales_round_units(int64_t v, int64_t unit)
{
	return (int64_t)div_round(v, unit);
}

/*
 * floor(t x w / W) into *q and the remainder into *r, exactly, for
 * t < 2^64, w <= W < 2^127.  When t x w does not fit 128 bits the
 * 192-bit product is divided by shifting and subtracting.
 */
static void
muldiv(uint64_t t, u128 w, u128 W, uint64_t *q, u128 *r)
{
	uint64_t	 limb[3], whi, wlo, quo = 0;
	u128		 lo, hi, mid, rr = 0;
	int		 i;

	if ((uint64_t)(w >> 64) == 0) {
		lo = (u128)t * (uint64_t)w;
		*q = (uint64_t)(lo / W);
		*r = lo % W;
		return;
	}
	whi = (uint64_t)(w >> 64);
	wlo = (uint64_t)w;
	lo = (u128)t * wlo;
	hi = (u128)t * whi;
	limb[0] = (uint64_t)lo;
	mid = (lo >> 64) + (uint64_t)hi;
	limb[1] = (uint64_t)mid;
	limb[2] = (uint64_t)(hi >> 64) + (uint64_t)(mid >> 64);
	for (i = 191; i >= 0; i--) {
		rr = (rr << 1) | ((limb[i / 64] >> (i % 64)) & 1);
		if (rr >= W) {
			rr -= W;
			if (i < 64)
				quo |= (uint64_t)1 << i;
		}
	}
	*q = quo;
	*r = rr;
}

static int
cmp_rem(const void *a, const void *b)
{
	const struct rem *x = a, *y = b;

	if (x->r != y->r)
		return x->r > y->r ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

/*
 * Apportion t >= 0 units among n items of weights w (their sum below
 * 2^127) into out; work holds n entries.  Returns 0, or -1 (all weights
 * 0 and t > 0).
 */
static int
apportion(uint64_t t, const u128 *w, size_t n, uint64_t *out,
    struct rem *work)
{
	u128		 W = 0;
	uint64_t	 given = 0, left;
	size_t		 i;

	for (i = 0; i < n; i++)
		W += w[i];
	if (W == 0) {
		if (t != 0)
			return -1;
		for (i = 0; i < n; i++)
			out[i] = 0;
		return 0;
	}
	for (i = 0; i < n; i++) {
		muldiv(t, w[i], W, &out[i], &work[i].r);
		work[i].i = i;
		given += out[i];
	}
	left = t - given;
	if (left == 0)
		return 0;
	qsort(work, n, sizeof(*work), cmp_rem);
	for (i = 0; i < left; i++)
		out[work[i].i]++;
	return 0;
}

int
sales_apportion(int64_t total, const int64_t *w, size_t n, int64_t *out,
    struct sales_err *err)
{
	u128		*uw;
	uint64_t	*uo, t;
	struct rem	*work;
	size_t		 i;
	int		 rv = -1;

	for (i = 0; i < n; i++)
		if (w[i] < 0)
			return sales_err_set(err, SALES_EVALUE,
			    "negative weight");
	if (n == 0) {
		if (total != 0)
			return sales_err_set(err, SALES_EVALUE,
			    "nothing to apportion to");
		return 0;
	}
	uw = sales_reallocarray(NULL, n, sizeof(*uw));
	uo = sales_reallocarray(NULL, n, sizeof(*uo));
	work = sales_reallocarray(NULL, n, sizeof(*work));
	if (uw == NULL || uo == NULL || work == NULL) {
		sales_err_set(err, SALES_ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < n; i++)
		uw[i] = (u128)w[i];
	t = total < 0 ? -(uint64_t)total : (uint64_t)total;
	if (apportion(t, uw, n, uo, work) == -1) {
		sales_err_set(err, SALES_EVALUE, "all weights are 0");
		goto out;
	}
	for (i = 0; i < n; i++)
		out[i] = total < 0 ? -(int64_t)uo[i] : (int64_t)uo[i];
	rv = 0;
out:
	sales_free(uw);
	sales_free(uo);
	sales_free(work);
	return rv;
}

int
sales_quota_split(int64_t target, int64_t unit, const int64_t *w, size_t n,
    int64_t *out, struct sales_err *err)
{
	int64_t		*ones = NULL, units;
	size_t		 i;
	int		 rv;

	if (n == 0)
		return sales_err_set(err, SALES_EVALUE,
		    "no reps to split among");
	units = sales_round_units(target, unit);
	if (w == NULL) {
		ones = sales_reallocarray(NULL, n, sizeof(*ones));
		if (ones == NULL)
			return sales_err_set(err, SALES_ENOMEM,
			    "out of memory");
		for (i = 0; i < n; i++)
			ones[i] = 1;
		w = ones;
	} else {
		for (i = 0; i < n && w[i] == 0; i++)
			;
		if (i == n && units != 0)
			return sales_err_set(err, SALES_EVALUE,
			    "no rep has any weight");
	}
	rv = sales_apportion(units, w, n, out, err);
	sales_free(ones);
	if (rv == -1)
		return -1;
	for (i = 0; i < n; i++) {
		if (__builtin_mul_overflow(out[i], unit, &out[i]))
			return sales_err_set(err, SALES_EVALUE,
			    "amount out of range");
	}
	return 0;
}

int
sales_quota_grow(int64_t won, int64_t pct, int64_t unit, int64_t *out,
    struct sales_err *err)
{
	__int128	 q;

	q = div_round((__int128)won * (1000000 + pct),
	    (__int128)1000000 * unit);
	q *= unit;
	if (q > INT64_MAX || q < -INT64_MAX)
		return sales_err_set(err, SALES_EVALUE, "amount out of range");
	*out = (int64_t)q;
	return 0;
}

int
sales_ramp_factor(long hire, const int *steps, size_t n, long day)
{
	size_t	 k;

	if (hire == SALES_NO_DATE)
		return SALES_RAMP_FULL;
	if (day < hire)
		return 0;
	for (k = 0; k < n; k++)
		if (day < sales_add_months(hire, (int)k + 1))
			return steps[k];
	return SALES_RAMP_FULL;
}

static void
level_free(struct level *l)
{
	sales_free(l->start);
	sales_free(l->end);
	sales_free(l->label);
	sales_free(l->of);
}

void
sales_quota_year_free(struct sales_quota_year *y)
{
	int	 p;

	if (y == NULL)
		return;
	for (p = 0; p < NLEVELS; p++)
		level_free(&y->lv[p]);
	sales_free(y->bday);
	sales_free(y);
}

/*
 * Cut the year into the periods of kind p under cal.  Returns 0, or -1
 * when out of memory.
 */
static int
level_build(struct sales_quota_year *y, const struct sales_calendar *cal,
    int p)
{
	struct level	*l = &y->lv[p];
	long		 day, s, e;
	size_t		 i, d;

	l->start = sales_reallocarray(NULL, y->ndays, sizeof(*l->start));
	l->end = sales_reallocarray(NULL, y->ndays, sizeof(*l->end));
	l->label = sales_reallocarray(NULL, y->ndays, sizeof(*l->label));
	l->of = sales_reallocarray(NULL, y->ndays, sizeof(*l->of));
	if (l->start == NULL || l->end == NULL || l->label == NULL ||
	    l->of == NULL)
		return -1;
	for (day = y->start, i = 0; day <= y->end; i++) {
		sales_period_of(cal, p, day, &s, &e, l->label[i]);
		if (e < day)		/* a calendar that does not move on */
			e = day;
		l->start[i] = day;
		l->end[i] = e < y->end ? e : y->end;
		for (d = (size_t)(day - y->start);
		    d <= (size_t)(l->end[i] - y->start); d++)
			l->of[d] = i;
		day = l->end[i] + 1;
	}
	l->n = i;
	return 0;
}

/* Does every period of level c lie inside one period of level p? */
static int
nests(const struct sales_quota_year *y, int c, int p)
{
	const struct level *lc = &y->lv[c], *lp = &y->lv[p];
	size_t	 i;

	for (i = 0; i < lc->n; i++)
		if (lp->of[lc->start[i] - y->start] !=
		    lp->of[lc->end[i] - y->start])
			return 0;
	return 1;
}

int
sales_quota_year_new(struct sales_quota_year **yp,
    const struct sales_calendar *cal, long fy, struct sales_err *err)
{
	static const int order[NLEVELS] = {
		SALES_PERIOD_YEAR, SALES_PERIOD_QUARTER, SALES_PERIOD_MONTH,
		SALES_PERIOD_WEEK, SALES_PERIOD_DAY
	};
	struct sales_quota_year *y;
	size_t	 d;
	int	 k, p;

	*yp = NULL;
	if (fy < 1000 || fy > 9999)
		return sales_err_set(err, SALES_EUSAGE,
		    "year %ld out of range (1000-9999)", fy);
	if ((y = sales_calloc(1, sizeof(*y))) == NULL)
		return sales_err_set(err, SALES_ENOMEM, "out of memory");
	sales_fiscal_year(cal, fy, &y->start, &y->end);
	y->ndays = (size_t)(y->end - y->start + 1);
	if ((y->bday = sales_malloc(y->ndays)) == NULL)
		goto nomem;
	for (d = 0; d < y->ndays; d++)
		y->bday[d] = (unsigned char)sales_business_day(cal,
		    y->start + (long)d);
	for (p = 0; p < NLEVELS; p++)
		if (level_build(y, cal, p) == -1)
			goto nomem;
	/*
	 * The levels that nest, coarsest first: year, quarter, month, the
	 * week when weeks lie inside months (retail calendars), day.  A
	 * level left out is summed from its days.
	 */
	y->chain[0] = SALES_PERIOD_YEAR;
	y->nchain = 1;
	for (k = 1; k < NLEVELS; k++) {
		if (nests(y, order[k], y->chain[y->nchain - 1]))
			y->chain[y->nchain++] = order[k];
	}
	*yp = y;
	return 0;
nomem:
	sales_quota_year_free(y);
	return sales_err_set(err, SALES_ENOMEM, "out of memory");
}

void
sales_quota_year_span(const struct sales_quota_year *y, long *start,
    long *end)
{
	if (start != NULL)
		*start = y->start;
	if (end != NULL)
		*end = y->end;
}

size_t
sales_quota_year_count(const struct sales_quota_year *y, int period)
{
	if (period < 0 || period >= NLEVELS)
		return 0;
	return y->lv[period].n;
}

void
sales_quota_year_period(const struct sales_quota_year *y, int period,
    size_t i, long *start, long *end, char *label)
{
	const struct level *l = &y->lv[period];

	if (start != NULL)
		*start = l->start[i];
	if (end != NULL)
		*end = l->end[i];
	if (label != NULL)
		memcpy(label, l->label[i], SALES_LABEL_BUFSZ);
}

long
sales_quota_year_index(const struct sales_quota_year *y, int period,
    long day)
{
	if (period < 0 || period >= NLEVELS || day < y->start ||
	    day > y->end)
		return -1;
	return (long)y->lv[period].of[day - y->start];
}

static uint64_t
gcd(uint64_t a, uint64_t b)
{
	uint64_t t;

	while (b != 0) {
		t = a % b;
		a = b;
		b = t;
	}
	return a;
}

/*
 * The spread weight s(d) of every day (without the ramp) into s.
 * Returns 0, or -1 with err set (SALES_ELIMIT, SALES_EVALUE).
 */
static int
spread_weights(const struct sales_quota_year *y,
    const struct sales_quota_rules *r, u128 *s, struct sales_err *err)
{
	const struct level *lm = &y->lv[SALES_PERIOD_MONTH];
	uint64_t	 lcm = 1, c, per[MAXMONTHS];
	size_t		 d, m, nb;

	if (r->spread == SALES_SPREAD_FLAT ||
	    r->spread == SALES_SPREAD_BUSINESS_DAYS) {
		for (d = 0; d < y->ndays; d++)
			s[d] = r->spread == SALES_SPREAD_FLAT ? 1 : y->bday[d];
		return 0;
	}
	if (r->spread != SALES_SPREAD_HISTORY || r->season == NULL)
		return sales_err_set(err, SALES_EVALUE, "unknown spread");
	if (lm->n > sizeof(per) / sizeof(per[0]))
		return sales_err_set(err, SALES_ELIMIT, "too many months");
	/*
	 * A business day of month m weighs season[m] / (business days of
	 * m); in integers, season[m] x (L / business days), where L is the
	 * least common multiple of the months' business day counts.
	 */
	for (m = 0; m < lm->n; m++) {
		if (r->season[m] < 0)
			return sales_err_set(err, SALES_EVALUE,
			    "negative seasonality");
		nb = 0;
		for (d = (size_t)(lm->start[m] - y->start);
		    d <= (size_t)(lm->end[m] - y->start); d++)
			nb += y->bday[d];
		per[m] = nb;
		if (r->season[m] == 0)
			continue;
		c = nb > 0 ? nb : (uint64_t)(lm->end[m] - lm->start[m] + 1);
		lcm = lcm / gcd(lcm, c) * c;
		if (lcm >= LCM_LIMIT)
			return sales_err_set(err, SALES_ELIMIT,
			    "seasonality too fine to spread exactly");
	}
	for (d = 0; d < y->ndays; d++) {
		m = lm->of[d];
		if (r->season[m] == 0)
			s[d] = 0;
		else if (per[m] == 0)
			s[d] = (u128)(uint64_t)r->season[m] * (lcm /
			    (uint64_t)(lm->end[m] - lm->start[m] + 1));
		else
			s[d] = y->bday[d] ? (u128)(uint64_t)r->season[m] *
			    (lcm / per[m]) : 0;
	}
	return 0;
}

int
sales_quota_spread(const struct sales_quota_year *y,
    const struct sales_quota_rules *r, int64_t full, long hire, int period,
    int64_t *out, struct sales_err *err)
{
	const struct level *lp, *lc;
	u128		*s = NULL, *w = NULL, *W[NLEVELS] = { 0 };
	u128		 two[2], S = 0, A = 0;
	uint64_t	*val[NLEVELS] = { 0 }, top[2], t;
	struct rem	*work = NULL;
	long		*bound = NULL, day;
	int64_t		 units, v;
	size_t		 d, i, k, fc, lcn;
	int		 j, p, c, depth, rv = -1, rf;

	if (period < 0 || period >= NLEVELS)
		return sales_err_set(err, SALES_EUSAGE, "unknown period");
	if (r->unit <= 0)
		return sales_err_set(err, SALES_EUSAGE,
		    "rounding unit not positive");
	units = sales_round_units(full, r->unit);
	t = units < 0 ? -(uint64_t)units : (uint64_t)units;

	s = sales_reallocarray(NULL, y->ndays, sizeof(*s));
	w = sales_reallocarray(NULL, y->ndays, sizeof(*w));
	work = sales_reallocarray(NULL, y->ndays + 2, sizeof(*work));
	bound = sales_reallocarray(NULL, r->nramp + 1, sizeof(*bound));
	if (s == NULL || w == NULL || work == NULL || bound == NULL)
		goto nomem;
	for (p = 0; p < NLEVELS; p++) {
		W[p] = sales_calloc(y->lv[p].n, sizeof(*W[p]));
		val[p] = sales_calloc(y->lv[p].n, sizeof(*val[p]));
		if (W[p] == NULL || val[p] == NULL)
			goto nomem;
	}
	if (spread_weights(y, r, s, err) == -1)
		goto out;

	/* Each day's weight: its spread weight times its ramp. */
	for (k = 0; k < r->nramp; k++)
		bound[k] = hire == SALES_NO_DATE ? 0 :
		    sales_add_months(hire, (int)k + 1);
	for (d = 0, k = 0; d < y->ndays; d++) {
		day = y->start + (long)d;
		if (hire == SALES_NO_DATE)
			rf = SALES_RAMP_FULL;
		else if (day < hire)
			rf = 0;
		else {
			while (k < r->nramp && day >= bound[k])
				k++;
			rf = k < r->nramp ? r->ramp[k] : SALES_RAMP_FULL;
		}
		w[d] = s[d] * (unsigned)rf;
		S += s[d];
		A += w[d];
	}
	if (S == 0 && t != 0) {
		sales_err_set(err, SALES_EVALUE,
		    "no days to spread the quota over");
		goto out;
	}

	/*
	 * The ramped year: the full quota apportioned between what the
	 * ramp keeps and what it takes away.
	 */
	two[0] = A;
	two[1] = S * SALES_RAMP_FULL - A;
	(void)apportion(t, two, 2, top, work);
	val[SALES_PERIOD_YEAR][0] = top[0];

	/* Weights of every period, then the levels that nest, top down. */
	for (p = 0; p < NLEVELS; p++)
		for (d = 0; d < y->ndays; d++)
			W[p][y->lv[p].of[d]] += w[d];
	depth = y->nchain;
	for (j = 0; j < y->nchain; j++)
		if (y->chain[j] == period) {
			depth = j + 1;
			break;
		}
	for (j = 1; j < depth; j++) {
		p = y->chain[j - 1];
		c = y->chain[j];
		lp = &y->lv[p];
		lc = &y->lv[c];
		for (i = 0; i < lp->n; i++) {
			fc = lc->of[lp->start[i] - y->start];
			lcn = lc->of[lp->end[i] - y->start] - fc + 1;
			(void)apportion(val[p][i], W[c] + fc, lcn,
			    val[c] + fc, work);
		}
	}

	/* A level outside the chain is the sum of its days. */
	if (depth == y->nchain && y->chain[depth - 1] != period) {
		memset(val[period], 0, y->lv[period].n * sizeof(**val));
		for (d = 0; d < y->ndays; d++)
			val[period][y->lv[period].of[d]] +=
			    val[SALES_PERIOD_DAY][d];
	}
	for (i = 0; i < y->lv[period].n; i++) {
		v = (int64_t)val[period][i] * r->unit;
		out[i] = units < 0 ? -v : v;
	}
	rv = 0;
	goto out;
nomem:
	sales_err_set(err, SALES_ENOMEM, "out of memory");
out:
	for (p = 0; p < NLEVELS; p++) {
		sales_free(W[p]);
		sales_free(val[p]);
	}
	sales_free(s);
	sales_free(w);
	sales_free(work);
	sales_free(bound);
	return rv;
}
