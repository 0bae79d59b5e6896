#!/bin/sh
# End-to-end: every [limits] cap, when hit, is a warning or an error that
# names the file, the other files are still processed, and nothing stored
# is lost: max_documents, max_run_time (in scan, check and links),
# max_file_size, max_line_len, max_links (per document, in HTML, Markdown
# and plain text), max_claims (per corpus in check and claims, per
# document in scan).
bin=${PROVCHECK_BIN:-./provcheck}
run() { $PROVCHECK_WRAP "$bin" "$@"; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail() { echo "limits.sh: $*" >&2; exit 1; }
unset PROVCHECK_CONFIG
# check looks for aliases.conf beside its configuration file
: >"$tmp/aliases.conf"
db="$tmp/store.db"
mkdir "$tmp/docs"
printf 'The first report was published in 2019.\n' >"$tmp/docs/a.txt"
printf 'The second report counted 41 sites.\n' >"$tmp/docs/b.txt"
printf 'The third report was withdrawn.\n' >"$tmp/docs/c.txt"

# max_documents: two read, the third named, the run not clean
printf '[limits]\nmax_documents = 2\n' >"$tmp/two.conf"
run scan --db "$db" --config "$tmp/two.conf" --format json "$tmp/docs" >"$tmp/out" 2>"$tmp/err"
[ $? -eq 2 ] || fail "max_documents: expected exit 2"
grep -qF "provcheck: warning: stopped before '$tmp/docs/c.txt': 2 documents read, the limit (max_documents); 1 not read" "$tmp/err" ||
	fail "max_documents: message: $(cat "$tmp/err")"
grep -q '"status":"interrupted"' "$tmp/out" || fail "max_documents: run status: $(cat "$tmp/out")"
grep -q '"stored":2,' "$tmp/out" || fail "max_documents: stored: $(cat "$tmp/out")"
# the next run picks up: two unchanged, one new
run scan --db "$db" --format json "$tmp/docs" >"$tmp/out" 2>"$tmp/err" || fail "resume: $(cat "$tmp/err")"
grep -q '"stored":1,"unchanged":2' "$tmp/out" || fail "resume: $(cat "$tmp/out")"

# max_documents in check: a report of what was read, exit 2
run check --db "$db" --config "$tmp/two.conf" --offline --format json -o "$tmp/rep.json" "$tmp/docs" 2>"$tmp/err"
[ $? -eq 2 ] || fail "check max_documents: expected exit 2"
grep -qF "stopped before '$tmp/docs/c.txt'" "$tmp/err" || fail "check max_documents: $(cat "$tmp/err")"
[ -s "$tmp/rep.json" ] || fail "check max_documents: no report"
grep -q 'c.txt' "$tmp/rep.json" && fail "check max_documents: c.txt in the report"

# max_documents in refs: two documents read, the third named, exit 2
run refs --config "$tmp/two.conf" --format json "$tmp/docs" >"$tmp/out" 2>"$tmp/err"
[ $? -eq 2 ] || fail "refs max_documents: expected exit 2"
grep -qF "provcheck: warning: stopped before '$tmp/docs/c.txt': 2 documents read, the limit (max_documents); 1 not read" "$tmp/err" ||
	fail "refs max_documents: message: $(cat "$tmp/err")"
grep -q 'c.txt' "$tmp/out" && fail "refs max_documents: c.txt was read"
# refs --format json stays valid JSON when the first file cannot be read
printf 'PK\003\004\000\000binary\000' >"$tmp/bin.txt"
run refs --format json "$tmp/bin.txt" "$tmp/docs/a.txt" >"$tmp/out" 2>"$tmp/err"
[ $? -eq 2 ] || fail "refs missing first file: expected exit 2"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d) == 1' "$tmp/out" ||
	fail "refs missing first file: not a JSON array of one: $(cat "$tmp/out")"

# max_documents in links: the third document is not loaded, its link not listed
mkdir "$tmp/ldocs"
printf 'See https://first.example/a for the first.\n' >"$tmp/ldocs/a.txt"
printf 'See https://second.example/b for the second.\n' >"$tmp/ldocs/b.txt"
printf 'See https://third.example/c for the third.\n' >"$tmp/ldocs/c.txt"
run links --db "$tmp/links.db" --config "$tmp/two.conf" --offline --format json "$tmp/ldocs" >"$tmp/out" 2>"$tmp/err"
[ $? -eq 2 ] || fail "links max_documents: expected exit 2: $(cat "$tmp/err")"
grep -qF "provcheck: warning: stopped before '$tmp/ldocs/c.txt': 2 documents read, the limit (max_documents); 1 not read" "$tmp/err" ||
	fail "links max_documents: message: $(cat "$tmp/err")"
grep -q 'second.example' "$tmp/out" || fail "links max_documents: b.txt's link missing: $(cat "$tmp/out")"
grep -q 'third.example' "$tmp/out" && fail "links max_documents: c.txt was read: $(cat "$tmp/out")"
[ "$(sqlite3 "$tmp/links.db" "SELECT status FROM runs ORDER BY id DESC LIMIT 1")" = interrupted ] ||
	fail "links max_documents: the run was not closed as interrupted"
[ "$(sqlite3 "$tmp/links.db" "SELECT count(*) FROM documents")" -eq 2 ] ||
	fail "links max_documents: c.txt was stored"
# without paths (the store's documents) the same cap holds
run links --db "$tmp/links.db" --config "$tmp/two.conf" --offline >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 0 ] || fail "links max_documents, the store's two documents: exit $rc: $(cat "$tmp/err")"

# max_run_time: a named pipe holds the run past one second, then the next
# file is named. The writer's redirection opens the pipe, which waits for
# scan to open it: the two seconds start once the run has started, however
# slow the start (valgrind).
printf '[limits]\nmax_run_time = 1s\n' >"$tmp/1s.conf"
mkfifo "$tmp/pipe" || fail "mkfifo"
{ sleep 2; printf 'From a pipe.\n'; } >"$tmp/pipe" &
run scan --db "$db" --config "$tmp/1s.conf" "$tmp/pipe" "$tmp/docs/a.txt" >"$tmp/out" 2>"$tmp/err"
rc=$?
wait
[ $rc -eq 2 ] || fail "max_run_time: expected exit 2, got $rc: $(cat "$tmp/err")"
grep -qF "provcheck: warning: stopped before '$tmp/docs/a.txt': the run took 1s, the limit (max_run_time); 1 documents not read" "$tmp/err" ||
	fail "max_run_time: message: $(cat "$tmp/err")"
grep -qF "$tmp/pipe: text" "$tmp/out" || fail "max_run_time: the pipe was not stored: $(cat "$tmp/out")"
# in check, links are then not checked (and no network is touched)
printf 'See https://example.invalid/x for more.\n' >"$tmp/url.txt"
{ sleep 2; printf 'From a pipe.\n'; } >"$tmp/pipe" &
run check --db "$db" --config "$tmp/1s.conf" -q -o "$tmp/rep.txt" "$tmp/url.txt" "$tmp/pipe" 2>"$tmp/err"
wait
grep -qF "provcheck: warning: the run took 1s, the limit (max_run_time): links are not checked" "$tmp/err" ||
	fail "max_run_time in check: $(cat "$tmp/err")"

# in links, max_run_time stops the loading too: the file after the pipe is named
{ sleep 2; printf 'See https://piped.example/p here.\n'; } >"$tmp/pipe" &
run links --db "$tmp/links.db" --config "$tmp/1s.conf" --offline "$tmp/pipe" "$tmp/ldocs/c.txt" >"$tmp/out" 2>"$tmp/err"
rc=$?
wait
[ $rc -eq 2 ] || fail "links max_run_time: expected exit 2, got $rc: $(cat "$tmp/err")"
grep -qF "provcheck: warning: stopped before '$tmp/ldocs/c.txt': the run took 1s, the limit (max_run_time); 1 documents not read" "$tmp/err" ||
	fail "links max_run_time: message: $(cat "$tmp/err")"
grep -q 'third.example' "$tmp/out" && fail "links max_run_time: c.txt was read: $(cat "$tmp/out")"

# max_claims: check and claims cap the corpus with one warning naming where
# it was reached; each document below states two claims
mkdir "$tmp/cdocs"
for i in 1 2 3 4; do
	printf 'Notes %s\n\nThe Tide Decree No. %s-ND/CP, dated May %s, 2015, set the rules for pilots. The Dredging Resolution No. 7%s, adopted on 3 June 2016, set the fees.\n' \
		"$i" "$i" "$i" "$i" >"$tmp/cdocs/d$i.txt"
done
printf '[limits]\nmax_claims = 3\n' >"$tmp/claims.conf"
run check --db "$tmp/claims.db" --config "$tmp/claims.conf" --offline --format json -o "$tmp/rep.json" "$tmp/cdocs" 2>"$tmp/err"
rc=$?
[ $rc -eq 0 ] || fail "check max_claims: exit $rc: $(cat "$tmp/err")"
[ "$(cat "$tmp/err")" = "provcheck: warning: claims cap (3) reached at '$tmp/cdocs/d2.txt'; claims of the 2 remaining documents were not read" ] ||
	fail "check max_claims: message: $(cat "$tmp/err")"
[ "$(sqlite3 "$tmp/claims.db" "SELECT count(*) FROM claims")" -eq 3 ] ||
	fail "check max_claims: $(sqlite3 "$tmp/claims.db" "SELECT count(*) FROM claims") claims stored"
# the cap reached exactly by a document: the next one is named, the first unread
printf '[limits]\nmax_claims = 2\n' >"$tmp/claims2.conf"
run check --db "$tmp/claims2.db" --config "$tmp/claims2.conf" --offline -q "$tmp/cdocs" 2>"$tmp/err"
grep -qxF "provcheck: warning: claims cap (2) reached at '$tmp/cdocs/d2.txt'; claims of the 3 remaining documents were not read" "$tmp/err" ||
	fail "check max_claims exactly: $(cat "$tmp/err")"
# without the cap, no warning and all eight claims
run check --db "$tmp/claims3.db" --offline -q "$tmp/cdocs" 2>"$tmp/err"
[ ! -s "$tmp/err" ] || fail "check without max_claims: $(cat "$tmp/err")"
[ "$(sqlite3 "$tmp/claims3.db" "SELECT count(*) FROM claims")" -eq 8 ] || fail "check without max_claims: claims"
run claims --config "$tmp/claims.conf" "$tmp/cdocs" >"$tmp/out" 2>"$tmp/err"
[ "$(cat "$tmp/err")" = "provcheck: warning: claims cap (3) reached at '$tmp/cdocs/d2.txt'; claims of the 2 remaining documents were not read" ] ||
	fail "claims max_claims: message: $(cat "$tmp/err")"
grep -q ', 3 claims;' "$tmp/out" || fail "claims max_claims: $(cat "$tmp/out")"
# claims honours max_documents as scan does: the claims of what was read, exit 2
run claims --config "$tmp/two.conf" "$tmp/cdocs" >"$tmp/out" 2>"$tmp/err"
[ $? -eq 2 ] || fail "claims max_documents: expected exit 2: $(cat "$tmp/err")"
grep -qxF "provcheck: warning: stopped before '$tmp/cdocs/d3.txt': 2 documents read, the limit (max_documents); 2 not read" "$tmp/err" ||
	fail "claims max_documents: message: $(cat "$tmp/err")"
grep -q '^2 documents, 4 claims;' "$tmp/out" || fail "claims max_documents: $(cat "$tmp/out")"
# scan holds one document's claims at a time: the cap is per document
printf '[limits]\nmax_claims = 1\n' >"$tmp/claims1.conf"
run scan --db "$tmp/claims4.db" --config "$tmp/claims1.conf" "$tmp/cdocs/d1.txt" "$tmp/cdocs/d2.txt" >"$tmp/out" 2>"$tmp/err"
[ "$(grep -c "claims cap (1) reached (max_claims); the rest were not read" "$tmp/err")" -eq 2 ] ||
	fail "scan max_claims: $(cat "$tmp/err")"
grep -qF "provcheck: warning: '$tmp/cdocs/d2.txt': claims cap (1)" "$tmp/err" || fail "scan max_claims: file not named"
[ "$(sqlite3 "$tmp/claims4.db" "SELECT count(*) FROM claims")" -eq 2 ] || fail "scan max_claims: claims stored"

# max_file_size and max_line_len: an error naming the file (and line); the others stored
printf '[limits]\nmax_line_len = 64\n' >"$tmp/line.conf"
{ printf 'short line\n'; printf '%0100d\n' 0; } >"$tmp/long.txt"
run scan --db "$db" --config "$tmp/line.conf" "$tmp/long.txt" "$tmp/docs/b.txt" >"$tmp/out" 2>"$tmp/err"
[ $? -eq 2 ] || fail "max_line_len: expected exit 2"
grep -qF "provcheck: cannot read '$tmp/long.txt'" "$tmp/err" || fail "max_line_len: $(cat "$tmp/err")"
grep -q "line 2" "$tmp/err" || fail "max_line_len: no line: $(cat "$tmp/err")"
grep -q "max_line_len" "$tmp/err" || fail "max_line_len: limit not named: $(cat "$tmp/err")"
grep -q "b.txt" "$tmp/out" || fail "max_line_len: the next file was not stored"
printf '[limits]\nmax_file_size = 39\n' >"$tmp/size.conf"
run scan --db "$db" --config "$tmp/size.conf" "$tmp/docs/a.txt" "$tmp/docs/c.txt" >"$tmp/out" 2>"$tmp/err"
[ $? -eq 2 ] || fail "max_file_size: expected exit 2"
grep -qF "provcheck: cannot read '$tmp/docs/a.txt': file too large" "$tmp/err" ||
	fail "max_file_size: $(cat "$tmp/err")"
grep -q "c.txt" "$tmp/out" || fail "max_file_size: the next file was not stored"

# max_links: HTML and Markdown over it are refused, naming it; plain text keeps the first
printf '[limits]\nmax_links = 2\n' >"$tmp/links.conf"
printf '<html><body><p><a href="http://a.example/">a</a> <a href="http://b.example/">b</a> <a href="http://c.example/">c</a></p></body></html>\n' >"$tmp/l.html"
printf '# Links\n\n[a](http://a.example/), [b](http://b.example/) and [c](http://c.example/).\n' >"$tmp/l.md"
printf 'See http://a.example/x, http://b.example/y and http://c.example/z.\n' >"$tmp/l.txt"
run scan --db "$db" --config "$tmp/links.conf" "$tmp/l.html" "$tmp/l.md" >"$tmp/out" 2>"$tmp/err"
[ $? -eq 2 ] || fail "max_links: expected exit 2"
grep -qF "'$tmp/l.html'" "$tmp/err" && grep -qF "'$tmp/l.md'" "$tmp/err" ||
	fail "max_links: files not named: $(cat "$tmp/err")"
[ "$(grep -c 'more than 2 links; see max_links' "$tmp/err")" -eq 2 ] ||
	fail "max_links: limit not named: $(cat "$tmp/err")"
run check --db "$db" --config "$tmp/links.conf" --offline --format json -o "$tmp/rep.json" "$tmp/l.txt" 2>"$tmp/err"
grep -qF "provcheck: warning: '$tmp/l.txt': more than 2 links; the rest are not checked (see max_links)" "$tmp/err" ||
	fail "max_links in text: $(cat "$tmp/err")"
grep -q 'c.example' "$tmp/rep.json" && fail "max_links in text: the third link was checked"
exit 0
