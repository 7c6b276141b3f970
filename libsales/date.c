/*
 * date.c: dates as day numbers (days since 1970-01-01, proleptic
 * Gregorian calendar), parsed from ISO 8601, M/D/Y-style fields or a
 * strptime(3) format, and printed as ISO 8601.  Nothing here looks at
 * TZ or at the program's locale.
 */
#include <ctype.h>
#include <locale.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "libsales/date.h"

static const char why_iso[] =
    "not a date (expected YYYY-MM-DD; see --date-format)";
static const char why_mdy[] = "not a date (expected M/D/YYYY)";
static const char why_dmy[] = "not a date (expected D/M/YYYY)";
static const char why_ymd[] = "not a date (expected YYYY/M/D)";
static const char why_fmt[] = "not a date (does not match --date-format)";
static const char why_day[] = "no such day";

int
sales_datefmt_init(struct sales_datefmt *f, const char *spec,
    struct sales_err *err)
{
	memset(f, 0, sizeof(*f));
	f->kind = SALES_DATE_ISO;
	if (spec == NULL || strcasecmp(spec, "iso") == 0)
		return 0;
	if (strcasecmp(spec, "mdy") == 0)
		f->kind = SALES_DATE_MDY;
	else if (strcasecmp(spec, "dmy") == 0)
		f->kind = SALES_DATE_DMY;
	else if (strcasecmp(spec, "ymd") == 0)
		f->kind = SALES_DATE_YMD;
	else if (strchr(spec, '%') != NULL) {
		if (strlen(spec) >= sizeof(f->fmt))
			return sales_err_set(err, SALES_EUSAGE,
			    "date format too long: '%.40s...'", spec);
		f->kind = SALES_DATE_STRPTIME;
		strcpy(f->fmt, spec);
	} else
		return sales_err_set(err, SALES_EUSAGE,
		    "invalid date format '%s' (expected iso, mdy, dmy, ymd "
		    "or a strptime format such as %%d.%%m.%%Y)", spec);
	return 0;
}

/*
 * sales_days_from_civil() for years 0 to 10^9 and months 1 to 12 (any
 * day: it is only added), in unsigned arithmetic, whose divisions by
 * constants are a multiply and a shift: the year is taken 400 years
 * (146097 days) later, so that January and February of year 0 stay
 * positive.
 */
static inline long
civil_days(long y, int m, int d)
{
	unsigned long	 yy = (unsigned long)y + 400 - (m <= 2);
	unsigned long	 era = yy / 400, yoe = yy - era * 400;
	unsigned long	 doy = (153UL * (unsigned long)(m > 2 ? m - 3 :
			    m + 9) + 2) / 5 + (unsigned long)d - 1;
	unsigned long	 doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return (long)(era * 146097 + doe) - 719468 - 146097;
}

/* Howard Hinnant, days_from_civil(). */
long
sales_days_from_civil(long y, int m, int d)
{
	long		 era, yoe, doy, doe;

	if (y >= 0 && y <= 1000000000L && m >= 1 && m <= 12)
		return civil_days(y, m, d);
	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153L * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* Howard Hinnant, civil_from_days(). */
void
sales_civil_from_days(long days, long *y, int *m, int *d)
{
	long		 z, era, doe, yoe, doy, mp;

	z = days + 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

int
sales_leap_year(long y)
{
	return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

int
sales_days_in_month(long y, int m)
{
	static const int dim[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	if (m < 1 || m > 12)
		return 0;
	if (m == 2 && sales_leap_year(y))
		return 29;
	return dim[m - 1];
}

int
sales_weekday(long days)
{
	long	 r;

	/* Day 0, 1970-01-01, was a Thursday (4). */
	r = (days % 7 + 7) % 7;
	return (int)((r + 3) % 7) + 1;
}

/*
 * Read between min and max decimal digits at *pp into *v and advance
 * *pp.  Returns 0, or -1 when there are too few digits or more than max
 * follow.
 */
static int
digits(const char **pp, const char *end, int min, int max, long *v)
{
	const char	*p = *pp;
	int		 n = 0;

	*v = 0;
	while (p < end && n < max && isdigit((unsigned char)*p)) {
		*v = *v * 10 + (*p - '0');
		p++;
		n++;
	}
	if (n < min || (p < end && isdigit((unsigned char)*p)))
		return -1;
	*pp = p;
	return 0;
}

static const char *
skip_spaces(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	return p;
}

/*
 * Check the rest of a date field from p: nothing but spaces, or 'T' or
 * ' ' and a time HH:MM[:SS[.fff]], then an optional AM/PM or UTC offset
 * (Z, +HH, +HHMM, +HH:MM), then spaces.  The time is read only to be
 * checked; it never moves the date.  Returns 0 or -1.
 */
static int
time_tail(const char *p, const char *end)
{
	long	 h, mi, sec;

	p = skip_spaces(p, end);
	if (p == end)
		return 0;
	if (*p == 'T' || *p == 't')
		p++;
	if (digits(&p, end, 1, 2, &h) == -1 || h > 24)
		return -1;
	if (p == end || *p++ != ':' ||
	    digits(&p, end, 2, 2, &mi) == -1 || mi > 59)
		return -1;
	if (p < end && *p == ':') {
		p++;
		if (digits(&p, end, 2, 2, &sec) == -1 || sec > 60)
			return -1;
		if (p < end && (*p == '.' || *p == ',')) {
			p++;
			if (p == end || !isdigit((unsigned char)*p))
				return -1;
			while (p < end && isdigit((unsigned char)*p))
				p++;
		}
	}
	p = skip_spaces(p, end);
	if (p == end)
		return 0;
	if (end - p >= 2 && (p[0] == 'A' || p[0] == 'a' || p[0] == 'P' ||
	    p[0] == 'p') && (p[1] == 'M' || p[1] == 'm')) {
		if (h < 1 || h > 12)
			return -1;
		p += 2;
	} else if (*p == 'Z' || *p == 'z')
		p++;
	else if (*p == '+' || *p == '-') {
		p++;
		if (digits(&p, end, 2, 4, &h) == -1)
			return -1;
		if (p < end && *p == ':') {
			p++;
			if (h > 99 || digits(&p, end, 2, 2, &mi) == -1)
				return -1;
		}
	} else
		return -1;
	return skip_spaces(p, end) == end ? 0 : -1;
}

/*
 * Three numeric fields separated twice by the same one of "/-.", the
 * year (4 digits) at position ypos (0 or 2) and the month at mpos.
 */
static int
parse_fields(const char *p, const char *end, int ypos, int mpos,
    long *y, long *m, long *d, int iso)
{
	long	 v[3];
	char	 sep = 0;
	int	 i;

	for (i = 0; i < 3; i++) {
		if (i > 0) {
			if (p == end)
				return -1;
			if (i == 1) {
				sep = *p;
				if (iso ? sep != '-' :
				    strchr("/-.", sep) == NULL || sep == '\0')
					return -1;
			} else if (*p != sep)
				return -1;
			p++;
		}
		if (i == ypos) {
			if (digits(&p, end, 4, 4, &v[i]) == -1)
				return -1;
		} else if (digits(&p, end, iso ? 2 : 1, 2, &v[i]) == -1)
			return -1;
	}
	if (time_tail(p, end) == -1)
		return -1;
	*y = v[ypos];
	*m = v[mpos];
	*d = v[3 - ypos - mpos];
	return 0;
}

/*
 * The common case of ISO 8601 and ymd: exactly YYYY-MM-DD.  Returns 1
 * with the fields set, or 0 for anything else, which parse_fields()
 * then reads (or refuses) the long way.  The first eight bytes are
 * checked in one 64-bit word: the dashes exactly, the digits by their
 * high nibble being 3 and staying 3 when 6 is added (no carry can
 * leave a byte that passed the first test).
 */
static inline int
parse_iso10(const char *s, size_t len, long *y, long *m, long *d)
{
	const uint64_t	 dig = 0x00ffff00ffffffffULL;	/* bytes 0-3, 5-6 */
	const uint64_t	 hi = 0x00f0f000f0f0f0f0ULL;
	const uint64_t	 three = 0x0030300030303030ULL;
	uint64_t	 w, v;
	unsigned	 d8, d9;

	if (len != 10)
		return 0;
	memcpy(&w, s, sizeof(w));
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	w = __builtin_bswap64(w);
#endif
	d8 = (unsigned char)s[8] - '0';
	d9 = (unsigned char)s[9] - '0';
	if ((w & ~dig) != 0x2d00002d00000000ULL || (w & hi) != three ||
	    ((w + 0x0006060006060606ULL) & hi) != three || d8 > 9 || d9 > 9)
		return 0;
	v = w & 0x000f0f000f0f0f0fULL;
	*y = (long)((v & 15) * 1000 + (v >> 8 & 15) * 100 +
	    (v >> 16 & 15) * 10 + (v >> 24 & 15));
	*m = (long)((v >> 40 & 15) * 10 + (v >> 48 & 15));
	*d = (long)(d8 * 10 + d9);
	return 1;
}

static int
parse_strptime(const char *fmt, const char *s, size_t len, long *y,
    long *m, long *d)
{
	char		 buf[256];
	struct tm	 tm;
	const char	*end;
	static locale_t	 c;

	if (len >= sizeof(buf))
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	memset(&tm, 0, sizeof(tm));
	tm.tm_mday = 1;		/* "%b-%y" names a month: its first day */
	tm.tm_year = 70;
	/* Month names are English whatever setlocale(3) was told. */
	if (c == (locale_t)0)
		c = newlocale(LC_ALL_MASK, "C", (locale_t)0);
	if (c == (locale_t)0)
		end = strptime(buf, fmt, &tm);
	else
		end = strptime_l(buf, fmt, &tm, c);
	if (end == NULL || skip_spaces(end, buf + len) != buf + len)
		return -1;
	*y = tm.tm_year + 1900L;
	*m = tm.tm_mon + 1;
	*d = tm.tm_mday;
	return 0;
}

int
sales_date_parse(const struct sales_datefmt *f, const char *s, size_t len,
    long *days, const char **why)
{
	const char	*p, *end = s + len, *bad;
	long		 y, m, d;
	int		 rv;

	if ((f->kind == SALES_DATE_ISO || f->kind == SALES_DATE_YMD) &&
	    parse_iso10(s, len, &y, &m, &d)) {
		rv = 0;
		bad = why_iso;
		goto check;
	}
	p = skip_spaces(s, end);
	switch (f->kind) {
	case SALES_DATE_MDY:
		bad = why_mdy;
		rv = parse_fields(p, end, 2, 0, &y, &m, &d, 0);
		break;
	case SALES_DATE_DMY:
		bad = why_dmy;
		rv = parse_fields(p, end, 2, 1, &y, &m, &d, 0);
		break;
	case SALES_DATE_YMD:
		bad = why_ymd;
		rv = parse_fields(p, end, 0, 1, &y, &m, &d, 0);
		break;
	case SALES_DATE_STRPTIME:
		bad = why_fmt;
		rv = parse_strptime(f->fmt, p, (size_t)(end - p), &y, &m,
		    &d);
		break;
	default:
		bad = why_iso;
		rv = parse_fields(p, end, 0, 1, &y, &m, &d, 1);
		break;
	}
	if (rv == -1) {
		*why = bad;
		return -1;
	}
check:
	if (m < 1 || m > 12 || d < 1 || d > sales_days_in_month(y, (int)m)) {
		*why = why_day;
		return -1;
	}
	*days = sales_days_from_civil(y, (int)m, (int)d);
	return 0;
}

size_t
sales_date_format(long days, char *buf)
{
	long	 y;
	int	 m, d, n;

	sales_civil_from_days(days, &y, &m, &d);
	if (y < 0)
		n = snprintf(buf, SALES_DATE_BUFSZ, "-%04ld-%02d-%02d", -y, m,
		    d);
	else
		n = snprintf(buf, SALES_DATE_BUFSZ, "%04ld-%02d-%02d", y, m, d);
	if (n < 0)
		n = 0;
	if (n >= SALES_DATE_BUFSZ)
		n = SALES_DATE_BUFSZ - 1;
	return (size_t)n;
}

long
sales_add_months(long days, int n)
{
	long	 y, mi;
	int	 m, d, dim;

	sales_civil_from_days(days, &y, &m, &d);
	mi = y * 12 + (m - 1) + n;
	y = mi >= 0 ? mi / 12 : -((-mi + 11) / 12);
	m = (int)(mi - y * 12) + 1;
	dim = sales_days_in_month(y, m);
	if (d > dim)
		d = dim;
	return sales_days_from_civil(y, m, d);
}
