namespace Bumper.Benchmarks;

/// <summary>
/// The allocation-throughput plan, 1,000 (size, alignment) pairs: sizes 8..256 bytes, alignments 1, 2, 4, 8, 16.
/// The stream is SplitMix64 with the same seed and mapping as the peers (bench/peers/bumpalo/src/main.rs,
/// bench/peers/c/bump_loop.c), so C#, Rust and C allocate exactly the same sequence.
/// </summary>
internal sealed class AllocationPlan
{
    public const int Count = 1000;
    private const ulong Seed = 20240601;

    private AllocationPlan(nint[] sizes, int[] alignments)
    {
        Sizes = sizes;
        Alignments = alignments;
    }

    public nint[] Sizes { get; }

    public int[] Alignments { get; }

    /// <summary>
    /// The pairs side by side in one array, as the loops read them: a loop over two arrays needs both
    /// lengths, and the JIT kept one of them on the stack, reloading it every iteration.
    /// </summary>
    public AllocRequest[] Requests => [.. Sizes.Zip(Alignments, (size, alignment) => new AllocRequest(size, alignment))];

    /// <summary>The same pairs as checked <see cref="AllocLayout"/>s, like the Rust peer's <c>Vec&lt;Layout&gt;</c>.</summary>
    public AllocLayout[] Layouts => [.. Sizes.Zip(Alignments, (size, alignment) => new AllocLayout(size, alignment))];

    /// <summary>Bytes requested by one round, before alignment padding (133,570 with the fixed seed).</summary>
    public long TotalBytes => Sizes.Sum(s => (long)s);

    public static AllocationPlan Create()
    {
        var sizes = new nint[Count];
        var alignments = new int[Count];
        ulong state = Seed;
        for (int i = 0; i < Count; i++)
        {
            ulong r = Next(ref state);
            sizes[i] = (nint)(8 + (r % 249));
            alignments[i] = 1 << (int)((r >> 32) % 5);
        }

        return new AllocationPlan(sizes, alignments);
    }

    private static ulong Next(ref ulong state)
    {
        state += 0x9E3779B97F4A7C15;
        ulong z = state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }
}

/// <summary>One allocation of the plan, unchecked: the size and alignment are passed at run time.</summary>
internal readonly record struct AllocRequest(nint Size, int Alignment);
