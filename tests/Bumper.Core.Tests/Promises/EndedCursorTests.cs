using Bumper;
using Bumper.Core.Tests.Support;

namespace Bumper.Core.Tests.Promises;

/// <summary>
/// A cursor that a restore ended carries only its pointer, so the buffer judges it by where that
/// pointer lies: outside the open cursor's range (its part of the block it bumps in) the ended
/// cursor's <c>Dispose</c> does nothing, wherever the blocks lie relative to each other.
/// </summary>
public sealed unsafe class EndedCursorTests
{
    private const int SlabSize = 1024;

    [Fact]
    public void An_ended_cursors_Dispose_leaves_a_later_cursor_alone_after_that_cursor_refilled_into_a_new_slab()
    {
        var buf = new SlabBuffer(SlabSize) { IsChecked = false };
#pragma warning disable BUMP002, BUMP004 // the scope is ended by hand and its cursor disposed after: what the test pins
        var first = buf.NoEscape();
        var ended = first.Cursor();
        ended.AllocPtr(500, 1);
        first.Dispose();                          // ends the cursor at offset 500 of slab 0

        using var second = buf.NoEscape();
        var cursor = second.Cursor();             // takes over at offset 0 of slab 0
        cursor.AllocPtr(100, 1);
        cursor.AllocPtr(1000, 1);                 // 924 B left: the cursor refills into slab 1
        Assert.Equal(2, buf.BlocksInUse);
        long used = buf.BytesUsed;

        ended.Dispose();                          // offset 500 of slab 0 is outside the open cursor's range
#pragma warning restore BUMP002, BUMP004
        Assert.Equal(used, buf.BytesUsed);

        cursor.AllocPtr(8, 1);
        cursor.Dispose();
        Assert.Equal(used + 8, buf.BytesUsed);
    }

    [Fact]
    public void An_ended_cursor_whose_pointer_lies_above_the_open_cursors_block_is_not_taken_for_it()
    {
        var buf = new SlabBuffer(SlabSize) { IsChecked = false };

        // Where the two slabs lie: a restore keeps slab 1 as the spare, and the next crossing reuses it.
        var start = buf.Save();
        nuint slab0 = Ptr.Of(buf.AllocPtr(SlabSize, 1));
        nuint slab1 = Ptr.Of(buf.AllocPtr(SlabSize, 1));
        buf.Restore(start);

        // The ended cursor ends in the higher slab, the open one bumps in the lower.
        bool lowerFirst = slab0 < slab1;
#pragma warning disable BUMP002, BUMP004 // the scope is ended by hand and its cursor disposed after: what the test pins
        var first = buf.NoEscape();
        if (lowerFirst)
        {
            first.AllocPtr(1000, 1);
        }

        var ended = first.Cursor();
        nuint endedAt = Ptr.Of(ended.AllocPtr(100, 1)) + 100;
        Assert.Equal(lowerFirst ? slab1 + 100 : slab0 + 100, endedAt);
        first.Dispose();

        using var second = buf.NoEscape();
        if (!lowerFirst)
        {
            second.AllocPtr(1000, 1);
        }

        var cursor = second.Cursor();
        nuint at = Ptr.Of(cursor.AllocPtr(lowerFirst ? 8 : 100, 1));
        Assert.Equal(lowerFirst ? slab0 : slab1, at);
        long used = buf.BytesUsed;

        ended.Dispose();                          // its pointer lies above the end of the open cursor's slab
#pragma warning restore BUMP002, BUMP004
        Assert.Equal(used, buf.BytesUsed);

        Assert.Equal(at + (lowerFirst ? 8u : 100u), Ptr.Of(cursor.AllocPtr(4, 1)));
        cursor.Dispose();

        // The buffer counts what a cursor bumped since it took over or last refilled when the cursor gives
        // the pointer back: the 8 B in slab 0 here; the refill into slab 1 gave back its 100 B already.
        Assert.Equal(used + 4 + (lowerFirst ? 8 : 0), buf.BytesUsed);
    }
}
