using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Bumper.Internal;

namespace Bumper;

// Resizing an allocation of the scope: the C# side of bumper_realloc, for arrays and strings whose
// length is found while they are built. In place while the allocation is the buffer's last one.
public readonly ref partial struct NoEscapeScope
{
    /// <summary>
    /// Resizes <paramref name="span"/>, an allocation of this scope, to <paramref name="newLength"/>
    /// elements: in place (the same address) when it is the buffer's last allocation and its block has
    /// room, growing or shrinking; otherwise a new allocation that receives the first
    /// min(old, new) elements (the old memory stays allocated until the scope ends). An empty
    /// <paramref name="span"/> allocates. bumpalo: <c>Allocator::grow</c> and <c>shrink</c> on <c>&amp;Bump</c>; C: <c>bumper_realloc</c>.
    /// </summary>
    /// <remarks>
    /// Elements past the old length are not initialised. After an in-place resize, the memory of
    /// <paramref name="span"/> beyond <paramref name="newLength"/> belongs to the next allocation:
    /// use the returned span, not the old one.
    /// </remarks>
    /// <example>
    /// <code>
    /// using var scope = buf.NoEscape();
    /// Span&lt;int&gt; hits = scope.Alloc&lt;int&gt;(16);
    /// int count = 0;
    /// foreach (int x in input)
    /// {
    ///     if (count == hits.Length) hits = scope.Resize(hits, hits.Length * 2);
    ///     if (x % 7 == 0) hits[count++] = x;
    /// }
    /// hits = scope.Resize(hits, count); // in place: gives the unused tail back
    /// </code>
    /// </example>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="newLength"/> is negative.</exception>
    /// <exception cref="BufferFullException">An <see cref="AllocBuffer"/> has no room; it and <paramref name="span"/> are left unchanged.</exception>
    /// <exception cref="InvalidOperationException">In checked mode, an inner scope is open; or a cursor is open on the buffer.</exception>
    [UnscopedRef]
    public unsafe Span<T> Resize<T>(Span<T> span, int newLength)
        where T : unmanaged
    {
        if (newLength < 0)
        {
            ThrowHelper.ThrowNegativeLength(nameof(newLength), newLength);
        }

        BumpBuffer buffer = Use();
        void* start = Unsafe.AsPointer(ref MemoryMarshal.GetReference(span));
        nuint oldBytes = (nuint)(uint)span.Length * (nuint)sizeof(T);
        nuint newBytes = (nuint)(uint)newLength * (nuint)sizeof(T);
        if (start != null && buffer.TryResizeLast((nuint)start, oldBytes, newBytes))
        {
            return new Span<T>(start, newLength);
        }

        Span<T> moved = buffer.Alloc<T>(newLength);
        span[..Math.Min(span.Length, newLength)].CopyTo(moved);
        return moved;
    }
}
