using System.Buffers;
using System.Runtime.InteropServices;
using Bumper;
using Bumper.Core.Tests.Support;

namespace Bumper.Core.Tests.Arenas;

/// <summary>
/// The <see cref="Memory{T}"/> an arena hands out: pinning gives the element's address without
/// copying or moving anything, and its <see cref="MemoryManager{T}"/> refuses an index past the end.
/// </summary>
public sealed unsafe class ArenaMemoryTests
{
    [Fact]
    public void Pinning_a_slice_gives_the_address_of_its_first_element()
    {
        using var arena = new BumpArena(1024);
        Memory<int> values = arena.AllocMemory<int>(10);
        nuint start = Ptr.Of(values.Span);

        using (MemoryHandle handle = values.Slice(3).Pin())
        {
            Assert.Equal(start + (3 * sizeof(int)), Ptr.Of(handle.Pointer));
        }

        using (MemoryHandle end = values.Slice(10).Pin()) // an empty slice at the end: one past the last element
        {
            Assert.Equal(start + (10 * sizeof(int)), Ptr.Of(end.Pointer));
        }
    }

    [Fact]
    public void The_memory_manager_pins_up_to_one_past_the_end_and_refuses_an_index_beyond()
    {
        using var arena = new BumpArena(1024);
        Memory<int> values = arena.AllocMemory<int>(10);
        nuint start = Ptr.Of(values.Span);
        Assert.True(MemoryMarshal.TryGetMemoryManager<int, MemoryManager<int>>(values, out MemoryManager<int>? manager));

        using (MemoryHandle end = manager!.Pin(10))
        {
            Assert.Equal(start + (10 * sizeof(int)), Ptr.Of(end.Pointer));
        }

        var past = Assert.Throws<ArgumentOutOfRangeException>(() => manager.Pin(11));
        Assert.Equal("elementIndex", past.ParamName);
        Assert.StartsWith("An element index to pin must be from 0 to the memory's length, 10; 11 was asked for.", past.Message, StringComparison.Ordinal);
        var negative = Assert.Throws<ArgumentOutOfRangeException>(() => manager.Pin(-1));
        Assert.Equal("elementIndex", negative.ParamName);
        Assert.StartsWith("An element index to pin must be from 0 to the memory's length, 10; -1 was asked for.", negative.Message, StringComparison.Ordinal);
        Assert.Equal(10, manager.GetSpan().Length);
    }
}
