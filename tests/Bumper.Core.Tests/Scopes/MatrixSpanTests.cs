using System.Numerics.Tensors;
using Bumper;
using Bumper.Core.Tests.Support;

namespace Bumper.Core.Tests.Scopes;

public sealed class MatrixSpanTests
{
    [Fact]
    public unsafe void Matrix_indexes_row_major_over_one_block()
    {
        var buf = new AllocBuffer(1024);
        using var scope = buf.NoEscape();
        MatrixSpan<int> m = scope.Alloc<int>(3, 4);
        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < 4; j++)
            {
                m[i, j] = (10 * i) + j;
            }
        }

        Assert.Equal(3, m.Rows);
        Assert.Equal(4, m.Columns);
        Assert.Equal(12, m.FlattenedLength);
        Assert.Equal(48, buf.BytesUsed);
        Assert.Equal([0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23], m.AsSpan().ToArray());
        Assert.Equal([20, 21, 22, 23], m.GetRow(2).ToArray());
        Assert.Equal(Ptr.Of(m.AsSpan()) + 16, Ptr.Of(m.GetRow(1)));
    }

    [Theory]
    [InlineData(3, 0, "row")]
    [InlineData(-1, 0, "row")]
    [InlineData(0, 4, "column")]
    [InlineData(2, -5, "column")]
    public void Index_outside_the_matrix_throws_and_names_it(int row, int column, string param)
    {
        var buf = new AllocBuffer(1024);
        MatrixSpan<long> m = buf.Alloc<long>(3, 4);
        try
        {
            m[row, column] = 1;
            Assert.Fail("an index outside the matrix must throw");
        }
        catch (ArgumentOutOfRangeException ex)
        {
            Assert.Equal(param, ex.ParamName);
            Assert.StartsWith($"Index [{row}, {column}] is outside the 3 x 4 matrix.", ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Matrix_converts_to_a_rank_2_TensorSpan_over_the_same_memory()
    {
        var buf = new SlabBuffer();
        using var scope = buf.NoEscape();
        MatrixSpan<double> m = scope.Alloc<double>(2, 3);
        m.Fill(1.5);
        m[1, 2] = 4;
        TensorSpan<double> t = m;
        Assert.Equal(2, t.Rank);
        Assert.Equal([2, 3], t.Lengths.ToArray());
        Assert.Equal(4, t[1, 2]);
        Assert.Equal(Ptr.Of(m.AsSpan()), Ptr.Of(t));
        Assert.Equal(11.5, TensorPrimitives.Sum<double>(m.AsSpan()));
    }

    [Fact]
    public void GetRow_out_of_range_throws()
    {
        var buf = new AllocBuffer(64);
        MatrixSpan<byte> m = buf.Alloc<byte>(2, 2);
        try
        {
            m.GetRow(2);
            Assert.Fail("row 2 of 2 must throw");
        }
        catch (ArgumentOutOfRangeException ex)
        {
            Assert.Equal("row", ex.ParamName);
            Assert.Equal(2L, ex.ActualValue);
            Assert.StartsWith("The matrix has 2 rows; row 2 was asked for.", ex.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(0, 3, true)]
    [InlineData(3, 0, true)]
    [InlineData(0, 0, true)]
    [InlineData(1, 1, false)]
    [InlineData(2, 3, false)]
    public void A_matrix_is_empty_exactly_when_a_length_is_zero(int rows, int columns, bool empty)
    {
        var buf = new AllocBuffer(64);
        MatrixSpan<int> m = buf.Alloc<int>(rows, columns);
        Assert.Equal(empty, m.IsEmpty);
        Assert.Equal((nint)(rows * columns), m.FlattenedLength);
        Assert.Equal(rows * columns, m.AsSpan().Length);
    }

    [Fact]
    public void Fill_writes_every_element_and_nothing_past_the_matrix()
    {
        var buf = new AllocBuffer(64);
        Checkpoint start = buf.Save();
        Span<short> block = buf.Alloc<short>(8);
        block.Fill(-1);
        buf.Restore(start);
        MatrixSpan<short> m = buf.Alloc<short>(2, 3);
        m.Fill(5);
        Assert.Equal([5, 5, 5, 5, 5, 5, -1, -1], block.ToArray());
    }

    // The sizes below are too large to allocate; an allocator that hands out the same few bytes
    // whatever it is asked for makes the views, which refuse before reading any element.
    [Fact]
    public void GetRow_refuses_a_row_longer_than_a_span_can_be_and_takes_one_of_exactly_int_MaxValue()
    {
        var alloc = new SameBytesAllocator();
        using var scope = alloc.NoEscape();
        MatrixSpan<byte> wide = scope.Alloc<byte>(1, unchecked((nint)(1L << 31)));
        try
        {
            wide.GetRow(0);
            Assert.Fail("a row of 2^31 elements must be refused");
        }
        catch (ArgumentOutOfRangeException ex)
        {
            Assert.Equal("row", ex.ParamName);
            Assert.Equal(0L, ex.ActualValue);
            Assert.StartsWith("A row of 2147483648 elements is longer than a span can be; use AsTensorSpan().", ex.Message, StringComparison.Ordinal);
        }

        MatrixSpan<byte> widest = scope.Alloc<byte>(1, int.MaxValue);
        Assert.Equal(int.MaxValue, widest.GetRow(0).Length);
    }

    [Fact]
    public void AsSpan_refuses_a_matrix_with_more_elements_than_a_span_can_hold_and_takes_one_of_exactly_int_MaxValue()
    {
        var alloc = new SameBytesAllocator();
        using var scope = alloc.NoEscape();
        MatrixSpan<byte> large = scope.Alloc<byte>(65_536, 32_768);
        try
        {
            large.AsSpan();
            Assert.Fail("a matrix of 2^31 elements must be refused as one span");
        }
        catch (InvalidOperationException ex)
        {
            Assert.Equal("A 65536 x 32768 matrix has more elements than a span can hold; use AsTensorSpan().", ex.Message);
        }

        Assert.Equal(unchecked((nint)(1L << 31)), large.AsTensorSpan().FlattenedLength);

        MatrixSpan<byte> largest = scope.Alloc<byte>(int.MaxValue, 1);
        Assert.Equal(int.MaxValue, largest.AsSpan().Length);
    }

    private sealed unsafe class SameBytesAllocator : IBumpAllocator
    {
        private readonly byte[] _bytes = GC.AllocateArray<byte>(64, pinned: true);

        public void* AllocPtr(nint byteCount, int alignment) =>
            System.Runtime.CompilerServices.Unsafe.AsPointer(ref _bytes[0]);

        public Checkpoint Save() => default;

        public void Restore(Checkpoint checkpoint)
        {
        }

        public void Reset()
        {
        }
    }

    [Fact]
    public void Custom_allocator_matrix_is_aligned_and_restored()
    {
        var buf = new MyAllocBuffer(256);
        using (var scope = buf.NoEscape())
        {
            scope.Alloc<byte>(1);
            MatrixSpan<long> m = scope.Alloc<long>(2, 2);
            m[1, 1] = 7;
            Assert.Equal((nuint)(8 + 32), buf.Offset);
            Assert.Equal(7, m[1, 1]);
        }

        Assert.Equal((nuint)0, buf.Offset);
    }
}
