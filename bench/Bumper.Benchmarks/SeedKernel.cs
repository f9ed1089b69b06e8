using System.Runtime.CompilerServices;

namespace Bumper.Benchmarks;

/// <summary>
/// The seed's f(x): y = x .+ 1; sum(y), with y a temporary. Every workload-1 variant calls this same
/// kernel so the only difference between them is where y comes from.
/// </summary>
/// <remarks>
/// The kernel is a call, not inlined (it was until 2026-11-25 18:10): inlined, its two 30-iteration
/// loops landed at whatever offset the variant's allocation code left, and whether the JIT then
/// aligned them to 32 bytes moved a variant between about 1.05x and 1.45x of stackalloc from one
/// build or process to the next, with the allocation code unchanged (docs/benchmarks.md, workload 1).
/// As a method of its own the loops sit at the same addresses for every variant, and each variant
/// pays the same call.
/// </remarks>
internal static class SeedKernel
{
    /// <summary>Length of x, as in the seed's <c>rand(1:10, 30)</c>.</summary>
    public const int Length = 30;

    /// <summary>x = 30 random ints in 1..10, seeded so every run and runtime sees the same input.</summary>
    public static int[] CreateInput(int seed = 42)
    {
        var random = new Random(seed);
        var x = new int[Length];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = random.Next(1, 11);
        }

        return x;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int AddOneAndSum(ReadOnlySpan<int> x, Span<int> y)
    {
        // Slicing y to x's length lets the JIT drop the bounds checks in both loops.
        y = y[..x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = x[i] + 1;
        }

        int sum = 0;
        for (int i = 0; i < y.Length; i++)
        {
            sum += y[i];
        }

        return sum;
    }
}
