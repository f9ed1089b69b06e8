using Bumper;

namespace Bumper.Core.Tests.Promises;

/// <summary>BufferFullException's public constructors: the figures, the message each one builds, and the cause.</summary>
public sealed class BufferFullExceptionTests
{
    [Fact]
    public void The_figures_constructor_states_the_request_the_use_and_the_free_bytes()
    {
        var ex = new BufferFullException(41, 60, 100);
        Assert.Equal("The buffer is full: 41 bytes were requested, 60 of its 100 bytes are in use, so 40 are free. The buffer is unchanged.", ex.Message);
        Assert.Equal(41, ex.Requested);
        Assert.Equal(60, ex.Used);
        Assert.Equal(100, ex.Capacity);
    }

    [Fact]
    public void The_constructors_without_figures_keep_the_figures_at_zero()
    {
        var plain = new BufferFullException();
        Assert.Equal("The buffer is full.", plain.Message);
        Assert.Equal((0L, 0L, 0L), (plain.Requested, plain.Used, plain.Capacity));
        Assert.Null(plain.InnerException);

        var custom = new BufferFullException("no room for the frame");
        Assert.Equal("no room for the frame", custom.Message);
        Assert.Equal((0L, 0L, 0L), (custom.Requested, custom.Used, custom.Capacity));

        var cause = new InsufficientMemoryException();
        var wrapped = new BufferFullException("no room for the frame", cause);
        Assert.Equal("no room for the frame", wrapped.Message);
        Assert.Same(cause, wrapped.InnerException);
        Assert.IsAssignableFrom<InvalidOperationException>(wrapped);
    }
}
