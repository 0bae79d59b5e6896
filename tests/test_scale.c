/*
 * Unit tests of the pieces that keep the document model fast on large
 * input (see bench/README.md): the hash map, the word index, line ends,
 * ASCII fast paths, SHA-256 with and without the processor's help,
 * parsing a buffer in place, and layout cases whose cost used to grow
 * with the square of the input. No timing here: speed is measured by
 * bench/; these check that the fast code gives the same answers.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "doc.h"
#include "sha256.h"
#include "strmap.h"
#include "utf8.h"
#include "util.h"
#include "wordidx.h"

/* A small deterministic generator (tests must not depend on rand()). */
static uint32_t rng_state = 12345;

static uint32_t rng(void)
{
	rng_state = rng_state * 1103515245u + 12345u;
	return rng_state >> 8;
}

static void test_strmap(void **state)
{
	struct strmap m = STRMAP_INIT;
	char keys[2000][8];
	size_t i, *v;
	int added;
	(void)state;
	assert_null(strmap_get(&m, "x", 1));
	for (i = 0; i < 2000; i++) {
		snprintf(keys[i], sizeof(keys[i]), "k%zu", i);
		v = strmap_put(&m, keys[i], strlen(keys[i]), i, &added);
		assert_true(added);
		assert_int_equal(*v, i);
	}
	/* a second put finds the key and keeps its value */
	v = strmap_put(&m, "k17", 3, 99, &added);
	assert_false(added);
	assert_int_equal(*v, 17);
	for (i = 0; i < 2000; i++) {
		v = strmap_get(&m, keys[i], strlen(keys[i]));
		assert_non_null(v);
		assert_int_equal(*v, i);
	}
	/* keys are bytes with a length: prefixes and the empty key are keys of their own */
	assert_null(strmap_get(&m, "k1", 1));
	assert_null(strmap_get(&m, "", 0));
	v = strmap_put(&m, "", 0, 7, &added);
	assert_true(added);
	assert_int_equal(*strmap_get(&m, "", 0), 7);
	assert_int_equal(m.nr, 2001);
	strmap_release(&m);
	assert_null(strmap_get(&m, "k1", 2));
}

static void test_wordidx_cases(void **state)
{
	static const char text[] =
		"The inter-national body met in caf\xc3\xa9s; co-operation grew. "
		"x2 (socio political) ab.ab a.a.a 1999-2001  --  end";
	size_t n = strlen(text);
	struct wordidx *wi = wordidx_new(text, n);
	(void)state;
	assert_non_null(wi);
	assert_true(wordidx_has(wi, "The", 3));
	assert_false(wordidx_has(wi, "the", 3));        /* case-sensitive */
	assert_false(wordidx_has(wi, "Th", 2));         /* not a whole word */
	assert_true(wordidx_has(wi, "national", 8));    /* after a hyphen */
	assert_true(wordidx_has(wi, "inter-national", 14));
	assert_false(wordidx_has(wi, "internation", 11));
	assert_true(wordidx_has(wi, "caf", 3));         /* bytes past ASCII are not letters */
	assert_true(wordidx_has(wi, "caf\xc3\xa9s", 6));
	assert_true(wordidx_has(wi, "(socio", 6));
	assert_true(wordidx_has(wi, "a.a", 3));         /* overlapping occurrences */
	assert_true(wordidx_has(wi, "a.a.a", 5));
	assert_false(wordidx_has(wi, "b.a", 3));
	assert_true(wordidx_has(wi, "1999-2001", 9));
	assert_true(wordidx_has(wi, "end", 3));         /* at the very end */
	assert_true(wordidx_has(wi, " -- ", 4));        /* no letter at all: scanned */
	assert_false(wordidx_has(wi, "; ", 2));         /* a letter right after it */
	assert_false(wordidx_has(wi, "", 0));
	wordidx_free(wi);
}

/* A word set answers as a linear scan with mem_ieq() does. */
static int linear_find(const char *const *list, size_t n, const char *w, size_t wn)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (mem_ieq(w, wn, list[i]))
			return (int)i;
	return -1;
}

static void test_wordset(void **state)
{
	static const char *const small[] = {
		"the", "of", "No", "đến", "Đến", "of", "international-ish-words", "a", "p", "",
	};
	static struct wordset set = WORDSET_INIT(small);
	/* a list longer than the index: the rest by a scan */
	static char store[300][8];
	static const char *big[300];
	static struct wordset bigset = { big, 300, 0, { { { 0 } } }, { 0 } };
	static const char alphabet[] = "abAB\xc3\xa9";
	char w[8];
	size_t i, k;
	(void)state;
	assert_int_equal(wordset_find(&set, "The", 3), 0);
	assert_int_equal(wordset_find(&set, "OF", 2), 1);         /* the first of equal words */
	assert_int_equal(wordset_find(&set, "no", 2), 2);
	assert_int_equal(wordset_find(&set, "\xc4\x91\xe1\xba\xbfn", 6), 3);
	assert_int_equal(wordset_find(&set, "\xc4\x90\xe1\xba\xbfn", 6), 4); /* not ASCII: as is */
	assert_int_equal(wordset_find(&set, "International-ish-words", 23), 6);
	assert_int_equal(wordset_find(&set, "international-ish-word", 22), -1);
	assert_int_equal(wordset_find(&set, "A", 1), 7);
	assert_int_equal(wordset_find(&set, "", 0), -1);
	assert_int_equal(wordset_find(&set, "tho", 3), -1);
	assert_int_equal(wordset_find(&set, "th", 2), -1);
	assert_int_equal(wordset_find(&set, "them", 4), -1);
	for (i = 0; i < 300; i++) {
		size_t wn = 1 + rng() % 4;
		for (k = 0; k < wn; k++)
			store[i][k] = alphabet[rng() % (sizeof(alphabet) - 1)];
		store[i][wn] = '\0';
		big[i] = store[i];
	}
	for (k = 0; k < 20000; k++) {
		size_t wn = 1 + rng() % 4;
		for (i = 0; i < wn; i++)
			w[i] = alphabet[rng() % (sizeof(alphabet) - 1)];
		assert_int_equal(wordset_find(&bigset, w, wn), linear_find(big, 300, w, wn));
		assert_int_equal(wordset_find(&set, w, wn), linear_find(small, ARRAY_SIZE(small), w, wn));
	}
	for (i = 0; i < 300; i++)
		assert_int_equal(wordset_find(&bigset, big[i], strlen(big[i])),
				 linear_find(big, 300, big[i], strlen(big[i])));
}

/* The index answers every question as a scan of the text does. */
static void test_wordidx_matches_scan(void **state)
{
	static const char alphabet[] = "ab1-. \xc3\xa9";
	char text[4000], w[8];
	size_t i, k, n = sizeof(text) - 1;
	struct wordidx *wi;
	(void)state;
	for (i = 0; i < n; i++)
		text[i] = alphabet[rng() % (sizeof(alphabet) - 1)];
	text[n] = '\0';
	wi = wordidx_new(text, n);
	for (k = 0; k < 20000; k++) {
		size_t wn = 1 + rng() % 6;
		for (i = 0; i < wn; i++)
			w[i] = alphabet[rng() % (sizeof(alphabet) - 1)];
		assert_int_equal(wordidx_has(wi, w, wn), wordidx_scan(text, n, w, wn));
	}
	/* and for words taken from the text itself */
	for (k = 0; k < 5000; k++) {
		size_t at = rng() % (n - 8), wn = 1 + rng() % 7;
		assert_int_equal(wordidx_has(wi, text + at, wn), wordidx_scan(text, n, text + at, wn));
	}
	wordidx_free(wi);
}

static void test_mem_line_end(void **state)
{
	static const char s[] = "ab\ncd\r\nef\rgh\r";
	size_t n = strlen(s);
	(void)state;
	assert_int_equal(mem_line_end(s, n, 0), 2);
	assert_int_equal(mem_line_end(s, n, 3), 6);     /* CRLF ends at its '\n' */
	assert_int_equal(mem_line_end(s, n, 7), 9);     /* a lone CR */
	assert_int_equal(mem_line_end(s, n, 10), 12);   /* a CR at the very end */
	assert_int_equal(mem_line_end(s, n, 13), 13);
	assert_int_equal(mem_line_end("x\r\ry\n", 5, 0), 1);
	assert_int_equal(mem_line_end("xyz", 3, 0), 3);
	{
		static const char hay[] = "abcabdab";
		assert_ptr_equal(mem_find(hay, 8, "abd", 3), hay + 3);
		assert_ptr_equal(mem_find(hay, 8, "", 0), hay);
		assert_null(mem_find(hay, 8, "abe", 3));
		assert_null(mem_find(hay, 2, "abc", 3));
	}
}

/* utf8_count() and utf8_validate() with their ASCII fast paths against a byte-by-byte count. */
static void test_utf8_fast_paths(void **state)
{
	static const char *const pieces[] = { "a", "bcdefghij", "\xc3\xa9", "\xe2\x80\x9c", "\xff", "\x80", " " };
	char s[600];
	size_t k;
	(void)state;
	for (k = 0; k < 3000; k++) {
		size_t n = 0, expect = 0, i, bad = 0;
		int valid = 1;
		while (n < 500) {
			const char *p = pieces[rng() % (k % 2 ? 4 : ARRAY_SIZE(pieces))];
			size_t l = strlen(p);
			memcpy(s + n, p, l);
			if (!strcmp(p, "\xff") || !strcmp(p, "\x80")) {
				if (valid)
					bad = n;
				valid = 0;
			}
			n += l;
		}
		/* the reference: one code point per lead or invalid byte */
		for (i = 0; i < n;) {
			uint32_t cp;
			size_t l = utf8_decode(s + i, n - i, &cp);
			i += l ? l : 1;
			expect++;
		}
		assert_int_equal(utf8_count(s, n), expect);
		if (valid) {
			assert_true(utf8_validate(s, n, NULL));
		} else {
			size_t got = 0;
			assert_false(utf8_validate(s, n, &got));
			assert_int_equal(got, bad);
		}
	}
}

static void test_sha256_hw_and_portable(void **state)
{
	static unsigned char buf[70000];
	uint8_t a[32], b[32];
	char hex[65];
	size_t i, n;
	struct sha256 c;
	(void)state;
	for (i = 0; i < sizeof(buf); i++)
		buf[i] = (unsigned char)rng();
	for (n = 0; n < sizeof(buf); n += 1 + n / 3) {
		sha256_use_hw(0);
		sha256_buf(buf, n, a);
		sha256_use_hw(1);
		sha256_buf(buf, n, b);
		assert_memory_equal(a, b, 32);
	}
	/* fed in uneven pieces */
	sha256_init(&c);
	for (i = 0; i < sizeof(buf);) {
		size_t take = 1 + rng() % 300;
		if (take > sizeof(buf) - i)
			take = sizeof(buf) - i;
		sha256_update(&c, buf + i, take);
		i += take;
	}
	sha256_final(&c, b);
	sha256_buf(buf, sizeof(buf), a);
	assert_memory_equal(a, b, 32);
	/* FIPS 180-2 appendix B.3: a million 'a' */
	memset(buf, 'a', sizeof(buf));
	for (i = 0; i < 2; i++) {
		size_t left = 1000000;
		sha256_use_hw((int)i);
		sha256_init(&c);
		while (left) {
			size_t take = left < sizeof(buf) ? left : sizeof(buf);
			sha256_update(&c, buf, take);
			left -= take;
		}
		sha256_final(&c, a);
		sha256_hex(a, 32, hex);
		assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	}
	sha256_use_hw(1);
}

static const char paper[] =
	"Harbour Review, Vol. 2 (2001) 1-20<br />\n<br />\n"
	"The council of the lagoon met in 1991 and agreed on a<br />\n"
	"charter for the ports, which it renewed in 1994.<br />\n";

/* doc_parse_buf() gives what doc_parse() gives, takes the buffer, trusts the hash. */
static void test_parse_buf(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct doc *a = NULL, *b = NULL;
	uint8_t fake[32];
	size_t i;
	(void)state;
	assert_int_equal(doc_parse("p.txt", paper, strlen(paper), NULL, &a, NULL), DOC_OK);
	strbuf_addstr(&sb, paper);
	assert_int_equal(doc_parse_buf("p.txt", &sb, NULL, NULL, &b, NULL), DOC_OK);
	assert_int_equal(sb.len, 0);
	assert_int_equal(a->format, b->format);
	assert_int_equal(a->text.text.len, b->text.text.len);
	assert_memory_equal(a->text.text.buf, b->text.text.buf, a->text.text.len);
	assert_memory_equal(a->hash, b->hash, 32);
	assert_int_equal(a->nr_blocks, b->nr_blocks);
	for (i = 0; i < a->nr_blocks; i++)
		assert_memory_equal(&a->blocks[i], &b->blocks[i], sizeof(a->blocks[i]));
	doc_free(b);
	/* the caller's hash is taken as given */
	memset(fake, 0xab, sizeof(fake));
	strbuf_addstr(&sb, paper);
	assert_int_equal(doc_parse_buf("p.txt", &sb, fake, NULL, &b, NULL), DOC_OK);
	assert_memory_equal(b->hash, fake, 32);
	doc_free(b);
	/* a failure leaves the buffer empty too */
	strbuf_add(&sb, "a\0b", 3);
	assert_int_equal(doc_parse_buf("z.txt", &sb, NULL, NULL, &b, NULL), DOC_ERR_BINARY);
	assert_null(b);
	assert_int_equal(sb.len, 0);
	strbuf_release(&sb);
	doc_free(a);
}

/* doc_read() sizes its buffer from the file: a file of exactly the limit is read whole. */
static void test_read_at_limit(void **state)
{
	char path[64];
	struct strbuf sb = STRBUF_INIT;
	struct doc_limits lim;
	struct doc_error err;
	FILE *fp;
	size_t i;
	(void)state;
	snprintf(path, sizeof(path), "/tmp/provcheck-scale-%ld.txt", (long)getpid());
	fp = fopen(path, "w");
	assert_non_null(fp);
	for (i = 0; i < 200000; i++)
		fputc('a' + (int)(i % 26), fp);
	fclose(fp);
	doc_limits_default(&lim);
	lim.max_file_size = 200000;
	assert_int_equal(doc_read(path, &lim, &sb, &err), DOC_OK);
	assert_int_equal(sb.len, 200000);
	assert_int_equal(sb.buf[199999], 'a' + (int)(199999 % 26));
	assert_int_equal(sb.buf[200000], '\0');
	strbuf_release(&sb);
	lim.max_file_size = 199999;
	assert_int_equal(doc_read(path, &lim, &sb, &err), DOC_ERR_TOO_BIG);
	assert_int_equal(sb.len, 0);
	strbuf_release(&sb);
	unlink(path);
}

/* A word of letters for i ("a", "b", ... "ba"): keeps lines from repeating. */
static void letters(struct strbuf *sb, size_t i)
{
	do {
		strbuf_addch(sb, 'a' + (int)(i % 26));
		i /= 26;
	} while (i);
}

static struct doc *parse_sb(const char *name, struct strbuf *sb)
{
	struct doc *d = NULL;
	struct doc_error err;
	memset(&err, 0, sizeof(err));
	assert_int_equal(doc_parse(name, sb->buf, sb->len, NULL, &d, &err), DOC_OK);
	return d;
}

/*
 * Running headers and page numbers across thousands of pages separated
 * by long runs of blank lines (the neighbour tables, the header map and
 * the note numbering carried from page to page).
 */
static void test_many_pages(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct doc *d;
	size_t i, k, pages = 0, headers = 0, notes = 0;
	(void)state;
	strbuf_addstr(&sb, "A Long Report on the Harbours of the Lagoon\n\n");
	for (i = 0; i < 2000; i++) {
		strbuf_addf(&sb, "Harbour Review of Coastal Studies, Vol. 9 (2019) %zu\n", 100 + i);
		for (k = 0; k < 40; k++)
			strbuf_addch(&sb, '\n');
		strbuf_addf(&sb, "The ports of the lagoon sent their reports in\n"
			    "the winter of that year, and the council read\n"
			    "them all before the tides of spring came in%zu.\n\n", i + 1);
		strbuf_addf(&sb, "_______\n%zu\nCouncil minutes of the session ", i + 1);
		letters(&sb, i);
		strbuf_addf(&sb, ", which met in the spring.\n\n%zu\n\n", 100 + i);
	}
	d = parse_sb("pages.txt", &sb);
	for (i = 0; i < d->nr_furniture; i++) {
		pages += d->furniture[i].kind == FURN_PAGE_NUMBER;
		headers += d->furniture[i].kind == FURN_RUNNING_HEADER;
	}
	for (i = 0; i < d->nr_blocks; i++)
		notes += d->blocks[i].kind == BLOCK_NOTES;
	assert_int_equal(headers, 2000);
	assert_int_equal(pages, 2000);
	assert_int_equal(notes, 2000);
	assert_true(d->nr_pages >= 2000);
	assert_null(strstr(d->text.text.buf, "Harbour Review"));
	doc_free(d);
	strbuf_release(&sb);
}

/*
 * Running headers cut out of sentences in a long one-paragraph-per-line
 * document full of other numbers after repeated words (the word groups
 * of find_inline_headers), and every hyphenated line break checked
 * against the word index.
 */
static void test_inline_headers_long(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct doc *d;
	size_t i, cut = 0;
	(void)state;
	strbuf_addstr(&sb, "Salt and silt: how a lagoon council keeps its harbours open\n\n");
	for (i = 0; i < 3000; i++) {
		/* 3000 numbers after the same words, none rising: no phrase among them */
		strbuf_addstr(&sb, "The survey ");
		letters(&sb, i);
		strbuf_addf(&sb, " of the river found the quay %zu metres long, ", 9000 - i);
		if (i % 10 == 5) {
			/* the title and the page number, every tenth paragraph */
			strbuf_addstr(&sb, "which board ");
			letters(&sb, i * 7);
			strbuf_addf(&sb, " Salt and silt: how a lagoon council keeps its "
				    "harbours open %zu noted ", 10 + i / 10);
		}
		strbuf_addf(&sb, "as the report says [%zu].\n\n", 1 + i % 9);
	}
	d = parse_sb("long.txt", &sb);
	for (i = 0; i < d->nr_furniture; i++)
		if (d->furniture[i].kind == FURN_RUNNING_HEADER)
			cut++;
	assert_int_equal(cut, 300);
	assert_null(strstr(d->text.text.buf, "harbours open 1"));
	assert_non_null(strstr(d->text.text.buf, "quay 8995 metres long, which board jb noted as"));
	assert_non_null(strstr(d->text.text.buf, "quay 9000 metres long, as the report"));
	doc_free(d);
	strbuf_release(&sb);
}

static void test_dehyphenation_long(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct doc *d;
	size_t i, dropped = 0, kept = 0;
	(void)state;
	/* wrapped lines; "inter-national" once, "international" elsewhere, "well-known" kept */
	for (i = 0; i < 3000; i++)
		strbuf_addf(&sb, "Paragraph %zu tells how the inter-\n"
			    "national council and the well-\n"
			    "known harbour board of the coast met\n"
			    "again in the spring of that year to\n"
			    "discuss the international charter.\n\n", i);
	d = parse_sb("hyph.txt", &sb);
	for (i = 0; i < d->nr_joins; i++) {
		dropped += d->joins[i].hyphen == 1;
		kept += d->joins[i].hyphen == 2;
	}
	assert_int_equal(dropped, 3000);
	assert_int_equal(kept, 3000);
	assert_non_null(strstr(d->text.text.buf, "the international council and the well-known harbour"));
	doc_free(d);
	strbuf_release(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strmap),
		cmocka_unit_test(test_wordidx_cases),
		cmocka_unit_test(test_wordidx_matches_scan),
		cmocka_unit_test(test_wordset),
		cmocka_unit_test(test_mem_line_end),
		cmocka_unit_test(test_utf8_fast_paths),
		cmocka_unit_test(test_sha256_hw_and_portable),
		cmocka_unit_test(test_parse_buf),
		cmocka_unit_test(test_read_at_limit),
		cmocka_unit_test(test_many_pages),
		cmocka_unit_test(test_inline_headers_long),
		cmocka_unit_test(test_dehyphenation_long),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
