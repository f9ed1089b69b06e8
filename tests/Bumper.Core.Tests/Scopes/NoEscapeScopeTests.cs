using Bumper;
using Bumper.Core.Tests.Support;

namespace Bumper.Core.Tests.Scopes;

public sealed class NoEscapeScopeTests
{
    // The seed's f(x): @no_escape, y = @alloc(eltype(x), length(x)), y .= x .+ 1, sum(y).
    private static long SumPlusOne(BumpBuffer buf, ReadOnlySpan<int> x)
    {
        using var scope = buf.NoEscape();
        Span<int> y = scope.Alloc<int>(x.Length);
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = x[i] + 1;
        }

        long sum = 0;
        foreach (int v in y)
        {
            sum += v;
        }

        return sum;
    }

    public static TheoryData<string> BufferKinds => new() { "slab", "alloc", "native", "resize", "chain" };

    internal static BumpBuffer Make(string kind) => kind switch
    {
        "slab" => new SlabBuffer(),
        "alloc" => new AllocBuffer(),
        "native" => AllocBuffer.Native(),
        "resize" => new ResizeBuffer(),
        "chain" => new ChainBuffer(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown buffer kind"),
    };

    [Theory]
    [MemberData(nameof(BufferKinds))]
    public void Scope_returns_the_value_and_restores_the_exact_position(string kind)
    {
        using BumpBuffer buf = Make(kind);
        buf.Alloc<byte>(3); // start from an unaligned position
        Checkpoint before = buf.Save();
        long usedBefore = buf.BytesUsed;

        Assert.Equal(9, SumPlusOne(buf, [1, 2, 3]));

        Assert.Equal(usedBefore, buf.BytesUsed);
        Assert.Equal(before.Position, buf.Save().Position);
    }

    [Fact]
    public void Default_buffer_scope_computes_the_seed_example()
    {
        long before = Bump.DefaultBuffer.BytesUsed;
        long result;
        using (var scope = Bump.NoEscape())
        {
            Span<int> y = scope.Alloc<int>(3);
            ReadOnlySpan<int> x = [1, 2, 3];
            for (int i = 0; i < 3; i++)
            {
                y[i] = x[i] + 1;
            }

            result = y[0] + y[1] + y[2];
            Assert.Equal(before + 12, Bump.DefaultBuffer.BytesUsed);
        }

        Assert.Equal(9, result);
        Assert.Equal(before, Bump.DefaultBuffer.BytesUsed);
    }

    [Theory]
    [MemberData(nameof(BufferKinds))]
    public void Exception_inside_scope_restores_pointer_to_checkpoint(string kind)
    {
        using BumpBuffer buf = Make(kind);
        nuint start = buf.Save().Position;

        var ex = Assert.Throws<InvalidDataException>((Action)(() =>
        {
            using var scope = buf.NoEscape();
            scope.Alloc<long>(100);
            Assert.Equal(800, buf.BytesUsed);
            throw new InvalidDataException("boom");
        }));

        Assert.Equal("boom", ex.Message);
        Assert.Equal(0, buf.BytesUsed);
        Assert.Equal(start, buf.Save().Position);
    }

    [Theory]
    [MemberData(nameof(BufferKinds))]
    public void Nested_scopes_each_restore_their_own_checkpoint(string kind)
    {
        using BumpBuffer buf = Make(kind);
        using (var outer = buf.NoEscape())
        {
            outer.Alloc<long>(4);
            Assert.Equal(32, buf.BytesUsed);
            using (var middle = buf.NoEscape())
            {
                middle.Alloc<long>(8);
                Assert.Equal(96, buf.BytesUsed);
                using (var inner = buf.NoEscape())
                {
                    inner.Alloc<long>(16);
                    Assert.Equal(224, buf.BytesUsed);
                }

                Assert.Equal(96, buf.BytesUsed);
            }

            Assert.Equal(32, buf.BytesUsed);
        }

        Assert.Equal(0, buf.BytesUsed);
    }

    [Fact]
    public void Deep_nesting_of_a_thousand_scopes_unwinds_to_zero()
    {
        var buf = new SlabBuffer(64 * 1024);
        Recurse(buf, 1000);
        Assert.Equal(0, buf.BytesUsed);
        Assert.Equal(1, buf.BlocksInUse);

        static void Recurse(BumpBuffer buf, int depth)
        {
            if (depth == 0)
            {
                Assert.Equal(1000 * 24, buf.BytesUsed);
                return;
            }

            using var scope = buf.NoEscape();
            scope.Alloc<long>(3).Fill(depth);
            Recurse(buf, depth - 1);
        }
    }

    [Theory]
    [MemberData(nameof(BufferKinds))]
    public void Scoped_allocation_allocates_zero_GC_bytes(string kind)
    {
        using BumpBuffer buf = Make(kind);
        buf.IsChecked = false;
        int[] x = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
        // Warm up past tiered compilation: a method's tier-1 code is installed after 30 calls and a
        // delay, and installing it may allocate on the calling thread; none of that belongs below.
        for (int round = 0; round < 3; round++)
        {
            for (int i = 0; i < 100; i++)
            {
                Iteration(buf, x, 0);
            }

            Thread.Sleep(150);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        long total = 0;
        for (int i = 0; i < 1000; i++)
        {
            total += Iteration(buf, x, i);
        }

        long after = GC.GetAllocatedBytesForCurrentThread();
        Assert.Equal(0, after - before);
        Assert.Equal((65L * 1000) + (999L * 1000 / 2), total);

        static long Iteration(BumpBuffer buf, int[] x, int i)
        {
            long total = SumPlusOne(buf, x);
            using var scope = buf.NoEscape();
            var m = scope.Alloc<double>(4, 5);
            m[3, 4] = i;
            return total + (long)m[3, 4];
        }
    }

    [Fact]
    public void Default_buffer_scope_allocates_zero_GC_bytes()
    {
        bool wasChecked = Bump.DefaultBuffer.IsChecked;
        Bump.DefaultBuffer.IsChecked = false;
        try
        {
            ReadOnlySpan<int> x = [1, 2, 3];
            for (int round = 0; round < 3; round++)
            {
                for (int i = 0; i < 100; i++)
                {
                    Touch(x);
                }

                Thread.Sleep(150); // past tiered compilation's installs, as in the test above
            }

            long before = GC.GetAllocatedBytesForCurrentThread();
            long total = 0;
            for (int i = 0; i < 1000; i++)
            {
                total += Touch(x);
            }

            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
            Assert.Equal(9000, total);
        }
        finally
        {
            Bump.DefaultBuffer.IsChecked = wasChecked;
        }

        static long Touch(ReadOnlySpan<int> x)
        {
            using var scope = Bump.NoEscape();
            Span<int> y = scope.Alloc<int>(x.Length);
            long s = 0;
            for (int i = 0; i < x.Length; i++)
            {
                y[i] = x[i] + 1;
                s += y[i];
            }

            return s;
        }
    }

    [Fact]
    public void AllocPtr_through_scope_is_aligned_and_released()
    {
        var buf = new AllocBuffer(4096);
        unsafe
        {
            nuint start = buf.Save().Position;
            buf.Alloc<byte>(1);
            using (var scope = buf.NoEscape())
            {
                void* p = scope.AllocPtr(10, 256);
                Assert.Equal(0u, (uint)((nuint)p % 256));
                Assert.True((nuint)p > start && (nuint)p - start <= 256);
                Assert.Equal((long)((nuint)p - start) + 10, buf.BytesUsed);
            }
        }

        Assert.Equal(1, buf.BytesUsed);
    }

    [Fact]
    public void Zero_length_allocations_work_and_move_nothing()
    {
        var buf = new AllocBuffer(64);
        using var scope = buf.NoEscape();
        Span<long> empty = scope.Alloc<long>(0);
        var emptyMatrix = scope.Alloc<double>(0, 7);
        var emptyCube = scope.Alloc<int>([3, 0, 2]);
        Assert.Equal(0, empty.Length);
        Assert.Equal(0, emptyMatrix.FlattenedLength);
        Assert.Equal(0, emptyMatrix.Rows);
        Assert.Equal(7, emptyMatrix.Columns);
        Assert.True(emptyMatrix.IsEmpty);
        Assert.Equal(0, emptyCube.FlattenedLength);
        Assert.Equal(0, buf.BytesUsed);
    }

    [Fact]
    public void Default_scope_value_disposes_without_effect()
    {
        var buf = new AllocBuffer(64);
        buf.Alloc<int>(2);
        NoEscapeScope none = default;
        none.Dispose();
        Assert.Equal(8, buf.BytesUsed);
    }
}
