using Bumper;
using Bumper.Core.Tests.Support;

namespace Bumper.Core.Tests.Scopes;

/// <summary>Copies, zeroed and filled spans, lists and formatted text in a scope, on every buffer kind.</summary>
public sealed class BuildingTests
{
    public static TheoryData<string> Kinds => new() { "alloc", "native", "slab", "resize", "chain" };

    private static BumpBuffer Make(string kind) => kind switch
    {
        "alloc" => new AllocBuffer(1 << 20),
        "native" => AllocBuffer.Native(1 << 20),
        "slab" => new SlabBuffer(1024),
        "chain" => new ChainBuffer(256),
        _ => new ResizeBuffer(256),
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Copies_zeroed_and_filled_spans_hold_exactly_what_was_asked(string kind)
    {
        using BumpBuffer buf = Make(kind);
        using (var dirty = buf.NoEscape())
        {
            dirty.Alloc<byte>(512).Fill(0xEE); // released bytes that AllocZeroed must clear
        }

        using var scope = buf.NoEscape();
        Span<long> zeros = scope.AllocZeroed<long>(40);
        Span<short> sevens = scope.AllocFilled<short>(33, 7);
        Span<int> copy = scope.AllocCopy<int>([1, 2, 3, 5, 8]);
        Span<int> none = scope.AllocCopy<int>([]);

        Assert.Equal(new long[40], zeros.ToArray());
        Assert.Equal(Enumerable.Repeat((short)7, 33).ToArray(), sevens.ToArray());
        Assert.Equal([1, 2, 3, 5, 8], copy.ToArray());
        Assert.Equal(0, none.Length);
        Assert.Equal(0u, Ptr.Of(zeros) % 8);
        Assert.Equal(0u, Ptr.Of(copy) % 4);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_list_keeps_every_element_across_slab_and_block_boundaries(string kind)
    {
        using BumpBuffer buf = Make(kind);
        using var scope = buf.NoEscape();
        var list = scope.List<int>();
        for (int i = 0; i < 5000; i++)
        {
            list.Add(i * 3);
        }

        list.AddRange([-1, -2, -3]);
        list[0] = 42;
        Assert.Equal(5003, list.Count);
        int[] expected = [42, .. Enumerable.Range(1, 4999).Select(i => i * 3), -1, -2, -3];
        Assert.Equal(expected, list.AsSpan().ToArray());
        Assert.True(list.Capacity >= 5003);
    }

    [Fact]
    public void A_list_that_is_the_last_allocation_grows_in_place()
    {
        var buf = new AllocBuffer(1 << 16);
        using var scope = buf.NoEscape();
        var list = scope.List<long>(4);
        nuint start = Ptr.Of(list.AsSpan());
        for (int i = 0; i < 100; i++)
        {
            list.Add(i);
        }

        Assert.Equal(start, Ptr.Of(list.AsSpan()));
        Assert.Equal(128, list.Capacity); // 4, 8, ..., 128: doubled in place each time
        Assert.Equal(128 * 8, buf.BytesUsed);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Lists_filled_in_turn_each_keep_their_elements(string kind)
    {
        using BumpBuffer buf = Make(kind);
        using var scope = buf.NoEscape();
        var a = scope.List<int>();
        var b = scope.List<int>(1);
        var c = scope.List<byte>();
        for (int i = 0; i < 700; i++)
        {
            a.Add(i);
            b.Add(-i);
            if (i % 3 == 0)
            {
                c.Add((byte)i);
            }
        }

        Assert.Equal(Enumerable.Range(0, 700).ToArray(), a.AsSpan().ToArray());
        Assert.Equal(Enumerable.Range(0, 700).Select(i => -i).ToArray(), b.AsSpan().ToArray());
        Assert.Equal(Enumerable.Range(0, 700).Where(i => i % 3 == 0).Select(i => (byte)i).ToArray(), c.AsSpan().ToArray());
    }

    [Fact]
    public void A_list_that_cannot_grow_in_a_full_AllocBuffer_is_unchanged_and_usable()
    {
        var buf = new AllocBuffer(1024);
        using var scope = buf.NoEscape();
        var list = scope.List<int>(100);
        scope.Alloc<byte>(1);            // the list is no longer the last allocation
        for (int i = 0; i < 100; i++)
        {
            list.Add(i);
        }

        long used = buf.BytesUsed;
        try
        {
            list.Add(100);               // needs a 200-element block: 800 bytes do not fit
            Assert.Fail("a full AllocBuffer must refuse the growth");
        }
        catch (BufferFullException ex)
        {
            Assert.Equal(800 + 3, ex.Requested); // 3 bytes of padding to align the ints
        }

        Assert.Equal(used, buf.BytesUsed);
        Assert.Equal(100, list.Count);
        Assert.Equal(100, list.Capacity);
        Assert.Equal(Enumerable.Range(0, 100).ToArray(), list.AsSpan().ToArray());
        list.Clear();
        list.Add(7);
        Assert.Equal([7], list.AsSpan().ToArray());
    }

    [Fact]
    public void Growing_a_list_of_an_outer_scope_while_an_inner_one_is_open_throws_in_checked_mode()
    {
        var buf = new SlabBuffer(4096) { IsChecked = true };
        using var outer = buf.NoEscape();
        var list = outer.List<int>(2);
        list.Add(1);
        list.Add(2);
        using var inner = buf.NoEscape();
        try
        {
            list.Add(3);
            Assert.Fail("growing through an outer scope must throw in checked mode");
        }
        catch (InvalidOperationException ex)
        {
            Assert.Contains("An outer scope allocated while an inner scope is still open", ex.Message, StringComparison.Ordinal);
        }

        Assert.Equal(2, list.Count);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Format_writes_an_interpolated_string_into_the_scope(string kind)
    {
        using BumpBuffer buf = Make(kind);
        using var scope = buf.NoEscape();
        int i = 7;
        double x = 3.14159;
        ReadOnlySpan<char> line = scope.Format($"row {i}: {x:F2} [{x,8:F1}] [{"ab",-4}] {Guid.Empty:N}");
        Assert.Equal("row 7: 3.14 [     3.1] [ab  ] 00000000000000000000000000000000", line.ToString());

        ReadOnlySpan<char> empty = scope.Format($"");
        Assert.Equal(0, empty.Length);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Format_grows_past_its_first_guess(string kind)
    {
        using BumpBuffer buf = Make(kind);
        using var scope = buf.NoEscape();
        string word = new('w', 3000);
        ReadOnlySpan<char> text = scope.Format($"{word}|{123456789012345L}|{word}");
        Assert.Equal(word + "|123456789012345|" + word, text.ToString());
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void FormatUtf8_grows_past_its_first_guess_with_literals_and_non_ASCII_values(string kind)
    {
        using BumpBuffer buf = Make(kind);
        using var scope = buf.NoEscape();
        string word = new('\u00e9', 1500); // two bytes each: 3,000 bytes
        ReadOnlySpan<byte> text = scope.FormatUtf8($"<{word}|{123456789012345L}|{word}> and a literal longer than the first guess for it");
        Assert.Equal(System.Text.Encoding.UTF8.GetBytes("<" + word + "|123456789012345|" + word + "> and a literal longer than the first guess for it"), text.ToArray());
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Format_keeps_its_text_when_a_value_allocates_in_the_scope_before_it_grows(string kind)
    {
        using BumpBuffer buf = Make(kind);
        using var scope = buf.NoEscape();
        string word = new('w', 100);

        // The hole allocates after the handler's block, so the growth that follows cannot be in place.
        ReadOnlySpan<char> text = scope.Format($"[{scope.AllocFilled<int>(3, 9).Length}]{word}");
        ReadOnlySpan<byte> utf8 = scope.FormatUtf8($"[{scope.AllocFilled<int>(3, 9).Length}]{word}");
        Assert.Equal("[3]" + word, text.ToString());
        Assert.Equal(System.Text.Encoding.ASCII.GetBytes("[3]" + word), utf8.ToArray());
    }

    [Fact]
    public void Format_that_cannot_grow_in_a_full_AllocBuffer_throws_and_the_scope_still_formats()
    {
        var buf = new AllocBuffer(1024);
        long used = buf.BytesUsed;
        string word = new('w', 600);
        using (var scope = buf.NoEscape())
        {
            try
            {
                _ = scope.Format($"{word}").Length; // 1,200 bytes of chars do not fit in 1,024
                Assert.Fail("a full AllocBuffer must refuse the growth");
            }
            catch (BufferFullException)
            {
            }

            try
            {
                _ = scope.FormatUtf8($"{word}{word}").Length;
                Assert.Fail("a full AllocBuffer must refuse the growth");
            }
            catch (BufferFullException)
            {
            }

            Assert.Equal("7 ok", scope.Format($"{7} ok").ToString());
            Assert.Equal("8 ok"u8.ToArray(), scope.FormatUtf8($"{8} ok").ToArray());
        }

        Assert.Equal(used, buf.BytesUsed);
    }

    [Fact]
    public void FormatUtf8_writes_utf8_bytes_into_the_scope()
    {
        var buf = new AllocBuffer(4096);
        using var scope = buf.NoEscape();
        int n = 3;
        ReadOnlySpan<byte> text = scope.FormatUtf8($"{n} caf\u00e9s at {2.5:F1} \u20ac [{n,3}]");
        Assert.Equal("3 caf\u00e9s at 2.5 \u20ac [  3]"u8.ToArray(), text.ToArray());
    }

    [Fact]
    public void Building_in_a_scope_allocates_zero_GC_bytes()
    {
        var buf = new SlabBuffer(4096) { IsChecked = false };
        for (int round = 0; round < 3; round++)
        {
            for (int i = 0; i < 100; i++)
            {
                Work(buf, i);
            }

            Thread.Sleep(150); // past tiered compilation's installs
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        long total = 0;
        for (int i = 0; i < 1000; i++)
        {
            total += Work(buf, i);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(total > 0);

        static long Work(BumpBuffer buf, int i)
        {
            using var scope = buf.NoEscape();
            var list = scope.List<int>();
            for (int k = 0; k < 50; k++)
            {
                list.Add(k + i);
            }

            ReadOnlySpan<char> text = scope.Format($"item {i}: {i * 0.5:F1}");
            ReadOnlySpan<byte> utf8 = scope.FormatUtf8($"{i}: {i * 0.5:F1}");
            Span<int> copy = scope.AllocCopy<int>(list.AsSpan());
            return copy[49] + text.Length + utf8.Length;
        }
    }

    [Theory]
    [InlineData("alloc", 11)]
    [InlineData("slab", 12)]
    [InlineData("resize", 13)]
    [InlineData("chain", 14)]
    public void Random_list_operations_agree_with_List_of_T(string kind, int seed)
    {
        using BumpBuffer buf = Make(kind);
        var rng = new Random(seed);
        for (int sequence = 0; sequence < 40; sequence++)
        {
            using var scope = buf.NoEscape();
            var first = scope.List<int>();
            var second = scope.List<int>(rng.Next(5));
            var models = new[] { new List<int>(), new List<int>() };
            for (int step = 0; step < 400; step++)
            {
                int which = rng.Next(2);
                int op = rng.Next(20);
                int value = rng.Next();
                if (op < 12)
                {
                    if (which == 0)
                    {
                        Apply(ref first, models[0], op, value, rng);
                    }
                    else
                    {
                        Apply(ref second, models[1], op, value, rng);
                    }
                }
                else
                {
                    scope.Alloc<byte>(rng.Next(40)); // interleaved allocations stop in-place growth
                }

                Assert.True(models[0].ToArray().AsSpan().SequenceEqual(first.AsSpan()), $"seed {seed}, sequence {sequence}, step {step}: the first list differs");
                Assert.True(models[1].ToArray().AsSpan().SequenceEqual(second.AsSpan()), $"seed {seed}, sequence {sequence}, step {step}: the second list differs");
            }
        }

        static void Apply(ref BumpList<int> list, List<int> model, int op, int value, Random rng)
        {
            if (op < 7)
            {
                list.Add(value);
                model.Add(value);
            }
            else if (op < 9)
            {
                int[] range = Enumerable.Range(value % 1000, rng.Next(30)).ToArray();
                list.AddRange(range);
                model.AddRange(range);
            }
            else if (op < 11 && model.Count > 0)
            {
                int index = rng.Next(model.Count);
                list[index] = value;
                model[index] = value;
            }
            else if (rng.Next(10) == 0)
            {
                list.Clear();
                model.Clear();
            }
        }
    }

    [Fact]
    public void A_cursor_copies_zeroes_and_fills_at_exact_addresses()
    {
        var buf = new AllocBuffer(4096);
        using (var dirty = buf.NoEscape())
        {
            dirty.Alloc<byte>(64).Fill(0xEE); // released bytes that AllocZeroed must clear
        }

        using var scope = buf.NoEscape();
        var cursor = scope.Cursor();
        Span<int> copy = cursor.AllocCopy<int>([4, 5, 6]);
        Span<byte> zeros = cursor.AllocZeroed<byte>(5);
        Span<long> fours = cursor.AllocFilled<long>(2, 4);
        cursor.Dispose();

        Assert.Equal([4, 5, 6], copy.ToArray());
        Assert.Equal(new byte[5], zeros.ToArray());
        Assert.Equal([4L, 4L], fours.ToArray());
        Assert.Equal(Ptr.Of(copy) + 12, Ptr.Of(zeros));
        Assert.Equal(Ptr.Of(copy) + 24, Ptr.Of(fours)); // 12 + 5 bytes, rounded up to 8
        Assert.Equal(24 + 16, buf.BytesUsed);
    }

    [Fact]
    public async Task An_arena_copy_stays_valid_across_await()
    {
        using var arena = new BumpArena(256);
        Memory<char> copy = arena.AllocCopy<char>("hello arena".AsSpan());
        await Task.Yield();
        Assert.Equal("hello arena", new string(copy.Span));
    }
}
