/* sha256.h - SHA-256 (FIPS 180-4), for content hashes and stable ids. */
#ifndef PROVCHECK_SHA256_H
#define PROVCHECK_SHA256_H

#include <stddef.h>
#include <stdint.h>

struct sha256 {
	uint32_t h[8];
	uint64_t len;
	unsigned char block[64];
	size_t fill;
};

void sha256_init(struct sha256 *c);
void sha256_update(struct sha256 *c, const void *data, size_t n);
void sha256_final(struct sha256 *c, uint8_t out[32]);
void sha256_buf(const void *data, size_t n, uint8_t out[32]);
/*
 * Whether to use the processor's SHA instructions when it has them (the
 * default): 0 forces the portable code, for tests and benchmarks.
 * Returns 1 if they are used from now on. Not thread-safe.
 */
int sha256_use_hw(int on);
/* Lowercase hex of the first n bytes of digest into out (2n+1 bytes). */
void sha256_hex(const uint8_t *digest, size_t n, char *out);

#endif
