/*
 * fuzz_forecast.c: the whole of sm-forecast on a table in memory: the
 * deals read by the table reader, their stage, category, amount,
 * probability and close date read as sm-forecast reads them, placed in
 * the period of --as-of and summed (forecast.h), simulated, and their
 * bookings per period forecast.
 *
 * Input: option bytes, then the deal table (CSV; columns stage,
 * amount, probability, forecast_category, closed).
 *	byte 0: bits 0-2 the period, bit 3 fail an allocation, bits 4-7
 *		--fy-start - 1
 *	byte 1: --as-of, a day of 2025-2026; byte 2: trials (1-1024)
 *	byte 3: allocations before one fails; bytes 4-11: the seed (bits
 *		1-2 zero: the simulation runs on two threads too)
 *
 * Properties: the sums of the forecast equal sums done here in 128
 * bits, or overflow is reported when they do not fit; the figures
 * follow from them; a simulation gives p10 <= p50 <= p90 within the
 * sure and the possible bookings, and the same figures on one thread
 * and on two; fitted series give forecasts, and bounds around them.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "libsales/calendar.h"
#include "libsales/date.h"
#include "libsales/deal.h"
#include "libsales/err.h"
#include "libsales/forecast.h"
#include "libsales/mem.h"
#include "libsales/money.h"
#include "libsales/roles.h"
#include "libsales/table.h"
#include "tests/fuzz/fuzz.h"

#define MAXSERIES	48

typedef __int128 i128;

static struct sales_field
field(const struct sales_record *rec, int c)
{
	struct sales_field	 f = { "", 0 };

	if (c >= 0 && (size_t)c < rec->nfields)
		f = rec->fields[c];
	return f;
}

static int
fits(i128 v)
{
	return v >= INT64_MIN && v <= INT64_MAX;
}

static void
simulate(const struct sales_mc *m, int64_t base, i128 sure, i128 maybe,
    unsigned long trials, uint64_t seed, int failing)
{
	struct sales_mc_result	 r1, r2;
	struct sales_err	 e;

	if (sales_mc_run(m, trials, seed, 1, &r1, &e) == -1) {
		fuzz_assert(e.code == SALES_ENOMEM && failing);
		return;
	}
	fuzz_assert(r1.p10 <= r1.p50 && r1.p50 <= r1.p90);
	fuzz_assert(r1.p10 >= base + sure && r1.p90 <= base + sure + maybe);
	/* Threads are slow to start: one input in four. */
	if ((seed >> 1) % 4 != 0)
		return;
	if (sales_mc_run(m, trials, seed, 2, &r2, &e) == -1) {
		fuzz_assert(failing);
		return;
	}
	fuzz_assert(r1.p10 == r2.p10 && r1.p50 == r2.p50 &&
	    r1.p90 == r2.p90);
}

static void
series(const double *y, size_t n)
{
	struct sales_ts_model	 m;
	struct sales_ts_score	 sc;
	struct sales_err	 e;
	double			 pt, lo, hi;
	int			 meth, h;

	for (meth = SALES_TS_NAIVE; meth <= SALES_TS_HOLT; meth++) {
		if (sales_ts_fit(meth, y, n, &m, &e) == -1) {
			fuzz_assert(e.code == SALES_EVALUE);
			continue;
		}
		for (h = 1; h <= 4; h++) {
			lo = hi = NAN;
			sales_ts_forecast(&m, h, &pt, &lo, &hi);
			fuzz_assert(isfinite(pt));
			if (m.has_sigma)
				fuzz_assert(lo <= pt + fabs(pt) * 1e-9 &&
				    pt <= hi + fabs(pt) * 1e-9);
		}
		if (sales_ts_backtest(meth, y, n, n / 2, &sc, &e) == 0)
			fuzz_assert(sc.n == 0 || sc.mae >= 0);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in		 in = { data, size };
	struct sales_table_opts	 to;
	struct sales_reader	*r = NULL;
	struct sales_calendar	 cal;
	struct sales_datefmt	 iso;
	struct sales_stages	 st;
	struct sales_fc		 fc;
	struct sales_fc_figures	 fig;
	struct sales_mc		*mc = NULL;
	struct sales_record	 rec;
	struct sales_field	 f;
	struct sales_err	 e;
	double			 y[MAXSERIES];
	i128			 won = 0, pipe = 0, sure = 0, maybe = 0;
	int64_t			 amount, prob, quota;
	unsigned long		 trials;
	uint64_t		 seed;
	unsigned		 b0, b1, b2, b3;
	long			 asof, start, end, closed, p0 = 0, k;
	const char		*why;
	char			*buf;
	FILE			*fp;
	int			 c[5], period, failing, rv, status, cat;
	int			 place;
	int			 hasamt, hasclosed, overflow = 0;

	b0 = fuzz_byte(&in);
	b1 = fuzz_byte(&in);
	b2 = fuzz_byte(&in);
	b3 = fuzz_byte(&in);
	seed = fuzz_u64(&in);
	period = (b0 & 7) % 5;
	failing = (b0 & 8) != 0;
	trials = 1 + (b2 << 2) % 1024;
	sales_calendar_init(&cal);
	cal.fy_start = 1 + (b0 >> 4) % 12;
	sales_stages_init(&st);
	sales_datefmt_init(&iso, NULL, NULL);
	asof = sales_days_from_civil(2025, 1, 1) + (long)b1 * 3;
	sales_period_of(&cal, period, asof, &start, &end, NULL);
	sales_fc_init(&fc);
	memset(y, 0, sizeof(y));

	buf = fuzz_copy(in.p, in.n);
	fp = fuzz_fmemopen(buf, in.n);
	sales_table_opts_init(&to);
	to.format = SALES_FMT_CSV;
	if (failing)
		sales_mem_fail_after(b3);
	if (sales_reader_fopen(&r, fp, "deals.csv", &to, &e) == -1)
		goto done;
	c[0] = sales_header_find(sales_reader_header(r), sales_reader_ncols(r),
	    "stage");
	c[1] = sales_header_find(sales_reader_header(r), sales_reader_ncols(r),
	    "amount");
	c[2] = sales_header_find(sales_reader_header(r), sales_reader_ncols(r),
	    "probability");
	c[3] = sales_header_find(sales_reader_header(r), sales_reader_ncols(r),
	    "forecast_category");
	c[4] = sales_header_find(sales_reader_header(r), sales_reader_ncols(r),
	    "closed");
	if (sales_mc_new(&mc, 0, &e) == -1)
		goto done;
	while ((rv = sales_reader_next(r, &rec, &e)) != 0) {
		if (rv == -1) {
			if (e.code == SALES_EROW)
				continue;
			break;
		}
		f = field(&rec, c[0]);
		status = c[0] < 0 ? SALES_WON :
		    sales_stage_status(&st, f.s, f.len);
		f = field(&rec, c[3]);
		cat = f.len == 0 ? SALES_CAT_NONE :
		    sales_category_parse(f.s, f.len);
		if (cat == -1 && f.len > 0)
			continue;
		f = field(&rec, c[1]);
		hasamt = f.len > 0;
		if (hasamt && sales_money_parse(f.s, f.len, 0, &amount,
		    &why) == -1)
			continue;
		f = field(&rec, c[2]);
		prob = 0;
		if (f.len > 0 && sales_prob_parse(f.s, f.len, &prob, &why) ==
		    -1)
			continue;
		f = field(&rec, c[4]);
		hasclosed = f.len > 0;
		closed = 0;
		if (hasclosed && sales_date_parse(&iso, f.s, f.len, &closed,
		    &why) == -1)
			continue;
		/* Bookings per period, for the series. */
		if (status == SALES_WON && hasclosed && hasamt) {
			if (p0 == 0)
				p0 = closed;
			k = (closed - p0) / 30;
			if (k >= 0 && k < MAXSERIES)
				y[k] += (double)amount;
		}
		place = sales_fc_place(status, hasclosed, closed, start, end,
		    asof);
		fuzz_assert(place == SALES_FC_OUT || place == SALES_FC_IN ||
		    place == SALES_FC_SLIPPED);
		if (place == SALES_FC_OUT)
			continue;
		fuzz_assert(status != SALES_LOST);
		if (sales_fc_add(&fc, status, cat, hasamt ? &amount : NULL,
		    prob, place == SALES_FC_SLIPPED, &e) == -1) {
			fuzz_assert(e.code == SALES_EVALUE);
			overflow = 1;
			continue;
		}
		if (cat == SALES_CAT_OMITTED || !hasamt)
			continue;
		if (status == SALES_WON)
			won += amount;
		else {
			pipe += amount;
			if (amount >= 0 && prob == SALES_PROB_SCALE)
				sure += amount;
			else if (amount >= 0 && prob > 0)
				maybe += amount;
			if (amount >= 0 && sales_mc_add(mc, amount, prob,
			    &e) == -1) {
				fuzz_assert(e.code == SALES_EVALUE ||
				    (e.code == SALES_ENOMEM && failing));
				overflow = 1;
			}
		}
	}
	if (!overflow) {
		fuzz_assert(fits(won) && fc.closed_won == (int64_t)won);
		fuzz_assert(fits(pipe) && fc.pipeline == (int64_t)pipe);
	}
	quota = (int64_t)(seed % 1000000000000ULL);
	if (sales_fc_figures(&fc, (seed & 1) ? &quota : NULL,
	    (long)(b1 % 70), 65, c[3] >= 0, &fig, &e) == 0) {
		if ((fig.have & SALES_FCF_FORECAST) &&
		    (fig.have & SALES_FCF_WEIGHTED))
			fuzz_assert(fig.forecast ==
			    fig.closed_won + fig.weighted);
		if (fig.have & SALES_FCF_COVERAGE)
			fuzz_assert(fig.cov_den > 0);
	} else
		fuzz_assert(e.code == SALES_EVALUE);
	if (!overflow && fits(sure + maybe) && sales_mc_count(mc) < 200)
		simulate(mc, 0, sure, maybe, trials, seed, failing);
	series(y, (size_t)(b2 % MAXSERIES));
done:
	sales_mem_fail_after(-1);
	sales_mc_free(mc);
	sales_reader_close(r);
	sales_stages_release(&st);
	sales_calendar_release(&cal);
	fclose(fp);
	free(buf);
	return 0;
}
