#!/bin/sh
# Builds every libFuzzer target fuzz/fuzz_*.c against the library
# compiled with clang, ASan and UBSan, into build-fuzz/ (or $1).
#
#   sh fuzz/build.sh [OUTDIR]
#
# A target is one file defining LLVMFuzzerTestOneInput(); adding
# fuzz/fuzz_<name>.c is all it takes to get build-fuzz/fuzz_<name>.
set -eu
cd "$(dirname "$0")/.."
OUT=${1:-build-fuzz}
CC=${FUZZ_CC:-clang}
PKGS="libcurl libxml-2.0 sqlite3"
SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined"
CFLAGS="-std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -g -O1 -fno-omit-frame-pointer
	-DPROVCHECK_VERSION=\"fuzz\" -DPROVCHECK_DATADIR=\"/nonexistent\"
	-Ichecker -Irefs -Ireports $(pkg-config --cflags $PKGS)"
LIBS="$(pkg-config --libs $PKGS) -lm -lpthread"

command -v "$CC" >/dev/null 2>&1 || { echo "fuzz/build.sh: $CC not found" >&2; exit 1; }
mkdir -p "$OUT/obj"
objs=""
for src in checker/*.c refs/*.c reports/*.c; do
	[ -f "$src" ] || continue
	[ "$src" = checker/main.c ] && continue
	obj="$OUT/obj/$(echo "$src" | tr / _ | sed 's/\.c$/.o/')"
	if [ ! -f "$obj" ] || [ "$src" -nt "$obj" ] || \
	   [ -n "$(find checker refs reports -name '*.h' -newer "$obj" 2>/dev/null | head -1)" ]; then
		# shellcheck disable=SC2086
		$CC $CFLAGS $SAN -fsanitize=fuzzer-no-link -c -o "$obj" "$src"
	fi
	objs="$objs $obj"
done
rm -f "$OUT/libprovcheck-fuzz.a"
# shellcheck disable=SC2086
ar rcs "$OUT/libprovcheck-fuzz.a" $objs
for t in fuzz/fuzz_*.c; do
	[ -f "$t" ] || continue
	name=$(basename "$t" .c)
	# shellcheck disable=SC2086
	$CC $CFLAGS $SAN -fsanitize=fuzzer -o "$OUT/$name" "$t" "$OUT/libprovcheck-fuzz.a" $LIBS
	echo "built $OUT/$name"
done
