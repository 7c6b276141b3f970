/*
 * stats.c: medians from counts per value.
 */
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

static int
add_count(struct sales_hist *h, long v, unsigned long c, struct sales_err *err)
{
	size_t		 i = lower_bound(h, v), cap;
	long		*val;
	unsigned long	*cnt;

	if (i < h->n && h->val[i] == v) {
		h->cnt[i] += c;
		h->total += c;
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
	h->total += c;
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
	return 0;
}

/* The k-th smallest value added, k counted from 0. */
static long
kth(const struct sales_hist *h, unsigned long k)
{
	size_t	 i;

	for (i = 0; i < h->n; i++) {
		if (k < h->cnt[i])
			return h->val[i];
		k -= h->cnt[i];
	}
	return h->val[h->n - 1];
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
