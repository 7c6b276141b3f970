/*
 * forecast.h: the sales forecast of sm-forecast (SPEC 5), without any
 * I/O: the period forecast of each group (closed won, pipeline,
 * weighted, commit, best case, pace, gap, coverage, status), a Monte
 * Carlo simulation of the period's bookings that gives the same
 * figures for a seed on every machine, and forecasts of bookings per
 * period by the naive, mean and Holt methods with 80% bounds and a
 * backtest of each.
 *
 * Money is int64 ten-thousandths (money.h) and probabilities are
 * millionths (SALES_PROB_SCALE).  The time series statistics use
 * doubles over amounts in ten-thousandths; the programs round them to
 * money when printing.
 */
#ifndef SALES_FORECAST_H
#define SALES_FORECAST_H

#include <stddef.h>
#include <stdint.h>

#include "libsales/err.h"

/*
 * Where a deal counts in the forecast of a period start..end (days,
 * both included) made on day as_of (start <= as_of <= end), from
 * sales_fc_place().
 */
enum sales_fc_place {
	SALES_FC_OUT = 0,	/* not in this period's forecast */
	SALES_FC_IN,		/* counted in the period */
	SALES_FC_SLIPPED	/* open, due before as_of: counted, reported */
};

/*
 * Place a deal of status (enum sales_status) closed on day closed
 * (has_closed 0: no close date):
 * - won: SALES_FC_IN when closed falls in start..end, else OUT (a won
 *   deal without a date is OUT; programs report it as bad data);
 * - lost: always OUT (lost deals count in no column);
 * - open: SLIPPED when closed < as_of (in an earlier period or earlier
 *   in this one; SPEC 5), IN when as_of <= closed <= end, OUT after end;
 *   an open deal without a close date is IN: it has no date to move it
 *   out of the period being forecast.
 */
int	sales_fc_place(int status, int has_closed, long closed, long start,
	    long end, long as_of);

/*
 * The accumulators of one group's period forecast.  Each money sum
 * counts the deals that went into it (n*) and those of them that had
 * an amount (v*): a sum over no deals is 0, a sum whose deals all lack
 * an amount is unknown (SPEC 3).  Fill with sales_fc_init().
 */
struct sales_fc {
	int64_t		 closed_won;	/* won amount closed in the period */
	int64_t		 pipeline;	/* open amount in the period */
	int64_t		 weighted;	/* sum of open amount x probability */
	int64_t		 commit;	/* open amount in category commit */
	int64_t		 best_case;	/* open amount in category best case */
	unsigned long	 nwon, vwon;
	unsigned long	 nopen, vopen;
	unsigned long	 ncommit, vcommit;
	unsigned long	 nbest, vbest;
	unsigned long	 nlost;		/* lost deals seen (counted nowhere) */
	unsigned long	 nomitted;	/* deals in category omitted */
	unsigned long	 nslipped;	/* open deals due before as_of */
};

/* Set every sum and count of f to 0. */
void	sales_fc_init(struct sales_fc *f);

/*
 * Add a deal that sales_fc_place() put in the period (IN or SLIPPED;
 * slipped tells which) to f: status (enum sales_status), category
 * (enum sales_category; SALES_CAT_NONE when there is none), amount in
 * ten-thousandths or NULL for no amount, prob in millionths (used for
 * open deals only).  A deal in category omitted counts in no column,
 * whatever its status (Salesforce's "Omitted" forecast category).  An
 * open deal adds its amount to pipeline, amount x prob (rounded half
 * away from zero to ten-thousandths, sales_money_weight(); Salesforce
 * "Expected Revenue") to weighted, and its amount to commit or
 * best_case when its category says so.  A won deal adds its amount to
 * closed_won.  Lost deals are only counted.  Returns 0, or -1 with err
 * set (SALES_EVALUE "sum out of range") when a sum would overflow; f
 * is then unchanged.
 */
int	sales_fc_add(struct sales_fc *f, int status, int category,
	    const int64_t *amount, int64_t prob, int slipped,
	    struct sales_err *err);

/* Bits of struct sales_fc_figures.have: which figures are known. */
enum {
	SALES_FCF_QUOTA = 1 << 0,
	SALES_FCF_CLOSED_WON = 1 << 1,
	SALES_FCF_PIPELINE = 1 << 2,
	SALES_FCF_WEIGHTED = 1 << 3,
	SALES_FCF_COMMIT = 1 << 4,
	SALES_FCF_BEST_CASE = 1 << 5,
	SALES_FCF_FORECAST = 1 << 6,
	SALES_FCF_PACE = 1 << 7,
	SALES_FCF_GAP = 1 << 8,
	SALES_FCF_COVERAGE = 1 << 9,
	SALES_FCF_STATUS = 1 << 10
};

/* The figures of one group's row, from sales_fc_figures(). */
struct sales_fc_figures {
	unsigned	 have;		/* SALES_FCF_* bits of known figures */
	int64_t		 quota;		/* ten-thousandths */
	int64_t		 closed_won;
	int64_t		 pipeline;
	int64_t		 weighted;
	int64_t		 commit;
	int64_t		 best_case;
	int64_t		 forecast;	/* closed_won + weighted */
	int64_t		 pace;		/* quota x elapsed / total days */
	int64_t		 gap;		/* quota - forecast */
	int64_t		 cov_num;	/* coverage = cov_num / cov_den */
	int64_t		 cov_den;	/* quota - closed_won, > 0 */
	int		 behind;	/* status: 1 behind, 0 on-track */
};

/*
 * Work out the figures of SPEC 5 from f: quota (ten-thousandths; NULL
 * when the group has none), elapsed business days from the period's
 * start through as_of (inclusive) and the period's business days
 * total, and whether the input has a forecast category column (commit
 * and best_case are unknown without one).
 *   forecast = closed_won + weighted (unknown when either is);
 *   pace     = quota x elapsed / total, rounded half away from zero
 *              (the whole quota when the period has no business day);
 *   gap      = quota - forecast;
 *   coverage = pipeline / (quota - closed_won), known only when the
 *              denominator is above 0 (with the quota met there is
 *              nothing left to cover);
 *   status   = behind when closed_won < pace, else on-track (unknown
 *              without a quota or a closed_won).
 * Returns 0, or -1 with err set (SALES_EVALUE "sum out of range").
 */
int	sales_fc_figures(const struct sales_fc *f, const int64_t *quota,
	    long elapsed, long total, int has_category,
	    struct sales_fc_figures *out, struct sales_err *err);

/*
 * The random numbers of the Monte Carlo: xoshiro256** 1.0 (Blackman and
 * Vigna, "Scrambled linear pseudorandom number generators", 2018,
 * prng.di.unimi.it), its state filled from splitmix64 (Steele, Lea and
 * Flood, "Fast splittable pseudorandom number generators", 2014).  Only
 * integer arithmetic, so the same seed gives the same numbers on every
 * machine.
 */
struct sales_rng {
	uint64_t	 s[4];
};

/*
 * The k-th output (k = 0, 1, ...) of splitmix64 started from seed:
 * z = seed + (k + 1) x 0x9e3779b97f4a7c15, then the splitmix64 mix.
 */
uint64_t sales_splitmix64(uint64_t seed, uint64_t k);

/*
 * Seed r for stream number stream of seed: its four words are the
 * splitmix64 outputs 4 x stream .. 4 x stream + 3 of seed.  Trial t of
 * a simulation uses stream t, so that trials can run in any order, on
 * any number of threads, with the same results.
 */
void	sales_rng_seed(struct sales_rng *r, uint64_t seed, uint64_t stream);

/* The next 64-bit output of xoshiro256**. */
uint64_t sales_rng_next(struct sales_rng *r);

/*
 * A Monte Carlo simulation of one group's bookings in the period: in
 * each trial every open deal wins its whole amount with its probability,
 * independently (SPEC 5).  Holds one entry (12 bytes) per uncertain
 * deal; memory does not grow with the number of trials.
 */
struct sales_mc;

/*
 * Make an empty simulation whose bookings start at base (the closed
 * won amount, ten-thousandths).  Returns 0 with *mp set (free it with
 * sales_mc_free()), or -1 with err set (SALES_ENOMEM).
 */
int	sales_mc_new(struct sales_mc **mp, int64_t base, struct sales_err *err);

/*
 * Add an open deal of amount (ten-thousandths) and probability prob
 * (millionths, 0..SALES_PROB_SCALE).  A deal of probability 0 adds nothing;
 * one of probability 1 adds its amount to every trial; the others are
 * "uncertain" and draw a random number each trial.  Returns 0, or -1
 * with err set (SALES_ENOMEM; SALES_EVALUE "sum out of range" when the
 * largest possible trial total would overflow).
 */
int	sales_mc_add(struct sales_mc *m, int64_t amount, int64_t prob,
	    struct sales_err *err);

/* The results of sales_mc_run(). */
struct sales_mc_result {
	int64_t		 p10, p50, p90;	/* ten-thousandths */
	double		 mean;		/* of the trial totals */
	double		 var;		/* their sample variance (n - 1) */
};

/*
 * Run trials (>= 1) trials with seed on nthreads threads (1 or more;
 * the results do not depend on it).  Trial t seeds a sales_rng with
 * stream t; its 64-bit outputs are cut in two 32-bit halves (high half
 * first), and the i-th uncertain deal, in the order added, takes the
 * i-th half u and wins when u < round(prob x 2^32 / 10^6), a
 * probability within 2^-33 of prob.  A trial's total is base plus the
 * sure wins plus the uncertain wins.  The quantiles are the nearest
 * rank (Hyndman and Fan 1996, definition 1): pQ is the k-th smallest
 * total with k = ceil(Q x trials / 100), so that fewer than Q% of the
 * trials fall below it and it is always a total some trial reached.
 * They are found exactly with memory bounded whatever trials is: up
 * to 65536 totals are kept and sorted; beyond that, passes over the
 * trials (each run again from its seed) narrow a histogram of 65536
 * buckets around each rank until its bucket holds few enough totals.
 * Returns 0, or -1 with err set (SALES_ENOMEM, SALES_EUSAGE for 0
 * trials or threads that cannot start).
 */
int	sales_mc_run(const struct sales_mc *m, unsigned long trials,
	    uint64_t seed, int nthreads, struct sales_mc_result *r,
	    struct sales_err *err);

/*
 * The exact mean (base + sure wins + sum of a x p, in ten-thousandths)
 * and variance (sum of a^2 p (1 - p)) of the trial total over the
 * deals added, with p as the simulation draws it.
 */
void	sales_mc_exact(const struct sales_mc *m, double *mean, double *var);

/* The number of uncertain deals added. */
size_t	sales_mc_count(const struct sales_mc *m);

/* Free m; NULL is a no-op. */
void	sales_mc_free(struct sales_mc *m);

/* Forecasting methods for bookings per period. */
enum sales_ts_method {
	SALES_TS_NAIVE = 0,	/* the last value */
	SALES_TS_MEAN,		/* the mean of all values */
	SALES_TS_HOLT		/* Holt's linear exponential smoothing */
};

#define SALES_TS_Z80	1.2815515655446004	/* 90% point of N(0,1) */

/*
 * Parse "naive", "mean" or "holt".  Returns the enum sales_ts_method,
 * or -1.
 */
int	sales_ts_method_parse(const char *name);

/* The name of method m; a static string. */
const char *sales_ts_method_name(int m);

/*
 * A method fitted to a series.  The forecasts and bounds follow
 * Hyndman and Athanasopoulos, "Forecasting: Principles and Practice"
 * (3rd ed., otexts.com/fpp3), sections 5.2, 5.5, 8.2 and 8.7.
 */
struct sales_ts_model {
	int		 method;	/* enum sales_ts_method */
	size_t		 n;		/* values fitted */
	double		 level;		/* naive: last; mean: mean; holt */
	double		 trend;		/* holt: slope per period, else 0 */
	double		 alpha;		/* holt smoothing of the level */
	double		 beta;		/* holt smoothing of the trend (b*) */
	double		 sse;		/* sum of squared one-step errors */
	double		 sigma;		/* residual standard deviation */
	int		 has_sigma;	/* enough residuals for bounds */
};

/*
 * Fit method to the n values y[0..n-1] (amounts per period, oldest
 * first).
 * - naive: forecast y[n-1]; residuals y[t] - y[t-1] (t >= 1).
 * - mean: forecast the mean; residuals y[t] - mean.
 * - holt: level l and trend b start as l = y[0], b = y[1] - y[0]; for
 *   t >= 1 the one-step forecast is l + b, the error e = y[t] - (l + b),
 *   and then l' = a y[t] + (1 - a)(l + b), b = b* (l' - l) +
 *   (1 - b*) b (FPP 8.2).  e is 0 at t = 1 by construction, so the
 *   errors of t >= 2 are scored.  a and b* minimise the sum of their
 *   squares over a grid in steps of 1/2000 searched in three rounds:
 *   every 1/20 of 0..1, then every 1/200 within 1/20 of the best, then
 *   every 1/2000 within 1/200 of that (the first minimum in order of
 *   a, then b*, wins a tie, and sums within a relative 1e-12 of each
 *   other, rounding noise, are ties).  Needs n >= 3.
 * The residual standard deviation is sigma = sqrt(SSE / (T - K - M))
 * (FPP 5.5) with T = n, K the parameters fitted (mean 1, holt 2) and M
 * the residuals missing (naive 1, holt 2); has_sigma is 0 when
 * T - K - M < 1.  Returns 0, or -1 with err set (SALES_EVALUE "no
 * values", "holt needs at least 3 periods").
 */
int	sales_ts_fit(int method, const double *y, size_t n,
	    struct sales_ts_model *m, struct sales_err *err);

/*
 * The forecast h >= 1 periods after the last value fitted, and its 80%
 * bounds point -/+ SALES_TS_Z80 x sigma_h (FPP 5.5 table 5.2 and 8.7
 * table 8.8): naive sigma_h = sigma sqrt(h); mean sigma_h =
 * sigma sqrt(1 + 1/T); holt sigma_h^2 = sigma^2 (1 + (h - 1)(a^2 +
 * a B h + B^2 h (2h - 1) / 6)) with B = a b* (ETS(A,A,N)).  The bounds
 * are not clipped at 0.  lo and hi are left alone when !m->has_sigma.
 */
void	sales_ts_forecast(const struct sales_ts_model *m, int h,
	    double *point, double *lo, double *hi);

/* The errors of a backtest, from sales_ts_backtest(). */
struct sales_ts_score {
	size_t		 n;		/* forecasts scored */
	double		 mae;		/* mean |error|, over n */
	size_t		 napes;		/* of them, with an actual not 0 */
	double		 mape;		/* mean |error| / |actual|, fraction */
};

/*
 * Backtest method on y[0..n-1]: for each of the last k values y[i]
 * (i = n - k .. n - 1), fit y[0..i-1] and forecast one period ahead;
 * error = y[i] - forecast.  MAE is the mean absolute error over the
 * forecasts made (a point too early for the method, e.g. holt with
 * fewer than 3 values before it, is skipped); MAPE the mean of
 * |error| / |y[i]| over those whose y[i] is not 0 (FPP 5.8).  k is
 * capped at n - 1.  Returns 0, or -1 with err set (SALES_EVALUE).
 */
int	sales_ts_backtest(int method, const double *y, size_t n, size_t k,
	    struct sales_ts_score *s, struct sales_err *err);

/*
 * Round x (ten-thousandths) half away from zero to int64 money.
 * Returns 0, or -1 when x is not finite or out of range.
 */
int	sales_ts_money(double x, int64_t *out);

#endif
