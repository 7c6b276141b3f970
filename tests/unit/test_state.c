/*
 * test_state.c: the --state file: created when missing, read back after
 * a commit, escaped keys (NUL bytes too), parse errors, atomic
 * replacement that keeps the mode, and many processes at once losing no
 * update.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sys/stat.h>
#include <sys/wait.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "libsales/err.h"
#include "libsales/state.h"

static char	dir[] = "/tmp/test_state.XXXXXX";
static char	path[sizeof(dir) + 16];

static int
setup(void **state)
{
	if (mkdtemp(dir) == NULL)
		return -1;
	snprintf(path, sizeof(path), "%s/rr.state", dir);
	return 0;
}

static int
teardown(void **state)
{
	char	cmd[sizeof(dir) + 16];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void
put_file(const char *text)
{
	FILE	*fp = fopen(path, "w");

	assert_non_null(fp);
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
}

static char *
get_file(void)
{
	static char	 buf[4096];
	FILE		*fp = fopen(path, "r");
	size_t		 n;

	assert_non_null(fp);
	n = fread(buf, 1, sizeof(buf) - 1, fp);
	buf[n] = '\0';
	fclose(fp);
	return buf;
}

static void
test_state_create_and_read_back(void **state)
{
	struct sales_state	*st;
	struct sales_err	 e;
	int64_t			 v;

	unlink(path);
	assert_int_equal(sales_state_open(&st, path, &e), 0);
	assert_int_equal(access(path, F_OK), 0);
	assert_int_equal(sales_state_count(st), 0);
	assert_int_equal(sales_state_get(st, "weighted", "Ana", 3, &v), 0);
	assert_int_equal(sales_state_set(st, "weighted", "Ana", 3, -3, &e), 0);
	assert_int_equal(sales_state_set(st, "weighted", "Ben", 3, 3, &e), 0);
	assert_int_equal(sales_state_set(st, "least-loaded", "Ana", 3, 7, &e),
	    0);
	assert_int_equal(sales_state_set(st, "weighted", "Ana", 3, -2, &e), 0);
	assert_int_equal(sales_state_commit(st, &e), 0);
	sales_state_close(st);
	assert_string_equal(get_file(),
	    "# sm-assign state: namespace, key, value\n"
	    "weighted\tAna\t-2\n"
	    "weighted\tBen\t3\n"
	    "least-loaded\tAna\t7\n");
	assert_int_equal(sales_state_open(&st, path, &e), 0);
	assert_int_equal(sales_state_count(st), 3);
	assert_int_equal(sales_state_get(st, "weighted", "Ana", 3, &v), 1);
	assert_int_equal(v, -2);
	assert_int_equal(sales_state_get(st, "least-loaded", "Ana", 3, &v), 1);
	assert_int_equal(v, 7);
	assert_int_equal(sales_state_get(st, "least-loaded", "Ben", 3, &v), 0);
	sales_state_drop(st, "weighted");
	assert_int_equal(sales_state_count(st), 1);
	assert_int_equal(sales_state_get(st, "weighted", "Ben", 3, &v), 0);
	/* Closed without a commit: the file stays as it was. */
	sales_state_close(st);
	assert_int_equal(sales_state_open(&st, path, &e), 0);
	assert_int_equal(sales_state_count(st), 3);
	sales_state_close(st);
	sales_state_close(NULL);
}

static void
test_state_escapes(void **state)
{
	struct sales_state	*st;
	struct sales_err	 e;
	const char		 key[] = "a\tb\nc\\d\re";
	int64_t			 v;

	unlink(path);
	assert_int_equal(sales_state_open(&st, path, &e), 0);
	assert_int_equal(sales_state_set(st, "round-robin", key,
	    sizeof(key) - 1, 9, &e), 0);
	assert_int_equal(sales_state_commit(st, &e), 0);
	sales_state_close(st);
	assert_string_equal(get_file(),
	    "# sm-assign state: namespace, key, value\n"
	    "round-robin\ta\\tb\\nc\\\\d\\re\t9\n");
	assert_int_equal(sales_state_open(&st, path, &e), 0);
	assert_int_equal(sales_state_get(st, "round-robin", key,
	    sizeof(key) - 1, &v), 1);
	assert_int_equal(v, 9);
	sales_state_close(st);
	/* CRLF, comments and blank lines are read as well. */
	put_file("# x\r\n\r\nweighted\tCy\t-12\r\n");
	assert_int_equal(sales_state_open(&st, path, &e), 0);
	assert_int_equal(sales_state_get(st, "weighted", "Cy", 2, &v), 1);
	assert_int_equal(v, -12);
	sales_state_close(st);
}

/* Write len bytes of p as the whole state file. */
static void
put_bytes(const char *p, size_t len)
{
	FILE	*fp = fopen(path, "wb");

	assert_non_null(fp);
	assert_int_equal(fwrite(p, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
}

/*
 * A key holding NUL bytes is written with the escape \0 and reads back
 * whole; a backslash before a '0' stays two bytes; a raw NUL in a key,
 * as files written before the escape hold, is read as part of the key.
 */
static void
test_state_nul_key(void **state)
{
	struct sales_state	*st;
	struct sales_err	 e;
	const char		 key[] = "a\0b", key2[] = "\0x\\0\0";
	const char		 old[] = "# old\nrr\tAn\0a\t5\n";
	const char		 want[] = "# sm-assign state: namespace, key, "
	    "value\nrr\ta\\0b\t7\nrr\t\\0x\\\\0\\0\t-8\n";
	char			 got[sizeof(want) + 8];
	FILE			*fp;
	int64_t			 v;

	unlink(path);
	assert_int_equal(sales_state_open(&st, path, &e), 0);
	assert_int_equal(sales_state_set(st, "rr", key, sizeof(key) - 1, 7,
	    &e), 0);
	assert_int_equal(sales_state_set(st, "rr", key2, sizeof(key2) - 1, -8,
	    &e), 0);
	assert_int_equal(sales_state_commit(st, &e), 0);
	sales_state_close(st);
	/* The file, byte for byte: no raw NUL, two escapes per key2. */
	assert_non_null(fp = fopen(path, "rb"));
	assert_int_equal(fread(got, 1, sizeof(got), fp), sizeof(want) - 1);
	fclose(fp);
	assert_memory_equal(got, want, sizeof(want) - 1);
	assert_int_equal(sales_state_open(&st, path, &e), 0);
	assert_int_equal(sales_state_count(st), 2);
	assert_int_equal(sales_state_get(st, "rr", key, sizeof(key) - 1, &v),
	    1);
	assert_int_equal(v, 7);
	assert_int_equal(sales_state_get(st, "rr", key2, sizeof(key2) - 1,
	    &v), 1);
	assert_int_equal(v, -8);
	/* "a", "a\0" and "ab" are other keys. */
	assert_int_equal(sales_state_get(st, "rr", "a", 1, &v), 0);
	assert_int_equal(sales_state_get(st, "rr", key, 2, &v), 0);
	assert_int_equal(sales_state_get(st, "rr", "ab", 2, &v), 0);
	sales_state_close(st);
	/* A file written before the escape: the raw NUL is the key's. */
	put_bytes(old, sizeof(old) - 1);
	assert_int_equal(sales_state_open(&st, path, &e), 0);
	assert_int_equal(sales_state_get(st, "rr", "An\0a", 4, &v), 1);
	assert_int_equal(v, 5);
	assert_int_equal(sales_state_get(st, "rr", "An", 2, &v), 0);
	sales_state_close(st);
}

static void
test_state_parse_errors(void **state)
{
	struct sales_state	*st;
	struct sales_err	 e;
	char			 want[256];
	const char		*bad[] = {
		"weighted\tAna\n",
		"weighted\tAna\t\n",
		"weighted\tAna\t12x\n",
		"\tAna\t1\n",
		"weighted\tAna\t99999999999999999999\n",
	};
	/* A NUL byte in the namespace or in the value. */
#define BYTES(s)	{ s, sizeof(s) - 1 }
	const struct {
		const char	*s;
		size_t		 len;
	}			 nulbad[] = {
		BYTES("weig\0hted\tA\t1\n"),
		BYTES("weighted\tA\t1\0\n"),
		BYTES("weighted\tA\t\0\n"),
		BYTES("\0\tA\t1\n"),
	};
#undef BYTES
	const char		 ok[] = "# ok\nweighted\tBen\t1\n";
	char			 buf[64];
	size_t			 i;
	int			 rv;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		put_file("# ok\nweighted\tBen\t1\n");
		{
			FILE *fp = fopen(path, "a");

			fputs(bad[i], fp);
			fclose(fp);
		}
		assert_int_equal(sales_state_open(&st, path, &e), -1);
		assert_null(st);
		assert_int_equal(e.code, SALES_EPARSE);
		snprintf(want, sizeof(want), "%s:3: not a state entry", path);
		assert_string_equal(sales_err_str(&e), want);
	}
	for (i = 0; i < sizeof(nulbad) / sizeof(nulbad[0]); i++) {
		memcpy(buf, ok, sizeof(ok) - 1);
		memcpy(buf + sizeof(ok) - 1, nulbad[i].s, nulbad[i].len);
		put_bytes(buf, sizeof(ok) - 1 + nulbad[i].len);
		/* Closed at once if it opens, so that no lock outlives it. */
		rv = sales_state_open(&st, path, &e);
		sales_state_close(st);
		assert_int_equal(rv, -1);
		assert_null(st);
		assert_int_equal(e.code, SALES_EPARSE);
		snprintf(want, sizeof(want), "%s:3: not a state entry", path);
		assert_string_equal(sales_err_str(&e), want);
	}
}

static void
test_state_io_errors(void **state)
{
	struct sales_state	*st;
	struct sales_err	 e;
	char			 p[sizeof(dir) + 32], want[256];

	snprintf(p, sizeof(p), "%s/no/such/dir", dir);
	assert_int_equal(sales_state_open(&st, p, &e), -1);
	assert_int_equal(e.code, SALES_EIO);
	snprintf(want, sizeof(want), "%s: No such file or directory", p);
	assert_string_equal(sales_err_str(&e), want);
	/* A folder is not a state file. */
	assert_int_equal(sales_state_open(&st, dir, &e), -1);
	assert_int_equal(e.code, SALES_EIO);
}

/* The commit replaces the file (a new inode) and keeps its mode. */
static void
test_state_atomic_replace(void **state)
{
	struct sales_state	*st;
	struct sales_err	 e;
	struct stat		 a, b;

	put_file("weighted\tAna\t1\n");
	assert_int_equal(chmod(path, 0640), 0);
	assert_int_equal(stat(path, &a), 0);
	assert_int_equal(sales_state_open(&st, path, &e), 0);
	assert_int_equal(sales_state_set(st, "weighted", "Ana", 3, 2, &e), 0);
	assert_int_equal(sales_state_commit(st, &e), 0);
	assert_int_equal(stat(path, &b), 0);
	assert_true(a.st_ino != b.st_ino);
	assert_int_equal(b.st_mode & 07777, 0640);
	sales_state_close(st);
}

/*
 * Eight processes, each adding 1 to a counter 25 times, each time
 * holding the file a moment between reading and committing: with the
 * lock (and the re-lock after a rename) the counter ends at 200; any
 * lost update would leave it lower.
 */
static void
test_state_concurrent(void **state)
{
	struct sales_state	*st;
	struct sales_err	 e;
	pid_t			 pid[8];
	int			 i, k, status;
	int64_t			 v;

	unlink(path);
	for (i = 0; i < 8; i++) {
		if ((pid[i] = fork()) == 0) {
			for (k = 0; k < 25; k++) {
				if (sales_state_open(&st, path, &e) == -1)
					_exit(1);
				v = 0;
				sales_state_get(st, "least-loaded", "n", 1,
				    &v);
				usleep(200);
				if (sales_state_set(st, "least-loaded", "n",
				    1, v + 1, &e) == -1 ||
				    sales_state_commit(st, &e) == -1)
					_exit(1);
				sales_state_close(st);
			}
			_exit(0);
		}
		assert_true(pid[i] > 0);
	}
	for (i = 0; i < 8; i++) {
		assert_int_equal(waitpid(pid[i], &status, 0), pid[i]);
		assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	assert_int_equal(sales_state_open(&st, path, &e), 0);
	assert_int_equal(sales_state_get(st, "least-loaded", "n", 1, &v), 1);
	assert_int_equal(v, 200);
	sales_state_close(st);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_state_create_and_read_back),
		cmocka_unit_test(test_state_escapes),
		cmocka_unit_test(test_state_nul_key),
		cmocka_unit_test(test_state_parse_errors),
		cmocka_unit_test(test_state_io_errors),
		cmocka_unit_test(test_state_atomic_replace),
		cmocka_unit_test(test_state_concurrent),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
