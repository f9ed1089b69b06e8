namespace Bumper;

/// <summary>The settings of an <see cref="ArenaPool"/>.</summary>
public sealed class ArenaPoolOptions
{
    /// <summary>The pool's name: the <c>pool</c> tag of its metrics, and the prefix of its arenas' names. Default <c>"bumper"</c>.</summary>
    public string Name { get; set; } = "bumper";

    /// <summary>The most idle arenas kept for reuse; an arena returned past this is freed. Default: twice the processor count.</summary>
    public int MaxPooled { get; set; } = Environment.ProcessorCount * 2;

    /// <summary>Each new arena's first block. Default 64 KiB; an arena settles into one block of its peak.</summary>
    public long InitialArenaCapacity { get; set; } = BumpArena.DefaultInitialCapacity;

    /// <summary>
    /// The most memory one arena may hold: a request past it gets <see cref="BufferFullException"/> with the
    /// figures (the guard against a hostile request). Default 16 MiB.
    /// </summary>
    public long MaxArenaCapacity { get; set; } = 16L * 1024 * 1024;

    /// <summary>
    /// The most memory an arena keeps between requests (its buffer's <see cref="BumpBuffer.MaxRetainedBytes"/>):
    /// an arena whose work grew it past this goes back to a block of this size (or of
    /// <see cref="InitialArenaCapacity"/>, if larger) when it is returned. Unlimited by default: an arena
    /// keeps one block of the largest request it served.
    /// </summary>
    public long MaxRetainedArenaBytes { get; set; } = long.MaxValue;

    /// <summary>How long an arena may sit unused in the pool before <see cref="ArenaPool.TrimIdle()"/> frees it; zero turns the periodic trim off. Default 30 s.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The clock and timers the pool uses: the idle age of its arenas and the periodic trim. Default
    /// <see cref="TimeProvider.System"/>; a test can pass its own to move time by hand.
    /// </summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Whether arenas run in checked mode (see <see cref="BumpBuffer.IsChecked"/>); null: the library's default for new buffers.</summary>
    public bool? CheckedArenas { get; set; }
}
