using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bumper.AspNetCore.Tests.Middleware;

/// <summary>An in-process application on <see cref="TestServer"/> with <c>AddBumper</c> and <c>UseBumper</c>, and endpoints of the test's own.</summary>
public sealed class TestApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestApp(WebApplication app, HttpClient client)
    {
        _app = app;
        Client = client;
        Pool = app.Services.GetRequiredService<ArenaPool>();
    }

    /// <summary>A client of the test server.</summary>
    public HttpClient Client { get; }

    /// <summary>The pool that UseBumper rents from.</summary>
    public ArenaPool Pool { get; }

    /// <summary>Starts an application with <paramref name="configure"/>'s options and <paramref name="map"/>'s endpoints after UseBumper.</summary>
    public static async Task<TestApp> StartAsync(Action<WebApplication> map, Action<BumperOptions>? configure = null)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddBumper(o =>
        {
            o.Name = "test";
            o.IdleTimeout = TimeSpan.Zero;
            configure?.Invoke(o);
        });
        WebApplication app = builder.Build();
        app.UseBumper();
        map(app);
        await app.StartAsync();
        return new TestApp(app, app.GetTestClient());
    }

    /// <summary>Waits (at most 5 s) until no arena is rented: the pool takes an arena back after the response has completed, which may be a moment after the client has it.</summary>
    public async Task WaitUntilAllReturnedAsync()
    {
        for (int i = 0; i < 500 && Pool.InUse != 0; i++)
        {
            await Task.Delay(10);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.DisposeAsync();
    }
}
