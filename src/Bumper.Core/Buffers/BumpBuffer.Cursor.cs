// Lending the bump pointer to a BumpCursor (and to C's inline cursor). Invariants, on top of
// BumpBuffer.cs's:
//   - While a cursor is open (_cursorOpen): the cursor owns [_current, _cursorLimit) of the current
//     block and bumps its own copy of the pointer, from _cursorStart on; _limit == _current, so any
//     allocation through the buffer misses the fast path and is refused, and _fastState is
//     Unmatchable, so every save and restore takes the slow path, which refuses a save and ends
//     (abandons) the cursor on a restore, reset or dispose.
//   - The cursor gives its pointer back when it refills (CursorRefill) or is disposed (CloseCursor).
using System.Runtime.CompilerServices;
using Bumper.Internal;

namespace Bumper;

public abstract unsafe partial class BumpBuffer
{
    /// <summary>Whether a cursor is open on the buffer.</summary>
    internal bool HasOpenCursor => _cursorOpen;

    /// <summary>The lowest position the open cursor may have (where it took over in the current block).</summary>
    internal nuint CursorStart => _cursorStart;

    /// <summary>The cursor's limit after <see cref="CursorRefill"/>.</summary>
    internal nuint CursorLimit => _cursorLimit;

    /// <summary>Whether <paramref name="current"/> can be the position of the open cursor.</summary>
    internal bool IsOpenCursor(nuint current) => _cursorOpen && current - _cursorStart <= _cursorLimit - _cursorStart;

    /// <summary>Hands the free part of the current block to a new cursor (see <see cref="BumpCursor"/>).</summary>
    internal BumpCursor OpenCursor()
    {
        ThrowIfDisposed();
        if (_cursorOpen)
        {
            ThrowHelper.ThrowCursorAlreadyOpen();
        }

        Lend(_current);
        return new BumpCursor(this, _current, _cursorLimit);
    }

    /// <summary>
    /// A cursor's slow path: takes the cursor's pointer back, allocates through the buffer's own slow
    /// path (a new slab or block, or <see cref="BufferFullException"/>), and lends the block again.
    /// The cursor then reads <see cref="CurrentPosition"/> and <see cref="CursorLimit"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static void* CursorRefill(BumpBuffer buffer, nuint current, nuint byteCount, nuint alignMask)
    {
        buffer.ThrowIfNotOpenCursor(current);
        nuint blockBefore = buffer._blockStart;
        buffer.TakeBackCursor(current);
        try
        {
            return buffer.AllocSlow(byteCount, alignMask);
        }
        finally
        {
            // In a new block the cursor's range starts at the block; in the same one it is unchanged.
            buffer.Lend(buffer._blockStart != blockBefore ? buffer._blockStart : buffer._cursorStart);
        }
    }

    /// <summary>Ends a cursor and keeps what it allocated; does nothing if it has ended already.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal void CloseCursor(nuint current)
    {
        if (IsOpenCursor(current))
        {
            TakeBackCursor(current);
        }
    }

    /// <summary>The cursor owns [_current, _limit) from now on; the buffer's own allocations are refused.</summary>
    private void Lend(nuint start)
    {
        _cursorOpen = true;
        _cursorStart = start;
        _cursorLimit = _limit;
        _limit = _current;
        UpdateFastState();
    }

    // A cursor that ended cannot be told apart from the open one by identity (it carries only its
    // pointers, to stay in registers); a position outside the open cursor's range is refused.
    private void ThrowIfNotOpenCursor(nuint current)
    {
        ThrowIfDisposed();
        if (!IsOpenCursor(current))
        {
            ThrowHelper.ThrowCursorEnded();
        }
    }

    private void TakeBackCursor(nuint current)
    {
        _current = current;
        _limit = _cursorLimit;
        _cursorOpen = false;
        // Stryker disable once Statement : performance only: saves and restores stay on the slow path until the next layout change, with the same results
        UpdateFastState();
    }

    /// <summary>Ends an open cursor without its allocations (a restore, reset or dispose releases them anyway).</summary>
    private void AbandonCursor()
    {
        if (_cursorOpen)
        {
            _limit = _cursorLimit;
            _cursorOpen = false;
            // Stryker disable once Statement : performance only: saves and restores stay on the slow path until the next layout change, with the same results
            UpdateFastState();
        }
    }
}
