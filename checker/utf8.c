#include "utf8.h"

#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

size_t utf8_decode(const char *str, size_t n, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	uint32_t c;
	size_t len, i;

	*cp = 0xFFFD;
	if (!n)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	} else if (s[0] >= 0xC2 && s[0] <= 0xDF) {
		len = 2;
		c = s[0] & 0x1F;
	} else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		len = 3;
		c = s[0] & 0x0F;
	} else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		len = 4;
		c = s[0] & 0x07;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if ((len == 3 && c < 0x800) || (len == 4 && c < 0x10000) ||
	    c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return len;
}

size_t utf8_valid_prefix_len(const char *s, size_t n)
{
	uint32_t cp;
	return utf8_decode(s, n, &cp);
}

/*
 * Length of the run of ASCII bytes at s[0..n): 32 bytes at a time with
 * SSE2 (columns are counted over whole lines of prose), else eight.
 */
static size_t ascii_run(const char *s, size_t n)
{
	size_t i = 0;
	uint64_t w;
#ifdef __SSE2__
	while (i + 32 <= n) {
		__m128i a = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		__m128i b = _mm_loadu_si128((const __m128i *)(const void *)(s + i + 16));
		int m = _mm_movemask_epi8(_mm_or_si128(a, b));
		if (m) {
			m = _mm_movemask_epi8(a);
			return m ? i + (size_t)__builtin_ctz((unsigned)m)
				 : i + 16 + (size_t)__builtin_ctz((unsigned)_mm_movemask_epi8(b));
		}
		i += 32;
	}
#endif
	while (i + 8 <= n) {
		memcpy(&w, s + i, 8);
		if (w & 0x8080808080808080ULL)
			break;
		i += 8;
	}
	while (i < n && (unsigned char)s[i] < 0x80)
		i++;
	return i;
}

int utf8_validate(const char *s, size_t n, size_t *bad)
{
	size_t i = 0;
	while (i < n) {
		size_t l;
		/* most text is ASCII: skip it in words rather than bytes */
		i += ascii_run(s + i, n - i);
		if (i >= n)
			break;
		l = utf8_valid_prefix_len(s + i, n - i);
		if (!l) {
			if (bad)
				*bad = i;
			return 0;
		}
		i += l;
	}
	return 1;
}

size_t utf8_count(const char *s, size_t n)
{
	size_t i = 0, count = 0;
	while (i < n) {
		size_t l = ascii_run(s + i, n - i);
		/* an ASCII byte is one code point */
		i += l;
		count += l;
		if (i >= n)
			break;
		l = utf8_valid_prefix_len(s + i, n - i);
		i += l ? l : 1;
		count++;
	}
	return count;
}

size_t utf8_count_valid(const char *s, size_t n)
{
	size_t i = 0, count = 0;
#ifdef __SSE2__
	/*
	 * A continuation byte is 0x80-0xBF, as a signed byte below -64:
	 * each compare adds -1 per other byte to byte lanes, which are
	 * summed by _mm_sad_epu8 before any lane could wrap (255 rounds).
	 */
	const __m128i lim = _mm_set1_epi8(-65), zero = _mm_setzero_si128();
	while (i + 16 <= n) {
		__m128i acc = zero, sum;
		size_t rounds = 0;
		while (i + 16 <= n && rounds < 255) {
			__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
			acc = _mm_sub_epi8(acc, _mm_cmpgt_epi8(v, lim));
			i += 16;
			rounds++;
		}
		sum = _mm_sad_epu8(acc, zero);
		count += (size_t)_mm_cvtsi128_si32(sum) + (size_t)_mm_cvtsi128_si32(_mm_srli_si128(sum, 8));
	}
#endif
	/*
	 * Eight at a time (a short line is all tail): a byte 10xxxxxx
	 * leaves bit 0 of its lane in c, and the multiply sums the lanes
	 * into the top byte.
	 */
	while (i + 8 <= n) {
		uint64_t x, c;
		memcpy(&x, s + i, 8);
		c = (x >> 7) & ~(x >> 6) & 0x0101010101010101ULL;
		count += 8 - (size_t)((c * 0x0101010101010101ULL) >> 56);
		i += 8;
	}
	for (; i < n; i++)
		count += ((unsigned char)s[i] & 0xC0) != 0x80;
	return count;
}

size_t utf8_encode(uint32_t cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	} else if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	} else if (cp < 0x10000) {
		if (cp >= 0xD800 && cp <= 0xDFFF)
			cp = 0xFFFD;
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	} else if (cp <= 0x10FFFF) {
		out[0] = (char)(0xF0 | (cp >> 18));
		out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[3] = (char)(0x80 | (cp & 0x3F));
		return 4;
	}
	return utf8_encode(0xFFFD, out);
}

size_t utf8_prev_len(const char *s, size_t n)
{
	size_t k = 1;
	if (!n)
		return 0;
	while (k < n && k < 4 && ((unsigned char)s[n - k] & 0xC0) == 0x80)
		k++;
	if (utf8_valid_prefix_len(s + n - k, k) == k)
		return k;
	return 1;
}
