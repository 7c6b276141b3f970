/*
 * expr.h: the rules language of sm-segment (SPEC 5): a lexer, a parser
 * to a tree and an evaluator.
 *
 * A rule set is made of lines read from rule files and -e arguments:
 *
 *	# comment
 *	score +20: budget >= 10000
 *	qualified: score >= 50 and not empty(phone)
 *
 * "score +N: EXPR" lines add N points when EXPR holds; "NAME: EXPR"
 * lines name the segment, the first that holds winning.  A rule set is
 * parsed once (sales_rules_parse(), syntax and regular expressions),
 * bound once to a table header (sales_rules_bind(), column names), then
 * evaluated once a row (sales_rules_eval()), which allocates nothing
 * except to grow a scratch buffer to the longest value seen.
 *
 * Values are typed as they are used, as in awk: a field is text that
 * may also read as a number (money.h, ten-thousandths) or a date
 * (date.h, --date-format); a quoted string is text only.  Comparisons
 * are numeric when both sides are numbers, by date when both are
 * dates, else by bytes.  An empty field is no value: an ordering
 * comparison with it is false, "==" holds only between two empty
 * values, and arithmetic with it is empty.
 *
 * Nesting is limited to SALES_EXPR_MAXDEPTH levels.  Each pair of
 * parentheses, each unary operator ("not", "-", "+"), each function
 * call, each "in" list and each operator of a chain of arithmetic
 * ("a + b + c" is two levels) opens one level around what it holds;
 * comparisons open none, and "and" and "or" chains and the items of an
 * "in" list are flat, however long.  So 64 nested parentheses, 64 "not"
 * in a row or 64 nested calls are accepted and 65 refused, at the
 * construct that opens level 65.  The parser stops there before it
 * recurses any deeper, and a tree of 64 levels is at most
 * 4 x (64 + 1) nodes high, which bounds the evaluator's recursion.
 */
#ifndef SALES_EXPR_H
#define SALES_EXPR_H

#include <stddef.h>
#include <stdint.h>

#include "libsales/date.h"
#include "libsales/err.h"
#include "libsales/table.h"

#define SALES_EXPR_MAXDEPTH	64	/* nesting levels of an expression */
#define SALES_RULES_MAXPOINTS	1000000	/* largest |N| of "score +N" */

/* How values are read; fill with sales_rules_opts_init(), then set. */
struct sales_rules_opts {
	const struct sales_datefmt *datefmt;	/* fields' dates; NULL: ISO */
	int		 money_flags;	/* SALES_MONEY_DECIMAL_COMMA */
	long		 as_of;		/* days(d) counts from d to this day */
	const char	*default_segment;	/* no rule holds; borrowed */
	int		 explain;	/* build the reasons of each row */
};

/*
 * What sales_rules_eval() found for one row.  reasons is owned by the
 * rule set and valid until the next evaluation or sales_rules_free().
 */
struct sales_verdict {
	long long	 score;		/* points of the rules that held */
	size_t		 segment;	/* number of the segment's name */
	const char	*reasons;	/* explain: NUL-terminated; else "" */
	size_t		 reasonslen;
};

struct sales_rules;

/*
 * Fill o with the defaults: ISO dates, '.' decimal point, as_of day 0
 * (the caller sets today), default segment "unsegmented", no reasons.
 */
void	sales_rules_opts_init(struct sales_rules_opts *o);

/*
 * Make an empty rule set with the options o (copied; the strings and
 * datefmt it points to are borrowed and must outlive the set).
 * Returns 0 with *rp set (free it with sales_rules_free()), or -1 with
 * err set (SALES_ENOMEM).
 */
int	sales_rules_new(struct sales_rules **rp,
	    const struct sales_rules_opts *o, struct sales_err *err);

/*
 * Parse len bytes of rules text (lines ending in LF or CRLF; blank
 * lines and lines starting with '#' are skipped; a leading UTF-8
 * byte-order mark is dropped) and append its rules to r.  name is the
 * source in messages ("rules.txt", "-e 1"); it is copied.  Regular
 * expressions are compiled here with regcomp(3).  Returns 0, or -1 with
 * err set: SALES_EUSAGE with a message of the form
 * "NAME:LINE:COL: WHAT", then a line holding the rule and a line with
 * a caret under COL (a byte column, from 1); SALES_ELIMIT (same form)
 * for an expression nested deeper than SALES_EXPR_MAXDEPTH;
 * SALES_ENOMEM.  After an error r holds the rules before the bad one.
 */
int	sales_rules_parse(struct sales_rules *r, const char *text, size_t len,
	    const char *name, struct sales_err *err);

/*
 * Read the file at path and parse it as sales_rules_parse() with the
 * name path.  Returns 0, or -1 with err set as that function, or
 * SALES_EIO naming path.
 */
int	sales_rules_load(struct sales_rules *r, const char *path,
	    struct sales_err *err);

/*
 * Resolve the column names of every rule against the header hdr (n
 * fields) with sales_header_find() (exact bytes first, then ignoring
 * case, spaces, '_' and '-').  A bare "score" is the total of the score
 * rules when the set has any, else a column.  Call once, after the last
 * parse and before the first evaluation.  Returns 0, or -1 with err
 * set: SALES_EUSAGE in the form of sales_rules_parse(), e.g.
 * "rules.txt:3:7: no column 'budgt' (closest: 'budget')"; SALES_ENOMEM.
 */
int	sales_rules_bind(struct sales_rules *r, const struct sales_field *hdr,
	    size_t n, struct sales_err *err);

/* The number of score rules and of segment rules in r. */
size_t	sales_rules_nscores(const struct sales_rules *r);
size_t	sales_rules_nsegments(const struct sales_rules *r);

/*
 * The columns the bound rules read, ascending, without repeats: *n
 * entries, owned by r.  sales_rules_eval() looks at no other entry of
 * its row.
 */
const size_t *sales_rules_columns(const struct sales_rules *r, size_t *n);

/*
 * The distinct segment names, numbered in the order of the rules, the
 * default segment last (unless a rule already has its name): the
 * count, and name i (NUL-terminated, owned by r).
 */
size_t	sales_rules_nnames(const struct sales_rules *r);
const char *sales_rules_name(const struct sales_rules *r, size_t i);

/*
 * Evaluate the bound rules over one row: row[col] is the value of
 * column col as sales_reader_value() gives it (empty = no value), for
 * every col of sales_rules_columns(); n is the row's width.  Fills *v.
 * Returns 0, or -1 with err set (SALES_ENOMEM, when a scratch buffer
 * cannot grow; SALES_EUSAGE when r is not bound or n is too small).
 */
int	sales_rules_eval(struct sales_rules *r, const struct sales_field *row,
	    size_t n, struct sales_verdict *v, struct sales_err *err);

/* Free r, its trees and compiled expressions; NULL is a no-op. */
void	sales_rules_free(struct sales_rules *r);

#endif
