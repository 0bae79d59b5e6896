/* Unit tests: provcheck.conf parsing (config.c) and aliases (aliases.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "buf.h"
#include "claims.h"
#include "config.h"
#include "report.h"

/* Parses text over the defaults; returns the result, message in *msg (static). */
static enum config_result parse(struct config *c, const char *text, const char **msg)
{
	static char last[512];
	struct strbuf err = STRBUF_INIT;
	enum config_result r = config_parse(c, "t.conf", text, strlen(text), &err);
	snprintf(last, sizeof(last), "%s", err.buf);
	strbuf_release(&err);
	if (msg)
		*msg = last;
	return r;
}

/* Expects text to fail with exactly this message and result. */
static void expect_error(const char *text, enum config_result want, const char *want_msg)
{
	struct config c;
	const char *msg;
	config_init(&c);
	assert_int_equal(parse(&c, text, &msg), want);
	assert_string_equal(msg, want_msg);
	config_release(&c);
}

static void test_defaults(void **state)
{
	struct config c;
	(void)state;
	config_init(&c);
	assert_string_equal(c.db, "provcheck.db");
	assert_string_equal(c.format, "text");
	assert_string_equal(c.fail_on, "error");
	assert_int_equal(c.color, -1);
	assert_int_equal(c.footnote_min_run, 2);
	assert_int_equal(c.links_max_total, 64);
	assert_null(c.path);
	assert_null(c.aliases_path);
	config_release(&c);
}

static void test_strings_and_choices(void **state)
{
	struct config c;
	(void)state;
	config_init(&c);
	assert_int_equal(parse(&c,
			       "[core]\n"
			       "db = /var/lib/provcheck/store.db\n"
			       "format = JSON\n"
			       "fail_on = warning\n"
			       "color = always\n"
			       "[links]\n"
			       "user_agent = provcheck-test/1 (ops@example.org)\n"
			       "archive_endpoint =\n", NULL), CONFIG_OK);
	assert_string_equal(c.db, "/var/lib/provcheck/store.db");
	assert_string_equal(c.format, "json");
	assert_string_equal(c.fail_on, "warning");
	assert_int_equal(c.color, 1);
	assert_string_equal(c.links_user_agent, "provcheck-test/1 (ops@example.org)");
	assert_string_equal(c.links_archive_endpoint, "");
	assert_string_equal(c.path, "t.conf");
	assert_int_equal(parse(&c, "[core]\ncolor = never\n", NULL), CONFIG_OK);
	assert_int_equal(c.color, 0);
	assert_int_equal(parse(&c, "[core]\ncolor = auto\n", NULL), CONFIG_OK);
	assert_int_equal(c.color, -1);
	config_release(&c);
}

static void test_sizes(void **state)
{
	struct config c;
	(void)state;
	config_init(&c);
	assert_int_equal(parse(&c,
			       "[limits]\n"
			       "max_file_size = 2G\n"
			       "max_line_len = 512k\n"
			       "[links]\n"
			       "max_body = 3 MiB\n", NULL), CONFIG_OK);
	assert_true(c.limits.max_file_size == (size_t)2 << 30);
	assert_int_equal(c.limits.max_line_len, 512 * 1024);
	assert_int_equal(c.links_max_body, 3 * 1024 * 1024);
	assert_int_equal(parse(&c, "[links]\nmax_body = 1000\n", NULL), CONFIG_OK);
	assert_int_equal(c.links_max_body, 1000);
	assert_int_equal(parse(&c, "[links]\nmax_body = 12B\n", NULL), CONFIG_OK);
	assert_int_equal(c.links_max_body, 12);
	config_release(&c);
}

static void test_durations(void **state)
{
	struct config c;
	(void)state;
	config_init(&c);
	assert_int_equal(parse(&c,
			       "[links]\n"
			       "host_interval = 250ms\n"
			       "connect_timeout = 5\n"          /* bare number: seconds */
			       "timeout = 2m\n"
			       "retry_after_cap = 1h\n"
			       "ttl = 7d\n"
			       "archive_ttl = 2d\n"
			       "[limits]\n"
			       "max_run_time = 90m\n", NULL), CONFIG_OK);
	assert_int_equal(c.links_host_interval_ms, 250);
	assert_int_equal(c.links_connect_timeout_ms, 5000);
	assert_int_equal(c.links_timeout_ms, 120000);
	assert_int_equal(c.links_retry_after_cap_s, 3600);
	assert_int_equal(c.links_ttl_s, 7 * 86400);
	assert_int_equal(c.links_archive_ttl_s, 2 * 86400);
	assert_int_equal(c.max_run_time_s, 5400);
	/* milliseconds are fine for a seconds field when they are whole seconds */
	assert_int_equal(parse(&c, "[links]\nttl = 3000ms\n", NULL), CONFIG_OK);
	assert_int_equal(c.links_ttl_s, 3);
	config_release(&c);
}

static void test_counts_bools_ratio(void **state)
{
	struct config c;
	static const char *const yes[] = { "true", "yes", "on", "1", "TRUE", "Yes" };
	static const char *const no[] = { "false", "no", "off", "0", "False", "OFF" };
	char buf[128];
	size_t i;
	(void)state;
	config_init(&c);
	assert_int_equal(parse(&c,
			       "[limits]\nmax_links = 5000\nmax_documents = 0\nmax_claims = 250\n"
			       "[refs]\nfootnote_min_run = 3\n"
			       "[claims]\ntitle_similarity = .85\n"
			       "[links]\nmax_total = 200\nmax_per_host = 2\nmax_redirects = 0\n"
			       "retries = 5\ndead_after_checks = 4\ndead_after_days = 10\n", NULL),
			 CONFIG_OK);
	assert_int_equal(c.limits.max_links, 5000);
	assert_int_equal(c.max_documents, 0);
	assert_int_equal(c.max_claims, 250);
	assert_int_equal(parse(&c, "[report]\nmax_per_kind = 0\n", NULL), CONFIG_OK);
	assert_int_equal(c.report_max_per_kind, 0);
	assert_int_equal(parse(&c, "[REPORT]\nmax_per_kind = 3\n", NULL), CONFIG_OK);
	assert_int_equal(c.report_max_per_kind, 3);
	assert_int_equal(c.footnote_min_run, 3);
	assert_true(c.title_similarity > 0.8499 && c.title_similarity < 0.8501);
	assert_int_equal(c.links_max_total, 200);
	assert_int_equal(c.links_max_per_host, 2);
	assert_int_equal(c.links_max_redirects, 0);
	assert_int_equal(c.links_retries, 5);
	assert_int_equal(c.links_dead_after_checks, 4);
	assert_int_equal(c.links_dead_after_days, 10);
	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		snprintf(buf, sizeof(buf), "[links]\nallow_private = %s\noffline = %s\n", yes[i], yes[i]);
		assert_int_equal(parse(&c, buf, NULL), CONFIG_OK);
		assert_int_equal(c.links_allow_private, 1);
		assert_int_equal(c.links_offline, 1);
		snprintf(buf, sizeof(buf), "[links]\nallow_private = %s\noffline = %s\n", no[i], no[i]);
		assert_int_equal(parse(&c, buf, NULL), CONFIG_OK);
		assert_int_equal(c.links_allow_private, 0);
		assert_int_equal(c.links_offline, 0);
	}
	assert_int_equal(parse(&c, "[claims]\ntitle_similarity = 1\n", NULL), CONFIG_OK);
	assert_true(c.title_similarity == 1.0);
	assert_int_equal(parse(&c, "[claims]\ntitle_similarity = 0\n", NULL), CONFIG_OK);
	assert_true(c.title_similarity == 0.0);
	config_release(&c);
}

static void test_syntax_forms(void **state)
{
	struct config c;
	(void)state;
	config_init(&c);
	assert_int_equal(parse(&c,
			       "\xef\xbb\xbf# leading BOM, CRLF endings, comments of both kinds\r\n"
			       "; another comment\r\n"
			       "\r\n"
			       "  [ Core ]   # section with a comment\r\n"
			       "DB=  spaced.db   # trailing comment\r\n"
			       "\t[links]\r\n"
			       "user_agent = \"  quoted # not a comment \\\"q\\\" \\\\ \" ; comment\r\n"
			       "archive_endpoint = https://example.org/a#frag\r\n", NULL), CONFIG_OK);
	assert_string_equal(c.db, "spaced.db");
	assert_string_equal(c.links_user_agent, "  quoted # not a comment \"q\" \\ ");
	/* a '#' not preceded by a blank is part of the value */
	assert_string_equal(c.links_archive_endpoint, "https://example.org/a#frag");
	/* a section may be reopened; only a key set twice is an error */
	assert_int_equal(parse(&c, "[core]\ndb = a\n[links]\nretries = 1\n[core]\nformat = md\n", NULL),
			 CONFIG_OK);
	assert_string_equal(c.db, "a");
	assert_string_equal(c.format, "md");
	/* no final newline */
	assert_int_equal(parse(&c, "[core]\ndb = last", NULL), CONFIG_OK);
	assert_string_equal(c.db, "last");
	/* empty text changes nothing */
	assert_int_equal(parse(&c, "", NULL), CONFIG_OK);
	assert_string_equal(c.db, "last");
	config_release(&c);
}

static void test_errors(void **state)
{
	(void)state;
	expect_error("[core]\n\n[links]\nfoo = 1\n", CONFIG_ERR_UNKNOWN,
		     "t.conf:4: unknown key 'foo' in [links]");
	expect_error("# x\n[network]\n", CONFIG_ERR_UNKNOWN, "t.conf:2: unknown section [network]");
	expect_error("[links]\n\n\n\n\n\nmax_total = abc\n", CONFIG_ERR_VALUE,
		     "t.conf:7: bad value 'abc' for max_total: expected a whole number");
	expect_error("[links]\nmax_total = 0\n", CONFIG_ERR_VALUE,
		     "t.conf:2: bad value '0' for max_total: must be at least 1");
	expect_error("[report]\nmax_per_kind = -1\n", CONFIG_ERR_VALUE,
		     "t.conf:2: bad value '-1' for max_per_kind: must not be negative");
	expect_error("[report]\nmax_links = 3\n", CONFIG_ERR_UNKNOWN,
		     "t.conf:2: unknown key 'max_links' in [report]");
	expect_error("[limits]\nmax_claims = 0\n", CONFIG_ERR_VALUE,
		     "t.conf:2: bad value '0' for max_claims: must be at least 1");
	expect_error("[limits]\nmax_claims = 10000001\n", CONFIG_ERR_VALUE,
		     "t.conf:2: bad value '10000001' for max_claims: must be at most 10000000");
	expect_error("[links]\nmax_total = 99999999999999999999999\n", CONFIG_ERR_VALUE,
		     "t.conf:2: bad value '99999999999999999999999' for max_total: must be at most 1000000");
	expect_error("[links]\nmax_total = 12x\n", CONFIG_ERR_VALUE,
		     "t.conf:2: bad value '12x' for max_total: expected a whole number");
	expect_error("[links]\nretries = -1\n", CONFIG_ERR_VALUE,
		     "t.conf:2: bad value '-1' for retries: must not be negative");
	expect_error("[links]\nmax_body = -5K\n", CONFIG_ERR_VALUE,
		     "t.conf:2: bad value '-5K' for max_body: must not be negative");
	expect_error("[links]\nmax_body = 5T\n", CONFIG_ERR_VALUE,
		     "t.conf:2: bad value '5T' for max_body: expected a size (a whole number with an optional K, M or G suffix)");
	expect_error("[links]\nmax_body = 2G\n", CONFIG_ERR_VALUE,
		     "t.conf:2: bad value '2G' for max_body: must be at most 1G");
	expect_error("[limits]\nmax_file_size = 18446744073709551615G\n", CONFIG_ERR_VALUE,
		     "t.conf:2: bad value '18446744073709551615G' for max_file_size: must be at most 1024G");
	expect_error("[links]\ntimeout = 10 minutes\n", CONFIG_ERR_VALUE,
		     "t.conf:2: bad value '10 minutes' for timeout: expected a duration (a whole number with an optional ms, s, m, h or d suffix)");
	expect_error("[links]\ntimeout = 0\n", CONFIG_ERR_VALUE,
		     "t.conf:2: bad value '0' for timeout: must be at least 1ms");
	expect_error("[links]\ntimeout = 2d\n", CONFIG_ERR_VALUE,
		     "t.conf:2: bad value '2d' for timeout: must be at most 1d");
	expect_error("[links]\nttl = 1500ms\n", CONFIG_ERR_VALUE,
		     "t.conf:2: bad value '1500ms' for ttl: expected whole seconds");
	expect_error("[links]\noffline = maybe\n", CONFIG_ERR_VALUE,
		     "t.conf:2: bad value 'maybe' for offline: expected true or false (or yes/no, on/off, 1/0)");
	expect_error("[claims]\ntitle_similarity = 1.5\n", CONFIG_ERR_VALUE,
		     "t.conf:2: bad value '1.5' for title_similarity: expected a number between 0 and 1");
	expect_error("[claims]\ntitle_similarity = 0,8\n", CONFIG_ERR_VALUE,
		     "t.conf:2: bad value '0,8' for title_similarity: expected a number between 0 and 1");
	expect_error("[core]\nformat = xml\n", CONFIG_ERR_VALUE,
		     "t.conf:2: bad value 'xml' for format: expected text, json, md, html or junit");
	expect_error("[core]\nfail_on = info\n", CONFIG_ERR_VALUE,
		     "t.conf:2: bad value 'info' for fail_on: expected error, warning or never");
	expect_error("[core]\ncolor = yes\n", CONFIG_ERR_VALUE,
		     "t.conf:2: bad value 'yes' for color: expected auto, always or never");
	expect_error("[core]\ndb =\n", CONFIG_ERR_VALUE,
		     "t.conf:2: bad value '' for db: expected a non-empty value");
	expect_error("[refs]\nfootnote_min_run = 0\n", CONFIG_ERR_VALUE,
		     "t.conf:2: bad value '0' for footnote_min_run: must be at least 1");
	expect_error("[links]\nretries = 1\nmax_total = 3\nretries = 2\n", CONFIG_ERR_SYNTAX,
		     "t.conf:4: duplicate key 'retries' in [links] (first set on line 2)");
	expect_error("[links]\nretries = 1\n[core]\n[links]\nRETRIES = 2\n", CONFIG_ERR_SYNTAX,
		     "t.conf:5: duplicate key 'retries' in [links] (first set on line 2)");
	expect_error("db = x\n", CONFIG_ERR_SYNTAX, "t.conf:1: key 'db' outside any section");
	expect_error("[core]\njust words\n", CONFIG_ERR_SYNTAX,
		     "t.conf:2: syntax error: expected 'key = value', '[section]' or a comment");
	expect_error("[core]\n= x\n", CONFIG_ERR_SYNTAX,
		     "t.conf:2: syntax error: expected 'key = value', '[section]' or a comment");
	expect_error("[core\n", CONFIG_ERR_SYNTAX, "t.conf:1: missing ']' in section header");
	expect_error("[co re]\n", CONFIG_ERR_SYNTAX, "t.conf:1: bad section header '[co re]'");
	expect_error("[core] x\n", CONFIG_ERR_SYNTAX, "t.conf:1: bad section header '[core] x'");
	expect_error("[core]\ndb = \"open\n", CONFIG_ERR_SYNTAX, "t.conf:2: unterminated quoted value");
	expect_error("[core]\ndb = \"a\" b\n", CONFIG_ERR_SYNTAX,
		     "t.conf:2: unexpected text after the closing quote");
	expect_error("[core]\ndb = \"a\\n\"\n", CONFIG_ERR_SYNTAX,
		     "t.conf:2: unknown escape in quoted value (only \\\" and \\\\ are known)");
	expect_error("[core]\ndb = a\xff\n", CONFIG_ERR_SYNTAX, "t.conf:2: invalid UTF-8 (byte 0xff)");
	expect_error("[core]\ndb = a\x01\n", CONFIG_ERR_SYNTAX, "t.conf:2: control character 0x01");
}

static void test_long_line_and_file(void **state)
{
	struct config c;
	struct strbuf sb = STRBUF_INIT, err = STRBUF_INIT;
	size_t i;
	(void)state;
	config_init(&c);
	/* exactly 4096 bytes is fine */
	strbuf_addstr(&sb, "[core]\ndb = ");
	for (i = 5; i < 4096; i++)
		strbuf_addch(&sb, 'x');
	strbuf_addch(&sb, '\n');
	assert_int_equal(config_parse(&c, "t.conf", sb.buf, sb.len, &err), CONFIG_OK);
	assert_int_equal(strlen(c.db), 4096 - 5);
	strbuf_reset(&sb);
	strbuf_addstr(&sb, "[core]\n#");
	for (i = 1; i < 4097; i++)
		strbuf_addch(&sb, 'x');
	assert_int_equal(config_parse(&c, "t.conf", sb.buf, sb.len, &err), CONFIG_ERR_SYNTAX);
	assert_string_equal(err.buf, "t.conf:2: line too long (4097 bytes, the limit is 4096)");
	strbuf_reset(&err);
	strbuf_reset(&sb);
	while (sb.len <= CONFIG_MAX_FILE)
		strbuf_addstr(&sb, "# a comment line, repeated to make the file too large\n");
	assert_int_equal(config_parse(&c, "big.conf", sb.buf, sb.len, &err), CONFIG_ERR_IO);
	assert_string_equal(err.buf, "cannot read 'big.conf': file too large (the limit is 1 MiB)");
	strbuf_release(&sb);
	strbuf_release(&err);
	config_release(&c);
}

/* A bad file leaves every setting as it was, even those before the error. */
static void test_error_is_atomic(void **state)
{
	struct config c;
	(void)state;
	config_init(&c);
	assert_int_equal(parse(&c, "[core]\ndb = first.db\n", NULL), CONFIG_OK);
	assert_int_equal(parse(&c, "[core]\ndb = second.db\nformat = json\n[links]\nretries = x\n", NULL),
			 CONFIG_ERR_VALUE);
	assert_string_equal(c.db, "first.db");
	assert_string_equal(c.format, "text");
	assert_int_equal(c.links_retries, 2);
	assert_string_equal(c.path, "t.conf");
	config_release(&c);
}

static void test_load_missing_file(void **state)
{
	struct config c;
	struct strbuf err = STRBUF_INIT;
	(void)state;
	config_init(&c);
	assert_int_equal(config_load(&c, "tests/fixtures/config/no-such.conf", &err), CONFIG_ERR_IO);
	assert_string_equal(err.buf, "cannot read 'tests/fixtures/config/no-such.conf': no such file");
	strbuf_reset(&err);
	assert_int_equal(config_load(&c, "tests", &err), CONFIG_ERR_IO);
	assert_string_equal(err.buf, "cannot read 'tests': is a directory");
	strbuf_release(&err);
	config_release(&c);
}

/* config/provcheck.conf documents the defaults: loading it must change nothing. */
static void test_shipped_config_is_defaults(void **state)
{
	struct config def, c;
	struct strbuf err = STRBUF_INIT;
	(void)state;
	config_init(&def);
	config_init(&c);
	assert_int_equal(config_load(&c, "config/provcheck.conf", &err), CONFIG_OK);
	assert_string_equal(err.buf, "");
	assert_string_equal(c.db, def.db);
	assert_string_equal(c.format, def.format);
	assert_string_equal(c.fail_on, def.fail_on);
	assert_int_equal(c.color, def.color);
	assert_int_equal(c.limits.max_file_size, def.limits.max_file_size);
	assert_int_equal(c.limits.max_line_len, def.limits.max_line_len);
	assert_int_equal(c.limits.max_links, def.limits.max_links);
	assert_int_equal(c.max_documents, def.max_documents);
	assert_int_equal(c.max_run_time_s, def.max_run_time_s);
	assert_int_equal(c.max_claims, def.max_claims);
	assert_int_equal(def.max_claims, CLAIMS_MAX);
	assert_int_equal(c.report_max_per_kind, def.report_max_per_kind);
	assert_int_equal(def.report_max_per_kind, REPORT_MAX_PER_KIND);
	assert_int_equal(c.footnote_min_run, def.footnote_min_run);
	assert_true(c.title_similarity == def.title_similarity);
	assert_string_equal(c.aliases_file, def.aliases_file);
	assert_int_equal(c.links_max_total, def.links_max_total);
	assert_int_equal(c.links_max_per_host, def.links_max_per_host);
	assert_int_equal(c.links_host_interval_ms, def.links_host_interval_ms);
	assert_int_equal(c.links_connect_timeout_ms, def.links_connect_timeout_ms);
	assert_int_equal(c.links_timeout_ms, def.links_timeout_ms);
	assert_int_equal(c.links_max_redirects, def.links_max_redirects);
	assert_int_equal(c.links_max_body, def.links_max_body);
	assert_int_equal(c.links_retries, def.links_retries);
	assert_int_equal(c.links_retry_after_cap_s, def.links_retry_after_cap_s);
	assert_string_equal(c.links_user_agent, def.links_user_agent);
	assert_int_equal(c.links_allow_private, def.links_allow_private);
	assert_int_equal(c.links_dead_after_checks, def.links_dead_after_checks);
	assert_int_equal(c.links_dead_after_days, def.links_dead_after_days);
	assert_int_equal(c.links_ttl_s, def.links_ttl_s);
	assert_string_equal(c.links_archive_endpoint, def.links_archive_endpoint);
	assert_int_equal(c.links_archive_ttl_s, def.links_archive_ttl_s);
	assert_int_equal(c.links_offline, def.links_offline);
	/* the only differences: where it came from, and the resolved aliases */
	assert_string_equal(c.path, "config/provcheck.conf");
	assert_string_equal(c.aliases_path, "config/aliases.conf");
	assert_int_equal(access(c.aliases_path, R_OK), 0);
	strbuf_release(&err);
	config_release(&c);
	config_release(&def);
}

static void test_aliases_path(void **state)
{
	struct config c;
	struct strbuf err = STRBUF_INIT;
	(void)state;
	config_init(&c);
	assert_int_equal(config_parse(&c, "/etc/provcheck/site.conf", "[claims]\naliases = names.conf\n",
				      strlen("[claims]\naliases = names.conf\n"), &err), CONFIG_OK);
	assert_string_equal(c.aliases_path, "/etc/provcheck/names.conf");
	assert_int_equal(config_parse(&c, "a/b/x.conf", "[claims]\naliases = ../al.conf\n",
				      strlen("[claims]\naliases = ../al.conf\n"), &err), CONFIG_OK);
	assert_string_equal(c.aliases_path, "a/b/../al.conf");
	assert_int_equal(config_parse(&c, "x.conf", "[claims]\naliases = /usr/share/al.conf\n",
				      strlen("[claims]\naliases = /usr/share/al.conf\n"), &err), CONFIG_OK);
	assert_string_equal(c.aliases_path, "/usr/share/al.conf");
	assert_int_equal(config_parse(&c, "x.conf", "",
				      strlen(""), &err), CONFIG_OK);
	assert_string_equal(c.aliases_path, "/usr/share/al.conf");
	assert_int_equal(config_parse(&c, "dir/x.conf", "",
				      strlen(""), &err), CONFIG_OK);
	assert_string_equal(c.aliases_path, "/usr/share/al.conf");
	config_release(&c);
	strbuf_release(&err);
}

/* ---- aliases ---- */

static struct aliases *aliases_from(const char *text)
{
	struct aliases *a = aliases_new();
	struct strbuf err = STRBUF_INIT;
	if (aliases_parse(a, "al.conf", text, strlen(text), &err) != CONFIG_OK)
		fail_msg("aliases_parse: %s", err.buf);
	strbuf_release(&err);
	return a;
}

static void check_canon(const struct aliases *a, unsigned sections, const char *in, const char *want)
{
	struct strbuf sb = STRBUF_INIT;
	aliases_canon_section(a, sections, in, strlen(in), &sb);
	assert_string_equal(sb.buf, want);
	strbuf_release(&sb);
}

static const char sample[] =
	"# test aliases\n"
	"[names]\n"
	"Vietnam = Viet Nam\n"
	"Communist Party of Vietnam = CPV = VCP = Vietnam Communist Party\n"
	"People's Army of Vietnam = Vietnam People's Army = VPA\n"
	"United States = US = U.S. = USA\n"
	"Memorandum of Understanding = MOU = MoU\n"
	"[spelling]\n"
	"defense = defence\n"
	"program = programme\n"
	"[instruments]\n"
	"through = up to = to\n";

static void test_aliases_basic(void **state)
{
	struct aliases *a = aliases_from(sample);
	(void)state;
	assert_int_equal(aliases_count(a), 15);
	check_canon(a, ALIASES_GENERAL, "Viet Nam\xe2\x80\x99s defence", "vietnam's defense");
	check_canon(a, ALIASES_GENERAL, "  VIET   NAM\t\n Defence  ", "vietnam defense");
	/* every ASCII white space, mixed with non-ASCII space and a dropped soft hyphen */
	check_canon(a, ALIASES_GENERAL, "\v\fVIET\r\xc2\xa0 Nam\xc2\xad \x7f\x01" "Defence\t",
		    "vietnam \x7f\x01" "defense");
	/* whole words only */
	check_canon(a, ALIASES_GENERAL, "defenceless programmes", "defenceless programmes");
	check_canon(a, ALIASES_GENERAL, "the programme, the defence.", "the program, the defense.");
	/* longest phrase first: not "vietnam" + "people's army" */
	check_canon(a, ALIASES_GENERAL, "the Vietnam People\xe2\x80\x99s Army said",
		    "the people's army of vietnam said");
	check_canon(a, ALIASES_GENERAL, "Vietnam Communist Party and CPV",
		    "communist party of vietnam and communist party of vietnam");
	/* a canonical form is never rewritten partly by a shorter alias */
	check_canon(a, ALIASES_GENERAL, "Communist Party of Vietnam", "communist party of vietnam");
	check_canon(a, ALIASES_GENERAL, "Communist Party of Viet Nam", "communist party of vietnam");
	/* punctuation boundaries */
	check_canon(a, ALIASES_GENERAL, "(Viet Nam)", "(vietnam)");
	check_canon(a, ALIASES_GENERAL, "Vietnam-US ties", "vietnam-united states ties");
	check_canon(a, ALIASES_GENERAL, "\xe2\x80\x9cUS\xe2\x80\x9d", "\"united states\"");
	check_canon(a, ALIASES_GENERAL, "the U.S. and the U.S.A.", "the united states and the u.s.a.");
	check_canon(a, ALIASES_GENERAL, "USA", "united states");
	check_canon(a, ALIASES_GENERAL, "VietNam", "vietnam");
	check_canon(a, ALIASES_GENERAL, "Viet Namese", "viet namese");
	/* acronyms match only in capitals */
	check_canon(a, ALIASES_GENERAL, "let us see the US", "let us see the united states");
	check_canon(a, ALIASES_GENERAL, "the MOU, the MoU, the mou",
		    "the memorandum of understanding, the memorandum of understanding, "
		    "the memorandum of understanding");
	/* aliases_canon() is the general sections */
	{
		struct strbuf sb = STRBUF_INIT;
		aliases_canon(a, "Defence up to 2020", 18, &sb);
		assert_string_equal(sb.buf, "defense up to 2020");
		strbuf_release(&sb);
	}
	/* [instruments] only on request */
	check_canon(a, ALIASES_GENERAL, "Strategy up to 2020, Vision to 2030",
		    "strategy up to 2020, vision to 2030");
	check_canon(a, ALIASES_ALL, "Strategy up to 2020, Vision to 2030",
		    "strategy through 2020, vision through 2030");
	check_canon(a, ALIASES_INSTRUMENTS, "Defence programme up to 2020",
		    "defence programme through 2020");
	aliases_free(a);
}

static void test_aliases_unicode(void **state)
{
	struct aliases *a = aliases_from("[names]\nVietnam = Vi\xe1\xbb\x87t Nam\n");
	(void)state;
	/* Vietnamese capitals lowercase too: "VIỆT NAM" -> "việt nam" */
	check_canon(a, ALIASES_GENERAL, "VI\xe1\xbb\x86T NAM", "vietnam");
	/* non-breaking space is white space; an en dash is a boundary */
	check_canon(a, ALIASES_GENERAL, "Vi\xe1\xbb\x87t\xc2\xa0Nam\xe2\x80\x93Lao", "vietnam\xe2\x80\x93lao");
	check_canon(a, ALIASES_GENERAL, "\xc3\x89LYS\xc3\x89" "E", "\xc3\xa9lys\xc3\xa9" "e");
	aliases_free(a);
	/* no aliases at all still normalizes */
	check_canon(NULL, ALIASES_ALL, " A\xe2\x80\x98" "b\xe2\x80\x99  C ", "a'b' c");
}

static void expect_aliases_error(const char *text, enum config_result want, const char *want_msg)
{
	struct aliases *a = aliases_new();
	struct strbuf err = STRBUF_INIT;
	assert_int_equal(aliases_parse(a, "al.conf", text, strlen(text), &err), want);
	assert_string_equal(err.buf, want_msg);
	strbuf_release(&err);
	aliases_free(a);
}

static void test_aliases_errors(void **state)
{
	struct aliases *a = aliases_new();
	struct strbuf err = STRBUF_INIT;
	(void)state;
	expect_aliases_error("[names]\nVietnam\n", CONFIG_ERR_SYNTAX,
			     "al.conf:2: syntax error: expected 'canonical = alias [= alias...]'");
	expect_aliases_error("[places]\n", CONFIG_ERR_UNKNOWN,
			     "al.conf:1: unknown section [places] (names, spelling or instruments)");
	expect_aliases_error("[names\n", CONFIG_ERR_SYNTAX, "al.conf:1: missing ']' in section header");
	expect_aliases_error("a = b\n\nc = B\n", CONFIG_ERR_SYNTAX, "al.conf:3: 'B' already appears on line 1");
	expect_aliases_error("a = b =\n", CONFIG_ERR_SYNTAX, "al.conf:1: empty phrase");
	expect_aliases_error("a = & b\n", CONFIG_ERR_SYNTAX, "al.conf:1: '& b' must start with a letter or digit");
	assert_int_equal(aliases_load(a, "tests/fixtures/config/none.conf", &err), CONFIG_ERR_IO);
	assert_string_equal(err.buf, "cannot read 'tests/fixtures/config/none.conf': no such file");
	strbuf_release(&err);
	aliases_free(a);
}

/* Many entries: the table grows and every phrase is still found. */
static void test_aliases_many(void **state)
{
	struct aliases *a = aliases_new();
	struct strbuf text = STRBUF_INIT, err = STRBUF_INIT, in = STRBUF_INIT, want = STRBUF_INIT;
	int i;
	(void)state;
	for (i = 0; i < 2000; i++)
		strbuf_addf(&text, "canon%d = alias%d = alias%d word\n", i, i, i);
	assert_int_equal(aliases_parse(a, "al.conf", text.buf, text.len, &err), CONFIG_OK);
	assert_int_equal(aliases_count(a), 4000);
	for (i = 0; i < 2000; i += 37) {
		strbuf_addf(&in, "Alias%d Word alias%d ", i, i + 1);
		strbuf_addf(&want, "canon%d canon%d ", i, i + 1);
	}
	strbuf_setlen(&want, want.len - 1);
	check_canon(a, ALIASES_ALL, in.buf, want.buf);
	strbuf_release(&text);
	strbuf_release(&err);
	strbuf_release(&in);
	strbuf_release(&want);
	aliases_free(a);
}

static void test_shipped_aliases(void **state)
{
	struct aliases *a = aliases_new();
	struct strbuf err = STRBUF_INIT;
	(void)state;
	assert_int_equal(aliases_load(a, "config/aliases.conf", &err), CONFIG_OK);
	assert_true(aliases_count(a) > 50);
	check_canon(a, ALIASES_GENERAL, "Viet Nam\xe2\x80\x99s defence programme",
		    "vietnam's defense program");
	check_canon(a, ALIASES_GENERAL, "The current and future of Vietnam \xe2\x80\x93 US defense relations",
		    "the current and future of vietnam \xe2\x80\x93 united states defense relations");
	check_canon(a, ALIASES_GENERAL, "the 2011 Memorandum of Understanding (MOU)",
		    "the 2011 memorandum of understanding (memorandum of understanding)");
	check_canon(a, ALIASES_GENERAL, "VPA and Vietnam People's Army",
		    "people's army of vietnam and people's army of vietnam");
	check_canon(a, ALIASES_ALL, "Overall Strategy for International Integration up to 2020, Vision to 2030",
		    "overall strategy for international integration through 2020, vision through 2030");
	strbuf_release(&err);
	aliases_free(a);
}

static void test_config_aliases(void **state)
{
	struct config c;
	struct aliases *a = NULL;
	struct strbuf err = STRBUF_INIT;
	(void)state;
	config_init(&c);
	/* the shipped configuration finds the shipped aliases next to it */
	assert_int_equal(config_load(&c, "config/provcheck.conf", &err), CONFIG_OK);
	assert_int_equal(config_aliases(&c, &a, &err), CONFIG_OK);
	assert_true(aliases_count(a) > 50);
	aliases_free(a);
	/* a configured file that is missing is an error */
	assert_int_equal(config_parse(&c, "tests/fixtures/config/x.conf",
				      "[claims]\naliases = gone.conf\n", 29, &err), CONFIG_OK);
	assert_string_equal(c.aliases_path, "tests/fixtures/config/gone.conf");
	assert_int_equal(config_aliases(&c, &a, &err), CONFIG_ERR_IO);
	assert_null(a);
	assert_string_equal(err.buf, "cannot read 'tests/fixtures/config/gone.conf': no such file");
	config_release(&c);
	strbuf_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_strings_and_choices),
		cmocka_unit_test(test_sizes),
		cmocka_unit_test(test_durations),
		cmocka_unit_test(test_counts_bools_ratio),
		cmocka_unit_test(test_syntax_forms),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_long_line_and_file),
		cmocka_unit_test(test_error_is_atomic),
		cmocka_unit_test(test_load_missing_file),
		cmocka_unit_test(test_shipped_config_is_defaults),
		cmocka_unit_test(test_aliases_path),
		cmocka_unit_test(test_aliases_basic),
		cmocka_unit_test(test_aliases_unicode),
		cmocka_unit_test(test_aliases_errors),
		cmocka_unit_test(test_aliases_many),
		cmocka_unit_test(test_shipped_aliases),
		cmocka_unit_test(test_config_aliases),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
