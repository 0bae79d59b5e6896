#!/bin/sh
# End-to-end: the caps of the links stage, hit through the CLI against the
# loopback test server (tests/tools/httpd-serve): [links] max_redirects (a
# finding at the file, line and column of the link, naming the cap) and
# max_body (a body without end is read up to the cap, and the link judged:
# without the cap the check would run into its timeout instead).
set -u
# P, T, check(), fail, and the loopback server at $B (stopped on exit)
. tests/e2e/serve.inc

cat >"$T/provcheck.conf" <<CONF
[links]
allow_private = true
archive_endpoint =
host_interval = 0
retries = 0
ttl = 0
max_redirects = 2
max_body = 16K
timeout = 20s
CONF
: >"$T/aliases.conf"     # a configuration file finds its aliases next to it
C="--config $T/provcheck.conf"

cat >"$T/corpus/caps.txt" <<DOC
Three hops: $B/redirect/3 lead to the page.
Two hops: $B/redirect/2 lead to it too.
A stream without end: $B/endless is served below.
DOC

$P links --db "$T/db" $C "$T/corpus" >"$T/out" 2>"$T/err"
rc=$?
check "links exits 0 (a first failure is a warning)" [ $rc -eq 0 ]
check "nothing on stderr" [ ! -s "$T/err" ]
check "max_redirects: the link named at its place, the cap named" \
	grep -qx "$T/corpus/caps.txt:1:13: warning: link failing (1 of the checks needed to call it dead): more than 2 redirects; see max_redirects" "$T/out"
check "two redirects are within the cap" sh -c "! grep -q 'redirect/2' '$T/out'"
check "summary" grep -qx '3 urls: 2 ok, 1 broken' "$T/out"

$P links --db "$T/db2" $C --format json "$T/corpus" >"$T/out" 2>"$T/err"
check "max_body: the endless body read up to the cap, the link ok" \
	grep -q "\"url\": \"$B/endless\", \"kind\": \"web\", \"verdict\": \"ok\"" "$T/out"
check "max_redirects in json" grep -q "\"url\": \"$B/redirect/3\", \"kind\": \"web\", \"verdict\": \"broken\"" "$T/out"

# check stores the same finding for the report
$P check --db "$T/db3" $C --format json -o "$T/rep.json" "$T/corpus" 2>"$T/err"
check "check: the redirect cap in the report" grep -q 'more than 2 redirects; see max_redirects' "$T/rep.json"

[ $fail -eq 0 ] || { cat "$T/err" "$T/out" 2>/dev/null | head -40; exit 1; }
echo ok
