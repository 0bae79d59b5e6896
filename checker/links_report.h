/*
 * links_report.h - the links stage as the reports show it: the link
 * problems of each document as a report table, the nightly link-rot
 * report read back from the store's history, and the reference entries
 * and notes that hold each URL (from the refs stage).
 *
 * The link-rot report compares the latest run that judged links (a
 * 'check' or 'links' run that was online; its states are in table
 * link_states) with what the runs before it judged of each link:
 *   newly broken  failing or dead now, ok or not seen before;
 *   still broken  failing or dead in both, with the days since the
 *                 first failure of the current run of failures;
 *   recovered     failing or dead before, working now.
 * Its trend is the number of failing and dead links of each of the last
 * runs that judged links.
 */
#ifndef PROVCHECK_LINKS_REPORT_H
#define PROVCHECK_LINKS_REPORT_H

#include <stddef.h>
#include <stdint.h>
#include "links.h"

struct doc;
struct linkrot;
struct refs;
struct report;
struct store;
struct url_list;

/* Runs in the link-rot trend unless asked otherwise. */
#define LINKS_TREND_RUNS 30

/*
 * Adds to each document of rep that cites a link with a problem (every
 * verdict but ok and unchecked; a link a stopped run did not reach is
 * listed as unchecked) a "links" table: where (line, and the
 * note or reference entry), URL, status, suggestion and archived copy,
 * one row per occurrence in source order. Documents not in rep are
 * skipped.
 */
void links_report_tables(const struct links_report *lr, struct report *rep);

/*
 * The occurrences in document d of the URLs of urls that stand inside
 * an entry of refs (a reference-list item or a note, matched by source
 * offset) get the entry's number and kind ("note", "reference"), and
 * the citation's own date (its date, else its access date) replaces the
 * document's for archive lookups. Returns how many were marked. refs
 * may be NULL (nothing to do).
 */
size_t links_mark_entries(struct url_list *urls, const struct doc *d, const struct refs *refs);

/*
 * Fills out (initialized by the caller) with the link rot of run_id, or
 * of the latest run that judged links when run_id is 0 (a later run_id
 * than any such run means the latest before it), and a trend over at
 * most max_points runs ending there. Returns LINKS_ERR_NO_HISTORY when
 * the store holds no run that judged links, LINKS_ERR_STORE on a store
 * error (store_errmsg() says why).
 */
enum links_result links_linkrot_load(struct store *st, int64_t run_id, size_t max_points,
				     struct linkrot *out);

#endif
