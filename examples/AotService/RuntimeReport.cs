using Bumper;

namespace AotService;

/// <summary>The answer of <c>GET /runtime</c>: the GC's figures and the arena pool's counters.</summary>
/// <param name="Gen0">Generation 0 collections since the process started.</param>
/// <param name="Gen1">Generation 1 collections.</param>
/// <param name="Gen2">Generation 2 collections.</param>
/// <param name="AllocatedBytes">Bytes allocated on the GC heap since the process started (precise).</param>
/// <param name="Arenas">The arena pool's counters; <c>inUse</c> counts the <c>/runtime</c> request's own arena.</param>
internal sealed record RuntimeReport(int Gen0, int Gen1, int Gen2, long AllocatedBytes, ArenaCounters Arenas)
{
    /// <summary>The figures now.</summary>
    public static RuntimeReport Now(ArenaPool pool) => new(
        GC.CollectionCount(0),
        GC.CollectionCount(1),
        GC.CollectionCount(2),
        GC.GetTotalAllocatedBytes(precise: true),
        new ArenaCounters(pool.InUse, pool.Pooled, pool.PeakBytes, pool.MaxCapacityRefusals));
}
