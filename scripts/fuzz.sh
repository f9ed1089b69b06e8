#!/usr/bin/env bash
# scripts/fuzz.sh [--quick] - fuzzes libbumper's C API with the model-checked harness in tests/fuzz/.
#
# Needs ./publish.sh linux-x64 first (artifacts/linux-x64: libbumper.so, bumper.h, symbols/), and
# gcc, valgrind, clang with libFuzzer (Debian: clang libfuzzer-14-dev libclang-rt-14-dev).
# Five runs, each one test:
#   1. the seeded driver, one thread                      (~10 s; --quick ~4 s)
#   2. the seeded driver, four threads at once            (~10 s; --quick ~4 s)
#   3. the driver under valgrind memcheck, two threads    (~10 s of driver time; --quick ~3 s)
#   4. libFuzzer + AddressSanitizer from tests/fuzz/corpus (~30 s; --quick ~10 s)
#   5. free_race: two threads making and freeing buffers, every new buffer's head lent to it (~2 s)
# The seed is printed (set BUMPER_FUZZ_SEED to repeat a driver run); a failing driver run saves its
# input as fuzz-failure-<seed>-<run>.bin and libFuzzer its crash-* file, both in the work folder,
# which is kept on failure. Ends with "N passed, M failed"; exit 0 only if all passed.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD

quick=0
[ "${1:-}" = "--quick" ] && quick=1
if [ $quick = 1 ]; then single=4 threaded=4 grind=3 fuzz=10; else single=10 threaded=10 grind=10 fuzz=30; fi
seed=${BUMPER_FUZZ_SEED:-$(date +%s)}

die() { echo "fuzz.sh: $*" >&2; exit 2; }
artifacts=$root/artifacts/linux-x64
for f in libbumper.so bumper.h; do
  [ -e "$artifacts/$f" ] || die "$artifacts/$f is missing: run ./publish.sh linux-x64 first"
done
for tool in gcc clang valgrind; do
  command -v $tool >/dev/null || die "$tool not found (Debian: apt-get install gcc clang valgrind libfuzzer-14-dev libclang-rt-14-dev)"
done

work=$(mktemp -d -t bumper-fuzz-XXXXXX)
# Valgrind cannot read NativeAOT's compressed .dbg file, so the driver links a copy of the library
# that has none beside it; libFuzzer's target gets its own copy with the .dbg, so that the
# LeakSanitizer report (and its suppressions) can name the runtime's functions.
mkdir -p "$work/plain" "$work/symbolized" "$work/corpus"
cp "$artifacts/libbumper.so" "$artifacts/bumper.h" "$work/plain/"
cp "$artifacts/libbumper.so" "$work/symbolized/"
[ -e "$artifacts/symbols/libbumper.so.dbg" ] && cp "$artifacts/symbols/libbumper.so.dbg" "$work/symbolized/"

passed=0 failed=0
result() { # name status
  if [ "$2" = 0 ]; then passed=$((passed + 1)); echo "ok - $1"; else failed=$((failed + 1)); echo "not ok - $1"; fi
}

echo "fuzz.sh: building in $work (seed $seed)"
gcc -std=c11 -O2 -g -Wall -Wextra -Werror -I "$work/plain" tests/fuzz/harness.c tests/fuzz/driver.c \
    -L "$work/plain" -Wl,-rpath,"$work/plain" -lbumper -pthread -o "$work/fuzz_driver" || die "the driver did not build"
clang -std=c11 -g -O1 -fsanitize=fuzzer,address -Wall -Wextra -Werror -I "$work/plain" tests/fuzz/harness.c tests/fuzz/libfuzzer.c \
    -L "$work/symbolized" -Wl,-rpath,"$work/symbolized" -lbumper -o "$work/fuzz_libfuzzer" \
    || die "the libFuzzer target did not build (Debian: libfuzzer-14-dev libclang-rt-14-dev)"
gcc -std=c11 -O2 -g -Wall -Wextra -Werror -I "$work/plain" tests/fuzz/free_race.c \
    -L "$work/plain" -Wl,-rpath,"$work/plain" -lbumper -pthread -o "$work/free_race" || die "free_race did not build"

cd "$work"

./fuzz_driver --seconds $single --threads 1 --seed "$seed"
result "driver, 1 thread, $single s" $?

./fuzz_driver --seconds $threaded --threads 4 --seed "$((seed + 1))"
result "driver, 4 threads, $threaded s" $?

valgrind --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite \
    --suppressions="$root/tests/c/nativeaot.supp" \
    ./fuzz_driver --seconds $grind --threads 2 --max-input 1024 --seed "$((seed + 2))" 2> valgrind.log
status=$?
grep -E "ERROR SUMMARY|definitely lost|All heap blocks" valgrind.log
grep -q "ERROR SUMMARY: 0 errors" valgrind.log || status=1
if grep -q "definitely lost: [1-9]" valgrind.log; then status=1; fi
[ $status = 0 ] || tail -n 60 valgrind.log
result "driver under valgrind, 2 threads, $grind s" $status

# LeakSanitizer runs once, at exit (ASAN_OPTIONS): libFuzzer's own check after every input that
# mallocs more than it frees (-detect_leaks) would fire on the runtime's lazy allocations and slows a
# run to a few inputs a second.
ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions="$root/tests/fuzz/lsan.supp":print_suppressions=1 \
    ./fuzz_libfuzzer -detect_leaks=0 -max_total_time=$fuzz -max_len=4096 -timeout=20 -print_final_stats=1 \
    corpus "$root/tests/fuzz/corpus" > libfuzzer.log 2>&1
status=$?
grep -E "^#[0-9]+[[:space:]]+DONE|stat::number_of_executed_units|stat::peak_rss_mb|WaitSubsystem|ERROR|SUMMARY" libfuzzer.log
[ $status = 0 ] || tail -n 60 libfuzzer.log
result "libFuzzer + ASan, $fuzz s" $status

./free_race
result "free_race, 2 threads" $?

cd "$root"
if [ $failed = 0 ]; then rm -rf "$work"; else echo "fuzz.sh: inputs and logs kept in $work"; fi
echo "$passed passed, $failed failed"
[ $failed = 0 ]
