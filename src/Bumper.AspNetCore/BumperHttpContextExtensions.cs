using Microsoft.AspNetCore.Http;

namespace Bumper.AspNetCore;

/// <summary>Reaches the request's arena from a handler.</summary>
public static class BumperHttpContextExtensions
{
    /// <summary>
    /// The request's arena (the <see cref="IArenaFeature"/> set by
    /// <see cref="BumperApplicationBuilderExtensions.UseBumper"/>): memory from it stays valid across
    /// <c>await</c> until the response has completed.
    /// </summary>
    /// <exception cref="InvalidOperationException">The request did not pass through <c>app.UseBumper()</c>.</exception>
    public static BumpArena GetArena(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        IArenaFeature? feature = context.Features.Get<IArenaFeature>();
        return feature is null
            ? throw new InvalidOperationException("This request has no arena: add builder.Services.AddBumper() and app.UseBumper() before the endpoints that call GetArena().")
            : feature.Arena;
    }
}
