namespace Bumper.AspNetCore;

/// <summary>
/// The settings of <see cref="BumperServiceCollectionExtensions.AddBumper"/>: those of the
/// <see cref="ArenaPool"/> that serves the requests' arenas (see <see cref="ArenaPoolOptions"/>).
/// </summary>
public sealed class BumperOptions
{
    /// <summary>The pool's name: the <c>pool</c> tag of its metrics and the prefix of its arenas' names. Default <c>"bumper"</c>.</summary>
    public string Name { get; set; } = "bumper";

    /// <summary>The most idle arenas kept for reuse. Default: twice the processor count.</summary>
    public int MaxPooled { get; set; } = Environment.ProcessorCount * 2;

    /// <summary>Each new arena's first block. Default 64 KiB.</summary>
    public long InitialArenaBytes { get; set; } = BumpArena.DefaultInitialCapacity;

    /// <summary>
    /// The most memory one request's arena may hold. A request that asks for more gets
    /// <see cref="BufferFullException"/>; if it escapes the handler before the response has started, the
    /// client gets 413 (see <see cref="BumperApplicationBuilderExtensions.UseBumper"/>). Default 16 MiB.
    /// </summary>
    public long MaxArenaBytes { get; set; } = 16L * 1024 * 1024;

    /// <summary>How long an arena may sit unused in the pool before it is freed; zero turns trimming off. Default 30 s.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether the arenas run in checked mode (released bytes poisoned); null: the library's default.</summary>
    public bool? CheckedArenas { get; set; }

    /// <summary>The pool settings these options describe.</summary>
    public ArenaPoolOptions ToPoolOptions() => new()
    {
        Name = Name,
        MaxPooled = MaxPooled,
        InitialArenaBytes = InitialArenaBytes,
        MaxArenaBytes = MaxArenaBytes,
        IdleTimeout = IdleTimeout,
        CheckedArenas = CheckedArenas,
    };
}
