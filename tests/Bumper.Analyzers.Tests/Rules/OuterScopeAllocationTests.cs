using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace Bumper.Analyzers.Tests.Rules;

/// <summary>BUMP003: allocating through a scope while a later scope on the same buffer is open is a warning at the allocation.</summary>
public sealed class OuterScopeAllocationTests
{
    [Fact]
    public Task Allocating_through_the_outer_scope_while_a_using_inner_scope_is_open_is_a_warning() => Snippet.Verify<OuterScopeAllocationAnalyzer>("""
            static void Run(BumpBuffer buffer)
            {
                using var outer = buffer.NoEscape();
                using var inner = buffer.NoEscape();
                Span<int> a = {|BUMP003:outer.Alloc<int>(4)|};
                void* p = {|BUMP003:outer.AllocPtr(8)|};
                ReadOnlySpan<char> text = {|BUMP003:outer.Format($"{a.Length}")|};
                var list = {|BUMP003:outer.List<int>()|};
                var cursor = {|BUMP003:outer.Cursor()|};
            }
        """);

    [Fact]
    public Task An_inner_scope_is_open_until_its_dispose_or_the_end_of_its_using_block() => Snippet.Verify<OuterScopeAllocationAnalyzer>("""
            static void Run(BumpBuffer buffer)
            {
                using var outer = buffer.NoEscape();
                var inner = buffer.NoEscape();
                {|BUMP003:outer.Alloc<int>(1)|};
                inner.Dispose();
                outer.Alloc<int>(1);
                using (buffer.NoEscape())
                {
                    {|BUMP003:outer.Alloc<int>(1)|};
                }

                outer.Alloc<int>(1);
                using (var block = buffer.NoEscape())
                {
                    {|BUMP003:outer.Alloc<int>(1)|};
                    block.Alloc<int>(1);
                }

                outer.Alloc<int>(1);
            }
        """);

    [Fact]
    public Task Scopes_on_the_default_buffer_and_on_a_field_are_compared_too() => Snippet.Verify<OuterScopeAllocationAnalyzer>("""
            static readonly BumpBuffer Shared = new SlabBuffer();

            static void Run()
            {
                using var outer = Bump.NoEscape();
                using var sharedOuter = Shared.NoEscape();
                using var inner = Bump.NoEscape();
                using var sharedInner = Shared.NoEscape();
                {|BUMP003:outer.Alloc<int>(1)|};
                {|BUMP003:sharedOuter.Alloc<int>(1)|};
            }
        """);

    [Fact]
    public Task Scopes_on_different_buffers_are_not_reported() => Snippet.Verify<OuterScopeAllocationAnalyzer>("""
            static void Run(BumpBuffer a, BumpBuffer b, BumpBuffer other)
            {
                using var outer = a.NoEscape();
                using var inner = b.NoEscape();
                outer.Alloc<int>(1);
                using var defaultOuter = Bump.NoEscape();
                using (Bump.UseBuffer(other))
                {
                    using var overridden = Bump.NoEscape();
                    defaultOuter.Alloc<int>(1);
                }
            }
        """);

    [Fact]
    public Task A_buffer_variable_assigned_between_the_scopes_is_not_reported() => Snippet.Verify<OuterScopeAllocationAnalyzer>("""
            static void Run(BumpBuffer buffer, BumpBuffer next)
            {
                using var outer = buffer.NoEscape();
                buffer = next;
                using var inner = buffer.NoEscape();
                outer.Alloc<int>(1);
            }
        """);

    [Fact]
    public Task Allocating_through_the_innermost_scope_or_before_the_inner_one_opens_is_not_reported() => Snippet.Verify<OuterScopeAllocationAnalyzer>("""
            static void Run(BumpBuffer buffer)
            {
                using var outer = buffer.NoEscape();
                for (int i = 0; i < 3; i++)
                {
                    outer.Alloc<int>(1);
                    using var inner = buffer.NoEscape();
                    inner.Alloc<int>(1);
                }

                outer.Alloc<int>(1);
            }
        """);

    [Fact]
    public Task Scopes_of_a_custom_allocator_are_checked_too() => Snippet.Verify<OuterScopeAllocationAnalyzer>("""
            static void Run<TAllocator>(TAllocator allocator)
                where TAllocator : class, IBumpAllocator
            {
                using var outer = allocator.NoEscape();
                using var inner = allocator.NoEscape();
                {|BUMP003:outer.Alloc<int>(1)|};
            }
        """);

    [Fact]
    public Task The_message_names_both_scopes_and_the_fix() => Snippet.Verify<OuterScopeAllocationAnalyzer>(
        """
            static void Run(BumpBuffer buffer)
            {
                using var outer = buffer.NoEscape();
                using var inner = buffer.NoEscape();
                {|#0:outer.Alloc<int>(1)|};
            }
        """,
        new DiagnosticResult("BUMP003", DiagnosticSeverity.Warning)
            .WithLocation(0)
            .WithMessage("'outer.Alloc<int>' allocates through the scope 'outer' while the scope 'inner', opened later on the same buffer, is still open: the inner scope's end would release this memory. Allocate through the innermost scope, or end it first."));
}
