namespace Bumper;

/// <summary>
/// An <see cref="AllocBuffer"/> had no room for an allocation. The buffer is left exactly as it was
/// (Bumper.jl leaves it over-full). Use a larger buffer, a <see cref="ResizeBuffer"/>, or a
/// <c>SlabBuffer</c>, which grow.
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

    /// <summary>Bytes the failed allocation needed, alignment padding included.</summary>
    public long Requested { get; }

    /// <summary>Bytes that were in use.</summary>
    public long Used { get; }

    /// <summary>The buffer's capacity in bytes.</summary>
    public long Capacity { get; }
}
