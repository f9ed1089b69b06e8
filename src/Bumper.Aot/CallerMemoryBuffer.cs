// Invariants (on top of BumpBuffer's): the buffer bumps through [_start, _start + _length), memory the
// C caller owns and keeps alive until bumper_buffer_free; the library itself writes there only the
// poison byte over released bytes (checked mode), and never frees it. _start is never 0 (NativeApi
// refuses NULL), so a live buffer never looks like the base's disposed state (a zero pointer). One
// block for life: the state is always 0, as AllocBuffer's.
using Bumper.Internal;

namespace Bumper.Aot;

/// <summary>
/// <c>bumper_buffer_new_in</c>'s buffer: an <see cref="AllocBuffer"/> over memory the caller owns (a static
/// array, a stack block), which the library never frees. Full means <see cref="BufferFullException"/>,
/// as for <see cref="AllocBuffer"/>.
/// </summary>
internal sealed unsafe class CallerMemoryBuffer : BumpBuffer
{
    private readonly nuint _start;
    private readonly nuint _length;

    /// <summary>Bumps through the <paramref name="length"/> bytes at <paramref name="start"/> (not 0, and start + length does not wrap).</summary>
    public CallerMemoryBuffer(nuint start, nuint length)
    {
        _start = start;
        _length = length;
        SetBlock(start, start, start + length, state: 0, usedBefore: 0);
    }

    /// <inheritdoc />
    public override long Capacity => (long)_length;

    private protected override void* AllocSlow(nuint byteCount, nuint alignMask)
    {
        ThrowFull(byteCount, alignMask, Capacity);
        return null;
    }

    // One block: a checkpoint of any other state is another buffer's, and RestoreBlocks is never reached.
    private protected override void CheckRestorable(in Checkpoint checkpoint) => ThrowHelper.ThrowForeignCheckpoint();

    private protected override void RestoreBlocks(in Checkpoint checkpoint) => ThrowHelper.ThrowForeignCheckpoint();

    private protected override void ResetBlocks() => SetBlock(_start, _start, _start + _length, state: 0, usedBefore: 0);

    // The caller's memory is the caller's to free.
    private protected override void FreeBlocks()
    {
    }
}
