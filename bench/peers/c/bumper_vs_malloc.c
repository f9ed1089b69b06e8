/*
 * Workload 6: the C ABI (libbumper.so) against malloc/free for 16..256-byte blocks.
 * One round = 1,000 blocks of seeded-random sizes, each touched once, then released:
 *   bumper      save a checkpoint, bumper_alloc x 1000, restore the checkpoint
 *   malloc      malloc x 1000, then free x 1000 (the same lifetime shape as a scope)
 *   malloc-pair malloc + free per block (malloc's best case: the block comes straight back)
 * Prints the median ns per block over batches of rounds, and the ratios.
 * Usage: bumper_vs_malloc [batches] [rounds-per-batch]   (defaults 101 and 200)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "bumper.h"

#define BLOCKS 1000

static uint64_t splitmix64(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static size_t sizes[BLOCKS];
static void *blocks[BLOCKS];
/* Keeps the touched bytes observable so the compiler cannot drop the stores. */
volatile unsigned char sink;

/* Hides p from the optimizer: without it gcc -O2 removes a malloc/free pair whose block is unused. */
#define ESCAPE(p) __asm__ volatile("" : : "r"(p) : "memory")

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

static double median_ns_per_block(void (*round)(buffer_t), buffer_t buf, int batches, int rounds)
{
    double *samples = malloc(sizeof(double) * (size_t)batches);
    for (int r = 0; r < rounds; r++) {
        round(buf); /* warm-up: page in the memory, fill malloc's caches */
    }
    for (int b = 0; b < batches; b++) {
        double start = now_ns();
        for (int r = 0; r < rounds; r++) {
            round(buf);
        }
        samples[b] = (now_ns() - start) / ((double)rounds * BLOCKS);
    }
    qsort(samples, (size_t)batches, sizeof(double), compare_doubles);
    double median = samples[batches / 2];
    free(samples);
    return median;
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
    if (!buf) {
        fprintf(stderr, "bumper_buffer_new failed\n");
        return 1;
    }

    double bumper = median_ns_per_block(round_bumper, buf, batches, rounds);
    double batch = median_ns_per_block(round_malloc, buf, batches, rounds);
    double pair = median_ns_per_block(round_malloc_pair, buf, batches, rounds);
    bumper_buffer_free(buf);

    printf("| C, 1,000 blocks of 16..256 B | median ns/block | malloc/free over this |\n");
    printf("|---|---:|---:|\n");
    printf("| bumper_alloc + checkpoint restore | %.3f | 1.00 |\n", bumper);
    printf("| malloc x1000 then free x1000 | %.3f | %.2f |\n", batch, batch / bumper);
    printf("| malloc + free per block | %.3f | %.2f |\n", pair, pair / bumper);
    printf("C_SPEEDUP_VS_MALLOC=%.2f\n", batch / bumper);
    return 0;
}
