using BenchmarkDotNet.Attributes;

namespace Bumper.Benchmarks;

/// <summary>
/// Bumper.jl's slab-boundary pitfall: an outer scope has almost filled the current slab, then a loop
/// of small nested scopes each allocates <see cref="SeedKernel"/>'s temporary, so every inner
/// allocation lands in the next slab and every inner restore leaves it. Results are per inner scope;
/// the baseline is the same loop with room in the slab.
/// </summary>
[MemoryDiagnoser]
public class SlabBoundaryBenchmarks : IDisposable
{
    private const int Inner = 1000;

    private int[] _x = [];
    private SlabBuffer _slab = null!;
    private ChainBuffer _chain = null!;

    [GlobalSetup]
    public void Setup()
    {
        _x = SeedKernel.CreateInput();
        _slab = new SlabBuffer();
        _chain = new ChainBuffer(SlabBuffer.DefaultSlabSize);
        using var warm = Bump.NoEscape();
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _slab?.Dispose();
        _chain?.Dispose();
        GC.SuppressFinalize(this);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Inner)]
    public int SlabBuffer_RoomInSlab()
    {
        using var outer = _slab.NoEscape();
        return InnerLoop(_slab);
    }

    [Benchmark(OperationsPerInvoke = Inner)]
    public int SlabBuffer_NearlyFullSlab()
    {
        using var outer = _slab.NoEscape();
        FillCurrentSlab(_slab, outer);
        return InnerLoop(_slab);
    }

    // The chain buffer's crossing enters its kept spare block, as the slab buffer's enters its spare slab.
    [Benchmark(OperationsPerInvoke = Inner)]
    public int ChainBuffer_RoomInBlock()
    {
        using var outer = _chain.NoEscape();
        return InnerLoop(_chain);
    }

    [Benchmark(OperationsPerInvoke = Inner)]
    public int ChainBuffer_NearlyFullBlock()
    {
        using var outer = _chain.NoEscape();
        FillCurrentSlab(_chain, outer);
        return InnerLoop(_chain);
    }

    // The default buffer's own baseline opens its scopes as DefaultBuffer_NearlyFullSlab does (and as
    // SeedKernelBenchmarks.DefaultBuffer does), through Bump.NoEscape(), so the ratio of the two is the
    // slab boundary alone, not the per-scope thread-static look-up.
    [Benchmark(OperationsPerInvoke = Inner)]
    public int DefaultBuffer_RoomInSlab()
    {
        using var outer = Bump.NoEscape();
        return DefaultBufferInnerLoop();
    }

    [Benchmark(OperationsPerInvoke = Inner)]
    public int DefaultBuffer_NearlyFullSlab()
    {
        // Bumper.jl's example as written: every scope goes through the default buffer, Bump.NoEscape().
        using var outer = Bump.NoEscape();
        FillCurrentSlab(Bump.DefaultBuffer, outer);
        return DefaultBufferInnerLoop();
    }

    private int DefaultBufferInnerLoop()
    {
        int sum = 0;
        for (int i = 0; i < Inner; i++)
        {
            using var inner = Bump.NoEscape();
            sum += SeedKernel.AddOneAndSum(_x, inner.Alloc<int>(_x.Length));
        }

        return sum;
    }

    private int InnerLoop(BumpBuffer buffer)
    {
        int sum = 0;
        for (int i = 0; i < Inner; i++)
        {
            using var inner = buffer.NoEscape();
            sum += SeedKernel.AddOneAndSum(_x, inner.Alloc<int>(_x.Length));
        }

        return sum;
    }

    // Leaves one free byte in the current slab (or the chain's first block), like Bumper.jl's
    // @alloc(Int8, N - 1) on a fresh buffer.
    private static unsafe void FillCurrentSlab(BumpBuffer buffer, NoEscapeScope scope)
    {
        long blockSize = buffer is ChainBuffer chain ? chain.CurrentBlockSize : ((SlabBuffer)buffer).SlabSize;
        long used = buffer.BytesUsed % blockSize;
        _ = scope.AllocPtr((nint)(blockSize - used - 1), alignment: 1);
    }
}
