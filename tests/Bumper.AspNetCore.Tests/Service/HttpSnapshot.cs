namespace Bumper.AspNetCore.Tests.Service;

/// <summary>A request and its response as snapshot text: the request line, the status, the content type and the body verbatim.</summary>
public static class HttpSnapshot
{
    /// <summary>Sends <paramref name="method"/> <paramref name="path"/> (with <paramref name="body"/> as text/plain, if any) and formats the answer.</summary>
    public static async Task<string> SendAsync(HttpClient client, HttpMethod method, string path, string? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, System.Text.Encoding.UTF8, "text/plain");
        }

        using HttpResponseMessage response = await client.SendAsync(request);
        string text = await response.Content.ReadAsStringAsync();
        string shownBody = body is null ? "" : body.Length <= 200 ? $"request body ({body.Length} chars): {Escape(body)}\n" : $"request body: {body.Length} chars\n";
        return $"{method} {path}\n{shownBody}status: {(int)response.StatusCode} {response.StatusCode}\n"
            + $"content-type: {response.Content.Headers.ContentType}\n--- body ({text.Length} chars) ---\n{text}\n";
    }

    private static string Escape(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)
            .Replace("\r", "\\r", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal);
}
