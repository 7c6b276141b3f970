/*
 * test_cli.c: the common options, sales_strtonum(), fatal and usage
 * exits, atomic output files, stdout checks and the rejects table.
 * Exits are tested in forked children; files go into a fresh folder
 * under /tmp.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sys/stat.h>
#include <sys/wait.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "libsales/cli.h"
#include "libsales/mem.h"
#include "libsales/money.h"

static char	 dir[64];

static int
setup(void **state)
{
	strcpy(dir, "/tmp/test_cli.XXXXXX");
	if (mkdtemp(dir) == NULL)
		return -1;
	umask(022);
	return 0;
}

static int
teardown(void **state)
{
	DIR		*d;
	struct dirent	*de;
	char		 path[PATH_MAX];

	if ((d = opendir(dir)) == NULL)
		return 0;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		unlink(path);
	}
	closedir(d);
	rmdir(dir);
	return 0;
}

static void
path_in(char *buf, size_t len, const char *name)
{
	snprintf(buf, len, "%s/%s", dir, name);
}

static void
put_file(const char *path, const char *text)
{
	FILE	*fp = fopen(path, "w");

	assert_non_null(fp);
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
}

/* The whole file as a string (caller frees), NULL when absent. */
static char *
slurp(const char *path)
{
	FILE	*fp = fopen(path, "r");
	char	*buf;
	size_t	 n;

	if (fp == NULL)
		return NULL;
	buf = calloc(1, 65536);
	assert_non_null(buf);
	n = fread(buf, 1, 65535, fp);
	buf[n] = '\0';
	fclose(fp);
	return buf;
}

static void
assert_file(const char *path, const char *want)
{
	char	*got = slurp(path);

	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

/* Entries of the test folder whose names start with '.' (temp files). */
static int
count_hidden(void)
{
	DIR		*d;
	struct dirent	*de;
	int		 n = 0;

	d = opendir(dir);
	assert_non_null(d);
	while ((de = readdir(d)) != NULL)
		if (de->d_name[0] == '.' && strcmp(de->d_name, ".") != 0 &&
		    strcmp(de->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

static void
test_cli_init_defaults(void **state)
{
	struct sales_cli	 c;
	struct sigaction	 sa;

	signal(SIGPIPE, SIG_DFL);
	sales_cli_init(&c, "/usr/local/bin/sm-report");
	assert_string_equal(c.prog, "sm-report");
	assert_int_equal(c.decimals, 2);
	assert_int_equal(c.topts.delim, ',');
	assert_int_equal(c.topts.format, SALES_FMT_AUTO);
	assert_int_equal(c.topts.no_header, 0);
	assert_ptr_equal(c.topts.nulls, c.nulls);
	assert_int_equal(c.topts.nnulls, 0);
	assert_int_equal(c.to, 0);
	assert_int_equal(c.money_flags, 0);
	assert_int_equal(c.datefmt.kind, SALES_DATE_ISO);
	assert_string_equal(c.roles.column[SALES_ROLE_REP], "rep");
	assert_string_equal(c.roles.column[SALES_ROLE_CATEGORY],
	    "forecast_category");
	assert_int_equal(c.cal.fy_start, 1);
	assert_int_equal(c.cal.retail, SALES_RETAIL_NONE);
	assert_int_equal(c.stages.nwon, 2);
	assert_int_equal(c.stages.nlost, 2);
	assert_null(c.output);
	assert_null(c.rejects);
	assert_int_equal(c.wflags, 0);
	assert_int_equal(sigaction(SIGPIPE, NULL, &sa), 0);
	assert_ptr_equal(sa.sa_handler, SIG_IGN);
	sales_cli_release(&c);
	sales_cli_release(NULL);

	sales_cli_init(&c, "sm-quota");
	assert_string_equal(c.prog, "sm-quota");
	sales_cli_release(&c);
}

static void
test_cli_strtonum(void **state)
{
	const char	*es;

	assert_int_equal(sales_strtonum("42", 0, 100, &es), 42);
	assert_null(es);
	assert_int_equal(sales_strtonum("0", 0, 100, &es), 0);
	assert_null(es);
	assert_int_equal(sales_strtonum("100", 0, 100, &es), 100);
	assert_null(es);
	assert_int_equal(sales_strtonum("+7", 0, 100, &es), 7);
	assert_null(es);
	assert_int_equal(sales_strtonum(" 7", 0, 100, &es), 7);
	assert_null(es);
	assert_int_equal(sales_strtonum("-5", -10, 10, &es), -5);
	assert_null(es);

	assert_int_equal(sales_strtonum("-5", 0, 10, &es), 0);
	assert_string_equal(es, "too small");
	assert_int_equal(errno, ERANGE);
	assert_int_equal(sales_strtonum("101", 0, 100, &es), 0);
	assert_string_equal(es, "too large");
	assert_int_equal(errno, ERANGE);
	assert_int_equal(sales_strtonum("", 0, 100, &es), 0);
	assert_string_equal(es, "invalid");
	assert_int_equal(errno, EINVAL);
	assert_int_equal(sales_strtonum("12x", 0, 100, &es), 0);
	assert_string_equal(es, "invalid");
	assert_int_equal(sales_strtonum("7 ", 0, 100, &es), 0);
	assert_string_equal(es, "invalid");
	assert_int_equal(sales_strtonum("1.5", 0, 100, &es), 0);
	assert_string_equal(es, "invalid");
	assert_int_equal(sales_strtonum(NULL, 0, 100, &es), 0);
	assert_string_equal(es, "invalid");
	assert_int_equal(sales_strtonum("5", 10, 0, &es), 0);
	assert_string_equal(es, "invalid");

	/* The edges of long long: 2^63 - 1 fits, 2^63 does not. */
	assert_true(sales_strtonum("9223372036854775807", LLONG_MIN,
	    LLONG_MAX, &es) == LLONG_MAX);
	assert_null(es);
	assert_true(sales_strtonum("-9223372036854775808", LLONG_MIN,
	    LLONG_MAX, &es) == LLONG_MIN);
	assert_null(es);
	assert_int_equal(sales_strtonum("9223372036854775808", LLONG_MIN,
	    LLONG_MAX, &es), 0);
	assert_string_equal(es, "too large");
	assert_int_equal(sales_strtonum("-9223372036854775809", LLONG_MIN,
	    LLONG_MAX, &es), 0);
	assert_string_equal(es, "too small");
}

/* Run one option; expect success. */
static void
good(struct sales_cli *c, int ch, const char *arg)
{
	struct sales_err	 e;

	sales_err_clear(&e);
	if (sales_cli_option(c, ch, arg, &e) != 1)
		fail_msg("option %d '%s': %s", ch, arg ? arg : "",
		    sales_err_str(&e));
}

/* Run one option; expect failure with code and exactly msg. */
static void
bad(struct sales_cli *c, int ch, const char *arg, int code, const char *msg)
{
	struct sales_err	 e;

	sales_err_clear(&e);
	assert_int_equal(sales_cli_option(c, ch, arg, &e), -1);
	assert_int_equal(e.code, code);
	if (msg != NULL)
		assert_string_equal(e.msg, msg);
}

static void
test_cli_delimiter(void **state)
{
	struct sales_cli	 c;

	sales_cli_init(&c, "sm-test");
	good(&c, 'd', ";");
	assert_int_equal(c.topts.delim, ';');
	good(&c, 'd', "\\t");
	assert_int_equal(c.topts.delim, '\t');
	good(&c, 'd', "|");
	assert_int_equal(c.topts.delim, '|');
	good(&c, 'd', "tab");
	assert_int_equal(c.topts.delim, '\t');
	good(&c, 'd', "\t");
	assert_int_equal(c.topts.delim, '\t');
	bad(&c, 'd', "", SALES_EUSAGE, "-d: invalid delimiter '': "
	    "expected one byte, '\\t' or 'tab'");
	bad(&c, 'd', ";;", SALES_EUSAGE, "-d: invalid delimiter ';;': "
	    "expected one byte, '\\t' or 'tab'");
	bad(&c, 'd', "\"", SALES_EUSAGE, "-d: invalid delimiter '\"': "
	    "a quote or a line break cannot delimit");
	bad(&c, 'd', "\n", SALES_EUSAGE, NULL);
	bad(&c, 'd', "\r", SALES_EUSAGE, NULL);
	/* A failed option leaves the setting alone. */
	assert_int_equal(c.topts.delim, '\t');
	sales_cli_release(&c);
}

static void
test_cli_numbers(void **state)
{
	struct sales_cli	 c;

	sales_cli_init(&c, "sm-test");
	good(&c, SALES_OPT_DECIMALS, "0");
	assert_int_equal(c.decimals, 0);
	good(&c, SALES_OPT_DECIMALS, "4");
	assert_int_equal(c.decimals, 4);
	bad(&c, SALES_OPT_DECIMALS, "7", SALES_EUSAGE,
	    "--decimals: invalid number '7': too large");
	bad(&c, SALES_OPT_DECIMALS, "-1", SALES_EUSAGE,
	    "--decimals: invalid number '-1': too small");
	bad(&c, SALES_OPT_DECIMALS, "two", SALES_EUSAGE,
	    "--decimals: invalid number 'two': invalid");
	assert_int_equal(c.decimals, 4);

	good(&c, SALES_OPT_FY_START, "1");
	assert_int_equal(c.cal.fy_start, 1);
	good(&c, SALES_OPT_FY_START, "12");
	assert_int_equal(c.cal.fy_start, 12);
	good(&c, SALES_OPT_FY_START, "10");
	assert_int_equal(c.cal.fy_start, 10);
	bad(&c, SALES_OPT_FY_START, "0", SALES_EUSAGE,
	    "--fy-start: invalid month '0': too small");
	bad(&c, SALES_OPT_FY_START, "13", SALES_EUSAGE,
	    "--fy-start: invalid month '13': too large");
	bad(&c, SALES_OPT_FY_START, "oct", SALES_EUSAGE,
	    "--fy-start: invalid month 'oct': invalid");
	assert_int_equal(c.cal.fy_start, 10);
	sales_cli_release(&c);
}

static void
test_cli_max_field(void **state)
{
	static const char *const badsizes[] = {
		"", "K", "12X", "-1", " 1", "1.5M", "1KK", "0x10"
	};
	struct sales_cli	 c;
	struct sales_err	 e;
	size_t			 i;

	sales_cli_init(&c, "sm-test");
	good(&c, SALES_OPT_MAX_FIELD, "1");
	assert_int_equal(c.topts.max_field, 1);
	good(&c, SALES_OPT_MAX_FIELD, "1000");
	assert_int_equal(c.topts.max_field, 1000);
	good(&c, SALES_OPT_MAX_FIELD, "64K");
	assert_int_equal(c.topts.max_field, 65536);
	good(&c, SALES_OPT_MAX_FIELD, "16m");
	assert_int_equal(c.topts.max_field, 16777216);
	good(&c, SALES_OPT_MAX_FIELD, "1g");
	assert_int_equal(c.topts.max_field, 1073741824);
	good(&c, SALES_OPT_MAX_FIELD, "4G");
	assert_int_equal(c.topts.max_field, 4294967296ULL);
	good(&c, SALES_OPT_MAX_FIELD, "4194304K");
	assert_int_equal(c.topts.max_field, 4294967296ULL);
	bad(&c, SALES_OPT_MAX_FIELD, "0", SALES_EUSAGE,
	    "--max-field: invalid size '0': too small");
	bad(&c, SALES_OPT_MAX_FIELD, "5G", SALES_EUSAGE,
	    "--max-field: invalid size '5G': too large");
	bad(&c, SALES_OPT_MAX_FIELD, "4194305K", SALES_EUSAGE,
	    "--max-field: invalid size '4194305K': too large");
	bad(&c, SALES_OPT_MAX_FIELD, "99999999999999999999", SALES_EUSAGE,
	    "--max-field: invalid size '99999999999999999999': too large");
	for (i = 0; i < sizeof(badsizes) / sizeof(badsizes[0]); i++) {
		sales_err_clear(&e);
		assert_int_equal(sales_cli_option(&c, SALES_OPT_MAX_FIELD,
		    badsizes[i], &e), -1);
		assert_int_equal(e.code, SALES_EUSAGE);
		assert_non_null(strstr(e.msg, "expected bytes with an "
		    "optional K, M or G"));
	}
	assert_int_equal(c.topts.max_field, 4294967296ULL);
	sales_cli_release(&c);
}

static void
test_cli_formats(void **state)
{
	struct sales_cli	 c;

	sales_cli_init(&c, "sm-test");
	assert_int_equal(sales_cli_format(&c, SALES_FMT_CSV), SALES_FMT_CSV);
	assert_int_equal(sales_cli_format(&c, SALES_FMT_TSV), SALES_FMT_TSV);
	good(&c, SALES_OPT_FROM, "tsv");
	assert_int_equal(c.topts.format, SALES_FMT_TSV);
	good(&c, SALES_OPT_FROM, "csv");
	assert_int_equal(c.topts.format, SALES_FMT_CSV);
	bad(&c, SALES_OPT_FROM, "json", SALES_EUSAGE,
	    "--from: cannot read format 'json' (csv, tsv)");
	bad(&c, SALES_OPT_FROM, "xlsx", SALES_EUSAGE,
	    "--from: unknown format 'xlsx' (csv, tsv)");
	assert_int_equal(c.topts.format, SALES_FMT_CSV);

	good(&c, SALES_OPT_TO, "json");
	assert_int_equal(c.to, SALES_FMT_JSON);
	assert_int_equal(sales_cli_format(&c, SALES_FMT_TSV), SALES_FMT_JSON);
	good(&c, SALES_OPT_TO, "pretty");
	assert_int_equal(c.to, SALES_FMT_PRETTY);
	good(&c, SALES_OPT_TO, "markdown");
	assert_int_equal(c.to, SALES_FMT_MARKDOWN);
	good(&c, SALES_OPT_TO, "html");
	assert_int_equal(c.to, SALES_FMT_HTML);
	good(&c, SALES_OPT_TO, "tsv");
	assert_int_equal(sales_cli_format(&c, SALES_FMT_CSV), SALES_FMT_TSV);
	bad(&c, SALES_OPT_TO, "xml", SALES_EUSAGE,
	    "--to: unknown format 'xml' (csv, tsv, json, pretty, markdown, "
	    "html)");
	assert_int_equal(c.to, SALES_FMT_TSV);
	sales_cli_release(&c);
}

static void
test_cli_flags_and_names(void **state)
{
	struct sales_cli	 c;

	sales_cli_init(&c, "sm-test");
	good(&c, SALES_OPT_DECIMAL_COMMA, NULL);
	assert_int_equal(c.money_flags, SALES_MONEY_DECIMAL_COMMA);
	good(&c, SALES_OPT_EXCEL_SAFE, NULL);
	assert_int_equal(c.wflags, SALES_W_EXCEL_SAFE);
	good(&c, SALES_OPT_NO_HEADER, NULL);
	assert_int_equal(c.topts.no_header, 1);
	good(&c, SALES_OPT_COLUMNS, "id,rep,amount");
	assert_string_equal(c.topts.columns, "id,rep,amount");
	good(&c, 'o', "out.csv");
	assert_string_equal(c.output, "out.csv");
	good(&c, 'o', "-");
	assert_string_equal(c.output, "-");
	bad(&c, 'o', "", SALES_EUSAGE, "-o: empty file name");
	good(&c, SALES_OPT_REJECTS, "bad.csv");
	assert_string_equal(c.rejects, "bad.csv");
	bad(&c, SALES_OPT_REJECTS, "", SALES_EUSAGE,
	    "--rejects: empty file name");
	assert_string_equal(c.rejects, "bad.csv");

	/* Not common options: the program's own. */
	assert_int_equal(sales_cli_option(&c, 'g', "rep", NULL), 0);
	assert_int_equal(sales_cli_option(&c, 'h', NULL, NULL), 0);
	assert_int_equal(sales_cli_option(&c, 'V', NULL, NULL), 0);
	assert_int_equal(sales_cli_option(&c, SALES_OPT_FIRST_FREE, "x",
	    NULL), 0);
	sales_cli_release(&c);
}

static void
test_cli_nulls(void **state)
{
	struct sales_cli	 c;
	char			 vals[SALES_CLI_MAXNULL][16];
	int			 i;

	sales_cli_init(&c, "sm-test");
	for (i = 0; i < SALES_CLI_MAXNULL; i++) {
		snprintf(vals[i], sizeof(vals[i]), "n%d", i);
		good(&c, SALES_OPT_NULL, vals[i]);
	}
	assert_int_equal(c.topts.nnulls, SALES_CLI_MAXNULL);
	assert_ptr_equal(c.topts.nulls, c.nulls);
	assert_string_equal(c.topts.nulls[0], "n0");
	assert_string_equal(c.topts.nulls[31], "n31");
	bad(&c, SALES_OPT_NULL, "one more", SALES_EUSAGE,
	    "--null: too many values (at most 32)");
	assert_int_equal(c.topts.nnulls, SALES_CLI_MAXNULL);
	sales_cli_release(&c);
}

/* Options handed to the other modules, with their messages. */
static void
test_cli_module_options(void **state)
{
	struct sales_cli	 c;
	struct sales_err	 e;
	char			 path[PATH_MAX];

	sales_cli_init(&c, "sm-test");
	good(&c, 'm', "rep=sales_agent");
	assert_string_equal(c.roles.column[SALES_ROLE_REP], "sales_agent");
	good(&c, 'm', "Closed=close_date");
	assert_string_equal(c.roles.column[SALES_ROLE_CLOSED], "close_date");
	sales_err_clear(&e);
	assert_int_equal(sales_cli_option(&c, 'm', "owner=x", &e), -1);
	assert_true(strncmp(e.msg, "--map: unknown role 'owner'", 27) == 0);
	sales_err_clear(&e);
	assert_int_equal(sales_cli_option(&c, 'm', "rep", &e), -1);
	assert_true(strncmp(e.msg, "--map: ", 7) == 0);
	assert_true(strncmp(e.msg, "--map: --map", 12) != 0);

	good(&c, SALES_OPT_DATE_FORMAT, "dmy");
	assert_int_equal(c.datefmt.kind, SALES_DATE_DMY);
	good(&c, SALES_OPT_DATE_FORMAT, "%d.%m.%Y");
	assert_int_equal(c.datefmt.kind, SALES_DATE_STRPTIME);
	sales_err_clear(&e);
	assert_int_equal(sales_cli_option(&c, SALES_OPT_DATE_FORMAT, "dd.mm",
	    &e), -1);
	assert_int_equal(e.code, SALES_EUSAGE);
	assert_true(strncmp(e.msg, "--date-format: ", 15) == 0);

	good(&c, SALES_OPT_CALENDAR, "4-5-4");
	assert_int_equal(c.cal.retail, SALES_RETAIL_454);
	sales_err_clear(&e);
	assert_int_equal(sales_cli_option(&c, SALES_OPT_CALENDAR, "4-4-4",
	    &e), -1);
	assert_int_equal(e.code, SALES_EUSAGE);
	assert_true(strncmp(e.msg, "--calendar: ", 12) == 0);
	assert_int_equal(c.cal.retail, SALES_RETAIL_454);

	good(&c, SALES_OPT_WON, "Closed Won");
	good(&c, SALES_OPT_WON, "Signed");
	assert_int_equal(c.stages.nwon, 2);
	assert_int_equal(c.stages.won_set, 1);
	assert_string_equal(c.stages.won[1], "Signed");
	good(&c, SALES_OPT_LOST, "Dead");
	assert_int_equal(c.stages.nlost, 1);
	assert_string_equal(c.stages.lost[0], "Dead");
	assert_int_equal(sales_stage_status(&c.stages, "signed", 6),
	    SALES_WON);

	/* 2026-12-25 is a Friday, 2026-12-26 a Saturday. */
	path_in(path, sizeof(path), "holidays.txt");
	put_file(path, "# company holidays\n2026-12-25\n\n2027-01-01\n");
	good(&c, SALES_OPT_HOLIDAYS, path);
	assert_int_equal(c.cal.nholidays, 2);
	assert_int_equal(sales_business_day(&c.cal,
	    sales_days_from_civil(2026, 12, 25)), 0);
	assert_int_equal(sales_business_day(&c.cal,
	    sales_days_from_civil(2026, 12, 24)), 1);
	path_in(path, sizeof(path), "no-such-file.txt");
	sales_err_clear(&e);
	assert_int_equal(sales_cli_option(&c, SALES_OPT_HOLIDAYS, path, &e),
	    -1);
	assert_int_equal(e.code, SALES_EIO);
	assert_int_equal(e.errnum, ENOENT);
	path_in(path, sizeof(path), "holidays.txt");
	unlink(path);
	sales_cli_release(&c);
}

/*
 * Run fn in a child with stderr into a pipe; return its wait status
 * and what it printed.
 */
static int
run_child(void (*fn)(void), char *errbuf, size_t len)
{
	pid_t	 pid;
	int	 fd[2], status;
	ssize_t	 n;
	size_t	 got = 0;

	assert_int_equal(pipe(fd), 0);
	fflush(NULL);
	pid = fork();
	assert_true(pid != -1);
	if (pid == 0) {
		close(fd[0]);
		dup2(fd[1], 2);
		close(fd[1]);
		fn();
		_exit(99);
	}
	close(fd[1]);
	while (got + 1 < len && (n = read(fd[0], errbuf + got,
	    len - 1 - got)) > 0)
		got += (size_t)n;
	errbuf[got] = '\0';
	close(fd[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return status;
}

static void
die_value(void)
{
	struct sales_cli	 c;
	struct sales_err	 e;

	sales_cli_init(&c, "sm-test");
	sales_err_set(&e, SALES_EVALUE, "not a money amount: '12,5x'");
	sales_err_where(&e, "opps.csv", 12, "amount");
	sales_cli_die(&c, &e, SALES_EXIT_FAIL);
}

static void
die_epipe(void)
{
	struct sales_cli	 c;
	struct sales_err	 e;

	sales_cli_init(&c, "sm-test");
	errno = EPIPE;
	sales_err_sys(&e, SALES_EIO, "stdout");
	sales_cli_die(&c, &e, SALES_EXIT_FAIL);
}

static void
die_usage(void)
{
	struct sales_cli	 c;

	sales_cli_init(&c, "sm-test");
	sales_cli_die_usage(&c, "--top: invalid number '%s': %s", "x",
	    "invalid");
}

/* A usage error exits 2 whatever status the caller passed. */
static void
die_eusage(void)
{
	struct sales_cli	 c;
	struct sales_err	 e;

	sales_cli_init(&c, "sm-test");
	sales_err_set(&e, SALES_EUSAGE, "o.csv: already an output of this "
	    "run");
	sales_cli_die(&c, &e, SALES_EXIT_FAIL);
}

static void
test_cli_die(void **state)
{
	char	 buf[1024];
	int	 st;

	st = run_child(die_value, buf, sizeof(buf));
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 1);
	assert_string_equal(buf, "sm-test: opps.csv:12: column 'amount': "
	    "not a money amount: '12,5x'\n");

	st = run_child(die_epipe, buf, sizeof(buf));
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
	assert_string_equal(buf, "");

	st = run_child(die_eusage, buf, sizeof(buf));
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 2);
	assert_string_equal(buf, "sm-test: o.csv: already an output of this "
	    "run\n");

	st = run_child(die_usage, buf, sizeof(buf));
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 2);
	assert_string_equal(buf, "sm-test: --top: invalid number 'x': "
	    "invalid\nTry 'sm-test --help' for more information.\n");
}

static void
write_some(struct sales_output *o, const char *text)
{
	assert_true(fputs(text, o->fp) >= 0);
}

/* Commit and abort: the target is old or new, never half; no temp. */
static void
test_cli_output_atomic(void **state)
{
	struct sales_output	 o;
	struct sales_err	 e;
	struct stat		 st;
	char			 path[PATH_MAX];

	path_in(path, sizeof(path), "out.csv");
	put_file(path, "old\n");
	assert_int_equal(sales_output_open(&o, path, &e), 0);
	assert_non_null(o.tmp);
	assert_int_equal(strncmp(o.tmp, dir, strlen(dir)), 0);
	assert_int_equal(strncmp(o.tmp + strlen(dir), "/.out.csv.", 10), 0);
	write_some(&o, "new,data\n");
	fflush(o.fp);
	assert_file(path, "old\n");
	assert_int_equal(count_hidden(), 1);
	sales_output_abort(&o);
	sales_output_abort(&o);		/* safe twice */
	assert_file(path, "old\n");
	assert_int_equal(count_hidden(), 0);

	assert_int_equal(sales_output_open(&o, path, &e), 0);
	write_some(&o, "new,data\n");
	assert_int_equal(sales_output_commit(&o, &e), 0);
	assert_null(o.fp);
	assert_file(path, "new,data\n");
	assert_int_equal(count_hidden(), 0);
	/* Committing a released output does nothing. */
	assert_int_equal(sales_output_commit(&o, &e), 0);

	/* A new file: 0666 less the umask (022 in setup). */
	unlink(path);
	assert_int_equal(sales_output_open(&o, path, &e), 0);
	assert_int_equal(access(path, F_OK), -1);
	write_some(&o, "x\n");
	assert_int_equal(sales_output_commit(&o, &e), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0644);

	/* A replaced file keeps its mode. */
	assert_int_equal(chmod(path, 0600), 0);
	assert_int_equal(sales_output_open(&o, path, &e), 0);
	write_some(&o, "y\n");
	assert_int_equal(sales_output_commit(&o, &e), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	assert_file(path, "y\n");
	unlink(path);
}

/* A file name without a folder is replaced in the current folder. */
static void
test_cli_output_relative(void **state)
{
	struct sales_output	 o;
	struct sales_err	 e;
	char			 cwd[PATH_MAX], path[PATH_MAX];

	assert_non_null(getcwd(cwd, sizeof(cwd)));
	assert_int_equal(chdir(dir), 0);
	assert_int_equal(sales_output_open(&o, "rel.tsv", &e), 0);
	assert_int_equal(strncmp(o.tmp, ".rel.tsv.", 9), 0);
	write_some(&o, "a\tb\n");
	assert_int_equal(sales_output_commit(&o, &e), 0);
	assert_int_equal(chdir(cwd), 0);
	path_in(path, sizeof(path), "rel.tsv");
	assert_file(path, "a\tb\n");
	assert_int_equal(count_hidden(), 0);
	unlink(path);
}

static void
test_cli_output_errors(void **state)
{
	struct sales_output	 o;
	struct sales_err	 e;
	char			 path[PATH_MAX];

	path_in(path, sizeof(path), "no-such-dir/out.csv");
	assert_int_equal(sales_output_open(&o, path, &e), -1);
	assert_int_equal(e.code, SALES_EIO);
	assert_int_equal(e.errnum, ENOENT);
	assert_string_equal(e.file, path);
	assert_string_equal(e.msg, "No such file or directory");
	assert_null(o.fp);

	assert_int_equal(sales_output_open(&o, dir, &e), -1);
	assert_int_equal(e.errnum, EISDIR);
	path_in(path, sizeof(path), "sub/");
	assert_int_equal(sales_output_open(&o, path, &e), -1);
	assert_int_equal(e.code, SALES_EIO);
	assert_int_equal(sales_output_open(&o, "", &e), -1);
	assert_int_equal(e.code, SALES_EIO);
	assert_int_equal(count_hidden(), 0);
}

/*
 * /dev/full is a device, written in place (never renamed over): the
 * error shows at commit.  /dev/null stays a device.
 */
static void
test_cli_output_devices(void **state)
{
	struct sales_output	 o;
	struct sales_err	 e;
	struct stat		 st;

	if (stat("/dev/full", &st) == -1)
		skip();
	assert_int_equal(sales_output_open(&o, "/dev/full", &e), 0);
	assert_null(o.tmp);
	write_some(&o, "Ana,100.50\n");
	assert_int_equal(sales_output_commit(&o, &e), -1);
	assert_int_equal(e.code, SALES_EIO);
	assert_int_equal(e.errnum, ENOSPC);
	assert_string_equal(e.msg,
	    "write error: /dev/full: No space left on device");
	assert_int_equal(stat("/dev/full", &st), 0);
	assert_true(S_ISCHR(st.st_mode));

	assert_int_equal(sales_output_open(&o, "/dev/null", &e), 0);
	write_some(&o, "x\n");
	assert_int_equal(sales_output_commit(&o, &e), 0);
	assert_int_equal(stat("/dev/null", &st), 0);
	assert_true(S_ISCHR(st.st_mode));
}

/* A symbolic link is kept; the file it points to is replaced. */
static void
test_cli_output_symlink(void **state)
{
	struct sales_output	 o;
	struct sales_err	 e;
	struct stat		 st;
	char			 real[PATH_MAX], link[PATH_MAX];

	path_in(real, sizeof(real), "real.csv");
	path_in(link, sizeof(link), "link.csv");
	put_file(real, "old\n");
	assert_int_equal(symlink("real.csv", link), 0);
	assert_int_equal(sales_output_open(&o, link, &e), 0);
	write_some(&o, "new\n");
	assert_int_equal(sales_output_commit(&o, &e), 0);
	assert_int_equal(lstat(link, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	assert_file(real, "new\n");
	assert_int_equal(count_hidden(), 0);
	unlink(link);
	unlink(real);
}

/*
 * One file under many names: the same inode, or for a file not made
 * yet the same folder and last component.  "-", devices and folders
 * are no files and never match.
 */
static void
test_cli_same_file(void **state)
{
	char	 cwd[PATH_MAX], a[PATH_MAX], b[PATH_MAX];
	const char *base = strrchr(dir, '/') + 1;

	assert_non_null(getcwd(cwd, sizeof(cwd)));
	path_in(a, sizeof(a), "a.csv");
	put_file(a, "x\n");
	assert_int_equal(chdir(dir), 0);
	assert_int_equal(sales_same_file("a.csv", "a.csv"), 1);
	assert_int_equal(sales_same_file("a.csv", "./a.csv"), 1);
	assert_int_equal(sales_same_file("a.csv", a), 1);
	snprintf(b, sizeof(b), "%s//a.csv", dir);
	assert_int_equal(sales_same_file("a.csv", b), 1);
	snprintf(b, sizeof(b), "../%s/a.csv", base);
	assert_int_equal(sales_same_file(b, "a.csv"), 1);
	assert_int_equal(symlink("a.csv", "sym.csv"), 0);
	assert_int_equal(link("a.csv", "hard.csv"), 0);
	assert_int_equal(sales_same_file("sym.csv", "./a.csv"), 1);
	assert_int_equal(sales_same_file("hard.csv", "sym.csv"), 1);
	/* Not made yet: the folder and the name decide. */
	assert_int_equal(sales_same_file("n.csv", "./n.csv"), 1);
	snprintf(b, sizeof(b), "../%s//n.csv", base);
	assert_int_equal(sales_same_file(b, "n.csv"), 1);
	assert_int_equal(sales_same_file("n.csv", "m.csv"), 0);
	assert_int_equal(sales_same_file("n.csv", "a.csv"), 0);
	assert_int_equal(sales_same_file("a.csv", "n.csv"), 0);
	/* A dangling link is replaced itself: its own name counts. */
	assert_int_equal(symlink("gone.csv", "dangle.csv"), 0);
	assert_int_equal(sales_same_file("dangle.csv", "./dangle.csv"), 1);
	assert_int_equal(sales_same_file("dangle.csv", "gone.csv"), 0);
	/* No folder: the names as strings. */
	assert_int_equal(sales_same_file("nodir/x", "nodir/x"), 1);
	assert_int_equal(sales_same_file("nodir/x", "nodir/./x"), 0);
	/* No files. */
	assert_int_equal(sales_same_file("-", "-"), 0);
	assert_int_equal(sales_same_file("/dev/null", "/dev/null"), 0);
	assert_int_equal(sales_same_file(".", "./"), 0);
	assert_int_equal(sales_same_file("", ""), 0);
	unlink("dangle.csv");
	unlink("hard.csv");
	unlink("sym.csv");
	unlink("a.csv");
	assert_int_equal(chdir(cwd), 0);
}

/*
 * Noted inputs and outputs: an output that is an input, or two outputs
 * in one file, is a usage error naming both; sales_output_open()
 * refuses a noted input until sales_cli_release().
 */
static void
test_cli_files(void **state)
{
	struct sales_cli	 c;
	struct sales_output	 o;
	struct sales_err	 e;
	char			 cwd[PATH_MAX];
	char			*ops[] = { "in.csv", "-", "/dev/stdin" };

	assert_non_null(getcwd(cwd, sizeof(cwd)));
	assert_int_equal(chdir(dir), 0);
	put_file("in.csv", "id\n1\n");
	put_file("reps.csv", "rep\nA\n");

	sales_cli_init(&c, "sm-test");
	assert_int_equal(sales_cli_option(&c, SALES_OPT_REJECTS, "./in.csv",
	    &e), 1);
	assert_int_equal(sales_cli_files(&c, ops, 3, &e), -1);
	assert_int_equal(e.code, SALES_EUSAGE);
	assert_string_equal(e.msg, "--rejects ./in.csv is the input in.csv");
	sales_cli_release(&c);

	sales_cli_init(&c, "sm-test");
	assert_int_equal(sales_cli_input("-R", "reps.csv", &e), 0);
	assert_int_equal(sales_cli_output("--summary", "s.csv", &e), 0);
	assert_int_equal(sales_cli_option(&c, 'o', "./s.csv", &e), 1);
	assert_int_equal(sales_cli_files(&c, ops, 3, &e), -1);
	assert_string_equal(e.msg, "--summary s.csv and -o ./s.csv name the "
	    "same file");
	assert_int_equal(sales_cli_output("--summary", "./reps.csv", &e), -1);
	assert_string_equal(e.msg, "--summary ./reps.csv is the -R file "
	    "reps.csv");
	/* An input noted after the output clashes just the same. */
	assert_int_equal(sales_cli_input("--fit", "s.csv", &e), -1);
	assert_string_equal(e.msg, "--summary s.csv is the --fit file s.csv");
	/* "-" and devices never clash. */
	assert_int_equal(sales_cli_output("-s", "-", &e), 0);
	assert_int_equal(sales_cli_output("-s", "/dev/stdout", &e), 0);
	assert_int_equal(sales_cli_input(NULL, "/dev/stdout", &e), 0);
	/* The open refuses a noted input, naming the -o option. */
	assert_int_equal(sales_output_open(&o, "./s.csv", &e), 0);
	sales_output_abort(&o);
	assert_int_equal(sales_output_open(&o, "./reps.csv", &e), -1);
	assert_int_equal(e.code, SALES_EUSAGE);
	assert_string_equal(e.msg, "./reps.csv is the -R file reps.csv");
	assert_null(o.fp);
	assert_int_equal(count_hidden(), 0);
	sales_cli_release(&c);
	/* Forgotten: the same file may be written now. */
	assert_int_equal(sales_output_open(&o, "./reps.csv", &e), 0);
	sales_output_abort(&o);

	/* --holidays is an input as soon as it is read. */
	put_file("h.txt", "2026-01-01\n");
	sales_cli_init(&c, "sm-test");
	assert_int_equal(sales_cli_option(&c, SALES_OPT_HOLIDAYS, "h.txt",
	    &e), 1);
	assert_int_equal(sales_cli_option(&c, 'o', "./h.txt", &e), 1);
	assert_int_equal(sales_output_open(&o, c.output, &e), -1);
	assert_string_equal(e.msg, "-o ./h.txt is the --holidays file h.txt");
	sales_cli_release(&c);

	/* Out of memory while noting. */
	sales_cli_init(&c, "sm-test");
	sales_mem_fail_after(0);
	assert_int_equal(sales_cli_input(NULL, "in.csv", &e), -1);
	sales_mem_fail_after(-1);
	assert_int_equal(e.code, SALES_ENOMEM);
	sales_cli_release(&c);
	unlink("in.csv");
	unlink("reps.csv");
	unlink("h.txt");
	assert_int_equal(chdir(cwd), 0);
}

/*
 * A file this run opened for reading, and still holds, is an input even
 * when nobody noted it; one inherited (open before sales_cli_init())
 * or open for writing only is not.
 */
static void
test_cli_output_reading(void **state)
{
	struct sales_cli	 c;
	struct sales_output	 o;
	struct sales_rejects	*rj;
	struct sales_err	 e;
	const struct sales_field hdr[] = { { "id", 2 } };
	char			 path[PATH_MAX], want[PATH_MAX + 64];
	FILE			*fp;
	int			 fd;

	path_in(path, sizeof(path), "read.csv");
	put_file(path, "id\n");
	fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	sales_cli_init(&c, "sm-test");
	assert_int_equal(sales_output_open(&o, path, &e), 0);
	sales_output_abort(&o);

	fp = fopen(path, "r");
	assert_non_null(fp);
	assert_int_equal(sales_output_open(&o, path, &e), -1);
	assert_int_equal(e.code, SALES_EUSAGE);
	snprintf(want, sizeof(want), "%s is an input of this run", path);
	assert_string_equal(e.msg, want);
	/* The rejects table too, named by its option. */
	assert_int_equal(sales_cli_option(&c, SALES_OPT_REJECTS, path, &e),
	    1);
	assert_int_equal(sales_rejects_open(&rj, c.rejects, hdr, 1,
	    SALES_FMT_CSV, ',', 0, &e), -1);
	assert_null(rj);
	snprintf(want, sizeof(want), "--rejects %s is an input of this run",
	    path);
	assert_string_equal(e.msg, want);
	fclose(fp);
	close(fd);
	fd = open(path, O_WRONLY);
	assert_true(fd >= 0);
	assert_int_equal(sales_output_open(&o, path, &e), 0);
	sales_output_abort(&o);
	close(fd);
	assert_int_equal(count_hidden(), 0);
	assert_file(path, "id\n");
	sales_cli_release(&c);
	unlink(path);
}

/* stdout on /dev/full: commit reports ENOSPC (exit status 0 if so). */
static void
stdout_full(void)
{
	struct sales_output	 o;
	struct sales_err	 e;
	int			 fd = open("/dev/full", O_WRONLY);

	if (fd == -1 || dup2(fd, 1) == -1)
		_exit(3);
	if (sales_output_open(&o, "-", &e) == -1 || o.fp != stdout)
		_exit(4);
	fputs("Ana,100.50\n", o.fp);
	if (sales_output_commit(&o, &e) != -1)
		_exit(5);
	fprintf(stderr, "%s|%d", e.msg, e.errnum == ENOSPC);
	_exit(0);
}

/* stdout into a pipe nobody reads: EPIPE, quietly (SIGPIPE ignored). */
static void
stdout_pipe(void)
{
	struct sales_cli	 c;
	struct sales_output	 o;
	struct sales_err	 e;
	int			 fd[2];

	sales_cli_init(&c, "sm-test");
	if (pipe(fd) == -1 || dup2(fd[1], 1) == -1)
		_exit(3);
	close(fd[0]);
	close(fd[1]);
	if (sales_output_open(&o, NULL, &e) == -1)
		_exit(4);
	fputs("x\n", o.fp);
	if (sales_output_commit(&o, &e) != -1 || e.errnum != EPIPE)
		_exit(5);
	sales_cli_die(&c, &e, SALES_EXIT_FAIL);
}

static void
test_cli_output_stdout(void **state)
{
	char	 buf[1024];
	int	 st;

	st = run_child(stdout_full, buf, sizeof(buf));
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
	assert_string_equal(buf,
	    "write error: stdout: No space left on device|1");

	st = run_child(stdout_pipe, buf, sizeof(buf));
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
	assert_string_equal(buf, "");
}

/* Uncommitted outputs are removed by die, exit and SIGTERM. */
static void
leave_by_die(void)
{
	struct sales_cli	 c;
	struct sales_output	 o;
	struct sales_err	 e;
	char			 path[PATH_MAX];

	sales_cli_init(&c, "sm-test");
	path_in(path, sizeof(path), "die.csv");
	if (sales_output_open(&o, path, &e) == -1)
		_exit(3);
	fputs("half a file", o.fp);
	fflush(o.fp);
	sales_err_set(&e, SALES_EVALUE, "bad row");
	sales_cli_die(&c, &e, SALES_EXIT_FAIL);
}

static void
leave_by_exit(void)
{
	struct sales_output	 o;
	struct sales_err	 e;
	char			 path[PATH_MAX];

	path_in(path, sizeof(path), "die.csv");
	if (sales_output_open(&o, path, &e) == -1)
		_exit(3);
	fputs("half a file", o.fp);
	exit(0);
}

static void
leave_by_signal(void)
{
	struct sales_output	 o;
	struct sales_err	 e;
	char			 path[PATH_MAX];

	path_in(path, sizeof(path), "die.csv");
	if (sales_output_open(&o, path, &e) == -1)
		_exit(3);
	fputs("half a file", o.fp);
	fflush(o.fp);
	raise(SIGTERM);
	_exit(4);
}

static void
test_cli_output_cleanup(void **state)
{
	char	 buf[1024], path[PATH_MAX];
	int	 st;

	path_in(path, sizeof(path), "die.csv");
	put_file(path, "old\n");

	st = run_child(leave_by_die, buf, sizeof(buf));
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 1);
	assert_string_equal(buf, "sm-test: bad row\n");
	assert_file(path, "old\n");
	assert_int_equal(count_hidden(), 0);

	st = run_child(leave_by_exit, buf, sizeof(buf));
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
	assert_file(path, "old\n");
	assert_int_equal(count_hidden(), 0);

	st = run_child(leave_by_signal, buf, sizeof(buf));
	assert_true(WIFSIGNALED(st));
	assert_int_equal(WTERMSIG(st), SIGTERM);
	assert_file(path, "old\n");
	assert_int_equal(count_hidden(), 0);
	unlink(path);
}

static void
test_cli_rejects(void **state)
{
	static const struct sales_field hdr[] = {
		{ "id", 2 }, { "amount", 6 }
	};
	static const struct sales_field f1[] = {
		{ "D1", 2 }, { "12,5x", 5 }
	};
	static const struct sales_field f2[] = { { "D2", 2 } };
	static const struct sales_field f3[] = {
		{ "D3", 2 }, { "1", 1 }, { "EXTRA", 5 }
	};
	static const struct sales_field f4[] = {
		{ "=cmd", 4 }, { "-12.00", 6 }
	};
	struct sales_rejects	*rj;
	struct sales_record	 rec;
	struct sales_err	 e;
	char			 path[PATH_MAX];

	memset(&rec, 0, sizeof(rec));
	path_in(path, sizeof(path), "rejects.csv");
	assert_int_equal(sales_rejects_open(&rj, path, hdr, 2, SALES_FMT_CSV,
	    ',', 0, &e), 0);
	assert_int_equal(sales_rejects_count(rj), 0);
	rec.fields = f1;
	rec.nfields = 2;
	assert_int_equal(sales_rejects_add(rj, &rec,
	    "opps.csv:2: column 'amount': not a money amount: '12,5x'", &e),
	    0);
	rec.fields = f2;
	rec.nfields = 1;
	assert_int_equal(sales_rejects_add(rj, &rec,
	    "opps.csv:3: expected 2 fields, found 1", &e), 0);
	rec.fields = f3;
	rec.nfields = 3;
	assert_int_equal(sales_rejects_add(rj, &rec,
	    "opps.csv:4: expected 2 fields, found 3", &e), 0);
	assert_int_equal(sales_rejects_count(rj), 3);
	assert_int_equal(access(path, F_OK), -1);
	assert_int_equal(sales_rejects_close(rj, &e), 0);
	/* Reasons holding a comma are quoted as any CSV field. */
	assert_file(path,
	    "id,amount,reason\n"
	    "D1,\"12,5x\",\"opps.csv:2: column 'amount': not a money "
	    "amount: '12,5x'\"\n"
	    "D2,,\"opps.csv:3: expected 2 fields, found 1\"\n"
	    "D3,1,\"opps.csv:4: expected 2 fields, found 3; fields beyond the "
	    "header: EXTRA\"\n");
	assert_int_equal(count_hidden(), 0);

	/* TSV, --excel-safe. */
	assert_int_equal(sales_rejects_open(&rj, path, hdr, 2, SALES_FMT_TSV,
	    ',', SALES_W_EXCEL_SAFE, &e), 0);
	rec.fields = f4;
	rec.nfields = 2;
	assert_int_equal(sales_rejects_add(rj, &rec, "+bad\treason", &e), 0);
	assert_int_equal(sales_rejects_close(rj, &e), 0);
	assert_file(path,
	    "id\tamount\treason\n"
	    "'=cmd\t-12.00\t'+bad\\treason\n");

	/* Abort leaves the old file. */
	assert_int_equal(sales_rejects_open(&rj, path, hdr, 2, SALES_FMT_CSV,
	    ',', 0, &e), 0);
	assert_int_equal(sales_rejects_add(rj, &rec, "x", &e), 0);
	sales_rejects_abort(rj);
	sales_rejects_abort(NULL);
	assert_file(path,
	    "id\tamount\treason\n"
	    "'=cmd\t-12.00\t'+bad\\treason\n");
	assert_int_equal(count_hidden(), 0);
	unlink(path);

	assert_int_equal(sales_rejects_close(NULL, &e), 0);
	assert_int_equal(sales_rejects_count(NULL), 0);
	path_in(path, sizeof(path), "nodir/rejects.csv");
	assert_int_equal(sales_rejects_open(&rj, path, hdr, 2, SALES_FMT_CSV,
	    ',', 0, &e), -1);
	assert_int_equal(e.code, SALES_EIO);
	assert_null(rj);
}

/* The rejects file on /dev/full: the error comes at close. */
static void
test_cli_rejects_full(void **state)
{
	static const struct sales_field hdr[] = { { "id", 2 } };
	struct sales_rejects	*rj;
	struct sales_record	 rec;
	struct sales_err	 e;

	if (access("/dev/full", W_OK) == -1)
		skip();
	memset(&rec, 0, sizeof(rec));
	rec.fields = hdr;
	rec.nfields = 1;
	assert_int_equal(sales_rejects_open(&rj, "/dev/full", hdr, 1,
	    SALES_FMT_CSV, ',', 0, &e), 0);
	assert_int_equal(sales_rejects_add(rj, &rec, "why", &e), 0);
	assert_int_equal(sales_rejects_close(rj, &e), -1);
	assert_int_equal(e.code, SALES_EIO);
	assert_int_equal(e.errnum, ENOSPC);
}

/* Every allocation failure while opening and writing rejects. */
static void
test_cli_rejects_enomem(void **state)
{
	static const struct sales_field hdr[] = {
		{ "id", 2 }, { "amount", 6 }
	};
	static const struct sales_field f3[] = {
		{ "D3", 2 }, { "1", 1 }, { "EXTRA", 5 }
	};
	struct sales_rejects	*rj;
	struct sales_record	 rec;
	struct sales_err	 e;
	char			 path[PATH_MAX];
	long			 n;
	int			 rv, failures = 0;

	memset(&rec, 0, sizeof(rec));
	rec.fields = f3;
	rec.nfields = 3;
	path_in(path, sizeof(path), "rejects.csv");
	for (n = 0;; n++) {
		sales_mem_fail_after(n);
		rv = sales_rejects_open(&rj, path, hdr, 2, SALES_FMT_CSV,
		    ',', 0, &e);
		if (rv == 0) {
			rv = sales_rejects_add(rj, &rec, "why", &e);
			if (rv == 0)
				rv = sales_rejects_close(rj, &e);
			else
				sales_rejects_abort(rj);
		}
		sales_mem_fail_after(-1);
		if (rv == 0)
			break;
		assert_int_equal(e.code, SALES_ENOMEM);
		assert_int_equal(access(path, F_OK), -1);
		assert_int_equal(count_hidden(), 0);
		failures++;
	}
	assert_true(failures >= 3);
	assert_file(path, "id,amount,reason\n"
	    "D3,1,why; fields beyond the header: EXTRA\n");
	unlink(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cli_init_defaults),
		cmocka_unit_test(test_cli_strtonum),
		cmocka_unit_test(test_cli_delimiter),
		cmocka_unit_test(test_cli_numbers),
		cmocka_unit_test(test_cli_max_field),
		cmocka_unit_test(test_cli_formats),
		cmocka_unit_test(test_cli_flags_and_names),
		cmocka_unit_test(test_cli_nulls),
		cmocka_unit_test(test_cli_module_options),
		cmocka_unit_test(test_cli_die),
		cmocka_unit_test(test_cli_output_atomic),
		cmocka_unit_test(test_cli_output_relative),
		cmocka_unit_test(test_cli_output_errors),
		cmocka_unit_test(test_cli_output_devices),
		cmocka_unit_test(test_cli_output_symlink),
		cmocka_unit_test(test_cli_same_file),
		cmocka_unit_test(test_cli_files),
		cmocka_unit_test(test_cli_output_reading),
		cmocka_unit_test(test_cli_output_stdout),
		cmocka_unit_test(test_cli_output_cleanup),
		cmocka_unit_test(test_cli_rejects),
		cmocka_unit_test(test_cli_rejects_full),
		cmocka_unit_test(test_cli_rejects_enomem),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
