/*
 * fuzz_date.c: dates (date.h) and periods (calendar.h) on any bytes.
 *
 * Input: option bytes, a day number and a month count, then four parts
 * cut at "===" lines: a date, a strptime(3) format, a period label and
 * a holidays file.
 *	byte 0: bits 0-2 date format (iso, mdy, dmy, ymd, strptime),
 *		bits 3-4 retail calendar, bits 5-7 the period kind
 *	byte 1: --fy-start (1-12)
 *	bytes 2-9: a day number (kept to the years 1-9999)
 *	bytes 10-11: a number of months (-32768..32767)
 *
 * Properties: a parsed date prints as ISO and reads back; day numbers
 * and civil dates convert both ways; weekdays follow each other; month
 * steps clamp to the month's end; the period of a day holds it, its
 * label reads back to its span and the periods before and after touch
 * it; a parsed label's span has the length of its kind; business days
 * agree with a count day by day; holidays are weekdays, sorted, once.
 */
#include <sys/mman.h>

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "libsales/calendar.h"
#include "libsales/date.h"
#include "libsales/err.h"
#include "tests/fuzz/fuzz.h"

static int	 memfd = -1;

/* A path that reads as the len bytes at p. */
static const char *
memfile(const uint8_t *p, size_t len)
{
	static char	 path[64];

	if (memfd == -1 && (memfd = memfd_create("fuzz", 0)) == -1)
		abort();
	if (ftruncate(memfd, 0) == -1 || pwrite(memfd, p, len, 0) !=
	    (ssize_t)len)
		abort();
	snprintf(path, sizeof(path), "/proc/self/fd/%d", memfd);
	return path;
}

static void
check_day(long d, int months)
{
	struct sales_datefmt	 iso;
	char			 buf[SALES_DATE_BUFSZ];
	const char		*why;
	long			 y, y2, back, m2d;
	int			 m, d2, m2, dd, wk;

	sales_datefmt_init(&iso, NULL, NULL);
	sales_civil_from_days(d, &y, &m, &dd);
	fuzz_assert(m >= 1 && m <= 12 && dd >= 1 &&
	    dd <= sales_days_in_month(y, m));
	fuzz_assert(sales_days_from_civil(y, m, dd) == d);
	fuzz_assert(sales_date_format(d, buf) == strlen(buf));
	if (sales_date_parse(&iso, buf, strlen(buf), &back, &why) == -1)
		fuzz_fail("'%s' does not read back: %s", buf, why);
	fuzz_assert(back == d);
	wk = sales_weekday(d);
	fuzz_assert(wk >= 1 && wk <= 7 && sales_weekday(d + 1) == wk % 7 + 1);
	sales_iso_week(d, &y2, &wk);
	fuzz_assert(wk >= 1 && wk <= 53 && (y2 == y || y2 == y - 1 ||
	    y2 == y + 1));
	/* A step of months lands on the same day, or the month's last. */
	m2d = sales_add_months(d, months);
	sales_civil_from_days(m2d, &y2, &m2, &d2);
	fuzz_assert((y2 * 12 + m2 - 1) - (y * 12 + m - 1) == months);
	fuzz_assert(d2 == dd || (d2 < dd &&
	    d2 == sales_days_in_month(y2, m2)));
}

static void
check_period(const struct sales_calendar *cal, int p, long d)
{
	struct sales_err	 e;
	char			 label[SALES_LABEL_BUFSZ];
	long			 s, t, s2, t2, s3, t3;
	size_t			 len;
	int			 kind;

	len = sales_period_of(cal, p, d, &s, &t, label);
	fuzz_assert(len == strlen(label) && len < SALES_LABEL_BUFSZ);
	fuzz_assert(s <= d && d <= t);
	kind = sales_period_parse_label(cal, label, len, &s2, &t2, &e);
	if (kind == -1)
		fuzz_fail("label '%s' does not read back: %s", label,
		    sales_err_str(&e));
	if (kind != p || s2 != s || t2 != t)
		fuzz_fail("label '%s' reads back as kind %d %ld..%ld, not "
		    "%d %ld..%ld", label, kind, s2, t2, p, s, t);
	sales_period_of(cal, p, s, &s2, &t2, NULL);
	sales_period_of(cal, p, t, &s3, &t3, NULL);
	fuzz_assert(s2 == s && t2 == t && s3 == s && t3 == t);
	sales_period_of(cal, p, s - 1, NULL, &t2, NULL);
	sales_period_of(cal, p, t + 1, &s3, NULL, NULL);
	fuzz_assert(t2 == s - 1 && s3 == t + 1);
}

/*
 * The shortest and longest span of each kind of period, in days: a
 * retail month is 4 or 5 weeks, but the last of a 53-week year has 6
 * (calendar.h), so 42.
 */
static const long	 minlen[] = { 1, 7, 28, 89, 364 };
static const long	 maxlen[] = { 1, 7, 42, 98, 371 };

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in		 in = { data, size };
	struct sales_calendar	 cal;
	struct sales_datefmt	 f;
	struct sales_err	 e;
	const uint8_t		*date, *fmt, *label, *hol;
	size_t			 datelen, fmtlen, labellen, hollen, i;
	const char		*why;
	char			*s, *spec;
	unsigned		 b0, b1;
	long			 d, lo, hi, start, end, n, k, days;
	int			 months, p, kind;
	static const char *const kinds[] = { "iso", "mdy", "dmy", "ymd" };

	b0 = fuzz_byte(&in);
	b1 = fuzz_byte(&in);
	lo = sales_days_from_civil(1, 1, 1);
	hi = sales_days_from_civil(9999, 12, 31);
	d = lo + (long)(fuzz_u64(&in) % (uint64_t)(hi - lo + 1));
	months = (int16_t)(fuzz_byte(&in) | fuzz_byte(&in) << 8);
	datelen = fuzz_part(&in, &date);
	fmtlen = fuzz_part(&in, &fmt);
	labellen = fuzz_part(&in, &label);
	hollen = fuzz_part(&in, &hol);

	sales_calendar_init(&cal);
	cal.fy_start = 1 + b1 % 12;
	cal.retail = (b0 >> 3) & 3;
	p = (b0 >> 5) % 5;

	/* The date in the chosen format. */
	spec = fuzz_str(fmt, fmtlen);
	if ((b0 & 7) >= 4 && strchr(spec, '%') == NULL)
		spec[0] = '\0';
	if (sales_datefmt_init(&f, (b0 & 7) < 4 ? kinds[b0 & 7] :
	    spec[0] != '\0' ? spec : "%d.%m.%Y", &e) == 0) {
		s = fuzz_copy(date, datelen);
		if (sales_date_parse(&f, s, datelen, &days, &why) == 0) {
			if (days >= lo && days <= hi)
				check_day(days, 0);
		} else
			fuzz_assert(why != NULL && why[0] != '\0');
		free(s);
	} else
		fuzz_assert(e.code == SALES_EUSAGE);
	free(spec);

	check_day(d, months % 1200);
	if (d > lo + 800 && d < hi - 800)
		check_period(&cal, p, d);

	/* A label of any kind. */
	s = fuzz_copy(label, labellen);
	kind = sales_period_parse_label(&cal, s, labellen, &start, &end, &e);
	if (kind != -1) {
		fuzz_assert(kind >= SALES_PERIOD_DAY &&
		    kind <= SALES_PERIOD_YEAR);
		fuzz_assert(end - start + 1 >= minlen[kind] &&
		    end - start + 1 <= maxlen[kind]);
		/* A month of the calendar: 28 to 31 days. */
		fuzz_assert(kind != SALES_PERIOD_MONTH || cal.retail ||
		    end - start + 1 <= 31);
	} else
		fuzz_assert(e.code == SALES_EVALUE);
	free(s);

	/* Holidays, then business days against a count day by day. */
	if (sales_calendar_holidays(&cal, memfile(hol, hollen), &e) == 0) {
		for (i = 0; i < cal.nholidays; i++) {
			fuzz_assert(sales_weekday(cal.holidays[i]) <= 5);
			fuzz_assert(i == 0 ||
			    cal.holidays[i - 1] < cal.holidays[i]);
		}
	} else
		fuzz_assert(e.code == SALES_EVALUE || e.code == SALES_ENOMEM);
	if (cal.nholidays > 0 && (b1 & 128))
		d = cal.holidays[b1 % cal.nholidays] - 3;
	n = 0;
	for (k = 0; k < 40; k++)
		n += sales_business_day(&cal, d + k);
	fuzz_assert(sales_business_days(&cal, d, d + 39) == n);
	fuzz_assert(sales_business_days(&cal, d + 1, d) == 0);
	if (d > lo + 800 && d < hi - 800) {
		sales_fiscal_year(&cal, 2000 + (long)(b1 % 64), &start, &end);
		fuzz_assert(end - start + 1 >= 364 && end - start + 1 <= 371);
		sales_period_of(&cal, SALES_PERIOD_YEAR, start, &lo, &hi, NULL);
		fuzz_assert(lo == start && hi == end);
	}
	sales_calendar_release(&cal);
	return 0;
}
