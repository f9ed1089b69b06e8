/*
 * The physical-limit peer of the allocation-throughput benchmark (AllocationThroughputBenchmarks.cs):
 * the same plan as the C# suite and the bumpalo peer (1,000 allocations, sizes 8..256 bytes,
 * alignments 1..16, the SplitMix64 stream of AllocationPlan.cs, each block touched once, then the
 * position released), bumped in C at -O2 with the pointer in a register. Two loops, their batches
 * interleaved so that a change in the machine's load reaches both alike:
 *   cursor   bumper.h's static inline bumper_cursor_alloc (run-time size and alignment, with its
 *            argument checks), bumper_cursor_mark / _release: the C counterpart of BumpCursor.AllocPtr
 *   layout   the bump alone, with each alignment mask computed once before the loop: the C
 *            counterpart of BumpCursor.AllocPtr(AllocLayout)
 * No libbumper is needed: the cursor is laid over a block of this program's own, which holds a
 * whole round, so the header's out-of-line halves are never reached (they abort here).
 * Prints the median ns per allocation over the batches.
 * Usage: bump_loop [batches] [rounds-per-batch]   (defaults 201 and 200)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"
#include "bumper.h"

#define ALLOCATIONS 1000
#define CAPACITY (1024 * 1024)

void *bumper_cursor_alloc_slow(bumper_cursor *cursor, size_t size, size_t alignment)
{
    (void)cursor;
    fprintf(stderr, "bump_loop: a round did not fit (%zu bytes, alignment %zu)\n", size, alignment);
    abort();
}

int bumper_cursor_release_slow(bumper_cursor *cursor, uintptr_t mark)
{
    (void)cursor;
    (void)mark;
    fprintf(stderr, "bump_loop: bad mark\n");
    abort();
}

static size_t sizes[ALLOCATIONS];
static size_t alignments[ALLOCATIONS];
static uintptr_t masks[ALLOCATIONS];
static unsigned char *block;
/* Keeps the last touched byte observable. */
volatile unsigned char sink;

/* The cursor is a local: nothing takes its address past the inline calls, so it lives in registers. */
__attribute__((noinline)) static void round_cursor(void)
{
    bumper_cursor c = { (uintptr_t)block, (uintptr_t)block + CAPACITY, (uintptr_t)block, NULL };
    uintptr_t mark = bumper_cursor_mark(&c);
    unsigned char *p = 0;
    for (int i = 0; i < ALLOCATIONS; i++) {
        p = (unsigned char *)bumper_cursor_alloc(&c, sizes[i], alignments[i]);
        p[0] = (unsigned char)i;
    }
    sink = p[0];
    bumper_cursor_release(&c, mark);
}

__attribute__((noinline)) static void round_layout(void)
{
    uintptr_t current = (uintptr_t)block, limit = (uintptr_t)block + CAPACITY;
    unsigned char *p = 0;
    for (int i = 0; i < ALLOCATIONS; i++) {
        uintptr_t start = (current + masks[i]) & ~masks[i];
        uintptr_t end = start + sizes[i];
        if (end > limit) {
            bumper_cursor_alloc_slow(NULL, sizes[i], masks[i] + 1);
        }
        current = end;
        p = (unsigned char *)start;
        p[0] = (unsigned char)i;
    }
    sink = p[0];
}

enum { VARIANTS = 2 };

int main(int argc, char **argv)
{
    int batches = argc > 1 ? atoi(argv[1]) : 201;
    int rounds = argc > 2 ? atoi(argv[2]) : 200;
    if (batches < 1 || rounds < 1) {
        fprintf(stderr, "usage: %s [batches>=1] [rounds>=1]\n", argv[0]);
        return 2;
    }

    uint64_t state = 20240601;
    size_t bytes = 0;
    for (int i = 0; i < ALLOCATIONS; i++) {
        uint64_t r = splitmix64(&state);
        sizes[i] = 8 + (size_t)(r % 249);
        alignments[i] = (size_t)1 << ((r >> 32) % 5);
        masks[i] = (uintptr_t)alignments[i] - 1;
        bytes += sizes[i];
    }
    block = aligned_alloc(4096, CAPACITY);
    if (!block) {
        fprintf(stderr, "bump_loop: out of memory\n");
        return 1;
    }

    void (*const rounds_of[VARIANTS])(void) = { round_cursor, round_layout };
    const char *names[VARIANTS] = { "bumper_cursor_alloc (bumper.h, inline)", "bump with precomputed masks" };
    double *samples = malloc(sizeof(double) * (size_t)batches * VARIANTS);
    for (int v = 0; v < VARIANTS; v++) {
        for (int r = 0; r < rounds; r++) {
            rounds_of[v](); /* warm-up: page the block in */
        }
    }
    for (int b = 0; b < batches; b++) {
        for (int v = 0; v < VARIANTS; v++) {
            double start = now_ns();
            for (int r = 0; r < rounds; r++) {
                rounds_of[v]();
            }
            samples[v * batches + b] = (now_ns() - start) / ((double)rounds * ALLOCATIONS);
        }
    }

    double medians[VARIANTS];
    for (int v = 0; v < VARIANTS; v++) {
        double *s = samples + v * batches;
        medians[v] = median(s, batches);
        printf("C %s: median %.3f ns/alloc (min %.3f, max %.3f; %d batches x %d rounds x %d allocs, %zu bytes/round)\n",
               names[v], medians[v], s[0], s[batches - 1], batches, rounds, ALLOCATIONS, bytes);
    }
    printf("C_LOOP_NS_PER_ALLOC=%.3f\n", medians[0]);
    printf("C_LOOP_LAYOUT_NS_PER_ALLOC=%.3f\n", medians[1]);
    free(samples);
    free(block);
    return 0;
}
