/*
 * utf8.h - strict UTF-8 validation and decoding (RFC 3629: no
 * overlongs, no surrogates, nothing above U+10FFFF).
 */
#ifndef PROVCHECK_UTF8_H
#define PROVCHECK_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Length (1-4) of the valid code point starting at s, or 0 if invalid/truncated. */
size_t utf8_valid_prefix_len(const char *s, size_t n);
/* Decodes one code point; returns its length, or 0 (and *cp = 0xFFFD) if invalid. */
size_t utf8_decode(const char *s, size_t n, uint32_t *cp);
/* Returns 1 if s[0..n) is valid UTF-8; else 0 and *bad = offset of the first bad byte. */
int utf8_validate(const char *s, size_t n, size_t *bad);
/* Number of code points in s[0..n) (an invalid byte counts as one). */
size_t utf8_count(const char *s, size_t n);
/*
 * utf8_count() of valid UTF-8 (utf8_validate()): the bytes that are no
 * continuation byte, counted 16 at a time. On invalid input the count
 * differs from utf8_count()'s (a stray continuation byte counts 0).
 */
size_t utf8_count_valid(const char *s, size_t n);
/* Encodes cp into out (at least 4 bytes); returns the length. */
size_t utf8_encode(uint32_t cp, char *out);
/* Length of the code point that ends at s[n-1] (walks back over continuation bytes). */
size_t utf8_prev_len(const char *s, size_t n);

#endif
