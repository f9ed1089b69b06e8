using System.Runtime.CompilerServices;

namespace Bumper.Benchmarks;

/// <summary>
/// The seed's f(x): y = x .+ 1; sum(y), with y a temporary. Every workload-1 variant calls this same
/// inlined kernel so the only difference between them is where y comes from.
/// </summary>
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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
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
