/*
 * claims.c - entities, claims and their reconciliation.
 *
 * Phases per document: sentences; date expressions and figures
 * (dates.c, figures.c); entity mentions found from a head noun
 * ("Strategy", "Resolution", "Congress"...) and extended over the
 * capitalized title, its identifier and its connectors; then the
 * binding of a date to an entity through a predicate in the same
 * sentence (passive "E, dated D", "E held in D"; active "approved E
 * in D", "In D, X approved E"; parenthetical "E (D)"), and of counts to
 * what they count. See claims.h.
 */
#include "claims.h"
#include "buf.h"
#include "config.h"
#include "doc.h"
#include "findings.h"
#include "fmt.h"
#include "strmap.h"
#include "tok.h"
#include "util.h"
#include "wordidx.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum ent_kind {
	ENT_INSTRUMENT = 0,
	ENT_CONGRESS,
	ENT_MEETING,
	ENT_PUBLICATION,
	ENT_COUNT,
	ENT_SELF
};

const char *claims_strerror(enum claims_result r)
{
	return r == CLAIMS_OK ? "success" : "too many claims";
}

void claims_init(struct claim_set *set, double title_similarity, const struct aliases *aliases)
{
	memset(set, 0, sizeof(*set));
	set->title_similarity = title_similarity;
	set->aliases = aliases;
}

/*
 * The strings of a set's claims and their sources arrays, taken from
 * chunks and freed with them: a claim has seven or so, and a malloc()
 * and a free() for each were a good part of what a claim cost.
 */
#define CHUNK_SIZE 16384

struct claims_chunk {
	struct claims_chunk *next;
	size_t used, size;
	char *buf;              /* size bytes, after the header */
};

/* n bytes from set's newest chunk, aligned for a pointer; a new chunk if it has no room. */
static void *chunk_alloc(struct claim_set *set, size_t n)
{
	struct claims_chunk *ch = set->chunks;
	void *p;

	n = (n + sizeof(void *) - 1) & ~(sizeof(void *) - 1);
	if (!ch || ch->size - ch->used < n) {
		size_t size = n > CHUNK_SIZE ? n : CHUNK_SIZE;
		ch = xmalloc(sizeof(*ch) + size);
		ch->buf = (char *)(ch + 1);
		ch->size = size;
		ch->used = 0;
		ch->next = set->chunks;
		set->chunks = ch;
	}
	p = ch->buf + ch->used;
	ch->used += n;
	return p;
}

/* A copy of s[0..n) and a NUL, in set's chunks. */
static char *chunk_strndup(struct claim_set *set, const char *s, size_t n)
{
	char *p = chunk_alloc(set, n + 1);
	if (n)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

/* Frees every chunk of set but the newest (none if !keep), which is emptied. */
static void free_chunks(struct claim_set *set, int keep)
{
	struct claims_chunk *ch = set->chunks, *next;
	if (ch && keep) {
		ch->used = 0;
		next = ch->next;
		ch->next = NULL;
		ch = next;
	} else {
		set->chunks = NULL;
	}
	for (; ch; ch = next) {
		next = ch->next;
		free(ch);
	}
}

/* Frees what the groups and documents of set own, not the arrays (the claims own only chunks). */
static void free_members(struct claim_set *set)
{
	size_t i;
	for (i = 0; i < set->nr_groups; i++) {
		free(set->groups[i].entity);
		free(set->groups[i].reason);
		free(set->groups[i].claims);
	}
	for (i = 0; i < set->nr_docs; i++)
		free(set->docs[i].path);
}

void claims_clear(struct claim_set *set)
{
	free_members(set);
	free_chunks(set, 1);
	set->nr_claims = 0;
	set->nr_groups = 0;
	set->nr_docs = 0;
}

void claims_release(struct claim_set *set)
{
	free_members(set);
	free_chunks(set, 0);
	free(set->claims);
	free(set->groups);
	free(set->docs);
	memset(set, 0, sizeof(*set));
}

/* ---- canonical words ---- */

static const char *const title_stops[] = {
	"the", "of", "for", "on", "a", "an", "and", "to", "up", "through", "until", "till",
	"in", "by", "with", "s", "its", "at", "towards", "toward",
};

static int is_title_stop(const char *w, size_t n)
{
	/* this runs for every word of every name */
	static struct wordset set = WORDSET_INIT(title_stops);
	return wordset_has(&set, w, n);
}

#define MAX_WORDS 48
#define WORD_LEN 32

/*
 * Each word is a string of at most WORD_LEN - 1 bytes (none of them
 * NUL: words are tokens) with its length in its slot's last byte, which
 * moves with it when the words are sorted: the words are compared,
 * deduplicated and joined by the thousand per document, and their
 * strlen() was a good part of that.
 */
struct words {
	char w[MAX_WORDS][WORD_LEN + 1];
	size_t n;
};

/* The length of word i of ws. */
static inline size_t wlen(const struct words *ws, size_t i)
{
	return (unsigned char)ws->w[i][WORD_LEN];
}

static void words_add(struct words *ws, const char *s, size_t n)
{
	size_t i;
	if (ws->n >= MAX_WORDS || !n)
		return;
	if (n >= WORD_LEN)
		n = WORD_LEN - 1;
	for (i = 0; i < ws->n; i++)
		if (wlen(ws, i) == n && ws->w[i][0] == s[0] && !memcmp(ws->w[i], s, n))
			return;
	memcpy(ws->w[ws->n], s, n);
	ws->w[ws->n][n] = '\0';
	ws->w[ws->n][WORD_LEN] = (char)n;
	ws->n++;
}

/* Built-in spellings, for when no aliases file is loaded. */
static const char *spelling(const char *w, size_t n)
{
	if (n != 7 && n != 9 && n != 12)
		return NULL;    /* the lengths of the three below */
	if (mem_ieq(w, n, "defence"))
		return "defense";
	if (mem_ieq(w, n, "programme"))
		return "program";
	if (mem_ieq(w, n, "organisation"))
		return "organization";
	return NULL;
}

/*
 * The first "memorandum of understanding" in s[0..n), as mem_find()
 * finds it, without memmem()'s set-up: names are short, and few have
 * an 'm' where the phrase could start.
 */
static const char *find_mou(const char *s, size_t n)
{
	static const char mou[] = "memorandum of understanding";
	const char *p = s, *end = s + n;

	while ((size_t)(end - p) >= sizeof(mou) - 1 &&
	       (p = memchr(p, 'm', (size_t)(end - p) - (sizeof(mou) - 2)))) {
		if (!memcmp(p, mou, sizeof(mou) - 1))
			return p;
		p++;
	}
	return NULL;
}

/*
 * The canonical words of a name: lowercase, aliases applied,
 * "Memorandum of Understanding" as "mou", ordinals and number words as
 * digits, stop words dropped. tl and sb are the caller's scratch
 * (their contents are overwritten, their memory kept for the next
 * call): names are canonicalized by the thousand per document.
 */
static void canon_words(const struct aliases *a, const char *s, size_t n, struct tok_list *scratch,
			struct strbuf *sb, struct words *ws)
{
	const struct tok_list *tl = scratch;
	size_t i;
	const char *mou;

	ws->n = 0;
	strbuf_reset(sb);
	if (a)	/* entity names are titles: the [instruments] equivalences apply too */
		aliases_canon_section(a, ALIASES_ALL, s, n, sb);
	else
		for (i = 0; i < n; i++)
			strbuf_addch(sb, ch_tolower((unsigned char)s[i]));
	while ((mou = find_mou(sb->buf, sb->len))) {
		size_t at = (size_t)(mou - sb->buf);
		memcpy(sb->buf + at, "mou", 3);
		memmove(sb->buf + at + 3, sb->buf + at + 27, sb->len - at - 27 + 1);
		sb->len -= 24;
	}
	tok_scan(sb->buf, sb->len, scratch);
	for (i = 0; i < tl->nr; i++) {
		const struct tok *t = &tl->v[i];
		const char *w = sb->buf + t->start;
		size_t wl = t->end - t->start;
		char num[24];
		const char *sp;
		int ord = 0;
		long v;
		if (t->kind == TOK_PUNCT)
			continue;
		if (t->kind == TOK_NUM) {
			words_add(ws, w, wl);
			/* "11 th", "11st": the suffix goes */
			if (i + 1 < tl->nr && tl->v[i + 1].kind == TOK_WORD && tl->v[i + 1].space <= 1) {
				const struct tok *u = &tl->v[i + 1];
				if (tok_is(sb->buf, u, "th") || tok_is(sb->buf, u, "st") ||
				    tok_is(sb->buf, u, "nd") || tok_is(sb->buf, u, "rd"))
					i++;
			}
			continue;
		}
		/* "twenty-first" arrives as twenty, -, first */
		v = figures_word_value(w, wl, &ord);
		if (v >= 20 && v % 10 == 0 && !ord && i + 2 < tl->nr && tok_is_dash(&tl->v[i + 1])) {
			int o2 = 0;
			long u = figures_word_value(sb->buf + tl->v[i + 2].start,
						    tl->v[i + 2].end - tl->v[i + 2].start, &o2);
			if (u >= 1 && u <= 9) {
				v += u;
				ord = o2;
				i += 2;
			}
		}
		if (v >= 0 && (ord || v >= 2)) {
			struct fmtbuf f;
			fmt_init(&f, num, sizeof(num));
			fmt_int(&f, v, 1);
			words_add(ws, num, f.len);
			continue;
		}
		if (is_title_stop(w, wl))
			continue;
		if ((sp = spelling(w, wl)))
			words_add(ws, sp, strlen(sp));
		else
			words_add(ws, w, wl);
	}
}

static double dice(const struct words *x, const struct words *y)
{
	size_t i, j, common = 0;
	if (!x->n || !y->n)
		return 0.0;
	for (i = 0; i < x->n; i++)
		for (j = 0; j < y->n; j++)
			if (!strcmp(x->w[i], y->w[j])) {
				common++;
				break;
			}
	return 2.0 * (double)common / (double)(x->n + y->n);
}

double claims_title_similarity(const struct aliases *a, const char *x, size_t xn,
			       const char *y, size_t yn, struct tok_list *scratch)
{
	struct words wx, wy;
	struct tok_list own = { NULL, 0, 0 };
	struct strbuf sb = STRBUF_INIT;
	struct tok_list *tl = scratch ? scratch : &own;

	canon_words(a, x, xn, tl, &sb, &wx);
	canon_words(a, y, yn, tl, &sb, &wy);
	tok_list_release(&own);
	strbuf_release(&sb);
	return dice(&wx, &wy);
}

/* ---- entity mentions ---- */

struct head {
	const char *w;
	enum ent_kind kind;
};

static const struct head heads[] = {
	{ "strategy", ENT_INSTRUMENT }, { "resolution", ENT_INSTRUMENT },
	{ "directive", ENT_INSTRUMENT }, { "decision", ENT_INSTRUMENT },
	{ "decree", ENT_INSTRUMENT }, { "law", ENT_INSTRUMENT },
	{ "memorandum", ENT_INSTRUMENT }, { "mou", ENT_INSTRUMENT },
	{ "statement", ENT_INSTRUMENT }, { "agreement", ENT_INSTRUMENT },
	{ "plan", ENT_INSTRUMENT }, { "treaty", ENT_INSTRUMENT },
	{ "declaration", ENT_INSTRUMENT }, { "convention", ENT_INSTRUMENT },
	{ "accord", ENT_INSTRUMENT }, { "charter", ENT_INSTRUMENT },
	{ "program", ENT_INSTRUMENT }, { "programme", ENT_INSTRUMENT },
	{ "partnership", ENT_INSTRUMENT }, { "circular", ENT_INSTRUMENT },
	{ "congress", ENT_CONGRESS },
	{ "dialogue", ENT_MEETING }, { "meeting", ENT_MEETING },
	{ "conference", ENT_MEETING }, { "summit", ENT_MEETING },
	{ "plenum", ENT_MEETING }, { "session", ENT_MEETING }, { "forum", ENT_MEETING },
	{ "paper", ENT_PUBLICATION }, { "review", ENT_PUBLICATION },
	{ "report", ENT_PUBLICATION }, { "journal", ENT_PUBLICATION },
	{ "book", ENT_PUBLICATION },
};

struct mention {
	size_t start, end;      /* text offsets */
	size_t t0, t1;          /* token range [t0, t1) */
	enum ent_kind kind;
	int head_tok;
};

struct dscan {
	const char *text;
	struct tok_list tl;
	struct tok_marks marks; /* tl's capitals, sentence ends and blank lines (tok.h) */
	struct date_list dl;
	struct figure_list fl;
	int fl_sorted;          /* fl by start offset (figures_scan() keeps text order) */
	int dl_sorted;          /* dl by start offset (dates_scan() keeps text order) */
	size_t *dl_tok;         /* tok_at() of each date's start (owned), NULL without dates */
};

/*
 * Inline, always: the word tests run for every token against literal
 * words, whose length the compiler then knows (see tok_is()).
 */
__attribute__((always_inline))
static inline const struct tok *DT(const struct dscan *s, size_t i)
{
	return i < s->tl.nr ? &s->tl.v[i] : NULL;
}

/* 1 if token i exists and is the punctuation cp (DT() is NULL past the end). */
static inline int dt_punct(const struct dscan *s, size_t i, uint32_t cp)
{
	const struct tok *t = DT(s, i);
	return t && tok_punct(t, cp);
}

__attribute__((always_inline))
static inline int dw(const struct dscan *s, size_t i, const char *w)
{
	const struct tok *t = DT(s, i);
	return t && t->kind == TOK_WORD && tok_is(s->text, t, w);
}

/* dw() against each word of a set (see wordidx.h: one filter, not a pass over the list). */
static int in_set(const struct dscan *s, size_t i, struct wordset *set)
{
	const struct tok *t = DT(s, i);
	return t && t->kind == TOK_WORD && wordset_has(set, s->text + t->start, t->end - t->start);
}

/* tok_punct() on token i, 0 past the last token (DT() is NULL there). */
static int dp(const struct dscan *s, size_t i, uint32_t cp)
{
	const struct tok *t = DT(s, i);
	return t && tok_punct(t, cp);
}

/*
 * The head words in a hash (built on first use; the table is constant,
 * so a second build writes the same bytes): sentences() asks for every
 * capitalized word of the document, and comparing each with every head
 * word was a tenth of the extraction's time.
 */
#define HEAD_WORD_MAX 16
#define HEAD_HASH_SIZE 128      /* a power of two, well over the heads */

struct head_slot {
	unsigned char len;      /* 0: empty */
	char w[HEAD_WORD_MAX];
	signed char kind;
};

static struct head_slot head_hash[HEAD_HASH_SIZE];
static int head_hash_ready;
/* most capitalized words are no head: turned away before lowercasing and hashing */
static struct word_filter head_filter;

static struct head_slot *head_slot(const char *w, size_t n)
{
	size_t h = (size_t)strmap_hash(w, n) & (HEAD_HASH_SIZE - 1);
	while (head_hash[h].len && (head_hash[h].len != n || memcmp(head_hash[h].w, w, n)))
		h = (h + 1) & (HEAD_HASH_SIZE - 1);
	return &head_hash[h];
}

static void head_hash_build(void)
{
	size_t k, n;
	for (k = 0; k < ARRAY_SIZE(heads); k++) {
		struct head_slot *sl;
		n = strlen(heads[k].w);
		sl = head_slot(heads[k].w, n);
		word_filter_add(&head_filter, heads[k].w, n);
		/* the first of a word wins, as the linear scan found it */
		if (!sl->len) {
			sl->len = (unsigned char)n;
			memcpy(sl->w, heads[k].w, n);
			sl->kind = (signed char)heads[k].kind;
		}
	}
	head_hash_ready = 1;
}

static int head_kind_of(const struct dscan *s, const struct tok *t)
{
	const struct head_slot *sl;
	char low[HEAD_WORD_MAX];
	size_t n, k;

	n = t->end - t->start;
	if (!n || n >= HEAD_WORD_MAX)
		return -1;
	if (!head_hash_ready)
		head_hash_build();
	if (!word_filter_may(&head_filter, s->text + t->start, n))
		return -1;
	for (k = 0; k < n; k++)
		low[k] = (char)ch_tolower((unsigned char)s->text[t->start + k]);
	sl = head_slot(low, n);
	if (!sl->len)
		return -1;
	/* "White Paper" is a publication; "Paper" alone too */
	return (int)sl->kind;
}

/*
 * The entity kind of the head word at token i, or -1. Inline, the test
 * that turns away most tokens: a head is a capitalized word (as
 * tok_is_cap() says).
 */
static inline int head_kind(const struct dscan *s, size_t i)
{
	const struct tok *t = DT(s, i);
	if (!t || t->kind != TOK_WORD || !ch_isupper((unsigned char)s->text[t->start]))
		return -1;
	return head_kind_of(s, t);
}

static int is_ord_suffix(const struct dscan *s, size_t i)
{
	return dw(s, i, "th") || dw(s, i, "st") || dw(s, i, "nd") || dw(s, i, "rd");
}

static int titleish(const struct dscan *s, size_t i)
{
	const struct tok *t = DT(s, i);
	if (!t)
		return 0;
	if (t->space >= 2)
		return 0;
	if (t->kind == TOK_WORD && tok_is_cap(s->text, t))
		return 1;
	if (t->kind == TOK_NUM && t->end - t->start <= 2)
		return 1;
	if (t->kind == TOK_WORD && is_ord_suffix(s, i) && i && DT(s, i - 1)->kind == TOK_NUM)
		return 1;
	return 0;
}

static int is_month_or_weekday(const struct dscan *s, size_t i)
{
	static const char *const names[] = {
		"january", "february", "march", "april", "may", "june", "july", "august",
		"september", "october", "november", "december", "in", "on", "at", "the", "this",
		"that", "these", "a", "an", "since", "by", "from", "during", "after", "before",
	};
	static struct wordset set = WORDSET_INIT(names);
	return in_set(s, i, &set);
}

/* Token index of the first token starting at or after off. */
static size_t tok_at(const struct dscan *s, size_t off)
{
	size_t lo = 0, hi = s->tl.nr;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (s->tl.v[mid].start < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * tok_at(s, off) when every token before from starts before off: found
 * by galloping on from from, then a binary search over the last step
 * (the dates of a document come in text order, most a few tokens after
 * the last).
 */
static size_t tok_at_after(const struct dscan *s, size_t from, size_t off)
{
	size_t lo = from, hi, step = 1;
	while (from + step <= s->tl.nr && s->tl.v[from + step - 1].start < off) {
		lo = from + step;
		step *= 2;
	}
	hi = from + step <= s->tl.nr ? from + step - 1 : s->tl.nr;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->tl.v[mid].start < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Extends a head at h into its title. t_lo..t_hi bound the sentence. */
static void extend(const struct dscan *s, size_t h, size_t t_lo, size_t t_hi, struct mention *m)
{
	size_t a = h, b = h + 1, k;

	while (a > t_lo && titleish(s, a - 1) && !is_month_or_weekday(s, a - 1) && s->tl.v[a].space < 2)
		a--;
	for (;;) {
		if (b >= t_hi)
			break;
		/* "Through 2020", "up to 2020" inside a title */
		if (DT(s, b)->kind == TOK_NUM && DT(s, b)->end - DT(s, b)->start == 4 && b > 0 &&
		    (dw(s, b - 1, "through") || dw(s, b - 1, "until") || dw(s, b - 1, "to"))) {
			b++;
			continue;
		}
		if (dw(s, b, "up") && dw(s, b + 1, "to") && b + 2 < t_hi &&
		    DT(s, b + 2)->kind == TOK_NUM) {
			b += 3;
			continue;
		}
		if ((dw(s, b, "through") || dw(s, b, "until")) && b + 1 < t_hi &&
		    DT(s, b + 1)->kind == TOK_NUM) {
			b += 2;
			continue;
		}
		if (titleish(s, b) && !is_month_or_weekday(s, b) &&
		    !(dw(s, b, "no") && dt_punct(s, b + 1, '.'))) {
			b++;
			continue;
		}
		/* "No. 22-NQ/TW", "No. 130/2020/QH14" */
		if (dw(s, b, "no") && b + 2 < t_hi && dt_punct(s, b + 1, '.') &&
		    DT(s, b + 2)->kind == TOK_NUM) {
			b += 3;
			while (b + 1 < t_hi && DT(s, b)->space == 0 && DT(s, b + 1)->space == 0 &&
			       (dt_punct(s, b, '-') || dt_punct(s, b, '/')) &&
			       DT(s, b + 1)->kind != TOK_PUNCT)
				b += 2;
			continue;
		}
		/* "(MOU)" */
		if (dt_punct(s, b, '(') && b + 2 < t_hi && dt_punct(s, b + 2, ')') &&
		    DT(s, b + 1)->kind == TOK_WORD) {
			const struct tok *ab = DT(s, b + 1);
			int caps = 1;
			for (k = ab->start; k < ab->end; k++)
				if (!ch_isupper((unsigned char)s->text[k]))
					caps = 0;
			if (caps) {
				b += 3;
				continue;
			}
		}
		/* connectors followed by a capitalized word or an ordinal */
		if ((dw(s, b, "of") || dw(s, b, "for") || dw(s, b, "on") || dw(s, b, "to") ||
		     dw(s, b, "and")) && b + 1 < t_hi) {
			size_t c = b + 1;
			if (dw(s, c, "the") && c + 1 < t_hi)
				c++;
			if (dw(s, b, "and") && (!(b > 0 && DT(s, b - 1)->kind == TOK_WORD) ||
						head_kind(s, c) >= 0))
				break;   /* "Resolution X and Resolution Y" are two */
			if (titleish(s, c) && !is_month_or_weekday(s, c) &&
			    !(DT(s, c)->kind == TOK_NUM && DT(s, c)->end - DT(s, c)->start == 4)) {
				/* stop before a possessive: "the VCP's Seventh Congress" */
				if (c + 2 < t_hi && DT(s, c + 1)->kind == TOK_PUNCT &&
				    (DT(s, c + 1)->cp == 0x2019 || DT(s, c + 1)->cp == '\'') &&
				    dw(s, c + 2, "s"))
					break;
				b = c;
				continue;
			}
			/* "to 2030" after "Vision" */
			if (dw(s, b, "to") && b > 0 && dw(s, b - 1, "vision") && DT(s, c)->kind == TOK_NUM) {
				b = c + 1;
				continue;
			}
		}
		/* "up to 2020", "through 2020", "until 2020" inside a title */
		if ((dw(s, b, "up") && dw(s, b + 1, "to") && b + 2 < t_hi && DT(s, b + 2)->kind == TOK_NUM) ||
		    ((dw(s, b, "through") || dw(s, b, "until")) && b + 1 < t_hi &&
		     DT(s, b + 1)->kind == TOK_NUM && dw(s, b + 2 < t_hi ? b + 2 : b, "vision") == 0 &&
		     dt_punct(s, b + 2, ',') && dw(s, b + 3, "vision"))) {
			b += dw(s, b, "up") ? 3 : 2;
			continue;
		}
		/* ", Vision to 2030" */
		if (dt_punct(s, b, ',') && dw(s, b + 1, "vision") && tok_is_cap(s->text, DT(s, b + 1))) {
			b += 2;
			continue;
		}
		/* "of the 11th term" */
		if ((dw(s, b, "term") || dw(s, b, "tenure")) && b > 0 &&
		    (is_ord_suffix(s, b - 1) || DT(s, b - 1)->kind == TOK_NUM)) {
			b++;
			continue;
		}
		break;
	}
	/* drop a trailing possessive, connector or parenthesis */
	while (b > h + 1 && (dw(s, b - 1, "of") || dw(s, b - 1, "the") || dw(s, b - 1, "and") ||
			     dw(s, b - 1, "for") || dw(s, b - 1, "on") || dw(s, b - 1, "to")))
		b--;
	m->t0 = a;
	m->t1 = b;
	m->start = s->tl.v[a].start;
	m->end = s->tl.v[b - 1].end;
	m->head_tok = (int)h;
}

/* ---- sentences ---- */

static int abbrev_before(const char *text, size_t dot)
{
	static const char *const abbr[] = {
		"No", "Nos", "Vol", "p", "pp", "e.g", "i.e", "Mr", "Mrs", "Ms", "Dr", "St", "Gen",
		"Lt", "Col", "Sen", "Rep", "Jan", "Feb", "Aug", "Sept", "Sep", "Oct", "Nov", "Dec",
		"U.S", "U.K", "cf", "ed", "eds", "al", "Fig", "Art", "Prof", "Jr", "Inc", "Co",
	};
	/* found without case, then compared with it: no two of them differ by case only */
	static struct wordset set = WORDSET_INIT(abbr);
	size_t k = dot;
	int j;
	while (k > 0 && (ch_isalpha((unsigned char)text[k - 1]) || text[k - 1] == '.'))
		k--;
	if (dot - k == 1 && ch_isupper((unsigned char)text[k]))
		return 1;   /* an initial: "A. Thayer" */
	j = wordset_find(&set, text + k, dot - k);
	return j >= 0 && !memcmp(text + k, abbr[j], dot - k);
}

struct span {
	size_t start, end;
	size_t t_lo, t_hi;      /* its tokens: tok_at() of start and of end */
	size_t h_lo, h_hi;      /* its head words: sentence_list.heads[h_lo..h_hi) */
};

/* A head word: a token whose head_kind() is not -1. */
struct head_at {
	size_t tok;
	int kind;               /* enum ent_kind */
};

/*
 * The sentences of a document and the head words of their tokens, in
 * text order, found in one pass over its tokens.
 */
struct sentence_list {
	struct span *v;
	size_t nr, alloc;
	struct head_at *heads;
	size_t nr_heads, alloc_heads;
};

/*
 * Appends the sentence [start, cut) with its tokens [t_lo, t_hi) to
 * out, its start past the white space the cut left before it; a
 * sentence with no token is left out (none of its bytes can be part of
 * a claim: the extraction works on tokens).
 */
static void add_sentence(const char *text, size_t start, size_t cut, size_t t_lo, size_t t_hi,
			 size_t h_lo, struct sentence_list *out)
{
	struct span *sn;
	while (start < cut && ch_isspace((unsigned char)text[start]))
		start++;
	if (cut <= start || t_lo >= t_hi)
		return;
	ALLOC_GROW(out->v, out->nr + 1, out->alloc);
	sn = &out->v[out->nr++];
	sn->start = start;
	sn->end = cut;
	sn->t_lo = t_lo;
	sn->t_hi = t_hi;
	sn->h_lo = h_lo;
	sn->h_hi = out->nr_heads;
}

/*
 * The first and the last paragraph break ("\n\n") in the white space
 * text[a..b) between two tokens: 0 if there is none.
 */
static int gap_breaks(const char *text, size_t a, size_t b, size_t *first, size_t *last)
{
	const char *p = text + a, *end = text + b, *nl;
	int found = 0;
	while (end - p >= 2 && (nl = memchr(p, '\n', (size_t)(end - p) - 1))) {
		if (nl[1] == '\n') {
			if (!found)
				*first = (size_t)(nl - text);
			*last = (size_t)(nl - text);
			found = 1;
		}
		p = nl + 1;
	}
	return found;
}

/*
 * The sentences of the text, from its tokens (not from its bytes, and
 * each sentence's token range comes with it): a sentence ends at a
 * paragraph break ("\n\n", always in the white space before a token:
 * the tokenizer marks it, space 3) and at '.', '!' or '?' followed by a
 * space and a capital, digit, non-ASCII byte, quote or opening bracket,
 * unless after an abbreviation. Only sentences with tokens are listed.
 * The same pass lists the head words (head_kind()), which
 * sentence_claims() would otherwise look for in a pass of its own. It
 * looks only at the tokens tok_scan_marked() marked: the capitals, the
 * sentence ends and the tokens after a blank line, the only ones either
 * search can stop at.
 */
static void sentences(const struct dscan *s, size_t len, struct sentence_list *out)
{
	const char *text = s->text;
	const struct tok_list *tl = &s->tl;
	size_t j, k, prev = (size_t)-1, start = 0, t_lo = 0, h_lo = 0, first, last;

	for (j = 0; j < s->marks.nr; j++) {
		const struct tok *t;
		k = s->marks.v[j];
		/* a token marked twice (a capital after a blank line), or no token after one */
		if (k == prev || k >= tl->nr)
			continue;
		prev = k;
		t = &tl->v[k];
		if (t->space == 3 &&
		    gap_breaks(text, k ? tl->v[k - 1].end : 0, t->start, &first, &last)) {
			add_sentence(text, start, first, t_lo, k, h_lo, out);
			start = last;
			t_lo = k;
			h_lo = out->nr_heads;
		}
		if (t->kind == TOK_WORD) {
			int hk;
			if (ch_isupper((unsigned char)text[t->start]) && (hk = head_kind_of(s, t)) >= 0) {
				ALLOC_GROW(out->heads, out->nr_heads + 1, out->alloc_heads);
				out->heads[out->nr_heads].tok = k;
				out->heads[out->nr_heads++].kind = hk;
			}
		} else if (t->kind == TOK_PUNCT && (t->cp == '.' || t->cp == '!' || t->cp == '?')) {
			size_t i = t->start;
			unsigned char c;
			if (i + 2 >= len || text[i + 1] != ' ')
				continue;
			c = (unsigned char)text[i + 2];
			if ((ch_isupper(c) || ch_isdigit(c) || c >= 0x80 || c == '"' || c == '(' ||
			     c == '[') && !abbrev_before(text, i)) {
				add_sentence(text, start, i + 1, t_lo, k + 1, h_lo, out);
				start = i + 1;
				t_lo = k + 1;
				h_lo = out->nr_heads;
			}
		}
	}
	/* the white space after the last token */
	if (gap_breaks(text, tl->nr ? tl->v[tl->nr - 1].end : 0, len, &first, &last)) {
		add_sentence(text, start, first, t_lo, tl->nr, h_lo, out);
		start = last;
		t_lo = tl->nr;
		h_lo = out->nr_heads;
	}
	add_sentence(text, start, len, t_lo, tl->nr, h_lo, out);
}

/* ---- predicates ---- */

/* The predicates, and the attribute each states (attr_names[pred_attr[k]] for pred_words[k]). */
static const char *const pred_words[] = {
	"adopted", "approved", "signed", "issued", "dated", "passed", "promulgated", "enacted",
	"ratified",
	"held", "convened", "inaugurated", "opened",
	"published", "released",
	"established", "founded", "launched", "created",
};
static const char *const attr_names[] = { "adopted", "held", "published", "established" };
static const unsigned char pred_attr[] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0,
	1, 1, 1, 1,
	2, 2,
	3, 3, 3, 3,
};
_Static_assert(ARRAY_SIZE(pred_words) == ARRAY_SIZE(pred_attr), "a predicate without its attribute");

static const char *pred_at(const struct dscan *s, size_t i)
{
	static struct wordset set = WORDSET_INIT(pred_words);
	const struct tok *t = DT(s, i);
	int k;
	if (!t || t->kind != TOK_WORD || (k = wordset_find(&set, s->text + t->start, t->end - t->start)) < 0)
		return NULL;
	return attr_names[pred_attr[k]];
}

static const char *default_attr(enum ent_kind k)
{
	if (k == ENT_CONGRESS || k == ENT_MEETING)
		return "held";
	if (k == ENT_PUBLICATION)
		return "published";
	return "adopted";
}

/* ---- building claims ---- */

struct docctx {
	struct claim_set *set;
	size_t doc;
	const struct doc *d;
	struct dscan *s;
	const struct sentence_list *sl;
	const struct claim_callout *callouts;
	size_t nr_callouts;
	int callouts_sorted;    /* by start, each end >= its start: searched */
	int marks_sorted;       /* the same for the document's marks */
	/*
	 * The bracketed numbers of the last sentence looked at: the claims
	 * of one sentence share them, and a long sentence with many claims
	 * is not scanned again for each.
	 */
	size_t br_sent_start, br_sent_end;
	int br_valid;
	size_t nr_br;
	size_t br_start[CLAIMS_MAX_SOURCES], br_end[CLAIMS_MAX_SOURCES];
	struct canon_memo *memo;        /* CANON_MEMO_SLOTS, NULL until first used; owned */
	/*
	 * Where the last sentence claim_finish() looked at lies in the
	 * source: the claims of a sentence share it.
	 */
	size_t fin_sent_start, fin_sent_end;
	int fin_valid;
	size_t fin_src_start, fin_src_end, fin_line, fin_col;
	size_t fl_next;                 /* count_claims(): the first figure of the sentence */
	struct tok_list tl;             /* canon_words()'s scratch, for the whole document */
	struct strbuf sb;               /* the same */
	/* what a claim's strings are made in before they are copied to the set's chunks */
	struct strbuf key, quote, part;
	char *srcs[CLAIMS_MAX_SOURCES];
	int overflow;
};

/*
 * The canonical words of spans of the document, by their bytes: the
 * same nouns ("countries"), heads and subjects come back in count after
 * count, a mention's words are taken for its test and again for its
 * key, and canon_words() (the aliases, a tokenization) is the dearest
 * step of both. Direct-mapped: a collision only costs a recomputation.
 */
#define CANON_MEMO_SLOTS 128     /* a power of two */

struct canon_memo {
	size_t start, len;      /* the span in the document's text; len 0: empty */
	struct words w;
};

/* canon_words() of text[a..b), a < b; the result lives until the next call. */
static const struct words *canon_span(struct docctx *c, size_t a, size_t b)
{
	const char *text = c->s->text;
	size_t n = b - a;
	struct canon_memo *m;

	if (!c->memo) {
		size_t i;
		/* not calloc(): only the lengths need clearing, not each slot's 1.5 KB of words */
		c->memo = xmalloc(CANON_MEMO_SLOTS * sizeof(*c->memo));
		for (i = 0; i < CANON_MEMO_SLOTS; i++)
			c->memo[i].len = 0;
	}
	m = &c->memo[strmap_hash(text + a, n) & (CANON_MEMO_SLOTS - 1)];
	if (m->len != n || memcmp(text + m->start, text + a, n)) {
		canon_words(c->set->aliases, text + a, n, &c->tl, &c->sb, &m->w);
		m->start = a;
		m->len = n;
	}
	return &m->w;
}

/*
 * Appends the words of ws separated by spaces (the key strbufs are not
 * capped: this is "%s%s" without the format).
 */
static void add_words(struct strbuf *key, const struct words *ws)
{
	size_t i;
	for (i = 0; i < ws->n; i++) {
		if (i)
			strbuf_addch(key, ' ');
		strbuf_add(key, ws->w[i], wlen(ws, i));
	}
}

/*
 * Sets cl->entity_words from cl->entity, a copy of text[a..b), as the
 * store took them from it: by canon_span() where memo and the copy is
 * the whole span (a mention's words are there already, taken for its
 * test and its key), else from the copy itself (a count's subject to
 * noun, never asked for again, would only push out of the memo the
 * nouns that come back).
 */
static void set_entity_words(struct docctx *c, struct claim *cl, size_t a, size_t b, int memo)
{
	size_t n = strlen(cl->entity);
	struct words ws;

	strbuf_reset(&c->key);
	if (memo && n && n == b - a) {
		add_words(&c->key, canon_span(c, a, b));
	} else {
		canon_words(c->set->aliases, cl->entity, n, &c->tl, &c->sb, &ws);
		add_words(&c->key, &ws);
	}
	cl->entity_words = chunk_strndup(c->set, c->key.buf, c->key.len);
}

/* Copies the string src into dst[size], cut as snprintf("%s") cuts it. */
static void copy_str(char *dst, size_t size, const char *src)
{
	struct fmtbuf f;
	fmt_init(&f, dst, size);
	fmt_str(&f, src);
}

/* Key of an entity: identifier, congress ordinal, or title words. */
static void make_key(struct docctx *c, const struct mention *m, struct strbuf *key)
{
	const struct dscan *s = c->s;
	size_t i;
	const struct words *ws;
	const struct tok *h = &s->tl.v[m->head_tok];
	char kind[24];
	struct fmtbuf f;

	for (i = m->t0; i + 2 < m->t1; i++) {
		if (dw(s, i, "no") && dp(s, i + 1, '.') && DT(s, i + 2) && DT(s, i + 2)->kind == TOK_NUM) {
			size_t k, e = DT(s, i + 2)->end;
			strbuf_addstr(key, "id:");
			for (k = h->start; k < h->end; k++)
				strbuf_addch(key, ch_tolower((unsigned char)s->text[k]));
			strbuf_addch(key, ':');
			strbuf_add(key, s->text + DT(s, i + 2)->start, e - DT(s, i + 2)->start);
			strbuf_addch(key, '|');
			/* the issuer: what follows the number, "-NQ/TW", "/2020/QH14" */
			for (k = e; k < m->end; k++)
				strbuf_addch(key, ch_tolower((unsigned char)s->text[k]));
			return;
		}
	}
	ws = canon_span(c, m->start, m->end);
	if (m->kind == ENT_CONGRESS) {
		for (i = 0; i < ws->n; i++)
			if (ch_isdigit((unsigned char)ws->w[i][0]) && wlen(ws, i) <= 3) {
				/* a party congress: its ordinal is its identity */
				int party = 1;
				size_t j;
				for (j = 0; j < ws->n; j++)
					if (strcmp(ws->w[j], "congress") && strcmp(ws->w[j], "national") &&
					    strcmp(ws->w[j], "party") && strcmp(ws->w[j], "communist") &&
					    strcmp(ws->w[j], "vcp") && strcmp(ws->w[j], "cpv") &&
					    strcmp(ws->w[j], "vietnam") && strcmp(ws->w[j], ws->w[i]))
						party = 0;
				if (party) {
					strbuf_addstr(key, "congress:");
					strbuf_addstr(key, ws->w[i]);
					return;
				}
			}
	}
	fmt_init(&f, kind, sizeof(kind));
	fmt_int(&f, (long)m->kind, 1);
	strbuf_addstr(key, "title:");
	strbuf_addstr(key, kind);
	strbuf_addch(key, ':');
	add_words(key, ws);
}

/*
 * The first of n elements of size bytes at v whose size_t at offset off
 * (their start) is at or after pos; the elements sorted by it. For the
 * callouts and the marks of a document.
 */
static size_t lower_bound_start(const void *v, size_t n, size_t size, size_t off, size_t pos)
{
	const unsigned char *base = v;
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2, start;
		memcpy(&start, base + mid * size + off, sizeof(start));
		if (start < pos)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Adds src (in the set's chunks) to the sources of cl, gathered in c->srcs. */
static void add_source(struct docctx *c, struct claim *cl, char *src)
{
	c->srcs[cl->nr_sources++] = src;
}

/*
 * The bracketed callouts "[5]", "[21; p.37-38]" of the claim's sentence
 * as written, found once per sentence (c->br_*), at most
 * CLAIMS_MAX_SOURCES of them.
 */
static void scan_brackets(struct docctx *c, const struct claim *cl)
{
	const char *t = c->s->text;
	size_t i, j;

	if (c->br_valid && c->br_sent_start == cl->sent_start && c->br_sent_end == cl->sent_end)
		return;
	c->br_valid = 1;
	c->br_sent_start = cl->sent_start;
	c->br_sent_end = cl->sent_end;
	c->nr_br = 0;
	for (i = cl->sent_start; i < cl->sent_end && c->nr_br < CLAIMS_MAX_SOURCES; i++) {
		if (t[i] != '[')
			continue;
		for (j = i + 1; j < cl->sent_end && j - i < 40 && t[j] != ']' && t[j] != '['; j++)
			;
		if (j < cl->sent_end && t[j] == ']' && j > i + 1 && ch_isdigit((unsigned char)t[i + 1])) {
			c->br_start[c->nr_br] = i;
			c->br_end[c->nr_br] = j + 1;
			c->nr_br++;
			i = j;
		}
	}
}

/*
 * The sources of a claim: the callouts refs found in its sentence (with
 * their entries), or else the bracketed numbers written in it, then its
 * note marks; at most CLAIMS_MAX_SOURCES. Callouts and marks are found
 * by binary search when sorted (they are, in document order), so a
 * document with many claims and many callouts costs n log n, not n * m.
 */
static void add_sources(struct docctx *c, struct claim *cl)
{
	const char *t = c->s->text;
	size_t i;

	i = c->callouts_sorted ? lower_bound_start(c->callouts, c->nr_callouts, sizeof(*c->callouts),
						     offsetof(struct claim_callout, start), cl->sent_start) : 0;
	for (; i < c->nr_callouts && cl->nr_sources < CLAIMS_MAX_SOURCES; i++) {
		const struct claim_callout *co = &c->callouts[i];
		if (c->callouts_sorted && co->start > cl->sent_end)
			break;
		if (co->start >= cl->sent_start && co->end <= cl->sent_end) {
			/* "label: entry" without the format, made in one allocation (entries are long) */
			const char *label = co->label ? co->label : "?";
			size_t ll = strlen(label), el = co->entry ? strlen(co->entry) : 0;
			char *src = chunk_alloc(c->set, ll + (co->entry ? 2 + el : 0) + 1);
			memcpy(src, label, ll);
			if (co->entry) {
				memcpy(src + ll, ": ", 2);
				memcpy(src + ll + 2, co->entry, el);
				ll += 2 + el;
			}
			src[ll] = '\0';
			add_source(c, cl, src);
		}
	}
	if (c->nr_callouts)
		goto out;
	scan_brackets(c, cl);
	for (i = 0; i < c->nr_br && cl->nr_sources < CLAIMS_MAX_SOURCES; i++)
		add_source(c, cl, chunk_strndup(c->set, t + c->br_start[i],
						c->br_end[i] - c->br_start[i]));
	i = c->marks_sorted ? lower_bound_start(c->d->marks, c->d->nr_marks, sizeof(*c->d->marks),
						 offsetof(struct doc_mark, start), cl->sent_start) : 0;
	for (; i < c->d->nr_marks && cl->nr_sources < CLAIMS_MAX_SOURCES; i++) {
		const struct doc_mark *mk = &c->d->marks[i];
		const char *label;
		if (c->marks_sorted && mk->start > cl->sent_end)
			break;
		if (mk->kind == MARK_EMPH || mk->start < cl->sent_start || mk->end > cl->sent_end)
			continue;
		label = mk->label ? mk->label : "?";
		add_source(c, cl, chunk_strndup(c->set, label, strlen(label)));
	}
out:
	if (cl->nr_sources) {
		cl->sources = chunk_alloc(c->set, cl->nr_sources * sizeof(*cl->sources));
		memcpy(cl->sources, c->srcs, cl->nr_sources * sizeof(*cl->sources));
	}
}

/* The length of s[0..n) cut at max bytes on a code point boundary. */
static size_t capped_len(const char *s, size_t n, size_t max)
{
	if (n > max) {
		n = max;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	return n;
}

/* Copy of s[0..n) in set's chunks, cut at max bytes on a code point boundary. */
static char *capped_dup(struct claim_set *set, const char *s, size_t n, size_t max)
{
	return chunk_strndup(set, s, capped_len(s, n, max));
}

/*
 * The quote of text range [start, end) for a finding, as findings_add()
 * makes it: the source as written when the range is a plain copy of it,
 * else the reading text (markup, entities or page furniture inside),
 * line breaks as spaces. Capped at max bytes. Made in out (reset
 * first), the caller's scratch.
 */
static void finding_quote(const struct doc *d, size_t start, size_t end, size_t ss, size_t se,
			  size_t max, struct strbuf *out)
{
	const char *t = d->text.text.buf;
	size_t i;

	strbuf_reset(out);
	if (se - ss == end - start && !memcmp(d->src + ss, t + start, end - start)) {
		strbuf_add(out, d->src + ss, capped_len(d->src + ss, se - ss, max));
		return;
	}
	strbuf_add(out, t + start, capped_len(t + start, end - start, max));
	for (i = 0; out->buf[i]; i++)
		if (out->buf[i] == '\n')
			out->buf[i] = ' ';
}

/*
 * Copies from the document what reconciliation and the renderers need,
 * so that the document can be freed, then the sources of the sentence.
 * The quotes are made in c's scratch, and only what is kept is copied
 * to the set's chunks.
 */
static void claim_finish(struct docctx *c, struct claim *cl)
{
	const struct doc *d = c->d;
	const char *t = d->text.text.buf;
	size_t ws = cl->sent_start, we = cl->sent_end, ss, se;
	struct strbuf *q = &c->quote;
	int has_src = 0;

	doc_src_range(d, cl->val_start, cl->val_end, &cl->val_src_start, &cl->val_src_end);
	doc_locate_src(d, cl->val_src_start, &cl->line, &cl->col);
	if (!c->fin_valid || c->fin_sent_start != ws || c->fin_sent_end != we) {
		c->fin_valid = 1;
		c->fin_sent_start = ws;
		c->fin_sent_end = we;
		doc_src_range(d, ws, we, &c->fin_src_start, &c->fin_src_end);
		doc_locate_src(d, c->fin_src_start, &c->fin_line, &c->fin_col);
	}
	cl->sent_src_start = c->fin_src_start;
	cl->sent_src_end = c->fin_src_end;
	cl->sent_line = c->fin_line;
	cl->sent_col = c->fin_col;
	/*
	 * A sentence longer than the cap is quoted around its value, cut
	 * at spaces and marked with an ellipsis: a long sentence quoted
	 * from its start would leave out the very value it is quoted for.
	 */
	if (we - ws > CLAIMS_QUOTE_MAX - 8) {
		/* some words before the value: a finding quotes 240 bytes of it */
		size_t before = 120;
		if (cl->val_start > ws + before) {
			ws = cl->val_start - before;
			while (ws < cl->val_start && t[ws - 1] != ' ')
				ws++;
		}
		if (we > ws + CLAIMS_QUOTE_MAX - 8) {
			we = ws + CLAIMS_QUOTE_MAX - 8;
			while (we > cl->val_end && t[we] != ' ')
				we--;
		}
	}
	if (ws == cl->sent_start && we == cl->sent_end) {
		/*
		 * The whole sentence, the usual case: no ellipsis, and where
		 * the source is a plain copy of the text both quotes are the
		 * same bytes (the source's is then not kept, as below).
		 */
		cl->quote = capped_dup(c->set, t + ws, we - ws, CLAIMS_QUOTE_MAX);
		ss = cl->sent_src_start;
		se = cl->sent_src_end;
		if (se - ss != we - ws || memcmp(d->src + ss, t + ws, we - ws)) {
			finding_quote(d, ws, we, ss, se, CLAIMS_QUOTE_MAX, q);
			has_src = 1;
		}
	} else {
		doc_src_range(d, ws, we, &ss, &se);
		strbuf_reset(q);
		if (ws > cl->sent_start)
			strbuf_addstr(q, "\xe2\x80\xa6");
		strbuf_add(q, t + ws, we - ws);
		if (we < cl->sent_end)
			strbuf_addstr(q, "\xe2\x80\xa6");
		cl->quote = capped_dup(c->set, q->buf, q->len, CLAIMS_QUOTE_MAX);
		finding_quote(d, ws, we, ss, se, CLAIMS_QUOTE_MAX, &c->part);
		strbuf_reset(q);
		if (ws > cl->sent_start)
			strbuf_addstr(q, "\xe2\x80\xa6");
		strbuf_addstr(q, c->part.buf);
		if (we < cl->sent_end)
			strbuf_addstr(q, "\xe2\x80\xa6");
		strbuf_setlen(q, capped_len(q->buf, q->len, CLAIMS_QUOTE_MAX));
		has_src = 1;
	}
	finding_quote(d, cl->val_start, cl->val_end, cl->val_src_start, cl->val_src_end, 64, &c->part);
	cl->val_quote = chunk_strndup(c->set, c->part.buf, c->part.len);
	/* none kept when the same as quote: the usual case (plain text), one copy is enough */
	if (has_src && strcmp(q->buf, cl->quote))
		cl->src_quote = chunk_strndup(c->set, q->buf, q->len);
	add_sources(c, cl);
}

static struct claim *new_claim(struct docctx *c, const struct span *sn)
{
	struct claim *cl;
	if (c->set->nr_claims >= (c->set->max_claims ? c->set->max_claims : CLAIMS_MAX)) {
		c->overflow = 1;
		return NULL;
	}
	ALLOC_GROW(c->set->claims, c->set->nr_claims + 1, c->set->alloc_claims);
	cl = &c->set->claims[c->set->nr_claims++];
	memset(cl, 0, sizeof(*cl));
	cl->doc = c->doc;
	cl->sent_start = sn->start;
	cl->sent_end = sn->end;
	cl->group = (size_t)-1;
	return cl;
}

static void date_claim(struct docctx *c, const struct span *sn, const struct mention *m,
		       const struct date_expr *e, const char *attr, const char *pred)
{
	struct dscan *s = c->s;
	struct claim *cl = new_claim(c, sn);
	if (!cl)
		return;
	strbuf_reset(&c->key);
	make_key(c, m, &c->key);
	cl->key = chunk_strndup(c->set, c->key.buf, c->key.len);
	cl->entity = chunk_strndup(c->set, s->text + m->start, m->end - m->start);
	set_entity_words(c, cl, m->start, m->end, 1);
	cl->kind = (int)m->kind;
	copy_str(cl->attribute, sizeof(cl->attribute), attr);
	copy_str(cl->predicate, sizeof(cl->predicate), pred);
	copy_str(cl->value, sizeof(cl->value), e->value);
	cl->is_date = 1;
	cl->date = e->a;
	cl->val_start = e->start;
	cl->val_end = e->end;
	claim_finish(c, cl);
}

/* A usable date: a single point with a known year, outside every entity. */
static int usable(const struct date_expr *e, const struct mention *ms, size_t nm)
{
	size_t i;
	if (e->kind != DATE_KIND_DATE || e->a.year < 0 || e->a.prec < DATE_PREC_YEAR)
		return 0;
	for (i = 0; i < nm; i++)
		if (e->start < ms[i].end && ms[i].start < e->end)
			return 0;
	return 1;
}

/* First usable date starting within tokens [t_from, t_to). */
static const struct date_expr *date_in(const struct dscan *s, size_t t_from, size_t t_to,
				       const struct mention *ms, size_t nm)
{
	size_t i;
	if (t_from >= t_to || t_from >= s->tl.nr)
		return NULL;
	i = 0;
	if (s->dl_sorted) {
		/*
		 * tok_at() grows with the offset: the dates of the range are
		 * found by binary search, not by a pass over every date of the
		 * document for each mention (quadratic in its length).
		 */
		size_t lo = 0, hi = s->dl.nr;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (s->dl_tok[mid] < t_from)
				lo = mid + 1;
			else
				hi = mid;
		}
		i = lo;
	}
	for (; i < s->dl.nr; i++) {
		const struct date_expr *e = &s->dl.v[i];
		size_t ti = s->dl_tok[i];
		if (s->dl_sorted && ti >= t_to)
			break;
		if (ti >= t_from && ti < t_to && usable(e, ms, nm))
			return e;
	}
	return NULL;
}

static void sentence_claims(struct docctx *c, const struct span *sn)
{
	struct dscan *s = c->s;
	size_t t_lo = sn->t_lo, t_hi = sn->t_hi, i, h, k, nm = 0, am = 0;
	struct mention *ms = NULL;

	/* entity mentions, from the head words sentences() found */
	for (h = sn->h_lo; h < sn->h_hi; h++) {
		int hk = c->sl->heads[h].kind;
		struct mention m;
		i = c->sl->heads[h].tok;
		if (nm && i < ms[nm - 1].t1)
			continue;
		/* "White Paper" only: a bare "Paper" is this paper */
		if (tok_is(s->text, DT(s, i), "paper") && !(i && dw(s, i - 1, "white")))
			continue;
		extend(s, i, t_lo, t_hi, &m);
		m.kind = (enum ent_kind)hk;
		if (m.t1 - m.t0 < 2)
			continue;       /* "the Strategy" alone names nothing */
		if (hk != ENT_CONGRESS) {
			/* "a Joint Statement": too generic to be told from another */
			size_t j, id = 0;
			size_t nw = canon_span(c, m.start, m.end)->n;
			for (j = m.t0; j < m.t1; j++)
				if (dw(s, j, "no") || DT(s, j)->kind == TOK_NUM)
					id = 1;
			if (nw < 3 && !id)
				continue;
		}
		ALLOC_GROW(ms, nm + 1, am);
		ms[nm++] = m;
	}

	for (k = 0; k < nm; k++) {
		const struct mention *m = &ms[k];
		size_t next = k + 1 < nm ? ms[k + 1].t0 : t_hi, p, j;
		const struct date_expr *e = NULL;
		const char *attr;

		/* "E (1991)" */
		if (m->t1 < t_hi && dt_punct(s, m->t1, '(') &&
		    (e = date_in(s, m->t1 + 1, m->t1 + 2, ms, nm)) &&
		    dp(s, tok_at(s, e->end), ')')) {
			date_claim(c, sn, m, e, default_attr(m->kind), "(date)");
			continue;
		}
		/* passive: "E, dated D", "E held in D", "E adopted in D" */
		for (p = m->t1; p < next && p < m->t1 + 8; p++) {
			if ((attr = pred_at(s, p))) {
				e = NULL;
				for (j = p + 1; j < next && j <= p + 3; j++) {
					if ((e = date_in(s, j, j + 1, ms, nm)))
						break;
					if (!(dw(s, j, "in") || dw(s, j, "on") || dw(s, j, "at") ||
					      dt_punct(s, j, ',')))
						break;
				}
				if (e) {
					char w[24];
					snprintf(w, sizeof(w), "%.*s", (int)(DT(s, p)->end - DT(s, p)->start),
						 s->text + DT(s, p)->start);
					date_claim(c, sn, m, e, attr, w);
				}
				break;
			}
		}
		if (e)
			continue;
		/* active: "approved E in D", "In D, X approved E" */
		for (p = m->t0; p > t_lo && m->t0 - p < 4; p--) {
			if ((attr = pred_at(s, p - 1))) {
				char w[24];
				size_t pt = p - 1;
				e = date_in(s, m->t1, next < m->t1 + 4 ? next : m->t1 + 4, ms, nm);
				if (!e) {
					/* the nearest date before the predicate, no entity between */
					size_t lim = k ? ms[k - 1].t1 : t_lo, q;
					for (q = pt; q > lim && !e; q--)
						e = date_in(s, q - 1, q, ms, nm);
				}
				if (e) {
					snprintf(w, sizeof(w), "%.*s", (int)(DT(s, pt)->end - DT(s, pt)->start),
						 s->text + DT(s, pt)->start);
					date_claim(c, sn, m, e, attr, w);
				}
				break;
			}
			if (!(dw(s, p - 1, "the") || dw(s, p - 1, "a") || dw(s, p - 1, "an") ||
			      dw(s, p - 1, "its") || dw(s, p - 1, "their")))
				break;
		}
	}
	free(ms);
}

/* "This article was published in ... (Avril 2022)": about the document itself. */
static void self_claims(struct docctx *c, const struct span *sn)
{
	struct dscan *s = c->s;
	size_t t_lo = sn->t_lo, t_hi = sn->t_hi, i;
	const struct date_expr *e = NULL;
	struct claim *cl;

	if (t_hi - t_lo < 5 || !dw(s, t_lo, "this") ||
	    !(dw(s, t_lo + 1, "article") || dw(s, t_lo + 1, "paper") || dw(s, t_lo + 1, "piece") ||
	      dw(s, t_lo + 1, "essay") || dw(s, t_lo + 1, "story")))
		return;
	for (i = t_lo + 2; i < t_lo + 5; i++)
		if (dw(s, i, "published"))
			break;
	if (i == t_lo + 5)
		return;
	for (i = 0; i < s->dl.nr; i++)
		if (s->dl.v[i].start >= sn->start && s->dl.v[i].end <= sn->end &&
		    s->dl.v[i].kind == DATE_KIND_DATE && s->dl.v[i].a.year >= 0)
			e = &s->dl.v[i];
	if (!e || !(cl = new_claim(c, sn)))
		return;
	cl->entity = chunk_strndup(c->set, "this document", strlen("this document"));
	set_entity_words(c, cl, 0, 0, 0);
	cl->key = chunk_strndup(c->set, "self", strlen("self"));
	cl->kind = ENT_SELF;
	cl->self = 1;
	copy_str(cl->attribute, sizeof(cl->attribute), "published");
	copy_str(cl->predicate, sizeof(cl->predicate), "published");
	copy_str(cl->value, sizeof(cl->value), e->value);
	cl->is_date = 1;
	cl->date = e->a;
	cl->val_start = e->start;
	cl->val_end = e->end;
	claim_finish(c, cl);
}

/* ---- counts ---- */

/* Determiners before a count make it a reference, not a claim: "the two countries". */
static const char *const count_determiners[] = {
	"the", "these", "those", "both", "their", "its", "his", "her", "our", "your", "my",
	"this", "that", "all", "each", "every", "first", "last", "next", "other",
};
static struct wordset count_determiners_set = WORDSET_INIT(count_determiners);

/* Words that end a noun phrase when walking back from its head. */
static const char *const np_stops[] = {
	"the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her", "our",
	"your", "my", "some", "many", "all", "both", "each", "every", "any", "no", "is", "are",
	"was", "were", "be", "been", "being", "has", "have", "had", "will", "would", "can",
	"could", "should", "may", "might", "must", "do", "does", "did", "also", "now", "still",
	"already", "which", "who", "whom", "whose", "there", "it", "they", "we", "he", "she",
	"as", "than", "but", "or", "so", "not", "then", "when", "where", "while", "if",
	"with", "in", "to", "from", "among", "by", "for", "across", "of", "on", "at", "into",
	"between", "over", "under", "through", "during", "since", "after", "before", "about",
};
static struct wordset np_stops_set = WORDSET_INIT(np_stops);

static const char *const auxiliaries[] = {
	"is", "are", "was", "were", "be", "been", "has", "have", "had", "will", "would", "can",
	"could", "should", "may", "might", "must", "do", "does", "did",
};
static struct wordset auxiliaries_set = WORDSET_INIT(auxiliaries);

/* Prepositions that tie a count to the noun it relates to: "partnerships with 25 countries". */
static const char *const count_preps[] = {
	"with", "in", "to", "from", "among", "across", "for", "by", "of", "into", "throughout",
};
static struct wordset count_preps_set = WORDSET_INIT(count_preps);

/* Openers of an insertion between commas: ", including defense cooperation, with". */
static const char *const insertions[] = {
	"including", "such", "especially", "notably", "mainly", "particularly", "chiefly",
	"mostly", "primarily", "namely",
};
static struct wordset insertions_set = WORDSET_INIT(insertions);

/* A lowercase word that reads as a verb form: "reviewed", "reached", "holding". */
static int verbish(const struct dscan *s, size_t i)
{
	const struct tok *t = DT(s, i);
	size_t n;
	if (!t || t->kind != TOK_WORD || tok_is_cap(s->text, t))
		return 0;
	n = t->end - t->start;
	return n > 4 && (!memcmp(s->text + t->end - 2, "ed", 2) ||
			 !memcmp(s->text + t->end - 3, "ing", 3));
}

/* Possessive "'s" ending at token i ("Vietnam", "’", "s"): index of the owner, or -1. */
static long possessor(const struct dscan *s, size_t i, size_t t_lo)
{
	const struct tok *ap;
	if (!dw(s, i, "s") || i < t_lo + 2)
		return -1;
	ap = DT(s, i - 1);
	if (ap->kind != TOK_PUNCT || (ap->cp != '\'' && ap->cp != 0x2019) || ap->space ||
	    DT(s, i)->space || DT(s, i - 2)->kind != TOK_WORD)
		return -1;
	return (long)(i - 2);
}

/*
 * The words right before token v (a verb): the clause's subject,
 * "Vietnam" in "Vietnam has ... partnerships", "The agency" in "The
 * agency has ...". Returns the first token of the subject, or v if
 * there is none.
 */
static size_t subject_before(const struct dscan *s, size_t v, size_t t_lo)
{
	size_t a = v, n = 0;
	/*
	 * A name ("Viet Nam", "Russia and Japan") or a common noun phrase
	 * ("the agency"), not both: a heading glued to the sentence
	 * ("Bilateral defense diplomacy Vietnam has") is no part of it.
	 */
	int cap = v > t_lo && tok_is_cap(s->text, DT(s, v - 1));
	while (a > t_lo && n < 4) {
		const struct tok *t = DT(s, a - 1);
		if (t->kind == TOK_WORD && (dw(s, a - 1, "and") ? a < v :
					    !in_set(s, a - 1, &np_stops_set) &&
					    !verbish(s, a - 1) && tok_is_cap(s->text, t) == cap)) {
			a--;
			n++;
			continue;
		}
		break;
	}
	while (a < v && dw(s, a, "and"))
		a++;
	if (a < v && a > t_lo && dw(s, a - 1, "the"))
		a--;    /* shown with its article; the key drops it */
	return a;
}

struct count_frame {
	size_t np_start, np_end;        /* the noun phrase the count relates to (text offsets) */
	size_t head_start, head_end;    /* its head, or the verb */
	size_t subj_start, subj_end;    /* the clause's subject, may be empty */
};

/*
 * What a count is about: the noun phrase it is tied to by a preposition
 * ("bilateral strategic and comprehensive partnerships with 25
 * countries", past an insertion between commas) with its possessor or
 * the subject of its verb ("Vietnam has ..."); or, for a count that is
 * the object of a verb ("exchanged four visits"), that verb and its
 * subject. Returns 0 when the count is a reference ("the two countries")
 * or stands alone.
 */
static int count_frame(const struct dscan *s, size_t ti, size_t t_lo, struct count_frame *fr)
{
	size_t p, a, b, h;
	long own;

	memset(fr, 0, sizeof(*fr));
	if (ti <= t_lo)
		return 0;
	p = ti - 1;
	if (in_set(s, p, &count_determiners_set))
		return 0;
	if (!in_set(s, p, &count_preps_set)) {
		/* the object of a verb: "Japan donated six used patrol boats" */
		if (!(DT(s, p)->kind == TOK_WORD && !tok_is_cap(s->text, DT(s, p)) &&
		      !in_set(s, p, &np_stops_set)))
			return 0;
		fr->head_start = fr->np_start = DT(s, p)->start;
		fr->head_end = fr->np_end = DT(s, p)->end;
		a = p;
		/* "agreed to provide", "has dispatched": the subject is before the auxiliaries */
		while (a > t_lo && (in_set(s, a - 1, &np_stops_set) &&
				    !dw(s, a - 1, "the") && !dw(s, a - 1, "a")))
			a--;
		while (a > t_lo && a + 2 >= p && DT(s, a - 1)->kind == TOK_WORD &&
		       !tok_is_cap(s->text, DT(s, a - 1)) && verbish(s, a - 1))
			a--;
		b = subject_before(s, a, t_lo);
		if (b == a)
			return 0;       /* no named subject: too vague to compare */
		fr->subj_start = DT(s, b)->start;
		fr->subj_end = DT(s, a - 1)->end;
		return 1;
	}
	/* the noun phrase before the preposition, past an insertion */
	h = p;
	if (h > t_lo && dt_punct(s, h - 1, ',')) {
		size_t k = h - 1;
		while (k > t_lo && h - k < 14 && !dt_punct(s, k - 1, ','))
			k--;
		if (k > t_lo && h - k < 14 && in_set(s, k, &insertions_set))
			h = k - 1;      /* at the opening comma */
		else
			return 0;
	}
	if (h <= t_lo)
		return 0;
	/* a participle right before the preposition: "offices established in 34 countries" */
	if (verbish(s, h - 1) && h - 1 > t_lo)
		h--;
	if (DT(s, h - 1)->kind != TOK_WORD || in_set(s, h - 1, &np_stops_set) ||
	    verbish(s, h - 1) || tok_is_cap(s->text, DT(s, h - 1)))
		return 0;
	{
		/* "one of eight": a number is no noun to relate to */
		int ord = 0;
		if (figures_word_value(s->text + DT(s, h - 1)->start,
				       DT(s, h - 1)->end - DT(s, h - 1)->start, &ord) >= 0)
			return 0;
	}
	fr->head_start = DT(s, h - 1)->start;
	fr->head_end = DT(s, h - 1)->end;
	fr->np_end = DT(s, h - 1)->end;
	a = h - 1;
	for (;;) {
		if (a <= t_lo)
			break;
		if ((own = possessor(s, a - 1, t_lo)) >= 0) {
			/* "Vietnam’s partnerships": the owner is the subject */
			b = subject_before(s, (size_t)own + 1, t_lo);
			fr->subj_start = DT(s, b < (size_t)own ? b : (size_t)own)->start;
			fr->subj_end = DT(s, (size_t)own)->end;
			break;
		}
		if (DT(s, a - 1)->kind == TOK_WORD && !in_set(s, a - 1, &np_stops_set) &&
		    !verbish(s, a - 1)) {
			a--;
			continue;
		}
		if (dw(s, a - 1, "and") && a - 1 > t_lo && DT(s, a - 2)->kind == TOK_WORD &&
		    !in_set(s, a - 2, &np_stops_set) && !verbish(s, a - 2)) {
			a--;    /* "strategic and comprehensive" */
			continue;
		}
		if (verbish(s, a - 1) || in_set(s, a - 1, &auxiliaries_set)) {
			/* the verb (or auxiliary) of the clause: its subject */
			size_t v = a - 1;
			while (v > t_lo && in_set(s, v - 1, &np_stops_set) &&
			       !dw(s, v - 1, "the") && !dw(s, v - 1, "a"))
				v--;
			b = subject_before(s, v, t_lo);
			if (b < v) {
				fr->subj_start = DT(s, b)->start;
				fr->subj_end = DT(s, v - 1)->end;
			}
		}
		break;
	}
	fr->np_start = DT(s, a)->start;
	return 1;
}

/*
 * Sorts the words of ws in strcmp() order, by insertion: a key's lists
 * have a few words (qsort() was dearer than the sorting), and no two
 * are equal (words_add() saw to it), so the order is the one qsort()
 * gave.
 */
static void words_sort(struct words *ws)
{
	size_t i, j;
	for (i = 1; i < ws->n; i++) {
		char tmp[WORD_LEN + 1];
		if (strcmp(ws->w[i - 1], ws->w[i]) < 0)
			continue;
		memcpy(tmp, ws->w[i], sizeof(tmp));
		for (j = i; j > 0 && strcmp(ws->w[j - 1], tmp) > 0; j--)
			memcpy(ws->w[j], ws->w[j - 1], sizeof(tmp));
		memcpy(ws->w[j], tmp, sizeof(tmp));
	}
}

/* Adds the canonical words of text[a..b) to ws, singular ("partnerships" -> "partnership"). */
static void frame_words(struct docctx *c, size_t a, size_t b, struct words *ws)
{
	const struct words *w;
	size_t i;
	if (b <= a)
		return;
	w = canon_span(c, a, b);
	for (i = 0; i < w->n; i++) {
		size_t l = wlen(w, i);
		if (ch_isdigit((unsigned char)w->w[i][0]) || (l == 3 && !memcmp(w->w[i], "and", 3)))
			continue;
		if (l > 3 && w->w[i][l - 1] == 's' && w->w[i][l - 2] != 's')
			l--;
		words_add(ws, w->w[i], l);
	}
}

static int count_noun_relative(const struct dscan *s, const struct figure *f)
{
	static const char *const rel[] = { "other", "additional", "more", "further", "extra", "new" };
	size_t k, n = f->noun_end - f->noun_start;
	const char *w = s->text + f->noun_start;
	for (k = 0; k < ARRAY_SIZE(rel); k++) {
		size_t l = strlen(rel[k]);
		if (n > l && w[l] == ' ' && mem_ieq(w, l, rel[k]))
			return 1;
	}
	return 0;
}

/* Counts: "partnerships with twenty-five countries". */
static void count_claims(struct docctx *c, const struct span *sn)
{
	struct dscan *s = c->s;
	size_t i = 0, t_lo = sn->t_lo;

	if (s->fl_sorted) {
		/*
		 * The figures of this sentence only: running over all of the
		 * document's for every sentence was quadratic in its length.
		 * The sentences come in text order: the first figure at or
		 * after this one's start is found by walking on from the last
		 * sentence's (one pass over the figures in all).
		 */
		while (c->fl_next < s->fl.nr && s->fl.v[c->fl_next].start < sn->start)
			c->fl_next++;
		i = c->fl_next;
	}
	for (; i < s->fl.nr; i++) {
		const struct figure *f = &s->fl.v[i];
		struct strbuf *key = &c->key;
		struct count_frame fr;
		struct words ws, sw, hw, nw;
		size_t j, from;
		struct claim *cl;

		/* a figure has bytes: one that starts at the sentence's end is past it */
		if (s->fl_sorted && f->start >= sn->end)
			break;
		if (f->start < sn->start || f->end > sn->end || f->kind != FIG_COUNT ||
		    f->noun_end <= f->noun_start || f->value < 2)
			continue;
		/* "ten other countries", "two additional frigates": another set, an increment */
		if (count_noun_relative(s, f))
			continue;
		if (!count_frame(s, tok_at(s, f->start), t_lo, &fr))
			continue;
		/* the counted noun's head, its modifiers, the relation's head */
		ws.n = 0;
		sw.n = 0;
		nw.n = 0;
		frame_words(c, f->noun_start, f->noun_end, &nw);
		if (!nw.n)
			continue;
		hw.n = 0;
		frame_words(c, fr.head_start, fr.head_end, &hw);
		if (!hw.n)
			continue;
		/* the phrase (with the counted noun's modifiers) must match word for word */
		frame_words(c, fr.np_start, fr.np_end, &ws);
		for (j = 0; j + 1 < nw.n; j++)
			words_add(&ws, nw.w[j], wlen(&nw, j));
		/* the subject only by similarity: "Vietnam has" against "Vietnam's" */
		frame_words(c, fr.subj_start, fr.subj_end, &sw);
		if (ws.n + sw.n < 2)
			continue;       /* "offices in 34 countries" alone names nothing */
		words_sort(&ws);
		words_sort(&sw);
		if (!(cl = new_claim(c, sn)))
			return;
		strbuf_reset(key);
		strbuf_add(key, "count:", 6);
		strbuf_add(key, nw.w[nw.n - 1], wlen(&nw, nw.n - 1));
		strbuf_addch(key, ':');
		strbuf_add(key, hw.w[hw.n - 1], wlen(&hw, hw.n - 1));
		strbuf_addch(key, ':');
		add_words(key, &ws);
		strbuf_addch(key, '|');
		add_words(key, &sw);
		cl->key = chunk_strndup(c->set, key->buf, key->len);
		from = fr.subj_end > fr.subj_start && fr.subj_start < fr.np_start ? fr.subj_start
										   : fr.np_start;
		cl->entity = capped_dup(c->set, s->text + from, f->noun_end - from, 200);
		set_entity_words(c, cl, from, f->noun_end, 0);
		cl->kind = ENT_COUNT;
		copy_str(cl->attribute, sizeof(cl->attribute), "count");
		copy_str(cl->predicate, sizeof(cl->predicate), "count");
		copy_str(cl->value, sizeof(cl->value), f->value_str);
		cl->fig = *f;
		cl->val_start = f->start;
		cl->val_end = f->end;
		claim_finish(c, cl);
	}
}

enum claims_result claims_add_doc(struct claim_set *set, const struct doc *d,
				  const struct date_value *anchor,
				  const struct claim_callout *callouts, size_t nr_callouts)
{
	struct dscan s;
	struct docctx c;
	struct date_anchor anc;
	struct sentence_list sl;
	size_t i;
	struct claims_doc *cd;
	const char *text = d->text.text.buf;
	size_t len = d->text.text.len;

	memset(&s, 0, sizeof(s));
	memset(&anc, 0, sizeof(anc));
	anc.v.prec = DATE_PREC_NONE;
	if (anchor && anchor->prec != DATE_PREC_NONE)
		anc.v = *anchor;
	else if (d->meta.date && !date_parse_iso(d->meta.date, strlen(d->meta.date) > 10 ? 10 :
						 strlen(d->meta.date), &anc.v))
		;
	else if (!dates_find_anchor(text, len, &anc.v, NULL))
		anc.v.prec = DATE_PREC_NONE;

	ALLOC_GROW(set->docs, set->nr_docs + 1, set->alloc_docs);
	cd = &set->docs[set->nr_docs++];
	cd->path = xstrdup(d->path);
	cd->date = anc.v;
	cd->first_claim = set->nr_claims;

	s.text = text;
	tok_scan_marked(text, len, &s.tl, &s.marks);
	date_list_init(&s.dl);
	figure_list_init(&s.fl);
	/* one tokenization for the three scanners */
	dates_scan_tokens(text, len, &s.tl, &anc, &s.dl);
	figures_scan_tokens(text, len, &s.tl, &s.dl, &s.fl);
	s.dl_sorted = 1;
	for (i = 1; i < s.dl.nr && s.dl_sorted; i++)
		s.dl_sorted = s.dl.v[i - 1].start <= s.dl.v[i].start;
	s.fl_sorted = 1;
	for (i = 1; i < s.fl.nr && s.fl_sorted; i++)
		s.fl_sorted = s.fl.v[i - 1].start <= s.fl.v[i].start && s.fl.v[i].end > s.fl.v[i].start;
	if (s.fl.nr && s.fl.v[0].end <= s.fl.v[0].start)
		s.fl_sorted = 0;
	/* once per date, not in every search of date_in() */
	if (s.dl.nr)
		s.dl_tok = xmalloc(s.dl.nr * sizeof(*s.dl_tok));
	for (i = 0; i < s.dl.nr; i++)
		s.dl_tok[i] = s.dl_sorted && i ? tok_at_after(&s, s.dl_tok[i - 1], s.dl.v[i].start)
					       : tok_at(&s, s.dl.v[i].start);
	memset(&sl, 0, sizeof(sl));
	sentences(&s, len, &sl);

	memset(&c, 0, sizeof(c));
	strbuf_init(&c.sb, 0);
	strbuf_init(&c.key, 0);
	strbuf_init(&c.quote, 0);
	strbuf_init(&c.part, 0);
	c.set = set;
	c.doc = set->nr_docs - 1;
	c.d = d;
	c.s = &s;
	c.sl = &sl;
	c.callouts = callouts;
	c.nr_callouts = nr_callouts;
	c.callouts_sorted = 1;
	for (i = 0; i < nr_callouts && c.callouts_sorted; i++)
		c.callouts_sorted = callouts[i].end >= callouts[i].start &&
				    (!i || callouts[i - 1].start <= callouts[i].start);
	c.marks_sorted = 1;
	for (i = 0; i < d->nr_marks && c.marks_sorted; i++)
		c.marks_sorted = d->marks[i].end >= d->marks[i].start &&
				 (!i || d->marks[i - 1].start <= d->marks[i].start);
	for (i = 0; i < sl.nr && !c.overflow; i++) {
		if (sl.v[i].h_lo < sl.v[i].h_hi)
			sentence_claims(&c, &sl.v[i]);
		self_claims(&c, &sl.v[i]);
		count_claims(&c, &sl.v[i]);
	}
	free(sl.v);
	free(sl.heads);
	free(c.memo);
	tok_list_release(&c.tl);
	strbuf_release(&c.sb);
	strbuf_release(&c.key);
	strbuf_release(&c.quote);
	strbuf_release(&c.part);
	free(s.dl_tok);
	set->docs[c.doc].nr_claims = set->nr_claims - set->docs[c.doc].first_claim;
	figure_list_release(&s.fl);
	date_list_release(&s.dl);
	tok_list_release(&s.tl);
	tok_marks_release(&s.marks);
	return c.overflow ? CLAIMS_ERR_LIMIT : CLAIMS_OK;
}

void claims_entity_key(const struct aliases *a, const char *s, size_t n, struct tok_list *scratch,
		       struct strbuf *out)
{
	struct words ws;
	struct tok_list own = { NULL, 0, 0 };
	struct strbuf sb = STRBUF_INIT;

	canon_words(a, s, n, scratch ? scratch : &own, &sb, &ws);
	add_words(out, &ws);
	tok_list_release(&own);
	strbuf_release(&sb);
}
