/*
 * bumper.h - the C API of libbumper (Bumper for .NET, compiled with NativeAOT).
 *
 * A bumper_buffer is a bump (arena) allocator: fixed, over one block of native memory (the
 * counterpart of Bumper.jl's AllocBuffer(MallocVector, n)), or growable (BUMPER_GROWABLE, a chain of
 * native blocks that double, as upb's arena and Rust's bumpalo grow):
 *
 *     bumper_buffer *buf = bumper_buffer_new(1 << 20);         // AllocBuffer(MallocVector, n)
 *     bumper_checkpoint cp = bumper_checkpoint_save(buf);      // @no_escape buf begin
 *     double *x = bumper_alloc(buf, n * sizeof *x, _Alignof(double));  //   @alloc(Float64, n)
 *     ...                                                      //   use x; it must not escape
 *     bumper_checkpoint_restore(buf, cp);                      // end
 *     bumper_buffer_free(buf);                                 // free(buf)
 *
 * Errors. The exported functions and the inline functions do not crash or abort on bad input:
 * a NULL, freed or made-up buffer, a NULL or closed cursor, a bad alignment, an oversized request, a
 * dead checkpoint or a double free each return a failure value (NULL, a BUMPER_E_* code, or a negative
 * count) and set a message for bumper_last_error(); the fuzz harness (tests/fuzz) drives every one of
 * them with such input. The header-only helpers (bumper_memdup, bumper_strdup, bumper_strndup,
 * bumper_sprintf) read the caller's memory as the C library's own would; what they need of it is
 * written as REQUIRES: where they are declared. Messages are per thread; successful calls leave them
 * unchanged.
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

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#ifdef __cplusplus
extern "C" {
#endif

#define BUMPER_VERSION_MAJOR 0
#define BUMPER_VERSION_MINOR 2
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
#define BUMPER_E_BUSY              (-9) /* a cursor is open on the buffer: bumper_cursor_close it first */
#define BUMPER_E_INVALID_CURSOR   (-10) /* NULL, closed, not open on its buffer, or modified */
#define BUMPER_E_INVALID_FLAGS    (-11) /* bumper_buffer_new_ex or _new_growable got a flag it does not know */
#define BUMPER_E_NOT_GROWABLE     (-12) /* the call applies only to a BUMPER_GROWABLE buffer */
#define BUMPER_E_INVALID_ARGUMENT (-13) /* a required pointer is NULL, or a struct's size is too small */

/* Flags of bumper_buffer_new_ex. */
#define BUMPER_UNCHECKED 1u /* no checkpoint tracking and no poisoning of released bytes: faster restores */
#define BUMPER_GROWABLE  2u /* takes more native blocks when full instead of failing (see bumper_buffer_new_ex) */

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
    uint64_t owner; /* the buffer it was saved from: another buffer's checkpoint is refused by this */
} bumper_checkpoint;

/*
 * Creates a buffer of `capacity` bytes of native memory (0 is allowed: every non-empty allocation
 * then fails). Dead checkpoints are detected (the buffer runs in Bumper's checked mode).
 * Returns NULL on failure: BUMPER_E_INVALID_SIZE (capacity > PTRDIFF_MAX) or BUMPER_E_OUT_OF_MEMORY.
 */
bumper_buffer *bumper_buffer_new(size_t capacity);

/*
 * bumper_buffer_new with flags, any combination of:
 *   BUMPER_UNCHECKED  a buffer that neither tracks checkpoints nor overwrites released bytes with 0xDB.
 *                     Restores are then a few instructions, and a dead checkpoint is refused only if
 *                     it lies past the buffer's position (or, growable, in a block given back).
 *   BUMPER_GROWABLE   a buffer that never fails for room until its limit (bumper_buffer_set_max_capacity):
 *                     `capacity` is the first block's size (0 is allowed). When the current block is
 *                     full the buffer takes a new block twice its size (at least 4 KiB, doubling up to
 *                     1 MiB or the first block's size if larger, and near the limit only what the
 *                     limit leaves). A request larger than that next block (counting alignment
 *                     padding) gets a block of its own, and allocation carries on in the current
 *                     block. Allocations never move. A restore or bumper_reset keeps every block it
 *                     releases, the dedicated ones too, and later allocations go through them again
 *                     (the first kept block a request fits; a dedicated block to the smallest later
 *                     request it holds): a repeated workload asks the system for memory in its first
 *                     round only. The buffer holds about what its peak of use needed, plus one block;
 *                     bumper_buffer_set_max_retained bounds what it keeps, bumper_trim returns it.
 * Returns NULL on failure: BUMPER_E_INVALID_FLAGS, BUMPER_E_INVALID_SIZE or BUMPER_E_OUT_OF_MEMORY.
 */
bumper_buffer *bumper_buffer_new_ex(size_t capacity, uint32_t flags);

/*
 * A BUMPER_GROWABLE buffer whose first block holds `first_block` bytes (0 is allowed) and whose later
 * blocks double up to `max_block` bytes instead of 1 MiB: smaller for many small arenas (each
 * holds less memory past its working set), larger for one big arena (fewer blocks). 0 takes the
 * default, 1 MiB; a first block larger than `max_block` is kept at its own size. `flags`: 0 or
 * BUMPER_UNCHECKED (BUMPER_GROWABLE is implied and may be given). Everything else is as
 * bumper_buffer_new_ex(first_block, flags | BUMPER_GROWABLE).
 * Returns NULL on failure: BUMPER_E_INVALID_FLAGS, BUMPER_E_INVALID_SIZE (a size above PTRDIFF_MAX, or
 * `max_block` below 4096) or BUMPER_E_OUT_OF_MEMORY.
 */
bumper_buffer *bumper_buffer_new_growable(size_t first_block, size_t max_block, uint32_t flags);

/*
 * The most memory a BUMPER_GROWABLE buffer may hold, every block counted (bumper_capacity);
 * 0 removes the limit (the default). An allocation that would need more fails with BUMPER_E_FULL and
 * changes nothing: a service's guard against a hostile request.
 * Returns BUMPER_OK, BUMPER_E_NULL_BUFFER, BUMPER_E_INVALID_BUFFER, BUMPER_E_NOT_GROWABLE (a fixed
 * buffer: its capacity is its limit), or BUMPER_E_INVALID_SIZE (above PTRDIFF_MAX, or below the
 * memory the buffer holds now); the limit is unchanged on failure. Near the limit a new block is
 * only as large as the limit leaves.
 */
int bumper_buffer_set_max_capacity(bumper_buffer *buf, size_t max_capacity);

/* bumper_buffer_set_max_retained's value that keeps every block a restore or reset releases (the default). */
#define BUMPER_KEEP_ALL ((size_t)PTRDIFF_MAX)

/*
 * The most memory a BUMPER_GROWABLE buffer keeps past the blocks in use when a restore or
 * bumper_reset releases blocks (bumper_stats.retained); what lies past it goes back to the system,
 * kept dedicated blocks first (the largest first), then blocks from the chain's end. 0 keeps nothing,
 * BUMPER_KEEP_ALL (the default) keeps everything. Applies at once.
 * Returns BUMPER_OK, BUMPER_E_NULL_BUFFER, BUMPER_E_INVALID_BUFFER, BUMPER_E_NOT_GROWABLE,
 * BUMPER_E_INVALID_SIZE (above PTRDIFF_MAX) or BUMPER_E_BUSY (a cursor is open on the buffer).
 */
int bumper_buffer_set_max_retained(bumper_buffer *buf, size_t max_retained);

/*
 * Returns to the system every block that holds no live allocation (a growable buffer's kept blocks);
 * live allocations and checkpoints are untouched, and a fixed buffer has nothing to return.
 * Returns BUMPER_OK, BUMPER_E_NULL_BUFFER, BUMPER_E_INVALID_BUFFER or BUMPER_E_BUSY.
 */
int bumper_trim(bumper_buffer *buf);

/*
 * A fixed, checked buffer over `size` bytes of the caller's memory (a static array, a block on the
 * stack, memory from another allocator), which must stay valid until bumper_buffer_free; the library
 * never frees it. Allocations are aligned by address, so the memory itself needs no alignment. Like
 * every checked buffer, it overwrites released bytes with 0xDB. Returns NULL on failure:
 * BUMPER_E_INVALID_ARGUMENT (memory is NULL) or BUMPER_E_INVALID_SIZE (size above PTRDIFF_MAX, or
 * memory + size past the end of the address space).
 */
bumper_buffer *bumper_buffer_new_in(void *memory, size_t size);

/*
 * Frees the buffer and its memory (not the caller's, for bumper_buffer_new_in); the handle is dead afterwards.
 * Returns BUMPER_OK, BUMPER_E_NULL_BUFFER, BUMPER_E_INVALID_BUFFER (e.g. a second free), or
 * BUMPER_E_BUSY while a cursor is open on it.
 */
int bumper_buffer_free(bumper_buffer *buf);

/*
 * Heads: how bumper_alloc allocates without calling the library. Internal: only the inline functions
 * below and the library read or write them; a program never should.
 *
 * A buffer handle is `generation << 32 | (slot + 1)`, and slot i owns head i of a table that the
 * library allocates once, with all its heads, and never frees, moves or resizes; buffers in slots at or
 * past `count` have no head. While nothing else holds a buffer's bump pointer, the library lends the
 * free part of the buffer's current block to its head, with the buffer's whole handle in `handle`;
 * every exported call that reads or moves the position takes the pointer back first and lends it
 * again before it returns. So bumper_alloc checks the slot against `count` (nothing past it is ever
 * read) and the handle against its head (a freed, made-up or NULL handle never matches), then bumps
 * `current` up to `limit`. Anything else (a full block, a bad request, a handle that matches no lent
 * head, an open cursor) calls the library, which answers exactly as the exported bumper_alloc does.
 */
typedef struct bumper_head {
    uint64_t handle;      /* the buffer's handle while the head holds its bump pointer, 0 otherwise */
    uintptr_t limit;      /* the end of the room lent, at most PTRDIFF_MAX - BUMPER_MAX_ALIGNMENT */
    uintptr_t current;    /* the next free byte: the only field C writes, forward, up to limit */
    uint64_t reserved[5]; /* one head per cache line: threads bumping different buffers share none */
} bumper_head;

typedef struct bumper_head_table {
    uint64_t count;     /* how many heads there are; never changes */
    bumper_head *heads; /* heads[0 .. count) */
} bumper_head_table;

/* The table of heads, or NULL if its memory could not be had (every call then goes to the library). */
const bumper_head_table *bumper_heads(void);

/* The out-of-line halves of bumper_alloc and bumper_alloc_zeroed, with their contracts; call those instead. */
void *bumper_alloc_slow(bumper_buffer *buf, size_t size, size_t alignment);
void *bumper_alloc_zeroed_slow(bumper_buffer *buf, size_t size, size_t alignment);

/* The inline path needs GCC's or Clang's atomic loads; with other compilers every call goes to the library. */
#if defined(__GNUC__) || defined(__clang__)
#define BUMPER_INLINE_HEADS 1
#define BUMPER_COLD __attribute__((cold))
#define BUMPER_LIKELY(x) __builtin_expect(!!(x), 1)
#define BUMPER_ALIGNED_LINE __attribute__((aligned(64)))
#else
#define BUMPER_COLD
#define BUMPER_LIKELY(x) (x)
#define BUMPER_ALIGNED_LINE
#endif

/*
 * The end of an allocation of `size` bytes aligned to `mask + 1` at position `current` (it starts at
 * the end less `size`). When the size is a constant multiple of the alignment (BUMPER_NEW's, and any
 * typed allocation's), rounding the end is the same as rounding the start, and the position's chain
 * from one allocation to the next is an add and an and instead of an add, an and and an add.
 */
static inline uintptr_t bumper_end_of(uintptr_t current, size_t size, uintptr_t mask)
{
#ifdef BUMPER_INLINE_HEADS
    if (__builtin_constant_p(size & mask) && (size & mask) == 0)
        return (current + mask + size) & ~mask;
#endif
    return ((current + mask) & ~mask) + size;
}

/*
 * This translation unit's copy of bumper_heads()'s table: count 0 until its first call to the library.
 * A copy in the program's own data rather than a pointer to the library's: one load less per call, on a
 * line the program's other globals keep hot. heads is stored before count (a release), so a count
 * loaded with an acquire comes with its heads. Cache-line aligned, and a head's current is at 16 mod
 * 64, so the bump's store never looks, to the processor, like the address of these loads.
 */
static inline bumper_head_table *bumper_head_cache(void)
{
    static BUMPER_ALIGNED_LINE bumper_head_table copy;
    return &copy;
}

/* The library's half of bumper_alloc (zeroed or not), after copying the table of heads for this translation unit. */
static inline BUMPER_COLD void *bumper_alloc_call(bumper_buffer *buf, size_t size, size_t alignment, int zeroed)
{
#ifdef BUMPER_INLINE_HEADS
    bumper_head_table *cache = bumper_head_cache();
    const bumper_head_table *table;
    if (__atomic_load_n(&cache->count, __ATOMIC_RELAXED) == 0 && (table = bumper_heads()) != NULL) {
        __atomic_store_n(&cache->heads, table->heads, __ATOMIC_RELAXED);
        __atomic_store_n(&cache->count, table->count, __ATOMIC_RELEASE);
    }
#endif
    return zeroed ? bumper_alloc_zeroed_slow(buf, size, alignment) : bumper_alloc_slow(buf, size, alignment);
}

/*
 * bumper_alloc (zeroed: bumper_alloc_zeroed): `size` bytes aligned to `alignment` bumped from buf's
 * head when it holds the bump pointer and has room, from the library otherwise.
 */
static inline void *bumper_alloc_inline(bumper_buffer *buf, size_t size, size_t alignment, int zeroed)
{
#ifdef BUMPER_INLINE_HEADS
    /* One test for "a power of two from 1 to BUMPER_MAX_ALIGNMENT", and sizes up to PTRDIFF_MAX: with a
     * limit at most PTRDIFF_MAX - BUMPER_MAX_ALIGNMENT neither the rounding nor the end can wrap. NULL's
     * slot is 0 - 1, past every count. For constant sizes and alignments the compiler drops the test.
     * The handle is loaded atomically because a made-up handle may name a head another thread lends. */
    uintptr_t mask = (uintptr_t)alignment - 1;
    uint32_t slot = (uint32_t)(uintptr_t)buf - 1u;
    bumper_head_table *cache = bumper_head_cache();
    if (BUMPER_LIKELY((mask & ((uintptr_t)alignment | ~(uintptr_t)(BUMPER_MAX_ALIGNMENT - 1))) == 0 && size <= (size_t)PTRDIFF_MAX
                      && slot < __atomic_load_n(&cache->count, __ATOMIC_ACQUIRE))) {
        bumper_head *head = __atomic_load_n(&cache->heads, __ATOMIC_RELAXED) + slot;
        if (BUMPER_LIKELY(__atomic_load_n(&head->handle, __ATOMIC_RELAXED) == (uint64_t)(uintptr_t)buf)) {
            uintptr_t end = bumper_end_of(head->current, size, mask);
            if (BUMPER_LIKELY(end <= head->limit)) {
                head->current = end;
                if (zeroed)
                    memset((void *)(end - size), 0, size);
                return (void *)(end - size);
            }
        }
    }
#endif
    return bumper_alloc_call(buf, size, alignment, zeroed);
}

/*
 * Allocates `size` bytes aligned to `alignment` (a power of two from 1 to BUMPER_MAX_ALIGNMENT).
 * The memory is not initialised. A size of 0 returns a valid address that must not be written.
 * Returns NULL on failure: BUMPER_E_NULL_BUFFER, BUMPER_E_INVALID_BUFFER, BUMPER_E_INVALID_ALIGNMENT,
 * BUMPER_E_INVALID_SIZE, BUMPER_E_FULL or BUMPER_E_BUSY; bumper_last_error() says which.
 * Inline: a bump of the buffer's head when it has room, the library otherwise (see Heads above). The
 * library also exports bumper_alloc and bumper_alloc_zeroed, for callers that cannot use this header.
 */
static inline void *bumper_alloc(bumper_buffer *buf, size_t size, size_t alignment)
{
    return bumper_alloc_inline(buf, size, alignment, 0);
}

/* bumper_alloc with every byte set to zero. Returns NULL on the same failures. */
static inline void *bumper_alloc_zeroed(bumper_buffer *buf, size_t size, size_t alignment)
{
    return bumper_alloc_inline(buf, size, alignment, 1);
}

/*
 * Resizes an allocation: `ptr` must be NULL or live memory from this buffer of at least `old_size`
 * bytes. In place (the result is `ptr`) when ptr + old_size is the buffer's position (ptr is its last
 * allocation), ptr is aligned to `alignment` and the block has room for `new_size` bytes, growing or
 * shrinking; otherwise a new allocation
 * of `new_size` bytes that receives the first min(old_size, new_size) bytes of ptr (whose memory
 * stays allocated until a restore or reset). NULL ptr allocates.
 * A checkpoint saved after ptr was allocated must not be restored after an in-place resize.
 * Returns NULL on the failures of bumper_alloc (BUMPER_E_INVALID_SIZE also for old_size > PTRDIFF_MAX);
 * ptr and the buffer are unchanged then.
 */
void *bumper_realloc(bumper_buffer *buf, void *ptr, size_t old_size, size_t new_size, size_t alignment);

/*
 * A buffer's figures. Set `size` to sizeof(bumper_stats) before calling bumper_get_stats: the library
 * writes only the fields that `size` covers, so this struct may gain fields without breaking callers.
 * Initialise it by name, `bumper_stats st = {.size = sizeof st};`, so a field added later needs no
 * change to the initialiser.
 */
typedef struct bumper_stats {
    size_t size;      /* set by the caller: sizeof(bumper_stats) */
    int64_t used;     /* bumper_used */
    int64_t capacity; /* bumper_capacity: every block counted */
    int64_t peak;     /* the most bytes in use since the buffer was made or reset */
    int64_t max_capacity; /* a growable buffer's limit, 0 when none (a fixed buffer's is its capacity) */
    int64_t blocks;   /* blocks of memory held: 1 for a fixed buffer; a growable one's chain blocks
                         and dedicated blocks, those kept for reuse by a restore or reset included */
    int64_t retained; /* bytes held in blocks with nothing live in them, kept for reuse (0 for a fixed
                         buffer); part of capacity. Written when size covers it (since 0.2) */
} bumper_stats;

/*
 * Fills *out. Returns BUMPER_OK, BUMPER_E_NULL_BUFFER, BUMPER_E_INVALID_BUFFER, or
 * BUMPER_E_INVALID_ARGUMENT (out is NULL, or out->size is below the 48 bytes of the first version);
 * *out is untouched on failure. Allowed while a cursor is open (used then leaves out the cursor's
 * allocations until it is closed).
 */
int bumper_get_stats(const bumper_buffer *buf, bumper_stats *out);

/*
 * Saves the buffer's position. On failure the result's status is BUMPER_E_NULL_BUFFER,
 * BUMPER_E_INVALID_BUFFER or BUMPER_E_BUSY; restoring such a checkpoint fails with
 * BUMPER_E_STALE_CHECKPOINT.
 */
bumper_checkpoint bumper_checkpoint_save(bumper_buffer *buf);

/*
 * Releases everything allocated since `checkpoint` was saved. The same checkpoint may be restored
 * again; one saved after it is dead once it has been restored, unless nothing was allocated between
 * the two saves (then they are the same checkpoint, and a loop of save and restore keeps one record).
 * Returns BUMPER_OK, BUMPER_E_NULL_BUFFER, BUMPER_E_INVALID_BUFFER, BUMPER_E_BUSY, or
 * BUMPER_E_STALE_CHECKPOINT (dead, from another buffer, or from a failed save); the buffer is
 * unchanged on failure.
 */
int bumper_checkpoint_restore(bumper_buffer *buf, bumper_checkpoint checkpoint);

/*
 * Releases every allocation; every checkpoint of the buffer is dead afterwards. A growable buffer
 * keeps its blocks for what comes next.
 * Returns BUMPER_OK, BUMPER_E_NULL_BUFFER, BUMPER_E_INVALID_BUFFER or BUMPER_E_BUSY.
 */
int bumper_reset(bumper_buffer *buf);

/* Bytes in use (alignment padding included; a cursor's allocations once it is closed), or a
 * negative BUMPER_E_* code. */
int64_t bumper_used(const bumper_buffer *buf);

/* The buffer's capacity in bytes, or a negative BUMPER_E_* code. */
int64_t bumper_capacity(const bumper_buffer *buf);

/*
 * The message of this thread's last failed call, "" if none has failed. UTF-8, NUL-terminated,
 * owned by the library and valid until the next failing call on this thread. NULL only if the
 * 512 bytes for this thread's messages could not be allocated.
 */
const char *bumper_last_error(void);

/*
 * Cursors: the buffer's bump pointer lent to a struct of the caller's, so that an allocation is a few
 * inline instructions on a pointer the compiler can keep in a register (bumper_alloc also bumps
 * inline, but finds and checks the buffer's head on every call). The counterpart of C#'s BumpCursor.
 *
 *     bumper_cursor c;
 *     if (bumper_cursor_open(buf, &c) != BUMPER_OK) ...;
 *     uintptr_t mark = bumper_cursor_mark(&c);                   // like a checkpoint
 *     double *x = bumper_cursor_alloc(&c, n * sizeof *x, _Alignof(double));
 *     ...
 *     bumper_cursor_release(&c, mark);                           // frees x and everything after it
 *     bumper_cursor_close(&c);                                   // the buffer is usable again
 *
 * While a cursor is open, bumper_alloc, bumper_checkpoint_save/_restore, bumper_reset and
 * bumper_buffer_free on its buffer fail with BUMPER_E_BUSY, so memory is never handed out twice.
 * One cursor per buffer at a time. Marks are positions, not checkpoints: they are not tracked as
 * dead and released bytes are not poisoned, but a mark outside [start, current] is refused.
 * Only `current` may change outside these functions; treat the struct as opaque otherwise.
 */
typedef struct bumper_cursor {
    uintptr_t current; /* the next free byte */
    uintptr_t limit;   /* the end of the range lent to the cursor */
    uintptr_t start;   /* where the range began */
    bumper_buffer *buffer;
} bumper_cursor;

/*
 * Opens a cursor on `buf` into *cursor. Returns BUMPER_OK, BUMPER_E_NULL_BUFFER,
 * BUMPER_E_INVALID_BUFFER, BUMPER_E_INVALID_CURSOR (cursor is NULL) or BUMPER_E_BUSY (a cursor is
 * open on buf already); *cursor is untouched on failure.
 */
int bumper_cursor_open(bumper_buffer *buf, bumper_cursor *cursor);

/*
 * Gives the position back to the buffer (what the cursor allocated stays allocated) and marks
 * *cursor closed: later bumper_cursor_alloc calls on it return NULL with BUMPER_E_INVALID_CURSOR.
 * Returns BUMPER_OK, BUMPER_E_INVALID_CURSOR (NULL, closed, or modified), BUMPER_E_INVALID_BUFFER.
 */
int bumper_cursor_close(bumper_cursor *cursor);

/* The out-of-line halves of the inline functions below; call those instead. */
void *bumper_cursor_alloc_slow(bumper_cursor *cursor, size_t size, size_t alignment);
int bumper_cursor_release_slow(bumper_cursor *cursor, uintptr_t mark);

/*
 * bumper_alloc through a cursor: `size` bytes aligned to `alignment` (a power of two from 1 to
 * BUMPER_MAX_ALIGNMENT), not initialised. Returns NULL on failure with bumper_last_error() set:
 * BUMPER_E_INVALID_ALIGNMENT, BUMPER_E_INVALID_SIZE, BUMPER_E_FULL (the cursor is unchanged),
 * BUMPER_E_INVALID_CURSOR or BUMPER_E_INVALID_BUFFER.
 */
static inline void *bumper_cursor_alloc(bumper_cursor *cursor, size_t size, size_t alignment)
{
    /* One test for "a power of two from 1 to BUMPER_MAX_ALIGNMENT", and sizes up to PTRDIFF_MAX, so
     * that neither the rounding nor the end below can wrap. A NULL cursor goes to the library, which
     * refuses it; for &local the compiler drops the test. */
    uintptr_t mask = (uintptr_t)alignment - 1;
    if (BUMPER_LIKELY(cursor != NULL && (mask & ((uintptr_t)alignment | ~(uintptr_t)(BUMPER_MAX_ALIGNMENT - 1))) == 0 && size <= (size_t)PTRDIFF_MAX)) {
        uintptr_t end = bumper_end_of(cursor->current, size, mask);
        if (BUMPER_LIKELY(end <= cursor->limit)) {
            cursor->current = end;
            return (void *)(end - size);
        }
    }
    return bumper_cursor_alloc_slow(cursor, size, alignment);
}

/* The cursor's position, to release back to with bumper_cursor_release; 0 for a NULL cursor. */
static inline uintptr_t bumper_cursor_mark(const bumper_cursor *cursor)
{
    return cursor != NULL ? cursor->current : 0;
}

/*
 * Releases everything the cursor allocated after `mark` was taken. Returns BUMPER_OK, or
 * BUMPER_E_STALE_CHECKPOINT for a mark outside [start, current] (e.g. one taken after an earlier
 * mark that was released since), or the cursor's own error; the cursor is unchanged on failure.
 */
static inline int bumper_cursor_release(bumper_cursor *cursor, uintptr_t mark)
{
    if (cursor != NULL && mark - cursor->start <= cursor->current - cursor->start && cursor->start <= cursor->current) {
        cursor->current = mark;
        return BUMPER_OK;
    }
    return bumper_cursor_release_slow(cursor, mark);
}

/*
 * Header-only helpers on bumper_alloc: copies of memory and strings, formatted strings and typed
 * arrays. Each returns NULL on failure with bumper_last_error() set, and changes nothing then. A bad
 * buffer, size or alignment is refused by bumper_alloc; the memory they copy from is the caller's,
 * and they read it as memcpy, strlen and vsnprintf do (a NULL there is undefined behaviour, as in C).
 */

/*
 * A copy of the n bytes at p.
 * REQUIRES: p points to n readable bytes (it may be NULL when n is 0).
 */
static inline void *bumper_memdup(bumper_buffer *buf, const void *p, size_t n)
{
    void *copy = bumper_alloc(buf, n, 1);
    if (copy != NULL && n > 0)
        memcpy(copy, p, n);
    return copy;
}

/*
 * A NUL-terminated copy of at most the first n bytes of s (which need not be terminated within n).
 * REQUIRES: s points to a NUL-terminated string or to at least n readable bytes (it may be NULL when n is 0).
 */
static inline char *bumper_strndup(bumper_buffer *buf, const char *s, size_t n)
{
    size_t len = 0;
    char *copy;
    while (len < n && s[len] != '\0')
        len++;
    copy = (char *)bumper_alloc(buf, len + 1, 1);
    if (copy != NULL) {
        memcpy(copy, s, len);
        copy[len] = '\0';
    }
    return copy;
}

/*
 * A copy of the NUL-terminated string s.
 * REQUIRES: s is not NULL and points to a NUL-terminated string.
 */
static inline char *bumper_strdup(bumper_buffer *buf, const char *s)
{
    return (char *)bumper_memdup(buf, s, strlen(s) + 1);
}

/*
 * printf into the buffer: a NUL-terminated string of exactly the formatted length (+1). Formats twice
 * (once to measure); NULL if vsnprintf fails (bumper_last_error() is then left as it was).
 * REQUIRES: format is not NULL, and the arguments match it as for printf.
 */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((format(printf, 2, 3)))
#endif
static inline char *bumper_sprintf(bumper_buffer *buf, const char *format, ...)
{
    va_list args;
    int len;
    char *text;
    va_start(args, format);
    len = vsnprintf(NULL, 0, format, args);
    va_end(args);
    if (len < 0)
        return NULL;
    text = (char *)bumper_alloc(buf, (size_t)len + 1, 1);
    if (text != NULL) {
        va_start(args, format);
        vsnprintf(text, (size_t)len + 1, format, args);
        va_end(args);
    }
    return text;
}

/* n * size, or a value above PTRDIFF_MAX (which bumper_alloc refuses) if the product would overflow. */
static inline size_t bumper_array_size(size_t n, size_t size)
{
    return size != 0 && n > (size_t)PTRDIFF_MAX / size ? SIZE_MAX : n * size;
}

/*
 * An uninitialised array of n T's aligned for T, as T*: BUMPER_NEW(buf, double, n) is Bumper.jl's
 * @alloc(Float64, n). An n * sizeof(T) that overflows fails with BUMPER_E_INVALID_SIZE.
 */
#ifdef __cplusplus
#define BUMPER_NEW(buf, T, n) static_cast<T *>(bumper_alloc((buf), bumper_array_size((size_t)(n), sizeof(T)), alignof(T)))
#else
#define BUMPER_NEW(buf, T, n) ((T *)bumper_alloc((buf), bumper_array_size((size_t)(n), sizeof(T)), _Alignof(T)))
#endif

#ifdef __cplusplus
}
#endif

#endif /* BUMPER_H */
