using System.Buffers;
using System.Text;
using System.Text.Unicode;
using BenchmarkDotNet.Attributes;

namespace Bumper.Benchmarks;

/// <summary>
/// <see cref="FormattingBenchmarks"/> with integers only (<c>$"row {i}: {i * 7}"</c>): integer formatting is
/// cheap next to a <c>double</c>'s, so the handlers' own work (taking room, literals, finishing) is a larger
/// share of each line and differences in it show.
/// </summary>
[MemoryDiagnoser]
public class IntegerFormattingBenchmarks : IDisposable
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
            Utf8.TryWrite(rented, $"row {i}: {i * 7}", out int written);
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
            total += scope.FormatUtf8($"row {i}: {i * 7}").Length;
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
            total += scope.Format($"row {i}: {i * 7}").Length;
        }

        return total;
    }

    [Benchmark]
    public long StringInterpolation()
    {
        long total = 0;
        for (int i = 0; i < Lines; i++)
        {
            total += $"row {i}: {i * 7}".Length;
        }

        return total;
    }

    [Benchmark]
    public long StringBuilder_Reused()
    {
        long total = 0;
        for (int i = 0; i < Lines; i++)
        {
            _builder.Clear();
            _builder.Append($"row {i}: {i * 7}");
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
