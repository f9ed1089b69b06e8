using Bumper;
using Bumper.Core.Tests.Support;

namespace Bumper.Core.Tests.Promises;

/// <summary>The bookkeeping the README promises: peak, and a slab buffer's kept spare slab.</summary>
public sealed unsafe class FiguresTests
{
    [Fact]
    public void Peak_counts_an_allocation_released_by_a_plain_restore()
    {
        var buf = new AllocBuffer(1024) { IsChecked = false };
        Checkpoint cp = buf.Save();
        buf.AllocPtr(100, 1);
        buf.Restore(cp);
        Assert.Equal(0, buf.BytesUsed);
        Assert.Equal(100, buf.PeakBytesUsed);
        buf.AllocPtr(40, 1);
        Assert.Equal(100, buf.PeakBytesUsed);
    }

    [Fact]
    public void Peak_counts_a_scope_released_on_the_fast_path()
    {
        var buf = new SlabBuffer(1024) { IsChecked = false };
        using (var scope = buf.NoEscape())
        {
            scope.AllocPtr(300, 1);
        }

        Assert.Equal(300, buf.PeakBytesUsed);
        buf.Reset();
        Assert.Equal(0, buf.PeakBytesUsed);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_loop_crossing_a_slab_boundary_reuses_the_same_spare_slab(bool isChecked)
    {
        var buf = new SlabBuffer(1024) { IsChecked = isChecked };
        buf.AllocPtr(1000, 8); // nearly full: every scope below crosses into the next slab
        nuint spare = 0;
        long capacity = 0;
        for (int i = 0; i < 50; i++)
        {
            using var scope = buf.NoEscape();
            nuint p = Ptr.Of(scope.AllocPtr(100, 8));
            if (i == 0)
            {
                spare = p;
                capacity = buf.Capacity;
            }

            Assert.Equal(spare, p);
            Assert.Equal(2, buf.BlocksInUse);
        }

        Assert.Equal(2048, capacity);
        Assert.Equal(2048, buf.Capacity); // the spare is kept, and no other slab was made
        Assert.Equal(1, buf.BlocksInUse);
    }

    [Fact]
    public void ToString_says_when_the_buffer_is_checked()
    {
        var buf = new AllocBuffer(1024) { IsChecked = true };
        buf.AllocPtr(96, 8);
        Assert.Equal("AllocBuffer(used 96 B of 1024 B, peak 96 B, 1 block, checked)", buf.ToString());
        buf.IsChecked = false;
        Assert.Equal("AllocBuffer(used 96 B of 1024 B, peak 96 B, 1 block)", buf.ToString());
    }
}
