#!/bin/sh
# End to end: 'provcheck claims' and 'provcheck dates' on tests/fixtures/claims.
set -u
bin=${PROVCHECK_BIN:-./provcheck}
dir=tests/fixtures/claims
out=$(mktemp)
trap 'rm -f "$out"' EXIT
fail() { echo "claims.sh: $*"; cat "$out"; exit 1; }

$PROVCHECK_WRAP $bin claims --format json $dir >"$out"
[ $? -eq 1 ] || fail "a conflict should exit 1"
python3 - "$out" <<'PY' || fail "json"
import json, sys
g = {x["entity"]: x for x in json.load(open(sys.argv[1]))["groups"]}
s = g["Coastal Resilience Strategy Through 2025, Vision to 2035"]
assert s["status"] == "variant", s
assert len(s["aliases"]) == 2 and all(c["value"] == "2017-02" for c in s["claims"])
d = g["Decree No. 41-ND/CP"]
assert d["status"] == "conflict", d
assert sorted(c["value"] for c in d["claims"]) == ["2015-05-03", "2015-09"]
assert d["claims"][0]["sources"] == ["[2]"] and d["claims"][0]["line"] == 6
c = g["Ninth National Congress"]
assert c["status"] == "variant" and c["attribute"] == "held"
n = [x for x in g.values() if x["attribute"] == "count"][0]
assert n["status"] == "changed-over-time", n
assert [c["value"] for c in n["claims"]] == [">40", "43", "60"]
assert n["claims"][0]["quote"].startswith("The agency has")
# the findings ride along: both sides of the conflict, pointing at the value
f = json.load(open(sys.argv[1]))["findings"]
cf = [x for x in f if x["kind"] == "claim-conflict"]
assert len(cf) == 2, cf
a = [x for x in cf if x["document"].endswith("a.txt")][0]
assert a["severity"] == "error" and a["line"] == 6 and a["column"] == 28, a
assert a["quote"] == "May 3, 2015", a
assert a["message"] == "'Decree No. 41-ND/CP' adopted: 2015-05-03 here, 2015-09 elsewhere", a
assert a["related"][0]["document"].endswith("b.txt") and a["related"][0]["line"] == 6, a
assert "September 2015" in a["related"][0]["quote"], a
v = [x for x in f if x["kind"] == "claim-variant"]
assert v and all(x["severity"] == "info" and x["suggestion"] for x in v), v
assert [x for x in f if x["kind"] == "claim-date-mismatch"][0]["severity"] == "warning"
PY
# the text report ends with a summary line
$PROVCHECK_WRAP $bin claims $dir >"$out"
tail -n 1 "$out" | grep -q "^3 documents, [0-9]* claims; 4 stated more than once: 1 conflict, 1 changed-over-time, 2 variant; 2 errors, 1 warning, 2 info$" ||
	fail "summary line"

# the hedged figure agrees with the exact one written at the same date
$PROVCHECK_WRAP $bin claims $dir/a.txt $dir/b.txt >"$out"
grep -q "^agree: The agency" "$out" || fail "over 40 and 43 agree"
$PROVCHECK_WRAP $bin claims $dir/c.txt >"$out"
grep -q "c.txt:6:1: claim-date-mismatch" "$out" || fail "date mismatch in c.txt"
$PROVCHECK_WRAP $bin claims --format md $dir >"$out" 2>&1 && fail "md is not a claims format"

# dates: offsets are byte offsets into the file
$PROVCHECK_WRAP $bin dates --anchor 2019-03-12 $dir/a.txt >"$out" || fail "dates"
python3 - "$out" "$dir/a.txt" <<'PY' || fail "dates offsets"
import json, sys
src = open(sys.argv[2], "rb").read()
rows = [json.loads(l) for l in open(sys.argv[1])]
assert rows, "no dates"
for r in rows:
    assert src[r["start"]:r["end"]].decode() == r["text"], r
vals = [r["value"] for r in rows]
assert "2015-05-03" in vals and "2017-02" in vals, vals
# "Strategy Through 2025, Vision to 2035": the years of a title, no bounds
t = [(r["text"], r["value"]) for r in rows if r["type"] == "title-year"]
assert t == [("Through 2025", "2025"), ("to 2035", "2035")], rows
assert not [r for r in rows if r["type"] == "bound"], rows
PY
$PROVCHECK_WRAP $bin dates tests/fixtures/dates/titles.txt >"$out" || fail "dates titles"
python3 - "$out" <<'PY' || fail "title years"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
t = [(r["text"], r["value"]) for r in rows if r["type"] == "title-year"]
assert t == [("up to 2030", "2030"), ("Through 2025", "2025"), ("to 2040", "2040"),
             ("2021-2030", "2021/2030")], t
assert all("bound" not in r and "end_inclusive" not in r for r in rows if r["type"] == "title-year")
b = [(r["text"], r["value"], r["bound"]) for r in rows if r["type"] == "bound"]
assert b == [("until 2027", "../2027", "until"), ("up to 2030", "../2030", "up to"),
             ("until 2019", "../2019", "until")], b
PY
$PROVCHECK_WRAP $bin dates --anchor 2019-13-40 $dir/a.txt >"$out" 2>&1 && fail "bad anchor accepted"
grep -q "provcheck: --anchor takes a date" "$out" || fail "anchor message"
exit 0
