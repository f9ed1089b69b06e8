// Growing the buffer's last allocation in place: the one growth rule of lists, formatted text and
// arena writers. Relies on the invariants written at the top of BumpBuffer.cs; moves only _current,
// inside the current block.
using Bumper.Internal;

namespace Bumper;

public abstract unsafe partial class BumpBuffer
{
    /// <summary>
    /// Resizes the buffer's last allocation in place: <paramref name="start"/> +
    /// <paramref name="oldByteCount"/> must be the bump pointer and the new end must fit in the current
    /// block's room. False, and nothing changed, otherwise (the caller then allocates anew and copies).
    /// </summary>
    internal bool TryResizeLast(nuint start, nuint oldByteCount, nuint newByteCount)
    {
        if (_cursorOpen || start + oldByteCount != _current || start < _blockStart || newByteCount > _limit - start)
        {
            return false;
        }

        if (_current > _blockHigh)
        {
            _blockHigh = _current;
        }

        _current = start + newByteCount;
        return true;
    }

    /// <summary>
    /// Grows the block at <paramref name="start"/> from <paramref name="oldByteCount"/> to
    /// <paramref name="newByteCount"/> bytes, keeping its first <paramref name="usedByteCount"/>: in
    /// place while it is the buffer's last allocation and the block has room, otherwise in a new block
    /// whose old one is released with its scope or arena. Returns the block's start, moved or not; a
    /// refusal (<see cref="BufferFullException"/>) happens before any change. The one growth rule of
    /// lists, formatted text and arena writers.
    /// </summary>
    internal void* GrowBlock(void* start, nuint usedByteCount, nuint oldByteCount, nuint newByteCount, nuint alignMask)
    {
        if (TryResizeLast((nuint)start, oldByteCount, newByteCount))
        {
            return start;
        }

        void* moved = Bump(newByteCount, alignMask);
        Buffer.MemoryCopy(start, moved, newByteCount, usedByteCount);
        return moved;
    }
}
