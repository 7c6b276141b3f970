/*
 * money.h: money as a signed 64-bit count of ten-thousandths, and the
 * exact fractions (rates, probabilities) that go with it.
 *
 * Money is never a double (SPEC 3): 12.34 is held as 123400.  Parsing
 * accepts what CRM and spreadsheet exports write; printing is plain,
 * with a '.' point, no grouping and 0-4 decimals rounded half away
 * from zero.
 */
#ifndef SALES_MONEY_H
#define SALES_MONEY_H

#include <stddef.h>
#include <stdint.h>

#define SALES_MONEY_SCALE	10000	/* ten-thousandths in one unit */
#define SALES_MONEY_BUFSZ	32	/* enough for any formatted value */
#define SALES_PROB_SCALE	1000000	/* millionths in a probability of 1 */

enum {
	SALES_MONEY_DECIMAL_COMMA = 1	/* --decimal-comma: "1.234,56" */
};

/*
 * Parse len bytes at s as money into *out (ten-thousandths).  Accepted:
 * "1234", "1234.5", "1,234.56", "$1,234.56", "€ 99", "1.234,56 €"
 * (currency sign $ € £ ¥ or a 3-letter ISO code such as EUR before or
 * after, with a space, a no-break space U+00A0 or U+202F, or none),
 * "-12.00", "(12.00)", "-$5", "$-5", "($5)".  A number holding both
 * '.' and ',' takes the last of them as its point ("1.234,56" is
 * 1234.56 in either mode); otherwise ',' groups and '.' is the point,
 * and with SALES_MONEY_DECIMAL_COMMA the roles swap and a space or
 * no-break space may also group ("1 234,56").  Digit groups must be of
 * three after a first group of one to three digits: "2523,00", "1,23"
 * and, without the flag, "1200,40" are errors.  More than four decimals
 * round half away from zero ("1.00005" -> 10001).  Surrounding blanks
 * are ignored.  An empty field is not money: callers test for it
 * first.  Returns 0, or -1 with *out untouched and *why (when why is
 * not NULL) set to a static reason: "not a money amount", "digit
 * groups must be of three" or "amount out of range" (beyond
 * INT64_MIN..INT64_MAX ten-thousandths).
 */
int	sales_money_parse(const char *s, size_t len, int flags,
	    int64_t *out, const char **why);

/*
 * Write v (ten-thousandths) with decimals (0-4; others are clamped)
 * decimals, rounded half away from zero ("1.005" -> "1.01" and
 * "-1.005" -> "-1.01" at 2), with a '.' point and no grouping, into
 * buf of at least SALES_MONEY_BUFSZ bytes, NUL-terminated.  A value
 * that rounds to zero prints without a sign ("0.00").  Every int64_t,
 * INT64_MIN included, is printed exactly.  Returns the length.
 */
size_t	sales_money_format(int64_t v, int decimals, char *buf);

/*
 * Write the money num / den (num in ten-thousandths; an average, a
 * rate) with decimals (0-4; others are clamped) decimals, rounded once,
 * half away from zero, from the exact quotient (1.0049 and 1.0050
 * average 1.00495: "1.00" at 2, where rounding to ten-thousandths
 * first would give 1.0050 and then "1.01"), as sales_money_format()
 * writes, into buf of at least SALES_MONEY_BUFSZ bytes.  den 0, or a
 * result beyond int64_t ten-thousandths, writes the empty string.
 * Returns the length.
 */
size_t	sales_money_format_div(__int128 num, __int128 den, int decimals,
	    char *buf);

/*
 * *acc += v (both ten-thousandths).  Returns 0, or -1 (and *acc
 * untouched) when the sum would overflow int64_t.
 */
int	sales_money_add(int64_t *acc, int64_t v);

/*
 * Round num / den to the nearest integer, half away from zero, with
 * 128-bit intermediates.  Used for averages of money (sum / count, in
 * ten-thousandths).  Returns 0 with *out set, or -1 (*out untouched)
 * when den is 0 or the quotient (INT64_MIN / -1) overflows.
 */
int	sales_div_round(int64_t num, int64_t den, int64_t *out);

/*
 * num / den rounded to the nearest integer, half away from zero, all in
 * 128 bits (for scaling money to pixels or ratios without a double).
 * den must not be 0; the result's magnitude is at most num's.
 */
__int128 sales_div_round128(__int128 num, __int128 den);

/*
 * amount (ten-thousandths) times prob (millionths, 0..SALES_PROB_SCALE),
 * rounded half away from zero to ten-thousandths.  Returns -1 on
 * overflow, else 0 with *out set.  (Weighted pipeline: amount x
 * probability, Salesforce "Expected Revenue".)
 */
int	sales_money_weight(int64_t amount, int64_t prob, int64_t *out);

/*
 * Write the fraction num / den with decimals (0-6) decimals, rounded
 * half away from zero, computed exactly in integers ("0.6316" for
 * 12 / 19 at 4, "0.3333" for 1 / 3, "-0.6667" for -2 / 3) with 128-bit
 * intermediates, into buf of at least SALES_MONEY_BUFSZ bytes.  Other
 * decimals are clamped to 0-6; a result that rounds to zero has no
 * sign.  den 0 writes the empty string (nothing to divide, SPEC 3).
 * Returns the length.
 */
size_t	sales_fraction_format(int64_t num, int64_t den, int decimals,
	    char *buf);

/*
 * Parse a probability: "0.35", "35", "35%" or "35 %" (SPEC 2: a value
 * above 1, or one with '%', is a percentage, so "1" is 1.0 and "1.5" is
 * 1.5%) into millionths in *out (0..SALES_PROB_SCALE).  The point may
 * be '.' or ',' ("0,25"): a probability has no digit groups.  Decimals
 * beyond millionths round half away from zero.  Surrounding blanks are
 * ignored.  Returns 0, or -1 with *out untouched and *why (when not
 * NULL) set to "not a probability", "negative probability" or
 * "probability above 100%".
 */
int	sales_prob_parse(const char *s, size_t len, int64_t *out,
	    const char **why);

#endif
