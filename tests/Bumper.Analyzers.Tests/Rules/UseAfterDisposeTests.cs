using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace Bumper.Analyzers.Tests.Rules;

/// <summary>BUMP004: memory from a scope read after the scope's explicit <c>Dispose()</c> is a warning at the first such read.</summary>
public sealed class UseAfterDisposeTests
{
    [Fact]
    public Task Using_a_span_after_its_scope_is_disposed_is_a_warning() => Snippet.Verify<UseAfterDisposeAnalyzer>("""
            static int Run(BumpBuffer buffer)
            {
                var scope = buffer.NoEscape();
                Span<int> items = scope.Alloc<int>(4);
                items[0] = 1;
                scope.Dispose();
                {|BUMP004:items|}[1] = 2;
                return items[0];
            }
        """);

    [Fact]
    public Task Pointers_lists_text_and_cursors_from_the_scope_are_followed() => Snippet.Verify<UseAfterDisposeAnalyzer>("""
            static int Run(BumpBuffer buffer, int n)
            {
                var scope = buffer.NoEscape();
                int* p = (int*)scope.AllocPtr(16, 4);
                var list = scope.List<int>();
                ReadOnlySpan<char> text = scope.Format($"{n} items");
                var cursor = scope.Cursor();
                scope.Dispose();
                *{|BUMP004:p|} = 1;
                {|BUMP004:list|}.Add(1);
                {|BUMP004:cursor|}.AllocPtr(8, 8);
                return {|BUMP004:text|}.Length;
            }
        """);

    [Fact]
    public Task Values_computed_from_the_scopes_memory_are_followed() => Snippet.Verify<UseAfterDisposeAnalyzer>("""
            static int Run(BumpBuffer buffer)
            {
                var scope = buffer.NoEscape();
                Span<int> items = scope.Alloc<int>(4);
                Span<int> tail = items[1..];
                var cursor = scope.Cursor();
                Span<byte> bytes = cursor.Alloc<byte>(8);
                scope.Dispose();
                return {|BUMP004:tail|}[0] + {|BUMP004:bytes|}[0];
            }
        """);

    [Fact]
    public Task A_dispose_in_a_finally_block_ends_the_scope_after_the_try_statement() => Snippet.Verify<UseAfterDisposeAnalyzer>("""
            static int Run(BumpBuffer buffer)
            {
                var scope = buffer.NoEscape();
                scoped Span<int> items;
                try
                {
                    items = scope.Alloc<int>(4);
                    items[0] = 1;
                }
                finally
                {
                    scope.Dispose();
                }

                return {|BUMP004:items|}[0];
            }
        """);

    [Fact]
    public Task Uses_before_the_dispose_and_with_a_using_scope_are_not_reported() => Snippet.Verify<UseAfterDisposeAnalyzer>("""
            static int Run(BumpBuffer buffer)
            {
                int first;
                {
                    using var scope = buffer.NoEscape();
                    Span<int> items = scope.Alloc<int>(4);
                    items[0] = 1;
                    first = items[0];
                }

                var plain = buffer.NoEscape();
                Span<int> more = plain.Alloc<int>(4);
                int length = more.Length;
                plain.Dispose();
                return first + length;
            }
        """);

    [Fact]
    public Task A_dispose_on_a_branch_that_leaves_does_not_cover_the_code_after_the_branch() => Snippet.Verify<UseAfterDisposeAnalyzer>("""
            static int Run(BumpBuffer buffer, bool early)
            {
                var scope = buffer.NoEscape();
                Span<int> items = scope.Alloc<int>(4);
                if (early)
                {
                    scope.Dispose();
                    return 0;
                }

                items[0] = 1;
                scope.Dispose();
                return 1;
            }
        """);

    [Fact]
    public Task A_local_stored_again_after_the_dispose_and_memory_from_elsewhere_are_not_reported() => Snippet.Verify<UseAfterDisposeAnalyzer>("""
            static int Run(BumpBuffer buffer, BumpBuffer other)
            {
                using var kept = other.NoEscape();
                var scope = buffer.NoEscape();
                Span<int> items = scope.Alloc<int>(4);
                Span<int> copy = kept.AllocCopy<int>(items);
                Span<int> stack = stackalloc int[4];
                scope.Dispose();
                items = kept.Alloc<int>(4);
                items[0] = stack[0];
                return copy[0];
            }
        """);

    [Fact]
    public Task The_message_names_the_value_the_scope_and_the_fix() => Snippet.Verify<UseAfterDisposeAnalyzer>(
        """
            static int Run(BumpBuffer buffer)
            {
                var scope = buffer.NoEscape();
                Span<int> items = scope.Alloc<int>(4);
                scope.Dispose();
                return {|#0:items|}[0];
            }
        """,
        new DiagnosticResult("BUMP004", DiagnosticSeverity.Warning)
            .WithLocation(0)
            .WithMessage("'items' came from the scope 'scope', which is disposed above: its memory may already belong to another allocation. Use 'items' before 'scope.Dispose()', or dispose the scope later."));
}
