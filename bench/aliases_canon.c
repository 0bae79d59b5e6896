/*
 * aliases_canon.c - benchmark of aliases_canon() with config/aliases.conf
 * (built and run by bench/aliases_canon.sh).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "config.h"

int main(int argc, char **argv)
{
	static const char *const lines[] = {
		"The current and future of Viet Nam \xe2\x80\x93 US defence relations ",
		"the 2011 Memorandum of Understanding (MOU) on five priority areas of defence cooperation ",
		"Overall Strategy for International Integration up to 2020, Vision to 2030 ",
		"the Vietnam People\xe2\x80\x99s Army and the Communist Party of Vietnam agreed that ",
	};
	struct aliases *a = aliases_new();
	struct strbuf err = STRBUF_INIT, in = STRBUF_INIT, out = STRBUF_INIT;
	struct timespec t0, t1;
	long rounds = argc > 1 ? atol(argv[1]) : 200;
	long r;
	double s;
	size_t i;

	if (aliases_load(a, "config/aliases.conf", &err) != CONFIG_OK) {
		fprintf(stderr, "%s\n", err.buf);
		return 1;
	}
	for (i = 0; in.len < 64 * 1024; i++)
		strbuf_addstr(&in, lines[i % 4]);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (r = 0; r < rounds; r++) {
		strbuf_reset(&out);
		aliases_canon_section(a, ALIASES_ALL, in.buf, in.len, &out);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	printf("aliases_canon: %zu aliases, %ld x %zu bytes in %.3f s, %.1f MB/s\n",
	       aliases_count(a), rounds, in.len, s, (double)in.len * (double)rounds / s / 1e6);
	aliases_free(a);
	strbuf_release(&err);
	strbuf_release(&in);
	strbuf_release(&out);
	return 0;
}
