/*
 * state.c: the --state file of sm-assign: named counters kept between
 * runs, under an exclusive flock(2), replaced atomically by rename(2).
 */
#include <sys/file.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "libsales/groups.h"
#include "libsales/mem.h"
#include "libsales/state.h"

struct sales_state {
	char			*path;
	int			 fd;	/* locked; -1 when closed */
	mode_t			 mode;	/* of the file when opened */
	struct sales_groups	*keys;	/* "NS\0KEY" -> entry number */
	int64_t			*vals;
	unsigned char		*live;	/* 0: dropped */
	size_t			 cap;
};

/*
 * Open and lock path, retrying when the file we locked was replaced in
 * the meantime (renamed over by a run that held the lock before us).
 */
static int
lock_path(const char *path, int *fdp, mode_t *modep, struct sales_err *err)
{
	struct stat	 a, b;
	int		 fd;

	for (;;) {
		if ((fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666)) == -1)
			return sales_err_sys(err, SALES_EIO, path);
		while (flock(fd, LOCK_EX) == -1) {
			if (errno != EINTR) {
				sales_err_sys(err, SALES_EIO, path);
				close(fd);
				return -1;
			}
		}
		if (fstat(fd, &a) == -1) {
			sales_err_sys(err, SALES_EIO, path);
			close(fd);
			return -1;
		}
		if (stat(path, &b) == 0) {
			if (a.st_dev == b.st_dev && a.st_ino == b.st_ino)
				break;
		} else if (errno != ENOENT) {
			sales_err_sys(err, SALES_EIO, path);
			close(fd);
			return -1;
		}
		close(fd);
	}
	*fdp = fd;
	*modep = a.st_mode & 07777;
	return 0;
}

/* Read the whole of fd into a new NUL-terminated buffer. */
static int
slurp(int fd, const char *path, char **bufp, size_t *lenp,
    struct sales_err *err)
{
	char	*buf = NULL, *nb;
	size_t	 len = 0, cap = 0;
	ssize_t	 n;

	for (;;) {
		if (cap - len < 4096) {
			cap = cap ? cap * 2 : 8192;
			if ((nb = sales_realloc(buf, cap)) == NULL) {
				sales_free(buf);
				return sales_err_set(err, SALES_ENOMEM,
				    "out of memory");
			}
			buf = nb;
		}
		n = read(fd, buf + len, cap - len - 1);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			sales_err_sys(err, SALES_EIO, path);
			sales_free(buf);
			return -1;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	buf[len] = '\0';
	*bufp = buf;
	*lenp = len;
	return 0;
}

/*
 * Decode the escapes of s (len bytes) in place: \t, \n, \r, \0 and a
 * backslash before any other byte, which stands for that byte (so \\
 * is a backslash).
 */
static size_t
unescape(char *s, size_t len)
{
	size_t	 i, o;

	for (i = o = 0; i < len; i++) {
		if (s[i] == '\\' && i + 1 < len) {
			i++;
			switch (s[i]) {
			case 't':
				s[o++] = '\t';
				break;
			case 'n':
				s[o++] = '\n';
				break;
			case 'r':
				s[o++] = '\r';
				break;
			case '0':
				s[o++] = '\0';
				break;
			default:
				s[o++] = s[i];
				break;
			}
		} else
			s[o++] = s[i];
	}
	return o;
}

/*
 * Parse one line of len bytes (NUL-terminated after them, no newline)
 * and add its entry.  The line is taken by its length, so that a raw
 * NUL byte in a key (as files written before NUL was escaped hold) is
 * read as part of the key; the namespace and the value hold none.
 */
static int
parse_line(struct sales_state *st, char *line, size_t len,
    unsigned long lineno, struct sales_err *err)
{
	char		*t1, *t2, *end, *eol = line + len;
	size_t		 keylen;
	long long	 v;

	if ((t1 = memchr(line, '\t', len)) == NULL || t1 == line ||
	    memchr(line, '\0', (size_t)(t1 - line)) != NULL ||
	    (t2 = memchr(t1 + 1, '\t', (size_t)(eol - t1 - 1))) == NULL)
		goto bad;
	*t1 = '\0';
	*t2 = '\0';
	errno = 0;
	v = strtoll(t2 + 1, &end, 10);
	if (t2 + 1 == eol || end != eol || errno != 0)
		goto bad;
	keylen = unescape(t1 + 1, (size_t)(t2 - t1 - 1));
	return sales_state_set(st, line, t1 + 1, keylen, v, err);
bad:
	sales_err_set(err, SALES_EPARSE, "not a state entry");
	return sales_err_where(err, st->path, lineno, NULL);
}

static int
parse(struct sales_state *st, char *buf, size_t len, struct sales_err *err)
{
	char		*p = buf, *nl, *end = buf + len;
	unsigned long	 lineno = 0;
	size_t		 n;

	while (p < end) {
		lineno++;
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		*nl = '\0';
		n = (size_t)(nl - p);
		if (n > 0 && p[n - 1] == '\r')
			p[--n] = '\0';
		if (n > 0 && p[0] != '#' &&
		    parse_line(st, p, n, lineno, err) == -1)
			return -1;
		p = nl + 1;
	}
	return 0;
}

int
sales_state_open(struct sales_state **sp, const char *path,
    struct sales_err *err)
{
	struct sales_state	*st;
	char			*buf = NULL;
	size_t			 len = 0;

	*sp = NULL;
	if ((st = sales_calloc(1, sizeof(*st))) == NULL)
		return sales_err_set(err, SALES_ENOMEM, "out of memory");
	st->fd = -1;
	if ((st->path = sales_strndup(path, strlen(path))) == NULL) {
		sales_state_close(st);
		return sales_err_set(err, SALES_ENOMEM, "out of memory");
	}
	if (sales_groups_new(&st->keys, err) == -1 ||
	    lock_path(path, &st->fd, &st->mode, err) == -1 ||
	    slurp(st->fd, path, &buf, &len, err) == -1 ||
	    parse(st, buf, len, err) == -1) {
		sales_free(buf);
		sales_state_close(st);
		return -1;
	}
	sales_free(buf);
	*sp = st;
	return 0;
}

/* Build "NS\0KEY" in a new buffer. */
static char *
make_key(const char *ns, const char *key, size_t keylen, size_t *lenp)
{
	size_t	 nslen = strlen(ns);
	char	*k;

	if ((k = sales_malloc(nslen + 1 + keylen + 1)) == NULL)
		return NULL;
	memcpy(k, ns, nslen + 1);
	memcpy(k + nslen + 1, key, keylen);
	k[nslen + 1 + keylen] = '\0';
	*lenp = nslen + 1 + keylen;
	return k;
}

int
sales_state_get(const struct sales_state *st, const char *ns,
    const char *key, size_t keylen, int64_t *val)
{
	char	*k;
	size_t	 len;
	long	 i;

	if ((k = make_key(ns, key, keylen, &len)) == NULL)
		return 0;
	i = sales_groups_lookup(st->keys, k, len);
	sales_free(k);
	if (i < 0 || !st->live[i])
		return 0;
	*val = st->vals[i];
	return 1;
}

int
sales_state_set(struct sales_state *st, const char *ns, const char *key,
    size_t keylen, int64_t val, struct sales_err *err)
{
	char		*k;
	size_t		 len, ncap;
	long		 i;
	int64_t		*nv;
	unsigned char	*nl;

	if ((k = make_key(ns, key, keylen, &len)) == NULL)
		return sales_err_set(err, SALES_ENOMEM, "out of memory");
	i = sales_groups_intern(st->keys, k, len, NULL, err);
	sales_free(k);
	if (i < 0)
		return -1;
	if ((size_t)i >= st->cap) {
		ncap = st->cap ? st->cap * 2 : 16;
		if ((nv = sales_reallocarray(st->vals, ncap,
		    sizeof(*nv))) == NULL)
			return sales_err_set(err, SALES_ENOMEM,
			    "out of memory");
		st->vals = nv;
		if ((nl = sales_reallocarray(st->live, ncap, 1)) == NULL)
			return sales_err_set(err, SALES_ENOMEM,
			    "out of memory");
		st->live = nl;
		memset(st->live + st->cap, 0, ncap - st->cap);
		st->cap = ncap;
	}
	st->vals[i] = val;
	st->live[i] = 1;
	return 0;
}

void
sales_state_drop(struct sales_state *st, const char *ns)
{
	struct sales_field	 k;
	size_t			 i, n, nslen = strlen(ns);

	n = sales_groups_count(st->keys);
	for (i = 0; i < n; i++) {
		k = sales_groups_key(st->keys, i);
		if (k.len > nslen && memcmp(k.s, ns, nslen + 1) == 0)
			st->live[i] = 0;
	}
}

size_t
sales_state_count(const struct sales_state *st)
{
	size_t	 i, n, live = 0;

	n = sales_groups_count(st->keys);
	for (i = 0; i < n; i++)
		live += st->live[i];
	return live;
}

/*
 * Write key with the linear-TSV escapes, and NUL as \0, so that every
 * byte of a key reads back (unescape()).
 */
static void
put_escaped(FILE *fp, const char *s, size_t len)
{
	size_t	 i;

	for (i = 0; i < len; i++) {
		switch (s[i]) {
		case '\t':
			fputs("\\t", fp);
			break;
		case '\n':
			fputs("\\n", fp);
			break;
		case '\r':
			fputs("\\r", fp);
			break;
		case '\\':
			fputs("\\\\", fp);
			break;
		case '\0':
			fputs("\\0", fp);
			break;
		default:
			putc(s[i], fp);
			break;
		}
	}
}

static void
write_entries(const struct sales_state *st, FILE *fp)
{
	struct sales_field	 k;
	size_t			 i, n, nslen;

	fputs("# sm-assign state: namespace, key, value\n", fp);
	n = sales_groups_count(st->keys);
	for (i = 0; i < n; i++) {
		if (!st->live[i])
			continue;
		k = sales_groups_key(st->keys, i);
		nslen = strlen(k.s);
		fwrite(k.s, 1, nslen, fp);
		putc('\t', fp);
		put_escaped(fp, k.s + nslen + 1, k.len - nslen - 1);
		fprintf(fp, "\t%" PRId64 "\n", st->vals[i]);
	}
}

int
sales_state_commit(struct sales_state *st, struct sales_err *err)
{
	char	*tmp;
	size_t	 len = strlen(st->path);
	FILE	*fp;
	int	 fd, saved;

	if ((tmp = sales_malloc(len + 8)) == NULL)
		return sales_err_set(err, SALES_ENOMEM, "out of memory");
	memcpy(tmp, st->path, len);
	memcpy(tmp + len, ".XXXXXX", 8);
	if ((fd = mkstemp(tmp)) == -1) {
		sales_err_sys(err, SALES_EIO, st->path);
		sales_free(tmp);
		return -1;
	}
	if (fchmod(fd, st->mode) == -1 || (fp = fdopen(fd, "w")) == NULL) {
		saved = errno;
		close(fd);
		goto fail;
	}
	write_entries(st, fp);
	if (fflush(fp) == EOF || ferror(fp) || fsync(fileno(fp)) == -1) {
		saved = errno;
		fclose(fp);
		goto fail;
	}
	if (fclose(fp) == EOF) {
		saved = errno;
		goto fail;
	}
	if (rename(tmp, st->path) == -1) {
		saved = errno;
		goto fail;
	}
	sales_free(tmp);
	return 0;
fail:
	unlink(tmp);
	sales_free(tmp);
	errno = saved;
	return sales_err_sys(err, SALES_EIO, st->path);
}

void
sales_state_close(struct sales_state *st)
{
	if (st == NULL)
		return;
	if (st->fd != -1)
		close(st->fd);
	sales_groups_free(st->keys);
	sales_free(st->vals);
	sales_free(st->live);
	sales_free(st->path);
	sales_free(st);
}
