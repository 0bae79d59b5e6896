/*
 * runlimit.h - the [limits] that bound a whole run: max_documents and
 * max_run_time.
 *
 * A command asks runlimit_allow() before each document. Once a limit is
 * reached it says so once, as a warning naming the first document left
 * out and how many were not read, and answers 0 from then on: the
 * command stops reading, keeps what it stored, and closes its run as
 * "interrupted" (not a baseline for "new since the last run"); the
 * next run picks up, the documents already stored being unchanged.
 */
#ifndef PROVCHECK_RUNLIMIT_H
#define PROVCHECK_RUNLIMIT_H

#include <stddef.h>
#include <stdint.h>

struct config;

enum runlimit_hit {
	RUNLIMIT_NONE = 0,
	RUNLIMIT_DOCUMENTS,     /* max_documents read */
	RUNLIMIT_TIME           /* max_run_time elapsed */
};

struct runlimit {
	size_t max_documents;   /* 0: no limit */
	int64_t max_ms;         /* 0: no limit */
	int64_t start_ms;       /* monotonic clock at runlimit_init() */
	size_t done;            /* documents allowed so far */
	enum runlimit_hit hit;
	int said_expired;       /* runlimit_expired() has warned */
};

/* Starts the clock, with the limits of c (NULL: none). */
void runlimit_init(struct runlimit *rl, const struct config *c);

/*
 * Whether the document path, with left - 1 more after it, may be read.
 * On the first refusal prints the warning (see above).
 */
int runlimit_allow(struct runlimit *rl, const char *path, size_t left);

/*
 * Whether max_run_time has run out, for stages after the documents
 * (checking links). Warns once, naming what, when it first has.
 */
int runlimit_expired(struct runlimit *rl, const char *what);

/* Milliseconds left before max_run_time (INT64_MAX: no limit; 0: none left). */
int64_t runlimit_left_ms(const struct runlimit *rl);

#endif
