/*
 * html.h: one self-contained HTML5 page of a report (sm-report --to
 * html): a table and SVG charts drawn here, with inline CSS only, no
 * script, no external file, font or image, so that the page reads the
 * same opened from a mail attachment.
 *
 * Text is written as UTF-8 bytes, each cell and label escaped by
 * sales_html_text(): '&' '<' '>' '"' '\'' become &amp; &lt; &gt; &quot;
 * &#39;; a control byte other than tab, LF and CR (0x00-0x08, 0x0b,
 * 0x0c, 0x0e-0x1f, 0x7f) becomes its Unicode control picture (U+2400 +
 * byte, U+2421 for 0x7f), since HTML allows none of them in text; every
 * other byte is written as it is (bytes that are not well-formed UTF-8
 * too, which a browser shows as U+FFFD).  Table cells keep line breaks
 * (CSS white-space: pre-line).
 *
 * Charts are inline <svg> elements with a <title> and <text> labels;
 * every coordinate is an integer computed from integer data (money in
 * ten-thousandths) with 128-bit intermediates, rounded half away from
 * zero.  The geometry, in SVG user units (CSS pixels), is fixed so that
 * a chart can be checked by hand:
 *
 * Bars (sales_html_bars): 640 wide; a label right-aligned at x 150; the
 * plot starts at x 160 and is 400 wide for the axis maximum; bar i is
 * at y 24 + 22 i, 16 high, and its value is written after its end.  A
 * value is num / den; the axis maximum M is 1 (100%) when no value
 * exceeds it, else the largest value (to 4 decimals) rounded up to a
 * multiple of 0.25, at most 2 (200%).  Bar width = num / den x 400 / M,
 * clipped to 0..400 (a longer bar ends at the plot's edge; its text
 * gives the value); the mark at 1 is a dashed line at x 160 + 400 / M.
 * Bars at or above 1 are green (#009e73), the others blue (#0072b2).
 *
 * Funnel (sales_html_funnel): 640 wide; one panel per group, its label
 * first, then one bar per stage, centred on x 360, 400 x reached / the
 * panel's largest reached wide (integer division for the left edge);
 * the stage name right-aligned at x 150, the count after x 566; the
 * leak stage vermilion (#d55e00) and its count followed by "leak",
 * the others sky blue (#56b4e9).
 *
 * Trend (sales_html_trend): 640 wide; the plot runs over x 80..600 and
 * y 20..240; period i of n at x 80 + 520 i / (n - 1) (x 340 when n is
 * 1), labels under at most 8 of them; a value v at y 240 - 220 (v - lo)
 * / (hi - lo), where lo..hi is the range of the values and 0, widened
 * to whole steps of 1, 2 or 5 x 10^k units (about four steps); a
 * polyline per series in the colours #0072b2 #e69f00 #009e73 #cc79a7
 * #56b4e9 #d55e00 #999999 #000000, in turn, dots on the points when
 * there are at most 60 periods, a legend of four series a row below.
 *
 * SVG labels longer than 24 code points (18 in the trend's legend) are
 * cut to one less and "…"; the whole label is in the <title> of its
 * element (a browser's tooltip).
 * A chart with nothing to draw (no bars, groups or periods) writes
 * nothing.
 *
 * Write errors: the first failed stdio call is kept (sticky, as in the
 * writer) and reported as SALES_EIO with its errno in errnum (EPIPE,
 * ENOSPC) and the message "write error: ..." ("write error: stdout:
 * ..." on stdout); every later call reports it again.  Only
 * sales_html_table() allocates (a flag per column); nothing here prints
 * or exits.
 */
#ifndef SALES_HTML_H
#define SALES_HTML_H

#include <stdint.h>
#include <stdio.h>

#include "libsales/err.h"
#include "libsales/table.h"

#define SALES_HTML_LABEL_MAX	24	/* code points of an SVG label */
#define SALES_HTML_SERIES_MAX	8	/* colours of the trend chart */

/* A page being written; the caller owns it (sales_html_init()). */
struct sales_html {
	FILE	*fp;		/* not closed here */
	int	 errnum;	/* first write error, sticky; 0 if none */
};

/* One bar: the value num / den (a fraction; den 0 is no value). */
struct sales_html_bar {
	struct sales_field	 label;
	int64_t			 num;
	int64_t			 den;
};

/*
 * One panel of a funnel: nstages stage names and their reached counts,
 * and the index of the leak stage (or -1).  The caller owns the arrays.
 */
struct sales_html_funnel {
	struct sales_field	 label;
	const struct sales_field *stages;
	const unsigned long	*reached;
	size_t			 nstages;
	long			 leak;
};

/*
 * One series of a trend: a value per period (the caller's array of the
 * chart's nperiods values), money in ten-thousandths or a count.
 */
struct sales_html_series {
	struct sales_field	 label;
	const int64_t		*v;
};

/* Start h on fp (which the caller keeps and closes). */
void	sales_html_init(struct sales_html *h, FILE *fp);

/*
 * Write s (len bytes) escaped as the header comment says, for text or
 * an attribute value.  Returns 0, or -1 with err set (SALES_EIO).
 */
int	sales_html_text(struct sales_html *h, const char *s, size_t len,
	    struct sales_err *err);

/*
 * Write the start of the page: <!DOCTYPE html>, <meta charset="utf-8">,
 * <title> and an <h1> of title (len bytes, escaped), the inline
 * <style>, and open <body>.  Returns 0, or -1 with err set (SALES_EIO).
 */
int	sales_html_begin(struct sales_html *h, const char *title, size_t len,
	    struct sales_err *err);

/*
 * Close <body> and <html>.  Does not flush or close the stream (a
 * write error held in stdio's buffer shows when the caller flushes).
 * Returns 0, or -1 with err set (SALES_EIO).
 */
int	sales_html_end(struct sales_html *h, struct sales_err *err);

/*
 * Write a <table> of ncols columns headed by names, with <thead> and a
 * <tbody> of nrows rows, rows[r] pointing at ncols fields (the caller's;
 * nothing is kept).  A column whose non-empty cells are all plain
 * numbers ([+-]digits[.digits][e[+-]digits], as the writer's pretty
 * format counts them), with at least one, is numeric: its
 * <th> and <td> elements get class="n" (right-aligned).  Exact form:
 * "<table>\n<thead>\n<tr><th>a</th><th class=\"n\">b</th></tr>\n"
 * "</thead>\n<tbody>\n<tr><td>x</td><td class=\"n\">1</td></tr>\n"
 * "</tbody>\n</table>\n".  No columns: nothing is written.  Returns 0,
 * or -1 with err set (SALES_EIO, SALES_ENOMEM).
 */
int	sales_html_table(struct sales_html *h, const struct sales_field *names,
	    size_t ncols, const struct sales_field *const *rows, size_t nrows,
	    struct sales_err *err);

/*
 * Write an <h2> of title (NUL-terminated, escaped) and a horizontal bar
 * chart of n bars with a mark at 1 (100%), each value also written as a
 * percentage with one decimal ("50.0%"), as the header comment lays
 * out (attainment: won amount / quota).  Returns 0 (nothing written
 * when n is 0), or -1 with err set (SALES_EIO).
 */
int	sales_html_bars(struct sales_html *h, const char *title,
	    const struct sales_html_bar *bars, size_t n, struct sales_err *err);

/*
 * Write an <h2> of title and a funnel chart of n panels, as the header
 * comment lays out.  Returns 0 (nothing written when n is 0), or -1
 * with err set (SALES_EIO).
 */
int	sales_html_funnel(struct sales_html *h, const char *title,
	    const struct sales_html_funnel *f, size_t n, struct sales_err *err);

/*
 * Write an <h2> of title and a line chart of ns series (at most
 * SALES_HTML_SERIES_MAX; more is SALES_EUSAGE) over nperiods periods
 * labelled periods[], as the header comment lays out.  money set: the
 * values are ten-thousandths, written with decimals (0-4) in the
 * tooltips and with as few decimals as the step needs on the axis;
 * else they are counts.  Returns 0 (nothing written when nperiods or
 * ns is 0), or -1 with err set (SALES_EIO; SALES_EUSAGE).
 */
int	sales_html_trend(struct sales_html *h, const char *title,
	    const struct sales_field *periods, size_t nperiods,
	    const struct sales_html_series *s, size_t ns, int money,
	    int decimals, struct sales_err *err);

#endif
