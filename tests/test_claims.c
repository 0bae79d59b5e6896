/* Unit tests: entity keys, title similarity, binding, reconciliation. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "buf.h"
#include "claims.h"
#include "config.h"
#include "tok.h"
#include "util.h"
#include "doc.h"
#include "findings.h"
#include "store_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static struct doc *parse(const char *name, const char *text)
{
	struct doc *d = NULL;
	assert_int_equal(doc_parse(name, text, strlen(text), NULL, &d, NULL), DOC_OK);
	return d;
}

static void test_keys(void **state)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	struct tok_list scratch = { NULL, 0, 0 };
	(void)state;
	claims_entity_key(NULL, "Twelfth National Congress", 25, &scratch, &a);
	claims_entity_key(NULL, "12th National Congress", 22, &scratch, &b);
	assert_string_equal(a.buf, b.buf);
	strbuf_reset(&a);
	strbuf_reset(&b);
	claims_entity_key(NULL, "the 11 th Congress", 18, &scratch, &a);
	claims_entity_key(NULL, "the 11st Congress", 17, NULL, &b);
	assert_string_equal(a.buf, b.buf);
	strbuf_reset(&a);
	claims_entity_key(NULL, "Memorandum of Understanding on Defence", 38, &scratch, &a);
	assert_string_equal(a.buf, "mou defense");
	/* the scratch list is the caller's: reused, not freed, by each call */
	assert_non_null(scratch.v);
	strbuf_reset(&a);
	claims_entity_key(NULL, "", 0, &scratch, &a);
	assert_int_equal(a.len, 0);
	tok_list_release(&scratch);
	strbuf_release(&a);
	strbuf_release(&b);
}

static void test_similarity(void **state)
{
	const char *x = "Overall Strategy for International Integration Through 2020, Vision to 2030";
	const char *y = "Overall Strategy for International Integration up to 2020, Vision to 2030";
	const char *z = "Strategy for National Defense";
	struct tok_list scratch = { NULL, 0, 0 };
	(void)state;
	assert_true(claims_title_similarity(NULL, x, strlen(x), y, strlen(y), &scratch) >= 0.99);
	assert_true(claims_title_similarity(NULL, x, strlen(x), z, strlen(z), &scratch) < 0.5);
	assert_true(claims_title_similarity(NULL, x, strlen(x), z, strlen(z), NULL) < 0.5);
	tok_list_release(&scratch);
}

/*
 * aliases_canon_section(), which canon_words() starts from: the same
 * text with no table, an empty one (normalized straight into out) and
 * one with phrases (matched word by word), appended after what out
 * holds; stray bytes, folded quotes, dropped and space code points.
 * The expected strings are the output of the code before it was made
 * to write in place.
 */
static void test_aliases_canon(void **state)
{
	static const char conf[] = "[names]\nViet Nam = Vietnam\nUS = United States\n"
				   "[instruments]\nup to = through\n";
	static const char *const in[] = {
		"  Viet\xc2\xa0Nam \xe2\x80\x99s\tX\xff  y ",
		"US and us\xe2\x80\x94 U.S. \xc3\x89t\xc3\xa9\xc2\xad\xe2\x80\x9cQ\xe2\x80\x9d",
		"Through 2020, Viet  Nam's united\nstates",
		"\xc3",
	};
	static const char *const want[][2] = {
		{ "pre|viet nam 's x\xff" " y", "pre|viet nam 's x\xff" " y" },
		{ "pre|us and us\xe2\x80\x94" " u.s. \xc3\xa9t\xc3\xa9\"q\"",
		  "pre|us and us\xe2\x80\x94" " u.s. \xc3\xa9t\xc3\xa9\"q\"" },
		{ "pre|through 2020, viet nam's united states", "pre|up to 2020, viet nam's us" },
		{ "pre|\xc3", "pre|\xc3" },
	};
	struct aliases *empty = aliases_new(), *al = aliases_new();
	struct strbuf err = STRBUF_INIT, out = STRBUF_INIT;
	size_t i;
	(void)state;
	assert_int_equal(aliases_parse(al, "t.conf", conf, strlen(conf), &err), CONFIG_OK);
	for (i = 0; i < ARRAY_SIZE(in); i++) {
		strbuf_reset(&out);
		strbuf_addstr(&out, "pre|");
		aliases_canon_section(NULL, ALIASES_ALL, in[i], strlen(in[i]), &out);
		assert_string_equal(out.buf, want[i][0]);
		strbuf_reset(&out);
		strbuf_addstr(&out, "pre|");
		aliases_canon_section(empty, ALIASES_ALL, in[i], strlen(in[i]), &out);
		assert_string_equal(out.buf, want[i][0]);
		strbuf_reset(&out);
		strbuf_addstr(&out, "pre|");
		aliases_canon_section(al, ALIASES_ALL, in[i], strlen(in[i]), &out);
		assert_string_equal(out.buf, want[i][1]);
	}
	aliases_free(empty);
	aliases_free(al);
	strbuf_release(&err);
	strbuf_release(&out);
}

/*
 * The canonical words claims_add_doc() keeps in each claim are those
 * claims_entity_key() gives for its entity (the store's entity
 * column): for mentions, counts (one capped at 200 bytes), identified
 * instruments and the document itself, with aliases.
 */
static void test_entity_words(void **state)
{
	static const char conf[] = "[instruments]\nmou = memorandum of understanding\n"
				   "[names]\nViet Nam = Vietnam\n";
	struct aliases *al = aliases_new();
	struct strbuf err = STRBUF_INIT, key = STRBUF_INIT, text = STRBUF_INIT;
	struct tok_list scratch = { NULL, 0, 0 };
	struct claim_set set;
	struct doc *d;
	size_t i, k;
	(void)state;
	assert_int_equal(aliases_parse(al, "t.conf", conf, strlen(conf), &err), CONFIG_OK);
	strbuf_addstr(&text, "This article was published on 4 May 2021.\n\n"
		      "Resolution No. 22-NQ/TW, dated April 10, 2013, of the Politburo, on trade.\n\n"
		      "The Twelfth National Congress was held in January 2016.\n\n"
		      "Viet Nam has bilateral maritime and scientific partnerships with 22 countries.\n\n"
		      "The Memorandum of Understanding on Defence Cooperation was signed in 2009.\n\n"
		      "Vietnam has ");
	for (k = 0; k < 30; k++)
		strbuf_addstr(&text, "bilateral ");
	strbuf_addstr(&text, "partnerships with 16 countries.\n");
	d = parse("w.txt", text.buf);
	for (k = 0; k < 2; k++) {
		claims_init(&set, 0.8, k ? al : NULL);
		claims_add_doc(&set, d, NULL, NULL, 0);
		assert_true(set.nr_claims >= 5);
		for (i = 0; i < set.nr_claims; i++) {
			const struct claim *c = &set.claims[i];
			strbuf_reset(&key);
			claims_entity_key(k ? al : NULL, c->entity, strlen(c->entity), &scratch, &key);
			assert_non_null(c->entity_words);
			assert_string_equal(c->entity_words, key.buf);
		}
		claims_release(&set);
	}
	doc_free(d);
	tok_list_release(&scratch);
	aliases_free(al);
	strbuf_release(&err);
	strbuf_release(&key);
	strbuf_release(&text);
}

/* Two documents, one conflict on an identified resolution, one agreement. */
static void test_reconcile(void **state)
{
	struct doc *a = parse("a.txt", "Updated: 2 May 2020\n\nResolution No. 7-NQ/TW, dated April 10, 2013, "
			      "of the Board, on trade.\n\nThe Fifth National Congress (1996) met.\n");
	struct doc *b = parse("b.txt", "Updated: 2 May 2020\n\nThe Board's Resolution No. 7 dated December "
			      "2013 on trade.\n\nThe 5th Party Congress held in June 1996 closed.\n");
	struct claim_set set;
	struct findings f;
	size_t i, conflict = 0, agree = 0;
	(void)state;
	claims_init(&set, 0.8, NULL);
	findings_init(&f);
	assert_int_equal(claims_add_doc(&set, a, NULL, NULL, 0), CLAIMS_OK);
	assert_int_equal(claims_add_doc(&set, b, NULL, NULL, 0), CLAIMS_OK);
	/* the set keeps copies: the documents can go before reconciliation */
	doc_free(a);
	doc_free(b);
	claims_reconcile(&set, &f);
	for (i = 0; i < set.nr_groups; i++) {
		if (!strcmp(set.groups[i].status, "conflict")) {
			conflict++;
			assert_int_equal(set.groups[i].nr_claims, 2);
		}
		if (!strcmp(set.groups[i].status, "variant") &&
		    !strcmp(set.groups[i].attribute, "held"))
			agree++;
	}
	assert_int_equal(conflict, 1);
	assert_int_equal(agree, 1);
	assert_int_equal(findings_count_at_least(&f, SEV_ERROR), 2);
	assert_string_equal(f.v[0].kind, "claim-conflict");
	assert_int_equal(f.v[0].nr_related, 1);
	/* the conflict points at the value, and so does the other side */
	assert_string_equal(f.v[0].doc, "a.txt");
	assert_int_equal(f.v[0].line, 3);
	assert_int_equal(f.v[0].col, 31);
	assert_string_equal(f.v[0].quote, "April 10, 2013");
	assert_string_equal(f.v[0].related[0].doc, "b.txt");
	assert_int_equal(f.v[0].related[0].line, 3);
	assert_int_equal(f.v[0].related[0].col, 36);
	assert_non_null(strstr(f.v[0].related[0].quote, "December 2013"));
	assert_non_null(strstr(f.v[0].message, "2013-04-10 here, 2013-12 elsewhere"));
	findings_release(&f);
	claims_release(&set);
}

/*
 * A resolution dated differently in twelve documents: each conflict
 * finding lists at most CLAIMS_MAX_RELATED other sides and counts the
 * rest, so that the report stays linear in the corpus.
 */
static void test_related_capped(void **state)
{
	static const char *const months[] = { "January", "February", "March", "April", "May", "June",
		"July", "August", "September", "October", "November", "December" };
	struct claim_set set;
	struct findings f;
	char name[16], text[256];
	size_t i, n = 0;
	(void)state;
	claims_init(&set, 0.8, NULL);
	findings_init(&f);
	for (i = 0; i < 12; i++) {
		struct doc *d;
		snprintf(name, sizeof(name), "d%zu.txt", i);
		snprintf(text, sizeof(text), "Updated: 2 May 2020\n\nResolution No. 7-NQ/TW, dated %s 10, "
			 "2013, of the Board, on trade.\n", months[i]);
		d = parse(name, text);
		assert_int_equal(claims_add_doc(&set, d, NULL, NULL, 0), CLAIMS_OK);
		doc_free(d);
	}
	claims_reconcile(&set, &f);
	for (i = 0; i < f.nr; i++) {
		if (strcmp(f.v[i].kind, "claim-conflict"))
			continue;
		n++;
		assert_int_equal(f.v[i].nr_related, CLAIMS_MAX_RELATED);
		assert_non_null(strstr(f.v[i].message, "(11 statements disagree; the first 8 are listed)"));
	}
	assert_int_equal(n, 12);
	findings_release(&f);
	claims_release(&set);
}

/*
 * A group of 500 statements with two values: 500 findings (one per
 * statement), each naming the first eight of the other value in group
 * order and counting the rest; the other side's strings are kept once
 * for all of them (the list's pool), not copied 500 x 8 times.
 */
static void test_big_group(void **state)
{
	struct claim_set set;
	struct findings f;
	const struct finding *april = NULL, *may = NULL;
	char name[16], text[256];
	size_t i, n = 0;
	(void)state;
	claims_init(&set, 0.8, NULL);
	findings_init(&f);
	for (i = 0; i < 500; i++) {
		struct doc *d;
		snprintf(name, sizeof(name), "d%03zu.txt", i);
		snprintf(text, sizeof(text), "Updated: 2 May 2020\n\nResolution No. 7-NQ/TW, dated %s 10, "
			 "2013, of the Board, on trade.\n", i % 2 ? "May" : "April");
		d = parse(name, text);
		assert_int_equal(claims_add_doc(&set, d, NULL, NULL, 0), CLAIMS_OK);
		doc_free(d);
	}
	claims_reconcile(&set, &f);
	for (i = 0; i < f.nr; i++) {
		const struct finding *fd = &f.v[i];
		if (strcmp(fd->kind, "claim-conflict"))
			continue;
		n++;
		assert_int_equal(fd->nr_related, CLAIMS_MAX_RELATED);
		assert_non_null(strstr(fd->message, "(250 statements disagree; the first 8 are listed)"));
		if (!strcmp(fd->doc, "d000.txt"))
			april = fd;
		if (!strcmp(fd->doc, "d499.txt"))
			may = fd;
	}
	assert_int_equal(n, 500);
	assert_non_null(april);
	assert_non_null(may);
	/* the other value's first statements, in group order */
	assert_string_equal(april->related[0].doc, "d001.txt");
	assert_string_equal(april->related[7].doc, "d015.txt");
	assert_string_equal(may->related[0].doc, "d000.txt");
	assert_string_equal(may->related[7].doc, "d014.txt");
	/* shared, not copied */
	for (i = 0, n = 0; i < f.nr; i++)
		if (!strcmp(f.v[i].kind, "claim-conflict") && !strcmp(f.v[i].related[0].doc, "d001.txt")) {
			assert_ptr_equal(f.v[i].related[0].quote, april->related[0].quote);
			assert_ptr_equal(f.v[i].related[0].doc, april->related[0].doc);
			n++;
		}
	assert_int_equal(n, 250);
	findings_release(&f);
	claims_release(&set);
}

/* A sentence longer than the quote's cap is quoted around its value. */
static void test_long_sentence_quote(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct claim_set set;
	struct doc *d;
	size_t i;
	(void)state;
	strbuf_addstr(&sb, "During the long period of reform the council ");
	for (i = 0; i < 40; i++)
		strbuf_addstr(&sb, "and the board ");
	strbuf_addstr(&sb, "relied on Decree No. 12-ND/CP, dated March 4, 2011, of the Government, "
		      "on ports and harbours.\n");
	d = parse("long.txt", sb.buf);
	claims_init(&set, 0.8, NULL);
	claims_add_doc(&set, d, NULL, NULL, 0);
	doc_free(d);
	assert_int_equal(set.nr_claims, 1);
	assert_string_equal(set.claims[0].value, "2011-03-04");
	assert_true(strlen(set.claims[0].quote) <= CLAIMS_QUOTE_MAX);
	assert_non_null(strstr(set.claims[0].quote, "dated March 4, 2011"));
	assert_memory_equal(set.claims[0].quote, "\xe2\x80\xa6", 3);
	assert_int_equal(set.claims[0].sent_col, 1);
	assert_true(set.claims[0].col > 500);
	claims_release(&set);
	strbuf_release(&sb);
}

/* A vague name is no entity; one sentence holding two counts is no conflict. */
static void test_no_false_conflicts(void **state)
{
	struct doc *a = parse("a.txt", "In 2006 the leaders issued a Joint Statement on ties. A year later "
			      "they issued a Joint Statement again.\n\nOffices opened in 34 countries and "
			      "45 countries sent attaches.\n");
	struct claim_set set;
	size_t i;
	(void)state;
	claims_init(&set, 0.8, NULL);
	claims_add_doc(&set, a, NULL, NULL, 0);
	claims_reconcile(&set, NULL);
	for (i = 0; i < set.nr_groups; i++)
		assert_string_not_equal(set.groups[i].status, "conflict");
	claims_release(&set);
	doc_free(a);
}

/* The group of the count claims of set, or NULL; asserts there is at most one with a claim in doc. */
static const struct claim_group *count_group_of(const struct claim_set *set, size_t doc, const char *value)
{
	size_t i;
	for (i = 0; i < set->nr_claims; i++)
		if (set->claims[i].doc == doc && !strcmp(set->claims[i].attribute, "count") &&
		    !strcmp(set->claims[i].value, value))
			return &set->groups[set->claims[i].group];
	return NULL;
}

/*
 * A count binds to the noun phrase it quantifies (past an insertion
 * between commas) and to its owner or the verb's subject: the same
 * partnerships stated two ways are one group; other partnerships, other
 * sets ("ten other countries") and references ("the two countries") are not.
 */
static void test_count_binding(void **state)
{
	struct doc *a = parse("a.txt", "Norway has bilateral maritime and scientific partnerships, including "
			      "fisheries and research cooperation, with twenty-two countries.\n");
	struct doc *b = parse("b.txt", "The survey reviewed Norway's bilateral maritime and scientific "
			      "partnerships with 22 countries and found gaps.\n\nThe two countries "
			      "signed a pact.\n");
	struct doc *c = parse("c.txt", "Norway reached fisheries partnership agreements with sixteen "
			      "countries, and scientific partnerships with ten other countries.\n\n"
			      "Norway has bilateral maritime and scientific partnerships with 30 ports.\n");
	struct claim_set set;
	struct findings f;
	const struct claim_group *g;
	size_t i;
	(void)state;
	claims_init(&set, 0.8, NULL);
	findings_init(&f);
	claims_add_doc(&set, a, NULL, NULL, 0);
	claims_add_doc(&set, b, NULL, NULL, 0);
	claims_add_doc(&set, c, NULL, NULL, 0);
	doc_free(a);
	doc_free(b);
	doc_free(c);
	a = parse("d.txt", "Norway has strategic partnerships with 16 countries.\n");
	b = parse("e.txt", "Norway has comprehensive partnerships with 12 countries.\n");
	claims_add_doc(&set, a, NULL, NULL, 0);
	claims_add_doc(&set, b, NULL, NULL, 0);
	doc_free(a);
	doc_free(b);
	claims_reconcile(&set, &f);
	g = count_group_of(&set, 0, "22");
	assert_non_null(g);
	assert_int_equal(g->nr_claims, 2);
	assert_string_equal(g->status, "agree");
	assert_ptr_equal(count_group_of(&set, 1, "22"), g);
	assert_non_null(strstr(g->entity, "partnerships"));
	/* other partnerships, other counted nouns: their own groups */
	assert_non_null(count_group_of(&set, 2, "16"));
	assert_ptr_not_equal(count_group_of(&set, 2, "16"), g);
	assert_ptr_not_equal(count_group_of(&set, 2, "30"), g);
	/* strategic and comprehensive partnerships are not the maritime and scientific ones */
	assert_ptr_not_equal(count_group_of(&set, 3, "16"), g);
	assert_ptr_not_equal(count_group_of(&set, 3, "16"), count_group_of(&set, 4, "12"));
	/* "ten other countries" is another set; "the two countries" a reference */
	assert_null(count_group_of(&set, 2, "10"));
	assert_null(count_group_of(&set, 1, "2"));
	for (i = 0; i < set.nr_groups; i++)
		assert_string_not_equal(set.groups[i].status, "conflict");
	assert_int_equal(findings_count_at_least(&f, SEV_WARNING), 0);
	findings_release(&f);
	claims_release(&set);
}

/*
 * The indexed grouping decides as a scan of every earlier claim would:
 * a claim joins the first group holding a claim it matches, and opens a
 * new one only when it matches none (titles drawn from a small
 * vocabulary, so that many overlap at about the threshold).
 */
static void test_grouping_index(void **state)
{
	static const char *const vocab[] = {
		"Coastal", "Harbor", "River", "Delta", "Port", "Fisheries", "Maritime",
		"Transport", "Energy", "Water", "Urban", "Rural",
	};
	struct claim_set set;
	struct strbuf sb = STRBUF_INIT;
	unsigned seed = 7;
	size_t i, j, n = 160;
	(void)state;
	claims_init(&set, 0.8, NULL);
	for (i = 0; i < n; i++) {
		struct doc *d;
		char name[32];
		size_t k, nw = 2 + (seed = seed * 1103515245u + 12345u) / 65536u % 3;
		strbuf_reset(&sb);
		strbuf_addstr(&sb, "In March 2015 the Ministry approved the ");
		for (k = 0; k < nw; k++) {
			seed = seed * 1103515245u + 12345u;
			strbuf_addf(&sb, "%s ", vocab[seed / 65536u % ARRAY_SIZE(vocab)]);
		}
		strbuf_addstr(&sb, "Development Strategy for all provinces.\n");
		snprintf(name, sizeof(name), "d%zu.txt", i);
		d = parse(name, sb.buf);
		claims_add_doc(&set, d, NULL, NULL, 0);
		doc_free(d);
	}
	claims_reconcile(&set, NULL);
	assert_true(set.nr_claims > n / 2);
	assert_true(set.nr_groups > 1 && set.nr_groups < set.nr_claims);
	for (i = 0; i < set.nr_claims; i++) {
		const struct claim *c = &set.claims[i];
		for (j = 0; j < i; j++) {
			const struct claim *e = &set.claims[j];
			double sim = claims_title_similarity(NULL, c->entity, strlen(c->entity),
							     e->entity, strlen(e->entity), NULL);
			/* an earlier claim it matches is in its group or a later one, never an earlier */
			if (sim >= 0.8)
				assert_true(e->group >= c->group);
		}
		/* and it matches some claim of its own group, unless it opened the group */
		if (set.groups[c->group].claims[0] != i) {
			int found = 0;
			const struct claim_group *g = &set.groups[c->group];
			for (j = 0; j < g->nr_claims && !found; j++) {
				const struct claim *e = &set.claims[g->claims[j]];
				found = g->claims[j] < i &&
					claims_title_similarity(NULL, c->entity, strlen(c->entity), e->entity,
								strlen(e->entity), NULL) >= 0.8;
			}
			assert_true(found);
		}
	}
	strbuf_release(&sb);
	claims_release(&set);
}

static int64_t sql_int(struct store *st, const char *sql)
{
	sqlite3_stmt *s = NULL;
	int64_t v = -1;
	assert_int_equal(sqlite3_prepare_v2(store_sqlite(st), sql, -1, &s, NULL), SQLITE_OK);
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

/*
 * Claims go to the store with their document (replacing its rows of an
 * earlier run), and the groups of a run with their status and members.
 */
static void test_store(void **state)
{
	char dir[] = "/tmp/provcheck-claims-XXXXXX", path[64];
	const char *ta = "Updated: 2 May 2020\n\nResolution No. 7-NQ/TW, dated April 10, 2013, of the "
			 "Board, on trade [3].\n";
	const char *tb = "Updated: 2 May 2020\n\nThe Board's Resolution No. 7 dated December 2013 "
			 "on trade.\n";
	struct store *st = NULL;
	struct claim_set set;
	struct doc *a, *b;
	int64_t run = 0, ida = 0, idb = 0;
	int pass;
	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/p.db", dir);
	assert_int_equal(store_open(path, &st, NULL), STORE_OK);
	for (pass = 0; pass < 2; pass++) {
		claims_init(&set, 0.8, NULL);
		assert_int_equal(store_run_begin(st, "check", &run), STORE_OK);
		a = parse("a.txt", ta);
		b = parse("b.txt", tb);
		assert_int_equal(store_doc_put(st, run, a, &ida), STORE_OK);
		assert_int_equal(store_doc_put(st, run, b, &idb), STORE_OK);
		claims_add_doc(&set, a, NULL, NULL, 0);
		claims_add_doc(&set, b, NULL, NULL, 0);
		doc_free(a);
		doc_free(b);
		assert_int_equal(claims_store_doc(&set, 0, NULL, st, ida), STORE_OK);
		assert_int_equal(claims_store_doc(&set, 1, NULL, st, idb), STORE_OK);
		/* again: replaced, not added */
		assert_int_equal(claims_store_doc(&set, 0, NULL, st, ida), STORE_OK);
		assert_true(set.claims[0].row > 0);
		claims_reconcile(&set, NULL);
		assert_int_equal(claims_store_groups(&set, st, run), STORE_OK);
		assert_int_equal(store_run_end(st, run, "ok"), STORE_OK);
		claims_release(&set);
	}
	assert_int_equal(sql_int(st, "SELECT count(*) FROM claims"), 2);
	assert_int_equal(sql_int(st, "SELECT count(*) FROM claims WHERE claim_key LIKE 'id:resolution:7|%' "
				     "AND attribute = 'adopted' AND name LIKE 'Resolution No. 7%'"), 2);
	assert_int_equal(sql_int(st, "SELECT count(*) FROM claims WHERE value = '2013-04-10' AND "
				     "line = 3 AND col = 31 AND sources = '[{\"label\":\"[3]\"}]'"), 1);
	/* one conflict per run, its two members pointing at the current rows */
	assert_int_equal(sql_int(st, "SELECT count(*) FROM claim_groups WHERE status = 'conflict' "
				     "AND claims = 2"), 2);
	assert_int_equal(sql_int(st, "SELECT count(*) FROM claim_group_members m JOIN claims c "
				     "ON c.id = m.claim WHERE m.run = (SELECT max(id) FROM runs)"), 2);
	store_close(st);
	unlink(path);
	snprintf(path, sizeof(path), "%s/p.db-wal", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/p.db-shm", dir);
	unlink(path);
	rmdir(dir);
}

/*
 * A claim's sources are the callouts inside its sentence, found by
 * binary search over callouts in document order: exactly those a scan
 * of every callout finds, in order.
 */
static void test_sources_by_sentence(void **state)
{
	static const char *const names[] = { "Harbour", "Dock", "Pilot", "Ferry", "Lighthouse" };
	struct strbuf sb = STRBUF_INIT;
	struct claim_callout *co = NULL;
	struct claim_set set;
	struct doc *d;
	const char *t;
	size_t i, j, n = 0, len;
	(void)state;
	for (i = 0; i < 100; i++)
		strbuf_addf(&sb, "The %s Plan No. %zu was approved on %zu May %zu [%zu] and [%zu].\n",
			    names[i % 5], i, i % 27 + 1, 1900 + (i * 7) % 100, 2 * i + 1, 2 * i + 2);
	d = parse("src.txt", sb.buf);
	t = d->text.text.buf;
	len = d->text.text.len;
	/* the callouts, as refs would give them: in the reading text, in order */
	for (i = 0; i < len; i++) {
		if (t[i] != '[')
			continue;
		for (j = i + 1; j < len && t[j] != ']'; j++)
			;
		co = realloc(co, (n + 1) * sizeof(*co));
		assert_non_null(co);
		memset(&co[n], 0, sizeof(*co));
		co[n].start = i;
		co[n].end = j + 1;
		/* a label or none ("?"), an entry or none */
		co[n].label = n % 3 ? "x" : NULL;
		co[n].entry = n % 2 ? "Harbour Board, Annual Report (1901)" : NULL;
		n++;
	}
	assert_int_equal(n, 200);
	claims_init(&set, 0.8, NULL);
	assert_int_equal(claims_add_doc(&set, d, NULL, co, n), CLAIMS_OK);
	assert_true(set.nr_claims >= 50);
	for (i = 0; i < set.nr_claims; i++) {
		const struct claim *cl = &set.claims[i];
		size_t want = 0;
		for (j = 0; j < n; j++) {
			char src[128];
			if (co[j].start < cl->sent_start || co[j].end > cl->sent_end)
				continue;
			/* "label: entry", as written */
			snprintf(src, sizeof(src), "%s%s%s", co[j].label ? co[j].label : "?",
				 co[j].entry ? ": " : "", co[j].entry ? co[j].entry : "");
			assert_true(want < cl->nr_sources);
			assert_string_equal(cl->sources[want], src);
			want++;
		}
		assert_int_equal(cl->nr_sources, want);
		assert_true(want >= 2);
	}
	claims_release(&set);
	doc_free(d);
	free(co);
	strbuf_release(&sb);
}

/* A sentence citing more works than CLAIMS_MAX_SOURCES: each claim keeps that many. */
static void test_sources_capped(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct claim_set set;
	struct doc *d;
	size_t i;
	(void)state;
	strbuf_addstr(&sb, "The Harbour Plan No. 4 was approved on 12 May 1999 and the Dock Plan No. 5 "
		      "on 3 June 2001 ");
	for (i = 0; i < CLAIMS_MAX_SOURCES + 30; i++)
		strbuf_addf(&sb, "[%zu] ", i + 1);
	strbuf_addstr(&sb, "here.\n");
	d = parse("many.txt", sb.buf);
	claims_init(&set, 0.8, NULL);
	assert_int_equal(claims_add_doc(&set, d, NULL, NULL, 0), CLAIMS_OK);
	assert_true(set.nr_claims >= 1);
	for (i = 0; i < set.nr_claims; i++) {
		assert_int_equal(set.claims[i].nr_sources, CLAIMS_MAX_SOURCES);
		assert_string_equal(set.claims[i].sources[0], "[1]");
		assert_string_equal(set.claims[i].sources[CLAIMS_MAX_SOURCES - 1], "[64]");
	}
	claims_release(&set);
	doc_free(d);
	strbuf_release(&sb);
}

/*
 * Sentences end at a blank line however it is written and at a full
 * stop before a capital; a blank line's white space is not part of
 * the next sentence, its bytes before the break stay in the last; and
 * the claims' strings survive claims_clear() of another set and the
 * reuse of this one.
 */
static void test_sentence_bounds(void **state)
{
	static const char text[] =
		"Intro words here  \n \n\n   Decree No. 12-ND/CP, dated March 4, 2011, was issued. "
		"Then Decree No. 13-ND/CP, dated May 5, 2012, came\n\n";
	struct claim_set set;
	struct doc *d = parse("s.txt", text);
	const char *dt = d->text.text.buf, *t;
	size_t i;
	(void)state;
	claims_init(&set, 0.8, NULL);
	for (i = 0; i < 2; i++) {
		claims_clear(&set);
		claims_add_doc(&set, d, NULL, NULL, 0);
		assert_int_equal(set.nr_claims, 2);
		t = strstr(dt, "Decree No. 12");
		assert_int_equal(set.claims[0].sent_start, (size_t)(t - dt));
		t = strstr(dt, " Then");
		assert_int_equal(set.claims[0].sent_end, (size_t)(t - dt));
		assert_int_equal(set.claims[1].sent_start, (size_t)(t + 1 - dt));
		assert_string_equal(set.claims[0].value, "2011-03-04");
		assert_string_equal(set.claims[1].entity, "Then Decree No. 13-ND/CP");
		assert_string_equal(set.claims[1].quote,
				    "Then Decree No. 13-ND/CP, dated May 5, 2012, came");
	}
	doc_free(d);
	claims_release(&set);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keys),
		cmocka_unit_test(test_similarity),
		cmocka_unit_test(test_entity_words),
		cmocka_unit_test(test_aliases_canon),
		cmocka_unit_test(test_reconcile),
		cmocka_unit_test(test_no_false_conflicts),
		cmocka_unit_test(test_related_capped),
		cmocka_unit_test(test_big_group),
		cmocka_unit_test(test_long_sentence_quote),
		cmocka_unit_test(test_sentence_bounds),
		cmocka_unit_test(test_count_binding),
		cmocka_unit_test(test_store),
		cmocka_unit_test(test_grouping_index),
		cmocka_unit_test(test_sources_by_sentence),
		cmocka_unit_test(test_sources_capped),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
