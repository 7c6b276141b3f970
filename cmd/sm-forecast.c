/*
 * sm-forecast: what will close this period, who is behind pace, and how
 * sure we are; or bookings forecast per period by the naive, mean and
 * Holt methods, with a backtest of each.
 */
#include <getopt.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "libsales/calendar.h"
#include "libsales/cli.h"
#include "libsales/date.h"
#include "libsales/deal.h"
#include "libsales/forecast.h"
#include "libsales/groupby.h"
#include "libsales/groups.h"
#include "libsales/mem.h"
#include "libsales/money.h"
#include "libsales/quotatab.h"
#include "libsales/roles.h"
#include "libsales/table.h"
#include "libsales/writer.h"

/* The formats --to takes here. */
#define FORMATS	"csv, tsv, json, pretty or markdown"

enum {
	OPT_BACKTEST = SALES_OPT_FIRST_FREE,
	OPT_SEED,
	OPT_SIMULATE,
	OPT_SLIPPED,
	OPT_STAGE_PROB
};

#define MAX_MISSING	16	/* stages named in the no-probability error */
#define MAX_THREADS	8

/* One --stage-prob entry. */
struct stageprob {
	char		*stage;
	int64_t		 prob;		/* millionths */
};

/* The state of one group: sums, never rows (but see --simulate). */
struct group {
	struct sales_fc	 fc;
	struct sales_mc	*mc;		/* --simulate: its open deals */
};

struct fcst {
	struct sales_cli	 cli;
	struct sales_reader	*r;
	const char		*fname;		/* first input, for messages */
	struct sales_groupby	 gb;		/* -g */
	int			 repg;		/* -g item of the rep, or -1 */
	int			 period;	/* enum sales_period */
	long			 as_of;
	int			 has_as_of;
	long			 start, end;	/* the period of as_of */
	char			 label[SALES_LABEL_BUFSZ];
	int			 id, rep, stage, amount, closed, prob, category;
	struct stageprob	*sp;
	size_t			 nsp;
	int			 method;	/* -M, or -1 */
	long			 horizon;
	long			 backtest;	/* --backtest K, or -1 */
	unsigned long		 simulate;	/* trials, 0: none */
	uint64_t		 seed;
	const char		*quota_path;
	const char		*slipped_path;
	struct sales_quotatab	*qt;
	struct sales_groups	*groups;
	struct group		*gs;
	size_t			 ngs, capgs;
	struct sales_groups	*pairs;		/* -Q: (group, rep) seen */
	char			*key;
	size_t			 keycap;
	struct sales_rejects	*rejects;
	struct sales_output	 slipout;
	struct sales_writer	*slipw;
	unsigned long		 nslipped;
	unsigned long		 nodate;	/* open, no close date */
	unsigned long		 noamount;	/* open in period, no amount */
	char			*missing[MAX_MISSING];
	size_t			 nmissing;
	unsigned long		 nmissing_deals;
	/* Bookings per group and period (-M, --backtest). */
	struct sales_groups	*cells;		/* (group, period start) */
	int64_t			*csum;
	size_t			 capcells;
	long			 first, last;	/* period starts with data */
	int			 has_data;
	unsigned long		 won_noamount;
};

static void __attribute__((noreturn))
usage(int status)
{
	FILE	*fp = status == SALES_EXIT_OK ? stdout : stderr;

	fprintf(fp,
"usage: sm-forecast [-hV] [-a DATE] [-g COLUMN,...] [-H N]\n"
"                   [-M naive|mean|holt] [-m ROLE=COLUMN] [-o FILE]\n"
"                   [-p PERIOD] [-Q FILE] [-d C] [--backtest K]\n"
"                   [--simulate N] [--seed S] [--slipped FILE]\n"
"                   [--stage-prob STAGE=P,...] [--won STAGE] [--lost STAGE]\n"
"                   [--from csv|tsv] [--to csv|tsv|json|pretty|markdown]\n"
"                   [--fy-start M] [--calendar 4-4-5|4-5-4|5-4-4]\n"
"                   [--holidays FILE] [--date-format FMT] [--decimal-comma]\n"
"                   [--decimals N] [--null VALUE]\n"
"                   [--no-header --columns A,...] [--rejects FILE]\n"
"                   [--excel-safe] [--max-field BYTES] [FILE ...]\n");
	if (status == SALES_EXIT_OK)
		fputs(
"\n"
"For the period (-p, default quarter) that holds --as-of (default today),\n"
"per group of -g: quota, closed_won, pipeline, weighted, commit, best_case,\n"
"forecast, pace, gap, coverage and status; --simulate adds p10, p50, p90.\n"
"-M forecasts bookings per period for -H periods, with 80% bounds;\n"
"--backtest K scores each method on the last K periods.\n"
"See sm-forecast(1) and sm(7).\n", fp);
	exit(status);
}

static char *
xstrdup(const struct sales_cli *cli, const char *s, size_t len)
{
	char	*p;

	if ((p = sales_strndup(s, len)) == NULL)
		sales_cli_die_nomem(cli);
	return p;
}

/* --stage-prob STAGE=P,...: add to fc->sp. */
static void
parse_stage_prob(struct fcst *fc, const char *arg)
{
	struct sales_err	 e;
	struct stageprob	*sp;
	char			**v, *eq;
	const char		*why;
	size_t			 n, i;

	if (sales_list_split(arg, &v, &n, &e) == -1)
		sales_cli_die(&fc->cli, &e, SALES_EXIT_FAIL);
	for (i = 0; i < n; i++) {
		if ((eq = strrchr(v[i], '=')) == NULL || eq == v[i])
			sales_cli_die_usage(&fc->cli, "--stage-prob: expected "
			    "STAGE=P, found '%s'", v[i]);
		*eq = '\0';
		if ((sp = sales_reallocarray(fc->sp, fc->nsp + 1,
		    sizeof(*sp))) == NULL)
			sales_cli_die_nomem(&fc->cli);
		fc->sp = sp;
		sp = &fc->sp[fc->nsp];
		if (sales_prob_parse(eq + 1, strlen(eq + 1), &sp->prob,
		    &why) == -1)
			sales_cli_die_usage(&fc->cli, "--stage-prob: %s: '%s'",
			    why, eq + 1);
		sp->stage = v[i];
		fc->nsp++;
	}
	sales_free(v);
}

/* The --stage-prob of stage, or -1. */
static int64_t
stage_prob(const struct fcst *fc, const struct sales_field *stage)
{
	size_t	 i;

	for (i = fc->nsp; i-- > 0;)
		if (sales_name_eq(fc->sp[i].stage, strlen(fc->sp[i].stage),
		    stage->s, stage->len))
			return fc->sp[i].prob;
	return -1;
}

/* Find the role columns; a missing required one is a usage error. */
static void
resolve(struct fcst *fc)
{
	const struct sales_field	*hdr = sales_reader_header(fc->r);
	const struct sales_roles	*ro = &fc->cli.roles;
	size_t				 n = sales_reader_ncols(fc->r), i;
	struct sales_err		 e;

	if (sales_roles_optional(ro, SALES_ROLE_ID, hdr, n, fc->fname,
	    &fc->id, &e) == -1 ||
	    sales_roles_optional(ro, SALES_ROLE_REP, hdr, n, fc->fname,
	    &fc->rep, &e) == -1 ||
	    sales_roles_optional(ro, SALES_ROLE_STAGE, hdr, n, fc->fname,
	    &fc->stage, &e) == -1 ||
	    sales_roles_optional(ro, SALES_ROLE_PROBABILITY, hdr, n,
	    fc->fname, &fc->prob, &e) == -1 ||
	    sales_roles_optional(ro, SALES_ROLE_CATEGORY, hdr, n, fc->fname,
	    &fc->category, &e) == -1)
		sales_cli_die(&fc->cli, &e, SALES_EXIT_USAGE);
	if ((fc->amount = sales_roles_require(ro, SALES_ROLE_AMOUNT, hdr, n,
	    fc->fname, &e)) == -1 ||
	    (fc->closed = sales_roles_require(ro, SALES_ROLE_CLOSED, hdr, n,
	    fc->fname, &e)) == -1)
		sales_cli_die(&fc->cli, &e, SALES_EXIT_USAGE);
	fc->repg = -1;
	for (i = 0; i < fc->gb.n; i++)
		if (fc->rep >= 0 && fc->gb.items[i].col == fc->rep)
			fc->repg = (int)i;
	/* Quotas of groups other than reps are summed over their reps. */
	if (fc->quota_path != NULL && fc->gb.n > 0 && fc->repg < 0 &&
	    sales_roles_require(ro, SALES_ROLE_REP, hdr, n, fc->fname,
	    &e) == -1)
		sales_cli_die(&fc->cli, &e, SALES_EXIT_USAGE);
}

/*
 * Every output column must have a name of its own, or the forecast
 * cannot be read back (a table with two columns of one name is an
 * error): no -g item twice, and none named as a column of the output.
 * A group column is headed as written after -g while columns match
 * ignoring case, so another case names the same column under a header
 * of its own.
 */
static void
check_columns(const struct fcst *fc)
{
	static const char *const period[] = {
		"period", "quota", "closed_won", "pipeline", "weighted",
		"commit", "best_case", "forecast", "pace", "gap", "coverage",
		"status", "p10", "p50", "p90", NULL
	};
	static const char *const series[] = {
		"period", "forecast", "lo80", "hi80", NULL
	};
	static const char *const backtest[] = {
		"method", "periods", "mae", "mape", NULL
	};
	const char *const	*names;
	const char		*label;
	size_t			 i, j;
	char			 alt[64];

	if (fc->backtest >= 0)
		names = backtest;
	else if (fc->method >= 0)
		names = series;
	else
		names = period;
	for (i = 0; i < fc->gb.n; i++) {
		label = fc->gb.items[i].label;
		for (j = 0; j < i; j++)
			if (strcmp(label, fc->gb.items[j].label) == 0)
				sales_cli_die_usage(&fc->cli, "-g: '%s' given "
				    "twice", label);
		for (j = 0; names[j] != NULL; j++) {
			if (strcmp(label, names[j]) != 0 ||
			    (names == period && j >= 12 && !fc->simulate))
				continue;
			/* The names are short, lower case. */
			snprintf(alt, sizeof(alt), "%s", names[j]);
			alt[0] = (char)(alt[0] - 'a' + 'A');
			sales_cli_die_usage(&fc->cli, "-g: '%s' would head two "
			    "columns, the group's and the forecast's; group "
			    "by '%s' (columns match ignoring case)", label,
			    alt);
		}
	}
}

/* Append len bytes and a NUL to fc->key at *off. */
static void
key_add(struct fcst *fc, size_t *off, const char *s, size_t len)
{
	size_t	 need = *off + len + 1, cap;
	char	*k;

	if (need > fc->keycap) {
		cap = fc->keycap ? fc->keycap : 256;
		while (cap < need)
			cap *= 2;
		if ((k = sales_realloc(fc->key, cap)) == NULL)
			sales_cli_die_nomem(&fc->cli);
		fc->key = k;
		fc->keycap = cap;
	}
	memcpy(fc->key + *off, s, len);
	*off += len;
	fc->key[(*off)++] = '\0';
}

/* The number of the group whose key is key[0..len-1]. */
static size_t
group_intern(struct fcst *fc, const char *key, size_t len)
{
	struct sales_err	 e;
	struct group		*g;
	size_t			 cap;
	long			 idx;
	int			 isnew;

	if ((idx = sales_groups_intern(fc->groups, key, len, &isnew,
	    &e)) == -1)
		sales_cli_die(&fc->cli, &e, SALES_EXIT_FAIL);
	if (isnew) {
		if ((size_t)idx >= fc->capgs) {
			cap = fc->capgs ? fc->capgs * 2 : 64;
			if ((g = sales_reallocarray(fc->gs, cap,
			    sizeof(*g))) == NULL)
				sales_cli_die_nomem(&fc->cli);
			fc->gs = g;
			fc->capgs = cap;
		}
		g = &fc->gs[idx];
		memset(g, 0, sizeof(*g));
		sales_fc_init(&g->fc);
		fc->ngs = (size_t)idx + 1;
	}
	return (size_t)idx;
}

static size_t
group_of(struct fcst *fc, const struct sales_record *rec)
{
	struct sales_err	 e;
	int			 col;

	if (sales_groupby_key(&fc->gb, fc->r, rec, &fc->cli.datefmt,
	    &fc->cli.cal, &col, &e) == -1)
		sales_cli_die(&fc->cli, &e, SALES_EXIT_FAIL);
	return group_intern(fc, fc->gb.key, fc->gb.keylen);
}

/* The values of one deal, read and checked. */
struct deal {
	int		 status;
	int		 category;
	int64_t		 amount;
	int		 has_amount;
	long		 closed;
	int		 has_closed;
	int64_t		 prob;		/* -1: none in the row */
	struct sales_field stage;
};

static int
read_deal(struct fcst *fc, const struct sales_record *rec, struct deal *d)
{
	struct sales_field	 v;
	struct sales_err	 e;
	const char		*why;

	memset(d, 0, sizeof(*d));
	d->status = SALES_WON;
	d->category = SALES_CAT_NONE;
	d->prob = -1;
	d->stage.s = "";
	if (fc->stage >= 0) {
		sales_reader_value(fc->r, rec, (size_t)fc->stage, &d->stage);
		d->status = sales_stage_status(&fc->cli.stages, d->stage.s,
		    d->stage.len);
	}
	if (fc->category >= 0) {
		sales_reader_value(fc->r, rec, (size_t)fc->category, &v);
		if ((d->category = sales_category_parse(v.s, v.len)) == -2) {
			sales_err_set(&e, SALES_EVALUE, "not a forecast "
			    "category (pipeline, best case, commit, closed, "
			    "omitted): '%.*s'", (int)v.len, v.s);
			return sales_cli_reject(&fc->cli, fc->rejects, fc->r, rec,
			    fc->category, &e);
		}
	}
	sales_reader_value(fc->r, rec, (size_t)fc->amount, &v);
	if (v.len > 0) {
		if (sales_money_parse(v.s, v.len, fc->cli.money_flags,
		    &d->amount, &why) == -1) {
			sales_err_set(&e, SALES_EVALUE, "%s: '%.*s'", why,
			    (int)v.len, v.s);
			return sales_cli_reject(&fc->cli, fc->rejects, fc->r, rec,
			    fc->amount, &e);
		}
		d->has_amount = 1;
	}
	if (d->status == SALES_LOST)
		return 0;
	sales_reader_value(fc->r, rec, (size_t)fc->closed, &v);
	if (v.len > 0) {
		if (sales_date_parse(&fc->cli.datefmt, v.s, v.len, &d->closed,
		    &why) == -1) {
			sales_err_set(&e, SALES_EVALUE, "%s: '%.*s'", why,
			    (int)v.len, v.s);
			return sales_cli_reject(&fc->cli, fc->rejects, fc->r, rec,
			    fc->closed, &e);
		}
		d->has_closed = 1;
	} else if (d->status == SALES_WON) {
		sales_err_set(&e, SALES_EVALUE, "won deal without a close "
		    "date");
		return sales_cli_reject(&fc->cli, fc->rejects, fc->r, rec,
			    fc->closed, &e);
	}
	if (d->status == SALES_OPEN && fc->prob >= 0) {
		sales_reader_value(fc->r, rec, (size_t)fc->prob, &v);
		if (v.len > 0 && sales_prob_parse(v.s, v.len, &d->prob,
		    &why) == -1) {
			sales_err_set(&e, SALES_EVALUE, "%s: '%.*s'", why,
			    (int)v.len, v.s);
			return sales_cli_reject(&fc->cli, fc->rejects, fc->r, rec,
			    fc->prob, &e);
		}
	}
	return 0;
}

/* Remember an open stage that has no probability. */
static void
missing_prob(struct fcst *fc, const struct sales_field *stage)
{
	size_t	 i;

	fc->nmissing_deals++;
	for (i = 0; i < fc->nmissing; i++)
		if (sales_name_eq(fc->missing[i], strlen(fc->missing[i]),
		    stage->s, stage->len))
			return;
	if (fc->nmissing < MAX_MISSING)
		fc->missing[fc->nmissing++] = xstrdup(&fc->cli, stage->s,
		    stage->len);
}

/* A slipped deal: a line on stderr, or a row of --slipped. */
static void
slipped(struct fcst *fc, const struct sales_record *rec,
    const struct deal *d)
{
	struct sales_field	 id = { "", 0 }, rep = { "", 0 }, f[4];
	struct sales_err	 e;
	char			 date[SALES_DATE_BUFSZ];
	char			 money[SALES_MONEY_BUFSZ];

	if (fc->id >= 0)
		sales_reader_value(fc->r, rec, (size_t)fc->id, &id);
	if (fc->rep >= 0)
		sales_reader_value(fc->r, rec, (size_t)fc->rep, &rep);
	sales_date_format(d->closed, date);
	money[0] = '\0';
	if (d->has_amount)
		sales_money_format(d->amount, fc->cli.decimals, money);
	fc->nslipped++;
	if (fc->slipw == NULL) {
		fprintf(stderr, "sm-forecast: %s:%lu: slipped: id '%.*s', "
		    "rep '%.*s', close date %s, %s%s\n", rec->file,
		    rec->line, (int)id.len, id.s, (int)rep.len, rep.s, date,
		    d->has_amount ? "amount " : "no amount", money);
		return;
	}
	f[0] = id;
	f[1] = rep;
	f[2].s = date;
	f[2].len = strlen(date);
	f[3].s = money;
	f[3].len = strlen(money);
	if (sales_writer_row(fc->slipw, f, 4, &e) == -1)
		sales_cli_die(&fc->cli, &e, SALES_EXIT_FAIL);
}

/* Note that the rep of rec sells in group gi (-Q, groups not reps). */
static void
pair_add(struct fcst *fc, const struct sales_record *rec, size_t gi)
{
	struct sales_field	 rep;
	struct sales_err	 e;
	size_t			 off = 0;
	char			 gb[sizeof(size_t)];

	sales_reader_value(fc->r, rec, (size_t)fc->rep, &rep);
	memcpy(gb, &gi, sizeof(gi));
	key_add(fc, &off, gb, sizeof(gb));
	key_add(fc, &off, rep.s, rep.len);
	if (sales_groups_intern(fc->pairs, fc->key, off - 1, NULL, &e) == -1)
		sales_cli_die(&fc->cli, &e, SALES_EXIT_FAIL);
}

static void
count_period(struct fcst *fc, const struct sales_record *rec)
{
	struct deal		 d;
	struct sales_err	 e;
	struct group		*g;
	size_t			 gi;
	int64_t			 prob = 0;
	int			 place;

	if (read_deal(fc, rec, &d) == -1)
		return;
	gi = group_of(fc, rec);
	if (fc->pairs != NULL)
		pair_add(fc, rec, gi);
	g = &fc->gs[gi];
	place = sales_fc_place(d.status, d.has_closed, d.closed, fc->start,
	    fc->end, fc->as_of);
	if (place == SALES_FC_OUT)
		return;
	if (d.category == SALES_CAT_OMITTED) {
		g->fc.nomitted++;
		return;
	}
	if (d.status == SALES_OPEN) {
		if ((prob = d.prob) < 0 && (prob = stage_prob(fc,
		    &d.stage)) < 0) {
			missing_prob(fc, &d.stage);
			prob = 0;
		}
		if (!d.has_closed)
			fc->nodate++;
		if (!d.has_amount)
			fc->noamount++;
		if (place == SALES_FC_SLIPPED)
			slipped(fc, rec, &d);
	}
	if (sales_fc_add(&g->fc, d.status, d.category,
	    d.has_amount ? &d.amount : NULL, prob,
	    place == SALES_FC_SLIPPED, &e) == -1) {
		sales_err_where(&e, rec->file, rec->line, NULL);
		sales_cli_die(&fc->cli, &e, SALES_EXIT_FAIL);
	}
	if (fc->simulate > 0 && d.status == SALES_OPEN && d.has_amount) {
		if (g->mc == NULL && sales_mc_new(&g->mc, 0, &e) == -1)
			sales_cli_die(&fc->cli, &e, SALES_EXIT_FAIL);
		if (sales_mc_add(g->mc, d.amount, prob, &e) == -1) {
			sales_err_where(&e, rec->file, rec->line, NULL);
			sales_cli_die(&fc->cli, &e, SALES_EXIT_FAIL);
		}
	}
}

/* Bookings: add a won deal's amount to its group and period. */
static void
count_series(struct fcst *fc, const struct sales_record *rec)
{
	struct deal		 d;
	struct sales_err	 e;
	size_t			 gi, cap, off = 0;
	long			 pstart, idx;
	int64_t			*cs;
	char			 kb[sizeof(size_t) + sizeof(long)];
	int			 isnew;

	if (read_deal(fc, rec, &d) == -1)
		return;
	gi = group_of(fc, rec);
	if (d.status != SALES_WON || d.category == SALES_CAT_OMITTED)
		return;
	sales_period_of(&fc->cli.cal, fc->period, d.closed, &pstart, NULL,
	    NULL);
	/* With --as-of, history ends before the period of as_of. */
	if (fc->has_as_of && pstart >= fc->start)
		return;
	if (!d.has_amount) {
		fc->won_noamount++;
		d.amount = 0;
	}
	memcpy(kb, &gi, sizeof(gi));
	memcpy(kb + sizeof(gi), &pstart, sizeof(pstart));
	(void)off;
	if ((idx = sales_groups_intern(fc->cells, kb, sizeof(kb), &isnew,
	    &e)) == -1)
		sales_cli_die(&fc->cli, &e, SALES_EXIT_FAIL);
	if (isnew) {
		if ((size_t)idx >= fc->capcells) {
			cap = fc->capcells ? fc->capcells * 2 : 256;
			if ((cs = sales_reallocarray(fc->csum, cap,
			    sizeof(*cs))) == NULL)
				sales_cli_die_nomem(&fc->cli);
			fc->csum = cs;
			fc->capcells = cap;
		}
		fc->csum[idx] = 0;
	}
	if (sales_money_add(&fc->csum[idx], d.amount) == -1) {
		sales_err_set(&e, SALES_EVALUE, "sum out of range");
		sales_err_where(&e, rec->file, rec->line, NULL);
		sales_cli_die(&fc->cli, &e, SALES_EXIT_FAIL);
	}
	if (!fc->has_data || pstart < fc->first)
		fc->first = pstart;
	if (!fc->has_data || pstart > fc->last)
		fc->last = pstart;
	fc->has_data = 1;
}

static void
read_all(struct fcst *fc)
{
	struct sales_record	 rec;
	struct sales_err	 e;
	int			 rv;

	while ((rv = sales_reader_next(fc->r, &rec, &e)) != 0) {
		if (rv == -1) {
			if (e.code != SALES_EROW || fc->rejects == NULL)
				sales_cli_die(&fc->cli, &e, SALES_EXIT_FAIL);
			if (sales_rejects_add(fc->rejects, &rec,
			    sales_err_str(&e), &e) == -1)
				sales_cli_die(&fc->cli, &e, SALES_EXIT_FAIL);
			continue;
		}
		if (fc->method >= 0 || fc->backtest >= 0)
			count_series(fc, &rec);
		else
			count_period(fc, &rec);
	}
}

/* Cells of a row being built; freed by row_reset(). */
struct row {
	struct sales_field	*f;
	char			**own;
	size_t			 n, cap;
};

static void
row_put(struct fcst *fc, struct row *rw, const char *s, size_t len)
{
	struct sales_field	*f;
	char			**o;
	size_t			 cap;

	if (rw->n == rw->cap) {
		cap = rw->cap ? rw->cap * 2 : 32;
		if ((f = sales_reallocarray(rw->f, cap, sizeof(*f))) == NULL)
			sales_cli_die_nomem(&fc->cli);
		rw->f = f;
		if ((o = sales_reallocarray(rw->own, cap,
		    sizeof(*o))) == NULL)
			sales_cli_die_nomem(&fc->cli);
		rw->own = o;
		rw->cap = cap;
	}
	rw->own[rw->n] = xstrdup(&fc->cli, s, len);
	rw->f[rw->n].s = rw->own[rw->n];
	rw->f[rw->n].len = len;
	rw->n++;
}

static void
row_str(struct fcst *fc, struct row *rw, const char *s)
{
	row_put(fc, rw, s, strlen(s));
}

static void
row_money(struct fcst *fc, struct row *rw, int known, int64_t v)
{
	char	 buf[SALES_MONEY_BUFSZ];

	buf[0] = '\0';
	if (known)
		sales_money_format(v, fc->cli.decimals, buf);
	row_str(fc, rw, buf);
}

/* A double in ten-thousandths, rounded to money; empty when !known. */
static void
row_dmoney(struct fcst *fc, struct row *rw, int known, double x)
{
	int64_t	 v = 0;
	int	 ok;

	ok = known && sales_ts_money(x, &v) == 0;
	row_money(fc, rw, ok, v);
}

/* The group labels of key. */
static void
row_key(struct fcst *fc, struct row *rw, struct sales_field key)
{
	struct sales_field	 v[SALES_GROUPBY_MAX];
	size_t			 i;
	char			*buf;

	if ((buf = sales_malloc(key.len + 1)) == NULL)
		sales_cli_die_nomem(&fc->cli);
	sales_groupby_split(&fc->gb, key, buf, v);
	for (i = 0; i < fc->gb.n; i++)
		row_put(fc, rw, v[i].s, v[i].len);
	sales_free(buf);
}

static void
row_release(struct row *rw)
{
	size_t	 i;

	for (i = 0; i < rw->n; i++)
		sales_free(rw->own[i]);
	sales_free(rw->own);
	sales_free(rw->f);
}

/*
 * The output, held until every figure is known: whatever can fail
 * (a quota period that does not fit, a model that cannot be fitted)
 * fails before the first byte is written.  Its rows are one per group
 * (and per period ahead or method), so memory grows with the groups.
 */
struct table {
	struct row	 hdr;
	struct row	*rows;
	size_t		 n, cap;
};

/* Move the cells of rw into a new last row of t; rw is then empty. */
static void
table_add(struct fcst *fc, struct table *t, struct row *rw)
{
	struct row	*r;
	size_t		 cap;

	if (t->n == t->cap) {
		cap = t->cap ? t->cap * 2 : 16;
		if ((r = sales_reallocarray(t->rows, cap, sizeof(*r))) == NULL)
			sales_cli_die_nomem(&fc->cli);
		t->rows = r;
		t->cap = cap;
	}
	t->rows[t->n++] = *rw;
	memset(rw, 0, sizeof(*rw));
}

/* Write the header and the rows of t to w, and free them. */
static void
table_write(struct fcst *fc, struct table *t, struct sales_writer *w)
{
	struct sales_err	 e;
	size_t			 i;

	if (sales_writer_header(w, t->hdr.f, t->hdr.n, &e) == -1)
		sales_cli_die(&fc->cli, &e, SALES_EXIT_FAIL);
	for (i = 0; i < t->n; i++)
		if (sales_writer_row(w, t->rows[i].f, t->rows[i].n, &e) == -1)
			sales_cli_die(&fc->cli, &e, SALES_EXIT_FAIL);
	for (i = 0; i < t->n; i++)
		row_release(&t->rows[i]);
	sales_free(t->rows);
	row_release(&t->hdr);
	memset(t, 0, sizeof(*t));
}

/* The header: names, then the groups after the first skip names. */
static void
header(struct fcst *fc, struct table *t, const char *const *names,
    size_t nnames, size_t skip)
{
	size_t	 i;

	for (i = 0; i < skip; i++)
		row_str(fc, &t->hdr, names[i]);
	for (i = 0; i < fc->gb.n; i++)
		row_str(fc, &t->hdr, fc->gb.items[i].label);
	for (i = skip; i < nnames; i++)
		row_str(fc, &t->hdr, names[i]);
}

/*
 * A quota lookup failed.  Quotas of the periods inside the forecast
 * period are added up, but a quota period that is only partly inside it
 * cannot be split: the quota table's message names that period, and
 * this names the forecast period it does not fit in.
 */
static void
die_quota(struct fcst *fc, struct sales_err *e)
{
	char	 a[SALES_DATE_BUFSZ], b[SALES_DATE_BUFSZ], *p;

	if (e->code == SALES_EVALUE &&
	    (p = strstr(e->msg, " straddles ")) != NULL) {
		sales_date_format(fc->start, a);
		sales_date_format(fc->end, b);
		snprintf(p, sizeof(e->msg) - (size_t)(p - e->msg), " does not "
		    "fit in the forecast period %s (%s..%s); quotas are added "
		    "up, never split", fc->label, a, b);
	}
	sales_cli_die(&fc->cli, e, SALES_EXIT_FAIL);
}

/*
 * The quota of group gi over the period: every rep's (no -g), its
 * rep's (-g rep), or the sum over the reps seen in it (other groups).
 * Returns 1 with *q set, 0 when the group has none.
 */
static int
group_quota(struct fcst *fc, size_t gi, int64_t *q)
{
	struct sales_field	 key, pk;
	struct sales_err	 e;
	const char		*p;
	size_t			 i, k, np;
	int64_t			 v;
	int			 found = 0, rv;

	*q = 0;
	if (fc->gb.n == 0)
		rv = sales_quotatab_get(fc->qt, NULL, 0, fc->start, fc->end,
		    q, &e);
	else if (fc->repg >= 0) {
		key = sales_groups_key(fc->groups, gi);
		p = key.s;
		for (i = 0; i < (size_t)fc->repg; i++)
			p += strlen(p) + 1;
		rv = sales_quotatab_get(fc->qt, p, strlen(p), fc->start,
		    fc->end, q, &e);
	} else {
		rv = 0;
		np = sales_groups_count(fc->pairs);
		for (k = 0; k < np; k++) {
			pk = sales_groups_key(fc->pairs, k);
			if (memcmp(pk.s, &gi, sizeof(gi)) != 0)
				continue;
			if ((rv = sales_quotatab_get(fc->qt, pk.s +
			    sizeof(gi) + 1, pk.len - sizeof(gi) - 1,
			    fc->start, fc->end, &v, &e)) == -1)
				break;
			if (rv == 1) {
				found = 1;
				if (sales_money_add(q, v) == -1) {
					sales_err_set(&e, SALES_EVALUE,
					    "sum of quotas out of range");
					rv = -1;
					break;
				}
			}
		}
		if (rv != -1)
			rv = found;
	}
	if (rv == -1)
		die_quota(fc, &e);
	return rv;
}

static int
nthreads(const struct sales_mc *m, unsigned long trials)
{
	long	 n;

	if ((double)sales_mc_count(m) * (double)trials < 4e6)
		return 1;
	if ((n = sysconf(_SC_NPROCESSORS_ONLN)) < 1)
		n = 1;
	return n > MAX_THREADS ? MAX_THREADS : (int)n;
}

static void
period_rows(struct fcst *fc, struct table *t)
{
	static const char *const names[] = {
		"period", "quota", "closed_won", "pipeline", "weighted",
		"commit", "best_case", "forecast", "pace", "gap", "coverage",
		"status", "p10", "p50", "p90"
	};
	struct sales_fc_figures	 f;
	struct sales_mc_result	 mr;
	struct sales_err	 e;
	struct group		*g;
	struct row		 rw;
	char			 buf[SALES_MONEY_BUFSZ];
	size_t			*order, i;
	long			 elapsed, total;
	int64_t			 quota;
	int			 hasq;

	header(fc, t, names, fc->simulate ? 15 : 12, 1);
	/* SPEC 3: sums over no rows are 0, even without groups. */
	if (fc->gb.n == 0 && fc->ngs == 0)
		(void)group_intern(fc, "", 0);
	elapsed = sales_business_days(&fc->cli.cal, fc->start, fc->as_of);
	total = sales_business_days(&fc->cli.cal, fc->start, fc->end);
	if ((order = sales_groups_sorted(fc->groups, &e)) == NULL)
		sales_cli_die(&fc->cli, &e, SALES_EXIT_FAIL);
	memset(&rw, 0, sizeof(rw));
	for (i = 0; i < fc->ngs; i++) {
		g = &fc->gs[order[i]];
		hasq = fc->qt != NULL && group_quota(fc, order[i], &quota);
		if (sales_fc_figures(&g->fc, hasq ? &quota : NULL, elapsed,
		    total, fc->category >= 0, &f, &e) == -1)
			sales_cli_die(&fc->cli, &e, SALES_EXIT_FAIL);
		row_str(fc, &rw, fc->label);
		row_key(fc, &rw, sales_groups_key(fc->groups, order[i]));
		row_money(fc, &rw, f.have & SALES_FCF_QUOTA, f.quota);
		row_money(fc, &rw, f.have & SALES_FCF_CLOSED_WON,
		    f.closed_won);
		row_money(fc, &rw, f.have & SALES_FCF_PIPELINE, f.pipeline);
		row_money(fc, &rw, f.have & SALES_FCF_WEIGHTED, f.weighted);
		row_money(fc, &rw, f.have & SALES_FCF_COMMIT, f.commit);
		row_money(fc, &rw, f.have & SALES_FCF_BEST_CASE, f.best_case);
		row_money(fc, &rw, f.have & SALES_FCF_FORECAST, f.forecast);
		row_money(fc, &rw, f.have & SALES_FCF_PACE, f.pace);
		row_money(fc, &rw, f.have & SALES_FCF_GAP, f.gap);
		buf[0] = '\0';
		if (f.have & SALES_FCF_COVERAGE)
			sales_fraction_format(f.cov_num, f.cov_den, 4, buf);
		row_str(fc, &rw, buf);
		row_str(fc, &rw, !(f.have & SALES_FCF_STATUS) ? "" :
		    f.behind ? "behind" : "on-track");
		if (fc->simulate) {
			/*
			 * The trials start from closed_won: a closed_won
			 * unknown (won deals without amounts) leaves the
			 * quantiles unknown.
			 */
			if ((f.have & SALES_FCF_CLOSED_WON) &&
			    g->mc == NULL && sales_mc_new(&g->mc, 0,
			    &e) == -1)
				sales_cli_die(&fc->cli, &e, SALES_EXIT_FAIL);
			if ((f.have & SALES_FCF_CLOSED_WON) &&
			    f.closed_won != 0 && sales_mc_add(g->mc,
			    f.closed_won, SALES_PROB_SCALE, &e) == -1)
				sales_cli_die(&fc->cli, &e, SALES_EXIT_FAIL);
			if ((f.have & SALES_FCF_CLOSED_WON) &&
			    sales_mc_run(g->mc, fc->simulate, fc->seed,
			    nthreads(g->mc, fc->simulate), &mr, &e) == -1)
				sales_cli_die(&fc->cli, &e, SALES_EXIT_FAIL);
			row_money(fc, &rw, f.have & SALES_FCF_CLOSED_WON,
			    mr.p10);
			row_money(fc, &rw, f.have & SALES_FCF_CLOSED_WON,
			    mr.p50);
			row_money(fc, &rw, f.have & SALES_FCF_CLOSED_WON,
			    mr.p90);
		}
		table_add(fc, t, &rw);
	}
	sales_free(order);
}

/* The series of every group, over the periods first..last. */
struct series {
	long		*starts;	/* period start days */
	size_t		 n;
	double		*y;		/* ngs x n */
};

static void
build_series(struct fcst *fc, struct series *s)
{
	struct sales_field	 k;
	size_t			 i, gi, lo, hi, mid, ncells, cap = 0;
	long			 d, st, en, *ns;

	memset(s, 0, sizeof(*s));
	for (d = fc->first; d <= fc->last; d = en + 1) {
		sales_period_of(&fc->cli.cal, fc->period, d, &st, &en, NULL);
		if (s->n == cap) {
			cap = cap ? cap * 2 : 64;
			if ((ns = sales_reallocarray(s->starts, cap,
			    sizeof(*ns))) == NULL)
				sales_cli_die_nomem(&fc->cli);
			s->starts = ns;
		}
		s->starts[s->n++] = st;
	}
	if ((s->y = sales_calloc(fc->ngs * s->n, sizeof(*s->y))) == NULL)
		sales_cli_die_nomem(&fc->cli);
	ncells = sales_groups_count(fc->cells);
	for (i = 0; i < ncells; i++) {
		k = sales_groups_key(fc->cells, i);
		memcpy(&gi, k.s, sizeof(gi));
		memcpy(&d, k.s + sizeof(gi), sizeof(d));
		lo = 0;
		hi = s->n;
		while (lo < hi) {
			mid = lo + (hi - lo) / 2;
			if (s->starts[mid] < d)
				lo = mid + 1;
			else
				hi = mid;
		}
		s->y[gi * s->n + lo] = (double)fc->csum[i];
	}
}

static void
series_rows(struct fcst *fc, struct table *t)
{
	static const char *const fnames[] = {
		"period", "forecast", "lo80", "hi80"
	};
	static const char *const bnames[] = {
		"method", "periods", "mae", "mape"
	};
	struct sales_ts_model	 m;
	struct sales_ts_score	 sc;
	struct sales_err	 e;
	struct series		 s;
	struct row		 rw;
	char			 label[SALES_LABEL_BUFSZ];
	char			 buf[SALES_MONEY_BUFSZ];
	size_t			*order, i;
	long			 h, d, en;
	double			 pt, lo, hi;
	int64_t			 v;
	int			 meth, m0, m1;

	if (!fc->has_data) {
		if (fc->has_as_of)
			sales_err_set(&e, SALES_EVALUE, "no bookings before "
			    "%s to forecast from", fc->label);
		else
			sales_err_set(&e, SALES_EVALUE, "no bookings to "
			    "forecast from");
		sales_cli_die(&fc->cli, &e, SALES_EXIT_FAIL);
	}
	if (fc->has_as_of)
		sales_period_of(&fc->cli.cal, fc->period, fc->start - 1,
		    &fc->last, NULL, NULL);
	build_series(fc, &s);
	if (fc->method == SALES_TS_HOLT && s.n < 3) {
		sales_err_set(&e, SALES_EVALUE, "holt needs at least 3 "
		    "periods of history, found %zu", s.n);
		sales_cli_die(&fc->cli, &e, SALES_EXIT_FAIL);
	}
	if (fc->backtest >= 0)
		header(fc, t, bnames, 4, 0);
	else
		header(fc, t, fnames, 4, 1);
	if ((order = sales_groups_sorted(fc->groups, &e)) == NULL)
		sales_cli_die(&fc->cli, &e, SALES_EXIT_FAIL);
	memset(&rw, 0, sizeof(rw));
	m0 = fc->method >= 0 ? fc->method : SALES_TS_NAIVE;
	m1 = fc->method >= 0 ? fc->method : SALES_TS_HOLT;
	for (i = 0; i < fc->ngs; i++) {
		const double *y = s.y + order[i] * s.n;

		if (fc->backtest >= 0) {
			for (meth = m0; meth <= m1; meth++) {
				if (sales_ts_backtest(meth, y, s.n,
				    (size_t)fc->backtest, &sc, &e) == -1)
					sales_cli_die(&fc->cli, &e,
					    SALES_EXIT_FAIL);
				row_key(fc, &rw, sales_groups_key(fc->groups,
				    order[i]));
				row_str(fc, &rw, sales_ts_method_name(meth));
				snprintf(buf, sizeof(buf), "%zu", sc.n);
				row_str(fc, &rw, buf);
				row_dmoney(fc, &rw, sc.n > 0, sc.mae);
				buf[0] = '\0';
				if (sc.napes > 0 &&
				    sales_ts_money(sc.mape * 10000, &v) == 0)
					sales_fraction_format(v, 10000, 4,
					    buf);
				row_str(fc, &rw, buf);
				table_add(fc, t, &rw);
			}
			continue;
		}
		if (sales_ts_fit(fc->method, y, s.n, &m, &e) == -1)
			sales_cli_die(&fc->cli, &e, SALES_EXIT_FAIL);
		d = s.starts[s.n - 1];
		sales_period_of(&fc->cli.cal, fc->period, d, NULL, &en,
		    NULL);
		for (h = 1; h <= fc->horizon; h++) {
			sales_period_of(&fc->cli.cal, fc->period, en + 1,
			    NULL, &en, label);
			sales_ts_forecast(&m, (int)h, &pt, &lo, &hi);
			row_str(fc, &rw, label);
			row_key(fc, &rw, sales_groups_key(fc->groups,
			    order[i]));
			row_dmoney(fc, &rw, 1, pt);
			row_dmoney(fc, &rw, m.has_sigma, lo);
			row_dmoney(fc, &rw, m.has_sigma, hi);
			table_add(fc, t, &rw);
		}
	}
	sales_free(order);
	sales_free(s.starts);
	sales_free(s.y);
}

/*
 * -g rep: add the groups of the reps who have a quota in the period but
 * no deal (the leaky bucket at its leakiest).
 */
static void
quota_reps(struct fcst *fc)
{
	struct sales_field	 rep;
	struct sales_err	 e;
	size_t			 i, j, n, off;
	int64_t			 q;
	int			 rv;

	n = sales_quotatab_nreps(fc->qt);
	for (i = 0; i < n; i++) {
		rep = sales_quotatab_rep(fc->qt, i);
		if ((rv = sales_quotatab_get(fc->qt, rep.s, rep.len,
		    fc->start, fc->end, &q, &e)) == -1)
			die_quota(fc, &e);
		if (rv == 0)
			continue;
		off = 0;
		for (j = 0; j < fc->gb.n; j++)
			if ((int)j == fc->repg)
				key_add(fc, &off, rep.s, rep.len);
			else
				key_add(fc, &off, "", 0);
		(void)group_intern(fc, fc->key, off - 1);
	}
}

static void
notes(struct fcst *fc)
{
	if (fc->slipw != NULL && fc->nslipped > 0)
		fprintf(stderr, "sm-forecast: %lu slipped deal%s written to "
		    "%s\n", fc->nslipped, fc->nslipped == 1 ? "" : "s",
		    fc->slipped_path);
	if (fc->nodate > 0)
		fprintf(stderr, "sm-forecast: %lu open deal%s without a close "
		    "date counted in %s\n", fc->nodate,
		    fc->nodate == 1 ? "" : "s", fc->label);
	if (fc->noamount > 0)
		fprintf(stderr, "sm-forecast: %lu open deal%s in %s without "
		    "an amount: counted, with no value\n", fc->noamount,
		    fc->noamount == 1 ? "" : "s", fc->label);
	if (fc->won_noamount > 0)
		fprintf(stderr, "sm-forecast: %lu won deal%s without an "
		    "amount: counted as 0\n", fc->won_noamount,
		    fc->won_noamount == 1 ? "" : "s");
}

/* No probability for some open deals: the usage error of SPEC 5. */
static void
die_missing(struct fcst *fc)
{
	char	 msg[600];
	size_t	 i, len;

	len = (size_t)snprintf(msg, sizeof(msg), "no probability for %lu "
	    "open deal%s in stage%s ", fc->nmissing_deals,
	    fc->nmissing_deals == 1 ? "" : "s",
	    fc->nmissing == 1 ? "" : "s");
	for (i = 0; i < fc->nmissing && len < sizeof(msg); i++)
		len += (size_t)snprintf(msg + len, sizeof(msg) - len,
		    "%s'%s'", i ? ", " : "", fc->missing[i]);
	sales_cli_die_usage(&fc->cli, "%s; give --stage-prob STAGE=P,... or "
	    "a probability column", msg);
}

static void
free_all(struct fcst *fc)
{
	size_t	 i;

	for (i = 0; i < fc->ngs; i++)
		sales_mc_free(fc->gs[i].mc);
	sales_free(fc->gs);
	sales_groupby_release(&fc->gb);
	for (i = 0; i < fc->nsp; i++)
		sales_free(fc->sp[i].stage);
	sales_free(fc->sp);
	for (i = 0; i < fc->nmissing; i++)
		sales_free(fc->missing[i]);
	sales_free(fc->key);
	sales_free(fc->csum);
	sales_groups_free(fc->groups);
	sales_groups_free(fc->pairs);
	sales_groups_free(fc->cells);
	sales_quotatab_free(fc->qt);
	sales_reader_close(fc->r);
	sales_cli_release(&fc->cli);
}

static long long
number(struct fcst *fc, const char *opt, const char *arg, long long min,
    long long max)
{
	const char	*errstr;
	long long	 v;

	v = sales_strtonum(arg, min, max, &errstr);
	if (errstr != NULL)
		sales_cli_die_usage(&fc->cli, "%s: invalid number '%s': %s",
		    opt, arg, errstr);
	return v;
}

/* Today's date where we are. */
static long
today(void)
{
	time_t		 t = time(NULL);
	struct tm	 tm;

	localtime_r(&t, &tm);
	return sales_days_from_civil(tm.tm_year + 1900L, tm.tm_mon + 1,
	    tm.tm_mday);
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "as-of",	required_argument, NULL, 'a' },
		{ "backtest",	required_argument, NULL, OPT_BACKTEST },
		{ "by",		required_argument, NULL, 'g' },
		{ "horizon",	required_argument, NULL, 'H' },
		{ "method",	required_argument, NULL, 'M' },
		{ "period",	required_argument, NULL, 'p' },
		{ "quota",	required_argument, NULL, 'Q' },
		{ "quotas",	required_argument, NULL, 'Q' },	/* sm-report's */
		{ "seed",	required_argument, NULL, OPT_SEED },
		{ "simulate",	required_argument, NULL, OPT_SIMULATE },
		{ "slipped",	required_argument, NULL, OPT_SLIPPED },
		{ "stage-prob",	required_argument, NULL, OPT_STAGE_PROB },
		SALES_CLI_TABLE_LONGOPTS,
		SALES_CLI_CALENDAR_LONGOPTS,
		SALES_CLI_STAGE_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	static const struct sales_field slipnames[] = {
		{ "id", 2 }, { "rep", 3 }, { "closed", 6 }, { "amount", 6 }
	};
	struct fcst		 fc;
	struct sales_output	 out;
	struct sales_writer	*w;
	struct sales_err	 e;
	struct sales_datefmt	 iso;
	struct table		 t;
	const char		*groups = NULL, *why, *to = NULL;
	int			 ch, horizon_set = 0, seed_set = 0, fmt;

	memset(&fc, 0, sizeof(fc));
	fc.method = -1;
	fc.backtest = -1;
	fc.horizon = 1;
	fc.period = SALES_PERIOD_QUARTER;
	sales_cli_init(&fc.cli, "sm-forecast");
	while ((ch = getopt_long(argc, argv, SALES_CLI_SHORTOPTS "a:g:H:M:p:Q:",
	    longopts, NULL)) != -1) {
		if (ch == SALES_OPT_TO)
			to = optarg;
		switch (sales_cli_option(&fc.cli, ch, optarg, &e)) {
		case 1:
			continue;
		case -1:
			sales_cli_option_die(&fc.cli, ch, optarg, &e, FORMATS,
			    SALES_EXIT_FAIL);
		}
		switch (ch) {
		case 'a':
			/* Always ISO: --date-format is for the input. */
			sales_datefmt_init(&iso, NULL, &e);
			if (sales_date_parse(&iso, optarg, strlen(optarg),
			    &fc.as_of, &why) == -1)
				sales_cli_die_usage(&fc.cli, "--as-of: %s: "
				    "'%s'", strncmp(why, "not a date", 10) ==
				    0 ? "not a date (expected YYYY-MM-DD)" :
				    why, optarg);
			fc.has_as_of = 1;
			break;
		case 'g':
			groups = optarg;
			break;
		case 'H':
			fc.horizon = (long)number(&fc, "--horizon", optarg, 1,
			    1000);
			horizon_set = 1;
			break;
		case 'h':
			usage(SALES_EXIT_OK);
		case 'M':
			if ((fc.method = sales_ts_method_parse(optarg)) == -1)
				sales_cli_die_usage(&fc.cli, "--method: "
				    "unknown method '%s' (methods: naive, "
				    "mean, holt)", optarg);
			break;
		case 'p':
			if ((fc.period = sales_period_parse(optarg)) == -1)
				sales_cli_die_usage(&fc.cli, "--period: "
				    "unknown period '%s' (periods: day, week, "
				    "month, quarter, year)", optarg);
			break;
		case 'Q':
			fc.quota_path = optarg;
			break;
		case 'V':
			printf("sm-forecast %s\n", SALES_VERSION);
			exit(SALES_EXIT_OK);
		case OPT_BACKTEST:
			fc.backtest = (long)number(&fc, "--backtest", optarg,
			    1, 100000);
			break;
		case OPT_SEED:
			fc.seed = (uint64_t)number(&fc, "--seed", optarg, 0,
			    LLONG_MAX);
			seed_set = 1;
			break;
		case OPT_SIMULATE:
			fc.simulate = (unsigned long)number(&fc, "--simulate",
			    optarg, 1, 1000000000);
			break;
		case OPT_SLIPPED:
			fc.slipped_path = optarg;
			break;
		case OPT_STAGE_PROB:
			parse_stage_prob(&fc, optarg);
			break;
		default:
			usage(SALES_EXIT_USAGE);
		}
	}
	argc -= optind;
	argv += optind;

	/* No output may be an input or another output of the run. */
	if ((fc.quota_path != NULL && sales_cli_input("-Q", fc.quota_path,
	    &e) == -1) || (fc.slipped_path != NULL &&
	    sales_cli_output("--slipped", fc.slipped_path, &e) == -1) ||
	    sales_cli_files(&fc.cli, argv, (size_t)argc, &e) == -1)
		sales_cli_die(&fc.cli, &e, SALES_EXIT_USAGE);

	/* Options that do not go together. */
	if (fc.cli.to == SALES_FMT_HTML)
		sales_cli_die_usage(&fc.cli, "--to: sm-forecast writes " FORMATS
		    ", not '%s'", to);
	if (fc.method >= 0 || fc.backtest >= 0) {
		if (fc.simulate)
			sales_cli_die_usage(&fc.cli, "--simulate goes with the "
			    "period forecast, not with %s",
			    fc.method >= 0 ? "--method" : "--backtest");
		if (fc.quota_path != NULL)
			sales_cli_die_usage(&fc.cli, "-Q goes with the period "
			    "forecast, not with %s",
			    fc.method >= 0 ? "--method" : "--backtest");
		if (fc.slipped_path != NULL)
			sales_cli_die_usage(&fc.cli, "--slipped goes with the "
			    "period forecast, not with %s",
			    fc.method >= 0 ? "--method" : "--backtest");
	}
	if (horizon_set && fc.method < 0)
		sales_cli_die_usage(&fc.cli, "--horizon needs --method");
	if (horizon_set && fc.backtest >= 0)
		sales_cli_die_usage(&fc.cli, "--horizon does not go with "
		    "--backtest (it scores one period ahead)");
	if (seed_set && !fc.simulate)
		sales_cli_die_usage(&fc.cli, "--seed needs --simulate");
	if (fc.method < 0 && fc.backtest < 0 && !fc.has_as_of)
		fc.as_of = today();
	if (fc.method < 0 && fc.backtest < 0)
		fc.has_as_of = 1;
	if (fc.has_as_of)
		sales_period_of(&fc.cli.cal, fc.period, fc.as_of, &fc.start,
		    &fc.end, fc.label);

	fc.fname = argc > 0 && strcmp(argv[0], "-") != 0 ? argv[0] : "stdin";
	if (sales_reader_open(&fc.r, (const char *const *)argv, (size_t)argc,
	    &fc.cli.topts, &e) == -1)
		sales_cli_die(&fc.cli, &e, e.code == SALES_EUSAGE ?
		    SALES_EXIT_USAGE : SALES_EXIT_FAIL);
	if (groups != NULL && sales_groupby_parse(&fc.gb, groups, 0, fc.r,
	    &fc.cli.roles, fc.fname, &e) == -1)
		sales_cli_die(&fc.cli, &e, e.code == SALES_EUSAGE ?
		    SALES_EXIT_USAGE : SALES_EXIT_FAIL);
	resolve(&fc);
	check_columns(&fc);
	if (fc.quota_path != NULL) {
		if (sales_quotatab_open(&fc.qt, fc.quota_path, &fc.cli,
		    &e) == -1)
			sales_cli_die(&fc.cli, &e, e.code == SALES_EUSAGE ?
			    SALES_EXIT_USAGE : SALES_EXIT_FAIL);
		if (fc.gb.n > 0 && fc.repg < 0 &&
		    sales_groups_new(&fc.pairs, &e) == -1)
			sales_cli_die(&fc.cli, &e, SALES_EXIT_FAIL);
	}
	if (sales_groups_new(&fc.groups, &e) == -1 ||
	    sales_groups_new(&fc.cells, &e) == -1)
		sales_cli_die(&fc.cli, &e, SALES_EXIT_FAIL);
	fmt = sales_cli_format(&fc.cli, sales_reader_format(fc.r));
	if (fc.cli.rejects != NULL && sales_rejects_open(&fc.rejects,
	    fc.cli.rejects, sales_reader_header(fc.r),
	    sales_reader_ncols(fc.r), sales_reader_format(fc.r),
	    sales_reader_delim(fc.r), fc.cli.wflags, &e) == -1)
		sales_cli_die(&fc.cli, &e, SALES_EXIT_FAIL);
	if (fc.slipped_path != NULL && (sales_output_open(&fc.slipout,
	    fc.slipped_path, &e) == -1 || sales_writer_open(&fc.slipw,
	    fc.slipout.fp, fmt, fc.cli.topts.delim, fc.cli.wflags,
	    &e) == -1 || sales_writer_header(fc.slipw, slipnames, 4,
	    &e) == -1))
		sales_cli_die(&fc.cli, &e, e.code == SALES_EUSAGE ?
		    SALES_EXIT_USAGE : SALES_EXIT_FAIL);
	if (sales_output_open(&out, fc.cli.output, &e) == -1 ||
	    sales_writer_open(&w, out.fp, fmt, fc.cli.topts.delim,
	    fc.cli.wflags, &e) == -1)
		sales_cli_die(&fc.cli, &e, e.code == SALES_EUSAGE ?
		    SALES_EXIT_USAGE : SALES_EXIT_FAIL);

	read_all(&fc);
	if (fc.nmissing_deals > 0)
		die_missing(&fc);
	memset(&t, 0, sizeof(t));
	if (fc.method >= 0 || fc.backtest >= 0)
		series_rows(&fc, &t);
	else {
		if (fc.qt != NULL && fc.repg >= 0)
			quota_reps(&fc);
		period_rows(&fc, &t);
	}
	table_write(&fc, &t, w);

	if (fc.slipw != NULL && (sales_writer_close(fc.slipw, &e) == -1 ||
	    sales_output_commit(&fc.slipout, &e) == -1))
		sales_cli_die(&fc.cli, &e, SALES_EXIT_FAIL);
	notes(&fc);
	if (fc.rejects != NULL) {
		unsigned long n = sales_rejects_count(fc.rejects);

		if (sales_rejects_close(fc.rejects, &e) == -1)
			sales_cli_die(&fc.cli, &e, SALES_EXIT_FAIL);
		if (n > 0)
			fprintf(stderr, "sm-forecast: %lu row%s rejected\n",
			    n, n == 1 ? "" : "s");
	}
	if (sales_writer_close(w, &e) == -1 ||
	    sales_output_commit(&out, &e) == -1)
		sales_cli_die(&fc.cli, &e, SALES_EXIT_FAIL);
	free_all(&fc);
	return SALES_EXIT_OK;
}
