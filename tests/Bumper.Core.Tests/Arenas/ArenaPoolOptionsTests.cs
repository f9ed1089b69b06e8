using Bumper;

namespace Bumper.Core.Tests.Arenas;

/// <summary>The pool's settings: their documented defaults, and the ranges a pool accepts.</summary>
public sealed class ArenaPoolOptionsTests
{
    [Fact]
    public void The_defaults_are_the_documented_ones()
    {
        var options = new ArenaPoolOptions();
        Assert.Equal("bumper", options.Name);
        Assert.Equal(2 * Environment.ProcessorCount, options.MaxPooled);
        Assert.Equal(65_536, options.InitialArenaCapacity);
        Assert.Equal(16_777_216, options.MaxArenaCapacity);
        Assert.Equal(TimeSpan.FromSeconds(30), options.IdleTimeout);
        Assert.Null(options.CheckedArenas);
        Assert.Same(TimeProvider.System, options.TimeProvider);
    }

    [Fact]
    public void A_pool_made_without_options_uses_the_defaults()
    {
        using var pool = new ArenaPool();
        Assert.Equal("bumper", pool.Options.Name);
        BumpArena arena = pool.Rent();
        Assert.Equal("bumper#1", arena.Name);
        Assert.Equal(65_536, arena.Capacity);
        Assert.Equal(16_777_216, arena.MaxCapacity);
        pool.Return(arena);
        Assert.Equal(1, pool.Pooled);
    }

    [Theory]
    [InlineData(-1, 0L, 0L, 0L, 0L, "MaxPooled -1, InitialArenaCapacity 0, MaxArenaCapacity 0, MaxRetainedArenaBytes 0, IdleTimeout 00:00:00")]
    [InlineData(0, -1L, 0L, 0L, 0L, "MaxPooled 0, InitialArenaCapacity -1, MaxArenaCapacity 0, MaxRetainedArenaBytes 0, IdleTimeout 00:00:00")]
    [InlineData(0, 1024L, 1023L, 0L, 0L, "MaxPooled 0, InitialArenaCapacity 1024, MaxArenaCapacity 1023, MaxRetainedArenaBytes 0, IdleTimeout 00:00:00")]
    [InlineData(0, 0L, 0L, -1L, 0L, "MaxPooled 0, InitialArenaCapacity 0, MaxArenaCapacity 0, MaxRetainedArenaBytes -1, IdleTimeout 00:00:00")]
    [InlineData(0, 0L, 0L, 0L, -10_000L, "MaxPooled 0, InitialArenaCapacity 0, MaxArenaCapacity 0, MaxRetainedArenaBytes 0, IdleTimeout -00:00:00.0010000")]
    public void A_setting_out_of_range_is_refused_with_every_figure(int maxPooled, long initialBytes, long maxCapacity, long maxRetained, long idleTicks, string figures)
    {
        var options = new ArenaPoolOptions
        {
            MaxPooled = maxPooled,
            InitialArenaCapacity = initialBytes,
            MaxArenaCapacity = maxCapacity,
            MaxRetainedArenaBytes = maxRetained,
            IdleTimeout = TimeSpan.FromTicks(idleTicks),
        };

        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new ArenaPool(options));
        Assert.Equal("options", ex.ParamName);
        Assert.Equal(
            "An arena pool needs MaxPooled >= 0, 0 <= InitialArenaCapacity <= MaxArenaCapacity, MaxRetainedArenaBytes >= 0 and IdleTimeout >= 0; got "
            + figures + ". (Parameter 'options')",
            ex.Message);
    }

    [Fact]
    public void The_edges_of_every_range_are_accepted()
    {
        // No arena kept, empty first blocks, a limit equal to the first block, nothing retained, no periodic trim.
        using var pool = new ArenaPool(new ArenaPoolOptions
        {
            MaxPooled = 0,
            InitialArenaCapacity = 0,
            MaxArenaCapacity = 0,
            MaxRetainedArenaBytes = 0,
            IdleTimeout = TimeSpan.Zero,
        });

        BumpArena arena = pool.Rent();
        Assert.Equal(0, arena.Capacity);
        Assert.Equal(0, arena.MaxCapacity);
        Assert.Equal(0, pool.Options.MaxRetainedArenaBytes);
        Assert.Throws<BufferFullException>(() => arena.Alloc<byte>(1));
        pool.Return(arena);
        Assert.Equal(0, pool.Pooled);
        Assert.True(arena.IsDisposed);
    }
}
