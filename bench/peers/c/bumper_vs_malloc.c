/*
 * The C ABI (libbumper.so) against malloc/free for 16..256-byte blocks.
 * One round = 1,000 blocks of seeded-random sizes, each touched once, then released:
 *   cursor      bumper_cursor_mark, bumper_cursor_alloc x 1000 (static inline), bumper_cursor_release
 *   bumper      save a checkpoint, bumper_alloc x 1000, restore the checkpoint (checked buffer)
 *   unchecked   the same on a BUMPER_UNCHECKED buffer (no checkpoint tracking, no poisoning)
 *   malloc      malloc x 1000, then free x 1000 (the same lifetime shape as a scope)
 *   malloc-pair malloc + free per block (malloc's best case: the block comes straight back)
 * Prints the median ns per block over batches of rounds, and the ratios.
 * Usage: bumper_vs_malloc [batches] [rounds-per-batch]   (defaults 101 and 200)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"
#include "bumper.h"

#define BLOCKS 1000

static size_t sizes[BLOCKS];
static void *blocks[BLOCKS];
/* Keeps the touched bytes observable so the compiler cannot drop the stores. */
volatile unsigned char sink;

/* The buffer's type is whatever the header says bumper_buffer_new returns. */
typedef __typeof__(bumper_buffer_new(0)) buffer_t;

static void round_bumper(buffer_t buf)
{
    __typeof__(bumper_checkpoint_save(buf)) cp = bumper_checkpoint_save(buf);
    unsigned char *p = 0;
    for (int i = 0; i < BLOCKS; i++) {
        p = (unsigned char *)bumper_alloc(buf, sizes[i], 16);
        p[0] = (unsigned char)i;
        ESCAPE(p);
    }
    sink = p[0];
    bumper_checkpoint_restore(buf, cp);
}

static bumper_cursor cursor;

static void round_cursor(buffer_t unused)
{
    (void)unused;
    uintptr_t mark = bumper_cursor_mark(&cursor);
    unsigned char *p = 0;
    for (int i = 0; i < BLOCKS; i++) {
        p = (unsigned char *)bumper_cursor_alloc(&cursor, sizes[i], 16);
        p[0] = (unsigned char)i;
        ESCAPE(p);
    }
    sink = p[0];
    bumper_cursor_release(&cursor, mark);
}

static void round_malloc(buffer_t unused)
{
    (void)unused;
    for (int i = 0; i < BLOCKS; i++) {
        unsigned char *p = malloc(sizes[i]);
        p[0] = (unsigned char)i;
        ESCAPE(p);
        blocks[i] = p;
    }
    sink = ((unsigned char *)blocks[BLOCKS - 1])[0];
    for (int i = 0; i < BLOCKS; i++) {
        free(blocks[i]);
    }
}

static void round_malloc_pair(buffer_t unused)
{
    (void)unused;
    for (int i = 0; i < BLOCKS; i++) {
        unsigned char *p = malloc(sizes[i]);
        p[0] = (unsigned char)i;
        ESCAPE(p);
        free(p);
    }
}

enum { VARIANTS = 5 };

/*
 * Runs batch b of every variant before batch b + 1 of any, so that a change in the machine's load
 * (or glibc's state) during the run reaches every variant alike; returns each variant's median.
 */
static void measure(void (*const rounds_of[VARIANTS])(buffer_t), const buffer_t bufs[VARIANTS],
                    int batches, int rounds, double medians[VARIANTS])
{
    double *samples = malloc(sizeof(double) * (size_t)batches * VARIANTS);
    for (int v = 0; v < VARIANTS; v++) {
        for (int r = 0; r < rounds; r++) {
            rounds_of[v](bufs[v]); /* warm-up: page in the memory, fill malloc's caches */
        }
    }
    for (int b = 0; b < batches; b++) {
        for (int v = 0; v < VARIANTS; v++) {
            double start = now_ns();
            for (int r = 0; r < rounds; r++) {
                rounds_of[v](bufs[v]);
            }
            samples[v * batches + b] = (now_ns() - start) / ((double)rounds * BLOCKS);
        }
    }
    for (int v = 0; v < VARIANTS; v++) {
        medians[v] = median(samples + v * batches, batches);
    }
    free(samples);
}

int main(int argc, char **argv)
{
    int batches = argc > 1 ? atoi(argv[1]) : 101;
    int rounds = argc > 2 ? atoi(argv[2]) : 200;
    if (batches < 1 || rounds < 1) {
        fprintf(stderr, "usage: %s [batches>=1] [rounds>=1]\n", argv[0]);
        return 2;
    }

    uint64_t state = 20240601;
    for (int i = 0; i < BLOCKS; i++) {
        sizes[i] = 16 + (size_t)(splitmix64(&state) % 241);
    }

    buffer_t buf = bumper_buffer_new(1024 * 1024);
    buffer_t unchecked_buf = bumper_buffer_new_ex(1024 * 1024, BUMPER_UNCHECKED);
    buffer_t cursor_buf = bumper_buffer_new(1024 * 1024);
    if (!buf || !unchecked_buf || !cursor_buf || bumper_cursor_open(cursor_buf, &cursor) != BUMPER_OK) {
        fprintf(stderr, "setting up the buffers failed: %s\n", bumper_last_error());
        return 1;
    }

    void (*const rounds_of[VARIANTS])(buffer_t) = { round_cursor, round_bumper, round_bumper, round_malloc, round_malloc_pair };
    const buffer_t bufs[VARIANTS] = { cursor_buf, unchecked_buf, buf, buf, buf };
    double medians[VARIANTS];
    measure(rounds_of, bufs, batches, rounds, medians);
    double inline_cursor = medians[0], unchecked = medians[1], bumper = medians[2], batch = medians[3], pair = medians[4];
    if (bumper_cursor_close(&cursor) != BUMPER_OK || bumper_used(cursor_buf) != 0) {
        fprintf(stderr, "the cursor did not end where it began: %s\n", bumper_last_error());
        return 1;
    }
    bumper_buffer_free(cursor_buf);
    bumper_buffer_free(unchecked_buf);
    bumper_buffer_free(buf);

    printf("| C, 1,000 blocks of 16..256 B | median ns/block | malloc x1000 + free x1000 over this | malloc+free pair over this |\n");
    printf("|---|---:|---:|---:|\n");
    printf("| bumper_cursor_alloc (inline) + mark/release | %.3f | %.2f | %.2f |\n", inline_cursor, batch / inline_cursor, pair / inline_cursor);
    printf("| bumper_alloc + checkpoint restore, unchecked buffer | %.3f | %.2f | %.2f |\n", unchecked, batch / unchecked, pair / unchecked);
    printf("| bumper_alloc + checkpoint restore, checked buffer | %.3f | %.2f | %.2f |\n", bumper, batch / bumper, pair / bumper);
    printf("| malloc x1000 then free x1000 | %.3f | 1.00 | |\n", batch);
    printf("| malloc + free per block | %.3f | | 1.00 |\n", pair);
    printf("C_SPEEDUP_VS_MALLOC=%.2f\n", batch / inline_cursor);
    return 0;
}
