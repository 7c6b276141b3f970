/*
 * quotatab.c: quota tables read into memory, sorted by rep and by
 * period, summed over spans of days, and checked for overlaps, gaps
 * and parents that do not sum (quotatab.h).
 *
 * The rows of all reps live in one array, sorted by rep, then by first
 * day, then by last day from the latest, so that a period comes just
 * before the periods it holds.  Period names and file names are kept in
 * one string pool.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "libsales/calendar.h"
#include "libsales/cli.h"
#include "libsales/date.h"
#include "libsales/err.h"
#include "libsales/groups.h"
#include "libsales/mem.h"
#include "libsales/money.h"
#include "libsales/quotatab.h"
#include "libsales/roles.h"
#include "libsales/table.h"

struct qrow {
	size_t		 rep;		/* key number in the groups table */
	long		 start;
	long		 end;
	int64_t		 quota;
	unsigned long	 line;
	size_t		 label;		/* offset in the pool */
	size_t		 file;		/* offset in the pool */
};

struct sales_quotatab {
	struct sales_groups	*reps;
	struct qrow		*rows;
	size_t			 nrows;
	size_t			 cap;
	size_t			*first;	/* rep k: rows first[k]..first[k+1]-1 */
	char			*pool;
	size_t			 plen;
	size_t			 pcap;
};

void
sales_quotatab_opts_init(struct sales_quotatab_opts *o)
{
	memset(o, 0, sizeof(*o));
}

void
sales_quotatab_free(struct sales_quotatab *q)
{
	if (q == NULL)
		return;
	sales_groups_free(q->reps);
	sales_free(q->rows);
	sales_free(q->first);
	sales_free(q->pool);
	sales_free(q);
}

size_t
sales_quotatab_count(const struct sales_quotatab *q)
{
	return q->nrows;
}

size_t
sales_quotatab_nreps(const struct sales_quotatab *q)
{
	return sales_groups_count(q->reps);
}

struct sales_field
sales_quotatab_rep(const struct sales_quotatab *q, size_t i)
{
	return sales_groups_key(q->reps, i);
}

/* Copy len bytes of s and a NUL into the pool; the offset, or -1. */
static long
pool_add(struct sales_quotatab *q, const char *s, size_t len)
{
	size_t	 ncap, off;
	char	*p;

	if (q->plen + len + 1 > q->pcap) {
		ncap = q->pcap ? q->pcap : 256;
		while (ncap < q->plen + len + 1)
			ncap *= 2;
		if ((p = sales_realloc(q->pool, ncap)) == NULL)
			return -1;
		q->pool = p;
		q->pcap = ncap;
	}
	off = q->plen;
	memcpy(q->pool + off, s, len);
	q->pool[off + len] = '\0';
	q->plen += len + 1;
	return (long)off;
}

static const char *
pool_str(const struct sales_quotatab *q, size_t off)
{
	return q->pool + off;
}

/*
 * The column of role in hdr: the one the roles name; for the rep, which
 * the program's main table names too, else the role's default column
 * (the quota table need not be named like the deals).  -1 with err set
 * as sales_roles_require() when there is none: a quota or period that
 * --map names elsewhere is never read from a column of the default
 * name, since a mistyped --map would then pass without a word.
 */
static int
role_column(const struct sales_roles *roles, int role,
    const struct sales_field *hdr, size_t n, const char *file,
    struct sales_err *err)
{
	int	 col;

	if ((col = sales_roles_find(roles, role, hdr, n)) != -1)
		return col;
	if (role == SALES_ROLE_REP && (col = sales_header_find(hdr, n,
	    sales_role_default(role))) != -1)
		return col;
	return sales_roles_require(roles, role, hdr, n, file, err);
}

static int
cmp_row(const void *a, const void *b)
{
	const struct qrow *x = a, *y = b;

	if (x->rep != y->rep)
		return x->rep < y->rep ? -1 : 1;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->end != y->end)
		return x->end > y->end ? -1 : 1;
	return (x->line > y->line) - (x->line < y->line);
}

/* The columns of a quota table and how to read their values. */
struct cols {
	int	 rep, period, quota, start, end;
};

/* Set err to a bad value of column col at rec's line. */
static int
bad_value(struct sales_err *err, const struct sales_record *rec,
    const struct sales_field *hdr, int col, const char *why,
    const struct sales_field *v)
{
	char	 name[128];
	size_t	 len = hdr[col].len < sizeof(name) - 1 ? hdr[col].len :
		    sizeof(name) - 1;

	memcpy(name, hdr[col].s, len);
	name[len] = '\0';
	if (v == NULL || v->len == 0)
		sales_err_set(err, SALES_EVALUE, "%s", why);
	else
		sales_err_set(err, SALES_EVALUE, "%s: '%.*s'", why,
		    (int)(v->len < 200 ? v->len : 200), v->s);
	return sales_err_where(err, rec->file, rec->line, name);
}

/* Read one record into a new row of q.  Returns 0 or -1. */
static int
add_row(struct sales_quotatab *q, struct sales_reader *r,
    const struct sales_record *rec, const struct cols *c,
    const struct sales_quotatab_opts *o, const struct sales_calendar *cal,
    const struct sales_datefmt *df, struct sales_err *err)
{
	const struct sales_field *hdr = sales_reader_header(r);
	struct sales_field	 rep, per, quo, sv, ev;
	struct qrow		*row, *nrows;
	const char		*why;
	long			 k, off;
	size_t			 ncap;

	sales_reader_value(r, rec, (size_t)c->rep, &rep);
	sales_reader_value(r, rec, (size_t)c->quota, &quo);
	per.s = "";
	per.len = 0;
	if (c->period != -1)
		sales_reader_value(r, rec, (size_t)c->period, &per);
	if (rep.len == 0)
		return bad_value(err, rec, hdr, c->rep, "no rep", NULL);
	if (q->nrows == q->cap) {
		ncap = q->cap ? q->cap * 2 : 64;
		nrows = sales_reallocarray(q->rows, ncap, sizeof(*nrows));
		if (nrows == NULL)
			return sales_err_set(err, SALES_ENOMEM,
			    "out of memory");
		q->rows = nrows;
		q->cap = ncap;
	}
	row = &q->rows[q->nrows];
	memset(row, 0, sizeof(*row));
	row->line = rec->line;
	if (c->start != -1) {
		sales_reader_value(r, rec, (size_t)c->start, &sv);
		sales_reader_value(r, rec, (size_t)c->end, &ev);
		if (sv.len == 0)
			return bad_value(err, rec, hdr, c->start, "no date",
			    NULL);
		if (sales_date_parse(df, sv.s, sv.len, &row->start, &why) == -1)
			return bad_value(err, rec, hdr, c->start, why, &sv);
		if (ev.len == 0)
			return bad_value(err, rec, hdr, c->end, "no date",
			    NULL);
		if (sales_date_parse(df, ev.s, ev.len, &row->end, &why) == -1)
			return bad_value(err, rec, hdr, c->end, why, &ev);
		if (row->end < row->start)
			return bad_value(err, rec, hdr, c->end,
			    "period ends before it starts", &ev);
	} else {
		if (per.len == 0)
			return bad_value(err, rec, hdr, c->period,
			    "no period", NULL);
		if (sales_period_parse_label(cal, per.s, per.len, &row->start,
		    &row->end, err) == -1)
			return bad_value(err, rec, hdr, c->period,
			    "not a period", &per);
	}
	if (quo.len == 0)
		return bad_value(err, rec, hdr, c->quota, "no quota", NULL);
	if (sales_money_parse(quo.s, quo.len, o->money_flags, &row->quota,
	    &why) == -1)
		return bad_value(err, rec, hdr, c->quota, why, &quo);
	/* A target below zero is bad data; zero is a quota of nothing. */
	if (row->quota < 0)
		return bad_value(err, rec, hdr, c->quota, "negative quota",
		    &quo);
	if ((k = sales_groups_intern(q->reps, rep.s, rep.len, NULL, err)) == -1)
		return -1;
	row->rep = (size_t)k;
	if ((off = pool_add(q, per.s, per.len)) == -1)
		return sales_err_set(err, SALES_ENOMEM, "out of memory");
	row->label = (size_t)off;
	/* One copy of each file name, shared by its rows. */
	if (q->nrows > 0 && strcmp(pool_str(q, q->rows[q->nrows - 1].file),
	    rec->file) == 0)
		row->file = q->rows[q->nrows - 1].file;
	else {
		if ((off = pool_add(q, rec->file, strlen(rec->file))) == -1)
			return sales_err_set(err, SALES_ENOMEM,
			    "out of memory");
		row->file = (size_t)off;
	}
	q->nrows++;
	return 0;
}

/* Does row x come after row y in the input (file, then line)? */
static int
later(const struct qrow *x, const struct qrow *y)
{
	if (x->file != y->file)
		return x->file > y->file;
	return x->line > y->line;
}

/* Print the span a..b as "2026-01-01..2026-03-31" into buf. */
static const char *
span_str(long a, long b, char *buf)
{
	size_t	 n;

	n = sales_date_format(a, buf);
	memcpy(buf + n, "..", 2);
	sales_date_format(b, buf + n + 2);
	return buf;
}

/*
 * The name of row x for messages: its label, or its span when the
 * table has no period column.
 */
static const char *
row_name(const struct sales_quotatab *q, const struct qrow *x, char *buf)
{
	if (pool_str(q, x->label)[0] != '\0')
		return pool_str(q, x->label);
	return span_str(x->start, x->end, buf);
}

/* Sort the rows, index the reps, check that periods nest. */
static int
finish(struct sales_quotatab *q, int lax, struct sales_err *err)
{
	struct sales_field	 rep;
	struct qrow		*x, *y;
	size_t			 nreps, i, j, k;
	char			 b1[2 * SALES_DATE_BUFSZ + 2];
	char			 b2[2 * SALES_DATE_BUFSZ + 2];
	char			 b3[2 * SALES_DATE_BUFSZ + 2];

	if (q->nrows > 0)
		qsort(q->rows, q->nrows, sizeof(*q->rows), cmp_row);
	nreps = sales_groups_count(q->reps);
	if ((q->first = sales_calloc(nreps + 1, sizeof(*q->first))) == NULL)
		return sales_err_set(err, SALES_ENOMEM, "out of memory");
	for (i = 0; i < q->nrows; i++)
		q->first[q->rows[i].rep + 1]++;
	for (k = 0; k < nreps; k++)
		q->first[k + 1] += q->first[k];
	if (lax)
		return 0;
	/*
	 * Sorted so, a period that holds another comes just before it:
	 * row i+1 either starts after row i ends, or lies inside it.  Any
	 * other overlap shows up between neighbours of a chain of nested
	 * periods; test each row against the rows that start inside it.
	 */
	for (i = 0; i < q->nrows; i++) {
		x = &q->rows[i];
		for (j = i + 1; j < q->nrows; j++) {
			y = &q->rows[j];
			if (y->rep != x->rep || y->start > x->end)
				break;
			if (y->end > x->end || (y->start == x->start &&
			    y->end == x->end)) {
				if (later(x, y)) {
					x = y;
					y = &q->rows[i];
				}
				rep = sales_groups_key(q->reps, x->rep);
				sales_err_set(err, SALES_EVALUE,
				    "rep '%.*s': period '%s' (%s) overlaps "
				    "'%s' (line %lu); see sm-quota --check",
				    (int)(rep.len < 100 ? rep.len : 100),
				    rep.s, row_name(q, y, b1),
				    span_str(y->start, y->end, b2),
				    row_name(q, x, b3), x->line);
				return sales_err_where(err,
				    pool_str(q, y->file), y->line, NULL);
			}
		}
	}
	return 0;
}

int
sales_quotatab_read(struct sales_quotatab **qp, struct sales_reader *r,
    const struct sales_quotatab_opts *o, struct sales_err *err)
{
	struct sales_quotatab	*q;
	struct sales_roles	 defroles;
	struct sales_calendar	 defcal;
	struct sales_datefmt	 deffmt;
	const struct sales_roles *roles = o->roles;
	const struct sales_calendar *cal = o->cal;
	const struct sales_datefmt *df = o->datefmt;
	const struct sales_field *hdr;
	struct sales_record	 rec;
	struct cols		 c;
	const char		*file;
	size_t			 n;
	int			 rv;

	*qp = NULL;
	if (roles == NULL) {
		sales_roles_init(&defroles);
		roles = &defroles;
	}
	if (cal == NULL) {
		sales_calendar_init(&defcal);
		cal = &defcal;
	}
	if (df == NULL) {
		(void)sales_datefmt_init(&deffmt, NULL, NULL);
		df = &deffmt;
	}
	hdr = sales_reader_header(r);
	n = sales_reader_ncols(r);
	/* The reader has not named a record yet: no file name for it. */
	file = NULL;
	if ((c.rep = role_column(roles, SALES_ROLE_REP, hdr, n, file,
	    err)) == -1 ||
	    (c.quota = role_column(roles, SALES_ROLE_QUOTA, hdr, n, file,
	    err)) == -1)
		return -1;
	c.start = sales_header_find(hdr, n, "start");
	c.end = sales_header_find(hdr, n, "end");
	if (c.start == -1 || c.end == -1) {
		c.start = c.end = -1;
		if ((c.period = role_column(roles, SALES_ROLE_PERIOD, hdr, n,
		    file, err)) == -1)
			return -1;
	} else if (sales_roles_optional(roles, SALES_ROLE_PERIOD, hdr, n,
	    file, &c.period, err) == -1)
		return -1;

	if ((q = sales_calloc(1, sizeof(*q))) == NULL)
		return sales_err_set(err, SALES_ENOMEM, "out of memory");
	if (sales_groups_new(&q->reps, err) == -1)
		goto fail;
	while ((rv = sales_reader_next(r, &rec, err)) == 1)
		if (add_row(q, r, &rec, &c, o, cal, df, err) == -1)
			goto fail;
	if (rv == -1)
		goto fail;
	if (finish(q, o->flags & SALES_QUOTATAB_LAX, err) == -1)
		goto fail;
	*qp = q;
	return 0;
fail:
	sales_quotatab_free(q);
	return -1;
}

int
sales_quotatab_open(struct sales_quotatab **qp, const char *path,
    const struct sales_cli *c, struct sales_err *err)
{
	struct sales_quotatab_opts	 o;
	struct sales_table_opts		 t;
	struct sales_reader		*r;
	const char			*paths[1];
	int				 rv;

	*qp = NULL;
	sales_table_opts_init(&t);
	t.delim = c->topts.delim;
	t.nulls = c->topts.nulls;
	t.nnulls = c->topts.nnulls;
	t.max_field = c->topts.max_field;
	paths[0] = path;
	if (sales_reader_open(&r, paths, 1, &t, err) == -1)
		return -1;
	sales_quotatab_opts_init(&o);
	o.roles = &c->roles;
	o.cal = &c->cal;
	o.datefmt = &c->datefmt;
	o.money_flags = c->money_flags;
	rv = sales_quotatab_read(qp, r, &o, err);
	if (rv == -1 && err != NULL && err->code == SALES_EUSAGE &&
	    err->file[0] == '\0')
		sales_err_where(err, path, 0, NULL);
	sales_reader_close(r);
	return rv;
}

/*
 * Are the days a..b of row i, which lie inside it, all covered by the
 * periods it holds?  Those come right after it.
 */
static int
covered_inside(const struct sales_quotatab *q, size_t i, size_t hi, long a,
    long b)
{
	const struct qrow *x = &q->rows[i], *y;
	long	 cur = a;
	size_t	 j;

	for (j = i + 1; j < hi && cur <= b; j++) {
		y = &q->rows[j];
		if (y->start > x->end || y->start > cur)
			break;
		if (y->end <= x->end && y->end >= cur)
			cur = y->end + 1;
	}
	return cur > b;
}

/*
 * Add to *sum the quota of rep k over a..b.  Returns the number of
 * periods added, or -1 with err set.
 */
static long
rep_get(const struct sales_quotatab *q, size_t k, long a, long b,
    int64_t *sum, struct sales_err *err)
{
	const struct qrow	*x;
	struct sales_field	 rep;
	long			 covered = 0, found = 0;
	size_t			 i, hi = q->first[k + 1];
	char			 b1[2 * SALES_DATE_BUFSZ + 2];
	char			 b2[2 * SALES_DATE_BUFSZ + 2];
	char			 b3[2 * SALES_DATE_BUFSZ + 2];

	for (i = q->first[k]; i < hi; i++) {
		x = &q->rows[i];
		if (x->start > b)
			break;
		if (x->end < a)
			continue;
		if (x->start >= a && x->end <= b) {
			/* The largest periods inside: skip what they hold. */
			if (found > 0 && x->start <= covered)
				continue;
			if (sales_money_add(sum, x->quota) == -1)
				return sales_err_set(err, SALES_EVALUE,
				    "amount out of range");
			covered = x->end;
			found++;
			continue;
		}
		/*
		 * Partly inside: fine when the periods it holds cover its
		 * days in the span (a year row over its months).
		 */
		if (covered_inside(q, i, hi, x->start > a ? x->start : a,
		    x->end < b ? x->end : b))
			continue;
		rep = sales_groups_key(q->reps, k);
		sales_err_set(err, SALES_EVALUE,
		    "rep '%.*s': quota period '%s' (%s) straddles %s",
		    (int)(rep.len < 100 ? rep.len : 100), rep.s,
		    row_name(q, x, b1), span_str(x->start, x->end, b2),
		    span_str(a, b, b3));
		return sales_err_where(err, pool_str(q, x->file), x->line,
		    NULL);
	}
	return found;
}

int
sales_quotatab_get(const struct sales_quotatab *q, const char *rep,
    size_t len, long start, long end, int64_t *quota,
    struct sales_err *err)
{
	int64_t	 sum = 0;
	long	 k, n, found = 0;
	size_t	 i, nreps;

	*quota = 0;
	if (rep != NULL) {
		if ((k = sales_groups_lookup(q->reps, rep, len)) == -1)
			return 0;
		if ((found = rep_get(q, (size_t)k, start, end, &sum,
		    err)) == -1)
			return -1;
	} else {
		nreps = sales_groups_count(q->reps);
		for (i = 0; i < nreps; i++) {
			if ((n = rep_get(q, i, start, end, &sum, err)) == -1)
				return -1;
			found += n;
		}
	}
	*quota = sum;
	return found > 0;
}

/* Problems gathered for sorting by line. */
struct plist {
	struct sales_quota_problem *p;
	size_t		 n;
	size_t		 cap;
};

static int
plist_add(struct plist *l, const struct sales_quota_problem *p)
{
	struct sales_quota_problem *np;
	size_t	 ncap;

	if (l->n == l->cap) {
		ncap = l->cap ? l->cap * 2 : 16;
		if ((np = sales_reallocarray(l->p, ncap, sizeof(*np))) == NULL)
			return -1;
		l->p = np;
		l->cap = ncap;
	}
	l->p[l->n++] = *p;
	return 0;
}

static int
cmp_problem(const void *a, const void *b)
{
	const struct sales_quota_problem *x = a, *y = b;
	int	 c;

	if ((c = strcmp(x->file, y->file)) != 0)
		return c;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return (x->other_line > y->other_line) -
	    (x->other_line < y->other_line);
}

/* A problem about row x of q, the rest zero. */
static void
problem_init(const struct sales_quotatab *q, const struct qrow *x, int kind,
    struct sales_quota_problem *p)
{
	memset(p, 0, sizeof(*p));
	p->kind = kind;
	p->file = pool_str(q, x->file);
	p->line = x->line;
	p->rep = sales_groups_key(q->reps, x->rep);
	p->period = pool_str(q, x->label);
	p->start = x->start;
	p->end = x->end;
	p->other = "";
}

/* Add a gap a..b about row x to l.  Returns 0 or -1. */
static int
add_gap(const struct sales_quotatab *q, const struct qrow *x, long a, long b,
    struct plist *l)
{
	struct sales_quota_problem p;

	problem_init(q, x, SALES_QP_GAP, &p);
	p.gap_start = a;
	p.gap_end = b;
	return plist_add(l, &p);
}

/*
 * The problems of rep k into l: gaps between its outermost periods
 * (told on the period after the gap), overlaps (told on the later
 * period), and for each period that holds others, the days its largest
 * periods inside leave uncovered (told on it) and a sum that differs.
 * Returns 0, or -1 when out of memory.
 */
static int
check_rep(const struct sales_quotatab *q, size_t k, struct plist *l)
{
	struct sales_quota_problem p;
	const struct qrow *x, *y, *a, *b;
	size_t	 i, j, lo = q->first[k], hi = q->first[k + 1];
	long	 maxend = 0, cur;
	int64_t	 sum;
	int	 inside, ovf;

	for (i = lo; i < hi; i++) {
		x = &q->rows[i];
		if (i > lo && x->start > maxend + 1 &&
		    add_gap(q, x, maxend + 1, x->start - 1, l) == -1)
			return -1;
		if (i == lo || x->end > maxend)
			maxend = x->end;
		/* The periods that start inside this one. */
		sum = 0;
		inside = ovf = 0;
		cur = x->start;
		for (j = i + 1; j < hi; j++) {
			y = &q->rows[j];
			if (y->start > x->end)
				break;
			if (y->end > x->end || (y->start == x->start &&
			    y->end == x->end)) {
				a = later(x, y) ? x : y;
				b = a == x ? y : x;
				problem_init(q, a, SALES_QP_OVERLAP, &p);
				p.other = pool_str(q, b->label);
				p.other_line = b->line;
				if (plist_add(l, &p) == -1)
					return -1;
				continue;
			}
			if (y->start < cur)	/* inside one counted */
				continue;
			if (y->start > cur &&
			    add_gap(q, x, cur, y->start - 1, l) == -1)
				return -1;
			if (sales_money_add(&sum, y->quota) == -1)
				ovf = 1;
			cur = y->end + 1;
			inside++;
		}
		if (inside == 0)
			continue;
		if (cur <= x->end && add_gap(q, x, cur, x->end, l) == -1)
			return -1;
		if (ovf || sum != x->quota) {
			problem_init(q, x, SALES_QP_SUM, &p);
			p.quota = x->quota;
			p.sum = ovf ? INT64_MAX : sum;
			if (plist_add(l, &p) == -1)
				return -1;
		}
	}
	return 0;
}

long
sales_quotatab_check(const struct sales_quotatab *q,
    int (*fn)(void *, const struct sales_quota_problem *,
    struct sales_err *), void *arg, struct sales_err *err)
{
	struct plist	 l = { NULL, 0, 0 };
	size_t		 k, i, nreps = sales_groups_count(q->reps);
	long		 rv = -1;

	for (k = 0; k < nreps; k++)
		if (check_rep(q, k, &l) == -1) {
			sales_err_set(err, SALES_ENOMEM, "out of memory");
			goto out;
		}
	if (l.n > 0)
		qsort(l.p, l.n, sizeof(*l.p), cmp_problem);
	for (i = 0; i < l.n; i++)
		if (fn(arg, &l.p[i], err) == -1)
			goto out;
	rv = (long)l.n;
out:
	sales_free(l.p);
	return rv;
}
