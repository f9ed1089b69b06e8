using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace Bumper.Analyzers.Tests.Rules;

/// <summary>BUMP002: a scope from any <c>NoEscape()</c> that is not ended on every path is a warning at the call; a <c>using</c>, a <c>finally</c> or a return is not.</summary>
public sealed class UndisposedScopeTests
{
    [Fact]
    public Task Discarding_a_scope_or_using_it_in_place_is_a_warning() => Snippet.Verify<UndisposedScopeAnalyzer>("""
            static void Run(BumpBuffer buffer)
            {
                {|BUMP002:buffer.NoEscape()|};
                _ = {|BUMP002:Bump.NoEscape()|};
                {|BUMP002:buffer.NoEscape()|}.AllocPtr(8);
            }
        """);

    [Fact]
    public Task A_scope_in_a_plain_local_is_a_warning_even_when_disposed_at_the_end() => Snippet.Verify<UndisposedScopeAnalyzer>("""
            static int Run(BumpBuffer buffer)
            {
                var scope = {|BUMP002:buffer.NoEscape()|};
                int length = scope.Alloc<int>(4).Length;
                scope.Dispose();
                return length;
            }
        """);

    [Fact]
    public Task A_scope_assigned_to_a_declared_local_is_a_warning() => Snippet.Verify<UndisposedScopeAnalyzer>("""
            static void Run(BumpBuffer buffer)
            {
                NoEscapeScope scope;
                scope = {|BUMP002:buffer.NoEscape()|};
                scope.Alloc<int>(4).Clear();
            }
        """);

    [Fact]
    public Task Every_kind_of_NoEscape_is_checked() => Snippet.Verify<UndisposedScopeAnalyzer>("""
            static void Run<TAllocator>(BumpArena arena, TAllocator allocator)
                where TAllocator : class, IBumpAllocator
            {
                var onArena = {|BUMP002:arena.NoEscape()|};
                var onAllocator = {|BUMP002:allocator.NoEscape()|};
                var onDefault = {|BUMP002:Bump.NoEscape()|};
            }
        """);

    [Fact]
    public Task Using_declarations_using_statements_and_a_dispose_in_finally_or_in_place_are_not_reported() => Snippet.Verify<UndisposedScopeAnalyzer>("""
            static int Run(BumpBuffer buffer)
            {
                using var declared = buffer.NoEscape();
                using (var statement = buffer.NoEscape())
                {
                    statement.Alloc<int>(1).Clear();
                }

                using (buffer.NoEscape())
                {
                }

                buffer.NoEscape().Dispose();

                var guarded = buffer.NoEscape();
                try
                {
                    return guarded.Alloc<int>(4).Length;
                }
                finally
                {
                    guarded.Dispose();
                }
            }
        """);

    [Fact]
    public Task A_scope_that_is_returned_or_passed_on_is_not_reported() => Snippet.Verify<UndisposedScopeAnalyzer>("""
            static NoEscapeScope Open(BumpBuffer buffer) => buffer.NoEscape();

            static NoEscapeScope OpenAndUse(BumpBuffer buffer)
            {
                var scope = buffer.NoEscape();
                scope.Alloc<int>(4).Clear();
                return scope;
            }

            static void Close(NoEscapeScope scope) => scope.Dispose();

            static void Run(BumpBuffer buffer) => Close(buffer.NoEscape());
        """);

    [Fact]
    public Task The_message_names_the_scope_and_the_fix() => Snippet.Verify<UndisposedScopeAnalyzer>(
        """
            static void Run(BumpBuffer buffer)
            {
                var scope = {|#0:buffer.NoEscape()|};
                {|#1:buffer.NoEscape()|};
            }
        """,
        new DiagnosticResult("BUMP002", DiagnosticSeverity.Warning)
            .WithLocation(0)
            .WithMessage("The scope 'scope' is not disposed on every path (an exception or an early return leaves it open): declare it with 'using var', or dispose it in a 'finally'"),
        new DiagnosticResult("BUMP002", DiagnosticSeverity.Warning)
            .WithLocation(1)
            .WithMessage("The scope that 'buffer.NoEscape()' opens is discarded, so it never ends: declare it with 'using var', or dispose it in a 'finally'"));
}
