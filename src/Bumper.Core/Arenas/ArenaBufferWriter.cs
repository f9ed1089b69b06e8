// Invariants: [_start, _start + _written) holds the bytes written so far and
// [_start + _written, _start + _capacity) is free room, all in arena memory of _generation.
// Growing keeps the written bytes contiguous: in place while the block is the buffer's last
// allocation, otherwise in a new block twice the size (the old one is released with the arena).
using System.Buffers;
using Bumper.Internal;

namespace Bumper;

/// <summary>
/// An <see cref="IBufferWriter{T}"/> of bytes into a <see cref="BumpArena"/>: <c>Utf8JsonWriter</c>,
/// <c>Utf8Formatter</c> or a copy from a <c>PipeReader</c> write straight into arena memory, and
/// <see cref="WrittenSpan"/> / <see cref="WrittenMemory"/> are the bytes written, contiguous.
/// </summary>
/// <remarks>Valid until its arena is reset; after that every call throws <see cref="ObjectDisposedException"/>.</remarks>
public sealed unsafe class ArenaBufferWriter : IBufferWriter<byte>
{
    private readonly BumpArena _arena;
    private readonly int _generation;
    private byte* _start;
    private int _written;
    private int _capacity;

    internal ArenaBufferWriter(BumpArena arena, int initialCapacity)
    {
        if (initialCapacity < 0)
        {
            ThrowHelper.ThrowNegativeLength(nameof(initialCapacity), initialCapacity);
        }

        _arena = arena;
        _generation = arena.Generation;
        _start = (byte*)arena.Buffer.AllocPtr(initialCapacity, 1);
        _capacity = initialCapacity;
    }

    /// <summary>How many bytes have been written.</summary>
    public int WrittenCount => _written;

    /// <summary>How many bytes can be written before the writer grows.</summary>
    public int FreeCapacity => _capacity - _written;

    /// <summary>The bytes written so far.</summary>
    /// <exception cref="ObjectDisposedException">The arena has been reset since the writer was made.</exception>
    public ReadOnlySpan<byte> WrittenSpan
    {
        get
        {
            _arena.ThrowIfStale(_generation);
            return new ReadOnlySpan<byte>(_start, _written);
        }
    }

    /// <summary>The bytes written so far, valid across <c>await</c> until the arena is reset.</summary>
    /// <exception cref="ObjectDisposedException">The arena has been reset since the writer was made.</exception>
    public ReadOnlyMemory<byte> WrittenMemory
    {
        get
        {
            // Stryker disable once Statement : MemoryManager<T>.Memory reads GetSpan's length, and GetSpan makes the same check with the same exception
            _arena.ThrowIfStale(_generation);
            return new ArenaMemoryManager<byte>(_arena, _generation, _start, _written).Memory;
        }
    }

    /// <summary>Marks <paramref name="count"/> more bytes of the last <see cref="GetSpan"/> or <see cref="GetMemory"/> as written.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative or more than the free room.</exception>
    public void Advance(int count)
    {
        _arena.ThrowIfStale(_generation);
        if ((uint)count > (uint)(_capacity - _written))
        {
            ThrowHelper.ThrowAdvancePastEnd(count, _capacity - _written);
        }

        _written += count;
    }

    /// <summary>Free room of at least <paramref name="sizeHint"/> bytes (at least one), as memory valid across <c>await</c>.</summary>
    /// <exception cref="BufferFullException">Growing would take the arena past its limit; the writer is unchanged.</exception>
    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return new ArenaMemoryManager<byte>(_arena, _generation, _start + _written, _capacity - _written).Memory;
    }

    /// <summary>Free room of at least <paramref name="sizeHint"/> bytes (at least one).</summary>
    /// <exception cref="BufferFullException">Growing would take the arena past its limit; the writer is unchanged.</exception>
    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return new Span<byte>(_start + _written, _capacity - _written);
    }

    /// <summary>Forgets what was written, keeping the room.</summary>
    public void Clear()
    {
        _arena.ThrowIfStale(_generation);
        _written = 0;
    }

    private void Ensure(int sizeHint)
    {
        _arena.ThrowIfStale(_generation);
        if (sizeHint < 0)
        {
            ThrowHelper.ThrowNegativeLength(nameof(sizeHint), sizeHint);
        }

        int want = Math.Max(sizeHint, 1);
        if (want <= _capacity - _written)
        {
            return;
        }

        long needed = (long)_written + want;
        int doubled = Growth.NextCapacity(_capacity, needed);
        if (doubled < 0)
        {
            ThrowHelper.ThrowWriterTooLarge(needed, Array.MaxLength);
        }

        // In place while the writer is the last allocation: doubling if the block has room for it,
        // otherwise just what is needed (when that is the doubling, the second try fails as the first did).
        BumpBuffer buffer = _arena.Buffer;
        int capacity = buffer.TryResizeLast((nuint)_start, (nuint)_capacity, (nuint)doubled) ? doubled
            : buffer.TryResizeLast((nuint)_start, (nuint)_capacity, (nuint)needed) ? (int)needed
            : 0;
        if (capacity == 0)
        {
            // A new block: doubling, but never past what the arena's limit leaves: then all the room
            // there is if the need fits in it, else just the need, so a writer is refused only when its
            // need does not fit, and the refusal names that need.
            long room = _arena.MaxCapacity - _arena.Capacity;
            capacity = (int)Math.Min(doubled, Math.Max(room, needed));
            _start = (byte*)buffer.GrowBlock(_start, (nuint)_written, (nuint)_capacity, (nuint)capacity, 0);
        }

        _capacity = capacity;
    }
}
