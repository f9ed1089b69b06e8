using System.Runtime.InteropServices;

namespace Bumper.AspNetCore.Tests.Support;

/// <summary>
/// Finds the repository and the published service under <c>artifacts/&lt;rid&gt;/</c>. A missing artifact
/// is a failure that says how to make it, never a skip.
/// </summary>
public static class Artifacts
{
    /// <summary>The RID this test process runs on, as the publish scripts name it.</summary>
    public static string HostRid { get; } = ComputeHostRid();

    /// <summary>The repository root: the nearest folder above the test binaries that holds Bumper.sln.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The native aot_service of <paramref name="rid"/>.</summary>
    /// <exception cref="FileNotFoundException">It has not been published.</exception>
    public static string AotService(string rid)
    {
        string path = Path.Combine(RepositoryRoot, "artifacts", rid, rid.StartsWith("win", StringComparison.Ordinal) ? "aot_service.exe" : "aot_service");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"{path} is missing: run scripts/publish-service.sh {rid} at the repository root before the tests (test.sh does).",
                path);
        }

        return path;
    }

    private static string ComputeHostRid()
    {
        string os = OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux";
        string arch = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => "x64",
            Architecture.Arm64 => "arm64",
            Architecture other => other.ToString().ToLowerInvariant(),
        };
        return $"{os}-{arch}";
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Bumper.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No Bumper.sln above {AppContext.BaseDirectory}.");
    }
}
