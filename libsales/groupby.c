/*
 * groupby.c: group lists (-g) and the key of each row.
 */
#include <stdint.h>
#include <string.h>

#include "libsales/bytes.h"
#include "libsales/cli.h"
#include "libsales/groupby.h"
#include "libsales/mem.h"

void
sales_groupby_init(struct sales_groupby *g)
{
	memset(g, 0, sizeof(*g));
}

void
sales_groupby_release(struct sales_groupby *g)
{
	size_t	 i;

	for (i = 0; i < g->n; i++)
		sales_free(g->items[i].label);
	sales_free(g->items);
	sales_free(g->key);
	sales_groupby_init(g);
}

/*
 * The column of item name (len bytes): a role's, else a header's.  A
 * role that --map points elsewhere is its mapped column or an error,
 * never a header that happens to bear the role's name.
 */
static int
item_column(const char *name, size_t len, const struct sales_reader *r,
    const struct sales_roles *roles, const char *file,
    struct sales_err *err)
{
	const struct sales_field	*hdr = sales_reader_header(r);
	const struct sales_field	*near;
	size_t				 n = sales_reader_ncols(r);
	char				 buf[256];
	int				 role, col;

	snprintf(buf, sizeof(buf), "%.*s", (int)len, name);
	if ((role = sales_role_lookup(buf)) >= 0 &&
	    sales_roles_mapped(roles, role))
		return sales_roles_require(roles, role, hdr, n, file, err);
	if (role >= 0 && (col = sales_roles_find(roles, role, hdr, n)) >= 0)
		return col;
	if ((col = sales_header_find(hdr, n, buf)) >= 0)
		return col;
	if (role >= 0)
		return sales_roles_require(roles, role, hdr, n, file, err);
	if ((near = sales_header_closest(hdr, n, buf)) != NULL)
		return sales_err_set(err, SALES_EUSAGE, "-g: no column '%s' "
		    "(closest: '%.*s')", buf, (int)near->len, near->s);
	return sales_err_set(err, SALES_EUSAGE, "-g: no column '%s'", buf);
}

int
sales_groupby_parse(struct sales_groupby *g, const char *list, int flags,
    const struct sales_reader *r, const struct sales_roles *roles,
    const char *file, struct sales_err *err)
{
	struct sales_groupby_item	*it;
	char				**v, *colon;
	size_t				 n, i;

	if (sales_list_split(list, &v, &n, err) == -1)
		return -1;
	if (n > SALES_GROUPBY_MAX) {
		sales_list_free(v, n);
		return sales_err_set(err, SALES_EUSAGE, "-g: %zu groups, more "
		    "than %d", n, SALES_GROUPBY_MAX);
	}
	if ((g->items = sales_calloc(n, sizeof(*g->items))) == NULL) {
		sales_list_free(v, n);
		return sales_err_set(err, SALES_ENOMEM, "out of memory");
	}
	/* The labels now belong to g, freed by sales_groupby_release(). */
	for (i = 0; i < n; i++) {
		g->items[i].label = v[i];
		g->items[i].period = -1;
	}
	g->n = n;
	sales_free(v);
	for (i = 0; i < n; i++) {
		it = &g->items[i];
		colon = strrchr(it->label, ':');
		if (colon != NULL && !(flags & SALES_GROUPBY_PERIODS))
			return sales_err_set(err, SALES_EUSAGE, "-g: '%s': "
			    "groups are columns here; the period is -p",
			    it->label);
		if (colon != NULL &&
		    (it->period = sales_period_parse(colon + 1)) == -1)
			return sales_err_set(err, SALES_EUSAGE, "-g: unknown "
			    "period '%s' in '%s' (periods: day, week, month, "
			    "quarter, year)", colon + 1, it->label);
		it->col = item_column(it->label, colon != NULL ?
		    (size_t)(colon - it->label) : strlen(it->label), r, roles,
		    file, err);
		if (it->col == -1)
			return -1;
	}
	return 0;
}

/*
 * Append len bytes and a NUL to the key.  A NUL byte inside a value is
 * written 0x01 0x01 and a 0x01 byte 0x01 0x02, so that the NUL between
 * values stays unambiguous and the order of keys stays that of their
 * values (as bytes) but for those two rare bytes.
 */
/* Is a byte of w below 2 (Hacker's Delight, 6-1)?  And of a 32-bit w? */
#define LOW64(w)	(((w) - 0x0202020202020202ULL) & ~(w) & \
			    0x8080808080808080ULL)
#define LOW32(w)	(((w) - 0x02020202U) & ~(w) & 0x80808080U)

/*
 * Copy len bytes at s to d, where no byte of either may be read or
 * written beyond len, and tell whether one of them is 0 or 1, the
 * bytes a key escapes.  Up to 16 bytes in overlapping 8- or 4-byte
 * words; longer ones by memcpy(3) and 8-byte words.
 */
static inline __attribute__((always_inline)) int
copy_low(char *d, const char *s, size_t len)
{
	uint64_t	 a, b;
	uint32_t	 x, y;
	size_t		 i;

	if (len >= 8 && len <= 16) {
		a = sales_load64(s);
		b = sales_load64(s + len - 8);
		memcpy(d, &a, 8);
		memcpy(d + len - 8, &b, 8);
		return (LOW64(a) | LOW64(b)) != 0;
	}
	if (len >= 4 && len < 8) {
		x = sales_load32(s);
		y = sales_load32(s + len - 4);
		memcpy(d, &x, 4);
		memcpy(d + len - 4, &y, 4);
		return (LOW32(x) | LOW32(y)) != 0;
	}
	if (len < 4) {
		for (i = 0; i < len; i++)
			d[i] = s[i];
		return (len > 0 && (unsigned char)s[0] < 2) ||
		    (len > 1 && (unsigned char)s[1] < 2) ||
		    (len > 2 && (unsigned char)s[2] < 2);
	}
	memcpy(d, s, len);
	for (i = 0; i + 8 < len; i += 8)
		if (LOW64(sales_load64(s + i)))
			return 1;
	return LOW64(sales_load64(s + len - 8)) != 0;
}

/*
 * Append a value and its NUL to the key, escaping NUL as 1 1 and 1 as
 * 1 2, so that no value can hold the separator.  Returns 0, or -1 with
 * err set (SALES_ENOMEM).
 */
static inline __attribute__((always_inline)) int
key_add(struct sales_groupby *g, const char *s, size_t len,
    struct sales_err *err)
{
	size_t	 need = g->keylen + 2 * len + 1, cap, i;
	char	*k;

	if (need > g->keycap) {
		cap = g->keycap ? g->keycap : 256;
		while (cap < need)
			cap *= 2;
		if ((k = sales_realloc(g->key, cap)) == NULL)
			return sales_err_set(err, SALES_ENOMEM,
			    "out of memory");
		g->key = k;
		g->keycap = cap;
	}
	if (!copy_low(g->key + g->keylen, s, len)) {
		g->keylen += len;
	} else
		for (i = 0; i < len; i++) {
			if (s[i] == '\0' || s[i] == '\1') {
				g->key[g->keylen++] = '\1';
				g->key[g->keylen++] = s[i] == '\0' ? '\1' : '\2';
			} else
				g->key[g->keylen++] = s[i];
		}
	g->key[g->keylen++] = '\0';
	return 0;
}

/*
 * Append the period label of the date v to the key (out of line: the
 * label buffer stays off the common path).  Returns 0, or -1 with err
 * set and *col for a date that does not parse.
 */
static int __attribute__((noinline))
key_add_period(struct sales_groupby *g, size_t i, struct sales_field v,
    const struct sales_datefmt *f, const struct sales_calendar *cal,
    int *col, struct sales_err *err)
{
	char		 label[SALES_LABEL_BUFSZ];
	const char	*why;
	long		 day;

	if (v.len > 0) {
		if (sales_date_parse(f, v.s, v.len, &day, &why) == -1) {
			*col = g->items[i].col;
			return sales_err_set(err, SALES_EVALUE, "%s: '%.*s'",
			    why, (int)v.len, v.s);
		}
		v.len = sales_period_of(cal, g->items[i].period, day, NULL,
		    NULL, label);
		v.s = label;
	}
	return key_add(g, v.s, v.len, err);
}

int
sales_groupby_key(struct sales_groupby *g, const struct sales_reader *r,
    const struct sales_record *rec, const struct sales_datefmt *f,
    const struct sales_calendar *cal, int *col, struct sales_err *err)
{
	const struct sales_groupby_item *it = g->items;
	struct sales_field	 v;
	size_t			 i;

	g->keylen = 0;
	if (g->n == 0) {
		/* The empty key, NUL-terminated like any other. */
		if (key_add(g, "", 0, err) == -1)
			return -1;
		g->keylen = 0;
		return 0;
	}
	for (i = 0; i < g->n; i++) {
		sales_reader_value(r, rec, (size_t)it[i].col, &v);
		if ((it[i].period >= 0 ? key_add_period(g, i, v, f, cal, col,
		    err) : key_add(g, v.s, v.len, err)) == -1)
			return -1;
	}
	g->keylen--;	/* the last NUL is not part of the key */
	return 0;
}

void
sales_groupby_split(const struct sales_groupby *g, struct sales_field key,
    char *buf, struct sales_field *out)
{
	const char	*p = key.s, *end = key.s + key.len;
	size_t		 i, n = 0;

	for (i = 0; i < g->n; i++) {
		out[i].s = buf + n;
		for (; p < end && *p != '\0'; p++) {
			if (*p == '\1' && p + 1 < end) {
				p++;
				buf[n++] = *p == '\1' ? '\0' : '\1';
			} else
				buf[n++] = *p;
		}
		out[i].len = (size_t)(buf + n - out[i].s);
		buf[n++] = '\0';
		if (p < end)
			p++;
	}
}
