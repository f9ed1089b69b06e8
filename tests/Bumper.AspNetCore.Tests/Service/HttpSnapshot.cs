namespace Bumper.AspNetCore.Tests.Service;

/// <summary>
/// A request and its response as snapshot text: the request line, the status, the content type, the framing
/// (<c>content-length</c> or <c>transfer-encoding: chunked</c>) and the body verbatim.
/// </summary>
public static class HttpSnapshot
{
    /// <summary>Sends <paramref name="method"/> <paramref name="path"/> (with <paramref name="body"/> as text/plain, if any) and formats the answer.</summary>
    /// <param name="client">The service's client.</param>
    /// <param name="method">The request's method.</param>
    /// <param name="path">The path and query, as the snapshot shows them.</param>
    /// <param name="body">The request's body, if any.</param>
    /// <param name="mode">
    /// If given, <c>mode=</c><paramref name="mode"/> is added to the query but not shown: the service's modes must
    /// answer alike, so they share one snapshot.
    /// </param>
    /// <param name="inPieces">Whether the body is sent a few bytes at a time (<see cref="TrickleContent"/>), so the server reads tokens in pieces.</param>
    public static async Task<string> SendAsync(HttpClient client, HttpMethod method, string path, string? body = null, string? mode = null, bool inPieces = false)
    {
        string sent = mode is null ? path : $"{path}{(path.Contains('?', StringComparison.Ordinal) ? '&' : '?')}mode={mode}";
        using var request = new HttpRequestMessage(method, sent);
        if (body is not null)
        {
            request.Content = inPieces ? new TrickleContent(body) : new StringContent(body, System.Text.Encoding.UTF8, "text/plain");
        }

        using HttpResponseMessage response = await client.SendAsync(request);
        string text = await response.Content.ReadAsStringAsync();
        string shownBody = body is null ? "" : body.Length <= 200 ? $"request body ({body.Length} chars): {Escape(body)}\n" : $"request body: {body.Length} chars\n";
        return $"{method} {path}\n{shownBody}status: {(int)response.StatusCode} {response.StatusCode}\n"
            + $"content-type: {response.Content.Headers.ContentType}\n{Framing(response)}\n--- body ({text.Length} chars) ---\n{text}\n";
    }

    /// <summary>How the body was delimited, from the headers as sent (HttpClient computes a length for a buffered body).</summary>
    private static string Framing(HttpResponseMessage response) =>
        response.Headers.TransferEncodingChunked == true ? "transfer-encoding: chunked"
        : response.Content.Headers.NonValidated.TryGetValues("Content-Length", out var length) ? $"content-length: {length}"
        : "framing: none";

    private static string Escape(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)
            .Replace("\r", "\\r", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal);
}
