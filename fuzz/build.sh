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
PKGS="libcurl libxml-2.0 sqlite3 libidn2"
SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined"
CFLAGS="-std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -g -O1 -fno-omit-frame-pointer
	-DPROVCHECK_VERSION=\"fuzz\" -DPROVCHECK_DATADIR=\"/nonexistent\"
	-Ichecker -Irefs -Ireports $(pkg-config --cflags $PKGS)"
LIBS="$(pkg-config --libs $PKGS) -lm -lpthread"

# clang and its libFuzzer/sanitizer runtimes (Debian 12: clang, libclang-rt-14-dev)
need_pkgs() {
	echo "fuzz/build.sh: $1; installing: apt-get install -y clang libclang-rt-14-dev" >&2
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q clang libclang-rt-14-dev >&2 ||
			{ echo "fuzz/build.sh: apt-get failed; install clang and libclang-rt-14-dev" >&2; exit 1; }
	else
		echo "fuzz/build.sh: run as root: apt-get install clang libclang-rt-14-dev" >&2
		exit 1
	fi
}
command -v "$CC" >/dev/null 2>&1 || need_pkgs "$CC not found"
# a program built with -fsanitize=fuzzer proves the runtime is there
probe=$(mktemp -d)
printf 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n);\n'\
'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { (void)d; (void)n; return 0; }\n' >"$probe/p.c"
if ! "$CC" $SAN -fsanitize=fuzzer -o "$probe/p" "$probe/p.c" >/dev/null 2>&1; then
	need_pkgs "the libFuzzer runtime is missing"
	"$CC" $SAN -fsanitize=fuzzer -o "$probe/p" "$probe/p.c" ||
		{ rm -rf "$probe"; echo "fuzz/build.sh: $CC cannot build a fuzz target" >&2; exit 1; }
fi
rm -rf "$probe"
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
