using Bumper;
using Bumper.Core.Tests.Support;

namespace Bumper.Core.Tests.Promises;

/// <summary>A refused restore changes nothing: the position, the figures and the liveness of every checkpoint.</summary>
public sealed unsafe class RefusedRestoreTests
{
    public static TheoryData<string> Kinds => BufferKinds.All;

    private static BumpBuffer Make(string kind) => BufferKinds.Make(kind, 1 << 16);

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Another_buffers_checkpoint_is_refused_and_every_live_checkpoint_stays_alive(string kind)
    {
        using BumpBuffer a = Make(kind);
        using BumpBuffer b = Make(kind);
        a.IsChecked = true;
        b.IsChecked = true;
        Checkpoint a1 = a.Save();
        a.AllocPtr(100, 8);
        Checkpoint b1 = b.Save();
        Checkpoint a2 = a.Save();
        byte* p = (byte*)a.AllocPtr(50, 8);

        // b1 has the serial a1 has: the refusal must not release a2 on the way.
        Assert.Equal(a1.Serial, b1.Serial);
        var ex = Assert.Throws<InvalidOperationException>(() => a.Restore(b1));
        Assert.Contains("does not describe a position this buffer has now", ex.Message, StringComparison.Ordinal);
        Assert.Equal(154, a.BytesUsed); // 100, 4 bytes of padding to 8, 50
        Assert.Equal(154, a.PeakBytesUsed);

        a.Restore(a2);
        Assert.Equal(100, a.BytesUsed);
        Assert.Equal(a2.Position, a.Save().Position);
        Assert.True((nuint)p >= a2.Position);
        a.Restore(a1);
        Assert.Equal(0, a.BytesUsed);
        Assert.Equal(a1.Position, a.Save().Position);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_dead_checkpoint_is_refused_and_leaves_the_live_ones_alive(string kind)
    {
        using BumpBuffer a = Make(kind);
        a.IsChecked = true;
        Checkpoint a1 = a.Save();
        a.AllocPtr(64, 8);
        Checkpoint a2 = a.Save();
        a.AllocPtr(64, 8);
        Checkpoint a3 = a.Save();
        a.Restore(a2); // a3 is dead now
        a.AllocPtr(200, 8);

        Assert.Throws<InvalidOperationException>(() => a.Restore(a3));
        Assert.Equal(264, a.BytesUsed);
        a.Restore(a2);
        Assert.Equal(64, a.BytesUsed);
        a.Restore(a1);
        Assert.Equal(0, a.BytesUsed);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_refused_scope_close_leaves_the_scope_open_and_closable(string kind)
    {
        using BumpBuffer a = Make(kind);
        a.IsChecked = true;
#pragma warning disable BUMP002 // the scopes are disposed by hand, out of order on purpose: the refusal is what the test pins
        var outer = a.NoEscape();
        a.AllocPtr(32, 8);
        var inner = a.NoEscape();
#pragma warning restore BUMP002
        a.AllocPtr(32, 8);

        try
        {
            outer.Dispose();
            Assert.Fail("disposing the outer scope first must throw in checked mode");
        }
        catch (InvalidOperationException)
        {
        }

        Assert.Equal(64, a.BytesUsed);
        inner.Dispose();
        Assert.Equal(32, a.BytesUsed);
        outer.Dispose();
        Assert.Equal(0, a.BytesUsed);
    }

    [Fact]
    public void An_unchecked_slab_buffer_refuses_a_checkpoint_past_the_pointer_after_a_custom_slab_changed_the_layout()
    {
        var buf = new SlabBuffer(1024) { IsChecked = false };
        Checkpoint low = buf.Save();
        buf.AllocPtr(500, 8);
        Checkpoint high = buf.Save();
        buf.Restore(low);                 // high is now past the pointer: the buffer was restored past it
        buf.AllocPtr(4096, 8);            // a custom slab: the layout changes, the pointer stays
        Assert.Equal(1, buf.DedicatedBlockCount);
        Assert.Equal(4096, buf.BytesUsed);

        var ex = Assert.Throws<InvalidOperationException>(() => buf.Restore(high));
        Assert.Equal("The checkpoint cannot be restored: it does not describe a position this buffer has now (it belongs to another buffer, or the buffer was restored past it or reset).", ex.Message);
        Assert.Equal(4096, buf.BytesUsed);
        Assert.Equal(1, buf.DedicatedBlockCount);

        buf.Restore(low);
        Assert.Equal(0, buf.BytesUsed);
        Assert.Equal(0, buf.DedicatedBlockCount);
        Assert.Equal(1024 + 4096, buf.Capacity); // the custom slab is kept for the next round
    }
}
