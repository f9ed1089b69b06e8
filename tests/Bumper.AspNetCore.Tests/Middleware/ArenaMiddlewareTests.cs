using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Bumper.AspNetCore.Tests.Middleware;

public class ArenaMiddlewareTests
{
    [Fact]
    public async Task Request_has_the_arena_feature_and_GetArena_returns_its_arena()
    {
        await using TestApp app = await TestApp.StartAsync(a => a.MapGet("/", (HttpContext c) =>
        {
            IArenaFeature? feature = c.Features.Get<IArenaFeature>();
            return $"{feature is not null} {ReferenceEquals(feature?.Arena, c.GetArena())} {c.GetArena().Name} {c.GetArena().BytesUsed}";
        }));

        Assert.Equal("True True test#1 0", await app.Client.GetStringAsync("/"));
    }

    [Fact]
    public async Task Arena_is_returned_and_reused_after_a_successful_request()
    {
        await using TestApp app = await TestApp.StartAsync(a => a.MapGet("/", (HttpContext c) =>
        {
            BumpArena arena = c.GetArena();
            Memory<long> memory = arena.AllocMemory<long>(100);
            memory.Span.Fill(7);
            return $"{arena.Name} {arena.BytesUsed} {app_inUse(c)}";
        }));

        Assert.Equal("test#1 800 1", await app.Client.GetStringAsync("/"));
        await app.WaitUntilAllReturnedAsync();
        Assert.Equal((0, 1), (app.Pool.InUse, app.Pool.Pooled));
        Assert.Equal("test#1 800 1", await app.Client.GetStringAsync("/"));
        await app.WaitUntilAllReturnedAsync();
        Assert.Equal((0, 1, 800L), (app.Pool.InUse, app.Pool.Pooled, app.Pool.PeakBytes));

        static int app_inUse(HttpContext c) => c.RequestServices.GetRequiredService<ArenaPool>().InUse;
    }

    [Fact]
    public async Task Arena_is_returned_after_a_handler_exception()
    {
        await using TestApp app = await TestApp.StartAsync(a => a.MapGet("/", (HttpContext c) =>
        {
            c.GetArena().AllocMemory<byte>(1000);
            throw new InvalidOperationException("handler failed");
        }));

        // TestServer hands a handler's exception to the client (Kestrel would answer 500).
        InvalidOperationException e = await Assert.ThrowsAsync<InvalidOperationException>(() => app.Client.GetAsync("/"));
        Assert.Equal("handler failed", e.Message);
        await app.WaitUntilAllReturnedAsync();
        Assert.Equal((0, 1, 1000L), (app.Pool.InUse, app.Pool.Pooled, app.Pool.PeakBytes));
    }

    [Fact]
    public async Task Arena_is_returned_after_the_client_aborts()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handlerSawAbort = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using TestApp app = await TestApp.StartAsync(a => a.MapGet("/", async (HttpContext c) =>
        {
            c.GetArena().AllocMemory<byte>(2000);
            started.SetResult();
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(30), c.RequestAborted);
            }
            finally
            {
                handlerSawAbort.SetResult();
            }
        }));

        using var cancel = new CancellationTokenSource();
        Task<HttpResponseMessage> request = app.Client.GetAsync("/", cancel.Token);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(1, app.Pool.InUse);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);
        await handlerSawAbort.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await app.WaitUntilAllReturnedAsync();
        Assert.Equal((0, 1, 2000L), (app.Pool.InUse, app.Pool.Pooled, app.Pool.PeakBytes));
    }

    [Fact]
    public async Task Request_over_its_arena_limit_gets_413_problem_details_and_the_app_carries_on()
    {
        await using TestApp app = await TestApp.StartAsync(
            a =>
            {
                a.MapGet("/big", (HttpContext c) =>
                {
                    c.GetArena().AllocMemory<byte>(1000);
                    c.Response.Headers["X-Before"] = "dropped";
                    c.GetArena().AllocMemory<byte>(100_000);
                    return "unreachable";
                });
                a.MapGet("/small", (HttpContext c) => $"{c.GetArena().AllocMemory<byte>(1000).Length}");
            },
            o => (o.InitialArenaCapacity, o.MaxArenaCapacity) = (4096, 65536));

        HttpResponseMessage response = await app.Client.GetAsync("/big");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.False(response.Headers.Contains("X-Before"));
        Assert.Equal(
            """{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.14","title":"The request needs more memory than its arena may hold","status":413,"detail":"The request asked its arena for 100000 more bytes with 1000 in use; the limit is 65536 bytes.","requested":100000,"used":1000,"limit":65536}""",
            await response.Content.ReadAsStringAsync());

        Assert.Equal("1000", await app.Client.GetStringAsync("/small"));
        await app.WaitUntilAllReturnedAsync();
        Assert.Equal((0, 1L), (app.Pool.InUse, app.Pool.MaxCapacityRefusals));
    }

    [Fact]
    public async Task BufferFullException_from_another_buffer_is_not_answered_413()
    {
        await using TestApp app = await TestApp.StartAsync(a => a.MapGet("/", string () => throw new BufferFullException(10, 20, 30)));

        await Assert.ThrowsAsync<BufferFullException>(() => app.Client.GetAsync("/"));
        await app.WaitUntilAllReturnedAsync();
        Assert.Equal((0, 0L), (app.Pool.InUse, app.Pool.MaxCapacityRefusals));
    }

    [Fact]
    public async Task Limit_hit_after_the_response_has_started_goes_on_to_the_server()
    {
        await using TestApp app = await TestApp.StartAsync(
            a => a.MapGet("/", async (HttpContext c) =>
            {
                await c.Response.WriteAsync("started");
                await c.Response.Body.FlushAsync();
                c.GetArena().AllocMemory<byte>(100_000);
            }),
            o => (o.InitialArenaCapacity, o.MaxArenaCapacity) = (4096, 65536));

        HttpResponseMessage response = await app.Client.GetAsync("/", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await Assert.ThrowsAnyAsync<Exception>(() => response.Content.ReadAsStringAsync());
        await app.WaitUntilAllReturnedAsync();
        Assert.Equal((0, 1L), (app.Pool.InUse, app.Pool.MaxCapacityRefusals));
    }

    [Fact]
    public async Task Memory_kept_past_its_request_is_refused_naming_the_arena()
    {
        Memory<int> kept = default;
        await using TestApp app = await TestApp.StartAsync(a => a.MapGet("/", (HttpContext c) =>
        {
            kept = c.GetArena().AllocMemory<int>(4);
            kept.Span.Fill(1);
            return "kept";
        }));

        Assert.Equal("kept", await app.Client.GetStringAsync("/"));
        await app.WaitUntilAllReturnedAsync();
        ObjectDisposedException e = Assert.Throws<ObjectDisposedException>(() => kept.Span[0]);
        Assert.Contains("arena 'test#1'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Memory_stays_valid_across_awaits_within_the_request()
    {
        await using TestApp app = await TestApp.StartAsync(a => a.MapPost("/", async (HttpContext c) =>
        {
            Memory<byte> copy = c.GetArena().AllocMemory<byte>(1 << 16);
            int length = 0;
            int read;
            while ((read = await c.Request.Body.ReadAsync(copy[length..])) > 0)
            {
                length += read;
                await Task.Yield();
            }

            await c.Response.Body.WriteAsync(copy[..length]);
        }));

        byte[] body = Enumerable.Range(0, 50_000).Select(i => (byte)(i * 7)).ToArray();
        HttpResponseMessage response = await app.Client.PostAsync("/", new ByteArrayContent(body));
        Assert.Equal(body, await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task AddBumper_options_reach_the_pool()
    {
        await using TestApp app = await TestApp.StartAsync(
            a => a.MapGet("/", (HttpContext c) => $"{c.GetArena().Name} {c.GetArena().MaxCapacity} {c.GetArena().IsChecked}"),
            o => (o.Name, o.MaxArenaCapacity, o.MaxPooled, o.CheckedArenas) = ("custom", 123_456, 3, true));

        Assert.Equal("custom#1 123456 True", await app.Client.GetStringAsync("/"));
        Assert.Equal((3, 123_456L), (app.Pool.Options.MaxPooled, app.Pool.Options.MaxArenaCapacity));
    }

    [Fact]
    public void The_pool_keeps_time_with_the_containers_TimeProvider_when_one_is_registered()
    {
        var clock = new FixedClock();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        services.AddBumper();
        using ServiceProvider provider = services.BuildServiceProvider();

        Assert.Same(clock, provider.GetRequiredService<ArenaPool>().Options.TimeProvider);
    }

    [Fact]
    public void The_pool_keeps_time_with_the_system_clock_when_the_container_has_none()
    {
        var services = new ServiceCollection();
        services.AddBumper();
        using ServiceProvider provider = services.BuildServiceProvider();

        Assert.Same(TimeProvider.System, provider.GetRequiredService<ArenaPool>().Options.TimeProvider);
    }

    private sealed class FixedClock : TimeProvider
    {
        public override long GetTimestamp() => 0;
    }

    [Fact]
    public void GetArena_without_UseBumper_says_what_to_add()
    {
        var context = new DefaultHttpContext();
        InvalidOperationException e = Assert.Throws<InvalidOperationException>(() => context.GetArena());
        Assert.Equal("This request has no arena: add builder.Services.AddBumper() and app.UseBumper() before the endpoints that call GetArena().", e.Message);
    }

    [Fact]
    public void UseBumper_without_AddBumper_says_what_to_add()
    {
        WebApplication app = WebApplication.CreateSlimBuilder().Build();
        InvalidOperationException e = Assert.Throws<InvalidOperationException>(() => app.UseBumper());
        Assert.Equal("No ArenaPool is registered: call builder.Services.AddBumper() before app.UseBumper().", e.Message);
    }

    [Fact]
    public async Task Concurrent_requests_each_get_their_own_arena()
    {
        await using TestApp app = await TestApp.StartAsync(a => a.MapPost("/", async (HttpContext c) =>
        {
            Memory<byte> body = c.GetArena().AllocMemory<byte>(64);
            int n = await c.Request.Body.ReadAtLeastAsync(body, 64, throwOnEndOfStream: false);
            await Task.Delay(20);
            await c.Response.Body.WriteAsync(body[..n]);
        }));

        string[] answers = await Task.WhenAll(Enumerable.Range(0, 32).Select(async i =>
        {
            HttpResponseMessage response = await app.Client.PostAsync("/", new StringContent($"request {i}"));
            return await response.Content.ReadAsStringAsync();
        }));

        Assert.Equal(Enumerable.Range(0, 32).Select(i => $"request {i}"), answers);
        await app.WaitUntilAllReturnedAsync();
        Assert.Equal(0, app.Pool.InUse);
    }
}
