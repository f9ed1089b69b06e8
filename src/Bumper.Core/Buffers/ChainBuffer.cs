// Invariants: those of BumpBuffer.cs and of its BlockChain (BumpBuffer.BlockChain.cs), whose blocks
// here are native: a block made by growth is twice the last one (within MinBlockSize..MaxBlockSize), or less
// when MaxCapacity leaves less room. Everything is native memory, in every build.
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
/// A restore, a scope's end or a reset keeps what it releases, the blocks after the current one and
/// the dedicated blocks alike, and the next allocations go through them again: a scope repeated in a
/// loop meets the system's allocator in its first round only, whatever its size (a kept dedicated
/// block serves a later request it holds). The buffer then holds about what its peak of use needed
/// plus one block; <see cref="BumpBuffer.MaxRetainedBytes"/> bounds what it keeps, and
/// <see cref="BumpBuffer.TrimExcess"/> returns it. <see cref="BumpBuffer.MaxCapacity"/> bounds what it
/// may hold.
/// </para>
/// <para>
/// All memory is native (no GC-tracked memory: the buffer is the same in <c>BUMPER_AOT</c> builds) and
/// returned by <see cref="BumpBuffer.Dispose"/> or, failing that, a finalizer. It is the C API's
/// <c>BUMPER_GROWABLE</c> buffer, and the default buffer of <c>BUMPER_AOT</c> builds.
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

    private readonly BlockChain _chain;

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
        _chain = new BlockChain(this, (nuint)firstBlockSize, native: true, maxDoubling: (nuint)maxBlockSize);
    }

    /// <summary>Returns the native memory if <see cref="BumpBuffer.Dispose"/> was never called.</summary>
    ~ChainBuffer()
    {
        _chain?.Free();
    }

    /// <summary>The size past which blocks stop doubling (a first block larger than it is kept at its own size).</summary>
    public nint MaxBlockSize { get; }

    /// <summary>Dedicated blocks of live allocations: one per allocation larger than the next chain block.</summary>
    public int DedicatedBlockCount => _chain.DedicatedCount;

    /// <summary>The size of the block being bumped.</summary>
    public long CurrentBlockSize => _chain.CurrentLength;

    /// <summary>Blocks in use: the current one and every one before it.</summary>
    public override int BlocksInUse => _chain.Index + 1;

    /// <summary>Bytes held: every chain block (the kept ones included) and every dedicated block, live or kept.</summary>
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
