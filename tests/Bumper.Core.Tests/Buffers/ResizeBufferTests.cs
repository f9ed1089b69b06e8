using Bumper;
using Bumper.Core.Tests.Support;

namespace Bumper.Core.Tests.Buffers;

public sealed class ResizeBufferTests
{
    [Fact]
    public void Allocation_past_the_main_block_goes_to_an_overflow_block()
    {
        var buf = new ResizeBuffer(1024);
        using var scope = buf.NoEscape();
        Span<byte> a = scope.Alloc<byte>(1000);
        Span<byte> b = scope.Alloc<byte>(100);
        Assert.Equal(1, buf.OverflowCount);
        Assert.Equal(2, buf.BlocksInUse);
        Assert.Equal(1024, buf.MainCapacity);
        Assert.Equal(1000 + 100, buf.BytesUsed); // the main block's unused tail does not count
        Assert.NotEqual(Ptr.Of(a) + 1000, Ptr.Of(b));
        b.Fill(1);
        a.Fill(2);
        Assert.Equal(1, b[99]);
    }

    [Fact]
    public void Peak_counts_the_highest_use_across_blocks()
    {
        var buf = new ResizeBuffer(1024);
        using (var scope = buf.NoEscape())
        {
            scope.Alloc<byte>(1000);
            scope.Alloc<byte>(500);
            using (var inner = buf.NoEscape())
            {
                inner.Alloc<byte>(300);
            }
        }

        Assert.Equal(0, buf.BytesUsed);
        Assert.Equal(1000 + 500 + 300, buf.PeakBytesUsed);
    }

    [Fact]
    public void Next_allocation_while_empty_regrows_the_main_block_to_the_peak()
    {
        var buf = new ResizeBuffer(1024);
        using (var scope = buf.NoEscape())
        {
            scope.Alloc<byte>(1000);
            scope.Alloc<byte>(2000);
        }

        Assert.Equal(1024, buf.MainCapacity); // not before the next allocation
        Assert.Equal(0, buf.OverflowCount);

        using (var scope = buf.NoEscape())
        {
            scope.Alloc<byte>(1000);
            Assert.Equal(3008, buf.MainCapacity); // the peak, 1000 + 2000, rounded up to 64
            scope.Alloc<byte>(2000);
            Assert.Equal(0, buf.OverflowCount);   // the same work now fits the main block
            Assert.Equal(1, buf.BlocksInUse);
        }

        Assert.Equal(3008, buf.Capacity);
    }

    [Fact]
    public void Main_block_never_shrinks()
    {
        var buf = new ResizeBuffer(4096);
        buf.Alloc<byte>(5000);
        buf.Reset();
        Assert.Equal(5056, buf.MainCapacity); // the peak, 5000, rounded up to 64
        buf.Alloc<byte>(10);
        buf.Reset();
        Assert.Equal(5056, buf.MainCapacity);
    }

    [Fact]
    public void Allocation_never_fails_for_want_of_room()
    {
        var buf = new ResizeBuffer(0);
        Span<long> a = buf.Alloc<long>(100_000);
        a[99_999] = 5;
        Assert.Equal(800_000, buf.BytesUsed);
        Assert.Equal(1, buf.OverflowCount);
    }
}
