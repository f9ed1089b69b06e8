using System.Runtime.InteropServices;
using Bumper;

namespace AotService;

/// <summary>
/// The values of <c>POST /stats</c> in the request's arena: doubles appended to an <see cref="ArenaBufferWriter"/>,
/// which grows in place there and refuses past the arena's limit with <see cref="BufferFullException"/>.
/// </summary>
/// <param name="writer">The writer that holds the values; this struct only wraps it, so copies share it.</param>
internal readonly struct ArenaValues(ArenaBufferWriter writer) : INumberSink
{
    /// <summary>How many values have been added.</summary>
    public int Count => writer.WrittenCount / sizeof(double);

    /// <summary>The values so far, as doubles in the arena (sorted in place there by the caller).</summary>
    /// <remarks>
    /// The writer is a byte writer, so its block is not promised 8-byte alignment; the cast does not need it
    /// (x64 and arm64 load unaligned doubles), and in practice the writer is the request arena's first
    /// allocation, at the start of an aligned block.
    /// </remarks>
    public Span<double> Span => MemoryMarshal.Cast<byte, double>(MemoryMarshal.AsMemory(writer.WrittenMemory).Span);

    /// <inheritdoc />
    public void Add(double value)
    {
        Span<byte> slot = writer.GetSpan(sizeof(double));
        MemoryMarshal.Write(slot, in value);
        writer.Advance(sizeof(double));
    }
}
