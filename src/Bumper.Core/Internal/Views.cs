// Invariants: every pointer handed to these methods addresses at least the byte count that
// TensorByteCount (or length * sizeof(T)) computed for the same arguments, aligned by AlignMask<T>.
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace Bumper.Internal;

/// <summary>Size arithmetic and the span and tensor views over freshly bumped memory.</summary>
internal static unsafe class Views
{
    /// <summary>
    /// Alignment - 1 for <typeparamref name="T"/>: the largest power of two that divides sizeof(T),
    /// up to 64. A struct's natural alignment always divides its size, so this is at least that.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static nuint AlignMask<T>()
        where T : unmanaged
    {
        int size = sizeof(T);
        int align = size & -size;
        return (nuint)(Math.Min(align, Limits.BlockAlignment) - 1);
    }

    /// <summary>
    /// Alignment - 1 for a run-time <paramref name="alignment"/>, which must be a power of two from 1 to
    /// <see cref="Limits.MaxAlignment"/>; otherwise throws. One test covers every case: the mask must
    /// share no bit with the alignment (a power of two, or zero wrapping to all ones) and must be
    /// below the maximum.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static nuint AlignMaskOf(int alignment)
    {
        uint mask = (uint)alignment - 1;
        if ((mask & ((uint)alignment | ~(uint)(Limits.MaxAlignment - 1))) != 0)
        {
            ThrowHelper.ThrowInvalidAlignment(alignment);
        }

        return mask;
    }

    /// <summary>Bytes for <paramref name="length"/> elements of <typeparamref name="T"/>; a negative length throws.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static nuint SpanByteCount<T>(int length)
        where T : unmanaged
    {
        if (length < 0)
        {
            ThrowHelper.ThrowNegativeLength(nameof(length), length);
        }

        // (uint)length * sizeof(T) < 2^32 * 2^31: cannot wrap a 64-bit nuint.
        return (nuint)(uint)length * (nuint)sizeof(T);
    }

    /// <summary>The alignment <see cref="AlignMask{T}"/> stands for.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Alignment<T>()
        where T : unmanaged => (int)AlignMask<T>() + 1;

    /// <summary>Bytes for a tensor of <paramref name="lengths"/>, overflow-checked.</summary>
    public static nuint TensorByteCount<T>(scoped ReadOnlySpan<nint> lengths, out nint elements)
        where T : unmanaged
    {
        nint count = 1;
        bool overflow = false;
        for (int i = 0; i < lengths.Length; i++)
        {
            nint length = lengths[i];
            if (length < 0)
            {
                ThrowHelper.ThrowNegativeTensorLength(i, length);
            }

            if (!overflow && count != 0 && length > nint.MaxValue / count)
            {
                overflow = true;
            }

            // Stryker disable once Conditional : once overflow is flagged the product is never used (the method returns 0 for a zero length or throws)
            count = overflow ? count : count * length;
        }

        // A zero length anywhere makes the product zero, whatever the other lengths are.
        // Stryker disable once Equality : a zero first length makes count 0 before any other is tested, so nothing overflows and the result below is 0 too
        if (lengths.IndexOf(0) >= 0)
        {
            elements = 0;
            return 0;
        }

        if (overflow || count > nint.MaxValue / sizeof(T))
        {
            ThrowHelper.ThrowTensorSizeOverflow(lengths, typeof(T).Name, sizeof(T));
        }

        elements = count;
        return (nuint)(count * sizeof(T));
    }

    /// <summary>A row-major matrix view.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static MatrixSpan<T> Matrix<T>(void* p, nint rows, nint columns)
        where T : unmanaged => new(ref *(T*)p, rows, columns);

    /// <summary>A row-major tensor view; a rank-zero request is viewed as one element of rank one.</summary>
    public static TensorSpan<T> Tensor<T>(void* p, nint elements, scoped ReadOnlySpan<nint> lengths)
        where T : unmanaged
    {
        if (lengths.IsEmpty)
        {
            return new TensorSpan<T>((T*)p, elements, [1], []);
        }

        return new TensorSpan<T>((T*)p, elements, lengths, []);
    }
}
