/*
 * c-arena: libbumper from C. Reads a text file (or stdin) and builds an index of its words: how
 * often each occurs and the line it first appears on, printed most frequent first.
 *
 * Two growable arenas (bumper_buffer_new_ex(..., BUMPER_GROWABLE)), which take blocks of twice the
 * size as the input grows and never fail for room:
 *   index  the words, the hash table and the sorted list: everything that lives to the end, and is
 *          freed in one bumper_buffer_free;
 *   line   each line's scratch: the line itself (grown with bumper_realloc, in place while it is
 *          the arena's last allocation) and its lowercased words. A checkpoint per line releases
 *          it all at once, the C spelling of Bumper.jl's
 *
 *              @no_escape line_arena begin
 *                  ...
 *              end
 *
 * Build: make            (links libbumper.so from artifacts/<rid> through pkg-config, see Makefile)
 *        cmake -S . -B build && cmake --build build      (the same, with CMakeLists.txt)
 * Run:   ./c-arena sample.txt        or        ./c-arena < sample.txt
 */
#include <bumper.h>

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct entry {
    const char *word; /* in the index arena */
    long count;
    long first_line;
} entry;

typedef struct word_index {
    bumper_buffer *arena;
    entry **slots; /* open addressing; a power of two, never more than half full */
    size_t capacity, count;
} word_index;

static int fail(const char *what)
{
    fprintf(stderr, "c-arena: %s: %s\n", what, bumper_last_error());
    return 1;
}

static size_t hash(const char *s)
{
    size_t h = 14695981039346656037u; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

/* Doubles the table. The old one stays in the arena, unused: an arena frees only all at once. */
static int grow(word_index *ix)
{
    size_t capacity = ix->capacity ? ix->capacity * 2 : 64;
    entry **slots = BUMPER_NEW(ix->arena, entry *, capacity);
    if (slots == NULL)
        return fail("growing the table");
    memset(slots, 0, capacity * sizeof *slots);
    for (size_t i = 0; i < ix->capacity; i++) {
        if (ix->slots[i] == NULL)
            continue;
        size_t j = hash(ix->slots[i]->word) & (capacity - 1);
        while (slots[j] != NULL)
            j = (j + 1) & (capacity - 1);
        slots[j] = ix->slots[i];
    }
    ix->slots = slots;
    ix->capacity = capacity;
    return 0;
}

/* Counts `word` (scratch memory) seen on `line`; a new word is copied into the index arena. */
static int add_word(word_index *ix, const char *word, long line)
{
    if (2 * (ix->count + 1) > ix->capacity && grow(ix) != 0)
        return 1;
    size_t j = hash(word) & (ix->capacity - 1);
    for (; ix->slots[j] != NULL; j = (j + 1) & (ix->capacity - 1)) {
        if (strcmp(ix->slots[j]->word, word) == 0) {
            ix->slots[j]->count++;
            return 0;
        }
    }
    entry *e = BUMPER_NEW(ix->arena, entry, 1);
    char *copy = bumper_strdup(ix->arena, word);
    if (e == NULL || copy == NULL)
        return fail("adding a word");
    e->word = copy;
    e->count = 1;
    e->first_line = line;
    ix->slots[j] = e;
    ix->count++;
    return 0;
}

/* Reads one line (without its '\n') into the line arena; NULL at the end of the input or, with
 * *failed set, when the arena refused. */
static char *read_line(bumper_buffer *arena, FILE *in, size_t *length, int *failed)
{
    size_t size = 0, capacity = 16;
    char *line = bumper_alloc(arena, capacity, 1);
    int c = EOF;
    while (line != NULL && (c = fgetc(in)) != EOF && c != '\n') {
        if (size + 1 == capacity) {
            /* In place while the line is the arena's last allocation and its block has room. */
            line = bumper_realloc(arena, line, capacity, capacity * 2, 1);
            capacity *= 2;
        }
        if (line != NULL)
            line[size++] = (char)c;
    }
    if (line == NULL) {
        *failed = fail("reading a line");
        return NULL;
    }
    if (c == EOF && size == 0)
        return NULL;
    line[size] = '\0';
    *length = size;
    return line;
}

/* Splits `line` into lowercased words (letters, digits and inner apostrophes) and counts each. */
static int index_line(word_index *ix, bumper_buffer *scratch, const char *line, size_t length, long number, long *words)
{
    char *word = bumper_alloc(scratch, length + 1, 1);
    if (word == NULL)
        return fail("line scratch");
    size_t i = 0;
    while (i < length) {
        size_t n = 0;
        while (i < length && (isalnum((unsigned char)line[i]) || (line[i] == '\'' && n > 0 && i + 1 < length && isalnum((unsigned char)line[i + 1]))))
            word[n++] = (char)tolower((unsigned char)line[i++]);
        if (n == 0) {
            i++;
            continue;
        }
        word[n] = '\0';
        (*words)++;
        if (add_word(ix, word, number) != 0)
            return 1;
    }
    return 0;
}

static int by_count_then_word(const void *a, const void *b)
{
    const entry *x = *(entry *const *)a, *y = *(entry *const *)b;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    return strcmp(x->word, y->word);
}

static void print_arena(const char *name, bumper_buffer *arena)
{
    bumper_stats st = {.size = sizeof st};
    if (bumper_get_stats(arena, &st) == BUMPER_OK)
        fprintf(stderr, "c-arena: %s arena: %lld bytes in use, %lld held in %lld block%s, peak %lld\n", name,
                (long long)st.used, (long long)st.capacity, (long long)st.blocks, st.blocks == 1 ? "" : "s", (long long)st.peak);
}

int main(int argc, char **argv)
{
    if (argc > 2 || (argc == 2 && strcmp(argv[1], "--help") == 0)) {
        fprintf(stderr, "usage: c-arena [FILE]   (reads stdin without FILE or with -)\n");
        return 2;
    }
    FILE *in = stdin;
    if (argc == 2 && strcmp(argv[1], "-") != 0 && (in = fopen(argv[1], "r")) == NULL) {
        fprintf(stderr, "c-arena: cannot open '%s': %s\n", argv[1], strerror(errno));
        return 1;
    }

    /* Small first blocks on purpose, so that even a short text shows the arenas growing. */
    word_index ix = {bumper_buffer_new_ex(1024, BUMPER_GROWABLE), NULL, 0, 0};
    bumper_buffer *line_arena = bumper_buffer_new_ex(256, BUMPER_GROWABLE);
    if (ix.arena == NULL || line_arena == NULL)
        return fail("bumper_buffer_new_ex");

    long lines = 0, words = 0;
    int status = 0;
    size_t length;
    char *line;
    bumper_checkpoint cp = bumper_checkpoint_save(line_arena);          /* @no_escape line_arena begin */
    while (status == 0 && (line = read_line(line_arena, in, &length, &status)) != NULL) {
        status = index_line(&ix, line_arena, line, length, ++lines, &words);
        if (bumper_checkpoint_restore(line_arena, cp) != BUMPER_OK)      /* end */
            status = fail("bumper_checkpoint_restore");
    }
    if (in != stdin)
        fclose(in);

    entry **sorted = BUMPER_NEW(ix.arena, entry *, ix.count);
    if (status == 0 && sorted == NULL)
        status = fail("sorting");
    if (status == 0) {
        size_t n = 0;
        for (size_t i = 0; i < ix.capacity; i++)
            if (ix.slots[i] != NULL)
                sorted[n++] = ix.slots[i];
        qsort(sorted, n, sizeof *sorted, by_count_then_word);
        printf("count  line  word\n");
        for (size_t i = 0; i < n; i++) {
            const char *row = bumper_sprintf(line_arena, "%5ld %5ld  %s", sorted[i]->count, sorted[i]->first_line, sorted[i]->word);
            if (row == NULL) {
                status = fail("formatting");
                break;
            }
            puts(row);
            bumper_checkpoint_restore(line_arena, cp);
        }
    }

    fprintf(stderr, "c-arena: %ld lines, %ld words, %zu distinct\n", lines, words, ix.count);
    print_arena("index", ix.arena);
    print_arena("line", line_arena);
    if (bumper_buffer_free(line_arena) != BUMPER_OK || bumper_buffer_free(ix.arena) != BUMPER_OK)
        return fail("bumper_buffer_free");
    return status;
}
