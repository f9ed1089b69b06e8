using BenchmarkDotNet.Attributes;

namespace Bumper.Benchmarks;

/// <summary>
/// A scope of <see cref="Size"/> bytes repeated round after round on every buffer kind: the scope
/// takes its bytes as 256-byte allocations and writes 8 bytes into each, so every page it spans is
/// touched. The floor is the same work in one <see cref="AllocBuffer"/> large enough for it. A kind
/// that gave its memory back at the scope's end and took it again would pay the allocator and the
/// page faults every round; one that keeps it runs at the floor.
/// </summary>
[MemoryDiagnoser]
public class RepeatedScopeBenchmarks : IDisposable
{
    private const int Chunk = 256;

    private AllocBuffer _floor = null!;
    private SlabBuffer _slab = null!;
    private ChainBuffer _chain = null!;
    private ResizeBuffer _resize = null!;

    /// <summary>The bytes of the scope's allocations each round.</summary>
    [Params(64 * 1024, 1024 * 1024, 8 * 1024 * 1024, 64 * 1024 * 1024)]
    public int Size { get; set; } = 64 * 1024;

    [GlobalSetup]
    public void Setup()
    {
        Dispose();
        _floor = AllocBuffer.Native(Size + 4096);
        _slab = new SlabBuffer();
        _chain = new ChainBuffer();
        _resize = new ResizeBuffer();
        foreach (BumpBuffer buf in (BumpBuffer[])[_floor, _slab, _chain, _resize, Bump.DefaultBuffer])
        {
            buf.IsChecked = false;
        }

        // One round each, so a ResizeBuffer has its peak and regrows at the next round.
        _ = AllocBuffer_Floor() + SlabBuffer() + ChainBuffer() + ResizeBuffer() + DefaultBuffer();
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _floor?.Dispose();
        _slab?.Dispose();
        _chain?.Dispose();
        _resize?.Dispose();
        GC.SuppressFinalize(this);
    }

    [Benchmark(Baseline = true)]
    public long AllocBuffer_Floor() => Round(_floor, Size);

    [Benchmark]
    public long SlabBuffer() => Round(_slab, Size);

    [Benchmark]
    public long ChainBuffer() => Round(_chain, Size);

    [Benchmark]
    public long ResizeBuffer() => Round(_resize, Size);

    [Benchmark]
    public long DefaultBuffer() => Round(Bump.DefaultBuffer, Size);

    private static unsafe long Round(BumpBuffer buf, int size)
    {
        using var scope = buf.NoEscape();
        long sum = 0;
        for (int done = 0; done < size; done += Chunk)
        {
            long* p = (long*)scope.AllocPtr(Chunk, 8);
            *p = done;
            sum += (long)p;
        }

        return sum;
    }
}
