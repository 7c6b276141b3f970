/*
 * fuzz_cli.c: the common options of every program (cli.h) and the
 * numbers in them, on any arguments.
 *
 * Input: a sequence of options, each one byte choosing the option and
 * its argument up to the next NUL byte (the argv string).  The
 * argument of --holidays is the content of the file it names.
 *
 * Properties: an option is taken (1), not common (0) or refused (-1)
 * with a usage error (or a value, I/O or memory error for --holidays
 * and the stage lists) and a message; after each option the settings
 * are in their ranges (delimiter not '"', CR or LF; decimals 0-4; fiscal
 * start 1-12; field limit 1 byte to 4 GiB; at most SALES_CLI_MAXNULL
 * nulls); sales_strtonum() agrees with strtoll(3) on every argument.
 */
#include <sys/mman.h>

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "libsales/cli.h"
#include "libsales/err.h"
#include "tests/fuzz/fuzz.h"

#define MAXARGS	64

static const int	 opts[] = {
	'd', 'm', 'o', 'h', 'V', SALES_OPT_CALENDAR, SALES_OPT_COLUMNS,
	SALES_OPT_DATE_FORMAT, SALES_OPT_DECIMAL_COMMA, SALES_OPT_DECIMALS,
	SALES_OPT_EXCEL_SAFE, SALES_OPT_FROM, SALES_OPT_FY_START,
	SALES_OPT_HOLIDAYS, SALES_OPT_LOST, SALES_OPT_MAX_FIELD,
	SALES_OPT_NO_HEADER, SALES_OPT_NULL, SALES_OPT_REJECTS, SALES_OPT_TO,
	SALES_OPT_WON, SALES_OPT_FIRST_FREE
};
#define NOPTS	(sizeof(opts) / sizeof(opts[0]))

static int	 memfd = -1;

/* strtonum by strtoll(3), as the header describes it. */
static void
check_strtonum(const char *s, long long min, long long max)
{
	const char	*errstr;
	long long	 v, want;
	char		*end;
	int		 invalid, serr;

	errno = 0;
	want = strtoll(s, &end, 10);
	serr = errno;
	invalid = end == s || *end != '\0' || min > max;
	v = sales_strtonum(s, min, max, &errstr);
	if (invalid) {
		fuzz_assert(errstr != NULL && strcmp(errstr, "invalid") == 0);
		fuzz_assert(v == 0);
	} else if ((serr == ERANGE && want == LLONG_MIN) || want < min) {
		fuzz_assert(errstr != NULL && strcmp(errstr, "too small") == 0);
		fuzz_assert(v == 0);
	} else if ((serr == ERANGE && want == LLONG_MAX) || want > max) {
		fuzz_assert(errstr != NULL && strcmp(errstr, "too large") == 0);
		fuzz_assert(v == 0);
	} else
		fuzz_assert(errstr == NULL && v == want);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in		 in = { data, size };
	struct sales_cli	 cli;
	struct sales_err	 e;
	char			*buf, *args[MAXARGS], path[64];
	const char		*arg;
	size_t			 nargs = 0, i, len;
	int			 ch, rv;

	/* Cut the input into argv strings, each led by its option byte. */
	buf = fuzz_str(in.p, in.n);
	for (i = 0; i < in.n && nargs < MAXARGS; i += len + 1) {
		args[nargs++] = buf + i;
		len = strlen(buf + i);
	}
	sales_cli_init(&cli, "/usr/bin/sm-fuzz");
	fuzz_assert(strcmp(cli.prog, "sm-fuzz") == 0);
	for (i = 0; i < nargs; i++) {
		ch = opts[(unsigned char)args[i][0] % NOPTS];
		arg = args[i][0] != '\0' ? args[i] + 1 : args[i];
		check_strtonum(arg, LLONG_MIN, LLONG_MAX);
		check_strtonum(arg, -100, (long long)(unsigned char)args[i][0]);
		if (ch == SALES_OPT_HOLIDAYS) {
			if (memfd == -1 &&
			    (memfd = memfd_create("holidays", 0)) == -1)
				abort();
			len = strlen(arg);
			if (ftruncate(memfd, 0) == -1 ||
			    pwrite(memfd, arg, len, 0) != (ssize_t)len)
				abort();
			snprintf(path, sizeof(path), "/proc/self/fd/%d", memfd);
			arg = path;
		}
		rv = sales_cli_option(&cli, ch, arg, &e);
		fuzz_assert(rv == -1 || rv == 0 || rv == 1);
		if (ch == 'h' || ch == 'V' || ch == SALES_OPT_FIRST_FREE)
			fuzz_assert(rv == 0);
		if (rv == -1) {
			fuzz_assert(e.msg[0] != '\0');
			fuzz_assert(e.code == SALES_EUSAGE ||
			    (ch == SALES_OPT_HOLIDAYS && (e.code ==
			    SALES_EVALUE || e.code == SALES_EIO)) ||
			    e.code == SALES_ENOMEM);
			fuzz_assert(strlen(sales_err_str(&e)) <
			    sizeof(e.str));
		}
		fuzz_assert(cli.topts.delim != '"' && cli.topts.delim != '\r' &&
		    cli.topts.delim != '\n' && cli.topts.delim > 0 &&
		    cli.topts.delim < 256);
		fuzz_assert(cli.decimals >= 0 && cli.decimals <= 4);
		fuzz_assert(cli.cal.fy_start >= 1 && cli.cal.fy_start <= 12);
		fuzz_assert(cli.topts.max_field >= 1 &&
		    cli.topts.max_field <= (size_t)4 << 30);
		fuzz_assert(cli.topts.nnulls <= SALES_CLI_MAXNULL);
		fuzz_assert(cli.to >= 0 && cli.to <= SALES_FMT_HTML);
		fuzz_assert(cli.topts.format == SALES_FMT_AUTO ||
		    cli.topts.format == SALES_FMT_CSV ||
		    cli.topts.format == SALES_FMT_TSV);
	}
	sales_cli_release(&cli);
	free(buf);
	return 0;
}
