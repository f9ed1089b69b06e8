namespace AotService;

/// <summary>Which temporaries an endpoint uses: <c>?mode=arena</c> (the default) or <c>?mode=heap</c>.</summary>
internal static class Mode
{
    /// <summary>Reads <c>?mode=</c>; returns the error message for any other value, or null.</summary>
    public static string? TryRead(HttpRequest request, out bool heap)
    {
        string? mode = request.Query["mode"];
        heap = mode == "heap";
        return mode is null or "arena" or "heap" ? null : $"mode must be 'arena' or 'heap', got '{mode}'";
    }
}
