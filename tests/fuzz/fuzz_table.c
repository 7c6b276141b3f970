/*
 * fuzz_table.c: the table reader (table.h) on any bytes, CSV and TSV,
 * with the options that change parsing, and the writer (writer.h) on
 * what it reads.
 *
 * Input: four option bytes, then the table.
 *	byte 0: bits 0-1 format (auto, csv, tsv, csv), bit 2 --no-header,
 *		bit 3 --null NULL --null n/a --null "", bit 4 a small
 *		--max-field, bit 5 round trip through TSV (else CSV), bit 6
 *		fail an allocation, bit 7 --excel-safe and another format
 *	byte 1: the delimiter and the --columns list
 *	byte 2: the small --max-field (1-256 bytes)
 *	byte 3: the allocations that succeed before one fails
 *
 * Properties: every field view ends in a NUL byte; a good record has
 * as many fields as the header; lines never go back; an error other
 * than a ragged row ends the table.  Unless an allocation fails or
 * --excel-safe is on, the good records written as CSV or TSV read back
 * byte for byte (SPEC 1: CSV -> TSV -> CSV keeps every byte), except
 * a TSV row of one empty field, which is a blank line.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libsales/err.h"
#include "libsales/mem.h"
#include "libsales/table.h"
#include "libsales/writer.h"
#include "tests/fuzz/fuzz.h"

/* The records read, kept to compare with the round trip. */
struct rows {
	struct sales_field	*f;	/* every field, copied */
	size_t			*nf;	/* fields of each record */
	size_t			 nrec, nfield, caprec, capfield;
};

static const int	 delims[] = { ',', ';', '\t', '|' };
static const char	*colsets[] = {
	"a", "a,b", "a,b,c", "id,rep,amount,x"
};
static const char *const nullv[] = { "NULL", "n/a", "" };

static void
rows_add(struct rows *r, const struct sales_record *rec)
{
	size_t	 i;
	char	*s;

	if (r->nrec == r->caprec) {
		r->caprec = r->caprec ? 2 * r->caprec : 16;
		if ((r->nf = realloc(r->nf, r->caprec * sizeof(*r->nf))) ==
		    NULL)
			abort();
	}
	if (r->nfield + rec->nfields > r->capfield) {
		while (r->nfield + rec->nfields > r->capfield)
			r->capfield = r->capfield ? 2 * r->capfield : 64;
		if ((r->f = realloc(r->f, r->capfield * sizeof(*r->f))) ==
		    NULL)
			abort();
	}
	for (i = 0; i < rec->nfields; i++) {
		s = fuzz_copy((const uint8_t *)rec->fields[i].s,
		    rec->fields[i].len);
		r->f[r->nfield].s = s;
		r->f[r->nfield++].len = rec->fields[i].len;
	}
	r->nf[r->nrec++] = rec->nfields;
}

static void
rows_free(struct rows *r)
{
	size_t	 i;

	for (i = 0; i < r->nfield; i++)
		free((void *)(uintptr_t)r->f[i].s);
	free(r->f);
	free(r->nf);
}

static int
same(const struct sales_field *a, const struct sales_field *b)
{
	return a->len == b->len && memcmp(a->s, b->s, a->len) == 0;
}

static void
check_record(const struct sales_record *rec, size_t ncols, int good,
    unsigned long *lastline)
{
	size_t	 i;

	fuzz_assert(rec->nfields >= 1);
	if (good)
		fuzz_assert(rec->nfields == ncols);
	for (i = 0; i < rec->nfields; i++)
		fuzz_assert(rec->fields[i].s[rec->fields[i].len] == '\0');
	fuzz_assert(rec->line >= 1 && rec->line >= *lastline);
	fuzz_assert(rec->file != NULL);
	*lastline = rec->line;
}

/*
 * Read back out (outlen bytes) in format fmt with delimiter delim and
 * compare its header and records with hdr and rows.
 */
static void
reread(char *out, size_t outlen, int fmt, int delim,
    const struct sales_field *hdr, size_t ncols, const struct rows *rows)
{
	struct sales_table_opts	 o;
	struct sales_reader	*r;
	struct sales_record	 rec;
	struct sales_err	 e;
	const struct sales_field *h2;
	size_t			 i, k = 0, f = 0;
	FILE			*fp;
	int			 rv;

	sales_table_opts_init(&o);
	o.format = fmt;
	o.delim = delim;
	fp = fuzz_fmemopen(out, outlen);
	if (sales_reader_fopen(&r, fp, "out", &o, &e) == -1)
		fuzz_fail("written table does not read back: %s",
		    sales_err_str(&e));
	fuzz_assert(sales_reader_ncols(r) == ncols);
	h2 = sales_reader_header(r);
	for (i = 0; i < ncols; i++)
		fuzz_assert(same(&hdr[i], &h2[i]));
	while ((rv = sales_reader_next(r, &rec, &e)) == 1) {
		if (k >= rows->nrec)
			fuzz_fail("a record more than was written");
		fuzz_assert(rec.nfields == rows->nf[k]);
		for (i = 0; i < rec.nfields; i++)
			if (!same(&rec.fields[i], &rows->f[f + i]))
				fuzz_fail("record %zu field %zu differs", k, i);
		f += rows->nf[k++];
	}
	if (rv == -1)
		fuzz_fail("written table: %s", sales_err_str(&e));
	if (k != rows->nrec)
		fuzz_fail("%zu records written, %zu read back", rows->nrec, k);
	sales_reader_close(r);
	fclose(fp);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in		 in = { data, size };
	struct sales_table_opts	 o;
	struct sales_reader	*r = NULL;
	struct sales_writer	*w = NULL;
	struct sales_record	 rec;
	struct sales_field	 v, *hdr = NULL;
	struct sales_err	 e;
	struct rows		 rows;
	unsigned		 b0, b1, b2, b3;
	unsigned long		 lastline = 0;
	size_t			 i, ncols = 0, outlen = 0;
	char			*buf, *out = NULL;
	FILE			*fp, *ofp = NULL;
	int			 rv, wfmt, wflags = 0, failing, check;

	b0 = fuzz_byte(&in);
	b1 = fuzz_byte(&in);
	b2 = fuzz_byte(&in);
	b3 = fuzz_byte(&in);
	memset(&rows, 0, sizeof(rows));
	sales_table_opts_init(&o);
	o.format = (b0 & 3) == 0 ? SALES_FMT_AUTO :
	    (b0 & 3) == 2 ? SALES_FMT_TSV : SALES_FMT_CSV;
	o.delim = delims[b1 & 3];
	if (b0 & 4) {
		o.no_header = 1;
		o.columns = colsets[(b1 >> 2) & 3];
	}
	if (b0 & 8) {
		o.nulls = nullv;
		o.nnulls = 3;
	}
	if (b0 & 16)
		o.max_field = 1 + b2;
	failing = (b0 & 64) != 0;
	check = !failing && !(b0 & 128);
	if (b0 & 128) {
		wflags = SALES_W_EXCEL_SAFE;
		/* JSON, pretty or markdown. */
		wfmt = SALES_FMT_JSON + (b2 % 3);
	} else
		wfmt = (b0 & 32) ? SALES_FMT_TSV : SALES_FMT_CSV;

	buf = fuzz_copy(in.p, in.n);
	fp = fuzz_fmemopen(buf, in.n);
	if (failing)
		sales_mem_fail_after(b3);
	if (sales_reader_fopen(&r, fp, "fuzz", &o, &e) == -1)
		goto done;
	ncols = sales_reader_ncols(r);
	fuzz_assert(ncols >= 1);
	fuzz_assert(sales_reader_format(r) == SALES_FMT_CSV ||
	    sales_reader_format(r) == SALES_FMT_TSV);
	hdr = calloc(ncols, sizeof(*hdr));
	for (i = 0; i < ncols; i++) {
		v = sales_reader_header(r)[i];
		hdr[i].s = fuzz_copy((const uint8_t *)v.s, v.len);
		hdr[i].len = v.len;
	}
	if ((ofp = open_memstream(&out, &outlen)) == NULL)
		abort();
	if (sales_writer_open(&w, ofp, wfmt, wfmt == SALES_FMT_CSV ?
	    o.delim : ',', wflags, &e) == -1 ||
	    sales_writer_header(w, hdr, ncols, &e) == -1) {
		fuzz_assert(failing);
		goto done;
	}
	for (;;) {
		rv = sales_reader_next(r, &rec, &e);
		if (rv == 0)
			break;
		if (rv == -1 && e.code != SALES_EROW) {
			fuzz_assert(e.code == SALES_EIO ||
			    e.code == SALES_ENOMEM || e.code == SALES_EPARSE ||
			    e.code == SALES_ELIMIT);
			fuzz_assert(e.code != SALES_ENOMEM || failing);
			check = 0;
			break;
		}
		check_record(&rec, ncols, rv == 1, &lastline);
		for (i = 0; i < rec.nfields && i < ncols; i++) {
			sales_reader_value(r, &rec, i, &v);
			fuzz_assert(v.len <= rec.fields[i].len);
		}
		if (rv == -1)
			continue;
		if (sales_writer_row(w, rec.fields, rec.nfields, &e) == -1) {
			fuzz_assert(failing);
			check = 0;
			break;
		}
		if (check)
			rows_add(&rows, &rec);
	}
	if (sales_writer_close(w, &e) == -1) {
		fuzz_assert(failing);
		check = 0;
	}
	w = NULL;
	fclose(ofp);
	ofp = NULL;
	/* A leading byte-order mark is taken away when read again. */
	if (check && !(outlen >= 3 && memcmp(out, "\xef\xbb\xbf", 3) == 0) &&
	    !(outlen >= 2 && ((unsigned char)out[0] == 0xff ||
	    (unsigned char)out[0] == 0xfe)))
		reread(out, outlen, wfmt, o.delim, hdr, ncols, &rows);
done:
	sales_mem_fail_after(-1);
	sales_writer_close(w, &e);
	if (ofp != NULL)
		fclose(ofp);
	free(out);
	sales_reader_close(r);
	if (hdr != NULL) {
		for (i = 0; i < ncols; i++)
			free((void *)(uintptr_t)hdr[i].s);
		free(hdr);
	}
	rows_free(&rows);
	fclose(fp);
	free(buf);
	return 0;
}
