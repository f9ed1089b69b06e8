using Bumper;
using Bumper.Core.Tests.Scopes;
using Bumper.Internal;

namespace Bumper.Core.Tests.Promises;

/// <summary>A GC-backed <see cref="ResizeBuffer"/> whose peak passes what one GC block holds, with the real limit.</summary>
[Collection(nameof(LargeMemory))]
public sealed unsafe class LargePeakTests
{
    [Fact]
    public void A_resize_buffer_that_held_more_than_2_GiB_regrows_to_the_largest_gc_block_and_keeps_working()
    {
        // Uninitialised GC blocks are committed only where they are written: these cost little RSS.
        var buf = new ResizeBuffer(0);
        Checkpoint empty = buf.Save();
        for (int i = 0; i < 3; i++)
        {
            buf.AllocPtr(800 << 20, 8);
        }

        Assert.Equal(3L * (800 << 20), buf.BytesUsed);
        buf.Restore(empty);

        byte* p = (byte*)buf.AllocPtr(16, 8);
        p[15] = 1;
        Assert.Equal((long)MemoryBlock.MaxGcBlockLength, buf.MainCapacity);
        Assert.Equal(16, buf.BytesUsed);

        buf.Reset();
        buf.AllocPtr(16, 8);
        Assert.Equal(16, buf.BytesUsed);
        Assert.Equal((long)MemoryBlock.MaxGcBlockLength, buf.MainCapacity);
    }
}
