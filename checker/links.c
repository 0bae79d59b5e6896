/*
 * links.c - the links stage (see links.h): check, repair, archive,
 * history, findings and JSON.
 */
#include "links.h"
#include "buf.h"
#include "config.h"
#include "doc.h"
#include "findings.h"
#include "links_history.h"
#include "store_internal.h"
#include "urls.h"
#include "util.h"

#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>

const char *links_strerror(enum links_result r)
{
	switch (r) {
	case LINKS_OK: return "success";
	case LINKS_ERR_INIT: return "cannot initialize libcurl";
	case LINKS_ERR_NETWORK: return "network unavailable: no host name could be resolved";
	case LINKS_ERR_STORE: return "cannot read or write the link history";
	case LINKS_ERR_NO_HISTORY: return "no run has checked links yet";
	case LINKS_STOPPED: return "stopped before every link was checked";
	}
	return "unknown error";
}

const char *link_state_name(enum link_state s)
{
	switch (s) {
	case LINK_STATE_UNKNOWN: return "unknown";
	case LINK_STATE_OK: return "ok";
	case LINK_STATE_FAILING: return "failing";
	case LINK_STATE_DEAD: return "dead";
	}
	return "unknown";
}

int link_verdict_fails(enum link_verdict v)
{
	return v == LINK_BROKEN || v == LINK_TIMEOUT || v == LINK_SOFT404 || v == LINK_ROOT_REDIRECT;
}

enum link_state links_state(const struct link_check_rec *v, size_t n, int dead_after_checks,
			    long dead_after_days, unsigned *failures, time_t *since)
{
	size_t i, start = 0;
	unsigned count = 0;
	time_t last = 0, first = 0;
	int any = 0;
	enum link_state st = LINK_STATE_UNKNOWN;

	/* only the failures after the last success matter */
	for (i = 0; i < n; i++) {
		if (link_verdict_works(v[i].verdict)) {
			start = i + 1;
			any = 1;
		}
	}
	for (i = start; i < n; i++) {
		if (!link_verdict_fails(v[i].verdict))
			continue;   /* blocked, refused, unchecked: says nothing */
		if (!count) {
			first = last = v[i].at;
			count = 1;
		} else if (v[i].at - last >= (time_t)dead_after_days * 86400) {
			last = v[i].at;
			count++;
		}
	}
	if (count)
		st = (int)count >= dead_after_checks ? LINK_STATE_DEAD : LINK_STATE_FAILING;
	else if (any)
		st = LINK_STATE_OK;
	if (failures)
		*failures = count;
	if (since)
		*since = first;
	return st;
}

time_t links_now(void)
{
	const char *s = getenv("PROVCHECK_NOW");
	struct tm tm;
	int y, mo, d, h = 0, mi = 0, se = 0;

	if (!s || !*s)
		return time(NULL);
	if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &se) < 3)
		return time(NULL);
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = se;
	return timegm(&tm);
}

void links_opts_from_config(struct links_opts *o, const struct config *c)
{
	memset(o, 0, sizeof(*o));
	linkcheck_opts_from_config(&o->check, c);
	o->offline = c->links_offline;
	o->repair = 1;
	o->dead_after_checks = c->links_dead_after_checks;
	o->dead_after_days = c->links_dead_after_days;
	o->ttl_s = c->links_ttl_s;
	o->archive_endpoint = c->links_archive_endpoint;
	o->archive_ttl_s = c->links_archive_ttl_s;
}

static void entry_release(struct links_entry *e)
{
	size_t i;
	free(e->final_url);
	for (i = 0; i < e->nr_hops; i++)
		free(e->hops[i].url);
	free(e->hops);
	free(e->error);
	free(e->suggestion);
	free(e->archive);
}

void links_report_release(struct links_report *rep)
{
	size_t i;
	for (i = 0; i < rep->nr; i++)
		entry_release(&rep->v[i]);
	free(rep->v);
	memset(rep, 0, sizeof(*rep));
}

static void take_result(struct links_entry *e, const struct link_result *r)
{
	size_t i;
	e->verdict = r->verdict;
	e->status = r->status;
	free(e->final_url);
	e->final_url = r->final_url ? xstrdup(r->final_url) : NULL;
	free(e->error);
	e->error = r->error ? xstrdup(r->error) : NULL;
	for (i = 0; i < e->nr_hops; i++)
		free(e->hops[i].url);
	free(e->hops);
	e->hops = NULL;
	e->nr_hops = r->nr_hops;
	if (r->nr_hops) {
		e->hops = xcalloc(r->nr_hops, sizeof(*e->hops));
		for (i = 0; i < r->nr_hops; i++) {
			e->hops[i].url = xstrdup(r->hops[i].url);
			e->hops[i].status = r->hops[i].status;
		}
	}
}

static void set_msg(char **dst, const char *s)
{
	free(*dst);
	*dst = s ? xstrdup(s) : NULL;
}

/* ---- archives ---- */

/* Reads a JSON string starting at p (after the opening quote) into out. */
static const char *json_string(const char *p, const char *end, struct strbuf *out)
{
	while (p < end && *p != '"') {
		if (*p == '\\' && p + 1 < end) {
			p++;
			switch (*p) {
			case 'n': strbuf_addch(out, '\n'); break;
			case 't': strbuf_addch(out, '\t'); break;
			case 'u': {
				unsigned cp = 0;
				int k;
				for (k = 1; k <= 4 && p + k < end; k++) {
					char c = p[k];
					cp = cp * 16 + (unsigned)(ch_isdigit(c) ? c - '0' : (ch_tolower(c) - 'a' + 10) & 15);
				}
				p += 4;
				if (cp < 0x80) {
					strbuf_addch(out, (int)cp);
				} else if (cp < 0x800) {
					strbuf_addch(out, (int)(0xc0 | (cp >> 6)));
					strbuf_addch(out, (int)(0x80 | (cp & 0x3f)));
				} else {
					strbuf_addch(out, (int)(0xe0 | (cp >> 12)));
					strbuf_addch(out, (int)(0x80 | ((cp >> 6) & 0x3f)));
					strbuf_addch(out, (int)(0x80 | (cp & 0x3f)));
				}
				break;
			}
			default: strbuf_addch(out, *p); break;
			}
			p++;
		} else {
			strbuf_addch(out, *p++);
		}
	}
	return p;
}

/* The string value of "key" at the first place it appears in [p, end), or -1. */
static int json_find_string(const char *p, const char *end, const char *key, struct strbuf *out)
{
	size_t kl = strlen(key);
	const char *q = p;
	while ((q = mem_find(q, (size_t)(end - q), key, kl)) != NULL) {
		const char *v = q + kl;
		q += kl;
		if (q - kl == p || q[-(long)kl - 1] != '"' || *v != '"')
			continue;
		v++;
		while (v < end && (*v == ' ' || *v == ':' || *v == '\t' || *v == '\n'))
			v++;
		if (v < end && *v == '"') {
			json_string(v + 1, end, out);
			return 0;
		}
	}
	return -1;
}

char *links_parse_wayback(const char *json, size_t n)
{
	const char *end = json + n, *c = mem_find(json, n, "\"closest\"", 9);
	struct strbuf url = STRBUF_INIT, st = STRBUF_INIT;
	char *r = NULL;

	if (!c)
		goto cleanup;
	if (mem_find(c, (size_t)(end - c), "\"available\": false", 18) ||
	    mem_find(c, (size_t)(end - c), "\"available\":false", 17))
		goto cleanup;
	if (json_find_string(c, end, "url", &url) < 0 || !url.len)
		goto cleanup;
	if (json_find_string(c, end, "status", &st) == 0 && st.len && st.buf[0] != '2')
		goto cleanup;       /* a snapshot of an error page is no copy */
	r = strbuf_detach(&url, NULL);
cleanup:
	strbuf_release(&url);
	strbuf_release(&st);
	return r;
}

struct fetch {
	char *url;
	struct strbuf body;
	CURL *easy;
	int done;
	int ok;         /* answered 200: the body is the endpoint's word */
};

static size_t fetch_write(char *p, size_t size, size_t nmemb, void *ud)
{
	struct fetch *f = ud;
	size_t n = size * nmemb;
	if (strbuf_add(&f->body, p, n) < 0)
		return 0;
	return n;
}

/*
 * GETs the given URLs (a handful: the archive lookups), a few at a time,
 * bodies capped at 64 KiB. The endpoint is the user's to choose, so the
 * private-address policy of the link checks does not apply. Returns 1
 * when the stop condition of lo cut it short (the lookups not done have
 * ok 0: not recorded), else 0.
 */
static int fetch_all(struct fetch *v, size_t n, const struct links_opts *lo)
{
	const struct linkcheck_opts *o = &lo->check;
	CURLM *m = curl_multi_init();
	size_t next = 0, active = 0, i;
	int stopped = 0;

	if (!m)
		return 0;
	while (next < n || active) {
		CURLMsg *msg;
		int left, running;
		if (lo->stop && lo->stop(lo->stop_ud)) {
			stopped = 1;
			break;
		}
		while (next < n && active < 8) {
			struct fetch *f = &v[next++];
			CURL *e = curl_easy_init();
			if (!e)
				continue;
			f->easy = e;
			curl_easy_setopt(e, CURLOPT_URL, f->url);
			curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
			curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
			curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
			curl_easy_setopt(e, CURLOPT_MAXREDIRS, 5L);
			curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
			curl_easy_setopt(e, CURLOPT_USERAGENT, o->user_agent ? o->user_agent : "provcheck");
			curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
			curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, o->connect_timeout_ms);
			curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, o->timeout_ms);
			curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, fetch_write);
			curl_easy_setopt(e, CURLOPT_WRITEDATA, f);
			curl_easy_setopt(e, CURLOPT_PRIVATE, f);
			curl_multi_add_handle(m, e);
			active++;
		}
		curl_multi_perform(m, &running);
		while ((msg = curl_multi_info_read(m, &left)) != NULL) {
			struct fetch *f = NULL;
			long st = 0;
			if (msg->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&f);
			curl_easy_getinfo(msg->easy_handle, CURLINFO_RESPONSE_CODE, &st);
			if (msg->data.result != CURLE_OK || st != 200)
				strbuf_reset(&f->body);
			else
				f->ok = 1;
			f->done = 1;
			curl_multi_remove_handle(m, f->easy);
			curl_easy_cleanup(f->easy);
			f->easy = NULL;
			active--;
		}
		if (active)
			curl_multi_poll(m, NULL, 0, lo->stop ? LINKCHECK_STOP_POLL_MS : 1000, NULL);
	}
	for (i = 0; i < n; i++)
		if (v[i].easy) {
			/* abandoned half-way: what it read says nothing */
			strbuf_reset(&v[i].body);
			curl_multi_remove_handle(m, v[i].easy);
			curl_easy_cleanup(v[i].easy);
		}
	curl_multi_cleanup(m);
	return stopped;
}

/* "YYYYMMDD" (or shorter) from a citation date "YYYY-MM-DD", "YYYY-MM" or "YYYY". */
static void wayback_stamp(const char *date, char *out, size_t n)
{
	size_t k = 0;
	out[0] = 0;
	if (!date)
		return;
	for (; *date && k + 1 < n && k < 8; date++)
		if (ch_isdigit((unsigned char)*date))
			out[k++] = *date;
	out[k] = 0;
}

/*
 * Archived copies of the failing and dead links. A lookup younger than
 * archive_ttl_s is taken from the store (what it found, or that it
 * found nothing), even offline; the others are asked of the endpoint
 * (not offline) and recorded. Returns -1 when the store failed.
 */
static int find_archives(const struct links_opts *o, struct links_report *rep, struct store *st,
			 time_t now)
{
	struct fetch *v = NULL;
	size_t *which = NULL, n = 0, i;
	char (*stamps)[16] = NULL;
	int ask = !o->offline && !rep->stopped && o->archive_endpoint && *o->archive_endpoint;
	int r = 0;

	if (!ask && !st)
		return 0;
	v = xcalloc(rep->nr ? rep->nr : 1, sizeof(*v));
	which = xcalloc(rep->nr ? rep->nr : 1, sizeof(*which));
	stamps = xcalloc(rep->nr ? rep->nr : 1, sizeof(*stamps));
	for (i = 0; i < rep->nr; i++) {
		struct links_entry *e = &rep->v[i];
		struct strbuf sb = STRBUF_INIT;
		char *esc, *cached = NULL;
		size_t k;
		const char *date = NULL;

		if (e->item->kind == URL_MAILTO || e->archive ||
		    (e->state != LINK_STATE_FAILING && e->state != LINK_STATE_DEAD))
			continue;
		/* the citation's date, when an occurrence knows it */
		for (k = 0; k < e->item->nr_occ && !date; k++)
			date = e->item->occ[k].date;
		wayback_stamp(date, stamps[n], sizeof(stamps[n]));
		if (st) {
			int got = links_history_archive_get(st, e->item->url, stamps[n], now,
							    o->archive_ttl_s, &cached);
			if (got < 0)
				r = -1;
			if (got == 1) {
				e->archive = cached;
				continue;
			}
		}
		if (!ask)
			continue;
		esc = curl_easy_escape(NULL, e->item->url, 0);
		strbuf_addf(&sb, "%s%curl=%s", o->archive_endpoint,
			    strchr(o->archive_endpoint, '?') ? '&' : '?', esc ? esc : "");
		if (*stamps[n])
			strbuf_addf(&sb, "&timestamp=%s", stamps[n]);
		curl_free(esc);
		v[n].url = strbuf_detach(&sb, NULL);
		strbuf_init(&v[n].body, 64 * 1024);
		which[n++] = i;
	}
	if (n && fetch_all(v, n, o))
		rep->stopped = 1;
	if (n && st && store_begin(st) != STORE_OK) {
		r = -1;
		st = NULL;
	}
	for (i = 0; i < n; i++) {
		struct links_entry *e = &rep->v[which[i]];
		if (v[i].body.len)
			e->archive = links_parse_wayback(v[i].body.buf, v[i].body.len);
		/* an endpoint that did not answer said nothing: ask again next time */
		if (st && v[i].ok &&
		    links_history_archive_put(st, e->item->url, stamps[i], e->archive, now))
			r = -1;
		free(v[i].url);
		strbuf_release(&v[i].body);
	}
	if (n && st) {
		if (r)
			store_rollback(st);
		else if (store_commit(st) != STORE_OK)
			r = -1;
	}
	free(v);
	free(which);
	free(stamps);
	return r;
}

/*
 * What this run knows, for the reports: the URLs and their occurrences,
 * and (a run that judged links: online, network up) each link's state,
 * for the link-rot report's comparison of runs. One transaction.
 */
static int record_run(struct store *st, int64_t run_id, const struct url_list *urls,
		      const struct links_report *rep, time_t now)
{
	size_t i;
	int r = 0;

	if (store_begin(st) != STORE_OK)
		return -1;
	if (links_history_occurrences(st, urls, now))
		r = -1;
	for (i = 0; !r && run_id > 0 && !rep->offline && !rep->network_down && i < rep->nr; i++) {
		const struct links_entry *e = &rep->v[i];
		if (e->item->kind == URL_MAILTO || e->verdict == LINK_UNCHECKED)
			continue;
		if (links_history_snapshot(st, run_id, e, now))
			r = -1;
	}
	if (r)
		store_rollback(st);
	else if (store_commit(st) != STORE_OK)
		r = -1;
	return r;
}

/* ---- the stage ---- */

static int checkable(const struct url_item *it)
{
	return it->kind != URL_MAILTO;
}

/*
 * Other readings and repairs of failed URLs; the first that works is the
 * suggestion. Sets rep->stopped when the stop condition cut it short.
 */
static void repair(const struct links_opts *o, struct linkcheck *lc, const struct vocab *vocab,
		   struct links_report *rep)
{
	size_t *first = xcalloc(rep->nr + 1, sizeof(*first));
	size_t *count = xcalloc(rep->nr + 1, sizeof(*count));
	size_t i, k, any = 0;

	for (i = 0; i < rep->nr; i++) {
		struct links_entry *e = &rep->v[i];
		char *cand[URLS_MAX_ALTS];
		size_t nc = 0;

		if (!checkable(e->item) || (e->verdict != LINK_BROKEN && e->verdict != LINK_SOFT404))
			continue;
		for (k = 0; k < e->item->nr_alts && nc < URLS_MAX_ALTS; k++)
			cand[nc++] = xstrdup(e->item->alts[k]);
		if (vocab && nc < URLS_MAX_ALTS)
			nc += urls_repair(e->item->url, vocab, cand + nc, URLS_MAX_ALTS - nc);
		/*
		 * The other readings may need a repair too: a URL that lost its
		 * hyphen and ran into the next line's word ("report/" + "party").
		 */
		for (k = 0; vocab && k < e->item->nr_alts && nc < URLS_MAX_ALTS; k++)
			nc += urls_repair(e->item->alts[k], vocab, cand + nc, URLS_MAX_ALTS - nc);
		first[i] = linkcheck_count(lc);
		count[i] = nc;
		for (k = 0; k < nc; k++) {
			linkcheck_add(lc, cand[k]);
			free(cand[k]);
		}
		any += nc;
	}
	if (any && linkcheck_run(lc, o->progress, o->progress_ud) == LINKCHECK_STOPPED)
		rep->stopped = 1;
	for (i = 0; i < rep->nr; i++) {
		for (k = 0; k < count[i]; k++) {
			const struct link_result *r = linkcheck_get(lc, first[i] + k);
			if (link_verdict_works(r->verdict)) {
				rep->v[i].suggestion = xstrdup(r->url);
				rep->repaired++;
				break;
			}
		}
	}
	free(first);
	free(count);
}

enum links_result links_check(const struct links_opts *o, const struct url_list *urls,
			      const struct vocab *vocab, struct store *st, int64_t run_id,
			      struct links_report *rep)
{
	struct linkcheck *lc = NULL;
	size_t *ids = NULL, i;
	enum links_result r = LINKS_OK;
	time_t now = links_now();

	memset(rep, 0, sizeof(*rep));
	rep->offline = o->offline;
	rep->history = st != NULL;
	rep->nr = urls->nr;
	rep->v = xcalloc(urls->nr ? urls->nr : 1, sizeof(*rep->v));
	ids = xcalloc(urls->nr ? urls->nr : 1, sizeof(*ids));
	for (i = 0; i < urls->nr; i++) {
		struct links_entry *e = &rep->v[i];
		e->item = &urls->v[i];
		ids[i] = (size_t)-1;
		if (e->item->kind == URL_MAILTO) {
			/* syntax only: a mail server is not asked */
			e->verdict = e->item->valid ? LINK_OK : LINK_BROKEN;
			if (!e->item->valid)
				set_msg(&e->error, "invalid mailto address");
			continue;
		}
		e->verdict = LINK_UNCHECKED;
		if (st && links_history_recent(st, e->item->url, now, o->ttl_s, e) == 1) {
			e->reused = 1;
			rep->reused++;
			continue;
		}
		if (o->offline)
			set_msg(&e->error, "offline");
	}
	if (!o->offline) {
		lc = linkcheck_new(&o->check);
		if (!lc) {
			r = LINKS_ERR_INIT;
			goto cleanup;
		}
		for (i = 0; i < rep->nr; i++) {
			struct links_entry *e = &rep->v[i];
			if (!checkable(e->item) || e->reused)
				continue;
			ids[i] = linkcheck_add(lc, e->item->url);
			rep->checked++;
		}
		linkcheck_set_stop(lc, o->stop, o->stop_ud);
		switch (linkcheck_run(lc, o->progress, o->progress_ud)) {
		case LINKCHECK_ERR_NETWORK:
			rep->network_down = 1;
			r = LINKS_ERR_NETWORK;
			break;
		case LINKCHECK_STOPPED:
			rep->stopped = 1;
			break;
		default:
			break;
		}
		for (i = 0; i < rep->nr; i++) {
			if (ids[i] == (size_t)-1)
				continue;
			take_result(&rep->v[i], linkcheck_get(lc, ids[i]));
			if (rep->stopped && rep->v[i].verdict == LINK_UNCHECKED) {
				rep->v[i].stopped = 1;
				rep->not_checked++;
			}
		}
		if (o->repair && !rep->network_down && !rep->stopped)
			repair(o, lc, vocab, rep);
	}
	/* history: record the new checks, then judge each link over all of them, in one transaction */
	if (st && store_begin(st) != STORE_OK) {
		r = LINKS_ERR_STORE;
		st = NULL;
	}
	for (i = 0; i < rep->nr; i++) {
		struct links_entry *e = &rep->v[i];
		if (st && checkable(e->item) && !(rep->network_down && e->verdict == LINK_UNCHECKED)) {
			if (!e->reused && e->verdict != LINK_UNCHECKED &&
			    links_history_put(st, run_id, e, now) != 0)
				r = LINKS_ERR_STORE;
			if (links_history_state(st, e->item->url, o->dead_after_checks,
						o->dead_after_days, now, e) != 0)
				r = LINKS_ERR_STORE;
			e->prev_verdict = LINK_UNCHECKED;
			if (run_id > 0 && links_history_previous(st, e->item->url, run_id,
								 &e->prev_state, &e->prev_verdict) < 0)
				r = LINKS_ERR_STORE;
		} else {
			struct link_check_rec one = { now, e->verdict };
			time_t since = 0;
			e->state = links_state(&one, 1, o->dead_after_checks, o->dead_after_days,
					       &e->failures, &since);
			if (e->state == LINK_STATE_FAILING || e->state == LINK_STATE_DEAD)
				e->broken_since = since;
		}
	}
	if (st) {
		if (r == LINKS_ERR_STORE)
			store_rollback(st);
		else if (store_commit(st) != STORE_OK)
			r = LINKS_ERR_STORE;
		if (r == LINKS_ERR_STORE)
			st = NULL;      /* what was stored stays consistent: write no more */
	}
	if (find_archives(o, rep, st, now))
		r = LINKS_ERR_STORE;
	if (st && record_run(st, run_id, urls, rep, now))
		r = LINKS_ERR_STORE;
	if (r == LINKS_OK && rep->stopped)
		r = LINKS_STOPPED;
cleanup:
	links_history_release();
	linkcheck_free(lc);
	free(ids);
	return r;
}

enum links_result links_run_end(struct store *st, int64_t run_id, const char *status,
				long history_days)
{
	enum links_result r = LINKS_ERR_STORE;

	if (store_begin(st) != STORE_OK)
		return r;
	if (!links_history_prune(st, links_now(), history_days) &&
	    store_run_end(st, run_id, status) == STORE_OK && store_commit(st) == STORE_OK)
		r = LINKS_OK;
	else
		store_rollback(st);
	links_history_release();
	return r;
}

/* ---- findings ---- */

static const struct doc *find_doc(struct doc *const *docs, size_t ndocs, const char *path)
{
	size_t i;
	for (i = 0; i < ndocs; i++)
		if (!strcmp(docs[i]->path, path))
			return docs[i];
	return NULL;
}

void links_findings(const struct links_report *rep, struct doc *const *docs, size_t ndocs,
		    struct findings *f)
{
	size_t i, k;

	for (i = 0; i < rep->nr; i++) {
		const struct links_entry *e = &rep->v[i];
		const char *kind = NULL, *sugg = e->suggestion;
		enum severity sev = SEV_WARNING;
		struct strbuf msg = STRBUF_INIT;

		switch (e->verdict) {
		case LINK_OK:
			break;
		case LINK_UNCHECKED:
			/* said of each, so that a stopped run is never read as a clean one */
			if (!e->stopped)
				break;
			kind = "link-unchecked";
			sev = SEV_INFO;
			strbuf_addstr(&msg, "link not checked: the run was stopped before it");
			break;
		case LINK_REDIRECT:
			kind = "link-redirect";
			sev = SEV_INFO;
			strbuf_addf(&msg, "link moved permanently to %s; update it", e->final_url);
			if (!sugg)
				sugg = e->final_url;
			break;
		case LINK_BROKEN:
			if (e->item->kind == URL_MAILTO) {
				kind = "link-mailto-invalid";
				strbuf_addstr(&msg, "invalid mailto address");
				break;
			}
			if (rep->history && e->state != LINK_STATE_DEAD) {
				kind = "link-failing";
				strbuf_addf(&msg, "link failing (%u of the checks needed to call it dead): %s",
					    e->failures, e->error ? e->error : "broken");
			} else {
				kind = "link-broken";
				sev = SEV_ERROR;
				if (e->days_broken)
					strbuf_addf(&msg, "link broken for %ld days: %s", e->days_broken,
						    e->error ? e->error : "broken");
				else
					strbuf_addf(&msg, "link broken: %s", e->error ? e->error : "broken");
			}
			break;
		case LINK_TIMEOUT:
			kind = "link-timeout";
			strbuf_addf(&msg, "link timed out: %s", e->error ? e->error : "no answer");
			break;
		case LINK_BLOCKED:
			kind = "link-blocked";
			sev = SEV_INFO;
			strbuf_addf(&msg, "link could not be checked: %s", e->error ? e->error : "blocked");
			break;
		case LINK_SOFT404:
			kind = "link-soft404";
			strbuf_addstr(&msg, "link answers but the page reads as not found (soft 404)");
			break;
		case LINK_ROOT_REDIRECT:
			kind = "link-root-redirect";
			strbuf_addf(&msg, "link redirects to the site's home page %s: the page is gone",
				    e->final_url);
			break;
		case LINK_LOGIN:
			kind = "link-login";
			strbuf_addf(&msg, "link leads to a login page: %s", e->error ? e->error : "login");
			break;
		case LINK_REFUSED:
			kind = "link-refused";
			strbuf_addf(&msg, "link not fetched: %s", e->error ? e->error : "refused");
			break;
		}
		if (kind && !sugg && e->archive)
			sugg = e->archive;
		for (k = 0; kind && k < e->item->nr_occ; k++) {
			const struct url_occ *o = &e->item->occ[k];
			const struct doc *d = find_doc(docs, ndocs, o->doc);
			struct strbuf m = STRBUF_INIT;
			struct finding *fd;
			strbuf_add(&m, msg.buf, msg.len);
			if (o->entry >= 0)
				strbuf_addf(&m, " (%s %ld)", o->entry_kind ? o->entry_kind : "entry",
					    o->entry);
			if (d)
				fd = findings_add_src(f, "links", kind, sev, d, o->src_start, o->src_end,
						      e->item->url, "%s", m.buf);
			else	/* the document is no longer loaded: what the occurrence kept */
				fd = findings_add_at(f, "links", kind, sev, o->doc, o->line, o->col,
						     o->src_start, o->src_end, e->item->raw,
						     e->item->url, "%s", m.buf);
			strbuf_release(&m);
			if (sugg)
				finding_set_suggestion(fd, sugg, strlen(sugg));
		}
		strbuf_release(&msg);
	}
}

/* ---- JSON ---- */

static void json_str_or_null(struct strbuf *out, const char *s)
{
	if (s)
		strbuf_add_json_str(out, s, strlen(s));
	else
		strbuf_addstr(out, "null");
}

void links_json(const struct links_report *rep, struct strbuf *out)
{
	size_t i, k;

	strbuf_addch(out, '[');
	for (i = 0; i < rep->nr; i++) {
		const struct links_entry *e = &rep->v[i];
		const struct url_item *it = e->item;
		strbuf_addstr(out, i ? ",\n  {" : "\n  {");
		strbuf_addstr(out, "\"url\": ");
		json_str_or_null(out, it->url);
		strbuf_addstr(out, ", \"kind\": ");
		json_str_or_null(out, url_kind_name(it->kind));
		strbuf_addstr(out, ", \"verdict\": ");
		json_str_or_null(out, link_verdict_name(e->verdict));
		strbuf_addf(out, ", \"status\": %ld, \"final_url\": ", e->status);
		json_str_or_null(out, e->final_url);
		strbuf_addstr(out, ", \"redirects\": [");
		for (k = 0; k < e->nr_hops; k++) {
			strbuf_addstr(out, k ? ", {\"url\": " : "{\"url\": ");
			json_str_or_null(out, e->hops[k].url);
			strbuf_addf(out, ", \"status\": %ld}", e->hops[k].status);
		}
		strbuf_addstr(out, "], \"error\": ");
		json_str_or_null(out, e->error);
		strbuf_addstr(out, ", \"suggestion\": ");
		json_str_or_null(out, e->suggestion);
		strbuf_addstr(out, ", \"archive\": ");
		json_str_or_null(out, e->archive);
		strbuf_addstr(out, ", \"state\": ");
		json_str_or_null(out, link_state_name(e->state));
		strbuf_addf(out, ", \"failures\": %u, \"days_broken\": %ld, \"reused\": %s",
			    e->failures, e->days_broken, e->reused ? "true" : "false");
		strbuf_addstr(out, ", \"occurrences\": [");
		for (k = 0; k < it->nr_occ; k++) {
			const struct url_occ *o = &it->occ[k];
			strbuf_addstr(out, k ? ", {\"document\": " : "{\"document\": ");
			json_str_or_null(out, o->doc);
			strbuf_addf(out, ", \"line\": %zu, \"column\": %zu, \"entry\": ", o->line, o->col);
			if (o->entry >= 0) {
				strbuf_addf(out, "%ld, \"entry_kind\": ", o->entry);
				json_str_or_null(out, o->entry_kind);
			} else
				strbuf_addstr(out, "null");
			strbuf_addch(out, '}');
		}
		strbuf_addstr(out, "]}");
	}
	strbuf_addstr(out, rep->nr ? "\n]" : "]");
}
