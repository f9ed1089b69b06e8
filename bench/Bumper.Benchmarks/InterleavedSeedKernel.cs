using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using BenchmarkDotNet.Attributes;

namespace Bumper.Benchmarks;

/// <summary>
/// <see cref="SeedKernelBenchmarks"/> measured round-robin (<c>Bumper.Benchmarks interleaved</c>): every round times one batch
/// of each variant, in a shuffled order, and the ratio to stackalloc is taken within the round. On a
/// shared machine whose load drifts between BDN's one-benchmark-after-another runs, these paired
/// ratios are far steadier than ratios of medians measured minutes apart.
/// </summary>
/// <remarks>
/// The kernel's time depends on where its temporary lies (the same code runs in a fast or a slow mode
/// depending on the temporary's address modulo 4096), so a variant can sit in one mode for a whole
/// process. Each Bumper variant therefore also gets a same-address floor, the kernel
/// on exactly the memory that variant hands out, with no allocation; the ratio to it is the
/// allocator's own cost.
/// </remarks>
internal static class InterleavedSeedKernel
{
    public static int Run(ReadOnlySpan<string> args)
    {
        int rounds = 301;
        const int Batch = 20_000;
        if (args.Length == 2 && args[0] == "--rounds")
        {
            rounds = int.Parse(args[1], CultureInfo.InvariantCulture);
        }

        using var suite = new SeedKernelBenchmarks();
        suite.Setup();

        // Every [Benchmark] of the suite, called through a delegate as BDN does; an empty delegate's
        // cost is measured alongside and subtracted.
        var variants = typeof(SeedKernelBenchmarks).GetMethods()
            .Where(m => m.GetCustomAttribute<BenchmarkAttribute>() is not null)
            .Select(m => (Name: m.Name, Call: m.CreateDelegate<Func<int>>(suite)))
            .Concat(suite.TemporaryAddresses().Select(a => (Name: a.Variant + " floor", Call: (Func<int>)(() => suite.AtAddress(a.Address)))))
            .Append((Name: "(delegate overhead)", Call: static () => 0))
            .ToArray();
        int stack = Array.FindIndex(variants, v => v.Name == nameof(SeedKernelBenchmarks.Stackalloc));
        int empty = variants.Length - 1;

        var ns = new double[variants.Length][];
        for (int v = 0; v < variants.Length; v++)
        {
            ns[v] = new double[rounds];
        }

        var order = Enumerable.Range(0, variants.Length).ToArray();
        var random = new Random(7);
        int sink = 0;
        for (int warm = 0; warm < 50; warm++)
        {
            foreach (var (_, call) in variants)
            {
                for (int i = 0; i < 1000; i++)
                {
                    sink += call();
                }
            }
        }

        for (int r = 0; r < rounds; r++)
        {
            random.Shuffle(order);
            foreach (int v in order)
            {
                Func<int> call = variants[v].Call;
                long start = Stopwatch.GetTimestamp();
                for (int i = 0; i < Batch; i++)
                {
                    sink += call();
                }

                ns[v][r] = Stopwatch.GetElapsedTime(start).TotalNanoseconds / Batch;
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"# Workload 1 interleaved: {rounds} rounds x {Batch:N0} calls per variant, {(System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeCompiled ? "JIT" : "NativeAOT")}, delegate overhead subtracted (checksum {sink})"));
        Console.WriteLine("| Method | median ns | paired ratio to Stackalloc (median) | ratio p25..p75 | paired ratio to its same-address floor | ns over that floor |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        for (int v = 0; v < empty; v++)
        {
            int floor = Array.FindIndex(variants, f => f.Name == variants[v].Name + " floor");
            var ratios = new double[rounds];
            var net = new double[rounds];
            var toFloor = new double[rounds];
            var overFloor = new double[rounds];
            for (int r = 0; r < rounds; r++)
            {
                net[r] = ns[v][r] - ns[empty][r];
                ratios[r] = net[r] / (ns[stack][r] - ns[empty][r]);
                if (floor >= 0)
                {
                    toFloor[r] = net[r] / (ns[floor][r] - ns[empty][r]);
                    overFloor[r] = ns[v][r] - ns[floor][r];
                }
            }

            Array.Sort(ratios);
            Array.Sort(net);
            Array.Sort(toFloor);
            Array.Sort(overFloor);
            string floorColumns = floor >= 0
                ? string.Create(CultureInfo.InvariantCulture, $"{toFloor[rounds / 2]:F2} | {overFloor[rounds / 2]:F2}")
                : " | ";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {variants[v].Name} | {net[rounds / 2]:F2} | {ratios[rounds / 2]:F2} | {ratios[rounds / 4]:F2}..{ratios[3 * rounds / 4]:F2} | {floorColumns} |"));
        }

        return 0;
    }
}
