/*
 * sm-quota: quotas per rep for every day, week, month, quarter or year
 * of a plan year, top-down from a target or bottom-up from last year's
 * won amounts, ramped for new reps and rounded so that every level sums
 * exactly; and --check, which finds the holes in a quota table.
 */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "libsales/calendar.h"
#include "libsales/cli.h"
#include "libsales/date.h"
#include "libsales/deal.h"
#include "libsales/err.h"
#include "libsales/groups.h"
#include "libsales/mem.h"
#include "libsales/money.h"
#include "libsales/quota.h"
#include "libsales/quotatab.h"
#include "libsales/roles.h"
#include "libsales/table.h"
#include "libsales/writer.h"

/* One active rep of the rep table, in file order. */
struct rep {
	char		*name;
	size_t		 len;
	long		 hire;		/* SALES_NO_DATE: none */
	int64_t		 weight;	/* ten-thousandths; -1: none */
	int64_t		 won;		/* won amount of the year before */
	int64_t		*season;	/* --growth with history: by month */
	int64_t		 full;		/* the year's quota before the ramp */
};

struct quota {
	struct sales_cli	 cli;
	const char		*repsfile;
	const char		*history;
	const char		*target_arg;
	int64_t			 target;
	int64_t			 growth;	/* ten-thousandths of a % */
	int			 has_growth;
	int			 split;		/* enum sales_split, -1: none */
	int			 spread;	/* enum sales_spread; -1 */
	int			 period;
	long			 year;
	int64_t			 unit;
	const char		*unit_arg;
	int			 ramp[SALES_RAMP_MAX];
	size_t			 nramp;
	int			 check;
	int			 repsfmt;	/* the rep table's format */
	int			 rep_fits;	/* -R has the -m rep column */
	struct rep		*reps;
	size_t			 nreps;
	long			*index;		/* key -> reps[]; -1 inactive */
	struct sales_groups	*ids;		/* every rep of the table */
	int64_t			*season;	/* the team's, by month */
	size_t			 nmonths;
	struct sales_quota_year	*y;
	struct sales_quota_year	*prev;
	struct sales_rejects	*rejects;
};

static void	usage(int) __attribute__((noreturn));

static void
usage(int status)
{
	FILE	*fp = status == SALES_EXIT_OK ? stdout : stderr;

	fprintf(fp,
"usage: sm-quota [-hV] -R REPS -y YEAR [-t AMOUNT [-s equal|weight|history] |\n"
"                -g PCT] [-H FILE] [-p day|week|month|quarter|year]\n"
"                [-S business-days|flat|history] [-r PCT,...] [-u UNIT]\n"
"                [-m ROLE=COLUMN] [-o FILE] [-d C] [--fy-start M]\n"
"                [--calendar 4-4-5|4-5-4|5-4-4] [--holidays FILE]\n"
"                [--won STAGE] [--lost STAGE] [--from csv|tsv]\n"
"                [--to csv|tsv|json|pretty|markdown] [--date-format FMT]\n"
"                [--decimal-comma] [--decimals N] [--null VALUE]\n"
"                [--no-header --columns A,...]\n"
"                [--rejects FILE] [--excel-safe] [--max-field BYTES]\n"
"       sm-quota -c [-hV] [-m ROLE=COLUMN] [-o FILE] [-d C] [--fy-start M]\n"
"                [--calendar 4-4-5|4-5-4|5-4-4] [--from csv|tsv]\n"
"                [--to csv|tsv|json|pretty|markdown] [--date-format FMT]\n"
"                [--decimal-comma] [--decimals N] [--null VALUE]\n"
"                [--no-header --columns A,...]\n"
"                [--excel-safe] [--max-field BYTES] [FILE]\n");
	if (status == SALES_EXIT_OK)
		fprintf(fp,
"\n"
"Write rep, period, start, end, quota for every active rep of REPS and every\n"
"period of the plan year: a --target split among the reps, or each rep's\n"
"won amount of the year before (--history) grown by --growth PCT; spread\n"
"over the year, ramped from hire_date, rounded to UNIT so that every level\n"
"sums exactly.  -c checks a quota table for overlaps, gaps and parents that\n"
"do not sum.  See sm-quota(1) and sm(7).\n");
	exit(status);
}

/* 10^(4 - decimals): the smallest step a printed amount shows. */
static int64_t
print_step(int decimals)
{
	int64_t	 s = 1;

	for (; decimals < 4; decimals++)
		s *= 10;
	return s;
}

/* Check the options together; exit 2 on a bad combination. */
static void
validate(struct quota *q, int argc, char *argv[])
{
	const struct sales_cli *c = &q->cli;
	const char		*why;
	int			 d;

	if (q->check) {
		if (q->repsfile || q->year || q->target_arg || q->has_growth ||
		    q->history || q->split != -1 || q->spread != -1 ||
		    q->nramp || q->unit || q->period != -1)
			sales_cli_die_usage(c, "-c checks a quota table; "
			    "-R, -y, -t, -g, -H, -s, -S, -r, -u and -p are "
			    "for planning");
		if (c->rejects != NULL)
			sales_cli_die_usage(c, "--rejects is for --history "
			    "rows");
		if (argc > 1)
			sales_cli_die_usage(c, "-c reads one quota table");
		return;
	}
	if (argc > 0)
		sales_cli_die_usage(c, "unexpected operand '%s' (the rep table "
		    "is given with -R)", argv[0]);
	if (q->repsfile == NULL)
		sales_cli_die_usage(c, "-R REPS is required");
	if (q->year == 0)
		sales_cli_die_usage(c, "-y YEAR is required");
	if (q->target_arg == NULL && !q->has_growth)
		sales_cli_die_usage(c, "give -t AMOUNT (top-down) or -g PCT "
		    "(bottom-up)");
	if (q->target_arg != NULL && q->has_growth)
		sales_cli_die_usage(c, "-t and -g cannot be used together");
	if (q->has_growth && q->split != -1)
		sales_cli_die_usage(c, "-s splits a -t target; -g needs none");
	if (q->split == -1)
		q->split = SALES_SPLIT_EQUAL;
	if (q->spread == -1)
		q->spread = q->has_growth ? SALES_SPREAD_HISTORY :
		    SALES_SPREAD_BUSINESS_DAYS;
	if (q->period == -1)
		q->period = SALES_PERIOD_MONTH;
	if (q->history == NULL) {
		if (q->has_growth)
			sales_cli_die_usage(c, "-g needs -H FILE, last year's "
			    "deals");
		if (q->split == SALES_SPLIT_HISTORY)
			sales_cli_die_usage(c, "-s history needs -H FILE");
		if (q->spread == SALES_SPREAD_HISTORY)
			sales_cli_die_usage(c, "-S history needs -H FILE");
		if (c->rejects != NULL)
			sales_cli_die_usage(c, "--rejects is for --history "
			    "rows");
	} else if (!q->has_growth && q->split != SALES_SPLIT_HISTORY &&
	    q->spread != SALES_SPREAD_HISTORY)
		sales_cli_die_usage(c, "-H is read only by -g, -s history and "
		    "-S history");
	if (q->target_arg != NULL) {
		if (sales_money_parse(q->target_arg, strlen(q->target_arg),
		    c->money_flags, &q->target, &why) == -1)
			sales_cli_die_usage(c, "-t: invalid amount '%s': %s",
			    q->target_arg, why);
		if (q->target < 0)
			sales_cli_die_usage(c, "-t: invalid amount '%s': "
			    "negative", q->target_arg);
	}
	if (q->unit == 0)
		q->unit = 100;
	if (q->unit % print_step(c->decimals) != 0) {
		for (d = c->decimals; q->unit % print_step(d) != 0; d++)
			;
		sales_cli_die_usage(c, "-u: unit '%s' needs --decimals %d",
		    q->unit_arg, d);
	}
}

/*
 * No output may be an input (-R, -H, the table of -c) or share a file
 * with another output: a usage error before anything is read.
 */
static void
check_files(struct quota *q, int argc, char *argv[])
{
	struct sales_err	 e;

	if ((q->repsfile != NULL &&
	    sales_cli_input("-R", q->repsfile, &e) == -1) ||
	    (q->history != NULL &&
	    sales_cli_input("-H", q->history, &e) == -1) ||
	    sales_cli_files(&q->cli, argv, (size_t)argc, &e) == -1)
		sales_cli_die(&q->cli, &e, SALES_EXIT_USAGE);
}

/* Parse -u UNIT: a positive amount. */
static void
parse_unit(struct quota *q, const char *arg)
{
	const char	*why;

	if (sales_money_parse(arg, strlen(arg), 0, &q->unit, &why) == -1)
		sales_cli_die_usage(&q->cli, "-u: invalid unit '%s': %s", arg,
		    why);
	if (q->unit <= 0)
		sales_cli_die_usage(&q->cli, "-u: invalid unit '%s': not "
		    "positive", arg);
	q->unit_arg = arg;
}

/*
 * The column of role in the table of file (-1: absent and not
 * required).  A role that -m maps is read from its mapped column: when
 * that is absent it is a usage error (exit 2), even for an optional
 * role, unless fallback allows the role's default column, as for the
 * rep while the other table holds the mapped one (see read_reps() and
 * read_history()).
 */
static int
side_column(const struct quota *q, struct sales_reader *r, int role,
    int required, int fallback, const char *file)
{
	const struct sales_field *hdr = sales_reader_header(r);
	size_t			 n = sales_reader_ncols(r);
	struct sales_err	 e;
	int			 col;

	if ((col = sales_roles_find(&q->cli.roles, role, hdr, n)) != -1)
		return col;
	if (sales_roles_mapped(&q->cli.roles, role)) {
		if (fallback && (col = sales_header_find(hdr, n,
		    sales_role_default(role))) != -1)
			return col;
		if (!fallback)
			required = 1;
	}
	if (!required)
		return -1;
	sales_roles_require(&q->cli.roles, role, hdr, n, file, &e);
	sales_cli_die(&q->cli, &e, SALES_EXIT_USAGE);
}

/*
 * Set e to a bad value v (NULL: none) of column col of rec:
 * "FILE:LINE: column 'NAME': WHY: 'VALUE'".
 */
static void
value_err(struct sales_reader *r, const struct sales_record *rec, int col,
    const char *why, const struct sales_field *v, struct sales_err *e)
{
	const struct sales_field *hdr = sales_reader_header(r);
	char			 name[128];

	snprintf(name, sizeof(name), "%.*s", (int)hdr[col].len, hdr[col].s);
	if (v != NULL)
		sales_err_set(e, SALES_EVALUE, "%s: '%.*s'", why,
		    (int)(v->len < 200 ? v->len : 200), v->s);
	else
		sales_err_set(e, SALES_EVALUE, "%s", why);
	sales_err_where(e, rec->file, rec->line, name);
}

/* Die with a bad value of column col of rec. */
static void __attribute__((noreturn))
die_value(const struct quota *q, struct sales_reader *r,
    const struct sales_record *rec, int col, const char *why,
    const struct sales_field *v)
{
	struct sales_err	 e;

	value_err(r, rec, col, why, v, &e);
	sales_cli_die(&q->cli, &e, SALES_EXIT_FAIL);
}


/* Read the rep table: the active reps, in file order. */
static void
read_reps(struct quota *q)
{
	struct sales_table_opts	 t;
	struct sales_reader	*r;
	struct sales_record	 rec;
	struct sales_field	 v, name;
	struct sales_err	 e;
	struct rep		*rp;
	const char		*paths[1] = { q->repsfile }, *why;
	unsigned long		*lines = NULL;
	size_t			 cap = 0, nkeys;
	long			 k;
	int			 crep, cactive, cweight, chire, rv, act, isnew;

	sales_table_opts_init(&t);
	t.delim = q->cli.topts.delim;
	t.nulls = q->cli.topts.nulls;
	t.nnulls = q->cli.topts.nnulls;
	t.max_field = q->cli.topts.max_field;
	if (sales_reader_open(&r, paths, 1, &t, &e) == -1)
		sales_cli_die(&q->cli, &e, e.code == SALES_EUSAGE ?
		    SALES_EXIT_USAGE : SALES_EXIT_FAIL);
	/*
	 * -m rep=COLUMN may name the column of the history only: the rep
	 * table then keeps "rep".  Without a history it must name one of
	 * the rep table.
	 */
	q->rep_fits = sales_roles_find(&q->cli.roles, SALES_ROLE_REP,
	    sales_reader_header(r), sales_reader_ncols(r)) != -1;
	crep = side_column(q, r, SALES_ROLE_REP, 1, q->history != NULL,
	    q->repsfile);
	cactive = side_column(q, r, SALES_ROLE_ACTIVE, 0, 0, q->repsfile);
	cweight = side_column(q, r, SALES_ROLE_WEIGHT,
	    q->split == SALES_SPLIT_WEIGHT, 0, q->repsfile);
	chire = side_column(q, r, SALES_ROLE_HIRE_DATE, q->nramp > 0, 0,
	    q->repsfile);
	if (sales_groups_new(&q->ids, &e) == -1)
		sales_cli_die(&q->cli, &e, SALES_EXIT_FAIL);
	while ((rv = sales_reader_next(r, &rec, &e)) == 1) {
		sales_reader_value(r, &rec, (size_t)crep, &name);
		if (name.len == 0)
			die_value(q, r, &rec, crep, "no rep", NULL);
		k = sales_groups_intern(q->ids, name.s, name.len, &isnew, &e);
		if (k == -1)
			sales_cli_die(&q->cli, &e, SALES_EXIT_FAIL);
		nkeys = (size_t)k + 1;
		if (!isnew) {
			sales_err_set(&e, SALES_EVALUE, "rep '%.*s' is listed "
			    "twice: lines %lu and %lu", (int)name.len, name.s,
			    lines[k], rec.line);
			sales_err_where(&e, rec.file, rec.line, NULL);
			sales_cli_die(&q->cli, &e, SALES_EXIT_FAIL);
		}
		if (nkeys > cap) {
			cap = cap ? cap * 2 : 64;
			lines = sales_reallocarray(lines, cap, sizeof(*lines));
			q->index = sales_reallocarray(q->index, cap,
			    sizeof(*q->index));
			q->reps = sales_reallocarray(q->reps, cap,
			    sizeof(*q->reps));
			if (lines == NULL || q->index == NULL ||
			    q->reps == NULL)
				sales_cli_die_nomem(&q->cli);
		}
		lines[k] = rec.line;
		q->index[k] = -1;
		act = 1;
		if (cactive != -1) {
			sales_reader_value(r, &rec, (size_t)cactive, &v);
			if ((act = sales_active_parse(v.s, v.len)) == -1)
				die_value(q, r, &rec, cactive, "not yes or no",
				    &v);
		}
		if (!act)
			continue;
		rp = &q->reps[q->nreps];
		memset(rp, 0, sizeof(*rp));
		rp->hire = SALES_NO_DATE;
		rp->weight = -1;
		if (chire != -1) {
			sales_reader_value(r, &rec, (size_t)chire, &v);
			if (v.len > 0 && sales_date_parse(&q->cli.datefmt, v.s,
			    v.len, &rp->hire, &why) == -1)
				die_value(q, r, &rec, chire, why, &v);
		}
		if (cweight != -1) {
			sales_reader_value(r, &rec, (size_t)cweight, &v);
			if (v.len > 0 && sales_money_parse(v.s, v.len,
			    q->cli.money_flags, &rp->weight, &why) == -1)
				die_value(q, r, &rec, cweight, why, &v);
			if (v.len > 0 && rp->weight < 0)
				die_value(q, r, &rec, cweight,
				    "negative weight", &v);
			if (v.len == 0 && q->split == SALES_SPLIT_WEIGHT)
				die_value(q, r, &rec, cweight, "no weight",
				    NULL);
		}
		if ((rp->name = sales_strndup(name.s, name.len)) == NULL)
			sales_cli_die_nomem(&q->cli);
		rp->len = name.len;
		q->index[k] = (long)q->nreps++;
	}
	if (rv == -1)
		sales_cli_die(&q->cli, &e, SALES_EXIT_FAIL);
	q->repsfmt = sales_reader_format(r);
	sales_reader_close(r);
	sales_free(lines);
	if (q->nreps == 0) {
		sales_err_set(&e, SALES_EVALUE, "no active rep");
		sales_err_where(&e, q->repsfile, 0, NULL);
		sales_cli_die(&q->cli, &e, SALES_EXIT_FAIL);
	}
}

/*
 * A bad history row: to --rejects, with the reason the message would
 * be ("FILE:LINE: column 'NAME': WHY: 'VALUE'", as every program names
 * a rejected row), or the end of the run.  Returns when the row went
 * to --rejects.
 */
static void
reject(struct quota *q, struct sales_reader *r,
    const struct sales_record *rec, int col, const char *why,
    const struct sales_field *v)
{
	struct sales_err	 e;

	value_err(r, rec, col, why, v, &e);
	if (q->rejects == NULL)
		sales_cli_die(&q->cli, &e, SALES_EXIT_FAIL);
	if (sales_rejects_add(q->rejects, rec, sales_err_str(&e), &e) == -1)
		sales_cli_die(&q->cli, &e, SALES_EXIT_FAIL);
}

/*
 * Read --history: the won amount of every rep in the year before the
 * plan year, and its seasonality by month (the team's, and with -g each
 * rep's own).
 */
static void
read_history(struct quota *q)
{
	struct sales_reader	*r;
	struct sales_record	 rec;
	struct sales_field	 v, a;
	struct sales_err	 e;
	struct rep		*rp;
	const char		*paths[1] = { q->history }, *why;
	int64_t			 amount, season, won, own = 0;
	long			 day, m, k;
	size_t			 i;
	int			 crep, camount, cclosed, cstage, rv;

	if (sales_reader_open(&r, paths, 1, &q->cli.topts, &e) == -1)
		sales_cli_die(&q->cli, &e, e.code == SALES_EUSAGE ?
		    SALES_EXIT_USAGE : SALES_EXIT_FAIL);
	/* A -m rep column that neither table has is a usage error. */
	crep = side_column(q, r, SALES_ROLE_REP, 1, q->rep_fits, q->history);
	camount = side_column(q, r, SALES_ROLE_AMOUNT, 1, 0, q->history);
	cclosed = side_column(q, r, SALES_ROLE_CLOSED, 1, 0, q->history);
	cstage = side_column(q, r, SALES_ROLE_STAGE, 0, 0, q->history);
	if (q->cli.rejects != NULL && sales_rejects_open(&q->rejects,
	    q->cli.rejects, sales_reader_header(r), sales_reader_ncols(r),
	    sales_reader_format(r), sales_reader_delim(r), q->cli.wflags,
	    &e) == -1)
		sales_cli_die(&q->cli, &e, SALES_EXIT_FAIL);
	q->nmonths = sales_quota_year_count(q->y, SALES_PERIOD_MONTH);
	if ((q->season = sales_calloc(q->nmonths, sizeof(*q->season))) == NULL)
		sales_cli_die_nomem(&q->cli);
	if (q->has_growth && q->spread == SALES_SPREAD_HISTORY)
		for (i = 0; i < q->nreps; i++)
			if ((q->reps[i].season = sales_calloc(q->nmonths,
			    sizeof(int64_t))) == NULL)
				sales_cli_die_nomem(&q->cli);
	for (;;) {
		rv = sales_reader_next(r, &rec, &e);
		if (rv == 0)
			break;
		if (rv == -1) {
			if (e.code != SALES_EROW || q->rejects == NULL)
				sales_cli_die(&q->cli, &e, SALES_EXIT_FAIL);
			sales_err_where(&e, rec.file, rec.line, NULL);
			if (sales_rejects_add(q->rejects, &rec,
			    sales_err_str(&e), &e) == -1)
				sales_cli_die(&q->cli, &e, SALES_EXIT_FAIL);
			continue;
		}
		if (cstage != -1) {
			sales_reader_value(r, &rec, (size_t)cstage, &v);
			if (sales_stage_status(&q->cli.stages, v.s, v.len) !=
			    SALES_WON)
				continue;
		}
		/* A won row without a date or an amount has no value. */
		sales_reader_value(r, &rec, (size_t)cclosed, &v);
		sales_reader_value(r, &rec, (size_t)camount, &a);
		if (v.len > 0 && sales_date_parse(&q->cli.datefmt, v.s, v.len,
		    &day, &why) == -1) {
			reject(q, r, &rec, cclosed, why, &v);
			continue;
		}
		if (a.len > 0 && sales_money_parse(a.s, a.len,
		    q->cli.money_flags, &amount, &why) == -1) {
			reject(q, r, &rec, camount, why, &a);
			continue;
		}
		if (v.len == 0 || a.len == 0)
			continue;
		if ((m = sales_quota_year_index(q->prev, SALES_PERIOD_MONTH,
		    day)) == -1 || (size_t)m >= q->nmonths)
			continue;
		/*
		 * Every sum the row goes into is tried first, so that a row
		 * rejected for one counts in none (and is rejected once).
		 */
		sales_reader_value(r, &rec, (size_t)crep, &v);
		rp = (k = sales_groups_lookup(q->ids, v.s, v.len)) == -1 ||
		    q->index[k] == -1 ? NULL : &q->reps[q->index[k]];
		season = q->season[m];
		if (rp != NULL) {
			won = rp->won;
			own = rp->season != NULL ? rp->season[m] : 0;
		}
		if (sales_money_add(&season, amount) == -1 || (rp != NULL &&
		    (sales_money_add(&won, amount) == -1 ||
		    sales_money_add(&own, amount) == -1))) {
			reject(q, r, &rec, camount, "amount out of range", &a);
			continue;
		}
		q->season[m] = season;
		if (rp == NULL)
			continue;
		rp->won = won;
		if (rp->season != NULL)
			rp->season[m] = own;
	}
	sales_reader_close(r);
}

/* The full-year quota of every rep, before ramps. */
static void
plan_reps(struct quota *q)
{
	struct sales_err	 e;
	int64_t			*w = NULL, *out;
	char			 buf[SALES_MONEY_BUFSZ];
	size_t			 i;

	if ((out = sales_calloc(q->nreps, sizeof(*out))) == NULL)
		sales_cli_die_nomem(&q->cli);
	if (q->has_growth) {
		for (i = 0; i < q->nreps; i++)
			if (sales_quota_grow(q->reps[i].won, q->growth, q->unit,
			    &out[i], &e) == -1) {
				sales_free(out);
				sales_cli_die(&q->cli, &e, SALES_EXIT_FAIL);
			}
	} else {
		if (q->split != SALES_SPLIT_EQUAL &&
		    (w = sales_calloc(q->nreps, sizeof(*w))) == NULL)
			sales_cli_die_nomem(&q->cli);
		for (i = 0; w != NULL && i < q->nreps; i++) {
			w[i] = q->split == SALES_SPLIT_WEIGHT ?
			    q->reps[i].weight : q->reps[i].won;
			if (w[i] < 0) {
				sales_money_format(w[i], q->cli.decimals, buf);
				sales_err_set(&e, SALES_EVALUE, "rep '%s' has "
				    "a negative won amount (%s) to split by",
				    q->reps[i].name, buf);
				sales_err_where(&e, q->history, 0, NULL);
				sales_free(w);
				sales_free(out);
				sales_cli_die(&q->cli, &e, SALES_EXIT_FAIL);
			}
		}
		if (sales_quota_split(q->target, q->unit, w, q->nreps, out,
		    &e) == -1) {
			if (q->split == SALES_SPLIT_HISTORY)
				sales_err_set(&e, SALES_EVALUE, "no active rep "
				    "has a won amount in FY%ld to split by",
				    q->year - 1);
			sales_err_where(&e, q->split == SALES_SPLIT_HISTORY ?
			    q->history : q->repsfile, 0, NULL);
			sales_free(w);
			sales_free(out);
			sales_cli_die(&q->cli, &e, SALES_EXIT_FAIL);
		}
	}
	for (i = 0; i < q->nreps; i++)
		q->reps[i].full = out[i];
	sales_free(out);
	sales_free(w);
}

/* Write every rep's quota for every period. */
static void
write_plan(struct quota *q, struct sales_writer *w)
{
	static const char *const head[] = {
		"rep", "period", "start", "end", "quota"
	};
	struct sales_quota_rules rules;
	struct sales_field	 f[5];
	struct sales_err	 e;
	char			 label[SALES_LABEL_BUFSZ], msg[768];
	char			 sbuf[SALES_DATE_BUFSZ], ebuf[SALES_DATE_BUFSZ];
	char			 money[SALES_MONEY_BUFSZ];
	int64_t			*out;
	size_t			 i, j, n;
	long			 s, t;

	for (i = 0; i < 5; i++) {
		f[i].s = head[i];
		f[i].len = strlen(head[i]);
	}
	if (sales_writer_header(w, f, 5, &e) == -1)
		sales_cli_die(&q->cli, &e, SALES_EXIT_FAIL);
	n = sales_quota_year_count(q->y, q->period);
	if ((out = sales_calloc(n, sizeof(*out))) == NULL)
		sales_cli_die_nomem(&q->cli);
	memset(&rules, 0, sizeof(rules));
	rules.spread = q->spread;
	rules.unit = q->unit;
	rules.ramp = q->ramp;
	rules.nramp = q->nramp;
	for (i = 0; i < q->nreps; i++) {
		rules.season = q->reps[i].season != NULL ? q->reps[i].season :
		    q->season;
		if (sales_quota_spread(q->y, &rules, q->reps[i].full,
		    q->reps[i].hire, q->period, out, &e) == -1) {
			snprintf(msg, sizeof(msg), "%s", e.msg);
			if (strcmp(msg, "no days to spread the quota over") ==
			    0 && q->spread == SALES_SPREAD_HISTORY)
				sales_err_set(&e, SALES_EVALUE, "rep '%s': no "
				    "won amount in FY%ld to spread by",
				    q->reps[i].name, q->year - 1);
			else
				sales_err_set(&e, e.code, "rep '%s': %s",
				    q->reps[i].name, msg);
			sales_free(out);
			sales_cli_die(&q->cli, &e, SALES_EXIT_FAIL);
		}
		for (j = 0; j < n; j++) {
			sales_quota_year_period(q->y, q->period, j, &s, &t,
			    label);
			f[0].s = q->reps[i].name;
			f[0].len = q->reps[i].len;
			f[1].s = label;
			f[1].len = strlen(label);
			f[2].s = sbuf;
			f[2].len = sales_date_format(s, sbuf);
			f[3].s = ebuf;
			f[3].len = sales_date_format(t, ebuf);
			f[4].s = money;
			f[4].len = sales_money_format(out[j], q->cli.decimals,
			    money);
			if (sales_writer_row(w, f, 5, &e) == -1)
				sales_cli_die(&q->cli, &e, SALES_EXIT_FAIL);
		}
	}
	sales_free(out);
}

/* What the check callback writes to. */
struct checkout {
	const struct quota	*q;
	struct sales_writer	*w;
};

/* Write one problem of --check as a row. */
static int
check_row(void *arg, const struct sales_quota_problem *p,
    struct sales_err *err)
{
	struct checkout		*co = arg;
	struct sales_field	 f[6];
	char			 line[24], sbuf[SALES_DATE_BUFSZ];
	char			 ebuf[SALES_DATE_BUFSZ], what[256];
	char			 a[SALES_DATE_BUFSZ], b[SALES_DATE_BUFSZ];
	char			 m1[SALES_MONEY_BUFSZ], m2[SALES_MONEY_BUFSZ];
	int			 dec = co->q->cli.decimals;

	switch (p->kind) {
	case SALES_QP_OVERLAP:
		snprintf(what, sizeof(what), "overlaps %s (line %lu)",
		    p->other[0] != '\0' ? p->other : "a period",
		    p->other_line);
		break;
	case SALES_QP_GAP:
		sales_date_format(p->gap_start, a);
		sales_date_format(p->gap_end, b);
		snprintf(what, sizeof(what), "no quota for %s..%s", a, b);
		break;
	default:
		sales_money_format(p->quota, dec, m1);
		if (p->sum == INT64_MAX)
			snprintf(m2, sizeof(m2), "more than can be held");
		else
			sales_money_format(p->sum, dec, m2);
		snprintf(what, sizeof(what), "quota %s but the periods "
		    "inside sum to %s", m1, m2);
		break;
	}
	f[0].s = line;
	f[0].len = (size_t)snprintf(line, sizeof(line), "%lu", p->line);
	f[1] = p->rep;
	f[2].s = p->period;
	f[2].len = strlen(p->period);
	f[3].s = sbuf;
	f[3].len = sales_date_format(p->start, sbuf);
	f[4].s = ebuf;
	f[4].len = sales_date_format(p->end, ebuf);
	f[5].s = what;
	f[5].len = strlen(what);
	return sales_writer_row(co->w, f, 6, err);
}

/* -c: check a quota table; exit 1 when it has problems. */
static int
check(struct quota *q, int argc, char *argv[])
{
	static const char *const head[] = {
		"line", "rep", "period", "start", "end", "problem"
	};
	struct sales_quotatab_opts o;
	struct sales_quotatab	*qt;
	struct sales_reader	*r;
	struct sales_output	 out;
	struct sales_writer	*w;
	struct sales_field	 f[6];
	struct sales_err	 e;
	struct checkout		 co;
	long			 n;
	size_t			 i;

	if (sales_reader_open(&r, (const char *const *)argv, (size_t)argc,
	    &q->cli.topts, &e) == -1)
		sales_cli_die(&q->cli, &e, e.code == SALES_EUSAGE ?
		    SALES_EXIT_USAGE : SALES_EXIT_FAIL);
	/*
	 * The quota table is the only table here: a -m rep column must be
	 * in it (the reader would fall back to "rep", as for sm-report).
	 */
	if (sales_roles_mapped(&q->cli.roles, SALES_ROLE_REP) &&
	    sales_roles_require(&q->cli.roles, SALES_ROLE_REP,
	    sales_reader_header(r), sales_reader_ncols(r),
	    argc > 0 ? argv[0] : "stdin", &e) == -1)
		sales_cli_die(&q->cli, &e, SALES_EXIT_USAGE);
	sales_quotatab_opts_init(&o);
	o.roles = &q->cli.roles;
	o.cal = &q->cli.cal;
	o.datefmt = &q->cli.datefmt;
	o.money_flags = q->cli.money_flags;
	o.flags = SALES_QUOTATAB_LAX;
	if (sales_quotatab_read(&qt, r, &o, &e) == -1) {
		if (e.code == SALES_EUSAGE && e.file[0] == '\0')
			sales_err_where(&e, argc > 0 ? argv[0] : "stdin", 0,
			    NULL);
		sales_cli_die(&q->cli, &e, e.code == SALES_EUSAGE ?
		    SALES_EXIT_USAGE : SALES_EXIT_FAIL);
	}
	if (sales_output_open(&out, q->cli.output, &e) == -1 ||
	    sales_writer_open(&w, out.fp, sales_cli_format(&q->cli,
	    sales_reader_format(r)), q->cli.topts.delim, q->cli.wflags,
	    &e) == -1)
		sales_cli_die(&q->cli, &e, e.code == SALES_EUSAGE ?
		    SALES_EXIT_USAGE : SALES_EXIT_FAIL);
	sales_reader_close(r);
	for (i = 0; i < 6; i++) {
		f[i].s = head[i];
		f[i].len = strlen(head[i]);
	}
	if (sales_writer_header(w, f, 6, &e) == -1)
		sales_cli_die(&q->cli, &e, SALES_EXIT_FAIL);
	co.q = q;
	co.w = w;
	if ((n = sales_quotatab_check(qt, check_row, &co, &e)) == -1)
		sales_cli_die(&q->cli, &e, SALES_EXIT_FAIL);
	sales_quotatab_free(qt);
	if (sales_writer_close(w, &e) == -1 ||
	    sales_output_commit(&out, &e) == -1)
		sales_cli_die(&q->cli, &e, SALES_EXIT_FAIL);
	if (n > 0)
		fprintf(stderr, "sm-quota: %ld problem%s\n", n,
		    n == 1 ? "" : "s");
	return n > 0 ? SALES_EXIT_FAIL : SALES_EXIT_OK;
}

static void
free_quota(struct quota *q)
{
	size_t	 i;

	for (i = 0; i < q->nreps; i++) {
		sales_free(q->reps[i].name);
		sales_free(q->reps[i].season);
	}
	sales_free(q->reps);
	sales_free(q->index);
	sales_free(q->season);
	sales_groups_free(q->ids);
	sales_quota_year_free(q->y);
	sales_quota_year_free(q->prev);
	sales_cli_release(&q->cli);
}

/* Parse the options into q; returns optind. */
static int
parse_args(struct quota *q, int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "check",	no_argument,	   NULL, 'c' },
		{ "growth",	required_argument, NULL, 'g' },
		{ "history",	required_argument, NULL, 'H' },
		{ "period",	required_argument, NULL, 'p' },
		{ "ramp",	required_argument, NULL, 'r' },
		{ "reps",	required_argument, NULL, 'R' },
		{ "round",	required_argument, NULL, 'u' },
		{ "split",	required_argument, NULL, 's' },
		{ "spread",	required_argument, NULL, 'S' },
		{ "target",	required_argument, NULL, 't' },
		{ "year",	required_argument, NULL, 'y' },
		SALES_CLI_TABLE_LONGOPTS,
		SALES_CLI_CALENDAR_LONGOPTS,
		SALES_CLI_STAGE_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	struct sales_err	 e;
	const char		*errstr;
	int			 ch;

	while ((ch = getopt_long(argc, argv,
	    SALES_CLI_SHORTOPTS "cg:H:p:R:r:S:s:t:u:y:", longopts,
	    NULL)) != -1) {
		switch (sales_cli_option(&q->cli, ch, optarg, &e)) {
		case 1:
			continue;
		case -1:
			sales_cli_option_die(&q->cli, ch, optarg, &e, NULL,
			    SALES_EXIT_USAGE);
		}
		switch (ch) {
		case 'c':
			q->check = 1;
			break;
		case 'g':
			if (sales_growth_parse(optarg, &q->growth, &e) == -1)
				sales_cli_die_usage(&q->cli, "-g: %s", e.msg);
			q->has_growth = 1;
			break;
		case 'H':
			q->history = optarg;
			break;
		case 'h':
			usage(SALES_EXIT_OK);
		case 'p':
			if ((q->period = sales_period_parse(optarg)) == -1)
				sales_cli_die_usage(&q->cli, "-p: unknown "
				    "period '%s' (periods: day, week, month, "
				    "quarter, year)", optarg);
			break;
		case 'R':
			q->repsfile = optarg;
			break;
		case 'r':
			if (sales_ramp_parse(optarg, q->ramp, SALES_RAMP_MAX,
			    &q->nramp, &e) == -1)
				sales_cli_die_usage(&q->cli, "-r: %s", e.msg);
			break;
		case 'S':
			if ((q->spread = sales_spread_parse(optarg)) == -1)
				sales_cli_die_usage(&q->cli, "-S: unknown "
				    "spread '%s' (spreads: business-days, "
				    "flat, history)", optarg);
			break;
		case 's':
			if ((q->split = sales_split_parse(optarg)) == -1)
				sales_cli_die_usage(&q->cli, "-s: unknown "
				    "split '%s' (splits: equal, weight, "
				    "history)", optarg);
			break;
		case 't':
			q->target_arg = optarg;
			break;
		case 'u':
			parse_unit(q, optarg);
			break;
		case 'V':
			printf("sm-quota %s\n", SALES_VERSION);
			exit(SALES_EXIT_OK);
		case 'y':
			q->year = (long)sales_strtonum(optarg, 1000, 9999,
			    &errstr);
			if (errstr != NULL)
				sales_cli_die_usage(&q->cli, "-y: invalid year "
				    "'%s': %s", optarg, errstr);
			break;
		default:
			usage(SALES_EXIT_USAGE);
		}
	}
	if (q->cli.to == SALES_FMT_HTML)
		sales_cli_die_usage(&q->cli, "--to: sm-quota writes csv, tsv, "
		    "json, pretty or markdown, not 'html'");
	return optind;
}

/* With -S history and a target: is there any seasonality at all? */
static void
need_season(struct quota *q)
{
	struct sales_err	 e;
	size_t			 i;

	if (q->spread != SALES_SPREAD_HISTORY || q->has_growth ||
	    q->target == 0)
		return;
	for (i = 0; i < q->nmonths; i++)
		if (q->season[i] != 0)
			return;
	sales_err_set(&e, SALES_EVALUE, "no won amount in FY%ld to take the "
	    "seasonality from", q->year - 1);
	sales_err_where(&e, q->history, 0, NULL);
	sales_cli_die(&q->cli, &e, SALES_EXIT_FAIL);
}

/*
 * With -S history a month weighs its share of last year's won amounts,
 * so a month whose won amounts sum below zero (credit notes) cannot be
 * spread over: name the first such month of the team's seasonality (or,
 * with -g, of each rep's own) and its sum, before any output.
 */
static void
check_season(struct quota *q)
{
	struct sales_err	 e;
	char			 label[SALES_LABEL_BUFSZ];
	char			 money[SALES_MONEY_BUFSZ];
	const int64_t		*season;
	size_t			 i, m;

	if (q->spread != SALES_SPREAD_HISTORY || q->season == NULL)
		return;
	for (i = 0; i <= q->nreps; i++) {
		/* i == nreps: the team's, for the reps without their own. */
		if (i < q->nreps)
			season = q->reps[i].season;
		else
			season = q->nreps > 0 && q->reps[0].season == NULL ?
			    q->season : NULL;
		for (m = 0; season != NULL && m < q->nmonths; m++)
			if (season[m] < 0)
				break;
		if (season == NULL || m == q->nmonths)
			continue;
		sales_quota_year_period(q->prev, SALES_PERIOD_MONTH, m, NULL,
		    NULL, label);
		sales_money_format(season[m], q->cli.decimals, money);
		if (i < q->nreps)
			sales_err_set(&e, SALES_EVALUE, "rep '%s': negative "
			    "seasonality in %s: won amounts sum to %s",
			    q->reps[i].name, label, money);
		else
			sales_err_set(&e, SALES_EVALUE, "negative seasonality "
			    "in %s: the team's won amounts sum to %s", label,
			    money);
		sales_err_where(&e, q->history, 0, NULL);
		sales_cli_die(&q->cli, &e, SALES_EXIT_FAIL);
	}
}

int
main(int argc, char *argv[])
{
	struct quota		 q;
	struct sales_output	 out;
	struct sales_writer	*w;
	struct sales_err	 e;
	unsigned long		 nrej;
	int			 n, rv;

	memset(&q, 0, sizeof(q));
	q.split = q.spread = q.period = -1;
	sales_cli_init(&q.cli, "sm-quota");
	n = parse_args(&q, argc, argv);
	argc -= n;
	argv += n;
	validate(&q, argc, argv);
	check_files(&q, argc, argv);
	if (q.check) {
		rv = check(&q, argc, argv);
		free_quota(&q);
		return rv;
	}

	if (sales_quota_year_new(&q.y, &q.cli.cal, q.year, &e) == -1 ||
	    sales_quota_year_new(&q.prev, &q.cli.cal, q.year - 1, &e) == -1)
		sales_cli_die(&q.cli, &e, SALES_EXIT_USAGE);
	read_reps(&q);
	if (q.history != NULL)
		read_history(&q);
	need_season(&q);
	check_season(&q);
	plan_reps(&q);
	if (sales_output_open(&out, q.cli.output, &e) == -1 ||
	    sales_writer_open(&w, out.fp, sales_cli_format(&q.cli,
	    q.repsfmt), q.cli.topts.delim, q.cli.wflags, &e) == -1)
		sales_cli_die(&q.cli, &e, e.code == SALES_EUSAGE ?
		    SALES_EXIT_USAGE : SALES_EXIT_FAIL);
	write_plan(&q, w);
	nrej = q.rejects != NULL ? sales_rejects_count(q.rejects) : 0;
	if (sales_rejects_close(q.rejects, &e) == -1)
		sales_cli_die(&q.cli, &e, SALES_EXIT_FAIL);
	if (sales_writer_close(w, &e) == -1 ||
	    sales_output_commit(&out, &e) == -1)
		sales_cli_die(&q.cli, &e, SALES_EXIT_FAIL);
	if (nrej > 0)
		fprintf(stderr, "sm-quota: %lu row%s rejected\n", nrej,
		    nrej == 1 ? "" : "s");
	free_quota(&q);
	return SALES_EXIT_OK;
}
