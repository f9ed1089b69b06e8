namespace AotService;

/// <summary>An <see cref="Bumper.ArenaPool"/>'s counters, as <c>GET /runtime</c> shows them.</summary>
/// <param name="InUse">Arenas rented and not yet returned.</param>
/// <param name="Pooled">Idle arenas kept for reuse.</param>
/// <param name="PeakBytes">The largest peak of any arena, in bytes.</param>
/// <param name="MaxCapacityRefusals">Requests refused by the per-arena limit.</param>
internal sealed record ArenaCounters(int InUse, int Pooled, long PeakBytes, long MaxCapacityRefusals);
