#!/bin/sh
# End-to-end: the HTML report of the demo corpus in a real headless
# browser (Debian's chromium; skipped with a notice when absent): it
# opens, the sections are in the DOM, and a screenshot is written to
# build/screenshots/ (wide and narrow) for a person to look at.
set -u
# under make valgrind, PROVCHECK_WRAP runs provcheck through valgrind
bin="${PROVCHECK_WRAP:+$PROVCHECK_WRAP }${PROVCHECK_BIN:-./provcheck}"
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
	echo "report_browser.sh: skipped: chromium is not installed (apt-get install chromium)"
	exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "report_browser.sh: $*" >&2; exit 1; }
shots=build/screenshots
mkdir -p "$shots"

$bin report --demo --format html -o "$tmp/report.html" --fail-on never || fail "render failed"
$bin report --demo --linkrot --format html -o "$tmp/linkrot.html" --fail-on never || fail "render failed"

run() {
	# no network, no profile, no background services: a plain page load
	timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$tmp/profile" "$@" 2>>"$tmp/browser.log"
}

run --dump-dom "file://$tmp/report.html" >"$tmp/dom.html" || fail "dump-dom failed"
for want in 'id="overview"' 'id="doc-1"' 'id="fixed"' 'class="stack data data-references"' \
	'class="stack data data-claims"' 'class="side"' '&lt;script&gt;alert("pwn")&lt;/script&gt;'; do
	grep -qF "$want" "$tmp/dom.html" || fail "dom lacks $want"
done
# the document's <script> must not have become an element
grep -q '<script' "$tmp/dom.html" && fail "a script element in the DOM"

run --dump-dom "file://$tmp/linkrot.html" >"$tmp/lrdom.html" || fail "dump-dom (link rot) failed"
grep -q '<svg' "$tmp/lrdom.html" || fail "no svg chart in the link-rot DOM"
grep -q '<circle' "$tmp/lrdom.html" || fail "no points in the chart"

rm -f "$shots/report.png" "$shots/report-narrow.png" "$shots/linkrot.png"
run --screenshot="$shots/report.png" --window-size=1280,2000 "file://$tmp/report.html" >/dev/null
run --screenshot="$shots/report-narrow.png" --window-size=390,1600 "file://$tmp/report.html" >/dev/null
run --screenshot="$shots/linkrot.png" --window-size=1280,1400 "file://$tmp/linkrot.html" >/dev/null
for s in report report-narrow linkrot; do
	[ -s "$shots/$s.png" ] || fail "no screenshot $s.png"
	# a PNG, and not a blank page (a blank 1280x2000 PNG is a few KB)
	head -c 8 "$shots/$s.png" | od -An -c | grep -q 'P   N   G' || fail "$s.png is not a png"
	[ "$(wc -c <"$shots/$s.png")" -gt 20000 ] || fail "$s.png looks blank"
done
echo "report_browser.sh: screenshots in $shots/"
exit 0
