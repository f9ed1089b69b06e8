/*
 * bumper.h - the C API of libbumper (Bumper for .NET, compiled with NativeAOT).
 *
 * A bumper_buffer is a fixed-capacity bump (arena) allocator over one block of native memory,
 * the counterpart of Bumper.jl's AllocBuffer(MallocVector, n):
 *
 *     bumper_buffer *buf = bumper_buffer_new(1 << 20);         // AllocBuffer(MallocVector, n)
 *     bumper_checkpoint cp = bumper_checkpoint_save(buf);      // @no_escape buf begin
 *     double *x = bumper_alloc(buf, n * sizeof *x, _Alignof(double));  //   @alloc(Float64, n)
 *     ...                                                      //   use x; it must not escape
 *     bumper_checkpoint_restore(buf, cp);                      // end
 *     bumper_buffer_free(buf);                                 // free(buf)
 *
 * Errors. No function crashes or aborts on bad input: a NULL, freed or made-up buffer, a bad
 * alignment, an oversized request, a dead checkpoint or a double free each return a failure value
 * (NULL, a BUMPER_E_* code, or a negative count) and set a message for bumper_last_error().
 * Messages are per thread; successful calls leave them unchanged.
 *
 * Threads. Different buffers may be used from different threads at once; one buffer must be used
 * by one thread at a time.
 *
 * Lifetime. Memory from bumper_alloc is valid until the buffer is restored to a checkpoint saved
 * before it, reset, or freed. A buffer not freed is reclaimed only at process exit.
 *
 * Linking. Shared: cc app.c $(pkg-config --cflags --libs bumper)   (add an rpath or LD_LIBRARY_PATH)
 *          Static: cc app.c $(pkg-config --cflags --libs bumper-static)
 * Only 64-bit targets are supported (buffers are 64-bit handles, not addresses).
 */
#ifndef BUMPER_H
#define BUMPER_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define BUMPER_VERSION_MAJOR 0
#define BUMPER_VERSION_MINOR 1
#define BUMPER_VERSION_PATCH 0

/* The largest alignment bumper_alloc accepts. */
#define BUMPER_MAX_ALIGNMENT 4096

/* Status codes: 0 for success, negative for an error (see bumper_last_error() for details). */
#define BUMPER_OK                   0
#define BUMPER_E_NULL_BUFFER       (-1) /* the buffer argument is NULL */
#define BUMPER_E_INVALID_BUFFER    (-2) /* already freed (double free), or not from bumper_buffer_new */
#define BUMPER_E_INVALID_ALIGNMENT (-3) /* zero, not a power of two, or above BUMPER_MAX_ALIGNMENT */
#define BUMPER_E_INVALID_SIZE      (-4) /* a size or capacity above PTRDIFF_MAX */
#define BUMPER_E_FULL              (-5) /* no room left for the allocation; the buffer is unchanged */
#define BUMPER_E_OUT_OF_MEMORY     (-6) /* the system could not supply the buffer's memory */
#define BUMPER_E_STALE_CHECKPOINT  (-7) /* dead (restored past or reset), foreign, or a failed save */
#define BUMPER_E_INTERNAL          (-8) /* an unexpected failure inside the library */

/* An opaque buffer handle. It is not a pointer to memory: never dereference it. */
typedef struct bumper_buffer bumper_buffer;

/*
 * A saved position of one buffer, passed by value. Only `status` is meant to be read: BUMPER_OK,
 * or why bumper_checkpoint_save failed. The other fields are opaque.
 */
typedef struct bumper_checkpoint {
    uint64_t position;
    int64_t state;
    int32_t serial;
    int32_t status;
} bumper_checkpoint;

/*
 * Creates a buffer of `capacity` bytes of native memory (0 is allowed: every non-empty allocation
 * then fails). Dead checkpoints are detected (the buffer runs in Bumper's checked mode).
 * Returns NULL on failure: BUMPER_E_INVALID_SIZE (capacity > PTRDIFF_MAX) or BUMPER_E_OUT_OF_MEMORY.
 */
bumper_buffer *bumper_buffer_new(size_t capacity);

/*
 * Frees the buffer and its memory; the handle is dead afterwards.
 * Returns BUMPER_OK, BUMPER_E_NULL_BUFFER, or BUMPER_E_INVALID_BUFFER (e.g. a second free).
 */
int bumper_buffer_free(bumper_buffer *buf);

/*
 * Allocates `size` bytes aligned to `alignment` (a power of two from 1 to BUMPER_MAX_ALIGNMENT).
 * The memory is not initialised. A size of 0 returns a valid address that must not be written.
 * Returns NULL on failure: BUMPER_E_NULL_BUFFER, BUMPER_E_INVALID_BUFFER, BUMPER_E_INVALID_ALIGNMENT,
 * BUMPER_E_INVALID_SIZE or BUMPER_E_FULL; bumper_last_error() says which.
 */
void *bumper_alloc(bumper_buffer *buf, size_t size, size_t alignment);

/*
 * Saves the buffer's position. On failure the result's status is BUMPER_E_NULL_BUFFER or
 * BUMPER_E_INVALID_BUFFER; restoring such a checkpoint fails with BUMPER_E_STALE_CHECKPOINT.
 */
bumper_checkpoint bumper_checkpoint_save(bumper_buffer *buf);

/*
 * Releases everything allocated since `checkpoint` was saved. The same checkpoint may be restored
 * again; one saved after it is dead once it has been restored.
 * Returns BUMPER_OK, BUMPER_E_NULL_BUFFER, BUMPER_E_INVALID_BUFFER, or BUMPER_E_STALE_CHECKPOINT
 * (dead, from another buffer, or from a failed save); the buffer is unchanged on failure.
 */
int bumper_checkpoint_restore(bumper_buffer *buf, bumper_checkpoint checkpoint);

/*
 * Releases every allocation; every checkpoint of the buffer is dead afterwards.
 * Returns BUMPER_OK, BUMPER_E_NULL_BUFFER or BUMPER_E_INVALID_BUFFER.
 */
int bumper_reset(bumper_buffer *buf);

/* Bytes in use (alignment padding included), or a negative BUMPER_E_* code. */
int64_t bumper_used(const bumper_buffer *buf);

/* The buffer's capacity in bytes, or a negative BUMPER_E_* code. */
int64_t bumper_capacity(const bumper_buffer *buf);

/*
 * The message of this thread's last failed call, "" if none has failed. UTF-8, NUL-terminated,
 * owned by the library and valid until the next failing call on this thread. NULL only if the
 * 512 bytes for this thread's messages could not be allocated.
 */
const char *bumper_last_error(void);

#ifdef __cplusplus
}
#endif

#endif /* BUMPER_H */
