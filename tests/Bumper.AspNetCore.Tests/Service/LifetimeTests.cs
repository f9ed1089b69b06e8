using System.Net;
using System.Text.Json;
using Bumper.Tests.Snapshots;
using Xunit;

namespace Bumper.AspNetCore.Tests.Service;

/// <summary>The native service's arenas: returned after a handler's exception and a client's abort, stale memory refused, the counters.</summary>
[Collection(NativeServiceGroup.Name)]
public class LifetimeTests(ServiceFixture service)
{
    [Fact]
    public async Task Healthz_answers_200() =>
        await Snapshot.Verify(await HttpSnapshot.SendAsync(service.Client, HttpMethod.Get, "/healthz"), "Healthz");

    [Fact]
    public async Task Runtime_reports_the_gc_and_the_pool()
    {
        JsonElement runtime = await service.WaitUntilIdleAsync();
        Assert.Equal(["gen0", "gen1", "gen2", "allocatedBytes", "arenas"], runtime.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["inUse", "pooled", "peakBytes", "maxCapacityRefusals"], runtime.GetProperty("arenas").EnumerateObject().Select(p => p.Name));
        Assert.True(runtime.GetProperty("allocatedBytes").GetInt64() > 0);
        Assert.Equal(1, runtime.GetProperty("arenas").GetProperty("inUse").GetInt32());
    }

    [Fact]
    public async Task Arena_is_returned_after_a_handler_exception()
    {
        await service.WaitUntilIdleAsync();
        HttpResponseMessage response = await service.Client.GetAsync("/test/throw");
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);

        JsonElement arenas = (await service.WaitUntilIdleAsync()).GetProperty("arenas");
        Assert.Equal(1, arenas.GetProperty("inUse").GetInt32());
        Assert.Equal("ok\n", await service.Client.GetStringAsync("/healthz"));
    }

    [Fact]
    public async Task Arena_is_returned_after_the_client_aborts()
    {
        await service.WaitUntilIdleAsync();
        using var cancel = new CancellationTokenSource();
        Task<HttpResponseMessage> waiting = service.Client.GetAsync("/test/wait", cancel.Token);

        // The waiting request holds an arena, besides /runtime's own.
        int inUse = 0;
        for (int i = 0; i < 500 && inUse != 2; i++)
        {
            await Task.Delay(20);
            inUse = (await service.RuntimeAsync()).GetProperty("arenas").GetProperty("inUse").GetInt32();
        }

        Assert.Equal(2, inUse);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.Equal(1, (await service.WaitUntilIdleAsync()).GetProperty("arenas").GetProperty("inUse").GetInt32());
    }

    [Fact]
    public async Task Checked_mode_catches_a_handler_that_keeps_arena_memory_past_its_request()
    {
        HttpResponseMessage keep = await service.Client.PostAsync("/test/keep", null);
        Assert.Equal(HttpStatusCode.OK, keep.StatusCode);
        string arena = (await keep.Content.ReadAsStringAsync()).Split(' ')[^1].TrimEnd('\n');
        Assert.StartsWith("bumper#", arena, StringComparison.Ordinal);
        await service.WaitUntilIdleAsync();

        HttpResponseMessage read = await service.Client.GetAsync("/test/kept");
        string text = await read.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Conflict, read.StatusCode);
        Assert.StartsWith($"caught: ObjectDisposedException: Memory from arena '{arena}' was used after the arena was reset, returned or disposed", text, StringComparison.Ordinal);
    }
}
