namespace Bumper.AspNetCore;

/// <summary>
/// The <see cref="IArenaFeature"/> of one request: rents the arena, and returns it exactly once when
/// disposed (registered with <c>HttpResponse.RegisterForDispose</c>, so after the response has completed).
/// </summary>
internal sealed class ArenaFeature : IArenaFeature, IDisposable
{
    private readonly ArenaPool _pool;
    private BumpArena? _arena;

    public ArenaFeature(ArenaPool pool)
    {
        _pool = pool;
        _arena = pool.Rent();
        RefusalsAtStart = _arena.MaxCapacityRefusals;
    }

    public BumpArena Arena => _arena ?? throw new ObjectDisposedException(nameof(IArenaFeature), "The request's arena has been returned to its pool: the response has completed.");

    /// <summary>The arena's <see cref="BumpArena.MaxCapacityRefusals"/> when the request began: more later means this request hit the limit.</summary>
    public long RefusalsAtStart { get; }

    public void Dispose()
    {
        BumpArena? arena = Interlocked.Exchange(ref _arena, null);
        if (arena is not null)
        {
            _pool.Return(arena);
        }
    }
}
