using System.Text.Json;
using Bumper;
using Bumper.AspNetCore;

namespace AotService;

/// <summary>
/// <c>POST /stats</c>: a text body of numbers answered with count, min, max, mean, median and p99.
/// The arena path parses, stores, sorts and formats in the request's arena; <c>?mode=heap</c> does the
/// same work with heap temporaries.
/// </summary>
internal static class StatsEndpoint
{
    /// <summary>Room for the values of a small body before the writer first grows.</summary>
    private const int InitialValueBytes = 4096;

    public static async Task HandleAsync(HttpContext context, ArenaPool pool)
    {
        if (Mode.TryRead(context.Request, out bool heap) is string error)
        {
            await Problems.BadArgumentsAsync(context.Response, error).ConfigureAwait(false);
        }
        else if (heap)
        {
            await HandleOnHeapAsync(context, pool.Options.MaxArenaBytes).ConfigureAwait(false);
        }
        else
        {
            await HandleInArenaAsync(context).ConfigureAwait(false);
        }
    }

    private static async Task HandleInArenaAsync(HttpContext context)
    {
        BumpArena arena = context.GetArena();
        ArenaBufferWriter values = arena.CreateWriter(InitialValueBytes);
        ParseFailure? failure = await ArenaNumberReader.ReadAsync(context.Request.BodyReader, values, context.RequestAborted).ConfigureAwait(false);
        if (failure is not null)
        {
            await Problems.NotANumberAsync(context.Response, failure).ConfigureAwait(false);
            return;
        }

        if (values.WrittenCount == 0)
        {
            await Problems.EmptyBodyAsync(context.Response).ConfigureAwait(false);
            return;
        }

        ArenaBufferWriter output = arena.CreateWriter();
        Summarize(values, output);
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = output.WrittenCount;
        await context.Response.Body.WriteAsync(output.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Sorts the values where they lie in the arena and writes their statistics as JSON into <paramref name="output"/>.</summary>
    private static void Summarize(ArenaBufferWriter values, ArenaBufferWriter output)
    {
        Span<double> sorted = ArenaNumberReader.AsDoubles(values);
        sorted.Sort();
        using var json = new Utf8JsonWriter(output);
        JsonSerializer.Serialize(json, StatsResult.Of(sorted), ServiceJsonContext.Default.StatsResult);
    }

    private static async Task HandleOnHeapAsync(HttpContext context, long limit)
    {
        (List<double> values, ParseFailure? failure) = await HeapNumberReader.ReadAsync(context.Request.Body, context.RequestAborted).ConfigureAwait(false);
        if (failure is not null)
        {
            await Problems.NotANumberAsync(context.Response, failure).ConfigureAwait(false);
            return;
        }

        if (values.Count == 0)
        {
            await Problems.EmptyBodyAsync(context.Response).ConfigureAwait(false);
            return;
        }

        // The same budget as the arena path: the values' bytes against the per-request limit.
        long bytes = (long)values.Count * sizeof(double);
        if (bytes > limit)
        {
            await Problems.TooLargeAsync(context.Response, bytes, 0, limit).ConfigureAwait(false);
            return;
        }

        double[] sorted = values.ToArray();
        Array.Sort(sorted);
        byte[] body = JsonSerializer.SerializeToUtf8Bytes(StatsResult.Of(sorted), ServiceJsonContext.Default.StatsResult);
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
    }
}
