using System.Globalization;
using System.Text;
using Bumper;

namespace Bumper.Core.Tests.Scopes;

/// <summary>
/// Every kind of hole <c>scope.Format</c> and <c>scope.FormatUtf8</c> take, the growth each one can need,
/// and the memory a text takes: its first room (the literal parts and 11 units per value), grown to
/// twice its room or what it needs, in place while it is the buffer's last allocation.
/// </summary>
public sealed class FormatTests
{
    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    [Fact]
    public void Span_values_are_copied_and_padded_on_either_side()
    {
        using var buf = new AllocBuffer(4096);
        using var scope = buf.NoEscape();
        ReadOnlySpan<char> word = "ab";
        ReadOnlySpan<char> accented = "\u00e9t\u00e9";

        Assert.Equal("[  ab][ab  ][ab][\u00e9t\u00e9]", scope.Format($"[{word,4}][{word,-4}][{word}][{accented}]").ToString());
        Assert.Equal(Utf8("[  ab][ab  ][ab][\u00e9t\u00e9]"), scope.FormatUtf8($"[{word,4}][{word,-4}][{word}][{accented}]").ToArray());
    }

    [Fact]
    public void Utf8_bytes_are_copied_as_they_are_even_past_the_first_room()
    {
        using var buf = new AllocBuffer(4096);
        using var scope = buf.NoEscape();
        ReadOnlySpan<byte> short_ = "h\u00e9"u8;
        byte[] long_ = Utf8(new string('\u00e9', 100));

        Assert.Equal(Utf8("<h\u00e9>"), scope.FormatUtf8($"<{short_}>").ToArray());
        Assert.Equal(Utf8("<" + new string('\u00e9', 100) + ">"), scope.FormatUtf8($"<{(ReadOnlySpan<byte>)long_}>").ToArray());
    }

    [Fact]
    public void A_value_longer_than_its_room_grows_the_text_with_or_without_a_format()
    {
        using var buf = new AllocBuffer(4096);
        using var scope = buf.NoEscape();

        Assert.Equal("-9223372036854775808", scope.Format($"{long.MinValue}").ToString());
        Assert.Equal("100000000000000000000.00", scope.Format($"{1e20:F2}").ToString());
        Assert.Equal(Utf8("-9223372036854775808"), scope.FormatUtf8($"{long.MinValue}").ToArray());
        Assert.Equal(Utf8("100000000000000000000.00"), scope.FormatUtf8($"{1e20:F2}").ToArray());
    }

    [Fact]
    public void Values_that_cannot_format_into_a_span_are_written_with_their_ToString()
    {
        using var buf = new AllocBuffer(4096);
        using var scope = buf.NoEscape();
        var pair = new Pair(1, 2);
        var heat = new Temperature(451);

        Assert.Equal("Pair { A = 1, B = 2 }|451|451F|  451F", scope.Format($"{pair}|{heat}|{heat:F}|{heat,6:F}").ToString());
        Assert.Equal(Utf8("Pair { A = 1, B = 2 }|451|451F|  451F"), scope.FormatUtf8($"{pair}|{heat}|{heat:F}|{heat,6:F}").ToArray());
    }

    [Fact]
    public void Padding_wider_than_the_room_grows_the_text_and_a_value_wider_than_its_alignment_is_kept_whole()
    {
        using var buf = new AllocBuffer(4096);
        using var scope = buf.NoEscape();
        string spaces = new(' ', 39);

        Assert.Equal("[" + spaces + "7][7" + spaces + "][12345]", scope.Format($"[{7,40}][{7,-40}][{12345,3}]").ToString());
        Assert.Equal(Utf8("[" + spaces + "7][7" + spaces + "][12345]"), scope.FormatUtf8($"[{7,40}][{7,-40}][{12345,3}]").ToArray());
    }

    [Theory]
    [InlineData(int.MaxValue, 2147483647L)]
    [InlineData(int.MinValue, 2147483648L)]
    public void An_alignment_wider_than_any_text_is_refused_and_the_scope_still_formats(int alignment, long width)
    {
        using var buf = new AllocBuffer(4096);
        using var scope = buf.NoEscape();
        string expected = $"A formatted text holds at most {Array.MaxLength} elements; {width} were needed.";

        var ex = Assert.Throws<InvalidOperationException>(() => Format(buf, alignment));
        Assert.Equal(expected, ex.Message);
        ex = Assert.Throws<InvalidOperationException>(() => FormatUtf8(buf, alignment));
        Assert.Equal(expected, ex.Message);

        Assert.Equal("7 ok", scope.Format($"{7} ok").ToString());

        // CS8094 warns of alignments over 32,767 at compile time; such an alignment is what is under test.
#pragma warning disable CS8094
        static int Format(BumpBuffer buf, int alignment)
        {
            using var scope = buf.NoEscape();
            return alignment > 0 ? scope.Format($"{7,2147483647}").Length : scope.Format($"{7,-2147483648}").Length;
        }

        static int FormatUtf8(BumpBuffer buf, int alignment)
        {
            using var scope = buf.NoEscape();
            return alignment > 0 ? scope.FormatUtf8($"{7,2147483647}").Length : scope.FormatUtf8($"{7,-2147483648}").Length;
        }
#pragma warning restore CS8094
    }

    [Fact]
    public void A_literal_after_a_value_that_filled_the_first_room_grows_the_text()
    {
        using var buf = new AllocBuffer(4096);
        using var scope = buf.NoEscape();

        // "abcd" and one value: a room of 4 + 11 units, which the 15-unit value fills.
        Assert.Equal(new string('x', 15) + "abcd", scope.Format($"{new Filler(15)}abcd").ToString());
        Assert.Equal(Utf8(new string('x', 15) + "abcd"), scope.FormatUtf8($"{new Filler(15)}abcd").ToArray());
    }

    [Fact]
    public void A_text_that_fits_takes_its_first_room_and_nothing_more()
    {
        using var buf = new AllocBuffer(4096) { IsChecked = false };
        using var scope = buf.NoEscape();
        int i = 12;
        double x = 0.25;

        ReadOnlySpan<byte> utf8 = scope.FormatUtf8($"row {i}: {x:F2}");
        Assert.Equal(6 + (2 * 11), buf.BytesUsed);
        ReadOnlySpan<char> chars = scope.Format($"row {i}: {x:F2}");

        Assert.Equal(28 + (2 * (6 + (2 * 11))), buf.BytesUsed);
        Assert.Equal(Utf8("row 12: 0.25"), utf8.ToArray());
        Assert.Equal("row 12: 0.25", chars.ToString());
    }

    [Fact]
    public void A_text_that_is_the_last_allocation_grows_in_place_to_twice_its_room_or_what_it_needs()
    {
        using var buf = new AllocBuffer(4096) { IsChecked = false };
        using var scope = buf.NoEscape();
        string word = new('w', 30);

        // A room of 13 chars; the word needs 31: grown in place to 31; "]" needs 32: to twice 31, 62 chars.
        ReadOnlySpan<char> text = scope.Format($"[{word}]");

        Assert.Equal("[" + word + "]", text.ToString());
        Assert.Equal(62 * sizeof(char), buf.BytesUsed);
    }

    [Fact]
    public void A_text_that_is_not_the_last_allocation_moves_to_a_block_twice_its_room()
    {
        using var buf = new AllocBuffer(4096) { IsChecked = false };
        using var scope = buf.NoEscape();
        string word = new('w', 30);

        // A room of 24 chars (48 B), then 12 B of ints after it; "[3]" and the word need 33 chars, less
        // than twice 24: the text moves to a block of 48 chars (96 B) at byte 60.
        ReadOnlySpan<char> text = scope.Format($"[{scope.AllocFilled<int>(3, 9).Length}]{word}");

        Assert.Equal("[3]" + word, text.ToString());
        Assert.Equal(48 + 12 + 96, buf.BytesUsed);
    }

    [Fact]
    public void Padding_that_exactly_fills_the_room_takes_no_more_memory()
    {
        using var buf = new AllocBuffer(4096) { IsChecked = false };
        using var scope = buf.NoEscape();

        // One value: a room of 11 units; "7" padded to 11 fills it exactly.
        ReadOnlySpan<char> chars = scope.Format($"{7,11}");
        Assert.Equal(11 * sizeof(char), buf.BytesUsed);
        ReadOnlySpan<byte> utf8 = scope.FormatUtf8($"{7,-11}");

        Assert.Equal((11 * sizeof(char)) + 11, buf.BytesUsed);
        Assert.Equal(new string(' ', 10) + "7", chars.ToString());
        Assert.Equal(Utf8("7" + new string(' ', 10)), utf8.ToArray());
    }

    [Fact]
    public void An_alignment_after_earlier_text_is_refused_with_the_whole_length_the_text_needed()
    {
        using var buf = new AllocBuffer(4096);
        const string expected = "A formatted text holds at most 2147483591 elements; 2147483650 were needed.";

        var ex = Assert.Throws<InvalidOperationException>(() => Format(buf));
        Assert.Equal(expected, ex.Message);
        ex = Assert.Throws<InvalidOperationException>(() => FormatUtf8(buf));
        Assert.Equal(expected, ex.Message);

#pragma warning disable CS8094 // an alignment over 32,767 is what is under test
        static int Format(BumpBuffer buf)
        {
            using var scope = buf.NoEscape();
            return scope.Format($"abc{7,2147483647}").Length;
        }

        static int FormatUtf8(BumpBuffer buf)
        {
            using var scope = buf.NoEscape();
            return scope.FormatUtf8($"abc{7,2147483647}").Length;
        }
#pragma warning restore CS8094
    }

    [Fact]
    public void A_handler_made_by_hand_with_no_room_grows_to_16_units_for_its_first_value()
    {
        using var buf = new AllocBuffer(4096) { IsChecked = false };
        using var scope = buf.NoEscape();

        var chars = new BumpFormatHandler(0, 0, scope);
        chars.AppendFormatted(123456789);
        Assert.Equal("123456789", scope.Format(ref chars).ToString());
        Assert.Equal(16 * sizeof(char), buf.BytesUsed);

        var utf8 = new BumpUtf8FormatHandler(0, 0, scope);
        utf8.AppendFormatted(123456789);
        Assert.Equal(Utf8("123456789"), scope.FormatUtf8(ref utf8).ToArray());
        Assert.Equal((16 * sizeof(char)) + 16, buf.BytesUsed);
    }

    private sealed record Pair(int A, int B);

    /// <summary>Formattable only through <see cref="IFormattable.ToString(string?, IFormatProvider?)"/>.</summary>
    private sealed class Temperature(int degrees) : IFormattable
    {
        public string ToString(string? format, IFormatProvider? formatProvider) =>
            degrees.ToString(CultureInfo.InvariantCulture) + (format == "F" ? "F" : "");

        public override string ToString() => ToString(null, null);
    }

    /// <summary>A value whose text is <c>length</c> x's: it formats only into a room that holds them all.</summary>
    private readonly struct Filler(int length) : ISpanFormattable, IUtf8SpanFormattable
    {
        public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
        {
            charsWritten = destination.Length >= length ? length : 0;
            destination[..charsWritten].Fill('x');
            return charsWritten == length;
        }

        public bool TryFormat(Span<byte> utf8Destination, out int bytesWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
        {
            bytesWritten = utf8Destination.Length >= length ? length : 0;
            utf8Destination[..bytesWritten].Fill((byte)'x');
            return bytesWritten == length;
        }

        public string ToString(string? format, IFormatProvider? formatProvider) => new('x', length);

        public override string ToString() => ToString(null, null);
    }
}
