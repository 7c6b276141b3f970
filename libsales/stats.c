/*
 * stats.c: medians from counts per value.
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "libsales/mem.h"
#include "libsales/stats.h"

void
sales_hist_init(struct sales_hist *h)
{
	memset(h, 0, sizeof(*h));
}

void
sales_hist_release(struct sales_hist *h)
{
	sales_free(h->val);
	sales_free(h->cnt);
	sales_free(h->win);
	sales_hist_init(h);
}

/*
 * The index of the first value >= v: a binary search whose steps are
 * picked without a branch (the half is chosen by a compare the compiler
 * turns into a conditional move), as values arrive in no order.
 */
static size_t
lower_bound(const struct sales_hist *h, long v)
{
	const long	*base = h->val;
	size_t		 n = h->n, half;

	if (n == 0)
		return 0;
	while (n > 1) {
		half = n / 2;
		base = base[half] < v ? base + half : base;
		n -= half;
	}
	return (size_t)(base - h->val) + (*base < v);
}

#define WIN_MIN		64		/* distinct values before a window */
#define WIN_DENSITY	4		/* most window slots a value */
#define WIN_MAX		((size_t)1 << 24)	/* most window slots */

/* Insert or count v among the sorted pairs. */
static int
add_pair(struct sales_hist *h, long v, unsigned long c, struct sales_err *err)
{
	size_t		 i = lower_bound(h, v), cap;
	long		*val;
	unsigned long	*cnt;

	if (i < h->n && h->val[i] == v) {
		h->cnt[i] += c;
		return 0;
	}
	if (h->n == h->cap) {
		cap = h->cap ? h->cap * 2 : 16;
		if ((val = sales_reallocarray(h->val, cap, sizeof(*val))) == NULL)
			return sales_err_set(err, SALES_ENOMEM, "out of memory");
		h->val = val;
		if ((cnt = sales_reallocarray(h->cnt, cap, sizeof(*cnt))) == NULL)
			return sales_err_set(err, SALES_ENOMEM, "out of memory");
		h->cnt = cnt;
		h->cap = cap;
	}
	memmove(&h->val[i + 1], &h->val[i], (h->n - i) * sizeof(*h->val));
	memmove(&h->cnt[i + 1], &h->cnt[i], (h->n - i) * sizeof(*h->cnt));
	h->val[i] = v;
	h->cnt[i] = c;
	h->n++;
	return 0;
}

/*
 * With many pairs, make a window over the middle of the values kept
 * (the pairs but the lowest and highest 1/16, and the old window) if
 * they are dense enough, widened as the density allows, and move the
 * pairs it covers into it; the outliers stay pairs.  Not dense enough: try again when the pairs have
 * doubled.  No memory for the window is no error: the pairs stay.
 */
static void
try_window(struct sales_hist *h)
{
	unsigned long	*w;
	unsigned long	 range, dense, pad;
	long		 lo = h->val[h->n / 16];
	long		 hi = h->val[h->n - 1 - h->n / 16];
	size_t		 i, i0, i1, span;

	h->retry = 2 * h->n;
	if (h->span > 0) {
		if (h->base < lo)
			lo = h->base;
		if (h->base + (long)(h->span - 1) > hi)
			hi = h->base + (long)(h->span - 1);
	}
	/* The pairs from lo to hi: i0 .. i1 - 1. */
	i0 = lower_bound(h, lo);
	for (i1 = i0; i1 < h->n && h->val[i1] <= hi; i1++)
		;
	/* hi - lo + 1 in unsigned arithmetic: longs may be far apart. */
	range = (unsigned long)hi - (unsigned long)lo;
	dense = WIN_DENSITY * (i1 - i0 + h->nwin);
	if (range >= WIN_MAX || range >= dense)
		return;
	/*
	 * Widen it by up to half its range on each side, as far as the
	 * density allows, for the values yet to come near it.
	 */
	pad = (dense - range - 1) / 2;
	if (pad > range / 2)
		pad = range / 2;
	if (lo >= LONG_MIN + (long)pad && hi <= LONG_MAX - (long)pad) {
		lo -= (long)pad;
		hi += (long)pad;
		range += 2 * pad;
		i0 = lower_bound(h, lo);
		for (i1 = i0; i1 < h->n && h->val[i1] <= hi; i1++)
			;
	}
	span = (size_t)range + 1;
	if ((w = sales_calloc(span, sizeof(*w))) == NULL)
		return;
	if (h->span > 0)
		memcpy(w + (h->base - lo), h->win, h->span * sizeof(*w));
	for (i = i0; i < i1; i++)
		w[h->val[i] - lo] += h->cnt[i];
	memmove(&h->val[i0], &h->val[i1], (h->n - i1) * sizeof(*h->val));
	memmove(&h->cnt[i0], &h->cnt[i1], (h->n - i1) * sizeof(*h->cnt));
	h->n -= i1 - i0;
	sales_free(h->win);
	h->win = w;
	h->nwin += i1 - i0;
	h->base = lo;
	h->span = span;
	h->retry = 2 * h->n > WIN_MIN ? 2 * h->n : WIN_MIN;
}

static int
add_count(struct sales_hist *h, long v, unsigned long c, struct sales_err *err)
{
	unsigned long	 off = (unsigned long)v - (unsigned long)h->base;

	h->total += c;
	if (off < h->span) {
		h->nwin += h->win[off] == 0;
		h->win[off] += c;
		return 0;
	}
	if (add_pair(h, v, c, err) == -1) {
		h->total -= c;
		return -1;
	}
	if (h->n >= WIN_MIN && h->n >= h->retry)
		try_window(h);
	return 0;
}

int
sales_hist_add(struct sales_hist *h, long v, struct sales_err *err)
{
	return add_count(h, v, 1, err);
}

int
sales_hist_merge(struct sales_hist *dst, const struct sales_hist *src,
    struct sales_err *err)
{
	size_t	 i;

	for (i = 0; i < src->n; i++)
		if (add_count(dst, src->val[i], src->cnt[i], err) == -1)
			return -1;
	for (i = 0; i < src->span; i++)
		if (src->win[i] != 0 && add_count(dst, src->base + (long)i,
		    src->win[i], err) == -1)
			return -1;
	return 0;
}

/*
 * The k-th smallest value added, k counted from 0: the pairs below the
 * window, the window, then the pairs above it.
 */
static long
kth(const struct sales_hist *h, unsigned long k)
{
	size_t	 i = 0, j;

	for (; i < h->n && (h->span == 0 || h->val[i] < h->base); i++) {
		if (k < h->cnt[i])
			return h->val[i];
		k -= h->cnt[i];
	}
	for (j = 0; j < h->span; j++) {
		if (k < h->win[j])
			return h->base + (long)j;
		k -= h->win[j];
	}
	for (; i < h->n; i++) {
		if (k < h->cnt[i])
			return h->val[i];
		k -= h->cnt[i];
	}
	return h->n > 0 ? h->val[h->n - 1] : h->base + (long)h->span - 1;
}

int
sales_hist_median2(const struct sales_hist *h, long *twice)
{
	if (h->total == 0)
		return -1;
	if (h->total % 2 == 1)
		*twice = 2 * kth(h, h->total / 2);
	else
		*twice = kth(h, h->total / 2 - 1) + kth(h, h->total / 2);
	return 0;
}

size_t
sales_half_format(long twice, char *buf)
{
	long	 whole = twice / 2;
	int	 half = twice % 2 != 0;

	if (!half)
		return (size_t)snprintf(buf, 32, "%ld", whole);
	if (twice < 0 && whole == 0)
		return (size_t)snprintf(buf, 32, "-0.5");
	return (size_t)snprintf(buf, 32, "%ld.5", whole);
}
