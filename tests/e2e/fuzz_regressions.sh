#!/bin/sh
# End-to-end: every input under fuzz/regressions/<target>/ (crashes the
# fuzzers found, minimized, and hand-written nasty inputs) runs through
# that target's LLVMFuzzerTestOneInput() without a fuzzer, with
# $PROVCHECK_TEST_TOOLS/replay_<target> (fuzz/replay.c, built by the
# Makefile), so `make asan` and `make valgrind` check them too. A target
# aborts when an invariant breaks (a span outside the document...).
# Every directory must name a target, and every target must be built.
tools=${PROVCHECK_TEST_TOOLS:-build/tests/tools}
fail() { echo "fuzz_regressions.sh: $*" >&2; exit 1; }
[ -d fuzz/regressions ] || fail "no fuzz/regressions (run from the top directory)"

# the replay driver itself: a missing file is an error, not a silent pass
"$tools/replay_fuzz_doc" fuzz/regressions/no-such-file 2>/dev/null &&
	fail "replay: a missing file passed"

targets=0
inputs=0
for dir in fuzz/regressions/*/; do
	name=$(basename "$dir")
	[ -f "fuzz/$name.c" ] || fail "fuzz/regressions/$name: no target fuzz/$name.c"
	bin="$tools/replay_$name"
	[ -x "$bin" ] || fail "$bin: not built"
	n=0
	for f in "$dir"*; do
		[ -f "$f" ] || continue
		n=$((n + 1))
	done
	[ "$n" -gt 0 ] || continue
	# one process for all of a target's inputs (valgrind starts slowly);
	# when it fails, one per input, to name the culprit
	# shellcheck disable=SC2086
	if ! $PROVCHECK_WRAP "$bin" "$dir"* >/dev/null 2>"$tools/replay_$name.err"; then
		for f in "$dir"*; do
			$PROVCHECK_WRAP "$bin" "$f" >/dev/null 2>&1 || {
				cat "$tools/replay_$name.err" >&2
				fail "$name: $f"
			}
		done
		cat "$tools/replay_$name.err" >&2
		fail "$name: the inputs together fail, each alone passes"
	fi
	targets=$((targets + 1))
	inputs=$((inputs + n))
done
[ "$targets" -gt 0 ] || fail "no regression inputs"
echo "fuzz_regressions.sh: $inputs inputs through $targets targets"
