/*
 * test_groups.c: the group-key table: dense numbering, lookups, keys
 * with NUL bytes and empty keys, byte order of the sorted index, and
 * allocation failures.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libsales/groups.h"
#include "libsales/mem.h"

struct tkey {
	char	 s[64];
	size_t	 len;
};

/*
 * An independent byte order: compare byte by byte as unsigned
 * values; a key that is a prefix of the other comes first.
 */
static int
ref_cmp(const struct tkey *a, const struct tkey *b)
{
	size_t	 i;

	for (i = 0; i < a->len && i < b->len; i++) {
		if ((unsigned char)a->s[i] != (unsigned char)b->s[i])
			return (unsigned char)a->s[i] <
			    (unsigned char)b->s[i] ? -1 : 1;
	}
	if (a->len == b->len)
		return 0;
	return a->len < b->len ? -1 : 1;
}

struct tentry {
	struct tkey	 key;
	size_t		 pos;		/* order of the call */
	long		 num;		/* number the table gave */
	int		 isnew;
};

/* The reference order, ties broken by call order. */
static int
ref_qcmp(const void *a, const void *b)
{
	const struct tentry	*ea = a, *eb = b;
	int			 c;

	if ((c = ref_cmp(&ea->key, &eb->key)) != 0)
		return c;
	return (ea->pos > eb->pos) - (ea->pos < eb->pos);
}

static void
test_groups_dense_numbers(void **state)
{
	struct sales_groups	*g;
	struct sales_err	 e;
	struct sales_field	 f;
	int			 isnew;

	assert_int_equal(sales_groups_new(&g, &e), 0);
	assert_int_equal(sales_groups_count(g), 0);
	assert_int_equal(sales_groups_lookup(g, "a", 1), -1);
	assert_int_equal(sales_groups_intern(g, "Ana", 3, &isnew, &e), 0);
	assert_int_equal(isnew, 1);
	assert_int_equal(sales_groups_intern(g, "Ben", 3, &isnew, &e), 1);
	assert_int_equal(isnew, 1);
	assert_int_equal(sales_groups_intern(g, "Ana", 3, &isnew, &e), 0);
	assert_int_equal(isnew, 0);
	/* A prefix is another key. */
	assert_int_equal(sales_groups_intern(g, "An", 2, NULL, &e), 2);
	assert_int_equal(sales_groups_count(g), 3);
	assert_int_equal(sales_groups_lookup(g, "Ben", 3), 1);
	assert_int_equal(sales_groups_lookup(g, "Bent", 4), -1);
	f = sales_groups_key(g, 1);
	assert_int_equal(f.len, 3);
	assert_memory_equal(f.s, "Ben", 4);	/* NUL-terminated */
	/* The length is checked before a byte is read. */
	assert_int_equal(sales_groups_intern(g, "x", (size_t)1 << 33, NULL,
	    &e), -1);
	assert_int_equal(e.code, SALES_ELIMIT);
	assert_int_equal(sales_groups_count(g), 3);
	sales_groups_free(g);
	sales_groups_free(NULL);
}

static void
test_groups_empty_and_nul_keys(void **state)
{
	struct sales_groups	*g;
	struct sales_err	 e;
	struct sales_field	 f;
	int			 isnew;

	assert_int_equal(sales_groups_new(&g, &e), 0);
	assert_int_equal(sales_groups_intern(g, "", 0, &isnew, &e), 0);
	assert_int_equal(isnew, 1);
	assert_int_equal(sales_groups_intern(g, NULL, 0, &isnew, &e), 0);
	assert_int_equal(isnew, 0);
	/* One NUL byte (two empty columns) is not the empty key. */
	assert_int_equal(sales_groups_intern(g, "\0", 1, &isnew, &e), 1);
	assert_int_equal(isnew, 1);
	assert_int_equal(sales_groups_intern(g, "a\0b", 3, NULL, &e), 2);
	assert_int_equal(sales_groups_intern(g, "a\0c", 3, NULL, &e), 3);
	assert_int_equal(sales_groups_intern(g, "a", 1, NULL, &e), 4);
	assert_int_equal(sales_groups_lookup(g, "a\0b", 3), 2);
	assert_int_equal(sales_groups_lookup(g, "a\0", 2), -1);
	assert_int_equal(sales_groups_lookup(g, "", 0), 0);
	f = sales_groups_key(g, 0);
	assert_int_equal(f.len, 0);
	assert_int_equal(f.s[0], '\0');
	f = sales_groups_key(g, 3);
	assert_int_equal(f.len, 3);
	assert_memory_equal(f.s, "a\0c", 4);
	sales_groups_free(g);
}

/* "" < "\0" < "a" < "a\0" < "a\0b" < "ab" < "b" < "\xc3\xa9" (é). */
static void
test_groups_sorted_small(void **state)
{
	static const struct {
		const char	*s;
		size_t		 len;
	} in[] = {
		{ "ab", 2 }, { "a\0b", 3 }, { "\xc3\xa9", 2 }, { "a", 1 },
		{ "", 0 }, { "b", 1 }, { "a\0", 2 }, { "\0", 1 }
	};
	/* Positions of in[] in byte order, worked out by hand. */
	static const size_t	 want[] = { 4, 7, 3, 6, 1, 0, 5, 2 };
	struct sales_groups	*g;
	struct sales_err	 e;
	size_t			*idx, i;

	assert_int_equal(sales_groups_new(&g, &e), 0);
	for (i = 0; i < sizeof(in) / sizeof(in[0]); i++)
		assert_int_equal(sales_groups_intern(g, in[i].s, in[i].len,
		    NULL, &e), (long)i);
	idx = sales_groups_sorted(g, &e);
	assert_non_null(idx);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		assert_int_equal(idx[i], want[i]);
	sales_free(idx);
	sales_groups_free(g);
}

static void
test_groups_sorted_empty(void **state)
{
	struct sales_groups	*g;
	struct sales_err	 e;
	size_t			*idx;

	assert_int_equal(sales_groups_new(&g, &e), 0);
	idx = sales_groups_sorted(g, &e);
	assert_non_null(idx);
	sales_free(idx);
	sales_groups_free(g);
}

/*
 * Make key number i: two columns joined by a NUL, the first of which
 * is empty for every seventh key, and a single-column key now and then.
 */
static void
make_key(struct tkey *k, size_t i)
{
	int	 n;

	if (i % 11 == 0) {
		n = snprintf(k->s, sizeof(k->s), "rep%zu", i * 7919 % 1000);
		k->len = (size_t)n;
		return;
	}
	if (i % 7 == 0)
		n = 0;
	else
		n = snprintf(k->s, sizeof(k->s), "rep%zu", i * 7919 % 1000);
	k->s[n] = '\0';
	k->len = (size_t)n + 1;
	n = snprintf(k->s + k->len, sizeof(k->s) - k->len, "%04zu-Q%zu",
	    2000 + i % 37, 1 + i % 4);
	k->len += (size_t)n;
}

static void
test_groups_thousands(void **state)
{
	struct sales_groups	*g;
	struct sales_err	 e;
	struct sales_field	 f;
	struct tentry		*ent;
	size_t			*idx, n = 20000, i, d;
	long			 next = 0;

	ent = calloc(n, sizeof(*ent));
	assert_non_null(ent);
	assert_int_equal(sales_groups_new(&g, &e), 0);
	for (i = 0; i < n; i++) {
		make_key(&ent[i].key, i);
		ent[i].pos = i;
		ent[i].num = sales_groups_intern(g, ent[i].key.s,
		    ent[i].key.len, &ent[i].isnew, &e);
		/* New keys get the next number, old ones an earlier one. */
		if (ent[i].isnew)
			assert_int_equal(ent[i].num, next++);
		else
			assert_true(ent[i].num >= 0 && ent[i].num < next);
	}
	assert_int_equal(sales_groups_count(g), (size_t)next);

	/*
	 * Sorted by the reference order, each run of equal keys starts
	 * with its first sighting (the only one marked new) and shares one
	 * number; the runs follow the table's sorted index.
	 */
	qsort(ent, n, sizeof(*ent), ref_qcmp);
	idx = sales_groups_sorted(g, &e);
	assert_non_null(idx);
	for (i = 0, d = 0; i < n; i++) {
		if (i > 0 && ref_cmp(&ent[i - 1].key, &ent[i].key) == 0) {
			assert_int_equal(ent[i].isnew, 0);
			assert_int_equal(ent[i].num, ent[i - 1].num);
			continue;
		}
		assert_int_equal(ent[i].isnew, 1);
		assert_true(d < (size_t)next);
		assert_int_equal(idx[d], (size_t)ent[i].num);
		f = sales_groups_key(g, idx[d]);
		assert_int_equal(f.len, ent[i].key.len);
		assert_memory_equal(f.s, ent[i].key.s, f.len);
		assert_int_equal(f.s[f.len], '\0');
		assert_int_equal(sales_groups_lookup(g, ent[i].key.s,
		    ent[i].key.len), ent[i].num);
		d++;
	}
	assert_int_equal(d, (size_t)next);
	assert_true(next > 1000);
	sales_free(idx);
	sales_groups_free(g);
	free(ent);
}

/* A key far bigger than an arena chunk, between small ones. */
static void
test_groups_big_key(void **state)
{
	struct sales_groups	*g;
	struct sales_err	 e;
	struct sales_field	 f;
	size_t			 n = 300000;
	char			*big;

	big = malloc(n);
	assert_non_null(big);
	memset(big, 'x', n);
	big[n / 2] = '\0';
	assert_int_equal(sales_groups_new(&g, &e), 0);
	assert_int_equal(sales_groups_intern(g, "a", 1, NULL, &e), 0);
	assert_int_equal(sales_groups_intern(g, big, n, NULL, &e), 1);
	assert_int_equal(sales_groups_intern(g, "b", 1, NULL, &e), 2);
	assert_int_equal(sales_groups_intern(g, big, n - 1, NULL, &e), 3);
	assert_int_equal(sales_groups_lookup(g, big, n), 1);
	f = sales_groups_key(g, 1);
	assert_int_equal(f.len, n);
	assert_memory_equal(f.s, big, n);
	f = sales_groups_key(g, 0);
	assert_memory_equal(f.s, "a", 2);
	f = sales_groups_key(g, 2);
	assert_memory_equal(f.s, "b", 2);
	sales_groups_free(g);
	free(big);
}

/*
 * Fail the Nth allocation for every N until a whole run succeeds: each
 * failure is SALES_ENOMEM, the keys interned before it are intact, and
 * freeing leaves no leak (checked by LeakSanitizer under SANITIZE=1).
 */
static void
test_groups_enomem(void **state)
{
	struct sales_groups	*g;
	struct sales_err	 e;
	struct tkey		 key;
	size_t			*idx, i, done;
	long			 fail, k;
	int			 ok;

	for (fail = 0;; fail++) {
		sales_mem_fail_after(fail);
		if (sales_groups_new(&g, &e) == -1) {
			assert_int_equal(e.code, SALES_ENOMEM);
			assert_null(g);
			continue;
		}
		ok = 1;
		done = 0;
		for (i = 0; i < 3000; i++) {
			make_key(&key, i);
			k = sales_groups_intern(g, key.s, key.len, NULL, &e);
			if (k == -1) {
				assert_int_equal(e.code, SALES_ENOMEM);
				ok = 0;
				break;
			}
			done = i + 1;
		}
		/* What went in before the failure is still there. */
		sales_mem_fail_after(-1);
		for (i = 0; i < done; i++) {
			make_key(&key, i);
			assert_true(sales_groups_lookup(g, key.s, key.len) >=
			    0);
		}
		if (ok) {
			sales_mem_fail_after(0);
			idx = sales_groups_sorted(g, &e);
			sales_mem_fail_after(-1);
			assert_null(idx);
			assert_int_equal(e.code, SALES_ENOMEM);
		}
		sales_groups_free(g);
		if (ok)
			break;
	}
	sales_mem_fail_after(-1);
	/* Arena chunks, key array and slot growth: many failure points. */
	assert_true(fail > 10);
}

/*
 * Keys interned with the caller's hash are found by it, whole or as
 * parts joined by NUL bytes; a key with another hash, a prefix or a
 * different split is another key.
 */
static void
test_groups_hashed_parts(void **state)
{
	struct sales_groups	*g;
	struct sales_err	 e;
	struct sales_field	 p[3];
	static char		 longpart[20000];
	int			 isnew;

	(void)state;
	assert_int_equal(sales_groups_new(&g, &e), 0);
	/* Every key the same hash: the table tells them by their bytes. */
	assert_int_equal(sales_groups_intern_hashed(g, "ab\0c", 4, 7,
	    &isnew, &e), 0);
	assert_int_equal(isnew, 1);
	assert_int_equal(sales_groups_intern_hashed(g, "a\0bc", 4, 7,
	    &isnew, &e), 1);
	assert_int_equal(sales_groups_intern_hashed(g, "abc", 3, 7, &isnew,
	    &e), 2);
	assert_int_equal(sales_groups_intern_hashed(g, "ab\0c", 4, 7,
	    &isnew, &e), 0);
	assert_int_equal(isnew, 0);
	assert_int_equal(sales_groups_lookup_hashed(g, "abc", 3, 7), 2);
	assert_int_equal(sales_groups_lookup_hashed(g, "abc", 3, 8), -1);
	assert_int_equal(sales_groups_lookup_hashed(g, "ab", 2, 7), -1);

	p[0] = (struct sales_field){ "ab", 2 };
	p[1] = (struct sales_field){ "c", 1 };
	assert_int_equal(sales_groups_lookup_parts(g, p, 2, 7), 0);
	p[0] = (struct sales_field){ "a", 1 };
	p[1] = (struct sales_field){ "bc", 2 };
	assert_int_equal(sales_groups_lookup_parts(g, p, 2, 7), 1);
	p[0] = (struct sales_field){ "abc", 3 };
	assert_int_equal(sales_groups_lookup_parts(g, p, 1, 7), 2);
	p[0] = (struct sales_field){ "ab", 2 };
	assert_int_equal(sales_groups_lookup_parts(g, p, 1, 7), -1);
	/* Three parts, the middle one empty: "a", "", "c" is "a\0\0c". */
	p[0] = (struct sales_field){ "a", 1 };
	p[1] = (struct sales_field){ "", 0 };
	p[2] = (struct sales_field){ "c", 1 };
	assert_int_equal(sales_groups_lookup_parts(g, p, 3, 7), -1);
	assert_int_equal(sales_groups_intern_hashed(g, "a\0\0c", 4, 7,
	    &isnew, &e), 3);
	assert_int_equal(sales_groups_lookup_parts(g, p, 3, 7), 3);
	p[1] = (struct sales_field){ "b", 1 };
	assert_int_equal(sales_groups_lookup_parts(g, p, 3, 7), -1);
	p[0] = (struct sales_field){ "a", 1 };
	p[1] = (struct sales_field){ "", 0 };
	assert_int_equal(sales_groups_lookup_parts(g, p, 2, 7), -1);
	/* The length is checked before a byte is read. */
	assert_int_equal(sales_groups_intern_hashed(g, "x", (size_t)1 << 33,
	    7, NULL, &e), -1);
	assert_int_equal(e.code, SALES_ELIMIT);
	assert_int_equal(sales_groups_intern_hashed(g, "x", (size_t)1 << 31,
	    7, NULL, &e), -1);
	assert_int_equal(e.code, SALES_ELIMIT);
	assert_int_equal(sales_groups_count(g), 4);


	/*
	 * A key holding 0x01 (an escaped group key) is found whole, never
	 * from parts, whose bytes would read its escapes as values; its
	 * length is its own.
	 */
	assert_int_equal(sales_groups_intern_hashed(g, "x\1\1", 3, 7,
	    &isnew, &e), 4);
	assert_int_equal(sales_groups_lookup_hashed(g, "x\1\1", 3, 7), 4);
	p[0] = (struct sales_field){ "x\1\1", 3 };
	assert_int_equal(sales_groups_lookup_parts(g, p, 1, 7), -1);
	assert_int_equal(sales_groups_key(g, 4).len, 3);
	/*
	 * Parts longer than an escaped key of the same hash: its bytes
	 * are not read past its end (ASan would tell).
	 */
	memset(longpart, 'x', sizeof(longpart));
	p[0] = (struct sales_field){ longpart, sizeof(longpart) };
	assert_int_equal(sales_groups_lookup_parts(g, p, 1, 7), -1);
	p[1] = (struct sales_field){ longpart, sizeof(longpart) };
	assert_int_equal(sales_groups_lookup_parts(g, p, 2, 7), -1);

	assert_int_equal(sales_groups_intern_hashed(g, "x\1\1", 3, 7,
	    &isnew, &e), 4);
	assert_int_equal(isnew, 0);
	sales_groups_free(g);
}

/*
 * find_two: the hash it gives for one or two values is the one a key
 * is interned with; then the values find it, and only they: another
 * split of the same bytes, one value for two, a prefix or an escaped
 * key (which holds 0x01) are not found.
 */
static void
test_groups_find_two(void **state)
{
	struct sales_groups	*g;
	struct sales_err	 e;
	uint32_t		 h, h2;

	(void)state;
	assert_int_equal(sales_groups_new(&g, &e), 0);
	assert_int_equal(sales_groups_find_two(g, "ab", 2, "c", 1, &h), -1);
	assert_int_equal(sales_groups_intern_hashed(g, "ab\0c", 4, h, NULL,
	    &e), 0);
	assert_int_equal(sales_groups_find_two(g, "ab", 2, "c", 1, &h2), 0);
	assert_int_equal(h2, h);
	assert_int_equal(sales_groups_find_two(g, "a", 1, "bc", 2, &h), -1);
	assert_int_equal(sales_groups_intern_hashed(g, "a\0bc", 4, h, NULL,
	    &e), 1);
	assert_int_equal(sales_groups_find_two(g, "a", 1, "bc", 2, &h), 1);
	assert_int_equal(sales_groups_find_two(g, "ab", 2, "c", 1, &h), 0);
	assert_int_equal(sales_groups_find_two(g, "abc", 3, NULL, 0, &h), -1);
	assert_int_equal(sales_groups_intern_hashed(g, "abc", 3, h, NULL, &e),
	    2);
	assert_int_equal(sales_groups_find_two(g, "abc", 3, NULL, 0, &h), 2);
	assert_int_equal(sales_groups_find_two(g, "ab", 2, NULL, 0, &h), -1);
	assert_int_equal(sales_groups_find_two(g, "ab", 2, "", 0, &h), -1);
	assert_int_equal(sales_groups_find_two(g, "", 0, "c", 1, &h), -1);
	/* Long values, compared in full. */
	assert_int_equal(sales_groups_find_two(g, "0123456789abcdefghij", 20,
	    "klmnopqrstuvwxyz0123456789", 26, &h), -1);
	assert_int_equal(sales_groups_intern_hashed(g,
	    "0123456789abcdefghij\0klmnopqrstuvwxyz0123456789", 47, h, NULL,
	    &e), 3);
	assert_int_equal(sales_groups_find_two(g, "0123456789abcdefghij", 20,
	    "klmnopqrstuvwxyz0123456789", 26, &h), 3);
	assert_int_equal(sales_groups_find_two(g, "0123456789abcdefghij", 20,
	    "klmnopqrstuvwxyz012345678X", 26, &h), -1);
	/* An escaped key: interned with its values' hash, never found. */
	assert_int_equal(sales_groups_find_two(g, "x\1\1", 3, NULL, 0, &h),
	    -1);
	assert_int_equal(sales_groups_intern_hashed(g, "x\1\1", 3, h, NULL,
	    &e), 4);
	assert_int_equal(sales_groups_find_two(g, "x\1\1", 3, NULL, 0, &h),
	    -1);
	assert_int_equal(sales_groups_lookup_hashed(g, "x\1\1", 3, h), 4);
	sales_groups_free(g);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_groups_dense_numbers),
		cmocka_unit_test(test_groups_hashed_parts),
		cmocka_unit_test(test_groups_find_two),
		cmocka_unit_test(test_groups_empty_and_nul_keys),
		cmocka_unit_test(test_groups_sorted_small),
		cmocka_unit_test(test_groups_sorted_empty),
		cmocka_unit_test(test_groups_thousands),
		cmocka_unit_test(test_groups_big_key),
		cmocka_unit_test(test_groups_enomem),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
