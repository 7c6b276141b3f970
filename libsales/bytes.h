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
static inline __attribute__((always_inline)) uint64_t
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
static inline __attribute__((always_inline)) int
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

/* Is a byte of w below 2 (Hacker's Delight, 6-1)?  And of a 32-bit w? */
#define SALES_LOW64(w)	(((w) - 0x0202020202020202ULL) & ~(w) & \
			    0x8080808080808080ULL)
#define SALES_LOW32(w)	(((w) - 0x02020202U) & ~(w) & 0x80808080U)

/* Mix the word w into the hash h (MurmurHash3's fmix64 multiplier). */
#define SALES_MIX(h, w)	((h) = ((h) ^ (w)) * 0xff51afd7ed558ccdULL, \
			    (h) ^= (h) >> 32)

#define SALES_HASH_SEED	0x9e3779b97f4a7c15ULL

/*
 * The hash of a group key (groupby.h) is made from its values: start
 * from SALES_HASH_SEED, mix each value in with sales_hash_value(), and
 * end with sales_hash_end().  A value mixes in its length and its bytes
 * a word at a time: up to 16 bytes two overlapping words (or the word
 * sales_tail64() makes of up to 8), longer ones every 8 bytes and the
 * last 8.  *lw gets a nonzero bit when the value holds a byte below 2
 * (those a key escapes).
 */
static inline __attribute__((always_inline)) uint64_t
sales_hash_value(uint64_t h, const char *s, size_t len, uint64_t *lw)
{
	uint64_t	 a, b;
	size_t		 j;

	h ^= len;
	if (len > 16) {
		for (j = 0; j + 8 < len; j += 8) {
			a = sales_load64(s + j);
			*lw |= SALES_LOW64(a);
			SALES_MIX(h, a);
		}
		a = sales_load64(s + len - 8);
		*lw |= SALES_LOW64(a);
		SALES_MIX(h, a);
	} else if (len >= 8) {
		a = sales_load64(s);
		b = sales_load64(s + len - 8);
		*lw |= SALES_LOW64(a) | SALES_LOW64(b);
		SALES_MIX(h, a);
		SALES_MIX(h, b);
	} else if (len >= 4) {
		a = sales_load32(s);
		b = sales_load32(s + len - 4);
		*lw |= SALES_LOW32(a) | SALES_LOW32(b);
		SALES_MIX(h, a << 32 | b);
	} else {
		*lw |= (len > 0 && (unsigned char)s[0] < 2) ||
		    (len > 1 && (unsigned char)s[1] < 2) ||
		    (len > 2 && (unsigned char)s[2] < 2);
		SALES_MIX(h, sales_tail64(s, len));
	}
	return h;
}

/* The 32-bit hash of h (MurmurHash3's fmix64, its second half). */
static inline uint32_t
sales_hash_end(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return (uint32_t)h;
}

#endif
