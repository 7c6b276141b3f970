/*
 * sm-segment: score leads and sort them into segments by rules, adding
 * the columns segment, score and (with --explain) reasons.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "libsales/cli.h"
#include "libsales/date.h"
#include "libsales/err.h"
#include "libsales/expr.h"
#include "libsales/mem.h"
#include "libsales/money.h"
#include "libsales/roles.h"
#include "libsales/stream.h"
#include "libsales/table.h"

/* The formats --to takes here. */
#define FORMATS	"csv, tsv or json"

enum {
	OPT_AS_OF = SALES_OPT_FIRST_FREE
};

/* A -r FILE or -e RULE, in the order given. */
struct source {
	int		 expr;		/* -e */
	const char	*arg;
};

struct segment {
	struct sales_cli	 cli;
	struct sales_rules_opts	 ro;
	struct sales_rules	*rules;
	struct sales_stream	*st;
	struct source		*src;
	size_t			 nsrc;
	const char		*column;	/* --column */
	int			 stats;		/* --stats */
	int			 segcol, scorecol, reasonscol;
	unsigned long		*count;		/* rows per segment name */
	long long		*sum;		/* their scores */
};

static void	usage(int) __attribute__((noreturn));

static void
usage(int status)
{
	FILE	*fp = status == SALES_EXIT_OK ? stdout : stderr;

	fprintf(fp,
"usage: sm-segment [-hsVx] [-a DATE] [-c NAME] [-D NAME] [-e RULE]\n"
"                  [-m ROLE=COLUMN] [-o FILE] [-r FILE] [-d C]\n"
"                  [--from csv|tsv] [--to csv|tsv|json] [--date-format FMT]\n"
"                  [--decimal-comma] [--decimals N] [--null VALUE]\n"
"                  [--no-header --columns A,...] [--rejects FILE]\n"
"                  [--excel-safe] [--max-field BYTES] [FILE ...]\n");
	if (status == SALES_EXIT_OK)
		fprintf(fp,
"\n"
"Score each row by the 'score +N: EXPR' rules of -r FILE and -e RULE and name\n"
"its segment by the first 'NAME: EXPR' rule that holds (else --default,\n"
"'unsegmented'); add columns segment (-c), score and, with -x, reasons.\n"
"See sm-segment(1) and sm(7).\n");
	exit(status);
}

static void
die_nomem(const struct sales_cli *cli)
{
	struct sales_err	 e;

	sales_err_set(&e, SALES_ENOMEM, "out of memory");
	sales_cli_die(cli, &e, SALES_EXIT_FAIL);
}

static void
parse_options(struct segment *sg, int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "as-of",	required_argument, NULL, 'a' },
		{ "column",	required_argument, NULL, 'c' },
		{ "default",	required_argument, NULL, 'D' },
		{ "explain",	no_argument,	   NULL, 'x' },
		{ "rule",	required_argument, NULL, 'e' },
		{ "rules",	required_argument, NULL, 'r' },
		{ "stats",	no_argument,	   NULL, 's' },
		SALES_CLI_TABLE_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	struct sales_datefmt	 iso;
	struct sales_err	 e;
	const char		*why, *to = NULL;
	int			 ch;

	sales_datefmt_init(&iso, NULL, NULL);
	if ((sg->src = sales_calloc((size_t)argc, sizeof(*sg->src))) == NULL)
		die_nomem(&sg->cli);
	while ((ch = getopt_long(argc, argv, SALES_CLI_SHORTOPTS
	    "a:c:D:e:r:sx", longopts, NULL)) != -1) {
		if (ch == SALES_OPT_TO)
			to = optarg;
		switch (sales_cli_option(&sg->cli, ch, optarg, &e)) {
		case 1:
			continue;
		case -1:
			sales_cli_option_die(&sg->cli, ch, optarg, &e, FORMATS,
			    SALES_EXIT_FAIL);
		}
		switch (ch) {
		case 'a':
			/* Always ISO: --date-format is for the input. */
			if (sales_date_parse(&iso, optarg, strlen(optarg),
			    &sg->ro.as_of, &why) == -1)
				sales_cli_die_usage(&sg->cli, "--as-of: %s: "
				    "'%s'", strncmp(why, "not a date", 10) ==
				    0 ? "not a date (expected YYYY-MM-DD)" :
				    why, optarg);
			break;
		case 'c':
			if (optarg[0] == '\0')
				sales_cli_die_usage(&sg->cli,
				    "--column: empty column name");
			sg->column = optarg;
			break;
		case 'D':
			if (optarg[0] == '\0')
				sales_cli_die_usage(&sg->cli,
				    "--default: empty segment name");
			sg->ro.default_segment = optarg;
			break;
		case 'e':
		case 'r':
			sg->src[sg->nsrc].expr = ch == 'e';
			sg->src[sg->nsrc++].arg = optarg;
			break;
		case 'h':
			usage(SALES_EXIT_OK);
		case 's':
			sg->stats = 1;
			break;
		case 'V':
			printf("sm-segment %s\n", SALES_VERSION);
			exit(SALES_EXIT_OK);
		case 'x':
			sg->ro.explain = 1;
			break;
		default:
			usage(SALES_EXIT_USAGE);
		}
	}
	if (sg->cli.to != 0 && sg->cli.to != SALES_FMT_CSV &&
	    sg->cli.to != SALES_FMT_TSV && sg->cli.to != SALES_FMT_JSON)
		sales_cli_die_usage(&sg->cli, "--to: sm-segment writes " FORMATS
		    ", not '%s'", to);
	if (sg->nsrc == 0)
		sales_cli_die_usage(&sg->cli,
		    "no rules (give -r FILE or -e RULE)");
}

/*
 * Parse every -r and -e in order: a bad rule is a usage error, an
 * unreadable rules file an I/O failure.
 */
static void
load_rules(struct segment *sg)
{
	struct sales_err	 e;
	char			 name[32];
	size_t			 i, ne = 0;
	int			 rv;

	sg->ro.datefmt = &sg->cli.datefmt;
	sg->ro.money_flags = sg->cli.money_flags;
	if (sales_rules_new(&sg->rules, &sg->ro, &e) == -1)
		sales_cli_die(&sg->cli, &e, SALES_EXIT_FAIL);
	for (i = 0; i < sg->nsrc; i++) {
		if (sg->src[i].expr) {
			snprintf(name, sizeof(name), "-e %zu", ++ne);
			rv = sales_rules_parse(sg->rules, sg->src[i].arg,
			    strlen(sg->src[i].arg), name, &e);
		} else
			rv = sales_rules_load(sg->rules, sg->src[i].arg, &e);
		if (rv == -1)
			sales_cli_die(&sg->cli, &e, e.code == SALES_ENOMEM ||
			    e.code == SALES_EIO ? SALES_EXIT_FAIL :
			    SALES_EXIT_USAGE);
	}
	if (sales_rules_nscores(sg->rules) + sales_rules_nsegments(sg->rules)
	    == 0)
		sales_cli_die_usage(&sg->cli, "no rules in %s%s",
		    sg->nsrc == 1 ? "" : "any of ", sg->src[0].expr ? "-e" :
		    sg->src[0].arg);
}

/* Open the input, bind the rules, declare the output columns. */
static void
open_table(struct segment *sg, char *const *paths, size_t npaths)
{
	struct sales_reader	*rd;
	struct sales_err	 e;
	const char		*segname, *names[3];
	size_t			 i, j, n;

	if (sales_stream_open(&sg->st, &sg->cli, paths, npaths, &e) == -1)
		sales_cli_die(&sg->cli, &e, e.code == SALES_EUSAGE ?
		    SALES_EXIT_USAGE : SALES_EXIT_FAIL);
	rd = sales_stream_reader(sg->st);
	if (sales_rules_bind(sg->rules, sales_reader_header(rd),
	    sales_reader_ncols(rd), &e) == -1)
		sales_cli_die(&sg->cli, &e, e.code == SALES_ENOMEM ?
		    SALES_EXIT_FAIL : SALES_EXIT_USAGE);
	segname = sg->column != NULL ? sg->column :
	    sg->cli.roles.column[SALES_ROLE_SEGMENT];
	n = 0;
	names[n++] = segname;
	if (sales_rules_nscores(sg->rules) > 0)
		names[n++] = "score";
	if (sg->ro.explain)
		names[n++] = "reasons";
	for (i = 1; i < n; i++)
		for (j = 0; j < i; j++)
			if (sales_name_eq(names[i], strlen(names[i]),
			    names[j], strlen(names[j])))
				sales_cli_die_usage(&sg->cli, "the segment "
				    "column '%s' would also be the %s column",
				    segname, names[i]);
	sg->scorecol = sg->reasonscol = -1;
	if ((sg->segcol = sales_stream_column(sg->st, segname, &e)) == -1 ||
	    (sales_rules_nscores(sg->rules) > 0 && (sg->scorecol =
	    sales_stream_column(sg->st, "score", &e)) == -1) ||
	    (sg->ro.explain && (sg->reasonscol =
	    sales_stream_column(sg->st, "reasons", &e)) == -1))
		sales_cli_die(&sg->cli, &e, SALES_EXIT_FAIL);
	n = sales_rules_nnames(sg->rules);
	sg->count = sales_calloc(n, sizeof(*sg->count));
	sg->sum = sales_calloc(n, sizeof(*sg->sum));
	if (sg->count == NULL || sg->sum == NULL)
		die_nomem(&sg->cli);
}

/*
 * Write score in decimal at the end of buf (24 bytes, no NUL), as
 * "%lld" would, once a row without printf's cost.  Returns the length.
 */
static size_t
format_score(long long score, char *buf)
{
	unsigned long long	 u;
	size_t			 n = 0;

	u = score < 0 ? 0ULL - (unsigned long long)score :
	    (unsigned long long)score;
	do {
		buf[23 - n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u > 0);
	if (score < 0)
		buf[23 - n++] = '-';
	return n;
}

/* Score and segment every row, and write it. */
static void
segment_rows(struct segment *sg)
{
	struct sales_reader	*rd = sales_stream_reader(sg->st);
	struct sales_field	*vals;
	struct sales_record	 rec;
	struct sales_verdict	 v;
	struct sales_err	 e;
	const size_t		*cols;
	const char		*name;
	char			 num[24];
	size_t			 i, ncols, len;
	int			 rv;

	cols = sales_rules_columns(sg->rules, &ncols);
	if ((vals = sales_calloc(sales_reader_ncols(rd), sizeof(*vals))) ==
	    NULL)
		die_nomem(&sg->cli);
	while ((rv = sales_stream_next(sg->st, &rec, &e)) == 1) {
		for (i = 0; i < ncols; i++)
			sales_reader_value(rd, &rec, cols[i], &vals[cols[i]]);
		if (sales_rules_eval(sg->rules, vals, sales_reader_ncols(rd),
		    &v, &e) == -1)
			sales_cli_die(&sg->cli, &e, SALES_EXIT_FAIL);
		name = sales_rules_name(sg->rules, v.segment);
		if (sales_stream_set(sg->st, sg->segcol, name, strlen(name),
		    &e) == -1)
			sales_cli_die(&sg->cli, &e, SALES_EXIT_FAIL);
		if (sg->scorecol != -1) {
			len = format_score(v.score, num);
			if (sales_stream_set(sg->st, sg->scorecol,
			    num + sizeof(num) - len, len, &e) == -1)
				sales_cli_die(&sg->cli, &e, SALES_EXIT_FAIL);
		}
		if (sg->reasonscol != -1 && sales_stream_set(sg->st,
		    sg->reasonscol, v.reasons, v.reasonslen, &e) == -1)
			sales_cli_die(&sg->cli, &e, SALES_EXIT_FAIL);
		if (sales_stream_write(sg->st, &rec, &e) == -1)
			sales_cli_die(&sg->cli, &e, SALES_EXIT_FAIL);
		sg->count[v.segment]++;
		sg->sum[v.segment] += v.score;
	}
	if (rv == -1)
		sales_cli_die(&sg->cli, &e, SALES_EXIT_FAIL);
	sales_free(vals);
}

/*
 * --stats: a TSV table on stderr, one line a segment name in the order
 * of the rules, the default last: rows, their share of all rows and
 * (when the rules score) their mean score.
 */
static void
print_stats(const struct segment *sg)
{
	char		 share[SALES_MONEY_BUFSZ], mean[SALES_MONEY_BUFSZ];
	unsigned long	 total = 0;
	size_t		 i, n = sales_rules_nnames(sg->rules);
	int		 scores = sales_rules_nscores(sg->rules) > 0;

	for (i = 0; i < n; i++)
		total += sg->count[i];
	fprintf(stderr, "segment\trows\tshare%s\n", scores ? "\tmean_score" :
	    "");
	for (i = 0; i < n; i++) {
		share[0] = mean[0] = '\0';
		if (total > 0)
			sales_fraction_format((int64_t)sg->count[i],
			    (int64_t)total, 4, share);
		if (sg->count[i] > 0)
			sales_fraction_format(sg->sum[i],
			    (int64_t)sg->count[i], sg->cli.decimals, mean);
		fprintf(stderr, "%s\t%lu\t%s", sales_rules_name(sg->rules, i),
		    sg->count[i], share);
		if (scores)
			fprintf(stderr, "\t%s", mean);
		fputc('\n', stderr);
	}
}

int
main(int argc, char *argv[])
{
	struct segment		 sg;
	struct sales_err	 e;
	unsigned long		 rejected;
	size_t			 i;

	memset(&sg, 0, sizeof(sg));
	sales_cli_init(&sg.cli, "sm-segment");
	sales_rules_opts_init(&sg.ro);
	sg.ro.as_of = (long)(time(NULL) / 86400);	/* today in UTC */
	parse_options(&sg, argc, argv);
	argc -= optind;
	argv += optind;
	/* No output may be an input (a -r file too) or another output. */
	for (i = 0; i < sg.nsrc; i++)
		if (!sg.src[i].expr && sales_cli_input("-r", sg.src[i].arg,
		    &e) == -1)
			sales_cli_die(&sg.cli, &e, SALES_EXIT_USAGE);
	if (sales_cli_files(&sg.cli, argv, (size_t)argc, &e) == -1)
		sales_cli_die(&sg.cli, &e, SALES_EXIT_USAGE);

	load_rules(&sg);
	open_table(&sg, argv, (size_t)argc);
	segment_rows(&sg);

	rejected = sales_stream_rejected(sg.st);
	if (sales_stream_close(sg.st, &e) == -1)
		sales_cli_die(&sg.cli, &e, SALES_EXIT_FAIL);
	if (sg.stats)
		print_stats(&sg);
	if (rejected > 0)
		fprintf(stderr, "sm-segment: %lu row%s rejected\n", rejected,
		    rejected == 1 ? "" : "s");
	sales_rules_free(sg.rules);
	sales_free(sg.count);
	sales_free(sg.sum);
	sales_free(sg.src);
	sales_cli_release(&sg.cli);
	return SALES_EXIT_OK;
}
