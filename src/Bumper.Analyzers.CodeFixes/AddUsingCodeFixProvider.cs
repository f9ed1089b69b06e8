using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Bumper.Analyzers;

/// <summary>
/// The fix for BUMP002: <c>var scope = x.NoEscape();</c> becomes <c>using var scope = x.NoEscape();</c>.
/// Offered only where that compiles and means what the code meant: a one-variable declaration standing
/// in a block whose value is the scope itself, and whose local is never assigned again, passed by <c>ref</c> or <c>out</c>, or disposed
/// by hand (a <c>using</c> local is read-only, and a second <c>Dispose()</c> would end the scope twice).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddUsingCodeFixProvider))]
[Shared]
public sealed class AddUsingCodeFixProvider : CodeFixProvider
{
    /// <summary>The title of the fix, also its equivalence key.</summary>
    public const string Title = "Declare the scope with 'using'";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Rules.ScopeNotDisposedId);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        SemanticModel? model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            SyntaxNode call = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            if (call.FirstAncestorOrSelf<LocalDeclarationStatementSyntax>() is { } statement && CanAddUsing(statement, call, model, context.CancellationToken))
            {
                context.RegisterCodeFix(
                    CodeAction.Create(Title, _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(statement, WithUsing(statement)))), Title),
                    diagnostic);
            }
        }
    }

    private static bool CanAddUsing(LocalDeclarationStatementSyntax statement, SyntaxNode call, SemanticModel model, CancellationToken cancellationToken)
    {
        if (statement.UsingKeyword != default
            || statement.Parent is not BlockSyntax block
            || statement.Declaration.Variables.Count != 1
            || statement.Declaration.Variables[0] is not { Initializer.Value: { } value } variable
            || WithoutParentheses(value) != call
            || model.GetDeclaredSymbol(variable, cancellationToken) is not ILocalSymbol local)
        {
            return false;
        }

        foreach (IdentifierNameSyntax name in block.DescendantNodes().OfType<IdentifierNameSyntax>())
        {
            if (name.Identifier.ValueText == local.Name
                && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(name, cancellationToken).Symbol, local)
                && ChangesOrEnds(name))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether the use <paramref name="name"/> of the scope's local assigns it, passes it by reference, or disposes it.</summary>
    private static bool ChangesOrEnds(IdentifierNameSyntax name) => name.Parent switch
    {
        AssignmentExpressionSyntax assignment => assignment.Left == name,
        ArgumentSyntax argument => !argument.RefKindKeyword.IsKind(SyntaxKind.None) && !argument.RefKindKeyword.IsKind(SyntaxKind.InKeyword),
        MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Dispose" } access => access.Expression == name,
        _ => false,
    };

    private static ExpressionSyntax WithoutParentheses(ExpressionSyntax expression)
    {
        while (expression is ParenthesizedExpressionSyntax parenthesized)
        {
            expression = parenthesized.Expression;
        }

        return expression;
    }

    private static LocalDeclarationStatementSyntax WithUsing(LocalDeclarationStatementSyntax statement) =>
        statement
            .WithoutLeadingTrivia()
            .WithUsingKeyword(SyntaxFactory.Token(SyntaxKind.UsingKeyword).WithTrailingTrivia(SyntaxFactory.Space))
            .WithLeadingTrivia(statement.GetLeadingTrivia());
}
