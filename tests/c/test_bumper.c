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
    CHECK(bumper_buffer_new_ex(64, 2) == NULL);
    CHECK(ERROR_IS("bumper_buffer_new_ex: unknown flags 0x2 (known: BUMPER_UNCHECKED = 0x1)"));
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
    CHECK(ERROR_HAS("does not describe a position this buffer has now"));
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
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
