// Invariants (on top of BumpBuffer's):
//   - _blocks[0] is the main block; _blocks[1 .. _index] are the overflow blocks, and _index is the
//     block being bumped (a restore frees the overflow blocks after the one it returns to).
//   - _state == StateOf(_index): the block index and the main block's generation, which a regrow
//     bumps. A regrow happens only while the buffer is empty, so the only live checkpoints of an
//     earlier generation g mark the empty buffer: index 0 at _mainStarts[g], the start g's main
//     block had. Those stay restorable across any number of regrows and mean "empty" now.
//   - _usedBefore == the sum of _leftAt[0 .. _index): the bytes each earlier block had in use when
//     the buffer moved on from it (its unused tail does not count, so the peak is what the work
//     really needed, and regrowing to it fits the work in one block).
//   - While _regrowPending, every save and restore takes the slow path, and whenever the buffer is
//     empty the fast path has no room (StopFastAllocation), so the next allocation reaches AllocSlow,
//     which regrows the main block.
//   - A regrow allocates every new block before it frees or records anything (AllocateMain, then
//     CommitRegrow), so memory the system refuses leaves the buffer as it was.
using System.Diagnostics;
using Bumper.Internal;

namespace Bumper;

/// <summary>
/// A buffer with one main block that never refuses an allocation: what does not fit goes to an overflow
/// block, the peak usage is tracked, and the next allocation made while the buffer is empty regrows the
/// main block to that peak, so a workload settles into one block. It shrinks only when asked
/// (<see cref="BumpBuffer.TrimExcess"/>, <see cref="BumpBuffer.MaxRetainedBytes"/>).
/// Bumper.jl 0.7.2: <c>ResizeBuffer</c>.
/// </summary>
/// <remarks>
/// GC memory (pinned arrays), needing no <see cref="BumpBuffer.Dispose"/>; in <c>BUMPER_AOT</c> builds
/// native memory, returned by <see cref="BumpBuffer.Dispose"/> or, failing that, a finalizer. A GC block
/// holds at most about 2 GiB: a peak past that regrows the main block to the largest it can be, and
/// the rest of each round overflows.
/// </remarks>
public sealed class ResizeBuffer : BumpBuffer
{
    /// <summary>The main block's initial size for <c>new ResizeBuffer()</c>: 128 KiB.</summary>
    public const int DefaultCapacity = 128 * 1024;

    private readonly nuint _firstLength;
    private MemoryBlock[] _blocks = new MemoryBlock[1];
    private long[] _leftAt = new long[1];
    private int _index;
    private bool _regrowPending;
    private int _generation;
    private nuint[] _mainStarts = new nuint[4];

    /// <summary>Creates a buffer whose main block holds <see cref="DefaultCapacity"/> bytes.</summary>
    public ResizeBuffer()
        : this(DefaultCapacity)
    {
    }

    /// <summary>Creates a buffer whose main block holds <paramref name="capacity"/> bytes (0 is allowed: the first use sizes it).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is negative, or (GC memory) larger than a GC block can be.</exception>
    public ResizeBuffer(nint capacity)
    {
        if (capacity < 0)
        {
            ThrowHelper.ThrowNegativeCapacity(nameof(capacity), capacity);
        }

        _firstLength = (nuint)capacity;
        _blocks[0] = MemoryBlock.Allocate((nuint)capacity, native: false, nameof(capacity));
        _mainStarts[0] = _blocks[0].Start;
#if !BUMPER_AOT
        // Stryker disable once Statement : the finalizer then runs and frees GC blocks, which only drops them
        GC.SuppressFinalize(this);
#endif
        SetBlock(_blocks[0].Start, _blocks[0].Start, _blocks[0].End, state: 0, usedBefore: 0);
    }

    /// <summary>Returns native memory (BUMPER_AOT builds) if <see cref="BumpBuffer.Dispose"/> was never called.</summary>
    // Stryker disable once Block,Statement : the blocks are GC arrays in this build, which Free only drops (the native builds' frees are checked by the C tests under valgrind)
    ~ResizeBuffer()
    {
        FreeBlocks();
    }

    /// <summary>The main block's size in bytes.</summary>
    public long MainCapacity => (long)_blocks[0].Length;

    /// <summary>Overflow blocks in use.</summary>
    public int OverflowCount => _index;

    /// <summary>Blocks in use: the main block and every overflow block.</summary>
    public override int BlocksInUse => _index + 1;

    /// <inheritdoc />
    public override int BlocksHeld => _index + 1;

    /// <inheritdoc />
    public override long Capacity
    {
        get
        {
            long total = 0;
            for (int i = 0; i <= _index; i++)
            {
                total += (long)_blocks[i].Length;
            }

            return total;
        }
    }

    private MemoryBlock Main => _blocks[0];

    private protected override unsafe void* AllocSlow(nuint byteCount, nuint alignMask)
    {
        // Every check and every allocation before the first change: a refused request, or memory the
        // system refuses, leaves the buffer as it was. An empty buffer regrows its main block first,
        // unless the request would then need an overflow block past the limit: it keeps its blocks
        // instead, so the limit is judged on what the buffer holds.
        nuint needed = DedicatedBlockSize(byteCount, alignMask);
        bool regrow = false;
        MemoryBlock main = Main;
        if (_regrowPending && BytesUsed == 0)
        {
            nuint regrown = RegrowSize();
            if (needed <= regrown || needed <= RoomUnderLimit((long)regrown))
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

        // An overflow block, at least the main block's size, within what the limit leaves. After a
        // regrow the request did not fit the new main block, so it needs more than that block holds,
        // which the regrow's condition says the limit leaves room for.
        nuint room = RoomUnderLimit(regrow ? (long)main.Length : Capacity);
        if (needed > room)
        {
            Debug.Assert(!regrow, "a regrow happens only when the overflow it may need fits the room it leaves");
            RefuseAtLimit(byteCount, alignMask);
        }

        nuint size = Math.Max(needed, Math.Min(Math.Max(main.Length, Limits.BlockAlignment), room));
        int next = regrow ? 1 : _index + 1;
        if (next == _blocks.Length)
        {
            Array.Resize(ref _blocks, _blocks.Length * 2);
            Array.Resize(ref _leftAt, _blocks.Length);
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
        _blocks[next] = block;
        EnterBlock(next, block.Start);
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
        if (IsChecked)
        {
            MemoryBlock.PoisonReleased(_blocks.AsSpan(index, _index - index + 1), position, Position);
        }

        FreeOverflowAfter(index);
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

            position = Main.Start;
            return true;
        }

        // A checkpoint of the current generation and block has the current state: it was restored in
        // the block and never reaches here.
        Debug.Assert(blockIndex != _index, "a checkpoint of the current block is restored in the block");
        // Stryker disable once Equality : the two are never equal here (see the assertion above)
        if (blockIndex > _index)
        {
            return false;
        }

        MemoryBlock block = _blocks[(int)blockIndex];
        if (checkpoint.Position < block.Start || checkpoint.Position > block.End)
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
        BytesUsed == 0 ? (Main.Start, StateOf(0)) : (position, state);

    private protected override void ResetBlocks()
    {
        FreeOverflowAfter(0);
        EnterBlock(0, Main.Start);
        if (_regrowPending || Main.Length > RetainedMainLength(MaxRetainedBytes))
        {
            RegrowAfterReset();
        }
    }

    private protected override void FreeBlocks()
    {
        // Stryker disable once Equality,Block,Statement : the blocks are GC arrays in this build, which Free only drops (the native builds' frees are checked by the C tests under valgrind)
        for (int i = 0; i <= _index; i++)
        {
            _blocks[i].Free();
        }

        _index = 0;
    }

    /// <summary>An empty buffer moves into a main block of at most <paramref name="maxRetained"/> bytes (never below its first size); a buffer in use keeps its blocks.</summary>
    private protected override void TrimBlocks(long maxRetained)
    {
        nuint keep = RetainedMainLength(maxRetained);
        if (BytesUsed != 0 || HasOpenCursor || (Main.Length <= keep && _index == 0))
        {
            return;
        }

        CommitRegrow(AllocateMain(Math.Min(keep, Main.Length)));
    }

    private long StateOf(int index) => ((long)_generation << 32) | (uint)index;

    private void EnterBlock(int index, nuint position)
    {
        _index = index;
        long usedBefore = 0;
        for (int i = 0; i < index; i++)
        {
            usedBefore += _leftAt[i];
        }

        MemoryBlock block = _blocks[index];
        SetBlock(block.Start, position, block.End, StateOf(index), usedBefore);
    }

    private void FreeOverflowAfter(int index)
    {
        while (_index > index)
        {
            _blocks[_index--].Free();
        }
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
    /// The main block's size after a regrow: the peak rounded up to 64, never past the limit, what the
    /// buffer may keep, or the largest block this flavour can make (a GC block holds under 2 GiB: past
    /// it, the rest of the peak goes on overflowing), and never smaller than now.
    /// </summary>
    private nuint RegrowSize()
    {
        nuint size = ((nuint)PeakBytesUsed + Limits.BlockAlignment - 1) & ~(nuint)(Limits.BlockAlignment - 1);
        size = Math.Min(Math.Min(size, (nuint)MaxCapacity), Math.Min(LargestBlock, RetainedMainLength(MaxRetainedBytes)));
        return Math.Max(size, Main.Length);
    }

    /// <summary>The largest main block the buffer keeps under <paramref name="maxRetained"/>: that, or its first size if larger.</summary>
    private nuint RetainedMainLength(long maxRetained) => Math.Max((nuint)maxRetained, _firstLength);

#if BUMPER_AOT
    private static nuint LargestBlock => nuint.MaxValue;
#else
    private static nuint LargestBlock => MemoryBlock.GcBlockLimit;
#endif

    /// <summary>
    /// The main block a regrow to <paramref name="size"/> moves into: a new block when its size differs
    /// from the main block's, otherwise the main block itself. Nothing changes until <see cref="CommitRegrow"/>.
    /// </summary>
    private MemoryBlock AllocateMain(nuint size)
    {
        if (size == Main.Length)
        {
            return Main;
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
        if (main.Start != Main.Start)
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
        FreeOverflowAfter(0);
        if (main.Start != Main.Start)
        {
            // Stryker disable once Statement : the blocks are GC arrays in this build, which Free only drops (the native builds' frees are checked by the C tests under valgrind)
            _blocks[0].Free();
            _blocks[0] = main;
            _mainStarts[++_generation] = main.Start;
        }

        // Stryker disable once Boolean : performance only: an extra regrow of an empty buffer to the size it has
        _regrowPending = false;
        // Stryker disable once Boolean : performance only: slow saves and restores give the same checkpoints as the fast ones
        SlowCheckpoints = false;
        EnterBlock(0, Main.Start);
    }

    /// <summary>
    /// A reset's regrow (to the peak, or down to what the buffer may keep). A reset only releases, so it
    /// must not fail: when the system refuses the new main block the buffer keeps the one it has, and
    /// the next workload that overflows it asks again.
    /// </summary>
    private void RegrowAfterReset()
    {
        nuint size = _regrowPending ? RegrowSize() : RetainedMainLength(MaxRetainedBytes);
        if (Main.Length > RetainedMainLength(MaxRetainedBytes))
        {
            size = Math.Min(size, RetainedMainLength(MaxRetainedBytes));
        }

        MemoryBlock main;
        try
        {
            main = AllocateMain(size);
        }
        catch (OutOfMemoryException)
        {
            main = Main;
        }

        CommitRegrow(main);
    }
}
