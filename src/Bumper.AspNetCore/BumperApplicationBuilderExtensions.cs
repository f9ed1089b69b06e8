using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bumper.AspNetCore;

/// <summary>Adds Bumper's per-request arena to an application's pipeline.</summary>
public static class BumperApplicationBuilderExtensions
{
    /// <summary>
    /// Gives every request that passes this point an arena rented from the <see cref="ArenaPool"/>
    /// registered by <see cref="BumperServiceCollectionExtensions.AddBumper"/>, as the
    /// <see cref="IArenaFeature"/> that <see cref="BumperHttpContextExtensions.GetArena"/> reads.
    /// Put it before the endpoints that use the arena.
    /// </summary>
    /// <remarks>
    /// <para>
    /// The arena goes back to the pool (reset: everything it handed out is stale) when the response has
    /// completed, through <see cref="HttpResponse.RegisterForDispose"/>, after a normal end and after the
    /// client aborted; when an exception escapes the handler, as soon as it passes this middleware (the
    /// server's 500 or aborted response uses no arena memory), so it goes back on every server.
    /// </para>
    /// <para>
    /// A request over its limit: when a <see cref="BufferFullException"/> from the request's own arena
    /// escapes the handler and the response has not started, the client gets
    /// <c>413 Content Too Large</c> with an <c>application/problem+json</c> body whose <c>requested</c>,
    /// <c>used</c> and <c>limit</c> members are the figures in bytes, and the process carries on. 413, not
    /// 503: the request itself is too large for the service's per-request budget, so retrying it later
    /// would fail the same way, while 503 tells a client to retry. If the response has already started,
    /// the exception goes on to the server, which aborts the response. Other exceptions are not touched.
    /// </para>
    /// </remarks>
    /// <param name="app">The application.</param>
    /// <returns><paramref name="app"/>, for chaining.</returns>
    /// <exception cref="InvalidOperationException"><c>AddBumper</c> was not called.</exception>
    public static IApplicationBuilder UseBumper(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArenaPool pool = app.ApplicationServices.GetService<ArenaPool>()
            ?? throw new InvalidOperationException("No ArenaPool is registered: call builder.Services.AddBumper() before app.UseBumper().");
        ILogger logger = app.ApplicationServices.GetService<ILoggerFactory>()?.CreateLogger("Bumper.AspNetCore.BumperMiddleware") ?? NullLogger.Instance;
        return app.Use(next => new BumperMiddleware(next, pool, logger).InvokeAsync);
    }
}
