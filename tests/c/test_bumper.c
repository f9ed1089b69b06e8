/*
 * test_bumper.c - exercises every export of libbumper and every error path of bumper.h.
 *
 * Build and run (see also tests/c/Makefile and tests/Bumper.Native.Tests):
 *   gcc -std=c11 -Wall -Wextra -Werror -I artifacts/linux-x64 tests/c/test_bumper.c \
 *       -L artifacts/linux-x64 -Wl,-rpath,'$ORIGIN' -lbumper -pthread -o test_bumper
 * Prints one "ok"/"not ok" line per check and ends with "N passed, M failed";
 * exits 0 only if every check passed.
 */
#include <bumper.h>

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int passed, failed;

static void check(int ok, const char *what, int line)
{
    if (ok) {
        passed++;
        printf("ok - %s\n", what);
    } else {
        failed++;
        printf("not ok - %s (line %d; last error: \"%s\")\n", what, line, bumper_last_error());
    }
}

#define CHECK(cond) check((cond), #cond, __LINE__)
#define ERROR_IS(text) (strcmp(bumper_last_error(), (text)) == 0)
#define ERROR_HAS(text) (strstr(bumper_last_error(), (text)) != NULL)

static int aligned(const void *p, size_t alignment)
{
    return ((uintptr_t)p & (alignment - 1)) == 0;
}

static void *other_thread_error(void *arg)
{
    (void)arg;
    /* Messages are per thread: this thread has not failed yet. */
    return (void *)(uintptr_t)(strcmp(bumper_last_error(), "") == 0);
}

static void *other_thread_uses_buffer(void *arg)
{
    bumper_buffer *buf = arg;
    void *p = bumper_alloc(buf, 64, 16);
    return p;
}

static void test_lifecycle_and_alloc(void)
{
    CHECK(ERROR_IS(""));

    bumper_buffer *buf = bumper_buffer_new(4096);
    CHECK(buf != NULL);
    CHECK(bumper_capacity(buf) == 4096);
    CHECK(bumper_used(buf) == 0);

    unsigned char *a = bumper_alloc(buf, 100, 16);
    CHECK(a != NULL);
    CHECK(aligned(a, 16));
    memset(a, 0xAB, 100);
    CHECK(bumper_used(buf) == 100);

    unsigned char *b = bumper_alloc(buf, 1, 1);
    CHECK(b == a + 100);
    CHECK(bumper_used(buf) == 101);

    double *c = bumper_alloc(buf, 3 * sizeof *c, _Alignof(double));
    CHECK(c != NULL && aligned(c, _Alignof(double)));
    CHECK((unsigned char *)c == a + 104);
    c[0] = 1.0; c[1] = 2.0; c[2] = 3.0;
    CHECK(c[0] + c[1] + c[2] == 6.0);
    CHECK(a[99] == 0xAB);

    void *empty = bumper_alloc(buf, 0, 1);
    CHECK(empty != NULL);
    CHECK(bumper_used(buf) == 128);

    CHECK(bumper_reset(buf) == BUMPER_OK);
    CHECK(bumper_used(buf) == 0);
    CHECK(bumper_alloc(buf, 4096, 1) == a);
    CHECK(bumper_used(buf) == 4096);

    CHECK(bumper_buffer_free(buf) == BUMPER_OK);
}

static void test_alignment_errors(void)
{
    bumper_buffer *buf = bumper_buffer_new(1 << 16);
    CHECK(bumper_alloc(buf, 8, 0) == NULL);
    CHECK(ERROR_IS("bumper_alloc: alignment 0 is not a power of two from 1 to 4096"));
    CHECK(bumper_alloc(buf, 8, 3) == NULL);
    CHECK(ERROR_IS("bumper_alloc: alignment 3 is not a power of two from 1 to 4096"));
    CHECK(bumper_alloc(buf, 8, 8192) == NULL);
    CHECK(ERROR_IS("bumper_alloc: alignment 8192 is not a power of two from 1 to 4096"));
    CHECK(bumper_alloc(buf, 8, SIZE_MAX) == NULL);
    CHECK(ERROR_HAS("is not a power of two"));
    CHECK(bumper_used(buf) == 0);

    void *p = bumper_alloc(buf, 8, BUMPER_MAX_ALIGNMENT);
    CHECK(p != NULL && aligned(p, BUMPER_MAX_ALIGNMENT));
    CHECK(bumper_buffer_free(buf) == BUMPER_OK);
}

static void test_size_errors(void)
{
    bumper_buffer *buf = bumper_buffer_new(256);
    CHECK(bumper_alloc(buf, SIZE_MAX, 1) == NULL);
    CHECK(ERROR_IS("bumper_alloc: size 18446744073709551615 is above PTRDIFF_MAX"));
    CHECK(bumper_alloc(buf, PTRDIFF_MAX, 16) == NULL);
    CHECK(ERROR_HAS("bumper_alloc: "));
    CHECK(bumper_alloc(buf, 257, 1) == NULL);
    CHECK(ERROR_HAS("bumper_alloc: "));
    CHECK(bumper_used(buf) == 0);

    CHECK(bumper_alloc(buf, 200, 1) != NULL);
    CHECK(bumper_alloc(buf, 57, 1) == NULL); /* full: 200 + 57 > 256; the buffer is unchanged */
    CHECK(bumper_used(buf) == 200);
    CHECK(bumper_alloc(buf, 56, 1) != NULL);
    CHECK(bumper_used(buf) == 256);
    CHECK(bumper_buffer_free(buf) == BUMPER_OK);

    CHECK(bumper_buffer_new(SIZE_MAX) == NULL);
    CHECK(ERROR_IS("bumper_buffer_new: capacity 18446744073709551615 is above PTRDIFF_MAX"));
    /* 1 PiB: more than a 64-bit process can map (user space is at most 128 TiB with 4-level paging). */
    CHECK(bumper_buffer_new((size_t)1 << 50) == NULL);
    CHECK(ERROR_HAS("bumper_buffer_new: "));

    bumper_buffer *none = bumper_buffer_new(0);
    CHECK(none != NULL);
    CHECK(bumper_capacity(none) == 0);
    CHECK(bumper_alloc(none, 1, 1) == NULL);
    CHECK(bumper_alloc(none, 0, 1) != NULL);
    CHECK(bumper_buffer_free(none) == BUMPER_OK);
}

static void test_checkpoints(void)
{
    bumper_buffer *buf = bumper_buffer_new(1024);
    CHECK(bumper_alloc(buf, 10, 1) != NULL);

    bumper_checkpoint outer = bumper_checkpoint_save(buf);
    CHECK(outer.status == BUMPER_OK);
    unsigned char *x = bumper_alloc(buf, 100, 1);
    CHECK(bumper_used(buf) == 110);

    bumper_checkpoint inner = bumper_checkpoint_save(buf);
    CHECK(inner.status == BUMPER_OK);
    CHECK(bumper_alloc(buf, 200, 1) != NULL);
    CHECK(bumper_used(buf) == 310);

    CHECK(bumper_checkpoint_restore(buf, inner) == BUMPER_OK);
    CHECK(bumper_used(buf) == 110);
    CHECK(bumper_checkpoint_restore(buf, inner) == BUMPER_OK); /* the same checkpoint again */
    CHECK(bumper_checkpoint_restore(buf, outer) == BUMPER_OK);
    CHECK(bumper_used(buf) == 10);
    CHECK(bumper_alloc(buf, 1, 1) == x); /* the released bytes are handed out again */

    /* inner was saved after outer, which has been restored since: inner is dead. */
    CHECK(bumper_checkpoint_restore(buf, inner) == BUMPER_E_STALE_CHECKPOINT);
    CHECK(ERROR_HAS("bumper_checkpoint_restore: "));
    CHECK(bumper_used(buf) == 11);

    /* Two saves with nothing allocated between are one checkpoint: restoring the first keeps the second. */
    bumper_checkpoint first = bumper_checkpoint_save(buf);
    bumper_checkpoint second = bumper_checkpoint_save(buf);
    CHECK(first.serial == second.serial && first.position == second.position);
    CHECK(bumper_alloc(buf, 7, 1) != NULL);
    CHECK(bumper_checkpoint_restore(buf, first) == BUMPER_OK);
    CHECK(bumper_checkpoint_restore(buf, second) == BUMPER_OK);
    CHECK(bumper_used(buf) == 11);
    /* So a loop of save, allocate and restore hands out one checkpoint, round after round. */
    int same_rounds = 0;
    for (int round = 0; round < 1000; round++) {
        bumper_checkpoint cp = bumper_checkpoint_save(buf);
        int ok = cp.serial == first.serial && bumper_alloc(buf, 3, 1) != NULL;
        same_rounds += ok && bumper_checkpoint_restore(buf, cp) == BUMPER_OK;
    }
    CHECK(same_rounds == 1000);
    CHECK(bumper_used(buf) == 11);

    /* After a reset every checkpoint is dead. */
    bumper_checkpoint before_reset = bumper_checkpoint_save(buf);
    CHECK(bumper_alloc(buf, 5, 1) != NULL);
    CHECK(bumper_reset(buf) == BUMPER_OK);
    CHECK(bumper_checkpoint_restore(buf, before_reset) == BUMPER_E_STALE_CHECKPOINT);
    CHECK(bumper_used(buf) == 0);

    /* A checkpoint of another buffer. */
    bumper_buffer *other = bumper_buffer_new(1024);
    CHECK(bumper_alloc(other, 500, 1) != NULL);
    bumper_checkpoint foreign = bumper_checkpoint_save(other);
    CHECK(bumper_checkpoint_restore(buf, foreign) == BUMPER_E_STALE_CHECKPOINT);
    CHECK(bumper_used(buf) == 0);

    /* A made-up checkpoint. */
    bumper_checkpoint forged = { .position = 12345, .state = 0, .serial = 7, .status = BUMPER_OK };
    CHECK(bumper_checkpoint_restore(buf, forged) == BUMPER_E_STALE_CHECKPOINT);
    forged.owner = (uint64_t)(uintptr_t)buf; /* past the owner test, refused by the position */
    CHECK(bumper_checkpoint_restore(buf, forged) == BUMPER_E_STALE_CHECKPOINT);
    CHECK(ERROR_HAS("does not describe a position this buffer has now"));

    /* A checkpoint from a failed save. */
    bumper_checkpoint failed_save = bumper_checkpoint_save(NULL);
    CHECK(failed_save.status == BUMPER_E_NULL_BUFFER);
    CHECK(bumper_checkpoint_restore(buf, failed_save) == BUMPER_E_STALE_CHECKPOINT);
    CHECK(ERROR_IS("bumper_checkpoint_restore: the checkpoint comes from a failed bumper_checkpoint_save (status -1)"));

    CHECK(bumper_buffer_free(other) == BUMPER_OK);
    CHECK(bumper_buffer_free(buf) == BUMPER_OK);
}

static void test_null_buffer(void)
{
    bumper_checkpoint cp = { 0 };
    CHECK(bumper_buffer_free(NULL) == BUMPER_E_NULL_BUFFER);
    CHECK(ERROR_IS("bumper_buffer_free: buffer is NULL"));
    CHECK(bumper_alloc(NULL, 8, 8) == NULL);
    CHECK(ERROR_IS("bumper_alloc: buffer is NULL"));
    CHECK(bumper_checkpoint_save(NULL).status == BUMPER_E_NULL_BUFFER);
    CHECK(ERROR_IS("bumper_checkpoint_save: buffer is NULL"));
    CHECK(bumper_checkpoint_restore(NULL, cp) == BUMPER_E_NULL_BUFFER);
    CHECK(ERROR_IS("bumper_checkpoint_restore: buffer is NULL"));
    CHECK(bumper_reset(NULL) == BUMPER_E_NULL_BUFFER);
    CHECK(ERROR_IS("bumper_reset: buffer is NULL"));
    CHECK(bumper_used(NULL) == BUMPER_E_NULL_BUFFER);
    CHECK(ERROR_IS("bumper_used: buffer is NULL"));
    CHECK(bumper_capacity(NULL) == BUMPER_E_NULL_BUFFER);
    CHECK(ERROR_IS("bumper_capacity: buffer is NULL"));
}

static void test_invalid_and_freed_buffers(void)
{
    bumper_buffer *garbage = (bumper_buffer *)(uintptr_t)0xDEADBEEF;
    CHECK(bumper_alloc(garbage, 8, 8) == NULL);
    CHECK(ERROR_IS("bumper_alloc: 0xdeadbeef is not a buffer from bumper_buffer_new"));
    CHECK(bumper_used(garbage) == BUMPER_E_INVALID_BUFFER);
    CHECK(bumper_buffer_free(garbage) == BUMPER_E_INVALID_BUFFER);

    bumper_buffer *buf = bumper_buffer_new(64);
    CHECK(bumper_buffer_free(buf) == BUMPER_OK);

    /* Double free, and every other use after free. */
    CHECK(bumper_buffer_free(buf) == BUMPER_E_INVALID_BUFFER);
    CHECK(ERROR_HAS("was already freed"));
    CHECK(strncmp(bumper_last_error(), "bumper_buffer_free: buffer 0x", 29) == 0);
    CHECK(bumper_alloc(buf, 8, 8) == NULL);
    CHECK(ERROR_HAS("bumper_alloc: buffer 0x") && ERROR_HAS("was already freed"));
    CHECK(bumper_checkpoint_save(buf).status == BUMPER_E_INVALID_BUFFER);
    CHECK(bumper_checkpoint_restore(buf, (bumper_checkpoint){ 0 }) == BUMPER_E_INVALID_BUFFER);
    CHECK(bumper_reset(buf) == BUMPER_E_INVALID_BUFFER);
    CHECK(bumper_used(buf) == BUMPER_E_INVALID_BUFFER);
    CHECK(bumper_capacity(buf) == BUMPER_E_INVALID_BUFFER);

    /* The freed slot is reused: the old handle must stay dead and must not reach the new buffer. */
    bumper_buffer *reused = bumper_buffer_new(64);
    CHECK(reused != NULL && reused != buf);
    CHECK(bumper_buffer_free(buf) == BUMPER_E_INVALID_BUFFER);
    CHECK(bumper_capacity(reused) == 64);
    CHECK(bumper_buffer_free(reused) == BUMPER_OK);
}

static void test_threads(void)
{
    CHECK(bumper_alloc(NULL, 1, 1) == NULL); /* this thread now has an error */
    pthread_t t;
    void *result = NULL;
    CHECK(pthread_create(&t, NULL, other_thread_error, NULL) == 0);
    CHECK(pthread_join(t, &result) == 0);
    CHECK(result == (void *)1);
    CHECK(ERROR_IS("bumper_alloc: buffer is NULL"));

    bumper_buffer *buf = bumper_buffer_new(128);
    CHECK(pthread_create(&t, NULL, other_thread_uses_buffer, buf) == 0);
    CHECK(pthread_join(t, &result) == 0);
    CHECK(result != NULL);
    CHECK(bumper_used(buf) == 64);
    CHECK(bumper_buffer_free(buf) == BUMPER_OK);
}

static void test_many_buffers(void)
{
    enum { N = 100 };
    bumper_buffer *bufs[N];
    int ok = 1;
    for (int i = 0; i < N; i++) {
        bufs[i] = bumper_buffer_new((size_t)(i + 1) * 16);
        ok &= bufs[i] != NULL;
    }
    for (int i = 0; i < N; i++) {
        ok &= bumper_capacity(bufs[i]) == (i + 1) * 16;
    }
    for (int i = 0; i < N; i++) {
        ok &= bumper_buffer_free(bufs[i]) == BUMPER_OK;
    }
    CHECK(ok && "100 buffers: the handle table grows and every handle finds its own buffer");
}

static void test_unchecked_buffer(void)
{
    CHECK(bumper_buffer_new_ex(64, 0x80000000u | BUMPER_GROWABLE) == NULL);
    CHECK(ERROR_IS("bumper_buffer_new_ex: unknown flags 0x80000000 (known: BUMPER_UNCHECKED = 0x1, BUMPER_GROWABLE = 0x2)"));
    CHECK(bumper_buffer_new_ex(SIZE_MAX, BUMPER_UNCHECKED) == NULL);
    CHECK(ERROR_IS("bumper_buffer_new_ex: capacity 18446744073709551615 is above PTRDIFF_MAX"));

    bumper_buffer *buf = bumper_buffer_new_ex(256, BUMPER_UNCHECKED);
    CHECK(buf != NULL);
    bumper_checkpoint outer = bumper_checkpoint_save(buf);
    unsigned char *a = bumper_alloc(buf, 100, 1);
    memset(a, 0x5A, 100);
    bumper_checkpoint inner = bumper_checkpoint_save(buf);
    CHECK(bumper_alloc(buf, 50, 1) != NULL);
    CHECK(bumper_checkpoint_restore(buf, outer) == BUMPER_OK);
    CHECK(a[0] == 0x5A && a[99] == 0x5A); /* unchecked: released bytes are not poisoned */
    CHECK(bumper_checkpoint_restore(buf, inner) == BUMPER_E_STALE_CHECKPOINT); /* past the position */
    CHECK(bumper_used(buf) == 0);
    CHECK(bumper_buffer_free(buf) == BUMPER_OK);

    bumper_buffer *checked = bumper_buffer_new_ex(256, 0);
    bumper_checkpoint start = bumper_checkpoint_save(checked);
    unsigned char *b = bumper_alloc(checked, 10, 1);
    memset(b, 0x5A, 10);
    CHECK(bumper_checkpoint_restore(checked, start) == BUMPER_OK);
    CHECK(b[0] == 0xDB && b[9] == 0xDB); /* checked: released bytes are poisoned */
    CHECK(bumper_buffer_free(checked) == BUMPER_OK);
}

static void test_cursor(void)
{
    bumper_buffer *buf = bumper_buffer_new(256);
    unsigned char *first = bumper_alloc(buf, 8, 16);
    CHECK(first != NULL);

    bumper_cursor c;
    CHECK(bumper_cursor_open(buf, &c) == BUMPER_OK);
    CHECK(c.current == (uintptr_t)(first + 8) && c.start == c.current && c.limit == (uintptr_t)(first + 256));

    unsigned char *a = bumper_cursor_alloc(&c, 10, 1);
    unsigned char *b = bumper_cursor_alloc(&c, 8, 8);
    CHECK(a == first + 8);
    CHECK(b == first + 24); /* 18 rounded up to 8's multiple (the block is 64-aligned) */
    uintptr_t mark = bumper_cursor_mark(&c);
    CHECK(mark == (uintptr_t)(first + 32));
    unsigned char *d = bumper_cursor_alloc(&c, 64, 64);
    CHECK(d == first + 64);

    /* While the cursor is open the buffer refuses everything that allocates, moves or frees. */
    CHECK(bumper_alloc(buf, 1, 1) == NULL);
    CHECK(strncmp(bumper_last_error(), "bumper_alloc: a cursor is open on buffer 0x", 43) == 0);
    CHECK(ERROR_HAS("close it with bumper_cursor_close first"));
    CHECK(bumper_checkpoint_save(buf).status == BUMPER_E_BUSY);
    CHECK(bumper_checkpoint_restore(buf, (bumper_checkpoint){ 0 }) == BUMPER_E_BUSY);
    CHECK(bumper_reset(buf) == BUMPER_E_BUSY);
    CHECK(bumper_buffer_free(buf) == BUMPER_E_BUSY);
    bumper_cursor second;
    CHECK(bumper_cursor_open(buf, &second) == BUMPER_E_BUSY);
    CHECK(bumper_used(buf) == 8); /* the buffer learns the cursor's position when it closes */

    /* Bad requests fail through the library and leave the cursor where it was. */
    uintptr_t before = c.current;
    CHECK(bumper_cursor_alloc(&c, 8, 0) == NULL);
    CHECK(ERROR_IS("bumper_cursor_alloc: alignment 0 is not a power of two from 1 to 4096"));
    CHECK(bumper_cursor_alloc(&c, 8, 24) == NULL);
    CHECK(ERROR_IS("bumper_cursor_alloc: alignment 24 is not a power of two from 1 to 4096"));
    CHECK(bumper_cursor_alloc(&c, 8, 8192) == NULL);
    CHECK(bumper_cursor_alloc(&c, SIZE_MAX, 1) == NULL);
    CHECK(ERROR_IS("bumper_cursor_alloc: size 18446744073709551615 is above PTRDIFF_MAX"));
    CHECK(bumper_cursor_alloc(&c, 200, 1) == NULL); /* 128 + 200 > 256 */
    CHECK(ERROR_HAS("bumper_cursor_alloc: ") && ERROR_HAS("200"));
    CHECK(c.current == before);
    CHECK(bumper_cursor_alloc(&c, 128, 1) == first + 128); /* exactly what is left */
    CHECK(bumper_cursor_alloc(&c, 1, 1) == NULL);

    /* Marks. */
    CHECK(bumper_cursor_release(&c, mark) == BUMPER_OK);
    CHECK(c.current == mark);
    CHECK(bumper_cursor_alloc(&c, 1, 1) == first + 32);
    CHECK(bumper_cursor_release(&c, (uintptr_t)(first + 100)) == BUMPER_E_STALE_CHECKPOINT);
    CHECK(ERROR_HAS("bumper_cursor_release: mark 0x") && ERROR_HAS("is not between the cursor's start"));
    CHECK(bumper_cursor_release(&c, (uintptr_t)first) == BUMPER_E_STALE_CHECKPOINT); /* before the start */
    CHECK(c.current == (uintptr_t)(first + 33));

    /* A modified or copied struct is refused. */
    bumper_cursor forged = c;
    forged.current = (uintptr_t)first; /* before the range lent to the cursor */
    CHECK(bumper_cursor_close(&forged) == BUMPER_E_INVALID_CURSOR);
    CHECK(ERROR_HAS("is outside the range lent to it"));
    CHECK(bumper_cursor_close(NULL) == BUMPER_E_INVALID_CURSOR);
    CHECK(ERROR_IS("bumper_cursor_close: cursor is NULL"));

    /* A NULL cursor is refused by every cursor function, inline ones included, never dereferenced. */
    CHECK(bumper_cursor_alloc(NULL, 8, 8) == NULL);
    CHECK(ERROR_IS("bumper_cursor_alloc: cursor is NULL"));
    CHECK(bumper_cursor_release(NULL, 0) == BUMPER_E_INVALID_CURSOR);
    CHECK(ERROR_IS("bumper_cursor_release: cursor is NULL"));
    CHECK(bumper_cursor_mark(NULL) == 0);
    CHECK(c.current == (uintptr_t)(first + 33));
    CHECK(bumper_cursor_open(buf, NULL) == BUMPER_E_INVALID_CURSOR);

    CHECK(bumper_cursor_close(&c) == BUMPER_OK);
    CHECK(bumper_used(buf) == 33);
    CHECK(bumper_alloc(buf, 1, 1) == first + 33); /* the buffer continues after the cursor */

    /* A closed cursor fails through the library; closing it again too. */
    CHECK(bumper_cursor_alloc(&c, 8, 8) == NULL);
    CHECK(ERROR_HAS("bumper_cursor_alloc: no cursor is open on buffer 0x"));
    CHECK(bumper_cursor_alloc(&c, 0, 1) == NULL);
    CHECK(bumper_cursor_close(&c) == BUMPER_E_INVALID_CURSOR);
    CHECK(bumper_cursor_release(&c, 12345) == BUMPER_E_INVALID_CURSOR);

    /* Reopening after a restore reuses the released bytes. */
    CHECK(bumper_reset(buf) == BUMPER_OK);
    CHECK(bumper_cursor_open(buf, &c) == BUMPER_OK);
    CHECK(bumper_cursor_alloc(&c, 16, 16) == first);
    CHECK(bumper_cursor_close(&c) == BUMPER_OK);
    CHECK(bumper_buffer_free(buf) == BUMPER_OK);

    /* A cursor whose buffer was freed (after closing) refuses through the handle check. */
    CHECK(bumper_cursor_alloc(&c, 8, 8) == NULL);
    CHECK(ERROR_HAS("was already freed"));
    CHECK(bumper_cursor_open(NULL, &c) == BUMPER_E_NULL_BUFFER);
}

/* Every refused call leaves the buffer as it was: position, figures, and every live checkpoint. */
static void test_refused_calls_change_nothing(void)
{
    bumper_buffer *a = bumper_buffer_new(1 << 16);
    bumper_buffer *b = bumper_buffer_new(1 << 16);
    bumper_checkpoint a1 = bumper_checkpoint_save(a);
    CHECK(bumper_alloc(a, 100, 8) != NULL);
    bumper_checkpoint b1 = bumper_checkpoint_save(b);
    bumper_checkpoint a2 = bumper_checkpoint_save(a);
    CHECK(bumper_alloc(a, 50, 8) != NULL);
    CHECK(b1.serial == a1.serial); /* the foreign checkpoint's serial is one a has alive */

    /* Another buffer's checkpoint: refused, and a2 (saved after a1) stays alive. */
    CHECK(bumper_checkpoint_restore(a, b1) == BUMPER_E_STALE_CHECKPOINT);
    CHECK(ERROR_HAS("the checkpoint belongs to another buffer"));
    CHECK(bumper_used(a) == 154);

    /* A dead checkpoint (saved after a2, which was restored since) is refused the same way. */
    bumper_checkpoint a3 = bumper_checkpoint_save(a);
    CHECK(bumper_checkpoint_restore(a, a2) == BUMPER_OK);
    CHECK(bumper_alloc(a, 300, 8) != NULL);
    CHECK(bumper_checkpoint_restore(a, a3) == BUMPER_E_STALE_CHECKPOINT);
    CHECK(ERROR_HAS("it is dead"));
    CHECK(bumper_used(a) == 404); /* 100, 4 bytes of padding to 8, 300 */

    /* Bad sizes and alignments, and an allocation past the end. */
    CHECK(bumper_alloc(a, 16, 3) == NULL);
    CHECK(bumper_alloc(a, (size_t)PTRDIFF_MAX + 1, 8) == NULL);
    CHECK(bumper_alloc(a, 1 << 16, 8) == NULL);
    CHECK(bumper_used(a) == 404); /* 100, 4 bytes of padding to 8, 300 */

    /* Every checkpoint alive before the refusals still restores. */
    CHECK(bumper_checkpoint_restore(a, a2) == BUMPER_OK);
    CHECK(bumper_used(a) == 100);
    CHECK(bumper_checkpoint_restore(a, a1) == BUMPER_OK);
    CHECK(bumper_used(a) == 0);

    CHECK(bumper_buffer_free(b) == BUMPER_OK);
    CHECK(bumper_buffer_free(a) == BUMPER_OK);
}

static int all_bytes(const unsigned char *p, size_t n, unsigned char value)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != value)
            return 0;
    return 1;
}

static void test_alloc_zeroed(void)
{
    bumper_buffer *buf = bumper_buffer_new_ex(4096, BUMPER_UNCHECKED);
    bumper_checkpoint cp = bumper_checkpoint_save(buf);
    unsigned char *dirty = bumper_alloc(buf, 256, 64);
    memset(dirty, 0xEE, 256);
    CHECK(bumper_checkpoint_restore(buf, cp) == BUMPER_OK);

    /* The same bytes again, dirty from before (an unchecked buffer does not poison them). */
    unsigned char *zeroed = bumper_alloc_zeroed(buf, 256, 64);
    CHECK(zeroed == dirty);
    CHECK(all_bytes(zeroed, 256, 0));
    CHECK(bumper_used(buf) == 256);

    CHECK(bumper_alloc_zeroed(buf, 8, 3) == NULL);
    CHECK(ERROR_IS("bumper_alloc_zeroed: alignment 3 is not a power of two from 1 to 4096"));
    CHECK(bumper_alloc_zeroed(buf, SIZE_MAX, 1) == NULL);
    CHECK(ERROR_IS("bumper_alloc_zeroed: size 18446744073709551615 is above PTRDIFF_MAX"));
    CHECK(bumper_alloc_zeroed(buf, 4096, 1) == NULL);
    CHECK(ERROR_HAS("bumper_alloc_zeroed: "));
    CHECK(bumper_used(buf) == 256);
    CHECK(bumper_alloc_zeroed(NULL, 8, 8) == NULL);
    CHECK(ERROR_IS("bumper_alloc_zeroed: buffer is NULL"));
    CHECK(bumper_alloc_zeroed(buf, 0, 1) != NULL);
    CHECK(bumper_buffer_free(buf) == BUMPER_OK);
}

static void test_realloc(void)
{
    bumper_buffer *buf = bumper_buffer_new(4096);
    unsigned char *a = bumper_realloc(buf, NULL, 0, 16, 8);
    CHECK(a != NULL && aligned(a, 8));
    CHECK(bumper_used(buf) == 16);
    memset(a, 'x', 16);

    /* The last allocation grows and shrinks in place. */
    CHECK(bumper_realloc(buf, a, 16, 100, 8) == a);
    CHECK(bumper_used(buf) == 100);
    CHECK(all_bytes(a, 16, 'x'));
    CHECK(bumper_realloc(buf, a, 100, 10, 8) == a);
    CHECK(bumper_used(buf) == 10);

    /* Not the last one: a new allocation with the first min(old, new) bytes; a is left as it was. */
    unsigned char *b = bumper_alloc(buf, 8, 8);
    CHECK(b == a + 16);
    unsigned char *c = bumper_realloc(buf, a, 10, 20, 8);
    CHECK(c == a + 24);
    CHECK(all_bytes(c, 10, 'x'));
    CHECK(all_bytes(a, 10, 'x'));
    CHECK(bumper_used(buf) == 44);

    /* The last allocation, but asked for a stricter alignment than it has: moved. */
    unsigned char *d = bumper_realloc(buf, c, 20, 20, 16);
    CHECK(d == a + 48);
    CHECK(all_bytes(d, 10, 'x'));
    CHECK(bumper_used(buf) == 68);

    /* Shrinking a copy: only new_size bytes are copied. */
    unsigned char *e = bumper_realloc(buf, a, 16, 4, 1);
    CHECK(e == a + 68 && all_bytes(e, 4, 'x'));
    CHECK(bumper_used(buf) == 72);

    /* Refusals change nothing: too big for the block, bad sizes, bad alignment, no buffer. */
    CHECK(bumper_realloc(buf, e, 4, 5000, 1) == NULL);
    CHECK(ERROR_HAS("bumper_realloc: "));
    CHECK(bumper_realloc(buf, e, (size_t)PTRDIFF_MAX + 1, 8, 1) == NULL);
    CHECK(ERROR_IS("bumper_realloc: old_size 9223372036854775808 is above PTRDIFF_MAX"));
    CHECK(bumper_realloc(buf, e, 4, SIZE_MAX, 1) == NULL);
    CHECK(ERROR_IS("bumper_realloc: size 18446744073709551615 is above PTRDIFF_MAX"));
    CHECK(bumper_realloc(buf, e, 4, 8, 6) == NULL);
    CHECK(ERROR_IS("bumper_realloc: alignment 6 is not a power of two from 1 to 4096"));
    CHECK(bumper_realloc(NULL, e, 4, 8, 1) == NULL);
    CHECK(ERROR_IS("bumper_realloc: buffer is NULL"));
    CHECK(bumper_used(buf) == 72 && all_bytes(e, 4, 'x'));

    /* Up to the last byte in place, one byte more is full. */
    CHECK(bumper_realloc(buf, e, 4, 4096 - 68, 1) == e);
    CHECK(bumper_used(buf) == 4096);
    CHECK(bumper_realloc(buf, e, 4096 - 68, 4096 - 67, 1) == NULL);
    CHECK(bumper_used(buf) == 4096);
    CHECK(bumper_buffer_free(buf) == BUMPER_OK);

    /* A growable buffer moves a full block's last allocation to a new block and copies it; the
       block left behind counts as used whole (256 + 1000). */
    bumper_buffer *g = bumper_buffer_new_ex(256, BUMPER_GROWABLE);
    unsigned char *f = bumper_alloc(g, 200, 1);
    memset(f, 'y', 200);
    unsigned char *moved = bumper_realloc(g, f, 200, 1000, 1);
    CHECK(moved != NULL && moved != f && aligned(moved, 64));
    CHECK(all_bytes(moved, 200, 'y'));
    CHECK(bumper_used(g) == 1256 && bumper_capacity(g) == 256 + 4096);
    CHECK(bumper_buffer_free(g) == BUMPER_OK);

    /* In a later block the last allocation shrinks to nothing and grows again in place. */
    bumper_buffer *h = bumper_buffer_new_ex(64, BUMPER_GROWABLE);
    unsigned char *later = bumper_alloc(h, 100, 1);
    CHECK(bumper_used(h) == 164);
    CHECK(bumper_realloc(h, later, 100, 0, 1) == later);
    CHECK(bumper_used(h) == 64);
    CHECK(bumper_realloc(h, later, 0, 50, 1) == later);
    CHECK(bumper_used(h) == 114);
    CHECK(bumper_buffer_free(h) == BUMPER_OK);
}

static void test_strings_and_typed_arrays(void)
{
    bumper_buffer *buf = bumper_buffer_new(256);
    const char *hello = "hello";
    char *s = bumper_strdup(buf, hello);
    CHECK(s != NULL && s != hello && strcmp(s, "hello") == 0);
    CHECK(bumper_used(buf) == 6);
    CHECK(strcmp(bumper_strndup(buf, "hello", 3), "hel") == 0);
    CHECK(strcmp(bumper_strndup(buf, "hi", 10), "hi") == 0);
    const char unterminated[4] = {'a', 'b', 'c', 'd'};
    CHECK(strcmp(bumper_strndup(buf, unterminated, sizeof unterminated), "abcd") == 0);
    CHECK(bumper_used(buf) == 6 + 4 + 3 + 5);

    const unsigned char bytes[5] = {1, 2, 0, 4, 5};
    unsigned char *copy = bumper_memdup(buf, bytes, sizeof bytes);
    CHECK(copy != NULL && memcmp(copy, bytes, sizeof bytes) == 0);
    CHECK(bumper_memdup(buf, NULL, 0) != NULL);

    int64_t before = bumper_used(buf);
    char *text = bumper_sprintf(buf, "%s-%d-%.1f", "x", 42, 2.5);
    CHECK(text != NULL && strcmp(text, "x-42-2.5") == 0);
    CHECK(bumper_used(buf) == before + 9);
    CHECK(strcmp(bumper_sprintf(buf, "%s", ""), "") == 0);

    double *xs = BUMPER_NEW(buf, double, 4);
    CHECK(xs != NULL && aligned(xs, _Alignof(double)));
    xs[3] = 1.5;
    CHECK(xs[3] == 1.5);
    CHECK(BUMPER_NEW(buf, double, SIZE_MAX / 4) == NULL); /* n * sizeof(double) overflows */
    CHECK(ERROR_HAS("is above PTRDIFF_MAX"));
    CHECK(BUMPER_NEW(buf, double, 1000) == NULL);       /* fits size_t, not the buffer */
    CHECK(ERROR_HAS("bumper_alloc: "));
    CHECK(bumper_array_size(SIZE_MAX / 2, 3) == SIZE_MAX);
    CHECK(bumper_array_size(7, 0) == 0);

    /* Refusals: a full buffer gives NULL and keeps its used bytes. */
    before = bumper_used(buf);
    char big[300];
    memset(big, 'z', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    CHECK(bumper_strdup(buf, big) == NULL);
    CHECK(bumper_strndup(buf, big, 299) == NULL);
    CHECK(bumper_memdup(buf, big, 300) == NULL);
    CHECK(bumper_sprintf(buf, "%s", big) == NULL);
    CHECK(bumper_used(buf) == before);
    CHECK(bumper_strdup(NULL, "a") == NULL);
    CHECK(ERROR_IS("bumper_alloc: buffer is NULL"));
    CHECK(bumper_buffer_free(buf) == BUMPER_OK);
}

static void test_stats(void)
{
    bumper_buffer *buf = bumper_buffer_new(4096);
    CHECK(bumper_alloc(buf, 1000, 1) != NULL);
    bumper_checkpoint cp = bumper_checkpoint_save(buf);
    CHECK(bumper_alloc(buf, 500, 1) != NULL);
    CHECK(bumper_checkpoint_restore(buf, cp) == BUMPER_OK);

    bumper_stats st = {sizeof st, -1, -1, -1, -1, -1, -1};
    CHECK(bumper_get_stats(buf, &st) == BUMPER_OK);
    CHECK(st.size == sizeof st && st.used == 1000 && st.capacity == 4096 && st.peak == 1500);
    CHECK(st.max_capacity == 0 && st.blocks == 1 && st.retained == 0);

    /* A caller compiled against a larger, later struct: only the fields known now are written. */
    struct { bumper_stats v1; int64_t later; } wide = {{sizeof wide, 0, 0, 0, 0, 0, 0}, -7};
    CHECK(bumper_get_stats(buf, &wide.v1) == BUMPER_OK);
    CHECK(wide.v1.used == 1000 && wide.later == -7);

    /* Too small for the first version, NULL, or no buffer: refused, *out untouched. */
    bumper_stats small = {offsetof(bumper_stats, blocks), -1, -1, -1, -1, -1, -1};
    CHECK(bumper_get_stats(buf, &small) == BUMPER_E_INVALID_ARGUMENT);
    CHECK(ERROR_IS("bumper_get_stats: out->size is 40, below the 48 bytes of bumper_stats; set it to sizeof(bumper_stats)"));
    CHECK(small.used == -1 && small.blocks == -1);
    CHECK(bumper_get_stats(buf, NULL) == BUMPER_E_INVALID_ARGUMENT);
    CHECK(ERROR_IS("bumper_get_stats: out is NULL"));
    CHECK(bumper_get_stats(NULL, &st) == BUMPER_E_NULL_BUFFER);
    CHECK(bumper_buffer_free(buf) == BUMPER_OK);
    CHECK(bumper_get_stats(buf, &st) == BUMPER_E_INVALID_BUFFER);
    CHECK(ERROR_HAS("was already freed"));
    CHECK(st.used == 1000);
}

static void test_growable_buffer(void)
{
    bumper_buffer *g = bumper_buffer_new_ex(1024, BUMPER_GROWABLE);
    CHECK(g != NULL);
    bumper_checkpoint empty = bumper_checkpoint_save(g);
    unsigned char *a = bumper_alloc(g, 1000, 1);
    memset(a, 'a', 1000);
    bumper_checkpoint one = bumper_checkpoint_save(g);

    /* Full: a new block of twice the size, at least 4 KiB; the first block counts as used whole. */
    unsigned char *b = bumper_alloc(g, 1000, 1);
    CHECK(b != NULL && aligned(b, 64) && (b < a || b >= a + 1000));
    memset(b, 'b', 1000);
    bumper_stats st = {sizeof st, 0, 0, 0, 0, 0, 0};
    CHECK(bumper_get_stats(g, &st) == BUMPER_OK);
    CHECK(st.used == 2024 && st.capacity == 1024 + 4096 && st.peak == 2024 && st.blocks == 2 && st.max_capacity == 0);

    /* Larger than the next block (8 KiB): a block of its own, and bumping carries on after b. */
    unsigned char *big = bumper_alloc(g, 100000, 64);
    CHECK(big != NULL && aligned(big, 64));
    CHECK(bumper_get_stats(g, &st) == BUMPER_OK);
    CHECK(st.capacity == 5120 + 100000 && st.blocks == 3 && st.used == 102024);
    CHECK(bumper_alloc(g, 8, 8) == b + 1000);
    CHECK(all_bytes(a, 1000, 'a') && all_bytes(b, 1000, 'b'));

    /* A restore keeps the later block and the dedicated block for the next round; a checkpoint past it is dead. */
    bumper_checkpoint in_second = bumper_checkpoint_save(g);
    CHECK(bumper_checkpoint_restore(g, one) == BUMPER_OK);
    CHECK(bumper_get_stats(g, &st) == BUMPER_OK);
    CHECK(st.used == 1000 && st.capacity == 5120 + 100000 && st.blocks == 3 && st.peak == 102032);
    CHECK(bumper_checkpoint_restore(g, in_second) == BUMPER_E_STALE_CHECKPOINT);
    CHECK(bumper_used(g) == 1000 && all_bytes(a, 1000, 'a'));

    /* The next crossing takes the kept block, and the next large request the kept dedicated block:
     * the same addresses, no new memory. */
    CHECK(bumper_alloc(g, 1000, 1) == b);
    CHECK(bumper_alloc(g, 100000, 64) == big);
    CHECK(bumper_capacity(g) == 5120 + 100000);

    /* A reset keeps every block and bumps from the first one's start. */
    CHECK(bumper_reset(g) == BUMPER_OK);
    CHECK(bumper_get_stats(g, &st) == BUMPER_OK);
    CHECK(st.capacity == 5120 + 100000 && st.used == 0 && st.peak == 0 && st.blocks == 3);
    CHECK(bumper_alloc(g, 8, 8) == a);
    CHECK(bumper_checkpoint_restore(g, empty) == BUMPER_E_STALE_CHECKPOINT);
    CHECK(bumper_buffer_free(g) == BUMPER_OK);

    /* A cursor on a growable buffer takes new blocks as it goes. */
    bumper_buffer *gc = bumper_buffer_new_ex(128, BUMPER_GROWABLE | BUMPER_UNCHECKED);
    bumper_cursor c;
    CHECK(bumper_cursor_open(gc, &c) == BUMPER_OK);
    CHECK(bumper_cursor_alloc(&c, 100, 1) != NULL);
    CHECK(bumper_cursor_alloc(&c, 100, 1) != NULL);
    CHECK(bumper_cursor_close(&c) == BUMPER_OK);
    CHECK(bumper_used(gc) == 128 + 100 && bumper_capacity(gc) == 128 + 4096);
    CHECK(bumper_buffer_free(gc) == BUMPER_OK);

    CHECK(bumper_buffer_new_ex(64, 4) == NULL);
    CHECK(ERROR_IS("bumper_buffer_new_ex: unknown flags 0x4 (known: BUMPER_UNCHECKED = 0x1, BUMPER_GROWABLE = 0x2)"));
}

static void test_growable_max_block(void)
{
    /* Blocks double from the first block's size up to max_block, then stay at it. */
    bumper_buffer *g = bumper_buffer_new_growable(4096, 8192, 0);
    CHECK(g != NULL);
    CHECK(bumper_alloc(g, 4096, 1) != NULL);
    CHECK(bumper_alloc(g, 8192, 1) != NULL);
    CHECK(bumper_capacity(g) == 4096 + 8192);
    CHECK(bumper_alloc(g, 8192, 1) != NULL);
    CHECK(bumper_capacity(g) == 4096 + 8192 + 8192);
    /* A request larger than the next block gets a block of its own, and bumping carries on in the current one. */
    unsigned char *last = bumper_alloc(g, 100, 1);
    CHECK(last != NULL && bumper_capacity(g) == 4096 + 3 * 8192);
    CHECK(bumper_alloc(g, 10000, 1) != NULL);
    bumper_stats st = {sizeof st, 0, 0, 0, 0, 0, 0};
    CHECK(bumper_get_stats(g, &st) == BUMPER_OK);
    CHECK(st.capacity == 4096 + 3 * 8192 + 10000 && st.blocks == 5 && st.used == 4096 + 2 * 8192 + 100 + 10000);
    CHECK(bumper_alloc(g, 1, 1) == last + 100);
    CHECK(bumper_buffer_free(g) == BUMPER_OK);

    /* max_block 0 is the default (1 MiB): the same buffer's third block doubles to 16 KiB. */
    bumper_buffer *d = bumper_buffer_new_growable(4096, 0, BUMPER_GROWABLE);
    CHECK(bumper_alloc(d, 4096, 1) != NULL && bumper_alloc(d, 8192, 1) != NULL && bumper_alloc(d, 8192, 1) != NULL);
    CHECK(bumper_capacity(d) == 4096 + 8192 + 16384);
    CHECK(bumper_buffer_free(d) == BUMPER_OK);

    /* A first block larger than max_block is kept at its own size; an empty first block takes 4 KiB. */
    bumper_buffer *big = bumper_buffer_new_growable(65536, 4096, BUMPER_UNCHECKED);
    CHECK(bumper_alloc(big, 65536, 1) != NULL && bumper_alloc(big, 1, 1) != NULL);
    CHECK(bumper_capacity(big) == 2 * 65536);
    CHECK(bumper_buffer_free(big) == BUMPER_OK);
    bumper_buffer *empty = bumper_buffer_new_growable(0, 4096, 0);
    CHECK(bumper_capacity(empty) == 0 && bumper_alloc(empty, 1, 1) != NULL && bumper_capacity(empty) == 4096);
    CHECK(bumper_buffer_free(empty) == BUMPER_OK);

    /* Refused: the sizes and the flags. */
    CHECK(bumper_buffer_new_growable(64, 4095, 0) == NULL);
    CHECK(ERROR_IS("bumper_buffer_new_growable: max_block 4095 is outside 4096..PTRDIFF_MAX (0 takes the default, 1048576 bytes)"));
    CHECK(bumper_buffer_new_growable(64, (size_t)PTRDIFF_MAX + 1, 0) == NULL);
    CHECK(ERROR_IS("bumper_buffer_new_growable: max_block 9223372036854775808 is outside 4096..PTRDIFF_MAX (0 takes the default, 1048576 bytes)"));
    CHECK(bumper_buffer_new_growable((size_t)PTRDIFF_MAX + 1, 4096, 0) == NULL);
    CHECK(ERROR_IS("bumper_buffer_new_growable: first_block 9223372036854775808 is above PTRDIFF_MAX"));
    CHECK(bumper_buffer_new_growable(64, 4096, 4) == NULL);
    CHECK(ERROR_IS("bumper_buffer_new_growable: unknown flags 0x4 (known: BUMPER_UNCHECKED = 0x1, BUMPER_GROWABLE = 0x2)"));
}

/* A growable buffer keeps what a restore releases, says so in its stats, and gives it back on request. */
static void test_retention(void)
{
    bumper_buffer *g = bumper_buffer_new_growable(4096, 4096, 0);
    CHECK(g != NULL);
    bumper_checkpoint empty = bumper_checkpoint_save(g);
    bumper_stats st = {sizeof st, 0, 0, 0, 0, 0, 0};
    /* Three rounds of four 4 KiB blocks and a dedicated block: the same addresses and figures each time. */
    void *first[5] = {0};
    int same = 1;
    for (int round = 0; round < 3; round++) {
        for (int i = 0; i < 5; i++) {
            void *p = bumper_alloc(g, i < 4 ? 4000 : 10000, 8);
            same = same && p != NULL && (round == 0 || p == first[i]);
            first[i] = p;
        }
        same = same && bumper_checkpoint_restore(g, empty) == BUMPER_OK && bumper_get_stats(g, &st) == BUMPER_OK
               && st.used == 0 && st.capacity == 4 * 4096 + 10000 && st.retained == 3 * 4096 + 10000 && st.blocks == 5;
    }
    CHECK(same);

    /* Within 4096 kept bytes: the dedicated block goes first, then blocks from the chain's end. */
    CHECK(bumper_buffer_set_max_retained(g, 4096) == BUMPER_OK);
    CHECK(bumper_get_stats(g, &st) == BUMPER_OK);
    CHECK(st.retained == 4096 && st.capacity == 8192 && st.blocks == 2);
    CHECK(bumper_trim(g) == BUMPER_OK);
    CHECK(bumper_get_stats(g, &st) == BUMPER_OK);
    CHECK(st.retained == 0 && st.capacity == 4096 && st.blocks == 1);
    CHECK(bumper_buffer_set_max_retained(g, BUMPER_KEEP_ALL) == BUMPER_OK);

    /* A caller compiled against the first bumper_stats (48 bytes) does not get retained written. */
    st.retained = 12345;
    st.size = 48;
    CHECK(bumper_get_stats(g, &st) == BUMPER_OK && st.retained == 12345);

    /* Refusals, each changing nothing. */
    CHECK(bumper_buffer_set_max_retained(g, (size_t)PTRDIFF_MAX + 1) == BUMPER_E_INVALID_SIZE);
    CHECK(ERROR_IS("bumper_buffer_set_max_retained: max_retained 9223372036854775808 is above PTRDIFF_MAX"));
    CHECK(bumper_buffer_set_max_retained(NULL, 0) == BUMPER_E_NULL_BUFFER);
    CHECK(bumper_trim(NULL) == BUMPER_E_NULL_BUFFER);
    bumper_cursor c;
    CHECK(bumper_cursor_open(g, &c) == BUMPER_OK);
    CHECK(bumper_trim(g) == BUMPER_E_BUSY);
    CHECK(bumper_buffer_set_max_retained(g, 0) == BUMPER_E_BUSY);
    CHECK(bumper_cursor_close(&c) == BUMPER_OK);
    bumper_buffer *fixed = bumper_buffer_new(64);
    CHECK(bumper_buffer_set_max_retained(fixed, 0) == BUMPER_E_NOT_GROWABLE);
    CHECK(ERROR_HAS("is fixed; it keeps nothing past its one block"));
    CHECK(bumper_trim(fixed) == BUMPER_OK && bumper_capacity(fixed) == 64);
    CHECK(bumper_buffer_free(fixed) == BUMPER_OK);
    CHECK(bumper_trim(fixed) == BUMPER_E_INVALID_BUFFER);
    CHECK(bumper_buffer_free(g) == BUMPER_OK);
}

static void test_limit(void)
{
    bumper_buffer *g = bumper_buffer_new_ex(1024, BUMPER_GROWABLE | BUMPER_UNCHECKED);
    CHECK(bumper_buffer_set_max_capacity(g, 4096) == BUMPER_OK);
    bumper_stats st = {sizeof st, 0, 0, 0, 0, 0, 0};
    CHECK(bumper_get_stats(g, &st) == BUMPER_OK && st.max_capacity == 4096);
    CHECK(bumper_alloc(g, 1024, 1) != NULL);
    CHECK(bumper_alloc(g, 3000, 1) != NULL); /* the next block is only the 3072 bytes the limit leaves */
    CHECK(bumper_capacity(g) == 4096 && bumper_used(g) == 4024);

    /* Past the limit: BUMPER_E_FULL's message, and nothing changed. */
    CHECK(bumper_alloc(g, 100, 1) == NULL);
    CHECK(ERROR_HAS("bumper_alloc: "));
    CHECK(bumper_get_stats(g, &st) == BUMPER_OK);
    CHECK(st.used == 4024 && st.capacity == 4096 && st.peak == 4024 && st.blocks == 2);
    CHECK(bumper_alloc(g, 72, 1) != NULL); /* what the block has left is still given */

    /* Refused limits leave the old one. */
    CHECK(bumper_buffer_set_max_capacity(g, 100) == BUMPER_E_INVALID_SIZE);
    CHECK(ERROR_IS("bumper_buffer_set_max_capacity: max_capacity 100 is below the 4096 bytes the buffer holds now"));
    CHECK(bumper_buffer_set_max_capacity(g, SIZE_MAX) == BUMPER_E_INVALID_SIZE);
    CHECK(ERROR_IS("bumper_buffer_set_max_capacity: max_capacity 18446744073709551615 is above PTRDIFF_MAX"));
    CHECK(bumper_get_stats(g, &st) == BUMPER_OK && st.max_capacity == 4096);

    /* 0 lifts it: the next block doubles the 3072-byte one. */
    CHECK(bumper_buffer_set_max_capacity(g, 0) == BUMPER_OK);
    CHECK(bumper_alloc(g, 100, 1) != NULL);
    CHECK(bumper_get_stats(g, &st) == BUMPER_OK && st.max_capacity == 0 && st.capacity == 4096 + 6144);

    /* A reset keeps every block (1024 + 3072 + 6144 bytes); a limit may not go below them. */
    CHECK(bumper_reset(g) == BUMPER_OK);
    CHECK(bumper_capacity(g) == 10240 && bumper_used(g) == 0);
    CHECK(bumper_buffer_set_max_capacity(g, 6143) == BUMPER_E_INVALID_SIZE);
    CHECK(ERROR_IS("bumper_buffer_set_max_capacity: max_capacity 6143 is below the 10240 bytes the buffer holds now"));
    /* 5000 bytes fit the kept 6144-byte block, not the 3072-byte one before it: it is entered next. */
    CHECK(bumper_alloc(g, 5000, 1) != NULL);
    CHECK(bumper_capacity(g) == 10240 && bumper_used(g) == 1024 + 5000);
    /* 5000 more fit no kept block: a dedicated block. */
    CHECK(bumper_alloc(g, 5000, 1) != NULL);
    CHECK(bumper_buffer_set_max_capacity(g, 15239) == BUMPER_E_INVALID_SIZE);  /* holds 10240 + 5000 */
    CHECK(bumper_buffer_set_max_capacity(g, 15240) == BUMPER_OK);

    bumper_buffer *fixed = bumper_buffer_new(64);
    CHECK(bumper_buffer_set_max_capacity(fixed, 4096) == BUMPER_E_NOT_GROWABLE);
    CHECK(ERROR_HAS("is fixed; a limit applies only to a BUMPER_GROWABLE buffer"));
    CHECK(bumper_buffer_set_max_capacity(NULL, 4096) == BUMPER_E_NULL_BUFFER);
    CHECK(bumper_buffer_free(fixed) == BUMPER_OK);
    CHECK(bumper_buffer_set_max_capacity(fixed, 4096) == BUMPER_E_INVALID_BUFFER);
    CHECK(bumper_buffer_free(g) == BUMPER_OK);
}

/* The head bumper.h's inline bumper_alloc bumps for `buf`, or NULL if the buffer has none. */
static const bumper_head *head_of(bumper_buffer *buf)
{
    const bumper_head_table *table = bumper_heads();
    uint32_t slot = (uint32_t)(uintptr_t)buf - 1u;
    if (table == NULL || slot >= table->count)
        return NULL;
    return table->heads + slot;
}

/* The inline path alone: a table of this program's own stands in for the library's, so every address
 * below comes from the header's bump, and anything the head cannot serve reaches the library, which
 * has never heard of the handle. */
static bumper_head fake_heads[4];

static void test_inline_alloc_bumps_the_head_without_the_library(void)
{
    static _Alignas(64) unsigned char block[128];
    bumper_buffer *made_up = (bumper_buffer *)(((uintptr_t)0x7777 << 32) | 3); /* slot 2, a generation never handed out */
    fake_heads[2].handle = (uint64_t)(uintptr_t)made_up;
    fake_heads[2].current = (uintptr_t)block + 1;
    fake_heads[2].limit = (uintptr_t)block + 128;
    bumper_head_table *cache = bumper_head_cache();
    bumper_head_table library_table = *cache;
    cache->count = 4;
    cache->heads = fake_heads;

    CHECK(bumper_alloc(made_up, 10, 1) == block + 1);
    CHECK(bumper_alloc(made_up, 8, 8) == block + 16);
    CHECK(bumper_alloc(made_up, 0, 64) == block + 64);
    CHECK(bumper_alloc_zeroed(made_up, 16, 16) == block + 64);
    CHECK(all_bytes(block + 64, 16, 0));
    double *xs = BUMPER_NEW(made_up, double, 2);
    CHECK((unsigned char *)xs == block + 80);
    CHECK(strcmp(bumper_strdup(made_up, "head"), "head") == 0);
    CHECK(fake_heads[2].current == (uintptr_t)block + 101);

    /* What the head cannot serve (no room, a bad alignment or size) goes to the library, which refuses
     * the made-up handle before it looks at the request; the head is unchanged. */
    CHECK(bumper_alloc(made_up, 28, 1) == NULL); /* 101 + 28 > 128 */
    CHECK(ERROR_IS("bumper_alloc: 0x777700000003 is not a buffer from bumper_buffer_new"));
    bumper_alloc(NULL, 1, 1);
    CHECK(bumper_alloc(made_up, 1, 3) == NULL);
    CHECK(ERROR_IS("bumper_alloc: 0x777700000003 is not a buffer from bumper_buffer_new"));
    bumper_alloc(NULL, 1, 1);
    CHECK(bumper_alloc(made_up, SIZE_MAX, 1) == NULL);
    CHECK(ERROR_IS("bumper_alloc: 0x777700000003 is not a buffer from bumper_buffer_new"));
    CHECK(bumper_alloc_zeroed(made_up, 64, 1) == NULL);
    CHECK(ERROR_IS("bumper_alloc_zeroed: 0x777700000003 is not a buffer from bumper_buffer_new"));
    /* The same slot with another generation, and a slot past the table's count: never bumped. */
    CHECK(bumper_alloc((bumper_buffer *)(((uintptr_t)0x7778 << 32) | 3), 1, 1) == NULL);
    CHECK(bumper_alloc((bumper_buffer *)(((uintptr_t)0x7777 << 32) | 5), 1, 1) == NULL);
    CHECK(ERROR_HAS("is not a buffer from bumper_buffer_new"));
    CHECK(fake_heads[2].current == (uintptr_t)block + 101 && fake_heads[2].limit == (uintptr_t)block + 128);
    CHECK(bumper_alloc(made_up, 27, 1) == block + 101); /* exactly what is left */

    *cache = library_table;
}

static void test_inline_alloc_and_the_library_share_one_position(void)
{
    bumper_buffer *buf = bumper_buffer_new(256);
    const bumper_head *head = head_of(buf);
    CHECK(head != NULL && head->handle == (uint64_t)(uintptr_t)buf);
    CHECK(head->limit - head->current == 256);
    unsigned char *start = (unsigned char *)head->current;

    /* Inline allocations move the head; every export sees them first and lends the head back unchanged. */
    CHECK(bumper_alloc(buf, 10, 1) == start);
    CHECK(bumper_alloc(buf, 8, 8) == start + 16);
    CHECK(head->current == (uintptr_t)(start + 24));
    CHECK(bumper_used(buf) == 24);
    bumper_stats st = {sizeof st, 0, 0, 0, 0, 0, 0};
    CHECK(bumper_get_stats(buf, &st) == BUMPER_OK && st.used == 24 && st.peak == 24);
    CHECK(head->handle == (uint64_t)(uintptr_t)buf && head->current == (uintptr_t)(start + 24) && head->limit == (uintptr_t)(start + 256));
    bumper_checkpoint cp = bumper_checkpoint_save(buf);
    unsigned char *x = bumper_alloc(buf, 100, 4);
    CHECK(x == start + 24);
    memset(x, 0x5A, 100);
    CHECK(bumper_realloc(buf, x, 100, 132, 4) == x); /* in place: x is the last allocation */
    CHECK(bumper_used(buf) == 156 && head->current == (uintptr_t)(start + 156));

    /* Full: the library refuses, and the position, the figures and the checkpoint are as they were. */
    CHECK(bumper_alloc(buf, 101, 1) == NULL);
    CHECK(ERROR_IS("bumper_alloc: The buffer is full: 101 bytes were requested, 156 of its 256 bytes are in use, so 100 are free. The buffer is unchanged."));
    CHECK(bumper_alloc(buf, 8, 6) == NULL);
    CHECK(ERROR_IS("bumper_alloc: alignment 6 is not a power of two from 1 to 4096"));
    CHECK(head->current == (uintptr_t)(start + 156) && bumper_used(buf) == 156);
    CHECK(bumper_alloc(buf, 100, 1) == start + 156);

    /* A checked restore poisons what the head handed out; a checkpoint saved past it is then dead. */
    bumper_checkpoint inner = bumper_checkpoint_save(buf);
    CHECK(bumper_checkpoint_restore(buf, cp) == BUMPER_OK);
    CHECK(all_bytes(x, 232, 0xDB));
    CHECK(head->current == (uintptr_t)(start + 24) && bumper_used(buf) == 24);
    CHECK(bumper_checkpoint_restore(buf, inner) == BUMPER_E_STALE_CHECKPOINT);
    CHECK(bumper_get_stats(buf, &st) == BUMPER_OK && st.used == 24 && st.peak == 256);

    /* A cursor takes the pointer from the head: bumper_alloc is refused until it closes. */
    bumper_cursor c;
    CHECK(bumper_cursor_open(buf, &c) == BUMPER_OK);
    CHECK(head->handle == 0 && c.current == (uintptr_t)(start + 24));
    CHECK(bumper_alloc(buf, 1, 1) == NULL);
    CHECK(strncmp(bumper_last_error(), "bumper_alloc: a cursor is open on buffer 0x", 43) == 0);
    CHECK(bumper_alloc_zeroed(buf, 1, 1) == NULL);
    CHECK(strncmp(bumper_last_error(), "bumper_alloc_zeroed: a cursor is open on buffer 0x", 50) == 0);
    CHECK(bumper_cursor_alloc(&c, 8, 1) == start + 24);
    CHECK(bumper_cursor_close(&c) == BUMPER_OK);
    CHECK(head->handle == (uint64_t)(uintptr_t)buf && head->current == (uintptr_t)(start + 32));
    CHECK(bumper_alloc(buf, 1, 1) == start + 32);

    /* Freed: the head is withdrawn, and the old handle stays refused after its slot is reused. */
    CHECK(bumper_buffer_free(buf) == BUMPER_OK);
    CHECK(head->handle == 0);
    CHECK(bumper_alloc(buf, 1, 1) == NULL);
    CHECK(ERROR_HAS("bumper_alloc: buffer 0x") && ERROR_HAS("was already freed"));
    bumper_buffer *reused = bumper_buffer_new(64);
    CHECK(head_of(reused) == head && head->handle == (uint64_t)(uintptr_t)reused);
    CHECK(bumper_alloc(buf, 1, 1) == NULL && ERROR_HAS("was already freed"));
    CHECK(bumper_alloc(reused, 64, 1) != NULL && bumper_used(reused) == 64);
    CHECK(bumper_buffer_free(reused) == BUMPER_OK);
}

static void test_inline_alloc_refuses_forged_handles(void)
{
    bumper_buffer *buf = bumper_buffer_new(64);
    const bumper_head *head = head_of(buf);
    uintptr_t before = head->current;
    /* The live buffer's slot with other generations, a slot far past every table, and NULL's low half. */
    bumper_buffer *other_generation = (bumper_buffer *)((uintptr_t)buf + ((uintptr_t)1 << 32));
    bumper_buffer *bare_slot = (bumper_buffer *)((uintptr_t)buf & 0xFFFFFFFFu);
    bumper_buffer *far = (bumper_buffer *)(uintptr_t)0x12345678FFFFFFF0u;
    bumper_buffer *zero_slot = (bumper_buffer *)(uintptr_t)0x500000000u;
    CHECK(bumper_alloc(other_generation, 8, 8) == NULL);
    CHECK(ERROR_HAS("is not a buffer from bumper_buffer_new"));
    CHECK(bumper_alloc(bare_slot, 8, 8) == NULL);
    CHECK(ERROR_HAS("is not a buffer from bumper_buffer_new"));
    CHECK(bumper_alloc(far, 8, 8) == NULL);
    CHECK(ERROR_IS("bumper_alloc: 0x12345678fffffff0 is not a buffer from bumper_buffer_new"));
    CHECK(bumper_alloc_zeroed(zero_slot, 8, 8) == NULL);
    CHECK(ERROR_IS("bumper_alloc_zeroed: 0x500000000 is not a buffer from bumper_buffer_new"));
    CHECK(bumper_memdup(far, "x", 1) == NULL);
    CHECK(bumper_alloc(NULL, 0, 1) == NULL);
    CHECK(ERROR_IS("bumper_alloc: buffer is NULL"));
    CHECK(head->current == before && bumper_used(buf) == 0);
    CHECK(bumper_buffer_free(buf) == BUMPER_OK);
}

static void test_inline_alloc_crosses_growable_blocks(void)
{
    bumper_buffer *g = bumper_buffer_new_ex(256, BUMPER_GROWABLE);
    const bumper_head *head = head_of(g);
    unsigned char *first = bumper_alloc(g, 200, 1);
    CHECK(first != NULL && head->limit == (uintptr_t)(first + 256));

    /* Past the first block: the library takes a 4 KiB block and lends its rest to the head. */
    unsigned char *second = bumper_alloc(g, 100, 1);
    CHECK(second != NULL && aligned(second, 64) && (second >= first + 256 || second + 4096 <= first));
    CHECK(head->current == (uintptr_t)(second + 100) && head->limit == (uintptr_t)(second + 4096));
    CHECK(bumper_alloc(g, 8, 8) == second + 104);
    CHECK(bumper_used(g) == 256 + 112 && bumper_capacity(g) == 256 + 4096);

    /* Larger than the next block: a block of its own; the head carries on where it was. */
    unsigned char *big = bumper_alloc(g, 10000, 64);
    CHECK(big != NULL && (big + 10000 <= second || big >= second + 4096));
    CHECK(bumper_alloc(g, 1, 1) == second + 112);
    CHECK(bumper_used(g) == 256 + 113 + 10000);
    CHECK(bumper_buffer_free(g) == BUMPER_OK);
}

typedef struct {
    bumper_buffer *buf;
    int rounds;
    int ok;
} bumper_worker;

/* Bumps one buffer inline, round after round, and checks every address. */
static void *bump_own_buffer(void *arg)
{
    bumper_worker *w = arg;
    w->ok = 1;
    for (int round = 0; round < w->rounds; round++) {
        unsigned char *first = bumper_alloc(w->buf, 16, 16);
        for (int i = 1; i < 64; i++)
            w->ok &= bumper_alloc(w->buf, 16, 16) == first + 16 * i;
        w->ok &= bumper_used(w->buf) == 1024 && bumper_reset(w->buf) == BUMPER_OK;
    }
    return NULL;
}

/* Makes, bumps and frees a thousand buffers, while another thread bumps its own. */
static void *crowd_the_table(void *arg)
{
    bumper_worker *w = arg;
    enum { N = 1000 };
    static bumper_buffer *bufs[N];
    w->ok = 1;
    for (int round = 0; round < w->rounds; round++) {
        for (int i = 0; i < N; i++) {
            bufs[i] = bumper_buffer_new(64);
            w->ok &= bufs[i] != NULL && head_of(bufs[i]) != NULL && bumper_alloc(bufs[i], 64, 1) != NULL;
        }
        for (int i = 0; i < N; i++)
            w->ok &= bumper_used(bufs[i]) == 64 && bumper_buffer_free(bufs[i]) == BUMPER_OK;
    }
    return NULL;
}

static void test_inline_alloc_while_another_thread_makes_and_frees_buffers(void)
{
    bumper_worker bumping = {bumper_buffer_new(1024), 20000, 0}, crowding = {NULL, 3, 0};
    pthread_t a, b;
    CHECK(pthread_create(&a, NULL, bump_own_buffer, &bumping) == 0);
    CHECK(pthread_create(&b, NULL, crowd_the_table, &crowding) == 0);
    CHECK(pthread_join(a, NULL) == 0 && pthread_join(b, NULL) == 0);
    CHECK(bumping.ok && "20,000 rounds of 64 inline allocations, every address exact");
    CHECK(crowding.ok && "1,000 buffers made, bumped and freed, three times");
    CHECK(bumper_buffer_free(bumping.buf) == BUMPER_OK);
}

/* More live buffers than the table has heads: those past it are served by the library alone. */
static void test_buffers_without_a_head_are_served_by_the_library(void)
{
    size_t n = (size_t)bumper_heads()->count + 1;
    bumper_buffer **bufs = malloc(n * sizeof *bufs);
    size_t made = 0;
    while (made < n && (bufs[made] = bumper_buffer_new(64)) != NULL)
        made++;
    CHECK(made == n);
    bumper_buffer *last = bufs[n - 1];
    CHECK(head_of(last) == NULL && head_of(bufs[0]) != NULL);
    unsigned char *a = bumper_alloc(last, 8, 8);
    CHECK(a != NULL && bumper_alloc(last, 8, 8) == a + 8 && bumper_used(last) == 16);
    CHECK(bumper_alloc(last, 64, 1) == NULL);
    CHECK(ERROR_HAS("bumper_alloc: The buffer is full"));
    bumper_checkpoint cp = bumper_checkpoint_save(last);
    CHECK(bumper_alloc_zeroed(last, 16, 16) == a + 16);
    CHECK(bumper_checkpoint_restore(last, cp) == BUMPER_OK && all_bytes(a + 16, 16, 0xDB) && bumper_used(last) == 16);
    int freed = 1;
    /* Last made, first freed: the lowest slots are reused first afterwards. */
    while (made > 0)
        freed &= bumper_buffer_free(bufs[--made]) == BUMPER_OK;
    CHECK(freed);
    free(bufs);
}

static void test_buffer_in_caller_memory(void)
{
    /* Unaligned on purpose: allocations are aligned by address, not by the memory's start. */
    static _Alignas(64) unsigned char storage[1 + 256 + 16];
    unsigned char *memory = storage + 1;
    memset(storage, 0x11, sizeof storage);
    bumper_buffer *buf = bumper_buffer_new_in(memory, 256);
    CHECK(buf != NULL);
    bumper_stats st = {sizeof st, 0, 0, 0, 0, 0, 0};
    CHECK(bumper_get_stats(buf, &st) == BUMPER_OK && st.capacity == 256 && st.used == 0 && st.blocks == 1 && st.max_capacity == 0);

    unsigned char *a = bumper_alloc(buf, 10, 1);
    CHECK(a == memory);
    bumper_checkpoint cp = bumper_checkpoint_save(buf);
    uint64_t *b = bumper_alloc(buf, sizeof *b, 8);
    CHECK((unsigned char *)b == storage + 16 && aligned(b, 8));
    CHECK(bumper_used(buf) == 23);
    *b = 42;

    /* Full: refused and unchanged, nothing written past the end. */
    CHECK(bumper_alloc(buf, 256, 1) == NULL);
    CHECK(ERROR_HAS("bumper_alloc: "));
    CHECK(bumper_alloc(buf, 256 - 23, 1) != NULL);
    CHECK(bumper_used(buf) == 256);
    CHECK(all_bytes(storage + 1 + 256, 16, 0x11));

    /* A restore poisons the released bytes (checked), in the caller's memory. */
    CHECK(bumper_checkpoint_restore(buf, cp) == BUMPER_OK);
    CHECK(all_bytes(storage + 11, 256 - 10, 0xDB));
    CHECK(bumper_reset(buf) == BUMPER_OK && bumper_used(buf) == 0);
    CHECK(bumper_buffer_set_max_capacity(buf, 4096) == BUMPER_E_NOT_GROWABLE);

    /* Freeing the buffer leaves the memory to its owner (valgrind would report a free of it). */
    CHECK(bumper_buffer_free(buf) == BUMPER_OK);
    memory[0] = 7;
    CHECK(memory[0] == 7 && storage[0] == 0x11);
    CHECK(bumper_alloc(buf, 1, 1) == NULL);
    CHECK(ERROR_HAS("was already freed"));

    CHECK(bumper_buffer_new_in(NULL, 16) == NULL);
    CHECK(ERROR_IS("bumper_buffer_new_in: memory is NULL"));
    CHECK(bumper_buffer_new_in(memory, (size_t)PTRDIFF_MAX + 1) == NULL);
    CHECK(ERROR_HAS("bumper_buffer_new_in: size 9223372036854775808 is above PTRDIFF_MAX"));
    CHECK(bumper_buffer_new_in((void *)(UINTPTR_MAX - 15), 32) == NULL);
    CHECK(ERROR_HAS("runs past the end of the address space"));

    /* Zero bytes are allowed: every non-empty allocation then fails. */
    bumper_buffer *none = bumper_buffer_new_in(memory, 0);
    CHECK(none != NULL && bumper_alloc(none, 1, 1) == NULL && bumper_alloc(none, 0, 1) == memory);
    CHECK(bumper_buffer_free(none) == BUMPER_OK);
}

int main(void)
{
    test_lifecycle_and_alloc();
    test_alignment_errors();
    test_size_errors();
    test_checkpoints();
    test_null_buffer();
    test_invalid_and_freed_buffers();
    test_threads();
    test_many_buffers();
    test_unchecked_buffer();
    test_cursor();
    test_refused_calls_change_nothing();
    test_alloc_zeroed();
    test_realloc();
    test_strings_and_typed_arrays();
    test_stats();
    test_growable_buffer();
    test_growable_max_block();
    test_limit();
    test_retention();
    test_buffer_in_caller_memory();
    test_inline_alloc_bumps_the_head_without_the_library();
    test_inline_alloc_and_the_library_share_one_position();
    test_inline_alloc_refuses_forged_handles();
    test_inline_alloc_crosses_growable_blocks();
    test_inline_alloc_while_another_thread_makes_and_frees_buffers();
    test_buffers_without_a_head_are_served_by_the_library();
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
