namespace Bumper;

/// <summary>Gives every <see cref="IBumpAllocator"/> Bumper's scopes.</summary>
public static class BumpAllocatorExtensions
{
    /// <summary>
    /// Opens a no-escape scope on a custom allocator. Bumper.jl: <c>@no_escape buf begin ... end</c>
    /// for <c>buf::YourAllocator</c>. (Built-in buffers have their own, faster <see cref="BumpBuffer.NoEscape"/>.)
    /// </summary>
    /// <example>
    /// With <c>MyAllocBuffer</c>, the tested example in <c>examples/CustomAllocator/MyAllocBuffer.cs</c>:
    /// <code>
    /// var buf = new MyAllocBuffer(100);
    /// using (var scope = buf.NoEscape())
    /// {
    ///     Span&lt;int&gt; y = scope.Alloc&lt;int&gt;(3);
    /// }
    /// </code>
    /// </example>
    public static NoEscapeScope<TAllocator> NoEscape<TAllocator>(this TAllocator allocator)
        where TAllocator : class, IBumpAllocator => new(allocator);
}
