/*
 * Unit tests for groupby: -g lists and the key of each row; and the
 * comma lists of cli.h they are split with.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "libsales/cli.h"
#include "libsales/groupby.h"
#include "libsales/groups.h"
#include "libsales/mem.h"

static const char table[] =
    "id,sales_agent,Stage,closed\n"
    "1,Ann,won,2026-02-13\n"
    "2,Bo,lost,\n"
    "3,Cy,won,2026-13-01\n";

struct fixture {
	FILE			*fp;
	struct sales_reader	*r;
	struct sales_roles	 roles;
	struct sales_calendar	 cal;
	struct sales_datefmt	 f;
};

static int
setup(void **state)
{
	static struct fixture	 fx;
	struct sales_table_opts	 o;
	struct sales_err	 e;

	sales_table_opts_init(&o);
	fx.fp = fmemopen((void *)table, sizeof(table) - 1, "r");
	if (fx.fp == NULL ||
	    sales_reader_fopen(&fx.r, fx.fp, "t.csv", &o, &e) == -1)
		return -1;
	sales_roles_init(&fx.roles);
	if (sales_roles_map(&fx.roles, "rep=sales_agent", &e) == -1)
		return -1;
	sales_calendar_init(&fx.cal);
	fx.cal.fy_start = 2;
	sales_datefmt_init(&fx.f, NULL, &e);
	*state = &fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture	*fx = *state;

	sales_reader_close(fx->r);
	fclose(fx->fp);
	sales_calendar_release(&fx->cal);
	return 0;
}

static void
test_groupby_keys(void **state)
{
	struct fixture		*fx = *state;
	struct sales_groupby	 g;
	struct sales_record	 rec;
	struct sales_field	 v[3];
	char			 buf[64];
	struct sales_err	 e;
	int			 col = -1;

	sales_groupby_init(&g);
	assert_int_equal(sales_groupby_parse(&g, "rep,stage,closed:quarter",
	    SALES_GROUPBY_PERIODS, fx->r, &fx->roles, "t.csv", &e), 0);
	assert_int_equal(g.n, 3);
	/* The role rep is the mapped column; stage matches "Stage". */
	assert_int_equal(g.items[0].col, 1);
	assert_int_equal(g.items[1].col, 2);
	assert_int_equal(g.items[2].col, 3);
	assert_string_equal(g.items[2].label, "closed:quarter");

	/* 2026-02-13 with the year from February: FY2027-Q1. */
	assert_int_equal(sales_reader_next(fx->r, &rec, &e), 1);
	assert_int_equal(sales_groupby_key(&g, fx->r, &rec, &fx->f, &fx->cal,
	    &col, &e), 0);
	assert_int_equal(g.keylen, strlen("Ann") + 1 + 3 + 1 + 9);
	assert_memory_equal(g.key, "Ann\0won\0FY2027-Q1", g.keylen);
	sales_groupby_split(&g, (struct sales_field){ g.key, g.keylen }, buf,
	    v);
	assert_int_equal(v[2].len, 9);
	assert_memory_equal(v[2].s, "FY2027-Q1", 9);

	/* An empty date is the empty label. */
	assert_int_equal(sales_reader_next(fx->r, &rec, &e), 1);
	assert_int_equal(sales_groupby_key(&g, fx->r, &rec, &fx->f, &fx->cal,
	    &col, &e), 0);
	assert_memory_equal(g.key, "Bo\0lost\0", g.keylen + 1);
	assert_int_equal(g.keylen, 8);

	/* A bad date names its column. */
	assert_int_equal(sales_reader_next(fx->r, &rec, &e), 1);
	assert_int_equal(sales_groupby_key(&g, fx->r, &rec, &fx->f, &fx->cal,
	    &col, &e), -1);
	assert_int_equal(e.code, SALES_EVALUE);
	assert_int_equal(col, 3);
	assert_non_null(strstr(e.msg, "'2026-13-01'"));
	sales_groupby_release(&g);
}

static void
test_groupby_errors(void **state)
{
	struct fixture		*fx = *state;
	struct sales_groupby	 g;
	struct sales_err	 e;

	sales_groupby_init(&g);
	assert_int_equal(sales_groupby_parse(&g, "sales_agentt", 0, fx->r,
	    &fx->roles, "t.csv", &e), -1);
	assert_string_equal(e.msg,
	    "-g: no column 'sales_agentt' (closest: 'sales_agent')");
	sales_groupby_release(&g);
	assert_int_equal(sales_groupby_parse(&g, "closed:month", 0, fx->r,
	    &fx->roles, "t.csv", &e), -1);
	assert_string_equal(e.msg, "-g: 'closed:month': groups are columns "
	    "here; the period is -p");
	sales_groupby_release(&g);
	assert_int_equal(sales_groupby_parse(&g, "closed:fortnight",
	    SALES_GROUPBY_PERIODS, fx->r, &fx->roles, "t.csv", &e), -1);
	assert_int_equal(e.code, SALES_EUSAGE);
	sales_groupby_release(&g);
	/* A role whose column is absent: the roles message. */
	assert_int_equal(sales_groupby_parse(&g, "territory", 0, fx->r,
	    &fx->roles, "t.csv", &e), -1);
	assert_non_null(strstr(sales_err_str(&e),
	    "no column 'territory' for role 'territory'"));
	sales_groupby_release(&g);
}

static void
test_groupby_no_groups(void **state)
{
	struct fixture		*fx = *state;
	struct sales_groupby	 g;
	struct sales_record	 rec = { NULL, 0, 1, "t.csv", 0 };
	struct sales_err	 e;
	int			 col;

	sales_groupby_init(&g);
	assert_int_equal(sales_groupby_key(&g, fx->r, &rec, &fx->f, &fx->cal,
	    &col, &e), 0);
	assert_int_equal(g.keylen, 0);
	assert_string_equal(g.key, "");
	sales_groupby_release(&g);
}

/* NUL and 0x01 bytes inside values survive the key and its split. */
static void
test_groupby_escapes(void **state)
{
	static const char data[] = "a,b\nx\0y,\001z\n";
	struct sales_table_opts	 o;
	struct sales_reader	*r;
	struct sales_record	 rec;
	struct sales_groupby	 g;
	struct sales_roles	 roles;
	struct sales_calendar	 cal;
	struct sales_datefmt	 f;
	struct sales_field	 v[2];
	struct sales_err	 e;
	FILE			*fp;
	char			 buf[32];
	int			 col;

	sales_table_opts_init(&o);
	assert_non_null(fp = fmemopen((void *)data, sizeof(data) - 1, "r"));
	assert_int_equal(sales_reader_fopen(&r, fp, "e.csv", &o, &e), 0);
	sales_roles_init(&roles);
	sales_calendar_init(&cal);
	sales_datefmt_init(&f, NULL, &e);
	sales_groupby_init(&g);
	assert_int_equal(sales_groupby_parse(&g, "a,b", 0, r, &roles, "e.csv",
	    &e), 0);
	assert_int_equal(sales_reader_next(r, &rec, &e), 1);
	assert_int_equal(sales_groupby_key(&g, r, &rec, &f, &cal, &col, &e),
	    0);
	assert_int_equal(g.keylen, 8);
	assert_memory_equal(g.key, "x\001\001y\0\001\002z", 8);
	sales_groupby_split(&g, (struct sales_field){ g.key, g.keylen }, buf,
	    v);
	assert_int_equal(v[0].len, 3);
	assert_memory_equal(v[0].s, "x\0y", 3);
	assert_int_equal(v[1].len, 2);
	assert_memory_equal(v[1].s, "\001z", 2);
	sales_groupby_release(&g);
	sales_reader_close(r);
	fclose(fp);
}

/*
 * Values of every length from 0 to 40 with a 0, a 1 or a 2 byte at
 * every place: the key escapes exactly the 0 and 1 bytes (checked
 * against an escape done here byte by byte) and splits back to the
 * values.
 */
static void
test_groupby_escapes_lengths(void **state)
{
	struct sales_groupby	 g;
	struct sales_field	 f[2], v[2];
	struct sales_record	 rec;
	struct sales_err	 e;
	char			 val[41], want[100], buf[200];
	size_t			 len, at, n, i;
	int			 col, special;

	(void)state;
	sales_groupby_init(&g);
	g.items = sales_calloc(2, sizeof(*g.items));
	assert_non_null(g.items);
	g.n = 2;
	g.items[0].col = 0;
	g.items[0].period = -1;
	g.items[1].col = 1;
	g.items[1].period = -1;
	f[1].s = "tail";
	f[1].len = 4;
	rec.fields = f;
	rec.nfields = 2;
	rec.line = 2;
	rec.file = "t.csv";
	rec.plain = 1;
	for (len = 0; len <= 40; len++)
		for (at = 0; at <= len; at++)
			for (special = 0; special < 3; special++) {
				memset(val, 'a' + (int)(len % 26), len);
				if (at < len)
					val[at] = (char)special;
				val[len] = '\0';
				f[0].s = val;
				f[0].len = len;
				assert_int_equal(sales_groupby_key(&g, NULL,
				    &rec, NULL, NULL, &col, &e), 0);
				for (n = 0, i = 0; i < len; i++) {
					if ((unsigned char)val[i] < 2) {
						want[n++] = '\1';
						want[n++] = val[i] ? '\2' : '\1';
					} else
						want[n++] = val[i];
				}
				memcpy(want + n, "\0tail", 5);
				n += 5;
				assert_int_equal(g.keylen, n);
				assert_memory_equal(g.key, want, n);
				sales_groupby_split(&g, (struct sales_field){
				    g.key, g.keylen }, buf, v);
				assert_int_equal(v[0].len, len);
				assert_memory_equal(v[0].s, val, len);
				assert_int_equal(v[1].len, 4);
				assert_memory_equal(v[1].s, "tail", 4);
			}
	sales_groupby_release(&g);
}

/*
 * sales_groupby_find() against a table kept here: random records of
 * 1 to 3 columns, values of 0 to 40 bytes from a small alphabet that
 * holds the bytes a key escapes (0 and 1), so that values repeat and
 * take every path.  Every record's group is the number of its tuple of
 * values in order of first sight, told here by comparing the values
 * byte by byte; a new one is interned from the key and hash find()
 * leaves, which are those of sales_groupby_key().
 */
#define FIND_ROWS	20000
#define FIND_VALS	400

static void
test_groupby_find(void **state)
{
	static char		 vals[FIND_VALS][41];
	static size_t		 lens[FIND_VALS];
	static unsigned		 seen[FIND_ROWS][3];
	static const char	 abc[] = { 'a', 'b', '\0', '\1', 'a' };
	struct sales_groupby	 g;
	struct sales_groups	*t;
	struct sales_field	 f[3];
	struct sales_record	 rec;
	struct sales_err	 e;
	unsigned		 pick[3], seed = 12345;
	size_t			 n, ngroups, row, i, j, k, want, len;
	uint32_t		 h;
	long			 idx;
	int			 col;

	(void)state;
	for (i = 0; i < FIND_VALS; i++) {
		seed = seed * 1103515245 + 12345;
		/* Mostly short values, some long, a few empty. */
		lens[i] = (seed >> 8) % 7 == 0 ? (seed >> 12) % 41 :
		    (seed >> 12) % 12;
		for (j = 0; j < lens[i]; j++) {
			seed = seed * 1103515245 + 12345;
			/* 0 and 1 bytes in one value of 8. */
			vals[i][j] = i % 8 == 0 ? abc[(seed >> 16) % 5] :
			    (char)('a' + (seed >> 16) % 3);
		}
	}
	for (n = 1; n <= 3; n++) {
		sales_groupby_init(&g);
		assert_non_null(g.items = sales_calloc(n, sizeof(*g.items)));
		g.n = n;
		for (i = 0; i < n; i++) {
			g.items[i].col = (int)(n - 1 - i);	/* any order */
			g.items[i].period = -1;
		}
		assert_int_equal(sales_groups_new(&t, &e), 0);
		rec.fields = f;
		rec.nfields = n;
		rec.line = 2;
		rec.file = "t.csv";
		rec.plain = 1;
		ngroups = 0;
		for (row = 0; row < FIND_ROWS; row++) {
			for (i = 0; i < n; i++) {
				seed = seed * 1103515245 + 12345;
				/* Few values in all but the last column. */
				pick[i] = (seed >> 10) % (i + 1 < n ? 30 :
				    FIND_VALS);
				k = (size_t)g.items[i].col;
				f[k].s = vals[pick[i]];
				f[k].len = lens[pick[i]];
			}
			for (want = 0; want < ngroups; want++) {
				for (i = 0; i < n; i++) {
					len = lens[seen[want][i]];
					if (len != lens[pick[i]] ||
					    memcmp(vals[seen[want][i]],
					    vals[pick[i]], len) != 0)
						break;
				}
				if (i == n)
					break;
			}
			idx = sales_groupby_find(&g, t, NULL, &rec, NULL,
			    NULL, &col, &e);
			h = g.hash;
			if (want < ngroups) {
				assert_int_equal(idx, (long)want);
				continue;
			}
			assert_int_equal(idx, -1);
			/* The key and hash left are sales_groupby_key()'s. */
			assert_int_equal(sales_groups_intern_hashed(t, g.key,
			    g.keylen, g.hash, NULL, &e), (long)ngroups);
			assert_int_equal(sales_groupby_key(&g, NULL, &rec, NULL,
			    NULL, &col, &e), 0);
			assert_int_equal(g.hash, h);
			assert_int_equal(sales_groups_lookup_hashed(t, g.key,
			    g.keylen, g.hash), (long)ngroups);
			memcpy(seen[ngroups], pick, sizeof(pick));
			ngroups++;
		}
		/* Values did repeat, and not all tuples were alike. */
		assert_true(ngroups > 100 && ngroups < FIND_ROWS);
		sales_groups_free(t);
		sales_groupby_release(&g);
	}
}

/*
 * sales_groupby_find() with a period item and with no items: the
 * general path, keys as sales_groupby_key() builds them.
 */
static void
test_groupby_find_periods(void **state)
{
	struct fixture		*fx = *state;
	struct sales_table_opts	 o;
	struct sales_reader	*r;
	struct sales_groupby	 g;
	struct sales_groups	*t;
	struct sales_record	 rec;
	struct sales_err	 e;
	uint32_t		 empty;
	FILE			*fp;
	int			 col = -1;

	/* A reader of its own: the fixture's was read to its end. */
	sales_table_opts_init(&o);
	assert_non_null(fp = fmemopen((void *)table, sizeof(table) - 1,
	    "r"));
	assert_int_equal(sales_reader_fopen(&r, fp, "t.csv", &o, &e), 0);
	assert_int_equal(sales_groups_new(&t, &e), 0);
	sales_groupby_init(&g);
	empty = g.hash;
	assert_int_equal(sales_groupby_parse(&g, "rep,closed:quarter",
	    SALES_GROUPBY_PERIODS, r, &fx->roles, "t.csv", &e), 0);
	assert_int_equal(sales_reader_next(r, &rec, &e), 1);
	assert_int_equal(sales_groupby_find(&g, t, r, &rec, &fx->f,
	    &fx->cal, &col, &e), -1);
	assert_memory_equal(g.key, "Ann\0FY2027-Q1", g.keylen + 1);
	assert_int_equal(sales_groups_intern_hashed(t, g.key, g.keylen,
	    g.hash, NULL, &e), 0);
	assert_int_equal(sales_groupby_find(&g, t, r, &rec, &fx->f,
	    &fx->cal, &col, &e), 0);
	/* Row 3's date is bad: -2, the column named. */
	assert_int_equal(sales_reader_next(r, &rec, &e), 1);
	assert_int_equal(sales_reader_next(r, &rec, &e), 1);
	assert_int_equal(sales_groupby_find(&g, t, r, &rec, &fx->f,
	    &fx->cal, &col, &e), -2);
	assert_int_equal(col, 3);
	assert_int_equal(e.code, SALES_EVALUE);
	sales_groupby_release(&g);
	sales_groups_free(t);

	/* No items: every row has the empty key and its hash. */
	assert_int_equal(sales_groups_new(&t, &e), 0);
	sales_groupby_init(&g);
	assert_int_equal(sales_groupby_find(&g, t, r, &rec, &fx->f,
	    &fx->cal, &col, &e), -1);
	assert_int_equal(g.keylen, 0);
	assert_int_equal(g.hash, empty);
	assert_int_equal(sales_groups_intern_hashed(t, "", 0, empty, NULL,
	    &e), 0);
	assert_int_equal(sales_groupby_find(&g, t, r, &rec, &fx->f,
	    &fx->cal, &col, &e), 0);
	sales_groupby_release(&g);
	sales_groups_free(t);
	sales_reader_close(r);
	fclose(fp);
}

/*
 * A role that --map points at another column is that column or an
 * error naming it, never a header of the role's own name; a role not
 * mapped still falls back to a header of its name.
 */
static void
test_groupby_mapped_role(void **state)
{
	static const char owners[] =
	    "rep,owner,stage,category\n"
	    "Ann,Bea,won,commit\n";
	struct sales_table_opts	 o;
	struct sales_reader	*r;
	struct sales_roles	 roles;
	struct sales_groupby	 g;
	struct sales_err	 e;
	FILE			*fp;

	sales_table_opts_init(&o);
	fp = fmemopen((void *)owners, sizeof(owners) - 1, "r");
	assert_non_null(fp);
	assert_int_equal(sales_reader_fopen(&r, fp, "o.csv", &o, &e), 0);
	sales_roles_init(&roles);
	assert_int_equal(sales_roles_map(&roles, "rep=ownr", &e), 0);
	sales_groupby_init(&g);
	assert_int_equal(sales_groupby_parse(&g, "rep", 0, r, &roles,
	    "o.csv", &e), -1);
	assert_int_equal(e.code, SALES_EUSAGE);
	assert_string_equal(sales_err_str(&e), "o.csv: no column 'ownr' for "
	    "role 'rep' (columns: rep, owner, stage, category; closest: "
	    "'owner'); use --map rep=COLUMN");
	sales_groupby_release(&g);
	/* Mapped right: the owner column, headed "rep" as written. */
	assert_int_equal(sales_roles_map(&roles, "rep=Owner", &e), 0);
	assert_int_equal(sales_groupby_parse(&g, "rep", 0, r, &roles,
	    "o.csv", &e), 0);
	assert_int_equal(g.items[0].col, 1);
	assert_string_equal(g.items[0].label, "rep");
	sales_groupby_release(&g);
	/*
	 * category is not mapped: its default column forecast_category is
	 * absent, and the header named category stands in.
	 */
	assert_int_equal(sales_groupby_parse(&g, "category", 0, r, &roles,
	    "o.csv", &e), 0);
	assert_int_equal(g.items[0].col, 3);
	sales_groupby_release(&g);
	sales_reader_close(r);
	fclose(fp);
}

static void
test_list_split(void **state)
{
	struct sales_err	 e;
	char			**v;
	size_t			 n;

	assert_int_equal(sales_list_split("a,,b c", &v, &n, &e), 0);
	assert_int_equal(n, 3);
	assert_string_equal(v[0], "a");
	assert_string_equal(v[1], "");
	assert_string_equal(v[2], "b c");
	sales_list_free(v, n);
	assert_int_equal(sales_list_split("", &v, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_string_equal(v[0], "");
	sales_list_free(v, n);
	sales_mem_fail_after(2);
	assert_int_equal(sales_list_split("a,b,c", &v, &n, &e), -1);
	sales_mem_fail_after(-1);
	assert_int_equal(e.code, SALES_ENOMEM);
	sales_list_free(NULL, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_groupby_keys),
		cmocka_unit_test(test_groupby_errors),
		cmocka_unit_test(test_groupby_no_groups),
		cmocka_unit_test(test_groupby_escapes),
		cmocka_unit_test(test_groupby_escapes_lengths),
		cmocka_unit_test(test_groupby_find),
		cmocka_unit_test(test_groupby_find_periods),
		cmocka_unit_test(test_groupby_mapped_role),
		cmocka_unit_test(test_list_split),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
