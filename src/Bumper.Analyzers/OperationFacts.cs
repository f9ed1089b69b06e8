using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Bumper.Analyzers;

/// <summary>Questions the rules ask of the operation tree of one method body.</summary>
internal static class OperationFacts
{
    /// <summary><paramref name="operation"/> without the conversions around it.</summary>
    public static IOperation WithoutConversions(IOperation operation)
    {
        while (operation is IConversionOperation conversion)
        {
            operation = conversion.Operand;
        }

        return operation;
    }

    /// <summary>The outermost operation above <paramref name="operation"/>: the body of the member it is in.</summary>
    public static IOperation Root(IOperation operation)
    {
        while (operation.Parent is not null)
        {
            operation = operation.Parent;
        }

        return operation;
    }

    /// <summary>The local or parameter <paramref name="operation"/> reads, or null.</summary>
    public static ISymbol? Variable(IOperation? operation) => operation is null
        ? null
        : WithoutConversions(operation) switch
        {
            ILocalReferenceOperation local => local.Local,
            IParameterReferenceOperation parameter => parameter.Parameter,
            _ => null,
        };

    /// <summary>Whether <paramref name="operation"/> reads <paramref name="variable"/>.</summary>
    public static bool Reads(IOperation? operation, ISymbol variable) =>
        SymbolEqualityComparer.Default.Equals(Variable(operation), variable);

    /// <summary>Whether <paramref name="operation"/> is inside the <c>finally</c> block of a <c>try</c> statement.</summary>
    public static bool IsInFinally(IOperation operation)
    {
        for (IOperation? node = operation; node.Parent is not null; node = node.Parent)
        {
            if (node.Parent is ITryOperation @try && ReferenceEquals(@try.Finally, node))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The statement <paramref name="operation"/> is part of: its ancestor whose parent is a block.</summary>
    public static IOperation? Statement(IOperation operation)
    {
        for (IOperation? node = operation; node is not null; node = node.Parent)
        {
            if (node.Parent is IBlockOperation)
            {
                return node;
            }
        }

        return null;
    }

    /// <summary>Whether <paramref name="operation"/> writes <paramref name="variable"/>: an assignment target, an <c>out</c> or <c>ref</c> argument, or a declaration.</summary>
    public static bool Writes(IOperation operation, ISymbol variable) => operation switch
    {
        ISimpleAssignmentOperation assignment => Reads(assignment.Target, variable),
        IArgumentOperation { Parameter.RefKind: RefKind.Out or RefKind.Ref } argument => Reads(argument.Value, variable),
        IVariableDeclaratorOperation declarator => SymbolEqualityComparer.Default.Equals(declarator.Symbol, variable),
        _ => false,
    };

    /// <summary>Whether the reference <paramref name="reference"/> is where an assignment stores, not a read.</summary>
    public static bool IsAssignmentTarget(IOperation reference) =>
        reference.Parent is ISimpleAssignmentOperation assignment && ReferenceEquals(assignment.Target, reference);
}
