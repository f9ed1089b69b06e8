using System.Runtime.CompilerServices;
using System.Buffers;
using System.Text;
using Bumper.Internal;

namespace Bumper;

/// <summary>
/// The interpolated-string handler behind <see cref="NoEscapeScope.FormatUtf8(ref BumpUtf8FormatHandler)"/>:
/// formats <c>$"row {i}: {x:F2}"</c> as UTF-8 straight into the scope's memory (values are written with
/// <see cref="IUtf8SpanFormattable"/>), with no string and no intermediate buffer on the GC heap.
/// </summary>
/// <remarks>Not meant to be used directly: the compiler builds it from an interpolated string.</remarks>
[InterpolatedStringHandler]
public unsafe ref struct BumpUtf8FormatHandler
{
    private TextBlock<byte> _text;

    /// <summary>Starts a text with room for the literal parts and a guess for each value.</summary>
    /// <param name="literalLength">The length of the literal parts, in characters.</param>
    /// <param name="formattedCount">How many values are formatted.</param>
    /// <param name="scope">The scope whose memory receives the text.</param>
    public BumpUtf8FormatHandler(int literalLength, int formattedCount, NoEscapeScope scope)
    {
        _text = new TextBlock<byte>(scope.BufferForText(), literalLength + (formattedCount * 11));
    }

    /// <summary>The UTF-8 text formatted so far.</summary>
    internal readonly ReadOnlySpan<byte> Text => _text.Written;

    /// <summary>Appends a literal part, transcoded to UTF-8.</summary>
    public void AppendLiteral(string value) => AppendFormatted(value.AsSpan());

    /// <summary>Appends characters, transcoded to UTF-8.</summary>
    public void AppendFormatted(scoped ReadOnlySpan<char> value)
    {
        // ASCII (literals nearly always are) is a vectorized narrowing copy; other text is transcoded in
        // one pass into the room there is, and only a longer text grows the block to the worst case.
        if (Ascii.FromUtf16(value, _text.Room(value.Length), out int ascii) == OperationStatus.Done)
        {
            _text.Advance(ascii);
            return;
        }

        int written;
        while (!Encoding.UTF8.TryGetBytes(value, _text.Room(value.Length), out written))
        {
            _text.GrowFor(Encoding.UTF8.GetMaxByteCount(value.Length));
        }

        _text.Advance(written);
    }

    /// <summary>Appends characters, padded to <paramref name="alignment"/> characters' worth of bytes (negative: left-aligned).</summary>
    public void AppendFormatted(scoped ReadOnlySpan<char> value, int alignment = 0, string? format = null)
    {
        _ = format;
        int start = _text.Length;
        AppendFormatted(value);
        _text.Pad(start, alignment, (byte)' ');
    }

    /// <summary>Appends UTF-8 bytes as they are.</summary>
    public void AppendFormatted(scoped ReadOnlySpan<byte> utf8)
    {
        utf8.CopyTo(_text.Room(utf8.Length));
        _text.Advance(utf8.Length);
    }

    /// <summary>Appends a string, transcoded to UTF-8.</summary>
    public void AppendFormatted(string? value) => AppendFormatted(value.AsSpan());

    /// <summary>Appends a value with its <see cref="IUtf8SpanFormattable"/> (or <c>ToString</c>) text.</summary>
    public void AppendFormatted<T>(T value) => AppendFormatted(value, 0, null);

    /// <summary>Appends a value formatted with <paramref name="format"/>.</summary>
    public void AppendFormatted<T>(T value, string? format) => AppendFormatted(value, 0, format);

    /// <summary>Appends a value padded to <paramref name="alignment"/> (negative: left-aligned).</summary>
    public void AppendFormatted<T>(T value, int alignment) => AppendFormatted(value, alignment, null);

    /// <summary>Appends a value formatted with <paramref name="format"/> and padded to <paramref name="alignment"/>.</summary>
    // Optimized from its first call: unoptimized code would box a value type for the interface test.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AppendFormatted<T>(T value, int alignment, string? format)
    {
        int start = _text.Length;
        // The cast sits on the call so a value type is not boxed (the JIT calls it directly).
        if (value is IUtf8SpanFormattable)
        {
            int written;
            while (!((IUtf8SpanFormattable)value).TryFormat(_text.Room(0), out written, format, null))
            {
                _text.GrowFor(Math.Max(16, _text.Capacity));
            }

            _text.Advance(written);
        }
        else
        {
            // Types that cannot format into UTF-8 pay for their string.
            string? s = value is IFormattable f ? f.ToString(format, null) : value?.ToString();
            AppendFormatted(s.AsSpan());
        }

        _text.Pad(start, alignment, (byte)' ');
    }
}
