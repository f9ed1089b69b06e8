using System.Buffers;
using System.Text;
using System.Text.Unicode;
using BenchmarkDotNet.Attributes;

namespace Bumper.Benchmarks;

/// <summary>
/// Formatting 1,000 short lines (<c>$"row {i}: {x:F2}"</c>) and adding up their lengths: into the
/// arena with <c>scope.FormatUtf8</c> and <c>scope.Format</c>, against <c>Utf8.TryWrite</c> into a
/// pooled byte buffer (the baseline: the fastest allocation-free way the runtime offers), string
/// interpolation, and a reused <see cref="StringBuilder"/>.
/// </summary>
[MemoryDiagnoser]
public class FormattingBenchmarks : IDisposable
{
    private const int Lines = 1_000;
    private readonly AllocBuffer _buffer = new(256 * 1024);
    private readonly StringBuilder _builder = new(64);

    [Benchmark(Baseline = true)]
    public long Utf8TryWrite_PooledBuffer()
    {
        byte[] rented = ArrayPool<byte>.Shared.Rent(64);
        long total = 0;
        for (int i = 0; i < Lines; i++)
        {
            double x = i * 0.25;
            Utf8.TryWrite(rented, $"row {i}: {x:F2}", out int written);
            total += written;
        }

        ArrayPool<byte>.Shared.Return(rented);
        return total;
    }

    [Benchmark]
    public long Arena_FormatUtf8()
    {
        using var scope = _buffer.NoEscape();
        long total = 0;
        for (int i = 0; i < Lines; i++)
        {
            double x = i * 0.25;
            total += scope.FormatUtf8($"row {i}: {x:F2}").Length;
        }

        return total;
    }

    [Benchmark]
    public long Arena_Format()
    {
        using var scope = _buffer.NoEscape();
        long total = 0;
        for (int i = 0; i < Lines; i++)
        {
            double x = i * 0.25;
            total += scope.Format($"row {i}: {x:F2}").Length;
        }

        return total;
    }

    [Benchmark]
    public long StringInterpolation()
    {
        long total = 0;
        for (int i = 0; i < Lines; i++)
        {
            double x = i * 0.25;
            total += $"row {i}: {x:F2}".Length;
        }

        return total;
    }

    [Benchmark]
    public long StringBuilder_Reused()
    {
        long total = 0;
        for (int i = 0; i < Lines; i++)
        {
            double x = i * 0.25;
            _builder.Clear();
            _builder.Append($"row {i}: {x:F2}");
            total += _builder.Length;
        }

        return total;
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _buffer.Dispose();
        GC.SuppressFinalize(this);
    }
}
