using System.Text;

namespace Bumper.Tests.Snapshots;

/// <summary>
/// A readable line diff for snapshot failures: "-" lines only in the approved text (numbered as there),
/// "+" lines only in the received one (numbered as there), tabs shown as \t.
/// </summary>
internal static class LineDiff
{
    /// <summary>Formats the differing lines of <paramref name="expected"/> and <paramref name="actual"/>, with up to two lines of context.</summary>
    public static string Format(string expected, string actual)
    {
        string[] a = expected.Split('\n');
        string[] b = actual.Split('\n');

        // Longest common subsequence table, from the end: lcs[i, j] for a[i..], b[j..].
        int[,] lcs = new int[a.Length + 1, b.Length + 1];
        for (int i = a.Length - 1; i >= 0; i--)
        {
            for (int j = b.Length - 1; j >= 0; j--)
            {
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        var lines = new List<(char Kind, int Line, string Text)>();
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y])
            {
                lines.Add((' ', x + 1, a[x]));
                x++;
                y++;
            }
            else if (x < a.Length && (y == b.Length || lcs[x + 1, y] >= lcs[x, y + 1]))
            {
                lines.Add(('-', x + 1, a[x]));
                x++;
            }
            else
            {
                lines.Add(('+', y + 1, b[y]));
                y++;
            }
        }

        var text = new StringBuilder();
        for (int k = 0; k < lines.Count; k++)
        {
            bool near = false;
            for (int d = Math.Max(0, k - 2); d <= Math.Min(lines.Count - 1, k + 2) && !near; d++)
            {
                near = lines[d].Kind != ' ';
            }

            if (near)
            {
                (char kind, int line, string content) = lines[k];
                text.Append(kind).Append(' ').Append(line.ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(4))
                    .Append(" | ").Append(content.Replace("\t", "\\t", StringComparison.Ordinal)).Append('\n');
            }
        }

        return text.ToString();
    }
}
