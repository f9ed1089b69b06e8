/*
 * bench.h - what the C peers share: a seeded generator, a monotonic clock, medians, and a barrier
 * that keeps the optimizer from dropping an allocation whose block is otherwise unused.
 */
#ifndef BUMPER_BENCH_H
#define BUMPER_BENCH_H

#include <stdint.h>
#include <stdlib.h>
#include <time.h>

/* Hides p from the optimizer: without it gcc -O2 removes a malloc/free pair whose block is unused. */
#define ESCAPE(p) __asm__ volatile("" : : "r"(p) : "memory")

/* SplitMix64: the same sizes on every run and machine. */
static inline uint64_t splitmix64(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static inline double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static inline int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Sorts samples[0 .. n) in place and returns the median. */
static inline double median(double *samples, int n)
{
    qsort(samples, (size_t)n, sizeof(double), compare_doubles);
    return samples[n / 2];
}

#endif
