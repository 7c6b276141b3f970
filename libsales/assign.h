/*
 * assign.h: handing leads to reps (sm-assign, SPEC 5) and carving
 * accounts into even books (-M balance), without any I/O.
 *
 * The program adds the reps (sales_assign_add_rep()), names each lead's
 * class, the pair (territory, segment) that decides who may take it
 * (sales_assign_class()), and asks for a rep lead by lead
 * (sales_assign_pick()).  Leads of one class are interchangeable, so
 * everything the methods keep grows with the reps and the classes,
 * never with the leads.
 *
 * A rep is eligible for a lead when active, when the lead's territory
 * is in the rep's territories (';' list, '*' = all; an empty list, an
 * empty territory or no territory at all = all), when the lead's
 * segment is in the rep's skills (no skills or no segment = all), and
 * while under capacity: load + kept + assigned < capacity.  List items
 * are trimmed of spaces and then compared byte for byte.
 */
#ifndef SALES_ASSIGN_H
#define SALES_ASSIGN_H

#include <stddef.h>
#include <stdint.h>

#include "libsales/err.h"
#include "libsales/state.h"

enum sales_assign_method {
	SALES_ASSIGN_LEAST_LOADED = 0,	/* lowest fill, fewest, file order */
	SALES_ASSIGN_ROUND_ROBIN,	/* rotation: weighted, weights 1 */
	SALES_ASSIGN_WEIGHTED,		/* smooth weighted round robin */
	SALES_ASSIGN_OPTIMAL,		/* most total fit (min-cost flow) */
	SALES_ASSIGN_BALANCE		/* carving: sales_balance() */
};

#define SALES_ASSIGN_NOLIMIT	(-1LL)	/* capacity: no limit */
#define SALES_FIT_SCALE		1000000	/* fit in millionths: 1 = 1000000 */
#define SALES_ASSIGN_PRIOR	10	/* default m of the m-estimate */

/* One row of the rep table, as the program read it. */
struct sales_rep_spec {
	const char	*id;		/* rep id or name; idlen bytes */
	size_t		 idlen;
	int		 active;	/* 1 or 0 */
	const char	*territories;	/* ';' list; NULL or "" = all */
	size_t		 territorieslen;
	const char	*skills;	/* ';' list; NULL or "" = all */
	size_t		 skillslen;
	long long	 capacity;	/* >= 0, or SALES_ASSIGN_NOLIMIT */
	long long	 load;		/* leads already held, >= 0 */
	int64_t		 weight;	/* ten-thousandths, >= 0 */
	unsigned long	 line;		/* line of the row, for messages */
};

/* What the engine knows of rep i (sales_assign_rep()). */
struct sales_rep_info {
	const char	*id;		/* NUL-terminated; the engine owns it */
	size_t		 idlen;
	int		 active;
	long long	 capacity;	/* or SALES_ASSIGN_NOLIMIT */
	long long	 load;		/* from the rep table */
	long long	 kept;		/* leads of the input that kept rep i */
	long long	 assigned;	/* leads handed to rep i in this run */
	int64_t		 weight;	/* ten-thousandths */
};

struct sales_assign;

/*
 * Parse a method name for -M: "least-loaded", "round-robin",
 * "weighted", "optimal", "balance".  Returns the enum value, or -1.
 */
int	sales_assign_method_parse(const char *name);

/* The name of method (a static string), "" for an unknown one. */
const char *sales_assign_method_name(int method);

/* Fill spec with the defaults: active, no limit, load 0, weight 1. */
void	sales_rep_spec_init(struct sales_rep_spec *spec);

/*
 * Make an empty engine for method (enum sales_assign_method; BALANCE
 * only keeps the rep table, see sales_balance()).  Returns 0 with *ap
 * set (free with sales_assign_free()), or -1 with err set
 * (SALES_ENOMEM; SALES_EUSAGE for an unknown method).
 */
int	sales_assign_new(struct sales_assign **ap, int method,
	    struct sales_err *err);

/* Free the engine; NULL is a no-op. */
void	sales_assign_free(struct sales_assign *a);

/*
 * Add a rep; the strings are copied.  Reps are numbered 0, 1, 2... in
 * the order added (file order, which breaks every tie).  Returns 0, or
 * -1 with err set: SALES_ENOMEM, SALES_EVALUE for an empty id, for a
 * negative load or weight, and for an id already added
 * ("rep 'Ana' is listed twice: lines 2 and 5").  Must come before
 * sales_assign_ready().
 */
int	sales_assign_add_rep(struct sales_assign *a,
	    const struct sales_rep_spec *spec, struct sales_err *err);

/* The number of reps added. */
size_t	sales_assign_nreps(const struct sales_assign *a);

/* The number of rep id (len bytes), or -1 when there is no such rep. */
long	sales_assign_rep_find(const struct sales_assign *a, const char *id,
	    size_t len);

/* Fill *out with what is known of rep i (below sales_assign_nreps()). */
void	sales_assign_rep(const struct sales_assign *a, size_t i,
	    struct sales_rep_info *out);

/*
 * Close the rep table.  Returns 0, or -1 with err set: SALES_EVALUE
 * "no rep is active" when the table has no active rep (or no rep).
 */
int	sales_assign_ready(struct sales_assign *a, struct sales_err *err);

/*
 * The class of a lead whose territory is tlen bytes at terr and whose
 * segment is slen bytes at seg (NULL or empty: none, which every rep
 * takes), added when new.  Returns the class number (0, 1, ... in
 * order of first sight), or -1 with err set (SALES_ENOMEM).
 */
long	sales_assign_class(struct sales_assign *a, const char *terr,
	    size_t tlen, const char *seg, size_t slen, struct sales_err *err);

/*
 * A lead of the input that already names rep (len bytes) and keeps it
 * (SPEC 5): it counts toward that rep's capacity.  Call for all of them
 * before the first sales_assign_pick().  Returns the rep's number, or
 * -1 when the rep is not in the table (the lead keeps it all the same
 * and counts for nobody).
 */
long	sales_assign_keep(struct sales_assign *a, const char *rep,
	    size_t len);

/*
 * Optimal only, first pass: one more lead of class cls will be asked
 * for.  Returns 0.
 */
int	sales_assign_count(struct sales_assign *a, long cls);

/*
 * Optimal: the fit of rep (replen bytes) for segment (seglen bytes),
 * fit in millionths (SALES_FIT_SCALE = 1), from a --fit row.  Segment
 * "*" is the rep's fit for any segment without its own row; a pair
 * with no row at all fits 0.  A rep not in the table is ignored.  The
 * last row for a pair wins.  Returns 0, or -1 with err set
 * (SALES_ENOMEM; SALES_EVALUE for a fit below 0).
 */
int	sales_assign_fit(struct sales_assign *a, const char *rep,
	    size_t replen, const char *seg, size_t seglen, int64_t fit,
	    struct sales_err *err);

/*
 * Optimal: one closed deal of the history (--history): won 1 or lost
 * 0, of rep (replen bytes; reps not in the table count only toward the
 * overall rate) in segment (seglen bytes, may be empty).  From these
 * counts the fit of rep r for segment s is the m-estimate (Cestnik,
 * "Estimating probabilities: a crucial task in machine learning",
 * ECAI 1990), applied twice so that a rep with few deals is pulled
 * toward the others:
 *	p0    = W / N				(every closed deal)
 *	p(r)  = (W(r) + m p0) / (N(r) + m)	(rep r, all segments)
 *	fit   = (W(r,s) + m p(r)) / (N(r,s) + m)
 * where W counts won deals and N closed (won + lost) deals, and m is
 * the prior weight (sales_assign_prior(), default SALES_ASSIGN_PRIOR).
 * With no closed deal at all every fit is 0.  Computed exactly in
 * integers and rounded half up to millionths.  Returns 0, or -1 with
 * err set (SALES_ENOMEM).
 */
int	sales_assign_history(struct sales_assign *a, const char *rep,
	    size_t replen, const char *seg, size_t seglen, int won,
	    struct sales_err *err);

/* Set the m of the m-estimate above (>= 0; 0 = raw rates). */
void	sales_assign_prior(struct sales_assign *a, long m);

/*
 * The fit of rep i for a lead of segment seg (seglen bytes; empty = no
 * segment: the "*" row, or the rep's overall rate p(r)), in millionths,
 * as the optimal method uses it.  Call after the last --fit or history
 * row.
 */
int64_t	sales_assign_fit_of(struct sales_assign *a, size_t i,
	    const char *seg, size_t seglen);

/*
 * Optimal, between the passes: choose how many leads of each counted
 * class go to each rep so that the total fit is the largest possible
 * under every rep's room (capacity - load - kept), and no lead is left
 * while an eligible rep has room.  This is a transportation problem
 * between classes and reps, solved exactly as a min-cost flow by
 * successive shortest paths (Dijkstra with potentials; Ahuja, Magnanti
 * and Orlin, "Network Flows", 1993, ch. 9), stopping when the next path
 * would lower the total fit, then carrying on with paths of fit 0.
 * Returns 0, or -1 with err set (SALES_ENOMEM).
 */
int	sales_assign_solve(struct sales_assign *a, struct sales_err *err);

/*
 * Hand one lead of class cls to a rep and count it.  Least-loaded: the
 * eligible rep with room and the lowest (load + kept + assigned) /
 * capacity (0 for no limit), then the fewest assigned (this run plus
 * the turns of earlier runs from the state), then the first in file
 * order.  Round-robin and weighted: smooth weighted round robin (nginx,
 * ngx_http_upstream_get_peer(): every eligible rep with room gains its
 * weight, the one with the most current weight wins, first in file
 * order on a tie, and loses the total), with every weight 1 for
 * round-robin, so that the same eligible reps take turns in file
 * order.  Optimal: the next rep of the plan of sales_assign_solve(),
 * spread over the class's leads by the same smooth rotation.
 * Returns the rep's number, or -1 when no rep can take the lead, with
 * *why set to the reason ("no active rep covers territory EMEA",
 * "no active rep covers segment hot in territory EMEA",
 * "all eligible reps at capacity"), a string owned by the engine.
 */
long	sales_assign_pick(struct sales_assign *a, long cls, const char **why);

/*
 * Carry the rotation across runs (--state): read from st the current
 * weights (round-robin, weighted) or the turns (least-loaded) of the
 * reps of this table, kept under the method's name; reps unknown to
 * the state start at 0.  Returns 0.
 */
int	sales_assign_state_load(struct sales_assign *a,
	    const struct sales_state *st);

/*
 * Write the rotation back into st under the method's name, replacing
 * what was there for that method.  Returns 0, or -1 with err set
 * (SALES_ENOMEM).
 */
int	sales_assign_state_save(const struct sales_assign *a,
	    struct sales_state *st, struct sales_err *err);

/*
 * Carve n items of value values[i] (any unit, e.g. ten-thousandths)
 * into nreps books in proportion to weights[r] (>= 0; a rep of weight 0
 * gets nothing), so that each book's total is as close as it can be to
 * its fair share, total * weights[r] / sum of weights.  First the
 * largest-first rule (Graham, "Bounds on multiprocessing timing
 * anomalies", SIAM J. Appl. Math. 17, 1969): items by value, largest
 * first (file order on a tie), each to the rep with the lowest total /
 * weight (file order on a tie); then improving exchanges, a move of
 * one item from a rep to another or a swap of two, while one lowers
 * the sum of squared deviations from the fair shares: each round makes
 * the best exchange between the eight reps most over their share and
 * the eight most under it, or, when none helps there, a sweep of every
 * pair of reps makes each improving exchange it meets.  It ends when a
 * sweep finds none (no single move or swap can help any more) or after
 * 64 * (n + nreps) exchanges.
 * Writes the rep of item i to owner[i] (n entries, caller's).
 * Returns 0, or -1 with err set (SALES_EVALUE: no rep of weight above
 * 0, a negative weight; SALES_ENOMEM).
 */
int	sales_balance(const int64_t *values, size_t n,
	    const int64_t *weights, size_t nreps, size_t *owner,
	    struct sales_err *err);

#endif
