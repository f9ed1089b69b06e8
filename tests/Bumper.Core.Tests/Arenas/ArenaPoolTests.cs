using System.Diagnostics.Metrics;
using Bumper;

namespace Bumper.Core.Tests.Arenas;

public sealed class ArenaPoolTests
{
    private static ArenaPool NewPool(int maxPooled = 4, long maxCapacity = 1 << 20, string name = "test") => new(new ArenaPoolOptions
    {
        Name = name,
        MaxPooled = maxPooled,
        InitialArenaCapacity = 1024,
        MaxArenaCapacity = maxCapacity,
        IdleTimeout = TimeSpan.Zero,
    });

    [Fact]
    public void A_returned_arena_is_reset_and_rented_again()
    {
        using ArenaPool pool = NewPool();
        BumpArena a = pool.Rent();
        Memory<int> kept = a.AllocMemory<int>(10);
        Assert.Equal(1, pool.InUse);
        Assert.Equal(0, pool.Pooled);
        pool.Return(a);
        Assert.Equal(0, pool.InUse);
        Assert.Equal(1, pool.Pooled);
        Assert.Equal(0, a.BytesUsed);
        Assert.Throws<ObjectDisposedException>(() => kept.Span.Clear());

        BumpArena b = pool.Rent();
        Assert.Same(a, b);
        Assert.Equal("test#1", b.Name);
        pool.Return(b);
    }

    [Fact]
    public void Returning_twice_or_to_another_pool_is_refused_and_changes_nothing()
    {
        using ArenaPool pool = NewPool();
        using ArenaPool other = NewPool(name: "other");
        BumpArena a = pool.Rent();
        BumpArena b = pool.Rent();
        pool.Return(a);
        var ex = Assert.Throws<InvalidOperationException>(() => pool.Return(a));
        Assert.Contains("'test#1' is not rented from pool 'test'", ex.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => other.Return(b));
        Assert.Equal(1, pool.InUse);
        Assert.Equal(1, pool.Pooled);
        pool.Return(b);
        Assert.Equal(2, pool.Pooled);
    }

    [Fact]
    public void The_pool_keeps_at_most_MaxPooled_idle_arenas_and_trims_idle_ones()
    {
        using ArenaPool pool = NewPool(maxPooled: 2);
        BumpArena[] rented = [pool.Rent(), pool.Rent(), pool.Rent(), pool.Rent()];
        foreach (BumpArena arena in rented)
        {
            pool.Return(arena);
        }

        Assert.Equal(2, pool.Pooled);
        Assert.Equal(2, rented.Count(a => a.IsDisposed));
        Assert.Equal(2, pool.TrimIdle(TimeSpan.Zero));
        Assert.Equal(0, pool.Pooled);
        Assert.True(rented.All(a => a.IsDisposed));
    }

    [Fact]
    public void Limit_hits_and_the_largest_peak_are_counted_when_arenas_return()
    {
        using ArenaPool pool = NewPool(maxCapacity: 8192);
        BumpArena a = pool.Rent();
        a.Alloc<byte>(3000);
        Assert.Throws<BufferFullException>(() => a.Alloc<byte>(10_000));
        pool.Return(a);
        Assert.Equal(1, pool.MaxCapacityRefusals);
        Assert.Equal(3000, pool.PeakBytes);

        BumpArena again = pool.Rent();
        Assert.Throws<BufferFullException>(() => again.Alloc<byte>(9000));
        pool.Return(again);
        Assert.Equal(2, pool.MaxCapacityRefusals); // the hit before this rental is not counted twice
    }

    [Fact]
    public void The_pool_publishes_its_counters_under_the_Bumper_meter()
    {
        using ArenaPool pool = NewPool(maxCapacity: 4096, name: "metrics-test");
        var seen = new Dictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == ArenaPool.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        void Record(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "pool" && (string?)tag.Value == "metrics-test")
                {
                    seen[instrument.Name] = instrument.Name == "bumper.arena.max_capacity_refusals" ? seen.GetValueOrDefault(instrument.Name) + value : value;
                }
            }
        }

        listener.SetMeasurementEventCallback<int>((i, v, t, _) => Record(i, v, t));
        listener.SetMeasurementEventCallback<long>((i, v, t, _) => Record(i, v, t));
        listener.Start();

        BumpArena a = pool.Rent();
        BumpArena b = pool.Rent();
        a.Alloc<byte>(1500);
        Assert.Throws<BufferFullException>(() => b.Alloc<byte>(5000));
        pool.Return(a);
        pool.Return(b);
        BumpArena c = pool.Rent();
        listener.RecordObservableInstruments();

        Assert.Equal(1, seen["bumper.arenas.in_use"]);
        Assert.Equal(1, seen["bumper.arenas.pooled"]);
        Assert.Equal(1500, seen["bumper.arena.peak_bytes"]);
        Assert.Equal(1, seen["bumper.arena.max_capacity_refusals"]);
        pool.Return(c);
    }

    [Fact]
    public void Returning_null_is_refused_naming_the_parameter()
    {
        using ArenaPool pool = NewPool();
        var ex = Assert.Throws<ArgumentNullException>(() => pool.Return(null!));
        Assert.Equal("arena", ex.ParamName);
    }

    [Fact]
    public void An_arena_disposed_by_its_renter_is_taken_back_but_not_kept()
    {
        using ArenaPool pool = NewPool();
        BumpArena arena = pool.Rent();
        arena.Dispose();
        pool.Return(arena);
        Assert.Equal(0, pool.InUse);
        Assert.Equal(0, pool.Pooled);
        Assert.NotSame(arena, pool.Rent());
    }

    [Fact]
    public void The_most_recently_returned_arena_is_rented_first()
    {
        using ArenaPool pool = NewPool();
        BumpArena a = pool.Rent();
        BumpArena b = pool.Rent();
        pool.Return(a);
        pool.Return(b);
        Assert.Same(b, pool.Rent());
        Assert.Same(a, pool.Rent());
        Assert.Equal(0, pool.Pooled);
    }

    [Fact]
    public void Trimming_keeps_the_arenas_idle_for_less_than_asked_in_their_order()
    {
        using ArenaPool pool = NewPool();
        BumpArena a = pool.Rent();
        BumpArena b = pool.Rent();
        pool.Return(a);
        pool.Return(b);

        // Both were returned just now: neither has been idle for a minute.
        Assert.Equal(0, pool.TrimIdle(TimeSpan.FromMinutes(1)));
        Assert.Equal(2, pool.Pooled);
        Assert.False(a.IsDisposed);
        Assert.False(b.IsDisposed);
        Assert.Same(b, pool.Rent());
        Assert.Same(a, pool.Rent());
    }

    [Fact]
    public void TrimIdle_without_an_argument_uses_the_pools_IdleTimeout()
    {
        using var pool = new ArenaPool(new ArenaPoolOptions { InitialArenaCapacity = 1024, IdleTimeout = TimeSpan.FromHours(1) });
        pool.Return(pool.Rent());
        Assert.Equal(0, pool.TrimIdle());
        Assert.Equal(1, pool.Pooled);
    }

    [Fact]
    public void Trimming_for_zero_time_frees_every_idle_arena_even_one_returned_in_the_same_millisecond()
    {
        using ArenaPool pool = NewPool();
        for (int i = 0; i < 100; i++)
        {
            BumpArena arena = pool.Rent();
            pool.Return(arena);
            Assert.Equal(1, pool.TrimIdle(TimeSpan.Zero));
            Assert.True(arena.IsDisposed);
            Assert.Equal(0, pool.Pooled);
        }

        Assert.Equal(0, pool.TrimIdle(TimeSpan.Zero));
    }

    [Fact]
    public void A_disposed_pool_frees_its_idle_arenas_refuses_to_rent_and_frees_arenas_returned_to_it()
    {
        ArenaPool pool = NewPool();
        BumpArena idle = pool.Rent();
        BumpArena rented = pool.Rent();
        pool.Return(idle);

        pool.Dispose();
        Assert.True(idle.IsDisposed);
        Assert.Equal(0, pool.Pooled);
        Assert.Throws<ObjectDisposedException>(() => pool.Rent());
        Assert.Equal(1, pool.InUse);

        pool.Return(rented);
        Assert.True(rented.IsDisposed);
        Assert.Equal(0, pool.InUse);
        Assert.Equal(0, pool.Pooled);
        pool.Dispose(); // a second Dispose does nothing
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void CheckedArenas_sets_every_new_arenas_checked_mode(bool isChecked)
    {
        using var pool = new ArenaPool(new ArenaPoolOptions { IdleTimeout = TimeSpan.Zero, CheckedArenas = isChecked });
        BumpArena arena = pool.Rent();
        Assert.Equal(isChecked, arena.IsChecked);
        pool.Return(arena);
    }

    [Fact]
    public void Without_CheckedArenas_new_arenas_take_the_default_of_new_buffers()
    {
        using var pool = new ArenaPool(new ArenaPoolOptions { IdleTimeout = TimeSpan.Zero });
        BumpArena arena = pool.Rent();
        Assert.Equal(new ResizeBuffer(64).IsChecked, arena.IsChecked);
        pool.Return(arena);
    }

    [Fact]
    public void The_largest_peak_of_any_returned_arena_is_kept()
    {
        using ArenaPool pool = NewPool();
        BumpArena a = pool.Rent();
        BumpArena b = pool.Rent();
        a.Alloc<byte>(700);
        b.Alloc<byte>(300);
        pool.Return(a);
        Assert.Equal(700, pool.PeakBytes);
        pool.Return(b);
        Assert.Equal(700, pool.PeakBytes);

        BumpArena c = pool.Rent();
        c.Alloc<byte>(900);
        pool.Return(c);
        Assert.Equal(900, pool.PeakBytes);
    }

    [Fact]
    public void The_instruments_have_the_documented_names_units_and_descriptions()
    {
        var published = new List<Instrument>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, _) =>
        {
            if (instrument.Meter.Name == "Bumper")
            {
                lock (published)
                {
                    published.Add(instrument);
                }
            }
        };
        listener.Start();
        using ArenaPool pool = NewPool(name: "instruments-test");

        string[] seen;
        lock (published)
        {
            seen = published.Select(i => $"{i.Name} [{i.Unit}] {i.Description} ({i.GetType().Name})").Distinct().Order(StringComparer.Ordinal).ToArray();
        }

        Assert.Equal(
            [
                "bumper.arena.max_capacity_refusals [{request}] Requests refused by the per-arena limit (Counter`1)",
                "bumper.arena.peak_bytes [By] The largest peak of any arena of the pool (ObservableGauge`1)",
                "bumper.arenas.in_use [{arena}] Arenas rented and not yet returned (ObservableUpDownCounter`1)",
                "bumper.arenas.pooled [{arena}] Idle arenas kept for reuse (ObservableUpDownCounter`1)",
            ],
            seen);
    }

    [Fact]
    public void A_disposed_pool_stops_publishing_its_instruments()
    {
        ArenaPool pool = NewPool(maxCapacity: 4096, name: "dispose-metrics-test");
        var ours = new HashSet<Instrument>();
        var completed = new HashSet<Instrument>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == ArenaPool.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.MeasurementsCompleted = (instrument, _) =>
        {
            lock (completed)
            {
                completed.Add(instrument);
            }
        };
        void Record(Instrument instrument, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "pool" && (string?)tag.Value == "dispose-metrics-test")
                {
                    lock (ours)
                    {
                        ours.Add(instrument);
                    }
                }
            }
        }

        listener.SetMeasurementEventCallback<int>((i, _, t, _) => Record(i, t));
        listener.SetMeasurementEventCallback<long>((i, _, t, _) => Record(i, t));
        listener.Start();

        BumpArena arena = pool.Rent();
        Assert.Throws<BufferFullException>(() => arena.Alloc<byte>(5000));
        pool.Return(arena);
        listener.RecordObservableInstruments();
        Assert.Equal(4, ours.Count);

        pool.Dispose();
        lock (completed)
        {
            Assert.Subset(completed, ours);
        }
    }

    [Fact]
    public void An_arena_returned_while_another_return_filled_the_pool_is_freed_not_kept()
    {
        using ArenaPool pool = NewPool(maxPooled: 1, maxCapacity: 4096, name: "race-full-test");
        BumpArena a = pool.Rent();
        BumpArena b = pool.Rent();
        Assert.Throws<BufferFullException>(() => a.Alloc<byte>(5000));

        // a's return publishes its limit hit after it took a's place back and before it keeps a:
        // b's return fills the pool in between, as another thread's could.
        using MeterListener listener = WhenLimitHitIsPublished("race-full-test", () => pool.Return(b));
        pool.Return(a);

        Assert.Equal(1, pool.Pooled);
        Assert.False(b.IsDisposed);
        Assert.True(a.IsDisposed);
        Assert.Same(b, pool.Rent());
    }

    [Fact]
    public void An_arena_returned_while_the_pool_is_being_disposed_is_freed_not_kept()
    {
        ArenaPool pool = NewPool(maxCapacity: 4096, name: "race-dispose-test");
        BumpArena a = pool.Rent();
        Assert.Throws<BufferFullException>(() => a.Alloc<byte>(5000));

        using MeterListener listener = WhenLimitHitIsPublished("race-dispose-test", pool.Dispose);
        pool.Return(a);

        Assert.Equal(0, pool.Pooled);
        Assert.True(a.IsDisposed);
    }

    [Fact]
    public void A_disposed_pool_is_not_kept_alive_by_its_trim_timer_or_its_meter()
    {
        WeakReference pool = DisposedPoolWithATrimTimer();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Assert.False(pool.IsAlive);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static WeakReference DisposedPoolWithATrimTimer()
    {
        var pool = new ArenaPool(new ArenaPoolOptions { InitialArenaCapacity = 1024, IdleTimeout = TimeSpan.FromHours(1) });
        pool.Return(pool.Rent());
        pool.Dispose();
        return new WeakReference(pool);
    }

    /// <summary>Runs <paramref name="action"/> once, when the pool named <paramref name="poolName"/> publishes a limit hit.</summary>
    private static MeterListener WhenLimitHitIsPublished(string poolName, Action action)
    {
        bool done = false;
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == ArenaPool.MeterName && instrument.Name == "bumper.arena.max_capacity_refusals")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "pool" && (string?)tag.Value == poolName && !done)
                {
                    done = true;
                    action();
                }
            }
        });
        listener.Start();
        return listener;
    }

    [Fact]
    public async Task Concurrent_requests_each_see_only_their_own_bytes()
    {
        using ArenaPool pool = NewPool(maxPooled: 4);
        async Task Request(int id)
        {
            for (int round = 0; round < 50; round++)
            {
                BumpArena arena = pool.Rent();
                try
                {
                    Memory<int> mine = arena.AllocMemory<int>(64 + (id * 7));
                    mine.Span.Fill((id * 1000) + round);
                    await Task.Yield();
                    Assert.Equal(mine.Length, mine.Span.Count((id * 1000) + round));
                }
                finally
                {
                    pool.Return(arena);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 16).Select(id => Task.Run(() => Request(id))));
        Assert.Equal(0, pool.InUse);
        Assert.True(pool.Pooled is > 0 and <= 4, $"pooled {pool.Pooled}");
    }

    [Fact]
    public void A_rent_that_cannot_make_an_arena_changes_nothing()
    {
        // A first block past what one GC block holds cannot be made in this flavour.
        using var pool = new ArenaPool(new ArenaPoolOptions { InitialArenaCapacity = 3L << 30, MaxArenaCapacity = 4L << 30, IdleTimeout = TimeSpan.Zero });

        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => pool.Rent());

        Assert.Equal("capacity", ex.ParamName);
        Assert.Equal(0, pool.InUse);
        Assert.Equal(0, pool.Pooled);
        Assert.Throws<ArgumentOutOfRangeException>(() => pool.Rent());
        Assert.Equal(0, pool.InUse);
    }

    [Fact]
    public void MaxRetainedArenaBytes_takes_a_returned_arena_back_to_a_block_of_that_size()
    {
        using var pool = new ArenaPool(new ArenaPoolOptions { InitialArenaCapacity = 1024, MaxArenaCapacity = 1 << 20, MaxRetainedArenaBytes = 4096, IdleTimeout = TimeSpan.Zero });
        BumpArena arena = pool.Rent();
        Assert.Equal(4096, arena.MaxRetainedBytes);
        arena.Alloc<byte>(100_000);
        pool.Return(arena);

        // Reset on return: the regrow to the 100,000-byte peak stops at what the arena may keep.
        Assert.Equal(4096, arena.Capacity);
        BumpArena again = pool.Rent();
        Assert.Same(arena, again);
        again.Alloc<byte>(3000);
        Assert.Equal(4096, again.Capacity);
        pool.Return(again);
    }
}
