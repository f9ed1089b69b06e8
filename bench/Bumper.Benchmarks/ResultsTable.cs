using System.Globalization;
using System.Text;
using BenchmarkDotNet.Reports;

namespace Bumper.Benchmarks;

/// <summary>
/// Writes one markdown table per suite with the JIT and NativeAOT columns side by side (median ns,
/// ratio to the suite's baseline in the same runtime, bytes allocated per operation), which is the
/// shape docs/benchmarks.md uses. For the allocation-throughput suite it adds the ratio to each peer
/// whose figure bench/run.sh passes in the environment: the C bump loop (C_LOOP_NS_PER_ALLOC) and
/// bumpalo (BUMPALO_NS_PER_ALLOC, its version in BUMPALO_VERSION).
/// </summary>
internal static class ResultsTable
{
    public static string Write(IReadOnlyList<Summary> summaries)
    {
        var culture = CultureInfo.InvariantCulture;
        string bumpaloVersion = Environment.GetEnvironmentVariable("BUMPALO_VERSION") is { Length: > 0 } v ? v : "(version unknown)";
        var peers = new List<(string Name, double Ns)>();
        AddPeer(peers, "C loop", "C_LOOP_NS_PER_ALLOC");
        AddPeer(peers, $"bumpalo {bumpaloVersion}", "BUMPALO_NS_PER_ALLOC");
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
            var columnPeers = suite == nameof(AllocationThroughputBenchmarks) ? peers : [];
            int columns = 3 + columnPeers.Count;
            text.AppendLine(culture, $"### {suite}").AppendLine();
            text.Append("| Method |");
            foreach (string runtime in runtimes)
            {
                text.Append(culture, $" {runtime} median ns | {runtime} ratio | {runtime} bytes |");
                foreach (var peer in columnPeers)
                {
                    text.Append(culture, $" {runtime} / {peer.Name} |");
                }
            }

            text.AppendLine().Append("|---|");
            text.AppendLine(string.Concat(Enumerable.Repeat("---:|", runtimes.Length * columns)));
            foreach (var method in reports.GroupBy(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name))
            {
                text.Append(culture, $"| {method.Key} |");
                foreach (string runtime in runtimes)
                {
                    BenchmarkReport? report = method.FirstOrDefault(r => RuntimeOf(r) == runtime);
                    BenchmarkReport? baseline = reports.FirstOrDefault(r => RuntimeOf(r) == runtime && r.BenchmarkCase.Descriptor.Baseline);
                    if (report is null)
                    {
                        text.Append(string.Concat(Enumerable.Repeat(" |", columns)));
                        continue;
                    }

                    double median = report.ResultStatistics!.Median;
                    string ratio = baseline?.ResultStatistics is { } b ? (median / b.Median).ToString("F2", culture) : "-";
                    long? bytes = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase);
                    text.Append(culture, $" {median:F2} | {ratio} | {bytes?.ToString(culture) ?? "?"} |");
                    foreach (var peer in columnPeers)
                    {
                        text.Append(culture, $" {median / peer.Ns:F2} |");
                    }
                }

                text.AppendLine();
            }

            text.AppendLine();
        }

        foreach (var peer in peers)
        {
            text.AppendLine(culture, $"{peer.Name}: {peer.Ns:F3} ns/alloc (bench/peers; bench/run.sh prints every variant)").AppendLine();
        }

        string path = Path.Combine(summaries[0].ResultsDirectoryPath, "bumper-summary.md");
        File.WriteAllText(path, text.ToString());
        Console.WriteLine(text.ToString());
        return path;
    }

    private static void AddPeer(List<(string Name, double Ns)> peers, string name, string variable)
    {
        if (double.TryParse(Environment.GetEnvironmentVariable(variable), NumberStyles.Float, CultureInfo.InvariantCulture, out double ns) && ns > 0)
        {
            peers.Add((name, ns));
        }
    }

    private static string RuntimeOf(BenchmarkReport report)
        => report.BenchmarkCase.Job.Environment.Runtime?.Name ?? report.BenchmarkCase.Job.ResolvedId;
}
