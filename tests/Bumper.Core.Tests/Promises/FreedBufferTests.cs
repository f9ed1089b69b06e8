using Bumper;

namespace Bumper.Core.Tests.Promises;

/// <summary>
/// A freed buffer holds no memory, and every later use through it, a scope opened before the free or a
/// cursor of that scope throws <see cref="ObjectDisposedException"/> (not another InvalidOperationException).
/// </summary>
public sealed unsafe class FreedBufferTests
{
    private const string Freed = "This AllocBuffer has been freed; it cannot allocate, save, restore or reset any more.";

    [Theory]
    [InlineData("alloc")]
    [InlineData("native")]
    [InlineData("slab")]
    [InlineData("resize")]
    public void A_freed_buffer_holds_no_memory(string kind)
    {
        BumpBuffer buf = kind switch
        {
            "alloc" => new AllocBuffer(1024),
            "native" => AllocBuffer.Native(1024),
            "slab" => new SlabBuffer(1024),
            _ => new ResizeBuffer(1024),
        };
        buf.IsChecked = false;
        buf.AllocPtr(1000, 8);
        if (buf is not AllocBuffer)
        {
            buf.AllocPtr(500, 8);  // a second slab, or an overflow block
            Assert.Equal(2, buf.BlocksInUse);
        }

        buf.Dispose();

        Assert.True(buf.IsDisposed);
        Assert.Equal(0, buf.Capacity);
        Assert.Equal(0, buf.BytesUsed);
        Assert.Equal($"{buf.GetType().Name}(freed)", buf.ToString());
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void A_slab_buffer_with_any_number_of_slabs_and_custom_slabs_frees_them_all(int slabs)
    {
        var buf = new SlabBuffer(1024) { IsChecked = false };
        for (int i = 0; i < slabs; i++)
        {
            buf.AllocPtr(1000, 8); // one slab each
        }

        buf.AllocPtr(5000, 8);     // a custom slab
        Assert.Equal(slabs, buf.BlocksInUse);
        Assert.Equal((slabs * 1024) + 5000, buf.Capacity);

        buf.Dispose();

        Assert.Equal(0, buf.Capacity);
        Assert.Equal(0, buf.DedicatedBlockCount);
        Assert.Equal("SlabBuffer(freed)", buf.ToString());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_scope_whose_buffer_was_freed_refuses_to_allocate_or_open_a_cursor(bool isChecked)
    {
        var buf = new AllocBuffer(1024) { IsChecked = isChecked };
        using var scope = buf.NoEscape();         // outlives its buffer, and ends quietly at the end
        buf.Dispose();

        Exception? alloc = null;
        try
        {
            scope.AllocPtr(8, 8);
        }
        catch (Exception ex)
        {
            alloc = ex;
        }

        Exception? cursor = null;
        try
        {
            scope.Cursor();
        }
        catch (Exception ex)
        {
            cursor = ex;
        }

        AssertFreed(alloc);
        AssertFreed(cursor);
    }

    [Fact]
    public void A_cursor_whose_buffer_was_freed_refuses_to_refill()
    {
        var buf = new AllocBuffer(128) { IsChecked = false };
        using (var scope = buf.NoEscape())
        {
            var cursor = scope.Cursor();
            cursor.AllocPtr(100, 1);
            buf.Dispose();

            Exception? refill = null;
            try
            {
                cursor.AllocPtr(100, 1); // does not fit what is left: asks the buffer
            }
            catch (Exception ex)
            {
                refill = ex;
            }

            AssertFreed(refill);
            cursor.Dispose();
        }

        Assert.Equal(0, buf.BytesUsed);
    }

    [Fact]
    public void A_freed_buffer_refuses_to_restore_its_own_checkpoint()
    {
        var buf = new AllocBuffer(1024) { IsChecked = false };
        buf.AllocPtr(100, 8);
        Checkpoint cp = buf.Save();
        buf.Dispose();
        AssertFreed(Record.Exception(() => buf.Restore(cp)));
    }

    private static void AssertFreed(Exception? ex)
    {
        var disposed = Assert.IsType<ObjectDisposedException>(ex);
        Assert.Equal("AllocBuffer", disposed.ObjectName);
        Assert.Equal($"{Freed}{Environment.NewLine}Object name: 'AllocBuffer'.", disposed.Message);
    }
}
