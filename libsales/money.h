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
 * (currency sign $ € £ ¥ or a 3-letter ISO code before or after, with a
 * space, a no-break space or none), "-12.00", "(12.00)"; digit groups
 * must be of three; with SALES_MONEY_DECIMAL_COMMA the roles of '.' and
 * ',' swap and a space or no-break space may group ("1 234,56").  More
 * than four decimals round half away from zero.  Surrounding spaces are
 * ignored.  An empty field is not money: callers test for it first.
 * Returns 0, or -1 with *why set to a static reason ("not a money
 * amount", "digit groups must be of three", "amount out of range").
 */
int	sales_money_parse(const char *s, size_t len, int flags,
	    int64_t *out, const char **why);

/*
 * Write v (ten-thousandths) with decimals (0-4) decimals, rounded half
 * away from zero ("1.005" -> "1.01" at 2), into buf of at least
 * SALES_MONEY_BUFSZ bytes, NUL-terminated.  Returns the length.
 */
size_t	sales_money_format(int64_t v, int decimals, char *buf);

/*
 * *acc += v, or -1 (and *acc untouched) when the sum would overflow.
 */
int	sales_money_add(int64_t *acc, int64_t v);

/*
 * Round num / den to the nearest integer, half away from zero, with
 * 128-bit intermediates.  den must not be 0.  Used for averages of
 * money (sum / count).  Returns -1 on overflow, else 0 with *out set.
 */
int	sales_div_round(int64_t num, int64_t den, int64_t *out);

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
 * 12 / 19 at 4), into buf of at least SALES_MONEY_BUFSZ bytes.  den
 * must not be 0.  Returns the length.
 */
size_t	sales_fraction_format(int64_t num, int64_t den, int decimals,
	    char *buf);

/*
 * Parse a probability: "0.35", "35", "35%" or "35 %" (a value above 1,
 * or one with '%', is a percentage) into millionths in *out
 * (0..SALES_PROB_SCALE).  Returns 0, or -1 with *why set
 * ("not a probability", "probability above 100%").
 */
int	sales_prob_parse(const char *s, size_t len, int64_t *out,
	    const char **why);

#endif
