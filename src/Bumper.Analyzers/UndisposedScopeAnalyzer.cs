using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using static Bumper.Analyzers.OperationFacts;

namespace Bumper.Analyzers;

/// <summary>
/// BUMP002: the scope a <c>NoEscape()</c> call opens is not disposed on every path. Reported when the
/// result is discarded or used in place (<c>buffer.NoEscape().Alloc&lt;int&gt;(n)</c>, but not
/// <c>buffer.NoEscape().Dispose()</c>), or held in a local that is not declared with <c>using</c>, not the resource of
/// a <c>using</c> statement, not disposed inside a <c>finally</c> block and not returned. A scope
/// that is returned, passed on or stored in a field is the receiver's to end, and is not reported.
/// </summary>
[DiagnosticAnalyzer(Microsoft.CodeAnalysis.LanguageNames.CSharp)]
public sealed class UndisposedScopeAnalyzer : BumperAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rules.ScopeNotDisposed);

    private protected override void Register(CompilationStartAnalysisContext start, BumperSymbols bumper) =>
        start.RegisterOperationAction(c => AnalyzeNoEscape(c, bumper), OperationKind.Invocation);

    private static void AnalyzeNoEscape(OperationAnalysisContext context, BumperSymbols bumper)
    {
        var call = (IInvocationOperation)context.Operation;
        if (!bumper.IsNoEscape(call.TargetMethod))
        {
            return;
        }

        IOperation result = call;
        while (result.Parent is IConversionOperation conversion)
        {
            result = conversion;
        }

        ILocalSymbol? holder;
        switch (result.Parent)
        {
            case IExpressionStatementOperation:
            case ISimpleAssignmentOperation { Target: IDiscardOperation }:
                Report(context, call, $"that '{call.Syntax}' opens is discarded, so it never ends");
                return;
            case IInvocationOperation member when ReferenceEquals(member.Instance, result) && member.TargetMethod.Name != "Dispose":
            case IPropertyReferenceOperation property when ReferenceEquals(property.Instance, result):
                Report(context, call, $"that '{call.Syntax}' opens is used in place, so it never ends");
                return;
            case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target }:
                holder = target.Local;
                break;
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } when !IsUsingDeclaration(declarator):
                holder = declarator.Symbol;
                break;
            default:
                return;
        }

        if (!IsDisposedOrHandedOn(Root(call), holder))
        {
            Report(context, call, $"'{holder.Name}' is not disposed on every path (an exception or an early return leaves it open)");
        }
    }

    /// <summary>Whether <paramref name="declarator"/> declares a <c>using var</c> or the resource of a <c>using</c> statement.</summary>
    private static bool IsUsingDeclaration(IVariableDeclaratorOperation declarator) =>
        declarator.Parent?.Parent is { } group && group.Parent is IUsingDeclarationOperation or IUsingOperation;

    /// <summary>
    /// Whether the method <paramref name="root"/> disposes <paramref name="scope"/> in a <c>finally</c>
    /// block or as a <c>using</c> statement's resource, or returns it.
    /// </summary>
    private static bool IsDisposedOrHandedOn(IOperation root, ILocalSymbol scope)
    {
        foreach (IOperation operation in root.Descendants())
        {
            bool ends = operation switch
            {
                IReturnOperation @return => Reads(@return.ReturnedValue, scope),
                IUsingOperation @using => Reads(@using.Resources, scope),
                IInvocationOperation { TargetMethod.Name: "Dispose" } dispose => Reads(dispose.Instance, scope) && IsInFinally(dispose),
                _ => false,
            };
            if (ends)
            {
                return true;
            }
        }

        return false;
    }

    private static void Report(OperationAnalysisContext context, IOperation call, string what) =>
        context.ReportDiagnostic(Diagnostic.Create(Rules.ScopeNotDisposed, call.Syntax.GetLocation(), what));
}
