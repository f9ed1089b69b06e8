using System.Globalization;

namespace BinaryTrees;

/// <summary>Parses the benchmark's one argument, the depth of the largest trees.</summary>
internal static class Depth
{
    /// <summary>The largest depth accepted: its stretch tree (one level deeper) takes 2 GiB of nodes.</summary>
    public const int Maximum = 25;

    /// <summary>Parses <paramref name="text"/> as a depth from 0 to <see cref="Maximum"/>.</summary>
    /// <param name="text">The token as typed.</param>
    /// <param name="value">The depth, when the result is <see langword="null"/>.</param>
    /// <returns><see langword="null"/> on success, otherwise the message that says what is wrong.</returns>
    public static string? TryParse(string text, out int value)
    {
        value = 0;
        bool negative = text.StartsWith('-');
        ReadOnlySpan<char> magnitude = negative || text.StartsWith('+') ? text.AsSpan(1) : text;
        if (magnitude.IsEmpty || magnitude.ContainsAnyExceptInRange('0', '9'))
        {
            return $"depth must be a whole number, got '{text}'";
        }

        if (negative && !magnitude.TrimStart('0').IsEmpty)
        {
            return $"depth must be at least 0, got '{text}'";
        }

        if (!int.TryParse(magnitude, NumberStyles.None, CultureInfo.InvariantCulture, out value) || value > Maximum)
        {
            value = 0;
            return $"depth must be at most {Maximum}, got '{text}'";
        }

        return null;
    }
}
