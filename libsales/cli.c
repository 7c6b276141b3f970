/*
 * cli.c: the edges every sm program shares: the common options, fatal
 * and usage errors, output files replaced atomically (-o), the rejects
 * table (--rejects) and the final check of stdout.
 *
 * An output file is written to a temporary file in its own folder and
 * renamed over the target only when complete, so that a reader, or a
 * crash at any moment, sees the old file or the new one, never half of
 * one.  The temporary names of outputs not yet committed are kept in a
 * static list, which sales_cli_die*(), an atexit(3) handler and a
 * handler for SIGHUP, SIGINT and SIGTERM unlink.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "libsales/cli.h"
#include "libsales/mem.h"
#include "libsales/money.h"

#define MAXTEMPS	64
#define MAXFIELD_MAX	((long long)4 << 30)	/* --max-field 4G */

/*
 * Temporary files of uncommitted outputs: the names are owned by their
 * struct sales_output.  tmppid is the process that made them, so that a
 * forked child that exits does not remove its parent's files.
 */
static char *volatile	 temps[MAXTEMPS];
static pid_t		 tmppid;
static int		 cleanup_set;

/*
 * The files of this run noted by sales_cli_input() and
 * sales_cli_output(): the option that named each (NULL for an operand)
 * and its path, both borrowed from argv.
 */
struct noted {
	const char	*opt;
	const char	*path;
};
static struct noted	*noted_in, *noted_out;
static size_t		 nnoted_in, nnoted_out;

/* The arguments of -o and --rejects, to name them in messages. */
static const char	*arg_output, *arg_rejects;

/*
 * The regular files open when sales_cli_init() ran, by descriptor:
 * inherited from the parent, so not inputs of this run (unless the
 * descriptor was closed and now holds another file).  Descriptors from
 * MAXFD up are not looked at.
 */
#define MAXFD		1024
static struct {
	dev_t	 dev;
	ino_t	 ino;
	int	 open;
} fd_inherited[MAXFD];
static int		 fd_known;

static void
remove_temps(void)
{
	size_t	 i;

	if (getpid() != tmppid)
		return;
	for (i = 0; i < MAXTEMPS; i++)
		if (temps[i] != NULL) {
			(void)unlink(temps[i]);
			temps[i] = NULL;
		}
}

/* Unlink (async-signal-safe), then die of the signal as before. */
static void
on_signal(int sig)
{
	remove_temps();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
catch_signal(int sig)
{
	struct sigaction	 sa, old;

	/* Leave alone a signal the program handles or ignores (nohup). */
	if (sigaction(sig, NULL, &old) == -1 || old.sa_handler != SIG_DFL)
		return;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
}

static int
register_temp(char *name)
{
	size_t	 i;

	if (!cleanup_set) {
		if (atexit(remove_temps) != 0)
			return -1;
		catch_signal(SIGHUP);
		catch_signal(SIGINT);
		catch_signal(SIGTERM);
		cleanup_set = 1;
	}
	tmppid = getpid();
	for (i = 0; i < MAXTEMPS; i++)
		if (temps[i] == NULL) {
			temps[i] = name;
			return 0;
		}
	return -1;
}

static void
unregister_temp(const char *name)
{
	size_t	 i;

	for (i = 0; i < MAXTEMPS; i++)
		if (temps[i] == name)
			temps[i] = NULL;
}

static void	note_inherited(void);
static void	forget_files(void);

void
sales_cli_init(struct sales_cli *c, const char *prog)
{
	const char	*slash;

	memset(c, 0, sizeof(*c));
	if (prog == NULL)
		prog = "sm";
	c->prog = (slash = strrchr(prog, '/')) != NULL ? slash + 1 : prog;
	sales_table_opts_init(&c->topts);
	c->topts.nulls = c->nulls;
	c->topts.nnulls = 0;
	c->to = 0;
	c->money_flags = 0;
	c->decimals = 2;
	sales_datefmt_init(&c->datefmt, NULL, NULL);
	sales_roles_init(&c->roles);
	sales_calendar_init(&c->cal);
	sales_stages_init(&c->stages);
	c->output = NULL;
	c->rejects = NULL;
	c->wflags = 0;
	signal(SIGPIPE, SIG_IGN);
	note_inherited();
}

void
sales_cli_release(struct sales_cli *c)
{
	if (c == NULL)
		return;
	sales_calendar_release(&c->cal);
	sales_stages_release(&c->stages);
	forget_files();
}

long long
sales_strtonum(const char *s, long long min, long long max,
    const char **errstr)
{
	long long	 ll = 0;
	char		*ep;
	const char	*why = NULL;

	errno = 0;
	if (s == NULL || min > max)
		why = "invalid";
	else {
		ll = strtoll(s, &ep, 10);
		if (s == ep || *ep != '\0')
			why = "invalid";
		else if ((ll == LLONG_MIN && errno == ERANGE) || ll < min)
			why = "too small";
		else if ((ll == LLONG_MAX && errno == ERANGE) || ll > max)
			why = "too large";
	}
	if (errstr != NULL)
		*errstr = why;
	if (why == NULL) {
		errno = 0;
		return ll;
	}
	errno = strcmp(why, "invalid") == 0 ? EINVAL : ERANGE;
	return 0;
}

/*
 * A size: bytes, or with a K, M or G suffix (powers of 1024, either
 * case), from 1 byte to 4G.
 */
static int
parse_size(const char *arg, size_t *out, struct sales_err *err)
{
	const char	*errstr;
	char		 digits[32];
	size_t		 len = strlen(arg);
	long long	 v, mult = 1, max = MAXFIELD_MAX;

	if (len > 0 && len < sizeof(digits)) {
		switch (arg[len - 1]) {
		case 'k':
		case 'K':
			mult = 1024;
			break;
		case 'm':
		case 'M':
			mult = 1024 * 1024;
			break;
		case 'g':
		case 'G':
			mult = 1024 * 1024 * 1024;
			break;
		}
	}
	if (len == 0 || len >= sizeof(digits) || arg[0] < '0' ||
	    arg[0] > '9')
		goto bad;
	memcpy(digits, arg, len + 1);
	if (mult > 1)
		digits[len - 1] = '\0';
	v = sales_strtonum(digits, 1, max / mult, &errstr);
	if (errstr != NULL && strcmp(errstr, "invalid") == 0)
		goto bad;
	if (errstr != NULL)
		return sales_err_set(err, SALES_EUSAGE,
		    "--max-field: invalid size '%s': %s", arg, errstr);
	*out = (size_t)(v * mult);
	return 0;
bad:
	return sales_err_set(err, SALES_EUSAGE, "--max-field: invalid size "
	    "'%s': expected bytes with an optional K, M or G", arg);
}

/*
 * -d: one byte, or "\t" or "tab" for a tab; not a quote or a line
 * break, which CSV reserves.
 */
static int
parse_delim(const char *arg, int *out, struct sales_err *err)
{
	int	 d;

	if (strcmp(arg, "\\t") == 0 || strcmp(arg, "tab") == 0)
		d = '\t';
	else if (arg[0] != '\0' && arg[1] == '\0')
		d = (unsigned char)arg[0];
	else
		return sales_err_set(err, SALES_EUSAGE, "-d: invalid "
		    "delimiter '%s': expected one byte, '\\t' or 'tab'", arg);
	if (d == '"' || d == '\n' || d == '\r')
		return sales_err_set(err, SALES_EUSAGE, "-d: invalid "
		    "delimiter '%s': a quote or a line break cannot delimit",
		    arg);
	*out = d;
	return 0;
}

/*
 * Put "OPT: " before the message another module left in err, unless it
 * names an option already.
 */
static int
prefix_err(struct sales_err *err, const char *opt)
{
	char	 msg[sizeof(err->msg)];
	int	 code;

	if (err == NULL || err->msg[0] == '-')
		return -1;
	code = err->code;
	memcpy(msg, err->msg, sizeof(msg));
	return sales_err_set(err, code, "%s: %s", opt, msg);
}

static int
number_opt(const char *opt, const char *what, const char *arg,
    long long min, long long max, int *out, struct sales_err *err)
{
	const char	*errstr;
	long long	 v;

	v = sales_strtonum(arg, min, max, &errstr);
	if (errstr != NULL)
		return sales_err_set(err, SALES_EUSAGE,
		    "%s: invalid %s '%s': %s", opt, what, arg, errstr);
	*out = (int)v;
	return 0;
}

int
sales_cli_option(struct sales_cli *c, int ch, const char *arg,
    struct sales_err *err)
{
	int	 fmt;

	switch (ch) {
	case 'd':
		if (parse_delim(arg, &c->topts.delim, err) == -1)
			return -1;
		break;
	case 'm':
		if (sales_roles_map(&c->roles, arg, err) == -1)
			return prefix_err(err, "--map");
		break;
	case 'o':
		if (arg[0] == '\0')
			return sales_err_set(err, SALES_EUSAGE,
			    "-o: empty file name");
		c->output = arg_output = arg;
		break;
	case SALES_OPT_CALENDAR:
		if (sales_retail_parse(arg, &c->cal.retail, err) == -1)
			return prefix_err(err, "--calendar");
		break;
	case SALES_OPT_COLUMNS:
		c->topts.columns = arg;
		break;
	case SALES_OPT_DATE_FORMAT:
		if (sales_datefmt_init(&c->datefmt, arg, err) == -1)
			return prefix_err(err, "--date-format");
		break;
	case SALES_OPT_DECIMAL_COMMA:
		c->money_flags |= SALES_MONEY_DECIMAL_COMMA;
		break;
	case SALES_OPT_DECIMALS:
		if (number_opt("--decimals", "number", arg, 0, 4,
		    &c->decimals, err) == -1)
			return -1;
		break;
	case SALES_OPT_EXCEL_SAFE:
		c->wflags |= SALES_W_EXCEL_SAFE;
		break;
	case SALES_OPT_FROM:
		fmt = sales_format_parse(arg);
		if (fmt != SALES_FMT_CSV && fmt != SALES_FMT_TSV)
			return sales_err_set(err, SALES_EUSAGE,
			    "--from: %s format '%s' (csv, tsv)",
			    fmt == -1 ? "unknown" : "cannot read", arg);
		c->topts.format = fmt;
		break;
	case SALES_OPT_FY_START:
		if (number_opt("--fy-start", "month", arg, 1, 12,
		    &c->cal.fy_start, err) == -1)
			return -1;
		break;
	case SALES_OPT_HOLIDAYS:
		if (sales_calendar_holidays(&c->cal, arg, err) == -1 ||
		    sales_cli_input("--holidays", arg, err) == -1)
			return -1;
		break;
	case SALES_OPT_LOST:
	case SALES_OPT_WON:
		if (sales_stages_add(&c->stages, ch == SALES_OPT_WON, arg,
		    err) == -1)
			return -1;
		break;
	case SALES_OPT_MAX_FIELD:
		if (parse_size(arg, &c->topts.max_field, err) == -1)
			return -1;
		break;
	case SALES_OPT_NO_HEADER:
		c->topts.no_header = 1;
		break;
	case SALES_OPT_NULL:
		if (c->topts.nnulls >= SALES_CLI_MAXNULL)
			return sales_err_set(err, SALES_EUSAGE,
			    "--null: too many values (at most %d)",
			    SALES_CLI_MAXNULL);
		c->nulls[c->topts.nnulls++] = arg;
		break;
	case SALES_OPT_REJECTS:
		if (arg[0] == '\0')
			return sales_err_set(err, SALES_EUSAGE,
			    "--rejects: empty file name");
		c->rejects = arg_rejects = arg;
		break;
	case SALES_OPT_TO:
		if ((fmt = sales_format_parse(arg)) == -1)
			return sales_err_set(err, SALES_EUSAGE,
			    "--to: unknown format '%s' (csv, tsv, json, "
			    "pretty, markdown, html)", arg);
		c->to = fmt;
		break;
	default:
		return 0;
	}
	return 1;
}

int
sales_cli_format(const struct sales_cli *c, int input_format)
{
	if (c->to != 0)
		return c->to;
	return input_format == SALES_FMT_TSV ? SALES_FMT_TSV : SALES_FMT_CSV;
}

static const char *
progname(const struct sales_cli *c)
{
	return c != NULL && c->prog != NULL ? c->prog : "sm";
}

void
sales_cli_die(const struct sales_cli *c, struct sales_err *err, int status)
{
	remove_temps();
	if (err != NULL && err->code == SALES_EIO && err->errnum == EPIPE)
		exit(SALES_EXIT_OK);
	fprintf(stderr, "%s: %s\n", progname(c),
	    err != NULL ? sales_err_str(err) : "error");
	/* SPEC 6: whatever failed, a usage error is status 2. */
	if (err != NULL && err->code == SALES_EUSAGE)
		status = SALES_EXIT_USAGE;
	exit(status);
}

void
sales_cli_die_usage(const struct sales_cli *c, const char *fmt, ...)
{
	va_list	 ap;

	remove_temps();
	fprintf(stderr, "%s: ", progname(c));
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry '%s --help' for more information.\n",
	    progname(c));
	exit(SALES_EXIT_USAGE);
}

void
sales_cli_option_die(const struct sales_cli *c, int ch, const char *arg,
    struct sales_err *err, const char *formats, int status)
{
	if (err->code == SALES_EUSAGE) {
		if (ch == SALES_OPT_TO && formats != NULL)
			sales_cli_die_usage(c, "--to: %s writes %s, not '%s'",
			    progname(c), formats, arg);
		sales_cli_die_usage(c, "%s", sales_err_str(err));
	}
	sales_cli_die(c, err, status);
}

/* The outputs of this run that are open, to refuse one twice. */
static struct sales_output	*open_outs[MAXTEMPS];

/*
 * Is path a file in the sense of the same-file checks?  Standard input
 * or output ("-"), anything under /dev (but /dev/shm) or /proc, and an
 * existing folder, device, FIFO or socket are not: they are written in
 * place, or not at all, and replace nothing.
 */
static int
is_file_path(const char *path)
{
	struct stat	 st;

	if (path == NULL || path[0] == '\0' || strcmp(path, "-") == 0)
		return 0;
	if (strncmp(path, "/proc/", 6) == 0 ||
	    (strncmp(path, "/dev/", 5) == 0 &&
	    strncmp(path, "/dev/shm/", 9) != 0))
		return 0;
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
		return 0;
	return 1;
}

/*
 * Where path is: 1 with *st that of the file when it exists (a link
 * followed); 0 with *st that of its folder and *base, *blen its last
 * component when it does not exist yet but its folder does; -1 when
 * neither can be told (no such folder, a name ending in '/', "." or
 * "..").
 */
static int
file_place(const char *path, struct stat *st, const char **base,
    size_t *blen)
{
	const char	*slash;
	char		*dir;
	int		 rv;

	if (stat(path, st) == 0)
		return 1;
	slash = strrchr(path, '/');
	*base = slash != NULL ? slash + 1 : path;
	*blen = strlen(*base);
	if (*blen == 0 || strcmp(*base, ".") == 0 || strcmp(*base, "..") == 0)
		return -1;
	if (slash == NULL)
		dir = sales_strndup(".", 1);
	else
		dir = sales_strndup(path, slash == path ? 1 :
		    (size_t)(slash - path));
	if (dir == NULL)
		return -1;
	rv = stat(dir, st) == 0 && S_ISDIR(st->st_mode) ? 0 : -1;
	sales_free(dir);
	return rv;
}

int
sales_same_file(const char *a, const char *b)
{
	struct stat	 sa, sb;
	const char	*ba = NULL, *bb = NULL;
	size_t		 la = 0, lb = 0;
	int		 pa, pb;

	if (!is_file_path(a) || !is_file_path(b))
		return 0;
	pa = file_place(a, &sa, &ba, &la);
	pb = file_place(b, &sb, &bb, &lb);
	if (pa == -1 || pb == -1)
		return strcmp(a, b) == 0;
	if (pa != pb || sa.st_dev != sb.st_dev || sa.st_ino != sb.st_ino)
		return 0;
	return pa == 1 || (la == lb && memcmp(ba, bb, la) == 0);
}

/* "OPT " before a path in messages, or nothing. */
static const char *
opt_sp(const char *opt)
{
	return opt != NULL && opt[0] != '\0' ? " " : "";
}

/* The option that named output path, as far as this module knows. */
static const char *
output_opt(const char *path)
{
	size_t	 i;

	for (i = 0; i < nnoted_out; i++)
		if (noted_out[i].path == path)
			return noted_out[i].opt;
	if (path == arg_output)
		return "-o";
	if (path == arg_rejects)
		return "--rejects";
	for (i = 0; i < nnoted_out; i++)
		if (strcmp(noted_out[i].path, path) == 0)
			return noted_out[i].opt;
	if (arg_output != NULL && strcmp(path, arg_output) == 0)
		return "-o";
	if (arg_rejects != NULL && strcmp(path, arg_rejects) == 0)
		return "--rejects";
	return NULL;
}

/* Output out (named by oopt) is input in: the usage error. */
static int
is_input(struct sales_err *err, const char *oopt, const char *out,
    const struct noted *in)
{
	if (in->opt == NULL)
		return sales_err_set(err, SALES_EUSAGE, "%s%s%s is the input "
		    "%s", oopt != NULL ? oopt : "", opt_sp(oopt), out,
		    in->path);
	return sales_err_set(err, SALES_EUSAGE, "%s%s%s is the %s file %s",
	    oopt != NULL ? oopt : "", opt_sp(oopt), out, in->opt, in->path);
}

/*
 * Is path, about to be written, a regular file that this run has open
 * for reading (an input being read, though no sales_cli_input() named
 * it)?  Descriptors 0 to 2 and those inherited are passed over.
 */
static int
open_for_reading(const char *path)
{
	struct stat	 st, fst;
	int		 fd, fl;

	if (!fd_known || !is_file_path(path) || stat(path, &st) == -1)
		return 0;
	for (fd = 3; fd < MAXFD; fd++) {
		if ((fl = fcntl(fd, F_GETFL)) == -1 ||
		    (fl & O_ACCMODE) == O_WRONLY)
			continue;
		if (fstat(fd, &fst) == -1 || !S_ISREG(fst.st_mode) ||
		    fst.st_dev != st.st_dev || fst.st_ino != st.st_ino)
			continue;
		if (fd_inherited[fd].open && fd_inherited[fd].dev == st.st_dev &&
		    fd_inherited[fd].ino == st.st_ino)
			continue;
		return 1;
	}
	return 0;
}

/*
 * Do outputs a and b go to one place?  Files as sales_same_file();
 * a device or anything under /dev or /proc (written in place) when
 * both names reach the same one, as two "-o /dev/stdout" would.
 */
static int
same_output(const char *a, const char *b)
{
	struct stat	 sa, sb;

	if (is_file_path(a) && is_file_path(b))
		return sales_same_file(a, b);
	if (stat(a, &sa) == 0 && stat(b, &sb) == 0)
		return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
	return strcmp(a, b) == 0;
}

/*
 * May output path be opened?  Not when it is an input noted by
 * sales_cli_input() or one being read, nor when it is already an open
 * output of this run (NULL: stdout): two outputs into one file would
 * leave only one of them (SPEC 6: nothing lost).
 */
static int
check_twice(const char *path, struct sales_err *err)
{
	const char	*opt;
	size_t		 i;

	for (i = 0; i < MAXTEMPS; i++) {
		if (open_outs[i] == NULL)
			continue;
		if (path == NULL && open_outs[i]->path == NULL)
			return sales_err_set(err, SALES_EUSAGE, "standard "
			    "output is already an output of this run");
		if (path != NULL && open_outs[i]->path != NULL &&
		    same_output(path, open_outs[i]->path))
			return sales_err_set(err, SALES_EUSAGE, "%s: already "
			    "an output of this run", path);
	}
	if (path == NULL)
		return 0;
	for (i = 0; i < nnoted_in; i++)
		if (sales_same_file(path, noted_in[i].path))
			return is_input(err, output_opt(path), path,
			    &noted_in[i]);
	if (open_for_reading(path)) {
		opt = output_opt(path);
		return sales_err_set(err, SALES_EUSAGE, "%s%s%s is an input "
		    "of this run", opt != NULL ? opt : "", opt_sp(opt), path);
	}
	return 0;
}

/* Append path (named by opt) to a list of noted files. */
static int
note(struct noted **v, size_t *n, const char *opt, const char *path,
    struct sales_err *err)
{
	struct noted	*nv;

	if ((nv = sales_reallocarray(*v, *n + 1, sizeof(*nv))) == NULL)
		return sales_err_set(err, SALES_ENOMEM, "out of memory");
	nv[*n].opt = opt;
	nv[*n].path = path;
	*v = nv;
	(*n)++;
	return 0;
}

int
sales_cli_input(const char *opt, const char *path, struct sales_err *err)
{
	size_t	 i;

	if (!is_file_path(path))
		return 0;
	for (i = 0; i < nnoted_out; i++)
		if (sales_same_file(noted_out[i].path, path))
			return is_input(err, noted_out[i].opt,
			    noted_out[i].path, &(struct noted){ opt, path });
	return note(&noted_in, &nnoted_in, opt, path, err);
}

int
sales_cli_output(const char *opt, const char *path, struct sales_err *err)
{
	size_t	 i;

	if (!is_file_path(path))
		return 0;
	for (i = 0; i < nnoted_in; i++)
		if (sales_same_file(path, noted_in[i].path))
			return is_input(err, opt, path, &noted_in[i]);
	for (i = 0; i < nnoted_out; i++)
		if (sales_same_file(path, noted_out[i].path))
			return sales_err_set(err, SALES_EUSAGE, "%s%s%s and "
			    "%s%s%s name the same file",
			    noted_out[i].opt != NULL ? noted_out[i].opt : "",
			    opt_sp(noted_out[i].opt), noted_out[i].path,
			    opt != NULL ? opt : "", opt_sp(opt), path);
	return note(&noted_out, &nnoted_out, opt, path, err);
}

int
sales_cli_files(const struct sales_cli *c, char *const *paths,
    size_t npaths, struct sales_err *err)
{
	size_t	 i;

	for (i = 0; i < npaths; i++)
		if (sales_cli_input(NULL, paths[i], err) == -1)
			return -1;
	if (c->output != NULL && sales_cli_output("-o", c->output, err) == -1)
		return -1;
	if (c->rejects != NULL &&
	    sales_cli_output("--rejects", c->rejects, err) == -1)
		return -1;
	return 0;
}

/* Remember which descriptors the run inherited. */
static void
note_inherited(void)
{
	int	 fd;

	struct stat	 st;

	memset(fd_inherited, 0, sizeof(fd_inherited));
	for (fd = 0; fd < MAXFD; fd++)
		if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
			fd_inherited[fd].dev = st.st_dev;
			fd_inherited[fd].ino = st.st_ino;
			fd_inherited[fd].open = 1;
		}
	fd_known = 1;
}

/* Forget the files noted by sales_cli_input() and sales_cli_output(). */
static void
forget_files(void)
{
	sales_free(noted_in);
	sales_free(noted_out);
	noted_in = noted_out = NULL;
	nnoted_in = nnoted_out = 0;
	arg_output = arg_rejects = NULL;
}

/* Note o as open. */
static void
note_open(struct sales_output *o)
{
	size_t	 i;

	for (i = 0; i < MAXTEMPS; i++)
		if (open_outs[i] == NULL) {
			open_outs[i] = o;
			return;
		}
}

static void
output_release(struct sales_output *o)
{
	size_t	 i;

	for (i = 0; i < MAXTEMPS; i++)
		if (open_outs[i] == o)
			open_outs[i] = NULL;
	if (o->tmp != NULL)
		unregister_temp(o->tmp);
	sales_free(o->path);
	sales_free(o->tmp);
	o->fp = NULL;
	o->path = NULL;
	o->tmp = NULL;
}

/* "write error: NAME: strerror(errnum)" as SALES_EIO. */
static int
write_error(struct sales_err *err, const char *name, int errnum)
{
	sales_err_set(err, SALES_EIO, "write error: %s: %s", name,
	    strerror(errnum));
	if (err != NULL)
		err->errnum = errnum;
	return -1;
}

/* sales_err_sys() for path, keeping errno as it was. */
static int
open_error(struct sales_output *o, struct sales_err *err, const char *path)
{
	int	 saved = errno;

	sales_err_sys(err, SALES_EIO, path);
	output_release(o);
	errno = saved;
	return -1;
}

int
sales_output_open(struct sales_output *o, const char *path,
    struct sales_err *err)
{
	struct stat	 st;
	const char	*slash, *base;
	char		*real = NULL;
	size_t		 dirlen, n;
	mode_t		 mode, mask;
	int		 fd, exists;

	memset(o, 0, sizeof(*o));
	if (path == NULL || strcmp(path, "-") == 0) {
		if (check_twice(NULL, err) == -1)
			return -1;
		o->fp = stdout;
		note_open(o);
		return 0;
	}
	if (check_twice(path, err) == -1)
		return -1;
	if (path[0] == '\0') {
		errno = ENOENT;
		return open_error(o, err, path);
	}
	exists = stat(path, &st) == 0;
	if (exists && S_ISDIR(st.st_mode)) {
		errno = EISDIR;
		return open_error(o, err, path);
	}
	if ((exists && !S_ISREG(st.st_mode)) || strncmp(path, "/proc/", 6) == 0 ||
	    (strncmp(path, "/dev/", 5) == 0 &&
	    strncmp(path, "/dev/shm/", 9) != 0)) {
		/*
		 * A device, FIFO or socket, and anything under /dev or
		 * /proc (such as /dev/stdout), is written in place, as by
		 * ">": it is not ours to replace.  /dev/shm is a file
		 * system like any other: its files are replaced atomically.
		 */
		if ((o->path = sales_strndup(path, strlen(path))) == NULL)
			return sales_err_set(err, SALES_ENOMEM,
			    "out of memory");
		if ((o->fp = fopen(path, "w")) == NULL)
			return open_error(o, err, path);
		note_open(o);
		return 0;
	}
	/* A symbolic link: replace the file it points to, keep the link. */
	if (exists && lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
		if ((real = realpath(path, NULL)) == NULL)
			return open_error(o, err, path);
		if (stat(real, &st) == -1) {
			free(real);
			return open_error(o, err, path);
		}
	}
	o->path = sales_strndup(real != NULL ? real : path,
	    strlen(real != NULL ? real : path));
	free(real);
	if (o->path == NULL)
		return sales_err_set(err, SALES_ENOMEM, "out of memory");

	slash = strrchr(o->path, '/');
	base = slash != NULL ? slash + 1 : o->path;
	dirlen = (size_t)(base - o->path);
	if (*base == '\0') {
		errno = EISDIR;
		return open_error(o, err, path);
	}
	/* "<dir>/.<base>.XXXXXX" */
	n = dirlen + 1 + strlen(base) + 8;
	if ((o->tmp = sales_malloc(n)) == NULL) {
		output_release(o);
		return sales_err_set(err, SALES_ENOMEM, "out of memory");
	}
	memcpy(o->tmp, o->path, dirlen);
	snprintf(o->tmp + dirlen, n - dirlen, ".%s.XXXXXX", base);

	/* A new file gets 0666 less the umask; a replaced one its mode. */
	mask = umask(0);
	umask(mask);
	mode = exists ? (st.st_mode & 07777) : (0666 & ~mask);
	if ((fd = mkstemp(o->tmp)) == -1) {
		sales_free(o->tmp);
		o->tmp = NULL;
		return open_error(o, err, path);
	}
	if (fchmod(fd, mode) == -1 || (o->fp = fdopen(fd, "w")) == NULL) {
		(void)unlink(o->tmp);
		close(fd);
		sales_free(o->tmp);
		o->tmp = NULL;
		return open_error(o, err, path);
	}
	if (register_temp(o->tmp) == -1) {
		fclose(o->fp);
		(void)unlink(o->tmp);
		sales_free(o->tmp);
		o->tmp = NULL;
		output_release(o);
		return sales_err_set(err, SALES_EUSAGE,
		    "%s: too many output files open", path);
	}
	note_open(o);
	return 0;
}

/* Make the rename durable: sync the folder that holds path. */
static void
sync_dir(const char *path)
{
	const char	*slash = strrchr(path, '/');
	char		*dir;
	int		 fd;

	if (slash == NULL)
		dir = sales_strndup(".", 1);
	else
		dir = sales_strndup(path, slash == path ? 1 :
		    (size_t)(slash - path));
	if (dir == NULL)
		return;
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY)) != -1) {
		(void)fsync(fd);
		close(fd);
	}
	sales_free(dir);
}

int
sales_output_commit(struct sales_output *o, struct sales_err *err)
{
	int	 e = 0;

	if (o->fp == NULL)
		return 0;
	if (fflush(o->fp) == EOF)
		e = errno != 0 ? errno : EIO;
	else if (ferror(o->fp))
		e = EIO;
	/* A device or pipe cannot be synced (EINVAL): that is fine. */
	if (e == 0 && o->path != NULL && fsync(fileno(o->fp)) == -1 &&
	    errno != EINVAL && errno != ENOTSUP)
		e = errno;
	if (fclose(o->fp) == EOF && e == 0)
		e = errno != 0 ? errno : EIO;
	o->fp = NULL;
	if (e != 0) {
		if (o->tmp != NULL)
			(void)unlink(o->tmp);
		write_error(err, o->path != NULL ? o->path : "stdout", e);
		output_release(o);
		return -1;
	}
	if (o->tmp != NULL) {
		if (rename(o->tmp, o->path) == -1) {
			e = errno;
			(void)unlink(o->tmp);
			errno = e;
			sales_err_sys(err, SALES_EIO, o->path);
			output_release(o);
			return -1;
		}
		sync_dir(o->path);
	}
	output_release(o);
	return 0;
}

void
sales_output_abort(struct sales_output *o)
{
	if (o->fp != NULL && o->fp != stdout)
		fclose(o->fp);
	if (o->tmp != NULL)
		(void)unlink(o->tmp);
	output_release(o);
}

struct sales_rejects {
	struct sales_output	 out;
	struct sales_writer	*w;
	size_t			 ncols;
	unsigned long		 count;
	struct sales_field	*row;		/* fields + reason */
	size_t			 rowcap;
	char			*why;		/* reason and extra fields */
	size_t			 whycap;
	char			 reason[40];	/* name of the reason column */
};

/*
 * The name of the reason column: "reason", or "reject_reason" (then
 * "reject_reason_2", ...) when the input has a column of that name, so
 * that the rejects table has no two columns of one name and reads back.
 */
static void
reason_name(struct sales_rejects *rj, const struct sales_field *hdr,
    size_t n)
{
	char	 name[sizeof(rj->reason)];
	size_t	 i, k;

	for (k = 0;; k++) {
		if (k == 0)
			snprintf(name, sizeof(name), "reason");
		else if (k == 1)
			snprintf(name, sizeof(name), "reject_reason");
		else
			snprintf(name, sizeof(name), "reject_reason_%zu", k);
		for (i = 0; i < n; i++)
			if (hdr[i].len == strlen(name) &&
			    memcmp(hdr[i].s, name, hdr[i].len) == 0)
				break;
		if (i == n)
			break;
	}
	memcpy(rj->reason, name, sizeof(name));
}

static int
rejects_grow(struct sales_rejects *rj, size_t n)
{
	struct sales_field	*nr;

	if (n <= rj->rowcap)
		return 0;
	if ((nr = sales_reallocarray(rj->row, n, sizeof(*nr))) == NULL)
		return -1;
	rj->row = nr;
	rj->rowcap = n;
	return 0;
}

int
sales_rejects_open(struct sales_rejects **rp, const char *path,
    const struct sales_field *hdr, size_t n, int format, int delim,
    int wflags, struct sales_err *err)
{
	struct sales_rejects	*rj;
	size_t			 i;

	*rp = NULL;
	if ((rj = sales_calloc(1, sizeof(*rj))) == NULL)
		return sales_err_set(err, SALES_ENOMEM, "out of memory");
	rj->ncols = n;
	if (n == SIZE_MAX || rejects_grow(rj, n + 1) == -1) {
		sales_free(rj);
		return sales_err_set(err, SALES_ENOMEM, "out of memory");
	}
	if (sales_output_open(&rj->out, path, err) == -1) {
		sales_free(rj->row);
		sales_free(rj);
		return -1;
	}
	for (i = 0; i < n; i++)
		rj->row[i] = hdr[i];
	reason_name(rj, hdr, n);
	rj->row[n].s = rj->reason;
	rj->row[n].len = strlen(rj->reason);
	if (sales_writer_open(&rj->w, rj->out.fp, format == SALES_FMT_AUTO ?
	    SALES_FMT_CSV : format, delim, wflags, err) == -1 ||
	    sales_writer_header(rj->w, rj->row, n + 1, err) == -1) {
		sales_rejects_abort(rj);
		return -1;
	}
	*rp = rj;
	return 0;
}

int
sales_rejects_add(struct sales_rejects *rj, const struct sales_record *rec,
    const char *reason, struct sales_err *err)
{
	size_t	 i, need, len = strlen(reason), off;
	char	*w;

	/*
	 * Every rejected row has the header's columns and then the
	 * reason, so that the rejects table reads back as a table: a
	 * short row is padded with empty fields, and the fields of a long
	 * one beyond the header are kept in the reason, joined by tabs,
	 * so that nothing is lost.
	 */
	need = len + 1;
	for (i = rj->ncols; i < rec->nfields; i++)
		need += rec->fields[i].len + 32;
	if (need > rj->whycap) {
		if ((w = sales_realloc(rj->why, need)) == NULL)
			return sales_err_set(err, SALES_ENOMEM, "out of memory");
		rj->why = w;
		rj->whycap = need;
	}
	memcpy(rj->why, reason, len);
	off = len;
	for (i = rj->ncols; i < rec->nfields; i++) {
		if (i == rj->ncols) {
			memcpy(rj->why + off, "; fields beyond the header: ",
			    28);
			off += 28;
		} else
			rj->why[off++] = '\t';
		memcpy(rj->why + off, rec->fields[i].s, rec->fields[i].len);
		off += rec->fields[i].len;
	}
	rj->why[off] = '\0';
	if (rejects_grow(rj, rj->ncols + 1) == -1)
		return sales_err_set(err, SALES_ENOMEM, "out of memory");
	for (i = 0; i < rj->ncols; i++) {
		if (i < rec->nfields)
			rj->row[i] = rec->fields[i];
		else {
			rj->row[i].s = "";
			rj->row[i].len = 0;
		}
	}
	rj->row[rj->ncols].s = rj->why;
	rj->row[rj->ncols].len = off;
	if (sales_writer_row(rj->w, rj->row, rj->ncols + 1, err) == -1)
		return -1;
	rj->count++;
	return 0;
}

unsigned long
sales_rejects_count(const struct sales_rejects *rj)
{
	return rj != NULL ? rj->count : 0;
}

int
sales_rejects_close(struct sales_rejects *rj, struct sales_err *err)
{
	int	 rv;

	if (rj == NULL)
		return 0;
	rv = sales_writer_close(rj->w, err);
	rj->w = NULL;
	if (rv == -1)
		sales_output_abort(&rj->out);
	else
		rv = sales_output_commit(&rj->out, err);
	sales_free(rj->row);
	sales_free(rj->why);
	sales_free(rj);
	return rv;
}

void
sales_rejects_abort(struct sales_rejects *rj)
{
	if (rj == NULL)
		return;
	sales_writer_close(rj->w, NULL);
	sales_output_abort(&rj->out);
	sales_free(rj->row);
	sales_free(rj->why);
	sales_free(rj);
}

void
sales_cli_die_nomem(const struct sales_cli *c)
{
	struct sales_err	 e;

	sales_err_set(&e, SALES_ENOMEM, "out of memory");
	sales_cli_die(c, &e, SALES_EXIT_FAIL);
}

int
sales_cli_reject(const struct sales_cli *c, struct sales_rejects *rj,
    const struct sales_reader *r, const struct sales_record *rec, int col,
    struct sales_err *err)
{
	const struct sales_field	*hdr = sales_reader_header(r);
	char				 name[128];

	if (col >= 0 && (size_t)col < sales_reader_ncols(r)) {
		snprintf(name, sizeof(name), "%.*s", (int)hdr[col].len,
		    hdr[col].s);
		sales_err_where(err, rec->file, rec->line, name);
	} else
		sales_err_where(err, rec->file, rec->line, NULL);
	if (rj == NULL)
		sales_cli_die(c, err, SALES_EXIT_FAIL);
	if (sales_rejects_add(rj, rec, sales_err_str(err), err) == -1)
		sales_cli_die(c, err, SALES_EXIT_FAIL);
	return -1;
}

int
sales_list_split(const char *s, char ***vp, size_t *n, struct sales_err *err)
{
	char		**v = NULL, **grown;
	const char	 *p, *q;
	size_t		  k = 0;

	for (p = s;; p = q + 1) {
		if ((q = strchr(p, ',')) == NULL)
			q = p + strlen(p);
		if ((grown = sales_reallocarray(v, k + 1, sizeof(*v))) == NULL)
			goto nomem;
		v = grown;
		if ((v[k] = sales_strndup(p, (size_t)(q - p))) == NULL)
			goto nomem;
		k++;
		if (*q == '\0')
			break;
	}
	*vp = v;
	*n = k;
	return 0;
nomem:
	sales_list_free(v, k);
	return sales_err_set(err, SALES_ENOMEM, "out of memory");
}

void
sales_list_free(char **v, size_t n)
{
	size_t	 i;

	for (i = 0; v != NULL && i < n; i++)
		sales_free(v[i]);
	sales_free(v);
}
