/*
 * driver.c - runs the fuzz harness (harness.h) on seeded random inputs for a bounded time, on one
 * thread or on several at once (each with its own buffers; the library's handle table is shared, so
 * buffers are created and freed concurrently). No libFuzzer needed, so it also runs under valgrind.
 *
 *   fuzz_driver [--seconds S] [--threads T] [--seed N] [--max-input BYTES]
 *   fuzz_driver --replay FILE        runs one saved input (libFuzzer's crash files work too)
 *
 * On a failure the harness prints what went wrong; the driver then prints the thread's seed and run
 * and writes the input to fuzz-failure-<seed>-<run>.bin in the working directory. Exit code 0 only
 * if every run passed. The last line is "fuzz_driver: R runs, C library calls, T threads, S s, seed N".
 */
#include "harness.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct {
    uint64_t seed;
    double seconds;
    size_t max_input;
    uint64_t runs, calls;
} worker;

static _Thread_local const worker *current_worker;
static _Thread_local uint64_t current_run;
static _Thread_local const uint8_t *current_input;
static _Thread_local size_t current_size;

static void save_failing_input(void)
{
    if (current_worker == NULL)
        return;
    char name[96];
    snprintf(name, sizeof name, "fuzz-failure-%llu-%llu.bin",
             (unsigned long long)current_worker->seed, (unsigned long long)current_run);
    FILE *f = fopen(name, "wb");
    if (f != NULL) {
        fwrite(current_input, 1, current_size, f);
        fclose(f);
    }
    fprintf(stderr, "fuzz_driver: failed in run %llu of thread seed %llu; input saved to %s (replay: fuzz_driver --replay %s)\n",
            (unsigned long long)current_run, (unsigned long long)current_worker->seed, name, name);
}

static uint64_t next_random(uint64_t *state)
{
    /* splitmix64: every seed, 0 included, gives a full-period stream. */
    uint64_t z = (*state += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void *work(void *arg)
{
    worker *w = arg;
    uint64_t state = w->seed;
    uint8_t *input = malloc(w->max_input);
    if (input == NULL)
        abort();
    current_worker = w;
    double deadline = now_seconds() + w->seconds;
    do {
        size_t size = 1 + (size_t)(next_random(&state) % w->max_input);
        for (size_t i = 0; i < size; i += 8) {
            uint64_t bits = next_random(&state);
            memcpy(input + i, &bits, size - i < 8 ? size - i : 8);
        }
        current_run = w->runs;
        current_input = input;
        current_size = size;
        w->calls += bumper_fuzz_run(input, size);
        w->runs++;
    } while (now_seconds() < deadline);
    free(input);
    return NULL;
}

static int replay(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        perror(path);
        return 2;
    }
    static uint8_t input[1 << 20];
    size_t size = fread(input, 1, sizeof input, f);
    fclose(f);
    uint64_t calls = bumper_fuzz_run(input, size);
    printf("fuzz_driver: replayed %s (%zu bytes, %llu library calls)\n", path, size, (unsigned long long)calls);
    return 0;
}

int main(int argc, char **argv)
{
    double seconds = 10;
    int threads = 1;
    uint64_t seed = (uint64_t)time(NULL);
    size_t max_input = 4096;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--replay") == 0 && i + 1 < argc)
            return replay(argv[i + 1]);
        else if (strcmp(argv[i], "--seconds") == 0 && i + 1 < argc)
            seconds = atof(argv[++i]);
        else if (strcmp(argv[i], "--threads") == 0 && i + 1 < argc)
            threads = atoi(argv[++i]);
        else if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc)
            seed = strtoull(argv[++i], NULL, 0);
        else if (strcmp(argv[i], "--max-input") == 0 && i + 1 < argc)
            max_input = (size_t)strtoull(argv[++i], NULL, 0);
        else {
            fprintf(stderr, "usage: fuzz_driver [--seconds S] [--threads T] [--seed N] [--max-input BYTES] | --replay FILE\n");
            return 2;
        }
    }
    if (threads < 1 || threads > 64 || max_input < 1) {
        fprintf(stderr, "fuzz_driver: --threads must be 1..64 and --max-input at least 1\n");
        return 2;
    }

    bumper_fuzz_on_failure = save_failing_input;
    printf("fuzz_driver: seed %llu, %d thread%s, %.1f s\n", (unsigned long long)seed, threads, threads == 1 ? "" : "s", seconds);
    fflush(stdout);
    worker *workers = calloc((size_t)threads, sizeof *workers);
    pthread_t *ids = calloc((size_t)threads, sizeof *ids);
    if (workers == NULL || ids == NULL)
        return 2;
    double start = now_seconds();
    for (int t = 0; t < threads; t++) {
        workers[t].seed = seed + (uint64_t)t * 0x100000001u;
        workers[t].seconds = seconds;
        workers[t].max_input = max_input;
        if (threads == 1)
            work(&workers[t]);
        else if (pthread_create(&ids[t], NULL, work, &workers[t]) != 0)
            return 2;
    }
    uint64_t runs = 0, calls = 0;
    for (int t = 0; t < threads; t++) {
        if (threads > 1)
            pthread_join(ids[t], NULL);
        runs += workers[t].runs;
        calls += workers[t].calls;
    }
    printf("fuzz_driver: %llu runs, %llu library calls, %d thread%s, %.1f s, seed %llu\n",
           (unsigned long long)runs, (unsigned long long)calls, threads, threads == 1 ? "" : "s",
           now_seconds() - start, (unsigned long long)seed);
    free(workers);
    free(ids);
    return 0;
}
