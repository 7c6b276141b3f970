/*
 * sm-assign: hand each lead to an eligible rep within capacity (the
 * methods least-loaded, round-robin, weighted and optimal), or carve
 * accounts into even books (-M balance), adding the column rep.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "libsales/assign.h"
#include "libsales/cli.h"
#include "libsales/deal.h"
#include "libsales/err.h"
#include "libsales/groups.h"
#include "libsales/mem.h"
#include "libsales/money.h"
#include "libsales/roles.h"
#include "libsales/state.h"
#include "libsales/stream.h"
#include "libsales/table.h"
#include "libsales/writer.h"

enum {
	OPT_KEEP = SALES_OPT_FIRST_FREE,
	OPT_REASSIGN,
	OPT_STRICT
};

#define MAXCOUNT	1000000000000LL	/* capacity and load, in leads */
#define MAXFIT		((int64_t)1000000 * SALES_MONEY_SCALE)

struct run {
	struct sales_cli	 cli;
	int			 method;
	const char		*reps;		/* -R */
	const char		*by;		/* -b */
	const char		*fit;		/* -F */
	const char		*history;	/* -H */
	const char		*statefile;	/* -S */
	const char		*summary;	/* -s */
	int			 keep;		/* --keep territory */
	int			 dryrun;	/* -n */
	int			 reassign;
	int			 strict;
	struct sales_assign	*a;
	struct sales_state	*st;
	struct sales_reader	*rd;		/* the table being read */
	struct sales_stream	*stream;	/* the second pass */
	/* Columns of the lead table (-1: none). */
	int			 terrcol, segcol, repcol, bycol;
	int			 informat;	/* the format read */
	unsigned long		 unassigned;
	unsigned long		 rejected;	/* --dry-run: rows not read */
	/* Balance: one unit a row, or a territory with --keep. */
	struct sales_groups	*units;
	int64_t			*values;
	unsigned long		*unitrows;
	size_t			 nunits, capunits;
	size_t			*owner;
	size_t			 row;		/* pass 2: good rows so far */
	/* The lead files as given, and as read (see spool_inputs()). */
	char *const		*names;
	char			**paths;
	char			**alias;	/* "/dev/fd/N" or NULL */
	int			*aliasfd;
	size_t			 npaths;
};

static void	usage(int) __attribute__((noreturn));

static void
usage(int status)
{
	FILE	*fp = status == SALES_EXIT_OK ? stdout : stderr;

	fprintf(fp,
"usage: sm-assign [-hnV] -R FILE [-M METHOD] [-b COLUMN] [-F FILE] [-H FILE]\n"
"                 [-m ROLE=COLUMN] [-o FILE] [-S FILE] [-s FILE] [-d C]\n"
"                 [--keep territory] [--reassign] [--strict] [--won STAGE]\n"
"                 [--lost STAGE] [--from csv|tsv] [--to csv|tsv|json]\n"
"                 [--date-format FMT] [--decimal-comma] [--decimals N]\n"
"                 [--null VALUE] [--no-header --columns A,...]\n"
"                 [--rejects FILE] [--excel-safe] [--max-field BYTES]\n"
"                 [FILE ...]\n");
	if (status == SALES_EXIT_OK)
		fprintf(fp,
"\n"
"Give each lead to an active rep of -R FILE who covers its territory and\n"
"segment and has room: -M least-loaded (default), round-robin, weighted or\n"
"optimal (most fit, from -F FILE or -H OPPS); add columns rep and\n"
"assign_reason.  -M balance -b COLUMN carves rows into even books instead.\n"
"See sm-assign(1) and sm(7).\n");
	exit(status);
}

/*
 * Name a spooled lead file in e as it was given rather than by the
 * descriptor it is read through (spool_inputs()).
 */
static void
unalias(const struct run *rn, struct sales_err *e)
{
	size_t	 i;

	for (i = 0; rn->alias != NULL && i < rn->npaths; i++)
		if (rn->alias[i] != NULL &&
		    strcmp(e->file, rn->alias[i]) == 0) {
			snprintf(e->file, sizeof(e->file), "%s", rn->names[i]);
			break;
		}
}

/* Print the error (see unalias()) and exit with status. */
static void __attribute__((noreturn))
die(struct run *rn, struct sales_err *e, int status)
{
	if (e != NULL)
		unalias(rn, e);
	sales_cli_die(&rn->cli, e, status);
}

static void
parse_options(struct run *rn, int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "by",		required_argument, NULL, 'b' },
		{ "dry-run",	no_argument,	   NULL, 'n' },
		{ "fit",	required_argument, NULL, 'F' },
		{ "history",	required_argument, NULL, 'H' },
		{ "keep",	required_argument, NULL, OPT_KEEP },
		{ "method",	required_argument, NULL, 'M' },
		{ "reassign",	no_argument,	   NULL, OPT_REASSIGN },
		{ "reps",	required_argument, NULL, 'R' },
		{ "state",	required_argument, NULL, 'S' },
		{ "strict",	no_argument,	   NULL, OPT_STRICT },
		{ "summary",	required_argument, NULL, 's' },
		SALES_CLI_TABLE_LONGOPTS,
		SALES_CLI_STAGE_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	struct sales_err	 e;
	int			 ch;

	while ((ch = getopt_long(argc, argv, SALES_CLI_SHORTOPTS
	    "b:F:H:M:nR:S:s:", longopts, NULL)) != -1) {
		switch (sales_cli_option(&rn->cli, ch, optarg, &e)) {
		case 1:
			continue;
		case -1:
			/* A bad argument is a usage error, as any other. */
			if (e.code == SALES_EUSAGE)
				sales_cli_die_usage(&rn->cli, "%s",
				    sales_err_str(&e));
			die(rn, &e, SALES_EXIT_USAGE);
		}
		switch (ch) {
		case 'b':
			if (optarg[0] == '\0')
				sales_cli_die_usage(&rn->cli,
				    "--by: empty column name");
			rn->by = optarg;
			break;
		case 'F':
			rn->fit = optarg;
			break;
		case 'H':
			rn->history = optarg;
			break;
		case 'h':
			usage(SALES_EXIT_OK);
		case 'M':
			rn->method = sales_assign_method_parse(optarg);
			if (rn->method < 0)
				sales_cli_die_usage(&rn->cli, "--method: "
				    "unknown method '%s' (least-loaded, "
				    "round-robin, weighted, optimal, balance)",
				    optarg);
			break;
		case 'n':
			rn->dryrun = 1;
			break;
		case 'R':
			rn->reps = optarg;
			break;
		case 'S':
			rn->statefile = optarg;
			break;
		case 's':
			rn->summary = optarg;
			break;
		case 'V':
			printf("sm-assign %s\n", SALES_VERSION);
			exit(SALES_EXIT_OK);
		case OPT_KEEP:
			if (strcmp(optarg, "territory") != 0)
				sales_cli_die_usage(&rn->cli, "--keep: "
				    "expected 'territory', not '%s'", optarg);
			rn->keep = 1;
			break;
		case OPT_REASSIGN:
			rn->reassign = 1;
			break;
		case OPT_STRICT:
			rn->strict = 1;
			break;
		default:
			usage(SALES_EXIT_USAGE);
		}
	}
}

/* The combinations of options that make no sense are usage errors. */
static void
check_options(struct run *rn)
{
	const struct sales_cli	*cli = &rn->cli;
	int			 m = rn->method;

	if (cli->to != 0 && cli->to != SALES_FMT_CSV &&
	    cli->to != SALES_FMT_TSV && cli->to != SALES_FMT_JSON)
		sales_cli_die_usage(cli,
		    "--to: sm-assign writes csv, tsv or json");
	if (rn->reps == NULL)
		sales_cli_die_usage(cli, "no rep table (give -R FILE)");
	if (rn->by != NULL && m != SALES_ASSIGN_BALANCE)
		sales_cli_die_usage(cli, "--by: only with -M balance");
	if (rn->keep && m != SALES_ASSIGN_BALANCE)
		sales_cli_die_usage(cli, "--keep: only with -M balance");
	if ((rn->fit != NULL || rn->history != NULL) &&
	    m != SALES_ASSIGN_OPTIMAL)
		sales_cli_die_usage(cli, "%s: only with -M optimal",
		    rn->fit != NULL ? "--fit" : "--history");
	if (m == SALES_ASSIGN_OPTIMAL && rn->fit == NULL &&
	    rn->history == NULL)
		sales_cli_die_usage(cli,
		    "-M optimal needs --fit FILE or --history FILE");
	if (rn->fit != NULL && rn->history != NULL)
		sales_cli_die_usage(cli, "--fit and --history exclude "
		    "each other");
	if (rn->statefile != NULL && (m == SALES_ASSIGN_OPTIMAL ||
	    m == SALES_ASSIGN_BALANCE))
		sales_cli_die_usage(cli, "--state: -M %s keeps no rotation",
		    sales_assign_method_name(m));
}

/*
 * No output may be an input (leads, -R, --fit, --history, --state) or
 * share a file with another output: a usage error before anything is
 * read or written.
 */
static void
check_files(struct run *rn, char *const *paths, size_t npaths)
{
	struct sales_err	 e;

	if ((rn->reps != NULL && sales_cli_input("-R", rn->reps, &e) == -1) ||
	    (rn->fit != NULL && sales_cli_input("--fit", rn->fit, &e) == -1) ||
	    (rn->history != NULL &&
	    sales_cli_input("--history", rn->history, &e) == -1) ||
	    (rn->statefile != NULL &&
	    sales_cli_input("--state", rn->statefile, &e) == -1) ||
	    (rn->summary != NULL &&
	    sales_cli_output("--summary", rn->summary, &e) == -1) ||
	    sales_cli_files(&rn->cli, paths, npaths, &e) == -1)
		die(rn, &e, SALES_EXIT_USAGE);
}

/*
 * Table options for a side table (-R, --fit, --history): the input's
 * delimiter, nulls and limits, but always a header and the format by
 * the file's own name or content.
 */
static struct sales_table_opts
side_opts(const struct run *rn)
{
	struct sales_table_opts	 o = rn->cli.topts;

	o.format = SALES_FMT_AUTO;
	o.no_header = 0;
	o.columns = NULL;
	return o;
}

static struct sales_reader *
open_side(struct run *rn, const char *path)
{
	struct sales_table_opts	 o = side_opts(rn);
	struct sales_reader	*rd;
	struct sales_err	 e;

	if (sales_reader_open(&rd, &path, 1, &o, &e) == -1)
		die(rn, &e, e.code == SALES_EUSAGE ?
		    SALES_EXIT_USAGE : SALES_EXIT_FAIL);
	return rn->rd = rd;
}

/*
 * The column of role in the table of file (-1: absent and not
 * required).  A role mapped by -m must be there even when optional:
 * a mistyped -m is a usage error, not a column passed over.
 */
static int
role_col(struct run *rn, struct sales_reader *rd, int role, int required,
    const char *file)
{
	struct sales_err	 e;
	int			 col;

	if (!required) {
		if (sales_roles_optional(&rn->cli.roles, role,
		    sales_reader_header(rd), sales_reader_ncols(rd), file,
		    &col, &e) == -1)
			die(rn, &e, SALES_EXIT_USAGE);
		return col;
	}
	col = sales_roles_require(&rn->cli.roles, role,
	    sales_reader_header(rd), sales_reader_ncols(rd), file, &e);
	if (col == -1)
		die(rn, &e, SALES_EXIT_USAGE);
	return col;
}

/* A bad value in a side table (or a lead row without --rejects). */
static void __attribute__((noreturn))
bad_value(struct run *rn, struct sales_reader *rd,
    const struct sales_record *rec, int col, const char *what,
    const struct sales_field *v)
{
	const struct sales_field *hdr = sales_reader_header(rd);
	struct sales_err	 e;
	char			 name[128];

	snprintf(name, sizeof(name), "%.*s", (int)hdr[col].len, hdr[col].s);
	sales_err_set(&e, SALES_EVALUE, "%s: '%.*s'", what,
	    (int)(v->len < 200 ? v->len : 200), v->s);
	sales_err_where(&e, rec->file, rec->line, name);
	die(rn, &e, SALES_EXIT_FAIL);
}

static void
value(struct sales_reader *rd, const struct sales_record *rec, int col,
    struct sales_field *v)
{
	if (col < 0 || (size_t)col >= rec->nfields) {
		v->s = "";
		v->len = 0;
		return;
	}
	sales_reader_value(rd, rec, (size_t)col, v);
}

/* The field without leading and trailing spaces, copied into buf. */
static int
trimmed(const struct sales_field *v, char *buf, size_t size)
{
	size_t	 b = 0, e = v->len;

	while (b < e && (v->s[b] == ' ' || v->s[b] == '\t'))
		b++;
	while (e > b && (v->s[e - 1] == ' ' || v->s[e - 1] == '\t'))
		e--;
	if (e - b >= size)
		return -1;
	memcpy(buf, v->s + b, e - b);
	buf[e - b] = '\0';
	return 0;
}

/* A whole number of leads; empty gives dflt. */
static int
parse_count(const struct sales_field *v, long long dflt, long long *out)
{
	const char	*errstr;
	char		 buf[32];

	if (trimmed(v, buf, sizeof(buf)) == -1)
		return -1;
	if (buf[0] == '\0') {
		*out = dflt;
		return 0;
	}
	*out = sales_strtonum(buf, 0, MAXCOUNT, &errstr);
	return errstr == NULL ? 0 : -1;
}

/* Read -R: every rep, checked, into the engine. */
static void
read_reps(struct run *rn)
{
	struct sales_reader	*rd = open_side(rn, rn->reps);
	struct sales_rep_spec	 s;
	struct sales_record	 rec;
	struct sales_field	 v;
	struct sales_err	 e;
	const char		*why;
	int			 id, act, terr, skills, cap, load, wt, rv;

	if (sales_assign_new(&rn->a, rn->method, &e) == -1)
		die(rn, &e, SALES_EXIT_FAIL);
	id = role_col(rn, rd, SALES_ROLE_REP, 1, rn->reps);
	act = role_col(rn, rd, SALES_ROLE_ACTIVE, 0, rn->reps);
	terr = role_col(rn, rd, SALES_ROLE_TERRITORIES, 0, rn->reps);
	skills = role_col(rn, rd, SALES_ROLE_SKILLS, 0, rn->reps);
	cap = role_col(rn, rd, SALES_ROLE_CAPACITY, 0, rn->reps);
	load = role_col(rn, rd, SALES_ROLE_LOAD, 0, rn->reps);
	wt = role_col(rn, rd, SALES_ROLE_WEIGHT, 0, rn->reps);
	while ((rv = sales_reader_next(rd, &rec, &e)) == 1) {
		sales_rep_spec_init(&s);
		s.line = rec.line;
		value(rd, &rec, id, &v);
		s.id = v.s;
		s.idlen = v.len;
		if (v.len == 0)
			bad_value(rn, rd, &rec, id, "empty rep id", &v);
		value(rd, &rec, act, &v);
		if ((s.active = sales_active_parse(v.s, v.len)) == -1)
			bad_value(rn, rd, &rec, act, "not yes or no", &v);
		value(rd, &rec, terr, &v);
		s.territories = v.s;
		s.territorieslen = v.len;
		value(rd, &rec, skills, &v);
		s.skills = v.s;
		s.skillslen = v.len;
		value(rd, &rec, cap, &v);
		if (parse_count(&v, SALES_ASSIGN_NOLIMIT, &s.capacity) == -1)
			bad_value(rn, rd, &rec, cap,
			    "not a whole number of leads", &v);
		value(rd, &rec, load, &v);
		if (parse_count(&v, 0, &s.load) == -1)
			bad_value(rn, rd, &rec, load,
			    "not a whole number of leads", &v);
		value(rd, &rec, wt, &v);
		if (v.len > 0) {
			if (sales_money_parse(v.s, v.len, rn->cli.money_flags,
			    &s.weight, &why) == -1)
				bad_value(rn, rd, &rec, wt, "not a number",
				    &v);
			if (s.weight < 0)
				bad_value(rn, rd, &rec, wt, "negative weight",
				    &v);
		}
		if (sales_assign_add_rep(rn->a, &s, &e) == -1) {
			sales_err_where(&e, rec.file, 0, NULL);
			die(rn, &e, SALES_EXIT_FAIL);
		}
	}
	if (rv == -1)
		die(rn, &e, SALES_EXIT_FAIL);
	if (sales_assign_ready(rn->a, &e) == -1) {
		sales_err_where(&e, rn->reps, 0, NULL);
		die(rn, &e, SALES_EXIT_FAIL);
	}
	sales_reader_close(rd);
	rn->rd = NULL;
}

/* --fit FILE: rows rep, segment, fit. */
static void
read_fit(struct run *rn)
{
	struct sales_reader	*rd = open_side(rn, rn->fit);
	struct sales_record	 rec;
	struct sales_field	 r, s, v;
	struct sales_err	 e;
	const char		*why;
	int64_t			 f;
	int			 rc, sc, fc, rv;

	rc = role_col(rn, rd, SALES_ROLE_REP, 1, rn->fit);
	sc = role_col(rn, rd, SALES_ROLE_SEGMENT, 1, rn->fit);
	if ((fc = sales_header_find(sales_reader_header(rd),
	    sales_reader_ncols(rd), "fit")) == -1) {
		sales_err_set(&e, SALES_EUSAGE, "no column 'fit'");
		sales_err_where(&e, rn->fit, 0, NULL);
		die(rn, &e, SALES_EXIT_USAGE);
	}
	while ((rv = sales_reader_next(rd, &rec, &e)) == 1) {
		value(rd, &rec, rc, &r);
		value(rd, &rec, sc, &s);
		value(rd, &rec, fc, &v);
		if (v.len == 0)
			continue;
		if (sales_money_parse(v.s, v.len, rn->cli.money_flags, &f,
		    &why) == -1)
			bad_value(rn, rd, &rec, fc, "not a number", &v);
		if (f < 0 || f > MAXFIT)
			bad_value(rn, rd, &rec, fc,
			    "fit must be between 0 and 1000000", &v);
		if (sales_assign_fit(rn->a, r.s, r.len, s.s, s.len,
		    f * (SALES_FIT_SCALE / SALES_MONEY_SCALE), &e) == -1)
			die(rn, &e, SALES_EXIT_FAIL);
	}
	if (rv == -1)
		die(rn, &e, SALES_EXIT_FAIL);
	sales_reader_close(rd);
	rn->rd = NULL;
}

/* --history OPPS: closed deals per rep and segment. */
static void
read_history(struct run *rn)
{
	struct sales_reader	*rd = open_side(rn, rn->history);
	struct sales_record	 rec;
	struct sales_field	 r, s, v;
	struct sales_err	 e;
	int			 rc, sc, stc, rv, status;

	rc = role_col(rn, rd, SALES_ROLE_REP, 1, rn->history);
	sc = role_col(rn, rd, SALES_ROLE_SEGMENT, 0, rn->history);
	stc = role_col(rn, rd, SALES_ROLE_STAGE, 1, rn->history);
	while ((rv = sales_reader_next(rd, &rec, &e)) == 1) {
		value(rd, &rec, stc, &v);
		status = sales_stage_status(&rn->cli.stages, v.s, v.len);
		if (status == SALES_OPEN)
			continue;
		value(rd, &rec, rc, &r);
		value(rd, &rec, sc, &s);
		if (sales_assign_history(rn->a, r.s, r.len, s.s, s.len,
		    status == SALES_WON, &e) == -1)
			die(rn, &e, SALES_EXIT_FAIL);
	}
	if (rv == -1)
		die(rn, &e, SALES_EXIT_FAIL);
	sales_reader_close(rd);
	rn->rd = NULL;
}

/* Copy what is left of descriptor in into an unlinked temporary file. */
static int
spool(struct run *rn, int in, const char *name)
{
	struct sales_err	 e;
	char			 path[PATH_MAX], buf[65536];
	const char		*dir = getenv("TMPDIR");
	ssize_t			 n, w, off;
	int			 fd;

	if (dir == NULL || dir[0] == '\0')
		dir = "/tmp";
	snprintf(path, sizeof(path), "%s/sm-assign.XXXXXX", dir);
	if ((fd = mkstemp(path)) == -1)
		goto fail;
	unlink(path);
	for (;;) {
		if ((n = read(in, buf, sizeof(buf))) == -1) {
			if (errno == EINTR)
				continue;
			sales_err_sys(&e, SALES_EIO, name);
			die(rn, &e, SALES_EXIT_FAIL);
		}
		if (n == 0)
			break;
		for (off = 0; off < n; off += w)
			if ((w = write(fd, buf + off, (size_t)(n - off))) ==
			    -1) {
				if (errno == EINTR) {
					w = 0;
					continue;
				}
				goto fail;
			}
	}
	return fd;
fail:
	sales_err_sys(&e, SALES_EIO, path);
	die(rn, &e, SALES_EXIT_FAIL);
}

/*
 * Make standard input readable twice: a regular file is read again
 * from where it starts; anything else (a pipe, a terminal) is first
 * copied into an unlinked temporary file that becomes descriptor 0.
 * Returns the offset to go back to.
 */
static off_t
spool_stdin(struct run *rn)
{
	struct sales_err	 e;
	struct stat		 sb;
	off_t			 pos;
	int			 fd;

	if (fstat(STDIN_FILENO, &sb) == 0 && S_ISREG(sb.st_mode) &&
	    (pos = lseek(STDIN_FILENO, 0, SEEK_CUR)) != -1)
		return pos;
	fd = spool(rn, STDIN_FILENO, "stdin");
	if (dup2(fd, STDIN_FILENO) == -1 || close(fd) == -1 ||
	    fseek(stdin, 0, SEEK_SET) == -1) {
		sales_err_sys(&e, SALES_EIO, "stdin");
		die(rn, &e, SALES_EXIT_FAIL);
	}
	return 0;
}

/* The descriptor that /dev/stdin, /dev/fd/N or /proc/self/fd/N opens. */
static int
path_fd(const char *path)
{
	const char	*errstr;
	long long	 n;

	if (strcmp(path, "/dev/stdin") == 0)
		return STDIN_FILENO;
	if (strncmp(path, "/dev/fd/", 8) == 0)
		path += 8;
	else if (strncmp(path, "/proc/self/fd/", 14) == 0)
		path += 14;
	else
		return -1;
	n = sales_strtonum(path, 0, INT_MAX, &errstr);
	return errstr == NULL ? (int)n : -1;
}

/*
 * Make every lead file readable twice, as spool_stdin() does for "-":
 * a file that is not a regular one (a named FIFO, a pipe given as
 * /dev/stdin or as <(...), a device) would give nothing, or block, when
 * opened again, so it is first copied into an unlinked temporary file.
 * For /dev/stdin, /dev/fd/N and /proc/self/fd/N the copy takes the
 * place of descriptor N, so that the same path now opens the copy; any
 * other path is read as "/dev/fd/N" of the copy (messages still name
 * the path given).  A path that cannot be opened, or a folder, is left
 * for the reader to report.  Sets *pos and *spooled for standard input.
 */
static void
spool_inputs(struct run *rn, off_t *pos, int *spooled)
{
	struct sales_err	 e;
	struct stat		 sb;
	char			 alias[32];
	size_t			 i;
	int			 fd, in, n;

	if (rn->npaths == 0) {
		*pos = spool_stdin(rn);
		*spooled = 1;
		return;
	}
	if ((rn->alias = sales_calloc(rn->npaths, sizeof(*rn->alias))) ==
	    NULL || (rn->aliasfd = sales_calloc(rn->npaths,
	    sizeof(*rn->aliasfd))) == NULL)
		sales_cli_die_nomem(&rn->cli);
	for (i = 0; i < rn->npaths; i++) {
		rn->aliasfd[i] = -1;
		if (strcmp(rn->names[i], "-") == 0) {
			if (!*spooled)
				*pos = spool_stdin(rn);
			*spooled = 1;
			continue;
		}
		if (stat(rn->names[i], &sb) == -1 || S_ISREG(sb.st_mode) ||
		    S_ISDIR(sb.st_mode))
			continue;
		if ((n = path_fd(rn->names[i])) != -1) {
			fd = spool(rn, n, rn->names[i]);
			if (dup2(fd, n) == -1 || close(fd) == -1) {
				sales_err_sys(&e, SALES_EIO, rn->names[i]);
				die(rn, &e, SALES_EXIT_FAIL);
			}
			continue;
		}
		if ((in = open(rn->names[i], O_RDONLY | O_CLOEXEC)) == -1)
			continue;
		fd = spool(rn, in, rn->names[i]);
		close(in);
		snprintf(alias, sizeof(alias), "/dev/fd/%d", fd);
		if ((rn->alias[i] = sales_strndup(alias, strlen(alias))) ==
		    NULL)
			sales_cli_die_nomem(&rn->cli);
		rn->aliasfd[i] = fd;
		rn->paths[i] = rn->alias[i];
	}
}

/* Close the copies of spool_inputs() and free their names. */
static void
spool_release(struct run *rn)
{
	size_t	 i;

	for (i = 0; rn->alias != NULL && i < rn->npaths; i++) {
		if (rn->aliasfd[i] != -1)
			close(rn->aliasfd[i]);
		sales_free(rn->alias[i]);
	}
	sales_free(rn->alias);
	sales_free(rn->aliasfd);
	sales_free(rn->paths);
	rn->alias = NULL;
	rn->aliasfd = NULL;
	rn->paths = NULL;
}

static void
rewind_stdin(struct run *rn, off_t pos)
{
	struct sales_err	 e;

	clearerr(stdin);
	if (fseeko(stdin, pos, SEEK_SET) == -1) {
		sales_err_sys(&e, SALES_EIO, "stdin");
		die(rn, &e, SALES_EXIT_FAIL);
	}
}

/* Find the lead table's columns; the same header in both passes. */
static void
lead_columns(struct run *rn, struct sales_reader *rd, const char *file)
{
	const struct sales_field *hdr = sales_reader_header(rd);
	const struct sales_field *near;
	struct sales_err	 e;
	size_t			 n = sales_reader_ncols(rd);
	int			 role;

	rn->informat = sales_reader_format(rd);
	if (rn->keep)
		rn->terrcol = role_col(rn, rd, SALES_ROLE_TERRITORY, 1, file);
	else if (sales_roles_optional(&rn->cli.roles, SALES_ROLE_TERRITORY,
	    hdr, n, file, &rn->terrcol, &e) == -1)
		die(rn, &e, SALES_EXIT_USAGE);
	if (sales_roles_optional(&rn->cli.roles, SALES_ROLE_SEGMENT, hdr, n,
	    file, &rn->segcol, &e) == -1)
		die(rn, &e, SALES_EXIT_USAGE);
	/*
	 * The rep column may be absent even when -m maps it: it is then
	 * added to the output under that name.
	 */
	rn->repcol = rn->reassign || rn->method == SALES_ASSIGN_BALANCE ? -1 :
	    sales_roles_find(&rn->cli.roles, SALES_ROLE_REP, hdr, n);
	rn->bycol = -1;
	if (rn->by == NULL)
		return;
	/* A role that -m maps is its column, not a header of its name. */
	if ((role = sales_role_lookup(rn->by)) >= 0 &&
	    sales_roles_mapped(&rn->cli.roles, role)) {
		rn->bycol = role_col(rn, rd, role, 1, file);
		return;
	}
	if ((rn->bycol = sales_header_find(hdr, n, rn->by)) == -1 &&
	    role >= 0)
		rn->bycol = sales_roles_find(&rn->cli.roles, role, hdr, n);
	if (rn->bycol == -1) {
		near = sales_header_closest(hdr, n, rn->by);
		if (near != NULL)
			sales_err_set(&e, SALES_EUSAGE, "--by: no column "
			    "'%s' (closest: '%.*s')", rn->by,
			    (int)(near->len < 128 ? near->len : 128), near->s);
		else
			sales_err_set(&e, SALES_EUSAGE, "--by: no column "
			    "'%s'", rn->by);
		sales_err_where(&e, file, 0, NULL);
		die(rn, &e, SALES_EXIT_USAGE);
	}
}

/*
 * The --by value of a lead row (ten-thousandths; one per row without
 * --by; empty = 0).  Returns 0, or -1 with e set for a bad value.
 */
static int
row_value(struct run *rn, struct sales_reader *rd,
    const struct sales_record *rec, int64_t *out, struct sales_err *e)
{
	const struct sales_field *hdr = sales_reader_header(rd);
	struct sales_field	 v;
	const char		*why;
	char			 name[128];

	*out = 0;
	if (rn->bycol == -1) {
		*out = SALES_MONEY_SCALE;
		return 0;
	}
	value(rd, rec, rn->bycol, &v);
	if (v.len == 0 || sales_money_parse(v.s, v.len, rn->cli.money_flags,
	    out, &why) == 0)
		return 0;
	snprintf(name, sizeof(name), "%.*s", (int)hdr[rn->bycol].len,
	    hdr[rn->bycol].s);
	sales_err_set(e, SALES_EVALUE, "%s: '%.*s'", why,
	    (int)(v.len < 200 ? v.len : 200), v.s);
	return sales_err_where(e, rec->file, rec->line, name);
}

/* The balance unit of a row: its territory with --keep, else its own. */
static long
row_unit(struct run *rn, struct sales_reader *rd,
    const struct sales_record *rec, int add)
{
	struct sales_field	 v;
	struct sales_err	 e;
	long			 u;

	if (!rn->keep)
		return add ? (long)rn->nunits : (long)rn->row;
	value(rd, rec, rn->terrcol, &v);
	if (!add)
		return sales_groups_lookup(rn->units, v.s, v.len);
	if ((u = sales_groups_intern(rn->units, v.s, v.len, NULL, &e)) < 0)
		die(rn, &e, SALES_EXIT_FAIL);
	return u;
}

static void
balance_add(struct run *rn, long u, int64_t v, const struct sales_record *rec)
{
	struct sales_err	 e;
	size_t			 ncap;

	if ((size_t)u >= rn->capunits) {
		ncap = rn->capunits ? rn->capunits * 2 : 256;
		rn->values = sales_reallocarray(rn->values, ncap,
		    sizeof(*rn->values));
		rn->unitrows = sales_reallocarray(rn->unitrows, ncap,
		    sizeof(*rn->unitrows));
		if (rn->values == NULL || rn->unitrows == NULL)
			sales_cli_die_nomem(&rn->cli);
		memset(rn->values + rn->capunits, 0,
		    (ncap - rn->capunits) * sizeof(*rn->values));
		memset(rn->unitrows + rn->capunits, 0,
		    (ncap - rn->capunits) * sizeof(*rn->unitrows));
		rn->capunits = ncap;
	}
	if ((size_t)u >= rn->nunits)
		rn->nunits = (size_t)u + 1;
	if (sales_money_add(&rn->values[u], v) == -1) {
		sales_err_set(&e, SALES_EVALUE, "total out of range");
		sales_err_where(&e, rec->file, rec->line, NULL);
		die(rn, &e, SALES_EXIT_FAIL);
	}
	rn->unitrows[u]++;
}

/*
 * The first pass, when one is needed: count the leads that keep their
 * rep and the leads of each class (optimal), or gather the values to
 * balance.  Rows --rejects will take are skipped here.
 */
static void
first_pass(struct run *rn, struct sales_reader *rd)
{
	struct sales_record	 rec;
	struct sales_field	 t, s, r;
	struct sales_err	 e;
	int64_t			 v;
	long			 c;
	int			 rv;

	for (;;) {
		if ((rv = sales_reader_next(rd, &rec, &e)) == 0)
			break;
		if (rv == -1) {
			if (e.code == SALES_EROW && rn->cli.rejects != NULL)
				continue;
			die(rn, &e, SALES_EXIT_FAIL);
		}
		if (rn->method == SALES_ASSIGN_BALANCE) {
			if (row_value(rn, rd, &rec, &v, &e) == -1) {
				if (rn->cli.rejects != NULL)
					continue;
				die(rn, &e, SALES_EXIT_FAIL);
			}
			balance_add(rn, row_unit(rn, rd, &rec, 1), v, &rec);
			continue;
		}
		value(rd, &rec, rn->repcol, &r);
		if (r.len > 0) {
			sales_assign_keep(rn->a, r.s, r.len);
			continue;
		}
		if (rn->method != SALES_ASSIGN_OPTIMAL)
			continue;
		value(rd, &rec, rn->terrcol, &t);
		value(rd, &rec, rn->segcol, &s);
		if ((c = sales_assign_class(rn->a, t.s, t.len, s.s, s.len,
		    &e)) < 0)
			die(rn, &e, SALES_EXIT_FAIL);
		sales_assign_count(rn->a, c);
	}
}

/* Carve the units gathered in the first pass among the active reps. */
static void
balance(struct run *rn)
{
	struct sales_rep_info	 ri;
	struct sales_err	 e;
	size_t			 i, n = sales_assign_nreps(rn->a);
	int64_t			*w;

	if ((w = sales_calloc(n, sizeof(*w))) == NULL ||
	    (rn->owner = sales_calloc(rn->nunits ? rn->nunits : 1,
	    sizeof(*rn->owner))) == NULL)
		sales_cli_die_nomem(&rn->cli);
	for (i = 0; i < n; i++) {
		sales_assign_rep(rn->a, i, &ri);
		w[i] = ri.active ? ri.weight : 0;
	}
	if (sales_balance(rn->values, rn->nunits, w, n, rn->owner, &e) == -1) {
		sales_err_where(&e, rn->reps, 0, NULL);
		die(rn, &e, SALES_EXIT_FAIL);
	}
	sales_free(w);
}

/*
 * Decide the rep of one lead row: rep (NUL-terminated, "" for none) and
 * reason.  Returns 1 when the row keeps its own rep (nothing to set).
 */
static int
decide(struct run *rn, struct sales_reader *rd,
    const struct sales_record *rec, const char **rep, size_t *replen,
    const char **why)
{
	struct sales_rep_info	 ri;
	struct sales_field	 t, s, r;
	struct sales_err	 e;
	long			 c, k, u;

	*rep = "";
	*replen = 0;
	*why = "";
	if (rn->method == SALES_ASSIGN_BALANCE) {
		u = row_unit(rn, rd, rec, 0);
		rn->row++;
		if (u < 0 || (size_t)u >= rn->nunits)
			return 0;
		sales_assign_rep(rn->a, rn->owner[u], &ri);
		*rep = ri.id;
		*replen = ri.idlen;
		return 0;
	}
	value(rd, rec, rn->repcol, &r);
	if (r.len > 0)
		return 1;
	value(rd, rec, rn->terrcol, &t);
	value(rd, rec, rn->segcol, &s);
	if ((c = sales_assign_class(rn->a, t.s, t.len, s.s, s.len, &e)) < 0)
		die(rn, &e, SALES_EXIT_FAIL);
	if ((k = sales_assign_pick(rn->a, c, why)) < 0) {
		rn->unassigned++;
		return 0;
	}
	sales_assign_rep(rn->a, (size_t)k, &ri);
	*rep = ri.id;
	*replen = ri.idlen;
	*why = "";
	return 0;
}

/* A bad --by value in the second pass: reject the row, or fail. */
static int
second_pass_value(struct run *rn, struct sales_reader *rd,
    const struct sales_record *rec, struct sales_err *e)
{
	int64_t	 v;

	if (rn->method != SALES_ASSIGN_BALANCE)
		return 0;
	return row_value(rn, rd, rec, &v, e);
}

/* The second pass: every row out, with its rep. */
static void
write_rows(struct run *rn)
{
	struct sales_stream	*st;
	struct sales_reader	*rd;
	struct sales_record	 rec;
	struct sales_err	 e;
	const char		*rep, *why;
	size_t			 replen;
	int			 repout, whyout = -1, rv, kept;

	if (sales_stream_open(&st, &rn->cli, rn->paths, rn->npaths,
	    &e) == -1)
		die(rn, &e, e.code == SALES_EUSAGE ?
		    SALES_EXIT_USAGE : SALES_EXIT_FAIL);
	rn->stream = st;
	rd = sales_stream_reader(st);
	lead_columns(rn, rd, rn->npaths > 0 ? rn->names[0] : "stdin");
	if ((repout = sales_stream_column(st,
	    rn->cli.roles.column[SALES_ROLE_REP], &e)) == -1 ||
	    (rn->method != SALES_ASSIGN_BALANCE &&
	    (whyout = sales_stream_column(st, "assign_reason", &e)) == -1))
		die(rn, &e, SALES_EXIT_FAIL);
	while ((rv = sales_stream_next(st, &rec, &e)) == 1) {
		if (second_pass_value(rn, rd, &rec, &e) == -1) {
			unalias(rn, &e);
			if (sales_stream_reject(st, &rec, sales_err_str(&e),
			    &e) == -1)
				die(rn, &e, SALES_EXIT_FAIL);
			continue;
		}
		kept = decide(rn, rd, &rec, &rep, &replen, &why);
		if ((!kept && sales_stream_set(st, repout, rep, replen,
		    &e) == -1) || (whyout != -1 && sales_stream_set(st, whyout,
		    why, strlen(why), &e) == -1) ||
		    sales_stream_write(st, &rec, &e) == -1)
			die(rn, &e, SALES_EXIT_FAIL);
	}
	if (rv == -1)
		die(rn, &e, SALES_EXIT_FAIL);
	rn->rejected = sales_stream_rejected(st);
	rn->stream = NULL;
	if (sales_stream_close(st, &e) == -1)
		die(rn, &e, SALES_EXIT_FAIL);
}

/* --dry-run: the second pass without writing any row. */
static void
dry_rows(struct run *rn)
{
	struct sales_reader	*rd;
	struct sales_record	 rec;
	struct sales_err	 e;
	const char		*rep, *why;
	size_t			 replen;
	int			 rv;

	if (sales_reader_open(&rd, (const char *const *)rn->paths,
	    rn->npaths, &rn->cli.topts, &e) == -1)
		die(rn, &e, e.code == SALES_EUSAGE ?
		    SALES_EXIT_USAGE : SALES_EXIT_FAIL);
	rn->rd = rd;
	lead_columns(rn, rd, rn->npaths > 0 ? rn->names[0] : "stdin");
	for (;;) {
		if ((rv = sales_reader_next(rd, &rec, &e)) == 0)
			break;
		if (rv == -1) {
			if (e.code != SALES_EROW || rn->cli.rejects == NULL)
				die(rn, &e, SALES_EXIT_FAIL);
			rn->rejected++;
			continue;
		}
		if (second_pass_value(rn, rd, &rec, &e) == -1) {
			if (rn->cli.rejects == NULL)
				die(rn, &e, SALES_EXIT_FAIL);
			rn->rejected++;
			continue;
		}
		decide(rn, rd, &rec, &rep, &replen, &why);
	}
	sales_reader_close(rd);
	rn->rd = NULL;
}

/* The format of a summary file: by its name, else the output's. */
static int
summary_format(const struct run *rn, const char *path)
{
	const char	*dot = path != NULL ? strrchr(path, '.') : NULL;

	if (dot != NULL && (strcmp(dot, ".tsv") == 0 ||
	    strcmp(dot, ".tab") == 0))
		return SALES_FMT_TSV;
	if (dot != NULL && strcmp(dot, ".csv") == 0)
		return SALES_FMT_CSV;
	if (dot != NULL && (strcmp(dot, ".json") == 0 ||
	    strcmp(dot, ".jsonl") == 0))
		return SALES_FMT_JSON;
	return sales_cli_format(&rn->cli, rn->informat);
}

/* Write one row of n cells, or the header when header is set. */
static void
put_row(struct run *rn, struct sales_writer *w, char **cells, size_t n,
    int header)
{
	struct sales_field	 f[6];
	struct sales_err	 e;
	size_t			 i;
	int			 rv;

	for (i = 0; i < n; i++) {
		f[i].s = cells[i];
		f[i].len = strlen(cells[i]);
	}
	if (header)
		rv = sales_writer_header(w, f, n, &e);
	else
		rv = sales_writer_row(w, f, n, &e);
	if (rv == -1)
		die(rn, &e, SALES_EXIT_FAIL);
}

/* Per rep: rep, assigned, load_after, capacity. */
static void
assign_table(struct run *rn, struct sales_writer *w)
{
	static const char *const hdr[] = {
		"rep", "assigned", "load_after", "capacity"
	};
	struct sales_rep_info	 ri;
	char			 a[32], l[32], c[32], *cells[4];
	size_t			 i;

	for (i = 0; i < 4; i++)
		cells[i] = (char *)hdr[i];
	put_row(rn, w, cells, 4, 1);
	for (i = 0; i < sales_assign_nreps(rn->a); i++) {
		sales_assign_rep(rn->a, i, &ri);
		snprintf(a, sizeof(a), "%lld", ri.assigned);
		snprintf(l, sizeof(l), "%lld", ri.load + ri.kept +
		    ri.assigned);
		c[0] = '\0';
		if (ri.capacity != SALES_ASSIGN_NOLIMIT)
			snprintf(c, sizeof(c), "%lld", ri.capacity);
		cells[0] = (char *)ri.id;
		cells[1] = a;
		cells[2] = l;
		cells[3] = c;
		put_row(rn, w, cells, 4, 0);
	}
}

/* The territories carved to rep r, ';'-joined, in a new string. */
static char *
rep_territories(struct run *rn, size_t r)
{
	struct sales_field	 k;
	char			*s = NULL, *ns;
	size_t			 u, len = 0;

	for (u = 0; u < rn->nunits; u++) {
		if (rn->owner[u] != r)
			continue;
		k = sales_groups_key(rn->units, u);
		if ((ns = sales_realloc(s, len + k.len + 2)) == NULL)
			sales_cli_die_nomem(&rn->cli);
		s = ns;
		if (len > 0)
			s[len++] = ';';
		memcpy(s + len, k.s, k.len);
		len += k.len;
	}
	if (s == NULL && (s = sales_strndup("", 0)) == NULL)
		sales_cli_die_nomem(&rn->cli);
	else
		s[len] = '\0';
	return s;
}

/*
 * Per rep: rep, rows, total, fair_share, deviation (and territories
 * with --keep): fair_share = total of all x weight / sum of weights of
 * the active reps, deviation = (total - fair_share) / fair_share.
 */
static void
balance_table(struct run *rn, struct sales_writer *w)
{
	static const char *const hdr[] = {
		"rep", "rows", "total", "fair_share", "deviation",
		"territories"
	};
	struct sales_rep_info	 ri;
	char			 rows[32], tot[SALES_MONEY_BUFSZ];
	char			 fair[SALES_MONEY_BUFSZ];
	char			 dev[SALES_MONEY_BUFSZ];
	char			*cells[6];
	size_t			 i, u, n = sales_assign_nreps(rn->a);
	size_t			 ncols = rn->keep ? 6 : 5;
	unsigned long		 nrows;
	__int128		 T = 0, W = 0, f;
	int64_t			 t, fs;
	int			 dec = rn->bycol == -1 ? 0 : rn->cli.decimals;

	for (u = 0; u < rn->nunits; u++)
		T += rn->values[u];
	for (i = 0; i < n; i++) {
		sales_assign_rep(rn->a, i, &ri);
		W += ri.active ? ri.weight : 0;
	}
	for (i = 0; i < ncols; i++)
		cells[i] = (char *)hdr[i];
	put_row(rn, w, cells, ncols, 1);
	for (i = 0; i < n; i++) {
		sales_assign_rep(rn->a, i, &ri);
		t = 0;
		nrows = 0;
		for (u = 0; u < rn->nunits; u++)
			if (rn->owner[u] == i) {
				t += rn->values[u];
				nrows += rn->unitrows[u];
			}
		f = T * (ri.active ? ri.weight : 0);
		f = f >= 0 ? (2 * f + W) / (2 * W) : -((-2 * f + W) / (2 * W));
		fs = (int64_t)f;
		snprintf(rows, sizeof(rows), "%lu", nrows);
		sales_money_format(t, dec, tot);
		sales_money_format(fs, rn->cli.decimals, fair);
		dev[0] = '\0';
		if (fs != 0)
			sales_fraction_format(t - fs, fs, 4, dev);
		cells[0] = (char *)ri.id;
		cells[1] = rows;
		cells[2] = tot;
		cells[3] = fair;
		cells[4] = dev;
		if (rn->keep)
			cells[5] = rep_territories(rn, i);
		put_row(rn, w, cells, ncols, 0);
		if (rn->keep)
			sales_free(cells[5]);
	}
}

/* Write the per-rep table to path (NULL: stdout) or to fp. */
static void
write_summary(struct run *rn, const char *path, FILE *fp, int format)
{
	struct sales_output	 o;
	struct sales_writer	*w;
	struct sales_err	 e;

	memset(&o, 0, sizeof(o));
	if (fp == NULL) {
		if (sales_output_open(&o, path, &e) == -1)
			die(rn, &e, e.code == SALES_EUSAGE ?
			    SALES_EXIT_USAGE : SALES_EXIT_FAIL);
		fp = o.fp;
	}
	if (sales_writer_open(&w, fp, format, rn->cli.topts.delim,
	    rn->cli.wflags, &e) == -1)
		die(rn, &e, SALES_EXIT_FAIL);
	if (rn->method == SALES_ASSIGN_BALANCE)
		balance_table(rn, w);
	else
		assign_table(rn, w);
	if (sales_writer_close(w, &e) == -1 ||
	    (o.fp != NULL && sales_output_commit(&o, &e) == -1))
		die(rn, &e, SALES_EXIT_FAIL);
}

/* Read, assign and write every lead (or carve every row). */
static void
run_leads(struct run *rn, char *const *paths, size_t npaths)
{
	struct sales_reader	*rd;
	struct sales_err	 e;
	off_t			 pos = 0;
	size_t			 i;
	int			 maybe2, spooled = 0;

	rn->names = paths;
	rn->npaths = npaths;
	if ((rn->paths = sales_calloc(npaths + 1, sizeof(*rn->paths))) ==
	    NULL)
		sales_cli_die_nomem(&rn->cli);
	for (i = 0; i < npaths; i++)
		rn->paths[i] = paths[i];
	maybe2 = rn->method == SALES_ASSIGN_OPTIMAL ||
	    rn->method == SALES_ASSIGN_BALANCE || !rn->reassign;
	if (maybe2) {
		spool_inputs(rn, &pos, &spooled);
		if (sales_reader_open(&rd, (const char *const *)rn->paths,
		    rn->npaths, &rn->cli.topts, &e) == -1)
			die(rn, &e, e.code == SALES_EUSAGE ?
			    SALES_EXIT_USAGE : SALES_EXIT_FAIL);
		rn->rd = rd;
		lead_columns(rn, rd, npaths > 0 ? paths[0] : "stdin");
		if (rn->method == SALES_ASSIGN_BALANCE && rn->keep &&
		    sales_groups_new(&rn->units, &e) == -1)
			die(rn, &e, SALES_EXIT_FAIL);
		if (rn->method == SALES_ASSIGN_OPTIMAL ||
		    rn->method == SALES_ASSIGN_BALANCE || rn->repcol != -1)
			first_pass(rn, rd);
		sales_reader_close(rd);
		rn->rd = NULL;
		if (spooled)
			rewind_stdin(rn, pos);
	}
	if (rn->method == SALES_ASSIGN_OPTIMAL &&
	    sales_assign_solve(rn->a, &e) == -1)
		die(rn, &e, SALES_EXIT_FAIL);
	if (rn->method == SALES_ASSIGN_BALANCE)
		balance(rn);
	if (rn->dryrun)
		dry_rows(rn);
	else
		write_rows(rn);
	spool_release(rn);
}

static void
finish(struct run *rn)
{
	struct sales_err	 e;

	if (rn->dryrun)
		write_summary(rn, rn->cli.output, NULL,
		    sales_cli_format(&rn->cli, rn->informat));
	if (rn->summary != NULL)
		write_summary(rn, rn->summary, NULL,
		    summary_format(rn, rn->summary));
	if (rn->method == SALES_ASSIGN_BALANCE && !rn->dryrun &&
	    rn->summary == NULL)
		write_summary(rn, NULL, stderr, SALES_FMT_TSV);
	if (rn->st != NULL && !rn->dryrun) {
		if (sales_assign_state_save(rn->a, rn->st, &e) == -1 ||
		    sales_state_commit(rn->st, &e) == -1)
			die(rn, &e, SALES_EXIT_FAIL);
	}
	sales_state_close(rn->st);
	rn->st = NULL;
	if (rn->rejected > 0)
		fprintf(stderr, "sm-assign: %lu row%s rejected\n",
		    rn->rejected, rn->rejected == 1 ? "" : "s");
	if (rn->unassigned > 0)
		fprintf(stderr, "sm-assign: %lu lead%s unassigned\n",
		    rn->unassigned, rn->unassigned == 1 ? "" : "s");
}

int
main(int argc, char *argv[])
{
	struct run		 rn;
	struct sales_err	 e;
	int			 status;

	memset(&rn, 0, sizeof(rn));
	sales_cli_init(&rn.cli, "sm-assign");
	parse_options(&rn, argc, argv);
	argc -= optind;
	argv += optind;
	check_options(&rn);
	check_files(&rn, argv, (size_t)argc);

	read_reps(&rn);
	if (rn.fit != NULL)
		read_fit(&rn);
	if (rn.history != NULL)
		read_history(&rn);
	if (rn.statefile != NULL) {
		if (sales_state_open(&rn.st, rn.statefile, &e) == -1)
			die(&rn, &e, SALES_EXIT_FAIL);
		sales_assign_state_load(rn.a, rn.st);
	}
	run_leads(&rn, argv, (size_t)argc);
	finish(&rn);

	status = rn.strict && rn.unassigned > 0 ? SALES_EXIT_UNASSIGNED :
	    SALES_EXIT_OK;
	sales_assign_free(rn.a);
	sales_groups_free(rn.units);
	sales_free(rn.values);
	sales_free(rn.unitrows);
	sales_free(rn.owner);
	sales_cli_release(&rn.cli);
	return status;
}
