/*
 * binary-trees (the Computer Language Benchmarks Game program, single-threaded) with one allocator per
 * process, so that variants are timed in separate, alternating processes (binary_trees.sh does):
 *
 *   arena            a hand-written bump arena: one malloc'ed block, a global pointer bumped per node
 *                    (with the end check any arena has), set back to a mark after each tree
 *   bumper           bumper_alloc on a bumper_buffer_new buffer (checked: dead checkpoints refused,
 *                    released bytes poisoned), a checkpoint saved and restored per tree
 *   bumper-unchecked the same on a BUMPER_UNCHECKED buffer
 *   cursor           bumper_cursor_alloc on a cursor open for the whole run, a mark released per tree
 *   apr              Debian's APR pools: apr_palloc, and apr_pool_clear per tree
 *   malloc           glibc malloc per node, and a walk that frees every node per tree
 *
 * Usage: binary_trees VARIANT [N]        the CLBG program with maximum depth N (default 21)
 *        binary_trees VARIANT --trees T D  T trees of depth D, each released before the next
 * stdout is the same for every variant (the CLBG lines, or "T\t trees of depth D\t check: C");
 * stderr gets one line: "binary_trees: VARIANT: S s wall, W s in the trees, peak RSS K KiB", where
 * the wall time is the whole process's (libbumper's runtime starting included) and W the trees'
 * alone. The work is in the functions named run_* (callgrind: --toggle-collect='run_*').
 * Build: gcc -O2 -I artifacts/linux-x64 $(apr-1-config --cppflags --includes) bench/peers/c/binary_trees.c \
 *            -L artifacts/linux-x64 -lbumper -Wl,-rpath,$PWD/artifacts/linux-x64 $(apr-1-config --link-ld)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include <apr_pools.h>

#include "bench.h"
#include "bumper.h"

typedef struct node {
    struct node *left, *right;
} node;

static void die(const char *what)
{
    fprintf(stderr, "binary_trees: %s\n", what);
    exit(1);
}

/* The builder, one copy per variant with its allocation written in: the children first, as the CLBG
 * program allocates. */
#define DEFINE_BOTTOM_UP(name, new_node)                   \
    static node *name(int depth)                           \
    {                                                      \
        node *left = NULL, *right = NULL;                  \
        if (depth > 0) {                                   \
            left = name(depth - 1);                        \
            right = name(depth - 1);                       \
        }                                                  \
        node *n = (new_node);                              \
        n->left = left;                                    \
        n->right = right;                                  \
        return n;                                          \
    }

/* --- arena ------------------------------------------------------------------------------------- */
static char *arena_next, *arena_end;

static inline node *arena_node(void)
{
    if ((size_t)(arena_end - arena_next) < sizeof(node))
        die("the arena is full");
    node *n = (node *)arena_next;
    arena_next += sizeof(node);
    return n;
}
DEFINE_BOTTOM_UP(arena_tree, arena_node())

static char *arena_mark;
static void arena_begin(void) { arena_mark = arena_next; }
static void arena_end_tree(node *tree) { (void)tree; arena_next = arena_mark; }

/* --- bumper_alloc and the cursor ---------------------------------------------------------------- */
static bumper_buffer *buffer;

static inline node *bumper_node(void)
{
    node *n = BUMPER_NEW(buffer, node, 1);
    if (n == NULL)
        die(bumper_last_error());
    return n;
}
DEFINE_BOTTOM_UP(bumper_tree, bumper_node())

static bumper_checkpoint tree_checkpoint;
static void bumper_begin(void) { tree_checkpoint = bumper_checkpoint_save(buffer); }
static void bumper_end_tree(node *tree)
{
    (void)tree;
    if (bumper_checkpoint_restore(buffer, tree_checkpoint) != BUMPER_OK)
        die(bumper_last_error());
}

static bumper_cursor cursor;

static inline node *cursor_node(void)
{
    node *n = (node *)bumper_cursor_alloc(&cursor, sizeof(node), _Alignof(node));
    if (n == NULL)
        die(bumper_last_error());
    return n;
}
DEFINE_BOTTOM_UP(cursor_tree, cursor_node())

static uintptr_t cursor_mark;
static void cursor_begin(void) { cursor_mark = bumper_cursor_mark(&cursor); }
static void cursor_end_tree(node *tree)
{
    (void)tree;
    if (bumper_cursor_release(&cursor, cursor_mark) != BUMPER_OK)
        die(bumper_last_error());
}

/* --- APR pools ---------------------------------------------------------------------------------- */
static apr_pool_t *pool, *tree_pool, *long_lived_pool;

static inline node *apr_node(void)
{
    node *n = (node *)apr_palloc(pool, sizeof(node));
    if (n == NULL)
        die("apr_palloc failed");
    return n;
}
DEFINE_BOTTOM_UP(apr_tree, apr_node())

static void apr_begin(void) { pool = tree_pool; }
static void apr_end_tree(node *tree) { (void)tree; apr_pool_clear(tree_pool); }
static void apr_begin_long_lived(void) { pool = long_lived_pool; }

/* --- malloc ------------------------------------------------------------------------------------- */
static inline node *malloc_node(void)
{
    node *n = (node *)malloc(sizeof(node));
    if (n == NULL)
        die("malloc failed");
    return n;
}
DEFINE_BOTTOM_UP(malloc_tree, malloc_node())

static void malloc_free(node *tree)
{
    if (tree->left != NULL) {
        malloc_free(tree->left);
        malloc_free(tree->right);
    }
    free(tree);
}
static void nothing(void) {}

/* --- the program -------------------------------------------------------------------------------- */
typedef struct {
    const char *name;
    node *(*build)(int depth);
    void (*begin_tree)(void);         /* before a tree that is released after it is checked */
    void (*end_tree)(node *tree);     /* releases that tree */
    void (*begin_long_lived)(void);   /* before the tree that lives to the end */
} variant;

static const variant variants[] = {
    {"arena", arena_tree, arena_begin, arena_end_tree, nothing},
    {"bumper", bumper_tree, bumper_begin, bumper_end_tree, nothing},
    {"bumper-unchecked", bumper_tree, bumper_begin, bumper_end_tree, nothing},
    {"cursor", cursor_tree, cursor_begin, cursor_end_tree, nothing},
    {"apr", apr_tree, apr_begin, apr_end_tree, apr_begin_long_lived},
    {"malloc", malloc_tree, nothing, malloc_free, nothing},
};

static long check(const node *tree)
{
    return tree->left == NULL ? 1 : 1 + check(tree->left) + check(tree->right);
}

static long one_tree(const variant *v, int depth)
{
    v->begin_tree();
    node *tree = v->build(depth);
    long result = check(tree);
    v->end_tree(tree);
    return result;
}

__attribute__((noinline)) static void run_program(const variant *v, int n)
{
    const int min_depth = 4;
    int max_depth = n < min_depth + 2 ? min_depth + 2 : n;
    printf("stretch tree of depth %d\t check: %ld\n", max_depth + 1, one_tree(v, max_depth + 1));

    v->begin_long_lived();
    node *long_lived = v->build(max_depth);
    for (int depth = min_depth; depth <= max_depth; depth += 2) {
        int iterations = 1 << (max_depth - depth + min_depth);
        long sum = 0;
        for (int i = 0; i < iterations; i++)
            sum += one_tree(v, depth);
        printf("%d\t trees of depth %d\t check: %ld\n", iterations, depth, sum);
    }
    printf("long lived tree of depth %d\t check: %ld\n", max_depth, check(long_lived));
    if (v->build == malloc_tree)
        malloc_free(long_lived);
}

__attribute__((noinline)) static void run_trees(const variant *v, int trees, int depth)
{
    long sum = 0;
    for (int i = 0; i < trees; i++)
        sum += one_tree(v, depth);
    printf("%d\t trees of depth %d\t check: %ld\n", trees, depth, sum);
}

int main(int argc, char **argv)
{
    double start = now_ns();
    const variant *v = NULL;
    for (size_t i = 0; argc > 1 && i < sizeof variants / sizeof variants[0]; i++)
        if (strcmp(argv[1], variants[i].name) == 0)
            v = &variants[i];
    int trees = 0, depth = 0, n = 21;
    if (argc == 5 && strcmp(argv[2], "--trees") == 0) {
        trees = atoi(argv[3]);
        depth = atoi(argv[4]);
    } else if (argc == 3) {
        n = atoi(argv[2]);
    }
    if (v == NULL || (argc != 2 && argc != 3 && argc != 5) || (argc == 5 && (trees < 0 || depth < 0 || depth > 30)) || n < 0 || n > 28) {
        fprintf(stderr, "usage: binary_trees arena|bumper|bumper-unchecked|cursor|apr|malloc [N | --trees T D]\n");
        return 2;
    }

    /* The most nodes alive at once: the stretch tree (depth N + 1), or the long-lived tree (depth N)
     * with the deepest iteration tree (depth N); or one tree of depth D. */
    int deepest = trees > 0 ? depth : (n < 6 ? 6 : n) + 1;
    size_t capacity = ((size_t)2 << deepest) * sizeof(node);
    if (strcmp(v->name, "arena") == 0) {
        arena_next = malloc(capacity);
        if (arena_next == NULL)
            die("malloc failed");
        arena_end = arena_next + capacity;
    } else if (strcmp(v->name, "apr") == 0) {
        if (apr_initialize() != APR_SUCCESS || apr_pool_create(&tree_pool, NULL) != APR_SUCCESS
            || apr_pool_create(&long_lived_pool, NULL) != APR_SUCCESS)
            die("APR did not start");
    } else if (strcmp(v->name, "malloc") != 0) {
        buffer = strcmp(v->name, "bumper-unchecked") == 0 ? bumper_buffer_new_ex(capacity, BUMPER_UNCHECKED) : bumper_buffer_new(capacity);
        if (buffer == NULL || (v->build == cursor_tree && bumper_cursor_open(buffer, &cursor) != BUMPER_OK))
            die(bumper_last_error());
    }

    double trees_start = now_ns();
    if (trees > 0)
        run_trees(v, trees, depth);
    else
        run_program(v, n);
    double end = now_ns();
    fflush(stdout);

    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    fprintf(stderr, "binary_trees: %s: %.6f s wall, %.6f s in the trees, peak RSS %ld KiB\n", v->name, (end - start) / 1e9,
            (end - trees_start) / 1e9, usage.ru_maxrss);
    return 0;
}
