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
            Assert.Equal("alignment", ex.ParamName);
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
}
