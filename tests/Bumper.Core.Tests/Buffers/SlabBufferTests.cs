using Bumper;
using Bumper.Core.Tests.Support;

namespace Bumper.Core.Tests.Buffers;

public sealed class SlabBufferTests
{
    [Fact]
    public void Default_slab_size_is_256_KiB_with_one_slab()
    {
        var buf = new SlabBuffer();
        Assert.Equal(256 * 1024, buf.SlabSize);
        Assert.Equal(1, buf.BlocksInUse);
        Assert.Equal(256 * 1024, buf.Capacity);
        Assert.Equal(0, buf.DedicatedBlockCount);
    }

    [Fact]
    public void Two_allocations_of_8191_bytes_share_one_16_KiB_slab()
    {
        var buf = new SlabBuffer(16 * 1024);
        using var scope = buf.NoEscape();
        Span<byte> a = scope.Alloc<byte>(8191);
        Span<byte> b = scope.Alloc<byte>(8191);
        Assert.Equal(1, buf.BlocksInUse);
        Assert.Equal(Ptr.Of(a) + 8191, Ptr.Of(b));
        Assert.Equal(16382, buf.BytesUsed);

        Span<byte> c = scope.Alloc<byte>(3); // 2 bytes left: a new slab
        Assert.Equal(2, buf.BlocksInUse);
        Assert.Equal((16 * 1024) + 3, buf.BytesUsed);
        Assert.NotEqual(Ptr.Of(b) + 8191, Ptr.Of(c));
    }

    [Fact]
    public void Nested_scope_that_forces_a_new_slab_drops_it_again()
    {
        var buf = new SlabBuffer(16 * 1024);
        using (var outer = buf.NoEscape())
        {
            outer.Alloc<byte>((16 * 1024) - 10);
            Checkpoint afterOuter = buf.Save();
            for (int i = 0; i < 100; i++)
            {
                using var inner = buf.NoEscape();
                Span<byte> y = inner.Alloc<byte>(20);
                y.Fill((byte)i);
                Assert.Equal(2, buf.BlocksInUse);
                Assert.Equal((16 * 1024) + 20, buf.BytesUsed);
            }

            Assert.Equal(1, buf.BlocksInUse);
            Assert.Equal((16 * 1024) - 10, buf.BytesUsed);
            Assert.Equal(afterOuter.Position, buf.Save().Position);

            // One spare slab is kept, so the loop above allocated one slab, not a hundred.
            Assert.Equal(2 * 16 * 1024, buf.Capacity);
        }

        Assert.Equal(0, buf.BytesUsed);
    }

    [Fact]
    public void Large_allocation_goes_to_a_custom_slab_and_leaves_the_bump_pointer_alone()
    {
        var buf = new SlabBuffer(16 * 1024);
        using (var scope = buf.NoEscape())
        {
            scope.Alloc<byte>(100);
            nuint bump = buf.Save().Position;
            Span<double> big = scope.Alloc<double>(10_000); // 80,000 bytes > one slab
            big.Fill(1.5);
            Assert.Equal(bump, buf.Save().Position);
            Assert.Equal(1, buf.DedicatedBlockCount);
            Assert.Equal(1, buf.BlocksInUse);
            Assert.Equal(100 + 80_000, buf.BytesUsed);
            Assert.Equal(0u, (uint)(Ptr.Of(big) % 8));
            Assert.Equal((16 * 1024) + 80_000, buf.Capacity);

            Span<byte> small = scope.Alloc<byte>(1);
            Assert.Equal(bump, Ptr.Of(small));
        }

        Assert.Equal(0, buf.DedicatedBlockCount);
        Assert.Equal(0, buf.BytesUsed);
        Assert.Equal((16 * 1024) + 80_000, buf.Capacity); // kept for the next round
        Assert.Equal(80_000, buf.RetainedBytes);
    }

    [Fact]
    public void Restoring_keeps_the_slabs_and_custom_slabs_made_after_the_checkpoint_for_the_next_round()
    {
        var buf = new SlabBuffer(1024);
        Checkpoint start = buf.Save();
        for (int i = 0; i < 10; i++)
        {
            buf.Alloc<byte>(1000);
        }

        buf.Alloc<byte>(5000);
        buf.Alloc<byte>(6000);
        Assert.Equal(10, buf.BlocksInUse);
        Assert.Equal(2, buf.DedicatedBlockCount);
        Assert.Equal((10L * 1024) + 11_000, buf.Capacity);

        buf.Restore(start);

        Assert.Equal(1, buf.BlocksInUse);
        Assert.Equal(0, buf.DedicatedBlockCount);
        Assert.Equal((10L * 1024) + 11_000, buf.Capacity);
        Assert.Equal((9L * 1024) + 11_000, buf.RetainedBytes);
        Assert.Equal(0, buf.BytesUsed);

        // The same work again takes no new memory.
        for (int i = 0; i < 10; i++)
        {
            buf.Alloc<byte>(1000);
        }

        buf.Alloc<byte>(5000);
        buf.Alloc<byte>(6000);
        Assert.Equal((10L * 1024) + 11_000, buf.Capacity);
        Assert.Equal(0, buf.RetainedBytes);
    }

    [Fact]
    public void Reset_keeps_every_slab_and_bumps_from_the_first()
    {
        var buf = new SlabBuffer(1024);
        Span<byte> first = buf.Alloc<byte>(1);
        for (int i = 0; i < 5; i++)
        {
            buf.Alloc<byte>(1000);
        }

        buf.Alloc<byte>(4000);
        buf.Reset();
        Assert.Equal(1, buf.BlocksInUse);
        Assert.Equal(0, buf.DedicatedBlockCount);
        Assert.Equal((5 * 1024) + 4000, buf.Capacity); // the first allocation of 1,000 bytes shares the first slab
        Assert.Equal((4 * 1024) + 4000, buf.RetainedBytes);
        Assert.Equal(0, buf.BytesUsed);
        Assert.Equal(Ptr.Of(first), Ptr.Of(buf.Alloc<byte>(1)));

        buf.TrimExcess();
        Assert.Equal(1024, buf.Capacity);
        Assert.Equal(0, buf.RetainedBytes);
        Assert.Equal(1, buf.BytesUsed);
    }

    [Fact]
    public void Invalid_slab_size_throws()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new SlabBuffer(0));
        Assert.Equal("slabSize", ex.ParamName);
    }

    [Fact]
    public void Figures_and_ToString_describe_the_buffer()
    {
        var buf = new SlabBuffer(1024) { IsChecked = false };
        buf.Alloc<byte>(1000);
        buf.Alloc<byte>(100);
        Assert.Equal(1124, buf.BytesUsed);
        Assert.Equal("SlabBuffer(used 1124 B of 2048 B, peak 1124 B, 2 blocks)", buf.ToString());
        buf.Reset();
        Assert.Equal("SlabBuffer(used 0 B of 2048 B, peak 0 B, 1 of 2 blocks in use)", buf.ToString());
    }
}
