/*
 * fuzz_money.c: money and probabilities (money.h) on any bytes.
 *
 * Input: one option byte (bit 0 --decimal-comma, bits 1-3 decimals),
 * two 64-bit integers a and b (little-endian), then the text to parse.
 *
 * Properties, against 128-bit arithmetic done here:
 * - text that parses as money prints at 4 decimals to a string that
 *   parses back to the same value, and at 0-4 decimals to the value
 *   rounded half away from zero;
 * - a and b print at 4 decimals and parse back exactly (INT64_MIN too);
 * - sales_money_add(), sales_div_round(), sales_money_weight() and
 *   sales_fraction_format() give the exact results or report overflow
 *   exactly when the result does not fit;
 * - a probability that parses lies in 0..SALES_PROB_SCALE.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "libsales/money.h"
#include "tests/fuzz/fuzz.h"

typedef __int128 i128;

static const int64_t	 pow10[] = { 1, 10, 100, 1000, 10000, 100000,
			    1000000 };

/* n / d rounded half away from zero (d != 0). */
static i128
rdiv(i128 n, i128 d)
{
	i128	 an = n < 0 ? -n : n, ad = d < 0 ? -d : d, q;

	q = (2 * an + ad) / (2 * ad);
	return (n < 0) != (d < 0) ? -q : q;
}

static int
fits(i128 v)
{
	return v >= INT64_MIN && v <= INT64_MAX;
}

/* Parse what we printed: it must read back as v. */
static void
reparse(const char *buf, int64_t v)
{
	const char	*why;
	int64_t		 got;

	if (sales_money_parse(buf, strlen(buf), 0, &got, &why) == -1)
		fuzz_fail("'%s' does not parse back: %s", buf, why);
	if (got != v)
		fuzz_fail("'%s' parses back as %lld, not %lld", buf,
		    (long long)got, (long long)v);
}

/* The value v printed at dec decimals must be v rounded there. */
static void
check_format(int64_t v, int dec)
{
	char		 buf[SALES_MONEY_BUFSZ];
	const char	*why;
	int64_t		 got;
	i128		 want;
	size_t		 len;

	len = sales_money_format(v, dec, buf);
	fuzz_assert(len == strlen(buf) && len < SALES_MONEY_BUFSZ);
	if (dec == 4) {
		reparse(buf, v);
		return;
	}
	want = rdiv(v, pow10[4 - dec]) * pow10[4 - dec];
	if (want == 0 && buf[0] == '-')
		fuzz_fail("'%s': zero printed with a sign", buf);
	if (!fits(want)) {
		fuzz_assert(sales_money_parse(buf, len, 0, &got, &why) == -1);
		return;
	}
	reparse(buf, (int64_t)want);
}

/* The exact text of num / den at dec decimals, as the header says. */
static void
fraction_ref(int64_t num, int64_t den, int dec, char *buf, size_t sz)
{
	i128		 q, an = num < 0 ? -(i128)num : num;
	i128		 ad = den < 0 ? -(i128)den : den;
	unsigned long long ip, fp;
	int		 neg = (num < 0) != (den < 0);

	if (den == 0) {
		buf[0] = '\0';
		return;
	}
	q = (2 * an * pow10[dec] + ad) / (2 * ad);
	ip = (unsigned long long)(q / pow10[dec]);
	fp = (unsigned long long)(q % pow10[dec]);
	if (q == 0)
		neg = 0;
	if (dec == 0)
		snprintf(buf, sz, "%s%llu", neg ? "-" : "", ip);
	else
		snprintf(buf, sz, "%s%llu.%0*llu", neg ? "-" : "", ip, dec, fp);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in	 in = { data, size };
	char		 ref[64], buf[SALES_MONEY_BUFSZ];
	const char	*why;
	char		*s;
	int64_t		 a, b, v, acc, out, prob;
	unsigned	 opt;
	int		 dec, flags, rv;
	i128		 want;

	opt = fuzz_byte(&in);
	a = (int64_t)fuzz_u64(&in);
	b = (int64_t)fuzz_u64(&in);
	flags = (opt & 1) ? SALES_MONEY_DECIMAL_COMMA : 0;
	dec = (opt >> 1) & 7;

	/* Text: money and probability. */
	s = fuzz_copy(in.p, in.n);
	if (sales_money_parse(s, in.n, flags, &v, &why) == 0) {
		check_format(v, 4);
		check_format(v, dec > 4 ? 2 : dec);
	} else
		fuzz_assert(why != NULL && why[0] != '\0');
	if (sales_prob_parse(s, in.n, &prob, &why) == 0)
		fuzz_assert(prob >= 0 && prob <= SALES_PROB_SCALE);
	else
		fuzz_assert(why != NULL && why[0] != '\0');
	free(s);

	/* Integers: printing, sums, quotients and weights. */
	check_format(a, 4);
	check_format(b, dec > 4 ? 0 : dec);
	acc = a;
	rv = sales_money_add(&acc, b);
	want = (i128)a + b;
	if (fits(want))
		fuzz_assert(rv == 0 && acc == (int64_t)want);
	else
		fuzz_assert(rv == -1 && acc == a);

	out = 12345;
	rv = sales_div_round(a, b, &out);
	if (b == 0)
		fuzz_assert(rv == -1 && out == 12345);
	else {
		want = rdiv(a, b);
		if (fits(want))
			fuzz_assert(rv == 0 && out == (int64_t)want);
		else
			fuzz_assert(rv == -1);
	}

	prob = (int64_t)((uint64_t)b % (SALES_PROB_SCALE + 1));
	rv = sales_money_weight(a, prob, &out);
	want = rdiv((i128)a * prob, SALES_PROB_SCALE);
	if (fits(want))
		fuzz_assert(rv == 0 && out == (int64_t)want);
	else
		fuzz_assert(rv == -1);

	dec = opt >> 4;
	sales_fraction_format(a, b, dec, buf);
	fraction_ref(a, b, dec > 6 ? 6 : dec, ref, sizeof(ref));
	if (strcmp(buf, ref) != 0)
		fuzz_fail("%lld / %lld at %d: '%s', want '%s'", (long long)a,
		    (long long)b, dec, buf, ref);
	return 0;
}
