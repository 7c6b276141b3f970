/*
 * stats.h: exact statistics over whole numbers (day counts): medians
 * kept as counts per value, so that memory grows with the distinct
 * values seen, never with the rows.
 */
#ifndef SALES_STATS_H
#define SALES_STATS_H

#include <stddef.h>
#include <stdint.h>

#include "libsales/err.h"

/*
 * Counts per value; zero-fill (or sales_hist_init()) before use.  Once
 * 64 distinct values are kept as sorted pairs and most of them lie
 * close together (a range at most 4 times their number), those counts
 * move into a window indexed by value, so that adding is one index and
 * memory stays within twice the pairs'; the outliers stay pairs.
 */
struct sales_hist {
	/* What adding a value in the window touches, first. */
	unsigned long	 total;		/* values added */
	unsigned long	*win;		/* counts of base .. base + span - 1 */
	long		 base;
	size_t		 span;		/* 0: no window */
	size_t		 nwin;		/* distinct values in the window */
	long		*val;		/* distinct values, ascending */
	unsigned long	*cnt;		/* how often each was added */
	size_t		 n;		/* distinct values in val */
	size_t		 cap;
	size_t		 retry;		/* n at which to try a window again */
};

/* Make h empty. */
void	sales_hist_init(struct sales_hist *h);

/* Free h's arrays; h is then empty again. */
void	sales_hist_release(struct sales_hist *h);

/*
 * Count one more v.  O(1) inside the window, else O(log n) to find it
 * and O(n) to insert a new value.  Returns 0, or -1 with err set
 * (SALES_ENOMEM).
 */
int	sales_hist_add(struct sales_hist *h, long v, struct sales_err *err);

/*
 * Add every count of src to dst.  Returns 0, or -1 with err set
 * (SALES_ENOMEM).
 */
int	sales_hist_merge(struct sales_hist *dst, const struct sales_hist *src,
	    struct sales_err *err);

/*
 * Twice the median of the values added, into *twice (so that a median
 * between two middle values, such as 42.5, stays exact: 85).  The
 * median of an even count is the mean of the two middle values.
 * Returns 0, or -1 when h is empty.
 */
int	sales_hist_median2(const struct sales_hist *h, long *twice);

/*
 * Write a half-integer given as twice its value: 84 -> "42",
 * 85 -> "42.5", -1 -> "-0.5".  buf holds at least 32 bytes.  Returns
 * the length.
 */
size_t	sales_half_format(long twice, char *buf);

#endif
