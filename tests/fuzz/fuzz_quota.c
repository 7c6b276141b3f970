/*
 * fuzz_quota.c: quotas (quota.h) and quota tables (quotatab.h), the
 * library of sm-quota and of -Q in sm-report and sm-forecast.
 *
 * Input: option bytes, then parts cut at "===" lines: a quota table
 * (CSV), a --ramp argument, a --growth argument, and apportionment
 * weights (one decimal integer a line).
 *	byte 0: bit 0 read the table lax (sm-quota --check), bits 1-2 the
 *		retail calendar, bits 3-4 the spread (business days, flat,
 *		history), bit 5 fail an allocation, bits 6-7 the unit
 *	byte 1: --fy-start (1-12), byte 2: the plan year (2000-2063 or,
 *		when above 200, a wild one), byte 3: allocations before
 *		one fails, bytes 4-11: a quota, bytes 12-13: the hire day
 *		in the year
 *
 * Properties: lookups return 1, 0 or a value error; checking lists
 * problems of the known kinds; apportionment sums exactly and gives
 * each its share rounded down or up; a spread quota sums to the same
 * total whatever the period, and to the full quota when no ramp or
 * hire date lowers it.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "libsales/calendar.h"
#include "libsales/err.h"
#include "libsales/mem.h"
#include "libsales/money.h"
#include "libsales/quota.h"
#include "libsales/quotatab.h"
#include "libsales/table.h"
#include "tests/fuzz/fuzz.h"

#define MAXW	64

static int
problem(void *arg, const struct sales_quota_problem *p, struct sales_err *e)
{
	long	*n = arg;

	fuzz_assert(p->kind == SALES_QP_OVERLAP || p->kind == SALES_QP_GAP ||
	    p->kind == SALES_QP_SUM);
	fuzz_assert(p->file != NULL && p->period != NULL);
	if (p->kind == SALES_QP_GAP)
		fuzz_assert(p->gap_start <= p->gap_end);
	(*n)++;
	return 0;
}

static void
table(const uint8_t *p, size_t len, const struct sales_calendar *cal,
    int lax, int failing, uint64_t seed)
{
	struct sales_quotatab_opts	 o;
	struct sales_quotatab		*q = NULL;
	struct sales_table_opts		 to;
	struct sales_reader		*r = NULL;
	struct sales_err		 e;
	int64_t				 quota;
	long				 d, s, t, n = 0, got;
	char				*buf;
	FILE				*fp;
	int				 i, rv;
	static const char *const reps[] = { "Ann", "Bob", "", "ann" };

	buf = fuzz_copy(p, len);
	fp = fuzz_fmemopen(buf, len);
	sales_table_opts_init(&to);
	to.format = SALES_FMT_CSV;
	if (sales_reader_fopen(&r, fp, "q.csv", &to, &e) == -1)
		goto done;
	sales_quotatab_opts_init(&o);
	o.cal = cal;
	o.flags = lax ? SALES_QUOTATAB_LAX : 0;
	if (sales_quotatab_read(&q, r, &o, &e) == -1) {
		fuzz_assert(q == NULL);
		fuzz_assert(e.code != SALES_ENOMEM || failing);
		goto done;
	}
	for (i = 0; i < 16; i++) {
		d = sales_days_from_civil(2024, 1, 1) +
		    (long)((seed >> (4 * i)) % 1500);
		sales_period_of(cal, i % 5, d, &s, &t, NULL);
		rv = sales_quotatab_get(q, i % 5 == 4 ? NULL : reps[i % 4],
		    i % 5 == 4 ? 0 : strlen(reps[i % 4]), s, t, &quota, &e);
		fuzz_assert(rv == 1 || rv == 0 || rv == -1);
		if (rv == 0)
			fuzz_assert(quota == 0);
		if (rv == -1)
			fuzz_assert(e.code == SALES_EVALUE);
	}
	got = sales_quotatab_check(q, problem, &n, &e);
	if (got >= 0)
		fuzz_assert(got == n);
	else
		fuzz_assert(e.code == SALES_ENOMEM && failing);
done:
	sales_quotatab_free(q);
	sales_reader_close(r);
	fclose(fp);
	free(buf);
}

static void
apportion(const uint8_t *p, size_t len, int64_t total)
{
	struct sales_err	 e;
	int64_t			 w[MAXW], out[MAXW], sum = 0;
	__int128		 W = 0, lo;
	size_t			 n = 0, i;
	char			*s, *line, *save;

	s = fuzz_str(p, len);
	for (line = strtok_r(s, "\n", &save); line != NULL && n < MAXW;
	    line = strtok_r(NULL, "\n", &save))
		w[n++] = strtoll(line, NULL, 10);
	free(s);
	if (n == 0)
		return;
	total %= (int64_t)1 << 40;
	for (i = 0; i < n; i++)
		W += w[i];
	if (sales_apportion(total, w, n, out, &e) == -1) {
		fuzz_assert(e.code == SALES_EVALUE || e.code == SALES_ENOMEM);
		return;
	}
	for (i = 0; i < n; i++) {
		fuzz_assert(w[i] >= 0);
		sum += out[i];
		if (W == 0) {
			fuzz_assert(out[i] == 0);
			continue;
		}
		/* The exact share, rounded toward zero, or one more. */
		lo = (__int128)(total < 0 ? -total : total) * w[i] / W;
		if (total < 0)
			fuzz_assert(out[i] == -lo || out[i] == -lo - 1);
		else
			fuzz_assert(out[i] == lo || out[i] == lo + 1);
	}
	fuzz_assert(sum == total);
}

static void
spread(const struct sales_calendar *cal, long fy, int kind, int64_t unit,
    int64_t full, unsigned hireoff, const int *ramp, size_t nramp,
    int failing)
{
	struct sales_quota_year		*y = NULL;
	struct sales_quota_rules	 r;
	struct sales_err		 e;
	int64_t				*out = NULL, season[13], sum;
	int64_t				 first = 0;
	size_t				 n, i;
	long				 start, end, hire;
	int				 p, sumset = 0;

	if (sales_quota_year_new(&y, cal, fy, &e) == -1) {
		fuzz_assert(e.code == SALES_EUSAGE ||
		    (e.code == SALES_ENOMEM && failing));
		return;
	}
	sales_quota_year_span(y, &start, &end);
	fuzz_assert(start <= end && end - start < 400);
	hire = hireoff == 0 ? SALES_NO_DATE : start - 30 + (long)hireoff % 430;
	for (i = 0; i < 13; i++)
		season[i] = (int64_t)((full >> i) & 0xffff);
	memset(&r, 0, sizeof(r));
	r.spread = kind;
	r.season = season;
	r.unit = unit;
	r.ramp = ramp;
	r.nramp = nramp;
	full %= (int64_t)1 << 50;
	for (p = SALES_PERIOD_DAY; p <= SALES_PERIOD_YEAR; p++) {
		n = sales_quota_year_count(y, p);
		fuzz_assert(n >= 1 && n <= 400);
		if (kind == SALES_SPREAD_HISTORY)
			fuzz_assert(sales_quota_year_count(y,
			    SALES_PERIOD_MONTH) <= 13);
		out = realloc(out, n * sizeof(*out));
		if (sales_quota_spread(y, &r, full, hire, p, out, &e) == -1) {
			fuzz_assert(e.code == SALES_EVALUE ||
			    e.code == SALES_ELIMIT ||
			    (e.code == SALES_ENOMEM && failing));
			break;
		}
		sum = 0;
		for (i = 0; i < n; i++) {
			fuzz_assert(out[i] % unit == 0);
			sum += out[i];
		}
		if (!sumset) {
			first = sum;
			sumset = 1;
		} else if (sum != first)
			fuzz_fail("%s quotas sum to %" PRId64 ", days to %"
			    PRId64, sales_period_name(p), sum, first);
		if (nramp == 0 && hire == SALES_NO_DATE && first !=
		    sales_round_units(full, unit) * unit)
			fuzz_fail("unramped year sums to %" PRId64
			    ", not %" PRId64, first,
			    sales_round_units(full, unit) * unit);
	}
	free(out);
	sales_quota_year_free(y);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in		 in = { data, size };
	struct sales_calendar	 cal;
	struct sales_err	 e;
	const uint8_t		*tab, *rampp, *growp, *wp;
	size_t			 tablen, ramplen, growlen, wlen, i;
	size_t			 nramp = 0;
	int			 ramp[SALES_RAMP_MAX];
	int64_t			 full, pct, grown;
	static const int64_t	 units[] = { 100, 1, 10000, 1000000 };
	unsigned		 b0, b1, b2, b3, hireoff;
	long			 fy;
	char			*s;
	int			 failing;

	b0 = fuzz_byte(&in);
	b1 = fuzz_byte(&in);
	b2 = fuzz_byte(&in);
	b3 = fuzz_byte(&in);
	full = (int64_t)fuzz_u64(&in);
	hireoff = fuzz_byte(&in) | fuzz_byte(&in) << 8;
	tablen = fuzz_part(&in, &tab);
	ramplen = fuzz_part(&in, &rampp);
	growlen = fuzz_part(&in, &growp);
	wlen = fuzz_part(&in, &wp);
	failing = (b0 & 32) != 0;

	sales_calendar_init(&cal);
	cal.fy_start = 1 + b1 % 12;
	cal.retail = (b0 >> 1) & 3;
	fy = b2 <= 200 ? 2000 + b2 % 64 : ((long)b2 - 228) * 1000000L;
	if (failing)
		sales_mem_fail_after(b3);
	table(tab, tablen, &cal, b0 & 1, failing, (uint64_t)full);

	s = fuzz_str(rampp, ramplen);
	if (sales_ramp_parse(s, ramp, SALES_RAMP_MAX, &nramp, &e) == -1) {
		fuzz_assert(e.code == SALES_EUSAGE);
		nramp = 0;
	} else {
		fuzz_assert(nramp <= SALES_RAMP_MAX);
		for (i = 0; i < nramp; i++)
			fuzz_assert(ramp[i] >= 0 && ramp[i] <= SALES_RAMP_FULL);
	}
	free(s);
	s = fuzz_str(growp, growlen);
	if (sales_growth_parse(s, &pct, &e) == 0) {
		fuzz_assert(pct >= -100 * 10000LL && pct <= 100000 * 10000LL);
		if (sales_quota_grow(full, pct, 100, &grown, &e) == 0)
			fuzz_assert(grown % 100 == 0);
		else
			fuzz_assert(e.code == SALES_EVALUE);
	} else
		fuzz_assert(e.code == SALES_EUSAGE);
	free(s);
	apportion(wp, wlen, full);
	spread(&cal, fy, (b0 >> 3) % 3, units[b0 >> 6], full, hireoff,
	    ramp, nramp, failing);
	sales_mem_fail_after(-1);
	sales_calendar_release(&cal);
	return 0;
}
