/*
 * test_table.c: the table reader (libsales/table.h) on fmemopen(3)
 * buffers through sales_reader_fopen() and on temporary files through
 * sales_reader_open().
 *
 * Most cases read a whole table into one line of text per record,
 * "LINE:field|field", or "LINE!message" for a record of the wrong
 * width, or "X:message" for a final error, and compare it with the
 * text worked out by hand from the input.  In fields, a line feed, a
 * carriage return, a tab, a NUL byte, '|' and '\' are shown as \n \r
 * \t \0 \| and \\.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "libsales/err.h"
#include "libsales/mem.h"
#include "libsales/table.h"

static char	 tmpdir[64];

/* A reader on a memory buffer, with the stream it reads. */
struct mr {
	FILE			*fp;
	struct sales_reader	*r;
	struct sales_err	 e;
};

static int
mopen(struct mr *m, const char *data, size_t len, const char *name,
    const struct sales_table_opts *o)
{
	struct sales_table_opts	 def;

	if (o == NULL) {
		sales_table_opts_init(&def);
		o = &def;
	}
	m->r = NULL;
	m->fp = fmemopen((void *)(uintptr_t)data, len, "r");
	assert_non_null(m->fp);
	return sales_reader_fopen(&m->r, m->fp, name, o, &m->e);
}

static void
mclose(struct mr *m)
{
	sales_reader_close(m->r);
	m->r = NULL;
	if (m->fp != NULL)
		fclose(m->fp);
	m->fp = NULL;
}

static void
put_field(FILE *out, const struct sales_field *f)
{
	size_t	 i;

	/* The view is always followed by a NUL byte. */
	assert_int_equal(f->s[f->len], '\0');
	for (i = 0; i < f->len; i++) {
		switch (f->s[i]) {
		case '\n':
			fputs("\\n", out);
			break;
		case '\r':
			fputs("\\r", out);
			break;
		case '\t':
			fputs("\\t", out);
			break;
		case '\0':
			fputs("\\0", out);
			break;
		case '|':
			fputs("\\|", out);
			break;
		case '\\':
			fputs("\\\\", out);
			break;
		default:
			fputc(f->s[i], out);
			break;
		}
	}
}

/* Every record of r as text (see the top); the caller frees it. */
static char *
dump(struct sales_reader *r)
{
	struct sales_record	 rec;
	struct sales_err	 e;
	FILE			*out;
	char			*s = NULL;
	size_t			 n = 0, i;
	int			 rv;

	out = open_memstream(&s, &n);
	assert_non_null(out);
	while ((rv = sales_reader_next(r, &rec, &e)) != 0) {
		if (rv == -1 && e.code != SALES_EROW) {
			fprintf(out, "X:%s\n", sales_err_str(&e));
			break;
		}
		if (rv == -1) {
			fprintf(out, "%lu!%s\n", rec.line, e.msg);
			continue;
		}
		fprintf(out, "%lu:", rec.line);
		for (i = 0; i < rec.nfields; i++) {
			if (i > 0)
				fputc('|', out);
			put_field(out, &rec.fields[i]);
		}
		fputc('\n', out);
	}
	fclose(out);
	return s;
}

/* The header of r as "a|b|c". */
static char *
header(struct sales_reader *r)
{
	FILE	*out;
	char	*s = NULL;
	size_t	 n = 0, i;

	out = open_memstream(&s, &n);
	assert_non_null(out);
	for (i = 0; i < sales_reader_ncols(r); i++) {
		if (i > 0)
			fputc('|', out);
		put_field(out, &sales_reader_header(r)[i]);
	}
	fclose(out);
	return s;
}

/* Read data as a table named name and compare header and records. */
static void
check_table(const char *data, size_t len, const char *name,
    const struct sales_table_opts *o, int fmt, const char *hdr,
    const char *want)
{
	struct mr	 m;
	char		*got;

	if (mopen(&m, data, len, name, o) == -1)
		fail_msg("open: %s", sales_err_str(&m.e));
	assert_int_equal(sales_reader_format(m.r), fmt);
	got = header(m.r);
	assert_string_equal(got, hdr);
	free(got);
	got = dump(m.r);
	assert_string_equal(got, want);
	free(got);
	mclose(&m);
}

#define CHECK(data, name, fmt, hdr, want)				\
	check_table(data, sizeof(data) - 1, name, NULL, fmt, hdr, want)
#define CHECKO(data, name, o, fmt, hdr, want)				\
	check_table(data, sizeof(data) - 1, name, o, fmt, hdr, want)

/* Open data and expect failure with this code and sales_err_str(). */
static void
check_open_fails(const char *data, size_t len, const char *name,
    const struct sales_table_opts *o, int code, const char *msg)
{
	struct mr	 m;

	assert_int_equal(mopen(&m, data, len, name, o), -1);
	assert_null(m.r);
	assert_int_equal(m.e.code, code);
	assert_string_equal(sales_err_str(&m.e), msg);
	mclose(&m);
}

/* Write a file in the temporary folder; returns its path (static). */
static const char *
tmpfile_with(const char *name, const char *data, size_t len)
{
	static char	 path[8][128];
	static int	 k;
	char		*p = path[k++ % 8];
	FILE		*fp;

	snprintf(p, sizeof(path[0]), "%s/%s", tmpdir, name);
	fp = fopen(p, "w");
	assert_non_null(fp);
	assert_int_equal(fwrite(data, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
	return p;
}

#define TMPFILE(name, data) tmpfile_with(name, data, sizeof(data) - 1)
#define FAILS(data, name, o, code, msg)					\
	check_open_fails(data, sizeof(data) - 1, name, o, code, msg)

/*
 * Basics.
 */

static void
test_table_csv_basic(void **state)
{
	CHECK("id,rep,amount\nD1,Ana Cruz,100.50\nD2, Ben ,\"7,5\"\n",
	    "opps.csv", SALES_FMT_CSV, "id|rep|amount",
	    "2:D1|Ana Cruz|100.50\n"
	    "3:D2| Ben |7,5\n");
	/* No line end after the last record. */
	CHECK("a,b\n1,2", "t.csv", SALES_FMT_CSV, "a|b", "2:1|2\n");
	/* Another delimiter. */
	{
		struct sales_table_opts	 o;
		static const char	 in[] =
		    "rep;amount\nEva Roth;1200,40\n";

		sales_table_opts_init(&o);
		o.delim = ';';
		check_table(in, sizeof(in) - 1, "eu.csv", &o, SALES_FMT_CSV,
		    "rep|amount", "2:Eva Roth|1200,40\n");
	}
}

static void
test_table_blank_lines(void **state)
{
	/* Blank lines (also CRLF ones) are skipped; lines still count. */
	CHECK("\n\na,b\n1,2\n\n\r\n3,4\n\n", "t.csv", SALES_FMT_CSV, "a|b",
	    "4:1|2\n"
	    "7:3|4\n");
	CHECK("\na\tb\n1\t2\n\n\r\n3\t4\n", "t.tsv", SALES_FMT_TSV, "a|b",
	    "3:1|2\n"
	    "6:3|4\n");
	/*
	 * But a one-column TSV table writes a row of one empty field as a
	 * blank line: after its header, a blank line is that row.
	 */
	CHECK("\nc\nx\n\r\n\ny\n\n", "t.tsv", SALES_FMT_TSV, "c",
	    "3:x\n"
	    "4:\n"
	    "5:\n"
	    "6:y\n"
	    "7:\n");
	/* One column: "field", not "fields". */
	CHECK("c\nx\ty\nz\n", "t.tsv", SALES_FMT_TSV, "c",
	    "2!expected 1 field, found 2\n"
	    "3:z\n");
	/* CSV writes it as "": blank lines stay skipped. */
	CHECK("c\nx\n\n\"\"\ny\n\n", "t.csv", SALES_FMT_CSV, "c",
	    "2:x\n"
	    "4:\n"
	    "5:y\n");
}

static void
test_table_format_parse(void **state)
{
	assert_int_equal(sales_format_parse("csv"), SALES_FMT_CSV);
	assert_int_equal(sales_format_parse("tsv"), SALES_FMT_TSV);
	assert_int_equal(sales_format_parse("json"), SALES_FMT_JSON);
	assert_int_equal(sales_format_parse("pretty"), SALES_FMT_PRETTY);
	assert_int_equal(sales_format_parse("markdown"), SALES_FMT_MARKDOWN);
	assert_int_equal(sales_format_parse("html"), SALES_FMT_HTML);
	assert_int_equal(sales_format_parse("TSV"), SALES_FMT_TSV);
	assert_int_equal(sales_format_parse("xlsx"), -1);
	assert_int_equal(sales_format_parse(""), -1);
	assert_int_equal(sales_format_parse(NULL), -1);
}

static void
test_table_opts_init(void **state)
{
	struct sales_table_opts	 o;

	memset(&o, 0xff, sizeof(o));
	sales_table_opts_init(&o);
	assert_int_equal(o.format, SALES_FMT_AUTO);
	assert_int_equal(o.delim, ',');
	assert_int_equal(o.no_header, 0);
	assert_null(o.columns);
	assert_null(o.nulls);
	assert_int_equal(o.nnulls, 0);
	assert_int_equal(o.max_field, 64 * 1024 * 1024);
}

/*
 * Encodings and line ends.
 */

static void
test_table_bom(void **state)
{
	/* A UTF-8 byte-order mark, also before a quoted header. */
	CHECK("\xef\xbb\xbf\"owner\",\"amount\"\nAna,1\n", "t.csv",
	    SALES_FMT_CSV, "owner|amount", "2:Ana|1\n");
	CHECK("\xef\xbb\xbfowner,amount\nAna,1\n", "t.csv", SALES_FMT_CSV,
	    "owner|amount", "2:Ana|1\n");
	CHECK("\xef\xbb\xbfowner\tamount\nAna\t1\n", "stdin", SALES_FMT_TSV,
	    "owner|amount", "2:Ana|1\n");
	/* Only at the start: later it is data. */
	CHECK("a\n\xef\xbb\xbfx\n", "t.csv", SALES_FMT_CSV, "a",
	    "2:\xef\xbb\xbfx\n");
}

static void
test_table_crlf(void **state)
{
	static const char crlf[] = "rep,amount\r\nAna Cruz,100.50\r\n"
	    "\"Ben Ode\",\"7\"\r\n";
	static const char lf[] = "rep,amount\nAna Cruz,100.50\n"
	    "\"Ben Ode\",\"7\"\n";
	struct mr	 a, b;
	char		*da, *db;

	CHECK(crlf, "t.csv", SALES_FMT_CSV, "rep|amount",
	    "2:Ana Cruz|100.50\n"
	    "3:Ben Ode|7\n");
	CHECK("rep\tamount\r\nAna Cruz\t100.50\r\n", "t.tsv", SALES_FMT_TSV,
	    "rep|amount", "2:Ana Cruz|100.50\n");
	/* Last line without its line feed. */
	CHECK("rep\tamount\r\nAna Cruz\t100.50\r", "t.tsv", SALES_FMT_TSV,
	    "rep|amount", "2:Ana Cruz|100.50\n");

	/* The same names from a CRLF and an LF file are equal. */
	assert_int_equal(mopen(&a, crlf, sizeof(crlf) - 1, "a.csv", NULL), 0);
	assert_int_equal(mopen(&b, lf, sizeof(lf) - 1, "b.csv", NULL), 0);
	da = dump(a.r);
	db = dump(b.r);
	assert_string_equal(da, db);
	free(da);
	free(db);
	mclose(&a);
	mclose(&b);

	/* A line break inside quotes keeps its bytes; lines still count. */
	CHECK("a,b\r\n1,\"x\r\ny\"\r\n2,z\r\n", "t.csv", SALES_FMT_CSV,
	    "a|b",
	    "2:1|x\\r\\ny\n"
	    "4:2|z\n");
}

static void
test_table_cr_only(void **state)
{
	/* Old Mac exports end lines with CR alone. */
	CHECK("a,b\r1,2\r\r3,\"x\ry\"\r4,5", "t.csv", SALES_FMT_CSV, "a|b",
	    "2:1|2\n"
	    "4:3|x\\ry\n"
	    "6:4|5\n");
	CHECK("a\tb\r1\t2\r\r3\t4\r", "t.tsv", SALES_FMT_TSV, "a|b",
	    "2:1|2\n"
	    "4:3|4\n");
	/* A CR inside quotes in a file of LF lines is data. */
	CHECK("a,\"x\ry\"\n1,2\n3,4\n", "t.csv", SALES_FMT_CSV, "a|x\\ry",
	    "2:1|2\n"
	    "3:3|4\n");
}

/* Encode UTF-8 text as UTF-16 with a byte-order mark; *len bytes. */
static char *
utf16(const char *s, size_t n, int be, size_t *len)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned char	*out, *w;
	unsigned long	 c, hi, lo;
	size_t		 i = 0;

	out = w = malloc(2 * n + 2);
	assert_non_null(out);
	*w++ = be ? 0xfe : 0xff;
	*w++ = be ? 0xff : 0xfe;
	while (i < n) {
		if (u[i] < 0x80) {
			c = u[i];
			i += 1;
		} else if (u[i] < 0xe0) {
			c = (u[i] & 0x1f) << 6 | (u[i + 1] & 0x3f);
			i += 2;
		} else if (u[i] < 0xf0) {
			c = (u[i] & 0x0f) << 12 | (u[i + 1] & 0x3f) << 6 |
			    (u[i + 2] & 0x3f);
			i += 3;
		} else {
			c = (u[i] & 0x07) << 18 | (u[i + 1] & 0x3f) << 12 |
			    (u[i + 2] & 0x3f) << 6 | (u[i + 3] & 0x3f);
			i += 4;
		}
		if (c >= 0x10000) {
			hi = 0xd800 + ((c - 0x10000) >> 10);
			lo = 0xdc00 + ((c - 0x10000) & 0x3ff);
			*w++ = be ? hi >> 8 : hi & 0xff;
			*w++ = be ? hi & 0xff : hi >> 8;
			c = lo;
		}
		*w++ = be ? c >> 8 : c & 0xff;
		*w++ = be ? c & 0xff : c >> 8;
	}
	*len = w - out;
	return (char *)out;
}

static void
test_table_utf16(void **state)
{
	/* "José" and "€5" (U+20AC), a CRLF file with an emoji (U+1F600). */
	static const char in[] = "rep,amount\r\n"
	    "Jos\xc3\xa9,\xe2\x82\xac" "5\r\n"
	    "\"Ng \xf0\x9f\x98\x80\",7\r\n";
	static const char want[] = "2:Jos\xc3\xa9|\xe2\x82\xac" "5\n"
	    "3:Ng \xf0\x9f\x98\x80|7\n";
	/* "a,b" LE by hand: FF FE then each character and a 0 byte. */
	static const char le[] = "\xff\xfe" "a\0,\0b\0\n\0" "1\0,\0" "2\0";
	struct mr	 m;
	char		*u, *got;
	size_t		 n;
	int		 be;

	check_table(le, sizeof(le) - 1, "t.csv", NULL, SALES_FMT_CSV, "a|b",
	    "2:1|2\n");
	for (be = 0; be <= 1; be++) {
		u = utf16(in, sizeof(in) - 1, be, &n);
		check_table(u, n, "t.csv", NULL, SALES_FMT_CSV, "rep|amount",
		    want);
		/* TSV found by content, after decoding. */
		free(u);
	}
	u = utf16("a\tb\n1\t2\n", 8, 1, &n);
	check_table(u, n, "stdin", NULL, SALES_FMT_TSV, "a|b", "2:1|2\n");
	free(u);

	/* An odd byte at the end. */
	u = utf16("a,b\n1,2\n", 8, 0, &n);
	assert_int_equal(mopen(&m, u, n - 1, "t.csv", NULL), 0);
	got = dump(m.r);
	assert_string_equal(got,
	    "X:t.csv:2: truncated UTF-16 at the end of input\n");
	free(got);
	mclose(&m);
	/* A lone low surrogate. */
	memcpy(u + n - 4, "\x00\xdc", 2);
	assert_int_equal(mopen(&m, u, n, "t.csv", NULL), 0);
	got = dump(m.r);
	assert_string_equal(got, "X:t.csv:2: invalid UTF-16\n");
	free(got);
	mclose(&m);
	free(u);
}

/*
 * Quoting.
 */

static void
test_table_quoted_newline(void **state)
{
	/*
	 * Record 1 starts on line 2 and ends on line 3; the short record
	 * after the next one is on line 5.
	 */
	CHECK("id,note,amount\n"
	    "1,\"line one\nsaid \"\"hi\"\"\",5\n"
	    "2,x,6\n"
	    "3,y\n"
	    "4,\"\",\"\"\"\"\n",
	    "t.csv", SALES_FMT_CSV, "id|note|amount",
	    "2:1|line one\\nsaid \"hi\"|5\n"
	    "4:2|x|6\n"
	    "5!expected 3 fields, found 2\n"
	    "6:4||\"\n");
	/* A header with a line break in a name. */
	CHECK("\"a\nb\",c\n1,2\n", "t.csv", SALES_FMT_CSV, "a\\nb|c",
	    "3:1|2\n");
}

static void
test_table_parse_errors(void **state)
{
	struct mr	 m;
	char		*got;
	static const char unterm[] = "a,b\n1,2\n3,\"abc\nxyz\n\n";
	static const char inq[] = "a,b\n1,2\n3,ab\"c\n";
	static const char after[] = "a,b\n1,\"x\ny\"z,2\n";

	assert_int_equal(mopen(&m, unterm, sizeof(unterm) - 1, "t.csv",
	    NULL), 0);
	got = dump(m.r);
	assert_string_equal(got, "2:1|2\n"
	    "X:t.csv:3: column 'b': unterminated quoted field: "
	    "'\"abc\\nxyz\\n\\n'\n");
	free(got);
	/* The error is final. */
	{
		struct sales_record	 rec;
		struct sales_err	 e;

		assert_int_equal(sales_reader_next(m.r, &rec, &e), -1);
		assert_int_equal(e.code, SALES_EPARSE);
		assert_int_equal(e.line, 3);
	}
	mclose(&m);

	assert_int_equal(mopen(&m, inq, sizeof(inq) - 1, "t.csv", NULL), 0);
	got = dump(m.r);
	assert_string_equal(got, "2:1|2\n"
	    "X:t.csv:3: column 'b': quote inside an unquoted field: "
	    "'ab\"'\n");
	free(got);
	mclose(&m);

	/* The record starts on line 2; the error is on line 3. */
	assert_int_equal(mopen(&m, after, sizeof(after) - 1, "t.csv", NULL),
	    0);
	got = dump(m.r);
	assert_string_equal(got, "X:t.csv:2: column 'b': unexpected text "
	    "after the closing quote of a field: '\"x\\ny\"z'\n");
	free(got);
	mclose(&m);

	/* In the header. */
	FAILS("\"a,b\n", "t.csv", NULL, SALES_EPARSE,
	    "t.csv:1: unterminated quoted field: '\"a,b\\n'");
}

static void
test_table_nul_byte(void **state)
{
	static const char csv[] = "a,b\nx\0y,\"p\0q\"\n";
	static const char tsv[] = "a\tb\nx\0y\tz\n";

	check_table(csv, sizeof(csv) - 1, "t.csv", NULL, SALES_FMT_CSV,
	    "a|b", "2:x\\0y|p\\0q\n");
	check_table(tsv, sizeof(tsv) - 1, "t.tsv", NULL, SALES_FMT_TSV,
	    "a|b", "2:x\\0y|z\n");
}

/*
 * Rows and headers.
 */

static void
test_table_ragged(void **state)
{
	static const char in[] = "id,rep,amount,stage\n"
	    "D1,Kim Ng,1000,Won,\n"
	    "D2,Bo Li,5,Lost,,,\n"
	    "D3,Ana Li,700,Won,EXTRA\n"
	    "D4,Al,1\n"
	    "D5,Al,1,Won,,x\n"
	    "D6,Al,1,Won\n";
	struct mr		 m;
	struct sales_record	 rec;
	struct sales_err	 e;

	CHECK(in, "t.csv", SALES_FMT_CSV, "id|rep|amount|stage",
	    "2:D1|Kim Ng|1000|Won\n"
	    "3:D2|Bo Li|5|Lost\n"
	    "4!expected 4 fields, found 5\n"
	    "5!expected 4 fields, found 3\n"
	    "6!expected 4 fields, found 6\n"
	    "7:D6|Al|1|Won\n");

	/* The message, and the record left as it was read. */
	assert_int_equal(mopen(&m, in, sizeof(in) - 1, "t.csv", NULL), 0);
	assert_int_equal(sales_reader_next(m.r, &rec, &e), 1);
	assert_int_equal(rec.nfields, 4);
	assert_int_equal(sales_reader_next(m.r, &rec, &e), 1);
	assert_int_equal(sales_reader_next(m.r, &rec, &e), -1);
	assert_int_equal(e.code, SALES_EROW);
	assert_string_equal(sales_err_str(&e),
	    "t.csv:4: expected 4 fields, found 5");
	assert_int_equal(rec.nfields, 5);
	assert_string_equal(rec.fields[4].s, "EXTRA");
	assert_string_equal(rec.file, "t.csv");
	assert_int_equal(rec.line, 4);
	assert_int_equal(sales_reader_next(m.r, &rec, &e), -1);
	assert_string_equal(sales_err_str(&e),
	    "t.csv:5: expected 4 fields, found 3");
	assert_int_equal(rec.nfields, 3);
	mclose(&m);

	CHECK("a\tb\tc\n1\t2\n1\t2\t3\t\n1\t2\t3\t4\n", "t.tsv",
	    SALES_FMT_TSV, "a|b|c",
	    "2!expected 3 fields, found 2\n"
	    "3:1|2|3\n"
	    "4!expected 3 fields, found 4\n");
}

static void
test_table_header_trailing_empty(void **state)
{
	/* Unnamed trailing columns are dropped as empty extras are. */
	CHECK("a,b,,\n1,2,,\n3,4\n", "t.csv", SALES_FMT_CSV, "a|b",
	    "2:1|2\n"
	    "3:3|4\n");
	FAILS(",,\n1,2\n", "t.csv", NULL, SALES_EHEADER,
	    "t.csv:1: header row has no names");
}

static void
test_table_duplicate_header(void **state)
{
	FAILS("id,name,description,description\n", "t.csv",
	    NULL, SALES_EHEADER,
	    "t.csv:1: columns 3 and 4 are both named 'description'");
	/* Exact bytes: case and spaces make names differ. */
	CHECK("a,A,a \n1,2,3\n", "t.csv", SALES_FMT_CSV, "a|A|a ",
	    "2:1|2|3\n");
	FAILS("\nx\ty\tx\ty\n", "stdin", NULL, SALES_EHEADER,
	    "stdin:2: columns 1 and 3 are both named 'x'");
}

static void
test_table_no_header_row(void **state)
{
	FAILS("", "t.csv", NULL, SALES_EHEADER,
	    "t.csv: no header row");
	FAILS("\n\r\n\n", "t.csv", NULL, SALES_EHEADER,
	    "t.csv: no header row");
	FAILS("", "stdin", NULL, SALES_EHEADER,
	    "stdin: no header row");
	FAILS("\xef\xbb\xbf", "t.tsv", NULL, SALES_EHEADER,
	    "t.tsv: no header row");
}

static void
test_table_columns(void **state)
{
	struct sales_table_opts	 o;

	sales_table_opts_init(&o);
	o.no_header = 1;
	o.columns = "rep,amount";
	CHECKO("Ana,1\n\nBen,2\n", "t.csv", &o, SALES_FMT_CSV,
	    "rep|amount",
	    "1:Ana|1\n"
	    "3:Ben|2\n");
	CHECKO("Ana\t1\n", "stdin", &o, SALES_FMT_TSV, "rep|amount",
	    "1:Ana|1\n");
	/* An empty table is fine without a header. */
	CHECKO("", "t.csv", &o, SALES_FMT_CSV, "rep|amount", "");

	o.columns = NULL;
	FAILS("1\n", "t.csv", &o, SALES_EUSAGE,
	    "--no-header needs --columns");
	o.columns = "";
	FAILS("1\n", "t.csv", &o, SALES_EUSAGE,
	    "--no-header needs --columns");
	o.columns = "a,,b";
	FAILS("1\n", "t.csv", &o, SALES_EUSAGE,
	    "--columns: empty column name in 'a,,b'");
	/* --columns with a header row would be silently ignored: refused. */
	o.no_header = 0;
	o.columns = "a,b";
	FAILS("x,y\n1,2\n", "t.csv", &o, SALES_EUSAGE,
	    "--columns needs --no-header (a header row names the columns; "
	    "-m maps roles to them)");
	o.no_header = 1;
	o.columns = "a,b,";
	FAILS("1\n", "t.csv", &o, SALES_EUSAGE,
	    "--columns: empty column name in 'a,b,'");
	o.columns = "a,b,a";
	FAILS("1\n", "t.csv", &o, SALES_EUSAGE,
	    "columns 1 and 3 are both named 'a'");
}

/*
 * TSV.
 */

/* Linear TSV escaping, written here independently of the reader. */
static void
tsv_escape(FILE *out, const char *s, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		switch (s[i]) {
		case '\t':
			fputs("\\t", out);
			break;
		case '\n':
			fputs("\\n", out);
			break;
		case '\r':
			fputs("\\r", out);
			break;
		case '\\':
			fputs("\\\\", out);
			break;
		default:
			fputc(s[i], out);
			break;
		}
	}
}

static void
test_table_tsv_escapes(void **state)
{
	static const char *const orig[] = {
		"plain", "tab\there", "lf\nhere", "cr\rhere", "back\\slash",
		"\\t is two bytes", "all\t\n\r\\\\ of them\\", "", "\\",
		"x\\qy", "\\\\n", "\r\n", "a\\"
	};
	const size_t	 n = sizeof(orig) / sizeof(orig[0]);
	struct sales_record rec;
	struct mr	 m;
	FILE		*out;
	char		*buf = NULL;
	size_t		 len = 0, i;

	/* Raw: known escapes decode, others pass through. */
	CHECK("a\tb\tc\nx\\ty\tp\\\\q\\nr\\zs\\\tend\\\n", "t.tsv",
	    SALES_FMT_TSV, "a|b|c",
	    "2:x\\ty|p\\\\q\\nr\\\\zs\\\\|end\\\\\n");

	/* Round trip: escape, write as one row, read back byte for byte. */
	out = open_memstream(&buf, &len);
	assert_non_null(out);
	for (i = 0; i < n; i++)
		fprintf(out, "%sc%zu", i > 0 ? "\t" : "", i);
	fputc('\n', out);
	for (i = 0; i < n; i++) {
		if (i > 0)
			fputc('\t', out);
		tsv_escape(out, orig[i], strlen(orig[i]));
	}
	fputc('\n', out);
	fclose(out);
	assert_int_equal(mopen(&m, buf, len, "t.tsv", NULL), 0);
	assert_int_equal(sales_reader_ncols(m.r), n);
	assert_int_equal(sales_reader_next(m.r, &rec, &m.e), 1);
	assert_int_equal(rec.nfields, n);
	for (i = 0; i < n; i++) {
		assert_int_equal(rec.fields[i].len, strlen(orig[i]));
		assert_memory_equal(rec.fields[i].s, orig[i],
		    strlen(orig[i]) + 1);
	}
	assert_int_equal(sales_reader_next(m.r, &rec, &m.e), 0);
	mclose(&m);
	free(buf);
}

/*
 * Values.
 */

static void
test_table_value(void **state)
{
	static const char *const nulls[] = { "NULL", "Select" };
	static const char csv[] = "a,b,c,d,e,f,g\n"
	    "NULL,Select,\"=\"\"00123\"\"\",null,x,\"=\"\"a\"\"\"\"b\"\"\","
	    "\"=\"\"\"\"\"\n";
	static const char tsv[] = "a\tb\tc\n=\"00123\"\t=\"1\tNULL\n";
	struct sales_table_opts	 o;
	struct sales_record	 rec;
	struct sales_field	 v;
	struct mr		 m;

	sales_table_opts_init(&o);
	o.nulls = nulls;
	o.nnulls = 2;
	assert_int_equal(mopen(&m, csv, sizeof(csv) - 1, "t.csv", &o), 0);
	assert_int_equal(sales_reader_next(m.r, &rec, &m.e), 1);
	assert_int_equal(rec.nfields, 7);
	/* --null values are empty: exact bytes only. */
	sales_reader_value(m.r, &rec, 0, &v);
	assert_int_equal(v.len, 0);
	assert_string_equal(v.s, "");
	sales_reader_value(m.r, &rec, 1, &v);
	assert_int_equal(v.len, 0);
	sales_reader_value(m.r, &rec, 3, &v);
	assert_int_equal(v.len, 4);
	assert_string_equal(v.s, "null");
	/* Excel's ="00123" reads as 00123; the raw field is unchanged. */
	sales_reader_value(m.r, &rec, 2, &v);
	assert_int_equal(v.len, 5);
	assert_string_equal(v.s, "00123");
	assert_string_equal(rec.fields[2].s, "=\"00123\"");
	sales_reader_value(m.r, &rec, 4, &v);
	assert_int_equal(v.len, 1);
	assert_string_equal(v.s, "x");
	/* A doubled quote inside stands for one. */
	sales_reader_value(m.r, &rec, 5, &v);
	assert_int_equal(v.len, 3);
	assert_string_equal(v.s, "a\"b");
	sales_reader_value(m.r, &rec, 6, &v);
	assert_int_equal(v.len, 0);
	assert_string_equal(v.s, "");
	mclose(&m);

	/*
	 * Excel's cells written raw in CSV, not quoted as RFC 4180 wants:
	 * the same fields, on every kind of line (first field, last,
	 * CR LF, quoted commas and doubled quotes inside, next to quoted
	 * fields, the last line without a line end).  Line 5 is not a
	 * whole ="..." (a space follows), so libcsv refuses it.
	 */
	CHECK("a,b,c\n"
	    "=\"007\",\"x,y\",=\"B,o\"\r\n"
	    "1,=\"a\"\"b\",=\"\"\n"
	    "=,=x,\"=\"\"1\"\"\"\n"
	    "2,=\"x\" ,3\n",
	    "t.csv", SALES_FMT_CSV, "a|b|c",
	    "2:=\"007\"|x,y|=\"B,o\"\n"
	    "3:1|=\"a\"\"b\"|=\"\"\n"
	    "4:=|=x|=\"1\"\n"
	    "X:t.csv:5: column 'b': quote inside an unquoted field: "
	    "'=\"'\n");
	CHECK("a\n=\"1\"\n=\"2\"", "t.csv", SALES_FMT_CSV, "a",
	    "2:=\"1\"\n"
	    "3:=\"2\"\n");
	assert_int_equal(mopen(&m, "a,b\n=\"00123\",=\"x\"\"y\"\n",
	    strlen("a,b\n=\"00123\",=\"x\"\"y\"\n"), "t.csv", NULL), 0);
	assert_int_equal(sales_reader_next(m.r, &rec, &m.e), 1);
	sales_reader_value(m.r, &rec, 0, &v);
	assert_string_equal(v.s, "00123");
	sales_reader_value(m.r, &rec, 1, &v);
	assert_string_equal(v.s, "x\"y");
	mclose(&m);

	/* Lines with ="..." across the reader's blocks: each read whole. */
	{
		char		*big = malloc(40000 * 16 + 8), *w;
		unsigned long	 k;

		assert_non_null(big);
		w = big + sprintf(big, "a,b\n");
		for (k = 0; k < 40000; k++)
			w += sprintf(w, "=\"%05lu\",%lu\n", k, k % 7);
		assert_int_equal(mopen(&m, big, (size_t)(w - big), "t.csv",
		    NULL), 0);
		for (k = 0; k < 40000; k++) {
			char	 want[8];

			assert_int_equal(sales_reader_next(m.r, &rec, &m.e), 1);
			assert_int_equal(rec.line, k + 2);
			sales_reader_value(m.r, &rec, 0, &v);
			snprintf(want, sizeof(want), "%05lu", k);
			assert_string_equal(v.s, want);
		}
		assert_int_equal(sales_reader_next(m.r, &rec, &m.e), 0);
		mclose(&m);
		free(big);
	}

	/* TSV; an unclosed ="1 stays as it is. */
	assert_int_equal(mopen(&m, tsv, sizeof(tsv) - 1, "t.tsv", &o), 0);
	assert_int_equal(sales_reader_next(m.r, &rec, &m.e), 1);
	sales_reader_value(m.r, &rec, 0, &v);
	assert_string_equal(v.s, "00123");
	assert_int_equal(v.len, 5);
	sales_reader_value(m.r, &rec, 1, &v);
	assert_string_equal(v.s, "=\"1");
	sales_reader_value(m.r, &rec, 2, &v);
	assert_int_equal(v.len, 0);
	mclose(&m);
}

/*
 * Format detection.
 */

static void
test_table_detect(void **state)
{
	struct sales_table_opts	 o;
	struct sales_reader	*r;
	struct sales_err	 e;
	const char		*p[1];
	char			*got;

	/* Standard input (and other names): a tab in the first line. */
	CHECK("a\tb,c\n1\t2,3\n", "stdin", SALES_FMT_TSV, "a|b,c",
	    "2:1|2,3\n");
	CHECK("a,b\n1,2\t3\n", "stdin", SALES_FMT_CSV, "a|b",
	    "2:1|2\\t3\n");
	/* The first line that is not blank. */
	CHECK("\r\n\na\tb\n1\t2\n", "stdin", SALES_FMT_TSV, "a|b",
	    "4:1|2\n");
	/*
	 * By name (case does not matter), unless the first line holds
	 * only the other format's separator.
	 */
	CHECK("a\tb,c\n1\t2,3\n", "x.csv", SALES_FMT_CSV, "a\\tb|c",
	    "2:1\\t2|3\n");
	CHECK("a,b\tc\n1,2\t3\n", "x.TSV", SALES_FMT_TSV, "a,b|c",
	    "2:1,2|3\n");
	CHECK("ab\n1,2\n", "x.tab", SALES_FMT_TSV, "ab", "2:1,2\n");
	CHECK("a\tb\n1\t2\n", "x.csv", SALES_FMT_TSV, "a|b", "2:1|2\n");
	CHECK("a,b\n1,2\n", "x.tsv", SALES_FMT_CSV, "a|b", "2:1|2\n");
	/* --from wins over the name. */
	sales_table_opts_init(&o);
	o.format = SALES_FMT_CSV;
	CHECKO("a\tb\n", "x.tsv", &o, SALES_FMT_CSV, "a\\tb", "");

	/* A file without extension is read as standard input is. */
	p[0] = TMPFILE("data", "rep\tamount\nAna\t1\n");
	sales_table_opts_init(&o);
	assert_int_equal(sales_reader_open(&r, p, 1, &o, &e), 0);
	assert_int_equal(sales_reader_format(r), SALES_FMT_TSV);
	got = dump(r);
	assert_string_equal(got, "2:Ana|1\n");
	free(got);
	sales_reader_close(r);
	p[0] = TMPFILE("export", "rep,amount\nAna,1\n");
	assert_int_equal(sales_reader_open(&r, p, 1, &o, &e), 0);
	assert_int_equal(sales_reader_format(r), SALES_FMT_CSV);
	sales_reader_close(r);
}

/*
 * Several files.
 */

static void
test_table_files(void **state)
{
	struct sales_table_opts	 o;
	struct sales_reader	*r;
	struct sales_record	 rec;
	struct sales_err	 e;
	const char		*p[3];
	char			*got, want[512];

	sales_table_opts_init(&o);
	p[0] = TMPFILE("a.csv", "id,amt\n1,2\n3,4\n");
	p[1] = TMPFILE("b.csv", "\xef\xbb\xbfid,amt\r\n\r\n5,6\r\n");
	p[2] = TMPFILE("c.tsv", "id\tamt\n7\t8\n");
	assert_int_equal(sales_reader_open(&r, p, 3, &o, &e), 0);
	assert_int_equal(sales_reader_ncols(r), 2);
	/* Each record names its own file and line. */
	assert_int_equal(sales_reader_next(r, &rec, &e), 1);
	assert_string_equal(rec.file, p[0]);
	assert_int_equal(rec.line, 2);
	assert_int_equal(sales_reader_next(r, &rec, &e), 1);
	assert_string_equal(rec.file, p[0]);
	assert_int_equal(rec.line, 3);
	assert_int_equal(sales_reader_next(r, &rec, &e), 1);
	assert_string_equal(rec.file, p[1]);
	assert_int_equal(rec.line, 3);
	assert_string_equal(rec.fields[1].s, "6");
	assert_int_equal(sales_reader_next(r, &rec, &e), 1);
	assert_string_equal(rec.file, p[2]);
	assert_int_equal(rec.line, 2);
	assert_string_equal(rec.fields[0].s, "7");
	assert_int_equal(sales_reader_next(r, &rec, &e), 0);
	assert_int_equal(sales_reader_next(r, &rec, &e), 0);
	sales_reader_close(r);

	/* An error in the second file names it. */
	p[1] = TMPFILE("d.csv", "id,amt\n5\n");
	assert_int_equal(sales_reader_open(&r, p, 2, &o, &e), 0);
	got = dump(r);
	assert_string_equal(got,
	    "2:1|2\n3:3|4\n2!expected 2 fields, found 1\n");
	free(got);
	sales_reader_close(r);

	/* Unequal headers fail at open, naming both files. */
	p[1] = TMPFILE("e.csv", "id,amount\n5,6\n");
	assert_int_equal(sales_reader_open(&r, p, 2, &o, &e), -1);
	assert_null(r);
	assert_int_equal(e.code, SALES_EHEADER);
	snprintf(want, sizeof(want), "%s:1: header differs from that of "
	    "'%s': column 2 is 'amount', not 'amt'", p[1], p[0]);
	assert_string_equal(sales_err_str(&e), want);
	p[1] = TMPFILE("f.csv", "\nid,amt,x\n5,6,7\n");
	assert_int_equal(sales_reader_open(&r, p, 2, &o, &e), -1);
	snprintf(want, sizeof(want), "%s:2: header differs from that of "
	    "'%s': 3 columns, not 2", p[1], p[0]);
	assert_string_equal(sales_err_str(&e), want);
	/* An empty second file, before any record is read. */
	p[1] = TMPFILE("g.csv", "");
	assert_int_equal(sales_reader_open(&r, p, 2, &o, &e), -1);
	snprintf(want, sizeof(want), "%s: no header row", p[1]);
	assert_string_equal(sales_err_str(&e), want);

	/* A missing file. */
	p[1] = "/nonexistent/h.csv";
	assert_int_equal(sales_reader_open(&r, p, 2, &o, &e), -1);
	assert_int_equal(e.code, SALES_EIO);
	assert_int_equal(e.errnum, ENOENT);
	assert_string_equal(sales_err_str(&e),
	    "/nonexistent/h.csv: No such file or directory");
	/* A folder cannot be read. */
	p[1] = tmpdir;
	assert_int_equal(sales_reader_open(&r, p, 2, &o, &e), -1);
	assert_int_equal(e.code, SALES_EIO);
	assert_int_equal(e.errnum, EISDIR);
	assert_string_equal(e.file, tmpdir);
}

/*
 * Limits.
 */

/* xorshift32: the same bytes on every machine. */
static uint32_t
rnd(uint32_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 17;
	*x ^= *x << 5;
	return *x;
}

/*
 * Field k of a TSV line, decoded the slow way: count tabs from the
 * start, then decode \t \n \r \\ byte by byte.
 */
static size_t
naive_tsv_field(const char *line, size_t len, size_t k, char *out)
{
	size_t	 i = 0, n = 0, at = 0;

	while (at < k && i < len)
		if (line[i++] == '\t')
			at++;
	for (; i < len && line[i] != '\t'; i++) {
		if (line[i] == '\\' && i + 1 < len && strchr("tnr\\",
		    line[i + 1]) != NULL && line[i + 1] != '\0') {
			i++;
			out[n++] = line[i] == 't' ? '\t' : line[i] == 'n' ?
			    '\n' : line[i] == 'r' ? '\r' : '\\';
		} else
			out[n++] = line[i];
	}
	return n;
}

/*
 * TSV lines of every length from 1 to 300 bytes (across the 64-byte
 * chunks the reader scans), made of tabs, backslashes and letters at
 * random, split by the reader and by naive_tsv_field().
 */
static void
test_table_tsv_split(void **state)
{
	static const char	 alpha[] = "ab\t\\tnrx";
	struct sales_table_opts	 o;
	struct sales_record	 rec;
	struct mr		 m;
	char			*data, *line, want[400];
	size_t			 len, i, k, ntabs, off = 0, total = 0;
	uint32_t		 x = 2463534242u;
	unsigned long		 rows = 0;
	int			 rv, extra;

	(void)state;
	data = malloc(301 * 302 + 16);
	assert_non_null(data);
	memcpy(data, "c\n", 2);
	off = 2;
	for (len = 1; len <= 300; len++) {
		for (i = 0; i < len; i++)
			data[off + i] = alpha[rnd(&x) % (sizeof(alpha) - 1)];
		/* No line may start blank or be one empty field. */
		if (data[off] == '\t' || data[off] == '\\')
			data[off] = 'a';
		data[off + len] = '\n';
		off += len + 1;
	}
	total = off;
	sales_table_opts_init(&o);
	o.no_header = 1;
	o.columns = "c";
	o.format = SALES_FMT_TSV;
	assert_int_equal(mopen(&m, data, total, "t.tsv", &o), 0);
	line = data + 2;
	/* The reader decodes in place: keep a copy of each line. */
	{
		char	*copy = malloc(total);

		assert_non_null(copy);
		memcpy(copy, data, total);
		line = copy + 2;
		for (len = 1; len <= 300; len++) {
			ntabs = 0;
			for (i = 0; i < len; i++)
				ntabs += line[i] == '\t';
			rv = sales_reader_next(m.r, &rec, &m.e);
			if (len == 1) {
				/* "c" is the first line: no_header reads it. */
				assert_int_equal(rv, 1);
				assert_int_equal(rec.nfields, 1);
				assert_memory_equal(rec.fields[0].s, "c", 1);
				rv = sales_reader_next(m.r, &rec, &m.e);
			}
			/*
			 * Rows wider than the 1 column are errors, unless
			 * every extra field is empty (then dropped).
			 */
			extra = 0;
			for (k = 1; k <= ntabs; k++)
				extra |= naive_tsv_field(line, len, k, want) > 0;
			if (extra) {
				assert_int_equal(rv, -1);
				assert_int_equal(rec.nfields, ntabs + 1);
			} else {
				assert_int_equal(rv, 1);
				assert_int_equal(rec.nfields, 1);
			}
			assert_int_equal(rec.line, len + 1);
			for (k = 0; k < rec.nfields; k++) {
				size_t	 n = naive_tsv_field(line, len, k, want);

				assert_int_equal(rec.fields[k].len, n);
				assert_memory_equal(rec.fields[k].s, want, n);
				assert_int_equal(rec.fields[k].s[n], '\0');
			}
			rows++;
			line += len + 1;
		}
		free(copy);
	}
	assert_int_equal(sales_reader_next(m.r, &rec, &m.e), 0);
	assert_int_equal(rows, 300);
	mclose(&m);
	free(data);
}

/*
 * A CSV table of 3000 random records of 3 fields, some quoted with
 * commas, doubled quotes and line breaks inside, some lines blank, some
 * ending in CR LF, read by the reader (whose quote-free stretches go to
 * libcsv in bulk) and checked field by field and line by line against
 * what was written.
 */
static void
test_table_csv_lines(void **state)
{
	struct sales_record	 rec;
	struct mr		 m;
	char			*data, (*want)[3][16];
	size_t			 wlen[3000][3], off = 0, cap = 400000;
	size_t			 len, i, k, n;
	unsigned long		 line = 2, lines[3000];
	uint32_t		 x = 88172645u;
	int			 q;

	(void)state;
	data = malloc(cap);
	want = malloc(3000 * sizeof(*want));
	assert_non_null(data);
	assert_non_null(want);
	off = (size_t)sprintf(data, "a,b,c\n");
	for (i = 0; i < 3000; i++) {
		if (rnd(&x) % 20 == 0) {
			data[off++] = '\n';	/* a blank line */
			line++;
		}
		lines[i] = line;
		for (k = 0; k < 3; k++) {
			len = 1 + rnd(&x) % 12;
			q = rnd(&x) % 50 == 0;
			if (k > 0)
				data[off++] = ',';
			if (q)
				data[off++] = '"';
			for (n = 0; n < len; n++) {
				char	 c = "xyz ="[rnd(&x) % 5];

				if (q && rnd(&x) % 4 == 0)
					c = ",\"\n"[rnd(&x) % 3];
				want[i][k][n] = c;
				data[off++] = c;
				if (c == '"')
					data[off++] = '"';
				if (c == '\n')
					line++;
			}
			wlen[i][k] = len;
			if (q)
				data[off++] = '"';
		}
		if (rnd(&x) % 3 == 0)
			data[off++] = '\r';
		data[off++] = '\n';
		line++;
	}
	assert_true(off < cap);
	assert_int_equal(mopen(&m, data, off, "t.csv", NULL), 0);
	for (i = 0; i < 3000; i++) {
		assert_int_equal(sales_reader_next(m.r, &rec, &m.e), 1);
		assert_int_equal(rec.nfields, 3);
		assert_int_equal(rec.line, lines[i]);
		for (k = 0; k < 3; k++) {
			assert_int_equal(rec.fields[k].len, wlen[i][k]);
			assert_memory_equal(rec.fields[k].s, want[i][k],
			    wlen[i][k]);
			assert_int_equal(rec.fields[k].s[wlen[i][k]], '\0');
		}
	}
	assert_int_equal(sales_reader_next(m.r, &rec, &m.e), 0);
	mclose(&m);
	free(want);
	free(data);
}

static void
test_table_max_field(void **state)
{
	struct sales_table_opts	 o;
	struct mr		 m;
	char			*got, *big;
	size_t			 n;

	sales_table_opts_init(&o);
	o.max_field = 8;
	/* 8 bytes are fine, 9 are not. */
	CHECKO("id,note\n1,12345678\n2,123456789\n", "t.csv", &o,
	    SALES_FMT_CSV, "id|note",
	    "2:1|12345678\n"
	    "X:t.csv:3: column 'note': field longer than 8 bytes\n");
	CHECKO("id\tnote\n1\t12345678\n2\t123456789\n", "t.tsv", &o,
	    SALES_FMT_TSV, "id|note",
	    "2:1|12345678\n"
	    "X:t.tsv:3: column 'note': field longer than 8 bytes\n");
	/* Quoted, over two lines: reported where the record starts. */
	CHECKO("id,note\n1,\"1234\n56789\"\n", "t.csv", &o,
	    SALES_FMT_CSV, "id|note",
	    "X:t.csv:2: column 'note': field longer than 8 bytes\n");
	/* Beyond the header, the field is numbered. */
	CHECKO("id,note\n1,2,123456789\n", "t.csv", &o,
	    SALES_FMT_CSV, "id|note",
	    "X:t.csv:2: field 3 longer than 8 bytes\n");
	/* TSV escapes count decoded. */
	CHECKO("id\tnote\n1\t\\t\\t\\t\\t\\t\\t\\t\\t\n", "t.tsv", &o,
	    SALES_FMT_TSV, "id|note", "2:1|\\t\\t\\t\\t\\t\\t\\t\\t\n");
	/* In the header. */
	FAILS("id,longheader\n", "t.csv", &o, SALES_ELIMIT,
	    "t.csv:1: field 2 longer than 8 bytes");

	/* A field of 1 MB under a limit of 100 kB, several blocks long. */
	n = 1000000;
	big = malloc(n + 32);
	assert_non_null(big);
	o.max_field = 100000;
	memcpy(big, "id,note\n1,\"", 11);
	memset(big + 11, 'x', n);
	memcpy(big + 11 + n, "\"\n", 2);
	assert_int_equal(mopen(&m, big, n + 13, "t.csv", &o), 0);
	got = dump(m.r);
	assert_string_equal(got,
	    "X:t.csv:2: column 'note': field longer than 100000 bytes\n");
	free(got);
	mclose(&m);
	memcpy(big, "id\tnote\n1\t", 10);
	memset(big + 10, 'x', n);
	assert_int_equal(mopen(&m, big, n + 10, "t.tsv", &o), 0);
	got = dump(m.r);
	assert_string_equal(got,
	    "X:t.tsv:2: column 'note': field longer than 100000 bytes\n");
	free(got);
	mclose(&m);
	/* Without a limit hit, a long TSV line crosses blocks whole. */
	o.max_field = 0;
	memcpy(big + 10 + n, "\tz\n", 3);
	memcpy(big, "id\tnote\tz\n1\t", 12);
	assert_int_equal(mopen(&m, big, n + 13, "t.tsv", &o), 0);
	{
		struct sales_record	 rec;

		assert_int_equal(sales_reader_next(m.r, &rec, &m.e), 1);
		assert_int_equal(rec.nfields, 3);
		assert_int_equal(rec.fields[1].len, n - 2);
		assert_string_equal(rec.fields[2].s, "z");
	}
	mclose(&m);
	free(big);
}

/*
 * Many records across block boundaries, each checked against what was
 * written: record i has an id, a run of (i * 7) % 300 letters, a
 * quoted field with a line break when i % 5 == 0, doubled quotes when
 * i % 7 == 0, and non-ASCII text when i % 3 == 0.
 */
#define NBIG	30000

static void
big_third(char *buf, size_t cap, size_t i)
{
	snprintf(buf, cap, "%s%s%zu%s", i % 5 == 0 ? "two\nlines " : "",
	    i % 7 == 0 ? "say \"hi\" " : "", i,
	    i % 3 == 0 ? " Jos\xc3\xa9 \xf0\x9f\x98\x80" : "");
}

static char *
big_table(int tsv, int crlf, size_t *len, unsigned long *lines)
{
	FILE		*out;
	char		*buf = NULL, third[128], *p;
	size_t		 n = 0, i, k;
	unsigned long	 line = 2;
	const char	*eol = crlf ? "\r\n" : "\n";

	out = open_memstream(&buf, &n);
	assert_non_null(out);
	fprintf(out, tsv ? "id\tletters\tnote%s" : "id,letters,note%s", eol);
	for (i = 0; i < NBIG; i++) {
		lines[i] = line;
		fprintf(out, "%zu%c", i, tsv ? '\t' : ',');
		for (k = 0; k < (i * 7) % 300; k++)
			fputc('a' + i % 26, out);
		fputc(tsv ? '\t' : ',', out);
		big_third(third, sizeof(third), i);
		if (tsv)
			tsv_escape(out, third, strlen(third));
		else {
			fputc('"', out);
			for (p = third; *p != '\0'; p++) {
				if (*p == '"')
					fputc('"', out);
				if (*p == '\n' && crlf)
					fputc('\r', out);
				fputc(*p, out);
				if (*p == '\n')
					line++;
			}
			fputc('"', out);
		}
		fputs(eol, out);
		line++;
		if (i % 1000 == 999) {
			fputs(eol, out);	/* a blank line */
			line++;
		}
	}
	fclose(out);
	*len = n;
	return buf;
}

static void
check_big(const char *data, size_t len, int tsv, int crlf,
    const unsigned long *lines)
{
	struct sales_record	 rec;
	struct mr		 m;
	const char		*name = tsv ? "big.tsv" : "big.csv";
	char			 want[128], *p;
	size_t			 i, k;

	if (mopen(&m, data, len, name, NULL) == -1)
		fail_msg("%s", sales_err_str(&m.e));
	for (i = 0; i < NBIG; i++) {
		if (sales_reader_next(m.r, &rec, &m.e) != 1)
			fail_msg("record %zu: %s", i, sales_err_str(&m.e));
		assert_int_equal(rec.line, lines[i]);
		assert_int_equal(rec.nfields, 3);
		assert_int_equal(strtoul(rec.fields[0].s, NULL, 10), i);
		assert_int_equal(rec.fields[1].len, (i * 7) % 300);
		for (k = 0; k < rec.fields[1].len; k++)
			assert_int_equal(rec.fields[1].s[k], 'a' + i % 26);
		big_third(want, sizeof(want), i);
		if (crlf && !tsv) {
			/* CSV keeps the CR LF inside quotes. */
			p = strchr(want, '\n');
			if (p != NULL) {
				memmove(p + 1, p, strlen(p) + 1);
				*p = '\r';
			}
		}
		assert_string_equal(rec.fields[2].s, want);
	}
	assert_int_equal(sales_reader_next(m.r, &rec, &m.e), 0);
	mclose(&m);
}

static void
test_table_big(void **state)
{
	static unsigned long	 lines[NBIG];
	char			*data, *u;
	size_t			 len, n;
	int			 tsv, crlf;

	for (tsv = 0; tsv <= 1; tsv++) {
		for (crlf = 0; crlf <= 1; crlf++) {
			data = big_table(tsv, crlf, &len, lines);
			check_big(data, len, tsv, crlf, lines);
			if (crlf == 0) {
				/* Surrogate pairs split across blocks. */
				u = utf16(data, len, tsv, &n);
				check_big(u, n, tsv, 0, lines);
				free(u);
			}
			free(data);
		}
	}
}

/*
 * Allocation failures: every n gives SALES_ENOMEM or the right table,
 * never a crash or a leak (checked under SANITIZE=1).  Returns 0 when
 * the table was read whole, 1 when opening failed, 2 when reading a
 * record failed.
 */
static int
read_all_failing(long n, const char *data, size_t len, const char *name,
    const struct sales_table_opts *o, const char *want)
{
	struct sales_record	 rec;
	struct mr		 m;
	FILE			*out;
	char			*got = NULL;
	size_t			 glen = 0, i;
	int			 rv, failed = 0;

	m.fp = fmemopen((void *)(uintptr_t)data, len, "r");
	assert_non_null(m.fp);
	out = open_memstream(&got, &glen);
	assert_non_null(out);
	sales_mem_fail_after(n);
	m.r = NULL;
	if (sales_reader_fopen(&m.r, m.fp, name, o, &m.e) == -1) {
		sales_mem_fail_after(-1);
		assert_int_equal(m.e.code, SALES_ENOMEM);
		assert_string_equal(m.e.file, name);
		assert_null(m.r);
		failed = 1;
	} else {
		while ((rv = sales_reader_next(m.r, &rec, &m.e)) != 0) {
			if (rv == -1 && m.e.code == SALES_ENOMEM) {
				assert_string_equal(m.e.file, name);
				failed = 2;
				break;
			}
			if (rv == -1 && m.e.code != SALES_EROW)
				fail_msg("n=%ld: %s", n, sales_err_str(&m.e));
			fprintf(out, "%lu%c", rec.line, rv == 1 ? ':' : '!');
			for (i = 0; i < rec.nfields; i++) {
				struct sales_field v;

				sales_reader_value(m.r, &rec, i, &v);
				fprintf(out, "%s%s", i > 0 ? "|" : "", v.s);
			}
			fputc('\n', out);
		}
		sales_mem_fail_after(-1);
	}
	fclose(out);
	if (!failed)
		assert_string_equal(got, want);
	free(got);
	mclose(&m);
	return failed;
}

static void
check_alloc_failures(const char *data, size_t len, const char *name,
    const struct sales_table_opts *o, const char *want)
{
	long	 n;
	int	 rv, seen[3] = { 0, 0, 0 };

	for (n = 0; n < 10000; n++) {
		rv = read_all_failing(n, data, len, name, o, want);
		seen[rv]++;
		if (rv == 0)
			break;
	}
	/* Failures came both in opening and in reading, then success. */
	assert_int_equal(seen[0], 1);
	assert_true(seen[1] > 0);
	assert_true(seen[2] > 0 || strcmp(want, "") == 0);
}

static void
test_table_alloc_failure(void **state)
{
	static const char *const nulls[] = { "NULL" };
	static const char csv[] = "\xef\xbb\xbfid,\"note\",amt\r\n"
	    "1,\"a\r\nb \"\"q\"\"\",NULL\r\n"
	    "2,\"=\"\"007\"\"\",3,\r\n"
	    "3,x\r\n"
	    "4,y,5\r\n";
	static const char want[] = "2:1|a\r\nb \"q\"|\n"
	    "4:2|007|3\n"
	    "5!3|x\n"
	    "6:4|y|5\n";
	static const char tsv[] = "id\tnote\tamt\n1\ta\\nb\tNULL\n"
	    "2\t=\"007\"\t3\n";
	struct sales_table_opts	 o;
	char			*u;
	size_t			 n;

	sales_table_opts_init(&o);
	o.nulls = nulls;
	o.nnulls = 1;
	check_alloc_failures(csv, sizeof(csv) - 1, "t.csv", &o, want);
	check_alloc_failures(tsv, sizeof(tsv) - 1, "stdin", &o,
	    "2:1|a\nb|\n3:2|007|3\n");
	u = utf16(csv + 3, sizeof(csv) - 4, 0, &n);
	check_alloc_failures(u, n, "t.csv", &o, want);
	free(u);
	o.no_header = 1;
	o.columns = "a,b";
	check_alloc_failures("1,2\n", 4, "t.csv", &o, "1:1|2\n");
}

static int
setup(void **state)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/test_table.XXXXXX");
	if (mkdtemp(tmpdir) == NULL)
		return -1;
	return 0;
}

static int
teardown(void **state)
{
	char	 cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_csv_basic),
		cmocka_unit_test(test_table_blank_lines),
		cmocka_unit_test(test_table_format_parse),
		cmocka_unit_test(test_table_opts_init),
		cmocka_unit_test(test_table_bom),
		cmocka_unit_test(test_table_crlf),
		cmocka_unit_test(test_table_cr_only),
		cmocka_unit_test(test_table_utf16),
		cmocka_unit_test(test_table_quoted_newline),
		cmocka_unit_test(test_table_parse_errors),
		cmocka_unit_test(test_table_nul_byte),
		cmocka_unit_test(test_table_ragged),
		cmocka_unit_test(test_table_header_trailing_empty),
		cmocka_unit_test(test_table_duplicate_header),
		cmocka_unit_test(test_table_no_header_row),
		cmocka_unit_test(test_table_columns),
		cmocka_unit_test(test_table_tsv_escapes),
		cmocka_unit_test(test_table_value),
		cmocka_unit_test(test_table_detect),
		cmocka_unit_test(test_table_files),
		cmocka_unit_test(test_table_tsv_split),
		cmocka_unit_test(test_table_csv_lines),
		cmocka_unit_test(test_table_max_field),
		cmocka_unit_test(test_table_big),
		cmocka_unit_test(test_table_alloc_failure),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
