/*
 * state.h: a small file of named counters that survives between runs
 * (sm-assign --state, for cron), locked while in use and replaced
 * atomically.
 *
 * sales_state_open() takes an exclusive flock(2) on the file and holds
 * it until sales_state_close(), so that two runs at once take turns:
 * the second waits, then reads what the first committed.  The commit
 * writes a temporary file in the same folder, syncs it and renames it
 * over the old one (so a crash leaves the old or the new file, never a
 * mix); a run that waited on the old file notices the rename (its
 * inode is no longer the path's) and locks the new one instead.
 *
 * The file is text, one entry a line: NAMESPACE, a tab, KEY, a tab,
 * a decimal VALUE; KEY escapes tab, newline, CR and backslash as
 * linear TSV does (\t, \n, \r, \\) and NUL as \0, so that a key of
 * any bytes reads back as it was set; lines that begin with '#' are
 * comments.  A raw NUL byte inside a KEY (as written before NUL was
 * escaped) is read as part of the key.
 */
#ifndef SALES_STATE_H
#define SALES_STATE_H

#include <stddef.h>
#include <stdint.h>

#include "libsales/err.h"

struct sales_state;

/*
 * Open path, creating it empty (mode 0666 less the umask) when it does
 * not exist, wait for an exclusive lock on it and read its entries.
 * Returns 0 with *sp set (to pass to sales_state_close()), or -1 with
 * err set: SALES_EIO (naming path), SALES_ENOMEM, SALES_EPARSE
 * ("FILE:LINE: not a state entry").
 */
int	sales_state_open(struct sales_state **sp, const char *path,
	    struct sales_err *err);

/*
 * Look up the entry (ns, key of keylen bytes).  Returns 1 with *val
 * set, or 0 when there is none.
 */
int	sales_state_get(const struct sales_state *st, const char *ns,
	    const char *key, size_t keylen, int64_t *val);

/*
 * Set the entry (ns, key of keylen bytes) to val, adding it when new;
 * ns must hold no tab or newline.  Returns 0, or -1 with err set
 * (SALES_ENOMEM).
 */
int	sales_state_set(struct sales_state *st, const char *ns,
	    const char *key, size_t keylen, int64_t val,
	    struct sales_err *err);

/* Remove every entry of namespace ns. */
void	sales_state_drop(struct sales_state *st, const char *ns);

/* The number of entries. */
size_t	sales_state_count(const struct sales_state *st);

/*
 * Write the entries to a temporary file beside the state file, sync
 * it, give it the old file's mode and rename it over the path.  The
 * lock is kept until sales_state_close().  Returns 0, or -1 with err
 * set (SALES_EIO; the old file is then untouched).
 */
int	sales_state_commit(struct sales_state *st, struct sales_err *err);

/*
 * Release the lock and free st, leaving the file as it is (as last
 * committed).  NULL is a no-op.
 */
void	sales_state_close(struct sales_state *st);

#endif
