using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Bumper.Analyzers;

/// <summary>
/// What every Bumper rule does first: skip generated code, run concurrently, and register its actions
/// only for a compilation that references Bumper.Core (others pay nothing).
/// </summary>
public abstract class BumperAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public sealed override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            if (BumperSymbols.Find(start.Compilation) is { } bumper)
            {
                Register(start, bumper);
            }
        });
    }

    /// <summary>Registers the rule's actions for a compilation that references Bumper.Core.</summary>
    private protected abstract void Register(CompilationStartAnalysisContext start, BumperSymbols bumper);

    /// <summary>
    /// Gathers, per method body, the invocations <paramref name="keep"/> selects, and hands them to
    /// <paramref name="analyze"/> once the body has been walked (never for a body with none).
    /// </summary>
    private protected static void AnalyzeInvocationsPerBody(
        CompilationStartAnalysisContext start,
        Func<IInvocationOperation, bool> keep,
        Action<OperationBlockAnalysisContext, List<IInvocationOperation>> analyze)
    {
        start.RegisterOperationBlockStartAction(block =>
        {
            var kept = new List<IInvocationOperation>();
            block.RegisterOperationAction(
                c =>
                {
                    var call = (IInvocationOperation)c.Operation;
                    if (keep(call))
                    {
                        lock (kept)
                        {
                            kept.Add(call);
                        }
                    }
                },
                Microsoft.CodeAnalysis.OperationKind.Invocation);
            block.RegisterOperationBlockEndAction(c =>
            {
                if (kept.Count > 0)
                {
                    analyze(c, kept);
                }
            });
        });
    }
}
