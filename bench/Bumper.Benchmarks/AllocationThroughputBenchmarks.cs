using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;

namespace Bumper.Benchmarks;

/// <summary>
/// Allocation throughput: inside one scope, 1,000 allocations of seeded-random sizes (8..256 bytes)
/// and alignments (1..16), each touched once; results are per allocation (the scope's save/restore is
/// amortized over the 1,000, as bumpalo's reset and the C loop's release are in bench/peers).
/// </summary>
[MemoryDiagnoser]
public class AllocationThroughputBenchmarks : IDisposable
{
    private const int Operations = AllocationPlan.Count;

    // One round needs ~134 KB plus padding: more than AllocBuffer's 128 KiB default.
    private const int RoundCapacity = 1024 * 1024;

    private nint[] _sizes = [];
    private AllocRequest[] _requests = [];
    private AllocLayout[] _layouts = [];
    private SlabBuffer _slab = null!;
    private SlabBuffer _slab16K = null!;
    private AllocBuffer _alloc = null!;
    private AllocBuffer _native = null!;
    private ResizeBuffer _resize = null!;
    private MyAllocBuffer _mine = null!;
    private byte[]? _sink;

    [GlobalSetup]
    public void Setup()
    {
        var plan = AllocationPlan.Create();
        _sizes = plan.Sizes;
        _requests = plan.Requests;
        _layouts = plan.Layouts;
        _slab = new SlabBuffer();
        _slab16K = new SlabBuffer(16 * 1024);
        _alloc = new AllocBuffer(RoundCapacity);
        _native = AllocBuffer.Native(RoundCapacity);
        _resize = new ResizeBuffer();
        _mine = new MyAllocBuffer(RoundCapacity);
        using var warm = Bump.NoEscape();
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _slab?.Dispose();
        _slab16K?.Dispose();
        _alloc?.Dispose();
        _native?.Dispose();
        _resize?.Dispose();
        GC.SuppressFinalize(this);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Operations)]
    public byte NewByteArray()
    {
        nint[] sizes = _sizes;
        byte[] last = [];
        for (int i = 0; i < sizes.Length; i++)
        {
            last = new byte[sizes[i]];
            last[0] = (byte)i;
        }

        _sink = last;
        return last[0];
    }

    [Benchmark(OperationsPerInvoke = Operations)]
    public unsafe byte DefaultBuffer()
    {
        using var scope = Bump.NoEscape();
        AllocRequest[] requests = _requests;
        byte* p = null;
        for (int i = 0; i < requests.Length; i++)
        {
            p = (byte*)scope.AllocPtr(requests[i].Size, requests[i].Alignment);
            *p = (byte)i;
        }

        return *p;
    }

    [Benchmark(OperationsPerInvoke = Operations)]
    public byte SlabBufferExplicit()
    {
        using var scope = _slab.NoEscape();
        return TouchEach(_slab, _requests);
    }

    // Same as SlabBufferExplicit (default slabs, 256 KiB: a round fits in one) with Bumper.jl's 16 KiB
    // slabs: a round spans ~9 slabs and every restore gives all but one spare back to the GC.
    [Benchmark(OperationsPerInvoke = Operations)]
    public byte SlabBuffer_16KiBSlabs()
    {
        using var scope = _slab16K.NoEscape();
        return TouchEach(_slab16K, _requests);
    }

    [Benchmark(OperationsPerInvoke = Operations)]
    public byte AllocBufferGc()
    {
        using var scope = _alloc.NoEscape();
        return TouchEach(_alloc, _requests);
    }

    // Same as AllocBufferGc but through the scope: shows what the scope's indirection costs.
    [Benchmark(OperationsPerInvoke = Operations)]
    public unsafe byte AllocBufferGc_ViaScope()
    {
        using var scope = _alloc.NoEscape();
        AllocRequest[] requests = _requests;
        byte* p = null;
        for (int i = 0; i < requests.Length; i++)
        {
            p = (byte*)scope.AllocPtr(requests[i].Size, requests[i].Alignment);
            *p = (byte)i;
        }

        return *p;
    }

    [Benchmark(OperationsPerInvoke = Operations)]
    public byte AllocBufferNative()
    {
        using var scope = _native.NoEscape();
        return TouchEach(_native, _requests);
    }

    [Benchmark(OperationsPerInvoke = Operations)]
    public byte ResizeBufferExplicit()
    {
        using var scope = _resize.NoEscape();
        return TouchEach(_resize, _requests);
    }

    [Benchmark(OperationsPerInvoke = Operations)]
    public unsafe byte MyAllocBufferCustom()
    {
        using var scope = _mine.NoEscape();
        AllocRequest[] requests = _requests;
        byte* p = null;
        for (int i = 0; i < requests.Length; i++)
        {
            p = (byte*)scope.AllocPtr(requests[i].Size, requests[i].Alignment);
            *p = (byte)i;
        }

        return *p;
    }

    // The cursor variants: the same loop through BumpCursor, whose bump pointer stays in registers.
    [Benchmark(OperationsPerInvoke = Operations)]
    public byte DefaultBuffer_Cursor()
    {
        using var scope = Bump.NoEscape();
        var cursor = scope.Cursor();
        return TouchEach(ref cursor, _requests);
    }

    [Benchmark(OperationsPerInvoke = Operations)]
    public byte SlabBuffer_Cursor()
    {
        using var scope = _slab.NoEscape();
        var cursor = scope.Cursor();
        return TouchEach(ref cursor, _requests);
    }

    [Benchmark(OperationsPerInvoke = Operations)]
    public byte AllocBufferGc_Cursor()
    {
        using var scope = _alloc.NoEscape();
        var cursor = scope.Cursor();
        return TouchEach(ref cursor, _requests);
    }

    [Benchmark(OperationsPerInvoke = Operations)]
    public byte AllocBufferNative_Cursor()
    {
        using var scope = _native.NoEscape();
        var cursor = scope.Cursor();
        return TouchEach(ref cursor, _requests);
    }

    // Through a cursor with the plan as checked AllocLayouts, as the Rust peer passes bumpalo Layouts
    // it built once: no per-allocation argument checks.
    [Benchmark(OperationsPerInvoke = Operations)]
    public byte DefaultBuffer_CursorLayout()
    {
        using var scope = Bump.NoEscape();
        var cursor = scope.Cursor();
        return TouchEach(ref cursor, _layouts);
    }

    [Benchmark(OperationsPerInvoke = Operations)]
    public byte AllocBufferGc_CursorLayout()
    {
        using var scope = _alloc.NoEscape();
        var cursor = scope.Cursor();
        return TouchEach(ref cursor, _layouts);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe byte TouchEach(ref BumpCursor cursor, AllocLayout[] layouts)
    {
        byte* p = null;
        for (int i = 0; i < layouts.Length; i++)
        {
            p = (byte*)cursor.AllocPtr(layouts[i]);
            *p = (byte)i;
        }

        return *p;
    }

    /// <summary>The workload's loop through a cursor: every cursor variant runs exactly this.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe byte TouchEach(ref BumpCursor cursor, AllocRequest[] requests)
    {
        byte* p = null;
        for (int i = 0; i < requests.Length; i++)
        {
            p = (byte*)cursor.AllocPtr(requests[i].Size, requests[i].Alignment);
            *p = (byte)i;
        }

        return *p;
    }

    /// <summary>The workload's loop on a built-in buffer: every explicit-buffer variant runs exactly this.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe byte TouchEach(BumpBuffer buffer, AllocRequest[] requests)
    {
        byte* p = null;
        for (int i = 0; i < requests.Length; i++)
        {
            p = (byte*)buffer.AllocPtr(requests[i].Size, requests[i].Alignment);
            *p = (byte)i;
        }

        return *p;
    }
}
