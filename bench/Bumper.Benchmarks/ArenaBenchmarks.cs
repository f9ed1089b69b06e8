using System.Buffers;
using BenchmarkDotNet.Attributes;

namespace Bumper.Benchmarks;

/// <summary>
/// What a <see cref="BumpArena"/>'s await-safe memory costs in release builds: a request's
/// temporary of 64 doubles taken as <see cref="Memory{T}"/> from the arena (one small
/// <c>MemoryManager</c> object, and a generation compare on every <c>.Span</c>), against the same
/// temporary as a span from a scope on the arena (the synchronous path, nothing extra), and against
/// an <see cref="ArrayPool{T}"/> rental viewed as memory. Each invoke takes the temporary, reads
/// <c>.Span</c> <see cref="SpanReads"/> times to fill and sum it, and gives it back (the arena is reset,
/// as the pool does when a request returns it). Baseline: the scope's span.
/// </summary>
[MemoryDiagnoser]
public class ArenaBenchmarks : IDisposable
{
    private const int Length = 64;
    private readonly BumpArena _arena = new(64 * 1024);

    /// <summary>How often the handler reads <c>.Span</c> from its memory (once per synchronous stretch between awaits).</summary>
    [Params(1, 16)]
    public int SpanReads { get; set; }

    [Benchmark(Baseline = true)]
    public double Scope_Span()
    {
        double sum;
        using (var scope = _arena.NoEscape())
        {
            Span<double> values = scope.Alloc<double>(Length);
            sum = 0;
            for (int r = 0; r < SpanReads; r++)
            {
                sum += FillAndSum(values, r);
            }
        }

        _arena.Reset();
        return sum;
    }

    [Benchmark]
    public double Arena_AllocMemory()
    {
        Memory<double> values = _arena.AllocMemory<double>(Length);
        double sum = 0;
        for (int r = 0; r < SpanReads; r++)
        {
            sum += FillAndSum(values.Span, r);
        }

        _arena.Reset();
        return sum;
    }

    [Benchmark]
    public double ArrayPool_Memory()
    {
        double[] rented = ArrayPool<double>.Shared.Rent(Length);
        Memory<double> values = rented.AsMemory(0, Length);
        double sum = 0;
        for (int r = 0; r < SpanReads; r++)
        {
            sum += FillAndSum(values.Span, r);
        }

        ArrayPool<double>.Shared.Return(rented);
        return sum;
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _arena.Dispose();
        GC.SuppressFinalize(this);
    }

    private static double FillAndSum(Span<double> values, int round)
    {
        double sum = 0;
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = i + round;
            sum += values[i];
        }

        return sum;
    }
}
