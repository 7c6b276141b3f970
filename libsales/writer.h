/*
 * writer.h: writing tables as CSV, TSV, JSON Lines, aligned text
 * (pretty) and Markdown.
 *
 * CSV quotes a field only when it holds the delimiter, a quote, CR or
 * LF, or begins or ends with a space; TSV escapes \t \n \r and \\ as
 * linear TSV does, so that CSV -> TSV -> CSV keeps every byte.  JSON
 * Lines writes one object a row, keyed by the header; a value that is a
 * JSON number as written (no leading zero, no "+") is written bare,
 * anything else as a string.  Pretty and Markdown hold the rows until
 * sales_writer_close() to measure the columns, so they are meant for
 * summaries (sm-report), not for streams.  Output goes through stdio
 * with its default buffering.
 */
#ifndef SALES_WRITER_H
#define SALES_WRITER_H

#include <stdio.h>

#include "libsales/err.h"
#include "libsales/table.h"

enum {
	SALES_W_EXCEL_SAFE = 1	/* --excel-safe: formulas shown as text */
};

struct sales_writer;

/*
 * Start a table on fp (not closed by the writer) in format (enum
 * sales_format, not AUTO), with CSV delimiter delim and flags
 * (SALES_W_*).  Returns 0 with *wp set, or -1 with err set
 * (SALES_ENOMEM, SALES_EUSAGE for a format it cannot write).
 */
int	sales_writer_open(struct sales_writer **wp, FILE *fp, int format,
	    int delim, int flags, struct sales_err *err);

/*
 * Write the header row: n names.  Must come first, once.  The writer
 * copies the names.  Returns 0, or -1 with err set (SALES_EIO,
 * SALES_ENOMEM).
 */
int	sales_writer_header(struct sales_writer *w,
	    const struct sales_field *names, size_t n, struct sales_err *err);

/*
 * Write one row of n fields (n may differ from the header's count only
 * for rejected rows).  The fields are copied or written at once; the
 * caller keeps ownership.  Returns 0, or -1 with err set (SALES_EIO
 * with errnum, e.g. EPIPE or ENOSPC; SALES_ENOMEM).
 */
int	sales_writer_row(struct sales_writer *w,
	    const struct sales_field *fields, size_t n, struct sales_err *err);

/*
 * Write whatever is held back (pretty, markdown), then free the writer.
 * Does not close or flush fp.  NULL is a no-op that returns 0.
 * Returns 0, or -1 with err set (the writer is freed all the same).
 */
int	sales_writer_close(struct sales_writer *w, struct sales_err *err);

/*
 * Does the cell s need the --excel-safe defence: it begins with '=',
 * '+', '-', '@', a tab or a CR and is not a plain number such as
 * "-12.00" or "+3"?  Returns 1 or 0.  (OWASP, "CSV Injection".)
 */
int	sales_excel_unsafe(const char *s, size_t len);

#endif
