/*
 * mem.h: the one allocation wrapper of libsales.
 *
 * Every allocation in libsales (and libcsv's, through
 * csv_set_realloc_func()) goes through these functions, so that a test
 * can make the Nth allocation fail and check that SALES_ENOMEM comes
 * back without a leak or a crash.
 */
#ifndef SALES_MEM_H
#define SALES_MEM_H

#include <stddef.h>

/*
 * As malloc(3), calloc(3), realloc(3) and free(3), but failing on
 * request (sales_mem_fail_after()).  They return NULL on failure and
 * never print or abort.  Memory is freed with sales_free().
 * sales_reallocarray() fails (NULL, old block untouched) when
 * n * size overflows.
 */
void	*sales_malloc(size_t size);
void	*sales_calloc(size_t n, size_t size);
void	*sales_realloc(void *p, size_t size);
void	*sales_reallocarray(void *p, size_t n, size_t size);
void	 sales_free(void *p);

/*
 * Copy len bytes of s into a new NUL-terminated string; NULL when out
 * of memory.  The caller frees it with sales_free().
 */
char	*sales_strndup(const char *s, size_t len);

/*
 * Test hook: let n more allocations succeed, then fail every later one
 * until called again.  n < 0 (the default) never fails.
 */
void	 sales_mem_fail_after(long n);

#endif
