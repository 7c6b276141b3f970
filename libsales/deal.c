/*
 * deal.c: a deal's status from its stage (SPEC 3: won, lost or open,
 * against the --won and --lost lists) and its forecast category
 * (Salesforce's ForecastCategoryName values).
 */
#include <stdint.h>
#include <string.h>

#include "libsales/deal.h"
#include "libsales/err.h"
#include "libsales/bytes.h"
#include "libsales/mem.h"
#include "libsales/roles.h"

#define MEMO_MAX	64	/* distinct stage spellings remembered */
#define MEMO_BYTES	64	/* longest spelling remembered */

#define MEMO_SLOTS	128	/* hash slots, a power of two > 2 MEMO_MAX */

/*
 * Spellings seen, each with its length and last 8 bytes (sales_tail64()),
 * found through a small open-addressing hash of those two, so that a
 * lookup mostly takes one probe and two compares.
 */
struct sales_stage_memo {
	size_t		 n;
	unsigned char	 slot[MEMO_SLOTS];	/* entry + 1; 0: empty */
	size_t		 len[MEMO_MAX];
	uint64_t	 tail[MEMO_MAX];
	int		 status[MEMO_MAX];
	char		 s[MEMO_MAX][MEMO_BYTES];
};

/* The first hash slot of a spelling: a multiply of tail and length. */
static size_t
memo_hash(uint64_t tail, size_t len)
{
	return (size_t)(((tail ^ len) * 0x9e3779b97f4a7c15ULL) >> 57);
}

static const char *default_won[] = { "won", "closed won" };
static const char *default_lost[] = { "lost", "closed lost" };

/* Category names, in enum sales_category order from 0. */
static const char *const category_names[] = {
	"pipeline", "best case", "commit", "closed", "omitted"
};

void
sales_stages_init(struct sales_stages *s)
{
	s->won = default_won;
	s->nwon = sizeof(default_won) / sizeof(default_won[0]);
	s->lost = default_lost;
	s->nlost = sizeof(default_lost) / sizeof(default_lost[0]);
	s->won_set = 0;
	s->lost_set = 0;
	s->memo = NULL;
}

void
sales_stages_release(struct sales_stages *s)
{
	if (s == NULL)
		return;
	/* The default lists are static; only a --won/--lost list is ours. */
	if (s->won_set)
		sales_free(s->won);
	if (s->lost_set)
		sales_free(s->lost);
	sales_free(s->memo);
	s->memo = NULL;
	s->won = s->lost = NULL;
	s->nwon = s->nlost = 0;
	s->won_set = s->lost_set = 0;
}

int
sales_stages_add(struct sales_stages *s, int won, const char *stage,
    struct sales_err *err)
{
	const char	***list = won ? &s->won : &s->lost;
	size_t		 *n = won ? &s->nwon : &s->nlost;
	int		 *set = won ? &s->won_set : &s->lost_set;
	const char	**grown;

	/* The first one given replaces the default list. */
	grown = sales_reallocarray(*set ? (void *)*list : NULL,
	    (*set ? *n : 0) + 1, sizeof(*grown));
	if (grown == NULL)
		return sales_err_set(err, SALES_ENOMEM, "out of memory");
	if (!*set) {
		*n = 0;
		*set = 1;
	}
	grown[(*n)++] = stage;
	*list = grown;
	if (s->memo != NULL)
		memset(s->memo, 0, sizeof(*s->memo));
	return 0;
}

static int
in_list(const char *const *list, size_t n, const char *stage, size_t len)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (sales_name_eq(stage, len, list[i], strlen(list[i])))
			return 1;
	return 0;
}

int
sales_stage_status(const struct sales_stages *s, const char *stage,
    size_t len)
{
	struct sales_stage_memo	*m;
	uint64_t		 tail = sales_tail64(stage, len);
	size_t			 i, h = memo_hash(tail, len), e;
	int			 status;

	if ((m = s->memo) != NULL)
		for (i = h; m->slot[i] != 0; i = (i + 1) % MEMO_SLOTS) {
			e = m->slot[i] - 1;
			if (m->len[e] == len && m->tail[e] == tail &&
			    sales_bytes_eq(m->s[e], stage, len))
				return m->status[e];
		}
	if (in_list(s->won, s->nwon, stage, len))
		status = SALES_WON;
	else if (in_list(s->lost, s->nlost, stage, len))
		status = SALES_LOST;
	else
		status = SALES_OPEN;
	/* The memo is a cache: filling it leaves the lists as they are. */
	if (m == NULL && (m = sales_calloc(1, sizeof(*m))) != NULL)
		((struct sales_stages *)s)->memo = m;
	if (m != NULL && m->n < MEMO_MAX && len <= MEMO_BYTES) {
		memcpy(m->s[m->n], stage, len);
		m->len[m->n] = len;
		m->tail[m->n] = tail;
		for (i = h; m->slot[i] != 0; i = (i + 1) % MEMO_SLOTS)
			;
		m->slot[i] = (unsigned char)(m->n + 1);
		m->status[m->n++] = status;
	}
	return status;
}

int
sales_category_parse(const char *s, size_t len)
{
	size_t	 i;

	if (sales_name_eq(s, len, "", 0))
		return SALES_CAT_NONE;
	for (i = 0; i < sizeof(category_names) / sizeof(category_names[0]);
	    i++)
		if (sales_name_eq(s, len, category_names[i],
		    strlen(category_names[i])))
			return (int)i;
	return -2;
}

const char *
sales_category_name(int cat)
{
	if (cat < 0 ||
	    (size_t)cat >= sizeof(category_names) / sizeof(category_names[0]))
		return NULL;
	return category_names[cat];
}
