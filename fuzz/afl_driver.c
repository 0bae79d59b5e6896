/*
 * afl_driver.c - a persistent-mode AFL++ driver for the libFuzzer
 * targets, used by fuzz/build.sh when AFL++'s own libAFLDriver.a is not
 * installed (or when FUZZ_AFL_DRIVER=own asks for it).
 *
 * Built with afl-clang-fast (or afl-clang-lto, afl-gcc-fast), which
 * define __AFL_FUZZ_INIT, __AFL_LOOP and __AFL_FUZZ_TESTCASE_BUF: the
 * test case arrives in shared memory, and one process runs up to
 * AFL_LOOP_COUNT inputs before afl-fuzz forks a fresh one, so state a
 * target leaks between inputs is bounded. Given file names on the
 * command line (afl-fuzz is not driving it), it runs each file once,
 * which is how a crash in $FUZZ_OUT/crashes/ is replayed under gdb.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#ifndef __AFL_FUZZ_TESTCASE_LEN
#error "afl_driver.c is built with afl-clang-fast, afl-clang-lto or afl-gcc-fast"
#endif

/* afl-fuzz's -G default is 1 MiB; a file replayed by hand may be larger */
#define AFL_REPLAY_MAX (64u << 20)
#define AFL_LOOP_COUNT 10000

__AFL_FUZZ_INIT();

static int replay_file(const char *path)
{
	FILE *fp = NULL;
	uint8_t *buf = NULL;
	size_t len = 0, n;
	int ret = 1;

	fp = fopen(path, "rb");
	if (!fp) {
		fprintf(stderr, "afl_driver: cannot open '%s'\n", path);
		goto out;
	}
	buf = malloc(AFL_REPLAY_MAX);
	if (!buf)
		goto out;
	while ((n = fread(buf + len, 1, AFL_REPLAY_MAX - len, fp)) > 0)
		len += n;
	if (ferror(fp)) {
		fprintf(stderr, "afl_driver: cannot read '%s'\n", path);
		goto out;
	}
	/* a copy of exactly len bytes, so ASan sees a read past the end */
	{
		uint8_t *copy = malloc(len ? len : 1);

		if (!copy)
			goto out;
		memcpy(copy, buf, len);
		LLVMFuzzerTestOneInput(copy, len);
		free(copy);
	}
	ret = 0;
out:
	free(buf);
	if (fp)
		fclose(fp);
	return ret;
}

int main(int argc, char **argv)
{
	unsigned char *shm;
	int i, ret = 0;

	/* by hand: afl_driver FILE... */
	if (argc > 1 && !getenv("__AFL_SHM_ID")) {
		for (i = 1; i < argc; i++)
			ret |= replay_file(argv[i]);
		return ret;
	}

	__AFL_INIT();
	/* only valid after __AFL_INIT(): the shared memory is mapped then */
	shm = __AFL_FUZZ_TESTCASE_BUF;
	while (__AFL_LOOP(AFL_LOOP_COUNT)) {
		size_t len = (size_t)__AFL_FUZZ_TESTCASE_LEN;
		/*
		 * The shared buffer is larger than the input: copied to a
		 * buffer of its exact size, a read one byte past the end is
		 * an ASan report instead of going unseen.
		 */
		uint8_t *copy = malloc(len ? len : 1);

		if (!copy)
			abort();
		memcpy(copy, shm, len);
		LLVMFuzzerTestOneInput(copy, len);
		free(copy);
	}
	return 0;
}
