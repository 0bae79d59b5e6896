#!/bin/sh
# Throughput of the HTML decoder: 'provcheck scan --force' (parse and
# store, into a scratch store) of a generated news
# page of about 20 MB (paragraphs with entities, links, footnote callouts
# and an endnote list), best of three runs; peak memory when GNU time is
# there. Needs no data set.
#
#   sh bench/html_decode.sh [PARAGRAPHS]
cd "$(dirname "$0")/.." || exit 1
N=${1:-40000}
P=${PROVCHECK_BIN:-./provcheck}
[ -x "$P" ] || { echo "html_decode: build provcheck first (make)"; exit 0; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
awk -v n="$N" 'BEGIN {
	print "<!DOCTYPE html><html><head><title>Bench page</title>"
	print "<meta name=\"date\" content=\"2018-03-22\"></head><body>"
	print "<nav class=\"breadcrumb\"><a href=\"/\">Home</a> &gt; Bench</nav>"
	for (i = 1; i <= n; i++) {
		printf "<p class=\"body\">Paragraph %d: Vietnam&#8217;s &ldquo;defence diplomacy&rdquo; ", i
		printf "&amp; <b>regional</b> cooperation, see <a href=\"https://example.org/r?id=%d&amp;x=1\">", i
		printf "source %d</a>.<sup><a href=\"#fn%d\">%d</a></sup>\n", i, i, i
		printf "The second line of the paragraph   wraps here and keeps going for a while.</p>\n"
	}
	print "<section class=\"footnotes\"><ol>"
	for (i = 1; i <= n / 10; i++)
		printf "<li id=\"fn%d\">Author %d, &ldquo;Title&rdquo;, Journal (2016): %d.</li>\n", i, i, i
	print "</ol></section></body></html>"
}' >"$T/page.html"
bytes=$(wc -c <"$T/page.html")
best=""
for run in 1 2 3; do
	s=$(date +%s.%N)
	"$P" scan --force --quiet --db "$T/bench.db" "$T/page.html" >/dev/null
	e=$(date +%s.%N)
	t=$(echo "$e - $s" | bc)
	if [ -z "$best" ] || [ "$(echo "$t < $best" | bc)" = 1 ]; then best=$t; fi
done
echo "html_decode: $bytes bytes, best of 3: ${best}s, $(echo "scale=1; $bytes / $best / 1048576" | bc) MB/s"
if [ -x /usr/bin/time ]; then
	/usr/bin/time -f "html_decode: peak RSS %M KB" "$P" scan --force --quiet --db "$T/bench.db" \
		"$T/page.html" 2>&1 >/dev/null | tail -1
fi
