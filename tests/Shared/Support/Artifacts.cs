using System.Runtime.InteropServices;

namespace Bumper.Tests.Support;

/// <summary>
/// Finds the repository and the outputs of <c>./publish.sh</c> under <c>artifacts/&lt;rid&gt;/</c>, for
/// the native and the service tests (linked into both). A missing artifact is a failure that says how
/// to make it, never a skip.
/// </summary>
public static class Artifacts
{
    /// <summary>The RID this test process runs on, as publish.sh names it (portable: linux-x64, osx-arm64, win-x64, ...).</summary>
    public static string HostRid { get; } = ComputeHostRid();

    /// <summary>The repository root: the nearest folder above the test binaries that holds Bumper.sln.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The path of <paramref name="fileName"/> in <c>artifacts/<paramref name="rid"/>/</c>.</summary>
    /// <exception cref="FileNotFoundException">The artifact has not been published.</exception>
    public static string Get(string rid, string fileName)
    {
        string path = Path.Combine(RepositoryRoot, "artifacts", rid, fileName);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"{path} is missing: run ./publish.sh {rid} at the repository root before the tests (test.sh runs ./publish.sh linux-x64 linux-arm64).",
                path);
        }

        return path;
    }

    /// <summary>The times_table executable of <paramref name="rid"/>.</summary>
    public static string TimesTable(string rid) => Get(rid, Executable(rid, "times_table"));

    /// <summary>The binary_trees executable of <paramref name="rid"/>.</summary>
    public static string BinaryTrees(string rid) => Get(rid, Executable(rid, "binary_trees"));

    /// <summary>The native aot_service of <paramref name="rid"/>.</summary>
    public static string AotService(string rid) => Get(rid, Executable(rid, "aot_service"));

    /// <summary>A file of the repository, e.g. <c>tests/c/test_bumper.c</c>.</summary>
    public static string Source(string relativePath)
    {
        string path = Path.Combine(RepositoryRoot, relativePath);
        return File.Exists(path) ? path : throw new FileNotFoundException($"{path} is missing from the repository.", path);
    }

    private static string Executable(string rid, string name) => rid.StartsWith("win", StringComparison.Ordinal) ? name + ".exe" : name;

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
