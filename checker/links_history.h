/*
 * links_history.h - the links stage's history in the store (tables
 * urls, link_checks). Private to links.c and its tests.
 *
 * Each function returns 0 on success and -1 on a store error (the
 * store's message says why), except links_history_recent().
 */
#ifndef PROVCHECK_LINKS_HISTORY_H
#define PROVCHECK_LINKS_HISTORY_H

#include <stdint.h>
#include <time.h>

struct store;
struct links_entry;

/*
 * The last check of url if it is younger than ttl_s at now: copies its
 * verdict, status, final URL, redirects and error into e and returns 1;
 * 0 when there is none (or ttl_s <= 0); -1 on error.
 */
int links_history_recent(struct store *st, const char *url, time_t now, long ttl_s,
			 struct links_entry *e);
/* Records the check held in e (made at now) for run_id. */
int links_history_put(struct store *st, int64_t run_id, const struct links_entry *e, time_t now);
/*
 * Judges url over its stored checks (links_state()): sets e->state,
 * e->failures, e->days_broken (at now) and e->prev_state (the state
 * before this run's check, or the current one when it was reused).
 */
int links_history_state(struct store *st, const char *url, int dead_after_checks,
			long dead_after_days, time_t now, struct links_entry *e);
/* Finalizes the statements kept for st; call before store_close(). */
void links_history_release(void);
/* The time of an ISO 8601 UTC timestamp "YYYY-MM-DDTHH:MM:SSZ"; -1 if malformed. */
time_t links_history_parse_time(const char *s);

#endif
