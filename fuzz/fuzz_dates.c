/*
 * fuzz_dates.c - libFuzzer target: dates_scan() and figures_scan() on
 * arbitrary bytes (with and without an anchor), and the anchor finder.
 *
 *   clang -fsanitize=fuzzer,address,undefined -Ichecker fuzz/fuzz_dates.c \
 *         checker/dates.c checker/figures.c checker/tok.c checker/utf8.c checker/util.c -lm
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "dates.h"
#include "figures.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct date_list dl;
	struct figure_list fl;
	struct date_anchor anc;
	struct date_value v;
	size_t i;

	memset(&anc, 0, sizeof(anc));
	anc.v.year = 1999;
	anc.v.month = 2;
	anc.v.day = 28;
	anc.v.prec = DATE_PREC_DAY;
	date_list_init(&dl);
	figure_list_init(&fl);
	dates_scan(s, size, size & 1 ? &anc : NULL, &dl);
	for (i = 0; i < dl.nr; i++)
		if (dl.v[i].start > dl.v[i].end || dl.v[i].end > size)
			__builtin_trap();
	figures_scan(s, size, &dl, &fl);
	for (i = 0; i < fl.nr; i++)
		if (fl.v[i].start > fl.v[i].end || fl.v[i].end > size)
			__builtin_trap();
	dates_find_anchor(s, size, &v, NULL);
	date_parse_iso(s, size, &v);
	figure_list_release(&fl);
	date_list_release(&dl);
	return 0;
}
