// A chain of blocks, for the two buffers that grow by adding blocks (SlabBuffer and ChainBuffer): they
// differ only in how long a new block is, where its memory comes from, and what their API calls the
// blocks. Invariants (on top of BumpBuffer.cs's):
//   - _blocks[0 .. _count) are allocated; _index < _count is the block being bumped. The blocks after
//     it hold nothing live: a restore, a scope's end or a reset keeps them (within MaxRetainedBytes),
//     and the slow path enters them in order before it makes a new block, so a repeated workload meets
//     the system's allocator in its first round only.
//   - _offsets[k] is the sum of the lengths of blocks 0 .. k-1: every block before the current one
//     counts as used whole, its unused tail included.
//   - _dedicated holds the blocks of requests larger than the next block of the chain (see
//     Internal/DedicatedBlocks.cs).
//   - The owner's state is StateOf(_index, live dedicated blocks), and its bytes before the current
//     block are _offsets[_index] + the live dedicated bytes.
//   - Held (the owner's Capacity): every chain block and every live and kept dedicated block; a new
//     block is made only within what MaxCapacity leaves.
using System.Diagnostics;
using System.Runtime.CompilerServices;
using Bumper.Internal;

namespace Bumper;

public abstract unsafe partial class BumpBuffer
{
    /// <summary>The blocks of a buffer that grows by adding blocks, and the slow paths that move through them.</summary>
    private protected sealed class BlockChain
    {
        private readonly BumpBuffer _owner;
        private readonly bool _native;

        /// <summary>0: every new block is <see cref="_fixedLength"/> long (slabs); otherwise new blocks double up to this.</summary>
        private readonly nuint _maxDoubling;
        private readonly nuint _fixedLength;
        private readonly DedicatedBlocks _dedicated = new();
        private MemoryBlock[] _blocks = new MemoryBlock[4];
        private long[] _offsets = new long[4];
        private int _count;
        private int _index;

        /// <summary>
        /// Makes the first block, of <paramref name="firstLength"/> bytes, and points <paramref name="owner"/>
        /// at it. Later blocks are <paramref name="firstLength"/> long when <paramref name="maxDoubling"/> is
        /// 0 (slabs), or double the last, within [<see cref="ChainBuffer.MinBlockSize"/>, max(<paramref name="maxDoubling"/>, the last)].
        /// </summary>
        public BlockChain(BumpBuffer owner, nuint firstLength, bool native, nuint maxDoubling = 0)
        {
            _owner = owner;
            _native = native;
            _fixedLength = firstLength;
            _maxDoubling = maxDoubling;
            _blocks[0] = MemoryBlock.Allocate(firstLength, native);
            _count = 1;
            Enter(0, _blocks[0].Start);
        }

        /// <summary>The block being bumped.</summary>
        public int Index => _index;

        /// <summary>Blocks in the chain, the kept ones included.</summary>
        public int Count => _count;

        /// <summary>The length of the block being bumped.</summary>
        public long CurrentLength => (long)_blocks[_index].Length;

        /// <summary>The length of the last block of the chain, which a new block follows.</summary>
        private nuint LastLength => _blocks[_count - 1].Length;

        /// <summary>Dedicated blocks of live allocations.</summary>
        public int DedicatedCount => _dedicated.LiveCount;

        /// <summary>Dedicated blocks kept for reuse.</summary>
        public int KeptDedicatedCount => _dedicated.KeptCount;

        /// <summary>Every block held: the chain's, and the live and kept dedicated ones.</summary>
        public int BlocksHeld => _count + _dedicated.LiveCount + _dedicated.KeptCount;

        /// <summary>Bytes held: every chain block and every dedicated block, live or kept.</summary>
        public long Held => ChainBytes + _dedicated.LiveBytes + _dedicated.KeptBytes;

        /// <summary>Bytes held in blocks with nothing live: the chain's blocks after the current one, and the kept dedicated blocks.</summary>
        public long Retained => _count == 0 ? 0 : ChainBytes - _offsets[_index] - CurrentLength + _dedicated.KeptBytes;

        /// <summary>Bytes of the chain's blocks (none once freed).</summary>
        private long ChainBytes => _count == 0 ? 0 : _offsets[_count - 1] + (long)_blocks[_count - 1].Length;

        private static long StateOf(int index, int dedicatedCount) => ((long)index << 32) | (uint)dedicatedCount;

        /// <summary>
        /// The owner's slow path: the first kept block the request fits (moved to follow the current
        /// one); at the chain's end, a new block (a slab, or double the last block, within what the limit
        /// leaves) when the request fits that; else a dedicated block. Every check and allocation comes
        /// before the first change.
        /// </summary>
        // Inlined into the owner's AllocSlow: a loop of scopes at a block boundary enters the next kept
        // block on every round, and that case is a compare and an Enter.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void* AllocSlow(nuint byteCount, nuint alignMask)
        {
            nuint needed = DedicatedBlockSize(byteCount, alignMask);
            int next = _index + 1;
            if (next < _count && needed <= _blocks[next].Length)
            {
                Enter(next, _blocks[next].Start);
                return _owner.BumpNewBlock(byteCount, alignMask);
            }

            return AllocPastNextBlock(byteCount, alignMask, needed);
        }

        /// <summary>The slow path when the next block is not kept or too small for the request.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        private void* AllocPastNextBlock(nuint byteCount, nuint alignMask, nuint needed)
        {
            int next = _index + 1;
            if (next < _count)
            {
                // The first kept block the request fits is entered next.
                int fit = next;
                while (fit < _count && needed > _blocks[fit].Length)
                {
                    fit++;
                }

                if (fit < _count)
                {
                    MoveKeptBlock(fit, next);
                    Enter(next, _blocks[next].Start);
                    return _owner.BumpNewBlock(byteCount, alignMask);
                }
            }
            else
            {
                nuint length = Math.Min(NextBlockLength(), _owner.RoomUnderLimit(Held));
                if (needed <= length)
                {
                    Append(length);
                    Enter(next, _blocks[next].Start);

                    // A new block is aligned to 64 and holds byteCount + the alignment padding.
                    return _owner.BumpNewBlock(byteCount, alignMask);
                }
            }

            // A kept dedicated block needs no room; a new one counts the kept ones as free, since
            // making it frees them.
            if (_dedicated.BestFit(needed) < 0 && needed > _owner.RoomUnderLimit(Held - _dedicated.KeptBytes))
            {
                _owner.RefuseAtLimit(byteCount, alignMask);
            }

            nuint start = _dedicated.Take(needed);

            // The bump pointer stays where it is; only the layout (and so the state) changes.
            _owner.ChangeLayout(StateOf(_index, _dedicated.LiveCount), _offsets[_index] + _dedicated.LiveBytes);
            return (void*)((start + alignMask) & ~alignMask);
        }

        /// <summary>Throws unless <paramref name="checkpoint"/>, whose state is not the current block's, names a position the chain has now. Changes nothing.</summary>
        public void CheckRestorable(in Checkpoint checkpoint)
        {
            int index = HighHalf(checkpoint.State);
            int dedicatedCount = (int)(uint)checkpoint.State;
            if (index < 0 || index > _index || dedicatedCount < 0 || dedicatedCount > _dedicated.LiveCount)
            {
                ThrowHelper.ThrowForeignCheckpoint();
            }

            MemoryBlock block = _blocks[index];
            nuint top = index == _index ? _owner.Position : block.End;
            if (checkpoint.Position < block.Start || checkpoint.Position > top)
            {
                ThrowHelper.ThrowForeignCheckpoint();
            }
        }

        /// <summary>A restore outside the current block, which <see cref="CheckRestorable"/> accepted: what it releases is kept.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Restore(in Checkpoint checkpoint)
        {
            int index = HighHalf(checkpoint.State);
            int dedicatedCount = (int)(uint)checkpoint.State;
            bool poison = _owner._checks is not null;
            if (poison)
            {
                MemoryBlock.PoisonReleased(_blocks.AsSpan(index, _index - index + 1), checkpoint.Position, _owner.Position);
            }

            if (_dedicated.LiveCount > dedicatedCount)
            {
                _dedicated.ReleaseTo(dedicatedCount, poison);
            }

            Enter(index, checkpoint.Position);
            if (_owner._maxRetained != long.MaxValue)
            {
                Trim(_owner._maxRetained);
            }
        }

        /// <summary>A reset: every block is kept (within MaxRetainedBytes) and the owner points at the first.</summary>
        public void Reset()
        {
            bool poison = _owner.IsChecked;
            if (poison)
            {
                // The base poisons the current block; the blocks before it count as used whole.
                for (int i = 0; i < _index; i++)
                {
                    MemoryBlock.Poison(_blocks[i].Start, _blocks[i].End);
                }
            }

            _dedicated.ReleaseTo(0, poison);
            Enter(0, _blocks[0].Start);
            Trim(_owner._maxRetained);
        }

        /// <summary>Frees kept blocks until at most <paramref name="maxRetained"/> bytes of them are left: kept dedicated blocks first, then the chain's from its end.</summary>
        public void Trim(long maxRetained)
        {
            long excess = Retained - maxRetained;
            if (excess <= 0)
            {
                return;
            }

            excess = _dedicated.FreeKept(excess);
            while (excess > 0 && _count > _index + 1)
            {
                ref MemoryBlock block = ref _blocks[--_count];
                excess -= (long)block.Length;
                block.Free();
            }
        }

        /// <summary>Frees every block (a dispose, or the owner's finalizer).</summary>
        public void Free()
        {
            for (int i = 0; i < _count; i++)
            {
                _blocks[i].Free();
            }

            _dedicated.FreeAll();
            _count = _index = 0;
        }

        /// <summary>The length of a block made at the chain's end: a slab, or double the last block (see the constructor).</summary>
        private nuint NextBlockLength()
        {
            if (_maxDoubling == 0)
            {
                return _fixedLength;
            }

            nuint last = LastLength;
            nuint cap = Math.Max(_maxDoubling, last);
            nuint doubled = last > cap / 2 ? cap : last * 2;
            return Math.Max(doubled, ChainBuffer.MinBlockSize);
        }

        /// <summary>Moves kept block <paramref name="from"/> to <paramref name="to"/> (both after the current one, <paramref name="from"/> the later), the ones between one place on.</summary>
        private void MoveKeptBlock(int from, int to)
        {
            Debug.Assert(from > to, "the next block is entered in place by AllocSlow; only a later one moves");
            MemoryBlock block = _blocks[from];
            Array.Copy(_blocks, to, _blocks, to + 1, from - to);
            _blocks[to] = block;
            for (int k = to + 1; k <= from; k++)
            {
                _offsets[k] = _offsets[k - 1] + (long)_blocks[k - 1].Length;
            }
        }

        private void Append(nuint length)
        {
            if (_count == _blocks.Length)
            {
                Array.Resize(ref _blocks, _blocks.Length * 2);
                Array.Resize(ref _offsets, _offsets.Length * 2);
            }

            // Allocated before anything is recorded: OutOfMemoryException leaves the chain as it was.
            _blocks[_count] = MemoryBlock.Allocate(length, _native);
            _offsets[_count] = _offsets[_count - 1] + (long)_blocks[_count - 1].Length;
            _count++;
        }

        // A loop of scopes across a block boundary runs this twice per scope: inlined, with the owner's
        // SetBlock, into both slow paths.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void Enter(int index, nuint position)
        {
            _index = index;
            MemoryBlock block = _blocks[index];
            _owner.SetBlock(block.Start, position, block.End, StateOf(index, _dedicated.LiveCount), _offsets[index] + _dedicated.LiveBytes);
        }
    }
}
