using Bumper;
using Bumper.Core.Tests.Support;

namespace Bumper.Core.Tests.Scopes;

public sealed class CustomAllocatorTests
{
    // The seed: let x = [1, 2, 3], buf = MyAllocBuffer(100); f(x, buf) == 9.
    private static long F(ReadOnlySpan<int> x, MyAllocBuffer buf)
    {
        using var scope = buf.NoEscape();
        Span<int> y = scope.Alloc<int>(x.Length);
        long sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = x[i] + 1;
            sum += y[i];
        }

        return sum;
    }

    [Fact]
    public void Seed_MyAllocBuffer_runs_the_seed_example()
    {
        var buf = new MyAllocBuffer(100);
        Assert.Equal(9, F([1, 2, 3], buf));
        Assert.Equal((nuint)0, buf.Offset);
    }

    [Fact]
    public unsafe void Custom_scope_allocations_are_contiguous_and_restored()
    {
        var buf = new MyAllocBuffer(100);
        using (var outer = buf.NoEscape())
        {
            Span<byte> a = outer.Alloc<byte>(10);
            using (var inner = buf.NoEscape())
            {
                Span<int> b = inner.Alloc<int>(5);
                Assert.Equal(Ptr.Of(a) + 12, Ptr.Of(b));
                Assert.Equal((nuint)32, buf.Offset);
                void* raw = inner.AllocPtr(4, 32);
                Assert.Equal(0u, (uint)((nuint)raw % 32));
            }

            Assert.Equal((nuint)10, buf.Offset);
        }

        Assert.Equal((nuint)0, buf.Offset);
    }

    [Fact]
    public void Custom_allocator_errors_surface_unchanged_and_the_scope_still_restores()
    {
        var buf = new MyAllocBuffer(100);
        Assert.Throws<BufferFullException>(() =>
        {
            using var scope = buf.NoEscape();
            scope.Alloc<byte>(60);
            scope.Alloc<byte>(60);
        });
        Assert.Equal((nuint)0, buf.Offset);
    }

    [Fact]
    public unsafe void Custom_scope_validates_alignment_before_calling_the_allocator()
    {
        var buf = new MyAllocBuffer(100);
        using var scope = buf.NoEscape();
        try
        {
            scope.AllocPtr(8, 24);
            Assert.Fail("alignment 24 must be refused");
        }
        catch (ArgumentException ex)
        {
            Assert.IsType<ArgumentException>(ex);
            Assert.Equal("alignment", ex.ParamName);
            Assert.StartsWith("An alignment must be a power of two up to 4096; 24 was asked for.", ex.Message, StringComparison.Ordinal);
        }

        Assert.Equal((nuint)0, buf.Offset);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-16)]
    public unsafe void Custom_scope_refuses_an_alignment_that_is_not_positive_as_out_of_range(int alignment)
    {
        var buf = new MyAllocBuffer(100);
        using var scope = buf.NoEscape();
        try
        {
            scope.AllocPtr(8, alignment);
            Assert.Fail($"alignment {alignment} must be refused");
        }
        catch (ArgumentOutOfRangeException ex)
        {
            Assert.Equal("alignment", ex.ParamName);
            Assert.Equal(alignment, ex.ActualValue);
            Assert.StartsWith($"An alignment must be a positive power of two up to 4096; {alignment} was asked for.", ex.Message, StringComparison.Ordinal);
        }

        Assert.Equal((nuint)0, buf.Offset);
    }

    [Fact]
    public void Built_in_buffers_work_through_the_interface_too()
    {
        var buf = new AllocBuffer(64);
        Assert.Equal(10, AllocateTenAndRestore(buf));
        Assert.Equal(0, buf.BytesUsed);

        static long AllocateTenAndRestore(IBumpAllocator alloc)
        {
            Checkpoint cp = alloc.Save();
            unsafe
            {
                alloc.AllocPtr(10, 1);
            }

            long used = ((BumpBuffer)alloc).BytesUsed;
            alloc.Restore(cp);
            return used;
        }
    }

    [Fact]
    public void A_custom_scope_refuses_a_null_allocator_by_name()
    {
        var ex = Assert.Throws<ArgumentNullException>(() => { using (BumpAllocatorExtensions.NoEscape<MyAllocBuffer>(null!)) { } });
        Assert.Equal("allocator", ex.ParamName);
    }

    [Fact]
    public void A_custom_scope_names_its_allocator_and_a_default_one_disposes_as_a_no_op()
    {
        var buf = new MyAllocBuffer(64);
        using (var scope = buf.NoEscape())
        {
            Assert.Same(buf, scope.Allocator);
        }

        var unopened = default(NoEscapeScope<MyAllocBuffer>);
        Assert.Null(unopened.Allocator);
        unopened.Dispose();
        Assert.Equal((nuint)0, buf.Offset);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(long.MinValue)]
    public unsafe void A_custom_scope_refuses_a_negative_byte_count_before_calling_the_allocator_and_takes_zero(long byteCount)
    {
        var buf = new MyAllocBuffer(64);
        using var scope = buf.NoEscape();
        scope.AllocPtr(3, 1);
        try
        {
            scope.AllocPtr((nint)byteCount);
            Assert.Fail("a negative byte count must be refused");
        }
        catch (ArgumentOutOfRangeException ex)
        {
            Assert.Equal("byteCount", ex.ParamName);
            Assert.Equal(byteCount, ex.ActualValue);
            Assert.StartsWith($"A byte count must not be negative; {byteCount} was asked for.", ex.Message, StringComparison.Ordinal);
        }

        Assert.Equal((nuint)3, buf.Offset);
        Assert.Equal((nuint)buf.Base + 3, (nuint)scope.AllocPtr(0, 1)); // zero bytes is a valid request
        Assert.Equal((nuint)3, buf.Offset);
    }

    [Fact]
    public unsafe void A_custom_scope_allocates_tensors_aligned_for_their_element_type_and_restores_them()
    {
        var buf = new MyAllocBuffer(256);
        using (var scope = buf.NoEscape())
        {
            Span<byte> first = scope.Alloc<byte>(1);
            System.Numerics.Tensors.TensorSpan<double> t = scope.Alloc<double>([2, 3, 2]);
            Assert.Equal(3, t.Rank);
            Assert.Equal([2, 3, 2], t.Lengths.ToArray());
            Assert.Equal(12, t.FlattenedLength);
            Assert.Equal(Ptr.Of(first) + 8, Ptr.Of(t));
            Assert.Equal((nuint)(8 + (12 * 8)), buf.Offset);
            void* raw = scope.AllocPtr(5); // the default alignment, 16
            Assert.Equal((Ptr.Of(first) + 8 + 96 + 15) & ~(nuint)15, (nuint)raw);
        }

        Assert.Equal((nuint)0, buf.Offset);
    }
}
