/*
 * roles.c: the roles of SPEC 2, their default columns, --map, and
 * finding a role's column in a header by normalised name, with the
 * closest header (Levenshtein distance) offered when it is missing.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "libsales/err.h"
#include "libsales/roles.h"
#include "libsales/table.h"

#define NAME_MAX_NORM	256	/* longest normalised name compared */

/* Role names, in enum sales_role order. */
static const char *const role_names[SALES_NROLES] = {
	"id", "rep", "territory", "segment", "stage", "amount", "created",
	"closed", "probability", "category", "hire_date", "capacity", "load",
	"territories", "skills", "weight", "active", "quota", "period"
};

/* Default column of each role (SPEC 2 table). */
static const char *const role_columns[SALES_NROLES] = {
	"id", "rep", "territory", "segment", "stage", "amount", "created",
	"closed", "probability", "forecast_category", "hire_date", "capacity",
	"load", "territories", "skills", "weight", "active", "quota", "period"
};

/* Bytes that names ignore: spaces, '_' and '-'. */
static int
ignorable(int c)
{
	return c == ' ' || c == '_' || c == '-';
}

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/*
 * Normalise len bytes at s into buf (of NAME_MAX_NORM bytes): lower
 * case, ignorable bytes dropped.  Returns the length, or -1 when the
 * name is too long to compare.
 */
static int
normalise(const char *s, size_t len, char *buf)
{
	size_t	 i, n = 0;

	for (i = 0; i < len; i++) {
		if (ignorable((unsigned char)s[i]))
			continue;
		if (n == NAME_MAX_NORM)
			return -1;
		buf[n++] = (char)lower((unsigned char)s[i]);
	}
	return (int)n;
}

int
sales_name_eq(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t	 i = 0, j = 0;

	for (;;) {
		while (i < alen && ignorable((unsigned char)a[i]))
			i++;
		while (j < blen && ignorable((unsigned char)b[j]))
			j++;
		if (i == alen || j == blen)
			return i == alen && j == blen;
		if (lower((unsigned char)a[i]) != lower((unsigned char)b[j]))
			return 0;
		i++;
		j++;
	}
}

void
sales_roles_init(struct sales_roles *r)
{
	int	 i;

	for (i = 0; i < SALES_NROLES; i++)
		r->column[i] = role_columns[i];
}

static int
role_lookup(const char *name, size_t len)
{
	int	 i;

	for (i = 0; i < SALES_NROLES; i++)
		if (sales_name_eq(name, len, role_names[i],
		    strlen(role_names[i])))
			return i;
	return -1;
}

int
sales_role_lookup(const char *name)
{
	if (name == NULL)
		return -1;
	return role_lookup(name, strlen(name));
}

const char *
sales_role_name(int role)
{
	if (role < 0 || role >= SALES_NROLES)
		return NULL;
	return role_names[role];
}

const char *
sales_role_default(int role)
{
	if (role < 0 || role >= SALES_NROLES)
		return NULL;
	return role_columns[role];
}

int
sales_roles_map(struct sales_roles *r, const char *arg,
    struct sales_err *err)
{
	const char	*eq;
	char		 list[256];
	size_t		 n = 0;
	int		 i, role;

	if (arg == NULL)
		arg = "";
	if ((eq = strchr(arg, '=')) == NULL || eq == arg || eq[1] == '\0')
		return sales_err_set(err, SALES_EUSAGE,
		    "--map: expected ROLE=COLUMN, got '%s'", arg);
	if ((role = role_lookup(arg, (size_t)(eq - arg))) == -1) {
		list[0] = '\0';
		for (i = 0; i < SALES_NROLES; i++)
			n += (size_t)snprintf(list + n, sizeof(list) - n,
			    "%s%s", i ? ", " : "", role_names[i]);
		return sales_err_set(err, SALES_EUSAGE,
		    "unknown role '%.*s' (roles: %s)", (int)(eq - arg), arg,
		    list);
	}
	r->column[role] = eq + 1;
	return 0;
}

int
sales_header_find(const struct sales_field *hdr, size_t n, const char *name)
{
	size_t	 i, len;

	if (name == NULL)
		return -1;
	len = strlen(name);
	for (i = 0; i < n; i++)
		if (hdr[i].len == len && memcmp(hdr[i].s, name, len) == 0)
			return (int)i;
	for (i = 0; i < n; i++)
		if (sales_name_eq(hdr[i].s, hdr[i].len, name, len))
			return (int)i;
	return -1;
}

/*
 * The Levenshtein distance of a (alen) and b (blen), both at most
 * NAME_MAX_NORM bytes: insertions, deletions and substitutions each
 * cost 1 (Wagner and Fischer, 1974), kept in two rows.
 */
static int
levenshtein(const char *a, int alen, const char *b, int blen)
{
	int	 row0[NAME_MAX_NORM + 1], row1[NAME_MAX_NORM + 1];
	int	*prev = row0, *cur = row1, *t;
	int	 i, j, d;

	for (j = 0; j <= blen; j++)
		prev[j] = j;
	for (i = 1; i <= alen; i++) {
		cur[0] = i;
		for (j = 1; j <= blen; j++) {
			d = prev[j - 1] + (a[i - 1] != b[j - 1]);
			if (prev[j] + 1 < d)
				d = prev[j] + 1;
			if (cur[j - 1] + 1 < d)
				d = cur[j - 1] + 1;
			cur[j] = d;
		}
		t = prev;
		prev = cur;
		cur = t;
	}
	return prev[blen];
}

const struct sales_field *
sales_header_closest(const struct sales_field *hdr, size_t n,
    const char *name)
{
	const struct sales_field *best = NULL;
	char	 want[NAME_MAX_NORM], got[NAME_MAX_NORM];
	int	 wlen, glen, limit, d, bestd = 0;
	size_t	 i;

	if (name == NULL ||
	    (wlen = normalise(name, strlen(name), want)) == -1)
		return NULL;
	limit = wlen / 3 > 2 ? wlen / 3 : 2;
	for (i = 0; i < n; i++) {
		if ((glen = normalise(hdr[i].s, hdr[i].len, got)) == -1)
			continue;
		/* The distance is at least the difference in length. */
		if (glen - wlen > limit || wlen - glen > limit)
			continue;
		d = levenshtein(want, wlen, got, glen);
		if (d <= limit && (best == NULL || d < bestd)) {
			best = &hdr[i];
			bestd = d;
		}
	}
	return best;
}

int
sales_roles_find(const struct sales_roles *r, int role,
    const struct sales_field *hdr, size_t n)
{
	if (role < 0 || role >= SALES_NROLES)
		return -1;
	return sales_header_find(hdr, n, r->column[role]);
}

int
sales_roles_mapped(const struct sales_roles *r, int role)
{
	const char	*dflt = sales_role_default(role);

	if (dflt == NULL || r->column[role] == NULL)
		return 0;
	return !sales_name_eq(r->column[role], strlen(r->column[role]), dflt,
	    strlen(dflt));
}

int
sales_roles_optional(const struct sales_roles *r, int role,
    const struct sales_field *hdr, size_t n, const char *file, int *col,
    struct sales_err *err)
{
	if ((*col = sales_roles_find(r, role, hdr, n)) >= 0)
		return 0;
	if (!sales_roles_mapped(r, role))
		return 0;
	return sales_roles_require(r, role, hdr, n, file, err);
}

/*
 * Append len bytes at s to buf (size cap, *used bytes so far), keeping
 * it NUL-terminated.  Returns 0, or -1 when it did not fit (buf is
 * then unchanged).
 */
static int
append(char *buf, size_t cap, size_t *used, const char *s, size_t len)
{
	if (*used + len + 1 > cap)
		return -1;
	memcpy(buf + *used, s, len);
	*used += len;
	buf[*used] = '\0';
	return 0;
}

int
sales_roles_require(const struct sales_roles *r, int role,
    const struct sales_field *hdr, size_t n, const char *file,
    struct sales_err *err)
{
	const struct sales_field *near;
	char		 cols[400], hint[160];
	const char	*name;
	size_t		 used = 0, i;
	int		 col;

	if (role < 0 || role >= SALES_NROLES)
		return sales_err_set(err, SALES_EUSAGE, "unknown role %d",
		    role);
	if ((col = sales_roles_find(r, role, hdr, n)) != -1)
		return col;

	/* The headers found, as many as fit, then "...". */
	name = r->column[role];
	cols[0] = '\0';
	for (i = 0; i < n; i++) {
		/* Keep room for ", ..." after what fits. */
		if (used + (i > 0 ? 2 : 0) + hdr[i].len + 1 >
		    sizeof(cols) - 5) {
			append(cols, sizeof(cols), &used, i > 0 ? ", ..." :
			    "...", i > 0 ? 5 : 3);
			break;
		}
		if (i > 0)
			append(cols, sizeof(cols), &used, ", ", 2);
		append(cols, sizeof(cols), &used, hdr[i].s, hdr[i].len);
	}
	hint[0] = '\0';
	if ((near = sales_header_closest(hdr, n, name)) != NULL)
		snprintf(hint, sizeof(hint), "; closest: '%.*s'",
		    (int)(near->len < 128 ? near->len : 128), near->s);
	sales_err_set(err, SALES_EUSAGE,
	    "no column '%s' for role '%s' (columns: %s%s); "
	    "use --map %s=COLUMN", name, role_names[role], cols, hint,
	    role_names[role]);
	if (file != NULL && file[0] != '\0')
		sales_err_where(err, file, 0, NULL);
	return -1;
}

int
sales_active_parse(const char *s, size_t len)
{
	static const char *const yes[] = { "yes", "y", "true", "1" };
	static const char *const no[] = { "no", "n", "false", "0" };
	size_t	 i;

	while (len > 0 && (*s == ' ' || *s == '\t'))
		s++, len--;
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	if (len == 0)
		return 1;
	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (strlen(yes[i]) == len && strncasecmp(s, yes[i], len) == 0)
			return 1;
		if (strlen(no[i]) == len && strncasecmp(s, no[i], len) == 0)
			return 0;
	}
	return -1;
}
