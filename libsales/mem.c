/*
 * mem.c: the allocation wrapper, with a failure hook for tests.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "libsales/mem.h"

static long	fail_after = -1;

static int
should_fail(void)
{
	if (fail_after < 0)
		return 0;
	if (fail_after == 0)
		return 1;
	fail_after--;
	return 0;
}

void
sales_mem_fail_after(long n)
{
	fail_after = n;
}

void *
sales_malloc(size_t size)
{
	if (should_fail())
		return NULL;
	return malloc(size == 0 ? 1 : size);
}

void *
sales_calloc(size_t n, size_t size)
{
	if (should_fail())
		return NULL;
	return calloc(n == 0 ? 1 : n, size == 0 ? 1 : size);
}

void *
sales_realloc(void *p, size_t size)
{
	if (should_fail())
		return NULL;
	return realloc(p, size == 0 ? 1 : size);
}

void *
sales_reallocarray(void *p, size_t n, size_t size)
{
	if (size != 0 && n > SIZE_MAX / size)
		return NULL;
	return sales_realloc(p, n * size);
}

void
sales_free(void *p)
{
	free(p);
}

char *
sales_strndup(const char *s, size_t len)
{
	char	*p;

	if ((p = sales_malloc(len + 1)) == NULL)
		return NULL;
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}
