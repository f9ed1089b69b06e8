using System.Buffers;
using System.Text;

namespace AotService;

/// <summary>A token of a <c>POST /stats</c> body that is not a number, and the byte offset where it starts.</summary>
/// <param name="Token">The token as text (its first <see cref="ShownBytes"/> bytes, then "...").</param>
/// <param name="Position">Its first byte's offset in the body, from 0.</param>
internal sealed record ParseFailure(string Token, long Position)
{
    /// <summary>How much of a long token the message shows.</summary>
    public const int ShownBytes = 64;

    /// <summary>A failure at <paramref name="position"/> for <paramref name="token"/>; made only on the error path.</summary>
    public static ParseFailure At(ReadOnlySequence<byte> token, long position)
    {
        bool cut = token.Length > ShownBytes;
        string text = Encoding.UTF8.GetString(cut ? token.Slice(0, ShownBytes) : token);
        return new ParseFailure(cut ? text + "..." : text, position);
    }

    /// <summary>The problem's detail line.</summary>
    public string Detail => $"'{Token}' at byte {Position} is not a finite number";
}
