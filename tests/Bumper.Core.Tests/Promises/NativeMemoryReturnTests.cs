using System.Runtime.CompilerServices;
using Bumper;
using Bumper.Internal;

namespace Bumper.Core.Tests.Promises;

/// <summary>
/// Tests that count the process's live native blocks: no other test may allocate or free native
/// memory while they run.
/// </summary>
[CollectionDefinition(nameof(NativeBlockCount), DisableParallelization = true)]
public sealed class NativeBlockCount
{
}

/// <summary>
/// Every native block a buffer takes goes back: when the buffer is freed, when a restore or reset
/// releases it, and through the finalizer when a buffer is dropped without being freed. Counted with
/// <see cref="MemoryBlock.LiveNativeBlocks"/>, so a leak fails a test instead of going unseen.
/// </summary>
[Collection(nameof(NativeBlockCount))]
public sealed unsafe class NativeMemoryReturnTests
{
    /// <summary>The live native blocks once every buffer dropped by earlier tests has been finalized.</summary>
    private static long Settled()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return MemoryBlock.LiveNativeBlocks;
    }

    /// <summary>A chain buffer of a 1 KiB block then 4 KiB blocks (the smallest after the first), grown to 3 blocks and 2 dedicated blocks.</summary>
    private static ChainBuffer GrownChain()
    {
        var buf = new ChainBuffer(1024, maxBlockSize: 4096);
        for (int i = 0; i < 6; i++)
        {
            buf.AllocPtr(1000, 8);
        }

        buf.AllocPtr(10_000, 8);
        buf.AllocPtr(10_000, 8);
        return buf;
    }

    [Fact]
    public void Freeing_a_chain_buffer_returns_every_block_and_dedicated_block()
    {
        long before = Settled();
        ChainBuffer buf = GrownChain();
        Assert.Equal((5, 2), (buf.BlocksHeld, buf.DedicatedBlockCount));
        Assert.Equal(before + 5, MemoryBlock.LiveNativeBlocks);

        buf.Dispose();

        Assert.Equal(before, MemoryBlock.LiveNativeBlocks);
    }

    [Fact]
    public void A_chain_buffers_restore_keeps_its_blocks_for_the_next_round_and_a_trim_returns_them()
    {
        long before = Settled();
        using var buf = new ChainBuffer(1024, maxBlockSize: 4096);
        Checkpoint start = buf.Save();
        for (int round = 0; round < 3; round++)
        {
            for (int i = 0; i < 10; i++)
            {
                buf.AllocPtr(1000, 8);
            }

            buf.AllocPtr(10_000, 8);
            Assert.Equal((5, 1), (buf.BlocksHeld, buf.DedicatedBlockCount));
            Assert.Equal(before + 5, MemoryBlock.LiveNativeBlocks);

            buf.Restore(start);

            // Kept: the second round takes no new native block.
            Assert.Equal((5, 0), (buf.BlocksHeld, buf.DedicatedBlockCount));
            Assert.Equal(before + 5, MemoryBlock.LiveNativeBlocks);
        }

        buf.TrimExcess();

        Assert.Equal((1, 0), (buf.BlocksHeld, buf.DedicatedBlockCount));
        Assert.Equal(before + 1, MemoryBlock.LiveNativeBlocks);
    }

    [Fact]
    public void A_chain_buffers_reset_keeps_every_block_within_MaxRetainedBytes()
    {
        long before = Settled();
        using ChainBuffer buf = GrownChain();

        buf.Reset();

        Assert.Equal((5, 0), (buf.BlocksHeld, buf.DedicatedBlockCount));
        Assert.Equal(before + 5, MemoryBlock.LiveNativeBlocks);

        // Nothing kept: the dedicated blocks and the chain's later blocks go.
        buf.MaxRetainedBytes = 0;

        Assert.Equal(1, buf.BlocksHeld);
        Assert.Equal(before + 1, MemoryBlock.LiveNativeBlocks);
        buf.AllocPtr(10_000, 8);
        Assert.Equal(before + 2, MemoryBlock.LiveNativeBlocks);
        buf.Reset();
        Assert.Equal(before + 1, MemoryBlock.LiveNativeBlocks);
    }

    [Fact]
    public void A_slab_buffers_custom_slabs_are_kept_by_a_restore_and_go_back_with_a_trim_and_with_the_buffer()
    {
        long before = Settled();
        var buf = new SlabBuffer(1024);
        Checkpoint start = buf.Save();
        nuint first = (nuint)buf.AllocPtr(4096, 8);
        Assert.Equal(before + 1, MemoryBlock.LiveNativeBlocks);

        buf.Restore(start);
        Assert.Equal(before + 1, MemoryBlock.LiveNativeBlocks);
        Assert.Equal(first, (nuint)buf.AllocPtr(4096, 8));
        buf.Restore(start);
        buf.TrimExcess();
        Assert.Equal(before, MemoryBlock.LiveNativeBlocks);

        // Four live, then four kept: the lists are then exactly full, so a loop one past their end would fail.
        for (int i = 0; i < 4; i++)
        {
            buf.AllocPtr(4096, 8);
        }

        Assert.Equal(4, buf.DedicatedBlockCount);
        Assert.Equal(before + 4, MemoryBlock.LiveNativeBlocks);
        buf.Restore(start);
        Assert.Equal(before + 4, MemoryBlock.LiveNativeBlocks);
        buf.Dispose();

        Assert.Equal(before, MemoryBlock.LiveNativeBlocks);
    }

    [Fact]
    public void A_native_AllocBuffer_returns_its_block_when_freed_and_a_GC_one_holds_none()
    {
        long before = Settled();
        AllocBuffer native = AllocBuffer.Native(4096);
        using var gc = new AllocBuffer(4096);
        Assert.Equal(before + 1, MemoryBlock.LiveNativeBlocks);

        native.Free();

        Assert.Equal(before, MemoryBlock.LiveNativeBlocks);
    }

    [Fact]
    public void Buffers_dropped_without_being_freed_return_their_native_blocks_when_finalized()
    {
        long before = Settled();
        MakeAndDrop();
        Assert.Equal(before + 5 + 5 + 4 + 4 + 1, MemoryBlock.LiveNativeBlocks);

        Assert.Equal(before, Settled());

        // Each kind once with its blocks live and once with them kept.
        [MethodImpl(MethodImplOptions.NoInlining)]
        static void MakeAndDrop()
        {
            _ = GrownChain();
            GrownChain().Reset();
            var slabs = new SlabBuffer(1024);
            var kept = new SlabBuffer(1024);
            Checkpoint empty = kept.Save();
            for (int i = 0; i < 4; i++)
            {
                slabs.AllocPtr(4096, 8);
                kept.AllocPtr(4096, 8);
            }

            kept.Restore(empty);
            _ = AllocBuffer.Native(4096);
        }
    }
}
