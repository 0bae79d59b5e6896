/*
 * linkcheck.c - the HTTP checker (see linkcheck.h).
 *
 * Every URL is a job that walks through steps: HEAD (or GET), maybe a
 * GET fallback, one step per redirect hop, retries after a wait, maybe
 * a wait for its host's soft-404 probe. A step is one curl easy handle
 * in the shared multi handle. Jobs ready to start sit in their host's
 * queue; jobs waiting for a retry sit in the wait list until due. The
 * loop starts what the limits allow, lets curl work, and handles what
 * finished.
 */
#include "linkcheck.h"
#include "buf.h"
#include "config.h"
#include "util.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

const char *linkcheck_strerror(enum linkcheck_result r)
{
	switch (r) {
	case LINKCHECK_OK: return "success";
	case LINKCHECK_ERR_INIT: return "cannot initialize libcurl";
	case LINKCHECK_ERR_NETWORK: return "network unavailable: no host name could be resolved";
	case LINKCHECK_STOPPED: return "stopped before every link was checked";
	}
	return "unknown error";
}

static const char *const verdict_names[] = {
	"ok", "redirect", "broken", "timeout", "blocked", "soft404", "root-redirect", "login",
	"refused", "unchecked"
};

const char *link_verdict_name(enum link_verdict v)
{
	return (size_t)v < ARRAY_SIZE(verdict_names) ? verdict_names[v] : "unchecked";
}

int link_verdict_parse(const char *s, enum link_verdict *out)
{
	size_t i;
	for (i = 0; i < ARRAY_SIZE(verdict_names); i++)
		if (!strcmp(s, verdict_names[i])) {
			*out = (enum link_verdict)i;
			return 0;
		}
	return -1;
}

int link_verdict_works(enum link_verdict v)
{
	return v == LINK_OK || v == LINK_REDIRECT;
}

void linkcheck_opts_from_config(struct linkcheck_opts *o, const struct config *c)
{
	memset(o, 0, sizeof(*o));
	o->max_total = c->links_max_total > 0 ? c->links_max_total : 64;
	o->max_per_host = c->links_max_per_host > 0 ? c->links_max_per_host : 4;
	o->host_interval_ms = c->links_host_interval_ms;
	o->connect_timeout_ms = c->links_connect_timeout_ms;
	o->timeout_ms = c->links_timeout_ms;
	o->max_redirects = c->links_max_redirects;
	o->max_body = c->links_max_body;
	o->retries = c->links_retries;
	o->retry_base_ms = 1000;
	o->retry_after_cap_s = c->links_retry_after_cap_s;
	o->user_agent = c->links_user_agent;
	o->allow_private = c->links_allow_private;
	o->soft404_probe = 1;
}

/* ---- addresses ---- */

static int v4_blocked(uint32_t a)
{
	return (a >> 24) == 0 ||                    /* 0.0.0.0/8 "this network" */
	       (a >> 24) == 10 ||                   /* private */
	       (a >> 24) == 127 ||                  /* loopback */
	       (a & 0xffc00000) == 0x64400000 ||    /* 100.64/10 CGNAT */
	       (a & 0xffff0000) == 0xa9fe0000 ||    /* 169.254/16 link-local, cloud metadata */
	       (a & 0xfff00000) == 0xac100000 ||    /* 172.16/12 */
	       (a & 0xffffff00) == 0xc0000000 ||    /* 192.0.0/24 IETF */
	       (a & 0xffff0000) == 0xc0a80000 ||    /* 192.168/16 */
	       (a & 0xfffe0000) == 0xc6120000 ||    /* 198.18/15 benchmarking */
	       (a >> 28) >= 14;                     /* multicast, reserved, broadcast */
}

int linkcheck_addr_blocked(const struct sockaddr *sa, char *buf, size_t n)
{
	char tmp[INET6_ADDRSTRLEN];
	int blocked = 1;

	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *s4 = (const struct sockaddr_in *)(const void *)sa;
		inet_ntop(AF_INET, &s4->sin_addr, tmp, sizeof(tmp));
		blocked = v4_blocked(ntohl(s4->sin_addr.s_addr));
	} else if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)(const void *)sa;
		const unsigned char *b = s6->sin6_addr.s6_addr;
		static const unsigned char mapped[12] = { 0,0,0,0,0,0,0,0,0,0,0xff,0xff };
		static const unsigned char nat64[12] = { 0,0x64,0xff,0x9b,0,0,0,0,0,0,0,0 };
		static const unsigned char zero[16];
		inet_ntop(AF_INET6, &s6->sin6_addr, tmp, sizeof(tmp));
		if (!memcmp(b, mapped, 12) || !memcmp(b, nat64, 12))
			blocked = v4_blocked((uint32_t)b[12] << 24 | (uint32_t)b[13] << 16 |
					     (uint32_t)b[14] << 8 | b[15]);
		else if (b[0] == 0x20 && b[1] == 0x02)     /* 2002::/16 6to4 wraps an IPv4 address */
			blocked = v4_blocked((uint32_t)b[2] << 24 | (uint32_t)b[3] << 16 |
					     (uint32_t)b[4] << 8 | b[5]);
		else
			blocked = !memcmp(b, zero, 12) ||          /* ::/96: ::, ::1, IPv4-compatible */
				  (b[0] & 0xfe) == 0xfc ||          /* fc00::/7 unique local */
				  (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) ||  /* fe80::/10 link-local */
				  (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0) ||  /* fec0::/10 old site-local */
				  b[0] == 0xff ||                   /* multicast */
				  (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b &&
				   b[4] == 0x00 && b[5] == 0x01) || /* 64:ff9b:1::/48 local NAT64 */
				  (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8); /* docs */
	} else {
		snprintf(tmp, sizeof(tmp), "family %d", sa->sa_family);
	}
	if (buf && n)
		snprintf(buf, n, "%s", tmp);
	return blocked;
}

/* ---- jobs and hosts ---- */

enum job_state { JOB_QUEUED, JOB_RUNNING, JOB_WAITING, JOB_PARKED, JOB_DONE };

struct host;

struct job {
	size_t id;
	struct link_result res;
	char *cur;              /* URL of the current step */
	char *frag;             /* fragment to find (decoded), or NULL */
	struct host *host;      /* host of cur */
	enum job_state state;
	int get;                /* current step uses GET */
	int need_body;          /* GET wanted: fragment or soft-404 judgement */
	int tries;              /* failed attempts of the current step */
	int is_probe;
	struct host *probe_host;    /* the host a probe speaks for */
	int got_page;           /* a GET read the page (or all there was of it) */
	size_t alloc_hops;
	long long not_before;   /* JOB_WAITING: monotonic ms */
	struct job *next;       /* host queue, wait list or park list */
	CURL *easy;
	struct curl_slist *hdrs;

	/* the response of the current step */
	long status;
	char *location;
	int set_cookie;
	long retry_after_s;     /* -1: none */
	int html;
	int truncated;          /* we stopped reading the body */
	int addr_refused;
	char addr[64];
	struct strbuf body;

	/* what the body said */
	char *title;
	int frag_found;
	int says_not_found;
	uint64_t body_sig;
	size_t body_len;
};

struct host {
	char *key;              /* scheme://host:port */
	int active;
	long long next_start;
	long interval_ms;
	struct job *head, *tail;
	size_t queued;          /* jobs in the queue */
	int nr_jobs;            /* jobs of this run that ended on this host */
	int resolved;           /* some request got past name resolution */
	int dns_failed;
	/* soft-404 probe */
	int probe_state;        /* 0 none, 1 running, 2 done */
	long probe_status;
	char *probe_title;
	char *probe_final;
	uint64_t probe_sig;
	size_t probe_len;
	struct job *parked;
};

struct linkcheck {
	struct linkcheck_opts o;
	CURLM *multi;
	CURLSH *share;
	struct curl_slist *resolve;
	struct job **jobs;      /* by id */
	size_t nr_jobs, alloc_jobs;
	struct job **probes;
	size_t nr_probes, alloc_probes;
	size_t run_from;        /* first job of the current run */
	struct host **hosts;
	size_t nr_hosts, alloc_hosts;
	struct job *waiting;
	int active;
	size_t done, total;
	linkcheck_stop_fn stop;
	void *stop_ud;
};

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static char *host_key(const char *url)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *host = NULL, *port = NULL, *key = NULL;
	struct strbuf sb = STRBUF_INIT;

	if (u && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) == CURLUE_OK) {
		size_t i;
		strbuf_addf(&sb, "%s://", scheme);
		for (i = 0; host[i]; i++)
			strbuf_addch(&sb, ch_tolower((unsigned char)host[i]));
		strbuf_addf(&sb, ":%s", port);
		key = strbuf_detach(&sb, NULL);
	}
	curl_free(scheme);
	curl_free(host);
	curl_free(port);
	curl_url_cleanup(u);
	strbuf_release(&sb);
	return key ? key : xstrdup("?");
}

static struct host *get_host(struct linkcheck *lc, const char *url)
{
	char *key = host_key(url);
	struct host *h;
	size_t i;

	/* hosts are few next to URLs; a linear scan of a short array is fine */
	for (i = 0; i < lc->nr_hosts; i++)
		if (!strcmp(lc->hosts[i]->key, key)) {
			free(key);
			return lc->hosts[i];
		}
	h = xcalloc(1, sizeof(*h));
	h->key = key;
	h->interval_ms = lc->o.host_interval_ms;
	ALLOC_GROW(lc->hosts, lc->nr_hosts + 1, lc->alloc_hosts);
	lc->hosts[lc->nr_hosts++] = h;
	return h;
}

static void host_push(struct host *h, struct job *j, int front)
{
	j->state = JOB_QUEUED;
	j->host = h;
	h->queued++;
	if (front) {
		j->next = h->head;
		h->head = j;
		if (!h->tail)
			h->tail = j;
	} else {
		j->next = NULL;
		if (h->tail)
			h->tail->next = j;
		else
			h->head = j;
		h->tail = j;
	}
}

/* ---- curl callbacks ---- */

static size_t on_header(char *p, size_t size, size_t nmemb, void *ud)
{
	struct job *j = ud;
	size_t n = size * nmemb, k = n;

	while (k && (p[k - 1] == '\n' || p[k - 1] == '\r'))
		k--;
	if (k >= 5 && !memcmp(p, "HTTP/", 5)) {
		/* a new response (after 100 Continue, say): forget the last one */
		free(j->location);
		j->location = NULL;
		j->retry_after_s = -1;
	} else if (k > 9 && mem_ieq(p, 9, "location:")) {
		size_t s = 9;
		while (s < k && (p[s] == ' ' || p[s] == '\t'))
			s++;
		free(j->location);
		j->location = xstrndup(p + s, k - s);
	} else if (k > 12 && mem_ieq(p, 12, "retry-after:")) {
		char *v = xstrndup(p + 12, k - 12), *e;
		long secs = strtol(v, &e, 10);
		while (*e == ' ')
			e++;
		if (e != v && !*e) {
			j->retry_after_s = secs < 0 ? 0 : secs;
		} else {
			time_t t = curl_getdate(v, NULL);
			if (t != (time_t)-1)
				j->retry_after_s = t > time(NULL) ? (long)(t - time(NULL)) : 0;
		}
		free(v);
	} else if (k > 11 && mem_ieq(p, 11, "set-cookie:")) {
		j->set_cookie = 1;
	}
	return n;
}

static size_t on_body(char *p, size_t size, size_t nmemb, void *ud)
{
	struct job *j = ud;
	size_t n = size * nmemb, room;
	char *ct = NULL;

	if (!j->body.len && !j->html) {
		curl_easy_getinfo(j->easy, CURLINFO_CONTENT_TYPE, &ct);
		j->html = !ct || strstr(ct, "html") != NULL;
	}
	j->res.body_bytes += n;
	/* only an HTML start is worth reading, and only on a 2xx */
	if (!j->html || !j->need_body) {
		j->truncated = 1;
		return 0;
	}
	room = j->body.cap - j->body.len;
	if (n > room) {
		strbuf_add(&j->body, p, room);
		j->truncated = 1;
		return 0;   /* aborts the transfer: we have read enough */
	}
	strbuf_add(&j->body, p, n);
	return n;
}

static curl_socket_t on_opensocket(void *ud, curlsocktype purpose, struct curl_sockaddr *a)
{
	struct job *j = ud;
	(void)purpose;
	if (linkcheck_addr_blocked(&a->addr, j->addr, sizeof(j->addr)) && !j->addr_refused) {
		j->addr_refused = 1;
		return CURL_SOCKET_BAD;
	}
	return socket(a->family, a->socktype, a->protocol);
}

static curl_socket_t on_opensocket_any(void *ud, curlsocktype purpose, struct curl_sockaddr *a)
{
	(void)ud;
	(void)purpose;
	return socket(a->family, a->socktype, a->protocol);
}

/* ---- steps ---- */

static void step_reset(struct job *j)
{
	j->status = 0;
	free(j->location);
	j->location = NULL;
	j->set_cookie = 0;
	j->retry_after_s = -1;
	j->html = 0;
	j->truncated = 0;
	j->addr_refused = 0;
	j->addr[0] = 0;
	strbuf_reset(&j->body);
}

static int start_step(struct linkcheck *lc, struct job *j)
{
	CURL *e = curl_easy_init();
	const struct linkcheck_opts *o = &lc->o;

	if (!e)
		return -1;
	step_reset(j);
	j->easy = e;
	j->hdrs = curl_slist_append(NULL, "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
	j->hdrs = curl_slist_append(j->hdrs, "Accept-Language: en-US,en;q=0.8");
	curl_easy_setopt(e, CURLOPT_URL, j->cur);
	curl_easy_setopt(e, CURLOPT_PRIVATE, j);
	curl_easy_setopt(e, CURLOPT_SHARE, lc->share);
	curl_easy_setopt(e, CURLOPT_COOKIEFILE, "");
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	/* the address policy must see the real peer, not a proxy from the environment */
	curl_easy_setopt(e, CURLOPT_PROXY, "");
	curl_easy_setopt(e, CURLOPT_USERAGENT, o->user_agent ? o->user_agent : "provcheck");
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, j->hdrs);
	curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, o->connect_timeout_ms);
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, o->timeout_ms);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, j);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, j);
	curl_easy_setopt(e, CURLOPT_OPENSOCKETFUNCTION, o->allow_private ? on_opensocket_any : on_opensocket);
	curl_easy_setopt(e, CURLOPT_OPENSOCKETDATA, j);
	if (lc->resolve)
		curl_easy_setopt(e, CURLOPT_RESOLVE, lc->resolve);
	if (j->get)
		curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
	else
		curl_easy_setopt(e, CURLOPT_NOBODY, 1L);
	if (curl_multi_add_handle(lc->multi, e) != CURLM_OK) {
		curl_easy_cleanup(e);
		j->easy = NULL;
		return -1;
	}
	j->state = JOB_RUNNING;
	j->res.requests++;
	j->host->active++;
	j->host->next_start = now_ms() + j->host->interval_ms;
	lc->active++;
	return 0;
}

static void end_step(struct linkcheck *lc, struct job *j)
{
	curl_multi_remove_handle(lc->multi, j->easy);
	curl_easy_cleanup(j->easy);
	j->easy = NULL;
	curl_slist_free_all(j->hdrs);
	j->hdrs = NULL;
	j->host->active--;
	lc->active--;
}

static void set_error(struct job *j, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void set_error(struct job *j, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	free(j->res.error);
	j->res.error = strbuf_detach(&sb, NULL);
}

static void judge_ok(struct linkcheck *lc, struct job *j);

/* A probe ended: what the site answers for nonsense; the parked jobs go on. */
static void probe_done(struct linkcheck *lc, struct job *p, enum link_verdict v)
{
	struct host *h = p->probe_host;
	if (h->probe_state == 2)
		return;
	h->probe_state = 2;
	h->probe_status = v == LINK_OK ? p->status : 0;
	h->probe_title = p->title ? xstrdup(p->title) : NULL;
	h->probe_final = xstrdup(p->cur);
	h->probe_sig = p->body_sig;
	h->probe_len = p->body_len;
	while (h->parked) {
		struct job *q = h->parked;
		h->parked = q->next;
		judge_ok(lc, q);
	}
}

static void finish(struct linkcheck *lc, struct job *j, enum link_verdict v)
{
	j->res.verdict = v;
	j->state = JOB_DONE;
	free(j->res.final_url);
	j->res.final_url = xstrdup(j->cur);
	strbuf_release(&j->body);
	if (j->is_probe)
		probe_done(lc, j, v);
	else
		lc->done++;
}

/* Requeue on the same host after a wait. */
static void wait_retry(struct linkcheck *lc, struct job *j, long delay_ms)
{
	j->state = JOB_WAITING;
	j->not_before = now_ms() + delay_ms;
	j->next = lc->waiting;
	lc->waiting = j;
}

/* ---- reading a page ---- */

static const char *const not_found_words[] = {
	"not found", "404", "doesn't exist", "does not exist", "no longer available",
	"cannot be found", "can't be found", "could not be found", "no such page", "page unavailable"
};

static int says_not_found(const char *s, size_t n)
{
	struct strbuf low = STRBUF_INIT;
	size_t i;
	int r = 0;
	for (i = 0; i < n; i++)
		strbuf_addch(&low, ch_tolower((unsigned char)s[i]));
	for (i = 0; i < ARRAY_SIZE(not_found_words) && !r; i++)
		r = strstr(low.buf, not_found_words[i]) != NULL;
	strbuf_release(&low);
	return r;
}

static void walk(xmlNode *n, struct job *j, struct strbuf *text, int depth)
{
	for (; n; n = n->next) {
		if (n->type == XML_ELEMENT_NODE) {
			xmlChar *v;
			if (j->frag && !j->frag_found) {
				v = xmlGetProp(n, (const xmlChar *)"id");
				if (v && !strcmp((const char *)v, j->frag))
					j->frag_found = 1;
				xmlFree(v);
				if (!xmlStrcasecmp(n->name, (const xmlChar *)"a")) {
					v = xmlGetProp(n, (const xmlChar *)"name");
					if (v && !strcmp((const char *)v, j->frag))
						j->frag_found = 1;
					xmlFree(v);
				}
			}
			if (!j->title && !xmlStrcasecmp(n->name, (const xmlChar *)"title")) {
				v = xmlNodeGetContent(n);
				j->title = xstrdup(v ? (const char *)v : "");
				xmlFree(v);
			}
			if (xmlStrcasecmp(n->name, (const xmlChar *)"script") &&
			    xmlStrcasecmp(n->name, (const xmlChar *)"style") && depth < 256)
				walk(n->children, j, text, depth + 1);
		} else if (n->type == XML_TEXT_NODE && n->content && text->len < 8192) {
			strbuf_addstr(text, (const char *)n->content);
			strbuf_addch(text, ' ');
		}
	}
}

/* Title, fragment, "not found" wording and a signature of the body start. */
static void read_page(struct job *j, const char *probe_token)
{
	htmlDocPtr doc;
	struct strbuf text = STRBUF_INIT, sig = STRBUF_INIT;
	size_t i;

	j->body_len = j->body.len;
	if (!j->body.len)
		return;
	doc = htmlReadMemory(j->body.buf, (int)j->body.len, j->cur, NULL,
			     HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
			     HTML_PARSE_NONET | HTML_PARSE_COMPACT);
	if (doc) {
		walk(xmlDocGetRootElement(doc), j, &text, 0);
		xmlFreeDoc(doc);
	}
	j->says_not_found = (j->title && says_not_found(j->title, strlen(j->title))) ||
			    says_not_found(text.buf, text.len < 2048 ? text.len : 2048);
	/* signature: letters of the text, with the path asked for cut out */
	for (i = 0; i < text.len; i++)
		if (ch_isalpha((unsigned char)text.buf[i]))
			strbuf_addch(&sig, ch_tolower((unsigned char)text.buf[i]));
	(void)probe_token;
	j->body_sig = hash_fnv1a(sig.buf, sig.len);
	strbuf_release(&text);
	strbuf_release(&sig);
}

/* ---- deciding ---- */

static const char *url_path(const char *url, size_t *len)
{
	const char *p = strstr(url, "://"), *e;
	p = p ? p + 3 : url;
	p += strcspn(p, "/?#");
	e = p + strcspn(p, "?#");
	*len = (size_t)(e - p);
	return p;
}

static int is_root_path(const char *url)
{
	size_t n;
	const char *p = url_path(url, &n);
	if (p[n] == '?')
		return 0;
	if (n <= 1)
		return 1;
	if (n == 4 && p[3] == '/' && ch_isalpha((unsigned char)p[1]) && ch_isalpha((unsigned char)p[2]))
		return 1;   /* /en/ */
	return (n == 11 && !memcmp(p, "/index.html", 11)) || (n == 10 && !memcmp(p, "/index.htm", 10)) ||
	       (n == 10 && !memcmp(p, "/index.php", 10)) || (n == 5 && !memcmp(p, "/home", 5));
}

static int is_login_url(const char *url)
{
	static const char *const words[] = {
		"login", "log-in", "log_in", "logon", "signin", "sign-in", "sign_in", "/auth",
		"oauth", "/sso", "/session/new", "/accounts/", "/idp/", "/cas/"
	};
	struct strbuf low = STRBUF_INIT;
	size_t i;
	int r = 0;
	const char *p = strstr(url, "://");
	p = p ? p + 3 : url;
	for (; *p && *p != '#'; p++)
		strbuf_addch(&low, ch_tolower((unsigned char)*p));
	for (i = 0; i < ARRAY_SIZE(words) && !r; i++)
		r = strstr(low.buf, words[i]) != NULL;
	r = r || !strncmp(low.buf, "login.", 6) || !strncmp(low.buf, "accounts.", 9) ||
	    !strncmp(low.buf, "auth.", 5) || !strncmp(low.buf, "sso.", 4);
	strbuf_release(&low);
	return r;
}

static const char *status_words(long s)
{
	switch (s) {
	case 400: return "bad request";
	case 401: return "unauthorized";
	case 403: return "forbidden";
	case 404: return "not found";
	case 405: return "method not allowed";
	case 410: return "gone";
	case 429: return "too many requests";
	case 500: return "internal server error";
	case 502: return "bad gateway";
	case 503: return "service unavailable";
	case 504: return "gateway timeout";
	case 999: return "request denied";
	}
	return s >= 500 ? "server error" : s >= 400 ? "client error" : "unexpected status";
}

static int transient_status(long s)
{
	return s == 429 || s == 500 || s == 502 || s == 503 || s == 504 || s == 408;
}

static int head_unreliable(long s)
{
	return s == 400 || s == 403 || s == 404 || s == 405 || s == 406 || s == 500 ||
	       s == 501 || s == 999;
}

static void start_probe(struct linkcheck *lc, struct host *h, const char *like);

/* The final answer was 2xx: fragments, soft-404, where it landed. */
static void on_success(struct linkcheck *lc, struct job *j)
{
	struct host *h = j->host;
	const char *orig = j->res.url;

	if (j->get && j->need_body) {
		j->got_page = 1;
		read_page(j, NULL);
	}
	if (j->is_probe) {
		finish(lc, j, LINK_OK);
		return;
	}
	if (j->res.nr_hops && is_login_url(j->cur) && !is_login_url(orig)) {
		set_error(j, "redirected to a login page");
		finish(lc, j, LINK_LOGIN);
		return;
	}
	if (j->res.nr_hops && is_root_path(j->cur) && !is_root_path(orig)) {
		set_error(j, "a deep link redirected to the site's home page");
		finish(lc, j, LINK_ROOT_REDIRECT);
		return;
	}
	if (j->frag && !j->get) {
		/* the fragment needs the page */
		j->get = j->need_body = 1;
		host_push(j->host, j, 1);
		return;
	}
	if (j->frag && j->html && !j->frag_found) {
		if (j->truncated)
			set_error(j, "fragment '#%s' not found in the first %zu bytes", j->frag, lc->o.max_body);
		else {
			set_error(j, "fragment '#%s' not found in the page", j->frag);
			finish(lc, j, LINK_BROKEN);
			return;
		}
	}
	if (lc->o.soft404_probe && !is_root_path(j->cur)) {
		if (h->probe_state == 0)
			start_probe(lc, h, j->cur);
		if (h->probe_state == 1) {
			j->state = JOB_PARKED;
			j->next = h->parked;
			h->parked = j;
			return;
		}
	}
	judge_ok(lc, j);
}

static void judge_ok(struct linkcheck *lc, struct job *j)
{
	struct host *h = j->host;

	if (lc->o.soft404_probe && h->probe_state == 2 && h->probe_status >= 200 &&
	    h->probe_status < 300 && !is_root_path(j->cur)) {
		/* a site that answers 200 for nonsense: look at the page itself */
		if (!j->got_page) {
			j->get = j->need_body = 1;
			host_push(h, j, 1);
			return;
		}
		if (j->says_not_found ||
		    (j->body_len && j->body_sig == h->probe_sig) ||
		    (h->probe_final && j->res.nr_hops && !strcmp(h->probe_final, j->cur)) ||
		    (j->title && h->probe_title && *j->title && !strcmp(j->title, h->probe_title) &&
		     j->body_len * 10 >= h->probe_len * 9 && j->body_len * 9 <= h->probe_len * 10)) {
			set_error(j, "the page answers 200 but reads as not found, like a random path of the site");
			finish(lc, j, LINK_SOFT404);
			return;
		}
	}
	if (j->res.permanent) {
		finish(lc, j, LINK_REDIRECT);
		return;
	}
	finish(lc, j, LINK_OK);
}

static void start_probe(struct linkcheck *lc, struct host *h, const char *like)
{
	struct job *p = xcalloc(1, sizeof(*p));
	struct strbuf sb = STRBUF_INIT;
	size_t n;
	const char *path = url_path(like, &n);
	const char *slash = path;
	size_t i;

	/* a random sibling: same directory, a name no site has */
	for (i = 0; i < n; i++)
		if (path[i] == '/')
			slash = path + i;
	strbuf_add(&sb, like, (size_t)(slash - like) + 1);
	strbuf_addf(&sb, "provcheck-%08lx%08lx", (unsigned long)rand(), (unsigned long)rand());
	p->res.url = xstrdup(sb.buf);
	p->cur = strbuf_detach(&sb, NULL);
	p->is_probe = 1;
	p->probe_host = h;
	p->get = p->need_body = 1;
	p->retry_after_s = -1;
	strbuf_init(&p->body, lc->o.max_body ? lc->o.max_body : 1);
	ALLOC_GROW(lc->probes, lc->nr_probes + 1, lc->alloc_probes);
	lc->probes[lc->nr_probes++] = p;
	h->probe_state = 1;
	host_push(h, p, 1);
}

/* Redirect: record the hop and move on, or stop on a policy or a loop. */
static void follow(struct linkcheck *lc, struct job *j)
{
	CURLU *u = curl_url();
	char *next = NULL, *scheme = NULL;
	size_t i, seen = 0;
	struct link_hop *hop;

	ALLOC_GROW(j->res.hops, j->res.nr_hops + 1, j->alloc_hops);
	hop = &j->res.hops[j->res.nr_hops++];
	hop->url = xstrdup(j->cur);
	hop->status = j->status;
	if (j->status == 301 || j->status == 308)
		j->res.permanent = 1;

	if (!u || curl_url_set(u, CURLUPART_URL, j->cur, 0) != CURLUE_OK ||
	    curl_url_set(u, CURLUPART_URL, j->location,
			 CURLU_NON_SUPPORT_SCHEME | CURLU_URLENCODE) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_URL, &next, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK) {
		set_error(j, "redirect to an invalid location '%s'", j->location);
		finish(lc, j, LINK_BROKEN);
		goto cleanup;
	}
	if (strcmp(scheme, "http") && strcmp(scheme, "https")) {
		set_error(j, "redirect to '%s' refused: only http and https are fetched", j->location);
		free(j->cur);
		j->cur = xstrdup(next);
		finish(lc, j, LINK_REFUSED);
		goto cleanup;
	}
	/*
	 * A loop is a URL seen again with nothing changed. A site that
	 * redirects to itself while setting a cookie is waiting for the
	 * cookie: allow that once.
	 */
	for (i = 0; i < j->res.nr_hops; i++)
		if (!strcmp(j->res.hops[i].url, next))
			seen++;
	if (seen && !(seen == 1 && j->set_cookie)) {
		set_error(j, "redirect loop at '%s'", next);
		free(j->cur);
		j->cur = xstrdup(next);
		finish(lc, j, LINK_BROKEN);
		goto cleanup;
	}
	if ((int)j->res.nr_hops > lc->o.max_redirects) {
		set_error(j, "more than %d redirects; see max_redirects", lc->o.max_redirects);
		finish(lc, j, LINK_BROKEN);
		goto cleanup;
	}
	free(j->cur);
	j->cur = xstrdup(next);
	j->tries = 0;
	host_push(get_host(lc, j->cur), j, 0);
cleanup:
	curl_free(next);
	curl_free(scheme);
	curl_url_cleanup(u);
}

static long backoff_ms(struct linkcheck *lc, struct job *j)
{
	long d = lc->o.retry_base_ms, i;
	for (i = 1; i < j->tries && d < 3600000; i++)
		d *= 2;
	return d + (d > 4 ? rand() % (d / 4) : 0);
}

/* A transient failure: retry after a wait, or give up. Returns 1 if retried. */
static int maybe_retry(struct linkcheck *lc, struct job *j)
{
	long delay;
	if (j->tries > lc->o.retries)
		return 0;
	if (j->retry_after_s >= 0) {
		if (j->retry_after_s > lc->o.retry_after_cap_s)
			return 0;
		delay = j->retry_after_s * 1000;
	} else {
		delay = backoff_ms(lc, j);
	}
	if (j->status == 429) {
		/* the host asked us to slow down: do, for the rest of the run */
		struct host *h = j->host;
		long iv = h->interval_ms ? h->interval_ms * 2 : 250;
		h->interval_ms = iv > 10000 ? 10000 : iv;
		if (h->next_start < now_ms() + delay)
			h->next_start = now_ms() + delay;
	}
	wait_retry(lc, j, delay);
	return 1;
}

static void on_done(struct linkcheck *lc, struct job *j, CURLcode cc)
{
	long st = 0;

	curl_easy_getinfo(j->easy, CURLINFO_RESPONSE_CODE, &st);
	j->status = st;
	if (cc == CURLE_WRITE_ERROR && j->truncated)
		cc = CURLE_OK;      /* we stopped reading on purpose */
	/* a host we refused to connect to says nothing about the network */
	if (cc == CURLE_COULDNT_RESOLVE_HOST)
		j->host->dns_failed = 1;
	else if (!j->addr_refused)
		j->host->resolved = 1;
	end_step(lc, j);

	if (j->is_probe && (cc != CURLE_OK || st < 200 || st >= 300) &&
	    !(cc == CURLE_OK && st >= 300 && st < 400 && j->location)) {
		/* the site answers nonsense with an error, as it should */
		finish(lc, j, LINK_BROKEN);
		return;
	}
	if (cc != CURLE_OK) {
		j->tries++;
		j->res.status = 0;
		if (j->addr_refused) {
			set_error(j, "refused to connect to %s, a private or reserved address "
				  "(set [links] allow_private to check it)", j->addr);
			finish(lc, j, LINK_REFUSED);
			return;
		}
		switch (cc) {
		case CURLE_UNSUPPORTED_PROTOCOL:
			set_error(j, "only http and https are fetched");
			finish(lc, j, LINK_REFUSED);
			return;
		case CURLE_COULDNT_RESOLVE_HOST:
			set_error(j, "cannot resolve the host name");
			finish(lc, j, LINK_BROKEN);
			return;
		case CURLE_OPERATION_TIMEDOUT:
			if (maybe_retry(lc, j))
				return;
			set_error(j, "timed out after %d attempts", j->tries);
			finish(lc, j, LINK_TIMEOUT);
			return;
		case CURLE_COULDNT_CONNECT:
			set_error(j, "connection refused");
			finish(lc, j, LINK_BROKEN);
			return;
		case CURLE_RECV_ERROR:
		case CURLE_SEND_ERROR:
		case CURLE_GOT_NOTHING:
		case CURLE_PARTIAL_FILE:
			if (maybe_retry(lc, j))
				return;
			set_error(j, "connection reset (%s)", curl_easy_strerror(cc));
			finish(lc, j, LINK_BROKEN);
			return;
		case CURLE_SSL_CONNECT_ERROR:
		case CURLE_PEER_FAILED_VERIFICATION:
		case CURLE_SSL_CERTPROBLEM:
		case CURLE_SSL_CIPHER:
		case CURLE_SSL_CACERT_BADFILE:
			set_error(j, "tls failure: %s", curl_easy_strerror(cc));
			finish(lc, j, LINK_BROKEN);
			return;
		default:
			set_error(j, "%s", curl_easy_strerror(cc));
			finish(lc, j, LINK_BROKEN);
			return;
		}
	}
	j->res.status = st;
	if (st >= 300 && st < 400 && j->location) {
		follow(lc, j);
		return;
	}
	if (st >= 200 && st < 300) {
		on_success(lc, j);
		return;
	}
	if (!j->get && head_unreliable(st)) {
		/* many servers answer HEAD badly: ask again with GET */
		j->get = 1;
		j->need_body = lc->o.soft404_probe || j->frag;
		host_push(j->host, j, 1);
		return;
	}
	j->tries++;
	if (transient_status(st) && maybe_retry(lc, j))
		return;
	if (st == 403 || st == 999 || st == 429) {
		set_error(j, "%s (%ld): the site refuses automated checks; inconclusive", status_words(st), st);
		finish(lc, j, LINK_BLOCKED);
		return;
	}
	if (st == 401 || st == 407) {
		set_error(j, "%s (%ld): the page needs a login", status_words(st), st);
		finish(lc, j, LINK_LOGIN);
		return;
	}
	if (st >= 500)
		set_error(j, "%s (%ld) after %d attempts", status_words(st), st, j->tries);
	else
		set_error(j, "%s (%ld)", status_words(st), st);
	finish(lc, j, LINK_BROKEN);
}

/* ---- the loop ---- */

struct linkcheck *linkcheck_new(const struct linkcheck_opts *o)
{
	struct linkcheck *lc;
	size_t i;

	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return NULL;
	lc = xcalloc(1, sizeof(*lc));
	lc->o = *o;
	if (lc->o.max_total <= 0)
		lc->o.max_total = 64;
	if (lc->o.max_per_host <= 0)
		lc->o.max_per_host = 4;
	if (!lc->o.max_body)
		lc->o.max_body = 256 * 1024;
	lc->multi = curl_multi_init();
	lc->share = curl_share_init();
	if (!lc->multi || !lc->share) {
		linkcheck_free(lc);
		return NULL;
	}
	/*
	 * The limits on transfers are ours (start_ready()). curl's own total
	 * limit would also count idle cached connections and hold new hosts
	 * back a whole round; its per-host limit is kept as a safety net.
	 * The cache keeps enough idle connections for every host to reuse one.
	 */
	curl_multi_setopt(lc->multi, CURLMOPT_MAX_HOST_CONNECTIONS, (long)lc->o.max_per_host);
	curl_multi_setopt(lc->multi, CURLMOPT_MAXCONNECTS, (long)lc->o.max_total * 4);
	curl_share_setopt(lc->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_COOKIE);
	curl_share_setopt(lc->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
	curl_share_setopt(lc->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
	for (i = 0; o->resolve && o->resolve[i]; i++)
		lc->resolve = curl_slist_append(lc->resolve, o->resolve[i]);
	lc->o.resolve = NULL;
	srand((unsigned)(time(NULL) ^ (getpid() << 8)));
	return lc;
}

static void job_free(struct job *j)
{
	size_t i;
	if (!j)
		return;
	free(j->res.url);
	free(j->res.final_url);
	free(j->res.error);
	for (i = 0; i < j->res.nr_hops; i++)
		free(j->res.hops[i].url);
	free(j->res.hops);
	free(j->cur);
	free(j->frag);
	free(j->location);
	free(j->title);
	strbuf_release(&j->body);
	free(j);
}

void linkcheck_free(struct linkcheck *lc)
{
	size_t i;
	if (!lc)
		return;
	for (i = 0; i < lc->nr_jobs; i++) {
		if (lc->jobs[i]->easy)
			end_step(lc, lc->jobs[i]);
		job_free(lc->jobs[i]);
	}
	for (i = 0; i < lc->nr_probes; i++) {
		if (lc->probes[i]->easy)
			end_step(lc, lc->probes[i]);
		job_free(lc->probes[i]);
	}
	free(lc->jobs);
	free(lc->probes);
	for (i = 0; i < lc->nr_hosts; i++) {
		free(lc->hosts[i]->key);
		free(lc->hosts[i]->probe_title);
		free(lc->hosts[i]->probe_final);
		free(lc->hosts[i]);
	}
	free(lc->hosts);
	curl_slist_free_all(lc->resolve);
	if (lc->multi)
		curl_multi_cleanup(lc->multi);
	if (lc->share)
		curl_share_cleanup(lc->share);
	free(lc);
	curl_global_cleanup();
}

static char *decode_fragment(const char *f)
{
	int n = 0;
	char *d = curl_easy_unescape(NULL, f, 0, &n);
	char *r = d ? xstrndup(d, (size_t)n) : xstrdup(f);
	curl_free(d);
	return r;
}

size_t linkcheck_add(struct linkcheck *lc, const char *url)
{
	struct job *j = xcalloc(1, sizeof(*j));
	const char *hash = strchr(url, '#');

	j->id = lc->nr_jobs;
	j->res.url = xstrdup(url);
	j->res.verdict = LINK_UNCHECKED;
	j->retry_after_s = -1;
	/* the fragment is not sent; checked in the page unless it is a script route or a PDF page */
	if (hash && hash[1] && hash[1] != '!' && hash[1] != '/' && strncmp(hash + 1, "page=", 5) &&
	    strncmp(hash + 1, ":~:", 3)) {
		j->frag = decode_fragment(hash + 1);
		j->need_body = j->get = 1;
	}
	j->cur = hash ? xstrndup(url, (size_t)(hash - url)) : xstrdup(url);
	strbuf_init(&j->body, lc->o.max_body);
	j->state = JOB_DONE;    /* placed in a host queue by the next run */
	ALLOC_GROW(lc->jobs, lc->nr_jobs + 1, lc->alloc_jobs);
	lc->jobs[lc->nr_jobs++] = j;
	return j->id;
}

const struct link_result *linkcheck_get(const struct linkcheck *lc, size_t id)
{
	return id < lc->nr_jobs ? &lc->jobs[id]->res : NULL;
}

size_t linkcheck_count(const struct linkcheck *lc)
{
	return lc->nr_jobs;
}

/* Starts what the limits allow; returns ms until something may start (-1: nothing waits). */
static long start_ready(struct linkcheck *lc)
{
	long long now = now_ms(), next = -1;
	struct job **pp;
	size_t i;

	for (pp = &lc->waiting; *pp;) {
		struct job *j = *pp;
		if (j->not_before <= now) {
			*pp = j->next;
			host_push(j->host, j, 1);
		} else {
			if (next < 0 || j->not_before < next)
				next = j->not_before;
			pp = &j->next;
		}
	}
	/*
	 * Fill the free slots from the host with the most work left: with a
	 * global limit below hosts x per-host, serving hosts in a fixed
	 * order would drain the first ones and leave the last few to run
	 * alone, a few slots busy, at the end.
	 */
	while (lc->active < lc->o.max_total) {
		struct host *best = NULL;
		struct job *j;
		for (i = 0; i < lc->nr_hosts; i++) {
			struct host *h = lc->hosts[i];
			if (!h->head || h->active >= lc->o.max_per_host)
				continue;
			if (h->next_start > now) {
				if (next < 0 || h->next_start < next)
					next = h->next_start;
				continue;
			}
			if (!best || h->queued > best->queued)
				best = h;
		}
		if (!best)
			break;
		j = best->head;
		best->head = j->next;
		if (!best->head)
			best->tail = NULL;
		best->queued--;
		if (start_step(lc, j) < 0) {
			set_error(j, "cannot start a transfer");
			finish(lc, j, LINK_BROKEN);
		}
		now = now_ms();
	}
	return next < 0 ? -1 : (long)(next > now ? next - now : 0);
}

void linkcheck_set_stop(struct linkcheck *lc, linkcheck_stop_fn fn, void *ud)
{
	lc->stop = fn;
	lc->stop_ud = ud;
}

/* A job given up half-way: what it found so far says nothing of the link. */
static void job_abandon(struct linkcheck *lc, struct job *j)
{
	size_t i;
	if (j->easy)
		end_step(lc, j);
	j->state = JOB_DONE;
	j->next = NULL;
	if (j->is_probe)
		return;
	j->res.verdict = LINK_UNCHECKED;
	j->res.status = 0;
	j->res.permanent = 0;
	for (i = 0; i < j->res.nr_hops; i++)
		free(j->res.hops[i].url);
	free(j->res.hops);
	j->res.hops = NULL;
	j->res.nr_hops = 0;
	j->alloc_hops = 0;
	free(j->res.final_url);
	j->res.final_url = NULL;
	set_error(j, "not checked: the run was stopped");
	strbuf_release(&j->body);
}

/*
 * Stops the run: every transfer in flight is dropped (curl closes its
 * connection), every queue emptied, and the jobs not finished left
 * unchecked. The finished ones keep their results.
 */
static void abandon_run(struct linkcheck *lc)
{
	size_t i;
	for (i = lc->run_from; i < lc->nr_jobs; i++)
		if (lc->jobs[i]->state != JOB_DONE)
			job_abandon(lc, lc->jobs[i]);
	for (i = 0; i < lc->nr_probes; i++)
		if (lc->probes[i]->state != JOB_DONE)
			job_abandon(lc, lc->probes[i]);
	for (i = 0; i < lc->nr_hosts; i++) {
		struct host *h = lc->hosts[i];
		h->head = h->tail = NULL;
		h->queued = 0;
		h->parked = NULL;
		if (h->probe_state == 1)
			h->probe_state = 0;     /* a later run asks again */
	}
	lc->waiting = NULL;
}

static int should_stop(struct linkcheck *lc)
{
	return lc->stop && lc->stop(lc->stop_ud);
}

static int work_left(struct linkcheck *lc)
{
	size_t i;
	if (lc->active || lc->waiting)
		return 1;
	for (i = 0; i < lc->nr_hosts; i++)
		if (lc->hosts[i]->head)
			return 1;
	return 0;
}

enum linkcheck_result linkcheck_run(struct linkcheck *lc, linkcheck_progress_fn progress, void *ud)
{
	size_t i, hosts = 0, failed = 0, last_done = (size_t)-1;
	enum linkcheck_result r = LINKCHECK_OK;

	lc->done = 0;
	lc->total = lc->nr_jobs - lc->run_from;
	for (i = 0; i < lc->nr_hosts; i++) {
		lc->hosts[i]->resolved = 0;
		lc->hosts[i]->dns_failed = 0;
	}
	for (i = lc->run_from; i < lc->nr_jobs; i++)
		host_push(get_host(lc, lc->jobs[i]->cur), lc->jobs[i], 0);

	while (work_left(lc)) {
		if (should_stop(lc)) {
			abandon_run(lc);
			r = LINKCHECK_STOPPED;
			break;
		}
		long wait = start_ready(lc), t = -1;
		int running = 0;
		CURLMsg *m;
		int left;

		curl_multi_perform(lc->multi, &running);
		while ((m = curl_multi_info_read(lc->multi, &left)) != NULL) {
			struct job *j = NULL;
			if (m->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&j);
			on_done(lc, j, m->data.result);
		}
		if (progress && lc->done != last_done) {
			progress(ud, lc->done, lc->total);
			last_done = lc->done;
		}
		if (!work_left(lc))
			break;
		wait = start_ready(lc);
		curl_multi_timeout(lc->multi, &t);
		if (t < 0 || t > 1000)
			t = 1000;
		/* a deadline is not a signal: nothing wakes the wait for it */
		if (lc->stop && t > LINKCHECK_STOP_POLL_MS)
			t = LINKCHECK_STOP_POLL_MS;
		if (wait >= 0 && wait < t)
			t = wait;
		if (lc->active)
			curl_multi_poll(lc->multi, NULL, 0, (int)t, NULL);
		else if (t > 0) {
			struct timespec ts = { t / 1000, (t % 1000) * 1000000L };
			nanosleep(&ts, NULL);
		}
	}

	/* Every host failed name resolution: the network is down, not the links. */
	for (i = 0; r == LINKCHECK_OK && i < lc->nr_hosts; i++) {
		if (!lc->hosts[i]->resolved && !lc->hosts[i]->dns_failed)
			continue;
		hosts++;
		if (!lc->hosts[i]->resolved)
			failed++;
	}
	if (r == LINKCHECK_OK && hosts >= 2 && failed == hosts) {
		for (i = lc->run_from; i < lc->nr_jobs; i++) {
			struct job *j = lc->jobs[i];
			if (j->res.verdict == LINK_BROKEN && !j->res.status) {
				j->res.verdict = LINK_UNCHECKED;
				set_error(j, "network unavailable");
			}
		}
		r = LINKCHECK_ERR_NETWORK;
	}
	lc->run_from = lc->nr_jobs;
	return r;
}
