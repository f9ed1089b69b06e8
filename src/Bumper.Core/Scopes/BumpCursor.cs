// Invariants:
//   - While the cursor is open on its buffer, the buffer has handed it [_current, _limit) of its current block and refuses every other allocation, so
//     bumping _current here never overlaps memory handed out any other way. _current only grows,
//     and never past _limit.
//   - The buffer learns _current only when the cursor refills (CursorRefill) or is disposed
//     (CloseCursor): the point of the type is that the pointer lives in a register in between.
//   - A restore, reset or dispose of the buffer ends the cursor; the next refill or Dispose finds no
//     cursor open, or a position outside the open cursor's block, and refuses it (the fast path
//     cannot tell: the scope's end is what bounds the cursor's use). Only the buffer and the two
//     pointers are fields, so a loop keeps all of them, and its own variables, in registers.
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Bumper.Internal;

namespace Bumper;

/// <summary>
/// A bump pointer held in local variables for a burst of allocations inside one
/// <see cref="NoEscapeScope"/>: each allocation is a few register instructions, with no load or store
/// of the buffer's fields. Get one from <see cref="NoEscapeScope.Cursor"/> into a plain local
/// (<c>var cursor = scope.Cursor();</c>), and pass it by <c>ref</c> to a method that allocates from
/// it. Bumper.jl has no counterpart; it is what its <c>@alloc</c> in a hot loop would compile to if
/// the buffer's pointer stayed in a register.
/// </summary>
/// <remarks>
/// <para>
/// The allocations are the scope's: they live until the scope ends, whether or not the cursor was
/// disposed, and the scope's end ends the cursor, so a cursor used until its scope ends needs no
/// <c>using</c>. While the cursor is open its buffer refuses other allocations, saves and new scopes
/// (<see cref="InvalidOperationException"/>), so memory is never handed out twice; dispose the cursor
/// to allocate through the scope again. When the current block is full the cursor asks the buffer
/// for more (a new slab, an overflow block, or <see cref="BufferFullException"/>, as
/// <see cref="NoEscapeScope.Alloc{T}(int)"/> would) and continues in the new block.
/// </para>
/// <para>
/// Use the cursor only inside the scope it came from: after the scope ends (or its buffer is
/// restored or reset) the memory it points into belongs to the buffer again. The compiler keeps the
/// cursor, and the spans it returns, from outliving the scope's variable; calling
/// <see cref="NoEscapeScope.Dispose"/> by hand and then allocating through the cursor is the one
/// misuse it cannot see. <see cref="BumpBuffer.BytesUsed"/> and <see cref="BumpBuffer.PeakBytesUsed"/>
/// include the cursor's allocations once it refills or is disposed. In checked mode the scope's end
/// poisons what the cursor allocated since it opened or last refilled only if the cursor was
/// disposed first (the buffer learns how far a cursor got only then).
/// </para>
/// <para>
/// The cursor is a mutable struct that carries the bump pointer, so a copy would hand out the same
/// memory again. Keep it in one local declared with <c>var</c> and pass it by <c>ref</c> (or
/// <c>scoped ref</c>): a <c>using</c> local cannot be passed by <c>ref</c> (CS1657), and every
/// allocation through an <c>in</c> parameter works on a copy. The analyzer rule BUMP001 that ships
/// with the package reports each copy as an error (docs/analyzers.md).
/// </para>
/// </remarks>
/// <example>
/// <code>
/// static Span&lt;int&gt; Edges(ref BumpCursor cursor, int degree) =&gt; cursor.Alloc&lt;int&gt;(degree);
///
/// using var scope = buffer.NoEscape();
/// var cursor = scope.Cursor();                 // no using: the scope's end ends the cursor
/// for (int i = 0; i &lt; nodes.Length; i++)
/// {
///     Span&lt;int&gt; edges = Edges(ref cursor, degree[i]);
///     // ... fill edges; they live until the scope ends
/// }
/// </code>
/// </example>
public unsafe ref struct BumpCursor
{
    private readonly BumpBuffer? _buffer;
    private nuint _current;
    private nuint _limit;

    internal BumpCursor(BumpBuffer buffer, nuint current, nuint limit)
    {
        _buffer = buffer;
        _current = current;
        _limit = limit;
    }

    /// <summary>The next free byte (for the C ABI, which bumps a copy of it in C).</summary>
    internal readonly nuint Current => _current;

    /// <summary>The end of the range the cursor owns.</summary>
    internal readonly nuint Limit => _limit;

    /// <summary>
    /// Allocates an uninitialised span of <paramref name="length"/> elements that lives until the
    /// cursor's scope ends. Aligned to at least <typeparamref name="T"/>'s natural alignment.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative.</exception>
    /// <exception cref="BufferFullException">An <see cref="AllocBuffer"/> has no room; it is left unchanged.</exception>
    /// <exception cref="InvalidOperationException">The cursor has ended (its scope was disposed, or the buffer restored or reset) and needed more room.</exception>
    [UnscopedRef]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<T> Alloc<T>(int length)
        where T : unmanaged
    {
        void* p = Bump(Views.SpanByteCount<T>(length), Views.AlignMask<T>());
        return new Span<T>(p, length);
    }

    /// <summary>A copy of <paramref name="source"/> that lives until the cursor's scope ends.</summary>
    /// <exception cref="BufferFullException">An <see cref="AllocBuffer"/> has no room; it is left unchanged.</exception>
    [UnscopedRef]
    public Span<T> AllocCopy<T>(scoped ReadOnlySpan<T> source)
        where T : unmanaged
    {
        Span<T> copy = Alloc<T>(source.Length);
        source.CopyTo(copy);
        return copy;
    }

    /// <summary><paramref name="length"/> elements set to zero, living until the cursor's scope ends.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative.</exception>
    /// <exception cref="BufferFullException">An <see cref="AllocBuffer"/> has no room; it is left unchanged.</exception>
    [UnscopedRef]
    public Span<T> AllocZeroed<T>(int length)
        where T : unmanaged
    {
        Span<T> span = Alloc<T>(length);
        span.Clear();
        return span;
    }

    /// <summary><paramref name="length"/> elements set to <paramref name="value"/>, living until the cursor's scope ends.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative.</exception>
    /// <exception cref="BufferFullException">An <see cref="AllocBuffer"/> has no room; it is left unchanged.</exception>
    [UnscopedRef]
    public Span<T> AllocFilled<T>(int length, T value)
        where T : unmanaged
    {
        Span<T> span = Alloc<T>(length);
        span.Fill(value);
        return span;
    }

    /// <summary>
    /// Allocates <paramref name="byteCount"/> raw bytes aligned to <paramref name="alignment"/> that
    /// live until the cursor's scope ends.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="byteCount"/> is negative, or <paramref name="alignment"/> is not positive.</exception>
    /// <exception cref="ArgumentException"><paramref name="alignment"/> is not a power of two or exceeds <see cref="BumpBuffer.MaxAlignment"/>.</exception>
    /// <exception cref="BufferFullException">An <see cref="AllocBuffer"/> has no room; it is left unchanged.</exception>
    /// <exception cref="InvalidOperationException">The cursor has ended and needed more room.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void* AllocPtr(nint byteCount, int alignment = BumpBuffer.DefaultAlignment)
    {
        nuint mask = Views.AlignMaskOf(alignment);
        if (byteCount < 0)
        {
            ThrowHelper.ThrowNegativeByteCount(byteCount);
        }

        return Bump((nuint)byteCount, mask);
    }

    /// <summary>
    /// Allocates <paramref name="layout"/>'s bytes with its alignment, without checking them again
    /// (<see cref="AllocLayout"/>'s constructor did): the cheapest allocation Bumper has.
    /// </summary>
    /// <exception cref="BufferFullException">An <see cref="AllocBuffer"/> has no room; it is left unchanged.</exception>
    /// <exception cref="InvalidOperationException">The cursor has ended and needed more room.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void* AllocPtr(AllocLayout layout) => Bump(layout.Bytes, layout.AlignMask);

    /// <summary>
    /// Ends the cursor: its buffer takes the bump pointer back and allocates normally again. The
    /// cursor's allocations stay alive until the scope ends. Does nothing if the cursor has ended.
    /// </summary>
    public readonly void Dispose() => _buffer?.CloseCursor(_current);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void* Bump(nuint byteCount, nuint alignMask)
    {
        // Round up, then compare the end: an address plus a mask below 4096 cannot wrap, nor can the
        // rounded address plus byteCount < 2^63 (both callers guarantee it); a rounded start past
        // _limit gives an end past it too. Three dependent instructions from one _current to the next.
        nuint start = (_current + alignMask) & ~alignMask;
        nuint end = start + byteCount;
        if (end > _limit)
        {
            return Refill(byteCount, alignMask);
        }

        Debug.Assert((start & alignMask) == 0 && start >= _current, "the cursor's result is aligned and ahead of its pointer");
        _current = end;
        return (void*)start;
    }

    // Inlined, so the cursor's fields are never passed by address and can stay in registers; only the
    // static call it makes is out of line.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void* Refill(nuint byteCount, nuint alignMask)
    {
        BumpBuffer? buffer = _buffer;
        if (buffer is null)
        {
            ThrowHelper.ThrowDefaultCursor();
        }

        void* p = BumpBuffer.CursorRefill(buffer, _current, byteCount, alignMask);
        _current = buffer.CurrentPosition;
        _limit = buffer.CursorLimit;
        return p;
    }
}
