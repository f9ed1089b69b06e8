using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Bumper;
using Bumper.Core.Tests.Support;

namespace Bumper.Core.Tests.Arenas;

/// <summary>
/// <see cref="ArenaBufferWriter"/>: the room it hands out, how it grows (in place while it is the
/// arena's last allocation, doubling; otherwise in a new block, within the arena's limit), and that it
/// refuses every use once its arena was reset.
/// </summary>
public sealed unsafe class ArenaBufferWriterTests
{
    private static nuint Written(ArenaBufferWriter writer) => (nuint)Unsafe.AsPointer(ref MemoryMarshal.GetReference(writer.WrittenSpan));

    [Fact]
    public void A_new_writer_holds_its_initial_capacity_of_arena_memory()
    {
        using var arena = new BumpArena(4096);
        ArenaBufferWriter writer = arena.CreateWriter(100);
        Assert.Equal(0, writer.WrittenCount);
        Assert.Equal(100, writer.FreeCapacity);
        Assert.Equal(100, arena.BytesUsed);
        Assert.Equal(0, writer.WrittenSpan.Length);
    }

    [Fact]
    public void CreateWriter_starts_with_256_bytes_by_default()
    {
        using var arena = new BumpArena(4096);
        ArenaBufferWriter writer = arena.CreateWriter();
        Assert.Equal(256, writer.FreeCapacity);
        Assert.Equal(256, arena.BytesUsed);
    }

    [Fact]
    public void A_writer_may_start_empty_and_grows_on_the_first_request()
    {
        using var arena = new BumpArena(4096);
        ArenaBufferWriter writer = arena.CreateWriter(0);
        Assert.Equal(0, writer.FreeCapacity);
        Assert.Equal(0, arena.BytesUsed);
        Assert.Equal(1, writer.GetSpan().Length); // at least one byte: needed 1, doubling 0 gives 1
        Assert.Equal(1, arena.BytesUsed);
    }

    [Fact]
    public void A_negative_initial_capacity_or_size_hint_is_refused_naming_it()
    {
        using var arena = new BumpArena(4096);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => arena.CreateWriter(-1));
        Assert.Equal("initialCapacity", ex.ParamName);
        Assert.Equal(-1L, ex.ActualValue);
        Assert.Equal(0, arena.BytesUsed);

        ArenaBufferWriter writer = arena.CreateWriter(16);
        ex = Assert.Throws<ArgumentOutOfRangeException>(() => writer.GetSpan(-2));
        Assert.Equal("sizeHint", ex.ParamName);
        Assert.Equal(-2L, ex.ActualValue);
        ex = Assert.Throws<ArgumentOutOfRangeException>(() => writer.GetMemory(-3));
        Assert.Equal("sizeHint", ex.ParamName);
        Assert.Equal(16, writer.FreeCapacity);
    }

    [Fact]
    public void A_request_that_fits_the_free_room_is_served_in_place_without_growing()
    {
        using var arena = new BumpArena(4096);
        ArenaBufferWriter writer = arena.CreateWriter(32);
        nuint start = Ptr.Of(writer.GetSpan());
        writer.Advance(10);

        Span<byte> room = writer.GetSpan(22);
        Assert.Equal(22, room.Length);
        Assert.Equal(start + 10, Ptr.Of(room));
        Assert.Equal(32, arena.BytesUsed);

        Memory<byte> memory = writer.GetMemory(22);
        Assert.Equal(22, memory.Length);
        Assert.Equal(start + 10, Ptr.Of(memory.Span));
        Assert.Equal(22, writer.GetSpan(0).Length);
        Assert.Equal(32, arena.BytesUsed);
    }

    [Fact]
    public void A_full_writer_grows_even_for_a_size_hint_of_zero()
    {
        using var arena = new BumpArena(4096);
        ArenaBufferWriter writer = arena.CreateWriter(8);
        writer.Advance(8);
        Assert.Equal(0, writer.FreeCapacity);

        Assert.Equal(8, writer.GetSpan(0).Length); // doubled in place: 16 bytes, 8 free
        Assert.Equal(16, arena.BytesUsed);
        Assert.Equal(8, writer.GetMemory().Length);
    }

    [Fact]
    public void The_last_allocation_doubles_in_place_when_the_block_has_room()
    {
        using var arena = new BumpArena(4096);
        ArenaBufferWriter writer = arena.CreateWriter(100);
        nuint start = Ptr.Of(writer.GetSpan());
        writer.Advance(100);

        Span<byte> room = writer.GetSpan(10); // needs 110; doubling gives 200
        Assert.Equal(100, room.Length);
        Assert.Equal(start + 100, Ptr.Of(room));
        Assert.Equal(200, arena.BytesUsed);
        Assert.Equal(100, writer.FreeCapacity);
    }

    [Fact]
    public void The_last_allocation_grows_in_place_by_just_the_need_when_doubling_does_not_fit_the_block()
    {
        using var arena = new BumpArena(1024);
        ArenaBufferWriter writer = arena.CreateWriter(600);
        nuint start = Ptr.Of(writer.GetSpan());
        writer.Advance(600);

        Span<byte> room = writer.GetSpan(100); // doubling (1,200) does not fit the 1,024-byte block; 700 does
        Assert.Equal(100, room.Length);
        Assert.Equal(start + 600, Ptr.Of(room));
        Assert.Equal(700, arena.BytesUsed);
        Assert.Equal(1024, arena.Capacity);
    }

    [Fact]
    public void A_writer_that_is_not_the_last_allocation_moves_to_a_block_of_double_its_size_with_its_bytes()
    {
        using var arena = new BumpArena(4096);
        ArenaBufferWriter writer = arena.CreateWriter(100);
        nuint start = Ptr.Of(writer.GetSpan());
        "0123456789"u8.CopyTo(writer.GetSpan());
        writer.Advance(100);
        arena.Alloc<byte>(4); // something else is last now: bytes 100 to 104

        Span<byte> room = writer.GetSpan(10);
        Assert.Equal(100, room.Length); // 200 bytes, 100 written
        Assert.Equal(start + 104, Written(writer));
        Assert.Equal(304, arena.BytesUsed); // the old 100 bytes stay used until the arena is reset
        Assert.Equal("0123456789"u8.ToArray(), writer.WrittenSpan[..10].ToArray());
        Assert.Equal(100, writer.WrittenCount);
    }

    [Fact]
    public void A_writer_that_is_not_the_last_allocation_moves_to_a_block_of_the_need_when_that_is_more_than_double()
    {
        using var arena = new BumpArena(4096);
        ArenaBufferWriter writer = arena.CreateWriter(10);
        writer.Advance(10);
        arena.Alloc<byte>(6);

        Assert.Equal(90, writer.GetSpan(90).Length); // needs 100, doubling gives only 20
        Assert.Equal(116, arena.BytesUsed);
    }

    [Fact]
    public void Advance_may_take_exactly_the_free_room_and_refuses_more_or_a_negative_count()
    {
        using var arena = new BumpArena(1024);
        ArenaBufferWriter writer = arena.CreateWriter(32);
        writer.Advance(10);

        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => writer.Advance(-1));
        Assert.Equal("count", ex.ParamName);
        Assert.Equal(-1, ex.ActualValue);
        Assert.StartsWith("Advance(-1) is more than the 22 free bytes the writer handed out; nothing was advanced.", ex.Message, StringComparison.Ordinal);
        Assert.Equal(10, writer.WrittenCount);

        writer.Advance(22);
        Assert.Equal(32, writer.WrittenCount);
        Assert.Equal(0, writer.FreeCapacity);
        writer.Advance(0);
        Assert.Equal(32, writer.WrittenCount);
    }

    [Fact]
    public void WrittenMemory_is_the_written_bytes_in_place()
    {
        using var arena = new BumpArena(1024);
        ArenaBufferWriter writer = arena.CreateWriter(16);
        "hello"u8.CopyTo(writer.GetMemory(5).Span);
        writer.Advance(5);

        ReadOnlyMemory<byte> written = writer.WrittenMemory;
        Assert.Equal("hello"u8.ToArray(), written.ToArray());
        Assert.Equal(Written(writer), Ptr.Of(MemoryMarshal.AsMemory(written).Span));
    }

    [Fact]
    public void Clear_forgets_what_was_written_and_keeps_the_room()
    {
        using var arena = new BumpArena(1024);
        ArenaBufferWriter writer = arena.CreateWriter(16);
        nuint start = Ptr.Of(writer.GetSpan());
        writer.Advance(12);

        writer.Clear();
        Assert.Equal(0, writer.WrittenCount);
        Assert.Equal(16, writer.FreeCapacity);
        Assert.Equal(start, Ptr.Of(writer.GetSpan()));
        Assert.Equal(16, arena.BytesUsed);
    }

    [Fact]
    public void After_its_arena_is_reset_every_use_of_the_writer_throws()
    {
        using var arena = new BumpArena(1024, name: "writer-arena");
        ArenaBufferWriter writer = arena.CreateWriter(16);
        writer.Advance(4);
        ReadOnlyMemory<byte> before = writer.WrittenMemory;
        arena.Reset();

        AssertStale(() => _ = writer.WrittenSpan.Length);
        AssertStale(() => _ = writer.WrittenMemory);
        AssertStale(() => writer.Advance(1));
        AssertStale(() => writer.Clear());
        AssertStale(() => writer.GetSpan());
        AssertStale(() => writer.GetMemory());
        AssertStale(() => _ = before.Span.Length);
        Assert.Equal(4, writer.WrittenCount);

        static void AssertStale(Action use)
        {
            var ex = Assert.Throws<ObjectDisposedException>(use);
            Assert.Equal("writer-arena", ex.ObjectName);
        }
    }

    [Fact]
    public void A_need_of_exactly_the_largest_array_goes_to_the_arena_which_refuses_it_past_its_limit()
    {
        using var arena = new BumpArena(1024, maxCapacity: 1 << 20);
        ArenaBufferWriter writer = arena.CreateWriter(16);
        writer.Advance(16);

        var full = Assert.Throws<BufferFullException>(() => writer.GetSpan(Array.MaxLength - 16));
        Assert.Equal(Array.MaxLength, full.Requested);
        Assert.Equal(1, arena.MaxCapacityRefusals);
        Assert.Equal(16, writer.WrittenCount);
        Assert.Equal(0, writer.FreeCapacity);
    }

    [Fact]
    public void A_need_past_the_largest_array_is_refused_with_the_figures()
    {
        using var arena = new BumpArena(1024);
        ArenaBufferWriter writer = arena.CreateWriter(16);
        writer.Advance(16);

        var ex = Assert.Throws<InvalidOperationException>(() => writer.GetSpan(Array.MaxLength - 15));
        Assert.Equal($"An ArenaBufferWriter holds at most {Array.MaxLength} bytes; {(long)Array.MaxLength + 1} were needed. Nothing was written.", ex.Message);
        Assert.Throws<InvalidOperationException>(() => writer.GetMemory(int.MaxValue));
        Assert.Equal(16, writer.WrittenCount);
        Assert.Equal(0, arena.MaxCapacityRefusals);
        Assert.Equal(16, arena.BytesUsed);
    }

    [Fact]
    public void A_writer_near_the_limit_takes_a_block_of_exactly_double_when_that_is_all_that_is_left()
    {
        using var arena = new BumpArena(1024, maxCapacity: 1024 + 2048);
        ArenaBufferWriter writer = arena.CreateWriter(1024); // fills the main block
        writer.Advance(1024);

        Assert.Equal(1024, writer.GetSpan(1).Length); // doubling asks for 2,048: exactly what is left
        Assert.Equal(1024 + 2048, arena.Capacity);
        Assert.Equal(0, arena.MaxCapacityRefusals);
    }

    [Fact]
    public void GetMemory_hands_out_the_same_room_as_GetSpan_valid_across_await()
    {
        using var arena = new BumpArena(1024);
        ArenaBufferWriter writer = arena.CreateWriter(64);
        writer.Advance(4);
        Memory<byte> room = writer.GetMemory(8);
        Assert.Equal(60, room.Length);
        Assert.Equal(Ptr.Of(writer.GetSpan(8)), Ptr.Of(room.Span));
        arena.Reset();
        Assert.Throws<ObjectDisposedException>(() => room.Span.Clear());
    }
}
