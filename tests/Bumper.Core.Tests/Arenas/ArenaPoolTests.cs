using System.Diagnostics.Metrics;
using Bumper;

namespace Bumper.Core.Tests.Arenas;

public sealed class ArenaPoolTests
{
    private static ArenaPool NewPool(int maxPooled = 4, long maxBytes = 1 << 20, string name = "test") => new(new ArenaPoolOptions
    {
        Name = name,
        MaxPooled = maxPooled,
        InitialArenaBytes = 1024,
        MaxArenaBytes = maxBytes,
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
        using ArenaPool pool = NewPool(maxBytes: 8192);
        BumpArena a = pool.Rent();
        a.Alloc<byte>(3000);
        Assert.Throws<BufferFullException>(() => a.Alloc<byte>(10_000));
        pool.Return(a);
        Assert.Equal(1, pool.LimitHits);
        Assert.Equal(3000, pool.PeakBytes);

        BumpArena again = pool.Rent();
        Assert.Throws<BufferFullException>(() => again.Alloc<byte>(9000));
        pool.Return(again);
        Assert.Equal(2, pool.LimitHits); // the hit before this rental is not counted twice
    }

    [Fact]
    public void The_pool_publishes_its_counters_under_the_Bumper_meter()
    {
        using ArenaPool pool = NewPool(maxBytes: 4096, name: "metrics-test");
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
                    seen[instrument.Name] = instrument.Name == "bumper.arena.limit_hits" ? seen.GetValueOrDefault(instrument.Name) + value : value;
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
        Assert.Equal(1, seen["bumper.arena.limit_hits"]);
        pool.Return(c);
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
}
