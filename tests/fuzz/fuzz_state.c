/*
 * fuzz_state.c: the --state file of sm-assign (state.h) on any bytes:
 * a state file as a crash, a person or a disk may leave it, then keys
 * of any bytes set, committed and read back.
 *
 * Input: one option byte, then the state file, a "===" line, and keys
 * one a line (a key may hold any byte but a line feed, NUL included;
 * "\t" in a key is written as the escape \t).
 *	byte 0: bit 0 drop the namespace "rr" before setting, bit 1 commit
 *		twice
 *
 * Properties: a state file opens or fails with a parse error (never
 * a crash); the keys set, committed and read again hold their values,
 * entries of other namespaces are kept; a file that failed to open is
 * left as it was.
 */
#include <sys/stat.h>

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "libsales/err.h"
#include "libsales/state.h"
#include "tests/fuzz/fuzz.h"

#define MAXKEYS	32

static char	 dir[256], path[300];

static void
cleanup(void)
{
	char	 tmp[320];

	unlink(path);
	snprintf(tmp, sizeof(tmp), "%s/.state.lock", dir);
	unlink(tmp);
	rmdir(dir);
}

static void
put(const uint8_t *p, size_t len)
{
	FILE	*fp;

	if ((fp = fopen(path, "wb")) == NULL ||
	    (len > 0 && fwrite(p, 1, len, fp) != len) || fclose(fp) == EOF)
		abort();
}

/* The file's bytes equal len bytes at p. */
static int
same_file(const uint8_t *p, size_t len)
{
	FILE	*fp;
	char	*b;
	size_t	 got;
	int	 rv;

	if ((fp = fopen(path, "rb")) == NULL)
		return 0;
	b = malloc(len + 1);
	got = fread(b, 1, len + 1, fp);
	fclose(fp);
	rv = got == len && memcmp(b, p, len) == 0;
	free(b);
	return rv;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in		 in = { data, size };
	struct sales_state	*st = NULL;
	struct sales_err	 e;
	const uint8_t		*file, *keys;
	size_t			 filelen, keyslen, nkeys = 0, i, j;
	const char		*k[MAXKEYS];
	size_t			 klen[MAXKEYS];
	int64_t			 val, other = 0;
	char			*kb, *p, *end, *nl;
	unsigned		 b0;
	int			 hasother;

	if (dir[0] == '\0') {
		snprintf(dir, sizeof(dir), "%s/fuzz_state.XXXXXX",
		    access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
		if (mkdtemp(dir) == NULL)
			abort();
		snprintf(path, sizeof(path), "%s/state", dir);
		atexit(cleanup);
	}
	b0 = fuzz_byte(&in);
	filelen = fuzz_part(&in, &file);
	keyslen = fuzz_part(&in, &keys);
	put(file, filelen);

	if (sales_state_open(&st, path, &e) == -1) {
		fuzz_assert(e.code == SALES_EPARSE || e.code == SALES_EIO);
		fuzz_assert(same_file(file, filelen));
		return 0;
	}
	hasother = sales_state_get(st, "x", "k", 1, &other);
	/* Keys: one a line, kept to MAXKEYS distinct ones. */
	kb = fuzz_copy(keys, keyslen);
	for (p = kb, end = kb + keyslen; p < end && nkeys < MAXKEYS;
	    p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		for (j = 0; j < nkeys; j++)
			if (klen[j] == (size_t)(nl - p) &&
			    memcmp(k[j], p, klen[j]) == 0)
				break;
		if (j == nkeys) {
			k[nkeys] = p;
			klen[nkeys++] = (size_t)(nl - p);
		}
	}
	if (b0 & 1)
		sales_state_drop(st, "rr");
	for (i = 0; i < nkeys; i++)
		if (sales_state_set(st, "rr", k[i], klen[i],
		    (int64_t)(i * 1000003) - 7, &e) == -1)
			abort();
	if (sales_state_commit(st, &e) == -1)
		fuzz_fail("commit: %s", sales_err_str(&e));
	if ((b0 & 2) && sales_state_commit(st, &e) == -1)
		fuzz_fail("second commit: %s", sales_err_str(&e));
	sales_state_close(st);
	st = NULL;

	if (sales_state_open(&st, path, &e) == -1)
		fuzz_fail("a committed state does not open: %s",
		    sales_err_str(&e));
	for (i = 0; i < nkeys; i++) {
		if (sales_state_get(st, "rr", k[i], klen[i], &val) != 1)
			fuzz_fail("key %zu lost", i);
		fuzz_assert(val == (int64_t)(i * 1000003) - 7);
	}
	if (hasother) {
		fuzz_assert(sales_state_get(st, "x", "k", 1, &val) == 1);
		fuzz_assert(val == other);
	}
	sales_state_close(st);
	free(kb);
	return 0;
}
