using System.Runtime.CompilerServices;

namespace Bumper.Benchmarks;

/// <summary>
/// Bumper.jl's README example f(x): y = x .+ 1; sum(y), with y a temporary. Every variant of
/// <see cref="SeedKernelBenchmarks"/> calls this same kernel so the only difference between them is
/// where y comes from.
/// </summary>
/// <remarks>
/// The kernel is a call, not inlined: inlined, its two 30-iteration loops land at whatever offset the
/// variant's allocation code leaves, and whether the JIT then aligns them to 32 bytes changes the
/// variant's time from one build or process to the next with the allocation code unchanged. As a
/// method of its own the loops sit at the same addresses for every variant, and each variant pays the
/// same call.
/// </remarks>
internal static class SeedKernel
{
    /// <summary>Length of x, as in Bumper.jl's example, <c>rand(1:10, 30)</c>.</summary>
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
