using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace Bumper.Analyzers.Tests.Rules;

/// <summary>BUMP001: every way of copying a <c>BumpCursor</c> is an error where the copy is made; passing it by <c>ref</c> is not.</summary>
public sealed class CursorCopyTests
{
    private const string Helpers = """
            static void ByValue(BumpCursor c) { c.AllocPtr(16, 4); }
            static void ByIn(in BumpCursor c) { c.AllocPtr(16, 4); }
            static void ByRef(ref BumpCursor c) { c.AllocPtr(16, 4); }
            static void ByScopedRef(scoped ref BumpCursor c) { c.AllocPtr(16, 4); }
        """;

    [Fact]
    public Task Passing_a_cursor_by_value_is_an_error_at_the_argument() => Snippet.Verify<CursorCopyAnalyzer>(Helpers + """
            static void Run(BumpBuffer buffer)
            {
                using var scope = buffer.NoEscape();
                var cursor = scope.Cursor();
                ByValue({|BUMP001:cursor|});
                cursor.AllocPtr(16, 4);
            }
        """);

    [Fact]
    public Task Passing_a_using_cursor_by_value_is_an_error() => Snippet.Verify<CursorCopyAnalyzer>(Helpers + """
            static void Run(BumpBuffer buffer)
            {
                using var scope = buffer.NoEscape();
                using var cursor = scope.Cursor();
                ByValue({|BUMP001:cursor|});
            }
        """);

    [Fact]
    public Task Passing_a_cursor_by_in_is_an_error_with_or_without_the_keyword() => Snippet.Verify<CursorCopyAnalyzer>(Helpers + """
            static void Run(BumpBuffer buffer)
            {
                using var scope = buffer.NoEscape();
                var cursor = scope.Cursor();
                ByIn({|BUMP001:in cursor|});
                ByIn({|BUMP001:cursor|});
                ByIn({|BUMP001:scope.Cursor()|});
            }
        """);

    [Fact]
    public Task Copying_a_cursor_into_another_local_is_an_error() => Snippet.Verify<CursorCopyAnalyzer>("""
            static void Run(BumpBuffer buffer)
            {
                using var scope = buffer.NoEscape();
                var cursor = scope.Cursor();
                var {|BUMP001:copy = cursor|};
                BumpCursor later = default;
                {|BUMP001:later = cursor|};
                copy.AllocPtr(16, 4);
                later.AllocPtr(16, 4);
            }
        """);

    [Fact]
    public Task Copying_either_branch_of_a_conditional_is_an_error() => Snippet.Verify<CursorCopyAnalyzer>("""
            static void Run(BumpBuffer a, BumpBuffer b, bool first)
            {
                using var scopeA = a.NoEscape();
                using var scopeB = b.NoEscape();
                var cursorA = scopeA.Cursor();
                var cursorB = scopeB.Cursor();
                var {|BUMP001:chosen = first ? cursorA : cursorB|};
                chosen.AllocPtr(16, 4);
            }
        """);

    [Fact]
    public Task Storing_a_cursor_in_a_field_is_an_error_as_is_passing_it_to_the_constructor() => Snippet.Verify<CursorCopyAnalyzer>("""
            ref struct Holder
            {
                public BumpCursor Cursor;
                public Holder(BumpCursor cursor) { {|BUMP001:Cursor = cursor|}; }
            }

            static void Run(BumpBuffer buffer)
            {
                using var scope = buffer.NoEscape();
                var cursor = scope.Cursor();
                var holder = new Holder({|BUMP001:cursor|});
                holder.Cursor.AllocPtr(16, 4);
            }
        """);

    [Fact]
    public Task Returning_an_existing_cursor_is_an_error() => Snippet.Verify<CursorCopyAnalyzer>("""
            static BumpCursor Pass(ref BumpCursor cursor) => {|BUMP001:cursor|};

            static BumpCursor PassAgain(ref BumpCursor cursor)
            {
                return {|BUMP001:cursor|};
            }
        """);

    [Fact]
    public Task A_ref_readonly_local_is_an_error_because_every_allocation_copies_it() => Snippet.Verify<CursorCopyAnalyzer>("""
            static void Run(BumpBuffer buffer)
            {
                using var scope = buffer.NoEscape();
                var cursor = scope.Cursor();
                ref readonly BumpCursor {|BUMP001:view = ref cursor|};
                view.AllocPtr(16, 4);
            }
        """);

    [Fact]
    public Task Disposing_a_cursor_with_a_using_statement_on_the_variable_is_an_error() => Snippet.Verify<CursorCopyAnalyzer>("""
            static void Run(BumpBuffer buffer)
            {
                using var scope = buffer.NoEscape();
                var cursor = scope.Cursor();
                using ({|BUMP001:cursor|})
                {
                    cursor.AllocPtr(16, 4);
                }
            }
        """);

    [Fact]
    public Task Passing_by_ref_or_scoped_ref_and_aliasing_with_a_ref_local_are_not_copies() => Snippet.Verify<CursorCopyAnalyzer>(Helpers + """
            static void Run(BumpBuffer buffer)
            {
                using var scope = buffer.NoEscape();
                var cursor = scope.Cursor();
                ByRef(ref cursor);
                ByScopedRef(ref cursor);
                ref BumpCursor alias = ref cursor;
                alias.AllocPtr(16, 4);
                cursor.Dispose();
            }
        """);

    [Fact]
    public Task Returning_a_cursor_by_ref_is_not_a_copy() => Snippet.Verify<CursorCopyAnalyzer>("""
            static ref BumpCursor Same(ref BumpCursor cursor) => ref cursor;

            static ref BumpCursor SameAgain(ref BumpCursor cursor)
            {
                return ref cursor;
            }
        """);

    [Fact]
    public Task Storing_a_new_cursor_returning_one_and_discarding_one_are_not_copies() => Snippet.Verify<CursorCopyAnalyzer>(Helpers + """
            static BumpCursor Open(ref NoEscapeScope scope) => scope.Cursor();

            static void Run(BumpBuffer buffer)
            {
                using var scope = buffer.NoEscape();
                var cursor = scope.Cursor();
                _ = cursor;
                cursor.Dispose();
                BumpCursor other = default;
                other = scope.Cursor();
                other.Dispose();
                ByValue(scope.Cursor());
                using var owned = scope.Cursor();
            }
        """);

    [Fact]
    public Task The_message_says_how_the_cursor_was_copied_and_how_to_pass_it() => Snippet.Verify<CursorCopyAnalyzer>(
        Helpers + """
            static void Run(BumpBuffer buffer)
            {
                using var scope = buffer.NoEscape();
                var cursor = scope.Cursor();
                ByValue({|#0:cursor|});
            }
        """,
        new DiagnosticResult("BUMP001", DiagnosticSeverity.Error)
            .WithLocation(0)
            .WithMessage("The BumpCursor 'cursor' is copied: it is passed by value to 'c'. Two copies hand out the same memory; pass it by 'ref' (a cursor declared with 'var', not 'using var', can be)."));
}
