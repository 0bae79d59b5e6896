/*
 * progress.h - a progress bar on standard error for long runs
 * (documents parsed, URLs checked), drawn only when standard error is a
 * terminal and at most 10 times a second; nothing at all when piped.
 *
 *	struct progress *p = progress_start("checking links", nr_urls);
 *	for (...) progress_update(p, done);
 *	progress_finish(p);
 *
 * progress_start() returns NULL when there is nothing to draw on; the
 * other functions accept NULL, so callers need no test of their own.
 */
#ifndef PROVCHECK_PROGRESS_H
#define PROVCHECK_PROGRESS_H

#include <stddef.h>
#include <stdint.h>

struct progress;

struct progress_opts {
	int fd;                 /* where to draw; default 2 */
	int is_tty;             /* -1: ask isatty(fd); 0/1: as given (tests) */
	double (*now)(void);    /* seconds, monotonic; NULL: CLOCK_MONOTONIC */
	int width;              /* columns; 0: $COLUMNS, else 80 */
};

/* total 0: unknown (no bar, just a count). title is copied. Caller frees with progress_finish(). */
struct progress *progress_start(const char *title, uint64_t total);
struct progress *progress_start_opts(const char *title, uint64_t total,
				     const struct progress_opts *opts);
/* Records done; redraws when 100 ms have passed since the last drawing. */
void progress_update(struct progress *p, uint64_t done);
/* Changes the total (a run that discovers more work). */
void progress_set_total(struct progress *p, uint64_t total);
/* Draws the final state, ends the line and frees p. */
void progress_finish(struct progress *p);

/*
 * The line drawn (without "\r" and terminal codes), cut to width
 * columns: "title [#####.....] 12/40 30% 4.0/s". Returns its length.
 */
size_t progress_format(char *buf, size_t n, const char *title, uint64_t done,
		       uint64_t total, double elapsed, int width);

#endif
