// Invariants of a MemoryBlock:
//   - Start is aligned to Limits.BlockAlignment and [Start, Start + Length) is owned by this block
//     until Free is called, after which Start == 0 and Length == 0.
//   - A GC block's memory is a pinned (POH) byte[] kept alive by the Array field, so its address
//     never moves while the block is reachable; a native block's memory comes from
//     NativeMemory.AlignedAlloc and lives until Free.
//   - s_liveNativeBlocks counts the native blocks allocated and not yet freed, process-wide.
//   - Allocate either returns a block or throws; it changes nothing else, so a caller that allocates
//     before it frees or records anything leaves its buffer as it was when the allocation fails.
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Bumper.Internal;

/// <summary>One contiguous block of memory that a buffer bump-allocates from.</summary>
internal unsafe struct MemoryBlock
{
#if !BUMPER_AOT
    private byte[]? _array;
#endif

    /// <summary>The first usable byte, aligned to <see cref="Limits.BlockAlignment"/>.</summary>
    public nuint Start;

    /// <summary>The number of usable bytes from <see cref="Start"/>.</summary>
    public nuint Length;

    private static long s_liveNativeBlocks;

#if !BUMPER_AOT
    /// <summary>The most a GC block can hold: a <c>byte[]</c> of <see cref="Array.MaxLength"/> less the alignment padding.</summary>
    public static readonly nuint MaxGcBlockLength = (nuint)(Array.MaxLength - Limits.BlockAlignment + 1);

    [ThreadStatic]
    private static nuint t_gcBlockLimit;

    /// <summary>
    /// The largest GC block this thread may make: <see cref="MaxGcBlockLength"/>, or a lower limit a test
    /// sets (0 restores the real one), so that sizes at the limit are reached without gigabytes.
    /// </summary>
    public static nuint GcBlockLimit
    {
        get => t_gcBlockLimit != 0 ? t_gcBlockLimit : MaxGcBlockLength;
        set => t_gcBlockLimit = value;
    }
#endif

    [ThreadStatic]
    private static int t_allocationsBeforeRefusal;

    /// <summary>
    /// Makes this thread's n-th <see cref="Allocate"/> from now (1: the next one) throw
    /// <see cref="OutOfMemoryException"/>, as the system does when memory runs out; 0 refuses none. How
    /// tests prove that a failed allocation changes nothing, at every step of a slow path.
    /// </summary>
    public static int RefuseAllocation
    {
        get => t_allocationsBeforeRefusal;
        set => t_allocationsBeforeRefusal = value;
    }

    /// <summary>
    /// How many native blocks are allocated and not yet freed, in the whole process: what makes a leak
    /// of native memory (a block a buffer forgot to free) visible to tests.
    /// </summary>
    public static long LiveNativeBlocks => Volatile.Read(ref s_liveNativeBlocks);

    /// <summary>One past the last usable byte.</summary>
    public readonly nuint End => Start + Length;

    /// <summary>Obtains <paramref name="length"/> usable bytes from the GC (pinned) or from NativeMemory.</summary>
    /// <param name="length">The usable bytes.</param>
    /// <param name="native">Whether the memory comes from NativeMemory (always in BUMPER_AOT builds).</param>
    /// <param name="paramName">The public parameter the length came from, named by a refusal.</param>
    /// <exception cref="ArgumentOutOfRangeException">A GC block cannot be that large.</exception>
    /// <exception cref="OutOfMemoryException">The memory is not available.</exception>
    public static MemoryBlock Allocate(nuint length, bool native, string paramName = "byteCount")
    {
        if (t_allocationsBeforeRefusal != 0 && --t_allocationsBeforeRefusal == 0)
        {
            ThrowHelper.ThrowOutOfMemory(length);
        }

        // Zero-byte blocks still get a real, aligned address, so pointers into them are never null.
        nuint size = length == 0 ? 1 : length;
#if BUMPER_AOT
        _ = native;
        _ = paramName;
        return AllocateNative(length, size);
#else
        if (native)
        {
            return AllocateNative(length, size);
        }

        if (length > GcBlockLimit)
        {
            ThrowHelper.ThrowGcBlockTooLarge(paramName, length, (long)GcBlockLimit);
        }

        nuint padded = size + Limits.BlockAlignment - 1;
        byte[] array = GC.AllocateUninitializedArray<byte>((int)padded, pinned: true);
        nuint raw = (nuint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array));
        nuint start = (raw + Limits.BlockAlignment - 1) & ~(nuint)(Limits.BlockAlignment - 1);
        return new MemoryBlock { _array = array, Start = start, Length = length };
#endif
    }

    private static MemoryBlock AllocateNative(nuint length, nuint size)
    {
        void* p = NativeMemory.AlignedAlloc(size, Limits.BlockAlignment);
        Interlocked.Increment(ref s_liveNativeBlocks);
        return new MemoryBlock { Start = (nuint)p, Length = length };
    }

    /// <summary>Returns the memory; calling it again, or on a default block, does nothing.</summary>
    public void Free()
    {
#if BUMPER_AOT
        if (Start != 0)
        {
            FreeNative();
        }
#else
        if (_array is null && Start != 0)
        {
            FreeNative();
        }

        _array = null;
#endif
        Start = 0;
        Length = 0;
    }

    private readonly void FreeNative()
    {
        // Stryker disable once Statement : tests see the count, not the allocator; the native builds' frees are checked by the C tests under valgrind
        NativeMemory.AlignedFree((void*)Start);
        Interlocked.Decrement(ref s_liveNativeBlocks);
    }

    /// <summary>
    /// Poisons what a restore releases across <paramref name="blocks"/> (the checkpoint's block first,
    /// the block of the bump pointer last): the first from <paramref name="from"/>, each later one from
    /// its start, each to its end but the last, which ends at <paramref name="pointer"/>.
    /// </summary>
    public static void PoisonReleased(ReadOnlySpan<MemoryBlock> blocks, nuint from, nuint pointer)
    {
        for (int i = 0; i < blocks.Length; i++)
        {
            MemoryBlock block = blocks[i];
            // Stryker disable once Conditional : poisons the free bytes past the pointer too, whose content is not promised
            Poison(i == 0 ? from : block.Start, i == blocks.Length - 1 ? pointer : block.End);
        }
    }

    /// <summary>Fills <c>[from, to)</c> with the poison byte; used by checked mode on released memory.</summary>
    public static void Poison(nuint from, nuint to)
    {
        while (to > from)
        {
            int chunk = (int)Math.Min(to - from, (nuint)int.MaxValue);
            new Span<byte>((void*)from, chunk).Fill(Limits.Poison);
            from += (nuint)chunk;
        }
    }
}
