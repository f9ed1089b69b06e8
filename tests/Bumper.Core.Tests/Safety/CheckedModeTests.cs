using Bumper;
using Bumper.Core.Tests.Support;

namespace Bumper.Core.Tests.Safety;

public sealed class CheckedModeTests
{
    public static TheoryData<string> BufferKinds => Scopes.NoEscapeScopeTests.BufferKinds;

    /// <summary>A new buffer of <paramref name="kind"/> in checked mode.</summary>
    internal static BumpBuffer Checked(string kind)
    {
        BumpBuffer buf = Scopes.NoEscapeScopeTests.Make(kind);
        buf.IsChecked = true;
        return buf;
    }

    [Theory]
    [MemberData(nameof(BufferKinds))]
    public void Allocating_through_an_outer_scope_while_an_inner_one_is_open_throws(string kind)
    {
        using BumpBuffer buf = Checked(kind);
        using var outer = buf.NoEscape();
        outer.Alloc<int>(1);
        using var inner = buf.NoEscape();
        inner.Alloc<int>(1);
        long used = buf.BytesUsed;
        try
        {
#pragma warning disable BUMP003 // the outer scope is used on purpose: checked mode's refusal is what the test pins
            outer.Alloc<int>(1);
#pragma warning restore BUMP003
            Assert.Fail("allocating through the outer scope must throw");
        }
        catch (InvalidOperationException ex)
        {
            Assert.Equal("An outer scope allocated while an inner scope is still open; allocate through the innermost scope, or close the inner one first.", ex.Message);
        }

        Assert.Equal(used, buf.BytesUsed);
    }

    [Theory]
    [MemberData(nameof(BufferKinds))]
    public void Disposing_scopes_out_of_order_throws(string kind)
    {
        using BumpBuffer buf = Checked(kind);
#pragma warning disable BUMP002 // the scopes are disposed by hand, out of order on purpose: the refusal is what the test pins
        var outer = buf.NoEscape();
        var inner = buf.NoEscape();
#pragma warning restore BUMP002
        try
        {
            outer.Dispose();
            Assert.Fail("disposing the outer scope first must throw");
        }
        catch (InvalidOperationException ex)
        {
            Assert.StartsWith("Scopes were disposed out of order", ex.Message, StringComparison.Ordinal);
        }

        inner.Dispose();
        outer.Dispose();
        Assert.Equal(0, buf.BytesUsed);
    }

    [Theory]
    [MemberData(nameof(BufferKinds))]
    public void Restoring_a_dead_checkpoint_throws(string kind)
    {
        using BumpBuffer buf = Checked(kind);
        Checkpoint a = buf.Save();
        buf.Alloc<long>(10);
        Checkpoint b = buf.Save();
        buf.Alloc<long>(10);
        buf.Restore(a); // b is dead now
        buf.Alloc<long>(30);

        var ex = Assert.Throws<InvalidOperationException>(() => buf.Restore(b));
        Assert.Equal("The checkpoint cannot be restored: it is dead: the buffer was restored to an earlier checkpoint, or reset, after it was saved.", ex.Message);
        Assert.Equal(240, buf.BytesUsed);

        buf.Restore(a); // a is still alive, and may be restored again
        Assert.Equal(0, buf.BytesUsed);
    }

    [Theory]
    [MemberData(nameof(BufferKinds))]
    public void Reset_kills_every_checkpoint(string kind)
    {
        using BumpBuffer buf = Checked(kind);
        buf.Alloc<byte>(5);
        Checkpoint cp = buf.Save();
        buf.Reset();
        buf.Alloc<byte>(50);
        Assert.Throws<InvalidOperationException>(() => buf.Restore(cp));
        Assert.Equal(50, buf.BytesUsed);
    }

    [Theory]
    [MemberData(nameof(BufferKinds))]
    public unsafe void Released_memory_is_poisoned(string kind)
    {
        using BumpBuffer buf = Checked(kind);
        nuint address;
        using (var scope = buf.NoEscape())
        {
            Span<int> y = scope.Alloc<int>(4);
            y.Fill(0x01020304);
            address = Ptr.Of(y);
        }

        var escaped = new ReadOnlySpan<byte>((void*)address, 16);
        Assert.Equal(Enumerable.Repeat((byte)0xDB, 16).ToArray(), escaped.ToArray());
    }

    [Fact]
    public unsafe void Unchecked_buffers_do_not_poison()
    {
        var buf = new AllocBuffer(64) { IsChecked = false };
        nuint address;
        using (var scope = buf.NoEscape())
        {
            Span<int> y = scope.Alloc<int>(1);
            y[0] = 0x01020304;
            address = Ptr.Of(y);
        }

        Assert.Equal(0x01020304, *(int*)address);
    }

    [Fact]
    public void Poison_reaches_slabs_released_by_a_restore()
    {
        var buf = new SlabBuffer(256) { IsChecked = true };
        Checkpoint start = buf.Save();
        buf.Alloc<byte>(200).Fill(1);
        Span<byte> second = buf.Alloc<byte>(200); // a new slab
        second.Fill(2);
        nuint address = Ptr.Of(second);
        buf.Restore(start);
        unsafe
        {
            Assert.Equal(0xDB, *(byte*)address);
            Assert.Equal(0xDB, *(byte*)(address + 199));
        }
    }

    [Fact]
    public void Checked_mode_cannot_be_turned_off_while_a_checked_scope_is_open()
    {
        var buf = new AllocBuffer(64) { IsChecked = true };
        using var outer = buf.NoEscape();
        using var inner = buf.NoEscape();
        var ex = Assert.Throws<InvalidOperationException>(() => buf.IsChecked = false);
        Assert.Equal("Checked mode cannot change while 2 checked scope(s) are open on this buffer.", ex.Message);
        Assert.True(buf.IsChecked);
    }

    [Fact]
    public void Checked_mode_turned_on_under_an_open_unchecked_scope_leaves_that_scope_unchecked()
    {
        var buf = new AllocBuffer(256) { IsChecked = false };
        nuint start = buf.Save().Position;
        using (var outer = buf.NoEscape())
        {
            outer.Alloc<byte>(10);

            buf.IsChecked = true;

            using (var inner = buf.NoEscape())
            {
                inner.Alloc<byte>(20);
                Assert.Equal(30, buf.BytesUsed);
            }

            Assert.Equal(10, buf.BytesUsed);
            outer.Alloc<byte>(5);                 // unchecked: not refused as an outer-scope allocation
        }

        Assert.Equal(0, buf.BytesUsed);
        Assert.Equal(start, buf.Save().Position);
    }

    [Fact]
    public void Closing_a_scope_opened_before_checked_mode_leaves_the_count_of_checked_scopes_alone()
    {
        var buf = new AllocBuffer(256) { IsChecked = false };
        using (buf.NoEscape())
        {
            buf.IsChecked = true;
        }                                         // not one of the checked scopes: counts nothing down

        using var scope = buf.NoEscape();
        var ex = Assert.Throws<InvalidOperationException>(() => buf.IsChecked = false);
        Assert.Equal("Checked mode cannot change while 1 checked scope(s) are open on this buffer.", ex.Message);
        Assert.True(buf.IsChecked);
    }

    [Fact]
    public void Freeing_a_buffer_closes_its_checked_scopes_so_checked_mode_can_be_turned_off()
    {
        var buf = new AllocBuffer(256) { IsChecked = true };
        using (buf.NoEscape())
        {
            buf.Dispose();

            buf.IsChecked = false;
            Assert.False(buf.IsChecked);
        }                                         // a scope that outlives its buffer has nothing left to release

        Assert.Equal("AllocBuffer(freed)", buf.ToString());
    }

    [Fact]
    public void AppContext_switch_decides_checked_mode_for_new_buffers()
    {
        try
        {
            AppContext.SetSwitch("Bumper.CheckedMode", true);
            Assert.True(new AllocBuffer(64).IsChecked);
            Assert.True(new SlabBuffer().IsChecked);
            AppContext.SetSwitch("Bumper.CheckedMode", false);
            Assert.False(new AllocBuffer(64).IsChecked);
            Assert.False(new ResizeBuffer(64).IsChecked);
        }
        finally
        {
            AppContext.SetSwitch("Bumper.CheckedMode", CheckedByDefault);
        }
    }

    [Fact]
    public void Disposing_a_scope_twice_throws_in_checked_mode()
    {
        var buf = new AllocBuffer(64) { IsChecked = true };
#pragma warning disable BUMP002 // the scopes are disposed by hand, one twice on purpose: the refusal is what the test pins
        var outer = buf.NoEscape();
        var inner = buf.NoEscape();
#pragma warning restore BUMP002
        inner.Dispose();
        try
        {
            inner.Dispose();
            Assert.Fail("a second Dispose must throw");
        }
        catch (InvalidOperationException ex)
        {
            Assert.Contains("disposed twice", ex.Message, StringComparison.Ordinal);
        }

        outer.Dispose();
        Assert.Equal(0, buf.BytesUsed);
    }

#if DEBUG
    private const bool CheckedByDefault = true;
#else
    private const bool CheckedByDefault = false;
#endif

    [Fact]
    public void Checked_mode_is_on_by_default_in_debug_builds_of_the_library()
    {
        var buf = new AllocBuffer(64);
#if DEBUG
        Assert.True(buf.IsChecked);
        Assert.Equal("AllocBuffer(used 0 B of 64 B, peak 0 B, 1 block, checked)", buf.ToString());
#else
        Assert.False(buf.IsChecked);
        Assert.Equal("AllocBuffer(used 0 B of 64 B, peak 0 B, 1 block)", buf.ToString());
#endif
    }

    [Theory]
    [InlineData("resize", true)]
    [InlineData("resize", false)]
    [InlineData("slab", true)]
    [InlineData("slab", false)]
    public unsafe void A_restore_from_a_later_block_poisons_the_bytes_it_releases_in_the_restored_block(string kind, bool isChecked)
    {
        BumpBuffer buf = kind == "slab" ? new SlabBuffer(1024) : new ResizeBuffer(1024);
        buf.IsChecked = isChecked;
        buf.AllocPtr(100, 8);
        Checkpoint cp = buf.Save();
        Span<byte> tail = buf.Alloc<byte>(900);
        tail.Fill(1);
        nuint address = Ptr.Of(tail);
        buf.AllocPtr(500, 8); // does not fit the 24 bytes left: a new slab, or an overflow block
        Assert.Equal(2, buf.BlocksInUse);

        buf.Restore(cp);

        Assert.Equal(100, buf.BytesUsed);
        byte expected = isChecked ? (byte)0xDB : (byte)1;
        Assert.Equal(Enumerable.Repeat(expected, 900).ToArray(), new ReadOnlySpan<byte>((void*)address, 900).ToArray());
    }

    [Theory]
    [MemberData(nameof(BufferKinds))]
    public unsafe void Reset_poisons_what_it_releases(string kind)
    {
        using BumpBuffer buf = Checked(kind);
        Span<byte> y = buf.Alloc<byte>(100);
        y.Fill(1);
        nuint address = Ptr.Of(y);

        buf.Reset();

        Assert.Equal(0, buf.BytesUsed);
        Assert.Equal(Enumerable.Repeat((byte)0xDB, 100).ToArray(), new ReadOnlySpan<byte>((void*)address, 100).ToArray());
    }

    [Fact]
    public void After_the_serial_counter_wraps_a_checkpoint_still_gets_a_nonzero_serial_and_is_still_checked()
    {
        using var buf = new AllocBuffer(1024) { IsChecked = true };
        // Reaching the wrap by saving 2^32 times would take minutes: set the counter to just before it.
        buf.StartSerialsAfter(-1);

        Checkpoint cp = buf.Save();
        Assert.Equal(1, cp.Serial);
        buf.Alloc<byte>(8);
        Assert.Equal(2, buf.Save().Serial);
        buf.Reset();

        var ex = Assert.Throws<InvalidOperationException>(() => buf.Restore(cp));
        Assert.Equal("The checkpoint cannot be restored: it is dead: the buffer was restored to an earlier checkpoint, or reset, after it was saved.", ex.Message);
    }

    private const string DeadMessage = "The checkpoint cannot be restored: it is dead: the buffer was restored to an earlier checkpoint, or reset, after it was saved.";

    [Fact]
    public unsafe void A_live_outer_checkpoint_stays_alive_when_the_serial_counter_passes_int_MaxValue()
    {
        using var buf = new AllocBuffer(1024) { IsChecked = true };
        buf.StartSerialsAfter(int.MaxValue - 1);
        buf.AllocPtr(8, 8);
        Checkpoint outer = buf.Save();
        buf.AllocPtr(8, 8);
        Checkpoint inner = buf.Save();
        buf.AllocPtr(8, 8);
        Assert.Equal(int.MaxValue, outer.Serial);
        Assert.Equal(int.MinValue, inner.Serial);

        buf.Restore(outer);

        Assert.Equal(8, buf.BytesUsed);
        buf.AllocPtr(16, 8);
        var ex = Assert.Throws<InvalidOperationException>(() => buf.Restore(inner));
        Assert.Equal(DeadMessage, ex.Message);
        Assert.Equal(24, buf.BytesUsed);
        buf.Restore(outer);
        Assert.Equal(8, buf.BytesUsed);
    }

    [Theory]
    [InlineData(int.MaxValue - 2)]
    [InlineData(-3)]
    public unsafe void Nested_scopes_open_and_close_across_the_serial_counters_wrap(int lastSerial)
    {
        using var buf = new SlabBuffer(256) { IsChecked = true };
        buf.StartSerialsAfter(lastSerial);
        using (var a = buf.NoEscape())
        {
            a.Alloc<long>(1);
            for (int round = 0; round < 3; round++)
            {
                using (var b = buf.NoEscape())
                {
                    b.Alloc<long>(2);
                    using (var c = buf.NoEscape())
                    {
                        c.Alloc<long>(40);
                        Assert.Equal(8 + 16 + 320, buf.BytesUsed);
                    }

                    b.Alloc<long>(1);
                }

                Assert.Equal(8, buf.BytesUsed);
            }
        }

        Assert.Equal(0, buf.BytesUsed);
    }

    [Fact]
    public unsafe void Setting_IsChecked_to_its_current_value_with_checked_scopes_open_changes_nothing()
    {
        var buf = new AllocBuffer(256) { IsChecked = true };
        buf.AllocPtr(8, 8);
        Checkpoint cp = buf.Save();
        using (var scope = buf.NoEscape())
        {
            scope.AllocPtr(16, 8);
            buf.IsChecked = true;
            scope.AllocPtr(16, 8);
            Assert.Equal(40, buf.BytesUsed);
        }

        Assert.Equal(8, buf.BytesUsed);
        buf.AllocPtr(8, 8);
        buf.Restore(cp);
        Assert.Equal(8, buf.BytesUsed);

        var unchecked_ = new AllocBuffer(256) { IsChecked = false };
        using var open = unchecked_.NoEscape();
        unchecked_.IsChecked = false;
        Assert.False(unchecked_.IsChecked);
    }

    [Fact]
    public unsafe void Setting_IsChecked_to_true_on_a_checked_buffer_keeps_its_checkpoints_alive_and_its_dead_ones_dead()
    {
        var buf = new AllocBuffer(256) { IsChecked = true };
        buf.AllocPtr(8, 8);
        Checkpoint live = buf.Save();
        buf.AllocPtr(8, 8);
        Checkpoint dead = buf.Save();
        buf.Restore(live);
        buf.AllocPtr(32, 8);

        buf.IsChecked = true;

        var ex = Assert.Throws<InvalidOperationException>(() => buf.Restore(dead));
        Assert.Equal(DeadMessage, ex.Message);
        Assert.Equal(40, buf.BytesUsed);
        buf.Restore(live);
        Assert.Equal(8, buf.BytesUsed);
    }

    [Fact]
    public unsafe void A_checkpoint_saved_before_checked_mode_was_turned_off_and_on_again_still_restores()
    {
        var buf = new AllocBuffer(256) { IsChecked = true };
        buf.AllocPtr(8, 8);
        Checkpoint cp = buf.Save();
        buf.AllocPtr(16, 8);

        buf.IsChecked = false;
        buf.AllocPtr(16, 8);
        buf.IsChecked = true;
        buf.AllocPtr(16, 8);

        buf.Restore(cp);
        Assert.Equal(8, buf.BytesUsed);
    }

    [Fact]
    public unsafe void A_checkpoint_dead_before_checked_mode_was_turned_off_is_still_refused_when_it_is_on_again()
    {
        var buf = new AllocBuffer(256) { IsChecked = true };
        Checkpoint first = buf.Save();
        buf.AllocPtr(8, 8);
        Checkpoint dead = buf.Save();
        buf.Restore(first);
        buf.AllocPtr(64, 8);

        buf.IsChecked = false;
        buf.IsChecked = true;

        var ex = Assert.Throws<InvalidOperationException>(() => buf.Restore(dead));
        Assert.Equal(DeadMessage, ex.Message);
        Assert.Equal(64, buf.BytesUsed);
        buf.Restore(first);
        Assert.Equal(0, buf.BytesUsed);
    }

    [Fact]
    public unsafe void Restoring_a_checkpoint_saved_unchecked_kills_the_checked_saves_made_after_it()
    {
        var buf = new AllocBuffer(256) { IsChecked = false };
        buf.AllocPtr(8, 8);
        Checkpoint unchecked_ = buf.Save();
        buf.IsChecked = true;
        buf.AllocPtr(8, 8);
        Checkpoint later = buf.Save();

        buf.Restore(unchecked_);
        buf.AllocPtr(64, 8);

        var ex = Assert.Throws<InvalidOperationException>(() => buf.Restore(later));
        Assert.Equal(DeadMessage, ex.Message);
        Assert.Equal(72, buf.BytesUsed);
    }

    [Fact]
    public unsafe void A_reset_while_unchecked_kills_the_checkpoints_saved_while_checked()
    {
        var buf = new AllocBuffer(256) { IsChecked = true };
        buf.AllocPtr(8, 8);
        Checkpoint cp = buf.Save();
        buf.IsChecked = false;
        buf.Reset();
        buf.AllocPtr(64, 8);
        buf.IsChecked = true;

        var ex = Assert.Throws<InvalidOperationException>(() => buf.Restore(cp));
        Assert.Equal(DeadMessage, ex.Message);
        Assert.Equal(64, buf.BytesUsed);
    }

    [Theory]
    [MemberData(nameof(BufferKinds))]
    public void Saves_with_nothing_allocated_between_are_one_checkpoint(string kind)
    {
        using BumpBuffer buf = Checked(kind);
        buf.Alloc<long>(1);
        Checkpoint first = buf.Save();
        Checkpoint second = buf.Save();
        Assert.Equal(first, second);
        Assert.NotEqual(0, first.Serial);

        buf.Alloc<long>(3);
        Checkpoint later = buf.Save();
        Assert.NotEqual(first.Serial, later.Serial);

        buf.Restore(first);
        buf.Restore(second); // the same checkpoint, so alive
        buf.Alloc<long>(5);
        var ex = Assert.Throws<InvalidOperationException>(() => buf.Restore(later));
        Assert.Equal(DeadMessage, ex.Message);
        Assert.Equal(48, buf.BytesUsed);
    }

    [Theory]
    [MemberData(nameof(BufferKinds))]
    public void A_save_at_the_start_of_a_scope_is_not_the_scope_so_the_outer_scope_stays_refused(string kind)
    {
        using BumpBuffer buf = Checked(kind);
        using var outer = buf.NoEscape();
        Checkpoint before = buf.Save();
        using var inner = buf.NoEscape();
        Checkpoint atInner = buf.Save();
        Assert.NotEqual(before.Serial, inner.Checkpoint.Serial);
        Assert.NotEqual(inner.Checkpoint.Serial, atInner.Serial);
        Assert.Equal(inner.Checkpoint.Position, atInner.Position);

        try
        {
#pragma warning disable BUMP003 // the outer scope is used on purpose: checked mode's refusal is what the test pins
            outer.Alloc<int>(1);
#pragma warning restore BUMP003
            Assert.Fail("allocating through the outer scope must throw");
        }
        catch (InvalidOperationException ex)
        {
            Assert.StartsWith("An outer scope allocated while an inner scope is still open", ex.Message, StringComparison.Ordinal);
        }

        Assert.Equal(0, buf.BytesUsed);
    }

    [Theory]
    [MemberData(nameof(BufferKinds))]
    public void The_checkpoint_of_a_checked_scope_that_has_ended_is_dead(string kind)
    {
        using BumpBuffer buf = Checked(kind);
        buf.Alloc<long>(2);
        Checkpoint ended;
        using (var scope = buf.NoEscape())
        {
            ended = scope.Checkpoint;
            scope.Alloc<long>(4);
        }

        buf.Alloc<long>(1);
        var ex = Assert.Throws<InvalidOperationException>(() => buf.Restore(ended));
        Assert.Equal(DeadMessage, ex.Message);
        Assert.Equal(24, buf.BytesUsed);
    }

    [Theory]
    [MemberData(nameof(BufferKinds))]
    public unsafe void Rounds_of_checked_saves_restores_and_scopes_leave_no_record_behind(string kind)
    {
        using BumpBuffer buf = Checked(kind);
        Checkpoint outer = buf.Save();
        for (int i = 0; i < 10_000; i++)
        {
            Round(buf, outer);
        }

        // Only the outer checkpoint is on record: each round's saves were the same checkpoint, and
        // each scope's end forgot the scope.
        Assert.Equal(1, buf.CheckpointRecords);

        static void Round(BumpBuffer buf, Checkpoint outer)
        {
            Checkpoint cp = buf.Save();
            buf.AllocPtr(24, 8);
            using (var scope = buf.NoEscape())
            {
                scope.AllocPtr(40, 8);
            }

            buf.Restore(cp);
            buf.Restore(outer);
        }
    }
}
