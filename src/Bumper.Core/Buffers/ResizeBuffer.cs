// Invariants (on top of BumpBuffer's):
//   - Block 0 is _main; block k >= 1 is _overflow[k - 1]; _index is the block being bumped and
//     _overflow[0 .. _overflowCount) are exactly the blocks 1 .. _index (a restore frees the ones after).
//   - _state == StateOf(_index): the block index and the main block's generation, which a regrow
//     bumps; a checkpoint of the previous generation is alive only if it marks the empty buffer.
//   - _usedBefore == the sum of _leftAt[0 .. _index): the bytes each earlier
//     block had in use when the buffer moved on from it (its unused tail does not count, so the peak
//     is what the work really needed, and regrowing to it fits the work in one block).
//   - While _regrowPending, every save and restore takes the slow path, and whenever the buffer is
//     empty _limit == _current, so the next allocation reaches AllocSlow, which regrows _main.
using Bumper.Internal;

namespace Bumper;

/// <summary>
/// A buffer with one main block that never refuses an allocation: what does not fit goes to an overflow
/// block, the peak usage is tracked, and the next allocation made while the buffer is empty regrows the
/// main block to that peak, so a workload settles into one block. It never shrinks.
/// Bumper.jl 0.7.2: <c>ResizeBuffer</c>.
/// </summary>
/// <remarks>
/// GC memory (pinned arrays), needing no <see cref="BumpBuffer.Dispose"/>; in <c>BUMPER_AOT</c> builds
/// native memory, returned by <see cref="BumpBuffer.Dispose"/> or, failing that, a finalizer.
/// </remarks>
public sealed class ResizeBuffer : BumpBuffer
{
    /// <summary>The main block's initial size for <c>new ResizeBuffer()</c>: 128 KiB.</summary>
    public const int DefaultCapacity = 128 * 1024;

    private MemoryBlock _main;
    private MemoryBlock[] _overflow = [];
    private long[] _leftAt = new long[4];
    private int _overflowCount;
    private int _index;
    private bool _regrowPending;
    private int _generation;
    private nuint _previousMainStart;

    /// <summary>Creates a buffer whose main block holds <see cref="DefaultCapacity"/> bytes.</summary>
    public ResizeBuffer()
        : this(DefaultCapacity)
    {
    }

    /// <summary>Creates a buffer whose main block holds <paramref name="capacity"/> bytes (0 is allowed: the first use sizes it).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is negative.</exception>
    public ResizeBuffer(nint capacity)
    {
        if (capacity < 0)
        {
            ThrowHelper.ThrowOutOfRange(nameof(capacity), capacity, $"A capacity must not be negative; {capacity} was asked for.");
        }

        _main = MemoryBlock.Allocate((nuint)capacity, native: false);
#if !BUMPER_AOT
        GC.SuppressFinalize(this);
#endif
        SetBlock(_main.Start, _main.Start, _main.End, state: 0, usedBefore: 0);
    }

    /// <summary>Returns native memory (BUMPER_AOT builds) if <see cref="BumpBuffer.Dispose"/> was never called.</summary>
    ~ResizeBuffer()
    {
        FreeBlocks();
    }

    /// <summary>The main block's size in bytes.</summary>
    public long MainCapacity => (long)_main.Length;

    /// <summary>Overflow blocks in use.</summary>
    public int OverflowCount => _overflowCount;

    /// <summary>Blocks in use: the main block and every overflow block.</summary>
    public override int SlabCount => _index + 1;

    /// <inheritdoc />
    public override long Capacity
    {
        get
        {
            long total = (long)_main.Length;
            for (int i = 0; i < _overflowCount; i++)
            {
                total += (long)_overflow[i].Length;
            }

            return total;
        }
    }

    private protected override unsafe void* AllocSlow(nuint byteCount, nuint alignMask)
    {
        if (_regrowPending && BytesUsed == 0)
        {
            Regrow();
            return Bump(byteCount, alignMask);
        }

        nuint extra = alignMask >= Limits.BlockAlignment ? alignMask : 0;
        if (byteCount > nuint.MaxValue - extra)
        {
            ThrowHelper.ThrowSizeOverflow($"{byteCount} bytes aligned to {alignMask + 1}");
        }

        nuint size = Math.Max(byteCount + extra, Math.Max(_main.Length, Limits.BlockAlignment));
        if (_overflowCount == _overflow.Length)
        {
            Array.Resize(ref _overflow, Math.Max(4, _overflow.Length * 2));
        }

        MemoryBlock block = MemoryBlock.Allocate(size, native: false);
        if (_overflowCount == _leftAt.Length)
        {
            Array.Resize(ref _leftAt, _leftAt.Length * 2);
        }

        _leftAt[_index] = (long)(_current - _blockStart);
        _overflow[_overflowCount++] = block;
        EnterBlock(_overflowCount, _overflow[_overflowCount - 1].Start);
        _regrowPending = true;
        SlowCheckpoints = true;

        // The new block is aligned to 64 and holds byteCount + the alignment padding.
        return Bump(byteCount, alignMask);
    }

    private protected override void RestoreBlocks(in Checkpoint saved)
    {
        Checkpoint checkpoint = saved;
        int generation = (int)(checkpoint.State >> 32);
        long index = (uint)checkpoint.State;
        if (generation != _generation)
        {
            // Saved before the main block was regrown, which happens only while empty.
            if (generation != _generation - 1 || index != 0 || checkpoint.Position != _previousMainStart)
            {
                ThrowForeignCheckpoint();
            }

            checkpoint = new Checkpoint(_main.Start, StateOf(0), checkpoint.Serial);
            index = 0;
        }

        if (index > _index)
        {
            ThrowForeignCheckpoint();
        }

        MemoryBlock block = BlockAt((int)index);
        nuint top = index == _index ? _current : block.End;
        if (checkpoint.Position < block.Start || checkpoint.Position > top)
        {
            ThrowForeignCheckpoint();
        }

        if (IsChecked)
        {
            MemoryBlock.Poison(checkpoint.Position, top);
        }

        while (_overflowCount > index)
        {
            _overflow[--_overflowCount].Free();
        }

        EnterBlock((int)index, checkpoint.Position);
        StopIfEmpty();
    }

    private protected override void OnRestoredInBlock() => StopIfEmpty();

    private protected override void ResetBlocks()
    {
        while (_overflowCount > 0)
        {
            _overflow[--_overflowCount].Free();
        }

        EnterBlock(0, _main.Start);
        if (_regrowPending)
        {
            Regrow();
        }
    }

    private protected override void FreeBlocks()
    {
        _main.Free();
        for (int i = 0; i < _overflowCount; i++)
        {
            _overflow[i].Free();
        }

        _overflowCount = 0;
        _index = 0;
    }

    private long StateOf(int index) => ((long)_generation << 32) | (uint)index;

    private MemoryBlock BlockAt(int index) => index == 0 ? _main : _overflow[index - 1];

    private void EnterBlock(int index, nuint position)
    {
        _index = index;
        long usedBefore = 0;
        for (int i = 0; i < index; i++)
        {
            usedBefore += _leftAt[i];
        }

        MemoryBlock block = BlockAt(index);
        SetBlock(block.Start, position, block.End, StateOf(index), usedBefore);
    }

    /// <summary>While a regrow is pending, an empty buffer sends its next allocation to the slow path.</summary>
    private void StopIfEmpty()
    {
        if (_regrowPending && BytesUsed == 0)
        {
            _limit = _current;
        }
    }

    private void Regrow()
    {
        long peak = PeakBytesUsed;
        nuint size = ((nuint)peak + Limits.BlockAlignment - 1) & ~(nuint)(Limits.BlockAlignment - 1);
        if (size > _main.Length)
        {
            MemoryBlock grown = MemoryBlock.Allocate(size, native: false);
            _previousMainStart = _main.Start;
            _main.Free();
            _main = grown;
            _generation++;
        }

        _regrowPending = false;
        SlowCheckpoints = false;
        EnterBlock(0, _main.Start);
    }
}
