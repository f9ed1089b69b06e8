using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace Bumper.Analyzers.Tests.Support;

/// <summary>
/// One analyzer (and code fix) run over C# sources compiled against the real Bumper.Core, with unsafe
/// code allowed and the latest language version, as the repository's projects compile. Compiler
/// errors in a source fail the test, so every snippet is valid C#.
/// </summary>
/// <typeparam name="TAnalyzer">The analyzer under test.</typeparam>
/// <typeparam name="TCodeFix">The code fix under test, or <see cref="EmptyCodeFixProvider"/>.</typeparam>
public sealed class BumperTest<TAnalyzer, TCodeFix> : CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    /// <summary>A test whose references are this runtime's framework assemblies and Bumper.Core.</summary>
    public BumperTest()
    {
        // No reference-assembly package: the framework comes from the running runtime (no download).
        ReferenceAssemblies = new ReferenceAssemblies("net10.0");
        TestState.AdditionalReferences.AddRange(BumperReferences.All);
    }

    /// <inheritdoc/>
    protected override CompilationOptions CreateCompilationOptions() =>
        ((CSharpCompilationOptions)base.CreateCompilationOptions()).WithAllowUnsafe(true);

    /// <inheritdoc/>
    protected override ParseOptions CreateParseOptions() =>
        ((CSharpParseOptions)base.CreateParseOptions()).WithLanguageVersion(LanguageVersion.Latest);
}
