using Bumper;
using Bumper.Core.Tests.Support;

namespace Bumper.Core.Tests.Scopes;

public sealed unsafe class BumpCursorTests
{
    [Fact]
    public void Cursor_allocations_follow_each_other_with_the_requested_alignment()
    {
        var buf = new AllocBuffer(4096);
        nuint start = buf.Save().Position;
        using var scope = buf.NoEscape();
        var cursor = scope.Cursor();

        void* a = cursor.AllocPtr(10, 1);
        void* b = cursor.AllocPtr(8, 8);
        Span<long> c = cursor.Alloc<long>(3);
        void* d = cursor.AllocPtr(1, 64);

        Assert.Equal(start, Ptr.Of(a));
        Assert.Equal(start + 16, Ptr.Of(b));      // 10 rounded up to 8's multiple
        Assert.Equal(start + 24, Ptr.Of(c));      // 16 + 8, already aligned to 8
        Assert.Equal(3, c.Length);
        Assert.Equal(start + 64, Ptr.Of(d));      // 24 + 24 = 48, rounded up to 64
        cursor.Dispose();
        Assert.Equal(65, buf.BytesUsed);
    }

    [Fact]
    public void Cursor_hands_out_the_same_addresses_as_the_scope_for_the_same_requests()
    {
        // Seeded: the same sizes and alignments through a cursor on one buffer and through the scope on
        // a twin; every offset from the block start must match, across slab changes too.
        const int Seed = 4242;
        var random = new Random(Seed);
        var viaCursor = new SlabBuffer(4096);
        var viaScope = new SlabBuffer(4096);
        nuint cursorStart = viaCursor.Save().Position;
        nuint scopeStart = viaScope.Save().Position;
        using var cursorScope = viaCursor.NoEscape();
        using var plainScope = viaScope.NoEscape();
        var cursor = cursorScope.Cursor();
        int slabChanges = 0;
        int previousSlabs = 1;
        for (int i = 0; i < 5_000; i++)
        {
            nint size = random.Next(0, 300);
            int alignment = 1 << random.Next(0, 7);
            nuint p = Ptr.Of(cursor.AllocPtr(size, alignment));
            nuint q = Ptr.Of(plainScope.AllocPtr(size, alignment));
            if (viaScope.BlocksInUse != previousSlabs)
            {
                // A new slab: both moved to their own next slab; re-base the offsets there.
                previousSlabs = viaScope.BlocksInUse;
                slabChanges++;
                cursorStart = p & ~(nuint)63;
                scopeStart = q & ~(nuint)63;
            }

            Assert.True(p - cursorStart == q - scopeStart, $"seed {Seed}, allocation {i}: cursor offset {p - cursorStart}, scope offset {q - scopeStart}");
            Assert.Equal(0u, p % (nuint)alignment);
        }

        cursor.Dispose();
        Assert.Equal(viaScope.BytesUsed, viaCursor.BytesUsed);
        Assert.Equal(viaScope.BlocksInUse, viaCursor.BlocksInUse);
        Assert.True(slabChanges > 100, $"seed {Seed}: only {slabChanges} slab changes");
    }

    [Fact]
    public void Dispose_gives_the_pointer_back_so_the_scope_continues_after_the_cursor()
    {
        var buf = new AllocBuffer(4096);
        nuint start = buf.Save().Position;
        using var scope = buf.NoEscape();
        var cursor = scope.Cursor();
        cursor.AllocPtr(100, 1);
        Assert.Equal(0, buf.BytesUsed);           // the buffer learns the cursor's position at Dispose

        cursor.Dispose();

        Assert.Equal(100, buf.BytesUsed);
        Assert.Equal(100, buf.PeakBytesUsed);
        Span<int> next = scope.Alloc<int>(1);
        Assert.Equal(start + 100, Ptr.Of(next));
        cursor.Dispose();                         // a second Dispose does nothing
        Assert.Equal(104, buf.BytesUsed);
    }

    [Fact]
    public void A_using_cursor_advances_in_place_rather_than_on_a_copy()
    {
        var buf = new AllocBuffer(4096);
        nuint start = buf.Save().Position;
        using var scope = buf.NoEscape();
        using var cursor = scope.Cursor();
        void* a = cursor.AllocPtr(8, 8);
        void* b = cursor.AllocPtr(8, 8);
        Assert.Equal(start, Ptr.Of(a));
        Assert.Equal(start + 8, Ptr.Of(b));
    }

    [Fact]
    public void The_scope_end_releases_the_cursor_allocations_without_a_Dispose()
    {
        var buf = new AllocBuffer(4096);
        nuint start = buf.Save().Position;
        using (var scope = buf.NoEscape())
        {
            var cursor = scope.Cursor();
            cursor.AllocPtr(1000, 16);
        }

        Assert.Equal(0, buf.BytesUsed);
        Assert.Equal(start, Ptr.Of(buf.AllocPtr(8, 8)));   // the buffer allocates again, from the start
        using var again = buf.NoEscape();
        var second = again.Cursor();                       // and a new cursor may open
        Assert.Equal(start + 8, Ptr.Of(second.AllocPtr(8, 8)));
    }

    [Fact]
    public void A_helper_given_the_cursor_by_ref_advances_the_callers_cursor()
    {
        var buf = new AllocBuffer(4096);
        nuint start = buf.Save().Position;
        using var scope = buf.NoEscape();
        var cursor = scope.Cursor();
        void* first = TakeEight(ref cursor);
        void* second = cursor.AllocPtr(8, 8);
        Assert.Equal(start, Ptr.Of(first));
        Assert.Equal(start + 8, Ptr.Of(second));
    }

    [Theory]
    [InlineData(false, 0x11)]
    [InlineData(true, 0xDB)]
    public void In_checked_mode_a_scope_end_poisons_what_a_cursor_allocated_once_the_cursor_was_disposed(bool dispose, byte expected)
    {
        var buf = new AllocBuffer(4096) { IsChecked = true };
        nuint address;
        using (var scope = buf.NoEscape())
        {
            var cursor = scope.Cursor();
            Span<byte> bytes = cursor.Alloc<byte>(16);
            bytes.Fill(0x11);
            address = Ptr.Of(bytes);
            if (dispose)
            {
                cursor.Dispose();
            }
        }

        // The buffer learns how far a cursor got only when it refills or is disposed.
        Assert.Equal(Enumerable.Repeat(expected, 16).ToArray(), new ReadOnlySpan<byte>((void*)address, 16).ToArray());
    }

    [Fact]
    public void Allocating_through_the_scope_while_a_cursor_is_open_throws_and_hands_out_nothing()
    {
        var buf = new AllocBuffer(4096);
        using var scope = buf.NoEscape();
        var cursor = scope.Cursor();
        void* a = cursor.AllocPtr(16, 16);

        string message = "";
        try
        {
            scope.Alloc<int>(4);
        }
        catch (InvalidOperationException ex)
        {
            message = ex.Message;
        }

        Assert.Equal("A BumpCursor is open on this buffer: allocate through the cursor, or dispose it first.", message);
        Assert.Equal(Ptr.Of(a) + 16, Ptr.Of(cursor.AllocPtr(16, 16)));
        cursor.Dispose();
        Assert.Equal(32, buf.BytesUsed);
    }

    [Fact]
    public void Opening_a_scope_or_a_second_cursor_while_a_cursor_is_open_throws()
    {
        var buf = new AllocBuffer(4096);
        using var scope = buf.NoEscape();
        var cursor = scope.Cursor();
        cursor.AllocPtr(8, 8);

        Assert.Equal(
            "A BumpCursor is open on this buffer: dispose it before saving a checkpoint or opening a scope.",
            Assert.Throws<InvalidOperationException>(() => { using (buf.NoEscape()) { } }).Message);
        Assert.Equal(
            "A BumpCursor is open on this buffer: dispose it before saving a checkpoint or opening a scope.",
            Assert.Throws<InvalidOperationException>(() => buf.Save()).Message);

        string message = "";
        try
        {
            scope.Cursor();
        }
        catch (InvalidOperationException ex)
        {
            message = ex.Message;
        }

        Assert.Equal("A BumpCursor is already open on this buffer; dispose it before opening another.", message);
        cursor.Dispose();
        Assert.Equal(8, buf.BytesUsed);
    }

    [Fact]
    public void A_full_AllocBuffer_refuses_through_the_cursor_and_the_cursor_keeps_going()
    {
        var buf = new AllocBuffer(64);
        nuint start = buf.Save().Position;
        using var scope = buf.NoEscape();
        var cursor = scope.Cursor();
        cursor.AllocPtr(48, 1);

        BufferFullException? full = null;
        try
        {
            cursor.AllocPtr(32, 1);
        }
        catch (BufferFullException ex)
        {
            full = ex;
        }

        Assert.NotNull(full);
        Assert.Equal(32, full.Requested);
        Assert.Equal(48, full.Used);
        Assert.Equal(64, full.Capacity);
        Assert.Equal(start + 48, Ptr.Of(cursor.AllocPtr(16, 1)));
        cursor.Dispose();
        Assert.Equal(64, buf.BytesUsed);
    }

    [Fact]
    public void On_a_SlabBuffer_the_cursor_continues_in_a_new_slab_and_the_scope_end_returns_to_one()
    {
        var buf = new SlabBuffer(1024);
        using (var scope = buf.NoEscape())
        {
            var cursor = scope.Cursor();
            void* a = cursor.AllocPtr(600, 1);
            void* b = cursor.AllocPtr(600, 1);
            void* c = cursor.AllocPtr(100, 1);

            Assert.Equal(2, buf.BlocksInUse);
            Assert.Equal(Ptr.Of(b) + 600, Ptr.Of(c));
            Assert.NotEqual(Ptr.Of(a) + 600, Ptr.Of(b));
            cursor.Dispose();
            Assert.Equal(1024 + 700, buf.BytesUsed);  // the first slab counts whole once left behind
        }

        Assert.Equal(1, buf.BlocksInUse);
        Assert.Equal(0, buf.BytesUsed);
        Assert.Equal(2048, buf.Capacity);             // the spare slab is kept
    }

    [Fact]
    public void On_a_ResizeBuffer_the_cursor_overflows_and_the_buffer_regrows_to_the_peak()
    {
        var buf = new ResizeBuffer(256);
        using (var scope = buf.NoEscape())
        {
            var cursor = scope.Cursor();
            for (int i = 0; i < 10; i++)
            {
                cursor.AllocPtr(64, 8);
            }

            cursor.Dispose();
            Assert.Equal(3, buf.BlocksInUse);           // 256 B main block, then two overflow blocks of 256 B
            Assert.Equal(640, buf.PeakBytesUsed);
        }

        using var next = buf.NoEscape();
        next.AllocPtr(8, 8);
        Assert.Equal(1, buf.BlocksInUse);
        Assert.Equal(640, buf.Capacity);
    }

    [Fact]
    public void A_cursor_whose_scope_ended_refuses_to_refill_and_its_Dispose_does_nothing()
    {
        var buf = new AllocBuffer(128);
#pragma warning disable BUMP002, BUMP004 // the scope is ended by hand and its cursor used after: the refusal is what the test pins
        var scope = buf.NoEscape();
        var cursor = scope.Cursor();
        cursor.AllocPtr(100, 1);
        scope.Dispose();

        string message = "";
        try
        {
            cursor.AllocPtr(100, 1);                  // does not fit what is left: asks the buffer
        }
        catch (InvalidOperationException ex)
        {
            message = ex.Message;
        }

        Assert.Equal("This BumpCursor has ended: its scope was disposed, or its buffer was restored or reset, after it was opened.", message);
        cursor.Dispose();
#pragma warning restore BUMP002, BUMP004
        Assert.Equal(0, buf.BytesUsed);
    }

    [Fact]
    public void An_ended_cursors_Dispose_leaves_a_later_cursor_alone_after_that_cursor_took_a_custom_slab()
    {
        var buf = new SlabBuffer(1024) { IsChecked = false };
#pragma warning disable BUMP002, BUMP004 // the scope is ended by hand and its cursor disposed after: what the test pins
        var first = buf.NoEscape();
        var ended = first.Cursor();
        ended.AllocPtr(100, 1);
        first.Dispose();                          // ends the cursor at offset 100

        buf.AllocPtr(300, 1);
        using var second = buf.NoEscape();
        var cursor = second.Cursor();             // takes over at offset 300
        cursor.AllocPtr(4096, 8);                 // a custom slab: the cursor stays in the same slab
        Assert.Equal(1, buf.DedicatedBlockCount);
        Assert.Equal(4096 + 300, buf.BytesUsed);

        ended.Dispose();                          // the ended cursor's offset 100 lies below the open cursor's range
#pragma warning restore BUMP002, BUMP004
        Assert.Equal(4096 + 300, buf.BytesUsed);

        cursor.AllocPtr(8, 8);                    // offset 304 (aligned to 8)
        cursor.Dispose();
        Assert.Equal(4096 + 312, buf.BytesUsed);
    }

    [Fact]
    public void Reset_ends_an_open_cursor_and_the_buffer_allocates_normally()
    {
        var buf = new AllocBuffer(4096);
        nuint start = buf.Save().Position;
#pragma warning disable BUMP002 // the scope is left open on purpose: the reset ends it and its cursor
        var scope = buf.NoEscape();
#pragma warning restore BUMP002
        var cursor = scope.Cursor();
        cursor.AllocPtr(100, 1);

        buf.Reset();

        Assert.Equal(0, buf.BytesUsed);
        cursor.Dispose();
        Assert.Equal(0, buf.BytesUsed);
        Assert.Equal(start, Ptr.Of(buf.AllocPtr(8, 8)));
    }

    [Fact]
    public void A_default_cursor_refuses_to_allocate()
    {
        BumpCursor cursor = default;
        string message = "";
        try
        {
            cursor.AllocPtr(8, 8);
        }
        catch (InvalidOperationException ex)
        {
            message = ex.Message;
        }

        Assert.Equal("This BumpCursor is default(BumpCursor); get one from NoEscapeScope.Cursor().", message);
        cursor.Dispose();
    }

    [Theory]
    [InlineData(8, 0, typeof(ArgumentOutOfRangeException))]
    [InlineData(8, -4, typeof(ArgumentOutOfRangeException))]
    [InlineData(8, 3, typeof(ArgumentException))]
    [InlineData(8, 8192, typeof(ArgumentException))]
    [InlineData(8, int.MinValue, typeof(ArgumentOutOfRangeException))]
    [InlineData(-1, 8, typeof(ArgumentOutOfRangeException))]
    [InlineData(-4096, 8, typeof(ArgumentOutOfRangeException))]
    public void Bad_arguments_throw_and_leave_the_cursor_where_it_was(long byteCount, int alignment, Type expected)
    {
        var buf = new AllocBuffer(4096);
        nuint start = buf.Save().Position;
        using var scope = buf.NoEscape();
        var cursor = scope.Cursor();
        cursor.AllocPtr(4, 1);

        Exception? caught = null;
        try
        {
            cursor.AllocPtr((nint)byteCount, alignment);
        }
        catch (ArgumentException ex)
        {
            caught = ex;
        }

        Assert.Equal(expected, caught?.GetType());
        Assert.Equal(start + 4, Ptr.Of(cursor.AllocPtr(1, 1)));
    }

    [Fact]
    public void Every_valid_alignment_is_accepted()
    {
        var buf = new AllocBuffer(1 << 16);
        using var scope = buf.NoEscape();
        var cursor = scope.Cursor();
        for (int alignment = 1; alignment <= BumpBuffer.MaxAlignment; alignment *= 2)
        {
            cursor.AllocPtr(1, 1);
            Assert.Equal(0u, Ptr.Of(cursor.AllocPtr(1, alignment)) % (nuint)alignment);
        }
    }

    [Fact]
    public void A_negative_length_throws_with_the_length()
    {
        var buf = new AllocBuffer(4096);
        using var scope = buf.NoEscape();
        var cursor = scope.Cursor();
        ArgumentOutOfRangeException? caught = null;
        try
        {
            cursor.Alloc<int>(-3);
        }
        catch (ArgumentOutOfRangeException ex)
        {
            caught = ex;
        }

        Assert.Equal(-3L, caught?.ActualValue);
    }

    [Fact]
    public void In_checked_mode_a_cursor_cannot_open_on_an_outer_scope_while_an_inner_one_is_open()
    {
        var buf = new AllocBuffer(4096) { IsChecked = true };
        using var outer = buf.NoEscape();
        using var inner = buf.NoEscape();
        string message = "";
        try
        {
#pragma warning disable BUMP003 // the outer scope is used on purpose: checked mode's refusal is what the test pins
            outer.Cursor();
#pragma warning restore BUMP003
        }
        catch (InvalidOperationException ex)
        {
            message = ex.Message;
        }

        Assert.StartsWith("An outer scope allocated while an inner scope is still open", message);
        var cursor = inner.Cursor();
        Assert.Equal(0u, Ptr.Of(cursor.AllocPtr(8, 8)) % 8);
        cursor.Dispose();
        Assert.Equal(8, buf.BytesUsed);
    }

    [Fact]
    public void The_default_buffer_gives_a_cursor_too()
    {
        using var scope = Bump.NoEscape();
        long before = Bump.DefaultBuffer.BytesUsed;
        var cursor = scope.Cursor();
        Span<double> x = cursor.Alloc<double>(4);
        x.Fill(1.5);
        cursor.Dispose();
        Assert.Equal(before + 32, Bump.DefaultBuffer.BytesUsed);
        Assert.Equal(6.0, x[0] + x[1] + x[2] + x[3]);
    }

    [Fact]
    public void A_layout_allocates_what_the_same_checked_arguments_allocate()
    {
        const int Seed = 77;
        var random = new Random(Seed);
        var viaLayout = new AllocBuffer(1 << 20);
        var viaArguments = new AllocBuffer(1 << 20);
        nuint layoutStart = viaLayout.Save().Position;
        nuint argumentStart = viaArguments.Save().Position;
        using var layoutScope = viaLayout.NoEscape();
        using var argumentScope = viaArguments.NoEscape();
        var byLayout = layoutScope.Cursor();
        var byArguments = argumentScope.Cursor();
        for (int i = 0; i < 2_000; i++)
        {
            nint size = random.Next(0, 300);
            int alignment = 1 << random.Next(0, 7);   // up to 64, the alignment both blocks start at
            nuint p = Ptr.Of(byLayout.AllocPtr(new AllocLayout(size, alignment)));
            nuint q = Ptr.Of(byArguments.AllocPtr(size, alignment));
            Assert.True(p - layoutStart == q - argumentStart, $"seed {Seed}, allocation {i}: {p - layoutStart} vs {q - argumentStart}");
        }

        byLayout.Dispose();
        byArguments.Dispose();
        Assert.Equal(viaArguments.BytesUsed, viaLayout.BytesUsed);
    }

    [Fact]
    public void A_layout_keeps_its_size_and_alignment_and_the_default_is_zero_bytes_aligned_to_one()
    {
        var layout = new AllocLayout(48, 16);
        Assert.Equal(48, layout.ByteCount);
        Assert.Equal(16, layout.Alignment);
        Assert.Equal("AllocLayout(48 B, align 16)", layout.ToString());
        Assert.Equal(new AllocLayout(48, 16), layout);
        Assert.NotEqual(new AllocLayout(48, 8), layout);
        Assert.Equal(new AllocLayout(24, 8), AllocLayout.For<long>(3));
        Assert.Equal(new AllocLayout(0, 1), default);
        Assert.True(new AllocLayout(48, 8) != layout);
        Assert.True(new AllocLayout(47, 16) != layout);
        Assert.False(new AllocLayout(48, 16) != layout);
        Assert.True(new AllocLayout(48, 16) == layout);
        Assert.False(new AllocLayout(48, 8) == layout);

        var buf = new AllocBuffer(4096);
        nuint start = buf.Save().Position;
        using var scope = buf.NoEscape();
        var cursor = scope.Cursor();
        cursor.AllocPtr(3, 1);
        Assert.Equal(start + 3, Ptr.Of(cursor.AllocPtr(default(AllocLayout))));
        Assert.Equal(start + 16, Ptr.Of(cursor.AllocPtr(layout)));
    }

    [Theory]
    [InlineData(8, 0, typeof(ArgumentOutOfRangeException))]
    [InlineData(8, 3, typeof(ArgumentException))]
    [InlineData(8, 8192, typeof(ArgumentException))]
    [InlineData(-1, 8, typeof(ArgumentOutOfRangeException))]
    public void A_layout_refuses_what_AllocPtr_refuses(long byteCount, int alignment, Type expected)
    {
        var ex = Record.Exception(() => new AllocLayout((nint)byteCount, alignment));
        Assert.Equal(expected, ex?.GetType());
    }

    [Fact]
    public void A_layout_that_does_not_fit_an_AllocBuffer_throws_BufferFullException()
    {
        var buf = new AllocBuffer(64);
        using var scope = buf.NoEscape();
        var cursor = scope.Cursor();
        cursor.AllocPtr(new AllocLayout(60, 1));
        BufferFullException? full = null;
        try
        {
            cursor.AllocPtr(new AllocLayout(8, 8));
        }
        catch (BufferFullException ex)
        {
            full = ex;
        }

        Assert.Equal(12, full?.Requested);          // 8 bytes and the 4 that align them
        Assert.Equal(60, full?.Used);
    }

    private static void* TakeEight(ref BumpCursor cursor) => cursor.AllocPtr(8, 8);
}
