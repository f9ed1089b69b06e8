using Bumper;
using Bumper.Core.Tests.Support;

namespace Bumper.Core.Tests.Arenas;

/// <summary>
/// The periodic trim: a pool checks its idle arenas every half <see cref="ArenaPoolOptions.IdleTimeout"/>
/// and frees those idle for the whole timeout, on the clock of its <see cref="ArenaPoolOptions.TimeProvider"/>.
/// </summary>
public sealed class ArenaPoolTrimTimerTests
{
    private static ArenaPool NewPool(ManualTimeProvider time, TimeSpan idleTimeout) => new(new ArenaPoolOptions
    {
        InitialArenaCapacity = 1024,
        IdleTimeout = idleTimeout,
        TimeProvider = time,
    });

    [Fact]
    public void A_pool_checks_its_idle_arenas_every_half_idle_timeout()
    {
        var time = new ManualTimeProvider();
        using ArenaPool pool = NewPool(time, TimeSpan.FromSeconds(10));

        ManualTimeProvider.ManualTimer timer = Assert.Single(time.Timers);
        Assert.Equal(TimeSpan.FromSeconds(5), timer.DueTime);
        Assert.Equal(TimeSpan.FromSeconds(5), timer.Period);
    }

    [Fact]
    public void A_zero_idle_timeout_makes_no_timer()
    {
        var time = new ManualTimeProvider();
        using ArenaPool pool = NewPool(time, TimeSpan.Zero);
        pool.Return(pool.Rent());

        Assert.Empty(time.Timers);
        time.Advance(TimeSpan.FromDays(1));
        Assert.Equal(1, pool.Pooled);
    }

    [Fact]
    public void The_timer_frees_an_arena_at_the_first_check_after_it_has_been_idle_for_the_whole_timeout()
    {
        var time = new ManualTimeProvider();
        using ArenaPool pool = NewPool(time, TimeSpan.FromSeconds(10));
        ManualTimeProvider.ManualTimer timer = Assert.Single(time.Timers);
        BumpArena first = pool.Rent();
        BumpArena second = pool.Rent();
        pool.Return(first);                        // idle from t = 0

        time.Advance(TimeSpan.FromSeconds(7));     // check at 5 s: idle 5 s, kept
        Assert.Equal(1, timer.FireCount);
        Assert.Equal(1, pool.Pooled);
        pool.Return(second);                       // idle from t = 7 s

        time.Advance(TimeSpan.FromSeconds(3));     // check at 10 s: the first idle 10 s, freed; the second 3 s
        Assert.Equal(2, timer.FireCount);
        Assert.Equal(1, pool.Pooled);
        Assert.True(first.IsDisposed);
        Assert.False(second.IsDisposed);

        time.Advance(TimeSpan.FromSeconds(5));     // check at 15 s: the second idle 8 s, kept
        Assert.Equal(1, pool.Pooled);
        time.Advance(TimeSpan.FromSeconds(5));     // check at 20 s: idle 13 s, freed
        Assert.Equal(4, timer.FireCount);
        Assert.Equal(0, pool.Pooled);
        Assert.True(second.IsDisposed);
    }

    [Fact]
    public void TrimIdle_measures_idle_time_on_the_pools_clock()
    {
        var time = new ManualTimeProvider();
        using ArenaPool pool = NewPool(time, TimeSpan.Zero);
        pool.Return(pool.Rent());

        time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(0, pool.TrimIdle(TimeSpan.FromMinutes(1)));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, pool.TrimIdle(TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public void Disposing_the_pool_stops_its_timer()
    {
        var time = new ManualTimeProvider();
        var pool = NewPool(time, TimeSpan.FromSeconds(10));
        ManualTimeProvider.ManualTimer timer = Assert.Single(time.Timers);

        pool.Dispose();

        Assert.True(timer.IsDisposed);
    }

    [Fact]
    public void A_null_time_provider_is_refused_with_what_to_use_instead()
    {
        var options = new ArenaPoolOptions { TimeProvider = null! };

        ArgumentNullException e = Assert.Throws<ArgumentNullException>(() => new ArenaPool(options));

        Assert.Equal("options", e.ParamName);
        Assert.Equal("ArenaPoolOptions.TimeProvider must not be null; leave it at TimeProvider.System for the system clock. (Parameter 'options')", e.Message);
    }
}
