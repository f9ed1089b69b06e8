using Bumper;

namespace Bumper.Core.Tests.Safety;

public sealed class SizeOverflowTests
{
    [Fact]
    public void Alloc_of_int_max_squared_longs_throws_instead_of_allocating_a_short_block()
    {
        var buf = new SlabBuffer();
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => buf.Alloc<long>(int.MaxValue, int.MaxValue));
        Assert.Equal(
            "The requested allocation (2147483647 x 2147483647 elements of Int64, 8 bytes each) overflows the address space; nothing was allocated.",
            ex.Message);
        Assert.Equal(0, buf.BytesUsed);
        Assert.Equal(0, buf.DedicatedBlockCount);
    }

    [Fact]
    public void Three_dimensional_product_overflow_throws()
    {
        var buf = new AllocBuffer(64);
        using var scope = buf.NoEscape();
        try
        {
            scope.Alloc<byte>([(nint)1 << 22, (nint)1 << 22, (nint)1 << 22]);
            Assert.Fail("an overflowing tensor must throw");
        }
        catch (ArgumentOutOfRangeException ex)
        {
            Assert.Contains("4194304 x 4194304 x 4194304 elements of Byte", ex.Message, StringComparison.Ordinal);
        }

        Assert.Equal(0, buf.BytesUsed);
    }

    [Fact]
    public void Negative_lengths_throw_and_name_the_dimension()
    {
        var buf = new AllocBuffer(64);
        var ex1 = Assert.Throws<ArgumentOutOfRangeException>(() => buf.Alloc<int>(-1));
        Assert.Equal("length", ex1.ParamName);
        Assert.Equal(-1L, ex1.ActualValue);
        var ex2 = Assert.Throws<ArgumentOutOfRangeException>(() => buf.Alloc<int>(3, -2));
        Assert.Equal("lengths[1]", ex2.ParamName);
        Assert.Equal(0, buf.BytesUsed);
    }

    [Fact]
    public unsafe void Negative_byte_count_throws()
    {
        var buf = new AllocBuffer(64);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => { buf.AllocPtr(-5); });
        Assert.Equal("byteCount", ex.ParamName);
        Assert.Equal(0, buf.BytesUsed);
    }

    [Fact]
    public unsafe void Huge_byte_count_in_an_AllocBuffer_throws_BufferFull_not_a_wrapped_pointer()
    {
        var buf = new AllocBuffer(64);
        buf.AllocPtr(1, 1);
        var ex = Assert.Throws<BufferFullException>(() => { buf.AllocPtr(nint.MaxValue, 4096); });
        Assert.Equal(long.MaxValue, ex.Requested);
        Assert.Equal(1, buf.BytesUsed);
    }

    [Fact]
    public void Largest_int_length_of_a_big_struct_does_not_wrap()
    {
        var buf = new AllocBuffer(64);
        Assert.Throws<BufferFullException>(() => buf.Alloc<Guid>(int.MaxValue));
        Assert.Equal(0, buf.BytesUsed);
    }

    [Fact]
    public void The_largest_sizes_that_do_not_overflow_are_refused_as_too_big_for_the_buffer_not_as_overflows()
    {
        var buf = new AllocBuffer(1024);

        // nint.MaxValue / 2 * 2 bytes: the element count is the largest product below nint.MaxValue.
        var bytes = Assert.Throws<BufferFullException>(() => buf.Alloc<byte>(nint.MaxValue / 2, 2));
        Assert.Equal(nint.MaxValue - 1, bytes.Requested);

        // nint.MaxValue / 8 longs: the byte count is the largest multiple of 8 below nint.MaxValue.
        var longs = Assert.Throws<BufferFullException>(() => buf.Alloc<long>(nint.MaxValue / 8, 1));
        Assert.Equal(nint.MaxValue - 7, longs.Requested);
        Assert.Equal(0, buf.BytesUsed);
    }

    [Fact]
    public void A_zero_length_anywhere_gives_an_empty_tensor_even_when_the_other_lengths_overflow()
    {
        var buf = new AllocBuffer(64);
        var empty = buf.Alloc<long>([nint.MaxValue, nint.MaxValue, 0]);
        Assert.Equal(0, empty.FlattenedLength);
        Assert.Equal(3, empty.Rank);
        Assert.Equal(0, buf.BytesUsed);
    }

    [Fact]
    public void A_gc_block_larger_than_an_array_can_be_is_refused_with_the_largest_size()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new AllocBuffer(Array.MaxLength));
        Assert.Equal((long)Array.MaxLength, ex.ActualValue);
        Assert.Equal("capacity", ex.ParamName);
        Assert.StartsWith($"A GC-backed block holds at most {Array.MaxLength - 63} bytes; use a native buffer for more.", ex.Message, StringComparison.Ordinal);

        var resize = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new ResizeBuffer(Array.MaxLength));
        Assert.Equal("capacity", resize.ParamName);
        Assert.Equal((long)Array.MaxLength, resize.ActualValue);
    }
}
