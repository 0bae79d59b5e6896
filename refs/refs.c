/*
 * refs.c - refs_parse() (phase 3: entries parsed, repeats resolved,
 * callouts linked), refs_audit() and the renderers.
 */
#include "refs.h"
#include "refs_internal.h"
#include "buf.h"
#include "doc.h"
#include "findings.h"
#include "fmt.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *refs_strerror(enum refs_result r)
{
	switch (r) {
	case REFS_OK: return "success";
	case REFS_ERR_LIMIT: return "too many callouts or entries";
	}
	return "unknown error";
}

const char *refs_scheme_name(enum refs_scheme s)
{
	switch (s) {
	case REFS_SCHEME_BRACKET: return "bracket";
	case REFS_SCHEME_FOOTNOTE: return "footnote";
	case REFS_SCHEME_NOTE: return "note";
	case REFS_SCHEME_SUPERSCRIPT: return "superscript";
	case REFS_SCHEME_MARKDOWN: return "markdown";
	}
	return "bracket";
}

const char *refs_list_kind_name(enum refs_list_kind k)
{
	switch (k) {
	case REFS_LIST_REFERENCES: return "references";
	case REFS_LIST_ENDNOTES: return "endnotes";
	case REFS_LIST_FOOTNOTES: return "footnotes";
	case REFS_LIST_MARKDOWN: return "markdown";
	}
	return "references";
}

const char *refs_entry_kind_name(enum refs_entry_kind k)
{
	switch (k) {
	case REFS_ENTRY_REFERENCE: return "reference";
	case REFS_ENTRY_CITATION: return "citation";
	case REFS_ENTRY_DISCURSIVE: return "discursive";
	}
	return "reference";
}

void refs_options_init(struct refs_options *o)
{
	o->footnote_min_run = 2;
	o->max_callouts = 100000;
	o->max_entries = 20000;
}

void refs_free(struct refs *r)
{
	size_t i;
	if (!r)
		return;
	for (i = 0; i < r->nr_callouts; i++)
		refs_callout_release(&r->callouts[i]);
	free(r->callouts);
	for (i = 0; i < r->nr_entries; i++) {
		free(r->entries[i].text);
		entry_fields_release(&r->entries[i].fields);
	}
	free(r->entries);
	free(r->lists);
	free(r->skip);
	free(r->path);
	if (r->audit) {
		findings_release(r->audit);
		free(r->audit);
	}
	free(r);
}

/* Share of words starting lowercase: prose runs high, citations low. */
static double lower_ratio(const char *s)
{
	size_t words = 0, lower = 0;
	const char *p = s;
	while (*p) {
		while (*p && (ch_isspace((unsigned char)*p) || strchr(",;:(\"", *p)))
			p++;
		if (!*p)
			break;
		words++;
		if (ch_islower((unsigned char)*p))
			lower++;
		while (*p && !ch_isspace((unsigned char)*p))
			p++;
	}
	return words ? (double)lower / (double)words : 0.0;
}

static int starts_with_ci(const char *s, const char *p)
{
	size_t l = strlen(p);
	return !strncasecmp_ascii(s, p, l);
}

int strncasecmp_ascii(const char *a, const char *b, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++) {
		int x = ch_tolower((unsigned char)a[i]), y = ch_tolower((unsigned char)b[i]);
		if (x != y || !x)
			return x - y;
	}
	return 0;
}

/*
 * "op. cit." in t: where the first "op. cit" starts, else the first
 * "op.cit", else NULL. One strstr() for "op.", which is rare, instead
 * of two searches of the whole text (asked several times per note).
 */
static const char *opcit_in(const char *t)
{
	const char *p, *tight = NULL;
	for (p = strstr(t, "op."); p; p = strstr(p + 3, "op.")) {
		if (p[3] == ' ' && !strncmp(p + 4, "cit", 3))
			return p;
		if (!tight && !strncmp(p + 3, "cit", 3))
			tight = p;
	}
	return tight;
}

/* A note that repeats another ("Ibid.", "supra note 3", "op. cit."): not a work itself. */
static int repeat_form(const char *t)
{
	return starts_with_ci(t, "ibid") || starts_with_ci(t, "id.") ||
	       mem_find(t, strlen(t), "supra n", 7) || opcit_in(t);
}

/* ASCII case-insensitive search of needle[0..nn) in hay[0..hn). */
static int mem_ihas(const char *hay, size_t hn, const char *needle, size_t nn)
{
	size_t i;
	for (i = 0; nn && i + nn <= hn; i++)
		if (!strncasecmp_ascii(hay + i, needle, nn))
			return 1;
	return 0;
}

/*
 * Does entry o's title (its text when no title was found) hold every
 * word of three letters or more of the short title st[0..n)? Returns -1
 * when st has no such word (no short title to go by).
 */
static int title_has(const struct refs_entry *o, const char *st, size_t n)
{
	const char *title = o->fields.title ? o->fields.title : o->text;
	size_t i = 0, w, words = 0;
	while (i < n) {
		while (i < n && !ch_isalnum((unsigned char)st[i]) && (unsigned char)st[i] < 0x80)
			i++;
		for (w = i; i < n && (ch_isalnum((unsigned char)st[i]) || (unsigned char)st[i] >= 0x80); i++)
			;
		if (i - w < 3)
			continue;
		words++;
		if (!mem_ihas(title, strlen(title), st + w, i - w))
			return 0;
	}
	return words ? 1 : -1;
}

/* Entries a and b are one work: the same entry, or the same title. */
static int same_work(const struct refs *r, long a, long b)
{
	const struct entry_fields *x = &r->entries[a].fields, *y = &r->entries[b].fields;
	return a == b || (x->title && y->title && strlen(x->title) == strlen(y->title) &&
			  !strncasecmp_ascii(x->title, y->title, strlen(x->title)));
}

/* n, or less so that s[0..n) does not end inside a code point. */
static size_t utf8_cut(const char *s, size_t n)
{
	while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	return n;
}

enum opcit_result { OPCIT_NONE = 0, OPCIT_ONE, OPCIT_AMBIGUOUS };

/*
 * How many notes back an op. cit. is looked for: it points into the
 * same chapter, and a list of 20,000 "op. cit." notes must not cost
 * 20,000 squared comparisons.
 */
#define OPCIT_LOOKBACK 256

/*
 * The note an "op. cit." note i repeats: "Nguyen, op. cit., p. 12",
 * "Nguyen, Reform, op. cit.". The surname (what stands before the first
 * comma) picks the earlier notes of the list by an author of that name,
 * nearest first; a short title (between the name and "op. cit.")
 * picks, among them, the one whose title holds its words. *one gets the
 * entry repeated. When two different works are left and nothing tells
 * them apart, the note is ambiguous: *one and *other get the two
 * nearest, and nothing is picked.
 */
static enum opcit_result opcit_resolve(const struct refs *r, size_t i, long *one, long *other)
{
	const struct refs_entry *e = &r->entries[i];
	const char *t = e->text, *p, *comma, *st = NULL;
	size_t nl, sl, stn = 0, k, a;
	long s1 = -1, s2 = -1, t1 = -1, t2 = -1;
	int by_title = 0;

	if (!t || !(p = opcit_in(t)))
		return OPCIT_NONE;
	nl = (size_t)(p - t);
	while (nl && (t[nl - 1] == ' ' || t[nl - 1] == ','))
		nl--;
	if (!nl)
		return OPCIT_NONE;
	comma = memchr(t, ',', nl);
	sl = comma ? (size_t)(comma - t) : nl;
	if (comma) {
		st = comma + 1;
		stn = (size_t)(t + nl - st);
	}
	for (k = i; k > r->lists[e->list].first && i - k < OPCIT_LOOKBACK; k--) {
		const struct refs_entry *o = &r->entries[k - 1];
		long w = (long)(k - 1);
		if (o->list != e->list || !o->text)
			continue;
		for (a = 0; a < o->fields.nr_authors; a++) {
			const char *au = o->fields.authors[a];
			const char *last = strrchr(au, ' ');
			last = last ? last + 1 : au;
			if (strlen(last) >= 2 && mem_find(t, sl, last, strlen(last)))
				break;
		}
		if (a == o->fields.nr_authors || repeat_form(o->text))
			continue;
		if (s1 < 0)
			s1 = w;
		else if (s2 < 0 && !same_work(r, s1, w))
			s2 = w;
		if (st) {
			int th = title_has(o, st, stn);
			if (th < 0) {
				st = NULL;      /* "Nguyen, T., op. cit.": initials, no title */
			} else if (th) {
				by_title = 1;
				if (t1 < 0)
					t1 = w;
				else if (t2 < 0 && !same_work(r, t1, w))
					t2 = w;
			}
		}
	}
	/* a short title that fits none of them may be abbreviated: the name decides */
	if (by_title) {
		s1 = t1;
		s2 = t2;
	}
	if (s1 < 0)
		return OPCIT_NONE;
	*one = s1;
	if (s2 < 0)
		return OPCIT_ONE;
	*other = s2;
	return OPCIT_AMBIGUOUS;
}

/* "Ibid.", "op. cit.", "supra note N": the entry a note repeats. */
static void resolve_repeat(struct refs *r, size_t i)
{
	struct refs_entry *e = &r->entries[i];
	const char *t = e->text, *p;
	size_t k;
	long one = -1, other = -1;
	if (!t)
		return;
	if (starts_with_ci(t, "ibid") || starts_with_ci(t, "id.") || starts_with_ci(t, "ibidem")) {
		for (k = i; k > r->lists[e->list].first; k--) {
			if (r->entries[k - 1].list == e->list) {
				long rep = r->entries[k - 1].repeats;
				e->repeats = rep >= 0 ? rep : (long)(k - 1);
				return;
			}
		}
		return;
	}
	p = mem_find(t, strlen(t), "supra note", 10);
	if (!p)
		p = mem_find(t, strlen(t), "supra n.", 8);
	if (p) {
		long num;
		p += p[6] == 'n' && p[7] == 'o' ? 10 : 8;
		while (*p == ' ')
			p++;
		num = strtol(p, NULL, 10);
		for (k = r->lists[e->list].first; k < i; k++)
			if (r->entries[k].list == e->list && r->entries[k].number == num) {
				e->repeats = r->entries[k].repeats >= 0 ? r->entries[k].repeats : (long)k;
				return;
			}
		return;
	}
	if (opcit_resolve(r, i, &one, &other) == OPCIT_ONE)
		e->repeats = one;
}

/* "June 2014, during ..." opens a remark about events, not a source. */
static int starts_with_date(const char *t)
{
	char iso[11];
	size_t n = 0;
	while (t[n] && t[n] != ',' && n < 24)
		n++;
	return entry_date_iso(t, n, iso) > 0;
}

static void classify(struct refs *r, size_t i)
{
	struct refs_entry *e = &r->entries[i];
	const struct entry_fields *f = &e->fields;
	enum refs_list_kind lk = r->lists[e->list].kind;
	int sourced;

	if (lk == REFS_LIST_REFERENCES) {
		e->kind = REFS_ENTRY_REFERENCE;
		return;
	}
	/* names a source: a URL, a DOI, a quoted title, or date and publisher/container */
	sourced = f->nr_urls || f->doi || e->repeats >= 0 || (e->text && opcit_in(e->text)) ||
		  (e->text && (strstr(e->text, "\xE2\x80\x9C") || strchr(e->text, '"'))) ||
		  (f->date && (f->publisher || f->container) && lower_ratio(e->text) < 0.45 &&
		   !starts_with_date(e->text)) ||
		  (e->text && (starts_with_ci(e->text, "see") || starts_with_ci(e->text, "cf")));
	e->kind = sourced ? REFS_ENTRY_CITATION : REFS_ENTRY_DISCURSIVE;
}

static int cmp_callout(const void *a, const void *b)
{
	const struct refs_callout *x = a, *y = b;
	return x->start < y->start ? -1 : x->start > y->start;
}

/* The list a scheme's numbers point into, or (size_t)-1. */
static size_t list_for(const struct refs *r, enum refs_scheme s)
{
	static const enum refs_list_kind order[][3] = {
		/* bracketed numbers never point into footnotes: two schemes stay apart */
		[REFS_SCHEME_BRACKET] = { REFS_LIST_REFERENCES, REFS_LIST_ENDNOTES, REFS_LIST_ENDNOTES },
		[REFS_SCHEME_FOOTNOTE] = { REFS_LIST_FOOTNOTES, REFS_LIST_ENDNOTES, REFS_LIST_FOOTNOTES },
		[REFS_SCHEME_NOTE] = { REFS_LIST_ENDNOTES, REFS_LIST_ENDNOTES, REFS_LIST_ENDNOTES },
		[REFS_SCHEME_SUPERSCRIPT] = { REFS_LIST_FOOTNOTES, REFS_LIST_ENDNOTES, REFS_LIST_REFERENCES },
		[REFS_SCHEME_MARKDOWN] = { REFS_LIST_MARKDOWN, REFS_LIST_ENDNOTES, REFS_LIST_FOOTNOTES },
	};
	size_t k, i;
	for (k = 0; k < 3; k++)
		for (i = 0; i < r->nr_lists; i++)
			if (r->lists[i].kind == order[s][k] && r->lists[i].nr)
				return i;
	return (size_t)-1;
}

static void link_callouts(struct refs *r)
{
	size_t i, j, k;
	for (i = 0; i < r->nr_callouts; i++) {
		struct refs_callout *c = &r->callouts[i];
		size_t l = list_for(r, c->scheme);
		if (l == (size_t)-1)
			continue;
		for (j = 0; j < c->nr_targets; j++) {
			struct refs_target *t = &c->targets[j];
			const struct refs_list *li = &r->lists[l];
			for (k = li->first; k < r->nr_entries; k++) {
				struct refs_entry *e = &r->entries[k];
				if (e->list != l)
					continue;
				/* Markdown labels are words as often as numbers */
				if (li->kind == REFS_LIST_MARKDOWN ? strcmp(e->label, t->label) != 0
								   : e->number != t->number)
					continue;
				t->entry = (long)k;
				e->cited++;
				break;
			}
		}
	}
}

static void audit_callouts(const struct refs *r, struct findings *f);
static void audit_lists(const struct refs *r, struct findings *f);
static void audit_entries(const struct refs *r, struct findings *f);

enum refs_result refs_parse(const struct doc *d, const struct refs_options *o, struct refs **out)
{
	struct refs *r = xcalloc(1, sizeof(*r));
	struct refs_options def;
	size_t i;

	if (!o) {
		refs_options_init(&def);
		o = &def;
	}
	r->doc = d;
	r->max_callouts = o->max_callouts;
	r->max_entries = o->max_entries;
	refs_find_lists(r);
	for (i = 0; i < r->nr_entries; i++) {
		struct refs_entry *e = &r->entries[i];
		if (e->text)
			entry_parse(e->text, strlen(e->text), &e->fields);
	}
	for (i = 0; i < r->nr_entries; i++) {
		resolve_repeat(r, i);
		classify(r, i);
	}
	refs_find_callouts(r, o);
	if (r->nr_callouts > 1)
		qsort(r->callouts, r->nr_callouts, sizeof(*r->callouts), cmp_callout);
	link_callouts(r);
	/* positions and findings now, while the document is at hand */
	r->path = xstrdup(d->path);
	for (i = 0; i < r->nr_entries; i++)
		doc_locate_src(d, r->entries[i].src_start, &r->entries[i].line, &r->entries[i].col);
	for (i = 0; i < r->nr_lists; i++) {
		size_t col;
		doc_locate_src(d, r->lists[i].src_start, &r->lists[i].line, &col);
	}
	r->audit = xcalloc(1, sizeof(*r->audit));
	findings_init(r->audit);
	audit_callouts(r, r->audit);
	audit_lists(r, r->audit);
	audit_entries(r, r->audit);
	r->doc = NULL;
	*out = r;
	return r->hit_limit ? REFS_ERR_LIMIT : REFS_OK;
}

/* ---- audit ---- */

#define STAGE "refs"

static void entry_finding(struct findings *f, const struct refs *r, const struct refs_entry *e,
			  const char *kind, enum severity sev, const char *key, const char *msg)
{
	findings_add_src(f, STAGE, kind, sev, r->doc, e->src_start, e->src_end, key, "%s", msg);
}

static const char *list_noun(const struct refs *r, size_t l)
{
	return r->lists[l].kind == REFS_LIST_REFERENCES ? "entry" : "note";
}

static void audit_lists(const struct refs *r, struct findings *f)
{
	size_t l, i, j;
	char msg[256], key[64];
	for (l = 0; l < r->nr_lists; l++) {
		const struct refs_list *li = &r->lists[l];
		long prev = 0;
		size_t cited = 0;
		for (i = li->first; i < r->nr_entries; i++) {
			const struct refs_entry *e = &r->entries[i];
			if (e->list != l)
				continue;
			cited += e->cited > 0;
			if (!e->label[0])
				continue;
			/* numbering gaps and duplicates, in the order the numbers stand */
			for (j = li->first; j < i; j++) {
				if (r->entries[j].list == l && r->entries[j].number == e->number &&
				    r->entries[j].label[0]) {
					snprintf(msg, sizeof(msg), "%s %ld is numbered twice", list_noun(r, l),
						 e->number);
					snprintf(key, sizeof(key), "dup-%zu-%ld", l, e->number);
					entry_finding(f, r, e, "duplicate-entry-number", SEV_WARNING, key, msg);
					break;
				}
			}
			if (li->kind != REFS_LIST_FOOTNOTES && li->kind != REFS_LIST_MARKDOWN &&
			    e->number > prev + 1 && j == i) {
				if (e->number == prev + 2)
					snprintf(msg, sizeof(msg), "%s %ld is missing: the list goes from %ld to %ld",
						 list_noun(r, l), prev + 1, prev, e->number);
				else
					snprintf(msg, sizeof(msg), "%ss %ld to %ld are missing: the list goes from %ld to %ld",
						 list_noun(r, l), prev + 1, e->number - 1, prev, e->number);
				snprintf(key, sizeof(key), "gap-%zu-%ld", l, e->number);
				entry_finding(f, r, e, "numbering-gap", SEV_WARNING, key, msg);
			}
			if (e->number > prev)
				prev = e->number;
		}
		if (li->kind == REFS_LIST_FOOTNOTES) {
			/* footnote numbers are found in any order; check the set */
			long maxn = 0, n;
			for (i = li->first; i < r->nr_entries; i++)
				if (r->entries[i].list == l && r->entries[i].number > maxn)
					maxn = r->entries[i].number;
			for (n = 1; n <= maxn && n < 10000; n++) {
				int found = 0;
				for (i = li->first; i < r->nr_entries && !found; i++)
					found = r->entries[i].list == l && r->entries[i].number == n;
				if (!found) {
					snprintf(msg, sizeof(msg), "footnote %ld has no body: the notes go up to %ld",
						 n, maxn);
					snprintf(key, sizeof(key), "fn-gap-%ld", n);
					findings_add_src(f, STAGE, "broken-footnote-sequence", SEV_WARNING, r->doc,
							 li->src_start, li->src_start + 1, key, "%s", msg);
				}
			}
		}
		/* never cited: the whole list at once, or entry by entry */
		if (!li->nr)
			continue;
		if (!cited && li->kind != REFS_LIST_FOOTNOTES) {
			const struct refs_entry *e0 = &r->entries[li->first];
			snprintf(msg, sizeof(msg), "none of the %zu %s of this %s is cited in the text",
				 li->nr, li->kind == REFS_LIST_REFERENCES ? "entries" : "notes",
				 li->kind == REFS_LIST_REFERENCES ? "reference list" : "notes list");
			snprintf(key, sizeof(key), "uncited-list-%zu", l);
			findings_add_src(f, STAGE, "uncited-list", SEV_WARNING, r->doc, e0->src_start,
					 e0->src_end, key, "%s", msg);
			continue;
		}
		for (i = li->first; i < r->nr_entries; i++) {
			const struct refs_entry *e = &r->entries[i];
			if (e->list != l || e->cited || !e->label[0])
				continue;
			snprintf(msg, sizeof(msg), "%s %s is never cited in the text", list_noun(r, l),
				 e->label);
			snprintf(key, sizeof(key), "uncited-%zu-%s", l, e->label);
			entry_finding(f, r, e, "uncited-entry", SEV_WARNING, key, msg);
		}
	}
}

struct src_key {
	char *key;
	size_t entry;
	size_t first;           /* for a reported pair: the earlier entry */
};

static int cmp_pair(const void *a, const void *b)
{
	const struct src_key *x = a, *y = b;
	return x->entry < y->entry ? -1 : x->entry > y->entry;
}

static int cmp_key(const void *a, const void *b)
{
	const struct src_key *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	if (c)
		return c;
	return x->entry < y->entry ? -1 : x->entry > y->entry;
}

static void audit_entries(const struct refs *r, struct findings *f)
{
	size_t i, j, nk = 0, np = 0;
	char msg[256], key[64];
	struct strbuf ki = STRBUF_INIT;
	struct src_key *keys, *pairs;
	for (i = 0; i < r->nr_entries; i++) {
		const struct refs_entry *e = &r->entries[i];
		if (entry_fields_count(&e->fields) == 0 && e->kind != REFS_ENTRY_DISCURSIVE) {
			snprintf(msg, sizeof(msg), "%s %s could not be parsed into any field",
				 list_noun(r, e->list), e->label[0] ? e->label : "?");
			snprintf(key, sizeof(key), "unparsed-%zu", i);
			entry_finding(f, r, e, "unparsed-entry", SEV_WARNING, key, msg);
		}
	}
	/* "Nguyen, op. cit." after two works by Nguyen: say so rather than pick one */
	for (i = 0; i < r->nr_entries; i++) {
		const struct refs_entry *e = &r->entries[i], *o1, *o2;
		long one = -1, other = -1;
		struct finding *fd;
		size_t line, col, nl, ql;
		if (e->repeats >= 0 || opcit_resolve(r, i, &one, &other) != OPCIT_AMBIGUOUS)
			continue;
		o1 = &r->entries[other];        /* the earlier of the two, first */
		o2 = &r->entries[one];
		/* quoted as written up to "op. cit.", the name up to its comma; both cut at 60 */
		ql = (size_t)(opcit_in(e->text) - e->text);
		while (ql && (e->text[ql - 1] == ' ' || e->text[ql - 1] == ','))
			ql--;
		nl = strcspn(e->text, ",");
		ql = utf8_cut(e->text, ql < 60 ? ql : 60);
		nl = utf8_cut(e->text, nl < ql ? nl : ql);
		snprintf(msg, sizeof(msg),
			 "%s %s: '%.*s, op. cit.' may repeat %s %s or %s %s, two different works by "
			 "%.*s; give the short title",
			 list_noun(r, e->list), e->label, (int)ql, e->text, list_noun(r, o1->list),
			 o1->label, list_noun(r, o2->list), o2->label, (int)nl, e->text);
		snprintf(key, sizeof(key), "opcit-%s", e->label);
		fd = findings_add_src(f, STAGE, "ambiguous-op-cit", SEV_WARNING, r->doc, e->src_start,
				      e->src_end, key, "%s", msg);
		if (fd) {
			doc_locate_src(r->doc, o1->src_start, &line, &col);
			finding_add_related_loc(fd, r->doc->path, line, col, NULL, "one work");
			doc_locate_src(r->doc, o2->src_start, &line, &col);
			finding_add_related_loc(fd, r->doc->path, line, col, NULL, "the other work");
		}
	}
	/*
	 * The same source cited by two entries: report the later one. Keys
	 * are computed once and sorted (stable on the entry index), so that
	 * a long list costs n log n, not n squared.
	 */
	keys = xcalloc(r->nr_entries ? r->nr_entries : 1, sizeof(*keys));
	for (i = 0; i < r->nr_entries; i++) {
		const struct refs_entry *e = &r->entries[i];
		keys[nk].entry = i;
		/* an op. cit. left unresolved (ambiguous) names no source of its own */
		if (e->kind == REFS_ENTRY_DISCURSIVE || e->repeats >= 0 ||
		    (e->text && opcit_in(e->text)))
			continue;
		strbuf_reset(&ki);
		if (!entry_source_key(&e->fields, &ki))
			continue;
		keys[nk++].key = strbuf_detach(&ki, NULL);
	}
	if (nk > 1)
		qsort(keys, nk, sizeof(*keys), cmp_key);
	/* pairs (later, first) of each run of equal keys, reported in entry order */
	pairs = xcalloc(nk ? nk : 1, sizeof(*pairs));
	for (i = 1, j = 0; i < nk; i++) {
		if (strcmp(keys[i].key, keys[i - 1].key)) {
			j = i;  /* the first of the run: the entry the later ones repeat */
			continue;
		}
		pairs[np].key = NULL;
		pairs[np].entry = keys[i].entry;
		pairs[np++].first = keys[j].entry;
	}
	if (np > 1)
		qsort(pairs, np, sizeof(*pairs), cmp_pair);
	for (i = 0; i < np; i++) {
		const struct refs_entry *e, *o;
		struct finding *fd;
		e = &r->entries[pairs[i].entry];
		o = &r->entries[pairs[i].first];
		snprintf(msg, sizeof(msg), "%s %s cites the same source as %s %s",
			 list_noun(r, e->list), e->label, list_noun(r, o->list), o->label);
		snprintf(key, sizeof(key), "same-%s-%s", e->label, o->label);
		fd = findings_add_src(f, STAGE, "duplicate-source", SEV_INFO, r->doc, e->src_start,
				      e->src_end, key, "%s", msg);
		if (fd) {
			size_t line, col;
			doc_locate_src(r->doc, o->src_start, &line, &col);
			finding_add_related_loc(fd, r->doc->path, line, col, NULL, "the earlier entry");
		}
	}
	for (i = 0; i < nk; i++)
		free(keys[i].key);
	free(keys);
	free(pairs);
	strbuf_release(&ki);
}

static void audit_callouts(const struct refs *r, struct findings *f)
{
	size_t i, j, k;
	char msg[256], key[64];
	struct fmtbuf fm, fk;
	int missing_reported[5] = { 0 };
	long fn_expect = 1;
	/* first citations in order: counted first, reported only in a numbered-in-order document */
	size_t in_order = 0, firsts = 0;
	long seen_max = 0;
	unsigned char *seen = xcalloc(1001, 1);
	size_t *first_at = xmalloc(1001 * sizeof(size_t));
	long *list_max = NULL;

	for (i = 0; i <= 1000; i++)
		first_at[i] = (size_t)-1;

	for (i = 0; i < r->nr_callouts; i++) {
		const struct refs_callout *c = &r->callouts[i];
		if (c->scheme != REFS_SCHEME_BRACKET)
			continue;
		for (j = 0; j < c->nr_targets; j++) {
			long n = c->targets[j].number;
			if (n < 1 || n > 1000 || seen[n])
				continue;
			seen[n] = 1;
			first_at[n] = i;
			firsts++;
			if (n <= seen_max + 1)
				in_order++;
			if (n > seen_max)
				seen_max = n;
		}
	}
	memset(seen, 0, 1001);

	/* the highest number of each list, once rather than per callout */
	list_max = xcalloc(r->nr_lists ? r->nr_lists : 1, sizeof(*list_max));
	for (k = 0; k < r->nr_entries; k++)
		if (r->entries[k].number > list_max[r->entries[k].list])
			list_max[r->entries[k].list] = r->entries[k].number;

	for (i = 0; i < r->nr_callouts; i++) {
		const struct refs_callout *c = &r->callouts[i];
		size_t l = list_for(r, c->scheme);
		long maxn;
		if (l == (size_t)-1) {
			if (!missing_reported[c->scheme]) {
				size_t cnt = 0;
				for (k = i; k < r->nr_callouts; k++)
					cnt += r->callouts[k].scheme == c->scheme;
				missing_reported[c->scheme] = 1;
				snprintf(msg, sizeof(msg),
					 "the document cites by number (%zu %s callout%s) but has no %s",
					 cnt, refs_scheme_name(c->scheme), cnt == 1 ? "" : "s",
					 c->scheme == REFS_SCHEME_BRACKET ? "reference list" : "notes");
				snprintf(key, sizeof(key), "missing-list-%s", refs_scheme_name(c->scheme));
				findings_add(f, STAGE, "missing-reference-list", SEV_ERROR, r->doc, c->start,
					     c->end, key, "%s", msg);
			}
			continue;
		}
		maxn = list_max[l];
		for (j = 0; j < c->nr_targets; j++) {
			const struct refs_target *t = &c->targets[j];
			if (t->entry >= 0)
				continue;
			/* "%s-%ld-%zu" without snprintf(): one per dangling target */
			fmt_init(&fk, key, sizeof(key));
			fmt_str(&fk, refs_scheme_name(c->scheme));
			fmt_mem(&fk, "-", 1);
			fmt_int(&fk, t->number, 1);
			fmt_mem(&fk, "-", 1);
			fmt_int(&fk, (long)i, 1);   /* i < nr_callouts: no wrap */
			fmt_init(&fm, msg, sizeof(msg));
			fmt_str(&fm, "callout ");
			fmt_int(&fm, t->number, 1);
			if (t->number > maxn) {
				fmt_str(&fm, " points beyond the ");
				fmt_str(&fm, r->lists[l].kind == REFS_LIST_REFERENCES ? "reference list" : "notes");
				fmt_str(&fm, ", which ends at ");
				fmt_int(&fm, maxn, 1);
				findings_add(f, STAGE, "callout-beyond-list", SEV_ERROR, r->doc, c->start,
					     c->end, key, "%s", msg);
			} else {
				fmt_str(&fm, " has no ");
				fmt_str(&fm, r->lists[l].kind == REFS_LIST_REFERENCES ? "entry in the reference list"
										      : "note");
				findings_add(f, STAGE, "dangling-callout", SEV_ERROR, r->doc, c->start, c->end,
					     key, "%s", msg);
			}
		}
		if (c->scheme == REFS_SCHEME_BRACKET && firsts >= 3 && in_order * 4 >= firsts * 3) {
			for (j = 0; j < c->nr_targets; j++) {
				long n = c->targets[j].number, m;
				if (n < 1 || n > 1000 || seen[n])
					continue;
				seen[n] = 1;
				/* a smaller number that is first cited later than n */
				for (m = 1; m < n; m++)
					if (first_at[m] != (size_t)-1 && first_at[m] > i)
						break;
				if (m < n) {
					fmt_init(&fm, msg, sizeof(msg));
					fmt_mem(&fm, "[", 1);
					fmt_int(&fm, n, 1);
					fmt_str(&fm, "] is cited for the first time before [");
					fmt_int(&fm, m, 1);
					fmt_mem(&fm, "]", 1);
					fmt_init(&fk, key, sizeof(key));
					fmt_str(&fk, "order-");
					fmt_int(&fk, n, 1);
					findings_add(f, STAGE, "out-of-order-first-citation", SEV_WARNING, r->doc,
						     c->start, c->end, key, "%s", msg);
				}
			}
		}
		if (c->scheme == REFS_SCHEME_FOOTNOTE && c->nr_targets) {
			long n = c->targets[0].number;
			if (n != fn_expect) {
				snprintf(msg, sizeof(msg), "footnote marker %ld follows %ld: marker%s %ld%s%ld missing",
					 n, fn_expect - 1, n - fn_expect > 1 ? "s" : "", fn_expect,
					 n - fn_expect > 1 ? " to " : "", n - fn_expect > 1 ? n - 1 : 0);
				if (n - fn_expect == 1)
					snprintf(msg, sizeof(msg), "footnote marker %ld follows %ld: marker %ld is missing",
						 n, fn_expect - 1, fn_expect);
				snprintf(key, sizeof(key), "fn-seq-%ld", n);
				findings_add(f, STAGE, "broken-footnote-sequence", SEV_WARNING, r->doc,
					     c->start, c->end, key, "%s", msg);
			}
			fn_expect = n + 1;
		}
	}
	free(seen);
	free(first_at);
	free(list_max);
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

void refs_audit(const struct refs *r, struct findings *f)
{
	size_t i, j;
	if (!r->audit)
		return;
	ALLOC_GROW(f->v, f->nr + r->audit->nr, f->alloc);
	for (i = 0; i < r->audit->nr; i++) {
		const struct finding *a = &r->audit->v[i];
		struct finding *b = &f->v[f->nr++];
		*b = *a;
		b->kind = xstrdup(a->kind);
		b->stage = xstrdup(a->stage);
		b->doc = dup_or_null(a->doc);
		b->quote = dup_or_null(a->quote);
		b->message = xstrdup(a->message);
		b->suggestion = dup_or_null(a->suggestion);
		b->related = NULL;
		b->nr_related = b->alloc_related = 0;
		for (j = 0; j < a->nr_related; j++)
			finding_add_related_loc(b, a->related[j].doc, a->related[j].line,
						a->related[j].col, a->related[j].quote,
						a->related[j].note);
	}
}

size_t refs_callout_at(const struct refs *r, size_t off)
{
	size_t lo = 0, hi = r->nr_callouts;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (r->callouts[mid].start < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

size_t refs_cites_in(const struct refs *r, size_t start, size_t end,
		     struct refs_cite *out, size_t max)
{
	size_t i, j, n = 0;
	for (i = refs_callout_at(r, start); i < r->nr_callouts && r->callouts[i].start < end; i++) {
		const struct refs_callout *c = &r->callouts[i];
		if (c->end > end)
			continue;
		for (j = 0; j < c->nr_targets; j++, n++) {
			const struct refs_target *t = &c->targets[j];
			if (n >= max)
				continue;
			out[n].start = c->start;
			out[n].end = c->end;
			out[n].label = t->label;
			out[n].entry_index = t->entry;
			out[n].entry = t->entry >= 0 ? r->entries[t->entry].text : NULL;
			out[n].locator = t->locator;
			out[n].scheme = c->scheme;
		}
	}
	return n;
}

/* ---- output ---- */

static int finding_is_ours(const struct finding *fd, const struct refs *r)
{
	return fd->doc && !strcmp(fd->doc, r->path) && fd->stage && !strcmp(fd->stage, STAGE);
}

void refs_write_json(const struct refs *r, const struct findings *f, struct strbuf *sb)
{
	size_t i, j;
	int first;

	strbuf_addstr(sb, "{\"document\":");
	strbuf_add_json_str(sb, r->path, strlen(r->path));
	strbuf_addstr(sb, ",\"callouts\":[");
	for (i = 0; i < r->nr_callouts; i++) {
		const struct refs_callout *c = &r->callouts[i];
		strbuf_addf(sb, "%s\n  {\"line\":%zu,\"column\":%zu,\"text\":", i ? "," : "", c->line,
			    c->col);
		strbuf_add_json_str(sb, c->text, strlen(c->text));
		strbuf_addf(sb, ",\"scheme\":\"%s\",\"targets\":[", refs_scheme_name(c->scheme));
		for (j = 0; j < c->nr_targets; j++)
			strbuf_addf(sb, "%s%ld", j ? "," : "", c->targets[j].number);
		strbuf_addstr(sb, "],\"labels\":[");
		for (j = 0; j < c->nr_targets; j++) {
			if (j)
				strbuf_addch(sb, ',');
			strbuf_add_json_str(sb, c->targets[j].label, strlen(c->targets[j].label));
		}
		strbuf_addstr(sb, "],\"locators\":[");
		for (j = 0; j < c->nr_targets; j++) {
			const char *lo = c->targets[j].locator;
			if (j)
				strbuf_addch(sb, ',');
			if (lo)
				strbuf_add_json_str(sb, lo, strlen(lo));
			else
				strbuf_addstr(sb, "null");
		}
		strbuf_addstr(sb, "],\"prefixes\":[");
		for (j = 0; j < c->nr_targets; j++) {
			const char *p = c->targets[j].prefix;
			if (j)
				strbuf_addch(sb, ',');
			if (p)
				strbuf_add_json_str(sb, p, strlen(p));
			else
				strbuf_addstr(sb, "null");
		}
		strbuf_addstr(sb, "],\"entries\":[");
		for (j = 0; j < c->nr_targets; j++)
			strbuf_addf(sb, "%s%ld", j ? "," : "", c->targets[j].entry);
		strbuf_addstr(sb, "]}");
	}
	strbuf_addstr(sb, "],\n \"lists\":[");
	for (i = 0; i < r->nr_lists; i++) {
		const struct refs_list *li = &r->lists[i];
		strbuf_addf(sb, "%s{\"kind\":\"%s\",\"line\":%zu,\"heading\":", i ? "," : "",
			    refs_list_kind_name(li->kind), li->line);
		if (li->heading[0])
			strbuf_add_json_str(sb, li->heading, strlen(li->heading));
		else
			strbuf_addstr(sb, "null");
		strbuf_addf(sb, ",\"entries\":%zu}", li->nr);
	}
	strbuf_addstr(sb, "],\n \"entries\":[");
	for (i = 0; i < r->nr_entries; i++) {
		const struct refs_entry *e = &r->entries[i];
		strbuf_addf(sb, "%s\n  {\"index\":%zu,\"number\":%ld,\"label\":", i ? "," : "", i, e->number);
		strbuf_add_json_str(sb, e->label, strlen(e->label));
		strbuf_addf(sb, ",\"list\":%zu,\"line\":%zu,\"column\":%zu,\"kind\":\"%s\",\"pieces\":%zu,"
			    "\"cited\":%zu,\"repeats\":%ld,\"text\":",
			    e->list, e->line, e->col, refs_entry_kind_name(e->kind), e->nr_pieces, e->cited,
			    e->repeats);
		strbuf_add_json_str(sb, e->text ? e->text : "", e->text ? strlen(e->text) : 0);
		strbuf_addstr(sb, ",\"fields\":");
		entry_fields_write_json(&e->fields, sb);
		strbuf_addch(sb, '}');
	}
	strbuf_addstr(sb, "],\n \"findings\":[");
	first = 1;
	for (i = 0; f && i < f->nr; i++) {
		const struct finding *fd = &f->v[i];
		if (!finding_is_ours(fd, r))
			continue;
		strbuf_addf(sb, "%s\n  {\"id\":\"%s\",\"kind\":", first ? "" : ",", fd->id);
		strbuf_add_json_str(sb, fd->kind, strlen(fd->kind));
		strbuf_addf(sb, ",\"severity\":\"%s\",\"line\":%zu,\"column\":%zu,\"message\":",
			    severity_name(fd->severity), fd->line, fd->col);
		strbuf_add_json_str(sb, fd->message, strlen(fd->message));
		strbuf_addstr(sb, ",\"quote\":");
		if (fd->quote)
			strbuf_add_json_str(sb, fd->quote, strlen(fd->quote));
		else
			strbuf_addstr(sb, "null");
		strbuf_addch(sb, '}');
		first = 0;
	}
	strbuf_addstr(sb, "]}");
}

void refs_write_text(const struct refs *r, const struct findings *f, struct strbuf *sb)
{
	size_t i, j;

	strbuf_addf(sb, "%s: %zu callouts, %zu entries in %zu lists\n", r->path, r->nr_callouts,
		    r->nr_entries, r->nr_lists);
	for (i = 0; i < r->nr_callouts; i++) {
		const struct refs_callout *c = &r->callouts[i];
		strbuf_addf(sb, "  callout %zu:%zu %-11s %s ->", c->line, c->col, refs_scheme_name(c->scheme),
			    c->text);
		for (j = 0; j < c->nr_targets; j++) {
			strbuf_addf(sb, " %ld", c->targets[j].number);
			if (c->targets[j].sub)
				strbuf_addch(sb, c->targets[j].sub);
			if (c->targets[j].locator)
				strbuf_addf(sb, " (%s)", c->targets[j].locator);
			if (c->targets[j].entry < 0)
				strbuf_addstr(sb, " [unlinked]");
		}
		strbuf_addch(sb, '\n');
	}
	for (i = 0; i < r->nr_entries; i++) {
		const struct refs_entry *e = &r->entries[i];
		const char *t = e->text ? e->text : "";
		size_t tl = strlen(t);
		if (tl > 100) {
			tl = 100;
			while (tl && ((unsigned char)t[tl] & 0xC0) == 0x80)
				tl--;
		}
		strbuf_addf(sb, "  %s %s line %zu (%s): %.*s%s\n", list_noun(r, e->list),
			    e->label[0] ? e->label : "-", e->line, refs_entry_kind_name(e->kind), (int)tl, t,
			    tl < strlen(t) ? "..." : "");
	}
	for (i = 0; f && i < f->nr; i++) {
		const struct finding *fd = &f->v[i];
		if (!finding_is_ours(fd, r))
			continue;
		strbuf_addf(sb, "%s:%zu:%zu: %s: %s [%s]\n", fd->doc, fd->line, fd->col,
			    severity_name(fd->severity), fd->message, fd->kind);
	}
}
