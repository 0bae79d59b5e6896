/*
 * httpd-bench.c - the server of bench/links-speed: HOSTS loopback
 * addresses (127.0.0.1 ..), each answering every request after DELAY_MS
 * milliseconds: 200 with a small HTML page, or 404 for the random
 * paths provcheck probes for soft 404s. One thread per connection, so
 * the delay never queues requests behind each other: the server is not
 * the bottleneck.
 *
 *   httpd-bench HOSTS DELAY_MS    prints "ADDR PORT" per host, then serves until killed
 */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static long delay_ms;

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
			      const char *method, const char *version, const char *upload,
			      size_t *upload_size, void **con_cls)
{
	static const char ok[] = "<!DOCTYPE html><html><head><title>Bench page</title></head>"
				 "<body><p>A page of the benchmark.</p></body></html>";
	static const char nf[] = "<html><head><title>Not Found</title></head><body>404</body></html>";
	struct timespec ts = { delay_ms / 1000, (delay_ms % 1000) * 1000000L };
	struct MHD_Response *r;
	enum MHD_Result ret;
	int missing = strstr(url, "provcheck-") != NULL;
	(void)cls; (void)method; (void)version; (void)upload; (void)upload_size;

	if (!*con_cls) {
		*con_cls = c;
		return MHD_YES;
	}
	nanosleep(&ts, NULL);
	r = missing ? MHD_create_response_from_buffer(sizeof(nf) - 1, (void *)nf, MHD_RESPMEM_PERSISTENT)
		    : MHD_create_response_from_buffer(sizeof(ok) - 1, (void *)ok, MHD_RESPMEM_PERSISTENT);
	MHD_add_response_header(r, "Content-Type", "text/html");
	ret = MHD_queue_response(c, missing ? 404 : 200, r);
	MHD_destroy_response(r);
	return ret;
}

int main(int argc, char **argv)
{
	int hosts, i;
	struct MHD_Daemon *d[256];

	if (argc != 3) {
		fprintf(stderr, "usage: httpd-bench HOSTS DELAY_MS\n");
		return 2;
	}
	hosts = atoi(argv[1]);
	delay_ms = atol(argv[2]);
	if (hosts < 1 || hosts > 250)
		return 2;
	for (i = 0; i < hosts; i++) {
		struct sockaddr_in sa;
		const union MHD_DaemonInfo *info;
		char addr[32];
		snprintf(addr, sizeof(addr), "127.0.0.%d", i + 1);
		memset(&sa, 0, sizeof(sa));
		sa.sin_family = AF_INET;
		inet_pton(AF_INET, addr, &sa.sin_addr);
		d[i] = MHD_start_daemon(MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD,
					0, NULL, NULL, handle, NULL,
					MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
					MHD_OPTION_CONNECTION_LIMIT, (unsigned)1000,
					MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned)1024,
					MHD_OPTION_END);
		if (!d[i]) {
			fprintf(stderr, "httpd-bench: cannot listen on %s\n", addr);
			return 1;
		}
		info = MHD_get_daemon_info(d[i], MHD_DAEMON_INFO_BIND_PORT);
		printf("%s %u\n", addr, info ? info->port : 0);
	}
	fflush(stdout);
	for (;;)
		pause();
}
