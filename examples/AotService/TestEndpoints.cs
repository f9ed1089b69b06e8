using Bumper;
using Bumper.AspNetCore;

namespace AotService;

/// <summary>
/// Endpoints for the integration tests only, mapped when <c>AotService:TestEndpoints</c> is true: a handler
/// that throws, one that waits for the client to go away, and one that keeps arena memory past its request.
/// </summary>
internal static class TestEndpoints
{
    /// <summary>Arena memory kept past its request by <c>POST /test/keep</c>: the bug the arena must catch.</summary>
    private static Memory<double> s_kept;

    public static void Map(WebApplication app)
    {
        app.MapGet("/test/throw", ThrowAfterAllocating);
        app.MapGet("/test/wait", WaitForAbortAsync);
        app.MapPost("/test/keep", Keep);
        app.MapGet("/test/kept", ReadKept);
    }

    private static IResult ThrowAfterAllocating(HttpContext context)
    {
        context.GetArena().AllocMemory<double>(1000).Span.Fill(1);
        throw new InvalidOperationException("The handler failed on purpose (test endpoint).");
    }

    private static async Task WaitForAbortAsync(HttpContext context)
    {
        context.GetArena().AllocMemory<double>(1000).Span.Fill(2);
        await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted).ConfigureAwait(false);
    }

    private static IResult Keep(HttpContext context)
    {
        BumpArena arena = context.GetArena();
        s_kept = arena.AllocMemory<double>(16);
        s_kept.Span.Fill(42);
        return Results.Text($"kept 16 doubles of {arena.Name}\n");
    }

    /// <summary>Reads the kept memory after its request has completed: the arena refuses it.</summary>
    private static IResult ReadKept()
    {
        try
        {
            double first = s_kept.Span[0];
            return Results.Text($"read {first} from arena memory past its request: NOT CAUGHT\n", statusCode: StatusCodes.Status500InternalServerError);
        }
        catch (ObjectDisposedException e)
        {
            return Results.Text($"caught: {e.GetType().Name}: {e.Message}\n", statusCode: StatusCodes.Status409Conflict);
        }
    }
}
