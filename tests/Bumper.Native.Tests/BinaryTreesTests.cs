using Bumper.Tests.Snapshots;
using Bumper.Native.Tests.Support;
using Xunit;

namespace Bumper.Native.Tests;

/// <summary>
/// binary_trees's stdout, stderr and exit code against approved snapshots
/// (BinaryTreesTests.&lt;Case&gt;.verified.txt), natively on this machine's RID and for the
/// linux-arm64 binary under qemu; and its output computed independently of the snapshots.
/// </summary>
public class BinaryTreesTests
{
    /// <summary>The cases: snapshot name and command-line arguments.</summary>
    private static readonly Dictionary<string, string[]> Cases = new()
    {
        ["Depth10"] = ["10"],
        ["Depth16"] = ["16"],
        ["DepthBelowSixIsSix"] = ["2"],
        ["NoArguments"] = [],
        ["TwoArguments"] = ["10", "12"],
        ["NotANumber"] = ["ten"],
        ["Fraction"] = ["10.5"],
        ["Negative"] = ["-1"],
        ["OverMaximum"] = ["26"],
        ["FarOverMaximum"] = ["99999999999999999999"],
        ["UnknownOption"] = ["10", "--threads"],
        ["Help"] = ["--help"],
        ["Version"] = ["--version"],
    };

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public Task Output_matches_snapshot(string caseName)
    {
        string[] args = Cases[caseName];
        ProcessResult result = NativeProcess.Run(Artifacts.BinaryTrees(Artifacts.HostRid), args);
        return Snapshot.Verify(result.ToSnapshot(Command(args)), caseName);
    }

    [Theory]
    [InlineData("Depth10")]
    [InlineData("Depth16")]
    [InlineData("NotANumber")]
    [Trait("Category", "Linux")]
    public Task Arm64_output_under_qemu_matches_snapshot(string caseName)
    {
        string[] args = Cases[caseName];
        ProcessResult result = Qemu.RunArm64(Artifacts.BinaryTrees("linux-arm64"), args);
        return Snapshot.Verify(result.ToSnapshot(Command(args)), caseName);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(16)]
    public void The_output_is_the_benchmark_games_for_that_depth(int n)
    {
        // Independent of the snapshot files: the benchmark's lines, computed here from its definition.
        const int minDepth = 4;
        int maxDepth = Math.Max(minDepth + 2, n);
        static long Nodes(int depth) => (2L << depth) - 1;
        var expected = new System.Text.StringBuilder();
        expected.Append($"stretch tree of depth {maxDepth + 1}\t check: {Nodes(maxDepth + 1)}\n");
        for (int depth = minDepth; depth <= maxDepth; depth += 2)
        {
            int iterations = 1 << (maxDepth - depth + minDepth);
            expected.Append($"{iterations}\t trees of depth {depth}\t check: {iterations * Nodes(depth)}\n");
        }

        expected.Append($"long lived tree of depth {maxDepth}\t check: {Nodes(maxDepth)}\n");

        ProcessResult result = NativeProcess.Run(Artifacts.BinaryTrees(Artifacts.HostRid), [n.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        Assert.Equal(new ProcessResult(0, expected.ToString(), ""), result);
    }

    [Theory]
    [InlineData("7", 8)]
    [InlineData("007", 8)]
    [InlineData("+6", 7)]
    [InlineData("-0", 7)]
    [InlineData("-00", 7)]
    public void A_lone_depth_prints_what_the_command_line_parser_makes_of_it(string depth, int stretchDepth)
    {
        // A lone argument is read without System.CommandLine; after "--" the same token goes through
        // the parser. Both must print the same trees, to the byte, with the same exit code.
        ProcessResult direct = NativeProcess.Run(Artifacts.BinaryTrees(Artifacts.HostRid), [depth]);
        ProcessResult parsed = NativeProcess.Run(Artifacts.BinaryTrees(Artifacts.HostRid), ["--", depth]);
        Assert.Equal(0, direct.ExitCode);
        Assert.StartsWith($"stretch tree of depth {stretchDepth}\t check: ", direct.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(parsed, direct);
    }

    private static string Command(string[] args) => string.Join(' ', ["binary_trees", .. args]);
}
