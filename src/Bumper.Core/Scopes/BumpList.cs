// Invariants: [_items, _items + _capacity) is one block of the buffer's memory, allocated after the
// scope the list belongs to opened; [_items, _items + _count) holds the list's elements. Growing
// keeps the elements: in place while the block is the buffer's last allocation (TryResizeLast),
// otherwise in a new block twice the size; the old block is released with the scope. A failed
// growth (BufferFullException) happens before any change, so the list stays as it was.
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Bumper.Internal;

namespace Bumper;

/// <summary>
/// A growable list in arena memory: bumpalo's <c>Vec</c> and bump-scope's <c>BumpVec</c> for C#. Get one
/// from <see cref="NoEscapeScope.List{T}(int)"/>; it lives, like everything allocated through the
/// scope, until the scope ends, and the compiler ties it and its spans to the scope variable.
/// </summary>
/// <remarks>
/// <para>
/// Growing extends the block in place while it is the buffer's last allocation (the common case: one
/// list being filled), otherwise it moves to a block twice the size. Several lists filled in turn
/// work; each move leaves the old block behind until the scope ends.
/// </para>
/// <para>
/// Grow it only while its scope is the innermost one, as for any allocation through a scope: a block
/// grown while an inner scope is open is released when that scope ends (checked mode throws instead).
/// It is a mutable struct: keep it in one local and pass it by <c>ref</c>. Spans from
/// <see cref="AsSpan"/> and references from the indexer are valid until the next <see cref="Add"/>
/// or <see cref="AddRange"/> (a move copies the elements elsewhere), as with <c>List&lt;T&gt;</c>'s
/// <c>CollectionsMarshal.AsSpan</c>.
/// </para>
/// </remarks>
/// <typeparam name="T">The element type.</typeparam>
/// <example>
/// <code>
/// using var scope = Bump.NoEscape();
/// var evens = scope.List&lt;int&gt;();
/// foreach (int x in input)
/// {
///     if (x % 2 == 0) evens.Add(x);
/// }
/// int sum = 0;
/// foreach (int e in evens.AsSpan()) sum += e;
/// </code>
/// </example>
public unsafe ref struct BumpList<T>
    where T : unmanaged
{
    private readonly BumpBuffer? _buffer;
    private readonly int _serial;
    private T* _items;
    private int _count;
    private int _capacity;

    internal BumpList(BumpBuffer buffer, int serial, int initialCapacity)
    {
        _buffer = buffer;
        _serial = serial;
        _items = (T*)buffer.Bump(Views.SpanByteCount<T>(initialCapacity), Views.AlignMask<T>());
        _capacity = initialCapacity;
    }

    /// <summary>How many elements the list holds.</summary>
    public readonly int Count => _count;

    /// <summary>How many elements fit before the list grows.</summary>
    public readonly int Capacity => _capacity;

    /// <summary>The element at <paramref name="index"/>, by reference.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is negative or not below <see cref="Count"/>.</exception>
    [UnscopedRef]
    public ref T this[int index]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            if ((uint)index >= (uint)_count)
            {
                ThrowHelper.ThrowListIndex(index, _count);
            }

            return ref _items[index];
        }
    }

    /// <summary>Appends <paramref name="item"/>, growing the list if it is full.</summary>
    /// <exception cref="BufferFullException">An <see cref="AllocBuffer"/> has no room to grow; the list is unchanged and still usable.</exception>
    /// <exception cref="InvalidOperationException">The list is <c>default</c>, or full at <see cref="Array.MaxLength"/> elements.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(T item)
    {
        if (_count == _capacity)
        {
            Grow(1);
        }

        _items[_count++] = item;
    }

    /// <summary>Appends every element of <paramref name="items"/>, growing once if needed.</summary>
    /// <exception cref="BufferFullException">An <see cref="AllocBuffer"/> has no room to grow; the list is unchanged and still usable.</exception>
    /// <exception cref="InvalidOperationException">The list is <c>default</c>, or would pass <see cref="Array.MaxLength"/> elements.</exception>
    public void AddRange(scoped ReadOnlySpan<T> items)
    {
        if (items.Length > _capacity - _count)
        {
            Grow(items.Length);
        }

        items.CopyTo(new Span<T>(_items + _count, _capacity - _count));
        _count += items.Length;
    }

    /// <summary>The elements, valid until the list next grows.</summary>
    [UnscopedRef]
    public readonly Span<T> AsSpan() => new(_items, _count);

    /// <summary>Forgets the elements, keeping the room (the memory is released with the scope).</summary>
    public void Clear() => _count = 0;

    /// <summary>Makes room for <paramref name="more"/> elements past <see cref="Count"/>; changes nothing when it throws.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Grow(int more)
    {
        BumpBuffer? buffer = _buffer;
        if (buffer is null)
        {
            ThrowHelper.ThrowDefaultList();
        }

        // Growing allocates through the list's scope: in checked mode, only while it is the innermost
        // one (an inner scope's end would release a block grown in place under it).
        if (_serial != 0)
        {
            buffer.CheckScopeUse(_serial);
        }

        long needed = (long)_count + more;
        int capacity = Growth.NextCapacity(_capacity, needed, minimum: 4);
        if (capacity < 0)
        {
            ThrowHelper.ThrowListTooLong(needed, Array.MaxLength);
        }

        _items = (T*)buffer.GrowBlock(
            _items, (nuint)_count * (nuint)sizeof(T), (nuint)_capacity * (nuint)sizeof(T), (nuint)capacity * (nuint)sizeof(T), Views.AlignMask<T>());
        _capacity = capacity;
    }
}
