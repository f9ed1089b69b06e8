using System.Globalization;
using System.Text;
using BenchmarkDotNet.Reports;

namespace Bumper.Benchmarks;

/// <summary>
/// Writes one markdown table per suite with the JIT and NativeAOT columns side by side (median ns,
/// ratio to the suite's baseline in the same runtime, bytes allocated per operation), which is the
/// shape docs/benchmarks.md uses. For workload 2 it adds the ratio to bumpalo when bench/run.sh
/// passes the Rust peer's figure in BUMPALO_NS_PER_ALLOC.
/// </summary>
internal static class ResultsTable
{
    public static string Write(IReadOnlyList<Summary> summaries)
    {
        var culture = CultureInfo.InvariantCulture;
        double? bumpalo = double.TryParse(Environment.GetEnvironmentVariable("BUMPALO_NS_PER_ALLOC"), NumberStyles.Float, culture, out double ns) ? ns : null;
        var text = new StringBuilder();
        foreach (Summary summary in summaries)
        {
            var reports = summary.Reports.Where(r => r.ResultStatistics is not null).ToArray();
            if (reports.Length == 0)
            {
                continue;
            }

            string suite = reports[0].BenchmarkCase.Descriptor.Type.Name;
            string[] runtimes = reports.Select(RuntimeOf).Distinct().ToArray();
            bool withBumpalo = bumpalo is not null && suite == nameof(AllocationThroughputBenchmarks);
            text.AppendLine(culture, $"### {suite}").AppendLine();
            text.Append("| Method |");
            foreach (string runtime in runtimes)
            {
                text.Append(culture, $" {runtime} median ns | {runtime} ratio | {runtime} bytes |");
                if (withBumpalo)
                {
                    text.Append(culture, $" {runtime} / bumpalo |");
                }
            }

            text.AppendLine().Append("|---|");
            text.AppendLine(string.Concat(Enumerable.Repeat("---:|", runtimes.Length * (withBumpalo ? 4 : 3))));
            foreach (var method in reports.GroupBy(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name))
            {
                text.Append(culture, $"| {method.Key} |");
                foreach (string runtime in runtimes)
                {
                    BenchmarkReport? report = method.FirstOrDefault(r => RuntimeOf(r) == runtime);
                    BenchmarkReport? baseline = reports.FirstOrDefault(r => RuntimeOf(r) == runtime && r.BenchmarkCase.Descriptor.Baseline);
                    if (report is null)
                    {
                        text.Append(withBumpalo ? " | | | |" : " | | |");
                        continue;
                    }

                    double median = report.ResultStatistics!.Median;
                    string ratio = baseline?.ResultStatistics is { } b ? (median / b.Median).ToString("F2", culture) : "-";
                    long? bytes = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase);
                    text.Append(culture, $" {median:F2} | {ratio} | {bytes?.ToString(culture) ?? "?"} |");
                    if (withBumpalo)
                    {
                        text.Append(culture, $" {median / bumpalo!.Value:F2} |");
                    }
                }

                text.AppendLine();
            }

            text.AppendLine();
        }

        if (bumpalo is not null)
        {
            text.AppendLine(culture, $"bumpalo (bench/peers/bumpalo): {bumpalo:F3} ns/alloc").AppendLine();
        }

        string path = Path.Combine(summaries[0].ResultsDirectoryPath, "bumper-summary.md");
        File.WriteAllText(path, text.ToString());
        Console.WriteLine(text.ToString());
        return path;
    }

    private static string RuntimeOf(BenchmarkReport report)
        => report.BenchmarkCase.Job.Environment.Runtime?.Name ?? report.BenchmarkCase.Job.ResolvedId;
}
