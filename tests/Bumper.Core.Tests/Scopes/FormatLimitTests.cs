using Bumper;

namespace Bumper.Core.Tests.Scopes;

/// <summary>Tests that take gigabytes: run alone, so no two of them hold their memory at once.</summary>
[CollectionDefinition(nameof(LargeMemory), DisableParallelization = true)]
public sealed class LargeMemory
{
}

/// <summary>A formatted text may be as long as an array can be, and not one element longer.</summary>
[Collection(nameof(LargeMemory))]
public sealed class FormatLimitTests
{
    [Fact]
    public void A_utf8_text_of_exactly_Array_MaxLength_bytes_is_formatted_and_one_byte_more_is_refused()
    {
        // Native memory is committed only as it is written: the buffer costs what the text fills.
        using AllocBuffer buf = AllocBuffer.Native((nint)Array.MaxLength + 4096);
        using (var scope = buf.NoEscape())
        {
#pragma warning disable CS8094 // an alignment over 32,767 is what is under test
            ReadOnlySpan<byte> text = scope.FormatUtf8($"{7,-2147483591}");
            Assert.Equal(Array.MaxLength, text.Length);
            Assert.Equal((byte)'7', text[0]);
            Assert.Equal((byte)' ', text[^1]);
        }

        var ex = Assert.Throws<InvalidOperationException>(() => TooLong(buf));
        Assert.Equal($"A formatted text holds at most {Array.MaxLength} elements; {(long)Array.MaxLength + 1} were needed.", ex.Message);
        Assert.Equal(0, buf.BytesUsed);

        static int TooLong(BumpBuffer buf)
        {
            using var scope = buf.NoEscape();
            return scope.FormatUtf8($"a{7,-2147483591}").Length;
        }
#pragma warning restore CS8094
    }
}
