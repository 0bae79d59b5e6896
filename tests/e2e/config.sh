#!/bin/sh
# End-to-end: --config and PROVCHECK_CONFIG reach config_load; a bad file
# stops the run with exit 2 and FILE:LINE; a good one changes behaviour.
bin=${PROVCHECK_BIN:-./provcheck}
run() { $PROVCHECK_WRAP "$bin" "$@"; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail() { echo "config.sh: $*" >&2; exit 1; }
unset PROVCHECK_CONFIG
# the store goes to the temporary directory, never the working tree
db="$tmp/store.db"

printf 'Vietnam and the United States signed a memorandum in 2011.\n' >"$tmp/doc.txt"

# unknown key, with its file and line
printf '[core]\nformat = text\n[links]\nfoo = 1\n' >"$tmp/bad.conf"
run scan --db "$db" --config "$tmp/bad.conf" "$tmp/doc.txt" >"$tmp/out" 2>"$tmp/err"
[ $? -eq 2 ] || fail "bad config: expected exit 2"
grep -qxF "provcheck: $tmp/bad.conf:4: unknown key 'foo' in [links]" "$tmp/err" ||
	fail "bad config: message: $(cat "$tmp/err")"

# a bad value through the environment
printf '[links]\n\nmax_total = abc\n' >"$tmp/badval.conf"
PROVCHECK_CONFIG="$tmp/badval.conf" run scan --db "$db" "$tmp/doc.txt" >"$tmp/out" 2>"$tmp/err"
[ $? -eq 2 ] || fail "bad value via PROVCHECK_CONFIG: expected exit 2"
grep -qxF "provcheck: $tmp/badval.conf:3: bad value 'abc' for max_total: expected a whole number" "$tmp/err" ||
	fail "bad value: message: $(cat "$tmp/err")"

# a missing file
run scan --db "$db" --config "$tmp/none.conf" "$tmp/doc.txt" >"$tmp/out" 2>"$tmp/err"
[ $? -eq 2 ] || fail "missing config: expected exit 2"
grep -qxF "provcheck: cannot read '$tmp/none.conf': no such file" "$tmp/err" ||
	fail "missing config: message: $(cat "$tmp/err")"

# a valid file changes behaviour: [core] format = json makes scan print JSON,
# [core] db chooses the store; --format on the command line still wins
printf '[core]\nformat = json   # machine-readable\ndb = "%s"\n' "$tmp/cfg.db" >"$tmp/good.conf"
run scan --config "$tmp/good.conf" "$tmp/doc.txt" >"$tmp/out" 2>"$tmp/err" ||
	fail "format = json: $(cat "$tmp/err")"
grep -q '^{"run":.*"command":"scan"' "$tmp/out" || fail "format = json: not JSON: $(cat "$tmp/out")"
[ -f "$tmp/cfg.db" ] || fail "[core] db was not used"
run scan --config "$tmp/good.conf" --format text "$tmp/doc.txt" >"$tmp/out" 2>"$tmp/err" ||
	fail "--format text: $(cat "$tmp/err")"
grep -q '^{' "$tmp/out" && fail "--format text should override the file"

# --config wins over PROVCHECK_CONFIG
PROVCHECK_CONFIG="$tmp/bad.conf" run scan --config "$tmp/good.conf" "$tmp/doc.txt" >"$tmp/out" 2>"$tmp/err" ||
	fail "--config should override PROVCHECK_CONFIG: $(cat "$tmp/err")"

# a valid file changes behaviour: a small max_file_size refuses the document
run scan --db "$db" "$tmp/doc.txt" >"$tmp/out" 2>"$tmp/err" || fail "defaults: scan failed: $(cat "$tmp/err")"
printf '[limits]\nmax_file_size = 16   # bytes\n' >"$tmp/small.conf"
run scan --db "$db" --config "$tmp/small.conf" "$tmp/doc.txt" >"$tmp/out" 2>"$tmp/err"
[ $? -eq 2 ] || fail "max_file_size = 16: expected exit 2"
grep -q "file too large" "$tmp/err" || fail "max_file_size: message: $(cat "$tmp/err")"

# [core] fail_on is accepted and --fail-on still takes precedence
printf '[core]\nfail_on = warning\nformat = json\n' >"$tmp/fo.conf"
run scan --db "$db" --config "$tmp/fo.conf" --fail-on never "$tmp/doc.txt" >"$tmp/out" 2>"$tmp/err" ||
	fail "fail_on: $(cat "$tmp/err")"

# the shipped configuration loads cleanly
run scan --db "$db" --config config/provcheck.conf "$tmp/doc.txt" >"$tmp/out" 2>"$tmp/err" ||
	fail "config/provcheck.conf: $(cat "$tmp/err")"
[ -s "$tmp/err" ] && fail "config/provcheck.conf: unexpected messages: $(cat "$tmp/err")"

# aliases: the default name need not exist beside a configuration; a named file must
printf '[core]\nformat = text\n' >"$tmp/noalias.conf"
run claims --config "$tmp/noalias.conf" --fail-on never "$tmp/doc.txt" >"$tmp/out" 2>"$tmp/err" ||
	fail "config without aliases file: $(cat "$tmp/err")"
printf '[claims]\naliases = nope.conf\n' >"$tmp/badalias.conf"
run claims --config "$tmp/badalias.conf" "$tmp/doc.txt" >"$tmp/out" 2>"$tmp/err"
[ $? -eq 2 ] || fail "missing named aliases file: expected exit 2"
grep -qF "cannot read '$tmp/nope.conf': no such file" "$tmp/err" || fail "aliases: message: $(cat "$tmp/err")"
exit 0
