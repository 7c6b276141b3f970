/*
 * fuzz_segment.c: the whole of sm-segment through the pass-through
 * stream (stream.h), as cmd/sm-segment.c runs it: a rules text and a
 * table, written to files in a scratch folder under /dev/shm (or
 * $TMPDIR), read with the common options, scored, segmented and
 * written with -o and --rejects.
 *
 * Input: two option bytes, then the rules text, a "===" line and the
 * table.
 *	byte 0: bits 0-1 the input's name (in.csv, in.tsv, in), bit 2
 *		--rejects, bit 3 --explain, bit 4 --excel-safe, bit 5
 *		--to json, bit 6 --null NULL, bit 7 a small --max-field
 *	byte 1: the small --max-field (1-256 bytes)
 *
 * Properties (SPEC 1, 6 and issue 6): when the run succeeds every
 * input row is in the output or in the rejects table (rows in = rows
 * out + rows rejected), the output keeps each input field byte for
 * byte but the columns it sets, and the stream counts its rejects
 * right; when it fails the output and the rejects table are not there
 * and no temporary file is left.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "libsales/cli.h"
#include "libsales/err.h"
#include "libsales/expr.h"
#include "libsales/stream.h"
#include "libsales/table.h"
#include "tests/fuzz/fuzz.h"

static char	 dir[256];

static void
cleanup(void)
{
	DIR		*d;
	struct dirent	*ent;
	char		 path[512];

	if (dir[0] == '\0' || (d = opendir(dir)) == NULL)
		return;
	while ((ent = readdir(d)) != NULL) {
		if (strcmp(ent->d_name, ".") == 0 ||
		    strcmp(ent->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, ent->d_name);
		unlink(path);
	}
	closedir(d);
}

static void
scratch(void)
{
	const char	*tmp;

	if (dir[0] != '\0')
		return;
	tmp = access("/dev/shm", W_OK) == 0 ? "/dev/shm" :
	    (tmp = getenv("TMPDIR")) != NULL ? tmp : "/tmp";
	snprintf(dir, sizeof(dir), "%s/fuzz_segment.XXXXXX", tmp);
	if (mkdtemp(dir) == NULL)
		abort();
	atexit(cleanup);
}

/* The number of files in the scratch folder. */
static int
nfiles(void)
{
	DIR		*d;
	struct dirent	*ent;
	int		 n = 0;

	if ((d = opendir(dir)) == NULL)
		abort();
	while ((ent = readdir(d)) != NULL)
		if (strcmp(ent->d_name, ".") != 0 &&
		    strcmp(ent->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

static void
put(const char *path, const uint8_t *p, size_t len)
{
	FILE	*fp;

	if ((fp = fopen(path, "wb")) == NULL ||
	    (len > 0 && fwrite(p, 1, len, fp) != len) || fclose(fp) == EOF)
		abort();
}

/*
 * Read the table at path with o; count its records (good and ragged)
 * into *n.  Returns 0, or -1 when the table does not read to its end.
 */
static int
count_rows(const char *path, const struct sales_table_opts *o,
    unsigned long *n)
{
	struct sales_reader	*r;
	struct sales_record	 rec;
	struct sales_err	 e;
	const char		*paths[1] = { path };
	int			 rv;

	*n = 0;
	if (sales_reader_open(&r, paths, 1, o, &e) == -1)
		return -1;
	while ((rv = sales_reader_next(r, &rec, &e)) != 0) {
		if (rv == -1 && e.code != SALES_EROW)
			break;
		(*n)++;
	}
	sales_reader_close(r);
	return rv == 0 ? 0 : -1;
}

/*
 * Compare the output table at out with the input at in: as many
 * records as the input's good ones, each input field unchanged but in
 * the columns set (set[i] != 0).
 */
static void
compare(const char *in, const struct sales_table_opts *io, const char *out,
    int outfmt, const unsigned char *set, size_t ninput, unsigned long good)
{
	struct sales_table_opts	 oo;
	struct sales_reader	*ri, *ro;
	struct sales_record	 a, b;
	struct sales_err	 e;
	const char		*ip[1] = { in }, *op[1] = { out };
	unsigned long		 n = 0;
	size_t			 i;
	int			 rv;

	sales_table_opts_init(&oo);
	oo.format = outfmt;
	oo.delim = io->delim;
	if (sales_reader_open(&ri, ip, 1, io, &e) == -1)
		fuzz_fail("input does not open again: %s", sales_err_str(&e));
	if (sales_reader_open(&ro, op, 1, &oo, &e) == -1)
		fuzz_fail("output does not open: %s", sales_err_str(&e));
	while ((rv = sales_reader_next(ri, &a, &e)) != 0) {
		if (rv == -1)
			continue;	/* ragged: it went to --rejects */
		if (sales_reader_next(ro, &b, &e) != 1)
			fuzz_fail("output ends at input line %lu: %s", a.line,
			    sales_err_str(&e));
		fuzz_assert(b.nfields >= ninput);
		for (i = 0; i < ninput; i++)
			if (!set[i] && (a.fields[i].len != b.fields[i].len ||
			    memcmp(a.fields[i].s, b.fields[i].s,
			    a.fields[i].len) != 0))
				fuzz_fail("line %lu field %zu changed", a.line,
				    i + 1);
		n++;
	}
	fuzz_assert(sales_reader_next(ro, &b, &e) == 0);
	fuzz_assert(n == good);
	sales_reader_close(ri);
	sales_reader_close(ro);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in		 in = { data, size };
	struct sales_cli	 cli;
	struct sales_rules_opts	 ro;
	struct sales_rules	*rules = NULL;
	struct sales_stream	*st = NULL;
	struct sales_reader	*rd;
	struct sales_record	 rec;
	struct sales_verdict	 v;
	struct sales_field	*vals = NULL;
	struct sales_err	 e;
	const uint8_t		*text, *tab;
	const size_t		*cols;
	size_t			 textlen, tablen, ncols, ninput = 0, i;
	unsigned long		 rows, good = 0, written = 0, rejected;
	unsigned char		*set = NULL;
	const char		*name;
	char			 inpath[300], outpath[300], rejpath[300];
	char			*paths[1] = { inpath };
	unsigned		 b0, b1;
	int			 segcol, scorecol = -1, reasonscol = -1, rv;
	int			 ok = 0, outfmt = SALES_FMT_CSV;
	int			 informat = SALES_FMT_CSV;
	static const char *const names[] = { "in.csv", "in.tsv", "in", "in" };

	b0 = fuzz_byte(&in);
	b1 = fuzz_byte(&in);
	textlen = fuzz_part(&in, &text);
	tablen = fuzz_part(&in, &tab);
	scratch();
	cleanup();
	snprintf(inpath, sizeof(inpath), "%s/%s", dir, names[b0 & 3]);
	snprintf(outpath, sizeof(outpath), "%s/out", dir);
	snprintf(rejpath, sizeof(rejpath), "%s/rejects", dir);
	put(inpath, tab, tablen);

	sales_cli_init(&cli, "sm-segment");
	cli.output = outpath;
	if (b0 & 4)
		cli.rejects = rejpath;
	if (b0 & 16)
		cli.wflags |= SALES_W_EXCEL_SAFE;
	if ((b0 & 32) && sales_cli_option(&cli, SALES_OPT_TO, "json", &e) != 1)
		abort();
	if ((b0 & 64) && sales_cli_option(&cli, SALES_OPT_NULL, "NULL", &e) !=
	    1)
		abort();
	if (b0 & 128)
		cli.topts.max_field = 1 + b1;
	sales_rules_opts_init(&ro);
	ro.datefmt = &cli.datefmt;
	ro.as_of = sales_days_from_civil(2026, 11, 30);
	ro.explain = (b0 & 8) != 0;
	if (sales_rules_new(&rules, &ro, &e) == -1)
		abort();
	{
		char *t = fuzz_copy(text, textlen);

		rv = sales_rules_parse(rules, t, textlen, "-e 1", &e);
		free(t);
	}
	if (rv == -1 || sales_rules_nscores(rules) +
	    sales_rules_nsegments(rules) == 0)
		goto done;
	if (count_rows(inpath, &cli.topts, &rows) == -1)
		rows = (unsigned long)-1;

	if (sales_stream_open(&st, &cli, paths, 1, &e) == -1)
		goto failed;
	rd = sales_stream_reader(st);
	if (sales_rules_bind(rules, sales_reader_header(rd),
	    sales_reader_ncols(rd), &e) == -1) {
		sales_stream_abort(st);
		st = NULL;
		goto failed;
	}
	ninput = sales_reader_ncols(rd);
	informat = sales_reader_format(rd);
	outfmt = sales_cli_format(&cli, informat);
	if ((set = calloc(ninput + 3, 1)) == NULL ||
	    (vals = calloc(ninput, sizeof(*vals))) == NULL)
		abort();
	if ((segcol = sales_stream_column(st, "segment", &e)) == -1 ||
	    (sales_rules_nscores(rules) > 0 && (scorecol =
	    sales_stream_column(st, "score", &e)) == -1) ||
	    (ro.explain && (reasonscol =
	    sales_stream_column(st, "reasons", &e)) == -1))
		abort();
	if ((size_t)segcol < ninput)
		set[segcol] = 1;
	if (scorecol >= 0 && (size_t)scorecol < ninput)
		set[scorecol] = 1;
	if (reasonscol >= 0 && (size_t)reasonscol < ninput)
		set[reasonscol] = 1;
	cols = sales_rules_columns(rules, &ncols);
	while ((rv = sales_stream_next(st, &rec, &e)) == 1) {
		for (i = 0; i < ncols; i++)
			sales_reader_value(rd, &rec, cols[i], &vals[cols[i]]);
		if (sales_rules_eval(rules, vals, ninput, &v, &e) == -1)
			abort();
		name = sales_rules_name(rules, v.segment);
		if (sales_stream_set(st, segcol, name, strlen(name),
		    &e) == -1 ||
		    (scorecol >= 0 && sales_stream_set(st, scorecol, "1", 1,
		    &e) == -1) ||
		    (reasonscol >= 0 && sales_stream_set(st, reasonscol,
		    v.reasons, v.reasonslen, &e) == -1))
			abort();
		if (sales_stream_write(st, &rec, &e) == -1)
			abort();
		good++;
		written++;
	}
	if (rv == -1) {
		sales_stream_abort(st);
		st = NULL;
		goto failed;
	}
	rejected = sales_stream_rejected(st);
	if (sales_stream_close(st, &e) == -1)
		fuzz_fail("stream does not close: %s", sales_err_str(&e));
	st = NULL;
	ok = 1;
	/* Rows in = rows out + rows rejected, no row dropped. */
	if (rows == (unsigned long)-1)
		fuzz_fail("the stream read a table that does not read");
	if (rows != written + rejected)
		fuzz_fail("%lu rows in, %lu out, %lu rejected", rows, written,
		    rejected);
	if (cli.rejects != NULL) {
		struct sales_table_opts	 rjo;

		/* In the input's format; CSV is written with ','. */
		sales_table_opts_init(&rjo);
		rjo.format = informat;
		if (count_rows(rejpath, &rjo, &rows) == -1 ||
		    rows != rejected)
			fuzz_fail("rejects table does not hold %lu rows",
			    rejected);
	} else
		fuzz_assert(rejected == 0);
	if (outfmt != SALES_FMT_JSON && !(cli.wflags & SALES_W_EXCEL_SAFE)) {
		struct sales_table_opts	 io = cli.topts;

		compare(inpath, &io, outpath, outfmt, set, ninput, good);
	}
failed:
	if (!ok) {
		/* Nothing written, nothing left behind: just the input. */
		fuzz_assert(access(outpath, F_OK) == -1);
		fuzz_assert(access(rejpath, F_OK) == -1);
		fuzz_assert(nfiles() == 1);
	}
done:
	sales_rules_free(rules);
	sales_cli_release(&cli);
	free(set);
	free(vals);
	return 0;
}
