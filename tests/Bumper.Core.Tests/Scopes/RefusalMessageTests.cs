using Bumper;

namespace Bumper.Core.Tests.Scopes;

/// <summary>
/// The messages of refusals no other test reads in full: formatted text past Array.MaxLength, and the
/// arena, arena writer and pool settings out of range. Each names the figures it was given.
/// </summary>
public sealed class RefusalMessageTests
{
    [Fact]
    public unsafe void Formatted_text_past_Array_MaxLength_is_refused_with_the_length_it_needed()
    {
        var buf = new AllocBuffer(4096);
        using var scope = buf.NoEscape();

        // The refusal comes before anything is read, so a span that only claims the length will do.
        char c = 'c';
        var huge = new ReadOnlySpan<char>(&c, Array.MaxLength);
        try
        {
            scope.Format($"ab{huge}");
            Assert.Fail("a text longer than Array.MaxLength must be refused");
        }
        catch (InvalidOperationException ex)
        {
            Assert.Equal(
                $"A formatted text holds at most {Array.MaxLength} elements; {(long)Array.MaxLength + 2} were needed.",
                ex.Message);
        }
    }

    [Theory]
    [InlineData(-1, 100)]
    [InlineData(101, 100)]
    public void An_arena_whose_first_block_is_negative_or_above_its_limit_is_refused_with_both_figures(long initialCapacity, long maxCapacity)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new BumpArena(initialCapacity, maxCapacity));
        Assert.Equal("initialCapacity", ex.ParamName);
        Assert.Equal(initialCapacity, ex.ActualValue);
        Assert.StartsWith(
            $"An arena's first block must be from 0 to its limit of {maxCapacity} bytes; {initialCapacity} was asked for.",
            ex.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void An_arena_writer_refuses_to_pass_Array_MaxLength_bytes_and_names_what_it_needed()
    {
        using var arena = new BumpArena(1024);
        var writer = arena.CreateWriter(16);
        writer.GetSpan(10)[..10].Fill(1);
        writer.Advance(10);
        var ex = Assert.Throws<InvalidOperationException>(() => writer.GetSpan(int.MaxValue));
        Assert.Equal(
            $"An ArenaBufferWriter holds at most {Array.MaxLength} bytes; {10L + int.MaxValue} were needed. Nothing was written.",
            ex.Message);
        Assert.Equal(10, writer.WrittenCount);
    }

    [Fact]
    public void Pool_options_out_of_range_are_refused_with_every_setting_in_the_message()
    {
        var options = new ArenaPoolOptions { MaxPooled = -1, InitialArenaCapacity = 64, MaxArenaCapacity = 128, IdleTimeout = TimeSpan.FromSeconds(5) };
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new ArenaPool(options));
        Assert.Equal("options", ex.ParamName);
        Assert.StartsWith(
            "An arena pool needs MaxPooled >= 0, 0 <= InitialArenaCapacity <= MaxArenaCapacity, MaxRetainedArenaBytes >= 0 and IdleTimeout >= 0; got MaxPooled -1, InitialArenaCapacity 64, MaxArenaCapacity 128, MaxRetainedArenaBytes 9223372036854775807, IdleTimeout 00:00:05.",
            ex.Message,
            StringComparison.Ordinal);
    }
}
