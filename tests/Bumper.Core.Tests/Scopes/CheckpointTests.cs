using Bumper;

namespace Bumper.Core.Tests.Scopes;

/// <summary>A checkpoint is a value: equal exactly when position, state and serial all are.</summary>
public sealed unsafe class CheckpointTests
{
    [Fact]
    public void Checkpoints_are_equal_only_when_position_state_and_serial_all_are()
    {
        var cp = new Checkpoint(0x1000, 2, 3);
        Checkpoint[] others = [new(0x1008, 2, 3), new(0x1000, 1, 3), new(0x1000, 2, 4)];

        Assert.True(cp == new Checkpoint(0x1000, 2, 3));
        Assert.False(cp != new Checkpoint(0x1000, 2, 3));
        Assert.True(cp.Equals((object)new Checkpoint(0x1000, 2, 3)));
        Assert.Equal(new Checkpoint(0x1000, 2, 3).GetHashCode(), cp.GetHashCode());
        foreach (Checkpoint other in others)
        {
            Assert.False(cp == other);
            Assert.True(cp != other);
            Assert.False(cp.Equals(other));
        }

        Assert.False(cp.Equals("Checkpoint"));
    }

    [Fact]
    public void Two_saves_at_the_same_place_of_an_unchecked_buffer_are_equal()
    {
        var buf = new AllocBuffer(256) { IsChecked = false };
        buf.AllocPtr(10, 1);
        Checkpoint a = buf.Save();
        Checkpoint b = buf.Save();
        Assert.Equal(a, b);
        buf.AllocPtr(1, 1);
        Assert.NotEqual(a, buf.Save());
    }

    [Fact]
    public void ToString_shows_the_position_in_hex_the_state_and_the_serial()
    {
        Assert.Equal("Checkpoint(position 0x1f40, state 4294967298, serial 7)", new Checkpoint(0x1f40, (1L << 32) | 2, 7).ToString());
    }
}
