/*
 * stream.c: the pass-through table of sm-segment and sm-assign: every
 * input row out once, with columns added or overwritten, or rejected.
 */
#include <string.h>

#include "libsales/cli.h"
#include "libsales/mem.h"
#include "libsales/roles.h"
#include "libsales/stream.h"

struct value {
	char	*buf;		/* bytes of the value set for this row */
	size_t	 len;
	size_t	 cap;
	int	 set;
};

struct sales_stream {
	const struct sales_cli	*cli;
	struct sales_reader	*reader;
	struct sales_output	 out;
	struct sales_writer	*writer;
	struct sales_rejects	*rejects;
	size_t			 ninput;	/* columns of the input */
	size_t			 ncols;		/* columns of the output */
	char			**names;	/* names of the new columns */
	struct value		*values;	/* one a output column */
	struct sales_field	*row;		/* the output row being built */
	int			 header_done;
};

int
sales_stream_open(struct sales_stream **sp, const struct sales_cli *c,
    char *const *paths, size_t npaths, struct sales_err *err)
{
	struct sales_stream	*s;

	*sp = NULL;
	if ((s = sales_calloc(1, sizeof(*s))) == NULL)
		return sales_err_set(err, SALES_ENOMEM, "out of memory");
	s->cli = c;
	if (sales_reader_open(&s->reader, (const char *const *)paths, npaths,
	    &c->topts, err) == -1) {
		sales_free(s);
		return -1;
	}
	s->ninput = s->ncols = sales_reader_ncols(s->reader);
	if (c->rejects != NULL && sales_rejects_open(&s->rejects, c->rejects,
	    sales_reader_header(s->reader), s->ninput,
	    sales_reader_format(s->reader), sales_reader_delim(s->reader),
	    c->wflags, err) == -1)
		goto fail;
	if (sales_output_open(&s->out, c->output, err) == -1)
		goto fail;
	if (sales_writer_open(&s->writer, s->out.fp,
	    sales_cli_format(c, sales_reader_format(s->reader)),
	    c->topts.delim, c->wflags, err) == -1) {
		sales_output_abort(&s->out);
		goto fail;
	}
	if ((s->values = sales_calloc(s->ncols, sizeof(*s->values))) == NULL) {
		sales_err_set(err, SALES_ENOMEM, "out of memory");
		sales_stream_abort(s);
		return -1;
	}
	*sp = s;
	return 0;
fail:
	sales_rejects_abort(s->rejects);
	sales_reader_close(s->reader);
	sales_free(s);
	return -1;
}

struct sales_reader *
sales_stream_reader(struct sales_stream *s)
{
	return s->reader;
}

int
sales_stream_column(struct sales_stream *s, const char *name,
    struct sales_err *err)
{
	const struct sales_field	*hdr = sales_reader_header(s->reader);
	struct value			*v;
	char				**names, *copy;
	size_t				 i, nnew = s->ncols - s->ninput;
	int				 col;

	if ((col = sales_header_find(hdr, s->ninput, name)) >= 0)
		return col;
	for (i = 0; i < nnew; i++)
		if (strcmp(s->names[i], name) == 0)
			return (int)(s->ninput + i);
	if ((copy = sales_strndup(name, strlen(name))) == NULL)
		return sales_err_set(err, SALES_ENOMEM, "out of memory");
	names = sales_reallocarray(s->names, nnew + 1, sizeof(*names));
	if (names == NULL) {
		sales_free(copy);
		return sales_err_set(err, SALES_ENOMEM, "out of memory");
	}
	s->names = names;
	v = sales_reallocarray(s->values, s->ncols + 1, sizeof(*v));
	if (v == NULL) {
		sales_free(copy);
		return sales_err_set(err, SALES_ENOMEM, "out of memory");
	}
	s->values = v;
	memset(&v[s->ncols], 0, sizeof(*v));
	s->names[nnew] = copy;
	return (int)s->ncols++;
}

static int
write_header(struct sales_stream *s, struct sales_err *err)
{
	const struct sales_field	*hdr = sales_reader_header(s->reader);
	struct sales_field		*row;
	size_t				 i;

	if ((row = sales_calloc(s->ncols, sizeof(*row))) == NULL)
		return sales_err_set(err, SALES_ENOMEM, "out of memory");
	s->row = row;
	for (i = 0; i < s->ninput; i++)
		row[i] = hdr[i];
	for (; i < s->ncols; i++) {
		row[i].s = s->names[i - s->ninput];
		row[i].len = strlen(row[i].s);
	}
	s->header_done = 1;
	return sales_writer_header(s->writer, row, s->ncols, err);
}

int
sales_stream_next(struct sales_stream *s, struct sales_record *rec,
    struct sales_err *err)
{
	int	 rv;

	for (;;) {
		rv = sales_reader_next(s->reader, rec, err);
		if (rv != -1 || err->code != SALES_EROW || s->rejects == NULL)
			return rv;
		if (sales_rejects_add(s->rejects, rec, sales_err_str(err),
		    err) == -1)
			return -1;
	}
}

int
sales_stream_set(struct sales_stream *s, int col, const char *v, size_t len,
    struct sales_err *err)
{
	struct value	*val = &s->values[col];
	char		*buf;
	size_t		 cap;

	if (len + 1 > val->cap) {
		cap = val->cap ? val->cap : 32;
		while (cap < len + 1)
			cap *= 2;
		if ((buf = sales_realloc(val->buf, cap)) == NULL)
			return sales_err_set(err, SALES_ENOMEM, "out of memory");
		val->buf = buf;
		val->cap = cap;
	}
	memcpy(val->buf, v, len);
	val->buf[len] = '\0';
	val->len = len;
	val->set = 1;
	return 0;
}

static void
forget(struct sales_stream *s)
{
	size_t	 i;

	for (i = 0; i < s->ncols; i++)
		s->values[i].set = 0;
}

int
sales_stream_write(struct sales_stream *s, const struct sales_record *rec,
    struct sales_err *err)
{
	size_t	 i;

	if (!s->header_done && write_header(s, err) == -1)
		return -1;
	for (i = 0; i < s->ncols; i++) {
		if (s->values[i].set) {
			s->row[i].s = s->values[i].buf;
			s->row[i].len = s->values[i].len;
		} else if (i < rec->nfields) {
			s->row[i] = rec->fields[i];
		} else {
			s->row[i].s = "";
			s->row[i].len = 0;
		}
	}
	forget(s);
	return sales_writer_row(s->writer, s->row, s->ncols, err);
}

int
sales_stream_reject(struct sales_stream *s, const struct sales_record *rec,
    const char *reason, struct sales_err *err)
{
	forget(s);
	if (s->rejects == NULL)
		return -1;
	return sales_rejects_add(s->rejects, rec, reason, err);
}

unsigned long
sales_stream_rejected(const struct sales_stream *s)
{
	return s->rejects == NULL ? 0 : sales_rejects_count(s->rejects);
}

static void
free_stream(struct sales_stream *s)
{
	size_t	 i;

	for (i = 0; i < s->ncols; i++)
		sales_free(s->values ? s->values[i].buf : NULL);
	for (i = 0; i < s->ncols - s->ninput; i++)
		sales_free(s->names[i]);
	sales_free(s->names);
	sales_free(s->values);
	sales_free(s->row);
	sales_reader_close(s->reader);
	sales_free(s);
}

int
sales_stream_close(struct sales_stream *s, struct sales_err *err)
{
	struct sales_err	 ignore;
	int			 rv = 0;

	if (s == NULL)
		return 0;
	if (!s->header_done && write_header(s, err) == -1)
		rv = -1;
	if (sales_writer_close(s->writer, rv == 0 ? err : &ignore) == -1)
		rv = -1;
	s->writer = NULL;
	if (rv == 0 && sales_rejects_close(s->rejects, err) == -1)
		rv = -1;
	else if (rv == -1)
		sales_rejects_abort(s->rejects);
	s->rejects = NULL;
	if (rv == 0)
		rv = sales_output_commit(&s->out, err);
	else
		sales_output_abort(&s->out);
	free_stream(s);
	return rv;
}

void
sales_stream_abort(struct sales_stream *s)
{
	struct sales_err	 ignore;

	if (s == NULL)
		return;
	sales_writer_close(s->writer, &ignore);
	sales_rejects_abort(s->rejects);
	sales_output_abort(&s->out);
	free_stream(s);
}
