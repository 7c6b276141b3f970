/*
 * stream.h: a pass-through table, the loop that sm-segment and
 * sm-assign share.
 *
 * Every input row goes to the output once, every field byte for byte,
 * with some columns added last or overwritten in place when the input
 * already has them (SPEC 1), or to the --rejects table with a reason.
 * The stream opens the input (several files as one table), the output
 * (-o, atomic) and the rejects table from the common options.
 */
#ifndef SALES_STREAM_H
#define SALES_STREAM_H

#include <stddef.h>

#include "libsales/cli.h"
#include "libsales/err.h"
#include "libsales/table.h"

struct sales_stream;

/*
 * Open the input paths (npaths == 0: stdin) with c's table options,
 * the output (c->output, else stdout) in sales_cli_format() and the
 * rejects table (c->rejects) if asked.  Nothing is written yet.
 * Returns 0 with *sp set, or -1 with err set (as sales_reader_open(),
 * sales_output_open()).  c must outlive the stream.
 */
int	sales_stream_open(struct sales_stream **sp, const struct sales_cli *c,
	    char *const *paths, size_t npaths, struct sales_err *err);

/* The input reader, to find columns and read values. */
struct sales_reader *sales_stream_reader(struct sales_stream *s);

/*
 * Declare an output column name: the index of the input column of that
 * name (exact bytes, then as sales_name_eq()), overwritten in place, or
 * a new column after the input's.  Call before the first row.  Returns
 * the output column index, or -1 with err set (SALES_ENOMEM).
 */
int	sales_stream_column(struct sales_stream *s, const char *name,
	    struct sales_err *err);

/*
 * Read the next row, as sales_reader_next() (1, 0 at end, -1 error).
 * A row with the wrong number of fields goes to the rejects table when
 * there is one (and the next row is read); without one it is the
 * SALES_EROW error.
 */
int	sales_stream_next(struct sales_stream *s, struct sales_record *rec,
	    struct sales_err *err);

/*
 * Set the value of output column col (from sales_stream_column()) for
 * the row about to be written; the bytes are copied.  Columns not set
 * are written as in the input (or empty when new).  Returns 0, or -1
 * with err set (SALES_ENOMEM).
 */
int	sales_stream_set(struct sales_stream *s, int col, const char *v,
	    size_t len, struct sales_err *err);

/*
 * Write rec with the values set since the last write, then forget
 * them.  The header goes out before the first row.  Returns 0, or -1
 * with err set (SALES_EIO).
 */
int	sales_stream_write(struct sales_stream *s,
	    const struct sales_record *rec, struct sales_err *err);

/*
 * Send rec to the rejects table with reason and forget the values set.
 * Returns 0, or -1 when there is no rejects table (err then holds the
 * caller's error unchanged, to report and fail) or it cannot be
 * written (err set).
 */
int	sales_stream_reject(struct sales_stream *s,
	    const struct sales_record *rec, const char *reason,
	    struct sales_err *err);

/* Rows sent to the rejects table so far. */
unsigned long sales_stream_rejected(const struct sales_stream *s);

/*
 * Write the header if no row was written, then close the writer,
 * commit the output and the rejects table, and free s.  NULL is a
 * no-op returning 0.  Returns 0, or -1 with err set (the outputs are
 * then left untouched).
 */
int	sales_stream_close(struct sales_stream *s, struct sales_err *err);

/* Drop everything written (outputs untouched) and free s; NULL ok. */
void	sales_stream_abort(struct sales_stream *s);

#endif
