/*
 * fuzz_html.c: the html page of sm-report (html.h) on any bytes.
 *
 * Input: option bytes (columns, rows, charts, decimals), then text up
 * to a line "===" cut into fields at NUL bytes (names, cells, labels,
 * stages, periods), so that any bytes, markup and invalid UTF-8
 * included, reach every place the page writes text, then 64-bit
 * numbers for the bars, funnel counts and trend values.
 *
 * Properties of the page written into memory:
 * - it starts with <!DOCTYPE html> and ends with </html> and a newline;
 * - every '<' opens one of the tags the module writes (none comes from
 *   the input), and every '&' starts one of its entities;
 * - as many <svg> open as close, and as many <table>;
 * - no NUL byte and no C0 control byte but tab, CR and LF is written.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libsales/html.h"
#include "tests/fuzz/fuzz.h"

#define MAXF	64	/* text fields taken from the input */

static const char *const tags[] = {	/* every tag html.c writes */
	"!DOCTYPE html>", "html", "/html>", "head>", "/head>", "meta ",
	"title>", "/title>", "style>", "/style>", "body>", "/body>",
	"h1>", "/h1>", "h2>", "/h2>", "table>", "/table>", "thead>",
	"/thead>", "tbody>", "/tbody>", "tr>", "/tr>", "th>", "th ",
	"/th>", "td>", "td ", "/td>", "svg ", "/svg>", "g>", "g ", "/g>",
	"rect ", "line ", "text ", "/text>", "polyline ", "circle ",
	"/circle>"
};

static const char *const entities[] = {
	"&amp;", "&lt;", "&gt;", "&quot;", "&#39;", "&#x27;", "&apos;",
	"&#"
};

static size_t
count(const char *s, size_t len, const char *what)
{
	size_t	 n = 0, w = strlen(what);
	const char *p;

	for (p = s; (p = memmem(p, len - (size_t)(p - s), what, w)) != NULL;
	    p += w)
		n++;
	return n;
}

static void
check_page(const char *s, size_t len)
{
	size_t	 i, k;

	if (len < 16 || memcmp(s, "<!DOCTYPE html>", 15) != 0)
		fuzz_fail("the page does not start with <!DOCTYPE html>");
	if (len < 8 || memcmp(s + len - 8, "</html>\n", 8) != 0)
		fuzz_fail("the page does not end with </html>");
	for (i = 0; i < len; i++) {
		unsigned char	 c = (unsigned char)s[i];

		if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') ||
		    c == 0x7f)
			fuzz_fail("control byte %#x at %zu", c, i);
		if (c == '<') {
			for (k = 0; k < sizeof(tags) / sizeof(tags[0]); k++)
				if (len - i - 1 >= strlen(tags[k]) &&
				    memcmp(s + i + 1, tags[k],
				    strlen(tags[k])) == 0)
					break;
			if (k == sizeof(tags) / sizeof(tags[0]))
				fuzz_fail("'<' at %zu opens no tag of ours: "
				    "%.20s", i, s + i);
		}
		if (c == '&') {
			for (k = 0; k < sizeof(entities) /
			    sizeof(entities[0]); k++)
				if (len - i >= strlen(entities[k]) &&
				    memcmp(s + i, entities[k],
				    strlen(entities[k])) == 0)
					break;
			if (k == sizeof(entities) / sizeof(entities[0]))
				fuzz_fail("'&' at %zu starts no entity: %.12s",
				    i, s + i);
		}
	}
	if (count(s, len, "<svg ") != count(s, len, "</svg>"))
		fuzz_fail("<svg> and </svg> differ in number");
	if (count(s, len, "<table>") != count(s, len, "</table>"))
		fuzz_fail("<table> and </table> differ in number");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in		 in = { data, size };
	struct sales_html	 h;
	struct sales_err	 e;
	struct sales_field	 text[MAXF], names[8];
	const struct sales_field *rows[16];
	struct sales_html_bar	 bars[16];
	struct sales_html_funnel fun[4];
	struct sales_html_series ser[SALES_HTML_SERIES_MAX + 1];
	unsigned long		 reached[4][8];
	int64_t			 vals[SALES_HTML_SERIES_MAX + 1][12];
	struct sales_field	 cells[16][8];
	const uint8_t		*rest;
	char			*copy, *buf = NULL, *p, *end;
	size_t			 restlen, nt = 0, ncols, nrows, nbars, nfun;
	size_t			 nstage, nper, ns, i, j, len = 0;
	unsigned		 b0, b1, b2;
	FILE			*fp;
	int			 rv = 0, dec;

	b0 = fuzz_byte(&in);
	b1 = fuzz_byte(&in);
	b2 = fuzz_byte(&in);
	ncols = 1 + b0 % 8;
	nrows = (b0 >> 3) % 16;
	nbars = b1 % 16;
	nfun = (b1 >> 4) % 4;
	nstage = 1 + b2 % 8;
	nper = (b2 >> 3) % 12;
	ns = (b2 >> 7) ? 1 + b0 % (SALES_HTML_SERIES_MAX + 1) :
	    1 + b1 % SALES_HTML_SERIES_MAX;
	dec = (int)(b0 >> 5) % 5;
	/* The text, cut into fields at NUL bytes, in a copy of its own. */
	restlen = fuzz_part(&in, &rest);
	copy = fuzz_copy(rest, restlen);
	for (i = 0; i < nbars; i++) {
		bars[i].num = (int64_t)fuzz_u64(&in);
		bars[i].den = (int64_t)fuzz_u64(&in);
	}
	for (i = 0; i < nfun; i++)
		for (j = 0; j < nstage; j++)
			reached[i][j] = (unsigned long)fuzz_u64(&in);
	for (i = 0; i < ns; i++)
		for (j = 0; j < nper; j++)
			vals[i][j] = (int64_t)fuzz_u64(&in);

	for (p = copy, end = copy + restlen; nt < MAXF;) {
		char	*z = memchr(p, '\0', (size_t)(end - p));

		text[nt].s = p;
		text[nt].len = z != NULL ? (size_t)(z - p) : (size_t)(end - p);
		nt++;
		if (z == NULL)
			break;
		p = z + 1;
	}
	/* Fields past the input's are empty strings. */
	for (i = nt; i < MAXF; i++) {
		text[i].s = "";
		text[i].len = 0;
	}
	for (i = 0; i < ncols; i++)
		names[i] = text[i];
	for (i = 0; i < nrows; i++) {
		for (j = 0; j < ncols; j++)
			cells[i][j] = text[(8 + i * ncols + j) % MAXF];
		rows[i] = cells[i];
	}
	for (i = 0; i < nbars; i++)
		bars[i].label = text[(3 + i) % MAXF];
	for (i = 0; i < nfun; i++) {
		fun[i].label = text[(5 + i) % MAXF];
		fun[i].stages = &text[(11 + i) % (MAXF - 8)];
		fun[i].reached = reached[i];
		fun[i].nstages = nstage;
		fun[i].leak = (long)(b2 % (nstage + 1)) - 1;
	}
	for (i = 0; i < ns; i++) {
		ser[i].label = text[(7 + i) % MAXF];
		ser[i].v = vals[i];
	}

	if ((fp = open_memstream(&buf, &len)) == NULL)
		abort();
	sales_html_init(&h, fp);
	if (sales_html_begin(&h, text[1].s, text[1].len, &e) == -1 ||
	    sales_html_bars(&h, "attainment", bars, nbars, &e) == -1 ||
	    sales_html_funnel(&h, "funnel", fun, nfun, &e) == -1)
		rv = -1;
	if (rv == 0 && sales_html_trend(&h, "trend", &text[20], nper, ser,
	    ns, (int)(b1 & 1), dec, &e) == -1) {
		/* More series than the chart has colours: a usage error. */
		if (e.code != SALES_EUSAGE || ns <= SALES_HTML_SERIES_MAX)
			rv = -1;
	} else if (rv == 0 && ns > SALES_HTML_SERIES_MAX && nper > 0)
		fuzz_fail("%zu series were taken", ns);
	if (rv == 0 && (sales_html_table(&h, names, ncols, rows, nrows,
	    &e) == -1 || sales_html_end(&h, &e) == -1))
		rv = -1;
	if (fclose(fp) != 0)
		abort();
	if (rv == -1)
		fuzz_fail("writing to memory failed: %s", sales_err_str(&e));
	check_page(buf, len);
	free(buf);
	free(copy);
	return 0;
}
