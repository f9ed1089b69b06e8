namespace Bumper;

/// <summary>
/// A buffer refused an allocation: an <see cref="AllocBuffer"/> had no room left in its block, or a
/// growing buffer would have held more than its <see cref="BumpBuffer.MaxCapacity"/>. The buffer is left
/// exactly as it was (Bumper.jl leaves it over-full). Use a larger buffer or limit, or a buffer that
/// grows (<see cref="ChainBuffer"/>, <see cref="ResizeBuffer"/>, <c>SlabBuffer</c>).
/// </summary>
public sealed class BufferFullException : InvalidOperationException
{
    /// <summary>Creates the exception with a message built from the three figures.</summary>
    /// <param name="requested">Bytes the allocation needed, alignment padding included.</param>
    /// <param name="used">Bytes in use at the time.</param>
    /// <param name="capacity">The buffer's capacity in bytes.</param>
    public BufferFullException(long requested, long used, long capacity)
        : base($"The buffer is full: {requested} bytes were requested, {used} of its {capacity} bytes are in use, so {capacity - used} are free. The buffer is unchanged.")
    {
        Requested = requested;
        Used = used;
        Capacity = capacity;
    }

    /// <summary>Creates the exception with no figures.</summary>
    public BufferFullException()
        : base("The buffer is full.")
    {
    }

    /// <summary>Creates the exception with a message of your own.</summary>
    public BufferFullException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message of your own and its cause.</summary>
    public BufferFullException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    private BufferFullException(string message, long requested, long used, long capacity)
        : base(message)
    {
        Requested = requested;
        Used = used;
        Capacity = capacity;
    }

    /// <summary>Bytes the failed allocation needed, alignment padding included.</summary>
    public long Requested { get; }

    /// <summary>Bytes that were in use.</summary>
    public long Used { get; }

    /// <summary>The buffer's capacity in bytes, or the <see cref="BumpBuffer.MaxCapacity"/> it would have passed.</summary>
    public long Capacity { get; }

    /// <summary>A refusal by <see cref="BumpBuffer.MaxCapacity"/>: the buffer held <paramref name="held"/> bytes of its <paramref name="limit"/>.</summary>
    internal static BufferFullException AtLimit(long requested, long used, long held, long limit) => new(
        $"The buffer reached its MaxCapacity: {requested} bytes were requested; it holds {held} of the {limit} bytes it may hold ({used} in use), so no block for them can be added. The buffer is unchanged.",
        requested,
        used,
        limit);
}
