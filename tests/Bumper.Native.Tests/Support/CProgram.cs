using System.Text.RegularExpressions;
using Xunit;

namespace Bumper.Native.Tests.Support;

/// <summary>Compiles the C programs of the repository against the published libbumper.</summary>
public static partial class CProgram
{
    /// <summary>Strict C11, as a user of bumper.h would compile.</summary>
    public static readonly string[] Flags = ["-std=c11", "-O1", "-g", "-Wall", "-Wextra", "-Werror"];

    /// <summary>
    /// Builds tests/c/test_bumper.c into <paramref name="scratch"/> against the shared libbumper of
    /// <paramref name="rid"/>, copied beside the program (so no .dbg file lies next to it, for valgrind).
    /// </summary>
    public static string BuildTestAgainstSharedLibrary(ScratchDirectory scratch, string rid, string compiler = "gcc")
    {
        scratch.CopyIn(Artifacts.Get(rid, "libbumper.so"));
        scratch.CopyIn(Artifacts.Get(rid, "bumper.h"));
        string output = scratch.File("test_bumper");
        NativeProcess.RunTool(compiler, [.. Flags, "-I", scratch.Path, Artifacts.Source("tests/c/test_bumper.c"),
            "-L", scratch.Path, "-Wl,-rpath," + scratch.Path, "-lbumper", "-pthread", "-o", output]);
        return output;
    }

    /// <summary>Builds tests/c/test_bumper.c against the self-contained static libbumper.a, with the flags bumper-static.pc gives.</summary>
    public static string BuildTestAgainstStaticLibrary(ScratchDirectory scratch, string rid)
    {
        string output = scratch.File("test_bumper_static");
        NativeProcess.RunTool("gcc", [.. Flags, .. PkgConfig(rid, "bumper-static.pc", "--cflags"), Artifacts.Source("tests/c/test_bumper.c"),
            .. PkgConfig(rid, "bumper-static.pc", "--libs"), "-o", output]);
        return output;
    }

    /// <summary>What <c>pkg-config <paramref name="what"/></c> (--cflags or --libs) says for the .pc file of <paramref name="rid"/>.</summary>
    public static string[] PkgConfig(string rid, string pcFile, string what) =>
        NativeProcess.RunTool("pkg-config", what, Artifacts.Get(rid, pcFile))
            .StandardOutput.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries);

    /// <summary>
    /// Asserts that a run of test_bumper passed every check: exit code 0, nothing on stderr, no
    /// "not ok" line, and a closing "N passed, 0 failed" where N is the number of CHECKs in the source.
    /// </summary>
    public static void AssertAllChecksPassed(ProcessResult result)
    {
        int checks = CheckCall().Count(File.ReadAllText(Artifacts.Source("tests/c/test_bumper.c")));
        Assert.DoesNotContain("not ok", result.StandardOutput, StringComparison.Ordinal);
        Assert.EndsWith($"\n{checks} passed, 0 failed\n", result.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(0, result.ExitCode);
    }

    [GeneratedRegex(@"^\s*CHECK\(", RegexOptions.Multiline)]
    private static partial Regex CheckCall();
}
