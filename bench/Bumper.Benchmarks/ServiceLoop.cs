using System.Diagnostics;
using System.Globalization;

namespace Bumper.Benchmarks;

/// <summary>
/// A service loop as a console program (BDN has no per-request latency percentiles): threads each handle
/// N "requests" that need a temporary body of 1..64 KiB plus a 1 KiB histogram, once with heap arrays
/// and once with the default buffer. Prints throughput, GC counts per phase and p50/p99/p99.9 latency.
/// </summary>
internal static class ServiceLoop
{
    private const int MinBody = 1024;
    private const int MaxBody = 64 * 1024;
    private const int SampleStride = 64;

    public static int Run(ReadOnlySpan<string> args)
    {
        int requests = 1_000_000;
        int threads = 2;
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--requests": requests = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--threads": threads = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
            }
        }

        Console.WriteLine($"# Service loop: {threads} threads x {requests:N0} requests, body {MinBody}..{MaxBody} bytes + 1 KiB histogram");
        Console.WriteLine($"# runtime {Environment.Version}, {(System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeCompiled ? "JIT" : "NativeAOT")}, GC {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}, concurrent={System.Runtime.GCSettings.LatencyMode}");

        // Warm both paths (tiering, default-buffer creation) before anything is counted.
        Measure("warm-up heap", threads, Math.Min(requests, 20_000), HeapRequest, print: false);
        Measure("warm-up bump", threads, Math.Min(requests, 20_000), BumpRequest, print: false);

        Console.WriteLine("| path | requests | wall s | requests/s | Gen0 | Gen1 | Gen2 | GC-allocated MB | p50 us | p99 us | p99.9 us | max us |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        var heap = Measure("heap arrays", threads, requests, HeapRequest, print: true);
        int defaultCapacity = Bump.DefaultBufferCapacity;
        var bump = Measure($"default buffer ({defaultCapacity / 1024} KiB slabs, the default)", threads, requests, BumpRequest, print: true);

        // The same path with Bumper.jl's 16 KiB slabs: bodies above 16 KiB become per-request "custom
        // slabs" (native memory since 88597ff). Each phase's threads are new, so their default buffers
        // are created with this capacity.
        Bump.DefaultBufferCapacity = 16 * 1024;
        Measure("warm-up bump, 16 KiB slabs", threads, Math.Min(requests, 20_000), BumpRequest, print: false);
        var small = Measure("default buffer, 16 KiB slabs (Bumper.jl's)", threads, requests, BumpRequest, print: true);
        Bump.DefaultBufferCapacity = defaultCapacity;

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"default buffer: p99 ratio bump/heap = {bump.P99 / heap.P99:F2} (target <= 0.5); collections during the Bumper phase = {bump.Collections} (target 0); throughput ratio bump/heap = {bump.Throughput / heap.Throughput:F2}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"16 KiB slabs:   p99 ratio bump/heap = {small.P99 / heap.P99:F2}; collections = {small.Collections}; throughput ratio bump/heap = {small.Throughput / heap.Throughput:F2}"));
        return heap.Checksum == bump.Checksum && heap.Checksum == small.Checksum ? 0 : Fail(heap.Checksum, bump.Checksum);
    }

    private static int Fail(long heap, long bump)
    {
        Console.Error.WriteLine($"checksums differ: heap {heap}, bump {bump}");
        return 1;
    }

    private static PhaseResult Measure(string name, int threadCount, int requests, Func<int, int, long> handle, bool print)
    {
        var latencies = new long[threadCount][];
        var checksums = new long[threadCount];
        var workers = new Thread[threadCount];
        for (int t = 0; t < threadCount; t++)
        {
            int thread = t;
            latencies[t] = new long[requests];
            workers[t] = new Thread(() => checksums[thread] = Worker(thread, requests, handle, latencies[thread]));
        }

        // Start each phase from a clean heap so collections are charged to the phase that caused them.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        int gen0 = GC.CollectionCount(0), gen1 = GC.CollectionCount(1), gen2 = GC.CollectionCount(2);
        long allocated = GC.GetTotalAllocatedBytes(precise: true);
        long start = Stopwatch.GetTimestamp();
        foreach (var w in workers)
        {
            w.Start();
        }

        foreach (var w in workers)
        {
            w.Join();
        }

        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        long allocatedBytes = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        int d0 = GC.CollectionCount(0) - gen0, d1 = GC.CollectionCount(1) - gen1, d2 = GC.CollectionCount(2) - gen2;

        long[] all = latencies.SelectMany(l => l).ToArray();
        Array.Sort(all);
        var result = new PhaseResult(
            Throughput: all.Length / seconds,
            P99: ToMicroseconds(Percentile(all, 0.99)),
            Collections: d0 + d1 + d2,
            Checksum: checksums.Sum());
        if (print)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {all.Length:N0} | {seconds:F2} | {result.Throughput:N0} | {d0} | {d1} | {d2} | {allocatedBytes / 1e6:F1} | {ToMicroseconds(Percentile(all, 0.50)):F2} | {result.P99:F2} | {ToMicroseconds(Percentile(all, 0.999)):F2} | {ToMicroseconds(all[^1]):F1} |"));
        }

        return result;
    }

    private static long Worker(int thread, int requests, Func<int, int, long> handle, long[] latencies)
    {
        // Each thread has its own seeded size stream, identical across the two phases.
        var random = new Random(1000 + thread);
        long checksum = 0;
        for (int r = 0; r < requests; r++)
        {
            int bodyLength = random.Next(MinBody, MaxBody + 1);
            long t0 = Stopwatch.GetTimestamp();
            checksum += handle(bodyLength, r);
            latencies[r] = Stopwatch.GetTimestamp() - t0;
        }

        return checksum;
    }

    // A request: fill a body, histogram a sample of it, return a checksum. Heap version.
    private static long HeapRequest(int bodyLength, int request)
    {
        byte[] body = new byte[bodyLength];
        int[] histogram = new int[256];
        return Handle(body, histogram, request);
    }

    // The same request with its temporaries from the thread's default buffer.
    private static long BumpRequest(int bodyLength, int request)
    {
        using var scope = Bump.NoEscape();
        Span<byte> body = scope.Alloc<byte>(bodyLength);
        Span<int> histogram = scope.Alloc<int>(256);
        histogram.Clear();
        return Handle(body, histogram, request);
    }

    private static long Handle(Span<byte> body, Span<int> histogram, int request)
    {
        body.Fill((byte)request);
        long checksum = 0;
        for (int k = 0; k < body.Length; k += SampleStride)
        {
            byte b = (byte)(body[k] + k);
            histogram[b]++;
            checksum += b;
        }

        return checksum + histogram[(byte)request];
    }

    private static long Percentile(long[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];

    private static double ToMicroseconds(long ticks) => ticks * 1e6 / Stopwatch.Frequency;

    private readonly record struct PhaseResult(double Throughput, double P99, int Collections, long Checksum);
}
