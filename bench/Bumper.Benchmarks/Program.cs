using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Bumper.Benchmarks;

/// <summary>
/// <c>service [--requests N] [--threads N]</c> runs the service loop (<see cref="ServiceLoop"/>);
/// <c>interleaved [--rounds N]</c> runs <see cref="SeedKernelBenchmarks"/> round-robin for noise-robust paired ratios,
/// <c>interleaved-formatting [--rounds N]</c>, <c>interleaved-formatting-int [--rounds N]</c> and
/// <c>interleaved-boundary [--rounds N]</c> the same for <see cref="FormattingBenchmarks"/>,
/// <see cref="IntegerFormattingBenchmarks"/> and <see cref="SlabBoundaryBenchmarks"/>, and
/// <c>interleaved-repeated-scopes [--sizes a,b,...] [--rounds N]</c> for <see cref="RepeatedScopeBenchmarks"/> (<see cref="Interleaved"/>;
/// <c>--calls N</c> instead calls each variant N times untimed, for an instruction count). Otherwise
/// <c>[--mode dry|quick|full] [--jit-only|--aot-only]</c> picks the jobs (JIT and NativeAOT by default)
/// and the remaining arguments go to BenchmarkDotNet (e.g. <c>--filter '*Seed*'</c>).
/// Exits non-zero when any benchmark fails to build or run, so <c>bench/run.sh --dry</c> can gate CI.
/// </summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "service")
        {
            return ServiceLoop.Run(args.AsSpan(1));
        }

        if (args.Length > 0 && args[0] == "interleaved")
        {
            return InterleavedSeedKernel.Run(args.AsSpan(1));
        }

        if (args.Length > 0 && args[0] == "interleaved-formatting")
        {
            return Interleaved.Formatting(args.AsSpan(1));
        }

        if (args.Length > 0 && args[0] == "interleaved-formatting-int")
        {
            return Interleaved.IntegerFormatting(args.AsSpan(1));
        }

        if (args.Length > 0 && args[0] == "interleaved-boundary")
        {
            return Interleaved.Boundary(args.AsSpan(1));
        }

        if (args.Length > 0 && args[0] == "interleaved-repeated-scopes")
        {
            return Interleaved.RepeatedScopes(args.AsSpan(1));
        }

        // Our own options (mode and runtimes) are taken out; the rest (--filter, --list, --disasm) go to BDN.
        string mode = "quick";
        bool jit = true, aot = true;
        var bdnArgs = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--mode" when i + 1 < args.Length: mode = args[++i]; break;
                case "--jit-only": aot = false; break;
                case "--aot-only": jit = false; break;
                default: bdnArgs.Add(args[i]); break;
            }
        }

        Summary[] summaries = BenchmarkSwitcher
            .FromAssembly(typeof(Program).Assembly)
            .Run([.. bdnArgs], BenchConfig.Create(mode, jit, aot))
            .ToArray();

        // --list, --info and friends print and return no summary: not a failure.
        if (summaries.Length == 0)
        {
            return args.Any(a => a.StartsWith("--list", StringComparison.Ordinal) || a == "--info" || a == "--help") ? 0 : Fail("no benchmark ran (filter matched nothing?)");
        }

        string table = ResultsTable.Write(summaries);
        Console.WriteLine();
        Console.WriteLine($"Side-by-side table: {table}");

        var failed = summaries
            .SelectMany(s => s.Reports.Where(r => !r.Success).Select(r => r.BenchmarkCase.DisplayInfo)
                .Concat(s.BenchmarksCases.Where(c => !s.Reports.Any(r => r.BenchmarkCase == c)).Select(c => c.DisplayInfo))
                .Concat(s.HasCriticalValidationErrors ? [s.Title + ": critical validation errors"] : []))
            .ToArray();
        foreach (string name in failed)
        {
            Console.Error.WriteLine($"FAILED: {name}");
        }

        return failed.Length == 0 ? 0 : Fail($"{failed.Length} benchmark(s) failed");
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        return 1;
    }
}
