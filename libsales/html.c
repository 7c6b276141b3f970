/*
 * html.c: a self-contained HTML5 page of a report: the page around it,
 * escaped text, a table, and three SVG charts (bars, funnel, trend)
 * whose geometry html.h lays out.  Everything goes through stdio; the
 * first failed call is kept and reported as SALES_EIO.  Coordinates are
 * integers computed in 128-bit arithmetic: no floating point anywhere.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "libsales/html.h"
#include "libsales/mem.h"
#include "libsales/money.h"
#include "libsales/writer.h"

/* Bars and funnel: where the labels end and the plot begins. */
#define LABEL_X		150
#define PLOT_X		160
#define PLOT_W		400
#define ROW_Y		24	/* first bar */
#define ROW_H		22	/* pitch of the bars */
#define BAR_H		16
#define SVG_W		640

/* Trend: the plot's box. */
#define T_X0		80
#define T_X1		600
#define T_Y0		20
#define T_Y1		240
#define T_LABELS	8	/* period labels at most */
#define T_DOTS		60	/* dots on the points up to this many */
#define T_LEGEND	18	/* code points of a legend label */

static const char *const colours[SALES_HTML_SERIES_MAX] = {
	"#0072b2", "#e69f00", "#009e73", "#cc79a7",
	"#56b4e9", "#d55e00", "#999999", "#000000"
};

static const char style[] =
"<style>\n"
"body{font-family:system-ui,-apple-system,\"Segoe UI\",Roboto,Helvetica,"
"Arial,sans-serif;margin:1.5em;color:#222;background:#fff}\n"
"h1{font-size:1.4em}\n"
"h2{font-size:1.1em;margin:1.5em 0 .5em}\n"
"table{border-collapse:collapse;margin:1em 0;font-size:.9em}\n"
"th,td{border:1px solid #ccc;padding:.25em .6em;text-align:left;"
"vertical-align:top;white-space:pre-line}\n"
"thead th{background:#eee}\n"
"tbody tr:nth-child(even){background:#f8f8f8}\n"
".n{text-align:right;font-variant-numeric:tabular-nums}\n"
"svg{display:block;max-width:100%;height:auto}\n"
"</style>\n";

/* Keep the first write error and report it. */
static int
fail(struct sales_html *h, struct sales_err *err)
{
	if (h->errnum == 0)
		h->errnum = errno != 0 ? errno : EIO;
	if (h->fp == stdout)
		sales_err_set(err, SALES_EIO, "write error: stdout: %s",
		    strerror(h->errnum));
	else
		sales_err_set(err, SALES_EIO, "write error: %s",
		    strerror(h->errnum));
	if (err != NULL)
		err->errnum = h->errnum;
	return -1;
}

static int
put(struct sales_html *h, const char *s, size_t n)
{
	if (h->errnum != 0)
		return -1;
	if (n == 0 || fwrite(s, 1, n, h->fp) == n)
		return 0;
	h->errnum = errno != 0 ? errno : EIO;
	return -1;
}

static int
putstr(struct sales_html *h, const char *s)
{
	return put(h, s, strlen(s));
}

static int __attribute__((format(printf, 2, 3)))
pf(struct sales_html *h, const char *fmt, ...)
{
	va_list	 ap;
	int	 rv;

	if (h->errnum != 0)
		return -1;
	va_start(ap, fmt);
	rv = vfprintf(h->fp, fmt, ap);
	va_end(ap);
	if (rv >= 0)
		return 0;
	h->errnum = errno != 0 ? errno : EIO;
	return -1;
}

/* The escapes of html.h: five entities, control bytes as pictures. */
static int
esc(struct sales_html *h, const char *s, size_t len)
{
	const unsigned char	*u = (const unsigned char *)s;
	const char		*e;
	size_t			 i, run, elen;
	char			 pic[3];

	for (i = run = 0; i < len; i++) {
		switch (u[i]) {
		case '&':
			e = "&amp;";
			break;
		case '<':
			e = "&lt;";
			break;
		case '>':
			e = "&gt;";
			break;
		case '"':
			e = "&quot;";
			break;
		case '\'':
			e = "&#39;";
			break;
		case '\t':
		case '\n':
		case '\r':
			continue;
		default:
			if (u[i] >= 0x20 && u[i] != 0x7f)
				continue;
			/* U+2400 + byte is E2 90 80 + byte; U+2421 for DEL. */
			pic[0] = (char)0xe2;
			pic[1] = (char)0x90;
			pic[2] = (char)(u[i] == 0x7f ? 0xa1 : 0x80 + u[i]);
			e = pic;
			break;
		}
		elen = e == pic ? 3 : strlen(e);
		if (put(h, s + run, i - run) == -1 || put(h, e, elen) == -1)
			return -1;
		run = i + 1;
	}
	return put(h, s + run, len - run);
}

/*
 * An SVG label: at most max code points (a code point starts at every
 * byte that is not 10xxxxxx), else max - 1 of them and "…".
 */
static int
label(struct sales_html *h, const char *s, size_t len, size_t max)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 i, n = 0, cut = len;

	for (i = 0; i < len; i++) {
		if (i > 0 && (u[i] & 0xc0) == 0x80)
			continue;
		if (++n == max)
			cut = i;
		if (n > max)
			break;
	}
	if (n <= max)
		return esc(h, s, len);
	return esc(h, s, cut) == -1 || putstr(h, "\xe2\x80\xa6") == -1 ? -1 :
	    0;
}

/* floor(a / b) and ceil(a / b) for b > 0. */
static __int128
div_floor(__int128 a, __int128 b)
{
	return a >= 0 ? a / b : -((-a + b - 1) / b);
}

static __int128
div_ceil(__int128 a, __int128 b)
{
	return -div_floor(-a, b);
}

/*
 * Write v as a decimal number; with money set, v is ten-thousandths
 * written with decimals decimals (v is then a multiple of
 * 10^(4 - decimals), so nothing is rounded).  buf holds 48 bytes.
 */
static void
fmt128(__int128 v, int money, int decimals, char *buf)
{
	unsigned __int128	 a = v < 0 ? -(unsigned __int128)v :
				    (unsigned __int128)v;
	char			 tmp[48];
	size_t			 n = 0, k = 0;
	int			 i;

	if (money)
		for (i = decimals; i < 4; i++)
			a /= 10;
	do {
		tmp[n++] = (char)('0' + (int)(a % 10));
		a /= 10;
		if (money && decimals > 0 && n == (size_t)decimals) {
			tmp[n++] = '.';
			if (a == 0)
				tmp[n++] = '0';
		}
	} while (a > 0 || (money && n < (size_t)decimals));
	if (v < 0)
		buf[k++] = '-';
	while (n > 0)
		buf[k++] = tmp[--n];
	buf[k] = '\0';
}

/* A percentage with one decimal of the fraction num / den, den > 0. */
static void
fmt_pct(__int128 num, __int128 den, char *buf)
{
	__int128	 t = sales_div_round128(num * 1000, den);

	fmt128(t * 1000, 1, 1, buf);
	strcat(buf, "%");
}

void
sales_html_init(struct sales_html *h, FILE *fp)
{
	h->fp = fp;
	h->errnum = 0;
}

int
sales_html_text(struct sales_html *h, const char *s, size_t len,
    struct sales_err *err)
{
	return esc(h, s, len) == -1 ? fail(h, err) : 0;
}

int
sales_html_begin(struct sales_html *h, const char *title, size_t len,
    struct sales_err *err)
{
	if (putstr(h, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
	    "content=\"width=device-width, initial-scale=1\">\n<title>") ==
	    -1 || esc(h, title, len) == -1 ||
	    putstr(h, "</title>\n") == -1 || putstr(h, style) == -1 ||
	    putstr(h, "</head>\n<body>\n<h1>") == -1 ||
	    esc(h, title, len) == -1 || putstr(h, "</h1>\n") == -1)
		return fail(h, err);
	return 0;
}

int
sales_html_end(struct sales_html *h, struct sales_err *err)
{
	return putstr(h, "</body>\n</html>\n") == -1 ? fail(h, err) : 0;
}

/* One <tr> of cells, th or td, class="n" where num[j]. */
static int
table_row(struct sales_html *h, const struct sales_field *f, size_t n,
    const unsigned char *num, const char *tag)
{
	size_t	 j;

	if (putstr(h, "<tr>") == -1)
		return -1;
	for (j = 0; j < n; j++)
		if (pf(h, "<%s%s>", tag, num[j] ? " class=\"n\"" : "") == -1 ||
		    esc(h, f[j].s, f[j].len) == -1 ||
		    pf(h, "</%s>", tag) == -1)
			return -1;
	return putstr(h, "</tr>\n");
}

int
sales_html_table(struct sales_html *h, const struct sales_field *names,
    size_t ncols, const struct sales_field *const *rows, size_t nrows,
    struct sales_err *err)
{
	unsigned char	*num;
	size_t		 r, j, nonempty;

	if (ncols == 0)
		return 0;
	if (h->errnum != 0)
		return fail(h, err);
	if ((num = sales_calloc(ncols, 1)) == NULL)
		return sales_err_set(err, SALES_ENOMEM, "out of memory");
	/* A column is numeric when its non-empty cells are numbers. */
	for (j = 0; j < ncols; j++) {
		nonempty = 0;
		num[j] = 1;
		for (r = 0; r < nrows && num[j]; r++)
			if (rows[r][j].len > 0) {
				nonempty++;
				num[j] = (unsigned char)sales_plain_number(
				    rows[r][j].s, rows[r][j].len);
			}
		num[j] = num[j] && nonempty > 0;
	}
	if (putstr(h, "<table>\n<thead>\n") == -1 ||
	    table_row(h, names, ncols, num, "th") == -1 ||
	    putstr(h, "</thead>\n<tbody>\n") == -1)
		goto bad;
	for (r = 0; r < nrows; r++)
		if (table_row(h, rows[r], ncols, num, "td") == -1)
			goto bad;
	if (putstr(h, "</tbody>\n</table>\n") == -1)
		goto bad;
	sales_free(num);
	return 0;
bad:
	sales_free(num);
	return fail(h, err);
}

/* "<h2>title</h2>" and the opening tag and <title> of an SVG chart. */
static int
svg_open(struct sales_html *h, const char *title, long height)
{
	size_t	 len = strlen(title);

	return putstr(h, "<h2>") == -1 || esc(h, title, len) == -1 ||
	    pf(h, "</h2>\n<svg width=\"%d\" height=\"%ld\" viewBox=\"0 0 %d "
	    "%ld\" role=\"img\" font-family=\"sans-serif\" font-size=\"12\">\n"
	    "<title>", SVG_W, height, SVG_W, height) == -1 ||
	    esc(h, title, len) == -1 || putstr(h, "</title>\n") == -1 ? -1 : 0;
}

/* A right-aligned row label: "<text x=.. y=.. ...>label</text>". */
static int
row_label(struct sales_html *h, long y, struct sales_field l)
{
	return pf(h, "<text x=\"%d\" y=\"%ld\" text-anchor=\"end\">",
	    LABEL_X, y + 12) == -1 ||
	    label(h, l.s, l.len, SALES_HTML_LABEL_MAX) == -1 ||
	    putstr(h, "</text>") == -1 ? -1 : 0;
}

int
sales_html_bars(struct sales_html *h, const char *title,
    const struct sales_html_bar *bars, size_t n, struct sales_err *err)
{
	__int128	 num, den, v, axis = 10000, max = 0, w;
	long		 height, y, mark;
	size_t		 i;
	char		 pct[64];

	if (n == 0)
		return h->errnum != 0 ? fail(h, err) : 0;
	/* The axis: 100%, or the largest value up to 25%, at most 200%. */
	for (i = 0; i < n; i++) {
		if (bars[i].den == 0)
			continue;
		num = bars[i].den < 0 ? -(__int128)bars[i].num : bars[i].num;
		den = bars[i].den < 0 ? -(__int128)bars[i].den : bars[i].den;
		if ((v = sales_div_round128(num * 10000, den)) > max)
			max = v;
	}
	if (max > axis)
		axis = div_ceil(max, 2500) * 2500;
	if (axis > 20000)
		axis = 20000;
	height = ROW_Y + ROW_H * (long)n + 6;
	mark = PLOT_X + (long)sales_div_round128((__int128)PLOT_W * 10000, axis);
	if (svg_open(h, title, height) == -1)
		return fail(h, err);
	for (i = 0; i < n; i++) {
		y = ROW_Y + ROW_H * (long)i;
		if (putstr(h, "<g><title>") == -1 ||
		    esc(h, bars[i].label.s, bars[i].label.len) == -1)
			return fail(h, err);
		if (bars[i].den == 0) {
			if (putstr(h, ": no value</title>") == -1 ||
			    row_label(h, y, bars[i].label) == -1 ||
			    putstr(h, "</g>\n") == -1)
				return fail(h, err);
			continue;
		}
		num = bars[i].den < 0 ? -(__int128)bars[i].num : bars[i].num;
		den = bars[i].den < 0 ? -(__int128)bars[i].den : bars[i].den;
		fmt_pct(num, den, pct);
		w = sales_div_round128(num * PLOT_W * 10000, den * axis);
		if (w < 0)
			w = 0;
		if (w > PLOT_W)
			w = PLOT_W;
		if (pf(h, ": %s</title>", pct) == -1 ||
		    row_label(h, y, bars[i].label) == -1 ||
		    (w > 0 && pf(h, "<rect x=\"%d\" y=\"%ld\" width=\"%ld\" "
		    "height=\"%d\" fill=\"%s\"/>", PLOT_X, y, (long)w, BAR_H,
		    num >= den ? "#009e73" : "#0072b2") == -1) ||
		    pf(h, "<text x=\"%ld\" y=\"%ld\">%s</text></g>\n",
		    PLOT_X + (long)w + 6, y + 12, pct) == -1)
			return fail(h, err);
	}
	if (pf(h, "<line x1=\"%ld\" y1=\"18\" x2=\"%ld\" y2=\"%ld\" "
	    "stroke=\"#333333\" stroke-dasharray=\"4 3\"/>\n"
	    "<text x=\"%ld\" y=\"14\" text-anchor=\"middle\">100%%</text>\n"
	    "</svg>\n", mark, mark, height - 4, mark) == -1)
		return fail(h, err);
	return 0;
}

int
sales_html_funnel(struct sales_html *h, const char *title,
    const struct sales_html_funnel *f, size_t n, struct sales_err *err)
{
	unsigned long	 max;
	long		 height = 8, y, by, w;
	size_t		 p, i;
	int		 leak;

	if (n == 0)
		return h->errnum != 0 ? fail(h, err) : 0;
	for (p = 0; p < n; p++)
		height += 20 + ROW_H * (long)f[p].nstages + 10;
	if (svg_open(h, title, height) == -1)
		return fail(h, err);
	y = 8;
	for (p = 0; p < n; p++) {
		if (pf(h, "<text x=\"8\" y=\"%ld\" font-weight=\"bold\">",
		    y + 12) == -1 || label(h, f[p].label.s, f[p].label.len,
		    SALES_HTML_LABEL_MAX) == -1 || putstr(h, "</text>\n") == -1)
			return fail(h, err);
		for (max = 0, i = 0; i < f[p].nstages; i++)
			if (f[p].reached[i] > max)
				max = f[p].reached[i];
		for (i = 0; i < f[p].nstages; i++) {
			by = y + 20 + ROW_H * (long)i;
			leak = f[p].leak == (long)i;
			w = max == 0 ? 0 : (long)sales_div_round128(
			    (__int128)f[p].reached[i] * PLOT_W, max);
			if (putstr(h, "<g><title>") == -1 ||
			    esc(h, f[p].label.s, f[p].label.len) == -1 ||
			    putstr(h, ", ") == -1 ||
			    esc(h, f[p].stages[i].s, f[p].stages[i].len) ==
			    -1 || pf(h, ": reached %lu%s</title>",
			    f[p].reached[i], leak ? ", the leak" : "") == -1 ||
			    row_label(h, by, f[p].stages[i]) == -1 ||
			    (w > 0 && pf(h, "<rect x=\"%ld\" y=\"%ld\" "
			    "width=\"%ld\" height=\"%d\" fill=\"%s\"/>",
			    PLOT_X + (PLOT_W - w) / 2, by, w, BAR_H,
			    leak ? "#d55e00" : "#56b4e9") == -1) ||
			    pf(h, "<text x=\"%d\" y=\"%ld\">%lu%s</text></g>\n",
			    PLOT_X + PLOT_W + 6, by + 12, f[p].reached[i],
			    leak ? " leak" : "") == -1)
				return fail(h, err);
		}
		y += 20 + ROW_H * (long)f[p].nstages + 10;
	}
	if (putstr(h, "</svg>\n") == -1)
		return fail(h, err);
	return 0;
}

/* The x of period i of n. */
static long
trend_x(size_t i, size_t n)
{
	if (n < 2)
		return (T_X0 + T_X1) / 2;
	return T_X0 + (long)sales_div_round128((__int128)i * (T_X1 - T_X0),
	    (__int128)(n - 1));
}

/* The y of v on the axis lo..hi. */
static long
trend_y(__int128 v, __int128 lo, __int128 hi)
{
	return T_Y1 - (long)sales_div_round128((v - lo) * (T_Y1 - T_Y0), hi - lo);
}

/* The smallest 1, 2 or 5 x 10^k at least raw (raw >= 1). */
static __int128
nice_step(__int128 raw)
{
	__int128	 p;

	for (p = 1;; p *= 10) {
		if (p >= raw)
			return p;
		if (2 * p >= raw)
			return 2 * p;
		if (5 * p >= raw)
			return 5 * p;
	}
}

/* A value for a tooltip: money with decimals, or a count. */
static void
fmt_value(int64_t v, int money, int decimals, char *buf)
{
	__int128	 r = v;
	__int128	 unit = 1;
	int		 i;

	if (!money) {
		fmt128(r, 0, 0, buf);
		return;
	}
	for (i = decimals; i < 4; i++)
		unit *= 10;
	/* Rounded half away from zero to a multiple of unit. */
	fmt128(sales_div_round128(r, unit) * unit, 1, decimals, buf);
}

int
sales_html_trend(struct sales_html *h, const char *title,
    const struct sales_field *periods, size_t nperiods,
    const struct sales_html_series *s, size_t ns, int money,
    int decimals, struct sales_err *err)
{
	__int128	 lo = 0, hi = 0, step, t, unit;
	size_t		 i, k, every;
	long		 height, y, lx, ly;
	int		 tdec;
	char		 buf[64];

	if (h->errnum != 0)
		return fail(h, err);
	if (ns > SALES_HTML_SERIES_MAX)
		return sales_err_set(err, SALES_EUSAGE, "a trend chart holds "
		    "at most %d series", SALES_HTML_SERIES_MAX);
	if (nperiods == 0 || ns == 0)
		return 0;
	if (decimals < 0)
		decimals = 0;
	if (decimals > 4)
		decimals = 4;
	for (k = 0; k < ns; k++)
		for (i = 0; i < nperiods; i++) {
			if (s[k].v[i] < lo)
				lo = s[k].v[i];
			if (s[k].v[i] > hi)
				hi = s[k].v[i];
		}
	if (hi == lo)
		hi = lo + (money ? 10000 : 1);
	step = nice_step(div_ceil(hi - lo, 4));
	lo = div_floor(lo, step) * step;
	hi = div_ceil(hi, step) * step;
	/* The fewest decimals that write every step exactly. */
	for (tdec = 0, unit = 10000; money && step % unit != 0; unit /= 10)
		tdec++;

	height = 270 + 18 * (long)((ns + 3) / 4);
	if (svg_open(h, title, height) == -1)
		return fail(h, err);
	for (t = lo; t <= hi; t += step) {
		y = trend_y(t, lo, hi);
		fmt128(t, money, tdec, buf);
		if (pf(h, "<line x1=\"%d\" y1=\"%ld\" x2=\"%d\" y2=\"%ld\" "
		    "stroke=\"%s\"/><text x=\"%d\" y=\"%ld\" "
		    "text-anchor=\"end\">%s</text>\n", T_X0, y, T_X1, y,
		    t == 0 ? "#999999" : "#dddddd", T_X0 - 6, y + 4, buf) == -1)
			return fail(h, err);
	}
	every = (nperiods + T_LABELS - 1) / T_LABELS;
	for (i = 0; i < nperiods; i += every)
		if (pf(h, "<text x=\"%ld\" y=\"%d\" text-anchor=\"middle\">",
		    trend_x(i, nperiods), T_Y1 + 16) == -1 ||
		    label(h, periods[i].s, periods[i].len,
		    SALES_HTML_LABEL_MAX) == -1 || putstr(h, "</text>\n") == -1)
			return fail(h, err);
	for (k = 0; k < ns; k++) {
		if (pf(h, "<polyline fill=\"none\" stroke=\"%s\" "
		    "stroke-width=\"2\" points=\"", colours[k]) == -1)
			return fail(h, err);
		for (i = 0; i < nperiods; i++)
			if (pf(h, "%s%ld,%ld", i > 0 ? " " : "",
			    trend_x(i, nperiods), trend_y(s[k].v[i], lo, hi)) ==
			    -1)
				return fail(h, err);
		if (putstr(h, "\"/>\n") == -1)
			return fail(h, err);
		for (i = 0; nperiods <= T_DOTS && i < nperiods; i++) {
			fmt_value(s[k].v[i], money, decimals, buf);
			if (pf(h, "<circle cx=\"%ld\" cy=\"%ld\" r=\"3\" "
			    "fill=\"%s\"><title>", trend_x(i, nperiods),
			    trend_y(s[k].v[i], lo, hi), colours[k]) == -1 ||
			    esc(h, s[k].label.s, s[k].label.len) == -1 ||
			    putstr(h, ", ") == -1 ||
			    esc(h, periods[i].s, periods[i].len) == -1 ||
			    pf(h, ": %s</title></circle>\n", buf) == -1)
				return fail(h, err);
		}
	}
	for (k = 0; k < ns; k++) {
		lx = T_X0 + 135 * (long)(k % 4);
		ly = 276 + 18 * (long)(k / 4);
		if (pf(h, "<rect x=\"%ld\" y=\"%ld\" width=\"10\" "
		    "height=\"10\" fill=\"%s\"/><text x=\"%ld\" y=\"%ld\">",
		    lx, ly - 9, colours[k], lx + 14, ly) == -1 ||
		    label(h, s[k].label.s, s[k].label.len, T_LEGEND) == -1 ||
		    putstr(h, "</text>\n") == -1)
			return fail(h, err);
	}
	if (putstr(h, "</svg>\n") == -1)
		return fail(h, err);
	return 0;
}
