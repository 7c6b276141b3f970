/*
 * calendar.c: the periods a date falls in (day, ISO week, month,
 * quarter, year), calendar or fiscal, on the Gregorian calendar or a
 * retail 4-4-5 calendar of whole weeks; their labels, read back into
 * spans; and business days less holidays.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "libsales/calendar.h"
#include "libsales/date.h"
#include "libsales/mem.h"

static const char *const period_names[] = {
	"day", "week", "month", "quarter", "year"
};

/* Weeks of the three months of a retail quarter. */
static const int retail_weeks[4][3] = {
	{ 0, 0, 0 },
	{ 4, 4, 5 },		/* SALES_RETAIL_445 */
	{ 4, 5, 4 },		/* SALES_RETAIL_454 */
	{ 5, 4, 4 }		/* SALES_RETAIL_544 */
};

static long
floordiv(long a, long b)
{
	return a >= 0 ? a / b : -((-a + b - 1) / b);
}

static long
floormod(long a, long b)
{
	return a - floordiv(a, b) * b;
}

/* First day of month index mi = year * 12 + month - 1. */
static long
month_first(long mi)
{
	return sales_days_from_civil(floordiv(mi, 12),
	    (int)floormod(mi, 12) + 1, 1);
}

static int
fy_start_of(const struct sales_calendar *cal)
{
	return cal->fy_start >= 1 && cal->fy_start <= 12 ? cal->fy_start : 1;
}

static int
retail_of(const struct sales_calendar *cal)
{
	return cal->retail >= SALES_RETAIL_445 &&
	    cal->retail <= SALES_RETAIL_544 ? cal->retail : SALES_RETAIL_NONE;
}

/* The Monday nearest day (at most 3 days before or after it). */
static long
monday_nearest(long day)
{
	int	 wd = sales_weekday(day);

	return wd <= 4 ? day - (wd - 1) : day + (8 - wd);
}

/*
 * The calendar year in which fiscal year fy starts: fiscal years named
 * by the year they end start in the year before, unless they start in
 * January.
 */
static long
fy_first_year(const struct sales_calendar *cal, long fy)
{
	return fy_start_of(cal) >= 2 ? fy - 1 : fy;
}

/* First day of the retail year that starts in calendar year y. */
static long
retail_start(const struct sales_calendar *cal, long y)
{
	return monday_nearest(sales_days_from_civil(y, fy_start_of(cal), 1));
}

void
sales_iso_week(long day, long *year, int *week)
{
	long	 thu, y;
	int	 m, d;

	/* The ISO year is the year of the week's Thursday. */
	thu = day - (sales_weekday(day) - 1) + 3;
	sales_civil_from_days(thu, &y, &m, &d);
	*year = y;
	*week = (int)((thu - sales_days_from_civil(y, 1, 1)) / 7) + 1;
}

/* Monday of ISO week 1 of year y: the week that holds 4 January. */
static long
iso_week1(long y)
{
	long	 jan4 = sales_days_from_civil(y, 1, 4);

	return jan4 - (sales_weekday(jan4) - 1);
}

void
sales_calendar_init(struct sales_calendar *cal)
{
	cal->fy_start = 1;
	cal->retail = SALES_RETAIL_NONE;
	cal->holidays = NULL;
	cal->nholidays = 0;
}

void
sales_calendar_release(struct sales_calendar *cal)
{
	if (cal == NULL)
		return;
	sales_free(cal->holidays);
	cal->holidays = NULL;
	cal->nholidays = 0;
}

/* Index of the first holiday >= day (nholidays when none). */
static size_t
holiday_lower(const struct sales_calendar *cal, long day)
{
	size_t	 lo = 0, hi = cal->nholidays, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (cal->holidays[mid] < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int
cmp_long(const void *a, const void *b)
{
	long	 x = *(const long *)a, y = *(const long *)b;

	return x < y ? -1 : x > y;
}

/*
 * Replace the holidays of cal by its own and the n days at add, keeping
 * weekdays only, sorted, each once.  add is sorted in place.  Returns 0
 * or -1 (out of memory; cal unchanged).
 */
static int
merge_holidays(struct sales_calendar *cal, long *add, size_t n)
{
	long	*all;
	size_t	 i, j, k, total;

	if (n == 0)
		return 0;
	qsort(add, n, sizeof(*add), cmp_long);
	total = cal->nholidays + n;
	if (total < n || (all = sales_reallocarray(NULL, total,
	    sizeof(*all))) == NULL)
		return -1;
	i = j = k = 0;
	while (i < cal->nholidays || j < n) {
		long	 v;

		if (j == n ||
		    (i < cal->nholidays && cal->holidays[i] <= add[j]))
			v = cal->holidays[i++];
		else
			v = add[j++];
		if (sales_weekday(v) > 5 || (k > 0 && all[k - 1] == v))
			continue;
		all[k++] = v;
	}
	sales_free(cal->holidays);
	cal->holidays = all;
	cal->nholidays = k;
	return 0;
}

int
sales_calendar_add_holiday(struct sales_calendar *cal, long day,
    struct sales_err *err)
{
	if (merge_holidays(cal, &day, 1) == -1)
		return sales_err_set(err, SALES_ENOMEM, "out of memory");
	return 0;
}

int
sales_calendar_holidays(struct sales_calendar *cal, const char *path,
    struct sales_err *err)
{
	struct sales_datefmt	 iso;
	FILE			*fp;
	char			 line[256], *p, *q;
	const char		*why;
	long			*days = NULL, *tmp, day;
	size_t			 n = 0, cap = 0, len;
	unsigned long		 lineno = 0;
	int			 c, rv = -1;

	sales_datefmt_init(&iso, NULL, NULL);
	if ((fp = fopen(path, "r")) == NULL)
		return sales_err_sys(err, SALES_EIO, path);
	while (fgets(line, sizeof(line), fp) != NULL) {
		lineno++;
		len = strlen(line);
		if (len > 0 && line[len - 1] != '\n' && !feof(fp)) {
			while ((c = getc(fp)) != EOF && c != '\n')
				;
			sales_err_set(err, SALES_EVALUE,
			    "line too long (more than %zu bytes)",
			    sizeof(line) - 2);
			goto bad;
		}
		p = line;
		if (lineno == 1 && strncmp(p, "\xef\xbb\xbf", 3) == 0)
			p += 3;
		if ((q = strchr(p, '#')) != NULL)
			*q = '\0';
		len = strcspn(p, "\r\n");
		p[len] = '\0';
		while (*p == ' ' || *p == '\t')
			p++;
		len = strlen(p);
		while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\t'))
			p[--len] = '\0';
		if (len == 0)
			continue;
		if (sales_date_parse(&iso, p, len, &day, &why) == -1) {
			if (strcmp(why, "no such day") != 0)
				why = "not a date (expected YYYY-MM-DD)";
			sales_err_set(err, SALES_EVALUE, "holiday '%.64s': %s",
			    p, why);
			goto bad;
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			if ((tmp = sales_reallocarray(days, cap,
			    sizeof(*days))) == NULL) {
				sales_err_set(err, SALES_ENOMEM,
				    "out of memory");
				goto fail;
			}
			days = tmp;
		}
		days[n++] = day;
	}
	if (ferror(fp)) {
		sales_err_sys(err, SALES_EIO, path);
		goto fail;
	}
	if (merge_holidays(cal, days, n) == -1) {
		sales_err_set(err, SALES_ENOMEM, "out of memory");
		goto fail;
	}
	rv = 0;
	goto fail;
bad:
	sales_err_where(err, path, lineno, NULL);
fail:
	sales_free(days);
	fclose(fp);
	return rv;
}

int
sales_retail_parse(const char *s, int *retail, struct sales_err *err)
{
	if (strcmp(s, "4-4-5") == 0)
		*retail = SALES_RETAIL_445;
	else if (strcmp(s, "4-5-4") == 0)
		*retail = SALES_RETAIL_454;
	else if (strcmp(s, "5-4-4") == 0)
		*retail = SALES_RETAIL_544;
	else
		return sales_err_set(err, SALES_EUSAGE, "invalid calendar "
		    "'%s' (expected 4-4-5, 4-5-4 or 5-4-4)", s);
	return 0;
}

int
sales_period_parse(const char *name)
{
	size_t	 i;

	for (i = 0; i < sizeof(period_names) / sizeof(period_names[0]); i++)
		if (strcasecmp(name, period_names[i]) == 0)
			return (int)i;
	return -1;
}

const char *
sales_period_name(int p)
{
	if (p < SALES_PERIOD_DAY || p > SALES_PERIOD_YEAR)
		return NULL;
	return period_names[p];
}

void
sales_fiscal_year(const struct sales_calendar *cal, long fy, long *start,
    long *end)
{
	long	 y = fy_first_year(cal, fy), s, e;

	if (retail_of(cal) != SALES_RETAIL_NONE) {
		s = retail_start(cal, y);
		e = retail_start(cal, y + 1) - 1;
	} else {
		s = month_first(y * 12 + fy_start_of(cal) - 1);
		e = month_first((y + 1) * 12 + fy_start_of(cal) - 1) - 1;
	}
	if (start != NULL)
		*start = s;
	if (end != NULL)
		*end = e;
}

/*
 * Span of part idx (0-based) of fiscal year fy: a quarter (0-3) or a
 * month (0-11).  In a retail year the last month and quarter run to the
 * year's end, taking a 53rd week.
 */
static void
fiscal_part(const struct sales_calendar *cal, long fy, int quarter,
    int idx, long *start, long *end)
{
	const int	*w = retail_weeks[retail_of(cal)];
	long		 ys, ye, mi;
	int		 weeks, k;

	if (retail_of(cal) != SALES_RETAIL_NONE) {
		sales_fiscal_year(cal, fy, &ys, &ye);
		if (quarter) {
			*start = ys + 7L * 13 * idx;
			*end = idx == 3 ? ye : *start + 7 * 13 - 1;
			return;
		}
		weeks = 13 * (idx / 3);
		for (k = 0; k < idx % 3; k++)
			weeks += w[k];
		*start = ys + 7L * weeks;
		*end = idx == 11 ? ye : *start + 7L * w[idx % 3] - 1;
		return;
	}
	mi = fy_first_year(cal, fy) * 12 + fy_start_of(cal) - 1 +
	    (quarter ? 3 * idx : idx);
	*start = month_first(mi);
	*end = month_first(mi + (quarter ? 3 : 1)) - 1;
}

/*
 * The fiscal year holding day, and the day's 0-based month (0-11) and
 * quarter (0-3) within it.
 */
static void
fiscal_of(const struct sales_calendar *cal, long day, long *fy, int *month,
    int *quarter)
{
	const int	*w = retail_weeks[retail_of(cal)];
	long		 y, sy, ys;
	int		 m, d, wk, q;

	sales_civil_from_days(day, &y, &m, &d);
	if (retail_of(cal) != SALES_RETAIL_NONE) {
		sy = y;
		while (day < (ys = retail_start(cal, sy)))
			sy--;
		while (day >= retail_start(cal, sy + 1))
			sy++;
		ys = retail_start(cal, sy);
		wk = (int)((day - ys) / 7);
		q = wk / 13 < 3 ? wk / 13 : 3;
		wk -= 13 * q;
		*quarter = q;
		*month = 3 * q + (wk < w[0] ? 0 : wk < w[0] + w[1] ? 1 : 2);
		*fy = fy_start_of(cal) >= 2 ? sy + 1 : sy;
		return;
	}
	*month = (int)floormod(m - fy_start_of(cal), 12);
	*quarter = *month / 3;
	*fy = fy_start_of(cal) >= 2 && m >= fy_start_of(cal) ? y + 1 : y;
}

static size_t
label_len(int n)
{
	if (n < 0)
		return 0;
	return n >= SALES_LABEL_BUFSZ ? SALES_LABEL_BUFSZ - 1 : (size_t)n;
}

size_t
sales_period_of(const struct sales_calendar *cal, int p, long day,
    long *start, long *end, char *buf)
{
	char	 tmp[SALES_LABEL_BUFSZ];
	long	 s, e, y, fy;
	int	 m, d, w, month, quarter, fiscal, n;

	if (buf == NULL)
		buf = tmp;
	fiscal = fy_start_of(cal) >= 2 || retail_of(cal) != SALES_RETAIL_NONE;
	switch (p) {
	case SALES_PERIOD_WEEK:
		sales_iso_week(day, &y, &w);
		s = day - (sales_weekday(day) - 1);
		e = s + 6;
		n = snprintf(buf, SALES_LABEL_BUFSZ, "%04ld-W%02d", y, w);
		break;
	case SALES_PERIOD_MONTH:
		if (retail_of(cal) != SALES_RETAIL_NONE) {
			fiscal_of(cal, day, &fy, &month, &quarter);
			fiscal_part(cal, fy, 0, month, &s, &e);
			n = snprintf(buf, SALES_LABEL_BUFSZ, "FY%04ld-M%02d",
			    fy, month + 1);
			break;
		}
		sales_civil_from_days(day, &y, &m, &d);
		s = day - (d - 1);
		e = s + sales_days_in_month(y, m) - 1;
		n = snprintf(buf, SALES_LABEL_BUFSZ, "%04ld-%02d", y, m);
		break;
	case SALES_PERIOD_QUARTER:
		fiscal_of(cal, day, &fy, &month, &quarter);
		fiscal_part(cal, fy, 1, quarter, &s, &e);
		n = snprintf(buf, SALES_LABEL_BUFSZ,
		    fiscal ? "FY%04ld-Q%d" : "%04ld-Q%d", fy, quarter + 1);
		break;
	case SALES_PERIOD_YEAR:
		fiscal_of(cal, day, &fy, &month, &quarter);
		sales_fiscal_year(cal, fy, &s, &e);
		n = snprintf(buf, SALES_LABEL_BUFSZ,
		    fiscal ? "FY%04ld" : "%04ld", fy);
		break;
	default:
		s = e = day;
		n = (int)sales_date_format(day, buf);
		break;
	}
	if (start != NULL)
		*start = s;
	if (end != NULL)
		*end = e;
	return label_len(n);
}

/* Exactly n decimal digits at *pp (before end) into *v. */
static int
ndigits(const char **pp, const char *end, int n, long *v)
{
	const char	*p = *pp;

	if (end - p < n)
		return -1;
	for (*v = 0; n > 0; n--, p++) {
		if (!isdigit((unsigned char)*p))
			return -1;
		*v = *v * 10 + (*p - '0');
	}
	*pp = p;
	return 0;
}

int
sales_period_parse_label(const struct sales_calendar *cal, const char *s,
    size_t len, long *start, long *end, struct sales_err *err)
{
	const char	*p = s, *e = s + len;
	long		 y, a, b, st, en;
	int		 fiscal = 0, kind, c;

	while (p < e && (*p == ' ' || *p == '\t'))
		p++;
	while (e > p && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	if (e - p >= 2 && (p[0] == 'F' || p[0] == 'f') &&
	    (p[1] == 'Y' || p[1] == 'y')) {
		fiscal = 1;
		p += 2;
	}
	if (ndigits(&p, e, 4, &y) == -1)
		goto bad;
	if (p == e) {
		kind = SALES_PERIOD_YEAR;
		if (fiscal)
			sales_fiscal_year(cal, y, &st, &en);
		else {
			st = sales_days_from_civil(y, 1, 1);
			en = sales_days_from_civil(y, 12, 31);
		}
		goto done;
	}
	if (*p++ != '-' || p == e)
		goto bad;
	c = toupper((unsigned char)*p);
	if (c == 'Q') {
		p++;
		if (ndigits(&p, e, 1, &a) == -1 || p != e || a < 1 || a > 4)
			goto bad;
		kind = SALES_PERIOD_QUARTER;
		if (fiscal)
			fiscal_part(cal, y, 1, (int)a - 1, &st, &en);
		else {
			st = month_first(y * 12 + 3 * (a - 1));
			en = month_first(y * 12 + 3 * a) - 1;
		}
	} else if (c == 'M' && fiscal) {
		p++;
		if (ndigits(&p, e, 2, &a) == -1 || p != e || a < 1 || a > 12)
			goto bad;
		kind = SALES_PERIOD_MONTH;
		fiscal_part(cal, y, 0, (int)a - 1, &st, &en);
	} else if (c == 'W' && !fiscal) {
		p++;
		if (ndigits(&p, e, 2, &a) == -1 || p != e || a < 1 ||
		    a > (iso_week1(y + 1) - iso_week1(y)) / 7)
			goto bad;
		kind = SALES_PERIOD_WEEK;
		st = iso_week1(y) + 7 * (a - 1);
		en = st + 6;
	} else if (!fiscal) {
		if (ndigits(&p, e, 2, &a) == -1 || a < 1 || a > 12)
			goto bad;
		if (p == e) {
			kind = SALES_PERIOD_MONTH;
			st = month_first(y * 12 + a - 1);
			en = month_first(y * 12 + a) - 1;
			goto done;
		}
		if (*p++ != '-' || ndigits(&p, e, 2, &b) == -1 || p != e ||
		    b < 1 || b > sales_days_in_month(y, (int)a))
			goto bad;
		kind = SALES_PERIOD_DAY;
		st = en = sales_days_from_civil(y, (int)a, (int)b);
	} else
		goto bad;
done:
	if (start != NULL)
		*start = st;
	if (end != NULL)
		*end = en;
	return kind;
bad:
	return sales_err_set(err, SALES_EVALUE, "not a period: '%.*s'",
	    len > 64 ? 64 : (int)len, s);
}

int
sales_business_day(const struct sales_calendar *cal, long day)
{
	size_t	 i;

	if (sales_weekday(day) > 5)
		return 0;
	i = holiday_lower(cal, day);
	return i == cal->nholidays || cal->holidays[i] != day;
}

/*
 * Monday-to-Friday days before day x, counted from Monday 1970-01-05
 * (day 4; negative before it): five in each whole week, plus up to five
 * of the week x falls in.
 */
static long
weekdays_before(long x)
{
	long	 r = floormod(x - 4, 7);

	return 5 * floordiv(x - 4, 7) + (r < 5 ? r : 5);
}

long
sales_business_days(const struct sales_calendar *cal, long start, long end)
{
	long	 n;

	if (end < start)
		return 0;
	n = weekdays_before(end + 1) - weekdays_before(start);
	/* The holidays are weekdays, each once: count those in the span. */
	n -= (long)(holiday_lower(cal, end + 1) - holiday_lower(cal, start));
	return n;
}
