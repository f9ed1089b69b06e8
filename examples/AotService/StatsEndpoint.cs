using System.Buffers;
using System.Text.Json;
using Bumper;
using Bumper.AspNetCore;

namespace AotService;

/// <summary>
/// <c>POST /stats</c>: a text body of numbers answered with count, min, max, mean, median and p99.
/// The arena path parses, stores, sorts and formats in the request's arena; <c>?mode=heap</c> does the
/// same work with heap temporaries the simple way, and <c>?mode=pool</c> the careful way, with a pooled array.
/// </summary>
internal static class StatsEndpoint
{
    /// <summary>Room for the values of a small body before the arena writer or the pooled array first grows.</summary>
    private const int InitialValueBytes = 4096;

    public static async Task HandleAsync(HttpContext context, ArenaPool pool)
    {
        long limit = pool.Options.MaxArenaCapacity;
        Task answer = Mode.TryRead(context.Request, out Temporaries temporaries) is string error
            ? Problems.BadArgumentsAsync(context.Response, error)
            : temporaries switch
            {
                Temporaries.Heap => HandleOnHeapAsync(context, limit),
                Temporaries.Pool => HandleWithPoolAsync(context, limit),
                _ => HandleInArenaAsync(context),
            };
        await answer.ConfigureAwait(false);
    }

    private static async Task HandleInArenaAsync(HttpContext context)
    {
        BumpArena arena = context.GetArena();
        var values = new ArenaValues(arena.CreateWriter(InitialValueBytes));
        ParseFailure? failure = await PipeNumberReader.ReadAsync(context.Request.BodyReader, values, context.RequestAborted).ConfigureAwait(false);
        if (await RefuseAsync(context.Response, failure, values.Count).ConfigureAwait(false))
        {
            return;
        }

        ArenaBufferWriter output = arena.CreateWriter();
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = Summarize(values.Span, output);
        await context.Response.Body.WriteAsync(output.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>
    /// The careful author's path without an arena: the same <see cref="PipeNumberReader"/> into a pooled array,
    /// capped at the same limit (answered 413 in the heap path's shape, as soon as a value would pass it),
    /// and the JSON written straight into the response's <see cref="System.IO.Pipelines.PipeWriter"/>.
    /// </summary>
    private static async Task HandleWithPoolAsync(HttpContext context, long limit)
    {
        using var values = new PooledValues(ArrayPool<double>.Shared, InitialValueBytes / sizeof(double), limit);
        ParseFailure? failure;
        try
        {
            failure = await PipeNumberReader.ReadAsync(context.Request.BodyReader, values, context.RequestAborted).ConfigureAwait(false);
        }
        catch (BufferFullException e)
        {
            await Problems.TooLargeAsync(context.Response, e.Requested, e.Used, limit).ConfigureAwait(false);
            return;
        }

        if (await RefuseAsync(context.Response, failure, values.Count).ConfigureAwait(false))
        {
            return;
        }

        HttpResponse response = context.Response;
        response.ContentType = "application/json";
        long length = Summarize(values.Span, response.BodyWriter);

        // The JSON sits in the pipe unflushed, so the response has not started and its length can still be
        // declared: the same Content-Length framing as the other paths rather than chunks.
        response.ContentLength = length;
        await response.BodyWriter.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Answers 400 for a bad token or a body without numbers; returns whether it did.</summary>
    private static async Task<bool> RefuseAsync(HttpResponse response, ParseFailure? failure, int count)
    {
        if (failure is not null)
        {
            await Problems.NotANumberAsync(response, failure).ConfigureAwait(false);
            return true;
        }

        if (count == 0)
        {
            await Problems.EmptyBodyAsync(response).ConfigureAwait(false);
            return true;
        }

        return false;
    }

    /// <summary>Sorts the values where they lie and writes their statistics as JSON into <paramref name="output"/>; returns its length in bytes.</summary>
    private static long Summarize(Span<double> values, IBufferWriter<byte> output)
    {
        values.Sort();
        using var json = new Utf8JsonWriter(output);
        JsonSerializer.Serialize(json, StatsResult.Of(values), ServiceJsonContext.Default.StatsResult);
        return json.BytesCommitted;
    }

    private static async Task HandleOnHeapAsync(HttpContext context, long limit)
    {
        (List<double> values, ParseFailure? failure) = await HeapNumberReader.ReadAsync(context.Request.Body, context.RequestAborted).ConfigureAwait(false);
        if (await RefuseAsync(context.Response, failure, values.Count).ConfigureAwait(false))
        {
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
