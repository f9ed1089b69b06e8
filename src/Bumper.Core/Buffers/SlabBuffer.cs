#if !BUMPER_AOT
// Invariants (on top of BumpBuffer's):
//   - _slabs[0 .. _slabCount) are allocated; _slabIndex < _slabCount is the slab being bumped, and at
//     most one slab beyond it (the spare) is kept after a restore.
//   - _custom[0 .. _customCount) hold the live "custom slabs": one dedicated native block per
//     allocation too large for a slab, freed by the restore that releases it (or by the finalizer).
//     _customBytes is the sum of their lengths.
//   - _state == StateOf(_slabIndex, _customCount) and _usedBefore == _slabIndex * SlabSize + _customBytes:
//     every slab before the current one counts as used whole, its unused tail included.
using System.Runtime.CompilerServices;
using Bumper.Internal;

namespace Bumper;

/// <summary>
/// A bump allocator that grows without bound: small allocations are bumped through slabs of
/// <see cref="SlabSize"/> bytes, each a new slab when the last is full, and an allocation too big for
/// a slab gets a dedicated custom slab without moving the bump pointer. Bumper.jl: <c>SlabBuffer</c>.
/// </summary>
/// <remarks>
/// <para>
/// Slabs are pinned GC arrays; custom slabs are native memory, returned by the restore that releases
/// them, so a churn of large temporaries never reaches the GC (as pinned arrays they made every
/// collection a gen2 one in the service benchmark). A <see cref="SlabBuffer"/> needs no
/// <see cref="BumpBuffer.Dispose"/>: a finalizer returns custom slabs still live when it is collected.
/// Restoring a checkpoint releases the slabs and custom slabs made after it.
/// Not available in <c>BUMPER_AOT</c> builds, which use native <see cref="AllocBuffer"/>s instead.
/// </para>
/// <para>
/// The default slab size is 256 KiB, not Bumper.jl's 16 KiB: with 16 KiB slabs, service-sized
/// temporaries of a few KiB to 64 KiB mostly become custom slabs, and a scope larger than a slab
/// re-makes its slabs every round (docs/benchmarks.md has the measurements).
/// </para>
/// <para>
/// Unlike Bumper.jl, one slab past the current one is kept as a spare when a restore goes back to an
/// earlier slab. Bumper.jl's slab-boundary pitfall, a loop of small scoped allocations while the current slab is
/// nearly full, then switches to the spare instead of allocating and freeing a slab every iteration.
/// <see cref="BumpBuffer.Reset"/> keeps only the first slab.
/// </para>
/// </remarks>
public sealed class SlabBuffer : BumpBuffer
{
    /// <summary>The slab size of <c>new SlabBuffer()</c>: 256 KiB (Bumper.jl: 16 KiB; see the remarks).</summary>
    public const int DefaultSlabSize = 256 * 1024;

    private MemoryBlock[] _slabs = new MemoryBlock[4];
    private MemoryBlock[] _custom = [];
    private int _slabCount;
    private int _slabIndex;
    private int _customCount;
    private long _customBytes;

    /// <summary>Creates a buffer with slabs of <see cref="DefaultSlabSize"/> bytes.</summary>
    public SlabBuffer()
        : this(DefaultSlabSize)
    {
    }

    /// <summary>Creates a buffer with slabs of <paramref name="slabSize"/> bytes; the first slab is allocated now.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="slabSize"/> is not positive or too large for a GC array.</exception>
    public SlabBuffer(int slabSize)
    {
        if (slabSize <= 0 || slabSize > Array.MaxLength - Limits.BlockAlignment)
        {
            ThrowHelper.ThrowInvalidSlabSize(nameof(slabSize), slabSize, Array.MaxLength - Limits.BlockAlignment);
        }

        SlabSize = slabSize;
        _slabs[0] = MemoryBlock.Allocate((nuint)slabSize, native: false);
        _slabCount = 1;
        EnterSlab(0, _slabs[0].Start);
    }

    /// <summary>Returns the native memory of custom slabs still live when the buffer is collected.</summary>
    ~SlabBuffer()
    {
        for (int i = 0; i < _customCount; i++)
        {
            _custom[i].Free();
        }
    }

    /// <summary>The size of each slab in bytes. Bumper.jl: the <c>SlabSize</c> type parameter.</summary>
    public int SlabSize { get; }

    /// <summary>Live custom slabs: dedicated blocks of allocations too large for a slab.</summary>
    public int CustomSlabCount => _customCount;

    /// <summary>Slabs in use: the current one and every one before it.</summary>
    public override int SlabCount => _slabIndex + 1;

    /// <summary>Bytes held: every slab (the spare included) and every custom slab.</summary>
    public override long Capacity => ((long)_slabCount * SlabSize) + _customBytes;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long StateOf(int slabIndex, int customCount) => ((long)slabIndex << 32) | (uint)customCount;

    private protected override unsafe void* AllocSlow(nuint byteCount, nuint alignMask)
    {
        if (byteCount + alignMask > (nuint)SlabSize)
        {
            return AllocCustom(byteCount, alignMask);
        }

        int next = _slabIndex + 1;
        if (next == _slabCount)
        {
            if (next == _slabs.Length)
            {
                Array.Resize(ref _slabs, _slabs.Length * 2);
            }

            _slabs[next] = MemoryBlock.Allocate((nuint)SlabSize, native: false);
            _slabCount++;
        }

        EnterSlab(next, _slabs[next].Start);

        // A fresh slab is aligned to 64 and holds byteCount + alignMask bytes, so this bump fits.
        return BumpNewBlock(byteCount, alignMask);
    }

    private unsafe void* AllocCustom(nuint byteCount, nuint alignMask)
    {
        MemoryBlock block = MemoryBlock.Allocate(DedicatedBlockSize(byteCount, alignMask), native: true);
        if (_customCount == _custom.Length)
        {
            Array.Resize(ref _custom, Math.Max(4, _custom.Length * 2));
        }

        _custom[_customCount++] = block;
        _customBytes += (long)block.Length;

        // The bump pointer stays where it is; only the layout (and so the state) changes.
        ChangeLayout(StateOf(_slabIndex, _customCount), UsedBeforeSlab(_slabIndex));
        return (void*)((block.Start + alignMask) & ~alignMask);
    }

    private protected override void CheckRestorable(in Checkpoint checkpoint)
    {
        int slabIndex = HighHalf(checkpoint.State);
        int customCount = (int)(uint)checkpoint.State;
        if (slabIndex < 0 || slabIndex > _slabIndex || customCount < 0 || customCount > _customCount)
        {
            ThrowHelper.ThrowForeignCheckpoint();
        }

        MemoryBlock slab = _slabs[slabIndex];
        nuint top = slabIndex == _slabIndex ? Position : slab.End;
        if (checkpoint.Position < slab.Start || checkpoint.Position > top)
        {
            ThrowHelper.ThrowForeignCheckpoint();
        }
    }

    private protected override void RestoreBlocks(in Checkpoint checkpoint)
    {
        int slabIndex = HighHalf(checkpoint.State);
        int customCount = (int)(uint)checkpoint.State;
        MemoryBlock slab = _slabs[slabIndex];
        // Stryker disable once Conditional : poisons the free bytes past the pointer too, whose content is not promised
        nuint top = slabIndex == _slabIndex ? Position : slab.End;
        if (IsChecked)
        {
            MemoryBlock.Poison(checkpoint.Position, top);
            for (int i = slabIndex + 1; i <= _slabIndex; i++)
            {
                // Stryker disable once Conditional : poisons the free bytes past the pointer too, whose content is not promised
                MemoryBlock.Poison(_slabs[i].Start, i == _slabIndex ? Position : _slabs[i].End);
            }
        }

        while (_customCount > customCount)
        {
            ref MemoryBlock block = ref _custom[--_customCount];
            _customBytes -= (long)block.Length;
            block.Free();
        }

        // Keep one slab beyond the restored one as a spare; return the rest.
        while (_slabCount > slabIndex + 2)
        {
            _slabs[--_slabCount].Free();
        }

        EnterSlab(slabIndex, checkpoint.Position);
    }

    private protected override void ResetBlocks()
    {
        while (_customCount > 0)
        {
            _custom[--_customCount].Free();
        }

        _customBytes = 0;
        while (_slabCount > 1)
        {
            _slabs[--_slabCount].Free();
        }

        EnterSlab(0, _slabs[0].Start);
    }

    private protected override void FreeBlocks()
    {
        // Stryker disable once Equality,Block,Statement : slabs are GC arrays, which Free only drops
        for (int i = 0; i < _slabCount; i++)
        {
            _slabs[i].Free();
        }

        for (int i = 0; i < _customCount; i++)
        {
            _custom[i].Free();
        }

        _slabCount = _customCount = _slabIndex = 0;
        _customBytes = 0;
    }

    // A loop of scopes across a slab boundary runs this twice per scope: inlined into AllocSlow and
    // RestoreBlocks with its helpers, which NativeAOT otherwise calls one by one.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void EnterSlab(int index, nuint position)
    {
        _slabIndex = index;
        MemoryBlock slab = _slabs[index];
        SetBlock(slab.Start, position, slab.End, StateOf(index, _customCount), UsedBeforeSlab(index));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private long UsedBeforeSlab(int index) => ((long)index * SlabSize) + _customBytes;
}
#endif
