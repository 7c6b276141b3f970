/*
 * err.h: error reports that libsales hands back to the programs.
 *
 * libsales never prints and never exits.  A failing function fills a
 * caller-owned struct sales_err and returns -1; the program prints
 * sales_err_str() and chooses the exit status (see cli.h).
 */
#ifndef SALES_ERR_H
#define SALES_ERR_H

#include <stddef.h>

enum sales_errcode {
	SALES_EOK = 0,
	SALES_EIO,		/* open, read or write failed; errnum holds errno */
	SALES_ENOMEM,		/* an allocation failed */
	SALES_EPARSE,		/* malformed table: unterminated quote, bad UTF-16 */
	SALES_EHEADER,		/* missing or duplicate header, headers differ */
	SALES_EROW,		/* a row with the wrong number of fields */
	SALES_EVALUE,		/* a field that is not a valid money, date... */
	SALES_EUSAGE,		/* bad option, unknown role, bad rule */
	SALES_ELIMIT		/* a field or a nesting over its limit */
};

struct sales_err {
	int		 code;		/* enum sales_errcode */
	int		 errnum;	/* errno for SALES_EIO, else 0 */
	char		 file[256];	/* "" when not about a file */
	unsigned long	 line;		/* 1-based physical line, 0 = none */
	char		 column[128];	/* column name, "" = none */
	char		 msg[768];	/* lower case, no full stop */
	char		 str[1280];	/* buffer for sales_err_str() */
};

/*
 * Clear err: code SALES_EOK, no location, empty message.
 */
void	sales_err_clear(struct sales_err *err);

/*
 * Record an error of the given code with a printf-style message and
 * clear any location.  err may be NULL (the error is then dropped).
 * Always returns -1, so that library code can write
 * "return sales_err_set(err, SALES_EVALUE, "...")".
 */
int	sales_err_set(struct sales_err *err, int code, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

/*
 * Record a system error: code (normally SALES_EIO), errnum = errno as it
 * is on entry, file = path, message = strerror(errnum).  Returns -1.
 */
int	sales_err_sys(struct sales_err *err, int code, const char *path);

/*
 * Attach a location to the error already in err: file (NULL leaves it),
 * physical line (0 leaves it) and column name (NULL leaves it).
 * Returns -1.
 */
int	sales_err_where(struct sales_err *err, const char *file,
	    unsigned long line, const char *column);

/*
 * Format err as "FILE:LINE: column 'NAME': MESSAGE", leaving out the
 * parts that are not set ("FILE: MESSAGE" for a system error).  The
 * string lives in err->str and stays valid until err changes.
 */
const char *sales_err_str(struct sales_err *err);

#endif
