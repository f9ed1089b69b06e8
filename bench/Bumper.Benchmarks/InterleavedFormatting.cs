using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;

namespace Bumper.Benchmarks;

/// <summary>
/// <see cref="FormattingBenchmarks"/> measured round-robin (<c>Bumper.Benchmarks interleaved-formatting</c>):
/// every round times one batch of each variant, in a shuffled order, and the ratio to
/// <c>Utf8.TryWrite</c> into a pooled buffer is taken within the round, so load that drifts over a
/// run moves both sides of each ratio alike. Batches are timed in the thread's CPU time
/// (<c>CLOCK_THREAD_CPUTIME_ID</c>), so time spent descheduled behind other processes is not counted.
/// </summary>
internal static partial class InterleavedFormatting
{
    private const int ClockThreadCpuTime = 3;
    public static int Run(ReadOnlySpan<string> args)
    {
        int rounds = 1001;
        const int Batch = 4;
        if (args.Length == 2 && args[0] == "--rounds")
        {
            rounds = int.Parse(args[1], CultureInfo.InvariantCulture);
        }

        using var suite = new FormattingBenchmarks();
        var variants = typeof(FormattingBenchmarks).GetMethods()
            .Where(m => m.GetCustomAttribute<BenchmarkAttribute>() is not null)
            .Select(m => (Name: m.Name, Call: m.CreateDelegate<Func<long>>(suite)))
            .ToArray();
        int baseline = Array.FindIndex(variants, v => v.Name == nameof(FormattingBenchmarks.Utf8TryWrite_PooledBuffer));

        var ns = new double[variants.Length][];
        for (int v = 0; v < variants.Length; v++)
        {
            ns[v] = new double[rounds];
        }

        var order = Enumerable.Range(0, variants.Length).ToArray();
        var random = new Random(7);
        long sink = 0;

        // Long enough for the JIT's tiering (a delay, then tier 1 with profile data) to settle.
        var warmUp = Stopwatch.StartNew();
        while (warmUp.ElapsedMilliseconds < 2000)
        {
            foreach (var (_, call) in variants)
            {
                sink += call();
            }
        }

        for (int r = 0; r < rounds; r++)
        {
            random.Shuffle(order);
            foreach (int v in order)
            {
                Func<long> call = variants[v].Call;
                long start = ThreadCpuNanoseconds();
                for (int i = 0; i < Batch; i++)
                {
                    sink += call();
                }

                ns[v][r] = (double)(ThreadCpuNanoseconds() - start) / Batch;
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"# Formatting interleaved: {rounds} rounds x {Batch} calls per variant, {(System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeCompiled ? "JIT" : "NativeAOT")}, thread CPU time (checksum {sink})"));
        Console.WriteLine("| Method | median µs | paired ratio to Utf8TryWrite_PooledBuffer (median) | ratio p25..p75 |");
        Console.WriteLine("|---|---:|---:|---:|");
        for (int v = 0; v < variants.Length; v++)
        {
            var ratios = new double[rounds];
            for (int r = 0; r < rounds; r++)
            {
                ratios[r] = ns[v][r] / ns[baseline][r];
            }

            var times = (double[])ns[v].Clone();
            Array.Sort(ratios);
            Array.Sort(times);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {variants[v].Name} | {times[rounds / 2] / 1000:F1} | {ratios[rounds / 2]:F3} | {ratios[rounds / 4]:F3}..{ratios[3 * rounds / 4]:F3} |"));
        }

        return 0;
    }

    private static long ThreadCpuNanoseconds()
    {
        if (ClockGetTime(ClockThreadCpuTime, out TimeSpec now) != 0)
        {
            throw new InvalidOperationException("clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed");
        }

        return (now.Seconds * 1_000_000_000) + now.Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);

    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
