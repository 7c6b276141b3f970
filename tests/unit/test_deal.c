/*
 * test_deal.c: unit tests for libsales/deal.c.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "libsales/deal.h"
#include "libsales/err.h"
#include "libsales/mem.h"

#define STATUS(st, s)	sales_stage_status((st), (s), strlen(s))
#define CAT(s)		sales_category_parse((s), strlen(s))

static void
test_deal_defaults(void **state)
{
	static const char *const won[] = { "won", "Won", "WON", " won ",
	    "closed won", "Closed Won", "Closed-Won", "closed_won",
	    "ClosedWon", "closed - won", "CLOSED__WON" };
	static const char *const lost[] = { "lost", "Lost", "closed lost",
	    "Closed-Lost", "closed_lost", "ClosedLost" };
	static const char *const open[] = { "", "Engaging", "Prospecting",
	    "wonder", "closed", "won!", "closed won lost", "w on x",
	    "Negotiation/Review", "los" };
	struct sales_stages	 st;
	size_t			 i;

	sales_stages_init(&st);
	assert_int_equal(st.nwon, 2);
	assert_string_equal(st.won[0], "won");
	assert_string_equal(st.won[1], "closed won");
	assert_int_equal(st.nlost, 2);
	assert_string_equal(st.lost[0], "lost");
	assert_string_equal(st.lost[1], "closed lost");
	assert_false(st.won_set);
	assert_false(st.lost_set);
	for (i = 0; i < sizeof(won) / sizeof(won[0]); i++)
		assert_int_equal(STATUS(&st, won[i]), SALES_WON);
	for (i = 0; i < sizeof(lost) / sizeof(lost[0]); i++)
		assert_int_equal(STATUS(&st, lost[i]), SALES_LOST);
	for (i = 0; i < sizeof(open) / sizeof(open[0]); i++)
		assert_int_equal(STATUS(&st, open[i]), SALES_OPEN);
	/* Only len bytes count: "wonder" cut to 3 is "won". */
	assert_int_equal(sales_stage_status(&st, "wonder", 3), SALES_WON);
	sales_stages_release(&st);	/* the static defaults are not freed */
	assert_int_equal(st.nwon, 0);
	assert_int_equal(STATUS(&st, "won"), SALES_OPEN);
	sales_stages_release(&st);
}

/*
 * The memo of statuses: more spellings than it holds, spellings longer
 * than it keeps, and a --won given after it filled.
 */
static void
test_deal_memo(void **state)
{
	struct sales_stages	 st;
	struct sales_err	 e;
	char			 buf[32], longer[100];
	int			 i, round;

	sales_stages_init(&st);
	memset(longer, 'x', sizeof(longer) - 4);
	memcpy(longer + sizeof(longer) - 4, "won", 4);
	for (round = 0; round < 2; round++) {
		for (i = 0; i < 200; i++) {
			snprintf(buf, sizeof(buf), "stage %d", i);
			assert_int_equal(STATUS(&st, buf), SALES_OPEN);
		}
		assert_int_equal(STATUS(&st, "Closed Won"), SALES_WON);
		assert_int_equal(STATUS(&st, longer), SALES_OPEN);
	}
	assert_int_equal(STATUS(&st, "stage 7"), SALES_OPEN);
	assert_int_equal(sales_stages_add(&st, 1, "stage 7", &e), 0);
	assert_int_equal(STATUS(&st, "stage 7"), SALES_WON);
	assert_int_equal(STATUS(&st, "won"), SALES_OPEN);
	sales_stages_release(&st);

	/*
	 * Spellings of one length and the same last 8 bytes (the memo's
	 * hash) that differ before them keep their own statuses, looked
	 * up in either order, short ones too.
	 */
	sales_stages_init(&st);
	assert_int_equal(sales_stages_add(&st, 1, "abcdefghijkl", &e), 0);
	assert_int_equal(sales_stages_add(&st, 0, "ab", &e), 0);
	for (round = 0; round < 2; round++) {
		assert_int_equal(STATUS(&st, "abcdXfghijkl"), SALES_OPEN);
		assert_int_equal(STATUS(&st, "abcdefghijkl"), SALES_WON);
		assert_int_equal(STATUS(&st, "Xbcdefghijkl"), SALES_OPEN);
		assert_int_equal(STATUS(&st, "aX"), SALES_OPEN);
		assert_int_equal(STATUS(&st, "ab"), SALES_LOST);
		assert_int_equal(STATUS(&st, "a"), SALES_OPEN);
		assert_int_equal(STATUS(&st, ""), SALES_OPEN);
	}
	sales_stages_release(&st);
}

static void
test_deal_stages_replace(void **state)
{
	struct sales_stages	 st;
	struct sales_err	 e;

	sales_stages_init(&st);
	sales_err_clear(&e);

	/* The first --won replaces the default won list only. */
	assert_int_equal(sales_stages_add(&st, 1, "Booked", &e), 0);
	assert_true(st.won_set);
	assert_false(st.lost_set);
	assert_int_equal(st.nwon, 1);
	assert_int_equal(STATUS(&st, "booked"), SALES_WON);
	assert_int_equal(STATUS(&st, "won"), SALES_OPEN);
	assert_int_equal(STATUS(&st, "Closed Won"), SALES_OPEN);
	assert_int_equal(STATUS(&st, "lost"), SALES_LOST);

	/* Later ones add to it. */
	assert_int_equal(sales_stages_add(&st, 1, "Closed - Paid", &e), 0);
	assert_int_equal(st.nwon, 2);
	assert_int_equal(STATUS(&st, "closed_paid"), SALES_WON);
	assert_int_equal(STATUS(&st, "BOOKED"), SALES_WON);

	/* Then --lost replaces the lost list. */
	assert_int_equal(sales_stages_add(&st, 0, "Dead", &e), 0);
	assert_int_equal(sales_stages_add(&st, 0, "no-decision", &e), 0);
	assert_int_equal(st.nlost, 2);
	assert_int_equal(STATUS(&st, "dead"), SALES_LOST);
	assert_int_equal(STATUS(&st, "No Decision"), SALES_LOST);
	assert_int_equal(STATUS(&st, "lost"), SALES_OPEN);
	assert_int_equal(STATUS(&st, "closed lost"), SALES_OPEN);

	/* A stage in both lists is won. */
	assert_int_equal(sales_stages_add(&st, 0, "booked", &e), 0);
	assert_int_equal(STATUS(&st, "Booked"), SALES_WON);
	assert_int_equal(e.code, SALES_EOK);
	sales_stages_release(&st);
	assert_int_equal(st.nwon, 0);
	assert_int_equal(st.nlost, 0);
	assert_false(st.won_set);
	sales_stages_release(&st);	/* twice is harmless */
	sales_stages_release(NULL);
}

static void
test_deal_stages_nomem(void **state)
{
	struct sales_stages	 st;
	struct sales_err	 e;

	sales_stages_init(&st);
	sales_mem_fail_after(0);
	assert_int_equal(sales_stages_add(&st, 1, "Booked", &e), -1);
	sales_mem_fail_after(-1);
	assert_int_equal(e.code, SALES_ENOMEM);
	/* Unchanged: the defaults still hold. */
	assert_false(st.won_set);
	assert_int_equal(st.nwon, 2);
	assert_int_equal(STATUS(&st, "won"), SALES_WON);

	/* Growing the list fails: the first entry stays. */
	assert_int_equal(sales_stages_add(&st, 0, "Dead", &e), 0);
	sales_mem_fail_after(0);
	assert_int_equal(sales_stages_add(&st, 0, "Gone", &e), -1);
	sales_mem_fail_after(-1);
	assert_int_equal(e.code, SALES_ENOMEM);
	assert_int_equal(st.nlost, 1);
	assert_int_equal(STATUS(&st, "dead"), SALES_LOST);
	assert_int_equal(STATUS(&st, "gone"), SALES_OPEN);
	assert_int_equal(sales_stages_add(&st, 0, "Gone", NULL), 0);
	assert_int_equal(STATUS(&st, "gone"), SALES_LOST);
	sales_stages_release(&st);
}

static void
test_deal_category(void **state)
{
	int	 i;

	assert_int_equal(CAT("pipeline"), SALES_CAT_PIPELINE);
	assert_int_equal(CAT("Pipeline"), SALES_CAT_PIPELINE);
	assert_int_equal(CAT("Best Case"), SALES_CAT_BEST_CASE);
	assert_int_equal(CAT("bestcase"), SALES_CAT_BEST_CASE);
	assert_int_equal(CAT("best_case"), SALES_CAT_BEST_CASE);
	assert_int_equal(CAT("BEST-CASE"), SALES_CAT_BEST_CASE);
	assert_int_equal(CAT("Commit"), SALES_CAT_COMMIT);
	assert_int_equal(CAT("closed"), SALES_CAT_CLOSED);
	assert_int_equal(CAT("Omitted"), SALES_CAT_OMITTED);
	assert_int_equal(CAT(" commit "), SALES_CAT_COMMIT);
	assert_int_equal(CAT(""), SALES_CAT_NONE);
	assert_int_equal(CAT("   "), SALES_CAT_NONE);
	assert_int_equal(CAT("most likely"), -2);
	assert_int_equal(CAT("commits"), -2);
	assert_int_equal(CAT("best"), -2);
	assert_int_equal(CAT("closed won"), -2);
	assert_int_equal(CAT("n/a"), -2);
	assert_int_equal(sales_category_parse("commitment", 6),
	    SALES_CAT_COMMIT);

	assert_string_equal(sales_category_name(SALES_CAT_BEST_CASE),
	    "best case");
	assert_null(sales_category_name(SALES_CAT_NONE));
	assert_null(sales_category_name(SALES_CAT_OMITTED + 1));
	for (i = SALES_CAT_PIPELINE; i <= SALES_CAT_OMITTED; i++)
		assert_int_equal(CAT(sales_category_name(i)), i);
}

/*
 * The Maven CRM export's deal_stage column (5th of 8; the file has no
 * quotes): python3's csv module counts Won 4238, Lost 2473,
 * Engaging 1589 and Prospecting 500 in 8800 rows.
 */
static void
test_deal_real_stages(void **state)
{
	struct sales_stages	 st;
	const char		*top, *p, *q;
	char			 path[1024], line[512];
	FILE			*fp;
	long			 count[3] = { 0, 0, 0 }, rows = 0;
	int			 i;

	if ((top = getenv("SM_TOP")) == NULL)
		top = ".";
	snprintf(path, sizeof(path),
	    "%s/../shared/data/real/maven-crm/sales_pipeline.csv", top);
	if ((fp = fopen(path, "r")) == NULL) {
		print_message("skip: %s is absent\n", path);
		skip();
	}
	sales_stages_init(&st);
	assert_non_null(fgets(line, sizeof(line), fp));		/* header */
	while (fgets(line, sizeof(line), fp) != NULL) {
		for (p = line, i = 0; i < 4; i++) {
			assert_non_null(p = strchr(p, ','));
			p++;
		}
		q = strchr(p, ',');
		assert_non_null(q);
		count[sales_stage_status(&st, p, (size_t)(q - p))]++;
		rows++;
	}
	fclose(fp);
	sales_stages_release(&st);
	assert_int_equal(rows, 8800);
	assert_int_equal(count[SALES_WON], 4238);
	assert_int_equal(count[SALES_LOST], 2473);
	assert_int_equal(count[SALES_OPEN], 1589 + 500);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_deal_defaults),
		cmocka_unit_test(test_deal_memo),
		cmocka_unit_test(test_deal_stages_replace),
		cmocka_unit_test(test_deal_stages_nomem),
		cmocka_unit_test(test_deal_category),
		cmocka_unit_test(test_deal_real_stages),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
