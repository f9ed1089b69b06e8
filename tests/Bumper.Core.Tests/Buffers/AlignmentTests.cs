using System.Runtime.Intrinsics;
using Bumper;
using Bumper.Core.Tests.Support;

namespace Bumper.Core.Tests.Buffers;

public sealed class AlignmentTests
{
#pragma warning disable CS0649 // only the layout of these structs matters
    private struct Three
    {
        public byte A, B, C;
    }

    private struct Twelve
    {
        public int A, B, C;
    }
#pragma warning restore CS0649

    [Fact]
    public void Alloc_aligns_to_at_least_the_natural_alignment_of_T()
    {
        var buf = new AllocBuffer(4096);
        for (int i = 0; i < 3; i++)
        {
            buf.Alloc<byte>(1);
            Assert.Equal(0u, (uint)(Ptr.Of(buf.Alloc<short>(1)) % 2));
            buf.Alloc<byte>(1);
            Assert.Equal(0u, (uint)(Ptr.Of(buf.Alloc<int>(1)) % 4));
            buf.Alloc<byte>(1);
            Assert.Equal(0u, (uint)(Ptr.Of(buf.Alloc<double>(1)) % 8));
            buf.Alloc<byte>(1);
            Assert.Equal(0u, (uint)(Ptr.Of(buf.Alloc<Twelve>(1)) % 4));
            buf.Alloc<byte>(1);
            Assert.Equal(0u, (uint)(Ptr.Of(buf.Alloc<Vector128<float>>(1)) % 16));
            buf.Alloc<byte>(1);
            Assert.Equal(0u, (uint)(Ptr.Of(buf.Alloc<Vector256<float>>(1)) % 32));
        }
    }

    [Fact]
    public void Types_with_byte_alignment_are_packed_tightly()
    {
        var buf = new AllocBuffer(256);
        Span<Three> a = buf.Alloc<Three>(1);
        Span<Three> b = buf.Alloc<Three>(1);
        Assert.Equal(Ptr.Of(a) + 3, Ptr.Of(b));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(64)]
    [InlineData(1024)]
    [InlineData(4096)]
    public unsafe void AllocPtr_honours_every_power_of_two_up_to_4096(int alignment)
    {
        var buf = new AllocBuffer(16 * 1024);
        buf.AllocPtr(1, 1);
        void* p = buf.AllocPtr(5, alignment);
        Assert.Equal(0u, (uint)((nuint)p % (nuint)alignment));
        void* q = buf.AllocPtr(5, alignment);
        Assert.Equal(0u, (uint)((nuint)q % (nuint)alignment));
        Assert.True((nuint)q >= (nuint)p + 5);
        Assert.True((nuint)q - (nuint)p < (nuint)(5 + alignment));
    }

    [Fact]
    public unsafe void AllocPtr_defaults_to_16_byte_alignment()
    {
        var buf = new AllocBuffer(256);
        buf.AllocPtr(1, 1);
        Assert.Equal(0u, (uint)((nuint)buf.AllocPtr(8) % 16));
        Assert.Equal(16 + 8, buf.BytesUsed);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(12)]
    [InlineData(8192)]
    [InlineData(int.MinValue)]
    public unsafe void Invalid_alignment_throws_ArgumentException(int alignment)
    {
        var buf = new AllocBuffer(256);
        var ex = Assert.ThrowsAny<ArgumentException>(() => { buf.AllocPtr(8, alignment); });
        Assert.Equal("alignment", ex.ParamName);
        Assert.Contains($"{alignment} was asked for", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, buf.BytesUsed);
    }

    [Fact]
    public unsafe void Zero_alignment_throws_ArgumentOutOfRangeException()
    {
        var buf = new AllocBuffer(256);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => { buf.AllocPtr(8, 0); });
        Assert.Equal("alignment", ex.ParamName);
    }

    [Fact]
    public unsafe void Slab_and_custom_slab_allocations_honour_large_alignments()
    {
        var buf = new SlabBuffer(1024);
        buf.AllocPtr(1, 1);
        void* p = buf.AllocPtr(2000, 4096); // larger than a slab: a custom slab
        Assert.Equal(0u, (uint)((nuint)p % 4096));
        Assert.Equal(1, buf.DedicatedBlockCount);
        new Span<byte>(p, 2000).Fill(7);

        // Fits the slab or not depending on where the next 2048 boundary falls; aligned either way.
        void* q = buf.AllocPtr(600, 2048);
        Assert.Equal(0u, (uint)((nuint)q % 2048));
        new Span<byte>(q, 600).Fill(7);
    }

    [Fact]
    public unsafe void Resize_overflow_honours_large_alignments()
    {
        var buf = new ResizeBuffer(128);
        void* p = buf.AllocPtr(200, 4096);
        Assert.Equal(0u, (uint)((nuint)p % 4096));
        new Span<byte>(p, 200).Fill(1);
    }
}
