using Bumper.Tests.Snapshots;
using Xunit;

namespace Bumper.AspNetCore.Tests.Service;

/// <summary>GET /table of the native service: the times table, and times_table's messages for bad arguments, in every mode alike.</summary>
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
    };

    public static TheoryData<string, string, string> CasesInEveryMode => ServiceModes.Cross(ServiceModes.All, Cases);

    [Theory]
    [MemberData(nameof(CasesInEveryMode))]
    public async Task Table_answers_match_snapshot_in_every_mode(string caseName, string query, string mode) =>
        await Snapshot.Verify(await HttpSnapshot.SendAsync(service.Client, HttpMethod.Get, "/table?" + query, mode: mode), caseName);

    [Fact]
    public async Task Unknown_mode_gets_400() =>
        await Snapshot.Verify(await HttpSnapshot.SendAsync(service.Client, HttpMethod.Get, "/table?rows=2&cols=2&mode=fast"), "UnknownMode");

    [Theory]
    [InlineData("rows=700&cols=300", "heap")]
    [InlineData("rows=700&cols=300", "pool")]
    public async Task Large_table_is_the_same_in_every_mode(string query, string mode)
    {
        string arena = await HttpSnapshot.SendAsync(service.Client, HttpMethod.Get, "/table?" + query, mode: "arena");
        string other = await HttpSnapshot.SendAsync(service.Client, HttpMethod.Get, "/table?" + query, mode: mode);
        Assert.True(arena == other, $"{mode} differs from arena:\n{other[..Math.Min(other.Length, 400)]}");
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
