/*
 * groupby.c: group lists (-g) and the key of each row.
 */
#include <stdint.h>
#include <string.h>

#include "libsales/bytes.h"
#include "libsales/cli.h"
#include "libsales/groupby.h"
#include "libsales/groups.h"
#include "libsales/mem.h"


void
sales_groupby_init(struct sales_groupby *g)
{
	memset(g, 0, sizeof(*g));
	g->hash = sales_hash_end(SALES_HASH_SEED);	/* the empty key's */
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
		if (colon != NULL)
			g->periods++;
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
 * The values of rec's items into v, a period item's being the label of
 * its date (written into lab[i]; empty for an empty date).  Returns 0,
 * or -1 with err set and *col for a date that does not parse.
 */
static inline int
item_values(const struct sales_groupby *g, const struct sales_reader *r,
    const struct sales_record *rec, const struct sales_datefmt *f,
    const struct sales_calendar *cal, struct sales_field *v,
    char (*lab)[SALES_LABEL_BUFSZ], int *col, struct sales_err *err)
{
	const struct sales_groupby_item *it = g->items;
	const char	*why;
	size_t		 i;
	long		 day;

	for (i = 0; i < g->n; i++) {
		sales_reader_value(r, rec, (size_t)it[i].col, &v[i]);
		if (it[i].period < 0 || v[i].len == 0)
			continue;
		if (sales_date_parse(f, v[i].s, v[i].len, &day, &why) == -1) {
			*col = it[i].col;
			return sales_err_set(err, SALES_EVALUE, "%s: '%.*s'",
			    why, (int)v[i].len, v[i].s);
		}
		v[i].len = sales_period_of(cal, it[i].period, day, NULL, NULL,
		    lab[i]);
		v[i].s = lab[i];
	}
	return 0;
}

/* The hash of the key of the n values v; *low: a value holds 0 or 1. */
static uint32_t
values_hash(const struct sales_field *v, size_t n, int *low)
{
	uint64_t	 h = SALES_HASH_SEED, lw = 0;
	size_t		 i;

	for (i = 0; i < n; i++)
		h = sales_hash_value(h, v[i].s, v[i].len, &lw);
	*low = lw != 0;
	return sales_hash_end(h);
}

/*
 * Build the key of the n values v into g->key: the values joined by
 * NUL bytes, a NUL byte inside a value written 0x01 0x01 and a 0x01
 * byte 0x01 0x02 (low: some value holds one), so that the NUL between
 * values stays unambiguous and the order of keys stays that of their
 * values (as bytes) but for those two rare bytes.  Returns 0, or -1
 * with err set (SALES_ENOMEM).
 */
static int
build_key(struct sales_groupby *g, const struct sales_field *v, size_t n,
    int low, struct sales_err *err)
{
	size_t	 need = 1, cap, i, j;
	char	*k;

	for (i = 0; i < n; i++)
		need += 2 * v[i].len + 1;
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
	k = g->key;
	for (i = 0; i < n; i++) {
		if (i > 0)
			*k++ = '\0';
		if (!low) {
			memcpy(k, v[i].s, v[i].len);
			k += v[i].len;
			continue;
		}
		for (j = 0; j < v[i].len; j++) {
			if (v[i].s[j] == '\0' || v[i].s[j] == '\1') {
				*k++ = '\1';
				*k++ = v[i].s[j] == '\0' ? '\1' : '\2';
			} else
				*k++ = v[i].s[j];
		}
	}
	*k = '\0';
	g->keylen = (size_t)(k - g->key);
	return 0;
}

int
sales_groupby_key(struct sales_groupby *g, const struct sales_reader *r,
    const struct sales_record *rec, const struct sales_datefmt *f,
    const struct sales_calendar *cal, int *col, struct sales_err *err)
{
	struct sales_field	 v[SALES_GROUPBY_MAX];
	char			 lab[SALES_GROUPBY_MAX][SALES_LABEL_BUFSZ];
	int			 low;

	if (item_values(g, r, rec, f, cal, v, lab, col, err) == -1)
		return -1;
	g->hash = values_hash(v, g->n, &low);
	return build_key(g, v, g->n, low, err);
}

/* sales_groupby_find() for any list and record: the values copied. */
long
sales_groupby_find_slow(struct sales_groupby *g, const struct sales_groups *t,
    const struct sales_reader *r, const struct sales_record *rec,
    const struct sales_datefmt *f, const struct sales_calendar *cal,
    int *col, struct sales_err *err)
{
	struct sales_field	 v[SALES_GROUPBY_MAX];
	char			 lab[SALES_GROUPBY_MAX][SALES_LABEL_BUFSZ];
	long			 idx;
	int			 low;

	v[0].s = "";		/* for the compiler: n may be 0 */
	v[0].len = 0;
	if (item_values(g, r, rec, f, cal, v, lab, col, err) == -1)
		return -2;
	g->hash = values_hash(v, g->n, &low);
	if (!low && g->n > 0 &&
	    (idx = sales_groups_lookup_parts(t, v, g->n, g->hash)) >= 0)
		return idx;
	if (build_key(g, v, g->n, low, err) == -1)
		return -2;
	if (low || g->n == 0)
		return sales_groups_lookup_hashed(t, g->key, g->keylen,
		    g->hash);
	return -1;
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
