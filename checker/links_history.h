/*
 * links_history.h - the links stage's history in the store (tables
 * urls, url_occurrences, link_checks, link_states, url_archives; see
 * docs/schema.md). Private to links.c and its tests.
 *
 * Each function returns 0 on success and -1 on a store error (the
 * store's message says why), except links_history_recent() and
 * links_history_archive_get(). Writers must be called inside a
 * transaction (store_begin()).
 */
#ifndef PROVCHECK_LINKS_HISTORY_H
#define PROVCHECK_LINKS_HISTORY_H

#include <stdint.h>
#include <time.h>
#include "links.h"

struct store;
struct url_list;

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
/*
 * Stores every URL of urls (table urls) and where it stands: the
 * occurrences of each stored document of urls are replaced as a whole
 * (documents not in the store are skipped).
 */
int links_history_occurrences(struct store *st, const struct url_list *urls, time_t now);
/*
 * The archive lookup of url for the citation date stamp ("YYYYMMDD" or
 * shorter, "" or NULL for none) made less than ttl_s before now: returns
 * 1 and sets *archive to the copy found (caller frees; NULL when the
 * lookup found none); 0 when there is no such lookup; -1 on error.
 */
int links_history_archive_get(struct store *st, const char *url, const char *stamp, time_t now,
			      long ttl_s, char **archive);
/* Records an archive lookup (archive NULL: none found) made at now. */
int links_history_archive_put(struct store *st, const char *url, const char *stamp,
			      const char *archive, time_t now);
/*
 * Records what run_id judged of the link of e (state, verdict, since
 * when it is broken, suggestion, archived copy): the link-rot report
 * compares these between runs.
 */
int links_history_snapshot(struct store *st, int64_t run_id, const struct links_entry *e,
			   time_t now);
/*
 * What the last run before run_id that judged url recorded of it (its
 * row of link_states, as the link-rot report reads it): returns 1 and
 * sets *state and *verdict; 0 when no earlier run judged it (then
 * LINK_STATE_UNKNOWN and LINK_UNCHECKED); -1 on error.
 */
int links_history_previous(struct store *st, const char *url, int64_t run_id,
			   enum link_state *state, enum link_verdict *verdict);
/*
 * Forgets the link checks and the link states recorded more than days
 * before now (days <= 0: nothing). A writer.
 */
int links_history_prune(struct store *st, time_t now, long days);
/* Finalizes the statements kept for st; call before store_close(). */
void links_history_release(void);
/* The time of an ISO 8601 UTC timestamp "YYYY-MM-DDTHH:MM:SSZ"; -1 if malformed. */
time_t links_history_parse_time(const char *s);

#endif
