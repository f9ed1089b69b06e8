using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Bumper.AspNetCore;

/// <summary>
/// Rents each request's arena, exposes it as <see cref="IArenaFeature"/>, returns it when the response
/// has completed, and answers a request that went over its arena's limit with 413.
/// </summary>
internal sealed partial class BumperMiddleware
{
    /// <summary>RFC 9110's section for 413 Content Too Large: the problem type of a request over its limit.</summary>
    public const string TooLargeType = "https://tools.ietf.org/html/rfc9110#section-15.5.14";

    private readonly RequestDelegate _next;
    private readonly ArenaPool _pool;
    private readonly ILogger _logger;

    public BumperMiddleware(RequestDelegate next, ArenaPool pool, ILogger logger)
    {
        _next = next;
        _pool = pool;
        _logger = logger;
    }

    public async Task InvokeAsync(HttpContext context)
    {
        var feature = new ArenaFeature(_pool);

        // Disposed once the response has completed, so the arena outlives every write of the response
        // (Kestrel runs the completion callbacks after a handler's exception and a client's abort too).
        context.Response.RegisterForDispose(feature);
        context.Features.Set<IArenaFeature>(feature);
        try
        {
            await _next(context).ConfigureAwait(false);
        }
        catch (BufferFullException e) when (feature.Arena.MaxCapacityRefusals > feature.RefusalsAtStart && !context.Response.HasStarted)
        {
            LogOverLimit(_logger, context.Request.Method, context.Request.Path.Value ?? "", e.Requested, e.Used, feature.Arena.MaxCapacity);
            await WriteTooLargeAsync(context.Response, e, feature.Arena.MaxCapacity).ConfigureAwait(false);
        }
        catch
        {
            // The handler is gone and the server answers on its own (500, or an aborted response), with no
            // arena memory: return the arena now, since not every server (TestServer) runs the response's
            // completion callbacks after an unhandled exception. Returning twice is a no-op.
            feature.Dispose();
            throw;
        }
    }

    private static async Task WriteTooLargeAsync(HttpResponse response, BufferFullException e, long limit)
    {
        response.Clear();
        response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        response.ContentType = "application/problem+json";
        using (var json = new Utf8JsonWriter(response.BodyWriter))
        {
            json.WriteStartObject();
            json.WriteString("type", TooLargeType);
            json.WriteString("title", "The request needs more memory than its arena may hold");
            json.WriteNumber("status", StatusCodes.Status413PayloadTooLarge);
            json.WriteString("detail", $"The request asked its arena for {e.Requested} more bytes with {e.Used} in use; the limit is {limit} bytes.");
            json.WriteNumber("requested", e.Requested);
            json.WriteNumber("used", e.Used);
            json.WriteNumber("limit", limit);
            json.WriteEndObject();
        }

        await response.BodyWriter.FlushAsync().ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "{Method} {Path} went over its arena's limit ({Requested} bytes requested, {Used} in use, limit {Limit}): answered 413")]
    private static partial void LogOverLimit(ILogger logger, string method, string path, long requested, long used, long limit);
}
