using Bumper.Native.Tests.Support;
using Xunit;

namespace Bumper.Native.Tests;

/// <summary>
/// times_table, the C test and the C example under valgrind's memcheck: zero errors and no definite leaks. Each
/// binary is copied to a folder without NativeAOT's .dbg file, which valgrind cannot read.
/// </summary>
[Trait("Category", "Linux")]
public class ValgrindTests
{
    [Fact]
    public void Times_table_12_7_is_clean_under_valgrind()
    {
        using var scratch = new ScratchDirectory();
        ProcessResult result = Valgrind.Run(scratch.CopyIn(Artifacts.TimesTable("linux-x64")), "12", "7");
        Valgrind.AssertClean(result);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(NativeProcess.Run(Artifacts.TimesTable("linux-x64"), ["12", "7"]).StandardOutput, result.StandardOutput);
    }

    [Fact]
    public void Times_table_wide_table_is_clean_under_valgrind()
    {
        using var scratch = new ScratchDirectory();
        ProcessResult result = Valgrind.Run(scratch.CopyIn(Artifacts.TimesTable("linux-x64")), "300", "400");
        Valgrind.AssertClean(result);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(300, result.StandardOutput.Count(c => c == '\n'));
        Assert.EndsWith("\t120000\n", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void Times_table_rejecting_input_is_clean_under_valgrind()
    {
        using var scratch = new ScratchDirectory();
        ProcessResult result = Valgrind.Run(scratch.CopyIn(Artifacts.TimesTable("linux-x64")), "12", "-7");
        Valgrind.AssertClean(result);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.StandardOutput);
        Assert.Contains("times_table: cols must be a positive number, got '-7'\n", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void C_example_indexing_the_sample_text_is_clean_under_valgrind()
    {
        using var scratch = new ScratchDirectory();
        string program = LibBumperTests.BuildCArena(scratch);
        string source = System.IO.Path.GetDirectoryName(Artifacts.Source("examples/c-arena/sample.txt"))!;
        ProcessResult result = Valgrind.Run(program, System.IO.Path.Combine(source, "sample.txt"));
        Valgrind.AssertClean(result);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(NativeProcess.Run(program, ["sample.txt"], workingDirectory: source).StandardOutput, result.StandardOutput);
    }

    [Fact]
    public void C_test_is_clean_under_valgrind()
    {
        using var scratch = new ScratchDirectory();
        string program = CProgram.BuildTestAgainstSharedLibrary(scratch, "linux-x64");
        ProcessResult result = Valgrind.Run(program);
        Valgrind.AssertClean(result);
        CProgram.AssertAllChecksPassed(result);
    }
}
