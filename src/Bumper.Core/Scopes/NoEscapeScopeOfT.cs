using System.Diagnostics.CodeAnalysis;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using Bumper.Internal;

namespace Bumper;

/// <summary>
/// A no-escape block on a custom <see cref="IBumpAllocator"/>: the same contract as
/// <see cref="NoEscapeScope"/> (Bumper.jl's <c>@no_escape</c> on your own allocator type), built from
/// the allocator's <c>Save</c>, <c>AllocPtr</c> and <c>Restore</c>.
/// </summary>
/// <typeparam name="TAllocator">The allocator; a sealed class lets the JIT call it directly.</typeparam>
public readonly ref struct NoEscapeScope<TAllocator>
    where TAllocator : class, IBumpAllocator
{
    private readonly TAllocator _allocator;
    private readonly Checkpoint _checkpoint;

    internal NoEscapeScope(TAllocator allocator)
    {
        ArgumentNullException.ThrowIfNull(allocator);
        _allocator = allocator;
        _checkpoint = allocator.Save();
    }

    /// <summary>The allocator this scope allocates from.</summary>
    public TAllocator Allocator => _allocator;

    /// <summary>Allocates an uninitialised span that lives until the scope ends. Bumper.jl: <c>@alloc(T, n)</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative.</exception>
    [UnscopedRef]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public unsafe Span<T> Alloc<T>(int length)
        where T : unmanaged
    {
        nint bytes = (nint)Views.SpanByteCount<T>(length);
        return new Span<T>(_allocator.AllocPtr(bytes, Views.Alignment<T>()), length);
    }

    /// <summary>Allocates an uninitialised row-major <paramref name="rows"/> x <paramref name="columns"/> matrix that lives until the scope ends. Bumper.jl: <c>@alloc(T, n, m)</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A length is negative or the size overflows.</exception>
    [UnscopedRef]
    public unsafe MatrixSpan<T> Alloc<T>(nint rows, nint columns)
        where T : unmanaged
    {
        nuint bytes = Views.TensorByteCount<T>([rows, columns], out _);
        return Views.Matrix<T>(_allocator.AllocPtr((nint)bytes, Views.Alignment<T>()), rows, columns);
    }

    /// <summary>Allocates an uninitialised row-major tensor that lives until the scope ends. Bumper.jl: <c>@alloc(T, n...)</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A length is negative or the size overflows.</exception>
    [UnscopedRef]
    public unsafe TensorSpan<T> Alloc<T>(params scoped ReadOnlySpan<nint> lengths)
        where T : unmanaged
    {
        nuint bytes = Views.TensorByteCount<T>(lengths, out nint elements);
        return Views.Tensor<T>(_allocator.AllocPtr((nint)bytes, Views.Alignment<T>()), elements, lengths);
    }

    /// <summary>Allocates raw bytes that live until the scope ends. Bumper.jl: <c>@alloc_ptr(n)</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="byteCount"/> is negative, or <paramref name="alignment"/> is not positive.</exception>
    /// <exception cref="ArgumentException"><paramref name="alignment"/> is not a power of two or exceeds 4096.</exception>
    public unsafe void* AllocPtr(nint byteCount, int alignment = BumpBuffer.DefaultAlignment)
    {
        if (byteCount < 0)
        {
            ThrowHelper.ThrowNegativeByteCount(byteCount);
        }

        _ = Views.AlignMaskOf(alignment);
        return _allocator.AllocPtr(byteCount, alignment);
    }

    /// <summary>Ends the scope: the allocator is restored to the checkpoint saved when it opened.</summary>
    public void Dispose() => _allocator?.Restore(_checkpoint);
}
