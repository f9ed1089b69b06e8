using Bumper;
using Bumper.Core.Tests.Support;

namespace Bumper.Core.Tests.Buffers;

/// <summary>
/// What a growable buffer keeps between rounds: a repeated workload larger than one block meets the
/// allocator in its first round only, what is kept is bounded and visible, and checked mode poisons it.
/// </summary>
public sealed unsafe class RetentionTests
{
    public static TheoryData<string> GrowableKinds => new() { "slab", "chain", "resize" };

    /// <summary>One round: a scope of 40 allocations of 1,000 bytes and one of 20,000 bytes; returns their addresses.</summary>
    private static nuint[] Round(BumpBuffer buf)
    {
        var got = new nuint[41];
        using var scope = buf.NoEscape();
        for (int i = 0; i < 40; i++)
        {
            got[i] = (nuint)scope.AllocPtr(1000, 8);
        }

        got[40] = (nuint)scope.AllocPtr(20_000, 8);
        return got;
    }

    [Theory]
    [MemberData(nameof(GrowableKinds))]
    public void A_repeated_scope_larger_than_a_block_takes_no_memory_after_it_has_settled(string kind)
    {
        // Blocks of 4 KiB, so the scope's 60,000 bytes cross many of them and need a dedicated block.
        using BumpBuffer buf = kind switch
        {
            "slab" => new SlabBuffer(4096),
            "chain" => new ChainBuffer(4096, maxBlockSize: 4096),
            _ => new ResizeBuffer(4096),
        };
        buf.IsChecked = false;

        // A ResizeBuffer settles after one regrow, a slab or chain buffer after its first round.
        int settled = kind == "resize" ? 2 : 1;
        for (int round = 0; round < settled; round++)
        {
            Round(buf);
        }

        long capacity = buf.Capacity;
        nuint[] first = Round(buf);
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        for (int round = 0; round < 10; round++)
        {
            Assert.Equal(first, Round(buf));
        }

        // The addresses array is the only GC allocation of the ten rounds.
        Assert.Equal(10 * (24 + (41 * 8)), GC.GetAllocatedBytesForCurrentThread() - allocated);
        Assert.Equal(capacity, buf.Capacity);
        Assert.Equal(0, buf.BytesUsed);
    }

    [Theory]
    [InlineData("slab")]
    [InlineData("chain")]
    public void The_memory_kept_is_what_the_peak_needed_plus_one_block_and_is_visible(string kind)
    {
        using BumpBuffer buf = kind == "slab" ? new SlabBuffer(4096) : new ChainBuffer(4096, maxBlockSize: 4096);
        buf.IsChecked = false;
        Round(buf);

        // 40 allocations of 1,000 bytes fill ten blocks of 4 KiB (four each); the 20,000 bytes are dedicated.
        Assert.Equal((10 * 4096) + 20_000, buf.Capacity);
        Assert.Equal((9 * 4096) + 20_000, buf.RetainedBytes);
        Assert.Equal(0, buf.BytesUsed);
        Assert.Equal((9 * 4096) + 4000 + 20_000, buf.PeakBytesUsed);
        Assert.True(buf.Capacity <= buf.PeakBytesUsed + 4096);
    }

    [Theory]
    [MemberData(nameof(GrowableKinds))]
    public void MaxRetainedBytes_of_zero_gives_back_everything_a_round_released(string kind)
    {
        using BumpBuffer buf = BufferKinds.Make(kind, 4096);
        buf.IsChecked = false;
        buf.MaxRetainedBytes = 0;
        Round(buf);
        Round(buf);

        Assert.Equal(0, buf.RetainedBytes);
        Assert.Equal(4096, buf.Capacity);
        Assert.Equal(0, buf.MaxRetainedBytes);
    }

    [Fact]
    public void An_empty_resize_buffer_trims_back_to_its_first_size_and_one_in_use_keeps_its_block()
    {
        var buf = new ResizeBuffer(4096);
        Round(buf);
        buf.AllocPtr(8, 8);
        Assert.Equal(60_032, buf.MainCapacity); // regrown to the 60,000-byte peak, rounded up to 64

        buf.TrimExcess();
        Assert.Equal(60_032, buf.MainCapacity);
        Assert.Equal(8, buf.BytesUsed);

        buf.Reset();
        buf.TrimExcess();
        Assert.Equal(4096, buf.MainCapacity);
        Assert.Equal(4096, buf.Capacity);

        // A cap on what it keeps stops its regrows there.
        buf.MaxRetainedBytes = 16_384;
        Round(buf);
        Round(buf);
        Assert.Equal(16_384, buf.MainCapacity);
    }

    [Theory]
    [InlineData("slab")]
    [InlineData("chain")]
    public void Checked_mode_poisons_a_kept_dedicated_block_when_a_restore_releases_it(string kind)
    {
        using BumpBuffer buf = kind == "slab" ? new SlabBuffer(4096) : new ChainBuffer(4096, maxBlockSize: 4096);
        buf.IsChecked = true;
        Checkpoint empty = buf.Save();
        Span<byte> big = buf.Alloc<byte>(20_000);
        big.Fill(7);
        nuint address = Ptr.Of(big);

        buf.Restore(empty);

        Assert.Equal(20_000, buf.RetainedBytes);
        Assert.Equal(Enumerable.Repeat((byte)0xDB, 20_000).ToArray(), new ReadOnlySpan<byte>((void*)address, 20_000).ToArray());
    }

    [Fact]
    public void A_kept_dedicated_block_serves_the_smallest_later_request_it_holds_and_a_miss_frees_the_kept_ones()
    {
        using var buf = new ChainBuffer(4096, maxBlockSize: 4096) { IsChecked = false };
        Checkpoint empty = buf.Save();
        nuint ten = (nuint)buf.AllocPtr(10_000, 8);
        buf.AllocPtr(30_000, 8);
        buf.Restore(empty);
        Assert.Equal(40_000, buf.RetainedBytes);

        // 9,000 bytes take the 10,000-byte block, not the 30,000-byte one.
        Assert.Equal(ten, (nuint)buf.AllocPtr(9000, 8));
        Assert.Equal(4096 + 40_000, buf.Capacity);
        Assert.Equal(10_000, buf.BytesUsed);

        // 50,000 bytes fit no kept block: a new one, and the kept 30,000-byte block goes.
        buf.AllocPtr(50_000, 8);
        Assert.Equal(4096 + 10_000 + 50_000, buf.Capacity);
        Assert.Equal(0, buf.RetainedBytes);
    }

    [Fact]
    public void A_limit_counts_kept_dedicated_blocks_as_free_for_a_new_one()
    {
        using var buf = new ChainBuffer(4096, maxBlockSize: 4096) { IsChecked = false, MaxCapacity = 4096 + 30_000 };
        Checkpoint empty = buf.Save();
        buf.AllocPtr(20_000, 8);
        buf.Restore(empty);

        // 25,000 bytes: the kept 20,000-byte block is too small, and with it the buffer would pass its
        // limit; it is freed once the new block is made, so the request is within the limit.
        buf.AllocPtr(25_000, 8);
        Assert.Equal(4096 + 25_000, buf.Capacity);
        Assert.Equal(0, buf.MaxCapacityRefusals);

        var ex = Assert.Throws<BufferFullException>(() => buf.AllocPtr(31_000, 8));
        Assert.Equal("The buffer reached its MaxCapacity: 31000 bytes were requested; it holds 29096 of the 34096 bytes it may hold (25000 in use), so no block for them can be added. The buffer is unchanged.", ex.Message);
        Assert.Equal((31_000, 25_000, 4096 + 30_000), (ex.Requested, ex.Used, ex.Capacity));
        Assert.Equal(1, buf.MaxCapacityRefusals);
        Assert.Equal(4096 + 25_000, buf.Capacity);
    }

    [Fact]
    public void A_slab_buffer_has_a_limit_too()
    {
        var buf = new SlabBuffer(1024) { IsChecked = false, MaxCapacity = 2048 + 512 };
        buf.AllocPtr(1000, 8);
        buf.AllocPtr(1000, 8);

        // The third slab is only as large as the limit leaves.
        buf.AllocPtr(500, 8);
        Assert.Equal(2048 + 512, buf.Capacity);
        Assert.Throws<BufferFullException>(() => buf.AllocPtr(100, 8));
        Assert.Equal(1, buf.MaxCapacityRefusals);
        Assert.Equal(1024 + 1024 + 500, buf.BytesUsed); // the slabs before the current one count whole
    }

    [Fact]
    public void An_AllocBuffer_keeps_nothing_and_its_limit_cannot_go_below_its_block()
    {
        using var buf = new AllocBuffer(1024);
        buf.TrimExcess();
        buf.MaxRetainedBytes = 0;
        Assert.Equal(0, buf.RetainedBytes);
        Assert.Equal(long.MaxValue, buf.MaxCapacity);
        buf.MaxCapacity = 1024;
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => buf.MaxCapacity = 1023);
        Assert.Equal("A limit must be at least the 1024 bytes the buffer holds now; 1023 was asked for. (Parameter 'value')\nActual value was 1023.", ex.Message);
        Assert.Equal(1024, buf.MaxCapacity);
    }

    [Theory]
    [InlineData("slab")]
    [InlineData("chain")]
    public void A_checked_reset_poisons_every_block_before_the_current_one_whole(string kind)
    {
        using BumpBuffer buf = kind == "slab" ? new SlabBuffer(4096) : new ChainBuffer(4096, maxBlockSize: 4096);
        buf.IsChecked = true;
        var first = (byte*)buf.AllocPtr(4000, 8);
        new Span<byte>(first, 4000).Fill(1);
        var second = (byte*)buf.AllocPtr(4000, 8);
        new Span<byte>(second, 4000).Fill(2);
        var third = (byte*)buf.AllocPtr(100, 8);
        new Span<byte>(third, 100).Fill(3);
        Assert.Equal(3, buf.BlocksInUse);

        buf.Reset();

        // The first two blocks are poisoned from their starts to their ends (their unused tails too),
        // the current one up to where the pointer was.
        Assert.True(new ReadOnlySpan<byte>(first, 4000).IndexOfAnyExcept((byte)0xDB) < 0, "the first block is poisoned");
        Assert.True(new ReadOnlySpan<byte>(second, 4000).IndexOfAnyExcept((byte)0xDB) < 0, "the second block is poisoned");
        Assert.True(new ReadOnlySpan<byte>(third, 100).IndexOfAnyExcept((byte)0xDB) < 0, "the current block is poisoned");
        Assert.Equal(1, buf.BlocksInUse);
        Assert.Equal(3, buf.BlocksHeld);
    }

    [Theory]
    [MemberData(nameof(GrowableKinds))]
    public void A_freed_buffer_keeps_nothing_and_refuses_to_trim_or_take_a_new_bound(string kind)
    {
        BumpBuffer buf = kind switch
        {
            "slab" => new SlabBuffer(4096),
            "chain" => new ChainBuffer(4096, maxBlockSize: 4096),
            _ => new ResizeBuffer(4096),
        };
        Round(buf);
        buf.Dispose();

        Assert.Equal(0, buf.RetainedBytes);
        Assert.Throws<ObjectDisposedException>(() => buf.TrimExcess());
        Assert.Throws<ObjectDisposedException>(() => buf.MaxRetainedBytes = 0);
        Assert.Equal(long.MaxValue, buf.MaxRetainedBytes);
    }

    [Fact]
    public void A_bound_of_exactly_what_is_left_after_the_largest_kept_dedicated_block_frees_only_that_block()
    {
        using var buf = new SlabBuffer(4096) { IsChecked = false };
        long before = buf.Capacity;
        long larger, smaller;
        using (var scope = buf.NoEscape())
        {
            scope.AllocPtr(20_000, 8);
            larger = buf.Capacity - before;
            scope.AllocPtr(10_000, 8);
            smaller = buf.Capacity - before - larger;
        }

        Assert.Equal(larger + smaller, buf.RetainedBytes);
        Assert.Equal(3, buf.BlocksHeld);

        buf.MaxRetainedBytes = smaller;

        Assert.Equal(smaller, buf.RetainedBytes);
        Assert.Equal(2, buf.BlocksHeld);
        Assert.Equal(before + smaller, buf.Capacity);
    }

    [Fact]
    public void A_request_past_the_next_kept_block_takes_the_first_later_one_it_fits_exactly()
    {
        using var buf = new ChainBuffer(4096, maxBlockSize: 65_536) { IsChecked = false };
        Checkpoint empty = buf.Save();
        buf.AllocPtr(4000, 8);
        buf.AllocPtr(8000, 8);
        nuint sixteen = (nuint)buf.AllocPtr(16_000, 8);
        nuint thirtyTwo = (nuint)buf.AllocPtr(32_000, 8);
        Assert.Equal(4096 + 8192 + 16_384 + 32_768, buf.Capacity);
        buf.Restore(empty);

        // The next kept block (8 KiB) is too small; the 16 KiB one holds exactly 16,384 bytes.
        Assert.Equal(sixteen, (nuint)buf.AllocPtr(16_384, 8));
        Assert.NotEqual(thirtyTwo, sixteen);
        Assert.Equal(2, buf.BlocksInUse);
        Assert.Equal(4096 + 8192 + 16_384 + 32_768, buf.Capacity);
    }
}
