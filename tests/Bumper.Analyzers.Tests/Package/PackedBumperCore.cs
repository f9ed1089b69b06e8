using System.Reflection;

namespace Bumper.Analyzers.Tests.Package;

/// <summary>
/// Both flavours of Bumper.Core packed once, from this working tree, into a feed in a new temporary
/// folder; the folder, and everything a test restores into it, is deleted after the tests.
/// </summary>
public sealed class PackedBumperCore : IDisposable
{
    /// <summary>Packs <c>Bumper.Core</c> and <c>Bumper.Core.Aot</c> into <see cref="Feed"/>.</summary>
    public PackedBumperCore()
    {
        Root = Directory.CreateTempSubdirectory("bumper-analyzers-").FullName;
        Feed = Path.Combine(Root, "feed");
        string project = Path.Combine(Artifacts.RepositoryRoot, "src", "Bumper.Core", "Bumper.Core.csproj");
        Dotnet.Succeed(Dotnet.MSBuild(Root, "pack", project, "-c", "Release", "-o", Feed), "dotnet pack Bumper.Core");
        Dotnet.Succeed(Dotnet.MSBuild(Root, "pack", project, "-c", "Release", "-o", Feed, "-p:BumperAot=true"), "dotnet pack Bumper.Core -p:BumperAot=true");
    }

    /// <summary>The package version: Bumper.Core's, as the build stamped it (without the source revision).</summary>
    public static string Version { get; } =
        typeof(BumpBuffer).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion.Split('+')[0];

    /// <summary>The temporary folder that holds everything.</summary>
    public string Root { get; }

    /// <summary>The folder the packages were packed into.</summary>
    public string Feed { get; }

    /// <summary>The path of the package <paramref name="id"/> in <see cref="Feed"/>.</summary>
    public string Package(string id) => Path.Combine(Feed, $"{id}.{Version}.nupkg");

    /// <inheritdoc/>
    public void Dispose() => Directory.Delete(Root, recursive: true);
}
