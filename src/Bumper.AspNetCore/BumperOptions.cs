namespace Bumper.AspNetCore;

/// <summary>
/// The settings of <see cref="BumperServiceCollectionExtensions.AddBumper"/>: those of the
/// <see cref="ArenaPool"/> that serves the requests' arenas, with its defaults (see
/// <see cref="ArenaPoolOptions"/>; the pool's clock is the container's <see cref="TimeProvider"/>).
/// </summary>
public sealed class BumperOptions
{
    /// <summary>The pool settings the defaults are read from: one copy of each default, in <see cref="ArenaPoolOptions"/>.</summary>
    private static readonly ArenaPoolOptions Defaults = new();

    /// <summary>The pool's name: the <c>pool</c> tag of its metrics and the prefix of its arenas' names (<see cref="ArenaPoolOptions.Name"/>).</summary>
    public string Name { get; set; } = Defaults.Name;

    /// <summary>The most idle arenas kept for reuse (<see cref="ArenaPoolOptions.MaxPooled"/>).</summary>
    public int MaxPooled { get; set; } = Defaults.MaxPooled;

    /// <summary>Each new arena's first block (<see cref="ArenaPoolOptions.InitialArenaCapacity"/>).</summary>
    public long InitialArenaCapacity { get; set; } = Defaults.InitialArenaCapacity;

    /// <summary>
    /// The most memory one request's arena may hold (<see cref="ArenaPoolOptions.MaxArenaCapacity"/>). A
    /// request that asks for more gets <see cref="BufferFullException"/>; if it escapes the handler
    /// before the response has started, the client gets 413 (see <see cref="BumperApplicationBuilderExtensions.UseBumper"/>).
    /// </summary>
    public long MaxArenaCapacity { get; set; } = Defaults.MaxArenaCapacity;

    /// <summary>The most memory an arena keeps between requests (<see cref="ArenaPoolOptions.MaxRetainedArenaBytes"/>).</summary>
    public long MaxRetainedArenaBytes { get; set; } = Defaults.MaxRetainedArenaBytes;

    /// <summary>How long an arena may sit unused in the pool before it is freed; zero turns trimming off (<see cref="ArenaPoolOptions.IdleTimeout"/>).</summary>
    public TimeSpan IdleTimeout { get; set; } = Defaults.IdleTimeout;

    /// <summary>Whether the arenas run in checked mode (released bytes poisoned); null: the library's default (<see cref="ArenaPoolOptions.CheckedArenas"/>).</summary>
    public bool? CheckedArenas { get; set; } = Defaults.CheckedArenas;

    /// <summary>The pool settings these options describe.</summary>
    public ArenaPoolOptions ToPoolOptions() => new()
    {
        Name = Name,
        MaxPooled = MaxPooled,
        InitialArenaCapacity = InitialArenaCapacity,
        MaxArenaCapacity = MaxArenaCapacity,
        MaxRetainedArenaBytes = MaxRetainedArenaBytes,
        IdleTimeout = IdleTimeout,
        CheckedArenas = CheckedArenas,
    };
}
