/*
 * sm-report: win rates, amounts, cycle length, stage conversion and
 * attainment per group, for top management.
 */
#include <errno.h>
#include <limits.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libsales/calendar.h"
#include "libsales/cli.h"
#include "libsales/date.h"
#include "libsales/deal.h"
#include "libsales/groupby.h"
#include "libsales/groups.h"
#include "libsales/html.h"
#include "libsales/mem.h"
#include "libsales/money.h"
#include "libsales/quotatab.h"
#include "libsales/roles.h"
#include "libsales/stats.h"
#include "libsales/table.h"
#include "libsales/writer.h"

enum {
	OPT_FUNNEL = SALES_OPT_FIRST_FREE,
	OPT_METRICS,
	OPT_SORT,
	OPT_TOP
};

enum metric {
	M_DEALS,
	M_OPEN,
	M_WON,
	M_LOST,
	M_WIN_RATE,
	M_WON_AMOUNT,
	M_AVG_WON_AMOUNT,
	M_PIPELINE_AMOUNT,
	M_MEDIAN_CYCLE_DAYS,
	M_VELOCITY,
	M_QUOTA,
	M_ATTAINMENT,
	NMETRICS
};

#define NEED_AMOUNT	1
#define NEED_CYCLE	2
#define NEED_QUOTA	4

static const struct {
	const char	*name;
	int		 needs;
	int		 dflt;		/* in the default list */
} metrics[NMETRICS] = {
	{ "deals", 0, 1 },
	{ "open", 0, 1 },
	{ "won", 0, 1 },
	{ "lost", 0, 1 },
	{ "win_rate", 0, 1 },
	{ "won_amount", NEED_AMOUNT, 1 },
	{ "avg_won_amount", NEED_AMOUNT, 1 },
	{ "pipeline_amount", NEED_AMOUNT, 1 },
	{ "median_cycle_days", NEED_CYCLE, 1 },
	{ "velocity", NEED_AMOUNT | NEED_CYCLE, 0 },
	{ "quota", NEED_QUOTA, 0 },
	{ "attainment", NEED_AMOUNT | NEED_QUOTA, 0 }
};

/* The columns of --funnel, after the groups. */
static const char *const funnel_names[] = {
	"stage", "reached", "converted", "conversion", "leak"
};

/* The state of one group: counts and sums, never rows. */
/*
 * The sums of a group.  What every row reads and updates comes first,
 * in one cache line (the array of groups is aligned to GROUP_ALIGN);
 * deals are open + won + lost.
 */
#define GROUP_ALIGN	64

struct group {
	unsigned long	 open, won, lost;
	unsigned long	 won_amounts;	/* won deals that have an amount */
	unsigned long	 open_amounts;
	int64_t		 won_amount;
	int64_t		 pipeline_amount;
	int		 status;	/* of its stage, when -g has it */
	int		 has_status;
	struct sales_hist cycle;	/* days from created to closed, won */
	unsigned long	*reached;	/* --funnel: deals per stage */
	int64_t		 quota;		/* -Q: the group's quota */
	int		 has_quota;
} __attribute__((aligned(GROUP_ALIGN)));

/* The deals of group g. */
static unsigned long
deals(const struct group *g)
{
	return g->open + g->won + g->lost;
}

struct report {
	struct sales_cli	 cli;
	struct sales_reader	*r;
	struct sales_groupby	 gb;		/* -g */
	int			 mlist[NMETRICS];
	size_t			 nmetrics;
	int			 metrics_given;
	char			**funnel;	/* --funnel stages */
	size_t			 nfunnel;
	const char		*sort;
	long long		 top;		/* -1: all */
	int			 stage, amount, created, closed;
	int			 stage_in_key;	/* -g holds the stage column */
	struct sales_groups	*groups;
	struct group		*gs;		/* gsmem + gsoff, aligned */
	char			*gsmem;
	size_t			 gsoff;
	size_t			 ngs;
	size_t			 capgs;
	unsigned long		 offfunnel;	/* open deals not in --funnel */
	struct sales_rejects	*rejects;
	const char		*quotafile;	/* -Q */
	struct sales_quotatab	*quotas;
	int			 qrep, qperiod;	/* -g items of rep, period */
	const char		*fname;		/* first input, for messages */
};

/* One output row, kept for --sort and the pretty formats. */
struct outrow {
	struct sales_field *cells;	/* owned copies, NUL-terminated */
	size_t		 order;
	size_t		 gi;		/* its group */
	size_t		 stage;		/* --funnel: its stage */
};

static void __attribute__((noreturn))
usage(int status)
{
	FILE	*fp = status == SALES_EXIT_OK ? stdout : stderr;

	fprintf(fp,
"usage: sm-report [-hV] [-g COLUMN[:PERIOD],...] [-m ROLE=COLUMN] [-o FILE]\n"
"                 [-d C] [-Q FILE] [--metrics LIST] [--funnel STAGE,...]\n"
"                 [--won STAGE]\n"
"                 [--lost STAGE] [--sort COLUMN[:desc]] [--top N]\n"
"                 [--from csv|tsv] [--to csv|tsv|json|pretty|markdown|html]\n"
"                 [--fy-start M] [--calendar 4-4-5|4-5-4|5-4-4] [--holidays FILE]\n"
"                 [--date-format FMT] [--decimal-comma] [--decimals N]\n"
"                 [--null VALUE] [--no-header --columns A,B,...] [--rejects FILE]\n"
"                 [--excel-safe] [--max-field BYTES] [FILE ...]\n");
	if (status == SALES_EXIT_OK)
		fprintf(fp,
"\n"
"Per group of -g (columns, roles, or COLUMN:day|week|month|quarter|year),\n"
"report deals, open, won, lost, win_rate, won_amount, avg_won_amount,\n"
"pipeline_amount and median_cycle_days (--metrics chooses; velocity too).\n"
"--funnel STAGE,... reports reached, converted and conversion per stage.\n"
"-Q FILE adds quota and attainment when the groups hold rep and a period.\n"
"See sm-report(1) and sm(7).\n");
	exit(status);
}

static int
has_metric(const struct report *rp, int m)
{
	size_t	 i;

	for (i = 0; i < rp->nmetrics; i++)
		if (rp->mlist[i] == m)
			return 1;
	return 0;
}

static void
parse_metrics(struct report *rp, const char *list)
{
	struct sales_err	 e;
	char	**v;
	size_t	 n, i;
	int	 m;

	if (sales_list_split(list, &v, &n, &e) == -1)
		sales_cli_die(&rp->cli, &e, SALES_EXIT_FAIL);
	rp->nmetrics = 0;
	for (i = 0; i < n; i++) {
		for (m = 0; m < NMETRICS; m++)
			if (strcmp(v[i], metrics[m].name) == 0)
				break;
		if (m == NMETRICS)
			sales_cli_die_usage(&rp->cli, "--metrics: unknown metric "
			    "'%s' (metrics: deals, open, won, lost, win_rate, "
			    "won_amount, avg_won_amount, pipeline_amount, "
			    "median_cycle_days, velocity, quota, attainment)",
			    v[i]);
		if (has_metric(rp, m))
			sales_cli_die_usage(&rp->cli, "--metrics: '%s' given "
			    "twice", v[i]);
		rp->mlist[rp->nmetrics++] = m;
	}
	sales_list_free(v, n);
	rp->metrics_given = 1;
}

/* --funnel stages: none empty, none twice (as stages match). */
static void
check_funnel(struct report *rp)
{
	size_t	 i, j;

	for (i = 0; i < rp->nfunnel; i++) {
		if (rp->funnel[i][0] == '\0')
			sales_cli_die_usage(&rp->cli, "--funnel: empty stage "
			    "name");
		for (j = 0; j < i; j++)
			if (sales_name_eq(rp->funnel[i], strlen(rp->funnel[i]),
			    rp->funnel[j], strlen(rp->funnel[j])))
				sales_cli_die_usage(&rp->cli, "--funnel: stage "
				    "'%s' given twice", rp->funnel[i]);
	}
}

/*
 * Every output column must have a name of its own, or the report cannot
 * be read back (a table with two columns of one name is an error): no
 * -g item twice, and none named as a metric or a --funnel column.  A
 * group column is headed as written after -g while columns match
 * ignoring case, so another case names the same column under a header
 * of its own.
 */
static void
check_columns(const struct report *rp)
{
	const char	*label, *name;
	size_t		 i, j, n = rp->nfunnel ? 5 : rp->nmetrics;
	char		 alt[64];

	for (i = 0; i < rp->gb.n; i++) {
		label = rp->gb.items[i].label;
		for (j = 0; j < i; j++)
			if (strcmp(label, rp->gb.items[j].label) == 0)
				sales_cli_die_usage(&rp->cli, "-g: '%s' given "
				    "twice", label);
		for (j = 0; j < n; j++) {
			name = rp->nfunnel ? funnel_names[j] :
			    metrics[rp->mlist[j]].name;
			if (strcmp(label, name) != 0)
				continue;
			/* Names of metrics are short, lower case. */
			snprintf(alt, sizeof(alt), "%s", name);
			alt[0] = (char)(alt[0] - 'a' + 'A');
			if (rp->nfunnel)
				sales_cli_die_usage(&rp->cli, "-g: '%s' would "
				    "head two columns, the group's and "
				    "--funnel's; group by '%s' (columns match "
				    "ignoring case)", label, alt);
			sales_cli_die_usage(&rp->cli, "-g: '%s' would head two "
			    "columns, the group's and the metric's; group by "
			    "'%s' (columns match ignoring case) or choose "
			    "--metrics without %s", label, alt, name);
		}
	}
}

/* Resolve the role columns and check what the metrics need. */
static void
resolve(struct report *rp)
{
	const struct sales_field	*hdr = sales_reader_header(rp->r);
	size_t				 n = sales_reader_ncols(rp->r), i;
	struct sales_err		 e;
	const struct sales_roles	*ro = &rp->cli.roles;
	int				 needs = 0;

	if (sales_roles_optional(ro, SALES_ROLE_STAGE, hdr, n, rp->fname,
	    &rp->stage, &e) == -1 ||
	    sales_roles_optional(ro, SALES_ROLE_AMOUNT, hdr, n, rp->fname,
	    &rp->amount, &e) == -1 ||
	    sales_roles_optional(ro, SALES_ROLE_CREATED, hdr, n, rp->fname,
	    &rp->created, &e) == -1 ||
	    sales_roles_optional(ro, SALES_ROLE_CLOSED, hdr, n, rp->fname,
	    &rp->closed, &e) == -1)
		sales_cli_die(&rp->cli, &e, SALES_EXIT_USAGE);
	if (rp->metrics_given)
		for (i = 0; i < rp->nmetrics; i++)
			needs |= metrics[rp->mlist[i]].needs;
	if ((needs & NEED_AMOUNT) && rp->amount < 0 &&
	    sales_roles_require(ro, SALES_ROLE_AMOUNT, hdr, n, rp->fname,
	    &e) == -1)
		sales_cli_die(&rp->cli, &e, SALES_EXIT_USAGE);
	if ((needs & NEED_CYCLE) && (sales_roles_require(ro,
	    SALES_ROLE_CREATED, hdr, n, rp->fname, &e) == -1 ||
	    sales_roles_require(ro, SALES_ROLE_CLOSED, hdr, n, rp->fname,
	    &e) == -1))
		sales_cli_die(&rp->cli, &e, SALES_EXIT_USAGE);
	if ((needs & NEED_QUOTA) && rp->quotafile == NULL)
		sales_cli_die_usage(&rp->cli, "--metrics: quota and attainment "
		    "need -Q FILE");
	if (rp->quotafile != NULL) {
		rp->qrep = rp->qperiod = -1;
		for (i = 0; i < rp->gb.n; i++) {
			if (rp->gb.items[i].period >= 0 && rp->qperiod < 0)
				rp->qperiod = (int)i;
			else if (rp->gb.items[i].period < 0 && rp->qrep < 0 &&
			    rp->gb.items[i].col == sales_roles_find(ro,
			    SALES_ROLE_REP, hdr, n))
				rp->qrep = (int)i;
		}
		if (rp->qrep < 0 || rp->qperiod < 0 || rp->nfunnel > 0)
			sales_cli_die_usage(&rp->cli, "-Q needs -g with the rep "
			    "and a COLUMN:PERIOD, and no --funnel");
	}
	if (rp->nfunnel > 0 && rp->stage < 0 &&
	    sales_roles_require(ro, SALES_ROLE_STAGE, hdr, n, rp->fname,
	    &e) == -1)
		sales_cli_die(&rp->cli, &e, SALES_EXIT_USAGE);
	for (i = 0; i < rp->gb.n; i++)
		if (rp->stage >= 0 && rp->gb.items[i].col == rp->stage &&
		    rp->gb.items[i].period < 0)
			rp->stage_in_key = 1;
}

static int
read_date(struct report *rp, const struct sales_record *rec, int col,
    long *day, int *has)
{
	struct sales_field	 v;
	struct sales_err	 e;
	const char		*why;

	*has = 0;
	if (col < 0)
		return 0;
	sales_reader_value(rp->r, rec, (size_t)col, &v);
	if (v.len == 0)
		return 0;
	if (sales_date_parse(&rp->cli.datefmt, v.s, v.len, day, &why) == -1) {
		sales_err_set(&e, SALES_EVALUE, "%s: '%.*s'", why, (int)v.len,
		    v.s);
		return sales_cli_reject(&rp->cli, rp->rejects, rp->r, rec, col,
		    &e);
	}
	*has = 1;
	return 0;
}

/*
 * The group of rec: its number, or -1 for a group not seen yet (its key
 * is then in rp->gb.key); a value the key cannot take (a date of a
 * COLUMN:PERIOD) sends the row to --rejects or ends the run: -2.
 */
static long
group_find(struct report *rp, const struct sales_record *rec)
{
	struct sales_err	 e;
	long			 idx;
	int			 col = -1;

	if ((idx = sales_groupby_find(&rp->gb, rp->groups, rp->r, rec,
	    &rp->cli.datefmt, &rp->cli.cal, &col, &e)) == -2) {
		if (e.code == SALES_ENOMEM)
			sales_cli_die(&rp->cli, &e, SALES_EXIT_FAIL);
		sales_cli_reject(&rp->cli, rp->rejects, rp->r, rec, col, &e);
	}
	return idx;
}

/* The group of key (len bytes, hash h), made empty when new. */
static struct group *
group_intern(struct report *rp, const char *key, size_t len, uint32_t h)
{
	struct sales_err	 e;
	struct group		*g;
	size_t			 cap, off;
	long			 idx;
	char			*mem;
	int			 isnew;

	if ((idx = sales_groups_intern_hashed(rp->groups, key, len, h,
	    &isnew, &e)) == -1)
		sales_cli_die(&rp->cli, &e, SALES_EXIT_FAIL);
	if (isnew) {
		if ((size_t)idx >= rp->capgs) {
			cap = rp->capgs ? rp->capgs * 2 : 64;
			/*
			 * realloc(3), which can move a large block without
			 * copying it, and GROUP_ALIGN bytes more, to align
			 * the groups in; they move within the block only
			 * when its address moves to another offset.
			 */
			if (cap > (SIZE_MAX - GROUP_ALIGN) / sizeof(*g) ||
			    (mem = sales_realloc(rp->gsmem, cap * sizeof(*g) +
			    GROUP_ALIGN)) == NULL)
				sales_cli_die_nomem(&rp->cli);
			off = (size_t)(-(uintptr_t)mem & (GROUP_ALIGN - 1));
			if (off != rp->gsoff && rp->ngs > 0)
				memmove(mem + off, mem + rp->gsoff,
				    rp->ngs * sizeof(*g));
			rp->gsmem = mem;
			rp->gsoff = off;
			rp->gs = (struct group *)(void *)(mem + off);
			rp->capgs = cap;
		}
		g = &rp->gs[idx];
		memset(g, 0, sizeof(*g));
		sales_hist_init(&g->cycle);
		if (rp->nfunnel > 0 && (g->reached = sales_calloc(rp->nfunnel,
		    sizeof(*g->reached))) == NULL)
			sales_cli_die_nomem(&rp->cli);
		rp->ngs = (size_t)idx + 1;
	}
	return &rp->gs[idx];
}

/* The index of an open deal's stage in --funnel, or -1. */
static long
funnel_stage(const struct report *rp, const struct sales_field *v)
{
	size_t	 i;

	for (i = 0; i < rp->nfunnel; i++)
		if (sales_name_eq(rp->funnel[i], strlen(rp->funnel[i]), v->s,
		    v->len))
			return (long)i;
	return -1;
}

static void
count(struct report *rp, const struct sales_record *rec)
{
	struct sales_field	 v, stage = { "", 0 };
	struct sales_err	 e;
	struct group		*g;
	const char		*why;
	int64_t			 amount = 0;
	long			 created = 0, closed = 0, k, i, idx;
	int			 status = SALES_WON, has_amount = 0;
	int			 has_created = 0, has_closed = 0;

	if (rp->amount >= 0) {
		sales_reader_value(rp->r, rec, (size_t)rp->amount, &v);
		if (v.len > 0) {
			if (sales_money_parse(v.s, v.len, rp->cli.money_flags,
			    &amount, &why) == -1) {
				sales_err_set(&e, SALES_EVALUE, "%s: '%.*s'",
				    why, (int)v.len, v.s);
				sales_cli_reject(&rp->cli, rp->rejects, rp->r,
				    rec, rp->amount, &e);
				return;
			}
			has_amount = 1;
		}
	}
	/*
	 * The group first: when -g holds the stage, a group that exists
	 * knows its stage's status, and the stage need not be looked up.
	 */
	if ((idx = group_find(rp, rec)) == -2)
		return;
	if (rp->stage >= 0) {
		sales_reader_value(rp->r, rec, (size_t)rp->stage, &stage);
		if (idx >= 0 && rp->stage_in_key && rp->gs[idx].has_status)
			status = rp->gs[idx].status;
		else
			status = sales_stage_status(&rp->cli.stages, stage.s,
			    stage.len);
	}
	if (status == SALES_WON && rp->created >= 0 && rp->closed >= 0) {
		if (read_date(rp, rec, rp->created, &created,
		    &has_created) == -1 ||
		    read_date(rp, rec, rp->closed, &closed, &has_closed) == -1)
			return;
	}
	if (idx >= 0)
		g = &rp->gs[idx];
	else {
		g = group_intern(rp, rp->gb.key, rp->gb.keylen,
		    rp->gb.hash);
		g->status = status;
		g->has_status = 1;
	}
	switch (status) {
	case SALES_OPEN:
		g->open++;
		if (has_amount) {
			g->open_amounts++;
			if (sales_money_add(&g->pipeline_amount, amount) == -1)
				goto overflow;
		}
		if (rp->nfunnel > 0) {
			if ((k = funnel_stage(rp, &stage)) < 0)
				rp->offfunnel++;
			for (i = 0; i <= k; i++)
				g->reached[i]++;
		}
		break;
	case SALES_WON:
		g->won++;
		if (has_amount) {
			g->won_amounts++;
			if (sales_money_add(&g->won_amount, amount) == -1)
				goto overflow;
		}
		if (has_created && has_closed &&
		    sales_hist_add(&g->cycle, closed - created, &e) == -1)
			sales_cli_die(&rp->cli, &e, SALES_EXIT_FAIL);
		for (i = 0; i < (long)rp->nfunnel; i++)
			g->reached[i]++;
		break;
	case SALES_LOST:
		g->lost++;
		if (rp->nfunnel > 0)
			g->reached[0]++;
		break;
	}
	return;
overflow:
	sales_err_set(&e, SALES_EVALUE, "sum of amounts out of range");
	sales_err_where(&e, rec->file, rec->line, NULL);
	sales_cli_die(&rp->cli, &e, SALES_EXIT_FAIL);
}

/*
 * Has group g an attainment, won amount / quota (a fraction): a quota
 * that is not 0, and a won amount that is known?
 */
static int
has_attainment(const struct group *g)
{
	return g->has_quota && g->quota != 0 &&
	    (g->won == 0 || g->won_amounts > 0);
}

/* Format metric m of group g into buf (at least 64 bytes). */
static void
metric_cell(const struct report *rp, const struct group *g, int m, char *buf)
{
	__int128	 num, den;
	long		 twice;

	buf[0] = '\0';
	switch (m) {
	case M_DEALS:
		snprintf(buf, 64, "%lu", deals(g));
		break;
	case M_OPEN:
		snprintf(buf, 64, "%lu", g->open);
		break;
	case M_WON:
		snprintf(buf, 64, "%lu", g->won);
		break;
	case M_LOST:
		snprintf(buf, 64, "%lu", g->lost);
		break;
	case M_WIN_RATE:
		if (g->won + g->lost > 0)
			sales_fraction_format((int64_t)g->won,
			    (int64_t)(g->won + g->lost), 4, buf);
		break;
	case M_WON_AMOUNT:
		if (rp->amount >= 0 && (g->won == 0 || g->won_amounts > 0))
			sales_money_format(g->won_amount, rp->cli.decimals, buf);
		break;
	case M_PIPELINE_AMOUNT:
		if (rp->amount >= 0 && (g->open == 0 || g->open_amounts > 0))
			sales_money_format(g->pipeline_amount, rp->cli.decimals,
			    buf);
		break;
	case M_AVG_WON_AMOUNT:
		if (rp->amount >= 0 && g->won_amounts > 0)
			sales_money_format_div(g->won_amount,
			    (__int128)g->won_amounts, rp->cli.decimals, buf);
		break;
	case M_MEDIAN_CYCLE_DAYS:
		if (sales_hist_median2(&g->cycle, &twice) == 0)
			sales_half_format(twice, buf);
		break;
	case M_VELOCITY:
		/*
		 * Sales velocity: open deals x win rate x average deal
		 * size / sales cycle length, in money per day (as
		 * HubSpot and Salesforce define it).
		 */
		if (rp->amount < 0 || g->won + g->lost == 0 ||
		    g->won_amounts == 0 ||
		    sales_hist_median2(&g->cycle, &twice) == -1 || twice == 0)
			break;
		num = (__int128)g->open * (__int128)g->won *
		    (__int128)g->won_amount * 2;
		den = (__int128)(g->won + g->lost) *
		    (__int128)g->won_amounts * (__int128)twice;
		sales_money_format_div(num, den, rp->cli.decimals, buf);
		break;
	case M_QUOTA:
		if (g->has_quota)
			sales_money_format(g->quota, rp->cli.decimals, buf);
		break;
	case M_ATTAINMENT:
		if (has_attainment(g))
			sales_fraction_format(g->won_amount, g->quota, 4, buf);
		break;
	}
}

/* A copy of len bytes at s, for an output row. */
static struct sales_field
cell(struct report *rp, const char *s, size_t len)
{
	struct sales_field	 f;

	if ((f.s = sales_strndup(s, len)) == NULL)
		sales_cli_die_nomem(&rp->cli);
	f.len = len;
	return f;
}

/* Put the group labels of key into cells[0..gb.n-1]. */
static void
key_cells(struct report *rp, struct sales_field key,
    struct sales_field *cells)
{
	struct sales_field	 v[SALES_GROUPBY_MAX];
	size_t			 i;
	char			*buf;

	if ((buf = sales_malloc(key.len + 1)) == NULL)
		sales_cli_die_nomem(&rp->cli);
	sales_groupby_split(&rp->gb, key, buf, v);
	for (i = 0; i < rp->gb.n; i++)
		cells[i] = cell(rp, v[i].s, v[i].len);
	sales_free(buf);
}

/*
 * --sort.  A cell is a number when it is an optional '-', digits and
 * an optional '.' with digits (what the metrics print; "Inf", "0x20"
 * or "1e3" are text).  Numbers come before text, numbers by value
 * (exactly, digit by digit), text by bytes (a shorter cell before a
 * longer one it begins); :desc reverses that; empty cells go last
 * either way; ties keep the group order.
 */
static int	 sort_col, sort_desc;

/* Is f a number for --sort?  Then *neg, the integer and fraction. */
static int
sort_number(struct sales_field f, int *neg, struct sales_field *ip,
    struct sales_field *fp)
{
	const char	*p = f.s, *end = f.s + f.len;

	*neg = p < end && *p == '-';
	p += *neg;
	ip->s = p;
	while (p < end && *p >= '0' && *p <= '9')
		p++;
	ip->len = (size_t)(p - ip->s);
	fp->s = p;
	fp->len = 0;
	if (p < end && *p == '.') {
		fp->s = ++p;
		while (p < end && *p >= '0' && *p <= '9')
			p++;
		fp->len = (size_t)(p - fp->s);
		if (fp->len == 0)
			return 0;
	}
	if (p != end || ip->len == 0)
		return 0;
	/* No leading zeros in the integer, no trailing ones after it. */
	while (ip->len > 0 && ip->s[0] == '0')
		ip->s++, ip->len--;
	while (fp->len > 0 && fp->s[fp->len - 1] == '0')
		fp->len--;
	if (ip->len == 0 && fp->len == 0)
		*neg = 0;		/* -0 is 0 */
	return 1;
}

/* Compare two numbers of sort_number(): <0, 0, >0. */
static int
number_cmp(int na, struct sales_field ia, struct sales_field fa, int nb,
    struct sales_field ib, struct sales_field fb)
{
	size_t	 n;
	int	 c;

	if (na != nb)
		return na ? -1 : 1;
	if (ia.len != ib.len)
		c = ia.len < ib.len ? -1 : 1;
	else if ((c = memcmp(ia.s, ib.s, ia.len)) == 0) {
		n = fa.len < fb.len ? fa.len : fb.len;
		if ((c = memcmp(fa.s, fb.s, n)) == 0)
			c = (fa.len > fb.len) - (fa.len < fb.len);
	}
	return na ? -c : c;
}

static int
cmp_rows(const void *a, const void *b)
{
	const struct outrow	*x = a, *y = b;
	struct sales_field	 s = x->cells[sort_col];
	struct sales_field	 t = y->cells[sort_col];
	struct sales_field	 is, fs, it, ft;
	int			 c, ns, nt, ks, kt;

	/* Empty cells go last, whichever the direction. */
	if (s.len == 0 || t.len == 0)
		c = (s.len == 0) - (t.len == 0);
	else {
		ks = sort_number(s, &ns, &is, &fs);
		kt = sort_number(t, &nt, &it, &ft);
		if (ks && kt)
			c = number_cmp(ns, is, fs, nt, it, ft);
		else if (ks != kt)
			c = ks ? -1 : 1;	/* numbers first */
		else {
			c = memcmp(s.s, t.s, s.len < t.len ? s.len : t.len);
			if (c == 0)
				c = (s.len > t.len) - (s.len < t.len);
		}
		if (sort_desc)
			c = -c;
	}
	if (c == 0)
		c = x->order < y->order ? -1 : x->order > y->order;
	return c;
}

/*
 * -Q: the quota of group gi, from its rep and the days of its period;
 * a group without a period (no date) has none.
 */
static void
group_quota(struct report *rp, size_t gi)
{
	struct sales_field	 v[SALES_GROUPBY_MAX];
	struct sales_field	*rep = &v[rp->qrep], *period = &v[rp->qperiod];
	struct sales_field	 key = sales_groups_key(rp->groups, gi);
	struct sales_err	 e;
	long			 start, last;
	char			*buf, *p;
	char			 a[SALES_DATE_BUFSZ], b[SALES_DATE_BUFSZ];
	int			 rv;

	if ((buf = sales_malloc(key.len + 1)) == NULL)
		sales_cli_die_nomem(&rp->cli);
	sales_groupby_split(&rp->gb, key, buf, v);
	if (period->len == 0) {
		sales_free(buf);
		return;
	}
	if (sales_period_parse_label(&rp->cli.cal, period->s, period->len,
	    &start, &last, &e) == -1)
		sales_cli_die(&rp->cli, &e, SALES_EXIT_FAIL);
	rv = sales_quotatab_get(rp->quotas, rep->s, rep->len, start, last,
	    &rp->gs[gi].quota, &e);
	/*
	 * Quotas of the periods inside the group's period are added up,
	 * but one only partly inside cannot be split: the quota table's
	 * message names that period, and this names the group's period.
	 */
	if (rv == -1 && e.code == SALES_EVALUE &&
	    (p = strstr(e.msg, " straddles ")) != NULL) {
		sales_date_format(start, a);
		sales_date_format(last, b);
		snprintf(p, sizeof(e.msg) - (size_t)(p - e.msg), " does not "
		    "fit in the period %.*s of the report (%s..%s); quotas "
		    "are added up, never split", (int)period->len, period->s,
		    a, b);
	}
	sales_free(buf);
	if (rv == -1)
		sales_cli_die(&rp->cli, &e, SALES_EXIT_FAIL);
	rp->gs[gi].has_quota = rv == 1;
}

/* Build the output rows of group g (one, or one per funnel stage). */
static size_t
group_rows(struct report *rp, size_t gi, struct outrow *rows, size_t nrows)
{
	struct group	*g = &rp->gs[gi];
	struct sales_field key = sales_groups_key(rp->groups, gi);
	size_t		 width = rp->gb.n + (rp->nfunnel ? 5 : rp->nmetrics);
	size_t		 i, j, k, leak = 0;
	unsigned long	 conv, bestr = 0, bestc = 0;
	char		 buf[64];
	int		 haveleak = 0;

	if (rp->nfunnel == 0) {
		if ((rows[nrows].cells = sales_calloc(width,
		    sizeof(*rows[nrows].cells))) == NULL)
			sales_cli_die_nomem(&rp->cli);
		key_cells(rp, key, rows[nrows].cells);
		for (i = 0; i < rp->nmetrics; i++) {
			metric_cell(rp, g, rp->mlist[i], buf);
			rows[nrows].cells[rp->gb.n + i] = cell(rp, buf,
			    strlen(buf));
		}
		rows[nrows].order = nrows;
		rows[nrows].gi = gi;
		return 1;
	}
	/* The leak: the stage with the lowest conversion, the first. */
	for (i = 0; i < rp->nfunnel; i++) {
		conv = i + 1 < rp->nfunnel ? g->reached[i + 1] : g->won;
		if (g->reached[i] == 0)
			continue;
		if (!haveleak || (unsigned __int128)conv * bestr <
		    (unsigned __int128)bestc * g->reached[i]) {
			leak = i;
			bestc = conv;
			bestr = g->reached[i];
			haveleak = 1;
		}
	}
	for (i = 0; i < rp->nfunnel; i++) {
		k = nrows + i;
		if ((rows[k].cells = sales_calloc(width,
		    sizeof(*rows[k].cells))) == NULL)
			sales_cli_die_nomem(&rp->cli);
		key_cells(rp, key, rows[k].cells);
		j = rp->gb.n;
		conv = i + 1 < rp->nfunnel ? g->reached[i + 1] : g->won;
		rows[k].cells[j++] = cell(rp, rp->funnel[i],
		    strlen(rp->funnel[i]));
		snprintf(buf, sizeof(buf), "%lu", g->reached[i]);
		rows[k].cells[j++] = cell(rp, buf, strlen(buf));
		snprintf(buf, sizeof(buf), "%lu", conv);
		rows[k].cells[j++] = cell(rp, buf, strlen(buf));
		buf[0] = '\0';
		if (g->reached[i] > 0)
			sales_fraction_format((int64_t)conv,
			    (int64_t)g->reached[i], 4, buf);
		rows[k].cells[j++] = cell(rp, buf, strlen(buf));
		rows[k].cells[j++] = cell(rp, haveleak && leak == i ? "yes" :
		    "", haveleak && leak == i ? 3 : 0);
		rows[k].order = k;
		rows[k].gi = gi;
		rows[k].stage = i;
	}
	return rp->nfunnel;
}

/*
 * --to html: the page of the rows shown (after --sort and --top), with
 * charts drawn from the sums of their groups.
 */
#define HTML_PANELS	8	/* funnel panels; more groups: one total */
#define HTML_FILL	1000	/* periods filled in between, at most */

/* The charts of the page and the memory they point into. */
struct charts {
	struct sales_html_bar	*bars;
	size_t			 nbars;
	struct sales_html_funnel *panels;
	size_t			 npanels;
	struct sales_field	*stages;	/* npanels x nfunnel */
	unsigned long		*reached;	/* npanels x nfunnel */
	struct sales_groups	*periods;	/* trend: in time order */
	struct sales_field	*plabels;
	size_t			 nperiods;
	struct sales_html_series *series;
	size_t			 nseries;
	int64_t			*values;	/* nseries x nperiods */
	char			*trend_title;
};

/*
 * A new string of the values v[0..n-1] but v[skip], joined by " / ";
 * dflt when there are none, "(empty)" when all are empty.
 */
static struct sales_field
join_labels(struct report *rp, const struct sales_field *v, size_t n,
    size_t skip, const char *dflt)
{
	struct sales_field	 f;
	size_t			 i, len = 0, k = 0, full = 0;
	char			*s;

	for (i = 0; i < n; i++)
		if (i != skip) {
			len += v[i].len + 3;
			full += v[i].len > 0;
			k++;
		}
	if (k == 0)
		return cell(rp, dflt, strlen(dflt));
	if (full == 0)
		return cell(rp, "(empty)", 7);
	if ((s = sales_malloc(len + 1)) == NULL)
		sales_cli_die_nomem(&rp->cli);
	for (f.len = 0, k = 0, i = 0; i < n; i++) {
		if (i == skip)
			continue;
		if (k++ > 0) {
			memcpy(s + f.len, " / ", 3);
			f.len += 3;
		}
		memcpy(s + f.len, v[i].s, v[i].len);
		f.len += v[i].len;
	}
	s[f.len] = '\0';
	f.s = s;
	return f;
}

/* The groups of rows[0..n-1], each once, in order of first sight. */
static size_t *
shown_groups(struct report *rp, const struct outrow *rows, size_t n,
    size_t *nshown)
{
	unsigned char	*seen;
	size_t		*list, i, k = 0;

	if ((seen = sales_calloc(rp->ngs + 1, 1)) == NULL ||
	    (list = sales_calloc(n + 1, sizeof(*list))) == NULL)
		sales_cli_die_nomem(&rp->cli);
	for (i = 0; i < n; i++)
		if (!seen[rows[i].gi]) {
			seen[rows[i].gi] = 1;
			list[k++] = rows[i].gi;
		}
	sales_free(seen);
	*nshown = k;
	return list;
}

/* Attainment bars: one per row, won amount / quota. */
static void
chart_bars(struct report *rp, const struct outrow *rows, size_t n,
    struct charts *c)
{
	const struct group	*g;
	size_t			 i;

	if ((c->bars = sales_calloc(n + 1, sizeof(*c->bars))) == NULL)
		sales_cli_die_nomem(&rp->cli);
	for (i = 0; i < n; i++) {
		g = &rp->gs[rows[i].gi];
		c->bars[i].label = join_labels(rp, rows[i].cells, rp->gb.n,
		    SIZE_MAX, "all deals");
		if (has_attainment(g)) {
			c->bars[i].num = g->won_amount;
			c->bars[i].den = g->quota;
		}
	}
	c->nbars = n;
}

/*
 * Funnel: a panel per group shown, with the stages shown, in --funnel
 * order, and the leak the table marks; more than HTML_PANELS groups
 * make one panel of their totals, whose leak is found as the table's
 * (the lowest converted / reached, the first of equals).
 */
static void
chart_funnel(struct report *rp, const struct outrow *rows, size_t n,
    const size_t *shown, size_t nshown, struct charts *c)
{
	const struct group	*g;
	unsigned char		*has;
	unsigned long		*tot, *conv, cv, bestr = 0, bestc = 0;
	size_t			*pos, *first, nf = rp->nfunnel, np, i, p, s, k;
	long			*leak;
	char			 buf[64];

	np = nshown <= HTML_PANELS ? nshown : 1;
	if (np == 0)
		return;
	if ((has = sales_calloc(np * nf, 1)) == NULL ||
	    (tot = sales_calloc(nf, sizeof(*tot))) == NULL ||
	    (conv = sales_calloc(nf, sizeof(*conv))) == NULL ||
	    (pos = sales_calloc(rp->ngs + 1, sizeof(*pos))) == NULL ||
	    (first = sales_calloc(np, sizeof(*first))) == NULL ||
	    (leak = sales_calloc(np, sizeof(*leak))) == NULL ||
	    (c->panels = sales_calloc(np, sizeof(*c->panels))) == NULL ||
	    (c->stages = sales_calloc(np * nf, sizeof(*c->stages))) == NULL ||
	    (c->reached = sales_calloc(np * nf, sizeof(*c->reached))) == NULL)
		sales_cli_die_nomem(&rp->cli);
	for (p = 0; p < nshown; p++)
		pos[shown[p]] = np == 1 ? 0 : p;
	for (p = 0; p < np; p++)
		leak[p] = -1;
	for (i = n; i-- > 0; ) {
		p = pos[rows[i].gi];
		s = rows[i].stage;
		g = &rp->gs[rows[i].gi];
		has[p * nf + s] = 1;
		first[p] = i;
		if (rows[i].cells[rp->gb.n + 4].len > 0)
			leak[p] = (long)s;
		tot[s] += g->reached[s];
		conv[s] += s + 1 < nf ? g->reached[s + 1] : g->won;
	}
	if (nshown > np) {
		leak[0] = -1;
		for (s = 0; s < nf; s++) {
			if (!has[s] || tot[s] == 0)
				continue;
			cv = conv[s];
			if (leak[0] < 0 || (unsigned __int128)cv * bestr <
			    (unsigned __int128)bestc * tot[s]) {
				leak[0] = (long)s;
				bestc = cv;
				bestr = tot[s];
			}
		}
	}
	for (p = 0; p < np; p++) {
		struct sales_html_funnel *f = &c->panels[p];

		if (nshown > np) {
			snprintf(buf, sizeof(buf), "total of %zu groups",
			    nshown);
			f->label = cell(rp, buf, strlen(buf));
		} else
			f->label = join_labels(rp, rows[first[p]].cells,
			    rp->gb.n, SIZE_MAX, "all deals");
		f->stages = c->stages + p * nf;
		f->reached = c->reached + p * nf;
		f->leak = -1;
		for (k = 0, s = 0; s < nf; s++) {
			if (!has[p * nf + s])
				continue;
			if (leak[p] == (long)s)
				f->leak = (long)k;
			c->stages[p * nf + k].s = rp->funnel[s];
			c->stages[p * nf + k].len = strlen(rp->funnel[s]);
			c->reached[p * nf + k] = nshown > np ? tot[s] :
			    rp->gs[shown[p]].reached[s];
			k++;
		}
		f->nstages = k;
	}
	c->npanels = np;
	sales_free(leak);
	sales_free(first);
	sales_free(pos);
	sales_free(conv);
	sales_free(tot);
	sales_free(has);
}

/*
 * The periods of the trend, in time order, into a new table: every
 * period from the first label of present to the last (HTML_FILL at
 * most), else the labels of present alone.
 */
static struct sales_groups *
trend_periods(struct report *rp, int kind, struct sales_groups *present)
{
	struct sales_groups	*pt;
	struct sales_field	 a, b;
	struct sales_err	 e;
	size_t			*order, n = sales_groups_count(present), i;
	size_t			 len;
	long			 day, last, start, end;
	char			 buf[SALES_LABEL_BUFSZ];
	int			 ok = 0;

	if ((order = sales_groups_sorted(present, &e)) == NULL ||
	    sales_groups_new(&pt, &e) == -1)
		sales_cli_die(&rp->cli, &e, SALES_EXIT_FAIL);
	a = sales_groups_key(present, order[0]);
	b = sales_groups_key(present, order[n - 1]);
	if (sales_period_parse_label(&rp->cli.cal, a.s, a.len, &day, NULL,
	    &e) != -1 && sales_period_parse_label(&rp->cli.cal, b.s, b.len,
	    &last, NULL, &e) != -1) {
		for (;;) {
			len = sales_period_of(&rp->cli.cal, kind, day, &start,
			    &end, buf);
			if (start > last || sales_groups_count(pt) >= HTML_FILL)
				break;
			if (sales_groups_intern(pt, buf, len, NULL, &e) == -1)
				sales_cli_die(&rp->cli, &e, SALES_EXIT_FAIL);
			if (start == last) {
				ok = 1;
				break;
			}
			day = end + 1;
		}
		/* Every label seen must be one of them. */
		for (i = 0; ok && i < n; i++) {
			a = sales_groups_key(present, i);
			ok = sales_groups_lookup(pt, a.s, a.len) >= 0;
		}
	}
	if (!ok) {
		sales_groups_free(pt);
		if (sales_groups_new(&pt, &e) == -1)
			sales_cli_die(&rp->cli, &e, SALES_EXIT_FAIL);
		for (i = 0; i < n; i++) {
			a = sales_groups_key(present, order[i]);
			if (sales_groups_intern(pt, a.s, a.len, NULL, &e) == -1)
				sales_cli_die(&rp->cli, &e, SALES_EXIT_FAIL);
		}
	}
	sales_free(order);
	return pt;
}

/*
 * The key of a series: the values of v but v[skip], each as its length
 * and its bytes, into a new buffer of *len bytes.
 */
static char *
series_key(struct report *rp, const struct sales_field *v, size_t n,
    size_t skip, size_t *len)
{
	size_t	 i, total = 0;
	char	*s;

	for (i = 0; i < n; i++)
		if (i != skip)
			total += sizeof(size_t) + v[i].len;
	if ((s = sales_malloc(total + 1)) == NULL)
		sales_cli_die_nomem(&rp->cli);
	for (*len = 0, i = 0; i < n; i++) {
		if (i == skip)
			continue;
		memcpy(s + *len, &v[i].len, sizeof(size_t));
		memcpy(s + *len + sizeof(size_t), v[i].s, v[i].len);
		*len += sizeof(size_t) + v[i].len;
	}
	return s;
}

/*
 * Trend: with a COLUMN:PERIOD in -g (the first), won_amount (deals
 * without an amount column) per period, a series per value of the other
 * -g items among the groups shown, or one total when they are more than
 * SALES_HTML_SERIES_MAX.  Groups without a date are left out; periods
 * without deals between the first and the last count 0.
 */
static void
chart_trend(struct report *rp, const size_t *shown, size_t nshown,
    struct charts *c)
{
	struct sales_field	 v[SALES_GROUPBY_MAX], key;
	struct sales_groups	*present, *stab;
	struct sales_field	*labels = NULL;
	struct sales_err	 e;
	const struct group	*g;
	size_t			*sidx, pi, i, k, klen, ns, cap = 0;
	long			 p, si;
	int64_t			 add;
	char			*buf, *skey;
	int			 isnew, money = rp->amount >= 0;

	for (pi = 0; pi < rp->gb.n; pi++)
		if (rp->gb.items[pi].period >= 0)
			break;
	if (pi == rp->gb.n || nshown == 0)
		return;
	if (sales_groups_new(&present, &e) == -1 ||
	    sales_groups_new(&stab, &e) == -1)
		sales_cli_die(&rp->cli, &e, SALES_EXIT_FAIL);
	if ((sidx = sales_calloc(nshown, sizeof(*sidx))) == NULL)
		sales_cli_die_nomem(&rp->cli);
	for (k = 0; k < nshown; k++) {
		key = sales_groups_key(rp->groups, shown[k]);
		if ((buf = sales_malloc(key.len + 1)) == NULL)
			sales_cli_die_nomem(&rp->cli);
		sales_groupby_split(&rp->gb, key, buf, v);
		sidx[k] = SIZE_MAX;
		if (v[pi].len > 0) {
			skey = series_key(rp, v, rp->gb.n, pi, &klen);
			if (sales_groups_intern(present, v[pi].s, v[pi].len,
			    NULL, &e) == -1 || (si = sales_groups_intern(stab,
			    skey, klen, &isnew, &e)) == -1)
				sales_cli_die(&rp->cli, &e, SALES_EXIT_FAIL);
			sidx[k] = (size_t)si;
			if (isnew) {
				if ((size_t)si >= cap) {
					cap = cap ? cap * 2 : 8;
					if ((labels = sales_reallocarray(labels,
					    cap, sizeof(*labels))) == NULL)
						sales_cli_die_nomem(&rp->cli);
				}
				labels[si] = join_labels(rp, v, rp->gb.n, pi,
				    "total");
			}
			sales_free(skey);
		}
		sales_free(buf);
	}
	ns = sales_groups_count(stab);
	if (ns == 0)
		goto out;
	c->periods = trend_periods(rp, rp->gb.items[pi].period, present);
	c->nperiods = sales_groups_count(c->periods);
	c->nseries = ns <= SALES_HTML_SERIES_MAX ? ns : 1;
	if ((c->plabels = sales_calloc(c->nperiods,
	    sizeof(*c->plabels))) == NULL ||
	    (c->series = sales_calloc(c->nseries,
	    sizeof(*c->series))) == NULL ||
	    (c->values = sales_calloc(c->nseries * c->nperiods,
	    sizeof(*c->values))) == NULL ||
	    (c->trend_title = sales_malloc(strlen(rp->gb.items[pi].label) +
	    32)) == NULL)
		sales_cli_die_nomem(&rp->cli);
	for (i = 0; i < c->nperiods; i++)
		c->plabels[i] = sales_groups_key(c->periods, i);
	for (i = 0; i < c->nseries; i++) {
		c->series[i].label = ns > c->nseries ? cell(rp, "total", 5) :
		    labels[i];
		c->series[i].v = c->values + i * c->nperiods;
	}
	if (ns > c->nseries)
		for (i = 0; i < ns; i++)
			sales_free((char *)labels[i].s);
	snprintf(c->trend_title, strlen(rp->gb.items[pi].label) + 32,
	    "%s per %s", money ? "won_amount" : "deals",
	    rp->gb.items[pi].label);
	for (k = 0; k < nshown; k++) {
		if (sidx[k] == SIZE_MAX)
			continue;
		g = &rp->gs[shown[k]];
		key = sales_groups_key(rp->groups, shown[k]);
		if ((buf = sales_malloc(key.len + 1)) == NULL)
			sales_cli_die_nomem(&rp->cli);
		sales_groupby_split(&rp->gb, key, buf, v);
		p = sales_groups_lookup(c->periods, v[pi].s, v[pi].len);
		sales_free(buf);
		i = (ns > c->nseries ? 0 : sidx[k]) * c->nperiods + (size_t)p;
		add = money ? g->won_amount : (int64_t)deals(g);
		if (sales_money_add(&c->values[i], add) == -1) {
			sales_err_set(&e, SALES_EVALUE, "sum of amounts out "
			    "of range");
			sales_cli_die(&rp->cli, &e, SALES_EXIT_FAIL);
		}
	}
out:
	/* The strings are c's, or were freed for the total. */
	sales_free(labels);
	sales_free(sidx);
	sales_groups_free(stab);
	sales_groups_free(present);
}

static void
free_charts(struct charts *c)
{
	size_t	 i;

	for (i = 0; i < c->nbars; i++)
		sales_free((char *)c->bars[i].label.s);
	sales_free(c->bars);
	for (i = 0; i < c->npanels; i++)
		sales_free((char *)c->panels[i].label.s);
	sales_free(c->panels);
	sales_free(c->stages);
	sales_free(c->reached);
	for (i = 0; i < c->nseries; i++)
		sales_free((char *)c->series[i].label.s);
	sales_free(c->series);
	sales_free(c->values);
	sales_free(c->plabels);
	sales_free(c->trend_title);
	sales_groups_free(c->periods);
}

/*
 * The page: its title ("sm-report: " and the -g items), the charts
 * that apply (attainment bars with the attainment metric, the funnel
 * with --funnel, the trend with a COLUMN:PERIOD), then the table of the
 * n rows shown under the header hdr (width columns).
 */
static void
write_html(struct report *rp, FILE *fp, const struct sales_field *hdr,
    size_t width, const struct outrow *rows, size_t n)
{
	struct charts		 c;
	struct sales_html	 h;
	struct sales_err	 e;
	const struct sales_field **tab;
	size_t			*shown, nshown, i, len;
	char			*title;

	memset(&c, 0, sizeof(c));
	for (len = 16, i = 0; i < rp->gb.n; i++)
		len += strlen(rp->gb.items[i].label) + 2;
	if ((title = sales_malloc(len)) == NULL ||
	    (tab = sales_calloc(n + 1, sizeof(*tab))) == NULL)
		sales_cli_die_nomem(&rp->cli);
	strcpy(title, "sm-report");
	for (i = 0; i < rp->gb.n; i++) {
		strcat(title, i == 0 ? ": " : ", ");
		strcat(title, rp->gb.items[i].label);
	}
	for (i = 0; i < n; i++)
		tab[i] = rows[i].cells;
	shown = shown_groups(rp, rows, n, &nshown);
	if (rp->nfunnel == 0 && has_metric(rp, M_ATTAINMENT))
		chart_bars(rp, rows, n, &c);
	if (rp->nfunnel > 0)
		chart_funnel(rp, rows, n, shown, nshown, &c);
	chart_trend(rp, shown, nshown, &c);

	sales_html_init(&h, fp);
	if (sales_html_begin(&h, title, strlen(title), &e) == -1 ||
	    sales_html_bars(&h, "attainment (won_amount / quota)", c.bars,
	    c.nbars, &e) == -1 ||
	    sales_html_funnel(&h, "funnel: deals that reached each stage",
	    c.panels, c.npanels, &e) == -1 ||
	    (c.nseries > 0 && sales_html_trend(&h, c.trend_title, c.plabels,
	    c.nperiods, c.series, c.nseries, rp->amount >= 0,
	    rp->cli.decimals, &e) == -1) ||
	    sales_html_table(&h, hdr, width, tab, n, &e) == -1 ||
	    sales_html_end(&h, &e) == -1)
		sales_cli_die(&rp->cli, &e, SALES_EXIT_FAIL);
	free_charts(&c);
	sales_free(shown);
	sales_free((void *)tab);
	sales_free(title);
}

/* Write row through w, its cells copied into f (width of them). */
static void
write_row(struct report *rp, struct sales_writer *w, struct sales_field *f,
    size_t width, const struct outrow *row)
{
	struct sales_err	 e;
	size_t			 j;

	for (j = 0; j < width; j++)
		f[j] = row->cells[j];
	if (sales_writer_row(w, f, width, &e) == -1)
		sales_cli_die(&rp->cli, &e, SALES_EXIT_FAIL);
}

/* Free the cells of row (width of them). */
static void
free_row(size_t width, struct outrow *row)
{
	size_t	 j;

	for (j = 0; j < width; j++)
		sales_free((char *)row->cells[j].s);
	sales_free(row->cells);
	row->cells = NULL;
}

static void
write_report(struct report *rp, struct sales_writer *w, FILE *fp)
{
	struct sales_field	*f;
	struct outrow		*rows;
	struct sales_err	 e;
	size_t			*order, width, i, j, k, n, nrows = 0, per;
	size_t			 total;

	width = rp->gb.n + (rp->nfunnel ? 5 : rp->nmetrics);
	if ((f = sales_calloc(width, sizeof(*f))) == NULL)
		sales_cli_die_nomem(&rp->cli);
	for (i = 0; i < rp->gb.n; i++) {
		f[i].s = rp->gb.items[i].label;
		f[i].len = strlen(f[i].s);
	}
	for (j = 0; j < (rp->nfunnel ? 5 : rp->nmetrics); j++, i++) {
		f[i].s = rp->nfunnel ? funnel_names[j] :
		    metrics[rp->mlist[j]].name;
		f[i].len = strlen(f[i].s);
	}
	/* Look the quotas up before the first byte of output. */
	for (i = 0; rp->quotas != NULL && i < rp->ngs; i++)
		group_quota(rp, i);
	if (w != NULL && sales_writer_header(w, f, width, &e) == -1)
		sales_cli_die(&rp->cli, &e, SALES_EXIT_FAIL);

	/* SPEC 3: counts over no rows are 0, even without groups. */
	if (rp->gb.n == 0 && rp->ngs == 0)
		(void)group_intern(rp, "", 0, rp->gb.hash);
	per = rp->nfunnel ? rp->nfunnel : 1;
	if ((order = sales_groups_sorted(rp->groups, &e)) == NULL)
		sales_cli_die(&rp->cli, &e, SALES_EXIT_FAIL);
	if (w != NULL && rp->sort == NULL) {
		/*
		 * In key order, as built: a group's rows are written and
		 * freed at once, so memory holds no row of output.
		 */
		if ((rows = sales_calloc(per, sizeof(*rows))) == NULL)
			sales_cli_die_nomem(&rp->cli);
		for (i = 0; i < rp->ngs; i++) {
			n = group_rows(rp, order[i], rows, 0);
			for (k = 0; k < n; k++, nrows++) {
				if (rp->top < 0 || nrows < (size_t)rp->top)
					write_row(rp, w, f, width, &rows[k]);
				free_row(width, &rows[k]);
			}
		}
		sales_free(order);
		sales_free(rows);
		sales_free(f);
		return;
	}
	total = rp->ngs * per;
	if ((rows = sales_calloc(total, sizeof(*rows))) == NULL)
		sales_cli_die_nomem(&rp->cli);
	for (i = 0; i < rp->ngs; i++)
		nrows += group_rows(rp, order[i], rows, nrows);
	sales_free(order);

	if (rp->sort != NULL)
		qsort(rows, nrows, sizeof(*rows), cmp_rows);
	if (rp->top >= 0 && (size_t)rp->top < nrows)
		total = (size_t)rp->top;
	else
		total = nrows;
	if (w == NULL)
		write_html(rp, fp, f, width, rows, total);
	for (i = 0; i < nrows; i++) {
		if (w != NULL && i < total)
			write_row(rp, w, f, width, &rows[i]);
		free_row(width, &rows[i]);
	}
	sales_free(rows);
	sales_free(f);
}

/* Check --sort against the output columns, before reading. */
static void
resolve_sort(struct report *rp)
{
	char	*name, *colon;
	size_t	 i;

	if (rp->sort == NULL)
		return;
	if ((name = sales_strndup(rp->sort, strlen(rp->sort))) == NULL)
		sales_cli_die_nomem(&rp->cli);
	if ((colon = strrchr(name, ':')) != NULL) {
		if (strcmp(colon + 1, "desc") == 0)
			sort_desc = 1;
		else if (strcmp(colon + 1, "asc") != 0)
			colon = NULL;
		if (colon != NULL)
			*colon = '\0';
	}
	sort_col = -1;
	for (i = 0; i < rp->gb.n && sort_col < 0; i++)
		if (strcmp(rp->gb.items[i].label, name) == 0)
			sort_col = (int)i;
	for (i = 0; i < (rp->nfunnel ? 5 : rp->nmetrics) && sort_col < 0; i++)
		if (strcmp(rp->nfunnel ? funnel_names[i] :
		    metrics[rp->mlist[i]].name, name) == 0)
			sort_col = (int)(rp->gb.n + i);
	if (sort_col < 0)
		sales_cli_die_usage(&rp->cli, "--sort: no output column '%s'",
		    name);
	sales_free(name);
}

static void
free_report(struct report *rp)
{
	size_t	 i;

	for (i = 0; i < rp->ngs; i++) {
		sales_hist_release(&rp->gs[i].cycle);
		sales_free(rp->gs[i].reached);
	}
	sales_free(rp->gsmem);
	sales_groupby_release(&rp->gb);
	sales_list_free(rp->funnel, rp->nfunnel);
	sales_groups_free(rp->groups);
	sales_quotatab_free(rp->quotas);
	sales_reader_close(rp->r);
	sales_cli_release(&rp->cli);
}

static void
read_all(struct report *rp)
{
	struct sales_record	 rec;
	struct sales_err	 e;
	int			 rv;

	while ((rv = sales_reader_next(rp->r, &rec, &e)) != 0) {
		if (rv == -1) {
			if (e.code != SALES_EROW || rp->rejects == NULL)
				sales_cli_die(&rp->cli, &e, SALES_EXIT_FAIL);
			if (sales_rejects_add(rp->rejects, &rec,
			    sales_err_str(&e), &e) == -1)
				sales_cli_die(&rp->cli, &e, SALES_EXIT_FAIL);
			continue;
		}
		count(rp, &rec);
	}
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "by",		required_argument, NULL, 'g' },
		{ "quotas",	required_argument, NULL, 'Q' },
		{ "funnel",	required_argument, NULL, OPT_FUNNEL },
		{ "metrics",	required_argument, NULL, OPT_METRICS },
		{ "sort",	required_argument, NULL, OPT_SORT },
		{ "top",	required_argument, NULL, OPT_TOP },
		SALES_CLI_TABLE_LONGOPTS,
		SALES_CLI_CALENDAR_LONGOPTS,
		SALES_CLI_STAGE_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	struct report		 rp;
	struct sales_output	 out;
	struct sales_writer	*w;
	struct sales_err	 e;
	const char		*groups = NULL, *errstr;
	size_t			 i;
	int			 ch;

	memset(&rp, 0, sizeof(rp));
	rp.top = -1;
	sales_cli_init(&rp.cli, "sm-report");
	while ((ch = getopt_long(argc, argv, SALES_CLI_SHORTOPTS "g:Q:", longopts,
	    NULL)) != -1) {
		switch (sales_cli_option(&rp.cli, ch, optarg, &e)) {
		case 1:
			continue;
		case -1:
			sales_cli_option_die(&rp.cli, ch, optarg, &e,
			    "csv, tsv, json, pretty, markdown or html",
			    SALES_EXIT_FAIL);
		}
		switch (ch) {
		case 'g':
			groups = optarg;
			break;
		case 'h':
			usage(SALES_EXIT_OK);
		case 'Q':
			rp.quotafile = optarg;
			break;
		case 'V':
			printf("sm-report %s\n", SALES_VERSION);
			exit(SALES_EXIT_OK);
		case OPT_FUNNEL:
			if (sales_list_split(optarg, &rp.funnel, &rp.nfunnel,
			    &e) == -1)
				sales_cli_die(&rp.cli, &e, SALES_EXIT_FAIL);
			check_funnel(&rp);
			break;
		case OPT_METRICS:
			parse_metrics(&rp, optarg);
			break;
		case OPT_SORT:
			rp.sort = optarg;
			break;
		case OPT_TOP:
			rp.top = sales_strtonum(optarg, 0, LLONG_MAX, &errstr);
			if (errstr != NULL)
				sales_cli_die_usage(&rp.cli, "--top: invalid "
				    "number '%s': %s", optarg, errstr);
			break;
		default:
			usage(SALES_EXIT_USAGE);
		}
	}
	argc -= optind;
	argv += optind;
	if (!rp.metrics_given)
		for (i = 0; i < NMETRICS; i++)
			if (metrics[i].dflt)
				rp.mlist[rp.nmetrics++] = (int)i;
	if (rp.quotafile != NULL && !has_metric(&rp, M_QUOTA) &&
	    !has_metric(&rp, M_ATTAINMENT)) {
		rp.mlist[rp.nmetrics++] = M_QUOTA;
		rp.mlist[rp.nmetrics++] = M_ATTAINMENT;
	}
	rp.fname = argc > 0 && strcmp(argv[0], "-") != 0 ? argv[0] : "stdin";
	/* No output may be an input or another output of the run. */
	if ((rp.quotafile != NULL && sales_cli_input("-Q", rp.quotafile,
	    &e) == -1) || sales_cli_files(&rp.cli, argv, (size_t)argc,
	    &e) == -1)
		sales_cli_die(&rp.cli, &e, SALES_EXIT_USAGE);

	if (sales_reader_open(&rp.r, (const char *const *)argv, (size_t)argc,
	    &rp.cli.topts, &e) == -1)
		sales_cli_die(&rp.cli, &e, e.code == SALES_EUSAGE ?
		    SALES_EXIT_USAGE : SALES_EXIT_FAIL);
	if (groups != NULL && sales_groupby_parse(&rp.gb, groups,
	    SALES_GROUPBY_PERIODS, rp.r, &rp.cli.roles, rp.fname, &e) == -1)
		sales_cli_die(&rp.cli, &e, e.code == SALES_EUSAGE ?
		    SALES_EXIT_USAGE : SALES_EXIT_FAIL);
	resolve(&rp);
	check_columns(&rp);
	resolve_sort(&rp);
	if (rp.quotafile != NULL && sales_quotatab_open(&rp.quotas,
	    rp.quotafile, &rp.cli, &e) == -1)
		sales_cli_die(&rp.cli, &e, e.code == SALES_EUSAGE ?
		    SALES_EXIT_USAGE : SALES_EXIT_FAIL);
	if (sales_groups_new(&rp.groups, &e) == -1)
		sales_cli_die(&rp.cli, &e, SALES_EXIT_FAIL);
	if (rp.cli.rejects != NULL && sales_rejects_open(&rp.rejects,
	    rp.cli.rejects, sales_reader_header(rp.r), sales_reader_ncols(rp.r),
	    sales_reader_format(rp.r), sales_reader_delim(rp.r),
	    rp.cli.wflags, &e) == -1)
		sales_cli_die(&rp.cli, &e, SALES_EXIT_FAIL);
	/* html is written by write_html(), not by a writer. */
	w = NULL;
	if (sales_output_open(&out, rp.cli.output, &e) == -1 ||
	    (rp.cli.to != SALES_FMT_HTML && sales_writer_open(&w, out.fp,
	    sales_cli_format(&rp.cli, sales_reader_format(rp.r)),
	    rp.cli.topts.delim, rp.cli.wflags, &e) == -1))
		sales_cli_die(&rp.cli, &e, e.code == SALES_EUSAGE ?
		    SALES_EXIT_USAGE : SALES_EXIT_FAIL);

	read_all(&rp);
	write_report(&rp, w, out.fp);

	if (rp.offfunnel > 0)
		fprintf(stderr, "sm-report: %lu open deal%s in stages not in "
		    "--funnel\n", rp.offfunnel, rp.offfunnel == 1 ? "" : "s");
	if (rp.rejects != NULL) {
		unsigned long n = sales_rejects_count(rp.rejects);

		if (sales_rejects_close(rp.rejects, &e) == -1)
			sales_cli_die(&rp.cli, &e, SALES_EXIT_FAIL);
		if (n > 0)
			fprintf(stderr, "sm-report: %lu row%s rejected\n",
			    n, n == 1 ? "" : "s");
	}
	if (sales_writer_close(w, &e) == -1 ||
	    sales_output_commit(&out, &e) == -1)
		sales_cli_die(&rp.cli, &e, SALES_EXIT_FAIL);
	free_report(&rp);
	return SALES_EXIT_OK;
}
