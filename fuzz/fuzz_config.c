/*
 * fuzz_config.c - libFuzzer target: any bytes as provcheck.conf and as
 * aliases.conf, then the aliases applied to the same bytes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config c;
	struct aliases *a;
	struct strbuf err = STRBUF_INIT, out = STRBUF_INIT;
	const char *s = (const char *)data;

	config_init(&c);
	if (config_parse(&c, "fuzz.conf", s, size, &err) == CONFIG_OK) {
		if (!c.db || !c.format || !c.fail_on || !c.aliases_path || c.links_max_total < 1)
			abort();
	} else if (!err.len) {
		abort();
	}
	config_release(&c);
	strbuf_reset(&err);

	a = aliases_new();
	if (aliases_parse(a, "fuzz-aliases.conf", s, size, &err) != CONFIG_OK && !err.len)
		abort();
	aliases_canon_section(a, ALIASES_ALL, s, size, &out);
	aliases_free(a);
	strbuf_release(&err);
	strbuf_release(&out);
	return 0;
}
