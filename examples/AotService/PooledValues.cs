using System.Buffers;
using System.Runtime.CompilerServices;
using Bumper;

namespace AotService;

/// <summary>
/// The values of <c>POST /stats</c> in a <c>double[]</c> rented from an <see cref="ArrayPool{T}"/> (the service
/// passes <see cref="ArrayPool{T}.Shared"/>), as a careful author without an arena keeps them: grown by renting a
/// larger array, copying, and returning the smaller one; capped at the same per-request byte limit as the arena;
/// returned by <see cref="Dispose"/>.
/// </summary>
/// <remarks>
/// Invariants: <c>_count &lt;= _capacity &lt;= _maxCount</c> and <c>_capacity &lt;= _array.Length</c>; the pool may
/// hand out a longer array than asked for, but no more than <c>_maxCount</c> values are ever stored, so the values'
/// bytes never pass the limit. After <see cref="Dispose"/> the array belongs to the pool again and this object
/// must not be used: nothing checks that (the arena would).
/// </remarks>
internal sealed class PooledValues : INumberSink, IDisposable
{
    private readonly ArrayPool<double> _pool;
    private readonly long _limitBytes;
    private readonly int _maxCount;
    private double[] _array;
    private int _capacity;
    private int _count;

    /// <summary>Rents room for <paramref name="initialCount"/> values from <paramref name="pool"/>, to hold at most <paramref name="limitBytes"/> bytes of them.</summary>
    public PooledValues(ArrayPool<double> pool, int initialCount, long limitBytes)
    {
        _pool = pool;
        _limitBytes = limitBytes;
        _maxCount = (int)Math.Min(limitBytes / sizeof(double), Array.MaxLength);
        _array = pool.Rent(initialCount);
        _capacity = Math.Min(_array.Length, _maxCount);
    }

    /// <summary>How many values have been added.</summary>
    public int Count => _count;

    /// <summary>The values so far, in the rented array (sorted in place there by the caller).</summary>
    public Span<double> Span => _array.AsSpan(0, _count);

    /// <inheritdoc />
    /// <exception cref="BufferFullException">
    /// The value would take the values past the limit: <see cref="BufferFullException.Requested"/> is its 8 bytes,
    /// <see cref="BufferFullException.Used"/> the values' bytes so far.
    /// </exception>
    public void Add(double value)
    {
        if (_count == _capacity)
        {
            Grow();
        }

        _array[_count++] = value;
    }

    /// <summary>Returns the array to the pool.</summary>
    public void Dispose()
    {
        double[] array = _array;
        _array = [];
        _capacity = _count = 0;
        if (array.Length > 0)
        {
            _pool.Return(array);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Grow()
    {
        if (_count >= _maxCount)
        {
            throw new BufferFullException(sizeof(double), (long)_count * sizeof(double), _limitBytes);
        }

        // The larger array first, and the smaller one returned only once the copy is done: nothing that can
        // fail comes after the return.
        double[] larger = _pool.Rent((int)Math.Min(2L * _array.Length, _maxCount));
        _array.AsSpan(0, _count).CopyTo(larger);
        _pool.Return(_array);
        _array = larger;
        _capacity = Math.Min(larger.Length, _maxCount);
    }
}
