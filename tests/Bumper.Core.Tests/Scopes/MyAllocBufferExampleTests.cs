using Bumper;
using Bumper.Core.Tests.Support;

namespace Bumper.Core.Tests.Scopes;

/// <summary>The README's custom allocator (examples/CustomAllocator/MyAllocBuffer.cs), on its own.</summary>
public sealed class MyAllocBufferExampleTests
{
    private static unsafe nuint AlignUp(byte* address, nuint alignment) =>
        ((nuint)address + alignment - 1) & ~(alignment - 1);

    [Fact]
    public unsafe void AllocPtr_aligns_the_address_not_the_offset()
    {
        var buf = new MyAllocBuffer(256);
        void* first = buf.AllocPtr(1, 1);
        Assert.Equal((nuint)buf.Base, Ptr.Of(first));
        Assert.Equal((nuint)1, buf.Offset);

        void* second = buf.AllocPtr(8, 64);
        nuint expected = AlignUp(buf.Base + 1, 64);
        Assert.Equal(expected, Ptr.Of(second));
        Assert.Equal((nuint)0, Ptr.Of(second) % 64);
        Assert.Equal(expected - (nuint)buf.Base + 8, buf.Offset);
    }

    [Fact]
    public unsafe void Scope_allocations_get_their_natural_alignment_and_are_released()
    {
        var buf = new MyAllocBuffer(256);
        using (var scope = buf.NoEscape())
        {
            Span<byte> a = scope.Alloc<byte>(3);
            Span<long> b = scope.Alloc<long>(2);
            Assert.Equal((nuint)buf.Base, Ptr.Of(a));
            Assert.Equal(AlignUp(buf.Base + 3, 8), Ptr.Of(b));
            Assert.Equal(AlignUp(buf.Base + 3, 8) - (nuint)buf.Base + 16, buf.Offset);
        }

        Assert.Equal((nuint)0, buf.Offset);
    }

    [Fact]
    public unsafe void Zero_size_buffer_throws_BufferFullException_for_a_non_empty_request()
    {
        var buf = new MyAllocBuffer(0);
        var ex = Assert.Throws<BufferFullException>(() => buf.AllocPtr(1, 1));
        Assert.Equal(1, ex.Requested);
        Assert.Equal(0, ex.Used);
        Assert.Equal(0, ex.Capacity);
        Assert.Equal((nuint)0, buf.Offset);

        Assert.Throws<BufferFullException>(() =>
        {
            using var scope = buf.NoEscape();
            scope.Alloc<int>(1);
        });
        Assert.Equal((nuint)0, buf.Offset);
    }

    [Fact]
    public unsafe void Zero_size_buffer_returns_an_aligned_address_for_a_zero_length_request()
    {
        var buf = new MyAllocBuffer(0);
        void* p = buf.AllocPtr(0, 16);
        Assert.Equal(AlignUp(buf.Base, 16), Ptr.Of(p));
        Assert.Equal((nuint)0, buf.Offset);

        using (var scope = buf.NoEscape())
        {
            Span<long> empty = scope.Alloc<long>(0);
            Assert.Equal(0, empty.Length);
            Assert.Equal(AlignUp(buf.Base, 8), Ptr.Of(empty));
        }

        Assert.Equal((nuint)0, buf.Offset);
    }

    [Fact]
    public unsafe void A_request_past_the_end_reports_the_padding_and_leaves_the_offset()
    {
        var buf = new MyAllocBuffer(16);
        buf.AllocPtr(9, 1);
        var ex = Assert.Throws<BufferFullException>(() => buf.AllocPtr(8, 1));
        Assert.Equal(8, ex.Requested);
        Assert.Equal(9, ex.Used);
        Assert.Equal(16, ex.Capacity);
        Assert.Equal((nuint)9, buf.Offset);
    }

    [Fact]
    public unsafe void Restore_returns_to_the_saved_offset_and_Reset_to_zero()
    {
        var buf = new MyAllocBuffer(64);
        buf.AllocPtr(5, 1);
        Checkpoint cp = buf.Save();
        buf.AllocPtr(20, 1);
        Assert.Equal((nuint)25, buf.Offset);
        buf.Restore(cp);
        Assert.Equal((nuint)5, buf.Offset);
        buf.Reset();
        Assert.Equal((nuint)0, buf.Offset);
    }
}
