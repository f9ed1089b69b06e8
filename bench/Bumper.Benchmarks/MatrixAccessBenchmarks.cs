using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;

namespace Bumper.Benchmarks;

/// <summary>
/// Element access on a 256x256 double matrix. Each invoke writes every element
/// (m[i, j] = i - j) and then sums them, so 131,072 indexed accesses; the buffer allocation itself
/// is one bump and negligible next to that. Baseline is a flat span with manual row-major indexing.
/// </summary>
[MemoryDiagnoser]
public class MatrixAccessBenchmarks : IDisposable
{
    private const int N = 256;

    // 512 KiB of doubles plus slack: larger than AllocBuffer's default.
    private const int Capacity = 1024 * 1024;

    private AllocBuffer _buffer = null!;
    private double[,] _array = new double[0, 0];

    [GlobalSetup]
    public void Setup()
    {
        _buffer = new AllocBuffer(Capacity);
        _array = new double[N, N];
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _buffer?.Dispose();
        GC.SuppressFinalize(this);
    }

    [Benchmark(Baseline = true)]
    public double FlatSpan_ManualIndex()
    {
        using var scope = _buffer.NoEscape();
        Span<double> m = scope.Alloc<double>(N * N);
        for (int i = 0; i < N; i++)
        {
            for (int j = 0; j < N; j++)
            {
                m[(i * N) + j] = i - j;
            }
        }

        double sum = 0;
        for (int i = 0; i < N; i++)
        {
            for (int j = 0; j < N; j++)
            {
                sum += m[(i * N) + j];
            }
        }

        return sum;
    }

    // The library's 2-D view: scope.Alloc<T>(rows, columns) returns a MatrixSpan<T>.
    [Benchmark]
    public double MatrixSpan_Indexer()
    {
        using var scope = _buffer.NoEscape();
        MatrixSpan<double> m = scope.Alloc<double>(N, N);
        for (int i = 0; i < N; i++)
        {
            for (int j = 0; j < N; j++)
            {
                m[i, j] = i - j;
            }
        }

        double sum = 0;
        for (int i = 0; i < N; i++)
        {
            for (int j = 0; j < N; j++)
            {
                sum += m[i, j];
            }
        }

        return sum;
    }

    // The N-d path: Alloc<T>(params ReadOnlySpan<nint>) returns a TensorSpan<T>, indexed with its
    // general rank-walking indexer (what Alloc<double>(256, 256) returned before MatrixSpan).
    [Benchmark]
    public double TensorSpan_Indexer()
    {
        using var scope = _buffer.NoEscape();
        TensorSpan<double> m = scope.Alloc<double>([N, N]);
        for (int i = 0; i < N; i++)
        {
            for (int j = 0; j < N; j++)
            {
                m[i, j] = i - j;
            }
        }

        double sum = 0;
        for (int i = 0; i < N; i++)
        {
            for (int j = 0; j < N; j++)
            {
                sum += m[i, j];
            }
        }

        return sum;
    }

    [Benchmark]
    public double MultiDimArray()
    {
        double[,] m = _array;
        for (int i = 0; i < N; i++)
        {
            for (int j = 0; j < N; j++)
            {
                m[i, j] = i - j;
            }
        }

        double sum = 0;
        for (int i = 0; i < N; i++)
        {
            for (int j = 0; j < N; j++)
            {
                sum += m[i, j];
            }
        }

        return sum;
    }
}
