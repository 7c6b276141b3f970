/*
 * fuzz_report.c: the library of sm-report on a table in memory: rows
 * grouped by a key of one or two columns (groups.h), stage status and
 * amounts summed per group, cycle days in exact medians (stats.h), and
 * the result written in every output format (writer.h).
 *
 * Input: two option bytes, then the deal table (CSV; group columns
 * rep and territory, stage, amount, created, closed).
 *	byte 0: bits 0-2 the output format (csv, tsv, json, pretty,
 *		markdown), bit 3 --excel-safe, bit 4 group by rep and
 *		territory, bit 5 fail an allocation
 *	byte 1: the allocations that succeed before one fails
 *
 * Properties: every row lands in one group and the counts add up to
 * the rows; a key looks up to its number; sm-report's way to a group
 * (sales_groupby_find(), which hashes and compares the values as read,
 * then interns the key it leaves) numbers the groups as interning the
 * escaped key that sales_groupby_key() builds does; the sorted order is a
 * permutation in ascending byte order; a median lies between the
 * smallest and the largest value and merging histograms keeps the
 * total; the writer writes every format or fails only for memory.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "libsales/date.h"
#include "libsales/deal.h"
#include "libsales/err.h"
#include "libsales/groupby.h"
#include "libsales/groups.h"
#include "libsales/mem.h"
#include "libsales/money.h"
#include "libsales/roles.h"
#include "libsales/stats.h"
#include "libsales/table.h"
#include "libsales/writer.h"
#include "tests/fuzz/fuzz.h"

#define MAXGROUPS	256

struct agg {
	unsigned long	 deals, won, lost;
	int64_t		 amount;
	long		 lo, hi;
	struct sales_hist h;
};

static struct sales_field
field(const struct sales_record *rec, int c)
{
	struct sales_field	 f = { "", 0 };

	if (c >= 0 && (size_t)c < rec->nfields)
		f = rec->fields[c];
	return f;
}

static int
keycmp(struct sales_field a, struct sales_field b)
{
	size_t	 n = a.len < b.len ? a.len : b.len;
	int	 c = memcmp(a.s, b.s, n);

	if (c != 0)
		return c;
	return a.len < b.len ? -1 : a.len > b.len;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in		 in = { data, size };
	struct sales_table_opts	 to;
	struct sales_reader	*r = NULL;
	struct sales_groups	*g = NULL, *gf = NULL, *gk = NULL;
	struct sales_groupby	 gb;
	struct sales_writer	*w = NULL;
	struct sales_stages	 st;
	struct sales_datefmt	 iso;
	struct sales_record	 rec;
	struct sales_field	 f, key[2], row[6];
	struct sales_err	 e;
	struct sales_hist	 all;
	struct agg		*agg = NULL;
	unsigned long		 rows = 0, sum = 0;
	size_t			*order = NULL, i, n = 0, klen;
	int64_t			 amount;
	long			 created, closed, twice, id, idf, idk;
	const char		*why;
	char			 kbuf[512], num[6][SALES_MONEY_BUFSZ];
	char			*buf, *out = NULL;
	size_t			 outlen = 0;
	FILE			*fp, *ofp;
	unsigned		 b0, b1;
	int			 c[6], rv, failing, status, col;
	static const char *const cols[] = { "rep", "territory", "stage",
	    "amount", "created", "closed" };
	static const struct sales_field hdr[6] = { { "rep", 3 },
	    { "territory", 9 }, { "deals", 5 }, { "won", 3 },
	    { "won_amount", 10 }, { "median_cycle_days", 17 } };

	b0 = fuzz_byte(&in);
	b1 = fuzz_byte(&in);
	failing = (b0 & 32) != 0;
	sales_stages_init(&st);
	sales_datefmt_init(&iso, NULL, NULL);
	sales_hist_init(&all);
	sales_groupby_init(&gb);
	buf = fuzz_copy(in.p, in.n);
	fp = fuzz_fmemopen(buf, in.n);
	if ((ofp = open_memstream(&out, &outlen)) == NULL)
		abort();
	sales_table_opts_init(&to);
	to.format = SALES_FMT_CSV;
	if ((agg = calloc(MAXGROUPS, sizeof(*agg))) == NULL)
		abort();
	if (failing)
		sales_mem_fail_after(b1);
	if (sales_reader_fopen(&r, fp, "deals.csv", &to, &e) == -1 ||
	    sales_groups_new(&g, &e) == -1)
		goto done;
	for (i = 0; i < 6; i++)
		c[i] = sales_header_find(sales_reader_header(r),
		    sales_reader_ncols(r), cols[i]);
	/* -g rep or -g rep,territory, when the table has them. */
	if (c[0] >= 0 && (!(b0 & 16) || c[1] >= 0)) {
		if (sales_groups_new(&gf, &e) == -1 ||
		    sales_groups_new(&gk, &e) == -1 ||
		    (gb.items = sales_calloc(2, sizeof(*gb.items))) == NULL)
			goto done;
		gb.n = (b0 & 16) ? 2 : 1;
		for (i = 0; i < 2; i++) {
			gb.items[i].col = c[i];
			gb.items[i].period = -1;
		}
	}
	while ((rv = sales_reader_next(r, &rec, &e)) != 0) {
		if (rv == -1) {
			if (e.code == SALES_EROW)
				continue;
			goto done;
		}
		if (gb.n > 0) {
			idf = sales_groupby_find(&gb, gf, r, &rec, &iso, NULL,
			    &col, &e);
			if (idf == -2) {
				fuzz_assert(e.code == SALES_ENOMEM && failing);
				goto done;
			}
			if (idf == -1 && (idf = sales_groups_intern_hashed(gf,
			    gb.key, gb.keylen, gb.hash, NULL, &e)) < 0) {
				fuzz_assert(failing);
				goto done;
			}
			if (sales_groupby_key(&gb, r, &rec, &iso, NULL, &col,
			    &e) == -1 || (idk = sales_groups_intern(gk, gb.key,
			    gb.keylen, NULL, &e)) < 0) {
				fuzz_assert(e.code == SALES_ENOMEM && failing);
				goto done;
			}
			fuzz_assert(idf == idk);
			fuzz_assert(sales_groups_lookup_hashed(gf, gb.key,
			    gb.keylen, gb.hash) == idf);
		}
		/* The key: rep, or rep NUL territory. */
		key[0] = field(&rec, c[0]);
		key[1] = field(&rec, c[1]);
		klen = key[0].len;
		if (klen >= sizeof(kbuf) / 2 || key[1].len >= sizeof(kbuf) / 2)
			continue;
		memcpy(kbuf, key[0].s, klen);
		if (b0 & 16) {
			kbuf[klen++] = '\0';
			memcpy(kbuf + klen, key[1].s, key[1].len);
			klen += key[1].len;
		}
		if ((id = sales_groups_intern(g, kbuf, klen, NULL, &e)) < 0) {
			fuzz_assert(e.code == SALES_ENOMEM && failing);
			goto done;
		}
		fuzz_assert(sales_groups_lookup(g, kbuf, klen) == id);
		if (id >= MAXGROUPS)
			continue;
		rows++;
		agg[id].deals++;
		f = field(&rec, c[2]);
		status = c[2] < 0 ? SALES_WON :
		    sales_stage_status(&st, f.s, f.len);
		if (status == SALES_LOST)
			agg[id].lost++;
		if (status != SALES_WON)
			continue;
		agg[id].won++;
		f = field(&rec, c[3]);
		if (f.len > 0 && sales_money_parse(f.s, f.len, 0, &amount,
		    &why) == 0 && sales_money_add(&agg[id].amount, amount) ==
		    -1)
			agg[id].amount = 0;
		f = field(&rec, c[4]);
		if (sales_date_parse(&iso, f.s, f.len, &created, &why) == -1)
			continue;
		f = field(&rec, c[5]);
		if (sales_date_parse(&iso, f.s, f.len, &closed, &why) == -1)
			continue;
		if (agg[id].h.total == 0 || closed - created < agg[id].lo)
			agg[id].lo = closed - created;
		if (agg[id].h.total == 0 || closed - created > agg[id].hi)
			agg[id].hi = closed - created;
		if (sales_hist_add(&agg[id].h, closed - created, &e) == -1) {
			fuzz_assert(failing);
			goto done;
		}
	}
	n = sales_groups_count(g);
	if ((order = sales_groups_sorted(g, &e)) == NULL) {
		fuzz_assert(failing);
		goto done;
	}
	for (i = 0; i < n; i++) {
		fuzz_assert(order[i] < n);
		if (i > 0)
			fuzz_assert(keycmp(sales_groups_key(g, order[i - 1]),
			    sales_groups_key(g, order[i])) < 0);
	}
	if (sales_writer_open(&w, ofp, SALES_FMT_CSV + (b0 & 7) % 5, ',',
	    (b0 & 8) ? SALES_W_EXCEL_SAFE : 0, &e) == -1 ||
	    sales_writer_header(w, hdr, (b0 & 16) ? 6 : 5, &e) == -1) {
		fuzz_assert(failing);
		goto done;
	}
	for (i = 0; i < n && i < MAXGROUPS; i++) {
		id = (long)order[i];
		if (id >= MAXGROUPS)
			continue;
		sum += agg[id].deals;
		f = sales_groups_key(g, (size_t)id);
		fuzz_assert(f.s[f.len] == '\0');
		row[0].s = f.s;
		row[0].len = strnlen(f.s, f.len);
		row[1].s = row[0].len < f.len ? f.s + row[0].len + 1 : "";
		row[1].len = row[0].len < f.len ? f.len - row[0].len - 1 : 0;
		snprintf(num[2], sizeof(num[2]), "%lu", agg[id].deals);
		snprintf(num[3], sizeof(num[3]), "%lu", agg[id].won);
		sales_money_format(agg[id].amount, 2, num[4]);
		num[5][0] = '\0';
		if (sales_hist_median2(&agg[id].h, &twice) == 0) {
			fuzz_assert(2 * agg[id].lo <= twice &&
			    twice <= 2 * agg[id].hi);
			sales_half_format(twice, num[5]);
		} else
			fuzz_assert(agg[id].h.total == 0);
		for (klen = 2; klen < 6; klen++) {
			row[klen].s = num[klen];
			row[klen].len = strlen(num[klen]);
		}
		if (!(b0 & 16))
			memmove(&row[1], &row[2], 4 * sizeof(row[0]));
		if (sales_writer_row(w, row, (b0 & 16) ? 6 : 5, &e) == -1) {
			fuzz_assert(failing);
			goto done;
		}
		if (sales_hist_merge(&all, &agg[id].h, &e) == -1) {
			fuzz_assert(failing);
			goto done;
		}
	}
	if (n <= MAXGROUPS)
		fuzz_assert(sum == rows);
	if (sales_writer_close(w, &e) == -1)
		fuzz_assert(failing);
	w = NULL;
done:
	sales_mem_fail_after(-1);
	sales_writer_close(w, &e);
	fclose(ofp);
	free(out);
	for (i = 0; i < MAXGROUPS; i++)
		sales_hist_release(&agg[i].h);
	free(agg);
	sales_hist_release(&all);
	sales_free(order);
	sales_groups_free(g);
	sales_groups_free(gf);
	sales_groups_free(gk);
	sales_groupby_release(&gb);
	sales_reader_close(r);
	sales_stages_release(&st);
	fclose(fp);
	free(buf);
	return 0;
}
