// Invariants:
//   - _live[0 .. LiveCount) are the blocks of live allocations too large for their buffer's chain,
//     oldest first; LiveBytes is the sum of their lengths. A restore releases the newest ones first,
//     as it releases allocations.
//   - _kept[0 .. KeptCount) are released blocks kept for reuse, oldest release first, with no live
//     allocation in them; KeptBytes is the sum of their lengths. A request takes the smallest kept
//     block that holds it; one that none holds (a miss) gets a new block, and then every kept block,
//     each smaller than it, is freed. So between two misses no block is made, and live and kept
//     together hold what was live at the last miss: never more than the peak of live dedicated bytes.
//   - _kept.Length >= _live.Length >= LiveCount + KeptCount, so keeping a block never allocates (a
//     restore cannot fail).
//   - Every block is native memory, freed exactly once: by a miss, a trim, FreeAll or the owner's finalizer.
namespace Bumper.Internal;

/// <summary>
/// The dedicated blocks of a <c>SlabBuffer</c> or <see cref="ChainBuffer"/>: one per allocation too
/// large for the next block of the chain, live while the allocation is, then kept for the next round.
/// </summary>
internal sealed class DedicatedBlocks
{
    private MemoryBlock[] _live = [];
    private MemoryBlock[] _kept = [];

    /// <summary>Blocks of live allocations.</summary>
    public int LiveCount { get; private set; }

    /// <summary>The bytes of the live blocks.</summary>
    public long LiveBytes { get; private set; }

    /// <summary>Released blocks kept for reuse.</summary>
    public int KeptCount { get; private set; }

    /// <summary>The bytes of the kept blocks.</summary>
    public long KeptBytes { get; private set; }

    /// <summary>The kept block a request of <paramref name="length"/> bytes would take: the smallest that holds it (the latest released of equals), or -1.</summary>
    public int BestFit(nuint length)
    {
        int best = -1;
        for (int i = KeptCount - 1; i >= 0; i--)
        {
            nuint kept = _kept[i].Length;
            if (kept >= length && (best < 0 || kept < _kept[best].Length))
            {
                best = i;
            }
        }

        return best;
    }

    /// <summary>
    /// Makes a block of at least <paramref name="length"/> bytes live and returns its start: the kept
    /// block <see cref="BestFit"/> names, or a new one, allocated before anything changes (so
    /// <see cref="OutOfMemoryException"/> leaves this as it was), after which every kept block is freed.
    /// </summary>
    public nuint Take(nuint length)
    {
        if (LiveCount == _live.Length)
        {
            int grown = Math.Max(4, _live.Length * 2);
            Array.Resize(ref _live, grown);
            Array.Resize(ref _kept, grown);
        }

        int fit = BestFit(length);
        MemoryBlock block;
        if (fit >= 0)
        {
            block = _kept[fit];
            Array.Copy(_kept, fit + 1, _kept, fit, KeptCount - fit - 1);
            _kept[--KeptCount] = default;
            KeptBytes -= (long)block.Length;
        }
        else
        {
            block = MemoryBlock.Allocate(length, native: true);
            FreeKept(long.MaxValue);
        }

        _live[LiveCount++] = block;
        LiveBytes += (long)block.Length;
        return block.Start;
    }

    /// <summary>Releases the live blocks after the first <paramref name="count"/>, newest first, and keeps them; <paramref name="poison"/>: their bytes are poisoned first (checked mode).</summary>
    public void ReleaseTo(int count, bool poison)
    {
        while (LiveCount > count)
        {
            MemoryBlock block = _live[--LiveCount];
            _live[LiveCount] = default;
            LiveBytes -= (long)block.Length;
            if (poison)
            {
                MemoryBlock.Poison(block.Start, block.End);
            }

            _kept[KeptCount++] = block;
            KeptBytes += (long)block.Length;
        }
    }

    /// <summary>Frees kept blocks, the largest first (the latest released of equals), until <paramref name="excess"/> bytes are freed or none is left; returns what is left of the excess.</summary>
    public long FreeKept(long excess)
    {
        while (excess > 0 && KeptCount > 0)
        {
            int largest = KeptCount - 1;
            for (int i = KeptCount - 2; i >= 0; i--)
            {
                if (_kept[i].Length > _kept[largest].Length)
                {
                    largest = i;
                }
            }

            MemoryBlock block = _kept[largest];
            Array.Copy(_kept, largest + 1, _kept, largest, KeptCount - largest - 1);
            _kept[--KeptCount] = default;
            KeptBytes -= (long)block.Length;
            excess -= (long)block.Length;
            block.Free();
        }

        return excess;
    }

    /// <summary>Frees every block, live and kept (a dispose, or the owner's finalizer).</summary>
    public void FreeAll()
    {
        for (int i = 0; i < LiveCount; i++)
        {
            _live[i].Free();
        }

        for (int i = 0; i < KeptCount; i++)
        {
            _kept[i].Free();
        }

        LiveCount = KeptCount = 0;
        LiveBytes = KeptBytes = 0;
    }
}
