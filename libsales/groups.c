/*
 * groups.c: the group-key table: an open-addressing hash table of
 * byte-string keys numbered densely in order of first sight.
 *
 * Keys are copied into an arena of large chunks (never one allocation
 * per key).  The hash slots hold the key's number plus one (0 marks an
 * empty slot), 32 bits of its hash and a pointer to its bytes, so that
 * probing and growing touch no key until the hashes agree, and then
 * the key's bytes directly.  The hash is that of a group key (bytes.h:
 * a word at a time, finished by MurmurHash3's fmix64, 32 bits kept),
 * the key taken as one value, unless the caller gives its own (the
 * *_hashed calls; sales_groups_find_two() computes a group key's); the
 * capacity is a power of two, probing is linear, and the table doubles
 * when it would pass half full.  In the arena each key is its length
 * word (4 bytes: the length, and KEY_ESCAPED when the key holds 0x01),
 * its bytes and a NUL; the key array holds one pointer a key.  Memory is 16 bytes a slot (2 to 4
 * slots a key), 8 bytes a key and the key bytes plus 5.
 */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "libsales/bytes.h"
#include "libsales/groups.h"
#include "libsales/mem.h"

#define GROUPS_MINCAP		16
#define GROUPS_CHUNK_MIN	4096
#define GROUPS_CHUNK_MAX	(1024 * 1024)
#define GROUPS_MAXKEYS		(UINT32_MAX - 1)

struct slot {
	uint32_t	 idx;		/* key number + 1; 0: empty */
	uint32_t	 hash;
	const char	*key;		/* its bytes, length just before */
};

struct chunk {
	struct chunk	*next;
	size_t		 used;
	size_t		 cap;
	char		 data[];
};

struct sales_groups {
	struct slot	*slots;
	size_t		 cap;		/* slots, a power of two */
	const char	**keys;		/* bytes, length just before */
	size_t		 count;
	size_t		 keycap;
	struct chunk	*chunks;	/* newest first */
	size_t		 nextchunk;	/* size of the next chunk */
};

/*
 * The length word before a key's bytes: its length, and KEY_ESCAPED
 * when the key holds a byte 0x01 (group keys escape with it: see
 * sales_groups_find_two()).
 */
#define KEY_ESCAPED	0x80000000U
#define KEY_MAXLEN	(KEY_ESCAPED - 16)

static inline uint32_t
key_word(const char *k)
{
	uint32_t	 w;

	memcpy(&w, k - sizeof(w), sizeof(w));
	return w;
}

static inline size_t
key_len(const char *k)
{
	return key_word(k) & ~KEY_ESCAPED;
}

/*
 * Hash of a key: the hash of a group key of one value (bytes.h), so
 * that there is one hash in the project.  Only slot positions depend
 * on it, never the order of keys.
 */
static inline uint32_t
hash_key(const char *key, size_t len)
{
	uint64_t	 lw = 0;

	return sales_hash_end(sales_hash_value(SALES_HASH_SEED, key, len,
	    &lw));
}

int
sales_groups_new(struct sales_groups **gp, struct sales_err *err)
{
	struct sales_groups	*g;

	*gp = NULL;
	if ((g = sales_calloc(1, sizeof(*g))) == NULL)
		return sales_err_set(err, SALES_ENOMEM, "out of memory");
	if ((g->slots = sales_calloc(GROUPS_MINCAP, sizeof(*g->slots))) ==
	    NULL) {
		sales_free(g);
		return sales_err_set(err, SALES_ENOMEM, "out of memory");
	}
	g->cap = GROUPS_MINCAP;
	g->nextchunk = GROUPS_CHUNK_MIN;
	*gp = g;
	return 0;
}

/*
 * Find key: the slot that holds it, or the empty slot where it would
 * go.
 */
static inline size_t
find_slot(const struct sales_groups *g, const char *key, size_t len,
    uint32_t h)
{
	const char	*k;
	size_t		 mask = g->cap - 1, i = h & mask;

	for (;; i = (i + 1) & mask) {
		if (g->slots[i].idx == 0)
			return i;
		if (g->slots[i].hash != h)
			continue;
		k = g->slots[i].key;
		if (key_len(k) == len && sales_bytes_eq(k, key, len))
			return i;
	}
}

static int
grow_slots(struct sales_groups *g)
{
	struct slot	*ns;
	size_t		 ncap = g->cap * 2, mask = ncap - 1, i, j;

	if (ncap > SIZE_MAX / sizeof(*ns) || ncap < g->cap)
		return -1;
	if ((ns = sales_calloc(ncap, sizeof(*ns))) == NULL)
		return -1;
	for (i = 0; i < g->cap; i++) {
		if (g->slots[i].idx == 0)
			continue;
		for (j = g->slots[i].hash & mask; ns[j].idx != 0;
		    j = (j + 1) & mask)
			;
		ns[j] = g->slots[i];
	}
	sales_free(g->slots);
	g->slots = ns;
	g->cap = ncap;
	return 0;
}

/*
 * Copy the length, len bytes and a NUL into the arena; returns where the
 * bytes went, or NULL when out of memory.
 */
static char *
arena_copy(struct sales_groups *g, const char *key, size_t len)
{
	struct chunk	*c = g->chunks;
	size_t		 need = sizeof(uint32_t) + len + 1, size;
	uint32_t	 len32 = (uint32_t)len;

	if (len > 0 && memchr(key, '\1', len) != NULL)
		len32 |= KEY_ESCAPED;
	char		*p;

	if (c == NULL || c->cap - c->used < need) {
		if (need > g->nextchunk / 4) {
			/* A big key gets a chunk of its own, kept behind. */
			size = need;
		} else {
			size = g->nextchunk;
			if (g->nextchunk < GROUPS_CHUNK_MAX)
				g->nextchunk *= 2;
		}
		if (size > SIZE_MAX - sizeof(*c))
			return NULL;
		if ((c = sales_malloc(sizeof(*c) + size)) == NULL)
			return NULL;
		c->used = 0;
		c->cap = size;
		if (size == need && g->chunks != NULL) {
			c->next = g->chunks->next;
			g->chunks->next = c;
		} else {
			c->next = g->chunks;
			g->chunks = c;
		}
	}
	p = c->data + c->used;
	memcpy(p, &len32, sizeof(len32));
	p += sizeof(len32);
	if (len > 0)
		memcpy(p, key, len);
	p[len] = '\0';
	c->used += need;
	return p;
}

long
sales_groups_intern(struct sales_groups *g, const char *key, size_t len,
    int *isnew, struct sales_err *err)
{
	if (len > KEY_MAXLEN) {
		if (isnew != NULL)
			*isnew = 0;
		return sales_err_set(err, SALES_ELIMIT,
		    "group key of %zu bytes is too long", len);
	}
	return sales_groups_intern_hashed(g, key, len, hash_key(key, len),
	    isnew, err);
}

long
sales_groups_intern_hashed(struct sales_groups *g, const char *key,
    size_t len, uint32_t h, int *isnew, struct sales_err *err)
{
	const char	**nk;
	size_t		 i, ncap;
	char		*copy;

	if (isnew != NULL)
		*isnew = 0;
	if (len > KEY_MAXLEN)
		return sales_err_set(err, SALES_ELIMIT,
		    "group key of %zu bytes is too long", len);
	i = find_slot(g, key, len, h);
	if (g->slots[i].idx != 0)
		return (long)g->slots[i].idx - 1;

	if (g->count >= GROUPS_MAXKEYS || g->count >= (size_t)LONG_MAX)
		return sales_err_set(err, SALES_ENOMEM,
		    "too many groups (%zu)", g->count);
	/* Grow at half full: short probes. */
	if ((g->count + 1) * 2 > g->cap) {
		if (grow_slots(g) == -1)
			return sales_err_set(err, SALES_ENOMEM,
			    "out of memory");
		i = find_slot(g, key, len, h);
	}
	if (g->count == g->keycap) {
		ncap = g->keycap == 0 ? 64 : g->keycap * 2;
		if ((nk = sales_reallocarray(g->keys, ncap, sizeof(*nk))) ==
		    NULL)
			return sales_err_set(err, SALES_ENOMEM,
			    "out of memory");
		g->keys = nk;
		g->keycap = ncap;
	}
	if ((copy = arena_copy(g, key, len)) == NULL)
		return sales_err_set(err, SALES_ENOMEM, "out of memory");
	g->keys[g->count] = copy;
	g->slots[i].idx = (uint32_t)(g->count + 1);
	g->slots[i].hash = h;
	g->slots[i].key = copy;
	if (isnew != NULL)
		*isnew = 1;
	return (long)g->count++;
}

long
sales_groups_lookup(const struct sales_groups *g, const char *key,
    size_t len)
{
	size_t	 i = find_slot(g, key, len, hash_key(key, len));

	return (long)g->slots[i].idx - 1;
}

long
sales_groups_lookup_hashed(const struct sales_groups *g, const char *key,
    size_t len, uint32_t h)
{
	return (long)g->slots[find_slot(g, key, len, h)].idx - 1;
}

/* Is k (len bytes) the n parts v joined by NUL bytes? */
static int
parts_eq(const char *k, size_t len, const struct sales_field *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		if (len < v[i].len || !sales_bytes_eq(k, v[i].s, v[i].len))
			return 0;
		k += v[i].len;
		len -= v[i].len;
		if (i + 1 < n) {
			if (len == 0 || *k != '\0')
				return 0;
			k++;
			len--;
		}
	}
	return len == 0;
}

long
sales_groups_find_two(const struct sales_groups *g, const char *a,
    size_t alen, const char *b, size_t blen, uint32_t *hash)
{
	const struct slot *slots = g->slots, *sl;
	const char	*k;
	uint64_t	 lw = 0, hh;
	uint32_t	 h;
	size_t		 mask = g->cap - 1, i;
	size_t		 len = b != NULL ? alen + 1 + blen : alen;

	/* The hash of the key's values (bytes.h); lw is not needed. */
	hh = sales_hash_value(SALES_HASH_SEED, a, alen, &lw);
	if (b != NULL)
		hh = sales_hash_value(hh, b, blen, &lw);
	*hash = h = sales_hash_end(hh);
	i = h & mask;

	for (;; i = (i + 1) & mask) {
		sl = &slots[i];
		if (sl->idx == 0)
			return -1;
		if (sl->hash != h)
			continue;
		k = sl->key;
		/* An escaped key's word is never a length: not found here. */
		if (key_word(k) == len && sales_bytes_eq(k, a, alen) &&
		    (b == NULL || (k[alen] == '\0' &&
		    sales_bytes_eq(k + alen + 1, b, blen))))
			return (long)sl->idx - 1;
	}
}

long
sales_groups_lookup_parts(const struct sales_groups *g,
    const struct sales_field *v, size_t n, uint32_t h)
{
	const struct slot *sl;
	size_t		 mask = g->cap - 1, i = h & mask;

	for (;; i = (i + 1) & mask) {
		sl = &g->slots[i];
		if (sl->idx == 0)
			return -1;
		/* An escaped key is not read as parts. */
		if (sl->hash == h && !(key_word(sl->key) & KEY_ESCAPED) &&
		    parts_eq(sl->key, key_len(sl->key), v, n))
			return (long)sl->idx - 1;
	}
}

size_t
sales_groups_count(const struct sales_groups *g)
{
	return g->count;
}

struct sales_field
sales_groups_key(const struct sales_groups *g, size_t i)
{
	struct sales_field	 f;

	f.s = g->keys[i];
	f.len = key_len(g->keys[i]);
	return f;
}

/* Bytes, then length: "a" < "a\0b" < "ab". */
static int
cmp_keys(const void *a, const void *b, void *arg)
{
	const char *const	*keys = arg;
	const char		*ka = keys[*(const size_t *)a];
	const char		*kb = keys[*(const size_t *)b];
	size_t			 la = key_len(ka), lb = key_len(kb);
	int			 c;

	if ((c = memcmp(ka, kb, la < lb ? la : lb)) != 0)
		return c;
	return (la > lb) - (la < lb);
}

size_t *
sales_groups_sorted(const struct sales_groups *g, struct sales_err *err)
{
	size_t	*idx, i;

	if ((idx = sales_reallocarray(NULL, g->count == 0 ? 1 : g->count,
	    sizeof(*idx))) == NULL) {
		sales_err_set(err, SALES_ENOMEM, "out of memory");
		return NULL;
	}
	for (i = 0; i < g->count; i++)
		idx[i] = i;
	if (g->count > 1)
		qsort_r(idx, g->count, sizeof(*idx), cmp_keys,
		    (void *)g->keys);
	return idx;
}

void
sales_groups_free(struct sales_groups *g)
{
	struct chunk	*c, *next;

	if (g == NULL)
		return;
	for (c = g->chunks; c != NULL; c = next) {
		next = c->next;
		sales_free(c);
	}
	sales_free(g->keys);
	sales_free(g->slots);
	sales_free(g);
}
