using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using static Bumper.Analyzers.OperationFacts;

namespace Bumper.Analyzers;

/// <summary>
/// BUMP001: a <c>BumpCursor</c> copied. The cursor keeps its bump pointer in its own fields, so every
/// copy starts from the same pointer and hands out the same bytes. A copy is made where an existing
/// cursor (a variable, parameter, field or <c>ref</c> return) is passed by value, passed by
/// <c>in</c> (every mutating call on an <c>in</c> cursor works on a fresh copy), stored in another
/// variable or field, returned, or disposed by <c>using (cursor)</c>. Passing by <c>ref</c> or
/// <c>scoped ref</c>, and storing the result of <c>scope.Cursor()</c>, copy nothing.
/// </summary>
[DiagnosticAnalyzer(Microsoft.CodeAnalysis.LanguageNames.CSharp)]
public sealed class CursorCopyAnalyzer : BumperAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rules.CursorCopied);

    private protected override void Register(CompilationStartAnalysisContext start, BumperSymbols bumper)
    {
        start.RegisterOperationAction(c => AnalyzeArgument(c, bumper), OperationKind.Argument);
        start.RegisterOperationAction(c => AnalyzeDeclarator(c, bumper), OperationKind.VariableDeclarator);
        start.RegisterOperationAction(c => AnalyzeAssignment(c, bumper), OperationKind.SimpleAssignment);
        start.RegisterOperationAction(c => AnalyzeReturn(c, bumper), OperationKind.Return);
        start.RegisterOperationAction(c => AnalyzeUsing(c, bumper), OperationKind.Using);
    }

    private static void AnalyzeArgument(OperationAnalysisContext context, BumperSymbols bumper)
    {
        var argument = (IArgumentOperation)context.Operation;
        IOperation value = WithoutConversions(argument.Value);
        if (argument.Parameter is not { } parameter || argument.ArgumentKind == ArgumentKind.DefaultValue || !bumper.IsCursor(value.Type))
        {
            return;
        }

        switch (parameter.RefKind)
        {
            case RefKind.None when IsExistingCursor(value):
                Report(context, argument.Syntax, value, $"it is passed by value to '{parameter.Name}'", "pass it by 'ref' (a cursor declared with 'var', not 'using var', can be)");
                break;
            case RefKind.In or RefKind.RefReadOnlyParameter:
                Report(context, argument.Syntax, value, $"it is passed by 'in' to '{parameter.Name}', where every allocation works on a copy", "pass it by 'ref'");
                break;
        }
    }

    private static void AnalyzeDeclarator(OperationAnalysisContext context, BumperSymbols bumper)
    {
        var declarator = (IVariableDeclaratorOperation)context.Operation;
        ILocalSymbol local = declarator.Symbol;
        if (!bumper.IsCursor(local.Type) || declarator.Initializer is not { } initializer || local.RefKind == RefKind.Ref)
        {
            return;
        }

        IOperation value = WithoutConversions(initializer.Value);
        if (local.RefKind == RefKind.RefReadOnly)
        {
            Report(context, declarator.Syntax, value, $"it is bound to the 'ref readonly' local '{local.Name}', where every allocation works on a copy", "use a 'ref' local");
        }
        else if (IsExistingCursor(value))
        {
            Report(context, declarator.Syntax, value, $"it is assigned to '{local.Name}'", "keep one variable, and pass it by 'ref' where another method allocates from it");
        }
    }

    private static void AnalyzeAssignment(OperationAnalysisContext context, BumperSymbols bumper)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.IsRef || assignment.Target is IDiscardOperation || !bumper.IsCursor(assignment.Target.Type))
        {
            return;
        }

        IOperation value = WithoutConversions(assignment.Value);
        if (IsExistingCursor(value))
        {
            Report(context, assignment.Syntax, value, $"it is assigned to '{assignment.Target.Syntax}'", "keep one variable, and pass it by 'ref' where another method allocates from it");
        }
    }

    private static void AnalyzeReturn(OperationAnalysisContext context, BumperSymbols bumper)
    {
        var @return = (IReturnOperation)context.Operation;
        if (@return.ReturnedValue is not { } returned || returned.Syntax.Parent is RefExpressionSyntax)
        {
            return;
        }

        IOperation value = WithoutConversions(returned);
        if (bumper.IsCursor(value.Type) && IsExistingCursor(value))
        {
            Report(context, returned.Syntax, value, "it is returned", "return a new cursor from 'scope.Cursor()', or let the caller pass its cursor by 'ref'");
        }
    }

    private static void AnalyzeUsing(OperationAnalysisContext context, BumperSymbols bumper)
    {
        var @using = (IUsingOperation)context.Operation;
        if (@using.Resources is IVariableDeclarationGroupOperation)
        {
            return;
        }

        IOperation value = WithoutConversions(@using.Resources);
        if (bumper.IsCursor(value.Type) && IsExistingCursor(value))
        {
            Report(context, @using.Resources.Syntax, value, "'using (...)' disposes a copy taken where the block starts, which gives the block's allocations back", "declare the cursor with 'using var', or call its Dispose()");
        }
    }

    /// <summary>
    /// Whether <paramref name="value"/> reads a cursor that exists elsewhere (so using the value copies
    /// it), rather than making a new one (<c>scope.Cursor()</c>, <c>default</c>).
    /// </summary>
    private static bool IsExistingCursor(IOperation value) => WithoutConversions(value) switch
    {
        ILocalReferenceOperation or IParameterReferenceOperation or IFieldReferenceOperation => true,
        IInvocationOperation invocation => invocation.TargetMethod.RefKind != RefKind.None,
        IPropertyReferenceOperation property => property.Property.RefKind != RefKind.None,
        IConditionalOperation conditional => IsExistingCursor(conditional.WhenTrue) || (conditional.WhenFalse is { } whenFalse && IsExistingCursor(whenFalse)),
        _ => false,
    };

    private static void Report(OperationAnalysisContext context, SyntaxNode where, IOperation cursor, string how, string fix) =>
        context.ReportDiagnostic(Diagnostic.Create(Rules.CursorCopied, where.GetLocation(), cursor.Syntax.ToString(), how, fix));
}
