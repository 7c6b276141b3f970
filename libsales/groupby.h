/*
 * groupby.h: the group list of sm-report and sm-forecast (-g, --by):
 * items that name a role (its column, as --map set it), else a column,
 * optionally bucketed into a period ("closed:quarter", SPEC 4), turned
 * into one group key per row.
 *
 * A key is the items' values joined by NUL bytes (see groups.h), the
 * value of a period item being its period label under the calendar,
 * and empty when the date is empty; a NUL or 0x01 byte inside a value
 * is escaped as 0x01 0x01 or 0x01 0x02.
 */
#ifndef SALES_GROUPBY_H
#define SALES_GROUPBY_H

#include <stddef.h>
#include <stdint.h>

#include "libsales/calendar.h"
#include "libsales/date.h"
#include "libsales/err.h"
#include "libsales/groups.h"
#include "libsales/roles.h"
#include "libsales/table.h"

enum {
	SALES_GROUPBY_PERIODS = 1	/* COLUMN:PERIOD items are allowed */
};

#define SALES_GROUPBY_MAX	64	/* items in one list at most */

/* One item of the list. */
struct sales_groupby_item {
	char	*label;		/* as written after -g; the output header */
	int	 col;		/* its column in the table */
	int	 period;	/* enum sales_period, or -1 */
};

/* The list, and the key of the row last seen. */
struct sales_groupby {
	struct sales_groupby_item *items;	/* owned */
	size_t			 n;
	char			*key;		/* owned; NUL-joined values */
	size_t			 keylen;
	size_t			 keycap;
	uint32_t		 hash;		/* of the key, for groups.h */
	size_t			 periods;	/* items with a period */
};

/* Make g an empty list (no groups: every row has the empty key). */
void	sales_groupby_init(struct sales_groupby *g);

/* Free g's memory; g is then empty again. */
void	sales_groupby_release(struct sales_groupby *g);

/*
 * Parse list ("rep,closed:quarter") against the header of r and the
 * roles, for messages naming file.  Period items need flags
 * SALES_GROUPBY_PERIODS; at most SALES_GROUPBY_MAX items.  Returns 0,
 * or -1 with err set: SALES_EUSAGE ("-g: no column 'repp' (closest: 'rep')", "-g: unknown period
 * 'fortnight' in 'closed:fortnight' (periods: ...)", the role message
 * of sales_roles_require(), "-g: 'closed:month': groups are columns
 * here"), or SALES_ENOMEM.
 */
int	sales_groupby_parse(struct sales_groupby *g, const char *list,
	    int flags, const struct sales_reader *r,
	    const struct sales_roles *roles, const char *file,
	    struct sales_err *err);

/*
 * Build the key of rec into g->key (g->keylen bytes, NUL-terminated)
 * and its hash into g->hash (for sales_groups_lookup_hashed(): the
 * same key always has the same hash, and the empty key of an empty
 * list has the one sales_groupby_init() sets), reading dates with f
 * and bucketing them under cal.  Returns 0, or -1
 * with err set: SALES_EVALUE for a date that does not parse (its
 * message names the value; the caller adds the row's place with
 * sales_cli_reject(), *col set to the item's column), SALES_ENOMEM.
 */
int	sales_groupby_key(struct sales_groupby *g, const struct sales_reader *r,
	    const struct sales_record *rec, const struct sales_datefmt *f,
	    const struct sales_calendar *cal, int *col, struct sales_err *err);

/*
 * The number of rec's key in the table t (interned with the hashes
 * sales_groupby_key() gives), found without building the key when no
 * value holds a byte the key escapes.  Returns the key's number; or -1
 * when t does not hold it, with g->key, g->keylen and g->hash set as
 * sales_groupby_key() sets them, for sales_groups_intern_hashed(); or
 * -2 with err set as sales_groupby_key() sets it.  Inline for one or
 * two columns read as they are (the values are hashed and compared as
 * read, sales_groups_find_two()); sales_groupby_find_slow() does the
 * rest and the keys not found so.
 */
long	sales_groupby_find_slow(struct sales_groupby *g,
	    const struct sales_groups *t, const struct sales_reader *r,
	    const struct sales_record *rec, const struct sales_datefmt *f,
	    const struct sales_calendar *cal, int *col,
	    struct sales_err *err);

static inline long
sales_groupby_find(struct sales_groupby *g, const struct sales_groups *t,
    const struct sales_reader *r, const struct sales_record *rec,
    const struct sales_datefmt *f, const struct sales_calendar *cal,
    int *col, struct sales_err *err)
{
	const struct sales_field *a, *b;
	long			 idx;

	if (rec->plain && g->periods == 0 && (g->n == 1 || g->n == 2)) {
		a = &rec->fields[g->items[0].col];
		b = g->n == 2 ? &rec->fields[g->items[1].col] : NULL;
		idx = sales_groups_find_two(t, a->s, a->len, b ? b->s : NULL,
		    b ? b->len : 0, &g->hash);
		if (idx >= 0)
			return idx;
	}
	return sales_groupby_find_slow(g, t, r, rec, f, cal, col, err);
}

/*
 * Split key (made by sales_groupby_key()) into its g->n values, decoded
 * into buf (at least key.len + 1 bytes, owned by the caller) as
 * NUL-terminated strings that out[0..g->n-1] view.
 */
void	sales_groupby_split(const struct sales_groupby *g,
	    struct sales_field key, char *buf, struct sales_field *out);

#endif
