/*
 * bytes.h: comparing and hashing short byte strings a word at a time,
 * for the hot paths (group keys, stage names).  Every function reads
 * only the len bytes it is given, in loads of 8 or 4 bytes that may
 * overlap, so any alignment is fine.
 */
#ifndef SALES_BYTES_H
#define SALES_BYTES_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* The 8 bytes at p as a number, in the machine's byte order. */
static inline uint64_t
sales_load64(const void *p)
{
	uint64_t	 w;

	memcpy(&w, p, sizeof(w));
	return w;
}

/* The 4 bytes at p as a number, in the machine's byte order. */
static inline uint32_t
sales_load32(const void *p)
{
	uint32_t	 w;

	memcpy(&w, p, sizeof(w));
	return w;
}

/*
 * The last up to 8 of the len bytes at p as one number: for len >= 8,
 * the 8 bytes that end them; for 4 to 7, two overlapping halves; for 1
 * to 3, the first, middle and last byte; 0 for none.  Equal strings of
 * one length give equal numbers; strings of different lengths may too,
 * so callers compare lengths apart.
 */
static inline uint64_t
sales_tail64(const void *p, size_t len)
{
	const unsigned char	*b = p;

	if (len >= 8)
		return sales_load64(b + len - 8);
	if (len >= 4)
		return (uint64_t)sales_load32(b) << 32 |
		    sales_load32(b + len - 4);
	if (len > 0)
		return (uint64_t)b[0] << 16 | (uint64_t)b[len / 2] << 8 |
		    b[len - 1];
	return 0;
}

/*
 * Are the len bytes at a and b equal?  Up to 32 bytes in at most four
 * loads each, longer ones by memcmp(3).
 */
static inline int
sales_bytes_eq(const void *a, const void *b, size_t len)
{
	const unsigned char	*x = a, *y = b;

	if (len > 32)
		return memcmp(a, b, len) == 0;
	if (len > 16)
		return sales_load64(x) == sales_load64(y) &&
		    sales_load64(x + 8) == sales_load64(y + 8) &&
		    sales_load64(x + len - 16) == sales_load64(y + len - 16) &&
		    sales_load64(x + len - 8) == sales_load64(y + len - 8);
	if (len >= 8)
		return sales_load64(x) == sales_load64(y) &&
		    sales_load64(x + len - 8) == sales_load64(y + len - 8);
	return sales_tail64(x, len) == sales_tail64(y, len);
}

#endif
