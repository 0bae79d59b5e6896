/*
 * urls.c - URL extraction, normalization and repair (see urls.h).
 */
#include "urls.h"
#include "buf.h"
#include "doc.h"
#include "util.h"

#include <curl/curl.h>
#include <idn2.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *urls_strerror(enum urls_result r)
{
	switch (r) {
	case URLS_OK: return "success";
	case URLS_ERR_SYNTAX: return "not a valid url";
	case URLS_ERR_SCHEME: return "unsupported scheme";
	case URLS_ERR_HOST: return "invalid host name";
	case URLS_ERR_TOO_LONG: return "url too long";
	case URLS_ERR_LIMIT: return "too many urls";
	}
	return "unknown error";
}

const char *url_kind_name(enum url_kind k)
{
	switch (k) {
	case URL_WEB: return "web";
	case URL_DOI: return "doi";
	case URL_MAILTO: return "mailto";
	}
	return "web";
}

/* ---- the list ---- */

void url_list_init(struct url_list *l, size_t max)
{
	memset(l, 0, sizeof(*l));
	l->max = max;
}

static void item_release(struct url_item *it)
{
	size_t i;
	free(it->url);
	free(it->raw);
	for (i = 0; i < it->nr_alts; i++)
		free(it->alts[i]);
	free(it->alts);
	for (i = 0; i < it->nr_occ; i++) {
		free(it->occ[i].doc);
		free(it->occ[i].date);
	}
	free(it->occ);
}

void url_list_release(struct url_list *l)
{
	size_t i;
	for (i = 0; i < l->nr; i++)
		item_release(&l->v[i]);
	free(l->v);
	free(l->slots);
	url_list_init(l, l->max);
}

static size_t *find_slot(const struct url_list *l, const char *url)
{
	size_t mask = l->nr_slots - 1;
	size_t i = (size_t)hash_fnv1a(url, strlen(url)) & mask;
	for (;;) {
		size_t *s = &l->slots[i];
		if (!*s || !strcmp(l->v[*s - 1].url, url))
			return s;
		i = (i + 1) & mask;
	}
}

static void rehash(struct url_list *l)
{
	size_t i;
	free(l->slots);
	l->nr_slots = l->nr_slots ? l->nr_slots * 2 : 64;
	l->slots = xcalloc(l->nr_slots, sizeof(*l->slots));
	for (i = 0; i < l->nr; i++)
		*find_slot(l, l->v[i].url) = i + 1;
}

struct url_item *url_list_find(const struct url_list *l, const char *url)
{
	size_t *s;
	if (!l->nr_slots)
		return NULL;
	s = find_slot(l, url);
	return *s ? &l->v[*s - 1] : NULL;
}

struct url_item *url_list_add(struct url_list *l, enum url_kind kind, const char *s, size_t n,
			      enum urls_result *res)
{
	struct strbuf norm = STRBUF_INIT;
	struct url_item *it = NULL;
	enum urls_result r;
	size_t *slot;

	r = url_normalize(kind, s, n, &norm);
	if (r != URLS_OK)
		goto cleanup;
	it = url_list_find(l, norm.buf);
	if (it)
		goto cleanup;
	if (l->max && l->nr >= l->max) {
		r = URLS_ERR_LIMIT;
		goto cleanup;
	}
	if ((l->nr + 1) * 2 > l->nr_slots)
		rehash(l);
	ALLOC_GROW(l->v, l->nr + 1, l->alloc);
	it = &l->v[l->nr];
	memset(it, 0, sizeof(*it));
	it->kind = kind;
	it->raw = xstrndup(s, n);
	it->url = strbuf_detach(&norm, NULL);
	it->valid = kind != URL_MAILTO || url_mailto_valid(it->url + 7, strlen(it->url + 7));
	slot = find_slot(l, it->url);
	*slot = ++l->nr;
cleanup:
	strbuf_release(&norm);
	if (res)
		*res = r;
	return it;
}

void url_item_add_alt(struct url_item *it, const char *s, size_t n)
{
	struct strbuf norm = STRBUF_INIT;
	size_t i;

	if (it->nr_alts >= URLS_MAX_ALTS ||
	    url_normalize(it->kind, s, n, &norm) != URLS_OK || !strcmp(norm.buf, it->url))
		goto cleanup;
	for (i = 0; i < it->nr_alts; i++)
		if (!strcmp(it->alts[i], norm.buf))
			goto cleanup;
	ALLOC_GROW(it->alts, it->nr_alts + 1, it->alloc_alts);
	it->alts[it->nr_alts++] = strbuf_detach(&norm, NULL);
cleanup:
	strbuf_release(&norm);
}

/* ---- matching in text ---- */

static int starts_ci(const char *s, size_t n, size_t at, const char *p)
{
	size_t k = strlen(p);
	return at + k <= n && mem_ieq(s + at, k, p);
}

/*
 * Length of the character at s[i] if it may stand in a URL, else 0.
 * Typographic quotes, dashes and no-break spaces end a URL: they are
 * how prose closes one, and real URLs percent-encode them.
 */
static size_t url_char(const char *s, size_t n, size_t i)
{
	unsigned char c = (unsigned char)s[i];
	if (c <= 0x20 || c == 0x7f || c == '<' || c == '>' || c == '"' || c == '`')
		return 0;
	if (c < 0x80)
		return 1;
	if (c == 0xc2 && i + 1 < n) {
		unsigned char d = (unsigned char)s[i + 1];
		if (d == 0xa0 || d == 0xab || d == 0xbb)
			return 0;
		return 2;
	}
	if (c == 0xe2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80) {
		unsigned char d = (unsigned char)s[i + 2];
		if ((d >= 0x93 && d <= 0x9f) || d == 0xa6 || (d >= 0xa8 && d <= 0xaf))
			return 0;   /* dashes, quotes, ellipsis, line separators, narrow spaces */
		return 3;
	}
	if (c >= 0xf0)
		return i + 3 < n ? 4 : 0;
	if (c >= 0xe0)
		return i + 2 < n ? 3 : 0;
	if (c >= 0xc0)
		return i + 1 < n ? 2 : 0;
	return 1;
}

static size_t count_ch(const char *s, size_t n, char c)
{
	size_t i, k = 0;
	for (i = 0; i < n; i++)
		k += s[i] == c;
	return k;
}

/*
 * Drops trailing sentence punctuation, and closing brackets that have
 * no opening partner inside the URL: "(see http://x.org/a_(b))" keeps
 * one parenthesis, "http://x.org/a)." keeps none.
 */
static size_t trim_url(const char *s, size_t len, size_t min)
{
	while (len > min) {
		char c = s[len - 1];
		if (strchr(".,;:!?'*", c)) {
			len--;
		} else if (c == ')' && count_ch(s, len, ')') > count_ch(s, len, '(')) {
			len--;
		} else if (c == ']' && count_ch(s, len, ']') > count_ch(s, len, '[')) {
			len--;
		} else if (c == '}' && count_ch(s, len, '}') > count_ch(s, len, '{')) {
			len--;
		} else {
			break;
		}
	}
	return len;
}

/* Raw run of URL characters from at. */
static size_t url_run(const char *s, size_t n, size_t at)
{
	size_t i = at, k;
	while (i < n && (k = url_char(s, n, i)) != 0)
		i += k;
	return i - at;
}

/* "10." + 4-9 digits + "/" + something: the start of a DOI. */
static int doi_prefix(const char *s, size_t n, size_t at)
{
	size_t i = at + 3, d = 0;
	if (!starts_ci(s, n, at, "10."))
		return 0;
	while (i < n && ch_isdigit((unsigned char)s[i]) && d < 10) {
		i++;
		d++;
	}
	return d >= 4 && d <= 9 && i + 1 < n && s[i] == '/' && url_char(s, n, i + 1);
}

int urls_match_at(const char *s, size_t n, size_t at, size_t *len, enum url_kind *kind)
{
	unsigned char prev = at ? (unsigned char)s[at - 1] : ' ';
	size_t head = 0, run;
	enum url_kind k;

	/* Inside a word, a path or an address nothing starts. */
	if (ch_isalnum(prev) || prev == '/' || prev == '.' || prev == '@' || prev == '-' ||
	    prev == '_' || prev == ':' || prev == '%')
		return 0;
	if (starts_ci(s, n, at, "http://") || starts_ci(s, n, at, "https://")) {
		k = URL_WEB;
		head = s[at + 4] == ':' ? 7 : 8;
	} else if (starts_ci(s, n, at, "www.")) {
		k = URL_WEB;
		head = 4;
	} else if (starts_ci(s, n, at, "mailto:")) {
		k = URL_MAILTO;
		head = 7;
	} else if (starts_ci(s, n, at, "doi:")) {
		size_t j = at + 4;
		while (j < n && s[j] == ' ')
			j++;
		if (!doi_prefix(s, n, j))
			return 0;
		k = URL_DOI;
		head = j - at + 9;
	} else if (doi_prefix(s, n, at)) {
		k = URL_DOI;
		head = 9;
	} else {
		return 0;
	}
	if (k == URL_DOI && head > 9) {
		/* "doi: 10.x/y": the run starts after the blank */
		size_t j = at + head - 9;
		run = (j - at) + url_run(s, n, j);
	} else {
		run = url_run(s, n, at);
	}
	if (run <= head)
		return 0;
	run = trim_url(s + at, run, head);
	if (run <= head)
		return 0;
	/* www. needs a dotted host after it */
	if (k == URL_WEB && head == 4) {
		size_t j = at + 4;
		while (j < at + run && s[j] != '/' && s[j] != '.')
			j++;
		if (j >= at + run || s[j] != '.' || j == at + 4)
			return 0;
	}
	*len = run;
	*kind = k;
	return 1;
}

/* ---- normalization ---- */

static int is_hex(int c)
{
	return ch_isdigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/*
 * Appends s[0..n) with the bytes that may not stand in a URL
 * percent-encoded; existing escapes are kept, their hex uppercased.
 */
static void pct_encode(struct strbuf *out, const char *s, size_t n, const char *also)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '%' && i + 2 < n + 0 && is_hex((unsigned char)s[i + 1]) &&
		    is_hex((unsigned char)s[i + 2])) {
			strbuf_addch(out, '%');
			strbuf_addch(out, ch_isdigit(s[i + 1]) ? s[i + 1] : s[i + 1] & ~0x20);
			strbuf_addch(out, ch_isdigit(s[i + 2]) ? s[i + 2] : s[i + 2] & ~0x20);
			i += 2;
		} else if (c <= 0x20 || c >= 0x7f || c == '%' || strchr("\"<>`{}|\\^", c) ||
			   (also && strchr(also, c))) {
			strbuf_addch(out, '%');
			strbuf_addch(out, hex[c >> 4]);
			strbuf_addch(out, hex[c & 15]);
		} else {
			strbuf_addch(out, c);
		}
	}
}

/* Host to its ASCII form: lowercased, IDN through punycode. */
static enum urls_result add_host(struct strbuf *out, const char *h, size_t n)
{
	size_t i;
	int ascii = 1;
	char *tmp = NULL, *ace = NULL;
	enum urls_result r = URLS_OK;

	if (!n)
		return URLS_ERR_HOST;
	for (i = 0; i < n; i++)
		if ((unsigned char)h[i] >= 0x80)
			ascii = 0;
	if (ascii) {
		for (i = 0; i < n; i++)
			strbuf_addch(out, ch_tolower((unsigned char)h[i]));
		return URLS_OK;
	}
	tmp = xstrndup(h, n);
	if (idn2_to_ascii_8z(tmp, &ace, IDN2_NONTRANSITIONAL | IDN2_NFC_INPUT) != IDN2_OK) {
		r = URLS_ERR_HOST;
		goto cleanup;
	}
	for (i = 0; ace[i]; i++)
		strbuf_addch(out, ch_tolower((unsigned char)ace[i]));
cleanup:
	free(tmp);
	idn2_free(ace);
	return r;
}

static enum urls_result normalize_web(const char *s, size_t n, struct strbuf *out)
{
	size_t i, auth, auth_end, host, host_end, port = 0, port_len = 0;
	size_t start = out->len;
	int https;
	enum urls_result r;
	CURLU *h = NULL;

	if (starts_ci(s, n, 0, "www.")) {
		strbuf_addstr(out, "http://");
		auth = 0;
		https = 0;
	} else if (starts_ci(s, n, 0, "http://")) {
		strbuf_addstr(out, "http://");
		auth = 7;
		https = 0;
	} else if (starts_ci(s, n, 0, "https://")) {
		strbuf_addstr(out, "https://");
		auth = 8;
		https = 1;
	} else {
		size_t j = 0;
		while (j < n && (ch_isalnum((unsigned char)s[j]) || s[j] == '+' || s[j] == '-' || s[j] == '.'))
			j++;
		return j < n && s[j] == ':' && j ? URLS_ERR_SCHEME : URLS_ERR_SYNTAX;
	}
	for (auth_end = auth; auth_end < n && !strchr("/?#", s[auth_end]); auth_end++)
		;
	host = auth;
	for (i = auth; i < auth_end; i++)
		if (s[i] == '@')
			host = i + 1;
	if (host > auth)
		pct_encode(out, s + auth, host - auth, NULL);   /* user info, kept */
	host_end = auth_end;
	if (host < auth_end && s[host] == '[') {
		const char *rb = memchr(s + host, ']', auth_end - host);
		if (!rb)
			return URLS_ERR_HOST;
		host_end = (size_t)(rb - s) + 1;
		for (i = host; i < host_end; i++)
			strbuf_addch(out, ch_tolower((unsigned char)s[i]));
	} else {
		for (i = host; i < auth_end; i++)
			if (s[i] == ':') {
				host_end = i;
				break;
			}
		r = add_host(out, s + host, host_end - host);
		if (r != URLS_OK)
			return r;
	}
	if (host_end < auth_end) {
		if (s[host_end] != ':')
			return URLS_ERR_HOST;
		port = host_end + 1;
		port_len = auth_end - port;
		for (i = port; i < auth_end; i++)
			if (!ch_isdigit((unsigned char)s[i]))
				return URLS_ERR_SYNTAX;
		if (port_len && !((!https && port_len == 2 && !memcmp(s + port, "80", 2)) ||
				  (https && port_len == 3 && !memcmp(s + port, "443", 3)))) {
			strbuf_addch(out, ':');
			strbuf_add(out, s + port, port_len);
		}
	}
	if (auth_end >= n || s[auth_end] != '/')
		strbuf_addch(out, '/');
	pct_encode(out, s + auth_end, n - auth_end, NULL);
	if (out->len - start > URLS_MAX_LEN)
		return URLS_ERR_TOO_LONG;

	/* curl must agree it is a URL: that is what will fetch it */
	h = curl_url();
	if (!h || curl_url_set(h, CURLUPART_URL, out->buf + start, 0) != CURLUE_OK)
		r = URLS_ERR_SYNTAX;
	else
		r = URLS_OK;
	curl_url_cleanup(h);
	return r;
}

enum urls_result url_normalize(enum url_kind kind, const char *s, size_t n, struct strbuf *out)
{
	size_t start = out->len, i;
	enum urls_result r = URLS_OK;

	if (n > URLS_MAX_LEN)
		return URLS_ERR_TOO_LONG;
	switch (kind) {
	case URL_WEB:
		r = normalize_web(s, n, out);
		break;
	case URL_DOI:
		if (starts_ci(s, n, 0, "doi:")) {
			s += 4;
			n -= 4;
			while (n && *s == ' ') {
				s++;
				n--;
			}
		}
		if (!doi_prefix(s, n, 0)) {
			r = URLS_ERR_SYNTAX;
			break;
		}
		strbuf_addstr(out, "https://doi.org/");
		/* a DOI is opaque: '#' and '?' belong to it */
		pct_encode(out, s, n, "#?");
		break;
	case URL_MAILTO:
		if (!starts_ci(s, n, 0, "mailto:")) {
			r = URLS_ERR_SCHEME;
			break;
		}
		strbuf_addstr(out, "mailto:");
		for (i = 7; i < n; i++) {
			/* the domain is case-insensitive, the local part is not */
			const char *at = memchr(s + 7, '@', n - 7);
			unsigned char c = (unsigned char)s[i];
			strbuf_addch(out, at && s + i > at ? ch_tolower(c) : c);
		}
		break;
	}
	if (r != URLS_OK)
		strbuf_setlen(out, start);
	return r;
}

static int atext(int c)
{
	return ch_isalnum(c) || (c && strchr("!#$%&'*+-/=?^_`{|}~", c)) || c >= 0x80;
}

static int mail_addr_valid(const char *s, size_t n)
{
	const char *at = memchr(s, '@', n);
	size_t loc, i, label = 0, dots = 0, tld = 0;
	int tld_alpha = 1;

	if (!at || memchr(at + 1, '@', n - (size_t)(at - s) - 1))
		return 0;
	loc = (size_t)(at - s);
	if (!loc || loc > 64 || s[0] == '.' || s[loc - 1] == '.')
		return 0;
	for (i = 0; i < loc; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '.' ? s[i + 1] == '.' : !atext(c))
			return 0;
	}
	s = at + 1;
	n -= loc + 1;
	if (!n || n > 253)
		return 0;
	for (i = 0; i <= n; i++) {
		unsigned char c = i < n ? (unsigned char)s[i] : '.';
		if (c == '.') {
			if (!label || s[i - 1] == '-' || s[i - label] == '-' || label > 63)
				return 0;
			if (i < n)
				dots++;
			tld = label;
			label = 0;
			tld_alpha = 1;
			continue;
		}
		if (!ch_isalnum(c) && c != '-' && c < 0x80)
			return 0;
		if (!ch_isalpha(c) && c < 0x80)
			tld_alpha = 0;
		label++;
	}
	return dots >= 1 && tld >= 2 && tld_alpha;
}

int url_mailto_valid(const char *s, size_t n)
{
	const char *q = memchr(s, '?', n);
	size_t end = q ? (size_t)(q - s) : n, i = 0;

	if (!end)
		return 0;
	while (i < end) {
		const char *c = memchr(s + i, ',', end - i);
		size_t e = c ? (size_t)(c - s) : end;
		if (!mail_addr_valid(s + i, e - i))
			return 0;
		i = e + 1;
	}
	return 1;
}

/* ---- extraction ---- */

static const struct doc_join *join_at(const struct doc *d, size_t at)
{
	size_t lo = 0, hi = d->nr_joins;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (d->joins[mid].at < at)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < d->nr_joins && d->joins[lo].at == at ? &d->joins[lo] : NULL;
}

/* First join with at > from, or NULL. */
static const struct doc_join *join_after(const struct doc *d, size_t from)
{
	size_t lo = 0, hi = d->nr_joins;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (d->joins[mid].at <= from)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < d->nr_joins ? &d->joins[lo] : NULL;
}

/*
 * Does the token after a plain line join continue the URL? When the
 * line broke after a URL delimiter, or the next line starts with a path
 * piece (no capital, holds '/' or '.'), the break was inside the URL.
 */
static int continues_url(const char *url, size_t ulen, const char *tok, size_t tlen)
{
	char last = url[ulen - 1];
	size_t i;
	int slash = 0;

	if (!tlen || ch_isupper((unsigned char)tok[0]) || tok[0] == '(')
		return 0;
	if (strchr("/-_=&?#%~.", last))
		return 1;
	for (i = 0; i < tlen; i++)
		if (tok[i] == '/' || (tok[i] == '.' && i + 1 < tlen && ch_isalpha((unsigned char)tok[i + 1])))
			slash = 1;
	return slash;
}

static void add_occurrence(struct url_item *it, const struct doc *d, size_t start, size_t end)
{
	struct url_occ *o;
	size_t i;
	for (i = 0; i < it->nr_occ; i++) {
		o = &it->occ[i];
		/* the same place seen twice (a Markdown link whose text is its URL) */
		if (!strcmp(o->doc, d->path) && start < o->end && o->start < end)
			return;
	}
	ALLOC_GROW(it->occ, it->nr_occ + 1, it->alloc_occ);
	o = &it->occ[it->nr_occ++];
	memset(o, 0, sizeof(*o));
	o->doc = xstrdup(d->path);
	o->start = start;
	o->end = end;
	doc_src_range(d, start, end, &o->src_start, &o->src_end);
	doc_locate(d, start, &o->line, &o->col);
	o->entry = -1;
	/*
	 * Until the refs stage gives the citation's own date, the
	 * document's date says when the link was last known to work.
	 */
	if (d->meta.date)
		o->date = xstrdup(d->meta.date);
}

#define MAX_WRAPS 4

/*
 * A URL found at text[at..at+len): follow it across line joins and add
 * it with its alternative readings. Returns the end of the text it
 * covers.
 */
static size_t add_text_url(struct url_list *l, const struct doc *d, size_t at, size_t len,
			   enum url_kind kind, enum urls_result *res)
{
	const char *t = d->text.text.buf;
	size_t n = d->text.text.len, end = at + len, i, f, nflip = 0, from = at, piece = at;
	struct strbuf primary = STRBUF_INIT, alt = STRBUF_INIT;
	struct { size_t pos; unsigned hyphen; } flips[MAX_WRAPS * 2];
	struct url_item *it;
	const struct doc_join *j;

	/* Plain joins (a space put in) right after the URL: maybe wrapped. */
	for (i = 0; i < MAX_WRAPS; i++) {
		size_t tok, tlen, raw;
		enum url_kind k2;
		j = join_at(d, end + 1);
		if (!j || j->hyphen != 0 || end >= n || (t[end] != ' ' && t[end] != '\n'))
			break;
		/* only when nothing was trimmed before the break */
		raw = url_run(t, n, piece);
		if (piece + raw != end)
			break;
		tok = end + 1;
		tlen = trim_url(t + tok, url_run(t, n, tok), 0);
		if (!tlen || urls_match_at(t, n, tok, &raw, &k2) ||
		    !continues_url(t + at, end - at, t + tok, tlen))
			break;
		flips[nflip].pos = end;     /* where the space to drop stands */
		flips[nflip++].hyphen = 0;
		end = tok + tlen;
		piece = tok;
	}
	/* Hyphen joins inside the URL, in text order with the wraps. */
	while ((j = join_after(d, from)) != NULL && j->at < end && nflip < ARRAY_SIZE(flips)) {
		if (j->hyphen == 1 || j->hyphen == 2) {
			size_t k = nflip++;
			while (k && flips[k - 1].pos > j->at) {
				flips[k] = flips[k - 1];
				k--;
			}
			flips[k].pos = j->at;
			flips[k].hyphen = j->hyphen;
		}
		from = j->at;
	}

	/*
	 * The main reading (i == 0): wrapped pieces re-joined, a line-final
	 * hyphen inside a URL kept (typesetters break URLs after hyphens
	 * and never add one). Each alternative flips one join.
	 */
	it = NULL;
	for (i = 0; i <= nflip; i++) {
		struct strbuf *sb = i ? &alt : &primary;
		size_t p = at;
		strbuf_reset(sb);
		for (f = 0; f < nflip; f++) {
			size_t pos = flips[f].pos;
			int flipped = i && f == i - 1;
			if (flips[f].hyphen == 0) {
				strbuf_add(sb, t + p, pos - p);
				p = pos + 1;
				if (flipped) {
					p = end;     /* the unjoined reading stops here */
					break;
				}
			} else if (flips[f].hyphen == 1) {
				strbuf_add(sb, t + p, pos - p);
				if (!flipped)
					strbuf_addch(sb, '-');
				p = pos;
			} else {
				/* the hyphen was kept in the text, at pos - 1 */
				strbuf_add(sb, t + p, pos - p - (flipped ? 1 : 0));
				p = pos;
			}
		}
		if (p < end)
			strbuf_add(sb, t + p, end - p);
		if (!i) {
			it = url_list_add(l, kind, primary.buf, primary.len, res);
			if (!it)
				break;
		} else {
			url_item_add_alt(it, alt.buf, alt.len);
		}
	}
	if (it)
		add_occurrence(it, d, at, end);
	strbuf_release(&primary);
	strbuf_release(&alt);
	return end;
}

void urls_limit_message(const struct url_list *l, const char *path, struct strbuf *out)
{
	if (l->max && l->nr >= l->max)
		strbuf_addf(out, "'%s': the run already holds %zu links, its limit (16 times "
			    "max_links); the rest of this document's are not checked", path, l->nr);
	else
		strbuf_addf(out, "'%s': more than %zu links; the rest are not checked "
			    "(see max_links)", path, l->max_per_doc);
}

enum urls_result urls_extract(struct url_list *l, const struct doc *d)
{
	const char *t = d->text.text.buf;
	size_t n = d->text.text.len, i, seen = 0;
	enum urls_result r = URLS_OK, r1;

	for (i = 0; i < n; i++) {
		size_t len;
		enum url_kind k;
		char c = t[i];
		if (c != 'h' && c != 'H' && c != 'w' && c != 'W' && c != 'd' && c != 'D' &&
		    c != 'm' && c != 'M' && c != '1')
			continue;
		if (!urls_match_at(t, n, i, &len, &k))
			continue;
		/* a hostile document must not fill the corpus' list alone */
		if (l->max_per_doc && seen++ >= l->max_per_doc)
			return URLS_ERR_LIMIT;
		i = add_text_url(l, d, i, len, k, &r1) - 1;
		if (r1 == URLS_ERR_LIMIT)
			r = r1;
	}
	for (i = 0; i < d->nr_links; i++) {
		const struct doc_link *lk = &d->links[i];
		const char *h = lk->href;
		size_t hn = strlen(h);
		enum url_kind k;
		struct url_item *it;
		struct url_occ *o;

		while (hn && ch_isspace((unsigned char)h[hn - 1]))
			hn--;
		while (hn && ch_isspace((unsigned char)*h)) {
			h++;
			hn--;
		}
		if (starts_ci(h, hn, 0, "http://") || starts_ci(h, hn, 0, "https://"))
			k = URL_WEB;
		else if (starts_ci(h, hn, 0, "mailto:"))
			k = URL_MAILTO;
		else if (starts_ci(h, hn, 0, "doi:"))
			k = URL_DOI;
		else
			continue;   /* relative links, anchors, other schemes */
		if (l->max_per_doc && seen++ >= l->max_per_doc)
			return URLS_ERR_LIMIT;
		it = url_list_add(l, k, h, hn, &r1);
		if (!it) {
			if (r1 == URLS_ERR_LIMIT)
				r = r1;
			continue;
		}
		{
			size_t before = it->nr_occ;
			add_occurrence(it, d, lk->start, lk->end);
			if (it->nr_occ > before) {
				/* the href itself is what the source shows */
				o = &it->occ[it->nr_occ - 1];
				o->src_start = lk->src_off;
				o->src_end = lk->src_off + hn;
				doc_locate_src(d, lk->src_off, &o->line, &o->col);
			}
		}
	}
	return r;
}

/* ---- vocabulary ---- */

struct vocab_ent {
	char *w;
	unsigned count;
};

struct vocab {
	struct vocab_ent *tab;
	size_t nr, size;
};

struct vocab *vocab_new(void)
{
	struct vocab *v = xcalloc(1, sizeof(*v));
	v->size = 1024;
	v->tab = xcalloc(v->size, sizeof(*v->tab));
	return v;
}

void vocab_free(struct vocab *v)
{
	size_t i;
	if (!v)
		return;
	for (i = 0; i < v->size; i++)
		free(v->tab[i].w);
	free(v->tab);
	free(v);
}

static struct vocab_ent *vocab_slot(const struct vocab *v, const char *w, size_t n)
{
	size_t i = (size_t)hash_fnv1a(w, n) & (v->size - 1);
	for (;;) {
		struct vocab_ent *e = &v->tab[i];
		if (!e->w || (strlen(e->w) == n && !memcmp(e->w, w, n)))
			return e;
		i = (i + 1) & (v->size - 1);
	}
}

void vocab_add_word(struct vocab *v, const char *w, size_t n)
{
	char buf[64];
	size_t i;
	struct vocab_ent *e;

	if (n < 2 || n >= sizeof(buf))
		return;
	for (i = 0; i < n; i++)
		buf[i] = (char)ch_tolower((unsigned char)w[i]);
	if ((v->nr + 1) * 2 > v->size) {
		struct vocab_ent *old = v->tab;
		size_t osz = v->size;
		v->size *= 2;
		v->tab = xcalloc(v->size, sizeof(*v->tab));
		for (i = 0; i < osz; i++)
			if (old[i].w)
				*vocab_slot(v, old[i].w, strlen(old[i].w)) = old[i];
		free(old);
	}
	e = vocab_slot(v, buf, n);
	if (!e->w) {
		e->w = xstrndup(buf, n);
		v->nr++;
	}
	e->count++;
}

unsigned vocab_count(const struct vocab *v, const char *w, size_t n)
{
	char buf[64];
	size_t i;
	struct vocab_ent *e;
	if (n >= sizeof(buf))
		return 0;
	for (i = 0; i < n; i++)
		buf[i] = (char)ch_tolower((unsigned char)w[i]);
	e = vocab_slot(v, buf, n);
	return e->w ? e->count : 0;
}

/* Length of an apostrophe (' or U+2019) at s[i], else 0. */
static size_t apos(const char *s, size_t n, size_t i)
{
	if (s[i] == '\'')
		return 1;
	if (i + 2 < n && (unsigned char)s[i] == 0xe2 && (unsigned char)s[i + 1] == 0x80 &&
	    (unsigned char)s[i + 2] == 0x99)
		return 3;
	return 0;
}

void vocab_add_text(struct vocab *v, const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		char joined[64];
		size_t jl = 0, ws, a;
		if (!ch_isalnum((unsigned char)s[i])) {
			i++;
			continue;
		}
		/* a word, and across an apostrophe its joined form too */
		for (;;) {
			ws = i;
			while (i < n && ch_isalnum((unsigned char)s[i]))
				i++;
			vocab_add_word(v, s + ws, i - ws);
			if (jl + (i - ws) < sizeof(joined)) {
				memcpy(joined + jl, s + ws, i - ws);
				jl += i - ws;
			}
			if (i < n && (a = apos(s, n, i)) && i + a < n && ch_isalpha((unsigned char)s[i + a])) {
				i += a;
				continue;
			}
			break;
		}
		if (jl > i - ws)
			vocab_add_word(v, joined, jl);
	}
}

void vocab_add_doc(struct vocab *v, const struct doc *d)
{
	const char *t = d->text.text.buf;
	size_t n = d->text.text.len, i, seg = 0;

	for (i = 0; i < n; i++) {
		size_t len;
		enum url_kind k;
		if (!urls_match_at(t, n, i, &len, &k))
			continue;
		vocab_add_text(v, t + seg, i - seg);
		i += len - 1;
		seg = i + 1;
	}
	if (seg < n)
		vocab_add_text(v, t + seg, n - seg);
}

/* ---- repair ---- */

struct split {
	size_t pos[2];          /* offsets in the URL where a hyphen goes */
	int npos;
	double score;
};

static int split_cmp(const void *a, const void *b)
{
	const struct split *x = a, *y = b;
	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	return x->pos[0] < y->pos[0] ? -1 : x->pos[0] > y->pos[0];
}

#define MAX_SPLITS 64

static double word_score(const struct vocab *v, const char *w, size_t n)
{
	unsigned c = vocab_count(v, w, n);
	/* longer parts are far less likely to be chance matches */
	return c ? log(1.0 + c) + (double)n * 0.5 : -1.0;
}

static void add_split(struct split *sp, size_t *nsp, size_t a, size_t b, int npos, double score)
{
	if (*nsp >= MAX_SPLITS)
		return;
	sp[*nsp].pos[0] = a;
	sp[*nsp].pos[1] = b;
	sp[*nsp].npos = npos;
	sp[*nsp].score = score;
	(*nsp)++;
}

static void run_splits(const struct vocab *v, const char *u, size_t rs, size_t re,
		       struct split *sp, size_t *nsp)
{
	size_t len = re - rs, k, m;
	unsigned own = vocab_count(v, u + rs, len);
	double whole = own ? 2.0 : 0.0;

	/* the document uses it as a word of its own: "vietnam" is not "viet-nam" */
	if (own >= 2)
		return;

	for (k = 2; k + 2 <= len; k++) {
		double a = word_score(v, u + rs, k), b = word_score(v, u + rs + k, len - k);
		if (a >= 0 && b >= 0)
			add_split(sp, nsp, rs + k, 0, 1, a + b - whole + 10.0);
	}
	for (k = 2; k + 4 <= len; k++) {
		double a = word_score(v, u + rs, k);
		if (a < 0)
			continue;
		for (m = k + 2; m + 2 <= len; m++) {
			double b = word_score(v, u + rs + k, m - k), c = word_score(v, u + rs + m, len - m);
			if (b >= 0 && c >= 0)
				add_split(sp, nsp, rs + k, rs + m, 2, (a + b + c) * 0.8 - whole);
		}
	}
}

static char *apply_splits(const char *u, const size_t *pos, size_t npos)
{
	struct strbuf sb = STRBUF_INIT;
	size_t p = 0, i;
	for (i = 0; i < npos; i++) {
		strbuf_add(&sb, u + p, pos[i] - p);
		strbuf_addch(&sb, '-');
		p = pos[i];
	}
	strbuf_addstr(&sb, u + p);
	return strbuf_detach(&sb, NULL);
}

static int pos_cmp(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	return x < y ? -1 : x > y;
}

size_t urls_repair(const char *url, const struct vocab *v, char **out, size_t max)
{
	struct split sp[MAX_SPLITS];
	size_t nsp = 0, nout = 0, i, j, p, path, end, n = strlen(url);
	const char *sep;

	if (max > URLS_MAX_ALTS)
		max = URLS_MAX_ALTS;
	sep = strstr(url, "://");
	if (!sep)
		return 0;
	path = (size_t)(sep - url) + 3;
	while (path < n && url[path] != '/')
		path++;
	end = path;
	while (end < n && url[end] != '?' && url[end] != '#')
		end++;
	/* every run of letters in the path may be words run together */
	for (p = path; p < end;) {
		size_t rs;
		if (!ch_isalpha((unsigned char)url[p])) {
			p++;
			continue;
		}
		rs = p;
		while (p < end && ch_isalpha((unsigned char)url[p]))
			p++;
		/* a run glued to digits or an escape is not a word */
		if (p - rs >= 4 && p - rs < 60 && !(rs > 0 && url[rs - 1] == '%'))
			run_splits(v, url, rs, p, sp, &nsp);
	}
	qsort(sp, nsp, sizeof(*sp), split_cmp);
	for (i = 0; i < nsp && nout < max; i++) {
		size_t pos[2] = { sp[i].pos[0], sp[i].pos[1] };
		out[nout++] = apply_splits(url, pos, (size_t)sp[i].npos);
	}
	/* two words each re-split, for URLs that lost several hyphens */
	for (i = 0; i < nsp && nout < max; i++) {
		for (j = i + 1; j < nsp && nout < max; j++) {
			size_t pos[4], np = 0, k;
			int overlap = 0;
			for (k = 0; k < (size_t)sp[i].npos; k++)
				pos[np++] = sp[i].pos[k];
			for (k = 0; k < (size_t)sp[j].npos; k++) {
				size_t q;
				for (q = 0; q < (size_t)sp[i].npos; q++) {
					/* splits of the same run do not combine */
					const char *a = url + (sp[i].pos[q] < sp[j].pos[k] ? sp[i].pos[q] : sp[j].pos[k]);
					const char *b = url + (sp[i].pos[q] < sp[j].pos[k] ? sp[j].pos[k] : sp[i].pos[q]);
					const char *c;
					for (c = a; c < b && ch_isalpha((unsigned char)*c); c++)
						;
					if (c == b)
						overlap = 1;
				}
				pos[np++] = sp[j].pos[k];
			}
			if (overlap)
				continue;
			qsort(pos, np, sizeof(pos[0]), pos_cmp);
			out[nout++] = apply_splits(url, pos, np);
		}
	}
	return nout;
}
