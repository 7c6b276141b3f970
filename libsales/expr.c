/*
 * expr.c: the rules language of sm-segment.  A hand-written lexer and a
 * recursive-descent parser build, for each rule, a tree of nodes kept
 * in one array (children by index, "and", "or" and "in" flat); a
 * tree-walking evaluator reads one row through an array of field views.
 * Both recursions are bounded by SALES_EXPR_MAXDEPTH levels of nesting
 * (expr.h): the parser counts the constructs it is inside of and stops
 * at the first one too many, and every node records the levels at and
 * below it, so that a chain of arithmetic (which the parser loops over)
 * is bounded too.  Between two levels a tree holds at most an "or", an
 * "and" and a comparison node, so the evaluator recurses through at most
 * 4 x (SALES_EXPR_MAXDEPTH + 1) nodes, the parser through about ten
 * functions a level.
 */
#include <ctype.h>
#include <regex.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "libsales/date.h"
#include "libsales/err.h"
#include "libsales/expr.h"
#include "libsales/mem.h"
#include "libsales/money.h"
#include "libsales/roles.h"

#define SCALE		((int64_t)SALES_MONEY_SCALE)
#define SHOWMAX		40	/* bytes of source quoted in a message */
#define WINDOW		120	/* bytes of the rule line shown */

enum tok {
	T_EOF = 0, T_NUM, T_STR, T_NAME, T_COLUMN, T_LP, T_RP, T_COMMA,
	T_AND, T_OR, T_NOT, T_IN, T_TRUE, T_FALSE,
	T_EQ, T_NE, T_LT, T_LE, T_GT, T_GE,
	T_MATCH, T_NMATCH, T_IMATCH, T_NIMATCH,
	T_PLUS, T_MINUS, T_STAR, T_SLASH,
	T_COLON			/* the ':' before an expression */
};

enum op {
	N_NULL = 0, N_BOOL, N_NUM, N_STR, N_DATE, N_COL, N_SCORE,
	N_OR, N_AND, N_NOT, N_NEG, N_POS, N_ADD, N_SUB, N_MUL, N_DIV,
	N_EQ, N_NE, N_LT, N_LE, N_GT, N_GE, N_MATCH, N_IN,
	N_LOWER, N_UPPER, N_LEN, N_EMPTY, N_NUMF, N_DAYS, N_DATEF,
	N_CNUM,			/* bound: a column or score vs a number */
	N_CSTR			/* bound: a column vs a string */
};

enum vt { V_NULL = 0, V_BOOL, V_NUM, V_DATE, V_STR, V_FIELD };

struct token {
	int		 t;
	size_t		 pos;		/* byte offset in the line */
	size_t		 len;		/* bytes of source */
	int64_t		 num;		/* T_NUM */
};

struct node {
	int		 op;
	int		 level;		/* nesting at and below; 0: leaf */
	int		 neg;		/* N_MATCH, N_IN: negated */
	int		 bare;		/* N_COL: a bare name, not [..] */
	long		 kid;		/* first child, -1: none */
	long		 last;		/* last child */
	long		 next;		/* next sibling */
	int64_t		 num;		/* N_BOOL, N_NUM, N_DATE; N_COL col */
	char		*str;		/* N_STR bytes, N_COL name */
	size_t		 len;
	regex_t		*re;		/* N_MATCH */
	char		*buf;		/* N_LOWER, N_UPPER: scratch */
	size_t		 cap;
	size_t		 pos;		/* byte offset in the rule's line */
	struct litset	*lits;		/* N_MATCH: the pattern's strings */
	int		 strlist;	/* N_IN: the list is all strings */
	int		 cmp;		/* N_CNUM, N_CSTR: field cmp literal */
	int		 orig;		/* N_CNUM, N_CSTR: the node's own op */
	int64_t		 lit;		/* N_CNUM: the number */
	const char	*ls;		/* N_CSTR: the string, the kid's */
	size_t		 llen;
};

/*
 * The strings that a regular expression such as "@(gmail|yahoo)\." or
 * "^(SMS Sent|Email Opened)$" matches: a pattern made of literal text,
 * escaped special characters, '|', groups of alternatives and anchors
 * at the ends of its branches denotes a finite set of strings, which
 * memmem(3) finds faster than regexec(3) does.
 */
#define MAXLITS		32
#define MAXLITBYTES	4096

struct litset {
	size_t		 n;
	size_t		 off[MAXLITS + 1];	/* i: [off[i], off[i + 1]) */
	unsigned char	 anch[MAXLITS];		/* 1: at the start, 2: end */
	char		 buf[MAXLITBYTES];
};

struct rule {
	int		 score;		/* a "score +N" rule */
	long		 points;
	size_t		 name;		/* segment rules: number of the name */
	long		 root;		/* node of the expression */
	long		 first;		/* its nodes: [first, end) */
	long		 end;
	const char	*src;		/* owned by the rule set */
	unsigned long	 line;
	char		*text;		/* the line, NUL-terminated */
	size_t		 textlen;
	size_t		 estart;	/* the expression in text */
	size_t		 elen;
};

struct cache {
	unsigned long	 numgen;	/* row generation of num */
	unsigned long	 dategen;
	int		 isnum;
	int		 isdate;
	int64_t		 num;
	long		 date;
};

struct sales_rules {
	struct sales_rules_opts	 o;
	struct sales_datefmt	 iso;
	struct node		*nodes;
	size_t			 nnodes;
	size_t			 capnodes;
	struct rule		*rules;
	size_t			 nrules;
	size_t			 caprules;
	size_t			 nscores;
	size_t			 nsegments;
	char			**names;	/* segment names */
	size_t			 nnames;
	size_t			 capnames;
	char			**srcs;		/* source names */
	size_t			 nsrcs;
	int			 bound;
	size_t			 defname;	/* the default's name */
	size_t			 ncols;		/* header width */
	size_t			*cols;		/* columns read */
	size_t			 ncolsused;
	struct cache		*cache;
	unsigned long		 gen;
	const struct sales_field *row;
	long long		 total;		/* score so far */
	int			 oom;
	char			*reasons;
	size_t			 rlen;
	size_t			 rcap;
};

struct val {
	int		 t;		/* enum vt */
	int64_t		 n;		/* V_BOOL, V_NUM, V_DATE */
	const char	*s;		/* V_STR, V_FIELD */
	size_t		 len;
	size_t		 col;		/* V_FIELD */
};

struct parser {
	struct sales_rules	*r;
	const char		*src;
	unsigned long		 lineno;
	const char		*s;	/* the line */
	size_t			 len;
	size_t			 pos;	/* where the lexer is */
	struct token		 tok;	/* the current token */
	struct token		 prev;	/* the token before it */
	int			 depth;
	struct sales_err	*err;
};

static const struct {
	const char	*name;
	int		 op;
} funcs[] = {
	{ "date",	N_DATEF },
	{ "days",	N_DAYS },
	{ "empty",	N_EMPTY },
	{ "len",	N_LEN },
	{ "lower",	N_LOWER },
	{ "num",	N_NUMF },
	{ "upper",	N_UPPER }
};

static long	parse_or(struct parser *);
static void	eval(struct sales_rules *, long, struct val *);
static int	truth(struct sales_rules *, long);

/*
 * Append to buf (size cap, *n used) a display copy of len bytes at s,
 * with control bytes other than tab shown as '?'.
 */
static void
put_bytes(char *buf, size_t cap, size_t *n, const char *s, size_t len)
{
	size_t	 i;

	for (i = 0; i < len && *n + 1 < cap; i++) {
		unsigned char c = (unsigned char)s[i];

		buf[(*n)++] = (c < 0x20 && c != '\t') || c == 0x7f ? '?' :
		    (char)c;
	}
	buf[*n] = '\0';
}

/*
 * Set err to "SRC:LINE:COL: MESSAGE", then the line (or a window of it
 * around pos) and a caret under byte pos.  Returns -1.
 */
static int
rule_error(struct sales_err *err, int code, const char *src,
    unsigned long lineno, const char *s, size_t len, size_t pos,
    const char *fmt, ...)
{
	char	 msg[sizeof(err->msg)];
	size_t	 n, ws, we, i;
	va_list	 ap;
	int	 k;

	if (pos > len)
		pos = len;
	k = snprintf(msg, sizeof(msg), "%s:%lu:%zu: ", src, lineno, pos + 1);
	n = k < 0 ? 0 : (size_t)k < sizeof(msg) ? (size_t)k : sizeof(msg) - 1;
	va_start(ap, fmt);
	k = vsnprintf(msg + n, sizeof(msg) - n, fmt, ap);
	va_end(ap);
	n += k < 0 ? 0 : (size_t)k < sizeof(msg) - n ? (size_t)k :
	    sizeof(msg) - n - 1;

	/* A window of the line that holds pos, cut at character starts. */
	ws = pos > WINDOW / 2 ? pos - WINDOW / 2 : 0;
	while (ws > 0 && ((unsigned char)s[ws] & 0xc0) == 0x80)
		ws--;
	we = ws + WINDOW < len ? ws + WINDOW : len;
	while (we < len && ((unsigned char)s[we] & 0xc0) == 0x80)
		we++;
	put_bytes(msg, sizeof(msg), &n, "\n", 1);
	msg[n - 1] = '\n';
	if (ws > 0)
		put_bytes(msg, sizeof(msg), &n, "...", 3);
	put_bytes(msg, sizeof(msg), &n, s + ws, we - ws);
	if (we < len)
		put_bytes(msg, sizeof(msg), &n, "...", 3);
	if (n + 1 < sizeof(msg))
		msg[n++] = '\n';
	if (ws > 0)
		put_bytes(msg, sizeof(msg), &n, "   ", 3);
	for (i = ws; i < pos && n + 2 < sizeof(msg); i++) {
		if (s[i] == '\t')
			msg[n++] = '\t';
		else if (((unsigned char)s[i] & 0xc0) != 0x80)
			msg[n++] = ' ';
	}
	if (n + 1 < sizeof(msg))
		msg[n++] = '^';
	msg[n] = '\0';
	return sales_err_set(err, code, "%s", msg);
}

/*
 * Copy for a message the source bytes [from, to) of the line, the last
 * SHOWMAX of them when longer, into buf (SHOWMAX + 8 bytes).
 */
static const char *
show(const struct parser *p, size_t from, size_t to, char *buf)
{
	size_t	 n = 0;

	while (from < to && isspace((unsigned char)p->s[from]))
		from++;
	while (to > from && isspace((unsigned char)p->s[to - 1]))
		to--;
	buf[0] = '\0';
	if (to - from > SHOWMAX) {
		from = to - SHOWMAX;
		while (from < to && ((unsigned char)p->s[from] & 0xc0) == 0x80)
			from++;
		put_bytes(buf, SHOWMAX + 8, &n, "...", 3);
	}
	put_bytes(buf, SHOWMAX + 8, &n, p->s + from, to - from);
	return buf;
}

/* The source text of token t, shortened, for a message. */
static const char *
show_tok(const struct parser *p, const struct token *t, char *buf)
{
	if (t->t == T_EOF)
		return "end of rule";
	return show(p, t->pos, t->pos + t->len, buf);
}

static int
perr(struct parser *p, int code, size_t pos, const char *fmt, ...)
{
	char	 msg[512];
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return rule_error(p->err, code, p->src, p->lineno, p->s, p->len, pos,
	    "%s", msg);
}

/*
 * The lexer: read the token at p->pos into p->tok.  Returns 0, or -1
 * with the error set.
 */
static int
lex(struct parser *p)
{
	const char	*s = p->s;
	struct token	*t = &p->tok;
	size_t		 i, start, n = p->len;
	const char	*why;
	unsigned char	 c;

	p->prev = *t;
	i = p->pos;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	memset(t, 0, sizeof(*t));
	t->pos = start = i;
	if (i >= n || s[i] == '#') {
		t->t = T_EOF;
		p->pos = i;
		return 0;
	}
	c = (unsigned char)s[i];
	switch (c) {
	case '(':
		t->t = T_LP;
		i++;
		break;
	case ')':
		t->t = T_RP;
		i++;
		break;
	case ',':
		t->t = T_COMMA;
		i++;
		break;
	case '+':
		t->t = T_PLUS;
		i++;
		break;
	case '-':
		t->t = T_MINUS;
		i++;
		break;
	case '*':
		t->t = T_STAR;
		i++;
		break;
	case '/':
		t->t = T_SLASH;
		i++;
		break;
	case '=':
		if (i + 1 < n && s[i + 1] == '=') {
			t->t = T_EQ;
			i += 2;
			break;
		}
		return perr(p, SALES_EUSAGE, i,
		    "unexpected '=' (compare with '==')");
	case '!':
		if (i + 1 < n && s[i + 1] == '=') {
			t->t = T_NE;
			i += 2;
		} else if (i + 2 < n && s[i + 1] == '~' && s[i + 2] == '*') {
			t->t = T_NIMATCH;
			i += 3;
		} else if (i + 1 < n && s[i + 1] == '~') {
			t->t = T_NMATCH;
			i += 2;
		} else {
			t->t = T_NOT;
			i++;
		}
		break;
	case '<':
	case '>':
		if (i + 1 < n && s[i + 1] == '=') {
			t->t = c == '<' ? T_LE : T_GE;
			i += 2;
		} else {
			t->t = c == '<' ? T_LT : T_GT;
			i++;
		}
		break;
	case '~':
		if (i + 1 < n && s[i + 1] == '*') {
			t->t = T_IMATCH;
			i += 2;
		} else {
			t->t = T_MATCH;
			i++;
		}
		break;
	case '&':
	case '|':
		if (i + 1 < n && s[i + 1] == (char)c) {
			t->t = c == '&' ? T_AND : T_OR;
			i += 2;
			break;
		}
		return perr(p, SALES_EUSAGE, i, "unexpected '%c' (use '%c%c' "
		    "or '%s')", c, c, c, c == '&' ? "and" : "or");
	case '\'':
		return perr(p, SALES_EUSAGE, i,
		    "strings are written in double quotes");
	case '"':
	case '[':
		t->t = c == '"' ? T_STR : T_COLUMN;
		for (i++; i < n && s[i] != (c == '"' ? '"' : ']'); i++) {
			if (s[i] == '\\' && i + 1 < n)
				i++;
			if (((unsigned char)s[i] < 0x20 && s[i] != '\t') ||
			    s[i] == 0x7f)
				return perr(p, SALES_EUSAGE, i, "unexpected "
				    "byte 0x%02x in a %s", (unsigned char)s[i],
				    c == '"' ? "string" : "column name");
		}
		if (i >= n)
			return perr(p, SALES_EUSAGE, start, c == '"' ?
			    "unterminated string" :
			    "unterminated column name (expected ']')");
		i++;
		if (c == '[' && i - start == 2)
			return perr(p, SALES_EUSAGE, start,
			    "empty column name");
		break;
	default:
		if (isdigit(c) || c == '$' || (c == '.' && i + 1 < n &&
		    isdigit((unsigned char)s[i + 1]))) {
			if (c == '$')
				i++;
			while (i < n && isdigit((unsigned char)s[i]))
				i++;
			if (i < n && s[i] == '.') {
				i++;
				while (i < n && isdigit((unsigned char)s[i]))
					i++;
			}
			while (i < n && (isalnum((unsigned char)s[i]) ||
			    s[i] == '_' || s[i] == '.' || s[i] == '$'))
				i++;
			t->t = T_NUM;
			t->len = i - start;
			if (s[i - 1] == '.' || s[i - 1] == '$' ||
			    sales_money_parse(s + start, i - start, 0, &t->num,
			    &why) == -1) {
				char	 b[SHOWMAX + 8];

				return perr(p, SALES_EUSAGE, start,
				    "bad number '%s'", show_tok(p, t, b));
			}
			break;
		}
		if (isalpha(c) || c == '_') {
			static const struct {
				const char	*w;
				int		 t;
			} kw[] = {
				{ "and", T_AND }, { "false", T_FALSE },
				{ "in", T_IN }, { "not", T_NOT },
				{ "or", T_OR }, { "true", T_TRUE }
			};
			size_t	 k;

			while (i < n && (isalnum((unsigned char)s[i]) ||
			    s[i] == '_'))
				i++;
			t->t = T_NAME;
			for (k = 0; k < sizeof(kw) / sizeof(kw[0]); k++)
				if (strlen(kw[k].w) == i - start &&
				    strncasecmp(kw[k].w, s + start,
				    i - start) == 0)
					t->t = kw[k].t;
			break;
		}
		if (c < 0x20 || c >= 0x7f)
			return perr(p, SALES_EUSAGE, i,
			    "unexpected byte 0x%02x", c);
		return perr(p, SALES_EUSAGE, i, "unexpected character '%c'",
		    c);
	}
	t->len = i - start;
	p->pos = i;
	return 0;
}

/*
 * The contents of the quoted token t with its escapes decoded: \" and
 * \\ in a string, \] and \\ in a [column]; any other backslash is kept,
 * so that a regular expression can say "\.".  Returns a new string
 * (*len bytes) or NULL with err set.
 */
static char *
unquote(struct parser *p, const struct token *t, size_t *len)
{
	const char	*s = p->s + t->pos + 1;
	size_t		 i, n = t->len - 2, k = 0;
	char		*out;

	if ((out = sales_malloc(n + 1)) == NULL) {
		sales_err_set(p->err, SALES_ENOMEM, "out of memory");
		return NULL;
	}
	for (i = 0; i < n; i++) {
		if (s[i] == '\\' && i + 1 < n && (s[i + 1] == '\\' ||
		    s[i + 1] == (t->t == T_STR ? '"' : ']')))
			i++;
		out[k++] = s[i];
	}
	out[k] = '\0';
	*len = k;
	return out;
}

/* Make a node; returns its number or -1 with err set. */
static long
mknode(struct parser *p, int op, size_t pos)
{
	struct sales_rules	*r = p->r;
	struct node		*nd;
	size_t			 cap;

	if (r->nnodes == r->capnodes) {
		cap = r->capnodes ? r->capnodes * 2 : 64;
		if ((nd = sales_reallocarray(r->nodes, cap, sizeof(*nd))) ==
		    NULL)
			return sales_err_set(p->err, SALES_ENOMEM,
			    "out of memory");
		r->nodes = nd;
		r->capnodes = cap;
	}
	nd = &r->nodes[r->nnodes];
	memset(nd, 0, sizeof(*nd));
	nd->op = op;
	nd->kid = nd->last = nd->next = -1;
	nd->pos = pos;
	return (long)r->nnodes++;
}

/* The error for nesting deeper than SALES_EXPR_MAXDEPTH, at pos. */
static int
too_deep(struct parser *p, size_t pos)
{
	return perr(p, SALES_ELIMIT, pos,
	    "expression nested too deeply (limit %d)", SALES_EXPR_MAXDEPTH);
}

/*
 * Append child k to node n, which nests extra levels (0 or 1) around
 * it, checking the limit.
 */
static int
add_kid(struct parser *p, long n, long k, int extra)
{
	struct node	*nd = &p->r->nodes[n], *kd = &p->r->nodes[k];

	if (kd->level + extra > nd->level)
		nd->level = kd->level + extra;
	if (nd->level > SALES_EXPR_MAXDEPTH)
		return too_deep(p, nd->pos);
	if (nd->last == -1)
		nd->kid = k;
	else
		p->r->nodes[nd->last].next = k;
	nd->last = k;
	return 0;
}

/*
 * Node n stands inside one more level (parentheses, or a sign folded
 * into a number) opened at pos.
 */
static int
deepen(struct parser *p, long n, size_t pos)
{
	if (++p->r->nodes[n].level > SALES_EXPR_MAXDEPTH)
		return too_deep(p, pos);
	return 0;
}

/* An arithmetic node: one level around both operands. */
static long
binary(struct parser *p, int op, size_t pos, long a, long b)
{
	long	 n;

	if ((n = mknode(p, op, pos)) == -1 || add_kid(p, n, a, 1) == -1 ||
	    add_kid(p, n, b, 1) == -1)
		return -1;
	return n;
}

/*
 * The parser enters one more level at pos (parentheses, a unary
 * operator, a function call or an "in" list); -1 over the limit, before
 * any recursion into it.
 */
static int
enter(struct parser *p, size_t pos)
{
	if (++p->depth > SALES_EXPR_MAXDEPTH)
		return too_deep(p, pos);
	return 0;
}

/* The error for a missing value where p->tok stands. */
static long
expected_value(struct parser *p)
{
	char	 b1[SHOWMAX + 8], b2[SHOWMAX + 8];

	if (p->tok.t == T_EOF)
		return perr(p, SALES_EUSAGE, p->tok.pos,
		    "expected a value after '%s'", show_tok(p, &p->prev, b1));
	return perr(p, SALES_EUSAGE, p->tok.pos,
	    "expected a value after '%s', found '%s'",
	    show_tok(p, &p->prev, b1), show_tok(p, &p->tok, b2));
}

/*
 * A comma-separated list of expressions up to ')' as the children of
 * node n, one level inside it; p->tok is the token after '('.  open is
 * the position of '('.
 */
static int
parse_list(struct parser *p, long n, size_t open, size_t *count)
{
	char	 b[SHOWMAX + 8];
	long	 k;

	*count = 0;
	if (p->tok.t == T_RP)
		return lex(p);
	for (;;) {
		if ((k = parse_or(p)) == -1 || add_kid(p, n, k, 1) == -1)
			return -1;
		(*count)++;
		if (p->tok.t == T_COMMA) {
			if (lex(p) == -1)
				return -1;
			continue;
		}
		if (p->tok.t != T_RP)
			return perr(p, SALES_EUSAGE, p->tok.pos,
			    "expected ')' after %s", show(p, open + 1,
			    p->prev.pos + p->prev.len, b));
		return lex(p);
	}
}

/* Turn node n, a string literal, into a date; -1 when it is not one. */
static int
fold_date(struct parser *p, long n)
{
	struct node	*nd = &p->r->nodes[n];
	const char	*why;
	long		 d;

	if (nd->op != N_STR)
		return 0;
	if (sales_date_parse(&p->r->iso, nd->str, nd->len, &d, &why) == -1)
		return perr(p, SALES_EUSAGE, nd->pos, "'%s': %s (dates in "
		    "rules are written YYYY-MM-DD)", nd->str, why);
	sales_free(nd->str);
	nd->str = NULL;
	nd->op = N_DATE;
	nd->num = d;
	return 0;
}

static long
parse_call(struct parser *p)
{
	struct token	 name = p->tok;
	char		 b[SHOWMAX + 8];
	size_t		 k, count;
	long		 n;
	int		 op = -1;

	for (k = 0; k < sizeof(funcs) / sizeof(funcs[0]); k++)
		if (strlen(funcs[k].name) == name.len &&
		    strncasecmp(funcs[k].name, p->s + name.pos, name.len) == 0)
			op = funcs[k].op;
	if (op == -1)
		return perr(p, SALES_EUSAGE, name.pos, "unknown function '%s' "
		    "(functions: date, days, empty, len, lower, num, upper)",
		    show_tok(p, &name, b));
	if ((n = mknode(p, op, name.pos)) == -1 || enter(p, name.pos) == -1 ||
	    lex(p) == -1 || lex(p) == -1 ||
	    parse_list(p, n, p->prev.pos, &count) == -1)
		return -1;
	p->depth--;
	if (count != 1)
		return perr(p, SALES_EUSAGE, name.pos,
		    "%s() takes 1 argument, found %zu",
		    show_tok(p, &name, b), count);
	if ((op == N_DATEF || op == N_DAYS) &&
	    fold_date(p, p->r->nodes[n].kid) == -1)
		return -1;
	if (op == N_DATEF && p->r->nodes[p->r->nodes[n].kid].op == N_DATE) {
		/* Folded into the date, which keeps the call's level. */
		p->r->nodes[p->r->nodes[n].kid].level = p->r->nodes[n].level;
		return p->r->nodes[n].kid;
	}
	return n;
}

/* Is the token after the current one t?  The lexer is left as it was. */
static int
peek(struct parser *p, int t)
{
	struct token	 tok = p->tok, prev = p->prev;
	size_t		 pos = p->pos;
	int		 found;

	found = lex(p) == 0 && p->tok.t == t;
	p->tok = tok;
	p->prev = prev;
	p->pos = pos;
	return found;
}

static long
parse_primary(struct parser *p)
{
	struct token	 t = p->tok;
	char		 b[SHOWMAX + 8];
	long		 n;

	switch (t.t) {
	case T_NUM:
		if ((n = mknode(p, N_NUM, t.pos)) == -1)
			return -1;
		p->r->nodes[n].num = t.num;
		break;
	case T_TRUE:
	case T_FALSE:
		if ((n = mknode(p, N_BOOL, t.pos)) == -1)
			return -1;
		p->r->nodes[n].num = t.t == T_TRUE;
		break;
	case T_STR:
	case T_COLUMN:
		if ((n = mknode(p, t.t == T_STR ? N_STR : N_COL, t.pos)) == -1)
			return -1;
		if ((p->r->nodes[n].str = unquote(p, &t,
		    &p->r->nodes[n].len)) == NULL)
			return -1;
		if (t.t == T_STR && p->r->nodes[n].len == 0)
			p->r->nodes[n].op = N_NULL;
		break;
	case T_NAME:
		if (peek(p, T_LP))
			return parse_call(p);
		if ((n = mknode(p, N_COL, t.pos)) == -1)
			return -1;
		p->r->nodes[n].bare = 1;
		if ((p->r->nodes[n].str = sales_strndup(p->s + t.pos,
		    t.len)) == NULL)
			return sales_err_set(p->err, SALES_ENOMEM,
			    "out of memory");
		p->r->nodes[n].len = t.len;
		break;
	case T_LP:
		if (enter(p, t.pos) == -1 || lex(p) == -1)
			return -1;
		if (p->tok.t == T_RP)
			return expected_value(p);
		if ((n = parse_or(p)) == -1 || deepen(p, n, t.pos) == -1)
			return -1;
		if (p->tok.t != T_RP)
			return perr(p, SALES_EUSAGE, p->tok.pos,
			    "expected ')' after %s", show(p, t.pos + 1,
			    p->prev.pos + p->prev.len, b));
		p->depth--;
		break;
	default:
		return expected_value(p);
	}
	return lex(p) == -1 ? -1 : n;
}

static long
parse_unary(struct parser *p)
{
	struct token	 t = p->tok;
	long		 n, k;

	if (t.t != T_MINUS && t.t != T_PLUS)
		return parse_primary(p);
	if (enter(p, t.pos) == -1 || lex(p) == -1 ||
	    (k = parse_unary(p)) == -1)
		return -1;
	p->depth--;
	if (p->r->nodes[k].op == N_NUM) {
		if (t.t == T_MINUS)
			p->r->nodes[k].num = -p->r->nodes[k].num;
		p->r->nodes[k].pos = t.pos;
		return deepen(p, k, t.pos) == -1 ? -1 : k;
	}
	if ((n = mknode(p, t.t == T_MINUS ? N_NEG : N_POS, t.pos)) == -1 ||
	    add_kid(p, n, k, 1) == -1)
		return -1;
	return n;
}

static long
parse_mul(struct parser *p)
{
	struct token	 t;
	long		 a, b;

	if ((a = parse_unary(p)) == -1)
		return -1;
	while (p->tok.t == T_STAR || p->tok.t == T_SLASH) {
		t = p->tok;
		if (lex(p) == -1 || (b = parse_unary(p)) == -1 ||
		    (a = binary(p, t.t == T_STAR ? N_MUL : N_DIV, t.pos, a,
		    b)) == -1)
			return -1;
	}
	return a;
}

static long
parse_add(struct parser *p)
{
	struct token	 t;
	long		 a, b;

	if ((a = parse_mul(p)) == -1)
		return -1;
	while (p->tok.t == T_PLUS || p->tok.t == T_MINUS) {
		t = p->tok;
		if (lex(p) == -1 || (b = parse_mul(p)) == -1 ||
		    (a = binary(p, t.t == T_PLUS ? N_ADD : N_SUB, t.pos, a,
		    b)) == -1)
			return -1;
	}
	return a;
}

static int
is_cmp(int t)
{
	return (t >= T_EQ && t <= T_NIMATCH) || t == T_IN;
}

/*
 * One literal character of a pattern at *i (below len): a plain one,
 * or a special one escaped with '\'.  Returns it, or -1 for anything
 * special (the pattern then goes to regexec()).
 */
static int
lit_char(const char *pat, size_t len, size_t *i)
{
	unsigned char	 c = (unsigned char)pat[*i];

	if (c == '\\') {
		if (*i + 1 >= len || strchr(".[]()*+?{}|^$\\",
		    pat[*i + 1]) == NULL)
			return -1;
		*i += 2;
		return (unsigned char)pat[*i - 1];
	}
	if (strchr(".[]()*+?{}|^$", c) != NULL)
		return -1;
	(*i)++;
	return c;
}

/*
 * Walk the branch [b, e) of a pattern: literal characters and groups
 * "(x|y|z)" of literal alternatives.  With out NULL, count the strings
 * into *count (the product of the groups' sizes); else write string
 * number idx into out (*olen bytes, at most cap).  Returns 0, or -1
 * when the branch is not of that form or an alternative is empty.
 */
static int
walk_branch(const char *pat, size_t b, size_t e, size_t idx, char *out,
    size_t cap, size_t *olen, size_t *count)
{
	size_t	 i = b, k, nalt, pick = 0, n = 0, start;
	int	 c;

	if (count != NULL)
		*count = 1;
	while (i < e) {
		if (pat[i] != '(') {
			if ((c = lit_char(pat, e, &i)) == -1)
				return -1;
			if (out != NULL && n < cap)
				out[n] = (char)c;
			n++;
			continue;
		}
		/* A group: count its alternatives, then copy the chosen. */
		for (k = i + 1, nalt = 1, start = k; k < e && pat[k] != ')';) {
			if (pat[k] == '|') {
				if (k == start)
					return -1;
				nalt++;
				start = ++k;
			} else if (lit_char(pat, e, &k) == -1)
				return -1;
		}
		if (k >= e || k == start)
			return -1;
		if (count != NULL) {
			if (*count > MAXLITS / nalt)
				return -1;
			*count *= nalt;
		} else {
			pick = idx % nalt;
			idx /= nalt;
		}
		for (k = i + 1; pat[k] != ')';) {
			if (pat[k] == '|') {
				k++;
				pick--;
				continue;
			}
			c = lit_char(pat, e, &k);
			if (out != NULL && pick == 0 && n < cap)
				out[n] = (char)c;
			n += out != NULL && pick == 0;
		}
		i = k + 1;
	}
	if (n == 0 && out == NULL && *count == 1)
		return -1;
	if (olen != NULL)
		*olen = n;
	return 0;
}

/*
 * Fill ls with the strings that pat (len bytes) matches, when it is of
 * the form above, within MAXLITS strings and MAXLITBYTES bytes.
 * Returns 0, or -1 when the pattern needs regexec().
 */
static int
litset_make(struct litset *ls, const char *pat, size_t len)
{
	size_t	 b = 0, e, k, cnt, n, used = 0;
	int	 anch;

	ls->n = 0;
	ls->off[0] = 0;
	while (b <= len) {
		/* The branch ends at the next '|' outside a group. */
		for (e = b; e < len && pat[e] != '|'; e++) {
			if (pat[e] == '\\' && e + 1 < len)
				e++;
			else if (pat[e] == '(')
				while (e + 1 < len && pat[e + 1] != ')')
					e++;
		}
		anch = 0;
		if (b < e && pat[b] == '^') {
			anch |= 1;
			b++;
		}
		if (e > b && pat[e - 1] == '$' && (e - b < 2 ||
		    pat[e - 2] != '\\')) {
			anch |= 2;
			e--;
		}
		if (walk_branch(pat, b, e, 0, NULL, 0, NULL, &cnt) == -1 ||
		    ls->n + cnt > MAXLITS)
			return -1;
		for (k = 0; k < cnt; k++) {
			if (walk_branch(pat, b, e, k, ls->buf + used,
			    MAXLITBYTES - used, &n, NULL) == -1 || n == 0 ||
			    n > MAXLITBYTES - used)
				return -1;
			used += n;
			ls->anch[ls->n] = (unsigned char)anch;
			ls->off[++ls->n] = used;
		}
		if (e < len && pat[e] == '$')
			e++;
		b = e + 1;
	}
	return 0;
}

/*
 * Does s (len bytes) hold l (n bytes, 0 < n <= len)?  Short fields are
 * searched by memchr(3) and memcmp(3), which costs less than setting up
 * memmem(3); long ones by memmem, which stays linear.
 */
static int
contains(const char *s, size_t len, const char *l, size_t n)
{
	const char	*p = s, *last = s + (len - n);

	if (len > 256)
		return memmem(s, len, l, n) != NULL;
	while ((p = memchr(p, l[0], (size_t)(last - p) + 1)) != NULL) {
		if (memcmp(p, l, n) == 0)
			return 1;
		if (p++ == last)
			break;
	}
	return 0;
}

/* Does s (len bytes) hold one of the strings of ls where they belong? */
static int
litset_match(const struct litset *ls, const char *s, size_t len)
{
	const char	*l;
	size_t		 i, n;

	for (i = 0; i < ls->n; i++) {
		l = ls->buf + ls->off[i];
		n = ls->off[i + 1] - ls->off[i];
		if (n > len)
			continue;
		switch (ls->anch[i]) {
		case 0:
			if (contains(s, len, l, n))
				return 1;
			break;
		case 1:
			if (memcmp(s, l, n) == 0)
				return 1;
			break;
		case 2:
			if (memcmp(s + len - n, l, n) == 0)
				return 1;
			break;
		default:
			if (n == len && memcmp(s, l, n) == 0)
				return 1;
			break;
		}
	}
	return 0;
}

#define RE_MAXCOST	5000	/* pattern atoms after repetition */
#define RE_MAXGROUPS	32	/* groups nested in a pattern */
#define RE_MAXREP	3	/* repetitions of repetitions */

/* Multiply a saturating cost. */
static unsigned long
cost_mul(unsigned long a, unsigned long b)
{
	return b != 0 && a > (RE_MAXCOST + 1) / b ? RE_MAXCOST + 1 : a * b;
}

/*
 * Is pattern pat (len bytes) cheap enough to compile?  regcomp(3)
 * copies a repeated atom once per repetition, so stacked or nested
 * repetitions ("a{1,100}{1,100}") multiply and can take gigabytes, and
 * repetitions of repetitions of empty-matching atoms ("^(((a*)+)+)+...")
 * take it exponential time.  This counts the atoms after repetition and
 * how deep repetitions nest (POSIX leaves adjacent ones, "a*+",
 * undefined), without recursion: groups keep their counts on a stack
 * of RE_MAXGROUPS.  Returns NULL, or why the pattern is refused.
 */
static const char *
re_cheap(const char *pat, size_t len)
{
	unsigned long	 sum[RE_MAXGROUPS + 1], last = 0, m, n, k;
	int		 rep[RE_MAXGROUPS + 1], lastrep = 0;
	size_t		 i, j;
	int		 d = 0;
	char		 c;

	sum[0] = 0;
	rep[0] = 0;
	for (i = 0; i < len; i++) {
		k = 0;			/* > 0: an atom of that cost */
		m = 0;			/* > 0: a repetition by m */
		switch (pat[i]) {
		case '\\':
			i++;
			k = 1;
			break;
		case '[':
			/*
			 * A bracket expression is one atom; "[:alpha:]" and
			 * its kin inside it end at ":]".
			 */
			j = i + 1;
			if (j < len && pat[j] == '^')
				j++;
			if (j < len && pat[j] == ']')
				j++;
			while (j < len && pat[j] != ']') {
				c = j + 1 < len ? pat[j + 1] : '\0';
				if (pat[j] != '[' || (c != ':' && c != '.' &&
				    c != '=')) {
					j++;
					continue;
				}
				for (j += 2; j + 1 < len && (pat[j] != c ||
				    pat[j + 1] != ']'); j++)
					;
				j += 2;
			}
			i = j;
			k = 1;
			break;
		case '(':
			if (d == RE_MAXGROUPS)
				return "groups nested more than 32 deep";
			sum[++d] = 0;
			rep[d] = 0;
			last = 0;
			lastrep = 0;
			break;
		case ')':
			if (d == 0) {
				k = 1;
				break;
			}
			k = sum[d] > 0 ? sum[d] : 1;
			n = (unsigned long)rep[d--];
			sum[d] = sum[d] + k > RE_MAXCOST ? RE_MAXCOST + 1 :
			    sum[d] + k;
			last = k;
			lastrep = (int)n;
			if (lastrep > rep[d])
				rep[d] = lastrep;
			k = 0;
			break;
		case '|':
			last = 0;
			lastrep = 0;
			break;
		case '*':
		case '+':
		case '?':
			m = 2;
			break;
		case '{':
			/* {m}, {m,} or {m,n}: copies of the atom, the most. */
			for (n = 0, j = i + 1; j < len && (pat[j] == ',' ||
			    (pat[j] >= '0' && pat[j] <= '9')); j++) {
				if (pat[j] == ',') {
					m = n;
					n = 0;
				} else if (n <= RE_MAXCOST)
					n = n * 10 + (unsigned long)(pat[j] -
					    '0');
			}
			if (j < len && pat[j] == '}') {
				i = j;
				m = (m > n ? m : n) + 1;
			} else {
				m = 0;
				k = 1;
			}
			break;
		default:
			k = 1;
			break;
		}
		if (k > 0) {
			sum[d] = sum[d] + k > RE_MAXCOST ? RE_MAXCOST + 1 :
			    sum[d] + k;
			last = k;
			lastrep = 0;
		} else if (m > 0) {
			n = cost_mul(last, m - 1);
			sum[d] = sum[d] + n > RE_MAXCOST ? RE_MAXCOST + 1 :
			    sum[d] + n;
			last = cost_mul(last, m);
			if (++lastrep > RE_MAXREP)
				return "repetitions nested more than 3 deep";
			if (lastrep > rep[d])
				rep[d] = lastrep;
		}
		if (sum[d] > RE_MAXCOST)
			return "its repetitions make more than 5000 parts";
	}
	return NULL;
}

/* "x ~ "re"": compile the pattern of p->tok into node n. */
static int
parse_match(struct parser *p, long n, const struct token *op)
{
	struct node	*nd;
	char		 b[SHOWMAX + 8], ebuf[160];
	const char	*why;
	size_t		 len;
	char		*pat;
	int		 rc, flags = REG_EXTENDED | REG_NOSUB;

	if (p->tok.t != T_STR)
		return perr(p, SALES_EUSAGE, p->tok.pos, "expected a string "
		    "after '%s' (a regular expression)", show_tok(p, op, b));
	if ((pat = unquote(p, &p->tok, &len)) == NULL)
		return -1;
	nd = &p->r->nodes[n];
	nd->str = pat;
	nd->len = len;
	nd->neg = op->t == T_NMATCH || op->t == T_NIMATCH;
	if (op->t == T_IMATCH || op->t == T_NIMATCH)
		flags |= REG_ICASE;
	if ((why = re_cheap(pat, len)) != NULL)
		return perr(p, SALES_ELIMIT, p->tok.pos, "regular expression "
		    "%s too complex: %s", show_tok(p, &p->tok, b), why);
	if ((nd->re = sales_malloc(sizeof(*nd->re))) == NULL)
		return sales_err_set(p->err, SALES_ENOMEM, "out of memory");
	if ((rc = regcomp(nd->re, pat, flags)) != 0) {
		regerror(rc, nd->re, ebuf, sizeof(ebuf));
		sales_free(nd->re);
		nd->re = NULL;
		return perr(p, SALES_EUSAGE, p->tok.pos,
		    "bad regular expression %s: %s", show_tok(p, &p->tok, b),
		    ebuf);
	}
	if (!(flags & REG_ICASE) && strlen(pat) == len) {
		if ((nd->lits = sales_malloc(sizeof(*nd->lits))) == NULL)
			return sales_err_set(p->err, SALES_ENOMEM,
			    "out of memory");
		if (litset_make(nd->lits, pat, len) == -1) {
			sales_free(nd->lits);
			nd->lits = NULL;
		}
	}
	return lex(p);
}

static long
parse_cmp(struct parser *p)
{
	static const int ops[] = { N_EQ, N_NE, N_LT, N_LE, N_GT, N_GE };
	struct token	 t;
	char		 b[SHOWMAX + 8];
	size_t		 count;
	long		 a, b2, n;

	if ((a = parse_add(p)) == -1)
		return -1;
	t = p->tok;
	if (t.t >= T_EQ && t.t <= T_GE) {
		if (lex(p) == -1 || (b2 = parse_add(p)) == -1 ||
		    (n = mknode(p, ops[t.t - T_EQ], t.pos)) == -1 ||
		    add_kid(p, n, a, 0) == -1 || add_kid(p, n, b2, 0) == -1)
			return -1;
	} else if (t.t >= T_MATCH && t.t <= T_NIMATCH) {
		if ((n = mknode(p, N_MATCH, t.pos)) == -1 ||
		    add_kid(p, n, a, 0) == -1 || lex(p) == -1 ||
		    parse_match(p, n, &t) == -1)
			return -1;
	} else if (t.t == T_IN || (t.t == T_NOT && peek(p, T_IN))) {
		if ((n = mknode(p, N_IN, t.pos)) == -1 ||
		    add_kid(p, n, a, 0) == -1)
			return -1;
		p->r->nodes[n].neg = t.t == T_NOT;
		if (t.t == T_NOT && lex(p) == -1)
			return -1;
		t = p->tok;
		if (lex(p) == -1)
			return -1;
		if (p->tok.t != T_LP)
			return perr(p, SALES_EUSAGE, p->tok.pos,
			    "expected '(' after 'in'");
		if (enter(p, p->tok.pos) == -1 || lex(p) == -1 ||
		    parse_list(p, n, p->prev.pos, &count) == -1)
			return -1;
		p->depth--;
		if (count == 0)
			return perr(p, SALES_EUSAGE, t.pos,
			    "empty list after 'in'");
	} else
		return a;
	if (is_cmp(p->tok.t))
		return perr(p, SALES_EUSAGE, p->tok.pos, "unexpected '%s': "
		    "comparisons do not chain (join them with 'and')",
		    show_tok(p, &p->tok, b));
	return n;
}

static long
parse_not(struct parser *p)
{
	struct token	 t = p->tok;
	long		 n, k;

	if (t.t != T_NOT)
		return parse_cmp(p);
	if (enter(p, t.pos) == -1 || lex(p) == -1 ||
	    (k = parse_not(p)) == -1)
		return -1;
	p->depth--;
	if ((n = mknode(p, N_NOT, t.pos)) == -1 ||
	    add_kid(p, n, k, 1) == -1)
		return -1;
	return n;
}

/* An "and" or "or" chain, one flat node. */
static long
parse_chain(struct parser *p, int tok, int op, long (*sub)(struct parser *))
{
	long	 a, n, b;

	if ((a = sub(p)) == -1)
		return -1;
	if (p->tok.t != tok)
		return a;
	if ((n = mknode(p, op, p->tok.pos)) == -1 ||
	    add_kid(p, n, a, 0) == -1)
		return -1;
	while (p->tok.t == tok)
		if (lex(p) == -1 || (b = sub(p)) == -1 ||
		    add_kid(p, n, b, 0) == -1)
			return -1;
	return n;
}

static long
parse_and(struct parser *p)
{
	return parse_chain(p, T_AND, N_AND, parse_not);
}

static long
parse_or(struct parser *p)
{
	return parse_chain(p, T_OR, N_OR, parse_and);
}

/* The number of segment name s (len bytes), adding it when new. */
static long
intern_name(struct sales_rules *r, const char *s, size_t len,
    struct sales_err *err)
{
	char	**v;
	size_t	 i, cap;

	for (i = 0; i < r->nnames; i++)
		if (strlen(r->names[i]) == len &&
		    memcmp(r->names[i], s, len) == 0)
			return (long)i;
	if (r->nnames == r->capnames) {
		cap = r->capnames ? r->capnames * 2 : 8;
		if ((v = sales_reallocarray(r->names, cap, sizeof(*v))) ==
		    NULL)
			return sales_err_set(err, SALES_ENOMEM,
			    "out of memory");
		r->names = v;
		r->capnames = cap;
	}
	if ((r->names[r->nnames] = sales_strndup(s, len)) == NULL)
		return sales_err_set(err, SALES_ENOMEM, "out of memory");
	return (long)r->nnames++;
}

static int
name_byte(unsigned char c)
{
	return isalnum(c) || c >= 0x80 || c == '_' || c == '-' || c == '.' ||
	    c == '/' || c == '&' || c == '+' || c == ' ';
}

/*
 * The head of a rule line, [i, colon): "score +N" into *points with
 * *score set, or a segment name into [*ns, *ne).  Returns 0 or -1.
 */
static int
parse_head(struct parser *p, size_t i, size_t colon, int *score,
    long *points, size_t *ns, size_t *ne)
{
	const char	*s = p->s;
	long		 v = 0;
	size_t		 j, d;
	int		 neg = 0;

	*score = 0;
	while (colon > i && (s[colon - 1] == ' ' || s[colon - 1] == '\t'))
		colon--;
	if (colon - i >= 5 && strncasecmp(s + i, "score", 5) == 0 &&
	    (colon - i == 5 || s[i + 5] == ' ' || s[i + 5] == '\t' ||
	    s[i + 5] == '+' || s[i + 5] == '-')) {
		j = i + 5;
		while (j < colon && (s[j] == ' ' || s[j] == '\t'))
			j++;
		if (j < colon && (s[j] == '+' || s[j] == '-'))
			neg = s[j++] == '-';
		for (d = j; j < colon && isdigit((unsigned char)s[j]); j++)
			if ((v = v * 10 + (s[j] - '0')) > SALES_RULES_MAXPOINTS)
				return perr(p, SALES_EUSAGE, d, "points out "
				    "of range (at most %d)",
				    SALES_RULES_MAXPOINTS);
		if (j == d || j != colon)
			return perr(p, SALES_EUSAGE, j, "expected whole "
			    "points after 'score' (as in 'score +10: EXPR')");
		*score = 1;
		*points = neg ? -v : v;
		return 0;
	}
	for (j = i; j < colon; j++)
		if (!name_byte((unsigned char)s[j]) || (j == i &&
		    !isalnum((unsigned char)s[j]) && s[j] != '_' &&
		    (unsigned char)s[j] < 0x80))
			return perr(p, SALES_EUSAGE, j, "unexpected '%c' in a "
			    "segment name (rules are 'NAME: EXPR' or "
			    "'score +N: EXPR')", (unsigned char)s[j] < 0x20 ?
			    '?' : s[j]);
	if (j == i)
		return perr(p, SALES_EUSAGE, i, "expected a segment name "
		    "before ':'");
	*ns = i;
	*ne = colon;
	return 0;
}

/* Parse one non-blank, non-comment line into a new rule. */
static int
parse_line(struct parser *p, size_t i)
{
	struct sales_rules	*r = p->r;
	struct rule		*ru;
	const char		*colon;
	size_t			 ns = 0, ne = 0, cap;
	long			 root, points = 0, name = 0;
	long			 first = (long)r->nnodes;
	int			 score;

	if ((colon = memchr(p->s + i, ':', p->len - i)) == NULL)
		return perr(p, SALES_EUSAGE, i,
		    "expected ':' (rules are 'NAME: EXPR' or "
		    "'score +N: EXPR')");
	if (parse_head(p, i, (size_t)(colon - p->s), &score, &points, &ns,
	    &ne) == -1)
		return -1;
	memset(&p->tok, 0, sizeof(p->tok));
	p->tok.pos = (size_t)(colon - p->s);
	p->tok.len = 1;
	p->tok.t = T_COLON;
	p->pos = p->tok.pos + 1;
	p->depth = 0;
	if (lex(p) == -1)
		return -1;
	if (p->tok.t == T_EOF)
		return perr(p, SALES_EUSAGE, p->tok.pos,
		    "expected an expression after ':'");
	if ((root = parse_or(p)) == -1)
		return -1;
	if (p->tok.t != T_EOF) {
		char	 b1[SHOWMAX + 8], b2[SHOWMAX + 8];

		return perr(p, SALES_EUSAGE, p->tok.pos,
		    "unexpected '%s' after '%s'", show_tok(p, &p->tok, b1),
		    show_tok(p, &p->prev, b2));
	}
	if (!score && (name = intern_name(r, p->s + ns, ne - ns,
	    p->err)) == -1)
		return -1;
	if (r->nrules == r->caprules) {
		cap = r->caprules ? r->caprules * 2 : 16;
		if ((ru = sales_reallocarray(r->rules, cap, sizeof(*ru))) ==
		    NULL)
			return sales_err_set(p->err, SALES_ENOMEM,
			    "out of memory");
		r->rules = ru;
		r->caprules = cap;
	}
	ru = &r->rules[r->nrules];
	memset(ru, 0, sizeof(*ru));
	if ((ru->text = sales_strndup(p->s, p->len)) == NULL)
		return sales_err_set(p->err, SALES_ENOMEM, "out of memory");
	ru->textlen = p->len;
	ru->score = score;
	ru->points = points;
	ru->name = (size_t)name;
	ru->root = root;
	ru->first = first;
	ru->end = (long)r->nnodes;
	ru->src = p->src;
	ru->line = p->lineno;
	ru->estart = (size_t)(colon - p->s) + 1;
	while (ru->estart < p->len && (p->s[ru->estart] == ' ' ||
	    p->s[ru->estart] == '\t'))
		ru->estart++;
	ru->elen = p->prev.pos + p->prev.len - ru->estart;
	r->nrules++;
	if (score)
		r->nscores++;
	else
		r->nsegments++;
	return 0;
}

/* Free the nodes from number from on, and forget them. */
static void
free_nodes(struct sales_rules *r, size_t from)
{
	size_t	 i;

	for (i = from; i < r->nnodes; i++) {
		sales_free(r->nodes[i].str);
		if (r->nodes[i].re != NULL) {
			regfree(r->nodes[i].re);
			sales_free(r->nodes[i].re);
		}
		sales_free(r->nodes[i].buf);
		sales_free(r->nodes[i].lits);
	}
	r->nnodes = from;
}

void
sales_rules_opts_init(struct sales_rules_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->default_segment = "unsegmented";
}

int
sales_rules_new(struct sales_rules **rp, const struct sales_rules_opts *o,
    struct sales_err *err)
{
	struct sales_rules	*r;

	*rp = NULL;
	if ((r = sales_calloc(1, sizeof(*r))) == NULL)
		return sales_err_set(err, SALES_ENOMEM, "out of memory");
	r->o = *o;
	if (r->o.default_segment == NULL)
		r->o.default_segment = "unsegmented";
	if (sales_datefmt_init(&r->iso, NULL, err) == -1) {
		sales_free(r);
		return -1;
	}
	*rp = r;
	return 0;
}

int
sales_rules_parse(struct sales_rules *r, const char *text, size_t len,
    const char *name, struct sales_err *err)
{
	struct parser	 p;
	const char	*nl;
	char		**v;
	size_t		 i = 0, j, eol, end, first;

	if ((v = sales_reallocarray(r->srcs, r->nsrcs + 1, sizeof(*v))) ==
	    NULL)
		return sales_err_set(err, SALES_ENOMEM, "out of memory");
	r->srcs = v;
	if ((v[r->nsrcs] = sales_strndup(name, strlen(name))) == NULL)
		return sales_err_set(err, SALES_ENOMEM, "out of memory");
	memset(&p, 0, sizeof(p));
	p.r = r;
	p.src = v[r->nsrcs++];
	p.err = err;
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	while (i < len) {
		p.lineno++;
		nl = memchr(text + i, '\n', len - i);
		eol = nl != NULL ? (size_t)(nl - text) : len;
		end = eol;
		if (end > i && text[end - 1] == '\r')
			end--;
		for (j = i; j < end && (text[j] == ' ' || text[j] == '\t'); j++)
			;
		if (j < end && text[j] != '#') {
			p.s = text + i;
			p.len = end - i;
			first = r->nnodes;
			if (parse_line(&p, j - i) == -1) {
				free_nodes(r, first);
				return -1;
			}
		}
		i = eol + 1;
	}
	return 0;
}

int
sales_rules_load(struct sales_rules *r, const char *path,
    struct sales_err *err)
{
	FILE	*fp;
	char	*buf = NULL, *nb;
	size_t	 n = 0, cap = 0, got;
	int	 rv;

	if ((fp = fopen(path, "r")) == NULL)
		return sales_err_sys(err, SALES_EIO, path);
	for (;;) {
		if (cap - n < 4096) {
			cap = cap ? cap * 2 : 8192;
			if ((nb = sales_realloc(buf, cap)) == NULL) {
				sales_free(buf);
				fclose(fp);
				return sales_err_set(err, SALES_ENOMEM,
				    "out of memory");
			}
			buf = nb;
		}
		if ((got = fread(buf + n, 1, cap - n, fp)) == 0)
			break;
		n += got;
	}
	if (ferror(fp)) {
		sales_err_sys(err, SALES_EIO, path);
		sales_free(buf);
		fclose(fp);
		return -1;
	}
	fclose(fp);
	rv = sales_rules_parse(r, buf, n, path, err);
	sales_free(buf);
	return rv;
}

static size_t	default_name(const struct sales_rules *);

/*
 * Turn a comparison of a column (or the score) with a number or a
 * string into one node that reads the field directly: the most common
 * rule, evaluated without building values.
 */
static void
specialise(struct sales_rules *r, struct node *nd)
{
	static const int flip[] = { N_EQ, N_NE, N_GT, N_GE, N_LT, N_LE };
	struct node	*a, *b, *t;
	long		 j;
	int		 op = nd->op;

	if (op == N_IN) {
		nd->strlist = 1;
		for (j = r->nodes[nd->kid].next; j != -1; j = r->nodes[j].next)
			if (r->nodes[j].op != N_STR)
				nd->strlist = 0;
		return;
	}
	if (op < N_EQ || op > N_GE)
		return;
	a = &r->nodes[nd->kid];
	b = &r->nodes[a->next];
	if (a->op == N_NUM || a->op == N_STR) {
		t = a;
		a = b;
		b = t;
		op = flip[op - N_EQ];
	}
	if ((a->op != N_COL && a->op != N_SCORE) ||
	    (b->op != N_NUM && (b->op != N_STR || a->op == N_SCORE)))
		return;
	nd->orig = nd->op;
	nd->op = b->op == N_NUM ? N_CNUM : N_CSTR;
	nd->cmp = op;
	nd->num = a->op == N_COL ? a->num : -1;
	nd->lit = b->num;
	nd->ls = b->str;
	nd->llen = b->len;
}

/* The message tail "(columns: a, b, c)" for an unknown column. */
static void
list_columns(const struct sales_field *hdr, size_t n, char *buf, size_t cap)
{
	size_t	 i, k = 0;

	put_bytes(buf, cap, &k, "(columns: ", 10);
	for (i = 0; i < n; i++) {
		if (k + hdr[i].len + 8 > cap) {
			put_bytes(buf, cap, &k, "...", 3);
			break;
		}
		if (i > 0)
			put_bytes(buf, cap, &k, ", ", 2);
		put_bytes(buf, cap, &k, hdr[i].s, hdr[i].len);
	}
	put_bytes(buf, cap, &k, ")", 1);
}

int
sales_rules_bind(struct sales_rules *r, const struct sales_field *hdr,
    size_t n, struct sales_err *err)
{
	const struct sales_field *near;
	struct rule	*ru;
	struct node	*nd;
	unsigned char	*used;
	char		 tail[256];
	size_t		 i, k;
	long		 j;
	int		 c;

	r->bound = 0;
	sales_free(r->cols);
	sales_free(r->cache);
	r->cols = NULL;
	r->cache = NULL;
	r->ncolsused = 0;
	if ((used = sales_calloc(n, 1)) == NULL)
		return sales_err_set(err, SALES_ENOMEM, "out of memory");
	for (i = 0; i < r->nnodes; i++)
		if (r->nodes[i].op == N_CNUM || r->nodes[i].op == N_CSTR)
			r->nodes[i].op = r->nodes[i].orig;
	for (i = 0; i < r->nrules; i++) {
		ru = &r->rules[i];
		for (j = ru->first; j < ru->end; j++) {
			nd = &r->nodes[j];
			if (nd->op != N_COL && nd->op != N_SCORE)
				continue;
			nd->op = N_COL;
			if (nd->bare && r->nscores > 0 &&
			    strcasecmp(nd->str, "score") == 0) {
				nd->op = N_SCORE;
				continue;
			}
			if ((c = sales_header_find(hdr, n, nd->str)) >= 0) {
				nd->num = c;
				used[c] = 1;
				continue;
			}
			sales_free(used);
			if ((near = sales_header_closest(hdr, n, nd->str)) !=
			    NULL)
				snprintf(tail, sizeof(tail),
				    "(closest: '%.*s')", (int)(near->len > 100 ?
				    100 : near->len), near->s);
			else
				list_columns(hdr, n, tail, sizeof(tail));
			return rule_error(err, SALES_EUSAGE, ru->src, ru->line,
			    ru->text, ru->textlen, nd->pos, "no column '%s' "
			    "%s%s", nd->str, tail, nd->bare &&
			    strcasecmp(nd->str, "score") == 0 ?
			    " and no 'score +N' rules" : "");
		}
	}
	for (i = 0; i < n; i++)
		r->ncolsused += used[i];
	r->cols = sales_calloc(r->ncolsused, sizeof(*r->cols));
	r->cache = sales_calloc(n, sizeof(*r->cache));
	if (r->cols == NULL || r->cache == NULL) {
		sales_free(used);
		return sales_err_set(err, SALES_ENOMEM, "out of memory");
	}
	for (i = k = 0; i < n; i++)
		if (used[i])
			r->cols[k++] = i;
	sales_free(used);
	for (i = 0; i < r->nnodes; i++)
		specialise(r, &r->nodes[i]);
	r->defname = default_name(r);
	r->ncols = n;
	r->gen = 0;
	r->bound = 1;
	return 0;
}

size_t
sales_rules_nscores(const struct sales_rules *r)
{
	return r->nscores;
}

size_t
sales_rules_nsegments(const struct sales_rules *r)
{
	return r->nsegments;
}

const size_t *
sales_rules_columns(const struct sales_rules *r, size_t *n)
{
	*n = r->ncolsused;
	return r->cols;
}

/* The number of the default segment's name. */
static size_t
default_name(const struct sales_rules *r)
{
	size_t	 i;

	for (i = 0; i < r->nnames; i++)
		if (strcmp(r->names[i], r->o.default_segment) == 0)
			return i;
	return r->nnames;
}

size_t
sales_rules_nnames(const struct sales_rules *r)
{
	return default_name(r) == r->nnames ? r->nnames + 1 : r->nnames;
}

const char *
sales_rules_name(const struct sales_rules *r, size_t i)
{
	return i < r->nnames ? r->names[i] : r->o.default_segment;
}

/*
 * Views of a value as a number (ten-thousandths) or a date (days).  A
 * field is parsed once a row and remembered; the _any variants also
 * read computed text (lower(), upper()).  Return 1 with *out set, or 0.
 */
static int
field_num(struct sales_rules *r, const struct val *v, int64_t *out)
{
	struct cache	*c = &r->cache[v->col];

	if (c->numgen != r->gen) {
		c->numgen = r->gen;
		c->isnum = sales_money_parse(v->s, v->len, r->o.money_flags,
		    &c->num, NULL) == 0;
	}
	*out = c->num;
	return c->isnum;
}

static int
field_date(struct sales_rules *r, const struct val *v, long *out)
{
	struct cache	*c = &r->cache[v->col];
	const char	*why;

	if (c->dategen != r->gen) {
		c->dategen = r->gen;
		c->isdate = sales_date_parse(r->o.datefmt != NULL ?
		    r->o.datefmt : &r->iso, v->s, v->len, &c->date, &why) == 0;
	}
	*out = c->date;
	return c->isdate;
}

static int
numview(struct sales_rules *r, const struct val *v, int64_t *out)
{
	if (v->t == V_NUM) {
		*out = v->n;
		return 1;
	}
	return v->t == V_FIELD && field_num(r, v, out);
}

static int
numview_any(struct sales_rules *r, const struct val *v, int64_t *out)
{
	if (v->t == V_STR)
		return sales_money_parse(v->s, v->len, r->o.money_flags, out,
		    NULL) == 0;
	return numview(r, v, out);
}

static int
dateview(struct sales_rules *r, const struct val *v, long *out)
{
	if (v->t == V_DATE) {
		*out = (long)v->n;
		return 1;
	}
	return v->t == V_FIELD && field_date(r, v, out);
}

static int
dateview_any(struct sales_rules *r, const struct val *v, long *out)
{
	const char	*why;

	if (v->t == V_STR)
		return sales_date_parse(r->o.datefmt != NULL ? r->o.datefmt :
		    &r->iso, v->s, v->len, out, &why) == 0;
	return dateview(r, v, out);
}

/*
 * The bytes of a value: fields and strings as they are, numbers in
 * their shortest decimal form ("2.5"), dates as ISO, booleans as
 * "true" and "false", no value as "".  buf holds SALES_MONEY_BUFSZ.
 */
static void
textview(const struct val *v, char *buf, const char **s, size_t *len)
{
	size_t	 n;

	switch (v->t) {
	case V_BOOL:
		*s = v->n ? "true" : "false";
		*len = strlen(*s);
		break;
	case V_NUM:
		n = sales_money_format(v->n, 4, buf);
		while (n > 0 && buf[n - 1] == '0')
			n--;
		if (n > 0 && buf[n - 1] == '.')
			n--;
		buf[n] = '\0';
		*s = buf;
		*len = n;
		break;
	case V_DATE:
		*len = sales_date_format((long)v->n, buf);
		*s = buf;
		break;
	case V_STR:
	case V_FIELD:
		*s = v->s;
		*len = v->len;
		break;
	default:
		*s = "";
		*len = 0;
		break;
	}
}

/* Does comparison op hold for c, the sign of left - right? */
static int
holds(int op, int c)
{
	switch (op) {
	case N_EQ:
		return c == 0;
	case N_NE:
		return c != 0;
	case N_LT:
		return c < 0;
	case N_LE:
		return c <= 0;
	case N_GT:
		return c > 0;
	default:
		return c >= 0;
	}
}

/* Does the comparison op hold between a and b? */
static int
compare(struct sales_rules *r, int op, const struct val *a,
    const struct val *b)
{
	char		 ba[SALES_MONEY_BUFSZ], bb[SALES_MONEY_BUFSZ];
	const char	*sa, *sb;
	size_t		 la, lb;
	int64_t		 x, y;
	long		 dx, dy;
	int		 c;

	if (a->t == V_NULL || b->t == V_NULL) {
		if (op == N_EQ)
			return a->t == b->t;
		if (op == N_NE)
			return a->t != b->t;
		return 0;
	}
	if (a->t == V_BOOL && b->t == V_BOOL)
		c = (a->n > b->n) - (a->n < b->n);
	else if (numview(r, a, &x) && numview(r, b, &y))
		c = (x > y) - (x < y);
	else if (dateview(r, a, &dx) && dateview(r, b, &dy))
		c = (dx > dy) - (dx < dy);
	else {
		textview(a, ba, &sa, &la);
		textview(b, bb, &sb, &lb);
		c = memcmp(sa, sb, la < lb ? la : lb);
		if (c == 0)
			c = (la > lb) - (la < lb);
	}
	return holds(op, c);
}

/* num / den rounded half away from zero; -1 when out of range. */
static int
div_round(__int128 num, __int128 den, int64_t *out)
{
	__int128	 q = num / den, rem = num % den;

	if (rem < 0)
		rem = -rem;
	if (2 * rem >= (den < 0 ? -den : den))
		q += (num < 0) != (den < 0) ? -1 : 1;
	if (q > INT64_MAX || q < -INT64_MAX)
		return -1;
	*out = (int64_t)q;
	return 0;
}

#define MAXDAY	100000000L	/* about 270,000 years from 1970 */

/* a op b for + - * /: numbers, or a date and whole days; else empty. */
static void
arith(struct sales_rules *r, int op, const struct val *a,
    const struct val *b, struct val *out)
{
	int64_t		 x, y, z;
	long		 dx, dy;

	out->t = V_NULL;
	if (numview(r, a, &x) && numview(r, b, &y)) {
		switch (op) {
		case N_ADD:
			if (__builtin_add_overflow(x, y, &z) || z == INT64_MIN)
				return;
			break;
		case N_SUB:
			if (__builtin_sub_overflow(x, y, &z) || z == INT64_MIN)
				return;
			break;
		case N_MUL:
			if (div_round((__int128)x * y, SCALE, &z) == -1)
				return;
			break;
		default:
			if (y == 0 || div_round((__int128)x * SCALE, y,
			    &z) == -1)
				return;
			break;
		}
		out->t = V_NUM;
		out->n = z;
		return;
	}
	if (op != N_ADD && op != N_SUB)
		return;
	if (dateview(r, a, &dx)) {
		if (op == N_SUB && dateview(r, b, &dy)) {
			out->t = V_NUM;
			out->n = (int64_t)(dx - dy) * SCALE;
			return;
		}
		if (!numview(r, b, &y) || y % SCALE != 0 ||
		    y / SCALE > MAXDAY || y / SCALE < -MAXDAY)
			return;
		dx += op == N_ADD ? (long)(y / SCALE) : -(long)(y / SCALE);
	} else if (op == N_ADD && numview(r, a, &x) && x % SCALE == 0 &&
	    x / SCALE <= MAXDAY && x / SCALE >= -MAXDAY &&
	    dateview(r, b, &dy))
		dx = dy + (long)(x / SCALE);
	else
		return;
	if (dx > MAXDAY || dx < -MAXDAY)
		return;
	out->t = V_DATE;
	out->n = dx;
}

/* A specialised comparison: does field (or score) cmp literal hold? */
static int
cmp_field(struct sales_rules *r, const struct node *nd)
{
	const struct sales_field *f;
	struct val	 a, b;
	int64_t		 x;
	size_t		 n;
	int		 c;

	if (nd->num < 0) {
		x = (int64_t)r->total * SCALE;
		return holds(nd->cmp, (x > nd->lit) - (x < nd->lit));
	}
	f = &r->row[nd->num];
	if (f->len == 0)
		return nd->cmp == N_NE;		/* no value vs a value */
	if (nd->op == N_CSTR) {
		n = f->len < nd->llen ? f->len : nd->llen;
		if ((c = memcmp(f->s, nd->ls, n)) == 0)
			c = (f->len > nd->llen) - (f->len < nd->llen);
		return holds(nd->cmp, c);
	}
	a.t = V_FIELD;
	a.s = f->s;
	a.len = f->len;
	a.col = (size_t)nd->num;
	if (field_num(r, &a, &x))
		return holds(nd->cmp, (x > nd->lit) - (x < nd->lit));
	b.t = V_NUM;
	b.n = nd->lit;
	return compare(r, nd->cmp, &a, &b);
}

/*
 * Is the value of node k true: not empty, not false, not zero?  The
 * boolean nodes are answered here without building values.
 */
static int
truth(struct sales_rules *r, long k)
{
	const struct node *nd = &r->nodes[k];
	struct val	 v;
	int64_t		 x;
	long		 j;

	switch (nd->op) {
	case N_CNUM:
	case N_CSTR:
		return cmp_field(r, nd);
	case N_AND:
		for (j = nd->kid; j != -1; j = r->nodes[j].next)
			if (!truth(r, j))
				return 0;
		return 1;
	case N_OR:
		for (j = nd->kid; j != -1; j = r->nodes[j].next)
			if (truth(r, j))
				return 1;
		return 0;
	case N_NOT:
		return !truth(r, nd->kid);
	case N_EMPTY:
		if (r->nodes[nd->kid].op == N_COL)
			return r->row[r->nodes[nd->kid].num].len == 0;
		break;
	default:
		break;
	}
	eval(r, k, &v);
	switch (v.t) {
	case V_NULL:
		return 0;
	case V_BOOL:
	case V_NUM:
		return v.n != 0;
	case V_FIELD:
		return numview(r, &v, &x) ? x != 0 : 1;
	default:
		return 1;
	}
}

/* lower() and upper() of a into node nd's buffer, ASCII letters only. */
static void
recase(struct sales_rules *r, struct node *nd, const struct val *a,
    struct val *out)
{
	char		 buf[SALES_MONEY_BUFSZ], *nb;
	const char	*s;
	size_t		 len, i, cap;

	out->t = V_NULL;
	if (a->t == V_NULL)
		return;
	textview(a, buf, &s, &len);
	if (len + 1 > nd->cap) {
		cap = nd->cap ? nd->cap : 64;
		while (cap < len + 1)
			cap *= 2;
		if ((nb = sales_realloc(nd->buf, cap)) == NULL) {
			r->oom = 1;
			return;
		}
		nd->buf = nb;
		nd->cap = cap;
	}
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		nd->buf[i] = (char)(nd->op == N_LOWER ? tolower(c) :
		    toupper(c));
	}
	nd->buf[len] = '\0';
	out->t = V_STR;
	out->s = nd->buf;
	out->len = len;
}

/*
 * The nodes that work on text: "~" and its kin, "in", len().  Apart
 * from eval() so that its frame stays small for the common nodes.
 */
static void __attribute__((noinline))
eval_text(struct sales_rules *r, const struct node *nd, struct val *out)
{
	struct val	 a, b;
	regmatch_t	 m[1];
	const char	*s;
	char		 buf[SALES_MONEY_BUFSZ];
	size_t		 len, i, nch;
	long		 j;
	int		 found;

	eval(r, nd->kid, &a);
	out->t = V_BOOL;
	switch (nd->op) {
	case N_MATCH:
		textview(&a, buf, &s, &len);
		if (nd->lits != NULL) {
			out->n = litset_match(nd->lits, s, len) != nd->neg;
			break;
		}
		m[0].rm_so = 0;
		m[0].rm_eo = (regoff_t)len;
#ifdef REG_STARTEND
		out->n = (regexec(nd->re, s, 1, m, REG_STARTEND) == 0) !=
		    nd->neg;
#else
		out->n = (regexec(nd->re, s, 0, NULL, 0) == 0) != nd->neg;
#endif
		break;
	case N_IN:
		found = 0;
		if (nd->strlist && a.t != V_NULL) {
			/* Strings are text: "==" compares the bytes. */
			textview(&a, buf, &s, &len);
			for (j = r->nodes[nd->kid].next; j != -1 && !found;
			    j = r->nodes[j].next)
				found = r->nodes[j].len == len &&
				    memcmp(r->nodes[j].str, s, len) == 0;
		} else if (!nd->strlist)
			for (j = r->nodes[nd->kid].next; j != -1 && !found;
			    j = r->nodes[j].next) {
				eval(r, j, &b);
				found = compare(r, N_EQ, &a, &b);
			}
		out->n = found != nd->neg;
		break;
	default:
		textview(&a, buf, &s, &len);
		for (i = nch = 0; i < len; i++)
			nch += ((unsigned char)s[i] & 0xc0) != 0x80;
		out->t = V_NUM;
		out->n = (int64_t)nch * SCALE;
		break;
	}
}

static void
eval(struct sales_rules *r, long k, struct val *out)
{
	struct node	*nd = &r->nodes[k];
	struct val	 a, b;
	int64_t		 x;
	long		 d, j;

	out->t = V_NULL;
	switch (nd->op) {
	case N_BOOL:
	case N_NUM:
	case N_DATE:
		out->t = nd->op == N_BOOL ? V_BOOL : nd->op == N_NUM ? V_NUM :
		    V_DATE;
		out->n = nd->num;
		break;
	case N_STR:
		out->t = V_STR;
		out->s = nd->str;
		out->len = nd->len;
		break;
	case N_COL:
		if (r->row[nd->num].len == 0)
			break;
		out->t = V_FIELD;
		out->s = r->row[nd->num].s;
		out->len = r->row[nd->num].len;
		out->col = (size_t)nd->num;
		break;
	case N_SCORE:
		out->t = V_NUM;
		out->n = (int64_t)r->total * SCALE;
		break;
	case N_OR:
	case N_AND:
		out->t = V_BOOL;
		out->n = nd->op == N_AND;
		for (j = nd->kid; j != -1; j = r->nodes[j].next)
			if (truth(r, j) != (nd->op == N_AND)) {
				out->n = !out->n;
				break;
			}
		break;
	case N_NOT:
		out->t = V_BOOL;
		out->n = !truth(r, nd->kid);
		break;
	case N_NEG:
	case N_POS:
		eval(r, nd->kid, &a);
		if (numview(r, &a, &x)) {
			out->t = V_NUM;
			out->n = nd->op == N_NEG ? -x : x;
		}
		break;
	case N_ADD:
	case N_SUB:
	case N_MUL:
	case N_DIV:
		eval(r, nd->kid, &a);
		eval(r, r->nodes[nd->kid].next, &b);
		arith(r, nd->op, &a, &b, out);
		break;
	case N_EQ:
	case N_NE:
	case N_LT:
	case N_LE:
	case N_GT:
	case N_GE:
		eval(r, nd->kid, &a);
		eval(r, r->nodes[nd->kid].next, &b);
		out->t = V_BOOL;
		out->n = compare(r, nd->op, &a, &b);
		break;
	case N_CNUM:
	case N_CSTR:
		out->t = V_BOOL;
		out->n = cmp_field(r, nd);
		break;
	case N_MATCH:
	case N_IN:
	case N_LEN:
		eval_text(r, nd, out);
		break;
	case N_LOWER:
	case N_UPPER:
		eval(r, nd->kid, &a);
		recase(r, nd, &a, out);
		break;
	case N_EMPTY:
		eval(r, nd->kid, &a);
		out->t = V_BOOL;
		out->n = a.t == V_NULL;
		break;
	case N_NUMF:
		eval(r, nd->kid, &a);
		if (numview_any(r, &a, &x)) {
			out->t = V_NUM;
			out->n = x;
		}
		break;
	case N_DATEF:
	case N_DAYS:
		eval(r, nd->kid, &a);
		if (!dateview_any(r, &a, &d))
			break;
		out->t = nd->op == N_DATEF ? V_DATE : V_NUM;
		out->n = nd->op == N_DATEF ? d :
		    (int64_t)(r->o.as_of - d) * SCALE;
		break;
	default:
		break;
	}
}

/* Append len bytes at s to the reasons of the row. */
static void
reason_add(struct sales_rules *r, const char *s, size_t len)
{
	char	*nb;
	size_t	 cap;

	if (r->rlen + len + 1 > r->rcap) {
		cap = r->rcap ? r->rcap : 256;
		while (cap < r->rlen + len + 1)
			cap *= 2;
		if ((nb = sales_realloc(r->reasons, cap)) == NULL) {
			r->oom = 1;
			return;
		}
		r->reasons = nb;
		r->rcap = cap;
	}
	memcpy(r->reasons + r->rlen, s, len);
	r->rlen += len;
	r->reasons[r->rlen] = '\0';
}

/* Add rule ru, which held, to the reasons. */
static void
explain(struct sales_rules *r, const struct rule *ru)
{
	char	 pts[32];
	int	 n;

	if (r->rlen > 0)
		reason_add(r, "; ", 2);
	if (ru->score) {
		n = snprintf(pts, sizeof(pts), "%+ld ", ru->points);
		reason_add(r, pts, (size_t)n);
		reason_add(r, ru->text + ru->estart, ru->elen);
	} else
		reason_add(r, r->names[ru->name], strlen(r->names[ru->name]));
}

int
sales_rules_eval(struct sales_rules *r, const struct sales_field *row,
    size_t n, struct sales_verdict *v, struct sales_err *err)
{
	struct rule	*ru;
	size_t		 i;

	if (!r->bound || n < r->ncols)
		return sales_err_set(err, SALES_EUSAGE,
		    "rules not bound to a table of this width");
	r->row = row;
	r->gen++;
	r->total = 0;
	r->rlen = 0;
	r->oom = 0;
	if (r->reasons != NULL)
		r->reasons[0] = '\0';
	for (i = 0; i < r->nrules; i++) {
		ru = &r->rules[i];
		if (ru->score && truth(r, ru->root)) {
			r->total += ru->points;
			if (r->o.explain)
				explain(r, ru);
		}
	}
	v->score = r->total;
	v->segment = r->defname;
	for (i = 0; i < r->nrules; i++) {
		ru = &r->rules[i];
		if (!ru->score && truth(r, ru->root)) {
			v->segment = ru->name;
			if (r->o.explain)
				explain(r, ru);
			break;
		}
	}
	if (r->oom)
		return sales_err_set(err, SALES_ENOMEM, "out of memory");
	v->reasons = r->reasons != NULL ? r->reasons : "";
	v->reasonslen = r->rlen;
	return 0;
}

void
sales_rules_free(struct sales_rules *r)
{
	size_t	 i;

	if (r == NULL)
		return;
	free_nodes(r, 0);
	sales_free(r->nodes);
	for (i = 0; i < r->nrules; i++)
		sales_free(r->rules[i].text);
	sales_free(r->rules);
	for (i = 0; i < r->nnames; i++)
		sales_free(r->names[i]);
	sales_free(r->names);
	for (i = 0; i < r->nsrcs; i++)
		sales_free(r->srcs[i]);
	sales_free(r->srcs);
	sales_free(r->cols);
	sales_free(r->cache);
	sales_free(r->reasons);
	sales_free(r);
}
