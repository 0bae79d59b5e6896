/*
 * claims_reconcile.c - grouping claims by entity and attribute across
 * the corpus, and the status of each group (see claims.h).
 *
 * Grouping stays near-linear in the number of claims. Within a group,
 * claims with the same key are one "representative" (two witnesses are
 * enough to decide whether a new claim joins them, see rep_add()). The
 * representatives are indexed by blocking keys: an identifier's kind
 * and number, a congress's ordinal, and for titles and counts the
 * first words of their key in order of corpus frequency (prefix
 * filtering: two word sets whose Dice coefficient reaches t share a
 * word among the first n - ceil(t n / (2 - t)) + 1 rarest words of
 * each), so that a claim is compared with the few groups it could
 * join, never with all of them.
 */
#include "claims.h"
#include "buf.h"
#include "findings.h"
#include "strmap.h"
#include "util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KEY_WORDS 64
/* Claims listed in a conflict's reason before "and N more". */
#define REASON_CLAIMS_MAX 10
/* Counts group when the words of their subjects reach this Dice coefficient. */
#define COUNT_SIMILARITY 0.6

struct kwords {
	const char *w[KEY_WORDS];
	size_t l[KEY_WORDS];
	size_t n;
};

/* The words of s (space separated), without repeats. */
static void split_words(const char *s, struct kwords *kw)
{
	const char *p = s;
	size_t i;
	kw->n = 0;
	while (*p && kw->n < KEY_WORDS) {
		const char *w;
		size_t l;
		int dup = 0;
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		w = p;
		while (*p && *p != ' ')
			p++;
		l = (size_t)(p - w);
		for (i = 0; i < kw->n && !dup; i++)
			dup = kw->l[i] == l && !memcmp(kw->w[i], w, l);
		if (dup)
			continue;
		kw->w[kw->n] = w;
		kw->l[kw->n++] = l;
	}
}

static double key_words_dice(const char *a, const char *b)
{
	struct kwords x, y;
	size_t i, j, common = 0;
	split_words(a, &x);
	split_words(b, &y);
	if (!x.n || !y.n)
		return 0;
	for (i = 0; i < x.n; i++)
		for (j = 0; j < y.n; j++)
			if (x.l[i] == y.l[j] && !memcmp(x.w[i], y.w[j], x.l[i])) {
				common++;
				break;
			}
	return 2.0 * (double)common / (double)(x.n + y.n);
}

/* The numbers among the words of a title key ("12" in "12 dialogue"). */
static int ordinals_differ(const char *a, const char *b)
{
	char na[16] = "", nb[16] = "";
	const char *p;
	size_t k;
	for (p = a; *p; p++)
		if (ch_isdigit((unsigned char)*p) && (p == a || p[-1] == ' ')) {
			for (k = 0; ch_isdigit((unsigned char)p[k]) && k < 15; k++)
				na[k] = p[k];
			na[k] = '\0';
			break;
		}
	for (p = b; *p; p++)
		if (ch_isdigit((unsigned char)*p) && (p == b || p[-1] == ' ')) {
			for (k = 0; ch_isdigit((unsigned char)p[k]) && k < 15; k++)
				nb[k] = p[k];
			nb[k] = '\0';
			break;
		}
	return *na && *nb && strcmp(na, nb);
}

/*
 * Where the words compared by similarity start: a title's words after
 * "title:0:", a count's subject after "count:noun:head:phrase words|".
 */
static const char *key_words_of(const char *key)
{
	const char *p;
	if (!strncmp(key, "title:", 6))
		return (p = strchr(key + 6, ':')) ? p + 1 : NULL;
	if (!strncmp(key, "count:", 6))
		return (p = strchr(key, '|')) ? p + 1 : NULL;
	return NULL;
}

static int same_entity(const struct claim_set *set, const struct claim *x, const struct claim *y)
{
	const char *a = x->key, *b = y->key;
	if (strcmp(x->attribute, y->attribute))
		return 0;
	/* two values in one sentence are about two things ("34 ... and 45 ...") */
	if (x->doc == y->doc && x->sent_start == y->sent_start)
		return 0;
	/* counts group across documents only: within one, contexts differ */
	if (!x->is_date && !y->is_date && x->doc == y->doc)
		return 0;
	if (x->self || y->self)
		return x->self && y->self && x->doc == y->doc;
	if (!strncmp(a, "id:", 3) && !strncmp(b, "id:", 3)) {
		const char *pa = strchr(a, '|'), *pb = strchr(b, '|');
		if (!pa || !pb || pa - a != pb - b || memcmp(a, b, (size_t)(pa - a)))
			return 0;
		/* "No. 22" is compatible with "No. 22-NQ/TW" */
		return !pa[1] || !pb[1] || !strcmp(pa, pb);
	}
	if (!strncmp(a, "congress:", 9) || !strncmp(b, "congress:", 9))
		return !strcmp(a, b);
	if (!strncmp(a, "title:", 6) && !strncmp(b, "title:", 6)) {
		const char *wa = key_words_of(a), *wb = key_words_of(b);
		if (!wa || !wb || wa - a != wb - b || memcmp(a, b, (size_t)(wa - a)))
			return 0;
		if (ordinals_differ(wa, wb))
			return 0;
		return key_words_dice(wa, wb) >= set->title_similarity;
	}
	if (!strncmp(a, "count:", 6) && !strncmp(b, "count:", 6)) {
		const char *pa = strchr(a, '|'), *pb = strchr(b, '|');
		if (!pa || !pb || pa - a != pb - b || memcmp(a, b, (size_t)(pa - a)))
			return 0;
		/* the same phrase; no subject on either side, or much the same */
		if (!pa[1] && !pb[1])
			return 1;
		return key_words_dice(pa + 1, pb + 1) >= COUNT_SIMILARITY;
	}
	return 0;
}

/* ---- the index ---- */

/* The claims of one group that share one key. */
struct rep {
	size_t group;
	size_t w1, w2;          /* witnesses (claim indices); w2 (size_t)-1 if none yet */
	size_t stamp;           /* last claim that looked at it, +1 */
};

struct posting {
	size_t rep;
	size_t next;            /* (size_t)-1 ends a list */
};

struct index {
	struct rep *reps;
	size_t nr_reps, alloc_reps;
	struct posting *post;
	size_t nr_post, alloc_post;
	struct strmap blocks;   /* block key -> first posting */
	struct strmap exact;    /* group + key -> rep */
	struct strmap freq;     /* word -> claims holding it */
	char **keys;            /* the map keys' bytes (owned) */
	size_t nr_keys, alloc_keys;
};

static const char *keep_key(struct index *ix, struct strbuf *sb)
{
	char *k = strbuf_detach(sb, NULL);
	ALLOC_GROW(ix->keys, ix->nr_keys + 1, ix->alloc_keys);
	ix->keys[ix->nr_keys++] = k;
	return k;
}

static void index_release(struct index *ix)
{
	size_t i;
	for (i = 0; i < ix->nr_keys; i++)
		free(ix->keys[i]);
	free(ix->keys);
	free(ix->reps);
	free(ix->post);
	strmap_release(&ix->blocks);
	strmap_release(&ix->exact);
	strmap_release(&ix->freq);
}

static size_t word_freq(const struct index *ix, const char *w, size_t l)
{
	size_t *v = strmap_get(&ix->freq, w, l);
	return v ? *v : 0;
}

struct word_ref {
	const char *w;
	size_t l, freq;
};

/* Rarest first; ties in byte order, so every claim sorts alike. */
static int cmp_word(const void *pa, const void *pb)
{
	const struct word_ref *a = pa, *b = pb;
	int c;
	if (a->freq != b->freq)
		return a->freq < b->freq ? -1 : 1;
	c = memcmp(a->w, b->w, a->l < b->l ? a->l : b->l);
	return c ? c : (a->l > b->l) - (a->l < b->l);
}

/*
 * The blocking keys of claim c into out (each NUL-terminated, one after
 * another); returns how many. A claim with no block matches nothing.
 */
static size_t block_keys(const struct claim_set *set, const struct index *ix, const struct claim *c,
			 struct strbuf *out)
{
	const char *k = c->key, *w, *p;
	struct kwords kw;
	size_t i, nb = 0, pl;
	double t;

	strbuf_reset(out);
	if (c->self) {
		strbuf_addf(out, "s\037%zu", c->doc);
		return 1;
	}
	if (!strncmp(k, "id:", 3)) {
		p = strchr(k, '|');
		strbuf_addf(out, "i\037%s\037%.*s", c->attribute, (int)(p ? (size_t)(p - k) : strlen(k)), k);
		return 1;
	}
	if (!strncmp(k, "congress:", 9)) {
		strbuf_addf(out, "c\037%s\037%s", c->attribute, k);
		return 1;
	}
	if (!(w = key_words_of(k)))
		return 0;
	t = !strncmp(k, "count:", 6) ? COUNT_SIMILARITY : set->title_similarity;
	split_words(w, &kw);
	if (t <= 0 || !kw.n) {
		/* every claim of the kind is a candidate: Dice 0 passes a threshold of 0 */
		strbuf_addf(out, "*\037%s\037%.*s", c->attribute, (int)(w - k), k);
		return 1;
	}
	{
		struct word_ref wr[KEY_WORDS];
		size_t omin;
		for (i = 0; i < kw.n; i++) {
			wr[i].w = kw.w[i];
			wr[i].l = kw.l[i];
			wr[i].freq = word_freq(ix, kw.w[i], kw.l[i]);
		}
		qsort(wr, kw.n, sizeof(wr[0]), cmp_word);
		omin = (size_t)ceil(t * (double)kw.n / (2.0 - t) - 1e-9);
		if (omin < 1)
			omin = 1;
		pl = omin > kw.n ? 1 : kw.n - omin + 1;
		for (i = 0; i < pl; i++) {
			strbuf_addf(out, "w\037%s\037%.*s\037%.*s", c->attribute, (int)(w - k), k,
				    (int)wr[i].l, wr[i].w);
			strbuf_addch(out, '\0');
			nb++;
		}
	}
	return nb;
}

/* Counts each key word once per claim, for the rarest-first order. */
static void count_words(struct index *ix, const struct claim *c)
{
	const char *w = key_words_of(c->key);
	struct kwords kw;
	size_t i;
	if (!w)
		return;
	split_words(w, &kw);
	for (i = 0; i < kw.n; i++)
		(*strmap_put(&ix->freq, kw.w[i], kw.l[i], 0, NULL))++;
}

static void rep_add(const struct claim_set *set, struct index *ix, struct rep *r, size_t ci)
{
	const struct claim *w1 = &set->claims[r->w1], *c = &set->claims[ci];
	/*
	 * Two witnesses decide like all members would: the second differs
	 * from the first in document if any member does, else in sentence;
	 * a claim excluded by one (same sentence, or a count of the same
	 * document) is then not excluded by the other.
	 */
	(void)ix;
	if (r->w2 == (size_t)-1) {
		if (c->doc != w1->doc || c->sent_start != w1->sent_start)
			r->w2 = ci;
	} else if (set->claims[r->w2].doc == w1->doc && c->doc != w1->doc) {
		r->w2 = ci;
	}
}

/*
 * Representatives one claim is compared with, at most. Real corpora
 * stay far below it (a block key is the claim's rarest words); a
 * document repeating one sentence thousands of times does not, and
 * would otherwise cost time quadratic in its claims, since claims of
 * one sentence or counts of one document never group and each starts
 * a representative of its own. Past the budget a claim starts a group.
 */
#define PLACE_BUDGET 4096

/* Places claim ci into a group, through the index. */
static void place(struct claim_set *set, struct index *ix, size_t ci, struct strbuf *bk)
{
	struct claim *c = &set->claims[ci];
	size_t nb = block_keys(set, ix, c, bk), b, best = (size_t)-1, *v, ri;
	const char *p = bk->buf;
	struct strbuf ek = STRBUF_INIT;
	struct claim_group *g;
	size_t budget = PLACE_BUDGET;
	int added;

	for (b = 0; b < nb && budget; b++, p += strlen(p) + 1) {
		size_t *head = strmap_get(&ix->blocks, p, strlen(p)), pi;
		for (pi = head ? *head : (size_t)-1; pi != (size_t)-1 && budget; pi = ix->post[pi].next) {
			struct rep *r = &ix->reps[ix->post[pi].rep];
			if (r->stamp == ci + 1 || (best != (size_t)-1 && r->group >= best))
				continue;
			r->stamp = ci + 1;
			budget--;
			if (same_entity(set, &set->claims[r->w1], c) ||
			    (r->w2 != (size_t)-1 && same_entity(set, &set->claims[r->w2], c)))
				best = r->group;
		}
	}
	if (best == (size_t)-1) {
		ALLOC_GROW(set->groups, set->nr_groups + 1, set->alloc_groups);
		best = set->nr_groups++;
		memset(&set->groups[best], 0, sizeof(set->groups[best]));
	}
	g = &set->groups[best];
	ALLOC_GROW(g->claims, g->nr_claims + 1, g->alloc_claims);
	g->claims[g->nr_claims++] = ci;
	c->group = best;

	/* the representative of (group, attribute, key) */
	strbuf_addf(&ek, "%zu\037%s\037%s", best, c->attribute, c->key);
	v = strmap_get(&ix->exact, ek.buf, ek.len);
	if (v) {
		rep_add(set, ix, &ix->reps[*v], ci);
		strbuf_release(&ek);
		return;
	}
	ALLOC_GROW(ix->reps, ix->nr_reps + 1, ix->alloc_reps);
	ri = ix->nr_reps++;
	ix->reps[ri].group = best;
	ix->reps[ri].w1 = ci;
	ix->reps[ri].w2 = (size_t)-1;
	ix->reps[ri].stamp = ci + 1;
	{
		size_t len = ek.len;
		const char *k = keep_key(ix, &ek);
		strmap_put(&ix->exact, k, len, ri, NULL);
	}
	for (b = 0, p = bk->buf; b < nb; b++, p += strlen(p) + 1) {
		size_t len = strlen(p), *head;
		const char *k = p;
		struct strbuf kb = STRBUF_INIT;
		head = strmap_get(&ix->blocks, p, len);
		if (!head) {
			strbuf_add(&kb, p, len);
			k = keep_key(ix, &kb);
			head = strmap_put(&ix->blocks, k, len, (size_t)-1, &added);
		}
		ALLOC_GROW(ix->post, ix->nr_post + 1, ix->alloc_post);
		ix->post[ix->nr_post].rep = ri;
		ix->post[ix->nr_post].next = *head;
		*head = ix->nr_post++;
	}
}

/* ---- the status of a group ---- */

/*
 * A related location is context: its reading text, line breaks as
 * spaces (as finding_add_related()). at_value: it points at the value
 * (the other side of a conflict), else at the sentence.
 */
static void add_related(struct findings *f, struct finding *fd, const struct claim_set *set,
			const struct claim *b, int at_value, const char *note)
{
	char *q = xstrdup(b->quote);
	size_t i;
	for (i = 0; q[i]; i++)
		if (q[i] == '\n')
			q[i] = ' ';
	/*
	 * Pooled: every claim of a value names the same few claims of the
	 * values it disagrees with, so a group of 500 would otherwise copy
	 * the same eight sentences 500 times.
	 */
	findings_add_related_pooled(f, fd, set->docs[b->doc].path, at_value ? b->line : b->sent_line,
				    at_value ? b->col : b->sent_col, q, note);
	free(q);
}

static int values_agree(const struct claim *x, const struct claim *y)
{
	if (x->is_date && y->is_date)
		return date_agree(&x->date, &y->date) != 0;
	if (!x->is_date && !y->is_date)
		return figure_compatible(&x->fig, &y->fig);
	return 1;
}

/* A name without case and a leading article, for counting how often it is used. */
static void name_norm(const char *a, struct strbuf *out)
{
	strbuf_reset(out);
	if (!strncmp(a, "the ", 4) || !strncmp(a, "The ", 4))
		a += 4;
	for (; *a; a++)
		strbuf_addch(out, ch_tolower((unsigned char)*a));
}

static int doc_dates_differ(const struct claim_set *set, const struct claim *x, const struct claim *y)
{
	const struct date_value *a = &set->docs[x->doc].date, *b = &set->docs[y->doc].date;
	if (x->doc == y->doc || a->prec == DATE_PREC_NONE || b->prec == DATE_PREC_NONE)
		return 0;
	return a->year != b->year || (a->prec >= DATE_PREC_MONTH && b->prec >= DATE_PREC_MONTH &&
				      a->month != b->month);
}

/*
 * The distinct values of a group (for counts: value and the date of
 * writing), each with its first claim: the pairwise comparisons run
 * over these, which are few even when thousands of claims agree.
 */
static size_t distinct_values(const struct claim_set *set, const struct claim_group *g,
			      size_t **out, size_t *of_claim)
{
	struct strmap m = STRMAP_INIT;
	struct strbuf *ks = xcalloc(g->nr_claims, sizeof(*ks));
	size_t *v = NULL, nv = 0, av = 0, i;
	for (i = 0; i < g->nr_claims; i++) {
		const struct claim *c = &set->claims[g->claims[i]];
		const struct date_value *dd = &set->docs[c->doc].date;
		int added;
		size_t *slot;
		strbuf_init(&ks[i], 0);
		strbuf_addf(&ks[i], "%s\037%d-%d-%d", c->value, c->is_date ? 0 : dd->year,
			    c->is_date ? 0 : dd->month, c->is_date ? 0 : (int)dd->prec);
		slot = strmap_put(&m, ks[i].buf, ks[i].len, nv, &added);
		if (added) {
			ALLOC_GROW(v, nv + 1, av);
			v[nv++] = g->claims[i];
		}
		of_claim[i] = *slot;
	}
	strmap_release(&m);
	for (i = 0; i < g->nr_claims; i++)
		strbuf_release(&ks[i]);
	free(ks);
	*out = v;
	return nv;
}

static void decide(struct claim_set *set, struct claim_group *g, struct findings *f)
{
	struct strbuf reason = STRBUF_INIT, nb = STRBUF_INIT;
	struct strmap names_m = STRMAP_INIT;
	char **norm = xcalloc(g->nr_claims, sizeof(*norm));
	size_t *vclaim = NULL, *of_claim = xcalloc(g->nr_claims, sizeof(*of_claim));
	size_t *first = NULL, *by_value = NULL, *others = NULL, *nrel = NULL, *rel = NULL;
	size_t i, j, k, best = 0, best_n = 0, nv, canon = 0;
	int conflict = 0, over_time = 0, names = 0;
	const struct claim *c0 = &set->claims[g->claims[0]];

	/* the canonical name: the most frequent, then the longest */
	for (i = 0; i < g->nr_claims; i++) {
		const struct claim *ci = &set->claims[g->claims[i]];
		size_t *n;
		name_norm(ci->entity, &nb);
		norm[i] = strbuf_detach(&nb, NULL);
		n = strmap_put(&names_m, norm[i], strlen(norm[i]), 0, NULL);
		(*n)++;
		if (i && strcmp(norm[i], norm[0]))
			names = 1;
	}
	for (i = 0; i < g->nr_claims; i++) {
		size_t n = *strmap_get(&names_m, norm[i], strlen(norm[i]));
		if (n > best_n || (n == best_n && strlen(set->claims[g->claims[i]].entity) >
				   strlen(set->claims[g->claims[best]].entity))) {
			best = i;
			best_n = n;
		}
	}
	canon = g->claims[best];
	g->entity = xstrdup(set->claims[canon].entity);
	snprintf(g->attribute, sizeof(g->attribute), "%s", c0->attribute);

	nv = distinct_values(set, g, &vclaim, of_claim);
	/* the claims of each value, in group order (a counting sort) */
	first = xcalloc(nv + 1, sizeof(*first));
	by_value = xcalloc(g->nr_claims, sizeof(*by_value));
	for (i = 0; i < g->nr_claims; i++)
		first[of_claim[i] + 1]++;
	for (j = 0; j < nv; j++)
		first[j + 1] += first[j];
	for (i = 0; i < g->nr_claims; i++)
		by_value[first[of_claim[i]]++] = g->claims[i];
	for (j = nv; j > 0; j--)
		first[j] = first[j - 1];
	first[0] = 0;
	/*
	 * Every pair of values once. What a claim's finding needs depends
	 * on its value only: how many claims disagree with it and the first
	 * CLAIMS_MAX_RELATED of them (by value, then group order: for value
	 * i the pairs come in ascending order of the other value). Kept per
	 * value, O(values) memory, not a values x values matrix: an archive
	 * can state one count in thousands of ways.
	 */
	others = xcalloc(nv, sizeof(*others));
	nrel = xcalloc(nv, sizeof(*nrel));
	rel = xcalloc(nv * CLAIMS_MAX_RELATED, sizeof(*rel));
	for (i = 0; i < nv; i++)
		for (j = i + 1; j < nv; j++) {
			const struct claim *a = &set->claims[vclaim[i]], *b = &set->claims[vclaim[j]];
			if (values_agree(a, b))
				continue;
			if (!a->is_date && doc_dates_differ(set, a, b))
				over_time = 1;
			else
				conflict = 1;
			others[i] += first[j + 1] - first[j];
			others[j] += first[i + 1] - first[i];
			for (k = first[j]; k < first[j + 1] && nrel[i] < CLAIMS_MAX_RELATED; k++)
				rel[i * CLAIMS_MAX_RELATED + nrel[i]++] = by_value[k];
			for (k = first[i]; k < first[i + 1] && nrel[j] < CLAIMS_MAX_RELATED; k++)
				rel[j * CLAIMS_MAX_RELATED + nrel[j]++] = by_value[k];
		}
	if (c0->kind == 2 /* ENT_MEETING */ && conflict && !strncmp(c0->key, "title:", 6)) {
		const char *w = strchr(c0->key + 6, ':');
		int has_ord = 0;
		for (; w && *w; w++)
			if (ch_isdigit((unsigned char)*w))
				has_ord = 1;
		if (!has_ord) {
			snprintf(g->status, sizeof(g->status), "recurring");
			strbuf_addstr(&reason, "a meeting with no ordinal may be held more than once: "
				      "different dates are not a conflict by themselves");
			goto done;
		}
	}
	if (g->nr_claims == 1) {
		snprintf(g->status, sizeof(g->status), "single");
		strbuf_addstr(&reason, "stated once");
	} else if (conflict) {
		snprintf(g->status, sizeof(g->status), "conflict");
		strbuf_addstr(&reason, "the values do not agree at their common precision:");
		for (i = 0; i < g->nr_claims && i < REASON_CLAIMS_MAX; i++) {
			const struct claim *c = &set->claims[g->claims[i]];
			strbuf_addf(&reason, "%s %s (%s:%zu)", i ? "," : "", c->value,
				    set->docs[c->doc].path, c->line);
		}
		if (g->nr_claims > REASON_CLAIMS_MAX)
			strbuf_addf(&reason, " and %zu more", g->nr_claims - REASON_CLAIMS_MAX);
	} else if (over_time) {
		snprintf(g->status, sizeof(g->status), "changed-over-time");
		strbuf_addstr(&reason, "the counts differ, but the documents were written at "
			      "different dates:");
		for (i = 0; i < g->nr_claims && i < REASON_CLAIMS_MAX; i++) {
			const struct claim *c = &set->claims[g->claims[i]];
			char dd[DATE_VALUE_MAX];
			date_format(&set->docs[c->doc].date, dd, sizeof(dd));
			strbuf_addf(&reason, "%s %s as of %s", i ? "," : "", c->value, dd);
		}
		if (g->nr_claims > REASON_CLAIMS_MAX)
			strbuf_addf(&reason, " and %zu more", g->nr_claims - REASON_CLAIMS_MAX);
	} else if (names && c0->kind != 4 /* ENT_COUNT */) {
		snprintf(g->status, sizeof(g->status), "variant");
		strbuf_addf(&reason, "the values agree; the entity is named in %s ways",
			    names_m.nr > 2 ? "several" : "two");
	} else {
		snprintf(g->status, sizeof(g->status), "agree");
		strbuf_addstr(&reason, c0->is_date ? "the dates agree at their common precision"
				       : "the figures are compatible with their hedges");
	}
done:
	g->reason = strbuf_detach(&reason, NULL);
	if (!f)
		goto cleanup;
	if (!strcmp(g->status, "conflict")) {
		for (i = 0; i < g->nr_claims; i++) {
			const struct claim *a = &set->claims[g->claims[i]];
			size_t v = of_claim[i];
			const size_t *other = &rel[v * CLAIMS_MAX_RELATED];
			struct finding *fd;
			if (!nrel[v])
				continue;
			/* the other side: the claims of every value that disagrees, a few in all */
			fd = findings_add_at(f, "claims", "claim-conflict", SEV_ERROR,
					     set->docs[a->doc].path, a->line, a->col,
					     a->val_src_start, a->val_src_end, a->val_quote, a->key,
					     "'%s' %s: %s here, %s elsewhere", g->entity, a->attribute,
					     a->value, set->claims[other[0]].value);
			for (k = 0; k < nrel[v]; k++)
				add_related(f, fd, set, &set->claims[other[k]], 1, "the other side");
			if (others[v] > CLAIMS_MAX_RELATED) {
				/* the message counts what the related locations leave out */
				struct strbuf m = STRBUF_INIT;
				strbuf_addf(&m, "%s (%zu statements disagree; the first %d are listed)",
					    fd->message, others[v], CLAIMS_MAX_RELATED);
				free(fd->message);
				fd->message = strbuf_detach(&m, NULL);
			}
		}
	} else if (!strcmp(g->status, "variant")) {
		const struct claim *b = &set->claims[canon];
		for (i = 0; i < g->nr_claims; i++) {
			const struct claim *a = &set->claims[g->claims[i]];
			struct finding *fd;
			if (!strcmp(norm[i], norm[best]))
				continue;
			fd = findings_add_at(f, "claims", "claim-variant", SEV_INFO, set->docs[a->doc].path,
					     a->sent_line, a->sent_col, a->sent_src_start, a->sent_src_end,
					     a->src_quote ? a->src_quote : a->quote, a->key, "'%s' is named '%s' elsewhere",
					     a->entity, g->entity);
			add_related(f, fd, set, b, 0, "named so here");
			finding_set_suggestion(fd, g->entity, strlen(g->entity));
		}
	}
cleanup:
	for (i = 0; i < g->nr_claims; i++)
		free(norm[i]);
	free(norm);
	free(of_claim);
	free(vclaim);
	free(first);
	free(by_value);
	free(others);
	free(nrel);
	free(rel);
	strmap_release(&names_m);
	strbuf_release(&nb);
}

void claims_reconcile(struct claim_set *set, struct findings *f)
{
	struct index ix;
	struct strbuf bk = STRBUF_INIT;
	size_t i;

	memset(&ix, 0, sizeof(ix));
	strmap_init(&ix.blocks);
	strmap_init(&ix.exact);
	strmap_init(&ix.freq);
	for (i = 0; i < set->nr_claims; i++)
		count_words(&ix, &set->claims[i]);
	for (i = 0; i < set->nr_claims; i++)
		place(set, &ix, i, &bk);
	strbuf_release(&bk);
	index_release(&ix);
	for (i = 0; i < set->nr_groups; i++)
		decide(set, &set->groups[i], f);

	/* within one document: a page dated one month that says it was published in another */
	for (i = 0; i < set->nr_claims && f; i++) {
		const struct claim *c = &set->claims[i];
		const struct date_value *dd = &set->docs[c->doc].date;
		char dv[DATE_VALUE_MAX];
		if (!c->self || dd->prec == DATE_PREC_NONE || date_agree(&c->date, dd) != 0)
			continue;
		date_format(dd, dv, sizeof(dv));
		findings_add_at(f, "claims", "claim-date-mismatch", SEV_WARNING, set->docs[c->doc].path,
				c->sent_line, c->sent_col, c->sent_src_start, c->sent_src_end,
				c->src_quote ? c->src_quote : c->quote, "self",
				"the document is dated %s but says it was published %s", dv, c->value);
	}
}
