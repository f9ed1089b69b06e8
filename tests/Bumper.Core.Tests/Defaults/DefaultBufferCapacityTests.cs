using Bumper;

namespace Bumper.Core.Tests.Defaults;

/// <summary>
/// Tests that change <see cref="Bump.DefaultBufferCapacity"/>, which is process-wide: every thread that
/// creates its default buffer reads it. xUnit runs this collection on its own, after the others, and
/// each test puts the value back.
/// </summary>
[CollectionDefinition(nameof(ProcessWideDefaults), DisableParallelization = true)]
public sealed class ProcessWideDefaults
{
}

[Collection(nameof(ProcessWideDefaults))]
public sealed class DefaultBufferCapacityTests
{
    [Fact]
    public void A_new_default_buffer_capacity_sizes_the_default_buffers_of_threads_that_create_theirs_later()
    {
        int before = Bump.DefaultBufferCapacity;
        BumpBuffer mine = Bump.DefaultBuffer;
        try
        {
            Bump.DefaultBufferCapacity = 4096;
            Assert.Equal(4096, Bump.DefaultBufferCapacity);

            BumpBuffer? theirs = null;
            var thread = new Thread(() => theirs = Bump.DefaultBuffer);
            thread.Start();
            thread.Join();

            SlabBuffer slabs = Assert.IsType<SlabBuffer>(theirs);
            Assert.Equal(4096, slabs.SlabSize);
            Assert.Same(mine, Bump.DefaultBuffer); // a thread whose buffer exists keeps it
        }
        finally
        {
            Bump.DefaultBufferCapacity = before;
        }
    }

    [Fact]
    public void The_default_buffer_capacity_is_256_KiB_unless_changed()
    {
        Assert.Equal(256 * 1024, Bump.DefaultBufferCapacity);
        Assert.Equal(SlabBuffer.DefaultSlabSize, Bump.DefaultBufferCapacity);
    }

    [Fact]
    public void DefaultBufferMaxRetainedBytes_bounds_what_the_default_buffers_of_threads_created_later_keep()
    {
        Assert.Equal(long.MaxValue, Bump.DefaultBufferMaxRetainedBytes);
        BumpBuffer mine = Bump.DefaultBuffer;
        try
        {
            Bump.DefaultBufferMaxRetainedBytes = 0;
            long retained = -1;
            long capacity = -1;
            var thread = new Thread(() =>
            {
                BumpBuffer buf = Bump.DefaultBuffer;
                using (var scope = Bump.NoEscape())
                {
                    scope.Alloc<byte>(3 * SlabBuffer.DefaultSlabSize); // a dedicated block
                    for (int i = 0; i < 3; i++)
                    {
                        scope.Alloc<byte>(SlabBuffer.DefaultSlabSize - 64); // a slab each
                    }
                }

                retained = buf.RetainedBytes;
                capacity = buf.Capacity;
            });
            thread.Start();
            thread.Join();

            Assert.Equal(0, retained);
            Assert.Equal(SlabBuffer.DefaultSlabSize, capacity);
            Assert.Equal(long.MaxValue, mine.MaxRetainedBytes); // a thread whose buffer exists keeps its own
            Assert.Same(mine, Bump.DefaultBuffer);

            var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Bump.DefaultBufferMaxRetainedBytes = -5);
            Assert.Equal("The memory a buffer keeps cannot be negative; -5 was asked for. (Parameter 'value')\nActual value was -5.", ex.Message);
        }
        finally
        {
            Bump.DefaultBufferMaxRetainedBytes = long.MaxValue;
        }
    }
}
