/*
 * deal.h: the status of a deal from its stage (open, won, lost) and
 * its forecast category.
 *
 * SPEC 3: a deal is won when its stage is one of the won stages
 * (default "won", "closed won"), lost when one of the lost stages
 * (default "lost", "closed lost"), else open; stages match ignoring
 * case, spaces, '-' and '_'.  A table without a stage column is a table
 * of bookings: every row is won.
 */
#ifndef SALES_DEAL_H
#define SALES_DEAL_H

#include <stddef.h>

#include "libsales/err.h"

enum sales_status {
	SALES_OPEN = 0,
	SALES_WON,
	SALES_LOST
};

/* Forecast categories, as Salesforce's ForecastCategoryName. */
enum sales_category {
	SALES_CAT_NONE = -1,	/* empty */
	SALES_CAT_PIPELINE = 0,
	SALES_CAT_BEST_CASE,
	SALES_CAT_COMMIT,
	SALES_CAT_CLOSED,
	SALES_CAT_OMITTED
};

/* The won and lost stage lists. */
struct sales_stages {
	const char	**won;		/* borrowed strings; owned array */
	size_t		  nwon;
	const char	**lost;
	size_t		  nlost;
	int		  won_set;	/* --won given: the default is gone */
	int		  lost_set;
	struct sales_stage_memo *memo;	/* statuses of stages seen; owned */
};

/*
 * Fill s with the default lists: won = "won", "closed won"; lost =
 * "lost", "closed lost" (static, never freed).  Cannot fail.
 */
void	sales_stages_init(struct sales_stages *s);

/*
 * Free the arrays that sales_stages_add() allocated (not the borrowed
 * strings) and leave s with empty lists; NULL is a no-op.
 */
void	sales_stages_release(struct sales_stages *s);

/*
 * Add one --won (won = 1) or --lost (won = 0) stage; the first one given
 * replaces the default list (the other list keeps its default).  stage
 * is borrowed and must outlive s.  Returns 0, or -1 with s unchanged
 * and err set (SALES_ENOMEM).
 */
int	sales_stages_add(struct sales_stages *s, int won, const char *stage,
	    struct sales_err *err);

/*
 * The status (enum sales_status) of a deal in stage (len bytes),
 * matched with sales_name_eq() (case, spaces, '-' and '_' ignored, so
 * "Closed-Won", "closed_won" and "ClosedWon" are won by default).  A
 * stage in both lists is won.  Anything else, the empty stage
 * included, is SALES_OPEN.
 */
int	sales_stage_status(const struct sales_stages *s, const char *stage,
	    size_t len);

/*
 * Parse a forecast category (len bytes at s): "pipeline", "best case"
 * ("bestcase", "Best_Case"), "commit", "closed", "omitted", matched as
 * sales_name_eq() does; empty (or only spaces, '-' and '_') gives
 * SALES_CAT_NONE.  Returns the category, or -2 for anything else.
 */
int	sales_category_parse(const char *s, size_t len);

/*
 * The name of category cat ("best case"); a static string, NULL for
 * SALES_CAT_NONE or no such category.
 */
const char *sales_category_name(int cat);

#endif
