using Bumper.Tests.Snapshots;
using Xunit;

namespace Bumper.AspNetCore.Tests.Service;

/// <summary>GET /table of the native service: the times table, and times_table's messages for bad arguments.</summary>
[Collection(NativeServiceGroup.Name)]
public class TableTests(ServiceFixture service)
{
    public static TheoryData<string, string> Cases => new()
    {
        { "Rows3Cols4", "rows=3&cols=4" },
        { "Rows12Cols7", "rows=12&cols=7" },
        { "Rows1Cols1", "rows=1&cols=1" },
        { "NoArguments", "" },
        { "RowsNotANumber", "rows=abc&cols=4" },
        { "RowsZero", "rows=0&cols=4" },
        { "ColsNegative", "rows=3&cols=-2" },
        { "ColsFraction", "rows=3&cols=1.5" },
        { "RowsTrailingComma", "rows=12,&cols=7" },
        { "BothBad", "rows=x&cols=0" },
        { "RowsPastMaximum", "rows=99999999999&cols=1" },
        { "TooLargeForTheArena", "rows=3000&cols=4000" },
        { "SizeOverflows", "rows=2147483647&cols=2147483647" },
        { "UnknownMode", "rows=2&cols=2&mode=fast" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Table_answers_match_snapshot(string caseName, string query) =>
        await Snapshot.Verify(await HttpSnapshot.SendAsync(service.Client, HttpMethod.Get, "/table?" + query), caseName);

    [Theory]
    [InlineData("rows=12&cols=7")]
    [InlineData("rows=700&cols=300")]
    [InlineData("rows=abc&cols=4")]
    public async Task Heap_mode_answers_exactly_as_the_arena(string query)
    {
        HttpResponseMessage arenaResponse = await service.Client.GetAsync("/table?" + query);
        HttpResponseMessage heapResponse = await service.Client.GetAsync("/table?" + query + "&mode=heap");
        Assert.Equal(arenaResponse.StatusCode, heapResponse.StatusCode);
        Assert.Equal(await arenaResponse.Content.ReadAsStringAsync(), await heapResponse.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Large_table_is_streamed_complete()
    {
        string body = await service.Client.GetStringAsync("/table?rows=700&cols=300");
        Assert.StartsWith("[[1,2,3,", body, StringComparison.Ordinal);
        Assert.EndsWith(",210000]]", body, StringComparison.Ordinal);
        Assert.Equal(700, body.Split("],[").Length);
    }
}
