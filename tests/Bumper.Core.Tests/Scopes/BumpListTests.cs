using Bumper;

namespace Bumper.Core.Tests.Scopes;

/// <summary>What <see cref="BumpList{T}"/> promises beyond keeping its elements (BuildingTests covers that).</summary>
public sealed class BumpListTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    public void The_indexer_refuses_an_index_outside_the_elements_and_names_it(int index)
    {
        var buf = new AllocBuffer(256);
        using var scope = buf.NoEscape();
        var list = scope.List<int>(4);
        list.Add(10);
        list.Add(20);
        try
        {
            list[index] = 1;
            Assert.Fail($"index {index} of a 2-element list must be refused");
        }
        catch (ArgumentOutOfRangeException ex)
        {
            Assert.Equal("index", ex.ParamName);
            Assert.Equal(index, ex.ActualValue);
            Assert.StartsWith($"The list has 2 elements; index {index} was asked for.", ex.Message, StringComparison.Ordinal);
        }

        Assert.Equal([10, 20], list.AsSpan().ToArray());
    }

    [Fact]
    public void A_default_list_refuses_to_grow_and_says_where_to_get_one()
    {
        var list = default(BumpList<int>);
        try
        {
            list.Add(1);
            Assert.Fail("a default list must refuse to grow");
        }
        catch (InvalidOperationException ex)
        {
            Assert.Equal("This BumpList is default(BumpList); get one from NoEscapeScope.List().", ex.Message);
        }

        Assert.Equal(0, list.Count);
        Assert.Equal(0, list.Capacity);
    }

    [Fact]
    public unsafe void A_list_refuses_to_pass_Array_MaxLength_elements_and_is_unchanged()
    {
        var buf = new AllocBuffer(256);
        using var scope = buf.NoEscape();
        var list = scope.List<byte>(4);
        list.Add(7);
        long used = buf.BytesUsed;

        // The refusal comes before anything is read, so a span that only claims the length will do.
        byte one = 1;
        try
        {
            list.AddRange(new ReadOnlySpan<byte>(&one, Array.MaxLength));
            Assert.Fail("a list past Array.MaxLength elements must be refused");
        }
        catch (InvalidOperationException ex)
        {
            Assert.Equal(
                $"A BumpList holds at most {Array.MaxLength} elements; {(long)Array.MaxLength + 1} were needed. Nothing was added.",
                ex.Message);
        }

        Assert.Equal([7], list.AsSpan().ToArray());
        Assert.Equal(4, list.Capacity);
        Assert.Equal(used, buf.BytesUsed);
    }

    [Fact]
    public void An_empty_list_grows_to_four_then_doubles_and_a_larger_range_grows_it_to_exactly_what_is_needed()
    {
        var buf = new AllocBuffer(1024);
        using var scope = buf.NoEscape();
        var list = scope.List<int>();
        Assert.Equal(0, list.Capacity);
        list.Add(1);
        Assert.Equal(4, list.Capacity);
        list.AddRange([2, 3, 4]);
        Assert.Equal(4, list.Capacity);      // exactly full: no growth
        list.Add(5);
        Assert.Equal(8, list.Capacity);
        list.AddRange([6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
        Assert.Equal(20, list.Capacity);     // 20 needed is more than double 8
        Assert.Equal(Enumerable.Range(1, 20).ToArray(), list.AsSpan().ToArray());
        Assert.Equal(20 * sizeof(int), buf.BytesUsed); // each growth was in place
    }

    [Fact]
    public void A_list_with_room_for_a_range_keeps_its_block()
    {
        var buf = new AllocBuffer(1024);
        using var scope = buf.NoEscape();
        var list = scope.List<long>(5);
        scope.Alloc<byte>(1); // the list is no longer the last allocation: a growth would move it
        list.AddRange([1, 2]);
        list.AddRange([3, 4, 5]);
        Assert.Equal(5, list.Capacity);
        Assert.Equal(5 * sizeof(long) + 1, buf.BytesUsed);
        Assert.Equal([1L, 2, 3, 4, 5], list.AsSpan().ToArray());
    }

    [Fact]
    public void A_list_with_room_for_Array_MaxLength_elements_takes_ranges_into_that_room()
    {
        // Native memory is only reserved until written, so the 2 GiB block costs the pages touched.
        using var buf = AllocBuffer.Native((nint)Array.MaxLength + 64);
        buf.IsChecked = false; // checked mode would poison the whole block when the scope ends
        using var scope = buf.NoEscape();
        var list = scope.List<byte>(Array.MaxLength);
        byte[] first = Enumerable.Range(0, 100).Select(i => (byte)i).ToArray();
        list.AddRange(first);
        list.AddRange([200, 201]);
        Assert.Equal(102, list.Count);
        Assert.Equal(Array.MaxLength, list.Capacity);
        Assert.Equal([.. first, 200, 201], list.AsSpan().ToArray());
        Assert.Equal(Array.MaxLength, buf.BytesUsed);
    }
}
