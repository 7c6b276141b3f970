/*
 * err.c: filling and formatting struct sales_err.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "libsales/err.h"

void
sales_err_clear(struct sales_err *err)
{
	if (err == NULL)
		return;
	err->code = SALES_EOK;
	err->errnum = 0;
	err->file[0] = '\0';
	err->line = 0;
	err->column[0] = '\0';
	err->msg[0] = '\0';
	err->str[0] = '\0';
}

int
sales_err_set(struct sales_err *err, int code, const char *fmt, ...)
{
	va_list	 ap;

	if (err == NULL)
		return -1;
	sales_err_clear(err);
	err->code = code;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return -1;
}

int
sales_err_sys(struct sales_err *err, int code, const char *path)
{
	int	 saved = errno;

	if (err == NULL)
		return -1;
	sales_err_set(err, code, "%s", strerror(saved));
	err->errnum = saved;
	if (path != NULL)
		snprintf(err->file, sizeof(err->file), "%s", path);
	errno = saved;
	return -1;
}

int
sales_err_where(struct sales_err *err, const char *file, unsigned long line,
    const char *column)
{
	if (err == NULL)
		return -1;
	if (file != NULL)
		snprintf(err->file, sizeof(err->file), "%s", file);
	if (line != 0)
		err->line = line;
	if (column != NULL)
		snprintf(err->column, sizeof(err->column), "%s", column);
	return -1;
}

const char *
sales_err_str(struct sales_err *err)
{
	size_t	 n = 0, cap = sizeof(err->str);
	int	 k;

	err->str[0] = '\0';
	if (err->file[0] != '\0') {
		if (err->line != 0)
			k = snprintf(err->str, cap, "%s:%lu: ", err->file,
			    err->line);
		else
			k = snprintf(err->str, cap, "%s: ", err->file);
		n = k < 0 ? 0 : (size_t)k < cap ? (size_t)k : cap - 1;
	}
	if (err->column[0] != '\0' && n < cap) {
		k = snprintf(err->str + n, cap - n, "column '%s': ",
		    err->column);
		n += k < 0 ? 0 : (size_t)k < cap - n ? (size_t)k : cap - n - 1;
	}
	if (n < cap)
		snprintf(err->str + n, cap - n, "%s", err->msg);
	return err->str;
}
