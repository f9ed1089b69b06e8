// Invariants (on top of BumpBuffer's):
//   - _blocks[0 .. _blockCount) are allocated native blocks; _index < _blockCount is the block being
//     bumped, and at most one block beyond it (the spare: the largest of those a restore released)
//     is kept after a restore.
//   - A block made by growth is NextBlockLength(the current block's length) long, or less when the
//     limit left less room; a kept spare may be longer. Block 0 is what the buffer was made with, or
//     the largest block at the last reset.
//   - _custom[0 .. _customCount) hold the live dedicated blocks: one per allocation larger than the
//     next chain block, freed by the restore that releases it. _customBytes is the sum of their lengths.
//   - _state == StateOf(_index, _customCount) and _usedBefore == _offsets[_index] + _customBytes, where
//     _offsets[k] is the sum of the lengths of blocks 0 .. k-1: every block before the current one
//     counts as used whole, its unused tail included.
//   - Capacity (every chain block, the spare, every dedicated block) never exceeds _maxCapacity.
using System.Runtime.CompilerServices;
using Bumper.Internal;

namespace Bumper;

/// <summary>
/// A growable buffer of native memory, as C arena libraries (upb's arena, Rust's bumpalo) grow: when
/// the current block is full it takes a new block twice the size of the last, up to
/// <see cref="MaxBlockSize"/>, and an allocation larger than the next block gets a block of its own
/// while allocation carries on in the current one. It never copies or moves an allocation.
/// </summary>
/// <remarks>
/// <para>
/// A restore frees the blocks after the checkpoint's block but keeps the largest of them as a spare,
/// which the next crossing enters: a loop of scopes across a block boundary reuses it rather than
/// allocating and freeing a block every iteration (Bumper.jl's slab-boundary pitfall), and a
/// repeated scope that grew through several blocks settles into two. <see cref="BumpBuffer.Reset"/>
/// keeps only the largest block, so a repeated workload settles into one. A dedicated block is freed
/// by the restore that releases its allocation.
/// </para>
/// <para>
/// All memory is native (no GC-tracked memory: the buffer is the same in <c>BUMPER_AOT</c> builds) and
/// returned by <see cref="BumpBuffer.Dispose"/> or, failing that, a finalizer. It is the C API's
/// <c>BUMPER_GROWABLE</c> buffer. <see cref="MaxCapacity"/> bounds the memory it may hold.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// using var buf = new ChainBuffer(firstBlockSize: 4096) { MaxCapacity = 1 &lt;&lt; 20 };
/// using (var scope = buf.NoEscape())
/// {
///     var words = scope.List&lt;int&gt;();
///     // ... add any number of items: the buffer takes 8 KiB, 16 KiB, ... blocks as it fills
/// }
/// </code>
/// </example>
public sealed class ChainBuffer : BumpBuffer
{
    /// <summary>The first block's size for <c>new ChainBuffer()</c>: 64 KiB.</summary>
    public const int DefaultFirstBlockSize = 64 * 1024;

    /// <summary>The size past which blocks stop doubling, for <c>new ChainBuffer()</c>: 1 MiB.</summary>
    public const int DefaultMaxBlockSize = 1024 * 1024;

    /// <summary>The smallest block the buffer grows by (after a first block of 0 bytes, for instance): 4 KiB.</summary>
    public const int MinBlockSize = 4096;

    private MemoryBlock[] _blocks = new MemoryBlock[4];
    private long[] _offsets = new long[4];
    private MemoryBlock[] _custom = [];
    private int _blockCount;
    private int _index;
    private int _customCount;
    private long _customBytes;
    private long _heldBytes;
    private long _maxCapacity = long.MaxValue;
    private long _limitRefusals;

    /// <summary>Creates a buffer with a first block of <see cref="DefaultFirstBlockSize"/> bytes and blocks up to <see cref="DefaultMaxBlockSize"/>.</summary>
    public ChainBuffer()
        : this(DefaultFirstBlockSize)
    {
    }

    /// <summary>
    /// Creates a buffer whose first block, allocated now, holds <paramref name="firstBlockSize"/> bytes
    /// (0 is allowed: the first allocation then takes a block); later blocks double up to
    /// <paramref name="maxBlockSize"/> (or the first block's size, if that is larger).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="firstBlockSize"/> is negative, or <paramref name="maxBlockSize"/> is below <see cref="MinBlockSize"/>.
    /// </exception>
    /// <exception cref="OutOfMemoryException">The memory is not available.</exception>
    public ChainBuffer(nint firstBlockSize, nint maxBlockSize = DefaultMaxBlockSize)
    {
        if (firstBlockSize < 0)
        {
            ThrowHelper.ThrowNegativeCapacity(nameof(firstBlockSize), firstBlockSize);
        }

        if (maxBlockSize < MinBlockSize)
        {
            ThrowHelper.ThrowInvalidMaxBlockSize(nameof(maxBlockSize), maxBlockSize, MinBlockSize);
        }

        MaxBlockSize = maxBlockSize;
        _blocks[0] = MemoryBlock.Allocate((nuint)firstBlockSize, native: true);
        _blockCount = 1;
        _heldBytes = firstBlockSize;
        EnterBlock(0, _blocks[0].Start);
    }

    /// <summary>Returns the native memory if <see cref="BumpBuffer.Dispose"/> was never called.</summary>
    ~ChainBuffer()
    {
        FreeBlocks();
    }

    /// <summary>The size past which blocks stop doubling (a first block larger than it is kept at its own size).</summary>
    public nint MaxBlockSize { get; }

    /// <summary>
    /// The most memory the buffer may hold (<see cref="BumpBuffer.Capacity"/>, every block counted,
    /// the spare included); unlimited by default. An allocation that would need more throws
    /// <see cref="BufferFullException"/> whose <see cref="BufferFullException.Capacity"/> is this limit,
    /// and leaves the buffer unchanged. Near the limit a new block is only as large as the limit leaves.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is below the memory the buffer holds now.</exception>
    public long MaxCapacity
    {
        get => _maxCapacity;
        set
        {
            if (value < _heldBytes)
            {
                ThrowHelper.ThrowLimitBelowCapacity(nameof(value), value, _heldBytes);
            }

            _maxCapacity = value;
        }
    }

    /// <summary>How many allocations <see cref="MaxCapacity"/> has refused since the buffer was made.</summary>
    public long LimitRefusals => _limitRefusals;

    /// <summary>Blocks held in the chain: the current one, every one before it, and the spare if one is kept.</summary>
    public int BlockCount => _blockCount;

    /// <summary>Live dedicated blocks: one per allocation larger than the next chain block.</summary>
    public int DedicatedBlockCount => _customCount;

    /// <summary>The size of the block being bumped.</summary>
    public long CurrentBlockSize => (long)_blocks[_index].Length;

    /// <summary>Blocks in use: the current one and every one before it.</summary>
    public override int SlabCount => _index + 1;

    /// <summary>Bytes held: every chain block (the spare included) and every dedicated block.</summary>
    public override long Capacity => _heldBytes;

    private static long StateOf(int index, int customCount) => ((long)index << 32) | (uint)customCount;

    private protected override unsafe void* AllocSlow(nuint byteCount, nuint alignMask)
    {
        // Every check before the first change: a refused request leaves the buffer as it was.
        nuint needed = DedicatedBlockSize(byteCount, alignMask);
        nuint room = (nuint)(_maxCapacity - _heldBytes);
        int next = _index + 1;
        if (next < _blockCount)
        {
            // The spare is kept, so it needs no room under the limit.
            if (needed <= _blocks[next].Length)
            {
                EnterBlock(next, _blocks[next].Start);
                return BumpNewBlock(byteCount, alignMask);
            }
        }
        else
        {
            nuint length = Math.Min(NextBlockLength(_blocks[_index].Length), room);
            if (needed <= length)
            {
                AddBlock(length);
                EnterBlock(next, _blocks[next].Start);

                // A new block is aligned to 64 and holds byteCount + the alignment padding.
                return BumpNewBlock(byteCount, alignMask);
            }
        }

        if (needed > room)
        {
            _limitRefusals++;
            ThrowFull(byteCount, alignMask, _maxCapacity);
        }

        return AllocDedicated(needed, alignMask);
    }

    /// <summary>The length of the block that follows one of <paramref name="length"/> bytes: double, within [<see cref="MinBlockSize"/>, max(<see cref="MaxBlockSize"/>, length)].</summary>
    private nuint NextBlockLength(nuint length)
    {
        nuint cap = Math.Max((nuint)MaxBlockSize, length);
        nuint doubled = length > cap / 2 ? cap : length * 2;
        return Math.Max(doubled, MinBlockSize);
    }

    private void AddBlock(nuint length)
    {
        if (_blockCount == _blocks.Length)
        {
            Array.Resize(ref _blocks, _blocks.Length * 2);
            Array.Resize(ref _offsets, _offsets.Length * 2);
        }

        _blocks[_blockCount] = MemoryBlock.Allocate(length, native: true);
        _offsets[_blockCount] = _offsets[_blockCount - 1] + (long)_blocks[_blockCount - 1].Length;
        _blockCount++;
        _heldBytes += (long)length;
    }

    private unsafe void* AllocDedicated(nuint length, nuint alignMask)
    {
        if (_customCount == _custom.Length)
        {
            Array.Resize(ref _custom, Math.Max(4, _custom.Length * 2));
        }

        MemoryBlock block = MemoryBlock.Allocate(length, native: true);
        _custom[_customCount++] = block;
        _customBytes += (long)length;
        _heldBytes += (long)length;

        // The bump pointer stays where it is; only the layout (and so the state) changes.
        ChangeLayout(StateOf(_index, _customCount), _offsets[_index] + _customBytes);
        return (void*)((block.Start + alignMask) & ~alignMask);
    }

    private protected override void CheckRestorable(in Checkpoint checkpoint)
    {
        int index = HighHalf(checkpoint.State);
        int customCount = (int)(uint)checkpoint.State;
        if (index < 0 || index > _index || customCount < 0 || customCount > _customCount)
        {
            ThrowHelper.ThrowForeignCheckpoint();
        }

        MemoryBlock block = _blocks[index];
        nuint top = index == _index ? Position : block.End;
        if (checkpoint.Position < block.Start || checkpoint.Position > top)
        {
            ThrowHelper.ThrowForeignCheckpoint();
        }
    }

    private protected override void RestoreBlocks(in Checkpoint checkpoint)
    {
        int index = HighHalf(checkpoint.State);
        int customCount = (int)(uint)checkpoint.State;
        if (IsChecked)
        {
            MemoryBlock block = _blocks[index];
            // Stryker disable once Conditional : poisons the free bytes past the pointer too, whose content is not promised
            MemoryBlock.Poison(checkpoint.Position, index == _index ? Position : block.End);
            for (int i = index + 1; i <= _index; i++)
            {
                // Stryker disable once Conditional : poisons the free bytes past the pointer too, whose content is not promised
                MemoryBlock.Poison(_blocks[i].Start, i == _index ? Position : _blocks[i].End);
            }
        }

        while (_customCount > customCount)
        {
            ref MemoryBlock dedicated = ref _custom[--_customCount];
            _customBytes -= (long)dedicated.Length;
            _heldBytes -= (long)dedicated.Length;
            dedicated.Free();
        }

        // Keep the largest block beyond the restored one as the spare; return the rest.
        // Stryker disable once Equality : with exactly one block past the restored one, keeping the largest keeps that one and frees nothing
        if (_blockCount > index + 2)
        {
            KeepOnlyTheLargestFrom(index + 1);
        }

        EnterBlock(index, checkpoint.Position);
    }

    private protected override void ResetBlocks()
    {
        while (_customCount > 0)
        {
            _custom[--_customCount].Free();
        }

        _customBytes = 0;

        KeepOnlyTheLargestFrom(0);

        _heldBytes = (long)_blocks[0].Length;
        EnterBlock(0, _blocks[0].Start);
    }

    private protected override void FreeBlocks()
    {
        for (int i = 0; i < _blockCount; i++)
        {
            _blocks[i].Free();
        }

        for (int i = 0; i < _customCount; i++)
        {
            _custom[i].Free();
        }

        _blockCount = _customCount = _index = 0;
        _customBytes = _heldBytes = 0;
    }

    /// <summary>
    /// Of the blocks from <paramref name="first"/> on, keeps the largest (the first of equals) at
    /// <paramref name="first"/> and frees the others.
    /// </summary>
    private void KeepOnlyTheLargestFrom(int first)
    {
        int largest = first;
        for (int i = first + 1; i < _blockCount; i++)
        {
            if (_blocks[i].Length > _blocks[largest].Length)
            {
                largest = i;
            }
        }

        (_blocks[first], _blocks[largest]) = (_blocks[largest], _blocks[first]);
        while (_blockCount > first + 1)
        {
            FreeLastBlock();
        }
    }

    private void FreeLastBlock()
    {
        ref MemoryBlock block = ref _blocks[--_blockCount];
        _heldBytes -= (long)block.Length;
        block.Free();
    }

    // A loop of scopes across a block boundary runs this twice per scope: inlined into AllocSlow and
    // RestoreBlocks with its helpers, which NativeAOT otherwise calls one by one.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void EnterBlock(int index, nuint position)
    {
        _index = index;
        MemoryBlock block = _blocks[index];
        SetBlock(block.Start, position, block.End, StateOf(index, _customCount), _offsets[index] + _customBytes);
    }
}
