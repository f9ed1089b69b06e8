// Invariants: [_start, _start + _length) holds the text formatted so far and
// [_start + _length, _start + _capacity) is free room, one block of the buffer's memory allocated
// after the scope opened. Growing keeps the text contiguous: in place while the block is the
// buffer's last allocation, otherwise in a new block twice the size.
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

    /// <summary>Starts a text with room for the literal parts and a guess for each value.</summary>
    /// <param name="literalLength">The length of the literal parts.</param>
    /// <param name="formattedCount">How many values are formatted.</param>
    /// <param name="scope">The scope whose memory receives the text.</param>
    public BumpFormatHandler(int literalLength, int formattedCount, NoEscapeScope scope)
    {
        _text = new TextBlock<char>(scope.BufferForText(), literalLength + (formattedCount * 11));
    }

    /// <summary>The text formatted so far.</summary>
    internal readonly ReadOnlySpan<char> Text => _text.Written;

    /// <summary>Appends a literal part.</summary>
    public void AppendLiteral(string value) => AppendFormatted(value.AsSpan());

    /// <summary>Appends characters.</summary>
    public void AppendFormatted(scoped ReadOnlySpan<char> value)
    {
        value.CopyTo(_text.Room(value.Length));
        _text.Advance(value.Length);
    }

    /// <summary>Appends characters, padded to <paramref name="alignment"/> (negative: left-aligned).</summary>
    public void AppendFormatted(scoped ReadOnlySpan<char> value, int alignment = 0, string? format = null)
    {
        _ = format;
        int start = _text.Length;
        AppendFormatted(value);
        _text.Pad(start, alignment, ' ');
    }

    /// <summary>Appends a string.</summary>
    public void AppendFormatted(string? value) => AppendFormatted(value.AsSpan());

    /// <summary>Appends a value with its <see cref="ISpanFormattable"/> (or <c>ToString</c>) text.</summary>
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
        if (value is ISpanFormattable)
        {
            int written;
            while (!((ISpanFormattable)value).TryFormat(_text.Room(0), out written, format, null))
            {
                _text.GrowFor(Math.Max(16, _text.Capacity));
            }

            _text.Advance(written);
        }
        else
        {
            // Types that cannot format into a span pay for their string.
            string? s = value is IFormattable f ? f.ToString(format, null) : value?.ToString();
            AppendFormatted(s.AsSpan());
        }

        _text.Pad(start, alignment, ' ');
    }
}
