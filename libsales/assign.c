/*
 * assign.c: the rep table, eligibility, and the methods of sm-assign:
 * least-loaded (a lazy heap per lead class), round-robin and weighted
 * (smooth weighted round robin), optimal (a min-cost flow between lead
 * classes and reps) and the balance carving (largest first, then
 * improving moves and swaps).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libsales/assign.h"
#include "libsales/groups.h"
#include "libsales/mem.h"
#include "libsales/state.h"

#define ANY		(-2L)	/* class: no territory / segment */

struct rep {
	int		 active;
	int		 allterr;	/* '*', or no territories */
	long		*terr;		/* territory numbers */
	size_t		 nterr;
	int		 allskill;	/* '*', or no skills */
	long		*skill;		/* segment numbers */
	size_t		 nskill;
	long long	 capacity;
	long long	 load;
	long long	 kept;
	long long	 assigned;
	int64_t		 weight;
	int64_t		 cw;		/* smooth WRR current weight */
	int64_t		 turns;		/* least-loaded: earlier runs */
	unsigned long	 line;
	long long	 won;		/* history */
	long long	 closed;
};

struct heapent {
	size_t		 rep;
	long long	 version;	/* rep's assigned when pushed */
};

struct klass {
	long		 terr;		/* territory number or ANY */
	long		 seg;		/* segment number or ANY */
	size_t		*elig;		/* eligible reps, file order */
	size_t		 nelig;
	char		*why;		/* reason when nelig == 0 */
	long long	 count;		/* optimal: leads counted */
	struct heapent	*heap;		/* least-loaded */
	size_t		 nheap;
	int		 heaped;
	long long	*plan;		/* optimal: leads per elig[j] */
	long long	*given;
	int64_t		*pcw;
};

struct fitent {
	int64_t		 fit;		/* millionths, from --fit */
	int		 has;
	long long	 won;		/* history */
	long long	 closed;
};

struct sales_assign {
	int			 method;
	int			 ready;
	struct sales_groups	*ids;		/* rep id -> rep number */
	struct rep		*reps;
	size_t			 nreps, capreps;
	struct sales_groups	*terrs;		/* territory -> number */
	struct sales_groups	*segs;		/* segment -> number */
	struct sales_groups	*keys;		/* "TERR\0SEG" -> class */
	struct klass		*classes;
	size_t			 nclasses, capclasses;
	struct sales_groups	*fitkeys;	/* rep bytes + seg -> fitent */
	struct fitent		*fits;
	size_t			 capfits;
	long long		 won, closed;	/* history, every deal */
	long			 prior;
	int			 history;	/* fits come from history */
};

static const char capacity_why[] = "all eligible reps at capacity";

static const char *const method_names[] = {
	"least-loaded", "round-robin", "weighted", "optimal", "balance"
};

static int
nomem(struct sales_err *err)
{
	return sales_err_set(err, SALES_ENOMEM, "out of memory");
}

int
sales_assign_method_parse(const char *name)
{
	size_t	 i;

	for (i = 0; i < sizeof(method_names) / sizeof(method_names[0]); i++)
		if (strcmp(name, method_names[i]) == 0)
			return (int)i;
	return -1;
}

const char *
sales_assign_method_name(int method)
{
	if (method < 0 ||
	    (size_t)method >= sizeof(method_names) / sizeof(method_names[0]))
		return "";
	return method_names[method];
}

void
sales_rep_spec_init(struct sales_rep_spec *spec)
{
	memset(spec, 0, sizeof(*spec));
	spec->active = 1;
	spec->capacity = SALES_ASSIGN_NOLIMIT;
	spec->weight = 10000;
}

int
sales_assign_new(struct sales_assign **ap, int method, struct sales_err *err)
{
	struct sales_assign	*a;

	*ap = NULL;
	if (method < SALES_ASSIGN_LEAST_LOADED || method > SALES_ASSIGN_BALANCE)
		return sales_err_set(err, SALES_EUSAGE, "unknown method");
	if ((a = sales_calloc(1, sizeof(*a))) == NULL)
		return nomem(err);
	a->method = method;
	a->prior = SALES_ASSIGN_PRIOR;
	if (sales_groups_new(&a->ids, err) == -1 ||
	    sales_groups_new(&a->terrs, err) == -1 ||
	    sales_groups_new(&a->segs, err) == -1 ||
	    sales_groups_new(&a->keys, err) == -1 ||
	    sales_groups_new(&a->fitkeys, err) == -1) {
		sales_assign_free(a);
		return -1;
	}
	*ap = a;
	return 0;
}

void
sales_assign_free(struct sales_assign *a)
{
	size_t	 i;

	if (a == NULL)
		return;
	for (i = 0; i < a->nreps; i++) {
		sales_free(a->reps[i].terr);
		sales_free(a->reps[i].skill);
	}
	for (i = 0; i < a->nclasses; i++) {
		sales_free(a->classes[i].elig);
		sales_free(a->classes[i].why);
		sales_free(a->classes[i].heap);
		sales_free(a->classes[i].plan);
		sales_free(a->classes[i].given);
		sales_free(a->classes[i].pcw);
	}
	sales_free(a->reps);
	sales_free(a->classes);
	sales_free(a->fits);
	sales_groups_free(a->ids);
	sales_groups_free(a->terrs);
	sales_groups_free(a->segs);
	sales_groups_free(a->keys);
	sales_groups_free(a->fitkeys);
	sales_free(a);
}

static int
is_space(char c)
{
	return c == ' ' || c == '\t';
}

/*
 * Split a ';' list into numbers of table g.  *all is set when the list
 * is empty or holds '*'.
 */
static int
split_list(struct sales_groups *g, const char *s, size_t len, long **out,
    size_t *nout, int *all, struct sales_err *err)
{
	size_t	 i = 0, b, e, n = 0, cap = 0;
	long	*v = NULL, *nv, num;

	*out = NULL;
	*nout = 0;
	*all = 0;
	while (s != NULL && i < len) {
		b = i;
		while (i < len && s[i] != ';')
			i++;
		e = i++;
		while (b < e && is_space(s[b]))
			b++;
		while (e > b && is_space(s[e - 1]))
			e--;
		if (b == e)
			continue;
		if (e - b == 1 && s[b] == '*') {
			*all = 1;
			continue;
		}
		if ((num = sales_groups_intern(g, s + b, e - b, NULL,
		    err)) < 0) {
			sales_free(v);
			return -1;
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 4;
			if ((nv = sales_reallocarray(v, cap,
			    sizeof(*v))) == NULL) {
				sales_free(v);
				return nomem(err);
			}
			v = nv;
		}
		v[n++] = num;
	}
	if (n == 0)
		*all = 1;
	*out = v;
	*nout = n;
	return 0;
}

int
sales_assign_add_rep(struct sales_assign *a, const struct sales_rep_spec *spec,
    struct sales_err *err)
{
	struct rep	*r, *nr;
	long		 num;
	int		 isnew;
	size_t		 ncap;

	if (spec->idlen == 0)
		return sales_err_set(err, SALES_EVALUE, "empty rep id");
	if (spec->load < 0)
		return sales_err_set(err, SALES_EVALUE,
		    "negative load for rep '%.*s'", (int)spec->idlen, spec->id);
	if (spec->capacity < 0 && spec->capacity != SALES_ASSIGN_NOLIMIT)
		return sales_err_set(err, SALES_EVALUE,
		    "negative capacity for rep '%.*s'", (int)spec->idlen,
		    spec->id);
	if (spec->weight < 0)
		return sales_err_set(err, SALES_EVALUE,
		    "negative weight for rep '%.*s'", (int)spec->idlen,
		    spec->id);
	num = sales_groups_lookup(a->ids, spec->id, spec->idlen);
	if (num >= 0)
		return sales_err_set(err, SALES_EVALUE,
		    "rep '%.*s' is listed twice: lines %lu and %lu",
		    (int)spec->idlen, spec->id, a->reps[num].line, spec->line);
	if (a->nreps == a->capreps) {
		ncap = a->capreps ? a->capreps * 2 : 16;
		if ((nr = sales_reallocarray(a->reps, ncap,
		    sizeof(*nr))) == NULL)
			return nomem(err);
		a->reps = nr;
		a->capreps = ncap;
	}
	r = &a->reps[a->nreps];
	memset(r, 0, sizeof(*r));
	if (split_list(a->terrs, spec->territories, spec->territorieslen,
	    &r->terr, &r->nterr, &r->allterr, err) == -1)
		return -1;
	if (split_list(a->segs, spec->skills, spec->skillslen, &r->skill,
	    &r->nskill, &r->allskill, err) == -1) {
		sales_free(r->terr);
		return -1;
	}
	if (sales_groups_intern(a->ids, spec->id, spec->idlen, &isnew,
	    err) < 0) {
		sales_free(r->terr);
		sales_free(r->skill);
		return -1;
	}
	r->active = spec->active != 0;
	r->capacity = spec->capacity;
	r->load = spec->load;
	r->weight = spec->weight;
	r->line = spec->line;
	a->nreps++;
	return 0;
}

size_t
sales_assign_nreps(const struct sales_assign *a)
{
	return a->nreps;
}

long
sales_assign_rep_find(const struct sales_assign *a, const char *id,
    size_t len)
{
	return sales_groups_lookup(a->ids, id, len);
}

void
sales_assign_rep(const struct sales_assign *a, size_t i,
    struct sales_rep_info *out)
{
	const struct rep	*r = &a->reps[i];
	struct sales_field	 k = sales_groups_key(a->ids, i);

	out->id = k.s;
	out->idlen = k.len;
	out->active = r->active;
	out->capacity = r->capacity;
	out->load = r->load;
	out->kept = r->kept;
	out->assigned = r->assigned;
	out->weight = r->weight;
}

int
sales_assign_ready(struct sales_assign *a, struct sales_err *err)
{
	size_t	 i;

	for (i = 0; i < a->nreps; i++)
		if (a->reps[i].active)
			break;
	if (i == a->nreps)
		return sales_err_set(err, SALES_EVALUE, "no rep is active");
	a->ready = 1;
	return 0;
}

static int
has(const long *v, size_t n, long x)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (v[i] == x)
			return 1;
	return 0;
}

static int
covers_terr(const struct rep *r, const struct klass *c)
{
	return c->terr == ANY || r->allterr || has(r->terr, r->nterr, c->terr);
}

static int
covers_seg(const struct rep *r, const struct klass *c)
{
	return c->seg == ANY || r->allskill ||
	    has(r->skill, r->nskill, c->seg);
}

/* Work out who may take leads of class c and, if nobody, why. */
static int
class_setup(struct sales_assign *a, struct klass *c, const char *terr,
    size_t tlen, const char *seg, size_t slen, struct sales_err *err)
{
	size_t		 i;
	int		 anyterr = 0, anyseg = 0, n;
	struct rep	*r;

	if ((c->elig = sales_calloc(a->nreps ? a->nreps : 1,
	    sizeof(*c->elig))) == NULL)
		return nomem(err);
	for (i = 0; i < a->nreps; i++) {
		r = &a->reps[i];
		if (!r->active || !covers_terr(r, c))
			continue;
		anyterr = 1;
		if (!covers_seg(r, c))
			continue;
		anyseg = 1;
		if (a->method == SALES_ASSIGN_WEIGHTED && r->weight == 0)
			continue;
		c->elig[c->nelig++] = i;
	}
	if (c->nelig > 0)
		return 0;
	if (!anyterr)
		n = snprintf(NULL, 0, "no active rep covers territory %.*s",
		    (int)tlen, terr);
	else if (!anyseg && c->terr == ANY)
		n = snprintf(NULL, 0, "no active rep covers segment %.*s",
		    (int)slen, seg);
	else if (!anyseg)
		n = snprintf(NULL, 0,
		    "no active rep covers segment %.*s in territory %.*s",
		    (int)slen, seg, (int)tlen, terr);
	else
		n = snprintf(NULL, 0, "no eligible rep has a weight above 0");
	if ((c->why = sales_malloc((size_t)n + 1)) == NULL)
		return nomem(err);
	if (!anyterr)
		snprintf(c->why, (size_t)n + 1,
		    "no active rep covers territory %.*s", (int)tlen, terr);
	else if (!anyseg && c->terr == ANY)
		snprintf(c->why, (size_t)n + 1,
		    "no active rep covers segment %.*s", (int)slen, seg);
	else if (!anyseg)
		snprintf(c->why, (size_t)n + 1,
		    "no active rep covers segment %.*s in territory %.*s",
		    (int)slen, seg, (int)tlen, terr);
	else
		snprintf(c->why, (size_t)n + 1,
		    "no eligible rep has a weight above 0");
	return 0;
}

long
sales_assign_class(struct sales_assign *a, const char *terr, size_t tlen,
    const char *seg, size_t slen, struct sales_err *err)
{
	struct klass	*c, *nc;
	char		 sbuf[256], *key;
	size_t		 klen, ncap;
	long		 num;
	int		 isnew;

	if (terr == NULL)
		tlen = 0;
	if (seg == NULL)
		slen = 0;
	klen = tlen + 1 + slen;
	if (klen <= sizeof(sbuf))
		key = sbuf;
	else if ((key = sales_malloc(klen)) == NULL)
		return nomem(err);
	if (tlen > 0)
		memcpy(key, terr, tlen);
	key[tlen] = '\0';
	if (slen > 0)
		memcpy(key + tlen + 1, seg, slen);
	num = sales_groups_intern(a->keys, key, klen, &isnew, err);
	if (key != sbuf)
		sales_free(key);
	if (num < 0 || !isnew)
		return num;
	if ((size_t)num >= a->capclasses) {
		ncap = a->capclasses ? a->capclasses * 2 : 16;
		if ((nc = sales_reallocarray(a->classes, ncap,
		    sizeof(*nc))) == NULL)
			goto fail;
		a->classes = nc;
		a->capclasses = ncap;
	}
	c = &a->classes[num];
	memset(c, 0, sizeof(*c));
	a->nclasses = (size_t)num + 1;
	c->terr = c->seg = ANY;
	if (tlen > 0 && (c->terr = sales_groups_intern(a->terrs, terr, tlen,
	    NULL, err)) < 0)
		goto undo;
	if (slen > 0 && (c->seg = sales_groups_intern(a->segs, seg, slen,
	    NULL, err)) < 0)
		goto undo;
	if (class_setup(a, c, terr, tlen, seg, slen, err) == -1)
		goto undo;
	return num;
fail:
	nomem(err);
	/*
	 * The key is in the table without its class: the table cannot give
	 * a key back, so the engine is unusable from here on, as after any
	 * allocation failure the caller reports.
	 */
	return -1;
undo:
	sales_free(c->elig);
	c->elig = NULL;
	c->nelig = 0;
	return -1;
}

long
sales_assign_keep(struct sales_assign *a, const char *rep, size_t len)
{
	long	 i;

	if ((i = sales_groups_lookup(a->ids, rep, len)) < 0)
		return -1;
	a->reps[i].kept++;
	return i;
}

int
sales_assign_count(struct sales_assign *a, long cls)
{
	a->classes[cls].count++;
	return 0;
}

/* The fit entry of (rep i, segment), added when new. */
static struct fitent *
fit_entry(struct sales_assign *a, size_t i, const char *seg, size_t slen,
    int add, struct sales_err *err)
{
	char		 sbuf[256], *key;
	size_t		 klen = sizeof(i) + slen, ncap;
	long		 num;
	struct fitent	*nf;

	if (klen <= sizeof(sbuf))
		key = sbuf;
	else if ((key = sales_malloc(klen)) == NULL) {
		nomem(err);
		return NULL;
	}
	memcpy(key, &i, sizeof(i));
	if (slen > 0)
		memcpy(key + sizeof(i), seg, slen);
	if (add)
		num = sales_groups_intern(a->fitkeys, key, klen, NULL, err);
	else
		num = sales_groups_lookup(a->fitkeys, key, klen);
	if (key != sbuf)
		sales_free(key);
	if (num < 0)
		return NULL;
	if ((size_t)num >= a->capfits) {
		ncap = a->capfits ? a->capfits * 2 : 64;
		if ((nf = sales_reallocarray(a->fits, ncap,
		    sizeof(*nf))) == NULL) {
			nomem(err);
			return NULL;
		}
		memset(nf + a->capfits, 0, (ncap - a->capfits) * sizeof(*nf));
		a->fits = nf;
		a->capfits = ncap;
	}
	return &a->fits[num];
}

int
sales_assign_fit(struct sales_assign *a, const char *rep, size_t replen,
    const char *seg, size_t seglen, int64_t fit, struct sales_err *err)
{
	struct fitent	*f;
	long		 i;

	if (fit < 0)
		return sales_err_set(err, SALES_EVALUE, "fit below 0");
	if ((i = sales_groups_lookup(a->ids, rep, replen)) < 0)
		return 0;
	if ((f = fit_entry(a, (size_t)i, seg, seglen, 1, err)) == NULL)
		return -1;
	f->fit = fit;
	f->has = 1;
	return 0;
}

int
sales_assign_history(struct sales_assign *a, const char *rep, size_t replen,
    const char *seg, size_t seglen, int won, struct sales_err *err)
{
	struct fitent	*f;
	long		 i;

	a->history = 1;
	a->closed++;
	a->won += won != 0;
	if ((i = sales_groups_lookup(a->ids, rep, replen)) < 0)
		return 0;
	a->reps[i].closed++;
	a->reps[i].won += won != 0;
	if (seglen == 0)
		return 0;
	if ((f = fit_entry(a, (size_t)i, seg, seglen, 1, err)) == NULL)
		return -1;
	f->closed++;
	f->won += won != 0;
	return 0;
}

void
sales_assign_prior(struct sales_assign *a, long m)
{
	a->prior = m < 0 ? 0 : m;
}

/* A fraction num / den, both >= 0, den > 0. */
struct ratio {
	__int128	 num;
	__int128	 den;
};

/* The m-estimate (won + m prior) / (closed + m), or prior if 0 / 0. */
static struct ratio
mestimate(long long won, long long closed, long m, struct ratio prior)
{
	struct ratio	 r;

	if (closed + m == 0)
		return prior;
	r.num = (__int128)won * prior.den + (__int128)m * prior.num;
	r.den = prior.den * (closed + m);
	return r;
}

int64_t
sales_assign_fit_of(struct sales_assign *a, size_t i, const char *seg,
    size_t seglen)
{
	struct fitent	*f = NULL;
	struct ratio	 p0, pr, ps;
	struct rep	*r = &a->reps[i];

	if (!a->history) {
		if (seglen > 0 &&
		    (f = fit_entry(a, i, seg, seglen, 0, NULL)) != NULL &&
		    f->has)
			return f->fit;
		if ((f = fit_entry(a, i, "*", 1, 0, NULL)) != NULL && f->has)
			return f->fit;
		return 0;
	}
	if (a->closed == 0)
		return 0;
	p0.num = a->won;
	p0.den = a->closed;
	pr = mestimate(r->won, r->closed, a->prior, p0);
	ps = pr;
	if (seglen > 0) {
		f = fit_entry(a, i, seg, seglen, 0, NULL);
		ps = mestimate(f ? f->won : 0, f ? f->closed : 0, a->prior,
		    pr);
	}
	return (int64_t)((ps.num * 2 * SALES_FIT_SCALE + ps.den) /
	    (2 * ps.den));
}

/* The fit of rep i for the leads of class c. */
static int64_t
class_fit(struct sales_assign *a, size_t i, const struct klass *c)
{
	struct sales_field	 s;

	if (c->seg == ANY)
		return sales_assign_fit_of(a, i, "", 0);
	s = sales_groups_key(a->segs, (size_t)c->seg);
	return sales_assign_fit_of(a, i, s.s, s.len);
}

static int
full(const struct rep *r)
{
	return r->capacity != SALES_ASSIGN_NOLIMIT &&
	    r->load + r->kept + r->assigned >= r->capacity;
}

/*
 * Least-loaded order: does rep x (as of version vx, its assigned count
 * then) come before rep y (version vy)?
 */
static int
ll_before(const struct sales_assign *a, size_t x, long long vx, size_t y,
    long long vy)
{
	const struct rep	*rx = &a->reps[x], *ry = &a->reps[y];
	__int128		 nx, dx, ny, dy, l, r;

	if (rx->capacity == SALES_ASSIGN_NOLIMIT) {
		nx = 0;
		dx = 1;
	} else {
		nx = rx->load + rx->kept + vx;
		dx = rx->capacity;
	}
	if (ry->capacity == SALES_ASSIGN_NOLIMIT) {
		ny = 0;
		dy = 1;
	} else {
		ny = ry->load + ry->kept + vy;
		dy = ry->capacity;
	}
	l = nx * dy;
	r = ny * dx;
	if (l != r)
		return l < r;
	l = (__int128)vx + rx->turns;
	r = (__int128)vy + ry->turns;
	if (l != r)
		return l < r;
	return x < y;
}

static void
sift_down(const struct sales_assign *a, struct heapent *h, size_t n,
    size_t i)
{
	struct heapent	 t;
	size_t		 l, m;

	for (;;) {
		l = 2 * i + 1;
		if (l >= n)
			return;
		m = l;
		if (l + 1 < n && ll_before(a, h[l + 1].rep, h[l + 1].version,
		    h[l].rep, h[l].version))
			m = l + 1;
		if (!ll_before(a, h[m].rep, h[m].version, h[i].rep,
		    h[i].version))
			return;
		t = h[i];
		h[i] = h[m];
		h[m] = t;
		i = m;
	}
}

/*
 * The heap of a class holds every eligible rep not yet full, each once,
 * keyed by its state as of its version.  A rep's key only grows (its
 * assigned count only grows), so an entry whose version is behind is
 * refreshed when it reaches the top, and the top, once fresh, is the
 * true least-loaded rep.
 */
static long
pick_least_loaded(struct sales_assign *a, struct klass *c)
{
	size_t		 i;
	struct heapent	*h;
	struct rep	*r;

	if (!c->heaped) {
		if (c->nelig > 0 && (c->heap = sales_calloc(c->nelig,
		    sizeof(*c->heap))) == NULL)
			return -2;
		for (i = 0; i < c->nelig; i++) {
			if (full(&a->reps[c->elig[i]]))
				continue;
			c->heap[c->nheap].rep = c->elig[i];
			c->heap[c->nheap].version =
			    a->reps[c->elig[i]].assigned;
			c->nheap++;
		}
		for (i = c->nheap / 2; i-- > 0; )
			sift_down(a, c->heap, c->nheap, i);
		c->heaped = 1;
	}
	h = c->heap;
	while (c->nheap > 0) {
		r = &a->reps[h[0].rep];
		if (full(r)) {
			h[0] = h[--c->nheap];
			sift_down(a, h, c->nheap, 0);
			continue;
		}
		if (h[0].version != r->assigned) {
			h[0].version = r->assigned;
			sift_down(a, h, c->nheap, 0);
			continue;
		}
		i = h[0].rep;
		r->assigned++;
		h[0].version = r->assigned;
		sift_down(a, h, c->nheap, 0);
		return (long)i;
	}
	return -1;
}

/* Smooth weighted round robin over the eligible reps with room. */
static long
pick_swrr(struct sales_assign *a, struct klass *c)
{
	size_t		 i;
	long		 best = -1;
	int64_t		 total = 0, w;
	struct rep	*r;

	for (i = 0; i < c->nelig; i++) {
		r = &a->reps[c->elig[i]];
		if (full(r))
			continue;
		w = a->method == SALES_ASSIGN_ROUND_ROBIN ? 1 : r->weight;
		r->cw += w;
		total += w;
		if (best < 0 || r->cw > a->reps[best].cw)
			best = (long)c->elig[i];
	}
	if (best < 0)
		return -1;
	a->reps[best].cw -= total;
	a->reps[best].assigned++;
	return best;
}

/* The next rep of the optimal plan, spread by smooth rotation. */
static long
pick_plan(struct sales_assign *a, struct klass *c)
{
	size_t		 j;
	long		 best = -1;
	int64_t		 total = 0;

	if (c->plan == NULL)
		return -1;
	for (j = 0; j < c->nelig; j++) {
		if (c->given[j] >= c->plan[j])
			continue;
		c->pcw[j] += c->plan[j];
		total += c->plan[j];
		if (best < 0 || c->pcw[j] > c->pcw[best])
			best = (long)j;
	}
	if (best < 0)
		return -1;
	c->pcw[best] -= total;
	c->given[best]++;
	a->reps[c->elig[best]].assigned++;
	return (long)c->elig[best];
}

long
sales_assign_pick(struct sales_assign *a, long cls, const char **why)
{
	struct klass	*c = &a->classes[cls];
	long		 r;

	*why = NULL;
	if (c->nelig == 0) {
		*why = c->why;
		return -1;
	}
	switch (a->method) {
	case SALES_ASSIGN_LEAST_LOADED:
		r = pick_least_loaded(a, c);
		break;
	case SALES_ASSIGN_ROUND_ROBIN:
	case SALES_ASSIGN_WEIGHTED:
		r = pick_swrr(a, c);
		break;
	case SALES_ASSIGN_OPTIMAL:
		r = pick_plan(a, c);
		break;
	default:
		r = -1;
		break;
	}
	if (r == -2) {
		/* No memory for the heap: scan instead, same order. */
		size_t	 i;

		r = -1;
		for (i = 0; i < c->nelig; i++)
			if (!full(&a->reps[c->elig[i]]) && (r < 0 ||
			    ll_before(a, c->elig[i],
			    a->reps[c->elig[i]].assigned, (size_t)r,
			    a->reps[r].assigned)))
				r = (long)c->elig[i];
		if (r >= 0)
			a->reps[r].assigned++;
	}
	if (r < 0)
		*why = capacity_why;
	return r;
}

/*
 * The min-cost flow of sales_assign_solve(): a residual graph in
 * arrays, edge e and its reverse e ^ 1.
 */
struct flow {
	size_t		 nv, ne, cape;
	size_t		*head;		/* first edge of a node, or SIZE_MAX */
	size_t		*next;
	size_t		*to;
	long long	*cap;
	int64_t		*cost;
	int64_t		*pot;
	int64_t		*dist;
	size_t		*prev;		/* edge into a node on the path */
	struct heapent	*pq;		/* (node, dist) pairs */
	size_t		 npq, cappq;
};

static void
flow_free(struct flow *f)
{
	sales_free(f->head);
	sales_free(f->next);
	sales_free(f->to);
	sales_free(f->cap);
	sales_free(f->cost);
	sales_free(f->pot);
	sales_free(f->dist);
	sales_free(f->prev);
	sales_free(f->pq);
}

static int
flow_init(struct flow *f, size_t nv, size_t ne)
{
	size_t	 i;

	memset(f, 0, sizeof(*f));
	f->nv = nv;
	f->cape = ne;
	if ((f->head = sales_calloc(nv, sizeof(*f->head))) == NULL ||
	    (f->next = sales_calloc(ne, sizeof(*f->next))) == NULL ||
	    (f->to = sales_calloc(ne, sizeof(*f->to))) == NULL ||
	    (f->cap = sales_calloc(ne, sizeof(*f->cap))) == NULL ||
	    (f->cost = sales_calloc(ne, sizeof(*f->cost))) == NULL ||
	    (f->pot = sales_calloc(nv, sizeof(*f->pot))) == NULL ||
	    (f->dist = sales_calloc(nv, sizeof(*f->dist))) == NULL ||
	    (f->prev = sales_calloc(nv, sizeof(*f->prev))) == NULL)
		return -1;
	for (i = 0; i < nv; i++)
		f->head[i] = SIZE_MAX;
	return 0;
}

static size_t
flow_edge(struct flow *f, size_t u, size_t v, long long cap, int64_t cost)
{
	size_t	 e = f->ne;

	f->to[e] = v;
	f->cap[e] = cap;
	f->cost[e] = cost;
	f->next[e] = f->head[u];
	f->head[u] = e;
	f->to[e + 1] = u;
	f->cap[e + 1] = 0;
	f->cost[e + 1] = -cost;
	f->next[e + 1] = f->head[v];
	f->head[v] = e + 1;
	f->ne += 2;
	return e;
}

/* Binary heap of (node, dist) with lazy deletion; dist in .version. */
static int
pq_push(struct flow *f, size_t v, int64_t d)
{
	struct heapent	*n, t;
	size_t		 i, p, ncap;

	if (f->npq == f->cappq) {
		ncap = f->cappq ? f->cappq * 2 : 64;
		if ((n = sales_reallocarray(f->pq, ncap, sizeof(*n))) == NULL)
			return -1;
		f->pq = n;
		f->cappq = ncap;
	}
	i = f->npq++;
	f->pq[i].rep = v;
	f->pq[i].version = d;
	while (i > 0) {
		p = (i - 1) / 2;
		if (f->pq[p].version < f->pq[i].version ||
		    (f->pq[p].version == f->pq[i].version &&
		    f->pq[p].rep <= f->pq[i].rep))
			break;
		t = f->pq[p];
		f->pq[p] = f->pq[i];
		f->pq[i] = t;
		i = p;
	}
	return 0;
}

static struct heapent
pq_pop(struct flow *f)
{
	struct heapent	 top = f->pq[0], t;
	size_t		 i = 0, l, m, n;

	n = --f->npq;
	f->pq[0] = f->pq[n];
	for (;;) {
		l = 2 * i + 1;
		if (l >= n)
			break;
		m = l;
		if (l + 1 < n && (f->pq[l + 1].version < f->pq[l].version ||
		    (f->pq[l + 1].version == f->pq[l].version &&
		    f->pq[l + 1].rep < f->pq[l].rep)))
			m = l + 1;
		if (f->pq[i].version < f->pq[m].version ||
		    (f->pq[i].version == f->pq[m].version &&
		    f->pq[i].rep <= f->pq[m].rep))
			break;
		t = f->pq[i];
		f->pq[i] = f->pq[m];
		f->pq[m] = t;
		i = m;
	}
	return top;
}

/*
 * Dijkstra on reduced costs from s; then pot += dist (unreached nodes
 * gain the largest distance found, which keeps every residual reduced
 * cost >= 0).  Returns 1 when t was reached, 0 when not, -1 when out of
 * memory.
 */
static int
flow_dijkstra(struct flow *f, size_t s, size_t t)
{
	const int64_t	 inf = INT64_MAX;
	struct heapent	 h;
	size_t		 u, v, e;
	int64_t		 d, maxd = 0;

	for (u = 0; u < f->nv; u++) {
		f->dist[u] = inf;
		f->prev[u] = SIZE_MAX;
	}
	f->dist[s] = 0;
	f->npq = 0;
	if (pq_push(f, s, 0) == -1)
		return -1;
	while (f->npq > 0) {
		h = pq_pop(f);
		u = h.rep;
		if (h.version != f->dist[u])
			continue;
		for (e = f->head[u]; e != SIZE_MAX; e = f->next[e]) {
			if (f->cap[e] <= 0)
				continue;
			v = f->to[e];
			d = f->dist[u] + f->cost[e] + f->pot[u] - f->pot[v];
			if (d < f->dist[v]) {
				f->dist[v] = d;
				f->prev[v] = e;
				if (pq_push(f, v, d) == -1)
					return -1;
			}
		}
	}
	for (u = 0; u < f->nv; u++)
		if (f->dist[u] != inf && f->dist[u] > maxd)
			maxd = f->dist[u];
	for (u = 0; u < f->nv; u++)
		f->pot[u] += f->dist[u] != inf ? f->dist[u] : maxd;
	return f->dist[t] != inf;
}

int
sales_assign_solve(struct sales_assign *a, struct sales_err *err)
{
	struct flow	 f;
	struct klass	*c;
	size_t		 nc = a->nclasses, nr = a->nreps, s, t, i, j, e, v;
	size_t		*cedge = NULL, ne = 0, k;
	long long	 total = 0, room, push;
	int64_t		 fit;
	int		 rv;

	s = 0;
	t = 1 + nc + nr;
	for (i = 0; i < nc; i++) {
		c = &a->classes[i];
		total += c->count;
		ne += 2 + 2 * c->nelig;
	}
	ne += 2 * nr;
	if (flow_init(&f, t + 1, ne) == -1 ||
	    (cedge = sales_calloc(ne / 2 + 1, sizeof(*cedge))) == NULL)
		goto nomem;
	/* Rep -> t: the room left. */
	for (j = 0; j < nr; j++) {
		const struct rep *r = &a->reps[j];

		if (r->capacity == SALES_ASSIGN_NOLIMIT)
			room = total;
		else
			room = r->capacity - r->load - r->kept;
		if (room > 0)
			flow_edge(&f, 1 + nc + j, t, room, 0);
	}
	/* s -> class, class -> eligible rep at cost -fit. */
	k = 0;
	for (i = 0; i < nc; i++) {
		c = &a->classes[i];
		if (c->count == 0 || c->nelig == 0)
			continue;
		flow_edge(&f, s, 1 + i, c->count, 0);
		for (j = 0; j < c->nelig; j++) {
			fit = class_fit(a, c->elig[j], c);
			cedge[k++] = flow_edge(&f, 1 + i, 1 + nc + c->elig[j],
			    c->count, -fit);
		}
	}
	/*
	 * Potentials: the graph is a DAG (s, classes, reps, t) with costs
	 * only on the middle layer, so the shortest distances are a pass
	 * over it.
	 */
	for (v = 0; v < f.nv; v++)
		f.pot[v] = 0;
	for (e = 0; e < f.ne; e += 2) {
		if (f.to[e] >= 1 + nc && f.to[e] < t &&
		    f.cost[e] < f.pot[f.to[e]])
			f.pot[f.to[e]] = f.cost[e];
	}
	for (e = 0; e < f.ne; e += 2)
		if (f.to[e] == t && f.to[e + 1] >= 1 + nc &&
		    f.pot[f.to[e + 1]] < f.pot[t])
			f.pot[t] = f.pot[f.to[e + 1]];
	/* Successive shortest paths while a path does not lower the fit. */
	for (;;) {
		if ((rv = flow_dijkstra(&f, s, t)) == -1)
			goto nomem;
		if (rv == 0 || f.pot[t] - f.pot[s] > 0)
			break;
		push = -1;
		for (v = t; v != s; v = f.to[f.prev[v] ^ 1])
			if (push < 0 || f.cap[f.prev[v]] < push)
				push = f.cap[f.prev[v]];
		for (v = t; v != s; v = f.to[f.prev[v] ^ 1]) {
			f.cap[f.prev[v]] -= push;
			f.cap[f.prev[v] ^ 1] += push;
		}
	}
	/* The plan: flow on each class -> rep edge (its reverse's cap). */
	k = 0;
	for (i = 0; i < nc; i++) {
		c = &a->classes[i];
		if (c->count == 0 || c->nelig == 0)
			continue;
		sales_free(c->plan);
		sales_free(c->given);
		sales_free(c->pcw);
		c->plan = sales_calloc(c->nelig, sizeof(*c->plan));
		c->given = sales_calloc(c->nelig, sizeof(*c->given));
		c->pcw = sales_calloc(c->nelig, sizeof(*c->pcw));
		if (c->plan == NULL || c->given == NULL || c->pcw == NULL)
			goto nomem;
		for (j = 0; j < c->nelig; j++)
			c->plan[j] = f.cap[cedge[k++] ^ 1];
	}
	flow_free(&f);
	sales_free(cedge);
	return 0;
nomem:
	flow_free(&f);
	sales_free(cedge);
	return nomem(err);
}

int
sales_assign_state_load(struct sales_assign *a, const struct sales_state *st)
{
	const char		*ns = sales_assign_method_name(a->method);
	struct sales_field	 k;
	size_t			 i;
	int64_t			 v;

	for (i = 0; i < a->nreps; i++) {
		k = sales_groups_key(a->ids, i);
		if (!sales_state_get(st, ns, k.s, k.len, &v))
			continue;
		if (a->method == SALES_ASSIGN_LEAST_LOADED)
			a->reps[i].turns = v;
		else if (a->method == SALES_ASSIGN_ROUND_ROBIN ||
		    a->method == SALES_ASSIGN_WEIGHTED)
			a->reps[i].cw = v;
	}
	return 0;
}

int
sales_assign_state_save(const struct sales_assign *a, struct sales_state *st,
    struct sales_err *err)
{
	const char		*ns = sales_assign_method_name(a->method);
	struct sales_field	 k;
	size_t			 i;
	int64_t			 v, low = 0;

	if (a->method != SALES_ASSIGN_LEAST_LOADED &&
	    a->method != SALES_ASSIGN_ROUND_ROBIN &&
	    a->method != SALES_ASSIGN_WEIGHTED)
		return 0;
	/* Turns only order the reps: keep them small, lowest at 0. */
	for (i = 0; i < a->nreps; i++) {
		v = a->reps[i].turns + a->reps[i].assigned;
		if (i == 0 || v < low)
			low = v;
	}
	sales_state_drop(st, ns);
	for (i = 0; i < a->nreps; i++) {
		k = sales_groups_key(a->ids, i);
		if (a->method == SALES_ASSIGN_LEAST_LOADED)
			v = a->reps[i].turns + a->reps[i].assigned - low;
		else
			v = a->reps[i].cw;
		if (sales_state_set(st, ns, k.s, k.len, v, err) == -1)
			return -1;
	}
	return 0;
}

/* Balance: items by value, largest first, then file order. */
struct item {
	int64_t		 v;
	size_t		 i;
};

static int
item_cmp(const void *x, const void *y)
{
	const struct item	*a = x, *b = y;

	if (a->v != b->v)
		return a->v > b->v ? -1 : 1;
	return a->i < b->i ? -1 : a->i > b->i;
}

/* A rep's items, sorted by value, then by number. */
struct book {
	size_t		*it;
	size_t		 n;
	size_t		 cap;
};

#define EXTREMES	8	/* reps tried at each end per round */

/* The position in b of the first item not before (v, i). */
static size_t
book_find(const struct book *b, const int64_t *values, int64_t v, size_t i)
{
	size_t	 lo = 0, hi = b->n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (values[b->it[mid]] < v ||
		    (values[b->it[mid]] == v && b->it[mid] < i))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void
book_remove(struct book *b, const int64_t *values, size_t i)
{
	size_t	 k = book_find(b, values, values[i], i);

	memmove(b->it + k, b->it + k + 1, (b->n - k - 1) * sizeof(*b->it));
	b->n--;
}

/* Insert item i.  Returns 0, or -1 when out of memory. */
static int
book_insert(struct book *b, const int64_t *values, size_t i)
{
	size_t	 k = book_find(b, values, values[i], i), ncap, *n;

	if (b->n == b->cap) {
		ncap = b->cap ? b->cap * 2 : 8;
		if ((n = sales_reallocarray(b->it, ncap, sizeof(*n))) == NULL)
			return -1;
		b->it = n;
		b->cap = ncap;
	}
	memmove(b->it + k + 1, b->it + k, (b->n - k) * sizeof(*b->it));
	b->it[k] = i;
	b->n++;
	return 0;
}

/*
 * The best improving move or swap between rep x, over rep y (scaled
 * deviations dev[x] > dev[y]): an item u of x, and maybe an item z of
 * y, such that moving d = v(u) - v(z) from x to y has
 * 0 < d W < dev[x] - dev[y] = gap.  The sum of squared deviations then
 * falls by 2 d W (gap - d W), most when d W is nearest gap / 2, so for
 * each u only the two items of y around v(u) - gap / 2W are tried.  The
 * gain is ranked in double, the test itself is exact.  Returns the
 * gain, 0 when there is no such exchange.
 */
static double
best_exchange(const int64_t *values, const struct book *bx,
    const struct book *by, const __int128 *dev, __int128 W, size_t x,
    size_t y, size_t *pu, size_t *pz)
{
	__int128	 gap = dev[x] - dev[y], dw, target;
	double		 g, best = 0;
	size_t		 i, j, k, u, z, lo, hi, mid;

	for (i = 0; i < bx->n; i++) {
		u = bx->it[i];
		dw = (__int128)values[u] * W;
		if (dw > 0 && dw < gap) {
			g = (double)dw * (double)(gap - dw);
			if (g > best) {
				best = g;
				*pu = u;
				*pz = SIZE_MAX;
			}
		}
		/* First item of y with 2 W v(z) >= 2 W v(u) - gap. */
		target = 2 * (__int128)values[u] * W - gap;
		lo = 0;
		hi = by->n;
		while (lo < hi) {
			mid = lo + (hi - lo) / 2;
			if (2 * (__int128)values[by->it[mid]] * W < target)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (k = 0; k < 2; k++) {
			if (lo + k < 1 || lo + k - 1 >= by->n)
				continue;
			j = lo + k - 1;
			z = by->it[j];
			dw = ((__int128)values[u] - values[z]) * W;
			if (dw <= 0 || dw >= gap)
				continue;
			g = (double)dw * (double)(gap - dw);
			if (g > best) {
				best = g;
				*pu = u;
				*pz = z;
			}
		}
	}
	return best;
}

/* Reps of weight above 0, most over their share first. */
struct devsort {
	__int128	 dev;
	size_t		 rep;
};

static int
devsort_cmp(const void *x, const void *y)
{
	const struct devsort	*a = x, *b = y;

	if (a->dev != b->dev)
		return a->dev > b->dev ? -1 : 1;
	return a->rep < b->rep ? -1 : a->rep > b->rep;
}

/* Move item u from x to y and, unless z is SIZE_MAX, z from y to x. */
static int
exchange(const int64_t *values, size_t *owner, __int128 *tot,
    struct book *books, size_t x, size_t y, size_t u, size_t z)
{
	book_remove(&books[x], values, u);
	if (book_insert(&books[y], values, u) == -1)
		return -1;
	owner[u] = y;
	tot[x] -= values[u];
	tot[y] += values[u];
	if (z != SIZE_MAX) {
		book_remove(&books[y], values, z);
		if (book_insert(&books[x], values, z) == -1)
			return -1;
		owner[z] = x;
		tot[y] -= values[z];
		tot[x] += values[z];
	}
	return 0;
}

/* The scaled deviations, and the reps of weight > 0 sorted by them. */
static size_t
deviations(const int64_t *weights, size_t nreps, const __int128 *tot,
    __int128 *dev, struct devsort *ds, __int128 T, __int128 W)
{
	size_t	 k, nd = 0;

	for (k = 0; k < nreps; k++) {
		dev[k] = tot[k] * W - T * weights[k];
		if (weights[k] == 0)
			continue;
		ds[nd].dev = dev[k];
		ds[nd++].rep = k;
	}
	qsort(ds, nd, sizeof(*ds), devsort_cmp);
	return nd;
}

/*
 * Improve the books until no move or swap of one item between two reps
 * lowers the sum of squared deviations, or maxrounds exchanges were
 * made.  Each round makes the best exchange between one of the
 * EXTREMES reps most over their share and one of the EXTREMES most
 * under it; when none of those helps, a sweep over every pair (the
 * most over first) makes each improving exchange it meets.  Returns 0,
 * or -1 when out of memory.
 */
static int
improve(const int64_t *values, const int64_t *weights, size_t nreps,
    size_t *owner, __int128 *tot, __int128 *dev, struct book *books,
    struct devsort *ds, __int128 T, __int128 W, size_t maxrounds)
{
	size_t		 nd, i, j, x, y, bx = 0, by = 0, bu = 0, bz = 0;
	size_t		 u = 0, z = 0, ends, rounds = 0, made;
	double		 g, bg;

	while (rounds < maxrounds) {
		nd = deviations(weights, nreps, tot, dev, ds, T, W);
		ends = nd < EXTREMES ? nd : EXTREMES;
		bg = 0;
		for (i = 0; i < ends; i++) {
			for (j = 0; j < ends; j++) {
				x = ds[i].rep;
				y = ds[nd - 1 - j].rep;
				if (dev[x] <= dev[y])
					continue;
				g = best_exchange(values, &books[x], &books[y],
				    dev, W, x, y, &u, &z);
				if (g > bg) {
					bg = g;
					bx = x;
					by = y;
					bu = u;
					bz = z;
				}
			}
		}
		if (bg > 0) {
			if (exchange(values, owner, tot, books, bx, by, bu,
			    bz) == -1)
				return -1;
			rounds++;
			continue;
		}
		made = 0;
		for (i = 0; i < nd && rounds < maxrounds; i++) {
			for (j = nd; j-- > 0 && rounds < maxrounds; ) {
				x = ds[i].rep;
				y = ds[j].rep;
				if (dev[x] <= dev[y])
					continue;
				if (best_exchange(values, &books[x], &books[y],
				    dev, W, x, y, &u, &z) == 0)
					continue;
				if (exchange(values, owner, tot, books, x, y,
				    u, z) == -1)
					return -1;
				dev[x] = tot[x] * W - T * weights[x];
				dev[y] = tot[y] * W - T * weights[y];
				made++;
				rounds++;
			}
		}
		if (made == 0)
			break;
	}
	return 0;
}

int
sales_balance(const int64_t *values, size_t n, const int64_t *weights,
    size_t nreps, size_t *owner, struct sales_err *err)
{
	struct item	*it = NULL;
	struct book	*books = NULL;
	struct devsort	*ds = NULL;
	__int128	*tot = NULL, *dev = NULL, T = 0, W = 0, l, r;
	size_t		 i, k;
	long		 best;
	int		 rv = -1;

	for (k = 0; k < nreps; k++) {
		if (weights[k] < 0)
			return sales_err_set(err, SALES_EVALUE,
			    "negative weight");
		W += weights[k];
	}
	if (W == 0)
		return sales_err_set(err, SALES_EVALUE,
		    "no rep has a weight above 0");
	if ((it = sales_calloc(n ? n : 1, sizeof(*it))) == NULL ||
	    (tot = sales_calloc(nreps, sizeof(*tot))) == NULL ||
	    (dev = sales_calloc(nreps, sizeof(*dev))) == NULL ||
	    (ds = sales_calloc(nreps, sizeof(*ds))) == NULL ||
	    (books = sales_calloc(nreps, sizeof(*books))) == NULL)
		goto nomem;
	for (i = 0; i < n; i++) {
		it[i].v = values[i];
		it[i].i = i;
		T += values[i];
	}
	qsort(it, n, sizeof(*it), item_cmp);
	/* Largest first, each to the rep with the lowest total / weight. */
	for (i = 0; i < n; i++) {
		best = -1;
		for (k = 0; k < nreps; k++) {
			if (weights[k] == 0)
				continue;
			if (best >= 0) {
				l = tot[k] * weights[best];
				r = tot[best] * weights[k];
				if (l >= r)
					continue;
			}
			best = (long)k;
		}
		owner[it[i].i] = (size_t)best;
		tot[best] += it[i].v;
	}
	for (i = 0; i < n; i++)
		if (book_insert(&books[owner[i]], values, i) == -1)
			goto nomem;
	if (improve(values, weights, nreps, owner, tot, dev, books, ds, T,
	    W, 64 * (n + nreps)) == -1)
		goto nomem;
	rv = 0;
	goto out;
nomem:
	nomem(err);
out:
	for (k = 0; books != NULL && k < nreps; k++)
		sales_free(books[k].it);
	sales_free(books);
	sales_free(ds);
	sales_free(it);
	sales_free(tot);
	sales_free(dev);
	return rv;
}
