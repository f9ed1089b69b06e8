using Bumper;
using Bumper.Core.Tests.Support;

namespace Bumper.Core.Tests.Scopes;

/// <summary><see cref="NoEscapeScope.Resize{T}"/>: in place while last, else moved with its elements.</summary>
public sealed class ResizeTests
{
    public static TheoryData<string> Kinds => BufferKinds.All;

    private static BumpBuffer Make(string kind) => BufferKinds.Make(kind, 1 << 16);

    [Theory]
    [MemberData(nameof(Kinds))]
    public void The_last_allocation_grows_and_shrinks_in_place(string kind)
    {
        using BumpBuffer buf = Make(kind);
        using var scope = buf.NoEscape();
        Span<int> a = scope.Alloc<int>(4);
        a.Fill(7);
        Span<int> grown = scope.Resize(a, 100);
        Assert.Equal(Ptr.Of(a), Ptr.Of(grown));
        Assert.Equal(100, grown.Length);
        Assert.Equal(400, buf.BytesUsed);
        Assert.Equal([7, 7, 7, 7], grown[..4].ToArray());

        Span<int> shrunk = scope.Resize(grown, 10);
        Assert.Equal(Ptr.Of(a), Ptr.Of(shrunk));
        Assert.Equal(40, buf.BytesUsed);
        Assert.Equal(400, buf.PeakBytesUsed);
        Assert.Equal(Ptr.Of(a) + 40, Ptr.Of(scope.Alloc<int>(1)));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void An_allocation_that_is_not_last_moves_with_its_elements_and_the_old_one_stays(string kind)
    {
        using BumpBuffer buf = Make(kind);
        using var scope = buf.NoEscape();
        Span<long> a = scope.Alloc<long>(3);
        a[0] = 1;
        a[1] = 2;
        a[2] = 3;
        Span<byte> b = scope.Alloc<byte>(5);
        b.Fill(9);
        Span<long> moved = scope.Resize(a, 6);
        Assert.Equal(Ptr.Of(b) + 8, Ptr.Of(moved)); // after b, aligned to 8
        Assert.Equal([1L, 2, 3], moved[..3].ToArray());
        Assert.Equal([1L, 2, 3], a.ToArray());
        Assert.Equal(24 + 8 + 48, buf.BytesUsed);

        Span<long> smaller = scope.Resize(a, 2);
        Assert.Equal([1L, 2], smaller.ToArray());
        Assert.Equal(Ptr.Of(moved) + 48, Ptr.Of(smaller));
    }

    [Fact]
    public void An_empty_span_allocates()
    {
        using var buf = new AllocBuffer(1024);
        using var scope = buf.NoEscape();
        Span<short> s = scope.Resize(Span<short>.Empty, 3);
        Assert.Equal(3, s.Length);
        Assert.Equal(6, buf.BytesUsed);
        Assert.Equal(0, scope.Resize(s, 0).Length);
        Assert.Equal(0, buf.BytesUsed);
    }

    [Fact]
    public void A_full_block_refuses_and_leaves_the_buffer_and_the_span_as_they_were()
    {
        using var buf = new AllocBuffer(256);
        using var scope = buf.NoEscape();
        Span<int> a = scope.Alloc<int>(10);
        a.Fill(5);
        scope.Alloc<byte>(1);
        Span<int> last = scope.Alloc<int>(1);
        BufferFullException? ex = null;
        try
        {
            scope.Resize(last, 100);
        }
        catch (BufferFullException e)
        {
            ex = e;
        }

        Assert.NotNull(ex);
        Assert.Equal(400, ex.Requested);
        Assert.Equal(48, ex.Used); // 40, 1, 3 bytes of padding, 4
        Assert.Equal(48, buf.BytesUsed);
        Assert.Equal([5, 5, 5, 5, 5, 5, 5, 5, 5, 5], a.ToArray());
        Assert.Equal(Ptr.Of(last) + 4, Ptr.Of(scope.Alloc<byte>(0)));
    }

    [Fact]
    public void Growing_past_a_chain_block_moves_to_the_next_block()
    {
        using var buf = new ChainBuffer(4096);
        using var scope = buf.NoEscape();
        Span<byte> a = scope.Alloc<byte>(4000);
        a.Fill(3);
        Span<byte> moved = scope.Resize(a, 5000);
        Assert.NotEqual(Ptr.Of(a), Ptr.Of(moved));
        Assert.Equal(2, buf.BlocksInUse);
        Assert.Equal(-1, moved[..4000].IndexOfAnyExcept((byte)3));
        Assert.Equal(4096 + 5000, buf.BytesUsed);
    }

    [Fact]
    public void A_negative_length_is_refused_with_its_name()
    {
        using var buf = new AllocBuffer(256);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() =>
        {
            using var scope = buf.NoEscape();
            scope.Resize(scope.Alloc<int>(2), -1);
        });
        Assert.Equal("newLength", ex.ParamName);
        Assert.Equal(0, buf.BytesUsed);
    }

    [Fact]
    public void Checked_mode_refuses_an_outer_scope_while_an_inner_one_is_open()
    {
        using var buf = new AllocBuffer(1024) { IsChecked = true };
        using var outer = buf.NoEscape();
        Span<int> a = outer.Alloc<int>(2);
        using var inner = buf.NoEscape();
        bool refused = false;
        try
        {
#pragma warning disable BUMP003 // the outer scope is used on purpose: checked mode's refusal is what the test pins
            outer.Resize(a, 4);
#pragma warning restore BUMP003
        }
        catch (InvalidOperationException)
        {
            refused = true;
        }

        Assert.True(refused, "the outer scope's resize is refused");
        Assert.Equal(8, buf.BytesUsed);
    }

    [Fact]
    public void Resizing_allocates_nothing_on_the_GC_heap()
    {
        using var buf = new AllocBuffer(1 << 16);
        using var scope = buf.NoEscape();
        Span<int> a = scope.Resize(scope.Alloc<int>(1), 2);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            a = scope.Resize(a, a.Length + 1);
        }

        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
        Assert.Equal(102, a.Length);
    }
}
