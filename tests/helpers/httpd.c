/* httpd.c - the loopback test server (see httpd.h). */
#include "httpd.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_PATHS 256
#define MAX_SWITCHES 32

struct hit {
	char method[8];
	char path[128];
	unsigned n;
};

struct httpd {
	struct MHD_Daemon *d;
	int soft404;
	unsigned port;
	char base[64];
	pthread_mutex_t lock;
	struct hit hits[MAX_PATHS];
	size_t nr_hits;
	size_t endless;
	int toggle;
	int inflight, max_inflight;
	char switches[MAX_SWITCHES][64];
	size_t nr_switches;
	char switch_dir[512];
	int log_fd;             /* access log, or -1 */
};

/* /delay/ requests in flight across every server of the process */
static pthread_mutex_t all_lock = PTHREAD_MUTEX_INITIALIZER;
static int all_inflight, all_max_inflight;

static const unsigned char gz[] = {
	0x1f,0x8b,0x08,0x00,0x00,0x00,0x00,0x00,0x02,0x03,0xb3,0xc9,0x28,0xc9,0xcd,0xb1,0xb3,0xc9,
	0x48,0x4d,0x4c,0xb1,0xb3,0x29,0xc9,0x2c,0xc9,0x49,0xb5,0x8b,0xca,0x2c,0x28,0x48,0x4d,0xb1,
	0xd1,0x87,0xf0,0x6c,0xf4,0x21,0x72,0x49,0xf9,0x29,0x95,0x76,0x36,0x05,0x0a,0x99,0x29,0xb6,
	0x4a,0x55,0x60,0x15,0x4a,0x76,0xc9,0xf9,0xb9,0x05,0x45,0xa9,0xc5,0xc5,0xa9,0x29,0x0a,0x05,
	0x89,0xe9,0xa9,0x36,0xfa,0x05,0x40,0xe5,0x10,0x85,0xfa,0x60,0x73,0x01,0x06,0x02,0x78,0x83,
	0x5e,0x00,0x00,0x00
};

/* Counts the request; returns how many came before it (any method). */
static unsigned count(struct httpd *h, const char *method, const char *path)
{
	size_t i;
	unsigned before = 0;
	pthread_mutex_lock(&h->lock);
	for (i = 0; i < h->nr_hits; i++)
		if (!strcmp(h->hits[i].path, path))
			before += h->hits[i].n;
	for (i = 0; i < h->nr_hits; i++)
		if (!strcmp(h->hits[i].path, path) && !strcmp(h->hits[i].method, method))
			break;
	if (i == h->nr_hits && i < MAX_PATHS) {
		snprintf(h->hits[i].method, sizeof(h->hits[i].method), "%s", method);
		snprintf(h->hits[i].path, sizeof(h->hits[i].path), "%s", path);
		h->hits[i].n = 0;
		h->nr_hits++;
	}
	if (i < MAX_PATHS)
		h->hits[i].n++;
	pthread_mutex_unlock(&h->lock);
	return before;
}

static enum MHD_Result reply(struct MHD_Connection *c, unsigned status, const char *ctype,
			     const char *body, const char *h1, const char *v1, const char *h2,
			     const char *v2)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(strlen(body), (void *)body,
								 MHD_RESPMEM_MUST_COPY);
	enum MHD_Result ret;
	MHD_add_response_header(r, "Content-Type", ctype ? ctype : "text/html; charset=utf-8");
	if (h1)
		MHD_add_response_header(r, h1, v1);
	if (h2)
		MHD_add_response_header(r, h2, v2);
	ret = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result page(struct MHD_Connection *c, unsigned status, const char *title)
{
	char body[512];
	snprintf(body, sizeof(body),
		 "<!DOCTYPE html><html><head><title>%s</title></head><body><h1>%s</h1>"
		 "<p>Some text of the page, long enough to look like one.</p></body></html>",
		 title, title);
	return reply(c, status, NULL, body, NULL, NULL, NULL, NULL);
}

static enum MHD_Result redirect(struct MHD_Connection *c, unsigned status, const char *to)
{
	return reply(c, status, NULL, "<html><body>moved</body></html>", "Location", to, NULL, NULL);
}

static ssize_t endless_cb(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct httpd *h = cls;
	size_t i, n = max < 4096 ? max : 4096;
	(void)pos;
	for (i = 0; i < n; i++)
		buf[i] = "<p>lorem ipsum </p>\n"[i % 20];
	pthread_mutex_lock(&h->lock);
	h->endless += n;
	pthread_mutex_unlock(&h->lock);
	return (ssize_t)n;
}

/* Whether switch name is on (httpd_set_switch(), or a file in the switch directory). */
static int switch_on(struct httpd *h, const char *name)
{
	char file[sizeof(h->switch_dir) + 80];
	int up = 0;
	size_t i;
	pthread_mutex_lock(&h->lock);
	for (i = 0; i < h->nr_switches; i++)
		if (!strcmp(h->switches[i], name))
			up = 1;
	if (!up && h->switch_dir[0] && *name && strlen(name) < 64 && !strchr(name, '/') &&
	    strcmp(name, "..")) {
		snprintf(file, sizeof(file), "%s/%s", h->switch_dir, name);
		up = access(file, F_OK) == 0;
	}
	pthread_mutex_unlock(&h->lock);
	return up;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
			      const char *method, const char *version, const char *upload,
			      size_t *upload_size, void **con_cls)
{
	struct httpd *h = cls;
	int head = !strcmp(method, "HEAD");
	unsigned before;
	char buf[512];
	(void)version;
	(void)upload;
	(void)upload_size;

	if (!*con_cls) {
		/* first call for this request: headers only */
		*con_cls = h;
		return MHD_YES;
	}
	before = count(h, method, url);
	if (h->log_fd >= 0) {
		/* one write per line: O_APPEND keeps the lines of concurrent requests whole */
		int n = snprintf(buf, sizeof(buf), "%s %s\n", method, url);
		if (n > 0 && (size_t)n < sizeof(buf) && write(h->log_fd, buf, (size_t)n) < 0)
			buf[0] = 0;
	}
	if (!strncmp(url, "/slow/", 6)) {
		/*
		 * A transfer to stop half-way: held while switch hold-NAME is
		 * on and NAME is not (at most 10 s). Any other name (a soft-404
		 * probe) is not found at once.
		 */
		struct timespec ts = { 0, 20 * 1000000L };
		char hold[80];
		int i;
		snprintf(hold, sizeof(hold), "hold-%s", url + 6);
		if (switch_on(h, url + 6))
			return page(c, 200, "Slow but there");
		if (!switch_on(h, hold))
			return page(c, 404, "Not Found");
		for (i = 0; i < 500 && !switch_on(h, url + 6); i++)
			nanosleep(&ts, NULL);
		return page(c, 200, "Slow but there");
	}

	if (!strcmp(url, "/") )
		return page(c, 200, "Home");
	if (!strcmp(url, "/ok") || !strcmp(url, "/real") || !strcmp(url, "/redirect/0") ||
	    !strcmp(url, "/caf\xc3\xa9") ||
	    !strcmp(url, "/2016/01/11th-party-central-committees-report/") ||
	    !strcmp(url, "/news-analysis/news/russian-subs") || !strcmp(url, "/long/path/page.html"))
		return page(c, 200, "A fine article");
	if (!strncmp(url, "/status/", 8) && url[8] >= '0' && url[8] <= '9') {
		unsigned st = (unsigned)atoi(url + 8);
		return page(c, st ? st : 500, "Status");
	}
	if (!strncmp(url, "/delay/", 7) && url[7] >= '0' && url[7] <= '9') {
		long ms = atol(url + 7);
		struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
		pthread_mutex_lock(&h->lock);
		if (++h->inflight > h->max_inflight)
			h->max_inflight = h->inflight;
		pthread_mutex_unlock(&h->lock);
		pthread_mutex_lock(&all_lock);
		if (++all_inflight > all_max_inflight)
			all_max_inflight = all_inflight;
		pthread_mutex_unlock(&all_lock);
		nanosleep(&ts, NULL);
		pthread_mutex_lock(&all_lock);
		all_inflight--;
		pthread_mutex_unlock(&all_lock);
		pthread_mutex_lock(&h->lock);
		h->inflight--;
		pthread_mutex_unlock(&h->lock);
		return page(c, 200, "Slow but fine");
	}
	if (!strncmp(url, "/redirect/", 10) && url[10] >= '0' && url[10] <= '9') {
		snprintf(buf, sizeof(buf), "/redirect/%d", atoi(url + 10) - 1);
		return redirect(c, 302, buf);
	}
	if (!strcmp(url, "/moved"))
		return redirect(c, 301, "/ok");
	if (!strcmp(url, "/moved308"))
		return redirect(c, 308, "/ok");
	if (!strcmp(url, "/temp"))
		return redirect(c, 302, "/ok");
	if (!strcmp(url, "/loop/a"))
		return redirect(c, 302, "/loop/b");
	if (!strcmp(url, "/loop/b"))
		return redirect(c, 302, "/loop/a");
	if (!strcmp(url, "/deep/article"))
		return redirect(c, 301, "/");
	if (!strcmp(url, "/private"))
		return redirect(c, 302, "/login?next=/private");
	if (!strcmp(url, "/login"))
		return page(c, 200, "Sign in");
	if (!strcmp(url, "/to-file"))
		return redirect(c, 302, "file:///etc/passwd");
	if (!strcmp(url, "/to-ftp"))
		return redirect(c, 302, "ftp://127.0.0.1/x");
	if (!strcmp(url, "/to")) {
		const char *u = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "u");
		return redirect(c, 302, u ? u : "/");
	}
	if (!strncmp(url, "/retry-after/", 13)) {
		if (!before)
			return reply(c, 503, NULL, "busy", "Retry-After", url + 13, NULL, NULL);
		return page(c, 200, "Back again");
	}
	if (!strcmp(url, "/retry-date")) {
		if (!before) {
			time_t t = time(NULL) + 1;
			struct tm tm;
			gmtime_r(&t, &tm);
			strftime(buf, sizeof(buf), "%a, %d %b %Y %H:%M:%S GMT", &tm);
			return reply(c, 503, NULL, "busy", "Retry-After", buf, NULL, NULL);
		}
		return page(c, 200, "Back again");
	}
	if (!strcmp(url, "/429-then-200")) {
		if (!before)
			return reply(c, 429, NULL, "slow down", "Retry-After", "1", NULL, NULL);
		return page(c, 200, "Thanks for waiting");
	}
	if (!strcmp(url, "/always-429"))
		return reply(c, 429, NULL, "slow down", "Retry-After", "1", NULL, NULL);
	if (!strcmp(url, "/429-long"))
		return reply(c, 429, NULL, "slow down", "Retry-After", "100000", NULL, NULL);
	if (!strcmp(url, "/flaky")) {
		if (before < 2)
			return page(c, 500, "Oops");
		return page(c, 200, "Stable now");
	}
	if (!strcmp(url, "/always-500"))
		return page(c, 500, "Oops");
	if (!strcmp(url, "/reset"))
		return MHD_NO;      /* MHD closes the connection */
	if (!strcmp(url, "/head-405")) {
		if (head)
			return page(c, 405, "No HEAD here");
		return page(c, 200, "GET is fine");
	}
	if (!strcmp(url, "/frag"))
		return reply(c, 200, NULL,
			     "<html><head><title>Sections</title></head><body>"
			     "<h2 id=\"present\">A section</h2><a name=\"anchor2\"></a>"
			     "<p id=\"caf\xc3\xa9\">x</p></body></html>", NULL, NULL, NULL, NULL);
	if (!strcmp(url, "/gzip")) {
		struct MHD_Response *r = MHD_create_response_from_buffer(sizeof(gz), (void *)gz,
									 MHD_RESPMEM_PERSISTENT);
		enum MHD_Result ret;
		MHD_add_response_header(r, "Content-Type", "text/html");
		MHD_add_response_header(r, "Content-Encoding", "gzip");
		ret = MHD_queue_response(c, 200, r);
		MHD_destroy_response(r);
		return ret;
	}
	if (!strcmp(url, "/cookie-gate")) {
		const char *v = MHD_lookup_connection_value(c, MHD_COOKIE_KIND, "gate");
		if (v && !strcmp(v, "1"))
			return page(c, 200, "Welcome in");
		return reply(c, 302, NULL, "set cookie", "Location", "/cookie-gate",
			     "Set-Cookie", "gate=1; Path=/");
	}
	if (!strcmp(url, "/endless")) {
		struct MHD_Response *r;
		enum MHD_Result ret;
		if (head)
			return page(c, 405, "No HEAD here");
		r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 4096, endless_cb, h, NULL);
		MHD_add_response_header(r, "Content-Type", "text/html");
		ret = MHD_queue_response(c, 200, r);
		MHD_destroy_response(r);
		return ret;
	}
	if (!strcmp(url, "/toggle")) {
		int up;
		pthread_mutex_lock(&h->lock);
		up = h->toggle;
		pthread_mutex_unlock(&h->lock);
		return up ? page(c, 200, "Back online") : page(c, 404, "Not Found");
	}
	if (!strncmp(url, "/switch/", 8)) {
		const char *name = url + 8;
		return switch_on(h, name) ? page(c, 200, "Switched on") : page(c, 404, "Not Found");
	}
	if (!strncmp(url, "/gate/", 6))
		return switch_on(h, url + 6) ? page(c, 200, "Open") :
		       page(c, 403, "Please complete the captcha");
	if (!strcmp(url, "/bot"))
		return page(c, 403, "Please complete the captcha");
	if (!strcmp(url, "/999"))
		return page(c, 999, "Request denied");
	if (!strcmp(url, "/wayback/available")) {
		const char *u = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "url");
		const char *ts = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "timestamp");
		if (u && strstr(u, "gone")) {
			snprintf(buf, sizeof(buf),
				 "{\"url\":\"%s\",\"archived_snapshots\":{\"closest\":{\"status\":\"200\","
				 "\"available\":true,\"url\":\"http://web.archive.org/web/%s000000/%s\","
				 "\"timestamp\":\"%s000000\"}}}", u, ts ? ts : "2020", u, ts ? ts : "2020");
			return reply(c, 200, "application/json", buf, NULL, NULL, NULL, NULL);
		}
		return reply(c, 200, "application/json", "{\"archived_snapshots\":{}}", NULL, NULL,
			     NULL, NULL);
	}
	if (h->soft404)
		return page(c, 200, "Page not found");
	return page(c, 404, "Not Found");
}

struct httpd *httpd_start(const char *addr, int soft404)
{
	struct httpd *h = calloc(1, sizeof(*h));
	struct sockaddr_in sa;
	const union MHD_DaemonInfo *info;

	if (!h)
		return NULL;
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = 0;
	if (inet_pton(AF_INET, addr, &sa.sin_addr) != 1) {
		free(h);
		return NULL;
	}
	pthread_mutex_init(&h->lock, NULL);
	h->soft404 = soft404;
	h->log_fd = -1;
	h->d = MHD_start_daemon(MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD,
				0, NULL, NULL, handle, h,
				MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
				MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
				MHD_OPTION_END);
	if (!h->d) {
		pthread_mutex_destroy(&h->lock);
		free(h);
		return NULL;
	}
	info = MHD_get_daemon_info(h->d, MHD_DAEMON_INFO_BIND_PORT);
	h->port = info ? info->port : 0;
	snprintf(h->base, sizeof(h->base), "http://%s:%u", addr, h->port);
	return h;
}

void httpd_stop(struct httpd *h)
{
	if (!h)
		return;
	MHD_stop_daemon(h->d);
	if (h->log_fd >= 0)
		close(h->log_fd);
	pthread_mutex_destroy(&h->lock);
	free(h);
}

unsigned httpd_port(const struct httpd *h)
{
	return h->port;
}

const char *httpd_base(const struct httpd *h)
{
	return h->base;
}

const char *httpd_url(const struct httpd *h, const char *path, char *buf, size_t n)
{
	snprintf(buf, n, "%s%s", h->base, path);
	return buf;
}

unsigned httpd_hits(struct httpd *h, const char *method, const char *path)
{
	size_t i;
	unsigned n = 0;
	pthread_mutex_lock(&h->lock);
	for (i = 0; i < h->nr_hits; i++)
		if (!strcmp(h->hits[i].path, path) && (!method || !strcmp(h->hits[i].method, method)))
			n += h->hits[i].n;
	pthread_mutex_unlock(&h->lock);
	return n;
}

size_t httpd_endless_bytes(struct httpd *h)
{
	size_t n;
	pthread_mutex_lock(&h->lock);
	n = h->endless;
	pthread_mutex_unlock(&h->lock);
	return n;
}

void httpd_reset(struct httpd *h)
{
	pthread_mutex_lock(&h->lock);
	h->nr_hits = 0;
	h->endless = 0;
	h->max_inflight = 0;
	pthread_mutex_unlock(&h->lock);
}

void httpd_set_toggle(struct httpd *h, int up)
{
	pthread_mutex_lock(&h->lock);
	h->toggle = up;
	pthread_mutex_unlock(&h->lock);
}

void httpd_set_switch(struct httpd *h, const char *name, int up)
{
	size_t i;
	pthread_mutex_lock(&h->lock);
	for (i = 0; i < h->nr_switches && strcmp(h->switches[i], name); i++)
		;
	if (up && i == h->nr_switches && i < MAX_SWITCHES)
		snprintf(h->switches[h->nr_switches++], sizeof(h->switches[0]), "%s", name);
	else if (!up && i < h->nr_switches)
		memmove(h->switches[i], h->switches[i + 1],
			(h->nr_switches-- - i - 1) * sizeof(h->switches[0]));
	pthread_mutex_unlock(&h->lock);
}

int httpd_set_access_log(struct httpd *h, const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (fd < 0)
		return -1;
	pthread_mutex_lock(&h->lock);
	if (h->log_fd >= 0)
		close(h->log_fd);
	h->log_fd = fd;
	pthread_mutex_unlock(&h->lock);
	return 0;
}

void httpd_set_switch_dir(struct httpd *h, const char *dir)
{
	pthread_mutex_lock(&h->lock);
	snprintf(h->switch_dir, sizeof(h->switch_dir), "%s", dir ? dir : "");
	pthread_mutex_unlock(&h->lock);
}

int httpd_max_inflight(struct httpd *h)
{
	int n;
	pthread_mutex_lock(&h->lock);
	n = h->max_inflight;
	pthread_mutex_unlock(&h->lock);
	return n;
}

int httpd_max_inflight_all(int reset)
{
	int n;
	pthread_mutex_lock(&all_lock);
	n = all_max_inflight;
	if (reset)
		all_max_inflight = 0;
	pthread_mutex_unlock(&all_lock);
	return n;
}

void httpd_wait_idle(void)
{
	int i, n = 1;
	for (i = 0; i < 500 && n; i++) {
		struct timespec ts = { 0, 10000000L };
		pthread_mutex_lock(&all_lock);
		n = all_inflight;
		pthread_mutex_unlock(&all_lock);
		if (n)
			nanosleep(&ts, NULL);
	}
}
