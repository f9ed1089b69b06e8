using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Bumper.Internal;

namespace Bumper;

// Building data of unknown size in the scope: copies, filled and zeroed spans, growable lists and
// formatted text. Everything here allocates through the scope (checked mode tests that the scope
// is the innermost one) and the compiler ties every result to the scope variable.
public readonly ref partial struct NoEscapeScope
{
    /// <summary>A copy of <paramref name="source"/> in the scope's memory. bumpalo: <c>alloc_slice_copy</c>.</summary>
    /// <exception cref="BufferFullException">An <see cref="AllocBuffer"/> has no room; it is left unchanged.</exception>
    [UnscopedRef]
    public Span<T> AllocCopy<T>(scoped ReadOnlySpan<T> source)
        where T : unmanaged
    {
        Span<T> copy = Use().Alloc<T>(source.Length);
        source.CopyTo(copy);
        return copy;
    }

    /// <summary><paramref name="length"/> elements set to zero. bump-scope: <c>alloc_zeroed</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative.</exception>
    /// <exception cref="BufferFullException">An <see cref="AllocBuffer"/> has no room; it is left unchanged.</exception>
    [UnscopedRef]
    public Span<T> AllocZeroed<T>(int length)
        where T : unmanaged
    {
        Span<T> span = Use().Alloc<T>(length);
        span.Clear();
        return span;
    }

    /// <summary><paramref name="length"/> elements set to <paramref name="value"/>. bumpalo: <c>alloc_slice_fill_copy</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative.</exception>
    /// <exception cref="BufferFullException">An <see cref="AllocBuffer"/> has no room; it is left unchanged.</exception>
    [UnscopedRef]
    public Span<T> AllocFilled<T>(int length, T value)
        where T : unmanaged
    {
        Span<T> span = Use().Alloc<T>(length);
        span.Fill(value);
        return span;
    }

    /// <summary>
    /// A growable list in the scope's memory (see <see cref="BumpList{T}"/>). bumpalo:
    /// <c>collections::Vec::new_in</c>; bump-scope: <c>BumpVec</c>.
    /// </summary>
    /// <param name="initialCapacity">Room for this many elements before the first growth.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="initialCapacity"/> is negative.</exception>
    /// <exception cref="BufferFullException">An <see cref="AllocBuffer"/> has no room; it is left unchanged.</exception>
    [UnscopedRef]
    public BumpList<T> List<T>(int initialCapacity = 0)
        where T : unmanaged => new(Use(), _serial, initialCapacity);

    /// <summary>
    /// Formats an interpolated string into the scope's memory: <c>scope.Format($"row {i}: {x:F2}")</c>,
    /// with no string on the GC heap. bumpalo: <c>format!(in &amp;bump, ...)</c>.
    /// </summary>
    /// <param name="handler">Built by the compiler from the interpolated string.</param>
    /// <returns>The text, valid until the scope ends.</returns>
    [UnscopedRef]
    [SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "The handler's argument \"\" is this scope, which the compiler passes to it.")]
    public ReadOnlySpan<char> Format([InterpolatedStringHandlerArgument("")] ref BumpFormatHandler handler) => handler.Finish();

    /// <summary>Formats an interpolated string as UTF-8 into the scope's memory: <c>scope.FormatUtf8($"{n} items")</c>.</summary>
    /// <param name="handler">Built by the compiler from the interpolated string.</param>
    /// <returns>The UTF-8 text, valid until the scope ends.</returns>
    [UnscopedRef]
    [SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "The handler's argument \"\" is this scope, which the compiler passes to it.")]
    public ReadOnlySpan<byte> FormatUtf8([InterpolatedStringHandlerArgument("")] ref BumpUtf8FormatHandler handler) => handler.Finish();

    /// <summary>The buffer a format handler writes into, once checked mode has allowed this scope to allocate.</summary>
    internal BumpBuffer BufferForText() => Use();
}
