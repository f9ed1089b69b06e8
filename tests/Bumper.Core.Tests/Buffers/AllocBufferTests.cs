using Bumper;
using Bumper.Core.Tests.Support;

namespace Bumper.Core.Tests.Buffers;

public sealed class AllocBufferTests
{
    [Fact]
    public void Default_capacity_is_128_KiB()
    {
        var buf = new AllocBuffer();
        Assert.Equal(128 * 1024, buf.Capacity);
        Assert.Equal(0, buf.BytesUsed);
        Assert.False(buf.IsNative);
    }

    [Fact]
    public unsafe void AllocPtr_advances_by_the_requested_bytes()
    {
        var buf = new AllocBuffer(1024);
        nuint start = buf.Save().Position;
        void* p1 = buf.AllocPtr(10, 1);
        void* p2 = buf.AllocPtr(10, 1);
        void* p3 = buf.AllocPtr(7, 1);
        Assert.Equal(start, Ptr.Of(p1));
        Assert.Equal(start + 10, Ptr.Of(p2));
        Assert.Equal(start + 20, Ptr.Of(p3));
        Assert.Equal(27, buf.BytesUsed);
        Assert.Equal(start + 27, buf.Save().Position);
    }

    [Fact]
    public void Nested_allocations_are_contiguous_modulo_alignment()
    {
        var buf = new AllocBuffer(1024);
        using var outer = buf.NoEscape();
        Span<byte> a = outer.Alloc<byte>(3);
        using var inner = buf.NoEscape();
        Span<int> b = inner.Alloc<int>(5);
        Span<long> c = inner.Alloc<long>(2);
        Span<short> d = inner.Alloc<short>(1);
        Assert.Equal(Ptr.Of(a) + 4, Ptr.Of(b));   // 3 bytes, padded to int alignment 4
        Assert.Equal(Ptr.Of(b) + 20, Ptr.Of(c));  // 4 + 20 = 24 is already aligned to 8
        Assert.Equal(Ptr.Of(c) + 16, Ptr.Of(d));  // 16 bytes, already aligned to 2
        Assert.Equal(4 + 20 + 16 + 2, buf.BytesUsed);
        Span<long> e = inner.Alloc<long>(1);
        Assert.Equal(Ptr.Of(d) + 8, Ptr.Of(e));   // 42 padded to 48
        Assert.Equal(48 + 8, buf.BytesUsed);
    }

    [Fact]
    public void Overfilling_throws_with_the_figures_and_leaves_the_buffer_unchanged()
    {
        var buf = new AllocBuffer(100);
        buf.Alloc<byte>(60);
        Checkpoint before = buf.Save();

        var ex = Assert.Throws<BufferFullException>(() => buf.Alloc<byte>(41));

        Assert.Equal(41, ex.Requested);
        Assert.Equal(60, ex.Used);
        Assert.Equal(100, ex.Capacity);
        Assert.Equal("The buffer is full: 41 bytes were requested, 60 of its 100 bytes are in use, so 40 are free. The buffer is unchanged.", ex.Message);
        Assert.Equal(60, buf.BytesUsed);
        Assert.Equal(before.Position, buf.Save().Position);
        Assert.Equal(40, buf.Alloc<byte>(40).Length); // exactly the rest still fits
    }

    [Fact]
    public void Overfill_counts_alignment_padding_in_the_request()
    {
        var buf = new AllocBuffer(64);
        buf.Alloc<byte>(1);
        var ex = Assert.Throws<BufferFullException>(() => buf.Alloc<long>(8));
        Assert.Equal(7 + 64, ex.Requested);
        Assert.Equal(1, buf.BytesUsed);
    }

    [Fact]
    public void Reset_recovers_an_overfilled_buffer()
    {
        var buf = new AllocBuffer(64);
        buf.Alloc<byte>(64);
        Assert.Throws<BufferFullException>(() => buf.Alloc<byte>(1));
        buf.Reset();
        Assert.Equal(0, buf.BytesUsed);
        Assert.Equal(64, buf.Alloc<byte>(64).Length);
    }

    [Fact]
    public void Native_buffer_frees_idempotently_and_then_refuses_use()
    {
        AllocBuffer buf = AllocBuffer.Native(256);
        Assert.True(buf.IsNative);
        buf.Alloc<int>(4)[3] = 7;
        buf.Free();
        buf.Free();
        buf.Dispose();
        Assert.True(buf.IsDisposed);
        Assert.Equal("AllocBuffer(freed)", buf.ToString());
        var ex = Assert.Throws<ObjectDisposedException>(() => buf.Alloc<int>(1));
        Assert.Contains("has been freed", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ObjectDisposedException>(() => buf.Save());
        Assert.Throws<ObjectDisposedException>(() => buf.Reset());
        Assert.Throws<ObjectDisposedException>(() => { using (buf.NoEscape()) { } });
    }

    [Fact]
    public void Scope_that_outlives_its_freed_buffer_ends_quietly()
    {
        AllocBuffer buf = AllocBuffer.Native(256);
        using (var scope = buf.NoEscape())
        {
            scope.Alloc<int>(4);
            buf.Free();
        } // nothing left to release: no exception, no access to freed memory

        Assert.True(buf.IsDisposed);
        Assert.Equal(0, buf.BytesUsed);
    }

    [Fact]
    public void Gc_buffer_after_dispose_refuses_use()
    {
        var buf = new AllocBuffer(256);
        buf.Dispose();
        Assert.Throws<ObjectDisposedException>(() => buf.Alloc<long>(1));
    }

    [Fact]
    public void Restoring_a_checkpoint_of_another_buffer_throws()
    {
        var a = new AllocBuffer(256) { IsChecked = false };
        var b = new AllocBuffer(256) { IsChecked = false };
        a.Alloc<byte>(10);
        Checkpoint fromA = a.Save();
        var ex = Assert.Throws<InvalidOperationException>(() => b.Restore(fromA));
        Assert.StartsWith("The checkpoint cannot be restored: it does not describe a position this buffer has now", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Negative_capacity_throws()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new AllocBuffer(-1));
        Assert.Equal("capacity", ex.ParamName);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_zero_capacity_buffer_hands_out_empty_blocks_and_refuses_one_byte(bool native)
    {
        using AllocBuffer buf = native ? AllocBuffer.Native(0) : new AllocBuffer(0);
        Assert.Equal(0, buf.Capacity);
        Assert.Equal(native, buf.IsNative);
        Assert.Equal(0, buf.Alloc<int>(0).Length);
        var ex = Assert.Throws<BufferFullException>(() => buf.Alloc<byte>(1));
        Assert.Equal(1, ex.Requested);
        Assert.Equal(0, ex.Capacity);
        Assert.Equal(0, buf.BytesUsed);
    }
}
