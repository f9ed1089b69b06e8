// Invariants: the buffer owns exactly one MemoryBlock, _block, for its whole life (until Free);
// _state is always 0 because the layout never changes, so every checkpoint restores on the fast path.
using Bumper.Internal;

namespace Bumper;

/// <summary>
/// A bump allocator over one fixed block of memory: the fastest buffer, which throws
/// <see cref="BufferFullException"/> (and stays unchanged) when an allocation does not fit.
/// Bumper.jl: <c>AllocBuffer</c>, by default 128 KiB.
/// </summary>
/// <remarks>
/// <para>
/// <c>new AllocBuffer(n)</c> takes its block from the GC (a pinned array: no <see cref="Free"/> needed,
/// though it releases the memory early). <see cref="Native"/> takes it from <see cref="System.Runtime.InteropServices.NativeMemory"/>,
/// which must be returned with <see cref="Free"/> or <see cref="BumpBuffer.Dispose"/>; a finalizer
/// returns it if you forget. In <c>BUMPER_AOT</c> builds every <see cref="AllocBuffer"/> is native.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// using var buf = AllocBuffer.Native(rows * cols * sizeof(long));
/// using (var scope = buf.NoEscape())
/// {
///     var m = scope.Alloc&lt;long&gt;(rows, cols);
///     m[1, 2] = 3;
/// }
/// </code>
/// </example>
public sealed class AllocBuffer : BumpBuffer
{
    /// <summary>The capacity of <c>new AllocBuffer()</c>: 128 KiB, as Bumper.jl's.</summary>
    public const int DefaultCapacity = 128 * 1024;

    private MemoryBlock _block;

    /// <summary>Creates a buffer of <see cref="DefaultCapacity"/> bytes (GC memory; native in <c>BUMPER_AOT</c> builds).</summary>
    public AllocBuffer()
        : this(DefaultCapacity)
    {
    }

    /// <summary>Creates a buffer of <paramref name="capacity"/> bytes (GC memory; native in <c>BUMPER_AOT</c> builds).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is negative, or too large for a GC array.</exception>
    /// <exception cref="OutOfMemoryException">The memory is not available.</exception>
    public AllocBuffer(nint capacity)
        : this(capacity, native: false)
    {
    }

    private AllocBuffer(nint capacity, bool native)
    {
        if (capacity < 0)
        {
            ThrowHelper.ThrowNegativeCapacity(nameof(capacity), capacity);
        }

        _block = MemoryBlock.Allocate((nuint)capacity, native, nameof(capacity));
#if BUMPER_AOT
        IsNative = true;
#else
        IsNative = native;
        // Stryker disable once Block,Statement : the finalizer then runs and frees a GC block, which only drops it
        if (!native)
        {
            GC.SuppressFinalize(this);
        }
#endif
        SetBlock(_block.Start, _block.Start, _block.End, state: 0, usedBefore: 0);
    }

    /// <summary>Returns native memory if <see cref="Free"/> was never called.</summary>
    ~AllocBuffer()
    {
        _block.Free();
    }

    /// <summary>
    /// Creates a buffer whose block comes from <see cref="System.Runtime.InteropServices.NativeMemory"/>; return it with
    /// <see cref="Free"/>. Bumper.jl: <c>AllocBuffer(MallocVector, n)</c>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is negative.</exception>
    /// <exception cref="OutOfMemoryException">The memory is not available.</exception>
    public static AllocBuffer Native(nint capacity = DefaultCapacity) => new(capacity, native: true);

    /// <summary>Whether the block is native memory that <see cref="Free"/> returns.</summary>
    public bool IsNative { get; }

    /// <inheritdoc />
    public override long Capacity => (long)_block.Length;

    /// <summary>Returns the memory (the same as <see cref="BumpBuffer.Dispose"/>); calling it twice does nothing. Bumper.jl: <c>free(buf)</c>.</summary>
    public void Free() => Dispose();

    private protected override unsafe void* AllocSlow(nuint byteCount, nuint alignMask)
    {
        ThrowFull(byteCount, alignMask, Capacity);
        return null;
    }

    // One block: a checkpoint of any other state is another buffer's, and RestoreBlocks is never reached.
    private protected override void CheckRestorable(in Checkpoint checkpoint) => ThrowHelper.ThrowForeignCheckpoint();

    private protected override void RestoreBlocks(in Checkpoint checkpoint) => ThrowHelper.ThrowForeignCheckpoint();

    private protected override void ResetBlocks() => SetBlock(_block.Start, _block.Start, _block.End, state: 0, usedBefore: 0);

    private protected override void FreeBlocks() => _block.Free();
}
