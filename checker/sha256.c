/*
 * sha256.c - SHA-256 (FIPS 180-4).
 *
 * A scan hashes every byte of every file, unchanged or not, so the
 * hash sets the speed of a re-scan. Where the processor has the SHA
 * extensions (x86-64 SHA-NI: most x86 processors since 2017), blocks
 * go through them, about ten times faster than the portable code,
 * which is kept for every other machine and checked against it by
 * the tests.
 */
#include "sha256.h"

#include <string.h>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define SHA256_X86 1
#include <immintrin.h>
#include <cpuid.h>
#endif

static const uint32_t K[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
};

#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static void compress_portable(struct sha256 *c, const unsigned char *p)
{
	uint32_t w[64], a, b, cc, d, e, f, g, h;
	int i;
	for (i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		       (uint32_t)p[4 * i + 2] << 8 | (uint32_t)p[4 * i + 3];
	for (i = 16; i < 64; i++) {
		uint32_t s0 = ROR(w[i - 15], 7) ^ ROR(w[i - 15], 18) ^ (w[i - 15] >> 3);
		uint32_t s1 = ROR(w[i - 2], 17) ^ ROR(w[i - 2], 19) ^ (w[i - 2] >> 10);
		w[i] = w[i - 16] + s0 + w[i - 7] + s1;
	}
	a = c->h[0]; b = c->h[1]; cc = c->h[2]; d = c->h[3];
	e = c->h[4]; f = c->h[5]; g = c->h[6]; h = c->h[7];
	for (i = 0; i < 64; i++) {
		uint32_t S1 = ROR(e, 6) ^ ROR(e, 11) ^ ROR(e, 25);
		uint32_t ch = (e & f) ^ (~e & g);
		uint32_t t1 = h + S1 + ch + K[i] + w[i];
		uint32_t S0 = ROR(a, 2) ^ ROR(a, 13) ^ ROR(a, 22);
		uint32_t mj = (a & b) ^ (a & cc) ^ (b & cc);
		uint32_t t2 = S0 + mj;
		h = g; g = f; f = e; e = d + t1;
		d = cc; cc = b; b = a; a = t1 + t2;
	}
	c->h[0] += a; c->h[1] += b; c->h[2] += cc; c->h[3] += d;
	c->h[4] += e; c->h[5] += f; c->h[6] += g; c->h[7] += h;
}

#ifdef SHA256_X86
/*
 * nblocks blocks of 64 bytes with the SHA-NI instructions (the scheme of
 * Intel's white paper "Intel SHA Extensions", 2013). The state is kept
 * as the register pairs ABEF and CDGH the instructions work on; each
 * turn of the loop does four rounds, the message schedule built from
 * the previous four groups of words.
 */
__attribute__((target("sha,sse4.1")))
static void compress_shani(struct sha256 *c, const unsigned char *p, size_t nblocks)
{
	const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
	__m128i state0, state1, tmp, msg, m[4], abef, cdgh;
	int g;

	tmp = _mm_loadu_si128((const __m128i *)&c->h[0]);
	state1 = _mm_loadu_si128((const __m128i *)&c->h[4]);
	tmp = _mm_shuffle_epi32(tmp, 0xB1);             /* CDAB */
	state1 = _mm_shuffle_epi32(state1, 0x1B);       /* EFGH */
	state0 = _mm_alignr_epi8(tmp, state1, 8);       /* ABEF */
	state1 = _mm_blend_epi16(state1, tmp, 0xF0);    /* CDGH */

	for (; nblocks; nblocks--, p += 64) {
		abef = state0;
		cdgh = state1;
		for (g = 0; g < 16; g++) {
			__m128i w;
			if (g < 4) {
				w = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 16 * g)), bswap);
			} else {
				/* W[t..t+3] from the groups g-4 .. g-1 */
				w = _mm_sha256msg1_epu32(m[(g - 4) & 3], m[(g - 3) & 3]);
				w = _mm_add_epi32(w, _mm_alignr_epi8(m[(g - 1) & 3], m[(g - 2) & 3], 4));
				w = _mm_sha256msg2_epu32(w, m[(g - 1) & 3]);
			}
			m[g & 3] = w;
			msg = _mm_add_epi32(w, _mm_loadu_si128((const __m128i *)&K[4 * g]));
			state1 = _mm_sha256rnds2_epu32(state1, state0, msg);
			msg = _mm_shuffle_epi32(msg, 0x0E);
			state0 = _mm_sha256rnds2_epu32(state0, state1, msg);
		}
		state0 = _mm_add_epi32(state0, abef);
		state1 = _mm_add_epi32(state1, cdgh);
	}

	tmp = _mm_shuffle_epi32(state0, 0x1B);          /* FEBA */
	state1 = _mm_shuffle_epi32(state1, 0xB1);       /* DCHG */
	state0 = _mm_blend_epi16(tmp, state1, 0xF0);    /* DCBA */
	state1 = _mm_alignr_epi8(state1, tmp, 8);       /* HGFE */
	_mm_storeu_si128((__m128i *)&c->h[0], state0);
	_mm_storeu_si128((__m128i *)&c->h[4], state1);
}
#endif

/* -1: not decided yet; 0: portable code; 1: SHA-NI. */
static int use_hw = -1;

static int hw_available(void)
{
#ifdef SHA256_X86
	/*
	 * CPUID directly: clang before 15 knows no "sha" feature string
	 * for __builtin_cpu_supports(). Leaf 1 ECX bit 19 is SSE4.1,
	 * leaf 7 (subleaf 0) EBX bit 29 is SHA.
	 */
	unsigned int a, b, c, d;

	if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & (1u << 19)))
		return 0;
	if (__get_cpuid_max(0, NULL) < 7)
		return 0;
	__cpuid_count(7, 0, a, b, c, d);
	return (b >> 29) & 1;
#else
	return 0;
#endif
}

int sha256_use_hw(int on)
{
	use_hw = on && hw_available();
	return use_hw;
}

/* nblocks blocks of 64 bytes from p. */
static void compress(struct sha256 *c, const unsigned char *p, size_t nblocks)
{
	if (use_hw < 0)
		use_hw = hw_available();
#ifdef SHA256_X86
	if (use_hw) {
		compress_shani(c, p, nblocks);
		return;
	}
#endif
	for (; nblocks; nblocks--, p += 64)
		compress_portable(c, p);
}

void sha256_init(struct sha256 *c)
{
	static const uint32_t iv[8] = {
		0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
		0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19
	};
	memcpy(c->h, iv, sizeof(iv));
	c->len = 0;
	c->fill = 0;
}

void sha256_update(struct sha256 *c, const void *data, size_t n)
{
	const unsigned char *p = data;
	c->len += n;
	if (c->fill) {
		size_t take = 64 - c->fill < n ? 64 - c->fill : n;
		memcpy(c->block + c->fill, p, take);
		c->fill += take;
		p += take;
		n -= take;
		if (c->fill < 64)
			return;
		compress(c, c->block, 1);
		c->fill = 0;
	}
	if (n >= 64) {
		compress(c, p, n / 64);
		p += n - n % 64;
		n %= 64;
	}
	if (n) {
		memcpy(c->block, p, n);
		c->fill = n;
	}
}

void sha256_final(struct sha256 *c, uint8_t out[32])
{
	uint64_t bits = c->len * 8;
	unsigned char pad[72];
	size_t padlen = (c->fill < 56 ? 56 : 120) - c->fill;
	int i;
	memset(pad, 0, sizeof(pad));
	pad[0] = 0x80;
	for (i = 0; i < 8; i++)
		pad[padlen + i] = (unsigned char)(bits >> (56 - 8 * i));
	sha256_update(c, pad, padlen + 8);
	for (i = 0; i < 8; i++) {
		out[4 * i] = (uint8_t)(c->h[i] >> 24);
		out[4 * i + 1] = (uint8_t)(c->h[i] >> 16);
		out[4 * i + 2] = (uint8_t)(c->h[i] >> 8);
		out[4 * i + 3] = (uint8_t)c->h[i];
	}
}

void sha256_buf(const void *data, size_t n, uint8_t out[32])
{
	struct sha256 c;
	sha256_init(&c);
	sha256_update(&c, data, n);
	sha256_final(&c, out);
}

void sha256_hex(const uint8_t *digest, size_t n, char *out)
{
	static const char hex[] = "0123456789abcdef";
	size_t i;
	for (i = 0; i < n; i++) {
		out[2 * i] = hex[digest[i] >> 4];
		out[2 * i + 1] = hex[digest[i] & 15];
	}
	out[2 * n] = '\0';
}
