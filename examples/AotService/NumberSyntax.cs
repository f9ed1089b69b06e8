using System.Buffers;
using System.Globalization;

namespace AotService;

/// <summary>
/// The body of <c>POST /stats</c>: numbers separated by runs of commas, spaces, tabs or newlines
/// (CR LF included); each number is a finite decimal double in the invariant culture (<c>-1.5</c>, <c>2e3</c>).
/// Both the arena and the heap paths read it by these rules, so both answer alike.
/// </summary>
internal static class NumberSyntax
{
    /// <summary>A token longer than this is refused without waiting for its end (no number needs more).</summary>
    public const int MaxTokenBytes = 128;

    private const NumberStyles Styles = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;

    /// <summary>The separator bytes.</summary>
    public static ReadOnlySpan<byte> Separators => " ,\n\r\t"u8;

    /// <summary>Whether <paramref name="b"/> separates numbers.</summary>
    public static bool IsSeparator(byte b) => b is (byte)' ' or (byte)',' or (byte)'\n' or (byte)'\r' or (byte)'\t';

    /// <summary>Parses one whole token, in UTF-8, as a finite double.</summary>
    public static bool TryParse(ReadOnlySpan<byte> token, out double value) =>
        token.Length <= MaxTokenBytes
        && double.TryParse(token, Styles, CultureInfo.InvariantCulture, out value)
        && double.IsFinite(value)
        || Fail(out value);

    /// <summary>Parses one whole token, in UTF-8, as a finite double; as text, for the heap path.</summary>
    public static bool TryParse(string token, out double value) =>
        token.Length <= MaxTokenBytes
        && double.TryParse(token, Styles, CultureInfo.InvariantCulture, out value)
        && double.IsFinite(value)
        || Fail(out value);

    /// <summary>Parses a token that may span the pipe's segments: it is copied to the stack first.</summary>
    public static bool TryParse(in ReadOnlySequence<byte> token, out double value)
    {
        if (token.IsSingleSegment)
        {
            return TryParse(token.FirstSpan, out value);
        }

        if (token.Length > MaxTokenBytes)
        {
            return Fail(out value);
        }

        Span<byte> copy = stackalloc byte[MaxTokenBytes];
        token.CopyTo(copy);
        return TryParse(copy[..(int)token.Length], out value);
    }

    private static bool Fail(out double value)
    {
        value = 0;
        return false;
    }
}
