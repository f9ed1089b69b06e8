/*
 * c-arena: libbumper from C. Reads lines from stdin and prints each line's words in reverse
 * order. Every line's scratch memory (a copy of the line and an array of word pointers) comes
 * from one bump buffer and is released in one step when the line is done, the C spelling of
 *
 *     @no_escape buf begin
 *         words = @alloc(Ptr{UInt8}, n)
 *         ...
 *     end
 *
 * Build: make            (links libbumper.so from artifacts/<rid>, see Makefile)
 *        make static     (links the self-contained libbumper.a)
 * Run:   printf 'hello bump world\n' | ./c-arena
 */
#include <bumper.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fail(const char *what)
{
    fprintf(stderr, "c-arena: %s: %s\n", what, bumper_last_error());
    return 1;
}

/* Prints the words of `line` (length `len`) last to first, using only memory from `buf`. */
static int reverse_words(bumper_buffer *buf, const char *line, size_t len)
{
    char *copy = bumper_alloc(buf, len + 1, 1);
    const char **words = bumper_alloc(buf, (len / 2 + 1) * sizeof *words, _Alignof(const char *));
    if (copy == NULL || words == NULL)
        return fail("line too long for the buffer");
    memcpy(copy, line, len);
    copy[len] = '\0';

    size_t n = 0;
    for (char *word = strtok(copy, " \t\r\n"); word != NULL; word = strtok(NULL, " \t\r\n"))
        words[n++] = word;
    for (size_t i = n; i > 0; i--)
        printf("%s%s", words[i - 1], i > 1 ? " " : "");
    printf("\n");
    return 0;
}

int main(void)
{
    bumper_buffer *buf = bumper_buffer_new(64 * 1024);
    if (buf == NULL)
        return fail("bumper_buffer_new");

    char line[16 * 1024];
    int status = 0;
    while (status == 0 && fgets(line, sizeof line, stdin) != NULL) {
        bumper_checkpoint cp = bumper_checkpoint_save(buf);       /* @no_escape buf begin */
        status = reverse_words(buf, line, strlen(line));
        if (bumper_checkpoint_restore(buf, cp) != BUMPER_OK)      /* end */
            status = fail("bumper_checkpoint_restore");
    }

    /* Every line's scratch was released: nothing is in use after the loop. */
    fprintf(stderr, "c-arena: %lld of %lld bytes in use after the last line\n",
            (long long)bumper_used(buf), (long long)bumper_capacity(buf));
    if (bumper_buffer_free(buf) != BUMPER_OK)
        return fail("bumper_buffer_free");
    return status;
}
