/*
 * cli.h: what every sm program shares on its command line and at its
 * edges: the common options, exit statuses, atomic output files
 * (-o), the rejects table (--rejects), and closing stdout.
 *
 * This is the one module of libsales that acts on the process: the
 * sales_cli_die*() functions print to stderr and exit, and
 * sales_cli_init() ignores SIGPIPE so that a closed pipe shows up as an
 * EPIPE write error, which ends the program quietly with status 0
 * (SPEC 6).  Everything else returns errors as the rest of libsales.
 */
#ifndef SALES_CLI_H
#define SALES_CLI_H

#include <getopt.h>
#include <stdio.h>

#include "libsales/calendar.h"
#include "libsales/date.h"
#include "libsales/deal.h"
#include "libsales/err.h"
#include "libsales/money.h"
#include "libsales/roles.h"
#include "libsales/table.h"
#include "libsales/writer.h"

#define SALES_EXIT_OK		0	/* success */
#define SALES_EXIT_FAIL		1	/* bad data, I/O failure, no memory */
#define SALES_EXIT_USAGE	2	/* bad options, rules or roles */
#define SALES_EXIT_UNASSIGNED	3	/* sm-assign --strict: leads left */

#define SALES_VERSION		"0.1.0"
#define SALES_CLI_MAXNULL	32

/* Codes of the common long options that have no short letter. */
enum sales_opt {
	SALES_OPT_CALENDAR = 256,
	SALES_OPT_COLUMNS,
	SALES_OPT_DATE_FORMAT,
	SALES_OPT_DECIMAL_COMMA,
	SALES_OPT_DECIMALS,
	SALES_OPT_EXCEL_SAFE,
	SALES_OPT_FROM,
	SALES_OPT_FY_START,
	SALES_OPT_HOLIDAYS,
	SALES_OPT_LOST,
	SALES_OPT_MAX_FIELD,
	SALES_OPT_NO_HEADER,
	SALES_OPT_NULL,
	SALES_OPT_REJECTS,
	SALES_OPT_TO,
	SALES_OPT_WON,
	SALES_OPT_FIRST_FREE = 320	/* programs number theirs from here */
};

/*
 * The short options every program takes: -d delimiter, -h help,
 * -m ROLE=COLUMN, -o FILE, -V version.  Programs append their own.
 */
#define SALES_CLI_SHORTOPTS	"d:hm:o:V"

/* Long options of every program that reads tables (struct option). */
#define SALES_CLI_TABLE_LONGOPTS					\
	{ "columns", required_argument, NULL, SALES_OPT_COLUMNS },	\
	{ "date-format", required_argument, NULL, SALES_OPT_DATE_FORMAT }, \
	{ "decimal-comma", no_argument, NULL, SALES_OPT_DECIMAL_COMMA }, \
	{ "decimals", required_argument, NULL, SALES_OPT_DECIMALS },	\
	{ "delimiter", required_argument, NULL, 'd' },			\
	{ "excel-safe", no_argument, NULL, SALES_OPT_EXCEL_SAFE },	\
	{ "from", required_argument, NULL, SALES_OPT_FROM },		\
	{ "help", no_argument, NULL, 'h' },				\
	{ "map", required_argument, NULL, 'm' },			\
	{ "max-field", required_argument, NULL, SALES_OPT_MAX_FIELD },	\
	{ "no-header", no_argument, NULL, SALES_OPT_NO_HEADER },	\
	{ "null", required_argument, NULL, SALES_OPT_NULL },		\
	{ "output", required_argument, NULL, 'o' },			\
	{ "rejects", required_argument, NULL, SALES_OPT_REJECTS },	\
	{ "to", required_argument, NULL, SALES_OPT_TO },		\
	{ "version", no_argument, NULL, 'V' }

/* Long options of the programs that bucket dates into periods. */
#define SALES_CLI_CALENDAR_LONGOPTS					\
	{ "calendar", required_argument, NULL, SALES_OPT_CALENDAR },	\
	{ "fy-start", required_argument, NULL, SALES_OPT_FY_START },	\
	{ "holidays", required_argument, NULL, SALES_OPT_HOLIDAYS }

/* Long options of the programs that read deal stages. */
#define SALES_CLI_STAGE_LONGOPTS					\
	{ "lost", required_argument, NULL, SALES_OPT_LOST },		\
	{ "won", required_argument, NULL, SALES_OPT_WON }

/* The settings of the common options; sales_cli_init() sets defaults. */
struct sales_rejects;

struct sales_cli {
	const char		*prog;		/* "sm-report", for messages */
	struct sales_table_opts	 topts;		/* --from -d --no-header ... */
	const char		*nulls[SALES_CLI_MAXNULL];
	int			 to;		/* --to; 0: as the input */
	int			 money_flags;	/* SALES_MONEY_DECIMAL_COMMA */
	int			 decimals;	/* --decimals, 0-4, default 2 */
	struct sales_datefmt	 datefmt;	/* --date-format */
	struct sales_roles	 roles;		/* -m */
	struct sales_calendar	 cal;		/* --fy-start --calendar ... */
	struct sales_stages	 stages;	/* --won --lost */
	const char		*output;	/* -o, NULL: stdout */
	const char		*rejects;	/* --rejects, NULL: fail */
	int			 wflags;	/* SALES_W_EXCEL_SAFE */
};

/*
 * Set the defaults (table options of sales_table_opts_init(), --null
 * list in c->nulls, 2 decimals, ISO dates, default roles and stages,
 * calendar year), remember prog (its last path component) for
 * messages, ignore SIGPIPE, and note the descriptors the process
 * inherited (see sales_output_open()).
 */
void	sales_cli_init(struct sales_cli *c, const char *prog);

/*
 * Free what the options allocated (holidays, stage lists) and forget
 * the files noted by sales_cli_input() and sales_cli_output().
 */
void	sales_cli_release(struct sales_cli *c);

/*
 * Handle a common option returned by getopt_long(): ch and its
 * argument (borrowed: it must outlive c, as argv does).  Returns 1 when
 * ch was a common option and its argument is good, 0 when ch is not a
 * common option (the program handles it), -1 when the argument is bad,
 * with err set (SALES_EUSAGE, e.g. "--decimals: invalid number '7': too
 * large"; SALES_EIO, SALES_EVALUE or SALES_ENOMEM for a --holidays file
 * that cannot be read; SALES_ENOMEM from --won/--lost).  A --holidays
 * file is noted as an input (sales_cli_input()), so that no output
 * replaces it.  -h and -V are
 * not handled here.  Arguments: -d one byte, "\t" or "tab", never '"',
 * CR or LF; --decimals 0-4; --fy-start 1-12; --max-field bytes from 1
 * to 4G with an optional K, M or G (powers of 1024); --null at most
 * SALES_CLI_MAXNULL times; --from csv or tsv; --to any format name of
 * sales_format_parse().  Messages of other modules get the option in
 * front ("--map: unknown role 'x' ...").
 */
int	sales_cli_option(struct sales_cli *c, int ch, const char *arg,
	    struct sales_err *err);

/*
 * The output format: --to when given, else the input's format
 * (SALES_FMT_CSV or SALES_FMT_TSV).
 */
int	sales_cli_format(const struct sales_cli *c, int input_format);

/*
 * Parse a whole decimal number between min and max, as OpenBSD's
 * strtonum(3) (strtoll(3) base 10: leading spaces and a sign allowed,
 * nothing after the digits).  On error returns 0, sets *errstr to
 * "invalid" (also when min > max), "too small" or "too large" and errno
 * to EINVAL or ERANGE; on success sets *errstr to NULL.
 */
long long sales_strtonum(const char *s, long long min, long long max,
	    const char **errstr);

/*
 * Print "PROG: MESSAGE" (sales_err_str()) to stderr and exit with
 * status, or with SALES_EXIT_USAGE when err is a usage error
 * (SALES_EUSAGE: SPEC 6 gives every usage error status 2, whatever the
 * caller passed), except for a write to a closed pipe (SALES_EIO with
 * EPIPE), which exits 0 silently.  Removes the temporary files of outputs not
 * yet committed (so do an atexit(3) handler and, unless the program set
 * its own, handlers of SIGHUP, SIGINT and SIGTERM, installed by the
 * first sales_output_open() of a file).
 */
void	sales_cli_die(const struct sales_cli *c, struct sales_err *err,
	    int status) __attribute__((noreturn));

/*
 * Print "PROG: MESSAGE" and "Try 'PROG --help' for more information."
 * on two lines for a usage error, remove uncommitted temporary files
 * and exit SALES_EXIT_USAGE.
 */
void	sales_cli_die_usage(const struct sales_cli *c, const char *fmt, ...)
	    __attribute__((noreturn, format(printf, 2, 3)));

/*
 * End the run for the error err that sales_cli_option() returned for
 * option ch with argument arg: a bad argument is a usage error, as any
 * other (sales_cli_die_usage(); for --to, when formats is not NULL,
 * "--to: PROG writes FORMATS, not 'ARG'", formats being, e.g., "csv,
 * tsv or json"); any other error (an unreadable --holidays file) goes
 * to sales_cli_die() with status.
 */
void	sales_cli_option_die(const struct sales_cli *c, int ch,
	    const char *arg, struct sales_err *err, const char *formats,
	    int status) __attribute__((noreturn));

/* Print "PROG: out of memory" and exit SALES_EXIT_FAIL. */
void	sales_cli_die_nomem(const struct sales_cli *c)
	    __attribute__((noreturn));

/*
 * A row of r that cannot be read: err holds what is wrong with it (its
 * code and message); this adds the row's file and line, and the name of
 * column col (col < 0: none).  With a rejects table (rj != NULL) the
 * row goes there with the whole message as its reason and -1 is
 * returned, so that the caller skips the row; without one, the message
 * is printed and the program exits SALES_EXIT_FAIL (as
 * sales_cli_die()), since no row may be dropped silently.
 */
int	sales_cli_reject(const struct sales_cli *c, struct sales_rejects *rj,
	    const struct sales_reader *r, const struct sales_record *rec,
	    int col, struct sales_err *err);

/*
 * Split a comma-separated option argument ("a,b,c") into *n new
 * strings in a new array *vp; "" gives one empty item.  Free them with
 * sales_list_free().  Returns 0, or -1 with err set (SALES_ENOMEM).
 */
int	sales_list_split(const char *s, char ***vp, size_t *n,
	    struct sales_err *err);

/* Free what sales_list_split() made; NULL is a no-op. */
void	sales_list_free(char **v, size_t n);

/*
 * An output table file written atomically (SPEC 6, -o): data goes to a
 * temporary file in the same folder, which sales_output_commit() syncs
 * and renames over path; on failure or exit without commit path is
 * untouched and the temporary file removed.  With path NULL or "-"
 * the output is stdout, and commit flushes and checks it.
 */
struct sales_output {
	FILE	*fp;		/* where to write */
	char	*path;		/* final name; NULL for stdout */
	char	*tmp;		/* temporary name; NULL for stdout */
};

/*
 * The files of a run, checked before anything is read or written so
 * that no row is lost (SPEC 6): no output may be one of the inputs,
 * and no two outputs one file.  Two paths name one file when they
 * resolve to it: the same st_dev and st_ino when it exists (symbolic
 * links followed, hard links alike), else the same folder (st_dev and
 * st_ino of the parent) and the same last component; so "o.csv",
 * "./o.csv", "d/../o.csv", "//tmp/o.csv" and a link to it are one.
 * Standard input and output ("-" or NULL), anything under /dev (but
 * /dev/shm) or /proc, and existing folders, devices, FIFOs and sockets
 * are no files here and never clash.
 *
 * Inputs and outputs noted here stay noted until sales_cli_release(),
 * and sales_output_open() refuses any output that is a noted input.
 * Paths and option names are borrowed: they must live as long (argv).
 */

/*
 * Do paths a and b name one file, or would they once written?  Returns
 * 1 or 0 (0 when either is no file in the sense above).  When a name's
 * folder does not exist either, the names are compared as strings.
 */
int	sales_same_file(const char *a, const char *b);

/*
 * Note an input file of this run, named by option opt ("-R", "--fit";
 * NULL for an operand).  Returns 0, or -1 with err set: SALES_EUSAGE
 * when a noted output is that file ("-o ./in.csv is the input in.csv",
 * "--summary r.csv is the -R file ./r.csv"), SALES_ENOMEM.
 */
int	sales_cli_input(const char *opt, const char *path,
	    struct sales_err *err);

/*
 * Note an output file of this run, named by option opt ("-o",
 * "--summary").  Returns 0, or -1 with err set: SALES_EUSAGE when it is
 * a noted input (as sales_cli_input()) or a noted output ("-o s.csv and
 * --summary ./s.csv name the same file"), SALES_ENOMEM.
 */
int	sales_cli_output(const char *opt, const char *path,
	    struct sales_err *err);

/*
 * Note the operands paths[0..npaths-1] as inputs (npaths 0: stdin),
 * then c->output as output "-o" and c->rejects as "--rejects", as
 * sales_cli_input() and sales_cli_output() do.  A program calls it
 * after its options, and after noting its own extra inputs and
 * outputs.  Returns 0, or -1 with err set as those two.
 */
int	sales_cli_files(const struct sales_cli *c, char *const *paths,
	    size_t npaths, struct sales_err *err);

/*
 * Open o for path.  A regular file (or a new one) is written to
 * "<dir>/.<base>.XXXXXX" (mkstemp(3)) with the mode of the file it will
 * replace, or 0666 less the umask; a symbolic link is followed, so that
 * the file it points to is replaced and the link kept.  A device, FIFO
 * or socket (/dev/null) is written in place, as the shell's ">" would.
 * Refused with SALES_EUSAGE: path already an open output of this run
 * ("PATH: already an output of this run", by sales_same_file(); for
 * devices and /dev or /proc names, the same device), an input noted
 * by sales_cli_input() ("-o ./in.csv is the input in.csv", the option
 * as noted by sales_cli_output() or given to sales_cli_option()), or a
 * regular file that this process opened for reading since
 * sales_cli_init() and still holds, on a descriptor from 3 to 1023
 * ("--rejects in.csv is an input of this run"): an input that no
 * sales_cli_input() named.  Returns 0, or -1 with err set (SALES_EIO
 * naming path, e.g. "No such file or directory" for a missing folder,
 * "Is a directory"; SALES_ENOMEM; SALES_EUSAGE as above and beyond 64
 * open output files).
 */
int	sales_output_open(struct sales_output *o, const char *path,
	    struct sales_err *err);

/*
 * Flush, fsync and close, then rename the temporary file over the
 * final one and sync its folder (for stdout: fflush, ferror and
 * fclose, as git and datamash do at exit).  Returns 0, or -1 with err
 * set: SALES_EIO with errnum (EPIPE for a closed pipe, ENOSPC) and the
 * message "write error: PATH: ..." ("stdout" for stdout), or "PATH:
 * ..." when the rename fails; the temporary file is then removed and
 * the target left untouched.  o is released either way; committing a
 * released o returns 0.
 */
int	sales_output_commit(struct sales_output *o, struct sales_err *err);

/* Drop the output: close and remove the temporary file.  Safe twice. */
void	sales_output_abort(struct sales_output *o);

/*
 * The rejects table (--rejects FILE): the input's header plus a
 * "reason" column ("reject_reason", "reject_reason_2"... when the input
 * has a column of that name), one row per rejected record, in the
 * input's format and CSV delimiter (so that it reads back with the
 * options that read the input), through the writer into an atomic
 * output.
 */
struct sales_rejects;

/*
 * Open path (atomically, as sales_output_open()) for rows of a table
 * with the header hdr (n columns) in format (CSV with delim, the
 * input's; see sales_reader_delim()) and writer flags wflags.  Returns
 * 0 with *rp set, or -1 with err set.
 */
int	sales_rejects_open(struct sales_rejects **rp, const char *path,
	    const struct sales_field *hdr, size_t n, int format, int delim,
	    int wflags, struct sales_err *err);

/*
 * Write rec with reason (e.g. "deals.csv:12: column 'amount': not a
 * money amount: '12,5x'").  Every row gets the header's columns and
 * then the reason: a record shorter than the header is padded with
 * empty fields, and the fields of a longer one beyond the header are
 * kept at the end of the reason ("; fields beyond the header: a<TAB>b"),
 * so that the table reads back and nothing is lost.  Returns 0, or -1
 * with err set (SALES_EIO, SALES_ENOMEM).
 */
int	sales_rejects_add(struct sales_rejects *rj,
	    const struct sales_record *rec, const char *reason,
	    struct sales_err *err);

/* The number of rows written so far. */
unsigned long sales_rejects_count(const struct sales_rejects *rj);

/*
 * Commit the file and free rj; NULL is a no-op returning 0.  Returns 0,
 * or -1 with err set (the file is then left untouched).
 */
int	sales_rejects_close(struct sales_rejects *rj, struct sales_err *err);

/*
 * Drop the rejects table on a failure path: remove its temporary file,
 * leave the target untouched and free rj; NULL is a no-op.
 */
void	sales_rejects_abort(struct sales_rejects *rj);

#endif
