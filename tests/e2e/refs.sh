#!/bin/sh
# End-to-end: 'provcheck refs' on the refs fixtures, JSON and text, exit
# codes, and 'refs --entries'.
set -u
P="${PROVCHECK_WRAP:-} ${PROVCHECK_BIN:-./provcheck}"
F=tests/fixtures/refs
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
check() {	# check DESCRIPTION COMMAND...: the command must succeed
	desc=$1; shift
	if ! "$@"; then echo "FAIL: $desc"; fail=1; fi
}

# a missing reference list: one error, exit 1
$P refs --format json $F/nolist.txt >"$T/out" 2>&1
check "nolist exits 1" [ $? -eq 1 ]
check "nolist: one missing-reference-list" [ "$(grep -c '"kind":"missing-reference-list"' "$T/out")" -eq 1 ]
check "nolist: error severity" grep -q '"severity":"error","line":3,"column":54' "$T/out"
check "nolist: callout text as in the source" grep -q '"text":"\[c.f. 2; p.11\]","scheme":"bracket","targets":\[2\]' "$T/out"
check "nolist: locators" grep -q '"locators":\["p.11"\]' "$T/out"

# footnotes: markers linked to bodies, split note joined
$P refs --format json $F/footnotes.txt >"$T/out" 2>&1
check "footnotes exits 0" [ $? -eq 0 ]
check "footnotes: five footnote callouts" [ "$(grep -c '"scheme":"footnote"' "$T/out")" -eq 5 ]
check "footnotes: marker 1 as in the source" grep -q '"line":9,"column":32,"text":"1","scheme":"footnote","targets":\[1\]' "$T/out"
check "footnotes: split note joined" grep -q 'in The Coastal Lighthouse Yearbook, Nordic Sea Institute, Bergen, 1930. 40-52."' "$T/out"
check "footnotes: discursive note" grep -q '"number":4,.*"kind":"discursive"' "$T/out"
check "footnotes: same source" grep -q '"kind":"duplicate-source","severity":"info"' "$T/out"
check "footnotes: no identifier taken" sh -c "! grep -q '\"targets\":\[186\]\|\"targets\":\[90\]' '$T/out'"

# an uncited list: a warning, exit 0 by default, 1 with --fail-on warning
$P refs $F/uncited.txt >"$T/out" 2>&1
check "uncited exits 0" [ $? -eq 0 ]
check "uncited: text finding" grep -q "uncited.txt:11:1: warning: none of the 3 entries of this reference list is cited in the text \[uncited-list\]" "$T/out"
$P refs --fail-on warning $F/uncited.txt >/dev/null 2>&1
check "uncited --fail-on warning exits 1" [ $? -eq 1 ]

# several documents in one JSON array; a bad path is reported and exits 2
$P refs --format json $F/bracket.txt $F/endnotes.txt >"$T/out" 2>&1
check "two documents" [ "$(grep -c '"document":' "$T/out")" -eq 2 ]
check "endnote callout" grep -q '"text":"(1)","scheme":"note","targets":\[1\]' "$T/out"
check "4a,b labels" grep -q '"targets":\[4,4\],"labels":\["4a","4b"\]' "$T/out"
$P refs $F/nope.txt >"$T/out" 2>&1
check "missing file exits 2" [ $? -eq 2 ]
check "missing file message" grep -q "provcheck: cannot read '$F/nope.txt'" "$T/out"

# a reference list cut by a page break (running header, page number)
# between entries 7 and 8 goes on past it; an unrelated paragraph ends it
$P refs --format json $F/page-break.txt >"$T/out" 2>&1
check "page-break exits 0" [ $? -eq 0 ]
check "page-break: ten entries in one list" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))[0]
assert len(d["lists"]) == 1 and d["lists"][0]["entries"] == 10, d["lists"]
e = d["entries"]
assert [x["number"] for x in e] == list(range(1, 11)), e
assert e[7]["line"] == 42 and e[7]["text"].startswith("Zoe Pell"), e[7]
assert all(x["cited"] for x in e) and not d["findings"], d["findings"]
assert all(-1 not in c["entries"] for c in d["callouts"])
' "$T/out"
$P refs --format json $F/page-break-cut.txt >"$T/out" 2>&1
check "page-break-cut exits 0" [ $? -eq 0 ]
check "page-break-cut: entry 7 joined over the page" grep -q '"number":7,.*"pieces":2,.*"text":"Yan Berk, \\"Routes from Rolls\\", Map History, vol. 5, 2019."' "$T/out"
$P refs $F/page-break-end.txt >"$T/out" 2>&1
check "page-break-end exits 1" [ $? -eq 1 ]
check "page-break-end: the list ends at 7" grep -q "page-break-end.txt: 8 callouts, 7 entries in 1 lists" "$T/out"
check "page-break-end: 8 points beyond it" grep -q "page-break-end.txt:15:54: error: callout 8 points beyond the reference list, which ends at 7" "$T/out"
check "page-break-end: the paragraph is no entry" sh -c '! grep -q "grateful" "$1"' - "$T/out"

# op. cit.: the surname and the short title pick the note repeated; two
# works by the same author and no title is a warning, not a guess
$P refs --format json $F/opcit.txt >"$T/out" 2>&1
check "opcit exits 0" [ $? -eq 0 ]
check "opcit: repeats" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))[0]
assert [e["repeats"] for e in d["entries"]] == [-1, -1, -1, -1, 0, 1, 2, 2, 1], d["entries"]
f = [x for x in d["findings"] if x["kind"] == "ambiguous-op-cit"]
assert len(f) == 1 and f[0]["severity"] == "warning" and f[0]["line"] == 14, f
' "$T/out"
$P refs --fail-on warning $F/opcit.txt >"$T/out" 2>&1
check "opcit: --fail-on warning exits 1" [ $? -eq 1 ]
check "opcit: the warning" grep -q "opcit.txt:14:1: warning: note 4: 'Nguyen, op. cit.' may repeat note 1 or note 3, two different works by Nguyen; give the short title \[ambiguous-op-cit\]" "$T/out"

# --entries: one JSON object per line
printf '%s\n' \
	'1. CPV: Documents of the Congress, Office of the Board, Hanoi, 2016.' \
	'' \
	'M. Ito and H. Ono. Hashing in a machine. New Computing, 4(2):101-120, June 1983.' >"$T/bib.txt"
$P refs --entries "$T/bib.txt" >"$T/out" 2>&1
check "--entries exits 0" [ $? -eq 0 ]
check "--entries: two lines" [ "$(wc -l <"$T/out")" -eq 2 ]
check "--entries: fields" grep -q '"fields":{"authors":\["CPV"\],"title":"Documents of the Congress","publisher":"Office of the Board","place":"Hanoi","date":"2016"}' "$T/out"
check "--entries: journal" grep -q '"container":"New Computing","date":"1983-06","volume":"4","issue":"2","pages":"101-120"' "$T/out"
exit $fail
