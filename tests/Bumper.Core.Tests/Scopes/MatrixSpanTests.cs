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
