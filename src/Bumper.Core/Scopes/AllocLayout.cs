using System.Runtime.CompilerServices;
using Bumper.Internal;

namespace Bumper;

/// <summary>
/// A size and an alignment checked once, to allocate many times without checking them again:
/// <see cref="BumpCursor.AllocPtr(AllocLayout)"/> goes straight to the bump. The counterpart of
/// Rust's <c>std::alloc::Layout</c>, which bumpalo's <c>alloc_layout</c> takes.
/// </summary>
/// <remarks>
/// <c>default(AllocLayout)</c> is zero bytes aligned to 1, a valid layout.
/// </remarks>
/// <example>
/// <code>
/// var node = new AllocLayout(48, 16);          // checked here, once
/// using var scope = buffer.NoEscape();
/// var cursor = scope.Cursor();
/// for (int i = 0; i &lt; n; i++)
/// {
///     byte* p = (byte*)cursor.AllocPtr(node); // no argument checks in the loop
/// }
/// </code>
/// </example>
public readonly struct AllocLayout : IEquatable<AllocLayout>
{
    // The mask, not the alignment, so that default(AllocLayout) means alignment 1.
    private readonly nuint _byteCount;
    private readonly nuint _alignMask;

    /// <summary>Checks and records <paramref name="byteCount"/> bytes aligned to <paramref name="alignment"/>.</summary>
    /// <param name="byteCount">Zero or more bytes.</param>
    /// <param name="alignment">A power of two from 1 to <see cref="BumpBuffer.MaxAlignment"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="byteCount"/> is negative, or <paramref name="alignment"/> is not positive.</exception>
    /// <exception cref="ArgumentException"><paramref name="alignment"/> is not a power of two or exceeds <see cref="BumpBuffer.MaxAlignment"/>.</exception>
    public AllocLayout(nint byteCount, int alignment)
    {
        if (byteCount < 0)
        {
            ThrowHelper.ThrowNegativeByteCount(byteCount);
        }

        _byteCount = (nuint)byteCount;
        _alignMask = Views.AlignMaskOf(alignment);
    }

    /// <summary>The number of bytes.</summary>
    public nint ByteCount => (nint)_byteCount;

    /// <summary>The alignment: a power of two from 1 to <see cref="BumpBuffer.MaxAlignment"/>.</summary>
    public int Alignment => (int)_alignMask + 1;

    internal nuint Bytes
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _byteCount;
    }

    internal nuint AlignMask
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _alignMask;
    }

    /// <summary>The layout of <paramref name="length"/> elements of <typeparamref name="T"/>, aligned as <c>Alloc&lt;T&gt;</c> aligns them.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative.</exception>
    public static AllocLayout For<T>(int length)
        where T : unmanaged => new((nint)Views.SpanByteCount<T>(length), Views.Alignment<T>());

    /// <summary>Whether both layouts have the same size and alignment.</summary>
    public bool Equals(AllocLayout other) => _byteCount == other._byteCount && _alignMask == other._alignMask;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is AllocLayout other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(_byteCount, _alignMask);

    /// <summary>Whether both layouts have the same size and alignment.</summary>
    public static bool operator ==(AllocLayout left, AllocLayout right) => left.Equals(right);

    /// <summary>Whether the layouts differ in size or alignment.</summary>
    public static bool operator !=(AllocLayout left, AllocLayout right) => !left.Equals(right);

    /// <summary>Shows the layout, e.g. <c>AllocLayout(48 B, align 16)</c>.</summary>
    public override string ToString() => $"AllocLayout({ByteCount} B, align {Alignment})";
}
