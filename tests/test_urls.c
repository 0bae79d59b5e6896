/* Unit tests: URL extraction, normalization, repair (checker/urls.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "buf.h"
#include "doc.h"
#include "doc_internal.h"
#include "urls.h"
#include "util.h"

/*
 * A document whose reading text is exactly `text` (source == text), with
 * the given joins: lets the tests state what the layout phase recorded.
 */
static struct doc *fake_doc(const char *text, const struct doc_join *joins, size_t nr)
{
	struct doc *d = xcalloc(1, sizeof(*d));
	size_t n = strlen(text), i;
	d->path = xstrdup("fake.txt");
	d->src = xstrdup(text);
	d->src_len = n;
	lineidx_init(&d->lines_idx, d->src, n);
	mtext_init(&d->text, 0);
	mtext_add(&d->text, text, n, 0);
	for (i = 0; i < nr; i++)
		doc_add_join(d, joins[i].at, joins[i].hyphen);
	return d;
}

static struct url_list extract(const char *text, const struct doc_join *joins, size_t nr)
{
	struct url_list l;
	struct doc *d = fake_doc(text, joins, nr);
	url_list_init(&l, 0);
	assert_int_equal(urls_extract(&l, d), URLS_OK);
	doc_free(d);
	return l;
}

static void test_trailing_punctuation(void **state)
{
	struct url_list l = extract(
		"See http://x.org/a. Then http://x.org/b; also (see http://x.org/a_(b)) and "
		"\xe2\x80\x9chttp://x.org/q\xe2\x80\x9d, http://x.org/c<br /> and (http://x.org/d), "
		"[http://x.org/e] http://x.org/f?a=1&b=2#top!", NULL, 0);
	(void)state;
	assert_int_equal(l.nr, 8);
	assert_string_equal(l.v[0].url, "http://x.org/a");
	assert_string_equal(l.v[1].url, "http://x.org/b");
	assert_string_equal(l.v[2].url, "http://x.org/a_(b)");
	assert_string_equal(l.v[3].url, "http://x.org/q");
	assert_string_equal(l.v[4].url, "http://x.org/c");
	assert_string_equal(l.v[5].url, "http://x.org/d");
	assert_string_equal(l.v[6].url, "http://x.org/e");
	assert_string_equal(l.v[7].url, "http://x.org/f?a=1&b=2#top");
	url_list_release(&l);
}

static void test_kinds(void **state)
{
	struct url_list l = extract(
		"Visit www.example.com/path. DOI doi:10.1000/xyz123, also 10.1234/abc.def; "
		"mail mailto:Ed@Example.ORG or mailto:bad@@x and "
		"Lai ([binhlt@mofa.gov.vn](mailto:binhlt@mofa.gov.vn)) is. Not www.x or 210.1234/5.",
		NULL, 0);
	(void)state;
	assert_int_equal(l.nr, 6);
	assert_string_equal(l.v[0].url, "http://www.example.com/path");
	assert_int_equal(l.v[0].kind, URL_WEB);
	assert_string_equal(l.v[1].url, "https://doi.org/10.1000/xyz123");
	assert_int_equal(l.v[1].kind, URL_DOI);
	assert_string_equal(l.v[2].url, "https://doi.org/10.1234/abc.def");
	assert_string_equal(l.v[3].url, "mailto:Ed@example.org");
	assert_int_equal(l.v[3].kind, URL_MAILTO);
	assert_true(l.v[3].valid);
	assert_false(l.v[4].valid);
	assert_string_equal(l.v[5].url, "mailto:binhlt@mofa.gov.vn");
	assert_true(l.v[5].valid);
	url_list_release(&l);
}

static void test_normalize(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	const char *s;
	(void)state;
	s = "HTTP://WWW.Example.COM:80/a b/caf\xc3\xa9?q=%c3%a9";
	assert_int_equal(url_normalize(URL_WEB, s, strlen(s), &sb), URLS_OK);
	assert_string_equal(sb.buf, "http://www.example.com/a%20b/caf%C3%A9?q=%C3%A9");
	strbuf_reset(&sb);
	s = "http://b\xc3\xbc" "cher.example/x";
	assert_int_equal(url_normalize(URL_WEB, s, strlen(s), &sb), URLS_OK);
	assert_string_equal(sb.buf, "http://xn--bcher-kva.example/x");
	strbuf_reset(&sb);
	assert_int_equal(url_normalize(URL_WEB, "https://x.org:443", 17, &sb), URLS_OK);
	assert_string_equal(sb.buf, "https://x.org/");
	strbuf_reset(&sb);
	assert_int_equal(url_normalize(URL_WEB, "http://x.org:8080/%zz", 21, &sb), URLS_OK);
	assert_string_equal(sb.buf, "http://x.org:8080/%25zz");
	strbuf_reset(&sb);
	assert_int_equal(url_normalize(URL_WEB, "ftp://x.org/", 12, &sb), URLS_ERR_SCHEME);
	assert_int_equal(url_normalize(URL_WEB, "http://x.org:8a/", 16, &sb), URLS_ERR_SYNTAX);
	assert_int_equal(sb.len, 0);
	strbuf_release(&sb);
}

static void test_dedup_and_positions(void **state)
{
	const char *src = "First line.\nSecond http://X.org/p here\nthird http://x.org/p.\n";
	struct doc *d = NULL;
	struct url_list l;
	(void)state;
	assert_int_equal(doc_parse("t.txt", src, strlen(src), NULL, &d, NULL), DOC_OK);
	url_list_init(&l, 0);
	assert_int_equal(urls_extract(&l, d), URLS_OK);
	assert_int_equal(l.nr, 1);
	assert_int_equal(l.v[0].nr_occ, 2);
	assert_int_equal(l.v[0].occ[0].line, 2);
	assert_int_equal(l.v[0].occ[0].col, 8);
	assert_int_equal(l.v[0].occ[1].line, 3);
	assert_int_equal(l.v[0].occ[1].col, 7);
	assert_int_equal(l.v[0].occ[1].entry, -1);
	assert_string_equal(l.v[0].occ[0].doc, "t.txt");
	assert_int_equal(l.v[0].occ[0].src_end - l.v[0].occ[0].src_start, 14);
	url_list_release(&l);
	doc_free(d);
}

static void test_list_limit(void **state)
{
	struct url_list l;
	struct doc *d = fake_doc("http://a.org/ http://b.org/ http://c.org/", NULL, 0);
	(void)state;
	url_list_init(&l, 2);
	assert_int_equal(urls_extract(&l, d), URLS_ERR_LIMIT);
	assert_int_equal(l.nr, 2);
	url_list_release(&l);
	doc_free(d);
}

/* max_links bounds the URLs read from one document, and the warning names it. */
static void test_per_doc_limit(void **state)
{
	struct url_list l;
	struct strbuf w = STRBUF_INIT;
	struct doc *d = fake_doc("http://a.org/ http://b.org/ http://a.org/ http://c.org/", NULL, 0);
	struct doc *d2 = fake_doc("http://e.org/ http://f.org/", NULL, 0);
	(void)state;
	url_list_init(&l, 0);
	l.max_per_doc = 2;
	assert_int_equal(urls_extract(&l, d), URLS_ERR_LIMIT);
	assert_int_equal(l.nr, 2);
	urls_limit_message(&l, "big.txt", &w);
	assert_string_equal(w.buf, "'big.txt': more than 2 links; the rest are not checked "
			    "(see max_links)");
	/* the next document has its own allowance */
	assert_int_equal(urls_extract(&l, d2), URLS_OK);
	assert_int_equal(l.nr, 4);
	/* the run's cap is told apart */
	l.max = 4;
	l.max_per_doc = 0;
	assert_int_equal(urls_extract(&l, d), URLS_ERR_LIMIT);
	strbuf_reset(&w);
	urls_limit_message(&l, "big.txt", &w);
	assert_non_null(strstr(w.buf, "the run already holds 4 links"));
	strbuf_release(&w);
	url_list_release(&l);
	doc_free(d);
	doc_free(d2);
}

static void test_joins(void **state)
{
	/* "http://x.org/party-" + "central/" with the hyphen dropped by layout */
	const char *t1 = "at http://x.org/partycentral/ ok";
	struct doc_join j1[] = { { 21, 1 } };
	/* hyphen kept: "http://x.org/a-" + "b" */
	const char *t2 = "at http://x.org/a-b ok";
	struct doc_join j2[] = { { 18, 2 } };
	/* a URL wrapped after a slash, joined with a space */
	const char *t3 = "at http://x.org/long/ path/page.html next";
	struct doc_join j3[] = { { 22, 0 } };
	/* a plain join after a URL that does not continue it */
	const char *t4 = "at http://x.org/a and more";
	struct doc_join j4[] = { { 18, 0 } };
	/* no-space join (a wrapped URL): one URL, nothing to flip */
	const char *t5 = "at http://x.org/abcdef ok";
	struct doc_join j5[] = { { 19, 3 } };
	struct url_list l;
	(void)state;

	l = extract(t1, j1, 1);
	assert_int_equal(l.nr, 1);
	assert_string_equal(l.v[0].url, "http://x.org/party-central/");
	assert_int_equal(l.v[0].nr_alts, 1);
	assert_string_equal(l.v[0].alts[0], "http://x.org/partycentral/");
	url_list_release(&l);

	l = extract(t2, j2, 1);
	assert_string_equal(l.v[0].url, "http://x.org/a-b");
	assert_int_equal(l.v[0].nr_alts, 1);
	assert_string_equal(l.v[0].alts[0], "http://x.org/ab");
	url_list_release(&l);

	l = extract(t3, j3, 1);
	assert_int_equal(l.nr, 1);
	assert_string_equal(l.v[0].url, "http://x.org/long/path/page.html");
	assert_int_equal(l.v[0].nr_alts, 1);
	assert_string_equal(l.v[0].alts[0], "http://x.org/long/");
	assert_int_equal(l.v[0].occ[0].end, 36);
	url_list_release(&l);

	l = extract(t4, j4, 1);
	assert_int_equal(l.nr, 1);
	assert_string_equal(l.v[0].url, "http://x.org/a");
	assert_int_equal(l.v[0].nr_alts, 0);
	url_list_release(&l);

	l = extract(t5, j5, 1);
	assert_string_equal(l.v[0].url, "http://x.org/abcdef");
	assert_int_equal(l.v[0].nr_alts, 0);
	url_list_release(&l);
}

static int has(char **v, size_t n, const char *s)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (!strcmp(v[i], s))
			return 1;
	return 0;
}

static void free_all(char **v, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		free(v[i]);
}

/*
 * Through the layout phase: a reference list whose longest line ends in
 * a URL is no wrapped URL going on into the next item's number.
 */
static void test_list_number_ends_url(void **state)
{
	const char *text =
		"References\n\n"
		"1. Harbour Board, \"Yearly Accounts\", Board Press, 2019. https://example.org/board/accounts-2019\n"
		"2. Pilots' Guild, \"The Register\", Guild Papers, 2017.\n"
		"3) Coast Office, \"Lights\", 2012. https://example.org/lights/list-of-lights-and-signals\n"
		"4) Tide Tables, 2013.\n";
	struct doc *d = NULL;
	struct url_list l;
	(void)state;
	assert_int_equal(doc_parse("list.txt", text, strlen(text), NULL, &d, NULL), DOC_OK);
	url_list_init(&l, 0);
	assert_int_equal(urls_extract(&l, d), URLS_OK);
	assert_int_equal(l.nr, 2);
	assert_string_equal(l.v[0].url, "https://example.org/board/accounts-2019");
	assert_string_equal(l.v[1].url, "https://example.org/lights/list-of-lights-and-signals");
	url_list_release(&l);
	doc_free(d);
}

static void test_repair(void **state)
{
	const char *text =
		"Political Report to the Party Congress; the central committees met. "
		"Russian Subs in Vietnam, news and analysis. With Russia\xe2\x80\x99s Help, "
		"Vietnam adopts a strategy. The Russia-Vietnam partnership; an extensive "
		"strategic partnership with Japan.";
	struct vocab *v = vocab_new();
	char *out[URLS_MAX_ALTS];
	size_t n;
	(void)state;

	vocab_add_text(v, text, strlen(text));
	assert_true(vocab_count(v, "russias", 7) > 0);
	assert_true(vocab_count(v, "Russia", 6) > 0);
	assert_int_equal(vocab_count(v, "partycentral", 12), 0);

	n = urls_repair("https://m.vn.com/2016/01/11th-partycentral-committees-report/", v, out, 16);
	assert_true(n >= 1 && n <= 16);
	assert_string_equal(out[0], "https://m.vn.com/2016/01/11th-party-central-committees-report/");
	free_all(out, n);

	n = urls_repair("http://news.usni.org/newsanalysis/news/russian-subs-vietnam", v, out, 16);
	assert_true(has(out, n, "http://news.usni.org/news-analysis/news/russian-subs-vietnam"));
	free_all(out, n);

	n = urls_repair("http://d.com/2013/10/08/withrussias-help-vietnam-adopts-a2ad-strategy/", v, out, 16);
	assert_true(has(out, n, "http://d.com/2013/10/08/with-russias-help-vietnam-adopts-a2ad-strategy/"));
	free_all(out, n);

	n = urls_repair("http://e.org/2012/10/09/the-russiavietnam-comprehensive-partnership/", v, out, 16);
	assert_string_equal(out[0], "http://e.org/2012/10/09/the-russia-vietnam-comprehensive-partnership/");
	free_all(out, n);

	/* two joined words: both repaired in one candidate */
	n = urls_repair("http://d.com/vietnams-extensivestrategic-partycentral/", v, out, 16);
	assert_true(has(out, n, "http://d.com/vietnams-extensive-strategic-party-central/"));
	free_all(out, n);

	/* the host is never split; the bound holds */
	n = urls_repair("http://partycentral.org/", v, out, 16);
	assert_int_equal(n, 0);
	n = urls_repair("http://d.com/partycentral", v, out, 1);
	assert_int_equal(n, 1);
	free_all(out, n);
	vocab_free(v);
}

static void test_mailto_syntax(void **state)
{
	(void)state;
	assert_true(url_mailto_valid("a.b+c@ex-ample.co.uk", 20));
	assert_true(url_mailto_valid("a@x.org,b@y.org?subject=hi", 26));
	assert_false(url_mailto_valid("a@x", 3));
	assert_false(url_mailto_valid(".a@x.org", 8));
	assert_false(url_mailto_valid("a@-x.org", 8));
	assert_false(url_mailto_valid("a b@x.org", 9));
	assert_false(url_mailto_valid("", 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_trailing_punctuation),
		cmocka_unit_test(test_kinds),
		cmocka_unit_test(test_normalize),
		cmocka_unit_test(test_dedup_and_positions),
		cmocka_unit_test(test_list_limit),
		cmocka_unit_test(test_joins),
		cmocka_unit_test(test_list_number_ends_url),
		cmocka_unit_test(test_repair),
		cmocka_unit_test(test_mailto_syntax),
		cmocka_unit_test(test_per_doc_limit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
