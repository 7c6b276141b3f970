/*
 * writer.h: writing tables as CSV, TSV, JSON Lines, aligned text
 * (pretty) and Markdown.
 *
 * CSV quotes a field only when it holds the delimiter, a quote, CR or
 * LF, or begins or ends with a space; quotes inside are doubled, and the
 * only field of a row is written "" when empty, so that the row is not
 * a blank line.  TSV escapes \t \n \r and \\ as linear TSV does, so
 * that CSV -> TSV -> CSV keeps every byte.
 *
 * JSON Lines writes one object a row, {"name":value,...} with no
 * spaces, keyed by the header (fields beyond it by their 1-based
 * position, "6"); a value that is a JSON number as written (RFC 8259:
 * no leading zero, no "+", no bare ".5") is written bare, anything else
 * (the empty field too) as a string.  Strings escape '"', '\\', \b \f
 * \n \r \t and other control bytes as \u00XX; well-formed UTF-8 is
 * written as it is, and each byte that is not part of well-formed UTF-8
 * becomes \u00XX of its value (the byte read as Latin-1, so that a
 * Latin-1 export still reads right and every JSON output is valid).
 *
 * Pretty and Markdown hold the rows until sales_writer_close() to
 * measure the columns, so they are meant for summaries (sm-report),
 * not for streams.  Widths count UTF-8 code points.  A column whose
 * non-empty cells are all plain numbers ([+-]digits[.digits][e..]) is
 * numeric.  Pretty puts two spaces between columns, right-aligns each
 * number and the header of a numeric column, underlines the header with
 * dashes and ends no line with spaces; it shows \t \n \r as those two
 * characters and other control bytes and bytes that are not well-formed
 * UTF-8 as \xhh, so that a terminal receives no control sequences.
 * Markdown writes "| a | b |" padded to the widths (at least 3), a
 * "| --- | --: |" rule (numeric columns right-aligned), escapes '|' and
 * '\\' with a backslash, writes line breaks as <br>, a tab as a space
 * and other control bytes as \xhh.
 *
 * With SALES_W_EXCEL_SAFE every cell, header names included, for which
 * sales_excel_unsafe() holds is written with a leading "'" (before any
 * quoting or escaping), in every format but JSON.
 *
 * Output goes through stdio with its default buffering; every call is
 * checked, and the first failure is reported as SALES_EIO with its
 * errno in errnum (EPIPE, ENOSPC) and the message "write error: ...";
 * every later sales_writer_row() reports it again.
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
 * sales_format: CSV, TSV, JSON, PRETTY or MARKDOWN), with CSV delimiter
 * delim (0 is ',') and flags (SALES_W_*).  Returns 0 with *wp set, or
 * -1 with err set (SALES_ENOMEM; SALES_EUSAGE for a format it cannot
 * write, such as html, or a CSV delimiter that is '"', CR or LF).
 */
int	sales_writer_open(struct sales_writer **wp, FILE *fp, int format,
	    int delim, int flags, struct sales_err *err);

/*
 * Write the header row: n names.  Must come first, once (a writer that
 * gets no header writes rows alone; JSON then keys every field by its
 * position).  The writer copies the names.  Returns 0, or -1 with err
 * set (SALES_EIO, SALES_ENOMEM; SALES_EUSAGE when called late or twice).
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
 * Does not close or flush fp, so that a write error held in stdio's
 * buffer shows only when fp is flushed (sales_output_commit()).  NULL is
 * a no-op that returns 0.  Returns 0, or -1 with err set (SALES_EIO,
 * SALES_ENOMEM; the writer is freed all the same).
 */
int	sales_writer_close(struct sales_writer *w, struct sales_err *err);

/*
 * Does the cell s (len bytes) need the --excel-safe defence: it begins
 * with '=', '+', '-', '@', a tab or a CR and is not a plain number
 * ([+-]digits[.digits][e[+-]digits]) such as "-12.00" or "+3"?
 * Returns 1 or 0.  (OWASP, "CSV Injection": prefix such cells with a
 * single quote so that a spreadsheet shows them as text.)
 */
int	sales_excel_unsafe(const char *s, size_t len);

/*
 * Is s (len bytes) a plain decimal number: an optional sign, digits
 * with an optional fraction (or a fraction alone), an optional
 * exponent?  The pretty, Markdown and html tables right-align columns
 * of such cells.  Returns 1 or 0.
 */
int	sales_plain_number(const char *s, size_t len);

#endif
