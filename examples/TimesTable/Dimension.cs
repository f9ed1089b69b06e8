using System.Globalization;

namespace TimesTable;

/// <summary>Parses one table dimension (<c>rows</c> or <c>cols</c>) from its command-line text.</summary>
internal static class Dimension
{
    /// <summary>The largest accepted dimension: the longest row a <see cref="Span{T}"/> can hold.</summary>
    public const long Maximum = int.MaxValue;

    /// <summary>
    /// Parses <paramref name="text"/> as a dimension in [1, <see cref="Maximum"/>].
    /// </summary>
    /// <param name="name">The argument's name, used in the error message.</param>
    /// <param name="text">The token as typed.</param>
    /// <param name="allowTrailingComma">
    /// Accept one trailing comma, so that <c>times_table 12, 7</c> works as in Bumper.jl's transcript.
    /// </param>
    /// <param name="value">The dimension, when the result is <see langword="null"/>.</param>
    /// <returns><see langword="null"/> on success, otherwise the message that says what is wrong.</returns>
    public static string? TryParse(string name, string text, bool allowTrailingComma, out long value)
    {
        value = 0;
        ReadOnlySpan<char> digits = text;
        if (allowTrailingComma && digits.EndsWith(','))
        {
            digits = digits[..^1];
        }

        bool negative = digits.StartsWith('-');
        ReadOnlySpan<char> magnitude = negative || digits.StartsWith('+') ? digits[1..] : digits;
        if (magnitude.IsEmpty || magnitude.ContainsAnyExceptInRange('0', '9'))
        {
            return $"{name} must be a whole number, got '{text}'";
        }

        if (magnitude.TrimStart('0').IsEmpty)
        {
            return $"{name} must be at least 1, got '{text}'";
        }

        if (negative)
        {
            return $"{name} must be a positive number, got '{text}'";
        }

        if (!long.TryParse(magnitude, NumberStyles.None, CultureInfo.InvariantCulture, out value) || value > Maximum)
        {
            value = 0;
            return $"{name} must be at most {Maximum}, got '{text}'";
        }

        return null;
    }
}
