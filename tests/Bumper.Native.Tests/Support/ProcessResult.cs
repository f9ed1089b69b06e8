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
    /// shows up in the diff. On Windows, CRLF (Console.WriteLine's line end there) is read as LF, so one
    /// snapshot serves every OS; the table rows end in a bare LF on every OS anyway.
    /// </remarks>
    public string ToSnapshot(string command) =>
        $"command: {command}\nexit code: {ExitCode}\n"
        + Stream("stdout", StandardOutput)
        + Stream("stderr", StandardError);

    private static string Stream(string name, string raw)
    {
        string text = OperatingSystem.IsWindows() ? raw.Replace("\r\n", "\n", StringComparison.Ordinal) : raw;
        return $"--- {name} ({text.Length} chars) ---\n{text}{(text.Length == 0 || text.EndsWith('\n') ? "" : "\n")}";
    }
}
