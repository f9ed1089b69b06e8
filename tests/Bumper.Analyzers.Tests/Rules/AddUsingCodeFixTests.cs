namespace Bumper.Analyzers.Tests.Rules;

/// <summary>BUMP002's code fix: <c>var scope = x.NoEscape();</c> becomes <c>using var scope = x.NoEscape();</c> where that keeps the meaning.</summary>
public sealed class AddUsingCodeFixTests
{
    [Fact]
    public Task The_fix_declares_the_scope_with_using_and_keeps_the_comment_above_it() =>
        Snippet.VerifyFix<UndisposedScopeAnalyzer, AddUsingCodeFixProvider>(
            """
                static int Run(BumpBuffer buffer)
                {
                    // temporary rows
                    var scope = {|BUMP002:buffer.NoEscape()|};
                    return scope.Alloc<int>(4).Length;
                }
            """,
            """
                static int Run(BumpBuffer buffer)
                {
                    // temporary rows
                    using var scope = buffer.NoEscape();
                    return scope.Alloc<int>(4).Length;
                }
            """);

    [Fact]
    public Task The_fix_applies_to_every_scope_of_a_method() =>
        Snippet.VerifyFix<UndisposedScopeAnalyzer, AddUsingCodeFixProvider>(
            """
                static void Run(BumpBuffer a, BumpBuffer b)
                {
                    var first = {|BUMP002:a.NoEscape()|};
                    NoEscapeScope second = {|BUMP002:b.NoEscape()|};
                    first.Alloc<int>(1).Clear();
                    second.Alloc<int>(1).Clear();
                }
            """,
            """
                static void Run(BumpBuffer a, BumpBuffer b)
                {
                    using var first = a.NoEscape();
                    using NoEscapeScope second = b.NoEscape();
                    first.Alloc<int>(1).Clear();
                    second.Alloc<int>(1).Clear();
                }
            """);

    [Fact]
    public Task No_fix_is_offered_for_a_scope_disposed_by_hand_assigned_again_or_used_in_place() =>
        Snippet.VerifyNoFix<UndisposedScopeAnalyzer, AddUsingCodeFixProvider>(
            """
                static void Run(BumpBuffer buffer)
                {
                    var disposed = {|BUMP002:buffer.NoEscape()|};
                    disposed.Dispose();
                    var reused = {|BUMP002:buffer.NoEscape()|};
                    reused = default;
                    void* p = {|BUMP002:buffer.NoEscape()|}.AllocPtr(8);
                }
            """);
}
