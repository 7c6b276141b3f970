/*
 * fuzz_assign.c: the whole of sm-assign on tables in memory: a rep
 * table and a lead table read by the table reader, handed to the
 * assignment engine (assign.h) as sm-assign does, and the balance
 * carving on the leads' amounts.
 *
 * Input: two option bytes, then parts cut at "===" lines: the rep
 * table (CSV; columns rep, active, territories, skills, capacity, load,
 * weight, any of them missing), the lead table (CSV; territory,
 * segment, rep, amount) and, for -M optimal, --fit rows
 * (CSV rep,segment,fit).
 *	byte 0: bits 0-2 the method (least-loaded, round-robin, weighted,
 *		optimal, balance), bit 3 --reassign, bit 4 fail an
 *		allocation
 *	byte 1: the allocations that succeed before one fails
 *
 * Properties: every lead gets a rep or a reason; the rep is active,
 * covers the lead's territory and segment and had room; a lead is left
 * only when no eligible rep has room (of weight above 0, for
 * weighted; for optimal, room left at the end); the counts of the engine add up
 * to the leads handed out; no rep goes over its capacity; balance gives
 * every item to a rep of weight above 0.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "libsales/assign.h"
#include "libsales/cli.h"
#include "libsales/err.h"
#include "libsales/mem.h"
#include "libsales/money.h"
#include "libsales/roles.h"
#include "libsales/table.h"
#include "tests/fuzz/fuzz.h"

#define MAXLEADS	512

/* A reader on a part of the input; NULL when it does not open. */
static struct sales_reader *
open_part(const uint8_t *p, size_t len, char **buf, FILE **fp)
{
	struct sales_table_opts	 o;
	struct sales_reader	*r;
	struct sales_err	 e;

	sales_table_opts_init(&o);
	o.format = SALES_FMT_CSV;
	*buf = fuzz_copy(p, len);
	*fp = fuzz_fmemopen(*buf, len);
	if (sales_reader_fopen(&r, *fp, "part", &o, &e) == -1)
		return NULL;
	return r;
}

static void
close_part(struct sales_reader *r, char *buf, FILE *fp)
{
	sales_reader_close(r);
	fclose(fp);
	free(buf);
}

static int
col(struct sales_reader *r, const char *name)
{
	return sales_header_find(sales_reader_header(r), sales_reader_ncols(r),
	    name);
}

static struct sales_field
field(const struct sales_record *rec, int c)
{
	struct sales_field	 f = { "", 0 };

	if (c >= 0 && (size_t)c < rec->nfields)
		f = rec->fields[c];
	return f;
}

/* A count of leads, or dflt when empty; -1 when it is not one. */
static int
count(struct sales_field f, long long dflt, long long *out)
{
	const char	*errstr;
	char		 buf[32];

	if (f.len == 0) {
		*out = dflt;
		return 0;
	}
	if (f.len >= sizeof(buf))
		return -1;
	memcpy(buf, f.s, f.len);
	buf[f.len] = '\0';
	*out = sales_strtonum(buf, 0, 1000000000000LL, &errstr);
	return errstr == NULL ? 0 : -1;
}

/*
 * Is item (len bytes) in the ';' list (items trimmed of spaces, empty
 * ones left out; "*" or a list of no items holds everything; an empty
 * item is in every list)?
 */
static int
in_list(const char *list, size_t llen, const char *item, size_t len)
{
	size_t	 i = 0, a, b, items = 0;

	if (len == 0)
		return 1;
	while (i <= llen) {
		a = i;
		while (i < llen && list[i] != ';')
			i++;
		b = i;
		while (a < b && list[a] == ' ')
			a++;
		while (b > a && list[b - 1] == ' ')
			b--;
		if ((b - a == 1 && list[a] == '*') ||
		    (b - a == len && memcmp(list + a, item, len) == 0))
			return 1;
		items += b > a;
		i++;
	}
	return items == 0;
}

/* The reps as read, to check the engine's choices. */
struct rep {
	char		*terr, *skills;
	size_t		 terrlen, skillslen;
};

static int
eligible(const struct sales_assign *a, const struct rep *reps, size_t k,
    struct sales_field t, struct sales_field s, int room)
{
	struct sales_rep_info	 ri;

	sales_assign_rep(a, k, &ri);
	if (!ri.active || !in_list(reps[k].terr, reps[k].terrlen, t.s, t.len) ||
	    !in_list(reps[k].skills, reps[k].skillslen, s.s, s.len))
		return 0;
	return !room || ri.capacity == SALES_ASSIGN_NOLIMIT ||
	    ri.load + ri.kept + ri.assigned < ri.capacity;
}

/* A lead of territory t and segment s was left: no rep can take it. */
static void
check_left(const struct sales_assign *a, const struct rep *reps,
    size_t nreps, int method, struct sales_field t, struct sales_field s,
    size_t lead)
{
	struct sales_rep_info	 ri;
	size_t			 k;

	for (k = 0; k < nreps; k++) {
		sales_assign_rep(a, k, &ri);
		if (eligible(a, reps, k, t, s, 1) &&
		    (method != SALES_ASSIGN_WEIGHTED || ri.weight > 0))
			fuzz_fail("lead %zu left while rep %zu has room", lead,
			    k);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in		 in = { data, size };
	struct sales_assign	*a = NULL;
	struct sales_reader	*rr = NULL, *lr = NULL, *fr = NULL;
	struct sales_rep_spec	 spec;
	struct sales_rep_info	 ri;
	struct sales_record	 rec;
	struct sales_field	 f, t, s;
	struct sales_err	 e;
	struct rep		*reps = NULL, left[MAXLEADS];
	const uint8_t		*rp, *lp, *fp_;
	size_t			 rlen, llen, flen, nreps = 0, i;
	size_t			 nleads = 0;
	size_t			 handed = 0, nleft = 0, owner[MAXLEADS];
	int64_t			 values[MAXLEADS], *w = NULL, fit;
	long			 cls[MAXLEADS], k;
	long long		 total;
	const char		*why;
	char			*rbuf = NULL, *lbuf = NULL, *fbuf = NULL;
	FILE			*rfp = NULL, *lfp = NULL, *ffp = NULL;
	int			 method, reassign, failing, c[7], lc[4], rv;
	unsigned		 b0, b1;

	b0 = fuzz_byte(&in);
	b1 = fuzz_byte(&in);
	method = (b0 & 7) % 5;
	reassign = (b0 & 8) != 0;
	failing = (b0 & 16) != 0;
	rlen = fuzz_part(&in, &rp);
	llen = fuzz_part(&in, &lp);
	flen = fuzz_part(&in, &fp_);
	if ((rr = open_part(rp, rlen, &rbuf, &rfp)) == NULL ||
	    (lr = open_part(lp, llen, &lbuf, &lfp)) == NULL)
		goto done;
	if ((c[0] = col(rr, "rep")) < 0)
		goto done;
	c[1] = col(rr, "active");
	c[2] = col(rr, "territories");
	c[3] = col(rr, "skills");
	c[4] = col(rr, "capacity");
	c[5] = col(rr, "load");
	c[6] = col(rr, "weight");
	lc[0] = col(lr, "territory");
	lc[1] = col(lr, "segment");
	lc[2] = col(lr, "rep");
	lc[3] = col(lr, "amount");
	if (failing)
		sales_mem_fail_after(b1);
	if (sales_assign_new(&a, method, &e) == -1)
		goto done;

	/* The rep table, as sm-assign reads it; a bad row is skipped. */
	while ((rv = sales_reader_next(rr, &rec, &e)) != 0) {
		if (rv == -1) {
			if (e.code == SALES_EROW)
				continue;
			goto done;
		}
		sales_rep_spec_init(&spec);
		spec.line = rec.line;
		f = field(&rec, c[0]);
		spec.id = f.s;
		spec.idlen = f.len;
		f = field(&rec, c[1]);
		spec.active = !(f.len > 0 && (f.s[0] == 'n' || f.s[0] == '0'));
		t = field(&rec, c[2]);
		spec.territories = t.s;
		spec.territorieslen = t.len;
		s = field(&rec, c[3]);
		spec.skills = s.s;
		spec.skillslen = s.len;
		if (count(field(&rec, c[4]), SALES_ASSIGN_NOLIMIT,
		    &spec.capacity) == -1 ||
		    count(field(&rec, c[5]), 0, &spec.load) == -1)
			continue;
		f = field(&rec, c[6]);
		if (f.len > 0 && (sales_money_parse(f.s, f.len, 0,
		    &spec.weight, &why) == -1 || spec.weight < 0))
			continue;
		if (sales_assign_add_rep(a, &spec, &e) == -1) {
			fuzz_assert(e.code == SALES_EVALUE ||
			    (e.code == SALES_ENOMEM && failing));
			if (e.code == SALES_ENOMEM)
				goto done;
			continue;
		}
		if ((reps = realloc(reps, (nreps + 1) * sizeof(*reps))) ==
		    NULL)
			abort();
		reps[nreps].terr = fuzz_copy((const uint8_t *)t.s, t.len);
		reps[nreps].terrlen = t.len;
		reps[nreps].skills = fuzz_copy((const uint8_t *)s.s, s.len);
		reps[nreps].skillslen = s.len;
		nreps++;
	}
	fuzz_assert(sales_assign_nreps(a) == nreps);
	if (sales_assign_ready(a, &e) == -1) {
		fuzz_assert(e.code == SALES_EVALUE);
		goto done;
	}

	/* First pass over the leads: kept reps, classes, amounts. */
	while (nleads < MAXLEADS && (rv = sales_reader_next(lr, &rec,
	    &e)) != 0) {
		if (rv == -1) {
			if (e.code == SALES_EROW)
				continue;
			goto done;
		}
		f = field(&rec, lc[2]);
		if (!reassign && f.len > 0) {
			sales_assign_keep(a, f.s, f.len);
			cls[nleads] = -1;
		} else {
			t = field(&rec, lc[0]);
			s = field(&rec, lc[1]);
			if ((cls[nleads] = sales_assign_class(a, t.s, t.len,
			    s.s, s.len, &e)) < 0)
				goto done;
			sales_assign_count(a, cls[nleads]);
		}
		f = field(&rec, lc[3]);
		values[nleads] = 0;
		if (f.len > 0 && sales_money_parse(f.s, f.len, 0,
		    &values[nleads], &why) == -1)
			values[nleads] = 0;
		if (values[nleads] < 0)
			values[nleads] = -values[nleads] / 2;
		nleads++;
	}

	if (method == SALES_ASSIGN_BALANCE) {
		if ((w = calloc(nreps + 1, sizeof(*w))) == NULL)
			abort();
		for (i = 0; i < nreps; i++) {
			sales_assign_rep(a, i, &ri);
			w[i] = ri.active ? ri.weight : 0;
		}
		if (sales_balance(values, nleads, w, nreps, owner, &e) == 0)
			for (i = 0; i < nleads; i++)
				fuzz_assert(owner[i] < nreps &&
				    w[owner[i]] > 0);
		goto done;
	}
	if (method == SALES_ASSIGN_OPTIMAL) {
		if ((fr = open_part(fp_, flen, &fbuf, &ffp)) != NULL) {
			while ((rv = sales_reader_next(fr, &rec, &e)) == 1 &&
			    rec.nfields >= 3) {
				if (sales_money_parse(rec.fields[2].s,
				    rec.fields[2].len, 0, &fit, &why) == -1 ||
				    fit < 0 || fit > 100 * SALES_MONEY_SCALE)
					continue;
				if (sales_assign_fit(a, rec.fields[0].s,
				    rec.fields[0].len, rec.fields[1].s,
				    rec.fields[1].len, fit * 100, &e) == -1)
					goto done;
			}
		}
		if (sales_assign_solve(a, &e) == -1) {
			fuzz_assert(e.code == SALES_ENOMEM && failing);
			goto done;
		}
	}

	/* Second pass: hand out the leads, in order. */
	sales_reader_close(lr);
	fclose(lfp);
	free(lbuf);
	if ((lr = open_part(lp, llen, &lbuf, &lfp)) == NULL)
		goto done;
	for (i = 0; i < nleads; i++) {
		while ((rv = sales_reader_next(lr, &rec, &e)) == -1 &&
		    e.code == SALES_EROW)
			;
		if (rv != 1) {
			/* Read before: only a failed allocation stops it. */
			fuzz_assert(failing);
			goto done;
		}
		if (cls[i] < 0)
			continue;
		t = field(&rec, lc[0]);
		s = field(&rec, lc[1]);
		if ((k = sales_assign_pick(a, cls[i], &why)) < 0) {
			fuzz_assert(why != NULL && why[0] != '\0');
			/*
			 * Optimal keeps room for the leads after this one:
			 * its leads left are checked at the end.
			 */
			if (method == SALES_ASSIGN_OPTIMAL) {
				left[nleft].terr = fuzz_copy(
				    (const uint8_t *)t.s, t.len);
				left[nleft].terrlen = t.len;
				left[nleft].skills = fuzz_copy(
				    (const uint8_t *)s.s, s.len);
				left[nleft++].skillslen = s.len;
			} else
				check_left(a, reps, nreps, method, t, s, i);
			continue;
		}
		fuzz_assert((size_t)k < nreps);
		sales_assign_rep(a, (size_t)k, &ri);
		/* It was eligible and had room before this lead. */
		fuzz_assert(eligible(a, reps, (size_t)k, t, s, 0));
		fuzz_assert(ri.capacity == SALES_ASSIGN_NOLIMIT ||
		    ri.load + ri.kept + ri.assigned <= ri.capacity);
		handed++;
	}
	for (i = 0; i < nleft; i++) {
		t.s = left[i].terr;
		t.len = left[i].terrlen;
		s.s = left[i].skills;
		s.len = left[i].skillslen;
		check_left(a, reps, nreps, method, t, s, i);
	}
	total = 0;
	for (i = 0; i < nreps; i++) {
		sales_assign_rep(a, i, &ri);
		total += ri.assigned;
	}
	fuzz_assert(total == (long long)handed);
done:
	sales_mem_fail_after(-1);
	sales_assign_free(a);
	for (i = 0; i < nreps; i++) {
		free(reps[i].terr);
		free(reps[i].skills);
	}
	free(reps);
	for (i = 0; i < nleft; i++) {
		free(left[i].terr);
		free(left[i].skills);
	}
	free(w);
	if (rr != NULL)
		close_part(rr, rbuf, rfp);
	else if (rfp != NULL) {
		fclose(rfp);
		free(rbuf);
	}
	if (lr != NULL)
		close_part(lr, lbuf, lfp);
	else if (lfp != NULL) {
		fclose(lfp);
		free(lbuf);
	}
	if (fr != NULL)
		close_part(fr, fbuf, ffp);
	else if (ffp != NULL) {
		fclose(ffp);
		free(fbuf);
	}
	return 0;
}
