using System.Runtime.CompilerServices;
using Bumper;

namespace Bumper.Core.Tests.Defaults;

public sealed class DefaultBufferTests
{
    [Fact]
    public void Same_thread_gets_the_same_default_buffer()
    {
        BumpBuffer a = Bump.DefaultBuffer;
        BumpBuffer b = Bump.DefaultBuffer;
        Assert.Same(a, b);
        Assert.IsType<SlabBuffer>(a);
        Assert.Equal(SlabBuffer.DefaultSlabSize, ((SlabBuffer)a).SlabSize);
    }

    [Fact]
    public void Threads_get_distinct_default_buffers()
    {
        BumpBuffer main = Bump.DefaultBuffer;
        BumpBuffer? other1 = null, other2 = null;
        var t1 = new Thread(() => other1 = Bump.DefaultBuffer);
        var t2 = new Thread(() => other2 = Bump.DefaultBuffer);
        t1.Start();
        t2.Start();
        t1.Join();
        t2.Join();
        Assert.NotNull(other1);
        Assert.NotNull(other2);
        Assert.NotSame(main, other1);
        Assert.NotSame(main, other2);
        Assert.NotSame(other1, other2);
    }

    [Fact]
    public void Parallel_scopes_on_default_buffers_do_not_interfere()
    {
        long[] sums = new long[4];
        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, k =>
        {
            for (int round = 0; round < 200; round++)
            {
                using var scope = Bump.NoEscape();
                Span<int> y = scope.Alloc<int>(100);
                y.Fill(k);
                Thread.Yield();
                long s = 0;
                foreach (int v in y)
                {
                    s += v;
                }

                sums[k] += s;
            }
        });

        Assert.Equal([0, 20_000, 40_000, 60_000], sums);
    }

    [Fact]
    public void UseBuffer_installs_a_default_and_nested_overrides_restore_in_turn()
    {
        BumpBuffer own = Bump.DefaultBuffer;
        var outer = new AllocBuffer(256);
        var inner = new AllocBuffer(256);
        using (Bump.UseBuffer(outer))
        {
            Assert.Same(outer, Bump.DefaultBuffer);
            using (var scope = Bump.NoEscape())
            {
                scope.Alloc<int>(2);
                Assert.Equal(8, outer.BytesUsed);
            }

            using (Bump.UseBuffer(inner))
            {
                Assert.Same(inner, Bump.DefaultBuffer);
                using var scope = Bump.NoEscape();
                scope.Alloc<int>(3);
                Assert.Equal(12, inner.BytesUsed);
                Assert.Equal(0, outer.BytesUsed);
            }

            Assert.Same(outer, Bump.DefaultBuffer);
        }

        Assert.Same(own, Bump.DefaultBuffer);
    }

    [Fact]
    public void UseBuffer_restores_even_when_an_exception_leaves_the_block()
    {
        BumpBuffer own = Bump.DefaultBuffer;
        var other = new AllocBuffer(64);
        Assert.Throws<InvalidDataException>((Action)(() =>
        {
            using (Bump.UseBuffer(other))
            {
                throw new InvalidDataException();
            }
        }));
        Assert.Same(own, Bump.DefaultBuffer);
    }

    [Fact]
    public void UseBuffer_overrides_disposed_out_of_order_throw()
    {
        BumpBuffer own = Bump.DefaultBuffer;
        var a = new AllocBuffer(64);
        var b = new AllocBuffer(64);
        BufferOverride first = Bump.UseBuffer(a);
        BufferOverride second = Bump.UseBuffer(b);
        try
        {
            first.Dispose();
            Assert.Fail("disposing the outer override first must throw");
        }
        catch (InvalidOperationException ex)
        {
            Assert.Contains("out of order", ex.Message, StringComparison.Ordinal);
        }

        second.Dispose();
        first.Dispose();
        Assert.Same(own, Bump.DefaultBuffer);
    }

    [Fact]
    public void ResetDefaultBuffer_releases_everything_on_this_thread()
    {
        BumpBuffer buf = Bump.DefaultBuffer;
        buf.Alloc<byte>(50_000); // leaked on purpose, as Bumper.jl's reset_buffer! example
        Assert.True(buf.BytesUsed >= 50_000);
        Bump.ResetDefaultBuffer();
        Assert.Equal(0, buf.BytesUsed);
        Assert.Equal(1, buf.BlocksInUse);
    }

    [Fact]
    public void Opening_a_scope_on_a_buffer_another_thread_has_a_scope_open_on_throws_in_checked_mode()
    {
        var buf = new SlabBuffer { IsChecked = true };
        using var opened = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        int ownerThread = 0;
        var owner = new Thread(() =>
        {
            using var scope = buf.NoEscape();
            ownerThread = Environment.CurrentManagedThreadId;
            scope.Alloc<int>(4);
            opened.Set();
            release.Wait();
        });
        owner.Start();
        opened.Wait();
        try
        {
            var ex = Assert.Throws<InvalidOperationException>(() => { using (buf.NoEscape()) { } });
            Assert.Equal(
                $"This SlabBuffer has a scope open on thread {ownerThread}; thread {Environment.CurrentManagedThreadId} cannot open one on it too. Use a buffer per thread (Bump.DefaultBuffer is one).",
                ex.Message);
        }
        finally
        {
            release.Set();
            owner.Join();
        }

        // Once the owner's scope is closed, another thread may use the buffer.
        using (var mine = buf.NoEscape())
        {
            Assert.Equal(4, mine.Alloc<int>(4).Length);
        }

        Assert.Equal(0, buf.BytesUsed);
    }

    [Fact]
    public unsafe void Allocating_through_a_scope_smuggled_to_another_thread_throws_in_checked_mode()
    {
        var buf = new SlabBuffer { IsChecked = true };
        using var scope = buf.NoEscape();
#pragma warning disable CS8500 // the test takes a scope's address on purpose, to defeat the compiler's protection
        nint smuggled = (nint)Unsafe.AsPointer(ref Unsafe.AsRef(in scope));
        Exception? caught = null;
        int thiefThread = 0;
        var thief = new Thread(() =>
        {
            thiefThread = Environment.CurrentManagedThreadId;
            try
            {
                ((NoEscapeScope*)smuggled)->Alloc<int>(1);
#pragma warning restore CS8500
            }
            catch (InvalidOperationException ex)
            {
                caught = ex;
            }
        });
        thief.Start();
        thief.Join();
        Assert.NotNull(caught);
        Assert.Equal(
            $"A scope opened on thread {Environment.CurrentManagedThreadId} was used to allocate from thread {thiefThread}; scopes belong to the thread that opened them.",
            caught.Message);
        Assert.Equal(0, buf.BytesUsed);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void A_default_buffer_capacity_that_is_not_positive_is_refused_and_changes_nothing(int capacity)
    {
        int before = Bump.DefaultBufferCapacity;
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Bump.DefaultBufferCapacity = capacity);
        Assert.Equal("value", ex.ParamName);
        Assert.Equal(capacity, ex.ActualValue);
        Assert.StartsWith($"The default buffer's size must be positive; {capacity} was asked for.", ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, Bump.DefaultBufferCapacity);
    }

    [Fact]
    public void UseBuffer_refuses_null_and_keeps_the_default_buffer()
    {
        BumpBuffer before = Bump.DefaultBuffer;
        var ex = Assert.Throws<ArgumentNullException>(() => Bump.UseBuffer(null!));
        Assert.Equal("buffer", ex.ParamName);
        Assert.Same(before, Bump.DefaultBuffer);
    }
}
