/*
 * Growing data in libbumper against malloc/realloc, and growable buffers against a fixed one.
 *
 * Appends: one round builds a 64 KiB array by appending 8-byte records (8,192 appends), doubling the
 * capacity when full, then releases it:
 *   realloc            libc realloc, then free
 *   bumper_realloc     bumper_realloc on an unchecked fixed buffer (in place: the array is the
 *                      buffer's last allocation), then a checkpoint restore
 *   bumper_realloc, growable   the same on an unchecked BUMPER_GROWABLE buffer whose first block is
 *                      4 KiB: the array moves to each new (doubled) block once, then grows in place
 * Block changes: one round is 1,000 bumper_alloc of 16..256 B (as bumper_vs_malloc.c, about 133 KiB)
 * on unchecked buffers:
 *   fixed              a 1 MiB fixed buffer, between a checkpoint save and restore
 *   growable, sized    a growable buffer whose 256 KiB first block holds the round: never grows
 *   growable, restore  a growable buffer with a 4 KiB first block, between a checkpoint save and
 *                      restore: the restore keeps the largest later block as the spare, so after the
 *                      first rounds the first block and the spare hold the round
 *   growable, reset    the same buffer, bumper_reset after each round: the reset keeps the largest
 *                      block, so after the first rounds one block holds the round
 * Prints median ns per append or block over batches; the variants' batches are interleaved.
 * Usage: bumper_growth [batches] [rounds-per-batch]   (defaults 51 and 50)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "bumper.h"

#define APPENDS 8192
#define RECORD 8
#define BLOCKS 1000

static size_t sizes[BLOCKS];

static void fail(const char *what)
{
    fprintf(stderr, "bumper_growth: %s: %s\n", what, bumper_last_error());
    exit(1);
}

static void append_realloc(bumper_buffer *unused)
{
    (void)unused;
    size_t capacity = 16 * RECORD, used = 0;
    unsigned char *data = malloc(capacity);
    for (int i = 0; i < APPENDS; i++) {
        if (used + RECORD > capacity) {
            data = realloc(data, capacity * 2);
            capacity *= 2;
        }
        memcpy(data + used, &i, sizeof i);
        used += RECORD;
    }
    ESCAPE(data);
    free(data);
}

static void append_bumper(bumper_buffer *buf)
{
    bumper_checkpoint cp = bumper_checkpoint_save(buf);
    size_t capacity = 16 * RECORD, used = 0;
    unsigned char *data = bumper_alloc(buf, capacity, 8);
    for (int i = 0; i < APPENDS; i++) {
        if (used + RECORD > capacity) {
            data = bumper_realloc(buf, data, capacity, capacity * 2, 8);
            if (data == NULL)
                fail("bumper_realloc");
            capacity *= 2;
        }
        memcpy(data + used, &i, sizeof i);
        used += RECORD;
    }
    ESCAPE(data);
    if (bumper_checkpoint_restore(buf, cp) != BUMPER_OK)
        fail("restore");
}

/* The round's 1,000 allocations, each touched once. */
static void alloc_blocks(bumper_buffer *buf)
{
    for (int i = 0; i < BLOCKS; i++) {
        unsigned char *p = bumper_alloc(buf, sizes[i], 16);
        if (p == NULL)
            fail("bumper_alloc");
        p[0] = (unsigned char)i;
        ESCAPE(p);
    }
}

static void blocks_round(bumper_buffer *buf)
{
    bumper_checkpoint cp = bumper_checkpoint_save(buf);
    alloc_blocks(buf);
    if (bumper_checkpoint_restore(buf, cp) != BUMPER_OK)
        fail("restore");
}

static void blocks_round_reset(bumper_buffer *buf)
{
    alloc_blocks(buf);
    if (bumper_reset(buf) != BUMPER_OK)
        fail("reset");
}

typedef void (*round_fn)(bumper_buffer *);

/* Batch b of every variant runs before batch b + 1 of any; per-unit medians. */
static void measure(int variants, const round_fn *rounds_of, bumper_buffer *const *bufs, const int *units,
                    int batches, int rounds, double *medians)
{
    double *samples = malloc(sizeof(double) * (size_t)batches * (size_t)variants);
    for (int v = 0; v < variants; v++)
        for (int r = 0; r < rounds; r++)
            rounds_of[v](bufs[v]);
    for (int b = 0; b < batches; b++) {
        for (int v = 0; v < variants; v++) {
            double start = now_ns();
            for (int r = 0; r < rounds; r++)
                rounds_of[v](bufs[v]);
            samples[v * batches + b] = (now_ns() - start) / ((double)rounds * units[v]);
        }
    }
    for (int v = 0; v < variants; v++) {
        medians[v] = median(samples + v * batches, batches);
    }
    free(samples);
}

int main(int argc, char **argv)
{
    int batches = argc > 1 ? atoi(argv[1]) : 51;
    int rounds = argc > 2 ? atoi(argv[2]) : 50;
    if (batches < 1 || rounds < 1) {
        fprintf(stderr, "usage: %s [batches>=1] [rounds>=1]\n", argv[0]);
        return 2;
    }
    uint64_t state = 20240601;
    for (int i = 0; i < BLOCKS; i++)
        sizes[i] = 16 + (size_t)(splitmix64(&state) % 241);

    bumper_buffer *fixed = bumper_buffer_new_ex(1024 * 1024, BUMPER_UNCHECKED);
    bumper_buffer *growable = bumper_buffer_new_ex(4096, BUMPER_UNCHECKED | BUMPER_GROWABLE);
    bumper_buffer *sized = bumper_buffer_new_ex(256 * 1024, BUMPER_UNCHECKED | BUMPER_GROWABLE);
    bumper_buffer *restored = bumper_buffer_new_ex(4096, BUMPER_UNCHECKED | BUMPER_GROWABLE);
    bumper_buffer *reset = bumper_buffer_new_ex(4096, BUMPER_UNCHECKED | BUMPER_GROWABLE);
    if (!fixed || !growable || !sized || !restored || !reset)
        fail("creating the buffers");

    const round_fn appends[3] = { append_realloc, append_bumper, append_bumper };
    bumper_buffer *const append_bufs[3] = { NULL, fixed, growable };
    const int append_units[3] = { APPENDS, APPENDS, APPENDS };
    double a[3];
    measure(3, appends, append_bufs, append_units, batches, rounds, a);

    const round_fn blocks[4] = { blocks_round, blocks_round, blocks_round, blocks_round_reset };
    bumper_buffer *const block_bufs[4] = { fixed, sized, restored, reset };
    const int block_units[4] = { BLOCKS, BLOCKS, BLOCKS, BLOCKS };
    double b[4];
    measure(4, blocks, block_bufs, block_units, batches, rounds, b);

    bumper_stats after_restore = { .size = sizeof after_restore }, after_reset = { .size = sizeof after_reset };
    if (bumper_get_stats(restored, &after_restore) != BUMPER_OK || bumper_get_stats(reset, &after_reset) != BUMPER_OK)
        fail("bumper_get_stats");

    printf("| C, 8,192 appends of 8 B, doubling | median ns/append | over realloc |\n");
    printf("|---|---:|---:|\n");
    printf("| realloc (glibc), then free | %.3f | 1.00 |\n", a[0]);
    printf("| bumper_realloc, fixed buffer (in place) | %.3f | %.2f |\n", a[1], a[1] / a[0]);
    printf("| bumper_realloc, growable buffer (4 KiB first block) | %.3f | %.2f |\n", a[2], a[2] / a[0]);
    printf("\n");
    printf("| C, 1,000 bumper_alloc of 16..256 B per checkpoint | median ns/block | over the fixed buffer |\n");
    printf("|---|---:|---:|\n");
    printf("| fixed buffer, 1 MiB | %.3f | 1.00 |\n", b[0]);
    printf("| growable, 256 KiB first block (never grows) | %.3f | %.2f |\n", b[1], b[1] / b[0]);
    printf("| growable, 4 KiB first block, restore per round (the largest later block kept as the spare) | %.3f | %.2f |\n", b[2], b[2] / b[0]);
    printf("| growable, 4 KiB first block, reset per round (the largest block kept) | %.3f | %.2f |\n", b[3], b[3] / b[0]);
    printf("(after a round: the restored buffer holds %lld bytes in %lld blocks, the reset one %lld bytes in %lld)\n",
           (long long)after_restore.capacity, (long long)after_restore.blocks, (long long)after_reset.capacity, (long long)after_reset.blocks);

    bumper_buffer_free(fixed);
    bumper_buffer_free(growable);
    bumper_buffer_free(sized);
    bumper_buffer_free(restored);
    bumper_buffer_free(reset);
    return 0;
}
