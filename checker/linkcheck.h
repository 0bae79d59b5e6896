/*
 * linkcheck.h - checking URLs over HTTP: fast, polite, correct.
 *
 * One libcurl multi handle and one event loop drive every transfer (no
 * thread per URL). A global limit and a per-host limit bound the
 * transfers in flight, with a minimum interval between two requests to
 * the same host; connections, DNS answers and cookies are shared for
 * the whole run.
 *
 * Each URL is asked with HEAD first; GET when HEAD is refused or not
 * trusted (405, 501, 403, 404, ... on HEAD), when a fragment must be
 * found in the page, or when a soft-404 must be judged. A GET reads at
 * most max_body bytes of an HTML body (nothing of another type) and
 * then aborts the transfer. Redirects are followed here, not by curl,
 * so that the chain is recorded and every hop is held to the policy:
 * only http and https, never an address that is loopback, private,
 * link-local, CGNAT, multicast or reserved unless allow_private is set
 * (checked on the address actually connected to, so DNS rebinding
 * cannot get round it). Transient failures (timeouts, 5xx, 429, a
 * reset) are retried with exponential backoff, obeying Retry-After up to
 * a cap, and a 429 slows its host down for the rest of the run.
 *
 * A 200 page on a deep path is compared with a probe of a random
 * sibling path of the same site, asked once per host: a site that also
 * answers 200 there is a soft-404 site, and the page is judged
 * not-found when it says so or looks the same as the probe.
 */
#ifndef PROVCHECK_LINKCHECK_H
#define PROVCHECK_LINKCHECK_H

#include <stddef.h>

struct config;
struct sockaddr;

enum linkcheck_result {
	LINKCHECK_OK = 0,
	LINKCHECK_ERR_INIT,     /* libcurl could not be set up */
	LINKCHECK_ERR_NETWORK,  /* every host failed name resolution: no network */
	LINKCHECK_STOPPED       /* the stop condition said stop: some URLs were not checked */
};

const char *linkcheck_strerror(enum linkcheck_result r);

enum link_verdict {
	LINK_OK = 0,
	LINK_REDIRECT,          /* permanent redirect (301/308) to a working page: update the link */
	LINK_BROKEN,            /* 4xx, 5xx after retries, DNS failure, refused, reset, TLS, loop, missing fragment */
	LINK_TIMEOUT,
	LINK_BLOCKED,           /* 403 bot walls, 999, persistent 429: inconclusive, not dead */
	LINK_SOFT404,           /* a 200 page that is really "not found" */
	LINK_ROOT_REDIRECT,     /* a deep link redirected to the home page */
	LINK_LOGIN,             /* redirected to a login page, or 401 */
	LINK_REFUSED,           /* not fetched: scheme or address refused by policy */
	LINK_UNCHECKED          /* not checked (offline, network unavailable) */
};

/* "ok", "redirect", "broken", "timeout", "blocked", "soft404", "root-redirect", "login", "refused", "unchecked". */
const char *link_verdict_name(enum link_verdict v);
/* Parses a verdict name; -1 if unknown. */
int link_verdict_parse(const char *s, enum link_verdict *out);
/* 1 for the verdicts that mean the link works (ok, redirect). */
int link_verdict_works(enum link_verdict v);

/* One response that redirected. */
struct link_hop {
	char *url;
	long status;
};

/* The outcome of one URL. Strings owned by the checker. */
struct link_result {
	enum link_verdict verdict;
	long status;            /* final HTTP status, 0 if none */
	char *url;              /* as added */
	char *final_url;        /* after redirects (== url when none) */
	struct link_hop *hops;
	size_t nr_hops;
	int permanent;          /* a 301 or 308 in the chain */
	char *error;            /* what went wrong, lowercase; NULL when ok */
	unsigned requests;      /* HTTP requests made for it (retries and fallbacks included) */
	size_t body_bytes;      /* body bytes read */
};

struct linkcheck_opts {
	int max_total;              /* transfers in flight; 64 */
	int max_per_host;           /* 4 */
	long host_interval_ms;      /* between two request starts on one host; 100 */
	long connect_timeout_ms;
	long timeout_ms;
	int max_redirects;
	size_t max_body;            /* bytes of HTML read on a GET */
	int retries;                /* extra attempts for transient failures */
	long retry_base_ms;         /* first backoff; doubles per attempt; 1000 */
	long retry_after_cap_s;     /* longest Retry-After obeyed */
	const char *user_agent;     /* not copied: must outlive the checker */
	int allow_private;
	int soft404_probe;          /* 1: probe a random sibling path per host */
	const char *const *resolve; /* NULL-terminated "host:port:address" pins (curl's CURLOPT_RESOLVE); may be NULL */
};

/* Defaults from the [links] settings of c (user_agent points into c). */
void linkcheck_opts_from_config(struct linkcheck_opts *o, const struct config *c);

struct linkcheck;

/* A new checker, or NULL when libcurl cannot be set up. Free with linkcheck_free(). */
struct linkcheck *linkcheck_new(const struct linkcheck_opts *o);
void linkcheck_free(struct linkcheck *lc);

/* Queues url (normalized http/https, copied); returns its id for linkcheck_get(). */
size_t linkcheck_add(struct linkcheck *lc, const char *url);

typedef void (*linkcheck_progress_fn)(void *ud, size_t done, size_t total);

/*
 * A stop condition (an interrupt flag, a deadline): nonzero to stop.
 * linkcheck_run() asks it between two turns of its event loop, which
 * never waits longer than LINKCHECK_STOP_POLL_MS while one is set (a
 * signal also cuts the wait short).
 */
typedef int (*linkcheck_stop_fn)(void *ud);

#define LINKCHECK_STOP_POLL_MS 100

/* Sets (fn NULL: clears) the stop condition of the next runs. */
void linkcheck_set_stop(struct linkcheck *lc, linkcheck_stop_fn fn, void *ud);

/*
 * Checks every URL queued since the last run (a run may follow another:
 * repair candidates are checked in a second run). progress (may be NULL)
 * is called as URLs complete. Returns LINKCHECK_ERR_NETWORK when every
 * host of this run failed name resolution: those URLs are then
 * LINK_UNCHECKED with error "network unavailable".
 *
 * Returns LINKCHECK_STOPPED when the stop condition said stop (before
 * or during the run): the transfers in flight are abandoned, and every
 * URL not finished by then is LINK_UNCHECKED with error "not checked:
 * the run was stopped" (neither dead nor alive); the URLs finished
 * keep their results. A run that starts with the condition already
 * true checks nothing.
 */
enum linkcheck_result linkcheck_run(struct linkcheck *lc, linkcheck_progress_fn progress, void *ud);

/* Result of id (valid until linkcheck_free()); verdict LINK_UNCHECKED before the run. */
const struct link_result *linkcheck_get(const struct linkcheck *lc, size_t id);
size_t linkcheck_count(const struct linkcheck *lc);

/*
 * 1 if connecting to sa is refused without allow_private: loopback,
 * private, link-local (cloud metadata), CGNAT, multicast, reserved,
 * unspecified, and IPv4 addresses inside IPv6 (mapped, NAT64). The
 * address is written to buf (may be NULL).
 */
int linkcheck_addr_blocked(const struct sockaddr *sa, char *buf, size_t n);

#endif
