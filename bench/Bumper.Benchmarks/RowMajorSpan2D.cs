using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Bumper.Benchmarks;

/// <summary>
/// Bench-only prototype of a 2-D view the library could return next to TensorSpan: a ref to the first
/// element plus two lengths, with one combined bounds check per access (workload 5's proposal).
/// </summary>
internal readonly ref struct RowMajorSpan2D<T>
{
    private readonly ref T _first;
    private readonly int _rows;
    private readonly int _columns;

    public RowMajorSpan2D(Span<T> memory, int rows, int columns)
    {
        // checked: rows * columns must not wrap before it is compared with the span's length.
        if (rows < 0 || columns < 0 || checked(rows * columns) > memory.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(memory));
        }

        _first = ref MemoryMarshal.GetReference(memory);
        _rows = rows;
        _columns = columns;
    }

    public ref T this[int row, int column]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            // Unsigned compares fold the "< 0" checks into the upper-bound ones.
            if ((uint)row >= (uint)_rows || (uint)column >= (uint)_columns)
            {
                ThrowIndexOutOfRange();
            }

            return ref Unsafe.Add(ref _first, (nint)(uint)row * _columns + column);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowIndexOutOfRange() => throw new ArgumentOutOfRangeException("index", "Row or column outside the matrix.");
}
