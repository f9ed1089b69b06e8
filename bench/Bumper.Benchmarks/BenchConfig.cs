using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Environments;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Exporters.Csv;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Toolchains.NativeAot;
using Perfolizer.Horology;
using Perfolizer.Metrology;

namespace Bumper.Benchmarks;

/// <summary>
/// Jobs, columns and exporters shared by every suite: one job per runtime (JIT and NativeAOT) so each
/// suite's figures sit side by side in one run; the median (robust on a noisy shared machine), the
/// ratio to each suite's baseline, and bytes allocated, in fixed units so runs compare.
/// </summary>
internal static class BenchConfig
{
    /// <summary>Builds the config for <paramref name="mode"/>: dry (one pass, CI), quick, or full.</summary>
    public static IConfig Create(string mode, bool jit, bool aot)
    {
        Job baseJob = mode switch
        {
            "dry" => Job.Dry,

            // Short enough for bench/run.sh --quick, long enough for a usable median: ~1 s per benchmark.
            // Four warm-up iterations let the JIT's tiering (100 ms delay, then tier 1) finish first.
            "quick" => Job.Default
                .WithLaunchCount(1)
                .WithWarmupCount(4)
                .WithIterationCount(5)
                .WithIterationTime(TimeInterval.FromMilliseconds(60)),
            // Fixed counts rather than BDN's open-ended default job, whose run time has no bound:
            // 15 measured iterations of 250 ms per benchmark.
            "full" => Job.Default
                .WithLaunchCount(1)
                .WithWarmupCount(6)
                .WithIterationCount(15)
                .WithIterationTime(TimeInterval.FromMilliseconds(250)),
            _ => throw new ArgumentException($"unknown mode '{mode}' (dry, quick or full)", nameof(mode)),
        };

        var style = new SummaryStyle(
            CultureInfo.InvariantCulture,
            printUnitsInHeader: true,
            sizeUnit: SizeUnit.B,
            timeUnit: TimeUnit.Nanosecond,
            printUnitsInContent: false);
        var config = ManualConfig.CreateEmpty()
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddLogger(DefaultConfig.Instance.GetLoggers().ToArray())
            .AddAnalyser(DefaultConfig.Instance.GetAnalysers().ToArray())
            .AddValidator(DefaultConfig.Instance.GetValidators().ToArray())
            .WithSummaryStyle(style)
            .AddColumn(StatisticColumn.Median)
            .AddExporter(MarkdownExporter.GitHub)
            .AddExporter(new CsvExporter(CsvSeparator.Comma, style))
            .WithOptions(ConfigOptions.DisableLogFile)
            // BDN gives a build 5 minutes; ILC compiling BDN's dependencies into each NativeAOT
            // benchmark executable takes longer than that when other builds share the two cores.
            .WithBuildTimeout(TimeSpan.FromMinutes(30));
        if (jit)
        {
            config.AddJob(baseJob.WithRuntime(CoreRuntime.Core10_0).WithId("JIT"));
        }

        if (aot)
        {
            config.AddJob(baseJob.WithRuntime(NativeAotRuntime.Net10_0).WithToolchain(NativeAot()).WithId("NativeAOT"));
        }

        return config;
    }

    private static BenchmarkDotNet.Toolchains.IToolchain NativeAot()
    {
        // BDN's built-in NativeAOT 10 toolchain adds a nightly package feed this machine cannot reach.
        // The ILCompiler comes from the SDK's own PublishAot reference (no pinned version), so an empty
        // local folder stands in for that feed.
        string feed = Path.Combine(Path.GetTempPath(), "bumper-bench-empty-feed");
        Directory.CreateDirectory(feed);

        // ILC dominates the run time (most of it compiling BDN's own dependencies); the generated
        // benchmark code needs neither full reflection metadata nor stack-trace names.
        return NativeAotToolchain.CreateBuilder()
            .UseNuGet(string.Empty, feed)
            .IlcGenerateCompleteTypeMetadata(false)
            .IlcGenerateStackTraceData(false)
            .TargetFrameworkMoniker("net10.0")
            .DisplayName("NativeAOT 10.0")
            .ToToolchain();
    }
}
