/*
 * Unit tests for err and mem: message formats and the failure hook.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <string.h>

#include "libsales/err.h"
#include "libsales/mem.h"

static void
test_err_full(void **state)
{
	struct sales_err	 e;

	assert_int_equal(sales_err_set(&e, SALES_EVALUE,
	    "not a money amount: '%s'", "12,5x"), -1);
	assert_int_equal(sales_err_where(&e, "deals.csv", 12, "amount"), -1);
	assert_int_equal(e.code, SALES_EVALUE);
	assert_string_equal(sales_err_str(&e),
	    "deals.csv:12: column 'amount': not a money amount: '12,5x'");
}

static void
test_err_parts(void **state)
{
	struct sales_err	 e;

	sales_err_set(&e, SALES_EUSAGE, "bad");
	assert_string_equal(sales_err_str(&e), "bad");
	sales_err_where(&e, "f.csv", 0, NULL);
	assert_string_equal(sales_err_str(&e), "f.csv: bad");
	sales_err_set(&e, SALES_EROW, "expected 4 fields, found 5");
	sales_err_where(&e, "stdin", 7, NULL);
	assert_string_equal(sales_err_str(&e),
	    "stdin:7: expected 4 fields, found 5");
	/* A new error forgets the old location. */
	sales_err_set(&e, SALES_EUSAGE, "x");
	assert_string_equal(sales_err_str(&e), "x");
	assert_int_equal(sales_err_set(NULL, SALES_EIO, "dropped"), -1);
}

static void
test_err_sys(void **state)
{
	struct sales_err	 e;

	errno = ENOENT;
	assert_int_equal(sales_err_sys(&e, SALES_EIO, "nope.csv"), -1);
	assert_int_equal(e.errnum, ENOENT);
	assert_string_equal(sales_err_str(&e),
	    "nope.csv: No such file or directory");
}

static void
test_err_long(void **state)
{
	struct sales_err	 e;
	char			 big[4000];

	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	sales_err_set(&e, SALES_EVALUE, "%s", big);
	sales_err_where(&e, big, 3, big);
	assert_true(strlen(sales_err_str(&e)) < sizeof(e.str));
}

static void
test_mem_fail_after(void **state)
{
	void	*a, *b, *c;

	sales_mem_fail_after(2);
	a = sales_malloc(8);
	b = sales_calloc(2, 8);
	c = sales_malloc(8);
	assert_non_null(a);
	assert_non_null(b);
	assert_null(c);
	assert_null(sales_strndup("abc", 3));
	sales_mem_fail_after(-1);
	c = sales_strndup("abc", 2);
	assert_string_equal(c, "ab");
	assert_null(sales_reallocarray(NULL, SIZE_MAX / 2, 4));
	sales_free(a);
	sales_free(b);
	sales_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_err_full),
		cmocka_unit_test(test_err_parts),
		cmocka_unit_test(test_err_sys),
		cmocka_unit_test(test_err_long),
		cmocka_unit_test(test_mem_fail_after),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
