using Microsoft.CodeAnalysis;

namespace Bumper.Analyzers;

/// <summary>The four rules: ids, severities, messages and the section of docs/analyzers.md each links to.</summary>
internal static class Rules
{
    /// <summary>The id of <see cref="CursorCopied"/>.</summary>
    public const string CursorCopiedId = "BUMP001";

    /// <summary>The id of <see cref="ScopeNotDisposed"/>.</summary>
    public const string ScopeNotDisposedId = "BUMP002";

    /// <summary>The id of <see cref="OuterScopeAllocates"/>.</summary>
    public const string OuterScopeAllocatesId = "BUMP003";

    /// <summary>The id of <see cref="UsedAfterDispose"/>.</summary>
    public const string UsedAfterDisposeId = "BUMP004";

    private const string Category = "Bumper";

    private const string HelpBase = "https://github.com/bumper-dotnet/bumper/blob/main/docs/analyzers.md#";

    /// <summary>BUMP001: two copies of a cursor bump the same pointer, so they hand out the same bytes.</summary>
    public static readonly DiagnosticDescriptor CursorCopied = new(
        CursorCopiedId,
        title: "A BumpCursor is copied",
        messageFormat: "The BumpCursor '{0}' is copied: {1}. Two copies hand out the same memory; {2}.",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A BumpCursor carries its bump pointer in its own fields, so a copy (a by-value or 'in' parameter, another variable, a field, a return value) hands out the bytes the original hands out too. Keep one variable and pass it by 'ref'.",
        helpLinkUri: HelpBase + "bump001");

    /// <summary>BUMP002: a scope that is never disposed leaves its buffer where the scope's allocations ended.</summary>
    public static readonly DiagnosticDescriptor ScopeNotDisposed = new(
        ScopeNotDisposedId,
        title: "A no-escape scope is not disposed on every path",
        messageFormat: "The scope {0}: declare it with 'using var', or dispose it in a 'finally'",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "The scope NoEscape() opens gives its memory back only when it is disposed. Declare it with 'using' (or dispose it in a 'finally'), so that an exception or an early return still ends it; a method that returns the scope hands that duty to its caller.",
        helpLinkUri: HelpBase + "bump002");

    /// <summary>BUMP003: allocating through an outer scope while an inner one is open (checked mode throws).</summary>
    public static readonly DiagnosticDescriptor OuterScopeAllocates = new(
        OuterScopeAllocatesId,
        title: "An outer scope allocates while an inner scope is open",
        messageFormat: "'{0}' allocates through the scope '{1}' while the scope {2}, opened later on the same buffer, is still open: the inner scope's end would release this memory. Allocate through the innermost scope, or end it first.",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Memory allocated through an outer scope while an inner scope on the same buffer is open lies above the inner scope's checkpoint, so the inner scope's end releases it while the outer scope still hands it out. Checked mode throws InvalidOperationException for it at run time.",
        helpLinkUri: HelpBase + "bump003");

    /// <summary>BUMP004: memory from a scope used after the scope's explicit Dispose().</summary>
    public static readonly DiagnosticDescriptor UsedAfterDispose = new(
        UsedAfterDisposeId,
        title: "Memory from a scope is used after the scope is disposed",
        messageFormat: "'{0}' came from the scope '{1}', which is disposed above: its memory may already belong to another allocation. Use '{0}' before '{1}.Dispose()', or dispose the scope later.",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A span, list, text, pointer or cursor obtained from a scope points into memory that the scope's Dispose() gives back to the buffer. The compiler stops such values from leaving the scope's variable, but not from being used after an explicit Dispose() call.",
        helpLinkUri: HelpBase + "bump004");
}
