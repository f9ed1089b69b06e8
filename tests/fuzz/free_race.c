/*
 * free_race [pairs]: two threads each make and free buffers as fast as they can, and check after each
 * bumper_buffer_new that the new buffer's head is lent to it. A free on one thread must end its loan
 * before its slot, and so its head, can serve a buffer made on the other: ending it after would take
 * the head from that buffer, whose inline bumper_alloc then always falls back to the library.
 * Exit 0 when no head was taken; prints the count either way.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "bumper.h"

static long pairs = 1000000;
static long taken[2];
static int failed_new;

static void *make_and_free(void *arg)
{
    long *count = arg;
    const bumper_head_table *table = bumper_heads();
    for (long i = 0; i < pairs; i++) {
        bumper_buffer *h = bumper_buffer_new(4096);
        if (h == NULL) {
            failed_new = 1;
            return NULL;
        }
        uint32_t slot = (uint32_t)(uintptr_t)h - 1u;
        /* A short pause, so a free racing on the other thread has time to land on this head. */
        for (volatile int k = 0; k < 50; k++) {
        }
        if (table != NULL && slot < table->count
            && __atomic_load_n(&table->heads[slot].handle, __ATOMIC_ACQUIRE) != (uint64_t)(uintptr_t)h)
            (*count)++;
        bumper_buffer_free(h);
    }
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc > 1)
        pairs = strtol(argv[1], NULL, 10);
    pthread_t a, b;
    if (pthread_create(&a, NULL, make_and_free, &taken[0]) != 0 || pthread_create(&b, NULL, make_and_free, &taken[1]) != 0)
        return 2;
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    printf("free_race: %ld pairs per thread, heads taken from a live buffer: %ld%s\n", pairs, taken[0] + taken[1],
           failed_new ? " (a bumper_buffer_new failed)" : "");
    return taken[0] + taken[1] != 0 || failed_new;
}
