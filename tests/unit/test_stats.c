/*
 * Unit tests for stats: medians from counts per value.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "libsales/mem.h"
#include "libsales/stats.h"

static void
test_stats_empty(void **state)
{
	struct sales_hist	 h;
	long			 t;

	sales_hist_init(&h);
	assert_int_equal(sales_hist_median2(&h, &t), -1);
	sales_hist_release(&h);
}

static void
test_stats_odd_even(void **state)
{
	struct sales_hist	 h;
	struct sales_err	 e;
	long			 t;

	sales_hist_init(&h);
	/* 30, 10, 20: median 20. */
	assert_int_equal(sales_hist_add(&h, 30, &e), 0);
	assert_int_equal(sales_hist_add(&h, 10, &e), 0);
	assert_int_equal(sales_hist_add(&h, 20, &e), 0);
	assert_int_equal(sales_hist_median2(&h, &t), 0);
	assert_int_equal(t, 40);
	/* 10, 20, 30, 35: (20 + 30) / 2 = 25. */
	assert_int_equal(sales_hist_add(&h, 35, &e), 0);
	assert_int_equal(sales_hist_median2(&h, &t), 0);
	assert_int_equal(t, 50);
	/* 10, 20, 30, 35, 35, 35: (30 + 35) / 2 = 32.5. */
	assert_int_equal(sales_hist_add(&h, 35, &e), 0);
	assert_int_equal(sales_hist_add(&h, 35, &e), 0);
	assert_int_equal(sales_hist_median2(&h, &t), 0);
	assert_int_equal(t, 65);
	assert_int_equal(h.n, 4);
	assert_int_equal(h.total, 6);
	sales_hist_release(&h);
}

static int
cmp_long(const void *a, const void *b)
{
	long	 x = *(const long *)a, y = *(const long *)b;

	return x < y ? -1 : x > y;
}

/* Against a sort of the same values, for many random sets. */
static void
test_stats_random(void **state)
{
	struct sales_hist	 h;
	struct sales_err	 e;
	long			 v[301], t, want;
	int			 round, i, n;

	srand(7);
	for (round = 0; round < 500; round++) {
		sales_hist_init(&h);
		n = 1 + rand() % 300;
		for (i = 0; i < n; i++) {
			v[i] = rand() % 61 - 20;
			assert_int_equal(sales_hist_add(&h, v[i], &e), 0);
		}
		qsort(v, (size_t)n, sizeof(v[0]), cmp_long);
		want = n % 2 ? 2 * v[n / 2] : v[n / 2 - 1] + v[n / 2];
		assert_int_equal(sales_hist_median2(&h, &t), 0);
		assert_int_equal(t, want);
		sales_hist_release(&h);
	}
}

/*
 * Many distinct values, so that windows come and go: mostly close
 * together (the window), some far off (pairs below and above it), a
 * drift that widens the range, and values 4e12 apart.  After
 * every 97 values, the median is checked against a sort of the values
 * so far, and at the end a merge of two such histograms against the
 * sort of both.
 */
static void
test_stats_window(void **state)
{
	enum { N = 4000 };
	struct sales_hist	 h, g;
	struct sales_err	 e;
	long			*v, *s, t, want;
	int			 round, i, m;

	v = malloc(2 * N * sizeof(*v));
	s = malloc(2 * N * sizeof(*s));
	assert_non_null(v);
	assert_non_null(s);
	srand(11);
	for (round = 0; round < 12; round++) {
		sales_hist_init(&h);
		sales_hist_init(&g);
		for (i = 0; i < 2 * N; i++) {
			switch (rand() % 10) {
			case 0:
				/* Rounds 0, 3, 6 and 9 only drift. */
				v[i] = round % 3 == 0 ? i * 2 :
				    rand() % 2000000 - 1000000;
				break;
			case 1:
				v[i] = round % 3 == 0 ? i * 3 : rand() % 50;
				break;
			case 2:
				v[i] = round % 4 == 0 ? (i % 2 ? 4000000000000L -
				    rand() % 5 : -4000000000000L + rand() % 5) :
				    7;
				break;
			default:
				v[i] = rand() % (100 + 50 * round);
				break;
			}
			assert_int_equal(sales_hist_add(i < N ? &h : &g, v[i],
			    &e), 0);
			if (i < N && (i % 97 == 0 || i == N - 1)) {
				m = i + 1;
				memcpy(s, v, (size_t)m * sizeof(*s));
				qsort(s, (size_t)m, sizeof(*s), cmp_long);
				want = m % 2 ? 2 * s[m / 2] : s[m / 2 - 1] +
				    s[m / 2];
				assert_int_equal(sales_hist_median2(&h, &t), 0);
				assert_int_equal(t, want);
			}
		}
		assert_int_equal(h.total, N);
		assert_int_equal(sales_hist_merge(&h, &g, &e), 0);
		memcpy(s, v, 2 * N * sizeof(*s));
		qsort(s, 2 * N, sizeof(*s), cmp_long);
		assert_int_equal(h.total, 2 * N);
		assert_int_equal(sales_hist_median2(&h, &t), 0);
		assert_int_equal(t, s[N - 1] + s[N]);
		sales_hist_release(&h);
		sales_hist_release(&g);
	}
	free(v);
	free(s);
}

static void
test_stats_merge(void **state)
{
	struct sales_hist	 a, b;
	struct sales_err	 e;
	long			 t;

	sales_hist_init(&a);
	sales_hist_init(&b);
	assert_int_equal(sales_hist_add(&a, 1, &e), 0);
	assert_int_equal(sales_hist_add(&a, 5, &e), 0);
	assert_int_equal(sales_hist_add(&b, 5, &e), 0);
	assert_int_equal(sales_hist_add(&b, 9, &e), 0);
	assert_int_equal(sales_hist_merge(&a, &b, &e), 0);
	/* 1, 5, 5, 9: median 5. */
	assert_int_equal(sales_hist_median2(&a, &t), 0);
	assert_int_equal(t, 10);
	assert_int_equal(a.total, 4);
	sales_hist_release(&a);
	sales_hist_release(&b);
}

static void
test_stats_nomem(void **state)
{
	struct sales_hist	 h;
	struct sales_err	 e;

	sales_hist_init(&h);
	sales_mem_fail_after(0);
	assert_int_equal(sales_hist_add(&h, 3, &e), -1);
	sales_mem_fail_after(-1);
	assert_int_equal(e.code, SALES_ENOMEM);
	assert_int_equal(h.total, 0);
	sales_hist_release(&h);
}

static void
test_stats_half_format(void **state)
{
	char	 buf[32];

	assert_int_equal(sales_half_format(84, buf), 2);
	assert_string_equal(buf, "42");
	sales_half_format(85, buf);
	assert_string_equal(buf, "42.5");
	sales_half_format(-1, buf);
	assert_string_equal(buf, "-0.5");
	sales_half_format(-3, buf);
	assert_string_equal(buf, "-1.5");
	sales_half_format(0, buf);
	assert_string_equal(buf, "0");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stats_empty),
		cmocka_unit_test(test_stats_odd_even),
		cmocka_unit_test(test_stats_random),
		cmocka_unit_test(test_stats_window),
		cmocka_unit_test(test_stats_merge),
		cmocka_unit_test(test_stats_nomem),
		cmocka_unit_test(test_stats_half_format),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
