// Invariants (on top of BumpBuffer's):
//   - Block 0 is _main; block k >= 1 is _overflow[k - 1]; _index is the block being bumped and
//     _overflow[0 .. _overflowCount) are exactly the blocks 1 .. _index (a restore frees the ones after).
//   - _state == StateOf(_index): the block index and the main block's generation, which a regrow
//     bumps. A regrow happens only while the buffer is empty, so the only live checkpoints of an
//     earlier generation g mark the empty buffer: index 0 at _mainStarts[g], the start g's main
//     block had. Those stay restorable across any number of regrows and mean "empty" now.
//   - _usedBefore == the sum of _leftAt[0 .. _index): the bytes each earlier
//     block had in use when the buffer moved on from it (its unused tail does not count, so the peak
//     is what the work really needed, and regrowing to it fits the work in one block).
//   - While _regrowPending, every save and restore takes the slow path, and whenever the buffer is
//     empty the fast path has no room (StopFastAllocation), so the next allocation reaches AllocSlow, which regrows _main.
using System.Diagnostics.CodeAnalysis;
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
    private long[] _leftAt = new long[1];
    private int _overflowCount;
    private int _index;
    private bool _regrowPending;
    private int _generation;
    private nuint[] _mainStarts = new nuint[4];
    private long _maxCapacity = long.MaxValue;
    private long _limitRefusals;

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
            ThrowHelper.ThrowNegativeCapacity(nameof(capacity), capacity);
        }

        _main = MemoryBlock.Allocate((nuint)capacity, native: false, nameof(capacity));
        _mainStarts[0] = _main.Start;
#if !BUMPER_AOT
        // Stryker disable once Statement : the finalizer then runs and frees GC blocks, which only drops them
        GC.SuppressFinalize(this);
#endif
        SetBlock(_main.Start, _main.Start, _main.End, state: 0, usedBefore: 0);
    }

    /// <summary>Returns native memory (BUMPER_AOT builds) if <see cref="BumpBuffer.Dispose"/> was never called.</summary>
    // Stryker disable once Block,Statement : the blocks are GC arrays in this build, which Free only drops (the native builds' frees are checked by the C tests under valgrind)
    ~ResizeBuffer()
    {
        FreeBlocks();
    }

    /// <summary>
    /// The most memory the buffer may hold (<see cref="BumpBuffer.Capacity"/>, every block counted);
    /// unlimited by default. An allocation that would need more throws <see cref="BufferFullException"/>
    /// whose <see cref="BufferFullException.Capacity"/> is this limit, and leaves the buffer unchanged:
    /// a service's guard against a request that asks for too much.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is below the memory the buffer holds now.</exception>
    public long MaxCapacity
    {
        get => _maxCapacity;
        set
        {
            if (value < Capacity)
            {
                ThrowHelper.ThrowLimitBelowCapacity(nameof(value), value, Capacity);
            }

            _maxCapacity = value;
        }
    }

    /// <summary>How many allocations <see cref="MaxCapacity"/> has refused since the buffer was made.</summary>
    public long LimitRefusals => _limitRefusals;

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
        // Every check and every allocation before the first change: a refused request, or memory the
        // system refuses, leaves the buffer as it was. An empty buffer regrows its main block first,
        // unless the request would then need an overflow block past the limit: it keeps its blocks
        // instead, so the limit is judged on what the buffer holds.
        nuint needed = DedicatedBlockSize(byteCount, alignMask);
        bool regrow = false;
        MemoryBlock main = _main;
        if (_regrowPending && BytesUsed == 0)
        {
            nuint regrown = RegrowSize();
            if (needed <= regrown || needed <= Room(regrown))
            {
                regrow = true;
                main = AllocateMain(regrown);
                if (((0 - main.Start) & alignMask) + byteCount <= main.Length)
                {
                    CommitRegrow(main);
                    return BumpNewBlock(byteCount, alignMask);
                }
            }
        }

        // An overflow block, at least the main block's size, within what the limit leaves.
        nuint room = Room(regrow ? main.Length : (nuint)Capacity);
        if (needed > room)
        {
            // Stryker disable once Statement : without a regrow it frees nothing, and a regrow happens only when the overflow fits the room it leaves
            ReleaseUncommitted(main);
            RefuseAtLimit(byteCount, alignMask);
        }

        nuint size = Math.Max(needed, Math.Min(Math.Max(main.Length, Limits.BlockAlignment), room));
        if (_overflowCount == _overflow.Length)
        {
            Array.Resize(ref _overflow, Math.Max(4, _overflow.Length * 2));
            Array.Resize(ref _leftAt, _overflow.Length + 1);
        }

        MemoryBlock block;
        try
        {
            block = MemoryBlock.Allocate(size, native: false);
        }
        catch
        {
            ReleaseUncommitted(main);
            throw;
        }

        if (regrow)
        {
            CommitRegrow(main);
        }

        _leftAt[_index] = (long)(Position - BlockStart);
        _overflow[_overflowCount++] = block;
        EnterBlock(_overflowCount, _overflow[_overflowCount - 1].Start);
        _regrowPending = true;
        SlowCheckpoints = true;

        // The new block is aligned to 64 and holds byteCount + the alignment padding.
        return BumpNewBlock(byteCount, alignMask);
    }

    private protected override void CheckRestorable(in Checkpoint checkpoint)
    {
        if (!TryLocate(checkpoint, out _, out _))
        {
            ThrowHelper.ThrowForeignCheckpoint();
        }
    }

    private protected override void RestoreBlocks(in Checkpoint checkpoint)
    {
        TryLocate(checkpoint, out int index, out nuint position);
        MemoryBlock block = BlockAt(index);
        // Stryker disable once Conditional : poisons the free bytes past the pointer too, whose content is not promised
        nuint top = index == _index ? Position : block.End;
        if (IsChecked)
        {
            MemoryBlock.Poison(position, top);
            // Stryker disable once Equality : the later blocks are dropped right after, so reading them would be a use after free
            for (int i = index + 1; i <= _index; i++)
            {
                MemoryBlock later = BlockAt(i);
                // Stryker disable once Statement,Conditional : the later blocks are dropped right after, so reading them would be a use after free
                MemoryBlock.Poison(later.Start, i == _index ? Position : later.End);
            }
        }

        while (_overflowCount > index)
        {
            _overflow[--_overflowCount].Free();
        }

        EnterBlock(index, position);
        StopIfEmpty();
    }

    /// <summary>The block and position a checkpoint names now, or false when it names none this buffer has.</summary>
    private bool TryLocate(in Checkpoint checkpoint, out int index, out nuint position)
    {
        int generation = HighHalf(checkpoint.State);
        long blockIndex = (uint)checkpoint.State;
        index = 0;
        position = 0;
        if (generation != _generation)
        {
            // An earlier generation's checkpoint is alive only if it marks that generation's empty buffer.
            // Stryker disable once Equality : this sits inside generation != _generation, so the two are never equal here
            if ((uint)generation > (uint)_generation)
            {
                return false;
            }

            if (blockIndex != 0 || checkpoint.Position != _mainStarts[generation])
            {
                return false;
            }

            position = _main.Start;
            return true;
        }

        // Stryker disable once Equality : unreachable: a checkpoint of the current generation and block is restored in the block and never located
        if (blockIndex > _index)
        {
            return false;
        }

        MemoryBlock block = BlockAt((int)blockIndex);
        // Stryker disable once Conditional : unreachable: a checkpoint of the current generation and block is restored in the block and never located
        nuint top = blockIndex == _index ? Position : block.End;
        if (checkpoint.Position < block.Start || checkpoint.Position > top)
        {
            return false;
        }

        index = (int)blockIndex;
        position = checkpoint.Position;
        return true;
    }

    private protected override void OnRestoredInBlock() => StopIfEmpty();

    // A checkpoint of the empty buffer always names the main block's start, wherever the pointer sits
    // (it may be at the start of an overflow block), so it survives regrows that free those blocks.
    private protected override (nuint Position, long State) SlowSavePoint(nuint position, long state) =>
        BytesUsed == 0 ? (_main.Start, StateOf(0)) : (position, state);

    private protected override void ResetBlocks()
    {
        // Stryker disable once Equality : an overflow block always sets _regrowPending, and the Regrow that follows frees every overflow block
        while (_overflowCount > 0)
        {
            _overflow[--_overflowCount].Free();
        }

        EnterBlock(0, _main.Start);
        if (_regrowPending)
        {
            RegrowAfterReset();
        }
    }

    private protected override void FreeBlocks()
    {
        _main.Free();
        // Stryker disable once Equality,Block,Statement : the blocks are GC arrays in this build, which Free only drops (the native builds' frees are checked by the C tests under valgrind)
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
            StopFastAllocation();
        }
    }

    /// <summary>
    /// The main block's size after a regrow: the peak rounded up to 64, never past the limit or the
    /// largest block this flavour can make (a GC block holds under 2 GiB: past it, the rest of the
    /// peak goes on overflowing), never smaller than now.
    /// </summary>
    private nuint RegrowSize()
    {
        nuint size = ((nuint)PeakBytesUsed + Limits.BlockAlignment - 1) & ~(nuint)(Limits.BlockAlignment - 1);
        return Math.Max(Math.Min(Math.Min(size, (nuint)_maxCapacity), LargestBlock), _main.Length);
    }

#if BUMPER_AOT
    private static nuint LargestBlock => nuint.MaxValue;
#else
    private static nuint LargestBlock => MemoryBlock.GcBlockLimit;
#endif

    /// <summary>What the limit leaves for a new block when the buffer holds <paramref name="held"/> bytes.</summary>
    private nuint Room(nuint held) => (nuint)Math.Max(0, _maxCapacity - (long)held);

    [DoesNotReturn]
    private void RefuseAtLimit(nuint byteCount, nuint alignMask)
    {
        _limitRefusals++;
        ThrowFull(byteCount, alignMask, _maxCapacity);
    }

    /// <summary>
    /// The main block a regrow to <paramref name="size"/> moves into: a new block when it is larger than
    /// the main block, otherwise the main block itself. Nothing changes until <see cref="CommitRegrow"/>.
    /// </summary>
    private MemoryBlock AllocateMain(nuint size)
    {
        if (size <= _main.Length)
        {
            return _main;
        }

        // Stryker disable once Equality : only memory changes: the list of main-block starts grows at every regrow instead of when full
        if (_generation + 1 == _mainStarts.Length)
        {
            Array.Resize(ref _mainStarts, _mainStarts.Length * 2);
        }

        return MemoryBlock.Allocate(size, native: false);
    }

    /// <summary>Frees a main block from <see cref="AllocateMain"/> that a failure keeps from being used.</summary>
    private void ReleaseUncommitted(MemoryBlock main)
    {
        if (main.Start != _main.Start)
        {
            main.Free();
        }
    }

    /// <summary>
    /// Moves the empty buffer into <paramref name="main"/> (from <see cref="AllocateMain"/>). Nothing
    /// here can fail. Empty, so every overflow block holds nothing live (an empty buffer can sit at
    /// the start of one, after a zero-byte allocation or a cursor that gave everything back).
    /// </summary>
    private void CommitRegrow(MemoryBlock main)
    {
        while (_overflowCount > 0)
        {
            _overflow[--_overflowCount].Free();
        }

        if (main.Start != _main.Start)
        {
            // Stryker disable once Statement : the blocks are GC arrays in this build, which Free only drops (the native builds' frees are checked by the C tests under valgrind)
            _main.Free();
            _main = main;
            _mainStarts[++_generation] = main.Start;
        }

        // Stryker disable once Boolean : performance only: an extra regrow of an empty buffer to the size it has
        _regrowPending = false;
        // Stryker disable once Boolean : performance only: slow saves and restores give the same checkpoints as the fast ones
        SlowCheckpoints = false;
        EnterBlock(0, _main.Start);
    }

    /// <summary>
    /// A reset's regrow. A reset only releases, so it must not fail: when the system refuses the larger
    /// main block the buffer keeps the one it has, and the next workload that overflows it asks again.
    /// </summary>
    private void RegrowAfterReset()
    {
        MemoryBlock main;
        try
        {
            main = AllocateMain(RegrowSize());
        }
        catch (OutOfMemoryException)
        {
            main = _main;
        }

        CommitRegrow(main);
    }
}
