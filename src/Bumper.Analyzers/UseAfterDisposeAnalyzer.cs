using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using static Bumper.Analyzers.OperationFacts;

namespace Bumper.Analyzers;

/// <summary>
/// BUMP004: a span, view, list, text, pointer or cursor obtained from a scope, read after the scope's
/// explicit <c>Dispose()</c> in the same method. The values followed are locals stored from a call or
/// property on the scope, and locals stored from a call or property on such a local (a cursor's
/// allocations, a list's span, a slice). A read counts when it follows the <c>Dispose()</c> statement
/// in the same block (or the <c>try</c> statement whose <c>finally</c> holds it) before the local is
/// stored again; a <c>Dispose()</c> inside a branch covers only the rest of that branch.
/// </summary>
[DiagnosticAnalyzer(Microsoft.CodeAnalysis.LanguageNames.CSharp)]
public sealed class UseAfterDisposeAnalyzer : BumperAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rules.UsedAfterDispose);

    private protected override void Register(CompilationStartAnalysisContext start, BumperSymbols bumper) =>
        AnalyzeInvocationsPerBody(
            start,
            call => call is { TargetMethod.Name: "Dispose", Instance: { } scope, Parent: IExpressionStatementOperation }
                && bumper.IsScope(scope.Type)
                && Variable(scope) is ILocalSymbol,
            (c, disposals) =>
            {
                foreach (IInvocationOperation dispose in disposals)
                {
                    Analyze(c, dispose, bumper);
                }
            });

    private static void Analyze(OperationBlockAnalysisContext context, IInvocationOperation dispose, BumperSymbols bumper)
    {
        var scope = (ILocalSymbol)Variable(dispose.Instance)!;

        // A Dispose() in a finally block ends the scope after the whole try statement.
        IOperation statement = dispose.Parent!;
        if (statement.Parent is IBlockOperation { Parent: ITryOperation @try } block && ReferenceEquals(@try.Finally, block))
        {
            statement = @try;
        }

        if (statement.Parent is not IBlockOperation container)
        {
            return;
        }

        IOperation root = Root(dispose);
        int from = statement.Syntax.Span.End;
        IOperation[] after = root.Descendants()
            .Where(o => o.Syntax.SpanStart >= from && container.Syntax.Span.Contains(o.Syntax.SpanStart))
            .ToArray();
        foreach (ILocalSymbol local in FromScope(root, scope, bumper))
        {
            ILocalReferenceOperation? read = after
                .OfType<ILocalReferenceOperation>()
                .FirstOrDefault(r => SymbolEqualityComparer.Default.Equals(r.Local, local) && !IsAssignmentTarget(r) && r.Parent is not IArgumentOperation { Parameter.RefKind: RefKind.Out });
            if (read is null)
            {
                continue;
            }

            bool storedFirst = after.Any(o => Writes(o, local) && o is not IArgumentOperation { Parameter.RefKind: RefKind.Ref } && o.Syntax.Span.End <= read.Syntax.SpanStart);
            if (!storedFirst)
            {
                context.ReportDiagnostic(Diagnostic.Create(Rules.UsedAfterDispose, read.Syntax.GetLocation(), local.Name, scope.Name));
            }
        }
    }

    /// <summary>The locals of <paramref name="root"/> that hold memory of <paramref name="scope"/>, directly or through another such local.</summary>
    private static List<ILocalSymbol> FromScope(IOperation root, ILocalSymbol scope, BumperSymbols bumper)
    {
        var stores = new List<(ILocalSymbol Target, IOperation Value)>();
        foreach (IOperation operation in root.Descendants())
        {
            switch (operation)
            {
                case IVariableDeclaratorOperation { Initializer: { } initializer } declarator when bumper.HoldsScopeMemory(declarator.Symbol.Type):
                    stores.Add((declarator.Symbol, initializer.Value));
                    break;
                case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment when bumper.HoldsScopeMemory(target.Local.Type):
                    stores.Add((target.Local, assignment.Value));
                    break;
            }
        }

        var sources = new HashSet<ISymbol>(SymbolEqualityComparer.Default) { scope };
        var found = new List<ILocalSymbol>();
        bool grew = true;
        while (grew)
        {
            grew = false;
            foreach ((ILocalSymbol target, IOperation value) in stores)
            {
                if (!sources.Contains(target) && ComesFrom(value, sources, bumper))
                {
                    sources.Add(target);
                    found.Add(target);
                    grew = true;
                }
            }
        }

        return found;
    }

    /// <summary>Whether <paramref name="value"/> is computed from one of <paramref name="sources"/>: a call, property or indexer on it, its address, or pointer arithmetic on it.</summary>
    private static bool ComesFrom(IOperation value, HashSet<ISymbol> sources, BumperSymbols bumper) => WithoutConversions(value) switch
    {
        ILocalReferenceOperation local => sources.Contains(local.Local),
        IInvocationOperation { Instance: { } instance } => ComesFrom(instance, sources, bumper),
        IInvocationOperation call => call.Arguments.Any(a => bumper.HoldsScopeMemory(a.Value.Type) && ComesFrom(a.Value, sources, bumper)),
        IPropertyReferenceOperation { Instance: { } instance } => ComesFrom(instance, sources, bumper),
        IImplicitIndexerReferenceOperation indexer => ComesFrom(indexer.Instance, sources, bumper),
        IConditionalOperation conditional => ComesFrom(conditional.WhenTrue, sources, bumper) || (conditional.WhenFalse is { } whenFalse && ComesFrom(whenFalse, sources, bumper)),
        IAddressOfOperation address => ComesFrom(address.Reference, sources, bumper),
        IBinaryOperation arithmetic => ComesFrom(arithmetic.LeftOperand, sources, bumper) || ComesFrom(arithmetic.RightOperand, sources, bumper),
        _ => false,
    };
}
