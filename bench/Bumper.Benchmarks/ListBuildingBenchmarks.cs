using System.Buffers;
using BenchmarkDotNet.Attributes;
using CommunityToolkit.HighPerformance.Buffers;

namespace Bumper.Benchmarks;

/// <summary>
/// Filling a list of <see cref="Count"/> ints whose length is not known up front, then summing it:
/// the arena list (through this thread's default buffer, and through a ResizeBuffer that has
/// settled into one block) against <see cref="List{T}"/>, CommunityToolkit.HighPerformance's
/// <see cref="ArrayPoolBufferWriter{T}"/>, and a stackalloc-then-ArrayPool builder (the pattern of
/// the runtime's internal ValueListBuilder). Baseline: <see cref="List{T}"/>.
/// </summary>
[MemoryDiagnoser]
public class ListBuildingBenchmarks : IDisposable
{
    private readonly ResizeBuffer _resize = new(16);

    /// <summary>How many ints each invoke adds.</summary>
    [Params(10, 1_000, 100_000)]
    public int Count { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        // Let the ResizeBuffer settle into one block of the workload's peak before measuring.
        BumpList_ResizeBuffer();
        BumpList_ResizeBuffer();
    }

    [Benchmark(Baseline = true)]
    public long ListOfT()
    {
        var list = new List<int>();
        for (int i = 0; i < Count; i++)
        {
            list.Add(i);
        }

        return Sum(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list));
    }

    [Benchmark]
    public long ArrayPoolBufferWriter()
    {
        using var writer = new ArrayPoolBufferWriter<int>();
        for (int i = 0; i < Count; i++)
        {
            writer.GetSpan(1)[0] = i;
            writer.Advance(1);
        }

        return Sum(writer.WrittenSpan);
    }

    [Benchmark]
    public long StackallocThenArrayPool()
    {
        var builder = new PooledBuilder(stackalloc int[256]);
        for (int i = 0; i < Count; i++)
        {
            builder.Add(i);
        }

        long sum = Sum(builder.AsSpan());
        builder.Dispose();
        return sum;
    }

    [Benchmark]
    public long BumpList_DefaultBuffer()
    {
        using var scope = Bump.NoEscape();
        var list = scope.List<int>();
        for (int i = 0; i < Count; i++)
        {
            list.Add(i);
        }

        return Sum(list.AsSpan());
    }

    [Benchmark]
    public long BumpList_ResizeBuffer()
    {
        using var scope = _resize.NoEscape();
        var list = scope.List<int>();
        for (int i = 0; i < Count; i++)
        {
            list.Add(i);
        }

        return Sum(list.AsSpan());
    }

    private static long Sum(ReadOnlySpan<int> items)
    {
        long sum = 0;
        foreach (int x in items)
        {
            sum += x;
        }

        return sum;
    }

    /// <summary>Starts in caller-provided stack memory and moves to ArrayPool rentals, doubling, when full.</summary>
    private ref struct PooledBuilder(Span<int> initial)
    {
        private Span<int> _items = initial;
        private int[]? _rented;
        private int _count;

        public void Add(int item)
        {
            if (_count == _items.Length)
            {
                Grow();
            }

            _items[_count++] = item;
        }

        public readonly ReadOnlySpan<int> AsSpan() => _items[.._count];

        public void Dispose()
        {
            if (_rented is not null)
            {
                ArrayPool<int>.Shared.Return(_rented);
            }
        }

        private void Grow()
        {
            int[] next = ArrayPool<int>.Shared.Rent(_items.Length * 2);
            _items.CopyTo(next);
            if (_rented is not null)
            {
                ArrayPool<int>.Shared.Return(_rented);
            }

            _rented = next;
            _items = next;
        }
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _resize.Dispose();
        GC.SuppressFinalize(this);
    }
}
