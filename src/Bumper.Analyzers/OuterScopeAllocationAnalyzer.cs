using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using static Bumper.Analyzers.OperationFacts;

namespace Bumper.Analyzers;

/// <summary>
/// BUMP003: allocating through a scope variable while a scope opened later in the same method, on the
/// same buffer, is still open. The allocation lies above the inner scope's checkpoint, so the inner
/// scope's end releases it; checked mode throws for it. Reported only where both scopes are opened on
/// the same variable, field or property chain (or both on <c>Bump</c>, with no <c>Bump.UseBuffer</c>
/// in between), the buffer variable is not assigned in between, and the inner scope is open for
/// certain (see <see cref="ScopeOpening"/>).
/// </summary>
[DiagnosticAnalyzer(Microsoft.CodeAnalysis.LanguageNames.CSharp)]
public sealed class OuterScopeAllocationAnalyzer : BumperAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rules.OuterScopeAllocates);

    private protected override void Register(CompilationStartAnalysisContext start, BumperSymbols bumper) =>
        AnalyzeInvocationsPerBody(
            start,
            call => bumper.IsNoEscape(call.TargetMethod) || IsAllocation(call, bumper),
            (c, calls) =>
            {
                List<IInvocationOperation> openings = calls.FindAll(call => bumper.IsNoEscape(call.TargetMethod));
                if (openings.Count >= 2 && openings.Count < calls.Count)
                {
                    Analyze(c, openings, calls.FindAll(call => !bumper.IsNoEscape(call.TargetMethod)), bumper);
                }
            });

    /// <summary>Whether <paramref name="call"/> allocates through a scope held in a local: any method of the scope but <c>Dispose</c>.</summary>
    private static bool IsAllocation(IInvocationOperation call, BumperSymbols bumper) =>
        call.Instance is { } instance
        && Variable(instance) is ILocalSymbol
        && bumper.IsScope(call.TargetMethod.ContainingType)
        && call.TargetMethod.Name != "Dispose";

    private static void Analyze(OperationBlockAnalysisContext context, List<IInvocationOperation> openingCalls, List<IInvocationOperation> allocations, BumperSymbols bumper)
    {
        IOperation root = Root(openingCalls[0]);
        ScopeOpening[] openings = openingCalls.Select(call => ScopeOpening.Describe(call, root)).ToArray();
        foreach (IInvocationOperation allocation in allocations)
        {
            var scope = (ILocalSymbol)Variable(allocation.Instance)!;
            int at = allocation.Syntax.SpanStart;

            // The opening that put the scope into its local last before the allocation.
            ScopeOpening? outer = openings
                .Where(o => SymbolEqualityComparer.Default.Equals(o.Holder, scope) && o.Call.Syntax.SpanStart < at)
                .OrderBy(o => o.Call.Syntax.SpanStart)
                .LastOrDefault();
            if (outer is null)
            {
                continue;
            }

            ScopeOpening? inner = openings.FirstOrDefault(o =>
                o.Call.Syntax.SpanStart > outer.Call.Syntax.Span.End
                && o.Open.Contains(at)
                && !SymbolEqualityComparer.Default.Equals(o.Holder, scope)
                && outer.SharesBufferWith(o)
                && !BufferChangesBetween(root, outer, o, bumper));
            if (inner is not null)
            {
                string innerName = inner.Holder is { } holder ? $"'{holder.Name}'" : $"that '{inner.Call.Syntax}' opens";
                string method = allocation.Syntax is Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax invocation
                    ? invocation.Expression.ToString()
                    : allocation.TargetMethod.Name;
                context.ReportDiagnostic(Diagnostic.Create(Rules.OuterScopeAllocates, allocation.Syntax.GetLocation(), method, scope.Name, innerName));
            }
        }
    }

    /// <summary>Whether the buffer variable of <paramref name="outer"/> is assigned, or <c>Bump.UseBuffer</c> called, between the two openings.</summary>
    private static bool BufferChangesBetween(IOperation root, ScopeOpening outer, ScopeOpening inner, BumperSymbols bumper)
    {
        int from = outer.Call.Syntax.Span.End;
        int to = inner.Call.Syntax.SpanStart;
        ISymbol variable = outer.Buffer[0];
        return root.Descendants().Any(o =>
            o.Syntax.SpanStart >= from
            && o.Syntax.SpanStart < to
            && (Writes(o, variable) || (o is IInvocationOperation call && bumper.IsUseBuffer(call.TargetMethod))));
    }
}
