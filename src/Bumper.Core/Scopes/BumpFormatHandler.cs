// How both format handlers write: each part goes straight into the free room of the text's block
// (Internal/TextBlock.cs), as a TryFormat or a copy plus an Advance, the way the runtime's handlers
// write into a destination span; only a part that does not fit takes an out-of-line growth. The room
// a finished text leaves unused stays taken until the scope ends: giving it back is an extra call per
// text.
using System.Runtime.CompilerServices;
using Bumper.Internal;

namespace Bumper;

/// <summary>
/// The interpolated-string handler behind <see cref="NoEscapeScope.Format(ref BumpFormatHandler)"/>:
/// formats <c>$"row {i}: {x:F2}"</c> straight into the scope's memory, with no string and no
/// intermediate buffer on the GC heap (values are written with <see cref="ISpanFormattable"/>).
/// </summary>
/// <remarks>Not meant to be used directly: the compiler builds it from an interpolated string.</remarks>
[InterpolatedStringHandler]
public unsafe ref struct BumpFormatHandler
{
    private TextBlock<char> _text;

    /// <summary>
    /// Starts a text with room for the literal parts and 11 chars for each value (the longest <c>int</c>).
    /// A text that fits takes just that room from the scope. A longer one grows to twice its room (or to
    /// what it needs, if more): in place while it is the buffer's last allocation, otherwise into a new block.
    /// </summary>
    /// <param name="literalLength">The length of the literal parts.</param>
    /// <param name="formattedCount">How many values are formatted.</param>
    /// <param name="scope">The scope whose memory receives the text.</param>
    public BumpFormatHandler(int literalLength, int formattedCount, NoEscapeScope scope)
    {
        _text = new TextBlock<char>(scope.BufferForText(), literalLength + (formattedCount * 11));
    }

    /// <summary>Appends a literal part.</summary>
    // Inlined so the literal's length is a constant where the compiler calls it, and its copy a few stores.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AppendLiteral(string value)
    {
        if (value.AsSpan().TryCopyTo(_text.Free))
        {
            _text.Advance(value.Length);
        }
        else
        {
            GrowAndAppend(value);
        }
    }

    /// <summary>Appends characters.</summary>
    public void AppendFormatted(scoped ReadOnlySpan<char> value)
    {
        if (value.TryCopyTo(_text.Free))
        {
            _text.Advance(value.Length);
        }
        else
        {
            GrowAndAppend(value);
        }
    }

    /// <summary>Appends characters, padded to <paramref name="alignment"/> (negative: left-aligned).</summary>
    public void AppendFormatted(scoped ReadOnlySpan<char> value, int alignment = 0, string? format = null)
    {
        _ = format;
        int start = _text.Length;
        AppendFormatted(value);
        if (alignment != 0)
        {
            _text.Pad(start, alignment, ' ');
        }
    }

    /// <summary>Appends a string.</summary>
    public void AppendFormatted(string? value) => AppendFormatted(value.AsSpan());

    /// <summary>Appends a value with its <see cref="ISpanFormattable"/> (or <c>ToString</c>) text.</summary>
    // Optimized from its first call: unoptimized code would box a value type for the interface test.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AppendFormatted<T>(T value)
    {
        // An empty format written as a constant (not a null string) lets an inlined TryFormat drop its
        // format parsing.
        if (value is ISpanFormattable)
        {
            if (((ISpanFormattable)value).TryFormat(_text.Free, out int written, default, null))
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
        if (value is ISpanFormattable)
        {
            if (((ISpanFormattable)value).TryFormat(_text.Free, out int written, format, null))
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
            _text.Pad(start, alignment, ' ');
        }
    }

    /// <summary>The text, once the compiler has appended every part.</summary>
    internal readonly ReadOnlySpan<char> Finish() => _text.Written;

    /// <summary>Grows the room to fit <paramref name="value"/>, then appends it.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void GrowAndAppend(scoped ReadOnlySpan<char> value)
    {
        value.CopyTo(_text.Room(value.Length));
        _text.Advance(value.Length);
    }

    /// <summary>Grows the room until <paramref name="value"/>'s text fits, then appends it.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void GrowAndFormat<T>(T value, string? format)
    {
        int written;
        do
        {
            _text.GrowFor(Math.Max(16, _text.Capacity));
        }
        while (!((ISpanFormattable)value!).TryFormat(_text.Free, out written, format, null));

        _text.Advance(written);
    }

    /// <summary>Appends the string of a value that cannot format into a span: it pays for that string.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void AppendString<T>(T value, string? format)
    {
        string? s = value is IFormattable f ? f.ToString(format, null) : value?.ToString();
        AppendFormatted(s.AsSpan());
    }
}
