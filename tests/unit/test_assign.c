/*
 * test_assign.c: the rep table, eligibility, the four methods and the
 * balance carving, on hand-worked cases and on thousands of random
 * ones checked against properties and an exhaustive search.
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

#include "libsales/assign.h"
#include "libsales/err.h"
#include "libsales/mem.h"
#include "libsales/state.h"

/* Add a rep: capacity -1 = no limit; NULL lists = all. */
static void
add(struct sales_assign *a, const char *id, int active, const char *terr,
    const char *skills, long long cap, long long load, int64_t weight)
{
	struct sales_rep_spec	 s;
	struct sales_err	 e;

	sales_rep_spec_init(&s);
	s.id = id;
	s.idlen = strlen(id);
	s.active = active;
	s.territories = terr;
	s.territorieslen = terr ? strlen(terr) : 0;
	s.skills = skills;
	s.skillslen = skills ? strlen(skills) : 0;
	s.capacity = cap;
	s.load = load;
	s.weight = weight;
	assert_int_equal(sales_assign_add_rep(a, &s, &e), 0);
}

static long
cls(struct sales_assign *a, const char *terr, const char *seg)
{
	struct sales_err	 e;
	long			 c;

	c = sales_assign_class(a, terr, terr ? strlen(terr) : 0, seg,
	    seg ? strlen(seg) : 0, &e);
	assert_true(c >= 0);
	return c;
}

static const char *
pick_id(struct sales_assign *a, long c, const char **why)
{
	struct sales_rep_info	 ri;
	long			 r;

	r = sales_assign_pick(a, c, why);
	if (r < 0)
		return "";
	sales_assign_rep(a, (size_t)r, &ri);
	return ri.id;
}

static struct sales_assign *
engine(int method)
{
	struct sales_assign	*a;
	struct sales_err	 e;

	assert_int_equal(sales_assign_new(&a, method, &e), 0);
	return a;
}

static void
ready(struct sales_assign *a)
{
	struct sales_err	 e;

	assert_int_equal(sales_assign_ready(a, &e), 0);
}

static void
test_assign_method_names(void **state)
{
	assert_int_equal(sales_assign_method_parse("least-loaded"),
	    SALES_ASSIGN_LEAST_LOADED);
	assert_int_equal(sales_assign_method_parse("round-robin"),
	    SALES_ASSIGN_ROUND_ROBIN);
	assert_int_equal(sales_assign_method_parse("weighted"),
	    SALES_ASSIGN_WEIGHTED);
	assert_int_equal(sales_assign_method_parse("optimal"),
	    SALES_ASSIGN_OPTIMAL);
	assert_int_equal(sales_assign_method_parse("balance"),
	    SALES_ASSIGN_BALANCE);
	assert_int_equal(sales_assign_method_parse("random"), -1);
	assert_string_equal(sales_assign_method_name(SALES_ASSIGN_WEIGHTED),
	    "weighted");
	assert_string_equal(sales_assign_method_name(99), "");
}

static void
test_assign_rep_errors(void **state)
{
	struct sales_assign	*a = engine(SALES_ASSIGN_LEAST_LOADED);
	struct sales_rep_spec	 s;
	struct sales_err	 e;

	sales_rep_spec_init(&s);
	s.id = "Ana";
	s.idlen = 3;
	s.line = 2;
	assert_int_equal(sales_assign_add_rep(a, &s, &e), 0);
	s.line = 5;
	assert_int_equal(sales_assign_add_rep(a, &s, &e), -1);
	assert_int_equal(e.code, SALES_EVALUE);
	assert_string_equal(e.msg, "rep 'Ana' is listed twice: lines 2 and 5");
	s.id = "";
	s.idlen = 0;
	assert_int_equal(sales_assign_add_rep(a, &s, &e), -1);
	assert_string_equal(e.msg, "empty rep id");
	s.id = "Ben";
	s.idlen = 3;
	s.load = -1;
	assert_int_equal(sales_assign_add_rep(a, &s, &e), -1);
	assert_string_equal(e.msg, "negative load for rep 'Ben'");
	s.load = 0;
	s.weight = -1;
	assert_int_equal(sales_assign_add_rep(a, &s, &e), -1);
	assert_string_equal(e.msg, "negative weight for rep 'Ben'");
	assert_int_equal(sales_assign_nreps(a), 1);
	assert_int_equal(sales_assign_rep_find(a, "Ana", 3), 0);
	assert_int_equal(sales_assign_rep_find(a, "Ben", 3), -1);
	sales_assign_free(a);
	assert_int_equal(sales_assign_new(&a, 42, &e), -1);
	assert_int_equal(e.code, SALES_EUSAGE);
	sales_assign_free(NULL);
}

static void
test_assign_no_active_rep(void **state)
{
	struct sales_assign	*a = engine(SALES_ASSIGN_LEAST_LOADED);
	struct sales_err	 e;

	assert_int_equal(sales_assign_ready(a, &e), -1);
	assert_string_equal(e.msg, "no rep is active");
	add(a, "Ana", 0, NULL, NULL, -1, 0, 10000);
	add(a, "Ben", 0, NULL, NULL, -1, 0, 10000);
	assert_int_equal(sales_assign_ready(a, &e), -1);
	assert_int_equal(e.code, SALES_EVALUE);
	sales_assign_free(a);
}

/* Issue case: Ana, Ben (inactive), Cy; L1-L4 go Ana, Cy, Ana, Cy. */
static void
test_assign_round_robin_skips_inactive(void **state)
{
	struct sales_assign	*a = engine(SALES_ASSIGN_ROUND_ROBIN);
	const char		*why, *want[] = { "Ana", "Cy", "Ana", "Cy" };
	long			 c;
	int			 i;

	add(a, "Ana", 1, NULL, NULL, -1, 0, 10000);
	add(a, "Ben", 0, NULL, NULL, -1, 0, 10000);
	add(a, "Cy", 1, NULL, NULL, -1, 0, 10000);
	ready(a);
	c = cls(a, NULL, NULL);
	for (i = 0; i < 4; i++)
		assert_string_equal(pick_id(a, c, &why), want[i]);
	sales_assign_free(a);
}

/*
 * Issue case: Ana capacity 5 load 5, Ben capacity 3 load 2; L1 to Ben,
 * L2 left with a reason.
 */
static void
test_assign_capacity(void **state)
{
	int			 m;
	const char		*why;
	struct sales_assign	*a;
	struct sales_rep_info	 ri;
	long			 c;

	for (m = SALES_ASSIGN_LEAST_LOADED; m <= SALES_ASSIGN_OPTIMAL; m++) {
		a = engine(m);
		add(a, "Ana", 1, NULL, NULL, 5, 5, 10000);
		add(a, "Ben", 1, NULL, NULL, 3, 2, 10000);
		ready(a);
		c = cls(a, NULL, NULL);
		if (m == SALES_ASSIGN_OPTIMAL) {
			struct sales_err e;

			sales_assign_count(a, c);
			sales_assign_count(a, c);
			assert_int_equal(sales_assign_solve(a, &e), 0);
		}
		assert_string_equal(pick_id(a, c, &why), "Ben");
		assert_null(why);
		assert_string_equal(pick_id(a, c, &why), "");
		assert_string_equal(why, "all eligible reps at capacity");
		sales_assign_rep(a, 1, &ri);
		assert_int_equal(ri.assigned, 1);
		sales_assign_rep(a, 0, &ri);
		assert_int_equal(ri.assigned, 0);
		sales_assign_free(a);
	}
}

/*
 * Least-loaded by hand: A cap 10 load 5 (0.5), B cap 4 load 1 (0.25),
 * C no limit (0).  C first while nothing ties (its ratio stays 0): it
 * takes every lead... so cap C at 2 load 0: C 0/2 -> C (1/2 = 0.5);
 * now B 0.25 -> B (2/4 = 0.5); A, B, C all 0.5: fewest assigned: A
 * (0) -> A (6/10); B 0.5 vs C 0.5, assigned 1 each, file order: B
 * (3/4); C (2/2 full); A 0.6 vs B 0.75: A (7/10).
 */
static void
test_assign_least_loaded_order(void **state)
{
	struct sales_assign	*a = engine(SALES_ASSIGN_LEAST_LOADED);
	const char		*why;
	const char		*want[] = { "C", "B", "A", "B", "C", "A" };
	long			 c;
	int			 i;

	add(a, "A", 1, NULL, NULL, 10, 5, 10000);
	add(a, "B", 1, NULL, NULL, 4, 1, 10000);
	add(a, "C", 1, NULL, NULL, 2, 0, 10000);
	ready(a);
	c = cls(a, NULL, NULL);
	for (i = 0; i < 6; i++)
		assert_string_equal(pick_id(a, c, &why), want[i]);
	sales_assign_free(a);
}

/* No limit counts as an empty book: ties go by fewest, file order. */
static void
test_assign_least_loaded_unlimited(void **state)
{
	struct sales_assign	*a = engine(SALES_ASSIGN_LEAST_LOADED);
	const char		*why;
	const char		*want[] = { "A", "B", "A", "B" };
	long			 c;
	int			 i;

	add(a, "A", 1, NULL, NULL, -1, 50, 10000);
	add(a, "B", 1, NULL, NULL, -1, 0, 10000);
	add(a, "Z", 1, NULL, NULL, 0, 0, 10000);
	ready(a);
	c = cls(a, NULL, NULL);
	for (i = 0; i < 4; i++)
		assert_string_equal(pick_id(a, c, &why), want[i]);
	sales_assign_free(a);
}

/* nginx's own example: weights 5, 1, 1 give a a b a c a a. */
static void
test_assign_weighted_nginx(void **state)
{
	struct sales_assign	*a = engine(SALES_ASSIGN_WEIGHTED);
	const char		*why, *want = "aabacaa";
	char			 got[16];
	long			 c;
	int			 i;

	add(a, "a", 1, NULL, NULL, -1, 0, 50000);
	add(a, "b", 1, NULL, NULL, -1, 0, 10000);
	add(a, "c", 1, NULL, NULL, -1, 0, 10000);
	add(a, "z", 1, NULL, NULL, -1, 0, 0);
	ready(a);
	c = cls(a, NULL, NULL);
	for (i = 0; i < 14; i++)
		got[i] = pick_id(a, c, &why)[0];
	got[14] = '\0';
	assert_memory_equal(got, want, 7);
	assert_memory_equal(got + 7, want, 7);
	sales_assign_free(a);
}

static void
test_assign_weighted_zero(void **state)
{
	struct sales_assign	*a = engine(SALES_ASSIGN_WEIGHTED);
	const char		*why;
	long			 c;

	add(a, "a", 1, NULL, NULL, -1, 0, 0);
	ready(a);
	c = cls(a, NULL, NULL);
	assert_string_equal(pick_id(a, c, &why), "");
	assert_string_equal(why, "no eligible rep has a weight above 0");
	sales_assign_free(a);
}

static void
test_assign_eligibility(void **state)
{
	struct sales_assign	*a = engine(SALES_ASSIGN_ROUND_ROBIN);
	const char		*why;
	long			 c;

	add(a, "Ana", 1, " EMEA ; APAC", "hot", -1, 0, 10000);
	add(a, "Ben", 1, "US", "", -1, 0, 10000);
	add(a, "Cy", 1, "*", "cold;warm", -1, 0, 10000);
	add(a, "Dee", 0, "LATAM", NULL, -1, 0, 10000);
	ready(a);
	/* EMEA hot: Ana and Cy cover EMEA; only Ana is hot. */
	c = cls(a, "EMEA", "hot");
	assert_string_equal(pick_id(a, c, &why), "Ana");
	assert_string_equal(pick_id(a, c, &why), "Ana");
	/* US hot: Ben (no skills = all). */
	c = cls(a, "US", "hot");
	assert_string_equal(pick_id(a, c, &why), "Ben");
	/* US cold: Ben and Cy take turns. */
	c = cls(a, "US", "cold");
	assert_string_equal(pick_id(a, c, &why), "Ben");
	assert_string_equal(pick_id(a, c, &why), "Cy");
	/* LATAM: only inactive Dee names it, Cy covers all. */
	c = cls(a, "LATAM", "warm");
	assert_string_equal(pick_id(a, c, &why), "Cy");
	c = cls(a, "LATAM", "hot");
	assert_string_equal(pick_id(a, c, &why), "");
	assert_string_equal(why,
	    "no active rep covers segment hot in territory LATAM");
	/* No segment: anyone in the territory. */
	c = cls(a, "APAC", "");
	assert_string_equal(pick_id(a, c, &why), "Ana");
	assert_string_equal(pick_id(a, c, &why), "Cy");
	sales_assign_free(a);

	a = engine(SALES_ASSIGN_LEAST_LOADED);
	add(a, "Ana", 1, "EMEA", "hot", -1, 0, 10000);
	add(a, "Ben", 0, "US", NULL, -1, 0, 10000);
	ready(a);
	c = cls(a, "US", "hot");
	assert_string_equal(pick_id(a, c, &why), "");
	assert_string_equal(why, "no active rep covers territory US");
	c = cls(a, NULL, "cold");
	assert_string_equal(pick_id(a, c, &why), "");
	assert_string_equal(why, "no active rep covers segment cold");
	/* The same class comes back with the same number. */
	assert_int_equal(cls(a, "US", "hot"), 0);
	assert_int_equal(cls(a, "", "cold"), 1);
	sales_assign_free(a);
}

static void
test_assign_keep(void **state)
{
	struct sales_assign	*a = engine(SALES_ASSIGN_LEAST_LOADED);
	struct sales_rep_info	 ri;
	const char		*why;
	long			 c;

	add(a, "Ana", 1, NULL, NULL, 2, 0, 10000);
	add(a, "Ben", 1, NULL, NULL, 2, 1, 10000);
	ready(a);
	assert_int_equal(sales_assign_keep(a, "Ana", 3), 0);
	assert_int_equal(sales_assign_keep(a, "Ana", 3), 0);
	assert_int_equal(sales_assign_keep(a, "Zed", 3), -1);
	c = cls(a, NULL, NULL);
	/* Ana is full with her two kept leads; Ben has one place. */
	assert_string_equal(pick_id(a, c, &why), "Ben");
	assert_string_equal(pick_id(a, c, &why), "");
	sales_assign_rep(a, 0, &ri);
	assert_int_equal(ri.kept, 2);
	assert_int_equal(ri.assigned, 0);
	assert_int_equal(ri.capacity, 2);
	sales_assign_free(a);
}

/*
 * m-estimate by hand: 10 closed deals, 3 won: p0 = 0.3.  Rep r: 2 of 2
 * won: p(r) = (2 + 10 x 0.3) / 12 = 5/12.  Segment s: 2 of 2:
 * (2 + 10 x 5/12) / 12 = 74/144 = 0.513889.  Segment t, no deals:
 * p(r) = 0.416667.  Rep q with no deals: p0 for everything.
 */
static void
test_assign_history_fit(void **state)
{
	struct sales_assign	*a = engine(SALES_ASSIGN_OPTIMAL);
	struct sales_err	 e;
	int			 i;

	add(a, "r", 1, NULL, NULL, -1, 0, 10000);
	add(a, "q", 1, NULL, NULL, -1, 0, 10000);
	ready(a);
	assert_int_equal(sales_assign_fit_of(a, 0, "s", 1), 0);
	for (i = 0; i < 2; i++)
		assert_int_equal(sales_assign_history(a, "r", 1, "s", 1, 1,
		    &e), 0);
	assert_int_equal(sales_assign_history(a, "x", 1, "s", 1, 1, &e), 0);
	for (i = 0; i < 7; i++)
		assert_int_equal(sales_assign_history(a, "x", 1, "s", 1, 0,
		    &e), 0);
	assert_int_equal(sales_assign_fit_of(a, 0, "s", 1), 513889);
	assert_int_equal(sales_assign_fit_of(a, 0, "t", 1), 416667);
	assert_int_equal(sales_assign_fit_of(a, 0, "", 0), 416667);
	assert_int_equal(sales_assign_fit_of(a, 1, "s", 1), 300000);
	/* m = 0: raw rates. */
	sales_assign_prior(a, 0);
	assert_int_equal(sales_assign_fit_of(a, 0, "s", 1), 1000000);
	assert_int_equal(sales_assign_fit_of(a, 1, "s", 1), 300000);
	sales_assign_free(a);
}

static void
test_assign_fit_table(void **state)
{
	struct sales_assign	*a = engine(SALES_ASSIGN_OPTIMAL);
	struct sales_err	 e;

	add(a, "r", 1, NULL, NULL, -1, 0, 10000);
	add(a, "q", 1, NULL, NULL, -1, 0, 10000);
	ready(a);
	assert_int_equal(sales_assign_fit(a, "r", 1, "hot", 3, 700000, &e), 0);
	assert_int_equal(sales_assign_fit(a, "r", 1, "*", 1, 100000, &e), 0);
	assert_int_equal(sales_assign_fit(a, "r", 1, "hot", 3, 800000, &e), 0);
	assert_int_equal(sales_assign_fit(a, "gone", 4, "hot", 3, 5, &e), 0);
	assert_int_equal(sales_assign_fit(a, "r", 1, "hot", 3, -1, &e), -1);
	assert_string_equal(e.msg, "fit below 0");
	assert_int_equal(sales_assign_fit_of(a, 0, "hot", 3), 800000);
	assert_int_equal(sales_assign_fit_of(a, 0, "cold", 4), 100000);
	assert_int_equal(sales_assign_fit_of(a, 0, "", 0), 100000);
	assert_int_equal(sales_assign_fit_of(a, 1, "hot", 3), 0);
	sales_assign_free(a);
}

/*
 * Optimal by hand: hot leads fit Ana 0.9, Ben 0.5; cold leads fit Ana
 * 0.6, Ben 0.1.  Ana has room for 2, Ben for 3.  Two hot, two cold:
 * Ana hot+hot = 1.8 + Ben cold+cold 0.2 = 2.0; Ana cold+cold = 1.2 +
 * Ben hot+hot 1.0 = 2.2; Ana hot+cold 1.5 + Ben hot+cold 0.6 = 2.1.
 * Best: Ana takes both cold, Ben both hot.
 */
static void
test_assign_optimal_small(void **state)
{
	struct sales_assign	*a = engine(SALES_ASSIGN_OPTIMAL);
	struct sales_err	 e;
	const char		*why;
	long			 hot, cold;

	add(a, "Ana", 1, NULL, NULL, 2, 0, 10000);
	add(a, "Ben", 1, NULL, NULL, 3, 0, 10000);
	ready(a);
	sales_assign_fit(a, "Ana", 3, "hot", 3, 900000, &e);
	sales_assign_fit(a, "Ben", 3, "hot", 3, 500000, &e);
	sales_assign_fit(a, "Ana", 3, "cold", 4, 600000, &e);
	sales_assign_fit(a, "Ben", 3, "cold", 4, 100000, &e);
	hot = cls(a, NULL, "hot");
	cold = cls(a, NULL, "cold");
	sales_assign_count(a, hot);
	sales_assign_count(a, cold);
	sales_assign_count(a, hot);
	sales_assign_count(a, cold);
	assert_int_equal(sales_assign_solve(a, &e), 0);
	assert_string_equal(pick_id(a, hot, &why), "Ben");
	assert_string_equal(pick_id(a, cold, &why), "Ana");
	assert_string_equal(pick_id(a, hot, &why), "Ben");
	assert_string_equal(pick_id(a, cold, &why), "Ana");
	/* A fifth lead was never counted: nothing was planned for it. */
	assert_string_equal(pick_id(a, cold, &why), "");
	assert_string_equal(why, "all eligible reps at capacity");
	sales_assign_free(a);
}

/*
 * Optimal spreads a class over its reps by smooth rotation: 3 leads to
 * Ana and 1 to Ben come as Ana Ana Ben Ana (weights 3, 1).
 */
static void
test_assign_optimal_spread(void **state)
{
	struct sales_assign	*a = engine(SALES_ASSIGN_OPTIMAL);
	struct sales_err	 e;
	const char		*why, *want[] = { "Ana", "Ana", "Ben", "Ana" };
	long			 c;
	int			 i;

	add(a, "Ana", 1, NULL, NULL, 3, 0, 10000);
	add(a, "Ben", 1, NULL, NULL, 5, 0, 10000);
	ready(a);
	sales_assign_fit(a, "Ana", 3, "*", 1, 900000, &e);
	sales_assign_fit(a, "Ben", 3, "*", 1, 100000, &e);
	c = cls(a, "EMEA", "hot");
	for (i = 0; i < 4; i++)
		sales_assign_count(a, c);
	assert_int_equal(sales_assign_solve(a, &e), 0);
	for (i = 0; i < 4; i++)
		assert_string_equal(pick_id(a, c, &why), want[i]);
	sales_assign_free(a);
}

/* Issue case: L1-L6 in one run equal L1-L3 then L4-L6 with --state. */
static void
test_assign_state_two_runs(void **state)
{
	char			 path[] = "/tmp/test_assign.XXXXXX";
	const char		*why, *names[] = { "Ana", "Ben", "Cy" };
	long			 one[6], two[6], c;
	const long		 wsw[] = { 2, 1, 0, 2, 1, 2 };
	struct sales_assign	*a;
	struct sales_state	*st;
	struct sales_err	 e;
	int			 fd, m, run, i, k;

	for (m = SALES_ASSIGN_LEAST_LOADED; m <= SALES_ASSIGN_WEIGHTED; m++) {
		fd = mkstemp(path);
		assert_true(fd >= 0);
		close(fd);
		a = engine(m);
		for (k = 0; k < 3; k++)
			add(a, names[k], 1, NULL, NULL, -1, 0,
			    10000 * (k + 1));
		ready(a);
		c = cls(a, NULL, NULL);
		for (i = 0; i < 6; i++)
			one[i] = sales_assign_pick(a, c, &why);
		sales_assign_free(a);
		for (run = 0; run < 2; run++) {
			assert_int_equal(sales_state_open(&st, path, &e), 0);
			a = engine(m);
			for (k = 0; k < 3; k++)
				add(a, names[k], 1, NULL, NULL, -1, 0,
				    10000 * (k + 1));
			ready(a);
			sales_assign_state_load(a, st);
			c = cls(a, NULL, NULL);
			for (i = 0; i < 3; i++)
				two[3 * run + i] = sales_assign_pick(a, c,
				    &why);
			assert_int_equal(sales_assign_state_save(a, st, &e),
			    0);
			assert_int_equal(sales_state_commit(st, &e), 0);
			sales_state_close(st);
			sales_assign_free(a);
		}
		for (i = 0; i < 6; i++)
			assert_int_equal(one[i], two[i]);
		/*
		 * Least-loaded and round-robin: two each, in order.
		 * Weighted 1 2 3, current weights after each turn:
		 * (1 2 3) Cy -> (1 2 -3); (2 4 0) Ben -> (2 -2 0);
		 * (3 0 3) Ana, first of the tie -> (-3 0 3); (-2 2 6)
		 * Cy -> (-2 2 0); (-1 4 3) Ben -> (-1 -2 3); (0 0 6) Cy.
		 */
		for (i = 0; i < 6; i++)
			assert_int_equal(one[i], m == SALES_ASSIGN_WEIGHTED ?
			    wsw[i] : i % 3);
		unlink(path);
		memcpy(path + strlen(path) - 6, "XXXXXX", 6);
	}
}

/*
 * Balance by hand: 8 7 6 5 4 over two reps, fair share 15.  Largest
 * first, each to the lighter rep: 8 to A (0 = 0, file order); 7 to B
 * (0 < 8); 6 to B (7 < 8): B 13; 5 to A (8 < 13): A 13; 4 to A (13 =
 * 13, file order): A 17, B 13.  Then the best swap, moving d from A to
 * B with 0 < d < 4 (A is 2 over, B 2 under): A's 8 for B's 6, d = 2:
 * 15 and 15.
 */
static void
test_assign_balance_small(void **state)
{
	int64_t			 v[] = { 8, 7, 6, 5, 4 }, w[] = { 1, 1 };
	size_t			 own[5];
	struct sales_err	 e;

	assert_int_equal(sales_balance(v, 5, w, 2, own, &e), 0);
	assert_int_equal(own[0], 1);
	assert_int_equal(own[1], 1);
	assert_int_equal(own[2], 0);
	assert_int_equal(own[3], 0);
	assert_int_equal(own[4], 0);
}

/* Weights 2 : 1 over 9 items of 1: 6 and 3; a weight 0 gets none. */
static void
test_assign_balance_weights(void **state)
{
	int64_t			 v[9], w[] = { 20000, 0, 10000 };
	size_t			 own[9], i, n[3] = { 0, 0, 0 };
	struct sales_err	 e;

	for (i = 0; i < 9; i++)
		v[i] = 10000;
	assert_int_equal(sales_balance(v, 9, w, 3, own, &e), 0);
	for (i = 0; i < 9; i++)
		n[own[i]]++;
	assert_int_equal(n[0], 6);
	assert_int_equal(n[1], 0);
	assert_int_equal(n[2], 3);
	w[0] = w[2] = 0;
	assert_int_equal(sales_balance(v, 9, w, 3, own, &e), -1);
	assert_string_equal(e.msg, "no rep has a weight above 0");
	w[0] = -1;
	assert_int_equal(sales_balance(v, 9, w, 3, own, &e), -1);
	assert_string_equal(e.msg, "negative weight");
	/* No items at all. */
	w[0] = 1;
	assert_int_equal(sales_balance(v, 0, w, 3, own, &e), 0);
}

/*
 * Balance on random input: no pair of reps is left with an improving
 * move or swap (checked here by brute force), and the result is never
 * worse than largest-first alone.
 */
static void
test_assign_balance_random(void **state)
{
	int64_t			 v[40], w[6], tot[6];
	size_t			 own[40], n, r, i, j, x, y;
	struct sales_err	 e;
	__int128		 T, W, dx, dy, d;
	int			 iter;

	srand(7);
	for (iter = 0; iter < 2000; iter++) {
		n = (size_t)(rand() % 40);
		r = 1 + (size_t)(rand() % 6);
		T = W = 0;
		for (i = 0; i < n; i++)
			T += v[i] = rand() % 1000;
		for (i = 0; i < r; i++)
			W += w[i] = 1 + rand() % 3;
		assert_int_equal(sales_balance(v, n, w, r, own, &e), 0);
		memset(tot, 0, sizeof(tot));
		for (i = 0; i < n; i++) {
			assert_true(own[i] < r);
			tot[own[i]] += v[i];
		}
		for (x = 0; x < r; x++) {
			for (y = 0; y < r; y++) {
				dx = (__int128)tot[x] * W - T * w[x];
				dy = (__int128)tot[y] * W - T * w[y];
				if (dx <= dy)
					continue;
				for (i = 0; i < n; i++) {
					if (own[i] != x)
						continue;
					d = (__int128)v[i] * W;
					assert_false(d > 0 && d < dx - dy);
					for (j = 0; j < n; j++) {
						if (own[j] != y)
							continue;
						d = ((__int128)v[i] - v[j]) * W;
						assert_false(d > 0 &&
						    d < dx - dy);
					}
				}
			}
		}
	}
}

/*
 * Random cases.  The test keeps its own copy of every rep's terms and
 * checks each answer against them: the rep is eligible and had room;
 * a lead is left only when every eligible rep is full at the end;
 * nobody ends over capacity; the same input gives the same answers;
 * optimal's total fit is at least every other method's, and equals
 * the best found by exhaustive search on the small cases.
 */
#define MAXR	6
#define MAXL	40

struct tcase {
	int		 nr, nl;
	int		 active[MAXR];
	int		 terr[MAXR];	/* bit mask of N S E; 7 = '*' */
	int		 skill[MAXR];	/* bit mask of a b c; 0 = all */
	long long	 cap[MAXR];	/* -1 = no limit */
	long long	 load[MAXR];
	int64_t		 weight[MAXR];
	int64_t		 fit[MAXR][3];
	int		 lterr[MAXL];	/* 0..2, 3 = none */
	int		 lseg[MAXL];	/* 0..2, 3 = none */
	int		 kept[MAXL];	/* rep kept, or -1 */
};

static const char *const tnames[] = { "N", "S", "E" };
static const char *const snames[] = { "a", "b", "c" };
static const char *const rnames[] = { "r0", "r1", "r2", "r3", "r4", "r5" };

static int
eligible(const struct tcase *t, int r, int l, int method)
{
	if (!t->active[r])
		return 0;
	if (t->lterr[l] < 3 && !(t->terr[r] & (1 << t->lterr[l])))
		return 0;
	if (t->lseg[l] < 3 && t->skill[r] != 0 &&
	    !(t->skill[r] & (1 << t->lseg[l])))
		return 0;
	if (method == SALES_ASSIGN_WEIGHTED && t->weight[r] == 0)
		return 0;
	return 1;
}

static int64_t
tfit(const struct tcase *t, int r, int l)
{
	return t->lseg[l] < 3 ? t->fit[r][t->lseg[l]] : 0;
}

static void
gen_case(struct tcase *t)
{
	int	 r, l, any = 0;

	memset(t, 0, sizeof(*t));
	t->nr = 1 + rand() % MAXR;
	t->nl = rand() % MAXL;
	for (r = 0; r < t->nr; r++) {
		t->active[r] = rand() % 5 != 0;
		any |= t->active[r];
		t->terr[r] = rand() % 4 == 0 ? 7 : 1 + rand() % 7;
		t->skill[r] = rand() % 3 == 0 ? 0 : 1 + rand() % 7;
		t->cap[r] = rand() % 4 == 0 ? -1 : rand() % 12;
		t->load[r] = rand() % 6;
		t->weight[r] = (rand() % 4) * 10000;
		t->fit[r][0] = rand() % 1000 * 1000;
		t->fit[r][1] = rand() % 1000 * 1000;
		t->fit[r][2] = rand() % 3 == 0 ? 0 : rand() % 1000 * 1000;
	}
	if (!any)
		t->active[0] = 1;
	for (l = 0; l < t->nl; l++) {
		t->lterr[l] = rand() % 4;
		t->lseg[l] = rand() % 4;
		t->kept[l] = rand() % 8 == 0 ? rand() % t->nr : -1;
	}
}

/*
 * The least-loaded choice by a plain scan, from the test's own counts:
 * lowest (load + kept + given) / capacity (0 without a limit), then
 * fewest given, then first.
 */
static int
ll_expect(const struct tcase *t, int l, const long long *kept,
    const long long *given)
{
	int		 r, best = -1;
	long long	 n, d, bn = 0, bd = 1;

	for (r = 0; r < t->nr; r++) {
		if (!eligible(t, r, l, SALES_ASSIGN_LEAST_LOADED))
			continue;
		if (t->cap[r] >= 0 && t->load[r] + kept[r] + given[r] >=
		    t->cap[r])
			continue;
		n = t->cap[r] < 0 ? 0 : t->load[r] + kept[r] + given[r];
		d = t->cap[r] < 0 ? 1 : t->cap[r];
		if (best < 0 || n * bd < bn * d ||
		    (n * bd == bn * d && given[r] < given[best])) {
			best = r;
			bn = n;
			bd = d;
		}
	}
	return best;
}

/* Run the case with method; out[l] = rep or -1 (kept leads: -2). */
static int64_t
run_case(const struct tcase *t, int method, int *out, long long *assigned)
{
	struct sales_assign	*a = engine(method);
	struct sales_rep_info	 ri;
	struct sales_err	 e;
	char			 tl[8], sl[8];
	const char		*why;
	long			 c[MAXL];
	long long		 given[MAXR], kept[MAXR];
	int			 r, l, k;
	size_t			 n;
	int64_t			 total = 0;

	for (r = 0; r < t->nr; r++) {
		n = 0;
		for (k = 0; k < 3; k++)
			if (t->terr[r] & (1 << k)) {
				if (n)
					tl[n++] = ';';
				tl[n++] = tnames[k][0];
			}
		tl[n] = '\0';
		if (t->terr[r] == 7)
			strcpy(tl, rand() % 2 ? "*" : "N;*");
		n = 0;
		for (k = 0; k < 3; k++)
			if (t->skill[r] & (1 << k)) {
				if (n)
					sl[n++] = ';';
				sl[n++] = snames[k][0];
			}
		sl[n] = '\0';
		add(a, rnames[r], t->active[r], tl, sl, t->cap[r], t->load[r],
		    t->weight[r]);
		for (k = 0; k < 3; k++)
			assert_int_equal(sales_assign_fit(a, rnames[r], 2,
			    snames[k], 1, t->fit[r][k], &e), 0);
	}
	ready(a);
	for (l = 0; l < t->nl; l++) {
		if (t->kept[l] >= 0) {
			assert_int_equal(sales_assign_keep(a,
			    rnames[t->kept[l]], 2), t->kept[l]);
			continue;
		}
		c[l] = cls(a, t->lterr[l] < 3 ? tnames[t->lterr[l]] : NULL,
		    t->lseg[l] < 3 ? snames[t->lseg[l]] : NULL);
		if (method == SALES_ASSIGN_OPTIMAL)
			sales_assign_count(a, c[l]);
	}
	if (method == SALES_ASSIGN_OPTIMAL)
		assert_int_equal(sales_assign_solve(a, &e), 0);
	memset(given, 0, sizeof(given));
	memset(kept, 0, sizeof(kept));
	for (l = 0; l < t->nl; l++)
		if (t->kept[l] >= 0)
			kept[t->kept[l]]++;
	for (l = 0; l < t->nl; l++) {
		if (t->kept[l] >= 0) {
			out[l] = -2;
			continue;
		}
		out[l] = (int)sales_assign_pick(a, c[l], &why);
		if (method == SALES_ASSIGN_LEAST_LOADED)
			assert_int_equal(out[l], ll_expect(t, l, kept, given));
		if (out[l] >= 0)
			given[out[l]]++;
		if (out[l] >= 0) {
			assert_null(why);
			assert_true(eligible(t, out[l], l, method));
			total += tfit(t, out[l], l);
		} else
			assert_non_null(why);
	}
	for (r = 0; r < t->nr; r++) {
		sales_assign_rep(a, (size_t)r, &ri);
		assigned[r] = ri.assigned;
	}
	sales_assign_free(a);
	return total;
}

/* The best total fit over every assignment, by exhaustive search. */
static int64_t
best_fit(const struct tcase *t, int l, long long *room)
{
	int64_t		 best, f;
	int		 r;

	while (l < t->nl && t->kept[l] >= 0)
		l++;
	if (l == t->nl)
		return 0;
	best = best_fit(t, l + 1, room);
	for (r = 0; r < t->nr; r++) {
		if (!eligible(t, r, l, SALES_ASSIGN_OPTIMAL) || room[r] == 0)
			continue;
		room[r]--;
		f = tfit(t, r, l) + best_fit(t, l + 1, room);
		room[r]++;
		if (f > best)
			best = f;
	}
	return best;
}

static void
test_assign_properties(void **state)
{
	struct tcase	 t;
	int		 iter, m, l, r, out[MAXL], again[MAXL], small;
	long long	 assigned[MAXR], kept[MAXR], used, room[MAXR];
	int64_t		 fit[SALES_ASSIGN_OPTIMAL + 1], f2;

	srand(2026);
	for (iter = 0; iter < 4000; iter++) {
		gen_case(&t);
		memset(kept, 0, sizeof(kept));
		for (l = 0; l < t.nl; l++)
			if (t.kept[l] >= 0)
				kept[t.kept[l]]++;
		for (m = SALES_ASSIGN_LEAST_LOADED; m <= SALES_ASSIGN_OPTIMAL;
		    m++) {
			fit[m] = run_case(&t, m, out, assigned);
			f2 = run_case(&t, m, again, assigned);
			assert_int_equal(fit[m], f2);
			assert_memory_equal(out, again, sizeof(int) * t.nl);
			for (r = 0; r < t.nr; r++) {
				used = t.load[r] + kept[r] + assigned[r];
				if (t.cap[r] >= 0 && assigned[r] > 0)
					assert_true(used <= t.cap[r]);
			}
			/* Left only when every eligible rep is full. */
			for (l = 0; l < t.nl; l++) {
				if (out[l] != -1)
					continue;
				for (r = 0; r < t.nr; r++) {
					if (!eligible(&t, r, l, m))
						continue;
					assert_true(t.cap[r] >= 0);
					assert_true(t.load[r] + kept[r] +
					    assigned[r] >= t.cap[r]);
				}
			}
			/* Rows in = rows out: each lead placed or left. */
			used = 0;
			for (r = 0; r < t.nr; r++)
				used += assigned[r];
			for (l = 0; l < t.nl; l++)
				used += out[l] == -1 || out[l] == -2;
			assert_int_equal(used, t.nl);
		}
		for (m = SALES_ASSIGN_LEAST_LOADED; m < SALES_ASSIGN_OPTIMAL;
		    m++)
			assert_true(fit[SALES_ASSIGN_OPTIMAL] >= fit[m]);
		small = 0;
		for (l = 0; l < t.nl; l++)
			small += t.kept[l] < 0;
		if (small <= 7 && t.nr <= 4) {
			for (r = 0; r < t.nr; r++) {
				room[r] = t.cap[r] < 0 ? MAXL :
				    t.cap[r] - t.load[r] - kept[r];
				if (room[r] < 0)
					room[r] = 0;
			}
			assert_int_equal(fit[SALES_ASSIGN_OPTIMAL],
			    best_fit(&t, 0, room));
		}
	}
}

/* Out of memory anywhere gives SALES_ENOMEM, no crash, no leak. */
static void
test_assign_nomem(void **state)
{
	struct sales_assign	*a;
	struct sales_rep_spec	 s;
	struct sales_err	 e;
	const char		*why;
	long			 n, c;
	int			 rv;

	for (n = 0; n < 60; n++) {
		sales_mem_fail_after(n);
		a = NULL;
		if (sales_assign_new(&a, SALES_ASSIGN_OPTIMAL, &e) == -1) {
			assert_int_equal(e.code, SALES_ENOMEM);
			continue;
		}
		sales_rep_spec_init(&s);
		s.id = "Ana";
		s.idlen = 3;
		s.territories = "EMEA;US";
		s.territorieslen = 7;
		rv = sales_assign_add_rep(a, &s, &e);
		if (rv == 0 && (rv = sales_assign_ready(a, &e)) == 0 &&
		    (rv = sales_assign_fit(a, "Ana", 3, "hot", 3, 5,
		    &e)) == 0) {
			if ((c = sales_assign_class(a, "US", 2, "hot", 3,
			    &e)) < 0)
				rv = -1;
			else {
				sales_assign_count(a, c);
				if ((rv = sales_assign_solve(a, &e)) == 0)
					assert_true(sales_assign_pick(a, c,
					    &why) == 0);
			}
		}
		if (rv == -1)
			assert_int_equal(e.code, SALES_ENOMEM);
		sales_assign_free(a);
	}
	for (n = 0; n < 40; n++) {
		int64_t	 v[30], w[3] = { 1, 2, 3 };
		size_t	 own[30], i;

		for (i = 0; i < 30; i++)
			v[i] = (int64_t)(i * 37 % 11);
		sales_mem_fail_after(n);
		rv = sales_balance(v, 30, w, 3, own, &e);
		if (rv == -1)
			assert_int_equal(e.code, SALES_ENOMEM);
	}
	sales_mem_fail_after(-1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_assign_method_names),
		cmocka_unit_test(test_assign_rep_errors),
		cmocka_unit_test(test_assign_no_active_rep),
		cmocka_unit_test(test_assign_round_robin_skips_inactive),
		cmocka_unit_test(test_assign_capacity),
		cmocka_unit_test(test_assign_least_loaded_order),
		cmocka_unit_test(test_assign_least_loaded_unlimited),
		cmocka_unit_test(test_assign_weighted_nginx),
		cmocka_unit_test(test_assign_weighted_zero),
		cmocka_unit_test(test_assign_eligibility),
		cmocka_unit_test(test_assign_keep),
		cmocka_unit_test(test_assign_history_fit),
		cmocka_unit_test(test_assign_fit_table),
		cmocka_unit_test(test_assign_optimal_small),
		cmocka_unit_test(test_assign_optimal_spread),
		cmocka_unit_test(test_assign_state_two_runs),
		cmocka_unit_test(test_assign_balance_small),
		cmocka_unit_test(test_assign_balance_weights),
		cmocka_unit_test(test_assign_balance_random),
		cmocka_unit_test(test_assign_properties),
		cmocka_unit_test(test_assign_nomem),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
