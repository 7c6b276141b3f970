/*
 * test_writer.c: the exact bytes of every output format, --excel-safe,
 * write errors and allocation failures.  Expected outputs are worked out
 * by hand from the format rules in writer.h.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <csv.h>

#include "libsales/mem.h"
#include "libsales/writer.h"

/* A field from a string literal, embedded NUL bytes included. */
#define F(lit)		{ (lit), sizeof(lit) - 1 }
#define NF(a)		(sizeof(a) / sizeof((a)[0]))

struct out {
	FILE	*fp;
	char	*buf;
	size_t	 len;
};

static void
out_open(struct out *o)
{
	o->buf = NULL;
	o->len = 0;
	o->fp = open_memstream(&o->buf, &o->len);
	assert_non_null(o->fp);
}

/* Close the stream and compare every byte with want (wlen bytes). */
static void
out_check(struct out *o, const char *want, size_t wlen)
{
	assert_int_equal(fclose(o->fp), 0);
	if (o->len != wlen || memcmp(o->buf, want, wlen) != 0) {
		fprintf(stderr, "got  (%zu): [%.*s]\nwant (%zu): [%.*s]\n",
		    o->len, (int)o->len, o->buf, wlen, (int)wlen, want);
		fail();
	}
	free(o->buf);
}

#define OUT_CHECK(o, lit)	out_check((o), (lit), sizeof(lit) - 1)

/* Write hdr (may be NULL) and rows (nrows of ncols) in fmt into o. */
static void
write_table(struct out *o, int fmt, int delim, int flags,
    const struct sales_field *hdr, size_t nh,
    const struct sales_field *rows, size_t nrows, size_t ncols)
{
	struct sales_writer	*w;
	struct sales_err	 e;
	size_t			 r;

	out_open(o);
	assert_int_equal(sales_writer_open(&w, o->fp, fmt, delim, flags, &e),
	    0);
	if (hdr != NULL)
		assert_int_equal(sales_writer_header(w, hdr, nh, &e), 0);
	for (r = 0; r < nrows; r++)
		assert_int_equal(sales_writer_row(w, rows + r * ncols, ncols,
		    &e), 0);
	assert_int_equal(sales_writer_close(w, &e), 0);
}

/*
 * Random rows of 1 to 9 fields of 0 to 40 bytes from an alphabet that
 * holds every byte CSV quotes or TSV escapes, written in CSV (',' and
 * ';') and TSV, against the rules done here byte by byte: CSV quotes a
 * field that holds the delimiter, '"', CR or LF, or begins or ends with
 * a space, doubling its quotes; linear TSV escapes tab, LF, CR and
 * backslash.  Most rows need none of it, and take the whole-row path.
 */
static size_t
ref_row(int fmt, int delim, const struct sales_field *f, size_t n,
    char *out)
{
	size_t	 i, j, k = 0;
	int	 q;
	char	 c;

	for (i = 0; i < n; i++) {
		if (i > 0)
			out[k++] = fmt == SALES_FMT_TSV ? '\t' : (char)delim;
		if (fmt == SALES_FMT_TSV) {
			for (j = 0; j < f[i].len; j++) {
				c = f[i].s[j];
				if (c == '\t' || c == '\n' || c == '\r' ||
				    c == '\\') {
					out[k++] = '\\';
					c = c == '\t' ? 't' : c == '\n' ? 'n' :
					    c == '\r' ? 'r' : '\\';
				}
				out[k++] = c;
			}
			continue;
		}
		q = f[i].len > 0 && (f[i].s[0] == ' ' ||
		    f[i].s[f[i].len - 1] == ' ');
		for (j = 0; j < f[i].len; j++)
			q |= f[i].s[j] == (char)delim || f[i].s[j] == '"' ||
			    f[i].s[j] == '\r' || f[i].s[j] == '\n';
		if (n == 1 && f[i].len == 0)
			q = 1;
		if (q)
			out[k++] = '"';
		for (j = 0; j < f[i].len; j++) {
			if (f[i].s[j] == '"')
				out[k++] = '"';
			out[k++] = f[i].s[j];
		}
		if (q)
			out[k++] = '"';
	}
	out[k++] = '\n';
	return k;
}

static void
test_writer_rows_random(void **state)
{
	static const char alpha[] = "abcdefghij0123456789 ,;\"\t\n\r\\x";
	static const int fmts[3][2] = { { SALES_FMT_CSV, ',' },
	    { SALES_FMT_CSV, ';' }, { SALES_FMT_TSV, '\t' } };
	struct sales_field	 f[9];
	struct out		 o;
	struct sales_writer	*w;
	struct sales_err	 e;
	static char		 vals[9][41], want[1 << 20];
	size_t			 n, i, j, k, wlen;
	unsigned		 seed = 7, r, t;

	for (t = 0; t < 3; t++) {
		wlen = 0;
		out_open(&o);
		assert_int_equal(sales_writer_open(&w, o.fp, fmts[t][0],
		    fmts[t][1], 0, &e), 0);
		for (r = 0; r < 2000; r++) {
			seed = seed * 1103515245 + 12345;
			n = 1 + (seed >> 16) % 9;
			for (i = 0; i < n; i++) {
				seed = seed * 1103515245 + 12345;
				f[i].len = (seed >> 16) % 41;
				for (j = 0; j < f[i].len; j++) {
					seed = seed * 1103515245 + 12345;
					/* A special byte in one of 40. */
					k = (seed >> 16) % 40 == 0 ?
					    20 + (seed >> 20) % 9 :
					    (seed >> 20) % 20;
					vals[i][j] = alpha[k];
				}
				f[i].s = vals[i];
			}
			/* The first field must not look like a BOM. */
			assert_int_equal(sales_writer_row(w, f, n, &e), 0);
			wlen += ref_row(fmts[t][0], fmts[t][1], f, n,
			    want + wlen);
			assert_true(wlen < sizeof(want) - 1000);
		}
		assert_int_equal(sales_writer_close(w, &e), 0);
		out_check(&o, want, wlen);
	}
}

static void
test_writer_csv_quoting(void **state)
{
	static const struct sales_field hdr[] = { F("id"), F("note") };
	static const struct sales_field rows[] = {
		F("plain"), F("a,b"),
		F("say \"hi\""), F("l1\nl2"),
		F("c\rr"), F(" lead"),
		F("trail "), F("mid space"),
		F(""), F("x\0y"),
		F("a;b"), F("\""),
	};
	static const struct sales_field one[] = { F(""), F("") };
	struct out	 o;

	write_table(&o, SALES_FMT_CSV, ',', 0, hdr, 2, rows, 6, 2);
	OUT_CHECK(&o,
	    "id,note\n"
	    "plain,\"a,b\"\n"
	    "\"say \"\"hi\"\"\",\"l1\nl2\"\n"
	    "\"c\rr\",\" lead\"\n"
	    "\"trail \",mid space\n"
	    ",x\0y\n"
	    "a;b,\"\"\"\"\n");

	/* Another delimiter: ';' quotes, ',' does not. */
	write_table(&o, SALES_FMT_CSV, ';', 0, hdr, 2, rows, 1, 2);
	OUT_CHECK(&o, "id;note\nplain;a,b\n");
	write_table(&o, SALES_FMT_CSV, ';', 0, NULL, 0, rows + 10, 1, 2);
	OUT_CHECK(&o, "\"a;b\";\"\"\"\"\n");

	/* The only field, empty, is "" so the row is not a blank line. */
	write_table(&o, SALES_FMT_CSV, ',', 0, hdr, 1, one, 2, 1);
	OUT_CHECK(&o, "id\n\"\"\n\"\"\n");
}

static void
test_writer_tsv_escapes(void **state)
{
	static const struct sales_field hdr[] = { F("a b"), F("c") };
	static const struct sales_field rows[] = {
		F("t\tab"), F("l1\nl2"),
		F("c\rr"), F("back\\slash"),
		F(" sp,\"q\" "), F(""),
	};
	struct out	 o;

	write_table(&o, SALES_FMT_TSV, ',', 0, hdr, 2, rows, 3, 2);
	OUT_CHECK(&o,
	    "a b\tc\n"
	    "t\\tab\tl1\\nl2\n"
	    "c\\rr\tback\\\\slash\n"
	    " sp,\"q\" \t\n");
}

/* Decode linear TSV (the test's own code): rows of fields. */
static size_t
tsv_decode(const char *s, size_t len, char **fields, size_t *flen,
    size_t max)
{
	size_t	 i, n = 0;
	char	*cur = NULL;

	for (i = 0; i < len; i++) {
		if (cur == NULL) {
			assert_true(n < max);
			fields[n] = cur = malloc(len + 1);
			assert_non_null(cur);
			flen[n] = 0;
		}
		if (s[i] == '\t' || s[i] == '\n') {
			cur = NULL;
			n++;
			continue;
		}
		if (s[i] == '\\') {
			assert_true(i + 1 < len);
			switch (s[++i]) {
			case 't':
				cur[flen[n]++] = '\t';
				break;
			case 'n':
				cur[flen[n]++] = '\n';
				break;
			case 'r':
				cur[flen[n]++] = '\r';
				break;
			case '\\':
				cur[flen[n]++] = '\\';
				break;
			default:
				fail_msg("bad escape \\%c", s[i]);
			}
			continue;
		}
		/* The output has no raw control byte of the escaped kinds. */
		assert_true(s[i] != '\r');
		cur[flen[n]++] = s[i];
	}
	assert_null(cur);
	return n;
}

struct csvparse {
	char	*fields[64];
	size_t	 flen[64];
	size_t	 n;
};

static void
csv_cb_field(void *s, size_t len, void *data)
{
	struct csvparse	*p = data;

	assert_true(p->n < 64);
	p->fields[p->n] = malloc(len + 1);
	assert_non_null(p->fields[p->n]);
	if (len > 0)
		memcpy(p->fields[p->n], s, len);
	p->flen[p->n++] = len;
}

/*
 * CSV -> TSV -> CSV: every byte value, quotes, delimiters, escapes and
 * spaces survive.  The TSV is decoded by the test's own decoder, the
 * CSV by libcsv in strict mode.
 */
static void
test_writer_roundtrip(void **state)
{
	struct sales_field	 orig[8], again[8];
	struct csvparse		 p;
	struct csv_parser	 cp;
	struct out		 csv1, tsv, csv2;
	char			 all[255], *dec[16];
	size_t			 declen[16], n, i;
	int			 c;

	for (c = 1; c < 256; c++)
		all[c - 1] = (char)c;
	orig[0].s = all;
	orig[0].len = sizeof(all);
	orig[1].s = "\\t is not a tab";
	orig[1].len = strlen(orig[1].s);
	orig[2].s = "\r\n\t\\\\n";
	orig[2].len = strlen(orig[2].s);
	orig[3].s = " ,\"\" ";
	orig[3].len = strlen(orig[3].s);
	orig[4].s = "";
	orig[4].len = 0;
	orig[5].s = "NUL\0inside";
	orig[5].len = 10;
	orig[6].s = "caf\xe9 \xc3\xa9";
	orig[6].len = strlen(orig[6].s);
	orig[7].s = "\\";
	orig[7].len = 1;

	write_table(&csv1, SALES_FMT_CSV, ',', 0, NULL, 0, orig, 1, 8);
	assert_int_equal(fclose(csv1.fp), 0);
	write_table(&tsv, SALES_FMT_TSV, ',', 0, NULL, 0, orig, 1, 8);
	assert_int_equal(fclose(tsv.fp), 0);

	n = tsv_decode(tsv.buf, tsv.len, dec, declen, 16);
	assert_int_equal(n, 8);
	for (i = 0; i < n; i++) {
		assert_int_equal(declen[i], orig[i].len);
		assert_memory_equal(dec[i], orig[i].s, orig[i].len);
		again[i].s = dec[i];
		again[i].len = declen[i];
	}
	write_table(&csv2, SALES_FMT_CSV, ',', 0, NULL, 0, again, 1, 8);
	out_check(&csv2, csv1.buf, csv1.len);

	/* libcsv reads the CSV back to the same fields. */
	memset(&p, 0, sizeof(p));
	assert_int_equal(csv_init(&cp, CSV_STRICT | CSV_STRICT_FINI), 0);
	assert_int_equal(csv_parse(&cp, csv1.buf, csv1.len, csv_cb_field,
	    NULL, &p), csv1.len);
	assert_int_equal(csv_fini(&cp, csv_cb_field, NULL, &p), 0);
	csv_free(&cp);
	assert_int_equal(p.n, 8);
	for (i = 0; i < p.n; i++) {
		assert_int_equal(p.flen[i], orig[i].len);
		assert_memory_equal(p.fields[i], orig[i].s, orig[i].len);
		free(p.fields[i]);
		free(dec[i]);
	}
	free(csv1.buf);
	free(tsv.buf);
}

/*
 * A first field that starts like a byte-order mark (FF FE, FE FF,
 * EF BB BF) gets a blank line before it, in CSV and TSV, header or
 * first row; later rows, other formats and other bytes do not.
 */
static void
test_writer_bomlike(void **state)
{
	struct sales_field	 h1[] = { F("\xff\xfename"), F("b") };
	struct sales_field	 h2[] = { F("\xfe\xffx") };
	struct sales_field	 h3[] = { F("\xef\xbb\xbfid") };
	struct sales_field	 h4[] = { F("\xef\xbbx"), F("\xff") };
	struct sales_field	 r1[] = { F("\xff\xfe"), F("1") };
	struct out		 o;

	write_table(&o, SALES_FMT_CSV, ',', 0, h1, 2, r1, 1, 2);
	OUT_CHECK(&o, "\n\xff\xfename,b\n\xff\xfe,1\n");
	write_table(&o, SALES_FMT_TSV, ',', 0, h2, 1, NULL, 0, 1);
	OUT_CHECK(&o, "\n\xfe\xffx\n");
	write_table(&o, SALES_FMT_CSV, ';', 0, h3, 1, NULL, 0, 1);
	OUT_CHECK(&o, "\n\xef\xbb\xbfid\n");
	/* Without a header, the first row. */
	write_table(&o, SALES_FMT_TSV, ',', 0, NULL, 0, r1, 1, 2);
	OUT_CHECK(&o, "\n\xff\xfe\t1\n");
	/* Two bytes of a UTF-8 mark, or FF alone: nothing added. */
	write_table(&o, SALES_FMT_CSV, ',', 0, h4, 2, NULL, 0, 2);
	OUT_CHECK(&o, "\xef\xbbx,\xff\n");
	write_table(&o, SALES_FMT_JSON, ',', 0, h1, 2, r1, 1, 2);
	assert_int_equal(fclose(o.fp), 0);
	assert_true(o.len > 0 && o.buf[0] == '{');
	free(o.buf);
}

static void
test_writer_json(void **state)
{
	static const struct sales_field hdr[] = {
		F("id"), F("na\"me"), F("amount"), F("note")
	};
	static const struct sales_field rows[] = {
		F("1"), F("Ana \"A\" Cruz"), F("100.50"), F("tab\there"),
		F("007"), F("back\\slash"), F("-0"), F(""),
		F("+3"), F(".5"), F("1."), F("1e5"),
		F("-1.5E-3"), F("0x10"), F(" 1"), F("1 "),
		F("\x01\x1f\x7f"), F("\b\f\n\r"), F("nul\0x"), F("--1"),
	};
	struct out	 o;

	write_table(&o, SALES_FMT_JSON, ',', 0, hdr, 4, rows, 5, 4);
	OUT_CHECK(&o,
	    "{\"id\":1,\"na\\\"me\":\"Ana \\\"A\\\" Cruz\",\"amount\":100.50,"
	    "\"note\":\"tab\\there\"}\n"
	    "{\"id\":\"007\",\"na\\\"me\":\"back\\\\slash\",\"amount\":-0,"
	    "\"note\":\"\"}\n"
	    "{\"id\":\"+3\",\"na\\\"me\":\".5\",\"amount\":\"1.\","
	    "\"note\":1e5}\n"
	    "{\"id\":-1.5E-3,\"na\\\"me\":\"0x10\",\"amount\":\" 1\","
	    "\"note\":\"1 \"}\n"
	    "{\"id\":\"\\u0001\\u001f\x7f\",\"na\\\"me\":\"\\b\\f\\n\\r\","
	    "\"amount\":\"nul\\u0000x\",\"note\":\"--1\"}\n");
}

/* Each byte outside well-formed UTF-8 becomes \u00XX of its value. */
static void
test_writer_json_utf8(void **state)
{
	static const struct sales_field hdr[] = { F("k") };
	static const struct sales_field rows[] = {
		F("caf\xe9"),			/* Latin-1 e-acute */
		F("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"), /* é € emoji */
		F("\xc0\xaf"),			/* overlong '/' */
		F("\xed\xa0\x80"),		/* surrogate D800 */
		F("\xe2\x82"),			/* truncated € */
		F("\xf4\x90\x80\x80"),		/* above U+10FFFF */
		F("\x80x\xbf"),			/* lone continuations */
		F("\xef\xbf\xbf\xf4\x8f\xbf\xbf"), /* U+FFFF, U+10FFFF */
		F("\xe2\x82" "a"),		/* cut short by 'a' */
	};
	struct out	 o;

	write_table(&o, SALES_FMT_JSON, ',', 0, hdr, 1, rows, NF(rows), 1);
	OUT_CHECK(&o,
	    "{\"k\":\"caf\\u00e9\"}\n"
	    "{\"k\":\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"}\n"
	    "{\"k\":\"\\u00c0\\u00af\"}\n"
	    "{\"k\":\"\\u00ed\\u00a0\\u0080\"}\n"
	    "{\"k\":\"\\u00e2\\u0082\"}\n"
	    "{\"k\":\"\\u00f4\\u0090\\u0080\\u0080\"}\n"
	    "{\"k\":\"\\u0080x\\u00bf\"}\n"
	    "{\"k\":\"\xef\xbf\xbf\xf4\x8f\xbf\xbf\"}\n"
	    "{\"k\":\"\\u00e2\\u0082a\"}\n");
}

/* Fields beyond the header are keyed by position; no header at all. */
static void
test_writer_json_ragged(void **state)
{
	static const struct sales_field hdr[] = { F("a"), F("b") };
	static const struct sales_field rows[] = { F("x"), F("2"), F("y") };
	struct out	 o;

	write_table(&o, SALES_FMT_JSON, ',', 0, hdr, 2, rows, 1, 3);
	OUT_CHECK(&o, "{\"a\":\"x\",\"b\":2,\"3\":\"y\"}\n");
	write_table(&o, SALES_FMT_JSON, ',', 0, hdr, 2, rows, 1, 1);
	OUT_CHECK(&o, "{\"a\":\"x\"}\n");
	write_table(&o, SALES_FMT_JSON, ',', 0, NULL, 0, rows, 1, 2);
	OUT_CHECK(&o, "{\"1\":\"x\",\"2\":2}\n");
}

/*
 * "Zoë Weiß" is 8 code points in 10 bytes: the rep column is 8 wide.
 * amount is numeric (right-aligned, header too); region is last and
 * gets no trailing spaces.
 */
static void
test_writer_pretty(void **state)
{
	static const struct sales_field hdr[] = {
		F("rep"), F("amount"), F("region")
	};
	static const struct sales_field rows[] = {
		F("Ana"), F("100.50"), F("EMEA"),
		F("Zo\xc3\xab Wei\xc3\x9f"), F("-7.25"), F("APAC"),
		F("Bo"), F("12"), F("north america"),
	};
	struct out	 o;

	write_table(&o, SALES_FMT_PRETTY, ',', 0, hdr, 3, rows, 3, 3);
	OUT_CHECK(&o,
	    "rep       amount  region\n"
	    "--------  ------  -------------\n"
	    "Ana       100.50  EMEA\n"
	    "Zo\xc3\xab Wei\xc3\x9f   -7.25  APAC\n"
	    "Bo            12  north america\n");
}

/*
 * A mixed column: the header is left-aligned, numbers right-aligned in
 * their cells.  Empty last cells leave no trailing spaces; control
 * bytes and a broken UTF-8 byte are shown as escapes and measured so.
 */
static void
test_writer_pretty_mixed(void **state)
{
	static const struct sales_field hdr[] = { F("k"), F("v"), F("w") };
	static const struct sales_field rows[] = {
		F("n/a"), F("5"), F(""),
		F("1234"), F("a\tb"), F(""),
		F("\x1b[31m"), F("\xff"), F("z"),
	};
	struct out	 o;

	/*
	 * Shown: ESC as the 4 characters \x1b, so k is
	 * max(1, 3, 4, 4 + 4) = 8 wide; v = max(1, 1, 4, 4) = 4; w = 1.
	 * Column k: "1234" is a number but "n/a" is not, so the header is
	 * left-aligned: "k", 7 + 2 spaces, "v", 3 + 2 spaces, "w".  Row 1:
	 * "n/a", 5 + 2 spaces, then "5" right-aligned in 4: 3 more.
	 */
	write_table(&o, SALES_FMT_PRETTY, ',', 0, hdr, 3, rows, 3, 3);
	OUT_CHECK(&o,
	    "k         v     w\n"
	    "--------  ----  -\n"
	    "n/a          5\n"
	    "    1234  a\\tb\n"
	    "\\x1b[31m  \\xff  z\n");
}

/*
 * Pretty: a backslash is shown doubled, so that a NUL byte (\x00) and
 * the text "\x00" look different, and measured as 2.
 */
static void
test_writer_pretty_backslash(void **state)
{
	static const struct sales_field hdr[] = { F("k") };
	static const struct sales_field rows[] = {
		{ "a\0b", 3 }, F("a\\x00b"), F("c:\\d"),
	};
	struct out	 o;

	write_table(&o, SALES_FMT_PRETTY, ',', 0, hdr, 1, rows, 3, 1);
	OUT_CHECK(&o,
	    "k\n"
	    "-------\n"
	    "a\\x00b\n"
	    "a\\\\x00b\n"
	    "c:\\\\d\n");
}

static void
test_writer_markdown(void **state)
{
	static const struct sales_field hdr[] = {
		F("rep"), F("won"), F("note")
	};
	static const struct sales_field rows[] = {
		F("Ana"), F("3"), F("a|b"),
		F("Zo\xc3\xab"), F("12"), F("x\\y"),
		F("Bo"), F(""), F("l1\r\nl2"),
	};
	struct out	 o;

	/*
	 * Widths: rep 3 (the minimum), won 3 (numeric: --:), note
	 * "l1<br>l2" = 8.
	 */
	write_table(&o, SALES_FMT_MARKDOWN, ',', 0, hdr, 3, rows, 3, 3);
	OUT_CHECK(&o,
	    "| rep | won | note     |\n"
	    "| --- | --: | -------- |\n"
	    "| Ana |   3 | a\\|b     |\n"
	    "| Zo\xc3\xab |  12 | x\\\\y     |\n"
	    "| Bo  |     | l1<br>l2 |\n");
}

static void
test_writer_excel_unsafe(void **state)
{
	assert_int_equal(sales_excel_unsafe("=1+1", 4), 1);
	assert_int_equal(sales_excel_unsafe("+SUM(A1)", 8), 1);
	assert_int_equal(sales_excel_unsafe("-12.00", 6), 0);
	assert_int_equal(sales_excel_unsafe("+3", 2), 0);
	assert_int_equal(sales_excel_unsafe("-1e5", 4), 0);
	assert_int_equal(sales_excel_unsafe("-.5", 3), 0);
	assert_int_equal(sales_excel_unsafe("@cmd", 4), 1);
	assert_int_equal(sales_excel_unsafe("\tx", 2), 1);
	assert_int_equal(sales_excel_unsafe("\t5", 2), 1);
	assert_int_equal(sales_excel_unsafe("\r1", 2), 1);
	assert_int_equal(sales_excel_unsafe("-", 1), 1);
	assert_int_equal(sales_excel_unsafe("--1", 3), 1);
	assert_int_equal(sales_excel_unsafe("-1+cmd|' /C calc'!A0", 20), 1);
	assert_int_equal(sales_excel_unsafe("-12.00 ", 7), 1);
	assert_int_equal(sales_excel_unsafe("abc", 3), 0);
	assert_int_equal(sales_excel_unsafe("1=1", 3), 0);
	assert_int_equal(sales_excel_unsafe("", 0), 0);
	/* Only the length counts: "-12" then junk past len. */
	assert_int_equal(sales_excel_unsafe("-12x", 3), 0);
}

static void
test_writer_excel_safe(void **state)
{
	static const struct sales_field hdr[] = { F("=h"), F("b") };
	static const struct sales_field rows[] = {
		F("=1+1"), F("+SUM(A1)"),
		F("-12.00"), F("@cmd"),
		F("\tfoo"), F("\rbar"),
		F("ok"), F("+3"),
		F("=a,b"), F("-"),
	};
	struct out	 o;

	write_table(&o, SALES_FMT_CSV, ',', SALES_W_EXCEL_SAFE, hdr, 2,
	    rows, 5, 2);
	OUT_CHECK(&o,
	    "'=h,b\n"
	    "'=1+1,'+SUM(A1)\n"
	    "-12.00,'@cmd\n"
	    "'\tfoo,\"'\rbar\"\n"
	    "ok,+3\n"
	    "\"'=a,b\",'-\n");

	write_table(&o, SALES_FMT_TSV, ',', SALES_W_EXCEL_SAFE, hdr, 2,
	    rows, 5, 2);
	OUT_CHECK(&o,
	    "'=h\tb\n"
	    "'=1+1\t'+SUM(A1)\n"
	    "-12.00\t'@cmd\n"
	    "'\\tfoo\t'\\rbar\n"
	    "ok\t+3\n"
	    "'=a,b\t'-\n");

	/* JSON is never changed. */
	write_table(&o, SALES_FMT_JSON, ',', SALES_W_EXCEL_SAFE, hdr, 2,
	    rows, 1, 2);
	OUT_CHECK(&o, "{\"=h\":\"=1+1\",\"b\":\"+SUM(A1)\"}\n");

	/*
	 * The quote counts in the width; -12.00 stays a number, so its
	 * column is numeric and "'=h" is right-aligned in 6.
	 */
	write_table(&o, SALES_FMT_PRETTY, ',', SALES_W_EXCEL_SAFE, hdr, 2,
	    rows + 2, 1, 2);
	OUT_CHECK(&o,
	    "   '=h  b\n"
	    "------  -----\n"
	    "-12.00  '@cmd\n");

	write_table(&o, SALES_FMT_MARKDOWN, ',', SALES_W_EXCEL_SAFE, hdr, 2,
	    rows, 1, 2);
	OUT_CHECK(&o,
	    "| '=h   | b         |\n"
	    "| ----- | --------- |\n"
	    "| '=1+1 | '+SUM(A1) |\n");

	/* Without the flag nothing changes. */
	write_table(&o, SALES_FMT_CSV, ',', 0, hdr, 2, rows, 1, 2);
	OUT_CHECK(&o, "=h,b\n=1+1,+SUM(A1)\n");
}

static void
test_writer_bad_use(void **state)
{
	static const struct sales_field hdr[] = { F("a") };
	struct sales_writer	*w;
	struct sales_err	 e;
	struct out		 o;

	assert_int_equal(sales_writer_open(&w, stdout, SALES_FMT_HTML, ',', 0,
	    &e), -1);
	assert_int_equal(e.code, SALES_EUSAGE);
	assert_null(w);
	assert_int_equal(sales_writer_open(&w, stdout, SALES_FMT_AUTO, ',', 0,
	    &e), -1);
	assert_int_equal(e.code, SALES_EUSAGE);
	assert_int_equal(sales_writer_open(&w, stdout, SALES_FMT_CSV, '"', 0,
	    &e), -1);
	assert_int_equal(e.code, SALES_EUSAGE);
	assert_int_equal(sales_writer_open(&w, stdout, SALES_FMT_CSV, '\n', 0,
	    &e), -1);
	assert_int_equal(sales_writer_close(NULL, &e), 0);

	out_open(&o);
	assert_int_equal(sales_writer_open(&w, o.fp, SALES_FMT_CSV, 0, 0, &e),
	    0);
	assert_int_equal(sales_writer_header(w, hdr, 1, &e), 0);
	assert_int_equal(sales_writer_header(w, hdr, 1, &e), -1);
	assert_int_equal(e.code, SALES_EUSAGE);
	assert_int_equal(sales_writer_close(w, &e), 0);
	OUT_CHECK(&o, "a\n");
}

/* /dev/full: the error shows at the row that overflows stdio's buffer. */
static void
test_writer_enospc(void **state)
{
	static const struct sales_field row[] = { F("Ana Cruz"), F("100.50") };
	struct sales_writer	*w;
	struct sales_err	 e;
	FILE			*fp;
	int			 i, rv = 0;

	fp = fopen("/dev/full", "w");
	if (fp == NULL)
		skip();
	assert_int_equal(sales_writer_open(&w, fp, SALES_FMT_CSV, ',', 0, &e),
	    0);
	assert_int_equal(sales_writer_header(w, row, 2, &e), 0);
	for (i = 0; i < 100000 && rv == 0; i++)
		rv = sales_writer_row(w, row, 2, &e);
	assert_int_equal(rv, -1);
	assert_int_equal(e.code, SALES_EIO);
	assert_int_equal(e.errnum, ENOSPC);
	assert_string_equal(e.msg, "write error: No space left on device");
	/* The error sticks. */
	assert_int_equal(sales_writer_row(w, row, 2, &e), -1);
	assert_int_equal(e.errnum, ENOSPC);
	assert_int_equal(sales_writer_close(w, &e), 0);
	fclose(fp);
}

/* A closed pipe with SIGPIPE ignored is EPIPE. */
static void
test_writer_epipe(void **state)
{
	static const struct sales_field row[] = { F("x") };
	struct sales_writer	*w;
	struct sales_err	 e;
	FILE			*fp;
	void			(*old)(int);
	int			 fd[2], i, rv = 0;

	assert_int_equal(pipe(fd), 0);
	close(fd[0]);
	old = signal(SIGPIPE, SIG_IGN);
	fp = fdopen(fd[1], "w");
	assert_non_null(fp);
	assert_int_equal(sales_writer_open(&w, fp, SALES_FMT_PRETTY, ',', 0,
	    &e), 0);
	for (i = 0; i < 10000; i++)
		assert_int_equal(sales_writer_row(w, row, 1, &e), 0);
	/* Pretty writes at close: 20000 bytes fill the buffer. */
	rv = sales_writer_close(w, &e);
	assert_int_equal(rv, -1);
	assert_int_equal(e.code, SALES_EIO);
	assert_int_equal(e.errnum, EPIPE);
	fclose(fp);
	signal(SIGPIPE, old);
}

/*
 * Fail every allocation in turn while writing each held format and
 * JSON: SALES_ENOMEM, and no leak (LeakSanitizer under SANITIZE=1).
 */
static void
test_writer_enomem(void **state)
{
	static const int fmts[] = {
		SALES_FMT_PRETTY, SALES_FMT_MARKDOWN, SALES_FMT_JSON
	};
	static const struct sales_field hdr[] = { F("a"), F("b") };
	static const struct sales_field row[] = { F("x"), F("1") };
	struct sales_writer	*w;
	struct sales_err	 e;
	struct out		 o;
	size_t			 f;
	long			 n;
	int			 i, rv, failures;

	for (f = 0; f < NF(fmts); f++) {
		failures = 0;
		for (n = 0;; n++) {
			out_open(&o);
			sales_mem_fail_after(n);
			rv = sales_writer_open(&w, o.fp, fmts[f], ',', 0, &e);
			if (rv == 0)
				rv = sales_writer_header(w, hdr, 2, &e);
			for (i = 0; rv == 0 && i < 200; i++)
				rv = sales_writer_row(w, row, 2, &e);
			if (w != NULL && sales_writer_close(w, rv == 0 ? &e :
			    NULL) == -1)
				rv = -1;
			sales_mem_fail_after(-1);
			fclose(o.fp);
			free(o.buf);
			if (rv == 0)
				break;
			assert_int_equal(e.code, SALES_ENOMEM);
			failures++;
		}
		assert_true(failures >= 2);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_writer_rows_random),
		cmocka_unit_test(test_writer_csv_quoting),
		cmocka_unit_test(test_writer_tsv_escapes),
		cmocka_unit_test(test_writer_roundtrip),
		cmocka_unit_test(test_writer_bomlike),
		cmocka_unit_test(test_writer_json),
		cmocka_unit_test(test_writer_json_utf8),
		cmocka_unit_test(test_writer_json_ragged),
		cmocka_unit_test(test_writer_pretty),
		cmocka_unit_test(test_writer_pretty_mixed),
		cmocka_unit_test(test_writer_pretty_backslash),
		cmocka_unit_test(test_writer_markdown),
		cmocka_unit_test(test_writer_excel_unsafe),
		cmocka_unit_test(test_writer_excel_safe),
		cmocka_unit_test(test_writer_bad_use),
		cmocka_unit_test(test_writer_enospc),
		cmocka_unit_test(test_writer_epipe),
		cmocka_unit_test(test_writer_enomem),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
