using Bumper;

namespace Bumper.Core.Tests.Promises;

/// <summary>
/// Where each buffer's memory comes from, as the docs promise: a native AllocBuffer and a SlabBuffer's
/// custom slabs never reach the GC heap; GC buffers' blocks are GC arrays, which need no Dispose.
/// Measured with the GC's count of bytes allocated on this thread, against a 1 MiB block.
/// </summary>
public sealed unsafe class MemoryKindTests
{
    private const int Block = 1 << 20;

    [Fact]
    public void A_native_AllocBuffer_takes_no_GC_memory_for_its_block()
    {
        long gc = GcBytesDuring(() =>
        {
            using AllocBuffer buf = AllocBuffer.Native(Block);
            Assert.True(buf.IsNative);
        });
        Assert.InRange(gc, 0, Block / 16);
    }

    [Fact]
    public void A_SlabBuffers_custom_slab_takes_no_GC_memory()
    {
        var buf = new SlabBuffer(1024);
        long gc = GcBytesDuring(() => buf.AllocPtr(Block, 8));
        Assert.Equal(1, buf.DedicatedBlockCount);
        Assert.InRange(gc, 0, Block / 16);
    }

    [Fact]
    public void A_GC_buffers_blocks_are_GC_arrays()
    {
        Assert.InRange(GcBytesDuring(() => _ = new AllocBuffer(Block)), Block, 2 * Block);

        var slabs = new SlabBuffer(Block);
        slabs.AllocPtr((Block / 2) + 8, 8);
        Assert.InRange(GcBytesDuring(() => slabs.AllocPtr(Block / 2, 8)), Block, 2 * Block); // a second slab
        Assert.Equal(2, slabs.BlocksInUse);

        Assert.InRange(GcBytesDuring(() => _ = new ResizeBuffer(Block)), Block, 2 * Block); // the main block

        var resize = new ResizeBuffer(1024);
        Assert.InRange(GcBytesDuring(() => resize.AllocPtr(Block, 8)), Block, 2 * Block); // an overflow block
        Assert.InRange(GcBytesDuring(resize.Reset), Block, 2 * Block);                     // the main block regrown to the peak
        Assert.Equal(Block, resize.MainCapacity);
    }

    private static long GcBytesDuring(Action action)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
