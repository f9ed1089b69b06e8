/*
 * harness.h - a model-checked run of libbumper's whole C API, driven by a byte stream.
 *
 * bumper_fuzz_run reads operations from `data` (every export, valid and hostile: NULL, freed and
 * forged handles, other buffers' checkpoints, dead and failed checkpoints, sizes and alignments at
 * and past every limit, cursors open, closed and modified) and checks each result against a model:
 * every live allocation keeps its bytes, alignment, no overlap, exact `used` after a restore, and a
 * failed call leaves every buffer's figures and every live checkpoint as they were. A violation
 * prints what happened and aborts (a crash to libFuzzer, a failure to the driver).
 *
 * One run owns the buffers it makes and frees them all before returning, so runs on different
 * threads at once share only the library's handle table.
 */
#ifndef BUMPER_FUZZ_HARNESS_H
#define BUMPER_FUZZ_HARNESS_H

#include <stddef.h>
#include <stdint.h>

/* Runs the operations `data` encodes; returns the number of library calls made. */
uint64_t bumper_fuzz_run(const uint8_t *data, size_t size);

/* Called (if set) on the failing thread just before the abort, e.g. to save the input. */
extern void (*bumper_fuzz_on_failure)(void);

#endif
