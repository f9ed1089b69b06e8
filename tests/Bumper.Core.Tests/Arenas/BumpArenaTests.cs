using System.Text.Json;
using Bumper;

namespace Bumper.Core.Tests.Arenas;

public sealed class BumpArenaTests
{
    [Fact]
    public async Task Memory_from_the_arena_keeps_its_values_across_await()
    {
        using var arena = new BumpArena(1024);
        Memory<int> values = arena.AllocMemory<int>(300); // past the first block: an overflow block
        for (int i = 0; i < values.Length; i++)
        {
            values.Span[i] = i * 3;
        }

        await Task.Delay(1);
        await Task.Yield();

        Assert.Equal(300, values.Length);
        Assert.Equal(299 * 3, values.Span[299]);
        Assert.Equal(Enumerable.Range(0, 300).Select(i => i * 3).ToArray(), values.ToArray());
        Assert.Equal(PinnedAddress(values), ElementAddress(values.Span));
    }

    [Fact]
    public void Memory_used_after_a_reset_throws_naming_the_arena()
    {
        using var arena = new BumpArena(1024, name: "request-42");
        Memory<byte> kept = arena.AllocMemory<byte>(16);
        Assert.Equal(0, arena.Generation);
        arena.Reset();

        var ex = Assert.Throws<ObjectDisposedException>(() => kept.Span[0] = 1);
        Assert.Equal("request-42", ex.ObjectName);
        Assert.Contains("arena 'request-42'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("generation 0; the arena is in generation 1", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ObjectDisposedException>(() => kept.Pin());
    }

    [Fact]
    public void A_request_past_the_limit_is_refused_with_the_figures_and_changes_nothing()
    {
        using var arena = new BumpArena(1024, maxCapacity: 4096);
        arena.Alloc<byte>(1000);
        var ex = Assert.Throws<BufferFullException>(() => arena.AllocMemory<byte>(5000));
        Assert.Equal(5000, ex.Requested);
        Assert.Equal(1000, ex.Used);
        Assert.Equal(4096, ex.Capacity);
        Assert.Equal(1000, arena.BytesUsed);
        Assert.Equal(1024, arena.Capacity);
        Assert.Equal(1, arena.MaxCapacityRefusals);

        // Under the limit it still grows: an overflow block of the request (at least the main block's size).
        Memory<byte> more = arena.AllocMemory<byte>(2000);
        Assert.Equal(2000, more.Length);
        Assert.Equal(3000, arena.BytesUsed);
        Assert.Equal(1024 + 2000, arena.Capacity);
    }

    [Fact]
    public void Utf8JsonWriter_writes_straight_into_the_arena()
    {
        using var arena = new BumpArena(4096);
        ArenaBufferWriter writer = arena.CreateWriter(16);
        using (var json = new Utf8JsonWriter(writer))
        {
            json.WriteStartObject();
            json.WriteNumber("count", 3);
            json.WriteStartArray("values");
            for (int i = 0; i < 40; i++)
            {
                json.WriteNumberValue(i * 0.5);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        string expected = "{\"count\":3,\"values\":[" + string.Join(",", Enumerable.Range(0, 40).Select(i => (i * 0.5).ToString(System.Globalization.CultureInfo.InvariantCulture))) + "]}";
        Assert.Equal(expected, System.Text.Encoding.UTF8.GetString(writer.WrittenSpan));
        Assert.Equal(expected.Length, writer.WrittenCount);
    }

    [Fact]
    public void The_writer_grows_in_place_while_it_is_the_last_allocation_and_moves_otherwise()
    {
        using var arena = new BumpArena(4096);
        ArenaBufferWriter writer = arena.CreateWriter(8);
        "abcdefgh"u8.CopyTo(writer.GetSpan(8));
        writer.Advance(8);
        nuint first = Address(writer.WrittenSpan);

        writer.GetSpan(100); // the last allocation: grows in place
        Assert.Equal(first, Address(writer.WrittenSpan));
        Assert.Equal(108, arena.BytesUsed);

        arena.Alloc<byte>(1);  // something else is last now
        writer.Advance(100);
        writer.GetSpan(500);   // moves to a new block, with its bytes
        Assert.NotEqual(first, Address(writer.WrittenSpan));
        Assert.Equal("abcdefgh"u8.ToArray(), writer.WrittenSpan[..8].ToArray());
        Assert.Equal(108, writer.WrittenCount);
        Assert.True(writer.FreeCapacity >= 500);
    }

    [Fact]
    public void Advancing_past_the_room_handed_out_throws_and_advances_nothing()
    {
        using var arena = new BumpArena(1024);
        ArenaBufferWriter writer = arena.CreateWriter(32);
        writer.Advance(10);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => writer.Advance(23));
        Assert.Contains("the 22 free bytes", ex.Message, StringComparison.Ordinal);
        Assert.Equal(10, writer.WrittenCount);
        arena.Reset();
        Assert.Throws<ObjectDisposedException>(() => writer.GetSpan());
    }

    [Fact]
    public void A_scope_on_the_arena_releases_its_memory()
    {
        using var arena = new BumpArena(1024);
        arena.Alloc<long>(4);
        using (var scope = arena.NoEscape())
        {
            scope.Alloc<long>(50);
            Assert.Equal(32 + 400, arena.BytesUsed);
        }

        Assert.Equal(32, arena.BytesUsed);
        Assert.Equal(432, arena.PeakBytesUsed);
        arena.Reset();
        Assert.Equal(432, arena.PeakBytesUsed); // the arena's peak outlives its resets
    }

    [Fact]
    public void A_writer_near_the_arenas_limit_grows_into_what_is_left_instead_of_doubling()
    {
        using var arena = new BumpArena(1024, maxCapacity: 10_000);
        ArenaBufferWriter writer = arena.CreateWriter(1024);   // fills the 1,024-byte main block
        writer.Advance(1024);
        writer.GetSpan(3000);                                  // a new block of 4,024 bytes (the need)
        writer.Advance(3000);
        Assert.Equal(1024 + 4024, arena.Capacity);

        // Doubling would ask for 8,048 bytes; 4,952 are left under the limit, and 4,524 are needed.
        Span<byte> room = writer.GetSpan(500);
        Assert.Equal(4952 - 4024, room.Length);
        Assert.Equal(10_000, arena.Capacity);
        Assert.Equal(0, arena.MaxCapacityRefusals);

        Assert.Throws<BufferFullException>(() => writer.GetSpan(2000));
        Assert.Equal(1, arena.MaxCapacityRefusals);
        Assert.Equal(4024, writer.WrittenCount);
    }

    [Fact]
    public void A_new_arena_without_arguments_has_the_documented_first_block_no_limit_and_a_default_name()
    {
        using var arena = new BumpArena();
        Assert.Equal(65_536, BumpArena.DefaultInitialCapacity);
        Assert.Equal(65_536, arena.Capacity);
        Assert.Equal(long.MaxValue, arena.MaxCapacity);
        Assert.Equal("BumpArena", arena.Name);
        Assert.Equal(0, arena.Generation);
    }

    [Fact]
    public void The_first_block_may_be_empty_or_as_large_as_the_limit()
    {
        using var empty = new BumpArena(0, maxCapacity: 4096);
        Assert.Equal(0, empty.Capacity);
        Assert.Equal(4096, empty.MaxCapacity);

        using var full = new BumpArena(4096, maxCapacity: 4096);
        Assert.Equal(4096, full.Capacity);
        Assert.Equal(4096, full.MaxCapacity);
    }

    [Theory]
    [InlineData(-1L, 4096L)]
    [InlineData(4097L, 4096L)]
    public void A_first_block_below_zero_or_above_the_limit_is_refused_with_the_figures(long initialCapacity, long maxCapacity)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new BumpArena(initialCapacity, maxCapacity));
        Assert.Equal("initialCapacity", ex.ParamName);
        Assert.Equal(initialCapacity, ex.ActualValue);
        Assert.StartsWith($"An arena's first block must be from 0 to its limit of {maxCapacity} bytes; {initialCapacity} was asked for.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_shows_the_name_and_figures_or_that_the_arena_is_disposed()
    {
        var arena = new BumpArena(1024, maxCapacity: 4096, name: "req-7");
        arena.Alloc<int>(10);
        Assert.Equal("BumpArena 'req-7' (generation 0, used 40 B of 1024 B, limit 4096 B)", arena.ToString());
        arena.Reset();
        Assert.Equal("BumpArena 'req-7' (generation 1, used 0 B of 1024 B, limit 4096 B)", arena.ToString());
        arena.Dispose();
        Assert.Equal("BumpArena 'req-7' (disposed)", arena.ToString());
    }

    [Fact]
    public void Memory_used_after_the_arena_is_disposed_throws_naming_the_arena()
    {
        var arena = new BumpArena(1024, name: "disposed-arena");
        Memory<long> kept = arena.AllocMemory<long>(8);
        arena.Reset();
        Memory<long> later = arena.AllocMemory<long>(8);
        arena.Dispose();
        Assert.True(arena.IsDisposed);
        Assert.Equal(2, arena.Generation);

        var ex = Assert.Throws<ObjectDisposedException>(() => later.Span.Clear());
        Assert.Equal("disposed-arena", ex.ObjectName);
        Assert.Contains("generation 1; the arena is in generation 2", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ObjectDisposedException>(() => kept.Span.Clear());

        arena.Dispose(); // a second Dispose does nothing
        Assert.Equal(2, arena.Generation);
    }

    [Fact]
    public void The_peak_outlives_the_arenas_disposal()
    {
        var arena = new BumpArena(1024);
        arena.Alloc<byte>(300);
        arena.Dispose();
        Assert.Equal(300, arena.PeakBytesUsed);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void IsChecked_is_the_buffers_checked_mode(bool isChecked)
    {
        using var arena = new BumpArena(1024) { IsChecked = isChecked };
        Assert.Equal(isChecked, arena.IsChecked);
        Assert.Equal(isChecked, arena.Buffer.IsChecked);
    }

    private static unsafe nuint PinnedAddress(Memory<int> memory)
    {
        using var handle = memory.Pin();
        return (nuint)handle.Pointer;
    }

    private static unsafe nuint ElementAddress(Span<int> span) => (nuint)System.Runtime.CompilerServices.Unsafe.AsPointer(ref span[0]);

    private static unsafe nuint Address(ReadOnlySpan<byte> span) =>
        (nuint)System.Runtime.CompilerServices.Unsafe.AsPointer(ref System.Runtime.InteropServices.MemoryMarshal.GetReference(span));
}
