/*
 * Unit tests of the renderers (reports/): golden files for every
 * format on the demo corpus, hostile text in every format, HTML and
 * JUnit that libxml2 parses without errors, JSON that holds to
 * docs/report-schema.json, new/fixed marking, colours, caps.
 *
 * Golden files live in tests/fixtures/reports/expected.*; the actual
 * output is written beside the test binary (build/tests/actual.*) for
 * diffing. UPDATE_GOLDEN=1 rewrites the expected files (review the
 * diff before committing them).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>

#include "buf.h"
#include "report.h"
#include "utf8.h"
#include "helpers/tjson.h"

#define FIXTURES "tests/fixtures/reports/"

struct demo {
	struct report r;
	struct findings cur, prev;
	struct linkrot lr;
};

static void demo_init(struct demo *d, int linkrot_only)
{
	report_init(&d->r);
	findings_init(&d->cur);
	findings_init(&d->prev);
	linkrot_init(&d->lr);
	report_demo(&d->r, &d->cur, &d->prev, &d->lr);
	d->r.opts.version = "test";
	d->r.linkrot_only = linkrot_only;
	if (!linkrot_only)
		d->r.linkrot = NULL;
}

static void demo_release(struct demo *d)
{
	report_release(&d->r);
	findings_release(&d->cur);
	findings_release(&d->prev);
	linkrot_release(&d->lr);
}

static char *read_file(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	struct strbuf sb = STRBUF_INIT;
	char buf[4096];
	size_t n;
	if (!fp)
		return NULL;
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		strbuf_add(&sb, buf, n);
	fclose(fp);
	return strbuf_detach(&sb, len);
}

static void write_file(const char *path, const char *s, size_t n)
{
	FILE *fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(s, 1, n, fp), n);
	assert_int_equal(fclose(fp), 0);
}

static void render(const struct report *r, enum report_format fmt, struct strbuf *out)
{
	assert_int_equal(report_render(r, fmt, out), REPORT_OK);
	assert_true(out->len > 0);
	assert_true(utf8_validate(out->buf, out->len, NULL) || !"output is not valid utf-8");
}

static void golden(const char *name, const struct strbuf *out)
{
	char exp_path[256], act_path[256];
	char *exp;
	size_t len = 0;

	snprintf(exp_path, sizeof(exp_path), FIXTURES "expected.%s", name);
	snprintf(act_path, sizeof(act_path), "build/tests/actual.%s", name);
	if (getenv("UPDATE_GOLDEN"))
		write_file(exp_path, out->buf, out->len);
	write_file(act_path, out->buf, out->len);
	exp = read_file(exp_path, &len);
	if (!exp)
		fail_msg("missing %s (run with UPDATE_GOLDEN=1 and review it)", exp_path);
	if (len != out->len || memcmp(exp, out->buf, len)) {
		free(exp);
		fail_msg("output differs from %s: diff -u %s %s", exp_path, exp_path, act_path);
	}
	free(exp);
}

static void golden_format(enum report_format fmt, int linkrot, int color, const char *name)
{
	struct demo d;
	struct strbuf out = STRBUF_INIT;
	demo_init(&d, linkrot);
	d.r.opts.color = color;
	render(&d.r, fmt, &out);
	golden(name, &out);
	strbuf_release(&out);
	demo_release(&d);
}

static void test_golden_text(void **state)
{
	(void)state;
	golden_format(REPORT_TEXT, 0, 0, "txt");
	golden_format(REPORT_TEXT, 0, 1, "color.txt");
	golden_format(REPORT_TEXT, 1, 0, "linkrot.txt");
}

static void test_golden_md(void **state)
{
	(void)state;
	golden_format(REPORT_MD, 0, 0, "md");
	golden_format(REPORT_MD, 1, 0, "linkrot.md");
}

static void test_golden_html(void **state)
{
	(void)state;
	golden_format(REPORT_HTML, 0, 0, "html");
	golden_format(REPORT_HTML, 1, 0, "linkrot.html");
}

static void test_golden_json(void **state)
{
	(void)state;
	golden_format(REPORT_JSON, 0, 0, "json");
	golden_format(REPORT_JSON, 1, 0, "linkrot.json");
}

static void test_golden_junit(void **state)
{
	(void)state;
	golden_format(REPORT_JUNIT, 0, 0, "junit.xml");
}

/* --- hostile text -------------------------------------------------------- */

#define HOSTILE_QUOTE "<script>alert(1)</script> ]]> -- <!-- \"q\" 'a' & \x01\x1b[2J\x7f \xc2\x9b \xff\xfe\xef\xbf\xbe|`x`|"

static void hostile_report(struct report *r, struct findings *f)
{
	struct finding *fd;
	struct report_doc *d;
	struct report_row *row;
	struct report_table *t;
	static const char *const cols[] = { "Quote|col", "Link" };

	report_init(r);
	findings_init(f);
	/* build the finding by hand: no document is loaded here */
	fd = findings_add(f, "scan", "odd-<kind>", SEV_ERROR, NULL, 0, 0, "k", "msg <i>%s</i> & \x1b[1m", "x");
	fd->doc = strdup("dir/<evil>\"doc\x01.txt");
	fd->line = 3;
	fd->col = 2;
	fd->quote = strdup(HOSTILE_QUOTE);
	fd->suggestion = strdup("javascript:alert(document.cookie)");
	finding_add_related_loc(fd, "other]]>.txt", 1, 1, "--> <x>", "side <b>");
	d = report_add_doc(r, fd->doc, "<fmt>", 10);
	t = report_doc_add_table(d, "re<f>s", "Refs <&>", 2, cols);
	row = report_table_add_row(t);
	report_cell_set(row, 0, CELL_QUOTE, TONE_NONE, HOSTILE_QUOTE, strlen(HOSTILE_QUOTE));
	report_cell_set(row, 1, CELL_URL, TONE_BAD, "javascript:alert(2)", 19);
	report_cell_set_note(row, 1, "\"><script>", 10);
	r->findings = f;
	r->time = 0;
	r->opts.version = "test";
}

/* Control characters (but tab, CR and LF) anywhere in s? */
static int has_control(const char *s, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c < 0x20 && c != '\n' && c != '\t' && c != '\r') || c == 0x7f)
			return 1;
		if (c == 0xc2 && i + 1 < n && (unsigned char)s[i + 1] >= 0x80 && (unsigned char)s[i + 1] < 0xa0)
			return 1;
	}
	return 0;
}

/*
 * Every '<' in Markdown output is escaped, or one the renderer wrote:
 * an autolink of an http(s) URL or a <br> joining lines in a cell.
 */
static int md_angles_escaped(const char *s)
{
	const char *p;
	for (p = strchr(s, '<'); p; p = strchr(p + 1, '<')) {
		if (p > s && p[-1] == '\\')
			continue;
		if (!strncmp(p, "<http://", 8) || !strncmp(p, "<https://", 9) || !strncmp(p, "<br>", 4))
			continue;
		fprintf(stderr, "unescaped '<' at: %.40s\n", p);
		return 0;
	}
	return 1;
}

static void test_hostile_text_md(void **state)
{
	struct report r;
	struct findings f;
	struct strbuf out = STRBUF_INIT;
	(void)state;
	hostile_report(&r, &f);
	render(&r, REPORT_TEXT, &out);
	assert_false(has_control(out.buf, out.len));
	assert_non_null(strstr(out.buf, "<script>alert(1)</script>"));  /* text stays text */
	strbuf_reset(&out);
	render(&r, REPORT_MD, &out);
	assert_false(has_control(out.buf, out.len));
	assert_true(md_angles_escaped(out.buf));
	assert_non_null(strstr(out.buf, "\\<script\\>"));
	/* a pipe in a cell would split the table row */
	assert_non_null(strstr(out.buf, "\\|\\`x\\`\\|"));
	assert_null(strstr(out.buf, "](javascript"));
	assert_null(strstr(out.buf, "<javascript"));
	strbuf_release(&out);
	report_release(&r);
	findings_release(&f);
}

static void test_hostile_json(void **state)
{
	struct report r;
	struct findings f;
	struct strbuf out = STRBUF_INIT;
	struct tjson *j;
	const struct tjson *fd;
	(void)state;
	hostile_report(&r, &f);
	render(&r, REPORT_JSON, &out);
	assert_false(has_control(out.buf, out.len));
	j = tjson_parse(out.buf, out.len, NULL);
	assert_non_null(j);
	fd = tjson_get(tjson_get(j, "documents")->items[0], "findings")->items[0];
	assert_string_equal(tjson_get(fd, "kind")->str, "odd-<kind>");
	assert_non_null(strstr(tjson_get(fd, "quote")->str, "<script>alert(1)</script> ]]> --"));
	tjson_free(j);
	strbuf_release(&out);
	report_release(&r);
	findings_release(&f);
}

/* libxml2 errors while parsing, counted by a structured handler. */
struct xml_errors {
	int n;
	int svg_tags;   /* "Tag svg invalid" and the like: HTML4 does not know SVG */
};

static void count_error(void *ud, xmlErrorPtr e)
{
	struct xml_errors *x = ud;
	static const char *const svg[] = { "svg", "rect", "line", "polyline", "circle", "text", "title", NULL };
	size_t i;
	if (e->level < XML_ERR_ERROR)
		return;
	if (e->code == XML_HTML_UNKNOWN_TAG && e->str1) {
		for (i = 0; svg[i]; i++)
			if (!strcmp(e->str1, svg[i])) {
				x->svg_tags++;
				return;
			}
	}
	fprintf(stderr, "libxml2: %s", e->message);
	x->n++;
}

static htmlDocPtr parse_html(const struct strbuf *out, struct xml_errors *x)
{
	htmlParserCtxtPtr ctxt = htmlNewParserCtxt();
	htmlDocPtr doc;
	memset(x, 0, sizeof(*x));
	xmlSetStructuredErrorFunc(x, count_error);
	doc = htmlCtxtReadMemory(ctxt, out->buf, (int)out->len, "report.html", "UTF-8", HTML_PARSE_NONET);
	xmlSetStructuredErrorFunc(NULL, NULL);
	htmlFreeParserCtxt(ctxt);
	assert_non_null(doc);
	return doc;
}

static int xpath_count(xmlDocPtr doc, const char *expr)
{
	xmlXPathContextPtr c = xmlXPathNewContext(doc);
	xmlXPathObjectPtr o = xmlXPathEvalExpression(BAD_CAST expr, c);
	int n = o && o->nodesetval ? o->nodesetval->nodeNr : 0;
	xmlXPathFreeObject(o);
	xmlXPathFreeContext(c);
	return n;
}

static char *xpath_string(xmlDocPtr doc, const char *expr)
{
	xmlXPathContextPtr c = xmlXPathNewContext(doc);
	xmlXPathObjectPtr o = xmlXPathEvalExpression(BAD_CAST expr, c);
	char *s = o ? (char *)xmlXPathCastToString(o) : NULL;
	char *r = s ? strdup(s) : NULL;
	xmlFree(s);
	xmlXPathFreeObject(o);
	xmlXPathFreeContext(c);
	return r;
}

static void test_hostile_html(void **state)
{
	struct report r;
	struct findings f;
	struct strbuf out = STRBUF_INIT;
	struct xml_errors x;
	htmlDocPtr doc;
	char *q;
	(void)state;
	hostile_report(&r, &f);
	render(&r, REPORT_HTML, &out);
	assert_false(has_control(out.buf, out.len));
	doc = parse_html(&out, &x);
	assert_int_equal(x.n, 0);
	/* the only script element would be one the document smuggled in */
	assert_int_equal(xpath_count(doc, "//script"), 0);
	assert_int_equal(xpath_count(doc, "//i"), 0);
	assert_int_equal(xpath_count(doc, "//a[starts-with(@href, 'javascript')]"), 0);
	q = xpath_string(doc, "string(//blockquote[@class='quote'])");
	assert_non_null(q);
	assert_non_null(strstr(q, "<script>alert(1)</script> ]]> -- <!-- \"q\" 'a' &"));
	free(q);
	q = xpath_string(doc, "string(//td[@data-label='Link']/span[@class='note'])");
	assert_string_equal(q, "\"><script>");
	free(q);
	xmlFreeDoc(doc);
	strbuf_release(&out);
	report_release(&r);
	findings_release(&f);
}

static void test_hostile_junit(void **state)
{
	struct report r;
	struct findings f;
	struct strbuf out = STRBUF_INIT;
	struct xml_errors x = { 0, 0 };
	xmlDocPtr doc;
	char *s;
	(void)state;
	hostile_report(&r, &f);
	render(&r, REPORT_JUNIT, &out);
	xmlSetStructuredErrorFunc(&x, count_error);
	doc = xmlReadMemory(out.buf, (int)out.len, "junit.xml", NULL, XML_PARSE_NONET);
	xmlSetStructuredErrorFunc(NULL, NULL);
	assert_non_null(doc);
	assert_int_equal(x.n, 0);
	assert_int_equal(xpath_count(doc, "/testsuites/testsuite/testcase/failure"), 1);
	s = xpath_string(doc, "string(//failure)");
	assert_non_null(strstr(s, "<script>alert(1)</script> ]]> --"));
	free(s);
	s = xpath_string(doc, "string(//testsuite/@name)");
	assert_non_null(strstr(s, "dir/<evil>\"doc"));
	free(s);
	xmlFreeDoc(doc);
	strbuf_release(&out);
	report_release(&r);
	findings_release(&f);
}

/* --- structure ----------------------------------------------------------- */

static void test_demo_html_valid(void **state)
{
	struct demo d;
	struct strbuf out = STRBUF_INIT;
	struct xml_errors x;
	htmlDocPtr doc;
	(void)state;
	demo_init(&d, 0);
	render(&d.r, REPORT_HTML, &out);
	doc = parse_html(&out, &x);
	assert_int_equal(x.n, 0);
	assert_int_equal(x.svg_tags, 0);
	assert_int_equal(xpath_count(doc, "//meta[@name='viewport']"), 1);
	assert_int_equal(xpath_count(doc, "//*[@id='overview']"), 1);
	assert_int_equal(xpath_count(doc, "//*[@id='fixed']"), 1);
	assert_int_equal(xpath_count(doc, "//div[contains(@class,'doc')]"), 5);
	assert_int_equal(xpath_count(doc, "//table[contains(@class,'data-references')]"), 1);
	assert_int_equal(xpath_count(doc, "//table[contains(@class,'data-claims')]"), 1);
	assert_int_equal(xpath_count(doc, "//div[@class='side']/div"), 2);
	assert_int_equal(xpath_count(doc, "//span[@class='badge new']"), 2);
	/* self-contained: nothing fetched from anywhere */
	assert_int_equal(xpath_count(doc, "//script|//link|//img|//iframe|//*[@src]"), 0);
	assert_null(strstr(out.buf, "@import"));
	assert_non_null(strstr(out.buf, "@media print"));
	assert_non_null(strstr(out.buf, "@media (max-width"));
	xmlFreeDoc(doc);
	strbuf_reset(&out);

	demo_release(&d);
	demo_init(&d, 1);
	render(&d.r, REPORT_HTML, &out);
	doc = parse_html(&out, &x);
	assert_int_equal(x.n, 0);
	assert_true(x.svg_tags > 0);
	assert_int_equal(xpath_count(doc, "//*[@id='linkrot']"), 1);
	assert_int_equal(xpath_count(doc, "//svg"), 1);
	assert_int_equal(xpath_count(doc, "//svg/circle"), 8);
	assert_int_equal(xpath_count(doc, "//svg/polyline"), 1);
	xmlFreeDoc(doc);
	strbuf_release(&out);
	demo_release(&d);
}

static void validate_json(const struct strbuf *out)
{
	char *schema_text;
	size_t len = 0, err = 0;
	struct tjson *schema, *doc;
	schema_text = read_file("docs/report-schema.json", &len);
	assert_non_null(schema_text);
	schema = tjson_parse(schema_text, len, &err);
	assert_non_null(schema);
	doc = tjson_parse(out->buf, out->len, &err);
	if (!doc)
		fail_msg("json output does not parse at offset %zu", err);
	assert_int_equal(tjson_validate(schema, doc), 0);
	assert_int_equal((int)tjson_get(doc, "schema_version")->num, REPORT_SCHEMA_VERSION);
	assert_int_equal((int)tjson_get(tjson_get(schema, "properties"), "schema_version")->items[0]->num,
			 REPORT_SCHEMA_VERSION);
	tjson_free(doc);
	tjson_free(schema);
	free(schema_text);
}

static void test_json_schema(void **state)
{
	struct demo d;
	struct report r;
	struct findings f;
	struct strbuf out = STRBUF_INIT;
	(void)state;
	demo_init(&d, 0);
	d.r.linkrot = &d.lr;            /* findings and link rot together */
	render(&d.r, REPORT_JSON, &out);
	validate_json(&out);
	strbuf_reset(&out);
	demo_release(&d);

	hostile_report(&r, &f);
	render(&r, REPORT_JSON, &out);
	validate_json(&out);
	strbuf_reset(&out);
	report_release(&r);

	report_init(&r);                /* an empty report is valid too */
	render(&r, REPORT_JSON, &out);
	validate_json(&out);
	strbuf_release(&out);
	report_release(&r);
	findings_release(&f);
}

static void test_schema_catches_drift(void **state)
{
	/* the checker itself must reject a document missing a key */
	const char *schema = "{\"type\":\"object\",\"required\":[\"a\"],\"properties\":{\"a\":{\"type\":\"integer\"}},"
			     "\"additionalProperties\":false}";
	struct tjson *s = tjson_parse(schema, strlen(schema), NULL);
	struct tjson *d1 = tjson_parse("{\"a\":1}", 7, NULL);
	struct tjson *d2 = tjson_parse("{\"b\":1}", 7, NULL);
	struct tjson *d3 = tjson_parse("{\"a\":\"x\"}", 9, NULL);
	(void)state;
	assert_int_equal(tjson_validate(s, d1), 0);
	assert_int_equal(tjson_validate(s, d2), 2);
	assert_int_equal(tjson_validate(s, d3), 1);
	tjson_free(s);
	tjson_free(d1);
	tjson_free(d2);
	tjson_free(d3);
}

static void test_new_and_fixed(void **state)
{
	struct demo d;
	struct strbuf out = STRBUF_INIT;
	struct tjson *j;
	(void)state;
	demo_init(&d, 0);
	render(&d.r, REPORT_JSON, &out);
	j = tjson_parse(out.buf, out.len, NULL);
	assert_non_null(j);
	assert_int_equal((int)tjson_get(tjson_get(j, "summary"), "new")->num, 2);
	assert_int_equal((int)tjson_get(tjson_get(j, "summary"), "fixed")->num, 1);
	assert_string_equal(tjson_get(tjson_get(j, "fixed")->items[0], "kind")->str, "title-mismatch");
	tjson_free(j);
	strbuf_reset(&out);

	/* without a previous run nothing is new and "new" is null */
	d.r.previous = NULL;
	render(&d.r, REPORT_JSON, &out);
	j = tjson_parse(out.buf, out.len, NULL);
	assert_int_equal(tjson_get(tjson_get(j, "summary"), "new")->type, TJ_NULL);
	assert_int_equal(tjson_get(j, "fixed")->nr, 0);
	tjson_free(j);
	strbuf_reset(&out);
	render(&d.r, REPORT_TEXT, &out);
	assert_null(strstr(out.buf, "(new)"));
	assert_null(strstr(out.buf, "fixed"));
	strbuf_release(&out);
	demo_release(&d);
}

static void test_junit_fail_on(void **state)
{
	struct demo d;
	struct strbuf out = STRBUF_INIT;
	xmlDocPtr doc;
	(void)state;
	demo_init(&d, 0);
	d.r.opts.fail_on = SEV_WARNING;
	render(&d.r, REPORT_JUNIT, &out);
	doc = xmlReadMemory(out.buf, (int)out.len, "j.xml", NULL, XML_PARSE_NONET);
	assert_int_equal(xpath_count(doc, "//failure"), 5);
	assert_int_equal(xpath_count(doc, "//testsuite"), 5);
	assert_int_equal(xpath_count(doc, "//error[@type='unreadable']"), 1);
	xmlFreeDoc(doc);
	strbuf_reset(&out);
	d.r.opts.fail_never = 1;
	render(&d.r, REPORT_JUNIT, &out);
	doc = xmlReadMemory(out.buf, (int)out.len, "j.xml", NULL, XML_PARSE_NONET);
	assert_int_equal(xpath_count(doc, "//failure"), 0);
	xmlFreeDoc(doc);
	strbuf_release(&out);
	demo_release(&d);
}

/* --- text details ---------------------------------------------------------- */

static const char *fake_line(void *ud, const char *doc, size_t line, size_t *len)
{
	const char *s = ud;
	(void)doc;
	if (line != 14)
		return NULL;
	*len = strlen(s);
	return s;
}

static void test_text_source_line(void **state)
{
	struct demo d;
	struct strbuf out = STRBUF_INIT;
	(void)state;
	demo_init(&d, 0);
	/* "dredging costs rose sharply.12" stands at column 37 of line 14 */
	d.r.opts.source_line = fake_line;
	d.r.opts.source_ud = "In the decade that followed, the \xc3\xa9t dredging costs rose sharply.12 Then";
	render(&d.r, REPORT_TEXT, &out);
	assert_non_null(strstr(out.buf,
		"   14 | In the decade that followed, the \xc3\xa9t dredging costs rose sharply.12 Then\n"
		"      |                                     ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n"));
	strbuf_reset(&out);
	/* a changed file: the quote is not at the column any more */
	d.r.opts.source_ud = "a different line now";
	render(&d.r, REPORT_TEXT, &out);
	assert_null(strstr(out.buf, "a different line now"));
	assert_non_null(strstr(out.buf, "   14 | \xe2\x80\xa6" "dredging costs rose sharply.12\n"));
	strbuf_release(&out);
	demo_release(&d);
}

static void test_color_decision(void **state)
{
	(void)state;
	assert_true(report_use_color(-1, 1, NULL));
	assert_true(report_use_color(-1, 1, ""));
	assert_false(report_use_color(-1, 1, "1"));
	assert_false(report_use_color(-1, 0, NULL));
	assert_true(report_use_color(1, 0, "1"));       /* always means always */
	assert_false(report_use_color(0, 1, NULL));
}

static void test_text_color_codes(void **state)
{
	struct demo d;
	struct strbuf out = STRBUF_INIT;
	(void)state;
	demo_init(&d, 0);
	render(&d.r, REPORT_TEXT, &out);
	assert_null(strchr(out.buf, '\033'));
	strbuf_reset(&out);
	d.r.opts.color = 1;
	render(&d.r, REPORT_TEXT, &out);
	assert_non_null(strstr(out.buf, "\033[1;31merror:\033[0m"));
	strbuf_release(&out);
	demo_release(&d);
}

static void test_cap(void **state)
{
	struct demo d;
	struct strbuf out;
	enum report_format fmt;
	(void)state;
	demo_init(&d, 0);
	for (fmt = REPORT_TEXT; fmt <= REPORT_JUNIT; fmt++) {
		strbuf_init(&out, 200);
		strbuf_addstr(&out, "kept");
		assert_int_equal(report_render(&d.r, fmt, &out), REPORT_ERR_LIMIT);
		assert_string_equal(out.buf, "kept");   /* never a truncated report */
		strbuf_release(&out);
	}
	demo_release(&d);
}

/* A report of one document with n findings of one kind and one of another. */
static void many_init(struct report *r, struct findings *f, size_t n)
{
	size_t i;
	report_init(r);
	findings_init(f);
	report_add_doc(r, "big.txt", "text", 1000);
	for (i = 0; i < n; i++) {
		char key[32];
		snprintf(key, sizeof(key), "k%zu", i);
		findings_add_at(f, "claims", "claim-conflict", SEV_ERROR, "big.txt", i + 1, 1, 0, 1,
				"x", key, "conflict number %zu", i + 1);
	}
	findings_add_at(f, "refs", "dangling-callout", SEV_WARNING, "big.txt", 1, 2, 0, 1, "y",
			NULL, "the odd one");
	r->findings = f;
	r->opts.version = "test";
}

/* Text, Markdown and HTML list REPORT_MAX_PER_KIND of a kind, then say how many more. */
static void test_max_per_kind(void **state)
{
	static const enum report_format fmts[] = { REPORT_TEXT, REPORT_MD, REPORT_HTML };
	struct report r;
	struct findings f;
	struct strbuf out = STRBUF_INIT;
	size_t i;
	(void)state;

	many_init(&r, &f, REPORT_MAX_PER_KIND + 7);
	for (i = 0; i < sizeof(fmts) / sizeof(fmts[0]); i++) {
		strbuf_reset(&out);
		render(&r, fmts[i], &out);
		assert_non_null(strstr(out.buf, "conflict number 10"));
		assert_null(strstr(out.buf, "conflict number 11"));
		assert_non_null(strstr(out.buf, "the odd one"));
		assert_non_null(strstr(out.buf, "and 7 more like this (claim-conflict)"));
		/* and how to see them */
		assert_non_null(strstr(out.buf, "--max-per-kind 0"));
		/* the counts still count every finding */
		assert_non_null(strstr(out.buf, fmts[i] == REPORT_TEXT ? "18 findings" :
					fmts[i] == REPORT_MD ? "**18** findings" : "18"));
	}
	/* JSON lists them all */
	strbuf_reset(&out);
	render(&r, REPORT_JSON, &out);
	assert_non_null(strstr(out.buf, "conflict number 17"));
	assert_null(strstr(out.buf, "more like this"));
	/* a cap of the caller's, or none */
	r.opts.max_per_kind = 2;
	strbuf_reset(&out);
	render(&r, REPORT_TEXT, &out);
	assert_null(strstr(out.buf, "conflict number 3"));
	assert_non_null(strstr(out.buf, "and 15 more like this (claim-conflict)"));
	r.opts.max_per_kind = SIZE_MAX;
	strbuf_reset(&out);
	render(&r, REPORT_TEXT, &out);
	assert_non_null(strstr(out.buf, "conflict number 17"));
	assert_null(strstr(out.buf, "more like this"));

	strbuf_release(&out);
	report_release(&r);
	findings_release(&f);
}

struct sink_rec {
	struct strbuf all;
	size_t calls;
	size_t fail_at;         /* 0: never */
};

static int sink_rec(void *ud, const char *buf, size_t n)
{
	struct sink_rec *k = ud;
	if (++k->calls == k->fail_at)
		return -1;
	assert_true(n > 0);
	strbuf_add(&k->all, buf, n);
	return 0;
}

/*
 * Streamed, a report comes out in pieces of about REPORT_CHUNK bytes
 * that add up to the report built in memory, and out stays empty.
 */
static void test_sink(void **state)
{
	static const enum report_format fmts[] = { REPORT_TEXT, REPORT_MD, REPORT_JSON, REPORT_JUNIT,
						    REPORT_HTML };
	struct report r;
	struct findings f;
	struct strbuf whole = STRBUF_INIT, out;
	struct sink_rec k;
	size_t i;
	(void)state;

	many_init(&r, &f, 20);
	/* enough documents for several pieces of JSON */
	for (i = 0; i < 3000; i++) {
		char path[32];
		snprintf(path, sizeof(path), "d%04zu.txt", i);
		report_add_doc(&r, path, "text", 10);
		findings_add_at(&f, "refs", "uncited-entry", SEV_INFO, path, 1, 1, 0, 1,
				"an entry nobody cites, quoted at some length to fill the report",
				NULL, "entry %zu is never cited", i);
	}
	r.opts.max_per_kind = SIZE_MAX;
	for (i = 0; i < sizeof(fmts) / sizeof(fmts[0]); i++) {
		strbuf_reset(&whole);
		render(&r, fmts[i], &whole);
		memset(&k, 0, sizeof(k));
		strbuf_init(&k.all, 0);
		r.opts.sink = sink_rec;
		r.opts.sink_ud = &k;
		/* out's cap bounds a piece, in every format */
		strbuf_init(&out, REPORT_CHUNK * 2);
		assert_int_equal(report_render(&r, fmts[i], &out), REPORT_OK);
		assert_int_equal(out.len, 0);
		assert_int_equal(k.all.len, whole.len);
		assert_memory_equal(k.all.buf, whole.buf, whole.len);
		/* text and Markdown list ten of a kind: too little for two pieces */
		if (fmts[i] == REPORT_JSON || fmts[i] == REPORT_JUNIT || fmts[i] == REPORT_HTML)
			assert_true(k.calls >= 2);
		/* a sink that refuses: the report says so */
		strbuf_release(&k.all);
		memset(&k, 0, sizeof(k));
		k.fail_at = 1;
		assert_int_equal(report_render(&r, fmts[i], &out), REPORT_ERR_SINK);
		strbuf_release(&k.all);
		strbuf_release(&out);
		r.opts.sink = NULL;
	}
	assert_true(whole.len > REPORT_CHUNK);
	/* the documents are found by path through the index */
	assert_string_equal(report_find_doc(&r, "d2999.txt")->path, "d2999.txt");
	assert_null(report_find_doc(&r, "nowhere.txt"));

	strbuf_release(&whole);
	report_release(&r);
	findings_release(&f);
}

/*
 * JUnit is written by an escaping writer, a document at a time: findings
 * whose every string carries markup characters and characters XML 1.0
 * cannot hold (C0 and C1 controls, DEL, U+FFFE, a UTF-16 surrogate,
 * bytes that are not UTF-8) still make a document libxml2 parses without
 * a single error, streamed or not, and the text reads back as written,
 * the impossible characters replaced by U+FFFD.
 */
#define NASTY "<a href=\"x\">&amp; 'q' ]]> \x01\x0b\x7f\xc2\x85\xef\xbf\xbe\xed\xa0\x80\xff end"
/* one U+FFFD for each of the first five, then for each byte of the surrogate, then for 0xff */
#define FFFD "\xef\xbf\xbd"
#define NASTY_CLEAN "<a href=\"x\">&amp; 'q' ]]> " FFFD FFFD FFFD FFFD FFFD FFFD FFFD FFFD FFFD
static void test_junit_escaping_streamed(void **state)
{
	struct report r;
	struct findings f;
	struct finding *fd;
	struct strbuf whole = STRBUF_INIT, out;
	struct sink_rec k;
	struct xml_errors x = { 0, 0 };
	xmlDocPtr doc;
	char *s;
	size_t i;
	(void)state;

	report_init(&r);
	findings_init(&f);
	for (i = 0; i < 2; i++) {
		char path[64];
		snprintf(path, sizeof(path), "d%zu <\"&'\x02>.txt", i);
		report_add_doc(&r, path, "text", 10);
		/* an error (a <failure>) and an info (<system-out>) in each */
		fd = findings_add_at(&f, "refs", "k<&\">", SEV_ERROR, path, 2, 3, 0, 1,
				     NASTY, "a", "error %s", NASTY);
		finding_set_suggestion(fd, NASTY, strlen(NASTY));
		finding_add_related_loc(fd, NASTY, 1, 1, NASTY, NASTY);
		findings_add_at(&f, "links", "info-kind", SEV_INFO, path, 4, 1, 0, 1, NASTY, "b",
				"info %s", NASTY);
	}
	r.findings = &f;
	r.opts.version = "test";
	r.opts.title = "title " NASTY;
	render(&r, REPORT_JUNIT, &whole);

	/* streamed: the same bytes, a document at a time */
	memset(&k, 0, sizeof(k));
	strbuf_init(&k.all, 0);
	r.opts.sink = sink_rec;
	r.opts.sink_ud = &k;
	strbuf_init(&out, REPORT_CHUNK * 2);
	assert_int_equal(report_render(&r, REPORT_JUNIT, &out), REPORT_OK);
	assert_int_equal(out.len, 0);
	assert_int_equal(k.all.len, whole.len);
	assert_memory_equal(k.all.buf, whole.buf, whole.len);

	xmlSetStructuredErrorFunc(&x, count_error);
	doc = xmlReadMemory(k.all.buf, (int)k.all.len, "junit.xml", NULL, XML_PARSE_NONET);
	xmlSetStructuredErrorFunc(NULL, NULL);
	assert_non_null(doc);
	assert_int_equal(x.n, 0);
	assert_int_equal(xpath_count(doc, "/testsuites[@tests='4'][@failures='2']/testsuite"), 2);
	assert_int_equal(xpath_count(doc, "//testsuite/testcase/failure"), 2);
	assert_int_equal(xpath_count(doc, "//testsuite/testcase/system-out"), 2);
	s = xpath_string(doc, "string(/testsuites/@name)");
	assert_string_equal(s, "title " NASTY_CLEAN " end");
	free(s);
	s = xpath_string(doc, "string(//testsuite[1]/@name)");
	assert_string_equal(s, "d0 <\"&'\xef\xbf\xbd>.txt");
	free(s);
	s = xpath_string(doc, "string(//failure/@message)");
	assert_string_equal(s, "error " NASTY_CLEAN " end");
	free(s);
	s = xpath_string(doc, "string(//failure/@type)");
	assert_string_equal(s, "k<&\">");
	free(s);
	s = xpath_string(doc, "string(//failure)");
	assert_non_null(strstr(s, "suggestion: " NASTY_CLEAN " end\n"));
	assert_non_null(strstr(s, ":1:1: " NASTY_CLEAN " end\n"));
	free(s);
	s = xpath_string(doc, "string(//system-out)");
	assert_non_null(strstr(s, "info " NASTY_CLEAN " end [info-kind]"));
	free(s);
	xmlFreeDoc(doc);

	strbuf_release(&k.all);
	strbuf_release(&out);
	strbuf_release(&whole);
	report_release(&r);
	findings_release(&f);
}

/*
 * Pooled related locations: the same passage named by many findings is
 * kept once, quotes are capped as any quote, and findings_move() takes
 * the pool along (ASan and valgrind check that nothing is freed twice
 * or lost).
 */
static void test_findings_pool(void **state)
{
	struct findings a, b;
	struct finding *fd;
	char long_quote[400];
	size_t i;
	(void)state;

	memset(long_quote, 'q', sizeof(long_quote) - 1);
	long_quote[sizeof(long_quote) - 1] = '\0';
	findings_init(&a);
	findings_init(&b);
	for (i = 0; i < 300; i++) {
		char key[16];
		snprintf(key, sizeof(key), "%zu", i);
		fd = findings_add_at(&a, "claims", "claim-conflict", SEV_ERROR, "a.txt", i + 1, 1, 0, 1,
				     "x", key, "conflict %zu", i);
		findings_add_related_pooled(&a, fd, "b.txt", 3, 4, "the other side said so", "the other side");
		findings_add_related_pooled(&a, fd, "c.txt", 5, 6, long_quote, NULL);
	}
	assert_ptr_equal(a.v[0].related[0].quote, a.v[299].related[0].quote);
	assert_ptr_equal(a.v[0].related[0].doc, a.v[299].related[0].doc);
	assert_string_equal(a.v[299].related[0].note, "the other side");
	assert_null(a.v[299].related[1].note);
	assert_int_equal(strlen(a.v[5].related[1].quote), 240);
	assert_int_equal(a.v[7].related[1].line, 5);

	/* a list of its own strings and pool, then the first moved after it */
	fd = findings_add_at(&b, "refs", "uncited-entry", SEV_INFO, "d.txt", 1, 1, 0, 1, "y", NULL, "own");
	finding_add_related_loc(fd, "e.txt", 1, 1, "copied", "a note");
	fd = findings_add_at(&b, "refs", "uncited-entry", SEV_INFO, "d.txt", 2, 1, 0, 1, "z", NULL, "pooled");
	findings_add_related_pooled(&b, fd, "b.txt", 3, 4, "the other side said so", NULL);
	findings_move(&b, &a);
	assert_int_equal(a.nr, 0);
	assert_null(a.pool);
	assert_int_equal(b.nr, 302);
	assert_string_equal(b.v[301].related[0].quote, "the other side said so");
	assert_string_equal(b.v[0].related[0].quote, "copied");
	findings_sort(&b);
	findings_release(&b);
	findings_release(&a);
}

static void test_linkrot_helpers(void **state)
{
	struct linkrot lr;
	(void)state;
	linkrot_init(&lr);
	assert_true(linkrot_unchanged(&lr));
	linkrot_add(&lr, LINKROT_STILL_BROKEN, "https://b.example/", "broken", 404, 1000);
	assert_true(linkrot_unchanged(&lr));    /* nothing new to say */
	linkrot_add(&lr, LINKROT_RECOVERED, "https://a.example/", "ok", 200, 0);
	assert_false(linkrot_unchanged(&lr));
	linkrot_sort(&lr);
	assert_string_equal(lr.v[0].url, "https://b.example/");
	assert_int_equal(linkrot_days(1000, 1000 + 3 * 86400 + 5), 3);
	assert_int_equal(linkrot_days(0, 5000000), 0);
	assert_int_equal(linkrot_days(2000, 1000), 0);
	linkrot_release(&lr);
}

static void test_formats(void **state)
{
	enum report_format f;
	(void)state;
	assert_int_equal(report_format_parse("md", &f), 0);
	assert_int_equal(f, REPORT_MD);
	assert_int_equal(report_format_parse("junit", &f), 0);
	assert_int_equal(f, REPORT_JUNIT);
	assert_int_equal(report_format_parse("pdf", &f), -1);
	assert_string_equal(report_format_name(REPORT_HTML), "html");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden_text),
		cmocka_unit_test(test_golden_md),
		cmocka_unit_test(test_golden_html),
		cmocka_unit_test(test_golden_json),
		cmocka_unit_test(test_golden_junit),
		cmocka_unit_test(test_hostile_text_md),
		cmocka_unit_test(test_hostile_json),
		cmocka_unit_test(test_hostile_html),
		cmocka_unit_test(test_hostile_junit),
		cmocka_unit_test(test_demo_html_valid),
		cmocka_unit_test(test_json_schema),
		cmocka_unit_test(test_schema_catches_drift),
		cmocka_unit_test(test_new_and_fixed),
		cmocka_unit_test(test_junit_fail_on),
		cmocka_unit_test(test_text_source_line),
		cmocka_unit_test(test_color_decision),
		cmocka_unit_test(test_text_color_codes),
		cmocka_unit_test(test_cap),
		cmocka_unit_test(test_max_per_kind),
		cmocka_unit_test(test_sink),
		cmocka_unit_test(test_junit_escaping_streamed),
		cmocka_unit_test(test_findings_pool),
		cmocka_unit_test(test_linkrot_helpers),
		cmocka_unit_test(test_formats),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
