/*
 * libfuzzer.c - the libFuzzer target over libbumper's C API (see harness.h). Built and run by
 * scripts/fuzz.sh:
 *   clang -g -O1 -fsanitize=fuzzer,address -I artifacts/linux-x64 tests/fuzz/harness.c \
 *       tests/fuzz/libfuzzer.c -L <dir with libbumper.so> -lbumper -o fuzz_libfuzzer
 *   LSAN_OPTIONS=suppressions=tests/fuzz/lsan.supp ./fuzz_libfuzzer corpus/ tests/fuzz/corpus
 */
#include "harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    bumper_fuzz_run(data, size);
    return 0;
}
