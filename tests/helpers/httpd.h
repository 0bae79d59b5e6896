/*
 * httpd.h - a real HTTP server on a loopback address for the tests
 * (libmicrohttpd, one thread per connection so that slow routes do not
 * hold up the others). Reusable by any test that needs one.
 *
 * Routes (every other path answers 404, or 200 "Page not found" on a
 * soft-404 server):
 *   /ok, /                 200 HTML ("/" is the home page)
 *   /2016/01/11th-party-central-committees-report/, /news-analysis/news/russian-subs,
 *   /long/path/page.html   200 (the repaired forms of URLs that lost hyphens or wrapped)
 *   /status/NNN            that status, small HTML body
 *   /delay/MS              200 after MS milliseconds
 *   /redirect/N            302 to /redirect/N-1; /redirect/0 is 200
 *   /moved, /moved308      301, 308 to /ok;  /temp 302 to /ok
 *   /loop/a, /loop/b       302 to each other
 *   /deep/article          301 to /
 *   /private               302 to /login?next=/private;  /login 200 form
 *   /to-file, /to-ftp      302 to file:///etc/passwd, ftp://127.0.0.1/x
 *   /to?u=URL              302 to URL
 *   /retry-after/N         first request 503 with Retry-After: N, then 200
 *   /retry-date            first request 503 with an HTTP-date Retry-After (now + 1 s), then 200
 *   /429-then-200          first request 429 with Retry-After: 1, then 200
 *   /always-429            429 with Retry-After: 1;  /429-long: Retry-After: 100000
 *   /flaky                 500 twice, then 200;  /always-500: 500
 *   /reset                 closes the connection without an answer
 *   /head-405              HEAD 405, GET 200
 *   /frag                  HTML with id="present" and <a name="anchor2">
 *   /gzip                  gzip-encoded HTML with id="zipped"
 *   /cookie-gate           302 to itself setting gate=1 until the cookie comes back, then 200
 *   /endless               HEAD 405; GET 200 text/html that never ends
 *   /bot                   403 "captcha";  /999: status 999;  /notfound: 404
 *   /caf%C3%A9             200 (the decoded path is "/café")
 *   /toggle                404, or 200 after httpd_set_toggle(h, 1)
 *   /switch/NAME           200 while switch NAME is on (httpd_set_switch(), or a file NAME
 *                          in the directory of httpd_set_switch_dir()), else 404
 *   /gate/NAME             200 while switch NAME is on, else 403 "captcha" (a bot wall)
 *   /slow/NAME             200 when switch NAME is on; while switch hold-NAME is on, waits
 *                          for NAME (at most 10 s), then 200; else 404
 *   /wayback/available     archive.org-like JSON: a snapshot for URLs containing "gone", none otherwise
 */
#ifndef PROVCHECK_TEST_HTTPD_H
#define PROVCHECK_TEST_HTTPD_H

#include <stddef.h>

struct httpd;

/* Starts on addr ("127.0.0.1".."127.0.0.20") and a free port; NULL on failure. */
struct httpd *httpd_start(const char *addr, int soft404);
void httpd_stop(struct httpd *h);
unsigned httpd_port(const struct httpd *h);
/* "http://ADDR:PORT", owned by h. */
const char *httpd_base(const struct httpd *h);
/* Writes base + path into buf and returns buf. */
const char *httpd_url(const struct httpd *h, const char *path, char *buf, size_t n);
/* Requests seen for method ("HEAD", "GET" or NULL for any) and decoded path. */
unsigned httpd_hits(struct httpd *h, const char *method, const char *path);
/* Body bytes served by /endless so far. */
size_t httpd_endless_bytes(struct httpd *h);
/* /toggle answers 200 when up, 404 when not (the default). */
void httpd_set_toggle(struct httpd *h, int up);
/* Turns /switch/name on (200) or off (404); at most 32 names. */
void httpd_set_switch(struct httpd *h, const char *name, int up);
/*
 * /switch/NAME is also on while dir/NAME exists, so that another process
 * (an end-to-end script) can flip it. dir is copied; NULL: none.
 */
void httpd_set_switch_dir(struct httpd *h, const char *dir);
/*
 * Appends "METHOD PATH" (decoded path) to the file path for every
 * request from now on, so that another process can count them. 0, or
 * -1 when the file cannot be opened.
 */
int httpd_set_access_log(struct httpd *h, const char *path);
/* Most /delay/ requests served at once since the last reset. */
int httpd_max_inflight(struct httpd *h);
/* Most /delay/ requests served at once by all the servers together; reset sets it back to 0. */
int httpd_max_inflight_all(int reset);
/* Waits (at most 5 s) until no /delay/ request is being served: earlier tests' slow requests end. */
void httpd_wait_idle(void);
/* Forget the hit counts (and the first-request state of the retry routes). */
void httpd_reset(struct httpd *h);

#endif
