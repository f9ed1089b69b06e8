using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace Bumper.Analyzers.Tests.Support;

/// <summary>
/// Runs a rule over members of a class <c>Snippet</c> (with <c>using System;</c> and
/// <c>using Bumper;</c>), marked up with the diagnostics expected: <c>{|BUMP001:cursor|}</c> is a
/// BUMP001 at exactly that text, <c>{|#0:...|}</c> a location for an expected result with its message.
/// </summary>
public static class Snippet
{
    /// <summary>The whole source for <paramref name="members"/>.</summary>
    public static string Source(string members) => $$"""
        using System;
        using Bumper;

        public static unsafe class Snippet
        {
        {{members}}
        }

        """;

    /// <summary>Runs <typeparamref name="TAnalyzer"/> over <paramref name="members"/>; the markup and <paramref name="expected"/> are all it may report.</summary>
    public static Task Verify<TAnalyzer>(string members, params DiagnosticResult[] expected)
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        var test = new BumperTest<TAnalyzer, EmptyCodeFixProvider> { TestCode = Source(members) };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    /// <summary>Runs <typeparamref name="TAnalyzer"/> and <typeparamref name="TCodeFix"/>: <paramref name="before"/> (marked up) must become <paramref name="after"/>.</summary>
    public static Task VerifyFix<TAnalyzer, TCodeFix>(string before, string after)
        where TAnalyzer : DiagnosticAnalyzer, new()
        where TCodeFix : CodeFixProvider, new() =>
        new BumperTest<TAnalyzer, TCodeFix> { TestCode = Source(before), FixedCode = Source(after) }.RunAsync();

    /// <summary>Runs <typeparamref name="TAnalyzer"/> and <typeparamref name="TCodeFix"/>: <paramref name="members"/> (marked up) gets its diagnostics and no fix.</summary>
    public static Task VerifyNoFix<TAnalyzer, TCodeFix>(string members)
        where TAnalyzer : DiagnosticAnalyzer, new()
        where TCodeFix : CodeFixProvider, new() =>
        new BumperTest<TAnalyzer, TCodeFix> { TestCode = Source(members), FixedCode = Source(members) }.RunAsync();
}
