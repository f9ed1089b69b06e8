// Invariants: _idle holds only arenas of this pool that are reset and not rented (IsRented false),
// at most MaxPooled of them, newest last; _inUse counts the arenas rented and not yet returned.
// Every field is read and written under _lock, except the metrics callbacks' reads of the counters.
using System.Diagnostics.Metrics;
using Bumper.Internal;

namespace Bumper;

/// <summary>
/// A thread-safe, bounded pool of <see cref="BumpArena"/>s for services: <see cref="Rent"/> one per
/// request, <see cref="Return"/> it when the response has completed. Returned arenas are reset (so
/// everything they handed out is stale) and kept for reuse, up to <see cref="ArenaPoolOptions.MaxPooled"/>;
/// arenas idle for longer than <see cref="ArenaPoolOptions.IdleTimeout"/> are freed, so memory goes back
/// after a burst.
/// </summary>
/// <remarks>
/// The pool publishes its figures with <see cref="System.Diagnostics.Metrics"/> under the meter
/// <c>Bumper</c> (see <see cref="MeterName"/>), tagged with the pool's name:
/// <c>bumper.arenas.in_use</c>, <c>bumper.arenas.pooled</c>, <c>bumper.arena.peak_bytes</c> (the
/// largest peak of any arena) and <c>bumper.arena.max_capacity_refusals</c> (requests refused by
/// <see cref="ArenaPoolOptions.MaxArenaCapacity"/>). <c>dotnet-counters monitor --counters Bumper</c> shows them.
/// </remarks>
public sealed class ArenaPool : IDisposable
{
    /// <summary>The name of the meter the pool's instruments belong to.</summary>
    public const string MeterName = "Bumper";

    private readonly object _lock = new();
    private readonly Stack<BumpArena> _idle = new();
    private readonly Meter _meter;
    private readonly Counter<long> _limitHitCounter;
    private readonly TimeProvider _time;
    private readonly ITimer? _trimTimer;
    private int _inUse;
    private int _made;
    private long _peakBytes;
    private long _limitHits;
    private bool _disposed;

    /// <summary>Creates a pool with <paramref name="options"/> (or the defaults).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    /// <exception cref="ArgumentNullException"><see cref="ArenaPoolOptions.TimeProvider"/> is null.</exception>
    public ArenaPool(ArenaPoolOptions? options = null)
    {
        Options = options ?? new ArenaPoolOptions();
        _time = Options.TimeProvider ?? throw new ArgumentNullException(nameof(options), "ArenaPoolOptions.TimeProvider must not be null; leave it at TimeProvider.System for the system clock.");
        if (Options.MaxPooled < 0 || Options.InitialArenaCapacity < 0 || Options.MaxArenaCapacity < Options.InitialArenaCapacity || Options.MaxRetainedArenaBytes < 0 || Options.IdleTimeout < TimeSpan.Zero)
        {
            ThrowHelper.ThrowInvalidPoolOptions(nameof(options), Options.MaxPooled, Options.InitialArenaCapacity, Options.MaxArenaCapacity, Options.MaxRetainedArenaBytes, Options.IdleTimeout);
        }

        KeyValuePair<string, object?>[] tags = [new("pool", Options.Name)];
        _meter = new Meter(MeterName);
        _meter.CreateObservableUpDownCounter("bumper.arenas.in_use", () => new Measurement<int>(InUse, tags), "{arena}", "Arenas rented and not yet returned");
        _meter.CreateObservableUpDownCounter("bumper.arenas.pooled", () => new Measurement<int>(Pooled, tags), "{arena}", "Idle arenas kept for reuse");
        _meter.CreateObservableGauge("bumper.arena.peak_bytes", () => new Measurement<long>(PeakBytes, tags), "By", "The largest peak of any arena of the pool");
        _limitHitCounter = _meter.CreateCounter<long>("bumper.arena.max_capacity_refusals", "{request}", "Requests refused by the per-arena limit");
        _limitTags = tags;
        if (Options.IdleTimeout > TimeSpan.Zero)
        {
            TimeSpan period = Options.IdleTimeout / 2;
            _trimTimer = _time.CreateTimer(static state => ((ArenaPool)state!).TrimIdle(), this, period, period);
        }
    }

    private readonly KeyValuePair<string, object?>[] _limitTags;

    /// <summary>The pool's settings (read when arenas are made; change them before renting).</summary>
    public ArenaPoolOptions Options { get; }

    /// <summary>Arenas rented and not yet returned.</summary>
    public int InUse => Volatile.Read(ref _inUse);

    /// <summary>Idle arenas kept for reuse.</summary>
    public int Pooled
    {
        get
        {
            lock (_lock)
            {
                return _idle.Count;
            }
        }
    }

    /// <summary>The largest <see cref="BumpArena.PeakBytesUsed"/> of any arena when it was returned.</summary>
    public long PeakBytes => Interlocked.Read(ref _peakBytes);

    /// <summary>Requests refused by <see cref="ArenaPoolOptions.MaxArenaCapacity"/>, counted when their arenas were returned.</summary>
    public long MaxCapacityRefusals => Interlocked.Read(ref _limitHits);

    /// <summary>Takes an idle arena, or makes one; return it with <see cref="Return"/>.</summary>
    /// <exception cref="ObjectDisposedException">The pool has been disposed.</exception>
    public BumpArena Rent()
    {
        BumpArena? arena;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_idle.TryPop(out arena))
            {
                _inUse++;
            }
        }

        // A new arena is made outside the lock and counted once it exists, so a rent that cannot make
        // one (no memory, or a first block this flavour cannot hold) changes no figure.
        if (arena is null)
        {
            arena = Make();
            lock (_lock)
            {
                _inUse++;
            }
        }

        arena.IsRented = true;
        arena.RefusalsAtRent = arena.MaxCapacityRefusals;
        return arena;
    }

    /// <summary>
    /// Gives a rented arena back: it is reset (everything it handed out becomes stale) and kept for
    /// reuse, or freed when the pool is full or disposed.
    /// </summary>
    /// <exception cref="InvalidOperationException">The arena is not rented from this pool (returned twice, or another pool's); nothing changes.</exception>
    public void Return(BumpArena arena)
    {
        ArgumentNullException.ThrowIfNull(arena);
        bool keep;
        lock (_lock)
        {
            if (arena.Pool != this || !arena.IsRented)
            {
                ThrowHelper.ThrowArenaNotRented(arena.Name, Options.Name);
            }

            arena.IsRented = false;
            _inUse--;
            Interlocked.Exchange(ref _peakBytes, Math.Max(_peakBytes, arena.PeakBytesUsed));
            keep = !_disposed && !arena.IsDisposed && !IsFull;
        }

        long hits = arena.MaxCapacityRefusals - arena.RefusalsAtRent;
        if (hits != 0)
        {
            Interlocked.Add(ref _limitHits, hits);
            _limitHitCounter.Add(hits, _limitTags);
        }

        if (!keep)
        {
            arena.Dispose();
            return;
        }

        arena.Reset();
        arena.ReturnedAt = _time.GetTimestamp();
        lock (_lock)
        {
            if (!_disposed && !IsFull)
            {
                _idle.Push(arena);
                return;
            }
        }

        arena.Dispose();
    }

    /// <summary>Frees the idle arenas that have been unused for at least <see cref="ArenaPoolOptions.IdleTimeout"/>; returns how many.</summary>
    public int TrimIdle() => TrimIdle(Options.IdleTimeout);

    /// <summary>Frees the idle arenas that have been unused for at least <paramref name="idleFor"/>; returns how many.</summary>
    public int TrimIdle(TimeSpan idleFor)
    {
        long now = _time.GetTimestamp();
        var freed = new List<BumpArena>();
        lock (_lock)
        {
            // Stryker disable once Block : a shortcut only, as an empty stack gives an empty loop and the same 0
            if (_idle.Count == 0)
            {
                return 0;
            }

            // Newest last: keep the arenas returned recently, free the rest.
            BumpArena[] idle = _idle.ToArray();
            _idle.Clear();
            for (int i = idle.Length - 1; i >= 0; i--)
            {
                if (_time.GetElapsedTime(idle[i].ReturnedAt, now) >= idleFor)
                {
                    freed.Add(idle[i]);
                }
                else
                {
                    _idle.Push(idle[i]);
                }
            }
        }

        foreach (BumpArena arena in freed)
        {
            arena.Dispose();
        }

        return freed.Count;
    }

    /// <summary>Frees the idle arenas and stops the trim timer; arenas still rented are freed when returned.</summary>
    public void Dispose()
    {
        BumpArena[] idle;
        lock (_lock)
        {
            // Stryker disable once Block,Statement : a second pass repeats only idempotent steps (the idle stack is empty; Timer.Dispose and Meter.Dispose do nothing twice)
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            idle = _idle.ToArray();
            _idle.Clear();
        }

        _trimTimer?.Dispose();
        foreach (BumpArena arena in idle)
        {
            arena.Dispose();
        }

        _meter.Dispose();
    }

    /// <summary>Whether the pool keeps <see cref="ArenaPoolOptions.MaxPooled"/> idle arenas already; read under <see cref="_lock"/>.</summary>
    private bool IsFull => _idle.Count >= Options.MaxPooled;

    private BumpArena Make()
    {
        // The number is taken only once the arena exists, so arenas are numbered 1, 2, ... without gaps.
        var arena = new BumpArena(Options.InitialArenaCapacity, Options.MaxArenaCapacity, Options.Name) { Pool = this, MaxRetainedBytes = Options.MaxRetainedArenaBytes };
        arena.Name = $"{Options.Name}#{Interlocked.Increment(ref _made)}";
        if (Options.CheckedArenas is bool isChecked)
        {
            arena.IsChecked = isChecked;
        }

        return arena;
    }
}
