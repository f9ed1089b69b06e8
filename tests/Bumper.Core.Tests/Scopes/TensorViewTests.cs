using System.Numerics.Tensors;
using Bumper;
using Bumper.Core.Tests.Support;

namespace Bumper.Core.Tests.Scopes;

public sealed class TensorViewTests
{
    [Fact]
    public void Matrix_is_row_major_over_one_contiguous_block()
    {
        var buf = new AllocBuffer(1024);
        using var scope = buf.NoEscape();
        TensorSpan<int> m = scope.Alloc<int>(3, 4);
        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < 4; j++)
            {
                m[i, j] = (10 * i) + j;
            }
        }

        Assert.Equal(2, m.Rank);
        Assert.Equal([3, 4], m.Lengths.ToArray());
        Assert.Equal(12, m.FlattenedLength);
        Assert.Equal(48, buf.BytesUsed);
        unsafe
        {
            var flat = new ReadOnlySpan<int>((void*)Ptr.Of(m), 12);
            Assert.Equal([0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23], flat.ToArray());
        }
    }

    [Fact]
    public void Three_dimensional_tensor_indexes_like_a_C_array()
    {
        var buf = new SlabBuffer();
        using var scope = buf.NoEscape();
        TensorSpan<double> t = scope.Alloc<double>([2, 3, 4]);
        t.Fill(0);
        t[1, 2, 3] = 42;
        t[0, 1, 0] = 7;
        unsafe
        {
            var flat = new ReadOnlySpan<double>((void*)Ptr.Of(t), 24);
            Assert.Equal(42, flat[(1 * 12) + (2 * 4) + 3]);
            Assert.Equal(7, flat[4]);
            Assert.Equal(49, TensorPrimitives.Sum(flat));
        }
    }

    [Fact]
    public void Rank_zero_request_gives_one_element()
    {
        var buf = new AllocBuffer(64);
        TensorSpan<long> scalar = buf.Alloc<long>(ReadOnlySpan<nint>.Empty);
        scalar[0] = 5;
        Assert.Equal(1, scalar.FlattenedLength);
        Assert.Equal(8, buf.BytesUsed);
    }

    [Fact]
    public void Custom_allocator_scope_gives_the_same_views()
    {
        var buf = new MyAllocBuffer(1024);
        using (var scope = buf.NoEscape())
        {
            TensorSpan<short> m = scope.Alloc<short>(2, 5);
            m[1, 4] = 9;
            Assert.Equal((nuint)20, buf.Offset);
            Assert.Equal(9, m[1, 4]);
        }

        Assert.Equal((nuint)0, buf.Offset);
    }
}
