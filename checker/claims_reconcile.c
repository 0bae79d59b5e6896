/*
 * claims_reconcile.c - grouping claims by entity and attribute across
 * the corpus, and the status of each group (see claims.h).
 */
#include "claims.h"
#include "buf.h"
#include "doc.h"
#include "findings.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Word set of the part of a key after its last ':' or '|'. */
static double key_words_dice(const char *a, const char *b)
{
	const char *wa[64], *wb[64];
	size_t la[64], lb[64], na = 0, nb = 0, i, j, common = 0;
	const char *p;

	for (p = a; *p && na < 64;) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		wa[na] = p;
		while (*p && *p != ' ')
			p++;
		la[na] = (size_t)(p - wa[na]);
		na++;
	}
	for (p = b; *p && nb < 64;) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		wb[nb] = p;
		while (*p && *p != ' ')
			p++;
		lb[nb] = (size_t)(p - wb[nb]);
		nb++;
	}
	if (!na || !nb)
		return 0;
	for (i = 0; i < na; i++)
		for (j = 0; j < nb; j++)
			if (la[i] == lb[j] && !memcmp(wa[i], wb[j], la[i])) {
				common++;
				break;
			}
	return 2.0 * (double)common / (double)(na + nb);
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
		const char *wa = strchr(a + 6, ':'), *wb = strchr(b + 6, ':');
		if (!wa || !wb || wa - a != wb - b || memcmp(a, b, (size_t)(wa - a)))
			return 0;
		if (ordinals_differ(wa + 1, wb + 1))
			return 0;
		return key_words_dice(wa + 1, wb + 1) >= set->title_similarity;
	}
	if (!strncmp(a, "count:", 6) && !strncmp(b, "count:", 6)) {
		const char *pa = strchr(a, '|'), *pb = strchr(b, '|');
		if (!pa || !pb || pa - a != pb - b || memcmp(a, b, (size_t)(pa - a)))
			return 0;
		return key_words_dice(pa + 1, pb + 1) >= 0.6;
	}
	return 0;
}

static int values_agree(const struct claim *x, const struct claim *y)
{
	if (x->is_date && y->is_date)
		return date_agree(&x->date, &y->date) != 0;
	if (!x->is_date && !y->is_date)
		return figure_compatible(&x->fig, &y->fig);
	return 1;
}

/* Names compared without case and a leading article. */
static int names_equal(const char *a, const char *b)
{
	size_t i;
	if (!strncmp(a, "the ", 4) || !strncmp(a, "The ", 4))
		a += 4;
	if (!strncmp(b, "the ", 4) || !strncmp(b, "The ", 4))
		b += 4;
	for (i = 0; a[i] && b[i]; i++)
		if (ch_tolower((unsigned char)a[i]) != ch_tolower((unsigned char)b[i]))
			return 0;
	return a[i] == b[i];
}

static int doc_dates_differ(const struct claim_set *set, const struct claim *x, const struct claim *y)
{
	const struct date_value *a = &set->docs[x->doc].date, *b = &set->docs[y->doc].date;
	if (x->doc == y->doc || a->prec == DATE_PREC_NONE || b->prec == DATE_PREC_NONE)
		return 0;
	return a->year != b->year || (a->prec >= DATE_PREC_MONTH && b->prec >= DATE_PREC_MONTH &&
				      a->month != b->month);
}

static void loc_of(const struct claim_set *set, const struct claim *c, size_t *line, size_t *col)
{
	doc_locate(set->docs[c->doc].d, c->val_start, line, col);
}

static void decide(struct claim_set *set, struct claim_group *g, struct findings *f)
{
	struct strbuf reason = STRBUF_INIT;
	size_t i, j, best = 0, best_n = 0;
	int conflict = 0, over_time = 0, names = 0;
	const struct claim *c0 = &set->claims[g->claims[0]];

	/* the canonical name: the most frequent, then the longest */
	for (i = 0; i < g->nr_claims; i++) {
		const struct claim *ci = &set->claims[g->claims[i]];
		size_t n = 0;
		for (j = 0; j < g->nr_claims; j++)
			if (names_equal(ci->entity, set->claims[g->claims[j]].entity))
				n++;
		if (n > best_n || (n == best_n && strlen(ci->entity) > strlen(set->claims[g->claims[best]].entity))) {
			best = i;
			best_n = n;
		}
	}
	g->entity = xstrdup(set->claims[g->claims[best]].entity);
	snprintf(g->attribute, sizeof(g->attribute), "%s", c0->attribute);

	for (i = 0; i < g->nr_claims; i++)
		for (j = i + 1; j < g->nr_claims; j++) {
			const struct claim *a = &set->claims[g->claims[i]], *b = &set->claims[g->claims[j]];
			if (!names_equal(a->entity, b->entity))
				names = 1;
			if (values_agree(a, b))
				continue;
			if (!a->is_date && doc_dates_differ(set, a, b))
				over_time = 1;
			else
				conflict = 1;
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
		for (i = 0; i < g->nr_claims; i++) {
			const struct claim *c = &set->claims[g->claims[i]];
			size_t line, col;
			loc_of(set, c, &line, &col);
			strbuf_addf(&reason, "%s %s (%s:%zu)", i ? "," : "", c->value,
				    set->docs[c->doc].d->path, line);
		}
	} else if (over_time) {
		snprintf(g->status, sizeof(g->status), "changed-over-time");
		strbuf_addstr(&reason, "the counts differ, but the documents were written at "
			      "different dates:");
		for (i = 0; i < g->nr_claims; i++) {
			const struct claim *c = &set->claims[g->claims[i]];
			char dd[DATE_VALUE_MAX];
			date_format(&set->docs[c->doc].date, dd, sizeof(dd));
			strbuf_addf(&reason, "%s %s as of %s", i ? "," : "", c->value, dd);
		}
	} else if (names && c0->kind != 4 /* ENT_COUNT */) {
		snprintf(g->status, sizeof(g->status), "variant");
		strbuf_addf(&reason, "the values agree; the entity is named in %s ways",
			    g->nr_claims > 2 ? "several" : "two");
	} else {
		snprintf(g->status, sizeof(g->status), "agree");
		strbuf_addstr(&reason, c0->is_date ? "the dates agree at their common precision"
				       : "the figures are compatible with their hedges");
	}
done:
	g->reason = strbuf_detach(&reason, NULL);
	if (!f)
		return;
	if (!strcmp(g->status, "conflict")) {
		for (i = 0; i < g->nr_claims; i++) {
			const struct claim *a = &set->claims[g->claims[i]];
			struct finding *fd = NULL;
			size_t others = 0, listed = 0;
			for (j = 0; j < g->nr_claims; j++)
				if (i != j && !values_agree(a, &set->claims[g->claims[j]]))
					others++;
			for (j = 0; j < g->nr_claims && listed < CLAIMS_MAX_RELATED; j++) {
				const struct claim *b = &set->claims[g->claims[j]];
				if (i == j || values_agree(a, b))
					continue;
				if (!fd && others > CLAIMS_MAX_RELATED)
					fd = findings_add(f, "claims", "claim-conflict", SEV_ERROR,
							  set->docs[a->doc].d, a->val_start, a->val_end,
							  a->key, "'%s' %s: %s here, %s elsewhere "
							  "(%zu statements disagree; the first %d are listed)",
							  g->entity, a->attribute, a->value, b->value,
							  others, CLAIMS_MAX_RELATED);
				else if (!fd)
					fd = findings_add(f, "claims", "claim-conflict", SEV_ERROR,
							  set->docs[a->doc].d, a->val_start, a->val_end,
							  a->key, "'%s' %s: %s here, %s elsewhere",
							  g->entity, a->attribute, a->value, b->value);
				finding_add_related(fd, set->docs[b->doc].d, b->sent_start, b->sent_end,
						    "the other side");
				listed++;
			}
		}
	} else if (!strcmp(g->status, "variant")) {
		for (i = 0; i < g->nr_claims; i++) {
			const struct claim *a = &set->claims[g->claims[i]];
			struct finding *fd;
			if (names_equal(a->entity, g->entity))
				continue;
			fd = findings_add(f, "claims", "claim-variant", SEV_INFO, set->docs[a->doc].d,
					  a->sent_start, a->sent_end, a->key,
					  "'%s' is named '%s' elsewhere", a->entity, g->entity);
			for (j = 0; j < g->nr_claims; j++) {
				const struct claim *b = &set->claims[g->claims[j]];
				if (names_equal(b->entity, g->entity)) {
					finding_add_related(fd, set->docs[b->doc].d, b->sent_start,
							    b->sent_end, "named so here");
					break;
				}
			}
			finding_set_suggestion(fd, g->entity, strlen(g->entity));
		}
	}
}

void claims_reconcile(struct claim_set *set, struct findings *f)
{
	size_t i, j;

	for (i = 0; i < set->nr_claims; i++) {
		struct claim *c = &set->claims[i];
		struct claim_group *g = NULL;
		for (j = 0; j < set->nr_groups && !g; j++) {
			size_t k;
			for (k = 0; k < set->groups[j].nr_claims; k++)
				if (same_entity(set, &set->claims[set->groups[j].claims[k]], c)) {
					g = &set->groups[j];
					break;
				}
		}
		if (!g) {
			ALLOC_GROW(set->groups, set->nr_groups + 1, set->alloc_groups);
			g = &set->groups[set->nr_groups++];
			memset(g, 0, sizeof(*g));
		}
		ALLOC_GROW(g->claims, g->nr_claims + 1, g->alloc_claims);
		g->claims[g->nr_claims++] = i;
		c->group = (size_t)(g - set->groups);
	}
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
		findings_add(f, "claims", "claim-date-mismatch", SEV_WARNING, set->docs[c->doc].d,
			     c->sent_start, c->sent_end, "self",
			     "the document is dated %s but says it was published %s", dv, c->value);
	}
}
