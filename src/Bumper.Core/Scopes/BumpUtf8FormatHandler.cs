using System.Runtime.CompilerServices;
using System.Buffers;
using System.Text;
using System.Text.Unicode;
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

    /// <summary>
    /// Starts a text with room for the literal parts and 11 bytes for each value (the longest <c>int</c>).
    /// A text that fits takes just that room from the scope. A longer one grows to twice its room (or to
    /// what it needs, if more): in place while it is the buffer's last allocation, otherwise into a new block.
    /// </summary>
    /// <param name="literalLength">The length of the literal parts, in characters.</param>
    /// <param name="formattedCount">How many values are formatted.</param>
    /// <param name="scope">The scope whose memory receives the text.</param>
    public BumpUtf8FormatHandler(int literalLength, int formattedCount, NoEscapeScope scope)
    {
        _text = new TextBlock<byte>(scope.BufferForText(), literalLength + (formattedCount * 11));
    }

    /// <summary>Appends a literal part, transcoded to UTF-8.</summary>
    // Inlined so the literal is a constant where the compiler calls it: the runtime's own UTF-8 handler,
    // inlined in turn, then encodes it when the code is compiled (a JIT intrinsic), so a literal is a
    // few stores into the room.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AppendLiteral(string value)
    {
        var literal = new Utf8.TryWriteInterpolatedStringHandler(0, 0, _text.Free, out _);
        if (literal.AppendLiteral(value) && Utf8.TryWrite(default, ref literal, out int written))
        {
            _text.Advance(written);
        }
        else
        {
            GrowAndAppend(value);
        }
    }

    /// <summary>Appends characters, transcoded to UTF-8.</summary>
    public void AppendFormatted(scoped ReadOnlySpan<char> value)
    {
        // ASCII (literals and numbers nearly always are) is a vectorized narrowing copy into the room there is.
        if (Ascii.FromUtf16(value, _text.Free, out int ascii) == OperationStatus.Done)
        {
            _text.Advance(ascii);
        }
        else
        {
            GrowAndAppend(value);
        }
    }

    /// <summary>Appends characters, padded to <paramref name="alignment"/> characters' worth of bytes (negative: left-aligned).</summary>
    public void AppendFormatted(scoped ReadOnlySpan<char> value, int alignment = 0, string? format = null)
    {
        _ = format;
        int start = _text.Length;
        AppendFormatted(value);
        if (alignment != 0)
        {
            _text.Pad(start, alignment, (byte)' ');
        }
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
    // Optimized from its first call: unoptimized code would box a value type for the interface test.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AppendFormatted<T>(T value)
    {
        // An empty format written as a constant (not a null string) lets an inlined TryFormat drop its
        // format parsing.
        if (value is IUtf8SpanFormattable)
        {
            if (((IUtf8SpanFormattable)value).TryFormat(_text.Free, out int written, default, null))
            {
                _text.Advance(written);
            }
            else
            {
                GrowAndFormat(value, null);
            }
        }
        else
        {
            AppendString(value, null);
        }
    }

    /// <summary>Appends a value formatted with <paramref name="format"/>.</summary>
    // Optimized from its first call: unoptimized code would box a value type for the interface test.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AppendFormatted<T>(T value, string? format)
    {
        // The cast sits on the call so a value type is not boxed (the JIT calls it directly). The value
        // is written straight into the room; only a room too small takes the out-of-line growth.
        if (value is IUtf8SpanFormattable)
        {
            if (((IUtf8SpanFormattable)value).TryFormat(_text.Free, out int written, format, null))
            {
                _text.Advance(written);
            }
            else
            {
                GrowAndFormat(value, format);
            }
        }
        else
        {
            AppendString(value, format);
        }
    }

    /// <summary>Appends a value padded to <paramref name="alignment"/> (negative: left-aligned).</summary>
    public void AppendFormatted<T>(T value, int alignment) => AppendFormatted(value, alignment, null);

    /// <summary>Appends a value formatted with <paramref name="format"/> and padded to <paramref name="alignment"/>.</summary>
    public void AppendFormatted<T>(T value, int alignment, string? format)
    {
        int start = _text.Length;
        AppendFormatted(value, format);
        if (alignment != 0)
        {
            _text.Pad(start, alignment, (byte)' ');
        }
    }

    /// <summary>The UTF-8 text, once the compiler has appended every part.</summary>
    internal readonly ReadOnlySpan<byte> Finish() => _text.Written;

    /// <summary>Appends text that did not fit the room as ASCII: transcodes what fits, grows to the worst case only if it must.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void GrowAndAppend(scoped ReadOnlySpan<char> value)
    {
        int written;
        while (!Encoding.UTF8.TryGetBytes(value, _text.Free, out written))
        {
            _text.GrowFor(Encoding.UTF8.GetMaxByteCount(value.Length));
        }

        _text.Advance(written);
    }

    /// <summary>Grows the room until <paramref name="value"/>'s UTF-8 text fits, then appends it.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void GrowAndFormat<T>(T value, string? format)
    {
        int written;
        do
        {
            _text.GrowFor(Math.Max(16, _text.Capacity));
        }
        while (!((IUtf8SpanFormattable)value!).TryFormat(_text.Free, out written, format, null));

        _text.Advance(written);
    }

    /// <summary>Appends the string of a value that cannot format into UTF-8: it pays for that string.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void AppendString<T>(T value, string? format)
    {
        string? s = value is IFormattable f ? f.ToString(format, null) : value?.ToString();
        AppendFormatted(s.AsSpan());
    }
}
