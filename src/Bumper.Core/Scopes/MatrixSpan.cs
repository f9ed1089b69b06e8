// Invariants: _reference is the first of Rows * Columns contiguous, row-major elements of T inside a
// block the buffer never moves (pinned or native memory), valid until the scope or checkpoint it was
// allocated under is released; Rows >= 0, Columns >= 0, and Rows * Columns * sizeof(T) was
// overflow-checked when the block was allocated, so no index arithmetic below can wrap.
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Bumper.Internal;

namespace Bumper;

/// <summary>
/// A row-major matrix over one contiguous block: what <c>scope.Alloc&lt;T&gt;(rows, columns)</c> returns.
/// Bumper.jl: the 2-D <c>PtrArray</c> of <c>@alloc(T, n, m)</c>.
/// </summary>
/// <remarks>
/// Indexing <c>m[i, j]</c> is one bounds check per index and a multiply-add, within a few percent of
/// indexing a flat span by hand; <see cref="TensorSpan{T}"/>'s general N-d indexer walks its strides
/// for every access (docs/benchmarks.md compares the two), which is why the 2-D case has its own view.
/// It converts implicitly to a <see cref="TensorSpan{T}"/> for <see cref="TensorPrimitives"/> and N-d code.
/// </remarks>
/// <typeparam name="T">The element type.</typeparam>
public readonly ref struct MatrixSpan<T>
    where T : unmanaged
{
    private readonly ref T _reference;

    internal MatrixSpan(ref T reference, nint rows, nint columns)
    {
        _reference = ref reference;
        Rows = rows;
        Columns = columns;
    }

    /// <summary>The number of rows.</summary>
    public nint Rows { get; }

    /// <summary>The number of columns (the length of each row).</summary>
    public nint Columns { get; }

    /// <summary>Rows x columns: the number of elements.</summary>
    public nint FlattenedLength => Rows * Columns;

    /// <summary>Whether the matrix has no elements.</summary>
    public bool IsEmpty => Rows == 0 || Columns == 0;

    /// <summary>The element in row <paramref name="row"/>, column <paramref name="column"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An index is negative or not below its length.</exception>
    public ref T this[nint row, nint column]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            if ((nuint)row >= (nuint)Rows || (nuint)column >= (nuint)Columns)
            {
                ThrowHelper.ThrowIndexOutOfRange(row, column, Rows, Columns);
            }

            return ref Unsafe.Add(ref _reference, (row * Columns) + column);
        }
    }

    /// <summary>Row <paramref name="row"/> as a span.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="row"/> is out of range, or a row is longer than a span can be.</exception>
    public Span<T> GetRow(nint row)
    {
        if ((nuint)row >= (nuint)Rows)
        {
            ThrowHelper.ThrowRowOutOfRange(nameof(row), row, Rows);
        }

        if (Columns > int.MaxValue)
        {
            ThrowHelper.ThrowRowTooLong(nameof(row), row, Columns);
        }

        return MemoryMarshal.CreateSpan(ref Unsafe.Add(ref _reference, row * Columns), (int)Columns);
    }

    /// <summary>All elements, row after row, as one span.</summary>
    /// <exception cref="InvalidOperationException">The matrix has more elements than a span can hold.</exception>
    public Span<T> AsSpan()
    {
        nint length = FlattenedLength;
        if (length > int.MaxValue)
        {
            ThrowHelper.ThrowMatrixTooLarge(Rows, Columns);
        }

        return MemoryMarshal.CreateSpan(ref _reference, (int)length);
    }

    /// <summary>Fills every element with <paramref name="value"/>.</summary>
    public void Fill(T value)
    {
        for (nint row = 0; row < Rows; row++)
        {
            GetRow(row).Fill(value);
        }
    }

    /// <summary>The same elements as a rank-2 <see cref="TensorSpan{T}"/>.</summary>
    public unsafe TensorSpan<T> AsTensorSpan() =>
        new((T*)Unsafe.AsPointer(ref _reference), FlattenedLength, [Rows, Columns], []);

    /// <summary>The same elements as a rank-2 <see cref="TensorSpan{T}"/>.</summary>
    /// <param name="matrix">The matrix to view.</param>
    public static implicit operator TensorSpan<T>(MatrixSpan<T> matrix) => matrix.AsTensorSpan();
}
