#if !BUMPER_AOT
// Invariants: those of BumpBuffer.cs and of its BlockChain (BumpBuffer.BlockChain.cs), whose blocks
// here are slabs of SlabSize bytes (the last one made under a MaxCapacity may be shorter): pinned GC
// arrays, with native dedicated blocks for allocations larger than a slab.
using Bumper.Internal;

namespace Bumper;

/// <summary>
/// A bump allocator that grows without bound: allocations are bumped through slabs of
/// <see cref="SlabSize"/> bytes, a new slab when the last is full, and an allocation too big for a slab
/// gets a dedicated block without moving the bump pointer (Bumper.jl calls it a custom slab).
/// Bumper.jl: <c>SlabBuffer</c>. This is what <see cref="Bump.DefaultBuffer"/> is.
/// </summary>
/// <remarks>
/// <para>
/// Slabs are pinned GC arrays; dedicated blocks are native memory. A restore, a scope's end or a reset
/// keeps what it releases, the slabs after the current one and the dedicated blocks alike, and the
/// next allocations go through them again: a scope repeated in a loop meets the system's allocator in
/// its first round only, whatever its size. The buffer then holds about what its peak of use needed
/// plus one slab; <see cref="BumpBuffer.MaxRetainedBytes"/> bounds what it keeps, and
/// <see cref="BumpBuffer.TrimExcess"/> returns it. <see cref="BumpBuffer.MaxCapacity"/> bounds what it
/// may hold.
/// </para>
/// <para>
/// A <see cref="SlabBuffer"/> needs no <see cref="BumpBuffer.Dispose"/>: a finalizer returns the
/// dedicated blocks when it is collected. Not available in <c>BUMPER_AOT</c> builds, whose growable
/// buffer is the all-native <see cref="ChainBuffer"/>.
/// </para>
/// <para>
/// The default slab size is 256 KiB, not Bumper.jl's 16 KiB, so that temporaries of a few KiB to
/// 64 KiB (common in services) land in slabs rather than in dedicated blocks.
/// </para>
/// </remarks>
public sealed class SlabBuffer : BumpBuffer
{
    /// <summary>The slab size of <c>new SlabBuffer()</c>: 256 KiB (Bumper.jl: 16 KiB; see the remarks).</summary>
    public const int DefaultSlabSize = 256 * 1024;

    private readonly BlockChain _chain;

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
        _chain = new BlockChain(this, (nuint)slabSize, native: false);
    }

    /// <summary>Returns the native memory of the dedicated blocks still held when the buffer is collected.</summary>
    ~SlabBuffer()
    {
        _chain?.Free();
    }

    /// <summary>The size of each slab in bytes. Bumper.jl: the <c>SlabSize</c> type parameter.</summary>
    public int SlabSize { get; }

    /// <summary>Dedicated blocks of live allocations too large for a slab (Bumper.jl's custom slabs).</summary>
    public int DedicatedBlockCount => _chain.DedicatedCount;

    /// <summary>Slabs in use: the current one and every one before it.</summary>
    public override int BlocksInUse => _chain.Index + 1;

    /// <summary>Bytes held: every slab (the kept ones included) and every dedicated block, live or kept.</summary>
    public override long Capacity => _chain.Held;

    /// <inheritdoc />
    public override long RetainedBytes => _chain.Retained;

    /// <inheritdoc />
    public override int BlocksHeld => _chain.BlocksHeld;

    private protected override unsafe void* AllocSlow(nuint byteCount, nuint alignMask) => _chain.AllocSlow(byteCount, alignMask);

    private protected override void CheckRestorable(in Checkpoint checkpoint) => _chain.CheckRestorable(checkpoint);

    private protected override void RestoreBlocks(in Checkpoint checkpoint) => _chain.Restore(checkpoint);

    private protected override void ResetBlocks() => _chain.Reset();

    private protected override void FreeBlocks() => _chain.Free();

    private protected override void TrimBlocks(long maxRetained) => _chain.Trim(maxRetained);
}
#endif
