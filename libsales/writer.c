/*
 * writer.c: writing tables as CSV, TSV, JSON Lines, aligned text and
 * Markdown, through stdio with its default buffering.
 *
 * CSV, TSV and JSON Lines are written as the rows come.  Each field is
 * scanned once against a table of the bytes that matter to its format,
 * and written in runs with fwrite, so that a field that needs nothing
 * costs one scan and one call.  Pretty and Markdown keep the rows (one
 * byte buffer and an array of cell views) until sales_writer_close(),
 * which measures the columns and writes them.  Every stdio call is
 * checked; the first failure is kept and reported as SALES_EIO with its
 * errno (EPIPE for a closed pipe, ENOSPC for a full disk).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#if defined(__SSE2__) && !defined(SALES_NO_SSE2)
#include <emmintrin.h>
#endif

#include "libsales/mem.h"
#include "libsales/writer.h"

/* Bytes of a field that need attention, by format. */
#define SP_QUOTE	1	/* CSV: forces quotes */
#define SP_ESCAPE	2	/* TSV, JSON: has an escape */
#define SP_UTF8		4	/* JSON: start of a sequence to check */

/* A cell held for pretty and Markdown: bytes in the writer's buffer. */
struct hcell {
	size_t		 off;
	size_t		 len;
};

/* A held row: cells first .. first + n - 1. */
struct hrow {
	size_t		 first;
	size_t		 n;
};

/* Output into a stream, or into a growing buffer (JSON keys). */
struct sink {
	FILE		*fp;
	char		*buf;
	size_t		 len;
	size_t		 cap;
};

struct sales_writer {
	FILE		*fp;
	int		 format;
	int		 delim;
	int		 flags;
	int		 has_header;
	int		 started;	/* a CSV or TSV line was written */
	int		 errnum;	/* first write error, sticky */
	unsigned char	 special[256];

	size_t		 ncols;		/* header fields */
	struct sales_field *names;	/* pretty, markdown: copies */
	char		*namebuf;
	struct sales_field *jkeys;	/* JSON: "\"name\":" per column */
	char		*jkeybuf;

	char		*row;		/* CSV, TSV: a row built whole */
	size_t		 rowcap;
	char		*buf;		/* held cells, pretty and markdown */
	size_t		 blen;
	size_t		 bcap;
	struct hcell	*cells;
	size_t		 ncells;
	size_t		 ccap;
	struct hrow	*rows;
	size_t		 nrows;
	size_t		 rcap;
};

static const char *const fmtnames[] = {
	"auto", "csv", "tsv", "json", "pretty", "markdown", "html"
};

static int
enomem(struct sales_err *err)
{
	return sales_err_set(err, SALES_ENOMEM, "out of memory");
}

/* Record the write error in errno (first one wins) and report it. */
static int
wfail(struct sales_writer *w, struct sales_err *err)
{
	if (w->errnum == 0)
		w->errnum = errno != 0 ? errno : EIO;
	/* Standard output is named, as sales_output_commit() names it. */
	if (w->fp == stdout)
		sales_err_set(err, SALES_EIO, "write error: stdout: %s",
		    strerror(w->errnum));
	else
		sales_err_set(err, SALES_EIO, "write error: %s",
		    strerror(w->errnum));
	if (err != NULL)
		err->errnum = w->errnum;
	return -1;
}

/*
 * Make room in *p (an array of *cap items of size bytes, used of them
 * in use) for need more, doubling from first.  Returns 0, or -1 when
 * out of memory or the size would overflow (*p untouched).
 */
static int
grow(void *p, size_t *cap, size_t used, size_t need, size_t first,
    size_t size)
{
	void	*nb;
	size_t	 ncap;

	if (*cap - used >= need)
		return 0;
	ncap = *cap == 0 ? first : *cap;
	while (ncap - used < need) {
		if (ncap > SIZE_MAX / 2)
			return -1;
		ncap *= 2;
	}
	if ((nb = sales_reallocarray(*(void **)p, ncap, size)) == NULL)
		return -1;
	*(void **)p = nb;
	*cap = ncap;
	return 0;
}

static int
sink_put(struct sink *k, const char *s, size_t n)
{
	if (n == 0)
		return 0;
	if (k->fp != NULL)
		return fwrite_unlocked(s, 1, n, k->fp) == n ? 0 : -1;
	if (grow(&k->buf, &k->cap, k->len, n, 64, 1) == -1)
		return -1;
	memcpy(k->buf + k->len, s, n);
	k->len += n;
	return 0;
}

static int
put(struct sales_writer *w, const char *s, size_t n)
{
	return n == 0 || fwrite_unlocked(s, 1, n, w->fp) == n ? 0 : -1;
}

static int
putch(struct sales_writer *w, int c)
{
	return putc_unlocked(c, w->fp) == EOF ? -1 : 0;
}

static int
putrep(struct sales_writer *w, int c, size_t n)
{
	while (n-- > 0)
		if (putc_unlocked(c, w->fp) == EOF)
			return -1;
	return 0;
}

/*
 * The length of the well-formed UTF-8 sequence at s (n bytes
 * available, s[0] >= 0x80), or 0 when the bytes are not one (Unicode
 * 15.0, table 3-7: no overlong forms, no surrogates, nothing above
 * U+10FFFF).
 */
static size_t
utf8_seq(const unsigned char *s, size_t n)
{
	unsigned char	 lo = 0x80, hi = 0xbf;
	size_t		 k, i;

	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		k = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		k = 3;
		if (s[0] == 0xe0)
			lo = 0xa0;
		else if (s[0] == 0xed)
			hi = 0x9f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		k = 4;
		if (s[0] == 0xf0)
			lo = 0x90;
		else if (s[0] == 0xf4)
			hi = 0x8f;
	} else
		return 0;
	if (n < k || s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < k; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return k;
}

static int
isdigitc(int c)
{
	return c >= '0' && c <= '9';
}

int
sales_plain_number(const char *s, size_t len)
{
	size_t	 i = 0, nd = 0;

	if (i < len && (s[i] == '+' || s[i] == '-'))
		i++;
	for (; i < len && isdigitc(s[i]); i++)
		nd++;
	if (i < len && s[i] == '.')
		for (i++; i < len && isdigitc(s[i]); i++)
			nd++;
	if (nd == 0)
		return 0;
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < len && (s[i] == '+' || s[i] == '-'))
			i++;
		if (i == len || !isdigitc(s[i]))
			return 0;
		while (i < len && isdigitc(s[i]))
			i++;
	}
	return i == len;
}

/* A JSON number exactly as written (RFC 8259, section 6). */
static int
json_number(const char *s, size_t len)
{
	size_t	 i = 0;

	if (i < len && s[i] == '-')
		i++;
	if (i == len)
		return 0;
	if (s[i] == '0')
		i++;
	else if (s[i] >= '1' && s[i] <= '9')
		while (i < len && isdigitc(s[i]))
			i++;
	else
		return 0;
	if (i < len && s[i] == '.') {
		if (++i == len || !isdigitc(s[i]))
			return 0;
		while (i < len && isdigitc(s[i]))
			i++;
	}
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < len && (s[i] == '+' || s[i] == '-'))
			i++;
		if (i == len || !isdigitc(s[i]))
			return 0;
		while (i < len && isdigitc(s[i]))
			i++;
	}
	return i == len;
}

int
sales_excel_unsafe(const char *s, size_t len)
{
	if (len == 0)
		return 0;
	switch (s[0]) {
	case '=':
	case '+':
	case '-':
	case '@':
	case '\t':
	case '\r':
		return !sales_plain_number(s, len);
	default:
		return 0;
	}
}

static int
excel_prefix(const struct sales_writer *w, const char *s, size_t len)
{
	return (w->flags & SALES_W_EXCEL_SAFE) && sales_excel_unsafe(s, len);
}

/*
 * CSV: quotes only when the field holds the delimiter, a quote, CR or
 * LF, or begins or ends with a space; quotes inside are doubled.  The
 * only field of a row, when empty, is written "" so that the row is not
 * a blank line.
 */
static int
csv_field(struct sales_writer *w, const char *s, size_t len, int alone)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 i, run;
	int			 pre = excel_prefix(w, s, len), quote = 0;

	if (len == 0)
		return alone ? put(w, "\"\"", 2) : 0;
	/* The prefix is a quote of its own when ' is the delimiter. */
	if ((u[0] == ' ' && !pre) || u[len - 1] == ' ' ||
	    (pre && w->delim == '\''))
		quote = 1;
	else
		for (i = 0; i < len; i++)
			if (w->special[u[i]] & SP_QUOTE) {
				quote = 1;
				break;
			}
	if (!quote)
		return (pre && putch(w, '\'') == -1) ? -1 : put(w, s, len);
	if (putch(w, '"') == -1 || (pre && putch(w, '\'') == -1))
		return -1;
	for (i = run = 0; i < len; i++) {
		if (u[i] != '"')
			continue;
		/* Write up to and with the quote, which is then repeated. */
		if (put(w, s + run, i + 1 - run) == -1)
			return -1;
		run = i;
	}
	if (put(w, s + run, len - run) == -1)
		return -1;
	return putch(w, '"');
}

/* TSV: \t \n \r and \\ as two-byte escapes (linear TSV). */
static int
tsv_field(struct sales_writer *w, const char *s, size_t len)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 i, run;
	char			 esc[2] = { '\\', 0 };

	if (excel_prefix(w, s, len) && putch(w, '\'') == -1)
		return -1;
	for (i = run = 0; i < len; i++) {
		if (!(w->special[u[i]] & SP_ESCAPE))
			continue;
		switch (u[i]) {
		case '\t':
			esc[1] = 't';
			break;
		case '\n':
			esc[1] = 'n';
			break;
		case '\r':
			esc[1] = 'r';
			break;
		default:
			esc[1] = '\\';
			break;
		}
		if (put(w, s + run, i - run) == -1 || put(w, esc, 2) == -1)
			return -1;
		run = i + 1;
	}
	return put(w, s + run, len - run);
}

/*
 * A JSON string: '"', '\\' and the control bytes escaped (\b \f \n \r
 * \t, else \u00XX), well-formed UTF-8 as it is, and each byte that is
 * not part of well-formed UTF-8 as \u00XX of its value (the byte read
 * as Latin-1).
 */
static int
json_string(const struct sales_writer *w, struct sink *k, const char *s,
    size_t len)
{
	static const char	 hex[] = "0123456789abcdef";
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 i, run, q;
	char			 esc[6];
	size_t			 elen;

	if (sink_put(k, "\"", 1) == -1)
		return -1;
	for (i = run = 0; i < len; ) {
		if (!w->special[u[i]]) {
			i++;
			continue;
		}
		if (u[i] >= 0x80 && (q = utf8_seq(u + i, len - i)) > 0) {
			i += q;
			continue;
		}
		esc[0] = '\\';
		elen = 2;
		switch (u[i]) {
		case '"':
		case '\\':
			esc[1] = (char)u[i];
			break;
		case '\b':
			esc[1] = 'b';
			break;
		case '\f':
			esc[1] = 'f';
			break;
		case '\n':
			esc[1] = 'n';
			break;
		case '\r':
			esc[1] = 'r';
			break;
		case '\t':
			esc[1] = 't';
			break;
		default:
			memcpy(esc + 1, "u00", 3);
			esc[4] = hex[u[i] >> 4];
			esc[5] = hex[u[i] & 0xf];
			elen = 6;
			break;
		}
		if (sink_put(k, s + run, i - run) == -1 ||
		    sink_put(k, esc, elen) == -1)
			return -1;
		run = ++i;
	}
	if (sink_put(k, s + run, len - run) == -1)
		return -1;
	return sink_put(k, "\"", 1);
}

/*
 * A cell as pretty (md 0) or Markdown (md 1) shows it: written when
 * write is set, measured in code points either way.  Pretty writes
 * \t \n \r for those bytes, \xHH for other control bytes and for bytes
 * that are not well-formed UTF-8, so that a terminal gets neither
 * control sequences nor broken characters, and \\ for a backslash, so
 * that the text "\x00" and a NUL byte look different.  Markdown escapes '|' and
 * '\\' with a backslash, writes a line break (CRLF, LF or CR) as <br>,
 * a tab as a space, other control bytes as \xHH and leaves the rest.
 * Returns the width, or -1 on a write error.
 */
static long
show(struct sales_writer *w, const char *s, size_t len, int md, int write)
{
	static const char	 hex[] = "0123456789abcdef";
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 i, q, run, elen;
	long			 width = 0;
	char			 esc[4];
	const char		*e;

	if (excel_prefix(w, s, len)) {
		if (write && putch(w, '\'') == -1)
			return -1;
		width++;
	}
	for (i = run = 0; i < len; ) {
		e = NULL;
		elen = 0;
		if (u[i] >= 0x80) {
			if ((q = utf8_seq(u + i, len - i)) > 0 || md) {
				i += q > 0 ? q : 1;
				width++;
				continue;
			}
		} else if (u[i] >= 0x20 && u[i] != 0x7f && u[i] != '\\' &&
		    !(md && u[i] == '|')) {
			i++;
			width++;
			continue;
		}
		/* u[i] needs an escape. */
		esc[0] = '\\';
		if (u[i] == '\\' || (md && u[i] == '|')) {
			esc[1] = (char)u[i];
			elen = 2;
		} else if (md && (u[i] == '\r' || u[i] == '\n')) {
			e = "<br>";
			elen = 4;
		} else if (md && u[i] == '\t') {
			e = " ";
			elen = 1;
		} else if (!md && u[i] == '\t') {
			esc[1] = 't';
			elen = 2;
		} else if (!md && u[i] == '\n') {
			esc[1] = 'n';
			elen = 2;
		} else if (!md && u[i] == '\r') {
			esc[1] = 'r';
			elen = 2;
		} else {
			esc[1] = 'x';
			esc[2] = hex[u[i] >> 4];
			esc[3] = hex[u[i] & 0xf];
			elen = 4;
		}
		if (e == NULL)
			e = esc;
		if (write && (put(w, s + run, i - run) == -1 ||
		    put(w, e, elen) == -1))
			return -1;
		width += (long)elen;
		/* CRLF is one line break. */
		if (md && u[i] == '\r' && i + 1 < len && u[i + 1] == '\n')
			i++;
		run = ++i;
	}
	if (write && put(w, s + run, len - run) == -1)
		return -1;
	return width;
}

int
sales_writer_open(struct sales_writer **wp, FILE *fp, int format,
    int delim, int flags, struct sales_err *err)
{
	struct sales_writer	*w;
	int			 c;

	*wp = NULL;
	if (format < SALES_FMT_CSV || format > SALES_FMT_MARKDOWN)
		return sales_err_set(err, SALES_EUSAGE,
		    "cannot write format '%s'",
		    format == SALES_FMT_HTML ? fmtnames[format] : "unknown");
	if (delim == 0)
		delim = ',';
	if (format == SALES_FMT_CSV && (delim < 0 || delim > 255 ||
	    delim == '"' || delim == '\r' || delim == '\n'))
		return sales_err_set(err, SALES_EUSAGE,
		    "invalid CSV delimiter (byte %d)", delim);
	if ((w = sales_calloc(1, sizeof(*w))) == NULL)
		return enomem(err);
	w->fp = fp;
	w->format = format;
	w->delim = delim;
	w->flags = flags;
	switch (format) {
	case SALES_FMT_CSV:
		w->special[(unsigned char)delim] = SP_QUOTE;
		w->special['"'] = SP_QUOTE;
		w->special['\r'] = SP_QUOTE;
		w->special['\n'] = SP_QUOTE;
		break;
	case SALES_FMT_TSV:
		w->special['\t'] = SP_ESCAPE;
		w->special['\n'] = SP_ESCAPE;
		w->special['\r'] = SP_ESCAPE;
		w->special['\\'] = SP_ESCAPE;
		break;
	case SALES_FMT_JSON:
		for (c = 0; c < 0x20; c++)
			w->special[c] = SP_ESCAPE;
		w->special['"'] = SP_ESCAPE;
		w->special['\\'] = SP_ESCAPE;
		for (c = 0x80; c < 0x100; c++)
			w->special[c] = SP_UTF8;
		break;
	}
	*wp = w;
	return 0;
}

/* Copy the header names into one buffer (pretty, markdown). */
static int
copy_names(struct sales_writer *w, const struct sales_field *names,
    size_t n)
{
	size_t	 i, total = 0, off = 0;

	for (i = 0; i < n; i++) {
		if (names[i].len + 1 > SIZE_MAX - total)
			return -1;
		total += names[i].len + 1;
	}
	if ((w->names = sales_reallocarray(NULL, n, sizeof(*w->names))) ==
	    NULL || (w->namebuf = sales_malloc(total)) == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		if (names[i].len > 0)
			memcpy(w->namebuf + off, names[i].s, names[i].len);
		w->namebuf[off + names[i].len] = '\0';
		w->names[i].s = w->namebuf + off;
		w->names[i].len = names[i].len;
		off += names[i].len + 1;
	}
	return 0;
}

/* Render "\"name\":" for every column into one buffer (JSON). */
static int
render_keys(struct sales_writer *w, const struct sales_field *names,
    size_t n)
{
	struct sink	 k = { NULL, NULL, 0, 0 };
	size_t		*ends, i, start;

	if ((ends = sales_reallocarray(NULL, n, sizeof(*ends))) == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		if (json_string(w, &k, names[i].s, names[i].len) == -1 ||
		    sink_put(&k, ":", 1) == -1) {
			sales_free(ends);
			sales_free(k.buf);
			return -1;
		}
		ends[i] = k.len;
	}
	if ((w->jkeys = sales_reallocarray(NULL, n, sizeof(*w->jkeys))) ==
	    NULL) {
		sales_free(ends);
		sales_free(k.buf);
		return -1;
	}
	w->jkeybuf = k.buf;
	for (i = 0, start = 0; i < n; start = ends[i++]) {
		w->jkeys[i].s = k.buf + start;
		w->jkeys[i].len = ends[i] - start;
	}
	sales_free(ends);
	return 0;
}

/*
 * Before the first line of a CSV or TSV table: when its first field
 * starts with bytes a reader takes for a byte-order mark (FF FE, FE FF,
 * EF BB BF), which it can hold when the input had them after a blank
 * line, write a blank line first, as the input had, so that the table
 * reads back as it was written, never as UTF-16 or without its bytes.
 */
static int
first_line(struct sales_writer *w, const struct sales_field *f, size_t n)
{
	const unsigned char	*b;

	if (w->started)
		return 0;
	w->started = 1;
	if (n == 0 || f[0].len < 2)
		return 0;
	b = (const unsigned char *)f[0].s;
	if ((b[0] == 0xff && b[1] == 0xfe) || (b[0] == 0xfe && b[1] == 0xff) ||
	    (f[0].len >= 3 && b[0] == 0xef && b[1] == 0xbb && b[2] == 0xbf))
		return putch(w, '\n');
	return 0;
}

/*
 * Is the row of n fields, built in b (len bytes, at least 15 readable
 * after them), clean: exactly n - 1 bytes delim (the separators put in)
 * and none of x, y, z?  With SSE2, 16 bytes at a time (the matches of
 * a compare are 0xff bytes, summed with _mm_sad_epu8); else byte by
 * byte.
 */
static int
row_clean(const char *b, size_t len, size_t n, int delim, int x, int y,
    int z)
{
	size_t		 i, count = 0;
	int		 other = 0;
#if defined(__SSE2__) && !defined(SALES_NO_SSE2)
	const __m128i	 vd = _mm_set1_epi8((char)delim);
	const __m128i	 vx = _mm_set1_epi8((char)x);
	const __m128i	 vy = _mm_set1_epi8((char)y);
	const __m128i	 vz = _mm_set1_epi8((char)z);
	const __m128i	 one = _mm_set1_epi8(1);
	__m128i		 v, d, o, sum = _mm_setzero_si128(), keep;
	unsigned char	 mask[32] = { 0 };

	memset(mask, 0xff, 16);
	for (i = 0; i < len; i += 16) {
		v = _mm_loadu_si128((const __m128i *)(const void *)(b + i));
		d = _mm_cmpeq_epi8(v, vd);
		o = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, vx),
		    _mm_cmpeq_epi8(v, vy)), _mm_cmpeq_epi8(v, vz));
		if (len - i < 16) {
			/* The bytes past len: mask[16 - (len - i) ..]. */
			keep = _mm_loadu_si128((const __m128i *)(const void *)
			    (mask + 16 - (len - i)));
			d = _mm_and_si128(d, keep);
			o = _mm_and_si128(o, keep);
		}
		other |= _mm_movemask_epi8(o);
		sum = _mm_add_epi64(sum, _mm_sad_epu8(_mm_and_si128(d, one),
		    _mm_setzero_si128()));
	}
	count = (size_t)_mm_cvtsi128_si64(sum) +
	    (size_t)_mm_cvtsi128_si64(_mm_unpackhi_epi64(sum, sum));
#else
	for (i = 0; i < len; i++) {
		count += b[i] == (char)delim;
		other |= b[i] == (char)x || b[i] == (char)y || b[i] == (char)z;
	}
#endif
	return !other && count == n - 1;
}

/*
 * The common CSV (csv set) or TSV row, in which no field needs quotes
 * or an escape (a delimiter, or one of x, y, z: the other bytes marked
 * in w->special; for CSV a space at either end) or Excel's prefix: built whole in w->row, checked in one
 * pass, and written in one call.  Returns 0 or -1 as put() does, or 1
 * when the row is not such a row (nothing written) or no memory is
 * left for it.
 */
static int
plain_row(struct sales_writer *w, const struct sales_field *f, size_t n,
    int csv, int delim, int x, int y, int z)
{
	size_t	 i, total = n + 16;	/* separators, '\n', slack */
	char	*p;

	if ((w->flags & SALES_W_EXCEL_SAFE) || n < 2)
		return 1;
	for (i = 0; i < n; i++) {
		/* CSV quotes a field that begins or ends with a space. */
		if (csv && f[i].len > 0 && (f[i].s[0] == ' ' ||
		    f[i].s[f[i].len - 1] == ' '))
			return 1;
		total += f[i].len;
	}
	if (grow(&w->row, &w->rowcap, 0, total, 256, 1) == -1)
		return 1;
	p = w->row;
	for (i = 0; i < n; i++) {
		if (i > 0)
			*p++ = (char)delim;
		memcpy(p, f[i].s, f[i].len);
		p += f[i].len;
	}
	if (!row_clean(w->row, (size_t)(p - w->row), n, delim, x, y, z))
		return 1;
	*p++ = '\n';
	return put(w, w->row, (size_t)(p - w->row));
}

static int
csv_row(struct sales_writer *w, const struct sales_field *f, size_t n)
{
	size_t	 i;
	int	 rv;

	if (first_line(w, f, n) == -1)
		return -1;
	if ((rv = plain_row(w, f, n, 1, w->delim, '"', '\r', '\n')) != 1)
		return rv;
	for (i = 0; i < n; i++) {
		if (i > 0 && putch(w, w->delim) == -1)
			return -1;
		if (csv_field(w, f[i].s, f[i].len, n == 1) == -1)
			return -1;
	}
	return putch(w, '\n');
}

static int
tsv_row(struct sales_writer *w, const struct sales_field *f, size_t n)
{
	size_t	 i;
	int	 rv;

	if (first_line(w, f, n) == -1)
		return -1;
	if ((rv = plain_row(w, f, n, 0, '\t', '\\', '\r', '\n')) != 1)
		return rv;
	for (i = 0; i < n; i++) {
		if (i > 0 && putch(w, '\t') == -1)
			return -1;
		if (tsv_field(w, f[i].s, f[i].len) == -1)
			return -1;
	}
	return putch(w, '\n');
}

/*
 * One object; fields beyond the header are keyed by their 1-based
 * position ("6").
 */
static int
json_row(struct sales_writer *w, const struct sales_field *f, size_t n)
{
	struct sink	 k = { w->fp, NULL, 0, 0 };
	size_t		 i;
	int		 len;
	char		 key[32];

	if (putch(w, '{') == -1)
		return -1;
	for (i = 0; i < n; i++) {
		if (i > 0 && putch(w, ',') == -1)
			return -1;
		if (i < w->ncols) {
			if (put(w, w->jkeys[i].s, w->jkeys[i].len) == -1)
				return -1;
		} else {
			len = snprintf(key, sizeof(key), "\"%zu\":", i + 1);
			if (put(w, key, (size_t)len) == -1)
				return -1;
		}
		if (json_number(f[i].s, f[i].len)) {
			if (put(w, f[i].s, f[i].len) == -1)
				return -1;
		} else if (json_string(w, &k, f[i].s, f[i].len) == -1)
			return -1;
	}
	return put(w, "}\n", 2);
}

/* Keep a row for pretty and Markdown. */
static int
hold_row(struct sales_writer *w, const struct sales_field *f, size_t n)
{
	size_t		 i, total = 0;

	for (i = 0; i < n; i++) {
		if (f[i].len > SIZE_MAX - total)
			return -1;
		total += f[i].len;
	}
	if (grow(&w->buf, &w->bcap, w->blen, total, 4096, 1) == -1 ||
	    grow(&w->cells, &w->ccap, w->ncells, n, 64,
	    sizeof(*w->cells)) == -1 ||
	    grow(&w->rows, &w->rcap, w->nrows, 1, 64, sizeof(*w->rows)) == -1)
		return -1;
	w->rows[w->nrows].first = w->ncells;
	w->rows[w->nrows].n = n;
	w->nrows++;
	for (i = 0; i < n; i++) {
		if (f[i].len > 0)
			memcpy(w->buf + w->blen, f[i].s, f[i].len);
		w->cells[w->ncells].off = w->blen;
		w->cells[w->ncells].len = f[i].len;
		w->ncells++;
		w->blen += f[i].len;
	}
	return 0;
}

int
sales_writer_header(struct sales_writer *w, const struct sales_field *names,
    size_t n, struct sales_err *err)
{
	if (w->has_header || w->nrows > 0)
		return sales_err_set(err, SALES_EUSAGE,
		    "the header must be written first and once");
	w->has_header = 1;
	w->ncols = n;
	switch (w->format) {
	case SALES_FMT_CSV:
		if (csv_row(w, names, n) == -1)
			return wfail(w, err);
		break;
	case SALES_FMT_TSV:
		if (tsv_row(w, names, n) == -1)
			return wfail(w, err);
		break;
	case SALES_FMT_JSON:
		if (render_keys(w, names, n) == -1) {
			w->ncols = 0;
			return enomem(err);
		}
		break;
	default:
		if (copy_names(w, names, n) == -1) {
			w->ncols = 0;
			return enomem(err);
		}
		break;
	}
	return 0;
}

int
sales_writer_row(struct sales_writer *w, const struct sales_field *fields,
    size_t n, struct sales_err *err)
{
	int	 rv;

	if (w->errnum != 0)
		return wfail(w, err);
	switch (w->format) {
	case SALES_FMT_CSV:
		rv = csv_row(w, fields, n);
		break;
	case SALES_FMT_TSV:
		rv = tsv_row(w, fields, n);
		break;
	case SALES_FMT_JSON:
		rv = json_row(w, fields, n);
		break;
	default:
		if (hold_row(w, fields, n) == -1)
			return enomem(err);
		return 0;
	}
	return rv == -1 ? wfail(w, err) : 0;
}

/* The cell of held row r in column j; empty past the row's end. */
static struct sales_field
held(const struct sales_writer *w, size_t r, size_t j)
{
	struct sales_field	 f = { "", 0 };
	const struct hcell	*c;

	if (j < w->rows[r].n) {
		c = &w->cells[w->rows[r].first + j];
		/* No buffer yet when every cell so far is empty. */
		if (c->len > 0) {
			f.s = w->buf + c->off;
			f.len = c->len;
		}
	}
	return f;
}

/*
 * Pretty: two spaces between columns, numbers right-aligned (the header
 * of a column whose non-empty cells are all numbers too), a line of
 * dashes under the header, no spaces at the end of a line.
 */
static int
pretty_line(struct sales_writer *w, const struct sales_field *f,
    size_t maxcols, const size_t *width, const unsigned char *numcol,
    int header)
{
	size_t	 j, pending = 0, cw;
	int	 right;

	for (j = 0; j < maxcols; j++) {
		if (j > 0)
			pending += 2;
		cw = (size_t)show(w, f[j].s, f[j].len, 0, 0);
		right = header ? numcol[j] : sales_plain_number(f[j].s, f[j].len);
		if (right)
			pending += width[j] - cw;
		if (f[j].len > 0) {
			if (putrep(w, ' ', pending) == -1 ||
			    show(w, f[j].s, f[j].len, 0, 1) == -1)
				return -1;
			pending = 0;
		}
		if (!right)
			pending += width[j] - cw;
	}
	return putch(w, '\n');
}

/* Dashes under each column of the pretty header. */
static int
pretty_rule(struct sales_writer *w, size_t maxcols, const size_t *width)
{
	size_t	 j, pending = 0;

	for (j = 0; j < maxcols; j++) {
		if (j > 0)
			pending += 2;
		if (width[j] > 0) {
			if (putrep(w, ' ', pending) == -1 ||
			    putrep(w, '-', width[j]) == -1)
				return -1;
			pending = 0;
		}
	}
	return putch(w, '\n');
}

/*
 * Markdown: "| a | b |" rows padded to the column widths (at least 3),
 * "| --- | --: |" under the header, numeric columns right-aligned.
 */
static int
md_line(struct sales_writer *w, const struct sales_field *f, size_t maxcols,
    const size_t *width, const unsigned char *numcol)
{
	size_t	 j, cw;

	if (putch(w, '|') == -1)
		return -1;
	for (j = 0; j < maxcols; j++) {
		cw = (size_t)show(w, f[j].s, f[j].len, 1, 0);
		if (putch(w, ' ') == -1 ||
		    (numcol[j] && putrep(w, ' ', width[j] - cw) == -1) ||
		    show(w, f[j].s, f[j].len, 1, 1) == -1 ||
		    (!numcol[j] && putrep(w, ' ', width[j] - cw) == -1) ||
		    put(w, " |", 2) == -1)
			return -1;
	}
	return putch(w, '\n');
}

static int
md_rule(struct sales_writer *w, size_t maxcols, const size_t *width,
    const unsigned char *numcol)
{
	size_t	 j;

	if (putch(w, '|') == -1)
		return -1;
	for (j = 0; j < maxcols; j++)
		if (putch(w, ' ') == -1 ||
		    putrep(w, '-', width[j] - numcol[j]) == -1 ||
		    (numcol[j] && putch(w, ':') == -1) ||
		    put(w, " |", 2) == -1)
			return -1;
	return putch(w, '\n');
}

/* Write the held table; -1 on a write error, -2 when out of memory. */
static int
flush_held(struct sales_writer *w)
{
	struct sales_field	*line = NULL;
	size_t			*width = NULL, *nonempty = NULL, *nums = NULL;
	size_t			 maxcols = w->ncols, r, j, cw;
	unsigned char		*numcol = NULL;
	int			 md = w->format == SALES_FMT_MARKDOWN, rv = -2;

	for (r = 0; r < w->nrows; r++)
		if (w->rows[r].n > maxcols)
			maxcols = w->rows[r].n;
	if (maxcols == 0)
		return 0;	/* no columns: no table */
	if ((width = sales_calloc(maxcols, sizeof(*width))) == NULL ||
	    (nonempty = sales_calloc(maxcols, sizeof(*nonempty))) == NULL ||
	    (nums = sales_calloc(maxcols, sizeof(*nums))) == NULL ||
	    (numcol = sales_calloc(maxcols, 1)) == NULL ||
	    (line = sales_calloc(maxcols, sizeof(*line))) == NULL)
		goto out;
	for (j = 0; j < maxcols; j++) {
		width[j] = md ? 3 : 0;
		if (j < w->ncols) {
			cw = (size_t)show(w, w->names[j].s, w->names[j].len, md,
			    0);
			if (cw > width[j])
				width[j] = cw;
		}
	}
	for (r = 0; r < w->nrows; r++)
		for (j = 0; j < w->rows[r].n; j++) {
			line[0] = held(w, r, j);
			cw = (size_t)show(w, line[0].s, line[0].len, md, 0);
			if (cw > width[j])
				width[j] = cw;
			if (line[0].len > 0) {
				nonempty[j]++;
				nums[j] += sales_plain_number(line[0].s,
				    line[0].len);
			}
		}
	for (j = 0; j < maxcols; j++)
		numcol[j] = nonempty[j] > 0 && nums[j] == nonempty[j];

	rv = -1;
	if (w->has_header || md) {
		for (j = 0; j < maxcols; j++) {
			line[j].s = j < w->ncols ? w->names[j].s : "";
			line[j].len = j < w->ncols ? w->names[j].len : 0;
		}
		if (md) {
			if (md_line(w, line, maxcols, width, numcol) == -1 ||
			    md_rule(w, maxcols, width, numcol) == -1)
				goto out;
		} else {
			if (pretty_line(w, line, maxcols, width, numcol, 1) ==
			    -1 || pretty_rule(w, maxcols, width) == -1)
				goto out;
		}
	}
	for (r = 0; r < w->nrows; r++) {
		for (j = 0; j < maxcols; j++)
			line[j] = held(w, r, j);
		if ((md ? md_line(w, line, maxcols, width, numcol) :
		    pretty_line(w, line, maxcols, width, numcol, 0)) == -1)
			goto out;
	}
	rv = 0;
out:
	sales_free(line);
	sales_free(numcol);
	sales_free(nums);
	sales_free(nonempty);
	sales_free(width);
	return rv;
}

int
sales_writer_close(struct sales_writer *w, struct sales_err *err)
{
	int	 rv = 0;

	if (w == NULL)
		return 0;
	if (w->format == SALES_FMT_PRETTY || w->format == SALES_FMT_MARKDOWN) {
		rv = flush_held(w);
		if (rv == -1)
			wfail(w, err);
		else if (rv == -2)
			enomem(err);
	}
	sales_free(w->rows);
	sales_free(w->cells);
	sales_free(w->row);
	sales_free(w->buf);
	sales_free(w->jkeys);
	sales_free(w->jkeybuf);
	sales_free(w->names);
	sales_free(w->namebuf);
	sales_free(w);
	return rv == 0 ? 0 : -1;
}
