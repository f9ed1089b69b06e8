using Bumper;

namespace Bumper.Core.Tests.Promises;

/// <summary>Refused arguments name the parameter, carry the value and say what was allowed.</summary>
public sealed unsafe class ArgumentMessagesTests
{
    [Fact]
    public void A_negative_capacity_is_refused_with_its_value()
    {
        AssertRefused(() => _ = new AllocBuffer(-5), "capacity", -5L, "A capacity must not be negative; -5 was asked for.");
        AssertRefused(() => _ = new ResizeBuffer(-5), "capacity", -5L, "A capacity must not be negative; -5 was asked for.");
    }

    [Fact]
    public void A_negative_length_or_byte_count_is_refused_with_its_value()
    {
        var buf = new AllocBuffer(1024);
        AssertRefused(() => buf.Alloc<int>(-3), "length", -3L, "A length must not be negative; -3 was asked for.");
        AssertRefused(() => buf.AllocPtr(-7), "byteCount", -7L, "A byte count must not be negative; -7 was asked for.");
        Assert.Equal(0, buf.BytesUsed);
    }

    [Fact]
    public void A_slab_size_outside_the_allowed_range_is_refused_with_the_range()
    {
        string Range(int asked) => $"A slab size must be from 1 to {Array.MaxLength - 64} bytes; {asked} was asked for.";
        AssertRefused(() => _ = new SlabBuffer(0), "slabSize", 0, Range(0));
        AssertRefused(() => _ = new SlabBuffer(int.MaxValue), "slabSize", int.MaxValue, Range(int.MaxValue));
    }

    [Fact]
    public void A_matrix_row_out_of_range_is_refused_with_the_row_count()
    {
        var buf = new AllocBuffer(1024);
        MatrixSpan<int> m = buf.Alloc<int>(3, 4);
        ArgumentOutOfRangeException? refused = null;
        try
        {
            m.GetRow(3);
        }
        catch (ArgumentOutOfRangeException ex)
        {
            refused = ex;
        }

        AssertMessage(refused, "row", 3L, "The matrix has 3 rows; row 3 was asked for.");
    }

    private static void AssertRefused(Action action, string paramName, object value, string message) =>
        AssertMessage(Assert.Throws<ArgumentOutOfRangeException>(action), paramName, value, message);

    private static void AssertMessage(ArgumentOutOfRangeException? ex, string paramName, object value, string message)
    {
        Assert.NotNull(ex);
        Assert.Equal(paramName, ex.ParamName);
        Assert.Equal(value, ex.ActualValue);
        Assert.Equal($"{message} (Parameter '{paramName}'){Environment.NewLine}Actual value was {value}.", ex.Message);
    }
}
