using AotService;
using Xunit;

namespace Bumper.AspNetCore.Tests.Example;

/// <summary>
/// The pooled path's values (examples/AotService/PooledValues.cs, compiled in here): how they grow, the limit
/// they share with the arena, and every rental going back to the pool.
/// </summary>
public class PooledValuesTests
{
    [Fact]
    public void Values_grow_by_renting_a_larger_array_and_returning_the_smaller_one()
    {
        var pool = new RecordingArrayPool();
        PooledValues values = Filled(pool, 512, 1L << 20, 5000);

        Assert.Equal([512, 1024, 2048, 4096, 8192], pool.Rented);
        Assert.Equal([512, 1024, 2048, 4096], pool.Returned);
        Assert.Equal(5000, values.Count);
        Assert.Equal(Enumerable.Range(0, 5000).Select(i => (double)i), values.Span.ToArray());
    }

    [Fact]
    public void Dispose_returns_the_last_array_once()
    {
        var pool = new RecordingArrayPool();
        PooledValues values = Filled(pool, 16, 1L << 20, 20);

        values.Dispose();
        values.Dispose();

        Assert.Equal([16, 32], pool.Returned);
        Assert.Equal((0, 0), (pool.Outstanding, values.Count));
    }

    [Fact]
    public void A_value_past_the_limit_is_refused_naming_its_bytes_and_those_in_use()
    {
        // 100 bytes hold 12 doubles; the pool hands out 512 places, more than the limit lets be used.
        var pool = new RecordingArrayPool();
        using PooledValues values = Filled(pool, 512, 100, 12);

        BufferFullException refused = Assert.Throws<BufferFullException>(() => values.Add(12));

        Assert.Equal((8L, 96L, 100L), (refused.Requested, refused.Used, refused.Capacity));
        Assert.Equal(12, values.Count);
        Assert.Equal([512], pool.Rented);
    }

    [Fact]
    public void Growth_stops_at_the_limit_rather_than_doubling_past_it()
    {
        // 1,000 bytes hold 125 doubles: the array grows 16, 32, 64, then to 125 places (128 handed out), not 128 values.
        var pool = new RecordingArrayPool();
        PooledValues values = Filled(pool, 16, 1000, 125);

        Assert.Throws<BufferFullException>(() => values.Add(125));
        values.Dispose();

        Assert.Equal([16, 32, 64, 128], pool.Rented);
        Assert.Equal([16, 32, 64, 128], pool.Returned);
        Assert.Equal(0, pool.Outstanding);
    }

    /// <summary>Values holding 0, 1, ... <paramref name="count"/> - 1.</summary>
    private static PooledValues Filled(RecordingArrayPool pool, int initialCount, long limitBytes, int count)
    {
        var values = new PooledValues(pool, initialCount, limitBytes);
        for (int i = 0; i < count; i++)
        {
            values.Add(i);
        }

        return values;
    }
}
