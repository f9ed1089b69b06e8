using Microsoft.CodeAnalysis;

namespace Bumper.Analyzers;

/// <summary>
/// The Bumper.Core types the rules look for, found once per compilation. A compilation that does not
/// reference Bumper.Core has none, and the rules register nothing for it.
/// </summary>
internal sealed class BumperSymbols
{
    private readonly INamedTypeSymbol _cursor;
    private readonly INamedTypeSymbol _scope;
    private readonly INamedTypeSymbol? _allocatorScope;
    private readonly INamedTypeSymbol? _bump;

    /// <summary>The generic types whose values point into a scope's memory (spans, views, lists).</summary>
    private readonly INamedTypeSymbol[] _memoryTypes;

    private BumperSymbols(Compilation compilation, INamedTypeSymbol cursor, INamedTypeSymbol scope)
    {
        _cursor = cursor;
        _scope = scope;
        _allocatorScope = compilation.GetTypeByMetadataName("Bumper.NoEscapeScope`1");
        _bump = compilation.GetTypeByMetadataName("Bumper.Bump");
        _memoryTypes = new[]
        {
            compilation.GetTypeByMetadataName("System.Span`1"),
            compilation.GetTypeByMetadataName("System.ReadOnlySpan`1"),
            compilation.GetTypeByMetadataName("System.Numerics.Tensors.TensorSpan`1"),
            compilation.GetTypeByMetadataName("System.Numerics.Tensors.ReadOnlyTensorSpan`1"),
            compilation.GetTypeByMetadataName("Bumper.MatrixSpan`1"),
            compilation.GetTypeByMetadataName("Bumper.BumpList`1"),
        }.Where(t => t is not null).Select(t => t!).ToArray();
    }

    /// <summary>The symbols of <paramref name="compilation"/>, or null when it does not reference Bumper.Core.</summary>
    public static BumperSymbols? Find(Compilation compilation)
    {
        INamedTypeSymbol? cursor = compilation.GetTypeByMetadataName("Bumper.BumpCursor");
        INamedTypeSymbol? scope = compilation.GetTypeByMetadataName("Bumper.NoEscapeScope");
        return cursor is null || scope is null ? null : new BumperSymbols(compilation, cursor, scope);
    }

    /// <summary>Whether <paramref name="type"/> is <c>BumpCursor</c>.</summary>
    public bool IsCursor(ITypeSymbol? type) => SymbolEqualityComparer.Default.Equals(type, _cursor);

    /// <summary>Whether <paramref name="type"/> is <c>NoEscapeScope</c> or a <c>NoEscapeScope&lt;TAllocator&gt;</c>.</summary>
    public bool IsScope(ITypeSymbol? type) =>
        type is INamedTypeSymbol named
        && (SymbolEqualityComparer.Default.Equals(named, _scope)
            || SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, _allocatorScope));

    /// <summary>Whether <paramref name="method"/> opens a scope: a <c>NoEscape</c> of a buffer, <c>Bump</c>, an arena or an allocator.</summary>
    public bool IsNoEscape(IMethodSymbol method) => method.Name == "NoEscape" && IsScope(method.ReturnType);

    /// <summary>Whether <paramref name="method"/> is <c>Bump.UseBuffer</c>, which changes the buffer <c>Bump.NoEscape()</c> opens on.</summary>
    public bool IsUseBuffer(IMethodSymbol method) =>
        method.Name == "UseBuffer" && SymbolEqualityComparer.Default.Equals(method.ContainingType, _bump);

    /// <summary>Whether a value of <paramref name="type"/> can point into a scope's memory: a pointer, span, view, list or cursor.</summary>
    public bool HoldsScopeMemory(ITypeSymbol? type) =>
        type is IPointerTypeSymbol
        || IsCursor(type)
        || (type is INamedTypeSymbol named && Array.Exists(_memoryTypes, t => SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, t)));
}
