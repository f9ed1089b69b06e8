using System.Buffers;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;

namespace Bumper.Benchmarks;

/// <summary>
/// Bumper.jl's README example, f(x) against g(x): where does the 30-int temporary come from?
/// Baseline is stackalloc under [SkipLocalsInit]; the preallocated span is the floor (no allocation at all).
/// </summary>
[MemoryDiagnoser]
public class SeedKernelBenchmarks : IDisposable
{
    private int[] _x = [];
    private int[] _preallocated = [];
    private SlabBuffer _slab = null!;
    private AllocBuffer _alloc = null!;
    private AllocBuffer _native = null!;
    private ResizeBuffer _resize = null!;
    private MyAllocBuffer _mine = null!;

    [GlobalSetup]
    public void Setup()
    {
        _x = SeedKernel.CreateInput();
        _preallocated = new int[_x.Length];
        _slab = new SlabBuffer();
        _alloc = new AllocBuffer();
        _native = AllocBuffer.Native();
        _resize = new ResizeBuffer();
        _mine = new MyAllocBuffer(16_000);

        // Touch the thread's default buffer once so its creation is not part of any iteration.
        using var warm = Bump.NoEscape();
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _slab?.Dispose();
        _alloc?.Dispose();
        _native?.Dispose();
        _resize?.Dispose();
        GC.SuppressFinalize(this);
    }

    // --- baselines -------------------------------------------------------------------------

    [Benchmark(Baseline = true), SkipLocalsInit]
    public int Stackalloc()
    {
        Span<int> y = stackalloc int[_x.Length];
        return SeedKernel.AddOneAndSum(_x, y);
    }

    [Benchmark]
    public int PreallocatedSpan() => SeedKernel.AddOneAndSum(_x, _preallocated);

    [Benchmark]
    public int NewArray() => SeedKernel.AddOneAndSum(_x, new int[_x.Length]);

    [Benchmark]
    public int GcAllocateUninitialized() => SeedKernel.AddOneAndSum(_x, GC.AllocateUninitializedArray<int>(_x.Length));

    [Benchmark]
    public int ArrayPoolShared()
    {
        int[] y = ArrayPool<int>.Shared.Rent(_x.Length);
        int sum = SeedKernel.AddOneAndSum(_x, y);
        ArrayPool<int>.Shared.Return(y);
        return sum;
    }

    [Benchmark]
    public unsafe int NativeMemoryAllocFree()
    {
        int* y = (int*)NativeMemory.Alloc((nuint)_x.Length, sizeof(int));
        int sum = SeedKernel.AddOneAndSum(_x, new Span<int>(y, _x.Length));
        NativeMemory.Free(y);
        return sum;
    }

    // --- Bumper ----------------------------------------------------------------------------

    [Benchmark]
    public int DefaultBuffer()
    {
        using var scope = Bump.NoEscape();
        return SeedKernel.AddOneAndSum(_x, scope.Alloc<int>(_x.Length));
    }

    [Benchmark]
    public int SlabBufferExplicit()
    {
        using var scope = _slab.NoEscape();
        return SeedKernel.AddOneAndSum(_x, scope.Alloc<int>(_x.Length));
    }

    [Benchmark]
    public int AllocBufferGc()
    {
        using var scope = _alloc.NoEscape();
        return SeedKernel.AddOneAndSum(_x, scope.Alloc<int>(_x.Length));
    }

    [Benchmark]
    public int AllocBufferNative()
    {
        using var scope = _native.NoEscape();
        return SeedKernel.AddOneAndSum(_x, scope.Alloc<int>(_x.Length));
    }

    [Benchmark]
    public int ResizeBufferExplicit()
    {
        using var scope = _resize.NoEscape();
        return SeedKernel.AddOneAndSum(_x, scope.Alloc<int>(_x.Length));
    }

    [Benchmark]
    public int MyAllocBufferCustom()
    {
        // The README's custom allocator through the library's generic scope (constrained calls: the JIT
        // devirtualises them; NativeAOT shares one copy of the scope for all classes and calls the interface).
        using var scope = _mine.NoEscape();
        return SeedKernel.AddOneAndSum(_x, scope.Alloc<int>(_x.Length));
    }

    /// <summary>
    /// The address each Bumper variant's temporary gets (every call gets the same one: the scope gives it
    /// back), for the interleaved mode's same-address floors: the kernel run on exactly that memory with
    /// no allocation, which separates the allocator's cost from where the memory happens to lie.
    /// </summary>
    internal unsafe (string Variant, nint Address)[] TemporaryAddresses()
    {
        static nint Of(Span<int> span) => (nint)Unsafe.AsPointer(ref MemoryMarshal.GetReference(span));
        var addresses = new List<(string, nint)>();
        using (var scope = Bump.NoEscape())
        {
            addresses.Add((nameof(DefaultBuffer), Of(scope.Alloc<int>(_x.Length))));
        }

        foreach (var (name, buffer) in new (string, BumpBuffer)[]
        {
            (nameof(SlabBufferExplicit), _slab), (nameof(AllocBufferGc), _alloc),
            (nameof(AllocBufferNative), _native), (nameof(ResizeBufferExplicit), _resize),
        })
        {
            using var scope = buffer.NoEscape();
            addresses.Add((name, Of(scope.Alloc<int>(_x.Length))));
        }

        using (var scope = _mine.NoEscape())
        {
            addresses.Add((nameof(MyAllocBufferCustom), Of(scope.Alloc<int>(_x.Length))));
        }

        return [.. addresses];
    }

    /// <summary>The kernel on <paramref name="address"/>'s memory, with no allocation: a same-address floor.</summary>
    internal unsafe int AtAddress(nint address) => SeedKernel.AddOneAndSum(_x, new Span<int>((void*)address, _x.Length));

    // --- the same kernel through TensorPrimitives --------------------------------------------

    [Benchmark, SkipLocalsInit]
    public int Tensor_Stackalloc()
    {
        Span<int> y = stackalloc int[_x.Length];
        TensorPrimitives.Add(_x, 1, y);
        return TensorPrimitives.Sum<int>(y);
    }

    [Benchmark]
    public int Tensor_DefaultBuffer()
    {
        using var scope = Bump.NoEscape();
        Span<int> y = scope.Alloc<int>(_x.Length);
        TensorPrimitives.Add(_x, 1, y);
        return TensorPrimitives.Sum<int>(y);
    }

    [Benchmark]
    public int Tensor_AllocBufferGc()
    {
        using var scope = _alloc.NoEscape();
        Span<int> y = scope.Alloc<int>(_x.Length);
        TensorPrimitives.Add(_x, 1, y);
        return TensorPrimitives.Sum<int>(y);
    }
}
