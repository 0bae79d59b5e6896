/*
 * Unit tests: the HTTP checker (checker/linkcheck.c) against real
 * servers on loopback addresses (tests/helpers/httpd.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <cmocka.h>

#include "helpers/httpd.h"
#include "config.h"
#include "linkcheck.h"

static struct httpd *srv, *soft, *other;

static int setup(void **state)
{
	(void)state;
	srv = httpd_start("127.0.0.1", 0);
	soft = httpd_start("127.0.0.2", 1);
	other = httpd_start("127.0.0.3", 0);
	return srv && soft && other ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	httpd_stop(srv);
	httpd_stop(soft);
	httpd_stop(other);
	return 0;
}

static void test_opts(struct linkcheck_opts *o)
{
	struct config c;
	config_init(&c);
	linkcheck_opts_from_config(o, &c);
	config_release(&c);
	o->user_agent = "provcheck-test";
	o->allow_private = 1;
	o->host_interval_ms = 0;
	o->retry_base_ms = 20;
	o->retry_after_cap_s = 5;
	o->connect_timeout_ms = 3000;
	o->timeout_ms = 5000;
	o->max_body = 64 * 1024;
}

struct outcome {
	enum link_verdict verdict;
	long status;
	char final_url[512];
	char error[512];
	size_t hops;
	int permanent;
	unsigned requests;
	size_t body_bytes;
};

static struct outcome check_with(const struct linkcheck_opts *o, const char *url)
{
	struct linkcheck *lc = linkcheck_new(o);
	struct outcome out;
	const struct link_result *r;
	size_t id;

	assert_non_null(lc);
	id = linkcheck_add(lc, url);
	linkcheck_run(lc, NULL, NULL);
	r = linkcheck_get(lc, id);
	memset(&out, 0, sizeof(out));
	out.verdict = r->verdict;
	out.status = r->status;
	snprintf(out.final_url, sizeof(out.final_url), "%s", r->final_url ? r->final_url : "");
	snprintf(out.error, sizeof(out.error), "%s", r->error ? r->error : "");
	out.hops = r->nr_hops;
	out.permanent = r->permanent;
	out.requests = r->requests;
	out.body_bytes = r->body_bytes;
	linkcheck_free(lc);
	return out;
}

static struct outcome check(struct httpd *h, const char *path)
{
	struct linkcheck_opts o;
	char url[256];
	test_opts(&o);
	return check_with(&o, httpd_url(h, path, url, sizeof(url)));
}

static void test_ok_head_first(void **state)
{
	struct outcome r;
	(void)state;
	httpd_reset(srv);
	r = check(srv, "/ok");
	assert_int_equal(r.verdict, LINK_OK);
	assert_int_equal(r.status, 200);
	assert_int_equal(httpd_hits(srv, "HEAD", "/ok"), 1);
	assert_int_equal(httpd_hits(srv, "GET", "/ok"), 0);
	assert_string_equal(r.error, "");
}

static void test_status_codes(void **state)
{
	struct outcome r;
	(void)state;
	r = check(srv, "/notfound");
	assert_int_equal(r.verdict, LINK_BROKEN);
	assert_int_equal(r.status, 404);
	assert_non_null(strstr(r.error, "not found (404)"));
	r = check(srv, "/status/410");
	assert_int_equal(r.verdict, LINK_BROKEN);
	r = check(srv, "/bot");
	assert_int_equal(r.verdict, LINK_BLOCKED);
	assert_int_equal(r.status, 403);
	r = check(srv, "/999");
	assert_int_equal(r.verdict, LINK_BLOCKED);
	r = check(srv, "/status/401");
	assert_int_equal(r.verdict, LINK_LOGIN);
}

static void test_head_refused_then_get(void **state)
{
	struct outcome r;
	(void)state;
	httpd_reset(srv);
	r = check(srv, "/head-405");
	assert_int_equal(r.verdict, LINK_OK);
	assert_int_equal(r.status, 200);
	assert_int_equal(httpd_hits(srv, "HEAD", "/head-405"), 1);
	assert_int_equal(httpd_hits(srv, "GET", "/head-405"), 1);
	/* a 404 on HEAD is confirmed with GET before it counts */
	httpd_reset(srv);
	r = check(srv, "/notfound");
	assert_int_equal(httpd_hits(srv, "GET", "/notfound"), 1);
}

static void test_redirects(void **state)
{
	struct outcome r;
	char want[256];
	(void)state;
	r = check(srv, "/moved");
	assert_int_equal(r.verdict, LINK_REDIRECT);
	assert_true(r.permanent);
	assert_int_equal(r.hops, 1);
	assert_string_equal(r.final_url, httpd_url(srv, "/ok", want, sizeof(want)));
	r = check(srv, "/moved308");
	assert_int_equal(r.verdict, LINK_REDIRECT);
	r = check(srv, "/temp");
	assert_int_equal(r.verdict, LINK_OK);
	assert_false(r.permanent);
	assert_int_equal(r.hops, 1);
	r = check(srv, "/redirect/4");
	assert_int_equal(r.verdict, LINK_OK);
	assert_int_equal(r.hops, 4);
	r = check(srv, "/redirect/20");
	assert_int_equal(r.verdict, LINK_BROKEN);
	assert_non_null(strstr(r.error, "more than 10 redirects"));
	r = check(srv, "/loop/a");
	assert_int_equal(r.verdict, LINK_BROKEN);
	assert_non_null(strstr(r.error, "redirect loop"));
	r = check(srv, "/deep/article");
	assert_int_equal(r.verdict, LINK_ROOT_REDIRECT);
	r = check(srv, "/private");
	assert_int_equal(r.verdict, LINK_LOGIN);
}

static void test_redirect_scheme_policy(void **state)
{
	struct outcome r;
	(void)state;
	r = check(srv, "/to-file");
	assert_int_equal(r.verdict, LINK_REFUSED);
	assert_non_null(strstr(r.error, "file:///etc/passwd"));
	assert_non_null(strstr(r.error, "only http and https"));
	r = check(srv, "/to-ftp");
	assert_int_equal(r.verdict, LINK_REFUSED);
}

static void test_private_addresses(void **state)
{
	struct linkcheck_opts o;
	struct outcome r;
	char url[256];
	(void)state;
	test_opts(&o);
	o.allow_private = 0;
	httpd_reset(srv);
	r = check_with(&o, httpd_url(srv, "/ok", url, sizeof(url)));
	assert_int_equal(r.verdict, LINK_REFUSED);
	assert_non_null(strstr(r.error, "127.0.0.1"));
	assert_non_null(strstr(r.error, "allow_private"));
	/* never a request */
	assert_int_equal(httpd_hits(srv, NULL, "/ok"), 0);

	/* a name that resolves to loopback is refused too (pinned like a rebinding DNS would) */
	{
		char pin[64];
		const char *resolve[2] = { pin, NULL };
		snprintf(pin, sizeof(pin), "evil.example:%u:127.0.0.1", httpd_port(srv));
		o.resolve = resolve;
		snprintf(url, sizeof(url), "http://evil.example:%u/ok", httpd_port(srv));
		r = check_with(&o, url);
		o.resolve = NULL;
		assert_int_equal(r.verdict, LINK_REFUSED);
		assert_int_equal(httpd_hits(srv, NULL, "/ok"), 0);
	}
}

/*
 * Other spellings of loopback: decimal, hex, octal and short forms of
 * 127.0.0.1, IPv6 loopback and IPv4-mapped loopback, 0.0.0.0 (which
 * Linux connects to the local host) and localhost. Each is refused
 * before a connection, whatever form the URL gives the address in.
 */
static void test_private_address_forms(void **state)
{
	/* the URL up to the port */
	static const char *const forms[] = {
		"http://2130706433:", "http://0x7f.1:", "http://0x7f000001:",
		"http://0177.0.0.1:", "http://017700000001:", "http://127.1:",
		"http://127.0.1:", "http://[::1]:", "http://[::ffff:127.0.0.1]:",
		"http://[::ffff:7f00:1]:", "http://0.0.0.0:", "http://0:",
		"http://localhost:", "http://LocalHost:",
	};
	struct linkcheck_opts o;
	struct outcome r;
	char url[256];
	size_t i;
	(void)state;
	test_opts(&o);
	o.allow_private = 0;
	for (i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		httpd_reset(srv);
		snprintf(url, sizeof(url), "%s%u/ok", forms[i], httpd_port(srv));
		r = check_with(&o, url);
		if (r.verdict != LINK_REFUSED)
			fail_msg("%s: verdict %s (%s)", url, link_verdict_name(r.verdict), r.error);
		assert_int_equal(httpd_hits(srv, NULL, "/ok"), 0);
	}
}

/* Only http and https, asked directly or through a redirect. */
static void test_scheme_policy_direct(void **state)
{
	static const char *const direct[] = {
		"file:///etc/passwd", "ftp://127.0.0.1/x", "gopher://127.0.0.1:70/1",
		"dict://127.0.0.1:2628/d:x", "ldap://127.0.0.1/", "tftp://127.0.0.1/x",
		"scp://127.0.0.1/x", "telnet://127.0.0.1/", "smb://127.0.0.1/x",
	};
	static const char *const via[] = {
		"/to?u=gopher://127.0.0.1:70/1", "/to?u=dict://127.0.0.1:2628/d:x",
		"/to?u=file:/etc/passwd", "/to?u=FILE:///etc/passwd", "/to?u=ldap://127.0.0.1/",
	};
	struct linkcheck_opts o;
	struct outcome r;
	size_t i;
	(void)state;
	test_opts(&o);
	for (i = 0; i < sizeof(direct) / sizeof(direct[0]); i++) {
		r = check_with(&o, direct[i]);
		if (r.verdict != LINK_REFUSED)
			fail_msg("%s: verdict %s (%s)", direct[i], link_verdict_name(r.verdict), r.error);
		assert_non_null(strstr(r.error, "only http and https"));
	}
	for (i = 0; i < sizeof(via) / sizeof(via[0]); i++) {
		httpd_reset(srv);
		r = check(srv, via[i]);
		if (r.verdict != LINK_REFUSED)
			fail_msg("%s: verdict %s (%s)", via[i], link_verdict_name(r.verdict), r.error);
		assert_non_null(strstr(r.error, "only http and https"));
	}
}

static void test_addr_classes(void **state)
{
	static const char *const bad4[] = {
		"127.0.0.1", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1",
		"169.254.169.254", "100.64.0.1", "0.0.0.0", "224.0.0.1", "255.255.255.255",
		"127.255.255.254", "0.1.2.3", "198.18.0.1", "192.0.0.170", "240.0.0.1"
	};
	static const char *const good4[] = { "8.8.8.8", "172.32.0.1", "100.128.0.1", "93.184.216.34" };
	static const char *const bad6[] = { "::1", "::", "fe80::1", "fc00::1", "fd12::1", "ff02::1",
					    "::ffff:127.0.0.1", "64:ff9b::a00:1",
					    /* IPv4-mapped forms of the other classes */
					    "::ffff:169.254.169.254", "::ffff:10.0.0.1", "::ffff:0.0.0.0",
					    "::ffff:192.168.0.1",
					    /* IPv4-compatible (deprecated), 6to4 around loopback, metadata */
					    "::127.0.0.1", "::8.8.8.8", "2002:7f00:1::1", "2002:a9fe:a9fe::",
					    /* link-local with a scope, old site-local, AWS metadata (ULA) */
					    "fe80::abcd:1", "febf::1", "fec0::1", "fd00:ec2::254",
					    "64:ff9b:1::a00:1", "2001:db8::1" };
	static const char *const good6[] = { "2606:4700::1111", "::ffff:8.8.8.8", "2002:808:808::1",
					     "2a00:1450:4001::200e" };
	struct sockaddr_in s4;
	struct sockaddr_in6 s6;
	size_t i;
	char buf[64];
	(void)state;
	memset(&s4, 0, sizeof(s4));
	s4.sin_family = AF_INET;
	for (i = 0; i < sizeof(bad4) / sizeof(bad4[0]); i++) {
		inet_pton(AF_INET, bad4[i], &s4.sin_addr);
		assert_true(linkcheck_addr_blocked((struct sockaddr *)&s4, buf, sizeof(buf)));
		assert_string_equal(buf, bad4[i]);
	}
	for (i = 0; i < sizeof(good4) / sizeof(good4[0]); i++) {
		inet_pton(AF_INET, good4[i], &s4.sin_addr);
		assert_false(linkcheck_addr_blocked((struct sockaddr *)&s4, NULL, 0));
	}
	memset(&s6, 0, sizeof(s6));
	s6.sin6_family = AF_INET6;
	for (i = 0; i < sizeof(bad6) / sizeof(bad6[0]); i++) {
		inet_pton(AF_INET6, bad6[i], &s6.sin6_addr);
		assert_true(linkcheck_addr_blocked((struct sockaddr *)&s6, NULL, 0));
	}
	for (i = 0; i < sizeof(good6) / sizeof(good6[0]); i++) {
		inet_pton(AF_INET6, good6[i], &s6.sin6_addr);
		assert_false(linkcheck_addr_blocked((struct sockaddr *)&s6, NULL, 0));
	}
}

static void test_retries(void **state)
{
	struct outcome r;
	struct linkcheck_opts o;
	char url[256];
	time_t t0;
	(void)state;
	httpd_reset(srv);
	r = check(srv, "/flaky");
	assert_int_equal(r.verdict, LINK_OK);
	assert_int_equal(httpd_hits(srv, NULL, "/flaky"), 3);

	r = check(srv, "/always-500");
	assert_int_equal(r.verdict, LINK_BROKEN);
	assert_int_equal(r.status, 500);
	assert_non_null(strstr(r.error, "after 3 attempts"));

	/* Retry-After in seconds is obeyed: the second try comes at least a second later */
	httpd_reset(srv);
	t0 = time(NULL);
	r = check(srv, "/retry-after/1");
	assert_int_equal(r.verdict, LINK_OK);
	assert_int_equal(httpd_hits(srv, NULL, "/retry-after/1"), 2);
	assert_true(time(NULL) - t0 >= 1);

	/* ... and as an HTTP date */
	httpd_reset(srv);
	r = check(srv, "/retry-date");
	assert_int_equal(r.verdict, LINK_OK);
	assert_int_equal(httpd_hits(srv, NULL, "/retry-date"), 2);

	httpd_reset(srv);
	r = check(srv, "/429-then-200");
	assert_int_equal(r.verdict, LINK_OK);
	assert_int_equal(httpd_hits(srv, NULL, "/429-then-200"), 2);

	/* beyond the cap: not waited for, inconclusive */
	httpd_reset(srv);
	r = check(srv, "/429-long");
	assert_int_equal(r.verdict, LINK_BLOCKED);
	assert_int_equal(httpd_hits(srv, "GET", "/429-long") + httpd_hits(srv, "HEAD", "/429-long"), 1);

	/* persistent 429: blocked, after the retries */
	test_opts(&o);
	o.retries = 1;
	httpd_reset(srv);
	r = check_with(&o, httpd_url(srv, "/always-429", url, sizeof(url)));
	assert_int_equal(r.verdict, LINK_BLOCKED);
	assert_int_equal(httpd_hits(srv, NULL, "/always-429"), 2);
}

static void test_timeout(void **state)
{
	struct linkcheck_opts o;
	struct outcome r;
	char url[256];
	(void)state;
	test_opts(&o);
	o.timeout_ms = 300;
	o.retries = 1;
	httpd_reset(srv);
	r = check_with(&o, httpd_url(srv, "/delay/1500", url, sizeof(url)));
	assert_int_equal(r.verdict, LINK_TIMEOUT);
	assert_int_equal(r.requests, 2);
	assert_non_null(strstr(r.error, "timed out"));
}

static void test_soft404(void **state)
{
	struct linkcheck_opts o;
	struct linkcheck *lc;
	char u1[256], u2[256], u3[256];
	size_t a, b, c;
	(void)state;
	test_opts(&o);
	lc = linkcheck_new(&o);
	a = linkcheck_add(lc, httpd_url(soft, "/news/2019/gone-article", u1, sizeof(u1)));
	b = linkcheck_add(lc, httpd_url(soft, "/real", u2, sizeof(u2)));
	/* a normal site: its 404s are real, so its 200s are trusted */
	c = linkcheck_add(lc, httpd_url(srv, "/ok", u3, sizeof(u3)));
	assert_int_equal(linkcheck_run(lc, NULL, NULL), LINKCHECK_OK);
	assert_int_equal(linkcheck_get(lc, a)->verdict, LINK_SOFT404);
	assert_int_equal(linkcheck_get(lc, b)->verdict, LINK_OK);
	assert_int_equal(linkcheck_get(lc, c)->verdict, LINK_OK);
	linkcheck_free(lc);
}

static void test_fragments(void **state)
{
	struct outcome r;
	(void)state;
	r = check(srv, "/frag#present");
	assert_int_equal(r.verdict, LINK_OK);
	r = check(srv, "/frag#anchor2");
	assert_int_equal(r.verdict, LINK_OK);
	r = check(srv, "/frag#caf%C3%A9");
	assert_int_equal(r.verdict, LINK_OK);
	r = check(srv, "/frag#missing");
	assert_int_equal(r.verdict, LINK_BROKEN);
	assert_non_null(strstr(r.error, "fragment '#missing' not found"));
	/* script routes are not anchors */
	r = check(srv, "/frag#!/route");
	assert_int_equal(r.verdict, LINK_OK);
}

static void test_gzip_and_cookies(void **state)
{
	struct outcome r;
	(void)state;
	r = check(srv, "/gzip#zipped");
	assert_int_equal(r.verdict, LINK_OK);
	httpd_reset(srv);
	r = check(srv, "/cookie-gate");
	assert_int_equal(r.verdict, LINK_OK);
	assert_int_equal(r.hops, 1);
	assert_int_equal(httpd_hits(srv, NULL, "/cookie-gate"), 2);
}

static void test_body_cap(void **state)
{
	struct linkcheck_opts o;
	struct outcome r;
	char url[256];
	(void)state;
	test_opts(&o);
	o.max_body = 16 * 1024;
	httpd_reset(srv);
	r = check_with(&o, httpd_url(srv, "/endless", url, sizeof(url)));
	assert_int_equal(r.verdict, LINK_OK);
	/* curl reads in chunks: a little past the cap, never the whole (infinite) body */
	assert_true(r.body_bytes >= 16 * 1024);
	assert_true(r.body_bytes < 16 * 1024 + 64 * 1024);
}

static void test_percent_and_idn(void **state)
{
	struct linkcheck_opts o;
	struct outcome r;
	char url[256], pin[128];
	const char *resolve[2] = { pin, NULL };
	(void)state;
	r = check(srv, "/caf%C3%A9");
	assert_int_equal(r.verdict, LINK_OK);
	/* an IDN host, in its punycode form as urls.c writes it */
	test_opts(&o);
	snprintf(pin, sizeof(pin), "xn--bcher-kva.test:%u:127.0.0.1", httpd_port(srv));
	o.resolve = resolve;
	snprintf(url, sizeof(url), "http://xn--bcher-kva.test:%u/ok", httpd_port(srv));
	r = check_with(&o, url);
	assert_int_equal(r.verdict, LINK_OK);
}

static void test_connection_errors(void **state)
{
	struct outcome r;
	struct linkcheck_opts o;
	(void)state;
	test_opts(&o);
	/* nothing listens on port 9 of 127.0.0.9 */
	r = check_with(&o, "http://127.0.0.9:9/x");
	assert_int_equal(r.verdict, LINK_BROKEN);
	assert_non_null(strstr(r.error, "connection refused"));
	r = check(srv, "/reset");
	assert_int_equal(r.verdict, LINK_BROKEN);
}

static void test_dns_and_network_down(void **state)
{
	struct linkcheck_opts o;
	struct linkcheck *lc;
	size_t a, b;
	char url[256];
	(void)state;
	test_opts(&o);
	/* one unresolvable host among working ones: that link is broken */
	lc = linkcheck_new(&o);
	a = linkcheck_add(lc, "http://no-such-host.invalid/x");
	b = linkcheck_add(lc, httpd_url(srv, "/ok", url, sizeof(url)));
	assert_int_equal(linkcheck_run(lc, NULL, NULL), LINKCHECK_OK);
	assert_int_equal(linkcheck_get(lc, a)->verdict, LINK_BROKEN);
	assert_non_null(strstr(linkcheck_get(lc, a)->error, "resolve"));
	assert_int_equal(linkcheck_get(lc, b)->verdict, LINK_OK);
	linkcheck_free(lc);
	/* every host fails: the network is down, the links are not dead */
	lc = linkcheck_new(&o);
	a = linkcheck_add(lc, "http://no-such-host.invalid/x");
	b = linkcheck_add(lc, "http://another.invalid/y");
	assert_int_equal(linkcheck_run(lc, NULL, NULL), LINKCHECK_ERR_NETWORK);
	assert_int_equal(linkcheck_get(lc, a)->verdict, LINK_UNCHECKED);
	assert_string_equal(linkcheck_get(lc, b)->error, "network unavailable");
	linkcheck_free(lc);
}

struct prog {
	size_t calls, last_done, last_total;
};

static void on_progress(void *ud, size_t done, size_t total)
{
	struct prog *p = ud;
	p->calls++;
	p->last_done = done;
	p->last_total = total;
}

static void test_many_hosts_and_runs(void **state)
{
	struct linkcheck_opts o;
	struct linkcheck *lc;
	struct prog p = { 0, 0, 0 };
	char url[256];
	size_t i, ids[40];
	(void)state;
	test_opts(&o);
	o.max_per_host = 2;
	o.max_total = 3;
	lc = linkcheck_new(&o);
	for (i = 0; i < 20; i++) {
		char path[32];
		snprintf(path, sizeof(path), "/delay/%zu", 10 + i);
		ids[i] = linkcheck_add(lc, httpd_url(i % 2 ? srv : other, path, url, sizeof(url)));
	}
	assert_int_equal(linkcheck_run(lc, on_progress, &p), LINKCHECK_OK);
	for (i = 0; i < 20; i++)
		assert_int_equal(linkcheck_get(lc, ids[i])->verdict, LINK_OK);
	assert_int_equal(p.last_done, 20);
	assert_int_equal(p.last_total, 20);
	/* a second run on the same checker: only the new URLs */
	ids[20] = linkcheck_add(lc, httpd_url(srv, "/notfound", url, sizeof(url)));
	p.calls = 0;
	assert_int_equal(linkcheck_run(lc, on_progress, &p), LINKCHECK_OK);
	assert_int_equal(linkcheck_get(lc, ids[20])->verdict, LINK_BROKEN);
	assert_int_equal(p.last_total, 1);
	assert_int_equal(linkcheck_count(lc), 21);
	linkcheck_free(lc);
}

static double elapsed_since(const struct timespec *t0)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

static void run_delays(struct linkcheck_opts *o, struct httpd *const *hosts, size_t nhosts,
		       size_t n, const char *delay)
{
	struct linkcheck *lc = linkcheck_new(o);
	char url[256], path[64];
	size_t i;
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "/delay/%s?n=%zu", delay, i);
		linkcheck_add(lc, httpd_url(hosts[i % nhosts], path, url, sizeof(url)));
	}
	assert_int_equal(linkcheck_run(lc, NULL, NULL), LINKCHECK_OK);
	for (i = 0; i < n; i++)
		assert_int_equal(linkcheck_get(lc, i)->verdict, LINK_OK);
	linkcheck_free(lc);
}

static void test_limits(void **state)
{
	struct linkcheck_opts o;
	/* not srv: the timeout test leaves slow requests behind on it */
	struct httpd *one[1] = { other }, *two[2] = { other, soft };
	struct timespec t0;
	(void)state;
	test_opts(&o);
	o.soft404_probe = 0;
	/* per host: never more than max_per_host at once */
	o.max_per_host = 2;
	httpd_wait_idle();
	httpd_reset(other);
	run_delays(&o, one, 1, 8, "150");
	assert_int_equal(httpd_max_inflight(other), 2);
	/* global: two hosts of 3, capped at 4 in all */
	o.max_per_host = 3;
	o.max_total = 4;
	httpd_reset(soft);
	httpd_reset(other);
	httpd_max_inflight_all(1);
	run_delays(&o, two, 2, 12, "150");
	assert_true(httpd_max_inflight_all(0) <= 4);
	assert_true(httpd_max_inflight(soft) >= 1 && httpd_max_inflight(other) >= 1);
	/* the interval between two starts on one host: 4 requests take at least 3 intervals */
	test_opts(&o);
	o.soft404_probe = 0;
	o.host_interval_ms = 150;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	run_delays(&o, one, 1, 4, "0");
	assert_true(elapsed_since(&t0) >= 0.45);
}

/* ---- stopping a run ---- */

struct stopper {
	struct linkcheck *lc;
	size_t id;              /* the job watched */
	long status;            /* stop once it has this status... */
	size_t hops;            /* ...or this many redirects... */
	size_t done;            /* ...or once this many URLs are done (progress) */
	size_t seen_done;
	int always;
	unsigned calls;
};

static int stop_when(void *ud)
{
	struct stopper *s = ud;
	const struct link_result *r = s->lc ? linkcheck_get(s->lc, s->id) : NULL;
	s->calls++;
	if (s->always)
		return 1;
	if (s->done && s->seen_done >= s->done)
		return 1;
	if (r && s->status && r->status == s->status)
		return 1;
	return r && s->hops && r->nr_hops >= s->hops;
}

static void stop_progress(void *ud, size_t done, size_t total)
{
	struct stopper *s = ud;
	(void)total;
	s->seen_done = done;
}

static void assert_abandoned(const struct link_result *r)
{
	assert_int_equal(r->verdict, LINK_UNCHECKED);
	assert_int_equal(r->status, 0);
	assert_int_equal(r->nr_hops, 0);
	assert_null(r->final_url);
	assert_non_null(r->error);
	assert_string_equal(r->error, "not checked: the run was stopped");
}

/* Stopped mid-run: the finished URLs keep their verdicts, the ones in flight are unchecked. */
static void test_stop_in_flight(void **state)
{
	struct linkcheck_opts o;
	struct linkcheck *lc;
	struct stopper s;
	char url[256];
	size_t a, b, c, d;
	(void)state;
	test_opts(&o);
	o.soft404_probe = 0;
	o.max_per_host = 8;
	httpd_wait_idle();
	httpd_reset(srv);
	lc = linkcheck_new(&o);
	assert_non_null(lc);
	a = linkcheck_add(lc, httpd_url(srv, "/ok", url, sizeof(url)));
	b = linkcheck_add(lc, httpd_url(srv, "/notfound", url, sizeof(url)));
	c = linkcheck_add(lc, httpd_url(srv, "/delay/2000", url, sizeof(url)));
	d = linkcheck_add(lc, httpd_url(srv, "/delay/2001", url, sizeof(url)));
	memset(&s, 0, sizeof(s));
	s.done = 2;
	linkcheck_set_stop(lc, stop_when, &s);
	assert_int_equal(linkcheck_run(lc, stop_progress, &s), LINKCHECK_STOPPED);
	assert_int_equal(linkcheck_get(lc, a)->verdict, LINK_OK);
	assert_int_equal(linkcheck_get(lc, b)->verdict, LINK_BROKEN);
	assert_int_equal(linkcheck_get(lc, b)->status, 404);
	assert_abandoned(linkcheck_get(lc, c));
	assert_abandoned(linkcheck_get(lc, d));
	/* a later run while the condition holds checks nothing */
	c = linkcheck_add(lc, httpd_url(srv, "/ok", url, sizeof(url)));
	assert_int_equal(linkcheck_run(lc, NULL, NULL), LINKCHECK_STOPPED);
	assert_abandoned(linkcheck_get(lc, c));
	assert_int_equal(linkcheck_get(lc, c)->requests, 0);
	linkcheck_free(lc);
}

/* Stopped before it starts: nothing is asked. */
static void test_stop_before_run(void **state)
{
	struct linkcheck_opts o;
	struct linkcheck *lc;
	struct stopper s;
	char url[256];
	size_t a;
	(void)state;
	test_opts(&o);
	httpd_reset(srv);
	lc = linkcheck_new(&o);
	assert_non_null(lc);
	a = linkcheck_add(lc, httpd_url(srv, "/ok", url, sizeof(url)));
	memset(&s, 0, sizeof(s));
	s.always = 1;
	linkcheck_set_stop(lc, stop_when, &s);
	assert_int_equal(linkcheck_run(lc, NULL, NULL), LINKCHECK_STOPPED);
	assert_abandoned(linkcheck_get(lc, a));
	assert_int_equal(linkcheck_get(lc, a)->requests, 0);
	assert_int_equal(httpd_hits(srv, NULL, "/ok"), 0);
	linkcheck_free(lc);
}

/* Stopped while a job waits for a retry or is half-way through its redirects. */
static void test_stop_waiting_and_redirects(void **state)
{
	struct linkcheck_opts o;
	struct linkcheck *lc;
	struct stopper s;
	char url[256];
	size_t a;
	(void)state;
	test_opts(&o);
	o.soft404_probe = 0;
	o.retries = 3;
	o.retry_base_ms = 60000;        /* the retry never comes in this test */
	httpd_reset(srv);
	lc = linkcheck_new(&o);
	assert_non_null(lc);
	a = linkcheck_add(lc, httpd_url(srv, "/status/503", url, sizeof(url)));
	memset(&s, 0, sizeof(s));
	s.lc = lc;
	s.id = a;
	s.status = 503;
	linkcheck_set_stop(lc, stop_when, &s);
	assert_int_equal(linkcheck_run(lc, NULL, NULL), LINKCHECK_STOPPED);
	assert_abandoned(linkcheck_get(lc, a));
	assert_int_equal(httpd_hits(srv, NULL, "/status/503"), 1);
	linkcheck_free(lc);

	lc = linkcheck_new(&o);
	assert_non_null(lc);
	a = linkcheck_add(lc, httpd_url(srv, "/redirect/5", url, sizeof(url)));
	memset(&s, 0, sizeof(s));
	s.lc = lc;
	s.id = a;
	s.hops = 1;
	linkcheck_set_stop(lc, stop_when, &s);
	assert_int_equal(linkcheck_run(lc, NULL, NULL), LINKCHECK_STOPPED);
	assert_abandoned(linkcheck_get(lc, a));
	assert_int_equal(httpd_hits(srv, NULL, "/redirect/0"), 0);
	linkcheck_free(lc);
}

/* A stop condition that never holds changes nothing, and is asked while transfers run. */
static void test_stop_never(void **state)
{
	struct linkcheck_opts o;
	struct linkcheck *lc;
	struct stopper s;
	char url[256];
	size_t a;
	(void)state;
	test_opts(&o);
	o.soft404_probe = 0;
	lc = linkcheck_new(&o);
	assert_non_null(lc);
	a = linkcheck_add(lc, httpd_url(srv, "/delay/300", url, sizeof(url)));
	memset(&s, 0, sizeof(s));
	linkcheck_set_stop(lc, stop_when, &s);
	assert_int_equal(linkcheck_run(lc, NULL, NULL), LINKCHECK_OK);
	assert_int_equal(linkcheck_get(lc, a)->verdict, LINK_OK);
	/* the wait is bounded: 300 ms of waiting ask the condition more than once */
	assert_true(s.calls >= 2);
	linkcheck_free(lc);
}

static void test_verdict_names(void **state)
{
	enum link_verdict v;
	(void)state;
	assert_string_equal(link_verdict_name(LINK_ROOT_REDIRECT), "root-redirect");
	assert_int_equal(link_verdict_parse("soft404", &v), 0);
	assert_int_equal(v, LINK_SOFT404);
	assert_int_equal(link_verdict_parse("nope", &v), -1);
	assert_true(link_verdict_works(LINK_REDIRECT));
	assert_false(link_verdict_works(LINK_BLOCKED));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ok_head_first),
		cmocka_unit_test(test_status_codes),
		cmocka_unit_test(test_head_refused_then_get),
		cmocka_unit_test(test_redirects),
		cmocka_unit_test(test_redirect_scheme_policy),
		cmocka_unit_test(test_private_addresses),
		cmocka_unit_test(test_private_address_forms),
		cmocka_unit_test(test_scheme_policy_direct),
		cmocka_unit_test(test_addr_classes),
		cmocka_unit_test(test_retries),
		cmocka_unit_test(test_timeout),
		cmocka_unit_test(test_soft404),
		cmocka_unit_test(test_fragments),
		cmocka_unit_test(test_gzip_and_cookies),
		cmocka_unit_test(test_body_cap),
		cmocka_unit_test(test_percent_and_idn),
		cmocka_unit_test(test_connection_errors),
		cmocka_unit_test(test_dns_and_network_down),
		cmocka_unit_test(test_many_hosts_and_runs),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_stop_in_flight),
		cmocka_unit_test(test_stop_before_run),
		cmocka_unit_test(test_stop_waiting_and_redirects),
		cmocka_unit_test(test_stop_never),
		cmocka_unit_test(test_verdict_names),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
