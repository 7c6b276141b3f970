/*
 * roles.h: which column means what (SPEC 2).
 *
 * Programs ask for columns by role (rep, amount, closed...).  Each role
 * has a default header name, and --map ROLE=COLUMN points it at another.
 * Role and header names match case-insensitively, ignoring spaces, '_'
 * and '-'.
 */
#ifndef SALES_ROLES_H
#define SALES_ROLES_H

#include <stddef.h>

#include "libsales/err.h"
#include "libsales/table.h"

enum sales_role {
	SALES_ROLE_ID = 0,
	SALES_ROLE_REP,
	SALES_ROLE_TERRITORY,
	SALES_ROLE_SEGMENT,
	SALES_ROLE_STAGE,
	SALES_ROLE_AMOUNT,
	SALES_ROLE_CREATED,
	SALES_ROLE_CLOSED,
	SALES_ROLE_PROBABILITY,
	SALES_ROLE_CATEGORY,
	SALES_ROLE_HIRE_DATE,
	SALES_ROLE_CAPACITY,
	SALES_ROLE_LOAD,
	SALES_ROLE_TERRITORIES,
	SALES_ROLE_SKILLS,
	SALES_ROLE_WEIGHT,
	SALES_ROLE_ACTIVE,
	SALES_ROLE_QUOTA,
	SALES_ROLE_PERIOD,
	SALES_NROLES
};

/* The header name of each role: the default, or the one --map set. */
struct sales_roles {
	const char	*column[SALES_NROLES];	/* borrowed strings */
};

/*
 * Fill r with the default column of every role (SPEC 2 table): each
 * role's own name, except category, whose column is forecast_category.
 */
void	sales_roles_init(struct sales_roles *r);

/*
 * Apply one --map argument "ROLE=COLUMN" (the string is borrowed and
 * must outlive r); ROLE matches as sales_name_eq() does, and a later
 * --map of the same role wins.  Returns 0, or -1 with r untouched and
 * err set to SALES_EUSAGE: "unknown role 'x' (roles: id, rep, ...)",
 * or "--map: expected ROLE=COLUMN, got 'x'" when there is no '=' or
 * ROLE or COLUMN is empty.
 */
int	sales_roles_map(struct sales_roles *r, const char *arg,
	    struct sales_err *err);

/*
 * Did --map point role at a column other than its default one (as
 * sales_name_eq() compares them)?  Returns 1 or 0 (0 for no such role).
 * A mapped role is read from its mapped column only: a table without
 * it has no column for the role, whatever other headers it has.
 */
int	sales_roles_mapped(const struct sales_roles *r, int role);

/*
 * The role (enum sales_role) named name, matched as sales_name_eq()
 * does ("Hire Date" is hire_date), or -1.
 */
int	sales_role_lookup(const char *name);

/* The name of role ("rep"); a static string, NULL for no such role. */
const char *sales_role_name(int role);

/*
 * The default column of role ("forecast_category" for category); a
 * static string, NULL for no such role.
 */
const char *sales_role_default(int role);

/*
 * Do names a (alen bytes) and b (blen bytes) match, ignoring ASCII
 * case, spaces, '_' and '-' ("Closed-Won", "closed_won" and "ClosedWon"
 * all match "closed won")?  Other bytes compare exactly.  Returns 1
 * or 0.
 */
int	sales_name_eq(const char *a, size_t alen, const char *b, size_t blen);

/*
 * The index (from 0) of the header field matching name (NUL-terminated)
 * among the n fields of hdr, or -1.  An exact byte match wins over a
 * normalised one (sales_name_eq()); among normalised matches the first
 * wins.
 */
int	sales_header_find(const struct sales_field *hdr, size_t n,
	    const char *name);

/*
 * The header field closest to name: the smallest Levenshtein distance
 * between the normalised names (lower case, without spaces, '_' and
 * '-'), the first on a tie.  Reasonably close means a distance of at
 * most max(2, len / 3), len being the normalised length of name; NULL
 * when no field is that close (or names are over 256 bytes).  The
 * result points into hdr.
 */
const struct sales_field *sales_header_closest(const struct sales_field *hdr,
	    size_t n, const char *name);

/*
 * The index of the column of role (r->column[role], found by
 * sales_header_find()) in the n fields of hdr, or -1 when absent.
 */
int	sales_roles_find(const struct sales_roles *r, int role,
	    const struct sales_field *hdr, size_t n);

/*
 * As sales_roles_find(), but an absent column is an error: -1 with err
 * set to SALES_EUSAGE, err->file set to file (left empty when file is
 * NULL or "") and the message
 * "no column 'close_date' for role 'closed' (columns: a, b, c;
 * closest: 'closedate'); use --map closed=COLUMN", so that
 * sales_err_str() gives "FILE: no column ...".  The closest part
 * (sales_header_closest()) is left out when nothing is close; a long
 * column list ends in ", ...".
 */
int	sales_roles_require(const struct sales_roles *r, int role,
	    const struct sales_field *hdr, size_t n, const char *file,
	    struct sales_err *err);

/*
 * An optional role: its column into *col, or -1 when the table lacks
 * the role's default column.  A column that --map named on purpose
 * and that the table lacks is not silently passed over: -1 is
 * returned with err set as by sales_roles_require() (SALES_EUSAGE,
 * naming file, the columns found and the closest one), since a
 * mistyped --map would otherwise change the figures without a word.
 * Returns 0 or -1.
 */
int	sales_roles_optional(const struct sales_roles *r, int role,
	    const struct sales_field *hdr, size_t n, const char *file,
	    int *col, struct sales_err *err);

/*
 * Read the value of the role active (SPEC 2): "yes", "y", "true", "1"
 * are active and "no", "n", "false", "0" are not, in any case and with
 * surrounding spaces or tabs; an empty value is active.  Returns 1
 * (active), 0 (inactive), or -1 for anything else.
 */
int	sales_active_parse(const char *s, size_t len);

#endif
