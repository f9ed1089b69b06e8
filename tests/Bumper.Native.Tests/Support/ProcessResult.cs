namespace Bumper.Native.Tests.Support;

/// <summary>What a finished process printed and returned.</summary>
/// <param name="ExitCode">The process's exit code.</param>
/// <param name="StandardOutput">Everything written to stdout.</param>
/// <param name="StandardError">Everything written to stderr.</param>
public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>The result as a snapshot: the command shown, then exit code, stdout and stderr verbatim.</summary>
    /// <remarks>
    /// Each stream is preceded by its length in characters, so a missing or extra trailing newline
    /// shows up in the diff. On Windows, CRLF in stderr (Console.Error.WriteLine) is read as LF.
    /// </remarks>
    public string ToSnapshot(string command) =>
        $"command: {command}\nexit code: {ExitCode}\n"
        + Stream("stdout", StandardOutput)
        + Stream("stderr", OperatingSystem.IsWindows() ? StandardError.Replace("\r\n", "\n", StringComparison.Ordinal) : StandardError);

    private static string Stream(string name, string text) =>
        $"--- {name} ({text.Length} chars) ---\n{text}{(text.Length == 0 || text.EndsWith('\n') ? "" : "\n")}";
}
