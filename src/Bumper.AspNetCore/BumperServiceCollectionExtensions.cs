using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Bumper.AspNetCore;

/// <summary>Registers Bumper's per-request arenas with a service collection.</summary>
public static class BumperServiceCollectionExtensions
{
    /// <summary>
    /// Registers one <see cref="ArenaPool"/> singleton, made from <see cref="BumperOptions"/>, for
    /// <see cref="BumperApplicationBuilderExtensions.UseBumper"/> to rent each request's arena from.
    /// The container disposes the pool when the application stops. The pool keeps time with the
    /// container's <see cref="TimeProvider"/> when one is registered, otherwise with <see cref="TimeProvider.System"/>.
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <param name="configure">Sets the options, e.g. <c>o =&gt; o.MaxArenaCapacity = 1 &lt;&lt; 20</c>; null keeps the defaults.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    /// <example>
    /// <code>
    /// var builder = WebApplication.CreateSlimBuilder(args);
    /// builder.Services.AddBumper(o =&gt; o.MaxArenaCapacity = 4 &lt;&lt; 20);
    /// var app = builder.Build();
    /// app.UseBumper();
    /// app.MapPost("/sum", async (HttpContext context) =&gt; { Memory&lt;double&gt; values = context.GetArena().AllocMemory&lt;double&gt;(1024); ... });
    /// </code>
    /// </example>
    public static IServiceCollection AddBumper(this IServiceCollection services, Action<BumperOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        OptionsBuilder<BumperOptions> options = services.AddOptions<BumperOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton(static provider =>
        {
            ArenaPoolOptions pool = provider.GetRequiredService<IOptions<BumperOptions>>().Value.ToPoolOptions();
            pool.TimeProvider = provider.GetService<TimeProvider>() ?? TimeProvider.System;
            return new ArenaPool(pool);
        });
        return services;
    }
}
