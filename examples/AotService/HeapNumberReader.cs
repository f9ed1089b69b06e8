using System.Text;

namespace AotService;

/// <summary>
/// The heap path of <c>POST /stats</c>, for comparison: the body copied into a growing
/// <see cref="MemoryStream"/>, a string per token, the values in a <see cref="List{T}"/> and then a
/// <c>double[]</c>, by the same rules as <see cref="ArenaNumberReader"/>.
/// </summary>
internal static class HeapNumberReader
{
    /// <summary>Reads every number of the body; returns the first bad token, or null.</summary>
    public static async Task<(List<double> Values, ParseFailure? Failure)> ReadAsync(Stream body, CancellationToken cancellationToken)
    {
        var copy = new MemoryStream();
        await body.CopyToAsync(copy, cancellationToken).ConfigureAwait(false);
        byte[] bytes = copy.ToArray();
        var values = new List<double>();
        int i = 0;
        while (i < bytes.Length)
        {
            if (NumberSyntax.IsSeparator(bytes[i]))
            {
                i++;
                continue;
            }

            int start = i;
            while (i < bytes.Length && !NumberSyntax.IsSeparator(bytes[i]))
            {
                i++;
            }

            string token = Encoding.UTF8.GetString(bytes, start, i - start);
            if (i - start > NumberSyntax.MaxTokenBytes || !NumberSyntax.TryParse(token, out double value))
            {
                return (values, ParseFailure.At(new(bytes, start, i - start), start));
            }

            values.Add(value);
        }

        return (values, null);
    }
}
