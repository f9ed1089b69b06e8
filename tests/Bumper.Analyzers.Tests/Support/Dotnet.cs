namespace Bumper.Analyzers.Tests.Support;

/// <summary>Runs the .NET SDK's <c>dotnet</c> from a test.</summary>
public static class Dotnet
{
    /// <summary>
    /// Runs an MSBuild command (<c>build</c>, <c>pack</c>) in <paramref name="workingDirectory"/> and
    /// returns its result, whatever its exit code. No MSBuild node and no compiler server outlives the
    /// command, so nothing keeps its output open after it exits, and nothing lingers after the test.
    /// </summary>
    public static ProcessResult MSBuild(string workingDirectory, params string[] arguments) =>
        NativeProcess.Run("dotnet", [.. arguments, "-nodeReuse:false", "-p:UseSharedCompilation=false"], workingDirectory: workingDirectory);

    /// <summary><paramref name="result"/>, if its command (<paramref name="what"/>) exited 0; otherwise fails with its output.</summary>
    public static ProcessResult Succeed(ProcessResult result, string what) =>
        result.ExitCode == 0
            ? result
            : throw new InvalidOperationException($"{what} exited {result.ExitCode}:\n{result.StandardOutput}{result.StandardError}");
}
