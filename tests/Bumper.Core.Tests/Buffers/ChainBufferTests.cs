using Bumper;

namespace Bumper.Core.Tests.Buffers;

public sealed unsafe class ChainBufferTests
{
    [Fact]
    public void Default_buffer_has_one_64_KiB_block_and_no_limit()
    {
        using var buf = new ChainBuffer();
        Assert.Equal(64 * 1024, buf.Capacity);
        Assert.Equal(64 * 1024, buf.CurrentBlockSize);
        Assert.Equal(1024 * 1024, buf.MaxBlockSize);
        Assert.Equal(1, buf.BlocksHeld);
        Assert.Equal(1, buf.BlocksInUse);
        Assert.Equal(long.MaxValue, buf.MaxCapacity);
    }

    [Fact]
    public void Blocks_double_until_the_largest_block_size_then_stay_there()
    {
        using var buf = new ChainBuffer(4096, maxBlockSize: 16384);
        long[] expected = [4096, 8192, 16384, 16384, 16384];
        long capacity = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            // Each block is filled exactly; the next byte takes a new block.
            buf.AllocPtr((nint)expected[i] - (i == 0 ? 0 : 1), 1);
            capacity += expected[i];
            Assert.Equal(expected[i], buf.CurrentBlockSize);
            Assert.Equal(capacity, buf.Capacity);
            Assert.Equal(i + 1, buf.BlocksHeld);
            Assert.Equal(capacity, buf.BytesUsed);
            buf.AllocPtr(1, 1);
            buf.Restore(buf.Save()); // a save and restore in place change nothing
        }

        Assert.Equal(6, buf.BlocksHeld);
        Assert.Equal(capacity + 16384, buf.Capacity);
    }

    [Fact]
    public void An_allocation_larger_than_the_next_block_gets_its_own_and_bumping_carries_on_in_the_current_block()
    {
        using var buf = new ChainBuffer(4096, maxBlockSize: 16384);
        Checkpoint empty = buf.Save();
        byte* a = (byte*)buf.AllocPtr(100, 8);
        byte* big = (byte*)buf.AllocPtr(20000, 8);
        byte* b = (byte*)buf.AllocPtr(8, 8);

        Assert.Equal(1, buf.DedicatedBlockCount);
        Assert.Equal(2, buf.BlocksHeld); // the current block and the dedicated one
        Assert.True(a + 104 == b, "the next small allocation follows the first in the current block");
        Assert.Equal(4096 + 20000, buf.Capacity);
        Assert.Equal(20000 + 112, buf.BytesUsed); // 100, 4 bytes of padding, 8
        new Span<byte>(big, 20000).Fill(7);

        buf.Restore(empty);
        Assert.Equal(0, buf.DedicatedBlockCount);
        Assert.Equal(4096 + 20000, buf.Capacity); // the dedicated block is kept for the next round
        Assert.Equal(20000, buf.RetainedBytes);
        Assert.Equal(0, buf.BytesUsed);
        Assert.Equal(20112, buf.PeakBytesUsed);

        // The next round's large allocation takes the kept block: the same address, no new memory.
        Assert.True(big == (byte*)buf.AllocPtr(20000, 8), "the kept dedicated block is reused");
        Assert.Equal(4096 + 20000, buf.Capacity);
        Assert.Equal(0, buf.RetainedBytes);
    }

    [Fact]
    public void A_large_alignment_sizes_the_dedicated_block_with_its_padding()
    {
        using var buf = new ChainBuffer(4096, maxBlockSize: 4096);
        buf.AllocPtr(4000, 1);
        nuint p = (nuint)buf.AllocPtr(200, 4096);
        Assert.Equal(0u, p % 4096);
        Assert.Equal(1, buf.DedicatedBlockCount);
        Assert.Equal(4096 + 200 + 4095, buf.Capacity);
    }

    [Fact]
    public void A_restore_keeps_one_spare_block_and_the_next_crossing_reuses_it_at_the_same_address()
    {
        using var buf = new ChainBuffer(4096, maxBlockSize: 65536);
        buf.AllocPtr(4000, 1);
        Checkpoint nearlyFull = buf.Save();
        nuint spare = 0;
        for (int round = 0; round < 50; round++)
        {
            nuint p = (nuint)buf.AllocPtr(200, 1);
            spare = round == 0 ? p : spare;
            Assert.Equal(spare, p);
            Assert.Equal(2, buf.BlocksHeld);
            Assert.Equal(4096 + 8192, buf.Capacity);
            buf.Restore(nearlyFull);
            Assert.Equal(2, buf.BlocksHeld);
            Assert.Equal(1, buf.BlocksInUse);
        }
    }

    [Fact]
    public void A_repeated_scope_through_several_blocks_reuses_them_all_at_the_same_addresses()
    {
        using var buf = new ChainBuffer(4096, maxBlockSize: 65536);
        Checkpoint empty = buf.Save();
        nuint[] firstRound = new nuint[4];
        for (int round = 0; round < 20; round++)
        {
            // 4 + 8 + 16 + 32 KiB of blocks, made in the first round and kept.
            nuint[] got = [(nuint)buf.AllocPtr(4096, 1), (nuint)buf.AllocPtr(8192, 1), (nuint)buf.AllocPtr(16384, 1), (nuint)buf.AllocPtr(1000, 1)];
            if (round == 0)
            {
                got.CopyTo(firstRound, 0);
            }

            Assert.Equal(firstRound, got);
            Assert.Equal(4096 + 8192 + 16384 + 32768, buf.Capacity);
            Assert.Equal(4, buf.BlocksHeld);
            Assert.Equal(4, buf.BlocksInUse);
            Assert.Equal(0, buf.RetainedBytes);

            buf.Restore(empty);
            Assert.Equal(4, buf.BlocksHeld);
            Assert.Equal(1, buf.BlocksInUse);
            Assert.Equal(8192 + 16384 + 32768, buf.RetainedBytes);
        }
    }

    [Fact]
    public void Reset_keeps_every_block_and_bumps_from_the_first()
    {
        using var buf = new ChainBuffer(4096, maxBlockSize: 16384);
        nuint first = (nuint)buf.AllocPtr(4096, 1);
        buf.AllocPtr(8192, 1);
        buf.AllocPtr(16384, 1);
        buf.AllocPtr(100, 1); // a fourth block of 16 KiB
        Assert.Equal(4096 + 8192 + 16384 + 16384, buf.Capacity);

        buf.Reset();
        Assert.Equal(4096 + 8192 + 16384 + 16384, buf.Capacity);
        Assert.Equal(8192 + 16384 + 16384, buf.RetainedBytes);
        Assert.Equal(4096, buf.CurrentBlockSize);
        Assert.Equal(4, buf.BlocksHeld);
        Assert.Equal(0, buf.BytesUsed);
        Assert.Equal(0, buf.PeakBytesUsed);
        Assert.Equal(first, (nuint)buf.AllocPtr(4096, 1));

        // Growth past the kept blocks goes on from the last block's size.
        buf.AllocPtr(8192, 1);
        buf.AllocPtr(16384, 1);
        buf.AllocPtr(16384, 1);
        buf.AllocPtr(1, 1);
        Assert.Equal(5, buf.BlocksHeld);
        Assert.Equal(16384, buf.CurrentBlockSize);
    }

    [Fact]
    public void MaxRetainedBytes_returns_the_blocks_furthest_from_use_first_and_TrimExcess_returns_them_all()
    {
        using var buf = new ChainBuffer(4096, maxBlockSize: 16384);
        Checkpoint empty = buf.Save();
        buf.AllocPtr(4096, 1);
        buf.AllocPtr(8192, 1);
        buf.AllocPtr(30000, 8); // a dedicated block: larger than the next 16 KiB block
        buf.AllocPtr(16384, 1);
        buf.Restore(empty);
        Assert.Equal(8192 + 16384 + 30000, buf.RetainedBytes);

        // The kept dedicated block goes first, then chain blocks from the end.
        buf.MaxRetainedBytes = 8192 + 16384;
        Assert.Equal(8192 + 16384, buf.RetainedBytes);
        Assert.Equal(3, buf.BlocksHeld);
        buf.MaxRetainedBytes = 10000;
        Assert.Equal(8192, buf.RetainedBytes);
        Assert.Equal(2, buf.BlocksHeld);

        buf.TrimExcess();
        Assert.Equal(0, buf.RetainedBytes);
        Assert.Equal(1, buf.BlocksHeld);
        Assert.Equal(4096, buf.Capacity);
        Assert.Equal(10000, buf.MaxRetainedBytes);

        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => buf.MaxRetainedBytes = -1);
        Assert.Equal("The memory a buffer keeps cannot be negative; -1 was asked for. (Parameter 'value')\nActual value was -1.", ex.Message);
    }

    [Fact]
    public void Near_the_limit_a_new_block_is_as_large_as_the_limit_leaves_and_past_it_nothing_changes()
    {
        using var buf = new ChainBuffer(4096) { MaxCapacity = 4096 + 5000 };
        buf.AllocPtr(4096, 1);
        Checkpoint full = buf.Save();
        buf.AllocPtr(100, 1);
        Assert.Equal(5000, buf.CurrentBlockSize);
        Assert.Equal(9096, buf.Capacity);
        Assert.Equal(4196, buf.BytesUsed);

        nuint position = (nuint)buf.AllocPtr(0, 1);
        var ex = Assert.Throws<BufferFullException>(() => buf.AllocPtr(6000, 1));
        Assert.Equal(6000, ex.Requested);
        Assert.Equal(4196, ex.Used);
        Assert.Equal(9096, ex.Capacity);
        Assert.Equal(1, buf.MaxCapacityRefusals);
        Assert.Equal(9096, buf.Capacity);
        Assert.Equal(4196, buf.BytesUsed);
        Assert.Equal(4196, buf.PeakBytesUsed);
        Assert.Equal(position, (nuint)buf.AllocPtr(0, 1));
        Assert.Equal(0, buf.DedicatedBlockCount);

        // The checkpoint saved before the refusal is still alive.
        buf.Restore(full);
        Assert.Equal(4096, buf.BytesUsed);
    }

    [Fact]
    public void The_limit_cannot_go_below_the_memory_held()
    {
        using var buf = new ChainBuffer(4096);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => buf.MaxCapacity = 4095);
        Assert.Contains("4095", ex.Message, StringComparison.Ordinal);
        Assert.Contains("4096", ex.Message, StringComparison.Ordinal);
        Assert.Equal(long.MaxValue, buf.MaxCapacity);
        buf.MaxCapacity = 4096;
        Assert.Throws<BufferFullException>(() => buf.AllocPtr(4097, 1));
        Assert.Equal(0, buf.BytesUsed);
    }

    [Fact]
    public void A_first_block_of_zero_bytes_grows_to_the_smallest_block_on_first_use()
    {
        using var buf = new ChainBuffer(0);
        Assert.Equal(0, buf.Capacity);
        buf.AllocPtr(10, 8);
        Assert.Equal(ChainBuffer.MinBlockSize, buf.CurrentBlockSize);
        Assert.Equal(ChainBuffer.MinBlockSize, buf.Capacity);
        Assert.Equal(10, buf.BytesUsed);
    }

    [Fact]
    public void Bad_sizes_are_refused_with_what_was_asked()
    {
        var negative = Assert.Throws<ArgumentOutOfRangeException>(() => new ChainBuffer(-1));
        Assert.Equal("firstBlockSize", negative.ParamName);
        var small = Assert.Throws<ArgumentOutOfRangeException>(() => new ChainBuffer(4096, 4095));
        Assert.Equal("maxBlockSize", small.ParamName);
        Assert.Contains("at least 4096 bytes; 4095 was asked for", small.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Checked_restore_across_blocks_poisons_what_it_releases()
    {
        using var buf = new ChainBuffer(4096) { IsChecked = true };
        byte* a = (byte*)buf.AllocPtr(4000, 1);
        Checkpoint cp = buf.Save();
        byte* b = (byte*)buf.AllocPtr(500, 1);
        new Span<byte>(a, 4000).Fill(1);
        new Span<byte>(b, 500).Fill(2);
        buf.Restore(cp);
        Assert.Equal(-1, new ReadOnlySpan<byte>(b, 500).IndexOfAnyExcept((byte)0xDB));
        Assert.Equal(-1, new ReadOnlySpan<byte>(a, 4000).IndexOfAnyExcept((byte)1));
        Assert.Throws<InvalidOperationException>(() => buf.Restore(new Checkpoint(cp.Position, cp.State + (1L << 32), cp.Serial)));
    }

    [Fact]
    public void Blocks_are_native_memory_so_growing_allocates_nothing_on_the_GC_heap()
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        using var buf = new ChainBuffer(64 * 1024);
        long made = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(made < 1024, $"making the buffer took {made} B of GC memory: its first block is not native");

        // Warm the dedicated-block list, then grow by three chain blocks and a dedicated block.
        Checkpoint empty = buf.Save();
        buf.AllocPtr(200_000, 8);
        buf.Restore(empty);
        before = GC.GetAllocatedBytesForCurrentThread();
        buf.AllocPtr(64 * 1024, 8);
        buf.AllocPtr(128 * 1024, 8);
        buf.AllocPtr(256 * 1024, 8);
        buf.AllocPtr(2_000_000, 8);
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
        Assert.Equal(4, buf.BlocksHeld);
        Assert.Equal(1, buf.DedicatedBlockCount);
    }

    [Fact]
    public void A_dedicated_block_may_take_exactly_what_the_limit_leaves()
    {
        using var buf = new ChainBuffer(4096, maxBlockSize: 4096) { MaxCapacity = 4096 + 10000 };
        buf.AllocPtr(4096, 1);
        buf.AllocPtr(10000, 1); // larger than the next 4 KiB block: a dedicated block of all that is left
        Assert.Equal(buf.MaxCapacity, buf.Capacity);
        Assert.Equal(1, buf.DedicatedBlockCount);
        Assert.Equal(0, buf.MaxCapacityRefusals);
        Assert.Throws<BufferFullException>(() => buf.AllocPtr(1, 1));
        Assert.Equal(1, buf.MaxCapacityRefusals);
    }

    [Fact]
    public void A_block_is_never_more_than_double_the_one_before_it()
    {
        // An odd largest block size: doubling 2 KiB gives 4 KiB, not the 4097-byte cap.
        using var buf = new ChainBuffer(2048, maxBlockSize: 4097);
        buf.AllocPtr(2048, 1);
        buf.AllocPtr(1, 1);
        Assert.Equal(4096, buf.CurrentBlockSize);
        buf.AllocPtr(4095, 1);
        buf.AllocPtr(1, 1);
        Assert.Equal(4097, buf.CurrentBlockSize);
    }

    [Fact]
    public void An_unchecked_dead_checkpoint_past_the_pointer_is_refused_after_a_dedicated_block()
    {
        using var buf = new ChainBuffer(4096) { IsChecked = false };
        Checkpoint empty = buf.Save();
        buf.AllocPtr(100, 1);
        Checkpoint dead = buf.Save();
        buf.Restore(empty);
        nuint big = (nuint)buf.AllocPtr(100_000, 8); // a dedicated block; the pointer stays at the start
        Assert.Equal(1, buf.DedicatedBlockCount);

        var ex = Assert.Throws<InvalidOperationException>(() => buf.Restore(dead));
        Assert.Contains("does not describe a position this buffer has now", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, buf.DedicatedBlockCount);
        Assert.Equal(100_000, buf.BytesUsed);
        Assert.Equal(empty.Position, (nuint)buf.AllocPtr(0, 1));
        Assert.NotEqual(0u, big);
    }

    [Fact]
    public void Checked_restore_to_an_earlier_block_poisons_what_was_allocated_after_the_checkpoint_there()
    {
        using var buf = new ChainBuffer(4096) { IsChecked = true };
        buf.AllocPtr(1000, 1);
        Checkpoint cp = buf.Save();
        byte* tail = (byte*)buf.AllocPtr(50, 1);
        new Span<byte>(tail, 50).Fill(4);
        buf.AllocPtr(4000, 1); // the next block
        Assert.Equal(2, buf.BlocksInUse);
        buf.Restore(cp);
        Assert.Equal(-1, new ReadOnlySpan<byte>(tail, 50).IndexOfAnyExcept((byte)0xDB));
    }

    [Fact]
    public void A_disposed_buffer_refuses_use()
    {
        var buf = new ChainBuffer(4096);
        buf.AllocPtr(5000, 1);
        buf.Dispose();
        Assert.True(buf.IsDisposed);
        Assert.Throws<ObjectDisposedException>(() => buf.AllocPtr(1, 1));
        buf.Dispose();
    }
}
