/*
 * junit.c - JUnit XML so that CI systems show findings as failed test
 * cases: <testsuites> holds a <testsuite> per document and a
 * <testcase> per finding; a finding at or above --fail-on carries a
 * <failure>, the others pass with the finding in <system-out>. A
 * document without findings has one passing case, so it still shows.
 *
 * Built with libxml2's tree API; text is cleaned first because XML 1.0
 * has no way at all to carry most control characters (not even as
 * character references).
 */
#include "report_internal.h"

#include <libxml/tree.h>
#include <string.h>

static void set_attr(xmlNodePtr n, const char *name, const char *value)
{
	struct strbuf sb = STRBUF_INIT;
	rp_cleans(&sb, value ? value : "", 0);
	xmlNewProp(n, BAD_CAST name, BAD_CAST sb.buf);
	strbuf_release(&sb);
}

static void set_num(xmlNodePtr n, const char *name, size_t v)
{
	char b[32];
	snprintf(b, sizeof(b), "%zu", v);
	xmlNewProp(n, BAD_CAST name, BAD_CAST b);
}

static void add_text(xmlNodePtr parent, const char *s, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	rp_clean(&sb, s, n, 1);
	xmlAddChild(parent, xmlNewTextLen(BAD_CAST sb.buf, (int)sb.len));
	strbuf_release(&sb);
}

static int fails(const struct rview *v, const struct finding *fd)
{
	return !v->r->opts.fail_never && fd->severity >= v->r->opts.fail_on;
}

/* The body of a failure or system-out: everything a person needs. */
static void describe(struct strbuf *sb, const struct rview *v, const struct finding *fd)
{
	size_t j;
	rp_location(sb, fd->doc, fd->line, fd->col);
	strbuf_addf(sb, ": %s: ", severity_name(fd->severity));
	strbuf_addstr(sb, fd->message);
	strbuf_addf(sb, " [%s]%s\n", fd->kind, rview_is_new(v, fd) ? " (new)" : "");
	if (fd->quote)
		strbuf_addf(sb, "quote: %s\n", fd->quote);
	for (j = 0; j < fd->nr_related; j++) {
		const struct finding_loc *l = &fd->related[j];
		strbuf_addf(sb, "%s: ", l->note ? l->note : "related");
		rp_location(sb, l->doc ? l->doc : fd->doc, l->line, l->col);
		if (l->quote)
			strbuf_addf(sb, ": %s", l->quote);
		strbuf_addch(sb, '\n');
	}
	if (fd->suggestion)
		strbuf_addf(sb, "suggestion: %s\n", fd->suggestion);
	strbuf_addf(sb, "id: %s\n", fd->id);
}

enum report_result render_junit(const struct rview *v, struct strbuf *out)
{
	xmlDocPtr doc = NULL;
	xmlNodePtr root, suite, tc, n;
	xmlChar *mem = NULL;
	int size = 0;
	size_t i, j, total_fail = 0, total_tests = 0;
	enum report_result res = REPORT_ERR_XML;

	doc = xmlNewDoc(BAD_CAST "1.0");
	if (!doc)
		goto cleanup;
	root = xmlNewNode(NULL, BAD_CAST "testsuites");
	xmlDocSetRootElement(doc, root);
	set_attr(root, "name", v->title);
	for (i = 0; i < v->nr_docs; i++) {
		const struct rview_doc *d = &v->docs[i];
		size_t nfail = 0, ntests = d->nr ? d->nr : 1;
		int unreadable = d->rd && d->rd->error;

		suite = xmlNewChild(root, NULL, BAD_CAST "testsuite", NULL);
		set_attr(suite, "name", d->path ? d->path : "(corpus)");
		for (j = 0; j < d->nr; j++)
			nfail += fails(v, d->items[j]);
		set_num(suite, "tests", ntests);
		set_num(suite, "failures", nfail);
		set_num(suite, "errors", unreadable ? 1 : 0);
		set_num(suite, "skipped", 0);
		xmlNewProp(suite, BAD_CAST "time", BAD_CAST "0");
		set_attr(suite, "timestamp", v->when);
		total_fail += nfail;
		total_tests += ntests;
		if (!d->nr) {
			tc = xmlNewChild(suite, NULL, BAD_CAST "testcase", NULL);
			set_attr(tc, "name", unreadable ? "read" : "no findings");
			xmlNewProp(tc, BAD_CAST "classname", BAD_CAST "provcheck");
			if (d->path)
				set_attr(tc, "file", d->path);
			xmlNewProp(tc, BAD_CAST "time", BAD_CAST "0");
			if (unreadable) {
				n = xmlNewChild(tc, NULL, BAD_CAST "error", NULL);
				set_attr(n, "message", d->rd->error);
				xmlNewProp(n, BAD_CAST "type", BAD_CAST "unreadable");
			}
			continue;
		}
		for (j = 0; j < d->nr; j++) {
			const struct finding *fd = d->items[j];
			struct strbuf name = STRBUF_INIT, body = STRBUF_INIT, cls = STRBUF_INIT;

			tc = xmlNewChild(suite, NULL, BAD_CAST "testcase", NULL);
			strbuf_addf(&name, "%s ", fd->kind);
			rp_location(&name, fd->doc, fd->line, fd->col);
			set_attr(tc, "name", name.buf);
			strbuf_addf(&cls, "provcheck.%s", fd->stage);
			set_attr(tc, "classname", cls.buf);
			if (fd->doc)
				set_attr(tc, "file", fd->doc);
			if (fd->line)
				set_num(tc, "line", fd->line);
			xmlNewProp(tc, BAD_CAST "time", BAD_CAST "0");
			describe(&body, v, fd);
			if (fails(v, fd)) {
				n = xmlNewChild(tc, NULL, BAD_CAST "failure", NULL);
				set_attr(n, "message", fd->message);
				set_attr(n, "type", fd->kind);
			} else {
				n = xmlNewChild(tc, NULL, BAD_CAST "system-out", NULL);
			}
			add_text(n, body.buf, body.len);
			strbuf_release(&name);
			strbuf_release(&body);
			strbuf_release(&cls);
		}
	}
	set_num(root, "tests", total_tests);
	set_num(root, "failures", total_fail);
	xmlDocDumpFormatMemoryEnc(doc, &mem, &size, "UTF-8", 1);
	if (!mem || size <= 0)
		goto cleanup;
	strbuf_add(out, mem, (size_t)size);
	res = REPORT_OK;
cleanup:
	xmlFree(mem);
	if (doc)
		xmlFreeDoc(doc);
	return res;
}
