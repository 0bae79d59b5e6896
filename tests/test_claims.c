/* Unit tests: entity keys, title similarity, binding, reconciliation. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "buf.h"
#include "claims.h"
#include "doc.h"
#include "findings.h"

static struct doc *parse(const char *name, const char *text)
{
	struct doc *d = NULL;
	assert_int_equal(doc_parse(name, text, strlen(text), NULL, &d, NULL), DOC_OK);
	return d;
}

static void test_keys(void **state)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	(void)state;
	claims_entity_key(NULL, "Twelfth National Congress", 25, &a);
	claims_entity_key(NULL, "12th National Congress", 22, &b);
	assert_string_equal(a.buf, b.buf);
	strbuf_reset(&a);
	strbuf_reset(&b);
	claims_entity_key(NULL, "the 11 th Congress", 18, &a);
	claims_entity_key(NULL, "the 11st Congress", 17, &b);
	assert_string_equal(a.buf, b.buf);
	strbuf_reset(&a);
	claims_entity_key(NULL, "Memorandum of Understanding on Defence", 38, &a);
	assert_string_equal(a.buf, "mou defense");
	strbuf_release(&a);
	strbuf_release(&b);
}

static void test_similarity(void **state)
{
	const char *x = "Overall Strategy for International Integration Through 2020, Vision to 2030";
	const char *y = "Overall Strategy for International Integration up to 2020, Vision to 2030";
	const char *z = "Strategy for National Defense";
	(void)state;
	assert_true(claims_title_similarity(NULL, x, strlen(x), y, strlen(y)) >= 0.99);
	assert_true(claims_title_similarity(NULL, x, strlen(x), z, strlen(z)) < 0.5);
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
	findings_release(&f);
	claims_release(&set);
	doc_free(a);
	doc_free(b);
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
	struct doc *d[12];
	struct claim_set set;
	struct findings f;
	char name[16], text[256];
	size_t i, n = 0;
	(void)state;
	claims_init(&set, 0.8, NULL);
	findings_init(&f);
	for (i = 0; i < 12; i++) {
		snprintf(name, sizeof(name), "d%zu.txt", i);
		snprintf(text, sizeof(text), "Updated: 2 May 2020\n\nResolution No. 7-NQ/TW, dated %s 10, "
			 "2013, of the Board, on trade.\n", months[i]);
		d[i] = parse(name, text);
		assert_int_equal(claims_add_doc(&set, d[i], NULL, NULL, 0), CLAIMS_OK);
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
	for (i = 0; i < 12; i++)
		doc_free(d[i]);
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keys),
		cmocka_unit_test(test_similarity),
		cmocka_unit_test(test_reconcile),
		cmocka_unit_test(test_related_capped),
		cmocka_unit_test(test_no_false_conflicts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
