// Invariants: [_start, _start + _length) holds the text written so far and
// [_start + _length, _start + _capacity) is free room, one block of the buffer's memory; so
// 0 <= _length <= _capacity. Writers fill the room in place (Free, then Advance by what they wrote)
// and call GrowFor only when it is too small. Growing keeps the text contiguous: in place while the
// block is the buffer's last allocation, otherwise in a new block twice the size. A mutable struct:
// its owner (a handler the compiler keeps in one local) calls it in place.
using System.Diagnostics;
using System.Runtime.CompilerServices;

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

    /// <summary>The free room past the text, as it is: a writer that finds it too small calls <see cref="GrowFor"/>.</summary>
    public readonly Span<T> Free
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => new(_start + _length, _capacity - _length);
    }

    /// <summary>The free room, at least <paramref name="atLeast"/> long.</summary>
    public Span<T> Room(long atLeast)
    {
        if (atLeast > _capacity - _length)
        {
            GrowFor(atLeast);
        }

        return Free;
    }

    /// <summary>Takes <paramref name="count"/> units just written into <see cref="Free"/> into the text.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Advance(int count)
    {
        Debug.Assert((uint)count <= (uint)(_capacity - _length), "a writer advances by no more than the room it was given");
        _length += count;
    }

    /// <summary>Pads the text written since <paramref name="start"/> to <paramref name="alignment"/> units: right-aligned when positive, left when negative.</summary>
    public void Pad(int start, int alignment, T fill)
    {
        // In long: the width of int.MinValue does not fit an int.
        long width = Math.Abs((long)alignment);
        int written = _length - start;
        // Stryker disable once Equality : a text exactly as wide pads by nothing either way
        if (written >= width)
        {
            return;
        }

        // Room refuses a text past Array.MaxLength, so once it returns the padding fits an int.
        Room(width - written);
        int padding = (int)(width - written);
        var text = new Span<T>(_start + start, (int)width);
        // Stryker disable once Equality : an alignment of 0 never gets here (its width 0 returned above)
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
    [MethodImpl(MethodImplOptions.NoInlining)]
    public void GrowFor(long more)
    {
        long needed = _length + more;
        int capacity = Growth.NextCapacity(_capacity, needed);
        if (capacity < 0)
        {
            ThrowHelper.ThrowFormatTooLong(needed, Array.MaxLength);
        }

        _start = (T*)_buffer.GrowBlock(
            _start, (nuint)_length * (nuint)sizeof(T), (nuint)_capacity * (nuint)sizeof(T), (nuint)capacity * (nuint)sizeof(T), Views.AlignMask<T>());
        _capacity = capacity;
    }
}
