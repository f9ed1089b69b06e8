using System.Diagnostics;

namespace Bumper.Native.Tests.Support;

/// <summary>Runs a native program to completion, capturing its output.</summary>
public static class NativeProcess
{
    /// <summary>The longest any single run may take; valgrind and qemu are slow, but not this slow.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    /// <summary>Runs <paramref name="fileName"/> with <paramref name="arguments"/>, passed as separate argv entries.</summary>
    /// <param name="fileName">The program.</param>
    /// <param name="arguments">Its arguments.</param>
    /// <param name="standardInput">Text for stdin; stdin is closed after it.</param>
    /// <param name="workingDirectory">The working directory, or the current one.</param>
    public static ProcessResult Run(string fileName, IEnumerable<string> arguments, string? standardInput = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (standardInput is not null)
        {
            process.StandardInput.Write(standardInput);
        }

        process.StandardInput.Close();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not finish within {Timeout}.");
        }

        process.WaitForExit();
        return new ProcessResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Runs a build step (a compiler, nm, ...) and fails the test with its output if it does not exit 0.</summary>
    public static ProcessResult RunTool(string fileName, params string[] arguments)
    {
        ProcessResult result;
        try
        {
            result = Run(fileName, arguments);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"{fileName} is not installed ({e.Message}). On Debian/Ubuntu run scripts/prereqs.sh.", e);
        }

        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{fileName} {string.Join(' ', arguments)} exited {result.ExitCode}:\n{result.StandardOutput}{result.StandardError}");
        }

        return result;
    }
}
