using Bumper;
using Bumper.Internal;

namespace Bumper.Core.Tests.Promises;

/// <summary>ResizeBuffer's promises: it never refuses, it regrows to the peak while empty, and a correctly nested scope always closes.</summary>
public sealed unsafe class ResizeRegrowthTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_scope_opened_empty_closes_after_the_buffer_regrows_any_number_of_times(bool isChecked)
    {
        var buf = new ResizeBuffer(1024) { IsChecked = isChecked };
        long[] mains = new long[6];
        using (var outer = buf.NoEscape())
        {
            for (int round = 0; round < 6; round++)
            {
                using (var inner = buf.NoEscape())
                {
                    buf.AllocPtr(4000 << (2 * round), 8);
                }

                mains[round] = buf.MainCapacity;
            }
        }

        Assert.Equal(0, buf.BytesUsed);

        // Each round's empty buffer regrew to the previous round's peak before its allocation overflowed.
        Assert.Equal([1024, 4032, 16000, 64000, 256000, 1024000], mains);
        Assert.Equal(0, buf.OverflowCount);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_checkpoint_saved_empty_restores_after_two_regrowths(bool isChecked)
    {
        var buf = new ResizeBuffer(256) { IsChecked = isChecked };
        Checkpoint empty = buf.Save();
        for (int round = 1; round <= 3; round++)
        {
            using (var scope = buf.NoEscape())
            {
                scope.AllocPtr(1000 * round, 8);
            }
        }

        buf.AllocPtr(10, 8);
        Assert.Equal(3008, buf.MainCapacity); // the last peak, 3000, rounded up to 64: the third generation
        buf.Restore(empty);
        Assert.Equal(0, buf.BytesUsed);
        buf.AllocPtr(10, 8);
        Assert.Equal(10, buf.BytesUsed);
    }

    [Fact]
    public void A_non_empty_checkpoint_of_an_earlier_generation_is_refused()
    {
        var buf = new ResizeBuffer(256);
        buf.AllocPtr(8, 8);
        Checkpoint notEmpty = buf.Save();
        buf.AllocPtr(1000, 8);
        buf.Reset(); // regrows: a new generation
        Assert.Equal(1024, buf.MainCapacity);

        Assert.Throws<InvalidOperationException>(() => buf.Restore(notEmpty));
        Assert.Equal(0, buf.BytesUsed);
    }

    [Fact]
    public void The_empty_buffer_regrows_to_the_peak_of_nested_scopes()
    {
        var buf = new ResizeBuffer(1024);
        using (var outer = buf.NoEscape())
        {
            outer.AllocPtr(1000, 8);
            using (var inner = buf.NoEscape())
            {
                inner.AllocPtr(500, 8); // does not fit: an overflow block
                Assert.Equal(1, buf.OverflowCount);
            }
        }

        Assert.Equal(1500, buf.PeakBytesUsed);
        buf.AllocPtr(1, 1);
        Assert.Equal(1536, buf.MainCapacity); // 1500 rounded up to 64
        Assert.Equal(0, buf.OverflowCount);
        Assert.Equal(1536, buf.Capacity);
    }

    [Fact]
    public void An_overflow_block_is_sized_with_its_alignment_padding()
    {
        var buf = new ResizeBuffer(128);
        buf.AllocPtr(200, 4096);
        Assert.Equal(1, buf.OverflowCount);
        Assert.Equal(128 + 200 + 4095, buf.Capacity);
        Assert.Equal(2, buf.BlocksInUse);
    }

    [Fact]
    public void A_request_past_MaxCapacity_is_refused_with_the_figures_and_changes_nothing()
    {
        var buf = new ResizeBuffer(1024) { MaxCapacity = 3000 };
        buf.AllocPtr(1000, 8);
        Checkpoint cp = buf.Save();
        var ex = Assert.Throws<BufferFullException>(() => buf.AllocPtr(2000, 8));
        Assert.Equal(2000, ex.Requested);
        Assert.Equal(1000, ex.Used);
        Assert.Equal(3000, ex.Capacity);
        Assert.Equal(1000, buf.BytesUsed);
        Assert.Equal(1024, buf.Capacity);
        Assert.Equal(0, buf.OverflowCount);
        Assert.Equal(1, buf.MaxCapacityRefusals);

        buf.AllocPtr(1500, 8);  // fits in what the limit leaves: an overflow block of the request
        Assert.Equal(1024 + 1500, buf.Capacity);
        buf.Restore(cp);
        Assert.Equal(1000, buf.BytesUsed);
        Assert.Equal(1024, buf.Capacity); // the restore freed the overflow block
        Assert.Throws<ArgumentOutOfRangeException>(() => buf.MaxCapacity = 1000);
        Assert.Equal(3000, buf.MaxCapacity);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public unsafe void An_empty_buffer_at_the_start_of_an_overflow_block_regrows_into_one_block(bool isChecked)
    {
        var buf = new ResizeBuffer(64) { IsChecked = isChecked };
        byte* p = (byte*)buf.AllocPtr(100, 1);                  // an overflow block of 100 bytes
        Assert.True(buf.TryResizeLast((nuint)p, 100, 0));       // everything given back: empty, in block 1
        Assert.Equal(0, buf.BytesUsed);
        Assert.Equal(2, buf.BlocksInUse);

        Checkpoint empty = buf.Save();                          // names the main block's start, not block 1's
        Assert.Equal(0L, empty.State);
        buf.AllocPtr(200, 1);                                   // no room in block 1: regrow to the peak (128), freeing
        Assert.Equal(128, buf.MainCapacity);                    // block 1, then one overflow block for the 200 bytes
        Assert.Equal(1, buf.OverflowCount);
        Assert.Equal(128 + 200, buf.Capacity);
        Assert.Equal(200, buf.BytesUsed);

        buf.Restore(empty);
        Assert.Equal(0, buf.BytesUsed);
        Assert.Equal(0, buf.OverflowCount);
        Assert.Equal(128, buf.Capacity);
    }

    [Fact]
    public void A_refused_request_on_an_empty_buffer_does_not_regrow_it()
    {
        var buf = new ResizeBuffer(0);
        Checkpoint empty = buf.Save();
        buf.AllocPtr(18000, 8);
        buf.Restore(empty);
        Assert.Equal(0, buf.Capacity);
        buf.MaxCapacity = 50_000;

        // Regrown to the 18,000-byte peak, 65,536 more would pass the limit; refused, nothing changes.
        Assert.Throws<BufferFullException>(() => buf.AllocPtr(65_536, 8));
        Assert.Equal(0, buf.Capacity);
        Assert.Equal(0, buf.MainCapacity);
        Assert.Equal(1, buf.MaxCapacityRefusals);

        // Without regrowing, an overflow block of the request fits under a larger limit: it is taken.
        buf.MaxCapacity = 70_000;
        buf.AllocPtr(65_536, 8);
        Assert.Equal(65_536, buf.Capacity);
        Assert.Equal(0, buf.MainCapacity);
    }

    [Fact]
    public void A_limit_below_the_peak_caps_the_regrown_main_block()
    {
        var buf = new ResizeBuffer(0);
        using (var scope = buf.NoEscape())
        {
            scope.AllocPtr(10_000, 8);
        }

        buf.MaxCapacity = 4_000;                               // below the 10,000-byte peak
        buf.AllocPtr(100, 8);
        Assert.Equal(4_000, buf.MainCapacity);
        Assert.True(buf.Capacity <= buf.MaxCapacity);
    }

    [Fact]
    public void MaxCapacity_may_equal_the_memory_held_but_not_go_below_it()
    {
        var buf = new ResizeBuffer(1024);
        buf.MaxCapacity = 1024;
        Assert.Equal(1024, buf.MaxCapacity);

        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => buf.MaxCapacity = 1023);
        Assert.Equal("value", ex.ParamName);
        Assert.Equal(1023L, ex.ActualValue);
        Assert.StartsWith("A limit must be at least the 1024 bytes the buffer holds now; 1023 was asked for.", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1024, buf.MaxCapacity);

        // At the limit, the main block is all there is: one byte more is refused.
        buf.AllocPtr(1024, 1);
        var full = Assert.Throws<BufferFullException>(() => buf.AllocPtr(1, 1));
        Assert.Equal((1L, 1024L, 1024L), (full.Requested, full.Used, full.Capacity));
    }

    [Fact]
    public void An_empty_buffer_regrows_for_a_request_of_exactly_the_peak_when_the_limit_leaves_no_room_for_an_overflow_block()
    {
        var buf = new ResizeBuffer(1024) { MaxCapacity = 3000 };
        using (var scope = buf.NoEscape())
        {
            scope.AllocPtr(1000, 8);
            scope.AllocPtr(1000, 8); // an overflow block
        }

        Assert.Equal(2000, buf.PeakBytesUsed);
        Assert.Equal(1024, buf.Capacity);

        // The regrown main block (2000 rounded up to 64) holds the request; an overflow block
        // next to the old main block would pass the limit (1024 + 2048 > 3000).
        buf.AllocPtr(2048, 8);
        Assert.Equal(2048, buf.MainCapacity);
        Assert.Equal(0, buf.OverflowCount);
        Assert.Equal(2048, buf.Capacity);
        Assert.Equal(2048, buf.BytesUsed);
        Assert.Equal(0, buf.MaxCapacityRefusals);
    }

    [Fact]
    public void An_empty_buffer_regrows_to_the_peak_before_a_larger_request_takes_an_overflow_block_up_to_the_limit()
    {
        var buf = new ResizeBuffer(1024) { MaxCapacity = 4608 };
        using (var scope = buf.NoEscape())
        {
            scope.AllocPtr(1000, 8);
            scope.AllocPtr(1000, 8); // an overflow block
        }

        // Regrown to 2048, the main block is too small for 2560 bytes, and the limit leaves exactly
        // 4608 - 2048 = 2560 for an overflow block: the buffer regrows, then overflows.
        buf.AllocPtr(2560, 8);
        Assert.Equal(2048, buf.MainCapacity);
        Assert.Equal(1, buf.OverflowCount);
        Assert.Equal(4608, buf.Capacity);
        Assert.Equal(2560, buf.BytesUsed);
        Assert.Equal(0, buf.MaxCapacityRefusals);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_peak_past_the_largest_gc_block_regrows_to_that_block_and_the_buffer_keeps_working(bool isChecked)
    {
        // The largest GC block this thread may make is lowered, so the limit is reached with kilobytes.
        MemoryBlock.GcBlockLimit = 4096;
        try
        {
            var buf = new ResizeBuffer(0) { IsChecked = isChecked };
            Checkpoint empty = buf.Save();
            for (int i = 0; i < 3; i++)
            {
                buf.AllocPtr(1600, 8);
            }

            Assert.Equal(4800, buf.PeakBytesUsed);
            buf.Restore(empty);

            // The regrow cannot make one block of the 4,800-byte peak: it makes the largest it can.
            nuint p = (nuint)buf.AllocPtr(16, 8);
            Assert.Equal(4096, buf.MainCapacity);
            Assert.Equal(0, buf.OverflowCount);
            Assert.Equal(16, buf.BytesUsed);
            Assert.Equal(p + 16, (nuint)buf.AllocPtr(8, 8));

            // A round of the same work fills the main block and overflows again, and resets still work.
            buf.Restore(empty);
            for (int i = 0; i < 3; i++)
            {
                buf.AllocPtr(1600, 8);
            }

            Assert.Equal(4800, buf.BytesUsed);
            Assert.Equal(1, buf.OverflowCount);
            buf.Reset();
            Assert.Equal(0, buf.BytesUsed);
            Assert.Equal(4096, buf.MainCapacity);
            buf.AllocPtr(16, 8);
            Assert.Equal(16, buf.BytesUsed);
        }
        finally
        {
            MemoryBlock.GcBlockLimit = 0;
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_regrow_whose_new_block_cannot_be_allocated_changes_nothing(bool isChecked)
    {
        var buf = new ResizeBuffer(1024) { IsChecked = isChecked };
        Checkpoint empty = buf.Save();
        Span<byte> first = buf.Alloc<byte>(3000);
        first.Fill(7);
        buf.Restore(empty);
        long capacity = buf.Capacity;
        int overflow = buf.OverflowCount;

        // The next allocation regrows the main block to the peak; the system refuses the memory.
        MemoryBlock.RefuseAllocation = 1;
        Assert.Throws<OutOfMemoryException>(() => buf.AllocPtr(16, 8));

        Assert.Equal(0, buf.BytesUsed);
        Assert.Equal(capacity, buf.Capacity);
        Assert.Equal(overflow, buf.OverflowCount);
        Assert.Equal(1024, buf.MainCapacity);

        // Nothing was lost: the regrow happens at the next allocation instead.
        buf.AllocPtr(16, 8);
        Assert.Equal(3008, buf.MainCapacity);
        Assert.Equal(16, buf.BytesUsed);
        buf.Restore(empty);
        Assert.Equal(0, buf.BytesUsed);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_reset_whose_regrow_cannot_be_allocated_still_resets_and_the_next_overflow_regrows(bool isChecked)
    {
        var buf = new ResizeBuffer(1024) { IsChecked = isChecked };
        buf.AllocPtr(1000, 8);
        buf.AllocPtr(2000, 8);
        Assert.Equal(1, buf.OverflowCount);

        // The reset regrows the main block to the 3,000-byte peak; the system refuses the memory.
        MemoryBlock.RefuseAllocation = 1;
        buf.Reset();

        Assert.Equal(0, MemoryBlock.RefuseAllocation);
        Assert.Equal(0, buf.BytesUsed);
        Assert.Equal(0, buf.PeakBytesUsed);
        Assert.Equal(0, buf.OverflowCount);
        Assert.Equal(1024, buf.MainCapacity);

        // The buffer carries on with the block it has, and asks again after the next overflow.
        buf.AllocPtr(16, 8);
        Assert.Equal(1024, buf.MainCapacity);
        buf.AllocPtr(3000, 8);
        Assert.Equal(1, buf.OverflowCount);
        Assert.Equal(3016, buf.BytesUsed);
        buf.Reset();
        Assert.Equal(3072, buf.MainCapacity);
        Assert.Equal(0, buf.OverflowCount);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_request_past_the_largest_gc_block_is_refused_without_regrowing(bool isChecked)
    {
        MemoryBlock.GcBlockLimit = 4096;
        try
        {
            var buf = new ResizeBuffer(1024) { IsChecked = isChecked };
            Checkpoint empty = buf.Save();
            buf.AllocPtr(3000, 8);
            buf.Restore(empty);

            // The regrow to the peak would fit, but the request needs an overflow block no GC array holds.
            var ex = Assert.Throws<ArgumentOutOfRangeException>(() => buf.AllocPtr(5000, 8));

            Assert.Equal("A GC-backed block holds at most 4096 bytes; use a native buffer for more. (Parameter 'byteCount')\nActual value was 5000.", ex.Message);
            Assert.Equal(1024, buf.MainCapacity);
            Assert.Equal(1024, buf.Capacity);
            Assert.Equal(0, buf.BytesUsed);
            buf.AllocPtr(16, 8);
            Assert.Equal(3008, buf.MainCapacity);
        }
        finally
        {
            MemoryBlock.GcBlockLimit = 0;
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_regrow_whose_overflow_block_cannot_be_allocated_changes_nothing(bool isChecked)
    {
        var buf = new ResizeBuffer(1024) { IsChecked = isChecked };
        Checkpoint empty = buf.Save();
        buf.AllocPtr(3000, 8);
        buf.Restore(empty);

        // The regrow to 3,008 bytes is allocated, then the 5,000-byte overflow block is refused.
        MemoryBlock.RefuseAllocation = 2;
        Assert.Throws<OutOfMemoryException>(() => buf.AllocPtr(5000, 8));

        Assert.Equal(1024, buf.MainCapacity);
        Assert.Equal(1024, buf.Capacity);
        Assert.Equal(0, buf.OverflowCount);
        Assert.Equal(0, buf.BytesUsed);
        buf.AllocPtr(5000, 8);
        Assert.Equal(3008, buf.MainCapacity);
        Assert.Equal(1, buf.OverflowCount);
        Assert.Equal(5000, buf.BytesUsed);
    }
}
