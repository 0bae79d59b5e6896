/*
 * replay.c - runs files through a fuzz target's LLVMFuzzerTestOneInput()
 * without any fuzzer: the regression inputs under fuzz/regressions/ are
 * replayed by `make test` (and so under `make asan` and `make valgrind`)
 * with a binary built from this file, one fuzz/fuzz_<target>.c and the
 * library (see the Makefile's build/fuzz/ rules).
 *
 *   build/fuzz/replay_<target> FILE...
 *
 * Each file is read whole into a buffer of exactly its size, so a read
 * one byte past the input is caught by ASan and valgrind. Exits 0 when
 * every file ran; a target that finds a broken invariant aborts.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* the fuzzers' inputs stay far below this; a regression file must too */
#define REPLAY_MAX ((size_t)64 << 20)

/* Reads path into a fresh buffer of exactly *len bytes (never NULL on
 * success; the caller frees it). Returns 0 or -1 with a message. */
static int replay_read(const char *path, uint8_t **out, size_t *len)
{
	FILE *fp = NULL;
	uint8_t *buf = NULL, *exact = NULL;
	size_t cap = 0, n = 0, got;
	int ret = -1;

	fp = fopen(path, "rb");
	if (!fp) {
		fprintf(stderr, "replay: cannot open '%s': %s\n", path, strerror(errno));
		goto out;
	}
	for (;;) {
		if (n == cap) {
			uint8_t *p;

			if (cap >= REPLAY_MAX) {
				fprintf(stderr, "replay: '%s' is larger than %zu bytes\n",
					path, REPLAY_MAX);
				goto out;
			}
			cap = cap ? cap * 2 : 65536;
			p = realloc(buf, cap);
			if (!p)
				goto nomem;
			buf = p;
		}
		got = fread(buf + n, 1, cap - n, fp);
		if (!got)
			break;
		n += got;
	}
	if (ferror(fp)) {
		fprintf(stderr, "replay: cannot read '%s'\n", path);
		goto out;
	}
	exact = malloc(n ? n : 1);
	if (!exact)
		goto nomem;
	if (n)
		memcpy(exact, buf, n);
	*out = exact;
	*len = n;
	ret = 0;
	goto out;
nomem:
	fprintf(stderr, "replay: out of memory reading '%s'\n", path);
out:
	free(buf);
	if (fp)
		fclose(fp);
	return ret;
}

int main(int argc, char **argv)
{
	int i, ret = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE...\n", argv[0]);
		return 2;
	}
	for (i = 1; i < argc; i++) {
		uint8_t *data = NULL;
		size_t len = 0;

		if (replay_read(argv[i], &data, &len)) {
			ret = 1;
			continue;
		}
		LLVMFuzzerTestOneInput(data, len);
		free(data);
	}
	return ret;
}
