/*
 * table.c: reading CSV and TSV tables into records of field views.
 *
 * Every input file is a source with its own decoded block buffer.  Its
 * bytes come from fread(3) in large blocks; UTF-16 input (byte-order
 * mark FF FE or FE FF) goes through iconv(3) into the same buffer, and a
 * UTF-8 byte-order mark is skipped.
 *
 * CSV goes through libcsv (CSV_STRICT, CSV_STRICT_FINI, CSV_REPALL_NL).
 * Spaces are part of a field, as RFC 4180 says, so libcsv gets a space
 * function that matches nothing.  libcsv hands over each field once it
 * ends, and each complete record goes into a queue that
 * sales_reader_next() empties.  Between records, the whole lines before
 * the next quote are fed in one call (csv_bulk()): they hold no quoted
 * field, so each field is the bytes up to its delimiter, kept in the
 * block as a view (the delimiter becomes its NUL), and libcsv reports
 * every line end, which counts lines.  A line that holds a quote, and
 * those a quoted field runs on to, are fed one physical line at a time,
 * their fields copied into the source's record buffer: the line on
 * which a record starts is then the line being fed when the previous
 * record ended, which keeps line numbers exact through quoted line
 * breaks without scanning fields for them.
 *
 * TSV has its own path: a line is found with memchr(3), its tabs 64
 * bytes at a time (tab_bits(): SSE2, else 8-byte words), and it is
 * split in place (each tab and the line end become NUL bytes) with its
 * escapes decoded in place, so its fields are views into the block.
 */
#include <assert.h>
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <csv.h>
#if defined(__SSE2__) && !defined(SALES_NO_SSE2)
#include <emmintrin.h>
#endif

#include "libsales/mem.h"
#include "libsales/table.h"

#define BLOCK		(128 * 1024)	/* read size of the file being read */
#define PEEK		4096		/* read size while reading headers */
#define BULK		(16 * 1024)	/* most CSV bytes fed in one call */
/*
 * Zero bytes kept after the decoded input in the block: a NUL may end
 * the last line there, and the TSV path reads whole 64-byte chunks,
 * which may pass the end of a line by up to 63 bytes.
 */
#define SLACK		64
#define XLINE		(1024 * 1024)	/* longest line rewritten for ="..." */
#define MAX_FIELD	((size_t)64 * 1024 * 1024)

/* A complete CSV record in the queue: fields first .. first + n - 1. */
struct crec {
	size_t		 first;
	size_t		 n;
	unsigned long	 line;
	int		 eq;		/* a field may be Excel's ="..." */
};

struct src {
	struct sales_reader *r;
	char		*name;
	FILE		*fp;
	int		 own;		/* fp was opened here */
	int		 fmt;		/* SALES_FMT_CSV or SALES_FMT_TSV */
	int		 current;	/* records are being read from it */
	int		 eof;		/* no more decoded bytes will come */
	int		 done;		/* every record was handed out */
	size_t		 max_field;
	int		 peq;		/* a field parsed starts with '=' */
	int		 xeq;		/* so does one of the record out */

	/* Decoded input: bytes pos .. end - 1 of buf are unread. */
	char		*buf;
	size_t		 cap;
	size_t		 pos;
	size_t		 end;
	unsigned long	 line;		/* physical line of buf[pos] */
	int		 eol;		/* '\n', or '\r' for CR-only files */

	/* UTF-16: raw bytes waiting for iconv. */
	iconv_t		 cd;
	char		*raw;
	size_t		 rcap;
	size_t		 rlen;
	int		 reof;

	/* CSV. */
	struct csv_parser p;
	int		 pinit;
	char		*cb;		/* field bytes, each NUL-terminated */
	size_t		 cbcap;
	size_t		 cblen;
	struct sales_field *cf;		/* views into cb */
	size_t		 cfcap;
	size_t		 ncf;
	size_t		 pfirst;	/* first field of the open record */
	struct crec	*q;
	size_t		 qcap;
	size_t		 nq;
	size_t		 qi;		/* next record to hand out */
	unsigned long	 rstart;	/* line of the open record */
	int		 pending;	/* a record starts at the next line */
	int		 cberr;		/* error met in a callback */
	int		 defer;		/* ... to report after the queue */
	char		*xl;		/* a line rewritten for ="..." */
	size_t		 xlcap;
	char		*bcur;		/* next field of a bulk feed */
	size_t		 errcol;

	/* TSV. */
	int		 blankrow;	/* a blank line is a row: 1 column */
	struct sales_field *tf;
	size_t		 tfcap;
	size_t		 scan;		/* from pos: no line end before it */
	size_t		 fld;		/* from pos: start of the last field */
};

/* The text inside Excel's ="..." for one column of the record. */
struct xval {
	size_t		 col;
	size_t		 off;
	size_t		 len;
};

struct sales_reader {
	struct src	*srcs;
	size_t		 nsrc;
	size_t		 cur;
	int		 format;	/* requested: auto, CSV or TSV */
	int		 delim;
	int		 no_header;
	size_t		 max_field;
	struct sales_field *nulls;
	size_t		 nnulls;
	char		*nullbuf;

	char		*hbuf;		/* header names, NUL-terminated */
	struct sales_field *hdr;
	size_t		 ncols;

	struct xval	*xv;
	size_t		 xvcap;
	size_t		 nxv;
	char		*xbuf;
	size_t		 xcap;

	int		 failed;	/* a final error happened */
	struct sales_err ferr;
};

static const char empty[1] = "";

/*
 * Grow the array whose pointer is at pp (any object pointer type) to
 * hold at least n elements of size sz, doubling its capacity *capp.
 * On failure the array and *capp are unchanged.
 */
static int
grow(void *pp, size_t *capp, size_t n, size_t sz)
{
	void	*p;
	size_t	 cap = *capp;

	if (n <= cap)
		return 0;
	if (cap == 0)
		cap = 16;
	while (cap < n) {
		if (cap > (size_t)-1 / 2)
			return -1;
		cap *= 2;
	}
	memcpy(&p, pp, sizeof(p));
	if ((p = sales_reallocarray(p, cap, sz)) == NULL)
		return -1;
	memcpy(pp, &p, sizeof(p));
	*capp = cap;
	return 0;
}

static int
nomem(struct sales_err *err)
{
	return sales_err_set(err, SALES_ENOMEM, "out of memory");
}

/* The name of column col for messages, or NULL when it has none. */
static const char *
colname(const struct sales_reader *r, size_t col)
{
	return col < r->ncols ? r->hdr[col].s : NULL;
}

/* libcsv: spaces are data (RFC 4180 section 2.4). */
static int
csv_nospace(unsigned char c)
{
	return 0;
}

void
sales_table_opts_init(struct sales_table_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->format = SALES_FMT_AUTO;
	o->delim = ',';
	o->max_field = MAX_FIELD;
}

int
sales_format_parse(const char *name)
{
	static const struct {
		const char	*name;
		int		 fmt;
	} fmts[] = {
		{ "csv", SALES_FMT_CSV },
		{ "tsv", SALES_FMT_TSV },
		{ "json", SALES_FMT_JSON },
		{ "pretty", SALES_FMT_PRETTY },
		{ "markdown", SALES_FMT_MARKDOWN },
		{ "html", SALES_FMT_HTML }
	};
	size_t	 i;

	if (name == NULL)
		return -1;
	for (i = 0; i < sizeof(fmts) / sizeof(fmts[0]); i++)
		if (strcasecmp(name, fmts[i].name) == 0)
			return fmts[i].fmt;
	return -1;
}

/*
 * Reading bytes.
 */

/* Read up to n bytes of fp into dst; 0 with s->reof set at the end. */
static int
src_fread(struct src *s, char *dst, size_t n, size_t *got,
    struct sales_err *err)
{
	*got = fread(dst, 1, n, s->fp);
	if (*got == 0) {
		if (ferror(s->fp)) {
			if (errno == 0)
				errno = EIO;
			return sales_err_sys(err, SALES_EIO, s->name);
		}
		s->reof = 1;
	}
	return 0;
}

/* The line of the first byte not yet read into the buffer. */
static unsigned long
src_endline(const struct src *s)
{
	unsigned long	 line = s->line;
	const char	*p = s->buf + s->pos, *end = s->buf + s->end;

	while ((p = memchr(p, s->eol, end - p)) != NULL) {
		line++;
		p++;
	}
	return line;
}

/*
 * Decode UTF-16 from s->raw into at most room bytes at buf + end.  What
 * decodes before an invalid sequence is handed out first; the error
 * comes at the next call, at the line where it is.
 */
static int
src_decode(struct src *s, size_t room, struct sales_err *err)
{
	char	*in, *out, *start;
	size_t	 inl, outl, got;
	int	 e, need = s->rlen == 0;

	if (s->current && s->rcap < BLOCK) {
		if ((in = sales_realloc(s->raw, BLOCK)) == NULL)
			return nomem(err);
		s->raw = in;
		s->rcap = BLOCK;
	}
	start = out = s->buf + s->end;
	outl = room;
	for (;;) {
		if (need) {
			if (s->reof) {
				if (s->rlen > 0) {
					sales_err_set(err, SALES_EPARSE,
					    "truncated UTF-16 at the end of "
					    "input");
					return sales_err_where(err, s->name,
					    src_endline(s), NULL);
				}
				s->eof = 1;
				break;
			}
			if (src_fread(s, s->raw + s->rlen, s->rcap - s->rlen,
			    &got, err) == -1)
				return -1;
			s->rlen += got;
			need = 0;
			continue;
		}
		in = s->raw;
		inl = s->rlen;
		e = 0;
		if (iconv(s->cd, &in, &inl, &out, &outl) == (size_t)-1)
			e = errno;
		memmove(s->raw, in, inl);
		s->rlen = inl;
		if (e == EILSEQ && out == start) {
			sales_err_set(err, SALES_EPARSE, "invalid UTF-16");
			return sales_err_where(err, s->name, src_endline(s),
			    NULL);
		}
		if (e == E2BIG || (out > start && e != 0))
			break;
		need = 1;
		if (out > start && e == 0 && !s->reof)
			break;
	}
	s->end += out - start;
	return 0;
}

/*
 * Read more input after buf + end, first moving the unread bytes to the
 * front, and growing the buffer when they fill most of it.  Sets s->eof
 * when nothing more will come.
 */
static int
src_fill(struct src *s, struct sales_err *err)
{
	size_t	 want = s->current ? BLOCK : PEEK, cap, got, n;
	char	*p;
	int	 rv;

	if (s->eof)
		return 0;
	if (s->pos == s->end) {
		s->pos = s->end = 0;
	} else if (s->pos > 0) {
		memmove(s->buf, s->buf + s->pos, s->end - s->pos);
		s->end -= s->pos;
		s->pos = 0;
	}
	cap = s->cap < want ? want : s->cap;
	while (cap - s->end - SLACK < want / 2) {
		if (cap > (size_t)-1 / 2)
			return nomem(err);
		cap *= 2;
	}
	if (cap != s->cap) {
		if ((p = sales_realloc(s->buf, cap)) == NULL)
			return nomem(err);
		s->buf = p;
		s->cap = cap;
	}
	n = s->cap - s->end - SLACK;
	if (s->cd != (iconv_t)-1)
		rv = src_decode(s, n, err);
	else if ((rv = src_fread(s, s->buf + s->end, n, &got, err)) == 0) {
		s->end += got;
		if (s->reof)
			s->eof = 1;
	}
	memset(s->buf + s->end, 0, SLACK);
	return rv;
}

/*
 * First read of a source: drop a UTF-8 byte-order mark, or switch to
 * UTF-16 decoding on FF FE or FE FF.
 */
static int
src_start(struct src *s, struct sales_err *err)
{
	const unsigned char *b;
	const char	*from;
	size_t		 n;

	while (s->end - s->pos < 3 && !s->eof)
		if (src_fill(s, err) == -1)
			return -1;
	b = (const unsigned char *)s->buf + s->pos;
	n = s->end - s->pos;
	if (n >= 3 && b[0] == 0xef && b[1] == 0xbb && b[2] == 0xbf) {
		s->pos += 3;
		return 0;
	}
	if (n < 2 || !((b[0] == 0xff && b[1] == 0xfe) ||
	    (b[0] == 0xfe && b[1] == 0xff)))
		return 0;
	from = b[0] == 0xff ? "UTF-16LE" : "UTF-16BE";
	s->rcap = s->cap;
	if ((s->raw = sales_malloc(s->rcap)) == NULL)
		return nomem(err);
	if ((s->cd = iconv_open("UTF-8", from)) == (iconv_t)-1) {
		if (errno == ENOMEM)
			return nomem(err);
		sales_err_set(err, SALES_EIO, "cannot decode %s: %s", from,
		    strerror(errno));
		return sales_err_where(err, s->name, 0, NULL);
	}
	s->rlen = n - 2;
	memcpy(s->raw, b + 2, s->rlen);
	s->reof = s->eof;
	s->eof = 0;
	s->pos = s->end = 0;
	return 0;
}

/*
 * Lines end in LF (or CR LF), but in CR alone when the first line end
 * of the file is a CR not followed by LF and no LF follows in what was
 * read, as in old Mac exports.  (A CR inside quotes in a file with LF
 * line ends is not taken for one.)
 */
static int
src_eol(struct src *s, struct sales_err *err)
{
	size_t	 scan = 0, i;
	char	*b;

	s->eol = '\n';
	for (;;) {
		b = s->buf + s->pos;
		for (i = scan; i < s->end - s->pos; i++)
			if (b[i] == '\n' || b[i] == '\r')
				break;
		if (i + 1 < s->end - s->pos || (i + 1 == s->end - s->pos &&
		    s->eof)) {
			if (b[i] == '\r' && (i + 1 == s->end - s->pos ||
			    b[i + 1] != '\n') &&
			    memchr(b + i, '\n', s->end - s->pos - i) == NULL)
				s->eol = '\r';
			return 0;
		}
		if (s->eof || s->end - s->pos > s->max_field)
			return 0;
		scan = i;
		if (src_fill(s, err) == -1)
			return -1;
	}
}

/* Does name end in suffix, ignoring case? */
static int
has_suffix(const char *name, const char *suffix)
{
	size_t	 n = strlen(name), k = strlen(suffix);

	return n > k && strcasecmp(name + n - k, suffix) == 0;
}

/*
 * Choose the format of s from what its first line that is not blank
 * holds: a file named *.tsv or *.tab is TSV and one named *.csv is CSV,
 * unless that line holds only the other format's separator (so that
 * "sm-quota ... > quotas.tsv" written as CSV still reads); any other
 * name is TSV when that line holds a tab.  The requested format
 * (--from) always wins.  The bytes looked at stay in the buffer.
 */
static int
src_detect(struct src *s, struct sales_err *err)
{
	struct sales_reader *r = s->r;
	size_t		 off = 0, scan = 0, len;
	char		*b, *nl;
	int		 byname = 0, tab, delim;

	if (r->format == SALES_FMT_CSV || r->format == SALES_FMT_TSV) {
		s->fmt = r->format;
		return 0;
	}
	if (has_suffix(s->name, ".tsv") || has_suffix(s->name, ".tab"))
		byname = SALES_FMT_TSV;
	else if (has_suffix(s->name, ".csv"))
		byname = SALES_FMT_CSV;
	s->fmt = byname ? byname : SALES_FMT_CSV;
	for (;;) {
		b = s->buf + s->pos;
		nl = memchr(b + scan, s->eol, s->end - s->pos - scan);
		if (nl == NULL) {
			if (s->eof || s->end - s->pos > r->max_field) {
				nl = s->buf + s->end;
				break;
			}
			scan = s->end - s->pos;
			if (src_fill(s, err) == -1)
				return -1;
			continue;
		}
		if (nl - b - off > 1 || (nl - b - off == 1 && b[off] != '\r'))
			break;
		off = scan = nl - b + 1;
	}
	len = (size_t)(nl - b) - off;
	tab = memchr(b + off, '\t', len) != NULL;
	delim = memchr(b + off, r->delim, len) != NULL;
	if (byname == SALES_FMT_TSV && !tab && delim)
		s->fmt = SALES_FMT_CSV;
	else if (byname == SALES_FMT_CSV && tab && !delim)
		s->fmt = SALES_FMT_TSV;
	else if (byname == 0 && tab)
		s->fmt = SALES_FMT_TSV;
	return 0;
}

/*
 * CSV.
 */

/* Grow the CSV field buffer to hold n bytes, moving the views. */
static int
csv_grow(struct src *s, size_t n)
{
	char	*nb;
	size_t	 cap = s->cbcap == 0 ? 4096 : s->cbcap, i;

	while (cap < n) {
		if (cap > (size_t)-1 / 2)
			return -1;
		cap *= 2;
	}
	if ((nb = sales_malloc(cap)) == NULL)
		return -1;
	if (s->cblen > 0)
		memcpy(nb, s->cb, s->cblen);
	for (i = 0; i < s->ncf; i++)
		s->cf[i].s = nb + (s->cf[i].s - s->cb);
	sales_free(s->cb);
	s->cb = nb;
	s->cbcap = cap;
	return 0;
}

/*
 * Room for a field of len bytes, or a callback error in s->cberr: the
 * slow path of csv_on_field(), kept out of line so that the fast path
 * saves no registers.
 */
static int __attribute__((noinline))
csv_room(struct src *s, size_t len)
{
	if (s->cberr)
		return -1;
	if (len > s->max_field) {
		s->cberr = SALES_ELIMIT;
		s->errcol = s->ncf - s->pfirst;
		return -1;
	}
	if ((s->cblen + len >= s->cbcap &&
	    csv_grow(s, s->cblen + len + 1) == -1) ||
	    (s->ncf == s->cfcap &&
	    grow(&s->cf, &s->cfcap, s->ncf + 1, sizeof(*s->cf)) == -1)) {
		s->cberr = SALES_ENOMEM;
		return -1;
	}
	return 0;
}

static void
csv_on_field(void *data, size_t len, void *arg)
{
	struct src	*s = arg;
	struct sales_field *f;
	char		*d;
	size_t		 at = s->cblen;

	if ((at + len >= s->cbcap || s->ncf == s->cfcap ||
	    len > s->max_field || s->cberr) && csv_room(s, len) == -1)
		return;
	d = s->cb + at;
	memcpy(d, data, len);
	d[len] = '\0';
	s->peq |= len >= 3 && *(const char *)data == '=';
	f = &s->cf[s->ncf++];
	f->s = d;
	f->len = len;
	s->cblen = at + len + 1;
}

static void
csv_on_record(int c, void *arg)
{
	struct src	*s = arg;

	if (s->cberr)
		return;
	if (s->ncf > s->pfirst) {
		if (s->nq == s->qcap &&
		    grow(&s->q, &s->qcap, s->nq + 1, sizeof(*s->q)) == -1) {
			s->cberr = SALES_ENOMEM;
			return;
		}
		s->q[s->nq].first = s->pfirst;
		s->q[s->nq].n = s->ncf - s->pfirst;
		s->q[s->nq].line = s->rstart;
		s->q[s->nq].eq = s->peq;
		s->nq++;
		s->peq = 0;
		s->pfirst = s->ncf;
	}
	/*
	 * A line feed ends the line being fed: the next record starts on
	 * the next one.  After a carriage return the next record, if any,
	 * starts on this line.
	 */
	if (c == s->eol)
		s->pending = 1;
	else
		s->rstart = s->line;
}

/*
 * The callbacks of a bulk feed (csv_bulk()).  Its bytes hold no quote,
 * so each field is the very bytes of the input up to its delimiter or
 * line end: the view points into the block, at s->bcur, and the byte
 * after it, which libcsv has read already, becomes its NUL.  No line
 * break is inside a field, and libcsv reports every line end
 * (CSV_REPALL_NL), so the callbacks count lines.  Room for the views
 * and records was reserved.
 */
static void
csv_on_field_bulk(void *data, size_t len, void *arg)
{
	struct src	*s = arg;
	struct sales_field *f;
	char		*d = s->bcur;

	s->bcur = d + len + 1;
	if (len > s->max_field) {
		if (!s->cberr) {
			s->cberr = SALES_ELIMIT;
			s->errcol = s->ncf - s->pfirst;
		}
		return;
	}
	d[len] = '\0';
	f = &s->cf[s->ncf++];
	f->s = d;
	f->len = len;
}

/* csv_on_field_bulk() when no field of the feed can pass max_field. */
static void
csv_on_field_short(void *data, size_t len, void *arg)
{
	struct src	*s = arg;
	struct sales_field *f = &s->cf[s->ncf++];
	char		*d = s->bcur;

	s->bcur = d + len + 1;
	d[len] = '\0';
	f->s = d;
	f->len = len;
}

static void
csv_on_record_bulk(int c, void *arg)
{
	struct src	*s = arg;
	struct crec	*q;

	if (s->cberr)
		return;
	if (s->ncf > s->pfirst) {
		q = &s->q[s->nq++];
		q->first = s->pfirst;
		q->n = s->ncf - s->pfirst;
		q->line = s->rstart;
		q->eq = 0;	/* ="..." needs quotes */
		s->pfirst = s->ncf;
	} else
		s->bcur++;	/* a line end after no field */
	if (c == s->eol)
		s->line++;
	s->rstart = s->line;
}

/* Drop the handed-out records; keep the open one at the front. */
static void
csv_compact(struct src *s)
{
	size_t	 boff, i;

	boff = s->pfirst < s->ncf ? (size_t)(s->cf[s->pfirst].s - s->cb) :
	    s->cblen;
	if (boff > 0) {
		memmove(s->cb, s->cb + boff, s->cblen - boff);
		s->cblen -= boff;
	}
	for (i = s->pfirst; i < s->ncf; i++) {
		s->cf[i - s->pfirst].s = s->cf[i].s - boff;
		s->cf[i - s->pfirst].len = s->cf[i].len;
	}
	s->ncf -= s->pfirst;
	s->pfirst = 0;
	s->nq = s->qi = 0;
}

/*
 * The field that a parse error stopped in, as the input wrote it, for
 * the message: what libcsv holds of it (its first 40 bytes, line breaks
 * shown as \n and \r), its quotes, and the byte it stopped at (bad, or
 * -1).  Into buf of size bytes.
 */
static void
parse_value(const struct src *s, int fini, int bad, char *buf, size_t size)
{
	const unsigned char *e = s->p.entry_buf;
	size_t		 i, n = 0, len = s->p.entry_pos;

	/*
	 * After the closing quote, libcsv keeps that quote (and spaces
	 * after it) at the end of the field, in case the field goes on.
	 */
	if (s->p.quoted && !fini && len >= s->p.spaces + 1)
		len -= s->p.spaces + 1;

#define PUT(c)	do { if (n + 1 < size) buf[n++] = (char)(c); } while (0)
	if (s->p.quoted || fini)
		PUT('"');
	for (i = 0; i < len && i < 40 && e != NULL; i++) {
		if (e[i] == '\n' || e[i] == '\r') {
			PUT('\\');
			PUT(e[i] == '\n' ? 'n' : 'r');
		} else {
			if (e[i] == '"' && s->p.quoted)
				PUT('"');	/* doubled, as written */
			PUT(e[i]);
		}
	}
	if (len > 40) {
		PUT('.');
		PUT('.');
		PUT('.');
	} else if (s->p.quoted && !fini)
		PUT('"');
	if (bad >= 0 && !fini)
		PUT(bad);
#undef PUT
	buf[n] = '\0';
}

/*
 * Turn an error met by libcsv or a callback into err; bad is the byte
 * libcsv stopped at, or -1.
 */
static int
csv_fail(struct src *s, int fini, int bad, struct sales_err *err)
{
	struct sales_reader *r = s->r;
	size_t		 col = s->ncf - s->pfirst;
	int		 code = s->cberr;
	char		 val[64];

	if (code == 0) {
		switch (csv_error(&s->p)) {
		case CSV_ENOMEM:
			code = SALES_ENOMEM;
			break;
		case CSV_ETOOBIG:
			code = SALES_ELIMIT;
			break;
		default:
			code = SALES_EPARSE;
			break;
		}
	} else if (code == SALES_ELIMIT)
		col = s->errcol;
	switch (code) {
	case SALES_ENOMEM:
		nomem(err);
		return sales_err_where(err, s->name, 0, NULL);
	case SALES_ELIMIT:
		if (colname(r, col) != NULL)
			sales_err_set(err, SALES_ELIMIT,
			    "field longer than %zu bytes", r->max_field);
		else
			sales_err_set(err, SALES_ELIMIT,
			    "field %zu longer than %zu bytes", col + 1,
			    r->max_field);
		break;
	default:
		parse_value(s, fini, bad, val, sizeof(val));
		if (fini)
			sales_err_set(err, SALES_EPARSE,
			    "unterminated quoted field: '%s'", val);
		else if (s->p.quoted)
			sales_err_set(err, SALES_EPARSE,
			    "unexpected text after the closing quote of a "
			    "field: '%s'", val);
		else
			sales_err_set(err, SALES_EPARSE,
			    "quote inside an unquoted field: '%s'", val);
		break;
	}
	return sales_err_where(err, s->name, s->rstart, colname(r, col));
}

/*
 * Between records, feed libcsv in one call all the whole lines of the
 * next BULK bytes at b (n are there) that come before the first quote:
 * such lines hold no quoted field, so their line ends are the only line
 * breaks and their fields are their bytes, left in the block; one call
 * saves a call, a memchr(3), a copy of each field and a queue pass per
 * line.  Room for every field and record such bytes can make (at most
 * one field and one record a byte) is reserved first, so that the
 * callbacks check nothing.  Returns 1 when it fed lines, 0 when there
 * is no whole line before a quote (the caller feeds one line), -1 with
 * err set.
 */
static int
csv_bulk(struct src *s, char *b, size_t n, struct sales_err *err)
{
	char	*q, *le;
	size_t	 bs;

	if (n > BULK)
		n = BULK;
	if ((q = memchr(b, '"', n)) != NULL)
		n = q - b;
	if (n == 0 || (le = memrchr(b, s->eol, n)) == NULL)
		return 0;
	n = le - b + 1;
	if ((s->ncf + n + 1 > s->cfcap &&
	    grow(&s->cf, &s->cfcap, s->ncf + n + 1, sizeof(*s->cf)) == -1) ||
	    (s->nq + n + 1 > s->qcap &&
	    grow(&s->q, &s->qcap, s->nq + n + 1, sizeof(*s->q)) == -1)) {
		nomem(err);
		return sales_err_where(err, s->name, 0, NULL);
	}
	if (s->pending) {
		s->rstart = s->line;
		s->pending = 0;
	}
	if ((bs = csv_get_buffer_size(&s->p)) > s->p.blk_size)
		csv_set_blk_size(&s->p, bs);
	s->bcur = b;
	if (csv_parse(&s->p, b, n, n <= s->max_field ? csv_on_field_short :
	    csv_on_field_bulk, csv_on_record_bulk, s) != n)
		return csv_fail(s, 0, -1, err);
	assert(s->cberr || s->bcur == b + n);
	/*
	 * A field over max_field stops the queue at its record: the
	 * records before it are handed out first (csv_next()).
	 */
	s->defer = s->cberr != 0;
	s->pos += n;
	/* The last line end was fed: the next record starts on a new line. */
	return 1;
}

/*
 * Excel's text cells written raw, ="00123", are not RFC 4180 (a quote
 * inside an unquoted field), and libcsv in strict mode refuses them.
 * Rewrite the n bytes of a whole line at b, each field that is exactly
 * = " text " (doubled quotes inside) becoming the quoted field
 * "=""text""", so that libcsv reads ="text" as Excel wrote it and
 * sales_reader_value() reads text.  Other fields are copied as they are,
 * errors and all.  Returns the new length in s->xl, or 0 when no field
 * needed it (or memory ran out: libcsv then reports the quote).
 */
static size_t
csv_excel_line(struct src *s, const char *b, size_t n)
{
	const char	*p = b, *end = b + n, *q;
	char		*o;
	int		 d = s->r->delim, changed = 0, ok;

	/* Every byte doubled, and 5 more a field: at most 7n + 8. */
	if (n > (SIZE_MAX - 8) / 7 || grow(&s->xl, &s->xlcap, 7 * n + 8, 1) ==
	    -1)
		return 0;
	o = s->xl;
#define UNTIL_END()	while (p < end && *p != d && *p != '\n' && *p != '\r') \
			    *o++ = *p++
	for (;;) {
		if (p < end && *p == '"') {
			*o++ = *p++;
			while (p < end) {
				if (*p == '"' && p + 1 < end && p[1] == '"') {
					*o++ = *p++;
					*o++ = *p++;
				} else if (*p == '"') {
					*o++ = *p++;
					break;
				} else
					*o++ = *p++;
			}
			UNTIL_END();
		} else if (end - p >= 2 && p[0] == '=' && p[1] == '"') {
			ok = 0;
			for (q = p + 2; q < end && *q != '\n' && *q != '\r';
			    q++) {
				if (*q != '"')
					continue;
				if (q + 1 < end && q[1] == '"') {
					q++;
					continue;
				}
				ok = q + 1 == end || q[1] == d || q[1] == '\r' ||
				    q[1] == '\n';
				break;
			}
			if (ok) {
				memcpy(o, "\"=\"\"", 4);
				o += 4;
				for (p += 2; p < q; p++) {
					if (*p == '"')
						*o++ = '"';
					*o++ = *p;
				}
				memcpy(o, "\"\"\"", 3);
				o += 3;
				p = q + 1;
				changed = 1;
			} else
				UNTIL_END();
		} else
			UNTIL_END();
		if (p < end && *p == d) {
			*o++ = *p++;
			continue;
		}
		while (p < end)
			*o++ = *p++;
		break;
	}
#undef UNTIL_END
	return changed ? (size_t)(o - s->xl) : 0;
}

/* Feed libcsv one more line, or the rest of the input at its end. */
static int
csv_feed(struct src *s, struct sales_err *err)
{
	char	*b, *nl, *fed;
	size_t	 n, bs, xn, fn, got;
	int	 start;

	if (s->pos == s->end) {
		if (!s->eof && src_fill(s, err) == -1)
			return -1;
		if (s->pos == s->end && s->eof) {
			if (s->pending) {
				s->rstart = s->line;
				s->pending = 0;
			}
			if (csv_fini(&s->p, csv_on_field, csv_on_record,
			    s) != 0 || s->cberr)
				return csv_fail(s, 1, -1, err);
			s->done = 1;
			return 0;
		}
	}
	b = s->buf + s->pos;
	n = s->end - s->pos;
	if (s->ncf == s->pfirst && s->p.entry_pos == 0 && !s->p.quoted) {
		switch (csv_bulk(s, b, n, err)) {
		case 1:
			return 0;
		case -1:
			return -1;
		}
	}
	if ((nl = memchr(b, s->eol, n)) != NULL)
		n = nl - b + 1;
	start = s->ncf == s->pfirst && s->p.entry_pos == 0 && !s->p.quoted;
	xn = 0;
	if (start && memmem(b, n, "=\"", 2) != NULL) {
		/*
		 * A line that may hold Excel's raw ="...": read all of
		 * it first (up to XLINE bytes), then rewrite it.
		 */
		if (nl == NULL && !s->eof && n < XLINE)
			return src_fill(s, err);
		xn = csv_excel_line(s, b, n);
	}
	if (s->pending) {
		s->rstart = s->line;
		s->pending = 0;
	}
	/* Grow libcsv's field buffer geometrically. */
	if ((bs = csv_get_buffer_size(&s->p)) > s->p.blk_size)
		csv_set_blk_size(&s->p, bs);
	fed = xn > 0 ? s->xl : b;
	fn = xn > 0 ? xn : n;
	if ((got = csv_parse(&s->p, fed, fn, csv_on_field, csv_on_record,
	    s)) != fn || s->cberr)
		return csv_fail(s, 0, got < fn ? (unsigned char)fed[got] : -1,
		    err);
	s->pos += n;
	if (nl != NULL)
		s->line++;
	if (s->p.entry_pos > s->r->max_field) {
		s->cberr = SALES_ELIMIT;
		s->errcol = s->ncf - s->pfirst;
		return csv_fail(s, 0, -1, err);
	}
	return 0;
}

/* The next CSV record of s: 1, 0 at its end, or -1. */
static int
csv_next(struct src *s, const struct sales_field **fp, size_t *np,
    unsigned long *linep, struct sales_err *err)
{
	struct crec	*q;

	while (s->qi == s->nq) {
		if (s->defer)
			return csv_fail(s, 0, -1, err);
		if (s->done)
			return 0;
		if (s->nq > 0)
			csv_compact(s);
		if (csv_feed(s, err) == -1)
			return -1;
	}
	q = &s->q[s->qi++];
	*fp = s->cf + q->first;
	*np = q->n;
	*linep = q->line;
	s->xeq = q->eq;
	return 1;
}

/*
 * TSV.
 */

/* Decode \t \n \r \\ in place; other backslashes stay.  New length. */
static size_t
tsv_unescape(char *f, size_t len)
{
	char	*rd, *wr, *end = f + len;

	if ((rd = memchr(f, '\\', len)) == NULL)
		return len;
	wr = rd;
	while (rd < end) {
		if (*rd == '\\' && rd + 1 < end) {
			switch (rd[1]) {
			case 't':
				*wr++ = '\t';
				rd += 2;
				continue;
			case 'n':
				*wr++ = '\n';
				rd += 2;
				continue;
			case 'r':
				*wr++ = '\r';
				rd += 2;
				continue;
			case '\\':
				*wr++ = '\\';
				rd += 2;
				continue;
			}
		}
		*wr++ = *rd++;
	}
	*wr = '\0';
	return wr - f;
}

static int
tsv_limit(struct src *s, size_t col, unsigned long ln, struct sales_err *err)
{
	struct sales_reader *r = s->r;

	if (colname(r, col) != NULL)
		sales_err_set(err, SALES_ELIMIT, "field longer than %zu bytes",
		    r->max_field);
	else
		sales_err_set(err, SALES_ELIMIT,
		    "field %zu longer than %zu bytes", col + 1, r->max_field);
	return sales_err_where(err, s->name, ln, colname(r, col));
}

/*
 * The tabs among the 64 bytes at p, which may pass the end of the line
 * (see SLACK): bit i of the result is set when p[i] is a tab.  *bs is
 * set when one of the bytes is a backslash, so that the line's fields
 * get their escapes decoded (a field with none is left as it is; a
 * backslash past the line costs only that check), and *eq when one is
 * '=', so that the record is checked for Excel's ="..." (note_excel()).
 * With SSE2, 16 bytes at a time; else 8 at a time in a 64-bit word
 * (Hacker's Delight, 6-1: ~((x & 0x7f..) + 0x7f.. | x | 0x7f..) marks
 * the zero bytes of x exactly, and a multiply gathers the marks).
 */
static inline uint64_t
tab_bits(const char *p, int *bs, int *eq)
{
	uint64_t	 tabs = 0, back = 0, eqs = 0;
	int		 i;
#if defined(__SSE2__) && !defined(SALES_NO_SSE2)
	const __m128i	 tab = _mm_set1_epi8('\t');
	const __m128i	 bsl = _mm_set1_epi8('\\');
	const __m128i	 equ = _mm_set1_epi8('=');
	__m128i		 v;

#pragma GCC unroll 4
	for (i = 0; i < 4; i++) {
		v = _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * i));
		tabs |= (uint64_t)(uint16_t)_mm_movemask_epi8(
		    _mm_cmpeq_epi8(v, tab)) << (16 * i);
		back |= (uint64_t)(uint16_t)_mm_movemask_epi8(
		    _mm_cmpeq_epi8(v, bsl));
		eqs |= (uint64_t)(uint16_t)_mm_movemask_epi8(
		    _mm_cmpeq_epi8(v, equ));
	}
#else
	const uint64_t	 lo7 = 0x7f7f7f7f7f7f7f7fULL;
	uint64_t	 x, t, b, e;

	for (i = 0; i < 8; i++) {
		memcpy(&x, p + 8 * i, sizeof(x));
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
		x = __builtin_bswap64(x);
#endif
		t = x ^ 0x0909090909090909ULL;
		b = x ^ 0x5c5c5c5c5c5c5c5cULL;
		e = x ^ 0x3d3d3d3d3d3d3d3dULL;
		t = ~(((t & lo7) + lo7) | t | lo7);
		back |= ~(((b & lo7) + lo7) | b | lo7);
		eqs |= ~(((e & lo7) + lo7) | e | lo7);
		/* High bit of byte k to bit k, then to bits 8i + k. */
		tabs |= (((t >> 7) * 0x0102040810204080ULL) >> 56) << (8 * i);
	}
#endif
	*bs |= back != 0;
	*eq |= eqs != 0;
	return tabs;
}

/*
 * The fields of a TSV line that holds a backslash (bs) or is longer
 * than max_field: decode each field's escapes in place and check its
 * decoded length.  Returns 0, or -1 with err set.
 */
static int
tsv_finish(struct src *s, size_t nf, int bs, unsigned long ln,
    struct sales_err *err)
{
	size_t	 k;

	for (k = 0; k < nf; k++) {
		if (bs)
			s->tf[k].len = tsv_unescape((char *)(uintptr_t)
			    s->tf[k].s, s->tf[k].len);
		if (s->tf[k].len > s->max_field)
			return tsv_limit(s, k, ln, err);
	}
	return 0;
}

/* The next TSV record of s: 1, 0 at its end, or -1. */
static int
tsv_next(struct src *s, const struct sales_field **fp, size_t *np,
    unsigned long *linep, struct sales_err *err)
{
	struct sales_field *tf;
	char		*ls, *le, *nl, *f, *t, *w;
	uint64_t	 m;
	size_t		 nf, n;
	unsigned long	 ln;
	int		 bs, eq;

	for (;;) {
		ls = s->buf + s->pos;
		n = s->end - s->pos;
		nl = memchr(ls + s->scan, s->eol, n - s->scan);
		if (nl == NULL) {
			if (!s->eof) {
				/* A field may not grow past max_field. */
				t = n > s->scan ? memrchr(ls + s->scan, '\t',
				    n - s->scan) : NULL;
				if (t != NULL)
					s->fld = t + 1 - ls;
				if (n - s->fld > s->max_field) {
					for (nf = 0, f = ls; f < ls + s->fld;
					    f++)
						nf += *f == '\t';
					return tsv_limit(s, nf, s->line, err);
				}
				s->scan = n;
				if (src_fill(s, err) == -1)
					return -1;
				continue;
			}
			if (n == 0) {
				s->done = 1;
				return 0;
			}
			nl = ls + n;		/* buf[end] is free */
		}
		s->pos += nl - ls + (nl < s->buf + s->end);
		s->scan = s->fld = 0;
		ln = s->line++;
		le = nl;
		if (le > ls && le[-1] == '\r' && s->eol == '\n')
			le--;
		if (le == ls && !s->blankrow)
			continue;		/* a blank line */
		*le = '\0';
		bs = eq = 0;
		nf = 0;
		f = ls;
		for (w = ls; w < le; w += 64) {
			m = tab_bits(w, &bs, &eq);
			if (le - w < 64)
				m &= ((uint64_t)1 << (le - w)) - 1;
			/* At most 64 fields end here, and one after. */
			if (nf + 65 > s->tfcap && grow(&s->tf, &s->tfcap,
			    nf + 65, sizeof(*s->tf)) == -1)
				return nomem(err);
			/* Locals: the NUL stores may alias, for the compiler. */
			tf = s->tf + nf;
			for (; m != 0; m &= m - 1) {
				t = w + __builtin_ctzll(m);
				*t = '\0';
				tf->s = f;
				tf->len = t - f;
				tf++;
				f = t + 1;
			}
			nf = tf - s->tf;
		}
		s->tf[nf].s = f;
		s->tf[nf++].len = le - f;
		/* Only a line longer than the limit can hold a longer field. */
		if ((bs || (size_t)(le - ls) > s->max_field) &&
		    tsv_finish(s, nf, bs, ln, err) == -1)
			return -1;
		*fp = s->tf;
		*np = nf;
		*linep = ln;
		s->xeq = eq;
		return 1;
	}
}

/*
 * Sources.
 */

/* The next record of s as read, blank lines skipped: 1, 0, or -1. */
static int
src_next(struct src *s, const struct sales_field **fp, size_t *np,
    unsigned long *linep, struct sales_err *err)
{
	if (s->done)
		return 0;
	if (s->fmt == SALES_FMT_TSV)
		return tsv_next(s, fp, np, linep, err);
	return csv_next(s, fp, np, linep, err);
}

/* Free what s holds for reading; its name stays for the records. */
static void
src_release(struct src *s)
{
	if (s->own && s->fp != NULL)
		fclose(s->fp);
	s->fp = NULL;
	if (s->cd != (iconv_t)-1)
		iconv_close(s->cd);
	s->cd = (iconv_t)-1;
	if (s->pinit)
		csv_free(&s->p);
	s->pinit = 0;
	sales_free(s->buf);
	sales_free(s->raw);
	sales_free(s->cb);
	sales_free(s->cf);
	sales_free(s->q);
	sales_free(s->tf);
	sales_free(s->xl);
	s->xl = NULL;
	s->xlcap = 0;
	s->buf = s->raw = s->cb = NULL;
	s->cf = NULL;
	s->q = NULL;
	s->tf = NULL;
	s->cap = s->rcap = s->cbcap = s->cfcap = s->qcap = s->tfcap = 0;
	s->pos = s->end = s->rlen = s->cblen = s->ncf = s->nq = s->qi = 0;
	s->done = 1;
}

/* Set up s for reading: byte-order mark, format and parser. */
static int
src_prepare(struct src *s, struct sales_err *err)
{
	struct sales_reader *r = s->r;

	if (src_start(s, err) == -1 || src_eol(s, err) == -1 ||
	    src_detect(s, err) == -1)
		return -1;
	if (s->fmt == SALES_FMT_CSV) {
		if (csv_init(&s->p, CSV_STRICT | CSV_STRICT_FINI |
		    CSV_REPALL_NL) != 0)
			return nomem(err);
		s->pinit = 1;
		csv_set_delim(&s->p, (unsigned char)r->delim);
		csv_set_space_func(&s->p, csv_nospace);
		csv_set_realloc_func(&s->p, sales_realloc);
		csv_set_free_func(&s->p, sales_free);
		csv_set_blk_size(&s->p, 4096);
	}
	return 0;
}

/*
 * Header.
 */

static const struct sales_field *dup_fields;	/* for cmp_names() */

/* Order column numbers by name (length, then bytes), then by number. */
static int
cmp_names(const void *a, const void *b)
{
	const struct sales_field	*x = &dup_fields[*(const size_t *)a];
	const struct sales_field	*y = &dup_fields[*(const size_t *)b];
	int				 c;

	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	if ((c = memcmp(x->s, y->s, x->len)) != 0)
		return c;
	return *(const size_t *)a < *(const size_t *)b ? -1 : 1;
}

/*
 * The first pair of equal names among n fields (the pair whose second
 * column comes first, as a reader scanning left to right meets it), as
 * a message in err.  Sorting keeps it O(n log n): a header of a million
 * columns is checked in a blink.
 */
static int
check_dups(const struct sales_field *f, size_t n, int code,
    struct sales_err *err)
{
	size_t	*ix, i, first = 0, second = SIZE_MAX;

	if (n < 2)
		return 0;
	if ((ix = sales_reallocarray(NULL, n, sizeof(*ix))) == NULL)
		return nomem(err);
	for (i = 0; i < n; i++)
		ix[i] = i;
	dup_fields = f;
	qsort(ix, n, sizeof(*ix), cmp_names);
	for (i = 1; i < n; i++)
		if (f[ix[i]].len == f[ix[i - 1]].len &&
		    memcmp(f[ix[i]].s, f[ix[i - 1]].s, f[ix[i]].len) == 0 &&
		    (i < 2 || f[ix[i - 2]].len != f[ix[i]].len ||
		    memcmp(f[ix[i - 2]].s, f[ix[i]].s, f[ix[i]].len) != 0) &&
		    ix[i] < second) {
			first = ix[i - 1];
			second = ix[i];
		}
	sales_free(ix);
	if (second == SIZE_MAX)
		return 0;
	return sales_err_set(err, code, "columns %zu and %zu are both named "
	    "'%s'", first + 1, second + 1, f[second].s);
}

/* Copy n names into the reader's header. */
static int
set_header(struct sales_reader *r, const struct sales_field *f, size_t n,
    struct sales_err *err)
{
	size_t	 i, total = 0, off = 0;

	for (i = 0; i < n; i++)
		total += f[i].len + 1;
	if ((r->hbuf = sales_malloc(total)) == NULL ||
	    (r->hdr = sales_reallocarray(NULL, n, sizeof(*r->hdr))) == NULL)
		return nomem(err);
	for (i = 0; i < n; i++) {
		memcpy(r->hbuf + off, f[i].s, f[i].len);
		r->hbuf[off + f[i].len] = '\0';
		r->hdr[i].s = r->hbuf + off;
		r->hdr[i].len = f[i].len;
		off += f[i].len + 1;
	}
	r->ncols = n;
	return 0;
}

/* The header from --columns "a,b,c". */
static int
columns_header(struct sales_reader *r, const char *cols,
    struct sales_err *err)
{
	struct sales_field *f = NULL;
	size_t		 n = 0, cap = 0;
	const char	*p, *c;
	int		 rv = -1;

	if (cols == NULL || *cols == '\0')
		return sales_err_set(err, SALES_EUSAGE,
		    "--no-header needs --columns");
	for (p = cols;; p = c + 1) {
		if ((c = strchr(p, ',')) == NULL)
			c = p + strlen(p);
		if (c == p) {
			sales_err_set(err, SALES_EUSAGE,
			    "--columns: empty column name in '%s'", cols);
			goto out;
		}
		if (n == cap && grow(&f, &cap, n + 1, sizeof(*f)) == -1) {
			nomem(err);
			goto out;
		}
		f[n].s = p;
		f[n].len = c - p;
		n++;
		if (*c == '\0')
			break;
	}
	if (set_header(r, f, n, err) == -1)
		goto out;
	if (check_dups(r->hdr, r->ncols, SALES_EUSAGE, err) == -1)
		goto out;
	rv = 0;
out:
	sales_free(f);
	return rv;
}

/* Read the header of s and set it, or check it against the first. */
static int
read_header(struct sales_reader *r, struct src *s, const struct src *first,
    struct sales_err *err)
{
	const struct sales_field *f;
	size_t		 n, i;
	unsigned long	 line;
	int		 rv;

	if ((rv = src_next(s, &f, &n, &line, err)) == -1)
		return -1;
	if (rv == 0) {
		sales_err_set(err, SALES_EHEADER, "no header row");
		return sales_err_where(err, s->name, 0, NULL);
	}
	/* Empty trailing names are dropped, as empty trailing fields are. */
	while (n > 0 && f[n - 1].len == 0)
		n--;
	if (n == 0) {
		sales_err_set(err, SALES_EHEADER, "header row has no names");
		return sales_err_where(err, s->name, line, NULL);
	}
	if (first == NULL) {
		if (check_dups(f, n, SALES_EHEADER, err) == -1)
			return sales_err_where(err, s->name, line, NULL);
		return set_header(r, f, n, err);
	}
	if (n != r->ncols) {
		sales_err_set(err, SALES_EHEADER, "header differs from that "
		    "of '%s': %zu columns, not %zu", first->name, n, r->ncols);
		return sales_err_where(err, s->name, line, NULL);
	}
	for (i = 0; i < n; i++)
		if (f[i].len != r->hdr[i].len ||
		    memcmp(f[i].s, r->hdr[i].s, f[i].len) != 0) {
			sales_err_set(err, SALES_EHEADER, "header differs "
			    "from that of '%s': column %zu is '%s', not '%s'",
			    first->name, i + 1, f[i].s, r->hdr[i].s);
			return sales_err_where(err, s->name, line, NULL);
		}
	return 0;
}

/*
 * The reader.
 */

static int
reader_new(struct sales_reader **rp, size_t nsrc,
    const struct sales_table_opts *o, struct sales_err *err)
{
	struct sales_reader *r;
	size_t		 i, total = 0, off = 0;

	*rp = NULL;
	if ((r = sales_calloc(1, sizeof(*r))) == NULL)
		return nomem(err);
	if ((r->srcs = sales_calloc(nsrc, sizeof(*r->srcs))) == NULL) {
		sales_free(r);
		return nomem(err);
	}
	r->nsrc = nsrc;
	for (i = 0; i < nsrc; i++) {
		r->srcs[i].r = r;
		r->srcs[i].cd = (iconv_t)-1;
		r->srcs[i].line = 1;
		r->srcs[i].eol = '\n';
		r->srcs[i].pending = 1;
		r->srcs[i].max_field = o->max_field != 0 ? o->max_field :
		    MAX_FIELD;
	}
	r->srcs[0].current = 1;
	*rp = r;
	r->format = o->format;
	r->delim = o->delim != 0 ? o->delim : ',';
	r->no_header = o->no_header;
	r->max_field = o->max_field != 0 ? o->max_field : MAX_FIELD;
	if (o->nnulls == 0)
		return 0;
	for (i = 0; i < o->nnulls; i++)
		total += strlen(o->nulls[i]) + 1;
	if ((r->nullbuf = sales_malloc(total)) == NULL ||
	    (r->nulls = sales_reallocarray(NULL, o->nnulls,
	    sizeof(*r->nulls))) == NULL)
		return nomem(err);
	for (i = 0; i < o->nnulls; i++) {
		r->nulls[i].len = strlen(o->nulls[i]);
		memcpy(r->nullbuf + off, o->nulls[i], r->nulls[i].len + 1);
		r->nulls[i].s = r->nullbuf + off;
		off += r->nulls[i].len + 1;
	}
	r->nnulls = o->nnulls;
	return 0;
}

static int
src_name(struct src *s, const char *name, struct sales_err *err)
{
	if ((s->name = sales_strndup(name, strlen(name))) == NULL)
		return nomem(err);
	return 0;
}

/* Prepare every source and read (or set) the header. */
static int
reader_start(struct sales_reader *r, const struct sales_table_opts *o,
    struct sales_err *err)
{
	size_t	 i;

	if (!r->no_header && o->columns != NULL)
		return sales_err_set(err, SALES_EUSAGE, "--columns needs "
		    "--no-header (a header row names the columns; -m maps "
		    "roles to them)");
	if (r->no_header && columns_header(r, o->columns, err) == -1)
		return -1;
	for (i = 0; i < r->nsrc; i++) {
		if (src_prepare(&r->srcs[i], err) == -1 ||
		    (!r->no_header && read_header(r, &r->srcs[i],
		    i > 0 ? &r->srcs[0] : NULL, err) == -1)) {
			if (err != NULL && err->file[0] == '\0')
				sales_err_where(err, r->srcs[i].name, 0, NULL);
			return -1;
		}
		/*
		 * Linear TSV writes a row of one empty field as a blank
		 * line: in a one-column table, after the header line, a
		 * blank line is that row.  (Without a header line, blank
		 * lines stay skipped: the writer may start a table with
		 * one, see writer.c first_line().)
		 */
		r->srcs[i].blankrow = !r->no_header && r->ncols == 1;
	}
	return 0;
}

int
sales_reader_open(struct sales_reader **rp, const char *const *paths,
    size_t npaths, const struct sales_table_opts *o, struct sales_err *err)
{
	struct sales_reader *r;
	struct src	*s;
	size_t		 i;
	const char	*path = npaths == 0 ? "-" : paths[0];

	*rp = NULL;
	if (reader_new(&r, npaths == 0 ? 1 : npaths, o, err) == -1)
		goto fail;
	for (i = 0; i < r->nsrc; i++) {
		s = &r->srcs[i];
		path = npaths == 0 ? "-" : paths[i];
		if (strcmp(path, "-") == 0) {
			if (src_name(s, "stdin", err) == -1)
				goto fail;
			s->fp = stdin;
			continue;
		}
		if (src_name(s, path, err) == -1)
			goto fail;
		if ((s->fp = fopen(path, "r")) == NULL) {
			sales_err_sys(err, SALES_EIO, path);
			goto fail;
		}
		s->own = 1;
	}
	if (reader_start(r, o, err) == -1)
		goto fail;
	*rp = r;
	return 0;
fail:
	if (err != NULL && err->file[0] == '\0' && err->code != SALES_EUSAGE)
		sales_err_where(err, strcmp(path, "-") == 0 ? "stdin" : path,
		    0, NULL);
	sales_reader_close(r);
	return -1;
}

int
sales_reader_fopen(struct sales_reader **rp, FILE *fp, const char *name,
    const struct sales_table_opts *o, struct sales_err *err)
{
	struct sales_reader *r;

	*rp = NULL;
	if (reader_new(&r, 1, o, err) == -1)
		goto fail;
	if (src_name(&r->srcs[0], name != NULL ? name : "stdin", err) == -1)
		goto fail;
	r->srcs[0].fp = fp;
	if (reader_start(r, o, err) == -1)
		goto fail;
	*rp = r;
	return 0;
fail:
	if (err != NULL && err->file[0] == '\0' && err->code != SALES_EUSAGE)
		sales_err_where(err, name != NULL ? name : "stdin", 0, NULL);
	sales_reader_close(r);
	return -1;
}

size_t
sales_reader_ncols(const struct sales_reader *r)
{
	return r->ncols;
}

const struct sales_field *
sales_reader_header(const struct sales_reader *r)
{
	return r->hdr;
}

int
sales_reader_format(const struct sales_reader *r)
{
	return r->srcs[0].fmt;
}

int
sales_reader_delim(const struct sales_reader *r)
{
	return r->delim;
}

/* Note the Excel ="..." fields of the record for sales_reader_value(). */
static int
note_excel(struct sales_reader *r, const struct sales_field *f, size_t n)
{
	size_t	 i, k, need = 0;
	char	*w;

	for (i = 0; i < n; i++) {
		if (f[i].len < 3 || f[i].s[0] != '=' || f[i].s[1] != '"' ||
		    f[i].s[f[i].len - 1] != '"')
			continue;
		if (r->nxv == r->xvcap &&
		    grow(&r->xv, &r->xvcap, r->nxv + 1, sizeof(*r->xv)) == -1)
			return -1;
		if (need + f[i].len > r->xcap &&
		    grow(&r->xbuf, &r->xcap, need + f[i].len, 1) == -1)
			return -1;
		/* Inside, a doubled quote stands for one. */
		w = r->xbuf + need;
		for (k = 2; k < f[i].len - 1; k++) {
			*w++ = f[i].s[k];
			if (f[i].s[k] == '"' && k + 1 < f[i].len - 1 &&
			    f[i].s[k + 1] == '"')
				k++;
		}
		*w = '\0';
		r->xv[r->nxv].col = i;
		r->xv[r->nxv].off = need;
		r->xv[r->nxv].len = w - (r->xbuf + need);
		r->nxv++;
		need += r->xv[r->nxv - 1].len + 1;
	}
	return 0;
}

/* A final error; every one names the file. */
static int
reader_fail(struct sales_reader *r, const struct src *s,
    struct sales_err *err)
{
	if (err != NULL && err->file[0] == '\0')
		sales_err_where(err, s->name, 0, NULL);
	r->failed = 1;
	if (err != NULL)
		r->ferr = *err;
	else
		sales_err_set(&r->ferr, SALES_EIO, "read error");
	return -1;
}

int
sales_reader_next(struct sales_reader *r, struct sales_record *rec,
    struct sales_err *err)
{
	const struct sales_field *f;
	struct src	*s;
	size_t		 n, k;
	unsigned long	 line;
	struct crec	*q;
	int		 rv;

	if (r->failed) {
		if (err != NULL)
			*err = r->ferr;
		return -1;
	}
	s = r->cur < r->nsrc ? &r->srcs[r->cur] : NULL;
	if (s != NULL && s->qi < s->nq) {
		/* A CSV record in the queue: csv_next() in short. */
		q = &s->q[s->qi++];
		f = s->cf + q->first;
		n = q->n;
		line = q->line;
		s->xeq = q->eq;
	} else
		for (;;) {
			if (r->cur == r->nsrc)
				return 0;
			s = &r->srcs[r->cur];
			if ((rv = src_next(s, &f, &n, &line, err)) == -1)
				return reader_fail(r, s, err);
			if (rv == 1)
				break;
			src_release(s);
			if (++r->cur < r->nsrc)
				r->srcs[r->cur].current = 1;
		}
	rec->fields = f;
	rec->nfields = n;
	rec->line = line;
	rec->file = s->name;
	r->nxv = 0;
	if (s->xeq && note_excel(r, f, n) == -1) {
		nomem(err);
		sales_err_where(err, s->name, line, NULL);
		return reader_fail(r, s, err);
	}
	rec->plain = r->nnulls == 0 && r->nxv == 0;
	if (n > r->ncols) {
		for (k = n; k > r->ncols && f[k - 1].len == 0; k--)
			;
		if (k == r->ncols) {
			rec->nfields = k;
			return 1;
		}
	}
	if (n != r->ncols) {
		sales_err_set(err, SALES_EROW, "expected %zu field%s, found %zu",
		    r->ncols, r->ncols == 1 ? "" : "s", n);
		return sales_err_where(err, s->name, line, NULL);
	}
	return 1;
}

void
sales_reader_value_slow(const struct sales_reader *r,
    const struct sales_record *rec, size_t col, struct sales_field *out)
{
	const struct sales_field *f = &rec->fields[col];
	size_t		 i;

	for (i = 0; i < r->nnulls; i++)
		if (f->len == r->nulls[i].len &&
		    memcmp(f->s, r->nulls[i].s, f->len) == 0) {
			out->s = empty;
			out->len = 0;
			return;
		}
	for (i = 0; i < r->nxv; i++)
		if (r->xv[i].col == col) {
			out->s = r->xbuf + r->xv[i].off;
			out->len = r->xv[i].len;
			return;
		}
	*out = *f;
}

void
sales_reader_close(struct sales_reader *r)
{
	size_t	 i;

	if (r == NULL)
		return;
	for (i = 0; i < r->nsrc; i++) {
		src_release(&r->srcs[i]);
		sales_free(r->srcs[i].name);
	}
	sales_free(r->srcs);
	sales_free(r->nulls);
	sales_free(r->nullbuf);
	sales_free(r->hbuf);
	sales_free(r->hdr);
	sales_free(r->xv);
	sales_free(r->xbuf);
	sales_free(r);
}
