/*
 * links.h - the links stage: the URLs of documents checked, repaired,
 * matched with archived copies and judged against their history.
 *
 * links_check() takes the URLs found by urls_extract(), checks them
 * with linkcheck (unless offline), then for each URL that failed checks
 * its other readings (line joins) and its repair candidates (joined
 * words re-split with the documents' own vocabulary) and keeps the first
 * that works as the suggestion. With a store, every check is recorded;
 * a result younger than the TTL is reused; a link is "dead" only after
 * dead_after_checks failed checks spaced at least dead_after_days apart,
 * "failing" before that, and a success resets it. Dead and failing
 * links are looked up in a web archive (Wayback availability API),
 * asking for the snapshot closest to the citation's date when known.
 */
#ifndef PROVCHECK_LINKS_H
#define PROVCHECK_LINKS_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include "linkcheck.h"

struct config;
struct doc;
struct findings;
struct store;
struct strbuf;
struct url_list;
struct url_item;
struct vocab;

enum links_result {
	LINKS_OK = 0,
	LINKS_ERR_INIT,         /* libcurl could not be set up */
	LINKS_ERR_NETWORK,      /* every host failed name resolution: nothing was judged */
	LINKS_ERR_STORE,        /* the history could not be read or written */
	LINKS_ERR_NO_HISTORY,   /* the store holds no run that judged links */
	LINKS_STOPPED           /* the stop condition held: some links were not checked */
};

const char *links_strerror(enum links_result r);

/* Where a link stands over its history. */
enum link_state {
	LINK_STATE_UNKNOWN = 0, /* never judged (unchecked, inconclusive verdicts only) */
	LINK_STATE_OK,
	LINK_STATE_FAILING,     /* failed, but not yet often or long enough to be dead */
	LINK_STATE_DEAD
};

const char *link_state_name(enum link_state s);

/* One past check, as the history rules see it. */
struct link_check_rec {
	time_t at;
	enum link_verdict verdict;
};

/* 1 for verdicts that count as a failure in the history (broken, timeout, soft404, root-redirect). */
int link_verdict_fails(enum link_verdict v);

/*
 * The state after the checks v[0..n) (oldest first): the failures since
 * the last success are counted, each only if it came at least
 * dead_after_days after the last one counted; dead_after_checks of them
 * make the link dead. *failures gets that count and *since the time of
 * the first failure of the run (0 if none); either may be NULL.
 */
enum link_state links_state(const struct link_check_rec *v, size_t n, int dead_after_checks,
			    long dead_after_days, unsigned *failures, time_t *since);

/*
 * The current time: PROVCHECK_NOW (ISO 8601, "2026-01-01T00:00:00Z" or
 * "2026-01-01"), a testing aid to simulate days passing, else the clock.
 */
time_t links_now(void);

/* One URL's outcome. Strings owned by the report. */
struct links_entry {
	const struct url_item *item;    /* in the url_list given to links_check() */
	enum link_verdict verdict;
	long status;
	char *final_url;
	struct link_hop *hops;
	size_t nr_hops;
	char *error;
	char *suggestion;       /* a repaired or re-joined URL that works; NULL */
	char *archive;          /* an archived copy; NULL */
	enum link_state state;
	unsigned failures;      /* counted failures (see links_state()) */
	long days_broken;       /* since the first failure of the current run of failures; 0 */
	time_t broken_since;    /* that first failure; 0 when the link is not failing or dead */
	int reused;             /* result taken from the store (younger than the TTL) */
	int stopped;            /* LINK_UNCHECKED because the run was stopped before it */
	/*
	 * --since-last: what the last earlier run that judged this link
	 * recorded (link_states, as report --linkrot reads it); without a
	 * run (run_id 0), the state before this run's check. Unknown and
	 * unchecked when there is none.
	 */
	enum link_state prev_state;
	enum link_verdict prev_verdict;
};

struct links_report {
	struct links_entry *v;
	size_t nr;
	int offline;
	int history;            /* a store gave the history (else one check decides) */
	int network_down;
	int stopped;            /* the stop condition held: checks, repairs or lookups cut short */
	size_t not_checked;     /* links left unchecked by the stop */
	size_t checked;         /* URLs asked over HTTP in this run */
	size_t reused;
	size_t repaired;
};

void links_report_release(struct links_report *rep);

struct links_opts {
	struct linkcheck_opts check;
	int offline;
	int repair;                     /* 1: try repairs of failed URLs */
	int dead_after_checks;
	long dead_after_days;
	long ttl_s;                     /* 0: always check */
	const char *archive_endpoint;   /* NULL or "": no archive lookups */
	long archive_ttl_s;             /* reuse a stored archive lookup younger than this; 0: never ([links] archive_ttl) */
	linkcheck_progress_fn progress; /* may be NULL */
	void *progress_ud;
	linkcheck_stop_fn stop;         /* may be NULL: an interrupt, a deadline (see linkcheck.h) */
	void *stop_ud;
};

void links_opts_from_config(struct links_opts *o, const struct config *c);

/*
 * Checks the URLs of urls (vocab may be NULL: no repairs; st may be
 * NULL: no history, every failure counts as failing... or dead at once
 * when dead_after_checks <= 1). run_id is the store's run. Fills rep,
 * one entry per item of urls, in order.
 *
 * When o->stop says stop, the checks in flight are abandoned and no
 * repairs or archive lookups are asked for (or those under way are cut
 * short): the links checked so far are recorded and judged as usual,
 * the others are LINK_UNCHECKED with stopped set (rep->not_checked of
 * them, 0 when only repairs or lookups were cut); returns LINKS_STOPPED
 * unless the store failed. A later run reuses what this one recorded (ttl), so
 * it checks only the rest.
 */
enum links_result links_check(const struct links_opts *o, const struct url_list *urls,
			      const struct vocab *vocab, struct store *st, int64_t run_id,
			      struct links_report *rep);

/*
 * Closes run_id of st with status ("ok", "failed", "interrupted"; see
 * store_run_end()) and, in the same transaction, forgets the link
 * checks and link states recorded more than history_days before now
 * (links_now(); 0: keeps them all), so that the history a nightly run
 * reads stays bounded. LINKS_ERR_STORE on a store error (store_errmsg()
 * says why; then nothing was pruned nor closed).
 */
enum links_result links_run_end(struct store *st, int64_t run_id, const char *status,
				long history_days);

/*
 * Findings of the report into f, one per occurrence: broken (dead, or
 * without history) error; failing, timeout, soft404, root-redirect,
 * login, refused and invalid mailto addresses warning; permanent
 * redirects and blocked info. docs[] are the documents still loaded
 * (may be none): an occurrence in another document is reported from
 * what the occurrence kept (path, line, column, source range) with the
 * URL as first written as its quote.
 */
void links_findings(const struct links_report *rep, struct doc *const *docs, size_t ndocs,
		    struct findings *f);

/* The report as the "links" JSON array (see docs/links-schema.md), appended to out. */
void links_json(const struct links_report *rep, struct strbuf *out);

/*
 * Parses the Wayback availability API answer: the closest snapshot's
 * URL when available (caller frees), else NULL.
 */
char *links_parse_wayback(const char *json, size_t n);

#endif
