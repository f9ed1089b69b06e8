/*
 * harness.c - the model behind bumper_fuzz_run (see harness.h).
 *
 * The model, per buffer: its live allocations (address, size, the pattern byte they were filled
 * with, and a sequence number), its checkpoints (the checkpoint, `used` when it was saved, a sequence
 * number, alive or dead), and its cursor and marks. Sequence numbers order every allocation, save
 * and mark of a run, so a restore to a checkpoint frees exactly the allocations numbered after it
 * and kills exactly the checkpoints saved after it.
 *
 * What is checked, after every operation:
 *   - every live allocation of every buffer still holds its pattern;
 *   - the bump pointer has one home: a buffer's head (what bumper.h's inline bumper_alloc bumps) is
 *     lent to it, at its position, whenever no cursor is open on it, and to no one while one is; an
 *     export in between (bumper_used) lends it again at the same place;
 *   - a new allocation is aligned, overlaps no live allocation of any buffer, and (fixed buffers)
 *     ends exactly at the buffer's position: p + size == block start + used;
 *   - a restore leaves `used` exactly as it was at the save;
 *   - a buffer over caller memory (bumper_buffer_new_in) never writes outside it;
 *   - the figures (bumper_get_stats, bumper_used, bumper_capacity) of every buffer the call was not
 *     about are unchanged, and so are the target's when the call failed;
 *   - predictable outcomes: a fixed buffer's allocation succeeds exactly when it fits, a growable
 *     buffer without a limit never refuses, a live checkpoint restores, a dead (checked buffers),
 *     foreign, forged or failed one is refused, hostile handles get their codes, a cursor blocks the
 *     buffer's other calls.
 * What is not modelled is not used: a dead checkpoint of an unchecked buffer is never restored (it
 * may legitimately be accepted), and checkpoints saved after an allocation that is then resized in
 * place are forgotten (bumper.h: they must not be restored).
 */
#include "harness.h"

#include <bumper.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_BUFFERS 4
#define MAX_ALLOCS 64
#define MAX_CHECKPOINTS 16
#define MAX_MARKS 8
#define MAX_FREED 8
/* A growable buffer without a limit gets at most this much, so a run stays small and fast. */
#define GROWABLE_BUDGET ((int64_t)1 << 20)
/* Bytes of 0x11 on each side of a caller-memory buffer's memory, which the library must never touch. */
#define GUARD 64

typedef struct {
    unsigned char *p;
    size_t size;
    uint64_t seq;
    unsigned char pattern;
} allocation;

typedef struct {
    bumper_checkpoint cp;
    int64_t used_at;
    uint64_t seq;
    int alive;
} saved_checkpoint;

typedef struct {
    uintptr_t position;
    uint64_t seq;
} cursor_mark;

typedef struct {
    bumper_buffer *handle; /* NULL: the slot is empty */
    int checked, growable;
    int64_t capacity_asked;
    int64_t limit;      /* growable: 0 for none */
    int keeps_all;      /* growable: no bumper_buffer_set_max_retained below BUMPER_KEEP_ALL */
    uintptr_t base;     /* fixed: the block's start, learned from the first allocation */
    int base_known;
    allocation allocs[MAX_ALLOCS];
    int nallocs;
    saved_checkpoint cps[MAX_CHECKPOINTS];
    int ncps;
    unsigned char *caller_memory; /* bumper_buffer_new_in: GUARD bytes, the buffer's, GUARD bytes */
    size_t caller_offset;
    int cursor_open, cursor_closed_once;
    bumper_cursor cursor;
    cursor_mark marks[MAX_MARKS];
    int nmarks;
} model_buffer;

typedef struct {
    int64_t used, capacity, peak, limit, blocks;
} figures;

typedef struct {
    const uint8_t *data;
    size_t size, pos;
    model_buffer bufs[MAX_BUFFERS];
    bumper_buffer *freed[MAX_FREED];
    int nfreed;
    bumper_checkpoint failed_cp;
    int have_failed_cp;
    uint64_t seq, calls, ops;
    const char *op;
    const model_buffer *target;
} run;

void (*bumper_fuzz_on_failure)(void);

static void fail(const run *r, int line, const char *what)
{
    fflush(stdout);
    fprintf(stderr, "bumper fuzz: operation %llu (%s), input byte %zu: %s (harness.c:%d; last error: \"%s\")\n",
            (unsigned long long)r->ops, r->op, r->pos, what, line, bumper_last_error());
    if (r->target != NULL && r->target->handle != NULL)
        fprintf(stderr, "bumper fuzz: the target was buffer %d, a %s %s buffer of %lld bytes asked, limit %lld, %d allocations, %d checkpoints, cursor %s\n",
                (int)(r->target - r->bufs), r->target->checked ? "checked" : "unchecked", r->target->growable ? "growable" : "fixed",
                (long long)r->target->capacity_asked, (long long)r->target->limit, r->target->nallocs, r->target->ncps,
                r->target->cursor_open ? "open" : "closed");
    if (bumper_fuzz_on_failure != NULL)
        bumper_fuzz_on_failure();
    abort();
}

#define EXPECT(cond) do { if (!(cond)) fail(r, __LINE__, #cond); } while (0)
#define CALL(expr) (r->calls++, (expr))

static uint8_t u8(run *r)
{
    return r->pos < r->size ? r->data[r->pos++] : 0;
}

static uint32_t u16(run *r)
{
    uint32_t lo = u8(r);
    return lo | ((uint32_t)u8(r) << 8);
}

static int valid_alignment(size_t a)
{
    return a != 0 && a <= BUMPER_MAX_ALIGNMENT && (a & (a - 1)) == 0;
}

static int64_t used_of(run *r, model_buffer *b)
{
    int64_t used = CALL(bumper_used(b->handle));
    EXPECT(used >= 0);
    return used;
}

static figures figures_of(run *r, model_buffer *b)
{
    bumper_stats st;
    memset(&st, 0xA5, sizeof st);
    st.size = sizeof st;
    EXPECT(CALL(bumper_get_stats(b->handle, &st)) == BUMPER_OK);
    EXPECT(st.size == sizeof st);
    EXPECT(st.used == CALL(bumper_used(b->handle)));
    EXPECT(st.capacity == CALL(bumper_capacity(b->handle)));
    EXPECT(st.used >= 0 && st.peak >= st.used && st.blocks >= 1);
    if (b->growable) {
        EXPECT(st.max_capacity == b->limit);
        EXPECT(st.max_capacity == 0 || st.capacity <= st.max_capacity);
    } else {
        EXPECT(st.capacity == b->capacity_asked && st.max_capacity == 0 && st.blocks == 1 && st.used <= st.capacity);
    }
    figures f = {st.used, st.capacity, st.peak, st.max_capacity, st.blocks};
    return f;
}

static int same_figures(figures a, figures b)
{
    return a.used == b.used && a.capacity == b.capacity && a.peak == b.peak && a.limit == b.limit && a.blocks == b.blocks;
}

static void expect_failed(run *r, int status, int expected)
{
    if (status != expected) {
        char what[96];
        snprintf(what, sizeof what, "status %d, expected %d", status, expected);
        fail(r, __LINE__, what);
    }
    EXPECT(bumper_last_error()[0] != '\0');
}

/* Whether all n bytes at p are `value`: memcmp against a block of it (fast, also under ASan). */
static int holds(const unsigned char *p, size_t n, unsigned char value)
{
    unsigned char block[512];
    memset(block, value, n < sizeof block ? n : sizeof block);
    for (size_t done = 0; done < n; done += sizeof block) {
        size_t chunk = n - done < sizeof block ? n - done : sizeof block;
        if (memcmp(p + done, block, chunk) != 0)
            return 0;
    }
    return 1;
}

/* The head bumper.h's inline bumper_alloc bumps for handle h, or NULL if its slot has none. */
static const bumper_head *head_of(const bumper_buffer *h)
{
    const bumper_head_table *table = bumper_heads();
    uint32_t slot = (uint32_t)(uintptr_t)h - 1u;
    return table != NULL && slot < table->count ? table->heads + slot : NULL;
}

static void verify_head(run *r, model_buffer *b)
{
    const bumper_head *head = head_of(b->handle);
    uint64_t handle = (uint64_t)(uintptr_t)b->handle;
    if (head == NULL)
        return;
    if (b->cursor_open) {
        EXPECT(head->handle == 0);
        return;
    }
    EXPECT(head->handle == handle && head->current <= head->limit);
    uintptr_t current = head->current, limit = head->limit;
    int64_t used = used_of(r, b);
    EXPECT(head->handle == handle && head->current == current && head->limit == limit);
    if (!b->growable && b->base_known)
        EXPECT(current == b->base + (uintptr_t)used && limit == b->base + (uintptr_t)b->capacity_asked);
}

static void verify_all(run *r)
{
    for (int i = 0; i < r->nfreed && i < MAX_FREED; i++) {
        const bumper_head *head = head_of(r->freed[i]);
        EXPECT(head == NULL || head->handle != (uint64_t)(uintptr_t)r->freed[i]);
    }
    for (int i = 0; i < MAX_BUFFERS; i++) {
        model_buffer *b = &r->bufs[i];
        if (b->handle)
            verify_head(r, b);
        if (b->handle && b->caller_memory != NULL) {
            size_t end = b->caller_offset + (size_t)b->capacity_asked;
            if (!holds(b->caller_memory, b->caller_offset, 0x11) || !holds(b->caller_memory + end, GUARD, 0x11))
                fail(r, __LINE__, "a caller-memory buffer wrote outside its memory");
        }
        for (int k = 0; b->handle && k < b->nallocs; k++)
            if (!holds(b->allocs[k].p, b->allocs[k].size, b->allocs[k].pattern))
                fail(r, __LINE__, "a live allocation lost its bytes");
    }
}

/* Checks a new allocation and adds it to the model, filled with its pattern. */
static void add_allocation(run *r, model_buffer *b, void *p, size_t size, size_t alignment)
{
    unsigned char *q = p;
    EXPECT(q != NULL);
    EXPECT(((uintptr_t)q & (alignment - 1)) == 0);
    for (int i = 0; size > 0 && i < MAX_BUFFERS; i++) {
        model_buffer *o = &r->bufs[i];
        for (int k = 0; o->handle && k < o->nallocs; k++) {
            const allocation *a = &o->allocs[k];
            if (a->size > 0 && q < a->p + a->size && a->p < q + size)
                fail(r, __LINE__, "a new allocation overlaps a live one");
        }
    }
    EXPECT(b->nallocs < MAX_ALLOCS);
    allocation *a = &b->allocs[b->nallocs++];
    a->p = q;
    a->size = size;
    a->seq = r->seq++;
    a->pattern = (unsigned char)(a->seq * 37 + 11);
    memset(q, a->pattern, size);
}

/* Drops the allocations made after `seq` (a restore or release freed them). */
static void free_after(model_buffer *b, uint64_t seq)
{
    int n = 0;
    for (int k = 0; k < b->nallocs; k++)
        if (b->allocs[k].seq <= seq)
            b->allocs[n++] = b->allocs[k];
    b->nallocs = n;
}

static int same_checkpoint(const bumper_checkpoint *a, const bumper_checkpoint *b)
{
    return a->position == b->position && a->state == b->state && a->serial == b->serial && a->owner == b->owner;
}

/*
 * After a successful restore of checkpoint `seq`: later checkpoints are dead (forgotten if unchecked),
 * except one saved with nothing allocated since a checkpoint kept: that is the same checkpoint.
 */
static void kill_after(model_buffer *b, uint64_t seq)
{
    int n = 0;
    for (int k = 0; k < b->ncps; k++) {
        saved_checkpoint c = b->cps[k];
        if (c.seq > seq) {
            if (!b->checked)
                continue;
            int kept = 0;
            for (int j = 0; j < b->ncps; j++)
                if (b->cps[j].seq <= seq && b->cps[j].alive && same_checkpoint(&b->cps[j].cp, &c.cp))
                    kept = 1;
            c.alive = kept;
        }
        b->cps[n++] = c;
    }
    b->ncps = n;
}

static void forget_after(model_buffer *b, uint64_t seq)
{
    int n = 0;
    for (int k = 0; k < b->ncps; k++)
        if (b->cps[k].seq <= seq)
            b->cps[n++] = b->cps[k];
    b->ncps = n;
}

static size_t pick_size(run *r, model_buffer *b)
{
    uint8_t k = u8(r);
    int64_t used = used_of(r, b);
    int64_t room = b->growable ? 4096 : b->capacity_asked - used;
    size_t size;
    switch (k % 16) {
    case 0: size = 0; break;
    case 1: size = 1; break;
    case 2: size = 7; break;
    case 3: size = 8; break;
    case 4: size = 64; break;
    case 5: size = 100 + u8(r); break;
    case 6: size = 1000; break;
    case 7: size = 4096; break;
    case 8: size = 65536; break;
    case 9: size = room > 0 ? (size_t)room : 0; break;
    case 10: size = room >= 0 ? (size_t)room + 1 : 1; break;
    case 11: size = PTRDIFF_MAX; break;
    case 12: size = (size_t)PTRDIFF_MAX + 1; break;
    case 13: size = SIZE_MAX; break;
    default: size = u16(r) % 2048; break;
    }
    /* A growable buffer without a limit would try to get a huge request from the system. */
    if (b->growable && b->limit == 0 && size <= PTRDIFF_MAX && (size > 65536 || used > GROWABLE_BUDGET))
        size %= 4096;
    return size;
}

static size_t pick_alignment(run *r)
{
    uint8_t k = u8(r);
    switch (k % 12) {
    case 0: return 0;
    case 1: return 3;
    case 2: return 2 * BUMPER_MAX_ALIGNMENT;
    case 3: return SIZE_MAX;
    case 4: return BUMPER_MAX_ALIGNMENT;
    default: return (size_t)1 << (k % 7);
    }
}

/* Whether a fixed buffer with a known block start fits the request: 1, 0, or -1 when unknown. */
static int fixed_fits(run *r, model_buffer *b, size_t size, size_t alignment)
{
    if (b->growable || !b->base_known)
        return b->growable && b->limit == 0 ? 1 : -1;
    int64_t used = used_of(r, b);
    uintptr_t current = b->base + (uintptr_t)used;
    size_t pad = (0 - current) & (alignment - 1);
    size_t room = (size_t)(b->capacity_asked - used);
    return pad <= room && size <= room - pad;
}

/* Learns or checks a fixed buffer's block start from an allocation that ended at the position. */
static void check_end(run *r, model_buffer *b, const void *p, size_t size)
{
    if (b->growable)
        return;
    uintptr_t base = (uintptr_t)p + size - (uintptr_t)used_of(r, b);
    if (b->base_known) {
        EXPECT(base == b->base);
    } else {
        EXPECT(base % 64 == 0);
        b->base = base;
        b->base_known = 1;
    }
}

/* Each op returns whether the target buffer may have changed (the call succeeded, or moved a cursor). */

static int op_new(run *r, model_buffer *b)
{
    static const size_t capacities[] = {0, 1, 64, 256, 1000, 4096, 16384, 65536};
    r->op = "bumper_buffer_new_ex";
    uint8_t k = u8(r);
    uint32_t flags = (k & 1 ? BUMPER_UNCHECKED : 0) | (k & 2 ? BUMPER_GROWABLE : 0);
    size_t capacity = capacities[(k >> 2) % 8];
    if ((k & 0xE0) == 0xE0) {
        bumper_buffer *bad = CALL(bumper_buffer_new_ex(capacity, flags | 0x100u));
        EXPECT(bad == NULL);
        expect_failed(r, BUMPER_E_INVALID_FLAGS, BUMPER_E_INVALID_FLAGS);
        bad = CALL(bumper_buffer_new_ex((size_t)PTRDIFF_MAX + 1, flags));
        EXPECT(bad == NULL);
        expect_failed(r, BUMPER_E_INVALID_SIZE, BUMPER_E_INVALID_SIZE);
        r->op = "bumper_buffer_new_growable";
        bad = CALL(bumper_buffer_new_growable(capacity, 4095, flags));
        EXPECT(bad == NULL);
        expect_failed(r, BUMPER_E_INVALID_SIZE, BUMPER_E_INVALID_SIZE);
        bad = CALL(bumper_buffer_new_growable(capacity, 4096, flags | 0x100u));
        EXPECT(bad == NULL);
        expect_failed(r, BUMPER_E_INVALID_FLAGS, BUMPER_E_INVALID_FLAGS);
        r->op = "bumper_buffer_new_in";
        bad = CALL(bumper_buffer_new_in(NULL, capacity));
        EXPECT(bad == NULL);
        expect_failed(r, BUMPER_E_INVALID_ARGUMENT, BUMPER_E_INVALID_ARGUMENT);
        bad = CALL(bumper_buffer_new_in(&k, SIZE_MAX - 8));
        EXPECT(bad == NULL);
        expect_failed(r, BUMPER_E_INVALID_SIZE, BUMPER_E_INVALID_SIZE);
        return 0;
    }

    unsigned char *caller_memory = NULL;
    size_t caller_offset = GUARD + (k >> 6 & 1); /* sometimes an odd address */
    bumper_buffer *h;
    if (flags == 0 && (k & 0x20)) {
        caller_memory = malloc(caller_offset + capacity + GUARD);
        EXPECT(caller_memory != NULL);
        memset(caller_memory, 0x11, caller_offset + capacity + GUARD);
        r->op = "bumper_buffer_new_in";
        h = CALL(bumper_buffer_new_in(caller_memory + caller_offset, capacity));
    } else if ((flags & BUMPER_GROWABLE) && (k & 0x10)) {
        /* Growable with blocks that stop doubling early (or at the default, for 0). */
        static const size_t max_blocks[] = {4096, 8192, 65536, 0};
        r->op = "bumper_buffer_new_growable";
        h = CALL(bumper_buffer_new_growable(capacity, max_blocks[(k >> 5) & 3], flags & BUMPER_UNCHECKED));
    } else {
        h = flags == 0 && (k & 0x10) ? CALL(bumper_buffer_new(capacity)) : CALL(bumper_buffer_new_ex(capacity, flags));
    }
    EXPECT(h != NULL);
    memset(b, 0, sizeof *b);
    if (caller_memory != NULL) {
        b->caller_memory = caller_memory;
        b->caller_offset = caller_offset;
        b->base = (uintptr_t)(caller_memory + caller_offset);
        b->base_known = 1;
    }
    b->handle = h;
    b->checked = !(flags & BUMPER_UNCHECKED);
    b->growable = !!(flags & BUMPER_GROWABLE);
    b->keeps_all = 1;
    b->capacity_asked = (int64_t)capacity;
    figures f = figures_of(r, b);
    EXPECT(f.used == 0 && f.capacity == (int64_t)capacity && f.peak == 0 && f.blocks == 1 && f.limit == 0);
    return 1;
}

static int op_free(run *r, model_buffer *b)
{
    r->op = "bumper_buffer_free";
    int status = CALL(bumper_buffer_free(b->handle));
    if (b->cursor_open) {
        expect_failed(r, status, BUMPER_E_BUSY);
        return 0;
    }
    EXPECT(status == BUMPER_OK);
    r->freed[r->nfreed++ % MAX_FREED] = b->handle;
    b->handle = NULL;
    free(b->caller_memory);
    b->caller_memory = NULL;
    return 1;
}

/* bumper_alloc and bumper_alloc_zeroed. */
static int op_alloc(run *r, model_buffer *b, int zeroed)
{
    r->op = zeroed ? "bumper_alloc_zeroed" : "bumper_alloc";
    if (b->nallocs == MAX_ALLOCS)
        return 0;
    size_t size = pick_size(r, b);
    size_t alignment = pick_alignment(r);
    int fits = valid_alignment(alignment) && size <= PTRDIFF_MAX ? fixed_fits(r, b, size, alignment) : 0;
    void *p = zeroed ? CALL(bumper_alloc_zeroed(b->handle, size, alignment)) : CALL(bumper_alloc(b->handle, size, alignment));
    if (b->cursor_open) {
        EXPECT(p == NULL);
        expect_failed(r, BUMPER_E_BUSY, BUMPER_E_BUSY);
        EXPECT(strstr(bumper_last_error(), "a cursor is open") != NULL);
        return 0;
    }
    if (p == NULL) {
        EXPECT(fits != 1);
        EXPECT(bumper_last_error()[0] != '\0');
        return 0;
    }
    EXPECT(fits != 0);
    if (zeroed)
        EXPECT(holds(p, size, 0));
    check_end(r, b, p, size);
    add_allocation(r, b, p, size, alignment);
    return 1;
}

/* bumper_alloc many times in a row with nothing in between: the inline path's own case. A fixed
 * buffer's addresses are predicted exactly, each rounded up from the end of the last. */
static int op_burst(run *r, model_buffer *b)
{
    r->op = "bumper_alloc, a burst";
    uint8_t k = u8(r);
    int count = 1 + k % 32;
    size_t alignment = (size_t)1 << (k >> 5);
    size_t size = u8(r) % 129;
    int exact = !b->growable && b->base_known;
    uintptr_t current = exact ? b->base + (uintptr_t)used_of(r, b) : 0, end = b->base + (uintptr_t)b->capacity_asked;
    int changed = 0;
    for (int i = 0; i < count && b->nallocs < MAX_ALLOCS; i++) {
        unsigned char *p = CALL(bumper_alloc(b->handle, size, alignment));
        if (b->cursor_open) {
            EXPECT(p == NULL);
            expect_failed(r, BUMPER_E_BUSY, BUMPER_E_BUSY);
            return 0;
        }
        if (exact) {
            uintptr_t start = (current + alignment - 1) & ~(uintptr_t)(alignment - 1);
            if (start + size > end) {
                EXPECT(p == NULL);
                EXPECT(strncmp(bumper_last_error(), "bumper_alloc: The buffer is full", 32) == 0);
                break;
            }
            EXPECT((uintptr_t)p == start);
            current = start + size;
        } else if (p == NULL) {
            EXPECT(!b->growable || b->limit != 0);
            EXPECT(bumper_last_error()[0] != '\0');
            break;
        }
        add_allocation(r, b, p, size, alignment);
        changed = 1;
    }
    if (exact)
        EXPECT(b->base + (uintptr_t)used_of(r, b) == current);
    return changed;
}

static int op_realloc(run *r, model_buffer *b)
{
    r->op = "bumper_realloc";
    if (b->nallocs == MAX_ALLOCS)
        return 0;
    int which = b->nallocs > 0 && u8(r) % 4 != 0 ? (int)(u8(r) % b->nallocs) : -1;
    allocation old = which >= 0 ? b->allocs[which] : (allocation){NULL, 0, 0, 0};
    size_t size = pick_size(r, b);
    size_t alignment = pick_alignment(r);
    int valid = valid_alignment(alignment) && size <= PTRDIFF_MAX;
    int64_t used_before = used_of(r, b);
    int fits = -1;
    if (valid && !b->growable && b->base_known) {
        int last = old.p != NULL && (uintptr_t)old.p + old.size == b->base + (uintptr_t)used_before
                   && ((uintptr_t)old.p & (alignment - 1)) == 0;
        fits = last ? size <= (size_t)(b->capacity_asked - (int64_t)((uintptr_t)old.p - b->base)) || fixed_fits(r, b, size, alignment) == 1
                    : fixed_fits(r, b, size, alignment);
    } else if (valid && b->growable && b->limit == 0) {
        fits = 1;
    }

    unsigned char *q = CALL(bumper_realloc(b->handle, old.p, old.size, size, alignment));
    if (b->cursor_open) {
        EXPECT(q == NULL);
        expect_failed(r, BUMPER_E_BUSY, BUMPER_E_BUSY);
        return 0;
    }
    if (!valid || q == NULL) {
        EXPECT(q == NULL && fits != 1);
        EXPECT(bumper_last_error()[0] != '\0');
        return 0;
    }
    EXPECT(fits != 0);
    size_t kept = old.size < size ? old.size : size;
    EXPECT(holds(q, kept, old.pattern));
    /* A zero-size allocation is never told apart from a new one at the same address (an allocation
     * whose alignment padding lands there): it is modelled as a new allocation either way. */
    if (q == old.p && old.size > 0) {
        /* In place: the allocation was the last one; checkpoints saved after it are no longer usable. */
        EXPECT(((uintptr_t)q & (alignment - 1)) == 0);
        EXPECT(used_of(r, b) == used_before - (int64_t)old.size + (int64_t)size);
        allocation *a = &b->allocs[which];
        a->size = size;
        memset(q, a->pattern, size);
        forget_after(b, a->seq);
        return 1;
    }
    check_end(r, b, q, size);
    add_allocation(r, b, q, size, alignment);
    return 1;
}

/* bumper_strdup, _strndup, _memdup, _sprintf and BUMPER_NEW: bumper_alloc underneath, align 1 or 8. */
static int op_helpers(run *r, model_buffer *b)
{
    static const char text[] = "the quick brown fox jumps over the lazy dog";
    static const char *const names[5] = {"bumper_strdup", "bumper_strndup", "bumper_memdup", "bumper_sprintf", "BUMPER_NEW"};
    if (b->nallocs == MAX_ALLOCS)
        return 0;
    uint8_t k = u8(r);
    size_t n = u8(r) % sizeof text;
    r->op = names[k % 5];
    size_t size, alignment = 1, count = 0;
    switch (k % 5) {
    case 0: size = strlen(text + n) + 1; break;
    case 1: size = n + 1; break;
    case 2: size = n; break;
    case 3: size = (size_t)snprintf(NULL, 0, "%.*s|%zu", (int)n, text, n) + 1; break;
    default:
        count = pick_size(r, b);
        size = bumper_array_size(count, sizeof(uint64_t));
        alignment = _Alignof(uint64_t);
        break;
    }
    int fits = size <= PTRDIFF_MAX ? fixed_fits(r, b, size, alignment) : 0;
    void *p;
    switch (k % 5) {
    case 0: p = bumper_strdup(b->handle, text + n); break;
    case 1: p = bumper_strndup(b->handle, text, n); break;
    case 2: p = bumper_memdup(b->handle, text, n); break;
    case 3: p = bumper_sprintf(b->handle, "%.*s|%zu", (int)n, text, n); break;
    default: p = BUMPER_NEW(b->handle, uint64_t, count); break;
    }
    r->calls++;
    if (b->cursor_open) {
        EXPECT(p == NULL);
        expect_failed(r, BUMPER_E_BUSY, BUMPER_E_BUSY);
        return 0;
    }
    if (p == NULL) {
        EXPECT(fits != 1);
        return 0;
    }
    EXPECT(fits != 0);
    if (k % 5 == 0)
        EXPECT(strcmp(p, text + n) == 0);
    else if (k % 5 == 1)
        EXPECT(memcmp(p, text, n) == 0 && ((char *)p)[n] == '\0');
    else if (k % 5 == 2)
        EXPECT(memcmp(p, text, n) == 0);
    else if (k % 5 == 3)
        EXPECT(strlen(p) == size - 1 && memcmp(p, text, n) == 0);
    check_end(r, b, p, size);
    add_allocation(r, b, p, size, alignment);
    return 1;
}

static int op_save(run *r, model_buffer *b)
{
    r->op = "bumper_checkpoint_save";
    bumper_checkpoint cp = CALL(bumper_checkpoint_save(b->handle));
    if (b->cursor_open) {
        expect_failed(r, cp.status, BUMPER_E_BUSY);
        r->failed_cp = cp;
        r->have_failed_cp = 1;
        return 0;
    }
    EXPECT(cp.status == BUMPER_OK);
    if (b->ncps == MAX_CHECKPOINTS) {
        memmove(&b->cps[0], &b->cps[1], (MAX_CHECKPOINTS - 1) * sizeof b->cps[0]);
        b->ncps--;
    }
    saved_checkpoint *c = &b->cps[b->ncps++];
    c->cp = cp;
    c->used_at = used_of(r, b);
    c->seq = r->seq++;
    c->alive = 1;
    return 0;
}

static const bumper_checkpoint *foreign_checkpoint(run *r, model_buffer *b, uint8_t k)
{
    /* Only fixed buffers' live checkpoints: their positions lie in memory that buffer holds now. */
    for (int i = 0; i < MAX_BUFFERS; i++) {
        model_buffer *o = &r->bufs[(k + i) % MAX_BUFFERS];
        if (o == b || o->handle == NULL || o->growable)
            continue;
        for (int j = 0; j < o->ncps; j++)
            if (o->cps[(k + j) % o->ncps].alive)
                return &o->cps[(k + j) % o->ncps].cp;
    }
    return NULL;
}

static int op_restore(run *r, model_buffer *b)
{
    r->op = "bumper_checkpoint_restore";
    uint8_t kind = u8(r) % 6, k = u8(r);
    saved_checkpoint *own = NULL;
    bumper_checkpoint cp = r->failed_cp;
    int expect_ok = 0;
    if (kind <= 2 || kind == 3) {
        int want_alive = kind <= 2;
        for (int j = 0; j < b->ncps && own == NULL; j++) {
            saved_checkpoint *c = &b->cps[(k + j) % b->ncps];
            if (c->alive == want_alive)
                own = c;
        }
        if (own == NULL)
            kind = 5;
        else {
            cp = own->cp;
            expect_ok = want_alive;
        }
    }
    if (kind == 4) {
        const bumper_checkpoint *foreign = foreign_checkpoint(r, b, k);
        if (foreign == NULL)
            kind = 5;
        else
            cp = *foreign;
    }
    if (kind == 5) {
        if (r->have_failed_cp && (k & 1)) {
            cp = r->failed_cp;
        } else {
            /* Forged: position 1 lies in no block; the owner is right or not. */
            cp.position = 1;
            cp.owner = k & 2 ? (uint64_t)(uintptr_t)b->handle : u16(r);
            cp.state = (int64_t)u16(r) << (k % 40);
            cp.serial = (int32_t)u16(r);
            cp.status = BUMPER_OK;
        }
    }

    static const char *const names[2][2][6] = {
        {{"fixed unchecked: live", "fixed unchecked: live", "fixed unchecked: live", "fixed unchecked: dead", "fixed unchecked: foreign", "fixed unchecked: failed or forged"},
         {"fixed checked: live", "fixed checked: live", "fixed checked: live", "fixed checked: dead", "fixed checked: foreign", "fixed checked: failed or forged"}},
        {{"growable unchecked: live", "growable unchecked: live", "growable unchecked: live", "growable unchecked: dead", "growable unchecked: foreign", "growable unchecked: failed or forged"},
         {"growable checked: live", "growable checked: live", "growable checked: live", "growable checked: dead", "growable checked: foreign", "growable checked: failed or forged"}}};
    r->op = names[b->growable][b->checked][kind];
    int64_t capacity_before = CALL(bumper_capacity(b->handle));
    int status = CALL(bumper_checkpoint_restore(b->handle, cp));
    if (b->cursor_open) {
        expect_failed(r, status, BUMPER_E_BUSY);
        return 0;
    }
    if (!expect_ok) {
        expect_failed(r, status, BUMPER_E_STALE_CHECKPOINT);
        return 0;
    }
    EXPECT(status == BUMPER_OK);
    EXPECT(used_of(r, b) == own->used_at);
    if (b->growable) {
        /* A restore keeps every block it releases for reuse (within the buffer's max_retained). */
        int64_t capacity_after = CALL(bumper_capacity(b->handle));
        EXPECT(b->keeps_all ? capacity_after == capacity_before : capacity_after <= capacity_before);
    }
    uint64_t seq = own->seq;
    free_after(b, seq);
    kill_after(b, seq);
    return 1;
}

static int op_reset(run *r, model_buffer *b)
{
    r->op = "bumper_reset";
    bumper_stats before = {sizeof before, 0, 0, 0, 0, 0, 0};
    EXPECT(CALL(bumper_get_stats(b->handle, &before)) == BUMPER_OK);
    int status = CALL(bumper_reset(b->handle));
    if (b->cursor_open) {
        expect_failed(r, status, BUMPER_E_BUSY);
        return 0;
    }
    EXPECT(status == BUMPER_OK);
    EXPECT(used_of(r, b) == 0);
    if (b->growable) {
        /* Every block is kept for reuse: the same blocks and memory as before. */
        bumper_stats after = {sizeof after, 0, 0, 0, 0, 0, 0};
        EXPECT(CALL(bumper_get_stats(b->handle, &after)) == BUMPER_OK);
        EXPECT(after.used == 0 && after.peak == 0 && after.max_capacity == before.max_capacity);
        EXPECT(b->keeps_all ? after.blocks == before.blocks && after.capacity == before.capacity
                            : after.blocks <= before.blocks && after.capacity <= before.capacity);
    }
    b->nallocs = 0;
    for (int j = 0; j < b->ncps; j++)
        b->cps[j].alive = 0;
    if (!b->checked)
        b->ncps = 0;
    return 1;
}

static int op_stats(run *r, model_buffer *b)
{
    r->op = "bumper_get_stats";
    uint8_t k = u8(r);
    if (k % 3 == 0) {
        bumper_stats st;
        memset(&st, 0x5A, sizeof st);
        st.size = (size_t)(k % 48);
        bumper_stats copy = st;
        expect_failed(r, CALL(bumper_get_stats(b->handle, &st)), BUMPER_E_INVALID_ARGUMENT);
        EXPECT(memcmp(&st, &copy, sizeof st) == 0);
    } else if (k % 3 == 1) {
        expect_failed(r, CALL(bumper_get_stats(b->handle, NULL)), BUMPER_E_INVALID_ARGUMENT);
    } else {
        struct { bumper_stats v1; int64_t later; } wide;
        memset(&wide, 0x5A, sizeof wide);
        wide.v1.size = sizeof wide;
        EXPECT(CALL(bumper_get_stats(b->handle, &wide.v1)) == BUMPER_OK);
        EXPECT(wide.later == (int64_t)0x5A5A5A5A5A5A5A5A);
        figures f = figures_of(r, b);
        EXPECT(wide.v1.used == f.used && wide.v1.capacity == f.capacity && wide.v1.peak == f.peak);
    }
    return 0;
}

/* bumper_trim or bumper_buffer_set_max_retained: kept memory goes back, nothing live changes. */
static int op_retention(run *r, model_buffer *b, uint8_t k)
{
    static const size_t values[4] = {0, 4096, BUMPER_KEEP_ALL, (size_t)PTRDIFF_MAX + 1};
    int trim = k & 1;
    size_t value = values[(k >> 1) & 3];
    r->op = trim ? "bumper_trim" : "bumper_buffer_set_max_retained";
    figures before = figures_of(r, b);
    int status = trim ? CALL(bumper_trim(b->handle)) : CALL(bumper_buffer_set_max_retained(b->handle, value));
    if (b->cursor_open) {
        expect_failed(r, status, BUMPER_E_BUSY);
        return 0;
    }
    if (!trim && !b->growable) {
        expect_failed(r, status, BUMPER_E_NOT_GROWABLE);
        return 0;
    }
    if (!trim && value > PTRDIFF_MAX) {
        expect_failed(r, status, BUMPER_E_INVALID_SIZE);
        return 0;
    }
    EXPECT(status == BUMPER_OK);
    bumper_stats st;
    memset(&st, 0xA5, sizeof st);
    st.size = sizeof st;
    EXPECT(CALL(bumper_get_stats(b->handle, &st)) == BUMPER_OK);
    EXPECT(st.used == before.used && st.peak == before.peak && st.capacity <= before.capacity && st.blocks <= before.blocks);
    EXPECT(st.retained >= 0 && st.retained <= st.capacity && (b->growable || st.retained == 0));
    EXPECT(!trim || st.retained == 0);
    EXPECT(trim || st.retained <= (int64_t)value);
    if (!trim)
        b->keeps_all = value == BUMPER_KEEP_ALL;
    return 1;
}

static int op_set_max_capacity(run *r, model_buffer *b)
{
    r->op = "bumper_buffer_set_max_capacity";
    uint8_t k = u8(r);
    if (k >= 0xC0)
        return op_retention(r, b, k);
    int64_t capacity = CALL(bumper_capacity(b->handle));
    figures f = figures_of(r, b);
    size_t value;
    switch (k % 6) {
    case 0: value = 0; break;
    case 1: value = (size_t)capacity; break;
    case 2: value = capacity > 0 ? (size_t)capacity - 1 : 0; break;
    case 3: value = (size_t)capacity + u16(r) * 16; break;
    case 4: value = (size_t)f.peak; break;
    default: value = (size_t)PTRDIFF_MAX + 1 + u8(r); break;
    }
    int status = CALL(bumper_buffer_set_max_capacity(b->handle, value));
    if (!b->growable) {
        expect_failed(r, status, BUMPER_E_NOT_GROWABLE);
        return 0;
    }
    /* Not below the memory held now. */
    if (value > PTRDIFF_MAX || (value != 0 && (int64_t)value < capacity)) {
        expect_failed(r, status, BUMPER_E_INVALID_SIZE);
        return 0;
    }
    EXPECT(status == BUMPER_OK);
    b->limit = (int64_t)value;
    return 1;
}

static int op_cursor_open(run *r, model_buffer *b)
{
    r->op = "bumper_cursor_open";
    if (u8(r) % 8 == 0) {
        expect_failed(r, CALL(bumper_cursor_open(b->handle, NULL)), BUMPER_E_INVALID_CURSOR);
        return 0;
    }
    if (b->cursor_open) {
        bumper_cursor other;
        memset(&other, 0xAA, sizeof other);
        bumper_cursor copy = other;
        expect_failed(r, CALL(bumper_cursor_open(b->handle, &other)), BUMPER_E_BUSY);
        EXPECT(memcmp(&other, &copy, sizeof other) == 0);
        return 0;
    }
    EXPECT(CALL(bumper_cursor_open(b->handle, &b->cursor)) == BUMPER_OK);
    EXPECT(b->cursor.buffer == b->handle && b->cursor.start == b->cursor.current && b->cursor.current <= b->cursor.limit);
    b->cursor_open = 1;
    b->nmarks = 0;
    return 1;
}

static int op_cursor_alloc(run *r, model_buffer *b)
{
    r->op = "bumper_cursor_alloc";
    if (b->nallocs == MAX_ALLOCS || (!b->cursor_open && !b->cursor_closed_once))
        return 0;
    size_t size = pick_size(r, b);
    size_t alignment = pick_alignment(r);
    bumper_cursor before = b->cursor;
    void *p = bumper_cursor_alloc(&b->cursor, size, alignment);
    r->calls++;
    if (!b->cursor_open) {
        EXPECT(p == NULL);
        expect_failed(r, BUMPER_E_INVALID_CURSOR, BUMPER_E_INVALID_CURSOR);
        EXPECT(memcmp(&before, &b->cursor, sizeof before) == 0);
        return 0;
    }
    int valid = valid_alignment(alignment) && size <= PTRDIFF_MAX;
    int fits = -1;
    if (valid && !b->growable) {
        size_t pad = (0 - before.current) & (alignment - 1);
        fits = pad <= before.limit - before.current && size <= before.limit - before.current - pad;
    } else if (valid && b->limit == 0) {
        fits = 1;
    } else if (!valid) {
        fits = 0;
    }
    if (p == NULL) {
        EXPECT(fits != 1);
        EXPECT(bumper_last_error()[0] != '\0');
        EXPECT(memcmp(&before, &b->cursor, sizeof before) == 0); /* a refused refill leaves the cursor as it was */
        return 1;
    }
    EXPECT(fits != 0);
    if (b->growable && (uintptr_t)p + size != b->cursor.current) {
        /* Larger than the next block: a block of its own, outside the cursor's range, which is unchanged. */
        EXPECT(memcmp(&before, &b->cursor, sizeof before) == 0);
        EXPECT((uintptr_t)p + size <= before.start || (uintptr_t)p >= before.limit);
        add_allocation(r, b, p, size, alignment);
        return 1;
    }
    EXPECT((uintptr_t)p + size == b->cursor.current && b->cursor.current <= b->cursor.limit);
    if (b->cursor.start != before.start)
        b->nmarks = 0; /* a new block: the old marks lie outside the cursor's range */
    add_allocation(r, b, p, size, alignment);
    return 1;
}

static int op_cursor_mark_release(run *r, model_buffer *b)
{
    r->op = "bumper_cursor_release";
    if (!b->cursor_open)
        return 0;
    uint8_t k = u8(r);
    if (k % 3 == 0) {
        if (b->nmarks == MAX_MARKS)
            b->nmarks--;
        b->marks[b->nmarks].position = bumper_cursor_mark(&b->cursor);
        b->marks[b->nmarks++].seq = r->seq++;
        return 0;
    }
    bumper_cursor before = b->cursor;
    if (k % 3 == 1 || b->nmarks == 0) {
        uintptr_t bad = k & 8 ? before.current + 1 + u8(r) : before.start - 1 - u8(r);
        expect_failed(r, bumper_cursor_release(&b->cursor, bad), BUMPER_E_STALE_CHECKPOINT);
        r->calls++;
        EXPECT(memcmp(&before, &b->cursor, sizeof before) == 0);
        return 0;
    }
    int m = (int)(u8(r) % b->nmarks);
    EXPECT(bumper_cursor_release(&b->cursor, b->marks[m].position) == BUMPER_OK);
    r->calls++;
    EXPECT(b->cursor.current == b->marks[m].position);
    free_after(b, b->marks[m].seq);
    b->nmarks = m + 1;
    return 1;
}

static int op_cursor_close(run *r, model_buffer *b)
{
    r->op = "bumper_cursor_close";
    uint8_t k = u8(r);
    if (!b->cursor_open) {
        if (k & 1) {
            /* A NULL cursor, through every cursor function, the inline ones included. */
            switch ((k >> 1) % 4) {
            case 0: expect_failed(r, CALL(bumper_cursor_close(NULL)), BUMPER_E_INVALID_CURSOR); break;
            case 1:
                EXPECT(CALL(bumper_cursor_alloc(NULL, u8(r), 8)) == NULL);
                EXPECT(strcmp(bumper_last_error(), "bumper_cursor_alloc: cursor is NULL") == 0);
                break;
            case 2: expect_failed(r, CALL(bumper_cursor_release(NULL, u8(r))), BUMPER_E_INVALID_CURSOR); break;
            default: EXPECT(CALL(bumper_cursor_mark(NULL)) == 0); break;
            }
        } else if (b->cursor_closed_once)
            expect_failed(r, CALL(bumper_cursor_close(&b->cursor)), BUMPER_E_INVALID_CURSOR);
        return 0;
    }
    if (k % 4 == 0) {
        /* A modified copy: its position lies outside the range lent to the cursor. */
        bumper_cursor forged = b->cursor;
        forged.current = k & 4 ? forged.limit + 1 + u8(r) : forged.start - 1;
        bumper_cursor copy = forged;
        expect_failed(r, CALL(bumper_cursor_close(&forged)), BUMPER_E_INVALID_CURSOR);
        EXPECT(memcmp(&forged, &copy, sizeof forged) == 0);
        return 0;
    }
    uintptr_t end = b->cursor.current;
    EXPECT(CALL(bumper_cursor_close(&b->cursor)) == BUMPER_OK);
    b->cursor_open = 0;
    b->cursor_closed_once = 1;
    b->nmarks = 0;
    if (!b->growable && b->base_known)
        EXPECT(b->base + (uintptr_t)used_of(r, b) == end);
    return 1;
}

/* Every export with a NULL, freed or forged handle: refused, and nothing anywhere changes. */
static int op_hostile_handle(run *r, model_buffer *b)
{
    r->op = "hostile handle";
    uint8_t k = u8(r), call = u8(r);
    bumper_buffer *h;
    int expected = BUMPER_E_INVALID_BUFFER;
    const char *message = "is not a buffer from bumper_buffer_new";
    if (k % 3 == 0) {
        h = NULL;
        expected = BUMPER_E_NULL_BUFFER;
        message = "buffer is NULL";
    } else if (k % 3 == 1 && r->nfreed > 0) {
        h = r->freed[u8(r) % (r->nfreed < MAX_FREED ? r->nfreed : MAX_FREED)];
        message = "was already freed";
    } else if (k & 16 && b->handle != NULL) {
        /* A live buffer's slot, whose head is lent, with a generation not handed out yet. */
        h = (bumper_buffer *)((uintptr_t)b->handle + ((uintptr_t)(1 + u8(r)) << 32));
    } else if (k & 32) {
        /* A slot far past the table of heads (and past every slot the library has). */
        h = (bumper_buffer *)(((uintptr_t)u16(r) << 32) | (0x80000000u + u16(r)));
    } else {
        /* Generation 0 is never handed out, and neither is a generation of 0xFFFF0000 or more. */
        uintptr_t index = u16(r);
        h = (bumper_buffer *)(k & 8 ? index : ((uintptr_t)(0xFFFF0000u | u16(r)) << 32) | index);
        if (h == NULL)
            h = (bumper_buffer *)(uintptr_t)0xFFFFFFFF00000000u;
    }
    bumper_stats st = {sizeof st, 1, 2, 3, 4, 5, 6};
    bumper_cursor c;
    memset(&c, 0x77, sizeof c);
    bumper_checkpoint cp = b->handle && b->ncps > 0 ? b->cps[0].cp : r->failed_cp;
    switch (call % 12) {
    case 0: EXPECT(CALL(bumper_alloc(h, 8, 8)) == NULL); break;
    case 1: EXPECT(CALL(bumper_alloc_zeroed(h, 8, 8)) == NULL); break;
    case 2: EXPECT(CALL(bumper_realloc(h, NULL, 0, 8, 8)) == NULL); break;
    case 3: expect_failed(r, CALL(bumper_checkpoint_save(h)).status, expected); break;
    case 4: expect_failed(r, CALL(bumper_checkpoint_restore(h, cp)), expected); break;
    case 5: expect_failed(r, CALL(bumper_reset(h)), expected); break;
    case 6: expect_failed(r, (int)CALL(bumper_used(h)), expected); break;
    case 7: expect_failed(r, (int)CALL(bumper_capacity(h)), expected); break;
    case 8:
        expect_failed(r, CALL(bumper_get_stats(h, &st)), expected);
        EXPECT(st.used == 1 && st.blocks == 5);
        break;
    case 9: expect_failed(r, CALL(bumper_buffer_set_max_capacity(h, 1 << 20)), expected); break;
    case 10: expect_failed(r, CALL(bumper_buffer_free(h)), expected); break;
    default: {
        bumper_cursor copy = c;
        expect_failed(r, CALL(bumper_cursor_open(h, &c)), expected);
        EXPECT(memcmp(&c, &copy, sizeof c) == 0);
        break;
    }
    }
    if (call % 12 <= 2)
        EXPECT(strstr(bumper_last_error(), message) != NULL);
    return 0;
}

uint64_t bumper_fuzz_run(const uint8_t *data, size_t size)
{
    run *r = calloc(1, sizeof *r);
    if (r == NULL)
        abort();
    r->data = data;
    r->size = size;
    r->op = "start";
    r->failed_cp.status = BUMPER_E_NULL_BUFFER;
    int trace = getenv("BUMPER_FUZZ_TRACE") != NULL;

    while (r->pos < r->size) {
        uint8_t op = u8(r);
        int target = u8(r) % MAX_BUFFERS;
        model_buffer *b = &r->bufs[target];
        r->target = b;
        figures before[MAX_BUFFERS];
        for (int i = 0; i < MAX_BUFFERS; i++)
            if (r->bufs[i].handle)
                before[i] = figures_of(r, &r->bufs[i]);
        r->ops++;

        int changed;
        if (b->handle == NULL && op % 20 != 17) {
            changed = op_new(r, b);
        } else {
            switch (op % 20) {
            case 0: case 1: changed = op_alloc(r, b, 0); break;
            case 2: changed = op_burst(r, b); break;
            case 3: changed = op_alloc(r, b, 1); break;
            case 4: case 5: changed = op_realloc(r, b); break;
            case 6: changed = op_helpers(r, b); break;
            case 7: case 8: changed = op_save(r, b); break;
            case 9: case 10: changed = op_restore(r, b); break;
            case 11: changed = op_reset(r, b); break;
            case 12: changed = op_stats(r, b); break;
            case 13: changed = op_set_max_capacity(r, b); break;
            case 14: changed = op_cursor_open(r, b); break;
            case 15: changed = op_cursor_alloc(r, b); break;
            case 16: changed = op_cursor_mark_release(r, b); break;
            case 17: changed = op_hostile_handle(r, b); break;
            case 18: changed = op_cursor_close(r, b); break;
            default: changed = u8(r) % 4 == 0 ? op_free(r, b) : op_cursor_close(r, b); break;
            }
        }

        if (trace && b->handle)
            fprintf(stderr, "op %llu: %s on buffer %d -> %s; used %lld, capacity %lld, limit %lld\n", (unsigned long long)r->ops, r->op, target,
                    changed ? "changed" : "unchanged", (long long)bumper_used(b->handle), (long long)bumper_capacity(b->handle), (long long)b->limit);
        r->op = "checking the model";
        verify_all(r);
        for (int i = 0; i < MAX_BUFFERS; i++)
            if (r->bufs[i].handle && i == target && changed)
                figures_of(r, &r->bufs[i]);
        for (int i = 0; i < MAX_BUFFERS; i++) {
            model_buffer *o = &r->bufs[i];
            if (o->handle == NULL || (i == target && changed))
                continue;
            r->target = o;
            figures after = figures_of(r, o);
            if (!same_figures(before[i], after))
                fail(r, __LINE__, i == target ? "a failed call changed its buffer's figures" : "a call changed another buffer's figures");
        }
        r->target = b;
    }

    r->op = "cleanup";
    for (int i = 0; i < MAX_BUFFERS; i++) {
        model_buffer *b = &r->bufs[i];
        if (b->handle == NULL)
            continue;
        if (b->cursor_open)
            EXPECT(CALL(bumper_cursor_close(&b->cursor)) == BUMPER_OK);
        EXPECT(CALL(bumper_buffer_free(b->handle)) == BUMPER_OK);
        free(b->caller_memory);
    }
    uint64_t calls = r->calls;
    free(r);
    return calls;
}
