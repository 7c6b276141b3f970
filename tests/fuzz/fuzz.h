/*
 * fuzz.h: what the fuzz targets of tests/fuzz/ share.
 *
 * Each fuzz_<target>.c defines LLVMFuzzerTestOneInput().  It is linked
 * either with libFuzzer (make fuzz, clang -fsanitize=fuzzer) or with
 * tests/fuzz/replay.c, which feeds it every file of the target's
 * corpus under gcc's ASan and UBSan (make check).
 *
 * An input is read as a few option bytes followed by data; several
 * inputs of one target (a rules file and a table, a rep table and a
 * lead table) are parts of the data cut at the line "===".  A target
 * checks properties that must hold for every input (no crash, no leak,
 * values that round-trip) and calls fuzz_fail() when one does not, so
 * that libFuzzer stops and keeps the input.
 */
#ifndef SALES_FUZZ_H
#define SALES_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The bytes not yet taken of an input. */
struct fuzz_in {
	const uint8_t	*p;
	size_t		 n;
};

/* Report a broken property of the input and abort, so that it is kept. */
#define fuzz_fail(...) do {						\
	fprintf(stderr, "%s:%d: ", __FILE__, __LINE__);			\
	fprintf(stderr, __VA_ARGS__);					\
	fputc('\n', stderr);						\
	abort();							\
} while (0)

#define fuzz_assert(cond) do {						\
	if (!(cond))							\
		fuzz_fail("property does not hold: %s", #cond);		\
} while (0)

/*
 * Are known findings to be shown?  A target leaves out the inputs of a
 * finding that is not fixed yet (tests/fuzz/findings/) unless the
 * environment sets FUZZ_FINDINGS=1, so that a replay of the finding
 * shows the bug: FUZZ_FINDINGS=1 build/fuzz/replay_fuzz_state
 * tests/fuzz/findings/INPUT.
 */
static inline int
fuzz_findings(void)
{
	static int	 on = -1;
	const char	*s;

	if (on == -1)
		on = (s = getenv("FUZZ_FINDINGS")) != NULL &&
		    strcmp(s, "1") == 0;
	return on;
}

/* Take one byte of the input; 0 when it is used up. */
static inline unsigned
fuzz_byte(struct fuzz_in *in)
{
	if (in->n == 0)
		return 0;
	in->n--;
	return *in->p++;
}

/* Take eight bytes of the input as a little-endian integer. */
static inline uint64_t
fuzz_u64(struct fuzz_in *in)
{
	uint64_t	 v = 0;
	int		 i;

	for (i = 0; i < 8; i++)
		v |= (uint64_t)fuzz_byte(in) << (8 * i);
	return v;
}

/*
 * Cut the next part of the input: the bytes up to the line "===" (or
 * to the end), which are skipped.  Returns the part's length; *part
 * points into the input.
 */
static inline size_t
fuzz_part(struct fuzz_in *in, const uint8_t **part)
{
	const uint8_t	*s = in->p, *end = in->p + in->n, *q;
	size_t		 len;

	*part = s;
	for (q = s; q + 4 <= end; q++) {
		if (memcmp(q, "===\n", 4) == 0 && (q == s || q[-1] == '\n')) {
			len = (size_t)(q - s);
			in->p = q + 4;
			in->n = (size_t)(end - in->p);
			return len;
		}
	}
	len = in->n;
	in->p = end;
	in->n = 0;
	return len;
}

/*
 * A copy of len bytes of p in its own allocation of exactly len bytes
 * (or 1 when len is 0), so that AddressSanitizer catches any read past
 * the end.  The caller frees it with free().
 */
static inline char *
fuzz_copy(const uint8_t *p, size_t len)
{
	char	*s;

	if ((s = malloc(len > 0 ? len : 1)) == NULL)
		abort();
	if (len > 0)
		memcpy(s, p, len);
	return s;
}

/* As fuzz_copy(), with a NUL byte after the copy. */
static inline char *
fuzz_str(const uint8_t *p, size_t len)
{
	char	*s;

	if ((s = malloc(len + 1)) == NULL)
		abort();
	if (len > 0)
		memcpy(s, p, len);
	s[len] = '\0';
	return s;
}

/* A read-only stream on len bytes at buf (kept by the caller). */
static inline FILE *
fuzz_fmemopen(char *buf, size_t len)
{
	FILE	*fp;

	if ((fp = fmemopen(buf, len, "r")) == NULL)
		abort();
	return fp;
}

#endif
