// Invariants: [_start, _start + _length) holds the text written so far and up to
// _start + _capacity is free room, one block of the buffer's memory. Growing keeps the text
// contiguous: in place while the block is the buffer's last allocation, otherwise in a new block
// twice the size. A mutable struct: its owner (a handler the compiler keeps in one local) calls it
// in place.
namespace Bumper.Internal;

/// <summary>A growing block of text units (chars or UTF-8 bytes) in a buffer's memory.</summary>
internal unsafe struct TextBlock<T>
    where T : unmanaged
{
    private readonly BumpBuffer _buffer;
    private T* _start;
    private int _length;
    private int _capacity;

    public TextBlock(BumpBuffer buffer, int initialCapacity)
    {
        _buffer = buffer;
        _capacity = Math.Max(initialCapacity, 0);
        _start = (T*)buffer.Bump((nuint)_capacity * (nuint)sizeof(T), Views.AlignMask<T>());
    }

    public readonly int Length => _length;

    public readonly int Capacity => _capacity;

    public readonly ReadOnlySpan<T> Written => new(_start, _length);

    /// <summary>The free room, at least <paramref name="atLeast"/> long.</summary>
    public Span<T> Room(int atLeast)
    {
        if (atLeast > _capacity - _length)
        {
            GrowFor(atLeast);
        }

        return new Span<T>(_start + _length, _capacity - _length);
    }

    public void Advance(int count) => _length += count;

    /// <summary>Pads the text written since <paramref name="start"/> to <paramref name="alignment"/> units: right-aligned when positive, left when negative.</summary>
    public void Pad(int start, int alignment, T fill)
    {
        int width = Math.Abs(alignment);
        int written = _length - start;
        if (written >= width)
        {
            return;
        }

        int padding = width - written;
        Room(padding);
        var text = new Span<T>(_start + start, width);
        if (alignment > 0)
        {
            text[..written].CopyTo(text[padding..]);
            text[..padding].Fill(fill);
        }
        else
        {
            text[written..].Fill(fill);
        }

        _length += padding;
    }

    /// <summary>Grows so that at least <paramref name="more"/> units fit past the text.</summary>
    public void GrowFor(int more)
    {
        long needed = (long)_length + more;
        if (needed > Array.MaxLength)
        {
            ThrowHelper.ThrowFormatTooLong(needed, Array.MaxLength);
        }

        int capacity = (int)Math.Min(Array.MaxLength, Math.Max(needed, (long)_capacity * 2));
        _start = (T*)_buffer.GrowBlock(
            _start, (nuint)_length * (nuint)sizeof(T), (nuint)_capacity * (nuint)sizeof(T), (nuint)capacity * (nuint)sizeof(T), Views.AlignMask<T>());
        _capacity = capacity;
    }
}
