using System.Text.RegularExpressions;
using Xunit;

namespace Bumper.Native.Tests.Support;

/// <summary>Runs a program under valgrind's memcheck and checks its summary.</summary>
public static partial class Valgrind
{
    /// <summary>
    /// Runs <paramref name="program"/> under <c>valgrind --error-exitcode=1 --leak-check=full</c> with
    /// tests/c/nativeaot.supp (the NativeAOT runtime threads' TLS, "possibly lost" only).
    /// </summary>
    /// <remarks>
    /// Valgrind cannot read the compressed .dbg file NativeAOT writes beside a binary, so the caller
    /// passes a copy in a folder without one (publish.sh keeps symbols in artifacts/&lt;rid&gt;/symbols).
    /// </remarks>
    public static ProcessResult Run(string program, params string[] arguments)
    {
        try
        {
            return NativeProcess.Run("valgrind",
                ["--error-exitcode=1", "--leak-check=full", "--suppressions=" + Artifacts.Source("tests/c/nativeaot.supp"), program, .. arguments]);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"valgrind is not installed ({e.Message}): run scripts/prereqs.sh.", e);
        }
    }

    /// <summary>Asserts "ERROR SUMMARY: 0 errors" and that no block was definitely lost.</summary>
    public static void AssertClean(ProcessResult result)
    {
        Match summary = ErrorSummary().Match(result.StandardError);
        Assert.True(summary.Success, $"No ERROR SUMMARY in valgrind's output:\n{result.StandardError}");
        Assert.True(summary.Groups[1].Value == "0", $"valgrind found {summary.Groups[1].Value} errors:\n{result.StandardError}");

        Match lost = DefinitelyLost().Match(result.StandardError);
        bool allFreed = result.StandardError.Contains("All heap blocks were freed -- no leaks are possible", StringComparison.Ordinal);
        Assert.True(allFreed || (lost.Success && lost.Groups[1].Value == "0"), $"valgrind reports a definite leak:\n{result.StandardError}");
    }

    [GeneratedRegex(@"ERROR SUMMARY: (\d+) errors")]
    private static partial Regex ErrorSummary();

    [GeneratedRegex(@"definitely lost: ([\d,]+) bytes")]
    private static partial Regex DefinitelyLost();
}
