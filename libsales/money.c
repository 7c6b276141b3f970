/*
 * money.c: parsing and printing money as int64 ten-thousandths, and the
 * exact integer arithmetic (rounded division, weighting by probability,
 * fractions printed to N decimals) that keeps sums of money exact.
 *
 * Rounding is half away from zero throughout: the magnitude is rounded
 * half up and the sign put back, so that -1.005 prints as -1.01 just as
 * 1.005 prints as 1.01.
 */
#include <stdint.h>
#include <string.h>

#include "libsales/money.h"

#define WHY_MONEY	"not a money amount"
#define WHY_GROUPS	"digit groups must be of three"
#define WHY_RANGE	"amount out of range"
#define WHY_PROB	"not a probability"
#define WHY_PROB_HIGH	"probability above 100%"
#define WHY_PROB_NEG	"negative probability"

static const uint64_t pow10u[] = {
	1, 10, 100, 1000, 10000, 100000, 1000000
};

/*
 * The length of the blank at p (before end): an ASCII space or tab
 * (tab only when tab is set), U+00A0 NO-BREAK SPACE (C2 A0) or U+202F
 * NARROW NO-BREAK SPACE (E2 80 AF); 0 when p is not at a blank.
 */
static size_t
blank_len(const char *p, const char *end, int tab)
{
	const unsigned char *u = (const unsigned char *)p;
	size_t	 n = (size_t)(end - p);

	if (n >= 1 && (u[0] == ' ' || (tab && u[0] == '\t')))
		return 1;
	if (n >= 2 && u[0] == 0xc2 && u[1] == 0xa0)
		return 2;
	if (n >= 3 && u[0] == 0xe2 && u[1] == 0x80 && u[2] == 0xaf)
		return 3;
	return 0;
}

/* The length of the blank that ends at end (after p), or 0. */
static size_t
blank_before(const char *p, const char *end)
{
	size_t	 n = (size_t)(end - p);

	if (n >= 1 && blank_len(end - 1, end, 1) == 1)
		return 1;
	if (n >= 2 && blank_len(end - 2, end, 1) == 2)
		return 2;
	if (n >= 3 && blank_len(end - 3, end, 1) == 3)
		return 3;
	return 0;
}

static int
is_upper(int c)
{
	return c >= 'A' && c <= 'Z';
}

/*
 * The length of the currency sign at p: $, € (E2 82 AC), £ (C2 A3),
 * ¥ (C2 A5), or three capital letters not followed by a fourth (an ISO
 * 4217 code such as EUR or USD); 0 when there is none.
 */
static size_t
currency_len(const char *p, const char *end)
{
	const unsigned char *u = (const unsigned char *)p;
	size_t	 n = (size_t)(end - p);

	if (n >= 1 && u[0] == '$')
		return 1;
	if (n >= 2 && u[0] == 0xc2 && (u[1] == 0xa3 || u[1] == 0xa5))
		return 2;
	if (n >= 3 && u[0] == 0xe2 && u[1] == 0x82 && u[2] == 0xac)
		return 3;
	if (n >= 3 && is_upper(u[0]) && is_upper(u[1]) && is_upper(u[2]) &&
	    (n == 3 || !is_upper(u[3])))
		return 3;
	return 0;
}

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/*
 * The kind of separator at p inside a number: '.', ',' or ' ' for a
 * grouping blank (only with the decimal comma, and only when a digit
 * follows it); *len gets its length in bytes.  0 when p is not at one.
 */
static int
sep_kind(const char *p, const char *end, int flags, size_t *len)
{
	size_t	 b;

	if (*p == '.' || *p == ',') {
		*len = 1;
		return *p;
	}
	if ((flags & SALES_MONEY_DECIMAL_COMMA) &&
	    (b = blank_len(p, end, 0)) != 0 && p + b < end &&
	    is_digit((unsigned char)p[b])) {
		*len = b;
		return ' ';
	}
	return 0;
}

/*
 * Read the number at [p, end) into the magnitude *mag (ten-thousandths)
 * and advance *pp past it.  limit is the largest magnitude allowed.
 */
static int
parse_number(const char **pp, const char *end, int flags, uint64_t limit,
    uint64_t *mag, const char **why)
{
	const char	*p = *pp, *q, *numend, *dec = NULL;
	uint64_t	 ip = 0, frac = 0;
	size_t		 len = 0, ngroup = 0, nfrac = 0;
	int		 k, has_dot = 0, has_comma = 0, decchar, groupkind = 0;
	int		 first = 1, any = 0;

	/* Find the end of the number and the separators it uses. */
	for (q = p; q < end; ) {
		if (is_digit((unsigned char)*q)) {
			q++;
			continue;
		}
		if ((k = sep_kind(q, end, flags, &len)) == 0)
			break;
		if (k == '.')
			has_dot = 1;
		else if (k == ',')
			has_comma = 1;
		q += len;
	}
	numend = q;
	if (numend == p)
		return (*why = WHY_MONEY, -1);

	/*
	 * The decimal point: with both '.' and ',' the last one is the
	 * point (nothing else can be meant); else it depends on the mode.
	 */
	if (has_dot && has_comma) {
		for (q = numend; q > p && q[-1] != '.' && q[-1] != ','; q--)
			;
		decchar = q[-1];
	} else
		decchar = (flags & SALES_MONEY_DECIMAL_COMMA) ? ',' : '.';

	/* Integer part: digit groups, checked as they close. */
	for (q = p; q < numend; ) {
		if (is_digit((unsigned char)*q)) {
			if (ip > (UINT64_MAX - 9) / 10)
				return (*why = WHY_RANGE, -1);
			ip = ip * 10 + (uint64_t)(*q - '0');
			ngroup++;
			any = 1;
			q++;
			continue;
		}
		if ((k = sep_kind(q, numend, flags, &len)) == 0)
			return (*why = WHY_MONEY, -1);
		if (k == decchar) {
			dec = q;
			break;
		}
		/* A group separator. */
		if (groupkind != 0 && k != groupkind)
			return (*why = WHY_MONEY, -1);
		groupkind = k;
		if (ngroup == 0 || (first && ngroup > 3) ||
		    (!first && ngroup != 3))
			return (*why = WHY_GROUPS, -1);
		first = 0;
		ngroup = 0;
		q += len;
	}
	if (groupkind != 0 && ngroup != 3)
		return (*why = WHY_GROUPS, -1);

	/* Fraction: digits only; four kept, the fifth rounds. */
	if (dec != NULL) {
		for (q = dec + 1; q < numend; q++) {
			if (!is_digit((unsigned char)*q))
				return (*why = WHY_MONEY, -1);
			if (nfrac < 4)
				frac = frac * 10 + (uint64_t)(*q - '0');
			else if (nfrac == 4 && *q >= '5')
				frac++;		/* half away from zero */
			nfrac++;
		}
		if (nfrac == 0)
			return (*why = WHY_MONEY, -1);
		any = 1;
	}
	if (!any)
		return (*why = WHY_MONEY, -1);
	for (; nfrac < 4; nfrac++)
		frac *= 10;

	if (ip > limit / SALES_MONEY_SCALE)
		return (*why = WHY_RANGE, -1);
	ip *= SALES_MONEY_SCALE;
	if (ip > limit - frac)
		return (*why = WHY_RANGE, -1);
	*mag = ip + frac;
	*pp = numend;
	return 0;
}

/*
 * The form most exports write, "-1234.56": an optional '-', 1 to 14
 * digits, and optionally a '.' with 1 to 4 decimals (a '.' is a point
 * only without --decimal-comma).  Returns 1 with *out set, or 0 when s
 * is anything else, for the full parser.
 */
static inline int
parse_plain(const char *s, size_t len, int flags, int64_t *out)
{
	static const uint64_t scale[5] = { 10000, 1000, 100, 10, 1 };
	const char	*p = s, *end = s + len, *digits;
	uint64_t	 v = 0, f = 0;
	unsigned	 d;
	int		 neg = 0;

	/* "-" + 14 digits + "." + 4 decimals at most. */
	if (len > 20)
		return 0;
	if (p < end && *p == '-')
		neg = 1, p++;
	for (digits = p; p < end && (d = (unsigned char)*p - '0') < 10; p++)
		v = v * 10 + d;
	if (p == digits || p - digits > 14)
		return 0;
	if (p < end) {
		if (*p != '.' || (flags & SALES_MONEY_DECIMAL_COMMA))
			return 0;
		for (digits = ++p; p < end && (d = (unsigned char)*p - '0') <
		    10; p++)
			f = f * 10 + d;
		if (p != end || p == digits || p - digits > 4)
			return 0;
		v = v * 10000 + f * scale[p - digits];
	} else
		v *= 10000;
	*out = neg ? -(int64_t)v : (int64_t)v;
	return 1;
}

/* Every form but the plain one (sales_money_parse()). */
static int __attribute__((noinline))
parse_full(const char *s, size_t len, int flags, int64_t *out,
    const char **why)
{
	const char	*p = s, *end = s + len;
	const char	*dummy;
	uint64_t	 mag, limit;
	size_t		 n;
	int		 neg = 0, sign = 0, paren = 0, cur = 0;

	if (why == NULL)
		why = &dummy;

	/* Before the number: blanks, '(', one sign, one currency sign. */
	while (p < end) {
		if ((n = blank_len(p, end, 1)) != 0)
			p += n;
		else if (*p == '(' && !paren && !sign)
			paren = 1, p++;
		else if ((*p == '-' || *p == '+') && !sign && !paren) {
			sign = 1;
			neg = *p == '-';
			p++;
		} else if (!cur && (n = currency_len(p, end)) != 0)
			cur = 1, p += n;
		else
			break;
	}

	/* -INT64_MIN is one more than INT64_MAX. */
	limit = (neg || paren) ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	if (parse_number(&p, end, flags, limit, &mag, why) == -1)
		return -1;

	/* After it: blanks, the currency sign, the closing ')'. */
	while (p < end) {
		if ((n = blank_len(p, end, 1)) != 0)
			p += n;
		else if (*p == ')' && paren == 1)
			paren = 2, p++;
		else if (!cur && (n = currency_len(p, end)) != 0)
			cur = 1, p += n;
		else
			break;
	}
	if (p != end || paren == 1)
		return (*why = WHY_MONEY, -1);
	if (neg || paren)
		*out = mag == (uint64_t)INT64_MAX + 1 ? INT64_MIN :
		    -(int64_t)mag;
	else
		*out = (int64_t)mag;
	return 0;
}

int
sales_money_parse(const char *s, size_t len, int flags, int64_t *out,
    const char **why)
{
	if (parse_plain(s, len, flags, out))
		return 0;
	return parse_full(s, len, flags, out, why);
}

/*
 * Write the unsigned value v into buf as decimal digits, at least
 * mindigits of them (zero-padded); returns the number written.
 */
static size_t
put_u128(unsigned __int128 v, size_t mindigits, char *buf)
{
	char	 tmp[48];
	size_t	 n = 0, i;

	do {
		tmp[n++] = (char)('0' + (int)(v % 10));
		v /= 10;
	} while (v != 0 && n < sizeof(tmp));
	while (n < mindigits && n < sizeof(tmp))
		tmp[n++] = '0';
	for (i = 0; i < n; i++)
		buf[i] = tmp[n - 1 - i];
	return n;
}

/*
 * Print the magnitude q (already scaled by 10^decimals) with decimals
 * digits after the point, a '-' first when neg and q is not zero.
 */
static size_t
put_scaled(int neg, unsigned __int128 q, int decimals, char *buf)
{
	unsigned __int128 scale = 1;
	size_t	 n = 0;
	int	 i;

	for (i = 0; i < decimals; i++)
		scale *= 10;
	if (neg && q != 0)
		buf[n++] = '-';
	n += put_u128(q / scale, 1, buf + n);
	if (decimals > 0) {
		buf[n++] = '.';
		n += put_u128(q % scale, (size_t)decimals, buf + n);
	}
	buf[n] = '\0';
	return n;
}

size_t
sales_money_format(int64_t v, int decimals, char *buf)
{
	uint64_t	 mag, div;

	if (decimals < 0)
		decimals = 0;
	if (decimals > 4)
		decimals = 4;
	/* The magnitude as unsigned, so that INT64_MIN is safe. */
	mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	div = pow10u[4 - decimals];
	return put_scaled(v < 0, (mag + div / 2) / div, decimals, buf);
}

int
sales_money_add(int64_t *acc, int64_t v)
{
	int64_t	 sum;

	if (__builtin_add_overflow(*acc, v, &sum))
		return -1;
	*acc = sum;
	return 0;
}

__int128
sales_div_round128(__int128 num, __int128 den)
{
	unsigned __int128 n, d, q;
	int	 neg;

	neg = (num < 0) != (den < 0);
	n = num < 0 ? (unsigned __int128)0 - (unsigned __int128)num :
	    (unsigned __int128)num;
	d = den < 0 ? (unsigned __int128)0 - (unsigned __int128)den :
	    (unsigned __int128)den;
	q = n / d;
	if (n % d >= d - n % d)		/* remainder at least one half */
		q++;
	return neg ? -(__int128)q : (__int128)q;
}

size_t
sales_money_format_div(__int128 num, __int128 den, int decimals, char *buf)
{
	const __int128	 max = (__int128)(~(unsigned __int128)0 >> 1);
	__int128	 q, scale;

	buf[0] = '\0';
	if (den == 0)
		return 0;
	if (decimals < 0)
		decimals = 0;
	if (decimals > 4)
		decimals = 4;
	scale = (__int128)pow10u[4 - decimals];
	if (den > max / scale || den < -(max / scale)) {
		/* So large a divisor: the ten-thousandths, then rounded. */
		q = sales_div_round128(num, den);
		if (q < INT64_MIN || q > INT64_MAX)
			return 0;
		return sales_money_format((int64_t)q, decimals, buf);
	}
	/* Once, to the decimals shown. */
	q = sales_div_round128(num, den * scale);
	if (q * scale < INT64_MIN || q * scale > INT64_MAX)
		return 0;
	return put_scaled(q < 0, q < 0 ? (unsigned __int128)0 -
	    (unsigned __int128)q : (unsigned __int128)q, decimals, buf);
}

static int
fit64(__int128 v, int64_t *out)
{
	if (v < INT64_MIN || v > INT64_MAX)
		return -1;
	*out = (int64_t)v;
	return 0;
}

int
sales_div_round(int64_t num, int64_t den, int64_t *out)
{
	if (den == 0)
		return -1;
	return fit64(sales_div_round128(num, den), out);
}

int
sales_money_weight(int64_t amount, int64_t prob, int64_t *out)
{
	return fit64(sales_div_round128((__int128)amount * prob, SALES_PROB_SCALE),
	    out);
}

size_t
sales_fraction_format(int64_t num, int64_t den, int decimals, char *buf)
{
	__int128	 q;

	if (den == 0) {
		buf[0] = '\0';
		return 0;
	}
	if (decimals < 0)
		decimals = 0;
	if (decimals > 6)
		decimals = 6;
	q = sales_div_round128((__int128)num * (__int128)pow10u[decimals], den);
	return put_scaled(q < 0, q < 0 ? (unsigned __int128)0 -
	    (unsigned __int128)q : (unsigned __int128)q, decimals, buf);
}

/*
 * ip + 0.[fs, fe) times 10^m, rounded half away from zero on the digit
 * after the m-th decimal.
 */
static uint64_t
scale_decimal(uint64_t ip, const char *fs, const char *fe, int m)
{
	uint64_t	 v = ip;
	int		 i;

	for (i = 0; i < m; i++)
		v = v * 10 + (fs + i < fe ? (uint64_t)(fs[i] - '0') : 0);
	if (fs + m < fe && fs[m] >= '5')
		v++;
	return v;
}

int
sales_prob_parse(const char *s, size_t len, int64_t *out, const char **why)
{
	const char	*p = s, *end = s + len, *fs, *fe;
	const char	*dummy;
	uint64_t	 ip = 0;
	size_t		 n;
	int		 pct = 0, neg = 0, any = 0, fracnz = 0;

	if (why == NULL)
		why = &dummy;

	/* Blanks around, and a '%' at the end with blanks before it. */
	while (p < end && (n = blank_len(p, end, 1)) != 0)
		p += n;
	for (;;) {
		if ((n = blank_before(p, end)) != 0)
			end -= n;
		else if (end > p && end[-1] == '%' && !pct)
			pct = 1, end--;
		else
			break;
	}
	if (p < end && *p == '-')
		neg = 1, p++;

	/* Digits (capped far above 100), then a '.' or ',' point. */
	for (; p < end && is_digit((unsigned char)*p); p++) {
		if (ip < 1000000)
			ip = ip * 10 + (uint64_t)(*p - '0');
		any = 1;
	}
	fs = fe = p;
	if (p < end && (*p == '.' || *p == ',')) {
		fs = ++p;
		for (; p < end && is_digit((unsigned char)*p); p++)
			if (*p != '0')
				fracnz = 1;
		fe = p;
		if (fs == fe)
			return (*why = WHY_PROB, -1);
		any = 1;
	}
	if (p != end || !any)
		return (*why = WHY_PROB, -1);
	if (neg)
		return (*why = WHY_PROB_NEG, -1);

	/* Above 1, or with '%', it is a percentage (SPEC 2). */
	if (!pct && (ip > 1 || (ip == 1 && fracnz)))
		pct = 1;
	if (pct && (ip > 100 || (ip == 100 && fracnz)))
		return (*why = WHY_PROB_HIGH, -1);
	*out = (int64_t)scale_decimal(ip, fs, fe, pct ? 4 : 6);
	return 0;
}
