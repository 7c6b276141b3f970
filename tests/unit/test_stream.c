/*
 * Unit tests for stream: rows pass through byte for byte, with columns
 * added last or overwritten in place, and bad rows go to --rejects.
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

#include "libsales/cli.h"
#include "libsales/stream.h"

static char	 dir[] = "/tmp/sm-stream-XXXXXX";

static void
put(const char *name, const char *text)
{
	char	 path[256];
	FILE	*fp;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	assert_non_null(fp = fopen(path, "w"));
	fputs(text, fp);
	fclose(fp);
}

static char *
slurp(const char *name)
{
	static char	 buf[4096];
	char		 path[256];
	FILE		*fp;
	size_t		 n;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((fp = fopen(path, "r")) == NULL)
		return NULL;
	n = fread(buf, 1, sizeof(buf) - 1, fp);
	buf[n] = '\0';
	fclose(fp);
	return buf;
}

static int
setup(void **state)
{
	return mkdtemp(dir) == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	char	 cmd[300];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* Run the stream over in.csv, setting segment and rep on every row. */
static int
pass(struct sales_cli *c, struct sales_err *e)
{
	struct sales_stream	*s;
	struct sales_record	 rec;
	char			 in[256], buf[32];
	char			*paths[1] = { in };
	int			 seg, rep, rv, n = 0;

	snprintf(in, sizeof(in), "%s/in.csv", dir);
	if (sales_stream_open(&s, c, paths, 1, e) == -1)
		return -1;
	seg = sales_stream_column(s, "segment", e);
	rep = sales_stream_column(s, "Rep", e);
	assert_int_equal(sales_stream_column(s, "segment", e), seg);
	while ((rv = sales_stream_next(s, &rec, e)) == 1) {
		n++;
		snprintf(buf, sizeof(buf), "s%d", n);
		assert_int_equal(sales_stream_set(s, seg, buf, strlen(buf),
		    e), 0);
		if (n == 2)
			assert_int_equal(sales_stream_set(s, rep, "Zed", 3, e),
			    0);
		if (n == 3) {
			assert_int_equal(sales_stream_reject(s, &rec,
			    "no reason", e), c->rejects ? 0 : -1);
			continue;
		}
		assert_int_equal(sales_stream_write(s, &rec, e), 0);
	}
	if (rv == -1) {
		sales_stream_abort(s);
		return -1;
	}
	return sales_stream_close(s, e);
}

static void
test_stream_pass_through(void **state)
{
	struct sales_cli	 c;
	struct sales_err	 e;
	char			 out[256];

	put("in.csv", "id,rep,note\r\n1,Ana,\"a, b\"\r\n2,Ben,\r\n"
	    "3,Cy,x\r\n4,Di,\"say \"\"hi\"\"\"\r\n");
	snprintf(out, sizeof(out), "%s/out.csv", dir);
	sales_cli_init(&c, "test");
	c.output = out;
	c.rejects = NULL;
	assert_int_equal(pass(&c, &e), 0);
	/* Row 3 was dropped by the test without a rejects table. */
	assert_string_equal(slurp("out.csv"),
	    "id,rep,note,segment\n1,Ana,\"a, b\",s1\n2,Zed,,s2\n"
	    "4,Di,\"say \"\"hi\"\"\",s4\n");
	sales_cli_release(&c);
}

static void
test_stream_rejects(void **state)
{
	struct sales_cli	 c;
	struct sales_err	 e;
	char			 out[256], rej[256], want[512];

	put("in.csv", "id,rep\n1,Ana\n2,Ben,extra\n3,Cy\n4,Di\n");
	snprintf(out, sizeof(out), "%s/out2.csv", dir);
	snprintf(rej, sizeof(rej), "%s/rej.csv", dir);
	sales_cli_init(&c, "test");
	c.output = out;
	c.rejects = rej;
	assert_int_equal(pass(&c, &e), 0);
	/*
	 * Row 2 is ragged and goes to the rejects table without being
	 * seen; row 3 (the third good row, "4,Di" is the fourth) is the
	 * one the test rejects.
	 */
	assert_string_equal(slurp("out2.csv"),
	    "id,rep,segment\n1,Ana,s1\n3,Zed,s2\n");
	snprintf(want, sizeof(want), "id,rep,reason\n"
	    "2,Ben,\"%s/in.csv:3: expected 2 fields, found 3; fields beyond "
	    "the header: extra\"\n"
	    "4,Di,no reason\n", dir);
	assert_string_equal(slurp("rej.csv"), want);
	sales_cli_release(&c);
}

static void
test_stream_ragged_without_rejects(void **state)
{
	struct sales_cli	 c;
	struct sales_err	 e;
	char			 out[256];

	put("in.csv", "id,rep\n1,Ana\n2,Ben,extra\n");
	put("out3.csv", "old\n");
	snprintf(out, sizeof(out), "%s/out3.csv", dir);
	sales_cli_init(&c, "test");
	c.output = out;
	assert_int_equal(pass(&c, &e), -1);
	assert_int_equal(e.code, SALES_EROW);
	assert_int_equal(e.line, 3);
	/* The output file is untouched. */
	assert_string_equal(slurp("out3.csv"), "old\n");
	sales_cli_release(&c);
}

static void
test_stream_empty_input(void **state)
{
	struct sales_cli	 c;
	struct sales_err	 e;
	char			 out[256];

	put("in.csv", "id,rep\n");
	snprintf(out, sizeof(out), "%s/out4.csv", dir);
	sales_cli_init(&c, "test");
	c.output = out;
	assert_int_equal(pass(&c, &e), 0);
	assert_string_equal(slurp("out4.csv"), "id,rep,segment\n");
	sales_cli_release(&c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stream_pass_through),
		cmocka_unit_test(test_stream_rejects),
		cmocka_unit_test(test_stream_ragged_without_rejects),
		cmocka_unit_test(test_stream_empty_input),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
