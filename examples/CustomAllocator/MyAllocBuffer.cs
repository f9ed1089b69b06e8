// A custom allocator, the example of README's "Creating your own allocator types" and of
// IBumpAllocator's documentation. This file is the one copy: the test project and the benchmarks
// compile it (<Compile Include=... Link=...>), so the example that readers copy is the one that is
// tested.
//
// Invariants: 0 <= _offset <= _buf.Length, and every byte in [Base, Base + _offset) belongs to a live
// allocation or to alignment padding. The array is pinned, so Base stays valid for the buffer's life.
using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Bumper.Examples;

/// <summary>
/// A bump allocator over one pinned byte array: Bumper.jl's "Creating your own allocator types"
/// example, as an <see cref="IBumpAllocator"/>. <c>buf.NoEscape()</c> gives it Bumper's scopes.
/// </summary>
/// <remarks>
/// Alignment rounds the <em>address</em> up, not the offset: a pinned array's data starts only 8-byte
/// aligned, so an aligned offset would not give an aligned pointer. A buffer of size 0 works: every
/// non-empty request throws <see cref="BufferFullException"/>, a zero-length one returns an aligned
/// address that must not be written.
/// </remarks>
public sealed unsafe class MyAllocBuffer : IBumpAllocator
{
    private readonly byte[] _buf;
    private nuint _offset;

    /// <summary>Creates a buffer of <paramref name="size"/> bytes (0 is allowed).</summary>
    public MyAllocBuffer(int size)
    {
        _buf = GC.AllocateArray<byte>(size, pinned: true);
        // GetArrayDataReference, not ref _buf[0]: the array may be empty.
        Base = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_buf));
    }

    /// <summary>The address of the first byte of the buffer.</summary>
    public byte* Base { get; }

    /// <summary>Bytes in use, alignment padding included.</summary>
    public nuint Offset => _offset;

    /// <inheritdoc/>
    public void* AllocPtr(nint byteCount, int alignment)
    {
        // The scope has checked both: byteCount >= 0, alignment a power of two up to 4096.
        Debug.Assert(byteCount >= 0 && alignment > 0 && BitOperations.IsPow2(alignment));
        nuint mask = (nuint)alignment - 1;
        nuint start = (((nuint)Base + _offset + mask) & ~mask) - (nuint)Base;
        nuint capacity = (nuint)_buf.Length;
        // Compared against the remaining space, so that no sum can wrap.
        if (start > capacity || (nuint)byteCount > capacity - start)
        {
            return byteCount == 0 ? Base + start : ThrowFull(byteCount, start - _offset);
        }

        _offset = start + (nuint)byteCount;
        return Base + start;
    }

    /// <inheritdoc/>
    public Checkpoint Save() => new(_offset);

    /// <inheritdoc/>
    public void Restore(Checkpoint checkpoint) => _offset = checkpoint.Position;

    /// <inheritdoc/>
    public void Reset() => _offset = 0;

    private void* ThrowFull(nint byteCount, nuint padding) =>
        throw new BufferFullException((long)Math.Min((ulong)byteCount + padding, long.MaxValue), (long)_offset, _buf.Length);
}
