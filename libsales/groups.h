/*
 * groups.h: a table of group keys (byte strings) numbered densely in
 * the order they were first seen, for group-by state that grows with
 * the groups, never with the rows.
 *
 * A key of several columns is the fields joined by a NUL byte; since
 * NUL is the lowest byte, sorting such keys as bytes sorts them column
 * by column (SPEC 4: groups are printed in ascending byte order).
 */
#ifndef SALES_GROUPS_H
#define SALES_GROUPS_H

#include <stddef.h>
#include <stdint.h>

#include "libsales/err.h"
#include "libsales/table.h"

struct sales_groups;

/*
 * Make an empty table.  Returns 0 with *gp set (free it with
 * sales_groups_free()), or -1 with err set (SALES_ENOMEM).
 */
int	sales_groups_new(struct sales_groups **gp, struct sales_err *err);

/*
 * The number of key (len bytes, copied), adding it when new; *isnew
 * (may be NULL) tells which.  Numbers run 0, 1, 2... in order of first
 * sight.  Returns the number, or -1 with err set (SALES_ENOMEM; also
 * when the table already holds 2^32 - 1 keys; SALES_ELIMIT for a key
 * of 2 GiB or more).  On failure the table is unchanged.
 */
long	sales_groups_intern(struct sales_groups *g, const char *key,
	    size_t len, int *isnew, struct sales_err *err);

/* The number of key, or -1 when it is not in the table. */
long	sales_groups_lookup(const struct sales_groups *g, const char *key,
	    size_t len);

/*
 * As sales_groups_intern() and sales_groups_lookup() (the same returns
 * and errors), with the key's 32-bit hash given by the caller, such as
 * the hash of a group key that sales_groupby_key() and
 * sales_groups_find_two() compute from its values (bytes.h): any
 * function of the key's bytes will do, but a table must see one
 * function all its life, so a table used with these is used with these
 * only.
 */
long	sales_groups_intern_hashed(struct sales_groups *g, const char *key,
	    size_t len, uint32_t hash, int *isnew, struct sales_err *err);
long	sales_groups_lookup_hashed(const struct sales_groups *g,
	    const char *key, size_t len, uint32_t hash);

/*
 * sales_groups_lookup_hashed() for the key made of the n parts v (n at
 * least 1) joined by NUL bytes, without joining them: the number of
 * that key, or -1.  hash is the one the key was interned with.  As for
 * sales_groups_find_two(), a key that holds a byte 0x01 is not found.
 */
long	sales_groups_lookup_parts(const struct sales_groups *g,
	    const struct sales_field *v, size_t n, uint32_t hash);

/*
 * The number of the key a, NUL, b (alen and blen bytes; b NULL: the
 * key a), or -1; *hash is set to the key's hash as a group key's
 * (bytes.h), computed here from the two values.  A key that holds a
 * byte 0x01 (with which group keys escape NUL and 0x01 bytes inside
 * values, groupby.h) is never found this way, but whole.
 */
long	sales_groups_find_two(const struct sales_groups *g, const char *a,
	    size_t alen, const char *b, size_t blen, uint32_t *hash);

/* How many keys the table holds. */
size_t	sales_groups_count(const struct sales_groups *g);

/*
 * Key number i (below the count), NUL-terminated; owned by the table
 * and valid until it is freed.
 */
struct sales_field sales_groups_key(const struct sales_groups *g, size_t i);

/*
 * The key numbers in ascending byte order of their keys (bytes compared
 * as unsigned, a key before every longer key it begins: "a" < "a\0b" <
 * "ab"), in a new array of sales_groups_count() entries that the caller
 * frees with sales_free().  Returns NULL with err set (SALES_ENOMEM) on
 * failure (an empty table gives a valid 1-entry allocation).
 */
size_t	*sales_groups_sorted(const struct sales_groups *g,
	    struct sales_err *err);

/* Free the table; NULL is a no-op. */
void	sales_groups_free(struct sales_groups *g);

#endif
