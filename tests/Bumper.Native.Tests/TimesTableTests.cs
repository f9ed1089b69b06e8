using Bumper.Tests.Snapshots;
using Bumper.Native.Tests.Support;
using Xunit;

namespace Bumper.Native.Tests;

/// <summary>
/// times_table's stdout, stderr and exit code for every documented input, against approved
/// snapshots (TimesTableTests.&lt;Case&gt;.verified.txt): natively on this machine's RID, and the
/// same snapshots for the linux-arm64 binary under qemu.
/// </summary>
public class TimesTableTests
{
    /// <summary>The cases: snapshot name and command-line arguments.</summary>
    private static readonly Dictionary<string, string[]> Cases = new()
    {
        ["Rows12Cols7"] = ["12", "7"],
        ["Rows12CommaCols7"] = ["12,", "7"],
        ["OneByOne"] = ["1", "1"],
        ["Wide"] = ["3", "60"],
        ["NoArguments"] = [],
        ["OneArgument"] = ["12"],
        ["ThreeArguments"] = ["12", "7", "3"],
        ["RowsNotANumber"] = ["twelve", "7"],
        ["ColsNotANumber"] = ["12", "7.5"],
        ["CommaAfterCols"] = ["12", "7,"],
        ["RowsZero"] = ["0", "7"],
        ["ColsZero"] = ["12", "0"],
        ["RowsNegative"] = ["-12", "7"],
        ["ColsNegative"] = ["12", "-7"],
        ["RowsOverMaximum"] = ["2147483648", "7"],
        ["ColsFarOverMaximum"] = ["12", "99999999999999999999"],
        ["SizeOverflows"] = ["2147483647", "2147483647"],
        ["CannotAllocate"] = ["2147483647", "536870911"],
        ["UnknownOption"] = ["12", "7", "--bogus"],
        ["Help"] = ["--help"],
        ["Version"] = ["--version"],
    };

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public Task Output_matches_snapshot(string caseName)
    {
        string[] args = Cases[caseName];
        ProcessResult result = NativeProcess.Run(Artifacts.TimesTable(Artifacts.HostRid), args);
        return Snapshot.Verify(result.ToSnapshot(Command(args)), caseName);
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    [Trait("Category", "Linux")]
    public Task Arm64_output_under_qemu_matches_snapshot(string caseName)
    {
        string[] args = Cases[caseName];
        ProcessResult result = Qemu.RunArm64(Artifacts.TimesTable("linux-arm64"), args);
        return Snapshot.Verify(result.ToSnapshot(Command(args)), caseName);
    }

    [Fact]
    public void Rows12Cols7_is_exactly_the_times_table()
    {
        // Independent of the snapshot files: the table computed here, byte for byte.
        string expected = string.Concat(Enumerable.Range(1, 12).Select(i => string.Join('\t', Enumerable.Range(1, 7).Select(j => i * j)) + "\n"));
        ProcessResult result = NativeProcess.Run(Artifacts.TimesTable(Artifacts.HostRid), ["12", "7"]);
        Assert.Equal(new ProcessResult(0, expected, ""), result);
    }

    [Fact]
    public void A_large_table_streams_every_row()
    {
        ProcessResult result = NativeProcess.Run(Artifacts.TimesTable(Artifacts.HostRid), ["2000", "300"]);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.StandardError);
        string[] rows = result.StandardOutput.Split('\n');
        Assert.Equal(2001, rows.Length);
        Assert.Equal("", rows[^1]);
        Assert.Equal(string.Join('\t', Enumerable.Range(1, 300).Select(j => 2000L * j)), rows[1999]);
        Assert.Equal(1234L * 300, long.Parse(rows[1233].Split('\t')[^1], System.Globalization.CultureInfo.InvariantCulture));
    }

    private static string Command(string[] args) => string.Join(' ', ["times_table", .. args]);
}
