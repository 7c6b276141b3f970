/*
 * table.h: reading CSV and TSV tables into records of field views.
 *
 * CSV is parsed by libcsv in strict mode; TSV (linear TSV, with the
 * escapes \t \n \r \\) has its own memchr-based path.  The reader reads
 * large blocks and hands out each field as a (pointer, length) view; it
 * allocates nothing per row or per field once its buffers have grown to
 * the widest row.  Values are only interpreted (money, dates) when a
 * program asks, through money.h and date.h.
 *
 * SPEC 1 and 3: header row required (or --no-header --columns), UTF-8
 * byte-order mark dropped, UTF-16 decoded, CRLF and LF accepted, empty
 * trailing extra fields dropped, other ragged rows and duplicate header
 * names are errors, several files are one table when their headers are
 * equal.
 *
 * Details: spaces around CSV fields are data (RFC 4180); a CSV field
 * that is exactly Excel's raw ="text" (quotes inside doubled), which
 * RFC 4180 would refuse, reads as if quoted, "=""text"""; a line break
 * inside quotes keeps its bytes (CR LF stays CR LF); a file whose first
 * line ends in CR alone (old Mac exports) has CR line ends; blank lines
 * are skipped everywhere, also before the header, but for a one-column
 * TSV table, where a blank line after the header is a row of one empty
 * field (linear TSV has no other way to write it); empty names at the
 * end of a header row are dropped like empty trailing fields, so that
 * "a,b,," has two columns.  Lines are physical lines counted from 1.
 */
#ifndef SALES_TABLE_H
#define SALES_TABLE_H

#include <stddef.h>
#include <stdio.h>

#include "libsales/err.h"

/* Table formats, for reading (csv, tsv) and writing (all). */
enum sales_format {
	SALES_FMT_AUTO = 0,	/* reading: by name, else by content */
	SALES_FMT_CSV,
	SALES_FMT_TSV,
	SALES_FMT_JSON,		/* JSON Lines, one object per row */
	SALES_FMT_PRETTY,	/* aligned columns for a terminal */
	SALES_FMT_MARKDOWN,
	SALES_FMT_HTML
};

/*
 * A view of one field: len bytes at s, always followed by a NUL byte
 * (s[len] == '\0'), so that s can also be used as a C string when the
 * field holds no NUL itself.  The bytes belong to whoever handed out
 * the view (for records: the reader).
 */
struct sales_field {
	const char	*s;
	size_t		 len;
};

/* How to read a table; fill with sales_table_opts_init(), then set. */
struct sales_table_opts {
	int		 format;	/* SALES_FMT_AUTO, _CSV or _TSV */
	int		 delim;		/* CSV delimiter, default ',' */
	int		 no_header;	/* the first line is data */
	const char	*columns;	/* with no_header: "a,b,c" */
	const char *const *nulls;	/* values read as empty (--null) */
	size_t		 nnulls;
	size_t		 max_field;	/* bytes; 0 or default: 64 MiB */
};

/*
 * One record, lent by the reader: valid until the next call to
 * sales_reader_next() or sales_reader_close().  fields[i] holds the raw
 * field of column i, exactly as it will be written back out (CSV quotes
 * removed, TSV escapes decoded).
 */
struct sales_record {
	const struct sales_field *fields;
	size_t		 nfields;
	unsigned long	 line;		/* physical line the record starts on */
	const char	*file;		/* name of its file, "stdin" for - */
	int		 plain;		/* every value is its raw field */
};

struct sales_reader;

/* Fill o with the defaults: auto format, ',', header, no nulls. */
void	sales_table_opts_init(struct sales_table_opts *o);

/*
 * Parse a format name for --from or --to: "csv", "tsv", "json",
 * "pretty", "markdown", "html".  Returns the enum sales_format value,
 * or -1 for an unknown name.
 */
int	sales_format_parse(const char *name);

/*
 * Open the table made of npaths files read in order (npaths == 0, or a
 * path "-", is standard input, named "stdin" in messages) and read the
 * header of every file, so that a missing file or unequal headers fail
 * before any output.  The format is o->format, else by file name
 * (.tsv/.tab TSV, .csv CSV, any case), else TSV when the first line
 * that is not blank holds a tab; each file gets its own.  o and the
 * strings it points to are copied.
 * On success *rp is set and must be passed to sales_reader_close().
 * Returns 0, or -1 with err set: SALES_EIO, SALES_ENOMEM, SALES_EPARSE,
 * SALES_EHEADER (no header, duplicate names "columns 3 and 4 are both
 * named 'x'", files whose headers differ, naming both files),
 * SALES_ELIMIT (a header name over max_field) or SALES_EUSAGE (bad
 * --columns: missing with no_header, given without it, an empty or a
 * repeated name).
 */
int	sales_reader_open(struct sales_reader **rp, const char *const *paths,
	    size_t npaths, const struct sales_table_opts *o,
	    struct sales_err *err);

/*
 * As sales_reader_open() for one stream that is already open; name is
 * used in messages.  The reader does not close fp.  Used by tests on
 * fmemopen(3) buffers.
 */
int	sales_reader_fopen(struct sales_reader **rp, FILE *fp,
	    const char *name, const struct sales_table_opts *o,
	    struct sales_err *err);

/* Number of columns and the header fields; owned by the reader. */
size_t	sales_reader_ncols(const struct sales_reader *r);
const struct sales_field *sales_reader_header(const struct sales_reader *r);

/* The format actually read: SALES_FMT_CSV or SALES_FMT_TSV. */
int	sales_reader_format(const struct sales_reader *r);

/* The CSV delimiter the reader was opened with (-d; ',' by default). */
int	sales_reader_delim(const struct sales_reader *r);

/*
 * Read the next record into *rec.  Returns 1 when a record was read,
 * 0 at the end of the last file, -1 on error with err set.  An error of
 * code SALES_EROW ("expected 5 fields, found 4") leaves the offending
 * record in *rec as it was read, so that it can go to --rejects, and
 * the reader can go on with the next record; any other error
 * (SALES_EIO, SALES_ENOMEM, SALES_EPARSE, SALES_ELIMIT) is final, and
 * later calls return it again.  Every error names the file and, but for
 * SALES_EIO and SALES_ENOMEM, a line: the one on which the record
 * starts (for bad UTF-16, the one that holds it); SALES_ELIMIT ("field
 * longer than N bytes") also names the column, or numbers the field
 * when it lies beyond the header ("field 7 longer than N bytes").
 * Blank lines are skipped (but see the top for one-column TSV).
 */
int	sales_reader_next(struct sales_reader *r, struct sales_record *rec,
	    struct sales_err *err);

/*
 * The value of column col of rec as programs should read it: empty when
 * the raw field equals one of the --null values (exact bytes), and the
 * text inside Excel's ="..." wrapper (a doubled quote inside stands for
 * one: ="a""b" reads a"b); else the raw field.  Never changes what is
 * written.  rec must be the record last read; col must be below
 * rec->nfields.  *out is NUL-terminated, points into the reader or into
 * static storage, and has the record's lifetime.  Inline for the common
 * record (rec->plain: no --null given, no ="..." field), where the value
 * is the field itself; else sales_reader_value_slow() decides.
 */
void	sales_reader_value_slow(const struct sales_reader *r,
	    const struct sales_record *rec, size_t col,
	    struct sales_field *out);

static inline void
sales_reader_value(const struct sales_reader *r,
    const struct sales_record *rec, size_t col, struct sales_field *out)
{
	if (rec->plain) {
		/* Member by member: a field was just stored that way. */
		out->s = rec->fields[col].s;
		out->len = rec->fields[col].len;
	} else
		sales_reader_value_slow(r, rec, col, out);
}

/* Close every file the reader opened and free it; NULL is a no-op. */
void	sales_reader_close(struct sales_reader *r);

#endif
