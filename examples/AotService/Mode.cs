namespace AotService;

/// <summary>Reads <c>?mode=arena</c> (the default), <c>?mode=heap</c> or <c>?mode=pool</c>: which <see cref="Temporaries"/> an endpoint uses.</summary>
internal static class Mode
{
    /// <summary>Reads <c>?mode=</c>; returns the error message for any other value, or null.</summary>
    public static string? TryRead(HttpRequest request, out Temporaries temporaries)
    {
        string? mode = request.Query["mode"];
        (temporaries, bool known) = mode switch
        {
            null or "arena" => (Temporaries.Arena, true),
            "heap" => (Temporaries.Heap, true),
            "pool" => (Temporaries.Pool, true),
            _ => (Temporaries.Arena, false),
        };
        return known ? null : $"mode must be 'arena', 'heap' or 'pool', got '{mode}'";
    }
}
