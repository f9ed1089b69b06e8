using System.IO.Compression;
using System.Text.RegularExpressions;

namespace Bumper.Analyzers.Tests.Package;

/// <summary>
/// The analyzers reach a user through the package alone: both flavours carry them, and a project that
/// references Bumper.Core from a feed gets BUMP001 as an error and BUMP002 as a warning in its build.
/// </summary>
public sealed partial class PackageTests(PackedBumperCore packed) : IClassFixture<PackedBumperCore>
{
    private const string ConsumerSource = """
        using Bumper;

        namespace Consumer;

        public static unsafe class Misuses
        {
            public static nint CopiesACursor(BumpBuffer buffer)
            {
                using var scope = buffer.NoEscape();
                var cursor = scope.Cursor();
                int* first = TakeFour(cursor);
                int* second = (int*)cursor.AllocPtr(4, 4);
                return (nint)(second - first);
            }

            public static void LeavesAScopeOpen(BumpBuffer buffer)
            {
                var scope = buffer.NoEscape();
                scope.Alloc<int>(1)[0] = 1;
            }

            private static int* TakeFour(BumpCursor cursor) => (int*)cursor.AllocPtr(4, 4);
        }

        """;

    [Theory]
    [InlineData("Bumper.Core")]
    [InlineData("Bumper.Core.Aot")]
    public void The_package_carries_the_analyzers_and_the_code_fix_under_analyzers_dotnet_cs(string id)
    {
        using ZipArchive package = ZipFile.OpenRead(packed.Package(id));
        Assert.Equal(
            ["analyzers/dotnet/cs/Bumper.Analyzers.CodeFixes.dll", "analyzers/dotnet/cs/Bumper.Analyzers.dll"],
            package.Entries.Select(e => e.FullName).Where(n => n.StartsWith("analyzers/", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_project_that_references_the_package_gets_BUMP001_as_an_error_and_BUMP002_as_a_warning()
    {
        string consumer = Path.Combine(packed.Root, "consumer");
        Directory.CreateDirectory(consumer);
        WriteConsumer(consumer);

        ProcessResult build = Dotnet.MSBuild(consumer, "build", "Consumer.csproj", "-c", "Release");

        Assert.True(build.ExitCode == 1, $"the build must fail on BUMP001; it exited {build.ExitCode}:\n{build.StandardOutput}{build.StandardError}");
        string[] diagnostics = [.. Diagnostic().Matches(build.StandardOutput)
            .Select(m => $"{Path.GetFileName(m.Groups["file"].Value)}({m.Groups["position"].Value}): {m.Groups["severity"].Value} {m.Groups["id"].Value}")
            .Distinct()
            .Order(StringComparer.Ordinal)];
        Assert.Equal(["Consumer.cs(11,31): error BUMP001", "Consumer.cs(18,21): warning BUMP002"], diagnostics);
    }

    /// <summary>
    /// The consumer project and a NuGet.config beside it. Bumper.Core comes only from the feed (source
    /// mapping), everything else from the sources this machine is configured with; packages go into a
    /// folder of the test's own, so no package of the same id and version restored before is used.
    /// Empty Directory.Build and Directory.Packages files stop MSBuild from importing any from above.
    /// </summary>
    private void WriteConsumer(string consumer)
    {
        string[] machineSources = [.. Dotnet.Succeed(NativeProcess.Run("dotnet", ["nuget", "list", "source", "--format", "short"], workingDirectory: packed.Root), "dotnet nuget list source")
            .StandardOutput.Split('\n')
            .Select(line => line.Trim())
            .Where(line => line.StartsWith("E ", StringComparison.Ordinal))
            .Select(line => line[2..].Trim())];
        string sources = string.Concat(machineSources.Select((url, i) => $"""    <add key="machine{i}" value="{url}" />{"\n"}"""));
        string mapping = string.Concat(machineSources.Select((_, i) => $"""    <packageSource key="machine{i}"><package pattern="*" /></packageSource>{"\n"}"""));
        File.WriteAllText(Path.Combine(packed.Root, "NuGet.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config>
                <add key="globalPackagesFolder" value="{Path.Combine(packed.Root, "packages")}" />
              </config>
              <packageSources>
                <clear />
                <add key="bumper-under-test" value="{packed.Feed}" />
            {sources}  </packageSources>
              <packageSourceMapping>
                <packageSource key="bumper-under-test"><package pattern="Bumper.Core" /><package pattern="Bumper.Core.Aot" /></packageSource>
            {mapping}  </packageSourceMapping>
            </configuration>
            """);
        foreach (string stop in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" })
        {
            File.WriteAllText(Path.Combine(packed.Root, stop), "<Project />\n");
        }

        File.WriteAllText(Path.Combine(consumer, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <AllowUnsafeBlocks>true</AllowUnsafeBlocks>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Bumper.Core" Version="{PackedBumperCore.Version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(consumer, "Consumer.cs"), ConsumerSource);
    }

    /// <summary>An MSBuild diagnostic line: <c>/path/Consumer.cs(11,31): error BUMP001: ...</c>.</summary>
    [GeneratedRegex(@"(?<file>[^\s(]+)\((?<position>\d+,\d+)\): (?<severity>error|warning) (?<id>BUMP\d{3}):")]
    private static partial Regex Diagnostic();
}
