using System.Text.Encodings.Web;
using System.Text.Json;

namespace AotService;

/// <summary>Writes the service's error answers as RFC 9457 problem details (<c>application/problem+json</c>).</summary>
internal static class Problems
{
    private const string BadRequestType = "https://tools.ietf.org/html/rfc9110#section-15.5.1";
    private const string TooLargeType = "https://tools.ietf.org/html/rfc9110#section-15.5.14";

    /// <summary>Quotes and apostrophes as themselves: the body is JSON for API clients, never embedded in HTML.</summary>
    private static readonly JsonWriterOptions s_options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>400 for a <c>POST /stats</c> body with a token that is not a number: names the token and its byte offset.</summary>
    public static Task NotANumberAsync(HttpResponse response, ParseFailure failure) =>
        WriteAsync(response, StatusCodes.Status400BadRequest, BadRequestType, "The body holds something that is not a number", failure.Detail, json =>
        {
            json.WriteString("token", failure.Token);
            json.WriteNumber("position", failure.Position);
        });

    /// <summary>400 for a <c>POST /stats</c> body without a number.</summary>
    public static Task EmptyBodyAsync(HttpResponse response) =>
        WriteAsync(response, StatusCodes.Status400BadRequest, BadRequestType, "The body holds no numbers",
            "Send numbers separated by commas, spaces or newlines, e.g. '1, 2.5, -3'.", null);

    /// <summary>400 for bad arguments, with the messages of times_table or of the mode check.</summary>
    public static Task BadArgumentsAsync(HttpResponse response, string detail) =>
        WriteAsync(response, StatusCodes.Status400BadRequest, BadRequestType, "Bad arguments", detail, null);

    /// <summary>413 for the heap path's values past the arena limit, in the shape the middleware gives the arena path.</summary>
    public static Task TooLargeAsync(HttpResponse response, long requested, long used, long limit) =>
        WriteAsync(response, StatusCodes.Status413PayloadTooLarge, TooLargeType, "The request needs more memory than its arena may hold",
            $"The request asked for {requested} more bytes with {used} in use; the limit is {limit} bytes.", json =>
            {
                json.WriteNumber("requested", requested);
                json.WriteNumber("used", used);
                json.WriteNumber("limit", limit);
            });

    private static async Task WriteAsync(HttpResponse response, int status, string type, string title, string detail, Action<Utf8JsonWriter>? extra)
    {
        response.StatusCode = status;
        response.ContentType = "application/problem+json";
        using (var json = new Utf8JsonWriter(response.BodyWriter, s_options))
        {
            json.WriteStartObject();
            json.WriteString("type", type);
            json.WriteString("title", title);
            json.WriteNumber("status", status);
            json.WriteString("detail", detail);
            extra?.Invoke(json);
            json.WriteEndObject();
        }

        await response.BodyWriter.FlushAsync().ConfigureAwait(false);
    }
}
