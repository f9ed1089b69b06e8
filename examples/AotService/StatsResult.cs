namespace AotService;

/// <summary>The answer of <c>POST /stats</c>.</summary>
/// <param name="Count">How many numbers.</param>
/// <param name="Min">The smallest.</param>
/// <param name="Max">The largest.</param>
/// <param name="Mean">The sum over the count, summed in ascending order.</param>
/// <param name="Median">The middle value; for an even count, the mean of the two middle values.</param>
/// <param name="P99">The nearest-rank 99th percentile: the ceil(0.99 n)-th smallest.</param>
internal sealed record StatsResult(int Count, double Min, double Max, double Mean, double Median, double P99)
{
    /// <summary>The statistics of <paramref name="sorted"/>, ascending and not empty.</summary>
    public static StatsResult Of(ReadOnlySpan<double> sorted)
    {
        int n = sorted.Length;
        double sum = 0;
        foreach (double value in sorted)
        {
            sum += value;
        }

        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[(n / 2) - 1] + sorted[n / 2]) / 2;

        // ceil(99 n / 100) in integers, so no rounding of 0.99 * n can pick the wrong rank.
        int rank = (int)(((99L * n) + 99) / 100);
        return new StatsResult(n, sorted[0], sorted[n - 1], sum / n, median, sorted[rank - 1]);
    }
}
