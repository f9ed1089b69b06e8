using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;
using static Bumper.Analyzers.OperationFacts;

namespace Bumper.Analyzers;

/// <summary>
/// One <c>NoEscape()</c> call in a method body: the local that holds the scope, the buffer it opens on
/// (as a chain of symbols, when the receiver is a variable or a member chain of one), and the text in
/// which the scope is surely open.
/// </summary>
/// <remarks>
/// The open range is read from the block structure alone: from the end of the statement that opens
/// the scope to the end of its block (<c>using var</c>, or a scope nobody disposes), to the first
/// <c>Dispose()</c> of its local in that block, or the body of a <c>using</c> statement. A scope
/// disposed on one branch only ends where that branch's <c>Dispose()</c> stands, so the range never
/// covers code where the scope may have ended.
/// </remarks>
internal sealed class ScopeOpening
{
    private ScopeOpening(IInvocationOperation call, ILocalSymbol? holder, ImmutableArray<ISymbol> buffer, TextSpan open)
    {
        Call = call;
        Holder = holder;
        Buffer = buffer;
        Open = open;
    }

    /// <summary>The <c>NoEscape()</c> call.</summary>
    public IInvocationOperation Call { get; }

    /// <summary>The local the scope is stored in, or null (a <c>using (x.NoEscape())</c> statement, a discarded scope).</summary>
    public ILocalSymbol? Holder { get; }

    /// <summary>The receiver of the call as symbols from the outermost (a local, parameter, <c>this</c>'s type or a static class) in; empty when unknown.</summary>
    public ImmutableArray<ISymbol> Buffer { get; }

    /// <summary>Where the scope is open for certain.</summary>
    public TextSpan Open { get; }

    /// <summary>Describes <paramref name="call"/>, a <c>NoEscape()</c> call inside <paramref name="root"/>.</summary>
    public static ScopeOpening Describe(IInvocationOperation call, IOperation root)
    {
        IOperation result = call;
        while (result.Parent is IConversionOperation conversion)
        {
            result = conversion;
        }

        (ILocalSymbol? holder, TextSpan open) = result.Parent switch
        {
            IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } => (declarator.Symbol, DeclaredRange(declarator, root)),
            ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment => (target.Local, PlainRange(assignment, target.Local, root)),
            IUsingOperation @using => (null, @using.Body.Syntax.Span),
            IExpressionStatementOperation statement => (null, RestOfBlock(statement)),
            _ => (null, default(TextSpan)),
        };
        return new ScopeOpening(call, holder, BufferOf(call), open);
    }

    /// <summary>Whether this and <paramref name="other"/> open on the same buffer for certain.</summary>
    public bool SharesBufferWith(ScopeOpening other) =>
        !Buffer.IsEmpty && Buffer.SequenceEqual(other.Buffer, SymbolEqualityComparer.Default.Equals);

    private static TextSpan DeclaredRange(IVariableDeclaratorOperation declarator, IOperation root)
    {
        IOperation? group = declarator.Parent?.Parent;
        return group?.Parent switch
        {
            IUsingOperation @using => @using.Body.Syntax.Span,
            IUsingDeclarationOperation usingDeclaration => RestOfBlock(usingDeclaration),
            _ when group is not null => PlainRange(group, declarator.Symbol, root),
            _ => default,
        };
    }

    /// <summary>From the statement that stores the scope in <paramref name="holder"/> to its first <c>Dispose()</c> in the same block, or the block's end.</summary>
    private static TextSpan PlainRange(IOperation opening, ILocalSymbol holder, IOperation root)
    {
        TextSpan rest = RestOfBlock(Statement(opening));
        int end = rest.End;
        foreach (IOperation operation in root.Descendants())
        {
            if (operation is IInvocationOperation { TargetMethod.Name: "Dispose" } dispose
                && Reads(dispose.Instance, holder)
                && rest.Contains(dispose.Syntax.SpanStart)
                && dispose.Syntax.SpanStart < end)
            {
                end = dispose.Syntax.SpanStart;
            }
        }

        return TextSpan.FromBounds(rest.Start, end);
    }

    /// <summary>From the end of <paramref name="statement"/> to the end of the block it stands in; empty when it is not in a block.</summary>
    private static TextSpan RestOfBlock(IOperation? statement) =>
        statement?.Parent is IBlockOperation block
            ? TextSpan.FromBounds(statement.Syntax.Span.End, block.Syntax.Span.End)
            : default;

    private static ImmutableArray<ISymbol> BufferOf(IInvocationOperation call)
    {
        if (call.Instance is { } instance)
        {
            return SymbolChain(instance);
        }

        IMethodSymbol method = call.TargetMethod;
        if (method.IsExtensionMethod && call.Arguments.Length > 0)
        {
            return SymbolChain(call.Arguments[0].Value);
        }

        // Bump.NoEscape(): this thread's default buffer.
        return ImmutableArray.Create<ISymbol>(method.ContainingType);
    }

    private static ImmutableArray<ISymbol> SymbolChain(IOperation receiver) => WithoutConversions(receiver) switch
    {
        ILocalReferenceOperation local => ImmutableArray.Create<ISymbol>(local.Local),
        IParameterReferenceOperation parameter => ImmutableArray.Create<ISymbol>(parameter.Parameter),
        IInstanceReferenceOperation self when self.Type is { } type => ImmutableArray.Create<ISymbol>(type),
        IFieldReferenceOperation field => Member(field.Field, field.Instance),
        IPropertyReferenceOperation { Arguments.Length: 0 } property => Member(property.Property, property.Instance),
        _ => ImmutableArray<ISymbol>.Empty,
    };

    private static ImmutableArray<ISymbol> Member(ISymbol member, IOperation? instance)
    {
        if (instance is null)
        {
            return ImmutableArray.Create(member);
        }

        ImmutableArray<ISymbol> chain = SymbolChain(instance);
        return chain.IsEmpty ? chain : chain.Add(member);
    }
}
