using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Bumper.Analyzers.Tests.Support;

/// <summary>The metadata references every snippet compiles against: the running runtime's framework, Bumper.Core and System.Numerics.Tensors.</summary>
public static class BumperReferences
{
    /// <summary>Made once per test run: reading some two hundred assemblies' metadata is the slow part of a test.</summary>
    public static ImmutableArray<MetadataReference> All { get; } = Create();

    private static ImmutableArray<MetadataReference> Create()
    {
        string framework = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        IEnumerable<string> paths = Directory.EnumerateFiles(framework, "*.dll")
            .Append(typeof(BumpBuffer).Assembly.Location)
            .Append(typeof(System.Numerics.Tensors.TensorPrimitives).Assembly.Location);
        return [.. paths.Distinct().Order(StringComparer.Ordinal).Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))];
    }
}
