using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;

namespace Bumper.Benchmarks;

/// <summary>
/// A BenchmarkDotNet suite measured round-robin: every round times one batch of each
/// <c>[Benchmark]</c> method, in a shuffled order, and the ratio to the suite's baseline is taken
/// within the round, so load that drifts over a run moves both sides of each ratio alike. Batches are
/// timed in the thread's CPU time (<c>CLOCK_THREAD_CPUTIME_ID</c>), so time spent descheduled behind
/// other processes is not counted. <c>interleaved-formatting</c> runs <see cref="FormattingBenchmarks"/>
/// (baseline <c>Utf8.TryWrite</c> into a pooled buffer), <c>interleaved-formatting-int</c>
/// <see cref="IntegerFormattingBenchmarks"/> (the same baseline), <c>interleaved-boundary</c>
/// <see cref="SlabBoundaryBenchmarks"/> (baseline a slab buffer with room).
/// </summary>
internal static partial class Interleaved
{
    private const int ClockThreadCpuTime = 3;

    public static int Formatting(ReadOnlySpan<string> args)
    {
        using var suite = new FormattingBenchmarks();
        return Run(args, suite, nameof(FormattingBenchmarks.Utf8TryWrite_PooledBuffer), batch: 4, defaultRounds: 1001);
    }

    public static int IntegerFormatting(ReadOnlySpan<string> args)
    {
        using var suite = new IntegerFormattingBenchmarks();
        return Run(args, suite, nameof(IntegerFormattingBenchmarks.Utf8TryWrite_PooledBuffer), batch: 4, defaultRounds: 1001);
    }

    public static int Boundary(ReadOnlySpan<string> args)
    {
        using var suite = new SlabBoundaryBenchmarks();
        suite.Setup();
        return Run(args, suite, nameof(SlabBoundaryBenchmarks.SlabBuffer_RoomInSlab), batch: 4, defaultRounds: 501);
    }

    /// <summary>
    /// <see cref="RepeatedScopeBenchmarks"/> round-robin, one run per scope size (64 KiB to 64 MiB, or
    /// those given with <c>--sizes a,b,...</c>), against the floor of one <see cref="AllocBuffer"/>.
    /// </summary>
    public static int RepeatedScopes(ReadOnlySpan<string> args)
    {
        int[] sizes = [64 * 1024, 1024 * 1024, 8 * 1024 * 1024, 64 * 1024 * 1024];
        if (args.Length >= 2 && args[0] == "--sizes")
        {
            sizes = [.. args[1].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))];
            args = args[2..];
        }

        foreach (int size in sizes)
        {
            using var suite = new RepeatedScopeBenchmarks { Size = size };
            suite.Setup();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"## scope of {size} bytes"));
            int status = Run(args, suite, nameof(RepeatedScopeBenchmarks.AllocBuffer_Floor), batch: Math.Max(1, (4 * 1024 * 1024) / size), defaultRounds: 101);
            if (status != 0)
            {
                return status;
            }
        }

        return 0;
    }

    // The suite's public methods are kept for the reflection below, which NativeAOT's trimming would
    // otherwise remove.
    private static int Run<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicMethods)] TSuite>(
        ReadOnlySpan<string> args, TSuite suite, string baselineName, int batch, int defaultRounds)
        where TSuite : class
    {
        int rounds = defaultRounds;
        int calls = 0;
        if (args.Length == 2 && args[0] == "--rounds" && int.TryParse(args[1], CultureInfo.InvariantCulture, out int given) && given > 0)
        {
            rounds = given;
        }
        else if (args.Length == 2 && args[0] == "--calls" && int.TryParse(args[1], CultureInfo.InvariantCulture, out given) && given > 0)
        {
            calls = given;
        }
        else if (args.Length != 0)
        {
            Console.Error.WriteLine(
                $"usage: Bumper.Benchmarks interleaved-... [--rounds N | --calls N]   (N > 0; default --rounds {defaultRounds}); got: {string.Join(' ', args.ToArray())}");
            return 2;
        }

        // Every [Benchmark] method (returning int or long), called through a delegate as BDN does.
        var variants = typeof(TSuite).GetMethods()
            .Where(m => m.GetCustomAttribute<BenchmarkAttribute>() is not null)
            .Select(m => (Name: m.Name, PerCall: m.GetCustomAttribute<BenchmarkAttribute>()!.OperationsPerInvoke, Call: Bind(m, suite)))
            .ToArray();
        int baseline = Array.FindIndex(variants, v => v.Name == baselineName);
        if (baseline < 0)
        {
            Console.Error.WriteLine($"{typeof(TSuite).Name}: no [Benchmark] method named {baselineName} among the {variants.Length} found");
            return 1;
        }

        if (calls > 0)
        {
            return CallOnly(typeof(TSuite).Name, variants, calls);
        }

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
            foreach (var (_, _, call) in variants)
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
                for (int i = 0; i < batch; i++)
                {
                    sink += call();
                }

                ns[v][r] = (double)(ThreadCpuNanoseconds() - start) / (batch * variants[v].PerCall);
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"# {typeof(TSuite).Name} interleaved: {rounds} rounds x {batch} calls per variant, {(System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeCompiled ? "JIT" : "NativeAOT")}, thread CPU time (checksum {sink})"));
        Console.WriteLine($"| Method | median ns per operation | paired ratio to {baselineName} (median) | ratio p25..p75 |");
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
                $"| {variants[v].Name} | {times[rounds / 2]:F1} | {ratios[rounds / 2]:F3} | {ratios[rounds / 4]:F3}..{ratios[3 * rounds / 4]:F3} |"));
        }

        return 0;
    }

    /// <summary>
    /// Calls every variant <paramref name="calls"/> times, one variant after another, untimed: a run for
    /// an instruction count (bench/count-instructions.sh runs it under callgrind), which the clock's noise
    /// and the code's place in the binary do not move.
    /// </summary>
    private static int CallOnly(string suite, (string Name, int PerCall, Func<long> Call)[] variants, int calls)
    {
        long sink = 0;
        foreach (var (_, _, call) in variants)
        {
            for (int i = 0; i < calls; i++)
            {
                sink += call();
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"# {suite}: {calls} untimed calls of each of {variants.Length} variants (checksum {sink})"));
        return 0;
    }

    private static Func<long> Bind(MethodInfo method, object suite)
    {
        if (method.ReturnType == typeof(long))
        {
            return method.CreateDelegate<Func<long>>(suite);
        }

        Func<int> call = method.CreateDelegate<Func<int>>(suite);
        return () => call();
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
