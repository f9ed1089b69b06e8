using System.Net;
using System.Text;

namespace Bumper.AspNetCore.Tests.Service;

/// <summary>A chunked request body sent a few bytes at a time, each flushed, so the server reads tokens in pieces.</summary>
public sealed class TrickleContent(string text, int piece = 3) : HttpContent
{
    private readonly byte[] _bytes = Encoding.UTF8.GetBytes(text);

    /// <inheritdoc />
    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        for (int i = 0; i < _bytes.Length; i += piece)
        {
            await stream.WriteAsync(_bytes.AsMemory(i, Math.Min(piece, _bytes.Length - i)));
            await stream.FlushAsync();
            await Task.Delay(5);
        }
    }

    /// <inheritdoc />
    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
