/*
 * test_html.c: the exact bytes of the escapes, the table and the page
 * frame, the geometry of the three charts (worked out by hand from the
 * layout in html.h), write errors and a failed allocation.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "libsales/html.h"
#include "libsales/mem.h"

/* A field from a string literal, embedded NUL bytes included. */
#define F(lit)		{ (lit), sizeof(lit) - 1 }
#define NF(a)		(sizeof(a) / sizeof((a)[0]))

struct out {
	FILE		*fp;
	char		*buf;
	size_t		 len;
	struct sales_html h;
};

static void
out_open(struct out *o)
{
	o->buf = NULL;
	o->len = 0;
	o->fp = open_memstream(&o->buf, &o->len);
	assert_non_null(o->fp);
	sales_html_init(&o->h, o->fp);
}

/* Close the stream; the bytes are then in o->buf (o->len of them). */
static void
out_close(struct out *o)
{
	assert_int_equal(fclose(o->fp), 0);
}

/* Close the stream and compare every byte with want (wlen bytes). */
static void
out_check(struct out *o, const char *want, size_t wlen)
{
	out_close(o);
	if (o->len != wlen || memcmp(o->buf, want, wlen) != 0) {
		fprintf(stderr, "got  (%zu): [%.*s]\nwant (%zu): [%.*s]\n",
		    o->len, (int)o->len, o->buf, wlen, (int)wlen, want);
		fail();
	}
	free(o->buf);
}

#define OUT_CHECK(o, lit)	out_check((o), (lit), sizeof(lit) - 1)

/* Does the closed output hold s? */
static void
has(const struct out *o, const char *s)
{
	if (memmem(o->buf, o->len, s, strlen(s)) == NULL) {
		fprintf(stderr, "missing [%s] in [%.*s]\n", s, (int)o->len,
		    o->buf);
		fail();
	}
}

/* How many times the closed output holds s. */
static int
count(const struct out *o, const char *s)
{
	const char	*p = o->buf, *end = o->buf + o->len;
	int		 n = 0;

	while ((p = memmem(p, (size_t)(end - p), s, strlen(s))) != NULL) {
		n++;
		p++;
	}
	return n;
}

static void
test_html_escape(void **state)
{
	static const char ctl[] = "a\0b\x01\x1f\x7f" "c\td\ne\rf";
	static const char utf[] = "K\xc3\xb6ln \xe2\x82\xac \xff\xfe";
	struct sales_err	 e;
	struct out		 o;

	/* The five entities. */
	out_open(&o);
	assert_int_equal(sales_html_text(&o.h, "<script>&\"'", 11, &e), 0);
	OUT_CHECK(&o, "&lt;script&gt;&amp;&quot;&#39;");

	/*
	 * NUL is U+2400 (E2 90 80), 0x01 U+2401, 0x1f U+241F (E2 90 9F),
	 * DEL U+2421 (E2 90 A1); tab, LF and CR stay.
	 */
	out_open(&o);
	assert_int_equal(sales_html_text(&o.h, ctl, sizeof(ctl) - 1, &e), 0);
	OUT_CHECK(&o, "a\xe2\x90\x80" "b\xe2\x90\x81\xe2\x90\x9f"
	    "\xe2\x90\xa1" "c\td\ne\rf");

	/* UTF-8 and bytes that are not UTF-8 pass as they are. */
	out_open(&o);
	assert_int_equal(sales_html_text(&o.h, utf, sizeof(utf) - 1, &e), 0);
	OUT_CHECK(&o, "K\xc3\xb6ln \xe2\x82\xac \xff\xfe");

	out_open(&o);
	assert_int_equal(sales_html_text(&o.h, "", 0, &e), 0);
	OUT_CHECK(&o, "");
}

static void
test_html_table(void **state)
{
	static const struct sales_field hdr[] = {
		F("rep"), F("won"), F("note"), F("e")
	};
	static const struct sales_field r1[] = {
		F("Ana"), F("1"), F("a<b"), F("")
	};
	static const struct sales_field r2[] = {
		F("12"), F("-3.50"), F("x\ny"), F("")
	};
	static const struct sales_field r3[] = {
		F("Cy"), F(""), F("7"), F("")
	};
	const struct sales_field *rows[] = { r1, r2, r3 };
	struct sales_err	 e;
	struct out		 o;

	/*
	 * won: 1, -3.50 and an empty cell are numbers: class="n".  rep
	 * and note hold text; e is all empty, so not numeric.
	 */
	out_open(&o);
	assert_int_equal(sales_html_table(&o.h, hdr, 4, rows, 3, &e), 0);
	OUT_CHECK(&o, "<table>\n<thead>\n"
	    "<tr><th>rep</th><th class=\"n\">won</th><th>note</th>"
	    "<th>e</th></tr>\n"
	    "</thead>\n<tbody>\n"
	    "<tr><td>Ana</td><td class=\"n\">1</td><td>a&lt;b</td>"
	    "<td></td></tr>\n"
	    "<tr><td>12</td><td class=\"n\">-3.50</td><td>x\ny</td>"
	    "<td></td></tr>\n"
	    "<tr><td>Cy</td><td class=\"n\"></td><td>7</td>"
	    "<td></td></tr>\n"
	    "</tbody>\n</table>\n");

	/* No rows: the header and an empty body; no columns: nothing. */
	out_open(&o);
	assert_int_equal(sales_html_table(&o.h, hdr, 1, rows, 0, &e), 0);
	assert_int_equal(sales_html_table(&o.h, hdr, 0, rows, 3, &e), 0);
	OUT_CHECK(&o, "<table>\n<thead>\n<tr><th>rep</th></tr>\n"
	    "</thead>\n<tbody>\n</tbody>\n</table>\n");
}

static void
test_html_page(void **state)
{
	struct sales_err	 e;
	struct out		 o;
	const char		*body;
	const char		*head = "<!DOCTYPE html>\n<html lang=\"en\">\n"
	    "<head>\n<meta charset=\"utf-8\">\n";

	out_open(&o);
	assert_int_equal(sales_html_begin(&o.h, "sm-report: a&b", 14, &e), 0);
	assert_int_equal(sales_html_end(&o.h, &e), 0);
	out_close(&o);
	assert_true(o.len > 40);
	assert_int_equal(strncmp(o.buf, head, strlen(head)), 0);
	has(&o, "<title>sm-report: a&amp;b</title>\n<style>\n");
	has(&o, "</style>\n</head>\n<body>\n<h1>sm-report: a&amp;b</h1>\n"
	    "</body>\n</html>\n");
	/* Self-contained: no script, no link, no address anywhere. */
	assert_int_equal(count(&o, "<script"), 0);
	assert_int_equal(count(&o, "<link"), 0);
	assert_int_equal(count(&o, "url("), 0);
	assert_int_equal(count(&o, "http"), 0);
	assert_int_equal(count(&o, "@import"), 0);
	body = strstr(o.buf, "</html>\n");
	assert_non_null(body);
	assert_int_equal(body + 8 - o.buf, (long)o.len);
	free(o.buf);
}

static void
test_html_bars(void **state)
{
	struct sales_html_bar	 b[3];
	struct sales_err	 e;
	struct out		 o;

	memset(b, 0, sizeof(b));
	b[0].label = (struct sales_field)F("Ann");
	b[0].num = 1500000;		/* 150.00 of 300.00: 0.5 */
	b[0].den = 3000000;
	b[1].label = (struct sales_field)F("Bo");
	b[1].num = 300000;		/* 30 of 90: 0.3333 */
	b[1].den = 900000;
	b[2].label = (struct sales_field)F("Cy");	/* no quota */

	/*
	 * Axis 100%: 0.5 x 400 = 200 wide, 1/3 x 400 = 133.3 -> 133;
	 * the mark at 160 + 400 = 560; rows at y 24, 46, 68; height
	 * 24 + 3 x 22 + 6 = 96.  Cy has a label and no bar.
	 */
	out_open(&o);
	assert_int_equal(sales_html_bars(&o.h, "att", b, 3, &e), 0);
	OUT_CHECK(&o, "<h2>att</h2>\n"
	    "<svg width=\"640\" height=\"96\" viewBox=\"0 0 640 96\" "
	    "role=\"img\" font-family=\"sans-serif\" font-size=\"12\">\n"
	    "<title>att</title>\n"
	    "<g><title>Ann: 50.0%</title><text x=\"150\" y=\"36\" "
	    "text-anchor=\"end\">Ann</text><rect x=\"160\" y=\"24\" "
	    "width=\"200\" height=\"16\" fill=\"#0072b2\"/>"
	    "<text x=\"366\" y=\"36\">50.0%</text></g>\n"
	    "<g><title>Bo: 33.3%</title><text x=\"150\" y=\"58\" "
	    "text-anchor=\"end\">Bo</text><rect x=\"160\" y=\"46\" "
	    "width=\"133\" height=\"16\" fill=\"#0072b2\"/>"
	    "<text x=\"299\" y=\"58\">33.3%</text></g>\n"
	    "<g><title>Cy: no value</title><text x=\"150\" y=\"80\" "
	    "text-anchor=\"end\">Cy</text></g>\n"
	    "<line x1=\"560\" y1=\"18\" x2=\"560\" y2=\"92\" "
	    "stroke=\"#333333\" stroke-dasharray=\"4 3\"/>\n"
	    "<text x=\"560\" y=\"14\" text-anchor=\"middle\">100%</text>\n"
	    "</svg>\n");

	/*
	 * 1.3 rounds the axis up to 1.5: 1.3 x 400 / 1.5 = 346.7 -> 347
	 * (green, at or over 1); 1/3 -> 400 / 4.5 = 88.9 -> 89; the mark
	 * at 160 + 400 / 1.5 = 426.7 -> 427.  A negative quota counts as
	 * its sign says: -13 / -10 is 1.3.
	 */
	b[0].num = -13;
	b[0].den = -10;
	out_open(&o);
	assert_int_equal(sales_html_bars(&o.h, "att", b, 2, &e), 0);
	out_close(&o);
	has(&o, "<rect x=\"160\" y=\"24\" width=\"347\" height=\"16\" "
	    "fill=\"#009e73\"/><text x=\"513\" y=\"36\">130.0%</text>");
	has(&o, "width=\"89\" height=\"16\" fill=\"#0072b2\"/>");
	has(&o, "<line x1=\"427\" y1=\"18\" x2=\"427\" y2=\"70\"");
	free(o.buf);

	/*
	 * 5.0 caps the axis at 2: its bar is clipped to 400 and its text
	 * says 500.0%; the mark at 160 + 200 = 360.  -0.1 has no bar.
	 */
	b[0].num = 5;
	b[0].den = 1;
	b[1].num = -1;
	b[1].den = 10;
	out_open(&o);
	assert_int_equal(sales_html_bars(&o.h, "att", b, 2, &e), 0);
	out_close(&o);
	has(&o, "width=\"400\" height=\"16\" fill=\"#009e73\"/>"
	    "<text x=\"566\" y=\"36\">500.0%</text>");
	has(&o, "text-anchor=\"end\">Bo</text><text x=\"166\" y=\"58\">"
	    "-10.0%</text>");
	has(&o, "<line x1=\"360\"");
	free(o.buf);

	/* No bars: nothing. */
	out_open(&o);
	assert_int_equal(sales_html_bars(&o.h, "att", b, 0, &e), 0);
	OUT_CHECK(&o, "");
}

static void
test_html_funnel(void **state)
{
	static const struct sales_field st[] = { F("P1"), F("P2"), F("P3") };
	static const unsigned long r1[] = { 8, 4, 3 };
	static const unsigned long r2[] = { 0, 0, 0 };
	struct sales_html_funnel f[2];
	struct sales_err	 e;
	struct out		 o;

	f[0].label = (struct sales_field)F("Ana & Co");
	f[0].stages = st;
	f[0].reached = r1;
	f[0].nstages = 3;
	f[0].leak = 0;
	f[1].label = (struct sales_field)F("Ben");
	f[1].stages = st;
	f[1].reached = r2;
	f[1].nstages = 2;
	f[1].leak = -1;

	/*
	 * Ana: 8 of 8 -> 400 wide at x 160; 4 -> 200 at 160 + 100 = 260;
	 * 3 -> 150 at 160 + 125 = 285.  The panel is 20 + 3 x 22 + 10 =
	 * 96 high, Ben's 20 + 2 x 22 + 10 = 74, the svg 8 + 96 + 74 =
	 * 178.  Ben reached nothing: no bars, counts 0.
	 */
	out_open(&o);
	assert_int_equal(sales_html_funnel(&o.h, "funnel", f, 2, &e), 0);
	OUT_CHECK(&o, "<h2>funnel</h2>\n"
	    "<svg width=\"640\" height=\"178\" viewBox=\"0 0 640 178\" "
	    "role=\"img\" font-family=\"sans-serif\" font-size=\"12\">\n"
	    "<title>funnel</title>\n"
	    "<text x=\"8\" y=\"20\" font-weight=\"bold\">Ana &amp; Co</text>\n"
	    "<g><title>Ana &amp; Co, P1: reached 8, the leak</title>"
	    "<text x=\"150\" y=\"40\" text-anchor=\"end\">P1</text>"
	    "<rect x=\"160\" y=\"28\" width=\"400\" height=\"16\" "
	    "fill=\"#d55e00\"/><text x=\"566\" y=\"40\">8 leak</text></g>\n"
	    "<g><title>Ana &amp; Co, P2: reached 4</title>"
	    "<text x=\"150\" y=\"62\" text-anchor=\"end\">P2</text>"
	    "<rect x=\"260\" y=\"50\" width=\"200\" height=\"16\" "
	    "fill=\"#56b4e9\"/><text x=\"566\" y=\"62\">4</text></g>\n"
	    "<g><title>Ana &amp; Co, P3: reached 3</title>"
	    "<text x=\"150\" y=\"84\" text-anchor=\"end\">P3</text>"
	    "<rect x=\"285\" y=\"72\" width=\"150\" height=\"16\" "
	    "fill=\"#56b4e9\"/><text x=\"566\" y=\"84\">3</text></g>\n"
	    "<text x=\"8\" y=\"116\" font-weight=\"bold\">Ben</text>\n"
	    "<g><title>Ben, P1: reached 0</title>"
	    "<text x=\"150\" y=\"136\" text-anchor=\"end\">P1</text>"
	    "<text x=\"566\" y=\"136\">0</text></g>\n"
	    "<g><title>Ben, P2: reached 0</title>"
	    "<text x=\"150\" y=\"158\" text-anchor=\"end\">P2</text>"
	    "<text x=\"566\" y=\"158\">0</text></g>\n"
	    "</svg>\n");
}

static void
test_html_trend(void **state)
{
	static const struct sales_field per[] = {
		F("2026-01"), F("2026-02"), F("2026-03")
	};
	static const int64_t a[] = { 1500000, 0, 300000 };
	static const int64_t b[] = { -250000, 1000000, 1234567 };
	static const int64_t c[] = { 3, 7, 0 };
	struct sales_html_series s[9];
	struct sales_err	 e;
	struct out		 o;
	size_t			 i;

	memset(s, 0, sizeof(s));
	s[0].label = (struct sales_field)F("Ann");
	s[0].v = a;
	s[1].label = (struct sales_field)F("Bo");
	s[1].v = b;

	/*
	 * Money from -25.00 to 150.00: a range of 175.00 (1750000), a
	 * quarter of it 437500, whose step is 500000 (50.00): the axis
	 * runs -50 .. 150 in 4 steps, y = 240 - 220 (v + 500000) /
	 * 2000000.  150.00: 20; 0: 240 - 55 = 185; 30.00: 240 - 88 = 152;
	 * -25.00: 27.5 rounds half away to 28, 240 - 28 = 212; 100.00:
	 * 240 - 165 = 75; 123.4567: 190.8 -> 191, 240 - 191 = 49.  x: 80,
	 * 80 + 520 / 2 = 340, 600.
	 */
	out_open(&o);
	assert_int_equal(sales_html_trend(&o.h, "won_amount per closed:month",
	    per, 3, s, 2, 1, 2, &e), 0);
	out_close(&o);
	has(&o, "<h2>won_amount per closed:month</h2>\n<svg width=\"640\" "
	    "height=\"288\" viewBox=\"0 0 640 288\"");
	has(&o, "<line x1=\"80\" y1=\"240\" x2=\"600\" y2=\"240\" "
	    "stroke=\"#dddddd\"/><text x=\"74\" y=\"244\" "
	    "text-anchor=\"end\">-50</text>\n");
	has(&o, "<line x1=\"80\" y1=\"185\" x2=\"600\" y2=\"185\" "
	    "stroke=\"#999999\"/><text x=\"74\" y=\"189\" "
	    "text-anchor=\"end\">0</text>\n");
	has(&o, "y2=\"20\" stroke=\"#dddddd\"/><text x=\"74\" y=\"24\" "
	    "text-anchor=\"end\">150</text>\n");
	assert_int_equal(count(&o, "<line "), 5);
	has(&o, "<text x=\"80\" y=\"256\" text-anchor=\"middle\">2026-01"
	    "</text>\n<text x=\"340\" y=\"256\" text-anchor=\"middle\">"
	    "2026-02</text>\n<text x=\"600\" y=\"256\" "
	    "text-anchor=\"middle\">2026-03</text>\n");
	has(&o, "<polyline fill=\"none\" stroke=\"#0072b2\" "
	    "stroke-width=\"2\" points=\"80,20 340,185 600,152\"/>\n");
	has(&o, "<polyline fill=\"none\" stroke=\"#e69f00\" "
	    "stroke-width=\"2\" points=\"80,212 340,75 600,49\"/>\n");
	/* Tooltips at --decimals 2: 123.4567 -> 123.46. */
	has(&o, "<circle cx=\"600\" cy=\"49\" r=\"3\" fill=\"#e69f00\">"
	    "<title>Bo, 2026-03: 123.46</title></circle>\n");
	has(&o, "<title>Bo, 2026-01: -25.00</title>");
	has(&o, "<rect x=\"80\" y=\"267\" width=\"10\" height=\"10\" "
	    "fill=\"#0072b2\"/><text x=\"94\" y=\"276\">Ann</text>\n"
	    "<rect x=\"215\" y=\"267\" width=\"10\" height=\"10\" "
	    "fill=\"#e69f00\"/><text x=\"229\" y=\"276\">Bo</text>\n"
	    "</svg>\n");
	free(o.buf);

	/*
	 * Counts 3, 7, 0: range 7, a quarter 1.75 -> step 2, axis 0..8,
	 * y = 240 - 220 v / 8: 3 -> 157.5 -> 240 - 83 = 157; 7 -> 240 -
	 * 192.5 -> 240 - 193 = 47; 0 -> 240.  The first period alone:
	 * x 340, and 3 is the top of an axis 0..3 in steps of 1: y 20.
	 */
	s[0].v = c;
	out_open(&o);
	assert_int_equal(sales_html_trend(&o.h, "deals", per, 3, s, 1, 0, 2,
	    &e), 0);
	out_close(&o);
	has(&o, "points=\"80,157 340,47 600,240\"");
	has(&o, "text-anchor=\"end\">8</text>");
	has(&o, "<title>Ann, 2026-02: 7</title>");
	assert_int_equal(count(&o, "<line "), 5);
	free(o.buf);
	out_open(&o);
	assert_int_equal(sales_html_trend(&o.h, "deals", per, 1, s, 1, 0, 2,
	    &e), 0);
	out_close(&o);
	has(&o, "points=\"340,20\"");
	free(o.buf);

	/* Nine series are too many; no periods draw nothing. */
	for (i = 0; i < 9; i++) {
		s[i].label = (struct sales_field)F("s");
		s[i].v = c;
	}
	out_open(&o);
	assert_int_equal(sales_html_trend(&o.h, "t", per, 3, s, 9, 0, 2, &e),
	    -1);
	assert_int_equal(e.code, SALES_EUSAGE);
	assert_int_equal(sales_html_trend(&o.h, "t", per, 0, s, 8, 0, 2, &e),
	    0);
	OUT_CHECK(&o, "");
}

/* Many periods: labels under every k-th only, no dots past 60. */
static void
test_html_trend_long(void **state)
{
	struct sales_field	 per[100];
	struct sales_html_series s;
	struct sales_err	 e;
	struct out		 o;
	int64_t			 v[100];
	char			 names[100][8];
	size_t			 i;

	for (i = 0; i < 100; i++) {
		snprintf(names[i], sizeof(names[i]), "p%02zu", i);
		per[i].s = names[i];
		per[i].len = strlen(names[i]);
		v[i] = (int64_t)i;
	}
	s.label = (struct sales_field)F("all");
	s.v = v;
	/* 100 periods, 8 labels at most: every 13th (0, 13, ..., 91). */
	out_open(&o);
	assert_int_equal(sales_html_trend(&o.h, "t", per, 100, &s, 1, 0, 0,
	    &e), 0);
	out_close(&o);
	assert_int_equal(count(&o, "text-anchor=\"middle\">p"), 8);
	has(&o, ">p91</text>");
	assert_int_equal(count(&o, "<circle"), 0);
	free(o.buf);
	out_open(&o);
	assert_int_equal(sales_html_trend(&o.h, "t", per, 60, &s, 1, 0, 0,
	    &e), 0);
	out_close(&o);
	assert_int_equal(count(&o, "<circle"), 60);
	free(o.buf);
}

/* SVG labels: 24 code points, else 23 and an ellipsis. */
static void
test_html_labels(void **state)
{
	struct sales_html_bar	 b;
	struct sales_err	 e;
	struct out		 o;

	memset(&b, 0, sizeof(b));
	/* 24 code points (the last one two bytes): whole. */
	b.label = (struct sales_field)F("abcdefghijklmnopqrstuvw\xc3\xa9");
	out_open(&o);
	assert_int_equal(sales_html_bars(&o.h, "t", &b, 1, &e), 0);
	out_close(&o);
	has(&o, ">abcdefghijklmnopqrstuvw\xc3\xa9</text>");
	free(o.buf);

	/* 25 of them, multibyte: 23 kept, then U+2026. */
	b.label = (struct sales_field)F("\xc3\xa9\xc3\xa9\xc3\xa9"
	    "defghijklmnopqrstuvwxy");
	out_open(&o);
	assert_int_equal(sales_html_bars(&o.h, "t", &b, 1, &e), 0);
	out_close(&o);
	has(&o, ">\xc3\xa9\xc3\xa9\xc3\xa9" "defghijklmnopqrstuvw"
	    "\xe2\x80\xa6</text>");
	/* The tooltip keeps it whole. */
	has(&o, "<title>\xc3\xa9\xc3\xa9\xc3\xa9" "defghijklmnopqrstuvwxy: "
	    "no value</title>");
	free(o.buf);
}

/* /dev/full: the error shows once stdio's buffer fills, and sticks. */
static void
test_html_enospc(void **state)
{
	static const struct sales_field hdr[] = { F("a") };
	static const struct sales_field r[] = { F("x") };
	const struct sales_field *rows[1] = { r };
	struct sales_html	 h;
	struct sales_err	 e;
	FILE			*fp;
	int			 i, rv = 0;

	if ((fp = fopen("/dev/full", "w")) == NULL)
		skip();
	sales_html_init(&h, fp);
	assert_int_equal(sales_html_begin(&h, "t", 1, &e), 0);
	for (i = 0; i < 100000 && rv == 0; i++)
		rv = sales_html_table(&h, hdr, 1, rows, 1, &e);
	assert_int_equal(rv, -1);
	assert_int_equal(e.code, SALES_EIO);
	assert_int_equal(e.errnum, ENOSPC);
	assert_string_equal(e.msg, "write error: No space left on device");
	assert_int_equal(sales_html_end(&h, &e), -1);
	assert_int_equal(e.errnum, ENOSPC);
	assert_int_equal(sales_html_text(&h, "x", 1, &e), -1);
	fclose(fp);
}

/* A closed pipe with SIGPIPE ignored is EPIPE. */
static void
test_html_epipe(void **state)
{
	struct sales_html	 h;
	struct sales_err	 e;
	FILE			*fp;
	void			(*old)(int);
	int			 fd[2], i, rv = 0;

	assert_int_equal(pipe(fd), 0);
	close(fd[0]);
	old = signal(SIGPIPE, SIG_IGN);
	fp = fdopen(fd[1], "w");
	assert_non_null(fp);
	sales_html_init(&h, fp);
	for (i = 0; i < 10000 && rv == 0; i++)
		rv = sales_html_begin(&h, "t", 1, &e);
	assert_int_equal(rv, -1);
	assert_int_equal(e.code, SALES_EIO);
	assert_int_equal(e.errnum, EPIPE);
	fclose(fp);
	signal(SIGPIPE, old);
}

/* The table's one allocation fails: SALES_ENOMEM, nothing written. */
static void
test_html_enomem(void **state)
{
	static const struct sales_field hdr[] = { F("a") };
	static const struct sales_field r[] = { F("1") };
	const struct sales_field *rows[1] = { r };
	struct sales_err	 e;
	struct out		 o;

	out_open(&o);
	sales_mem_fail_after(0);
	assert_int_equal(sales_html_table(&o.h, hdr, 1, rows, 1, &e), -1);
	sales_mem_fail_after(-1);
	assert_int_equal(e.code, SALES_ENOMEM);
	OUT_CHECK(&o, "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_html_escape),
		cmocka_unit_test(test_html_table),
		cmocka_unit_test(test_html_page),
		cmocka_unit_test(test_html_bars),
		cmocka_unit_test(test_html_funnel),
		cmocka_unit_test(test_html_trend),
		cmocka_unit_test(test_html_trend_long),
		cmocka_unit_test(test_html_labels),
		cmocka_unit_test(test_html_enospc),
		cmocka_unit_test(test_html_epipe),
		cmocka_unit_test(test_html_enomem),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
