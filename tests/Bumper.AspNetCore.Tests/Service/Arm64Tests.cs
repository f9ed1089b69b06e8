using System.Net;
using Xunit;

namespace Bumper.AspNetCore.Tests.Service;

/// <summary>
/// The linux-arm64 aot_service (scripts/publish-service.sh linux-arm64) under qemu's user-mode emulator:
/// a smoke test that the cross-compiled service starts and answers.
/// </summary>
[Trait("Category", "Linux")]
public class Arm64Tests
{
    [Fact]
    public async Task Arm64_service_answers_under_qemu()
    {
        using var service = new ServiceFixture("linux-arm64");
        Assert.Equal("ok\n", await service.Client.GetStringAsync("/healthz"));

        HttpResponseMessage stats = await service.Client.PostAsync("/stats", new StringContent("4 1 3 2"));
        Assert.Equal("""{"count":4,"min":1,"max":4,"mean":2.5,"median":2.5,"p99":4}""", await stats.Content.ReadAsStringAsync());
        Assert.Equal("[[1,2,3],[2,4,6]]", await service.Client.GetStringAsync("/table?rows=2&cols=3"));

        HttpResponseMessage bad = await service.Client.PostAsync("/stats", new StringContent("1, x"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        HttpResponseMessage tooLarge = await service.Client.PostAsync("/stats", new StringContent(string.Concat(Enumerable.Repeat("1\n", 600_000))));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Equal(1, (await service.WaitUntilIdleAsync()).GetProperty("arenas").GetProperty("inUse").GetInt32());
    }
}
